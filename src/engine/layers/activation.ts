// Activations: the elementwise non-linearities (ReLU … Softplus, Threshold, the shrinks, LogSigmoid, Softsign,
// RReLU), PReLU with its learned slopes, GLU, and the normalizing ones (Softmax, LogSoftmax, Softmin, Softmax2d,
// F.gumbel_softmax) — as modules, as F.<name> (and the in-place F.<name>_), torch.<name> and Tensor.<name>.
//
//   shape   output = input (symbolic sizes pass through unchanged), except GLU: the size along dim is halved
//           (it must be even; a 0-d input has nothing to halve).
//           Softmax/LogSoftmax/Softmin: dim ∈ [−rank, rank − 1]; dim=None picks PyTorch's legacy implicit dim
//           (0 for 0-, 1- and 3-D inputs, else 1) with a deprecation warning. Softmax2d: a 3-D or 4-D input,
//           normalized over dim −3 (the channels).
//           PReLU with num_parameters > 1: the channel dim (dim 1; 1 for inputs below 2-D) must equal num_parameters.
//           Softshrink: lambd ≥ 0. RReLU: lower ≤ upper.
//   params  none, except PReLU: num_parameters slopes (weight).
//   cost    0 MACs (no multiply-accumulate with a weight).
//           exact: one operation per output element = out_numel, counted as a comparison for ReLU (max(0, x)),
//           Threshold and the hard/soft shrinks, and as an elementwise op for the others; GLU: a · σ(b) = one
//           elementwise op and one mult per output element; softmax-type layers count 0 (the README's conventions fix that
//           convention); gumbel_softmax adds the noise: 2 elementwise (−log of an exponential sample), 1 add and
//           1 division (by tau) per element, and with hard=True the argmax (in − out comparisons along dim) and the
//           straight-through y_hard − y_soft + y_soft (2 adds per element).
//   saved   what the derivative is written in (PyTorch's derivatives.yaml, checked with saved_tensors_hooks): the
//           output for ReLU, Sigmoid, Tanh and the softmax family; the input for the others (PReLU, GLU too);
//           Tanhshrink keeps tanh(x) alone, Softsign also 1 + |x|, RReLU in training its random slopes, LogSigmoid
//           also a buffer of the input's size (CPU only: CUDA's is empty)
//   field   kept (softmax over the channels included; over a spatial axis it sees the whole axis: global)
import { withSeparators } from '../count';
import { FREE, ops, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { EngineDiagnostic } from '../diagnostic';
import type { Forward, LayerDef, ParamSet } from '../layer';
import { keepField, type ReceptiveRule } from '../receptive';
import { savesInput, savesOutput, type ElementKind, type SavedTensor } from '../saved';
import { formatDim, formatShape, isKnown, numel, type Dim, type Shape } from '../shape';
import { bool, int, isUnknown, num, str, type ArgSpec, type Args } from '../values';
import { dot, lazyLine, line } from '../working';
import { normalizeDim } from './tensorOps';

const noParams = (): ParamSet => ({ tensors: [], working: [] });

// ── Shape rule shared by all of them ───────────────────────────────────────────────────────────────────────
const sameShape = (owner: string, x: Shape): Forward =>
  ({ output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)} (${owner} acts elementwise)`)] });

// ── Cost rule: out_numel operations, a comparison for ReLU ────────────────────────────────────────────────
function elementwiseCost(owner: string, asComparison: boolean, out: Shape): Cost {
  const n = numel(out);
  if (n === undefined) throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
  const what = asComparison ? 'comparisons' : 'elementwise ops';
  return { macs: 0n, exact: ops(asComparison ? { cmp: n } : { other: n }),
    working: [`${what} = out_numel = ${dot(...out.map(Number))} = ${withSeparators(n)}`] };
}

// ── Argument checks PyTorch makes ──────────────────────────────────────────────────────────────────────────
function checkGelu(owner: string, a: Args) {
  const mode = str(a, 'approximate');
  if (mode !== 'none' && mode !== 'tanh') {
    fail('bad-arguments', `${owner}: approximate argument must be either none or tanh, got '${mode}'`, { arg: 'approximate', value: 'none', description: "use 'none' or 'tanh'" });
  }
}

function checkHardtanh(owner: string, a: Args) {
  // The deprecated min_value/max_value override min_val/max_val when given.
  const lo = 'min_value' in a && a.min_value !== null ? num(a, 'min_value') : num(a, 'min_val');
  const hi = 'max_value' in a && a.max_value !== null ? num(a, 'max_value') : num(a, 'max_val');
  if (!(hi > lo)) fail('bad-arguments', `${owner}: max_val must be greater than min_val, got min_val=${lo}, max_val=${hi}`);
}

function checkShrink(owner: string, a: Args) {
  const lambd = num(a, 'lambd');
  if (lambd < 0) fail('bad-arguments', `${owner}: lambda must be greater or equal to 0, but found to be ${lambd}`, { arg: 'lambd', value: 0.5, description: 'use lambd ≥ 0' });
}

function checkRrelu(owner: string, a: Args) {
  const [lower, upper] = [num(a, 'lower'), num(a, 'upper')];
  if (lower > upper) fail('bad-arguments', `${owner}: lower bound should be less than or equal to the upper bound, got lower=${lower}, upper=${upper}`);
}

const CHECKS: Record<string, (owner: string, a: Args) => void> = { gelu: checkGelu, hardtanh: checkHardtanh, shrink: checkShrink, rrelu: checkRrelu };

// ── The elementwise activations: PyTorch's module signature and functional signature per name ─────────────
interface Elementwise {
  /** Module class name. */
  readonly module: string;
  /** torch.nn.functional name, if any. */
  readonly fn: string;
  readonly summary: string;
  readonly moduleSignature: ArgSpec[];
  readonly fnSignature: ArgSpec[];
  readonly check?: string;
  /** Counted as one comparison per element (max(0, x), thresholds, shrinks) instead of an elementwise op. */
  readonly comparison?: boolean;
  /** F.<fn>_, the in-place form, and its signature after the tensor. */
  readonly fnInplace?: ArgSpec[];
  /** Saved for backward: the output (ReLU, σ, tanh), else the input; `extra`: a tensor of the input's size besides. */
  readonly keeps?: 'output' | 'extra only';
  readonly extra?: { readonly name: string; readonly element: ElementKind; readonly training?: boolean };
}

const inplace: ArgSpec = { name: 'inplace', default: false };
const ELEMENTWISE: Elementwise[] = [
  { module: 'ReLU', fn: 'relu', summary: 'max(0, x)', moduleSignature: [inplace], fnSignature: [inplace], comparison: true, fnInplace: [],
    keeps: 'output' },
  { module: 'ReLU6', fn: 'relu6', summary: 'min(max(0, x), 6)', moduleSignature: [inplace], fnSignature: [inplace] },
  { module: 'LeakyReLU', fn: 'leaky_relu', summary: 'x, or negative_slope·x below 0',
    moduleSignature: [{ name: 'negative_slope', default: 0.01 }, inplace], fnSignature: [{ name: 'negative_slope', default: 0.01 }, inplace],
    fnInplace: [{ name: 'negative_slope', default: 0.01 }] },
  { module: 'ELU', fn: 'elu', summary: 'x, or α(eˣ − 1) below 0',
    moduleSignature: [{ name: 'alpha', default: 1.0 }, inplace], fnSignature: [{ name: 'alpha', default: 1.0 }, inplace],
    fnInplace: [{ name: 'alpha', default: 1.0 }] },
  { module: 'SELU', fn: 'selu', summary: 'scaled ELU', moduleSignature: [inplace], fnSignature: [inplace], fnInplace: [] },
  { module: 'CELU', fn: 'celu', summary: 'continuously differentiable ELU',
    moduleSignature: [{ name: 'alpha', default: 1.0 }, inplace], fnSignature: [{ name: 'alpha', default: 1.0 }, inplace],
    fnInplace: [{ name: 'alpha', default: 1.0 }] },
  { module: 'GELU', fn: 'gelu', summary: 'x·Φ(x)', check: 'gelu',
    moduleSignature: [{ name: 'approximate', default: 'none' }], fnSignature: [{ name: 'approximate', default: 'none', keywordOnly: true }] },
  { module: 'SiLU', fn: 'silu', summary: 'x·σ(x)', moduleSignature: [inplace], fnSignature: [inplace] },
  { module: 'Mish', fn: 'mish', summary: 'x·tanh(softplus(x))', moduleSignature: [inplace], fnSignature: [inplace] },
  { module: 'Sigmoid', fn: 'sigmoid', summary: 'σ(x) = 1/(1 + e⁻ˣ)', moduleSignature: [], fnSignature: [], keeps: 'output' },
  { module: 'Tanh', fn: 'tanh', summary: 'tanh(x)', moduleSignature: [], fnSignature: [], keeps: 'output' },
  { module: 'Hardtanh', fn: 'hardtanh', summary: 'x clamped to [min_val, max_val]', check: 'hardtanh',
    moduleSignature: [{ name: 'min_val', default: -1.0 }, { name: 'max_val', default: 1.0 }, inplace,
      { name: 'min_value', default: null }, { name: 'max_value', default: null }],
    fnSignature: [{ name: 'min_val', default: -1.0 }, { name: 'max_val', default: 1.0 }, inplace],
    fnInplace: [{ name: 'min_val', default: -1.0 }, { name: 'max_val', default: 1.0 }] },
  { module: 'Hardswish', fn: 'hardswish', summary: 'x·ReLU6(x + 3)/6', moduleSignature: [inplace], fnSignature: [inplace] },
  { module: 'Hardsigmoid', fn: 'hardsigmoid', summary: 'ReLU6(x + 3)/6', moduleSignature: [inplace], fnSignature: [inplace] },
  { module: 'Softplus', fn: 'softplus', summary: 'log(1 + e^(βx))/β',
    moduleSignature: [{ name: 'beta', default: 1 }, { name: 'threshold', default: 20 }],
    fnSignature: [{ name: 'beta', default: 1 }, { name: 'threshold', default: 20 }] },
  { module: 'Threshold', fn: 'threshold', summary: 'x above threshold, else value', comparison: true,
    moduleSignature: [{ name: 'threshold' }, { name: 'value' }, inplace], fnSignature: [{ name: 'threshold' }, { name: 'value' }, inplace],
    fnInplace: [{ name: 'threshold' }, { name: 'value' }] },
  { module: 'Hardshrink', fn: 'hardshrink', summary: 'x where |x| > λ, else 0', comparison: true,
    moduleSignature: [{ name: 'lambd', default: 0.5 }], fnSignature: [{ name: 'lambd', default: 0.5 }] },
  { module: 'Softshrink', fn: 'softshrink', summary: 'x − λ·sign(x) where |x| > λ, else 0', comparison: true, check: 'shrink',
    moduleSignature: [{ name: 'lambd', default: 0.5 }], fnSignature: [{ name: 'lambd', default: 0.5 }] },
  { module: 'Tanhshrink', fn: 'tanhshrink', summary: 'x − tanh(x)', moduleSignature: [], fnSignature: [],
    keeps: 'extra only', extra: { name: 'tanh(x)', element: 'act' } },
  { module: 'LogSigmoid', fn: 'logsigmoid', summary: 'log σ(x)', moduleSignature: [], fnSignature: [],
    extra: { name: 'buffer', element: 'cpuOnly' } },
  { module: 'Softsign', fn: 'softsign', summary: 'x / (1 + |x|)', moduleSignature: [], fnSignature: [],
    extra: { name: '1 + |x|', element: 'act' } },
  { module: 'RReLU', fn: 'rrelu', summary: 'x, or a·x below 0 with a random slope a ∈ [lower, upper]', check: 'rrelu',
    moduleSignature: [{ name: 'lower', default: 1 / 8 }, { name: 'upper', default: 1 / 3 }, inplace],
    fnSignature: [{ name: 'lower', default: 1 / 8 }, { name: 'upper', default: 1 / 3 }, { name: 'training', default: false }, inplace],
    fnInplace: [{ name: 'lower', default: 1 / 8 }, { name: 'upper', default: 1 / 3 }, { name: 'training', default: false }],
    extra: { name: 'random slopes', element: 'act', training: true } },
];

function elementwiseSaves(e: Elementwise, a: Args, x: Shape): readonly SavedTensor[] {
  if (e.keeps === 'output') return savesOutput();
  const kept: SavedTensor[] = e.keeps === 'extra only' ? [] : [{ input: 0 }];
  // A module trains (the memory is a training step's); F.rrelu only with training=True.
  const extraRuns = e.extra && (!e.extra.training || !('training' in a) || a.training === true);
  if (!e.extra || !extraRuns) return kept;
  const n = numel(x);
  if (n === undefined) throw new UnknownValueError(`${e.module}: the saved tensor's size is symbolic`);
  return [...kept, { made: e.extra.name, numel: n, element: e.extra.element }];
}

