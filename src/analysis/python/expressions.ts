// Expressions: literals, names, operators, comparisons, conditionals, subscripts and slices, comprehensions,
// f-strings. A value that depends on something unknown is unknown (never guessed); a tensor operand makes the
// operator an op of the registry (ops.ts).
import { unknown, unknownNumber, type SymDim } from '../../engine';
import { field, fields, namedChildren, textOf, type Syntax } from '../syntax';
import type { Evaluator, Frame } from './evaluator';
import { BudgetExceeded, raiseCertain } from './evaluator';
import { isBuiltin, libraryHas } from './library/index';
import { binaryTensorOp, subscriptTensor, unaryTensorOp } from './ops';
import { objectEquality } from './enums';
import { isNumeric, isSymInt, symbolicBinary, symbolicNegate } from './symint';
import {
  compareValues, indexValue, MAX_LOOP, parseInteger, percentFormat, pySlice, pyStr, repeat, stringValue, truth,
} from './semantics';
import { DictValue, FunctionValue, isUnknownValue, LibraryNames, markSequence, ModuleInstance, PyModule, QualName, qualify, Scope, sequenceKind, setOf, TensorValue, type PyValue } from './values';

export function evaluate(ev: Evaluator, node: Syntax, frame: Frame): PyValue {
  ev.tick();
  switch (node.type) {
    case 'integer': return parseInteger(textOf(node));
    case 'float': {
      const t = textOf(node).replace(/_/g, '');
      return /[jJ]$/.test(t) ? unknown('a complex number') : Number(t);
    }
    case 'true': return true;
    case 'false': return false;
    case 'none': return null;
    case 'string': return node.children.some((c) => c.type === 'interpolation') ? fString(ev, node, frame) : stringValue(node);
    case 'concatenated_string': {
      const parts = namedChildren(node).map((c) => (c.children.some((x) => x.type === 'interpolation') ? fString(ev, c, frame) : stringValue(c)));
      return parts.every((p) => typeof p === 'string') ? parts.join('') : unknown('a formatted string');
    }
    case 'identifier': return ev.lookup(textOf(node), frame);
    case 'parenthesized_expression': {
      const inner = namedChildren(node)[0];
      return inner ? ev.eval(inner, frame) : null;
    }
    case 'tuple':
    case 'list':
    case 'expression_list':
    case 'set': {
      const out: PyValue[] = [];
      for (const c of namedChildren(node)) {
        if (c.type === 'list_splat') {
          const items = ev.iterate(ev.eval(namedChildren(c)[0], frame));
          if (!items) return unknown('a list built from an unknown value');
          out.push(...items);
        } else out.push(ev.eval(c, frame));
      }
      return node.type === 'list' ? markSequence(out, 'list') : node.type === 'set' ? setOf(out) : markSequence(out, 'tuple');
    }
    case 'dictionary': return dictionary(ev, node, frame);
    case 'binary_operator': {
      const op = field(node, 'operator');
      const l = ev.eval(field(node, 'left')!, frame);
      const r = ev.eval(field(node, 'right')!, frame);
      return ev.binary(op ? op.type : '?', l, r, node);
    }
    case 'unary_operator': {
      const op = field(node, 'operator')?.type ?? '+';
      const v = ev.eval(field(node, 'argument')!, frame);
      if (typeof v === 'number') return op === '-' ? -v : op === '~' ? ~v : v;
      if (typeof v === 'boolean') return op === '-' ? -Number(v) : op === '~' ? ~Number(v) : Number(v);
      if (v instanceof TensorValue) return op === '+' ? v : unaryTensorOp(ev, op, v, node);
      if (isSymInt(v) && op !== '~') return op === '-' ? symbolicNegate(v) : v;
      return unknown('a value of unknown sign');
    }
    case 'not_operator': {
      const v = ev.eval(field(node, 'argument')!, frame);
      const t = truth(v);
      return t === undefined ? unknown(whyUnknown(v, node)) : !t;
    }
    case 'boolean_operator': {
      const op = field(node, 'operator')?.type;
      const l = ev.eval(field(node, 'left')!, frame);
      const t = truth(l);
      if (t === undefined) return unknown(whyUnknown(l, node));
      if ((op === 'and' && !t) || (op === 'or' && t)) return l;
      return ev.eval(field(node, 'right')!, frame);
    }
    case 'comparison_operator': return compare(ev, node, frame);
    case 'conditional_expression': {
      const [a, cond, b] = namedChildren(node);
      const t = conditionTruth(ev, cond, frame);
      if (t === undefined) return undecidedChoice(ev, node, [a, b], frame);
      return ev.eval(t ? a : b, frame);
    }
    case 'attribute': return ev.getAttribute(ev.eval(field(node, 'object')!, frame), textOf(field(node, 'attribute')!), node);
    case 'subscript': return subscript(ev, node, frame);
    case 'call': return ev.evalCall(node, frame);
    case 'list_comprehension':
    case 'generator_expression':
    case 'set_comprehension':
    case 'dictionary_comprehension':
      return comprehension(ev, node, frame);
    case 'keyword_argument': return ev.eval(field(node, 'value')!, frame);
    case 'lambda': return new FunctionValue('<lambda>', node, frame.scope);
    case 'yield': return yieldValue(ev, node, frame);
    case 'ellipsis': return '...';
    case 'named_expression': {
      const v = ev.eval(field(node, 'value')!, frame);
      ev.assign(field(node, 'name')!, v, frame);
      return v;
    }
    default:
      return unknown(`${node.type.replace(/_/g, ' ')} is not followed statically`);
  }
}

