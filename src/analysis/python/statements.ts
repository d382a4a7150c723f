// Statements: blocks, assignments (chained, augmented, unpacking, attributes, subscripts), if/for/while, and what
// happens when a condition or a loop cannot be decided statically (nothing is guessed: what it would change becomes
// unknown, and if it would build modules or run layers, that is said once and the totals become lower bounds).
import { unknown } from '../../engine';
import { field, fields, namedChildren, textOf, type Syntax } from '../syntax';
import type { Evaluator, Frame, Signal } from './evaluator';
import { BudgetExceeded, PythonRaise, raiseCertain } from './evaluator';
import { conditionTruth, shortCode } from './expressions';
import { updateList } from './assignments';
import { bindImport } from './imports';
import { MAX_LOOP } from './semantics';
import { isInitLoop } from './initLoops';
import { computesOnly, itemTargets, loopCost, namesSetIn } from './longLoops';
import { assertSizes } from './symint';
import { ClassValue, DictValue, FunctionValue, isUnknownValue, ModuleInstance, NamespaceValue, ObjectValue, QualName, TensorValue, type PyValue } from './values';
import { dataOf } from './tensorData';

/** A `while` loop that has not ended after this many rounds is taken for a runaway (`while True:` without break). */
const MAX_WHILE = 1000;

export function execBlock(ev: Evaluator, block: Syntax | undefined, frame: Frame): Signal {
  if (!block) return undefined;
  for (const stmt of block.children) {
    if (!stmt.named || stmt.type === 'comment') continue;
    // Where this statement's records start (a block's forward run inside it sets its own, then this one is back).
    const trace = ev.trace;
    const outer = trace?.statementStart ?? 0;
    if (trace) trace.statementStart = trace.records.length;
    const signal = ev.exec(stmt, frame);
    if (trace) trace.statementStart = outer;
    if (signal) return signal;
  }
  return undefined;
}

export function execStatement(ev: Evaluator, node: Syntax, frame: Frame): Signal {
  ev.tick();
  switch (node.type) {
    case 'expression_statement':
      for (const child of namedChildren(node)) execExpressionStatement(ev, child, frame);
      return undefined;
    case 'return_statement': {
      const value = namedChildren(node)[0];
      frame.returned = value ? ev.eval(value, frame) : null;
      return 'return';
    }
    case 'if_statement': return execIf(ev, node, frame);
    case 'for_statement': return execFor(ev, node, frame);
    case 'while_statement': return execWhile(ev, node, frame);
    case 'with_statement': return ev.execBlock(field(node, 'body'), frame);
    case 'try_statement': return execTry(ev, node, frame);
    case 'function_definition': {
      const name = field(node, 'name');
      if (name) frame.scope.vars.set(textOf(name), new FunctionValue(textOf(name), node, frame.scope));
      return undefined;
    }
    case 'class_definition': {
      const name = field(node, 'name');
      if (name) frame.scope.vars.set(textOf(name), new ClassValue(textOf(name), node, frame.scope));
      return undefined;
    }
    case 'decorated_definition': {
      const def = field(node, 'definition');
      return def ? ev.exec(def, frame) : undefined;
    }
    case 'import_statement':
    case 'import_from_statement':
      bindImport(node, frame.scope, ev.file.imports);
      return undefined;
    case 'break_statement': return 'break';
    case 'continue_statement': return 'continue';
    case 'raise_statement': {
      // the message is said only where the raise stops a build or is caught (raiseCertain)
      const said = !ev.trace || ev.catching ? raisedMessage(ev, node, frame) : undefined;
      raiseCertain(ev, raisedType(node), said ?? shortCode(node), node);
      frame.returned = unknown('the code raises here');
      return 'return';
    }
    case 'block': return ev.execBlock(node, frame);
    case 'endless_loop': return endlessLoop(ev, node, frame);
    case 'assert_statement':
      if (!ev.trace) return failingAssert(ev, node, frame);
      assertSizes(ev, node, frame); // `assert x.shape[1:] == (64, 112, 112)` states what the input's sizes give
      return undefined;
    default:
      return undefined; // pass, assert, global, del, print…: no effect on shapes
  }
}

