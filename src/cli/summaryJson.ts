// `shapelens summary --json`: the machine-readable contract. Lines and columns 1-based; `macs` always
// MACs, `flops` always the exact convention (multiplications, additions, comparisons… counted one by one);
// counts beyond 2^53 are written as decimal strings.
import { exactTotal, formatDim, isKnown, isTuple, toJsonNumber, type Dim, type ShapeTree } from '../engine';
import { modelPlaces, type AnalysisDiagnostic, type ClassNeeds, type FileAnalysis, type LayerRecord, type ModelAnalysis, type Range } from '../analysis';
import { format } from '../engine/symbolic';
import { modelTotals } from '../present/cells';
import { DEFAULT_MEMORY, modelMemory, type ModelMemory } from '../analysis/memory';
import type { MemoryPlan } from '../analysis/memoryPlan';
import type { RecordField } from '../analysis/receptive';
import { summaryData } from '../present/summary';

type JsonShape = (number | string)[] | { tuple: JsonShape[]; keys?: readonly string[] } | null;

/** A shape as JSON: known dims as numbers, symbolic ones as their expression ("⌊(H − 1)/2⌋ + 1"); a tuple of
 *  results (LSTM, MultiheadAttention) as { "tuple": [...] }; a dict of results as the same with "keys": [...], one per entry. */
export function shapeJson(s: ShapeTree | undefined): JsonShape {
  if (!s) return null;
  if (isTuple(s)) return { tuple: s.tuple.map((t) => shapeJson(t ?? undefined)), ...(s.keys ? { keys: s.keys } : {}) }; // None is null
  return s.map((d: Dim) => (isKnown(d) ? d : formatDim(d)));
}

const pos = (r: Range) => ({ line: r.start.line + 1, column: r.start.character + 1 });

export function diagnosticJson(d: AnalysisDiagnostic) {
  return {
    ...pos(d.range), end_line: d.range.end.line + 1, end_column: d.range.end.character + 1,
    severity: d.severity, code: d.code, message: d.message,
    fix: d.fix ? {
      title: d.fix.title, arg: d.fix.arg ?? null, value: d.fix.value ?? null,
      edits: d.fix.edits.map((e) => ({ ...pos(e.range), end_line: e.range.end.line + 1, end_column: e.range.end.character + 1, new_text: e.newText })),
    } : null,
  };
}

const bytesJson = (b: bigint | undefined) => (b === undefined ? null : toJsonNumber(b));

/** A receptive field: per spatial axis size, jump and start (in input pixels); or global / not defined, with why. */
function fieldJson(f: RecordField | undefined) {
  if (!f) return null;
  if (f.kind !== 'local') return { kind: f.kind === 'global' ? 'global' : 'undefined', why: f.why, at: f.at };
  return { kind: 'local', axes: f.names, size: f.axes.map((a) => a.size), jump: f.axes.map((a) => a.jump), start: f.axes.map((a) => a.start) };
}

/** The model's memory in bytes for a dtype and optimizer; null where a figure is not known. */
function memoryJson(mem: ModelMemory, plan?: MemoryPlan) {
  return {
    dtype: mem.options.dtype, optimizer: mem.options.optimizer,
    param_bytes: toJsonNumber(mem.params), buffer_bytes: toJsonNumber(mem.buffers), gradient_bytes: toJsonNumber(mem.gradients),
    optimizer_bytes: toJsonNumber(mem.optimizer), master_weight_bytes: toJsonNumber(mem.master), input_bytes: bytesJson(mem.input),
    saved_bytes: toJsonNumber(mem.saved), saved_complete: mem.savedComplete,
    training_bytes: toJsonNumber(mem.training), inference_peak_bytes: toJsonNumber(mem.inferencePeak), inference_complete: mem.inferenceComplete,
    batch: plan?.batch ?? null,
    per_sample_bytes: plan?.line ? toJsonNumber(plan.line.perSample) : null, fixed_bytes: plan?.line ? toJsonNumber(plan.line.fixed) : null,
    device_bytes: plan?.device ? toJsonNumber(plan.device.bytes) : null,
    largest_batch: plan?.device?.largestBatch !== undefined ? toJsonNumber(plan.device.largestBatch) : null,
    caveat: mem.caveat ?? null,
  };
}

