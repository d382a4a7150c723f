// Elementwise functions: arithmetic with broadcasting, and the activations. Each forward sits next to its
// derivative; a binary op's gradient is summed back over the positions where its operand was broadcast.
import { element, factor, num } from '../format';
import { Args, type Changes, type ForwardCtx, type OpDef, type OpResult } from '../op';
import { Tensor, broadcastMap, broadcastShapes, fmtShape, unbroadcast } from '../tensor';

/** Shared skeleton of a broadcasting binary op: f(a, b) and its two partial derivatives per element. */
function binary(a: Args, f: (x: number, y: number) => number, dfdx: (x: number, y: number, z: number) => number,
  dfdy: (x: number, y: number, z: number) => number, show: (x: string, y: string) => string, xName = 'input', yName = 'other'): OpResult {
  const x = a.tensor(xName), y = a.tensor(yName);
  const shape = broadcastShapes(x.shape, y.shape);
  if (!shape) a.fail(yName, `shapes ${fmtShape(x.shape)} and ${fmtShape(y.shape)} do not broadcast`);
  const mx = broadcastMap(shape, x.shape), my = broadcastMap(shape, y.shape);
  const out = Tensor.zeros(shape);
  const o = out.data, xd = x.data, yd = y.data;
  for (let i = 0; i < o.length; i++) o[i] = f(xd[mx[i]], yd[my[i]]);
  return {
    out,
    backward: (g) => {
      const gx = new Tensor(shape, new Float64Array(o.length)), gy = new Tensor(shape, new Float64Array(o.length));
      for (let i = 0; i < o.length; i++) {
        const xi = xd[mx[i]], yi = yd[my[i]];
        gx.data[i] = g.data[i] * dfdx(xi, yi, o[i]);
        gy.data[i] = g.data[i] * dfdy(xi, yi, o[i]);
      }
      return { [xName]: unbroadcast(gx, mx, x.shape), [yName]: unbroadcast(gy, my, y.shape) };
    },
    explain: (k, names) => `${element(names.out ?? 'z', k, shape)} = ${show(factor(xd[mx[k]]), factor(yd[my[k]]))} = ${num(o[k])}`,
  };
}

const add: OpDef = {
  fn: 'torch.add', params: [{ name: 'input', kind: 'tensor' }, { name: 'other', kind: 'tensor' }, { name: 'alpha', kind: 'value', default: 1 }],
  // z = x + α·y;  ∂z/∂x = 1, ∂z/∂y = α
  forward(a) {
    const al = a.num('alpha');
    return binary(a, (x, y) => x + al * y, () => 1, () => al, (x, y) => (al === 1 ? `${x} + ${y}` : `${x} + ${factor(al)}·${y}`));
  },
};

const sub: OpDef = {
  fn: 'torch.sub', params: [{ name: 'input', kind: 'tensor' }, { name: 'other', kind: 'tensor' }, { name: 'alpha', kind: 'value', default: 1 }],
  // z = x − α·y;  ∂z/∂x = 1, ∂z/∂y = −α
  forward(a) {
    const al = a.num('alpha');
    return binary(a, (x, y) => x - al * y, () => 1, () => -al, (x, y) => (al === 1 ? `${x} − ${y}` : `${x} − ${factor(al)}·${y}`));
  },
};

const mul: OpDef = {
  fn: 'torch.mul', params: [{ name: 'input', kind: 'tensor' }, { name: 'other', kind: 'tensor' }],
  // z = x·y;  ∂z/∂x = y, ∂z/∂y = x
  forward: (a) => binary(a, (x, y) => x * y, (_x, y) => y, (x) => x, (x, y) => `${x}·${y}`),
};

