// The interface the interpreter's parts and the library handlers work through (pyright's split: helpers depend on
// an evaluator interface, not on the class that implements it). Statements, expressions, members, calls and the
// handlers of library calls each take an Evaluator; only interpreter.ts knows them all.
import { QuietError, type EvalContext } from '../../engine';
import type { AnalysisDiagnostic, AnalysisOptions } from '../model';
import type { LineMap, Syntax } from '../syntax';
import type { BuildMemo } from './buildCache';
import type { OutcomeTable } from './callKeys';
import type { Trace } from './trace';
import type { ClassValue, FunctionValue, ModuleInstance, ObjectValue, PyModule, PyValue, Scope, TensorValue } from './values';

/**
 * A Python exception the code raises where it catches it (`try: act(inplace=True) except TypeError: act()`):
 * thrown only inside a try statement that has handlers, caught by it.
 */
export class PythonRaise extends QuietError {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

/**
 * A Python exception certain to be raised while modules are built (a `raise` the code reaches, an assert that fails,
 * an index past the end of a tuple of known length) where no try statement catches it: PyTorch never gets past it,
 * so the build stops there and the model built with those arguments is not analysed further.
 */
export class BuildFailed extends QuietError {
  constructor(readonly type: string, readonly why: string, readonly node: Syntax) {
    super(`${type}: ${why}`);
  }
}

/**
 * The code certainly raises `type` here: to the try statement that catches it, or out of the build while modules are
 * built. While a forward pass is followed it returns, and the caller says it its own way (an unknown value).
 */
export function raiseCertain(ev: Evaluator, type: string, why: string, node: Syntax): void {
  if (ev.catching) throw new PythonRaise(type, why);
  if (!ev.trace) throw new BuildFailed(type, why, node);
}

/**
 * Stops a run that takes too long (a fuzzed file with a huge loop): reported, never hangs the editor. `endless`: the
 * code itself looks at fault (a while loop that did not end), which the user should look at; otherwise it is
 * ShapeLens's own limit, said as information.
 */
export class BudgetExceeded extends QuietError {
  constructor(message: string, readonly endless = false) {
    super(message);
  }
}

/** What the interpreter knows about the file it runs in. */
export interface PyFile {
  readonly lines: LineMap;
  readonly globals: Scope;
  readonly options: AnalysisOptions;
  readonly engine: EvalContext;
  /** Engine evaluations by call and input shapes (see evaluateCached in ops.ts). */
  readonly outcomes?: OutcomeTable;
  /** The other files of the project, for imports (absent: a file on its own, every import a library name). */
  readonly imports?: ModuleResolver;
  /** User blocks already built with the same code and arguments (buildCache.ts). */
  readonly builds?: BuildMemo;
}

/**
 * Finds the project's own modules for the imports of one file: `level` is the number of leading dots (0 for an
 * absolute import); undefined when the module is not a file of the project (torch, a package: a library name).
 */
export interface ModuleResolver {
  module(name: string, level: number): PyModule | undefined;
  /** A module ShapeLens ships by its dotted name (`torchvision.models`; bundled/), else undefined. */
  library?(name: string): PyModule | undefined;
}

/** One function activation. */
export interface Frame {
  readonly scope: Scope;
  readonly self?: ModuleInstance | ObjectValue;
  readonly cls?: ClassValue;
  returned?: PyValue;
  /** The forward() of the analysed model itself (its statements get shape annotations). */
  readonly top?: boolean;
  /** A generator function's run: what its `yield`s gave so far; `lost` when a yield sat in code not followed. */
  readonly yielded?: { readonly items: PyValue[]; lost?: string };
}

export type Signal = 'return' | 'break' | 'continue' | undefined;

/** Module-level code calling a model with a known tensor (`net(torch.randn(1, 3, 32, 32))`) tells its input. */
/** Module-level code called a model: its first input (a tensor of known shape), and every argument it was given. */
export type Observer = (module: ModuleInstance, input: TensorValue, args: readonly PyValue[], kwargs: ReadonlyMap<string, PyValue>) => void;

export interface Evaluator {
  readonly file: PyFile;
  /** The records of the forward pass being followed; undefined while building modules (__init__, module code). */
  readonly trace: Trace | undefined;
  /** Set while module-level code is scanned for the inputs models are called with. */
  readonly observer: Observer | undefined;
  /** Diagnostics found while building modules (unknown layers, bad constructor arguments). */
  readonly diagnostics: AnalysisDiagnostic[];

