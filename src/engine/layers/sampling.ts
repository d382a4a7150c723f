// Random sampling with a shape rule of its own, counts whose size the data decides, and the creation ops the
// creation family leaves out.
//
//   normal(mean, std)          the two broadcast (either may be a number); normal(mean, std, size) with two numbers
//   bernoulli, poisson         the input's shape; binomial(count, prob) broadcasts
//   multinomial(input, n)      (n,) from a 1-D input, (rows, n) from a 2-D one; without replacement n ≤ the categories
//   bincount(input)            (bins,): max(input) + 1 (or minlength when larger), known only at run time; 1-D input
//   unique, unique_consecutive (nunique,), or dim's size nunique, known only at run time; with return_inverse the
//                              input's shape (or (size(dim),)), with return_counts (nunique,)
//   histc(input, bins=100)     (bins,); histogram(input, bins) → (hist (bins,), bin_edges (bins + 1,))
//   range(start, end, step)    ⌊(end − start)/step⌋ + 1 entries (deprecated; end included)
//   scalar_tensor, asarray, empty_strided(size, stride), x.new_tensor(data), x.new(…), x.new_empty_strided(size, stride)
//   tril_indices / triu_indices(row, col, offset)   (2, entries of the lower / upper triangle)
//   vander(x, N)               (len(x), N or len(x)); x 1-D
//   *_window(length)           (length,)
//   isin(elements, test)       the shape of elements; renorm(input, p, dim, maxnorm): the input's shape
//   adjoint                    the last two dims swapped (≥ 2 dims); cov / corrcoef (vars, obs) → (vars, vars), a
//                              1-D input → 0-d
//   cost                       0 for sampling, counting and creation; histc one lookup per entry; renorm its norms and
//                              scaling; cov / corrcoef the product of the centred rows: vars²·obs MACs
import { withSeparators } from '../count';
import { FREE, ops } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { formatShape, isKnown, numel, symbol, type Dim, type Shape } from '../shape';
import { bool, int, num, type ArgSpec, type Args } from '../values';
import { line } from '../working';
import { legacyConstructor, literalShape, sizeList } from './creation';
import { broadcastShapes, normalizeDim } from './tensorOps';

const noParams = () => ({ tensors: [], working: [] });
const made = (output: Shape, how: string): Forward => ({ output, working: [line('shape', `${how}: ${formatShape(output)}`)] });
const same = (x: Shape, why: string): Forward => made([...x], why);
const kw = (name: string, dflt: ArgSpec['default'] = null): ArgSpec => ({ name, default: dflt, keywordOnly: true });
const factory: ArgSpec[] = ['out', 'dtype', 'layout', 'device', 'generator'].map((n) => kw(n)).concat([kw('requires_grad', false), kw('pin_memory', false)]);

// ── Sampling ────────────────────────────────────────────────────────────────────────────────────────────────
/** torch.normal(mean, std, size): two numbers and a size; the tensor overloads broadcast mean and std. */
const normalSized: LayerDef = {
  type: 'torch.normal.size', overloadOf: 'torch.normal', kind: 'function', summary: 'normal samples of a given size', inputs: 0,
  signature: [{ name: 'mean' }, { name: 'std' }, { name: 'size' }, ...factory], params: noParams,
  forward: (a) => made(sizeList('torch.normal', a.size), 'size'), cost: () => FREE,
};
const normal: LayerDef = {
  type: 'torch.normal', kind: 'function', summary: 'normal samples with the given means and standard deviations',
  signature: [{ name: 'mean', tensor: 'one' }, { name: 'std', tensor: 'one', default: 1 }, kw('generator'), kw('out')], params: noParams,
  overloads: [normalSized],
  forward: (_a, xs) => {
    if (xs.length === 2 && xs.every((x) => x.length === 0)) fail('bad-arguments', 'torch.normal() received an invalid combination of arguments: two numbers need a size');
    const output = xs.reduce((p, x) => broadcastShapes('torch.normal', p, x));
    return made(output, `mean and std broadcast`);
  },
  cost: () => FREE,
};

