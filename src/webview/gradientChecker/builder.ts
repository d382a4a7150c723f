// The chain builder: a stack of layers with their hyperparameters and a loss becomes a check program, with
// small random integer inputs (integers keep every forward value and gradient checkable by hand).
// Also turns a layer from the editor (hover/CodeLens: {layerType, args, inputShape}) into a one-layer chain,
// with channels and sizes capped so the check stays small.
// Pure: no DOM. Shapes are worked out here only to size weights and targets; the engine re-checks everything.
import type { ArgValue, CheckFile, CheckInput, NestedNumbers, ProgramStep } from '../../engine/grad/checkFormat';
import { countOf, flatten, formatShape, unflatten } from './nested';

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

export interface BuiltChain {
  check: CheckFile;
  /** Output shape after each layer. */
  shapes: number[][];
}

/** Largest tensor the builder makes (inputs and weights): checks stay quick and readable. */
export const BUILDER_MAX_ELEMENTS = 4096;

export function buildChain(spec: ChainSpec): BuiltChain {
  const rand = mulberry32(spec.seed);
  const randInts = (shape: number[], lo: number, hi: number): NestedNumbers => {
    const n = countOf(shape);
    if (n > BUILDER_MAX_ELEMENTS) throw new BuilderError(`${formatShape(shape)} has ${n} elements; the builder keeps tensors under ${BUILDER_MAX_ELEMENTS}.`, -1);
    return unflatten(Array.from({ length: n }, () => lo + Math.floor(rand() * (hi - lo + 1))), shape) as NestedNumbers;
  };

  const inputShape = readInts(spec.inputShape, -1, 'inputShape');
  if (inputShape.length === 0 || inputShape.some((d) => d < 1)) throw new BuilderError('The input shape needs positive sizes, e.g. 1, 1, 5, 5.', -1, 'inputShape');
  // x has no zeros: a ReLU or max-pool right on the input would otherwise sit on its kink, where finite
  // differences cannot confirm the gradient.
  const xValues = unflatten(flatten<number>(randInts(inputShape, -3, 2) as number).map((v) => (v >= 0 ? v + 1 : v)), inputShape) as NestedNumbers;
  const inputs: Record<string, CheckInput> = { x: { values: xValues, requires_grad: spec.inputGrad } };
  const program: ProgramStep[] = [];
  const shapes: number[][] = [];
  let shape = inputShape;
  let current = 'x';

  const addLayer = (layer: LayerSpec, i: number) => {
    const n = i + 1;
    const p = (key: string) => layer.params[key] ?? LAYER_FIELDS[layer.kind].find((f) => f.key === key)?.default ?? '';
    const ints = (key: string) => readInts(String(p(key)), i, key);
    const int = (key: string) => {
      const v = ints(key);
      if (v.length !== 1) throw new BuilderError(`${key} takes one integer.`, i, key);
      return v[0];
    };
    const out = layer.kind === 'Flatten' || /Softmax/.test(layer.kind) || /ReLU|Sigmoid|Tanh/.test(layer.kind) ? `a${n}` : `h${n}`;
    const step = (fn: ProgramStep['fn'], args: ArgValue[], kwargs: Record<string, ArgValue> = {}) =>
      program.push({ out, fn, args, ...(Object.keys(kwargs).length ? { kwargs } : {}) });

    switch (layer.kind) {
      case 'Conv1d':
      case 'Conv2d': {
        const d = layer.kind === 'Conv1d' ? 1 : 2;
        expectRank(shape, d + 2, i, `${layer.kind} takes (N, C, ${d === 1 ? 'L' : 'H, W'})`);
        const inC = int('in_channels');
        const outC = int('out_channels');
        const groups = int('groups');
        if (shape[1] !== inC) throw new BuilderError(`in_channels is ${inC}, but the input has ${shape[1]} channels ${formatShape(shape)}.`, i, 'in_channels');
        if (groups < 1 || inC % groups || outC % groups) throw new BuilderError(`groups = ${groups} must divide in_channels (${inC}) and out_channels (${outC}).`, i, 'groups');
        const k = tuple(ints('kernel_size'), d, i, 'kernel_size');
        const s = tuple(ints('stride'), d, i, 'stride');
        const dil = tuple(ints('dilation'), d, i, 'dilation');
        const padText = String(p('padding')).trim().replace(/['"]/g, '');
        const pad: number[] | 'same' | 'valid' = padText === 'same' || padText === 'valid' ? padText : tuple(readInts(padText, i, 'padding'), d, i, 'padding');
        if (pad === 'same' && s.some((v) => v !== 1)) throw new BuilderError("padding='same' needs stride 1 (as in PyTorch).", i, 'padding');
        const W = `W${n}`;
        const b = `b${n}`;
        inputs[W] = { values: randInts([outC, inC / groups, ...k], -2, 2), requires_grad: true };
        const args: ArgValue[] = [current, W];
        if (layer.params.bias !== false) {
          inputs[b] = { values: randInts([outC], -1, 1), requires_grad: true };
          args.push(b);
        }
        const kw: Record<string, ArgValue> = {};
        if (s.some((v) => v !== 1)) kw.stride = scalarOrList(s);
        if (pad !== 'valid' && (typeof pad === 'string' || pad.some((v) => v !== 0))) kw.padding = typeof pad === 'string' ? pad : scalarOrList(pad);
        if (dil.some((v) => v !== 1)) kw.dilation = scalarOrList(dil);
        if (groups !== 1) kw.groups = groups;
        step(layer.kind === 'Conv1d' ? 'F.conv1d' : 'F.conv2d', args, kw);
        const padNums = typeof pad === 'string' ? (pad === 'valid' ? k.map(() => 0) : null) : pad;
        const spatial = shape.slice(2).map((len, a) =>
          padNums === null ? len : windowOut(len, k[a], s[a], padNums[a], dil[a], false, i));
        shape = [shape[0], outC, ...spatial];
        break;
      }
      case 'MaxPool1d':
      case 'MaxPool2d':
      case 'AvgPool1d':
      case 'AvgPool2d': {
        const d = layer.kind.endsWith('1d') ? 1 : 2;
        expectRank(shape, d + 2, i, `${layer.kind} takes (N, C, ${d === 1 ? 'L' : 'H, W'})`);
        const k = tuple(ints('kernel_size'), d, i, 'kernel_size');
        const strideText = String(p('stride')).trim();
        const s = strideText === '' ? k : tuple(readInts(strideText, i, 'stride'), d, i, 'stride');
        const pad = tuple(ints('padding'), d, i, 'padding');
        pad.forEach((v, a) => {
          if (2 * v > k[a]) throw new BuilderError(`padding ${v} is more than half the kernel (${k[a]}): PyTorch refuses it.`, i, 'padding');
        });
        const ceil = layer.params.ceil_mode === true;
        const kw: Record<string, ArgValue> = { kernel_size: scalarOrList(k) };
        if (strideText !== '') kw.stride = scalarOrList(s);
        if (pad.some((v) => v !== 0)) kw.padding = scalarOrList(pad);
        if (ceil) kw.ceil_mode = true;
        if (layer.kind.startsWith('Avg') && layer.params.count_include_pad === false) kw.count_include_pad = false;
        const fn = `F.${layer.kind.startsWith('Max') ? 'max' : 'avg'}_pool${d}d` as ProgramStep['fn'];
        step(fn, [current], kw);
        shape = [...shape.slice(0, 2), ...shape.slice(2).map((len, a) => windowOut(len, k[a], s[a], pad[a], 1, ceil, i))];
        break;
      }
      case 'Linear': {
        const inF = int('in_features');
        const outF = int('out_features');
        if (shape[shape.length - 1] !== inF)
          throw new BuilderError(`in_features is ${inF}, but the input ${formatShape(shape)} has ${shape[shape.length - 1]} features${shape.length > 2 ? ' (add a Flatten first?)' : ''}.`, i, 'in_features');
        const W = `W${n}`;
        const b = `b${n}`;
        inputs[W] = { values: randInts([outF, inF], -2, 2), requires_grad: true };
        const args: ArgValue[] = [current, W];
        if (layer.params.bias !== false) {
          inputs[b] = { values: randInts([outF], -1, 1), requires_grad: true };
          args.push(b);
        }
        step('F.linear', args);
        shape = [...shape.slice(0, -1), outF];
        break;
      }
      case 'ReLU':
        step('torch.relu', [current]);
        break;
      case 'LeakyReLU': {
        const slope = Number(p('negative_slope'));
        if (!Number.isFinite(slope)) throw new BuilderError('negative_slope must be a number.', i, 'negative_slope');
        step('F.leaky_relu', [current], { negative_slope: slope });
        break;
      }
      case 'Sigmoid':
        step('torch.sigmoid', [current]);
        break;
      case 'Tanh':
        step('torch.tanh', [current]);
        break;
      case 'Softmax':
      case 'LogSoftmax': {
        const dim = int('dim');
        if (dim < -shape.length || dim >= shape.length) throw new BuilderError(`dim ${dim} is out of range for ${formatShape(shape)}.`, i, 'dim');
        step(layer.kind === 'Softmax' ? 'F.softmax' : 'F.log_softmax', [current], { dim });
        break;
      }
      case 'Flatten': {
        const start = int('start_dim');
        const a = start < 0 ? start + shape.length : start;
        if (a < 0 || a >= shape.length) throw new BuilderError(`start_dim ${start} is out of range for ${formatShape(shape)}.`, i, 'start_dim');
        step('torch.flatten', [current], { start_dim: start });
        shape = [...shape.slice(0, a), countOf(shape.slice(a))];
        break;
      }
    }
    current = out;
    shapes.push(shape);
  };
  try {
    spec.layers.forEach(addLayer);
  } catch (e) {
    if (e instanceof BuilderError) e.shapes = shapes;
    throw e;
  }

  // The loss.
  const y = current;
  let objective: CheckFile['objective'] = { type: 'scalar', name: 'L' };
  let upstream: CheckFile['upstream'];
  switch (spec.loss) {
    case 'half_sse':
      inputs.t = { values: randInts(shape, -3, 3) };
      program.push({ out: 'sse', fn: 'F.mse_loss', args: [y, 't'], kwargs: { reduction: 'sum' } }, { out: 'L', fn: 'torch.mul', args: ['sse', 0.5] });
      break;
    case 'mse_sum':
    case 'mse_mean':
      inputs.t = { values: randInts(shape, -3, 3) };
      program.push({ out: 'L', fn: 'F.mse_loss', args: [y, 't'], kwargs: { reduction: spec.loss === 'mse_sum' ? 'sum' : 'mean' } });
      break;
    case 'cross_entropy': {
      if (shape.length !== 2 && shape.length !== 1)
        throw new BuilderError(`Cross-entropy takes class scores (N, C) or (C); the chain ends in ${formatShape(shape)} (add Flatten and Linear?).`, -1, 'loss');
      const classes = shape[shape.length - 1];
      inputs.target = { values: shape.length === 2 ? randInts([shape[0]], 0, classes - 1) : randInts([], 0, classes - 1) };
      program.push({ out: 'L', fn: 'F.cross_entropy', args: [y, 'target'] });
      break;
    }
    case 'sum':
      program.push({ out: 'L', fn: 'torch.sum', args: [y] });
      break;
    case 'upstream':
      if (y === 'x') throw new BuilderError('Add a layer: the upstream gradient flows into a layer output.', -1, 'loss');
      objective = { type: 'upstream', name: y };
      upstream = { of: y, values: randInts(shape, -2, 2) };
      break;
  }
  if (program.length === 0) throw new BuilderError('Add at least one layer or choose a loss.', -1, 'loss');
  const chain = spec.layers.map(describeLayer).join(' → ');
  const check: CheckFile = {
    title: `${chain || 'input'} → ${LOSS_KINDS[spec.loss]}`,
    description: `Built from a chain of layers on an input of shape ${formatShape(inputShape)}, with random integer inputs (seed ${spec.seed}).`,
    inputs,
    program,
    objective,
    ...(upstream ? { upstream } : {}),
    sgd: { lr: spec.lr },
  };
  return { check, shapes };
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

// ---------------------------------------------------------------- prefill from a layer in code

export interface LayerPrefill {
  layerType: string;
  args: Record<string, unknown>;
  inputShape?: number[];
}

/** PyTorch's positional order, so args given as {"0": 1, "1": 2} bind like Conv2d(1, 2, ...). */
const SIGNATURES: Partial<Record<LayerKind, string[]>> = {
  Conv1d: ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias'],
  Conv2d: ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias'],
  MaxPool1d: ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'],
  MaxPool2d: ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'],
  AvgPool1d: ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad'],
  AvgPool2d: ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad'],
  Linear: ['in_features', 'out_features', 'bias'],
  LeakyReLU: ['negative_slope'],
  Softmax: ['dim'],
  LogSoftmax: ['dim'],
  Flatten: ['start_dim', 'end_dim'],
};

/** Caps that keep a pre-filled check small enough to read: channels, features and spatial sizes. */
export const PREFILL_CAPS = { channels: 3, features: 6, spatial: 6, kernel: 5 };

export interface PrefillResult {
  chain: ChainSpec;
  /** What was changed to keep the check small, or why the layer could not be used; empty when taken as is. */
  notes: string[];
  supported: boolean;
}

export function chainFromLayer(prefill: LayerPrefill, seed: number): PrefillResult {
  const kind = normalizeKind(prefill.layerType);
  const notes: string[] = [];
  if (!kind) {
    return { chain: { ...DEFAULT_CHAIN, seed }, notes: [`${prefill.layerType} is not one of the layers the checker builds (${LAYER_KINDS.join(', ')}); showing a default chain.`], supported: false };
  }
  // Bind positional ("0", "1", …) and keyword args by PyTorch's signature.
  const named: Record<string, unknown> = {};
  const sig = SIGNATURES[kind] ?? [];
  for (const [k, v] of Object.entries(prefill.args ?? {})) {
    const pos = /^\d+$/.test(k) ? sig[Number(k)] : k;
    if (pos) named[pos] = v;
  }
  const layer = defaultLayer(kind);
  const d = kind.endsWith('1d') ? 1 : 2;
  const cap = (key: string, max: number) => {
    const v = readArg(named[key]);
    if (v === undefined) return undefined;
    const capped = v.map((x) => Math.min(x, max));
    if (capped.some((x, j) => x !== v[j])) notes.push(`${key} ${v.join('×')} → ${capped.join('×')}`);
    return capped;
  };
  for (const f of LAYER_FIELDS[kind]) {
    const raw = named[f.key];
    if (raw === undefined) continue;
    if (f.type === 'bool') layer.params[f.key] = raw !== false && raw !== 'False';
    else if (f.type === 'padding' && typeof raw === 'string') layer.params[f.key] = raw.replace(/['"]/g, '');
    else {
      const capAt = /channels/.test(f.key) ? PREFILL_CAPS.channels : /features/.test(f.key) ? PREFILL_CAPS.features : f.key === 'kernel_size' ? PREFILL_CAPS.kernel : Infinity;
      const v = cap(f.key, capAt);
      if (v) layer.params[f.key] = dedupe(v);
      else if (typeof raw === 'number' || typeof raw === 'string') layer.params[f.key] = String(raw);
    }
  }
  if (kind.startsWith('Conv')) {
    const inC = Number(layer.params.in_channels);
    const outC = Number(layer.params.out_channels);
    const groups = Number(layer.params.groups);
    if (groups > 1 && (inC % groups || outC % groups)) {
      const g = inC === outC ? inC : 1;
      notes.push(`groups ${groups} → ${g}`);
      layer.params.groups = String(g);
    }
  }
  // The input: batch 1, the layer's (capped) channels or features, small spatial sizes that still fit the window.
  const given = prefill.inputShape?.filter((v) => Number.isInteger(v) && v > 0);
  let shape: number[];
  if (kind.startsWith('Conv') || kind.includes('Pool')) {
    const channels = kind.startsWith('Conv') ? Number(layer.params.in_channels) : Math.min(given?.[given.length - d - 1] ?? 1, PREFILL_CAPS.channels);
    const k = readInts(String(layer.params.kernel_size), 0, 'kernel_size');
    const dil = kind.startsWith('Conv') ? readInts(String(layer.params.dilation || '1'), 0, 'dilation') : [1];
    const spatial = Array.from({ length: d }, (_, a) => {
      const kEff = (dil[a] ?? dil[0]) * ((k[a] ?? k[0]) - 1) + 1;
      const want = given && given.length >= d ? given[given.length - d + a] : 4;
      return Math.max(Math.min(want, PREFILL_CAPS.spatial), kEff, 3);
    });
    if (given && given.length >= d && spatial.some((v, a) => v !== given[given.length - d + a])) notes.push(`input ${given.slice(-d).join('×')} → ${spatial.join('×')}`);
    shape = [1, channels, ...spatial];
  } else if (kind === 'Linear') {
    shape = [2, Number(layer.params.in_features)];
  } else {
    shape = given && given.length ? [1, ...given.slice(1).map((v) => Math.min(v, PREFILL_CAPS.features))] : [2, 4];
    if (countOf(shape) > 64) shape = [1, Math.min(shape[1] ?? 4, 4), ...shape.slice(2).map(() => 3)];
  }
  const layers: LayerSpec[] = [layer];
  return {
    chain: { inputShape: shape.join(', '), layers, loss: 'upstream', seed, lr: 0.1, inputGrad: true },
    notes: notes.length ? [`Kept small: ${notes.join(', ')}.`] : [],
    supported: true,
  };
}

function normalizeKind(type: string): LayerKind | undefined {
  const bare = type.replace(/^(torch\.)?(nn\.)?/, '');
  return LAYER_KINDS.find((k) => k.toLowerCase() === bare.toLowerCase());
}

/** An int, a tuple/list of ints, or a string "3" / "(2, 3)" → a list; anything else → undefined. */
function readArg(v: unknown): number[] | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x))) return v as number[];
  if (typeof v === 'string' && /^\(?\s*-?\d+(\s*,\s*-?\d+)*\s*,?\s*\)?$/.test(v.trim())) return v.replace(/[()\s]/g, '').split(',').filter(Boolean).map(Number);
  return undefined;
}

const dedupe = (v: number[]): string => (v.every((x) => x === v[0]) ? String(v[0]) : v.join(', '));

// ---------------------------------------------------------------- helpers

function readInts(text: string, layer: number, field: string): number[] {
  const parts = text.replace(/[()[\]]/g, '').split(/[\s,×x]+/).filter((s) => s !== '');
  if (parts.length === 0) throw new BuilderError(`${field} is empty.`, layer, field);
  return parts.map((s) => {
    const v = Number(s);
    if (!Number.isInteger(v)) throw new BuilderError(`${field}: "${s}" is not an integer.`, layer, field);
    return v;
  });
}

function tuple(v: number[], d: number, layer: number, field: string): number[] {
  if (v.length === 1) return Array.from({ length: d }, () => v[0]);
  if (v.length !== d) throw new BuilderError(`${field} takes 1 or ${d} integers, got ${v.length}.`, layer, field);
  return v;
}

const scalarOrList = (v: number[]): ArgValue => (v.every((x) => x === v[0]) ? v[0] : v);

function expectRank(shape: number[], rank: number, layer: number, what: string): void {
  if (shape.length !== rank) throw new BuilderError(`${what}; it gets ${formatShape(shape)}.`, layer);
}

/** PyTorch's sliding-window size: ⌊(L + 2p − d(k − 1) − 1) / s⌋ + 1 (⌈⌉ with ceil_mode, last window starting inside). */
function windowOut(len: number, k: number, s: number, p: number, d: number, ceil: boolean, layer: number): number {
  if (k < 1 || s < 1 || p < 0 || d < 1) throw new BuilderError('kernel, stride and dilation must be ≥ 1, padding ≥ 0.', layer);
  const span = len + 2 * p - d * (k - 1) - 1;
  if (span < 0) throw new BuilderError(`The window (${d * (k - 1) + 1} wide) does not fit the input (${len} + 2·${p} padding).`, layer, 'kernel_size');
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= len + p) out--;
  return out;
}

/** Small, seedable PRNG: the same seed gives the same check. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
