// Constructor and call arguments as the analysis hands them over, and their binding to a PyTorch signature
// (same positional order, keyword names and defaults as torch).
import { fail, UnknownValueError } from './diagnostic';
import { format, isExpr, type Expr } from './symbolic';

/** A value the analysis could not know statically; never guessed. */
export interface Unknown {
  readonly unknown: true;
  readonly why: string;
  /** A number whose value is not known (an item of a numeric table left uncomputed): its shape is still (). */
  readonly scalar?: true;
  /**
   * A tensor given where a value goes, with its shape when that is known and its elements whole numbers (an index
   * tensor: `table[idx]`, `biases[:, idxs]`). Only the rules that read index tensors look at it.
   */
  readonly indices?: readonly (number | object)[];
}
/** A symbolic size (an Expr, `x.size(0)` of a symbolic input) is a value too: an int only the input decides. */
export type Value = number | boolean | string | null | Unknown | Expr | Value[];

export const unknown = (why: string): Unknown => ({ unknown: true, why });
export const unknownNumber = (why: string): Unknown => ({ unknown: true, why, scalar: true });
export const isUnknown = (v: Value | undefined): v is Unknown =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (v as Unknown).unknown === true;

/** A rule that does not take symbolic sizes in this argument reads one as a value not known statically. */
const symbolicUnknown = (name: string, e: Expr): UnknownValueError => new UnknownValueError(`${name} is the symbolic size ${format(e)}`);

/** Symbolic sizes anywhere in a value made unknown (for rules that do not read them). */
export function withoutSymbolic(v: Value, lists?: Map<readonly Value[], Value>): Value {
  if (isExpr(v)) return unknown(`the symbolic size ${format(v)}`);
  if (Array.isArray(v)) {
    if (!v.some((x) => isExpr(x) || Array.isArray(x))) return v;
    // a list seen again (one row standing for every row of a long table) converts once
    const seen = lists ?? new Map<readonly Value[], Value>();
    let out = seen.get(v);
    if (!out) seen.set(v, (out = v.map((x) => withoutSymbolic(x, seen))));
    return out;
  }
  return v;
}

export interface ArgSpec {
  readonly name: string;
  /** Absent = required. */
  readonly default?: Value;
  /** Keyword-only in PyTorch (after `*`). */
  readonly keywordOnly?: boolean;
  /**
   * A tensor argument of a function or method (`input`, `weight`, torch.cat's `tensors`): 'one' must be a tensor (a
   * Python number stands for a 0-d tensor), 'optional' may be None (F.linear's bias), 'list' is a sequence of them.
   */
  readonly tensor?: 'one' | 'optional' | 'list';
}

/** A tensor handed to an op, by its shape (undefined: not known statically). */
export class TensorArg {
  /** `integral`: its elements are known to be whole numbers (int64, int32…), as an index tensor's are. */
  constructor(readonly shape: readonly (number | object)[] | undefined, readonly integral = false) {}
}

/** What a call passes: plain values, or tensors. */
export type Arg = Value | TensorArg | Arg[];

export type Args = Readonly<Record<string, Value>>;

/**
 * Binds positional and keyword arguments to a signature, as Python would, or raises PyTorch's TypeError.
 * `varargs` names the entry that collects the remaining positional values (Python's `*shape`, see LayerDef);
 * `anyKeywords` accepts and drops keywords outside the signature (Python's `**kwargs`); `kwargs` names the entry that
 * collects them instead, as a list of [name, value] pairs (einops' `**axes_lengths`: h=8 → [['h', 8]]).
 */
