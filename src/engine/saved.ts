// What autograd keeps from a forward pass for the backward pass, per op — the memory a training step holds on top
// of the parameters, their gradients and the optimizer state. Each LayerDef states its rule beside its shape,
// parameter and cost rules (LayerDef.saves); the analysis resolves the tensors to storages (a view or an in-place op
// saves no new memory) and the front ends turn element counts into bytes for a dtype.
//
// The rules follow PyTorch's derivative formulas (tools/autograd/derivatives.yaml): a tensor is saved when the
// gradient of some input needs it, and only when that input requires a gradient — a convolution keeps its input for
// the weight's gradient and its weight (a parameter, already counted) for the input's; ReLU keeps its output;
// BatchNorm its input and two per-channel statistics; max-pooling its input and the int64 indices of the maxima;
// dropout its mask; x + y nothing at all.
import type { Shape, ShapeTree } from './shape';
import { isTuple, numel, primary } from './shape';
import type { Args } from './values';

/**
 * How big one element of a saved tensor is: the activation dtype ('act': 4 bytes in float32, 2 in float16/bfloat16),
 * always float32 ('f32': BatchNorm's statistics), 8 bytes ('int64': indices, and Python numbers PyTorch wraps as
 * 0-d int64/float64 tensors), a bool, dropout's mask (a bool on CUDA; a tensor of the activation dtype in PyTorch's
 * CPU kernel, which multiplies by a scaled noise tensor), or a buffer only the CPU kernel fills ('cpuOnly':
 * log_sigmoid's, empty on CUDA), or a complex number of two activation-dtype parts (torch.complex, torch.polar).
 */
export type ElementKind = 'act' | 'f32' | 'int64' | 'mask' | 'bool' | 'cpuOnly' | 'complex';

/**
 * Saved only when the gradient of one of these is needed: tensor inputs by position, 'params' for the layer's own
 * weights. Absent: whenever the op takes part in autograd at all (some input or weight requires a gradient).
 */
export type Needs = readonly (number | 'params')[];

/** One tensor an op saves: one of its tensor inputs, one of its outputs, or a tensor it makes for backward. */
export type SavedTensor =
  /**
   * A tensor input. A Python number in its place is saved only when PyTorch wraps it as a 0-d tensor (`wrapped`:
   * x * 2 and x / 2 keep an 8-byte int64/float64 tensor; x ** 2 keeps the number as a Scalar).
   */
  | { readonly input: number; readonly when?: Needs; readonly wrapped?: boolean;
    /** The input's element type when the op says it (an embedding's indices are int64). */
    readonly element?: ElementKind;
    /** A contiguous copy of the input is saved, not the input (a batch_first input projected after a transpose). */
    readonly copy?: boolean }
  | { readonly output: number; readonly when?: Needs;
    /** The output's element type when it is not the activations' (the int64 indices of max/topk/sort). */
    readonly element?: ElementKind }
  | { readonly made: string; readonly numel: bigint; readonly element: ElementKind; readonly when?: Needs };

/** The outputs as a flat list of plain shapes (a tuple's tensors in order). */
export function outputShapes(out: ShapeTree): Shape[] {
  return isTuple(out) ? out.tuple.flatMap((t) => (t === null ? [] : outputShapes(t))) : [out];
}

/** Elements of a shape; a symbolic size makes the saved memory unknown (the caller sees undefined). */
export function elements(s: Shape | undefined): bigint | undefined {
  return s ? numel(s) : undefined;
}

// ── Family rules ─────────────────────────────────────────────────────────────────────────────────────────────
/** Nothing to save: sums, views, concatenation, padding, creation — the backward needs only sizes. */
export const savesNothing = (): readonly SavedTensor[] => [];

/** The input (tanh's and sigmoid's kin that differentiate through x: GELU, SiLU, ELU, LeakyReLU, …). */
export const savesInput = (): readonly SavedTensor[] => [{ input: 0 }];

/** The output (ReLU, sigmoid, tanh, exp, softmax, log_softmax: the derivative is written in y). */
export const savesOutput = (): readonly SavedTensor[] => [{ output: 0 }];

/** A weight layer (conv, linear): its input for the weight's gradient; its weight is a parameter, counted apart. */
export const savesInputForWeight = (): readonly SavedTensor[] => [{ input: 0, when: ['params'] }];

/** x·y and kin: each operand for the other's gradient. */
export const savesOperands = (): readonly SavedTensor[] => [{ input: 1, when: [0] }, { input: 0, when: [1] }];

/** A made tensor with the primary output's element count (max-pooling's indices, dropout's mask). */
export function madeLikeOutput(name: string, output: ShapeTree, element: ElementKind): SavedTensor | undefined {
  const n = elements(primary(output));
  return n === undefined ? undefined : { made: name, numel: n, element };
}

/**
 * Whether the call changes its first tensor in place: Tensor.x_ spellings (relu_, add_), `x += y`, and layers built
 * with inplace=True. An in-place op's output is its input's storage: it allocates nothing new.
 */
export function isInPlace(spelling: string, args: Args | undefined): boolean {
  if (args && args.inplace === true) return true;
  // every in-place spelling ends with `_`: most ops are told without reading their name further
  if (!spelling.endsWith('_')) return false;
  const last = spelling.slice(spelling.lastIndexOf('.') + 1);
  return last.endsWith('__') ? /^__i\w+__$/.test(last) : true; // __iadd__, __imul__ … (not __getitem__)
}
