// Costs as formulas of the free sizes. The cost rules compute with known sizes (bigint MACs, operation counts); on
// symbolic sizes they give up. Rather than a second symbolic copy of every rule, the rule itself is sampled: each
// distinct symbolic size of the inputs and output is a variable, the rule is evaluated with numbers in their
// place, and the polynomial through those values (degree 1, else 2, in each variable) is fitted exactly with
// rational arithmetic. The fit is then checked at points it was not fitted on; a rule that is not such a polynomial
// of its sizes (the exact count of a transposed convolution's hits, an adaptive pool's windows) fails the check and
// that count stays unknown — never a wrong formula. Substituting each variable's expression gives the cost in the
// input's sizes: Conv2d(3, 6, 5) on (N, 3, H, W) costs 450·N·(H − 4)·(W − 4) MACs.
import { exactTotal, type Cost } from './cost';
import type { LayerOutcome } from './registry';
import { exprOf, isKnown, isTuple, type Dim, type Shape, type ShapeTree } from './shape';
import { add, evaluate, floorDiv, freeSymbols, mul, pow, type Expr } from './symbolic';

/** MACs and the exact operation count as formulas; a count that is not one polynomial of the sizes is absent. */
export interface SymbolicCost {
  readonly macs?: Expr;
  readonly exact?: Expr;
}

const cache = new WeakMap<LayerOutcome, SymbolicCost | null>();

/** The symbolic cost of an evaluation on symbolic sizes (computed on first use, then remembered). */
export function symbolicCostOf(outcome: LayerOutcome): SymbolicCost | undefined {
  let c = cache.get(outcome);
  if (c === undefined) cache.set(outcome, (c = compute(outcome) ?? null));
  return c ?? undefined;
}

/** Variables with more than this many relevant sizes are not sampled (the grid grows as 3^r). */
const MAX_RELEVANT = 4;
const MAX_VARIABLES = 10;
const BASE = [5, 7, 11, 13, 17, 19, 23, 29, 31, 37];

interface Variable { readonly key: string; readonly expr: Expr }

function compute(o: LayerOutcome): SymbolicCost | undefined {
  if (o.status !== 'ok' || !o.inputs || !o.output || !o.args) return undefined;
  if (o.cost) return { macs: exprOf(Number(o.cost.macs)), exact: exprOf(Number(exactTotal(o.cost.exact))) };
  const { def, args, inputs, output } = o;
  const alias = aliases(o);
  const vars = variables([...inputs, ...leaves(output)], alias);
  if (vars.length === 0 || vars.length > MAX_VARIABLES) return undefined;
  const at = (values: readonly number[]): [bigint, bigint] | undefined => {
    const value = new Map(vars.map((v, i) => [v.key, values[i]]));
    const dim = (d: Dim): number => (isKnown(d) ? d : value.get(alias(exprOf(d).key)) as number);
    try {
      const c: Cost = def.cost(args, inputs.map((s) => s.map(dim)), mapTree(output, dim));
      return [c.macs, exactTotal(c.exact)];
    } catch {
      return undefined;
    }
  };
  const fitted = [0, 1].map((field) => fit((values) => at(values)?.[field], vars.length))
    .map((p, field) => (p && holdsOnInputs(p, vars, (values) => at(values)?.[field]) ? p : undefined));
  const toExpr = (p: Poly | undefined): Expr | undefined => (p ? polyExpr(p, vars) : undefined);
  const [macs, exact] = fitted.map(toExpr);
  return macs || exact ? { macs, exact } : undefined;
}

/** Sizes a constraint of this evaluation made equal (a matmul's inner sizes) are one variable. */
function aliases(o: LayerOutcome): (key: string) => string {
  const parent = new Map<string, string>();
  const find = (k: string): string => { let r = k; while (parent.has(r)) r = parent.get(r)!; return r; };
  for (const c of o.constraints ?? []) {
    if (c.relation !== '=' || c.left.terms.length === 0 || c.right.terms.length === 0) continue;
    const [a, b] = [find(c.left.key), find(c.right.key)];
    if (a !== b) parent.set(b, a);
  }
  return find;
}

