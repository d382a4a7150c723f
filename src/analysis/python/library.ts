// Calls into libraries, by qualified name after import resolution: torch.nn layers and containers, torch and
// torch.nn.functional operations, tensor factories (torch.randn…), collections.OrderedDict, math, and the Python
// builtins the model code uses (range, len, enumerate, zip…).
import { findLayer, unknown } from '../../engine';
import type { Syntax } from '../syntax';
import { functionOp, makeTensor, tensorMethod } from './forward';
import type { Frame, Interpreter } from './interpreter';
import { fillContainer } from './moduleMethods';
import { MAX_LOOP, truth } from './semantics';
import { buildLayer } from './modules';
import {
  ClassValue, DictValue, isUnknownValue, ModuleInstance, ObjectValue, QualName, SuperValue, TensorValue, type PyValue,
} from './values';

const CONTAINERS: Record<string, 'sequential' | 'modulelist' | 'moduledict'> = {
  Sequential: 'sequential', ModuleList: 'modulelist', ModuleDict: 'moduledict',
};

/** The PyTorch layer-type name of a qualified nn class name (torch.nn.Conv2d → Conv2d), if it is one. */
export function nnClassName(qual: string): string | undefined {
  for (const prefix of ['torch.nn.modules.', 'torch.nn.']) {
    if (qual.startsWith(prefix)) {
      const last = qual.slice(qual.lastIndexOf('.') + 1);
      if (/^[A-Z]/.test(last)) return last;
    }
  }
  return undefined;
}

/** Names a star import can bring in (`from torch.nn import *`). */
export function libraryHas(module: string, name: string): boolean {
  if (module === 'torch.nn') return name in CONTAINERS || name === 'Module' || name === 'Parameter' || !!findLayer(name);
  if (module === 'torch.nn.functional') return !!findLayer(`F.${name}`);
  if (module === 'torch') return !!findLayer(`torch.${name}`) || TENSOR_FACTORIES.has(name);
  return false;
}

/** Known constant attributes (torch.float32…); everything else stays a qualified name. */
export function libraryAttribute(q: QualName, name: string): PyValue | undefined {
  if (q.name === 'torch' && /^(float|int|bool|long|half|double|uint|complex|bfloat)/.test(name)) return `torch.${name}`;
  if (q.name === 'math' && name === 'pi') return Math.PI;
  if (q.name === 'math' && name === 'e') return Math.E;
  if (q.name === 'math' && name === 'inf') return Infinity;
  return undefined;
}

const TENSOR_FACTORIES = new Set(['randn', 'rand', 'zeros', 'ones', 'empty', 'full', 'randint', 'arange', 'tensor',
  'zeros_like', 'ones_like', 'randn_like', 'rand_like', 'empty_like', 'full_like', 'linspace', 'eye', 'FloatTensor', 'Tensor', 'LongTensor']);

