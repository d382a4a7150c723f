// Constraints that couple two or more sizes. Their solution set is kept as a union of disjoint boxes (Cartesian
// products of per-size sets): "H ∈ 32…35 with W ∈ 32…35, or H ∈ 16…19 with W ∈ 112…115, …". A constraint
// refines each box either by enumeration (when the box holds at most POINT_LIMIT points) or, for an equality
// that separates into an H-part and a W-part (k·g(H)·h(W) = c, or g(H) + h(W) = c), through the tables of the
// values each part takes: linear in the sizes instead of quadratic.

import { absInt, constantValue, freeSymbols, fromTerms, mul, ONE, pow, sub, type Expr } from './expr';
import { compile, evaluate, intervalBounds } from './eval';
import { factorize } from './factor';
import { chooseValue, IntSet, IntSetBuilder, setOf, type Range } from './intset';
import { filterDomain, ge, le, nearestFits, tester, work, type NearFit, type Work } from './constraint';

export type Box = ReadonlyMap<string, IntSet>;

/** Points a constraint may enumerate in one box (≈ 10–30 ms at worst). */
export const POINT_LIMIT = 1 << 18;

export function pointCount(box: Box, vars: readonly string[]): number {
  let n = 1;
  for (const v of vars) n *= setOf(box, v).size;
  return n;
}

/** Every point of the box over `vars`, in lexicographic order (one array, reused: copy it to keep it). */
export function* pointsOf(box: Box, vars: readonly string[]): Generator<number[]> {
  const sets = vars.map((v) => [...setOf(box, v).values()]);
  if (sets.some((s) => s.length === 0)) return;
  const index = vars.map(() => 0);
  const point = sets.map((s) => s[0]);
  for (;;) {
    yield point;
    let i = vars.length - 1;
    while (i >= 0 && ++index[i] === sets[i].length) { index[i] = 0; point[i] = sets[i][0]; i--; }
    if (i < 0) return;
    point[i] = sets[i][index[i]];
  }
}

/** The boxes inside `box` where the constraint holds, or undefined when that is too costly to find. */
export function refine(box: Box, w: Work): Box[] | undefined {
  // Interval bounds over the box often settle it at once (a BatchNorm's N·⌈H/8⌉·⌈W/8⌉ ≥ 2 once H, W ≥ 17):
  // the same points as enumerating them, without visiting each.
  const settled = boundsVerdict(box, w);
  if (settled === 'everywhere') return [box];
  if (settled === 'nowhere') return [];
  if (pointCount(box, w.symbols) <= POINT_LIMIT) return enumerate(box, w);
  const split = separate(w);
  return split ? solveSeparated(box, split) : undefined;
}

/** Whether the constraint holds at every point of the box, at none, or (undefined) the bounds do not say. */
function boundsVerdict(box: Box, w: Work): 'everywhere' | 'nowhere' | undefined {
  const relation = w.constraint.relation;
  if (relation === 'divisible') return undefined;
  const ranges: Record<string, { lo: number | undefined; hi: number | undefined }> = {};
  for (const v of w.symbols) {
    const set = setOf(box, v);
    if (set.isEmpty) return 'nowhere';
    ranges[v] = { lo: set.min, hi: set.max };
  }
  const { lo, hi } = intervalBounds(sub(w.left, w.right), ranges);
  const atLeast = (t: bigint): boolean => lo !== null && lo >= t, atMost = (t: bigint): boolean => hi !== null && hi <= t;
  switch (relation) {
    case '>=': return atLeast(0n) ? 'everywhere' : atMost(-1n) ? 'nowhere' : undefined;
    case '>': return atLeast(1n) ? 'everywhere' : atMost(0n) ? 'nowhere' : undefined;
    case '<=': return atMost(0n) ? 'everywhere' : atLeast(1n) ? 'nowhere' : undefined;
    case '<': return atMost(-1n) ? 'everywhere' : atLeast(0n) ? 'nowhere' : undefined;
    case '=': return atLeast(0n) && atMost(0n) ? 'everywhere' : atLeast(1n) || atMost(-1n) ? 'nowhere' : undefined;
  }
}

/** Rows over all but the last variable, each with the set of the last variable that satisfies the constraint. */
function enumerate(box: Box, w: Work): Box[] {
  const vars = w.symbols, last = vars.length - 1;
  const test = tester(w, vars);
  const point = vars.map(() => 0);
  const out: Box[] = [];
  for (const prefix of pointsOf(box, vars.slice(0, last))) {
    prefix.forEach((v, i) => { point[i] = v; });
    const set = setOf(box, vars[last]).filter((v) => { point[last] = v; return test(point); });
    if (set.isEmpty) continue;
    const row = new Map(box);
    prefix.forEach((v, i) => row.set(vars[i], IntSet.of(v)));
    out.push(row.set(vars[last], set));
  }
  return out;
}

