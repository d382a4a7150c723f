// Classification losses, each with reduction 'none' | 'mean' | 'sum' (the regression losses are in regression.ts).
//   nll_loss:   l_n = −w[t_n]·x[n, t_n];             mean divides by Σ w[t_n] (ignored targets count 0)
//   cross_entropy = nll_loss(log_softmax(x, 1)):     dx = (softmax(x) − onehot(t))·w[t]·dl — seed 001's y − t
//               probability targets: l_n = −Σ_c w_c t_nc log softmax(x)_nc;  mean divides by N
//   binary_cross_entropy:  l = −w(t log x + (1 − t) log(1 − x)), logs clamped at −100 as PyTorch;
//                          dx = w(x − t) / max(x(1 − x), 1e-12)·dl
//   binary_cross_entropy_with_logits: l = w[(1 − t)x + (1 + (p − 1)t)·softplus(−x)] (stable form);
//                          dx = w[(1 + (p − 1)t)σ(x) − p t]·dl,  dt = w[−x + (p − 1)softplus(−x)]·dl
import { type Args, REDUCTIONS, reduceLoss, type NumericRule, type OpResult, type Reduction } from '../op';
import { Tensor, broadcastMap, broadcastShapes, fmtShape, sameShape, } from '../tensor';
import { logSoftmaxInto } from './softmax';

/** The reduction argument; the deprecated size_average/reduce are refused with the modern spelling. */
export const reductionOf = (a: Args): Reduction => {
  for (const legacy of ['size_average', 'reduce']) {
    if (a.has(legacy)) a.fail(legacy, `${legacy} is deprecated; use reduction='none' | 'mean' | 'sum'`);
  }
  return a.str('reduction', REDUCTIONS);
};

/** Class layout of an input: (N, C, inner) with the class dim 1 (dim 0 for a 1-D input). */
function classLayout(a: Args, x: Tensor) {
  if (x.rank === 0) a.shapeFail('input', x.shape, 'expected a 1-D (C) or N-D (N, C, …) input');
  const N = x.rank === 1 ? 1 : x.shape[0], C = x.rank === 1 ? x.shape[0] : x.shape[1];
  const inner = x.size / Math.max(N * C, 1);
  const targetShape = x.rank === 1 ? [] : [x.shape[0], ...x.shape.slice(2)];
  return { N, C, inner, targetShape };
}

/** Class-index targets → validated integer classes; −1 marks ignore_index. */
function classIndices(a: Args, t: Tensor, C: number, ignoreIndex: number): Int32Array {
  const cls = new Int32Array(t.size);
  for (let i = 0; i < t.size; i++) {
    const v = t.data[i];
    if (!Number.isInteger(v)) a.fail('target', `class-index targets must be integers, got ${v} at index ${i} (probability targets need the input's shape)`);
    if (v === ignoreIndex) { cls[i] = -1; continue; }
    if (v < 0 || v >= C) a.fail('target', `Target ${v} is out of bounds (classes 0 … ${C - 1})`);
    cls[i] = v;
  }
  return cls;
}

/**
 * Visits each non-ignored target position k of (N, inner) with the index of class 0 at that position in the
 * (N, C, inner) log-probabilities; class c is at `at + c·inner`.
 */
function eachTarget(cls: Int32Array, C: number, inner: number, visit: (k: number, at: number) => void): void {
  for (let k = 0; k < cls.length; k++) {
    if (cls[k] < 0) continue;
    visit(k, Math.floor(k / inner) * C * inner + (k % inner));
  }
}

/** The negative log-likelihood of log-probabilities `lp` (N, C, inner) — shared by nll_loss and cross_entropy. */
function nllCore(a: Args, lp: Float64Array, C: number, inner: number, t: Tensor, w: Tensor | null, red: Reduction) {
  if (t.requiresGrad) a.fail('target', 'class-index targets are integers and cannot require grad');
  const ignore = a.int('ignore_index');
  const cls = classIndices(a, t, C, ignore);
  const losses = Tensor.zeros(t.shape);
  let wsum = 0;
  eachTarget(cls, C, inner, (k, at) => {
    const wk = w ? w.data[cls[k]] : 1;
    losses.data[k] = -wk * lp[at + cls[k] * inner];
    wsum += wk;
  });
  const r = reduceLoss(losses, red, wsum);
  const backward = (g: Tensor): Float64Array => {
    const gl = r.grad(g);
    const glp = new Float64Array(lp.length);
    eachTarget(cls, C, inner, (k, at) => { glp[at + cls[k] * inner] = -(w ? w.data[cls[k]] : 1) * gl.data[k]; });
    return glp;
  };
  return { out: r.out, backward, cls, wsum };
}

/**
 * Label smoothing's second term for class-index targets: s_k = −Σ_c w_c·log p_c at each non-ignored position k,
 * reduced as nll_loss is (mean divides by the same Σ w[t_k]); the loss is (1 − ε)·nll + (ε/C)·s.
 */
