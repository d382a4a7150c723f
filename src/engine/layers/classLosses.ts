// Losses over classes, margins and embeddings — as nn.*Loss modules and F.*: CrossEntropyLoss, NLLLoss (and the
// deprecated NLLLoss2d), MultiMarginLoss, MultiLabelMarginLoss, MultiLabelSoftMarginLoss, CosineEmbeddingLoss,
// MarginRankingLoss, TripletMarginLoss, TripletMarginWithDistanceLoss, CTCLoss. The reduction is losses.ts's.
//
//   nll_loss / cross_entropy with class indices (target's shape differs from the input's)
//     shape   input (C) + target ()  → loss ();   input (N, C) + target (N) → (N);
//             input (N, C, d1, …, dk) + target (N, d1, …, dk) → (N, d1, …, dk)
//             weight (optional) 1-D of C entries; label_smoothing ∈ [0, 1]
//   cross_entropy with class probabilities (target has the input's shape): loss = input without the class dim
//             (dim 1, dim 0 for a 1-D input); ignore_index must stay negative
//   multi_margin_loss   input (N, C) or (C) or (); target (N) or (); p ∈ {1, 2}; weight 1-D of C → (N) or ()
//   multilabel_margin_loss   target of the input's size ((N, C), (C) or ()) → (N), or () below 2-D
//   multilabel_soft_margin_loss   input, target (and weight) broadcast; the last input dim is averaged away
//   cosine_embedding_loss   x1, x2 (N, D) with target (N) → (N); x1, x2 (D) with target () → ()
//   margin_ranking_loss     x1, x2, target of one rank, broadcast → that shape
//   triplet_margin_loss (and _with_distance_loss)   anchor, positive, negative of one rank; the pairwise distances
//             (distance.ts) broadcast → (N) or ()
//   ctc_loss   log_probs (T, N, C) or (T, C); targets (N, S) or (Σ target_lengths,); input_lengths and
//             target_lengths of N entries (each input length ≤ T, S ≥ the longest target) → (N) or ()
//   'mean' / 'sum' reduce every one to ().
//   params  none; MACs 0 (no weight layer)
//   cost    exact, per term of the unreduced loss, then losses.ts's reduction (with a class weight, 'mean' divides
//           by the summed weights: n − 1 more adds). log_softmax counts 0, as softmax does everywhere in ShapeLens.
//             nll / cross_entropy (indices)   1 elementwise (−log p[y]) (+1 mult with weight); label smoothing adds
//                                             the mean over classes (C − 1 adds, 1 division) and the mix (2 mults, 1 add)
//             cross_entropy (probabilities)   C mults, C − 1 adds, 1 elementwise (+C mults with weight)
//             multi_margin   per sample over the C − 1 other classes: 2 adds, 1 cmp (+1 mult for p = 2, +1 with
//                            weight) each, C − 2 adds to sum them, 1 division by C
//             multilabel_soft_margin   per element 2 elementwise, 2 mults, 2 adds (+1 mult with weight); per sample
//                            C − 1 adds and 1 division
//             cosine_embedding   per sample 3D + 1 mults, 3(D − 1) + 5 adds, 2 elementwise (√, none for D…),
//                            1 division, 3 cmp
//             margin_ranking   2 adds, 1 mult, 1 cmp per element
//             triplet   two (with swap three) pairwise distances, then 2 adds and 1 cmp per term (+1 cmp with swap)
//             multilabel_margin, ctc   not counted: their work depends on the target values (how many labels a
//                            row holds, the lengths), as sorting is not counted
import { withSeparators } from '../count';
import { FREE, ops, type Cost, type OpCounts } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { formatDim, formatShape, isKnown, numel, sameDim, type Dim, type Shape } from '../shape';
import { bool, int, isUnknown, num, type ArgSpec, type Args, type Value } from '../values';
import { line, type WorkingLine } from '../working';
import { pairwiseCounts, pairwiseShape } from './distance';
import { lossCost, noParams, readReduction, reduced } from './losses';
import { broadcastShapes } from './tensorOps';

const legacy: ArgSpec[] = [{ name: 'size_average', default: null }, { name: 'reduce', default: null }, { name: 'reduction', default: 'mean' }];
const tensor = (name: string): ArgSpec => ({ name, tensor: 'one' });
const optionalTensor = (name: string): ArgSpec => ({ name, tensor: 'optional', default: null });
const costUnknown = (owner: string): never => {
  throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
};
const known = (d: Dim, v: Dim) => isKnown(d) && isKnown(v) && d !== v;
const dimsText = (s: Shape) => `[${s.map(formatDim).join(', ')}]`;

// ══ nll_loss and cross_entropy ═══════════════════════════════════════════════════════════════════════════════
interface ClassLoss { loss: Shape; classes: Dim; probabilities: boolean; working: WorkingLine[] }

