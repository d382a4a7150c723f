// The discrete Fourier transforms of torch.fft, and the views between complex tensors and pairs of reals.
//
//   fft, ifft (and 2, n)      complex → complex: each transformed dim becomes its signal length s (or n), kept when
//                             s is not given (or −1 in an n-dim s)
//   rfft, ihfft (and 2, n)    real → half spectrum: the last transformed dim becomes ⌊s/2⌋ + 1, the others s
//   irfft, hfft (and 2, n)    half spectrum → real: the last transformed dim becomes s, or 2·(m − 1) from its size m
//                             when s is not given; the others s
//   dims                      1-D: dim (default −1); 2-D: dim (default (−2, −1)); n-D: dim, else the last len(s) dims,
//                             else all. dims unique; s and dim of the same length; every signal length ≥ 1
//                             (PyTorch: "Invalid number of data points (0) specified")
//   fftshift, ifftshift       the shape of the input; fftfreq(n): (n,); rfftfreq(n): (⌊n/2⌋ + 1,)
//   view_as_real              a complex (…) tensor seen as real (…, 2); view_as_complex the reverse (last dim 2)
//   cost                      0 MACs (not a weight layer or a matrix product); exact: not counted (0), the count of
//                             an FFT depends on the algorithm torch picks for each length, like sorting's on the data
import { FREE, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { floorAffine, formatDim, formatShape, isKnown, type Dim, type Shape } from '../shape';
import { int, isUnknown, str, type ArgSpec, type Args, type Value } from '../values';
import { lazyLine, line } from '../working';
import { normalizeDim } from './tensorOps';

const noParams = () => ({ tensors: [], working: [] });
const out: ArgSpec = { name: 'out', default: null, keywordOnly: true };
const NOT_COUNTED: Cost = { ...FREE, working: ['0 (an FFT is not a weight layer or a matrix product; its exact count depends on the algorithm torch picks)'] };

type Kind = 'c2c' | 'r2c' | 'c2r';
type Rank = 1 | 2 | 'n';

/** A list of ints (or None) from a value: s and dim of the n-dim transforms. */
function ints(owner: string, name: string, v: Value): number[] | null {
  if (v === null) return null;
  if (isUnknown(v)) throw new UnknownValueError(`${owner}: ${name}: ${v.why}`);
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => int({ [name]: x }, name));
}

function checkNorm(owner: string, a: Args): void {
  if (a.norm === null) return;
  const norm = str(a, 'norm');
  if (!['forward', 'backward', 'ortho'].includes(norm)) fail('bad-arguments', `${owner}: Invalid normalization mode: "${norm}"`);
}

const invalidLength = (owner: string, n: number): never =>
  fail('bad-arguments', `${owner}: Invalid number of data points (${n}) specified`);

/** The transformed dims (non-negative, in the order given) and their requested lengths (null: the input's size). */
function plan(owner: string, rank: Rank, a: Args, x: Shape): { dims: number[]; sizes: (number | null)[] } {
  if (rank === 1) {
    if (x.length === 0) invalidLength(owner, 0); // a 0-d tensor has no dim to transform
    const n = a.n === null ? null : int(a, 'n');
    if (n !== null && n < 1) invalidLength(owner, n);
    return { dims: [normalizeDim(owner, int(a, 'dim'), x.length)], sizes: [n] };
  }
  const s = ints(owner, 's', a.s);
  let dimList = ints(owner, 'dim', a.dim);
  if (dimList === null) {
    if (s !== null && s.length > x.length) fail('bad-arguments', `${owner}: Got shape with ${s.length} values but input tensor only has ${x.length} dimensions.`);
    if (s === null && x.length === 0) fail('bad-arguments', `${owner}: ndim must be >= 1`);
    dimList = [...Array(s === null ? x.length : s.length).keys()].map((i) => x.length - (s === null ? x.length : s.length) + i);
  }
  const dims = dimList.map((d) => normalizeDim(owner, d, x.length));
  if (new Set(dims).size !== dims.length) fail('bad-arguments', `${owner}: FFT dims must be unique`);
  if (s !== null && s.length !== dims.length) fail('bad-arguments', `${owner}: When given, dim and shape arguments must have the same length`);
  const sizes = dims.map((_d, i) => (s === null || s[i] === -1 ? null : s[i]));
  sizes.forEach((n) => {
    if (n !== null && n < 1) invalidLength(owner, n);
  });
  return { dims, sizes };
}

function fftForward(owner: string, kind: Kind, rank: Rank, a: Args, x: Shape): Forward {
  checkNorm(owner, a);
  const { dims, sizes } = plan(owner, rank, a, x);
  const output: Dim[] = [...x];
  const steps: string[] = [];
  dims.forEach((d, i) => {
    const given = sizes[i];
    const last = i === dims.length - 1;
    const n: Dim = given ?? x[d];
    if (isKnown(n) && n < 1 && !(kind === 'c2r' && last && given === null)) invalidLength(owner, n);
    if (kind === 'r2c' && last) {
      output[d] = floorAffine(n, 0, 2, 1);
      steps.push(`dim ${d}: ⌊${formatDim(n)}/2⌋ + 1 = ${formatDim(output[d])}`);
    } else if (kind === 'c2r' && last && given === null) {
      const m = x[d];
      if (!isKnown(m)) throw new UnknownValueError(`${owner}: the output length 2·(m − 1) needs the size ${formatDim(m)}, which is symbolic`);
      if (2 * (m - 1) < 1) invalidLength(owner, 2 * (m - 1));
      output[d] = 2 * (m - 1);
      steps.push(`dim ${d}: 2·(${m} − 1) = ${output[d]}`);
    } else {
      output[d] = n;
      if (given !== null) steps.push(`dim ${d}: ${given}`);
    }
  });
  const how = steps.length ? steps.join('; ') : 'the transformed dims keep their sizes';
  return { output, working: [line('shape', `${formatShape(x)} → ${formatShape(output)} (${how})`)] };
}

