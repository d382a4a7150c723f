// `npm run census -- PATH… [--json] [--limit N] [--jobs N]`: ShapeLens on real code, unchanged (default options, no
// input given). Every .py file and Jupyter notebook under the paths is analysed in this one process, on worker
// threads (censusPool.ts; each loads the parsers once) or with --jobs 1 on the main thread, each file timed and guarded, and the figures that say how far the analysis gets on code nobody wrote for it are
// printed: complete root models, known output shapes, crashes, errors (candidate false errors), and why models are
// left incomplete. Every message carries a file:line (a notebook line is `nb.ipynb:cell N:line`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { listSources } from '../src/cli/sources';
import { analyseFile, errorMessage, loadParsers, type DiagnosticReport, type FileReport } from './censusFile';
import { analyseInWorkers, type PoolRun } from './censusPool';
import { GcTime, timingLines } from './censusTiming';

const USAGE = `usage: npm run census -- PATH… [--json] [--limit N] [--jobs N] [--timing]
  PATH        folders (searched recursively) or files: .py and .ipynb
  --json      one JSON document with every figure and the per-file details, instead of the table
  --limit N   analyse only the first N files (in path order)
  --jobs N    analyse on N worker threads of this process (default: the machine's parallelism; at most one per
              file; a repository, a first-level folder under the paths, larger than one thread's share is cut into
              contiguous runs of files); --jobs 1 analyses on the main thread. The results are the same whatever N is.
  --timing    where the time went, on stderr: each worker's start-up, busy, CPU, GC and waiting time, the idle
              tail at the end of the run, the main thread's own work`;

const SLOW_MS = 2000;
const TOP_NAMES = 40;
const EXAMPLES = 10;

// ── Reading the corpus ───────────────────────────────────────────────────────────────────────────────────────

interface CensusArgs {
  readonly paths: string[];
  readonly json: boolean;
  readonly limit?: number;
  readonly jobs?: number;
  readonly timing: boolean;
}

class UsageError extends Error {}