function execExpressionStatement(ev: Evaluator, node: Syntax, frame: Frame): void {
  if (node.type === 'assignment') {
    // a = b = value: tree-sitter nests the second assignment as the right side; every target gets the value.
    const targets: Syntax[] = [];
    let right: Syntax | undefined = node;
    while (right?.type === 'assignment') {
      const left = field(right, 'left');
      if (!left) return;
      targets.push(left);
      right = field(right, 'right');
    }
    if (!right) return; // `x: int` declares without a value
    const skippedBefore = ev.skippedCount;
    const value = ev.eval(right, frame);
    for (const target of targets) {
      ev.assign(target, value, frame);
      if (value instanceof ModuleInstance && target.type === 'attribute' && !value.siteNode) value.siteNode = node;
      if (!ev.trace && isUnknownValue(value)) unknownModuleAttribute(ev, target, right, value.why, frame, ev.skippedCount > skippedBefore);
    }
    annotate(ev, targets[0], value, node, frame);
    return;
  }
  if (node.type === 'augmented_assignment') {
    const left = field(node, 'left');
    const right = field(node, 'right');
    const op = node.children.find((c) => c.field === 'operator');
    if (!left || !right || !op) return;
    const current = ev.eval(left, frame);
    const operator = op.type.slice(0, -1);
    const other = ev.eval(right, frame);
    const value = updateList(ev, operator, current, other) ?? ev.binary(operator, current, other, node);
    ev.assign(left, value, frame);
    annotate(ev, left, value, node, frame);
    return;
  }
  ev.eval(node, frame);
}

/**
 * After a forward statement that assigns a tensor — in the model's own forward() or in a block's, run once per
 * instance of the block, also in an imported file (its editor shows it) — the inlay hint's data.
 */
function annotate(ev: Evaluator, left: Syntax, value: PyValue, stmt: Syntax, _frame: Frame): void {
  if (ev.trace) ev.trace.annotate(left, value, stmt);
}

/**
 * `self.block = Something(...)` while building, where Something could not be followed (an imported class from a
 * file or package ShapeLens does not read, a call it does not know): if that was a module, its parameters are
 * missing, so it is said once, here, and the parameter totals become a lower bound.
 */
function unknownModuleAttribute(ev: Evaluator, target: Syntax, value: Syntax, why: string, frame: Frame, alreadySaid: boolean): void {
  if (target.type !== 'attribute' || value.type !== 'call' || makesNoModule(value)) return;
  const object = field(target, 'object');
  const owner = object && ev.eval(object, frame);
  if (!(owner instanceof ModuleInstance)) return;
  if (!alreadySaid) {
    ev.incomplete(value, 'not-followed', `ShapeLens cannot tell what ${textOf(target)} is: ${why}. ` +
      'If it is a layer or block, its parameters are not counted and calls to it give unknown shapes');
  }
  ev.markSaid(owner.attrs.get(textOf(field(target, 'attribute')!)) ?? null); // its calls in forward() are not said again
}

const VALUE_BUILTINS = new Set(['float', 'int', 'str', 'bool', 'len', 'round', 'sum', 'min', 'max', 'abs', 'pow', 'divmod', 'tuple', 'list', 'dict', 'set', 'sorted', 'range', 'hash', 'repr', 'format']);
const VALUE_METHODS = new Set(['item', 'tolist', 'numel', 'dim', 'format', 'join', 'split', 'lower', 'upper', 'strip', 'replace']);

/** `float(rate)`, `math.sqrt(d)`, `t.item()`: a call that makes a plain value, never a layer or block. */
function makesNoModule(call: Syntax): boolean {
  const fn = field(call, 'function');
  if (!fn) return false;
  if (fn.type === 'identifier') return VALUE_BUILTINS.has(textOf(fn));
  if (fn.type !== 'attribute') return false;
  const base = textOf(field(fn, 'object') ?? fn);
  return base === 'math' || VALUE_METHODS.has(textOf(field(fn, 'attribute') ?? fn));
}

