// Tensor ops in forward(): a call of any spelling the engine's registry knows (torch.x, F.x, x.method(), an
// operator, x[i]) is bound as Python would bind it and evaluated by the engine; each becomes a LayerRecord, and the
// tensor it returns carries where its shape last changed (for "… = 20·12·12 (flatten at line 23)").
import {
  allKnown, canonicalSpelling, evaluateLayer, findLayer, isExpr, isInPlace, isKnown, isTuple, LayerError, numel, opForOperator, TensorArg, tryBind, unknown,
  unsupportedGroup, type Arg, type LayerCall, type LayerDef, type LayerOutcome, type Shape, type ShapeTree, type SymDim, type Value,
} from '../../engine';
import { namedChildren, textOf, type Syntax } from '../syntax';
import { callKey } from './callKeys';
import { reportEngine, sayShapeLost } from './diagnostics';
import type { Evaluator, Frame } from './evaluator';
import { constraintText, type Trace } from './trace';
import type { Constraint } from '../../engine/symbolic';
import { argNodes, buildLayer } from './modules';
import { ArgTracker, refOf, sharedStorage, tensorsOf } from './tensorRefs';
import { constantPadEnds, dataOf, dtypeOf, elementKind, pythonValue, sameKind, splitData, withEndPadding, withKind, withOpData } from './tensorData';
import { withPositionBound } from './positions';
import { isNumeric, isSymInt } from './symint';
import { BoundMethod, DictValue, isUnknownValue, markSequence, type ModuleInstance, sequenceKind, TensorValue, type ArgNodes, type PyValue, type ShapeOrigin, type Storage } from './values';

export const unknownTensor = (why?: string): TensorValue => new TensorValue(undefined, undefined, false, why);

// ── Evaluating with a cache ─────────────────────────────────────────────────────────────────────────────────────
/** Interpreter steps one engine evaluation counts for. */
const ENGINE_STEPS = 20;

/**
 * The engine's evaluation of a call on input shapes, shared by identical calls on identical shapes, known or
 * symbolic (a layer called in a loop, the same block in many models, the same layer in the next analysis). Outcomes are read-only, so sharing them is safe. Every
 * evaluation counts as several interpreter steps: a runaway loop of layer calls reaches the step budget sooner.
 */
export function evaluateCached(ev: Evaluator, call: LayerCall, inputs: Shape[] | undefined, stable = false, inputEndPadding?: readonly number[]): LayerOutcome {
  ev.spend(ENGINE_STEPS);
  // an input whose last rows are padding added before (rare): evaluated as it is, not shared
  if (inputEndPadding) return evaluateLayer(call, inputs, { ...ev.file.engine, inputEndPadding });
  const cache = ev.file.outcomes;
  const base = cache ? callKey(call, stable) : null;
  if (base === null || !cache) return evaluateLayer(call, inputs, ev.file.engine);
  // a symbolic size by its canonical text: (N, 3, H, W) is one key, whichever run or model it comes from; a run
  // without an input shape (the probe, code reached with a tensor of unknown shape) evaluates on none
  const strict = ev.file.engine.strict;
  let outcome = cache.get(base, strict, inputs);
  if (!outcome) cache.set(base, strict, inputs, (outcome = evaluateLayer(call, inputs, ev.file.engine)));
  return outcome;
}

// ── Calling an op ───────────────────────────────────────────────────────────────────────────────────────────────
/** An interpreter value as an engine argument: tensors by their shape, anything else the engine cannot take unknown. */
export function toArg(v: PyValue): Arg {
  if (v instanceof TensorValue) return new TensorArg(v.shape, elementKind(v) === 'int');
  if (v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || isExpr(v)) return v;
  if (Array.isArray(v)) return v.map(toArg);
  if (isUnknownValue(v)) return v;
  if (v instanceof DictValue) return unknown('a dict');
  return unknown(`a ${v.constructor.name.replace(/Value$/, '').toLowerCase()}`);
}

// `plain`: the lists already walked that hold no tensor (one row standing for every row of a long table is walked once)
// (made on the first list met: most calls pass no list)
const touchesTensor = (vs: Iterable<PyValue>, plain?: Set<readonly PyValue[]>): boolean => {
  for (const v of vs) {
    if (v instanceof TensorValue) return true;
    if (!Array.isArray(v) || plain?.has(v)) continue;
    plain ??= new Set();
    if (touchesTensor(v, plain)) return true;
    plain.add(v);
  }
  return false;
};

