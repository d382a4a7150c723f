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
 */
function unitsRead(start: readonly Unit[], envUnits: readonly Unit[], definitions: (from: Unit[]) => Unit[]): Unit[] {
  const seen = new Set<Unit>();
  const names = new Set<string>();
  let dynamic = false;
  const add = (units: Unit[]) => {
    for (const u of units) {
      if (seen.has(u)) continue;
      seen.add(u);
      for (const n of u.identifiers) {
        names.add(n);
        if (DYNAMIC.has(n)) dynamic = true;
      }
    }
  };
  add(definitions([...start]));
  for (let grew = true; grew;) {
    grew = false;
    for (const u of envUnits) {
      if (seen.has(u) || !(dynamic || sharesName(u, names))) continue;
      add(definitions([u]));
      grew = true;
    }
  }
  return [...seen];
}

function sharesName(u: Unit, names: ReadonlySet<string>): boolean {
  for (const n of u.identifiers) if (names.has(n)) return true;
  return false;
}

/** unitsRead of each unit, worked out once per version of the file. */
export function unitsReadBy(envUnits: readonly Unit[], definitions: (from: Unit[]) => Unit[]): (start: Unit) => Unit[] {
  const known = new Map<Unit, Unit[]>();
  return (start) => {
    let units = known.get(start);
    if (!units) known.set(start, (units = unitsRead([start], envUnits, definitions)));
    return units;
  };
}