function execIf(ev: Evaluator, node: Syntax, frame: Frame): Signal {
  const condition = field(node, 'condition');
  const test = condition ? conditionTruth(ev, condition, frame) : undefined;
  if (test === true) return ev.execBlock(field(node, 'consequence'), frame);
  const alternatives = fields(node, 'alternative');
  if (test === false) {
    for (const alt of alternatives) {
      if (alt.type === 'else_clause') return ev.execBlock(field(alt, 'body'), frame);
      const c = field(alt, 'condition');
      const t = c ? conditionTruth(ev, c, frame) : undefined;
      if (t === true) return ev.execBlock(field(alt, 'consequence'), frame);
      if (t === undefined) return unknownBranches(ev, [alt], frame, alt, 'branch (its condition is not known statically)');
    }
    return undefined;
  }
  return unknownBranches(ev, [node, ...alternatives], frame, node, 'branch (its condition is not known statically)');
}

/** What code that is not followed may change: its local names, objects it mutates, self's attributes. */
interface Effects {
  readonly assigned: Set<string>;
  /** Objects whose methods the code calls (`model.load_state_dict(…)`): a list may change, a module stays itself. */
  readonly called: Set<string>;
  /** `self.x = …`: a value attribute (a size, a flag) becomes unknown; a module attribute keeps its module. */
  readonly selfAttrs: Set<string>;
  /** `self.method(…)`: what that method sets on self is set here too. */
  readonly selfCalls: Set<string>;
  any: boolean;
  /** Locals whose items are set (`d[k] = v`): harmless when they hold a dict of plain values. */
  readonly itemTargets: Set<string>;
  /** Names whose object changes in place (`d[k] = v`, `obj.x = v`, `items.append(v)`): also a module's globals. */
  readonly mutated: Set<string>;
  /** A `yield` in it: the generator's items are not known. */
  yields?: boolean;
}

const rootName = (n: Syntax | undefined): string | undefined => {
  while (n && (n.type === 'subscript' || n.type === 'attribute')) n = field(n, n.type === 'subscript' ? 'value' : 'object');
  return n?.type === 'identifier' ? textOf(n) : undefined;
};
/** `self.name` → name. */
const selfMember = (n: Syntax | undefined): string | undefined => {
  if (n?.type !== 'attribute') return undefined;
  const object = field(n, 'object');
  return object?.type === 'identifier' && textOf(object) === 'self' ? textOf(field(n, 'attribute')!) : undefined;
};

function collectEffects(n: Syntax, out: Effects): void {
  if (n.type === 'assignment' || n.type === 'augmented_assignment') {
    const left = field(n, 'left');
    if (left?.type === 'identifier') out.assigned.add(textOf(left));
    else if (left?.type === 'subscript' || left?.type === 'attribute') {
      const name = rootName(left);
      if (name && name !== 'self') out.assigned.add(name);
      if (name && name !== 'self') out.mutated.add(name);
      const attr = selfMember(left);
      if (attr) out.selfAttrs.add(attr);
      // an item of a local dict of values (`weights[k] = v`) changes only that local, which becomes unknown
      if (name && name !== 'self' && left.type === 'subscript') out.itemTargets.add(name);
      else out.any = true;
    } else if (left) for (const t of namedChildren(left)) if (t.type === 'identifier') out.assigned.add(textOf(t));
  } else if (n.type === 'call') {
    out.any = true;
    const fn = field(n, 'function');
    // a method call may change its object: layers.append(…), blocks.extend(…)
    const name = fn?.type === 'attribute' ? rootName(field(fn, 'object')) : undefined;
    if (name && name !== 'self' && !/^(?:nn|F|torch|math)$/.test(name)) {
      out.called.add(name);
      out.mutated.add(name);
    }
    const method = selfMember(fn);
    if (method) out.selfCalls.add(method);
    // …and `self.blocks.append(…)` changes the list self.blocks holds
    const held = fn?.type === 'attribute' ? selfMember(field(fn, 'object')) : undefined;
    if (held) out.selfAttrs.add(held);
  } else if (n.type === 'raise_statement' || n.type === 'return_statement') out.any = true;
  else if (n.type === 'yield') out.yields = true;
  for (const c of n.children) collectEffects(c, out);
}

/**
 * An assert that fails while a module is built (`assert feat_size is not None` with the values ShapeLens read):
 * PyTorch raises there, as for a raise statement, so the build stops and the model built with those arguments is
 * not analysed further (a try statement around it catches it instead).
 */
