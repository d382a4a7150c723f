// `npm run bench`: the performance targets of the project, measured (never asserted in unit tests).
// Each part prints readable lines with medians; the last line is one JSON object with every figure.
import { analysisBench } from './analysisBench';
import { censusBench } from './censusBench';
import { editorBench, warmEditBench, warmEditWorker } from './editorBench';
import { gradBench } from './gradBench';
import { symbolicBench } from './symbolicBench';

async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  const results: Record<string, unknown> = {};
  // BENCH=symbolic (or a comma-separated list) runs only those parts
  const only = process.env.BENCH?.split(',');
  // 'warm' (the editor part's warm re-analysis alone) runs only when asked for: the editor part includes it
  for (const [name, run] of [['analysis', analysisBench], ['editor', editorBench], ['warm', warmEditBench], ['symbolic', symbolicBench], ['gradient', gradBench], ['census', censusBench]] as const) {
    if (only ? !only.includes(name) : name === 'warm') continue;
    log(`\n== ${name} ==`);
    try {
      results[name] = await run(log);
    } catch (e) {
      results[name] = { error: e instanceof Error ? e.message : String(e) };
      log(`  failed: ${String(e)}`);
    }
  }
  console.log(JSON.stringify(results));
}

// started again as the warm re-analysis' worker thread (editorBench.ts), it measures that part only
if (!warmEditWorker()) void main();
