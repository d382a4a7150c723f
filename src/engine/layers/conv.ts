// Convolutions: Conv1d/2d/3d, ConvTranspose1d/2d/3d, their Lazy forms, F.conv1d/2d/3d and F.conv_transpose1d/2d/3d.
//
// Conv
//   shape   out = ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1   per spatial axis; channels → out_channels
//   params  out_channels · (in_channels/groups · ∏kernel + 1)                      (+1 only with bias)
//   cost    MACs = out_numel · (in_channels/groups) · ∏kernel
//           exact: mults = MACs, adds = out_numel · ((in_channels/groups) · ∏kernel − 1) (+ out_numel with bias)
//
// ConvTranspose (the gradient of a Conv: every input element scatters a kernel-sized patch into the output)
//   shape   out = (in − 1)·stride − 2·padding + dilation·(kernel − 1) + output_padding + 1
//           output_padding must be smaller than the stride or the dilation
//   params  in_channels · (out_channels/groups · ∏kernel) + out_channels            (weight is [C_in, C_out/g, *k])
//   cost    MACs = in_numel · (C_out/groups) · ∏kernel                              (fvcore's count: one per scattered product)
//           exact: per output element, the products that land on it (those cropped by padding are not counted):
//           mults = N · C_out · (C_in/groups) · ∏axes Σ_j hits(j), adds = mults − (hit positions) (+ hit positions with
//           bias; a position no product reaches just holds the bias)
//
// Both
//   saved   the input, for the weight's gradient (the weight, for the input's, is a parameter: counted apart)
//   field   a window: r' = r + (k − 1)·d·j, j' = j·stride; the transposed form spreads each unit over stride units
//
// Lazy forms take in_channels from the input's channel dimension; F.conv* and F.conv_transpose* take the weight
// (and bias) as tensors.
import { withSeparators, product } from '../count';
import { ops, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { EvalContext, Forward, LayerDef, ParamSet } from '../layer';
import { expectAtLeast, expectEqual } from '../assume';
import type { ReceptiveRule } from '../receptive';
import { savesInputForWeight, savesOperands } from '../saved';
import { addDim, formatDim, formatShape, isKnown, mulDim, numel, type Dim, type Shape } from '../shape';
import { joinChannelsFirst, spatialNames, splitChannelsFirst, windowOut } from '../spatial';
import { bool, int, isUnknown, ntuple, show, str, type ArgSpec, type Args, type Value } from '../values';
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
  /** How the padding is filled: 'zeros', or 'reflect'/'replicate'/'circular' (which limit the padding, see convForward). */
  readonly paddingMode?: string;
}