  eval(node: Syntax, frame: Frame): PyValue;
  /** A Python binary operator on two values (a tensor on either side makes it the registry's op). */
  binary(op: string, l: PyValue, r: PyValue, node: Syntax): PyValue;
  /** A call expression: its arguments evaluated (*args, **kwargs spread), then call(). */
  evalCall(node: Syntax, frame: Frame): PyValue;
  exec(node: Syntax, frame: Frame): Signal;
  execBlock(block: Syntax | undefined, frame: Frame): Signal;
  assign(target: Syntax, value: PyValue, frame: Frame): void;
  call(callee: PyValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax, frame: Frame): PyValue;
  callFunction(fn: FunctionValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax | undefined, top?: boolean): PyValue;
  instantiate(cls: ClassValue, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax | undefined): PyValue;
  getAttribute(object: PyValue, name: string, node: Syntax): PyValue;
  setAttribute(object: PyValue, name: string, value: PyValue, node?: Syntax): void;
  classAttribute(cls: ClassValue, name: string): PyValue | undefined;
  classKind(cls: ClassValue): 'module' | 'sequential' | 'modulelist' | 'moduledict' | 'object';
  lookup(name: string, frame: Frame): PyValue;
  iterate(v: PyValue): PyValue[] | undefined;

  /** Runs `fn` with `trace` as the current forward pass (undefined: building), then restores the previous one. */
  withTrace<T>(trace: Trace | undefined, fn: () => T): T;
  /** Runs `fn` observing model calls with known tensors, then stops observing. */
  withObserver<T>(observer: Observer | undefined, fn: () => T): T;

  /** One step of work; throws BudgetExceeded past the budget. Heavier work (an engine evaluation) spends several. */
  tick(): void;
  spend(steps: number): void;
  /** The steps this run may still take before BudgetExceeded. */
  stepsLeft(): number;
  /** Code that would build modules or run layers and cannot be followed: said, and the totals become lower bounds. */
  skippedCode(node: Syntax, why: string): void;
  /** A diagnostic that makes the totals a lower bound (an info; a warning for a loop that may never end). */
  incomplete(node: Syntax, code: string, message: string): void;
  /** An info diagnostic on how a value was read (argparse's defaults); the totals stay complete. */
  note(node: Syntax, code: string, message: string): void;
  /** The totals are lower bounds, for a reason already said elsewhere (nothing new to say here). */
  markIncomplete(): void;
  /** A value whose unknownness has been said: what follows from it is not said again. */
  markSaid(v: PyValue): void;
  isSaid(v: PyValue): boolean;
  /** Inside a try statement with except clauses: a TypeError the code would raise is raised (PythonRaise). */
  readonly catching: boolean;
  withCatching<T>(fn: () => T): T;
  /** A call in the analysed file (not in imported code) becomes the place imported code's diagnostics are shown. */
  enterSite(node: Syntax): boolean;
  exitSite(): void;
  /** Build-time skips so far (code __init__ could not follow), and those made since a count. */
  readonly skippedCount: number;
  /** Steps taken in this run so far. */
  readonly stepsTaken: number;
  /** How much was said so far outside a forward pass (diagnostics, skips, notes): a build that adds to it is not kept. */
  readonly saidCount: number;
  /** Reads of module-level values that can change (a list, a dict, an object, a model) while modules were built. */
  readonly stateReads: number;
  /** Writes of class attributes (`Block.count += 1`): once a run made one, what a build reads may differ from a kept one. */
  readonly classWrites: number;
  skippedSince(count: number): AnalysisDiagnostic[];
  classBases(cls: ClassValue): PyValue[];
}
