// Distances and norms: torch.cdist, torch.linalg.vector_norm / matrix_norm / norm.
//
//   cdist(x1, x2)   (…B, P, M) and (…B′, R, M) → (broadcast(B, B′), P, R); both at least 2-D, the same M; p ≥ 0
//   vector_norm     the dims reduced (all of them for dim=None), kept as 1 with keepdim; ord is a number
//   matrix_norm     two distinct dims reduced (default the last two, input at least 2-D); ord 'fro', 'nuc', ±1, ±2, ±inf
//   linalg.norm     dim of length 1, or no dim and no ord: a vector norm; dim of length 2, or no dim with ord on a 2-D
//                   input: a matrix norm (ord None is the 2-norm / Frobenius); with ord but no dim the input must be
//                   1-D or 2-D
//   cost   cdist: one multiply-accumulate per pair and coordinate (matmul's convention: the p = 2 distance is
//          ‖x‖² + ‖y‖² − 2·x·y): MACs = B·P·R·M; exact: per pair M differences and M − 1 adds (adds = B·P·R·(2M − 1)),
//          M powers (mults = B·P·R·M), one root (elementwise B·P·R). Norms reduce (0 MACs, as sum does); exact for
//          n inputs into m outputs: ord 2 / 'fro': n squares, n − m adds, m roots; ord 1: n abs, n − m adds; ord ±inf:
//          n abs, n − m comparisons; ord 0: n comparisons, n − m adds; other p: n powers, n − m adds, m roots.
//          Matrix ord ±1 (±inf): n abs, the column (row) sums, then a max/min over them. ord ±2 and 'nuc' take
//          singular values (an SVD): not counted, by convention, since its work depends on the algorithm.
//   params none
import { withSeparators } from '../count';
import { FREE, ops, type Cost, type OpCounts } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { formatDim, formatShape, isKnown, numel, sameDim, type Shape } from '../shape';
import { bool, int, isUnknown, num, show, str, type ArgSpec, type Args, type Value } from '../values';
import { line } from '../working';
import { reducedDims } from './reductions';
import { broadcastShapes, normalizeDim } from './tensorOps';

const noParams = () => ({ tensors: [], working: [] });
const outArg: ArgSpec = { name: 'out', default: null, keywordOnly: true };
const dtypeArg: ArgSpec = { name: 'dtype', default: null, keywordOnly: true };

function counts(owner: string, x: Shape, out: Shape): [bigint, bigint] {
  const [n, m] = [numel(x), numel(out)];
  if (n === undefined || m === undefined) throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
  return [n, m];
}

// ── cdist ───────────────────────────────────────────────────────────────────────────────────────────────────
const COMPUTE_MODES = ['use_mm_for_euclid_dist_if_necessary', 'use_mm_for_euclid_dist', 'donot_use_mm_for_euclid_dist'];

function cdistForward(a: Args, [x1, x2]: readonly Shape[]): Forward {
  const owner = 'cdist';
  if (num(a, 'p') < 0) fail('bad-arguments', `${owner} only supports non-negative p values, got p = ${num(a, 'p')}`);
  const mode = str(a, 'compute_mode');
  if (!COMPUTE_MODES.includes(mode)) fail('bad-arguments', `${owner}: ${mode} is not a valid value for compute_mode (${COMPUTE_MODES.join(', ')})`);
  for (const [name, s] of [['X1', x1], ['X2', x2]] as const) {
    if (s.length < 2) fail('wrong-rank', `${owner} only supports at least 2D tensors, ${name} got: ${s.length}D (${formatShape(s)})`);
  }
  const [m1, m2] = [x1[x1.length - 1], x2[x2.length - 1]];
  if (!sameDim(m1, m2)) {
    if (isKnown(m1) && isKnown(m2)) fail('cdist-columns', `${owner}: X1 and X2 must have the same number of columns. X1: ${m1} X2: ${m2}`);
    throw new UnknownValueError(`${owner}: cannot tell statically whether ${formatDim(m1)} and ${formatDim(m2)} agree`);
  }
  const batch = broadcastShapes(owner, x1.slice(0, -2), x2.slice(0, -2));
  const output = [...batch, x1[x1.length - 2], x2[x2.length - 2]];
  return { output, working: [line('shape', `batch ${formatShape(batch)}, ${formatDim(x1[x1.length - 2])} × ${formatDim(x2[x2.length - 2])} ` +
    `distances over ${formatDim(m1)} coordinates → ${formatShape(output)}`)] };
}

