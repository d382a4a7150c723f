// Calling a module in forward(): a layer is evaluated by the engine, a container runs its children in order, a
// user module runs its own forward(). Each executed leaf becomes a LayerRecord; a module called again counts its
// parameters once.
import { exprOf, findLayer, formatDim, FREE, isKnown, unknown, type Cost, type LayerOutcome, type Shape } from '../../engine';
import { ge } from '../../engine/symbolic';
import type { LayerRecord } from '../model';
import { textOf, type Syntax } from '../syntax';
import { reportEngine } from './diagnostics';
import type { Evaluator } from './evaluator';
import { countParams, ownParams } from './modules';
import { evaluateCached, fromShapeTree, originFor, traceConstraints, unknownTensor, withOrigin } from './ops';
import { isPacked, runPacked } from './packed';
import { refOf, sharedStorage, tensorsOf } from './tensorRefs';
import { constantPadEnds, keepsEndPadding, paddedAtEnd, readsEndPadding, withEndPadding } from './tensorData';
import { positionBound } from './positions';
import { ProbeSettled, shapeTreeOf, sumCosts, Trace } from './trace';
import { FunctionValue, TensorValue, type ModuleInstance, type PyValue } from './values';

export function callModule(ev: Evaluator, m: ModuleInstance, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax): PyValue {
  const trace = ev.trace;
  if (!trace) {
    // Module-level code calling a model with a known tensor tells us the model's input.
    const first = args[0];
    if (ev.observer) {
      if (first instanceof TensorValue && first.shape) ev.observer(m, first, args, kwargs);
      return unknownTensor('a model called by module-level code');
    }
    // __init__ running a dummy tensor through part of the model (to size a Linear): follow it without records.
    return ev.withTrace(new Trace(ev.file.lines), () => callModule(ev, m, args, kwargs, node));
  }
  // An nn.Sequential / nn.ModuleList subclass with its own forward() runs that forward, not its children in order.
  if (m.cls && m.kind !== 'user' && m.kind !== 'layer' && ev.classAttribute(m.cls, 'forward') instanceof FunctionValue) {
    return runUserModule(ev, trace, m, args, kwargs, node);
  }
  switch (m.kind) {
    case 'layer': return runLayerModule(ev, trace, m, args, node, kwargs);
    case 'unsupported': {
      // Said at its declaration (a layer without a rule, an entry that is not known): not said again here.
      moduleRecord(trace, m, node, args, undefined, undefined, undefined);
      const out = unknownTensor(m.opaque ?? `ShapeLens has no rule for nn.${m.type}`);
      ev.markSaid(out);
      trace.reports++; // what the callers lose here was said at the declaration
      return out;
    }
    case 'sequential':
    case 'modulelist':
    case 'moduledict':
      return callContainer(ev, m, args, node, kwargs);
    case 'user':
      // a subclass of a layer that does not define forward() runs the layer's
      if (m.call && !(m.cls && ev.classAttribute(m.cls, 'forward') instanceof FunctionValue)) return runLayerModule(ev, trace, m, args, node, kwargs);
      return runUserModule(ev, trace, m, args, kwargs, node);
  }
}

/** A container's children are called with no keyword arguments (never written to: calls only read their keywords). */
const NO_KWARGS: Map<string, PyValue> = new Map();

/**
 * nn.Sequential's forward (also `super().forward(x)` in a subclass): the children in order. nn.TransformerDecoder's
 * forward(tgt, memory) is one too, except that each of its layers also reads the memory (its norm does not).
 */
export function callContainer(ev: Evaluator, m: ModuleInstance, args: PyValue[], node: Syntax, kwargs: Map<string, PyValue> = new Map()): PyValue {
  const trace = ev.trace!;
  if (m.kind !== 'sequential') return unknown(`${m.type} is not callable`);
  if (m.children.size === 0) {
    // An empty Sequential is a leaf that returns its input (PyTorch still calls it).
    moduleRecord(trace, m, node, args, args[0], undefined, FREE);
    return args[0] ?? unknownTensor();
  }
  let x: PyValue = args[0] ?? unknownTensor();
  const start = trace.records.length;
  const memory = m.type === 'TransformerDecoder' ? [args[1] ?? kwargs.get('memory') ?? unknownTensor('no memory given')] : [];
  for (const [name, child] of m.children) {
    x = callModule(ev, child, name.startsWith('layers.') ? [x, ...memory] : [x], NO_KWARGS, child.declNode ?? node);
  }
  trace.composite(m, args, x, start);
  return x;
}

