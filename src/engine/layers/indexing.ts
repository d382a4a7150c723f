// Indexing with index tensors: gather, scatter / scatter_add / scatter_reduce (and their in-place forms),
// index_select, index_add / index_copy / index_fill, take, take_along_dim, masked_select, nonzero / argwhere,
// searchsorted and bucketize.
//
//   gather(input, dim, index)        out = index's shape; same rank as input, and index.size(d) ≤ input.size(d) for
//                                    d ≠ dim (an empty index skips the size checks, as torch does)
//   scatter(input, dim, index, src)  out = input's shape; index has input's rank, index.size(d) ≤ input.size(d) for
//                                    d ≠ dim and ≤ src.size(d) for every d (src has index's rank). A Python number for
//                                    src (or value=) is a scalar: no src check. scatter_add, scatter_reduce alike.
//   index_select(input, dim, index)  index is a vector (or 0-d): dim becomes len(index)
//   index_add / index_copy(input, dim, index, source)   out = input's shape; len(index) = source.size(dim); the rest
//                                    of source broadcasts to input's (index_add) or equals it (index_copy)
//   index_fill(input, dim, index, value)   out = input's shape; value a number or a 0-d tensor
//   take(input, index)               out = index's shape        take_along_dim(input, indices, dim): the shapes
//                                    broadcast except at dim, which is indices'; dim=None: (indices.numel(),)
//   masked_select(input, mask)       (nnz,): input and mask broadcast, and nnz — how many entries of the mask are
//                                    true — is known only at run time. The rank is known; that size is the symbolic
//                                    `nnz`. nonzero(input) is (nnz, rank) (as_tuple: rank tensors of (nnz,)), argwhere
//                                    too.
//   searchsorted(sorted_sequence, values) / bucketize(values, boundaries)   out = the values' shape; a sorted_sequence
//                                    of rank > 1 must match the values on every dim but the last
//
//   cost     0 for the copies and lookups (gather, index_select, take, masked_select, …); scatter_add, index_add and
//            scatter(reduce='add') add every scattered element (adds = index numel, or source numel); 'multiply'/'prod'
//            multiply instead; 'mean' adds and divides every output; 'amax'/'amin' compare. searchsorted and
//            bucketize: a binary search per value, ⌈log₂(n + 1)⌉ comparisons over n boundaries.
//   params   none
import { withSeparators } from '../count';
import { FREE, ops, type Cost, type OpCounts } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { formatDim, formatShape, isKnown, numel, sameDim, symbol, type Dim, type Shape, type ShapeTree } from '../shape';
import { bool, int, num, str, type ArgSpec, type Args } from '../values';
import { line } from '../working';
import { broadcastShapes, normalizeDim } from './tensorOps';

const noParams = () => ({ tensors: [], working: [] });
const outArg: ArgSpec = { name: 'out', default: null, keywordOnly: true };
const list = (s: Shape): string => `[${s.map(formatDim).join(', ')}]`;
/** A 0-d tensor behaves as a 1-element 1-D one in torch's index checks (ensure_nonempty_size). */
const sizeAt = (s: Shape, d: number): Dim => (s.length === 0 ? 1 : s[d]);
const rankOf = (s: Shape): number => Math.max(s.length, 1);

/** The count of entries only the data decides (masked_select, nonzero): the rank is known, this size is not. */
const NNZ = (): Dim => symbol('nnz');

/** a ≤ b for sizes that may be symbolic: true, false, or undefined (unknowable). */
function atMost(a: Dim, b: Dim): boolean | undefined {
  if (sameDim(a, b) || a === 0 || a === 1) return true;
  if (isKnown(a) && isKnown(b)) return a <= b;
  return undefined;
}

const isEmpty = (s: Shape): boolean => s.some((d) => d === 0);

// ── gather ──────────────────────────────────────────────────────────────────────────────────────────────────
function gatherForward(owner: string, a: Args, [x, index]: readonly Shape[]): Forward {
  const dim = normalizeDim(owner, int(a, 'dim'), x.length);
  if (!isEmpty(index)) {
    if (rankOf(index) !== rankOf(x)) {
      fail('index-rank', `${owner}: index tensor must have the same number of dimensions as input tensor (index ${formatShape(index)}, input ${formatShape(x)})`);
    }
    for (let d = 0; d < rankOf(x); d++) {
      if (d === dim) continue;
      const ok = atMost(sizeAt(index, d), sizeAt(x, d));
      if (ok === undefined) throw new UnknownValueError(`${owner}: cannot tell whether ${formatDim(sizeAt(index, d))} ≤ ${formatDim(sizeAt(x, d))}`);
      if (!ok) fail('index-size', `${owner}: size does not match at dimension ${d} expected index ${list(index)} to be smaller than self ${list(x)} apart from dimension ${dim}`);
    }
  }
  return { output: [...index], working: [line('shape', `the index's shape ${formatShape(index)} (picked along dim ${dim} of ${formatShape(x)})`)] };
}

