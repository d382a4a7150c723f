// Functional layers that take their weights as tensors: F.batch_norm, F.instance_norm, F.layer_norm, F.group_norm,
// F.rms_norm (2.4), F.local_response_norm (and the torch.* spellings with ATen's argument order), F.one_hot,
// F.bilinear, F.conv_tbc, and the channel shuffle (ChannelShuffle, F.channel_shuffle, F.native_channel_shuffle).
//
//   batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
//     shape   output = input (N, C, *); every given running_mean / running_var / weight / bias holds C entries;
//             training needs more than one value per channel (N·∏spatial > 1)
//     torch.batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled)
//   instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)
//     shape   output = input (N, C, *); the per-channel tensors hold C entries; use_input_stats needs more than one
//             spatial value; use_input_stats=False needs running_mean and running_var
//   layer_norm(input, normalized_shape, weight, bias, eps) / rms_norm(input, normalized_shape, weight, eps)
//     shape   output = input, whose trailing dims are normalized_shape; weight (and bias) of normalized_shape
//   group_norm(input, num_groups, weight, bias, eps)
//     shape   output = input (N, C, *); C % num_groups = 0; weight / bias 1-D of C; (N·C/G)·∏spatial > 1
//   local_response_norm(input, size, alpha, beta, k)   output = input, 3 or more dims
//     cost    normalization counts 0 in both conventions (norm.ts)
//   one_hot(tensor, num_classes=-1)   → tensor.shape + (num_classes,); num_classes=-1 takes max(tensor) + 1, a value
//             of the data: a symbolic size `num_classes`
//     cost    0 (a scatter)
//   bilinear(input1, input2, weight, bias=None)   weight (out, in1, in2): as the Bilinear module (linear.ts)
//   conv_tbc(input, weight, bias, pad=0)   input (T, B, C_in), weight (k, C_in, C_out), bias (C_out)
//     shape   (T + 2·pad − k + 1, B, C_out)
//     cost    as a 1-D convolution: MACs = out_numel · C_in · k; exact mults = MACs, adds = out_numel · (C_in·k − 1)
//             + out_numel (bias)
//   channel_shuffle(input, groups)   output = input (N, C, *) with 3 or more dims; groups > 0 divides C; cost 0
//             (native_channel_shuffle checks less: 2 or more dims, and only that (N, groups, ⌊C/groups⌋, −1) is a view)
import { product, withSeparators } from '../count';
import { ops } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import type { SavedTensor } from '../saved';
import { formatDim, formatShape, isKnown, numel, symbol, type Dim, type Shape } from '../shape';
import { bool, int, isUnknown, type ArgSpec, type Args } from '../values';
import { dot, lazyLine, line } from '../working';
import { bilinearCost, bilinearForward } from './linear';
import { identity, normCost, readNormalizedShape, trailingForward } from './norm';

const noParams = () => ({ tensors: [], working: [] });
const tensor = (name: string): ArgSpec => ({ name, tensor: 'one' });
const optionalTensor = (name: string): ArgSpec => ({ name, tensor: 'optional', default: null });
/** Python's Optional[Tensor] without a default: it must be passed, and may be None. */
const nullableTensor = (name: string): ArgSpec => ({ name, tensor: 'optional' });
const dimsText = (s: Shape) => `[${s.map(formatDim).join(', ')}]`;

/** Every per-channel tensor given (running stats, weight, bias) holds C entries (PyTorch checks numel). */
function checkPerChannel(owner: string, x: Shape, given: readonly Shape[], what: string): void {
  if (x.length < 2) fail('wrong-rank', `${owner}: expected an input with a channel dimension (N, C, *), got ${formatShape(x)}`);
  const c = x[1];
  for (const t of given) {
    const n = numel(t);
    if (isKnown(c) && n !== undefined && n !== BigInt(c)) {
      fail('norm-channels', `${owner}: ${what} should contain ${c} elements (the input's channels) not ${n} (shape ${formatShape(t)})`);
    }
  }
}

/** More than one value per channel (batch norm) or per instance (instance norm) when statistics are computed. */
function checkValues(owner: string, sizes: Dim[], x: Shape, what: string): void {
  if (sizes.every(isKnown) && sizes.reduce((p, d) => p * (d as number), 1) === 1) {
    fail('norm-single-value', `${owner}: expected more than 1 ${what} when training, got input size ${dimsText(x)}`);
  }
}

// ══ batch_norm ═══════════════════════════════════════════════════════════════════════════════════════════════
const bnValues: ArgSpec[] = [{ name: 'training', default: false }, { name: 'momentum', default: 0.1 }, { name: 'eps', default: 1e-5 }];