function elementwise(type: string, kind: LayerDef['kind'], e: Elementwise, signature: ArgSpec[]): LayerDef {
  // Hardtanh's min < max is an assertion of the module's constructor only; F.hardtanh accepts any pair.
  const check = e.check && !(e.check === 'hardtanh' && kind !== 'module') ? CHECKS[e.check] : undefined;
  return {
    type, kind, summary: e.summary, signature, ...(kind === 'module' ? {} : { inputs: 1 }),
    validate: check ? (a) => check(type, a) : undefined,
    params: noParams,
    forward: (_a, [x]) => sameShape(type, x),
    cost: (_a, _x, out) => elementwiseCost(type, e.comparison ?? false, out as Shape),
    saves: (a, [x]) => elementwiseSaves(e, a, x),
    receptive: keepField,
  };
}

// torch.relu, Tensor.relu, torch.sigmoid… are the element-wise family's (pointwise.ts): the tensor is their only argument.
const elementwiseLayers: LayerDef[] = ELEMENTWISE.flatMap((e) => [elementwise(e.module, 'module', e, e.moduleSignature),
  elementwise(`F.${e.fn}`, 'function', e, e.fnSignature), ...(e.fnInplace ? [elementwise(`F.${e.fn}_`, 'function', e, e.fnInplace)] : [])]);

