// The activations: ReLU and leaky ReLU (with a fast path for finite differences), σ, tanh, and the smooth ones of
// today's networks (GELU, SiLU, ELU, softplus, …), each written as PyTorch computes it, derivative beside it.
import { element, factor, num } from '../format';
import type { Args, Changes, ForwardCtx, NumericRule, OpResult } from '../op';
import { Tensor } from '../tensor';
import { ELEMENTWISE_RULES, unary, type UnaryMath } from './elementwise';
import { erfc } from './special';

/**
 * ReLU and leaky ReLU: z = x if x > 0 else s·x (s = 0 for ReLU);  ∂z/∂x = 1 if x > 0 else s — PyTorch takes the
 * left derivative at x = 0. A dedicated loop (not the generic unary one): finite differences run it hundreds of times.
 */
function piecewiseLinear(a: Args, ctx: ForwardCtx, slope: number, label: string): OpResult {
  const x = a.tensor('input');
  const out = Tensor.zeros(x.shape);
  const o = out.data, xd = x.data, n = xd.length;
  let hash = 0, zeros = 0;
  for (let i = 0; i < n; i++) {
    const v = xd[i];
    if (v > 0) { o[i] = v; hash = (Math.imul(hash, 31) + 1) | 0; }
    else {
      o[i] = slope === 0 ? 0 : slope * v;
      // The branch taken at each element: a ±h perturbation that flips one crosses the kink.
      hash = (Math.imul(hash, 31) + (v < 0 ? 2 : 3)) | 0;
      if (v === 0 && zeros++ < 3) {
        ctx.kink(`${label} input is exactly 0 at element ${i} (${element(ctx.stepOut + '.input', i, x.shape)}): not differentiable there; PyTorch uses the derivative ${slope === 0 ? '0' : `of the negative side (${num(slope)})`}`);
      }
    }
  }
  ctx.branch(hash);
  return {
    out,
    backward: (g) => {
      const gx = Tensor.zeros(x.shape), gd = g.data, r = gx.data;
      for (let i = 0; i < n; i++) r[i] = xd[i] > 0 ? gd[i] : slope * gd[i];
      return { input: gx };
    },
    explain: (k, names) => `${element(names.out ?? 'z', k, x.shape)} = ${slope === 0 ? `max(${factor(xd[k])}, 0)` : `leaky_relu(${factor(xd[k])}; ${num(slope)})`} = ${num(o[k])}`,
  };
}

/** Finite differences move a few inputs: recompute those outputs; a moved element that changed sides is a kink crossing. */
function piecewiseDelta(a: Args, slope: number, baseOut: Tensor, changes: Changes) {
  const ch = changes.input;
  if (!ch) return null;
  const x = a.tensor('input').data, y = baseOut.data.slice();
  const side = (v: number) => (v > 0 ? 1 : v < 0 ? 2 : 3);
  let branches = 0;
  const idx: number[] = [], old: number[] = [];
  ch.idx.forEach((i, n) => {
    const v = x[i];
    y[i] = v > 0 ? v : slope === 0 ? 0 : slope * v;
    if (y[i] !== baseOut.data[i]) { idx.push(i); old.push(baseOut.data[i]); }
    // Which element switched, and to which side: +h and −h across a kink land on different sides, so differ.
    if (side(v) !== side(ch.old[n])) branches = (Math.imul(branches, 31) + i * 4 + side(v)) | 0 || 1;
  });
  return { out: new Tensor(baseOut.shape.slice(), y), branches, changed: { idx: Int32Array.from(idx), old: Float64Array.from(old) } };
}

const reluRule: NumericRule = {
  kinky: true,
  forward: (a, ctx) => piecewiseLinear(a, ctx, 0, 'ReLU'),
  forwardDelta: (a, baseOut, changes) => piecewiseDelta(a, 0, baseOut, changes),
};

const leakyRelu: NumericRule = {
  kinky: true,
  forward: (a, ctx) => piecewiseLinear(a, ctx, a.num('negative_slope'), 'leaky_relu'),
  forwardDelta: (a, baseOut, changes) => piecewiseDelta(a, a.num('negative_slope'), baseOut, changes),
};

/** σ(x) = 1 / (1 + e⁻ˣ), written so that neither side overflows. */
export const sigmoidOf = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
/** log(1 + eˣ) without overflow. */
const softplusOf = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

const SQRT1_2 = Math.SQRT1_2, INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const K_BETA = Math.sqrt(2 / Math.PI), K_KAPPA = 0.044715;
const SELU_ALPHA = 1.6732632423543772, SELU_SCALE = 1.0507009873554805; // PyTorch's constants, to double precision

