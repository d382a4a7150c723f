// collections.OrderedDict and dict(): the mappings nn.Sequential and nn.ModuleDict are built from.
import { unknown } from '../../../engine';
import { DictValue, markSequence, NamespaceValue, PartialValue, QualName, type PyValue } from '../values';
import type { Handler } from './index';

/** The field names of namedtuple('T', ['a', 'b']) or namedtuple('T', 'a b') / 'a, b'. */
function fieldNames(ev: Parameters<Handler>[0], v: PyValue | undefined): string[] | undefined {
  if (typeof v === 'string') return v.split(/[\s,]+/).filter((s) => s !== '');
  const items = v === undefined ? undefined : ev.iterate(v);
  return items?.every((x) => typeof x === 'string') ? (items as string[]) : undefined;
}

/**
 * collections.namedtuple(typename, fields, defaults=…): the class is a partial of the constructor below with the
 * field names bound, so calling it builds an instance.
 */
const namedtuple: Handler = (ev, c) => {
  const fields = fieldNames(ev, c.args[1] ?? c.kwargs.get('field_names'));
  if (!fields) return unknown('namedtuple() with field names not known statically');
  const defaults = ev.iterate(c.kwargs.get('defaults') ?? []) ?? [];
  return new PartialValue(new QualName('collections.namedtuple.__new__'), [fields, defaults], new Map());
};

/** An instance: positional values, then keywords, then the defaults of the last fields. */
const newRecord: Handler = (_ev, c) => {
  const [fields, defaults, ...values] = c.args as [string[], PyValue[], ...PyValue[]];
  const attrs = new Map<string, PyValue>();
  fields.forEach((name, i) => {
    const fromDefault = i - (fields.length - defaults.length);
    // None is a value (`min_depth=None`), not a missing field
    const v = i < values.length ? values[i] : c.kwargs.has(name) ? c.kwargs.get(name) : fromDefault >= 0 ? defaults[fromDefault] : undefined;
    attrs.set(name, v === undefined ? unknown(`the field ${name} is not given`) : v);
  });
  return new NamespaceValue(attrs, 'namedtuple', true);
};

/** A namedtuple's own methods: `_replace(field=…)` (a new record; a name that is not a field is Python's error), `_asdict()`. */
export function namedtupleMethod(self: NamespaceValue, name: string, kwargs: Map<string, PyValue>): PyValue {
  if (name === '_asdict') return new DictValue(new Map(self.attrs));
  if (name !== '_replace') return unknown(`namedtuple.${name}() is not followed statically`);
  if ([...kwargs.keys()].some((k) => !self.attrs.has(k))) return unknown('_replace() of a field the namedtuple does not have');
  return new NamespaceValue(new Map([...self.attrs, ...kwargs]), self.origin, true);
}

/** OrderedDict([(k, v), …]), OrderedDict(other), dict(a=1): entries in order. */
const mapping: Handler = (_ev, c) => {
  const d = new DictValue();
  const src = c.args[0];
  const pairs: PyValue[] = Array.isArray(src) ? src : src instanceof DictValue ? [...src.entries].map(([k, v]) => [k, v]) : [];
  for (const pair of pairs) {
    if (Array.isArray(pair) && pair.length === 2 && (typeof pair[0] === 'string' || typeof pair[0] === 'number')) d.entries.set(pair[0], pair[1]);
  }
  for (const [k, v] of c.kwargs) d.entries.set(k, v);
  return d;
};

/** collections.defaultdict(factory, …): a dict whose missing keys get factory() when read (`out[model].tags`). */
const defaultdict: Handler = (ev, c) => {
  const d = mapping(ev, { ...c, args: c.args.slice(1) });
  return d instanceof DictValue ? new DictValue(d.entries, c.args[0] ?? null) : d;
};

/** collections.deque(iterable): a list (appendleft, popleft and the list's methods). */
const deque: Handler = (ev, c) => {
  const items = c.args[0] === undefined ? [] : ev.iterate(c.args[0]);
  return items ? markSequence([...items], 'list') : unknown('deque() of a value not known statically');
};

export const collectionsHandlers: Record<string, Handler> = {
  'collections.defaultdict': defaultdict,
  'collections.deque': deque,
  'collections.OrderedDict': mapping,
  'builtins.dict': mapping,
  'collections.namedtuple': namedtuple,
  'collections.namedtuple.__new__': newRecord,
};
