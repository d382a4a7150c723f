// Python's questions about types — isinstance, issubclass, hasattr, callable — decided where the value is known well
// enough to answer as Python would. Model code branches on them (`if isinstance(norm_layer, functools.partial)`,
// `if hasattr(m, 'zero_init_last')`); an answer ShapeLens cannot be sure of stays unknown, never a guess.
import { allDefs, findLayer, unknown } from '../../../engine';
import type { Evaluator } from '../evaluator';
import { libraryHas } from './names';
import { NN_PRIVATE_BASES } from './nnBases';
import { nnClassName } from './torch';
import {
  ArgParserValue, BoundMethod, ClassValue, DictValue, FunctionValue, isUnknownValue, ModuleInstance, NamespaceValue, ObjectValue,
  PartialValue, PyModule, QualName, sequenceKind, TensorValue, type PyValue,
} from '../values';

const iterable = (v: PyValue) => Array.isArray(v) || typeof v === 'string' || v instanceof DictValue || v instanceof TensorValue
  || (v instanceof ModuleInstance && v.kind !== 'layer' && v.kind !== 'user');
const isCallable = (v: PyValue) => v instanceof FunctionValue || v instanceof PartialValue || v instanceof ClassValue || v instanceof BoundMethod
  || v instanceof ModuleInstance || v instanceof QualName;
/** A value whose Python type is one of the plain ones (not an object of a class ShapeLens might not see). */
const plain = (v: PyValue) => v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof DictValue || v instanceof TensorValue
  || v instanceof FunctionValue || v instanceof PartialValue || v instanceof NamespaceValue || v instanceof ArgParserValue || v instanceof PyModule;

/** isinstance(v, one type); undefined when it cannot be decided. */
/** A library name that is a class (nn.Conv2d, nn.Sequential), not a function (F.relu). */
const libraryClass = (q: QualName) => nnClassName(q.name) !== undefined;

/**
 * A type's name as isinstance reads it — `torch.nn.modules.conv.Conv2d` is `torch.nn.Conv2d` — and the torch layer it
 * names (`Conv2d`), if any: each spelling worked out once (a weight-init loop asks per module).
 */
interface TypeName {
  readonly type: string;
  readonly layer: string | undefined;
}
const typeNames = new Map<string, TypeName>();
const typeName = (name: string): TypeName => {
  let known = typeNames.get(name);
  if (known === undefined) {
    const type = name.replace(/^torch\.nn\.modules\.\w+\./, 'torch.nn.');
    const last = type.slice(type.lastIndexOf('.') + 1);
    typeNames.set(name, (known = { type, layer: type.startsWith('torch.nn.') && findLayer(last) ? last : undefined }));
  }
  return known;
};

function instanceOfName(ev: Evaluator, v: PyValue, t: QualName): boolean | undefined {
  const { type, layer } = typeName(t.name);
  // the common question of a weight-init loop, asked of every module: is this module that torch layer
  if (layer !== undefined && v instanceof ModuleInstance) return v.kind === 'layer' ? v.type === layer : v.cls ? isSubclass(ev, v.cls, t) : false;
  // a class is an instance of `type` only; a user function is a FunctionType
  if (v instanceof ClassValue || (v instanceof QualName && libraryClass(v))) return type === 'builtins.type' || type === 'typing.Type';
  if (type === 'types.FunctionType' || type === 'types.LambdaType') return v instanceof FunctionValue ? true : plain(v) || v instanceof ModuleInstance ? false : undefined;
  switch (type) {
    case 'builtins.int': return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'boolean';
    case 'builtins.float': return typeof v === 'number';
    // the numbers tower (`isinstance(c, numbers.Integral)`): an int (or bool) is Integral; any number is Real/Number
    case 'numbers.Integral': return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'boolean' || (plain(v) ? false : undefined);
    case 'numbers.Real': case 'numbers.Number': return typeof v === 'number' || typeof v === 'boolean' || (plain(v) ? false : undefined);
    case 'builtins.str': return typeof v === 'string';
    case 'builtins.bool': return typeof v === 'boolean';
    case 'builtins.list': case 'typing.List': case 'builtins.tuple': case 'typing.Tuple': {
      if (!Array.isArray(v)) return plain(v) ? false : undefined;
      const kind = sequenceKind(v);
      return kind ? kind === (type.endsWith('ist') ? 'list' : 'tuple') : undefined;
    }
    case 'builtins.dict': case 'collections.OrderedDict': case 'typing.Dict': return v instanceof DictValue;
    case 'collections.abc.Mapping': case 'collections.abc.MutableMapping': case 'typing.Mapping': return v instanceof DictValue;
    case 'collections.abc.Sequence': case 'typing.Sequence': return Array.isArray(v) || typeof v === 'string';
    case 'collections.abc.Iterable': case 'typing.Iterable': return iterable(v);
    case 'collections.abc.Callable': case 'typing.Callable': return isCallable(v);
    case 'functools.partial': return v instanceof PartialValue;
    case 'types.SimpleNamespace': case 'argparse.Namespace': return v instanceof NamespaceValue;
    case 'torch.Tensor': case 'torch.nn.Parameter': case 'torch.nn.parameter.Parameter': return v instanceof TensorValue ? (type === 'torch.Tensor' || v.param !== false) : false;
    case 'torch.nn.Module': return v instanceof ModuleInstance || (plain(v) ? false : undefined);
    case 'builtins.type': return v instanceof ClassValue || (v instanceof QualName ? undefined : false);
  }
  if (layer !== undefined) return plain(v) ? false : undefined;
  return undefined;
}

