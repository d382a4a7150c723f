// Calls: evaluating the arguments (with *args and **kwargs), dispatching on what is called (a user function or
// class, a module, a library name, a method), binding a user function's parameters, building instances. In
// forward(), a call that takes a tensor of known shape and gives nothing known back is said once, where it happens.
import { unknown } from '../../engine';
import { field, namedChildren, perNode, textOf, type Syntax } from '../syntax';
import type { Evaluator, Frame } from './evaluator';
import { BudgetExceeded } from './evaluator';
import { sayShapeLost } from './diagnostics';
import { callLibrary } from './library/index';
import { argParserMethod } from './library/stdlib';
import { namedtupleMethod } from './library/collections';
import { fillContainer, moduleMethod } from './containers';
import { dictMethod, listMethod, strMethod } from './library/pytypes';
import { matchMethod, regexMethod } from './library/re';
import { enumKind, enumLookup } from './enums';
import { AUTOGRAD_CONTEXT, layerBase } from './members';
import { callContainer, callLayerOf, callModule } from './moduleCalls';
import { argNodes, freeze, setLayerCall } from './modules';
import { tensorMethod } from './ops';
import { parameter, paramName } from './semantics';
import {
  ArgParserValue, BoundMethod, ClassValue, describe, DictValue, FunctionValue, isUnknownValue, ModuleInstance, NamespaceValue, ObjectValue, ParamsValue, PartialValue,
  MatchValue, QualName, RegexValue, Scope, SuperValue, TensorValue, type PyValue,
} from './values';

const MAX_DEPTH = 48;

/**
 * The keyword arguments of a call that passes none: one shared map, since most calls pass no keywords and nothing
 * changes a call's keyword map once it is built (a callee that keeps them copies them).
 */
const NO_KEYWORDS: Map<string, PyValue> = new Map();

export function evalCall(ev: Evaluator, node: Syntax, frame: Frame): PyValue {
  const callee = ev.eval(field(node, 'function')!, frame);
  const argsNode = field(node, 'arguments');
  const positional: PyValue[] = [];
  // (no closure for the keyword map made on first use: this runs for every call the interpreter meets)
  let keyword = NO_KEYWORDS;
  if (argsNode?.type === 'generator_expression') positional.push(ev.eval(argsNode, frame));
  else if (argsNode) {
    for (const a of namedChildren(argsNode)) {
      if (a.type === 'keyword_argument') {
        const name = textOf(field(a, 'name')!);
        if (keyword === NO_KEYWORDS) keyword = new Map();
        keyword.set(name, ev.eval(field(a, 'value')!, frame));
      } else if (a.type === 'list_splat') {
        const items = ev.iterate(ev.eval(namedChildren(a)[0], frame));
        if (!items) return unknown('called with *arguments of unknown length');
        positional.push(...items);
      } else if (a.type === 'dictionary_splat') {
        const d = ev.eval(namedChildren(a)[0], frame);
        if (!(d instanceof DictValue)) return unknown('called with **arguments not known statically');
        if (keyword === NO_KEYWORDS) keyword = new Map();
        for (const [k, v] of d.entries) keyword.set(String(k), v);
      } else positional.push(ev.eval(a, frame));
    }
  }
  return ev.call(callee, positional, keyword, node, frame);
}

export function call(ev: Evaluator, callee: PyValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax, frame: Frame): PyValue {
  const entered = ev.enterSite(node);
  try {
    return followCall(ev, callee, args, kwargs, node, frame);
  } finally {
    if (entered) ev.exitSite();
  }
}

function followCall(ev: Evaluator, callee: PyValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax, frame: Frame): PyValue {
  const trace = ev.trace;
  if (!trace) return dispatch(ev, callee, args, kwargs, node, frame);
  const reported = trace.reports;
  const result = dispatch(ev, callee, args, kwargs, node, frame);
  // In forward(): a call that takes a tensor of known shape and gives back nothing known loses the shape. Unless
  // something inside already said why, it is said here, once, and the cost totals become a lower bound.
  if (trace === ev.trace && trace.reports === reported && losesShape(callee, args, kwargs, result) && !ev.isSaid(result) && !ev.isSaid(callee)) {
    sayShapeLost(ev, node, result, lostWhy(result) ?? (isUnknownValue(callee) ? callee.why : 'its result is not known statically'));
  }
  return result;
}