/** Class indices: PyTorch's nll_loss_nd checks, in its order. */
function withIndices(owner: string, input: Shape, target: Shape): ClassLoss {
  if (input.length < 1) fail('wrong-rank', `${owner}: expected 1 or more dimensions for the input (got 0)`);
  if (input.length !== 1 && (target.length === 0 || known(input[0], target[0]))) {
    fail('loss-batch', `${owner}: expected input batch_size (${formatDim(input[0])}) to match target batch_size ` +
      `(${target.length === 0 ? 'none: the target is 0-d' : formatDim(target[0])}); input ${formatShape(input)}, target ${formatShape(target)}`);
  }
  if (input.length <= 2) {
    if (target.length > 1) fail('loss-target', `${owner}: 0D or 1D target tensor expected, multi-target not supported (target ${formatShape(target)})`);
    if (input.length === 1 && target.length === 1 && known(input[0], target[0])) {
      fail('loss-target', `${owner}: size mismatch (got input: ${dimsText(input)}, target: ${dimsText(target)})`);
    }
    const classes = input[input.length - 1];
    const loss = input.length === 2 ? [input[0]] : [];
    return { loss, classes, probabilities: false, working: [line('classes', `C = ${formatDim(classes)} (the input's last dim); target ${formatShape(target)} holds class indices`)] };
  }
  const expected = [input[0], ...input.slice(2)];
  const fits = target.length === expected.length && target.every((d, i) => !known(d, expected[i]));
  if (!fits) {
    fail('loss-target', input.length === 4 && target.length !== 3
      ? `${owner}: only batches of spatial targets supported (3D tensors) but got targets of dimension: ${target.length} (input ${formatShape(input)})`
      : `${owner}: expected target size ${dimsText(expected)}, got ${dimsText(target)} (input ${formatShape(input)}: (N, C, d1, …) takes (N, d1, …))`);
  }
  return { loss: expected, classes: input[1], probabilities: false,
    working: [line('classes', `C = ${formatDim(input[1])} (dim 1); target ${formatShape(target)} holds one class index per position`)] };
}

/** Class probabilities: target of the input's shape; the class dim (1, or 0 for a 1-D input) is summed away. */
function withProbabilities(owner: string, a: Args, input: Shape): ClassLoss {
  if (input.length === 0) fail('wrong-rank', `${owner}: a 0-d input has no class dimension`);
  if ('ignore_index' in a && num(a, 'ignore_index') >= 0) {
    fail('bad-arguments', `${owner}: ignore_index is not supported for floating point target (class probabilities); got ignore_index=${num(a, 'ignore_index')}`);
  }
  const dim = input.length === 1 ? 0 : 1;
  return { loss: input.filter((_d, i) => i !== dim), classes: input[dim], probabilities: true,
    working: [line('classes', `target ${formatShape(input)} has the input's shape: class probabilities over dim ${dim} (C = ${formatDim(input[dim])})`)] };
}

function classLoss(owner: string, a: Args, crossEntropy: boolean, [input, target, weight]: readonly Shape[]): ClassLoss {
  if (!target) return fail('bad-arguments', `${owner}: needs an input and a target`);
  const sameShape = input.length === target.length && input.every((d, i) => sameDim(d, target[i]));
  if (crossEntropy && !sameShape && input.length === target.length && input.every((d, i) => !known(d, target[i]))) {
    throw new UnknownValueError(`${owner}: cannot tell statically whether target ${formatShape(target)} has the input's shape (probabilities) or not (indices)`);
  }
  const c = crossEntropy && sameShape ? withProbabilities(owner, a, input) : withIndices(owner, input, target);
  const smoothing = crossEntropy ? num(a, 'label_smoothing') : 0;
  // The class-index kernel ignores a negative smoothing; the probability kernel rejects it.
  if (smoothing > 1 || (c.probabilities && smoothing < 0)) {
    fail('bad-arguments', `${owner}: label_smoothing must be between 0.0 and 1.0. Got: ${smoothing}`, { arg: 'label_smoothing', value: 0.1, description: 'use a value in [0, 1]' });
  }
  if (weight && !(weight.length === 1 && !known(weight[0], c.classes))) {
    fail('loss-weight', `${owner}: weight tensor should be defined either for all ${formatDim(c.classes)} classes or no classes but got weight tensor of shape: ${dimsText(weight)}`);
  }
  return c;
}

function classCost(owner: string, a: Args, c: ClassLoss, reduction: string, weighted: boolean): Cost {
  const terms = numel(c.loss) ?? costUnknown(owner);
  if (!isKnown(c.classes)) return costUnknown(owner);
  const C = c.classes;
  const smoothing = 'label_smoothing' in a ? num(a, 'label_smoothing') : 0;
  if (c.probabilities) {
    return lossCost(owner, terms, { mul: C + (weighted ? C : 0), add: C - 1, other: 1 }, '−Σ_c y_c·log p_c', reduction);
  }
  const smooth = smoothing > 0 ? { add: C, div: 1, mul: 2 } : {};
  const per = { other: 1, mul: (weighted ? 1 : 0) + (smooth.mul ?? 0), add: smooth.add ?? 0, div: smooth.div ?? 0 };
  return lossCost(owner, terms, per, smoothing > 0 ? '(1 − ε)·(−log p[y]) + ε·mean_c(−log p_c)' : '−log p[y]', reduction, { weightSum: weighted });
}