const div: OpDef = {
  fn: 'torch.div', params: [{ name: 'input', kind: 'tensor' }, { name: 'other', kind: 'tensor' }, { name: 'rounding_mode', kind: 'value', default: null }],
  // z = x / y;  ∂z/∂x = 1/y, ∂z/∂y = −x/y²
  forward(a) {
    if (a.has('rounding_mode')) a.fail('rounding_mode', 'only rounding_mode=None (true division) is differentiable');
    return binary(a, (x, y) => x / y, (_x, y) => 1 / y, (x, y) => -x / (y * y), (x, y) => `${x} / ${y}`);
  },
};

const pow: OpDef = {
  fn: 'torch.pow', params: [{ name: 'input', kind: 'tensor' }, { name: 'exponent', kind: 'tensor' }],
  // z = xᵉ;  ∂z/∂x = e·xᵉ⁻¹ (0 where e = 0), ∂z/∂e = xᵉ·ln x (0 where x = 0 and e ≥ 0), as PyTorch masks them
  forward: (a) => binary(a, (x, e) => Math.pow(x, e),
    (x, e) => (e === 0 ? 0 : e * Math.pow(x, e - 1)),
    (x, e, z) => (x === 0 && e >= 0 ? 0 : z * Math.log(x)),
    (x, e) => `${x}^${e}`, 'input', 'exponent'),
};

/** Shared skeleton of a unary op: z = f(x), ∂z/∂x from x and z. */
function unary(a: Args, f: (x: number) => number, dfdx: (x: number, z: number) => number, show: (x: string) => string): OpResult {
  const x = a.tensor('input');
  const out = Tensor.zeros(x.shape);
  const o = out.data, xd = x.data;
  for (let i = 0; i < o.length; i++) o[i] = f(xd[i]);
  return {
    out,
    backward: (g) => {
      const gx = Tensor.zeros(x.shape);
      for (let i = 0; i < o.length; i++) gx.data[i] = g.data[i] * dfdx(xd[i], o[i]);
      return { input: gx };
    },
    explain: (k, names) => `${element(names.out ?? 'z', k, x.shape)} = ${show(factor(xd[k]))} = ${num(o[k])}`,
  };
}

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

const reluForward = (a: Args, ctx: ForwardCtx) => piecewiseLinear(a, ctx, 0, 'ReLU');
const unaryParams = [{ name: 'input', kind: 'tensor' as const }];
const reluDelta = (a: Args, baseOut: Tensor, changes: Changes) => piecewiseDelta(a, 0, baseOut, changes);
const relu: OpDef = { fn: 'torch.relu', params: unaryParams, kinky: true, forward: reluForward, forwardDelta: reluDelta };
const reluF: OpDef = {
  fn: 'F.relu', params: [...unaryParams, { name: 'inplace', kind: 'value', default: false }], kinky: true, forward: reluForward, forwardDelta: reluDelta,
};

const leakyRelu: OpDef = {
  fn: 'F.leaky_relu', kinky: true,
  params: [{ name: 'input', kind: 'tensor' }, { name: 'negative_slope', kind: 'value', default: 0.01 }, { name: 'inplace', kind: 'value', default: false }],
  forward: (a, ctx) => piecewiseLinear(a, ctx, a.num('negative_slope'), 'leaky_relu'),
  forwardDelta: (a, baseOut, changes) => piecewiseDelta(a, a.num('negative_slope'), baseOut, changes),
};

const sigmoid: OpDef = {
  fn: 'torch.sigmoid', params: unaryParams,
  // σ(x) = 1 / (1 + e⁻ˣ);  σ'(x) = σ(x)·(1 − σ(x))
  forward: (a) => unary(a, (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))), (_x, z) => z * (1 - z), (x) => `σ(${x})`),
};

const tanh: OpDef = {
  fn: 'torch.tanh', params: unaryParams,
  // tanh'(x) = 1 − tanh²(x)
  forward: (a) => unary(a, Math.tanh, (_x, z) => 1 - z * z, (x) => `tanh(${x})`),
};

export const ELEMENTWISE_OPS: OpDef[] = [add, sub, mul, div, pow, relu, reluF, leakyRelu, sigmoid, tanh];
