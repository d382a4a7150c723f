// Methods of Python's own types — str, list (and tuple), dict — as model code uses them to compute sizes and to pass
// configuration around (`kwargs.pop('features_only', False)`, `kwargs.setdefault('num_classes', 1000)`,
// `name.split('.', 1)`, `'_'.join(parts)`). Each follows Python exactly where its arguments are known; otherwise the
// result is unknown and says which method it was.
import { unknown } from '../../../engine';
import type { Evaluator } from '../evaluator';
import { braceFormat, compareValues } from '../semantics';
import { DictValue, type PyValue } from '../values';

type Method<S> = (ev: Evaluator, self: S, args: PyValue[], kwargs: Map<string, PyValue>) => PyValue;

const isStr = (v: PyValue | undefined): v is string => typeof v === 'string';
const int = (v: PyValue | undefined, fallback: number): number | undefined =>
  v === undefined || v === null ? fallback : typeof v === 'number' && Number.isInteger(v) ? v : undefined;

/** Python's str.split(sep, maxsplit): the remainder after maxsplit splits stays whole. */
function splitString(s: string, sep: PyValue | undefined, maxsplit: number): PyValue {
  if (sep === undefined || sep === null) {
    const words = s.trim().split(/\s+/).filter(Boolean);
    if (maxsplit < 0 || words.length <= maxsplit) return words;
    const out: string[] = [];
    let rest = s.trimStart();
    for (let i = 0; i < maxsplit; i++) {
      const m = /^(\S+)\s+/.exec(rest);
      if (!m) break;
      out.push(m[1]);
      rest = rest.slice(m[0].length);
    }
    return rest ? [...out, rest] : out;
  }
  if (!isStr(sep) || sep === '') return unknown('str.split() with a separator not known statically');
  const parts = s.split(sep);
  return maxsplit < 0 || parts.length <= maxsplit + 1 ? parts : [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
}

function stripChars(s: string, chars: PyValue | undefined, left: boolean, right: boolean): PyValue {
  if (chars !== undefined && chars !== null && !isStr(chars)) return unknown('str.strip() of characters not known statically');
  const set = chars ?? ' \t\n\r\f\v';
  let a = 0;
  let b = s.length;
  while (left && a < b && set.includes(s[a])) a++;
  while (right && b > a && set.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

/** startswith/endswith take a string or a tuple of strings. */
function affix(_s: string, what: PyValue | undefined, test: (p: string) => boolean): PyValue {
  if (isStr(what)) return test(what);
  if (Array.isArray(what) && what.every(isStr)) return (what as string[]).some(test);
  return unknown(`a prefix or suffix not known statically`);
}

const STR: Record<string, Method<string>> = {
  format: (_ev, s, args, kwargs) => braceFormat(s, args, kwargs),
  upper: (_ev, s) => s.toUpperCase(),
  lower: (_ev, s) => s.toLowerCase(),
  title: (_ev, s) => s.replace(/\w\S*/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (_ev, s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  strip: (_ev, s, args) => stripChars(s, args[0], true, true),
  lstrip: (_ev, s, args) => stripChars(s, args[0], true, false),
  rstrip: (_ev, s, args) => stripChars(s, args[0], false, true),
  startswith: (_ev, s, args) => affix(s, args[0], (p) => s.startsWith(p)),
  endswith: (_ev, s, args) => affix(s, args[0], (p) => s.endsWith(p)),
  replace: (_ev, s, args) => (isStr(args[0]) && isStr(args[1]) ? s.split(args[0]).join(args[1]) : unknown('str.replace() of a value not known statically')),
  split: (_ev, s, args, kwargs) => {
    const maxsplit = int(args[1] ?? kwargs.get('maxsplit'), -1);
    return maxsplit === undefined ? unknown('str.split() with a count not known statically') : splitString(s, args[0] ?? kwargs.get('sep'), maxsplit);
  },
  rsplit: (_ev, s, args, kwargs) => {
    const maxsplit = int(args[1] ?? kwargs.get('maxsplit'), -1);
    const sep = args[0] ?? kwargs.get('sep');
    if (maxsplit === undefined || !isStr(sep) || sep === '') return maxsplit === -1 ? splitString(s, sep, -1) : unknown('str.rsplit() of values not known statically');
    const parts = s.split(sep);
    return maxsplit < 0 || parts.length <= maxsplit + 1 ? parts : [parts.slice(0, parts.length - maxsplit).join(sep), ...parts.slice(parts.length - maxsplit)];
  },
  partition: (_ev, s, args) => {
    if (!isStr(args[0]) || args[0] === '') return unknown('str.partition() of a value not known statically');
    const i = s.indexOf(args[0]);
    return i < 0 ? [s, '', ''] : [s.slice(0, i), args[0], s.slice(i + args[0].length)];
  },
  join: (ev, s, args) => {
    const items = args[0] === undefined ? undefined : ev.iterate(args[0]);
    return items?.every(isStr) ? (items as string[]).join(s) : unknown('str.join() of values not known statically');
  },
  find: (_ev, s, args) => (isStr(args[0]) ? s.indexOf(args[0]) : unknown('str.find() of a value not known statically')),
  count: (_ev, s, args) => (isStr(args[0]) && args[0] !== '' ? s.split(args[0]).length - 1 : unknown('str.count() of a value not known statically')),
  isdigit: (_ev, s) => /^\d+$/.test(s),
  isnumeric: (_ev, s) => /^\d+$/.test(s),
  isalpha: (_ev, s) => /^[A-Za-z]+$/.test(s),
  zfill: (_ev, s, args) => (typeof args[0] === 'number' ? s.padStart(args[0], '0') : unknown('str.zfill() of a width not known statically')),
  splitlines: (_ev, s) => s.split(/\r?\n/).filter((_, i, a) => i < a.length - 1 || a[i] !== ''),
};

/** Python's ordering of two known values (numbers, strings, booleans), for sort/min/max. */
function lessThan(a: PyValue, b: PyValue): boolean | undefined {
  return compareValues('<', a, b);
}

const LIST: Record<string, Method<PyValue[]>> = {
  append: (_ev, list, args) => {
    list.push(args[0] ?? null);
    return null;
  },
  push: (_ev, list, args) => list.push(...args), // TypeScript's Array.push
  appendleft: (_ev, list, args) => { // a collections.deque
    list.unshift(args[0] ?? null);
    return null;
  },
  popleft: (_ev, list) => (list.length ? list.shift()! : unknown('deque.popleft() of an empty deque raises IndexError')),
  add: (_ev, list, args) => { // a set
    const item = args[0] ?? null;
    let has = false;
    for (const x of list) { // a set of names grows one add at a time: compared without building a list each time
      const same = typeof x === 'string' && typeof item === 'string' ? x === item : compareValues('==', x, item);
      if (same === undefined) return unknown('set.add() of a value not known statically');
      if (same) has = true;
    }
    if (!has) list.push(item);
    return null;
  },
  extend: (ev, list, args) => {
    const items = args[0] === undefined ? [] : ev.iterate(args[0]);
    if (!items) return unknown('list.extend() of a value not known statically');
    list.push(...items);
    return null;
  },
  insert: (_ev, list, args) => {
    if (typeof args[0] === 'number') list.splice(args[0] < 0 ? Math.max(0, list.length + args[0]) : args[0], 0, args[1] ?? null);
    return null;
  },
  pop: (_ev, list, args) => {
    const i = typeof args[0] === 'number' ? (args[0] < 0 ? list.length + args[0] : args[0]) : args[0] === undefined ? list.length - 1 : -1;
    if (i < 0 || i >= list.length) return unknown('list.pop() of an index not known statically or out of range');
    return list.splice(i, 1)[0] ?? null;
  },
  remove: (_ev, list, args) => {
    const i = list.findIndex((x) => compareValues('==', x, args[0] ?? null) === true);
    if (i >= 0) list.splice(i, 1);
    return null;
  },
  clear: (_ev, list) => {
    list.length = 0;
    return null;
  },
  copy: (_ev, list) => [...list],
  index: (_ev, list, args) => {
    const i = list.findIndex((x) => compareValues('==', x, args[0] ?? null) === true);
    return i >= 0 ? i : unknown('list.index() of a value not found statically');
  },
  count: (_ev, list, args) => list.filter((x) => compareValues('==', x, args[0] ?? null) === true).length,
  reverse: (_ev, list) => {
    list.reverse();
    return null;
  },
  sort: (_ev, list, _args, kwargs) => {
    if (kwargs.has('key')) return unknown('list.sort(key=…) is not followed statically');
    const sorted = sortValues(list, kwargs.get('reverse') === true);
    if (!sorted) return unknown('list.sort() of values not known statically');
    list.splice(0, list.length, ...sorted);
    return null;
  },
};

/** A sorted copy when every pair compares (numbers with numbers, strings with strings). */
export function sortValues(list: readonly PyValue[], reverse = false): PyValue[] | undefined {
  let ok = true;
  const out = [...list].sort((a, b) => {
    const lt = lessThan(a, b);
    const gt = lessThan(b, a);
    if (lt === undefined || gt === undefined) ok = false;
    return lt ? -1 : gt ? 1 : 0;
  });
  if (!ok) return undefined;
  return reverse ? out.reverse() : out;
}

/** dict.update(other) / dict(other, **kw): a dict, or an iterable of pairs, then keywords. */
export function updateDict(ev: Evaluator, d: DictValue, from: PyValue | undefined, kwargs: Map<string, PyValue>): boolean {
  if (from instanceof DictValue) for (const [k, v] of from.entries) d.entries.set(k, v);
  else if (from !== undefined) {
    const pairs = ev.iterate(from);
    if (!pairs) return false;
    for (const p of pairs) {
      const k = Array.isArray(p) && p.length === 2 ? d.keyFor(p[0]) : undefined;
      if (k === undefined) return false;
      d.entries.set(k, (p as PyValue[])[1]);
    }
  }
  for (const [k, v] of kwargs) d.entries.set(k, v);
  return true;
}

const DICT: Record<string, Method<DictValue>> = {
  items: (_ev, d) => [...d.entries.entries()].map(([k, v]) => [k, v]),
  keys: (_ev, d) => [...d.entries.keys()],
  values: (_ev, d) => [...d.entries.values()],
  get: (_ev, d, args) => {
    const k = d.keyFor(args[0]);
    if (k === undefined) return unknown('dict.get() of a key not known statically');
    return d.entries.has(k) ? d.entries.get(k)! : args[1] ?? null;
  },
  update: (ev, d, args, kwargs) => (updateDict(ev, d, args[0], kwargs) ? null : unknown('dict.update() of a value not known statically')),
  copy: (_ev, d) => new DictValue(new Map(d.entries)),
  pop: (_ev, d, args) => {
    const k = d.keyFor(args[0]);
    if (k === undefined) return unknown('dict.pop() of a key not known statically');
    if (d.entries.has(k)) {
      const v = d.entries.get(k)!;
      d.entries.delete(k);
      return v;
    }
    return args.length > 1 ? args[1] : unknown(`dict.pop() of the missing key ${String(k)} raises KeyError`);
  },
  setdefault: (_ev, d, args) => {
    const k = d.keyFor(args[0]);
    if (k === undefined) return unknown('dict.setdefault() of a key not known statically');
    if (!d.entries.has(k)) d.entries.set(k, args[1] ?? null);
    return d.entries.get(k)!;
  },
  clear: (_ev, d) => {
    d.entries.clear();
    return null;
  },
  popitem: (_ev, d) => {
    const last = [...d.entries.entries()].pop();
    if (!last) return unknown('dict.popitem() of an empty dict raises KeyError');
    d.entries.delete(last[0]);
    return [last[0], last[1]];
  },
};

function method<S>(table: Record<string, Method<S>>, type: string, ev: Evaluator, self: S, name: string,
  args: PyValue[], kwargs: Map<string, PyValue>): PyValue {
  const m = Object.hasOwn(table, name) ? table[name] : undefined;
  return m ? m(ev, self, args, kwargs) : unknown(`${type}.${name}() is not followed statically`);
}

export const strMethod = (ev: Evaluator, s: string, name: string, args: PyValue[], kwargs: Map<string, PyValue>) => method(STR, 'str', ev, s, name, args, kwargs);
export const listMethod = (ev: Evaluator, l: PyValue[], name: string, args: PyValue[], kwargs: Map<string, PyValue>) => method(LIST, 'list', ev, l, name, args, kwargs);
export const dictMethod = (ev: Evaluator, d: DictValue, name: string, args: PyValue[], kwargs: Map<string, PyValue>) => method(DICT, 'dict', ev, d, name, args, kwargs);