export function readConv(owner: string, a: Args, rank: number): ConvConfig {
  const inChannels = int(a, 'in_channels');
  const outChannels = int(a, 'out_channels');
  const groups = int(a, 'groups');
  // torch's _pair((3,)) keeps a one-entry kernel tuple: the weight gets too few dimensions and the call fails.
  // (stride, padding and dilation of one entry are expanded by the kernel, so they are fine.)
  if (Array.isArray(a.kernel_size) && a.kernel_size.length !== rank) {
    fail('bad-kernel', `${owner}: kernel_size ${show(a.kernel_size)} has ${a.kernel_size.length} ${a.kernel_size.length === 1 ? 'entry' : 'entries'} ` +
      `but a ${rank}-D convolution needs ${rank}`);
  }
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
  return { inChannels, outChannels, kernel, stride, padding, dilation, groups, bias: bool(a, 'bias'), paddingMode: mode };
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
  if (!isKnown(x.channels)) expectEqual(ctx, x.channels, c.inChannels, { source: 'the input channels', requiredBy: `${owner}(in_channels=${c.inChannels})` },
    () => fail('conv-in-channels', `${owner} expects ${c.inChannels} input channels but receives ${formatDim(x.channels)} (input ${formatShape(input)})`));
  if (isKnown(x.channels) && x.channels !== c.inChannels) {
    const weight = `[${[c.outChannels, c.inChannels / c.groups, ...c.kernel].join(', ')}]`;
    fail('conv-in-channels', `${owner} expects ${c.inChannels} input channels but receives ${x.channels} ` +
      `(input ${formatShape(input)}; weight ${weight}, groups=${c.groups})`,
      { arg: 'in_channels', value: x.channels, description: `set in_channels to ${x.channels}` });
  }
  const names = spatialNames(rank);
  const working: WorkingLine[] = [line('C_out', `out_channels = ${c.outChannels}`)];
  const warnings = [];
  const notes: WorkingLine[] = [];
  const spatial: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    if (c.padding === 'same') {
      spatial.push(x.spatial[i]);
      working.push(line(`${names[i]}_out`, `${names[i]}_in = ${String(isKnown(x.spatial[i]) ? x.spatial[i] : names[i])} (padding='same')`));
      continue;
    }
    const padding = c.padding === 'valid' ? 0 : c.padding[i];
    const size = x.spatial[i];
    // Non-zero padding modes copy input values into the border: reflection needs padding < size, circular ≤ size.
    if (!isKnown(size) && padding > 0 && (c.paddingMode === 'reflect' || c.paddingMode === 'circular')) {
      expectAtLeast(ctx, size, c.paddingMode === 'reflect' ? padding + 1 : padding, { source: `the size along ${names[i]}`,
        requiredBy: `${owner}(padding=${padding}, padding_mode='${c.paddingMode}')` },
      () => fail('padding-mode-limit', `${owner}: padding_mode='${c.paddingMode}' needs padding below the input size along ${names[i]} (${formatDim(size)})`));
    }
    if (isKnown(size) && padding > 0 && (c.paddingMode === 'reflect' ? padding >= size : c.paddingMode === 'circular' && padding > size)) {
      const limit = c.paddingMode === 'reflect' ? size - 1 : size;
      fail('padding-mode-limit', `${owner}: padding_mode='${c.paddingMode}' needs padding ${c.paddingMode === 'reflect' ? '<' : '≤'} ` +
        `the input size along ${names[i]}: padding ${padding} vs size ${size}`,
        { arg: 'padding', value: limit, description: `use padding ≤ ${limit}` });
    }
    const r = windowOut(owner, names[i], x.spatial[i], { kernel: c.kernel[i], stride: c.stride[i], padding, dilation: c.dilation[i],
      paddedBefore: ctx.inputEndPadding?.[rank - 1 - i] }, ctx);
    spatial.push(r.out);
    working.push(r.working);
    if (r.note) notes.push(r.note);
    if (r.warning) warnings.push(r.warning);
  }
  working.push(...notes); // after every axis, so equal lines merge in the hover (H_out = W_out = …)
  return { output: joinChannelsFirst(x, c.outChannels, spatial), working, warnings };
}

