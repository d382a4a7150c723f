// Distances and similarities: CosineSimilarity, PairwiseDistance, F.cosine_similarity, F.pairwise_distance,
// F.pdist, F.normalize (the triplet losses in classLosses.ts reuse the pairwise distance).
//
//   pairwise_distance(x1, x2, p=2, eps=1e-6, keepdim=False)
//     shape   x1 and x2 broadcast; the p-norm of (x1 − x2 + eps) over the last dim of the broadcast shape
//             (the last dim is kept as 1 with keepdim). A 0-d or 1-D pair gives ().
//     cost    per element of the broadcast: 2 adds (difference, + eps) and the power: p = 1 |d| (1 cmp),
//             p = 2 d² (1 mult), other p |d| and |d|ᵖ (1 cmp, 1 elementwise); per result: D − 1 adds and the
//             root (1 elementwise, none for p = 1)
//   cosine_similarity(x1, x2, dim=1, eps=1e-8)
//     shape   x1 and x2 broadcast; dim (of the broadcast shape) is reduced away
//     cost    per element 3 mults (x1·x2, x1², x2²); per result 3·(D − 1) adds, 2 square roots, 1 mult,
//             1 comparison (the eps clamp), 1 division
//   pdist(input, p=2)   input (N, M) → (N·(N − 1)/2,): the distance of every pair of rows
//     cost    per pair as pairwise_distance without eps: M adds, the power, M − 1 adds, the root
//   normalize(input, p=2, dim=1, eps=1e-12)   output = input; x / max(‖x‖_p, eps) along dim
//     cost    per element the power (as above) and 1 division; per norm D − 1 adds, the root, 1 comparison
//   params  none; MACs 0 (no weight layer)
import { withSeparators } from '../count';
import { ops, type Cost, type OpCounts } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { formatDim, formatShape, isKnown, numel, type Shape } from '../shape';
import { bool, int, num, type ArgSpec, type Args } from '../values';
import { lazyLine, line } from '../working';
import { broadcastShapes, normalizeDim } from './tensorOps';

const noParams = () => ({ tensors: [], working: [] });
const costUnknown = (owner: string): never => {
  throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
};

type Counts = Record<keyof OpCounts, bigint>;
const zero = (): Counts => ({ add: 0n, mul: 0n, div: 0n, cmp: 0n, other: 0n });

/** The power |d|ᵖ of one element: p = 1 → |d|, p = 2 → d², else |d| then the power. */
/** A norm's order p: a number, or ±inf (float('inf'), math.inf: the largest or smallest magnitude), as PyTorch takes it. */
function normOrder(a: Args): number {
  const v = a.p;
  return v === Infinity || v === -Infinity ? v : num(a, 'p');
}

function powerOps(p: number, n: bigint, c: Counts): void {
  if (p === 2) c.mul += n;
  else if (p === 1) c.cmp += n;
  else { c.cmp += n; c.other += n; }
}

// ══ pairwise_distance ════════════════════════════════════════════════════════════════════════════════════════
/** The distances' shape: the broadcast shape without its last dim (kept as 1 with keepdim). */
export function pairwiseShape(owner: string, x1: Shape, x2: Shape, keepdim: boolean): { output: Shape; diff: Shape } {
  const diff = broadcastShapes(owner, x1, x2);
  if (diff.length === 0) return { output: [], diff };
  return { output: keepdim ? [...diff.slice(0, -1), 1] : diff.slice(0, -1), diff };
}

/** Exact operations of pairwise_distance: see the header. `eps` adds one add per element. */
export function pairwiseCounts(owner: string, diff: Shape, p: number, eps = true): Counts {
  const n = numel(diff) ?? costUnknown(owner);
  const d = BigInt(diff.length === 0 ? 1 : (diff[diff.length - 1] as number));
  const rows = d === 0n ? 0n : n / d;
  const c = zero();
  c.add += n * (eps ? 2n : 1n) + rows * (d > 0n ? d - 1n : 0n);
  powerOps(p, n, c);
  if (p !== 1) c.other += rows;
  return c;
}

const asCost = (c: Counts, text: string): Cost => ({ macs: 0n, exact: ops(c), working: [`MACs = 0; ${text}`] });

const pairwiseFnSignature: ArgSpec[] = [{ name: 'p', default: 2.0 }, { name: 'eps', default: 1e-6 }, { name: 'keepdim', default: false }];

function pairwiseDef(type: string, kind: 'module' | 'function'): LayerDef {
  return {
    type, kind, summary: '‖x1 − x2 + eps‖_p over the last dimension', inputs: 2, signature: pairwiseFnSignature,
    ...(kind === 'function' ? { tensorNames: ['x1', 'x2'] } : {}),
    params: noParams,
    forward: (a, [x1, x2]): Forward => {
      if (!x2) fail('bad-arguments', `${type}: needs x1 and x2`);
      const { output, diff } = pairwiseShape(type, x1, x2, bool(a, 'keepdim'));
      return { output, working: [line('shape', `broadcast ${formatShape(x1)} and ${formatShape(x2)} = ${formatShape(diff)}; ` +
        `the norm over the last dim${bool(a, 'keepdim') ? ' (kept as 1)' : ''}: ${formatShape(output)}`)] };
    },
    cost: (a, [x1, x2]) => {
      const { diff } = pairwiseShape(type, x1, x2, false);
      const p = normOrder(a);
      return asCost(pairwiseCounts(type, diff, p), `p = ${p}: per element 2 adds and the power, per distance D − 1 adds${p === 1 ? '' : ' and the root'}`);
    },
  };
}

