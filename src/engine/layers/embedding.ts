// Embeddings: Embedding and EmbeddingBag (lookup tables of learned vectors).
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
import { withSeparators } from '../count';
import { FREE, ops, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef, ParamSet } from '../layer';
import { formatDim, formatShape, numel, type Shape } from '../shape';
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

const embeddingBag: LayerDef = {
  type: 'EmbeddingBag', kind: 'module', summary: 'sums, averages or maxes bags of embeddings', signature: bagSignature, inputs: 1,
  validate: (a) => { readTable('EmbeddingBag', a); readMode(a); },
  params: (a) => tableParams(readTable('EmbeddingBag', a)),
  forward: (a, [x, offsets]): Forward => {
    const t = readTable('EmbeddingBag', a);
    if (x.length === 2) {
      if (offsets) fail('bad-arguments', `EmbeddingBag: offsets has to be None if input is 2D, got offsets ${formatShape(offsets)}`);
      return { output: [x[0], t.dim], working: [line('shape', `(B, N) = ${formatShape(x)}: B = ${formatDim(x[0])} bags → (${formatDim(x[0])}, ${t.dim})`)] };
    }
    if (x.length === 1) {
      if (!offsets || offsets.length !== 1) fail('bad-arguments', `EmbeddingBag: a 1-D input needs a 1-D offsets tensor, got ${offsets ? formatShape(offsets) : 'None'}`);
      const last = bool(a, 'include_last_offset');
      const bags = typeof offsets![0] === 'number' ? offsets![0] - (last ? 1 : 0) : offsets![0];
      return { output: [bags, t.dim], working: [line('shape', `one bag per offset${last ? ' (the last offset only closes the last bag)' : ''}: (${formatDim(bags)}, ${t.dim})`)] };
    }
    return fail('wrong-rank', `EmbeddingBag: input has to be 1D or 2D Tensor, but got ${formatShape(x)} of dimension ${x.length}`);
  },
  cost: (a, [x], out): Cost => {
    const mode = readMode(a);
    const o = out as Shape;
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
  },
};

export const embeddingLayers: LayerDef[] = [embedding, embeddingBag];
