// The numbers inside a small tensor made from known numbers (`torch.linspace(0, drop_path_rate, depth)`,
// `torch.arange(4)`): kept beside the tensor so the Python values code reads back from it are known —
// `[x.item() for x in torch.linspace(0, dpr, depth)]`, `.tolist()`, `.split(depths)` — the stochastic-depth rates
// nearly every timm model computes and then tests (`DropPath(p) if p > 0. else nn.Identity()`). Only 0-d and 1-d
// tensors, and a reshape of one (`np.arange(rows * cols).reshape(rows, cols).tolist()`, a table of indices read back
// as nested lists); any other op gives a tensor without numbers (its values stay unknown, as before).
import { binaryMathFunction, unaryMathFunction, unknown } from '../../engine';
import { MAX_LOOP } from './semantics';
import { markSequence, TensorValue, type PyValue } from './values';

const data = new WeakMap<TensorValue, readonly number[]>();

/** A tensor's numbers, when it was made from known numbers (row-major, float32 or int64 as PyTorch makes them). */
export const dataOf = (t: TensorValue): readonly number[] | undefined => data.get(t);

/** The tensor, holding `values` when they are as many as its elements (0-d or 1-d). */
export function withData(v: PyValue, values: readonly number[] | undefined, kind?: Kind): PyValue {
  if (!values || !(v instanceof TensorValue) || !v.shape || v.shape.length > 1) return v;
  const n = v.shape.length === 0 ? 1 : v.shape[0];
  if (n === values.length) {
    data.set(v, values);
    if (kind) kinds.set(v, kind);
  }
  return v;
}

const num = (v: PyValue | undefined): number | undefined => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : undefined);

interface RangeCall { readonly args: readonly PyValue[]; readonly kwargs: ReadonlyMap<string, PyValue> }

/** torch.linspace(start, end, steps): float32 values, the second half counted back from `end` as PyTorch does. */
function linspace(c: RangeCall): number[] | undefined {
  const start = num(c.args[0] ?? c.kwargs.get('start'));
  const end = num(c.args[1] ?? c.kwargs.get('end'));
  const steps = num(c.args[2] ?? c.kwargs.get('steps'));
  if (start === undefined || end === undefined || steps === undefined || !Number.isInteger(steps) || steps < 0 || steps > MAX_LOOP) return undefined;
  if (steps === 1) return [Math.fround(start)];
  const step = (end - start) / (steps - 1);
  const half = Math.floor(steps / 2);
  return Array.from({ length: steps }, (_, i) => Math.fround(i < half ? start + step * i : end - step * (steps - i - 1)));
}

/** torch.arange([start,] end[, step]): whole numbers when every bound is whole (int64), else float32. */
function arange(c: RangeCall): number[] | undefined {
  const given = [c.args[0], c.args[1], c.args[2]].filter((v) => v !== undefined).map(num);
  if (given.some((v) => v === undefined)) return undefined;
  const bounds = given as number[];
  const start = bounds.length >= 2 ? bounds[0] : num(c.kwargs.get('start')) ?? 0;
  const end = bounds.length >= 2 ? bounds[1] : bounds[0] ?? num(c.kwargs.get('end'));
  const step = bounds[2] ?? num(c.kwargs.get('step')) ?? 1;
  if (end === undefined || step === 0) return undefined;
  const n = Math.max(0, Math.ceil((end - start) / step));
  if (n > MAX_LOOP) return undefined;
  const whole = [start, end, step].every(Number.isInteger);
  return Array.from({ length: n }, (_, i) => (whole ? start + step * i : Math.fround(start + step * i)));
}

const MAKERS: Record<string, (c: RangeCall) => number[] | undefined> = { 'torch.linspace': linspace, 'torch.arange': arange };

/** The numbers torch.linspace / torch.arange make, when their arguments are known. */
const rangeData = (name: string, c: RangeCall): number[] | undefined => MAKERS[name]?.(c);