const nllValues: ArgSpec[] = [{ name: 'size_average', default: null }, { name: 'ignore_index', default: -100 }, { name: 'reduce', default: null },
  { name: 'reduction', default: 'mean' }];
const ceValues: ArgSpec[] = [...nllValues, { name: 'label_smoothing', default: 0.0 }];

function classLossDef(type: string, kind: 'module' | 'function', crossEntropy: boolean): LayerDef {
  const values = crossEntropy ? ceValues : nllValues;
  const weighted = (a: Args, inputs: readonly Shape[]) => (kind === 'module' ? a.weight !== null : inputs.length > 2);
  return {
    type, kind, inputs: 2,
    summary: crossEntropy ? 'cross entropy: log_softmax + negative log likelihood' : 'negative log likelihood of class log-probabilities',
    signature: kind === 'module' ? [{ name: 'weight', default: null }, ...values] : [tensor('input'), tensor('target'), optionalTensor('weight'), ...values],
    params: noParams,
    forward: (a, inputs) => {
      const reduction = readReduction(type, a);
      const c = classLoss(type, a, crossEntropy, kind === 'module' ? inputs.slice(0, 2) : inputs);
      return reduced(c.loss, reduction, c.probabilities ? 'one loss per sample (and position)' : 'one loss per target index', c.working);
    },
    cost: (a, inputs) => classCost(type, a, classLoss(type, a, crossEntropy, kind === 'module' ? inputs.slice(0, 2) : inputs),
      readReduction(type, a), weighted(a, inputs)),
    // cross entropy keeps log_softmax's output; with class indices both keep the int64 target and a 0-d total
    // weight, with class probabilities (a float target of the input's shape) the product keeps the target
    saves: (_a, [x, target]) => {
      const n = numel(x);
      if (crossEntropy && n === undefined) throw new UnknownValueError(`${type}: the saved log-probabilities have a symbolic size`);
      const logp = crossEntropy ? [{ made: 'log_softmax output', numel: n!, element: 'act' as const }] : [{ input: 0 }];
      if (crossEntropy && target && target.length === x.length) return [...logp, { input: 1 }];
      return [...logp, { input: 1, element: 'int64' as const }, { made: 'total weight', numel: 1n, element: 'act' as const }];
    },
  };
}

// ══ multi_margin_loss and multilabel_margin_loss ═════════════════════════════════════════════════════════════
/** Input (N, C), (C) or (): frames and classes, or PyTorch's "non-empty vector or matrix" error. */
function frames(owner: string, input: Shape): { n: Dim; c: Dim } {
  const empty = (input.length === 2 && input[1] === 0) || (input.length === 1 && input[0] === 0);
  if (input.length > 2 || empty) {
    fail('wrong-rank', `${owner}: expected non-empty vector or matrix with optional 0-dim batch size, but got: ${dimsText(input)}`);
  }
  return input.length === 2 ? { n: input[0], c: input[1] } : { n: 1, c: input.length === 1 ? input[0] : 1 };
}

function multiMargin(owner: string, a: Args, [input, target, weight]: readonly Shape[]): { loss: Shape; c: Dim } {
  if (!target) return fail('bad-arguments', `${owner}: needs an input and a target`);
  const p = num(a, 'p');
  if (p !== 1 && p !== 2) fail('bad-arguments', `${owner}: only p == 1 and p == 2 supported, got p=${p}`, { arg: 'p', value: 1, description: 'use p=1 or p=2' });
  if (weight && weight.length !== 1) fail('loss-weight', `${owner}: weight must be one-dimensional, got ${formatShape(weight)}`);
  const { n, c } = frames(owner, input);
  const count = numel(target);
  if (target.length > 1 || count === 0n || (count !== undefined && isKnown(n) && count !== BigInt(n))) {
    fail('loss-target', `${owner}: inconsistent target size, expected ${formatDim(n)} but got ${dimsText(target)}`);
  }
  if (weight && known(weight[0], c)) fail('loss-weight', `${owner}: inconsistent weight size, expected ${formatDim(c)} but got ${dimsText(weight)}`);
  return { loss: target.length === 0 ? [] : [n], c };
}

function multilabelMargin(owner: string, [input, target]: readonly Shape[]): Shape {
  if (!target) return fail('bad-arguments', `${owner}: needs an input and a target`);
  const { n, c } = frames(owner, input);
  const fits = input.length === 2 ? target.length === 2 && !known(target[0], n) && !known(target[1], c)
    : target.length <= 1 && !(isKnown(c) && numel(target) !== undefined && numel(target) !== BigInt(c));
  if (!fits) fail('loss-target', `${owner}: inconsistent size ${dimsText(target)} for target (input ${formatShape(input)}: the target holds class indices in the input's shape)`);
  return input.length === 2 ? [n] : [];
}

