// Normalization: BatchNorm1d/2d/3d, InstanceNorm1d/2d/3d (and their Lazy forms), LayerNorm, RMSNorm (2.4), GroupNorm,
// LocalResponseNorm, CrossMapLRN2d, SyncBatchNorm.
//
//   shape   output = input (normalization never changes the shape). What is checked:
//             BatchNorm1d takes (N, C) or (N, C, L); BatchNorm2d (N, C, H, W); BatchNorm3d (N, C, D, H, W);
//             InstanceNormNd takes the batched rank N + 2 or the unbatched rank N + 1;
//             GroupNorm takes (N, C, *) with C = num_channels and C % num_groups = 0;
//             LayerNorm and RMSNorm take (*, normalized_shape): the trailing dims must equal normalized_shape.
//             LocalResponseNorm takes 3 or more dims, CrossMapLRN2d exactly 4, SyncBatchNorm at least 2.
//             C must equal num_features whenever there is a per-channel tensor (affine weight or running stats)
//             to size it; without either, PyTorch never looks at C.
//           In training mode (a module's default) BatchNorm needs more than one value per channel
//             (N·∏spatial > 1) and InstanceNorm more than one spatial element; GroupNorm always needs
//             (N·C/G)·∏spatial > 1.
//   params  affine: weight + bias, one per channel (LayerNorm: one per normalized element) = 2·C; RMSNorm: the
//           weight only (normalized_shape); LocalResponseNorm / CrossMapLRN2d: none.
//           track_running_stats: buffers running_mean (C), running_var (C), num_batches_tracked (1) — state,
//           not trained, so reported apart.
//   cost    0 in the macs convention (no multiply-accumulate with a weight) and, by the README's conventions, 0 in the
//           exact convention too: normalization is counted with the memory-bound ops, like torchinfo does.
//   saved   the input and two float32 statistics per normalized group (mean and 1/std): C for BatchNorm, N·C for
//           InstanceNorm (plus its weight repeated N times when affine), N·G for GroupNorm, one per normalized row
//           for LayerNorm; RMSNorm (2.x, a composite) the input, 1/rms and the normalized values when it has a weight
//   field   kept: the statistics are treated as constants, as the receptive field is defined (in training they mix
//           every position of the batch)
import { withSeparators } from '../count';
import { FREE, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef, ParamSet, ParamTensor } from '../layer';
import { expectAtLeast, expectEqual } from '../assume';
import { keepField } from '../receptive';
import type { SavedTensor } from '../saved';
import { numel as elementCount } from '../shape';
import { formatDim, formatShape, isKnown, productDim, type Dim, type Shape } from '../shape';
import { bool, int, intList, num, type ArgSpec, type Args } from '../values';
import { dims, dot, lazyLine, line } from '../working';

// ── Saved tensors ───────────────────────────────────────────────────────────────────────────────────────────
/** The input and two float32 statistics of `groups` elements each; unknown while a size is symbolic. */
function savesWithStats(groups: Dim[], extra: SavedTensor[] = []): SavedTensor[] {
  const n = elementCount(groups);
  if (n === undefined) throw new UnknownValueError('the saved statistics depend on a symbolic size');
  return [{ input: 0 }, { made: 'mean', numel: n, element: 'f32' }, { made: 'invstd', numel: n, element: 'f32' }, ...extra];
}

const batchNormSaves = (_a: Args, [x]: readonly Shape[]) => savesWithStats([x[1] ?? 1]);

function instanceNormSaves(a: Args, [x]: readonly Shape[], rank: number): SavedTensor[] {
  const planes = x.length === rank + 2 ? [x[0], x[1]] : [x[0]]; // batched (N, C, …) or unbatched (C, …)
  const n = elementCount(planes);
  const repeated: SavedTensor[] = bool(a, 'affine') && n !== undefined ? [{ made: 'weight repeated per sample', numel: n, element: 'act' }] : [];
  // with running statistics, instance_norm repeats them per sample for batch_norm, which keeps both copies
  if (a.track_running_stats === true && n !== undefined) {
    repeated.push({ made: 'running mean repeated per sample', numel: n, element: 'f32' }, { made: 'running var repeated per sample', numel: n, element: 'f32' });
  }
  return savesWithStats(planes, repeated);
}

