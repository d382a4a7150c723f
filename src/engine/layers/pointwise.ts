// Element-wise ops, generated from one list per family: each name gives torch.x, Tensor.x, the in-place Tensor.x_
// (and torch.x_ where PyTorch has it), the operators and their dunders.
//
//   unary     shape  output = input (symbolic sizes pass through)
//             cost   0 MACs; exact: one operation per output element, counted by its kind (a comparison for abs,
//                    clamp, sign…; elementwise for exp, sin, erf…)
//             clamp(input, min, max) with tensor bounds (the overload torch.clamp.Tensor): the three broadcast
//   binary    shape  broadcasting (PyTorch's rule: align on the right; per axis equal, or one of them 1)
//             cost   0 MACs; exact: one operation per output element (adds for + −, mults for ×, divisions for ÷,
//                    comparisons for ==, <, maximum…; alpha ≠ 1 adds one mult per element)
//   ternary   where(condition, input, other) (x.where(condition, other): x is the input), lerp(input, end, weight),
//             addcmul/addcdiv(input, tensor1, tensor2), masked_fill(input, mask, value): the shapes broadcast
//             together (a wider mask widens masked_fill's result); where(condition) alone returns the indices of
//             the true entries: data-dependent, unknown
//   in place  x.add_(y), x += y, x.lerp_(…), x.masked_fill_(…): the same rule, and the broadcast result must have
//             x's own shape (PyTorch: "output with shape [3] doesn't match the broadcast shape [2, 3]"); same cost
//   saved     what each derivative is written in (derivatives.yaml): nothing for ±, rounding and comparisons; the
//             output for exp, reciprocal, sqrt, rsqrt, tan, tanh, sigmoid, relu; the input for the rest of the unary
//             ops; each operand for the other's gradient for ×, ÷ (x · 2 keeps the 2 as an 8-byte tensor); both
//             inputs for maximum/minimum/atan2 (and the output for hypot and a tensor power); where/masked_fill
//             their bool mask. A comparison's output is a bool tensor.
//   field     kept; several inputs see the union of their fields
import { withSeparators } from '../count';
import { FREE, ops, type Cost, type OpCounts } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { keepField } from '../receptive';
import { elements, madeLikeOutput, savesNothing, savesOperands, savesOutput, type SavedTensor } from '../saved';
import { formatShape, numel, sameDim, type Shape } from '../shape';
import { int, num, str, type ArgSpec, type Args } from '../values';
import { dot, lazyLine, line } from '../working';
import { broadcastShapes } from './tensorOps';

const noParams = () => ({ tensors: [], working: [] });
type Kind = keyof OpCounts;
const KIND_WORD: Record<Kind, string> = { mul: 'mults', add: 'adds', cmp: 'comparisons', div: 'divisions', other: 'elementwise ops' };

/** `n` operations of one kind per output element. */
function perElement(owner: string, out: Shape, kind: Kind, perItem = 1, extra?: { kind: Kind; why: string }): Cost {
  const n = numel(out);
  if (n === undefined) throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
  const counts: Record<string, bigint> = { [kind]: n * BigInt(perItem) };
  if (extra) counts[extra.kind] = (counts[extra.kind] ?? 0n) + n;
  const each = perItem === 1 ? '' : ` · ${perItem}`;
  return { macs: 0n, exact: ops(counts), working: [
    `${KIND_WORD[kind]} = out_numel${each} = ${dot(...out.map(Number))}${each} = ${withSeparators(n * BigInt(perItem))}` +
    (extra ? ` (+ ${withSeparators(n)} ${KIND_WORD[extra.kind]}: ${extra.why})` : ''),
  ] };
}

// ══ Unary ════════════════════════════════════════════════════════════════════════════════════════════════════
interface Unary {
  readonly name: string;
  readonly summary: string;
  readonly kind?: Kind;
  /** Arguments after the tensor (torch.clamp's min and max). */
  readonly args?: ArgSpec[];
  /** torch.x_ exists (torch.relu_, torch.exp_…). */
  readonly torchInplace?: boolean;
  readonly operators?: string[];
  /** No Tensor.x_ (torch.isnan has no in-place form). */
  readonly noInplace?: boolean;
  /** Extra spellings (torch.clip is torch.clamp, torch.absolute is torch.abs). */
  readonly aliases?: string[];
  /** Python dunders that call it (Tensor.__neg__, __abs__). */
  readonly dunders?: string[];
  /** Bounds that may be tensors instead (torch.clamp(x, min=t)): an overload that broadcasts them with the input. */
  readonly tensorBounds?: string[];
}

