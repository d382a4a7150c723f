// Pooling: MaxPool1d/2d/3d, AvgPool1d/2d/3d, and F.max_pool1d/2d/3d, F.avg_pool1d/2d/3d.
//
//   shape   out = ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1   per spatial axis (stride defaults to kernel)
//           ceil_mode: ⌈…⌉ + 1, but a last window that would start inside the right padding is dropped
//           padding ≤ kernel / 2 (PyTorch: "pad should be at most half of kernel size"); channels unchanged
//           AvgPool3d also needs the unpadded input ≥ kernel along each axis
//   params  none
//   cost    MACs = 0
//           exact: MaxPool comparisons = out_numel · (∏kernel − 1)
//                  AvgPool adds = out_numel · (∏kernel − 1), divisions = out_numel  (out_numel · ∏kernel in all)
//   saved   MaxPool: the input and the int64 indices of the maxima (the second output with return_indices);
//           AvgPool: the input (PyTorch's avg_pool backward takes it, for its sizes)
//   field   a window: r' = r + (k − 1)·d·j, j' = j·stride (ceil_mode changes only the last unit, not the field)
// AvgPool has no dilation; AvgPool1d has no divisor_override. return_indices makes MaxPool return (out, indices).
import { product, withSeparators } from '../count';
import { ops, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { EvalContext, Forward, LayerDef } from '../layer';
import type { ReceptiveRule } from '../receptive';
import { madeLikeOutput, type SavedTensor } from '../saved';
import { isKnown, numel, primary, type Dim, type Shape, type ShapeTree } from '../shape';
import { joinChannelsFirst, spatialNames, splitChannelsFirst, windowOut } from '../spatial';
import { bool, int, isUnknown, ntuple, type ArgSpec, type Args } from '../values';
import { dims, dot, line, type WorkingLine } from '../working';

type PoolKind = 'max' | 'avg';

export interface PoolConfig {
  readonly kind: PoolKind;
  readonly kernel: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly dilation: number[];
  readonly ceilMode: boolean;
  readonly returnIndices: boolean;
}

/** Reads and checks the window arguments as torch's pooling shape checks do (at call time). */
export function readPool(owner: string, kind: PoolKind, a: Args, rank: number): PoolConfig {
  const kernel = ntuple(a, 'kernel_size', rank);
  // stride=None (or an empty list, F.max_pool's default) means "stride = kernel".
  const strideArg = a.stride;
  const stride = strideArg === null || (Array.isArray(strideArg) && strideArg.length === 0) ? kernel : ntuple(a, 'stride', rank);
  const padding = ntuple(a, 'padding', rank);
  const dilation = kind === 'max' ? ntuple(a, 'dilation', rank) : Array<number>(rank).fill(1);
  const names = spatialNames(rank);
  if (kernel.some((k) => k <= 0)) fail('bad-kernel', `${owner}: kernel_size must be greater than zero, got ${dims(kernel)}`);
  if (stride.some((s) => s <= 0)) fail('bad-stride', `${owner}: stride must be greater than zero, got ${dims(stride)}`);
  if (dilation.some((d) => d <= 0)) fail('bad-dilation', `${owner}: dilation must be greater than zero, got ${dims(dilation)}`);
  if (padding.some((p) => p < 0)) fail('bad-padding', `${owner}: padding must be non-negative, got ${dims(padding)}`);
  padding.forEach((p, i) => {
    // torch compares with the kernel itself, not the dilated kernel.
    const half = Math.floor(kernel[i] / 2);
    if (p > half) {
      fail('pool-padding', `${owner}: padding ${p} > kernel ${kernel[i]} / 2 = ${half} along ${names[i]} ` +
        `(pad should be at most half of kernel size)`,
        { arg: 'padding', value: half, description: `use padding ≤ ${half}` });
    }
  });
  if (kind === 'avg' && 'divisor_override' in a && a.divisor_override !== null && !isUnknown(a.divisor_override)) {
    if (int(a, 'divisor_override') === 0) fail('bad-arguments', `${owner}: divisor_override must not be zero`);
  }
  const returnIndices = kind === 'max' ? bool(a, 'return_indices') : false;
  return { kind, kernel, stride, padding, dilation, ceilMode: bool(a, 'ceil_mode'), returnIndices };
}

// ── Shape rule ──────────────────────────────────────────────────────────────────────────────────────────────
export function poolForward(owner: string, c: PoolConfig, input: Shape, ctx: EvalContext): Forward {
  const rank = c.kernel.length;
  const x = splitChannelsFirst(owner, input, rank);
  const names = spatialNames(rank);
  // 3-D average pooling alone also requires the unpadded input to hold one whole kernel (torch's pool3d check).
  if (c.kind === 'avg' && rank === 3) {
    const small = x.spatial.findIndex((d, i) => isKnown(d) && d < c.kernel[i]);
    if (small >= 0) {
      fail('output-too-small', `${owner}: input ${names[small]} = ${x.spatial[small]} is smaller than the kernel ${c.kernel[small]} ` +
        `(3-D average pooling checks the unpadded input)`);
    }
  }
  const working: WorkingLine[] = [line('C', `channels unchanged = ${typeof x.channels === 'number' ? x.channels : 'C'}`)];
  const warnings = [];
  const notes: WorkingLine[] = [];
  const spatial: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const r = windowOut(owner, names[i], x.spatial[i],
      { kernel: c.kernel[i], stride: c.stride[i], padding: c.padding[i], dilation: c.dilation[i], ceilMode: c.ceilMode, pool: true }, ctx);
    spatial.push(r.out);
    working.push(r.working);
    if (r.note) notes.push(r.note);
    if (r.warning) warnings.push(r.warning);
  }
  working.push(...notes); // after every axis, so equal lines merge in the hover (H_out = W_out = …)
  const out = joinChannelsFirst(x, x.channels, spatial);
  // return_indices: a second tensor of the same shape holds the argmax positions.
  const output: ShapeTree = c.returnIndices ? { tuple: [out, [...out]] } : out;
  return { output, working, warnings };
}