function dispatch(ev: Evaluator, callee: PyValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax, frame: Frame): PyValue {
  if (callee instanceof FunctionValue) {
    const result = ev.callFunction(callee, args, kwargs, node);
    // remember the factory, so a tensor passed to its model also tells the factory's input
    if (result instanceof ModuleInstance && !result.createdBy && callee.self === undefined && callee.closure === ev.file.globals) result.createdBy = callee.name;
    return result;
  }
  if (callee instanceof ClassValue) return ev.instantiate(callee, args, kwargs, node);
  if (callee instanceof ModuleInstance) return callModule(ev, callee, args, kwargs, node);
  if (callee instanceof QualName) return callLibrary(ev, callee.name, args, kwargs, node, frame);
  if (callee instanceof BoundMethod) return callMethod(ev, callee, args, kwargs, node, frame);
  if (callee instanceof PartialValue) return ev.call(callee.callee, [...callee.args, ...args], new Map([...callee.kwargs, ...kwargs]), node, frame);
  if (callee instanceof ObjectValue) {
    // an object whose class defines __call__ (a block builder: `builder(stem_size, block_args)`)
    const method = ev.classAttribute(callee.cls, '__call__');
    if (method instanceof FunctionValue) return ev.callFunction(new FunctionValue(method.name, method.node, method.closure, callee, method.owner), args, kwargs, node);
  }
  if (isUnknownValue(callee)) return unknown(callee.why);
  return unknown(`${describe(callee)} is not callable`);
}

/** Whether a function's own body yields (not a function or class nested in it). */
const isGenerator = perNode((def: Syntax): boolean => {
  const visit = (n: Syntax): boolean => n.type === 'yield'
    || (n.type !== 'function_definition' && n.type !== 'lambda' && n.type !== 'class_definition' && n.children.some(visit));
  const body = field(def, 'body');
  return body ? visit(body) : false;
});

/** The keyword arguments taken so far when none were passed: never added to (only a passed keyword is taken). */
const NO_NAMES: Set<string> = new Set();

/** A parameter list's parameters (defaults and annotations looked through), read once per definition. */
const parametersOf = perNode((params: Syntax): readonly Syntax[] => namedChildren(params).map(parameter));

/** Binds a user function's parameters as Python would (defaults, *args, **kwargs, keyword-only) and runs its body. */
export function callFunction(ev: Evaluator, fn: FunctionValue, args: PyValue[], kwargs: Map<string, PyValue>, top: boolean, depth: { n: number }): PyValue {
  if (depth.n >= MAX_DEPTH) throw new BudgetExceeded('calls nest too deeply (recursion?)');
  depth.n++;
  try {
    const scope = new Scope(fn.closure);
    // a generator function (its body yields): calling it runs it to the end and gives the items it yields
    const yielded = fn.node.type !== 'lambda' && isGenerator(fn.node) ? { items: [] as PyValue[] } as NonNullable<Frame['yielded']> : undefined;
    const frame: Frame = { scope, self: fn.self as ModuleInstance | ObjectValue | undefined, cls: fn.owner, top, yielded };
    const params = field(fn.node, 'parameters');
    const all = fn.self !== undefined ? [fn.self, ...args] : args;
    // the keyword arguments bound to named parameters so far (the rest go to **kwargs)
    const taken = kwargs.size > 0 ? new Set<string>() : NO_NAMES;
    let rest = kwargs;
    let i = 0;
    for (const p of params ? parametersOf(params) : []) {
      const name = paramName(p);
      if (p.type === 'list_splat_pattern') {
        if (name) scope.vars.set(name, all.slice(i));
        i = all.length;
        continue;
      }
      if (p.type === 'dictionary_splat_pattern') {
        const d = new DictValue();
        for (const [k, v] of rest) if (!taken.has(k)) d.entries.set(k, v);
        if (name) scope.vars.set(name, d);
        rest = new Map();
        continue;
      }
      if (p.type === 'keyword_separator' || p.type === 'positional_separator' || !name) continue;
      if (i < all.length) scope.vars.set(name, all[i++]);
      else if (rest.has(name) && !taken.has(name)) {
        scope.vars.set(name, rest.get(name)!);
        taken.add(name);
      } else {
        const def = field(p, 'value');
        scope.vars.set(name, def ? ev.eval(def, { scope: fn.closure }) : unknown(`the argument ${name} is not given`));
      }
    }
    if (fn.name === '__init__' && fn.self instanceof ModuleInstance && !fn.self.statedInputSize) noteInputSize(fn.self, scope);
    // A lambda's body is one expression, its value the result.
    if (fn.node.type === 'lambda') return ev.eval(field(fn.node, 'body')!, frame);
    const signal = ev.execBlock(field(fn.node, 'body'), frame);
    if (yielded) return yielded.lost ? unknown(`the items of ${fn.name}() are not known statically: ${yielded.lost}`) : yielded.items;
    return signal === 'return' ? frame.returned ?? null : null;
  } finally {
    depth.n--;
  }
}

