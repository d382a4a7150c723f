// The numbers inside a small tensor made from known numbers (`torch.linspace(0, drop_path_rate, depth)`,
// `torch.arange(4)`): kept beside the tensor so the Python values code reads back from it are known —
// `[x.item() for x in torch.linspace(0, dpr, depth)]`, `.tolist()`, `.split(depths)` — the stochastic-depth rates
// nearly every timm model computes and then tests (`DropPath(p) if p > 0. else nn.Identity()`). Only 0-d and 1-d
// tensors; any other op gives a tensor without numbers (its values stay unknown, as before).
import { unknown } from '../../engine';
import { MAX_LOOP } from './semantics';
import { TensorValue, type PyValue } from './values';

const data = new WeakMap<TensorValue, readonly number[]>();

/** A tensor's numbers, when it was made from known numbers (row-major, float32 or int64 as PyTorch makes them). */
export const dataOf = (t: TensorValue): readonly number[] | undefined => data.get(t);

/** The tensor, holding `values` when they are as many as its elements (0-d or 1-d). */
export function withData(v: PyValue, values: readonly number[] | undefined): PyValue {
  if (!values || !(v instanceof TensorValue) || !v.shape || v.shape.length > 1) return v;
  const n = v.shape.length === 0 ? 1 : v.shape[0];
  if (n === values.length) data.set(v, values);
  return v;
}

const num = (v: PyValue | undefined): number | undefined => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : undefined);

interface RangeCall { readonly args: readonly PyValue[]; readonly kwargs: ReadonlyMap<string, PyValue> }

/** torch.linspace(start, end, steps): float32 values, the second half counted back from `end` as PyTorch does. */
function linspace(c: RangeCall): number[] | undefined {
  const start = num(c.args[0] ?? c.kwargs.get('start'));
  const end = num(c.args[1] ?? c.kwargs.get('end'));
  const steps = num(c.args[2] ?? c.kwargs.get('steps'));
  if (start === undefined || end === undefined || steps === undefined || !Number.isInteger(steps) || steps < 0 || steps > MAX_LOOP) return undefined;
  if (steps === 1) return [Math.fround(start)];
  const step = (end - start) / (steps - 1);
  const half = Math.floor(steps / 2);
  return Array.from({ length: steps }, (_, i) => Math.fround(i < half ? start + step * i : end - step * (steps - i - 1)));
}

/** torch.arange([start,] end[, step]): whole numbers when every bound is whole (int64), else float32. */
function arange(c: RangeCall): number[] | undefined {
  const given = [c.args[0], c.args[1], c.args[2]].filter((v) => v !== undefined).map(num);
  if (given.some((v) => v === undefined)) return undefined;
  const bounds = given as number[];
  const start = bounds.length >= 2 ? bounds[0] : num(c.kwargs.get('start')) ?? 0;
  const end = bounds.length >= 2 ? bounds[1] : bounds[0] ?? num(c.kwargs.get('end'));
  const step = bounds[2] ?? num(c.kwargs.get('step')) ?? 1;
  if (end === undefined || step === 0) return undefined;
  const n = Math.max(0, Math.ceil((end - start) / step));
  if (n > MAX_LOOP) return undefined;
  const whole = [start, end, step].every(Number.isInteger);
  return Array.from({ length: n }, (_, i) => (whole ? start + step * i : Math.fround(start + step * i)));
}

const MAKERS: Record<string, (c: RangeCall) => number[] | undefined> = { 'torch.linspace': linspace, 'torch.arange': arange };

/** The numbers torch.linspace / torch.arange make, when their arguments are known. */
export const rangeData = (name: string, c: RangeCall): number[] | undefined => MAKERS[name]?.(c);

/** Iterating a 1-d tensor with numbers: its 0-d rows, each with its number. */
export function rowsOf(t: TensorValue, rows: TensorValue[]): TensorValue[] {
  const values = data.get(t);
  if (values && t.shape?.length === 1) rows.forEach((r, i) => withData(r, [values[i]]));
  return rows;
}

/** x.item() / x.tolist(): the Python number(s), when known. */
export function pythonValue(t: TensorValue, method: 'item' | 'tolist'): PyValue {
  const values = data.get(t);
  if (!values || !t.shape) return unknown('a tensor value');
  if (method === 'item') return values.length === 1 ? values[0] : unknown('item() of a tensor with more than one element (PyTorch raises)');
  return t.shape.length === 0 ? values[0] : [...values];
}

/** x.split(size or sizes) of a 1-d tensor with numbers: each piece has its numbers. */
export function splitData(t: TensorValue, result: PyValue): PyValue {
  const values = data.get(t);
  if (!values || t.shape?.length !== 1 || !Array.isArray(result)) return result;
  let at = 0;
  for (const piece of result) {
    if (!(piece instanceof TensorValue) || typeof piece.shape?.[0] !== 'number') return result;
    withData(piece, values.slice(at, at + piece.shape[0]));
    at += piece.shape[0];
  }
  return result;
}
