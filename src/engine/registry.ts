// Every op and layer ShapeLens knows, indexed by every spelling, and the entry points that evaluate one: bind the
// arguments as Python would (tensors and values together, by position or keyword), validate them, then apply the
// shape, parameter and cost rules. The analysis, the TypeScript translation and the gradient checker find ops here
// and nowhere else.
import { collectConstraints } from './assume';
import type { Cost } from './cost';
import { LayerError, QuietError, UnknownValueError, type EngineDiagnostic } from './diagnostic';
import type { EvalContext, LayerDef, ParamSet } from './layer';
import type { Shape, ShapeTree } from './shape';
import { bindArgs, TensorArg, unknown, withoutSymbolic, type Arg, type ArgSpec, type Args, type Value } from './values';
import type { Constraint } from './symbolic';
import type { WorkingLine } from './working';
import { activationLayers } from './layers/activation';
import { adaptivePoolLayers } from './layers/adaptivePool';
import { attentionLayers } from './layers/attention';
import { classLossLayers } from './layers/classLosses';
import { convLayers } from './layers/conv';
import { creationLayers } from './layers/creation';
import { distanceLayers } from './layers/distance';
import { dropoutLayers } from './layers/dropout';
import { einsumLayers } from './layers/einsum';
import { embeddingLayers } from './layers/embedding';
import { foldLayers } from './layers/fold';
import { indexingLayers } from './layers/indexing';
import { linalgLayers } from './layers/linalg';
import { linalgNormLayers } from './layers/linalgNorms';
import { functionalLayers } from './layers/functional';
import { gridLayers } from './layers/grid';
import { linearLayers } from './layers/linear';
import { lossLayers } from './layers/losses';
import { normLayers } from './layers/norm';
import { paddingLayers } from './layers/padding';
import { pointwiseLayers } from './layers/pointwise';
import { poolLayers } from './layers/pool';
import { poolVariantLayers } from './layers/poolVariants';
import { recurrentLayers } from './layers/recurrent';
import { rearrangeLayers } from './layers/rearrange';
import { reductionLayers } from './layers/reductions';
import { reshapeLayers } from './layers/reshape';
import { stackingLayers } from './layers/stacking';
import { sdpaLayers } from './layers/sdpa';
import { tensorOpLayers } from './layers/tensorOps';
import { upsampleLayers } from './layers/upsample';
import { viewLayers } from './layers/views';
import { einopsLayers } from './einops';
import { ALIASES } from './aliases';
import { arrangeLayers } from './layers/arrange';
import { calculusLayers } from './layers/calculus';
import { jsPytorchLayers } from './layers/jsPytorch';
import { samplingLayers } from './layers/sampling';
import { decompositionLayers } from './layers/decompositions';
import { packedSequenceLayers } from './layers/packedSequence';
import { spectralLayers } from './layers/spectral';

const ALL: readonly LayerDef[] = [
  ...convLayers, ...linearLayers, ...poolLayers, ...adaptivePoolLayers, ...normLayers, ...dropoutLayers,
  ...activationLayers, ...reshapeLayers, ...paddingLayers, ...upsampleLayers, ...embeddingLayers,
  ...recurrentLayers, ...attentionLayers, ...tensorOpLayers, ...pointwiseLayers, ...reductionLayers, ...viewLayers,
  ...creationLayers, ...einopsLayers,
  ...linalgLayers, ...einsumLayers, ...linalgNormLayers, ...indexingLayers, ...rearrangeLayers, ...stackingLayers, ...foldLayers,
  ...lossLayers, ...classLossLayers, ...distanceLayers, ...functionalLayers, ...poolVariantLayers, ...gridLayers, ...sdpaLayers,
  ...spectralLayers, ...calculusLayers, ...arrangeLayers, ...samplingLayers, ...decompositionLayers, ...packedSequenceLayers, ...jsPytorchLayers,
];

