// Float64 tensors for the gradient checker: a shape and a row-major Float64Array, nothing more.
// Broadcasting follows NumPy/PyTorch: shapes align on the right, a size-1 (or missing) dimension stretches.
import { CheckFormatError, MAX_TENSOR_ELEMENTS, type NestedNumbers, type NestedValues } from './checkFormat';

export class Tensor {
  /** Set by the program runner: this value depends on a requires_grad input. */
  requiresGrad = false;
  constructor(readonly shape: number[], readonly data: Float64Array) {
    if (data.length !== sizeOf(shape)) throw new Error(`Tensor: ${data.length} values for shape [${shape}]`);
  }
  get size(): number { return this.data.length; }
  get rank(): number { return this.shape.length; }
  static zeros(shape: number[]): Tensor { return new Tensor(shape.slice(), new Float64Array(sizeOf(shape))); }
  static scalar(v: number): Tensor { return new Tensor([], Float64Array.of(v)); }
  clone(): Tensor { return new Tensor(this.shape.slice(), this.data.slice()); }
  /** The same values under another shape (no copy). */
  view(shape: number[]): Tensor { return new Tensor(shape, this.data); }
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Row-major strides: the flat distance between neighbours along each dimension. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) { s[d] = acc; acc *= shape[d]; }
  return s;
}

/** Flat index → multi-index. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) { idx[d] = flat % shape[d]; flat = Math.floor(flat / shape[d]); }
  return idx;
}

export function ravel(index: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + index[d];
  return flat;
}

export const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

export const fmtShape = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** Nested lists → tensor; `where` names the field in messages. Rejects ragged rows, NaN/Infinity, oversize. */
export function fromNested(values: unknown, where: string, expectShape?: unknown): Tensor {
  const shape: number[] = [];
  let probe: unknown = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const size = sizeOf(shape);
  if (size > MAX_TENSOR_ELEMENTS) {
    throw new CheckFormatError(`${where}: ${size} elements exceed the limit of ${MAX_TENSOR_ELEMENTS}`, where);
  }
  const data = new Float64Array(size);
  let k = 0;
  // Walks the nesting; the path of an element ("[1][0]") is spelled out only when there is something to report.
  const at: number[] = [];
  const path = (i?: number) => [...at, ...(i === undefined ? [] : [i])].map((k) => `[${k}]`).join('');
  const walk = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') {
        throw new CheckFormatError(`${where}${path()}: expected a number, got ${Array.isArray(v) ? 'a list (ragged nesting)' : JSON.stringify(v)}`, where);
      }
      if (!Number.isFinite(v)) throw new CheckFormatError(`${where}${path()}: ${v} is not a finite number`, where);
      data[k++] = v;
      return;
    }
    if (!Array.isArray(v)) {
      throw new CheckFormatError(`${where}${path()}: expected a list of ${shape[depth]} (ragged rows: the first row has that length), got ${JSON.stringify(v)}`, where);
    }
    if (v.length !== shape[depth]) {
      throw new CheckFormatError(`${where}${path()}: ragged rows: ${v.length} entries where the first has ${shape[depth]}`, where);
    }
    if (depth === shape.length - 1) {
      for (let i = 0; i < v.length; i++) {
        const e = v[i];
        if (typeof e === 'number' && Number.isFinite(e)) { data[k++] = e; continue; }
        at.push(i);
        walk(e, depth + 1); // reports the element with its path
        at.pop();
      }
      return;
    }
    for (let i = 0; i < v.length; i++) { at.push(i); walk(v[i], depth + 1); at.pop(); }
  };
  walk(values, 0);
  if (expectShape !== undefined) {
    if (!Array.isArray(expectShape) || !expectShape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new CheckFormatError(`${where}.shape: expected a list of non-negative integers, got ${JSON.stringify(expectShape)}`, where);
    }
    if (!sameShape(expectShape as number[], shape)) {
      // A flat list with a declared shape is accepted and reshaped (handy for large tensors).
      if (shape.length === 1 && sizeOf(expectShape as number[]) === size) return new Tensor((expectShape as number[]).slice(), data);
      throw new CheckFormatError(`${where}.shape: declared ${fmtShape(expectShape as number[])} but the values have shape ${fmtShape(shape)}`, where);
    }
  }
  return new Tensor(shape, data);
}

/** Tensor → nested lists (a bare number for 0-d). */
export function toNested(t: { shape: readonly number[]; data: Float64Array }): NestedNumbers {
  return nestRows(t.shape, t.data, false) as NestedNumbers;
}

/** Values → nested lists, NaN written as null ("not computed"). */
export function toNestedNullable(shape: readonly number[], data: Float64Array): NestedValues {
  return nestRows(shape, data, true);
}

function nestRows(shape: readonly number[], data: Float64Array, nanIsNull: boolean): NestedValues {
  const value = (v: number) => (nanIsNull && Number.isNaN(v) ? null : v);
  if (shape.length === 0) return value(data[0]);
  const last = shape[shape.length - 1];
  let k = 0;
  const build = (depth: number): NestedValues[] => {
    if (depth === shape.length - 1) {
      const row = new Array<NestedValues>(last);
      for (let i = 0; i < last; i++) row[i] = value(data[k++]);
      return row;
    }
    const rows = new Array<NestedValues>(shape[depth]);
    for (let i = 0; i < shape[depth]; i++) rows[i] = build(depth + 1);
    return rows;
  };
  return build(0);
}

// ------------------------------------------------------------------ broadcasting

/** PyTorch's broadcast of two shapes, or null when they do not fit. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** For each flat index of `outShape`, the flat index of the broadcast operand of shape `inShape`. */
export function broadcastMap(outShape: readonly number[], inShape: readonly number[]): Int32Array {
  const n = sizeOf(outShape);
  const map = new Int32Array(n);
  if (sameShape(outShape, inShape)) { for (let i = 0; i < n; i++) map[i] = i; return map; }
  const r = outShape.length;
  const inStr = stridesOf(inShape);
  // Stride of the operand along each output dim: 0 where the operand is stretched.
  const s = new Array<number>(r);
  for (let d = 0; d < r; d++) {
    const di = d - (r - inShape.length);
    s[d] = di < 0 || inShape[di] === 1 ? 0 : inStr[di];
  }
  const idx = new Array<number>(r).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    map[i] = off;
    for (let d = r - 1; d >= 0; d--) {
      idx[d]++; off += s[d];
      if (idx[d] < outShape[d]) break;
      off -= s[d] * idx[d]; idx[d] = 0;
    }
  }
  return map;
}

/** The gradient of a broadcast operand: sum the output gradient over the stretched positions. */
export function unbroadcast(g: Tensor, map: Int32Array, inShape: number[]): Tensor {
  const out = Tensor.zeros(inShape);
  const o = out.data, gd = g.data;
  for (let i = 0; i < gd.length; i++) o[map[i]] += gd[i];
  return out;
}

/** Normalises a possibly negative dim against a rank, as PyTorch (a 0-d tensor accepts dims 0 and −1). */
export function normDim(dim: number, rank: number, where: string): number {
  const r = Math.max(rank, 1);
  if (!Number.isInteger(dim) || dim < -r || dim >= r) {
    throw new CheckFormatError(`${where}: dim ${dim} out of range for a ${rank}-D tensor (expected −${r} … ${r - 1})`, where);
  }
  return dim < 0 ? dim + r : dim;
}
