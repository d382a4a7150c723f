// What the abstract interpreter computes with: Python values as far as they can be known statically.
// Numbers, strings, booleans, None and lists are plain JS values (the engine's Value); unknowns stay unknown;
// tensors carry only their shape and where it came from; modules are ModuleInstance objects.
import type { LayerCall, LayerOutcome, ParamTensor, Shape } from '../../engine';
import { evaluateLayer, findLayer, isExpr, isUnknown, unknown, type SymDim, type Unknown, type Value } from '../../engine';
import type { AnalysisDiagnostic, LayerDeclaration, TensorRef } from '../model';
import { callKey } from './callKeys';
import type { LineMap, Syntax } from '../syntax';

/**
 * A symbolic int (SymDim) is what `x.size(0)` or `h` in `b, c, h, w = x.shape` is when the input's sizes are free:
 * an expression of the symbolic algebra, computed with like an int (`c * h * w`, `h // 2`).
 */
export type PyValue =
  | number | boolean | string | null | Unknown | SymDim | PyValue[]
  | TensorValue | ModuleInstance | ClassValue | FunctionValue | QualName | DictValue | BoundMethod
  | ParamsValue | SuperValue | ObjectValue | PyModule | PartialValue | NamespaceValue | ArgParserValue | RegexValue | MatchValue
  | LibraryNames;

/** Where a tensor's shape was last changed: "flatten at line 23", with the dims a flatten merged (20·12·12). */
export interface ShapeOrigin {
  readonly what: string;
  /** 0-based line. */
  readonly line: number;
  readonly factors?: readonly (number | string)[];
}

let tensorCount = 0;

/** Which memory a tensor lives in, for the memory estimate: views and in-place ops share their input's. */
export interface Storage {
  readonly storage: number;
  /** Laid out contiguously (a transpose or an expand is not; copying ops make it so). */
  readonly contiguous: boolean;
}

export class TensorValue {
  /** One id per tensor value (a view is a new value); the receptive field follows values. */
  readonly id: number;
  readonly storage: number;
  readonly contiguous: boolean;
  /** How records refer to it (tensorRefs.ts refOf), made on first use. */
  ref?: TensorRef;
  /**
   * `param`: an nn.Parameter (counted as a parameter when assigned to a module attribute; 'frozen' with
   * requires_grad=False). `why`: for a tensor whose
   * shape is not known, the reason (said where the shape was lost). `owner`: a layer's own parameter or buffer
   * (`self.conv.weight`), so `requires_grad = False` on it freezes that tensor. `memory`: the storage it shares (a
   * view, an in-place result), and the value's id when this is the same value seen again (a new origin); a new
   * tensor by default.
   */
  constructor(readonly shape: Shape | undefined, readonly origin?: ShapeOrigin, readonly param: boolean | 'frozen' = false, readonly why?: string,
    readonly owner?: { readonly module: ModuleInstance; readonly name: string }, memory?: Storage & { readonly id?: number }) {
    this.id = memory?.id ?? ++tensorCount;
    this.storage = memory?.storage ?? this.id;
    this.contiguous = memory?.contiguous ?? true;
  }
}

/**
 * A Python module of the project (`import models`, `from . import blocks`): its top-level names, and its
 * submodules found on first use (`models.resnet`).
 */
export class PyModule {
  /** While the module's top level runs (an import cycle can reach it half filled): what waits for the rest. */
  private waiting: (() => void)[] | undefined;

  /** `missing`: what a name it does not define is (ShapeLens's copy of a library: a name it does not describe). */
  constructor(readonly name: string, readonly scope: Scope, readonly submodule: (name: string) => PyModule | undefined, private readonly missing?: (name: string) => PyValue) {}

  undefinedName(name: string): PyValue {
    return this.missing?.(name) ?? unknown(`${name} is not defined in ${this.name}`);
  }

  get running(): boolean {
    return this.waiting !== undefined;
  }

  /** Runs the module's top level with `run`; what was left waiting for it (afterRun) runs once it has. */
  runTopLevel(run: () => void): void {
    this.waiting = [];
    try {
      run();
    } finally {
      const waiting = this.waiting;
      this.waiting = undefined;
      for (const then of waiting) then();
    }
  }

  /** Does `then` once the module's top level has run: now, when it is not running. */
  afterRun(then: () => void): void {
    if (this.waiting) this.waiting.push(then);
    else then();
  }
}

