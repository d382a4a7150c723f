// Tensor creation: the shape comes from the arguments (torch.randn(1, 3, 32, 32), torch.zeros((4, 10)),
// torch.full((2, 3), 7.0), torch.arange(10), torch.eye(3)) or from another tensor (torch.zeros_like(x),
// x.new_zeros(…)). These are how a file says what goes into its model, so the analysis reads them too.
//
//   shape  *size (or one tuple); arange: ⌈(end − start)/step⌉; linspace/logspace: steps; eye(n, m): (n, m);
//          randperm(n): (n,); tensor(data): the nesting of the literal; *_like: the other tensor's shape;
//          torch.Tensor() with no argument: (0,). Sizes and counts (steps, n, m) must be ≥ 0.
//   cost   0 (no arithmetic on inputs)
//   saved  nothing: a new tensor takes no part in autograd (randint and randperm make int64 indices)
import { FREE } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { dimOf, formatShape, type Dim, type Shape } from '../shape';
import { isExpr, sub, toExpr } from '../symbolic';
import { int, isUnknown, num, show, type ArgSpec, type Args, type Value } from '../values';
import { line } from '../working';

const noParams = () => ({ tensors: [], working: [] });
const factoryKeywords: ArgSpec[] = ['out', 'dtype', 'layout', 'device', 'requires_grad', 'pin_memory', 'memory_format', 'generator', 'names']
  .map((name) => ({ name, default: name === 'requires_grad' || name === 'pin_memory' ? false : null, keywordOnly: true }));

/** A size list: every entry a non-negative integer (PyTorch raises for a negative one). */
export function sizeList(owner: string, v: Value): Shape {
  if (isUnknown(v)) throw new UnknownValueError(`size: ${v.why}`);
  const list = Array.isArray(v) ? v : [v];
  return list.map((d) => {
    if (isUnknown(d)) throw new UnknownValueError(`size: ${d.why}`);
    const n = int({ d }, 'd');
    if (n < 0) fail('bad-arguments', `${owner}: Trying to create tensor with negative dimension ${n}: ${formatShape(list.map(Number))}`);
    return n;
  });
}

/** A count that becomes a size (steps, n, m): a non-negative integer, or PyTorch's message. */
function count(owner: string, a: Args, name: string, message: string): number {
  const v = int(a, name);
  if (v < 0) fail('bad-arguments', `${owner}: ${message}`);
  return v;
}

const made = (output: Shape, how: string): Forward => ({ output, working: [line('shape', `${how}: ${formatShape(output)}`)] });

/** torch.zeros(*size, …): one entry per name. */
const sized = (names: string[], summary: string, extra: ArgSpec[] = []): LayerDef => ({
  type: names[0], names: names.slice(1), kind: 'function', summary, signature: [{ name: 'size' }, ...extra, ...factoryKeywords],
  varargs: 'size', inputs: 0, params: noParams,
  forward: (a) => made(sizeList(names[0], a.size), 'size'),
  cost: () => FREE,
});

const like = (names: string[], summary: string, extra: ArgSpec[] = []): LayerDef => ({
  type: names[0], names: names.slice(1), kind: 'function', summary, signature: [...extra, ...factoryKeywords], params: noParams,
  forward: (_a, [x]) => made([...x], 'the shape of input'),
  cost: () => FREE,
});

/** x.new_zeros(size): a method whose shape comes from its argument, not from x. */
const newSized = (name: string): LayerDef => ({
  type: `Tensor.${name}`, kind: 'method', summary: 'a new tensor of the given size (the dtype and device of this one)',
  signature: [{ name: 'size' }, ...(name === 'new_full' ? [{ name: 'fill_value' }] : []), ...factoryKeywords], varargs: name === 'new_full' ? undefined : 'size',
  params: noParams,
  forward: (a) => made(sizeList(name, a.size), 'size'),
  cost: () => FREE,
});

function arangeLength(a: Args): Dim {
  // arange(end) | arange(start, end, step=1): the positional meaning depends on how many are given
  const [from, to] = a.end === null ? [0, a.start] : [a.start, a.end];
  if (isExpr(from) || isExpr(to)) {
    // a symbolic bound (`torch.arange(t)` with t = x.size(1), the positions of a sequence): end − start, step 1
    if (num(a, 'step') !== 1 || (!isExpr(from) && typeof from !== 'number') || (!isExpr(to) && typeof to !== 'number')) {
      throw new UnknownValueError('torch.arange: a symbolic bound with a step other than 1');
    }
    return dimOf(sub(toExpr(to), toExpr(from)));
  }
  const [start, end] = a.end === null ? [0, num(a, 'start')] : [num(a, 'start'), num(a, 'end')];
  const step = num(a, 'step');
  if (step === 0) fail('bad-arguments', 'torch.arange: step must be nonzero');
  if ((end - start) / step < 0) fail('bad-arguments', `torch.arange: upper bound and larger bound inconsistent with step sign (start ${start}, end ${end}, step ${step})`);
  return Math.ceil((end - start) / step);
}

/** The nesting of a literal: torch.tensor([[1, 2], [3, 4]]) is (2, 2); ragged data is PyTorch's error. */
export function literalShape(v: Value, seen = new Map<readonly Value[], Shape>()): Shape {
  if (isUnknown(v) && !v.scalar) throw new UnknownValueError(`data: ${v.why}`);
  if (!Array.isArray(v)) return [];
  if (v.length === 0) return [0];
  // a row seen again (one row standing for every row of a long table) is measured once
  const known = seen.get(v);
  if (known) return known;
  const inner = v.map((x) => literalShape(x, seen));
  const first = inner[0];
  if (!inner.every((s) => s === first || (s.length === first.length && s.every((d, i) => d === first[i])))) {
    fail('bad-arguments', `torch.tensor: expected a sequence of equal-length sequences (a rectangular array), got ragged data`);
  }
  const shape = [v.length, ...first];
  seen.set(v, shape);
  return shape;
}

