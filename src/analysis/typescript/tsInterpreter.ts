// PyTorch-style TypeScript (js-pytorch and similar) read by the same abstract interpreter as Python: only the
// syntax differs. `new nn.Conv2d(3, 64, 7, 2, 3)` and `nn.Linear({ inFeatures: 400, outFeatures: 120 })` become the
// same layer calls (camelCase option names → PyTorch's snake_case keywords); class fields and constructor
// assignments build the module tree; `forward(x)` is followed like Python's. See docs/typescript.md.
import { unknown } from '../../engine';
import { field, namedChildren, textOf, type Syntax } from '../syntax';
import { argNodes } from '../python/modules';
import { subscriptTensorIndex } from '../python/forward';
import {
  compareValues, fillContainer, indexValue, Interpreter, isKey, MAX_LOOP, truth, BudgetExceeded, type Frame, type Signal,
} from '../python/interpreter';
import {
  ClassValue, DictValue, FunctionValue, ModuleInstance, ObjectValue, QualName, Scope, TensorValue, type ArgNodes, type PyValue,
} from '../python/values';

/** inChannels → in_channels, kernelSize → kernel_size. */
export const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const BINARY: Record<string, string> = { '+': '+', '-': '-', '*': '*', '/': '/', '%': '%', '**': '**', '<<': '<<', '>>': '>>', '&': '&', '|': '|', '^': '^' };
const COMPARE: Record<string, string> = { '===': '==', '==': '==', '!==': '!=', '!=': '!=', '<': '<', '>': '>', '<=': '<=', '>=': '>=' };

/** Instance field initialisers of a class (`conv1 = new nn.Conv2d(3, 6, 5);`), run before its constructor body. */
const instanceFields = new WeakMap<ClassValue, Syntax[]>();

export class TsInterpreter extends Interpreter {
  override execStatement(node: Syntax, frame: Frame): Signal {
    this.tick();
    switch (node.type) {
      case 'expression_statement': {
        for (const child of namedChildren(node)) {
          const value = this.eval(child, frame);
          if (child.type === 'assignment_expression' || child.type === 'augmented_assignment_expression') {
            const left = field(child, 'left');
            if (left) this.annotate(left, value, node, frame);
          }
        }
        return undefined;
      }
      case 'lexical_declaration':
      case 'variable_declaration':
        for (const d of namedChildren(node)) {
          if (d.type !== 'variable_declarator') continue;
          const name = field(d, 'name');
          const value = field(d, 'value');
          if (!name) continue;
          const v = value ? this.eval(value, frame) : null;
          this.assign(name, v, frame);
          this.annotate(name, v, node, frame);
        }
        return undefined;
      case 'return_statement': {
        const value = namedChildren(node)[0];
        frame.returned = value ? this.eval(value, frame) : null;
        return 'return';
      }
      case 'if_statement': {
        const test = truth(this.eval(field(node, 'condition')!, frame));
        const alt = field(node, 'alternative');
        if (test === true) return this.execStatement(field(node, 'consequence')!, frame);
        if (test === false) return alt ? this.execBlock(alt, frame) : undefined;
        return this.unknownBranches([node], frame);
      }
      case 'else_clause': return this.execBlock(node, frame);
      case 'statement_block': return this.execBlock(node, frame);
      case 'for_statement': return this.execCFor(node, frame);
      case 'for_in_statement': return this.execForOf(node, frame);
      case 'while_statement':
      case 'do_statement': {
        for (let count = 0; ; count++) {
          if (count > MAX_LOOP) throw new BudgetExceeded('a loop runs too many times');
          const test = truth(this.eval(field(node, 'condition')!, frame));
          if (test === false) return undefined;
          if (test === undefined) return this.unknownBranches([node], frame);
          const signal = this.execStatement(field(node, 'body')!, frame);
          if (signal === 'break') return undefined;
          if (signal === 'return') return signal;
        }
      }
      case 'export_statement': {
        const decl = field(node, 'declaration');
        return decl ? this.execStatement(decl, frame) : undefined;
      }
      case 'class_declaration': {
        const name = field(node, 'name');
        if (name) frame.scope.vars.set(textOf(name), new ClassValue(textOf(name), node, frame.scope));
        return undefined;
      }
      case 'function_declaration': {
        const name = field(node, 'name');
        if (name) frame.scope.vars.set(textOf(name), new FunctionValue(textOf(name), node, frame.scope));
        return undefined;
      }
      case 'import_statement':
        bindTsImport(node, frame.scope);
        return undefined;
      case 'break_statement': return 'break';
      case 'continue_statement': return 'continue';
      case 'throw_statement':
        frame.returned = unknown('the code throws here');
        return 'return';
      case 'try_statement': return this.execStatement(field(node, 'body')!, frame);
      default:
        return undefined;
    }
  }