/** The value of `--name N` or `--name=N`: a positive whole number. */
function count(argv: readonly string[], i: number): { value: number; next: number } {
  const a = argv[i];
  const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
  const value = Number(v);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${a.replace(/=.*/, '')} needs a positive whole number, not "${v ?? ''}"`);
  return { value, next: a.includes('=') ? i : i + 1 };
}

function parseArgs(argv: readonly string[]): CensusArgs {
  const paths: string[] = [];
  let json = false;
  let limit: number | undefined;
  let jobs: number | undefined;
  let timing = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--timing') timing = true;
    else if (a === '--limit' || a.startsWith('--limit=')) ({ value: limit, next: i } = count(argv, i));
    else if (a === '--jobs' || a.startsWith('--jobs=')) ({ value: jobs, next: i } = count(argv, i));
    else if (a === '-h' || a === '--help') throw new UsageError('');
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else paths.push(a);
  }
  if (paths.length === 0) throw new UsageError('census needs at least one PATH');
  return { paths, json, limit, jobs, timing };
}

/** Python files and notebooks: what the census counts (TypeScript twins are the project's own, not real code). */
const isPython = (file: string): boolean => /\.(py|ipynb)$/i.test(file);
const listFiles = (root: string): string[] => listSources(root, isPython).filter(isPython);

/** The deepest folder holding every path: files are shown relative to it. */
function commonBase(paths: readonly string[]): string {
  const dirs = paths.map((p) => {
    const abs = path.resolve(p);
    return fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
  });
  let base = dirs[0];
  while (!dirs.every((d) => d === base || d.startsWith(base.endsWith(path.sep) ? base : base + path.sep))) base = path.dirname(base);
  return base;
}

// ── The figures ──────────────────────────────────────────────────────────────────────────────────────────────

/** How often something happened, in how many files, and where (the first few places). */
interface Group {
  readonly key: string;
  count: number;
  readonly files: Set<string>;
  readonly examples: string[];
}

class Groups {
  private readonly groups = new Map<string, Group>();
  add(key: string, file: string, where: string): void {
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { key, count: 0, files: new Set(), examples: [] }));
    g.count++;
    g.files.add(file);
    if (g.examples.length < EXAMPLES) g.examples.push(where);
  }
  sorted(): Group[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  }
}

interface Located {
  readonly where: string;
  readonly code: string;
  readonly message: string;
}

/** An error at one place; `times` > 1 when it came once per module path (`layers.0.norm: …`, `layers.1.norm: …`). */
interface ErrorSite extends Located {
  times: number;
}

/** The figures of one top-level folder under the base (one repository of a corpus). */
interface FolderFigures {
  readonly folder: string;
  files: number;
  rootModels: number;
  completeRoots: number;
  paramsCompleteRoots: number;
  concreteOutputRoots: number;
  knownOutputRoots: number;
  errors: number;
}

interface Census {
  /** The folder the file names are relative to. */
  readonly base: string;
  readonly files: number;
  readonly notebooks: number;
  readonly models: number;
  readonly rootModels: number;
  readonly completeRoots: number;
  readonly paramsCompleteRoots: number;
  readonly concreteOutputRoots: number;
  readonly knownOutputRoots: number;
  readonly inputSources: Group[];
  readonly crashes: Located[];
  readonly internalErrors: Located[];
  readonly slowFiles: { readonly file: string; readonly ms: number }[];
  /** Error diagnostics other than syntax and internal errors: candidate false errors. */
  readonly errors: ErrorSite[];
  readonly errorFiles: number;
  readonly syntaxErrors: Located[];
  readonly syntaxFiles: number;
  readonly warnings: Group[];
  readonly unknownNames: Group[];
  readonly notFollowed: Group[];
  /** Root models that are incomplete or have no output shape, by the diagnostic codes they carry. */
  readonly rootGaps: Group[];
  readonly folders: FolderFigures[];
  readonly seconds: number;
  /** CPU time of the process over the same span (user + system): on a busy machine wall time also counts others. */
  readonly cpuSeconds: number;
  readonly filesPerSecond: number;
  /** Worker threads the files were analysed on; 1: on the main thread. */
  readonly jobs: number;
}

/** The name in "ShapeLens has no rule for nn.X: …" (unknown-layer) or "… for torch.x(): …" (unknown-op). */
const unknownName = (d: DiagnosticReport): string => /no rule for (\S+?)(?:\(\))?:/.exec(d.message)?.[1] ?? d.message;

/** The reason in "ShapeLens cannot follow this loop (…): …", with the names of this particular file taken out. */
function notFollowedReason(message: string): string {
  const why = /cannot follow this (.*?): the (?:layers|modules)/.exec(message)?.[1] ?? message;
  return why.replace(/`[^`]*`/g, '`…`');
}

/** A message without its leading module path (`transformer.layers.0.norm: LayerNorm() got …`). */
const withoutPath = (message: string): string => message.replace(/^[a-z_]\w*(?:\.\w+)*: /, '');

class FolderTable {
  private readonly folders = new Map<string, FolderFigures>();
  of(file: string): FolderFigures {
    const folder = file.includes(path.sep) ? file.slice(0, file.indexOf(path.sep)) : '.';
    let f = this.folders.get(folder);
    if (!f) this.folders.set(folder, (f = { folder, files: 0, rootModels: 0, completeRoots: 0, paramsCompleteRoots: 0, concreteOutputRoots: 0, knownOutputRoots: 0, errors: 0 }));
    return f;
  }
  sorted(): FolderFigures[] {
    return [...this.folders.values()].sort((a, b) => a.folder.localeCompare(b.folder));
  }
}

/** How the run went: its wall and CPU time, and the threads it used. */
interface RunFigures {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly jobs: number;
}

