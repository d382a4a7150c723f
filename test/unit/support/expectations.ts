// The expectation files scripts/gen_project_fixtures.py writes (<entry>.expected.json: PyTorch's numbers for each
// root model an entry file builds), and the checks that hold an analysis to them. Shared by the project fixtures
// (projects.test.ts) and the Python forms (pythonForms.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, initParsers } from '../../../src/analysis';
import type { AnalysisDiagnostic, FileAnalysis, LayerRecord, ModelAnalysis } from '../../../src/analysis/model';
import { formatDim, isTuple, type Dim, type ShapeTree } from '../../../src/engine';
import { Projects, readSource } from '../../../src/cli/sources';

export const REPO = ((): string => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'test', 'fixtures'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`test/fixtures not found above ${__dirname}`);
    dir = up;
  }
  return dir;
})();
export const FIXTURES = path.join(REPO, 'test', 'fixtures');

export async function loadParsers(): Promise<void> {
  const wasmDir = path.join(REPO, 'dist', 'tree-sitter');
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(wasmDir, file))));
}

export type JsonShape = number[] | { tuple: (JsonShape | null)[]; keys?: string[] } | null;

export interface ExpectedCall {
  readonly name: string;
  readonly type: string;
  readonly output_shape: JsonShape;
  /** The project-relative file and the line whose code built the module. */
  readonly def_file: string | null;
  readonly def_line: number | null;
  readonly macs: number;
  readonly params: number;
}

export interface ExpectedModel {
  readonly model: string;
  readonly model_class: string;
  /** null: the file says nothing about the input, so ShapeLens keeps it symbolic and only parameters are compared. */
  readonly input_shape: number[] | null;
  /** The further tensors the file's call gives forward() (by parameter name), when it gives more than the input. */
  readonly other_inputs?: readonly { readonly name: string; readonly shape: number[] }[];
  readonly output_shape: JsonShape;
  readonly calls: readonly ExpectedCall[];
  readonly functional: readonly { readonly op: string; readonly macs: number }[];
  readonly total_params: number;
  readonly trainable_params: number;
  readonly module_macs: number;
  readonly functional_macs: number;
  readonly total_macs: number | null;
}

export interface ExpectedEntry {
  /** The entry file, relative to test/fixtures. */
  readonly entry: string;
  /** The project root the entry is analysed in, relative to test/fixtures. */
  readonly project: string;
  readonly models: readonly ExpectedModel[];
}

export const readExpectation = (file: string): ExpectedEntry => JSON.parse(fs.readFileSync(file, 'utf8')) as ExpectedEntry;

export function toJsonShape(s: ShapeTree | undefined): JsonShape {
  if (s === undefined) return null;
  if (isTuple(s)) return { tuple: s.tuple.map((t) => toJsonShape(t ?? undefined)), ...(s.keys ? { keys: [...s.keys] } : {}) }; // None is null
  return s.map((d: Dim) => (typeof d === 'number' ? d : (formatDim(d) as unknown as number)));
}

export const moduleCalls = (m: ModelAnalysis): LayerRecord[] => m.layers.filter((l) => l.kind === 'module');
export const allDiagnostics = (a: FileAnalysis): AnalysisDiagnostic[] => [...a.diagnostics, ...a.models.flatMap((m) => m.diagnostics)];
export const describeDiagnostic = (d: AnalysisDiagnostic): string =>
  `${d.severity} ${d.code} at ${d.range.file ? `${d.range.file}:` : ''}${d.range.start.line + 1}: ${d.message}`;

/** Compares two lists item by item and, on a mismatch, names the first differing item with its neighbours. */
export function assertSameList<T>(actual: readonly T[], expected: readonly T[], show: (t: T) => string, what: string): void {
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    const a = actual[i];
    const e = expected[i];
    if (a === undefined || e === undefined || JSON.stringify(a) !== JSON.stringify(e)) {
      const around = (list: readonly T[]) =>
        list.slice(Math.max(0, i - 1), i + 2).map((t, k) => `    #${Math.max(0, i - 1) + k} ${show(t)}`).join('\n') || '    (none)';
      assert.fail(`${what}: first difference at #${i} (actual ${actual.length}, expected ${expected.length})\n` +
        `  actual:\n${around(actual)}\n  expected:\n${around(expected)}`);
    }
  }
}

/** An entry file analysed as the CLI does: its project rooted at `project`, imports followed from disk. */
export function analyseEntry(file: string, project: string): FileAnalysis {
  const projects = new Projects({ strict: false }, project);
  return analyzeText(readSource(file).text, 'python', projects.optionsFor(file));
}