function failingAssert(ev: Evaluator, node: Syntax, frame: Frame): Signal {
  const test = namedChildren(node)[0];
  if (!test || conditionTruth(ev, test, frame) !== false) return undefined;
  raiseCertain(ev, 'AssertionError', `assert ${shortCode(test)} fails with the values ShapeLens read`, node);
  return undefined; // not reached: asserts are checked only while building
}

const noEffects = (): Effects => ({ assigned: new Set(), called: new Set(), selfAttrs: new Set(), selfCalls: new Set(), itemTargets: new Set(), mutated: new Set(), any: false });

/** The attributes the methods called on self set (`self._make_block(…)` updating `self.in_chs`), through their own calls. */
function methodSelfAttrs(ev: Evaluator, frame: Frame, calls: Set<string>, into: Set<string>): void {
  const owner = frame.self?.cls;
  if (!owner) return;
  const seen = new Set<string>();
  const todo = [...calls];
  while (todo.length) {
    const m = todo.pop()!;
    if (seen.has(m)) continue;
    seen.add(m);
    const fn = ev.classAttribute(owner, m);
    if (!(fn instanceof FunctionValue)) continue;
    const inner = noEffects(); // the method's own locals are not this frame's
    collectEffects(fn.node, inner);
    for (const a of inner.selfAttrs) into.add(a);
    todo.push(...inner.selfCalls);
  }
}

const plainDict = (v: PyValue | undefined): boolean => v instanceof DictValue && ![...v.entries.values()].some((x) => x instanceof ModuleInstance);

/**
 * Code ShapeLens does not follow (a branch on a condition it cannot decide, a loop over an unknown value): what it
 * may assign becomes unknown, and when it could build or run something the totals become lower bounds (said once).
 * `setBy`: what sets those names, where it is not a condition (a long loop not run).
 */
export function unknownBranches(ev: Evaluator, nodes: Syntax[], frame: Frame, at?: Syntax, why?: string, setBy?: string): Signal {
  const effects = noEffects();
  for (const n of nodes) collectEffects(n, effects);
  methodSelfAttrs(ev, frame, effects.selfCalls, effects.selfAttrs);
  for (const name of effects.called) {
    if (!(frame.scope.lookup(name) instanceof ModuleInstance)) effects.assigned.add(name);
  }
  for (const name of effects.itemTargets) if (!plainDict(frame.scope.lookup(name))) effects.any = true;
  unknownOuterObjects(frame, effects.mutated);
  for (const name of effects.assigned) {
    if (frame.scope.lookup(name) instanceof QualName) continue; // a module name (`torch`), not a value
    frame.scope.vars.set(name, unknown(setBy ? `${name} is set by ${setBy}` : `${name} is set under a condition that is not known statically`));
  }
  const self = frame.self;
  for (const name of effects.selfAttrs) {
    if (!self || (self instanceof ModuleInstance && self.children.has(name)) || self.attrs.get(name) instanceof ModuleInstance) continue;
    self.attrs.set(name, unknown(`self.${name} is set under a condition that is not known statically`));
  }
  if (effects.yields && frame.yielded) frame.yielded.lost ??= why ?? 'a yield in code that is not followed';
  if (effects.any && at && why) ev.skippedCode(at, why);
  return undefined;
}

/**
 * A dict, list or object of an enclosing scope (a module's registry: `_model_pretrained_cfgs[name] = cfg` in a
 * branch not followed) that such code changes in place is unknown where it lives, not only in this function: what
 * reads it later would otherwise take what it held before for what it holds.
 */
function unknownOuterObjects(frame: Frame, names: ReadonlySet<string>): void {
  for (const name of names) {
    if (frame.scope.vars.has(name)) continue; // a local: set unknown with the other locals
    for (let s = frame.scope.parent; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v === undefined) continue;
      if (Array.isArray(v) || v instanceof DictValue || v instanceof ObjectValue || v instanceof NamespaceValue) {
        s.vars.set(name, unknown(`${name} is changed under a condition that is not known statically`));
      }
      break;
    }
  }
}

