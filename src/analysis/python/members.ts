// Members: reading and writing attributes (of modules, objects, classes, tensors, library names), class
// attributes looked up through user base classes, and what kind of class a class is (an nn.Module, a container,
// or a plain object).
import { findLayer, isExpr, unknown } from '../../engine';
import { field, namedChildren, textOf, type Syntax } from '../syntax';
import type { Evaluator, Frame } from './evaluator';
import { libraryAttribute } from './library/index';
import { privateBaseLayer } from './library/nnBases';
import { addChild, freeze, ownParams } from './modules';
import { tensorAttribute } from './ops';
import {
  BoundMethod, ClassValue, DictValue, FunctionValue, isUnknownValue, ModuleInstance, NamespaceValue, ObjectValue, ParamsValue, PartialValue, PyModule,
  markSequence, QualName, qualify, Scope, SuperValue, TensorValue, type DictKey, type PyValue,
} from './values';

/** nn.Module's own methods and attributes that code calls on a module (everything else must have been set). */
const MODULE_METHODS = new Set(['forward', 'parameters', 'named_parameters', 'buffers', 'named_buffers', 'children', 'named_children',
  'modules', 'named_modules', 'to', 'cuda', 'cpu', 'float', 'double', 'half', 'bfloat16', 'train', 'eval', 'apply', 'requires_grad_',
  'zero_grad', 'state_dict', 'load_state_dict', 'register_buffer', 'register_parameter', 'register_module', 'add_module',
  'register_forward_hook', 'register_forward_pre_hook', 'register_full_backward_hook', 'get_submodule', 'get_parameter',
  'extra_repr', 'type', 'share_memory', 'append', 'extend', 'insert', 'keys', 'values', 'items', 'size']);

/** A dict's own methods: `cfg.get` is the method, `cfg.width` (TypeScript's object literal) the entry. */
const DICT_METHODS = /^(?:items|keys|values|get|update|copy|pop|setdefault|clear)$/;

export function getAttribute(ev: Evaluator, object: PyValue, name: string, node: Syntax): PyValue {
  if (name === '__name__' || name === '__qualname__') {
    if (object instanceof QualName) return object.name.slice(object.name.lastIndexOf('.') + 1);
    if (object instanceof ClassValue || object instanceof FunctionValue) return object.name;
    if (object instanceof PartialValue) return unknown('a functools.partial has no __name__');
  }
  // the module a function was defined in (a registry keys its entries by it: sys.modules[fn.__module__])
  if (name === '__module__' && object instanceof FunctionValue) return object.closure.lookup('__name__') ?? unknown('the module of this function is not known');
  if (object instanceof PartialValue) {
    // functools.partial's own attributes: the function and the arguments it binds
    if (name === 'func') return object.callee;
    if (name === 'args') return [...object.args];
    if (name === 'keywords') return new DictValue(new Map(object.kwargs));
  }
  if (name === '__class__') {
    if (object instanceof ObjectValue) return object.cls;
    if (object instanceof ModuleInstance) return object.cls ?? new QualName(`torch.nn.${object.type}`);
  }
  if (object instanceof PyModule) return moduleMember(object, name);
  if (object instanceof QualName) {
    // a module ShapeLens ships (`torchvision.models` reached from `import torchvision`)
    const qualified = qualify(object.name, name);
    return ev.file.imports?.library?.(qualified) ?? libraryAttribute(object, name) ?? new QualName(qualified);
  }
  if (object instanceof DictValue && object.entries.has(name) && !DICT_METHODS.test(name)) return object.entries.get(name)!;
  if (object instanceof ModuleInstance) return moduleAttribute(ev, object, name, node);
  // obj.__dict__ is the object's attributes themselves: obj.__dict__.update(d) sets them (a config's merge_from_dict).
  if (name === '__dict__' && (object instanceof ObjectValue || object instanceof NamespaceValue)) return new DictValue(object.attrs as Map<DictKey, PyValue>);
  if (object instanceof ObjectValue) {
    if (object.attrs.has(name)) return object.attrs.get(name)!;
    const method = ev.classAttribute(object.cls, name);
    if (method instanceof FunctionValue) return fetchMethod(ev, method, object, object.cls, node);
    return method !== undefined ? method : unknown(`${object.cls.name}.${name} is not known`);
  }
  if (object instanceof ClassValue) {
    const v = ev.classAttribute(object, name);
    // Cls.method is the plain function (Python 3); a @classmethod is bound to the class.
    if (v instanceof FunctionValue && v.binding === 'class') return bindMethod(v, object, object);
    if (v === undefined && name === 'apply') return autogradApply(ev, object) ?? unknown(`${object.name}.${name} is not known`);
    return v !== undefined ? v : unknown(`${object.name}.${name} is not known`);
  }
  if (object instanceof NamespaceValue) {
    if (object.attrs.has(name)) return object.attrs.get(name)!;
    if (object.tuple && name === '_fields') return [...object.attrs.keys()];
    if (object.tuple && (name === '_replace' || name === '_asdict')) return new BoundMethod(object, name);
    if (object.origin === AUTOGRAD_CONTEXT && /^(?:save_for_backward|mark_dirty|mark_non_differentiable|set_materialize_grads)$/.test(name)) return new BoundMethod(object, name);
    return unknown(`${name} is not set on this ${object.origin}`);
  }
  if (object instanceof TensorValue) return tensorAttribute(object, name);
  if (object instanceof ParamsValue) return new BoundMethod(object, name);
  if (object instanceof SuperValue) return superAttribute(ev, object, name, node);
  if (isUnknownValue(object)) return object;
  void node;
  return new BoundMethod(object, name);
}