/** The layer a functional conv/linear with a known weight stands for, to read the input's layout from (never run). */
function weightLayer(type: string, args: PyValue[], kwargs: Map<string, PyValue>): ModuleInstance | undefined {
  const weight = args[1] ?? kwargs.get('weight');
  const w = weight instanceof TensorValue ? weight.shape : undefined;
  if (!w || !w.every((d): d is number => typeof d === 'number')) return undefined;
  if (type === 'F.linear' && w.length === 2) return buildLayer('Linear', [w[1], w[0]], new Map(), undefined, false);
  const rank = /^F\.conv([123])d$/.exec(type)?.[1];
  const groups = args[6] ?? kwargs.get('groups') ?? 1;
  if (!rank || w.length !== Number(rank) + 2 || typeof groups !== 'number') return undefined;
  return buildLayer(`Conv${rank}d`, [w[1] * groups, w[0], w.slice(2)], new Map([['groups', groups]]), undefined, false);
}

/** The tensors among the arguments, in order (a list's entries too): for records and origins. */
function tensorsIn(vs: Iterable<PyValue>, plain?: Set<readonly PyValue[]>): TensorValue[] {
  const out: TensorValue[] = [];
  for (const v of vs) {
    if (v instanceof TensorValue) out.push(v);
    else if (Array.isArray(v) && !plain?.has(v)) {
      plain ??= new Set();
      const inner = tensorsIn(v, plain);
      // a list without tensors is not walked again (one row standing for every row of a long table)
      if (inner.length === 0) plain.add(v);
      out.push(...inner);
    }
  }
  return out;
}

/**
 * While modules are built (no trace to record in): an in-place op that keeps its tensor's shape and that the engine
 * accepted — the initialisers of every weight-init loop, `w.data.fill_(0)` — gives back the tensor it was given, as
 * PyTorch returns self (same value, storage, origin and parameter). A tensor holding known numbers takes the general
 * path, which gives a tensor without them (the fill changed them).
 */
function givesBackInput(outcome: LayerOutcome, spelling: string, x: PyValue | undefined): x is TensorValue {
  return outcome.status === 'ok' && outcome.def.keepsInput === true && x instanceof TensorValue && x.shape !== undefined
    && dataOf(x) === undefined && isInPlace(spelling, outcome.args);
}

/**
 * An op on tensors, by any spelling the registry knows: bound as Python would bind it (tensors and values,
 * positional or keyword), evaluated by the engine, recorded in the trace, diagnostics placed in the code.
 * `argsAt`: where the call's arguments are written, for quick fixes (a method's receiver is not among them).
 */