function layerNormSaves(a: Args, [x]: readonly Shape[]): SavedTensor[] {
  const rows = x.slice(0, x.length - readNormalizedShape(a).length);
  return savesWithStats(rows);
}

function rmsNormSaves(a: Args, [x]: readonly Shape[]): SavedTensor[] {
  const shape = readNormalizedShape(a, 'RMSNorm');
  const rows = elementCount(x.slice(0, x.length - shape.length));
  const all = elementCount(x);
  if (rows === undefined || all === undefined) throw new UnknownValueError('the saved tensors depend on a symbolic size');
  return [{ input: 0 }, { made: '1/rms', numel: rows, element: 'act' },
    ...(bool(a, 'elementwise_affine') ? [{ made: 'normalized', numel: all, element: 'act' as const }] : [])];
}

/** x·x padded by size − 1 channels (the average pool's input), (k + α·avg)^β and its base, and β as a 0-d double. */
function lrnSaves(a: Args, [x]: readonly Shape[]): SavedTensor[] {
  const size = int(a, 'size');
  const all = elementCount(x);
  const c = x[1];
  const rest = elementCount([x[0], ...x.slice(2)]);
  if (all === undefined || rest === undefined || !isKnown(c)) throw new UnknownValueError('the saved tensors depend on a symbolic size');
  return [{ input: 0 }, { made: 'padded squares', numel: rest * BigInt(c + size - 1), element: 'act' },
    { made: 'k + α·mean', numel: all, element: 'act' }, { made: 'denominator', numel: all, element: 'act' },
    { made: 'β', numel: 1n, element: 'int64' }];
}

const perChannel = (name: string, shape: number[]): ParamTensor =>
  ({ name, shape, count: shape.reduce((p, d) => p * BigInt(d), 1n) });

const sum = (ts: readonly ParamTensor[]): bigint => ts.reduce((s, t) => s + t.count, 0n);

