// Running a module of the project that the analysed file imports: its definitions, imports and module-level code,
// as Python runs them on import (with __name__ set to the module's name, so `if __name__ == '__main__':` is
// skipped). The result is the module's top-level names: classes and functions whose closure is that module's
// scope, constants, partials, model instances.
import type { Syntax, Unit } from '../syntax';
import { field, textOf } from '../syntax';
import { BudgetExceeded, type PyFile } from './evaluator';
import { bindImport } from './imports';
import { Interpreter } from './interpreter';
import { runDecorators } from './decorators';
import { ClassValue, FunctionValue } from './values';

/** Steps one imported module's top-level code may take (a training script imported by mistake stops early). */
const MODULE_STEPS = 50_000;

function definitionOf(root: Syntax): Syntax | undefined {
  if (root.type === 'class_definition' || root.type === 'function_definition') return root;
  if (root.type === 'decorated_definition') return field(root, 'definition');
  return undefined;
}

/** Fills `file.globals` by running the module's units: definitions and imports first, then the other statements. */
export function runModule(file: PyFile, units: readonly Unit[], moduleName: string): void {
  const globals = file.globals;
  globals.vars.set('__name__', moduleName);
  const rest: Unit[] = [];
  for (const unit of units) {
    const def = definitionOf(unit.root);
    const nameNode = def && field(def, 'name');
    if (def && nameNode) {
      const name = textOf(nameNode);
      globals.vars.set(name, def.type === 'class_definition' ? new ClassValue(name, def, globals) : new FunctionValue(name, def, globals));
    } else if (unit.root.type === 'import_statement' || unit.root.type === 'import_from_statement') {
      bindImport(unit.root, globals, file.imports);
    } else if (unit.root.type !== 'comment') rest.push(unit);
  }
  const it = new Interpreter(file);
  it.allowSteps(MODULE_STEPS);
  for (const unit of rest) {
    try {
      it.exec(unit.root, { scope: globals });
    } catch (e) {
      if (e instanceof BudgetExceeded) break; // what ran so far stays; the rest of the module is not followed
      // a construct that breaks the interpreter costs that statement only
    }
  }
  runDecorators(it, units, { scope: globals });
}