/** The constructor arguments that name the input size a model is built for (timm's, vit-pytorch's; SSD's `size`). */
const INPUT_SIZE_NAMES = ['img_size', 'image_size', 'size'];
/** …and its channels, beside it (timm's `in_chans`, vit-pytorch's `channels`). */
const INPUT_CHANNEL_NAMES = ['in_chans', 'channels', 'in_channels', 'num_channels'];

/** `img_size=224` / `image_size=(256, 128)` as __init__ was called (its default included): kept on the module. */
function noteInputSize(self: ModuleInstance, scope: Scope): void {
  for (const name of INPUT_SIZE_NAMES) {
    const v = scope.vars.get(name);
    const sizes = typeof v === 'number' ? [v, v] : Array.isArray(v) ? v : undefined;
    if (!sizes || sizes.length < 1 || sizes.length > 3 || !sizes.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0)) continue;
    const shown = typeof v === 'number' ? String(v) : `(${sizes.join(', ')})`;
    const channelsName = INPUT_CHANNEL_NAMES.find((n) => { const c = scope.vars.get(n); return typeof c === 'number' && Number.isInteger(c) && c > 0; });
    const channels = channelsName ? scope.vars.get(channelsName) as number : undefined;
    self.statedInputSize = { sizes: sizes as number[], ...(channels ? { channels } : {}),
      detail: `from ${name}=${shown}${channels ? ` and ${channelsName}=${channels}` : ''} in ${self.type}(…)` };
    return;
  }
}

/** Calls a user class: builds an nn.Module instance (its __init__ run with the call's arguments) or an object. */
export function instantiate(ev: Evaluator, cls: ClassValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax | undefined): PyValue {
  // a block built before with the same code and arguments (buildCache.ts): a copy of that build
  // (a class without its own __init__ fills itself from the call's place: not kept; nor is anything once the run has
  // changed a class attribute, which a build may read without naming it as an argument)
  const memo = !ev.trace && !ev.observer && ev.classWrites === 0 && ev.classAttribute(cls, '__init__') instanceof FunctionValue
    ? ev.file.builds : undefined;
  const key = memo?.keyOf(cls, args, kwargs);
  if (key === undefined) return build(ev, cls, args, kwargs, node);
  const kept = memo!.take(key, node);
  if (kept) {
    ev.spend(kept.steps);
    return kept.module;
  }
  const [steps, said, reads] = [ev.stepsTaken, ev.saidCount, ev.stateReads];
  const self = build(ev, cls, args, kwargs, node);
  if (self instanceof ModuleInstance && self.kind !== 'layer' && ev.saidCount === said && ev.stateReads === reads && ev.classWrites === 0 && ev.stepsTaken > steps) {
    memo!.keep(key, self, ev.stepsTaken - steps);
  }
  return self;
}

