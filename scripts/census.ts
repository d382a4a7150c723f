// `npm run census -- PATH… [--json] [--limit N]`: ShapeLens on real code, unchanged (default options, no input
// given). Every .py file and Jupyter notebook under the paths is analysed in this one process (parsers loaded once),
// each file timed and guarded, and the figures that say how far the analysis gets on code nobody wrote for it are
// printed: complete root models, known output shapes, crashes, errors (candidate false errors), and why models are
// left incomplete. Every message carries a file:line (a notebook line is `nb.ipynb:cell N:line`).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatShape, isKnown, isTuple, toJsonNumber, type ShapeTree } from '../src/engine';
import { analyzeText, initParsers, type AnalysisDiagnostic, type FileAnalysis, type ModelAnalysis } from '../src/analysis';
import { listSources, Projects, readIfFile, readSource } from '../src/cli/sources';

const USAGE = `usage: npm run census -- PATH… [--json] [--limit N]
  PATH        folders (searched recursively) or files: .py and .ipynb
  --json      one JSON document with every figure and the per-file details, instead of the table
  --limit N   analyse only the first N files (in path order)`;

const SLOW_MS = 2000;
const TOP_NAMES = 40;
const EXAMPLES = 10;

// ── Reading the corpus ───────────────────────────────────────────────────────────────────────────────────────