const byName = new Map<string, LayerDef>();
const ALL_OVERLOADS = new Set(ALL.flatMap((d) => d.overloads ?? []));
const byOperator = new Map<string, LayerDef>();
for (const d of ALL) {
  for (const o of d.overloads ?? []) {
    // an overload may be an op of its own (torch.max(input, other) is torch.maximum): indexed once
    if (byName.has(o.type) && byName.get(o.type) !== o) throw new Error(`ShapeLens registry: ${o.type} is defined twice`);
    byName.set(o.type, o);
  }
  for (const name of [d.type, ...(d.names ?? [])]) {
    if (byName.has(name) && !(name === d.type && ALL_OVERLOADS.has(d))) throw new Error(`ShapeLens registry: ${name} is defined twice`);
    byName.set(name, d);
  }
  for (const op of d.operators ?? []) {
    if (byOperator.has(op)) throw new Error(`ShapeLens registry: operator ${op} is defined twice`);
    byOperator.set(op, d);
  }
}

// torch.x that are F.x under another name (torch.max_pool2d is F.max_pool2d, torch.conv2d is F.conv2d): the torch
// spelling answers to the functional definition unless the registry defines it itself (torch.relu, torch.softmax).
const TORCH_ALSO_FUNCTIONAL = ['adaptive_avg_pool1d', 'adaptive_max_pool1d', 'alpha_dropout', 'avg_pool1d', 'batch_norm', 'bilinear',
  'binary_cross_entropy_with_logits', 'celu', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d',
  'cosine_embedding_loss', 'cosine_similarity', 'dropout', 'embedding', 'feature_alpha_dropout', 'group_norm', 'hardshrink',
  'hinge_embedding_loss', 'instance_norm', 'kl_div', 'layer_norm', 'margin_ranking_loss', 'max_pool1d', 'max_pool2d', 'max_pool3d',
  'pairwise_distance', 'pdist', 'pixel_shuffle', 'pixel_unshuffle', 'poisson_nll_loss', 'prelu', 'rrelu', 'selu', 'threshold',
  'triplet_margin_loss', 'channel_shuffle'];
for (const name of TORCH_ALSO_FUNCTIONAL) {
  const f = byName.get(`F.${name}`);
  if (f && !byName.has(`torch.${name}`)) byName.set(`torch.${name}`, f);
}

for (const [alias, target] of Object.entries(ALIASES)) {
  const def = byName.get(target);
  if (!def) throw new Error(`ShapeLens registry: the alias ${alias} names ${target}, which is not defined`);
  if (byName.has(alias)) throw new Error(`ShapeLens registry: the alias ${alias} is defined as an op too`);
  byName.set(alias, def);
}

/** The registry's spelling of a qualified name: torch.nn.functional.relu → F.relu, torch.nn.ReLU → ReLU. */
export function canonicalSpelling(name: string): string {
  if (name.startsWith('torch.nn.functional.')) return `F.${name.slice(20)}`;
  if (name.startsWith('nn.functional.')) return `F.${name.slice(14)}`;
  if (name.startsWith('torch.Tensor.')) return `Tensor.${name.slice(13)}`;
  const nn = /^(?:torch\.)?nn\.(?:modules\.(?:[a-z_]+\.)*)?([A-Z]\w*)$/.exec(name);
  if (nn) return nn[1];
  return name;
}

/** The definition behind any spelling of an op or layer. */
export const findLayer = (name: string): LayerDef | undefined => byName.get(name) ?? byName.get(canonicalSpelling(name));

/** Every definition, once each. */
export const allDefs = (): readonly LayerDef[] => ALL;

/** Every spelling the registry answers to. */
export const knownLayerTypes = (): string[] => [...byName.keys()];

/** The op a Python operator calls: '+', '**', '@', 'unary -', '~'. */
export const opForOperator = (operator: string): LayerDef | undefined => byOperator.get(operator);