/**
 * `Fn.apply(x)` of a torch.autograd.Function subclass runs its static `forward(ctx, x)`: the shapes are forward's
 * (the context only stores tensors for backward, which the analysis does not run).
 */
export const AUTOGRAD_CONTEXT = 'autograd context';

function autogradApply(ev: Evaluator, cls: ClassValue): PyValue | undefined {
  const isFunction = classBases(ev, cls).some((b) => b instanceof QualName && /^torch\.autograd(?:\.function)?\.Function$/.test(b.name));
  const forward = isFunction ? ev.classAttribute(cls, 'forward') : undefined;
  return forward instanceof FunctionValue ? new PartialValue(forward, [new NamespaceValue(new Map(), AUTOGRAD_CONTEXT)], new Map()) : undefined;
}

/** A name of a Python module (a file of the project, or the analysed file through sys.modules[__name__]). */
function moduleMember(module: PyModule, name: string): PyValue {
  if (module.scope.vars.has(name)) return module.scope.vars.get(name)!; // None is a value
  const sub = module.submodule(name);
  if (sub) return sub;
  // module.__dict__ is its namespace itself: resnet.__dict__[args.arch]() picks a factory by name
  if (name === '__dict__') return new DictValue(module.scope.vars as Map<DictKey, PyValue>);
  if (name === '__name__') return module.name;
  return module.undefinedName(name);
}

function moduleAttribute(ev: Evaluator, object: ModuleInstance, name: string, node: Syntax): PyValue {
  const child = object.children.get(name);
  if (child) return child;
  if (object.attrs.has(name)) return object.attrs.get(name)!;
  if (name === 'training') return false;
  const method = object.cls ? ev.classAttribute(object.cls, name) : undefined;
  if (method instanceof FunctionValue) return fetchMethod(ev, method, object, object.cls, node);
  if (method !== undefined) return method;
  if (name === '_modules') return new DictValue(new Map(object.children)); // a view of the children, in order
  if (object.call) { // a layer, or a user class deriving from one
    // `weight` and `bias` are the parameters even where a constructor argument has the name (LayerNorm's bias=True)
    const isParam = name === 'weight' || name === 'bias';
    const arg = isParam ? undefined : layerArgument(object, name);
    if (arg !== undefined) return arg;
    // a parameter or buffer of the layer (`self.bn.running_mean`, `conv.weight`): a tensor of its shape
    const params = object.calledParams ?? object.declOutcome?.params?.tensors;
    const tensor = params?.find((t) => t.name === name) ?? object.declOutcome?.params?.buffers?.find((t) => t.name === name);
    if (tensor) return new TensorValue([...tensor.shape], undefined, params?.includes(tensor) ?? false, undefined, { module: object, name });
    if (isParam && params && object.declOutcome?.status === 'ok') return null; // bias=False: PyTorch's attribute is None
    if (isParam) return new ParamsValue(object, name);
  }
  if (object.kind === 'user' && !MODULE_METHODS.has(name) && !name.startsWith('__')) {
    // Not set by the code that was followed. When __init__ skipped code, that is why (already said there).
    const missing = unknown(`${name} was not set by the code ShapeLens could follow in ${object.type}.__init__`);
    if (ev.skippedCount > 0) ev.markSaid(missing);
    return missing;
  }
  return new BoundMethod(object, name);
}

function superAttribute(ev: Evaluator, object: SuperValue, name: string, node: Syntax): PyValue {
  for (const base of classBases(ev, object.from)) {
    if (base instanceof ClassValue) {
      const m = ev.classAttribute(base, name);
      if (m instanceof FunctionValue) return fetchMethod(ev, m, object.self, base, node);
      if (m !== undefined) return m;
    } else if (base instanceof QualName) {
      return new BoundMethod(object, name);
    }
  }
  return new BoundMethod(object, name);
}

