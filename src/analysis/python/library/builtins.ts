// Python's builtins as model code uses them: range, len, enumerate, zip, min/max/sum, int/float/round, isinstance,
// getattr/setattr/hasattr, super… Each gives the value Python would, or unknown when an argument is not known.
import { unknown, unknownNumber } from '../../../engine';
import type { Evaluator } from '../evaluator';
import { MAX_TABLE, pyStr, truth } from '../semantics';
import {
  ClassValue, DictValue, isUnknownValue, LibraryNames, markSequence, ModuleInstance, NamespaceValue, ObjectValue, QualName, setOf, SuperValue, TensorValue, type PyValue,
} from '../values';
import type { Handler } from './index';
import { isNumeric, isSymInt, symbolicExtremum } from '../symint';
import { pythonValue } from '../tensorData';
import { callable, hasAttribute, isInstance, isSubclass } from './typeQueries';

const numbers = (xs: PyValue[]): number[] | undefined =>
  (xs.every((x) => typeof x === 'number' || typeof x === 'boolean') ? xs.map(Number) : undefined);

function range(args: PyValue[]): PyValue {
  const n = numbers(args);
  if (!n || n.length === 0) return unknown('range() of unknown bounds');
  const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? 1];
  if (step === 0) return unknown('range() with step 0');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
    out.push(i);
    if (out.length > MAX_TABLE) return unknown(`range() of more than ${MAX_TABLE.toLocaleString('en-US')} numbers`);
  }
  return out;
}

function len(v: PyValue): PyValue {
  if (Array.isArray(v) || typeof v === 'string') return v.length;
  if (v instanceof DictValue) return v.entries.size;
  if (v instanceof NamespaceValue && v.tuple) return v.attrs.size;
  if (v instanceof ModuleInstance) return v.children.size;
  if (v instanceof TensorValue && typeof v.shape?.[0] === 'number') return v.shape[0];
  return unknown(`len() of ${isUnknownValue(v) ? `a value not known statically (${v.why})` : 'a value not known statically'}`);
}

function toInt(v: PyValue | undefined): PyValue {
  if (v === undefined) return 0;
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return Number(v);
  if (isSymInt(v)) return v;
  if (v instanceof TensorValue) return toInt(pythonValue(v, 'item'));
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return Number(v);
  return unknown(isUnknownValue(v) ? v.why : 'int() of a value that is not a number');
}

function toFloat(v: PyValue | undefined): PyValue {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return Number(v);
  if (v instanceof TensorValue) return toFloat(pythonValue(v, 'item'));
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  if (typeof v === 'string' && /^\s*[-+]?(inf|infinity)\s*$/i.test(v)) return v.includes('-') ? -Infinity : Infinity;
  return unknown(isUnknownValue(v) ? v.why : 'float() of a value that is not a number');
}