/** The shape rule of every normalization: the output is the input. */
export const identity = (x: Shape, why: string): Forward =>
  ({ output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)} (${why})`)] });

/** Normalization costs nothing in either convention; the working says why. */
export const normCost = (owner: string): Cost =>
  ({ ...FREE, working: [`${owner}: 0 MACs and 0 counted operations (normalization is not counted, by convention)`] });

// ── Shared by BatchNorm and InstanceNorm: affine weight/bias and the running-stat buffers ───────────────────
function statParams(c: number, affine: boolean, tracking: boolean): ParamSet {
  const tensors = affine ? [perChannel('weight', [c]), perChannel('bias', [c])] : [];
  const buffers = tracking
    ? [perChannel('running_mean', [c]), perChannel('running_var', [c]), { name: 'num_batches_tracked', shape: [], count: 1n }]
    : [];
  const working = [line('params', affine ? `2 · ${c} (weight + bias) = ${withSeparators(sum(tensors))}` : '0 (affine=False)')];
  if (tracking) working.push(line('buffers', `2 · ${c} (running_mean + running_var) + 1 (num_batches_tracked) = ${withSeparators(sum(buffers))} (not trained)`));
  return { tensors, buffers, working };
}

const checkPositive = (owner: string, name: string, v: number) => {
  if (v <= 0) fail('bad-arguments', `${owner}: ${name} must be positive, got ${v}`);
};

const readFeatures = (owner: string, a: Args): number => {
  const c = int(a, 'num_features');
  checkPositive(owner, 'num_features', c);
  return c;
};

/** The channel check BatchNorm and InstanceNorm share (PyTorch sizes running_mean / weight by num_features). */
function checkChannels(owner: string, code: string, expected: number, got: Dim, x: Shape, sizedBy: string) {
  if (!isKnown(got)) expectEqual(undefined, got, expected, { source: 'the input channels', requiredBy: `${owner}(num_features=${expected})` },
    () => fail(code, `${owner}(${expected}) expects ${expected} channels but the input ${formatShape(x)} has ${formatDim(got)}`));
  if (isKnown(got) && got !== expected) {
    fail(code, `${owner}(${expected}) expects ${expected} channels (num_features, which sizes ${sizedBy}) but the input ` +
      `${formatShape(x)} has ${got}`, { arg: 'num_features', value: got, description: `set num_features to ${got}` });
  }
}

// ── BatchNorm ───────────────────────────────────────────────────────────────────────────────────────────────
const batchNormSignature: ArgSpec[] = [
  { name: 'num_features' }, { name: 'eps', default: 1e-5 }, { name: 'momentum', default: 0.1 },
  { name: 'affine', default: true }, { name: 'track_running_stats', default: true },
  { name: 'device', default: null }, { name: 'dtype', default: null },
];
const lazySignature = batchNormSignature.slice(1);

/** Accepted input ranks: BatchNorm1d (N, C) or (N, C, L); BatchNorm2d (N, C, H, W); BatchNorm3d (N, C, D, H, W). */
const batchNormRanks = (rank: number): number[] => (rank === 1 ? [2, 3] : [rank + 2]);

function batchNormForward(owner: string, rank: number, c: number | null, a: Args, x: Shape): Forward {
  const ranks = batchNormRanks(rank);
  if (!ranks.includes(x.length)) {
    fail('wrong-rank', `${owner}: expected ${ranks.map((r) => `${r}D`).join(' or ')} input (got ${x.length}D input ${formatShape(x)})`);
  }
  const affine = bool(a, 'affine');
  const tracking = bool(a, 'track_running_stats');
  if (c !== null && (affine || tracking)) {
    checkChannels(owner, 'batchnorm-num-features', c, x[1], x, tracking ? 'running_mean and running_var' : 'weight and bias');
  }
  // Training mode: the batch statistics need at least two values per channel.
  const perChannelValues = [x[0], ...x.slice(2)];
  if (!perChannelValues.every(isKnown)) {
    expectAtLeast(undefined, productDim(perChannelValues), 2, { source: 'the values per channel (N·∏spatial)', requiredBy: `${owner} (training mode)` },
      () => fail('batchnorm-single-value', `${owner}: expected more than 1 value per channel when training, got input ${formatShape(x)}`));
  }
  if (perChannelValues.every(isKnown) && perChannelValues.reduce((p, d) => p * (d as number), 1) === 1) {
    fail('batchnorm-single-value', `${owner}: expected more than 1 value per channel when training, got input ${formatShape(x)} ` +
      `(${perChannelValues.length === 1 ? 'N = 1' : `N·∏spatial = ${dot(...perChannelValues.map((d) => d as number))} = 1`}; model.eval() would accept it)`);
  }
  return identity(x, `${owner} normalizes each of the ${formatDim(x[1])} channels`);
}

function batchNorm(rank: 1 | 2 | 3): LayerDef {
  const type = `BatchNorm${rank}d`;
  return {
    type, kind: 'module', summary: `batch normalization over ${rank === 1 ? '(N, C) or (N, C, L)' : `${rank}-D`} inputs`,
    signature: batchNormSignature,
    validate: (a) => void readFeatures(type, a),
    params: (a) => statParams(readFeatures(type, a), bool(a, 'affine'), bool(a, 'track_running_stats')),
    forward: (a, [x]) => batchNormForward(type, rank, readFeatures(type, a), a, x),
    cost: () => normCost(type),
    saves: batchNormSaves,
    receptive: keepField,
  };
}

/** Lazy forms take num_features from the input's dim 1 on the first call. */
function lazyChannels(owner: string, inputs: readonly Shape[] | undefined): number {
  const x = inputs?.[0];
  if (!x) throw new UnknownValueError(`${owner}: num_features comes from the first input`);
  if (x.length < 2) fail('wrong-rank', `${owner}: the input ${formatShape(x)} has no channel dimension`);
  const c = x[1];
  if (!isKnown(c)) throw new UnknownValueError(`${owner}: the input's channel count ${formatDim(c)} is symbolic`);
  return c;
}

