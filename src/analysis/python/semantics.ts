// Python's own semantics for statically known values: truthiness, comparisons, indexing and slicing, literals,
// string formatting. Anything that depends on an unknown gives undefined / unknown, never a guess.
import { unknown } from '../../engine';
import { field, namedChildren, textOf, type Syntax } from '../syntax';
import { isSymInt, symbolicCompare } from './symint';
import { ClassValue, DictValue, FunctionValue, isUnknownValue, ModuleInstance, NamespaceValue, QualName, TensorValue, type DictKey, type PyValue } from './values';

/** The longest list a range(), a comprehension or a repetition may build (past it the value is unknown). */
export const MAX_LOOP = 100_000;
/**
 * The longest range() kept as numbers. Longer than MAX_LOOP, only a table comprehension (one row standing for all,
 * its values not computed) may go over it: a sinusoidal table over 8 × 112 × 112 video tokens has 100,352 rows.
 * Loops and other comprehensions still stop at MAX_LOOP.
 */
export const MAX_TABLE = 1_000_000;

export function truth(v: PyValue): boolean | undefined {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isUnknownValue(v)) return undefined;
  if (isSymInt(v)) return symbolicCompare('!=', v, 0);
  if (v instanceof DictValue) return v.entries.size > 0;
  if (v instanceof ModuleInstance) return v.kind === 'sequential' || v.kind === 'modulelist' || v.kind === 'moduledict' ? v.children.size > 0 : true;
  if (v instanceof TensorValue) return undefined;
  return true;
}

export const isKey = (v: PyValue | undefined): v is DictKey =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Python's str() of a value known statically: numbers, strings, True/False and None (`f'unknown mode {mode}'` with
 * mode None reads "unknown mode None"); undefined for anything else. A float prints as JavaScript prints it (1.0 is
 * "1"), a known limit.
 */
export function pyStr(v: PyValue | undefined): string | undefined {
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return v === null ? 'None' : undefined;
}

/** 'conv%d' % i: %d, %i, %s only. */
export function percentFormat(format: string, values: PyValue[]): PyValue {
  let i = 0;
  let ok = true;
  const out = format.replace(/%([dis%])/g, (_, k: string) => {
    if (k === '%') return '%';
    const v = values[i++];
    const text = k === 's' ? pyStr(v) : typeof v === 'number' ? String(Math.trunc(v)) : undefined;
    if (text === undefined) ok = false;
    return text ?? '';
  });
  return ok && i === values.length ? out : unknown('a formatted string');
}

/** 'conv{}'.format(i), '{0}_{name}'.format(…): plain fields only. */
export function braceFormat(format: string, args: PyValue[], kwargs: Map<string, PyValue>): PyValue {
  let next = 0;
  let ok = true;
  const out = format.replace(/\{([^{}]*)\}/g, (_, key: string) => {
    const text = pyStr(key === '' ? args[next++] : /^\d+$/.test(key) ? args[Number(key)] : kwargs.get(key));
    if (text === undefined) ok = false;
    return text ?? '';
  });
  return ok ? out : unknown('a formatted string');
}

export function parseInteger(text: string): number {
  if (/^[1-9]\d{0,14}$|^0$/.test(text)) return Number(text); // the usual literal: no underscores, prefix or suffix
  const t = text.replace(/_/g, '').replace(/[lL]$/, '');
  if (/^0[oO]/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0[bB]/.test(t)) return parseInt(t.slice(2), 2);
  return Number(t);
}

export function stringValue(node: Syntax): PyValue {
  if (node.type !== 'string') return unknown('a string expression');
  if (node.children.some((c) => c.type === 'interpolation')) return unknown('a formatted string');
  return node.children.filter((c) => c.type === 'string_content' || c.type === 'escape_sequence').map(textOf).join('');
}

/**
 * A parameter as its kind: an annotated `*args: Any` / `**kwargs: Any` is a typed_parameter around the splat
 * pattern, and binds like the plain one.
 */
export function parameter(p: Syntax): Syntax {
  if (p.type !== 'typed_parameter') return p;
  const first = namedChildren(p)[0];
  return first && (first.type === 'list_splat_pattern' || first.type === 'dictionary_splat_pattern') ? first : p;
}

/** A parameter without a default that a caller must pass (not self's slot, not *args, **kwargs or a separator). */
export const isRequiredParameter = (p: Syntax): boolean => {
  const q = parameter(p);
  return q.type === 'identifier' || q.type === 'typed_parameter';
};

export function paramName(p: Syntax): string | undefined {
  if (p.type === 'identifier') return textOf(p);
  const name = field(p, 'name') ?? namedChildren(p).find((c) => c.type === 'identifier');
  return name ? textOf(name) : undefined;
}

export function repeat(list: PyValue[], n: number): PyValue {
  if (list.length * Math.max(0, n) > MAX_LOOP) return unknown('a very long list');
  const out: PyValue[] = [];
  for (let i = 0; i < n; i++) out.push(...list);
  return out;
}

export function pySlice<T>(list: T[], [start, stop, step]: (number | null)[]): T[] {
  const n = list.length;
  const s = step ?? 1;
  if (s === 0) return [];
  const norm = (v: number | null, dflt: number) => (v === null ? dflt : v < 0 ? Math.max(v + n, s > 0 ? 0 : -1) : Math.min(v, s > 0 ? n : n - 1));
  const out: T[] = [];
  if (s > 0) for (let i = norm(start, 0); i < norm(stop, n); i += s) out.push(list[i]);
  else for (let i = norm(start, n - 1); i > norm(stop, -1); i += s) out.push(list[i]);
  return out;
}