/** Python's round: banker's rounding to an integer, or to `digits` decimals. */
function round(v: PyValue, digits: PyValue | undefined): PyValue {
  if (isSymInt(v) && digits === undefined) return v;
  if (typeof v !== 'number') return unknown('round() of an unknown value');
  if (typeof digits === 'number') return Number(v.toFixed(digits));
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function minMax(ev: Evaluator, fn: 'min' | 'max', args: PyValue[], kwargs: Map<string, PyValue>): PyValue {
  const list = args.length === 1 ? ev.iterate(args[0]) : args;
  if (list && list.length === 0 && kwargs.has('default')) return kwargs.get('default')!;
  const symbolic = list && !kwargs.has('key') ? symbolicExtremum(fn, list) : undefined;
  if (symbolic !== undefined) return symbolic;
  const n = list && numbers(list);
  if (!n || n.length === 0) {
    // of numbers some of which are not known: a number all the same (max(k / q, 1.0))
    return list && list.length > 0 && !kwargs.has('key') && list.every(isNumeric)
      ? unknownNumber(`${fn}() of values not known statically`) : unknown(`${fn}() of values not known statically`);
  }
  return fn === 'min' ? Math.min(...n) : Math.max(...n);
}

/** The lists iter() made: next() takes their first item away, as a Python iterator advances. */
const ITERATORS = new WeakSet<PyValue[]>();

export const builtinHandlers: Record<string, Handler> = {
  'builtins.range': (_ev, c) => range(c.args),
  'builtins.len': (_ev, c) => len(c.args[0] ?? null),
  'builtins.int': (_ev, c) => toInt(c.args[0]),
  'builtins.float': (_ev, c) => toFloat(c.args[0]),
  'builtins.bool': (_ev, c) => {
    const t = c.args[0] === undefined ? false : truth(c.args[0]);
    return t === undefined ? unknown('bool() of a value not known statically') : t;
  },
  'builtins.str': (_ev, c) => pyStr(c.args[0]) ?? unknown('str() of a value'),
  'builtins.list': (ev, c) => {
    const items = c.args.length === 0 ? [] : ev.iterate(c.args[0])?.slice();
    return items ? markSequence(items, 'list') : unknown('list() of a value not known statically');
  },
  'builtins.tuple': (ev, c) => {
    const items = c.args.length === 0 ? [] : ev.iterate(c.args[0])?.slice();
    return items ? markSequence(items, 'tuple') : unknown('tuple() of a value not known statically');
  },
  'builtins.set': (ev, c) => {
    const items = c.args.length ? ev.iterate(c.args[0]) : [];
    return items ? setOf(items) : unknown('set() of a value not known statically');
  },
  'builtins.enumerate': (ev, c) => {
    const items = ev.iterate(c.args[0] ?? null);
    const start = typeof c.args[1] === 'number' ? c.args[1] : typeof c.kwargs.get('start') === 'number' ? c.kwargs.get('start') as number : 0;
    return items ? items.map((v, i) => [i + start, v]) : unknown('enumerate() of a value not known statically');
  },
  'builtins.zip': (ev, c) => {
    const lists = c.args.map((a) => ev.iterate(a));
    if (lists.some((l) => !l)) return unknown('zip() of values not known statically');
    const n = Math.min(...lists.map((l) => l!.length));
    return Array.from({ length: n }, (_v, i) => lists.map((l) => l![i]));
  },
  'builtins.reversed': (ev, c) => ev.iterate(c.args[0] ?? null)?.slice().reverse() ?? unknown('reversed() of a value not known statically'),
  'builtins.sorted': (ev, c) => {
    const items = ev.iterate(c.args[0] ?? null);
    const n = items && numbers(items);
    if (n) return c.kwargs.get('reverse') === true ? n.sort((a, b) => b - a) : n.sort((a, b) => a - b);
    if (items?.every((x) => typeof x === 'string')) return [...(items as string[])].sort();
    return unknown('sorted() of values not known statically');
  },
  'builtins.min': (ev, c) => minMax(ev, 'min', c.args, c.kwargs),
  'builtins.max': (ev, c) => minMax(ev, 'max', c.args, c.kwargs),
  'builtins.sum': (ev, c) => {
    const list = ev.iterate(c.args[0] ?? null);
    if (!list) return unknown('sum() of values not known statically');
    const n = numbers(list);
    if (n) return n.reduce((a, b) => a + b, typeof c.args[1] === 'number' ? c.args[1] : 0);
    // sum(branches) of tensors: 0 + a + b + …, each an addition the trace records
    return list.reduce<PyValue>((acc, x) => ev.binary('+', acc, x, c.node), c.args[1] ?? c.kwargs.get('start') ?? 0);
  },
  'builtins.abs': (_ev, c) => (typeof c.args[0] === 'number' ? Math.abs(c.args[0]) : unknown('abs() of an unknown value')),
  'builtins.round': (_ev, c) => round(c.args[0] ?? null, c.args[1] ?? c.kwargs.get('ndigits')),
  'builtins.pow': (_ev, c) => (typeof c.args[0] === 'number' && typeof c.args[1] === 'number' ? c.args[0] ** c.args[1] : unknown('pow()')),
  'builtins.divmod': (_ev, c) => {
    const [a, b] = c.args;
    return typeof a === 'number' && typeof b === 'number' && b !== 0 ? [Math.floor(a / b), ((a % b) + b) % b] : unknown('divmod()');
  },
  'builtins.any': (ev, c) => anyAll(ev, 'any', c.args[0] ?? null),
  'builtins.all': (ev, c) => anyAll(ev, 'all', c.args[0] ?? null),
  'builtins.isinstance': (ev, c) => isInstance(ev, c.args[0] ?? null, c.args[1] ?? null) ?? unknown('isinstance() is not decided statically'),
  'builtins.issubclass': (ev, c) => isSubclass(ev, c.args[0] ?? null, c.args[1] ?? null) ?? unknown('issubclass() is not decided statically'),
  'builtins.getattr': (ev, c) => {
    if (typeof c.args[1] !== 'string') return unknown('getattr() with an unknown name');
    const v = ev.getAttribute(c.args[0] ?? null, c.args[1], c.node);
    return isUnknownValue(v) && c.args.length > 2 ? c.args[2] : v;
  },
  'builtins.setattr': (ev, c) => {
    if (typeof c.args[1] === 'string') ev.setAttribute(c.args[0] ?? null, c.args[1], c.args[2] ?? null, c.node);
    return null;
  },
  'builtins.hasattr': (ev, c) => hasAttribute(ev, c.args[0] ?? null, c.args[1]),
  'builtins.super': (_ev, c) => {
    const { self, cls: from } = c.frame;
    if ((self instanceof ModuleInstance || self instanceof ObjectValue) && from) return new SuperValue(self, from);
    const [cls, obj] = c.args;
    if (cls instanceof ClassValue && (obj instanceof ModuleInstance || obj instanceof ObjectValue)) return new SuperValue(obj, cls);
    return unknown('super() outside a method');
  },
  'builtins.print': () => null,
  // iter(xs) is a copy that next() consumes: `rates = iter(dpr)` then next(rates) per block gives each in turn
  'builtins.iter': (ev, c) => {
    const items = ev.iterate(c.args[0] ?? null);
    if (!items) return c.args[0] ?? null;
    const it = [...items];
    ITERATORS.add(it);
    return it;
  },
  'builtins.next': (ev, c) => {
    const source = c.args[0] ?? null;
    const items = ev.iterate(source);
    if (!items?.length) return c.args[1] ?? unknown('next()');
    return Array.isArray(source) && ITERATORS.has(source) ? source.shift()! : items[0];
  },
  // map(f, xs, …) and filter(f, xs): the function called on each item (a lambda, a user function, a builtin)
  'builtins.map': (ev, c) => {
    const [fn, ...lists] = c.args;
    const items = lists.map((l) => ev.iterate(l));
    if (fn === undefined || items.length === 0 || items.some((l) => !l)) return unknown('map() of values not known statically');
    const n = Math.min(...items.map((l) => l!.length));
    return Array.from({ length: n }, (_v, i) => ev.call(fn, items.map((l) => l![i]), new Map(), c.node, c.frame));
  },
  'builtins.filter': (ev, c) => {
    const [fn, list] = c.args;
    const items = ev.iterate(list ?? null);
    if (!items) return unknown('filter() of values not known statically');
    const kept: PyValue[] = [];
    for (const x of items) {
      const t = truth(fn === null || fn === undefined ? x : ev.call(fn, [x], new Map(), c.node, c.frame));
      if (t === undefined) return unknown('filter() with a condition not known statically');
      if (t) kept.push(x);
    }
    return kept;
  },
  // type(self).__name__, type(m): the class of an object or module, as its __class__ (type(a, b, c) is not followed)
  'builtins.type': (_ev, c) => {
    const [v] = c.args;
    if (c.args.length === 1 && v instanceof ObjectValue) return v.cls;
    if (c.args.length === 1 && v instanceof ModuleInstance) return v.cls ?? new QualName(`torch.nn.${v.type}`);
    return unknown('type() of a value whose class is not known statically');
  },
  'builtins.callable': (ev, c) => callable(ev, c.args[0] ?? null),
  'builtins.id': () => unknown('id()'),
  'builtins.dir': (_ev, c) => (c.args[0] instanceof QualName ? new LibraryNames(c.args[0].name) : unknown('dir() of a value not known statically')),
};

function anyAll(ev: Evaluator, fn: 'any' | 'all', v: PyValue): PyValue {
  const items = ev.iterate(v);
  if (!items) return unknown(`${fn}()`);
  const ts = items.map(truth);
  if (fn === 'any' && ts.some((t) => t === true)) return true;
  if (fn === 'all' && ts.some((t) => t === false)) return false;
  if (ts.some((t) => t === undefined)) return unknown(`${fn}() of unknown values`);
  return fn !== 'any';
}