// ── scatter family ──────────────────────────────────────────────────────────────────────────────────────────
/** torch's scatter_shape_check: index fits in self (but at dim) and in src (everywhere). */
function scatterCheck(owner: string, dim: number, x: Shape, index: Shape, src: Shape | null): void {
  if (isEmpty(index)) return;
  if (rankOf(index) !== rankOf(x)) fail('index-rank', `${owner}: index tensor must have the same number of dimensions as self tensor (index ${formatShape(index)}, self ${formatShape(x)})`);
  if (src && rankOf(src) !== rankOf(index)) fail('index-rank', `${owner}: index tensor must have the same number of dimensions as src tensor (index ${formatShape(index)}, src ${formatShape(src)})`);
  for (let d = 0; d < rankOf(x); d++) {
    const checks = [...(d === dim ? [] : [atMost(sizeAt(index, d), sizeAt(x, d))]), ...(src ? [atMost(sizeAt(index, d), sizeAt(src, d))] : [])];
    if (checks.includes(false)) {
      fail('index-size', `${owner}: expected index ${list(index)} to be smaller than self ${list(x)} apart from dimension ${dim}` +
        (src ? ` and to be smaller size than src ${list(src)}` : ''));
    }
    if (checks.includes(undefined)) throw new UnknownValueError(`${owner}: cannot tell whether the index ${formatShape(index)} fits`);
  }
}

type ScatterReduce = 'none' | 'add' | 'multiply' | 'sum' | 'prod' | 'mean' | 'amax' | 'amin';

function reduceOf(owner: string, a: Args, allowed: readonly ScatterReduce[], optional: boolean): ScatterReduce {
  if (optional && a.reduce === null) return 'none';
  const r = str(a, 'reduce') as ScatterReduce;
  if (!allowed.includes(r)) fail('bad-arguments', `${owner}: reduce argument must be either ${allowed.join(', ')}, got '${r}'`);
  return r;
}

function scatterForward(owner: string, a: Args, [x, index, src]: readonly Shape[], needsSrc: boolean): Forward {
  const dim = normalizeDim(owner, int(a, 'dim'), x.length);
  // scatter's `value` form: value=, or a Python number where src goes (it binds as a 0-d tensor; a real 0-d tensor
  // src with a higher-rank index, which torch rejects, cannot be told apart from it)
  const hasValue = a.value !== null && a.value !== undefined;
  if (!needsSrc && src !== undefined && hasValue) fail('bad-arguments', `${owner}: give src or value, not both`);
  if (!needsSrc && src === undefined && !hasValue) fail('bad-arguments', `${owner}: missing src or value`);
  const scalar = src === undefined || (src.length === 0 && !needsSrc);
  scatterCheck(owner, dim, x, index, scalar ? null : src);
  return { output: [...x], working: [line('shape', `the input's shape ${formatShape(x)} (index ${formatShape(index)} scattered along dim ${dim})`)] };
}

function scatterCost(owner: string, reduce: ScatterReduce, index: Shape, out: Shape): Cost {
  if (reduce === 'none') return { ...FREE, working: [`${owner}: 0 (a copy)`] };
  const n = numel(index);
  const m = numel(out);
  if (n === undefined || m === undefined) throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
  const kind: Record<ScatterReduce, Partial<OpCounts>> = {
    none: {}, add: { add: n }, sum: { add: n }, multiply: { mul: n }, prod: { mul: n }, mean: { add: n, div: m }, amax: { cmp: n }, amin: { cmp: n },
  };
  return { macs: 0n, exact: ops(kind[reduce]), working: [`reduce '${reduce}': one operation per scattered element (index numel ${withSeparators(n)})` +
    (reduce === 'mean' ? ` and one division per output (${withSeparators(m)})` : '')] };
}

const scatterTensors = (src: 'src' | 'src?'): ArgSpec[] => [
  { name: 'input', tensor: 'one' }, { name: 'dim' }, { name: 'index', tensor: 'one' },
  src === 'src' ? { name: 'src', tensor: 'one' } : { name: 'src', tensor: 'optional', default: null },
];