// ── Cost rule ───────────────────────────────────────────────────────────────────────────────────────────────
export function convCost(c: ConvConfig, output: Shape): Cost {
  const outNumel = numel(output);
  if (outNumel === undefined) throw new UnknownValueError('cost unknown: the output size is symbolic');
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

// ── Receptive field ─────────────────────────────────────────────────────────────────────────────────────────
/** padding='same' pads d·(k − 1) in all, the smaller half before (torch's _conv_forward). */
export function convField(c: ConvConfig | ConvTransposeConfig, transposed = false): ReceptiveRule {
  const padding = c.padding === 'valid' || typeof c.padding === 'string' && c.padding !== 'same' ? c.kernel.map(() => 0)
    : c.padding === 'same' ? c.kernel.map((k, i) => Math.floor((c.dilation[i] * (k - 1)) / 2)) : c.padding;
  return { kind: transposed ? 'transposed' : 'window', kernel: c.kernel, stride: c.stride, padding, dilation: c.dilation };
}

function conv(rank: 1 | 2 | 3): LayerDef {
  const type = `Conv${rank}d`;
  return {
    type, kind: 'module', summary: `${rank}-D convolution`, signature: convSignature,
    validate: (a) => void readConv(type, a, rank),
    params: (a) => convParams(readConv(type, a, rank)),
    forward: (a, [x], ctx) => convForward(type, readConv(type, a, rank), x, ctx),
    cost: (a, _inputs, out) => convCost(readConv(type, a, rank), out as Shape),
    saves: savesInputForWeight,
    receptive: (a) => convField(readConv(type, a, rank)),
  };
}

// ══ ConvTranspose ════════════════════════════════════════════════════════════════════════════════════════════
// PyTorch's order differs from Conv: output_padding, groups, bias come before dilation.
const convTransposeSignature: ArgSpec[] = [
  { name: 'in_channels' }, { name: 'out_channels' }, { name: 'kernel_size' },
  { name: 'stride', default: 1 }, { name: 'padding', default: 0 }, { name: 'output_padding', default: 0 },
  { name: 'groups', default: 1 }, { name: 'bias', default: true }, { name: 'dilation', default: 1 },
  { name: 'padding_mode', default: 'zeros' }, { name: 'device', default: null }, { name: 'dtype', default: null },
];

export interface ConvTransposeConfig extends Omit<ConvConfig, 'padding'> {
  /** Per-axis padding; a string (torch accepts it in the constructor, then fails in forward) is kept to report it. */
  readonly padding: number[] | string;
  readonly outputPadding: number[];
}

export function readConvTranspose(owner: string, a: Args, rank: number): ConvTransposeConfig {
  const mode = str(a, 'padding_mode');
  if (mode !== 'zeros') fail('bad-arguments', `Only "zeros" padding mode is supported for ${owner}, got '${mode}'`);
  const stringPadding = typeof a.padding === 'string' ? a.padding : undefined;
  const base = readConv(owner, stringPadding === undefined ? a : { ...a, padding: 0 }, rank);
  const outputPadding = ntuple(a, 'output_padding', rank);
  if (outputPadding.some((p) => p < 0)) fail('bad-padding', `${owner}: negative output_padding is not supported, got ${dims(outputPadding)}`);
  return { ...base, padding: stringPadding ?? (base.padding as number[]), outputPadding };
}

// ── Parameter rule ──────────────────────────────────────────────────────────────────────────────────────────
export function convTransposeParams(c: ConvTransposeConfig): ParamSet {
  const perGroupOut = c.outChannels / c.groups;
  const weightShape = [c.inChannels, perGroupOut, ...c.kernel];
  const tensors = [{ name: 'weight', shape: weightShape, count: product(weightShape) }];
  if (c.bias) tensors.push({ name: 'bias', shape: [c.outChannels], count: BigInt(c.outChannels) });
  const total = tensors.reduce((s, t) => s + t.count, 0n);
  const outPart = c.groups === 1 ? `${c.outChannels}` : `${c.outChannels}/${c.groups}`;
  const rule = `${c.inChannels} · ${dot(outPart, ...c.kernel)}${c.bias ? ` + ${c.outChannels}` : ''}`;
  return { tensors, working: [line('params', `${rule} = ${withSeparators(total)}`)] };
}

// ── Shape rule ──────────────────────────────────────────────────────────────────────────────────────────────
export function convTransposeForward(owner: string, c: ConvTransposeConfig, input: Shape, ctx?: EvalContext): Forward {
  const rank = c.kernel.length;
  if (typeof c.padding === 'string') {
    return fail('bad-padding', `${owner}: padding='${c.padding}' is not supported; a transposed convolution takes integer padding`);
  }
  const x = splitChannelsFirst(owner, input, rank);
  if (!isKnown(x.channels)) expectEqual(ctx, x.channels, c.inChannels, { source: 'the input channels', requiredBy: `${owner}(in_channels=${c.inChannels})` },
    () => fail('conv-in-channels', `${owner} expects ${c.inChannels} input channels but receives ${formatDim(x.channels)} (input ${formatShape(input)})`));
  if (isKnown(x.channels) && x.channels !== c.inChannels) {
    const weight = `[${[c.inChannels, c.outChannels / c.groups, ...c.kernel].join(', ')}]`;
    fail('conv-in-channels', `${owner} expects ${c.inChannels} input channels but receives ${x.channels} ` +
      `(input ${formatShape(input)}; weight ${weight}, groups=${c.groups})`,
      { arg: 'in_channels', value: x.channels, description: `set in_channels to ${x.channels}` });
  }
  const names = spatialNames(rank);
  const bad = c.outputPadding.findIndex((op, i) => !(op < c.stride[i] || op < c.dilation[i]));
  if (bad >= 0) {
    const most = Math.max(c.stride[bad], c.dilation[bad]) - 1;
    fail('output-padding', `${owner}: output_padding must be smaller than either stride or dilation: ` +
      `output_padding ${c.outputPadding[bad]} ≥ stride ${c.stride[bad]} and ≥ dilation ${c.dilation[bad]} along ${names[bad]}`,
      { arg: 'output_padding', value: most, description: `use output_padding ≤ ${most}` });
  }
  const working: WorkingLine[] = [line('C_out', `out_channels = ${c.outChannels}`)];
  const spatial: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const d = x.spatial[i];
    const [s, p, dl, k, op] = [c.stride[i], (c.padding as number[])[i], c.dilation[i], c.kernel[i], c.outputPadding[i]];
    if (!isKnown(d)) {
      // (H − 1)·s − 2p + d·(k − 1) + op + 1: linear in H, at least 1 for every valid input.
      const out = addDim(mulDim(d, s), -s - 2 * p + dl * (k - 1) + op + 1);
      expectAtLeast(ctx, out, 1, { source: `the output size along ${names[i]}`, requiredBy: `${owner} (an output of at least 1 along ${names[i]})` },
        () => fail('output-too-small', `${owner}: output size ${formatDim(out)} < 1 along ${names[i]}`));
      spatial.push(out);
      working.push(line(`${names[i]}_out`, `(${formatDim(d)} − 1)·${s} − 2·${p} + ${dl}·(${k} − 1) + ${op} + 1 = ${formatDim(out)}`));
      continue;
    }
    const out = (d - 1) * s - 2 * p + dl * (k - 1) + op + 1;
    const text = `(${d} − 1)·${s} − 2·${p} + ${dl}·(${k} − 1) + ${op} + 1 = ${out}`;
    if (out < 1) fail('output-too-small', `${owner}: output size ${out} < 1 along ${names[i]} (${text})`);
    spatial.push(out);
    working.push(line(`${names[i]}_out`, text));
  }
  return { output: joinChannelsFirst(x, c.outChannels, spatial), working };
}