/** Python's `or` of answers that may be undecided: true if one holds, false if none can, else undecided. */
const anyOf = (answers: readonly (boolean | undefined)[]): boolean | undefined =>
  answers.some((r) => r === true) ? true : answers.every((r) => r === false) ? false : undefined;

/** isinstance(v, t), t a type or a tuple of types. */
export function isInstance(ev: Evaluator, v: PyValue, t: PyValue): boolean | undefined {
  if (Array.isArray(t)) {
    return anyOf(t.map((x) => isInstance(ev, v, x)));
  }
  if (isUnknownValue(v)) return undefined;
  if (t instanceof QualName) {
    return instanceOfName(ev, v, t);
  }
  if (t instanceof ClassValue) {
    if (v instanceof ObjectValue) return isSubclass(ev, v.cls, t);
    if (v instanceof ModuleInstance) return v.cls ? isSubclass(ev, v.cls, t) : false;
    return plain(v) ? false : undefined;
  }
  return undefined;
}

/** The torch.nn base classes a library layer derives from, by name (issubclass(nn.BatchNorm2d, _BatchNorm)). */
function libraryBase(layer: string, base: string): boolean | undefined {
  if (base === 'Module') return true;
  if (base === layer) return true;
  const family = NN_PRIVATE_BASES[base];
  if (family) return family.members.test(layer);
  if (findLayer(base)) return false; // two different concrete layers
  return undefined;
}

/** issubclass(a, b): user classes through their bases, torch.nn classes by name. */
export function isSubclass(ev: Evaluator, a: PyValue, b: PyValue): boolean | undefined {
  if (Array.isArray(b)) {
    return anyOf(b.map((x) => isSubclass(ev, a, x)));
  }
  if (a instanceof ClassValue) {
    if (a === b) return true;
    const bases = ev.classBases(a);
    const each = bases.map((base) => isSubclass(ev, base, b));
    if (each.some((r) => r === true)) return true;
    if (b instanceof QualName && b.name === 'torch.nn.Module') return ev.classKind(a) !== 'object' || (each.every((r) => r === false) ? false : undefined);
    return each.every((r) => r === false) ? false : undefined;
  }
  if (a instanceof QualName && b instanceof QualName) {
    const la = a.name.slice(a.name.lastIndexOf('.') + 1);
    const lb = b.name.slice(b.name.lastIndexOf('.') + 1);
    if (a.name === b.name) return true;
    if (!a.name.startsWith('torch.nn.') || !b.name.startsWith('torch.nn.')) return undefined;
    if (findLayer(la)) return libraryBase(la, lb);
    // nn.Module, nn.Sequential, nn.ModuleList…: subclasses of nn.Module and of themselves only
    if (/^(Module|Sequential|ModuleList|ModuleDict|ParameterList|ParameterDict)$/.test(la)) return la === lb || lb === 'Module';
    // a private base (_BatchNorm, _ConvNd…) derives from nn.Module (and _BatchNorm from _NormBase), never from a layer
    if (la.startsWith('_')) return lb === 'Module' || NN_PRIVATE_BASES[la]?.bases?.includes(lb) ? true : findLayer(lb) || NN_PRIVATE_BASES[lb] ? false : undefined;
    return undefined;
  }
  if (a instanceof QualName && b instanceof ClassValue) return a.name.startsWith('torch.') ? false : undefined;
  return undefined;
}