const UNARY: Unary[] = [
  { name: 'abs', summary: '|x|', kind: 'cmp', torchInplace: true, aliases: ['absolute'], dunders: ['abs'] },
  { name: 'neg', summary: '−x', kind: 'other', torchInplace: true, aliases: ['negative'], operators: ['unary -'], dunders: ['neg'] },
  { name: 'positive', summary: '+x (a view)', noInplace: true, operators: ['unary +'], dunders: ['pos'] },
  { name: 'sign', summary: 'sign of x (−1, 0, 1)', kind: 'cmp' },
  { name: 'sgn', summary: 'sign of x', kind: 'cmp' },
  { name: 'reciprocal', summary: '1/x', kind: 'div', torchInplace: true },
  { name: 'square', summary: 'x²', kind: 'mul', torchInplace: true },
  { name: 'sqrt', summary: '√x', torchInplace: true },
  { name: 'rsqrt', summary: '1/√x', torchInplace: true },
  { name: 'exp', summary: 'eˣ', torchInplace: true },
  { name: 'exp2', summary: '2ˣ', torchInplace: true },
  { name: 'expm1', summary: 'eˣ − 1', torchInplace: true },
  { name: 'log', summary: 'ln x', torchInplace: true },
  { name: 'log1p', summary: 'ln(1 + x)', torchInplace: true },
  { name: 'log2', summary: 'log₂ x', torchInplace: true },
  { name: 'log10', summary: 'log₁₀ x', torchInplace: true },
  { name: 'sin', summary: 'sin x', torchInplace: true },
  { name: 'cos', summary: 'cos x', torchInplace: true },
  { name: 'tan', summary: 'tan x', torchInplace: true },
  { name: 'asin', summary: 'arcsin x', torchInplace: true, aliases: ['arcsin'] },
  { name: 'acos', summary: 'arccos x', torchInplace: true, aliases: ['arccos'] },
  { name: 'atan', summary: 'arctan x', torchInplace: true, aliases: ['arctan'] },
  { name: 'sinh', summary: 'sinh x', torchInplace: true },
  { name: 'cosh', summary: 'cosh x', torchInplace: true },
  { name: 'tanh', summary: 'tanh x', torchInplace: true },
  { name: 'asinh', summary: 'arsinh x', torchInplace: true, aliases: ['arcsinh'] },
  { name: 'acosh', summary: 'arcosh x', torchInplace: true, aliases: ['arccosh'] },
  { name: 'atanh', summary: 'artanh x', torchInplace: true, aliases: ['arctanh'] },
  { name: 'sigmoid', summary: 'σ(x) = 1/(1 + e⁻ˣ)', torchInplace: true },
  { name: 'relu', summary: 'max(0, x)', kind: 'cmp', torchInplace: true },
  { name: 'erf', summary: 'the error function', torchInplace: true },
  { name: 'erfc', summary: '1 − erf(x)', torchInplace: true },
  { name: 'erfinv', summary: 'the inverse error function' },
  { name: 'lgamma', summary: 'ln |Γ(x)|' },
  { name: 'digamma', summary: 'ψ(x) = Γ′(x)/Γ(x)' },
  { name: 'sinc', summary: 'sin(πx)/(πx)', torchInplace: true },
  { name: 'floor', summary: '⌊x⌋', torchInplace: true },
  { name: 'ceil', summary: '⌈x⌉', torchInplace: true },
  { name: 'trunc', summary: 'x rounded toward 0', torchInplace: true, aliases: ['fix'] },
  { name: 'frac', summary: 'x − trunc(x)', torchInplace: true },
  { name: 'round', summary: 'x rounded to the nearest (half to even)', torchInplace: true,
    args: [{ name: 'decimals', default: 0, keywordOnly: true }] },
  { name: 'deg2rad', summary: 'x·π/180', kind: 'mul', torchInplace: true },
  { name: 'rad2deg', summary: 'x·180/π', kind: 'mul', torchInplace: true },
  { name: 'logit', summary: 'ln(x/(1 − x))', torchInplace: true, args: [{ name: 'eps', default: null }] },
  { name: 'nan_to_num', summary: 'NaN and ±∞ replaced by numbers', kind: 'cmp', torchInplace: true,
    args: [{ name: 'nan', default: 0.0 }, { name: 'posinf', default: null }, { name: 'neginf', default: null }] },
  { name: 'clamp', summary: 'x limited to [min, max]', kind: 'cmp', torchInplace: true, aliases: ['clip'],
    args: [{ name: 'min', default: null }, { name: 'max', default: null }], tensorBounds: ['min?', 'max?'] },
  { name: 'clamp_min', summary: 'max(x, min)', kind: 'cmp', torchInplace: true, args: [{ name: 'min' }], tensorBounds: ['min'] },
  { name: 'clamp_max', summary: 'min(x, max)', kind: 'cmp', torchInplace: true, args: [{ name: 'max' }], tensorBounds: ['max'] },
  { name: 'logical_not', summary: 'not x', kind: 'cmp' },
  { name: 'bitwise_not', summary: '~x', kind: 'other', operators: ['~'], dunders: ['invert'] },
  { name: 'isnan', summary: 'x is NaN', kind: 'cmp', noInplace: true },
  { name: 'isinf', summary: 'x is ±∞', kind: 'cmp', noInplace: true },
  { name: 'isfinite', summary: 'x is finite', kind: 'cmp', noInplace: true },
  { name: 'signbit', summary: 'x has its sign bit set', kind: 'cmp', noInplace: true },
  { name: 'isneginf', summary: 'x is −∞', kind: 'cmp', noInplace: true },
  { name: 'isposinf', summary: 'x is +∞', kind: 'cmp', noInplace: true },
  { name: 'isreal', summary: 'x has no imaginary part', kind: 'cmp', noInplace: true },
  { name: 'angle', summary: 'the argument (phase) of x: 0 or π for real x', noInplace: true },
  { name: 'conj', summary: 'the complex conjugate (a lazy view; x itself for real x)', noInplace: true },
  { name: 'conj_physical', summary: 'the complex conjugate, computed', torchInplace: true },
  { name: 'resolve_conj', summary: 'x with a lazy conjugation carried out', noInplace: true },
  { name: 'resolve_neg', summary: 'x with a lazy negation carried out', noInplace: true },
  { name: 'i0', summary: 'the modified Bessel function I₀(x)', torchInplace: true },
  { name: 'mvlgamma', summary: 'the multivariate log-gamma function of dimension p', args: [{ name: 'p' }] },
];

