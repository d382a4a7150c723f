// Elementwise functions: arithmetic with broadcasting, and the activations. Each forward sits next to its
// derivative; a binary op's gradient is summed back over the positions where its operand was broadcast.
import { element, factor, num } from '../format';
import { Args, type ForwardCtx, type OpDef, type OpResult } from '../op';
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
function unary(a: Args, f: (x: number) => number, dfdx: (x: number, z: number) => number, show: (x: string) => string,
  ctx?: ForwardCtx, kinkAt0?: string): OpResult {
  const x = a.tensor('input');
  const out = Tensor.zeros(x.shape);
  const o = out.data, xd = x.data;
  let zeros = 0;
  for (let i = 0; i < o.length; i++) {
    const v = xd[i];
    o[i] = f(v);
    if (ctx) {
      // The branch taken at each element: a ±h perturbation that flips one crosses the kink.
      ctx.branch(v > 0 ? 1 : v < 0 ? 2 : 3);
      if (v === 0 && zeros++ < 3) ctx.kink(`${kinkAt0} input is exactly 0 at element ${i} (${element(ctx.stepOut + '.input', i, x.shape)}): not differentiable there; PyTorch uses the derivative ${kinkAt0 === 'ReLU' ? '0' : 'of the negative side'}`);
    }
  }
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

const reluForward = (a: Args, ctx: ForwardCtx) =>
  // z = max(x, 0);  ∂z/∂x = 1 if x > 0 else 0 (PyTorch takes 0 at x = 0)
  unary(a, (x) => (x > 0 ? x : 0), (x) => (x > 0 ? 1 : 0), (x) => `max(${x}, 0)`, ctx, 'ReLU');
const unaryParams = [{ name: 'input', kind: 'tensor' as const }];
const relu: OpDef = { fn: 'torch.relu', params: unaryParams, kinky: true, forward: reluForward };
const reluF: OpDef = { fn: 'F.relu', params: [...unaryParams, { name: 'inplace', kind: 'value', default: false }], kinky: true, forward: reluForward };

const leakyRelu: OpDef = {
  fn: 'F.leaky_relu', kinky: true,
  params: [{ name: 'input', kind: 'tensor' }, { name: 'negative_slope', kind: 'value', default: 0.01 }, { name: 'inplace', kind: 'value', default: false }],
  // z = x if x > 0 else s·x;  ∂z/∂x = 1 if x > 0 else s (PyTorch takes s at x = 0)
  forward(a, ctx) {
    const s = a.num('negative_slope');
    return unary(a, (x) => (x > 0 ? x : s * x), (x) => (x > 0 ? 1 : s), (x) => `leaky_relu(${x}; ${num(s)})`, ctx, 'leaky_relu');
  },
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