function lazyBatchNorm(rank: 1 | 2 | 3): LayerDef {
  const type = `LazyBatchNorm${rank}d`;
  return {
    type, kind: 'module', summary: `batch normalization, num_features taken from the input`, signature: lazySignature,
    params: (a, inputs) => statParams(lazyChannels(type, inputs), bool(a, 'affine'), bool(a, 'track_running_stats')),
    forward: (a, [x]) => batchNormForward(type, rank, null, a, x),
    cost: () => normCost(type),
    saves: batchNormSaves,
    receptive: keepField,
  };
}

// ── InstanceNorm ────────────────────────────────────────────────────────────────────────────────────────────
const instanceNormSignature: ArgSpec[] = [
  { name: 'num_features' }, { name: 'eps', default: 1e-5 }, { name: 'momentum', default: 0.1 },
  { name: 'affine', default: false }, { name: 'track_running_stats', default: false },
  { name: 'device', default: null }, { name: 'dtype', default: null },
];

/** InstanceNorm's checks: rank N + 1 or N + 2, the channels where something is sized by them, > 1 spatial value. */
function instanceNormForward(type: string, rank: number, c: number, a: Args, x: Shape): Forward {
  if (x.length !== rank + 1 && x.length !== rank + 2) {
    fail('wrong-rank', `${type}: expected ${rank + 1}D (unbatched) or ${rank + 2}D (batched) input (got ${x.length}D input ${formatShape(x)})`);
  }
  const batched = x.length === rank + 2;
  const channels = x[batched ? 1 : 0];
  const affine = bool(a, 'affine');
  const tracking = bool(a, 'track_running_stats');
  const warnings = [];
  if (affine || tracking) {
    checkChannels(type, 'instancenorm-num-features', c, channels, x, affine ? 'weight and bias' : 'running_mean and running_var');
  } else if (isKnown(channels) && channels !== c) {
    // PyTorch only warns here: without affine or running stats nothing is sized by num_features.
    warnings.push({ severity: 'warning' as const, code: 'instancenorm-num-features',
      message: `${type}: input's size at dim=${batched ? 1 : 0} (${channels}) does not match num_features (${c}); ` +
        `PyTorch only warns because neither affine nor track_running_stats is set` });
  }
  const spatial = x.slice(batched ? 2 : 1);
  if (!spatial.every(isKnown)) {
    expectAtLeast(undefined, productDim(spatial), 2, { source: 'the spatial elements', requiredBy: `${type} (training mode)` },
      () => fail('instancenorm-single-value', `${type}: expected more than 1 spatial element when training, got input ${formatShape(x)}`));
  }
  if (spatial.every(isKnown) && spatial.reduce((p, d) => p * (d as number), 1) === 1) {
    fail('instancenorm-single-value', `${type}: expected more than 1 spatial element when training, got input ${formatShape(x)}`);
  }
  return { ...identity(x, `${type} normalizes each sample's channels over their ${rank}-D extent`), warnings };
}

function instanceNorm(rank: 1 | 2 | 3): LayerDef {
  const type = `InstanceNorm${rank}d`;
  return {
    type, kind: 'module', summary: `instance normalization over ${rank}-D inputs (per sample, per channel)`,
    signature: instanceNormSignature,
    validate: (a) => void readFeatures(type, a),
    params: (a) => statParams(readFeatures(type, a), bool(a, 'affine'), bool(a, 'track_running_stats')),
    forward: (a, [x]) => instanceNormForward(type, rank, readFeatures(type, a), a, x),
    cost: () => normCost(type),
    saves: (a, inputs) => instanceNormSaves(a, inputs, rank),
    receptive: keepField,
  };
}

