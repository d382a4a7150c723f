// Costs as formulas of the free sizes. The cost rules compute with known sizes (bigint MACs, operation counts); on
// symbolic sizes they give up. Rather than a second symbolic copy of every rule, the rule itself is sampled: each
// distinct symbolic size of the inputs and output is a variable, the rule is evaluated with numbers in their
// place, and the polynomial through those values (degree 1, else 2, in each variable) is fitted exactly with
// rational arithmetic. The fit is then checked at points it was not fitted on; a rule that is not such a polynomial
// of its sizes (the exact count of a transposed convolution's hits, an adaptive pool's windows) fails the check and
// that count stays unknown — never a wrong formula. Substituting each variable's expression gives the cost in the
// input's sizes: Conv2d(3, 6, 5) on (N, 3, H, W) costs 450·N·(H − 4)·(W − 4) MACs.
import { exactTotal, type Cost } from './cost';
import type { LayerDef } from './layer';
import type { LayerOutcome } from './registry';
import { isUnknown, type Value } from './values';
import { exprOf, isKnown, isTuple, type Dim, type Shape, type ShapeTree } from './shape';
import { add, evaluateNumber, floorDiv, freeSymbols, isExpr, mul, pow, type Expr } from './symbolic';

/** MACs and the exact operation count as formulas; a count that is not one polynomial of the sizes is absent. */
export interface SymbolicCost {
  readonly macs?: Expr;
  readonly exact?: Expr;
}

const cache = new WeakMap<LayerOutcome, SymbolicCost | null>();

/**
 * Fits by what determines them — the rule, its arguments, the sizes and which of them are equal — across
 * evaluations and analyses: the blocks of a ResNet repeat the same layer on the same sizes, and a re-analysis
 * repeats them all. The fit is a pure function of these, so a remembered one is the same formula.
 */
const fits = new WeakMap<LayerDef, Map<string, SymbolicCost | null>>();
/** Past this many remembered fits of one rule, the oldest half is forgotten. */
const FITS_PER_RULE = 4096;

/** The symbolic cost of an evaluation on symbolic sizes (computed on first use, then remembered). */
export function symbolicCostOf(outcome: LayerOutcome): SymbolicCost | undefined {
  let c = cache.get(outcome);
  if (c === undefined) cache.set(outcome, (c = remembered(outcome) ?? null));
  return c ?? undefined;
}

function remembered(o: LayerOutcome): SymbolicCost | undefined {
  const key = o.status === 'ok' && !o.cost ? signature(o) : undefined;
  if (key === undefined) return compute(o);
  let byKey = fits.get(o.def);
  if (!byKey) fits.set(o.def, (byKey = new Map()));
  const known = byKey.get(key);
  if (known !== undefined) return known ?? undefined;
  const c = compute(o);
  if (byKey.size >= FITS_PER_RULE) for (const k of [...byKey.keys()].slice(0, FITS_PER_RULE / 2)) byKey.delete(k);
  byKey.set(key, c ?? null);
  return c;
}

/** A shape tree as text, each size written by `dim`. */
function treeText(t: ShapeTree, dim: (d: Dim) => string): string {
  return isTuple(t) ? `${t.keys ? `{${t.keys.join(';')}}` : ''}(${t.tuple.map((x) => (x === null ? '-' : treeText(x, dim))).join(';')})` : `[${t.map(dim).join(',')}]`;
}

/** What compute() reads of an evaluation, as text; undefined when an argument is not plain data. */
function signature(o: LayerOutcome): string | undefined {
  if (!o.inputs || !o.output || !o.args) return undefined;
  const alias = aliases(o);
  const dim = (d: Dim): string => (isKnown(d) ? String(d) : `${d.key}~${alias(d.key)}`);
  const args = argsText(o.args);
  return args === undefined ? undefined : `${args}#${o.inputs.map((t) => treeText(t, dim)).join('')}>${treeText(o.output, dim)}`;
}

/** An evaluation's arguments as text; undefined when one is not plain data. */
function argsText(a: NonNullable<LayerOutcome['args']>): string | undefined {
  const args: string[] = [];
  for (const [name, v] of Object.entries(a)) {
    const text = valueText(v);
    if (text === undefined) return undefined;
    args.push(`${name}:${text}`);
  }
  return args.join('|');
}