/** PyTorch's checks of a unary op's own arguments. */
const UNARY_CHECKS: Record<string, (a: Args) => void> = {
  clamp: (a) => {
    if (a.min === null && a.max === null) fail('bad-arguments', `torch.clamp: at least one of 'min' or 'max' must not be None`);
  },
  mvlgamma: (a) => {
    if (int(a, 'p') < 1) fail('bad-arguments', `torch.mvlgamma: p has to be greater than or equal to 1, got ${int(a, 'p')}`);
  },
};

// ── Saved for backward ──────────────────────────────────────────────────────────────────────────────────────
/** Unary ops whose gradient needs nothing (constant or zero derivative, or no derivative at all). */
// (measured on PyTorch 1.13: isneginf/isposinf/isreal and the conjugations of a real tensor keep nothing; sgn keeps its input
// and output, as its formula is written in both; isfinite is composed of abs, which keeps the input)
const UNARY_SAVE_NOTHING = new Set(['neg', 'positive', 'sign', 'floor', 'ceil', 'trunc', 'frac', 'round', 'deg2rad', 'rad2deg',
  'logical_not', 'bitwise_not', 'isnan', 'isinf', 'signbit', 'isneginf', 'isposinf', 'isreal', 'conj', 'conj_physical',
  'resolve_conj', 'resolve_neg']);
const UNARY_SAVE_BOTH = new Set(['sgn']);
/** Unary ops whose derivative is written in their output. */
const UNARY_SAVE_OUTPUT = new Set(['reciprocal', 'sqrt', 'rsqrt', 'exp', 'exp2', 'expm1', 'tan', 'tanh', 'sigmoid', 'relu']);
const BOOL_UNARY = new Set(['logical_not', 'isnan', 'isinf', 'isfinite', 'signbit', 'isneginf', 'isposinf', 'isreal']);

function unarySaves(name: string): () => readonly SavedTensor[] {
  if (UNARY_SAVE_NOTHING.has(name)) return savesNothing;
  if (UNARY_SAVE_OUTPUT.has(name)) return savesOutput;
  if (UNARY_SAVE_BOTH.has(name)) return () => [{ input: 0 }, { output: 0 }];
  return () => [{ input: 0 }];
}