// LazyInstanceNorm: affine and running stats on by default (unlike InstanceNorm); num_features = input.shape[1] on the
// first call — for an unbatched input that is its first spatial size, which the channel check then rejects.
function lazyInstanceNorm(rank: 1 | 2 | 3): LayerDef {
  const type = `LazyInstanceNorm${rank}d`;
  return {
    type, kind: 'module', summary: 'instance normalization, num_features taken from the input',
    signature: [{ name: 'eps', default: 1e-5 }, { name: 'momentum', default: 0.1 }, { name: 'affine', default: true },
      { name: 'track_running_stats', default: true }, { name: 'device', default: null }, { name: 'dtype', default: null }],
    params: (a, inputs) => statParams(lazyChannels(type, inputs), bool(a, 'affine'), bool(a, 'track_running_stats')),
    forward: (a, [x]) => instanceNormForward(type, rank, lazyChannels(type, [x]), a, x),
    cost: () => normCost(type),
    saves: (a, inputs) => instanceNormSaves(a, inputs, rank),
    receptive: keepField,
  };
}

// ── LayerNorm ───────────────────────────────────────────────────────────────────────────────────────────────
// PyTorch 2.1 added bias (before device): LayerNorm(d, bias=False) has a weight and no bias. 1.13 lacks it; the
// engine follows 2.x (conformance cases from the documentation, test/fixtures/conformance-2x.json).
const layerNormSignature: ArgSpec[] = [
  { name: 'normalized_shape' }, { name: 'eps', default: 1e-5 }, { name: 'elementwise_affine', default: true },
  { name: 'bias', default: true }, { name: 'device', default: null }, { name: 'dtype', default: null },
];

export function readNormalizedShape(a: Args, owner = 'LayerNorm'): number[] {
  const shape = intList(a, 'normalized_shape');
  if (shape.length === 0) {
    fail('bad-arguments', `${owner}: expected normalized_shape to be at least 1-dimensional, but got normalized_shape = []`);
  }
  if (shape.some((d) => d < 0)) fail('bad-arguments', `${owner}: normalized_shape entries must be non-negative, got ${dims(shape)}`);
  return shape;
}

/** LayerNorm's and RMSNorm's rule: the input ends with normalized_shape. */
export function trailingForward(owner: string, shape: number[], x: Shape, fixable = true): Forward {
  const trailing = x.slice(x.length - shape.length);
  const fits = x.length >= shape.length && trailing.every((d, i) => !isKnown(d) || d === shape[i]);
  // A symbolic trailing size must come out as normalized_shape says: a constraint on the input.
  if (fits) trailing.forEach((d, i) => {
    if (!isKnown(d)) expectEqual(undefined, d, shape[i], { source: `the input's dim ${x.length - shape.length + i}`, requiredBy: `${owner}(${dims(shape)})` },
      () => fail('layernorm-shape', `${owner}: given normalized_shape=[${shape.join(', ')}], expected input with shape [*, ${shape.join(', ')}], but got input of size ${formatShape(x)}`));
  });
  if (!fits) {
    const list = `[${shape.join(', ')}]`;
    const knownTrailing = fixable && x.length >= shape.length && trailing.every(isKnown);
    fail('layernorm-shape', `${owner}: given normalized_shape=${list}, expected input with shape [*, ${shape.join(', ')}], ` +
      `but got input of size ${formatShape(x)}`,
      knownTrailing ? { arg: 'normalized_shape', value: trailing as number[], description: `set normalized_shape to [${trailing.join(', ')}]` } : undefined);
  }
  return identity(x, `normalized over the last ${shape.length} dim${shape.length === 1 ? '' : 's'} ${dims(shape)}`);
}

const layerNorm: LayerDef = {
  type: 'LayerNorm', kind: 'module', summary: 'layer normalization over the trailing dimensions', signature: layerNormSignature,
  validate: (a) => void readNormalizedShape(a),
  params: (a) => {
    const shape = readNormalizedShape(a);
    if (!bool(a, 'elementwise_affine')) return { tensors: [], working: [line('params', '0 (elementwise_affine=False)')] };
    if (!bool(a, 'bias')) {
      const tensors = [perChannel('weight', shape)];
      return { tensors, working: [line('params', `${dot(...shape)} (weight; bias=False) = ${withSeparators(sum(tensors))}`)] };
    }
    const tensors = [perChannel('weight', shape), perChannel('bias', shape)];
    return { tensors, working: [line('params', `2 · ${dot(...shape)} (weight + bias) = ${withSeparators(sum(tensors))}`)] };
  },
  forward: (a, [x]) => trailingForward('LayerNorm', readNormalizedShape(a), x),
  cost: () => normCost('LayerNorm'),
  saves: layerNormSaves,
  receptive: keepField,
};

