// Reductions, generated from one list: each name gives torch.x and Tensor.x.
//
//   shape  the reduced dims are removed (kept as 1 with keepdim); dim=None (or () for amax/amin) reduces all of them.
//          max/min/median/mode/kthvalue with a dim return (values, indices); topk/sort/cummax/cummin always do.
//          Scans (cumsum, cumprod, logcumsumexp, sort, argsort) keep the input's shape.
//          max, min, amax, amin, argmax, argmin have no identity: an empty reduced dim raises. torch.norm: 'fro' over at
//          most 2 dims, 'nuc' over exactly 2. quantile: q in [0, 1], or a 0-D/1-D tensor of them (a leading dim of
//          its length); one int dim. torch.max(input, other) is torch.maximum.
//   cost   0 MACs; exact: a reduction of n inputs into m outputs makes n − m operations of its kind (adds for sum,
//          mults for prod, comparisons for max/min/argmax/all/any); mean adds m divisions; var/std, norm and
//          logsumexp count their passes (see each rule); sorting and selection (sort, topk, median, mode, quantile,
//          kthvalue) count 0 by convention: their comparisons depend on the data.
//   saved  (PyTorch 1.13, measured with saved_tensors_hooks) sum and the index-only ops nothing; mean, var and
//          nansum the input (2.x's mean keeps only sizes); prod, std, norm, amax/amin, logsumexp and a full max/min/
//          median the input and the output; with a dim, max/min/median/mode/kthvalue, sort, topk and cummax/cummin
//          the int64 indices (cummax/cummin also the input); cumprod and logcumsumexp the input and the output.
//   field  a reduction over a spatial axis (dim ≥ 2 of (N, C, …), or all dims) sees the whole axis: global; over
//          the channels it keeps the field; a scan along a spatial axis stops it.
import { withSeparators } from '../count';
import { FREE, ops, type Cost, type OpCounts } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import type { ReceptiveRule } from '../receptive';
import { madeLikeOutput, type ElementKind, type SavedTensor } from '../saved';
import { formatDim, formatShape, isKnown, numel, primary, type Dim, type Shape, type ShapeTree } from '../shape';
import { bool, int, isUnknown, num, show, str, type ArgSpec, type Args, type Value } from '../values';
import { line } from '../working';
import { pointwiseDef } from './pointwise';
import { normalizeDim } from './tensorOps';

const noParams = () => ({ tensors: [], working: [] });

/** The reduced axes (sorted, non-negative); None or () means all of them. */
export function reducedDims(owner: string, v: Value, rank: number, emptyMeansAll = true): number[] {
  if (isUnknown(v)) throw new UnknownValueError(`dim: ${v.why}`);
  if (v === null || (Array.isArray(v) && v.length === 0 && emptyMeansAll)) return [...Array(rank).keys()];
  const list = Array.isArray(v) ? v : [v];
  const seen = new Set<number>();
  for (const d of list) {
    const dim = normalizeDim(owner, int({ dim: d }, 'dim'), rank);
    if (seen.has(dim)) fail('bad-arguments', `${owner}: dim ${dim} appears multiple times in the list of dims (${show(v)})`);
    seen.add(dim);
  }
  return [...seen].filter((d) => d < rank).sort((p, q) => p - q);
}

function reduceShape(_owner: string, x: Shape, axes: number[], keep: boolean): Forward {
  const output = keep ? x.map((d, i) => (axes.includes(i) ? 1 : d)) : x.filter((_d, i) => !axes.includes(i));
  const which = axes.length === x.length ? 'all dims' : `dim${axes.length === 1 ? '' : 's'} ${axes.join(', ')}`;
  return { output, working: [line('shape', `${formatShape(x)} reduced over ${which}${keep ? ' (keepdim)' : ''} → ${formatShape(output)}`)] };
}

const sizes = (owner: string, x: Shape, out: Shape): [bigint, bigint] => {
  const n = numel(x);
  const m = numel(out);
  if (n === undefined || m === undefined) throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
  return [n, m];
};