function batchNormFn(type: string, order: 'F' | 'torch'): LayerDef {
  const names = order === 'F' ? ['running_mean', 'running_var', 'weight', 'bias'] : ['weight', 'bias', 'running_mean', 'running_var'];
  const tensors: ArgSpec[] = order === 'F'
    ? [tensor('input'), nullableTensor('running_mean'), nullableTensor('running_var'), optionalTensor('weight'), optionalTensor('bias')]
    : [tensor('input'), ...names.map(nullableTensor)];
  const values = order === 'F' ? bnValues : [{ name: 'training' }, { name: 'momentum' }, { name: 'eps' }, { name: 'cudnn_enabled' }];
  return {
    type, kind: 'function', summary: 'batch normalization with the given statistics and affine tensors', inputs: 1,
    signature: [...tensors, ...values], params: noParams,
    forward: (a, [x, ...given]) => {
      checkPerChannel(type, x, given, names.join(' / '));
      if (bool(a, 'training')) checkValues(type, [x[0], ...x.slice(2)], x, 'value per channel');
      return identity(x, `each of the ${formatDim(x[1])} channels normalized`);
    },
    cost: () => normCost(type),
  };
}

// ══ instance_norm ════════════════════════════════════════════════════════════════════════════════════════════
function instanceNormFn(type: string, order: 'F' | 'torch'): LayerDef {
  const tensors: ArgSpec[] = order === 'F'
    ? [tensor('input'), optionalTensor('running_mean'), optionalTensor('running_var'), optionalTensor('weight'), optionalTensor('bias')]
    : [tensor('input'), nullableTensor('weight'), nullableTensor('bias'), nullableTensor('running_mean'), nullableTensor('running_var')];
  const values: ArgSpec[] = order === 'F'
    ? [{ name: 'use_input_stats', default: true }, { name: 'momentum', default: 0.1 }, { name: 'eps', default: 1e-5 }]
    : [{ name: 'use_input_stats' }, { name: 'momentum' }, { name: 'eps' }, { name: 'cudnn_enabled' }];
  return {
    type, kind: 'function', summary: 'instance normalization (per sample, per channel)', inputs: 1, signature: [...tensors, ...values],
    params: noParams,
    forward: (a, [x, ...given]) => {
      checkPerChannel(type, x, given, 'running_mean / running_var / weight / bias');
      if (bool(a, 'use_input_stats')) checkValues(type, x.slice(2), x, 'spatial element');
      // Without input statistics the running ones are used; they must be there (which of the given is which is not
      // known when only some are: the count is what can be checked).
      else if (given.length < 2) fail('bad-arguments', `${type}: expected running_mean and running_var to be defined when use_input_stats is false`);
      return identity(x, `each sample's ${formatDim(x[1])} channels normalized over their extent`);
    },
    cost: () => normCost(type),
  };
}

// ══ layer_norm and rms_norm ══════════════════════════════════════════════════════════════════════════════════
function trailingNormFn(type: string, rms: boolean, torchSpelling: boolean): LayerDef {
  const signature: ArgSpec[] = [tensor('input'), { name: 'normalized_shape' }, optionalTensor('weight'),
    ...(rms ? [] : [optionalTensor('bias')]), { name: 'eps', default: rms ? null : 1e-5 },
    ...(torchSpelling && !rms ? [{ name: 'cudnn_enable', default: true }] : [])];
  return {
    type, kind: 'function', summary: rms ? 'root-mean-square normalization over the trailing dimensions' : 'layer normalization over the trailing dimensions',
    inputs: 1, signature, names: rms ? ['torch.rms_norm'] : undefined, params: noParams,
    forward: (a, [x, ...given]) => {
      const shape = readNormalizedShape(a, type);
      for (const [i, t] of given.entries()) {
        const what = i === 0 ? 'weight' : 'bias';
        if (t.length !== shape.length || t.some((d, k) => isKnown(d) && d !== shape[k])) {
          fail('norm-weight', `${type}: expected ${what} to be of same shape as normalized_shape, but got ${what} of shape ${dimsText(t)} ` +
            `and normalized_shape = [${shape.join(', ')}]`);
        }
      }
      return trailingForward(type, shape, x, false);
    },
    cost: () => normCost(type),
  };
}