/** An activation with arguments: its function and derivative, made for the step's argument values. */
const activation = (name: string, make: (a: Args) => UnaryMath, kinky = false): NumericRule =>
  ({ kinky, forward: (a, ctx) => unary(a, ctx, name, make(a)) });

/** x ↦ x if x > 0 else s·(e^(x/r) − 1): ELU (s = α, r = 1), CELU (s = r = α) and SELU's inner part. PyTorch's x ≤ 0 branch. */
function eluMath(name: string, scale: number, alpha: number, inputScale: number, kink: boolean): UnaryMath {
  return {
    f: (x) => (x <= 0 ? scale * alpha * Math.expm1(x * inputScale) : scale * x),
    d: (x) => (x <= 0 ? scale * alpha * inputScale * Math.exp(x * inputScale) : scale),
    show: (x) => `${name}(${x})`,
    kinkAt: kink ? 0 : undefined,
  };
}

const ACTIVATION_RULES: Record<string, NumericRule> = {
  'torch.relu': reluRule, 'F.relu': reluRule, 'F.leaky_relu': leakyRelu,
  // σ'(x) = σ(x)·(1 − σ(x))
  'torch.sigmoid': activation('sigmoid', () => ({ f: sigmoidOf, d: (_x, z) => z * (1 - z), show: (x) => `σ(${x})` })),
  // GELU: x·Φ(x), Φ the normal CDF;  d = Φ(x) + x·φ(x). approximate='tanh': ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
  'F.gelu': activation('gelu', (a) => (a.str('approximate', ['none', 'tanh']) === 'none'
    ? { f: (x) => 0.5 * x * erfc(-x * SQRT1_2), d: (x) => 0.5 * erfc(-x * SQRT1_2) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x), show: (x) => `gelu(${x})` }
    : {
      f: (x) => 0.5 * x * (1 + Math.tanh(K_BETA * (x + K_KAPPA * x * x * x))),
      d: (x) => {
        const t = Math.tanh(K_BETA * (x + K_KAPPA * x * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K_BETA * (1 + 3 * K_KAPPA * x * x);
      },
      show: (x) => `gelu_tanh(${x})`,
    })),
  // SiLU: x·σ(x);  d = σ(x)·(1 + x·(1 − σ(x)))
  'F.silu': activation('silu', () => ({ f: (x) => x * sigmoidOf(x), d: (x) => { const s = sigmoidOf(x); return s * (1 + x * (1 - s)); }, show: (x) => `silu(${x})` })),
  // Mish: x·tanh(softplus(x));  d = tanh(sp) + x·σ(x)·(1 − tanh²(sp))
  'F.mish': activation('mish', () => ({
    f: (x) => x * Math.tanh(softplusOf(x)),
    d: (x) => { const t = Math.tanh(softplusOf(x)); return t + x * sigmoidOf(x) * (1 - t * t); },
    show: (x) => `mish(${x})`,
  })),
  'F.elu': { ...activation('elu', (a) => eluMath('elu', 1, a.num('alpha'), 1, a.num('alpha') !== 1)), kinky: (v) => v.alpha !== 1 },
  'F.celu': activation('celu', (a) => {
    const al = a.num('alpha');
    if (al === 0) a.fail('alpha', 'ZeroDivisionError: alpha cannot be 0 for CELU');
    return eluMath('celu', 1, al, 1 / al, false);
  }),
  'F.selu': activation('selu', () => eluMath('selu', SELU_SCALE, SELU_ALPHA, 1, true), true),
  // softplus: log(1 + e^(βx))/β, x itself where βx > threshold;  d = σ(βx) (1 past the threshold)
  'F.softplus': activation('softplus', (a) => {
    const beta = a.num('beta'), threshold = a.num('threshold');
    return {
      f: (x) => (x * beta > threshold ? x : Math.log1p(Math.exp(x * beta)) / beta),
      d: (x) => (x * beta > threshold ? 1 : sigmoidOf(x * beta)),
      show: (x) => `softplus(${x})`,
    };
  }),
  // log σ(x) = −softplus(−x);  d = σ(−x)
  'F.logsigmoid': activation('logsigmoid', () => ({ f: (x) => -softplusOf(-x), d: (x) => sigmoidOf(-x), show: (x) => `log σ(${x})` })),
};

/** F.sigmoid and F.tanh are torch.sigmoid and torch.tanh under their deprecated functional names. */
export const ACTIVATIONS: Record<string, NumericRule> = {
  ...ACTIVATION_RULES, 'F.sigmoid': ACTIVATION_RULES['torch.sigmoid'], 'F.tanh': ELEMENTWISE_RULES['torch.tanh'],
};
