// Losses that compare the input with a target element by element — as nn.*Loss modules and as F.*_loss:
// MSELoss, L1Loss, SmoothL1Loss, HuberLoss, SoftMarginLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss, PoissonNLLLoss,
// GaussianNLLLoss, HingeEmbeddingLoss — and the reduction every loss shares (classLosses.ts uses it too).
//
//   reduction  'none' → the unreduced loss, one entry per element (or per sample); 'mean' and 'sum' → a 0-d
//              tensor (); kl_div also takes 'batchmean' (the sum divided by input.size(0)). The deprecated
//              size_average / reduce pair decides when either is given (PyTorch's legacy_get_string); torch.*'s own
//              spellings (torch.kl_div…) pass the enum 0 / 1 / 2 for none / mean / sum.
//   shape      the unreduced loss:
//                broadcast  input and target broadcast (mse, l1, smooth_l1, huber warn when their shapes differ;
//                           kl_div, poisson_nll, hinge_embedding do not)
//                into       soft_margin_loss: the target broadcasts into the input's shape, which the loss keeps
//                same       binary_cross_entropy(_with_logits): target must have the input's size exactly;
//                           weight / pos_weight must broadcast into that size
//                gaussian   input and target broadcast; var is input's size, or input's size without (or with 1
//                           as) the last dim (one variance shared by the last dim)
//              2.x: mse_loss, l1_loss and huber_loss take weight= of exactly the input's size.
//   params     none.
//   cost       0 MACs (no weight layer). exact: per element of the unreduced loss, the operations of its formula
//              (below; |·| and clamps count as comparisons, exp/log/sqrt as elementwise ops), then the
//              reduction: 'sum' n − 1 adds, 'mean' n − 1 adds + 1 division (with a weight, mse/l1 divide by Σw:
//              n − 1 more adds), 'batchmean' n − 1 adds + 1 division. Branches (smooth_l1, huber) are counted as
//              a vectorized kernel computes them: both sides, then a selection.
//                mse          (x − y)²                                1 add, 1 mult           (+1 mult with weight)
//                l1           |x − y|                                 1 add, 1 cmp            (+1 mult with weight)
//                smooth_l1    |d| < β ? 0.5·d²/β : |d| − 0.5·β        2 adds, 2 cmp, 2 mults, 1 div
//                huber        |d| < δ ? 0.5·d² : δ·(|d| − 0.5·δ)      2 adds, 2 cmp, 3 mults  (+1 mult with weight)
//                soft_margin  log(1 + exp(−y·x))                      1 mult, 1 add, 2 elementwise
//                bce          −(y·log x + (1 − y)·log(1 − x))          3 adds, 2 mults, 2 elementwise (+1 mult, weight)
//                bce_logits   (1 − y)·x + log(1 + exp(−x))             3 adds, 1 mult, 2 elementwise
//                             (+2 adds, 2 mults with pos_weight; +1 mult with weight)
//                kl_div       y·(log y − x)  (log_target: eʸ·(y − x))  1 add, 1 mult, 1 elementwise
//                poisson_nll  eˣ − y·x  (log_input=False: x − y·log(x + eps): 2 adds, 1 mult, 1 elementwise)
//                             full adds Stirling's y·log y − y + ½·log(2πy) where y > 1: 3 adds, 3 mults, 2 elementwise, 1 cmp
//                gaussian_nll ½·(log max(var, eps) + (x − y)²/var)     2 adds, 2 mults, 1 div, 1 cmp, 1 elementwise
//                             (full: +1 add)
//                hinge_emb    (y ≠ −1 ? x : 0) + (y ≠ 1 ? max(0, Δ − x) : 0)   2 adds, 3 cmp
import { withSeparators } from '../count';
import { ops, type Cost, type OpCounts } from '../cost';
import { fail, UnknownValueError, type EngineDiagnostic } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import type { SavedTensor } from '../saved';
import { formatShape, isKnown, numel, sameDim, type Shape } from '../shape';
import { bool, isUnknown, str, type ArgSpec, type Args } from '../values';
import { line, type WorkingLine } from '../working';
import { broadcastShapes } from './tensorOps';