// ── RMSNorm (2.4): LayerNorm's shape rule, a weight of normalized_shape (no bias) ────────────────────────────
const rmsNorm: LayerDef = {
  type: 'RMSNorm', kind: 'module', summary: 'root-mean-square normalization over the trailing dimensions',
  signature: [{ name: 'normalized_shape' }, { name: 'eps', default: null }, { name: 'elementwise_affine', default: true },
    { name: 'device', default: null }, { name: 'dtype', default: null }],
  validate: (a) => void readNormalizedShape(a, 'RMSNorm'),
  params: (a) => {
    const shape = readNormalizedShape(a, 'RMSNorm');
    if (!bool(a, 'elementwise_affine')) return { tensors: [], working: [line('params', '0 (elementwise_affine=False)')] };
    const tensors = [perChannel('weight', shape)];
    return { tensors, working: [line('params', `${dot(...shape)} (weight; RMSNorm has no bias) = ${withSeparators(sum(tensors))}`)] };
  },
  forward: (a, [x]) => trailingForward('RMSNorm', readNormalizedShape(a, 'RMSNorm'), x),
  cost: () => normCost('RMSNorm'),
  saves: rmsNormSaves,
  receptive: keepField,
};

// ── LocalResponseNorm (any (N, C, …) of 3 or more dims), CrossMapLRN2d (4-D only) ─────────────────────────────
const lrnSignature = (k: number): ArgSpec[] => [{ name: 'size' }, { name: 'alpha', default: 1e-4 }, { name: 'beta', default: 0.75 }, { name: 'k', default: k }];

function lrn(type: 'LocalResponseNorm' | 'CrossMapLRN2d'): LayerDef {
  return {
    type, kind: 'module', summary: 'normalization over neighbouring channels', signature: lrnSignature(1.0),
    params: () => ({ tensors: [], working: [] }),
    forward: (_a, [x]) => {
      if (type === 'CrossMapLRN2d' && x.length !== 4) fail('wrong-rank', `CrossMapLRN2d: expected input to be 4D, got ${x.length}D instead (${formatShape(x)})`);
      if (x.length < 3) fail('wrong-rank', `${type}: expected 3D or higher dimensionality input (got ${x.length} dimensions: ${formatShape(x)})`);
      return identity(x, `each value divided by its neighbourhood of channels`);
    },
    cost: () => normCost(type),
    saves: type === 'LocalResponseNorm' ? lrnSaves : undefined,
    receptive: keepField,
  };
}

// ── SyncBatchNorm: BatchNorm over (N, C, +) synchronized across processes; alone it is BatchNorm's rule ─────
const syncBatchNorm: LayerDef = {
  type: 'SyncBatchNorm', kind: 'module', summary: 'batch normalization synchronized across processes',
  signature: [...batchNormSignature.slice(0, 5), { name: 'process_group', default: null }, ...batchNormSignature.slice(5)],
  validate: (a) => void readFeatures('SyncBatchNorm', a),
  params: (a) => statParams(readFeatures('SyncBatchNorm', a), bool(a, 'affine'), bool(a, 'track_running_stats')),
  forward: (a, [x]) => {
    if (x.length < 2) fail('wrong-rank', `SyncBatchNorm: expected at least 2D input (got ${x.length}D input ${formatShape(x)})`);
    if (x[1] === 0) fail('wrong-rank', `SyncBatchNorm: expected an input with a non-zero number of channels, got ${formatShape(x)}`);
    const c = readFeatures('SyncBatchNorm', a);
    if (bool(a, 'affine') || bool(a, 'track_running_stats')) checkChannels('SyncBatchNorm', 'batchnorm-num-features', c, x[1], x, 'weight and running stats');
    return identity(x, `SyncBatchNorm normalizes each of the ${formatDim(x[1])} channels over the whole (global) batch`);
  },
  cost: () => normCost('SyncBatchNorm'),
  saves: batchNormSaves,
  receptive: keepField,
};