// ══ group_norm ═══════════════════════════════════════════════════════════════════════════════════════════════
function groupNormFn(type: string, torchSpelling: boolean): LayerDef {
  return {
    type, kind: 'function', summary: 'group normalization: channels split into num_groups groups', inputs: 1,
    signature: [tensor('input'), { name: 'num_groups' }, optionalTensor('weight'), optionalTensor('bias'), { name: 'eps', default: 1e-5 },
      ...(torchSpelling ? [{ name: 'cudnn_enabled', default: true }] : [])],
    params: noParams,
    forward: (a, [x, ...given]) => {
      const groups = int(a, 'num_groups');
      if (x.length < 2) fail('wrong-rank', `${type}: expected an input (N, C, *) of at least 2 dimensions, got ${formatShape(x)}`);
      if (groups <= 0) fail('bad-arguments', `${type}: num_groups must be positive, got ${groups}`);
      const c = x[1];
      if (isKnown(c) && c % groups !== 0) {
        fail('groupnorm-groups', `${type}: expected number of channels in input to be divisible by num_groups, but got input of shape ${dimsText(x)} and num_groups=${groups}`);
      }
      for (const t of given) {
        if (t.length !== 1 || (isKnown(c) && isKnown(t[0]) && t[0] !== c)) {
          fail('norm-channels', `${type}: expected weight (and bias) to be a vector of size equal to the number of channels in input, but got ${dimsText(t)} and input of shape ${dimsText(x)}`);
        }
      }
      if (isKnown(c)) checkValues(type, [x[0], c / groups, ...x.slice(2)], x, 'value per channel');
      return identity(x, `${formatDim(c)} channels in ${groups} groups`);
    },
    cost: () => normCost(type),
  };
}

// ══ local_response_norm ══════════════════════════════════════════════════════════════════════════════════════
const localResponseNorm: LayerDef = {
  type: 'F.local_response_norm', kind: 'function', summary: 'normalization over neighbouring channels',
  signature: [{ name: 'size' }, { name: 'alpha', default: 1e-4 }, { name: 'beta', default: 0.75 }, { name: 'k', default: 1.0 }], params: noParams,
  forward: (_a, [x]) => {
    if (x.length < 3) fail('wrong-rank', `F.local_response_norm: expected 3D or higher dimensionality input (got ${x.length} dimensions: ${formatShape(x)})`);
    return identity(x, 'each value divided by its neighbourhood of channels');
  },
  cost: () => normCost('F.local_response_norm'),
};

// ══ one_hot ══════════════════════════════════════════════════════════════════════════════════════════════════
const oneHot: LayerDef = {
  type: 'F.one_hot', kind: 'function', summary: 'class indices → one-hot vectors along a new last dim', inputs: 1, tensorNames: ['tensor'],
  signature: [{ name: 'num_classes', default: -1 }], params: noParams,
  forward: (a, [x]): Forward => {
    const n = isUnknown(a.num_classes) ? -1 : int(a, 'num_classes');
    if (n < -1) fail('bad-arguments', `F.one_hot: num_classes should be -1 (inferred) or a non-negative number, got ${n}`);
    // -1: max(tensor) + 1, a value of the data, not of the shape.
    const classes: Dim = n === -1 ? symbol('num_classes') : n;
    if (n === -1 && numel(x) === 0n) fail('bad-arguments', 'F.one_hot: can not infer total number of classes from empty tensor');
    const output = [...x, classes];
    return { output, working: [line('shape', `input.shape + (num_classes,) = ${formatShape(x)} + (${formatDim(classes)},) = ${formatShape(output)}` +
      (n === -1 ? ' (num_classes=-1: max(input) + 1, known only at run time)' : ''))] };
  },
  cost: () => ({ macs: 0n, exact: ops({}), working: ['F.one_hot: 0 (a scatter)'] }),
};