/** A layer's constructor argument read as an attribute (`self.conv.out_channels`). */
function layerArgument(m: ModuleInstance, name: string): PyValue | undefined {
  const def = m.call && findLayer(m.call.type);
  if (!def || !m.call) return undefined;
  const args = m.declOutcome?.args;
  if (!args || !(name in args)) return undefined;
  const v = args[name] as PyValue;
  // a ConvNd keeps its sizes as N-tuples (`nn.Conv2d(3, 8, 3, stride=2).stride` is (2, 2)); pooling keeps them as given
  const rank = /^(?:Lazy)?Conv(?:Transpose)?([123])d$/.exec(m.call.type)?.[1];
  if (rank && CONV_TUPLES.has(name) && (typeof v === 'number' || isExpr(v))) return markSequence(Array<PyValue>(Number(rank)).fill(v), 'tuple');
  return v;
}

const CONV_TUPLES = new Set(['kernel_size', 'stride', 'padding', 'dilation', 'output_padding']);

/**
 * Weight tying (`self.head.weight = self.embed.weight`): this module's own tensor becomes another module's, counted
 * once where both are in the model. The other module's tensor is read as a tensor that knows its owner.
 */
function tiedTensor(object: ModuleInstance, name: string, value: PyValue): ParamsValue | undefined {
  const source = value instanceof ParamsValue && value.tensor ? value
    : value instanceof TensorValue && value.param && value.owner ? new ParamsValue(value.owner.module, value.owner.name) : undefined;
  if (!source || source.module === object || !ownParams(object).some((t) => t.name === name)) return undefined;
  return source;
}

export function setAttribute(object: PyValue, name: string, value: PyValue): void {
  if (object instanceof ModuleInstance) {
    if (value instanceof ModuleInstance) {
      addChild(object, name, value);
      object.attrs.delete(name);
      return;
    }
    const tied = tiedTensor(object, name, value);
    if (tied) object.tieParam(name, tied);
    else if (value instanceof TensorValue && value.param) {
      if (!object.attrs.has(name) && value.shape && value.shape.every((d) => typeof d === 'number')) {
        const shape = value.shape as number[];
        object.ownParams.push({ name, shape, count: shape.reduce((p, d) => p * BigInt(d), 1n) });
        if (value.param === 'frozen') object.freezeTensor(name);
      } else if (!object.attrs.has(name)) {
        // a parameter of a shape not known statically is not counted: the totals say they are incomplete
        object.uncountedParam ??= { name, why: value.why ?? (value.shape ? 'its shape is symbolic' : 'its shape is not known statically') };
      }
    }
    if (object.children.has(name) && value === null) object.children.delete(name);
    object.attrs.set(name, value);
    return;
  }
  if (object instanceof ObjectValue || object instanceof NamespaceValue) {
    object.attrs.set(name, value);
    return;
  }
  if (object instanceof PyModule) {
    object.scope.vars.set(name, value); // setattr(sys.modules[__name__], 'resnet18', fn) defines a top-level name
    return;
  }
  if (object instanceof ClassValue) {
    object.attrs?.set(name, value);
    return;
  }
  if (object instanceof TensorValue && object.owner && name === 'requires_grad' && value === false) object.owner.module.freezeTensor(object.owner.name);
  if (object instanceof ParamsValue && name === 'requires_grad' && value === false) {
    if (object.tensor) object.module.freezeTensor(object.tensor);
    else freeze(object.module);
  }
}

