// Which code of a file builds its models: the names that may make one (imported modules, classes, functions), the
// script-like functions worth running in search of one, and the statement in them that builds it.
import type { Syntax, Unit } from '../syntax';
import { field, namedChildren, textOf } from '../syntax';
import type { Interpreter } from './interpreter';
import { ClassValue, FunctionValue, PyModule, type PyValue, type Scope } from './values';

/** A name bound by an import of the project's own code that may build a model: a module, a model class, a function. */
export function importedMaker(it: Interpreter, v: PyValue, globals: Scope): boolean {
  if (v instanceof PyModule) return true;
  if (v instanceof ClassValue) return it.classKind(v) !== 'object';
  return v instanceof FunctionValue && v.closure !== globals;
}

/** `name = Maker(…)` (also `name = module.Maker(…)`) where Maker is one of the file's model classes or factories. */
export function buildsModel(stmt: Syntax, makers: ReadonlySet<string>): boolean {
  const assignment = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : undefined;
  const call = assignment?.type === 'assignment' ? field(assignment, 'right') : undefined;
  const fn = call?.type === 'call' ? field(call, 'function') : undefined;
  const called = fn?.type === 'attribute' ? field(fn, 'attribute') : fn;
  return called?.type === 'identifier' && makers.has(textOf(called));
}

/** A function that names a model class or factory of the file (other than itself), or makes a tensor: worth running. */
export function buildsOrCallsModel(unit: Unit, self: string, makers: ReadonlySet<string>): boolean {
  for (const n of unit.identifiers) if (n !== self && makers.has(n)) return true;
  return /\b(randn|rand|zeros|ones|empty)\s*\(/.test(unit.text);
}
