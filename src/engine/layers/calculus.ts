// Numerical calculus along a dimension: integrals by the trapezoid rule, finite differences and gradients.
//
//   trapezoid, trapz          y with dim removed; x (the sample points) is 1-D of y.size(dim), or of y's rank
//                             (then x and y broadcast, dim removed); or a spacing dx
//   cumulative_trapezoid      y with dim of size − 1 (at least 0): the running integral
//   diff(n, dim, prepend,     dim of size + len(prepend) + len(append) − n (at least 0); prepend and append match
//     append)                 the input beside dim. n = 0 gives the input back (PyTorch 1.13 also returns the joined
//                             tensor, undifferenced, for n < 0)
//   gradient                  one tensor of the input's shape per dim (all by default); each of those dims needs at
//                             least edge_order + 1 entries; edge_order is 1 or 2
//   cost                      0 MACs; exact: trapezoid per output of k samples: k − 1 pair sums, k − 1 products with
//                             the spacing, k − 2 adds, 1 halving (+ k − 1 subtractions for Δx from x); diff: one
//                             subtraction per entry of each difference; gradient: 1 subtraction and 1 division per
//                             entry per dim
import { withSeparators } from '../count';
import { ops, type Cost, type OpCounts } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { LayerDef } from '../layer';
import { formatShape, isKnown, numel, type Dim, type Shape } from '../shape';
import { int, isUnknown, type ArgSpec } from '../values';
import { line } from '../working';
import { broadcastShapes, normalizeDim } from './tensorOps';

const noParams = () => ({ tensors: [], working: [] });
const dimArg: ArgSpec = { name: 'dim', default: -1, keywordOnly: true };

const known = (owner: string, d: Dim): number => {
  if (!isKnown(d)) throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
  return d;
};
const count = (owner: string, s: Shape): bigint => {
  const n = numel(s);
  if (n === undefined) throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
  return n;
};

/** The trapezoid rule's operations for m outputs of k samples each (with x: the spacings are subtractions too). */
function trapezoidCost(owner: string, outputs: bigint, k: number, withX: boolean): Cost {
  const intervals = BigInt(Math.max(k - 1, 0));
  const counts: Partial<OpCounts> = {
    add: outputs * (intervals + (intervals > 0n ? intervals - 1n : 0n) + (withX ? intervals : 0n)),
    mul: outputs * intervals,
    div: outputs,
  };
  return { macs: 0n, exact: ops(counts), working: [`${owner}: per output of ${k} samples: ${k - 1} pair sums, ${k - 1} products` +
    `${withX ? `, ${k - 1} spacings` : ''}, ${Math.max(k - 2, 0)} adds, 1 halving; ${withX ? '' : 'spacing dx; '}outputs = ${withSeparators(outputs)}`] };
}

/** trapezoid(y, x, *, dim) / trapezoid(y, *, dx, dim): the overload with x tensor, tried when the call passes one. */
function integral(name: 'trapezoid' | 'trapz' | 'cumulative_trapezoid', withX: boolean): LayerDef {
  const type = withX ? `torch.${name}.x` : `torch.${name}`;
  const owner = `torch.${name}`;
  const cumulative = name === 'cumulative_trapezoid';
  const def: LayerDef = {
    type, kind: 'function', summary: cumulative ? 'the running integral of y by the trapezoid rule' : 'the integral of y along dim by the trapezoid rule',
    overloadOf: withX ? owner : undefined,
    inputs: withX ? 2 : 1, tensorNames: withX ? ['y', 'x'] : ['y'],
    signature: withX ? [dimArg] : [{ name: 'dx', default: null, keywordOnly: true }, dimArg], params: noParams,
    forward: (a, [y, x]) => {
      if (y.length === 0) fail('dim-out-of-range', `${owner}: Dimension specified as ${int(a, 'dim')} but tensor has no dimensions`);
      const d = normalizeDim(owner, int(a, 'dim'), y.length);
      let sampled: Shape = y;
      if (x && x.length === 1) {
        if (isKnown(x[0]) && isKnown(y[d]) && x[0] !== y[d]) fail('bad-arguments', `${owner}: There must be one \`x\` value for each sample point (x ${formatShape(x)}, y.size(${d}) = ${y[d]})`);
      } else if (x && x.length === y.length) {
        const less = (s: Shape) => s.map((v, i) => (i === d && isKnown(v) ? Math.max(v - 1, 0) : v));
        sampled = broadcastShapes(owner, less(x), less(y)).map((v, i) => (i === d ? y[d] : v));
      } else if (x) {
        throw new UnknownValueError(`${owner}: sample points x of rank ${x.length} against y of rank ${y.length} are not followed`);
      }
      const samples = sampled[d];
      if (cumulative && !isKnown(samples)) throw new UnknownValueError(`${owner}: the size of dim ${d} is symbolic`);
      const output = cumulative ? sampled.map((v, i) => (i === d ? Math.max((samples as number) - 1, 0) : v)) : sampled.filter((_v, i) => i !== d);
      return { output, working: [line('shape', cumulative ? `dim ${d}: ${sampled[d]} − 1 samples → ${formatShape(output)}` : `${formatShape(sampled)} integrated over dim ${d} → ${formatShape(output)}`)] };
    },
    cost: (a, [y, x], o) => {
      const d = normalizeDim(owner, int(a, 'dim'), y.length);
      return trapezoidCost(owner, count(owner, o as Shape) / (cumulative ? BigInt(Math.max(known(owner, y[d]) - 1, 1)) : 1n), known(owner, y[d]), !!x);
    },
  };
  return withX ? def : { ...def, overloads: [integral(name, true)] };
}

