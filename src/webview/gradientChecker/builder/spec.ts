// The chain builder's vocabulary: the layers and losses it knows, each layer's hyperparameter fields and defaults,
// the default chain, and the error that pins a mistake to its layer and field. Pure: no DOM.
// buildChain.ts turns a chain into a check (with small random integers); prefill.ts turns a layer from the editor
// (hover/CodeLens) into a one-layer chain.

export const LAYER_KINDS = [
  'Conv2d', 'Conv1d', 'MaxPool2d', 'AvgPool2d', 'MaxPool1d', 'AvgPool1d', 'Linear',
  'ReLU', 'LeakyReLU', 'Sigmoid', 'Tanh', 'Softmax', 'LogSoftmax', 'Flatten',
] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

export const LOSS_KINDS = {
  half_sse: '½‖y − t‖² (seed 000)',
  mse_sum: 'MSE, reduction = sum',
  mse_mean: 'MSE, reduction = mean',
  cross_entropy: 'Cross-entropy (class targets)',
  sum: 'L = sum(y)',
  upstream: 'Given upstream gradient dL/dy',
} as const;
export type LossKind = keyof typeof LOSS_KINDS;

/** A hyperparameter as typed: "3", "2, 3", "same", or a checkbox. */
export type HyperValue = string | boolean;

export interface LayerSpec {
  kind: LayerKind;
  params: Record<string, HyperValue>;
}

export interface ChainSpec {
  /** e.g. "1, 1, 5, 5" (N, C, H, W) */
  inputShape: string;
  layers: LayerSpec[];
  loss: LossKind;
  /** Seed of the random integers; "Randomize" changes it. */
  seed: number;
  lr: number;
  /** Also check dL/dx (the input), not only the parameters. */
  inputGrad: boolean;
}

export interface FieldSpec {
  key: string;
  label: string;
  type: 'int' | 'ints' | 'padding' | 'float' | 'bool';
  default: HyperValue;
  help: string;
}

const CONV_FIELDS: FieldSpec[] = [
  { key: 'in_channels', label: 'in', type: 'int', default: '1', help: 'in_channels' },
  { key: 'out_channels', label: 'out', type: 'int', default: '2', help: 'out_channels' },
  { key: 'kernel_size', label: 'kernel', type: 'ints', default: '3', help: 'kernel_size: an int or "kh, kw"' },
  { key: 'stride', label: 'stride', type: 'ints', default: '1', help: 'stride' },
  { key: 'padding', label: 'padding', type: 'padding', default: '0', help: "padding: an int, \"ph, pw\", 'same' or 'valid'" },
  { key: 'dilation', label: 'dilation', type: 'ints', default: '1', help: 'dilation' },
  { key: 'groups', label: 'groups', type: 'int', default: '1', help: 'groups (in and out channels must divide by it)' },
  { key: 'bias', label: 'bias', type: 'bool', default: true, help: 'learnable bias' },
];
const POOL_FIELDS: FieldSpec[] = [
  { key: 'kernel_size', label: 'kernel', type: 'ints', default: '2', help: 'kernel_size' },
  { key: 'stride', label: 'stride', type: 'ints', default: '', help: 'stride (empty: = kernel_size)' },
  { key: 'padding', label: 'padding', type: 'ints', default: '0', help: 'padding (at most half the kernel)' },
  { key: 'ceil_mode', label: 'ceil', type: 'bool', default: false, help: 'ceil_mode: round the output size up' },
];

export const LAYER_FIELDS: Record<LayerKind, FieldSpec[]> = {
  Conv2d: CONV_FIELDS,
  Conv1d: CONV_FIELDS,
  MaxPool2d: POOL_FIELDS,
  MaxPool1d: POOL_FIELDS,
  AvgPool2d: [...POOL_FIELDS, { key: 'count_include_pad', label: 'count pad', type: 'bool', default: true, help: 'count_include_pad' }],
  AvgPool1d: [...POOL_FIELDS, { key: 'count_include_pad', label: 'count pad', type: 'bool', default: true, help: 'count_include_pad' }],
  Linear: [
    { key: 'in_features', label: 'in', type: 'int', default: '4', help: 'in_features' },
    { key: 'out_features', label: 'out', type: 'int', default: '3', help: 'out_features' },
    { key: 'bias', label: 'bias', type: 'bool', default: true, help: 'learnable bias' },
  ],
  ReLU: [],
  LeakyReLU: [{ key: 'negative_slope', label: 'slope', type: 'float', default: '0.1', help: 'negative_slope' }],
  Sigmoid: [],
  Tanh: [],
  Softmax: [{ key: 'dim', label: 'dim', type: 'int', default: '1', help: 'dim' }],
  LogSoftmax: [{ key: 'dim', label: 'dim', type: 'int', default: '1', help: 'dim' }],
  Flatten: [{ key: 'start_dim', label: 'start dim', type: 'int', default: '1', help: 'start_dim' }],
};

export function defaultLayer(kind: LayerKind): LayerSpec {
  return { kind, params: Object.fromEntries(LAYER_FIELDS[kind].map((f) => [f.key, f.default])) };
}

export const DEFAULT_CHAIN: ChainSpec = {
  inputShape: '1, 1, 5, 5',
  layers: [
    { kind: 'Conv2d', params: { ...defaultLayer('Conv2d').params, out_channels: '2', padding: '1' } },
    defaultLayer('ReLU'),
    defaultLayer('MaxPool2d'),
    defaultLayer('Flatten'),
    { kind: 'Linear', params: { in_features: '8', out_features: '3', bias: true } },
  ],
  loss: 'cross_entropy',
  seed: 1,
  lr: 0.1,
  inputGrad: true,
};

/** A builder mistake, pinned to the layer (index, or -1 for the input shape / loss) and field it comes from. */
export class BuilderError extends Error {
  /** Output shapes of the layers before the failing one (so the page can still show them). */
  shapes: number[][] = [];
  constructor(message: string, readonly layer: number, readonly field?: string) {
    super(message);
    this.name = 'BuilderError';
  }
}

/** "Conv2d(1, 2, 3, padding=1)" as one would write it in PyTorch. */
export function describeLayer(layer: LayerSpec): string {
  const fields = LAYER_FIELDS[layer.kind];
  const parts: string[] = [];
  for (const f of fields) {
    const v = layer.params[f.key] ?? f.default;
    const positional = ['in_channels', 'out_channels', 'kernel_size', 'in_features', 'out_features'].includes(f.key);
    if (f.type === 'bool') {
      if (v !== f.default) parts.push(`${f.key}=${v ? 'True' : 'False'}`);
      continue;
    }
    const text = String(v).trim();
    if (text === '' || (!positional && text === String(f.default))) continue;
    const py = /^(same|valid)$/.test(text.replace(/['"]/g, '')) ? `'${text.replace(/['"]/g, '')}'` : text.includes(',') ? `(${text})` : text;
    parts.push(positional ? py : `${f.key}=${py}`);
  }
  return `${layer.kind}(${parts.join(', ')})`;
}

/** "2, 3", "(2, 3)" or "2×3" → [2, 3]; a mistake names the layer (-1: the input shape) and the field. */
export function readInts(text: string, layer: number, field: string): number[] {
  const parts = text.replace(/[()[\]]/g, '').split(/[\s,×x]+/).filter((s) => s !== '');
  if (parts.length === 0) throw new BuilderError(`${field} is empty.`, layer, field);
  return parts.map((s) => {
    const v = Number(s);
    if (!Number.isInteger(v)) throw new BuilderError(`${field}: "${s}" is not an integer.`, layer, field);
    return v;
  });
}