// ── Cost rule ───────────────────────────────────────────────────────────────────────────────────────────────
/** Along one axis: how many (input position, kernel tap) products land on each output position. */
function hitsAlongAxis(input: number, k: number, s: number, p: number, d: number, out: number): { hits: bigint; positions: bigint } {
  const count = new Array<number>(out).fill(0);
  for (let i = 0; i < input; i++) {
    for (let t = 0; t < k; t++) {
      const j = i * s + t * d - p;
      if (j >= 0 && j < out) count[j]++;
    }
  }
  return { hits: BigInt(count.reduce((a, b) => a + b, 0)), positions: BigInt(count.filter((h) => h > 0).length) };
}

export function convTransposeCost(c: ConvTransposeConfig, input: Shape, output: Shape): Cost {
  const inNumel = numel(input);
  const outNumel = numel(output);
  if (inNumel === undefined || outNumel === undefined) throw new UnknownValueError('cost unknown: a size is symbolic');
  const rank = c.kernel.length;
  const perIn = BigInt(c.outChannels / c.groups) * product(c.kernel); // products each input element scatters
  const macs = inNumel * perIn;
  const inSpatial = input.slice(-rank) as number[];
  const outSpatial = output.slice(-rank) as number[];
  const batch = BigInt(input.length === rank + 2 ? (input[0] as number) : 1);
  let hits = 1n;
  let positions = 1n;
  for (let i = 0; i < rank; i++) {
    const h = hitsAlongAxis(inSpatial[i], c.kernel[i], c.stride[i], (c.padding as number[])[i], c.dilation[i], outSpatial[i]);
    hits *= h.hits;
    positions *= h.positions;
  }
  const perGroupIn = BigInt(c.inChannels / c.groups);
  const planes = batch * BigInt(c.outChannels); // one output plane per (sample, output channel)
  const mults = planes * perGroupIn * hits;
  const adds = planes * (perGroupIn * hits - positions) + (c.bias ? planes * positions : 0n);
  const outPart = c.groups === 1 ? `${c.outChannels}` : `(${c.outChannels}/${c.groups})`;
  return {
    macs,
    exact: ops({ mul: mults, add: adds }),
    working: [
      `MACs = in_numel · (C_out/groups) · ∏kernel = ${dot(...input.map(Number))} · ${dot(outPart, ...c.kernel)} = ${withSeparators(macs)}`,
      `mults = ${dot(Number(batch), c.outChannels)} · ${perGroupIn} · ${hits} (products landing inside the output) = ${withSeparators(mults)}; ` +
      `adds = mults − ${dot(Number(batch), c.outChannels)} · ${positions} (positions reached)${c.bias ? ` + ${withSeparators(planes * positions)} (bias)` : ''} = ${withSeparators(adds)}`,
    ],
  };
}