// ══ multilabel_soft_margin_loss ══════════════════════════════════════════════════════════════════════════════
function multilabelSoft(owner: string, [input, target, weight]: readonly Shape[]): { loss: Shape; all: Shape; c: Dim } {
  if (!target) return fail('bad-arguments', `${owner}: needs an input and a target`);
  if (input.length === 0) fail('wrong-rank', `${owner}: dimension specified as -1 but the 0-d input has no dimensions (the class dim is the input's last)`);
  let all = broadcastShapes(owner, input, target);
  if (weight) all = broadcastShapes(owner, all, weight);
  const classDim = input.length - 1;
  return { loss: all.filter((_d, i) => i !== classDim), all, c: input[classDim] };
}

// ══ cosine_embedding_loss, margin_ranking_loss ═══════════════════════════════════════════════════════════════
function cosineEmbedding(owner: string, [x1, x2, target]: readonly Shape[]): { loss: Shape; both: Shape } {
  if (!x2 || !target) return fail('bad-arguments', `${owner}: needs input1, input2 and target`);
  if (target.length > 1) fail('loss-target', `${owner}: 0D or 1D target tensor expected, multi-target not supported (target ${formatShape(target)})`);
  const rank = target.length === 1 ? 2 : 1;
  if (x1.length !== rank || x2.length !== rank) {
    fail('wrong-rank', `${owner}: ${target.length}D target tensor expects ${rank}D input tensors, but found inputs with sizes ${dimsText(x1)} and ${dimsText(x2)}`);
  }
  const both = broadcastShapes(owner, x1, x2);
  return { loss: broadcastShapes(owner, both.slice(0, -1), target), both };
}

function marginRanking(owner: string, [x1, x2, target]: readonly Shape[]): Shape {
  if (!x2 || !target) return fail('bad-arguments', `${owner}: needs input1, input2 and target`);
  if (x1.length !== x2.length || x1.length !== target.length) {
    fail('wrong-rank', `${owner}: all input tensors should have same dimension but got sizes: input1: ${dimsText(x1)}, input2: ${dimsText(x2)}, target: ${dimsText(target)}`);
  }
  return broadcastShapes(owner, broadcastShapes(owner, x1, x2), target);
}

// ══ triplet_margin_loss ══════════════════════════════════════════════════════════════════════════════════════
function triplet(owner: string, a: Args, [anchor, positive, negative]: readonly Shape[]): { loss: Shape; pos: Shape; neg: Shape; swap?: Shape } {
  if (!positive || !negative) return fail('bad-arguments', `${owner}: needs anchor, positive and negative`);
  if (anchor.length !== positive.length || positive.length !== negative.length) {
    fail('wrong-rank', `${owner}: all inputs should have same dimension but got ${anchor.length}D, ${positive.length}D and ${negative.length}D inputs`);
  }
  const pos = pairwiseShape(owner, anchor, positive, false);
  const neg = pairwiseShape(owner, anchor, negative, false);
  const swap = bool(a, 'swap') ? pairwiseShape(owner, positive, negative, false) : undefined;
  const negative2 = swap ? broadcastShapes(owner, neg.output, swap.output) : neg.output;
  return { loss: broadcastShapes(owner, pos.output, negative2), pos: pos.diff, neg: neg.diff, swap: swap?.diff };
}

function tripletCost(owner: string, a: Args, t: ReturnType<typeof triplet>, reduction: string): Cost {
  const p = 'p' in a ? num(a, 'p') : 2;
  const eps = !('distance_function' in a);
  const distances = [t.pos, t.neg, ...(t.swap ? [t.swap] : [])].map((d) => pairwiseCounts(owner, d, p, eps));
  const sum = distances.reduce((s, c) => ({ add: s.add + c.add, mul: s.mul + c.mul, div: s.div + c.div, cmp: s.cmp + c.cmp, other: s.other + c.other }));
  const terms = numel(t.loss) ?? costUnknown(owner);
  return lossCost(owner, terms, { add: 2, cmp: t.swap ? 2 : 1 }, 'max(0, margin + d(a, p) − d(a, n))', reduction,
    { ops: sum as Partial<OpCounts>, text: `${distances.length} pairwise distances (p = ${p}): ${withSeparators(Object.values(sum).reduce((x, y) => x + y, 0n))} operations` });
}

// ══ ctc_loss ═════════════════════════════════════════════════════════════════════════════════════════════════
/** Known lengths: a list (or one int) of values; a tensor is only sized. */
const lengthValues = (v: Value | undefined): number[] | undefined =>
  typeof v === 'number' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined;

