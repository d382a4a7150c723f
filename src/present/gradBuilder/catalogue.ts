// What the chain builder offers, derived from the engine's registry: each kind names the registry entry whose
// signature gives its fields (the layer Conv2d, the function torch.var) and the function its step calls (F.conv2d,
// torch.var — one the gradient checker has a numeric rule for). A field is an argument of that signature: its
// default is the registry's unless the builder needs a small one (out_channels 2), and its type follows from the
// default unless given. Only presentation lives here: the grouping, the short labels, the builder's own defaults.
// test/unit/registryNames.test.ts checks that every name below resolves in the registry. Pure: no DOM.
import { findLayer, fullSignature, type ArgSpec } from '../../engine';
import { GRAD_OPS } from '../../engine/grad/ops';

/** A hyperparameter as typed: "3", "2, 3", "same", or a checkbox. */
export type HyperValue = string | boolean;

/**
 * int: one integer; ints: an int or a tuple ("2, 3"); dims: like ints, empty = every dim (None); padding: ints or
 * 'same'/'valid'; float: a number; bool: a checkbox; choice: one of `choices`.
 */
export type FieldType = 'int' | 'ints' | 'dims' | 'padding' | 'float' | 'bool' | 'choice';

export interface FieldSpec {
  key: string;
  label: string;
  type: FieldType;
  default: HyperValue;
  help: string;
  /** What an empty field means, shown greyed in it ('auto' for a stride that follows the kernel). */
  placeholder?: string;
  choices?: readonly string[];
}

export type Group = 'Layers' | 'Activations' | 'Element-wise' | 'Reductions' | 'Normalisation';
export const GROUPS: readonly Group[] = ['Layers', 'Activations', 'Normalisation', 'Element-wise', 'Reductions'];

/** A field as the catalogue states it: the argument's name, and what the builder changes about it. */
interface FieldNote extends Partial<Omit<FieldSpec, 'key'>> { key: string }

export interface KindSpec {
  readonly group: Group;
  /** The registry entry whose signature gives the fields. */
  readonly from: string;
  /** The function the step calls. */
  readonly fn: string;
  readonly fields: readonly FieldSpec[];
  /** The input must be positive (log, sqrt): as the chain's first layer, the builder draws positive integers. */
  readonly positive?: boolean;
}

interface KindNote {
  kind: string;
  group: Group;
  from?: string;
  fn: string;
  fields?: (string | FieldNote)[];
  positive?: boolean;
}

const CONV: (string | FieldNote)[] = [
  { key: 'in_channels', label: 'in', default: '1' }, { key: 'out_channels', label: 'out', default: '2' },
  { key: 'kernel_size', label: 'kernel', type: 'ints', default: '3', help: 'kernel_size: an int or "kh, kw"' },
  { key: 'stride', type: 'ints' }, { key: 'padding', type: 'padding', help: "padding: an int, \"ph, pw\", 'same' or 'valid'" },
  { key: 'dilation', type: 'ints' }, { key: 'groups', help: 'groups (in and out channels must divide by it)' },
  { key: 'bias', help: 'learnable bias' },
];
const POOL: (string | FieldNote)[] = [
  { key: 'kernel_size', label: 'kernel', type: 'ints', default: '2' },
  { key: 'stride', type: 'ints', help: 'stride (empty: = kernel_size)', placeholder: 'auto' },
  { key: 'padding', type: 'ints', help: 'padding (at most half the kernel)' },
  { key: 'ceil_mode', label: 'ceil', help: 'ceil_mode: round the output size up' },
];
const AVG_POOL = [...POOL, { key: 'count_include_pad', label: 'count pad' }];
const REDUCE = [{ key: 'dim', type: 'dims' as const, placeholder: 'all' }, 'keepdim'];