// ══ cosine_similarity ════════════════════════════════════════════════════════════════════════════════════════
const cosineSignature: ArgSpec[] = [{ name: 'dim', default: 1 }, { name: 'eps', default: 1e-8 }];

function cosineShape(owner: string, a: Args, x1: Shape, x2: Shape): { output: Shape; both: Shape; dim: number } {
  const both = broadcastShapes(owner, x1, x2);
  const dim = normalizeDim(owner, int(a, 'dim'), both.length);
  return { output: both.filter((_d, i) => i !== dim), both, dim };
}

function cosineDef(type: string, kind: 'module' | 'function'): LayerDef {
  return {
    type, kind, summary: 'cosine of the angle between x1 and x2 along dim', inputs: 2, signature: cosineSignature,
    ...(kind === 'function' ? { tensorNames: ['x1', 'x2'] } : {}),
    params: noParams,
    forward: (a, [x1, x2]): Forward => {
      if (!x2) fail('bad-arguments', `${type}: needs x1 and x2`);
      const { output, both, dim } = cosineShape(type, a, x1, x2);
      return { output, working: [line('shape', `broadcast ${formatShape(x1)} and ${formatShape(x2)} = ${formatShape(both)}; ` +
        `dim ${dim}${both.length ? ` (size ${formatDim(both[dim])})` : ''} reduced: ${formatShape(output)}`)] };
    },
    cost: (a, [x1, x2]) => {
      const { output, both } = cosineShape(type, a, x1, x2);
      const n = numel(both) ?? costUnknown(type);
      const m = numel(output) ?? costUnknown(type);
      const c = zero();
      c.mul += 3n * n + m;
      c.add += 3n * (n - m);
      c.other += 2n * m;
      c.cmp += m;
      c.div += m;
      return asCost(c, `per element 3 mults; per result ${withSeparators(3n * (n - m))} adds in all, 2 roots, 1 mult, 1 clamp, 1 division`);
    },
  };
}

// ══ pdist ════════════════════════════════════════════════════════════════════════════════════════════════════
const pdist: LayerDef = {
  type: 'F.pdist', kind: 'function', summary: 'p-norm distance between every pair of rows', signature: [{ name: 'p', default: 2 }],
  params: noParams,
  forward: (a, [x]): Forward => {
    if (x.length !== 2) fail('wrong-rank', `F.pdist only supports 2D tensors, got: ${x.length}D (${formatShape(x)})`);
    if (normOrder(a) < 0) fail('bad-arguments', `F.pdist only supports non-negative p values, got ${normOrder(a)}`);
    const rows = x[0];
    if (!isKnown(rows)) throw new UnknownValueError(`F.pdist: the number of pairs N·(N − 1)/2 needs N, which is symbolic (${formatDim(rows)})`);
    const pairs = (rows * (rows - 1)) / 2;
    return { output: [pairs], working: [line('shape', `N·(N − 1)/2 pairs of the ${rows} rows = ${rows}·${rows - 1}/2 = ${pairs}`)] };
  },
  cost: (a, [x], out) => {
    const pairs = numel(out as Shape) ?? costUnknown('F.pdist');
    const m = x[1];
    if (!isKnown(m)) return costUnknown('F.pdist');
    return asCost(pairwiseCounts('F.pdist', [Number(pairs), m], normOrder(a), false), `${withSeparators(pairs)} pairs of ${m} features`);
  },
};

// ══ normalize ════════════════════════════════════════════════════════════════════════════════════════════════
const normalize: LayerDef = {
  type: 'F.normalize', kind: 'function', summary: 'x / max(‖x‖_p, eps) along dim',
  signature: [{ name: 'p', default: 2.0 }, { name: 'dim', default: 1 }, { name: 'eps', default: 1e-12 }, { name: 'out', default: null }],
  params: noParams,
  forward: (a, [x]): Forward => {
    const dim = normalizeDim('F.normalize', int(a, 'dim'), x.length);
    const p = normOrder(a); // read here, not in the line: an argument that is not a number fails the rule, never a hover reading it
    return { output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)} (each vector along dim ${dim} scaled to unit ${p}-norm)`)] };
  },
  cost: (a, [x]) => {
    const n = numel(x) ?? costUnknown('F.normalize');
    const dim = normalizeDim('F.normalize', int(a, 'dim'), x.length);
    const d = BigInt(x.length === 0 ? 1 : (x[dim] as number));
    const norms = d === 0n ? 0n : n / d;
    const c = zero();
    powerOps(normOrder(a), n, c);
    c.add += n - norms;
    c.other += norms;
    c.cmp += norms;
    c.div += n;
    return asCost(c, `the ${withSeparators(norms)} norms (power, D − 1 adds, root, eps clamp), then ${withSeparators(n)} divisions`);
  },
};

export const distanceLayers: LayerDef[] = [
  pairwiseDef('PairwiseDistance', 'module'), pairwiseDef('F.pairwise_distance', 'function'),
  cosineDef('CosineSimilarity', 'module'), cosineDef('F.cosine_similarity', 'function'), pdist, normalize,
];
