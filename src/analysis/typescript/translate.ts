// PyTorch-style TypeScript read as the Python it mirrors. Each top-level TypeScript statement is rewritten into the
// syntax tree the equivalent Python would have (a class with `__init__` and `forward`, `self.conv1 = nn.Conv2d(…)`,
// keyword arguments, `for i in range(…)`), so the one interpreter that follows Python models follows these too and
// the numbers cannot drift apart. Offsets stay the TypeScript's: declarations, hints and fixes land on the TS text.
// The supported forms are listed in docs/typescript.md.
import { findLayer, JS_PYTORCH_CLASSES, type ArgSpec } from '../../engine';
import { field, fields, namedChildren, textOf, type Syntax, type Unit } from '../syntax';
import { as, extentOf, node, synth, token, translatedUnit, type Extent } from './nodes';

/** What a fix needs to know about the TypeScript behind a keyword argument (offsets relative to the unit). */
export interface TranslationNotes {
  /** Calls whose trailing object literal became keyword arguments: a fix adding a key goes after its last entry. */
  readonly optionCalls: { argsEnd: number; braceStart: number; lastEnd: number; empty: boolean; snake: boolean }[];
  /** Option values and the key they are written under (`inChannels`, or `stride` for the shorthand `{ stride }`). */
  readonly optionValues: { start: number; end: number; key: string; shorthand: boolean }[];
}

export interface Translation {
  readonly unit: Unit;
  readonly notes: TranslationNotes;
}

/**
 * Translates one top-level TypeScript statement. `jsPytorch`: the file imports js-pytorch, whose own classes
 * (nn.Linear, nn.Block, …) take their arguments as js-pytorch does (see library/jsPytorch.ts).
 */
export function translateUnit(original: Unit, jsPytorch = false): Translation {
  const notes: TranslationNotes = { optionCalls: [], optionValues: [] };
  const unit = translatedUnit(original, (u) => new Translator(u, notes, jsPytorch).topLevel(original.root));
  return { unit, notes };
}

