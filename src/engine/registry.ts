// Every layer rule ShapeLens knows, by PyTorch name, and the one entry point that evaluates a layer:
// bind the arguments, validate them, then apply the shape, parameter and cost rules.
import type { Cost } from './cost';
import { LayerError, UnknownValueError, type EngineDiagnostic } from './diagnostic';
import type { EvalContext, LayerDef, ParamSet } from './layer';
import type { Shape, ShapeTree } from './shape';
import { bindArgs, type Args, type Value } from './values';
import type { WorkingLine } from './working';
import { activationLayers } from './layers/activation';
import { adaptivePoolLayers } from './layers/adaptivePool';
import { attentionLayers } from './layers/attention';
import { convLayers } from './layers/conv';
import { dropoutLayers } from './layers/dropout';
import { embeddingLayers } from './layers/embedding';
import { linearLayers } from './layers/linear';
import { normLayers } from './layers/norm';
import { paddingLayers } from './layers/padding';
import { poolLayers } from './layers/pool';
import { recurrentLayers } from './layers/recurrent';
import { reshapeLayers } from './layers/reshape';
import { tensorOpLayers } from './layers/tensorOps';
import { upsampleLayers } from './layers/upsample';

const ALL: readonly LayerDef[] = [
  ...convLayers, ...linearLayers, ...poolLayers, ...adaptivePoolLayers, ...normLayers, ...dropoutLayers,
  ...activationLayers, ...reshapeLayers, ...paddingLayers, ...upsampleLayers, ...embeddingLayers,
  ...recurrentLayers, ...attentionLayers, ...tensorOpLayers,
];

const byType = new Map<string, LayerDef>(ALL.map((d) => [d.type, d]));

export const findLayer = (type: string): LayerDef | undefined => byType.get(type);
export const knownLayerTypes = (): string[] => [...byType.keys()];

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
}

export interface LayerCall {
  readonly type: string;
  readonly positional: readonly Value[];
  readonly keyword: Readonly<Record<string, Value>>;
}

/**
 * Evaluates a layer: its parameters always (when the arguments are known), its output shape and cost when
 * the input shapes are given. Never throws for bad user input; the outcome says what went wrong.
 */
export function evaluateLayer(call: LayerCall, inputs: readonly Shape[] | undefined, ctx: EvalContext): LayerOutcome {
  const def = byType.get(call.type);
  if (!def) throw new Error(`unknown layer type ${call.type}`); // callers check findLayer first
  let args: Args | undefined;
  let params: ParamSet | undefined;
  let output: ShapeTree | undefined;
  let cost: Cost | undefined;
  let shapeWorking: readonly WorkingLine[] = [];
  const diagnostics: EngineDiagnostic[] = [];
  const stage = { now: 'arguments' };
  try {
    args = bindArgs(def.type, def.signature, call.positional, call.keyword, def.varargs, def.anyKeywords);
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
    const fwd = def.forward(args, inputs, ctx);
    output = fwd.output;
    shapeWorking = fwd.working;
    diagnostics.push(...(fwd.warnings ?? []));
    stage.now = 'cost';
    try {
      cost = def.cost(args, inputs, output);
    } catch (e) {
      // A symbolic size leaves the cost unknown, never 0: the shape is still known and stays 'ok'.
      if (!(e instanceof UnknownValueError)) throw e;
      return { def, status: 'ok', args, params, output, shapeWorking, diagnostics, unknownReason: e.message };
    }
    return { def, status: 'ok', args, params, output, cost, shapeWorking, diagnostics };
  } catch (e) {
    if (e instanceof LayerError) {
      return { def, status: 'error', args, params, shapeWorking, diagnostics: [e.toDiagnostic(), ...diagnostics] };
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