/** An equality of two sizes x, y written as parts(x) ⊕ parts(y) = target, ⊕ being · (with a content) or +. */
interface Separated {
  readonly work: Work;
  readonly kind: 'product' | 'sum';
  readonly content: bigint;
  readonly vars: readonly [string, string];
  readonly parts: readonly [Expr, Expr];
  readonly target: bigint;
}

/** Tries left = c, right = c and left − right = 0 (moving the constant across) in product and sum form. */
export function separate(w: Work): Separated | undefined {
  if (w.constraint.relation !== '=' || w.symbols.length !== 2) return undefined;
  const vars = [w.symbols[0], w.symbols[1]] as const;
  const gap = sub(w.left, w.right);
  const forms: Array<[Expr, bigint]> = [];
  const rc = constantValue(w.right), lc = constantValue(w.left);
  if (rc !== undefined) forms.push([w.left, rc]);
  if (lc !== undefined) forms.push([w.right, lc]);
  forms.push([sub(gap, gap.constant), -gap.constant]);
  for (const [e, target] of forms) {
    const f = factorize(e);
    const parts = new Map<string, Expr>(vars.map((v) => [v, ONE]));
    const oneSymbolEach = f.factors.every(({ base, exp }) => {
      const s = freeSymbols(base);
      if (s.length === 1) parts.set(s[0], mul(parts.get(s[0]) as Expr, pow(base, exp)));
      return s.length === 1;
    });
    const [px, py] = vars.map((v) => parts.get(v) as Expr);
    if (oneSymbolEach && constantValue(px) === undefined && constantValue(py) === undefined) {
      return { work: w, kind: 'product', content: f.content, vars, parts: [px, py], target };
    }
    const sums = vars.map((v) => e.terms.filter((t) => { const s = freeSymbols(fromTerms([t])); return s.length === 1 && s[0] === v; }));
    if (sums[0].length + sums[1].length === e.terms.length) {
      const [sx, sy] = sums.map((terms) => fromTerms(terms));
      return { work: w, kind: 'sum', content: 1n, vars, parts: [sx, sy], target: target - e.constant };
    }
  }
  return undefined;
}

/** A value of a part: a number while exact in doubles, else a bigint (so equal values are equal Map keys). */
type PartValue = number | bigint;
const big = (v: PartValue): bigint => (typeof v === 'bigint' ? v : BigInt(v));
const normal = (v: bigint): PartValue => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);

/** value → the sizes in `domain` at which `part` takes it (built into sets only when asked for). */
class ValueTable {
  private readonly builders = new Map<PartValue, IntSetBuilder>();
  private readonly built = new Map<PartValue, IntSet>();
  constructor(part: Expr, name: string, domain: IntSet) {
    const f = compile(part, [name]);
    const point = [0];
    domain.forEach((v) => {
      point[0] = v;
      const n = f(point);
      const value = Number.isNaN(n) ? normal(evaluate(part, { [name]: v })) : n;
      let b = this.builders.get(value);
      if (!b) this.builders.set(value, (b = new IntSetBuilder()));
      b.add(v);
    });
  }
  values(): bigint[] { return [...this.builders.keys()].map(big); }
  get(value: bigint): IntSet | undefined {
    const key = normal(value);
    let set = this.built.get(key);
    if (!set) {
      const b = this.builders.get(key);
      if (!b) return undefined;
      this.built.set(key, (set = b.build()));
    }
    return set;
  }
}

/** The other part's value that completes u, or undefined when none does (or any does: 'any'). */
function partner(s: Separated, u: bigint): bigint | 'any' | undefined {
  if (s.kind === 'sum') return s.target - u;
  const ku = s.content * u;
  if (ku === 0n) return s.target === 0n ? 'any' : undefined;
  return s.target % ku === 0n ? s.target / ku : undefined;
}

/**
 * Before tabulating, each size's domain shrinks to where its part can still meet the target: a factor of a
 * non-zero product divides it (|u| ≤ |target/content|), a summand stays within target minus the other's
 * bounds. filterDomain does that by binary search when the part is monotone, so a flatten = in_features
 * equation looks at tens of sizes instead of thousands.
 */
function narrow(box: Box, s: Separated): Box {
  const out = new Map(box);
  const within = (i: 0 | 1, lo: bigint | null, hi: bigint | null): void => {
    const name = s.vars[i];
    let set = setOf(out, name);
    if (hi !== null) set = filterDomain(work(le(s.parts[i], hi), -1), set);
    if (lo !== null) set = filterDomain(work(ge(s.parts[i], lo), -1), set);
    out.set(name, set);
  };
  if (s.kind === 'product' && s.target !== 0n) {
    // |u| ≤ |target/content| for a factor u of a non-zero product (a margin of 1 covers the truncation).
    const m = absInt(s.target / s.content) + 1n;
    within(0, -m, m);
    within(1, -m, m);
  } else if (s.kind === 'sum') {
    for (const i of [0, 1] as const) {
      const other = setOf(out, s.vars[1 - i]);
      if (other.isEmpty) continue;
      const b = intervalBounds(s.parts[1 - i], { [s.vars[1 - i]]: { lo: other.min, hi: other.max } });
      within(i, b.hi === null ? null : s.target - b.hi, b.lo === null ? null : s.target - b.lo);
    }
  }
  return out;
}

