// Shapes. A dimension is a known integer or a symbolic size: an integer expression in the input's free sizes
// (N, H, W, L, …) kept in the canonical form of the symbolic algebra (symbolic/expr.ts), so equal sizes compare
// equal, a stack of layers keeps one simplified expression (⌊(⌊(H − 4)/2⌋ − 4)/2⌋), and any rule can compute with
// sizes it does not know. A constant expression is always stored as a plain number: isKnown stays a typeof test.
import {
  add, ceilDiv, compare, constant, equals, floorDiv, format, isExpr, max as maxExpr, min as minExpr, mod, mul, sub,
  symbol as symbolExpr, type Expr, type ExprLike,
} from './symbolic';

/** A symbolic size: an expression with at least one free size in it. */
export type SymDim = Expr;

export type Dim = number | SymDim;
export type Shape = Dim[];

/**
 * A tuple of results (an RNN returns (output, h_n) or (output, (h_n, c_n))). null is an entry that is not a tensor:
 * None, as in a model's `return logits, loss` before there is a loss.
 */
export interface TupleShape {
  readonly tuple: (ShapeTree | null)[];
  /** A dict of results (DETR's `{'pred_logits': …, 'pred_boxes': …}`): its string keys, one per entry, in order. */
  readonly keys?: readonly string[];
}
export type ShapeTree = Shape | TupleShape;

export const isTuple = (s: ShapeTree): s is TupleShape => !Array.isArray(s);
export const isKnown = (d: Dim): d is number => typeof d === 'number';
export const allKnown = (s: readonly Dim[]): s is number[] => s.every(isKnown);
export { isExpr };

/** An expression as a dimension: a number when it is constant (and fits a double exactly). */
export function dimOf(e: ExprLike): Dim {
  if (typeof e === 'number') return e;
  if (typeof e === 'bigint') return Number(e);
  if (e.terms.length === 0 && e.constant <= BigInt(Number.MAX_SAFE_INTEGER) && e.constant >= -BigInt(Number.MAX_SAFE_INTEGER)) return Number(e.constant);
  return e;
}

/** A dimension as an expression. */
export const exprOf = (d: Dim): Expr => (typeof d === 'number' ? constant(d) : d);

export const symbol = (name: string): SymDim => symbolExpr(name);

/** ⌊(d + a) / s⌋ + p for a known or symbolic d (s ≥ 1). */
export function floorAffine(d: Dim, a: number, s: number, p: number): Dim {
  if (isKnown(d)) return Math.floor((d + a) / s) + p;
  return dimOf(add(floorDiv(add(d, a), s), p));
}

/** d + c for a known or symbolic d. */
export function addDim(d: Dim, c: Dim): Dim {
  return isKnown(d) && isKnown(c) ? d + c : dimOf(add(exprOf(d), exprOf(c)));
}

export function subDim(a: Dim, b: Dim): Dim {
  return isKnown(a) && isKnown(b) ? a - b : dimOf(sub(exprOf(a), exprOf(b)));
}

/** a · b for known or symbolic sizes. */
export function mulDim(a: Dim, b: Dim): Dim {
  return isKnown(a) && isKnown(b) ? a * b : dimOf(mul(exprOf(a), exprOf(b)));
}

/** ⌊d / k⌋ for a positive integer k. */
export function floorDivDim(d: Dim, k: number): Dim {
  return isKnown(d) ? Math.floor(d / k) : dimOf(floorDiv(d, k));
}

/** ⌈d / k⌉ for a positive integer k. */
export function ceilDivDim(d: Dim, k: number): Dim {
  return isKnown(d) ? Math.ceil(d / k) : dimOf(ceilDiv(d, k));
}

/** d mod k (Python's %) for a positive integer k. */
export function modDim(d: Dim, k: number): Dim {
  return isKnown(d) ? ((d % k) + k) % k : dimOf(mod(d, k));
}

export function minDim(...ds: Dim[]): Dim {
  return ds.every(isKnown) ? Math.min(...ds) : dimOf(minExpr(...ds.map(exprOf)));
}

export function maxDim(...ds: Dim[]): Dim {
  return ds.every(isKnown) ? Math.max(...ds) : dimOf(maxExpr(...ds.map(exprOf)));
}

/** The product of the sizes, known or symbolic. */
export function productDim(ds: readonly Dim[]): Dim {
  if (ds.every(isKnown)) return ds.reduce((p, d) => p * d, 1);
  return dimOf(mul(...ds.map(exprOf)));
}

export function formatDim(d: Dim): string {
  return isKnown(d) ? String(d) : format(d);
}

/** A tuple of results as text, each entry written by `f`: `(a, b)`, or a dict's `{pred_logits: a, pred_boxes: b}`. */
export function treeWith(s: TupleShape, f: (t: ShapeTree) => string): string {
  const parts = s.tuple.map((t) => (t === null ? 'None' : f(t)));
  return s.keys ? `{${parts.map((p, i) => `${s.keys![i]}: ${p}`).join(', ')}}` : `(${parts.join(', ')})`;
}

export function formatShape(s: ShapeTree): string {
  if (isTuple(s)) return treeWith(s, formatShape);
  return `(${s.map(formatDim).join(', ')}${s.length === 1 ? ',' : ''})`;
}

/** Whether two sizes are the same for every input (equal numbers, or one canonical expression). */
export function sameDim(a: Dim, b: Dim): boolean {
  if (isKnown(a) || isKnown(b)) return a === b;
  return equals(a, b);
}

/**
 * How two sizes compare for every positive value of the free sizes: '=', '<', '>' (or '<=', '>=') when that is
 * certain, undefined when it depends on the input.
 */
export function compareDims(a: Dim, b: Dim): '<' | '<=' | '=' | '>=' | '>' | undefined {
  if (isKnown(a) && isKnown(b)) return a < b ? '<' : a > b ? '>' : '=';
  if (sameDim(a, b)) return '=';
  return compare(exprOf(a), exprOf(b));
}

/** True when a and b differ for every input (so an equality between them is an error whatever the input). */
export function neverEqual(a: Dim, b: Dim): boolean {
  const c = compareDims(a, b);
  return c === '<' || c === '>';
}

/** Number of elements, or undefined when a dimension is symbolic. */
export function numel(s: readonly Dim[]): bigint | undefined {
  let n = 1n;
  for (const d of s) {
    if (!isKnown(d)) return undefined;
    n *= BigInt(d);
  }
  return n;
}

/** The first plain shape of a tree (an RNN's output tensor). */
export function primary(s: ShapeTree): Shape {
  if (!isTuple(s)) return s;
  const first = s.tuple.find((t) => t !== null);
  return first ? primary(first) : [];
}
