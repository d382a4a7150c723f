// The receptive field of every record's output, following the tensors from the model's input: each op's rule
// (LayerDef.receptive, engine/receptive.ts) maps its input's (size, jump, start) per spatial axis to its output's.
// The spatial axes are the trailing ones of the model's first conv or pooling layer (1-D, 2-D or 3-D); a model
// without one has no receptive fields. A field is one of:
//   local    size, jump and start per axis, with the recurrence worked out
//   global   every unit sees the whole input (after global pooling, attention, a Linear over all features)
//   stopped  not defined from here on (a flatten turned positions into features), said once where it stops
import { PIXEL, stepAxis, unionAxes, UnknownValueError, type ReceptiveRule, type RfAxis, type Shape } from '../engine';
import { placeOf, type LayerRecord, type ModelAnalysis } from './model';
import { flattenRecords } from './memory';

export type RecordField =
  | { readonly kind: 'local'; readonly axes: readonly RfAxis[]; readonly names: readonly string[];
    /** The recurrence per axis, numbers substituted: "r = r_in + (3 − 1)·j_in = 7 + (3 − 1)·2 = 11". */
    readonly working: readonly (readonly string[])[] }
  | { readonly kind: 'global'; readonly why: string; readonly at: string }
  | { readonly kind: 'stopped'; readonly why: string; readonly at: string };

type State = RecordField;

/** The spatial axes' names, as the shape working writes them. */
const spatialNames = (k: number): string[] => (k === 1 ? ['L'] : k === 2 ? ['H', 'W'] : ['D', 'H', 'W']);

/** The first window rule of the model gives the number of spatial axes; none: no receptive fields. */
function spatialRank(records: readonly LayerRecord[]): number | undefined {
  for (const { r } of flattenRecords(records)) {
    const rule = ruleOf(r);
    if (rule && (rule.kind === 'window' || rule.kind === 'transposed')) return rule.kernel.length;
  }
  return undefined;
}

function ruleOf(r: LayerRecord): ReceptiveRule | undefined {
  const o = r.outcome;
  if (!o || o.status !== 'ok' || !o.args || !o.output || !o.def.receptive) return undefined;
  const shapes = (r.tensors?.inputs ?? []).map((t) => (t === null ? [] : t.shape ?? [])) as Shape[];
  try {
    return o.def.receptive(o.args, shapes, o.output);
  } catch (e) {
    if (e instanceof UnknownValueError) return { kind: 'stop', why: e.message };
    return { kind: 'stop', why: e instanceof Error ? e.message : String(e) };
  }
}

const where = (r: LayerRecord) => `${r.name} (${placeOf(r.callRange)})`;

/** The field of an op's output from its inputs' fields and its rule. */
function apply(r: LayerRecord, inputs: readonly State[], k: number): State {
  const global = inputs.find((s) => s.kind === 'global');
  if (global) return global;
  // an empty nn.Sequential() (a shortcut) hands its input on
  const t = r.tensors;
  if (!r.outcome && t && t.outputs.length && t.outputs.every((o) => t.inputs.some((i) => i?.id === o.id))) return inputs[0];
  const rule = r.outcome ? ruleOf(r) ?? { kind: 'stop', why: `${r.outcome.def.type} has no receptive-field rule` }
    : { kind: 'stop' as const, why: 'this call is not followed' };
  if (rule.kind === 'global') return { kind: 'global', why: rule.why, at: where(r) };
  const stopped = inputs.find((s) => s.kind === 'stopped');
  if (stopped) return stopped;
  if (rule.kind === 'stop') return { kind: 'stopped', why: rule.why, at: where(r) };
  const locals = inputs as Extract<State, { kind: 'local' }>[];
  const names = spatialNames(k);
  if (rule.kind === 'keep') {
    const axes: RfAxis[] = [];
    for (let i = 0; i < k; i++) {
      const u = unionAxes(locals.map((s) => s.axes[i]));
      if (!u) return { kind: 'stopped', why: 'branches with different strides meet', at: where(r) };
      axes.push(u);
    }
    const joined = locals.length > 1 && axes.some((a, i) => locals.some((s) => s.axes[i].size !== a.size || s.axes[i].start !== a.start));
    const working = axes.map((a) => (joined ? [`r = ${a.size} (the union of the ${locals.length} inputs' fields)`] : []));
    return { kind: 'local', axes, names, working };
  }
  const m = rule.kind === 'pad' ? rule.before.length : rule.kind === 'scale' ? rule.factor.length : rule.kernel.length;
  if (m > k) return { kind: 'stopped', why: `a ${m}-D window on a ${k}-D field`, at: where(r) };
  const first = locals[0];
  const axes: RfAxis[] = [...first.axes];
  const working: string[][] = axes.map(() => []);
  for (let j = 0; j < m; j++) {
    const i = k - m + j;
    const step = stepAxis(rule, j, first.axes[i]);
    axes[i] = step.axis;
    working[i] = [...step.working];
  }
  return { kind: 'local', axes, names, working };
}

/** The receptive field of each record's output, aligned with model.layers; undefined for a model without windows. */
export function receptiveFields(m: ModelAnalysis): (RecordField | undefined)[] | undefined {
  const k = spatialRank(m.layers);
  if (k === undefined || !m.inputTensor || !m.inputShape || m.inputShape.length < k + 1) return undefined;
  const states = new Map<number, State>();
  const names = spatialNames(k);
  states.set(m.inputTensor.id, { kind: 'local', axes: Array<RfAxis>(k).fill(PIXEL), names, working: [] });
  const out: (RecordField | undefined)[] = m.layers.map(() => undefined);
  for (const { r, owner } of flattenRecords(m.layers)) {
    const inputs = (r.tensors?.inputs ?? []).flatMap((t) => (t && states.has(t.id) ? [states.get(t.id)!] : []));
    if (inputs.length === 0) continue; // constants: not derived from the input
    const state = apply(r, inputs, k);
    for (const t of r.tensors?.outputs ?? []) states.set(t.id, state);
    out[owner] = state;
  }
  return out;
}
