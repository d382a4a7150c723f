// Normalisation: F.layer_norm (over the trailing normalized_shape) and F.batch_norm (per channel, over the batch and
// the spatial positions; in evaluation mode with the running statistics). Per group g of m elements:
//   μ = Σ x / m,  σ² = Σ (x − μ)² / m (biased),  r = 1/√(σ² + eps),  x̂ = (x − μ)·r,  y = x̂·w + b
//   db = Σ dy,  dw = Σ dy·x̂,  with ĝ = dy·w:  dx = r·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))      (the batch statistics)
//                                               dx = r·ĝ                                (running statistics: constants)
import { element, factor, num } from '../format';
import type { Args, ForwardCtx, NumericRule, OpResult } from '../op';
import { Tensor, fmtShape, sameShape, sizeOf } from '../tensor';

/** How elements map to statistics groups and to the affine parameters. */
interface Grouping {
  readonly group: Int32Array;
  readonly groups: number;
  /** Index into weight/bias of each element. */
  readonly param: Int32Array;
  readonly paramShape: number[];
}

interface Stats { readonly mean: Float64Array; readonly rstd: Float64Array }

function batchStats(x: Tensor, gr: Grouping, eps: number): Stats {
  const count = new Float64Array(gr.groups), mean = new Float64Array(gr.groups), sq = new Float64Array(gr.groups);
  for (let f = 0; f < x.size; f++) { count[gr.group[f]]++; mean[gr.group[f]] += x.data[f]; }
  for (let g = 0; g < gr.groups; g++) mean[g] /= count[g];
  for (let f = 0; f < x.size; f++) { const d = x.data[f] - mean[gr.group[f]]; sq[gr.group[f]] += d * d; }
  return { mean, rstd: sq.map((s, g) => 1 / Math.sqrt(s / count[g] + eps)) };
}

/** An affine parameter (weight or bias) of the given shape, or null. */
function affine(a: Args, name: string, shape: number[], what: string): Tensor | null {
  const t = a.optTensor(name);
  if (t && !sameShape(t.shape, shape)) a.shapeFail(name, t.shape, `expected ${fmtShape(shape)} (${what})`);
  return t;
}

function normalize(a: Args, gr: Grouping, stats: Stats, fromBatch: boolean): OpResult {
  const x = a.tensor('input');
  const w = affine(a, 'weight', gr.paramShape, 'one per normalised element'), b = affine(a, 'bias', gr.paramShape, 'one per normalised element');
  const { mean, rstd } = stats;
  const xhat = new Float64Array(x.size);
  const out = Tensor.zeros(x.shape);
  for (let f = 0; f < x.size; f++) {
    const g = gr.group[f], p = gr.param[f];
    xhat[f] = (x.data[f] - mean[g]) * rstd[g];
    out.data[f] = xhat[f] * (w ? w.data[p] : 1) + (b ? b.data[p] : 0);
  }
  return {
    out,
    backward: (dy) => {
      const P = sizeOf(gr.paramShape);
      const gw = new Float64Array(P), gb = new Float64Array(P);
      const gh = new Float64Array(x.size);
      for (let f = 0; f < x.size; f++) {
        const p = gr.param[f];
        gb[p] += dy.data[f];
        gw[p] += dy.data[f] * xhat[f];
        gh[f] = dy.data[f] * (w ? w.data[p] : 1);
      }
      const gx = Tensor.zeros(x.shape);
      if (fromBatch) {
        const m1 = new Float64Array(gr.groups), m2 = new Float64Array(gr.groups), count = new Float64Array(gr.groups);
        for (let f = 0; f < x.size; f++) { const g = gr.group[f]; count[g]++; m1[g] += gh[f]; m2[g] += gh[f] * xhat[f]; }
        for (let f = 0; f < x.size; f++) {
          const g = gr.group[f];
          gx.data[f] = rstd[g] * (gh[f] - m1[g] / count[g] - (xhat[f] * m2[g]) / count[g]);
        }
      } else {
        for (let f = 0; f < x.size; f++) gx.data[f] = gh[f] * rstd[gr.group[f]];
      }
      return {
        input: gx,
        weight: w ? new Tensor(gr.paramShape.slice(), gw) : null,
        bias: b ? new Tensor(gr.paramShape.slice(), gb) : null,
      };
    },
    explain: (k, names) => {
      const g = gr.group[k], p = gr.param[k];
      const affinePart = `${w ? `·${factor(w.data[p])}` : ''}${b ? ` + ${factor(b.data[p])}` : ''}`;
      return `${element(names.out ?? 'y', k, x.shape)} = (${num(x.data[k])} − ${factor(mean[g])}) / √(σ² + eps)${affinePart} = ${num(out.data[k])}  (1/√(σ² + eps) = ${num(rstd[g])})`;
    },
  };
}

