// Shapes. A dimension is a known integer or a symbolic size (when no input shape is given: spatial sizes
// stay expressions of H and W while channels and features stay known).

/**
 * A symbolic size of the form ⌊(name + add) / div⌋ + plus. The form is closed under the convolution and
 * pooling rules (⌊(⌊a/d⌋ + m)/e⌋ = ⌊(a + m·d)/(d·e)⌋), so a stack of layers keeps one simple expression.
 */
export interface SymDim {
  readonly sym: string;
  readonly add: number;
  readonly div: number;
  readonly plus: number;
}

export type Dim = number | SymDim;
export type Shape = Dim[];

/**
 * A tuple of results (an RNN returns (output, h_n) or (output, (h_n, c_n))). null is an entry that is not a tensor:
 * None, as in a model's `return logits, loss` before there is a loss.
 */
export interface TupleShape {
  readonly tuple: (ShapeTree | null)[];
}
export type ShapeTree = Shape | TupleShape;

export const isTuple = (s: ShapeTree): s is TupleShape => !Array.isArray(s);
export const isKnown = (d: Dim): d is number => typeof d === 'number';
export const allKnown = (s: readonly Dim[]): s is number[] => s.every(isKnown);

export const symbol = (name: string): SymDim => ({ sym: name, add: 0, div: 1, plus: 0 });

/** ⌊(d + a) / s⌋ + p for a known or symbolic d (s ≥ 1). */
export function floorAffine(d: Dim, a: number, s: number, p: number): Dim {
  if (isKnown(d)) return Math.floor((d + a) / s) + p;
  // ⌊(⌊(x + A)/D⌋ + P + a) / s⌋ + p = ⌊(x + A + D·(P + a)) / (D·s)⌋ + p
  return { sym: d.sym, add: d.add + d.div * (d.plus + a), div: d.div * s, plus: p };
}

/** d + c for a known or symbolic d. */
export function addDim(d: Dim, c: number): Dim {
  return isKnown(d) ? d + c : { ...d, plus: d.plus + c };
}

const signed = (n: number) => (n < 0 ? ` − ${-n}` : n > 0 ? ` + ${n}` : '');

export function formatDim(d: Dim): string {
  if (isKnown(d)) return String(d);
  if (d.div === 1) return `${d.sym}${signed(d.add + d.plus)}`;
  const inner = d.add === 0 ? `${d.sym}/${d.div}` : `(${d.sym}${signed(d.add)})/${d.div}`;
  return `⌊${inner}⌋${signed(d.plus)}`;
}

export function formatShape(s: ShapeTree): string {
  if (isTuple(s)) return `(${s.tuple.map((t) => (t === null ? 'None' : formatShape(t))).join(', ')})`;
  return `(${s.map(formatDim).join(', ')}${s.length === 1 ? ',' : ''})`;
}

/**
 * ⌊(x + A)/D⌋ + P with the multiples of D taken out of A (0 ≤ A < D): the same size written two ways — a stride-2
 * convolution's ⌊(H − 1)/2⌋ + 1 and a slice x[:, :, ::2]'s ⌊(H + 1)/2⌋ — has one form.
 */
function canonicalDim(d: SymDim): SymDim {
  const q = Math.floor(d.add / d.div);
  return q === 0 ? d : { sym: d.sym, add: d.add - q * d.div, div: d.div, plus: d.plus + q };
}

export function sameDim(a: Dim, b: Dim): boolean {
  if (isKnown(a) || isKnown(b)) return a === b;
  const [x, y] = [canonicalDim(a), canonicalDim(b)];
  return x.sym === y.sym && x.add === y.add && x.div === y.div && x.plus === y.plus;
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