const SPELLINGS: Record<Kind, [string, string]> = { c2c: ['fft', 'ifft'], r2c: ['rfft', 'ihfft'], c2r: ['irfft', 'hfft'] };

function fftDef(name: string, kind: Kind, rank: Rank): LayerDef {
  const type = `torch.fft.${name}`;
  const signature: ArgSpec[] = rank === 1
    ? [{ name: 'n', default: null }, { name: 'dim', default: -1 }, { name: 'norm', default: null }, out]
    : [{ name: 's', default: null }, { name: 'dim', default: rank === 2 ? [-2, -1] : null }, { name: 'norm', default: null }, out];
  const what = { c2c: 'discrete Fourier transform', r2c: 'Fourier transform of real input (half spectrum)', c2r: 'inverse of the half-spectrum transform (real output)' }[kind];
  return {
    type, kind: 'function', summary: `${rank === 1 ? '1-D' : rank === 2 ? '2-D' : 'n-D'} ${name.startsWith('i') && kind === 'c2c' ? 'inverse ' : ''}${what}`,
    signature, params: noParams,
    forward: (a, [x]) => fftForward(type, kind, rank, a, x),
    cost: () => NOT_COUNTED,
  };
}

const fftDefs: LayerDef[] = (Object.keys(SPELLINGS) as Kind[]).flatMap((kind) => SPELLINGS[kind].flatMap((base) =>
  ([[1, ''], [2, '2'], ['n', 'n']] as [Rank, string][]).map(([rank, suffix]) => fftDef(`${base}${suffix}`, kind, rank))));

const shift = (name: string): LayerDef => ({
  type: `torch.fft.${name}`, kind: 'function', summary: 'the spectrum rolled so that frequency 0 is in the middle (or back)',
  signature: [{ name: 'dim', default: null }], params: noParams,
  forward: (a, [x]) => {
    ints(`torch.fft.${name}`, 'dim', a.dim)?.forEach((d) => normalizeDim(`torch.fft.${name}`, d, x.length));
    return { output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)}`)] };
  },
  cost: () => FREE,
});

const freq = (name: 'fftfreq' | 'rfftfreq'): LayerDef => ({
  type: `torch.fft.${name}`, kind: 'function', summary: name === 'fftfreq' ? 'the sample frequencies of a length-n FFT' : 'the sample frequencies of a length-n rfft',
  inputs: 0, signature: [{ name: 'n' }, { name: 'd', default: 1.0 }, out,
    ...['dtype', 'layout', 'device'].map((k) => ({ name: k, default: null, keywordOnly: true })), { name: 'requires_grad', default: false, keywordOnly: true }],
  params: noParams,
  forward: (a) => {
    const n = int(a, 'n');
    if (n < 0) fail('bad-arguments', `torch.fft.${name}: Trying to create tensor with negative dimension ${name === 'fftfreq' ? n : Math.floor(n / 2) + 1}`);
    const length = name === 'fftfreq' ? n : Math.floor(n / 2) + 1;
    return { output: [length], working: [line('shape', name === 'fftfreq' ? `(n,) = (${n},)` : `(⌊n/2⌋ + 1,) = (${length},)`)] };
  },
  cost: () => FREE,
});

/** view_as_real: (…) complex → (…, 2); view_as_complex: (…, 2) → (…). The dtypes are not tracked; the shapes are. */
const complexViews: LayerDef[] = [
  {
    type: 'torch.view_as_real', names: ['torch.view_as_real_copy'], kind: 'function', summary: 'a complex tensor seen as (real, imaginary) pairs',
    signature: [], params: noParams,
    forward: (_a, [x]) => {
      const output = [...x, 2];
      return { output, working: [line('shape', `${formatShape(x)} → ${formatShape(output)} (a last dim for the real and imaginary parts)`)] };
    },
    cost: () => FREE,
  },
  {
    type: 'torch.view_as_complex', names: ['torch.view_as_complex_copy'], kind: 'function', summary: '(real, imaginary) pairs in the last dim seen as complex',
    signature: [], params: noParams,
    forward: (_a, [x]) => {
      if (x.length === 0) fail('wrong-rank', 'torch.view_as_complex: Input tensor must have one or more dimensions');
      const last = x[x.length - 1];
      if (isKnown(last) && last !== 2) fail('bad-arguments', `torch.view_as_complex: Tensor must have a last dimension of size 2, got ${formatShape(x)}`);
      if (!isKnown(last)) throw new UnknownValueError(`torch.view_as_complex: the last dim ${formatDim(last)} must be 2, and it is symbolic`);
      const output = x.slice(0, -1);
      return { output, working: [line('shape', `${formatShape(x)} → ${formatShape(output)} (each pair of the last dim is one complex number)`)] };
    },
    cost: () => FREE,
  },
];

export const spectralLayers: LayerDef[] = [
  ...fftDefs, shift('fftshift'), shift('ifftshift'), freq('fftfreq'), freq('rfftfreq'), ...complexViews,
];

