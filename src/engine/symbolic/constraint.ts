// Constraints on sizes, as a layer states them: "the flattened size must equal Linear's in_features",
// "a convolution's output must be at least 1", "view's numel must be divisible by 400"; and what the solver
// does with one constraint: test points fast, and when no point passes, find the nearest fits.

import { constantValue, freeSymbols, fromAtom, modInt, neg, substitute, sub, toExpr, type Atom, type Bindings, type Expr, type ExprLike } from './expr';
import { compile, evaluate, intervalBounds, type Ranges } from './eval';
import { chooseValue, type IntSet, IntSetBuilder } from './intset';

export type Relation = '=' | '>=' | '>' | '<=' | '<' | 'divisible';

/** Words for messages: what computed the left side ("flatten") and what asks for the right one ("Linear(400)"). */
export interface ConstraintLabels {
  readonly source?: string;
  readonly requiredBy?: string;
  /** An assumption rather than a requirement (view(-1, k) keeps the batch): kept only when the model allows it. */
  readonly preferred?: boolean;
}

/**
 * left ⋈ right. By convention `left` is the size the model computes and `right` what is required of it (the
 * nearest-fit report reads that way). For 'divisible', `right` is the divisor, a positive constant.
 */
export interface Constraint extends ConstraintLabels {
  readonly relation: Relation;
  readonly left: Expr;
  readonly right: Expr;
}

/** What a constraint says, as text (its labels apart): two constraints with one key hold for the same sizes. */
export const constraintKey = (c: Constraint): string => `${c.relation}|${c.left.key}|${c.right.key}`;

const make = (relation: Relation, left: ExprLike, right: ExprLike, labels?: ConstraintLabels): Constraint =>
  ({ relation, left: toExpr(left), right: toExpr(right), ...labels });
export const eq = (left: ExprLike, right: ExprLike, labels?: ConstraintLabels): Constraint => make('=', left, right, labels);
export const ge = (left: ExprLike, right: ExprLike, labels?: ConstraintLabels): Constraint => make('>=', left, right, labels);
export const gt = (left: ExprLike, right: ExprLike, labels?: ConstraintLabels): Constraint => make('>', left, right, labels);
export const le = (left: ExprLike, right: ExprLike, labels?: ConstraintLabels): Constraint => make('<=', left, right, labels);
export const lt = (left: ExprLike, right: ExprLike, labels?: ConstraintLabels): Constraint => make('<', left, right, labels);
/** e ≡ 0 (mod k). */
export function divisible(e: ExprLike, k: number | bigint, labels?: ConstraintLabels): Constraint {
  if (BigInt(k) <= 0n) throw new RangeError(`divisible needs a positive divisor, got ${k}`);
  return make('divisible', e, BigInt(k), labels);
}

/** A point where the constraint comes closest to holding: the model gives `value` where `wanted` was needed. */
export interface NearFit {
  readonly value: bigint;
  readonly wanted: bigint;
  /** One such point (conventional sizes first). */
  readonly at: Readonly<Record<string, number>>;
  /** With one free size: every value of it that gives `value`. */
  readonly where?: IntSet;
}

// ── The solver's view of a constraint ──────────────────────────────────────────────────────────────────────

/** A constraint with its sides after the solver's substitutions (aliases, fixed sizes), and its position. */
export interface Work {
  readonly constraint: Constraint;
  readonly index: number;
  readonly left: Expr;
  readonly right: Expr;
  readonly symbols: readonly string[];
}

export function work(constraint: Constraint, index: number, left = constraint.left, right = constraint.right): Work {
  const symbols = [...new Set([...freeSymbols(left), ...freeSymbols(right)])].sort();
  return { constraint, index, left, right, symbols };
}
export const substituteWork = (w: Work, bindings: Bindings): Work =>
  work(w.constraint, w.index, substitute(w.left, bindings), substitute(w.right, bindings));

const divisorOf = (w: Work): bigint => constantValue(w.right) ?? 1n;

/** Does the relation hold, given left − right (or, for 'divisible', left)? */
function holdsFor(relation: Relation, gap: bigint, divisor: bigint): boolean {
  switch (relation) {
    case '=': return gap === 0n;
    case '>=': return gap >= 0n;
    case '>': return gap > 0n;
    case '<=': return gap <= 0n;
    case '<': return gap < 0n;
    case 'divisible': return modInt(gap, divisor) === 0n;
  }
}