type Counter = (owner: string, x: Shape, out: Shape) => Cost;
/** n inputs reduced to m outputs: n − m operations of one kind. */
const n_m = (kind: keyof OpCounts, word: string): Counter => (owner, x, out) => {
  const [n, m] = sizes(owner, x, out);
  return { macs: 0n, exact: ops({ [kind]: n - m }),
    working: [`${word} = in_numel − out_numel = ${withSeparators(n)} − ${withSeparators(m)} = ${withSeparators(n - m)}`] };
};

const COST: Record<string, Counter> = {
  sum: n_m('add', 'adds'),
  mean: (o, x, out) => {
    const [n, m] = sizes(o, x, out);
    return { macs: 0n, exact: ops({ add: n - m, div: m }),
      working: [`adds = in_numel − out_numel = ${withSeparators(n - m)}; divisions = out_numel = ${withSeparators(m)}; total = in_numel = ${withSeparators(n)}`] };
  },
  prod: n_m('mul', 'mults'),
  compare: n_m('cmp', 'comparisons'),
  // var/std: the mean (n − m adds, m divisions), the deviations (n subtractions, n squares), their sum (n − m adds),
  // the division by n − correction (m divisions); std takes m square roots.
  var: (o, x, out) => {
    const [n, m] = sizes(o, x, out);
    return { macs: 0n, exact: ops({ add: 2n * (n - m) + n, mul: n, div: 2n * m }),
      working: [`mean: ${withSeparators(n - m)} adds + ${withSeparators(m)} divisions; deviations: ${withSeparators(n)} subtractions + ${withSeparators(n)} squares; ` +
        `sum and divide: ${withSeparators(n - m)} adds + ${withSeparators(m)} divisions`] };
  },
  std: (o, x, out) => {
    const v = COST.var(o, x, out);
    const m = sizes(o, x, out)[1];
    return { ...v, exact: { ...v.exact, other: m }, working: [...v.working, `square roots = ${withSeparators(m)}`] };
  },
  // norm (p = 2): n squares, n − m adds, m square roots
  norm: (o, x, out) => {
    const [n, m] = sizes(o, x, out);
    return { macs: 0n, exact: ops({ mul: n, add: n - m, other: m }),
      working: [`squares = ${withSeparators(n)}; adds = ${withSeparators(n - m)}; square roots = ${withSeparators(m)}`] };
  },
  // logsumexp: n exponentials, n − m adds, m logarithms
  logsumexp: (o, x, out) => {
    const [n, m] = sizes(o, x, out);
    return { macs: 0n, exact: ops({ other: n + m, add: n - m }),
      working: [`exponentials = ${withSeparators(n)}; adds = ${withSeparators(n - m)}; logarithms = ${withSeparators(m)}`] };
  },
  count: (o, x) => {
    const n = numel(x);
    if (n === undefined) throw new UnknownValueError(`${o}: cost unknown, the size is symbolic`);
    return { macs: 0n, exact: ops({ cmp: n }), working: [`comparisons = in_numel = ${withSeparators(n)}`] };
  },
  select: (o) => ({ ...FREE, working: [`${o}: 0 (sorting and selection are not counted: their comparisons depend on the data)`] }),
};

// ══ The list ═════════════════════════════════════════════════════════════════════════════════════════════════
interface Reduction {
  readonly name: string;
  readonly summary: string;
  readonly cost: keyof typeof COST;
  /** 'many': an int, a tuple or None; 'one': an int or None; 'required': one int that must be given. */
  readonly dims: 'many' | 'one' | 'required';
  /** What it returns: the reduced tensor; (values, indices) when a dim is given; always (values, indices). */
  readonly result?: 'tensor' | 'pair-with-dim' | 'pair';
  /** The signature after the tensor, PyTorch's order. */
  readonly signature: ArgSpec[];
  readonly aliases?: string[];
  readonly noKeepdim?: boolean;
  /** No identity element (max, argmax…): reducing an empty dim raises instead of giving a value. */
  readonly noIdentity?: boolean;
  /** What the pair holds, when not (values, indices): aminmax's (min, max), std_mean's (std, mean). */
  readonly pairOf?: string;
  /** torch.x only (std_mean, var_mean have no Tensor.x). */
  readonly noMethod?: boolean;
}

