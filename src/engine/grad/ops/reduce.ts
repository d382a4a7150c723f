// Reductions over dims (None or [] = all, an int, or a list), with keepdim. n = the count reduced into each output.
//   sum:        y = Σ x                          dx = dy broadcast back
//   mean:       y = Σ x / n                      dx = dy / n
//   var:        y = Σ (x − μ)² / (n − c)         dx = dy · 2(x − μ) / (n − c)      c = correction (unbiased: 1)
//   std:        y = √var                         dx = dy · (x − μ) / ((n − c)·y)   (0 where y = 0, as PyTorch)
//   amax/amin:  y = the extreme                  dx = dy / t at each of the t elements equal to it (ties share)
//   logsumexp:  y = m + ln Σ e^(x − m)            dx = dy · e^(x − y)                (m = max, for stability)
import { element, num } from '../format';
import type { Args, ForwardCtx, NumericRule, OpResult } from '../op';
import { Tensor, normDim, sizeOf, stridesOf } from '../tensor';

/** Which input element reduces into which output element, and how many share each output. */
interface Layout {
  readonly x: Tensor;
  /** For each input element, the flat index of its output (keepdim layout = the same flat index). */
  readonly map: Int32Array;
  readonly outShape: number[];
  readonly outSize: number;
  /** Elements reduced into each output. */
  readonly n: number;
}

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

/** The layout of reducing `input` over `dim` (None or [] = every dim) with `keepdim`. */
function layoutOf(a: Args, dimName = 'dim'): Layout {
  const x = a.tensor('input');
  const dims = a.dims(dimName);
  const keepdim = a.bool('keepdim');
  const reduced = x.shape.map(() => dims === null || dims.length === 0);
  const seen = new Set<number>();
  for (const d of dims ?? []) {
    const nd = normDim(d, x.rank, `${a.where}, ${dimName}`);
    if (seen.has(nd)) a.fail(dimName, `dim ${d} appears multiple times in the list of dims`);
    seen.add(nd);
    if (x.rank > 0) reduced[nd] = true;
  }
  const { map, keptShape } = reductionMap(x.shape, reduced);
  const outShape = keepdim ? keptShape : x.shape.filter((_, i) => !reduced[i]);
  const outSize = sizeOf(outShape);
  return { x, map, outShape, outSize, n: x.size / Math.max(outSize, 1) };
}

/** dx[i] = dy[map[i]] · local(i): the backward of every reduction here. */
function spread(l: Layout, g: Tensor, local: (i: number) => number): Record<string, Tensor> {
  const gx = Tensor.zeros(l.x.shape);
  for (let i = 0; i < l.x.size; i++) gx.data[i] = g.data[l.map[i]] * local(i);
  return { input: gx };
}

/** The input values reduced into output k (for the working), at most 32 of them. */
function members(l: Layout, k: number): string {
  const vals: string[] = [];
  for (let f = 0; f < l.x.size && vals.length < 33; f++) if (l.map[f] === k) vals.push(num(l.x.data[f]));
  return vals.length > 32 ? vals.slice(0, 32).join(', ') + ', …' : vals.join(', ');
}

function sumOrMean(a: Args, mean: boolean): OpResult {
  const l = layoutOf(a);
  const out = Tensor.zeros(l.outShape);
  for (let f = 0; f < l.x.size; f++) out.data[l.map[f]] += l.x.data[f];
  if (mean) for (let k = 0; k < out.size; k++) out.data[k] /= l.n;
  const s = mean ? 1 / l.n : 1;
  return {
    out,
    backward: (g) => spread(l, g, () => s),
    explain: (k, names) => {
      const body = members(l, k).replace(/, /g, ' + ');
      return `${element(names.out ?? 'y', k, l.outShape)} = ${mean ? `(${body}) / ${l.n}` : body} = ${num(out.data[k])}`;
    },
  };
}

/** The means of a layout's groups. */
function means(l: Layout): Float64Array {
  const mu = new Float64Array(l.outSize);
  for (let f = 0; f < l.x.size; f++) mu[l.map[f]] += l.x.data[f];
  for (let k = 0; k < mu.length; k++) mu[k] /= l.n;
  return mu;
}

/** PyTorch's correction: `correction` when given, else 1 for unbiased=True and 0 for False. */
function correctionOf(a: Args): number {
  if (a.has('correction')) return a.num('correction');
  return a.bool('unbiased') ? 1 : 0;
}