function leaves(t: ShapeTree): Shape[] {
  return isTuple(t) ? t.tuple.flatMap((x) => (x === null ? [] : leaves(x))) : [t];
}

function mapTree(t: ShapeTree, f: (d: Dim) => number): ShapeTree {
  return isTuple(t) ? { tuple: t.tuple.map((x) => (x === null ? null : mapTree(x, f))) } : t.map(f);
}

function variables(shapes: readonly Shape[], alias: (key: string) => string): Variable[] {
  const seen = new Map<string, Variable>();
  for (const s of shapes) for (const d of s) {
    if (isKnown(d)) continue;
    const key = alias(d.key);
    if (!seen.has(key)) seen.set(key, { key, expr: d });
  }
  return [...seen.values()];
}

// ── Exact rational polynomials ──────────────────────────────────────────────────────────────────────────────
interface Rational { readonly n: bigint; readonly d: bigint }
const gcd = (a: bigint, b: bigint): bigint => { a = a < 0n ? -a : a; b = b < 0n ? -b : b; while (b) [a, b] = [b, a % b]; return a; };
function rat(n: bigint, d = 1n): Rational {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}
const addR = (a: Rational, b: Rational): Rational => rat(a.n * b.d + b.n * a.d, a.d * b.d);
const mulR = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d);

/** A polynomial: exponent vector (joined by ',') → coefficient. */
type Poly = Map<string, Rational>;

function polyMul(p: Poly, q: Poly): Poly {
  const out: Poly = new Map();
  for (const [ka, a] of p) for (const [kb, b] of q) {
    const ea = ka.split(',').map(Number), eb = kb.split(',').map(Number);
    const k = ea.map((e, i) => e + eb[i]).join(',');
    const sum = addR(out.get(k) ?? rat(0n), mulR(a, b));
    if (sum.n === 0n) out.delete(k); else out.set(k, sum);
  }
  return out;
}

/** The Lagrange basis polynomial of node j among `nodes`, in variable i of r. */
function basis(nodes: readonly number[], j: number, i: number, r: number): Poly {
  let p: Poly = new Map([[Array(r).fill(0).join(','), rat(1n)]]);
  nodes.forEach((x, m) => {
    if (m === j) return;
    const denom = BigInt(nodes[j] - x);
    const e1 = Array(r).fill(0); e1[i] = 1;
    const linear: Poly = new Map([[e1.join(','), rat(1n, denom)], [Array(r).fill(0).join(','), rat(BigInt(-x), denom)]]);
    p = polyMul(p, linear);
  });
  return p;
}

function evalPoly(p: Poly, values: readonly number[]): Rational {
  let sum = rat(0n);
  for (const [k, c] of p) {
    let term = c;
    k.split(',').forEach((e, i) => { term = mulR(term, rat(BigInt(values[i]) ** BigInt(Number(e)))); });
    sum = addR(sum, term);
  }
  return sum;
}

/**
 * The polynomial through f's values, degree ≤ 1 (else ≤ 2) in each variable it depends on, checked at points off
 * the grid; undefined when f is not such a polynomial (or fails somewhere).
 */
function fit(f: (values: readonly number[]) => bigint | undefined, k: number): Poly | undefined {
  const base = BASE.slice(0, k);
  const f0 = f(base);
  if (f0 === undefined) return undefined;
  const relevant: number[] = [];
  for (let i = 0; i < k; i++) {
    const moved = [...base]; moved[i] += 6;
    const v = f(moved);
    if (v === undefined) return undefined;
    if (v !== f0) relevant.push(i);
  }
  if (relevant.length > MAX_RELEVANT) return undefined;
  for (const degree of [1, 2]) {
    const p = fitGrid(f, base, relevant, degree, k);
    if (p && verify(f, p, base)) return p;
  }
  return undefined;
}