function labelSmoothing(lp: Float64Array, C: number, inner: number, cls: Int32Array, w: Tensor | null, red: Reduction, wsum: number) {
  const per = Tensor.zeros([cls.length]);
  const wc = (c: number) => (w ? w.data[c] : 1);
  eachTarget(cls, C, inner, (k, at) => { for (let c = 0; c < C; c++) per.data[k] -= wc(c) * lp[at + c * inner]; });
  const r = reduceLoss(per, red, wsum);
  const out = red === 'none' ? per : r.out;
  const backward = (g: Tensor): Float64Array => {
    const gl = r.grad(g);
    const glp = new Float64Array(lp.length);
    eachTarget(cls, C, inner, (k, at) => { for (let c = 0; c < C; c++) glp[at + c * inner] = -wc(c) * gl.data[k]; });
    return glp;
  };
  return { out, backward };
}

function classWeight(a: Args, C: number): Tensor | null {
  const w = a.optTensor('weight');
  if (w && (w.rank !== 1 || w.shape[0] !== C)) a.shapeFail('weight', w.shape, `a class weight needs one entry per class: [${C}]`);
  return w;
}

const classWeightNondiff = { weight: "PyTorch does not differentiate a loss with respect to its class 'weight'" };

const nllLoss: NumericRule = {
  nondiff: classWeightNondiff, classTarget: 'target',
  forward(a): OpResult {
    const x = a.tensor('input'), t = a.tensor('target');
    const red = reductionOf(a);
    const { C, inner, targetShape } = classLayout(a, x);
    if (!sameShape(t.shape, targetShape)) a.shapeFail('target', t.shape, `class indices for input ${fmtShape(x.shape)} need shape ${fmtShape(targetShape)}`);
    const core = nllCore(a, x.data, C, inner, t, classWeight(a, C), red);
    return { out: core.out, backward: (g) => ({ input: new Tensor(x.shape.slice(), core.backward(g)) }) };
  },
};

const crossEntropy: NumericRule = {
  nondiff: classWeightNondiff, classTarget: 'target',
  forward(a): OpResult {
    const x = a.tensor('input'), t = a.tensor('target');
    const red = reductionOf(a);
    const eps = a.num('label_smoothing');
    if (!(eps >= 0 && eps <= 1)) a.fail('label_smoothing', `label_smoothing must be between 0.0 and 1.0, got ${eps}`);
    const { N, C, inner, targetShape } = classLayout(a, x);
    const w = classWeight(a, C);
    const lp = new Float64Array(x.size);
    logSoftmaxInto(x.data, lp, N, C, inner);
    // dL/dx from dL/d(log p): log-softmax's backward, per (n, ·, s) column.
    const throughLogSoftmax = (glp: Float64Array): Tensor => {
      const gx = Tensor.zeros(x.shape);
      for (let n = 0; n < N; n++) for (let s = 0; s < inner; s++) {
        let sum = 0;
        for (let c = 0; c < C; c++) sum += glp[(n * C + c) * inner + s];
        for (let c = 0; c < C; c++) { const k = (n * C + c) * inner + s; gx.data[k] = glp[k] - Math.exp(lp[k]) * sum; }
      }
      return gx;
    };
    if (sameShape(t.shape, x.shape)) {
      // Probability targets: soft labels, differentiable in the target too; smoothing mixes in the uniform
      // distribution, t′ = (1 − ε)·t + ε/C.
      const smooth = (v: number) => v * (1 - eps) + eps / C;
      const losses = Tensor.zeros(targetShape);
      for (let n = 0; n < N; n++) for (let s = 0; s < inner; s++) {
        let l = 0;
        for (let c = 0; c < C; c++) { const k = (n * C + c) * inner + s; l -= (w ? w.data[c] : 1) * smooth(t.data[k]) * lp[k]; }
        losses.data[n * inner + s] = l;
      }
      const r = reduceLoss(losses, red);
      return {
        out: r.out,
        backward: (g) => {
          const gl = r.grad(g);
          const glp = new Float64Array(x.size), gt = Tensor.zeros(t.shape);
          for (let n = 0; n < N; n++) for (let s = 0; s < inner; s++) for (let c = 0; c < C; c++) {
            const k = (n * C + c) * inner + s, wc = w ? w.data[c] : 1;
            glp[k] = -wc * smooth(t.data[k]) * gl.data[n * inner + s];
            gt.data[k] = -wc * (1 - eps) * lp[k] * gl.data[n * inner + s];
          }
          return { input: throughLogSoftmax(glp), target: gt };
        },
      };
    }
    if (!sameShape(t.shape, targetShape)) {
      a.shapeFail('target', t.shape, `class indices for input ${fmtShape(x.shape)} need shape ${fmtShape(targetShape)}, probabilities need ${fmtShape(x.shape)}`);
    }
    const core = nllCore(a, lp, C, inner, t, w, red);
    if (eps === 0) return { out: core.out, backward: (g) => ({ input: throughLogSoftmax(core.backward(g)) }) };
    const s = labelSmoothing(lp, C, inner, core.cls, w, red, core.wsum);
    const out = Tensor.zeros(core.out.shape);
    for (let k = 0; k < out.size; k++) out.data[k] = (1 - eps) * core.out.data[k] + (eps / C) * s.out.data[k];
    return {
      out,
      backward: (g) => {
        const glp = core.backward(g), gs = s.backward(g);
        for (let k = 0; k < glp.length; k++) glp[k] = (1 - eps) * glp[k] + (eps / C) * gs[k];
        return { input: throughLogSoftmax(glp) };
      },
    };
  },
};