// ── PReLU: the one activation with parameters ──────────────────────────────────────────────────────────────
//   params  weight = num_parameters slopes (one shared slope by default, or one per channel)
const preluSignature: ArgSpec[] = [{ name: 'num_parameters', default: 1 }, { name: 'init', default: 0.25 }, { name: 'device', default: null }, { name: 'dtype', default: null }];

function readSlopes(a: Args): number {
  const k = int(a, 'num_parameters');
  if (k < 1) fail('bad-arguments', `PReLU: num_parameters must be at least 1, got ${k}`);
  return k;
}

const prelu: LayerDef = {
  type: 'PReLU', kind: 'module', summary: 'x, or a·x below 0 with learned slopes a', signature: preluSignature,
  validate: (a) => void readSlopes(a),
  params: (a) => {
    const k = readSlopes(a);
    return { tensors: [{ name: 'weight', shape: [k], count: BigInt(k) }],
      working: [line('params', `num_parameters = ${k} slope${k === 1 ? '' : 's'}`)] };
  },
  forward: (a, [x]) => {
    checkSlopes('PReLU', readSlopes(a), x, true);
    return sameShape('PReLU', x);
  },
  cost: (_a, _x, out) => elementwiseCost('PReLU', false, out as Shape),
  saves: savesInput,
  receptive: keepField,
};

