// The lists and dicts a file's module code leaves behind, put back as they were before each run that may change them.
// Every model of a file runs on the same module globals (they are computed once per version of the file), and a
// model's code may change a module-level list in place (`widths = CFG; widths += [512]`, `CFG.append(…)`): without
// this, the next model analysed would see that change, and a model's numbers would depend on which model the editor
// happened to analyse first.
import { DictValue, type DictKey, type PyValue } from './values';

/** Beyond this many saved items, a module's larger tables are left as they are (copying them each run costs more). */
const MAX_SAVED_ITEMS = 200_000;

/** Saves the contents of the lists and dicts reachable from `values`; the function returned puts them back. */
export function saveContainers(values: Iterable<PyValue>): () => void {
  const restores: (() => void)[] = [];
  const seen = new Set<object>();
  const stack: PyValue[] = [...values];
  let saved = 0;
  while (stack.length && saved < MAX_SAVED_ITEMS) {
    const v = stack.pop()!;
    if (Array.isArray(v) && !seen.has(v)) {
      seen.add(v);
      const items = v.slice();
      saved += items.length;
      restores.push(() => {
        v.length = 0;
        for (const item of items) v.push(item);
      });
      for (const item of items) stack.push(item);
    } else if (v instanceof DictValue && !seen.has(v)) {
      seen.add(v);
      const entries: [DictKey, PyValue][] = [...v.entries];
      saved += entries.length;
      restores.push(() => {
        v.entries.clear();
        for (const [k, item] of entries) v.entries.set(k, item);
      });
      for (const [, item] of entries) stack.push(item);
    }
  }
  return () => {
    for (const restore of restores) restore();
  };
}
