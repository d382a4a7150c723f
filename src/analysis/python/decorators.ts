// Decorators of the project's own code run as Python runs them: `@register_model def resnet50(…)` is
// `resnet50 = register_model(resnet50)`, so a registry the decorator fills (timm's pretrained configurations, looked
// up again when a factory builds its model) holds what it holds in Python. Library decorators (`@torch.no_grad()`,
// `@staticmethod`) stay as they are: the function runs as written.
import { field, namedChildren, textOf, type Unit } from '../syntax';
import type { Frame } from './evaluator';
import { Interrupted, type Interpreter } from './interpreter';
import { FunctionValue } from './values';

/**
 * Runs the decorators of the top-level functions among `units` that are functions of the project, innermost first,
 * and binds each function's name to what they return (a function; anything else leaves the function as written).
 * Called once the module's other statements ran, so what a decorator reads (`default_cfgs`) is defined.
 */
export function runDecorators(it: Interpreter, units: readonly Unit[], frame: Frame): void {
  for (const unit of units) {
    if (unit.root.type !== 'decorated_definition') continue;
    const def = field(unit.root, 'definition');
    const nameNode = def && def.type === 'function_definition' ? field(def, 'name') : undefined;
    if (!nameNode) continue;
    const name = textOf(nameNode);
    let fn = frame.scope.vars.get(name);
    for (const decorator of namedChildren(unit.root).filter((c) => c.type === 'decorator').reverse()) {
      if (!(fn instanceof FunctionValue)) break;
      const expression = namedChildren(decorator)[0];
      if (!expression || (expression.type !== 'identifier' && expression.type !== 'attribute')) break;
      it.restart();
      try {
        const callee = it.eval(expression, frame);
        if (!(callee instanceof FunctionValue)) break; // a library decorator: the function as written
        const result = it.callFunction(callee, [fn], new Map(), decorator);
        if (!(result instanceof FunctionValue)) break;
        fn = result;
      } catch (e) {
        if (e instanceof Interrupted) throw e;
        break; // a decorator that cannot be followed (or raises) leaves the function as written
      }
    }
    if (fn instanceof FunctionValue) frame.scope.vars.set(name, fn);
  }
}
