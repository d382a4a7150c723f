// Element-wise functions: arithmetic with broadcasting, and the math functions, one line each — the function and its
// derivative side by side. A binary op's gradient is summed back over the positions where its operand was broadcast.
// The activations are in activations.ts.
import { element, factor, num } from '../format';
import type { Args, ForwardCtx, NumericRule, OpResult } from '../op';
import { Tensor, broadcastMap, broadcastShapes, fmtShape, unbroadcast } from '../tensor';
import { erf, erfc } from './special';

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

/** The arithmetic's number functions (α = 1), one definition for the ops below and for code that computes with known
 *  numbers outside a forward pass (the analysis' small tensors of known values). */
const ARITHMETIC = {
  add: (x: number, y: number) => x + y,
  sub: (x: number, y: number) => x - y,
  mul: (x: number, y: number) => x * y,
  div: (x: number, y: number) => x / y,
  pow: (x: number, e: number) => x ** e,
} as const;

/** The plain number function of a binary arithmetic op of this family (`add`, `sub`, `mul`, `div`, `pow`; α = 1). */
export const binaryMathFunction = (name: string): ((x: number, y: number) => number) | undefined =>
  Object.hasOwn(ARITHMETIC, name) ? ARITHMETIC[name as keyof typeof ARITHMETIC] : undefined;

const add: NumericRule = {
  // z = x + α·y;  ∂z/∂x = 1, ∂z/∂y = α
  forward(a) {
    const al = a.num('alpha');
    return binary(a, (x, y) => ARITHMETIC.add(x, al * y), () => 1, () => al, (x, y) => (al === 1 ? `${x} + ${y}` : `${x} + ${factor(al)}·${y}`));
  },
};

const sub: NumericRule = {
  // z = x − α·y;  ∂z/∂x = 1, ∂z/∂y = −α
  forward(a) {
    const al = a.num('alpha');
    return binary(a, (x, y) => ARITHMETIC.sub(x, al * y), () => 1, () => -al, (x, y) => (al === 1 ? `${x} − ${y}` : `${x} − ${factor(al)}·${y}`));
  },
};

const mul: NumericRule = {
  // z = x·y;  ∂z/∂x = y, ∂z/∂y = x
  forward: (a) => binary(a, ARITHMETIC.mul, (_x, y) => y, (x) => x, (x, y) => `${x}·${y}`),
};

const div: NumericRule = {
  // z = x / y;  ∂z/∂x = 1/y, ∂z/∂y = −x/y²
  forward(a) {
    if (a.has('rounding_mode')) a.fail('rounding_mode', 'only rounding_mode=None (true division) is differentiable');
    return binary(a, ARITHMETIC.div, (_x, y) => 1 / y, (x, y) => -x / (y * y), (x, y) => `${x} / ${y}`);
  },
};

const pow: NumericRule = {
  // z = xᵉ;  ∂z/∂x = e·xᵉ⁻¹ (0 where e = 0), ∂z/∂e = xᵉ·ln x (0 where x = 0 and e ≥ 0), as PyTorch masks them
  forward: (a) => binary(a, ARITHMETIC.pow,
    (x, e) => (e === 0 ? 0 : e * x ** (e - 1)),
    (x, e, z) => (x === 0 && e >= 0 ? 0 : z * Math.log(x)),
    (x, e) => `${x}^${e}`, 'input', 'exponent'),
};


/** A math function and its derivative, PyTorch's formula (its choice at a point where it has none). */
export interface UnaryMath {
  readonly f: (x: number) => number;
  /** dz/dx from x and z = f(x). */
  readonly d: (x: number, z: number) => number;
  /** How the working writes it: x ↦ "e^x". */
  readonly show: (x: string) => string;
  /** Where the derivative jumps (|x| at 0): an input there is reported as a kink, as ReLU's 0 is. */
  readonly kinkAt?: number;
}