function layerNorm(a: Args): OpResult {
  const x = a.tensor('input');
  const raw = a.raw('normalized_shape');
  const shape = typeof raw === 'number' ? [raw] : raw;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0)) {
    return a.fail('normalized_shape', `expected an int or a list of positive ints, got ${JSON.stringify(raw)}`);
  }
  const ns = shape as number[];
  if (ns.length > x.rank || !sameShape(x.shape.slice(x.rank - ns.length), ns)) {
    a.fail('normalized_shape', `Given normalized_shape=${fmtShape(ns)}, expected input with shape [*, ${ns.join(', ')}], but got input of size${fmtShape(x.shape)}`);
  }
  const M = sizeOf(ns);
  const group = new Int32Array(x.size), param = new Int32Array(x.size);
  for (let f = 0; f < x.size; f++) { group[f] = Math.floor(f / M); param[f] = f % M; }
  const gr: Grouping = { group, groups: x.size / M, param, paramShape: ns.slice() };
  return normalize(a, gr, batchStats(x, gr, a.num('eps')), true);
}

function batchNorm(a: Args, ctx: ForwardCtx): OpResult {
  const x = a.tensor('input');
  if (x.rank < 2) a.shapeFail('input', x.shape, 'batch_norm expects (N, C, …) with at least 2 dimensions');
  const C = x.shape[1], inner = sizeOf(x.shape.slice(2));
  const group = new Int32Array(x.size);
  for (let f = 0; f < x.size; f++) group[f] = Math.floor(f / inner) % C;
  const gr: Grouping = { group, groups: C, param: group, paramShape: [C] };
  const rm = affine(a, 'running_mean', [C], 'one per channel'), rv = affine(a, 'running_var', [C], 'one per channel');
  const eps = a.num('eps');
  if (a.bool('training')) {
    if (x.size / C <= 1) a.fail('input', `Expected more than 1 value per channel when training, got input size ${fmtShape(x.shape)}`);
    if (rm || rv) ctx.note('PyTorch also updates running_mean/running_var in place (momentum); the checker shows them as given');
    return normalize(a, gr, batchStats(x, gr, eps), true);
  }
  if (!rm || !rv) return a.fail(rm ? 'running_var' : 'running_mean', 'running_mean and running_var must be defined in evaluation mode (training=False)');
  return normalize(a, gr, { mean: rm.data, rstd: rv.data.map((v) => 1 / Math.sqrt(v + eps)) }, false);
}

const stat = "the running statistics are buffers: PyTorch does not differentiate batch_norm with respect to them";

const layerNormRule: NumericRule = { forward: (a) => layerNorm(a) };
const batchNormRule: NumericRule = { nondiff: { running_mean: stat, running_var: stat }, forward: (a, ctx) => batchNorm(a, ctx) };

/** torch.layer_norm / torch.batch_norm take the same arguments in another order (and a cudnn flag): the same rules. */
export const NORM_RULES: Record<string, NumericRule> = {
  'F.layer_norm': layerNormRule, 'torch.layer_norm': layerNormRule, 'F.batch_norm': batchNormRule, 'torch.batch_norm': batchNormRule,
};
