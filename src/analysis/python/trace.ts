// What one forward pass produces: the records of executed leaf modules and ops in order, the shape annotations of
// the model's own forward() statements, and the diagnostics said along the way.
import { FREE, isTuple, type Cost, type ShapeTree } from '../../engine';
import type { Constraint } from '../../engine/symbolic';
import type { AnalysisDiagnostic, AnnotationRun, CompositeCall, LayerDeclaration, LayerRecord, Range, ShapeAnnotation } from '../model';
import { absEnd, textOf, type LineMap, type Syntax } from '../syntax';
import { DictValue, NamespaceValue, TensorValue, type ModuleInstance, type PyValue } from './values';

/** Runs of one statement kept for its hover (a statement in a loop may run thousands of times). */
const MAX_RUNS = 64;

/** What the input's free sizes must satisfy for the run to hold, with the call that requires it. */
export interface TracedConstraint {
  readonly constraint: Constraint;
  readonly range: Range;
  /** The layer or op as the code writes it: "fc1 = nn.Linear(16 * 5 * 5, 120)", "x.view(-1, 400)". */
  readonly label: string;
  /** The constraint as text, every field of it (see constraintText): what the solver's memo is keyed by. */
  readonly text?: string;
}

/** A constraint's fields as text, worked out once per constraint object (an engine outcome is kept and reused). */
const texts = new WeakMap<Constraint, string>();

/** Every field of a constraint as text (sizes by their canonical key): equal texts, equal constraints. */
export function constraintText(c: Constraint): string {
  let text = texts.get(c);
  if (text === undefined) {
    const value = (v: unknown): string => (typeof v !== 'object' || v === null ? String(v) : 'key' in v ? (v as { key: string }).key
      : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)));
    texts.set(c, (text = Object.entries(c).map(([k, v]) => `${k}=${value(v)}`).join(';')));
  }
  return text;
}