const dim0: ArgSpec = { name: 'dim', default: null };
const keepdim: ArgSpec = { name: 'keepdim', default: false };
const dtype: ArgSpec = { name: 'dtype', default: null, keywordOnly: true };
const outArg: ArgSpec = { name: 'out', default: null, keywordOnly: true };

const REDUCTIONS: Reduction[] = [
  { name: 'sum', summary: 'sum over dimensions', cost: 'sum', dims: 'many', signature: [dim0, keepdim, dtype, outArg] },
  { name: 'nansum', summary: 'sum over dimensions, NaN as 0', cost: 'sum', dims: 'many', signature: [dim0, keepdim, dtype, outArg] },
  { name: 'mean', summary: 'mean over dimensions', cost: 'mean', dims: 'many', signature: [dim0, keepdim, dtype, outArg] },
  { name: 'nanmean', summary: 'mean over dimensions, ignoring NaN', cost: 'mean', dims: 'many', signature: [dim0, keepdim, dtype, outArg] },
  { name: 'prod', summary: 'product over a dimension', cost: 'prod', dims: 'one', signature: [dim0, keepdim, dtype] },
  { name: 'var', summary: 'variance over dimensions', cost: 'var', dims: 'many',
    signature: [dim0, { name: 'unbiased', default: true }, keepdim, { name: 'correction', default: null, keywordOnly: true }, outArg] },
  { name: 'std', summary: 'standard deviation over dimensions', cost: 'std', dims: 'many',
    signature: [dim0, { name: 'unbiased', default: true }, keepdim, { name: 'correction', default: null, keywordOnly: true }, outArg] },
  { name: 'norm', summary: 'vector norm over dimensions (p-norm, Frobenius by default)', cost: 'norm', dims: 'many',
    signature: [{ name: 'p', default: 'fro' }, dim0, keepdim, { name: 'dtype', default: null }, outArg] },
  { name: 'amax', summary: 'maximum over dimensions', cost: 'compare', dims: 'many', noIdentity: true,
    signature: [{ name: 'dim', default: [] }, keepdim, outArg] },
  { name: 'amin', summary: 'minimum over dimensions', cost: 'compare', dims: 'many', noIdentity: true,
    signature: [{ name: 'dim', default: [] }, keepdim, outArg] },
  { name: 'logsumexp', summary: 'log Σ exp over dimensions', cost: 'logsumexp', dims: 'many', signature: [{ name: 'dim' }, keepdim, outArg] },
  // all/any take a tuple of dims since PyTorch 2.2 (pytorch/pytorch#110310; 1.13 takes one int): the engine follows 2.x,
  // https://pytorch.org/docs/stable/generated/torch.all.html (cases: test/fixtures/conformance/reductions-2x.json)
  { name: 'all', summary: 'all true over dimensions', cost: 'count', dims: 'many', signature: [dim0, keepdim, outArg] },
  { name: 'any', summary: 'any true over dimensions', cost: 'count', dims: 'many', signature: [dim0, keepdim, outArg] },
  { name: 'count_nonzero', summary: 'non-zero entries over dimensions', cost: 'count', dims: 'many', noKeepdim: true, signature: [dim0] },
  { name: 'argmax', summary: 'index of the maximum', cost: 'compare', dims: 'one', noIdentity: true, signature: [dim0, keepdim] },
  { name: 'argmin', summary: 'index of the minimum', cost: 'compare', dims: 'one', noIdentity: true, signature: [dim0, keepdim] },
  { name: 'max', summary: 'maximum (with its index along a dim)', cost: 'compare', dims: 'one', result: 'pair-with-dim', noIdentity: true,
    signature: [dim0, keepdim] },
  { name: 'min', summary: 'minimum (with its index along a dim)', cost: 'compare', dims: 'one', result: 'pair-with-dim', noIdentity: true,
    signature: [dim0, keepdim] },
  { name: 'median', summary: 'median (with its index along a dim)', cost: 'select', dims: 'one', result: 'pair-with-dim', signature: [dim0, keepdim] },
  { name: 'nanmedian', summary: 'median ignoring NaN', cost: 'select', dims: 'one', result: 'pair-with-dim', signature: [dim0, keepdim] },
  { name: 'mode', summary: 'most frequent value and its index', cost: 'select', dims: 'one', result: 'pair', signature: [{ name: 'dim', default: -1 }, keepdim] },
  { name: 'kthvalue', summary: 'k-th smallest value and its index', cost: 'select', dims: 'one', result: 'pair',
    signature: [{ name: 'k' }, { name: 'dim', default: -1 }, keepdim] },
  { name: 'aminmax', summary: 'minimum and maximum over a dimension', cost: 'compare', dims: 'one', result: 'pair', noIdentity: true, pairOf: '(min, max)',
    signature: [{ name: 'dim', default: null, keywordOnly: true }, { name: 'keepdim', default: false, keywordOnly: true }, outArg] },
  { name: 'std_mean', summary: 'standard deviation and mean over dimensions', cost: 'std', dims: 'many', result: 'pair', pairOf: '(std, mean)', noMethod: true,
    signature: [dim0, { name: 'unbiased', default: true }, keepdim, { name: 'correction', default: null, keywordOnly: true }] },
  { name: 'var_mean', summary: 'variance and mean over dimensions', cost: 'var', dims: 'many', result: 'pair', pairOf: '(var, mean)', noMethod: true,
    signature: [dim0, { name: 'unbiased', default: true }, keepdim, { name: 'correction', default: null, keywordOnly: true }] },
];