/** The file imports js-pytorch (`from 'js-pytorch'`, `require("js-pytorch")`). */
export const importsJsPytorch = (text: string): boolean => /(?:\bfrom\s*|\brequire\s*\(\s*)['"]js-pytorch['"]/.test(text);

/** js-pytorch's Python stand-in: library/jsPytorch.ts resolves its names (its own classes, else PyTorch's). */
const JS_PYTORCH_MODULE = 'js_pytorch';

const CONTAINERS = new Set(['Sequential', 'ModuleList', 'ModuleDict', 'Module', 'Parameter']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '**', '<<', '>>', '&', '|', '^']);
const COMPARISON: Record<string, string> = { '<': '<', '>': '>', '<=': '<=', '>=': '>=', '==': '==', '!=': '!=', '===': '==', '!==': '!=' };
const OBJECT_METHODS: Record<string, string> = { entries: 'items', keys: 'keys', values: 'values' };
/** Math.x that are Python builtins rather than math functions. */
const MATH_BUILTINS: Record<string, string> = { max: 'max', min: 'min', abs: 'abs', round: 'round', trunc: 'int' };
/** js-pytorch's creation functions whose first argument is the shape as an array (torch.x of the registry). */
export const SHAPE_FIRST = ['randn', 'rand', 'zeros', 'ones', 'empty'];
/** Roots of a member chain that name the library (destructuring them reads attributes, not dict keys). */
const LIBRARY_ROOT = /^(?:torch|nn|F|functional)\b/;

export const camelToSnake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();

/** An option key as PyTorch spells the argument: the layer's own name when it matches (nHead → nhead), else snake_case. */
export function optionName(key: string, signature: readonly ArgSpec[]): string {
  const squash = (s: string) => s.replace(/_/g, '').toLowerCase();
  const hit = signature.find((s) => squash(s.name) === squash(key));
  return hit ? hit.name : camelToSnake(key);
}

/** PyTorch's module and parameter API in camelCase (`p.requiresGrad = false`, `m.addModule(…)`). */
const API_NAMES = new Set(['requires_grad', 'requires_grad_', 'named_children', 'named_modules', 'named_parameters', 'add_module',
  'register_module', 'register_buffer', 'register_parameter', 'zero_grad']);

/** `x.logSoftmax(1)` → log_softmax when only the snake_case spelling is an op the engine knows (or PyTorch's API). */
export function opName(name: string): string {
  if (!/^[a-z](?:\w*[a-z0-9])?[A-Z]/.test(name)) return name; // tCopy as well as logSoftmax
  if (API_NAMES.has(camelToSnake(name))) return camelToSnake(name);
  const known = (n: string) => !!(findLayer(`Tensor.${n}`) || findLayer(`torch.${n}`) || findLayer(`F.${n}`));
  const snake = camelToSnake(name);
  return !known(name) && known(snake) ? snake : name;
}

const inner = (n: Syntax): Syntax | undefined => namedChildren(n)[0];

class Translator {
  private temp = 0;
  constructor(readonly unit: Unit, readonly notes: TranslationNotes, readonly jsPytorch = false) {}

  private at(n: Syntax): Extent {
    return extentOf(n, this.unit);
  }

  private id(n: Syntax): Syntax {
    return node('identifier', this.at(n));
  }

  private named(type: string, text: string, at: Syntax): Syntax {
    return synth(type, text, this.at(at));
  }

  // ── Top level ───────────────────────────────────────────────────────────────────────────────────────────────
  topLevel(n: Syntax): Syntax {
    switch (n.type) {
      case 'comment': return this.comment(n);
      case 'import_statement': return this.importStatement(n);
      case 'export_statement': {
        const decl = field(n, 'declaration');
        if (decl) return this.topLevel(decl);
        const value = field(n, 'value');
        return value ? node('expression_statement', this.at(n), [this.expr(value)]) : this.pass(n);
      }
      case 'class_declaration':
      case 'abstract_class_declaration':
        return this.classDef(n);
      case 'function_declaration':
      case 'generator_function_declaration':
        return this.functionDef(n, field(n, 'name'), false);
      default: {
        const list = this.statement(n);
        if (list.length === 1) return list[0];
        return list.length ? node('block', this.at(n), list) : this.pass(n);
      }
    }
  }

  private pass(n: Syntax): Syntax {
    return node('pass_statement', this.at(n));
  }

  /** `// input: …` read as `# input: …` (same length, so positions stay right). */
  private comment(n: Syntax): Syntax {
    const text = textOf(n);
    const body = text.startsWith('/*') ? text.slice(2).replace(/\*\/\s*$/, '').replace(/^\*+/, '') : text.slice(2);
    return this.named('comment', `# ${body}`, n);
  }

  // ── Imports: names from a torch-like package mean what they mean in PyTorch ────────────────────────────────
  private importStatement(n: Syntax): Syntax {
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
  private bind(n: Syntax, bindings: { imported: string | undefined; local: Syntax }[], js = false): Syntax {
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
  private requireOf(value: Syntax | undefined): boolean {
    if (!value || value.type !== 'call_expression') return false;
    const fn = field(value, 'function');
    const args = field(value, 'arguments');
    const first = args && inner(args);
    return !!fn && textOf(fn) === 'require' && !!first && first.type === 'string' && /torch/i.test(textOf(first));
  }

  // ── Classes ─────────────────────────────────────────────────────────────────────────────────────────────────
  private classDef(n: Syntax): Syntax {
    const name = field(n, 'name');
    const heritage = n.children.find((c) => c.type === 'class_heritage');
    const ext = heritage?.children.find((c) => c.type === 'extends_clause');
    const base = ext && (field(ext, 'value') ?? inner(ext));
    const superclasses = node('argument_list', this.at(ext ?? name ?? n), base ? [this.expr(base)] : []);
    const body = field(n, 'body');
    const members: Syntax[] = [];
    const fieldInits: Syntax[] = [];
    let ctor: Syntax | undefined;
    for (const m of body?.children ?? []) {
      if (!m.named) continue;
      if (m.type === 'comment') {
        members.push(this.comment(m));
        continue;
      }
      const memberName = field(m, 'name');
      if (!memberName) continue;
      const before = this.unit.text.slice(m.start, memberName.start);
      const isStatic = /\bstatic\b/.test(before);
      if (m.type === 'public_field_definition') {
        const value = field(m, 'value');
        if (!value) continue; // declared only: assigned in the constructor
        if (!isStatic && (value.type === 'arrow_function' || value.type === 'function_expression')) {
          members.push(this.functionDef(value, memberName, true)); // forward = (x) => …: a method
        } else if (isStatic) {
          members.push(this.assignment(this.id(memberName), this.expr(value), this.at(m)));
        } else {
          const target = node('attribute', this.at(memberName), [as(this.named('identifier', 'this', m), 'object'), as(this.id(memberName), 'attribute')]);
          fieldInits.push(this.assignment(target, this.expr(value), this.at(m)));
        }
      } else if (m.type === 'method_definition') {
        if (/\b(?:get|set)\s*$/.test(before)) continue; // accessors are not methods the model calls
        if (textOf(memberName) === 'constructor') ctor = m;
        else members.push(this.functionDef(m, memberName, !isStatic));
      }
    }
    // Field initialisers run right after super() in the constructor; without one, a default constructor runs them.
    let init: Syntax | undefined;
    if (ctor) init = this.functionDef(ctor, field(ctor, 'name'), true, fieldInits, '__init__');
    else if (fieldInits.length) init = this.defaultConstructor(n, !!base, fieldInits);
    const leading = members.findIndex((m) => m.type !== 'comment');
    if (init) members.splice(leading < 0 ? members.length : leading, 0, init);
    return node('class_definition', this.at(n), [
      name && as(this.id(name), 'name'),
      as(superclasses, 'superclasses'),
      as(node('block', body ? this.at(body) : this.at(n), members), 'body'),
    ]);
  }

  /** `constructor(...args) { super(...args); <fields> }` for a class that only declares fields. */
  private defaultConstructor(n: Syntax, derived: boolean, fieldInits: Syntax[]): Syntax {
    const at = this.at(n);
    const args = synth('identifier', 'args', at);
    const params = node('parameters', at, [synth('identifier', 'this', at), node('list_splat_pattern', at, [args])]);
    const body: Syntax[] = [];
    if (derived) body.push(node('expression_statement', at, [this.superInit(at, [node('list_splat', at, [args])], at)]));
    body.push(...fieldInits);
    return node('function_definition', at, [as(synth('identifier', '__init__', at), 'name'), as(params, 'parameters'), as(node('block', at, body), 'body')]);
  }

  /** `super(args)` → `super().__init__(args)`. */
  private superInit(at: Extent, args: Syntax[], argsAt: Extent): Syntax {
    const empty: Extent = { unit: at.unit, start: at.start, end: at.start };
    const superCall = node('call', at, [as(synth('identifier', 'super', at), 'function'), as(node('argument_list', empty), 'arguments')]);
    const method = node('attribute', at, [as(superCall, 'object'), as(synth('identifier', '__init__', at), 'attribute')]);
    return node('call', at, [as(method, 'function'), as(node('argument_list', argsAt, args), 'arguments')]);
  }

  // ── Functions and methods ───────────────────────────────────────────────────────────────────────────────────
  /**
   * A function, method or arrow function as a Python `def`. Methods get `this` as their first parameter (Python's
   * self); `fieldInits` are the class's field initialisers, run after the constructor's super() call.
   */
  functionDef(n: Syntax, nameNode: Syntax | undefined, isMethod: boolean, fieldInits: Syntax[] = [], rename?: string): Syntax {
    const anchor = nameNode ?? n;
    const name = rename || !nameNode ? this.named('identifier', rename ?? '__lambda__', anchor) : this.id(nameNode);
    const paramsNode = field(n, 'parameters');
    const params: Syntax[] = isMethod ? [this.named('identifier', 'this', anchor)] : [];
    const prologue: Syntax[] = [];
    const afterSuper: Syntax[] = [];
    const list = paramsNode ? namedChildren(paramsNode) : [];
    // an arrow function with one bare parameter: `x => …`
    const single = field(n, 'parameter');
    if (single) list.push(single);
    for (const p of list) {
      const pattern = p.type === 'identifier' ? p : field(p, 'pattern');
      if (!pattern || pattern.type === 'this') continue;
      const value = field(p, 'value');
      const optional = p.type === 'optional_parameter';
      const defaultOf = (): Syntax | undefined => (value ? this.expr(value) : optional ? node('none', this.at(p)) : undefined);
      if (pattern.type === 'identifier') {
        const id = this.id(pattern);
        const dflt = defaultOf();
        params.push(dflt ? node('default_parameter', this.at(p), [as(id, 'name'), as(dflt, 'value')]) : id);
        // constructor(private readonly hidden: number): also this.hidden = hidden
        if (isMethod && (p.children.some((c) => c.type === 'accessibility_modifier') || /^\s*readonly\b/.test(textOf(p)))) {
          const target = node('attribute', this.at(pattern), [as(this.named('identifier', 'this', pattern), 'object'), as(this.id(pattern), 'attribute')]);
          afterSuper.push(this.assignment(target, this.id(pattern), this.at(p)));
        }
      } else if (pattern.type === 'rest_pattern') {
        const target = inner(pattern);
        if (target?.type === 'identifier') params.push(node('list_splat_pattern', this.at(p), [this.id(target)]));
      } else {
        // destructured parameter: a hidden name, unpacked first thing in the body
        const hidden = this.named('identifier', `__arg${this.temp++}`, p);
        const dflt = defaultOf();
        params.push(dflt ? node('default_parameter', this.at(p), [as(hidden, 'name'), as(dflt, 'value')]) : hidden);
        prologue.push(...this.destructure(pattern, hidden, this.at(p), true));
      }
    }
    const bodyNode = field(n, 'body');
    let body: Syntax[] = [];
    if (bodyNode?.type === 'statement_block') body = this.statement(bodyNode);
    else if (bodyNode) body = [node('return_statement', this.at(bodyNode), [this.expr(bodyNode)])];
    const late = [...afterSuper, ...fieldInits];
    if (late.length) {
      const superAt = body.findIndex((s) => s.type === 'expression_statement' && s.children[0]?.type === 'call' && isSuperInit(s.children[0]));
      body.splice(superAt + 1, 0, ...late);
    }
    const block = node('block', bodyNode ? this.at(bodyNode) : this.at(n), [...prologue, ...body]);
    return node('function_definition', this.at(n), [
      as(name, 'name'),
      as(node('parameters', paramsNode ? this.at(paramsNode) : this.at(n), params), 'parameters'),
      as(block, 'body'),
    ]);
  }

  // ── Statements ──────────────────────────────────────────────────────────────────────────────────────────────
  private assignment(left: Syntax, right: Syntax, at: Extent): Syntax {
    return node('expression_statement', at, [node('assignment', at, [as(left, 'left'), as(right, 'right')])]);
  }

  private block(n: Syntax | undefined, extra: Syntax[] = []): Syntax {
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

  private expressionStatement(e: Syntax, stmt: Syntax): Syntax[] {
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
  private declarator(d: Syntax, stmt: Syntax): Syntax[] {
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
  private destructure(pattern: Syntax, source: Syntax, at: Extent, dict: boolean): Syntax[] {
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
  private target(n: Syntax): Syntax {
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

  private ifStatement(n: Syntax): Syntax {
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
  private forStatement(n: Syntax): Syntax[] {
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

  private rangeLoop(init: Syntax | undefined, cond: Syntax | undefined, incr: Syntax | undefined, n: Syntax):
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
  expr(n: Syntax): Syntax {
    const at = this.at(n);
    switch (n.type) {
      case 'number': {
        const t = textOf(n);
        return node(/^(?:0[xXoObB][\da-fA-F_]+|\d[\d_]*)$/.test(t) ? 'integer' : 'float', at);
      }
      case 'string': return node('string', at, namedChildren(n).map((c) => node(c.type === 'escape_sequence' ? 'escape_sequence' : 'string_content', this.at(c))));
      case 'template_string':
        return node('string', at, namedChildren(n).map((c) => node(c.type === 'template_substitution' ? 'interpolation' : c.type === 'escape_sequence' ? 'escape_sequence' : 'string_content', this.at(c))));
      case 'true': return node('true', at);
      case 'false': return node('false', at);
      case 'null':
      case 'undefined':
        return node('none', at);
      case 'identifier':
      case 'this':
      case 'shorthand_property_identifier':
        return node('identifier', at);
      case 'super': return this.named('identifier', 'super', n);
      case 'parenthesized_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
      case 'await_expression': {
        const i = inner(n);
        return i ? this.expr(i) : node('none', at);
      }
      case 'type_assertion': {
        const list = namedChildren(n);
        return list.length ? this.expr(list[list.length - 1]) : node('none', at);
      }
      case 'array':
        return node('list', at, namedChildren(n).map((c) => (c.type === 'spread_element' ? this.splat(c, 'list_splat') : this.expr(c))));
      case 'object': return this.object(n);
      case 'binary_expression': return this.binary(n);
      case 'unary_expression': {
        const op = n.children.find((c) => c.field === 'operator')?.type ?? '';
        const arg = field(n, 'argument');
        if (!arg) return node('none', at);
        if (op === '!') return node('not_operator', at, [as(this.expr(arg), 'argument')]);
        if (op === '-' || op === '+' || op === '~') return node('unary_operator', at, [token(op, at, 'operator'), as(this.expr(arg), 'argument')]);
        return this.unsupported(n);
      }
      case 'update_expression': {
        const arg = field(n, 'argument');
        return arg ? this.expr(arg) : this.unsupported(n);
      }
      case 'ternary_expression': {
        const c = field(n, 'condition');
        const yes = field(n, 'consequence');
        const no = field(n, 'alternative');
        if (!c || !yes || !no) return this.unsupported(n);
        return node('conditional_expression', at, [this.expr(yes), this.expr(c), this.expr(no)]);
      }
      case 'member_expression': return this.member(n, false);
      case 'subscript_expression': {
        const object = field(n, 'object');
        const index = field(n, 'index');
        if (!object || !index) return this.unsupported(n);
        return node('subscript', at, [as(this.expr(object), 'value'), as(this.expr(index), 'subscript')]);
      }
      case 'call_expression': return this.call(n);
      case 'new_expression': return this.call(n);
      default:
        return this.unsupported(n);
    }
  }

  private unsupported(n: Syntax): Syntax {
    return node(`typescript_${n.type}`, this.at(n));
  }

  private splat(n: Syntax, type: 'list_splat' | 'dictionary_splat'): Syntax {
    const i = inner(n);
    return node(type, this.at(n), i ? [this.expr(i)] : []);
  }

  private binary(n: Syntax): Syntax {
    const at = this.at(n);
    const op = n.children.find((c) => c.field === 'operator')?.type ?? '';
    const left = field(n, 'left');
    const right = field(n, 'right');
    if (!left || !right) return this.unsupported(n);
    const l = this.expr(left);
    const r = this.expr(right);
    if (ARITHMETIC.has(op)) return node('binary_operator', at, [as(l, 'left'), token(op, at, 'operator'), as(r, 'right')]);
    if (op in COMPARISON) return node('comparison_operator', at, [l, token(COMPARISON[op], at), r]);
    if (op === '&&' || op === '||') return node('boolean_operator', at, [as(l, 'left'), token(op === '&&' ? 'and' : 'or', at, 'operator'), as(r, 'right')]);
    if (op === '??') {
      // a ?? b  →  a if a is not None else b
      const test = node('comparison_operator', at, [l, token('is', at), token('not', at), node('none', at)]);
      return node('conditional_expression', at, [l, test, r]);
    }
    return this.unsupported(n);
  }

  /** An object literal is a dict (`new nn.Sequential({ conv: …, relu: … })` reads like an OrderedDict). */
  private object(n: Syntax): Syntax {
    const pairs: Syntax[] = [];
    for (const p of namedChildren(n)) {
      if (p.type === 'pair') {
        const key = field(p, 'key');
        const value = field(p, 'value');
        if (key && value) pairs.push(node('pair', this.at(p), [as(this.key(key), 'key'), as(this.expr(value), 'value')]));
      } else if (p.type === 'shorthand_property_identifier') {
        pairs.push(node('pair', this.at(p), [as(node('string', this.at(p), [node('string_content', this.at(p))]), 'key'), as(this.id(p), 'value')]));
      } else if (p.type === 'spread_element') pairs.push(this.splat(p, 'dictionary_splat'));
    }
    return node('dictionary', this.at(n), pairs);
  }

  private key(k: Syntax): Syntax {
    if (k.type === 'property_identifier') return node('string', this.at(k), [node('string_content', this.at(k))]);
    if (k.type === 'computed_property_name') {
      const i = inner(k);
      return i ? this.expr(i) : this.unsupported(k);
    }
    return this.expr(k);
  }

  /** `a.b`: attributes, with the JavaScript spellings of Python things (`.length`, `Math.floor`, `super.f`). */
  private member(n: Syntax, called: boolean, argCount = 1): Syntax {
    const at = this.at(n);
    const object = field(n, 'object');
    const property = field(n, 'property');
    if (!object || !property) return this.unsupported(n);
    const prop = textOf(property);
    if (object.type === 'identifier' && textOf(object) === 'Math') {
      if (called && prop in MATH_BUILTINS) return this.named('identifier', MATH_BUILTINS[prop], n);
      const math = this.named('identifier', 'math', object);
      const name = prop === 'PI' ? 'pi' : prop === 'E' ? 'e' : prop;
      return node('attribute', at, [as(math, 'object'), as(this.named('identifier', name, property), 'attribute')]);
    }
    if (!called && prop === 'length') {
      return node('call', at, [as(this.named('identifier', 'len', property), 'function'), as(node('argument_list', at, [this.expr(object)]), 'arguments')]);
    }
    const target = object.type === 'super'
      ? node('call', this.at(object), [as(this.named('identifier', 'super', object), 'function'), as(node('argument_list', this.at(object)), 'arguments')])
      : this.expr(object);
    let name = opName(prop);
    if (called && prop === 'push') name = argCount === 1 ? 'append' : 'extend';
    const attribute = name === prop ? this.id(property) : this.named('identifier', name, property);
    return node('attribute', at, [as(target, 'object'), as(attribute, 'attribute')]);
  }

  /** `f(a, b)`, `new nn.Conv2d(…)`, `super(…)`: a Python call; a layer's trailing options object becomes keyword arguments. */
  private call(n: Syntax): Syntax {
    const at = this.at(n);
    const fn = field(n, 'function') ?? field(n, 'constructor');
    const argsNode = field(n, 'arguments');
    if (!fn) return this.unsupported(n);
    let items = argsNode ? namedChildren(argsNode) : [];
    // js-pytorch: torch.randn([1, 3, 32, 32], requiresGrad, device) — only the shape says anything
    if (items[0]?.type === 'array' && fn.type === 'member_expression' && SHAPE_FIRST.includes(textOf(field(fn, 'property') ?? fn))) items = [items[0]];
    // js-pytorch: torch.randint(low, high, [shape], requiresGrad) — PyTorch's (low, high, size) are the first three
    if (items[2]?.type === 'array' && fn.type === 'member_expression' && textOf(field(fn, 'property') ?? fn) === 'randint') items = items.slice(0, 3);
    if (fn.type === 'super') return this.superInit(at, this.arguments(items, undefined), argsNode ? this.at(argsNode) : at);
    // Object.entries(d) / keys / values: Python's d.items() / keys() / values() (dicts and ModuleDicts alike)
    const objectMethod = fn.type === 'member_expression' && textOf(field(fn, 'object') ?? fn) === 'Object'
      ? OBJECT_METHODS[textOf(field(fn, 'property') ?? fn)] : undefined;
    if (objectMethod && items.length === 1) {
      const method = node('attribute', this.at(fn), [as(this.expr(items[0]), 'object'), as(this.named('identifier', objectMethod, fn), 'attribute')]);
      return node('call', at, [as(method, 'function'), as(node('argument_list', { unit: this.unit, start: n.end, end: n.end }), 'arguments')]);
    }
    // m.forward(x) is how js-pytorch calls a module: it is Python's m(x) (a recorded module call, not a bare method)
    const object = fn.type === 'member_expression' ? field(fn, 'object') : undefined;
    const property = fn.type === 'member_expression' ? field(fn, 'property') : undefined;
    const forward = object && property && object.type !== 'super' && textOf(property) === 'forward';
    const callee = forward ? this.expr(object) : fn.type === 'member_expression' ? this.member(fn, true, items.length) : this.expr(fn);
    const pushMany = !!property && textOf(property) === 'push' && items.length !== 1;
    // js-pytorch's own classes take positional arguments only, in js-pytorch's order (device third in nn.Linear)
    const jsClass = this.jsPytorch && isJsPytorchClass(fn) && items[items.length - 1]?.type !== 'object';
    let args = this.arguments(items, jsClass ? undefined : optionsSignature(fn), argsNode);
    if (pushMany) args = [node('list', argsNode ? this.at(argsNode) : at, args)];
    const argsAt: Extent = argsNode ? this.at(argsNode) : { unit: this.unit, start: n.end, end: n.end };
    return node('call', at, [as(callee, 'function'), as(node('argument_list', argsAt, args), 'arguments')]);
  }

  private arguments(items: Syntax[], signature: readonly ArgSpec[] | undefined, argsNode?: Syntax): Syntax[] {
    const out: Syntax[] = [];
    items.forEach((a, i) => {
      if (signature && i === items.length - 1 && a.type === 'object' && argsNode) {
        out.push(...this.options(a, signature, argsNode));
        return;
      }
      if (signature && isDevice(a)) {
        // js-pytorch passes the device positionally (`new nn.Linear(32, 10, device)`): PyTorch takes it by name
        if (signature.some((s) => s.name === 'device')) out.push(node('keyword_argument', this.at(a), [as(this.named('identifier', 'device', a), 'name'), as(this.expr(a), 'value')]));
        return;
      }
      out.push(a.type === 'spread_element' ? this.splat(a, 'list_splat') : this.expr(a));
    });
    return out;
  }

  /** `{ inChannels: 3, kernelSize: 7, stride }` → in_channels=3, kernel_size=7, stride=stride. */
  private options(obj: Syntax, signature: readonly ArgSpec[], argsNode: Syntax): Syntax[] {
    const out: Syntax[] = [];
    let snake = false;
    const props = namedChildren(obj);
    for (const p of props) {
      if (p.type === 'pair') {
        const key = field(p, 'key');
        const value = field(p, 'value');
        if (!key || !value) continue;
        const keyText = key.type === 'string' ? stringText(key) : textOf(key);
        snake ||= keyText.includes('_');
        out.push(node('keyword_argument', this.at(p), [as(this.named('identifier', optionName(keyText, signature), key), 'name'), as(this.expr(value), 'value')]));
        this.notes.optionValues.push({ start: value.start, end: value.end, key: keyText, shorthand: false });
      } else if (p.type === 'shorthand_property_identifier') {
        const keyText = textOf(p);
        out.push(node('keyword_argument', this.at(p), [as(this.named('identifier', optionName(keyText, signature), p), 'name'), as(this.id(p), 'value')]));
        this.notes.optionValues.push({ start: p.start, end: p.end, key: keyText, shorthand: true });
      } else if (p.type === 'spread_element') out.push(this.splat(p, 'dictionary_splat'));
    }
    const last = props[props.length - 1];
    this.notes.optionCalls.push({ argsEnd: argsNode.end, braceStart: obj.start, lastEnd: last ? last.end : obj.start + 1, empty: props.length === 0, snake });
    return out;
  }
}

/** Names a loop's update or body assigns (`i++`, `i += 2`, `i = j`). */
function assignedNames(nodes: (Syntax | undefined)[]): Set<string> {
  const out = new Set<string>();
  const visit = (n: Syntax) => {
    const target = n.type === 'update_expression' ? field(n, 'argument')
      : n.type === 'assignment_expression' || n.type === 'augmented_assignment_expression' ? field(n, 'left') : undefined;
    if (target?.type === 'identifier') out.add(textOf(target));
    for (const c of n.children) visit(c);
  };
  for (const n of nodes) if (n) visit(n);
  return out;
}

/**
 * `for (let i = 0; i < n; j++)` or `for (…; i < n; i--)`: a loop whose variable is never moved toward its bound
 * (a slip, or a fuzzed file) never ends.
 */
function neverEnds(condition: Syntax, incr: Syntax | undefined, body: Syntax | undefined): boolean {
  if (condition.type !== 'binary_expression') return false;
  const left = field(condition, 'left');
  const op = condition.children.find((c) => c.field === 'operator')?.type ?? '';
  if (left?.type !== 'identifier' || !['<', '<=', '>', '>='].includes(op)) return false;
  const name = textOf(left);
  if (assignedNames([body]).has(name)) return false;
  if (!assignedNames([incr]).has(name)) return true;
  // moved the wrong way: i < n with i-- / i -= k, or i > n with i++ / i += k
  const step = incr?.children.find((c) => c.field === 'operator')?.type;
  const up = op === '<' || op === '<=';
  return (up && (step === '--' || step === '-=')) || (!up && (step === '++' || step === '+='));
}

/** The statement is `super().__init__(…)`. */
function isSuperInit(call: Syntax): boolean {
  const fn = field(call, 'function');
  const object = fn && field(fn, 'object');
  const callee = object && field(object, 'function');
  return !!callee && textOf(callee) === 'super';
}

/** `nn.Block`, `torch.nn.Linear`, `Linear`: a class js-pytorch defines itself. */
function isJsPytorchClass(fn: Syntax): boolean {
  const last = fn.type === 'member_expression' ? field(fn, 'property') : fn.type === 'identifier' ? fn : undefined;
  return !!last && JS_PYTORCH_CLASSES.includes(textOf(last));
}

/** `'cpu'`, `'gpu'`, `'cuda:0'` or a variable named `device`. */
function isDevice(a: Syntax): boolean {
  if (a.type === 'identifier') return /^device$/i.test(textOf(a));
  return a.type === 'string' && /^(?:cpu|gpu|cuda(?::\d+)?|mps|webgl)$/.test(stringText(a));
}

function stringText(s: Syntax): string {
  return namedChildren(s).map(textOf).join('');
}

/**
 * The signature whose names an options object's keys map to, when the callee is a layer class (`nn.Conv2d`,
 * `Conv2d`), a functional op (`F.interpolate`) or a tensor method (`x.mean`); undefined for anything else (user classes
 * keep their object).
 */
function optionsSignature(fn: Syntax): readonly ArgSpec[] | undefined {
  const last = fn.type === 'member_expression' ? field(fn, 'property') : fn.type === 'identifier' ? fn : undefined;
  if (!last) return undefined;
  const name = textOf(last);
  if (/^[A-Z]/.test(name)) {
    if (CONTAINERS.has(name)) return undefined;
    const def = findLayer(name);
    if (def) return def.signature;
    const object = fn.type === 'member_expression' ? field(fn, 'object') : undefined;
    return object && /^(?:torch\.)?nn$/.test(textOf(object)) ? [] : undefined;
  }
  const object = fn.type === 'member_expression' ? field(fn, 'object') : undefined;
  if (!object) return undefined;
  const snake = camelToSnake(name);
  if (/^(?:F|functional|torch|(?:torch\.)?nn\.functional)$/.test(textOf(object))) return (findLayer(`F.${snake}`) ?? findLayer(`torch.${snake}`))?.signature;
  return findLayer(`Tensor.${snake}`)?.signature; // x.mean({ dim: 1, keepdim: true })
}