export function bindArgs<T extends Arg = Value>(owner: string, signature: readonly ArgSpec[], positional: readonly T[],
  keyword: Readonly<Record<string, T>>, varargs?: string, anyKeywords = false, kwargs?: string): Record<string, T> {
  if (kwargs !== undefined) keyword = collectKwargs(owner, signature, keyword, kwargs);
  if (anyKeywords && !allIn(signature, keyword)) keyword = Object.fromEntries(Object.entries(keyword).filter(([k]) => signature.some((s) => s.name === k)));
  const bound: Record<string, T> = {};
  const collector = varargs === undefined ? undefined : varargsForm(signature, varargs);
  if (collector) {
    // Entries before the collector bind one by one; the collector takes the rest; later entries are keyword-only.
    const head = positional.slice(0, collector.before);
    const rest = positional.slice(collector.before);
    if (rest.length > 0 && (varargs as string) in keyword) fail('bad-arguments', `${owner}() got multiple values for argument '${varargs}'`);
    return bindArgs<T>(owner, collector.signature, head, rest.length > 0 ? { ...keyword, [varargs as string]: collectVarargs(rest) } : keyword);
  }
  const positionalSpecs = signature.filter((s) => !s.keywordOnly);
  if (positional.length > positionalSpecs.length) {
    fail('bad-arguments', `${owner}() takes ${positionalSpecs.length} positional arguments but ${positional.length} were given`);
  }
  positional.forEach((v, i) => (bound[positionalSpecs[i].name] = v));
  for (const [k, v] of Object.entries(keyword)) {
    if (!signature.some((s) => s.name === k)) fail('bad-arguments', `${owner}() got an unexpected keyword argument '${k}'`);
    if (k in bound) fail('bad-arguments', `${owner}() got multiple values for argument '${k}'`);
    bound[k] = v;
  }
  for (const s of signature) {
    if (s.name in bound) continue;
    if (!('default' in s)) fail('bad-arguments', `${owner}() missing required argument '${s.name}'`);
    bound[s.name] = s.default as T;
  }
  return bound;
}

/** Every keyword is a name of the signature (nothing for `anyKeywords` to leave out). */
function allIn(signature: readonly ArgSpec[], keyword: Readonly<Record<string, unknown>>): boolean {
  for (const k in keyword) if (!signature.some((s) => s.name === k)) return false;
  return true;
}

/** A signature with a `*args` collector: how many entries bind positionally before it, and the signature as bound after. */
interface VarargsForm {
  readonly before: number;
  /** The entries before the collector as they are, the collector and every later entry keyword-only. */
  readonly signature: readonly ArgSpec[];
}

/**
 * The `*args` form of a signature, worked out once per signature (an op's signature is one array: every call of
 * x.view(*shape) or of an initialiser taking *args binds through the same form); null without that collector.
 */
const varargsForms = new WeakMap<readonly ArgSpec[], Map<string, VarargsForm | null>>();
function varargsForm(signature: readonly ArgSpec[], varargs: string): VarargsForm | null {
  let forms = varargsForms.get(signature);
  if (!forms) varargsForms.set(signature, (forms = new Map()));
  let form = forms.get(varargs);
  if (form === undefined) {
    const at = signature.findIndex((s) => s.name === varargs);
    form = at < 0 ? null : {
      before: signature.slice(0, at).filter((s) => !s.keywordOnly).length,
      signature: [...signature.slice(0, at), ...signature.slice(at).map((s) => ({ ...s, keywordOnly: true }))],
    };
    forms.set(varargs, form);
  }
  return form;
}

/**
 * `**kwargs` into its signature entry: the keywords outside the signature become [name, value] pairs in call order
 * (a Value has no dict). The entry itself is bound by name when a call is bound a second time (registry.evaluateLayer).
 */
function collectKwargs<T extends Arg>(owner: string, signature: readonly ArgSpec[], keyword: Readonly<Record<string, T>>,
  kwargs: string): Readonly<Record<string, T>> {
  const named: Record<string, T> = {};
  const extra: [string, T][] = [];
  for (const [k, v] of Object.entries(keyword)) {
    if (signature.some((s) => s.name === k)) named[k] = v;
    else extra.push([k, v]);
  }
  if (extra.length === 0) return keyword;
  if (kwargs in named) fail('bad-arguments', `${owner}() got multiple values for argument '${kwargs}'`);
  return { ...named, [kwargs]: extra as unknown as T };
}

/** `*shape` from its positional values: one tuple (or an unknown) stands for the whole list, else the values form it. */
function collectVarargs<T extends Arg>(values: readonly T[]): T {
  if (values.length === 1 && (Array.isArray(values[0]) || isUnknown(values[0] as Value))) return values[0];
  return [...values] as unknown as T;
}