const KINDS: KindNote[] = [
  { kind: 'Conv2d', group: 'Layers', fn: 'F.conv2d', fields: CONV },
  { kind: 'Conv1d', group: 'Layers', fn: 'F.conv1d', fields: CONV },
  { kind: 'MaxPool2d', group: 'Layers', fn: 'F.max_pool2d', fields: POOL },
  { kind: 'AvgPool2d', group: 'Layers', fn: 'F.avg_pool2d', fields: AVG_POOL },
  { kind: 'MaxPool1d', group: 'Layers', fn: 'F.max_pool1d', fields: POOL },
  { kind: 'AvgPool1d', group: 'Layers', fn: 'F.avg_pool1d', fields: AVG_POOL },
  { kind: 'Linear', group: 'Layers', fn: 'F.linear',
    fields: [{ key: 'in_features', label: 'in', default: '4' }, { key: 'out_features', label: 'out', default: '3' }, { key: 'bias', help: 'learnable bias' }] },
  { kind: 'Flatten', group: 'Layers', fn: 'torch.flatten', fields: ['start_dim'] },
  { kind: 'ReLU', group: 'Activations', fn: 'torch.relu' },
  { kind: 'LeakyReLU', group: 'Activations', fn: 'F.leaky_relu', fields: [{ key: 'negative_slope', label: 'slope', default: '0.1' }] },
  { kind: 'Sigmoid', group: 'Activations', fn: 'torch.sigmoid' },
  { kind: 'Tanh', group: 'Activations', fn: 'torch.tanh' },
  { kind: 'Softmax', group: 'Activations', fn: 'F.softmax', fields: [{ key: 'dim', type: 'int', default: '1' }] },
  { kind: 'LogSoftmax', group: 'Activations', fn: 'F.log_softmax', fields: [{ key: 'dim', type: 'int', default: '1' }] },
  { kind: 'GELU', group: 'Activations', fn: 'F.gelu', fields: [{ key: 'approximate', label: 'approx', type: 'choice', choices: ['none', 'tanh'] }] },
  { kind: 'SiLU', group: 'Activations', fn: 'F.silu' },
  { kind: 'ELU', group: 'Activations', fn: 'F.elu', fields: [{ key: 'alpha', type: 'float' }] },
  { kind: 'CELU', group: 'Activations', fn: 'F.celu', fields: [{ key: 'alpha', type: 'float' }] },
  { kind: 'SELU', group: 'Activations', fn: 'F.selu' },
  { kind: 'Softplus', group: 'Activations', fn: 'F.softplus', fields: [{ key: 'beta', type: 'float' }, { key: 'threshold', type: 'float' }] },
  { kind: 'Mish', group: 'Activations', fn: 'F.mish' },
  { kind: 'LogSigmoid', group: 'Activations', fn: 'F.logsigmoid' },
  { kind: 'LayerNorm', group: 'Normalisation', fn: 'F.layer_norm', fields: [
    { key: 'normalized_shape', label: 'shape', type: 'ints', default: '', placeholder: 'last', help: 'normalized_shape (empty: the last dimension)' },
    'eps', { key: 'elementwise_affine', label: 'affine', help: 'elementwise_affine: a learnable weight and bias' }] },
  { kind: 'BatchNorm1d', group: 'Normalisation', fn: 'F.batch_norm', fields: [
    { key: 'num_features', label: 'features', type: 'int', default: '', placeholder: 'C', help: 'num_features (empty: the input\'s channels)' }, 'eps', 'affine'] },
  { kind: 'BatchNorm2d', group: 'Normalisation', fn: 'F.batch_norm', fields: [
    { key: 'num_features', label: 'features', type: 'int', default: '', placeholder: 'C', help: 'num_features (empty: the input\'s channels)' }, 'eps', 'affine'] },
  ...['exp', 'log', 'sqrt', 'sin', 'cos', 'tanh', 'abs', 'square', 'erf'].map((n): KindNote =>
    ({ kind: `torch.${n}`, group: 'Element-wise', fn: `torch.${n}`, positive: n === 'log' || n === 'sqrt' })),
  { kind: 'torch.pow', group: 'Element-wise', fn: 'torch.pow', fields: [{ key: 'exponent', type: 'float', default: '2', help: 'exponent (a number)' }] },
  ...['sum', 'mean', 'amax', 'amin'].map((n): KindNote => ({ kind: `torch.${n}`, group: 'Reductions', fn: `torch.${n}`, fields: REDUCE })),
  ...['var', 'std'].map((n): KindNote => ({ kind: `torch.${n}`, group: 'Reductions', fn: `torch.${n}`, fields: [...REDUCE, 'unbiased'] })),
  { kind: 'torch.logsumexp', group: 'Reductions', fn: 'torch.logsumexp', fields: [{ key: 'dim', type: 'dims', default: '1' }, 'keepdim'] },
];