/** Thrown out of a probe run once its layers settle what it looks for: the rest of the forward is not followed. */
export class ProbeSettled extends Error {
  /** One per probe run, made without a stack trace (a deep interpreter stack costs more to record than the probe). */
  static make(): ProbeSettled {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return new ProbeSettled('the probe found what it looked for');
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

/** What one forward run produces. */
export class Trace {
  readonly records: LayerRecord[] = [];
  /** With a symbolic input: the constraints the layers put on its sizes, in execution order. */
  readonly constraints: TracedConstraint[] = [];
  /**
   * A run without an input shape that looks for the first layer the input reaches: the input tensor and what
   * shape-less ops and layers made of it, and the layers it went through in order (shared with nested leaf modules).
   */
  probe?: {
    readonly tensors: Set<TensorValue>; readonly layers: ModuleInstance[];
    /** Whether the layers so far settle what the probe looks for: the run stops there (ProbeSettled). */
    readonly settled?: (layers: readonly ModuleInstance[]) => boolean;
  };
  /** By file and statement end: statements of imported files are annotated too, in their own file's lines. */
  readonly annotations = new Map<string, ShapeAnnotation>();
  readonly diagnostics: AnalysisDiagnostic[] = [];
  private readonly seen = new Set<string>();
  readonly calls = new Map<ModuleInstance, number>();
  /** Calls of modules that hold others (a block, a Sequential): what went in and out, and what ran inside. */
  readonly composites = new Map<ModuleInstance, CompositeCall[]>();
  /** Index of the first record of the forward statement being executed. */
  statementStart = 0;
  /** The attribute path of the module whose forward() is running ('' = the model's own). */
  scope = '';
  /** Some code could not be followed (see Interpreter.skippedCode): the records and MACs are a lower bound. */
  incomplete = false;
  /** A layer's cost is not one number (its sizes are symbolic): the total is not known, though nothing was skipped. */
  uncosted = false;
  /** A tuple (a tensor's shape) unpacked into a number of names it does not have (`bs, c, h, w = src.shape`): that number. */
  unpacked?: number;
  /** The batch size of the model's input, when known: a view(-1, …) that changes it is a bug (checkBatchChange). */
  batch?: number;
  constructor(readonly lines: LineMap) {}

  /** How many reports were made (repeats included): a caller can tell whether anything was said during a call. */
  reports = 0;

  /**
   * Where a diagnostic about imported code is shown: the call in the analysed file that led there (set by the
   * interpreter). The diagnostic keeps the place it happened in its words.
   */
  rehome?: (d: AnalysisDiagnostic) => AnalysisDiagnostic;

  report(d: AnalysisDiagnostic): void {
    this.reports++;
    if (d.range.file && this.rehome) d = this.rehome(d);
    const key = `${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(d);
  }

  /** The first run of a statement is the one shown; later runs (the same block's next instance, a loop) are listed. */
  annotate(left: Syntax, value: PyValue, stmt: Syntax): void {
    const shape = shapeTreeOf(value);
    if (!shape) return;
    const end = absEnd(stmt);
    const source = stmt.unit.source;
    const key = source ? `${source.path}:${end}` : String(end);
    const first = this.annotations.get(key);
    const run: AnnotationRun = { scope: this.scope, shape };
    if (first) {
      const runs = first.runs as AnnotationRun[];
      if (runs.length < MAX_RUNS) runs.push(run);
      else (first as { moreRuns: number }).moreRuns = (first.moreRuns ?? 0) + 1;
      return;
    }
    this.annotations.set(key, {
      position: (source?.lines ?? this.lines).position(end), ...(source ? { file: source.path } : {}),
      variable: textOf(left), shape, records: this.records.slice(this.statementStart), runs: [run],
    });
  }

  declaration(m: ModuleInstance): LayerDeclaration | undefined {
    return m.declNode ? declarationOf(m, this.lines) : undefined;
  }

  /** A composite module's call ended: `start` is the index of the first record it made. */
  composite(m: ModuleInstance, args: readonly PyValue[], out: PyValue, start: number): void {
    const list = this.composites.get(m) ?? [];
    if (list.length === 0) this.composites.set(m, list);
    list.push({
      inputShapes: args.filter((a) => a instanceof TensorValue).map((a) => (a as TensorValue).shape),
      outputShape: shapeTreeOf(out), firstRecord: start, recordCount: this.records.length - start,
    });
  }
}

/**
 * A module's declaration (it has a declNode): the same object for every run that sees the module unchanged (every run
 * of a model asks for each of its layers), kept on the module with what it was worked out from.
 */
function declarationOf(m: ModuleInstance, lines: LineMap): LayerDeclaration {
  const last = m.declared;
  if (last && last.lines === lines && last.path === m.path && last.frozen === m.frozen && last.site === m.siteNode) return last.d;
  const module = m;
  const d: LayerDeclaration = { path: m.path ?? m.type, type: m.type, range: lines.rangeOf(m.declNode!), frozen: m.frozen,
    ...(m.siteNode ? { site: lines.rangeOf(m.siteNode) } : {}),
    get outcome() { return module.declOutcome; } };
  m.declared = { lines, path: m.path, frozen: m.frozen, site: m.siteNode, d };
  return d;
}

/** A tensor value (or a tuple of them) as a ShapeTree, when every shape is known. */
export function shapeTreeOf(v: PyValue): ShapeTree | undefined {
  if (v instanceof TensorValue) return v.shape;
  // a namedtuple (`WWTReturn(slot_logits, token_logits)`) is a tuple of its fields
  if (v instanceof NamespaceValue && v.tuple) return shapeTreeOf([...v.attrs.values()]);
  // a dict of results keyed by strings (`return {'pred_logits': logits, 'pred_boxes': boxes}`)
  if (v instanceof DictValue && v.entries.size > 0 && [...v.entries.keys()].every((k) => typeof k === 'string')) {
    const tree = shapeTreeOf([...v.entries.values()]);
    return tree && isTuple(tree) ? { tuple: tree.tuple, keys: [...v.entries.keys()] as string[] } : undefined;
  }
  if (Array.isArray(v) && v.length > 0) {
    // None beside tensors is an entry of its own (`return logits, loss` with no targets): null
    const parts = v.map((x) => (x === null ? null : shapeTreeOf(x)));
    return parts.every((p) => p !== undefined) && parts.some((p) => p !== null) ? { tuple: parts as (ShapeTree | null)[] } : undefined;
  }
  return undefined;
}

/** The records' costs added up in one pass (adding them pairwise would copy the working lines once per record). */
export function sumCosts(records: readonly LayerRecord[]): Cost {
  let macs = 0n;
  let mul = 0n, add = 0n, cmp = 0n, div = 0n, other = 0n;
  const working: string[] = [];
  let any = false;
  for (const r of records) {
    const c = r.cost;
    if (!c) continue;
    any = true;
    macs += c.macs;
    mul += c.exact.mul; add += c.exact.add; cmp += c.exact.cmp; div += c.exact.div; other += c.exact.other;
    for (const w of c.working) working.push(w);
  }
  return any ? { macs, exact: { mul, add, cmp, div, other }, working } : FREE;
}