/** What every nn.Module has (methods and the attributes nn.Module.__init__ sets). */
const MODULE_MEMBERS = new Set([
  'forward', 'training', 'parameters', 'named_parameters', 'buffers', 'named_buffers', 'children', 'named_children',
  'modules', 'named_modules', 'state_dict', 'load_state_dict', 'apply', 'to', 'cuda', 'cpu', 'eval', 'train',
  'zero_grad', 'register_buffer', 'register_parameter', 'add_module', 'register_module', 'get_submodule',
  'get_parameter', 'requires_grad_', 'half', 'float', 'double', 'type', 'extra_repr', '_modules', '_parameters',
  '_buffers', '__call__', '__class__', '__dict__', 'register_forward_hook', 'register_forward_pre_hook',
  'register_full_backward_hook', 'share_memory', 'bfloat16', 'to_empty', 'dump_patches',
]);
const DICT_MEMBERS = new Set(['keys', 'items', 'values', 'get', 'update', 'pop', 'setdefault', 'copy', 'clear', 'popitem', 'fromkeys']);
const LIST_MEMBERS = new Set(['append', 'extend', 'insert', 'pop', 'remove', 'clear', 'copy', 'index', 'count', 'reverse', 'sort']);
const CONTAINER_MEMBERS = new Set(['append', 'extend', 'insert', 'keys', 'items', 'values', 'pop', 'update', 'clear']);
/** Parameter and buffer names any torch layer has (weight, bias, running_mean, weight_ih_l0…). */
const TENSOR_NAME = /^(weight|bias|running_mean|running_var|num_batches_tracked|in_proj_weight|in_proj_bias|[qkv]_proj_weight|bias_[kv]|(weight|bias)_(ih|hh|hr)_l\d+(_reverse)?)$/;
let constructorNames: Set<string> | undefined;
/** Every constructor argument name of a torch layer: a layer usually keeps its arguments as attributes. */
function anyConstructorName(name: string): boolean {
  constructorNames ??= new Set(allDefs().filter((d) => d.kind === 'module').flatMap((d) => d.signature.map((a) => a.name)));
  return constructorNames.has(name);
}

/** hasattr() of a library layer or container: its arguments, parameters and nn.Module's members. */
function libraryHasAttr(m: ModuleInstance, name: string): boolean | undefined {
  if (MODULE_MEMBERS.has(name)) return true;
  if (m.kind !== 'layer') return m.kind !== 'unsupported' && (m.kind === 'user' ? undefined : !!CONTAINER_MEMBERS.has(name));
  const def = findLayer(m.type);
  if (!def) return undefined;
  if (def.signature.some((a) => a.name === name)) return true;
  if (TENSOR_NAME.test(name)) {
    const params = m.declOutcome?.params;
    if (!params) return undefined;
    return [...params.tensors, ...(params.buffers ?? [])].some((t) => t.name === name);
  }
  // Another layer's argument may be a derived attribute here (head_dim…): not decided. A name no torch layer uses
  // (zero_init_last, a user's flag) is not there.
  return anyConstructorName(name) || /^_/.test(name) ? undefined : false;
}

/**
 * hasattr(obj, name), decided where the object was built by code that was followed to the end: a module's children
 * and attributes, its class's methods; an object's attributes and class. Unknown when its __init__ skipped code.
 */
export function hasAttribute(ev: Evaluator, obj: PyValue, name: PyValue | undefined): PyValue {
  if (typeof name !== 'string') return unknown('hasattr() with a name not known statically');
  if (obj instanceof ModuleInstance) {
    if (obj.children.has(name) || obj.attrs.has(name)) return true;
    if (obj.cls && ev.classAttribute(obj.cls, name) !== undefined) return true;
    if (obj.buildSkips?.length) return unknown(`hasattr(…, '${name}'): its __init__ skipped code that may set it`);
    if (obj.kind === 'user') return MODULE_MEMBERS.has(name);
    return libraryHasAttr(obj, name) ?? unknown(`hasattr() of a ${obj.type} with a name it may derive`);
  }
  if (obj instanceof ObjectValue) return obj.attrs.has(name) || ev.classAttribute(obj.cls, name) !== undefined;
  if (obj instanceof NamespaceValue) return obj.attrs.has(name);
  if (obj instanceof ClassValue) return ev.classAttribute(obj, name) !== undefined;
  if (obj instanceof QualName) return libraryHas(obj.name, name) ? true : unknown(`hasattr(${obj.name}, '${name}'): a name ShapeLens has no rule for`);
  if (obj instanceof PyModule) return obj.scope.vars.has(name) || obj.submodule(name) !== undefined;
  if (obj instanceof DictValue) return DICT_MEMBERS.has(name) || (name.startsWith('__') ? unknown(`hasattr() of a dict's ${name}`) : false);
  if (Array.isArray(obj)) return LIST_MEMBERS.has(name) || (name.startsWith('__') ? unknown(`hasattr() of a list's ${name}`) : false);
  if (typeof obj === 'number' || typeof obj === 'boolean' || obj === null) return name.startsWith('__') || name === 'real' || name === 'imag' ? unknown(`hasattr() of a number's ${name}`) : false;
  return unknown('hasattr() of a value not known statically');
}

/** callable(v): functions, classes, modules, partials; an object when its class defines __call__. */
export function callable(ev: Evaluator, v: PyValue): PyValue {
  if (isUnknownValue(v)) return unknown('callable() of a value not known statically');
  if (v instanceof ObjectValue) return ev.classAttribute(v.cls, '__call__') !== undefined;
  return isCallable(v);
}