/** Where a module call was declared, as the generator writes it: project-relative file and 1-based line. */
function declaredAt(l: LayerRecord, entryFile: string, project: string): string {
  const d = l.declaration;
  if (!d) return 'nowhere';
  const file = path.relative(project, d.range.file ?? entryFile).split(path.sep).join('/');
  return `${file}:${d.range.start.line + 1}`;
}

export function findRoot(analysis: FileAnalysis, name: string): ModelAnalysis {
  const found = analysis.models.find((m) => m.name === name && m.root);
  assert.ok(found, `root model ${name} not found; models: ${analysis.models.map((m) => `${m.name}${m.root ? ' (root)' : ''}`).join(', ') || 'none'}` +
    `; file diagnostics: ${analysis.diagnostics.map(describeDiagnostic).join('; ') || 'none'}`);
  return found;
}

/** One test per aspect of the model against PyTorch's numbers (declared inside the caller's describe). */
export function checkModel(get: () => ModelAnalysis, exp: ExpectedModel, entryFile: string, project: string): void {
  test(`parameters: ${exp.total_params.toLocaleString('en')} (${exp.trainable_params.toLocaleString('en')} trainable), all counted`, () => {
    const m = get();
    assert.equal(m.totalParams, BigInt(exp.total_params), 'total params');
    assert.equal(m.trainableParams, BigInt(exp.trainable_params), 'trainable params');
    assert.ok(!m.paramsIncomplete, 'every parameter counted (paramsIncomplete not set)');
  });
  const input = exp.input_shape;
  if (input === null) {
    test('no input in the file: the input is solved from the model (or stays symbolic)', () => assert.ok(['inferred', 'symbolic'].includes(get().inputSource)));
    return;
  }
  test(`input ${JSON.stringify(input)} and output shape`, () => {
    const m = get();
    assert.deepEqual(toJsonShape(m.inputShape), input, `input shape (source: ${m.inputSource})`);
    assert.deepEqual(toJsonShape(m.outputShape), exp.output_shape, 'output shape');
    if (exp.other_inputs) {
      assert.deepEqual((m.namedInputs ?? []).slice(1).map((n) => ({ name: n.name, shape: [...n.shape] })), exp.other_inputs, 'the other inputs');
    }
  });
  test('module calls in execution order: name, type, output shape', () => {
    const actual = moduleCalls(get()).map((l) => ({ name: l.name, type: l.type, output_shape: toJsonShape(l.outputShape) }));
    const expected = exp.calls.map((c) => ({ name: c.name, type: c.type, output_shape: c.output_shape }));
    assertSameList(actual, expected, (c) => `${c.name} (${c.type}) → ${JSON.stringify(c.output_shape)}`, 'module calls');
  });
  test('MACs and parameters per module call', () => {
    const actual = moduleCalls(get()).map((l) => ({ name: l.name, macs: Number(l.cost?.macs ?? -1n), params: Number(l.params) }));
    const expected = exp.calls.map((c) => ({ name: c.name, macs: c.macs, params: c.params }));
    assertSameList(actual, expected, (c) => `${c.name}: ${c.macs} MACs, ${c.params} params`, 'MACs and params per call');
  });
  test('each call points at the file and line that built it', () => {
    const actual = moduleCalls(get()).map((l) => `${l.name} @ ${declaredAt(l, entryFile, project)}`);
    const expected = exp.calls.map((c) => `${c.name} @ ${c.def_file}:${c.def_line}`);
    assertSameList(actual, expected, (s) => s, 'declarations');
  });
  test(`total MACs ${exp.total_macs?.toLocaleString('en')} (tensor operations outside modules: ${exp.functional_macs.toLocaleString('en')}), totals complete`, () => {
    const m = get();
    const functional = m.layers.filter((l) => l.kind !== 'module').reduce((s, l) => s + (l.cost?.macs ?? 0n), 0n);
    assert.equal(functional, BigInt(exp.functional_macs), `MACs outside module calls (torch: ${exp.functional.map((f) => `${f.op} ${f.macs}`).join(', ') || 'none'})`);
    assert.equal(m.totalCost.macs, BigInt(exp.total_macs ?? -1), 'total MACs');
    assert.ok(!m.incomplete, `totals complete; diagnostics: ${m.diagnostics.map(describeDiagnostic).join('; ') || 'none'}`);
  });
}

/** Errors, not-followed and warnings other than the listed codes (a warning true of PyTorch's run too). */
export function unexpectedDiagnostics(a: FileAnalysis, allowedWarnings: readonly string[] = []): string {
  return allDiagnostics(a).filter((d) => d.severity === 'error' || d.code === 'not-followed' ||
    (d.severity === 'warning' && !allowedWarnings.includes(d.code))).map(describeDiagnostic).join('\n');
}