// ── Classes ─────────────────────────────────────────────────────────────────────────────────────────────────────
/** A class attribute or method, looked up through the user base classes. */
export function classAttribute(ev: Evaluator, cls: ClassValue, name: string, seen = new Set<ClassValue>()): PyValue | undefined {
  if (seen.has(cls)) return undefined;
  seen.add(cls);
  const attrs = classAttrs(ev, cls);
  if (attrs.has(name)) return attrs.get(name);
  for (const base of classBases(ev, cls)) {
    if (base instanceof ClassValue) {
      const v = classAttribute(ev, base, name, seen);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

function classAttrs(ev: Evaluator, cls: ClassValue): Map<string, PyValue> {
  if (cls.attrs) return cls.attrs;
  const scope = new Scope(cls.closure);
  cls.attrs = scope.vars;
  const frame: Frame = { scope };
  const body = field(cls.node, 'body');
  for (const stmt of body?.children ?? []) {
    if (!stmt.named) continue;
    if (stmt.type === 'function_definition' || stmt.type === 'decorated_definition') {
      const def = stmt.type === 'decorated_definition' ? field(stmt, 'definition') : stmt;
      const name = def && field(def, 'name');
      if (def && name && !isPropertyAccessor(stmt)) scope.vars.set(textOf(name), new FunctionValue(textOf(name), def, cls.closure, undefined, cls, bindingOf(stmt)));
    } else if (stmt.type === 'expression_statement') {
      ev.exec(stmt, frame);
    }
  }
  return cls.attrs;
}

const decoratorsOf = (stmt: Syntax): string[] => (stmt.type !== 'decorated_definition' ? []
  : namedChildren(stmt).filter((c) => c.type === 'decorator').map((d) => textOf(d).replace(/^@\s*/, '').trim()));

/**
 * @staticmethod and @classmethod change what a method is bound to when fetched from an instance or the class;
 * a @property (or functools.cached_property) is called when fetched from an instance.
 */
function bindingOf(stmt: Syntax): FunctionValue['binding'] {
  const names = decoratorsOf(stmt);
  if (names.includes('staticmethod')) return 'static';
  if (names.includes('classmethod')) return 'class';
  if (names.some((n) => /^(?:property|(?:functools\.)?cached_property)$/.test(n))) return 'property';
  return 'method';
}

/** `@x.setter` / `@x.deleter`: not a new value of x (the getter stays what `self.x` reads). */
const isPropertyAccessor = (stmt: Syntax) => decoratorsOf(stmt).some((n) => /\.(?:setter|deleter)$/.test(n));

/** A method fetched from an instance: bound to it, or, for a @property, its value. */
function fetchMethod(ev: Evaluator, method: FunctionValue, self: PyValue, cls: ClassValue | undefined, node: Syntax): PyValue {
  const bound = bindMethod(method, self, cls);
  return method.binding === 'property' ? ev.callFunction(bound, [], new Map(), node) : bound;
}

/** A method fetched from an object: bound to it (a plain method), to its class (@classmethod), or to nothing. */
export function bindMethod(method: FunctionValue, self: PyValue, cls?: ClassValue): FunctionValue {
  if (method.binding === 'static') return method;
  const to = method.binding === 'class' ? cls ?? method.owner : self;
  return new FunctionValue(method.name, method.node, method.closure, to, method.owner, method.binding);
}

export function classBases(ev: Evaluator, cls: ClassValue): PyValue[] {
  if (cls.bases) return cls.bases;
  cls.bases = [];
  const supers = field(cls.node, 'superclasses');
  if (supers) {
    const frame: Frame = { scope: cls.closure };
    for (const b of namedChildren(supers)) if (b.type !== 'keyword_argument') cls.bases.push(ev.eval(b, frame));
  }
  return cls.bases;
}

/**
 * The torch.nn layer a user class derives from (`class BatchNormAct2d(nn.BatchNorm2d)`, also through user bases):
 * its instances are that layer — arguments, parameters and shape rule — plus what the class adds.
 */
export function layerBase(ev: Evaluator, cls: ClassValue, seen = new Set<ClassValue>(), named = cls.name): string | undefined {
  if (seen.has(cls)) return undefined;
  seen.add(cls);
  for (const base of classBases(ev, cls)) {
    if (base instanceof QualName) {
      const name = torchLayerName(base.name, named);
      if (name && findLayer(name)?.kind === 'module') return name;
    } else if (base instanceof ClassValue) {
      const found = layerBase(ev, base, seen, named);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The torch.nn layer a base class names, in any spelling (`torch.nn.Conv2d`, `torch.nn.modules.conv.Conv2d`); for a
 * private base, the layer of the rank the subclass's name ends with (2d when it says none).
 */
function torchLayerName(qual: string, subclass: string): string | undefined {
  if (!qual.startsWith('torch.nn.')) return undefined;
  const name = qual.slice(qual.lastIndexOf('.') + 1);
  return privateBaseLayer(name, subclass) ?? name;
}

/** 'module' for an nn.Module subclass (directly or through user classes), with the container it extends. */
export function classKind(ev: Evaluator, cls: ClassValue, seen = new Set<ClassValue>()): 'module' | 'sequential' | 'modulelist' | 'moduledict' | 'object' {
  if (seen.has(cls)) return 'object';
  seen.add(cls);
  for (const base of classBases(ev, cls)) {
    if (base instanceof QualName) {
      if (base.name === 'torch.nn.Sequential') return 'sequential';
      if (base.name === 'torch.nn.ModuleList') return 'modulelist';
      if (base.name === 'torch.nn.ModuleDict') return 'moduledict';
      // a TorchScript module is an nn.Module whose methods are compiled; run as Python, it is the same module
      if (base.name === 'torch.jit.ScriptModule') return 'module';
      const name = torchLayerName(base.name, cls.name);
      if (name === 'Module' || (name && findLayer(name))) return 'module';
    }
    if (base instanceof ClassValue) {
      const k = classKind(ev, base, seen);
      if (k !== 'object') return k;
    }
  }
  return 'object';
}
