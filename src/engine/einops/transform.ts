// rearrange, repeat and reduce: one recipe, as in einops (einops/einops.py _prepare_transformation_recipe and
// _reconstruct_from_shape), written here from its documented rules (https://einops.rocks/api/rearrange/).
//
//   plan   (the pattern and the names of the keyword lengths alone; a layer checks this when it is built)
//          rearrange: the same axes on both sides, no anonymous axis but 1; repeat: every input axis is kept, every
//          new named axis has its length given; reduce: no output axis the input lacks. An ellipsis on the output
//          needs one on the input, never inside parentheses there. A keyword length names an axis of the pattern.
//          Each input group has at most one axis whose length is neither a number nor given.
//   shape  the input's rank is the number of input groups (at least that many minus one, with an ellipsis, which
//          takes the rest). Per input group, the product of its known lengths divides the dimension (or equals it,
//          when nothing is left to infer); the one unknown axis gets the quotient. Each output group is the product
//          of its axes' lengths. A symbolic size passes through whole; a symbolic size split by a known product k
//          becomes ⌊size/k⌋ (assuming it divides); a product of two sizes when one is symbolic is not representable.
//          A keyword length may be symbolic in the functions (`h = height // wsz` of a symbolic input): the group's
//          other length is then the exact quotient when there is one (N·⌊H/28⌋·⌊W/28⌋ / (⌊H/28⌋·⌊W/28⌋) = N), else
//          unknown; a group whose lengths are all given must equal their product (a constraint).
import { fail, UnknownValueError } from '../diagnostic';
import { needDivisible, needEqual } from '../assume';
import { dimOf, exprOf, floorAffine, formatDim, formatShape, isKnown, productDim, type Dim, type Shape } from '../shape';
import { divideExact, isExpr } from '../symbolic';
import { isUnknown, show, type Value } from '../values';
import { line, type WorkingLine } from '../working';
import {
  axesText, axisNameProblem, axisText, ELLIPSIS, parseExpression, splitArrow, type Axis, type Expression, type Group,
} from './parse';

export type Operation = 'rearrange' | 'repeat' | 'reduce';
/** einops' reductions (the strings reduce takes). */
export const REDUCTIONS = ['min', 'max', 'sum', 'mean', 'prod', 'any', 'all'] as const;

export interface Plan {
  readonly owner: string;
  readonly op: Operation;
  readonly pattern: string;
  readonly left: Expression;
  readonly right: Expression;
}

const shapeError = (owner: string, message: string): never => fail('einops-shape', `${owner}: ${message}`);
const patternError = (owner: string, message: string): never => fail('einops-pattern', `${owner}: ${message}`);

// ── Keyword lengths ─────────────────────────────────────────────────────────────────────────────────────────────
/** The [name, value] pairs a `**axes_lengths` entry collected (values.ts bindArgs `kwargs`). */
export function lengthPairs(v: Value | undefined): [string, Value][] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return fail('bad-arguments', `axes lengths must be given as keywords, got ${show(v)}`);
  return v.map((p) => {
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string') return fail('bad-arguments', `axes lengths must be given as keywords, got ${show(v)}`);
    return [p[0], p[1]];
  });
}

/** The given lengths as sizes, symbolic ones included (the functions' `**axes_lengths`). */
export function lengthDims(owner: string, pairs: readonly [string, Value][]): Map<string, Dim> {
  return new Map(pairs.map(([name, v]) => [name, isExpr(v) ? dimOf(v) : lengthValue(owner, name, v)]));
}

/** The given lengths as integers: unknown when one is not known statically. */
export function lengthValues(owner: string, pairs: readonly [string, Value][]): Map<string, number> {
  return new Map(pairs.map(([name, v]) => [name, lengthValue(owner, name, v)]));
}

/** One given length as an integer, or the error (or unknown) that says why it is not one. */
function lengthValue(owner: string, name: string, v: Value): number {
  if (isUnknown(v)) throw new UnknownValueError(`${owner}: the length ${name}: ${v.why}`);
  if (typeof v !== 'number' || !Number.isInteger(v)) fail('bad-arguments', `${owner}: the length of axis ${name} must be an integer, got ${show(v)}`);
  if ((v as number) < 0) fail('bad-arguments', `${owner}: the length of axis ${name} must not be negative, got ${v}`);
  return v as number;
}

