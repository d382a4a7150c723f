// The abstract interpreter of the Python subset model code is written in. It runs __init__ to build the module tree
// and forward() to follow the tensor shapes; whatever cannot be known statically becomes `unknown` and stays so
// (never guessed). This class holds the run's state — budgets, the current trace, what has been said — and wires
// the parts that do the work (statements, expressions, members, calls), each written against the Evaluator interface.
import { shippedPath, type AnalysisDiagnostic } from '../model';
import { field, type Syntax } from '../syntax';
import * as calls from './calls';
import { BudgetExceeded, type Evaluator, type Frame, type Observer, type PyFile, type Signal } from './evaluator';
import * as expressions from './expressions';
import * as members from './members';
import * as statements from './statements';
import { assign as assignTarget } from './assignments';
import type { Trace } from './trace';
import { ClassValue, DictValue, FunctionValue, ModuleInstance, NamespaceValue, ParamsValue, QualName, TensorValue, type PyValue, type Scope } from './values';
import { MAX_LOOP } from './semantics';
import { rowsOf } from './tensorData';

/** Date.now, not performance.now: the budget is a 5 s safety net, and under Node the global `performance` loads
 *  perf_hooks on first use (~14 ms of a short CLI run). */
const now = (): number => Date.now();

const MAX_STEPS = 400_000;
/** Wall-clock budget of one run (building a model, or one forward pass): only a safety net behind the step and
 *  loop budgets, which decide deterministically (a busy machine must not change the results). */
const RUN_MS = 5000;
/** How often (in steps) the clock is read and the host asked whether to stop. */
const CLOCK_EVERY = 2048;
/**
 * Steps of every run together, for the clock: counted per run, a model analysed as many short runs (a statement
 * of module code, building a block, each forward pass of a loop) read it never, so nothing could stop its analysis.
 */
let clockSteps = 0;

/**
 * An analysis the host may stop half way (an editor analysing in the background, when the user types): `check` is
 * asked every few thousand steps; once it says yes, every later step throws Interrupted too (some code catches and
 * goes on), and the model being analysed is thrown away (pythonFile.ts), never cached.
 */
const interruption: { check?: () => boolean; asked: boolean } = { asked: false };

export class Interrupted extends Error {}

export const wasInterrupted = (): boolean => interruption.asked;

/** Runs `f` with `check` deciding whether to stop it; Interrupted comes out of `f` when it did. */
export function interruptible<T>(check: () => boolean, f: () => T): T {
  const outer = { ...interruption };
  interruption.check = check;
  interruption.asked = false;
  try {
    const out = f();
    if (interruption.asked) throw new Interrupted();
    return out;
  } finally {
    interruption.check = outer.check;
    interruption.asked = outer.asked;
  }
}

export class Interpreter implements Evaluator {
  private steps = 0;
  private readonly depth = { n: 0 };
  private deadline = Infinity;
  private currentTrace: Trace | undefined;
  private currentObserver: Observer | undefined;
  private readonly saidValues = new WeakSet<object>();
  readonly diagnostics: AnalysisDiagnostic[] = [];
  /** Code skipped while building (a loop or branch that cannot be decided): the parameter totals are a lower bound. */
  readonly skipped: AnalysisDiagnostic[] = [];

  constructor(readonly file: PyFile) {}

  get trace(): Trace | undefined {
    return this.currentTrace;
  }

  get observer(): Observer | undefined {
    return this.currentObserver;
  }

  get skippedCount(): number {
    return this.skipped.length;
  }

  get stepsTaken(): number {
    return this.steps;
  }

  get saidCount(): number {
    return this.diagnostics.length + this.skipped.length + this.notes.length;
  }

  private reads = 0;
  get stateReads(): number {
    return this.reads;
  }

  skippedSince(count: number): AnalysisDiagnostic[] {
    return this.skipped.slice(count);
  }

  classBases(cls: ClassValue): PyValue[] {
    return members.classBases(this, cls);
  }

  withTrace<T>(trace: Trace | undefined, fn: () => T): T {
    const outer = this.currentTrace;
    this.currentTrace = trace;
    if (trace && !trace.rehome) trace.rehome = (d) => this.rehome(d);
    try {
      return fn();
    } finally {
      this.currentTrace = outer;
    }
  }

