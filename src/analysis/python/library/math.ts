// math.* and the scalar numpy functions model code computes sizes with (math.ceil, math.log2, np.prod, np.round…).
import { unknown } from '../../../engine';
import type { PyValue } from '../values';
import type { Handler } from './index';
import { isSymInt, symbolicProduct } from '../symint';
import { ELEMENTWISE, elementwiseOnArray } from './numpy';

const nums = (xs: PyValue[]): number[] | undefined =>
  (xs.every((x) => typeof x === 'number' || typeof x === 'boolean') ? xs.map(Number) : undefined);

/** A function of numbers: unknown when an argument is not a known number. */
const numeric = (name: string, f: (...n: number[]) => number): Handler => (ev, c) => {
  // np.sin(table) of a numpy array: the array's shape (numpy.ts)
  const fn = name.slice(name.indexOf('.') + 1);
  if (name.startsWith('n') && ELEMENTWISE.includes(fn)) {
    const array = elementwiseOnArray(ev, c, fn);
    if (array !== undefined) return array;
  }
  // floor, ceil, trunc and int conversions of a symbolic int are the int itself
  if (c.args.length === 1 && isSymInt(c.args[0]) && /\.(floor|ceil|trunc|int32|int64|fabs|abs)$/.test(name)) return c.args[0];
  const n = nums(c.args);
  return n && n.length > 0 ? f(...n) : unknown(`${name} of an unknown value`);
};

function gcd(a: number, b: number): number {
  [a, b] = [Math.abs(a), Math.abs(b)];
  while (b) [a, b] = [b, a % b];
  return a;
}

function product(v: PyValue | undefined): PyValue {
  const list = Array.isArray(v) ? v : typeof v === 'number' || isSymInt(v) ? [v] : undefined;
  const symbolic = list && symbolicProduct(list);
  if (symbolic !== undefined) return symbolic;
  const n = list && nums(list);
  return n ? n.reduce((p, x) => p * x, 1) : unknown('a product of unknown values');
}

const ROUND_HALF_EVEN = (x: number, d = 0) => {
  const m = 10 ** d;
  const y = x * m;
  const r = Math.round(y);
  return (Math.abs(y % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r) / m;
};

const MATH: Record<string, (...n: number[]) => number> = {
  sqrt: Math.sqrt, floor: Math.floor, ceil: Math.ceil, trunc: Math.trunc, exp: Math.exp, fabs: Math.abs,
  log: (x, base) => (base === undefined ? Math.log(x) : Math.log(x) / Math.log(base)), log2: Math.log2, log10: Math.log10,
  pow: (a, b) => a ** b, gcd, sin: Math.sin, cos: Math.cos, tan: Math.tan, atan: Math.atan, tanh: Math.tanh,
  isqrt: (x) => Math.floor(Math.sqrt(x)), factorial: (x) => { let p = 1; for (let i = 2; i <= x; i++) p *= i; return p; },
  radians: (x) => (x * Math.PI) / 180, degrees: (x) => (x * 180) / Math.PI, hypot: Math.hypot,
};

export const mathHandlers: Record<string, Handler> = Object.fromEntries([
  ...Object.entries(MATH).map(([n, f]) => [`math.${n}`, numeric(`math.${n}`, f)] as const),
  ['math.prod', ((_ev, c) => product(c.args[0])) as Handler],
  ['math.comb', numeric('math.comb', (n, k) => { let r = 1; for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i; return Math.round(r); })],
  ...['numpy', 'np'].flatMap((np) => [
    [`${np}.prod`, ((_ev, c) => product(c.args[0])) as Handler],
    [`${np}.sqrt`, numeric(`${np}.sqrt`, Math.sqrt)],
    [`${np}.floor`, numeric(`${np}.floor`, Math.floor)],
    [`${np}.ceil`, numeric(`${np}.ceil`, Math.ceil)],
    [`${np}.log2`, numeric(`${np}.log2`, Math.log2)],
    [`${np}.log`, numeric(`${np}.log`, Math.log)],
    [`${np}.exp`, numeric(`${np}.exp`, Math.exp)],
    [`${np}.abs`, numeric(`${np}.abs`, Math.abs)],
    [`${np}.round`, numeric(`${np}.round`, ROUND_HALF_EVEN)],
    [`${np}.sin`, numeric(`${np}.sin`, Math.sin)],
    [`${np}.cos`, numeric(`${np}.cos`, Math.cos)],
    [`${np}.tan`, numeric(`${np}.tan`, Math.tan)],
    [`${np}.tanh`, numeric(`${np}.tanh`, Math.tanh)],
    [`${np}.power`, numeric(`${np}.power`, (a, b) => a ** b)],
    [`${np}.maximum`, numeric(`${np}.maximum`, Math.max)],
    [`${np}.minimum`, numeric(`${np}.minimum`, Math.min)],
    [`${np}.int32`, numeric(`${np}.int32`, Math.trunc)],
    [`${np}.int64`, numeric(`${np}.int64`, Math.trunc)],
    [`${np}.float32`, numeric(`${np}.float32`, (x) => x)],
  ] as const),
] as [string, Handler][]);
