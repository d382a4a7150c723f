// Where a model's input shape comes from: `# input: (1, 3, 224, 224)` comments (also 1x3x224x224 and
// [1, 3, 224, 224]), a tensor passed to the model in the file, the setting, or — failing all — a symbolic input
// built from the first layer (channels and features known, spatial sizes H and W).
import { symbol, type Shape } from '../../engine';
import type { ModuleInstance } from './values';
import { parseShapeText } from '../shapeText';

export { parseInputOption, parseShapeText } from '../shapeText';

// Python `#` and TypeScript `//` or `/* … */` comments alike
const COMMENT = /^(?:#|\/\/|\/\*)\s*input(?:[ _]shape)?\s*[:=]\s*(.*?)(?:\*\/)?$/i;

export type CommentShape = { readonly shape: number[] } | { readonly error: string };

/** One input of a model with several, named as forward() names it: `labels=(2,) long`. */
export interface NamedInput { readonly name: string; readonly shape: number[]; readonly dtype?: string }

// `x=(2, 3, 32, 32), labels=(2,) long`: a name, a shape in any of the comment's forms, an optional dtype
const NAMED = /(\w+)\s*=\s*([([][^)\]]*[)\]]|\d+(?:\s*[x×*]\s*\d+)*)\s*(long|int(?:8|16|32|64)?|float(?:16|32|64)?|half|double|bool)?\s*(?:,|$)/gy;

/**
 * The inputs of a comment that names them (several inputs: the first is the model's input, the others are passed
 * to forward() by name). Kept beside the shape array the comment gave, so the shape flows through the analysis as
 * before and the model run finds its other inputs from it.
 */
const namedInputs = new WeakMap<readonly number[], readonly NamedInput[]>();
export const namedInputsOf = (shape: readonly number[] | undefined): readonly NamedInput[] | undefined =>
  (shape ? namedInputs.get(shape) : undefined);

/** The first input's shape, carrying every input named (the first is the model's input): as a comment naming them gives. */
export function withNamedInputs(named: readonly NamedInput[]): number[] {
  const shape = [...named[0].shape];
  namedInputs.set(shape, named);
  return shape;
}

function parseNamed(text: string): NamedInput[] | undefined {
  const t = text.trim();
  if (!/^\w+\s*=/.test(t)) return undefined;
  const out: NamedInput[] = [];
  NAMED.lastIndex = 0;
  while (NAMED.lastIndex < t.length) {
    const at = NAMED.lastIndex;
    const m = NAMED.exec(t);
    if (!m || m.index !== at) return undefined;
    const shape = parseShapeText(m[2]);
    if (!shape) return undefined;
    out.push({ name: m[1], shape, ...(m[3] ? { dtype: m[3] } : {}) });
    while (t[NAMED.lastIndex] === ' ') NAMED.lastIndex++;
  }
  return out.length > 0 ? out : undefined;
}

/** Reads an input comment; undefined when the comment is not an input comment at all. */
export function parseInputComment(comment: string): CommentShape | undefined {
  const m = COMMENT.exec(comment.trim());
  if (!m) return undefined;
  const named = parseNamed(m[1]);
  if (named) {
    namedInputs.set(named[0].shape, named);
    return { shape: named[0].shape };
  }
  if (/^\s*\w+\s*=/.test(m[1])) {
    return { error: `cannot read the inputs "${m[1].trim()}": write them as x=(2, 3, 32, 32), labels=(2,) long` };
  }
  const shape = parseShapeText(m[1]);
  return shape ? { shape } : { error: `cannot read the input shape "${m[1].trim()}": write it as (1, 3, 224, 224), [1, 3, 224, 224] or 1x3x224x224` };
}

/** Layers that keep the channels (dim 1) and the rank: the input's layout shows in the layer after them. */
const KEEPS_CHANNELS = /^(?:(?:Zero|Constant|Reflection|Replication|Circular)Pad\dd|(?:Max|Avg|LP)Pool\dd|Dropout\dd?|AlphaDropout|Identity|ReLU6?|LeakyReLU|PReLU|ELU|SELU|CELU|GELU|SiLU|Mish|Tanh|Sigmoid|Hardswish|Hardsigmoid|Hardtanh|Softplus|Upsample|UpsamplingNearest2d|UpsamplingBilinear2d)$/;