function variance(a: Args, ctx: ForwardCtx, std: boolean): OpResult {
  const l = layoutOf(a);
  const c = correctionOf(a);
  const dof = Math.max(0, l.n - c);
  if (dof === 0) ctx.note(`degrees of freedom n − correction = ${l.n} − ${num(c)} ≤ 0: the result is ∞ or NaN, as in PyTorch`);
  const mu = means(l);
  const out = Tensor.zeros(l.outShape);
  for (let f = 0; f < l.x.size; f++) { const d = l.x.data[f] - mu[l.map[f]]; out.data[l.map[f]] += d * d; }
  for (let k = 0; k < out.size; k++) out.data[k] /= dof;
  if (std) {
    for (let k = 0; k < out.size; k++) out.data[k] = Math.sqrt(out.data[k]);
    if (out.data.some((v) => v === 0)) ctx.kink('std of identical values is 0: not differentiable there; PyTorch uses the gradient 0');
  }
  const y = out.data;
  return {
    out,
    backward: (g) => spread(l, g, (i) => {
      const d = l.x.data[i] - mu[l.map[i]];
      if (!std) return (2 * d) / dof;
      const s = y[l.map[i]];
      return s === 0 ? 0 : d / (dof * s);
    }),
    explain: (k, names) => `${element(names.out ?? 'y', k, l.outShape)} = ${std ? '√' : ''}(Σ (x − ${num(mu[k])})² / (${l.n} − ${num(c)}) over ${members(l, k)}) = ${num(y[k])}`,
  };
}

/** amax/amin: the extreme of each group; the gradient is shared evenly by the elements that attain it. */
function extreme(a: Args, ctx: ForwardCtx, max: boolean): OpResult {
  const l = layoutOf(a);
  if (l.n === 0) a.fail('input', `${max ? 'amax' : 'amin'}(): expected a non-empty reduction`);
  const out = new Tensor(l.outShape.slice(), new Float64Array(l.outSize).fill(max ? -Infinity : Infinity));
  const y = out.data, xd = l.x.data;
  for (let f = 0; f < l.x.size; f++) {
    const k = l.map[f];
    if (max ? xd[f] > y[k] : xd[f] < y[k]) y[k] = xd[f];
  }
  const ties = new Float64Array(l.outSize);
  let hash = 0;
  for (let f = 0; f < l.x.size; f++) {
    if (xd[f] !== y[l.map[f]]) continue;
    ties[l.map[f]]++;
    hash = (Math.imul(hash, 31) + f + 1) | 0;
  }
  ctx.branch(hash);
  let reported = 0;
  for (let k = 0; k < l.outSize; k++) {
    if (ties[k] > 1 && reported++ < 3) ctx.kink(`${max ? 'amax' : 'amin'}: ${ties[k]} elements tie at ${num(y[k])} (output ${k}): not differentiable there; PyTorch shares the gradient evenly`);
  }
  return {
    out,
    backward: (g) => spread(l, g, (i) => (xd[i] === y[l.map[i]] ? 1 / ties[l.map[i]] : 0)),
    explain: (k, names) => `${element(names.out ?? 'y', k, l.outShape)} = ${max ? 'max' : 'min'}(${members(l, k)}) = ${num(y[k])}`,
  };
}

function logsumexp(a: Args): OpResult {
  const l = layoutOf(a);
  const xd = l.x.data;
  const m = new Float64Array(l.outSize).fill(-Infinity);
  for (let f = 0; f < l.x.size; f++) m[l.map[f]] = Math.max(m[l.map[f]], xd[f]);
  const s = new Float64Array(l.outSize);
  for (let f = 0; f < l.x.size; f++) s[l.map[f]] += Math.exp(xd[f] - m[l.map[f]]);
  const out = new Tensor(l.outShape.slice(), s.map((v, k) => (Number.isFinite(m[k]) ? m[k] + Math.log(v) : m[k])));
  const y = out.data;
  return {
    out,
    backward: (g) => spread(l, g, (i) => Math.exp(xd[i] - y[l.map[i]])),
    explain: (k, names) => `${element(names.out ?? 'y', k, l.outShape)} = ln Σ e^x over (${members(l, k)}) = ${num(y[k])}`,
  };
}

export const REDUCE_RULES: Record<string, NumericRule> = {
  'torch.sum': { forward: (a) => sumOrMean(a, false) },
  'torch.mean': { forward: (a) => sumOrMean(a, true) },
  'torch.var': { forward: (a, ctx) => variance(a, ctx, false) },
  'torch.std': { forward: (a, ctx) => variance(a, ctx, true) },
  'torch.amax': { kinky: true, forward: (a, ctx) => extreme(a, ctx, true) },
  'torch.amin': { kinky: true, forward: (a, ctx) => extreme(a, ctx, false) },
  'torch.logsumexp': { forward: (a) => logsumexp(a) },
};