export const noParams = () => ({ tensors: [], working: [] });

// ══ Reduction ════════════════════════════════════════════════════════════════════════════════════════════════
const ENUM = ['none', 'mean', 'sum'];

/** The reduction a call asks for, checked as PyTorch checks it. */
export function readReduction(owner: string, a: Args, allowed: readonly string[] = ENUM): string {
  const given = (n: string) => n in a && a[n] !== null;
  if (given('size_average') || given('reduce')) {
    const average = given('size_average') ? bool(a, 'size_average') : true;
    const reduce = given('reduce') ? bool(a, 'reduce') : true;
    return average && reduce ? 'mean' : reduce ? 'sum' : 'none';
  }
  if (typeof a.reduction === 'number') {
    const r = ENUM[a.reduction];
    if (r === undefined) fail('bad-arguments', `${owner}: ${a.reduction} is not a valid value for reduction (0, 1 or 2)`);
    return r;
  }
  const r = str(a, 'reduction');
  if (!allowed.includes(r)) {
    fail('bad-arguments', `${owner}: ${r} is not a valid value for reduction (use ${allowed.map((x) => `'${x}'`).join(', ')})`,
      { arg: 'reduction', value: 'mean', description: "use 'mean', 'sum' or 'none'" });
  }
  return r;
}

/** The output: the unreduced loss with 'none', a 0-d tensor otherwise. */
export function reduced(loss: Shape, reduction: string, what: string, working: WorkingLine[] = [], warnings: EngineDiagnostic[] = []): Forward {
  const output = reduction === 'none' ? loss : [];
  const text = reduction === 'none' ? `reduction='none': ${what} ${formatShape(loss)}` : `reduction='${reduction}' of ${what} ${formatShape(loss)} → a 0-d tensor ()`;
  return { output, working: [...working, line('loss', text)], warnings };
}

type Ops = Partial<Record<keyof OpCounts, number>>;
const WORD: Record<keyof OpCounts, string> = { add: 'adds', mul: 'mults', div: 'divisions', cmp: 'comparisons', other: 'elementwise' };
const describe = (per: Ops): string => Object.entries(per).filter(([, v]) => v).map(([k, v]) => `${v} ${WORD[k as keyof OpCounts]}`).join(', ');

/** Per-element operations (count per term) plus those of the reduction over `terms` values. */
export function lossCost(owner: string, terms: bigint | undefined, per: Ops, formula: string, reduction: string,
  extra: { ops?: Partial<OpCounts>; text?: string; weightSum?: boolean } = {}): Cost {
  if (terms === undefined) throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
  const counts: Record<keyof OpCounts, bigint> = { add: 0n, mul: 0n, div: 0n, cmp: 0n, other: 0n };
  for (const [k, v] of Object.entries(per)) counts[k as keyof OpCounts] += terms * BigInt(v ?? 0);
  for (const [k, v] of Object.entries(extra.ops ?? {})) counts[k as keyof OpCounts] += v ?? 0n;
  const sumAdds = terms > 0n ? terms - 1n : 0n;
  let red = '';
  if (reduction !== 'none') {
    counts.add += sumAdds * (extra.weightSum && reduction === 'mean' ? 2n : 1n);
    if (reduction === 'mean' || reduction === 'batchmean') counts.div += 1n;
    red = `; reduction '${reduction}': ${withSeparators(sumAdds)} adds` +
      (extra.weightSum && reduction === 'mean' ? ` + ${withSeparators(sumAdds)} adds (Σ weight)` : '') +
      (reduction === 'sum' ? '' : ' + 1 division');
  }
  return { macs: 0n, exact: ops(counts), working: [
    `MACs = 0 (no weight layer); per term ${formula}: ${describe(per) || 'nothing'} × ${withSeparators(terms)} terms` +
    (extra.text ? `; ${extra.text}` : '') + red,
  ] };
}

// ══ Shape rules of the element-wise losses ══════════════════════════════════════════════════════════════════
type ShapeRule = 'broadcast' | 'same' | 'into' | 'gaussian';