// ── Plan: the pattern alone ─────────────────────────────────────────────────────────────────────────────────────
export function planTransform(owner: string, op: Operation, pattern: string, names: readonly string[], reductionKnown = true): Plan {
  const [l, r] = splitArrow(owner, pattern);
  const left = parseExpression(owner, l);
  const right = parseExpression(owner, r);
  if (!left.hasEllipsis && right.hasEllipsis) patternError(owner, `ellipsis found in right side, but not left side of a pattern '${pattern}'`);
  if (left.ellipsisInGroup) patternError(owner, `ellipsis inside parenthesis in the left side is not allowed: '${pattern}'`);
  const onlyIn = (a: Expression, b: Expression) => [...a.identifiers].filter((x) => !b.identifiers.has(x));
  if (op === 'rearrange') {
    if (left.hasNumbers || right.hasNumbers) patternError(owner, 'non-unitary anonymous axes are not supported in rearrange (exception is length 1)');
    const diff = [...onlyIn(left, right), ...onlyIn(right, left)];
    if (diff.length) patternError(owner, `identifiers only on one side of expression (should be on both): ${axesText(diff)} in '${pattern}'`);
  } else if (op === 'repeat') {
    const lost = onlyIn(left, right);
    if (lost.length) patternError(owner, `unexpected identifiers on the left side of repeat: ${axesText(lost)} in '${pattern}'`);
    const unsized = onlyIn(right, left).filter((a) => typeof a === 'string' && !names.includes(a));
    if (unsized.length) patternError(owner, `specify sizes for new axes in repeat: ${axesText(unsized)} ('${pattern}')`);
  } else {
    const added = onlyIn(right, left);
    // A reduction not known statically might be 'repeat' (reduce accepts its name): only a known one can be wrong here.
    if (added.length && !reductionKnown) throw new UnknownValueError(`${owner}: the reduction is not known statically and '${pattern}' adds axes`);
    if (added.length) patternError(owner, `unexpected identifiers on the right side of reduce: ${axesText(added)} in '${pattern}'`);
  }
  for (const name of names) {
    const problem = axisNameProblem(name);
    if (problem) patternError(owner, `invalid name for an axis: ${name} (${problem})`);
    if (!left.identifiers.has(name) && !right.identifiers.has(name)) patternError(owner, `axis ${name} is not used in transform '${pattern}'`);
  }
  for (const g of left.composition) {
    if (g === ELLIPSIS) continue;
    const unknown = g.filter((a) => typeof a === 'string' && !names.includes(a));
    if (unknown.length > 1) patternError(owner, `could not infer sizes for ${axesText(unknown)} in '${pattern}': give all but one of them by keyword`);
  }
  return { owner, op, pattern, left, right };
}

// ── Shape: the plan on an input ─────────────────────────────────────────────────────────────────────────────────
/** An elementary axis: a name, an anonymous axis, or the i-th axis the ellipsis stands for (`…0`, `…1`). */
type Elementary = Axis;

export interface Applied {
  readonly output: Shape;
  readonly working: WorkingLine[];
  /** The length of every elementary axis. */
  readonly lengths: ReadonlyMap<Elementary, Dim>;
  /** The input axes no output group keeps (reduce). */
  readonly reduced: readonly Elementary[];
}

/** The input's groups with the ellipsis expanded into one group per dimension it stands for. */
function expandLeft(plan: Plan, rank: number): { groups: Axis[][]; ellipsis: string[] } {
  const { owner, left } = plan;
  const fixed = left.composition.length - (left.hasEllipsis ? 1 : 0);
  if (left.hasEllipsis ? rank < fixed : rank !== fixed) {
    shapeError(owner, `wrong shape: expected ${left.hasEllipsis ? '>=' : ''}${fixed} dims. Received ${rank}-dim tensor (pattern '${plan.pattern}')`);
  }
  const ellipsis = Array.from({ length: rank - fixed }, (_x, i) => `${ELLIPSIS}${i}`);
  const groups: Axis[][] = [];
  for (const g of left.composition) {
    if (g === ELLIPSIS) ellipsis.forEach((e) => groups.push([e]));
    else groups.push([...g]);
  }
  return { groups, ellipsis };
}

