// Rearranging ops the view families leave out: tiling, unflattening, the NumPy-style splits, block-diagonal and
// combinatorial constructions, and a few reductions with a shape of their own.
//
//   tile(dims)               repeat, with dims padded by leading 1s to the input's rank (fewer reps than dims is fine)
//   unflatten(dim, sizes)    dim split into sizes (one −1 inferred); sizes non-empty
//   hsplit / vsplit / dsplit tensor_split along dim 1 (0 for a 1-D input) / 0 / 2; an int must divide the size;
//                            vsplit needs 2 dims, dsplit 3
//   block_diag(*tensors)     (Σ rows, Σ cols): a 0-d tensor is 1×1, a 1-D (n,) is 1×n; at most 2 dims each
//   cartesian_prod(*tensors) (∏ nᵢ, k) for k 1-D tensors; one tensor: itself
//   combinations(r, with_replacement)  (C(n, r), r), or (C(n + r − 1, r), r); r = 0 gives (0,); 1-D input
//   msort                    sorted along dim 0: the input's shape
//   dist(input, other, p)    0-d: the p-norm of input − other (they broadcast)
//   sum_to_size(*size)       the input summed down to size, which must expand to the input's shape
//   autograd.Variable(t)     t itself (Variable and Tensor merged in PyTorch 0.4)
//   resize_(*sizes), resize_as_(other)   the new sizes (the element count may change); the deprecated copies resize /
//                            resize_as keep it; as_strided(size, stride): size; set_(source): source's shape
//   cost                     0 MACs; exact: dist n subtractions, n powers, n − 1 adds, 1 root; sum_to_size
//                            in − out adds; the others 0 (sorting counts 0 by the reductions' convention)
import { withSeparators } from '../count';
import { FREE, ops } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { formatDim, formatShape, isKnown, numel, type Dim, type Shape } from '../shape';
import { bool, dimList, int, intList, isUnknown, show, type Args } from '../values';
import { lazyLine, line } from '../working';
import { unflattenForward } from './reshape';
import { broadcastShapes } from './tensorOps';
import { expandForward, repeatForward, tensorSplitForward } from './views';

const noParams = () => ({ tensors: [], working: [] });

// ── tile / unflatten ────────────────────────────────────────────────────────────────────────────────────────
function tileForward(x: Shape, dims: Dim[]): Forward {
  const reps = [...Array(Math.max(x.length - dims.length, 0)).fill(1), ...dims];
  const f = repeatForward('tile', x, reps);
  return { ...f, working: dims.length < x.length ? [line('dims', `${show(dims)} padded with leading 1s to ${show(reps)}`), ...f.working] : f.working };
}

const unflatten: LayerDef = {
  type: 'torch.unflatten', names: ['Tensor.unflatten'], kind: 'function', summary: 'splits one dimension into several',
  signature: [{ name: 'dim' }, { name: 'sizes' }], params: noParams, symbolicArgs: ['sizes'],
  forward: (a, [x], ctx) => {
    if (Array.isArray(a.sizes) && a.sizes.length === 0) fail('bad-arguments', 'unflatten: sizes must be non-empty');
    return unflattenForward({ dim: a.dim, unflattened_size: a.sizes }, x, ctx, 'unflatten');
  },
  cost: () => FREE,
};

