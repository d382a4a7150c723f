// Symbolic analysis and solving (the input solved from the model): the 50 largest model fixtures (all there are, when
// fewer) with their input
// comment removed, each analysed warm — followed with its free sizes, its constraints solved, the input chosen and
// the model followed again with it. The same text is analysed again and again, so what the analysis remembers by
// content (engine evaluations, cost fits, solved inputs: docs/ARCHITECTURE.md) is reused, as in the editor's
// re-analysis of an unchanged model. Target: each under 20 ms warm.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeText, initParsers } from '../src/analysis';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => Math.round(x * 100) / 100;
/** CPU time of this process in ms (wall time on a busy machine also counts other processes). */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Python model fixtures under `dir` (recursively), largest first. */
function fixtures(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...fixtures(p));
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
}

export async function symbolicBench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const root = path.resolve(__dirname, '..', '..');
  const dir = path.join(root, 'dist', 'tree-sitter');
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(dir, file))));
  const files = fixtures(path.join(root, 'test', 'fixtures', 'models')).slice(0, 50);
  const options = { strict: false };
  const times: { file: string; ms: number; cpu: number; inferred: number }[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8').split('\n').filter((l) => !/^#\s*input\s*:/.test(l)).join('\n');
    for (let i = 0; i < 3; i++) analyzeText(text, 'python', options); // warm
    const runs: number[] = [];
    const cpu: number[] = [];
    let inferred = 0;
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      const c0 = cpuMs();
      const a = analyzeText(text, 'python', options);
      cpu.push(cpuMs() - c0);
      runs.push(performance.now() - t0);
      inferred = a.models.filter((m) => m.inputSource === 'inferred').length;
    }
    times.push({ file: path.relative(root, file), ms: median(runs), cpu: median(cpu), inferred });
  }
  const slowest = [...times].sort((a, b) => b.cpu - a.cpu);
  const over = times.filter((t) => t.cpu >= 20).length;
  log(`symbolic: ${times.length} largest model fixtures without their input comment, ${times.reduce((s, t) => s + t.inferred, 0)} models ` +
    `with an inferred input: median ${ms(median(times.map((t) => t.ms)))} ms wall, ${ms(median(times.map((t) => t.cpu)))} ms CPU; ` +
    `slowest ${ms(slowest[0]?.cpu ?? 0)} ms CPU (${slowest[0]?.file}); ${over} at or over the 20 ms target (CPU; load average ` +
    `${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
  for (const t of slowest.slice(0, 5)) log(`  ${t.file}: ${ms(t.cpu)} ms CPU, ${ms(t.ms)} ms wall`);
  return {
    symbolic_fixtures: times.length, symbolic_median_ms: ms(median(times.map((t) => t.ms))),
    symbolic_median_cpu_ms: ms(median(times.map((t) => t.cpu))), symbolic_max_cpu_ms: ms(slowest[0]?.cpu ?? 0), symbolic_over_target: over,
  };
}