/** A library name reached through imports: torch, torch.nn, torch.nn.Conv2d, collections.OrderedDict. */
export class QualName {
  constructor(readonly name: string) {}
}

/**
 * `torch.nn` + `Conv2d` → `torch.nn.Conv2d`, one string per pair: library calls and type questions look a name up in
 * tables (a weight-init loop asks for `nn.Conv2d` and `nn.init.constant_` per module), and a string met before
 * already carries its hash. Forgotten when it grows large.
 */
const qualified = new Map<string, Map<string, string>>();
const QUALIFIED_KEPT = 10_000;
export function qualify(parent: string, name: string): string {
  let row = qualified.get(parent);
  if (row === undefined) {
    if (qualified.size >= QUALIFIED_KEPT) qualified.clear();
    qualified.set(parent, (row = new Map()));
  }
  let full = row.get(name);
  if (full === undefined) row.set(name, (full = `${parent}.${name}`));
  return full;
}

/** A dict key: a string, number, bool or None, or a tuple of them (the one array the dict keeps for equal tuples). */
export type DictKey = string | number | boolean | null | PyValue[];

export class DictValue {
  /** The tuple keys met so far by their text (see keyFor); `indexed`: which of the entries' keys it has seen. */
  private tupleKeys?: Map<string, PyValue[]>;
  private indexed?: Set<DictKey>;

  /** `missing`: a collections.defaultdict's factory, called for a key read before it is set. */
  constructor(readonly entries: Map<DictKey, PyValue> = new Map(), readonly missing?: PyValue) {}

  /**
   * The key `v` is in this dict: a string, number, bool or None itself; a tuple of those (`(dx, dy)`, LeViT-style
   * attention offsets) the tuple of equal items the dict already holds, else `v` (a new key); undefined for a value
   * that cannot be a key known statically. Equal as Python hashes: True is 1. A tuple is found by its text in an
   * index of the keys, which takes in the keys added since it last looked (code may set `entries` directly): TinyViT's
   * offsets loop asks 38,416 times per 14×14 block, of a dict of up to 196 tuples.
   */
  keyFor(v: PyValue | undefined): DictKey | undefined {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    const text = tupleKeyText(v);
    if (text === undefined) return undefined;
    const known = this.tupleKeys?.get(text);
    if (known && this.entries.has(known)) return known;
    const keys = (this.tupleKeys ??= new Map());
    const indexed = (this.indexed ??= new Set());
    for (const k of this.entries.keys()) {
      if (!Array.isArray(k) || indexed.has(k)) continue;
      indexed.add(k);
      const t = tupleKeyText(k);
      if (t !== undefined) keys.set(t, k);
    }
    const found = keys.get(text);
    return found && this.entries.has(found) ? found : (v as PyValue[]);
  }
}

/**
 * A set (`{…}`, `set(…)`, a set comprehension): its distinct items, the first of equal ones kept. Plain values (a
 * number, string, bool, None, a tuple of them) are equal as Python hashes them (True is 1); anything else — a class, a
 * function, a layer, a tensor — is itself only, as Python hashes objects by identity. Unknown when an item is a value
 * not known statically (two of them may be equal). Followed as the list of them in the order first met: Python's
 * order (by hash, for strings different at each run) is not known statically, so only what does not depend on it is
 * exact (its length, `sorted(set(…))`, membership).
 */
export function setOf(items: readonly PyValue[]): PyValue {
  const plain = new DictValue();
  const objects = new Set<PyValue>();
  const out: PyValue[] = [];
  for (const v of items) {
    const k = plain.keyFor(v);
    if (k !== undefined) {
      if (plain.entries.has(k)) continue;
      plain.entries.set(k, v);
    } else {
      if (typeof v !== 'object' || v === null || isUnknownValue(v) || isExpr(v)) return unknown('a set of values not known statically');
      if (objects.has(v)) continue;
      objects.add(v);
    }
    out.push(v);
  }
  return out;
}

/** A tuple of known keys as text (nested tuples too), undefined for anything else. */
function tupleKeyText(v: PyValue | undefined): string | undefined {
  if (!Array.isArray(v) || sequenceKind(v) !== 'tuple') return undefined;
  const parts: string[] = [];
  for (const x of v) {
    if (typeof x === 'string') parts.push(JSON.stringify(x));
    else if (typeof x === 'number' || typeof x === 'boolean' || x === null) parts.push(String(x === null ? 'None' : Number(x)));
    else {
      const inner = tupleKeyText(x);
      if (inner === undefined) return undefined;
      parts.push(inner);
    }
  }
  return `(${parts.join(',')})`;
}