const BINARY_SAVES: Record<string, NonNullable<LayerDef['saves']>> = {
  mul: () => [{ input: 1, when: [0], wrapped: true }, { input: 0, when: [1], wrapped: true }],
  div: () => [{ input: 1, wrapped: true }, { input: 0, when: [1] }],
  pow: () => [{ input: 0 }, { input: 1, when: [1] }, { output: 0, when: [1] }],
  float_power: () => [{ input: 0 }, { input: 1, when: [1] }, { output: 0, when: [1] }],
  maximum: () => [{ input: 0 }, { input: 1 }], minimum: () => [{ input: 0 }, { input: 1 }],
  fmax: () => [{ input: 0 }, { input: 1 }], fmin: () => [{ input: 0 }, { input: 1 }],
  atan2: () => [{ input: 0 }, { input: 1 }], hypot: () => [{ input: 0 }, { input: 1 }, { output: 0 }],
  xlogy: savesOperands, copysign: () => [{ input: 0 }, { output: 0 }],
  remainder: () => [{ input: 0, when: [1] }, { input: 1, when: [1] }], fmod: () => [{ input: 0, when: [1] }, { input: 1, when: [1] }],
  logaddexp: () => [{ input: 0 }, { input: 1 }], logaddexp2: () => [{ input: 0 }, { input: 1 }],
  // only the second argument has a derivative, written in both
  igamma: () => [{ input: 0, when: [1] }, { input: 1, when: [1] }], igammac: () => [{ input: 0, when: [1] }, { input: 1, when: [1] }],
  complex: () => [{ input: 0 }, { input: 1 }],
  polar: () => [{ output: 0, element: 'complex' }],
  // x·2ʸ is composed as x * 2**y: the multiplication keeps 2**y (y's size) for x's gradient
  ldexp: (_a, xs) => {
    const n = elements(xs[1]);
    return n === undefined ? [] : [{ made: '2ʸ', numel: n, element: 'act', when: [0] }];
  },
  // composed of abs(x − y) and abs(y): they keep y and the difference
  isclose: (_a, _xs, out) => {
    const diff = madeLikeOutput('x − y', out, 'act');
    return diff ? [{ input: 1 }, diff] : [{ input: 1 }];
  },
};
const BOOL_BINARY = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'logical_and', 'logical_or', 'logical_xor', 'isclose']);
const COMPLEX_BINARY = new Set(['complex', 'polar']);