interface CensusArgs {
  readonly paths: string[];
  readonly json: boolean;
  readonly limit?: number;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): CensusArgs {
  const paths: string[] = [];
  let json = false;
  let limit: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--limit' || a.startsWith('--limit=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      limit = Number(v);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit needs a positive whole number, not "${v ?? ''}"`);
    } else if (a === '-h' || a === '--help') throw new UsageError('');
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else paths.push(a);
  }
  if (paths.length === 0) throw new UsageError('census needs at least one PATH');
  return { paths, json, limit };
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

/** `file:line` (1-based); in a notebook `file:cell N:line` with both counted from 1. */
function locate(file: string, line0: number, cellStarts?: readonly number[]): string {
  if (!cellStarts || cellStarts.length === 0) return `${file}:${line0 + 1}`;
  let cell = 0;
  while (cell + 1 < cellStarts.length && cellStarts[cell + 1] <= line0) cell++;
  return `${file}:cell ${cell + 1}:${line0 - cellStarts[cell] + 1}`;
}

// ── One file ─────────────────────────────────────────────────────────────────────────────────────────────────

type OutputKind = 'concrete' | 'symbolic' | 'none';

interface ModelReport {
  readonly name: string;
  readonly where: string;
  readonly root: boolean;
  readonly inputSource: ModelAnalysis['inputSource'];
  readonly input: string | null;
  readonly output: string | null;
  readonly outputKind: OutputKind;
  readonly totalParams: number | string;
  readonly macs: number | string;
  /** Every parameter counted and the totals complete: `incomplete` not set and totalParams > 0. */
  readonly complete: boolean;
  /** Every parameter counted (the cost may still wait for the input size): `paramsIncomplete` not set, totalParams > 0. */
  readonly paramsComplete: boolean;
  readonly incomplete: boolean;
  readonly layers: number;
  /** Codes of the model's own diagnostics, sorted and unique: why it is incomplete, if it says. */
  readonly codes: string[];
}

interface DiagnosticReport {
  readonly where: string;
  readonly severity: AnalysisDiagnostic['severity'];
  readonly code: string;
  readonly message: string;
  /** The models whose analysis reported it ([] for a file-level diagnostic). */
  readonly models: string[];
}

interface FileReport {
  readonly file: string;
  readonly notebook: boolean;
  readonly ms: number;
  /** An exception out of analyzeText (or out of reading the file): never stops the run. */
  readonly crash: string | null;
  readonly models: ModelReport[];
  readonly diagnostics: DiagnosticReport[];
}

function outputKind(s: ShapeTree | undefined): OutputKind {
  if (!s) return 'none';
  const concrete = (t: ShapeTree | null): boolean => t === null || (isTuple(t) ? t.tuple.every(concrete) : t.every(isKnown));
  return concrete(s) ? 'concrete' : 'symbolic';
}

function modelReport(m: ModelAnalysis, where: (line0: number) => string): ModelReport {
  return {
    name: m.name, where: where(m.range.start.line), root: m.root, inputSource: m.inputSource,
    input: m.inputShape ? formatShape(m.inputShape) : null,
    output: m.outputShape ? formatShape(m.outputShape) : null, outputKind: outputKind(m.outputShape),
    totalParams: toJsonNumber(m.totalParams), macs: toJsonNumber(m.totalCost.macs),
    // a parameter-free model (an activation, a pooling helper) is complete with 0 only when nothing was left unsaid
    complete: !m.incomplete && (m.totalParams > 0n || m.diagnostics.length === 0),
    paramsComplete: !m.paramsIncomplete && (m.totalParams > 0n || m.diagnostics.length === 0),
    incomplete: !!m.incomplete, layers: m.layers.length,
    codes: [...new Set(m.diagnostics.map((d) => d.code))].sort(),
  };
}

/** The file's diagnostics and its models', once each (a submodule's diagnostic also comes with every model using it). */
function diagnosticReports(analysis: FileAnalysis, where: (line0: number) => string): DiagnosticReport[] {
  const byKey = new Map<string, DiagnosticReport>();
  const add = (d: AnalysisDiagnostic, model?: string) => {
    const key = `${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`;
    let r = byKey.get(key);
    if (!r) byKey.set(key, (r = { where: where(d.range.start.line), severity: d.severity, code: d.code, message: d.message, models: [] }));
    if (model && !r.models.includes(model)) r.models.push(model);
  };
  for (const d of analysis.diagnostics) add(d);
  for (const m of analysis.models) for (const d of m.diagnostics) add(d, m.name);
  return [...byKey.values()];
}

const errorMessage = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/**
 * The corpus does not change while the census runs: each file is read from disk once, however many files import it
 * (a project re-reads an imported file on every import to see whether it changed, which in an editor it may have).
 */
const texts = new Map<string, string | undefined>();
function readOnce(file: string): string | undefined {
  if (!texts.has(file)) texts.set(file, readIfFile(file));
  return texts.get(file);
}

/** Analyses `base/file`; the report names it `file`. */
const projects = new Projects({ strict: false }, undefined, readOnce);

function analyseFile(base: string, file: string): FileReport {
  const notebook = file.toLowerCase().endsWith('.ipynb');
  const start = performance.now();
  try {
    const source = readSource(path.join(base, file));
    const where = (line0: number) => locate(file, line0, source.cellStarts);
    // Each top-level folder under the base is a repository: the project its files' imports are resolved in.
    const ceiling = path.join(base, file.split(/[\\/]/)[0]);
    const analysis = analyzeText(source.text, 'python', projects.optionsFor(path.join(base, file), ceiling));
    const ms = performance.now() - start;
    return { file, notebook, ms, crash: null, models: analysis.models.map((m) => modelReport(m, where)),
      diagnostics: diagnosticReports(analysis, where) };
  } catch (e) {
    return { file, notebook, ms: performance.now() - start, crash: errorMessage(e), models: [], diagnostics: [] };
  }
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

function summarise(base: string, reports: readonly FileReport[], seconds: number, cpuSeconds: number): Census {
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
    ['files per second', `${c.filesPerSecond.toFixed(1)} (${c.seconds.toFixed(1)} s; CPU ${c.cpuSeconds.toFixed(1)} s)`],
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

/** The grammars sit next to the bundles: dist/scripts/census.js → dist/tree-sitter/. */
async function loadParsers(): Promise<void> {
  const dir = path.join(__dirname, '..', 'tree-sitter');
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(dir, file))), ['python']);
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
  await loadParsers();
  const reports: FileReport[] = [];
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  for (const file of files) {
    reports.push(analyseFile(base, file));
    if (!args.json && process.stderr.isTTY) process.stderr.write(`\r${reports.length}/${files.length}`);
  }
  const cpu = process.cpuUsage(cpu0);
  const census = summarise(base, reports, (performance.now() - start) / 1000, (cpu.user + cpu.system) / 1e6);
  if (!args.json && process.stderr.isTTY) process.stderr.write('\n');
  process.stdout.write((args.json ? json(census, reports) : table(census)) + '\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    process.stderr.write(`census: ${errorMessage(e)}\n`);
    process.exitCode = 2;
  },
);
