// Symbolic sizes against PyTorch: every valid conformance case (test/fixtures/conformance*.json, generated with
// real PyTorch) replayed with its input sizes made symbolic. Whatever a rule answers for symbolic sizes must hold
// at the case's sizes: an output shape that evaluates to PyTorch's, constraints the case's sizes satisfy, a
// symbolic cost equal to the concrete one there. A rule may still answer "unknown"; it may never give an error on
// a case PyTorch runs, nor a shape or cost that is wrong there. The share answered is reported (and kept up).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fixtureJson from '../fixtures/conformance.json';
import {
  evaluateCall, evaluateLayer, exactTotal, exprOf, findLayer, formatShape, isKnown, isTuple, symbol, symbolicCostOf, TensorArg, type Dim, type EvalContext,
  type LayerOutcome, type Shape, type ShapeTree, type Value,
} from '../../src/engine';
import { evaluate, format, holds, type Expr } from '../../src/engine/symbolic';
import { ROOT } from './support/process';

type ExpectedShape = number[] | { tuple: (ExpectedShape | null)[] };
interface ConformanceCase {
  readonly id: string;
  readonly type: string;
  readonly args: Value[];
  readonly kwargs: Record<string, Value>;
  readonly inputs: Shape[];
  readonly inputs_as_list?: boolean;
  readonly ok: boolean;
  readonly output_shape: ExpectedShape | null;
}

const FAMILY_DIR = path.join(ROOT, 'test', 'fixtures', 'conformance');
const families = fs.existsSync(FAMILY_DIR)
  ? fs.readdirSync(FAMILY_DIR).filter((f) => f.endsWith('.json')).sort()
    .flatMap((f) => (JSON.parse(fs.readFileSync(path.join(FAMILY_DIR, f), 'utf8')) as { cases: ConformanceCase[] }).cases)
  : [];
const cases = [...(fixtureJson as unknown as { cases: ConformanceCase[] }).cases, ...families]
  .filter((c) => c.ok && c.output_shape !== null && findLayer(c.type) && c.inputs.some((s) => s.length > 0));

const ctx: EvalContext = { strict: false, assume: true };

function evaluateWith(c: ConformanceCase, inputs: Shape[]): LayerOutcome {
  const def = findLayer(c.type)!;
  if (!def.overloads?.length) return evaluateLayer({ type: c.type, positional: c.args, keyword: c.kwargs }, inputs, ctx);
  const tensors = inputs.map((s) => new TensorArg(s));
  return evaluateCall(def, [...(c.inputs_as_list ? [tensors] : tensors), ...c.args], c.kwargs, ctx).outcome;
}

/** The case's inputs with sizes made symbolic: every size ≥ 1 its own symbol, or one symbol per distinct value ≥ 2. */
type Variant = (inputs: Shape[]) => { inputs: Shape[]; env: Record<string, number> };
const VARIANTS: Record<string, Variant> = {
  distinct: (inputs) => {
    const env: Record<string, number> = {};
    // sizes are positive in the symbolic world (an empty dim stays 0)
    const out = inputs.map((s, t) => s.map((d, i) => {
      if ((d as number) < 1) return d;
      const name = `s${t}_${i}`;
      env[name] = d as number;
      return symbol(name);
    }));
    return { inputs: out, env };
  },
  byValue: (inputs) => {
    const env: Record<string, number> = {};
    const out = inputs.map((s) => s.map((d) => {
      if ((d as number) < 2) return d;
      const name = `v${d as number}`;
      env[name] = d as number;
      return symbol(name);
    }));
    return { inputs: out, env };
  },
};

const at = (d: Dim, env: Record<string, number>): number => (isKnown(d) ? d : Number(evaluate(exprOf(d), env)));
function shapeAt(s: ShapeTree, env: Record<string, number>): ExpectedShape {
  return isTuple(s) ? { tuple: s.tuple.map((t) => (t === null ? [] : shapeAt(t, env))) } : s.map((d) => at(d, env));
}

interface Tally {
  ok: number; unknown: number; assumed: number; wrong: string[]; unknownTypes: Map<string, number>;
  /** Symbolic costs: formulas that equal the concrete MACs / exact count at the case's sizes, and the cases with a concrete cost. */
  macs: number; exact: number; costed: number;
}

