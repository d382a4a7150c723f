// forward() followed abstractly: module calls, functional ops, tensor methods, arithmetic and slicing become
// LayerCalls for the engine; each executed leaf module and functional op becomes a LayerRecord in execution order,
// and the tensor carries where its shape last changed (for "… = 20·12·12 (flatten at line 23)").
import {
  addCosts, evaluateLayer, findLayer, FREE, isKnown, isTuple, numel, unknown, type Cost, type LayerCall, type LayerOutcome,
  type Shape, type ShapeTree, type Value,
} from '../../engine';
import type { AnalysisDiagnostic, LayerDeclaration, LayerRecord, ShapeAnnotation } from '../model';
import { absEnd, namedChildren, textOf, type LineMap, type Syntax } from '../syntax';
import { reportEngine } from './diagnostics';
import type { Frame, Interpreter } from './interpreter';
import { argNodes, countParams } from './modules';
import {
  BoundMethod, FunctionValue, ModuleInstance, TensorValue, toEngineValue, type ArgNodes, type PyValue, type ShapeOrigin,
} from './values';

/** What one forward run produces. */
export class Trace {
  readonly records: LayerRecord[] = [];
  readonly annotations = new Map<number, ShapeAnnotation>();
  readonly diagnostics: AnalysisDiagnostic[] = [];
  private readonly seen = new Set<string>();
  readonly calls = new Map<ModuleInstance, number>();
  readonly declarations = new Map<ModuleInstance, LayerDeclaration>();
  /** Index of the first record of the forward statement being executed. */
  statementStart = 0;
  /** The attribute path of the module whose forward() is running ('' = the model's own). */
  scope = '';
  /** Some code could not be followed (see Interpreter.skippedCode): the records and MACs are a lower bound. */
  incomplete = false;
  constructor(readonly lines: LineMap) {}

  /** How many reports were made (repeats included): a caller can tell whether anything was said during a call. */
  reports = 0;