function ctc(owner: string, a: Args, inputs: readonly Shape[], lengths: { input?: Value; target?: Value }): Shape {
  const [logProbs, targets, inputLengths, targetLengths] = inputs;
  if (!targets) return fail('bad-arguments', `${owner}: needs log_probs, targets, input_lengths and target_lengths`);
  if (logProbs.length !== 2 && logProbs.length !== 3) fail('wrong-rank', `${owner}: log_probs must be (T, N, C) or unbatched (T, C), got ${formatShape(logProbs)}`);
  const batched = logProbs.length === 3;
  const [t, n, c] = batched ? logProbs : [logProbs[0], 1, logProbs[1]];
  const blank = int(a, 'blank');
  if (isKnown(c) && (blank < 0 || blank >= c)) fail('bad-arguments', `${owner}: blank must be in label range: blank=${blank}, C = ${c}`);
  if (targets.length > 2 || (!batched && targets.length !== 1)) fail('wrong-rank', `${owner}: targets must be ${batched ? '(N, S) or 1-D (Σ target_lengths)' : '1-D (S) for an unbatched log_probs'}, got ${formatShape(targets)}`);
  for (const [what, shape] of [['input_lengths', inputLengths], ['target_lengths', targetLengths]] as const) {
    const count = shape ? numel(shape) : undefined;
    if (count !== undefined && isKnown(n) && count !== BigInt(n)) fail('loss-target', `${owner}: ${what} must be of size batch_size ${n}, got ${formatShape(shape!)}`);
  }
  const il = lengthValues(lengths.input);
  const tl = lengthValues(lengths.target);
  for (const [what, vs] of [['input_lengths', il], ['target_lengths', tl]] as const) {
    if (vs && isKnown(n) && vs.length !== n) fail('loss-target', `${owner}: ${what} must be of size batch_size ${n}, got ${vs.length} values`);
  }
  if (il && isKnown(t)) {
    const over = il.find((x) => x > t);
    if (over !== undefined) fail('loss-target', `${owner}: expected input_lengths to have value at most ${t} (T), but got value ${over}`);
  }
  if (tl && targets.length === 2 && batched) {
    if (known(targets[0], n)) fail('loss-target', `${owner}: targets ${formatShape(targets)} must have batch_size ${formatDim(n)} rows`);
    const longest = Math.max(0, ...tl);
    if (isKnown(targets[1]) && targets[1] < longest) fail('loss-target', `${owner}: expected targets to have size at least ${longest} at dimension 1, but got size ${targets[1]}`);
  }
  if (tl && targets.length === 1) {
    const total = tl.reduce((s, x) => s + x, 0);
    if (isKnown(targets[0]) && batched && targets[0] !== total) fail('loss-target', `${owner}: concatenated targets must hold Σ target_lengths = ${total} entries, got ${targets[0]}`);
  }
  return batched ? [n] : [];
}

const dataDependent = (owner: string, what: string): Cost => ({ ...FREE, working: [`${owner}: MACs = 0; the operations are not counted: ${what}`] });

// ══ The definitions ══════════════════════════════════════════════════════════════════════════════════════════
interface Spec {
  readonly module: string;
  readonly fn: string;
  readonly summary: string;
  readonly moduleSignature: ArgSpec[];
  /** The functional signature, tensors marked. */
  readonly fnSignature: ArgSpec[];
  /** torch.<fn>'s own signature (ATen's: the reduction as the enum int), where PyTorch has one. */
  readonly torchSignature?: ArgSpec[];
  readonly moduleInputs: number;
  readonly forward: (owner: string, a: Args, inputs: readonly Shape[]) => { loss: Shape; what: string };
  readonly cost: (owner: string, a: Args, inputs: readonly Shape[], reduction: string, weighted: boolean) => Cost;
}

const margin = (d: number): ArgSpec => ({ name: 'margin', default: d });