const bernoulli: LayerDef = {
  type: 'torch.bernoulli', names: ['Tensor.bernoulli'], kind: 'function', summary: '0/1 samples with the probabilities of input (or p)',
  signature: [{ name: 'p', default: null }, kw('generator'), kw('out')], params: noParams,
  forward: (_a, [x]) => same(x, 'the shape of input'), cost: () => FREE,
};

const poisson: LayerDef = {
  type: 'torch.poisson', kind: 'function', summary: 'Poisson samples with the rates of input', signature: [kw('generator')], params: noParams,
  forward: (_a, [x]) => same(x, 'the shape of input'), cost: () => FREE,
};

const binomial: LayerDef = {
  type: 'torch.binomial', kind: 'function', summary: 'binomial samples of count trials with probability prob', inputs: 2,
  tensorNames: ['count', 'prob'], signature: [kw('generator')], params: noParams,
  forward: (_a, [c, p]) => made(broadcastShapes('torch.binomial', c, p), 'count and prob broadcast'), cost: () => FREE,
};

const multinomial: LayerDef = {
  type: 'torch.multinomial', names: ['Tensor.multinomial'], kind: 'function', summary: 'category indices sampled from each row of weights',
  signature: [{ name: 'num_samples' }, { name: 'replacement', default: false }, kw('generator'), kw('out')], params: noParams,
  forward: (a, [x]) => {
    if (x.length !== 1 && x.length !== 2) fail('wrong-rank', `torch.multinomial: prob_dist must be 1 or 2 dim, got ${formatShape(x)}`);
    const n = int(a, 'num_samples');
    if (n <= 0) fail('bad-arguments', `torch.multinomial: cannot sample n_sample <= 0 samples (num_samples = ${n})`);
    const categories = x[x.length - 1];
    if (!bool(a, 'replacement') && isKnown(categories) && n > categories) {
      fail('bad-arguments', `torch.multinomial: cannot sample n_sample > prob_dist.size(-1) samples without replacement (${n} > ${categories})`);
    }
    return made([...x.slice(0, -1), n], `${n} samples${x.length === 2 ? ' per row' : ''}`);
  },
  cost: () => FREE,
};

// ── Counts the data decides ─────────────────────────────────────────────────────────────────────────────────
const BINS_NOTE = 'bins = max(input) + 1 (or minlength when larger), known only at run time';
const bincount: LayerDef = {
  type: 'torch.bincount', names: ['Tensor.bincount'], kind: 'function', summary: 'how often each non-negative integer occurs',
  tensorNames: ['input', 'weights?'], inputs: 2, signature: [{ name: 'minlength', default: 0 }], params: noParams,
  forward: (_a, [x]) => {
    if (x.length !== 1) fail('wrong-rank', `torch.bincount: bincount only supports 1-d non-negative integral inputs (got ${formatShape(x)})`);
    return { output: [symbol('bins')], working: [line('shape', `(bins,): ${BINS_NOTE}`)] };
  },
  cost: () => FREE,
};

const histc: LayerDef = {
  type: 'torch.histc', names: ['Tensor.histc'], kind: 'function', summary: 'a histogram of bins equal-width bins',
  signature: [{ name: 'bins', default: 100 }, { name: 'min', default: 0 }, { name: 'max', default: 0 }, kw('out')], params: noParams,
  forward: (a) => {
    const bins = int(a, 'bins');
    if (bins <= 0) fail('bad-arguments', `torch.histc: bins must be > 0, got ${bins}`);
    return made([bins], '(bins,)');
  },
  cost: (_a, [x]) => {
    const n = numel(x);
    if (n === undefined) throw new UnknownValueError('torch.histc: cost unknown, the size is symbolic');
    return { macs: 0n, exact: ops({ cmp: n }), working: [`one bin lookup per entry: ${withSeparators(n)}`] };
  },
};