function summarise(base: string, reports: readonly FileReport[], { seconds, cpuSeconds, jobs }: RunFigures): Census {
  const inputSources = new Groups();
  const warnings = new Groups();
  const unknownNames = new Groups();
  const notFollowed = new Groups();
  const rootGaps = new Groups();
  const folders = new FolderTable();
  const crashes: Located[] = [];
  const internalErrors: Located[] = [];
  const errors = new Map<string, ErrorSite>();
  const errorFiles = new Set<string>();
  const syntaxErrors: Located[] = [];
  const syntaxFiles = new Set<string>();
  let models = 0;
  for (const r of reports) {
    const folder = folders.of(r.file);
    folder.files++;
    if (r.crash) crashes.push({ where: `${r.file}:1`, code: 'crash', message: r.crash });
    for (const m of r.models) {
      models++;
      if (!m.root) continue;
      folder.rootModels++;
      inputSources.add(m.inputSource, r.file, m.where);
      if (m.complete) folder.completeRoots++;
      if (m.paramsComplete) folder.paramsCompleteRoots++;
      if (m.outputKind === 'concrete') folder.concreteOutputRoots++;
      if (m.outputKind !== 'none') folder.knownOutputRoots++;
      if (m.incomplete || m.outputKind === 'none') {
        const codes = m.codes.filter((c) => c !== 'syntax');
        for (const code of codes.length > 0 ? codes : ['(no diagnostic)']) rootGaps.add(code, r.file, `${m.where} ${m.name}`);
      }
    }
    for (const d of r.diagnostics) {
      const located = { where: d.where, code: d.code, message: d.message };
      if (d.code === 'internal') internalErrors.push(located);
      else if (d.code === 'syntax') {
        syntaxErrors.push(located);
        syntaxFiles.add(r.file);
      } else if (d.severity === 'error') {
        const message = withoutPath(d.message);
        const key = `${d.where} ${d.code} ${message}`;
        const site = errors.get(key);
        if (site) site.times++;
        else errors.set(key, { where: d.where, code: d.code, message, times: 1 });
        errorFiles.add(r.file);
        folder.errors++;
      } else if (d.severity === 'warning') warnings.add(d.code, r.file, d.where);
      if (d.code === 'unknown-op' || d.code === 'unknown-layer') unknownNames.add(`${d.code} ${unknownName(d)}`, r.file, d.where);
      if (d.code === 'not-followed') notFollowed.add(notFollowedReason(d.message), r.file, d.where);
    }
  }
  const byFolder = folders.sorted();
  const total = (k: 'rootModels' | 'completeRoots' | 'paramsCompleteRoots' | 'concreteOutputRoots' | 'knownOutputRoots') => byFolder.reduce((sum, f) => sum + f[k], 0);
  return {
    base, files: reports.length, notebooks: reports.filter((r) => r.notebook).length, models, rootModels: total('rootModels'),
    completeRoots: total('completeRoots'), paramsCompleteRoots: total('paramsCompleteRoots'), concreteOutputRoots: total('concreteOutputRoots'), knownOutputRoots: total('knownOutputRoots'),
    inputSources: inputSources.sorted(), crashes, internalErrors,
    slowFiles: reports.filter((r) => r.ms > SLOW_MS).map((r) => ({ file: r.file, ms: Math.round(r.ms) })),
    errors: [...errors.values()], errorFiles: errorFiles.size, syntaxErrors, syntaxFiles: syntaxFiles.size,
    warnings: warnings.sorted(), unknownNames: unknownNames.sorted(), notFollowed: notFollowed.sorted(),
    rootGaps: rootGaps.sorted(), folders: byFolder, seconds, cpuSeconds, filesPerSecond: seconds > 0 ? reports.length / seconds : 0,
    jobs,
  };
}

// ── Printing ─────────────────────────────────────────────────────────────────────────────────────────────────

