// collections.OrderedDict and dict(): the mappings nn.Sequential and nn.ModuleDict are built from.
import { DictValue, type PyValue } from '../values';
import type { Handler } from './index';

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

export const collectionsHandlers: Record<string, Handler> = {
  'collections.OrderedDict': mapping,
  'builtins.dict': mapping,
};