const SPECS: Spec[] = [
  { module: 'MultiMarginLoss', fn: 'multi_margin_loss', summary: 'multi-class hinge loss', moduleInputs: 2,
    moduleSignature: [{ name: 'p', default: 1 }, margin(1.0), { name: 'weight', default: null }, ...legacy],
    fnSignature: [tensor('input'), tensor('target'), { name: 'p', default: 1 }, margin(1.0), optionalTensor('weight'), ...legacy],
    forward: (o, a, xs) => ({ loss: multiMargin(o, a, xs).loss, what: 'one loss per sample' }),
    cost: (o, a, xs, r, w) => {
      const { loss, c } = multiMargin(o, a, xs);
      if (!isKnown(c)) return costUnknown(o);
      const others = Math.max(c - 1, 0);
      const per = { add: 2 * others + Math.max(others - 1, 0), cmp: others, mul: others * ((num(a, 'p') === 2 ? 1 : 0) + (w ? 1 : 0)), div: 1 };
      return lossCost(o, numel(loss), per, 'Σ_{i≠y} max(0, margin − x[y] + x[i])ᵖ / C', r);
    } },
  { module: 'MultiLabelMarginLoss', fn: 'multilabel_margin_loss', summary: 'multi-label hinge loss over target class indices', moduleInputs: 2,
    moduleSignature: legacy, fnSignature: [tensor('input'), tensor('target'), ...legacy],
    forward: (o, _a, xs) => ({ loss: multilabelMargin(o, xs), what: 'one loss per sample' }),
    cost: (o) => dataDependent(o, 'the hinge terms depend on how many labels each target row holds') },
  { module: 'MultiLabelSoftMarginLoss', fn: 'multilabel_soft_margin_loss', summary: 'multi-label one-versus-all logistic loss', moduleInputs: 2,
    moduleSignature: [{ name: 'weight', default: null }, ...legacy], fnSignature: [tensor('input'), tensor('target'), optionalTensor('weight'), ...legacy],
    forward: (o, _a, xs) => ({ loss: multilabelSoft(o, xs).loss, what: 'one loss per sample (the class dim averaged)' }),
    cost: (o, _a, xs, r, w) => {
      const { loss, all, c } = multilabelSoft(o, xs);
      const n = numel(all) ?? costUnknown(o);
      if (!isKnown(c)) return costUnknown(o);
      const samples = numel(loss) ?? costUnknown(o);
      return lossCost(o, samples, { add: Math.max(c - 1, 0), div: 1 }, 'mean over the classes', r,
        { ops: { other: 2n * n, mul: (2n + (w ? 1n : 0n)) * n, add: 2n * n }, text: `per element −(y·logσ(x) + (1 − y)·logσ(−x)) × ${withSeparators(n)}` });
    } },
  { module: 'CosineEmbeddingLoss', fn: 'cosine_embedding_loss', summary: 'cosine-similarity loss with ±1 labels', moduleInputs: 3,
    moduleSignature: [margin(0.0), ...legacy], fnSignature: [tensor('input1'), tensor('input2'), tensor('target'), margin(0), ...legacy],
    torchSignature: [tensor('input1'), tensor('input2'), tensor('target'), margin(0.0), { name: 'reduction', default: 1 }],
    forward: (o, _a, xs) => ({ loss: cosineEmbedding(o, xs).loss, what: 'one loss per pair' }),
    cost: (o, _a, xs, r) => {
      const { loss, both } = cosineEmbedding(o, xs);
      const d = both[both.length - 1];
      if (!isKnown(d)) return costUnknown(o);
      return lossCost(o, numel(loss), { mul: 3 * d + 1, add: 3 * Math.max(d - 1, 0) + 5, other: 1, div: 1, cmp: 3 }, 'y = 1 ? 1 − cos : max(0, cos − margin)', r);
    } },
  { module: 'MarginRankingLoss', fn: 'margin_ranking_loss', summary: 'ranking hinge loss max(0, −y·(x1 − x2) + margin)', moduleInputs: 3,
    moduleSignature: [margin(0.0), ...legacy], fnSignature: [tensor('input1'), tensor('input2'), tensor('target'), margin(0), ...legacy],
    torchSignature: [tensor('input1'), tensor('input2'), tensor('target'), margin(0.0), { name: 'reduction', default: 1 }],
    forward: (o, _a, xs) => ({ loss: marginRanking(o, xs), what: 'one loss per element' }),
    cost: (o, _a, xs, r) => lossCost(o, numel(marginRanking(o, xs)), { add: 2, mul: 1, cmp: 1 }, 'max(0, −y·(x1 − x2) + margin)', r) },
  { module: 'TripletMarginLoss', fn: 'triplet_margin_loss', summary: 'triplet loss on p-norm distances', moduleInputs: 3,
    moduleSignature: [margin(1.0), { name: 'p', default: 2.0 }, { name: 'eps', default: 1e-6 }, { name: 'swap', default: false }, ...legacy],
    fnSignature: [tensor('anchor'), tensor('positive'), tensor('negative'), margin(1.0), { name: 'p', default: 2 }, { name: 'eps', default: 1e-6 },
      { name: 'swap', default: false }, ...legacy],
    torchSignature: [tensor('anchor'), tensor('positive'), tensor('negative'), margin(1.0), { name: 'p', default: 2 }, { name: 'eps', default: 1e-6 },
      { name: 'swap', default: false }, { name: 'reduction', default: 1 }],
    forward: (o, a, xs) => ({ loss: triplet(o, a, xs).loss, what: 'one loss per triplet' }),
    cost: (o, a, xs, r) => tripletCost(o, a, triplet(o, a, xs), r) },
  { module: 'TripletMarginWithDistanceLoss', fn: 'triplet_margin_with_distance_loss', summary: 'triplet loss with a given distance function', moduleInputs: 3,
    moduleSignature: [{ name: 'distance_function', default: null, keywordOnly: true }, { ...margin(1.0), keywordOnly: true },
      { name: 'swap', default: false, keywordOnly: true }, { name: 'reduction', default: 'mean', keywordOnly: true }],
    fnSignature: [tensor('anchor'), tensor('positive'), tensor('negative'), { name: 'distance_function', default: null, keywordOnly: true },
      { ...margin(1.0), keywordOnly: true }, { name: 'swap', default: false, keywordOnly: true }, { name: 'reduction', default: 'mean', keywordOnly: true }],
    forward: (o, a, xs) => {
      if (a.distance_function !== null && readReduction(o, a) === 'none') {
        throw new UnknownValueError(`${o}: with a custom distance_function the unreduced loss has that function's output shape`);
      }
      return { loss: a.distance_function === null ? triplet(o, a, xs).loss : [], what: 'one loss per triplet' };
    },
    cost: (o, a, xs, r) => {
      if (a.distance_function !== null) throw new UnknownValueError(`${o}: the cost of a custom distance_function is not known`);
      return tripletCost(o, { ...a, p: 2 }, triplet(o, a, xs), r);
    } },
];