/** torch.Tensor(2, 3) is an uninitialised (2, 3) tensor, torch.Tensor([1, 2]) one from data: the count of arguments tells. */
const LEGACY_SLOTS = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
export const legacyConstructor: LayerDef = {
  type: 'torch.Tensor', names: ['torch.FloatTensor', 'torch.DoubleTensor', 'torch.HalfTensor', 'torch.LongTensor', 'torch.IntTensor',
    'torch.ByteTensor', 'torch.BoolTensor'], kind: 'function', summary: 'a tensor of a size, or from data (the legacy constructor)',
  inputs: 0, signature: [...LEGACY_SLOTS.map((name) => ({ name, default: null })), { name: 'device', default: null, keywordOnly: true }],
  params: noParams,
  forward: (a) => {
    const given = LEGACY_SLOTS.map((k) => a[k]).filter((v) => v !== null);
    if (given.length === 0) return made([0], 'no arguments: an empty 1-D tensor');
    if (given.length === 1 && Array.isArray(given[0])) return made(literalShape(given[0]), 'the nesting of the data');
    return made(sizeList('torch.Tensor', given), 'size');
  },
  cost: () => FREE,
};

const creationDefs: LayerDef[] = [
  sized(['torch.zeros'], 'a tensor of zeros'),
  sized(['torch.ones'], 'a tensor of ones'),
  sized(['torch.empty'], 'an uninitialised tensor'),
  sized(['torch.randn'], 'normal random values'),
  sized(['torch.rand'], 'uniform random values in [0, 1)'),
  {
    type: 'torch.full', kind: 'function', summary: 'a tensor filled with one value', inputs: 0,
    signature: [{ name: 'size' }, { name: 'fill_value' }, ...factoryKeywords], params: noParams,
    forward: (a) => made(sizeList('torch.full', a.size), 'size'), cost: () => FREE,
  },
  {
    // torch.randint(high, size) | torch.randint(low, high, size)
    type: 'torch.randint', kind: 'function', summary: 'random integers', inputs: 0,
    signature: [{ name: 'low' }, { name: 'high', default: null }, { name: 'size', default: null }, ...factoryKeywords], params: noParams,
    forward: (a) => made(sizeList('torch.randint', a.size === null ? a.high : a.size), 'size'), cost: () => FREE,
  },
  {
    type: 'torch.arange', kind: 'function', summary: 'evenly spaced values in [start, end)', inputs: 0,
    signature: [{ name: 'start' }, { name: 'end', default: null }, { name: 'step', default: 1 }, ...factoryKeywords], params: noParams,
    symbolicArgs: ['start', 'end'],
    forward: (a) => made([arangeLength(a)], '⌈(end − start)/step⌉'), cost: () => FREE,
  },
  ...(['linspace', 'logspace'] as const).map((name): LayerDef => ({
    type: `torch.${name}`, kind: 'function', summary: `steps values from start to end (${name === 'linspace' ? 'linear' : 'logarithmic'})`, inputs: 0,
    signature: [{ name: 'start' }, { name: 'end' }, { name: 'steps' }, ...(name === 'logspace' ? [{ name: 'base', default: 10 }] : []), ...factoryKeywords],
    params: noParams, forward: (a) => made([count(`torch.${name}`, a, 'steps', 'number of steps must be non-negative')], 'steps'), cost: () => FREE,
  })),
  {
    type: 'torch.eye', kind: 'function', summary: 'an identity matrix', inputs: 0,
    signature: [{ name: 'n' }, { name: 'm', default: null }, ...factoryKeywords], params: noParams,
    forward: (a) => {
      const n = count('torch.eye', a, 'n', `n must be greater or equal to 0, got ${show(a.n)}`);
      return made([n, a.m === null ? n : count('torch.eye', a, 'm', `m must be greater or equal to 0, got ${show(a.m)}`)], '(n, m)');
    },
    cost: () => FREE,
  },
  {
    type: 'torch.randperm', kind: 'function', summary: 'a random permutation of 0 … n − 1', inputs: 0,
    signature: [{ name: 'n' }, ...factoryKeywords], params: noParams,
    forward: (a) => made(sizeList('torch.randperm', a.n), '(n,)'), cost: () => FREE,
  },
  {
    type: 'torch.tensor', names: ['torch.as_tensor'], kind: 'function',
    summary: 'a tensor from a literal', inputs: 0, signature: [{ name: 'data' }, ...factoryKeywords], params: noParams,
    forward: (a) => made(literalShape(a.data), 'the nesting of the data'), cost: () => FREE,
  },
  legacyConstructor,
  like(['torch.zeros_like'], 'zeros of the shape of input'),
  like(['torch.ones_like'], 'ones of the shape of input'),
  like(['torch.empty_like'], 'an uninitialised tensor of the shape of input'),
  like(['torch.randn_like'], 'normal random values of the shape of input'),
  like(['torch.rand_like'], 'uniform random values of the shape of input'),
  like(['torch.full_like'], 'one value in the shape of input', [{ name: 'fill_value' }]),
  like(['torch.randint_like'], 'random integers in the shape of input', [{ name: 'low' }, { name: 'high', default: null }]),
  newSized('new_zeros'), newSized('new_ones'), newSized('new_empty'), newSized('new_full'),
];

const INT64 = new Set(['torch.randint', 'torch.randperm', 'torch.randint_like']);
export const creationLayers: LayerDef[] = creationDefs.map((d) => ({
  ...d, saves: () => [], ...(INT64.has(d.type) ? { outputElement: 'int64' as const } : {}),
}));
