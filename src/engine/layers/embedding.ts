// Embeddings: Embedding and EmbeddingBag (lookup tables of learned vectors), and F.embedding / F.embedding_bag /
// torch.embedding, which take the table as a tensor (num_embeddings, embedding_dim) — same shape and cost rules.
//
//   Embedding     shape   output = input.shape + (embedding_dim,)   (any rank, including 0-d indices)
//                 params  weight = num_embeddings · embedding_dim
//                 cost    0: a lookup copies rows and computes nothing (0 MACs, 0 exact)
//   EmbeddingBag  shape   2-D indices (B, N) → (B, embedding_dim), each row is one bag;
//                         1-D indices with an offsets tensor → (len(offsets) [− 1 with include_last_offset], embedding_dim)
//                 params  weight = num_embeddings · embedding_dim
//                 cost    0 MACs; exact: each bag of n rows reduces n − 1 pairs per feature:
//                         sum: (in_numel − bags) · embedding_dim adds; mean: the same adds + bags · embedding_dim divisions;
//                         max: (in_numel − bags) · embedding_dim comparisons
//   saved         the int64 indices, for the table's gradient (EmbeddingBag also its offsets and per-bag bookkeeping)
import { withSeparators } from '../count';
import { FREE, ops, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef, ParamSet } from '../layer';
import type { SavedTensor } from '../saved';
import { formatDim, formatShape, isKnown, numel, type Shape } from '../shape';
import { bool, int, optInt, str, type ArgSpec, type Args } from '../values';
import { dot, line } from '../working';

interface Table { num: number; dim: number }

function readTable(owner: string, a: Args): Table {
  const num = int(a, 'num_embeddings');
  const dim = int(a, 'embedding_dim');
  if (num < 0 || dim < 0) fail('bad-arguments', `${owner}: num_embeddings and embedding_dim must be non-negative, got ${num} and ${dim}`);
  const pad = optInt(a, 'padding_idx');
  if (pad !== null && (pad >= num || pad < -num)) {
    fail('embedding-padding-idx', `${owner}: padding_idx must be within num_embeddings: ${pad} is outside [−${num}, ${num - 1}]`);
  }
  return { num, dim };
}

// ── Parameter rule (both) ──────────────────────────────────────────────────────────────────────────────────
function tableParams(t: Table): ParamSet {
  const count = BigInt(t.num) * BigInt(t.dim);
  return { tensors: [{ name: 'weight', shape: [t.num, t.dim], count }],
    working: [line('params', `num_embeddings · embedding_dim = ${dot(t.num, t.dim)} = ${withSeparators(count)}`)] };
}

// ── Embedding ──────────────────────────────────────────────────────────────────────────────────────────────
const embeddingSignature: ArgSpec[] = [
  { name: 'num_embeddings' }, { name: 'embedding_dim' }, { name: 'padding_idx', default: null }, { name: 'max_norm', default: null },
  { name: 'norm_type', default: 2.0 }, { name: 'scale_grad_by_freq', default: false }, { name: 'sparse', default: false },
  { name: '_weight', default: null }, { name: 'device', default: null }, { name: 'dtype', default: null },
];

const embedding: LayerDef = {
  type: 'Embedding', kind: 'module', summary: 'lookup table: each index becomes a learned vector', signature: embeddingSignature,
  validate: (a) => void readTable('Embedding', a),
  params: (a) => tableParams(readTable('Embedding', a)),
  forward: (a, [x]): Forward => {
    const t = readTable('Embedding', a);
    const output = [...x, t.dim];
    return { output, working: [line('shape', `input.shape + (embedding_dim,) = ${formatShape(x)} + (${t.dim},) = ${formatShape(output)}`)] };
  },
  cost: () => ({ ...FREE, working: ['Embedding: 0 (a lookup)'] }),
  saves: () => [{ input: 0, when: ['params'], element: 'int64' }],
};

// ── EmbeddingBag ───────────────────────────────────────────────────────────────────────────────────────────
const bagSignature: ArgSpec[] = [
  { name: 'num_embeddings' }, { name: 'embedding_dim' }, { name: 'max_norm', default: null }, { name: 'norm_type', default: 2.0 },
  { name: 'scale_grad_by_freq', default: false }, { name: 'mode', default: 'mean' }, { name: 'sparse', default: false },
  { name: '_weight', default: null }, { name: 'include_last_offset', default: false }, { name: 'padding_idx', default: null },
  { name: 'device', default: null }, { name: 'dtype', default: null },
];