function execFor(ev: Evaluator, node: Syntax, frame: Frame): Signal {
  const left = field(node, 'left');
  const right = field(node, 'right');
  if (!left || !right) return undefined;
  if (isInitLoop(node)) return undefined; // a weight-initialisation loop changes no shape or count (initLoops.ts)
  const over = ev.eval(right, frame);
  const long = ev.iterate(over);
  // a range() kept for tables (MAX_TABLE) is too long to run a loop over
  const items = long && long.length > MAX_LOOP ? undefined : long;
  if (!items) {
    const body = [field(node, 'body')!].filter(Boolean);
    // A container whose contents were already said to be unknown (where it was built): not said again here.
    if (ev.isSaid(over) || (over instanceof ModuleInstance && over.unknownContents !== undefined)) {
      ev.markIncomplete();
      return unknownBranches(ev, body, frame);
    }
    const why = isUnknownValue(over) ? over.why : long ? `more than ${MAX_LOOP.toLocaleString('en-US')} rounds` : 'it goes over a value not known statically';
    return unknownBranches(ev, body, frame, node, `loop (${why})`);
  }
  if (items.length > 1 && !ev.trace && fillsOnlyTensors(ev, node, frame)) return undefined;
  const cost = items.length > 1 && computesOnly(node) ? loopCost(node, items.length, (e) => knownSize(ev, e, node, frame)) : 0;
  if (cost > ev.stepsLeft()) return longLoop(ev, node, frame, cost);
  for (const item of items) {
    ev.assign(left, item, frame);
    const signal = ev.execBlock(field(node, 'body'), frame);
    if (signal === 'break') return undefined;
    if (signal === 'return') return signal;
  }
  const alt = field(node, 'alternative');
  return alt ? ev.execBlock(field(alt, 'body'), frame) : undefined;
}

/**
 * A loop that only computes values and would take more steps than the run has left (longLoops.ts): not run. The
 * names it sets, its targets included, and the containers it fills are unknown; nothing is said here.
 */
function longLoop(ev: Evaluator, node: Syntax, frame: Frame, cost: number): Signal {
  const by = `the loop at line ${ev.file.lines.lineOf(node) + 1}, too long for ShapeLens to run (about ${cost.toLocaleString('en-US')} steps)`;
  unknownBranches(ev, [field(node, 'body')!], frame, undefined, undefined, by);
  namesSetBy(node, frame, by);
  return undefined;
}

/**
 * The names a loop that is not run sets, the targets of the loop and of the loops in it too (which Python leaves
 * bound to their last items): unknown, set by `by`. The names in `keep` stay as they are.
 */
function namesSetBy(node: Syntax, frame: Frame, by: string, keep?: ReadonlySet<string>): void {
  for (const name of namesSetIn(node)) if (!keep?.has(name)) frame.scope.vars.set(name, unknown(`${name} is set by ${by}`));
}

/**
 * A loop that only computes values and sets items of tensors whose values ShapeLens does not keep (longLoops.ts
 * itemTargets), while modules are built: it changes nothing ShapeLens follows, so it is not run. The names it sets
 * are unknown after it; the tensors keep their shapes. (In forward() such a loop is run: what it computes with
 * tensors is counted.)
 */
function fillsOnlyTensors(ev: Evaluator, node: Syntax, frame: Frame): boolean {
  const targets = itemTargets(node);
  if (!targets) return false;
  for (const name of targets) {
    const v = frame.scope.lookup(name);
    if (!(v instanceof TensorValue) || !v.shape || dataOf(v) !== undefined) return false;
  }
  namesSetBy(node, frame, `the loop at line ${ev.file.lines.lineOf(node) + 1}, which only fills the values of ${[...targets].join(', ')} (not run)`, targets);
  return true;
}

/** A nested loop's rounds where its iterable is known before the loop runs (none of the names the loop sets). */
function knownSize(ev: Evaluator, iterable: Syntax, loop: Syntax, frame: Frame): number | undefined {
  const set = namesSetIn(loop);
  const names = (n: Syntax): boolean => (n.type === 'identifier' && set.has(textOf(n))) || n.children.some(names);
  if (names(iterable)) return undefined;
  try {
    return ev.iterate(ev.eval(iterable, frame))?.length;
  } catch (e) {
    if (e instanceof BudgetExceeded) throw e;
    return undefined;
  }
}