/** Their element type: arange of whole bounds is int64, linspace float32, unless a dtype says otherwise. */
function rangeKind(name: string, c: RangeCall, values: readonly number[] | undefined): Kind {
  return dtypeKind(c.kwargs.get('dtype')) ?? (name === 'torch.arange' && values?.every(Number.isInteger) ? 'int' : 'float');
}

/** The tensor `name` (torch.linspace / torch.arange) made for the call `c`, holding its numbers when they are known. */
export function withRangeData(name: string, c: RangeCall, made: PyValue): PyValue {
  const values = rangeData(name, c);
  return withData(made, values, rangeKind(name, c, values));
}

/** Iterating a 1-d tensor with numbers: its 0-d rows, each with its number. */
export function rowsOf(t: TensorValue, rows: TensorValue[]): TensorValue[] {
  const values = data.get(t);
  if (values && t.shape?.length === 1) rows.forEach((r, i) => withData(r, [values[i]]));
  return rows;
}

/** x.item() / x.tolist(): the Python number(s), when known. */
export function pythonValue(t: TensorValue, method: 'item' | 'tolist'): PyValue {
  const values = data.get(t);
  if (!values || !t.shape) return unknown('a tensor value');
  if (method === 'item') return values.length === 1 ? values[0] : unknown('item() of a tensor with more than one element (PyTorch raises)');
  // a list, as PyTorch gives (isinstance(rates, list) decides timm's per-block rates), nested as the tensor is
  if (t.shape.length === 0) return values[0];
  const sizes = t.shape as number[];
  const nest = (at: number, dim: number): PyValue[] => {
    if (dim === sizes.length - 1) return markSequence([...values.slice(at, at + sizes[dim])], 'list');
    const stride = sizes.slice(dim + 1).reduce((p, n) => p * n, 1);
    return markSequence(Array.from({ length: sizes[dim] }, (_, i) => nest(at + i * stride, dim + 1)), 'list');
  };
  return nest(0, 0);
}

/** x.split(size or sizes) of a 1-d tensor with numbers: each piece has its numbers. */
export function splitData(t: TensorValue, result: PyValue): PyValue {
  const values = data.get(t);
  if (!values || t.shape?.length !== 1 || !Array.isArray(result)) return result;
  let at = 0;
  for (const piece of result) {
    if (!(piece instanceof TensorValue) || typeof piece.shape?.[0] !== 'number') return result;
    withData(piece, values.slice(at, at + piece.shape[0]));
    at += piece.shape[0];
  }
  return result;
}

// ── The numbers of ops on such tensors ───────────────────────────────────────────────────────────────────────────
// Widths and depths some models compute with tensors before building their layers (timm's RegNet:
// `torch.round(torch.log(torch.arange(d) * slope + w0) / math.log(wm))`, then `torch.unique(…, return_counts=True)`
// and `.tolist()`). Element-wise maths, casts, whole-tensor reductions and unique keep the numbers, computed as
// PyTorch does: float32 results rounded to float32 at each step, int64 stays whole, round() to the nearest even.

/** The element type of a tensor with numbers (float32 unless made whole). */
type Kind = 'int' | 'float' | 'bool';
const kinds = new WeakMap<TensorValue, Kind>();
const kindOf = (t: TensorValue): Kind => kinds.get(t) ?? 'float';

function setData(t: TensorValue, values: readonly number[], kind: Kind): TensorValue {
  data.set(t, kind === 'float' ? values.map(Math.fround) : values);
  kinds.set(t, kind);
  return t;
}

/** The registry types of the reshapes (x.flatten() is torch.flatten's, under its method name). */
const RESHAPES = new Set(['Tensor.reshape', 'Tensor.view', 'torch.reshape', 'torch.flatten']);