function convTranspose(rank: 1 | 2 | 3): LayerDef {
  const type = `ConvTranspose${rank}d`;
  return {
    type, kind: 'module', summary: `${rank}-D transposed convolution`, signature: convTransposeSignature,
    validate: (a) => void readConvTranspose(type, a, rank),
    params: (a) => convTransposeParams(readConvTranspose(type, a, rank)),
    forward: (a, [x], ctx) => convTransposeForward(type, readConvTranspose(type, a, rank), x, ctx),
    cost: (a, [x], out) => convTransposeCost(readConvTranspose(type, a, rank), x, out as Shape),
    saves: savesInputForWeight,
    receptive: (a) => convField(readConvTranspose(type, a, rank), true),
  };
}

// ══ Lazy forms: in_channels is read from the first input ═══════════════════════════════════════════════════════
/** The arguments with in_channels filled from the input's channel dimension (batched or unbatched). */
function withInChannels(owner: string, a: Args, inputs: readonly Shape[] | undefined, rank: number): Args {
  if (!inputs || inputs.length === 0) throw new UnknownValueError(`${owner}: in_channels is taken from the input, which is not known`);
  const x = splitChannelsFirst(owner, inputs[0], rank);
  if (!isKnown(x.channels)) throw new UnknownValueError(`${owner}: in_channels is taken from the input's channel dimension, which is symbolic`);
  return { ...a, in_channels: x.channels };
}

/** Constructor-time checks of a Lazy layer: everything but in_channels (a stand-in that groups divides). */
const withStandInChannels = (a: Args): Args => ({ ...a, in_channels: typeof a.groups === 'number' && a.groups > 0 ? a.groups : 1 });

function lazyConv(rank: 1 | 2 | 3): LayerDef {
  const type = `LazyConv${rank}d`;
  return {
    type, kind: 'module', summary: `${rank}-D convolution, in_channels from the input`, signature: convSignature.slice(1),
    validate: (a) => void readConv(type, withStandInChannels(a), rank),
    params: (a, inputs) => convParams(readConv(type, withInChannels(type, a, inputs, rank), rank)),
    forward: (a, inputs, ctx) => convForward(type, readConv(type, withInChannels(type, a, inputs, rank), rank), inputs[0], ctx),
    cost: (a, inputs, out) => convCost(readConv(type, withInChannels(type, a, inputs, rank), rank), out as Shape),
    saves: savesInputForWeight,
    receptive: (a, inputs) => convField(readConv(type, withInChannels(type, a, inputs, rank), rank)),
  };
}