export function callLibrary(it: Interpreter, name: string, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax,
  frame: Frame): PyValue {
  if (name.startsWith('builtins.')) return callBuiltin(it, name.slice(9), args, kwargs, node, frame);
  const nnClass = nnClassName(name);
  if (nnClass) {
    const container = CONTAINERS[nnClass];
    if (container) {
      const m = new ModuleInstance(container, nnClass);
      m.declNode = node;
      fillContainer(it, m, args, kwargs, node);
      return m;
    }
    if (nnClass === 'Parameter') {
      const t = args[0] ?? kwargs.get('data');
      return new TensorValue(t instanceof TensorValue ? t.shape : undefined, undefined, true);
    }
    if (nnClass === 'Module') return new ModuleInstance('user', 'Module');
    if (nnClass === 'TransformerEncoder' && args[0] instanceof ModuleInstance && args[0].kind === 'layer') {
      const count = args[1] ?? kwargs.get('num_layers') ?? null;
      if (typeof count !== 'number' || count < 0 || count > MAX_LOOP) {
        it.skippedCode(node, 'TransformerEncoder (num_layers is not known statically)');
        return unknown('a TransformerEncoder with an unknown number of layers');
      }
      return transformerEncoder(args[0], args[1] ?? kwargs.get('num_layers') ?? null, args[2] ?? kwargs.get('norm') ?? null, node);
    }
    if (findLayer(nnClass)) return buildLayer(nnClass, args, kwargs, node, it.file.options.strict);
    // A layer ShapeLens has no rule for: kept in the tree (its name shows) and skipped when called.
    const m = new ModuleInstance('unsupported', nnClass);
    m.declNode = node;
    it.diagnostics.push({
      range: it.file.lines.rangeOf(node), severity: 'info', code: 'unknown-layer',
      message: `ShapeLens has no rule for nn.${nnClass}: it is skipped and the shapes after it are unknown`,
    });
    return m;
  }
  if (name.startsWith('torch.nn.init.')) return null;
  if (name === 'collections.OrderedDict' || name === 'builtins.dict') {
    const d = new DictValue();
    const src = args[0];
    for (const pair of (Array.isArray(src) ? src : src instanceof DictValue ? [...src.entries].map(([k, v]) => [k, v]) : [])) {
      if (Array.isArray(pair) && pair.length === 2 && (typeof pair[0] === 'string' || typeof pair[0] === 'number')) d.entries.set(pair[0], pair[1]);
    }
    for (const [k, v] of kwargs) d.entries.set(k, v);
    return d;
  }
  if (name.startsWith('math.') || name === 'numpy.prod' || name === 'np.prod') return callMath(name.slice(name.lastIndexOf('.') + 1), args);
  if (name.startsWith('torch.') && TENSOR_FACTORIES.has(name.slice(6))) return makeTensor(name.slice(6), args, kwargs, it, node);
  if (name === 'torch.nn.functional.normalize' && args[0] instanceof TensorValue) return args[0]; // same shape
  if (name === 'torch.bmm') return functionOp(it, 'torch.matmul', args, kwargs, node);
  if ((name === 'torch.chunk' || name === 'torch.split') && args[0] instanceof TensorValue) {
    return tensorMethod(it, args[0], name.slice(6), args.slice(1), kwargs, node);
  }
  if (name.startsWith('torch.nn.functional.')) return functionOp(it, `F.${name.slice(20)}`, args, kwargs, node);
  if (name.startsWith('torch.') && !name.slice(6).includes('.')) return functionOp(it, `torch.${name.slice(6)}`, args, kwargs, node);
  return unknown(notFollowed(name));
}

/** Modules whose functions ShapeLens knows (some of them); anything else is another file or a third-party package. */
const KNOWN_ROOTS = /^(torch|math|builtins|collections|numpy|np|functools|itertools|operator|typing|copy)(\.|$)/;

/** Why a library call gives an unknown value, in words a user can act on. */
export function notFollowed(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot < 0 || KNOWN_ROOTS.test(name)) return `${name}() is not followed statically`;
  return `${name.slice(dot + 1)} is imported from ${name.slice(0, dot)}, which ShapeLens does not read (another file or a package)`;
}

/**
 * nn.TransformerEncoder(layer, num_layers, norm): PyTorch deep-copies the layer num_layers times into `layers`
 * and runs them in order, then the optional norm. Built as a container whose children are named layers.0, layers.1…
 * (so the paths are PyTorch's), each copy with its own parameters.
 */
function transformerEncoder(layer: ModuleInstance, count: PyValue, norm: PyValue, node: Syntax): ModuleInstance {
  const m = new ModuleInstance('sequential', 'TransformerEncoder');
  m.declNode = node;
  const n = count as number;
  for (let i = 0; i < n; i++) {
    const copy = new ModuleInstance('layer', layer.type);
    copy.call = layer.call;
    copy.args = layer.args;
    copy.declNode = layer.declNode;
    copy.strict = layer.strict;
    m.children.set(`layers.${i}`, copy);
  }
  if (norm instanceof ModuleInstance) m.children.set('norm', norm);
  return m;
}