  report(d: AnalysisDiagnostic): void {
    this.reports++;
    const key = `${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(d);
  }

  annotate(left: Syntax, value: PyValue, stmt: Syntax): void {
    const shape = shapeTreeOf(value);
    if (!shape) return;
    const end = absEnd(stmt);
    this.annotations.set(end, {
      position: this.lines.position(end), variable: textOf(left), shape, records: this.records.slice(this.statementStart),
    });
  }

  declaration(m: ModuleInstance): LayerDeclaration | undefined {
    if (!m.declNode) return undefined;
    let d = this.declarations.get(m);
    if (!d) {
      const module = m;
      d = { path: m.path ?? m.type, type: m.type, range: this.lines.rangeOf(m.declNode), frozen: m.frozen,
        get outcome() { return module.declOutcome; } };
      this.declarations.set(m, d);
    }
    return d;
  }
}

/** A tensor value (or a tuple of them) as a ShapeTree, when every shape is known. */
export function shapeTreeOf(v: PyValue): ShapeTree | undefined {
  if (v instanceof TensorValue) return v.shape;
  if (Array.isArray(v) && v.length > 0) {
    const parts = v.map(shapeTreeOf);
    return parts.every((p) => p !== undefined) ? { tuple: parts as ShapeTree[] } : undefined;
  }
  return undefined;
}

const unknownTensor = (why?: string) => new TensorValue(undefined, undefined, false, why);

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

// ── Module calls ──────────────────────────────────────────────────────────────────────────────────────────────
export function callModule(it: Interpreter, m: ModuleInstance, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax): PyValue {
  if (!it.trace) {
    // Module-level code calling a model with a known tensor tells us the model's input.
    const first = args[0];
    if (it.observe) {
      if (first instanceof TensorValue && first.shape) it.observe(m, first);
      return unknownTensor();
    }
    // __init__ running a dummy tensor through part of the model (to size a Linear): follow it without records.
    const scratch = new Trace(it.file.lines);
    it.trace = scratch;
    try {
      return callModule(it, m, args, kwargs, node);
    } finally {
      it.trace = undefined;
    }
  }
  const trace = it.trace;
  switch (m.kind) {
    case 'layer': return runLayerModule(it, trace, m, args, node);
    case 'unsupported': {
      // Said at its declaration (a layer without a rule, an entry that is not known): not said again here.
      moduleRecord(trace, m, node, args, undefined, undefined, undefined);
      const out = unknownTensor(m.opaque ?? `ShapeLens has no rule for nn.${m.type}`);
      it.said.add(out);
      trace.reports++; // what the callers lose here was said at the declaration
      return out;
    }
    case 'sequential': {
      if (m.children.size === 0) {
        // An empty Sequential is a leaf that returns its input (PyTorch still calls it).
        moduleRecord(trace, m, node, args, args[0], undefined, FREE);
        return args[0] ?? unknownTensor();
      }
      let x: PyValue = args[0] ?? unknownTensor();
      for (const child of m.children.values()) x = callModule(it, child, [x], new Map(), child.declNode ?? node);
      return x;
    }
    case 'modulelist':
    case 'moduledict':
      return unknown(`${m.type} is not callable`);
    case 'user': {
      const forward = m.cls ? it.classAttribute(m.cls, 'forward') : undefined;
      if (!(forward instanceof FunctionValue)) {
        if (m.isLeaf) moduleRecord(trace, m, node, args, undefined, undefined, undefined);
        return unknownTensor();
      }
      const bound = new FunctionValue(forward.name, forward.node, forward.closure, m, forward.owner);
      if (!m.isLeaf) {
        const outer = trace.scope;
        trace.scope = m.path ?? outer;
        try {
          const out = it.callFunction(bound, args, kwargs, node);
          trace.calls.set(m, (trace.calls.get(m) ?? 0) + 1);
          return out;
        } finally {
          trace.scope = outer;
        }
      }
      // A user module without submodules is one leaf: its forward runs for the shape, its ops fold into its cost.
      const inner = new Trace(it.file.lines);
      it.trace = inner;
      let out: PyValue;
      try {
        out = it.callFunction(bound, args, kwargs, node);
      } finally {
        it.trace = trace;
      }
      for (const d of inner.diagnostics) trace.report(d);
      if (inner.incomplete) trace.incomplete = true;
      const cost = sumCosts(inner.records);
      moduleRecord(trace, m, node, args, out, undefined, cost);
      return withOrigin(out, { what: m.path ?? m.type, line: it.file.lines.lineOf(node) });
    }
  }
}

function runLayerModule(it: Interpreter, trace: Trace, m: ModuleInstance, args: PyValue[], node: Syntax): PyValue {
  const def = findLayer(m.type);
  if (!def || !m.call) return unknownTensor();
  const want = def.inputs === 'list' ? 1 : def.inputs ?? 1;
  const tensors = args.slice(0, want);
  const shapes = tensors.map((t) => (t instanceof TensorValue ? t.shape : typeof t === 'number' ? [] : undefined));
  const known = tensors.length === want && shapes.every((s) => s !== undefined);
  const outcome = evaluateCached(it, m.call, known ? (shapes as Shape[]) : undefined, true);
  if (outcome.params && !m.calledParams) m.calledParams = outcome.params.tensors;
  m.callStatus = outcome.status;
  const inputs = tensors.filter((t): t is TensorValue => t instanceof TensorValue);
  reportEngine(it, trace, outcome.diagnostics, { callNode: node, declNode: m.declNode, args: m.args, type: m.type, inputs, module: m });
  // "flatten", "features.3 (ReLU)": the type is added when the name does not already say it
  const what = !m.path ? m.type : m.path.split('.').pop()!.toLowerCase() === m.type.toLowerCase() ? m.path : `${m.path} (${m.type})`;
  const out = known && outcome.output ? fromShapeTree(outcome.output, originFor(it, what, node, shapes[0], outcome.output))
    : unknownTensor(outcome.unknownReason);
  if (outcome.status === 'error') it.said.add(out); // the error says it
  moduleRecord(trace, m, node, args, out, outcome, outcome.cost);
  return out;
}

/** Cache keys of modules' layer calls (a module's call never changes; a functional op's call is new each time). */
const callKeys = new WeakMap<LayerCall, string | null>();

/** The call as a key: null when an argument is not known (its outcome then says why, which is not shared). */
function callKey(call: LayerCall, remember: boolean): string | null {
  let key = remember ? callKeys.get(call) : undefined;
  if (key !== undefined) return key;
  key = `${call.type}|`;
  for (const v of call.positional) {
    const k = valueKey(v);
    if (k === null) return remember ? remember1(call, null) : null;
    key += `${k},`;
  }
  for (const name in call.keyword) {
    const k = valueKey(call.keyword[name]);
    if (k === null) return remember ? remember1(call, null) : null;
    key += `${name}=${k},`;
  }
  return remember ? remember1(call, key) : key;
}

const remember1 = (call: LayerCall, key: string | null): string | null => {
  callKeys.set(call, key);
  return key;
};

/** A known argument as text (strings quoted, so '1' and 1 differ); null for an unknown one. */
function valueKey(v: Value): string | null {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) {
    let out = '[';
    for (const x of v) {
      const k = valueKey(x);
      if (k === null) return null;
      out += `${k},`;
    }
    return `${out}]`;
  }
  return null; // unknown
}

/**
 * The engine's evaluation of a call on input shapes, shared by identical calls on identical known shapes (a layer
 * called in a loop, the same block in many models). Outcomes are read-only, so sharing them is safe. Every
 * evaluation counts as several interpreter steps: a runaway loop of layer calls reaches the step budget sooner.
 */
function evaluateCached(it: Interpreter, call: LayerCall, inputs: Shape[] | undefined, stable = false): LayerOutcome {
  it.spend(ENGINE_STEPS);
  const cache = it.file.outcomes;
  const base = cache && inputs && inputs.every((s) => s.every((d) => typeof d === 'number')) ? callKey(call, stable) : null;
  if (base === null || !cache) return evaluateLayer(call, inputs, it.file.engine);
  const key = `${base}|${it.file.engine.strict ? 1 : 0}|${inputs!.map((s) => s.join(',')).join(';')}`;
  let outcome = cache.get(key);
  if (!outcome) cache.set(key, (outcome = evaluateLayer(call, inputs, it.file.engine)));
  return outcome;
}

/** Interpreter steps one engine evaluation counts for. */
const ENGINE_STEPS = 20;

function moduleRecord(trace: Trace, m: ModuleInstance, node: Syntax, args: PyValue[], out: PyValue | undefined,
  outcome: LayerOutcome | undefined, cost: Cost | undefined): void {
  const count = trace.calls.get(m) ?? 0;
  trace.calls.set(m, count + 1);
  const p = countParams(m);
  const first = count === 0;
  // A layer that ran but whose cost is unknown (symbolic sizes): the cost totals are lower bounds.
  if (outcome?.status === 'ok' && !cost) trace.incomplete = true;
  const tensors = first ? (m.kind === 'layer' ? m.calledParams ?? m.declOutcome?.params?.tensors ?? [] : m.ownParams) : [];
  trace.records.push({
    name: m.path || m.type, type: m.type, kind: 'module', callRange: trace.lines.rangeOf(node), declaration: trace.declaration(m),
    inputShapes: args.filter((a) => a instanceof TensorValue).map((a) => (a as TensorValue).shape),
    outputShape: out === undefined ? undefined : shapeTreeOf(out), outcome,
    params: first ? p.total : 0n, trainableParams: first ? p.trainable : 0n, paramTensors: tensors, cost,
  });
}

// ── Functional ops and tensor methods ─────────────────────────────────────────────────────────────────────────
/** Alternative spellings of the same op: torch.relu ↔ F.relu, torch.flatten ↔ Tensor.flatten… */
function resolveOp(type: string): string | undefined {
  if (findLayer(type)) return type;
  const name = type.slice(type.indexOf('.') + 1);
  for (const alt of [`torch.${name}`, `F.${name}`, `Tensor.${name}`]) if (findLayer(alt)) return alt;
  return undefined;
}

/**
 * An op on tensors: the first inputs are tensors (a Python number is the 0-d shape []), the rest are the
 * op's arguments. `written` = how the code spells it, for the record's name.
 */
export function functionOp(it: Interpreter, type: string, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax,
  argsAt?: ArgNodes): PyValue {
  const resolved = resolveOp(type);
  const touchesTensor = args.some((a) => a instanceof TensorValue || (Array.isArray(a) && a.some((x) => x instanceof TensorValue)));
  if (!resolved) {
    if (touchesTensor && it.trace) {
      it.trace.report({ range: it.file.lines.rangeOf(node), severity: 'info', code: 'unknown-op',
        message: `ShapeLens has no rule for ${type}(): the shapes after it are unknown` });
    }
    return touchesTensor ? unknownTensor() : unknown(`${type}() is not followed statically`);
  }
  const def = findLayer(resolved)!;
  let inputs: PyValue[];
  let rest: PyValue[];
  if (def.inputs === 'list') {
    const list = it.iterate(args[0] ?? kwargs.get('tensors') ?? null);
    kwargs.delete('tensors');
    if (!list) return unknownTensor();
    inputs = list;
    rest = args.slice(1);
  } else {
    const n = def.inputs ?? 1;
    inputs = args.slice(0, n);
    rest = args.slice(n);
    if (inputs.length < n && kwargs.has('input')) {
      inputs = [kwargs.get('input')!, ...inputs];
      kwargs.delete('input');
    }
  }
  const shapes = inputs.map((t) => (t instanceof TensorValue ? t.shape : typeof t === 'number' || typeof t === 'boolean' ? [] : undefined));
  const keyword: Record<string, Value> = {};
  for (const [k, v] of kwargs) keyword[k] = toEngineValue(v);
  const call: LayerCall = { type: resolved, positional: rest.map(toEngineValue), keyword };
  const known = shapes.length > 0 && shapes.every((s) => s !== undefined);
  const outcome = evaluateCached(it, call, known ? (shapes as Shape[]) : undefined);
  const tensorInputs = inputs.filter((t): t is TensorValue => t instanceof TensorValue);
  const trace = it.trace;
  const what = resolved.slice(resolved.indexOf('.') + 1);
  const out = known && outcome.output ? fromShapeTree(outcome.output, originFor(it, what, node, shapes[0], outcome.output))
    : unknownTensor(outcome.unknownReason);
  if (outcome.status === 'error') it.said.add(out); // the error says it
  if (trace) {
    const at = argsAt ?? (node.type === 'call' ? argNodes(node) : undefined);
    reportEngine(it, trace, outcome.diagnostics, { callNode: node, args: at, type: resolved, inputs: tensorInputs, skipArgs: def.inputs === 'list' ? 1 : def.inputs ?? 1 });
    if (resolved.endsWith('.view') || resolved.endsWith('.reshape')) {
      if (outcome.status === 'ok') checkBatchChange(it, trace, resolved, rest, shapes[0], outcome.output, node);
      else if (outcome.diagnostics[0]?.code === 'view-numel') proposeFeatureCount(it, trace, rest, shapes[0], node, outcome.diagnostics[0].message);
    }
    if (outcome.status === 'ok' && !outcome.cost) trace.incomplete = true;
    trace.records.push({
      name: resolved, type: what, kind: 'function', callRange: it.file.lines.rangeOf(node),
      inputShapes: shapes,
      outputShape: known ? outcome.output : undefined, outcome, params: 0n, trainableParams: 0n, paramTensors: [], cost: outcome.cost,
      scope: trace.scope,
    });
  }
  return out;
}

/** `x.view(-1, 320)` on (64, 20, 12, 12): legal, but the batch silently becomes 576. */
function checkBatchChange(it: Interpreter, trace: Trace, type: string, rest: PyValue[], input: Shape | undefined,
  output: ShapeTree | undefined, node: Syntax): void {
  if (!input || !output || isTuple(output) || input.length < 2 || output.length < 2) return;
  const sizes = rest.length === 1 && Array.isArray(rest[0]) ? rest[0] : rest;
  if (sizes[0] !== -1 || !isKnown(input[0]) || !isKnown(output[0]) || input[0] === output[0]) return;
  const features = numel(input.slice(1));
  const argsAt = node.type === 'call' ? argNodes(node) : undefined;
  const lastArg = argsAt?.positional[argsAt.positional.length - 1];
  const fits = features !== undefined && output.length === 2 ? Number(features) : undefined;
  trace.report({
    range: it.file.lines.rangeOf(node), severity: 'error', code: 'view-batch-change',
    message: `${type.slice(type.indexOf('.') + 1)}(-1, …) turns the batch of ${input[0]} into ${output[0]}: ` +
      `the input ${fmt(input)} is regrouped as ${fmt(output)}` + (fits !== undefined ? `; each sample has ${fits} features` : ''),
    fix: fits !== undefined && lastArg ? {
      title: `Use ${fits} features per sample`, arg: 'shape', value: fits,
      edits: [{ range: it.file.lines.rangeOf(lastArg), newText: String(fits) }],
    } : undefined,
  });
}

/** `x.view(x.size(0), 576)` on (4, 16, 5, 5): the number that fits is 400 (replaces the engine's error with a fix). */
function proposeFeatureCount(it: Interpreter, trace: Trace, rest: PyValue[], input: Shape | undefined, node: Syntax, message: string): void {
  const sizes = rest.length === 1 && Array.isArray(rest[0]) ? rest[0] : rest;
  const argsAt = node.type === 'call' ? argNodes(node) : undefined;
  if (!input || sizes.length !== 2 || !isKnown(input[0]) || !argsAt || argsAt.positional.length !== 2) return;
  if (sizes[0] !== -1 && sizes[0] !== input[0]) return;
  const features = numel(input.slice(1));
  if (features === undefined) return;
  const line = it.file.lines.lineOf(node);
  const i = trace.diagnostics.findIndex((d) => d.code === 'view-numel' && d.message === message && d.range.start.line === line);
  if (i < 0) return;
  trace.diagnostics[i] = { ...trace.diagnostics[i],
    fix: { title: `Use ${features} features per sample`, arg: 'shape', value: Number(features),
      edits: [{ range: it.file.lines.rangeOf(argsAt.positional[1]), newText: String(features) }] } };
}

const fmt = (s: readonly (number | object)[]) => `(${s.map((d) => (typeof d === 'number' ? d : '?')).join(', ')})`;

/** torch.randn(1, 3, 32, 32), torch.zeros((4, 10)), torch.zeros_like(x)…: a tensor of a known shape. */
export function makeTensor(fn: string, args: PyValue[], kwargs: Map<string, PyValue>, it: Interpreter, node: Syntax): PyValue {
  const origin = { what: `torch.${fn}`, line: it.file.lines.lineOf(node) };
  const sizeFrom = (vs: PyValue[]): Shape | undefined => {
    const list = vs.length === 1 && Array.isArray(vs[0]) ? vs[0] : vs;
    return list.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0) ? (list as number[]) : undefined;
  };
  let shape: Shape | undefined;
  if (fn.endsWith('_like')) shape = args[0] instanceof TensorValue ? args[0].shape : undefined;
  else if (fn === 'full') shape = sizeFrom(args[0] !== undefined ? [args[0]] : [kwargs.get('size') ?? null]);
  else if (fn === 'randint') shape = sizeFrom([kwargs.get('size') ?? args[args.length - 1] ?? null]);
  else if (fn === 'arange') {
    const n = args.filter((a) => typeof a === 'number') as number[];
    const [start, end, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? 1];
    shape = n.length && step ? [Math.max(0, Math.ceil((end - start) / step))] : undefined;
  } else if (fn === 'linspace') shape = typeof args[2] === 'number' ? [args[2]] : typeof kwargs.get('steps') === 'number' ? [kwargs.get('steps') as number] : undefined;
  else if (fn === 'eye') shape = typeof args[0] === 'number' ? [args[0], typeof args[1] === 'number' ? args[1] : args[0]] : undefined;
  else if (fn === 'tensor') shape = nestedShape(args[0]);
  else shape = sizeFrom(args.length ? args : [kwargs.get('size') ?? null]);
  return new TensorValue(shape, origin);
}

function nestedShape(v: PyValue | undefined): Shape | undefined {
  if (typeof v === 'number' || typeof v === 'boolean') return [];
  if (!Array.isArray(v)) return undefined;
  if (v.length === 0) return [0];
  const inner = nestedShape(v[0]);
  return inner ? [v.length, ...inner] : undefined;
}

const MAX_PIECES = 4096;
const mulDim = (d: Shape[number], r: number): Shape[number] => (isKnown(d) ? d * r : d);

const IDENTITY_METHODS = new Set(['contiguous', 'float', 'double', 'half', 'long', 'int', 'bool', 'to', 'cuda', 'cpu', 'detach',
  'clone', 'type', 'type_as', 'requires_grad_', 'byte', 'bfloat16', 'pin_memory', 'share_memory_', 'cpu', 'abs', 'neg', 'exp', 'log',
  'sqrt', 'sign']);

export function tensorMethod(it: Interpreter, t: TensorValue, name: string, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax): PyValue {
  const s = t.shape;
  switch (name) {
    case 'size': {
      if (args.length === 0 && !kwargs.has('dim')) return s ? s.map(dimValue) : unknown('the size of a tensor of unknown shape');
      const d = args[0] ?? kwargs.get('dim');
      if (!s || typeof d !== 'number') return unknown('the size of a tensor of unknown shape');
      const i = d < 0 ? s.length + d : d;
      return i >= 0 && i < s.length ? dimValue(s[i]) : unknown(`dimension ${d} is out of range`);
    }
    case 'dim':
    case 'ndimension':
      return s ? s.length : unknown('the rank of a tensor of unknown shape');
    case 'numel': {
      const n = s && numel(s);
      return n !== undefined ? Number(n) : unknown('the size of a tensor of unknown shape');
    }
    case 'item':
    case 'tolist':
      return unknown('a tensor value');
    case 'new_zeros': case 'new_ones': case 'new_empty': case 'new_full':
      return makeTensor('zeros', name === 'new_full' ? [args[0]] : args, kwargs, it, node);
    case 'select': {
      // x.select(dim, i) is x[:, …, i] with dim leading full slices
      const dim = args[0] ?? kwargs.get('dim');
      const index = args[1] ?? kwargs.get('index');
      if (!findLayer('Tensor.select') && typeof dim === 'number' && typeof index === 'number' && s) {
        const d = dim < 0 ? s.length + dim : dim;
        if (d >= 0 && d < s.length) return subscriptTensorIndex(it, t, [...Array(d).fill(FULL_SLICE), index], node);
      }
      break;
    }
    case 'expand': {
      // sizes aligned to the right; -1 keeps the input's size; new leading dims may be added
      const sizes = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
      if (!s || !sizes.every((d) => typeof d === 'number') || sizes.length < s.length) return unknownTensor();
      const lead = sizes.length - s.length;
      const out = (sizes as number[]).map((d, i) => (d === -1 && i >= lead ? s[i - lead] : d));
      const fits = out.every((d, i) => i < lead || s[i - lead] === d || s[i - lead] === 1);
      return fits ? new TensorValue(out, { what: 'expand', line: it.file.lines.lineOf(node) }) : unknownTensor();
    }
    case 'repeat': {
      const reps = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
      if (!s || !reps.every((d) => typeof d === 'number') || reps.length < s.length) return unknownTensor();
      const lead = reps.length - s.length;
      const out = (reps as number[]).map((r, i) => (i < lead ? r : mulDim(s[i - lead], r)));
      return new TensorValue(out, { what: 'repeat', line: it.file.lines.lineOf(node) });
    }
    case 'chunk':
    case 'split': {
      // a tuple of pieces along dim (chunk: n pieces of ⌈size/n⌉; split: pieces of the given size or sizes)
      const dimArg = args[1] ?? kwargs.get('dim') ?? 0;
      const spec = args[0] ?? kwargs.get(name === 'chunk' ? 'chunks' : 'split_size_or_sections');
      if (!s || typeof dimArg !== 'number') return unknown(`${name}() of a tensor not known statically`);
      const d = dimArg < 0 ? s.length + dimArg : dimArg;
      const size = s[d];
      if (typeof size !== 'number') return unknown(`${name}() along a symbolic size`);
      let pieces: number[];
      if (Array.isArray(spec) && spec.every((x) => typeof x === 'number')) pieces = spec as number[];
      else if (typeof spec === 'number' && spec > 0) {
        const step = name === 'chunk' ? Math.ceil(size / spec) : spec;
        pieces = [];
        for (let left = size; left > 0 && pieces.length < MAX_PIECES; left -= step) pieces.push(Math.min(step, left));
      } else return unknown(`${name}() with sizes not known statically`);
      return pieces.map((p) => new TensorValue(s.map((x, i) => (i === d ? p : x)), { what: name, line: it.file.lines.lineOf(node) }));
    }
    case 'bmm':
      return functionOp(it, 'torch.matmul', [t, ...args], kwargs, node);
    case 'masked_fill': case 'masked_fill_': case 'clamp': case 'clamp_': case 'fill_': case 'zero_':
      return t; // same shape
    case 'expand_as': case 'view_as': case 'reshape_as':
      return args[0] instanceof TensorValue ? new TensorValue(args[0].shape, t.origin) : unknownTensor();
  }
  if (IDENTITY_METHODS.has(name) && !findLayer(`Tensor.${name}`)) return t;
  return functionOp(it, `Tensor.${name}`, [t, ...args], kwargs, node, methodArgs(node));
}

/** For `x.view(a, b)`, the argument nodes (the tensor itself is not among them). */
function methodArgs(node: Syntax): ArgNodes | undefined {
  return node.type === 'call' ? argNodes(node) : undefined;
}

/** A dimension as a Python int (a symbolic size is not a known int). */
const dimValue = (d: Shape[number]): PyValue => (isKnown(d) ? d : unknown('a symbolic size'));

export function tensorAttribute(it: Interpreter, t: TensorValue, name: string, node: Syntax): PyValue {
  void it; void node;
  switch (name) {
    case 'shape': return t.shape ? t.shape.map(dimValue) : unknown('the shape of a tensor not known statically');
    case 'ndim': return t.shape ? t.shape.length : unknown('the rank of a tensor not known statically');
    case 'T': return new TensorValue(t.shape ? [...t.shape].reverse() : undefined, t.origin);
    case 'data': return t;
    case 'dtype': return 'torch.float32';
    case 'device': return unknown('the device');
    case 'requires_grad': return unknown('requires_grad');
    default: return new BoundMethod(t, name);
  }
}


/** x[:, 0], x[..., :2], x[None]: Tensor.__getitem__ with index entries as the engine reads them. */
export function subscriptTensor(it: Interpreter, t: TensorValue, keys: Syntax[], node: Syntax, frame: Frame): PyValue {
  const index: Value[] = [];
  const parts = keys.length === 1 && (keys[0].type === 'tuple' || keys[0].type === 'expression_list') ? namedChildren(keys[0]) : keys;
  for (const k of parts) {
    if (k.type === 'slice') {
      const p = it.sliceParts(k, frame);
      if (!p) return unknownTensor();
      index.push(`${p[0] ?? ''}:${p[1] ?? ''}:${p[2] ?? ''}`);
    } else if (k.type === 'ellipsis') index.push('...');
    else {
      const v = it.eval(k, frame);
      if (v === null) index.push(null);
      else if (typeof v === 'number' && Number.isInteger(v)) index.push(v);
      else if (v === '...') index.push('...');
      else return unknownTensor(); // advanced indexing with tensors or lists: not followed
    }
  }
  return functionOp(it, 'Tensor.__getitem__', [t], new Map<string, PyValue>([['index', index]]), node);
}

const FULL_SLICE = '::';

/** The same with index values already computed (TypeScript's x[0]): integers, None and full slices. */
export function subscriptTensorIndex(it: Interpreter, t: TensorValue, values: PyValue[], node: Syntax): PyValue {
  const index: Value[] = [];
  for (const v of values) {
    if (v === null || v === FULL_SLICE) index.push(v);
    else if (typeof v === 'number' && Number.isInteger(v)) index.push(v);
    else return unknownTensor();
  }
  return functionOp(it, 'Tensor.__getitem__', [t], new Map<string, PyValue>([['index', index]]), node);
}

const BINARY_OPS: Record<string, string> = {
  '+': 'torch.add', '-': 'torch.sub', '*': 'torch.mul', '/': 'torch.div', '@': 'torch.matmul',
  '//': 'torch.floor_divide', '**': 'torch.pow', '%': 'torch.remainder',
};

export function binaryTensorOp(it: Interpreter, op: string, l: PyValue, r: PyValue, node: Syntax): PyValue {
  const type = BINARY_OPS[op];
  const operand = (v: PyValue) => (typeof v === 'number' || typeof v === 'boolean' || v instanceof TensorValue ? v : unknownTensor());
  if (!type) return unknownTensor();
  return functionOp(it, type, [operand(l), operand(r)], new Map(), node);
}

// ── Shapes and their origins ──────────────────────────────────────────────────────────────────────────────────
export function fromShapeTree(tree: ShapeTree, origin?: ShapeOrigin): PyValue {
  if (isTuple(tree)) return tree.tuple.map((t) => fromShapeTree(t, origin));
  return new TensorValue(tree, origin);
}

function withOrigin(v: PyValue, origin: ShapeOrigin): PyValue {
  if (v instanceof TensorValue) return new TensorValue(v.shape, origin);
  return v;
}

/** The origin of an op's output; a flatten keeps the dims it merged (2880 = 20·12·12). */
function originFor(it: Interpreter, what: string, node: Syntax, input: Shape | undefined, output: ShapeTree): ShapeOrigin {
  const line = it.file.lines.lineOf(node);
  if (!input || isTuple(output) || output.length >= input.length || output.length === 0) return { what, line };
  const last = output[output.length - 1];
  if (!isKnown(last)) return { what, line };
  for (let k = 0; k < input.length - 1; k++) {
    const tail = input.slice(k);
    const n = numel(tail);
    if (n !== undefined && n === BigInt(last) && tail.length > 1) return { what, line, factors: tail as number[] };
  }
  return { what, line };
}