// ══ bilinear ═════════════════════════════════════════════════════════════════════════════════════════════════
function readBilinearFn(owner: string, [x1, x2, weight, bias]: readonly Shape[]) {
  if (!x2 || !weight) return fail('bad-arguments', `${owner}: needs input1, input2 and weight`);
  if (weight.length !== 3) fail('bad-weight', `${owner}: weight must be 3-D (out_features, in1_features, in2_features), got ${formatShape(weight)}`);
  if (!weight.every(isKnown)) throw new UnknownValueError(`${owner}: the weight's size is symbolic`);
  const [out, in1, in2] = weight as number[];
  if (x1.length !== x2.length) fail('bilinear-rank', `${owner}: input dimensions do not match: got ${x1.length} and ${x2.length}`);
  for (let i = 0; i < x1.length - 1; i++) {
    if (isKnown(x1[i]) && isKnown(x2[i]) && x1[i] !== x2[i]) fail('bilinear-batch', `${owner}: input batch dimensions do not match: got ${x1[i]} and ${x2[i]}`);
  }
  const [f1, f2] = [x1[x1.length - 1], x2[x2.length - 1]];
  if (x1.length === 0 || (isKnown(f1) && f1 !== in1)) fail('linear-in-features', `${owner}: input1 size does not match weight size: got ${formatDim(f1 ?? 0)} but expected ${in1}`);
  if (isKnown(f2) && f2 !== in2) fail('linear-in-features', `${owner}: input2 size does not match weight size: got ${formatDim(f2)} but expected ${in2}`);
  if (bias && (bias.length !== 1 || (isKnown(bias[0]) && bias[0] !== out))) {
    fail('bad-bias', `${owner}: bias size does not match weight size: got ${formatShape(bias)} but expected (${out},)`);
  }
  return { in1, in2, out, bias: bias !== undefined };
}

const bilinearFn: LayerDef = {
  type: 'F.bilinear', kind: 'function', summary: 'x1ᵀ·W·x2 + b with a given weight', inputs: 3,
  tensorNames: ['input1', 'input2', 'weight', 'bias?'], signature: [], params: noParams,
  forward: (_a, inputs) => bilinearForward(readBilinearFn('F.bilinear', inputs), inputs[0], inputs[1]),
  cost: (_a, inputs, out) => bilinearCost(readBilinearFn('F.bilinear', inputs), out as Shape),
};

// ══ conv_tbc: a 1-D convolution over (time, batch, channels) ═════════════════════════════════════════════════
function readConvTbc([x, weight, bias]: readonly Shape[]): { k: number; cin: number; cout: number } {
  if (!weight || !bias) return fail('bad-arguments', 'F.conv_tbc: needs input, weight and bias');
  if (x.length !== 3) fail('wrong-rank', `F.conv_tbc: input must have 3 dims: time, batch, in_channel (got ${formatShape(x)})`);
  if (weight.length !== 3) fail('bad-weight', `F.conv_tbc: weight tensor must have 3 dims: kernel_width, in_channels, out_channels (got ${formatShape(weight)})`);
  if (bias.length !== 1) fail('bad-bias', `F.conv_tbc: bias must be 1-D (got ${formatShape(bias)})`);
  if (!weight.every(isKnown)) throw new UnknownValueError("F.conv_tbc: the weight's size is symbolic");
  const [k, cin, cout] = weight as number[];
  if (isKnown(x[2]) && x[2] !== cin) fail('conv-in-channels', `F.conv_tbc: input dim 2 (input channels ${x[2]}) is not == dim 1 in the weight tensor (${cin})`);
  if (isKnown(bias[0]) && bias[0] !== cout) fail('bad-bias', `F.conv_tbc: bias size ${bias[0]} must equal dim 2 in the weight tensor (output channels ${cout})`);
  return { k, cin, cout };
}

const convTbc: LayerDef = {
  type: 'F.conv_tbc', kind: 'function', names: ['torch.conv_tbc'], summary: '1-D convolution over (time, batch, channels)', inputs: 3,
  tensorNames: ['input', 'weight', 'bias'], signature: [{ name: 'pad', default: 0 }], params: noParams,
  forward: (a, inputs) => {
    const { k, cout } = readConvTbc(inputs);
    const pad = int(a, 'pad');
    const t = inputs[0][0];
    if (!isKnown(t)) throw new UnknownValueError(`F.conv_tbc: the output length needs the symbolic time length ${formatDim(t)}`);
    const len = t + 2 * pad - k + 1;
    if (len < 0) fail('kernel-too-large', `F.conv_tbc: output length ${t} + 2·${pad} − ${k} + 1 = ${len} is negative`);
    const output = [len, inputs[0][1], cout];
    return { output, working: [line('T_out', `${t} + 2·${pad} − ${k} + 1 = ${len}`), line('C_out', `out_channels = ${cout}`)] };
  },
  cost: (_a, inputs, out) => {
    const { k, cin } = readConvTbc(inputs);
    const n = numel(out as Shape);
    if (n === undefined) throw new UnknownValueError('F.conv_tbc: cost unknown, the size is symbolic');
    const per = product([cin, k]);
    const macs = n * per;
    return { macs, exact: ops({ mul: macs, add: n * (per - 1n) + n }), working: [
      `MACs = out_numel · C_in · k = ${withSeparators(n)} · ${dot(cin, k)} = ${withSeparators(macs)}; adds = out_numel · (C_in·k − 1) + out_numel (bias)`] };
  },
};

