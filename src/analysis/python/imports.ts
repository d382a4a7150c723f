// Import statements: which local names stand for which values. A module of the project (found by the resolver:
// `from .unet_parts import *`, `from models.resnet import ResNet18`, `import models`) gives its own classes,
// functions and constants; anything else (torch, torch.nn as nn, a third-party package) is a library name — a
// QualName, resolved when called (library/).
import { unknown } from '../../engine';
import { field, fields, namedChildren, textOf, type Syntax } from '../syntax';
import type { ModuleResolver } from './evaluator';
import { type PyModule, QualName, type PyValue, type Scope } from './values';

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
    // `from . import blocks` in a folder without __init__.py: blocks is a module of that folder
    const sibling = !module && level > 0 && name === '' ? resolver?.module(imported, level) : undefined;
    scope.vars.set(textOf(aliasNode), module ? fromModule(module, imported, resolver!, name, level)
      : sibling ?? new QualName(`${textOf(moduleNode)}.${imported}`));
  }
}

/** `from m import x`: m's top-level x, or its submodule x (`from . import blocks`). */
function fromModule(module: PyModule, name: string, resolver: ModuleResolver, moduleName: string, level: number): PyValue {
  const v = module.scope.vars.get(name);
  if (v !== undefined) return v;
  const sub = module.submodule(name) ?? resolver.module(moduleName ? `${moduleName}.${name}` : name, level);
  return sub ?? unknown(`${name} is not defined in ${module.name}`);
}