function readMode(a: Args): 'sum' | 'mean' | 'max' {
  const mode = str(a, 'mode');
  if (mode !== 'sum' && mode !== 'mean' && mode !== 'max') fail('bad-arguments', `EmbeddingBag: mode has to be one of sum, mean or max, got '${mode}'`);
  return mode as 'sum' | 'mean' | 'max';
}

/** EmbeddingBag's shape rule, shared with F.embedding_bag: one row per bag. */
function bagForward(owner: string, dim: number, last: boolean, x: Shape, offsets: Shape | undefined): Forward {
  if (x.length === 2) {
    if (offsets) fail('bad-arguments', `${owner}: if input is 2D, then offsets has to be None, as input is treated as a mini-batch of fixed length sequences; got offsets ${formatShape(offsets)}`);
    return { output: [x[0], dim], working: [line('shape', `(B, N) = ${formatShape(x)}: B = ${formatDim(x[0])} bags → (${formatDim(x[0])}, ${dim})`)] };
  }
  if (x.length === 1) {
    if (!offsets || offsets.length !== 1) fail('bad-arguments', `${owner}: offsets has to be a 1D Tensor for a 1-D input, got ${offsets ? formatShape(offsets) : 'None'}`);
    const bags = typeof offsets![0] === 'number' ? offsets![0] - (last ? 1 : 0) : offsets![0];
    return { output: [bags, dim], working: [line('shape', `one bag per offset${last ? ' (the last offset only closes the last bag)' : ''}: (${formatDim(bags)}, ${dim})`)] };
  }
  return fail('wrong-rank', `${owner}: input has to be 1D or 2D Tensor, but got ${formatShape(x)} of dimension ${x.length}`);
}

/** Each bag of n rows reduces n − 1 pairs per feature (see the header). */
function bagCost(mode: 'sum' | 'mean' | 'max', x: Shape, o: Shape): Cost {
  const inN = numel(x);
  const outN = numel(o);
  if (inN === undefined || outN === undefined) throw new UnknownValueError('EmbeddingBag: cost unknown, the size is symbolic');
  const dim = BigInt(o[1] as number);
  const bags = outN / (dim === 0n ? 1n : dim);
  const pairs = (inN - bags) * dim;
  const divs = mode === 'mean' ? outN : 0n;
  const counts = mode === 'max' ? { cmp: pairs } : { add: pairs, div: divs };
  return { macs: 0n, exact: ops(counts), working: [
    `${mode === 'max' ? 'comparisons' : 'adds'} = (in_numel − bags) · embedding_dim = (${inN} − ${bags}) · ${dim} = ${withSeparators(pairs)}` +
    (mode === 'mean' ? `; divisions = bags · embedding_dim = ${withSeparators(divs)}` : ''),
  ] };
}

const embeddingBag: LayerDef = {
  type: 'EmbeddingBag', kind: 'module', summary: 'sums, averages or maxes bags of embeddings', signature: bagSignature, inputs: 1,
  validate: (a) => { readTable('EmbeddingBag', a); readMode(a); },
  params: (a) => tableParams(readTable('EmbeddingBag', a)),
  forward: (a, [x, offsets]): Forward => bagForward('EmbeddingBag', readTable('EmbeddingBag', a).dim, bool(a, 'include_last_offset'), x, offsets),
  cost: (a, [x], out): Cost => bagCost(readMode(a), x, out as Shape),
  saves: (_a, [x], out) => bagSaves(x, out as Shape),
};

/** The indices, the offsets, which bag each index fell in (one more than the indices), the bag sizes and max indices. */
function bagSaves(x: Shape, out: Shape): SavedTensor[] {
  const n = numel(x);
  const bags = out[0];
  if (n === undefined || !isKnown(bags)) throw new UnknownValueError('EmbeddingBag: the saved tensors depend on a symbolic size');
  const b = BigInt(bags);
  return [{ input: 0, element: 'int64' }, { made: 'offsets', numel: b, element: 'int64' }, { made: 'offset2bag', numel: n + 1n, element: 'int64' },
    { made: 'bag sizes', numel: b, element: 'int64' }, { made: 'max indices', numel: b, element: 'int64' }];
}