  private execCFor(node: Syntax, frame: Frame): Signal {
    const init = field(node, 'initializer');
    if (init) {
      if (init.type.endsWith('declaration')) this.execStatement(init, frame);
      else this.eval(init, frame);
    }
    const condition = field(node, 'condition');
    const increment = field(node, 'increment');
    for (let count = 0; ; count++) {
      if (count > MAX_LOOP) throw new BudgetExceeded('a loop runs too many times');
      if (condition) {
        const c = condition.type === 'expression_statement' ? namedChildren(condition)[0] : condition;
        const test = c ? truth(this.eval(c, frame)) : true;
        if (test === false) return undefined;
        if (test === undefined) return this.unknownBranches([field(node, 'body')!], frame);
      }
      const signal = this.execStatement(field(node, 'body')!, frame);
      if (signal === 'break') return undefined;
      if (signal === 'return') return signal;
      if (increment) this.eval(increment, frame);
    }
  }

  private execForOf(node: Syntax, frame: Frame): Signal {
    const left = field(node, 'left');
    const right = field(node, 'right');
    if (!left || !right) return undefined;
    const source = this.eval(right, frame);
    const ofLoop = node.children.some((c) => c.type === 'of');
    let items = this.iterate(source);
    if (items && !ofLoop) items = Array.isArray(source) ? items.map((_, i) => String(i)) : items;
    if (!items) return this.unknownBranches([field(node, 'body')!], frame);
    let count = 0;
    for (const item of items) {
      if (++count > MAX_LOOP) throw new BudgetExceeded('a loop runs too many times');
      this.assign(left, item, frame);
      const signal = this.execStatement(field(node, 'body')!, frame);
      if (signal === 'break') return undefined;
      if (signal === 'return') return signal;
    }
    return undefined;
  }

  override assign(target: Syntax, value: PyValue, frame: Frame): void {
    switch (target.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
        frame.scope.vars.set(textOf(target), value);
        return;
      case 'member_expression': {
        const object = field(target, 'object');
        const property = field(target, 'property');
        if (object && property) this.setAttribute(this.eval(object, frame), textOf(property), value, target);
        return;
      }
      case 'subscript_expression': {
        const object = this.eval(field(target, 'object')!, frame);
        const key = this.eval(field(target, 'index')!, frame);
        if (object instanceof DictValue && isKey(key)) object.entries.set(key, value);
        else if (Array.isArray(object) && typeof key === 'number' && key >= 0 && key < MAX_LOOP) object[key] = value;
        return;
      }
      case 'array_pattern': {
        const items = this.iterate(value);
        namedChildren(target).forEach((t, i) => this.assign(t, items && i < items.length ? items[i] : unknown('unpacked from a value of unknown length'), frame));
        return;
      }
      default:
        return;
    }
  }

