// The abstract interpreter for the Python subset model code is written in: statements, expressions, calls,
// classes and functions. It runs __init__ to build the module tree and forward() to follow the tensor shapes;
// whatever cannot be known statically becomes `unknown` and stays so (never guessed).
import { findLayer, unknown, type EvalContext, type LayerOutcome } from '../../engine';
import type { AnalysisDiagnostic, AnalysisOptions } from '../model';
import { field, fields, namedChildren, textOf, type LineMap, type Syntax } from '../syntax';
import { callLibrary, libraryAttribute, libraryHas } from './library';
import { callModule, binaryTensorOp, tensorAttribute, tensorMethod, subscriptTensor, type Trace } from './forward';
import { addChild, freeze } from './modules';
import { dictMethod, fillContainer, listMethod, moduleMethod } from './moduleMethods';
import {
  braceFormat, BUILTINS, compareValues, indexValue, isKey, MAX_LOOP, paramName, parseInteger, percentFormat, pySlice,
  repeat, stringValue, truth,
} from './semantics';
import { bindImport } from './imports';
import {
  BoundMethod, ClassValue, describe, DictValue, FunctionValue, isUnknownValue, ModuleInstance, ObjectValue, ParamsValue,
  QualName, Scope, SuperValue, TensorValue, type DictKey, type PyValue,
} from './values';

/** Stops a run that takes too long (a fuzzed file with a huge loop): reported, never hangs the editor. */
export class BudgetExceeded extends Error {}

const now = (): number => globalThis.performance.now();

const MAX_STEPS = 400_000;
const MAX_DEPTH = 48;
/** A `while` loop that has not ended after this many rounds is taken for a runaway (`while True:` without break). */
const MAX_WHILE = 1000;
/** Wall-clock budget of one run (building a model, or one forward pass): only a safety net behind the step and
 *  loop budgets, which decide deterministically (a busy machine must not change the results). */
const RUN_MS = 1000;
/** How often (in steps) the clock is read. */
const CLOCK_EVERY = 2048;

/** What the interpreter knows about the file it runs in. */
export interface PyFile {
  readonly lines: LineMap;
  readonly globals: Scope;
  readonly options: AnalysisOptions;
  readonly engine: EvalContext;
  /** Engine evaluations by call and input shapes (see evaluateCached in forward.ts). */
  readonly outcomes?: Map<string, LayerOutcome>;
}

/** One function activation. */
export interface Frame {
  readonly scope: Scope;
  readonly self?: ModuleInstance | ObjectValue;
  readonly cls?: ClassValue;
  returned?: PyValue;
  /** The forward() of the analysed model itself (its statements get shape annotations). */
  readonly top?: boolean;
}

export type Signal = 'return' | 'break' | 'continue' | undefined;

export class Interpreter {
  steps = 0;
  depth = 0;
  /** Diagnostics found while building modules (unknown layers, bad constructor arguments). */
  readonly diagnostics: AnalysisDiagnostic[] = [];
  /** Set while forward() runs: the records and annotations of the model being analysed. */
  trace?: Trace;
  /** Set while module-level code runs: a model called with a known tensor (`net(torch.randn(1, 3, 32, 32))`). */
  observe?: (module: ModuleInstance, input: TensorValue) => void;
  /** Code skipped while building (a loop or branch that cannot be decided): the parameter totals are a lower bound. */
  readonly skipped: AnalysisDiagnostic[] = [];
  /**
   * Unknown values and shapeless tensors whose reason has already been said (at a layer without a rule, an entry
   * that is not known, an attribute a skipped stretch of __init__ would have set): what follows from them is not
   * said again.
   */
  readonly said = new WeakSet<object>();
  /** When the current run must stop (performance.now() time); see restart(). */
  private deadline = Infinity;

  constructor(readonly file: PyFile) {}

  /** Allows only `steps` more steps (scanning helper functions for inputs must stay cheap on every keystroke). */
  allowSteps(steps: number): void {
    this.restart();
    this.steps = Math.max(0, MAX_STEPS - steps);
  }

  /** A new run (a statement of module code, building a model, a forward pass): fresh step and time budgets. */
  restart(): void {
    this.steps = 0;
    this.deadline = now() + RUN_MS;
  }

  tick(): void {
    if (++this.steps > MAX_STEPS) throw new BudgetExceeded('the analysis took too many steps');
    if ((this.steps & (CLOCK_EVERY - 1)) === 0 && now() > this.deadline) throw new BudgetExceeded(`following it took more than ${RUN_MS} ms`);
  }

  /** Heavier work (an engine evaluation) counts as several steps. */
  spend(steps: number): void {
    this.steps += steps - 1;
    this.tick();
  }

  /**
   * Code that could not be followed (a loop over an unknown range, a branch on an unknown condition) and that
   * would have built modules or run layers: said at the statement, and the model's totals are marked incomplete.
   */
  skippedCode(node: Syntax, why: string): void {
    this.incomplete(node, 'not-followed', this.trace
      ? `ShapeLens cannot follow this ${why}: the layers it would run are not counted, so the MACs are incomplete`
      : `ShapeLens cannot follow this ${why}: the modules it would build are not counted, so the parameter totals are incomplete`);
  }

  /**
   * A diagnostic that makes the model's totals a lower bound. An info: the code runs, ShapeLens only cannot follow
   * it (a loop that may never end is the exception, a warning: it may be a real bug).
   */
  incomplete(node: Syntax, code: string, message: string): void {
    const range = this.file.lines.rangeOf(node);
    const severity = code === 'endless-loop' ? 'warning' : 'info';
    if (this.trace) {
      this.trace.incomplete = true;
      this.trace.report({ range, severity, code, message });
    } else this.skipped.push({ range, severity, code, message });
  }

