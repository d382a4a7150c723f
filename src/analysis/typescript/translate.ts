// PyTorch-style TypeScript read as the Python it mirrors. Each top-level TypeScript statement is rewritten into the
// syntax tree the equivalent Python would have (a class with `__init__` and `forward`, `self.conv1 = nn.Conv2d(…)`,
// keyword arguments, `for i in range(…)`), so the one interpreter that follows Python models follows these too and
// the numbers cannot drift apart. Offsets stay the TypeScript's: declarations, hints and fixes land on the TS text.
// The supported forms are listed in docs/typescript.md.
import { field, namedChildren, textOf, type Syntax, type Unit } from '../syntax';
import { as, node, synth, translatedUnit, type Extent } from './nodes';
import { inner, isSuperInit } from './translateShared';
import { StatementTranslator } from './translateStatements';

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


export { camelToSnake, importsJsPytorch, opName, optionName, SHAPE_FIRST } from './translateShared';

class Translator extends StatementTranslator {
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

  protected pass(n: Syntax): Syntax {
    return node('pass_statement', this.at(n));
  }

  /** `// input: …` read as `# input: …` (same length, so positions stay right). */
  protected comment(n: Syntax): Syntax {
    const text = textOf(n);
    const body = text.startsWith('/*') ? text.slice(2).replace(/\*\/\s*$/, '').replace(/^\*+/, '') : text.slice(2);
    return this.named('comment', `# ${body}`, n);
  }

  // ── Imports: names from a torch-like package mean what they mean in PyTorch ────────────────────────────────

  protected classDef(n: Syntax): Syntax {
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
  protected defaultConstructor(n: Syntax, derived: boolean, fieldInits: Syntax[]): Syntax {
    const at = this.at(n);
    const args = synth('identifier', 'args', at);
    const params = node('parameters', at, [synth('identifier', 'this', at), node('list_splat_pattern', at, [args])]);
    const body: Syntax[] = [];
    if (derived) body.push(node('expression_statement', at, [this.superInit(at, [node('list_splat', at, [args])], at)]));
    body.push(...fieldInits);
    return node('function_definition', at, [as(synth('identifier', '__init__', at), 'name'), as(params, 'parameters'), as(node('block', at, body), 'body')]);
  }

  /** `super(args)` → `super().__init__(args)`. */
  protected superInit(at: Extent, args: Syntax[], argsAt: Extent): Syntax {
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
    const list = paramsNode ? [...namedChildren(paramsNode)] : [];
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
}