  override eval(node: Syntax, frame: Frame): PyValue {
    this.tick();
    switch (node.type) {
      case 'number': {
        const t = textOf(node).replace(/_/g, '');
        return /n$/.test(t) ? Number(t.slice(0, -1)) : Number(t);
      }
      case 'string': return node.children.filter((c) => c.type === 'string_fragment' || c.type === 'escape_sequence').map(textOf).join('');
      case 'template_string': return node.children.some((c) => c.type === 'template_substitution') ? unknown('a template string') : textOf(node).slice(1, -1);
      case 'true': return true;
      case 'false': return false;
      case 'null':
      case 'undefined': return null;
      case 'this': return frame.self ?? unknown('this outside a method');
      case 'identifier':
      case 'shorthand_property_identifier':
        return textOf(node) === 'undefined' ? null : this.lookup(textOf(node), frame);
      case 'parenthesized_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
      case 'type_assertion':
      case 'await_expression': {
        const inner = namedChildren(node).find((c) => !c.type.endsWith('type') && !c.type.startsWith('type_') && c.type !== 'predefined_type');
        return inner ? this.eval(inner, frame) : null;
      }
      case 'array': {
        const out: PyValue[] = [];
        for (const c of namedChildren(node)) {
          if (c.type === 'spread_element') {
            const items = this.iterate(this.eval(namedChildren(c)[0], frame));
            if (!items) return unknown('an array built from an unknown value');
            out.push(...items);
          } else out.push(this.eval(c, frame));
        }
        return out;
      }
      case 'object': {
        const dict = new DictValue();
        for (const p of namedChildren(node)) {
          if (p.type === 'pair') {
            const key = field(p, 'key')!;
            const k = key.type === 'property_identifier' ? textOf(key) : this.eval(key, frame);
            if (isKey(k)) dict.entries.set(k, this.eval(field(p, 'value')!, frame));
          } else if (p.type === 'shorthand_property_identifier') dict.entries.set(textOf(p), this.eval(p, frame));
          else if (p.type === 'spread_element') {
            const other = this.eval(namedChildren(p)[0], frame);
            if (other instanceof DictValue) for (const [k, v] of other.entries) dict.entries.set(k, v);
          }
        }
        return dict;
      }
      case 'member_expression': {
        const object = this.eval(field(node, 'object')!, frame);
        const name = textOf(field(node, 'property')!);
        if ((Array.isArray(object) || typeof object === 'string') && name === 'length') return object.length;
        return this.getAttribute(object, name, node);
      }
      case 'subscript_expression': {
        const object = this.eval(field(node, 'object')!, frame);
        const key = this.eval(field(node, 'index')!, frame);
        if (object instanceof TensorValue) return subscriptTensorIndex(this, object, [key], node);
        return indexValue(object, key);
      }
      case 'binary_expression': {
        const op = node.children.find((c) => c.field === 'operator')?.type ?? '?';
        if (op === '&&' || op === '||' || op === '??') {
          const l = this.eval(field(node, 'left')!, frame);
          if (op === '??') return l === null ? this.eval(field(node, 'right')!, frame) : l;
          const t = truth(l);
          if (t === undefined) return unknown('a condition that is not known statically');
          return (op === '&&' ? !t : t) ? l : this.eval(field(node, 'right')!, frame);
        }
        const l = this.eval(field(node, 'left')!, frame);
        const r = this.eval(field(node, 'right')!, frame);
        if (COMPARE[op]) return compareValues(COMPARE[op], l, r) ?? unknown('a comparison that is not known statically');
        if (BINARY[op]) return this.binary(BINARY[op], l, r, node);
        return unknown(`the operator ${op}`);
      }
      case 'unary_expression': {
        const op = node.children.find((c) => c.field === 'operator')?.type ?? node.children.find((c) => !c.named)?.type;
        const v = this.eval(field(node, 'argument')!, frame);
        if (op === '!') {
          const t = truth(v);
          return t === undefined ? unknown('a condition that is not known statically') : !t;
        }
        if (op === '-' && typeof v === 'number') return -v;
        if (op === '+' && typeof v === 'number') return v;
        if (v instanceof TensorValue) return v;
        return unknown(`the operator ${op ?? '?'}`);
      }
      case 'update_expression': {
        const arg = field(node, 'argument')!;
        const v = this.eval(arg, frame);
        const op = node.children.find((c) => c.type === '++' || c.type === '--')?.type;
        if (typeof v === 'number') this.assign(arg, op === '--' ? v - 1 : v + 1, frame);
        return v;
      }
      case 'assignment_expression': {
        const v = this.eval(field(node, 'right')!, frame);
        this.assign(field(node, 'left')!, v, frame);
        return v;
      }
      case 'augmented_assignment_expression': {
        const left = field(node, 'left')!;
        const op = node.children.find((c) => c.field === 'operator')?.type ?? '';
        const v = this.binary(op.slice(0, -1), this.eval(left, frame), this.eval(field(node, 'right')!, frame), node);
        this.assign(left, v, frame);
        return v;
      }
      case 'ternary_expression': {
        const t = truth(this.eval(field(node, 'condition')!, frame));
        if (t === undefined) return unknown('a condition that is not known statically');
        return this.eval(field(node, t ? 'consequence' : 'alternative')!, frame);
      }
      case 'call_expression':
      case 'new_expression':
        return this.evalTsCall(node, frame);
      default:
        return unknown(`${node.type.replace(/_/g, ' ')} is not followed statically`);
    }
  }