// ══ channel_shuffle ══════════════════════════════════════════════════════════════════════════════════════════
function shuffleForward(owner: string, a: Args, x: Shape, native: boolean): Forward {
  const groups = int(a, 'groups');
  if (x.length < (native ? 2 : 3)) {
    fail('wrong-rank', `${owner}: channel_shuffle expects input to have at least ${native ? 2 : 3} dimensions, but got input with sizes ${dimsText(x)}`);
  }
  if (groups <= 0) fail('bad-arguments', `${owner}: number of groups to divide channels in must be positive, got ${groups}`);
  const c = x[1];
  if (!native && isKnown(c) && c % groups !== 0) {
    fail('shuffle-groups', `${owner}: number of channels must be divisible by groups. Got ${c} channels and ${groups} groups`);
  }
  // native_channel_shuffle skips that check: it views the input as (N, groups, ⌊C/groups⌋, −1), which only needs the
  // element count to divide.
  const n = numel(x);
  if (native && isKnown(c) && n !== undefined && isKnown(x[0])) {
    const block = BigInt(x[0]) * BigInt(groups) * BigInt(Math.floor(c / groups));
    if (block === 0n || n % block !== 0n) {
      fail('shuffle-groups', `${owner}: cannot view ${formatShape(x)} as (N, ${groups}, ${Math.floor(c / groups)}, −1) to shuffle ${c} channels in ${groups} groups`);
    }
  }
  return { output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)} (${formatDim(c)} channels in ${groups} groups, interleaved)`)] };
}

function channelShuffle(type: string, kind: LayerDef['kind'], native = false, names?: string[]): LayerDef {
  return {
    type, kind, names, summary: 'interleaves the channels of groups', signature: [{ name: 'groups' }], ...(kind === 'module' ? {} : { inputs: 1 }),
    params: noParams,
    forward: (a, [x]) => shuffleForward(type, a, x, native),
    cost: () => ({ macs: 0n, exact: ops({}), working: [`${type}: 0 (a copy)`] }),
  };
}

const functionalDefs: LayerDef[] = [
  batchNormFn('F.batch_norm', 'F'), batchNormFn('torch.batch_norm', 'torch'),
  instanceNormFn('F.instance_norm', 'F'), instanceNormFn('torch.instance_norm', 'torch'),
  trailingNormFn('F.layer_norm', false, false), trailingNormFn('torch.layer_norm', false, true), trailingNormFn('F.rms_norm', true, false),
  groupNormFn('F.group_norm', false), groupNormFn('torch.group_norm', true), localResponseNorm,
  oneHot, bilinearFn, convTbc,
  channelShuffle('ChannelShuffle', 'module'), channelShuffle('F.channel_shuffle', 'function'),
  channelShuffle('F.native_channel_shuffle', 'function', true, ['torch.native_channel_shuffle']),
];

// ── Saved for backward: the module forms' rule (norm.ts), with the sizes read from the call ─────────────────────
function stats(groups: bigint | undefined): SavedTensor[] {
  if (groups === undefined) throw new UnknownValueError('the saved statistics depend on a symbolic size');
  return [{ input: 0 }, { made: 'mean', numel: groups, element: 'f32' }, { made: 'invstd', numel: groups, element: 'f32' }];
}
const rowsOf = (x: Shape, trailing: number): bigint | undefined => numel(x.slice(0, x.length - trailing));

const FUNCTIONAL_SAVES: Record<string, (a: Args, inputs: readonly Shape[]) => readonly SavedTensor[]> = {
  batch_norm: (a, [x]) => (a.training === true ? stats(numel([x[1] ?? 1])) : [{ input: 0 }]),
  instance_norm: (_a, [x]) => stats(numel(x.slice(0, 2))),
  layer_norm: (a, [x]) => stats(rowsOf(x, Array.isArray(a.normalized_shape) ? a.normalized_shape.length : 1)),
  group_norm: (a, [x]) => stats(numel([x[0], int(a, 'num_groups')])),
  one_hot: () => [], channel_shuffle: () => [], native_channel_shuffle: () => [],
};

export const functionalLayers: LayerDef[] = functionalDefs.map((d) => {
  const rule = FUNCTIONAL_SAVES[d.type.replace(/^(F|torch)\./, '')] ?? (d.type === 'ChannelShuffle' ? () => [] : undefined);
  return rule ? { ...d, saves: rule, ...(d.type.endsWith('one_hot') ? { outputElement: 'int64' as const } : {}) } : d;
});