function cdistCost([x1]: readonly Shape[], out: Shape): Cost {
  const [pairs] = counts('torch.cdist', out, out);
  const m = numel([x1[x1.length - 1]]);
  if (m === undefined) throw new UnknownValueError('torch.cdist: cost unknown, the size is symbolic');
  const macs = pairs * m;
  const adds = m > 0n ? pairs * (2n * m - 1n) : 0n;
  return { macs, exact: ops({ mul: macs, add: adds, other: pairs }), working: [
    `MACs = pairs · M = ${withSeparators(pairs)} · ${m} = ${withSeparators(macs)}`,
    `per pair: ${m} differences + ${m > 0n ? m - 1n : 0n} adds, ${m} powers, 1 root: adds ${withSeparators(adds)}, mults ${withSeparators(macs)}, roots ${withSeparators(pairs)}`,
  ] };
}

const cdist: LayerDef = {
  type: 'torch.cdist', kind: 'function', summary: 'p-norm distances between every pair of rows', inputs: 2, tensorNames: ['x1', 'x2'],
  signature: [{ name: 'p', default: 2.0 }, { name: 'compute_mode', default: 'use_mm_for_euclid_dist_if_necessary' }], params: noParams,
  forward: cdistForward, cost: (_a, xs, out) => cdistCost(xs, out as Shape),
};

