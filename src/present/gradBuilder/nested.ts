// Nested lists ↔ flat row-major arrays: the one representation the page, the parser and the copy formats share.
import type { NestedNumbers, NestedValues } from '../../engine/grad/checkFormat';

/** The shape of a rectangular nested list (the caller has checked it is rectangular). */
export function shapeOf(values: NestedValues): number[] {
  const shape: number[] = [];
  let level: NestedValues = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

/** Row-major flattening; a bare number is a one-element list. */
export function flatten<T extends number | null>(values: T | NestedOf<T>): T[] {
  const out: T[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const item of v) walk(item);
    else out.push(v as T);
  };
  walk(values);
  return out;
}
export type NestedOf<T> = T | NestedOf<T>[];

/** Builds nested lists of `shape` from row-major `flat` (a 0-d shape gives the bare number). */
export function unflatten<T>(flat: readonly T[], shape: readonly number[]): NestedOf<T> {
  let offset = 0;
  const build = (axis: number): NestedOf<T> => {
    if (axis === shape.length) return flat[offset++];
    const out: NestedOf<T>[] = [];
    for (let i = 0; i < shape[axis]; i++) out.push(build(axis + 1));
    return out;
  };
  return build(0);
}

export const countOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Shape without its size-1 axes: [1, 1, 4, 4] and [4, 4] hold the same matrix. */
export const squeezeShape = (shape: readonly number[]): number[] => shape.filter((d) => d !== 1);

export const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/** Flat row-major offset → index tuple. */
export function indexOf(flatIndex: number, shape: readonly number[]): number[] {
  const strides = stridesOf(shape);
  return strides.map((s, i) => Math.floor(flatIndex / s) % shape[i]);
}

export const formatShape = (shape: readonly number[]): string => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;

/** NestedNumbers from a nested-value tree that has no nulls (report tensors). */
export const asNumbers = (v: NestedValues): NestedNumbers => v as NestedNumbers;