export type Test = (values: ArrayLike<number>) => boolean;
type Values = (values: ArrayLike<number>) => bigint;

const env = (vars: readonly string[], values: ArrayLike<number>): Record<string, number> =>
  Object.fromEntries(vars.map((v, i) => [v, values[i]]));

/** Exact values through a compiled closure, falling back to bigints where doubles would not be exact. */
function exactly(e: Expr, vars: readonly string[]): Values {
  const fast = compile(e, vars);
  return (values) => { const n = fast(values); return Number.isNaN(n) ? evaluate(e, env(vars, values)) : BigInt(n); };
}

/** A fast test of the constraint at points given as values of `vars`. */
export function tester(w: Work, vars: readonly string[]): Test {
  const divisor = divisorOf(w);
  const gapExpr = w.constraint.relation === 'divisible' ? w.left : sub(w.left, w.right);
  const fast = compile(gapExpr, vars);
  const relation = w.constraint.relation;
  const d = divisor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(divisor) : NaN; // NaN: always the exact path
  return (values) => {
    const g = fast(values);
    if (Number.isNaN(g) || Number.isNaN(d)) return holdsFor(relation, evaluate(gapExpr, env(vars, values)), divisor);
    switch (relation) {
      case '=': return g === 0;
      case '>=': return g >= 0;
      case '>': return g > 0;
      case '<=': return g <= 0;
      case '<': return g < 0;
      case 'divisible': return g % d === 0;
    }
  };
}

/** For a constraint without free sizes: does it hold? */
export const holdsConstant = (w: Work): boolean =>
  holdsFor(w.constraint.relation, w.constraint.relation === 'divisible' ? evaluate(w.left, {}) : evaluate(sub(w.left, w.right), {}), divisorOf(w));

/**
 * The filtered set of one free size: the values in `domain` at which the constraint holds. Interval bounds
 * over the domain's hull settle many validity constraints (a size ≥ 1) at once; when the difference of the
 * sides is monotone in the size over the domain, the set is a run of the domain found by binary search;
 * otherwise every value is tested.
 */
export function filterDomain(w: Work, domain: IntSet): IntSet {
  if (domain.isEmpty) return domain;
  const relation = w.constraint.relation;
  if (relation === 'divisible') return filterByTest(w, domain);
  const name = w.symbols[0];
  const gap = sub(w.left, w.right);
  const ranges = { [name]: { lo: domain.min, hi: domain.max } };
  const { lo, hi } = intervalBounds(gap, ranges);
  // A lower bound that satisfies ≥ / >, an upper one that satisfies ≤ / <, or both 0 for =.
  const everywhere = relation === '>=' || relation === '>' ? lo !== null && holdsFor(relation, lo, 1n)
    : relation === '<=' || relation === '<' ? hi !== null && holdsFor(relation, hi, 1n)
    : lo === 0n && hi === 0n;
  if (everywhere) return domain;
  const direction = increasing(gap, ranges) ? 1 : increasing(neg(gap), ranges) ? -1 : 0;
  if (direction === 0) return filterByTest(w, domain);
  const value = exactly(gap, [name]);
  const at = (i: number): bigint => value([domain.valueAt(i) as number]);
  // With g = direction·gap non-decreasing along the domain, {g ≥ t} is a tail and {g ≤ t} a head.
  const n = domain.size;
  const firstIndex = (holds: (g: bigint) => boolean): number => {
    let a = 0, b = n;
    while (a < b) { const m = (a + b) >> 1; if (holds(BigInt(direction) * at(m))) b = m; else a = m + 1; }
    return a;
  };
  const atLeast = (t: bigint): IntSet => domain.slice(firstIndex((g) => g >= t), n); // gap·direction ≥ t
  const atMost = (t: bigint): IntSet => domain.slice(0, firstIndex((g) => g > t)); //  gap·direction ≤ t
  // gap ≥ t is direction·gap ≥ t when increasing, direction·gap ≤ −t when decreasing (and the same for ≤).
  const gapAtLeast = (t: bigint): IntSet => (direction === 1 ? atLeast(t) : atMost(-t));
  const gapAtMost = (t: bigint): IntSet => (direction === 1 ? atMost(t) : atLeast(-t));
  switch (relation) {
    case '>=': return gapAtLeast(0n);
    case '>': return gapAtLeast(1n);
    case '<=': return gapAtMost(0n);
    case '<': return gapAtMost(-1n);
    case '=': return gapAtLeast(0n).intersect(gapAtMost(0n));
  }
}

