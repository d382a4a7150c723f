// numpy arrays, as model code builds tables with them (a sinusoidal position table, fixed filters for a
// visualisation): an array is followed as a tensor of the same shape whose values are not computed, so
// torch.FloatTensor(table), torch.from_numpy(table) and nn.Embedding.from_pretrained(…) get its shape. Scalar numpy
// (np.prod, np.round of sizes) stays in math.ts; an elementwise function there given an array comes here.
import { numel, unknown } from '../../../engine';
import { tensorOp } from '../ops';
import { sameKind, withKind, withRangeData } from '../tensorData';
import { TensorValue, type PyValue } from '../values';
import type { Handler, LibraryCall } from './index';

/**
 * The torch op an array function is, called with the same arguments, its keywords renamed to torch's (numpy's `axis`,
 * `k`, `M`: np.triu(a, k=1) is torch.triu(a, diagonal=1)); a dtype is numpy's: left out.
 */
const renamed = (torchName: string, names: Record<string, string>): Handler => (ev, c) => {
  const kwargs = new Map([...c.kwargs].filter(([k]) => k !== 'dtype').map(([k, v]) => [names[k] ?? k, v] as [string, PyValue]));
  return tensorOp(ev, torchName, c.args, kwargs, c.node);
};
/** The same with numpy's keywords as torch's. */
const asTorch = (torchName: string): Handler => renamed(torchName, {});

/** np.arange: torch.arange's shape, and its numbers when the bounds are known (read back with `.tolist()`). */
const torchArange = asTorch('torch.arange');
const arange: Handler = (ev, c) => withRangeData('torch.arange', c, torchArange(ev, c));

/** numpy's elementwise functions that have a torch twin of the same name. */
export const ELEMENTWISE = ['sin', 'cos', 'tan', 'tanh', 'exp', 'log', 'sqrt', 'abs', 'floor', 'ceil', 'round'];

/** An elementwise numpy function given an array: the torch op of the same name; undefined for numbers. */
export function elementwiseOnArray(ev: Parameters<Handler>[0], c: LibraryCall, fn: string): PyValue | undefined {
  return c.args[0] instanceof TensorValue ? asTorch(`torch.${fn}`)(ev, { ...c, kwargs: new Map() }) : undefined;
}

/**
 * torch.tensor(table), torch.FloatTensor(table) of an array (or a tensor): a tensor of its shape; anything else is
 * the registry's rule (data, sizes).
 */
const copyOf = (torchName: string): Handler => (ev, c) => {
  const t = c.args[0];
  if (c.args.length === 1 && t instanceof TensorValue) {
    if (!t.shape) return unknown('a table whose shape is not known statically');
    // torch.tensor(t) keeps its element type, torch.LongTensor(t) makes int64
    const copy = new TensorValue([...t.shape]);
    return torchName === 'torch.tensor' || torchName === 'torch.as_tensor' ? sameKind(t, copy) : withKind(torchName, torchName, [], new Map(), copy);
  }
  if (c.args.length === 1 && Array.isArray(t) && t.length > 0 && t.every((x) => x instanceof TensorValue)) return listOfArrays(ev, torchName, c, t as TensorValue[]);
  return tensorOp(ev, torchName, c.args, c.kwargs, c.node);
};

/**
 * torch.FloatTensor(rows), torch.tensor(rows) of a list of arrays: in code that runs they are numpy arrays (a list of
 * torch tensors of more than one element raises), stacked as numpy stacks them. One-element arrays are left unknown:
 * as numpy arrays they stack to (n, 1, …), as torch scalars they give (n,).
 */