// ── Cost rule ───────────────────────────────────────────────────────────────────────────────────────────────
export function poolCost(c: PoolConfig, output: ShapeTree): Cost {
  const out = primary(output);
  const outNumel = numel(out);
  if (outNumel === undefined) throw new UnknownValueError('cost unknown: the output size is symbolic');
  const window = product(c.kernel);
  const outText = dot(...out.map(Number));
  const kText = dot(...c.kernel);
  if (c.kind === 'max') {
    const cmp = outNumel * (window - 1n);
    return {
      macs: 0n, exact: ops({ cmp }),
      working: [`MACs = 0; comparisons = out_numel · (∏kernel − 1) = ${outText} · (${kText} − 1) = ${withSeparators(cmp)}`],
    };
  }
  const add = outNumel * (window - 1n);
  return {
    macs: 0n, exact: ops({ add, div: outNumel }),
    working: [`MACs = 0; adds = out_numel · (∏kernel − 1) = ${outText} · (${kText} − 1) = ${withSeparators(add)}; ` +
      `divisions = out_numel = ${withSeparators(outNumel)}`],
  };
}

// ── Saved tensors and receptive field ───────────────────────────────────────────────────────────────────────
export function poolSaves(c: PoolConfig, output: ShapeTree): SavedTensor[] {
  if (c.kind === 'avg') return [{ input: 0 }];
  if (c.returnIndices) return [{ input: 0 }, { output: 1, element: 'int64' }];
  const indices = madeLikeOutput('indices', output, 'int64');
  return indices ? [{ input: 0 }, indices] : [{ input: 0 }];
}

export const poolField = (c: PoolConfig): ReceptiveRule =>
  ({ kind: 'window', kernel: c.kernel, stride: c.stride, padding: c.padding, dilation: c.dilation });

// ── Signatures (PyTorch's order: the module puts return_indices before ceil_mode, F.max_pool the reverse) ───
const maxPoolSignature: ArgSpec[] = [
  { name: 'kernel_size' }, { name: 'stride', default: null }, { name: 'padding', default: 0 }, { name: 'dilation', default: 1 },
  { name: 'return_indices', default: false }, { name: 'ceil_mode', default: false },
];
const maxPoolFunctionSignature: ArgSpec[] = [
  { name: 'kernel_size' }, { name: 'stride', default: null }, { name: 'padding', default: 0 }, { name: 'dilation', default: 1 },
  { name: 'ceil_mode', default: false }, { name: 'return_indices', default: false },
];
const avgPoolSignature = (rank: number): ArgSpec[] => [
  { name: 'kernel_size' }, { name: 'stride', default: null }, { name: 'padding', default: 0 },
  { name: 'ceil_mode', default: false }, { name: 'count_include_pad', default: true },
  ...(rank > 1 ? [{ name: 'divisor_override', default: null }] : []),
];

function pool(kind: PoolKind, rank: 1 | 2 | 3, functional: boolean): LayerDef {
  const type = functional ? `F.${kind}_pool${rank}d` : `${kind === 'max' ? 'Max' : 'Avg'}Pool${rank}d`;
  const signature = kind === 'avg' ? avgPoolSignature(rank) : functional ? maxPoolFunctionSignature : maxPoolSignature;
  const read = (a: Args) => readPool(type, kind, a, rank);
  return {
    type, kind: functional ? 'function' : 'module',
    summary: `${rank}-D ${kind === 'max' ? 'max' : 'average'} pooling`, signature,
    // torch checks the window arguments when the layer is called; the module constructor accepts anything.
    params: () => ({ tensors: [], working: [] }),
    forward: (a, [x], ctx) => poolForward(type, read(a), x, ctx),
    cost: (a, _inputs, out) => poolCost(read(a), out),
    saves: (a, _inputs, out) => poolSaves(read(a), out),
    receptive: (a) => poolField(read(a)),
  };
}

export const poolLayers: LayerDef[] = ([1, 2, 3] as const).flatMap((rank) => [
  pool('max', rank, false), pool('avg', rank, false), pool('max', rank, true), pool('avg', rank, true),
]);