function unaryDef(u: Unary): LayerDef {
  const type = `torch.${u.name}`;
  const spell = [u.name, ...(u.aliases ?? [])];
  const names = [
    ...spell.filter((n) => n !== u.name).map((n) => `torch.${n}`),
    ...spell.map((n) => `Tensor.${n}`),
    ...(u.noInplace ? [] : spell.map((n) => `Tensor.${n}_`)),
    ...(u.torchInplace ? spell.map((n) => `torch.${n}_`) : []),
    ...(u.dunders ?? []).map((d) => `Tensor.__${d}__`),
  ];
  return {
    type, names, operators: u.operators, kind: 'function', summary: u.summary,
    signature: u.args ?? [], params: noParams,
    validate: UNARY_CHECKS[u.name],
    forward: (_a, [x]) => ({ output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)} (${u.name} acts elementwise)`)] }),
    cost: (_a, _x, out) => perElement(type, out as Shape, u.kind ?? 'other'),
    saves: unarySaves(u.name),
    ...(BOOL_UNARY.has(u.name) ? { outputElement: 'bool' as const } : {}),
    receptive: keepField,
    overloads: u.tensorBounds ? [tensorBoundsDef(u, type, u.tensorBounds)] : undefined,
  };
}

/** torch.clamp(input, min: Tensor, max: Tensor): the bounds broadcast with the input (a wider bound widens the result). */
function tensorBoundsDef(u: Unary, of: string, bounds: string[]): LayerDef {
  const type = `${of}.Tensor`;
  return {
    type, overloadOf: of, kind: 'function', summary: `${u.summary}, bounds as tensors`, signature: [], inputs: 1 + bounds.length,
    tensorNames: ['input', ...bounds], params: noParams,
    forward: (_a, xs) => broadcastForward(type, xs),
    cost: (_a, _x, o) => perElement(type, o as Shape, u.kind ?? 'other'),
    saves: () => [{ input: 0 }, { input: 1 }, { input: 2 }],
    receptive: keepField,
  };
}

// ══ Binary, with broadcasting ════════════════════════════════════════════════════════════════════════════════
interface Binary {
  readonly name: string;
  readonly summary: string;
  readonly kind: Kind;
  readonly operators?: string[];
  /** Python dunders that call it (Tensor.__add__, __radd__, __iadd__). */
  readonly dunders?: string[];
  readonly args?: ArgSpec[];
  readonly tensorNames?: string[];
  readonly aliases?: string[];
  readonly noInplace?: boolean;
  /** No Tensor.x method. */
  readonly noMethod?: boolean;
  /** torch.x_ exists too (torch.gcd_, torch.xlogy_): the in-place form under the torch name. */
  readonly torchInplace?: boolean;
}

const out: ArgSpec = { name: 'out', default: null, keywordOnly: true };
const alpha: ArgSpec = { name: 'alpha', default: 1, keywordOnly: true };

const BINARY: Binary[] = [
  { name: 'add', summary: 'x + α·y', kind: 'add', operators: ['+'], dunders: ['add', 'radd', 'iadd'], args: [alpha, out] },
  { name: 'sub', summary: 'x − α·y', kind: 'add', operators: ['-'], dunders: ['sub', 'isub'], args: [alpha, out], aliases: ['subtract'] },
  // torch.rsub(input, other) is other − α·input; there is no Tensor.rsub, only x.__rsub__(y) (y − x)
  { name: 'rsub', summary: 'other − α·input', kind: 'add', dunders: ['rsub'], args: [alpha], noInplace: true, noMethod: true },
  { name: 'mul', summary: 'x · y', kind: 'mul', operators: ['*'], dunders: ['mul', 'rmul', 'imul'], args: [out], aliases: ['multiply'] },
  { name: 'div', summary: 'x / y', kind: 'div', operators: ['/'], dunders: ['truediv', 'rtruediv', 'itruediv', 'div', 'rdiv', 'idiv'],
    args: [{ name: 'rounding_mode', default: null, keywordOnly: true }, out], aliases: ['divide', 'true_divide'] },
  { name: 'floor_divide', summary: '⌊x / y⌋', kind: 'div', operators: ['//'], dunders: ['floordiv', 'rfloordiv', 'ifloordiv'], args: [out] },
  { name: 'remainder', summary: 'x mod y (the sign of y)', kind: 'div', operators: ['%'], dunders: ['mod', 'rmod', 'imod'], args: [out] },
  { name: 'fmod', summary: 'x mod y (the sign of x)', kind: 'div', args: [out] },
  { name: 'pow', summary: 'xʸ', kind: 'other', operators: ['**'], dunders: ['pow', 'rpow', 'ipow'], tensorNames: ['input', 'exponent'], args: [out] },
  { name: 'float_power', summary: 'xʸ in double precision', kind: 'other', tensorNames: ['input', 'exponent'], args: [out] },
  { name: 'atan2', summary: 'arctan(x/y) in the right quadrant', kind: 'other', aliases: ['arctan2'], args: [out] },
  { name: 'hypot', summary: '√(x² + y²)', kind: 'other', args: [out] },
  { name: 'maximum', summary: 'max(x, y)', kind: 'cmp', noInplace: true, args: [out] },
  { name: 'minimum', summary: 'min(x, y)', kind: 'cmp', noInplace: true, args: [out] },
  { name: 'fmax', summary: 'max(x, y), ignoring NaN', kind: 'cmp', noInplace: true, args: [out] },
  { name: 'fmin', summary: 'min(x, y), ignoring NaN', kind: 'cmp', noInplace: true, args: [out] },
  { name: 'copysign', summary: '|x| with the sign of y', kind: 'other', args: [out] },
  { name: 'xlogy', summary: 'x·ln y', kind: 'mul', args: [out], torchInplace: true },
  { name: 'gcd', summary: 'greatest common divisor', kind: 'other', args: [out], torchInplace: true },
  { name: 'lcm', summary: 'least common multiple', kind: 'other', args: [out], torchInplace: true },
  { name: 'ldexp', summary: 'x·2ʸ', kind: 'mul', args: [out], torchInplace: true },
  { name: 'heaviside', summary: 'step function: 0 below 0, 1 above, values at 0', kind: 'cmp', tensorNames: ['input', 'values'], args: [out] },
  { name: 'igamma', summary: 'regularized lower incomplete gamma function', kind: 'other', args: [out] },
  { name: 'igammac', summary: 'regularized upper incomplete gamma function', kind: 'other', args: [out] },
  { name: 'nextafter', summary: 'the next float after x toward y', kind: 'other', args: [out] },
  { name: 'logaddexp', summary: 'ln(eˣ + eʸ)', kind: 'other', noInplace: true, args: [out] },
  { name: 'logaddexp2', summary: 'log₂(2ˣ + 2ʸ)', kind: 'other', noInplace: true, args: [out] },
  { name: 'isclose', summary: '|x − y| ≤ atol + rtol·|y|', kind: 'cmp', noInplace: true,
    args: [{ name: 'rtol', default: 1e-5 }, { name: 'atol', default: 1e-8 }, { name: 'equal_nan', default: false }] },
  { name: 'complex', summary: 'real + imag·i, a complex tensor', kind: 'other', tensorNames: ['real', 'imag'], noMethod: true, noInplace: true, args: [out] },
  { name: 'polar', summary: 'abs·(cos angle + i·sin angle), a complex tensor', kind: 'other', tensorNames: ['abs', 'angle'], noMethod: true, noInplace: true, args: [out] },
  { name: 'eq', summary: 'x == y', kind: 'cmp', operators: ['=='], dunders: ['eq'], args: [out] },
  { name: 'ne', summary: 'x != y', kind: 'cmp', operators: ['!='], dunders: ['ne'], args: [out], aliases: ['not_equal'] },
  { name: 'gt', summary: 'x > y', kind: 'cmp', operators: ['>'], dunders: ['gt'], args: [out], aliases: ['greater'] },
  { name: 'ge', summary: 'x ≥ y', kind: 'cmp', operators: ['>='], dunders: ['ge'], args: [out], aliases: ['greater_equal'] },
  { name: 'lt', summary: 'x < y', kind: 'cmp', operators: ['<'], dunders: ['lt'], args: [out], aliases: ['less'] },
  { name: 'le', summary: 'x ≤ y', kind: 'cmp', operators: ['<='], dunders: ['le'], args: [out], aliases: ['less_equal'] },
  { name: 'logical_and', summary: 'x and y', kind: 'cmp', args: [out] },
  { name: 'logical_or', summary: 'x or y', kind: 'cmp', args: [out] },
  { name: 'logical_xor', summary: 'x xor y', kind: 'cmp', args: [out] },
  { name: 'bitwise_and', summary: 'x & y', kind: 'other', operators: ['&'], dunders: ['and', 'rand', 'iand'], args: [out] },
  { name: 'bitwise_or', summary: 'x | y', kind: 'other', operators: ['|'], dunders: ['or', 'ror', 'ior'], args: [out] },
  { name: 'bitwise_xor', summary: 'x ^ y', kind: 'other', operators: ['^'], dunders: ['xor', 'rxor', 'ixor'], args: [out] },
  { name: 'bitwise_left_shift', summary: 'x << y', kind: 'other', operators: ['<<'], dunders: ['lshift', 'rlshift', 'ilshift'], args: [out] },
  { name: 'bitwise_right_shift', summary: 'x >> y', kind: 'other', operators: ['>>'], dunders: ['rshift', 'rrshift', 'irshift'], args: [out] },
];

/** Python's augmented assignments (__iadd__, __isub__, …): the only dunders in the list that start with i. */
const augmented = (dunder: string) => dunder.startsWith('i');

function binaryDef(b: Binary): LayerDef {
  const type = `torch.${b.name}`;
  const spell = [b.name, ...(b.aliases ?? [])];
  const names = [
    ...spell.filter((n) => n !== b.name).map((n) => `torch.${n}`),
    ...(b.noMethod ? [] : spell.map((n) => `Tensor.${n}`)),
    ...(b.dunders ?? []).filter((d) => !augmented(d)).map((d) => `Tensor.__${d}__`),
  ];
  const scaled = (a: Args) => (b.name === 'add' || b.name === 'sub' || b.name === 'rsub') && typeof a.alpha === 'number' && a.alpha !== 1;
  return {
    type, names, operators: b.operators, kind: 'function', summary: b.summary, signature: b.args ?? [], inputs: 2,
    tensorNames: b.tensorNames, params: noParams,
    validate: b.name === 'div' ? (a: Args) => {
      if (a.rounding_mode !== null) {
        const mode = str(a, 'rounding_mode');
        if (mode !== 'trunc' && mode !== 'floor') fail('bad-arguments', `${type}: expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${mode}'`);
      }
    } : undefined,
    forward: (_a, xs) => broadcastForward(type, xs),
    cost: (a, _x, o) => perElement(type, o as Shape, b.kind, 1, scaled(a) ? { kind: 'mul', why: `× alpha ${num(a, 'alpha')}` } : undefined),
    saves: BINARY_SAVES[b.name] ?? savesNothing,
    ...(BOOL_BINARY.has(b.name) ? { outputElement: 'bool' as const } : {}),
    ...(COMPLEX_BINARY.has(b.name) ? { outputElement: 'complex' as const } : {}),
    receptive: keepField,
  };
}

