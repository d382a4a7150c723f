// The statement half of the TypeScript translation: imports, declarations, assignments and destructuring, if/for
// loops (a counted for loop becomes `for i in range(…)`), each as the Python statement it mirrors.
import { JS_PYTORCH_CLASSES } from '../../engine';
import { field, fields, namedChildren, textOf, type Syntax } from '../syntax';
import { as, node, token, type Extent } from './nodes';
import { ARITHMETIC, importsJsPytorch, inner, JS_PYTORCH_MODULE, LIBRARY_ROOT, neverEnds, stringText } from './translateShared';
import { ExpressionTranslator } from './translateExpressions';

export abstract class StatementTranslator extends ExpressionTranslator {
  abstract topLevel(n: Syntax): Syntax;
  abstract functionDef(n: Syntax, nameNode: Syntax | undefined, isMethod: boolean, fieldInits?: Syntax[], rename?: string): Syntax;
  protected abstract classDef(n: Syntax): Syntax;
  protected abstract pass(n: Syntax): Syntax;
  protected abstract comment(n: Syntax): Syntax;

  protected importStatement(n: Syntax): Syntax {
    const source = field(n, 'source');
    if (!source || !/torch/i.test(textOf(source))) return this.pass(n);
    const bindings: { imported: string | undefined; local: Syntax }[] = [];
    const clause = n.children.find((c) => c.type === 'import_clause');
    for (const c of clause ? namedChildren(clause) : []) {
      if (c.type === 'identifier') bindings.push({ imported: undefined, local: c });
      else if (c.type === 'namespace_import') {
        const local = namedChildren(c).find((x) => x.type === 'identifier');
        if (local) bindings.push({ imported: undefined, local });
      } else if (c.type === 'named_imports') {
        for (const s of namedChildren(c)) {
          const name = field(s, 'name');
          if (s.type === 'import_specifier' && name) bindings.push({ imported: textOf(name), local: field(s, 'alias') ?? name });
        }
      }
    }
    return this.bind(n, bindings, importsJsPytorch(textOf(n)));
  }

  /**
   * Python imports for (imported name → local name) bindings; `imported` undefined = the package itself. From
   * js-pytorch, the package and its nn are js-pytorch's (its own classes differ from PyTorch's).
   */
  protected bind(n: Syntax, bindings: { imported: string | undefined; local: Syntax }[], js = false): Syntax {
    const byModule = new Map<string, Syntax[]>();
    const root = js ? JS_PYTORCH_MODULE : 'torch';
    for (const b of bindings) {
      const local = textOf(b.local);
      const imported = b.imported ?? (local === 'nn' ? 'nn' : local === 'F' ? 'F' : 'torch');
      const [module, name] = imported === 'torch' ? ['', root]
        : imported === 'nn' ? [root, 'nn']
        : imported === 'F' || imported === 'functional' ? ['torch.nn', 'functional']
        : /^[A-Z]/.test(imported) ? [js && JS_PYTORCH_CLASSES.includes(imported) ? `${root}.nn` : 'torch.nn', imported]
        : ['torch', imported];
      const alias = node('aliased_import', this.at(b.local), [
        as(this.named('dotted_name', name, b.local), 'name'), as(this.id(b.local), 'alias')]);
      const list = byModule.get(module) ?? [];
      list.push(module ? as(alias, 'name') : alias);
      byModule.set(module, list);
    }
    const statements: Syntax[] = [];
    for (const [module, names] of byModule) {
      statements.push(module
        ? node('import_from_statement', this.at(n), [as(this.named('dotted_name', module, n), 'module_name'), ...names])
        : node('import_statement', this.at(n), names));
    }
    if (statements.length === 1) return statements[0];
    return statements.length ? node('block', this.at(n), statements) : this.pass(n);
  }

  /** The value is `require('js-pytorch')` (any package whose name contains torch). */
  protected requireOf(value: Syntax | undefined): boolean {
    if (!value || value.type !== 'call_expression') return false;
    const fn = field(value, 'function');
    const args = field(value, 'arguments');
    const first = args && inner(args);
    return !!fn && textOf(fn) === 'require' && !!first && first.type === 'string' && /torch/i.test(textOf(first));
  }

  // ── Classes ─────────────────────────────────────────────────────────────────────────────────────────────────
  protected assignment(left: Syntax, right: Syntax, at: Extent): Syntax {
    return node('expression_statement', at, [node('assignment', at, [as(left, 'left'), as(right, 'right')])]);
  }

  protected block(n: Syntax | undefined, extra: Syntax[] = []): Syntax {
    if (!n) return node('block', { unit: this.unit, start: 0, end: 0 }, extra);
    return node('block', this.at(n), [...this.statement(n), ...extra]);
  }