function filterByTest(w: Work, domain: IntSet): IntSet {
  const test = tester(w, w.symbols);
  const point = [0];
  return domain.filter((v) => { point[0] = v; return test(point); });
}

/**
 * Whether e never decreases as its symbols grow within the ranges: positive coefficients on atoms that never
 * decrease (symbols, floors and min/max of such), and in products or powers only atoms that are ≥ 0 there.
 * Sufficient, not necessary.
 */
function increasing(e: Expr, ranges: Ranges): boolean {
  const atomIncreasing = (a: Atom): boolean =>
    a.kind === 'symbol' || (a.kind === 'floor' ? increasing(a.arg, ranges) : a.kind !== 'mod' && a.args.every((x) => increasing(x, ranges)));
  return e.terms.every((t) => t.coeff > 0n && t.powers.every((p) => atomIncreasing(p.atom)
    && ((t.powers.length === 1 && p.exp === 1) || (intervalBounds(fromAtom(p.atom), ranges).lo ?? -1n) >= 0n)));
}

/**
 * Where the constraint comes nearest to holding among `points` (values of `vars`), when it holds at none:
 * for an equality the nearest value below and the nearest above what is wanted; for an inequality or a
 * divisibility the closest miss. With one free size, `where` collects every value giving the same result.
 */
export function nearestFits(w: Work, vars: readonly string[], points: Iterable<ArrayLike<number>>): NearFit[] {
  const left = exactly(w.left, vars), right = exactly(w.right, vars);
  const relation = w.constraint.relation, divisor = divisorOf(w);
  interface Best { distance: bigint; value: bigint; wanted: bigint; first: number[]; where: IntSetBuilder }
  const best: Array<Best | undefined> = [undefined, undefined]; // [below, above]
  for (const point of points) {
    const lv = left(point), rv = right(point);
    let wanted: bigint;
    if (relation === 'divisible') {
      const r = modInt(lv, divisor);
      wanted = r * 2n <= divisor ? lv - r : lv + divisor - r;
    } else {
      // The nearest value of the left side that satisfies the relation against this right side.
      const lowest = relation === '>' ? rv + 1n : rv, highest = relation === '<' ? rv - 1n : rv;
      wanted = relation === '=' ? rv : relation === '>=' || relation === '>' ? (lv < lowest ? lowest : lv) : (lv > highest ? highest : lv);
    }
    if (lv === wanted) continue; // holds here (the caller asks only when it holds nowhere, but be safe)
    const side = lv < wanted ? 0 : 1;
    const distance = lv < wanted ? wanted - lv : lv - wanted;
    const b = best[side];
    if (!b || distance < b.distance) {
      const where = new IntSetBuilder();
      if (vars.length === 1) where.add(point[0]);
      best[side] = { distance, value: lv, wanted, first: Array.from(point), where };
    } else if (distance === b.distance && lv === b.value && vars.length === 1) b.where.add(point[0]);
  }
  return best.filter((b): b is Best => b !== undefined).map((b) => {
    if (vars.length !== 1) return { value: b.value, wanted: b.wanted, at: env(vars, b.first) };
    const where = b.where.build();
    return { value: b.value, wanted: b.wanted, at: { [vars[0]]: chooseValue(where) ?? b.first[0] }, where };
  });
}

/** Whether a constraint holds at the given values; false when a size it names has no value there. */
export function holds(c: Constraint, env: Readonly<Record<string, number>>): boolean {
  try {
    const l = evaluate(c.left, env), r = evaluate(c.right, env);
    switch (c.relation) {
      case '=': return l === r;
      case '>=': return l >= r;
      case '>': return l > r;
      case '<=': return l <= r;
      case '<': return l < r;
      case 'divisible': return ((l % r) + r) % r === 0n;
    }
  } catch {
    return false; // a size without a value
  }
}