/** The field of argument `note.key` of `from`, with the registry's default unless the note gives one. */
function fieldOf(from: string, spec: ArgSpec | undefined, note: FieldNote): FieldSpec {
  if (!spec) throw new Error(`builder: ${from} has no argument '${note.key}'`);
  const d = spec.default;
  const type: FieldType = note.type ?? (typeof d === 'boolean' ? 'bool' : typeof d === 'number' && Number.isInteger(d) ? 'int' : 'float');
  const fallback: HyperValue = typeof d === 'boolean' ? d : d === null || d === undefined ? '' : Array.isArray(d) ? d.join(', ') : String(d);
  return {
    key: note.key, label: note.label ?? note.key.replace(/_/g, ' '), type, default: note.default ?? fallback, help: note.help ?? note.key,
    ...(note.placeholder ? { placeholder: note.placeholder } : {}), ...(note.choices ? { choices: note.choices } : {}),
  };
}

function kindOf(n: KindNote): KindSpec {
  const from = n.from ?? n.kind;
  const def = findLayer(from);
  if (!def) throw new Error(`builder: ${from} is not in the registry`);
  if (!GRAD_OPS.has(n.fn)) throw new Error(`builder: the gradient checker has no rule for ${n.fn}`);
  const signature = def.kind === 'module' ? def.signature : fullSignature(def);
  const fields = (n.fields ?? []).map((f) => (typeof f === 'string' ? { key: f } : f))
    .map((f) => fieldOf(from, signature.find((s) => s.name === f.key), f));
  return { group: n.group, from: def.type, fn: n.fn, fields, ...(n.positive ? { positive: true } : {}) };
}

/** Every kind the builder offers, in the order of its menu. */
export const KIND_SPECS: ReadonlyMap<string, KindSpec> = new Map(KINDS.map((n) => [n.kind, kindOf(n)]));
export const LAYER_KINDS: readonly string[] = [...KIND_SPECS.keys()];

/** A kind's fields; none for a kind this version does not know (a state saved by another version). */
export const fieldsOf = (kind: string): readonly FieldSpec[] => KIND_SPECS.get(kind)?.fields ?? [];

/** The losses the builder ends a chain with: the functions they call (checked against the registry) and their labels. */
export const LOSSES = {
  half_sse: { label: '½‖y − t‖² (seed 000)', fns: ['F.mse_loss', 'torch.mul'] },
  mse_sum: { label: 'MSE, reduction = sum', fns: ['F.mse_loss'] },
  mse_mean: { label: 'MSE, reduction = mean', fns: ['F.mse_loss'] },
  l1_mean: { label: 'L1, reduction = mean', fns: ['F.l1_loss'] },
  smooth_l1: { label: 'Smooth L1 (β = 1)', fns: ['F.smooth_l1_loss'] },
  huber: { label: 'Huber (δ = 1)', fns: ['F.huber_loss'] },
  cross_entropy: { label: 'Cross-entropy (class targets)', fns: ['F.cross_entropy'] },
  cross_entropy_smoothed: { label: 'Cross-entropy, smoothing 0.1', fns: ['F.cross_entropy'] },
  cross_entropy_probs: { label: 'Cross-entropy (probabilities)', fns: ['F.cross_entropy'] },
  nll: { label: 'NLL (log-probabilities)', fns: ['F.nll_loss'] },
  sum: { label: 'L = sum(y)', fns: ['torch.sum'] },
  mean: { label: 'L = mean(y)', fns: ['torch.mean'] },
  upstream: { label: 'Given upstream gradient dL/dy', fns: [] },
} as const satisfies Record<string, { label: string; fns: readonly string[] }>;
export type LossKind = keyof typeof LOSSES;