const n = (x: number): string => x.toLocaleString('en-US');
const share = (part: number, whole: number): string => `${n(part)} (${whole > 0 ? ((100 * part) / whole).toFixed(1) : '0.0'} %)`;
const counts = (groups: readonly Group[]): string => groups.map((g) => `${g.key} ${n(g.count)}`).join(', ') || 'none';
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function groupLines(title: string, groups: readonly Group[], top = Infinity): string[] {
  if (groups.length === 0) return [];
  const lines = [`## ${title}`, ''];
  for (const g of groups.slice(0, top)) {
    lines.push(`- ${n(g.count)} × ${g.key} (${n(g.files.size)} files)`);
    for (const w of g.examples.slice(0, 3)) lines.push(`    ${w}`);
  }
  if (groups.length > top) lines.push(`- … ${n(groups.length - top)} more names (see --json)`);
  return [...lines, ''];
}

function locatedLines(title: string, items: readonly Located[]): string[] {
  if (items.length === 0) return [];
  return [`## ${title}`, '', ...items.map((e) => `- ${e.where} ${e.code} ${e.message}`), ''];
}

function errorLines(sites: readonly ErrorSite[]): string[] {
  if (sites.length === 0) return [];
  const times = (s: ErrorSite) => (s.times > 1 ? ` (×${s.times}, once per module path)` : '');
  return ['## Error diagnostics (candidate false errors)', '', ...sites.map((s) => `- ${s.where} ${s.code} ${s.message}${times(s)}`), ''];
}

function folderLines(folders: readonly FolderFigures[]): string[] {
  if (folders.length < 2) return [];
  const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((100 * part) / whole)} %` : '–');
  return ['## By folder', '', '| folder | files | root models | complete | concrete output | known output | errors |',
    '| --- | --: | --: | --: | --: | --: | --: |',
    ...folders.map((f) => `| ${cell(f.folder)} | ${n(f.files)} | ${n(f.rootModels)} | ${pct(f.completeRoots, f.rootModels)} | ` +
      `${pct(f.concreteOutputRoots, f.rootModels)} | ${pct(f.knownOutputRoots, f.rootModels)} | ${n(f.errors)} |`), ''];
}

const sum = (groups: readonly Group[]): number => groups.reduce((s, g) => s + g.count, 0);

function table(c: Census): string {
  const notebooks = c.notebooks > 0 ? ` (${n(c.notebooks)} notebooks)` : '';
  const errorCount = c.errors.reduce((s, e) => s + e.times, 0);
  const rows: [string, string][] = [
    ['files, models, root models', `${n(c.files)}${notebooks}, ${n(c.models)}, ${n(c.rootModels)}`],
    ['root models with every parameter counted (parameter totals complete)', share(c.paramsCompleteRoots, c.rootModels)],
    ['root models with every parameter counted and totals complete (`incomplete` not set and totalParams > 0)', share(c.completeRoots, c.rootModels)],
    ['root models with a fully known output shape (concrete, no symbolic dims)', share(c.concreteOutputRoots, c.rootModels)],
    ['root models with a known output shape, concrete or symbolic', share(c.knownOutputRoots, c.rootModels)],
    ['root models by input source', counts(c.inputSources)],
    ['crashes / internal errors / files over 2 s', `${n(c.crashes.length)} / ${n(c.internalErrors.length)} / ${n(c.slowFiles.length)}`],
    ['error diagnostics (count, files): candidate false errors, listed below',
      `${n(errorCount)} at ${n(c.errors.length)} places in ${n(c.errorFiles)} files`],
    ['syntax errors (count, files)', `${n(c.syntaxErrors.length)} in ${n(c.syntaxFiles)} files`],
    ['warnings by code', counts(c.warnings)],
    ['unknown-op / unknown-layer infos (names below)', `${n(sum(c.unknownNames))} (${n(c.unknownNames.length)} names)`],
    ['not-followed (reasons below)', `${n(sum(c.notFollowed))} (${n(c.notFollowed.length)} reasons)`],
    ['files per second', `${c.filesPerSecond.toFixed(1)} (${c.seconds.toFixed(1)} s; CPU ${c.cpuSeconds.toFixed(1)} s; ` +
      `${c.jobs > 1 ? `${c.jobs} worker threads` : 'main thread'})`],
  ];
  return [
    `Files under ${c.base}`, '',
    '| on real files, unchanged | value |', '| --- | --- |', ...rows.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`), '',
    ...locatedLines('Crashes', c.crashes),
    ...locatedLines('Internal errors', c.internalErrors),
    ...(c.slowFiles.length ? ['## Files over 2 s', '', ...c.slowFiles.map((s) => `- ${s.file}:1 ${n(s.ms)} ms`), ''] : []),
    ...errorLines(c.errors),
    ...locatedLines('Syntax errors', c.syntaxErrors),
    ...groupLines('Warnings by code', c.warnings),
    ...groupLines(`Unknown ops and layers by name (top ${TOP_NAMES})`, c.unknownNames, TOP_NAMES),
    ...groupLines('Not followed, by reason', c.notFollowed),
    ...groupLines('Root models incomplete or without an output shape, by the codes they carry', c.rootGaps),
    ...folderLines(c.folders),
  ].join('\n');
}