/** More than one slope must match the channel dim: dim 1, or a single channel below 2-D (PyTorch's prelu kernel). */
function checkSlopes(owner: string, k: Dim, x: Shape, module: boolean) {
  if (!isKnown(k) || k <= 1) return;
  if (x.length === 0) fail('prelu-channels', `${owner}: a zero-dim input cannot take ${k} slopes`);
  const channels = x.length >= 2 ? x[1] : 1;
  if (isKnown(channels) && channels !== k) {
    fail('prelu-channels', `${owner}: mismatch of parameter numbers and input channel size: ${k} slopes but the input ` +
      `${formatShape(x)} has ${channels} channel${channels === 1 ? '' : 's'}${x.length < 2 ? ' (inputs below 2-D have one)' : ' (dim 1)'}`,
      module ? { arg: 'num_parameters', value: channels, description: `set num_parameters to ${channels}` } : undefined);
  }
}

// F.prelu(input, weight): the slopes arrive as a second tensor, a scalar or 1-D.
const preluFunction: LayerDef = {
  type: 'F.prelu', kind: 'function', summary: 'x, or a·x below 0 with the given slopes a', signature: [], inputs: 2, tensorNames: ['input', 'weight'],
  params: noParams,
  forward: (_a, [x, weight]) => {
    if (!weight) fail('bad-arguments', 'F.prelu: needs input and weight');
    if (weight.length > 1) fail('prelu-channels', `F.prelu: expected weight to be a scalar or 1D tensor, but got ${formatShape(weight)}`);
    checkSlopes('F.prelu', weight.length === 0 ? 1 : weight[0], x, false);
    return sameShape('F.prelu', x);
  },
  cost: (_a, _x, out) => elementwiseCost('F.prelu', false, out as Shape),
  saves: () => [{ input: 0 }, { input: 1, when: [0] }],
  receptive: keepField,
};