function dictionary(ev: Evaluator, node: Syntax, frame: Frame): DictValue {
  const dict = new DictValue();
  for (const pair of namedChildren(node)) {
    if (pair.type === 'pair') {
      const k = dict.keyFor(ev.eval(field(pair, 'key')!, frame));
      if (k !== undefined) dict.entries.set(k, ev.eval(field(pair, 'value')!, frame));
    } else if (pair.type === 'dictionary_splat') {
      const other = ev.eval(namedChildren(pair)[0], frame);
      if (other instanceof DictValue) for (const [k, v] of other.entries) dict.entries.set(k, v);
    }
  }
  return dict;
}

/** f'conv{i}': the interpolations evaluated (numbers, strings, bools and None; a format spec is not followed). */
function fString(ev: Evaluator, node: Syntax, frame: Frame): PyValue {
  let out = '';
  for (const c of node.children) {
    if (c.type === 'string_content' || c.type === 'escape_sequence') out += textOf(c);
    else if (c.type === 'interpolation') {
      if (c.children.some((x) => x.type === 'format_specifier' || x.type === 'type_conversion')) return unknown('a formatted string');
      const expr = field(c, 'expression') ?? namedChildren(c)[0];
      const text = pyStr(expr ? ev.eval(expr, frame) : undefined);
      if (text === undefined) return unknown('a formatted string');
      out += text;
    }
  }
  return out;
}

/**
 * Whether a condition holds, where only its truth matters: `p <= 0. or not self.training` holds while training is
 * off even when p is not known (the value of `a or b` would not be known, its truth is).
 */
export function conditionTruth(ev: Evaluator, node: Syntax, frame: Frame): boolean | undefined {
  if (node.type === 'parenthesized_expression' && namedChildren(node).length === 1) return conditionTruth(ev, namedChildren(node)[0], frame);
  if (node.type === 'not_operator') {
    const t = conditionTruth(ev, field(node, 'argument')!, frame);
    return t === undefined ? undefined : !t;
  }
  if (node.type !== 'boolean_operator') return truth(ev.eval(node, frame));
  const decides = field(node, 'operator')?.type === 'or'; // the truth that ends it
  const l = conditionTruth(ev, field(node, 'left')!, frame);
  if (l === decides) return decides;
  const r = conditionTruth(ev, field(node, 'right')!, frame);
  if (r === decides) return decides;
  return l === undefined || r === undefined ? undefined : r;
}

/** `[norm] * 2`: a list repeated is a list (a tuple a tuple), so `[A] * 2 + [B] * 2` stays a list. */
function repeated(items: PyValue[], n: number): PyValue {
  const out = repeat(items, n);
  return Array.isArray(out) ? keepKind(items, out) : out;
}

/** A slice or a concatenation is a sequence of its operand's kind. */
function keepKind(from: readonly PyValue[], to: PyValue[]): PyValue[] {
  const kind = sequenceKind(from);
  return kind ? markSequence(to, kind) : to;
}