  statement(n: Syntax): Syntax[] {
    switch (n.type) {
      case 'expression_statement': {
        const e = inner(n);
        return e ? this.expressionStatement(e, n) : [];
      }
      case 'lexical_declaration':
      case 'variable_declaration': {
        const declarators = namedChildren(n).filter((c) => c.type === 'variable_declarator');
        return declarators.flatMap((d) => this.declarator(d, declarators.length === 1 ? n : d));
      }
      case 'return_statement': {
        const value = inner(n);
        return [node('return_statement', this.at(n), value ? [this.expr(value)] : [])];
      }
      case 'if_statement': return [this.ifStatement(n)];
      case 'for_statement': return this.forStatement(n);
      case 'for_in_statement': {
        const left = field(n, 'left');
        const right = field(n, 'right');
        if (!left || !right) return [];
        // for…of walks the items; for (k in obj) an object's keys, which is what Python's for does over a dict
        return [node('for_statement', this.at(n), [as(this.target(left), 'left'), as(this.expr(right), 'right'), as(this.block(field(n, 'body')), 'body')])];
      }
      case 'while_statement': {
        const cond = field(n, 'condition');
        return [node('while_statement', this.at(n), [cond && as(this.expr(cond), 'condition'), as(this.block(field(n, 'body')), 'body')])];
      }
      case 'do_statement': {
        const cond = field(n, 'condition');
        const body = field(n, 'body');
        return [...(body ? this.statement(body) : []),
          node('while_statement', this.at(n), [cond && as(this.expr(cond), 'condition'), as(this.block(body), 'body')])];
      }
      case 'statement_block': return namedChildren(n).flatMap((c) => this.statement(c));
      case 'break_statement': return [node('break_statement', this.at(n))];
      case 'continue_statement': return [node('continue_statement', this.at(n))];
      case 'throw_statement': return [node('raise_statement', this.at(n))];
      case 'try_statement': return [node('try_statement', this.at(n), [as(this.block(field(n, 'body')), 'body')])];
      case 'labeled_statement': {
        const body = field(n, 'body');
        return body ? this.statement(body) : [];
      }
      case 'function_declaration':
      case 'generator_function_declaration':
        return [this.functionDef(n, field(n, 'name'), false)];
      case 'class_declaration':
        return [this.classDef(n)];
      case 'export_statement': {
        const decl = field(n, 'declaration');
        return decl ? [this.topLevel(decl)] : [];
      }
      default:
        return []; // types, interfaces, enums, empty statements: no effect on shapes
    }
  }

  protected expressionStatement(e: Syntax, stmt: Syntax): Syntax[] {
    const at = this.at(stmt);
    switch (e.type) {
      case 'assignment_expression': {
        const left = field(e, 'left');
        const right = field(e, 'right');
        return left && right ? [this.assignment(this.target(left), this.expr(right), at)] : [];
      }
      case 'augmented_assignment_expression': {
        const left = field(e, 'left');
        const right = field(e, 'right');
        const op = e.children.find((c) => c.field === 'operator')?.type ?? '';
        if (!left || !right || !ARITHMETIC.has(op.slice(0, -1))) return [node('expression_statement', at, [this.expr(e)])];
        return [node('expression_statement', at, [node('augmented_assignment', at, [
          as(this.target(left), 'left'), token(op, this.at(e), 'operator'), as(this.expr(right), 'right')])])];
      }
      case 'update_expression': {
        const arg = field(e, 'argument');
        const op = e.children.find((c) => c.field === 'operator')?.type;
        if (!arg) return [];
        return [node('expression_statement', at, [node('augmented_assignment', at, [
          as(this.target(arg), 'left'), token(op === '--' ? '-=' : '+=', this.at(e), 'operator'), as(this.named('integer', '1', e), 'right')])])];
      }
      case 'sequence_expression':
        return namedChildren(e).flatMap((c) => this.expressionStatement(c, c));
      default:
        return [node('expression_statement', at, [this.expr(e)])];
    }
  }

