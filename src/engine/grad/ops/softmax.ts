// F.softmax and F.log_softmax along one dim, numerically stable (the max is subtracted first — seed 000 shows
// σ(x + c) = σ(x), so the shift changes nothing but the overflow).
//   softmax:      y_i = e^(x_i − m) / Σ_j e^(x_j − m);   dx_i = y_i (dy_i − Σ_j dy_j y_j)
//   log_softmax:  y_i = x_i − m − log Σ_j e^(x_j − m);   dx_i = dy_i − softmax_i Σ_j dy_j
import { element, factor, num } from '../format';
import type { Args, ForwardCtx, NumericRule, OpResult } from '../op';
import { Tensor, normDim, sizeOf } from '../tensor';

/** (outer, D, inner) such that element (o, d, i) sits at (o·D + d)·inner + i. */
export function splitAt(shape: number[], dim: number): [number, number, number] {
  if (shape.length === 0) return [1, 1, 1];
  return [sizeOf(shape.slice(0, dim)), shape[dim], sizeOf(shape.slice(dim + 1))];
}

/** log-softmax along the middle axis of an (outer, D, inner) layout, into `out`. */
export function logSoftmaxInto(x: Float64Array, out: Float64Array, outer: number, D: number, inner: number): void {
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
    const base = o * D * inner + i;
    let m = -Infinity;
    for (let d = 0; d < D; d++) m = Math.max(m, x[base + d * inner]);
    let s = 0;
    for (let d = 0; d < D; d++) s += Math.exp(x[base + d * inner] - m);
    const lse = m + Math.log(s);
    for (let d = 0; d < D; d++) out[base + d * inner] = x[base + d * inner] - lse;
  }
}

function softmaxDim(a: Args, x: Tensor, ctx: ForwardCtx): number {
  if (a.has('dim')) return normDim(a.int('dim'), x.rank, `${a.where}, dim`);
  // PyTorch's implicit choice (deprecated, with a warning): dim 0 for 0-, 1- and 3-D inputs, else 1.
  const d = x.rank === 0 || x.rank === 1 || x.rank === 3 ? 0 : 1;
  ctx.note(`implicit dim=${d} (PyTorch warns that the implicit choice is deprecated; pass dim)`);
  return d;
}

function softmaxLike(a: Args, ctx: ForwardCtx, log: boolean): OpResult {
  const x = a.tensor('input');
  const dim = softmaxDim(a, x, ctx);
  const [outer, D, inner] = splitAt(x.shape, dim);
  const lp = new Float64Array(x.size);
  logSoftmaxInto(x.data, lp, outer, D, inner);
  const sm = lp.map(Math.exp);
  const out = new Tensor(x.shape.slice(), log ? lp : sm);
  return {
    out,
    backward: (g) => {
      const gx = Tensor.zeros(x.shape), gd = g.data;
      for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
        const base = o * D * inner + i;
        let s = 0;
        for (let d = 0; d < D; d++) s += log ? gd[base + d * inner] : gd[base + d * inner] * sm[base + d * inner];
        for (let d = 0; d < D; d++) {
          const k = base + d * inner;
          gx.data[k] = log ? gd[k] - sm[k] * s : sm[k] * (gd[k] - s);
        }
      }
      return { input: gx };
    },
    explain: (k, names) => {
      const o = Math.floor(k / (D * inner)), i = k % inner, base = o * D * inner + i;
      const exps: string[] = [];
      for (let d = 0; d < D; d++) exps.push(`e^${factor(x.data[base + d * inner])}`);
      const name = element(names.out ?? 'y', k, x.shape);
      return log
        ? `${name} = ${num(x.data[k])} − log(${exps.join(' + ')}) = ${num(out.data[k])}`
        : `${name} = e^${factor(x.data[k])} / (${exps.join(' + ')}) = ${num(out.data[k])}`;
    },
  };
}

const softmax: NumericRule = { forward: (a, ctx) => softmaxLike(a, ctx, false) };
const logSoftmax: NumericRule = { forward: (a, ctx) => softmaxLike(a, ctx, true) };

/** torch.softmax (Tensor.softmax) takes the same arguments with dim required: the same rule. */
export const SOFTMAX_RULES: Record<string, NumericRule> = {
  'F.softmax': softmax, 'torch.softmax': softmax, 'F.log_softmax': logSoftmax, 'torch.log_softmax': logSoftmax,
};