export function lookup(name: string, frame: Frame): PyValue {
  const v = frame.scope.lookup(name);
  if (v !== undefined) return v;
  if (isBuiltin(name)) return new QualName(qualify('builtins', name));
  // Snippets often skip the imports: the conventional names still mean what they always mean.
  if (name === 'nn') return new QualName('torch.nn');
  if (name === 'F') return new QualName('torch.nn.functional');
  if (name === 'torch') return new QualName('torch');
  if (name === 'OrderedDict') return new QualName('collections.OrderedDict');
  if (name === 'math') return new QualName('math');
  const star = frame.scope.lookup('*');
  if (Array.isArray(star)) {
    for (const mod of star) if (typeof mod === 'string' && libraryHas(mod, name)) return new QualName(`${mod}.${name}`);
    const other = star.filter((mod): mod is string => typeof mod === 'string' && !mod.startsWith('torch'));
    if (other.length) return unknown(`${name} presumably comes from \`from ${other[0]} import *\`, which ShapeLens does not read`);
  }
  return unknown(`${name} is not defined here`);
}

function subscript(ev: Evaluator, node: Syntax, frame: Frame): PyValue {
  const object = ev.eval(field(node, 'value')!, frame);
  const keys = fields(node, 'subscript');
  if (object instanceof TensorValue) return subscriptTensor(ev, object, keys, node, frame, (n, f) => sliceParts(ev, n, f, true));
  if (keys.length !== 1) return unknown('a multi-dimensional index of a non-tensor');
  const keyNode = keys[0];
  if (keyNode.type === 'slice') {
    const parts = sliceParts(ev, keyNode, frame);
    if (!parts) return unknown('a slice with unknown bounds');
    if (Array.isArray(object)) return keepKind(object, pySlice(object, parts));
    if (object instanceof ModuleInstance && (object.kind === 'sequential' || object.kind === 'modulelist')) {
      const sub = new ModuleInstance(object.kind, object.type);
      pySlice([...object.children.values()], parts).forEach((m, i) => sub.children.set(String(i), m));
      return sub;
    }
    if (typeof object === 'string') return pySlice([...object], parts).join('');
    return unknown('a slice of an unknown value');
  }
  const key = ev.eval(keyNode, frame);
  if (object instanceof QualName && object.name === 'sys.modules') return sysModule(ev, key);
  if (object instanceof QualName && object.name.endsWith('.__dict__')) return libraryMember(object.name.slice(0, -'.__dict__'.length), key);
  const missingKey = object instanceof DictValue && object.missing ? object.keyFor(key) : undefined;
  if (object instanceof DictValue && object.missing && missingKey !== undefined && !object.entries.has(missingKey)) {
    // a defaultdict: the factory's value, kept under the key
    const made = ev.call(object.missing, [], new Map(), node, frame);
    object.entries.set(missingKey, made);
    return made;
  }
  if (Array.isArray(object) && sequenceKind(object) === 'tuple' && typeof key === 'number' && (key >= object.length || key < -object.length)) {
    // A tuple's length is certain (nothing the analysis does not follow can change it, as code it cannot follow may
    // fill a list passed to it), and so is the IndexError.
    const why = `${shortCode(node)} is past the end of a tuple of length ${object.length}`;
    raiseCertain(ev, 'IndexError', why, node);
    // in forward: Python raises there with the input followed; what comes after is unknown, said here once
    const lost = unknown(`${why} (IndexError)`);
    ev.incomplete(node, 'not-followed', `Python raises IndexError here with the input ShapeLens used: ${why}; what follows is not known`);
    ev.markSaid(lost);
    return lost;
  }
  return indexValue(object, key);
}

/** The code of a node, on one line and shortened, for a message. */
export const shortCode = (n: Syntax): string => {
  const text = textOf(n).replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
};

/** `nn.__dict__[norm_name]`: the library's class or function of that name, as `getattr(nn, norm_name)` gives it. */
function libraryMember(module: string, name: PyValue): PyValue {
  if (typeof name !== 'string') return unknown(`${module}.__dict__[…] of a name not known statically`);
  return libraryHas(module, name) ? new QualName(`${module}.${name}`) : unknown(`${module}.${name} is not a name ShapeLens knows`);
}

/**
 * `sys.modules[__name__]` (a file registering its factories: `setattr(sys.modules[__name__], name, fn)`) is the
 * module's own namespace; another name is that module of the project, if it is one.
 */