/** An operand: a tensor with numbers or a Python number (a scalar takes the tensor's type, as PyTorch promotes). */
interface Operand { readonly values: readonly number[]; readonly kind: Kind; readonly scalar: boolean }
function operand(v: PyValue | undefined): Operand | undefined {
  if (v instanceof TensorValue) {
    const values = data.get(v);
    return values && { values, kind: kindOf(v), scalar: false };
  }
  if (typeof v === 'boolean') return { values: [Number(v)], kind: 'bool', scalar: true };
  // A Python float that is whole (2.0) cannot be told from an int here: it is taken as an int, which changes no
  // number (+ − × of whole numbers are exact either way, and true division always gives floats).
  if (typeof v === 'number') return { values: [v], kind: Number.isInteger(v) ? 'int' : 'float', scalar: true };
  return undefined;
}

/** Round half to even, as torch.round does. */
function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The element-wise functions followed on known numbers: the engine's own number functions (one definition with the
 *  gradient checker's), and the rounding ones, which keep the element type. */
const engineMath = (name: string): (x: number) => number => {
  const f = unaryMathFunction(name);
  if (!f) throw new Error(`the engine has no element-wise function ${name}`);
  return f;
};
const UNARY: Record<string, { f: (x: number) => number; keeps?: boolean }> = {
  ...Object.fromEntries(['log', 'log2', 'log10', 'exp', 'sqrt', 'sin', 'cos'].map((n) => [`torch.${n}`, { f: engineMath(n) }])),
  'torch.round': { f: roundEven, keeps: true }, 'torch.floor': { f: Math.floor, keeps: true }, 'torch.ceil': { f: Math.ceil, keeps: true },
  'torch.abs': { f: engineMath('abs'), keeps: true }, 'torch.neg': { f: engineMath('neg'), keeps: true },
};

const engineArithmetic = (name: string): (a: number, b: number) => number => {
  const f = binaryMathFunction(name);
  if (!f) throw new Error(`the engine has no arithmetic function ${name}`);
  return f;
};

/** The element-wise binary functions followed on known numbers: the engine's arithmetic, and the comparisons and
 *  integer ops the gradient checker has no rule for (they are not differentiable). */
const BINARY: Record<string, { f: (a: number, b: number) => number; result?: Kind | 'float-always' }> = {
  'torch.add': { f: engineArithmetic('add') }, 'torch.sub': { f: engineArithmetic('sub') }, 'torch.mul': { f: engineArithmetic('mul') },
  'torch.div': { f: engineArithmetic('div'), result: 'float-always' }, 'torch.pow': { f: engineArithmetic('pow') },
  'torch.floor_divide': { f: (a, b) => Math.floor(a / b) }, 'torch.remainder': { f: (a, b) => a - Math.floor(a / b) * b },
  'torch.maximum': { f: Math.max }, 'torch.minimum': { f: Math.min },
  'torch.eq': { f: (a, b) => Number(a === b), result: 'bool' }, 'torch.ne': { f: (a, b) => Number(a !== b), result: 'bool' },
  'torch.gt': { f: (a, b) => Number(a > b), result: 'bool' }, 'torch.lt': { f: (a, b) => Number(a < b), result: 'bool' },
  'torch.ge': { f: (a, b) => Number(a >= b), result: 'bool' }, 'torch.le': { f: (a, b) => Number(a <= b), result: 'bool' },
};

const REDUCE: Record<string, (xs: readonly number[]) => number> = {
  'torch.max': (xs) => Math.max(...xs), 'torch.min': (xs) => Math.min(...xs), 'torch.sum': (xs) => xs.reduce((s, x) => s + x, 0),
  'torch.prod': (xs) => xs.reduce((s, x) => s * x, 1),
};

const CASTS: Record<string, Kind> = { int: 'int', long: 'int', short: 'int', float: 'float', double: 'float', half: 'float', bool: 'bool' };

/** A dtype argument: torch.int32 / torch.long… are whole, torch.float… floating, torch.bool bool. */
function dtypeKind(v: PyValue | undefined): Kind | undefined {
  if (typeof v !== 'string' || !v.startsWith('torch.')) return undefined;
  const name = v.slice(6);
  if (name === 'bool') return 'bool';
  if (/^(u?int\d*|long|short)$/.test(name)) return 'int';
  if (/^(float\d*|double|half|bfloat16)$/.test(name)) return 'float';
  return undefined;
}

