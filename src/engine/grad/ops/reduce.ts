// torch.sum / torch.mean over dims, and the shape-only ops torch.flatten / torch.reshape.
//   sum:   y = Σ x over the reduced dims;      dx = dy broadcast back over them
//   mean:  y = Σ x / n;                        dx = dy / n broadcast back
//   flatten, reshape: same values, new shape;  dx = dy with the input's shape
import { element, num } from '../format';
import { Args, type OpDef, type OpResult } from '../op';
import { Tensor, normDim, sizeOf, stridesOf } from '../tensor';

/** For each input element, the flat index of the output element it reduces into (keepdim layout). */
function reductionMap(shape: number[], reduced: boolean[]): { map: Int32Array; keptShape: number[] } {
  const keptShape = shape.map((d, i) => (reduced[i] ? 1 : d));
  const ks = stridesOf(keptShape);
  const n = sizeOf(shape);
  const map = new Int32Array(n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let f = 0; f < n; f++) {
    let o = 0;
    for (let d = 0; d < shape.length; d++) if (!reduced[d]) o += idx[d] * ks[d];
    map[f] = o;
    for (let d = shape.length - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
  }
  return { map, keptShape };
}

function reduce(a: Args, mean: boolean): OpResult {
  const x = a.tensor('input');
  const dims = a.dims('dim');
  const keepdim = a.bool('keepdim');
  const reduced = x.shape.map(() => dims === null || dims.length === 0);
  const seen = new Set<number>();
  for (const d of dims ?? []) {
    const nd = normDim(d, x.rank, `${a.where}, dim`);
    if (seen.has(nd)) a.fail('dim', `dim ${d} appears multiple times in the list of dims`);
    seen.add(nd);
    if (x.rank > 0) reduced[nd] = true;
  }
  const { map, keptShape } = reductionMap(x.shape, reduced);
  const outShape = keepdim ? keptShape : x.shape.filter((_, i) => !reduced[i]);
  const out = Tensor.zeros(outShape);
  const count = x.size / Math.max(out.size, 1);
  for (let f = 0; f < x.size; f++) out.data[map[f]] += x.data[f];
  if (mean) for (let k = 0; k < out.size; k++) out.data[k] /= count;
  return {
    out,
    backward: (g) => {
      const gx = Tensor.zeros(x.shape);
      const s = mean ? 1 / count : 1;
      for (let f = 0; f < x.size; f++) gx.data[f] = g.data[map[f]] * s;
      return { input: gx };
    },
    explain: (k, names) => {
      const vals: string[] = [];
      for (let f = 0; f < x.size && vals.length < 33; f++) if (map[f] === k) vals.push(num(x.data[f]));
      const body = vals.length > 32 ? vals.slice(0, 32).join(' + ') + ' + …' : vals.join(' + ');
      return `${element(names.out ?? 'y', k, outShape)} = ${mean ? `(${body}) / ${count}` : body} = ${num(out.data[k])}`;
    },
  };
}

const reduceParams = [{ name: 'input', kind: 'tensor' as const }, { name: 'dim', kind: 'value' as const, default: null },
  { name: 'keepdim', kind: 'value' as const, default: false }, { name: 'dtype', kind: 'value' as const, default: null }];

const reshapeLike = (x: Tensor, shape: number[]): OpResult => {
  const out = new Tensor(shape, x.data.slice());
  return { out, backward: (g) => ({ input: new Tensor(x.shape.slice(), g.data.slice()) }) };
};

const flatten: OpDef = {
  fn: 'torch.flatten',
  params: [{ name: 'input', kind: 'tensor' }, { name: 'start_dim', kind: 'value', default: 0 }, { name: 'end_dim', kind: 'value', default: -1 }],
  forward(a) {
    const x = a.tensor('input');
    if (x.rank === 0) return reshapeLike(x, [1]);
    const s = normDim(a.int('start_dim'), x.rank, `${a.where}, start_dim`), e = normDim(a.int('end_dim'), x.rank, `${a.where}, end_dim`);
    if (s > e) a.fail('start_dim', `flatten() has invalid args: start_dim ${s} cannot come after end_dim ${e}`);
    return reshapeLike(x, [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
  },
};

const reshape: OpDef = {
  fn: 'torch.reshape',
  params: [{ name: 'input', kind: 'tensor' }, { name: 'shape', kind: 'value' }],
  forward(a) {
    const x = a.tensor('input');
    const raw = a.raw('shape');
    const want = typeof raw === 'number' ? [raw] : raw;
    if (!Array.isArray(want) || !want.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= -1)) {
      a.fail('shape', `expected a list of ints (−1 once at most), got ${JSON.stringify(raw)}`);
    }
    const dims = want as number[];
    const free = dims.filter((d) => d === -1).length;
    if (free > 1) a.fail('shape', 'only one dimension can be inferred (−1)');
    const known = dims.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
    const shape = dims.map((d) => (d === -1 ? (known === 0 ? 0 : x.size / known) : d));
    if (sizeOf(shape) !== x.size || shape.some((d) => !Number.isInteger(d))) {
      a.fail('shape', `shape '[${dims.join(', ')}]' is invalid for input of size ${x.size}`);
    }
    return reshapeLike(x, shape);
  },
};

export const REDUCE_OPS: OpDef[] = [
  { fn: 'torch.sum', params: reduceParams, forward: (a) => reduce(a, false) },
  { fn: 'torch.mean', params: reduceParams, forward: (a) => reduce(a, true) },
  flatten, reshape,
];
