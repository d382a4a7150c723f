// A chain of layers and a loss → a check program with small random integer inputs (integers keep every forward
// value and gradient checkable by hand). Shapes are worked out here only to size weights and targets, with the
// registry's shape rules for the kinds that take the tensor alone (activations, element-wise ops, reductions); the
// engine re-checks everything. Pure: no DOM.
import type { ArgValue, CheckFile, CheckInput, NestedNumbers, ProgramStep } from '../../engine/grad/checkFormat';
import { countOf, flatten, formatShape, unflatten } from './nested';
import { buildLoss } from './buildLoss';
import { registryShape, stepValues } from './registryShape';
import { BuilderError, describeLayer, fieldsOf, KIND_SPECS, LOSS_KINDS, readInts, type ChainSpec, type LayerSpec } from './spec';

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
  // differences cannot confirm the gradient. A first layer that needs positive inputs (log, sqrt) gets 1…3.
  const positive = KIND_SPECS.get(spec.layers[0]?.kind ?? '')?.positive === true;
  const xValues = unflatten(flatten<number>(randInts(inputShape, -3, 2) as number).map((v) => (v >= 0 ? v + 1 : positive ? -v : v)), inputShape) as NestedNumbers;
  const inputs: Record<string, CheckInput> = { x: { values: xValues, requires_grad: spec.inputGrad } };
  const program: ProgramStep[] = [];
  const shapes: number[][] = [];
  let shape = inputShape;
  let current = 'x';

  const addLayer = (layer: LayerSpec, i: number) => {
    const n = i + 1;
    const kind = KIND_SPECS.get(layer.kind);
    if (!kind) throw new BuilderError(`${layer.kind} is not a layer this builder knows.`, i);
    const p = (key: string) => layer.params[key] ?? fieldsOf(layer.kind).find((f) => f.key === key)?.default ?? '';
    const ints = (key: string) => readInts(String(p(key)), i, key);
    const int = (key: string) => {
      const v = ints(key);
      if (v.length !== 1) throw new BuilderError(`${key} takes one integer.`, i, key);
      return v[0];
    };
    const out = layer.kind === 'Flatten' || kind.group === 'Activations' || kind.group === 'Element-wise' ? `a${n}` : `h${n}`;
    const step = (fn: string, args: ArgValue[], kwargs: Record<string, ArgValue> = {}) =>
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
        step(kind.fn, args, kw);
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
        step(kind.fn, [current], kw);
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
        step(kind.fn, args);
        shape = [...shape.slice(0, -1), outF];
        break;
      }
      case 'Flatten': {
        const start = int('start_dim');
        const a = start < 0 ? start + shape.length : start;
        if (a < 0 || a >= shape.length) throw new BuilderError(`start_dim ${start} is out of range for ${formatShape(shape)}.`, i, 'start_dim');
        step(kind.fn, [current], { start_dim: start });
        shape = [...shape.slice(0, a), countOf(shape.slice(a))];
        break;
      }
      case 'LayerNorm': {
        const text = String(p('normalized_shape')).trim();
        const ns = text === '' ? shape.slice(-1) : readInts(text, i, 'normalized_shape');
        const [W, b] = [`W${n}`, `b${n}`];
        const args: ArgValue[] = [current, ns];
        if (layer.params.elementwise_affine !== false) {
          inputs[W] = { values: randInts(ns, -2, 2), requires_grad: true };
          inputs[b] = { values: randInts(ns, -1, 1), requires_grad: true };
          args.push(W, b);
        }
        const kw = stepValues(kind, layer, i, ['eps']);
        step(kind.fn, args, kw);
        shape = registryShape(kind, [current, ...args.slice(1)], kw, { [current]: shape, [W]: ns, [b]: ns }, i);
        break;
      }
      case 'BatchNorm1d':
      case 'BatchNorm2d': {
        const ranks = layer.kind === 'BatchNorm1d' ? [2, 3] : [4];
        if (!ranks.includes(shape.length)) throw new BuilderError(`${layer.kind} takes ${layer.kind === 'BatchNorm1d' ? '(N, C) or (N, C, L)' : '(N, C, H, W)'}; it gets ${formatShape(shape)}.`, i);
        const C = shape[1];
        const text = String(p('num_features')).trim();
        if (text !== '' && int('num_features') !== C) throw new BuilderError(`num_features is ${int('num_features')}, but the input ${formatShape(shape)} has ${C} channels.`, i, 'num_features');
        if (countOf(shape) / C < 2) throw new BuilderError(`In training, batch norm needs more than one value per channel; the input ${formatShape(shape)} has one (use a batch of 2 or more).`, i);
        const [W, b] = [`W${n}`, `b${n}`];
        const args: ArgValue[] = [current, null, null];
        if (layer.params.affine !== false) {
          inputs[W] = { values: randInts([C], -2, 2), requires_grad: true };
          inputs[b] = { values: randInts([C], -1, 1), requires_grad: true };
          args.push(W, b);
        }
        step(kind.fn, args, { training: true, ...stepValues(kind, layer, i, ['eps']) });
        break;
      }
      default: {
        // The tensor alone with the fields as keywords (activations, element-wise ops, reductions, softmax).
        const kw = stepValues(kind, layer, i);
        step(kind.fn, [current], kw);
        shape = registryShape(kind, [current], kw, { [current]: shape }, i);
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

  const loss = buildLoss(spec.loss, current, shape, randInts);
  Object.assign(inputs, loss.inputs);
  program.push(...loss.steps);
  if (program.length === 0) throw new BuilderError('Add at least one layer or choose a loss.', -1, 'loss');
  const chain = spec.layers.map(describeLayer).join(' → ');
  const check: CheckFile = {
    title: `${chain || 'input'} → ${LOSS_KINDS[spec.loss]}`,
    description: `Built from a chain of layers on an input of shape ${formatShape(inputShape)}, with random integer inputs (seed ${spec.seed}).`,
    inputs,
    program,
    objective: loss.objective,
    ...(loss.upstream ? { upstream: loss.upstream } : {}),
    sgd: { lr: spec.lr },
  };
  return { check, shapes };
}

// ---------------------------------------------------------------- helpers

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