function replay(variant: Variant, tally: Tally): void {
  for (const c of cases) {
    const { inputs, env } = variant(c.inputs);
    let o: LayerOutcome;
    try {
      o = evaluateWith(c, inputs);
    } catch (e) {
      tally.wrong.push(`${c.id}: threw ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    if (o.status === 'unknown') {
      tally.unknown++;
      const key = `${c.type}: ${(o.unknownReason ?? '').replace(/s\d+_\d+|v\d+/g, 'S').slice(0, 90)}`;
      tally.unknownTypes.set(key, (tally.unknownTypes.get(key) ?? 0) + 1);
      continue;
    }
    if (o.status === 'error') {
      tally.wrong.push(`${c.id}: error on ${inputs.map(formatShape).join(', ')}: ${o.diagnostics[0]?.message}`);
      continue;
    }
    const constraints = o.constraints ?? [];
    const broken = constraints.filter((k) => !holds(k, env));
    if (broken.some((k) => !k.preferred)) {
      tally.wrong.push(`${c.id}: a constraint fails at the case's sizes: ${broken.map((k) => `${k.requiredBy}`).join('; ')}`);
      continue;
    }
    if (broken.length > 0) { tally.assumed++; continue; } // an assumption this case does not meet: no claim
    if (!o.output) { tally.unknown++; continue; }
    let got: string;
    try {
      got = JSON.stringify(shapeAt(o.output, env));
    } catch {
      tally.unknown++; // a size only the data decides (nnz, num_classes): nothing to compare
      continue;
    }
    if (got !== JSON.stringify(c.output_shape)) {
      tally.wrong.push(`${c.id}: ${formatShape(o.output)} at the case's sizes is ${got}, PyTorch ${JSON.stringify(c.output_shape)}`);
      continue;
    }
    tally.ok++;
    checkCost(c, o, env, tally);
  }
}

/** The cost formula, where there is one, evaluates to the engine's concrete cost at the case's sizes. */
function checkCost(c: ConformanceCase, o: LayerOutcome, env: Record<string, number>, tally: Tally): void {
  const concrete = evaluateWith(c, c.inputs);
  if (!concrete.cost) return;
  tally.costed++;
  const f = symbolicCostOf(o);
  const value = (e: Expr | undefined): bigint | undefined => {
    try { return e === undefined ? undefined : evaluate(e, env); } catch { return undefined; }
  };
  const macs = value(f?.macs), exact = value(f?.exact);
  if (macs !== undefined) {
    if (macs === concrete.cost.macs) tally.macs++;
    else tally.wrong.push(`${c.id}: MACs formula ${format(f!.macs!)} = ${macs} at the case's sizes, concrete ${concrete.cost.macs}`);
  }
  if (exact !== undefined) {
    if (exact === exactTotal(concrete.cost.exact)) tally.exact++;
    else tally.wrong.push(`${c.id}: exact formula ${format(f!.exact!)} = ${exact} at the case's sizes, concrete ${exactTotal(concrete.cost.exact)}`);
  }
}

for (const [name, variant] of Object.entries(VARIANTS)) {
  test(`symbolic conformance (${name} symbols): every answer holds at the case's sizes`, () => {
    const tally: Tally = { ok: 0, unknown: 0, assumed: 0, wrong: [], unknownTypes: new Map(), macs: 0, exact: 0, costed: 0 };
    replay(variant, tally);
    // SYMBOLIC_REPORT=1: which rules still answer "unknown", most cases first
    if (process.env.SYMBOLIC_REPORT) {
      for (const [k, n] of [...tally.unknownTypes].sort((a, b) => b[1] - a[1]).slice(0, 80)) console.log(`  ${n}  ${k}`);
    }
    console.log(`symbolic conformance (${name}): ${tally.ok} of ${cases.length} valid cases answered symbolically, ` +
      `${tally.unknown} unknown, ${tally.assumed} outside an assumption, ${tally.wrong.length} wrong; cost formulas: MACs ${tally.macs}, ` +
      `exact ${tally.exact} of ${tally.costed} answered cases with a concrete cost`);
    assert.deepEqual(tally.wrong.slice(0, 40), [], `${tally.wrong.length} wrong`);
  });
}

test('a remembered cost formula is the one for these arguments and sizes: another layer or other sizes get their own', () => {
  const conv = (out: number, input: Shape) => evaluateLayer({ type: 'Conv2d', positional: [3, out, 5], keyword: {} }, [input], ctx);
  const [N, H, W] = [symbol('N'), symbol('H'), symbol('W')];
  const first = symbolicCostOf(conv(6, [N, 3, H, W]))?.macs;
  const again = symbolicCostOf(conv(6, [N, 3, H, W]))?.macs; // a new evaluation, the same rule, arguments and sizes
  const wider = symbolicCostOf(conv(8, [N, 3, H, W]))?.macs;
  const square = symbolicCostOf(conv(6, [N, 3, H, H]))?.macs;
  assert.ok(first && again && wider && square);
  const env = { N: 2, H: 32, W: 28 };
  assert.equal(evaluate(first, env), 2n * 450n * 28n * 24n);
  assert.equal(evaluate(again, env), evaluate(first, env));
  assert.equal(evaluate(wider, env), 2n * 600n * 28n * 24n);
  assert.equal(evaluate(square, env), 2n * 450n * 28n * 28n);
});
