// One file of the census: analysed, timed and guarded (an exception never leaves analyseFile), and reported as plain
// data that can cross a worker thread's message port. Shared by the census's main thread (`--jobs 1`) and its workers.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatShape, isKnown, isTuple, toJsonNumber, type ShapeTree } from '../src/engine';
import { analyzeText, initParsers, type AnalysisDiagnostic, type FileAnalysis, type ModelAnalysis } from '../src/analysis';
import { Projects, readIfFile, readSource } from '../src/cli/sources';

/** `file:line` (1-based); in a notebook `file:cell N:line` with both counted from 1. */
function locate(file: string, line0: number, cellStarts?: readonly number[]): string {
  if (!cellStarts || cellStarts.length === 0) return `${file}:${line0 + 1}`;
  let cell = 0;
  while (cell + 1 < cellStarts.length && cellStarts[cell + 1] <= line0) cell++;
  return `${file}:cell ${cell + 1}:${line0 - cellStarts[cell] + 1}`;
}

export type OutputKind = 'concrete' | 'symbolic' | 'none';

export interface ModelReport {
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

export interface DiagnosticReport {
  readonly where: string;
  readonly severity: AnalysisDiagnostic['severity'];
  readonly code: string;
  readonly message: string;
  /** The models whose analysis reported it ([] for a file-level diagnostic). */
  readonly models: string[];
}

export interface FileReport {
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

export const errorMessage = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/**
 * The corpus does not change while the census runs: each file is read from disk once, however many files import it
 * (a project re-reads an imported file on every import to see whether it changed, which in an editor it may have).
 */
const texts = new Map<string, string | undefined>();
function readOnce(file: string): string | undefined {
  if (!texts.has(file)) texts.set(file, readIfFile(file));
  return texts.get(file);
}

/** The top-level folder of `file` (relative to the base): one repository, the project its imports resolve in. */
export const projectOf = (file: string): string => file.split(/[\\/]/)[0];

const newProjects = () => new Projects({ strict: false }, undefined, readOnce);
let projects = newProjects();

/**
 * Forgets every module imported so far: a unit of the census's work starts from nothing but the files before it in
 * its repository (loadAsModule), so what its files report does not depend on what the thread analysed before
 * (censusSchedule.ts). The files' texts stay read.
 */
export function freshImports(): void {
  projects = newProjects();
}

/**
 * Runs the top level of `base/file` as a module of its project, as an import of it would: the modules it imports are
 * loaded in the order its analysis would load them. A unit that starts part way through a repository does this for
 * the repository's files before it (censusSchedule.ts), so its import cache holds what it would hold had the thread
 * analysed those files first. A notebook is not a module; a failure here is the analysis's to report, not this.
 */
export function loadAsModule(base: string, file: string): void {
  if (file.toLowerCase().endsWith('.ipynb')) return;
  const abs = path.join(base, file);
  const name = path.basename(file).replace(/\.py$/i, '');
  try {
    projects.optionsFor(abs, path.join(base, projectOf(file))).project?.resolverFor(abs).module(name === '__init__' ? '' : name, 1);
  } catch {
    // the file's own analysis, in the unit that has it, says what went wrong
  }
}

/** Analyses `base/file`; the report names it `file`. */
export function analyseFile(base: string, file: string): FileReport {
  const notebook = file.toLowerCase().endsWith('.ipynb');
  const start = performance.now();
  try {
    const source = readSource(path.join(base, file));
    const where = (line0: number) => locate(file, line0, source.cellStarts);
    const ceiling = path.join(base, projectOf(file));
    const analysis = analyzeText(source.text, 'python', projects.optionsFor(path.join(base, file), ceiling));
    const ms = performance.now() - start;
    return { file, notebook, ms, crash: null, models: analysis.models.map((m) => modelReport(m, where)),
      diagnostics: diagnosticReports(analysis, where) };
  } catch (e) {
    return { file, notebook, ms: performance.now() - start, crash: errorMessage(e), models: [], diagnostics: [] };
  }
}

/** The grammars sit next to the bundles: dist/scripts/census.js (and censusWorker.js) → dist/tree-sitter/. */
export async function loadParsers(): Promise<void> {
  const dir = path.join(__dirname, '..', 'tree-sitter');
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(dir, file))), ['python']);
}