/** A value in the element type: whole for int (truncated, as a cast), 0/1 for bool, float32 for float. */
const inKind = (x: number, kind: Kind): number => (kind === 'int' ? Math.trunc(x) : kind === 'bool' ? Number(x !== 0) : Math.fround(x));

const promote = (a: Kind, b: Kind): Kind => (a === 'float' || b === 'float' ? 'float' : a === 'int' || b === 'int' ? 'int' : 'bool');

function elementwise(f: (...xs: number[]) => number, ops: readonly Operand[], kind: Kind): number[] | undefined {
  const n = Math.max(...ops.map((o) => o.values.length));
  if (ops.some((o) => o.values.length !== n && o.values.length !== 1)) return undefined;
  return Array.from({ length: n }, (_, i) => inKind(f(...ops.map((o) => inKind(o.values[o.values.length === 1 ? 0 : i], kind))), kind));
}

/** torch.tensor(list of numbers[, dtype]): its numbers (whole numbers are int64, as PyTorch infers). */
function literalData(out: TensorValue, args: readonly PyValue[], kwargs: ReadonlyMap<string, PyValue>): PyValue {
  const given = args[0] ?? kwargs.get('data');
  const flat = typeof given === 'number' || typeof given === 'boolean' ? [given] : Array.isArray(given) ? given : undefined;
  if (!flat || !flat.every((x) => typeof x === 'number' || typeof x === 'boolean')) return out;
  const values = (flat as (number | boolean)[]).map(Number);
  const inferred: Kind = flat.every((x) => typeof x === 'boolean') ? 'bool' : values.every(Number.isInteger) ? 'int' : 'float';
  const kind = dtypeKind(kwargs.get('dtype')) ?? inferred;
  return out.shape && (out.shape.length === 0 ? 1 : out.shape[0]) === values.length && out.shape.length <= 1
    ? setData(out, values.map((x) => inKind(x, kind)), kind) : out;
}

/** torch.unique(x[, sorted, return_inverse, return_counts]) of a tensor with numbers: its size is then known. */
function uniqueData(x: Operand, out: PyValue, kwargs: ReadonlyMap<string, PyValue>, args: readonly PyValue[], kind: Kind): PyValue {
  if (kwargs.get('dim') !== undefined && kwargs.get('dim') !== null) return out;
  const distinct = [...new Set(x.values)].sort((a, b) => a - b);
  const counts = distinct.map((v) => x.values.filter((y) => y === v).length);
  const values = setData(new TensorValue([distinct.length], firstTensor(out)?.origin), distinct, kind);
  const inverse = args[2] ?? kwargs.get('return_inverse') ?? false;
  const withCounts = args[3] ?? kwargs.get('return_counts') ?? false;
  if (inverse !== true && withCounts !== true) return values;
  const result: PyValue[] = [values];
  if (inverse === true) result.push(setData(new TensorValue([x.values.length]), x.values.map((v) => distinct.indexOf(v)), 'int'));
  if (withCounts === true) result.push(setData(new TensorValue([distinct.length]), counts, 'int'));
  return result;
}

const firstTensor = (v: PyValue): TensorValue | undefined => (v instanceof TensorValue ? v : Array.isArray(v) ? firstTensor(v[0] ?? null) : undefined);

/**
 * The op's result with its numbers, when every tensor it reads has numbers (`type`: the registry's name of the op;
 * `spelling`: as written, for casts); otherwise the result as it is.
 */