function build(ev: Evaluator, cls: ClassValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax | undefined): PyValue {
  const kind = ev.classKind(cls);
  const enumType = kind === 'object' ? enumKind(ev, cls) : undefined;
  if (enumType) return enumLookup(ev, cls, enumType, args);
  const self = kind === 'object' ? new ObjectValue(cls) : new ModuleInstance(kind === 'module' ? 'user' : kind, cls.name, cls);
  if (self instanceof ModuleInstance && node) self.declNode = node;
  const init = ev.classAttribute(cls, '__init__');
  const skippedBefore = ev.skippedCount;
  if (init instanceof FunctionValue) {
    ev.callFunction(new FunctionValue(init.name, init.node, init.closure, self, init.owner), args, kwargs, node);
  } else if (self instanceof ModuleInstance && kind !== 'module') {
    // a container subclass without its own __init__ takes the container's arguments
    fillContainer(ev, self, args, kwargs, node);
  } else if (self instanceof ModuleInstance && init === undefined && layerBase(ev, cls)) {
    setLayerCall(self, layerBase(ev, cls)!, args, kwargs); // a layer subclass without its own __init__
    if (node) self.args = argNodes(node);
  } else if (self instanceof ObjectValue && isRecordClass(ev, cls)) {
    initRecord(ev, cls, self, args, kwargs);
    // a dataclass's generated __init__ ends by calling __post_init__ (timm's configs pad their per-stage tuples there)
    const post = ev.classAttribute(cls, '__post_init__');
    if (post instanceof FunctionValue) ev.callFunction(new FunctionValue(post.name, post.node, post.closure, self, post.owner), [], new Map(), node);
  }
  // What building it said (code its __init__ could not follow): the model it becomes owns it.
  if (self instanceof ModuleInstance) self.buildSkips = ev.skippedSince(skippedBefore);
  return self;
}

/** A @dataclass or a NamedTuple: fields declared in the class body (`hidden: int = 768`), set by a generated __init__. */
function isRecordClass(ev: Evaluator, cls: ClassValue): boolean {
  const decorated = cls.node.unit.root.type === 'decorated_definition' && /@\s*(dataclasses\.)?dataclass\b/.test(textOf(cls.node.unit.root));
  const named = ev.classBases(cls).some((b) => b instanceof QualName && /(^|\.)(NamedTuple|namedtuple)$/.test(b.name));
  return decorated || named;
}

/** The generated __init__ of a dataclass / NamedTuple: the fields in order, from the call or their defaults. */
function initRecord(ev: Evaluator, cls: ClassValue, self: ObjectValue, args: PyValue[], kwargs: Map<string, PyValue>): void {
  const fields: string[] = [];
  const factories = new Map<string, Syntax>();
  for (const stmt of namedChildren(field(cls.node, 'body') ?? cls.node)) {
    const a = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : undefined;
    const left = a?.type === 'assignment' ? field(a, 'left') : undefined;
    if (left?.type === 'identifier' && field(a!, 'type')) fields.push(textOf(left)); // `name: type [= default]`
    const right = left ? field(a!, 'right') : undefined;
    if (left && right?.type === 'call' && /\bdefault_factory\s*=/.test(textOf(right))) factories.set(textOf(left), right);
  }
  fields.forEach((name, i) => {
    const v = i < args.length ? args[i] : kwargs.get(name);
    // field(default_factory=list): a new value for each instance, not the one the class body made
    const made = v === undefined && factories.has(name) ? ev.eval(factories.get(name)!, { scope: new Scope(cls.closure) }) : undefined;
    const fallback = made ?? ev.classAttribute(cls, name); // a default of None is a value, not a missing default
    self.attrs.set(name, v !== undefined ? v : fallback !== undefined ? fallback : unknown(`the field ${name} is not given`));
  });
}

/** A library base's forward gives a value ShapeLens does not know; its other methods (register_buffer…) give None. */
function superFallback(name: string): PyValue {
  return ['forward', '__call__', '__getattr__'].includes(name) ? unknown(`super().${name}() of a library class is not followed statically`) : null;
}