// ── Binding a call ──────────────────────────────────────────────────────────────────────────────────────────────
const DEFAULT_TENSOR_NAMES = ['input', 'other', 'third', 'fourth'];
const fullSignatures = new WeakMap<LayerDef, readonly ArgSpec[]>();

/**
 * A function's or method's whole Python signature: its tensor parameters (named by tensorNames, or marked in the
 * signature itself) and its values. A method's first tensor is the one it is called on.
 */
export function fullSignature(def: LayerDef): readonly ArgSpec[] {
  let full = fullSignatures.get(def);
  if (full) return full;
  if (def.kind === 'module' || def.signature.some((s) => s.tensor)) full = def.signature;
  else {
    const tensors: ArgSpec[] = def.inputs === 'list'
      ? [{ name: def.tensorNames?.[0] ?? 'tensors', tensor: 'list' }]
      : (def.tensorNames ?? DEFAULT_TENSOR_NAMES.slice(0, def.inputs ?? 1)).map((n) => (n.endsWith('?')
        ? { name: n.slice(0, -1), tensor: 'optional', default: null } : { name: n, tensor: 'one' }));
    full = [...tensors, ...def.signature];
  }
  fullSignatures.set(def, full);
  return full;
}

export interface BoundCall {
  /** The values, by name, ready for evaluateLayer. */
  readonly call: LayerCall;
  /** The tensor arguments' shapes in signature order (a list's entries in place); undefined when any is unknown. */
  readonly inputs: Shape[] | undefined;
  /** The arguments behind `inputs`, in the same order: which tensor (or Python number) each one is. */
  readonly tensorArgs: readonly Arg[];
}

/**
 * Binds a function or method call as Python would — tensors and values, positional or keyword — or raises PyTorch's
 * TypeError (a LayerError 'bad-arguments'). A Python number where a tensor goes is a 0-d tensor; None in an optional
 * tensor slot leaves it out.
 */
export function bindCall(def: LayerDef, positional: readonly Arg[], keyword: Readonly<Record<string, Arg>>): BoundCall {
  const signature = fullSignature(def);
  keyword = numpyAliases(signature, keyword);
  const bound = bindArgs<Arg>(def.type, signature, positional, keyword, def.varargs, def.anyKeywords, def.kwargs);
  const values: Record<string, Value> = {};
  const inputs: Shape[] = [];
  const tensorArgs: Arg[] = [];
  let known = true;
  const take = (a: Arg) => {
    tensorArgs.push(a);
    const shape = tensorShape(a);
    if (shape === undefined) known = false;
    else inputs.push(shape);
  };
  for (const spec of signature) {
    const v = bound[spec.name];
    if (!spec.tensor) {
      if (def.overloads?.length || def.overloadOf) {
        if (holdsTensor(v)) throw new Misfit(spec.name);
      }
      values[spec.name] = asValue(v);
      continue;
    }
    if (spec.tensor === 'optional' && (v === null || v === undefined)) continue;
    if (spec.tensor === 'list') {
      if (Array.isArray(v)) v.forEach(take);
      else known = false; // a list not known statically
    } else take(v);
  }
  return { call: { type: def.type, positional: [], keyword: values }, inputs: known ? inputs : undefined, tensorArgs };
}

/**
 * PyTorch's argument parser takes NumPy's names for two arguments wherever the op has the PyTorch one: `axis` for
 * `dim` and `keepdims` for `keepdim` (x.mean((2, 3), keepdims=True) runs).
 */
function numpyAliases(signature: readonly ArgSpec[], keyword: Readonly<Record<string, Arg>>): Readonly<Record<string, Arg>> {
  if (!('axis' in keyword) && !('keepdims' in keyword)) return keyword;
  const has = (n: string) => signature.some((s) => s.name === n);
  const out: Record<string, Arg> = {};
  for (const [k, v] of Object.entries(keyword)) {
    const alias = k === 'axis' && has('dim') && !has('axis') ? 'dim' : k === 'keepdims' && has('keepdim') && !has('keepdims') ? 'keepdim' : k;
    out[alias] = v;
  }
  return out;
}