// ── Softmax, LogSoftmax, Softmin: normalize along one dim ──────────────────────────────────────────────────
function softmaxForward(owner: string, a: Args, x: Shape): Forward {
  const warnings: EngineDiagnostic[] = [];
  let dim: number;
  if (a.dim === null || a.dim === undefined) {
    // PyTorch's _get_softmax_dim: the legacy implicit choice.
    dim = x.length === 0 || x.length === 1 || x.length === 3 ? 0 : 1;
    warnings.push({ severity: 'warning', code: 'softmax-implicit-dim',
      message: `${owner}: implicit dimension choice is deprecated; PyTorch picks dim=${dim} for a ${x.length}-D input — pass dim explicitly`,
    });
  } else {
    dim = normalizeDim(owner, int(a, 'dim'), x.length);
  }
  const along = x.length === 0 ? 'the single value' : `dim ${dim} (size ${formatDim(x[dim])})`;
  return { output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)} (normalized along ${along})`)], warnings };
}

/** Over the channels (or features) each position keeps its field; over a spatial axis (dim ≥ 2 of (N, C, …)) it sees all of it. */
function softmaxField(owner: string, a: Args, [x]: readonly Shape[]): ReceptiveRule {
  if (x.length < 3 || a.dim === null || a.dim === undefined) return keepField();
  return normalizeDim(owner, int(a, 'dim'), x.length) >= 2 ? { kind: 'global', why: 'a softmax along a spatial axis' } : keepField();
}

const softmaxCost = (owner: string): Cost => ({ ...FREE, working: [`${owner}: 0 (softmax is not counted, by convention)`] });

function softmaxLike(type: string, kind: LayerDef['kind'], signature: ArgSpec[], summary: string): LayerDef {
  return {
    type, kind, summary, signature, ...(kind === 'module' ? {} : { inputs: 1 }),
    validate: (a) => { if (a.dim !== null && !isUnknown(a.dim)) int(a, 'dim'); },
    params: noParams,
    forward: (a, [x]) => softmaxForward(type, a, x),
    cost: () => softmaxCost(type),
    saves: savesOutput,
    receptive: (a, xs) => softmaxField(type, a, xs),
  };
}

const optionalDimF: ArgSpec[] = [{ name: 'dim', default: null }, { name: '_stacklevel', default: 3 }, { name: 'dtype', default: null }];
const requiredDimTorch: ArgSpec[] = [{ name: 'dim' }, { name: 'dtype', default: null }];

const softmaxLayers: LayerDef[] = [
  softmaxLike('Softmax', 'module', [{ name: 'dim', default: null }], 'softmax: eˣ / Σeˣ along dim'),
  softmaxLike('LogSoftmax', 'module', [{ name: 'dim', default: null }], 'log of softmax along dim'),
  softmaxLike('Softmin', 'module', [{ name: 'dim', default: null }], 'softmax of −x along dim'),
  softmaxLike('F.softmax', 'function', optionalDimF, 'softmax: eˣ / Σeˣ along dim'),
  softmaxLike('F.log_softmax', 'function', optionalDimF, 'log of softmax along dim'),
  softmaxLike('F.softmin', 'function', optionalDimF, 'softmax of −x along dim'),
  { ...softmaxLike('torch.softmax', 'function', requiredDimTorch, 'softmax: eˣ / Σeˣ along dim'), names: ['Tensor.softmax'] },
  { ...softmaxLike('torch.log_softmax', 'function', requiredDimTorch, 'log of softmax along dim'), names: ['Tensor.log_softmax'] },
];

// ── Softmax2d: softmax over the channels of a (C, H, W) or (N, C, H, W) input ─────────────────────────────
const softmax2d: LayerDef = {
  type: 'Softmax2d', kind: 'module', summary: 'softmax over the channels at every position', signature: [], params: noParams,
  forward: (_a, [x]) => {
    if (x.length !== 3 && x.length !== 4) fail('wrong-rank', `Softmax2d: expected input to be 3D or 4D, got ${x.length}D instead (${formatShape(x)})`);
    return { output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)} (normalized along dim −3, the ${formatDim(x[x.length - 3])} channels)`)] };
  },
  cost: () => softmaxCost('Softmax2d'),
  saves: savesOutput,
  receptive: keepField,
};