function specDef(s: Spec, kind: 'module' | 'function' | 'torch'): LayerDef {
  const type = kind === 'module' ? s.module : kind === 'torch' ? `torch.${s.fn}` : `F.${s.fn}`;
  const weighted = (a: Args, inputs: readonly Shape[]) => (kind === 'module' ? 'weight' in a && a.weight !== null
    : inputs.length > s.fnSignature.filter((x) => x.tensor === 'one').length);
  return {
    type, kind: kind === 'module' ? 'module' : 'function', summary: s.summary, inputs: s.moduleInputs,
    signature: kind === 'module' ? s.moduleSignature : kind === 'torch' ? s.torchSignature ?? [] : s.fnSignature,
    params: noParams,
    forward: (a, inputs): Forward => {
      const reduction = readReduction(type, a);
      const { loss, what } = s.forward(type, a, inputs);
      return reduced(loss, reduction, what);
    },
    cost: (a, inputs) => s.cost(type, a, inputs, readReduction(type, a), weighted(a, inputs)),
  };
}

// ══ CTCLoss / F.ctc_loss ═════════════════════════════════════════════════════════════════════════════════════
const ctcValues: ArgSpec[] = [{ name: 'blank', default: 0 }, { name: 'reduction', default: 'mean' }, { name: 'zero_infinity', default: false }];

const ctcModule: LayerDef = {
  type: 'CTCLoss', kind: 'module', summary: 'connectionist temporal classification loss', inputs: 4, signature: ctcValues,
  params: noParams,
  forward: (a, inputs) => reduced(ctc('CTCLoss', a, inputs, {}), readReduction('CTCLoss', a), 'one loss per sequence'),
  cost: () => dataDependent('CTCLoss', 'the alignment recursion depends on the lengths\' values'),
};

// F.ctc_loss's lengths are tensors or tuples of ints: taken as values (a tensor's values are unknown).
const ctcFunction: LayerDef = {
  type: 'F.ctc_loss', kind: 'function', summary: 'connectionist temporal classification loss', inputs: 2,
  signature: [tensor('log_probs'), tensor('targets'), { name: 'input_lengths' }, { name: 'target_lengths' }, ...ctcValues],
  params: noParams,
  forward: (a, inputs) => reduced(ctc('F.ctc_loss', a, inputs.slice(0, 2), { input: isUnknown(a.input_lengths) ? undefined : a.input_lengths,
    target: isUnknown(a.target_lengths) ? undefined : a.target_lengths }), readReduction('F.ctc_loss', a), 'one loss per sequence'),
  cost: () => dataDependent('F.ctc_loss', 'the alignment recursion depends on the lengths\' values'),
};

// ══ AdaptiveLogSoftmaxWithLoss(in_features, n_classes, cutoffs, div_value=4.0, head_bias=False) ══════════════
//   shape   input (N, in_features) with target (N) → (output (N), loss ()); unbatched (in_features) with () → ((), ())
//   params  head: in_features × (cutoffs[0] + clusters) (+ that many biases with head_bias); cluster i:
//           in_features × h_i + h_i × (c_{i+1} − c_i), h_i = ⌊in_features / div_value^(i+1)⌋ (two Linears without bias)
//   cost    MACs = N · in_features · (cutoffs[0] + clusters), the head; a cluster's two Linears run only on the rows
//           whose target falls in it — a matter of the data, so not counted (the count is a lower bound)
interface Adaptive { inF: number; head: number; tails: [number, number][]; headBias: boolean }