const diff: LayerDef = {
  type: 'torch.diff', names: ['Tensor.diff'], kind: 'function', summary: 'the n-th forward difference along dim',
  signature: [{ name: 'input', tensor: 'one' }, { name: 'n', default: 1 }, { name: 'dim', default: -1 },
    { name: 'prepend', tensor: 'optional', default: null }, { name: 'append', tensor: 'optional', default: null }], params: noParams,
  forward: (a, xs) => {
    const owner = 'torch.diff';
    const [x] = xs;
    if (x.length === 0) fail('wrong-rank', `${owner}: diff expects input to be at least one-dimensional`);
    const d = normalizeDim(owner, int(a, 'dim'), x.length);
    let size: Dim = x[d];
    for (const extra of xs.slice(1)) {
      if (extra.length !== x.length) fail('wrong-rank', `${owner}: diff expects prepend or append to be the same dimension as input (${formatShape(extra)} against ${formatShape(x)})`);
      extra.forEach((v, i) => {
        if (i !== d && isKnown(v) && isKnown(x[i]) && v !== x[i]) {
          fail('shape-mismatch', `${owner}: diff expects the shape of tensor to prepend or append to match that of input except along the differencing dimension; input.size(${i}) = ${x[i]}, but got tensor.size(${i}) = ${v}`);
        }
      });
      if (!isKnown(size) || !isKnown(extra[d])) throw new UnknownValueError(`${owner}: the joined size along dim ${d} is symbolic`);
      size += extra[d];
    }
    const n = int(a, 'n');
    if (n === 0) return { output: [...x], working: [line('shape', `n = 0: the input ${formatShape(x)}`)] };
    if (!isKnown(size)) throw new UnknownValueError(`${owner}: the size of dim ${d} is symbolic`);
    const length = n < 0 ? size : Math.max(size - n, 0);
    const output = x.map((v, i) => (i === d ? length : v));
    return { output, working: [line('shape', `dim ${d}: ${size}${n > 0 ? ` − ${n}` : ''} = ${length} → ${formatShape(output)}`)] };
  },
  cost: (a, _xs, o) => {
    const n = int(a, 'n');
    const out = o as Shape;
    const d = normalizeDim('torch.diff', int(a, 'dim'), out.length);
    const rest = count('torch.diff', out.filter((_v, i) => i !== d));
    const last = known('torch.diff', out[d]);
    let subtractions = 0n;
    for (let j = 0; j < n; j++) subtractions += rest * BigInt(last + j);
    return { macs: 0n, exact: ops({ add: subtractions }), working: [`subtractions = Σ over the ${Math.max(n, 0)} differences of their sizes = ${withSeparators(subtractions)}`] };
  },
};

const gradient: LayerDef = {
  type: 'torch.gradient', kind: 'function', summary: 'the gradient by central differences, one tensor per dim',
  signature: [{ name: 'spacing', default: 1, keywordOnly: true }, { name: 'dim', default: null, keywordOnly: true }, { name: 'edge_order', default: 1, keywordOnly: true }],
  params: noParams,
  forward: (a, [x]) => {
    const owner = 'torch.gradient';
    const order = int(a, 'edge_order');
    if (order !== 1 && order !== 2) fail('bad-arguments', `${owner}: torch.gradient only supports edge_order=1 and edge_order=2.`);
    if (isUnknown(a.dim)) throw new UnknownValueError(`dim: ${a.dim.why}`);
    const dims = a.dim === null ? [...x.keys()] : (Array.isArray(a.dim) ? a.dim : [a.dim]).map((v) => normalizeDim(owner, int({ v }, 'v'), x.length));
    if (Array.isArray(a.spacing) && a.spacing.length !== dims.length) {
      fail('bad-arguments', `${owner}: torch.gradient expected spacing to be unspecified, a scalar or a list of length ${dims.length} but got a list of length ${a.spacing.length}`);
    }
    for (const d of dims) {
      if (isKnown(x[d]) && x[d] < order + 1) fail('bad-arguments', `${owner}: torch.gradient expected each dimension size to be at least edge_order+1 (dim ${d} has ${x[d]})`);
    }
    const output = { tuple: dims.map(() => [...x]) };
    return { output, working: [line('shape', `one ${formatShape(x)} per dim (${dims.length})`)] };
  },
  cost: (_a, [x], o) => {
    const per = count('torch.gradient', x);
    const dims = BigInt((o as { tuple: Shape[] }).tuple.length);
    return { macs: 0n, exact: ops({ add: per * dims, div: per * dims }), working: [`per dim: ${withSeparators(per)} subtractions and divisions; dims = ${dims}`] };
  },
};

export const calculusLayers: LayerDef[] = [integral('trapezoid', false), integral('trapz', false), integral('cumulative_trapezoid', false), diff, gradient];
