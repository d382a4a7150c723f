// Constraints instead of "unknown": where a rule needs a symbolic size to take a value (Linear's in_features, a
// kernel that must fit, view's element count, two sizes a broadcast or a cat must match), it states what the size
// must satisfy and goes on as if it did. The analysis collects the constraints of a whole model and solves them for
// the input sizes (symbolic/solve.ts); only a model no input satisfies is an error. Known sizes are checked here as
// they always were.
//
// evaluateLayer opens a collection for one evaluation when the caller asks for constraints (EvalContext.assume);
// the helpers below record into it, so rules deep in a family's helpers need no extra parameter. Outside a
// collection (a caller that does not solve), a size that would need a constraint makes the result unknown.
import { UnknownValueError } from './diagnostic';
import type { EvalContext } from './layer';
import { compareDims, exprOf, formatDim, isKnown, neverEqual, sameDim, type Dim } from './shape';
import { divisible, eq, ge, type Constraint, type ConstraintLabels } from './symbolic';

let collecting: Constraint[] | undefined;

/** Runs `fn` with constraints recorded into `into` (undefined: none recorded, such results are unknown). */
export function collectConstraints<T>(into: Constraint[] | undefined, fn: () => T): T {
  const outer = collecting;
  collecting = into;
  try {
    return fn();
  } finally {
    collecting = outer;
  }
}

/**
 * Records the constraint, or, when nothing collects constraints, says the result is not known (`unknownWhy`, written
 * only then: it formats both sizes, and most constraints are recorded, never said).
 */
function record(ctx: EvalContext | undefined, c: Constraint, unknownWhy: () => string): void {
  const into = ctx?.constraints ?? collecting;
  if (!into) throw new UnknownValueError(unknownWhy());
  into.push(c);
}

/** Whether a rule may assume constraints here (so that an ambiguity is worth resolving by one). */
export const assuming = (ctx?: EvalContext): boolean => (ctx?.constraints ?? collecting) !== undefined;

/**
 * value = wanted. Known sizes that differ, or sizes that differ for every input, call `mismatch` (the rule's own
 * error); a symbolic size that may take the value is assumed to.
 */
export function needEqual(ctx: EvalContext | undefined, value: Dim, wanted: Dim, labels: ConstraintLabels, mismatch: () => never): void {
  if (sameDim(value, wanted)) return;
  if (isKnown(value) && isKnown(wanted)) mismatch();
  const c = compareDims(value, wanted);
  if (c === '<' || c === '>') mismatch();
  record(ctx, eq(exprOf(value), exprOf(wanted), labels), () => `${labels.requiredBy ?? 'the rule'}: cannot tell statically whether ${formatDim(value)} = ${formatDim(wanted)}`);
}

/** value ≥ least (a window that must fit, an output size of at least 1). */
export function needAtLeast(ctx: EvalContext | undefined, value: Dim, least: Dim, labels: ConstraintLabels, mismatch: () => never): void {
  const c = compareDims(value, least);
  if (c === '>' || c === '>=' || c === '=') return;
  if (c === '<' || (isKnown(value) && isKnown(least))) mismatch();
  record(ctx, ge(exprOf(value), exprOf(least), labels), () => `${labels.requiredBy ?? 'the rule'}: cannot tell statically whether ${formatDim(value)} ≥ ${formatDim(least)}`);
}

/**
 * A condition every valid input meets (a kernel that fits, matching channels): recorded when constraints are
 * collected, silently taken for granted when they are not — the result is the one for valid inputs either way.
 */
export function expectAtLeast(ctx: EvalContext | undefined, value: Dim, least: Dim, labels: ConstraintLabels, mismatch: () => never): void {
  if (assuming(ctx) || (isKnown(value) && isKnown(least))) needAtLeast(ctx, value, least, labels, mismatch);
  else if (compareDims(value, least) === '<') mismatch();
}

/** expectAtLeast's equality: value = wanted for every valid input. */
export function expectEqual(ctx: EvalContext | undefined, value: Dim, wanted: Dim, labels: ConstraintLabels, mismatch: () => never): void {
  if (assuming(ctx) || (isKnown(value) && isKnown(wanted))) needEqual(ctx, value, wanted, labels, mismatch);
  else if (neverEqual(value, wanted)) mismatch();
}

/** value ≡ 0 (mod k) for a positive k (view's element count, channels into groups). */
export function needDivisible(ctx: EvalContext | undefined, value: Dim, k: number, labels: ConstraintLabels, mismatch: () => never): void {
  if (isKnown(value)) {
    if (value % k !== 0) mismatch();
    return;
  }
  if (k === 1) return;
  record(ctx, divisible(value, k, labels), () => `${labels.requiredBy ?? 'the rule'}: cannot tell statically whether ${formatDim(value)} is a multiple of ${k}`);
}

/**
 * Two sizes that must agree (a cat's other dims, a matmul's inner size): equal, or an error when both are known
 * and differ; symbolic sizes are assumed equal. Returns the size they share (the first).
 */
export function agree(owner: string, a: Dim, b: Dim, mismatch: () => never): Dim {
  // the labels are text of both sizes: written only when a constraint may need them (every cat checks each size)
  if (sameDim(a, b)) return a;
  needEqual(undefined, b, a, { source: formatDim(b), requiredBy: `${owner} (to match ${formatDim(a)})` }, mismatch);
  return a;
}

/**
 * One axis of PyTorch's broadcasting: a 1 takes the other size; equal sizes stay; known sizes that differ are an
 * error; symbolic sizes that may be equal are assumed equal (sizes that unify); otherwise unknown.
 */
export function broadcastDim(owner: string, x: Dim, y: Dim, mismatch: () => never): Dim {
  if (x === 1) return y;
  if (y === 1 || sameDim(x, y)) return x;
  if (isKnown(x) && isKnown(y)) mismatch();
  const c = compareDims(x, y);
  if (c === '<' || c === '>') throw new UnknownValueError(`${owner}: ${formatDim(x)} and ${formatDim(y)} broadcast only if one of them is 1`);
  // An assumption, not a requirement: either size could also be 1 (the solver keeps it only when inputs allow it).
  record(undefined, eq(exprOf(y), exprOf(x), { source: formatDim(y), requiredBy: `${owner} (broadcast against ${formatDim(x)})`, preferred: true }),
    () => `${owner}: cannot tell statically whether ${formatDim(x)} and ${formatDim(y)} broadcast`);
  return isKnown(y) ? y : x;
}