  private evalTsCall(node: Syntax, frame: Frame): PyValue {
    const fnNode = field(node, node.type === 'new_expression' ? 'constructor' : 'function');
    const argsNode = field(node, 'arguments');
    const argList = argsNode ? namedChildren(argsNode) : [];
    const args: PyValue[] = [];
    for (const a of argList) {
      if (a.type === 'spread_element') {
        const items = this.iterate(this.eval(namedChildren(a)[0], frame));
        if (!items) return unknown('called with ...arguments of unknown length');
        args.push(...items);
      } else args.push(this.eval(a, frame));
    }
    if (fnNode?.type === 'super') {
      // super(...) in a constructor: nn.Sequential/ModuleList subclasses take their children here
      if (frame.self instanceof ModuleInstance && frame.self.kind !== 'user') fillContainer(this, frame.self, args, new Map());
      return null;
    }
    const callee = fnNode ? this.eval(fnNode, frame) : unknown('a call');
    const kwargs = new Map<string, PyValue>();
    // A library layer's options object: { inChannels: 3, kernelSize: 7 } → in_channels=3, kernel_size=7.
    const last = argList[argList.length - 1];
    if (callee instanceof QualName && last?.type === 'object' && args[args.length - 1] instanceof DictValue) {
      const options = args.pop() as DictValue;
      for (const [k, v] of options.entries) kwargs.set(snakeCase(String(k)), v);
    }
    const result = this.call(callee, args, kwargs, node, frame);
    if (result instanceof ModuleInstance && result.kind === 'layer' && result.declNode === node) result.args = tsArgNodes(node);
    return result;
  }

  override callFunction(fn: FunctionValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax | undefined, top = false): PyValue {
    if (this.depth >= 48) throw new BudgetExceeded('calls nest too deeply (recursion?)');
    this.depth++;
    try {
      const scope = new Scope(fn.closure);
      const frame: Frame = { scope, self: fn.self as ModuleInstance | ObjectValue | undefined, cls: fn.owner, top };
      const params = field(fn.node, 'parameters');
      let i = 0;
      for (const p of params ? namedChildren(params) : []) {
        const pattern = field(p, 'pattern') ?? namedChildren(p)[0];
        if (!pattern) continue;
        if (pattern.type === 'rest_pattern') {
          const inner = namedChildren(pattern)[0];
          if (inner) scope.vars.set(textOf(inner), args.slice(i));
          i = args.length;
          continue;
        }
        const name = textOf(pattern);
        const def = field(p, 'value');
        const optional = p.type === 'optional_parameter';
        const v = i < args.length ? args[i++] : kwargs.has(name) ? kwargs.get(name)! : def ? this.eval(def, { scope: fn.closure })
          : optional ? null : unknown(`the argument ${name} is not given`);
        scope.vars.set(name, v);
        // constructor(private n: number): a parameter property is also this.n
        if (p.children.some((c) => c.type === 'accessibility_modifier') && frame.self) this.setAttribute(frame.self, name, v, p);
      }
      const body = field(fn.node, 'body');
      if (!body) return null;
      if (body.type !== 'statement_block') return this.eval(body, frame); // arrow function with an expression body
      const signal = this.execBlock(body, frame);
      return signal === 'return' ? frame.returned ?? null : null;
    } finally {
      this.depth--;
    }
  }