function callMath(fn: string, args: PyValue[]): PyValue {
  const xs = args.map((a) => (typeof a === 'boolean' ? Number(a) : a));
  if (!xs.every((x) => typeof x === 'number') && fn !== 'prod') return unknown(`math.${fn} of an unknown value`);
  const n = xs as number[];
  switch (fn) {
    case 'sqrt': return Math.sqrt(n[0]);
    case 'floor': return Math.floor(n[0]);
    case 'ceil': return Math.ceil(n[0]);
    case 'log': return n.length > 1 ? Math.log(n[0]) / Math.log(n[1]) : Math.log(n[0]);
    case 'log2': return Math.log2(n[0]);
    case 'log10': return Math.log10(n[0]);
    case 'exp': return Math.exp(n[0]);
    case 'pow': return n[0] ** n[1];
    case 'gcd': { let [a, b] = [Math.abs(n[0]), Math.abs(n[1])]; while (b) [a, b] = [b, a % b]; return a; }
    case 'prod': {
      const list = Array.isArray(args[0]) ? args[0] : [];
      let p = 1;
      for (const x of list) {
        if (typeof x !== 'number') return unknown('a product of unknown values');
        p *= x;
      }
      return p;
    }
    default: return unknown(`math.${fn}`);
  }
}

function callBuiltin(it: Interpreter, fn: string, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax, frame: Frame): PyValue {
  const nums = (xs: PyValue[]) => (xs.every((x) => typeof x === 'number' || typeof x === 'boolean') ? xs.map(Number) : undefined);
  switch (fn) {
    case 'range': {
      const n = nums(args);
      if (!n || n.length === 0) return unknown('range() of unknown bounds');
      const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? 1];
      if (step === 0) return unknown('range() with step 0');
      const out: number[] = [];
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
        out.push(i);
        if (out.length > MAX_LOOP) return unknown(`range() of more than ${MAX_LOOP.toLocaleString('en-US')} numbers`);
      }
      return out;
    }
    case 'len': {
      const v = args[0];
      if (Array.isArray(v) || typeof v === 'string') return v.length;
      if (v instanceof DictValue) return v.entries.size;
      if (v instanceof ModuleInstance) return v.children.size;
      if (v instanceof TensorValue && typeof v.shape?.[0] === 'number') return v.shape[0];
      return unknown('len() of a value not known statically');
    }
    case 'int': {
      const v = args[0];
      if (typeof v === 'number') return Math.trunc(v);
      if (typeof v === 'boolean') return Number(v);
      if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
      return v === undefined ? 0 : unknown('int() of a value not known statically');
    }
    case 'float': {
      const v = args[0];
      if (typeof v === 'number') return v;
      if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
      return v === undefined ? 0 : unknown('float() of a value not known statically');
    }
    case 'bool': {
      const t = args[0] === undefined ? false : truth(args[0]);
      return t === undefined ? unknown('bool() of a value not known statically') : t;
    }
    case 'str': return typeof args[0] === 'number' || typeof args[0] === 'string' ? String(args[0]) : unknown('str() of a value');
    case 'list':
    case 'tuple': {
      if (args.length === 0) return [];
      const items = it.iterate(args[0]);
      return items ? [...items] : unknown(`${fn}() of a value not known statically`);
    }
    case 'set': return args.length ? (it.iterate(args[0]) ?? unknown('set()')) : [];
    case 'dict': return callLibrary(it, 'collections.OrderedDict', args, kwargs, node, frame);
    case 'enumerate': {
      const items = it.iterate(args[0]);
      const start = typeof args[1] === 'number' ? args[1] : 0;
      return items ? items.map((v, i) => [i + start, v]) : unknown('enumerate() of a value not known statically');
    }
    case 'zip': {
      const lists = args.map((a) => it.iterate(a));
      if (lists.some((l) => !l)) return unknown('zip() of values not known statically');
      const n = Math.min(...lists.map((l) => l!.length));
      return Array.from({ length: n }, (_, i) => lists.map((l) => l![i]));
    }
    case 'reversed': {
      const items = it.iterate(args[0]);
      return items ? [...items].reverse() : unknown('reversed() of a value not known statically');
    }
    case 'sorted': {
      const items = it.iterate(args[0]);
      const n = items && nums(items);
      return n ? n.sort((a, b) => a - b) : unknown('sorted() of values not known statically');
    }
    case 'min':
    case 'max': {
      const list = args.length === 1 ? it.iterate(args[0]) : args;
      const n = list && nums(list);
      if (!n || n.length === 0) return unknown(`${fn}() of values not known statically`);
      return fn === 'min' ? Math.min(...n) : Math.max(...n);
    }
    case 'sum': {
      const list = it.iterate(args[0]);
      const n = list && nums(list);
      if (!n) return unknown('sum() of values not known statically');
      return n.reduce((a, b) => a + b, typeof args[1] === 'number' ? args[1] : 0);
    }
    case 'abs': return typeof args[0] === 'number' ? Math.abs(args[0]) : unknown('abs() of an unknown value');
    case 'round': {
      const v = args[0];
      if (typeof v !== 'number') return unknown('round() of an unknown value');
      if (typeof args[1] === 'number') return Number(v.toFixed(args[1]));
      const r = Math.round(v);
      return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r; // banker's rounding, as Python
    }
    case 'pow': return typeof args[0] === 'number' && typeof args[1] === 'number' ? args[0] ** args[1] : unknown('pow()');
    case 'divmod': return typeof args[0] === 'number' && typeof args[1] === 'number' && args[1] !== 0
      ? [Math.floor(args[0] / args[1]), ((args[0] % args[1]) + args[1]) % args[1]] : unknown('divmod()');
    case 'any':
    case 'all': {
      const items = it.iterate(args[0]);
      if (!items) return unknown(`${fn}()`);
      const ts = items.map(truth);
      if (ts.some((t) => t === undefined)) return unknown(`${fn}() of unknown values`);
      return fn === 'any' ? ts.some(Boolean) : ts.every(Boolean);
    }
    case 'isinstance': {
      const [v, t] = args;
      if (t instanceof QualName) {
        if (t.name === 'builtins.int') return typeof v === 'number' && Number.isInteger(v);
        if (t.name === 'builtins.float') return typeof v === 'number';
        if (t.name === 'builtins.str') return typeof v === 'string';
        if (t.name === 'builtins.bool') return typeof v === 'boolean';
        if (t.name === 'builtins.list' || t.name === 'builtins.tuple') return Array.isArray(v);
      }
      if (Array.isArray(t) && t.every((x) => x instanceof QualName)) {
        for (const x of t) {
          const r = callBuiltin(it, 'isinstance', [v, x], kwargs, node, frame);
          if (r === true) return true;
        }
        return false;
      }
      return unknown('isinstance() is not decided statically');
    }
    case 'getattr': {
      if (typeof args[1] !== 'string') return unknown('getattr() with an unknown name');
      const v = it.getAttribute(args[0], args[1], node);
      return isUnknownValue(v) && args.length > 2 ? args[2] : v;
    }
    case 'setattr':
      if (typeof args[1] === 'string') it.setAttribute(args[0], args[1], args[2] ?? null, node);
      return null;
    case 'hasattr': return unknown('hasattr() is not decided statically');
    case 'super': {
      const self = frame.self;
      const from = frame.cls;
      if ((self instanceof ModuleInstance || self instanceof ObjectValue) && from) return new SuperValue(self, from);
      if (args[0] instanceof ClassValue && (args[1] instanceof ModuleInstance || args[1] instanceof ObjectValue)) return new SuperValue(args[1], args[0]);
      return unknown('super() outside a method');
    }
    case 'print': return null;
    case 'iter': return args[0] ?? null;
    case 'next': {
      const items = it.iterate(args[0]);
      return items && items.length ? items[0] : unknown('next()');
    }
    case 'map': return unknown('map() is not followed statically');
    case 'type': return unknown('type()');
    case 'callable': return true;
    case 'id': return unknown('id()');
    default: return unknown(`${fn}() is not followed statically`);
  }
}