/** histogram(input, bins: int) | histogram(input, bins: Tensor of edges). */
const histogramEdges: LayerDef = {
  type: 'torch.histogram.edges', overloadOf: 'torch.histogram', kind: 'function', summary: 'a histogram over given bin edges',
  signature: [{ name: 'input', tensor: 'one' }, { name: 'bins', tensor: 'one' }, kw('weight'), kw('density', false), kw('out')], params: noParams,
  forward: (_a, [, edges]) => {
    if (edges.length !== 1) fail('wrong-rank', `torch.histogram: bins must be a 1-D tensor of edges, got ${formatShape(edges)}`);
    const k = edges[0];
    if (!isKnown(k)) throw new UnknownValueError('torch.histogram: the number of edges is symbolic');
    return { output: { tuple: [[Math.max(k - 1, 0)], [k]] }, working: [line('shape', `(hist (${k} − 1,), bin_edges (${k},))`)] };
  },
  cost: () => FREE,
};
const histogram: LayerDef = {
  type: 'torch.histogram', names: ['Tensor.histogram'], kind: 'function', summary: 'a histogram and its bin edges',
  signature: [{ name: 'bins', default: 100 }, kw('range'), kw('weight'), kw('density', false), kw('out')], params: noParams,
  overloads: [histogramEdges],
  forward: (a) => {
    const bins = int(a, 'bins');
    if (bins <= 0) fail('bad-arguments', `torch.histogram: bins must be > 0, got ${bins}`);
    return { output: { tuple: [[bins], [bins + 1]] }, working: [line('shape', `(hist (${bins},), bin_edges (${bins + 1},))`)] };
  },
  cost: () => FREE,
};

/** unique / unique_consecutive: (nunique,), or dim with nunique slices; (…, inverse, counts) when asked. */
function unique(name: 'unique' | 'unique_consecutive'): LayerDef {
  const owner = `torch.${name}`;
  return {
    type: owner, names: [`Tensor.${name}`], kind: 'function', summary: name === 'unique' ? 'the distinct values (or slices)' : 'the values with consecutive repeats removed',
    signature: [...(name === 'unique' ? [{ name: 'sorted', default: true }] : []), { name: 'return_inverse', default: false },
      { name: 'return_counts', default: false }, { name: 'dim', default: null }], params: noParams,
    forward: (a, [x]) => {
      const n = symbol('nunique');
      let out: Shape = [n];
      let inverse: Shape = [...x];
      if (a.dim !== null) {
        if (x.length === 0) fail('dim-out-of-range', `${owner}: Dimension specified as ${int(a, 'dim')} but tensor has no dimensions`);
        const d = normalizeDim(owner, int(a, 'dim'), x.length);
        out = x.map((v, i) => (i === d ? n : v));
        inverse = [x[d]];
      }
      const parts: Shape[] = [out, ...(bool(a, 'return_inverse') ? [inverse] : []), ...(bool(a, 'return_counts') ? [[n]] : [])];
      const note = 'nunique = how many distinct values (or slices), known only at run time';
      return { output: parts.length === 1 ? out : { tuple: parts }, working: [line('shape', `${parts.map(formatShape).join(', ')}: ${note}`)] };
    },
    cost: () => ({ ...FREE, working: [`${owner}: 0 (sorting and comparing depend on the data)`] }),
  };
}

// ── Creation ────────────────────────────────────────────────────────────────────────────────────────────────
const range: LayerDef = {
  type: 'torch.range', kind: 'function', summary: 'values from start to end inclusive (deprecated; use arange)', inputs: 0,
  signature: [{ name: 'start', default: 0 }, { name: 'end' }, { name: 'step', default: 1 }, ...factory], params: noParams,
  forward: (a) => {
    const [start, end, step] = [num(a, 'start'), num(a, 'end'), num(a, 'step')];
    if (step === 0) fail('bad-arguments', 'torch.range: step must be nonzero');
    if ((end - start) / step < 0) fail('bad-arguments', `torch.range: upper bound and lower bound inconsistent with step sign (start ${start}, end ${end}, step ${step})`);
    return made([Math.floor((end - start) / step) + 1], '⌊(end − start)/step⌋ + 1');
  },
  cost: () => FREE,
};