function solveSeparated(whole: Box, s: Separated): Box[] {
  const [x, y] = s.vars;
  const box = narrow(whole, s);
  const tx = new ValueTable(s.parts[0], x, setOf(box, x)), ty = new ValueTable(s.parts[1], y, setOf(box, y));
  const out: Box[] = [];
  for (const u of tx.values()) {
    const v = partner(s, u);
    // 'any' (0·v = 0) takes the other size's whole set, which narrowing does not touch for a zero target.
    const setY = v === 'any' ? whole.get(y) : v === undefined ? undefined : ty.get(v);
    if (setY) out.push(new Map(box).set(x, tx.get(u) as IntSet).set(y, setY)); // u came from tx
  }
  return out;
}

/**
 * Nearest fits of a separated equality over a box too large to enumerate: for each value u of the x-part, the
 * y-part values around the one that would complete it (binary search in the sorted table).
 */
function nearestSeparated(box: Box, s: Separated): NearFit[] {
  const [x, y] = s.vars;
  const tx = new ValueTable(s.parts[0], x, setOf(box, x)), ty = new ValueTable(s.parts[1], y, setOf(box, y));
  const vs = ty.values().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const combine = (u: bigint, v: bigint): bigint => (s.kind === 'sum' ? u + v : s.content * u * v);
  const best: Array<{ distance: bigint; u: bigint; v: bigint } | undefined> = [undefined, undefined];
  for (const u of tx.values()) {
    const slope = s.kind === 'sum' ? 1n : s.content * u; // combine(u, ·) is monotone with this sign
    let lo = 0, hi = vs.length; // first index whose combined value is on the far side of the target
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = combine(u, vs[mid]);
      if (slope >= 0n ? c >= s.target : c <= s.target) hi = mid; else lo = mid + 1;
    }
    for (const i of [lo - 1, lo]) {
      if (i < 0 || i >= vs.length) continue;
      const c = combine(u, vs[i]);
      if (c === s.target) continue;
      const side = c < s.target ? 0 : 1, distance = c < s.target ? s.target - c : c - s.target;
      const b = best[side];
      if (!b || distance < b.distance) best[side] = { distance, u, v: vs[i] };
    }
  }
  return best.filter((b): b is { distance: bigint; u: bigint; v: bigint } => b !== undefined).map((b) => {
    const at = { [x]: chooseValue(tx.get(b.u) as IntSet) as number, [y]: chooseValue(ty.get(b.v) as IntSet) as number }; // both from the tables
    return { value: evaluate(s.work.left, at), wanted: evaluate(s.work.right, at), at };
  }).sort((a, b) => (a.value < b.value ? -1 : 1));
}

/** The nearest fits of a constraint that holds nowhere in `boxes`, when they can be found at a bearable cost. */
export function nearestInBoxes(boxes: readonly Box[], w: Work): NearFit[] {
  const total = boxes.reduce((n, b) => n + pointCount(b, w.symbols), 0);
  if (total <= POINT_LIMIT) {
    const all = function* (): Generator<number[]> { for (const b of boxes) yield* pointsOf(b, w.symbols); };
    return nearestFits(w, w.symbols, all());
  }
  const s = separate(w);
  if (!s || boxes.length !== 1) return [];
  return nearestSeparated(boxes[0], s);
}

/** Unites boxes that agree on all sizes but one, until none do: the rows of an enumeration become ranges. */
export function mergeBoxes(boxes: readonly Box[], symbols: readonly string[]): Box[] {
  let current = [...boxes];
  for (let changed = true; changed && current.length > 1;) {
    changed = false;
    for (const s of symbols) {
      const groups = new Map<string, { box: Box; ranges: Range[]; count: number }>();
      for (const b of current) {
        const signature = symbols.filter((t) => t !== s).map((t) => setOf(b, t).key).join('|');
        const g = groups.get(signature);
        if (g) { g.ranges.push(...setOf(b, s).ranges); g.count++; }
        else groups.set(signature, { box: b, ranges: [...setOf(b, s).ranges], count: 1 });
      }
      if (groups.size === current.length) continue;
      changed = true;
      current = [...groups.values()].map((g) => (g.count === 1 ? g.box : new Map(g.box).set(s, IntSet.fromRanges(g.ranges))));
    }
  }
  const order = (a: Box, b: Box): number => {
    for (const s of symbols) { const d = (setOf(a, s).min ?? 0) - (setOf(b, s).min ?? 0); if (d) return d; }
    return 0;
  };
  return current.sort(order);
}