// Readers: each raises UnknownValueError for an unknown value (the outcome becomes "unknown", not an error)
// and PyTorch's complaint for a value of the wrong kind.

export function num(a: Args, name: string): number {
  const v = a[name];
  if (isUnknown(v)) throw new UnknownValueError(`${name}: ${v.why}`);
  if (isExpr(v)) throw symbolicUnknown(name, v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail('bad-arguments', `${name} must be a number, got ${show(v)}`);
  return v;
}

export function int(a: Args, name: string): number {
  const v = num(a, name);
  if (!Number.isInteger(v)) fail('bad-arguments', `${name} must be an integer, got ${v}`);
  if (Math.abs(v) > 2 ** 40) fail('absurd-value', `${name} = ${v} is beyond any real layer`);
  return v;
}

export function optInt(a: Args, name: string): number | null {
  return a[name] === null ? null : int(a, name);
}

export function bool(a: Args, name: string): boolean {
  const v = a[name];
  if (isUnknown(v)) throw new UnknownValueError(`${name}: ${v.why}`);
  if (isExpr(v)) throw symbolicUnknown(name, v);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return fail('bad-arguments', `${name} must be True or False, got ${show(v)}`);
}

export function str(a: Args, name: string): string {
  const v = a[name];
  if (isUnknown(v)) throw new UnknownValueError(`${name}: ${v.why}`);
  if (typeof v !== 'string') return fail('bad-arguments', `${name} must be a string, got ${show(v)}`);
  return v;
}

/** PyTorch's _ntuple: an int is repeated n times, a tuple must have n entries. */
export function ntuple(a: Args, name: string, n: number): number[] {
  const v = a[name];
  if (isUnknown(v)) throw new UnknownValueError(`${name}: ${v.why}`);
  if (Array.isArray(v)) {
    if (v.length === 1 && n > 1) return Array(n).fill(int({ [name]: v[0] }, name));
    if (v.length !== n) fail('bad-arguments', `${name} must have ${n} entries, got ${v.length} (${show(v)})`);
    return v.map((x) => int({ [name]: x }, name));
  }
  return Array(n).fill(int(a, name));
}

/** Like ntuple, but entries may be None (adaptive pooling's output_size). */
export function ntupleOrNone(a: Args, name: string, n: number): (number | null)[] {
  const v = a[name];
  if (isUnknown(v)) throw new UnknownValueError(`${name}: ${v.why}`);
  if (Array.isArray(v)) {
    if (v.length !== n) fail('bad-arguments', `${name} must have ${n} entries, got ${v.length} (${show(v)})`);
    return v.map((x) => (x === null ? null : int({ [name]: x }, name)));
  }
  if (v === null) return Array(n).fill(null);
  return Array(n).fill(int(a, name));
}

/** A list of ints (normalized_shape, view sizes): an int is a one-entry list. */
export function intList(a: Args, name: string): number[] {
  const v = a[name];
  if (isUnknown(v)) throw new UnknownValueError(`${name}: ${v.why}`);
  if (Array.isArray(v)) return v.map((x) => int({ [name]: x }, name));
  return [int(a, name)];
}

/** A size that may be symbolic (for rules listed in symbolicArgs): an int or an expression. */
export function dimArg(a: Args, name: string): number | Expr {
  const v = a[name];
  return isExpr(v) ? v : int(a, name);
}

/** A list of sizes that may be symbolic (view's shape with b = x.size(0)): an int or a size is a one-entry list. */
export function dimList(a: Args, name: string): (number | Expr)[] {
  const v = a[name];
  if (isUnknown(v)) throw new UnknownValueError(`${name}: ${v.why}`);
  if (Array.isArray(v)) return v.map((x) => dimArg({ [name]: x }, name));
  return [dimArg(a, name)];
}

export function show(v: Arg | undefined): string {
  if (v === undefined) return 'nothing';
  if (v instanceof TensorArg) return 'a tensor';
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `(${(v as Arg[]).map(show).join(', ')}${v.length === 1 ? ',' : ''})`;
  if (isUnknown(v)) return '?';
  if (isExpr(v)) return format(v);
  return String(v);
}