const groupJson = (groups: readonly Group[]) => groups.map((g) => ({ key: g.key, count: g.count, files: g.files.size, examples: g.examples }));

function json(c: Census, reports: readonly FileReport[]): string {
  const summary = { ...c, inputSources: groupJson(c.inputSources), warnings: groupJson(c.warnings),
    unknownNames: groupJson(c.unknownNames), notFollowed: groupJson(c.notFollowed), rootGaps: groupJson(c.rootGaps) };
  return JSON.stringify({ summary, files: reports.map((r) => ({ ...r, ms: Math.round(r.ms * 10) / 10 })) }, null, 1);
}

// ── Main ─────────────────────────────────────────────────────────────────────────────────────────────────────

function onMainThread(base: string, files: readonly string[], progress: (done: number) => void): FileReport[] {
  const reports: FileReport[] = [];
  for (const file of files) {
    reports.push(analyseFile(base, file));
    progress(reports.length);
  }
  return reports;
}

async function main(argv: readonly string[]): Promise<number> {
  let args: CensusArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message ? `census: ${e.message}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const base = commonBase(args.paths);
  const files = args.paths.flatMap(listFiles).slice(0, args.limit).map((f) => path.relative(base, path.resolve(f)));
  // a large repository is cut between workers (see censusPool.ts); more workers than files would idle
  const jobs = Math.max(1, Math.min(args.jobs ?? os.availableParallelism(), files.length));
  const progress = (done: number) => {
    if (!args.json && process.stderr.isTTY) process.stderr.write(`\r${done}/${files.length}`);
  };
  if (jobs === 1) await loadParsers();
  const mainGc = args.timing ? new GcTime() : undefined;
  const elu0 = performance.eventLoopUtilization();
  const start = performance.now();
  // the whole process's CPU time: getrusage counts every thread, the workers' included
  const cpu0 = process.cpuUsage();
  const run: PoolRun = jobs === 1 ? { reports: onMainThread(base, files, progress), workers: [], files: [], partitionMs: 0 }
    : await analyseInWorkers(base, files, { jobs, timing: args.timing, progress });
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - start;
  const elu = performance.eventLoopUtilization(elu0);
  const census = summarise(base, run.reports, { seconds: wallMs / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, jobs });
  if (!args.json && process.stderr.isTTY) process.stderr.write('\n');
  process.stdout.write((args.json ? json(census, run.reports) : table(census)) + '\n');
  if (mainGc) {
    const lines = timingLines({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, mainBusyMs: elu.active, mainGcMs: mainGc.read().ms,
      partitionMs: run.partitionMs, summaryMs: performance.now() - start - wallMs, workers: run.workers,
      files: run.files.map((f) => ({ ...f, file: files[f.index] })) });
    process.stderr.write(lines.join('\n') + '\n');
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    process.stderr.write(`census: ${errorMessage(e)}\n`);
    process.exitCode = 2;
  },
);