function lazyConvTranspose(rank: 1 | 2 | 3): LayerDef {
  const type = `LazyConvTranspose${rank}d`;
  const read = (a: Args, inputs: readonly Shape[] | undefined) => readConvTranspose(type, withInChannels(type, a, inputs, rank), rank);
  return {
    type, kind: 'module', summary: `${rank}-D transposed convolution, in_channels from the input`, signature: convTransposeSignature.slice(1),
    validate: (a) => void readConvTranspose(type, withStandInChannels(a), rank),
    params: (a, inputs) => convTransposeParams(read(a, inputs)),
    forward: (a, inputs, ctx) => convTransposeForward(type, read(a, inputs), inputs[0], ctx),
    cost: (a, inputs, out) => convTransposeCost(read(a, inputs), inputs[0], out as Shape),
    saves: savesInputForWeight,
    receptive: (a, inputs) => convField(read(a, inputs), true),
  };
}

// ══ F.conv1d/2d/3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) ══════════════════════
// The weight tensor [C_out, C_in/groups, *kernel] carries what the module's constructor would: the same rules apply.
const convFunctionSignature: ArgSpec[] = [
  { name: 'stride', default: 1 }, { name: 'padding', default: 0 }, { name: 'dilation', default: 1 }, { name: 'groups', default: 1 },
];

/** Reads the conv configuration from the weight (and bias) tensors and the call arguments. */
function readConvFunction(owner: string, a: Args, inputs: readonly Shape[], rank: number): ConvConfig {
  const [input, weight, bias] = inputs;
  if (!weight) return fail('bad-arguments', `${owner}() missing required argument 'weight'`);
  if (weight.length !== rank + 2) {
    fail('bad-weight', `${owner}: weight must be ${rank + 2}-D [out_channels, in_channels/groups, ${spatialNames(rank).map((s) => `k${s}`).join(', ')}], got ${formatShape(weight)}`);
  }
  if (!weight.every(isKnown)) throw new UnknownValueError(`${owner}: the weight's size is symbolic`);
  const groups = int(a, 'groups');
  const [outChannels, perGroupIn, ...kernel] = weight as number[];
  if (groups > 0 && outChannels % groups !== 0) {
    fail('groups-not-dividing', `${owner}: groups=${groups} must divide the weight's output channels: ${outChannels} / ${groups} = ${+(outChannels / groups).toFixed(3)}`);
  }
  if (bias && !(bias.length === 1 && bias[0] === outChannels)) {
    fail('bad-bias', `${owner}: the bias must be 1-D with ${outChannels} elements (weight ${formatShape(weight)}), got ${formatShape(bias)}`);
  }
  const x = splitChannelsFirst(owner, input, rank);
  if (isKnown(x.channels) && x.channels !== perGroupIn * groups) {
    fail('conv-in-channels', `${owner}: the weight ${formatShape(weight)} with groups=${groups} expects ${perGroupIn}·${groups} = ${perGroupIn * groups} ` +
      `input channels, but the input ${formatShape(input)} has ${x.channels}`);
  }
  const asArgs: Record<string, Value> = {
    in_channels: perGroupIn * groups, out_channels: outChannels, kernel_size: kernel, stride: a.stride, padding: a.padding,
    dilation: a.dilation, groups, bias: bias !== undefined, padding_mode: 'zeros',
  };
  return readConv(owner, asArgs, rank);
}

function convFunction(rank: 1 | 2 | 3): LayerDef {
  const type = `F.conv${rank}d`;
  return {
    type, kind: 'function', summary: `${rank}-D convolution with a given weight`, signature: convFunctionSignature,
    // input, weight and an optional bias: forward takes [input, weight] or [input, weight, bias].
    inputs: 3, tensorNames: ['input', 'weight', 'bias?'],
    params: () => ({ tensors: [], working: [] }),
    forward: (a, inputs, ctx) => convForward(type, readConvFunction(type, a, inputs, rank), inputs[0], ctx),
    cost: (a, inputs, out) => convCost(readConvFunction(type, a, inputs, rank), out as Shape),
    saves: savesOperands,
    receptive: (a, inputs) => convField(readConvFunction(type, a, inputs, rank)),
  };
}