function callMethod(ev: Evaluator, m: BoundMethod, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax, frame: Frame): PyValue {
  const self = m.self;
  if (self instanceof TensorValue) {
    if (m.name === 'requires_grad_' && self.owner && (args[0] === false || kwargs.get('requires_grad') === false)) {
      self.owner.module.freezeTensor(self.owner.name);
      return self;
    }
    return tensorMethod(ev, self, m.name, args, kwargs, node);
  }
  if (self instanceof SuperValue) {
    const target = self.self;
    if (!(target instanceof ModuleInstance)) return superFallback(m.name);
    const layer = layerBase(ev, self.from);
    if (m.name === '__init__') {
      if (layer) setLayerCall(target, layer, args, kwargs); // class BNAct(nn.BatchNorm2d): super().__init__(c, eps=…)
      else if (target.kind !== 'user') fillContainer(ev, target, args, kwargs, node);
      return null;
    }
    // super().forward(x) in a layer subclass: the layer's own rule
    if (m.name === 'forward' && layer && target.call) return callLayerOf(ev, target, args, node);
    if (m.name === 'forward' && target.kind !== 'user' && target.kind !== 'layer') return callContainer(ev, target, args, node);
    return superFallback(m.name);
  }
  if (self instanceof ModuleInstance) return moduleMethod(ev, self, m.name, args, kwargs, node, frame);
  if (self instanceof ParamsValue) {
    if (m.name === 'requires_grad_' && (args[0] === false || kwargs.get('requires_grad') === false)) {
      if (self.tensor) self.module.freezeTensor(self.tensor);
      else freeze(self.module);
    }
    return self;
  }
  if (self instanceof ArgParserValue) return argParserMethod(ev, self, m.name, { name: m.name, args, kwargs, node, frame });
  if (Array.isArray(self)) return listMethod(ev, self, m.name, args, kwargs);
  if (self instanceof DictValue) return dictMethod(ev, self, m.name, args, kwargs);
  if (self instanceof NamespaceValue && self.tuple) return namedtupleMethod(self, m.name, kwargs);
  if (self instanceof NamespaceValue && self.origin === AUTOGRAD_CONTEXT) return null; // ctx.save_for_backward(…): for backward only
  if (typeof self === 'string') return strMethod(ev, self, m.name, args, kwargs);
  if (self instanceof RegexValue) return regexMethod(ev, self, m.name, args, kwargs);
  if (self instanceof MatchValue) return matchMethod(self, m.name, args);
  return unknown(`.${m.name}() is not followed statically`);
}

// ── Lost shapes ─────────────────────────────────────────────────────────────────────────────────────────────────
/** The tensors among the arguments (also inside a list: torch.cat([a, b])). */
function tensorArgs(values: Iterable<PyValue>, out: TensorValue[] = []): TensorValue[] {
  for (const v of values) {
    if (v instanceof TensorValue) out.push(v);
    else if (Array.isArray(v)) tensorArgs(v, out);
  }
  return out;
}

/** The result says nothing about shapes: unknown, or a tensor without a shape (also inside a tuple). */
function isLost(v: PyValue): boolean {
  if (isUnknownValue(v)) return true;
  if (v instanceof TensorValue) return v.shape === undefined;
  return Array.isArray(v) && v.length > 0 && v.every(isLost);
}

/** A tensor (or tuple of them) whose shape is lost: a Python value not known (x.tolist()) is not one. */
const isLostTensor = (v: PyValue): boolean =>
  v instanceof TensorValue ? v.shape === undefined : Array.isArray(v) && v.length > 0 && v.every(isLostTensor);

/** The reason carried by a lost result, if any. */
function lostWhy(v: PyValue): string | undefined {
  if (isUnknownValue(v)) return v.why;
  if (v instanceof TensorValue) return v.why;
  return Array.isArray(v) ? v.map(lostWhy).find((w) => w !== undefined) : undefined;
}

/**
 * The call loses a shape here: every tensor it takes is known, and what it gives back is not. When one of its
 * tensors was already unknown, the loss started earlier (and was said there). A method of a tensor takes that tensor
 * too, when it gives back a tensor (`x.numpy()`, `x.view(…)` lose its shape as a function would; `x.tolist()`, a
 * Python value, does not).
 */
function losesShape(callee: PyValue, args: PyValue[], kwargs: Map<string, PyValue>, result: PyValue): boolean {
  if (!isLost(result)) return false;
  const receiver = callee instanceof BoundMethod && callee.self instanceof TensorValue && isLostTensor(result) ? [callee.self] : [];
  const tensors = tensorArgs([...receiver, ...args, ...kwargs.values()]);
  return tensors.length > 0 && tensors.every((t) => t.shape !== undefined);
}