const LN2 = Math.LN2, LN10 = Math.LN10, TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** The math functions of the registry's element-wise family (torch.x, Tensor.x, Tensor.x_), one line each. */
const UNARY: Record<string, UnaryMath> = {
  abs: { f: Math.abs, d: (x) => Math.sign(x), show: (x) => `|${x}|`, kinkAt: 0 }, // sgn(0) = 0
  neg: { f: (x) => -x, d: () => -1, show: (x) => `−${x}` },
  square: { f: (x) => x * x, d: (x) => 2 * x, show: (x) => `${x}²` },
  sqrt: { f: Math.sqrt, d: (_x, z) => 1 / (2 * z), show: (x) => `√${x}` },
  rsqrt: { f: (x) => 1 / Math.sqrt(x), d: (_x, z) => -0.5 * z * z * z, show: (x) => `1/√${x}` },
  reciprocal: { f: (x) => 1 / x, d: (_x, z) => -z * z, show: (x) => `1/${x}` },
  exp: { f: Math.exp, d: (_x, z) => z, show: (x) => `e^${x}` },
  exp2: { f: (x) => 2 ** x, d: (_x, z) => z * LN2, show: (x) => `2^${x}` },
  expm1: { f: Math.expm1, d: (_x, z) => z + 1, show: (x) => `e^${x} − 1` },
  log: { f: Math.log, d: (x) => 1 / x, show: (x) => `ln(${x})` },
  log1p: { f: Math.log1p, d: (x) => 1 / (1 + x), show: (x) => `ln(1 + ${x})` },
  log2: { f: Math.log2, d: (x) => 1 / (x * LN2), show: (x) => `log₂(${x})` },
  log10: { f: Math.log10, d: (x) => 1 / (x * LN10), show: (x) => `log₁₀(${x})` },
  sin: { f: Math.sin, d: Math.cos, show: (x) => `sin(${x})` },
  cos: { f: Math.cos, d: (x) => -Math.sin(x), show: (x) => `cos(${x})` },
  tan: { f: Math.tan, d: (_x, z) => 1 + z * z, show: (x) => `tan(${x})` },
  asin: { f: Math.asin, d: (x) => 1 / Math.sqrt(1 - x * x), show: (x) => `arcsin(${x})` },
  acos: { f: Math.acos, d: (x) => -1 / Math.sqrt(1 - x * x), show: (x) => `arccos(${x})` },
  atan: { f: Math.atan, d: (x) => 1 / (1 + x * x), show: (x) => `arctan(${x})` },
  sinh: { f: Math.sinh, d: Math.cosh, show: (x) => `sinh(${x})` },
  cosh: { f: Math.cosh, d: Math.sinh, show: (x) => `cosh(${x})` },
  tanh: { f: Math.tanh, d: (_x, z) => 1 - z * z, show: (x) => `tanh(${x})` },
  asinh: { f: Math.asinh, d: (x) => 1 / Math.sqrt(x * x + 1), show: (x) => `arsinh(${x})` },
  acosh: { f: Math.acosh, d: (x) => 1 / Math.sqrt(x * x - 1), show: (x) => `arcosh(${x})` },
  atanh: { f: Math.atanh, d: (x) => 1 / (1 - x * x), show: (x) => `artanh(${x})` },
  erf: { f: erf, d: (x) => TWO_OVER_SQRT_PI * Math.exp(-x * x), show: (x) => `erf(${x})` },
  erfc: { f: erfc, d: (x) => -TWO_OVER_SQRT_PI * Math.exp(-x * x), show: (x) => `erfc(${x})` },
};

/** The plain number function of an element-wise op of this family (`log`, `sqrt`, …), for code that computes with
 *  known numbers outside a forward pass (the analysis' small tensors of known values). */
export const unaryMathFunction = (name: string): ((x: number) => number) | undefined => UNARY[name]?.f;

/** z = f(x) element by element, ∂z/∂x from x and z; a kink or a value outside the domain is reported once. */
export function unary(a: Args, ctx: ForwardCtx, name: string, m: UnaryMath): OpResult {
  const x = a.tensor('input');
  const out = Tensor.zeros(x.shape);
  const o = out.data, xd = x.data;
  let hash = 0, nan = false, kinks = 0;
  for (let i = 0; i < o.length; i++) {
    o[i] = m.f(xd[i]);
    if (!nan && Number.isNaN(o[i]) && !Number.isNaN(xd[i])) {
      nan = true;
      ctx.note(`${name} of ${num(xd[i])} is NaN (outside the function's domain), first at element ${i}`);
    }
    if (m.kinkAt !== undefined) {
      const side = xd[i] > m.kinkAt ? 1 : xd[i] < m.kinkAt ? 2 : 3;
      hash = (Math.imul(hash, 31) + side) | 0;
      if (side === 3 && kinks++ < 3) ctx.kink(`${name} input is exactly ${num(m.kinkAt)} at element ${i} (${element(ctx.stepOut + '.input', i, x.shape)}): not differentiable there; PyTorch uses the derivative ${num(m.d(xd[i], o[i]))}`);
    }
  }
  if (m.kinkAt !== undefined) ctx.branch(hash);
  return {
    out,
    backward: (g) => {
      const gx = Tensor.zeros(x.shape);
      for (let i = 0; i < o.length; i++) gx.data[i] = g.data[i] * m.d(xd[i], o[i]);
      return { input: gx };
    },
    explain: (k, names) => `${element(names.out ?? 'z', k, x.shape)} = ${m.show(factor(xd[k]))} = ${num(o[k])}`,
  };
}

const unaryRule = (name: string, m: UnaryMath): NumericRule => ({ kinky: m.kinkAt !== undefined, forward: (a, ctx) => unary(a, ctx, name, m) });

export const ELEMENTWISE_RULES: Record<string, NumericRule> = {
  'torch.add': add, 'torch.sub': sub, 'torch.mul': mul, 'torch.div': div, 'torch.pow': pow,
  ...Object.fromEntries(Object.entries(UNARY).map(([n, m]) => [`torch.${n}`, unaryRule(`torch.${n}`, m)])),
};