/** This signature of an overloaded op does not fit the call (a tensor where it takes a value): try the next. */
class Misfit extends QuietError {}

const holdsTensor = (a: Arg | undefined): boolean => a instanceof TensorArg || (Array.isArray(a) && a.some(holdsTensor));

/** The shape of a tensor argument; a Python number or bool is a 0-d tensor. */
function tensorShape(a: Arg | undefined): Shape | undefined {
  if (a instanceof TensorArg) return a.shape as Shape | undefined;
  if (typeof a === 'number' || typeof a === 'boolean') return [];
  return undefined;
}

/** A value argument: a tensor where a value goes is a value not known statically. */
function asValue(a: Arg | undefined, lists = new Map<readonly Arg[], Value>()): Value {
  if (a === undefined) return null;
  if (a instanceof TensorArg) {
    if (!a.integral) return unknown('a tensor');
    return a.shape ? { ...unknown('a tensor'), indices: a.shape } : unknown('a tensor of indices whose shape is not known statically');
  }
  if (Array.isArray(a)) {
    // a list seen again (one row standing for every row of a long table) converts once
    let v = lists.get(a);
    if (!v) lists.set(a, (v = a.map((x) => asValue(x, lists))));
    return v;
  }
  return a;
}

/**
 * Binds and evaluates a function or method call in one step. Binding errors come back as an 'error' outcome, like
 * every other complaint PyTorch would make.
 */
export function evaluateCall(def: LayerDef, positional: readonly Arg[], keyword: Readonly<Record<string, Arg>>,
  ctx: EvalContext): { outcome: LayerOutcome; bound?: BoundCall } {
  const bound = tryBind(def, positional, keyword);
  if (bound instanceof LayerError) return { outcome: { def, status: 'error', shapeWorking: [], diagnostics: [bound.toDiagnostic()] } };
  return { outcome: evaluateLayer(bound.call, bound.inputs, ctx), bound };
}

/** Binds a call to the op or the first of its overloads that fits; PyTorch's TypeError when none does. */
export function tryBind(def: LayerDef, positional: readonly Arg[], keyword: Readonly<Record<string, Arg>>): BoundCall | LayerError {
  let first: LayerError | undefined;
  for (const candidate of [def, ...(def.overloads ?? [])]) {
    try {
      return bindCall(candidate, positional, keyword);
    } catch (e) {
      if (e instanceof LayerError) first ??= e;
      else if (!(e instanceof Misfit)) throw e;
    }
  }
  return first ?? new LayerError('bad-arguments', `${def.type}() received an invalid combination of arguments`);
}

// ── Evaluating ──────────────────────────────────────────────────────────────────────────────────────────────
/** The arguments as the rules read them: symbolic sizes only where the definition takes them (symbolicArgs). */
function readSymbolic(def: LayerDef, args: Record<string, Value>): Args {
  for (const name in args) {
    if (!def.symbolicArgs?.includes(name)) args[name] = withoutSymbolic(args[name]);
  }
  return args;
}
export interface LayerOutcome {
  readonly def: LayerDef;
  /** ok: everything known; error: PyTorch would raise; unknown: a needed value or shape is not known statically. */
  readonly status: 'ok' | 'error' | 'unknown';
  readonly args?: Args;
  readonly output?: ShapeTree;
  readonly params?: ParamSet;
  readonly cost?: Cost;
  readonly shapeWorking: readonly WorkingLine[];
  /** The error (status 'error') and any warnings. */
  readonly diagnostics: readonly EngineDiagnostic[];
  /** Why the shape (status 'unknown') or, with status 'ok' and no cost, the cost is not known statically. */
  readonly unknownReason?: string;
  /**
   * With symbolic sizes and EvalContext.assume: what the input sizes must satisfy for this result (a Linear's
   * in_features equal to the flattened size). The result holds for every input that satisfies them.
   */
  readonly constraints?: readonly Constraint[];
  /** The input shapes, kept when the cost is not known for symbolic sizes: symbolicCostOf derives its formula. */
  readonly inputs?: readonly Shape[];
}