export function withOpData(type: string, spelling: string, args: readonly PyValue[], kwargs: ReadonlyMap<string, PyValue>, out: PyValue): PyValue {
  if (type === 'torch.tensor') return out instanceof TensorValue ? literalData(out, args, kwargs) : out;
  const x = operand(args[0] ?? kwargs.get('input'));
  if (!x) return out;
  if (type === 'torch.unique') return uniqueData(x, out, kwargs, args, x.kind);
  if (!(out instanceof TensorValue) || !out.shape) return out;
  // a reshape keeps the numbers in their order, whatever the rank (row-major)
  if (RESHAPES.has(type) && out.shape.every((d) => typeof d === 'number')) return setData(out, x.values, x.kind);
  if (out.shape.length > 1) return out;
  const unary = UNARY[type];
  if (unary && args.length <= 1) {
    const kind = unary.keeps ? x.kind : 'float';
    const values = elementwise(unary.f, [x], kind);
    return values ? setData(out, values, kind) : out;
  }
  const binary = BINARY[type];
  if (binary) {
    const y = operand(args[1] ?? kwargs.get('other') ?? kwargs.get('exponent'));
    if (!y || args.length > 2) return out;
    // a Python scalar takes the tensor's type unless it is a float beside an integer tensor
    const ka = x.scalar && !y.scalar ? (x.kind === 'float' ? promote(x.kind, y.kind) : y.kind) : x.kind;
    const kb = y.scalar && !x.scalar ? (y.kind === 'float' ? promote(x.kind, y.kind) : x.kind) : y.kind;
    const kind = binary.result === 'float-always' ? 'float' : binary.result ?? promote(ka, kb);
    const values = elementwise(binary.f, [x, y], binary.result === 'bool' ? promote(ka, kb) : kind);
    return values ? setData(out, values, kind) : out;
  }
  const reduce = REDUCE[type];
  if (reduce && args.length === 1 && kwargs.size === 0 && out.shape.length === 0 && x.values.length > 0) {
    return setData(out, [reduce(x.values)], type === 'torch.sum' || type === 'torch.prod' ? (x.kind === 'bool' ? 'int' : x.kind) : x.kind);
  }
  // flip / cumsum along the only dimension of a 1-d tensor (`(4 ** torch.arange(n)).flip(0)`)
  const flip = type === 'torch.flip' || type === 'Tensor.flip';
  if ((flip || type === 'torch.cumsum') && out.shape.length === 1) {
    let acc = 0;
    return setData(out, flip ? [...x.values].reverse() : x.values.map((v) => (acc += v)), x.kind === 'bool' ? 'int' : x.kind);
  }
  const cast = CASTS[spelling.slice(spelling.lastIndexOf('.') + 1)];
  if (cast && args.length === 1 && spelling.startsWith('Tensor.')) return setData(out, x.values.map((v) => inKind(v, cast)), cast);
  return out;
}

// ── The element type of any tensor ───────────────────────────────────────────────────────────────────────────────
// Whether a tensor holds whole numbers decides what indexing with it means: `table[idx]` with an int64 `idx` puts
// idx's shape where the axis was (timm's relative-position and attention-bias tables), a bool mask picks as many
// elements as it holds True. The type is followed from where a tensor is made (a dtype, torch.arange of whole
// bounds, a cast, argmax) through the ops that keep it; anything else leaves it unknown, and such an index is not
// followed.

/** A tensor's element type, when known (made with a dtype, cast, or kept from one by an op that keeps it). */
export const elementKind = (t: TensorValue): Kind | undefined => kinds.get(t);

/**
 * The dtype `x.dtype` reads: int64 for whole numbers (PyTorch's integer type: what LongTensor, randint, arange and
 * argmax make; an explicit int32 is read as int64 too), bool, else float32 (an unknown element type is the default
 * float's).
 */
export function dtypeOf(t: TensorValue): string {
  const kind = kinds.get(t);
  return kind === 'int' ? 'torch.int64' : kind === 'bool' ? 'torch.bool' : 'torch.float32';
}