const creation = (type: string, summary: string, signature: ArgSpec[], forward: (a: Args) => Forward, names: string[] = []): LayerDef =>
  ({ type, names, kind: 'function', summary, inputs: 0, signature: [...signature, ...factory], params: noParams, forward: (a) => forward(a), cost: () => FREE });

/** tril_indices / triu_indices: the (row, col) pairs of the triangle, one column each. */
function triangle(upper: boolean) {
  return (a: Args): Forward => {
    const [rows, cols, offset] = [int(a, 'row'), int(a, 'col'), int(a, 'offset')];
    if (rows < 0 || cols < 0) fail('bad-arguments', `torch.${upper ? 'triu' : 'tril'}_indices: row and col must be non-negative, got ${rows}, ${cols}`);
    let count = 0;
    for (let i = 0; i < rows; i++) {
      count += upper ? Math.max(0, cols - Math.max(0, i + offset)) : Math.max(0, Math.min(cols, i + offset + 1));
    }
    return made([2, count], `(2, entries of the ${upper ? 'upper' : 'lower'} triangle of ${rows}×${cols}, offset ${offset})`);
  };
}

const windowLength = (name: string) => (a: Args): Forward => {
  const n = int(a, 'window_length');
  if (n < 0) fail('bad-arguments', `torch.${name}: ${name} requires non-negative window_length, got window_length=${n}`);
  return made([n], '(window_length,)');
};
const window = (name: string, extra: ArgSpec[] = []): LayerDef =>
  creation(`torch.${name}`, 'a window function of the given length', [{ name: 'window_length' }, { name: 'periodic', default: true }, ...extra], windowLength(name));

const methodOf = (type: string, summary: string, signature: ArgSpec[], forward: (a: Args) => Forward, varargs?: string): LayerDef =>
  ({ type, kind: 'method', summary, signature, varargs, params: noParams, forward: (a) => forward(a), cost: () => FREE });

const creationDefs: LayerDef[] = [
  range,
  creation('torch.scalar_tensor', 'a 0-d tensor of a number', [{ name: 's' }], () => made([], 'a 0-d tensor')),
  creation('torch.empty_strided', 'an uninitialised tensor of a size and strides', [{ name: 'size' }, { name: 'stride' }],
    (a) => made(sizeList('torch.empty_strided', a.size), 'size')),
  creation('torch.tril_indices', 'the indices of a lower triangle', [{ name: 'row' }, { name: 'col' }, { name: 'offset', default: 0 }], triangle(false)),
  creation('torch.triu_indices', 'the indices of an upper triangle', [{ name: 'row' }, { name: 'col' }, { name: 'offset', default: 0 }], triangle(true)),
  window('hann_window'), window('bartlett_window'), window('blackman_window'),
  window('hamming_window', [{ name: 'alpha', default: 0.54 }, { name: 'beta', default: 0.46 }]),
  window('kaiser_window', [{ name: 'beta', default: 12.0 }]),
  { ...legacyConstructor, type: 'Tensor.new', names: [], kind: 'method', summary: 'a new tensor of a size, or from data (the legacy constructor)', inputs: 1 },
  methodOf('Tensor.new_tensor', 'a new tensor from data (the dtype and device of this one)', [{ name: 'data' }, ...factory],
    (a) => made(literalShape(a.data), 'the nesting of the data')),
  methodOf('Tensor.new_empty_strided', 'a new uninitialised tensor of a size and strides', [{ name: 'size' }, { name: 'stride' }, ...factory],
    (a) => made(sizeList('new_empty_strided', a.size), 'size')),
];