// ── hsplit / vsplit / dsplit ────────────────────────────────────────────────────────────────────────────────
function numpySplit(name: 'hsplit' | 'vsplit' | 'dsplit'): LayerDef {
  const owner = `torch.${name}`;
  const needs = { hsplit: 1, vsplit: 2, dsplit: 3 }[name];
  return {
    type: owner, names: [`Tensor.${name}`], kind: 'function', summary: `pieces along dim ${name === 'hsplit' ? '1 (0 for 1-D)' : name === 'vsplit' ? 0 : 2}, NumPy's ${name}`,
    signature: [{ name: 'indices_or_sections' }], params: noParams,
    forward: (a, [x]) => {
      if (x.length < needs) fail('wrong-rank', `${owner} requires a tensor with at least ${needs} dimension, but got a tensor with ${x.length} dimensions!`);
      const dim = name === 'hsplit' ? (x.length === 1 ? 0 : 1) : name === 'vsplit' ? 0 : 2;
      const spec = a.indices_or_sections;
      if (isUnknown(spec)) throw new UnknownValueError(`indices_or_sections: ${spec.why}`);
      if (!Array.isArray(spec)) {
        const n = int(a, 'indices_or_sections');
        const size = x[dim];
        if (!isKnown(size)) throw new UnknownValueError(`${owner}: whether ${n} divides the symbolic size ${formatDim(size)} is not known`);
        if (n === 0 || size % n !== 0) {
          fail('split-sizes', `${owner} attempted to split along dimension ${dim}, but the size of the dimension ${size} is not divisible by the split_size ${n}!`);
        }
      }
      return tensorSplitForward(owner, { indices_or_sections: spec, dim }, x);
    },
    cost: () => FREE,
  };
}

// ── block_diag / cartesian_prod / combinations ─────────────────────────────────────────────────────────────
const sumDims = (owner: string, ds: readonly Dim[]): number => ds.reduce<number>((s, d) => {
  if (!isKnown(d)) throw new UnknownValueError(`${owner}: the sum of the symbolic size ${formatDim(d)} is not followed`);
  return s + d;
}, 0);

const blockDiag: LayerDef = {
  type: 'torch.block_diag', kind: 'function', summary: 'a block-diagonal matrix from the tensors', inputs: 'list', varargs: 'tensors',
  signature: [], params: noParams,
  forward: (_a, xs) => {
    xs.forEach((x, i) => {
      if (x.length > 2) fail('wrong-rank', `torch.block_diag: Input tensors must have 2 or fewer dimensions. Input ${i} has ${x.length} dimensions`);
    });
    const as2d = xs.map((x): Dim[] => (x.length === 0 ? [1, 1] : x.length === 1 ? [1, x[0]] : [...x]));
    const output = [sumDims('torch.block_diag', as2d.map((b) => b[0])), sumDims('torch.block_diag', as2d.map((b) => b[1]))];
    return { output, working: [line('shape', `blocks ${as2d.map(formatShape).join(', ') || 'none'} → ${formatShape(output)}`)] };
  },
  cost: () => FREE,
};

const oneD = (owner: string, x: Shape): Dim => {
  if (x.length !== 1) fail('wrong-rank', `${owner}: Expect a 1D vector, but got shape ${show(x.map((d) => (isKnown(d) ? d : formatDim(d))))}`);
  return x[0];
};

const cartesianProd: LayerDef = {
  type: 'torch.cartesian_prod', kind: 'function', summary: 'every combination of one entry of each 1-D tensor, one row each',
  inputs: 'list', varargs: 'tensors', signature: [], params: noParams,
  forward: (_a, xs) => {
    const lengths = xs.map((x) => oneD('torch.cartesian_prod', x));
    if (xs.length === 1) return { output: [lengths[0]], working: [line('shape', `one tensor: itself, ${formatShape(xs[0])}`)] };
    const rows = lengths.reduce<number>((p, d) => {
      if (!isKnown(d)) throw new UnknownValueError(`torch.cartesian_prod: the product of the symbolic size ${formatDim(d)} is not followed`);
      return p * d;
    }, 1);
    const output = [rows, xs.length];
    return { output, working: [line('shape', `(${lengths.join('·')}, ${xs.length}) = ${formatShape(output)}`)] };
  },
  cost: () => FREE,
};

/** C(n, r) as an exact integer (n, r small enough for shapes). */
function choose(n: number, r: number): number {
  if (r < 0 || r > n) return 0;
  let c = 1n;
  for (let i = 1; i <= r; i++) c = (c * BigInt(n - r + i)) / BigInt(i);
  return Number(c);
}

