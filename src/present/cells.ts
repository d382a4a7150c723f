// The one rule for a number that may be unknown or only a lower bound, used by every surface (CLI table, summary
// panel, Markdown and CSV copies, status bar, hover): an unknown value is never shown as a number, a lower bound
// always carries "≥", and a lower bound of 0 says nothing, so it is shown as unknown.
// the engine's formatting by file, not through its index: the extension host loads this without the registry
import { conventionLabel, inConvention, type Convention } from '../engine/cost';
import { abbreviate, formatBytes, withSeparators } from '../engine/count';
import { formatShape } from '../engine/shape';
import type { ModelAnalysis } from '../analysis/model';

export type Certainty = 'exact' | 'lower-bound' | 'unknown';

export interface Cell {
  /** What a reader sees: "1,446,030", "≥ 1,856", "?". */
  readonly text: string;
  /** The number, when there is one (a lower bound's known part); absent when unknown. */
  readonly value?: bigint;
  readonly certainty: Certainty;
}

/** Written where a value is not known. */
export const UNKNOWN = '?';

/** A model's output as said to the user: its shape, `None` when forward() returns nothing, else `unknown`. */
export function outputText(m: ModelAnalysis, unknownText = 'unknown'): string {
  return m.outputShape ? formatShape(m.outputShape) : m.returnsNone ? 'None' : unknownText;
}

/** A model's input as said to the user: `(1, 3, 224, 224)`, or each by name when forward() is given several. */
export function inputText(m: ModelAnalysis): string | undefined {
  if (!m.inputShape) return undefined;
  const named = m.namedInputs;
  return named && named.length > 1 ? named.map((n) => `${n.name}=${formatShape([...n.shape])}`).join(', ') : formatShape(m.inputShape);
}

export function cell(value: bigint | undefined, certainty: Certainty, format: (n: bigint) => string = withSeparators): Cell {
  if (value === undefined || certainty === 'unknown' || (certainty === 'lower-bound' && value === 0n)) {
    return { text: UNKNOWN, certainty: 'unknown' };
  }
  return { text: certainty === 'lower-bound' ? `≥ ${format(value)}` : format(value), value, certainty };
}

/** What the totals of a model are worth, and why. */
export interface ModelTotals {
  readonly params: Cell;
  readonly trainable: Cell;
  readonly nonTrainable: Cell;
  readonly cost: Cell;
  readonly costLabel: string;
  /** float32 parameter bytes. */
  readonly paramBytes: Cell;
  /** One sentence for a reader when a total is not exact, else undefined. */
  readonly caveat?: string;
}

/**
 * The totals of a model in one convention. Parameters are a lower bound when building the model skipped code or
 * met a layer without a rule; the cost is a lower bound when any of that, or when part of forward() could not be
 * followed or a layer's cost is not known; it is unknown when no executed layer has a known cost.
 */
export function modelTotals(m: ModelAnalysis, convention: Convention): ModelTotals {
  const paramsCertainty: Certainty = m.paramsIncomplete ? 'lower-bound' : 'exact';
  const withCost = m.layers.filter((r) => r.cost !== undefined);
  const costMissing = !!m.incomplete || (m.outputShape === undefined && !m.returnsNone) || withCost.length < m.layers.length;
  const costCertainty: Certainty = withCost.length === 0 && (costMissing || m.layers.length === 0) ? 'unknown'
    : costMissing ? 'lower-bound' : 'exact';
  const frozen = m.totalParams - m.trainableParams;
  return {
    params: cell(m.totalParams, paramsCertainty),
    trainable: cell(m.trainableParams, paramsCertainty),
    nonTrainable: cell(frozen, paramsCertainty === 'exact' ? 'exact' : frozen === 0n ? 'unknown' : 'lower-bound'),
    cost: cell(inConvention(m.totalCost, convention), costCertainty),
    costLabel: conventionLabel(convention),
    paramBytes: cell(m.totalParams * 4n, paramsCertainty, formatBytes),
    caveat: caveat(m, paramsCertainty, costCertainty),
  };
}

function caveat(m: ModelAnalysis, params: Certainty, cost: Certainty): string | undefined {
  if (params === 'exact' && cost === 'exact') return undefined;
  if (m.buildFailure) return `${m.buildFailure}.`;
  const reasons = m.diagnostics.filter((d) => d.severity !== 'error' && INCOMPLETE_CODES.has(d.code));
  const where = reasons.length ? ` (${reasons.length === 1 ? 'line' : 'lines'} ${[...new Set(reasons.map((d) => d.range.start.line + 1))].slice(0, 5).join(', ')})` : '';
  if (params !== 'exact') return `Part of the model could not be followed${where}: the totals are lower bounds.`;
  if (!m.inputShape || m.inputSource === 'symbolic') return 'The input size is not known: the cost needs it (ShapeLens: Set Input Shape).';
  return `Part of forward() could not be followed${where}: the cost is a lower bound.`;
}

/** Diagnostic codes that say where the analysis stopped following the code. */
export const INCOMPLETE_CODES = new Set(['not-followed', 'endless-loop', 'too-complex', 'unknown-layer', 'unknown-op', 'unknown-call',
  'unresolved-import', 'unknown-value']);

/** Short forms for tight places (status bar, hints): "≥ 62K", "?". */
export const shortText = (c: Cell): string => (c.value === undefined ? UNKNOWN : c.certainty === 'lower-bound' ? `≥ ${abbreviate(c.value)}` : abbreviate(c.value));