/** Same-size check of the binary losses (PyTorch raises ValueError on a size mismatch). */
function sameSize(a: Args, x: Tensor, t: Tensor) {
  if (!sameShape(x.shape, t.shape)) a.fail('target', `Using a target size (${fmtShape(t.shape)}) that is different to the input size (${fmtShape(x.shape)}) is deprecated. Please ensure they have the same size.`);
}

/** An optional tensor broadcast to the input's shape (weight, pos_weight). */
function expandTo(a: Args, name: string, shape: number[]): Float64Array | null {
  const w = a.optTensor(name);
  if (!w) return null;
  const b = broadcastShapes(shape, w.shape);
  if (!b || !sameShape(b, shape)) a.shapeFail(name, w.shape, `must broadcast to the input's shape ${fmtShape(shape)}`);
  const m = broadcastMap(shape, w.shape);
  return Float64Array.from(m, (i) => w.data[i]);
}

const bce: NumericRule = {
  nondiff: { weight: "PyTorch does not differentiate binary_cross_entropy with respect to 'weight'" },
  forward(a): OpResult {
    const x = a.tensor('input'), t = a.tensor('target');
    const red = reductionOf(a);
    sameSize(a, x, t);
    const w = expandTo(a, 'weight', x.shape);
    for (let i = 0; i < x.size; i++) {
      if (!(x.data[i] >= 0 && x.data[i] <= 1)) a.fail('input', `all elements of input should be between 0 and 1 (index ${i} is ${x.data[i]})`);
    }
    const logx = x.data.map((v) => Math.max(Math.log(v), -100)), log1mx = x.data.map((v) => Math.max(Math.log1p(-v), -100));
    const l = Tensor.zeros(x.shape);
    for (let i = 0; i < x.size; i++) l.data[i] = -(w ? w[i] : 1) * (t.data[i] * logx[i] + (1 - t.data[i]) * log1mx[i]);
    const r = reduceLoss(l, red);
    return {
      out: r.out,
      backward: (g) => {
        const gl = r.grad(g);
        const gx = Tensor.zeros(x.shape), gt = Tensor.zeros(x.shape);
        for (let i = 0; i < x.size; i++) {
          const wi = w ? w[i] : 1, xi = x.data[i];
          gx.data[i] = wi * (xi - t.data[i]) / Math.max((1 - xi) * xi, 1e-12) * gl.data[i];
          gt.data[i] = -wi * (logx[i] - log1mx[i]) * gl.data[i];
        }
        return { input: gx, target: gt };
      },
    };
  },
};

const softplusNeg = (x: number) => Math.max(-x, 0) + Math.log1p(Math.exp(-Math.abs(x))); // log(1 + e^(−x)), stable
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

const bceLogits: NumericRule = {
  nondiff: { weight: "this checker does not differentiate with respect to 'weight'", pos_weight: "this checker does not differentiate with respect to 'pos_weight'" },
  forward(a): OpResult {
    const x = a.tensor('input'), t = a.tensor('target');
    const red = reductionOf(a);
    sameSize(a, x, t);
    const w = expandTo(a, 'weight', x.shape), p = expandTo(a, 'pos_weight', x.shape);
    const l = Tensor.zeros(x.shape);
    for (let i = 0; i < x.size; i++) {
      const xi = x.data[i], ti = t.data[i], lw = p ? (p[i] - 1) * ti + 1 : 1;
      l.data[i] = (w ? w[i] : 1) * ((1 - ti) * xi + lw * softplusNeg(xi));
    }
    const r = reduceLoss(l, red);
    return {
      out: r.out,
      backward: (g) => {
        const gl = r.grad(g);
        const gx = Tensor.zeros(x.shape), gt = Tensor.zeros(x.shape);
        for (let i = 0; i < x.size; i++) {
          const xi = x.data[i], ti = t.data[i], pi = p ? p[i] : 1, wi = w ? w[i] : 1;
          gx.data[i] = wi * ((1 + (pi - 1) * ti) * sigmoid(xi) - pi * ti) * gl.data[i];
          gt.data[i] = wi * (-xi + (pi - 1) * softplusNeg(xi)) * gl.data[i];
        }
        return { input: gx, target: gt };
      },
    };
  },
};

export const LOSS_RULES: Record<string, NumericRule> = {
  'F.nll_loss': nllLoss, 'F.cross_entropy': crossEntropy, 'F.binary_cross_entropy': bce, 'F.binary_cross_entropy_with_logits': bceLogits,
};