/** `obj.method` before it is called: list.append, tensor.view, module.parameters… */
export class BoundMethod {
  constructor(readonly self: PyValue, readonly name: string) {}
}

/** `module.parameters()` (or one parameter of it): the target of `p.requires_grad = False`. */
export class ParamsValue {
  constructor(readonly module: ModuleInstance, readonly tensor?: string) {}
}

export class SuperValue {
  constructor(readonly self: ModuleInstance | ObjectValue, readonly from: ClassValue) {}
}

/** A user function or method; `self` is bound for methods fetched from an instance. */
/**
 * A user function, method or lambda; `self` is bound for methods fetched from an instance (a @classmethod binds the
 * class, a @staticmethod nothing: `binding` says which).
 */
export class FunctionValue {
  constructor(readonly name: string, readonly node: Syntax, readonly closure: Scope, readonly self?: PyValue,
    readonly owner?: ClassValue, readonly binding: 'method' | 'static' | 'class' | 'property' = 'method') {}
}

/** functools.partial(f, *args, **kwargs): calling it calls f with these first. */
export class PartialValue {
  constructor(readonly callee: PyValue, readonly args: readonly PyValue[], readonly kwargs: ReadonlyMap<string, PyValue>) {}
}

/**
 * An object with plain attributes: argparse's Namespace, types.SimpleNamespace(**kw); with `tuple` set, a
 * collections.namedtuple instance, which is also the tuple of its fields in order (index, iterate, unpack).
 */
export class NamespaceValue {
  constructor(readonly attrs: Map<string, PyValue> = new Map(), readonly origin = 'SimpleNamespace', readonly tuple = false) {}
}

/** argparse.ArgumentParser: the options added so far, each with the default parse_args() gives without arguments. */
export class ArgParserValue {
  readonly defaults = new Map<string, PyValue>();
}

/**
 * dir(torch.nn.functional): the names a library module has. ShapeLens knows some of them (the ops it has rules for),
 * so `'silu' in dir(F)` is True for those and not known for the others.
 */
export class LibraryNames {
  constructor(readonly module: string) {}
}

/** re.compile(pattern): the pattern, translated to JavaScript's syntax (see library/re.ts). */
export class RegexValue {
  constructor(readonly source: string, readonly regex: RegExp) {}
}

/** The result of re.match/search/fullmatch: the whole match and its groups (None where a group did not take part). */
export class MatchValue {
  constructor(readonly groups: readonly (string | null)[], readonly named: ReadonlyMap<string, string | null>,
    readonly start: number) {}
}

export class ClassValue {
  /** Class attributes and methods, evaluated on first use. */
  attrs?: Map<string, PyValue>;
  bases?: PyValue[];
  constructor(readonly name: string, readonly node: Syntax, readonly closure: Scope) {}
}

/** An instance of a user class that is not an nn.Module (a config object…). */
export class ObjectValue {
  readonly attrs = new Map<string, PyValue>();
  constructor(readonly cls: ClassValue) {}
}

export type ModuleKind = 'layer' | 'user' | 'sequential' | 'modulelist' | 'moduledict' | 'unsupported';

/** Where a layer's constructor arguments are written, for quick fixes. */
export interface ArgNodes {
  readonly call: Syntax;
  readonly positional: readonly Syntax[];
  readonly keyword: Readonly<Record<string, Syntax>>;
}

/** An nn.Module instance built while interpreting __init__ (or a Sequential/ModuleList/…). */
/**
 * Evaluations of layers without an input (their parameters, argument errors), shared by identical calls: the same
 * layer is declared in many blocks and many models of a file. Outcomes are read-only. Dropped when it grows large.
 */
const declarations = new Map<string, LayerOutcome>();
const DECLARATIONS_KEPT = 20_000;

/**
 * The same, by the call itself: the copies of a kept build (buildCache.ts) share their layers' calls, and a weight-init
 * loop asks each copy's outcome (`m.weight`) on every build. One entry per strictness.
 */
const byCall = [new WeakMap<LayerCall, LayerOutcome>(), new WeakMap<LayerCall, LayerOutcome>()];

function declarationOutcome(call: LayerCall, strict: boolean): LayerOutcome {
  const mine = byCall[strict ? 1 : 0];
  let outcome = mine.get(call);
  if (outcome === undefined) mine.set(call, (outcome = evaluateDeclaration(call, strict)));
  return outcome;
}