export function tensorOp(ev: Evaluator, spelling: string, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax,
  argsAt?: ArgNodes): PyValue {
  const def = findLayer(spelling);
  const given = kwargs.size > 0 ? [...args, ...kwargs.values()] : args;
  const tensorArgs = touchesTensor(given);
  if (!def) {
    // a query, a predicate or a conversion (x.is_floating_point(), torch.equal(a, b)) gives a Python value: nothing
    // to report, the value is simply not known
    const group = unsupportedGroup(canonicalSpelling(spelling));
    if (group?.returns === 'value') return unknown(`${spelling}() gives a value ShapeLens does not compute (${group.what})`);
    if (tensorArgs && ev.trace) {
      ev.trace.report({ range: ev.file.lines.rangeOf(node), severity: 'info', code: 'unknown-op',
        message: `ShapeLens has no rule for ${spelling}()${group ? ` (${group.what})` : ''}: the shapes after it are unknown` });
    }
    const why = `ShapeLens has no rule for ${spelling}()`;
    const out = tensorArgs ? unknownTensor(why) : unknown(why);
    if (tensorArgs && ev.trace) ev.markSaid(out);
    return out;
  }
  const keyword: Record<string, Arg> = {};
  const tracker = new ArgTracker(toArg);
  for (const [k, v] of kwargs) keyword[k] = tracker.arg(v);
  const bound = tryBind(def, args.map((a) => tracker.arg(a)), keyword);
  const outcome = bound instanceof LayerError
    ? errorOutcome(def, bound)
    : evaluateCached(ev, bound.call, bound.inputs);
  if (!ev.trace && givesBackInput(outcome, spelling, args[0])) return args[0];
  const inputs = tensorsIn(given);
  const known = !(bound instanceof LayerError) && bound.inputs !== undefined;
  const first = known ? (bound as { inputs: Shape[] }).inputs[0] : undefined;
  // The record says the op as the code spells it (x.transpose → Tensor.transpose, torch.clip stays torch.clip).
  const written = canonicalSpelling(spelling);
  const what = written.slice(written.indexOf('.') + 1);
  const shared = known ? sharedStorage(outcome.def, spelling, outcome.args, inputs[0], node.type === 'augmented_assignment') : undefined;
  const out = known && outcome.output ? fromShapeTree(outcome.output, originFor(ev, what, node, first, outcome.output), shared)
    : unknownTensor(outcome.unknownReason);
  if (outcome.status === 'error') ev.markSaid(out); // the error says it
  const trace = ev.trace;
  // Looking for the first layer the input reaches: what a shape-less op makes of the input still leads there.
  if (trace?.probe && out instanceof TensorValue && inputs.some((t) => trace.probe!.tensors.has(t))) {
    // F.conv2d(x, self.weight) / F.linear(x, w) on the input says its layout as the layer would (a Conv2d subclass)
    const stand = args[0] instanceof TensorValue && trace.probe.tensors.has(args[0]) ? weightLayer(outcome.def.type, args, kwargs) : undefined;
    if (stand) trace.probe.layers.push(stand);
    trace.probe.tensors.add(out);
  }
  if (trace) {
    const at = argsAt ?? (node.type === 'call' ? argNodes(node) : undefined);
    reportEngine(ev, trace, outcome.diagnostics, { callNode: node, args: at, type: outcome.def.type, inputs, skipArgs: leadingTensors(def) });
    if (/\.(view|reshape)$/.test(outcome.def.type)) {
      const rest = args.slice(1); // the sizes after the tensor (x.view(-1, 320), torch.reshape(x, (-1, 320)))
      if (outcome.status === 'ok') checkBatchChange(ev, outcome.def.type, rest, first, outcome.output, node);
      else if (outcome.diagnostics[0]?.code === 'view-numel') proposeFeatureCount(ev, rest, inputs[0]?.shape, node, outcome.diagnostics[0].message);
    }
    if (outcome.status === 'ok' && !outcome.cost) trace.uncosted = true;
    traceConstraints(ev, trace, outcome, node, textOf(node).replace(/\s+/g, ' '), inputs[0]);
    trace.records.push({
      name: written, type: what, kind: 'function', callRange: ev.file.lines.rangeOf(node),
      inputShapes: inputs.map((t) => t.shape),
      outputShape: known ? outcome.output : undefined, outcome, params: 0n, trainableParams: 0n, paramTensors: [], cost: outcome.cost,
      scope: trace.scope,
      tensors: { inputs: bound instanceof LayerError ? inputs.map(refOf) : tracker.refs(bound.tensorArgs), outputs: tensorsOf(out).map(refOf) },
    });
  }
  if (outcome.status === 'ok') withEndPadding(out, constantPadEnds(outcome.def.type, outcome.args), inputs[0]);
  return outcome.status === 'error' ? out
    : withPositionBound(outcome.def.type, args, kwargs, withKind(outcome.def.type, spelling, args, kwargs, withOpData(outcome.def.type, spelling, args, kwargs, out)));
}

/**
 * The constraints an evaluation put on symbolic sizes, kept with the call that requires them. The tensor's origin
 * names what computed the size ("flatten at line 17") where the engine only knew "the input's last dimension".
 */