  /**
   * A TypeScript `for` loop whose variable never moves toward its bound (`for (let i = 0; i < n; j++)`): JavaScript
   * would loop forever (or throw on an undefined counter). If the loop would be entered, the analysis of the
   * function stops there and says why, instead of running the body thousands of times.
   */
  private endlessLoop(node: Syntax, frame: Frame): Signal {
    const condition = field(node, 'condition');
    const test = condition ? truth(this.eval(condition, frame)) : undefined;
    if (test === false) return undefined;
    const variable = field(node, 'variable');
    const update = field(node, 'update');
    const name = variable ? textOf(variable) : 'the loop variable';
    const how = update ? `its update \`${textOf(update)}\` never moves ${name} toward the bound` : `nothing changes ${name}`;
    const what = this.trace ? 'the shapes after it are unknown' : 'the modules built after it are not counted';
    this.incomplete(node, 'endless-loop', `This loop ${test === undefined ? 'may never end' : 'never ends'}` +
      `${condition ? ` (\`${textOf(condition)}\`)` : ''}: ${how}. ShapeLens stops following this function here: ${what}`);
    frame.returned = unknown('the code after a loop that never ends');
    return 'return';
  }

  // ── Statements ────────────────────────────────────────────────────────────────────────────────────────────
  execBlock(block: Syntax | undefined, frame: Frame): Signal {
    if (!block) return undefined;
    for (const stmt of block.children) {
      if (!stmt.named || stmt.type === 'comment') continue;
      if (frame.top && this.trace) this.trace.statementStart = this.trace.records.length;
      const signal = this.execStatement(stmt, frame);
      if (signal) return signal;
    }
    return undefined;
  }

  execStatement(node: Syntax, frame: Frame): Signal {
    this.tick();
    switch (node.type) {
      case 'expression_statement': {
        for (const child of namedChildren(node)) this.execExpressionStatement(child, frame);
        return undefined;
      }
      case 'return_statement': {
        const value = namedChildren(node)[0];
        frame.returned = value ? this.eval(value, frame) : null;
        return 'return';
      }
      case 'if_statement': return this.execIf(node, frame);
      case 'for_statement': return this.execFor(node, frame);
      case 'while_statement': return this.execWhile(node, frame);
      case 'with_statement': return this.execBlock(field(node, 'body'), frame);
      case 'try_statement': return this.execBlock(field(node, 'body'), frame);
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
        return def ? this.execStatement(def, frame) : undefined;
      }
      case 'import_statement':
      case 'import_from_statement':
        bindImport(node, frame.scope);
        return undefined;
      case 'break_statement': return 'break';
      case 'continue_statement': return 'continue';
      case 'raise_statement':
        frame.returned = unknown('the code raises here');
        return 'return';
      case 'block': return this.execBlock(node, frame);
      case 'endless_loop': return this.endlessLoop(node, frame);
      default:
        return undefined; // pass, assert, global, del, print…: no effect on shapes
    }
  }

  private execExpressionStatement(node: Syntax, frame: Frame): void {
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
      const skippedBefore = this.skipped.length;
      const value = this.eval(right, frame);
      for (const target of targets) {
        this.assign(target, value, frame);
        if (!this.trace && isUnknownValue(value)) this.unknownModuleAttribute(target, right, value.why, frame, this.skipped.length > skippedBefore);
      }
      this.annotate(targets[0], value, node, frame);
      return;
    }
    if (node.type === 'augmented_assignment') {
      const left = field(node, 'left');
      const right = field(node, 'right');
      const op = node.children.find((c) => c.field === 'operator');
      if (!left || !right || !op) return;
      const current = this.eval(left, frame);
      const value = this.binary(op.type.slice(0, -1), current, this.eval(right, frame), node);
      this.assign(left, value, frame);
      this.annotate(left, value, node, frame);
      return;
    }
    this.eval(node, frame);
  }

  /** After a top-level forward statement that assigns a tensor: the inlay hint's data. */
  protected annotate(left: Syntax, value: PyValue, stmt: Syntax, frame: Frame): void {
    if (!frame.top || !this.trace) return;
    this.trace.annotate(left, value, stmt);
  }

  /**
   * `self.block = Something(...)` while building, where Something could not be followed (an imported class from a
   * file or package ShapeLens does not read, a call it does not know): if that was a module, its parameters are
   * missing, so it is said once, here, and the parameter totals become a lower bound.
   */
  private unknownModuleAttribute(target: Syntax, value: Syntax, why: string, frame: Frame, alreadySaid: boolean): void {
    if (target.type !== 'attribute' || value.type !== 'call') return;
    const object = field(target, 'object');
    const owner = object && this.eval(object, frame);
    if (!(owner instanceof ModuleInstance)) return;
    if (!alreadySaid) {
      this.incomplete(value, 'not-followed', `ShapeLens cannot tell what ${textOf(target)} is: ${why}. ` +
        'If it is a layer or block, its parameters are not counted and calls to it give unknown shapes');
    }
    const stored = owner.attrs.get(textOf(field(target, 'attribute')!));
    if (typeof stored === 'object' && stored !== null) this.said.add(stored); // its calls in forward() are not said again
  }

  private execIf(node: Syntax, frame: Frame): Signal {
    const condition = field(node, 'condition');
    const test = condition ? truth(this.eval(condition, frame)) : undefined;
    if (test === true) return this.execBlock(field(node, 'consequence'), frame);
    const alternatives = fields(node, 'alternative');
    if (test === false) {
      for (const alt of alternatives) {
        if (alt.type === 'else_clause') return this.execBlock(field(alt, 'body'), frame);
        const c = field(alt, 'condition');
        const t = c ? truth(this.eval(c, frame)) : undefined;
        if (t === true) return this.execBlock(field(alt, 'consequence'), frame);
        if (t === undefined) return this.unknownBranches([alt], frame, alt, 'branch (its condition is not known statically)');
      }
      return undefined;
    }
    return this.unknownBranches([node, ...alternatives], frame, node, 'branch (its condition is not known statically)');
  }

  /**
   * Code that cannot be decided (a branch on an unknown condition, a loop over an unknown range): no branch is
   * guessed. The names it assigns, and the lists and dicts it changes (`layers.append(…)`, `d[k] = …`), become
   * unknown; if it would build modules or run layers, that is said (skippedCode) and the totals are incomplete.
   */
  protected unknownBranches(nodes: Syntax[], frame: Frame, at?: Syntax, why?: string): Signal {
    const assigned = new Set<string>();
    let effects = false;
    const rootName = (n: Syntax | undefined): string | undefined => {
      while (n && (n.type === 'subscript' || n.type === 'attribute')) n = field(n, n.type === 'subscript' ? 'value' : 'object');
      return n?.type === 'identifier' ? textOf(n) : undefined;
    };
    const visit = (n: Syntax) => {
      if (n.type === 'assignment' || n.type === 'augmented_assignment') {
        const left = field(n, 'left');
        if (left?.type === 'identifier') assigned.add(textOf(left));
        else if (left?.type === 'subscript' || left?.type === 'attribute') {
          const name = rootName(left);
          if (name && name !== 'self') assigned.add(name);
          effects = true;
        } else if (left) for (const t of namedChildren(left)) if (t.type === 'identifier') assigned.add(textOf(t));
      } else if (n.type === 'call') {
        effects = true;
        const fn = field(n, 'function');
        // a method call may change its object: layers.append(…), blocks.extend(…)
        const name = fn?.type === 'attribute' ? rootName(field(fn, 'object')) : undefined;
        if (name && name !== 'self' && !/^(?:nn|F|torch|math)$/.test(name)) assigned.add(name);
      } else if (n.type === 'raise_statement' || n.type === 'return_statement') effects = true;
      for (const c of n.children) visit(c);
    };
    for (const n of nodes) visit(n);
    for (const name of assigned) {
      if (frame.scope.lookup(name) instanceof QualName) continue; // a module name (`torch`), not a value
      frame.scope.vars.set(name, unknown(`${name} is set under a condition that is not known statically`));
    }
    if (effects && at && why) this.skippedCode(at, why);
    return undefined;
  }

  private execFor(node: Syntax, frame: Frame): Signal {
    const left = field(node, 'left');
    const right = field(node, 'right');
    if (!left || !right) return undefined;
    const over = this.eval(right, frame);
    const items = this.iterate(over);
    if (!items) return this.unknownBranches([field(node, 'body')!].filter(Boolean), frame, node, `loop (${isUnknownValue(over) ? over.why : 'it goes over a value not known statically'})`);
    for (const item of items) {
      this.assign(left, item, frame);
      const signal = this.execBlock(field(node, 'body'), frame);
      if (signal === 'break') return undefined;
      if (signal === 'return') return signal;
    }
    const alt = field(node, 'alternative');
    return alt ? this.execBlock(field(alt, 'body'), frame) : undefined;
  }

  private execWhile(node: Syntax, frame: Frame): Signal {
    const condition = field(node, 'condition');
    for (let count = 0; ; count++) {
      if (count >= MAX_WHILE) throw new BudgetExceeded(`the while loop at line ${this.file.lines.lineOf(node) + 1} did not end after ${MAX_WHILE} rounds`);
      const test = condition ? truth(this.eval(condition, frame)) : undefined;
      if (test === false) return undefined;
      if (test === undefined) return this.unknownBranches([field(node, 'body')!].filter(Boolean), frame, node, 'while loop (its condition is not known statically)');
      const signal = this.execBlock(field(node, 'body'), frame);
      if (signal === 'break') return undefined;
      if (signal === 'return') return signal;
    }
  }

  // ── Assignment ────────────────────────────────────────────────────────────────────────────────────────────
  assign(target: Syntax, value: PyValue, frame: Frame): void {
    switch (target.type) {
      case 'identifier':
        frame.scope.vars.set(textOf(target), value);
        return;
      case 'attribute': {
        const object = field(target, 'object');
        const name = field(target, 'attribute');
        if (!object || !name) return;
        this.setAttribute(this.eval(object, frame), textOf(name), value, target);
        return;
      }
      case 'subscript': {
        const object = this.eval(field(target, 'value')!, frame);
        const keyNode = field(target, 'subscript');
        const key = keyNode ? this.eval(keyNode, frame) : undefined;
        if (object instanceof DictValue && isKey(key)) object.entries.set(key, value);
        else if (Array.isArray(object) && typeof key === 'number') {
          const i = key < 0 ? object.length + key : key;
          if (i >= 0 && i < object.length) object[i] = value;
        } else if (object instanceof ModuleInstance && object.kind === 'moduledict' && typeof key === 'string' && value instanceof ModuleInstance) {
          addChild(object, key, value);
        } else if (object instanceof ModuleInstance && object.kind !== 'moduledict' && typeof key === 'number' && value instanceof ModuleInstance) {
          const k = String(key < 0 ? object.children.size + key : key);
          if (object.children.has(k)) object.children.set(k, value);
        }
        return;
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'parenthesized_expression': {
        const targets = namedChildren(target);
        if (target.type === 'parenthesized_expression') {
          if (targets[0]) this.assign(targets[0], value, frame);
          return;
        }
        const items = this.iterate(value);
        targets.forEach((t, i) => {
          if (t.type === 'list_splat_pattern') {
            const rest = items ? items.slice(i, items.length - (targets.length - 1 - i)) : unknown('unpacked from an unknown value');
            const inner = namedChildren(t)[0];
            if (inner) this.assign(inner, rest, frame);
            return;
          }
          this.assign(t, items && items.length === targets.length ? items[i] : unknown('unpacked from a value of unknown length'), frame);
        });
        return;
      }
      default:
        return;
    }
  }

  setAttribute(object: PyValue, name: string, value: PyValue, node: Syntax): void {
    if (object instanceof ModuleInstance) {
      if (value instanceof ModuleInstance) {
        addChild(object, name, value);
        object.attrs.delete(name);
        return;
      }
      if (value instanceof TensorValue && value.param) {
        if (!object.attrs.has(name) && value.shape && value.shape.every((d) => typeof d === 'number')) {
          const shape = value.shape as number[];
          object.ownParams.push({ name, shape, count: shape.reduce((p, d) => p * BigInt(d), 1n) });
        }
      }
      if (object.children.has(name) && value === null) object.children.delete(name);
      object.attrs.set(name, value);
      return;
    }
    if (object instanceof ObjectValue) {
      object.attrs.set(name, value);
      return;
    }
    if (object instanceof ParamsValue && name === 'requires_grad' && value === false) {
      if (object.tensor) object.module.frozenTensors.add(object.tensor);
      else freeze(object.module);
    }
    void node;
  }

  // ── Expressions ───────────────────────────────────────────────────────────────────────────────────────────
  eval(node: Syntax, frame: Frame): PyValue {
    this.tick();
    switch (node.type) {
      case 'integer': return parseInteger(textOf(node));
      case 'float': {
        const t = textOf(node).replace(/_/g, '');
        return /[jJ]$/.test(t) ? unknown('a complex number') : Number(t);
      }
      case 'true': return true;
      case 'false': return false;
      case 'none': return null;
      case 'string': return node.children.some((c) => c.type === 'interpolation') ? this.fString(node, frame) : stringValue(node);
      case 'concatenated_string': {
        const parts = namedChildren(node).map((c) => stringValue(c));
        return parts.every((p) => typeof p === 'string') ? parts.join('') : unknown('a formatted string');
      }
      case 'identifier': return this.lookup(textOf(node), frame);
      case 'parenthesized_expression': {
        const inner = namedChildren(node)[0];
        return inner ? this.eval(inner, frame) : null;
      }
      case 'tuple':
      case 'list':
      case 'expression_list':
      case 'set': {
        const out: PyValue[] = [];
        for (const c of namedChildren(node)) {
          if (c.type === 'list_splat') {
            const items = this.iterate(this.eval(namedChildren(c)[0], frame));
            if (!items) return unknown('a list built from an unknown value');
            out.push(...items);
          } else out.push(this.eval(c, frame));
        }
        return out;
      }
      case 'dictionary': {
        const dict = new DictValue();
        for (const pair of namedChildren(node)) {
          if (pair.type === 'pair') {
            const k = this.eval(field(pair, 'key')!, frame);
            if (isKey(k)) dict.entries.set(k, this.eval(field(pair, 'value')!, frame));
          } else if (pair.type === 'dictionary_splat') {
            const other = this.eval(namedChildren(pair)[0], frame);
            if (other instanceof DictValue) for (const [k, v] of other.entries) dict.entries.set(k, v);
          }
        }
        return dict;
      }
      case 'binary_operator': {
        const op = node.children.find((c) => c.field === 'operator');
        const l = this.eval(field(node, 'left')!, frame);
        const r = this.eval(field(node, 'right')!, frame);
        return this.binary(op ? op.type : '?', l, r, node);
      }
      case 'unary_operator': {
        const op = node.children.find((c) => c.field === 'operator');
        const v = this.eval(field(node, 'argument')!, frame);
        if (typeof v === 'number') return op?.type === '-' ? -v : op?.type === '~' ? ~v : v;
        if (typeof v === 'boolean') return op?.type === '-' ? -Number(v) : Number(v);
        if (v instanceof TensorValue) return v;
        return unknown('a value of unknown sign');
      }
      case 'not_operator': {
        const t = truth(this.eval(field(node, 'argument')!, frame));
        return t === undefined ? unknown('a condition that is not known statically') : !t;
      }
      case 'boolean_operator': {
        const op = node.children.find((c) => c.field === 'operator')?.type;
        const l = this.eval(field(node, 'left')!, frame);
        const t = truth(l);
        if (t === undefined) return unknown('a condition that is not known statically');
        if ((op === 'and' && !t) || (op === 'or' && t)) return l;
        return this.eval(field(node, 'right')!, frame);
      }
      case 'comparison_operator': return this.compare(node, frame);
      case 'conditional_expression': {
        const [a, cond, b] = namedChildren(node);
        const t = truth(this.eval(cond, frame));
        if (t === undefined) return unknown('a condition that is not known statically');
        return this.eval(t ? a : b, frame);
      }
      case 'attribute': {
        const object = this.eval(field(node, 'object')!, frame);
        return this.getAttribute(object, textOf(field(node, 'attribute')!), node);
      }
      case 'subscript': return this.subscript(node, frame);
      case 'call': return this.evalCall(node, frame);
      case 'list_comprehension':
      case 'generator_expression':
      case 'set_comprehension':
        return this.comprehension(node, frame);
      case 'keyword_argument': return this.eval(field(node, 'value')!, frame);
      case 'ellipsis': return '...';
      case 'named_expression': {
        const v = this.eval(field(node, 'value')!, frame);
        this.assign(field(node, 'name')!, v, frame);
        return v;
      }
      default:
        return unknown(`${node.type.replace(/_/g, ' ')} is not followed statically`);
    }
  }

  /** f'conv{i}': the interpolations evaluated (numbers and strings only; a format spec is not followed). */
  private fString(node: Syntax, frame: Frame): PyValue {
    let out = '';
    for (const c of node.children) {
      if (c.type === 'string_content' || c.type === 'escape_sequence') out += textOf(c);
      else if (c.type === 'interpolation') {
        if (c.children.some((x) => x.type === 'format_specifier' || x.type === 'type_conversion')) return unknown('a formatted string');
        const expr = field(c, 'expression') ?? namedChildren(c)[0];
        const v = expr ? this.eval(expr, frame) : undefined;
        if (typeof v !== 'number' && typeof v !== 'string') return unknown('a formatted string');
        out += String(v);
      }
    }
    return out;
  }

  lookup(name: string, frame: Frame): PyValue {
    const v = frame.scope.lookup(name);
    if (v !== undefined) return v;
    const builtin = BUILTINS.has(name) ? new QualName(`builtins.${name}`) : undefined;
    if (builtin) return builtin;
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

  getAttribute(object: PyValue, name: string, node: Syntax): PyValue {
    if (object instanceof QualName) return libraryAttribute(object, name) ?? new QualName(`${object.name}.${name}`);
    // TypeScript reads an object literal's keys with a dot (`cfg.width`); a Python dict never has such attributes
    if (object instanceof DictValue && object.entries.has(name) && !/^(?:items|keys|values|get|update|copy|pop|setdefault|clear)$/.test(name)) return object.entries.get(name)!;
    if (object instanceof ModuleInstance) {
      const child = object.children.get(name);
      if (child) return child;
      if (object.attrs.has(name)) return object.attrs.get(name)!;
      if (name === 'training') return false;
      const method = object.cls ? this.classAttribute(object.cls, name) : undefined;
      if (method instanceof FunctionValue) return new FunctionValue(method.name, method.node, method.closure, object, method.owner);
      if (method !== undefined) return method;
      if (object.kind === 'layer' && object.call) {
        const arg = layerArgument(object, name);
        if (arg !== undefined) return arg;
        if (name === 'weight' || name === 'bias') return new ParamsValue(object, name);
      }
      if (object.kind === 'user' && !MODULE_METHODS.has(name) && !name.startsWith('__')) {
        // Not set by the code that was followed. When __init__ skipped code, that is why (already said there).
        const missing = unknown(`${name} was not set by the code ShapeLens could follow in ${object.type}.__init__`);
        if (this.skipped.length > 0) this.said.add(missing);
        return missing;
      }
      return new BoundMethod(object, name);
    }
    if (object instanceof ObjectValue) {
      if (object.attrs.has(name)) return object.attrs.get(name)!;
      const method = this.classAttribute(object.cls, name);
      if (method instanceof FunctionValue) return new FunctionValue(method.name, method.node, method.closure, object, method.owner);
      return method ?? unknown(`${object.cls.name}.${name} is not known`);
    }
    if (object instanceof ClassValue) return this.classAttribute(object, name) ?? unknown(`${object.name}.${name} is not known`);
    if (object instanceof TensorValue) return tensorAttribute(this, object, name, node);
    if (object instanceof ParamsValue) return new BoundMethod(object, name);
    if (object instanceof SuperValue) {
      const bases = this.classBases(object.from);
      for (const base of bases) {
        if (base instanceof ClassValue) {
          const m = this.classAttribute(base, name);
          if (m instanceof FunctionValue) return new FunctionValue(m.name, m.node, m.closure, object.self, m.owner);
          if (m !== undefined) return m;
        } else if (base instanceof QualName) {
          return new BoundMethod(object, name);
        }
      }
      return new BoundMethod(object, name);
    }
    if (isUnknownValue(object)) return object;
    return new BoundMethod(object, name);
  }

  /** A class attribute or method, looked up through the user base classes. */
  classAttribute(cls: ClassValue, name: string, seen = new Set<ClassValue>()): PyValue | undefined {
    if (seen.has(cls)) return undefined;
    seen.add(cls);
    const attrs = this.classAttrs(cls);
    if (attrs.has(name)) return attrs.get(name);
    for (const base of this.classBases(cls)) {
      if (base instanceof ClassValue) {
        const v = this.classAttribute(base, name, seen);
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }

  classAttrs(cls: ClassValue): Map<string, PyValue> {
    if (cls.attrs) return cls.attrs;
    const scope = new Scope(cls.closure);
    cls.attrs = scope.vars;
    const frame: Frame = { scope };
    const body = field(cls.node, 'body');
    if (body) {
      for (const stmt of body.children) {
        if (!stmt.named) continue;
        if (stmt.type === 'function_definition' || stmt.type === 'decorated_definition') {
          const def = stmt.type === 'decorated_definition' ? field(stmt, 'definition') : stmt;
          const name = def && field(def, 'name');
          if (def && name) scope.vars.set(textOf(name), new FunctionValue(textOf(name), def, cls.closure, undefined, cls));
        } else if (stmt.type === 'expression_statement') {
          this.execStatement(stmt, frame);
        }
      }
    }
    return cls.attrs;
  }

  classBases(cls: ClassValue): PyValue[] {
    if (cls.bases) return cls.bases;
    cls.bases = [];
    const supers = field(cls.node, 'superclasses');
    if (supers) {
      const frame: Frame = { scope: cls.closure };
      for (const b of namedChildren(supers)) if (b.type !== 'keyword_argument') cls.bases.push(this.eval(b, frame));
    }
    return cls.bases;
  }

  /** 'module' for an nn.Module subclass (directly or through user classes), with the container it extends. */
  classKind(cls: ClassValue, seen = new Set<ClassValue>()): 'module' | 'sequential' | 'modulelist' | 'moduledict' | 'object' {
    if (seen.has(cls)) return 'object';
    seen.add(cls);
    for (const base of this.classBases(cls)) {
      if (base instanceof QualName) {
        if (base.name === 'torch.nn.Sequential') return 'sequential';
        if (base.name === 'torch.nn.ModuleList') return 'modulelist';
        if (base.name === 'torch.nn.ModuleDict') return 'moduledict';
        if (base.name === 'torch.nn.Module' || (base.name.startsWith('torch.nn.') && findLayer(base.name.slice(9)))) return 'module';
      }
      if (base instanceof ClassValue) {
        const k = this.classKind(base, seen);
        if (k !== 'object') return k;
      }
    }
    return 'object';
  }

  private subscript(node: Syntax, frame: Frame): PyValue {
    const object = this.eval(field(node, 'value')!, frame);
    const keys = fields(node, 'subscript');
    if (object instanceof TensorValue) return subscriptTensor(this, object, keys, node, frame);
    if (keys.length !== 1) return unknown('a multi-dimensional index of a non-tensor');
    const keyNode = keys[0];
    if (keyNode.type === 'slice') {
      const parts = this.sliceParts(keyNode, frame);
      if (!parts) return unknown('a slice with unknown bounds');
      if (Array.isArray(object)) return pySlice(object, parts);
      if (object instanceof ModuleInstance && (object.kind === 'sequential' || object.kind === 'modulelist')) {
        const sub = new ModuleInstance(object.kind, object.type);
        pySlice([...object.children.values()], parts).forEach((m, i) => sub.children.set(String(i), m as ModuleInstance));
        return sub;
      }
      if (typeof object === 'string') return pySlice([...object], parts).join('');
      return unknown('a slice of an unknown value');
    }
    const key = this.eval(keyNode, frame);
    return indexValue(object, key);
  }

  sliceParts(node: Syntax, frame: Frame): (number | null)[] | undefined {
    // slice children: [start] ':' [stop] [':' [step]] — positions decided by the colons
    const parts: (number | null)[] = [null, null, null];
    let slot = 0;
    for (const c of node.children) {
      if (c.type === ':') { slot++; continue; }
      if (!c.named) continue;
      const v = this.eval(c, frame);
      if (v === null) continue;
      if (typeof v !== 'number') return undefined;
      parts[slot] = v;
    }
    return parts;
  }

  private comprehension(node: Syntax, frame: Frame): PyValue {
    const body = field(node, 'body');
    const clauses = namedChildren(node).filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
    if (!body) return unknown('a comprehension');
    const scope = new Scope(frame.scope);
    const inner: Frame = { ...frame, scope };
    const out: PyValue[] = [];
    const run = (i: number): boolean => {
      if (i === clauses.length) {
        out.push(this.eval(body, inner));
        if (out.length > MAX_LOOP) throw new BudgetExceeded(`a comprehension makes more than ${MAX_LOOP} items`);
        return true;
      }
      const c = clauses[i];
      if (c.type === 'if_clause') {
        const t = truth(this.eval(namedChildren(c)[0], inner));
        if (t === undefined) return false;
        return t ? run(i + 1) : true;
      }
      const over = this.eval(field(c, 'right')!, inner);
      const items = this.iterate(over);
      if (!items) {
        // [nn.Linear(…) for _ in range(n)] with n unknown builds modules nobody can count
        if (body.type === 'call' || namedChildren(body).some((x) => x.type === 'call')) {
          this.skippedCode(node, `comprehension (${isUnknownValue(over) ? over.why : 'it goes over a value not known statically'})`);
        }
        return false;
      }
      for (const item of items) {
        this.assign(field(c, 'left')!, item, inner);
        if (!run(i + 1)) return false;
      }
      return true;
    };
    return run(0) ? out : unknown('a comprehension over unknown values');
  }

  private compare(node: Syntax, frame: Frame): PyValue {
    const operands = namedChildren(node);
    const ops = node.children.filter((c) => !c.named).map((c) => c.type);
    // 'is not' / 'not in' come as two tokens
    const merged: string[] = [];
    for (const op of ops) {
      if (op === 'not' && merged[merged.length - 1] === 'is') merged[merged.length - 1] = 'is not';
      else if (op === 'in' && merged[merged.length - 1] === 'not') merged[merged.length - 1] = 'not in';
      else merged.push(op);
    }
    let left = this.eval(operands[0], frame);
    for (let i = 0; i < merged.length; i++) {
      const right = this.eval(operands[i + 1], frame);
      const r = compareValues(merged[i], left, right);
      if (r === undefined) return unknown('a comparison that is not known statically');
      if (!r) return false;
      left = right;
    }
    return true;
  }

  binary(op: string, l: PyValue, r: PyValue, node: Syntax): PyValue {
    if (l instanceof TensorValue || r instanceof TensorValue) return binaryTensorOp(this, op, l, r, node);
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
    if (op === '+' && Array.isArray(l) && Array.isArray(r)) return [...l, ...r];
    if (op === '+' && typeof l === 'string' && typeof r === 'string') return l + r;
    if (op === '*' && Array.isArray(l) && typeof r === 'number') return repeat(l, r);
    if (op === '*' && typeof l === 'number' && Array.isArray(r)) return repeat(r, l);
    if (op === '%' && typeof l === 'string') return percentFormat(l, Array.isArray(r) ? r : [r]);
    return unknown(`${op} of values not known statically`);
  }

  // ── Calls ─────────────────────────────────────────────────────────────────────────────────────────────────
  private evalCall(node: Syntax, frame: Frame): PyValue {
    const fnNode = field(node, 'function')!;
    const callee = this.eval(fnNode, frame);
    const argsNode = field(node, 'arguments');
    const positional: PyValue[] = [];
    const keyword = new Map<string, PyValue>();
    if (argsNode) {
      if (argsNode.type === 'generator_expression') positional.push(this.eval(argsNode, frame));
      else for (const a of namedChildren(argsNode)) {
        if (a.type === 'keyword_argument') {
          keyword.set(textOf(field(a, 'name')!), this.eval(field(a, 'value')!, frame));
        } else if (a.type === 'list_splat') {
          const items = this.iterate(this.eval(namedChildren(a)[0], frame));
          if (!items) return this.unknownCall(callee, 'called with *arguments of unknown length');
          positional.push(...items);
        } else if (a.type === 'dictionary_splat') {
          const d = this.eval(namedChildren(a)[0], frame);
          if (!(d instanceof DictValue)) return this.unknownCall(callee, 'called with **arguments not known statically');
          for (const [k, v] of d.entries) keyword.set(String(k), v);
        } else positional.push(this.eval(a, frame));
      }
    }
    return this.call(callee, positional, keyword, node, frame);
  }

  private unknownCall(callee: PyValue, why: string): PyValue {
    void callee;
    return unknown(why);
  }

  call(callee: PyValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax, frame: Frame): PyValue {
    const trace = this.trace;
    if (!trace) return this.dispatchCall(callee, args, kwargs, node, frame);
    const reported = trace.reports;
    const result = this.dispatchCall(callee, args, kwargs, node, frame);
    // In forward(): a call that takes a tensor of known shape and gives back nothing known loses the shape. Unless
    // something inside already said why, it is said here, once, and the cost totals become a lower bound.
    if (trace === this.trace && trace.reports === reported && losesShape(args, kwargs, result)
      && !this.said.has(result as object) && !(typeof callee === 'object' && callee !== null && this.said.has(callee))) {
      const why = lostWhy(result) ?? (isUnknownValue(callee) ? callee.why : 'its result is not known statically');
      this.incomplete(node, 'not-followed', `ShapeLens cannot follow ${shortText(node)}: ${why}; the shapes after it are unknown`);
      if (typeof result === 'object' && result !== null) this.said.add(result);
    }
    return result;
  }

  private dispatchCall(callee: PyValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax, frame: Frame): PyValue {
    if (callee instanceof FunctionValue) {
      const result = this.callFunction(callee, args, kwargs, node);
      // remember the factory, so a tensor passed to its model also tells the factory's input
      if (result instanceof ModuleInstance && !result.createdBy && callee.self === undefined && callee.closure === this.file.globals) result.createdBy = callee.name;
      return result;
    }
    if (callee instanceof ClassValue) return this.instantiate(callee, args, kwargs, node);
    if (callee instanceof ModuleInstance) return callModule(this, callee, args, kwargs, node);
    if (callee instanceof QualName) return callLibrary(this, callee.name, args, kwargs, node, frame);
    if (callee instanceof BoundMethod) return this.callMethod(callee, args, kwargs, node, frame);
    if (isUnknownValue(callee)) return unknown(callee.why);
    return unknown(`${describe(callee)} is not callable`);
  }

  callFunction(fn: FunctionValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax | undefined, top = false): PyValue {
    if (this.depth >= MAX_DEPTH) throw new BudgetExceeded('calls nest too deeply (recursion?)');
    this.depth++;
    try {
      const scope = new Scope(fn.closure);
      const frame: Frame = { scope, self: fn.self as ModuleInstance | ObjectValue | undefined, cls: fn.owner, top };
      const params = field(fn.node, 'parameters');
      const list = params ? namedChildren(params) : [];
      const all = fn.self !== undefined ? [fn.self, ...args] : args;
      let i = 0;
      for (const p of list) {
        const name = paramName(p);
        if (p.type === 'list_splat_pattern') {
          if (name) scope.vars.set(name, all.slice(i));
          i = all.length;
          continue;
        }
        if (p.type === 'dictionary_splat_pattern') {
          const d = new DictValue();
          for (const [k, v] of kwargs) d.entries.set(k, v);
          if (name) scope.vars.set(name, d);
          kwargs = new Map();
          continue;
        }
        if (p.type === 'keyword_separator' || p.type === 'positional_separator' || !name) continue;
        if (i < all.length) scope.vars.set(name, all[i++]);
        else if (kwargs.has(name)) {
          scope.vars.set(name, kwargs.get(name)!);
          kwargs.delete(name);
        } else {
          const def = field(p, 'value');
          scope.vars.set(name, def ? this.eval(def, { scope: fn.closure }) : unknown(`the argument ${name} is not given`));
        }
      }
      const body = field(fn.node, 'body');
      if (body?.type === 'block' || body) {
        const signal = this.execBlock(body, frame);
        if (signal === 'return') return frame.returned ?? null;
      }
      void node;
      return null;
    } finally {
      this.depth--;
    }
  }

  /** Calls a user class: builds an nn.Module instance (its __init__ run with the call's arguments) or an object. */
  instantiate(cls: ClassValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax | undefined): PyValue {
    const kind = this.classKind(cls);
    const self = kind === 'object' ? new ObjectValue(cls)
      : new ModuleInstance(kind === 'module' ? 'user' : kind, cls.name, cls);
    if (self instanceof ModuleInstance && node) self.declNode = node;
    const init = this.classAttribute(cls, '__init__');
    if (init instanceof FunctionValue) {
      this.callFunction(new FunctionValue(init.name, init.node, init.closure, self, init.owner), args, kwargs, node);
    } else if (self instanceof ModuleInstance && kind !== 'module') {
      // a container subclass without its own __init__ takes the container's arguments
      fillContainer(this, self, args, kwargs, node);
    }
    return self;
  }

  protected callMethod(m: BoundMethod, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax, frame: Frame): PyValue {
    const self = m.self;
    if (self instanceof TensorValue) return tensorMethod(this, self, m.name, args, kwargs, node);
    if (self instanceof SuperValue) {
      if (m.name === '__init__' && self.self instanceof ModuleInstance && self.self.kind !== 'user') {
        fillContainer(this, self.self, args, kwargs, node);
      }
      return null;
    }
    if (self instanceof ModuleInstance) return moduleMethod(this, self, m.name, args, kwargs, node, frame);
    if (self instanceof ParamsValue) {
      if (m.name === 'requires_grad_' && (args[0] === false || kwargs.get('requires_grad') === false)) {
        if (self.tensor) self.module.frozenTensors.add(self.tensor);
        else freeze(self.module);
      }
      return self;
    }
    if (Array.isArray(self)) return listMethod(self, m.name, args);
    if (self instanceof DictValue) return dictMethod(self, m.name, args);
    if (typeof self === 'string') {
      if (m.name === 'format') return braceFormat(self, args, kwargs);
      if (m.name === 'upper') return self.toUpperCase();
      if (m.name === 'lower') return self.toLowerCase();
      if (m.name === 'startswith' && typeof args[0] === 'string') return self.startsWith(args[0]);
      if (m.name === 'endswith' && typeof args[0] === 'string') return self.endsWith(args[0]);
      if (m.name === 'split') return unknown('a split string');
    }
    return unknown(`.${m.name}() is not followed statically`);
  }

  // ── Iteration ─────────────────────────────────────────────────────────────────────────────────────────────
  iterate(v: PyValue): PyValue[] | undefined {
    if (Array.isArray(v)) return v;
    if (typeof v === 'string') return [...v];
    if (v instanceof DictValue) return [...v.entries.keys()];
    if (v instanceof ModuleInstance) {
      if (v.kind === 'moduledict') return [...v.children.keys()];
      if (v.kind === 'sequential' || v.kind === 'modulelist') return [...v.children.values()];
      return undefined;
    }
    // for p in m.parameters(): one stand-in for all of them (p.requires_grad = False freezes the module)
    if (v instanceof ParamsValue) return [v];
    if (v instanceof TensorValue) {
      const d = v.shape?.[0];
      if (typeof d !== 'number' || d > MAX_LOOP) return undefined;
      return Array.from({ length: d }, () => new TensorValue(v.shape!.slice(1), v.origin));
    }
    return undefined;
  }
}

function layerArgument(m: ModuleInstance, name: string): PyValue | undefined {
  const def = m.call && findLayer(m.call.type);
  if (!def || !m.call) return undefined;
  const args = m.declOutcome?.args;
  if (args && name in args) return args[name] as PyValue;
  return undefined;
}

/** A tensor of known shape among the arguments (also inside a list: torch.cat([a, b])). */
function hasKnownTensor(values: Iterable<PyValue>): boolean {
  for (const v of values) {
    if (v instanceof TensorValue && v.shape) return true;
    if (Array.isArray(v) && hasKnownTensor(v)) return true;
  }
  return false;
}

/** The result says nothing about shapes: unknown, or a tensor without a shape (also inside a tuple). */
function isLost(v: PyValue): boolean {
  if (isUnknownValue(v)) return true;
  if (v instanceof TensorValue) return v.shape === undefined;
  return Array.isArray(v) && v.length > 0 && v.every(isLost);
}

/** The reason carried by a lost result, if any. */
function lostWhy(v: PyValue): string | undefined {
  if (isUnknownValue(v)) return v.why;
  if (v instanceof TensorValue) return v.why;
  return Array.isArray(v) ? v.map(lostWhy).find((w) => w !== undefined) : undefined;
}

const losesShape = (args: PyValue[], kwargs: Map<string, PyValue>, result: PyValue): boolean =>
  isLost(result) && (hasKnownTensor(args) || hasKnownTensor(kwargs.values()));

/** The code of a node, shortened for a message: `self.inc(x)`, `rearrange(x, 'b c h w -> b (h w) c')`. */
function shortText(node: Syntax): string {
  const text = textOf(node).replace(/\s+/g, ' ');
  return `\`${text.length > 60 ? `${text.slice(0, 57)}…` : text}\``;
}

/** nn.Module's own methods and attributes that code calls on a module (everything else must have been set). */
const MODULE_METHODS = new Set(['forward', 'parameters', 'named_parameters', 'buffers', 'named_buffers', 'children', 'named_children',
  'modules', 'named_modules', 'to', 'cuda', 'cpu', 'float', 'double', 'half', 'bfloat16', 'train', 'eval', 'apply', 'requires_grad_',
  'zero_grad', 'state_dict', 'load_state_dict', 'register_buffer', 'register_parameter', 'register_module', 'add_module',
  'register_forward_hook', 'register_forward_pre_hook', 'register_full_backward_hook', 'get_submodule', 'get_parameter',
  'extra_repr', 'type', 'share_memory', 'append', 'extend', 'insert', 'keys', 'values', 'items', 'size']);