/** A model's input made with the dtype its source names (`long`, `torch.int64`, `bool`…; none: left unknown). */
export function ofDtype<T extends TensorValue>(t: T, dtype: string | undefined): T {
  if (dtype) setKind(t, dtypeKind(dtype.startsWith('torch.') ? dtype : `torch.${dtype}`));
  return t;
}

// ── Padding at the end of a tensor's dimensions ──────────────────────────────────────────────────────────────────
// DeepLab's `fixed_padding` pads with F.pad before a strided convolution without padding of its own: the rows such a
// convolution leaves unread are that padding, not input (the engine's stride-not-exact rule is told so). Followed
// from a constant pad (F.pad, ZeroPadNd, ConstantPadNd) through layers that work row by row (activations, norms,
// dropout, 1×1 convolutions of stride 1), as DeepLab's MobileNetV2 block expands its channels before the strided one.
const endPads = new WeakMap<TensorValue, readonly number[]>();

/** The tensor's last rows that are padding, per dimension counted from the last (undefined: none known). */
export const paddedAtEnd = (t: PyValue | undefined): readonly number[] | undefined => (t instanceof TensorValue ? endPads.get(t) : undefined);

/** `out` with `pad` (per dimension from the last) more padding rows at the end than `from` had. */
export function withEndPadding(out: PyValue, pad: readonly number[] | undefined, from?: PyValue): PyValue {
  if (!(out instanceof TensorValue) || !pad) return out;
  const before = paddedAtEnd(from) ?? [];
  const total = Array.from({ length: Math.max(pad.length, before.length) }, (_, i) => (pad[i] ?? 0) + (before[i] ?? 0));
  if (total.some((p) => p > 0)) endPads.set(out, total);
  return out;
}

/** The rows a constant pad adds at the end of each dimension it pads, from the last: F.pad's `pad` (mode 'constant'),
 *  ZeroPadNd's and ConstantPadNd's `padding`; undefined for anything else. */
export function constantPadEnds(type: string, args: Readonly<Record<string, unknown>> | undefined): number[] | undefined {
  const ends = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]).filter((_, i) => i % 2 === 1) : undefined);
  if (!args) return undefined;
  if (type === 'F.pad') return (args.mode ?? 'constant') === 'constant' ? ends(args.pad) : undefined;
  const module = /^(?:Zero|Constant)Pad([123])d$/.exec(type);
  if (!module) return undefined;
  return typeof args.padding === 'number' ? Array<number>(Number(module[1])).fill(args.padding) : ends(args.padding);
}

/** The layers whose stride-not-exact rule is told the input's end padding (EvalContext.inputEndPadding). */
export const readsEndPadding = (type: string): boolean => /^Conv[123]d$/.test(type);

/** Layers that work row by row: their output's padding rows come from the input's padding rows only. */
const ROW_BY_ROW = /^(?:ReLU6?|LeakyReLU|PReLU|ELU|SELU|CELU|GELU|SiLU|Mish|Hardswish|Hardsigmoid|Hardtanh|Sigmoid|Tanh|Identity|Dropout[123]?d?|BatchNorm[123]d)$/;

/** A layer whose output keeps its input's end padding: row by row, or a 1×1 convolution of stride 1 without padding. */
export function keepsEndPadding(type: string, args: Readonly<Record<string, unknown>> | undefined): boolean {
  if (ROW_BY_ROW.test(type)) return true;
  if (!readsEndPadding(type) || !args) return false;
  const ones = (v: unknown, d: number) => v === undefined ? d === 1 : Array.isArray(v) ? v.every((x) => x === d) : v === d;
  return ones(args.kernel_size, 1) && ones(args.stride, 1) && (ones(args.padding, 0) || args.padding === 'valid');
}

/** `to` given the element type `kind` (unless it has one already); a list or tuple of results, each. */
function setKind(v: PyValue, kind: Kind | undefined): void {
  if (!kind) return;
  if (v instanceof TensorValue) {
    if (!kinds.has(v)) kinds.set(v, kind);
  } else if (Array.isArray(v)) for (const x of v) setKind(x, kind);
}

