// Adaptive pooling: AdaptiveAvgPool1d/2d/3d, AdaptiveMaxPool1d/2d/3d, and F.adaptive_avg_pool*/F.adaptive_max_pool*.
//
//   shape   out = output_size per spatial axis (a None entry keeps the input's size); channels unchanged
//           window i along an axis spans [⌊i·in/out⌋, ⌈(i + 1)·in/out⌉): windows may overlap and differ in size
//   params  none
//   cost    MACs = 0
//           exact: AdaptiveAvgPool: the sum of the window sizes (adds Σ(window − 1) + one division per output)
//                  AdaptiveMaxPool: comparisons Σ(window − 1)
//           Along several axes a window's size is the product of its per-axis sizes, so the sum over all windows is
//           N·C · ∏axes Σ_i window_i.
import { withSeparators } from '../count';
import { ops, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import type { ReceptiveRule } from '../receptive';
import { madeLikeOutput, type SavedTensor } from '../saved';
import { formatDim, formatShape, isKnown, numel, primary, type Dim, type Shape, type ShapeTree } from '../shape';
import { joinChannelsFirst, spatialNames, splitChannelsFirst } from '../spatial';
import { bool, ntupleOrNone, show, type ArgSpec, type Args } from '../values';
import { line, type WorkingLine } from '../working';

type PoolKind = 'avg' | 'max';

function readOutputSize(owner: string, a: Args, rank: number): (number | null)[] {
  // AdaptiveXPool1d takes an int (or a 1-tuple); None only makes sense per axis of a 2-D/3-D pool.
  if (rank === 1 && a.output_size === null) {
    fail('bad-arguments', `${owner}: output_size must be an int or a 1-tuple of ints, got None`);
  }
  if (rank > 1 && a.output_size === null) fail('bad-arguments', `${owner}: output_size must be an int or a ${rank}-tuple, got None`);
  const size = ntupleOrNone(a, 'output_size', rank);
  if (size.some((s) => s !== null && s < 0)) {
    fail('bad-output-size', `${owner}: elements of output_size must be greater than or equal to 0, got ${show(a.output_size)}`);
  }
  return size;
}

// ── Shape rule ──────────────────────────────────────────────────────────────────────────────────────────────
function adaptiveForward(owner: string, kind: PoolKind, a: Args, input: Shape, rank: number): Forward {
  const size = readOutputSize(owner, a, rank);
  const x = splitChannelsFirst(owner, input, rank);
  const names = spatialNames(rank);
  x.spatial.forEach((d, i) => {
    if (isKnown(d) && d === 0) {
      fail('empty-input', `${owner}: the input ${formatShape(input)} is empty along ${names[i]}; adaptive pooling needs a non-zero size`);
    }
  });
  const working: WorkingLine[] = [];
  const spatial: Dim[] = size.map((s, i) => {
    if (s === null) {
      working.push(line(`${names[i]}_out`, `None keeps ${names[i]}_in = ${formatDim(x.spatial[i])}`));
      return x.spatial[i];
    }
    working.push(line(`${names[i]}_out`, `output_size = ${s}`));
    return s;
  });
  const out = joinChannelsFirst(x, x.channels, spatial);
  const returnIndices = kind === 'max' && bool(a, 'return_indices');
  return { output: returnIndices ? { tuple: [out, [...out]] } : out, working };
}

// ── Cost rule ───────────────────────────────────────────────────────────────────────────────────────────────
/** Σ_i (⌈(i + 1)·in/out⌉ − ⌊i·in/out⌋): the summed window sizes along one axis. */
export function adaptiveWindowSum(input: number, out: number): number {
  let sum = 0;
  for (let i = 0; i < out; i++) sum += Math.ceil(((i + 1) * input) / out) - Math.floor((i * input) / out);
  return sum;
}

function adaptiveCost(kind: PoolKind, input: Shape, output: ShapeTree, rank: number): Cost {
  const out = primary(output);
  const outNumel = numel(out);
  if (outNumel === undefined || !input.every(isKnown)) {
    throw new UnknownValueError('cost unknown: a size is symbolic');
  }
  const inSpatial = (input as number[]).slice(-rank);
  const outSpatial = (out as number[]).slice(-rank);
  const planes = outNumel / BigInt(outSpatial.reduce((p, s) => p * s, 1) || 1); // N·C
  const sums = inSpatial.map((d, i) => adaptiveWindowSum(d, outSpatial[i]));
  const windowTotal = outSpatial.some((s) => s === 0) ? 0n : planes * sums.reduce((p, s) => p * BigInt(s), 1n);
  const sumText = `${planes}·${sums.join('·')}`;
  const perAxis = inSpatial.map((d, i) => `Σ windows ${d}→${outSpatial[i]} = ${sums[i]}`).join(', ');
  const reductions = windowTotal - outNumel; // Σ(window − 1)
  if (kind === 'max') {
    return {
      macs: 0n, exact: ops({ cmp: reductions }),
      working: [`MACs = 0; ${perAxis}; comparisons = Σ(window − 1) = ${sumText} − ${withSeparators(outNumel)} = ${withSeparators(reductions)}`],
    };
  }
  return {
    macs: 0n, exact: ops({ add: reductions, div: outNumel }),
    working: [`MACs = 0; ${perAxis}; Σ window = ${sumText} = ${withSeparators(windowTotal)}: ` +
      `adds ${withSeparators(reductions)} + divisions ${withSeparators(outNumel)}`],
  };
}

/** Saved: the input (PyTorch 1.13 keeps it also for an output of 1, where it pools with a mean); max also the indices. */
function adaptiveSaves(kind: PoolKind, a: Args, output: ShapeTree): SavedTensor[] {
  if (kind === 'avg') return [{ input: 0 }];
  if (bool(a, 'return_indices')) return [{ input: 0 }, { output: 1, element: 'int64' }];
  const indices = madeLikeOutput('indices', output, 'int64');
  return indices ? [{ input: 0 }, indices] : [{ input: 0 }];
}

/** An output of 1 sees everything; an output that divides the input is a plain window (k = stride = in/out). */
function adaptiveField(input: Shape, output: ShapeTree, rank: number): ReceptiveRule {
  const ins = input.slice(-rank);
  const outs = primary(output).slice(-rank);
  if (outs.every((d) => d === 1)) return { kind: 'global', why: 'global pooling: one value per channel from every position' };
  const windows = ins.map((d, i) => {
    const o = outs[i];
    return isKnown(d) && isKnown(o) && o > 0 && d % o === 0 ? d / o : undefined;
  });
  if (windows.some((w) => w === undefined)) return { kind: 'stop', why: 'adaptive pooling with windows of different sizes' };
  const k = windows as number[];
  return { kind: 'window', kernel: k, stride: k, padding: k.map(() => 0), dilation: k.map(() => 1) };
}

function adaptive(kind: PoolKind, rank: 1 | 2 | 3, functional: boolean): LayerDef {
  const type = functional ? `F.adaptive_${kind}_pool${rank}d` : `Adaptive${kind === 'max' ? 'Max' : 'Avg'}Pool${rank}d`;
  const signature: ArgSpec[] = kind === 'max'
    ? [{ name: 'output_size' }, { name: 'return_indices', default: false }]
    : [{ name: 'output_size' }];
  return {
    type, kind: functional ? 'function' : 'module',
    summary: `${rank}-D adaptive ${kind === 'max' ? 'max' : 'average'} pooling`, signature,
    params: () => ({ tensors: [], working: [] }),
    forward: (a, [x]) => adaptiveForward(type, kind, a, x, rank),
    cost: (_a, [x], out) => adaptiveCost(kind, x, out, rank),
    saves: (a, _inputs, out) => adaptiveSaves(kind, a, out),
    receptive: (_a, [x], out) => adaptiveField(x, out, rank),
  };
}

export const adaptivePoolLayers: LayerDef[] = ([1, 2, 3] as const).flatMap((rank) => [
  adaptive('avg', rank, false), adaptive('max', rank, false), adaptive('avg', rank, true), adaptive('max', rank, true),
]);
