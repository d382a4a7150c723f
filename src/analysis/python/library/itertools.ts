// itertools, functools.reduce and operator: the helpers model code builds its per-stage lists with
// (`tuple(repeat(x, n))`, `list(accumulate(depths))`, `chain(*blocks)`, `reduce(operator.mul, kernel)`). Finite
// results only: an endless iterator (count(), cycle()) or a list past the loop limit is unknown.
import { unknown } from '../../../engine';
import type { Evaluator } from '../evaluator';
import { MAX_LOOP } from '../semantics';
import type { PyValue } from '../values';
import type { Handler, LibraryCall } from './index';

/** The items of every argument, or undefined when one is not known. */
function iterables(ev: Evaluator, values: readonly PyValue[]): PyValue[][] | undefined {
  const out: PyValue[][] = [];
  for (const v of values) {
    const items = ev.iterate(v);
    if (!items) return undefined;
    out.push(items);
  }
  return out;
}

const binary = (op: string): Handler => (ev, call) => ev.binary(op, call.args[0] ?? null, call.args[1] ?? null, call.node);

function product(lists: PyValue[][]): PyValue {
  let out: PyValue[][] = [[]];
  for (const items of lists) {
    if (out.length * items.length > MAX_LOOP) return unknown('itertools.product() too long to follow');
    out = out.flatMap((prefix) => items.map((x) => [...prefix, x]));
  }
  return out;
}

/** accumulate(xs[, f]): running sums (or f of the running value and the next item). */
function accumulate(ev: Evaluator, c: LibraryCall): PyValue {
  const items = ev.iterate(c.args[0] ?? null);
  if (!items) return unknown('accumulate() of a value not known statically');
  const fn = c.args[1] ?? c.kwargs.get('func');
  const initial = c.kwargs.get('initial');
  const out: PyValue[] = initial !== undefined && initial !== null ? [initial] : [];
  for (const x of items) {
    const prev = out.at(-1);
    out.push(prev === undefined ? x : fn === undefined || fn === null ? ev.binary('+', prev, x, c.node) : ev.call(fn, [prev, x], new Map(), c.node, c.frame));
  }
  return out;
}

/** functools.reduce(f, xs[, initial]). */
function reduce(ev: Evaluator, c: LibraryCall): PyValue {
  const [fn, list, initial] = c.args;
  const items = ev.iterate(list ?? null);
  if (fn === undefined || !items) return unknown('reduce() of values not known statically');
  const start = initial !== undefined ? [initial, ...items] : items;
  if (start.length === 0) return unknown('reduce() of an empty sequence raises TypeError');
  return start.slice(1).reduce<PyValue>((acc, x) => ev.call(fn, [acc, x], new Map(), c.node, c.frame), start[0]);
}

const OPERATORS: Record<string, string> = {
  add: '+', sub: '-', mul: '*', truediv: '/', floordiv: '//', mod: '%', pow: '**', matmul: '@', and_: '&', or_: '|', xor: '^',
};

export const itertoolsHandlers: Record<string, Handler> = {
  'itertools.repeat': (_ev, c) => {
    const times = c.args[1] ?? c.kwargs.get('times');
    if (typeof times !== 'number' || times > MAX_LOOP) return unknown('an endless itertools.repeat()');
    return Array.from({ length: Math.max(0, times) }, () => c.args[0] ?? null);
  },
  'itertools.chain': (ev, c) => iterables(ev, c.args)?.flat() ?? unknown('chain() of values not known statically'),
  'itertools.chain.from_iterable': (ev, c) => {
    const outer = ev.iterate(c.args[0] ?? null);
    return (outer && iterables(ev, outer)?.flat()) ?? unknown('chain.from_iterable() of values not known statically');
  },
  'itertools.product': (ev, c) => {
    const lists = iterables(ev, c.args);
    const times = c.kwargs.get('repeat') ?? 1;
    if (!lists || typeof times !== 'number') return unknown('product() of values not known statically');
    return product(Array.from({ length: times }, () => lists).flat());
  },
  'itertools.accumulate': accumulate,
  'itertools.islice': (ev, c) => {
    const items = ev.iterate(c.args[0] ?? null);
    const [start, stop, step] = c.args.length === 2 ? [0, c.args[1], 1] : [c.args[1] ?? 0, c.args[2], c.args[3] ?? 1];
    if (!items || typeof start !== 'number' || typeof step !== 'number' || (stop !== null && typeof stop !== 'number')) return unknown('islice() of values not known statically');
    const end = stop === null ? items.length : Math.min(stop as number, items.length);
    const out: PyValue[] = [];
    for (let i = start; i < end; i += step) out.push(items[i]);
    return out;
  },
  'itertools.count': () => unknown('an endless itertools.count()'),
  'itertools.cycle': () => unknown('an endless itertools.cycle()'),
  'functools.reduce': reduce,
  ...Object.fromEntries(Object.entries(OPERATORS).map(([name, op]) => [`operator.${name}`, binary(op)])),
};