/** The dims a call reduces, by the family member's rule. */
function axesOf(r: Reduction, owner: string, a: Args, x: Shape): number[] {
  const v = a.dim ?? null;
  if (typeof v === 'boolean') return [...x.keys()]; // torch.var(x, False): the old (input, unbiased) overload
  if (r.dims !== 'many' && Array.isArray(v)) fail('bad-arguments', `${owner}(): argument 'dim' must be int, not tuple`);
  return reducedDims(owner, v, x.length);
}

/** max, argmax, amax… of nothing has no value: PyTorch raises for an empty reduced dim (known sizes only). */
function checkNotEmpty(name: string, a: Args, x: Shape, axes: number[]): void {
  const all = a.dim === null || (Array.isArray(a.dim) && a.dim.length === 0);
  if (all && numel(x) === 0n) {
    fail('empty-reduction', `${name}(): Expected reduction dim to be specified for input.numel() == 0 (the input ${formatShape(x)} is empty)`);
  }
  const empty = axes.find((d) => x[d] === 0);
  if (empty !== undefined) {
    fail('empty-reduction', `${name}(): Expected reduction dim ${empty} to have non-zero size (the input is ${formatShape(x)})`);
  }
}

/** The matrix norms: Frobenius over at most 2 dims; nuclear over exactly 2 (dim=None: a 2-D input). */
function checkNormDims(a: Args, x: Shape, axes: number[]): void {
  if (a.p === 'fro' && a.dim !== null && axes.length > 2) {
    fail('bad-arguments', `torch.norm: the Frobenius norm is over at most 2 dimensions, but got ${axes.length} (dim ${show(a.dim)})`);
  }
  if (a.p !== 'nuc') return;
  if (a.dim === null && x.length !== 2) {
    fail('wrong-rank', `torch.norm: the nuclear norm without dim expects a tensor with 2 dimensions, but got ${x.length} (${formatShape(x)})`);
  }
  if (a.dim !== null && (!Array.isArray(a.dim) || a.dim.length !== 2)) {
    fail('bad-arguments', `torch.norm: the nuclear norm requires a 'dim' argument of size 2, got ${show(a.dim)}`);
  }
}

