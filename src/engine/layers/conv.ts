// Convolutions: Conv1d/2d/3d.
//
//   shape   out = ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1   per spatial axis; channels → out_channels
//   params  out_channels · (in_channels/groups · ∏kernel + 1)                      (+1 only with bias)
//   cost    MACs = out_numel · (in_channels/groups) · ∏kernel
//           exact: mults = MACs, adds = out_numel · ((in_channels/groups) · ∏kernel − 1) (+ out_numel with bias)
import { withSeparators, product } from '../count';
import { ops, type Cost } from '../cost';
import { fail } from '../diagnostic';
import type { EvalContext, Forward, LayerDef, ParamSet } from '../layer';
import { formatShape, isKnown, numel, type Dim, type Shape } from '../shape';
import { joinChannelsFirst, spatialNames, splitChannelsFirst, windowOut } from '../spatial';
import { bool, int, isUnknown, ntuple, str, type ArgSpec, type Args } from '../values';
import { dims, dot, line, type WorkingLine } from '../working';

const convSignature: ArgSpec[] = [
  { name: 'in_channels' }, { name: 'out_channels' }, { name: 'kernel_size' },
  { name: 'stride', default: 1 }, { name: 'padding', default: 0 }, { name: 'dilation', default: 1 },
  { name: 'groups', default: 1 }, { name: 'bias', default: true }, { name: 'padding_mode', default: 'zeros' },
  { name: 'device', default: null }, { name: 'dtype', default: null },
];

/** The hyperparameters of an N-d convolution, read and checked as torch's _ConvNd.__init__ does. */
export interface ConvConfig {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: number[];
  readonly stride: number[];
  /** Per-axis padding, or 'same' / 'valid'. */
  readonly padding: number[] | 'same' | 'valid';
  readonly dilation: number[];
  readonly groups: number;
  readonly bias: boolean;
}

export function readConv(owner: string, a: Args, rank: number): ConvConfig {
  const inChannels = int(a, 'in_channels');
  const outChannels = int(a, 'out_channels');
  const groups = int(a, 'groups');
  const kernel = ntuple(a, 'kernel_size', rank);
  const stride = ntuple(a, 'stride', rank);
  const dilation = ntuple(a, 'dilation', rank);
  const padArg = a.padding;
  let padding: ConvConfig['padding'];
  if (typeof padArg === 'string' || isUnknown(padArg)) {
    const p = str(a, 'padding');
    if (p !== 'same' && p !== 'valid') fail('bad-arguments', `${owner}: invalid padding string '${p}', should be one of 'valid', 'same'`);
    padding = p as 'same' | 'valid';
    if (p === 'same' && stride.some((s) => s !== 1)) {
      fail('padding-same-stride', `${owner}: padding='same' is not supported for strided convolutions (stride ${dot(...stride)})`,
        { arg: 'stride', value: 1, description: 'use stride 1 with padding=\'same\'' });
    }
  } else {
    padding = ntuple(a, 'padding', rank);
  }
  if (groups <= 0) fail('bad-groups', `${owner}: groups must be a positive integer, got ${groups}`);
  if (inChannels <= 0 || outChannels <= 0) fail('bad-channels', `${owner}: channels must be positive, got in_channels=${inChannels}, out_channels=${outChannels}`);
  if (inChannels % groups !== 0) fail('groups-not-dividing', `${owner}: in_channels must be divisible by groups: ${inChannels} / ${groups} = ${+(inChannels / groups).toFixed(3)}`);
  if (outChannels % groups !== 0) fail('groups-not-dividing', `${owner}: out_channels must be divisible by groups: ${outChannels} / ${groups} = ${+(outChannels / groups).toFixed(3)}`);
  if (kernel.some((k) => k <= 0)) fail('bad-kernel', `${owner}: kernel_size must be positive, got ${dims(kernel)}`);
  if (stride.some((s) => s <= 0)) fail('bad-stride', `${owner}: non-positive stride is not supported, got ${dims(stride)}`);
  if (dilation.some((d) => d <= 0)) fail('bad-dilation', `${owner}: dilation must be positive, got ${dims(dilation)}`);
  if (Array.isArray(padding) && padding.some((p) => p < 0)) fail('bad-padding', `${owner}: negative padding is not supported, got ${dims(padding)}`);
  const mode = str(a, 'padding_mode');
  if (!['zeros', 'reflect', 'replicate', 'circular'].includes(mode)) {
    fail('bad-arguments', `${owner}: padding_mode must be one of 'zeros', 'reflect', 'replicate' or 'circular', got '${mode}'`);
  }
  return { inChannels, outChannels, kernel, stride, padding, dilation, groups, bias: bool(a, 'bias') };
}