function valueText(v: unknown): string | undefined {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v}:${String(v)}`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) {
    const items = v.map(valueText);
    return items.some((x) => x === undefined) ? undefined : `[${items.join(',')}]`;
  }
  if (isExpr(v)) return `expr:${v.key}`;
  if (isUnknown(v as Value)) return `unknown:${JSON.stringify((v as { why: string }).why)}`;
  return undefined;
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
  const index = new Map(vars.map((v, i) => [v.key, i]));
  const slot = (d: Dim): number => index.get(alias(exprOf(d).key)) as number;
  const slots = inputs.map((s) => s.map((d) => (isKnown(d) ? -1 : slot(d))));
  // Both fits (MACs, exact count) sample the rule at many of the same points: each is evaluated once.
  const seen = new Map<string, [bigint, bigint] | undefined>();
  const at = (values: readonly number[]): [bigint, bigint] | undefined => {
    const key = values.join(',');
    if (seen.has(key)) return seen.get(key);
    const dim = (d: Dim): number => (isKnown(d) ? d : values[slot(d)]);
    let result: [bigint, bigint] | undefined;
    try {
      const shapes = inputs.map((s, i) => s.map((d, j) => (slots[i][j] < 0 ? d as number : values[slots[i][j]])));
      const c: Cost = def.cost(args, shapes, mapTree(output, dim));
      result = [c.macs, exactTotal(c.exact)];
    } catch {
      result = undefined;
    }
    seen.set(key, result);
    return result;
  };
  const fitBoth = () => [0, 1].map((field) => fit((values) => at(values)?.[field], vars.length));
  let points: number[][] | undefined; // both fits are checked at the same points, made on first use
  const fitted = fittedBefore(o, slots, (d) => (isKnown(d) ? String(d) : `v${slot(d)}`), fitBoth)
    .map((p, field) => (p && holdsOnInputs(p, (points ??= inputPoints(vars)), (values) => at(values)?.[field]) ? p : undefined));
  const toExpr = (p: Poly | undefined): Expr | undefined => (p ? polyExpr(p, vars) : undefined);
  const [macs, exact] = fitted.map(toExpr);
  return macs || exact ? { macs, exact } : undefined;
}

/**
 * The polynomials fitted (before the check on real inputs) by what the fit reads: the rule, its arguments, the known
 * sizes and which variable stands at each symbolic place. Deep in a network every layer's sizes are other
 * expressions — (H − 4) / 2, then ((H − 4) / 2 − 2) / 2 — but a layer seen again with the same arguments on the same
 * pattern of sizes fits the same polynomial of its variables; only the check and the substitution read the
 * expressions, and they are done for each evaluation.
 */
const polys = new WeakMap<LayerDef, Map<string, (Poly | undefined)[]>>();

function fittedBefore(o: LayerOutcome, slots: readonly (readonly number[])[], dim: (d: Dim) => string,
  fitBoth: () => (Poly | undefined)[]): (Poly | undefined)[] {
  const args = argsText(o.args!);
  if (args === undefined) return fitBoth();
  const key = `${args}#${o.inputs!.map((s, i) => `[${s.map((d, j) => (slots[i][j] < 0 ? String(d) : `v${slots[i][j]}`)).join(',')}]`).join('')}>${treeText(o.output!, dim)}`;
  let byKey = polys.get(o.def);
  if (!byKey) polys.set(o.def, (byKey = new Map()));
  let fitted = byKey.get(key);
  if (fitted === undefined) {
    fitted = fitBoth();
    if (byKey.size >= FITS_PER_RULE) for (const k of [...byKey.keys()].slice(0, FITS_PER_RULE / 2)) byKey.delete(k);
    byKey.set(key, fitted);
  }
  return fitted;
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
  return isTuple(t) ? { tuple: t.tuple.map((x) => (x === null ? null : mapTree(x, f))), ...(t.keys ? { keys: t.keys } : {}) } : t.map(f);
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

/**
 * A polynomial: exponent vector → coefficient. The vector is one number, exponent i in base-8 digit i: a fit has
 * at most 10 variables of degree ≤ 2 each, so multiplying monomials is adding their codes (no digit carries).
 */
type Poly = Map<number, Rational>;
const RADIX = 8;
const unit = (i: number): number => RADIX ** i;
const exponents = (code: number, r: number): number[] =>
  Array.from({ length: r }, (_x, i) => Math.floor(code / RADIX ** i) % RADIX);