function sysModule(ev: Evaluator, name: PyValue): PyValue {
  if (typeof name !== 'string') return unknown('sys.modules[…] of a name not known statically');
  if (name === ev.file.globals.vars.get('__name__')) return new PyModule(name, ev.file.globals, () => undefined);
  return ev.file.imports?.module(name, 0) ?? unknown(`sys.modules['${name}'] is not a module of the project`);
}

export function sliceParts(ev: Evaluator, node: Syntax, frame: Frame): (number | null)[] | undefined;
export function sliceParts(ev: Evaluator, node: Syntax, frame: Frame, symbolic: true): (number | SymDim | null)[] | undefined;
/** With `symbolic`, a bound may also be a symbolic size (`[:T]` of a symbolic input, for a tensor's slice). */
export function sliceParts(ev: Evaluator, node: Syntax, frame: Frame, symbolic = false): (number | SymDim | null)[] | undefined {
  // slice children: [start] ':' [stop] [':' [step]] — positions decided by the colons
  const parts: (number | SymDim | null)[] = [null, null, null];
  let slot = 0;
  for (const c of node.children) {
    if (c.type === ':') { slot++; continue; }
    if (!c.named) continue;
    const v = ev.eval(c, frame);
    if (v === null) continue;
    if (typeof v !== 'number' && !(symbolic && isSymInt(v))) return undefined;
    parts[slot] = v;
  }
  return parts;
}

function comprehension(ev: Evaluator, node: Syntax, frame: Frame): PyValue {
  const body = field(node, 'body');
  const clauses = namedChildren(node).filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
  if (!body) return unknown('a comprehension');
  const inner: Frame = { ...frame, scope: new Scope(frame.scope) };
  const out: PyValue[] = [];
  let said = false;
  // {f'n{w}': nn.BatchNorm2d(w) for w in widths}: the body is a key: value pair
  const pair = node.type === 'dictionary_comprehension' && body.type === 'pair' ? body : undefined;
  const run = (i: number): boolean => {
    if (i === clauses.length) {
      out.push(pair ? [ev.eval(field(pair, 'key')!, inner), ev.eval(field(pair, 'value')!, inner)] : ev.eval(body, inner));
      if (out.length > MAX_LOOP) throw new BudgetExceeded(`a comprehension makes more than ${MAX_LOOP} items`);
      return true;
    }
    const c = clauses[i];
    if (c.type === 'if_clause') {
      const t = conditionTruth(ev, namedChildren(c)[0], inner);
      if (t === undefined) return false;
      return t ? run(i + 1) : true;
    }
    const over = ev.eval(field(c, 'right')!, inner);
    const items = ev.iterate(over);
    if (!items) {
      // [nn.Linear(…) for _ in range(n)] with n unknown builds modules nobody can count
      if (body.type === 'call' || namedChildren(body).some((x) => x.type === 'call')) {
        ev.skippedCode(node, `comprehension (${isUnknownValue(over) ? over.why : 'it goes over a value not known statically'})`);
        said = true;
      }
      return false;
    }
    if (i === clauses.length - 1 && !pair && items.length >= 1024 && sameRows(body, field(c, 'left')!)) {
      // [[p / 10000 ** (2 * i / d) for i in range(d)] for p in range(n)] with n large: every row has the same
      // length (its range does not use p), so one row of uncomputed numbers stands for all of them
      ev.assign(field(c, 'left')!, items[0], inner);
      const row = ev.eval(body, inner);
      if (!Array.isArray(row)) return false;
      const uncomputed = markSequence(row.map(() => unknownNumber('an item of a long numeric table (its values are not computed)')), 'list');
      for (let k = 0; k < items.length; k++) out.push(uncomputed);
      return true;
    }
    if (i === clauses.length - 1 && !pair && longTable(items.length) && pureArithmetic(body)) {
      // [p / 10000 ** (2 * i / d) for i in range(d)]: a table of numbers whose count is what shapes need
      const item = unknownNumber('an item of a long numeric comprehension (its values are not computed)');
      for (let k = 0; k < items.length; k++) out.push(item);
      return true;
    }
    // past MAX_LOOP only a table (above) is kept; anything else is too long to follow item by item
    if (items.length > MAX_LOOP) return false;
    for (const item of items) {
      ev.assign(field(c, 'left')!, item, inner);
      if (!run(i + 1)) return false;
    }
    return true;
  };
  nesting++;
  let done: boolean;
  try {
    done = run(0);
  } finally {
    nesting--;
  }
  if (done) {
    if (pair) return dictOf(out as [PyValue, PyValue][]);
    return node.type === 'list_comprehension' ? markSequence(out, 'list') : node.type === 'set_comprehension' ? setOf(out) : out;
  }
  const result = unknown('a comprehension over values not known statically');
  if (said) ev.markSaid(result); // what is built from it (nn.ModuleList([...])) is not said again
  return result;
}