/**
 * The symbolic inputs the layers the input goes through first can take, most likely first (a Linear takes (N, F) or
 * a sequence (N, L, F); a BatchNorm1d (N, C) or (N, C, L)); [] when they do not say. Padding, pooling, dropout
 * and activations in front keep the layout: the first layer after them that says it decides.
 */
export function symbolicInputs(layers: readonly ModuleInstance[]): Shape[] {
  return firstLayout(layers).shapes;
}

/**
 * (N, C, H, W) with the channels or features the first candidate gives, when no candidate is already an image:
 * for a model whose forward pools an image before its first layer says a smaller rank.
 */
export function imageInput(candidates: readonly Shape[]): Shape | undefined {
  const first = candidates[0];
  if (!first || first.length < 2 || candidates.some((c) => c.length >= 4) || typeof first[1] !== 'number') return undefined;
  return [symbol('N'), first[1], symbol('H'), symbol('W')];
}

/**
 * Whether the layers the input went through so far settle a layout that later layers cannot change: the run that
 * looks for them (the probe) stops there instead of following the whole forward for nothing.
 */
export const layoutSettled = (layers: readonly ModuleInstance[]): boolean => {
  const { shapes, settled } = firstLayout(layers);
  return settled && shapes.length > 0;
};

function firstLayout(layers: readonly ModuleInstance[]): { shapes: Shape[]; settled: boolean } {
  for (const [i, m] of layers.entries()) {
    if (m.kind !== 'layer') return { shapes: [], settled: true };
    const rest = layers.slice(i + 1);
    // token ids into a sequence-first RNN (batch_first=False): the ids are (L, N) too
    const embedding = layerType(m) === 'Embedding';
    if (embedding && seqFirstRnnAfter(rest)) return { shapes: [[symbol('L'), symbol('N')]], settled: true };
    const found = fromLayer(m);
    // after an embedding, a recurrent layer still to come may say the sequence comes first
    if (found.length > 0 || !KEEPS_CHANNELS.test(layerType(m))) return { shapes: found, settled: !embedding || rest.some(isRnn) };
  }
  return { shapes: [], settled: false };
}

const isRnn = (m: ModuleInstance): boolean => /^(LSTM|GRU|RNN)$/.test(layerType(m));

/** The first recurrent layer after an embedding takes its sequence first (batch_first not set). */
function seqFirstRnnAfter(layers: readonly ModuleInstance[]): boolean {
  const rnn = layers.find(isRnn);
  return rnn !== undefined && rnn.declOutcome?.args?.batch_first === false;
}

/** The library layer a module is (a user subclass of nn.Conv2d is a Conv2d). */
const layerType = (m: ModuleInstance): string => m.call?.type ?? m.type;

function fromLayer(m: ModuleInstance | undefined): Shape[] {
  const args = m?.declOutcome?.args;
  if (!m || !args) return [];
  const first = { type: layerType(m) };
  const n = symbol('N'), L = symbol('L');
  const int = (name: string) => (typeof args[name] === 'number' ? (args[name] as number) : undefined);
  const conv = /^(?:Lazy)?(?:Conv|ConvTranspose|BatchNorm|InstanceNorm|MaxPool|AvgPool)(\d)d$/.exec(first.type);
  const channels = int('in_channels') ?? int('num_features');
  if (conv && channels !== undefined) {
    const rank = Number(conv[1]);
    const names = rank === 1 ? ['L'] : rank === 2 ? ['H', 'W'] : ['D', 'H', 'W'];
    const full: Shape = [n, channels, ...names.map(symbol)];
    return rank === 1 && /Norm/.test(first.type) ? [[n, channels], full] : [full];
  }
  if (first.type === 'Linear' && int('in_features') !== undefined) return [[n, int('in_features')!], [n, L, int('in_features')!]];
  if (first.type === 'LayerNorm' || first.type === 'RMSNorm') {
    const shape = Array.isArray(args.normalized_shape) ? args.normalized_shape : [args.normalized_shape];
    if (shape.every((d) => typeof d === 'number')) return [[n, ...(shape as number[])], [n, L, ...(shape as number[])]];
  }
  if (first.type === 'Embedding') return [[n, L]];
  if (/^(LSTM|GRU|RNN)$/.test(first.type) && int('input_size') !== undefined) {
    return [args.batch_first === true ? [n, L, int('input_size')!] : [L, n, int('input_size')!]];
  }
  return [];
}