// ── Shapes of another tensor ────────────────────────────────────────────────────────────────────────────────
const vander: LayerDef = {
  type: 'torch.vander', kind: 'function', summary: 'the Vandermonde matrix of a vector', signature: [{ name: 'N', default: null }, { name: 'increasing', default: false }],
  params: noParams,
  forward: (a, [x]) => {
    if (x.length !== 1) fail('wrong-rank', `torch.vander: x must be a one-dimensional tensor, got ${formatShape(x)}`);
    const n: Dim = a.N === null ? x[0] : int(a, 'N');
    if (isKnown(n) && n < 0) fail('bad-arguments', `torch.vander: N must be non-negative, got ${n}`);
    return made([x[0], n], '(len(x), N)');
  },
  cost: () => FREE,
};

const isin: LayerDef = {
  type: 'torch.isin', kind: 'function', summary: 'whether each element is among test_elements', tensorNames: ['elements', 'test_elements'], inputs: 2,
  signature: [kw('assume_unique', false), kw('invert', false)], params: noParams,
  forward: (_a, [x]) => same(x, 'the shape of elements'), cost: () => FREE,
};

const renorm: LayerDef = {
  type: 'torch.renorm', names: ['Tensor.renorm', 'Tensor.renorm_'], kind: 'function', summary: 'each slice along dim rescaled to p-norm at most maxnorm',
  signature: [{ name: 'p' }, { name: 'dim' }, { name: 'maxnorm' }, kw('out')], params: noParams,
  forward: (a, [x]) => {
    normalizeDim('torch.renorm', int(a, 'dim'), x.length);
    return same(x, 'the shape of input');
  },
  cost: (_a, [x]) => {
    const n = numel(x);
    if (n === undefined) throw new UnknownValueError('torch.renorm: cost unknown, the size is symbolic');
    return { macs: 0n, exact: ops({ mul: 2n * n, add: n }), working: [`norms: ${withSeparators(n)} powers and adds; scaling: ${withSeparators(n)} mults`] };
  },
};

const adjoint: LayerDef = {
  type: 'torch.adjoint', names: ['Tensor.adjoint'], kind: 'function', summary: 'the conjugate transpose of the last two dims (a view)', signature: [], params: noParams,
  forward: (_a, [x]) => {
    if (x.length < 2) fail('wrong-rank', `torch.adjoint: tensor.adjoint() is only supported on matrices or batches of matrices. Got ${x.length}-D tensor.`);
    return made([...x.slice(0, -2), x[x.length - 1], x[x.length - 2]], 'the last two dims swapped');
  },
  cost: () => FREE,
};

/** cov / corrcoef: rows are variables, columns observations. */
function statistics(name: 'cov' | 'corrcoef'): LayerDef {
  return {
    type: `torch.${name}`, names: [`Tensor.${name}`], kind: 'function', summary: name === 'cov' ? 'the covariance matrix of the rows' : 'the correlation matrix of the rows',
    signature: name === 'cov' ? [kw('correction', 1), kw('fweights'), kw('aweights')] : [], params: noParams,
    forward: (_a, [x]) => {
      if (x.length > 2) fail('wrong-rank', `torch.${name}: expected input to have two or fewer dimensions but got an input with ${x.length} dimensions`);
      if (x.length < 2) return made([], 'one variable: a 0-d tensor');
      return made([x[0], x[0]], '(variables, variables)');
    },
    cost: (_a, [x]) => {
      // the centred rows times their transpose: vars² · obs multiply-accumulates
      const [v, n] = x.length === 2 ? [x[0], x[1]] : [1, x[0] ?? 1];
      if (!isKnown(v) || !isKnown(n)) throw new UnknownValueError(`torch.${name}: cost unknown, the size is symbolic`);
      const macs = BigInt(v) * BigInt(v) * BigInt(n);
      return { macs, exact: ops({ mul: macs, add: macs }), working: [`MACs = vars²·obs = ${v}²·${n} = ${withSeparators(macs)}`] };
    },
  };
}

export const samplingLayers: LayerDef[] = [
  normal, bernoulli, poisson, binomial, multinomial, bincount, histc, histogram, unique('unique'), unique('unique_consecutive'), ...creationDefs, vander, isin, renorm, adjoint,
  statistics('cov'), statistics('corrcoef'),
];