/** x.add_(y), x += y: the op written into x (Tensor.x_ and the augmented-assignment dunders). */
function binaryInPlace(b: Binary, def: LayerDef): LayerDef {
  const spell = [b.name, ...(b.aliases ?? [])];
  const [type, ...names] = [...spell.map((n) => `Tensor.${n}_`), ...(b.dunders ?? []).filter(augmented).map((d) => `Tensor.__${d}__`),
    ...(b.torchInplace ? [`torch.${b.name}_`] : [])];
  return inPlace(def, type, names);
}

/** The shapes broadcast together (two or three tensors). */
function broadcastForward(owner: string, xs: readonly Shape[]): Forward {
  const output = xs.reduce((acc, s) => broadcastShapes(owner, acc, s));
  return { output, working: [line('shape', `broadcast ${xs.map(formatShape).join(' and ')} = ${formatShape(output)}`)] };
}

/**
 * The in-place form of an op: the same rule, but the result is written into the first tensor, so the broadcast shape
 * must be that tensor's own (x.add_(y) with x (3,) and y (2, 3) raises). `out=` does not apply to it.
 */
function inPlace(def: LayerDef, type: string, names: string[]): LayerDef {
  return {
    ...def, type, names, kind: 'method', operators: undefined, overloads: undefined, summary: `${def.summary}, in place`,
    signature: def.signature.filter((s) => s.name !== 'out'),
    forward: (a, xs, ctx) => {
      const f = def.forward(a, xs, ctx);
      writtenInto(type, xs[0], f.output as Shape);
      return { ...f, working: [...f.working, line('in place', `written into the input ${formatShape(xs[0])}`)] };
    },
  };
}

