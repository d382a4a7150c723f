// Pooling variants: LPPool1d/2d/3d (3-D is 2.x), MaxUnpool1d/2d/3d, FractionalMaxPool2d/3d, their F.* forms, and
// F.max_poolNd_with_indices / F.adaptive_max_poolNd_with_indices (the pool.ts / adaptivePool.ts rules, always
// returning (output, indices)).
//
//   LPPool   (Σ_window xᵖ)^(1/p): average pooling of xᵖ without padding, times the window, then the root
//     shape   pool.ts's rule with padding 0 (stride defaults to the kernel; ceil_mode as there)
//     cost    0 MACs; exact: xᵖ per input element (1 elementwise), the average pool (out·(∏k − 1) adds, out
//             divisions), then per output sign·relu(|·|) (2 cmp, 1 mult), × ∏k (1 mult) and the root (1 elementwise)
//   MaxUnpool (the inverse of a MaxPool: each value goes back to the position its index names)
//     shape   input and indices of one shape, (N, C, *) or (C, *); out = (in − 1)·stride − 2·padding + kernel per
//             axis, or output_size (F.max_unpool only: the spatial sizes, optionally with N and C in front), which
//             must lie strictly within stride of that default
//     cost    0 (a scatter)
//   FractionalMaxPool  windows of kernel_size at pseudo-random fractional strides
//     shape   input (N, C, *) or (C, *) with 2 (3) spatial dims; out = output_size, or ⌊in · output_ratio⌋ with
//             0 < ratio < 1; exactly one of the two; out + kernel − 1 ≤ in per axis; return_indices → (out, indices)
//     cost    0 MACs; exact: out_numel · (∏kernel − 1) comparisons, as MaxPool
//   params  none
import { product, withSeparators } from '../count';
import { FREE, ops, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { EvalContext, Forward, LayerDef } from '../layer';
import { formatShape, isKnown, numel, primary, type Dim, type Shape, type ShapeTree } from '../shape';
import { joinChannelsFirst, spatialNames, splitChannelsFirst } from '../spatial';
import { bool, int, isUnknown, ntuple, num, show, type ArgSpec, type Args, type Value } from '../values';
import { dot, line, type WorkingLine } from '../working';
import { adaptivePoolLayers } from './adaptivePool';
import { poolForward, poolLayers, readPool } from './pool';

const noParams = () => ({ tensors: [], working: [] });
const costUnknown = (owner: string): never => {
  throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
};

// ══ LPPool ═══════════════════════════════════════════════════════════════════════════════════════════════════
const lpSignature: ArgSpec[] = [{ name: 'norm_type' }, { name: 'kernel_size' }, { name: 'stride', default: null }, { name: 'ceil_mode', default: false }];

/** LPPool is average pooling of xᵖ without padding: pool.ts's configuration for it. */
const lpConfig = (owner: string, a: Args, rank: number) =>
  readPool(owner, 'avg', { kernel_size: a.kernel_size, stride: a.stride, padding: 0, ceil_mode: a.ceil_mode, count_include_pad: true }, rank);

function lpCost(owner: string, a: Args, rank: number, x: Shape, out: Shape): Cost {
  const c = lpConfig(owner, a, rank);
  const n = numel(x) ?? costUnknown(owner);
  const m = numel(out) ?? costUnknown(owner);
  const k = product(c.kernel);
  return { macs: 0n, exact: ops({ other: n + m, add: m * (k - 1n), div: m, cmp: 2n * m, mul: 2n * m }), working: [
    `MACs = 0; xᵖ: ${withSeparators(n)} elementwise; average over ${dot(...c.kernel)} windows: ${withSeparators(m * (k - 1n))} adds, ` +
    `${withSeparators(m)} divisions; sign·relu(|·|), × ${k}, root: ${withSeparators(2n * m)} comparisons, ${withSeparators(2n * m)} mults, ${withSeparators(m)} elementwise`] };
}

function lpPool(rank: 1 | 2 | 3, functional: boolean): LayerDef {
  const type = functional ? `F.lp_pool${rank}d` : `LPPool${rank}d`;
  return {
    type, kind: functional ? 'function' : 'module', summary: `${rank}-D power-average pooling (Σ xᵖ)^(1/p)`, signature: lpSignature,
    ...(functional ? { inputs: 1 } : {}), params: noParams,
    forward: (a, [x], ctx) => {
      num(a, 'norm_type');
      const f = poolForward(type, lpConfig(type, a, rank), x, ctx);
      return { ...f, working: [...f.working, line('p', `p = ${num(a, 'norm_type')}: the window's p-norm, no padding`)] };
    },
    cost: (a, [x], out) => lpCost(type, a, rank, x, out as Shape),
  };
}

// ══ MaxUnpool ════════════════════════════════════════════════════════════════════════════════════════════════
const unpoolSignature: ArgSpec[] = [{ name: 'kernel_size' }, { name: 'stride', default: null }, { name: 'padding', default: 0 }];

interface Unpool { kernel: number[]; stride: number[]; padding: number[] }

function readUnpool(owner: string, a: Args, rank: number): Unpool {
  const kernel = ntuple(a, 'kernel_size', rank);
  const stride = a.stride === null ? kernel : ntuple(a, 'stride', rank);
  const padding = ntuple(a, 'padding', rank);
  if (kernel.some((k) => k <= 0) || stride.some((s) => s <= 0)) fail('bad-arguments', `${owner}: kernel_size and stride must be positive, got ${show(a.kernel_size)} and ${show(a.stride)}`);
  if (padding.some((p) => p < 0)) fail('bad-padding', `${owner}: padding must be non-negative, got ${show(a.padding)}`);
  return { kernel, stride, padding };
}

/** The requested output_size: `rank` spatial sizes, or N, C and those. */
function readOutputSize(owner: string, v: Value, rank: number): number[] | null {
  if (v === null || v === undefined) return null;
  if (isUnknown(v)) throw new UnknownValueError(`output_size: ${v.why}`);
  const sizes = Array.isArray(v) ? v.map((x) => int({ s: x }, 's')) : [int({ s: v }, 's')];
  const spatial = sizes.length === rank + 2 ? sizes.slice(2) : sizes;
  if (spatial.length !== rank) {
    fail('bad-arguments', `${owner}: output_size should be a sequence containing ${rank} or ${rank + 2} elements, but it has a length of ${sizes.length}`);
  }
  return spatial;
}

function unpoolForward(owner: string, u: Unpool, x: Shape, indices: Shape | undefined, outputSize: number[] | null): Forward {
  const rank = u.kernel.length;
  if (!indices) return fail('bad-arguments', `${owner}: needs the input and the indices from the MaxPool`);
  const s = splitChannelsFirst(owner, x, rank);
  if (indices.length !== x.length || indices.some((d, i) => isKnown(d) && isKnown(x[i]) && d !== x[i])) {
    fail('unpool-indices', `${owner}: expected shape of indices to be same as that of the input tensor ${formatShape(x)} but got indices tensor with shape ${formatShape(indices)}`);
  }
  const names = spatialNames(rank);
  const working: WorkingLine[] = [];
  const spatial: Dim[] = s.spatial.map((d, i) => {
    const [k, st, p] = [u.kernel[i], u.stride[i], u.padding[i]];
    if (!isKnown(d)) throw new UnknownValueError(`${owner}: the size along ${names[i]} multiplies the symbolic input size by the stride`);
    const def = (d - 1) * st - 2 * p + k;
    const text = `(${d} − 1)·${st} − 2·${p} + ${k} = ${def}`;
    if (outputSize === null) {
      if (def <= 0) fail('output-too-small', `${owner}: output size ${def} < 1 along ${names[i]} (${text})`);
      working.push(line(`${names[i]}_out`, text));
      return def;
    }
    const o = outputSize[i];
    if (!(def - st < o && o < def + st)) {
      fail('bad-arguments', `${owner}: invalid output_size ${formatShape(outputSize)} (dim ${i} must be between ${def - st} and ${def + st}, exclusive)`);
    }
    working.push(line(`${names[i]}_out`, `output_size = ${o} (default ${text})`));
    return o;
  });
  return { output: joinChannelsFirst(s, s.channels, spatial), working };
}

function maxUnpool(rank: 1 | 2 | 3, functional: boolean): LayerDef {
  const type = functional ? `F.max_unpool${rank}d` : `MaxUnpool${rank}d`;
  return {
    type, kind: functional ? 'function' : 'module', summary: `${rank}-D inverse of MaxPool: values back at their indices`, inputs: 2,
    ...(functional ? { tensorNames: ['input', 'indices'], signature: [...unpoolSignature, { name: 'output_size', default: null }] } : { signature: unpoolSignature }),
    params: noParams,
    forward: (a, [x, indices]) => unpoolForward(type, readUnpool(type, a, rank), x, indices, functional ? readOutputSize(type, a.output_size, rank) : null),
    cost: () => ({ ...FREE, working: [`${type}: 0 (a scatter)`] }),
  };
}

// ══ FractionalMaxPool ════════════════════════════════════════════════════════════════════════════════════════
const fractionalSignature: ArgSpec[] = [{ name: 'kernel_size' }, { name: 'output_size', default: null }, { name: 'output_ratio', default: null },
  { name: 'return_indices', default: false }, { name: '_random_samples', default: null }];

function fractionalTargets(owner: string, a: Args, rank: number, spatial: Dim[]): Dim[] {
  const hasSize = a.output_size !== null;
  const hasRatio = a.output_ratio !== null;
  if (!hasSize && !hasRatio) fail('bad-arguments', `${owner} requires specifying either an output_size or an output_ratio`);
  if (hasSize && hasRatio) fail('bad-arguments', `${owner}: only one of output_size and output_ratio may be specified`);
  if (hasSize) return ntuple(a, 'output_size', rank);
  const ratios = Array.isArray(a.output_ratio) ? a.output_ratio.map((r) => num({ r }, 'r')) : Array<number>(rank).fill(num(a, 'output_ratio'));
  if (ratios.length !== rank) fail('bad-arguments', `${owner}: output_ratio must have ${rank} entries, got ${show(a.output_ratio)}`);
  if (ratios.some((r) => !(r > 0 && r < 1))) fail('bad-arguments', `${owner}: output_ratio must be between 0 and 1 (got ${show(a.output_ratio)})`);
  return spatial.map((d, i) => {
    if (!isKnown(d)) throw new UnknownValueError(`${owner}: ⌊${'size'} · ${ratios[i]}⌋ of a symbolic size`);
    return Math.trunc(d * ratios[i]);
  });
}

function fractionalForward(owner: string, a: Args, rank: number, x: Shape, indices: boolean): Forward {
  const kernel = ntuple(a, 'kernel_size', rank);
  const s = splitChannelsFirst(owner, x, rank);
  const names = spatialNames(rank);
  const out = fractionalTargets(owner, a, rank, s.spatial);
  const working: WorkingLine[] = [];
  out.forEach((o, i) => {
    const d = s.spatial[i];
    if (isKnown(d) && isKnown(o) && o + kernel[i] - 1 > d) {
      fail('kernel-too-large', `${owner}: pool ${names[i]} ${kernel[i]} too large relative to input ${names[i]} ${d} (output ${o} + kernel ${kernel[i]} − 1 > ${d})`);
    }
    working.push(line(`${names[i]}_out`, a.output_size !== null ? `output_size = ${o}` : `⌊${d} · output_ratio⌋ = ${o}`));
  });
  const output = joinChannelsFirst(s, s.channels, out);
  return { output: indices ? { tuple: [output, [...output]] } : output, working };
}

function fractionalCost(owner: string, a: Args, rank: number, out: ShapeTree): Cost {
  const m = numel(primary(out)) ?? costUnknown(owner);
  const window = product(ntuple(a, 'kernel_size', rank));
  const cmp = m * (window - 1n);
  return { macs: 0n, exact: ops({ cmp }), working: [`MACs = 0; comparisons = out_numel · (∏kernel − 1) = ${withSeparators(m)} · ${window - 1n} = ${withSeparators(cmp)}`] };
}

function fractional(rank: 2 | 3, variant: 'module' | 'function' | 'with_indices'): LayerDef {
  const type = variant === 'module' ? `FractionalMaxPool${rank}d` : `F.fractional_max_pool${rank}d${variant === 'with_indices' ? '_with_indices' : ''}`;
  return {
    type, kind: variant === 'module' ? 'module' : 'function', summary: `${rank}-D fractional max pooling`, signature: fractionalSignature,
    ...(variant === 'module' ? {} : { inputs: 1 }), params: noParams,
    validate: variant === 'module' ? (a) => void fractionalTargets(type, a, rank, Array<Dim>(rank).fill(1_000_000)) : undefined,
    forward: (a, [x]) => fractionalForward(type, a, rank, x, variant === 'with_indices' || bool(a, 'return_indices')),
    cost: (a, _x, out) => fractionalCost(type, a, rank, out),
  };
}

// ══ F.*_with_indices: the pool.ts / adaptivePool.ts rule, always (output, indices) ═══════════════════════════
function withIndices(base: LayerDef): LayerDef {
  const a2 = (a: Args): Args => ({ ...a, return_indices: true });
  return {
    ...base, type: `${base.type}_with_indices`, names: undefined, summary: `${base.summary}, with the indices of the maxima`,
    forward: (a, inputs, ctx: EvalContext) => base.forward(a2(a), inputs, ctx),
    cost: (a, inputs, out) => base.cost(a2(a), inputs, out),
  };
}

const base = (type: string): LayerDef => {
  const d = [...poolLayers, ...adaptivePoolLayers].find((x) => x.type === type);
  if (!d) throw new Error(`poolVariants: no ${type}`);
  return d;
};

export const poolVariantLayers: LayerDef[] = [
  ...([1, 2, 3] as const).flatMap((r) => [lpPool(r, false), lpPool(r, true), maxUnpool(r, false), maxUnpool(r, true),
    withIndices(base(`F.max_pool${r}d`)), withIndices(base(`F.adaptive_max_pool${r}d`))]),
  ...([2, 3] as const).flatMap((r) => [fractional(r, 'module'), fractional(r, 'function'), fractional(r, 'with_indices')]),
];