const scatterDefs: LayerDef[] = [
  { type: 'torch.scatter', names: ['Tensor.scatter', 'Tensor.scatter_'], kind: 'function', summary: 'the input with src (or a value) written at index along dim',
    inputs: 3, signature: [...scatterTensors('src?'), { name: 'value', default: null }, { name: 'reduce', default: null, keywordOnly: true }], params: noParams,
    forward: (a, xs) => {
      reduceOf('scatter', a, ['add', 'multiply'], true);
      return scatterForward('scatter', a, xs, false);
    },
    cost: (a, [, index], out) => scatterCost('torch.scatter', reduceOf('scatter', a, ['add', 'multiply'], true), index, out as Shape) },
  { type: 'torch.scatter_add', names: ['Tensor.scatter_add', 'Tensor.scatter_add_'], kind: 'function', summary: 'the input with src added at index along dim',
    inputs: 3, signature: scatterTensors('src'), params: noParams,
    forward: (a, xs) => scatterForward('scatter_add', a, xs, true),
    cost: (_a, [, index], out) => scatterCost('torch.scatter_add', 'add', index, out as Shape) },
  { type: 'torch.scatter_reduce', names: ['Tensor.scatter_reduce', 'Tensor.scatter_reduce_'], kind: 'function',
    summary: 'the input with src reduced in at index along dim (sum, prod, mean, amax, amin)', inputs: 3,
    signature: [...scatterTensors('src'), { name: 'reduce' }, { name: 'include_self', default: true, keywordOnly: true }], params: noParams,
    forward: (a, xs) => {
      reduceOf('scatter_reduce', a, ['sum', 'prod', 'mean', 'amax', 'amin'], false);
      return scatterForward('scatter_reduce', a, xs, true);
    },
    cost: (a, [, index], out) => scatterCost('torch.scatter_reduce', reduceOf('scatter_reduce', a, ['sum', 'prod', 'mean', 'amax', 'amin'], false), index, out as Shape) },
];

// ── index_select / index_add / index_copy / index_fill ──────────────────────────────────────────────────────
function vectorIndex(owner: string, index: Shape): Dim {
  if (index.length > 1) fail('index-rank', `${owner}: index is supposed to be a vector, but got dim: ${index.length} and size: ${list(index)}`);
  return index.length === 0 ? 1 : index[0];
}

function indexSelectForward(owner: string, a: Args, [x, index]: readonly Shape[]): Forward {
  const dim = normalizeDim(owner, int(a, 'dim'), x.length);
  const n = vectorIndex(owner, index);
  if (x.length === 0) return { output: [], working: [line('shape', 'a 0-d input stays 0-d')] };
  const output = x.map((d, i) => (i === dim ? n : d));
  return { output, working: [line('shape', `dim ${dim}: ${formatDim(x[dim])} → len(index) = ${formatDim(n)}: ${formatShape(output)}`)] };
}

/** index_add / index_copy: len(index) = source.size(dim); the rest of source broadcasts to (add) or equals (copy) input's. */
function indexPutForward(owner: string, a: Args, [x, index, source]: readonly Shape[], exact: boolean): Forward {
  const dim = normalizeDim(owner, int(a, 'dim'), x.length);
  const n = vectorIndex(owner, index);
  if (exact && source.length === 0 && n !== 1) fail('index-size', `${owner}: when source is scalar, index should have one element (got ${formatDim(n)})`);
  if (exact && x.length > 0 && source.length > 0 && x.length !== source.length) {
    fail('index-rank', `${owner}: when source and destination are not scalars, their dimensionality must match. Source dimensionality (${source.length}), ` +
      `destination dimensionality (${x.length})`);
  }
  if (source.length > 0 && dim >= source.length) fail('dim-out-of-range', `${owner}: indexing dim ${dim} is out of bounds of the source tensor with dim ${source.length}`);
  const count = source.length === 0 ? 1 : source[dim];
  if (!sameDim(count, n)) {
    if (isKnown(count) && isKnown(n)) fail('index-size', `${owner}: number of indices (${n}) should be equal to source.size(dim): (${count}), for dim: ${dim}`);
    throw new UnknownValueError(`${owner}: cannot tell whether ${formatDim(n)} and ${formatDim(count)} agree`);
  }
  if (x.length > 0 && source.length > 0) {
    const slice = (s: Shape) => s.filter((_d, i) => i !== dim);
    const [dst, src] = [slice(x), slice(source)];
    if (exact) {
      src.forEach((d, i) => {
        if (sameDim(d, dst[i])) return;
        if (!isKnown(d) || !isKnown(dst[i])) throw new UnknownValueError(`${owner}: cannot tell whether ${formatDim(d)} and ${formatDim(dst[i])} agree`);
        fail('index-size', `${owner}: source/destination tensor must have same slice shapes (destination ${formatShape(dst)}, source ${formatShape(src)})`);
      });
    } else {
      const b = broadcastShapes(owner, dst, src);
      const widened = b.length !== dst.length || !b.every((d, i) => sameDim(d, dst[i]));
      if (widened && b.length === dst.length && b.every((d, i) => sameDim(d, dst[i]) || !isKnown(d) || !isKnown(dst[i]))) {
        throw new UnknownValueError(`${owner}: cannot tell statically whether source ${formatShape(source)} broadcasts to ${formatShape(x)}`);
      }
      if (widened) {
        fail('broadcast', `${owner}: output with shape ${list(dst)} doesn't match the broadcast shape ${list(b)} (source ${formatShape(source)} without dim ${dim})`);
      }
    }
  }
  return { output: [...x], working: [line('shape', `the input's shape ${formatShape(x)} (${formatDim(n)} slices along dim ${dim} from source ${formatShape(source)})`)] };
}