/** An in-place result must have the shape of the tensor it is written into (PyTorch's rule for x.op_(…) and copy_). */
export function writtenInto(owner: string, self: Shape, result: Shape): void {
  if (result.length !== self.length || !result.every((d, i) => sameDim(d, self[i]))) {
    fail('inplace-shape', `${owner}: output with shape ${formatShape(self)} doesn't match the broadcast shape ${formatShape(result)} ` +
      `(an in-place op writes into its tensor, so the result cannot be larger)`);
  }
}

// ══ Three tensors ════════════════════════════════════════════════════════════════════════════════════════════
/** torch.where(condition): the indices of the true entries, one tensor per dim, of a length only the data knows. */
const whereIndices: LayerDef = {
  type: 'torch.where.condition', overloadOf: 'torch.where', kind: 'function', summary: 'the indices where condition holds',
  signature: [], inputs: 1, tensorNames: ['condition'], params: noParams,
  forward: (_a, [c]) => {
    throw new UnknownValueError(`torch.where(condition) on ${formatShape(c)}: how many entries are true is known only at run time`);
  },
  cost: () => FREE,
};

const whereOf = (type: string, tensorNames: string[]): LayerDef => ({
  type, kind: type.startsWith('Tensor.') ? 'method' : 'function', summary: 'input where condition holds, else other',
  signature: [], inputs: 3, tensorNames, params: noParams,
  forward: (_a, xs) => broadcastForward(type, xs),
  cost: (_a, _x, o) => perElement(type, o as Shape, 'cmp'),
  saves: () => [{ input: tensorNames.indexOf('condition'), when: [tensorNames.indexOf('input'), tensorNames.indexOf('other')] }],
  receptive: keepField,
});
/** torch.where(condition, input, other); x.where(condition, other) is the same with x as the input. */
const where: LayerDef = { ...whereOf('torch.where', ['condition', 'input', 'other']), overloads: [whereIndices] };
const whereMethod = whereOf('Tensor.where', ['input', 'condition', 'other']);

const lerp: LayerDef = {
  type: 'torch.lerp', names: ['Tensor.lerp'], kind: 'function', summary: 'input + weight·(end − input)',
  signature: [], inputs: 3, tensorNames: ['input', 'end', 'weight'], params: noParams,
  forward: (_a, xs) => broadcastForward('torch.lerp', xs),
  cost: (_a, _x, o) => perElement('torch.lerp', o as Shape, 'add', 2, { kind: 'mul', why: 'the weight' }),
  saves: () => [{ input: 2, when: [0, 1] }, { input: 0, when: [2] }, { input: 1, when: [2] }],
  receptive: keepField,
};