function evaluateDeclaration(call: LayerCall, strict: boolean): LayerOutcome {
  const base = callKey(call, true);
  if (base === null) return evaluateLayer(call, undefined, { strict });
  const key = `${strict ? 1 : 0}|${base}`;
  let outcome = declarations.get(key);
  if (outcome === undefined) {
    if (declarations.size >= DECLARATIONS_KEPT) declarations.clear();
    declarations.set(key, (outcome = evaluateLayer(call, undefined, { strict })));
  }
  return outcome;
}

/**
 * A module's attributes. A forward may set some (`self.rel_indices = …` computed for the input's length), and each run
 * of a model starts from the model as built: after `keep()`, the first change saves the entries as they were, and
 * `restore()` puts them back. A module nobody writes to in forward() (nearly all) is never copied.
 */
export class AttrMap extends Map<string, PyValue> {
  private kept = false;
  private saved?: [string, PyValue][];
  /** The entries now are the ones `restore()` gives back. */
  keep(): void {
    this.kept = true;
    this.saved = undefined;
  }
  restore(): void {
    if (!this.saved) return;
    super.clear();
    for (const [k, v] of this.saved) super.set(k, v);
    this.saved = undefined;
  }
  private changing(): void {
    if (this.kept && !this.saved) this.saved = [...this];
  }
  override set(k: string, v: PyValue): this {
    this.changing();
    return super.set(k, v);
  }
  override delete(k: string): boolean {
    this.changing();
    return super.delete(k);
  }
  override clear(): void {
    this.changing();
    super.clear();
  }
}

const NO_NAMES: ReadonlySet<string> = new Set();
const NO_TIES: ReadonlyMap<string, ParamsValue> = new Map();

export class ModuleInstance {
  readonly children = new Map<string, ModuleInstance>();
  readonly attrs = new AttrMap();
  /** nn.Parameter attributes of a user module. */
  readonly ownParams: ParamTensor[] = [];
  /** The layer's constructor call for the engine (kind 'layer'). */
  call?: LayerCall;
  /** Evaluation without input (parameters, argument errors), computed on first use: a layer that runs fine in
   *  forward() never needs it, which halves the engine calls of a full analysis. */
  private decl?: LayerOutcome | null;
  get declOutcome(): LayerOutcome | undefined {
    if (this.decl === undefined) this.decl = this.call && findLayer(this.call.type) ? declarationOutcome(this.call, this.strict) : null;
    return this.decl ?? undefined;
  }
  set declOutcome(o: LayerOutcome | undefined) {
    this.decl = o ?? null;
  }
  /**
   * A copy of `m` (same call, same strictness): how records name it and show its declaration hold for this one too
   * (its declaration's outcome is found by the shared call, declarationOutcome).
   */
  declaredAs(m: ModuleInstance): void {
    this.names = m.names;
    this.declared = m.declared;
  }
  strict = false;
  /** The status of the last forward call (declaration errors are only looked for when it was not 'ok'). */
  callStatus?: LayerOutcome['status'];
  /** Parameters learnt from the first call (Lazy layers). */
  calledParams?: readonly ParamTensor[];
  args?: ArgNodes;
  /** The constructor expression (for a Sequential entry, where its call happens). */
  declNode?: Syntax;
  /** The `self.name = …` statement that first made it an attribute of its parent: where the editor shows it. */
  siteNode?: Syntax;
  frozen = false;
  // made on the first write: most modules freeze and tie nothing, and a model has thousands of modules
  private frozenNames?: Set<string>;
  private ties?: Map<string, ParamsValue>;
  /** Its tensors set to requires_grad = False one by one, by name. */
  get frozenTensors(): ReadonlySet<string> {
    return this.frozenNames ?? NO_NAMES;
  }
  freezeTensor(name: string): void {
    (this.frozenNames ??= new Set()).add(name);
  }
  /** Parameters that are another module's (weight tying: `self.head.weight = self.tok_emb.weight`), by name. */
  get tiedParams(): ReadonlyMap<string, ParamsValue> {
    return this.ties ?? NO_TIES;
  }
  tieParam(name: string, to: ParamsValue): void {
    (this.ties ??= new Map()).set(name, to);
  }
  /** A container entry that is not a module ShapeLens could build (kind 'unsupported'): why it is not known. */
  opaque?: string;
  /** A container built from a value not known statically (nn.ModuleList(blocks)): why its contents are unknown. */
  unknownContents?: string;
  /**
   * The input size its constructor was given (`img_size=224`, `image_size=(256, 128)`, the default included): the
   * size the model is meant for, evidence for its input when nothing else in the project gives one.
   */
  statedInputSize?: { readonly sizes: readonly number[]; readonly channels?: number; readonly detail: string };
  /** An nn.Parameter attribute whose shape is not known statically: its name and why (it is not counted). */
  uncountedParam?: { readonly name: string; readonly why: string };
  /** What building it said (code its __init__ could not follow), for the model it becomes. */
  buildSkips?: readonly AnalysisDiagnostic[];
  /** nn.ParameterList / nn.ParameterDict: the parameters it holds, by name ('0', '1'… for a list). */
  paramItems?: Map<string, PyValue>;
  /** The factory function that returned it (`resnet18`), for input-shape observations. */
  createdBy?: string;
  /** Attribute path, set when the model tree is complete. */
  path?: string;
  /** How records and constraints name it, for the path they were worked out for (moduleCalls.ts). */
  names?: { readonly path: string | undefined; readonly what: string; label?: string };
  /** Its declaration as records show it, for the lines and path it was worked out for (trace.ts declarationOf). */
  declared?: { readonly lines: LineMap; readonly path: string | undefined; readonly frozen: boolean; readonly site: Syntax | undefined; readonly d: LayerDeclaration };
  constructor(readonly kind: ModuleKind, readonly type: string, readonly cls?: ClassValue) {}
  get isLeaf(): boolean {
    return this.children.size === 0;
  }
}