// ── Norms ───────────────────────────────────────────────────────────────────────────────────────────────────
/** An order: a number (±Infinity for float('inf')), or 'fro' / 'nuc'. */
function order(a: Args, name = 'ord'): number | string | null {
  const v = a[name];
  if (isUnknown(v)) throw new UnknownValueError(`${name}: ${v.why}`);
  if (v === null || typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return fail('bad-arguments', `${name} must be a number or a string, got ${show(v)}`);
}

const MATRIX_ORDERS: (number | string)[] = ['fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity];
const showOrd = (o: number | string): string => (o === Infinity ? 'inf' : o === -Infinity ? '-inf' : String(o));

function reduce(x: Shape, axes: number[], keep: boolean): Shape {
  return keep ? x.map((d, i) => (axes.includes(i) ? 1 : d)) : x.filter((_d, i) => !axes.includes(i));
}

function vectorNormForward(owner: string, x: Shape, dim: Value, keep: boolean): Forward {
  const axes = reducedDims(owner, dim, x.length);
  const output = reduce(x, axes, keep);
  return { output, working: [line('shape', `vector norm of ${formatShape(x)} over ${axes.length === x.length ? 'all dims' : `dims ${axes.join(', ')}`}` +
    `${keep ? ' (keepdim)' : ''} → ${formatShape(output)}`)] };
}

function matrixDims(owner: string, x: Shape, dim: Value): [number, number] {
  if (x.length < 2) fail('wrong-rank', `${owner}: the input tensor A must have at least 2 dimensions, got ${formatShape(x)}`);
  if (isUnknown(dim)) throw new UnknownValueError(`dim: ${dim.why}`);
  const dims = Array.isArray(dim) ? dim : [dim];
  if (dims.length !== 2) fail('bad-arguments', `${owner}: dim must be a 2-tuple, got ${show(dim)}`);
  const [d0, d1] = dims.map((d) => normalizeDim(owner, int({ d }, 'd'), x.length));
  if (d0 === d1) fail('bad-arguments', `${owner}: dims must be different, got (${d0}, ${d1})`);
  return [d0, d1];
}

function matrixNormForward(owner: string, x: Shape, ord: number | string, dim: Value, keep: boolean): Forward {
  const [d0, d1] = matrixDims(owner, x, dim);
  if (!MATRIX_ORDERS.includes(ord)) fail('bad-arguments', `${owner}: order ${showOrd(ord)} not supported (${MATRIX_ORDERS.map(showOrd).join(', ')})`);
  const output = reduce(x, [d0, d1], keep);
  return { output, working: [line('shape', `matrix norm (ord ${showOrd(ord)}) of ${formatShape(x)} over dims ${d0}, ${d1}${keep ? ' (keepdim)' : ''} → ${formatShape(output)}`)] };
}

function vectorNormCost(owner: string, ord: number, x: Shape, out: Shape): Cost {
  const [n, m] = counts(owner, x, out);
  const c: Partial<OpCounts> = ord === 2 ? { mul: n, add: n - m, other: m } : ord === 1 ? { other: n, add: n - m }
    : Math.abs(ord) === Infinity ? { other: n, cmp: n - m } : ord === 0 ? { cmp: n, add: n - m } : { other: n + m, add: n - m };
  const how = ord === 2 ? 'n squares, n − m adds, m roots' : ord === 1 ? 'n abs, n − m adds' : Math.abs(ord) === Infinity ? 'n abs, n − m comparisons'
    : ord === 0 ? 'n comparisons, n − m adds' : 'n powers, n − m adds, m roots';
  return { macs: 0n, exact: ops(c), working: [`ord ${showOrd(ord)}: ${how} (n = ${withSeparators(n)}, m = ${withSeparators(m)})`] };
}

function matrixNormCost(owner: string, ord: number | string, x: Shape, dims: [number, number], out: Shape): Cost {
  if (ord === 'fro') return vectorNormCost(owner, 2, x, out);
  if (ord === 'nuc' || Math.abs(ord as number) === 2) {
    return { ...FREE, working: [`ord ${showOrd(ord)}: singular values (an SVD): not counted, by convention`] };
  }
  const [n, matrices] = counts(owner, x, out);
  const [r, c] = dims.map((d) => numel([x[d]]) as bigint);
  // ord ±1: the largest/smallest column sum (sum over dim0, compare over dim1); ±inf: the rows'
  const [along, across] = Math.abs(ord as number) === 1 ? [r, c] : [c, r];
  const adds = matrices * across * (along > 0n ? along - 1n : 0n);
  const cmps = matrices * (across > 0n ? across - 1n : 0n);
  return { macs: 0n, exact: ops({ other: n, add: adds, cmp: cmps }), working: [
    `ord ${showOrd(ord)}: ${withSeparators(n)} abs, ${withSeparators(adds)} adds (the ${Math.abs(ord as number) === 1 ? 'column' : 'row'} sums), ${withSeparators(cmps)} comparisons`] };
}

/** What linalg.norm does with its arguments: a vector or a matrix norm (see the header). */
type NormPlan = { kind: 'vector'; ord: number; dim: Value } | { kind: 'matrix'; ord: number | string; dim: Value };

function normPlan(owner: string, a: Args, x: Shape): NormPlan {
  const ord = order(a);
  const dim = a.dim;
  if (isUnknown(dim)) throw new UnknownValueError(`dim: ${dim.why}`);
  const dims = dim === null ? null : Array.isArray(dim) ? dim : [dim];
  if (dims !== null && dims.length !== 1 && dims.length !== 2) fail('bad-arguments', `${owner}: if dim is specified, it must be of length 1 or 2, got ${show(dim)}`);
  if (dims === null && ord !== null && x.length !== 1 && x.length !== 2) {
    fail('wrong-rank', `${owner}: if dim is not specified but ord is, the input must be 1D or 2D, got ${x.length}D (${formatShape(x)})`);
  }
  // a string ord is always a matrix norm; a number ord is one on two dims (given, or a 2-D input's)
  if (typeof ord === 'string' || (ord !== null && (dims?.length === 2 || (dims === null && x.length === 2)))) {
    return { kind: 'matrix', ord: ord as number | string, dim: dims ?? [0, 1] };
  }
  return { kind: 'vector', ord: ord ?? 2, dim };
}

const vectorNorm: LayerDef = {
  type: 'torch.linalg.vector_norm', kind: 'function', summary: 'vector p-norm over dimensions', tensorNames: ['x'],
  signature: [{ name: 'ord', default: 2 }, { name: 'dim', default: null }, { name: 'keepdim', default: false }, dtypeArg, outArg], params: noParams,
  forward: (a, [x]) => {
    if (typeof order(a) !== 'number') fail('bad-arguments', `linalg.vector_norm: ord must be a number, got ${show(a.ord)}`);
    return vectorNormForward('linalg.vector_norm', x, a.dim, bool(a, 'keepdim'));
  },
  cost: (a, [x], out) => vectorNormCost('torch.linalg.vector_norm', order(a) as number, x, out as Shape),
};

const matrixNorm: LayerDef = {
  type: 'torch.linalg.matrix_norm', kind: 'function', summary: 'matrix norm over two dimensions',
  signature: [{ name: 'ord', default: 'fro' }, { name: 'dim', default: [-2, -1] }, { name: 'keepdim', default: false }, dtypeArg, outArg], params: noParams,
  forward: (a, [x]) => matrixNormForward('linalg.matrix_norm', x, order(a) ?? 'fro', a.dim, bool(a, 'keepdim')),
  cost: (a, [x], out) => matrixNormCost('torch.linalg.matrix_norm', order(a) ?? 'fro', x, matrixDims('linalg.matrix_norm', x, a.dim), out as Shape),
};

const norm: LayerDef = {
  type: 'torch.linalg.norm', kind: 'function', summary: 'vector or matrix norm (by ord and dim)',
  signature: [{ name: 'ord', default: null }, { name: 'dim', default: null }, { name: 'keepdim', default: false }, outArg, dtypeArg], params: noParams,
  forward: (a, [x]) => {
    const p = normPlan('linalg.norm', a, x);
    return p.kind === 'vector' ? vectorNormForward('linalg.norm', x, p.dim, bool(a, 'keepdim'))
      : matrixNormForward('linalg.matrix_norm', x, p.ord, p.dim, bool(a, 'keepdim'));
  },
  cost: (a, [x], out) => {
    const p = normPlan('linalg.norm', a, x);
    return p.kind === 'vector' ? vectorNormCost('torch.linalg.norm', p.ord, x, out as Shape)
      : matrixNormCost('torch.linalg.norm', p.ord, x, matrixDims('linalg.norm', x, p.dim), out as Shape);
  },
};

export const linalgNormLayers: LayerDef[] = [cdist, vectorNorm, matrixNorm, norm];