/** The same tensor kept under a new value (a buffer registered, an attribute read back): its element type too. */
export function sameKind<T extends PyValue>(from: PyValue | undefined, to: T): T {
  if (from instanceof TensorValue) setKind(to, kinds.get(from));
  return to;
}

/** A dtype as an element type; uint8 is none of them here (an old-style mask when it indexes). */
function indexKind(v: PyValue | undefined): Kind | undefined {
  return v === 'torch.uint8' ? undefined : dtypeKind(v);
}

const bare = (type: string): string => type.slice(type.lastIndexOf('.') + 1);
/** Ops whose result has their (first) tensor's element type: layout, selection, copies, in-place fills. */
const KEEPS = new Set(['view', 'reshape', 'flatten', 'unflatten', 'permute', 'transpose', 'swapaxes', 'swapdims', 't', 'contiguous',
  'unsqueeze', 'squeeze', 'expand', 'expand_as', 'broadcast_to', 'repeat', 'repeat_interleave', 'tile', 'clone', 'detach', '__getitem__',
  'flip', 'fliplr', 'flipud', 'roll', 'narrow', 'unbind', 'split', 'chunk', 'tensor_split', 'cpu', 'cuda', 'movedim', 'moveaxis', 'triu',
  'tril', 'diagonal', 'diag', 'gather', 'index_select', 'take_along_dim', 'masked_fill', 'clamp', 'clip', 'abs', 'neg', 'ravel',
  'view_as', 'reshape_as', 'fill_', 'zero_', 'copy_', 'bitwise_not', 'amax', 'amin', 'pin_memory', 'requires_grad_', 'cumsum', 'sum', 'prod',
  'rearrange', 'pack', 'unpack']); // (einops' rearrange, pack and unpack, as its repeat: layout only)
/** Ops that give (values, indices): the values keep the type, the indices are int64. */
const WITH_INDICES = new Set(['max', 'min', 'sort', 'topk', 'kthvalue', 'median', 'mode', 'cummax', 'cummin']);
const GIVES_INT = new Set(['randint', 'randperm', 'argmax', 'argmin', 'argsort', 'nonzero', 'searchsorted', 'bucketize', 'multinomial',
  'count_nonzero', 'LongTensor', 'IntTensor', 'ShortTensor']);
const GIVES_BOOL = new Set(['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'isnan', 'isinf', 'isfinite', 'logical_not', 'logical_and', 'logical_or',
  'logical_xor', 'BoolTensor', 'isclose']);
const GIVES_FLOAT = new Set(['div', 'true_divide', 'rand', 'randn', 'rand_like', 'randn_like', 'linspace', 'logspace', 'FloatTensor',
  'DoubleTensor', 'HalfTensor', 'mean', 'softmax', 'log_softmax', 'sigmoid', 'tanh', 'exp', 'log', 'sqrt', 'rsqrt']);
/** Element-wise ops whose type is their operands' promoted: a Python int takes the tensor's, a Python float makes floats. */
const PROMOTES = new Set(['add', 'sub', 'mul', 'floor_divide', 'remainder', 'fmod', 'maximum', 'minimum', 'pow', 'where',
  'bitwise_and', 'bitwise_or', 'bitwise_xor', 'stack', 'cat', 'concat', 'concatenate', 'hstack', 'vstack', 'meshgrid']);
const LIKE = new Set(['zeros_like', 'ones_like', 'empty_like', 'full_like']);

/** The element type an operand brings: a tensor's (undefined when not known), a Python number's. */
function operandKinds(vs: readonly PyValue[], out: { tensors: (Kind | undefined)[]; scalars: Kind[] }, depth = 0): void {
  for (const v of vs) {
    if (v instanceof TensorValue) out.tensors.push(kinds.get(v));
    else if (typeof v === 'boolean') out.scalars.push('bool');
    else if (typeof v === 'number') out.scalars.push(Number.isInteger(v) ? 'int' : 'float');
    else if (Array.isArray(v) && depth === 0) operandKinds(v, out, 1); // torch.cat([a, b])
  }
}