export function indexValue(object: PyValue, key: PyValue): PyValue {
  // a bool is the int 0 or 1 (`(1, 3)[flag]`); a dict keeps it as a key of its own kind
  if (typeof key === 'boolean' && !(object instanceof DictValue)) key = Number(key);
  if (object instanceof NamespaceValue && object.tuple) return indexValue([...object.attrs.values()], key);
  if (Array.isArray(object) && typeof key === 'number') {
    const i = key < 0 ? object.length + key : key;
    return i >= 0 && i < object.length ? object[i] : unknown('an index out of range');
  }
  if (object instanceof DictValue && object.keyFor(key) !== undefined) {
    const k = object.keyFor(key)!;
    return object.entries.has(k) ? object.entries.get(k)! : unknown(`the key ${String(key)} is not in the dict`);
  }
  if (object instanceof ModuleInstance) {
    if (object.paramItems && isKey(key)) {
      const k = typeof key === 'number' && key < 0 ? String(object.paramItems.size + key) : String(key);
      return object.paramItems.get(k) ?? unknown(`no parameter '${String(key)}' in this ${object.type}`);
    }
    if (object.kind === 'moduledict' && typeof key === 'string') return object.children.get(key) ?? unknown(`no module '${key}'`);
    if (typeof key === 'number') {
      const list = [...object.children.values()];
      const i = key < 0 ? list.length + key : key;
      return list[i] ?? unknown('a module index out of range');
    }
  }
  if (typeof object === 'string' && typeof key === 'number') return object.at(key) ?? unknown('an index out of range');
  return unknown('an index into a value not known statically');
}

/**
 * Python's `is`: None is only itself (a tuple, a tensor, a module is never None); a library name is the same object
 * wherever it is reached (`act is nn.ReLU`); other objects are the same when they are the same value here.
 */
function identical(l: PyValue, r: PyValue): boolean | undefined {
  if (isUnknownValue(l) || isUnknownValue(r)) return undefined;
  if (l === null || r === null) return l === r;
  if (l instanceof QualName || r instanceof QualName) return l instanceof QualName && r instanceof QualName ? l.name === r.name : false;
  return l === r;
}

const identityValue = (v: PyValue) => v instanceof QualName || v instanceof ClassValue || v instanceof FunctionValue || v instanceof ModuleInstance;

/** Tuples and lists order lexicographically (`(major, minor) >= (1, 12)`): the first items that differ decide. */
function orderSequences(op: string, l: PyValue[], r: PyValue[]): boolean | undefined {
  for (let i = 0; i < Math.min(l.length, r.length); i++) {
    const same = compareValues('==', l[i], r[i]);
    if (same === undefined) return undefined;
    if (!same) return compareValues(op, l[i], r[i]);
  }
  return compareValues(op, l.length, r.length);
}

export function compareValues(op: string, l: PyValue, r: PyValue): boolean | undefined {
  if (op === 'is' || op === 'is not') {
    const same = identical(l, r);
    return same === undefined ? undefined : (op === 'is') === same;
  }
  if (op === 'in' || op === 'not in') {
    let found: boolean | undefined;
    if (Array.isArray(r)) {
      // `x in items` is `any(x == item)`: an item not known statically leaves a miss undecided
      const each = r.map((x) => compareValues('==', x, l));
      found = each.some((e) => e === true) ? true : each.every((e) => e === false) ? false : undefined;
    }
    else if (r instanceof DictValue && r.keyFor(l) !== undefined) found = r.entries.has(r.keyFor(l)!);
    else if (typeof r === 'string' && typeof l === 'string') found = r.includes(l);
    if (found === undefined) return undefined;
    return op === 'in' ? found : !found;
  }
  if (isSymInt(l) || isSymInt(r)) return symbolicCompare(op, l, r);
  const a = typeof l === 'boolean' ? Number(l) : l;
  const b = typeof r === 'boolean' ? Number(r) : r;
  if ((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')) {
    switch (op) {
      case '==': return a === b;
      case '!=': case '<>': return a !== b;
      case '<': return a < b;
      case '>': return a > b;
      case '<=': return a <= b;
      case '>=': return a >= b;
    }
  }
  if (Array.isArray(l) && Array.isArray(r) && ['<', '>', '<=', '>='].includes(op)) return orderSequences(op, l, r);
  if ((op === '==' || op === '!=') && (identityValue(l) || identityValue(r))) {
    // classes, functions and modules compare by identity (`norm_layer in (nn.BatchNorm2d, MyNorm)`)
    const same = identical(l, r);
    return same === undefined ? undefined : (op === '==') === same;
  }
  if (op === '==' || op === '!=') {
    if (l === null || r === null || typeof l !== 'object' || typeof r !== 'object') {
      if (isUnknownValue(l) || isUnknownValue(r) || l instanceof TensorValue || r instanceof TensorValue) return undefined;
      return op === '==' ? l === r : l !== r;
    }
    if (Array.isArray(l) && Array.isArray(r)) {
      if (l.length !== r.length) return op === '!=';
      let all = true;
      for (let i = 0; i < l.length; i++) {
        const e = compareValues('==', l[i], r[i]);
        if (e === undefined) return undefined;
        all &&= e;
      }
      return op === '==' ? all : !all;
    }
  }
  return undefined;
}

/** A layer's constructor argument read back as an attribute (`self.conv1.out_channels`). */