function listOfArrays(ev: Parameters<Handler>[0], torchName: string, c: LibraryCall, rows: readonly TensorValue[]): PyValue {
  const first = rows[0].shape;
  if (!first || rows.some((r) => !r.shape || r.shape.length !== first.length || r.shape.some((d, i) => d !== first[i]))) {
    return unknown(`${torchName}() of a list of arrays whose shapes are not known statically to agree`);
  }
  if (first.length > 0 && numel(first) === 1n) return unknown(`${torchName}() of a list of one-element arrays (numpy's stack or torch's scalars)`);
  const stacked = tensorOp(ev, 'torch.stack', [[...rows]], new Map(), c.node);
  return stacked instanceof TensorValue && stacked.shape ? copyOf(torchName)(ev, { ...c, args: [stacked] }) : stacked;
}
const LEGACY = ['Tensor', 'FloatTensor', 'DoubleTensor', 'HalfTensor', 'LongTensor', 'IntTensor', 'ByteTensor', 'BoolTensor'];

const fromNumpy: Handler = (_ev, c) => (c.args[0] instanceof TensorValue ? c.args[0] : unknown('torch.from_numpy() of a value not known statically'));

/** np.array(data): the nesting of the data; a list of arrays of one shape is stacked (numpy's rule, unlike torch.tensor). */
const array: Handler = (ev, c) => {
  const data = c.args[0];
  if (c.args.length === 1 && data instanceof TensorValue) return copyOf('torch.tensor')(ev, c);
  if (Array.isArray(data) && data.length > 0 && data.every((x) => x instanceof TensorValue)) return tensorOp(ev, 'torch.stack', [data], new Map(), c.node);
  return asTorch('torch.tensor')(ev, c);
};

/**
 * np.random.normal(loc, scale, size) / uniform(low, high, size): an array of `size` (a number without one), followed
 * as torch.randn / torch.rand of that size (the name its record shows in forward).
 */
const sampled = (torchName: string): Handler => (ev, c) => {
  const size = c.args[2] ?? c.kwargs.get('size');
  return size === undefined || size === null ? unknown('a random number') : tensorOp(ev, torchName, [size], new Map(), c.node);
};
/** np.random.randn(d0, d1, …) / rand(d0, d1, …): an array of those sizes. */
const sampledBySizes = (torchName: string): Handler => (ev, c) =>
  (c.args.length === 0 ? unknown('a random number') : tensorOp(ev, torchName, c.args, new Map(), c.node));

export const numpyHandlers: Record<string, Handler> = {
  ...Object.fromEntries(['numpy', 'np'].flatMap((np) => [
    [`${np}.random.normal`, sampled('torch.randn')], [`${np}.random.uniform`, sampled('torch.rand')],
    [`${np}.random.randn`, sampledBySizes('torch.randn')], [`${np}.random.rand`, sampledBySizes('torch.rand')],
    [`${np}.array`, array], [`${np}.asarray`, array],
    [`${np}.zeros`, asTorch('torch.zeros')], [`${np}.ones`, asTorch('torch.ones')], [`${np}.empty`, asTorch('torch.empty')],
    [`${np}.zeros_like`, asTorch('torch.zeros_like')], [`${np}.ones_like`, asTorch('torch.ones_like')],
    [`${np}.eye`, renamed('torch.eye', { N: 'n', M: 'm' })], [`${np}.identity`, renamed('torch.eye', {})],
    [`${np}.triu`, renamed('torch.triu', { m: 'input', k: 'diagonal' })], [`${np}.tril`, renamed('torch.tril', { m: 'input', k: 'diagonal' })],
    [`${np}.arange`, arange], [`${np}.full`, renamed('torch.full', { shape: 'size' })],
    [`${np}.concatenate`, renamed('torch.cat', { axis: 'dim' })], [`${np}.stack`, renamed('torch.stack', { axis: 'dim' })],
    [`${np}.expand_dims`, renamed('torch.unsqueeze', { a: 'input', axis: 'dim' })],
  ])),
  'torch.from_numpy': fromNumpy,
  ...Object.fromEntries(['tensor', 'as_tensor', ...LEGACY].map((n) => [`torch.${n}`, copyOf(`torch.${n}`)])),
};