// ── F.gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1) ─────────────────────────────────────────
const gumbelSoftmax: LayerDef = {
  type: 'F.gumbel_softmax', kind: 'function', summary: 'softmax of (logits + Gumbel noise) / tau, optionally one-hot', inputs: 1,
  tensorNames: ['logits'],
  signature: [{ name: 'tau', default: 1 }, { name: 'hard', default: false }, { name: 'eps', default: 1e-10 }, { name: 'dim', default: -1 }],
  params: noParams,
  forward: (a, [x]) => softmaxForward('F.gumbel_softmax', a, x),
  cost: (a, [x]) => {
    const n = numel(x);
    if (n === undefined) throw new UnknownValueError('F.gumbel_softmax: cost unknown, the size is symbolic');
    const dim = normalizeDim('F.gumbel_softmax', int(a, 'dim'), x.length);
    const along = BigInt(x.length === 0 ? 1 : (x[dim] as number));
    const hard = bool(a, 'hard');
    const argmax = hard && along > 0n ? n - n / along : 0n;
    return { macs: 0n, exact: ops({ other: 2n * n, add: n + (hard ? 2n * n : 0n), div: n, cmp: argmax }), working: [
      `noise: 2 elementwise, 1 add, 1 division per element (${withSeparators(n)}); softmax 0 by convention` +
      (hard ? `; hard: ${withSeparators(argmax)} comparisons (argmax) and ${withSeparators(2n * n)} adds (straight-through)` : ''),
    ] };
  },
};

// ── GLU(dim=-1): a ⊗ σ(b), the two halves of dim ─────────────────────────────────────────────────────────────
function gluForward(owner: string, a: Args, x: Shape): Forward {
  if (x.length === 0) fail('wrong-rank', `${owner}: glu does not support scalars because halving size must be even`);
  const dim = normalizeDim(owner, int(a, 'dim'), x.length);
  const size = x[dim];
  if (!isKnown(size)) throw new UnknownValueError(`${owner}: halving the symbolic size ${formatDim(size)} along dim ${dim}`);
  if (size % 2 !== 0) fail('glu-odd', `${owner}: halving dimension must be even, but dimension ${dim} is size ${size} (input ${formatShape(x)})`);
  const output = x.map((d, i) => (i === dim ? size / 2 : d));
  return { output, working: [line('shape', `dim ${dim}: ${size} / 2 = ${size / 2} (first half gated by σ of the second): ${formatShape(output)}`)] };
}

function glu(type: string, kind: LayerDef['kind']): LayerDef {
  return {
    type, kind, summary: 'gated linear unit: first half · σ(second half) along dim', signature: [{ name: 'dim', default: -1 }],
    ...(kind === 'module' ? {} : { inputs: 1 }), params: noParams,
    forward: (a, [x]) => gluForward(type, a, x),
    cost: (_a, _x, out) => {
      const n = numel(out as Shape);
      if (n === undefined) throw new UnknownValueError(`${type}: cost unknown, the size is symbolic`);
      return { macs: 0n, exact: ops({ other: n, mul: n }), working: [`σ and one mult per output element: ${withSeparators(n)} each`] };
    },
    saves: savesInput,
    receptive: keepField,
  };
}

export const activationLayers: LayerDef[] = [...elementwiseLayers, prelu, preluFunction, ...softmaxLayers, softmax2d, gumbelSoftmax,
  glu('GLU', 'module'), glu('F.glu', 'function')];