/** The dict a dict comprehension builds: unknown when a key is not a plain value. */
function dictOf(pairs: [PyValue, PyValue][]): PyValue {
  const d = new DictValue();
  for (const [given, v] of pairs) {
    const k = d.keyFor(given);
    if (k === undefined) return unknown('a dict comprehension with keys not known statically');
    d.entries.set(k, v);
  }
  return d;
}

/**
 * A comprehension of plain arithmetic is not computed item by item (only its length is) when it is a table: the
 * inner comprehension of a nested one from 32 items (a row of a sinusoidal table), any from 1,024. A short list such
 * as `[d * 2 for d in range(12)]` is computed: its numbers may be sizes.
 */
let nesting = 0;
const longTable = (n: number): boolean => n >= 1024 || (nesting >= 2 && n >= 32);
const IMPURE = new Set(['call', 'lambda', 'yield', 'await', 'named_expression', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension', 'generator_expression', 'list', 'tuple', 'dictionary', 'set', 'string']);

/** The body of a table's outer comprehension: a row of arithmetic whose ranges and conditions do not use the outer names. */
function sameRows(body: Syntax, outer: Syntax): boolean {
  if (body.type !== 'list_comprehension') return false;
  const names = new Set(identifiersIn(outer));
  const clauses = namedChildren(body).filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
  const rowBody = field(body, 'body');
  return !!rowBody && pureArithmetic(rowBody) && clauses.every((c) => c.type === 'for_in_clause' && !identifiersIn(field(c, 'right')!).some((n) => names.has(n)));
}

const identifiersIn = (node: Syntax): string[] =>
  node.type === 'identifier' ? [textOf(node)] : namedChildren(node).flatMap(identifiersIn);

/** An expression of names, numbers and operators only: its value can be left uncomputed without changing anything else. */
function pureArithmetic(node: Syntax): boolean {
  if (IMPURE.has(node.type)) return false;
  return namedChildren(node).every(pureArithmetic);
}

/** `yield x` / `yield from xs` in a generator: the item is collected (what the caller iterates); the expression is None. */
function yieldValue(ev: Evaluator, node: Syntax, frame: Frame): PyValue {
  const [arg] = namedChildren(node);
  const value = arg ? ev.eval(arg, frame) : null;
  const sink = frame.yielded;
  if (!sink) return unknown('yield outside a generator ShapeLens follows');
  if (node.children.some((c) => c.type === 'from')) {
    const items = ev.iterate(value);
    if (items) sink.items.push(...items);
    else sink.lost ??= isUnknownValue(value) ? value.why : 'yield from a value not known statically';
  } else sink.items.push(value);
  return null;
}

const hasCall = (n: Syntax): boolean => n.type === 'call' || n.children.some(hasCall);

/**
 * `norm(dim) if cond else nn.Identity()` on a condition not known: unknown. While modules are built, a branch that
 * calls something may build one, so the parameter totals become a lower bound (said here, where it starts).
 */
function undecidedChoice(ev: Evaluator, node: Syntax, branches: Syntax[], frame: Frame): PyValue {
  const why = `conditional expression (${textOf(node).replace(/\s+/g, ' ').slice(0, 60)})`;
  if (!ev.trace && frame.self instanceof ModuleInstance && branches.some(hasCall)) ev.skippedCode(node, why);
  return unknown('a condition that is not known statically');
}

/** Why a condition is not known: its operand's own reason when it has one (said where it started). */
function whyUnknown(v: PyValue, node: Syntax): string {
  if (isUnknownValue(v)) return v.why;
  return `${v instanceof TensorValue ? 'the truth of a tensor' : 'a condition'} that is not known statically (${textOf(node).slice(0, 60)})`;
}

/** A comparison of two values; an instance of a user class is equal to something else as its `__eq__` says. */
function compareObjects(ev: Evaluator, op: string, l: PyValue, r: PyValue): boolean | undefined {
  const eq = objectEquality(ev, op, l, r);
  return eq === 'not-objects' ? compareValues(op, l, r) : eq;
}

function compare(ev: Evaluator, node: Syntax, frame: Frame): PyValue {
  const operands = namedChildren(node);
  const ops = node.children.filter((c) => !c.named).map((c) => c.type);
  // 'is not' / 'not in' come as two tokens
  const merged: string[] = [];
  for (const op of ops) {
    if (op === 'not' && merged[merged.length - 1] === 'is') merged[merged.length - 1] = 'is not';
    else if (op === 'in' && merged[merged.length - 1] === 'not') merged[merged.length - 1] = 'not in';
    else merged.push(op);
  }
  let left = ev.eval(operands[0], frame);
  for (let i = 0; i < merged.length; i++) {
    const right = ev.eval(operands[i + 1], frame);
    // a tensor compared element-wise (x > 0, mask == 1) is a tensor of booleans
    if ((left instanceof TensorValue || right instanceof TensorValue) && merged.length === 1 && !/is|in/.test(merged[i])) {
      return binaryTensorOp(ev, merged[i], left, right, node);
    }
    const r = right instanceof LibraryNames && (merged[i] === 'in' || merged[i] === 'not in') && typeof left === 'string'
      ? (libraryHas(right.module, left) ? merged[i] === 'in' : undefined)
      : compareObjects(ev, merged[i], left, right);
    if (r === undefined) {
      // say why: the operand that is not known carries the reason ("norm_layer is set under a condition…")
      const why = isUnknownValue(left) ? left.why : isUnknownValue(right) ? right.why : undefined;
      return unknown(why ? `${textOf(node)}: ${why}` : `a comparison that is not known statically (${textOf(node)})`);
    }
    if (!r) return false;
    left = right;
  }
  return true;
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '//', '%', '**']);

export function binary(ev: Evaluator, op: string, l: PyValue, r: PyValue, node: Syntax): PyValue {
  if (l instanceof TensorValue || r instanceof TensorValue) return binaryTensorOp(ev, op, l, r, node);
  const symbolic = symbolicBinary(op, l, r);
  // what has no integer form (`h / 3`, `h ** 0.5`) is still a number
  if (symbolic !== undefined) return isUnknownValue(symbolic) && ARITHMETIC.has(op) ? unknownNumber(symbolic.why) : symbolic;
  if (typeof l === 'boolean') l = Number(l);
  if (typeof r === 'boolean') r = Number(r);
  if (typeof l === 'number' && typeof r === 'number') {
    switch (op) {
      case '+': return l + r;
      case '-': return l - r;
      case '*': return l * r;
      case '/': return r === 0 ? unknown('division by zero') : l / r;
      case '//': return r === 0 ? unknown('division by zero') : Math.floor(l / r);
      case '%': return r === 0 ? unknown('division by zero') : ((l % r) + r) % r;
      case '**': return l ** r;
      case '<<': return l << r;
      case '>>': return l >> r;
      case '&': return l & r;
      case '|': return l | r;
      case '^': return l ^ r;
      default: return unknown(`the operator ${op}`);
    }
  }
  if (op === '+' && Array.isArray(l) && Array.isArray(r)) return keepKind(l, [...l, ...r]);
  if (op === '+' && typeof l === 'string' && typeof r === 'string') return l + r;
  if (op === '*' && Array.isArray(l) && typeof r === 'number') return repeated(l, r);
  if (op === '*' && typeof l === 'number' && Array.isArray(r)) return repeated(r, l);
  if (op === '*' && typeof l === 'string' && typeof r === 'number') return l.repeat(Math.max(0, r));
  if (op === '%' && typeof l === 'string') return percentFormat(l, Array.isArray(r) ? r : [r]);
  if (op === '|' && l instanceof DictValue && r instanceof DictValue) return new DictValue(new Map([...l.entries, ...r.entries]));
  // arithmetic on numbers gives a number, even when its value is not known (`k_h / q_h` of a symbolic q_h)
  if (isNumeric(l) && isNumeric(r) && ARITHMETIC.has(op)) return unknownNumber(`${op} of values not known statically`);
  return unknown(`${op} of values not known statically`);
}
