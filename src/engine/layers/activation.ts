// Activations: the elementwise non-linearities (ReLU … Softplus), PReLU with its learned slopes, and the
// normalizing ones (Softmax, LogSoftmax, Softmin) — as modules, as F.<name>, torch.<name> and Tensor.<name>.
//
//   shape   output = input, always (symbolic sizes pass through unchanged).
//           Softmax/LogSoftmax/Softmin: dim ∈ [−rank, rank − 1]; dim=None picks PyTorch's legacy implicit dim
//           (0 for 0-, 1- and 3-D inputs, else 1) with a deprecation warning.
//           PReLU with num_parameters > 1: the channel dim (dim 1; 1 for inputs below 2-D) must equal num_parameters.
//   params  none, except PReLU: num_parameters slopes (weight).
//   cost    0 MACs (no multiply-accumulate with a weight).
//           exact: one operation per output element = out_numel, counted as a comparison for ReLU (max(0, x))
//           and as an elementwise op for the others; softmax-type layers count 0 (issue 2 fixes that convention).
import { withSeparators } from '../count';
import { FREE, ops, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { EngineDiagnostic } from '../diagnostic';
import type { Forward, LayerDef, ParamSet } from '../layer';
import { formatDim, formatShape, isKnown, numel, type Dim, type Shape } from '../shape';
import { int, isUnknown, num, str, type ArgSpec, type Args } from '../values';
import { dot, line } from '../working';
import { normalizeDim } from './tensorOps';

const noParams = (): ParamSet => ({ tensors: [], working: [] });

// ── Shape rule shared by all of them ───────────────────────────────────────────────────────────────────────
const sameShape = (owner: string, x: Shape): Forward =>
  ({ output: [...x], working: [line('shape', `output = input = ${formatShape(x)} (${owner} acts elementwise)`)] });

// ── Cost rule: out_numel operations, a comparison for ReLU ────────────────────────────────────────────────
function elementwiseCost(owner: string, asComparison: boolean, out: Shape): Cost {
  const n = numel(out);
  if (n === undefined) throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
  const what = asComparison ? 'comparisons (max(0, x))' : 'elementwise ops';
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

const CHECKS: Record<string, (owner: string, a: Args) => void> = { gelu: checkGelu, hardtanh: checkHardtanh };

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
}

const inplace: ArgSpec = { name: 'inplace', default: false };
const ELEMENTWISE: Elementwise[] = [
  { module: 'ReLU', fn: 'relu', summary: 'max(0, x)', moduleSignature: [inplace], fnSignature: [inplace] },
  { module: 'ReLU6', fn: 'relu6', summary: 'min(max(0, x), 6)', moduleSignature: [inplace], fnSignature: [inplace] },
  { module: 'LeakyReLU', fn: 'leaky_relu', summary: 'x, or negative_slope·x below 0',
    moduleSignature: [{ name: 'negative_slope', default: 0.01 }, inplace], fnSignature: [{ name: 'negative_slope', default: 0.01 }, inplace] },
  { module: 'ELU', fn: 'elu', summary: 'x, or α(eˣ − 1) below 0',
    moduleSignature: [{ name: 'alpha', default: 1.0 }, inplace], fnSignature: [{ name: 'alpha', default: 1.0 }, inplace] },
  { module: 'SELU', fn: 'selu', summary: 'scaled ELU', moduleSignature: [inplace], fnSignature: [inplace] },
  { module: 'CELU', fn: 'celu', summary: 'continuously differentiable ELU',
    moduleSignature: [{ name: 'alpha', default: 1.0 }, inplace], fnSignature: [{ name: 'alpha', default: 1.0 }, inplace] },
  { module: 'GELU', fn: 'gelu', summary: 'x·Φ(x)', check: 'gelu',
    moduleSignature: [{ name: 'approximate', default: 'none' }], fnSignature: [{ name: 'approximate', default: 'none', keywordOnly: true }] },
  { module: 'SiLU', fn: 'silu', summary: 'x·σ(x)', moduleSignature: [inplace], fnSignature: [inplace] },
  { module: 'Mish', fn: 'mish', summary: 'x·tanh(softplus(x))', moduleSignature: [inplace], fnSignature: [inplace] },
  { module: 'Sigmoid', fn: 'sigmoid', summary: 'σ(x) = 1/(1 + e⁻ˣ)', moduleSignature: [], fnSignature: [] },
  { module: 'Tanh', fn: 'tanh', summary: 'tanh(x)', moduleSignature: [], fnSignature: [] },
  { module: 'Hardtanh', fn: 'hardtanh', summary: 'x clamped to [min_val, max_val]', check: 'hardtanh',
    moduleSignature: [{ name: 'min_val', default: -1.0 }, { name: 'max_val', default: 1.0 }, inplace,
      { name: 'min_value', default: null }, { name: 'max_value', default: null }],
    fnSignature: [{ name: 'min_val', default: -1.0 }, { name: 'max_val', default: 1.0 }, inplace] },
  { module: 'Hardswish', fn: 'hardswish', summary: 'x·ReLU6(x + 3)/6', moduleSignature: [inplace], fnSignature: [inplace] },
  { module: 'Hardsigmoid', fn: 'hardsigmoid', summary: 'ReLU6(x + 3)/6', moduleSignature: [inplace], fnSignature: [inplace] },
  { module: 'Softplus', fn: 'softplus', summary: 'log(1 + e^(βx))/β',
    moduleSignature: [{ name: 'beta', default: 1 }, { name: 'threshold', default: 20 }],
    fnSignature: [{ name: 'beta', default: 1 }, { name: 'threshold', default: 20 }] },
];

function elementwise(type: string, kind: LayerDef['kind'], e: Elementwise, signature: ArgSpec[]): LayerDef {
  // Hardtanh's min < max is an assertion of the module's constructor only; F.hardtanh accepts any pair.
  const check = e.check && !(e.check === 'hardtanh' && kind !== 'module') ? CHECKS[e.check] : undefined;
  const isRelu = e.fn === 'relu';
  return {
    type, kind, summary: e.summary, signature, ...(kind === 'module' ? {} : { inputs: 1 }),
    validate: check ? (a) => check(type, a) : undefined,
    params: noParams,
    forward: (_a, [x]) => sameShape(type, x),
    cost: (_a, _x, out) => elementwiseCost(type, isRelu, out as Shape),
  };
}

// torch.relu, Tensor.relu, torch.sigmoid… are the element-wise family's (pointwise.ts): the tensor is their only argument.
const elementwiseLayers: LayerDef[] = ELEMENTWISE.flatMap((e) => [elementwise(e.module, 'module', e, e.moduleSignature),
  elementwise(`F.${e.fn}`, 'function', e, e.fnSignature)]);

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
  return { output: [...x], working: [line('shape', `output = input = ${formatShape(x)} (normalized along ${along})`)], warnings };
}

const softmaxCost = (owner: string): Cost => ({ ...FREE, working: [`${owner}: 0 (softmax is not counted, by convention)`] });

function softmaxLike(type: string, kind: LayerDef['kind'], signature: ArgSpec[], summary: string): LayerDef {
  return {
    type, kind, summary, signature, ...(kind === 'module' ? {} : { inputs: 1 }),
    validate: (a) => { if (a.dim !== null && !isUnknown(a.dim)) int(a, 'dim'); },
    params: noParams,
    forward: (a, [x]) => softmaxForward(type, a, x),
    cost: () => softmaxCost(type),
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

export const activationLayers: LayerDef[] = [...elementwiseLayers, prelu, preluFunction, ...softmaxLayers];
