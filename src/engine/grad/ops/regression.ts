// Regression losses of d = input − target (broadcast together), each with reduction 'none' | 'mean' | 'sum':
//   mse_loss:        l = d²                                        dl/dd = 2d
//   l1_loss:         l = |d|                                       dl/dd = sign d  (0 at d = 0, a kink)
//   smooth_l1_loss:  l = ½d²/β if |d| < β, else |d| − ½β           dl/dd = d/β inside, sign d outside (β = 0: l1_loss)
//   huber_loss:      l = ½d² if |d| < δ, else δ(|d| − ½δ)          dl/dd = d inside, δ·sign d outside
// dx = dl/dd · dL/dl, dt = −dx, each summed back over its broadcast positions.
import { element, factor, num } from '../format';
import type { Args, ForwardCtx, NumericRule, OpResult } from '../op';
import { reduceLoss } from '../op';
import { Tensor, broadcastMap, broadcastShapes, fmtShape, unbroadcast } from '../tensor';
import { reductionOf } from './losses';

interface PointLoss {
  readonly l: (d: number) => number;
  readonly dl: (d: number) => number;
  readonly show: (d: string) => string;
  /** l is not differentiable at d = 0 (|d|): a tie of input and target is reported as a kink. */
  readonly kinkAtZero?: boolean;
}

function pointLoss(a: Args, ctx: ForwardCtx, name: string, p: PointLoss): OpResult {
  const x = a.tensor('input'), t = a.tensor('target');
  const red = reductionOf(a);
  // PyTorch 2.x added weight= to mse_loss, l1_loss and huber_loss; the checker's oracle (PyTorch 1.13) has none.
  if (a.optTensor('weight')) a.fail('weight', `weight= (PyTorch ≥ 2.6) is not supported by the gradient checker; multiply the per-element loss (reduction='none') instead`);
  const shape = broadcastShapes(x.shape, t.shape);
  if (!shape) return a.fail('target', `target ${fmtShape(t.shape)} does not broadcast with input ${fmtShape(x.shape)}`);
  const mx = broadcastMap(shape, x.shape), mt = broadcastMap(shape, t.shape);
  const diff = new Float64Array(mx.length);
  const l = Tensor.zeros(shape);
  let hash = 0;
  for (let i = 0; i < diff.length; i++) {
    diff[i] = x.data[mx[i]] - t.data[mt[i]];
    l.data[i] = p.l(diff[i]);
    if (!p.kinkAtZero) continue;
    hash = (Math.imul(hash, 31) + (diff[i] > 0 ? 1 : diff[i] < 0 ? 2 : 3)) | 0;
    if (diff[i] === 0) ctx.kink(`${name}: input equals target at element ${i}: |input − target| is not differentiable there; PyTorch uses the derivative 0`);
  }
  if (p.kinkAtZero) ctx.branch(hash);
  const r = reduceLoss(l, red);
  return {
    out: r.out,
    backward: (g) => {
      const gl = r.grad(g);
      const gx = Tensor.zeros(shape), gt = Tensor.zeros(shape);
      for (let i = 0; i < diff.length; i++) { gx.data[i] = p.dl(diff[i]) * gl.data[i]; gt.data[i] = -gx.data[i]; }
      return { input: unbroadcast(gx, mx, x.shape), target: unbroadcast(gt, mt, t.shape) };
    },
    explain: red === 'none'
      ? (k, names) => `${element(names.out ?? 'l', k, shape)} = ${p.show(`${factor(x.data[mx[k]])} − ${factor(t.data[mt[k]])}`)} = ${num(l.data[k])}`
      : undefined,
  };
}

const sign = (d: number): number => (d > 0 ? 1 : d < 0 ? -1 : 0);

const rule = (name: string, make: (a: Args) => PointLoss, kinky: NumericRule['kinky'] = false): NumericRule =>
  ({ kinky, forward: (a, ctx) => pointLoss(a, ctx, name, make(a)) });

const l1: PointLoss = { l: Math.abs, dl: sign, show: (d) => `|${d}|`, kinkAtZero: true };

export const REGRESSION_RULES: Record<string, NumericRule> = {
  'F.mse_loss': rule('mse_loss', () => ({ l: (d) => d * d, dl: (d) => 2 * d, show: (d) => `(${d})²` })),
  'F.l1_loss': rule('l1_loss', () => l1, true),
  'F.smooth_l1_loss': rule('smooth_l1_loss', (a) => {
    const beta = a.num('beta');
    if (beta < 0) a.fail('beta', `smooth_l1_loss does not support negative values for beta, got ${beta}`);
    if (beta === 0) return l1;
    return {
      l: (d) => (Math.abs(d) < beta ? (0.5 * d * d) / beta : Math.abs(d) - 0.5 * beta),
      dl: (d) => (d < -beta ? -1 : d > beta ? 1 : d / beta),
      show: (d) => `smooth_l1(${d}; β = ${num(beta)})`,
    };
  }, (v) => v.beta === 0),
  'F.huber_loss': rule('huber_loss', (a) => {
    const delta = a.num('delta');
    if (!(delta > 0)) a.fail('delta', `huber_loss does not support non-positive values for delta, got ${delta}`);
    return {
      l: (d) => (Math.abs(d) < delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta)),
      dl: (d) => (d < -delta ? -delta : d > delta ? delta : d),
      show: (d) => `huber(${d}; δ = ${num(delta)})`,
    };
  }),
};