  /** `const x = …`, `let [a, [b, c]] = …`, `const { nn } = torch`, `const f = (a) => …`. */
  protected declarator(d: Syntax, stmt: Syntax): Syntax[] {
    const name = field(d, 'name');
    const value = field(d, 'value');
    if (!name || !value) return [];
    if (this.requireOf(value)) {
      const js = importsJsPytorch(textOf(value));
      if (name.type === 'identifier') return [this.bind(stmt, [{ imported: undefined, local: name }], js)];
      if (name.type === 'object_pattern') {
        const bindings: { imported: string | undefined; local: Syntax }[] = [];
        for (const p of namedChildren(name)) {
          if (p.type === 'shorthand_property_identifier_pattern') bindings.push({ imported: textOf(p), local: p });
          else if (p.type === 'pair_pattern') {
            const key = field(p, 'key');
            const local = field(p, 'value');
            if (key && local?.type === 'identifier') bindings.push({ imported: textOf(key), local });
          }
        }
        return [this.bind(stmt, bindings, js)];
      }
      return [];
    }
    if ((value.type === 'arrow_function' || value.type === 'function_expression' || value.type === 'function') && name.type === 'identifier') {
      return [this.functionDef(value, name, false)];
    }
    if (name.type === 'object_pattern') {
      return this.destructure(name, this.expr(value), this.at(stmt), !LIBRARY_ROOT.test(textOf(value)));
    }
    return [this.assignment(this.target(name), this.expr(value), this.at(stmt))];
  }

  /** `{ a, b = 2, c: { d } }` taken from `source`: dict lookups (`.get`) or, for the library, attributes. */
  protected destructure(pattern: Syntax, source: Syntax, at: Extent, dict: boolean): Syntax[] {
    const out: Syntax[] = [];
    const read = (keyNode: Syntax, key: string, dflt: Syntax | undefined): Syntax => {
      if (!dict) return node('attribute', this.at(keyNode), [as(source, 'object'), as(this.named('identifier', key, keyNode), 'attribute')]);
      const get = node('attribute', this.at(keyNode), [as(source, 'object'), as(this.named('identifier', 'get', keyNode), 'attribute')]);
      const keyString = node('string', this.at(keyNode), [this.named('string_content', key, keyNode)]);
      return node('call', this.at(keyNode), [as(get, 'function'),
        as(node('argument_list', this.at(keyNode), [keyString, dflt ?? node('none', this.at(keyNode))]), 'arguments')]);
    };
    if (pattern.type === 'array_pattern') return [this.assignment(this.target(pattern), source, at)];
    for (const p of namedChildren(pattern)) {
      if (p.type === 'shorthand_property_identifier_pattern') {
        out.push(this.assignment(this.id(p), read(p, textOf(p), undefined), this.at(p)));
      } else if (p.type === 'object_assignment_pattern') {
        const left = field(p, 'left');
        const right = field(p, 'right');
        if (left) out.push(this.assignment(this.id(left), read(left, textOf(left), right && this.expr(right)), this.at(p)));
      } else if (p.type === 'pair_pattern') {
        const key = field(p, 'key');
        const value = field(p, 'value');
        if (!key || !value) continue;
        const keyText = key.type === 'string' ? stringText(key) : textOf(key);
        if (value.type === 'identifier') out.push(this.assignment(this.id(value), read(key, keyText, undefined), this.at(p)));
        else if (value.type === 'assignment_pattern') {
          const left = field(value, 'left');
          const right = field(value, 'right');
          if (left?.type === 'identifier') out.push(this.assignment(this.id(left), read(key, keyText, right && this.expr(right)), this.at(p)));
        } else out.push(...this.destructure(value, read(key, keyText, undefined), this.at(p), dict));
      }
    }
    return out;
  }

  /** An assignment target: a name, `this.x`, `a[i]`, or an array pattern. */
  protected target(n: Syntax): Syntax {
    switch (n.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
        return this.id(n);
      case 'array_pattern':
        return node('list_pattern', this.at(n), namedChildren(n).map((c) => {
          if (c.type === 'rest_pattern') {
            const t = inner(c);
            return node('list_splat_pattern', this.at(c), t ? [this.target(t)] : []);
          }
          if (c.type === 'assignment_pattern') {
            const left = field(c, 'left');
            return left ? this.target(left) : this.id(c);
          }
          return this.target(c);
        }));
      case 'parenthesized_expression': {
        const i = inner(n);
        return i ? this.target(i) : this.id(n);
      }
      case 'non_null_expression':
      case 'as_expression': {
        const i = inner(n);
        return i ? this.target(i) : this.id(n);
      }
      default:
        return this.expr(n); // member and subscript expressions: attribute / subscript
    }
  }

  protected ifStatement(n: Syntax): Syntax {
    const cond = field(n, 'condition');
    const consequence = field(n, 'consequence');
    const alternative = field(n, 'alternative');
    const children: (Syntax | undefined)[] = [
      cond && as(this.expr(cond), 'condition'),
      as(this.block(consequence), 'consequence'),
    ];
    if (alternative) {
      const body = inner(alternative);
      children.push(as(node('else_clause', this.at(alternative), [as(body ? this.block(body) : this.block(undefined), 'body')]), 'alternative'));
    }
    return node('if_statement', this.at(n), children);
  }