const combinations: LayerDef = {
  type: 'torch.combinations', kind: 'function', summary: 'the r-length combinations of a 1-D tensor\'s entries, one row each',
  signature: [{ name: 'r', default: 2 }, { name: 'with_replacement', default: false }], params: noParams,
  forward: (a, [x]) => {
    const n = oneD('torch.combinations', x);
    const r = int(a, 'r');
    if (r < 0) fail('bad-arguments', `torch.combinations: Expect a non-negative number, but got ${r}`);
    if (r === 0) return { output: [0], working: [line('shape', 'r = 0: an empty (0,)')] };
    if (!isKnown(n)) throw new UnknownValueError(`torch.combinations: C(${formatDim(n)}, ${r}) of a symbolic size`);
    const repeat = bool(a, 'with_replacement');
    const rows = repeat ? choose(n + r - 1, r) : choose(n, r);
    const output = [rows, r];
    return { output, working: [line('shape', `${repeat ? `C(${n} + ${r} − 1, ${r})` : `C(${n}, ${r})`} = ${withSeparators(rows)} rows of ${r}: ${formatShape(output)}`)] };
  },
  cost: () => FREE,
};

// ── msort / dist / sum_to_size ─────────────────────────────────────────────────────────────────────────────
const msort: LayerDef = {
  type: 'torch.msort', names: ['Tensor.msort'], kind: 'function', summary: 'sorted along dim 0', signature: [{ name: 'out', default: null, keywordOnly: true }],
  params: noParams,
  forward: (_a, [x]) => ({ output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)}`)] }),
  cost: () => ({ ...FREE, working: ['0 (sorting is not counted: its comparisons depend on the data)'] }),
};

const dist: LayerDef = {
  type: 'torch.dist', names: ['Tensor.dist'], kind: 'function', summary: 'the p-norm of input − other (0-d)', inputs: 2,
  signature: [{ name: 'p', default: 2 }], params: noParams,
  forward: (_a, [x, y]) => {
    const b = broadcastShapes('torch.dist', x, y);
    return { output: [], working: [line('shape', `‖input − other‖ over the broadcast ${formatShape(b)}: a 0-d tensor`)] };
  },
  cost: (_a, [x, y]) => {
    const n = numel(broadcastShapes('torch.dist', x, y));
    if (n === undefined) throw new UnknownValueError('torch.dist: cost unknown, the size is symbolic');
    return { macs: 0n, exact: ops({ add: 2n * n - 1n, other: n + 1n }),
      working: [`subtractions ${withSeparators(n)}, powers ${withSeparators(n)}, adds ${withSeparators(n - 1n)}, 1 root`] };
  },
};

const sumToSize: LayerDef = {
  type: 'Tensor.sum_to_size', kind: 'method', summary: 'summed down to a size that expands back to the input', signature: [{ name: 'size' }], varargs: 'size',
  params: noParams,
  forward: (a, [x]) => {
    const size = intList(a, 'size');
    try {
      expandForward('sum_to_size', size, x.map((d) => (isKnown(d) ? d : -1)));
    } catch {
      if (!x.every(isKnown)) throw new UnknownValueError(`sum_to_size: whether ${show(size)} expands to ${formatShape(x)} depends on its symbolic sizes`);
      fail('bad-arguments', `sum_to_size: size ${show(size)} is not expandable to size ${formatShape(x)}.`);
    }
    return { output: size, working: [line('shape', `${formatShape(x)} summed to ${formatShape(size)}`)] };
  },
  cost: (_a, [x], o) => {
    const n = numel(x);
    const m = numel(o as Shape);
    if (n === undefined || m === undefined) throw new UnknownValueError('sum_to_size: cost unknown, the size is symbolic');
    return { macs: 0n, exact: ops({ add: n - m }), working: [`adds = in_numel − out_numel = ${withSeparators(n - m)}`] };
  },
};

const tile: LayerDef = {
  type: 'torch.tile', names: ['Tensor.tile'], kind: 'function', summary: 'the tensor tiled along each dim (NumPy\'s tile)',
  // a symbolic count (HieraDet's `window_embed.tile((tile_h, tile_w))`, the map's size over the window's) multiplies
  signature: [{ name: 'dims' }], varargs: 'dims', params: noParams, symbolicArgs: ['dims'],
  forward: (a: Args, [x]) => tileForward(x, dimList(a, 'dims')),
  cost: () => FREE,
};

/** torch.autograd.Variable(t, requires_grad=False, volatile=False): the tensor itself since PyTorch 0.4. */
const variable: LayerDef = {
  type: 'torch.autograd.Variable', kind: 'function', summary: 'the tensor itself (Variable and Tensor merged in PyTorch 0.4)',
  signature: [{ name: 'requires_grad', default: false }, { name: 'volatile', default: false }], params: noParams,
  forward: (_a, [x]) => ({ output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)}`)] }),
  cost: () => FREE,
};