// ── Parameter rule ──────────────────────────────────────────────────────────────────────────────────────────
export function convParams(c: ConvConfig): ParamSet {
  const perGroupIn = c.inChannels / c.groups;
  const weightShape = [c.outChannels, perGroupIn, ...c.kernel];
  const tensors = [{ name: 'weight', shape: weightShape, count: product(weightShape) }];
  if (c.bias) tensors.push({ name: 'bias', shape: [c.outChannels], count: BigInt(c.outChannels) });
  const total = tensors.reduce((s, t) => s + t.count, 0n);
  const inPart = c.groups === 1 ? `${c.inChannels}` : `${c.inChannels}/${c.groups}`;
  const fanIn = dot(inPart, ...c.kernel);
  const rule = c.bias ? `${c.outChannels} · (${fanIn} + 1)` : `${c.outChannels} · ${fanIn}`;
  return { tensors, working: [line('params', `${rule} = ${withSeparators(total)}`)] };
}

// ── Shape rule ──────────────────────────────────────────────────────────────────────────────────────────────
export function convForward(owner: string, c: ConvConfig, input: Shape, ctx: EvalContext): Forward {
  const rank = c.kernel.length;
  const x = splitChannelsFirst(owner, input, rank);
  if (isKnown(x.channels) && x.channels !== c.inChannels) {
    const weight = `[${[c.outChannels, c.inChannels / c.groups, ...c.kernel].join(', ')}]`;
    fail('conv-in-channels', `${owner} expects ${c.inChannels} input channels but receives ${x.channels} ` +
      `(input ${formatShape(input)}; weight ${weight}, groups=${c.groups})`,
      { arg: 'in_channels', value: x.channels, description: `set in_channels to ${x.channels}` });
  }
  const names = spatialNames(rank);
  const working: WorkingLine[] = [line('C_out', `out_channels = ${c.outChannels}`)];
  const warnings = [];
  const spatial: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    if (c.padding === 'same') {
      spatial.push(x.spatial[i]);
      working.push(line(`${names[i]}_out`, `${names[i]}_in = ${String(isKnown(x.spatial[i]) ? x.spatial[i] : names[i])} (padding='same')`));
      continue;
    }
    const padding = c.padding === 'valid' ? 0 : c.padding[i];
    const r = windowOut(owner, names[i], x.spatial[i], { kernel: c.kernel[i], stride: c.stride[i], padding, dilation: c.dilation[i] }, ctx);
    spatial.push(r.out);
    working.push(r.working);
    if (r.warning) warnings.push(r.warning);
  }
  return { output: joinChannelsFirst(x, c.outChannels, spatial), working, warnings };
}

// ── Cost rule ───────────────────────────────────────────────────────────────────────────────────────────────
export function convCost(c: ConvConfig, output: Shape): Cost {
  const outNumel = numel(output);
  if (outNumel === undefined) return { macs: 0n, exact: ops({}), working: ['cost unknown: the output size is symbolic'] };
  const perOut = BigInt(c.inChannels / c.groups) * product(c.kernel); // multiplications per output element
  const macs = outNumel * perOut;
  const adds = outNumel * (perOut - 1n) + (c.bias ? outNumel : 0n);
  const outText = dot(...output.map(Number));
  const inPart = c.groups === 1 ? `${c.inChannels}` : `(${c.inChannels}/${c.groups})`;
  return {
    macs,
    exact: ops({ mul: macs, add: adds }),
    working: [
      `MACs = out_numel · (C_in/groups) · ∏kernel = ${outText} · ${dot(inPart, ...c.kernel)} = ${withSeparators(macs)}`,
      `mults = ${withSeparators(macs)}; adds = ${outText} · (${dot(inPart, ...c.kernel)} − 1)${c.bias ? ` + ${outText} (bias)` : ''} = ${withSeparators(adds)}`,
    ],
  };
}

function conv(rank: 1 | 2 | 3): LayerDef {
  const type = `Conv${rank}d`;
  return {
    type, kind: 'module', summary: `${rank}-D convolution`, signature: convSignature,
    validate: (a) => void readConv(type, a, rank),
    params: (a) => convParams(readConv(type, a, rank)),
    forward: (a, [x], ctx) => convForward(type, readConv(type, a, rank), x, ctx),
    cost: (a, _inputs, out) => convCost(readConv(type, a, rank), out as Shape),
  };
}

export const convLayers: LayerDef[] = [conv(1), conv(2), conv(3)];
