// What a kept result depends on, for its cache key: the definitions its code names (transitively) and the
// module-level statements that may give them values — a constant a class reads (`WIDTH = 16`), timm's
// `default_cfgs = {...}` a factory reads, an alias (`Block = BasicBlock`), a registry filled by module code.
import type { Unit } from '../syntax';

/** Names through which module code can reach any global (`globals()[name]`, `setattr(sys.modules[__name__], …)`). */
const DYNAMIC = new Set(['globals', 'vars', 'locals', 'sys', 'eval', 'exec', '__dict__', '__import__', 'importlib']);

/**
 * The units a result computed from `start` may have read, in a stable order: the definitions named (transitively,
 * `definitions`) and every module-level statement that shares a name with them — conservatively by name, whatever
 * the name stands for in either place, so an edit to a statement the code could read is never missed. A statement
 * found adds its own names and the definitions it names. Code reaching globals dynamically depends on all of them.
 * `byName`: the module-level statements naming each identifier, so each name is looked up once.
 */
function unitsRead(start: readonly Unit[], envUnits: readonly Unit[], byName: ReadonlyMap<string, readonly Unit[]>,
  definitions: (from: Unit[]) => Unit[]): Unit[] {
  const seen = new Set<Unit>();
  const names = new Set<string>();
  const pending: string[] = [];
  let dynamic = false;
  const add = (units: Unit[]) => {
    for (const u of units) {
      if (seen.has(u)) continue;
      seen.add(u);
      for (const n of u.identifiers) {
        if (names.has(n)) continue;
        names.add(n);
        pending.push(n);
        if (DYNAMIC.has(n)) dynamic = true;
      }
    }
  };
  add(definitions([...start]));
  while (pending.length > 0 && !dynamic) {
    for (const u of byName.get(pending.pop()!) ?? []) if (!seen.has(u)) add(definitions([u]));
  }
  if (dynamic) for (const u of envUnits) if (!seen.has(u)) add(definitions([u]));
  // in the order of the file's statements, as before the index: the key must not depend on the order names were met
  const order = new Map(envUnits.map((u, i) => [u, i]));
  return [...seen].sort((a, b) => (order.get(a) ?? -1) - (order.get(b) ?? -1));
}

/** unitsRead of each unit, worked out once per version of the file. */
export function unitsReadBy(envUnits: readonly Unit[], definitions: (from: Unit[]) => Unit[]): (start: Unit) => Unit[] {
  const known = new Map<Unit, Unit[]>();
  let byName: Map<string, Unit[]> | undefined;
  return (start) => {
    let units = known.get(start);
    if (!units) {
      if (!byName) {
        byName = new Map();
        for (const u of envUnits) {
          for (const n of u.identifiers) {
            const list = byName.get(n);
            if (list) list.push(u);
            else byName.set(n, [u]);
          }
        }
      }
      known.set(start, (units = unitsRead([start], envUnits, byName, definitions)));
    }
    return units;
  };
}