// ── Saved tensors, output types and receptive field ─────────────────────────────────────────────────────────
const IN: SavedTensor = { input: 0 };
const OUT: SavedTensor = { output: 0 };
const INDICES: SavedTensor = { output: 1, element: 'int64' };
const REDUCTION_SAVES: Record<string, readonly SavedTensor[]> = {
  nansum: [IN], mean: [IN], var: [IN], prod: [IN, OUT], std: [IN, OUT], norm: [IN, OUT], amax: [IN, OUT], amin: [IN, OUT],
  logsumexp: [IN, OUT], cumprod: [IN, OUT], logcumsumexp: [IN, OUT], cummax: [IN, INDICES], cummin: [IN, INDICES], sort: [INDICES],
  // argsort is sort's indices: the sort keeps them, and they are the output
  argsort: [{ output: 0, element: 'int64' }],
  // pairs that are not (values, indices), as PyTorch 1.13 saves them: std_mean keeps the input and the std, var_mean
  // the input; aminmax has no derivative there
  std_mean: [IN, OUT], var_mean: [IN], aminmax: [],
};
const INDEX_OUTPUT: Record<string, ElementKind> = { argmax: 'int64', argmin: 'int64', argsort: 'int64', count_nonzero: 'int64', all: 'bool', any: 'bool' };

function reductionSaves(r: Reduction, a: Args, out: ShapeTree): readonly SavedTensor[] {
  if (r.pairOf) return REDUCTION_SAVES[r.name] ?? [];
  // nanmean is nansum(x) / (count of non-NaN): the division keeps the int64 count, of the output's size
  if (r.name === 'nanmean') {
    const count = madeLikeOutput('count of non-NaN entries', out, 'int64');
    return count ? [IN, count] : [IN];
  }
  if (r.result === 'pair' || (r.result === 'pair-with-dim' && a.dim !== null)) return [INDICES];
  if (r.result === 'pair-with-dim') return [IN, OUT]; // max(), min(), median() of everything
  return REDUCTION_SAVES[r.name] ?? [];
}

function reductionField(r: Reduction, owner: string, a: Args, x: Shape): ReceptiveRule {
  const axes = axesOf(r, owner, a, x);
  return x.length < 3 || axes.some((d) => d >= 2) ? { kind: 'global', why: `${r.name} over the spatial axes` } : { kind: 'keep' };
}

function reductionDef(r: Reduction): LayerDef {
  const type = `torch.${r.name}`;
  const forward = (a: Args, x: Shape): Forward => {
    if (r.name === 'kthvalue') {
      const k = int(a, 'k');
      const d = normalizeDim(type, int(a, 'dim'), x.length);
      if (isKnown(x[d] ?? 1) && (k < 1 || k > ((x[d] ?? 1) as number))) fail('bad-arguments', `${type}: k = ${k} is out of range for dim ${d} of size ${formatDim(x[d] ?? 1)}`);
    }
    const axes = axesOf(r, type, a, x);
    if (r.noIdentity) checkNotEmpty(r.name, a, x, axes);
    if (r.name === 'norm') checkNormDims(a, x, axes);
    const keep = r.noKeepdim ? false : bool(a, 'keepdim');
    const reduced = reduceShape(type, x, axes, keep);
    const pair = r.result === 'pair' || (r.result === 'pair-with-dim' && a.dim !== null);
    if (!pair) return reduced;
    const tuple: ShapeTree = { tuple: [reduced.output as Shape, [...(reduced.output as Shape)]] };
    return { output: tuple, working: [...reduced.working, line('result', `${r.pairOf ?? '(values, indices)'}, both of that shape`)] };
  };
  const def: LayerDef = {
    type, names: [...(r.noMethod ? [] : [`Tensor.${r.name}`]), ...(r.aliases ?? [])], kind: 'function', summary: r.summary, signature: r.signature,
    params: noParams,
    forward: (a, [x]) => forward(a, x),
    cost: (_a, [x], out) => COST[r.cost](type, x, primaryShape(out)),
    saves: (a, _x, out) => reductionSaves(r, a, out),
    ...(INDEX_OUTPUT[r.name] ? { outputElement: INDEX_OUTPUT[r.name] } : {}),
    receptive: (a, [x]) => reductionField(r, type, a, x),
  };
  // torch.max(input, other) is torch.maximum; torch.min(input, other) is torch.minimum.
  if (r.name === 'max' || r.name === 'min') return { ...def, overloads: [pointwiseDef(r.name === 'max' ? 'maximum' : 'minimum')] };
  return def;
}