const addc = (name: 'addcmul' | 'addcdiv'): LayerDef => ({
  type: `torch.${name}`, names: [`Tensor.${name}`], kind: 'function',
  summary: name === 'addcmul' ? 'input + value·tensor1·tensor2' : 'input + value·tensor1/tensor2',
  signature: [{ name: 'value', default: 1, keywordOnly: true }, out], inputs: 3, tensorNames: ['input', 'tensor1', 'tensor2'], params: noParams,
  forward: (_a, xs) => broadcastForward(`torch.${name}`, xs),
  cost: (_a, _x, o) => perElement(`torch.${name}`, o as Shape, name === 'addcmul' ? 'mul' : 'div', 1, { kind: 'add', why: 'the sum' }),
  saves: () => [{ input: 2, when: [1] }, { input: 1, when: [2] }],
  receptive: keepField,
});

/** masked_fill(input, mask, value): input and mask broadcast together (a wider mask widens the result). */
const maskedFill: LayerDef = {
  type: 'torch.masked_fill', names: ['Tensor.masked_fill'], kind: 'function',
  summary: 'input with value where mask is true', signature: [{ name: 'value' }], inputs: 2, tensorNames: ['input', 'mask'], params: noParams,
  forward: (_a, xs) => broadcastForward('masked_fill', xs),
  cost: (_a, _x, o) => perElement('masked_fill', o as Shape, 'cmp'),
  saves: () => [{ input: 1, when: [0] }],
  receptive: keepField,
};

// ══ Unary ops with their own signature ═══════════════════════════════════════════════════════════════════════
const sameShape = (what: string) => (_a: Args, [x]: readonly Shape[]): Forward =>
  ({ output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)} (${what} acts elementwise)`)] });

/** torch.polygamma(n, input) takes the order first; x.polygamma(n) and x.polygamma_(n) the tensor. */
const polygamma = (type: string, names: string[], nFirst: boolean): LayerDef => ({
  type, names, kind: nFirst ? 'function' : 'method', summary: 'the n-th derivative of the digamma function',
  signature: nFirst ? [{ name: 'n' }, { name: 'input', tensor: 'one' }, out] : [{ name: 'n' }], params: noParams,
  validate: (a) => {
    if (int(a, 'n') < 0) fail('bad-arguments', `${type}: polygamma(n, x) does not support negative n, got ${int(a, 'n')}`);
  },
  forward: sameShape('polygamma'),
  cost: (_a, _x, o) => perElement(type, o as Shape, 'other'),
});

/** torch.real / torch.imag: the parts of a complex tensor, of its shape (x.real and x.imag are attributes). */
const part = (name: 'real' | 'imag'): LayerDef => ({
  type: `torch.${name}`, kind: 'function', summary: `the ${name === 'real' ? 'real' : 'imaginary'} part (a view)`, signature: [], params: noParams,
  forward: sameShape(name), cost: () => FREE,
});

/** torch.frexp(x) → (mantissa, exponent), each of x's shape. */
const frexp: LayerDef = {
  type: 'torch.frexp', names: ['Tensor.frexp'], kind: 'function', summary: 'mantissa and exponent: x = mantissa·2^exponent',
  signature: [], params: noParams,
  forward: (_a, [x]) => ({ output: { tuple: [[...x], [...x]] }, working: [line('shape', `(mantissa, exponent), each ${formatShape(x)}`)] }),
  cost: (_a, [x]) => perElement('torch.frexp', x, 'other'),
};

const unaryDefs = UNARY.map(unaryDef);
const binaryDefs = BINARY.map(binaryDef);
const binaryInPlaceDefs = BINARY.flatMap((b, i) => (b.noInplace ? [] : [binaryInPlace(b, binaryDefs[i])]));
const addcmul = addc('addcmul');
const addcdiv = addc('addcdiv');

/** One of the element-wise ops by its torch name (torch.max(input, other) is torch.maximum). */
export function pointwiseDef(name: string): LayerDef {
  const def = [...unaryDefs, ...binaryDefs].find((d) => d.type === `torch.${name}`);
  if (!def) throw new Error(`no element-wise op torch.${name}`);
  return def;
}

export const pointwiseLayers: LayerDef[] = [
  ...unaryDefs, ...binaryDefs, ...binaryInPlaceDefs, where, whereMethod, lerp, inPlace(lerp, 'Tensor.lerp_', []),
  addcmul, inPlace(addcmul, 'Tensor.addcmul_', []), addcdiv, inPlace(addcdiv, 'Tensor.addcdiv_', []),
  maskedFill, inPlace(maskedFill, 'Tensor.masked_fill_', []),
  polygamma('torch.polygamma', [], true), polygamma('Tensor.polygamma', ['Tensor.polygamma_'], false), part('real'), part('imag'), frexp,
];