function indexFillForward(owner: string, a: Args, [x, index, value]: readonly Shape[]): Forward {
  const dim = normalizeDim(owner, int(a, 'dim'), x.length);
  if (index.length > 1) fail('index-rank', `${owner}: index has to be a vector/scalar, got ${formatShape(index)}`);
  if (value.length !== 0) fail('bad-arguments', `${owner} only supports a 0-dimensional value tensor, but got tensor with ${value.length} dimension(s)`);
  return { output: [...x], working: [line('shape', `the input's shape ${formatShape(x)} (filled at ${formatShape(index)} along dim ${dim})`)] };
}

const indexTensors: ArgSpec[] = [{ name: 'input', tensor: 'one' }, { name: 'dim' }, { name: 'index', tensor: 'one' }];

const indexDefs: LayerDef[] = [
  { type: 'torch.index_select', names: ['Tensor.index_select'], kind: 'function', summary: 'the slices at index along dim', inputs: 2,
    signature: [...indexTensors, outArg], params: noParams, forward: (a, xs) => indexSelectForward('index_select()', a, xs), cost: () => FREE },
  { type: 'torch.index_add', names: ['Tensor.index_add', 'Tensor.index_add_'], kind: 'function', summary: 'the input with source slices added at index along dim',
    inputs: 3, signature: [...indexTensors, { name: 'source', tensor: 'one' }, { name: 'alpha', default: 1, keywordOnly: true }, outArg], params: noParams,
    forward: (a, xs) => indexPutForward('index_add_()', a, xs, false),
    cost: (a, [, , source]) => {
      const n = numel(source);
      if (n === undefined) throw new UnknownValueError('torch.index_add: cost unknown, the size is symbolic');
      const scaled = num(a, 'alpha') !== 1 ? n : 0n;
      return { macs: 0n, exact: ops({ add: n, mul: scaled }), working: [`adds = source numel = ${withSeparators(n)}${scaled ? `; mults by alpha = ${withSeparators(n)}` : ''}`] };
    } },
  { type: 'torch.index_copy', names: ['Tensor.index_copy', 'Tensor.index_copy_'], kind: 'function', summary: 'the input with source slices copied in at index along dim',
    inputs: 3, signature: [...indexTensors, { name: 'source', tensor: 'one' }, outArg], params: noParams,
    forward: (a, xs) => indexPutForward('index_copy_()', a, xs, true), cost: () => FREE },
  { type: 'torch.index_fill', names: ['Tensor.index_fill', 'Tensor.index_fill_'], kind: 'function', summary: 'the input with a value at index along dim',
    inputs: 3, signature: [...indexTensors, { name: 'value', tensor: 'one' }], params: noParams,
    forward: (a, xs) => indexFillForward('index_fill_', a, xs), cost: () => FREE },
];