export interface LayerCall {
  readonly type: string;
  readonly positional: readonly Value[];
  readonly keyword: Readonly<Record<string, Value>>;
}

const valueSignatures = new WeakMap<LayerDef, readonly ArgSpec[]>();
/** The signature entries that are not tensors (what a bound call holds), one array per definition. */
function valueSignature(def: LayerDef): readonly ArgSpec[] {
  let out = valueSignatures.get(def);
  if (out === undefined) valueSignatures.set(def, (out = def.signature.filter((s) => !s.tensor)));
  return out;
}

/**
 * Evaluates a layer: its parameters always (when the arguments are known), its output shape and cost when
 * the input shapes are given. Never throws for bad user input; the outcome says what went wrong.
 */
export function evaluateLayer(call: LayerCall, inputs: readonly Shape[] | undefined, ctx: EvalContext): LayerOutcome {
  const def = findLayer(call.type);
  if (!def) throw new Error(`unknown layer type ${call.type}`); // callers check findLayer first
  let args: Args | undefined;
  let params: ParamSet | undefined;
  let output: ShapeTree | undefined;
  let cost: Cost | undefined;
  let shapeWorking: readonly WorkingLine[] = [];
  const diagnostics: EngineDiagnostic[] = [];
  const stage = { now: 'arguments' };
  const constraints: Constraint[] | undefined = ctx.assume ? [] : undefined;
  if (constraints) ctx = { ...ctx, constraints };
  const withConstraints = (o: LayerOutcome): LayerOutcome => (constraints && constraints.length > 0 ? { ...o, constraints } : o);
  try {
    args = readSymbolic(def, bindArgs(def.type, valueSignature(def), call.positional, call.keyword, def.varargs, def.anyKeywords, def.kwargs));
    def.validate?.(args);
    stage.now = 'params';
    try {
      params = def.params(args, inputs);
    } catch (e) {
      // Lazy layers need the input for their parameters; that is not an error when the input is unknown.
      if (!(e instanceof UnknownValueError) || inputs) throw e;
    }
    if (!inputs) return { def, status: params ? 'ok' : 'unknown', args, params, shapeWorking, diagnostics };
    stage.now = 'shape';
    const evalCtx = ctx;
    const fwd = collectConstraints(constraints, () => def.forward(args as Args, inputs, evalCtx));
    output = fwd.output;
    shapeWorking = fwd.working;
    diagnostics.push(...(fwd.warnings ?? []));
    stage.now = 'cost';
    try {
      cost = def.cost(args, inputs, output);
    } catch (e) {
      // A symbolic size leaves the cost unknown, never 0: the shape is still known and stays 'ok'.
      if (!(e instanceof UnknownValueError)) throw e;
      return withConstraints({ def, status: 'ok', args, params, output, shapeWorking, diagnostics, unknownReason: e.message, inputs });
    }
    return withConstraints({ def, status: 'ok', args, params, output, cost, shapeWorking, diagnostics });
  } catch (e) {
    if (e instanceof LayerError) {
      return { def, status: 'error', args, params, shapeWorking, diagnostics: [e.toDiagnostic(args), ...diagnostics] };
    }
    if (e instanceof UnknownValueError) {
      return { def, status: 'unknown', args, params, output, shapeWorking, diagnostics, unknownReason: e.message };
    }
    // A bug in a rule must not take the editor down: report it as an internal error on this layer only.
    const message = e instanceof Error ? e.message : String(e);
    return { def, status: 'error', args, params, shapeWorking,
      diagnostics: [{ severity: 'error', code: 'internal', message: `${def.type} (${stage.now}): internal error: ${message}` }] };
  }
}


