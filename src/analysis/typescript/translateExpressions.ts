// The expression half of the TypeScript translation: each TypeScript expression as the Python expression it
// mirrors (member calls, object literals as keyword arguments, arithmetic and comparisons in Python's spelling).
import type { ArgSpec } from '../../engine';
import { field, namedChildren, textOf, type Syntax, type Unit } from '../syntax';
import { as, extentOf, node, synth, token, type Extent } from './nodes';
import { ARITHMETIC, COMPARISON, inner, isDevice, isJsPytorchClass, MATH_BUILTINS, OBJECT_METHODS, opName, optionName, optionsSignature, SHAPE_FIRST, stringText } from './translateShared';
import type { TranslationNotes } from './translate';

export abstract class ExpressionTranslator {
  protected temp = 0;
  protected abstract superInit(at: Extent, args: Syntax[], argsAt: Extent): Syntax;
  constructor(readonly unit: Unit, readonly notes: TranslationNotes, readonly jsPytorch = false) {}

  protected at(n: Syntax): Extent {
    return extentOf(n, this.unit);
  }

  protected id(n: Syntax): Syntax {
    return node('identifier', this.at(n));
  }

  protected named(type: string, text: string, at: Syntax): Syntax {
    return synth(type, text, this.at(at));
  }


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

  protected unsupported(n: Syntax): Syntax {
    return node(`typescript_${n.type}`, this.at(n));
  }

  protected splat(n: Syntax, type: 'list_splat' | 'dictionary_splat'): Syntax {
    const i = inner(n);
    return node(type, this.at(n), i ? [this.expr(i)] : []);
  }

  protected binary(n: Syntax): Syntax {
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
  protected object(n: Syntax): Syntax {
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

  protected key(k: Syntax): Syntax {
    if (k.type === 'property_identifier') return node('string', this.at(k), [node('string_content', this.at(k))]);
    if (k.type === 'computed_property_name') {
      const i = inner(k);
      return i ? this.expr(i) : this.unsupported(k);
    }
    return this.expr(k);
  }

  /** `a.b`: attributes, with the JavaScript spellings of Python things (`.length`, `Math.floor`, `super.f`). */
  protected member(n: Syntax, called: boolean, argCount = 1): Syntax {
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
  protected call(n: Syntax): Syntax {
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

  protected arguments(items: readonly Syntax[], signature: readonly ArgSpec[] | undefined, argsNode?: Syntax): Syntax[] {
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
  protected options(obj: Syntax, signature: readonly ArgSpec[], argsNode: Syntax): Syntax[] {
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