// ── Resizing and strided views ──────────────────────────────────────────────────────────────────────────────
/** x.resize_(*sizes) and x.resize_as_(other) may change the element count; the deprecated copies resize / resize_as may not. */
function resize(type: string, inPlace: boolean, fromOther: boolean): LayerDef {
  const owner = type.slice(type.indexOf('.') + 1);
  return {
    type, kind: 'method', summary: inPlace ? 'the tensor resized in place (its storage grows as needed)' : 'a copy of another shape (deprecated)',
    signature: fromOther ? [{ name: 'memory_format', default: null, keywordOnly: true }] : [{ name: 'sizes' }, { name: 'memory_format', default: null, keywordOnly: true }],
    varargs: fromOther ? undefined : 'sizes', inputs: fromOther ? 2 : 1, tensorNames: fromOther ? ['input', 'the_template'] : undefined, params: noParams,
    forward: (a, [x, other]) => {
      const sizes: Shape = fromOther ? [...other] : intList(a, 'sizes');
      sizes.forEach((d) => {
        if (isKnown(d) && d < 0) fail('bad-arguments', `${owner}: Trying to create tensor with negative dimension ${d}: ${formatShape(sizes)}`);
      });
      if (!inPlace) {
        const [n, m] = [numel(x), numel(sizes)];
        if (n !== undefined && m !== undefined && n !== m) {
          fail('view-numel', `${owner}: requested resize to ${formatShape(sizes)} (${withSeparators(m)} elements in total), but the given tensor has a size of ` +
            `${formatShape(x)} (${withSeparators(n)} elements); only ${owner}_ (in place) can change the element count`);
        }
      }
      return { output: sizes, working: [line('shape', `${formatShape(x)} resized to ${formatShape(sizes)}`)] };
    },
    cost: () => FREE,
  };
}

/** as_strided(input, size, stride, storage_offset): a view of the given size (whether it fits the storage is not checked: a view's storage is not known). */
const asStrided: LayerDef = {
  type: 'torch.as_strided', names: ['Tensor.as_strided', 'torch.as_strided_', 'Tensor.as_strided_', 'torch.as_strided_copy'], kind: 'function',
  summary: 'a view of the storage with the given size and strides', signature: [{ name: 'size' }, { name: 'stride' }, { name: 'storage_offset', default: null }],
  params: noParams,
  forward: (a) => {
    const size = intList(a, 'size');
    if (intList(a, 'stride').length !== size.length) fail('bad-arguments', `as_strided: mismatch in length of strides and shape (${size.length} sizes)`);
    return { output: size, working: [line('shape', `size ${formatShape(size)}`)] };
  },
  cost: () => FREE,
};

/** x.set_(source): x becomes a view of source (its shape); x.set_() empties it. */
const setFrom: LayerDef = {
  type: 'Tensor.set_', kind: 'method', summary: 'the tensor made a view of source', inputs: 2, tensorNames: ['input', 'source?'], signature: [], params: noParams,
  forward: (_a, [, source]) => {
    const output: Shape = source ? [...source] : [0];
    return { output, working: [line('shape', source ? `the shape of source ${formatShape(output)}` : 'no source: an empty (0,)')] };
  },
  cost: () => FREE,
};

export const arrangeLayers: LayerDef[] = [variable, resize('Tensor.resize_', true, false), resize('Tensor.resize', false, false),
  resize('Tensor.resize_as_', true, true), resize('Tensor.resize_as', false, true), asStrided, setFrom, 
  tile, unflatten, numpySplit('hsplit'), numpySplit('vsplit'), numpySplit('dsplit'), blockDiag, cartesianProd, combinations,
  msort, dist, sumToSize,
];