// ── GroupNorm ───────────────────────────────────────────────────────────────────────────────────────────────
const groupNormSignature: ArgSpec[] = [
  { name: 'num_groups' }, { name: 'num_channels' }, { name: 'eps', default: 1e-5 }, { name: 'affine', default: true },
  { name: 'device', default: null }, { name: 'dtype', default: null },
];

function readGroupNorm(a: Args): { groups: number; channels: number } {
  const groups = int(a, 'num_groups');
  const channels = int(a, 'num_channels');
  num(a, 'eps');
  checkPositive('GroupNorm', 'num_groups', groups);
  checkPositive('GroupNorm', 'num_channels', channels);
  if (channels % groups !== 0) {
    let divisor = groups; // the nearest group count below that divides
    while (channels % divisor !== 0) divisor--;
    fail('groupnorm-groups', `GroupNorm: num_channels must be divisible by num_groups: ${channels} / ${groups} = ${+(channels / groups).toFixed(3)}`,
      { arg: 'num_groups', value: divisor, description: `use ${divisor} groups of ${channels / divisor} channels` });
  }
  return { groups, channels };
}

const groupNorm: LayerDef = {
  type: 'GroupNorm', kind: 'module', summary: 'group normalization: channels split into num_groups groups',
  signature: groupNormSignature,
  validate: (a) => void readGroupNorm(a),
  params: (a) => {
    const { channels } = readGroupNorm(a);
    return statParams(channels, bool(a, 'affine'), false);
  },
  forward: (a, [x]) => {
    const { groups, channels } = readGroupNorm(a);
    if (x.length < 2) fail('wrong-rank', `GroupNorm: expected an input of at least 2 dimensions (N, C, *), got ${formatShape(x)}`);
    const c = x[1];
    if (isKnown(c)) {
      if (bool(a, 'affine') && c !== channels) {
        fail('groupnorm-num-channels', `GroupNorm(${groups}, ${channels}) expects ${channels} channels (num_channels, which sizes weight and bias) ` +
          `but the input ${formatShape(x)} has ${c}`, { arg: 'num_channels', value: c, description: `set num_channels to ${c}` });
      }
      if (c % groups !== 0) {
        fail('groupnorm-groups', `GroupNorm: the input's ${c} channels are not divisible by num_groups = ${groups} (input ${formatShape(x)})`);
      }
      // Statistics are taken over each group: (N·C/G) groups of ∏spatial values each; one value is not enough.
      const rest = [x[0], ...x.slice(2)];
      if (rest.every(isKnown)) {
        const values = (rest as number[]).reduce((p, d) => p * d, 1) * (c / groups);
        if (values === 1) {
          fail('groupnorm-single-value', `GroupNorm: expected more than 1 value per channel, got input ${formatShape(x)} ` +
            `(N·(C/G)·∏spatial = ${dot(x[0] as number, `${c}/${groups}`, ...(x.slice(2) as number[]))} = 1)`);
        }
      }
    }
    return identity(x, `${formatDim(c)} channels in ${groups} groups of ${isKnown(c) ? c / groups : '?'}`);
  },
  cost: () => normCost('GroupNorm'),
  saves: (a, [x]) => savesWithStats([x[0], readGroupNorm(a).groups]),
  receptive: keepField,
};

export const normLayers: LayerDef[] = [
  batchNorm(1), batchNorm(2), batchNorm(3), lazyBatchNorm(1), lazyBatchNorm(2), lazyBatchNorm(3),
  instanceNorm(1), instanceNorm(2), instanceNorm(3), lazyInstanceNorm(1), lazyInstanceNorm(2), lazyInstanceNorm(3),
  layerNorm, rmsNorm, groupNorm, lrn('LocalResponseNorm'), lrn('CrossMapLRN2d'), syncBatchNorm,
];