  withObserver<T>(observer: Observer | undefined, fn: () => T): T {
    const outer = this.currentObserver;
    this.currentObserver = observer;
    try {
      return fn();
    } finally {
      this.currentObserver = outer;
    }
  }

  // ── Budgets ─────────────────────────────────────────────────────────────────────────────────────────────────────
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
    if ((++clockSteps & (CLOCK_EVERY - 1)) === 0) {
      if (now() > this.deadline) throw new BudgetExceeded(`following it took more than ${RUN_MS} ms`);
      if (interruption.asked || interruption.check?.()) {
        interruption.asked = true;
        throw new Interrupted();
      }
    }
  }

  spend(steps: number): void {
    this.steps += steps - 1;
    this.tick();
  }

  stepsLeft(): number {
    return MAX_STEPS - this.steps;
  }

  // ── What is said ────────────────────────────────────────────────────────────────────────────────────────────────
  skippedCode(node: Syntax, why: string): void {
    this.incomplete(node, 'not-followed', this.trace
      ? `ShapeLens cannot follow this ${why}: the layers it would run are not counted, so the MACs are incomplete`
      : `ShapeLens cannot follow this ${why}: the modules it would build are not counted, so the parameter totals are incomplete`);
  }

  incomplete(node: Syntax, code: string, message: string): void {
    const range = this.file.lines.rangeOf(node);
    const severity = code === 'endless-loop' ? 'warning' : 'info';
    if (this.trace) {
      this.trace.incomplete = true;
      this.trace.report({ range, severity, code, message });
    } else this.skipped.push(this.rehome({ range, severity, code, message }));
  }

  /** What note() said: shown once for the file (from the run of its module code), not per model. */
  readonly notes: AnalysisDiagnostic[] = [];

  note(node: Syntax, code: string, message: string): void {
    this.notes.push(this.rehome({ range: this.file.lines.rangeOf(node), severity: 'info', code, message }));
  }

  // ── Imported code ───────────────────────────────────────────────────────────────────────────────────────────────
  /** The calls in the analysed file being followed, innermost last: where imported code was reached from. */
  private readonly sites: Syntax[] = [];

  enterSite(node: Syntax): boolean {
    if (node.unit.source) return false;
    this.sites.push(node);
    return true;
  }

  exitSite(): void {
    this.sites.pop();
  }

  /**
   * A diagnostic about code in another file is shown at the call in this file that reached it, and says where it
   * happened ("… — in unet/unet_parts.py:57"); a diagnostic of this file is left as it is.
   */
  private rehome(d: AnalysisDiagnostic): AnalysisDiagnostic {
    const file = d.range.file;
    const site = this.sites[this.sites.length - 1];
    if (!file || !site) return d;
    return { ...d, range: this.file.lines.rangeOf(nameOf(site)), message: `${d.message} — in ${this.relative(file)}:${d.range.start.line + 1}` };
  }

  /** A project path as the user reads it: relative to the analysed file's folder. */
  private relative(file: string): string {
    const shipped = shippedPath(file); // its own copy of a library
    if (shipped) return shipped;
    const from = this.file.options.path;
    if (!from) return file;
    const a = from.split('/').slice(0, -1);
    const b = file.split('/');
    let i = 0;
    while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
    return [...Array(a.length - i).fill('..'), ...b.slice(i)].join('/');
  }

  private catchDepth = 0;

  get catching(): boolean {
    return this.catchDepth > 0;
  }

  withCatching<T>(fn: () => T): T {
    this.catchDepth++;
    try {
      return fn();
    } finally {
      this.catchDepth--;
    }
  }

  markIncomplete(): void {
    if (this.trace) this.trace.incomplete = true;
  }

  markSaid(v: PyValue): void {
    if (typeof v === 'object' && v !== null) this.saidValues.add(v);
  }

  isSaid(v: PyValue): boolean {
    return typeof v === 'object' && v !== null && this.saidValues.has(v);
  }

  // ── The parts ───────────────────────────────────────────────────────────────────────────────────────────────────
  exec(node: Syntax, frame: Frame): Signal {
    return statements.execStatement(this, node, frame);
  }

  execBlock(block: Syntax | undefined, frame: Frame): Signal {
    return statements.execBlock(this, block, frame);
  }

  assign(target: Syntax, value: PyValue, frame: Frame): void {
    assignTarget(this, target, value, frame);
  }

  eval(node: Syntax, frame: Frame): PyValue {
    return expressions.evaluate(this, node, frame);
  }

  binary(op: string, l: PyValue, r: PyValue, node: Syntax): PyValue {
    return expressions.binary(this, op, l, r, node);
  }

  lookup(name: string, frame: Frame): PyValue {
    const v = expressions.lookup(name, frame);
    // while building: a module-level value that can change makes the build depend on more than its code and arguments
    if (!this.currentTrace && typeof v === 'object' && v !== null && !(v instanceof ClassValue || v instanceof FunctionValue || v instanceof QualName)
      && moduleLevel(frame.scope, name)) this.reads++;
    return v;
  }

  evalCall(node: Syntax, frame: Frame): PyValue {
    return calls.evalCall(this, node, frame);
  }

  call(callee: PyValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax, frame: Frame): PyValue {
    return calls.call(this, callee, args, kwargs, node, frame);
  }

  callFunction(fn: FunctionValue, args: PyValue[], kwargs: Map<string, PyValue>, _node: Syntax | undefined, top = false): PyValue {
    return calls.callFunction(this, fn, args, kwargs, top, this.depth);
  }

  instantiate(cls: ClassValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax | undefined): PyValue {
    return calls.instantiate(this, cls, args, kwargs, node);
  }

  getAttribute(object: PyValue, name: string, node: Syntax): PyValue {
    return members.getAttribute(this, object, name, node);
  }

  private writes = 0;
  get classWrites(): number {
    return this.writes;
  }

  setAttribute(object: PyValue, name: string, value: PyValue): void {
    if (object instanceof ClassValue) this.writes++;
    members.setAttribute(object, name, value);
  }

  classAttribute(cls: ClassValue, name: string): PyValue | undefined {
    return members.classAttribute(this, cls, name);
  }

  classKind(cls: ClassValue): 'module' | 'sequential' | 'modulelist' | 'moduledict' | 'object' {
    return members.classKind(this, cls);
  }

  iterate(v: PyValue): PyValue[] | undefined {
    if (Array.isArray(v)) return v;
    if (typeof v === 'string') return [...v];
    if (v instanceof DictValue) return [...v.entries.keys()];
    if (v instanceof NamespaceValue && v.tuple) return [...v.attrs.values()];
    if (v instanceof ModuleInstance) {
      if (v.unknownContents !== undefined) return undefined;
      if (v.paramItems) return v.type === 'ParameterDict' ? [...v.paramItems.keys()] : [...v.paramItems.values()];
      if (v.kind === 'moduledict') return [...v.children.keys()];
      if (v.kind === 'sequential' || v.kind === 'modulelist') return [...v.children.values()];
      return undefined;
    }
    // for p in m.parameters(): one stand-in for all of them (p.requires_grad = False freezes the module)
    if (v instanceof ParamsValue) return [v];
    if (v instanceof TensorValue) {
      const d = v.shape?.[0];
      if (typeof d !== 'number' || d > MAX_LOOP) return undefined;
      // iterating a tensor yields views of its rows
      return rowsOf(v, Array.from({ length: d }, () => new TensorValue(v.shape!.slice(1), v.origin, false, undefined, undefined, v)));
    }
    return undefined;
  }
}

export { BudgetExceeded };
export type { Frame, PyFile };

/** Whether `name` is found in a module's own scope (the outermost of the chain) rather than a function's. */
function moduleLevel(scope: Scope, name: string): boolean {
  for (let s: Scope | undefined = scope; s; s = s.parent) if (s.vars.has(name)) return s.parent === undefined;
  return false;
}

/**
 * Where a diagnostic shown at a model's own definition goes: its name (`def detr_resnet50`, `class Net`), not the
 * whole definition, which would underline every line of it.
 */
function nameOf(site: Syntax): Syntax {
  const def = site.type === 'decorated_definition' ? field(site, 'definition') ?? site : site;
  return def.type === 'function_definition' || def.type === 'class_definition' ? field(def, 'name') ?? site : site;
}