export function layerJson(r: LayerRecord, i = -1, mem?: ModelMemory, field?: RecordField) {
  const rm = mem?.records[i];
  return {
    name: r.name, type: r.type, kind: r.kind, line: r.callRange.start.line + 1,
    def_line: r.declaration ? r.declaration.range.start.line + 1 : null,
    input_shape: shapeJson(r.inputShapes[0]), output_shape: shapeJson(r.outputShape),
    params: toJsonNumber(r.params), trainable_params: toJsonNumber(r.trainableParams),
    macs: r.cost ? toJsonNumber(r.cost.macs) : null, flops: r.cost ? toJsonNumber(exactTotal(r.cost.exact)) : null,
    status: r.outcome?.status ?? 'unknown',
    output_bytes: rm ? bytesJson(rm.output) : null, saved_bytes: rm ? bytesJson(rm.saved) : null,
    receptive_field: fieldJson(field),
    // for a model whose input was solved: the output and MACs as expressions of the free sizes
    symbolic_output_shape: shapeJson(r.symbolicOutput), symbolic_macs: r.symbolicMacs ? format(r.symbolicMacs) : null,
  };
}

const SOURCE_DETAIL: Record<ModelAnalysis['inputSource'], string | null> = {
  comment: 'from the # input: comment', tensor: 'from a tensor passed to the model in the file', setting: 'from the setting shapelens.defaultInputShape',
  cli: 'from --input', inferred: null, symbolic: 'the sizes stay expressions of the free sizes', none: null,
};

export function modelJson(m: ModelAnalysis, plan?: MemoryPlan) {
  const totals = modelTotals(m, 'macs');
  const mem = plan?.memory ?? modelMemory(m, DEFAULT_MEMORY);
  const costKnown = totals.cost.certainty !== 'unknown';
  return {
    name: m.name, line: m.range.start.line + 1, root: m.root,
    input_shape: shapeJson(m.inputShape), input_source: m.inputSource, output_shape: shapeJson(m.outputShape), returns_none: m.returnsNone === true,
    // how the input was chosen, in words; with free sizes: the input and output as expressions, and what the model allows
    input_source_detail: m.inputSourceDetail ?? SOURCE_DETAIL[m.inputSource],
    symbolic_input_shape: shapeJson(m.symbolicInput), symbolic_output_shape: shapeJson(m.symbolicOutput),
    input_constraints: m.inputConstraints ?? null,
    inputs: m.namedInputs?.map((n) => ({ name: n.name, shape: [...n.shape], dtype: n.dtype ?? null })) ?? null,
    // MACs as a formula of the free sizes of symbolic_input_shape (null: not one polynomial, or no free sizes)
    symbolic_macs: m.symbolicMacs ? format(m.symbolicMacs) : null,
    layers: m.layers.map((r, i) => layerJson(r, i, mem, m.fields?.[i])),
    total_params: toJsonNumber(m.totalParams), trainable_params: toJsonNumber(m.trainableParams),
    non_trainable_params: toJsonNumber(m.totalParams - m.trainableParams),
    // null when no executed layer has a known cost (never 0 for unknown); a lower bound when cost_complete is false
    total_macs: costKnown ? toJsonNumber(m.totalCost.macs) : null, total_flops: costKnown ? toJsonNumber(exactTotal(m.totalCost.exact)) : null,
    param_bytes: toJsonNumber(m.totalParams * 4n),
    // false: the totals are a lower bound (code that could not be followed; the diagnostics say where)
    totals_complete: totals.params.certainty === 'exact' && totals.cost.certainty === 'exact' && !m.incomplete,
    params_complete: totals.params.certainty === 'exact',
    cost_complete: totals.cost.certainty === 'exact',
    incomplete_reason: totals.caveat ?? null,
    diagnostics: m.diagnostics.map(diagnosticJson),
    memory: memoryJson(mem, plan),
    by_operator: summaryData(m, 'macs').byOperator.map((o) => ({
      operator: o.operator, calls: o.calls, params: o.paramsValue, macs: o.costValue,
    })),
  };
}

/**
 * The model classes of the file whose constructors need arguments and that no model of the file builds: no place of
 * any of its models (modelPlaces) is inside the class's lines — what the editor's coverage asks of every model of the
 * project.
 */
export function unbuiltClasses(analysis: FileAnalysis): ClassNeeds[] {
  const inside = (c: ClassNeeds) => (r: Range) => r.file === undefined && r.start.line >= c.range.start.line && r.start.line <= c.range.end.line;
  return (analysis.needsArguments ?? []).filter((c) => !analysis.models.some((m) => modelPlaces(m).some(inside(c))));
}

export function summaryJson(file: string, analysis: FileAnalysis, models: readonly ModelAnalysis[], plans?: ReadonlyMap<ModelAnalysis, MemoryPlan>) {
  return { file, language: analysis.language, models: models.map((m) => modelJson(m, plans?.get(m))), diagnostics: analysis.diagnostics.map(diagnosticJson),
    // the model classes the file does not build whose constructors need arguments, with what they need
    unbuilt: unbuiltClasses(analysis).map((c) => ({ name: c.name, line: c.range.start.line + 1, needs: c.needs })) };
}