function execWhile(ev: Evaluator, node: Syntax, frame: Frame): Signal {
  const condition = field(node, 'condition');
  for (let count = 0; ; count++) {
    if (count >= MAX_WHILE) throw new BudgetExceeded(`the while loop at line ${ev.file.lines.lineOf(node) + 1} did not end after ${MAX_WHILE} rounds`, true);
    const test = condition ? conditionTruth(ev, condition, frame) : undefined;
    if (test === false) return undefined;
    if (test === undefined) return unknownBranches(ev, [field(node, 'body')!].filter(Boolean), frame, node, 'while loop (its condition is not known statically)');
    const signal = ev.execBlock(field(node, 'body'), frame);
    if (signal === 'break') return undefined;
    if (signal === 'return') return signal;
  }
}

/**
 * try/except: the body runs; an exception it raises where ShapeLens knows it would (a layer built with an argument
 * it does not take is a TypeError; a `raise`) runs the first matching handler instead, as Python would. A body
 * without handlers (try/finally) just runs.
 */
function execTry(ev: Evaluator, node: Syntax, frame: Frame): Signal {
  const handlers = namedChildren(node).filter((c) => c.type === 'except_clause');
  const body = field(node, 'body');
  if (handlers.length === 0) return ev.execBlock(body, frame);
  try {
    return ev.withCatching(() => ev.execBlock(body, frame));
  } catch (e) {
    if (!(e instanceof PythonRaise)) throw e;
    const handler = handlers.find((h) => catches(h, e.type));
    if (!handler) {
      raiseCertain(ev, e.type, e.message, node); // an enclosing try may catch it; while building, the build stops
      frame.returned = unknown(`the code raises ${e.type} here`);
      return 'return';
    }
    return ev.execBlock(namedChildren(handler).find((c) => c.type === 'block'), frame);
  }
}

/** `except:`, `except Exception`, `except TypeError as e`, `except (KeyError, TypeError)`. */
function catches(handler: Syntax, type: string): boolean {
  const what = namedChildren(handler).find((c) => c.type !== 'block' && c.type !== 'comment');
  if (!what) return true;
  const text = textOf(what).replace(/\s+as\s+\w+$/, '');
  return new RegExp(`\\b(${type}|Exception|BaseException)\\b`).test(text);
}

/** `raise ValueError(f"… got {asked} …")`: the message as Python would give it, when the values are known. */
function raisedMessage(ev: Evaluator, node: Syntax, frame: Frame): string | undefined {
  const raised = namedChildren(node)[0];
  const first = raised?.type === 'call' ? namedChildren(field(raised, 'arguments')!)[0] : undefined;
  if (!first || first.type === 'keyword_argument') return undefined;
  const message = ev.eval(first, frame);
  return typeof message === 'string' && message.length <= 200 ? `"${message}"` : undefined;
}

/** The exception class a raise statement names (`raise ValueError('…')` → ValueError). */
function raisedType(node: Syntax): string {
  const m = /^raise\s+([\w.]+)/.exec(textOf(node));
  return m ? m[1].split('.').pop()! : 'Exception';
}

/**
 * A TypeScript `for` loop whose variable never moves toward its bound (`for (let i = 0; i < n; j++)`): JavaScript
 * would loop forever (or throw on an undefined counter). If the loop would be entered, the analysis of the
 * function stops there and says why, instead of running the body thousands of times.
 */
function endlessLoop(ev: Evaluator, node: Syntax, frame: Frame): Signal {
  const condition = field(node, 'condition');
  const test = condition ? conditionTruth(ev, condition, frame) : undefined;
  if (test === false) return undefined;
  const variable = field(node, 'variable');
  const update = field(node, 'update');
  const name = variable ? textOf(variable) : 'the loop variable';
  const how = update ? `its update \`${textOf(update)}\` never moves ${name} toward the bound` : `nothing changes ${name}`;
  const what = ev.trace ? 'the shapes after it are unknown' : 'the modules built after it are not counted';
  ev.incomplete(node, 'endless-loop', `This loop ${test === undefined ? 'may never end' : 'never ends'}` +
    `${condition ? ` (\`${textOf(condition)}\`)` : ''}: ${how}. ShapeLens stops following this function here: ${what}`);
  frame.returned = unknown('the code after a loop that never ends');
  return 'return';
}