  /**
   * `for (let i = a; i < b; i++)` is Python's `for i in range(a, b)` (also <=, >, >=, i += k, i--); any other
   * three-part loop runs as a while loop with the update at the end of the body.
   */
  protected forStatement(n: Syntax): Syntax[] {
    const init = field(n, 'initializer');
    const cond = fields(n, 'condition').find((c) => c.named);
    const incr = field(n, 'increment');
    const body = field(n, 'body');
    const range = this.rangeLoop(init, cond, incr, n);
    if (range) return [node('for_statement', this.at(n), [as(range.variable, 'left'), as(range.call, 'right'), as(this.block(body), 'body')])];
    const before = init ? (init.type === 'expression_statement' || init.type.endsWith('declaration') ? this.statement(init) : this.expressionStatement(init, init)) : [];
    const update = incr ? this.expressionStatement(incr, incr) : [];
    const condition = cond && cond.type !== 'expression_statement' ? cond : cond && inner(cond);
    if (condition && neverEnds(condition, incr, body)) {
      // JavaScript would hang here: the analysis stops with a diagnostic (rather than following the body thousands
      // of times); the interpreter's endless_loop reads the condition, and the variable and update for its message
      const variable = field(condition, 'left');
      return [...before, node('endless_loop', this.at(n), [as(this.expr(condition), 'condition'),
        variable && as(variable, 'variable'), incr && as(incr, 'update')])];
    }
    return [...before, node('while_statement', this.at(n), [
      as(condition ? this.expr(condition) : node('true', this.at(n)), 'condition'), as(this.block(body, update), 'body')])];
  }

  protected rangeLoop(init: Syntax | undefined, cond: Syntax | undefined, incr: Syntax | undefined, n: Syntax):
    { variable: Syntax; call: Syntax } | undefined {
    if (!init || !cond || !incr) return undefined;
    // the loop variable and its start
    let variable: Syntax | undefined;
    let start: Syntax | undefined;
    if (init.type === 'lexical_declaration' || init.type === 'variable_declaration') {
      const ds = namedChildren(init).filter((c) => c.type === 'variable_declarator');
      if (ds.length !== 1) return undefined;
      variable = field(ds[0], 'name');
      start = field(ds[0], 'value');
    } else {
      const e = init.type === 'expression_statement' ? inner(init) : init;
      if (e?.type === 'assignment_expression') [variable, start] = [field(e, 'left'), field(e, 'right')];
    }
    if (variable?.type !== 'identifier' || !start) return undefined;
    const name = textOf(variable);
    // the bound
    const test = cond.type === 'expression_statement' ? inner(cond) : cond;
    if (test?.type !== 'binary_expression' || field(test, 'left')?.type !== 'identifier' || textOf(field(test, 'left')!) !== name) return undefined;
    const op = test.children.find((c) => c.field === 'operator')?.type ?? '';
    const bound = field(test, 'right');
    if (!bound || !['<', '<=', '>', '>='].includes(op)) return undefined;
    // the step
    let step: Syntax | undefined;
    let up: boolean | undefined;
    if (incr.type === 'update_expression' && field(incr, 'argument') && textOf(field(incr, 'argument')!) === name) {
      const u = incr.children.find((c) => c.field === 'operator')?.type;
      up = u === '++';
      step = this.named('integer', up ? '1' : '-1', incr);
    } else if (incr.type === 'augmented_assignment_expression' && field(incr, 'left') && textOf(field(incr, 'left')!) === name) {
      const a = incr.children.find((c) => c.field === 'operator')?.type;
      const k = field(incr, 'right');
      if (!k || (a !== '+=' && a !== '-=')) return undefined;
      up = a === '+=';
      step = up ? this.expr(k) : node('unary_operator', this.at(k), [token('-', this.at(k), 'operator'), as(this.expr(k), 'argument')]);
    }
    if (!step || up === undefined || up !== (op === '<' || op === '<=')) return undefined;
    let stop = this.expr(bound);
    if (op === '<=' || op === '>=') {
      stop = node('binary_operator', this.at(bound), [as(stop, 'left'), token(up ? '+' : '-', this.at(bound), 'operator'), as(this.named('integer', '1', bound), 'right')]);
    }
    const call = node('call', this.at(n), [as(this.named('identifier', 'range', n), 'function'),
      as(node('argument_list', this.at(n), [this.expr(start), stop, step]), 'arguments')]);
    return { variable: this.id(variable), call };
  }

  // ── Expressions ─────────────────────────────────────────────────────────────────────────────────────────────
}