// ══ F.embedding(input, weight, …) and F.embedding_bag(input, weight, offsets, …): the table is a tensor ══════
/** The weight (num_embeddings, embedding_dim), and padding_idx within it. */
function readWeight(owner: string, weight: Shape | undefined, a: Args): number {
  if (!weight) return fail('bad-arguments', `${owner}: needs the indices and the weight`);
  if (weight.length !== 2) fail('bad-weight', `${owner}: 'weight' must be 2-D (num_embeddings, embedding_dim), got ${formatShape(weight)}`);
  const [num, dim] = weight;
  const pad = a.padding_idx === null || a.padding_idx === undefined ? null : optInt(a, 'padding_idx');
  if (pad !== null && isKnown(num) && (pad >= num || pad < -num)) fail('embedding-padding-idx', `${owner}: padding_idx must be within num_embeddings: ${pad} is outside [−${num}, ${num - 1}]`);
  if (!isKnown(dim)) throw new UnknownValueError(`${owner}: the embedding size ${formatDim(dim)} is symbolic`);
  return dim;
}

const embeddingFn = (type: string, swapped: boolean): LayerDef => ({
  type, kind: 'function', summary: 'lookup of the given table\'s rows', inputs: 2,
  tensorNames: swapped ? ['weight', 'indices'] : ['input', 'weight'],
  signature: swapped
    ? [{ name: 'padding_idx', default: -1 }, { name: 'scale_grad_by_freq', default: false }, { name: 'sparse', default: false }]
    : [{ name: 'padding_idx', default: null }, { name: 'max_norm', default: null }, { name: 'norm_type', default: 2.0 },
      { name: 'scale_grad_by_freq', default: false }, { name: 'sparse', default: false }],
  params: () => ({ tensors: [], working: [] }),
  forward: (a, inputs): Forward => {
    // torch.embedding takes the table first and -1 as "no padding"
    const [x, weight] = swapped ? [inputs[1], inputs[0]] : inputs;
    const dim = readWeight(type, weight, swapped ? { padding_idx: null } : a);
    const output = [...x, dim];
    return { output, working: [line('shape', `input.shape + (embedding_dim,) = ${formatShape(x)} + (${dim},) = ${formatShape(output)}`)] };
  },
  cost: () => ({ ...FREE, working: [`${type}: 0 (a lookup)`] }),
  saves: () => [{ input: swapped ? 1 : 0, when: [swapped ? 0 : 1], element: 'int64' }],
});

// F.embedding_bag(input, weight, offsets=None, max_norm, norm_type, scale_grad_by_freq, mode, sparse,
// per_sample_weights=None, include_last_offset, padding_idx): offsets and per_sample_weights are optional tensors.
const embeddingBagFn: LayerDef = {
  type: 'F.embedding_bag', kind: 'function', summary: 'sums, averages or maxes bags of the given table\'s rows', inputs: 2,
  signature: [{ name: 'input', tensor: 'one' }, { name: 'weight', tensor: 'one' }, { name: 'offsets', tensor: 'optional', default: null },
    { name: 'max_norm', default: null }, { name: 'norm_type', default: 2 }, { name: 'scale_grad_by_freq', default: false },
    { name: 'mode', default: 'mean' }, { name: 'sparse', default: false }, { name: 'per_sample_weights', tensor: 'optional', default: null },
    { name: 'include_last_offset', default: false }, { name: 'padding_idx', default: null }],
  params: () => ({ tensors: [], working: [] }),
  forward: (a, [x, weight, ...rest]): Forward => {
    const dim = readWeight('F.embedding_bag', weight, a);
    const mode = readMode(a);
    // A 2-D input takes no offsets: a third tensor is per_sample_weights. A 1-D input needs offsets first.
    const [offsets, perSample] = x.length === 2 ? [undefined, rest[0]] : [rest[0], rest[1]];
    if (perSample && (perSample.length !== x.length || perSample.some((d, i) => isKnown(d) && isKnown(x[i]) && d !== x[i]))) {
      fail('bad-arguments', `F.embedding_bag: if per_sample_weights (${formatShape(perSample)}) is not None, then it must have the same shape as the input (${formatShape(x)})`);
    }
    if (perSample && mode !== 'sum') fail('bad-arguments', `F.embedding_bag: per_sample_weights is only supported for mode='sum' (got mode='${mode}')`);
    return bagForward('F.embedding_bag', dim, bool(a, 'include_last_offset'), x, offsets);
  },
  cost: (a, [x], out) => bagCost(readMode(a), x, out as Shape),
  saves: (_a, [x], out) => bagSaves(x, out as Shape),
};

export const embeddingLayers: LayerDef[] = [embedding, embeddingBag, embeddingFn('F.embedding', false), embeddingFn('torch.embedding', true), embeddingBagFn];