function differ(x: Shape, y: Shape): boolean | undefined {
  if (x.length !== y.length) return true;
  if (x.every((d, i) => sameDim(d, y[i]))) return false;
  return x.some((d, i) => isKnown(d) && isKnown(y[i]) && d !== y[i]) ? true : undefined;
}

/** gaussian_nll_loss's var: the input's size, or without (or with 1 as) the last dim. */
function checkVar(owner: string, input: Shape, v: Shape): Shape {
  const same = differ(v, input);
  if (same === false) return v;
  const head = input.slice(0, -1);
  const unsqueezed = input.length > 0 ? differ(v, head) : true;
  if (unsqueezed === false) return [...v, 1]; // homoscedastic: unsqueezed
  const lastOne = input.length > 0 && v.length === input.length && v[v.length - 1] === 1 ? differ(v.slice(0, -1), head) : true;
  if (lastOne === false) return v;
  if (same === undefined || unsqueezed === undefined || lastOne === undefined) throw new UnknownValueError(`${owner}: cannot tell statically whether var ${formatShape(v)} fits input ${formatShape(input)}`);
  return fail('loss-shape', `${owner}: var is of incorrect size: var ${formatShape(v)} for input ${formatShape(input)} ` +
    `(var must be the input's size, or that size without the last dim or with 1 there)`);
}

function elementwiseLoss(owner: string, rule: ShapeRule, warn: boolean, [input, target, third]: readonly Shape[]): { loss: Shape; warnings: EngineDiagnostic[] } {
  if (!target) return fail('bad-arguments', `${owner}: needs an input and a target`);
  const warnings: EngineDiagnostic[] = [];
  if (rule === 'same') {
    const d = differ(input, target);
    if (d === undefined) throw new UnknownValueError(`${owner}: cannot tell statically whether target ${formatShape(target)} has the input's size ${formatShape(input)}`);
    if (d) {
      fail('loss-shape', `${owner}: target size ${formatShape(target)} must be the same as input size ${formatShape(input)}`,
        undefined);
    }
    return { loss: [...input], warnings };
  }
  if (rule === 'into') {
    // soft_margin_loss writes into an input-sized result: the target must broadcast into the input's shape
    const b = broadcastShapes(owner, input, target);
    if (differ(b, input)) fail('loss-shape', `${owner}: the target ${formatShape(target)} must broadcast to the input's shape ${formatShape(input)} (output with shape ${formatShape(input)} doesn't match the broadcast shape ${formatShape(b)})`);
    return { loss: [...input], warnings };
  }
  if (warn && differ(input, target)) {
    warnings.push({ severity: 'warning', code: 'loss-broadcast', message: `${owner}: using a target size ${formatShape(target)} that is different to ` +
      `the input size ${formatShape(input)}; they broadcast, which is likely not what was meant` });
  }
  const loss = broadcastShapes(owner, input, target);
  if (rule === 'gaussian') {
    if (!third) return fail('bad-arguments', `${owner}: needs input, target and var`);
    return { loss: broadcastShapes(owner, loss, checkVar(owner, input, third)), warnings };
  }
  return { loss, warnings };
}

/** Optional weights (F.* only: modules hold theirs as constructor values, not known here). */
function checkWeights(owner: string, how: 'exact' | 'into' | undefined, input: Shape, loss: Shape, weights: readonly Shape[]): void {
  for (const w of weights) {
    if (how === 'exact') {
      const d = differ(w, input);
      if (d === undefined) throw new UnknownValueError(`${owner}: cannot tell statically whether weight ${formatShape(w)} has the input's size`);
      if (d) fail('loss-weight', `${owner}: weights and input must have the same size: weight ${formatShape(w)}, input ${formatShape(input)}`);
    } else {
      const b = broadcastShapes(owner, loss, w);
      if (differ(b, loss)) fail('loss-weight', `${owner}: the weight ${formatShape(w)} must broadcast to the loss's size ${formatShape(loss)}`);
    }
  }
}