const primaryShape = primary;

// ══ Scans and sorting: the shape of the input ══════════════════════════════════════════════════════════════
interface Scan {
  readonly name: string;
  readonly summary: string;
  readonly signature: ArgSpec[];
  readonly pair?: boolean;
  readonly cost: 'add' | 'mul' | 'other' | 'select' | 'cmp';
}

const SCANS: Scan[] = [
  { name: 'cumsum', summary: 'running sums along dim', signature: [{ name: 'dim' }, dtype, outArg], cost: 'add' },
  { name: 'cumprod', summary: 'running products along dim', signature: [{ name: 'dim' }, dtype, outArg], cost: 'mul' },
  { name: 'logcumsumexp', summary: 'running log Σ exp along dim', signature: [{ name: 'dim' }, outArg], cost: 'other' },
  { name: 'cummax', summary: 'running maxima along dim, with their indices', signature: [{ name: 'dim' }], pair: true, cost: 'cmp' },
  { name: 'cummin', summary: 'running minima along dim, with their indices', signature: [{ name: 'dim' }], pair: true, cost: 'cmp' },
  { name: 'sort', summary: 'sorted values along dim, with their indices', pair: true, cost: 'select',
    signature: [{ name: 'dim', default: -1 }, { name: 'descending', default: false }, { name: 'stable', default: false, keywordOnly: true }] },
  { name: 'argsort', summary: 'indices that sort along dim', cost: 'select',
    signature: [{ name: 'dim', default: -1 }, { name: 'descending', default: false }, { name: 'stable', default: false, keywordOnly: true }] },
];

function scanDef(s: Scan): LayerDef {
  const type = `torch.${s.name}`;
  return {
    type, names: [`Tensor.${s.name}`, ...(s.cost === 'add' || s.cost === 'mul' ? [`Tensor.${s.name}_`] : [])], kind: 'function',
    summary: s.summary, signature: s.signature, params: noParams,
    saves: () => REDUCTION_SAVES[s.name] ?? [],
    ...(INDEX_OUTPUT[s.name] ? { outputElement: INDEX_OUTPUT[s.name] } : {}),
    receptive: (a, [x]) => (x.length >= 3 && normalizeDim(type, int(a, 'dim'), x.length) >= 2
      ? { kind: 'stop', why: `${s.name} along a spatial axis` } : { kind: 'keep' }),
    forward: (a, [x]) => {
      const d = normalizeDim(type, int(a, 'dim'), x.length);
      const shape = [...x];
      const text = `output = input = ${formatShape(x)} (along dim ${d})`;
      return s.pair ? { output: { tuple: [shape, [...shape]] }, working: [line('shape', `${text}; (values, indices)`)] }
        : { output: shape, working: [line('shape', text)] };
    },
    cost: (a, [x]) => {
      if (s.cost === 'select') return COST.select(type, x, x);
      const n = numel(x);
      if (n === undefined) throw new UnknownValueError(`${type}: cost unknown, the size is symbolic`);
      const d = normalizeDim(type, int(a, 'dim'), x.length);
      const size = x.length === 0 ? 1 : x[d];
      if (!isKnown(size)) throw new UnknownValueError(`${type}: cost unknown, the size is symbolic`);
      const count = size === 0 ? 0n : n - n / BigInt(size); // each line of `size` values takes size − 1 steps
      return { macs: 0n, exact: ops({ [s.cost]: count }), working: [`${s.cost === 'add' ? 'adds' : s.cost === 'mul' ? 'mults' : 'operations'} = in_numel − in_numel/size = ${withSeparators(count)}`] };
    },
  };
}