/** `super().forward(x)` in a subclass of a layer: the layer's rule on the module's own arguments. */
export function callLayerOf(ev: Evaluator, m: ModuleInstance, args: PyValue[], node: Syntax): PyValue {
  return ev.trace ? runLayerModule(ev, ev.trace, m, args, node) : unknownTensor();
}

function runUserModule(ev: Evaluator, trace: Trace, m: ModuleInstance, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax): PyValue {
  // `self.forward = self.forward_slicing` in __init__ (FasterNet's partial convolution): the instance's attribute is
  // what module(x) calls, as Python looks it up first
  const own = m.attrs.get('forward');
  const forward = own instanceof FunctionValue ? own : m.cls ? ev.classAttribute(m.cls, 'forward') : undefined;
  if (!(forward instanceof FunctionValue)) {
    if (m.isLeaf) moduleRecord(trace, m, node, args, undefined, undefined, undefined);
    return unknownTensor(`${m.type} has no forward() ShapeLens can follow`);
  }
  const bound = new FunctionValue(forward.name, forward.node, forward.closure, m, forward.owner);
  if (!m.isLeaf) {
    const outer = trace.scope;
    trace.scope = m.path ?? outer;
    const start = trace.records.length;
    try {
      const out = ev.callFunction(bound, args, kwargs, node);
      trace.calls.set(m, (trace.calls.get(m) ?? 0) + 1);
      trace.composite(m, args, out, start);
      return out;
    } finally {
      trace.scope = outer;
    }
  }
  // A user module without submodules is one leaf: its forward runs for the shape, its ops fold into its cost.
  const inner = new Trace(ev.file.lines);
  inner.probe = trace.probe;
  const out = ev.withTrace(inner, () => ev.callFunction(bound, args, kwargs, node));
  for (const d of inner.diagnostics) trace.report(d);
  trace.constraints.push(...inner.constraints);
  if (inner.incomplete) trace.incomplete = true;
  if (inner.uncosted) trace.uncosted = true;
  moduleRecord(trace, m, node, args, out, undefined, sumCosts(inner.records), inner.records);
  return withOrigin(out, { what: m.path ?? m.type, line: ev.file.lines.lineOf(node) });
}

function runLayerModule(ev: Evaluator, trace: Trace, m: ModuleInstance, args: PyValue[], node: Syntax, kwargs?: ReadonlyMap<string, PyValue>): PyValue {
  const def = findLayer(m.call?.type ?? m.type);
  const probed = trace.probe && args[0] instanceof TensorValue && trace.probe.tensors.has(args[0]);
  if (probed) {
    trace.probe!.layers.push(m);
    if (trace.probe!.settled?.(trace.probe!.layers)) throw ProbeSettled.make();
  }
  if (!def || !m.call) return unknownTensor();
  const packed = isPacked(args[0]) ? runPacked(ev, m, args[0], args.slice(1)) : undefined;
  if (packed) {
    // an RNN reading a PackedSequence: the padded run, packed again (packed.ts)
    m.callStatus = packed.outcome.status;
    reportEngine(ev, trace, packed.outcome.diagnostics, { callNode: node, declNode: m.declNode, args: m.args, type: m.type, inputs: [], module: m });
    moduleRecord(trace, m, node, args, packed.output, packed.outcome, packed.cost);
    return packed.output;
  }
  const want = def.inputs === 'list' ? 1 : def.inputs ?? 1;
  const tensors = args.slice(0, want);
  // the rest given by keyword: attn(query=x, key=x, value=x)
  for (let i = tensors.length; i < want && def.tensorNames && kwargs?.has(def.tensorNames[i]); i++) tensors.push(kwargs.get(def.tensorNames[i])!);
  const shapes = tensors.map((t) => (t instanceof TensorValue ? t.shape : typeof t === 'number' ? [] : undefined));
  const known = tensors.length === want && shapes.every((s) => s !== undefined);
  const endPadding = paddedAtEnd(tensors[0]);
  const outcome = evaluateCached(ev, m.call, known ? (shapes as Shape[]) : undefined, true, endPadding && readsEndPadding(m.type) ? endPadding : undefined);
  if (outcome.params && !m.calledParams) m.calledParams = outcome.params.tensors;
  m.callStatus = outcome.status;
  const inputs = tensors.filter((t): t is TensorValue => t instanceof TensorValue);
  reportEngine(ev, trace, outcome.diagnostics, { callNode: node, declNode: m.declNode, args: m.args, type: m.type, inputs, module: m });
  const what = layerName(m);
  const shared = known ? sharedStorage(def, m.type, outcome.args, tensors[0]) : undefined;
  const out = known && outcome.output ? fromShapeTree(outcome.output, originFor(ev, what, node, shapes[0], outcome.output), shared)
    : unknownTensor(outcome.unknownReason);
  if (outcome.status === 'error') ev.markSaid(out); // the error says it
  else withEndPadding(out, constantPadEnds(m.type, outcome.args) ?? (endPadding && keepsEndPadding(m.type, outcome.args) ? [] : undefined), tensors[0]);
  if (probed && out instanceof TensorValue) trace.probe!.tensors.add(out);
  if (outcome.constraints) traceConstraints(ev, trace, outcome, node, layerLabel(m), inputs[0]); // the label only then
  if (m.type === 'Embedding' && inputs[0]) positionsFit(ev, trace, m, outcome, inputs[0], node);
  // the record's inputs in the layer's order, keywords included (attn(query=q, key=k, value=v) saves q and k)
  moduleRecord(trace, m, node, tensors.length > args.length ? tensors : args, out, outcome, outcome.cost);
  return out;
}