/** An output group's axes, the ellipsis expanded in place. */
const expandGroup = (g: Group, ellipsis: readonly string[]): Axis[][] =>
  (g === ELLIPSIS ? ellipsis.map((e) => [e]) : [g.flatMap((a): Axis[] => (a === ELLIPSIS ? [...ellipsis] : [a]))]);

/** The known length of an axis before the input is read: an anonymous axis, or one given by keyword. */
const knownLength = (a: Axis, given: ReadonlyMap<string, Dim>): Dim | undefined =>
  (typeof a === 'string' ? given.get(a) : a.size);

/**
 * The length of a group's one unknown axis from its dimension d and the product k of its known lengths: d/k, or
 * einops' "Shape mismatch" (d must equal k when nothing is unknown). A symbolic d gives ⌊d/k⌋, assuming k divides.
 */
function splitDim(plan: Plan, shape: Shape, i: number, g: readonly Axis[], k: Dim, unknown: Axis | undefined, notes: Map<Axis, string>): Dim | undefined {
  const { owner } = plan;
  const d = shape[i];
  // the group as the pattern writes it: `1`, `h`, `(h 2)`
  const written = (a: Axis) => (typeof a === 'string' ? a : String(a.size));
  const what = g.length === 0 ? '1' : g.length === 1 ? written(g[0]) : `(${g.map(written).join(' ')})`;
  const value = what === formatDim(k) ? what : `${what} = ${formatDim(k)}`;
  if (!isKnown(k)) return splitBySymbolic(plan, shape, i, k, unknown, value, notes);
  if (unknown === undefined) {
    if (!isKnown(d)) {
      needEqual(undefined, d, k, { source: `dimension ${i} of the input`, requiredBy: `${owner} ('${plan.pattern}': ${value})` },
        () => shapeError(owner, `shape mismatch, ${formatDim(d)} != ${k}: dimension ${i} of the input ${formatShape(shape)} is ${value} in '${plan.pattern}'`));
      return undefined;
    }
    if (d !== k) shapeError(owner, `shape mismatch, ${d} != ${k}: dimension ${i} of the input ${formatShape(shape)} is ${value} in '${plan.pattern}'`);
    return undefined;
  }
  if (k === 0) shapeError(owner, `cannot infer ${axisText(unknown)} in ${what}: the other lengths multiply to 0`);
  if (k === 1) return d;
  if (!isKnown(d)) {
    const exact = divideExact(exprOf(d), k);
    if (exact) {
      notes.set(unknown, `${axisText(unknown)} = ${formatDim(d)}/${k} = ${formatDim(dimOf(exact))}`);
      return dimOf(exact);
    }
    needDivisible(undefined, d, k, { source: `dimension ${i} of the input`, requiredBy: `${owner} ('${plan.pattern}': ${what} in chunks of ${k})` },
      () => shapeError(owner, `shape mismatch, can't divide axis of length ${formatDim(d)} in chunks of ${k}`));
    notes.set(unknown, `${axisText(unknown)} = ${formatDim(d)}/${k} (${k} divides ${formatDim(d)})`);
    return floorAffine(d, 0, k, 0);
  }
  if (d % k !== 0) {
    shapeError(owner, `shape mismatch, can't divide axis of length ${d} in chunks of ${k}: dimension ${i} of the input ${formatShape(shape)} ` +
      `is ${what} in '${plan.pattern}'`);
  }
  notes.set(unknown, `${axisText(unknown)} = ${d}/${k} = ${d / k}`);
  return d / k;
}

/**
 * splitDim where the given lengths multiply to a symbolic k: the one axis left is d/k when that is exact; with none
 * left, d = k (a constraint where it is not the same size); otherwise the length is not known statically.
 */