// ── take / take_along_dim ───────────────────────────────────────────────────────────────────────────────────
function takeAlongForward(owner: string, a: Args, [x, indices]: readonly Shape[]): Forward {
  if (a.dim === null) {
    const n = numel(indices);
    if (n === undefined && indices.length !== 1) throw new UnknownValueError(`${owner}: the element count of ${formatShape(indices)} is symbolic`);
    const size: Dim = n === undefined ? indices[0] : Number(n);
    return { output: [size], working: [line('shape', `dim=None: the input flattened, indices flattened → (${formatDim(size)},)`)] };
  }
  if (x.length === 0) fail('dim-out-of-range', `${owner}: dimension specified as ${int(a, 'dim')} but tensor has no dimensions`);
  const dim = normalizeDim(owner, int(a, 'dim'), x.length);
  if (x.length !== indices.length) {
    fail('index-rank', `${owner}: input and indices should have the same number of dimensions, but got ${x.length} dimensions for input, and ${indices.length} dimensions for indices`);
  }
  const rest = (s: Shape) => s.map((d, i) => (i === dim ? 1 : d));
  const b = broadcastShapes(owner, rest(x), rest(indices));
  const output = b.map((d, i) => (i === dim ? indices[dim] : d));
  return { output, working: [line('shape', `dims but ${dim} broadcast (${formatShape(x)} and ${formatShape(indices)}), dim ${dim} from indices → ${formatShape(output)}`)] };
}

const takeDefs: LayerDef[] = [
  { type: 'torch.take', names: ['Tensor.take'], kind: 'function', summary: 'the flattened input at index', inputs: 2, tensorNames: ['input', 'index'],
    signature: [], params: noParams, cost: () => FREE,
    forward: (_a, [, index]) => ({ output: [...index], working: [line('shape', `the index's shape ${formatShape(index)}`)] }) },
  { type: 'torch.take_along_dim', names: ['Tensor.take_along_dim'], kind: 'function', summary: 'values at indices along dim (broadcasting the rest)',
    inputs: 2, tensorNames: ['input', 'indices'], signature: [{ name: 'dim', default: null }, outArg], params: noParams,
    forward: (a, xs) => takeAlongForward('torch.take_along_dim()', a, xs), cost: () => FREE },
];

// ── masked_select / nonzero / argwhere: a size only the data decides ────────────────────────────────────────
const NNZ_NOTE = 'nnz = the number of non-zero (true) entries, known only at run time';

const dataDependent: LayerDef[] = [
  { type: 'torch.masked_select', names: ['Tensor.masked_select'], kind: 'function', summary: 'the entries where mask is true, as a 1-D tensor',
    inputs: 2, tensorNames: ['input', 'mask'], signature: [outArg], params: noParams, cost: () => FREE,
    forward: (_a, [x, mask]) => {
      const b = broadcastShapes('masked_select', x, mask);
      return { output: [NNZ()], working: [line('shape', `input ${formatShape(x)} and mask ${formatShape(mask)} broadcast to ${formatShape(b)}; ` +
        `the selected entries → (nnz,): ${NNZ_NOTE}`)] };
    } },
  { type: 'torch.nonzero', names: ['Tensor.nonzero'], kind: 'function', summary: 'the indices of the non-zero entries', signature: [outArg,
    { name: 'as_tuple', default: false, keywordOnly: true }], params: noParams, cost: () => FREE,
    forward: (a, [x]) => {
      if (bool(a, 'as_tuple')) {
        const output: ShapeTree = { tuple: Array.from({ length: rankOf(x) }, () => [NNZ()]) };
        return { output, working: [line('shape', `as_tuple: ${rankOf(x)} tensors of (nnz,), one per dim; ${NNZ_NOTE}`)] };
      }
      return { output: [NNZ(), x.length], working: [line('shape', `(nnz, ${x.length}): one row of ${x.length} indices per entry; ${NNZ_NOTE}`)] };
    } },
  { type: 'torch.argwhere', names: ['Tensor.argwhere'], kind: 'function', summary: 'the indices of the non-zero entries, one row each', signature: [],
    params: noParams, cost: () => FREE,
    forward: (_a, [x]) => ({ output: [NNZ(), x.length], working: [line('shape', `(nnz, ${x.length}): ${NNZ_NOTE}`)] }) },
];

// ── searchsorted / bucketize ────────────────────────────────────────────────────────────────────────────────
function searchCost(owner: string, boundaries: Shape, out: Shape): Cost {
  const n = boundaries.length ? boundaries[boundaries.length - 1] : 1;
  const m = numel(out);
  if (!isKnown(n) || m === undefined) throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
  const steps = BigInt(Math.ceil(Math.log2(n + 1)));
  return { macs: 0n, exact: ops({ cmp: m * steps }), working: [`comparisons = values · ⌈log₂(${n} + 1)⌉ = ${withSeparators(m)} · ${steps} = ${withSeparators(m * steps)}`] };
}