export class Scope {
  readonly vars = new Map<string, PyValue>();
  constructor(readonly parent?: Scope) {}
  lookup(name: string): PyValue | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

export { isUnknown, unknown };

export const isUnknownValue = (v: PyValue | undefined): v is Unknown =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (v as Unknown).unknown === true;

/** Converts an interpreter value to the engine's Value (anything the engine cannot take becomes unknown). */
export function toEngineValue(v: PyValue): Value {
  if (v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || isExpr(v)) return v;
  if (Array.isArray(v)) return v.map(toEngineValue);
  if (isUnknownValue(v)) return v;
  if (v instanceof TensorValue) return unknown('a tensor');
  return unknown(`a ${describe(v)}`);
}

export function describe(v: PyValue): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return 'list';
  if (typeof v !== 'object') return typeof v;
  if (isUnknownValue(v)) return 'unknown value';
  if (isExpr(v)) return 'int';
  if (v instanceof ModuleInstance) return `${v.type} module`;
  if (v instanceof TensorValue) return 'tensor';
  if (v instanceof QualName) return v.name;
  if (v instanceof ObjectValue) return `${v.cls.name} object`;
  if (v instanceof ClassValue) return `class ${v.name}`;
  if (v instanceof FunctionValue) return `function ${v.name}`;
  if (v instanceof DictValue) return 'dict';
  if (v instanceof NamespaceValue || v instanceof ArgParserValue) return 'namespace';
  if (v instanceof PartialValue) return 'functools.partial';
  if (v instanceof PyModule) return `module ${v.name}`;
  if (v instanceof RegexValue || v instanceof MatchValue) return 're object';
  return 'method';
}

export const isTensor = (v: PyValue | undefined): v is TensorValue => v instanceof TensorValue;
export const isModule = (v: PyValue | undefined): v is ModuleInstance => v instanceof ModuleInstance;
export type { Value, Unknown };
export const isEngineUnknown = (v: Value): boolean => isUnknown(v);

/**
 * Python lists and tuples are both JavaScript arrays; where the code made one (a literal, list(), tuple(), a list
 * comprehension, a slice or a sum of them) its kind is kept here, so isinstance(k, list) is decided for a tuple
 * literal `(1, 7)` and left undecided, never guessed, for an array whose kind was not seen.
 */
const SEQUENCE_KINDS = new WeakMap<readonly PyValue[], 'list' | 'tuple'>();
export function markSequence<T extends PyValue[]>(items: T, kind: 'list' | 'tuple'): T {
  SEQUENCE_KINDS.set(items, kind);
  return items;
}
export const sequenceKind = (items: readonly PyValue[]): 'list' | 'tuple' | undefined => SEQUENCE_KINDS.get(items);