export function traceConstraints(ev: Evaluator, trace: Trace, outcome: LayerOutcome, node: Syntax, label: string, input?: TensorValue): void {
  if (!outcome.constraints) return;
  const range = ev.file.lines.rangeOf(node);
  const short = label.length > 60 ? `${label.slice(0, 57)}…` : label;
  const origin = input?.origin;
  for (const c of outcome.constraints) {
    const source = origin && c.source?.startsWith('the input') ? `${origin.what} at line ${origin.line + 1}` : undefined;
    // the engine's constraint is one object per kept outcome: its words are worked out once per label and source
    // (every run of the layer asks again); each call gets its own object (a conflict is found by identity)
    let said = traced.get(c);
    if (!said || said.label !== short || said.source !== source) traced.set(c, (said = tracedWords(c, short, source)));
    const constraint = source ? { ...c, requiredBy: said.requiredBy, source } : { ...c, requiredBy: said.requiredBy };
    trace.constraints.push({ constraint, range, label: short, text: said.text });
  }
}

/** Each engine constraint's words as a trace last said them: with the label and source they were said with. */
const traced = new WeakMap<Constraint, { readonly label: string; readonly source?: string; readonly requiredBy: string; readonly text: string }>();

function tracedWords(c: Constraint, label: string, source: string | undefined) {
  // "Linear(in_features=400)" says no more than the label; "MaxPool2d (kernel 2 along H)" does.
  const detail = c.requiredBy && !/^[\w.]+\(/.test(c.requiredBy) ? ` (${c.requiredBy})` : '';
  const requiredBy = `${label}${detail}`;
  return { label, source, requiredBy, text: `${constraintText(c)}|${requiredBy}|${source ?? ''}` };
}

const errorOutcome = (def: LayerDef, e: LayerError): LayerOutcome => ({ def, status: 'error', shapeWorking: [], diagnostics: [e.toDiagnostic()] });

/** How many leading arguments of a function are tensors (written before its values: F.conv2d(x, w, b, stride…)). */
function leadingTensors(def: LayerDef): number {
  if (def.inputs === 'list') return 1;
  return def.tensorNames?.length ?? def.inputs ?? 1;
}

// ── view(-1, N) checks ──────────────────────────────────────────────────────────────────────────────────────────
/** `x.view(-1, 320)` on (64, 20, 12, 12): legal, but the batch silently becomes 576. */
function checkBatchChange(ev: Evaluator, type: string, rest: PyValue[], input: Shape | undefined,
  output: ShapeTree | undefined, node: Syntax): void {
  if (!input || !output || isTuple(output) || input.length < 2 || output.length < 2) return;
  const sizes = rest.length === 1 && Array.isArray(rest[0]) ? rest[0] : rest;
  if (sizes[0] !== -1 || !isKnown(input[0]) || !isKnown(output[0]) || input[0] === output[0]) return;
  // Only a tensor that carries the model input's batch: a table of positions built in forward() (a (13, 13, 2)
  // grid viewed as (169, 2)) has no batch to change.
  if (ev.trace?.batch === undefined || input[0] !== ev.trace.batch) return;
  // Whole dimensions folded into the batch, the ones after them kept as they were: windows (Swin's and MaxViT's
  // (B, 8, 8, 7, 7, C) → view(-1, 7, 7, C)) or attention heads ((B, h, L, L) → view(-1, L, L)) become samples on
  // purpose. The mistake this reports regroups the features instead (view(-1, 320) on (64, 20, 12, 12)).
  if (foldsWholeDims(input, output)) return;
  const features = numel(input.slice(1));
  const argsAt = node.type === 'call' ? argNodes(node) : undefined;
  const lastArg = argsAt?.positional[argsAt.positional.length - 1];
  const fits = features !== undefined && output.length === 2 ? Number(features) : undefined;
  ev.trace!.report({
    range: ev.file.lines.rangeOf(node), severity: 'error', code: 'view-batch-change',
    message: `${type.slice(type.indexOf('.') + 1)}(-1, …) turns the batch of ${input[0]} into ${output[0]}: ` +
      `the input ${fmt(input)} is regrouped as ${fmt(output)}` + (fits !== undefined ? `; each sample has ${fits} features` : ''),
    fix: fits !== undefined && lastArg ? {
      title: `Use ${fits} features per sample`, arg: 'shape', value: fits,
      edits: [{ range: ev.file.lines.rangeOf(lastArg), newText: String(fits) }],
    } : undefined,
  });
}

/**
 * The -1 took whole leading dimensions, the sizes after them kept or split, never merged: windows (Swin's (B, 8, 8,
 * 7, 7, C) → (B·64, 7, 7, C)), MViTv2's heads `x.reshape(-1, H, W, C)` on (B, heads, H·W, C); or merged into two
 * dimensions or more (CSATv2's k×k patches as samples: (B, H/k, W/k, C, k, k) → reshape(-1, C, k·k)), which a
 * flattening for a Linear, into one, is not. Or it took a factor of the channels, their rest and the sizes after them
 * kept or split, never merged (halo attention's `q.reshape(-1, dim_head, nh, block, nw, block)` on (B, heads ·
 * dim_head, H, W)): the flattening this check is for merges dimensions, and so has fewer of them.
 */
function foldsWholeDims(input: Shape, output: Shape): boolean {
  if (input.length < 2 || !allKnown(input) || !allKnown(output)) return false;
  for (let k = 2, leading = input[0]; k < input.length && leading <= output[0]; k++) {
    leading *= input[k - 1];
    if (leading === output[0] && (output.length >= 3 || splitInOrder(input.slice(k), output.slice(1)))) return true;
  }
  // heads folded into the batch: (B, h · d, …) → (B · h, d, …) with the sizes after split, as many dims or more
  const [batch, channels] = [input[0], input[1]];
  const [folded, rest] = [output[0], output[1]];
  if (folded % batch !== 0 || channels % rest !== 0 || channels / rest !== folded / batch) return false;
  return splitInOrder(input.slice(2), output.slice(2));
}

/** Each of `sizes` a product of consecutive sizes of `into`, in order, using all of them (sizes split, none merged). */
function splitInOrder(sizes: readonly number[], into: readonly number[]): boolean {
  let at = 0;
  for (const size of sizes) {
    let product = 1;
    while (at < into.length && product < size) product *= into[at++];
    if (product !== size) return false;
  }
  return at === into.length;
}

/** `x.view(x.size(0), 576)` on (4, 16, 5, 5): the number that fits is 400 (replaces the engine's error with a fix). */
function proposeFeatureCount(ev: Evaluator, rest: PyValue[], input: Shape | undefined, node: Syntax, message: string): void {
  const trace = ev.trace!;
  const sizes = rest.length === 1 && Array.isArray(rest[0]) ? rest[0] : rest;
  const argsAt = node.type === 'call' ? argNodes(node) : undefined;
  if (!input || sizes.length !== 2 || !isKnown(input[0]) || !argsAt || argsAt.positional.length !== 2) return;
  if (sizes[0] !== -1 && sizes[0] !== input[0]) return;
  const features = numel(input.slice(1));
  if (features === undefined) return;
  const line = ev.file.lines.lineOf(node);
  const i = trace.diagnostics.findIndex((d) => d.code === 'view-numel' && d.message === message && d.range.start.line === line);
  if (i < 0) return;
  trace.diagnostics[i] = { ...trace.diagnostics[i],
    fix: { title: `Use ${features} features per sample`, arg: 'shape', value: Number(features),
      edits: [{ range: ev.file.lines.rangeOf(argsAt.positional[1]), newText: String(features) }] } };
}

const fmt = (s: readonly (number | object)[]) => `(${s.map((d) => (typeof d === 'number' ? d : '?')).join(', ')})`;

// ── Tensor methods and attributes ───────────────────────────────────────────────────────────────────────────────
/** A dimension as a Python int: a symbolic size is a symbolic int (an expression the input decides). */
const dimValue = (d: Shape[number]): PyValue => d;

/**
 * x.method(…): the queries that give Python values (size, dim, numel, item…) here; every other method is an op
 * of the registry, called with the tensor as its first argument.
 */
export function tensorMethod(ev: Evaluator, t: TensorValue, name: string, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax): PyValue {
  const s = t.shape;
  switch (name) {
    case 'size': {
      if (args.length === 0 && !kwargs.has('dim')) return s ? markSequence(s.map(dimValue), 'tuple') : unknown('the size of a tensor of unknown shape');
      const d = args[0] ?? kwargs.get('dim');
      if (!s || typeof d !== 'number') return unknown('the size of a tensor of unknown shape');
      const i = d < 0 ? s.length + d : d;
      return i >= 0 && i < s.length ? dimValue(s[i]) : unknown(`dimension ${d} is out of range`);
    }
    case 'dim':
    case 'ndimension':
      return s ? s.length : unknown('the rank of a tensor of unknown shape');
    case 'numel':
    case 'nelement': {
      const n = s && numel(s);
      return n !== undefined ? Number(n) : unknown('the size of a tensor of unknown shape');
    }
    case 'item':
    case 'tolist':
      return pythonValue(t, name);
    case 'numpy':
      // an array is followed as a tensor of the same shape (library/numpy.ts), its element type kept
      return t.shape ? sameKind(t, new TensorValue([...t.shape], t.origin)) : unknownTensor(t.why);
    case 'split':
      return splitData(t, tensorOp(ev, 'Tensor.split', [t, ...args], kwargs, node, node.type === 'call' ? argNodes(node) : undefined));
    case 'type':
      if (args.length === 0 && kwargs.size === 0) return 'torch.FloatTensor';
      break;
    case 'element_size':
      return 4;
    case 'is_contiguous':
      return true;
    case 'get_device':
      return -1;
  }
  return tensorOp(ev, `Tensor.${name}`, [t, ...args], kwargs, node, node.type === 'call' ? argNodes(node) : undefined);
}

export function tensorAttribute(t: TensorValue, name: string): PyValue {
  switch (name) {
    // a torch.Size: a tuple (its length is the tensor's rank, certain)
    case 'shape': return t.shape ? markSequence(t.shape.map(dimValue), 'tuple') : unknown('the shape of a tensor not known statically');
    case 'ndim': return t.shape ? t.shape.length : unknown('the rank of a tensor not known statically');
    case 'T': case 'mT': case 'H': case 'mH': {
      // a transposed view of the same memory
      const view = { storage: t.storage, contiguous: false };
      if (!t.shape) return new TensorValue(undefined, t.origin, t.param, undefined, undefined, view);
      if (name === 'T' || name === 'H') return new TensorValue([...t.shape].reverse(), t.origin, t.param, undefined, undefined, view);
      const s = [...t.shape];
      if (s.length >= 2) [s[s.length - 2], s[s.length - 1]] = [s[s.length - 1], s[s.length - 2]];
      return new TensorValue(s, t.origin, t.param, undefined, undefined, view);
    }
    case 'data': case 'real': case 'imag': return t;
    case 'dtype': return dtypeOf(t);
    case 'device': return 'cpu'; // as torch.device(…) is followed: a CPU tensor (is_cuda False, get_device() -1)
    case 'is_cuda': return false;
    case 'requires_grad': return unknown('requires_grad');
    case 'grad': return unknown('a gradient');
    default: return new BoundMethod(t, name);
  }
}

// ── Operators ───────────────────────────────────────────────────────────────────────────────────────────────────
/** `a + b`, `x ** 2`, `a @ b` with a tensor on either side: the op the registry gives the operator. */
export function binaryTensorOp(ev: Evaluator, op: string, l: PyValue, r: PyValue, node: Syntax): PyValue {
  const def = opForOperator(op);
  // a number not known statically (a symbolic int, `scale` computed from one) is a 0-d operand: the shape is kept
  const operand = (v: PyValue) => (typeof v === 'number' || typeof v === 'boolean' || v instanceof TensorValue ? v
    : isNumeric(v) ? new TensorValue([]) : unknownTensor());
  if (!def) return unknownTensor(`the operator ${op} on tensors`);
  return tensorOp(ev, def.type, [operand(l), operand(r)], new Map(), node);
}

/** `-x`, `~x` on a tensor. */
export function unaryTensorOp(ev: Evaluator, op: string, v: TensorValue, node: Syntax): PyValue {
  const def = opForOperator(`unary ${op}`) ?? opForOperator(op);
  if (!def) return unknownTensor(`the operator ${op} on tensors`);
  return tensorOp(ev, def.type, [v], new Map(), node);
}

// ── Subscripts ──────────────────────────────────────────────────────────────────────────────────────────────────
const FULL_SLICE = '::';

/**
 * x[:, 0], x[..., :2], x[None], table[idx]: Tensor.__getitem__ with index entries as the engine reads them. In
 * forward(), an index that loses a known shape (a mask, bounds not known statically) says so there, once.
 */
/** A slice's start, stop and step (numbers, None, or symbolic sizes); undefined when a bound is anything else. */
type SliceParts = (n: Syntax, f: Frame) => (number | SymDim | null)[] | undefined;

export function subscriptTensor(ev: Evaluator, t: TensorValue, keys: Syntax[], node: Syntax, frame: Frame,
  sliceParts: SliceParts): PyValue {
  const reported = ev.trace?.reports;
  const result = indexTensor(ev, t, keys, node, frame, sliceParts);
  if (ev.trace && ev.trace.reports === reported && t.shape && result instanceof TensorValue && !result.shape && !ev.isSaid(result)) {
    sayShapeLost(ev, node, result, result.why ?? 'its result is not known statically');
  }
  return result;
}

function indexTensor(ev: Evaluator, t: TensorValue, keys: Syntax[], node: Syntax, frame: Frame,
  sliceParts: SliceParts): PyValue {
  const index: (Value | TensorValue)[] = [];
  const parts = keys.length === 1 && (keys[0].type === 'tuple' || keys[0].type === 'expression_list') ? namedChildren(keys[0]) : keys;
  for (const k of parts) {
    if (k.type === 'slice') {
      const p = sliceParts(k, frame);
      if (!p) return unknownTensor('a slice with bounds not known statically');
      // a symbolic bound (`[:T]` with T = x.size(1) of a symbolic input) goes to the engine as [':', start, stop, step]
      index.push(p.some(isSymInt) ? [':', ...p] : `${p[0] ?? ''}:${p[1] ?? ''}:${p[2] ?? ''}`);
    } else if (k.type === 'ellipsis') index.push('...');
    else {
      const v = ev.eval(k, frame);
      if (v === null) index.push(null);
      else if (typeof v === 'number' && Number.isInteger(v)) index.push(v);
      else if (v === '...') index.push('...');
      else if (Array.isArray(v) && sequenceKind(v) === 'list' && v.every((i) => typeof i === 'number' && Number.isInteger(i))) index.push(v as number[]);
      // a tensor of indices (the engine puts its shape where the axis was; a mask, or a tensor whose element type is
      // not known, it does not follow and says so)
      else if (v instanceof TensorValue) index.push(v);
      else return unknownTensor('indexing with tensors or lists (advanced indexing) is not followed');
    }
  }
  return tensorOp(ev, 'Tensor.__getitem__', [t], new Map<string, PyValue>([['index', index]]), node);
}

/** The same with index values already computed (TypeScript's x[0]): integers, None and full slices. */
export function subscriptTensorIndex(ev: Evaluator, t: TensorValue, values: PyValue[], node: Syntax): PyValue {
  const index: Value[] = [];
  for (const v of values) {
    if (v === null || v === FULL_SLICE) index.push(v);
    else if (typeof v === 'number' && Number.isInteger(v)) index.push(v);
    else return unknownTensor('indexing with values not known statically');
  }
  return tensorOp(ev, 'Tensor.__getitem__', [t], new Map<string, PyValue>([['index', index]]), node);
}

// ── Shapes and their origins ──────────────────────────────────────────────────────────────────────────────────
/** A tensor of that shape (a tuple of them, None where an op gives None), new or sharing a storage (a view, an in-place result). */
export function fromShapeTree(tree: ShapeTree, origin?: ShapeOrigin, memory?: Storage): PyValue {
  if (isTuple(tree)) {
    const items = tree.tuple.map((t) => (t === null ? null : fromShapeTree(t, origin, memory)));
    return tree.keys ? new DictValue(new Map(tree.keys.map((k, i) => [k, items[i]]))) : items;
  }
  return new TensorValue(tree, origin, false, undefined, undefined, memory);
}

export function withOrigin(v: PyValue, origin: ShapeOrigin): PyValue {
  if (v instanceof TensorValue) return new TensorValue(v.shape, origin, v.param, v.why, v.owner, { id: v.id, storage: v.storage, contiguous: v.contiguous });
  return v;
}

/** The origin of an op's output; a flatten keeps the dims it merged (2880 = 20·12·12). */
export function originFor(ev: Evaluator, what: string, node: Syntax, input: Shape | undefined, output: ShapeTree): ShapeOrigin {
  const line = ev.file.lines.lineOf(node);
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