// ══ topk and quantile ══════════════════════════════════════════════════════════════════════════════════════════
const topk: LayerDef = {
  type: 'torch.topk', names: ['Tensor.topk'], kind: 'function', summary: 'the k largest (or smallest) values along dim, with their indices',
  signature: [{ name: 'k' }, { name: 'dim', default: -1 }, { name: 'largest', default: true }, { name: 'sorted', default: true }], params: noParams,
  forward: (a, [x]) => {
    const k = int(a, 'k');
    const d = normalizeDim('torch.topk', int(a, 'dim'), x.length);
    const size = x.length === 0 ? 1 : x[d];
    if (k < 0 || (isKnown(size) && k > size)) fail('bad-arguments', `torch.topk: selected index k = ${k} out of range for dim ${d} of size ${formatDim(size)}`);
    const shape = x.length === 0 ? [] : x.map((v, i) => (i === d ? k : v));
    return { output: { tuple: [shape, [...shape]] }, working: [line('shape', `dim ${d}: ${formatDim(size)} → k = ${k}; (values, indices) of ${formatShape(shape)}`)] };
  },
  cost: () => COST.select('torch.topk', [], []),
  saves: () => [INDICES],
  receptive: (a, [x]) => (x.length >= 3 && normalizeDim('torch.topk', int(a, 'dim'), x.length) >= 2
    ? { kind: 'global', why: 'topk along a spatial axis' } : { kind: 'keep' }),
};

// quantile(input, q, dim=None, keepdim=False, *, interpolation='linear'): q a float in [0, 1], or (the overload) a
// 0-D or 1-D tensor of them whose length becomes a leading dim. dim is one int or None (all dims, flattened).
const INTERPOLATIONS = ['linear', 'lower', 'higher', 'midpoint', 'nearest'];
const quantileSignature: ArgSpec[] = [dim0, keepdim, { name: 'interpolation', default: 'linear', keywordOnly: true }, outArg];

function quantileForward(type: string, a: Args, x: Shape, qCount: Dim | null): Forward {
  const name = type.slice(type.indexOf('.') + 1);
  const interpolation = str(a, 'interpolation');
  if (!INTERPOLATIONS.includes(interpolation)) {
    fail('bad-arguments', `${name}() interpolation must be one of ${INTERPOLATIONS.join(', ')}, but got ${interpolation}`);
  }
  if (Array.isArray(a.dim)) fail('bad-arguments', `${name}(): argument 'dim' must be int, not tuple`);
  const reduced = reduceShape(type, x, reducedDims(type, a.dim, x.length), bool(a, 'keepdim'));
  if (qCount === null) return reduced;
  const q = line('q', `${formatDim(qCount)} quantiles: a leading dim of ${formatDim(qCount)}`);
  return { output: [qCount, ...(reduced.output as Shape)], working: [...reduced.working, q] };
}

const quantile = (name: 'quantile' | 'nanquantile'): LayerDef => {
  const type = `torch.${name}`;
  const qTensor: LayerDef = {
    type: `${type}.Tensor`, overloadOf: type, kind: 'function', summary: 'the quantiles q (a tensor) over a dimension',
    inputs: 2, tensorNames: ['input', 'q'], signature: quantileSignature, params: noParams,
    forward: (a, [x, q]) => {
      if (q.length > 1) fail('wrong-rank', `${name}() q must be a scalar or 1D tensor, got ${formatShape(q)}`);
      return quantileForward(type, a, x, q.length === 1 ? q[0] : null);
    },
    cost: () => COST.select(type, [], []),
  };
  return {
    type, names: [`Tensor.${name}`], kind: 'function', summary: 'the q-th quantile over a dimension',
    signature: [{ name: 'q' }, ...quantileSignature], params: noParams, overloads: [qTensor],
    forward: (a, [x]) => {
      // A list is not accepted (a tensor of quantiles is: the overload above).
      if (Array.isArray(a.q)) fail('bad-arguments', `${name}(): q must be a float or a tensor, not a list ${show(a.q)}`);
      const q = num(a, 'q');
      if (q < 0 || q > 1) fail('bad-arguments', `${name}() q must be in the range [0, 1] but got ${q}`);
      return quantileForward(type, a, x, null);
    },
    cost: () => COST.select(type, [], []),
  };
};

export const reductionLayers: LayerDef[] = [...REDUCTIONS.map(reductionDef), ...SCANS.map(scanDef), topk, quantile('quantile'), quantile('nanquantile')];