function readAdaptive(a: Args): Adaptive {
  const inF = int(a, 'in_features');
  const classes = int(a, 'n_classes');
  if (isUnknown(a.cutoffs)) throw new UnknownValueError(`AdaptiveLogSoftmaxWithLoss: cutoffs: ${a.cutoffs.why}`);
  const cutoffs = Array.isArray(a.cutoffs) ? a.cutoffs.map((c) => num({ c }, 'c')) : [num(a, 'cutoffs')];
  const sorted = cutoffs.every((c, i) => i === 0 || c > cutoffs[i - 1]);
  if (cutoffs.length === 0 || !sorted || cutoffs[0] <= 0 || cutoffs[cutoffs.length - 1] > classes - 1 || cutoffs.some((c) => !Number.isInteger(c))) {
    fail('bad-arguments', `AdaptiveLogSoftmaxWithLoss: cutoffs should be a sequence of unique, positive integers sorted in an increasing order, ` +
      `where each value is between 1 and n_classes-1 (n_classes = ${classes}, cutoffs = [${cutoffs.join(', ')}])`);
  }
  const div = num(a, 'div_value');
  const bounds = [...cutoffs, classes];
  const tails = cutoffs.map((_c, i): [number, number] => [Math.floor(inF / div ** (i + 1)), bounds[i + 1] - bounds[i]]);
  return { inF, head: cutoffs[0] + cutoffs.length, tails, headBias: bool(a, 'head_bias') };
}

const adaptiveSoftmax: LayerDef = {
  type: 'AdaptiveLogSoftmaxWithLoss', kind: 'module', summary: 'adaptive softmax: a head over frequent classes, clusters for the rest', inputs: 2,
  signature: [{ name: 'in_features' }, { name: 'n_classes' }, { name: 'cutoffs' }, { name: 'div_value', default: 4.0 },
    { name: 'head_bias', default: false }, { name: 'device', default: null }, { name: 'dtype', default: null }],
  validate: (a) => void readAdaptive(a),
  params: (a) => {
    const c = readAdaptive(a);
    const t = (name: string, shape: number[]) => ({ name, shape, count: BigInt(shape[0]) * BigInt(shape[1] ?? 1) });
    const tensors = [t('head.weight', [c.head, c.inF]), ...(c.headBias ? [t('head.bias', [c.head])] : []),
      ...c.tails.flatMap(([h, o], i) => [t(`tail.${i}.0.weight`, [h, c.inF]), t(`tail.${i}.1.weight`, [o, h])])];
    const total = tensors.reduce((x, y) => x + y.count, 0n);
    return { tensors, working: [line('params', `head ${c.inF}·${c.head}${c.headBias ? ` + ${c.head}` : ''} + ` +
      `${c.tails.map(([h, o]) => `(${c.inF}·${h} + ${h}·${o})`).join(' + ')} = ${withSeparators(total)}`)] };
  },
  forward: (a, [x, target]): Forward => {
    const c = readAdaptive(a);
    const owner = 'AdaptiveLogSoftmaxWithLoss';
    if (!target) return fail('bad-arguments', `${owner}: needs input and target`);
    if (target.length > 1) fail('loss-target', `${owner}: 0D or 1D target tensor expected, multi-target not supported (target ${formatShape(target)})`);
    if (target.length === 1 && x.length >= 1 && known(x[0], target[0])) fail('loss-batch', `${owner}: input and target should have the same size in the batch dimension (${formatShape(x)}, ${formatShape(target)})`);
    if (x.length !== target.length + 1) fail('wrong-rank', `${owner}: ${target.length}D target tensor expects ${target.length + 1}D input tensors, but found inputs with size ${formatShape(x)}`);
    const f = x[x.length - 1];
    if (isKnown(f) && f !== c.inF) fail('linear-in-features', `${owner}: the input's last dim ${f} must be in_features = ${c.inF} (the head is a Linear)`);
    const output: Shape = target.length === 1 ? [target[0]] : [];
    return { output: { tuple: [output, []] }, working: [line('result', `(output ${formatShape(output)}: each target's log-probability, loss ())`)] };
  },
  cost: (a, [x]) => {
    const c = readAdaptive(a);
    const rows = x.length === 2 ? x[0] : 1;
    if (!isKnown(rows)) return costUnknown('AdaptiveLogSoftmaxWithLoss');
    const macs = BigInt(rows) * BigInt(c.inF) * BigInt(c.head);
    return { macs, exact: ops({ mul: macs, add: BigInt(rows) * BigInt(c.head) * BigInt(Math.max(c.inF - 1, 0) + (c.headBias ? 1 : 0)) }), working: [
      `MACs = N · in_features · head = ${rows} · ${c.inF} · ${c.head} = ${withSeparators(macs)} (the clusters run on the rows whose target falls in them: data, not counted)`] };
  },
};

export const classLossLayers: LayerDef[] = [
  classLossDef('CrossEntropyLoss', 'module', true), classLossDef('F.cross_entropy', 'function', true),
  classLossDef('NLLLoss', 'module', false), classLossDef('NLLLoss2d', 'module', false), classLossDef('F.nll_loss', 'function', false),
  ...SPECS.flatMap((s) => [specDef(s, 'module'), specDef(s, 'function'), ...(s.torchSignature ? [specDef(s, 'torch')] : [])]),
  ctcModule, ctcFunction, adaptiveSoftmax,
];