function searchsortedForward(owner: string, a: Args, [seq, values, sorter]: readonly Shape[]): Forward {
  if (a.side !== null) {
    const side = str(a, 'side');
    if (side !== 'left' && side !== 'right') fail('bad-arguments', `${owner}: side can only be 'left' or 'right' but got ${side}`);
    if (bool(a, 'right') && side === 'left') fail('bad-arguments', `${owner}: side and right can't be set to opposites, got side of left while right was True`);
  }
  if (seq.length === 0) fail('wrong-rank', `${owner}: boundaries tensor should have positive dimension, but got 0 dimension`);
  if (sorter && !(sorter.length === seq.length && sorter.every((d, i) => sameDim(d, seq[i])))) {
    if (sorter.length === seq.length && sorter.every((d, i) => sameDim(d, seq[i]) || !isKnown(d) || !isKnown(seq[i]))) {
      throw new UnknownValueError(`${owner}: cannot tell statically whether the sorter ${formatShape(sorter)} matches ${formatShape(seq)}`);
    }
    fail('bad-arguments', `${owner}: boundary and sorter must have the same size, but got boundary tensor ${list(seq)} and got sorter tensor ${list(sorter)}`);
  }
  if (seq.length > 1) {
    if (values.length === 0) fail('wrong-rank', `${owner}: input value can be a scalar only when boundaries tensor dimension is 1, but we got boundaries tensor dim(${seq.length})`);
    const lead = (s: Shape) => s.slice(0, -1);
    const match = seq.length === values.length && lead(seq).every((d, i) => sameDim(d, values[i]));
    if (!match) {
      if (seq.length === values.length && lead(seq).every((d, i) => sameDim(d, values[i]) || !isKnown(d) || !isKnown(values[i]))) {
        throw new UnknownValueError(`${owner}: cannot tell whether ${formatShape(seq)} and ${formatShape(values)} match`);
      }
      fail('index-size', `${owner}: boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, ` +
        `but we got boundaries tensor ${list(seq)} and input value tensor ${list(values)}`);
    }
  }
  return { output: [...values], working: [line('shape', `the values' shape ${formatShape(values)} (searched in ${formatShape(seq)})`)] };
}

const searchDefs: LayerDef[] = [
  { type: 'torch.searchsorted', kind: 'function', summary: 'where each value would go in a sorted sequence', inputs: 2,
    signature: [{ name: 'sorted_sequence', tensor: 'one' }, { name: 'input', tensor: 'one' }, { name: 'out_int32', default: false, keywordOnly: true },
      { name: 'right', default: false, keywordOnly: true }, { name: 'side', default: null, keywordOnly: true }, outArg,
      { name: 'sorter', tensor: 'optional', default: null, keywordOnly: true }], params: noParams,
    forward: (a, xs) => searchsortedForward('torch.searchsorted()', a, xs),
    cost: (_a, [seq], out) => searchCost('torch.searchsorted', seq, out as Shape) },
  { type: 'torch.bucketize', kind: 'function', summary: 'the bucket of each value among 1-D boundaries', inputs: 2, tensorNames: ['input', 'boundaries'],
    signature: [{ name: 'out_int32', default: false, keywordOnly: true }, { name: 'right', default: false, keywordOnly: true }, outArg], params: noParams,
    forward: (_a, [x, boundaries]) => {
      if (boundaries.length !== 1) fail('wrong-rank', `torch.bucketize(): boundaries tensor must be 1 dimension, but got dim(${boundaries.length})`);
      return { output: [...x], working: [line('shape', `the input's shape ${formatShape(x)}`)] };
    },
    cost: (_a, [, boundaries], out) => searchCost('torch.bucketize', boundaries, out as Shape) },
];

export const indexingLayers: LayerDef[] = [
  { type: 'torch.gather', names: ['Tensor.gather'], kind: 'function', summary: 'values at index along dim', inputs: 2,
    signature: [...indexTensors, { name: 'sparse_grad', default: false, keywordOnly: true }, outArg], params: noParams,
    forward: (a, xs) => gatherForward('gather()', a, xs), cost: () => FREE },
  ...scatterDefs, ...indexDefs, ...takeDefs, ...dataDependent, ...searchDefs,
];
