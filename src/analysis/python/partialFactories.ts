// Factories made without a def of their own: `resnet18_gn = partial(resnet18, norm_layer=…)` and the hub style
// `setattr(sys.modules[__name__], f'{dataset}_{name}', partial(_resnet, layers=…))`, which may rebind a stub
// `def cifar10_resnet20(*args, **kwargs): pass`. The module code that binds them is seen statement by statement;
// each name it binds to a partial of a model class or a factory of the file is a factory model of the file,
// reported under that name (at the stub's def when there is one, else at the statement).
import type { Syntax, Unit } from '../syntax';
import type { Frame } from './evaluator';
import type { Interpreter } from './interpreter';
import type { Candidate } from './pythonFile';
import { ClassValue, FunctionValue, ModuleInstance, PartialValue, type PyValue } from './values';

export interface PartialBinding {
  readonly unit: Unit;
  readonly node: Syntax;
}

/** After one statement of module code: the names it bound to a partial (not those it found already bound). */
export function notePartials(before: ReadonlyMap<string, PyValue>, frame: Frame, unit: Unit, node: Syntax,
  out: Map<string, PartialBinding>): void {
  for (const [name, v] of frame.scope.vars) {
    if (v instanceof PartialValue && before.get(name) !== v && !out.has(name)) out.set(name, { unit, node });
  }
}

/** What a partial finally calls (a partial of a partial calls the inner one's function). */
function baseCallee(v: PartialValue): PyValue {
  let callee: PyValue = v;
  while (callee instanceof PartialValue) callee = callee.callee;
  return callee;
}

/**
 * The partials bound by the file's module code that make models: of a model class, or of a function of the file
 * that is a factory (a def that returns one of the file's models, directly or through another factory).
 */
export function partialCandidates(partials: ReadonlyMap<string, PartialBinding>, globals: ReadonlyMap<string, PyValue>,
  defUnits: ReadonlyMap<string, Unit>, isModelClass: (c: ClassValue) => boolean, isFactory: (name: string) => boolean,
  definitionOf: (unit: Unit) => Syntax | undefined): Candidate[] {
  const out: Candidate[] = [];
  for (const [name, binding] of partials) {
    const v = globals.get(name);
    if (!(v instanceof PartialValue)) continue;
    const base = baseCallee(v);
    const makesModel = base instanceof ClassValue ? isModelClass(base)
      : base instanceof FunctionValue && defUnits.has(base.name) && globals.get(base.name) === base && isFactory(base.name);
    if (!makesModel) continue;
    const stub = defUnits.get(name);
    const node = stub ? definitionOf(stub) ?? binding.node : binding.node;
    out.push({ name, kind: 'factory', unit: stub ?? binding.unit, node, partial: true });
  }
  return out;
}

/** Calls the partial with no further arguments, as `resnet18_gn()` would. */
export function buildFromPartial(it: Interpreter, v: PartialValue, node: Syntax, frame: Frame): ModuleInstance | undefined {
  const m = it.call(v, [], new Map(), node, frame);
  return m instanceof ModuleInstance ? m : undefined;
}