// ══ The table ════════════════════════════════════════════════════════════════════════════════════════════════
interface ElementwiseLoss {
  readonly module: string;
  readonly fn: string;
  readonly summary: string;
  readonly moduleSignature: ArgSpec[];
  /** The functional signature after input and target; tensors it marks (weight=) are optional weights. */
  readonly fnSignature: ArgSpec[];
  readonly rule: ShapeRule;
  /** torch.<fn>'s own signature (ATen's: tensors first, reduction as the enum int), where it differs from F's. */
  readonly torchSignature?: ArgSpec[];
  /** PyTorch warns when input and target differ in size (and broadcasts anyway). */
  readonly warn?: boolean;
  /** How optional weights must fit: exactly the input's size, or broadcast into the loss. */
  readonly weights?: 'exact' | 'into';
  /** mean divides by Σ weight (2.x mse/l1 with weight=). */
  readonly weightSum?: boolean;
  readonly reductions?: string[];
  /** The formula and its operations per element; `weighted`: a weight (or pos_weight) multiplies in. */
  readonly formula: (a: Args) => string;
  readonly ops: (a: Args, weighted: number) => Ops;
}

const legacy: ArgSpec[] = [{ name: 'size_average', default: null }, { name: 'reduce', default: null }, { name: 'reduction', default: 'mean' }];
const optionalTensor = (name: string): ArgSpec => ({ name, tensor: 'optional', default: null });

