// Import statements: which local names stand for which values. A module of the project (found by the resolver:
// `from .unet_parts import *`, `from models.resnet import ResNet18`, `import models`) gives its own classes,
// functions and constants; anything else (torch, torch.nn as nn, a third-party package) is a library name — a
// QualName, resolved when called (library/).
import { field, fields, namedChildren, textOf, type Syntax } from '../syntax';
import type { ModuleResolver } from './evaluator';
import { isUnknownValue, type PyModule, QualName, type PyValue, type Scope } from './values';

/** `.parts` → level 1, name 'parts'; `..` → level 2, name ''; `models.resnet` → level 0. */
function splitRelative(text: string): { level: number; name: string } {
  const dots = /^\.*/.exec(text)![0].length;
  return { level: dots, name: text.slice(dots) };
}

/** Binds `import …` / `from … import …` names to project modules' values or to library names. */
export function bindImport(node: Syntax, scope: Scope, resolver?: ModuleResolver): void {
  if (node.type === 'import_statement') {
    for (const c of namedChildren(node)) {
      if (c.type === 'dotted_name') {
        // `import a.b.c` binds `a` (the package; its submodules are reached as attributes)
        const root = textOf(c).split('.')[0];
        scope.vars.set(root, resolver?.module(root, 0) ?? new QualName(root));
      } else if (c.type === 'aliased_import') {
        const name = field(c, 'name');
        const alias = field(c, 'alias');
        if (name && alias) scope.vars.set(textOf(alias), resolver?.module(textOf(name), 0) ?? new QualName(textOf(name)));
      }
    }
    return;
  }
  const moduleNode = field(node, 'module_name');
  if (!moduleNode) return;
  const { level, name } = splitRelative(textOf(moduleNode));
  const module = resolver?.module(name, level);
  if (node.children.some((c) => c.type === 'wildcard_import')) {
    if (module) {
      // `from .parts import *`: the module's public names (its __all__ when it has one)
      const all = module.scope.vars.get('__all__');
      const names = Array.isArray(all) ? all.filter((n): n is string => typeof n === 'string') : [...module.scope.vars.keys()].filter((n) => !n.startsWith('_'));
      for (const n of names) {
        const v = module.scope.vars.get(n);
        if (v !== undefined) scope.vars.set(n, v);
      }
      return;
    }
    const star = scope.vars.get('*');
    scope.vars.set('*', [...(Array.isArray(star) ? star : []), textOf(moduleNode)]);
    return;
  }
  for (const c of fields(node, 'name')) {
    const nameNode = c.type === 'aliased_import' ? field(c, 'name') : c;
    const aliasNode = c.type === 'aliased_import' ? field(c, 'alias') : c;
    if (!nameNode || !aliasNode) continue;
    const imported = textOf(nameNode);
    if (module) {
      bindFromModule(scope, textOf(aliasNode), module, imported, resolver!, name, level);
      continue;
    }
    // `from . import blocks` in a folder without __init__.py: blocks is a module of that folder; `from torchvision
    // import models`: a module ShapeLens ships
    const sibling = level > 0 && name === '' ? resolver?.module(imported, level) : level === 0 ? resolver?.library?.(`${name}.${imported}`) : undefined;
    scope.vars.set(textOf(aliasNode), sibling ?? new QualName(`${textOf(moduleNode)}.${imported}`));
  }
}

/**
 * Names an import cycle reached before their module defined them, each with the module and name it waits for.
 * Python runs a package's __init__ before any of its submodules, so in a package whose modules import each other
 * (timm: _builder → _hub → `from timm import __version__` → timm/__init__ → models/__init__ → resnet →
 * `from ._builder import build_model_with_cfg`) the module is whole by the time the name is used; the analysis loads
 * a submodule without running its packages first, so which module comes back half run depends on which file was
 * analysed first. Binding the name once its module has run makes the result the same in every order.
 */
const awaiting = new WeakMap<object, { readonly module: PyModule; readonly name: string }>();

function bindFromModule(scope: Scope, alias: string, module: PyModule, name: string, resolver: ModuleResolver, moduleName: string, level: number): void {
  const value = fromModule(module, name, resolver, moduleName, level);
  scope.vars.set(alias, value);
  if (!isUnknownValue(value)) return;
  // not defined yet in a module still running, or bound there to a name that waits in turn
  const source = module.running && !module.scope.vars.has(name) ? { module, name } : awaiting.get(value);
  if (!source?.module.running) return;
  awaiting.set(value, source);
  source.module.afterRun(() => {
    const later = source.module.scope.vars.get(source.name);
    // a name the importer rebound since keeps its own value
    if (later !== undefined && scope.vars.get(alias) === value) scope.vars.set(alias, later);
  });
}

/** `from m import x`: m's top-level x, or its submodule x (`from . import blocks`). */
function fromModule(module: PyModule, name: string, resolver: ModuleResolver, moduleName: string, level: number): PyValue {
  const v = module.scope.vars.get(name);
  if (v !== undefined) return v;
  const sub = module.submodule(name) ?? resolver.module(moduleName ? `${moduleName}.${name}` : name, level);
  return sub ?? module.undefinedName(name);
}