/**
 * Positions `arange(t)` looked up in an Embedding of n rows (a learned position table): t ≤ n, a constraint on the
 * symbolic input (a sequence no longer than the table; the solver then chooses the longest, maxlen).
 */
function positionsFit(ev: Evaluator, trace: Trace, m: ModuleInstance, outcome: LayerOutcome, index: TensorValue, node: Syntax): void {
  const bound = positionBound(index);
  const rows = outcome.args?.num_embeddings;
  if (bound === undefined || isKnown(bound) || typeof rows !== 'number') return;
  const label = `positions 0…${formatDim(bound)} − 1 into ${layerLabel(m)}`.slice(0, 60);
  trace.constraints.push({ constraint: ge(exprOf(rows), exprOf(bound), { source: formatDim(bound), requiredBy: label }),
    range: ev.file.lines.rangeOf(node), label });
}

/** A layer's names for its output's origin and its constraints, worked out once per module and path (every run asks). */
function namesOf(m: ModuleInstance): NonNullable<ModuleInstance['names']> {
  let names = m.names;
  if (!names || names.path !== m.path) {
    // "flatten", "features.3 (ReLU)": the type is added when the name does not already say it
    const what = !m.path ? m.type : m.path.slice(m.path.lastIndexOf('.') + 1).toLowerCase() === m.type.toLowerCase() ? m.path : `${m.path} (${m.type})`;
    m.names = names = { path: m.path, what };
  }
  return names;
}

/** How a layer's output names where it comes from: `flatten`, `features.3 (ReLU)`. */
const layerName = (m: ModuleInstance): string => namesOf(m).what;

/** How a constraint names the layer that set it: `blocks.0.fc = Linear(512, 10)`. */
function layerLabel(m: ModuleInstance): string {
  const names = namesOf(m);
  return (names.label ??= labelOf(m));
}

function labelOf(m: ModuleInstance): string {
  const declared = m.declNode ? textOf(m.declNode).replace(/\s+/g, ' ').replace(/^(?:torch\.)?nn\./, '') : m.type;
  return !m.path ? declared : /^\d+$/.test(m.path) ? `${declared} (layer ${m.path})` : `${m.path} = ${declared}`;
}

function moduleRecord(trace: Trace, m: ModuleInstance, node: Syntax, args: PyValue[], out: PyValue | undefined,
  outcome: LayerOutcome | undefined, cost: Cost | undefined, inner?: readonly LayerRecord[]): void {
  const count = trace.calls.get(m) ?? 0;
  trace.calls.set(m, count + 1);
  const first = count === 0;
  const p = first ? countParams(m) : undefined;
  // A layer that ran but whose cost is unknown (symbolic sizes): the cost totals are lower bounds.
  if (outcome?.status === 'ok' && !cost) trace.uncosted = true;
  const tensors = first ? ownParams(m) : [];
  const record: { -readonly [K in keyof LayerRecord]: LayerRecord[K] } = {
    name: m.path || m.type, type: m.type, kind: 'module', callRange: trace.lines.rangeOf(node), declaration: trace.declaration(m),
    inputShapes: args.filter((a) => a instanceof TensorValue).map((a) => (a as TensorValue).shape),
    outputShape: out === undefined ? undefined : shapeTreeOf(out), outcome,
    params: p ? p.total : 0n, trainableParams: p ? p.trainable : 0n, paramTensors: tensors, cost,
    tensors: { inputs: args.map((a) => (a instanceof TensorValue ? refOf(a) : null)), outputs: tensorsOf(out).map(refOf) },
  };
  if (inner) record.inner = inner;
  trace.records.push(record);
}