const LOSSES: ElementwiseLoss[] = [
  { module: 'MSELoss', fn: 'mse_loss', summary: 'mean squared error (x − y)²', rule: 'broadcast', warn: true, weights: 'exact', weightSum: true,
    moduleSignature: legacy, fnSignature: [...legacy, optionalTensor('weight')],
    formula: () => '(x − y)²', ops: (_a, w) => ({ add: 1, mul: 1 + w }) },
  { module: 'L1Loss', fn: 'l1_loss', summary: 'mean absolute error |x − y|', rule: 'broadcast', warn: true, weights: 'exact', weightSum: true,
    moduleSignature: legacy, fnSignature: [...legacy, optionalTensor('weight')],
    formula: () => '|x − y|', ops: (_a, w) => ({ add: 1, cmp: 1, mul: w }) },
  { module: 'SmoothL1Loss', fn: 'smooth_l1_loss', summary: 'L1 loss, quadratic below beta', rule: 'broadcast', warn: true,
    moduleSignature: [...legacy, { name: 'beta', default: 1.0 }], fnSignature: [...legacy, { name: 'beta', default: 1.0 }],
    formula: () => '|d| < β ? 0.5·d²/β : |d| − 0.5·β', ops: () => ({ add: 2, cmp: 2, mul: 2, div: 1 }) },
  { module: 'HuberLoss', fn: 'huber_loss', summary: 'Huber loss: quadratic below delta, linear above', rule: 'broadcast', warn: true, weights: 'exact',
    moduleSignature: [{ name: 'reduction', default: 'mean' }, { name: 'delta', default: 1.0 }],
    fnSignature: [{ name: 'reduction', default: 'mean' }, { name: 'delta', default: 1.0 }, optionalTensor('weight')],
    formula: () => '|d| < δ ? 0.5·d² : δ·(|d| − 0.5·δ)', ops: (_a, w) => ({ add: 2, cmp: 2, mul: 3 + w }) },
  { module: 'SoftMarginLoss', fn: 'soft_margin_loss', summary: 'two-class logistic loss log(1 + exp(−y·x))', rule: 'into',
    moduleSignature: legacy, fnSignature: legacy, formula: () => 'log(1 + exp(−y·x))', ops: () => ({ mul: 1, add: 1, other: 2 }) },
  { module: 'BCELoss', fn: 'binary_cross_entropy', summary: 'binary cross entropy of probabilities', rule: 'same', weights: 'into',
    moduleSignature: [{ name: 'weight', default: null }, ...legacy], fnSignature: legacy,
    formula: () => '−(y·log x + (1 − y)·log(1 − x))', ops: (_a, w) => ({ add: 3, mul: 2 + w, other: 2 }) },
  { module: 'BCEWithLogitsLoss', fn: 'binary_cross_entropy_with_logits', summary: 'sigmoid + binary cross entropy, fused', rule: 'same', weights: 'into',
    moduleSignature: [{ name: 'weight', default: null }, ...legacy, { name: 'pos_weight', default: null }],
    fnSignature: [...legacy, optionalTensor('pos_weight')],
    torchSignature: [optionalTensor('weight'), optionalTensor('pos_weight'), { name: 'reduction', default: 1 }],
    formula: () => '(1 − y)·x + log(1 + exp(−x))', ops: (_a, w) => ({ add: 3, mul: 1 + w, other: 2 }) },
  { module: 'KLDivLoss', fn: 'kl_div', summary: 'Kullback–Leibler divergence', rule: 'broadcast', reductions: ['none', 'mean', 'sum', 'batchmean'],
    moduleSignature: [...legacy, { name: 'log_target', default: false }], fnSignature: [...legacy, { name: 'log_target', default: false }],
    torchSignature: [{ name: 'reduction', default: 1 }, { name: 'log_target', default: false, keywordOnly: true }],
    formula: (a) => (bool(a, 'log_target') ? 'eʸ·(y − x)' : 'y·(log y − x)'), ops: () => ({ add: 1, mul: 1, other: 1 }) },
  { module: 'PoissonNLLLoss', fn: 'poisson_nll_loss', summary: 'negative log likelihood of a Poisson target', rule: 'broadcast',
    moduleSignature: [{ name: 'log_input', default: true }, { name: 'full', default: false }, { name: 'size_average', default: null },
      { name: 'eps', default: 1e-8 }, { name: 'reduce', default: null }, { name: 'reduction', default: 'mean' }],
    fnSignature: [{ name: 'log_input', default: true }, { name: 'full', default: false }, { name: 'size_average', default: null },
      { name: 'eps', default: 1e-8 }, { name: 'reduce', default: null }, { name: 'reduction', default: 'mean' }],
    torchSignature: [{ name: 'log_input' }, { name: 'full' }, { name: 'eps' }, { name: 'reduction' }],
    formula: (a) => `${bool(a, 'log_input') ? 'eˣ − y·x' : 'x − y·log(x + eps)'}${bool(a, 'full') ? ' + Stirling term' : ''}`,
    ops: (a) => {
      const base: Ops = bool(a, 'log_input') ? { other: 1, mul: 1, add: 1 } : { add: 2, mul: 1, other: 1 };
      return bool(a, 'full') ? { add: (base.add ?? 0) + 3, mul: (base.mul ?? 0) + 3, other: (base.other ?? 0) + 2, cmp: 1 } : base;
    } },
  { module: 'GaussianNLLLoss', fn: 'gaussian_nll_loss', summary: 'negative log likelihood of a Gaussian target', rule: 'gaussian',
    moduleSignature: [{ name: 'full', default: false, keywordOnly: true }, { name: 'eps', default: 1e-6, keywordOnly: true },
      { name: 'reduction', default: 'mean', keywordOnly: true }],
    fnSignature: [{ name: 'full', default: false }, { name: 'eps', default: 1e-6 }, { name: 'reduction', default: 'mean' }],
    formula: (a) => `½·(log max(var, eps) + (x − y)²/var)${bool(a, 'full') ? ' + ½·log 2π' : ''}`,
    ops: (a) => ({ add: 2 + (bool(a, 'full') ? 1 : 0), mul: 2, div: 1, cmp: 1, other: 1 }) },
  { module: 'HingeEmbeddingLoss', fn: 'hinge_embedding_loss', summary: 'hinge loss on distances with ±1 labels', rule: 'broadcast',
    moduleSignature: [{ name: 'margin', default: 1.0 }, ...legacy], fnSignature: [{ name: 'margin', default: 1.0 }, ...legacy],
    torchSignature: [{ name: 'margin', default: 1.0 }, { name: 'reduction', default: 1 }],
    formula: () => '(y ≠ −1 ? x : 0) + (y ≠ 1 ? max(0, Δ − x) : 0)', ops: () => ({ add: 2, cmp: 3 }) },
];

/** The tensors a call was given beyond input and target (gaussian: beyond var). */
const required = (l: ElementwiseLoss) => (l.rule === 'gaussian' ? 3 : 2);