function polyMul(p: Poly, q: Poly): Poly {
  const out: Poly = new Map();
  for (const [ka, a] of p) for (const [kb, b] of q) {
    const k = ka + kb;
    const sum = addR(out.get(k) ?? rat(0n), mulR(a, b));
    if (sum.n === 0n) out.delete(k); else out.set(k, sum);
  }
  return out;
}

/** The Lagrange basis polynomial of node j among `nodes`, in variable i. */
function basis(nodes: readonly number[], j: number, i: number): Poly {
  let p: Poly = new Map([[0, rat(1n)]]);
  nodes.forEach((x, m) => {
    if (m === j) return;
    const denom = BigInt(nodes[j] - x);
    p = polyMul(p, new Map([[unit(i), rat(1n, denom)], [0, rat(BigInt(-x), denom)]]));
  });
  return p;
}

function evalPoly(p: Poly, values: readonly number[]): Rational {
  let n = 0n;
  let d = 1n;
  for (const [k, c] of p) {
    let term = c.n;
    exponents(k, values.length).forEach((e, i) => { if (e > 0) term *= BigInt(values[i]) ** BigInt(e); });
    // n/d + term/c.d over the least common denominator, reduced once at the end
    const common = (d * c.d) / gcd(d, c.d);
    [n, d] = [n * (common / d) + term * (common / c.d), common];
  }
  return rat(n, d);
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
    const p = fitGrid(f, base, relevant, degree);
    if (p && verify(f, p, base)) return p;
  }
  return undefined;
}

function fitGrid(f: (values: readonly number[]) => bigint | undefined, base: readonly number[], relevant: readonly number[],
  degree: number): Poly | undefined {
  const nodes = relevant.map((i) => Array.from({ length: degree + 1 }, (_x, j) => base[i] + 4 * j));
  const bases = relevant.map((i, t) => nodes[t].map((_x, j) => basis(nodes[t], j, i)));
  const total: Poly = new Map();
  const count = (degree + 1) ** relevant.length;
  for (let n = 0; n < count; n++) {
    const idx = relevant.map((_x, t) => Math.floor(n / (degree + 1) ** t) % (degree + 1));
    const point = [...base];
    relevant.forEach((i, t) => { point[i] = nodes[t][idx[t]]; });
    const v = f(point);
    if (v === undefined) return undefined;
    if (v === 0n) continue;
    let term: Poly = new Map([[0, rat(v)]]);
    relevant.forEach((_i, t) => { term = polyMul(term, bases[t][idx[t]]); });
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
 * values, every size is computed from them (inputPoints), and the rule and the fit must agree at each such point.
 */
function holdsOnInputs(p: Poly, points: readonly (readonly number[])[], f: (values: readonly number[]) => bigint | undefined): boolean {
  let checked = 0;
  for (const values of points) {
    const v = f(values);
    if (v === undefined) continue;
    const expected = evalPoly(p, values);
    if (expected.d !== 1n || expected.n !== v) return false;
    checked++;
  }
  return checked > 0;
}

/** The variables' values where the free sizes take the CHECK_VALUES; points where a size is below 1 are no input at all. */
function inputPoints(vars: readonly Variable[]): number[][] {
  const symbols = [...new Set(vars.flatMap((v) => freeSymbols(v.expr)))];
  const points: number[][] = [];
  for (let k = 0; k < CHECK_VALUES.length; k++) {
    const env = Object.fromEntries(symbols.map((s, i) => [s, CHECK_VALUES[(k + 3 * i) % CHECK_VALUES.length]]));
    const values = vars.map((v) => evaluateNumber(v.expr, env)); // NaN past the safe integers: skipped
    if (!values.some((x) => x < 1 || !Number.isSafeInteger(x))) points.push(values);
  }
  return points;
}

/** The polynomial with each variable replaced by its size's expression: Σ c·Π x^e, over a common denominator. */
function polyExpr(p: Poly, vars: readonly Variable[]): Expr {
  let denominator = 1n;
  for (const c of p.values()) denominator = (denominator * c.d) / gcd(denominator, c.d);
  const terms: Expr[] = [];
  for (const [key, c] of p) {
    const factors: Expr[] = exponents(key, vars.length).map((e, i) => pow(vars[i].expr, e));
    terms.push(mul(c.n * (denominator / c.d), ...factors));
  }
  const numerator = terms.length ? add(...terms) : exprOf(0);
  return denominator === 1n ? numerator : floorDiv(numerator, denominator);
}