function fitGrid(f: (values: readonly number[]) => bigint | undefined, base: readonly number[], relevant: readonly number[],
  degree: number, k: number): Poly | undefined {
  const nodes = relevant.map((i) => Array.from({ length: degree + 1 }, (_x, j) => base[i] + 4 * j));
  const total: Poly = new Map();
  const count = (degree + 1) ** relevant.length;
  for (let n = 0; n < count; n++) {
    const idx = relevant.map((_x, t) => Math.floor(n / (degree + 1) ** t) % (degree + 1));
    const point = [...base];
    relevant.forEach((i, t) => { point[i] = nodes[t][idx[t]]; });
    const v = f(point);
    if (v === undefined) return undefined;
    if (v === 0n) continue;
    let term: Poly = new Map([[Array(k).fill(0).join(','), rat(v)]]);
    relevant.forEach((i, t) => { term = polyMul(term, basis(nodes[t], idx[t], i, k)); });
    for (const [key, c] of term) {
      const sum = addR(total.get(key) ?? rat(0n), c);
      if (sum.n === 0n) total.delete(key); else total.set(key, sum);
    }
  }
  return total;
}

/**
 * The fit holds at points off its grid: larger sizes (every variable moved, one thought irrelevant too), and the
 * smallest sizes, where counts with edge effects (a transposed convolution's hits, adaptive windows) stop being
 * one polynomial. A rule that cannot be evaluated at a tiny size (its sizes are invalid there) skips that point.
 */
function verify(f: (values: readonly number[]) => bigint | undefined, p: Poly, base: readonly number[]): boolean {
  const points = [
    ...[37, 101].map((shift) => ({ point: base.map((b, i) => b + shift + 3 * i), required: true })),
    ...[1, 2, 3].map((v) => ({ point: base.map(() => v), required: false })),
    ...[0, 1].map((o) => ({ point: base.map((_b, i) => 1 + ((i + o) % 3)), required: false })),
  ];
  for (const { point, required } of points) {
    const v = f(point);
    if (v === undefined) {
      if (required) return false;
      continue;
    }
    const expected = evalPoly(p, point);
    if (expected.d !== 1n || expected.n !== v) return false;
  }
  return true;
}

/** Values of the free sizes the check below tries: small ones (edge effects), conventional ones, odd ones. */
const CHECK_VALUES = [1, 2, 3, 5, 8, 13, 28, 33, 64, 97, 224];

/**
 * The fit was made with the sizes as independent variables; the sizes of a real input are not (an output size is
 * a function of the input's). The fit must hold where they come from one input: the free sizes take a range of
 * values, every size is computed from them, and the rule and the fit must agree at each such point (points where a
 * size is below 1 are no input at all and are skipped).
 */
function holdsOnInputs(p: Poly, vars: readonly Variable[], f: (values: readonly number[]) => bigint | undefined): boolean {
  const symbols = [...new Set(vars.flatMap((v) => freeSymbols(v.expr)))];
  let checked = 0;
  for (let k = 0; k < CHECK_VALUES.length; k++) {
    const env = Object.fromEntries(symbols.map((s, i) => [s, CHECK_VALUES[(k + 3 * i) % CHECK_VALUES.length]]));
    const values = vars.map((v) => Number(evaluate(v.expr, env)));
    if (values.some((x) => x < 1 || !Number.isSafeInteger(x))) continue;
    const v = f(values);
    if (v === undefined) continue;
    const expected = evalPoly(p, values);
    if (expected.d !== 1n || expected.n !== v) return false;
    checked++;
  }
  return checked > 0;
}

/** The polynomial with each variable replaced by its size's expression: Σ c·Π x^e, over a common denominator. */
function polyExpr(p: Poly, vars: readonly Variable[]): Expr {
  let denominator = 1n;
  for (const c of p.values()) denominator = (denominator * c.d) / gcd(denominator, c.d);
  const terms: Expr[] = [];
  for (const [key, c] of p) {
    const factors: Expr[] = key.split(',').map((e, i) => pow(vars[i].expr, Number(e)));
    terms.push(mul(c.n * (denominator / c.d), ...factors));
  }
  const numerator = terms.length ? add(...terms) : exprOf(0);
  return denominator === 1n ? numerator : floorDiv(numerator, denominator);
}