// ══ F.conv_transpose1d/2d/3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)
// The weight is [C_in, C_out/groups, *kernel], as in the module.
const convTransposeFunctionSignature: ArgSpec[] = [
  { name: 'stride', default: 1 }, { name: 'padding', default: 0 }, { name: 'output_padding', default: 0 },
  { name: 'groups', default: 1 }, { name: 'dilation', default: 1 },
];

function readConvTransposeFunction(owner: string, a: Args, inputs: readonly Shape[], rank: number): ConvTransposeConfig {
  const [input, weight, bias] = inputs;
  if (!weight) return fail('bad-arguments', `${owner}() missing required argument 'weight'`);
  if (weight.length !== rank + 2) {
    fail('bad-weight', `${owner}: weight must be ${rank + 2}-D [in_channels, out_channels/groups, ${spatialNames(rank).map((s) => `k${s}`).join(', ')}], got ${formatShape(weight)}`);
  }
  if (!weight.every(isKnown)) throw new UnknownValueError(`${owner}: the weight's size is symbolic`);
  const groups = int(a, 'groups');
  const [inChannels, perGroupOut, ...kernel] = weight as number[];
  if (groups > 0 && inChannels % groups !== 0) {
    fail('groups-not-dividing', `${owner}: groups=${groups} must divide the weight's input channels: ${inChannels} / ${groups} = ${+(inChannels / groups).toFixed(3)}`);
  }
  const outChannels = perGroupOut * groups;
  if (bias && !(bias.length === 1 && bias[0] === outChannels)) {
    fail('bad-bias', `${owner}: the bias must be 1-D with ${outChannels} elements (weight ${formatShape(weight)}, groups=${groups}), got ${formatShape(bias)}`);
  }
  const x = splitChannelsFirst(owner, input, rank);
  if (isKnown(x.channels) && x.channels !== inChannels) {
    fail('conv-in-channels', `${owner}: the weight ${formatShape(weight)} expects ${inChannels} input channels, but the input ${formatShape(input)} has ${x.channels}`);
  }
  return readConvTranspose(owner, {
    in_channels: inChannels, out_channels: outChannels, kernel_size: kernel, stride: a.stride, padding: a.padding,
    output_padding: a.output_padding, groups, bias: bias !== undefined, dilation: a.dilation, padding_mode: 'zeros',
  }, rank);
}

function convTransposeFunction(rank: 1 | 2 | 3): LayerDef {
  const type = `F.conv_transpose${rank}d`;
  return {
    type, kind: 'function', summary: `${rank}-D transposed convolution with a given weight`, signature: convTransposeFunctionSignature,
    // input, weight and an optional bias: forward takes [input, weight] or [input, weight, bias].
    inputs: 3, tensorNames: ['input', 'weight', 'bias?'],
    params: () => ({ tensors: [], working: [] }),
    forward: (a, inputs, ctx) => convTransposeForward(type, readConvTransposeFunction(type, a, inputs, rank), inputs[0], ctx),
    cost: (a, inputs, out) => convTransposeCost(readConvTransposeFunction(type, a, inputs, rank), inputs[0], out as Shape),
    saves: savesOperands,
    receptive: (a, inputs) => convField(readConvTransposeFunction(type, a, inputs, rank), true),
  };
}

export const convLayers: LayerDef[] = [
  conv(1), conv(2), conv(3),
  convTranspose(1), convTranspose(2), convTranspose(3),
  lazyConv(1), lazyConv(2), lazyConv(3),
  lazyConvTranspose(1), lazyConvTranspose(2), lazyConvTranspose(3),
  convFunction(1), convFunction(2), convFunction(3),
  convTransposeFunction(1), convTransposeFunction(2), convTransposeFunction(3),
];