function splitBySymbolic(plan: Plan, shape: Shape, i: number, k: Dim, unknown: Axis | undefined, value: string, notes: Map<Axis, string>): Dim | undefined {
  const { owner } = plan;
  const d = shape[i];
  if (unknown === undefined) {
    needEqual(undefined, d, k, { source: `dimension ${i} of the input`, requiredBy: `${owner} ('${plan.pattern}': ${value})` },
      () => shapeError(owner, `shape mismatch, ${formatDim(d)} != ${formatDim(k)}: dimension ${i} of the input ${formatShape(shape)} is ${value} in '${plan.pattern}'`));
    return undefined;
  }
  const exact = divideExact(exprOf(d), exprOf(k));
  if (!exact) throw new UnknownValueError(`${owner}: ${axisText(unknown)} = ${formatDim(d)} / ${formatDim(k)}, not an exact quotient statically`);
  notes.set(unknown, `${axisText(unknown)} = ${formatDim(d)}/${formatDim(k)} = ${formatDim(dimOf(exact))}`);
  return dimOf(exact);
}

/** Reads the input's dimensions into the lengths of the elementary axes, group by group, in pattern order. */
export function bindInput(plan: Plan, shape: Shape, given: ReadonlyMap<string, Dim>,
  lengths: Map<Elementary, Dim>, notes: Map<Axis, string>): string[] {
  const { groups, ellipsis } = expandLeft(plan, shape.length);
  groups.forEach((g, i) => {
    const unknown = g.find((a) => knownLength(a, given) === undefined);
    const k = productDim(g.map((a) => knownLength(a, given) ?? 1));
    const inferred = splitDim(plan, shape, i, g, k, unknown, notes);
    for (const a of g) lengths.set(a, a === unknown ? inferred! : knownLength(a, given)!);
  });
  return ellipsis;
}

/** The product of lengths, symbolic sizes included ('b c h w -> b (h w) c' gives H·W). */
export function productOf(_owner: string, dims: readonly Dim[]): Dim {
  return productDim(dims);
}

/** The output shape of a plan on an input: the groups of the output side, each the product of its axes' lengths. */
export function applyPlan(plan: Plan, shape: Shape, given: ReadonlyMap<string, Dim>): Applied {
  const { owner, right } = plan;
  const lengths = new Map<Elementary, Dim>();
  const notes = new Map<Axis, string>();
  const ellipsis = bindInput(plan, shape, given, lengths, notes);
  const inputAxes = [...lengths.keys()];
  for (const g of right.composition) {
    if (g === ELLIPSIS) continue;
    for (const a of g) {
      if (a === ELLIPSIS || lengths.has(a)) continue;
      const k = knownLength(a, given);
      if (k === undefined) throw new Error(`${owner}: no length for ${axisText(a)}`); // the plan rules this out
      lengths.set(a, k); // a new axis of repeat
    }
  }
  const groups = right.composition.flatMap((g) => expandGroup(g, ellipsis));
  const output = groups.map((axes) => productOf(owner, axes.map((a) => lengths.get(a)!)));
  const kept = new Set(groups.flat());
  const reduced = inputAxes.filter((a) => !kept.has(a));
  const named = [...lengths].filter(([a]) => typeof a === 'string' && !isEllipsisAxis(a)).map(([a, d]) => notes.get(a) ?? `${axisText(a)} = ${formatDim(d)}`);
  const working = [line('axes', named.join(', ') || 'none named')];
  if (ellipsis.length) working.push(line('…', `stands for ${formatShape(ellipsis.map((e) => lengths.get(e)!))}`));
  working.push(line('shape', `${formatShape(shape)} → ${right.text.trim() || '()'} = ${formatShape(output)}`));
  if (reduced.length) working.push(line('reduced', reduced.map((a) => (isEllipsisAxis(a) ? `…${formatDim(lengths.get(a)!)}` : axisText(a))).join(', ')));
  return { output, working, lengths, reduced };
}

const isEllipsisAxis = (a: Axis): boolean => typeof a === 'string' && a.startsWith(ELLIPSIS);