  override classAttrs(cls: ClassValue): Map<string, PyValue> {
    if (cls.attrs) return cls.attrs;
    const scope = new Scope(cls.closure);
    cls.attrs = scope.vars;
    const own: Syntax[] = [];
    instanceFields.set(cls, own);
    const body = field(cls.node, 'body');
    for (const member of body ? namedChildren(body) : []) {
      const name = field(member, 'name');
      if (!name) continue;
      if (member.type === 'method_definition') {
        const n = textOf(name);
        scope.vars.set(n === 'constructor' ? '__init__' : n, new FunctionValue(n, member, cls.closure, undefined, cls));
      } else if (member.type === 'public_field_definition' && field(member, 'value')) {
        if (member.children.some((c) => c.type === 'static')) scope.vars.set(textOf(name), this.eval(field(member, 'value')!, { scope: cls.closure }));
        else own.push(member);
      }
    }
    return cls.attrs;
  }

  override classBases(cls: ClassValue): PyValue[] {
    if (cls.bases) return cls.bases;
    cls.bases = [];
    const heritage = cls.node.children.find((c) => c.type === 'class_heritage');
    const extend = heritage?.children.find((c) => c.type === 'extends_clause');
    const value = extend && field(extend, 'value');
    if (value) cls.bases.push(this.eval(value, { scope: cls.closure }));
    return cls.bases;
  }

  override instantiate(cls: ClassValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax | undefined): PyValue {
    const kind = this.classKind(cls);
    const self = kind === 'object' ? new ObjectValue(cls) : new ModuleInstance(kind === 'module' ? 'user' : kind, cls.name, cls);
    if (self instanceof ModuleInstance && node) self.declNode = node;
    // Field initialisers, base class first, then the constructor body.
    const chain: ClassValue[] = [];
    for (let c: ClassValue | undefined = cls; c && !chain.includes(c); c = this.classBases(c).find((b): b is ClassValue => b instanceof ClassValue)) chain.unshift(c);
    for (const c of chain) {
      this.classAttrs(c);
      for (const f of instanceFields.get(c) ?? []) {
        this.setAttribute(self, textOf(field(f, 'name')!), this.eval(field(f, 'value')!, { scope: new Scope(c.closure), self, cls: c }), f);
      }
    }
    const init = this.classAttribute(cls, '__init__');
    if (init instanceof FunctionValue) {
      this.callFunction(new FunctionValue(init.name, init.node, init.closure, self, init.owner), args, kwargs, node);
    } else if (self instanceof ModuleInstance && kind !== 'module') fillContainer(this, self, args, kwargs);
    return self;
  }
}

/** Where a TS layer call writes its arguments: positional values and the options object's entries (snake_case). */
function tsArgNodes(call: Syntax): ArgNodes {
  const base = argNodes(call);
  const list = field(call, 'arguments');
  const positional: Syntax[] = [];
  const keyword: Record<string, Syntax> = { ...base.keyword };
  for (const a of list ? namedChildren(list) : []) {
    if (a.type === 'object') {
      for (const p of namedChildren(a)) {
        if (p.type !== 'pair') continue;
        const key = field(p, 'key');
        const value = field(p, 'value');
        if (key && value) keyword[snakeCase(textOf(key).replace(/^['"]|['"]$/g, ''))] = value;
      }
    } else if (a.type !== 'spread_element') positional.push(a);
  }
  return { call, positional, keyword };
}

/** `import { torch } from 'js-pytorch'`, `import * as torch from …`, `import { nn } from …`: library names. */
export function bindTsImport(node: Syntax, scope: Scope): void {
  const clause = node.children.find((c) => c.type === 'import_clause');
  if (!clause) return;
  for (const c of namedChildren(clause)) {
    if (c.type === 'identifier') scope.vars.set(textOf(c), new QualName('torch'));
    else if (c.type === 'namespace_import') {
      const id = namedChildren(c)[0];
      if (id) scope.vars.set(textOf(id), new QualName('torch'));
    } else if (c.type === 'named_imports') {
      for (const spec of namedChildren(c)) {
        const name = field(spec, 'name');
        const alias = field(spec, 'alias');
        if (!name) continue;
        const n = textOf(name);
        const qual = n === 'torch' ? 'torch' : n === 'nn' ? 'torch.nn' : n === 'F' || n === 'functional' ? 'torch.nn.functional' : `torch.nn.${n}`;
        scope.vars.set(textOf(alias ?? name), new QualName(qual));
      }
    }
  }
}