/** Whole numbers in a nested list literal (torch.tensor([[0, 1], [1, 0]])): int; any float: float; else not known. */
function literalKind(v: PyValue | undefined, budget = { left: 10_000 }): Kind | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'bool';
  if (!Array.isArray(v) || v.length === 0 || (budget.left -= v.length) < 0) return undefined;
  let kind: Kind | undefined;
  for (const x of v) {
    const k = literalKind(x, budget);
    if (!k) return undefined;
    kind = kind ? promote(kind, k) : k;
  }
  return kind;
}

/**
 * The op's result with its element type, when that follows from the op and its operands (see above); otherwise
 * the result as it is. `type`: the registry's name of the op; `spelling`: as written (the casts x.long(), x.bool()).
 */
export function withKind(type: string, spelling: string, args: readonly PyValue[], kwargs: ReadonlyMap<string, PyValue>, out: PyValue): PyValue {
  if (!(out instanceof TensorValue) && !Array.isArray(out)) return out;
  const name = bare(type);
  const written = bare(spelling);
  const first = args[0] instanceof TensorValue ? kinds.get(args[0]) : undefined;
  const dtype = kwargs.get('dtype');
  if (dtype !== undefined && dtype !== null) {
    setKind(out, indexKind(dtype));
    return out;
  }
  if (spelling.startsWith('Tensor.') && Object.hasOwn(CASTS, written)) setKind(out, CASTS[written]);
  else if (written === 'byte' || written === 'char') return out;
  else if (name === 'to' || name === 'type' || name === 'type_as') {
    // x.to(torch.long), x.type(torch.long), x.to(other) / x.type_as(other); a device keeps the type
    const given = args.slice(1).find((a) => typeof a === 'string' && a.startsWith('torch.')) ?? args.slice(1).find((a) => a instanceof TensorValue);
    setKind(out, given instanceof TensorValue ? kinds.get(given) : given !== undefined ? indexKind(given) : first);
  } else if (GIVES_INT.has(name) || GIVES_INT.has(written)) setKind(out, 'int');
  else if (GIVES_BOOL.has(name) || GIVES_BOOL.has(written)) setKind(out, 'bool');
  else if (GIVES_FLOAT.has(name) || GIVES_FLOAT.has(written)) setKind(out, 'float');
  else if (name === 'arange') {
    const bounds = args.filter((a) => a !== undefined);
    setKind(out, bounds.length > 0 && bounds.every((a) => typeof a === 'number' && Number.isInteger(a)) ? 'int' : undefined);
  } else if (name === 'tensor') setKind(out, literalKind(args[0] ?? kwargs.get('data')));
  else if (LIKE.has(name)) setKind(out, first);
  else if (WITH_INDICES.has(name) && Array.isArray(out) && out.length === 2) {
    setKind(out[0], first);
    setKind(out[1], 'int');
  } else if (KEEPS.has(name)) {
    // a sum or cumulative sum of bools counts them
    setKind(out, first === 'bool' && (name === 'sum' || name === 'prod' || name === 'cumsum') ? 'int' : first);
  } else if (PROMOTES.has(name)) {
    const found = { tensors: [] as (Kind | undefined)[], scalars: [] as Kind[] };
    operandKinds(name === 'where' ? args.slice(1) : args, found);
    if (found.tensors.length === 0 || found.tensors.some((k) => k === undefined)) return out;
    let kind = (found.tensors as Kind[]).reduce(promote);
    // a Python float beside integer tensors makes floats; a Python int takes the tensors' type
    if (kind !== 'float' && found.scalars.includes('float')) kind = 'float';
    if (kind === 'bool' && name !== 'stack' && name !== 'cat' && name !== 'where' && name !== 'meshgrid' && !name.startsWith('bitwise')) return out;
    setKind(out, kind);
  }
  return out;
}
