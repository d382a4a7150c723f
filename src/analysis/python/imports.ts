// Import statements: which local names stand for which library names (torch, torch.nn as nn, from torch.nn import
// Conv2d, from torch.nn import *). Library names are QualName values resolved when called (library.ts).
import { field, fields, namedChildren, textOf, type Syntax } from '../syntax';
import { QualName, type Scope } from './values';

/** Binds `import …` / `from … import …` names to library qualified names. */
export function bindImport(node: Syntax, scope: Scope): void {
  if (node.type === 'import_statement') {
    for (const c of namedChildren(node)) {
      if (c.type === 'dotted_name') {
        const full = textOf(c);
        scope.vars.set(full.split('.')[0], new QualName(full.split('.')[0]));
      } else if (c.type === 'aliased_import') {
        const name = field(c, 'name');
        const alias = field(c, 'alias');
        if (name && alias) scope.vars.set(textOf(alias), new QualName(textOf(name)));
      }
    }
    return;
  }
  const moduleNode = field(node, 'module_name');
  if (!moduleNode) return;
  const module = textOf(moduleNode);
  if (node.children.some((c) => c.type === 'wildcard_import')) {
    const star = scope.vars.get('*');
    scope.vars.set('*', [...(Array.isArray(star) ? star : []), module]);
    return;
  }
  for (const c of fields(node, 'name')) {
    if (c.type === 'dotted_name') {
      const n = textOf(c);
      scope.vars.set(n, new QualName(`${module}.${n}`));
    } else if (c.type === 'aliased_import') {
      const name = field(c, 'name');
      const alias = field(c, 'alias');
      if (name && alias) scope.vars.set(textOf(alias), new QualName(`${module}.${textOf(name)}`));
    }
  }
}