/** A module's weight and pos_weight are constructor values (tensors the analysis does not size): counted when given. */
const moduleWeights = (a: Args): number => ['weight', 'pos_weight'].filter((n) => n in a && a[n] !== null && (isUnknown(a[n]) || a[n] !== null)).length;

function lossDef(l: ElementwiseLoss, kind: 'module' | 'function' | 'torch'): LayerDef {
  const type = kind === 'module' ? l.module : kind === 'torch' ? `torch.${l.fn}` : `F.${l.fn}`;
  const n = required(l);
  const weightsOf = (a: Args, inputs: readonly Shape[]) => (kind === 'module' ? moduleWeights(a) : Math.max(0, inputs.length - n));
  const run = (a: Args, inputs: readonly Shape[]) => {
    const reduction = readReduction(type, a, l.reductions);
    const { loss, warnings } = elementwiseLoss(type, l.rule, l.warn ?? false, inputs);
    checkWeights(type, l.weights, inputs[0], loss, inputs.slice(n));
    return { reduction, loss, warnings };
  };
  const tensorSpecs: ArgSpec[] = (l.rule === 'gaussian' ? ['input', 'target', 'var'] : ['input', 'target']).map((name) => ({ name, tensor: 'one' }));
  // binary_cross_entropy's weight is its third positional: (input, target, weight=None, size_average, …)
  const fnSignature: ArgSpec[] = kind === 'torch' ? [...tensorSpecs, ...(l.torchSignature ?? [])]
    : l.fn === 'binary_cross_entropy' || l.fn === 'binary_cross_entropy_with_logits'
      ? [...tensorSpecs, optionalTensor('weight'), ...l.fnSignature] : [...tensorSpecs, ...l.fnSignature];
  return {
    type, kind: kind === 'module' ? 'module' : 'function', summary: l.summary, inputs: n,
    signature: kind === 'module' ? l.moduleSignature : fnSignature,
    params: noParams,
    forward: (a, inputs) => {
      const { reduction, loss, warnings } = run(a, inputs);
      return reduced(loss, reduction, `${l.formula(a)} per element`, [], warnings);
    },
    cost: (a, inputs) => {
      const { reduction, loss } = run(a, inputs);
      const weighted = weightsOf(a, inputs);
      return lossCost(type, numel(loss), l.ops(a, weighted), l.formula(a), reduction, { weightSum: l.weightSum && weighted > 0 });
    },
  };
}

// Saved for backward (1.13, measured): MSE, smooth L1, Huber, BCE and BCE with logits keep input and target; L1
// keeps x − y (it differentiates |·| through it); KL divergence the target (and with reduction='batchmean' the batch
// size as an 8-byte tensor); the other losses are not modelled.
const LOSS_SAVES: Record<string, (a: Args, inputs: readonly Shape[]) => readonly SavedTensor[]> = {
  mse_loss: () => [{ input: 0 }, { input: 1 }], smooth_l1_loss: () => [{ input: 0 }, { input: 1 }], huber_loss: () => [{ input: 0 }, { input: 1 }],
  binary_cross_entropy: () => [{ input: 0 }, { input: 1 }, { input: 2 }],
  binary_cross_entropy_with_logits: () => [{ input: 0 }, { input: 1 }, { input: 2 }],
  l1_loss: (_a, [x]) => {
    const n = numel(x);
    if (n === undefined) throw new UnknownValueError('l1_loss: the saved difference has a symbolic size');
    return [{ made: 'x − y', numel: n, element: 'act' }];
  },
  kl_div: (a) => [{ input: 1 }, ...(a.reduction === 'batchmean' ? [{ made: 'batch size', numel: 1n, element: 'int64' as const }] : [])],
};

export const lossLayers: LayerDef[] = LOSSES.flatMap((l) => [lossDef(l, 'module'), lossDef(l, 'function'),
  ...(l.torchSignature ? [lossDef(l, 'torch')] : [])]).map((d) => {
  const rule = LOSS_SAVES[d.type.replace(/^(F|torch)\./, '')] ?? LOSS_SAVES[LOSSES.find((l) => l.module === d.type)?.fn ?? ''];
  return rule ? { ...d, saves: rule } : d;
});

