// What the status bar and the model quick pick say about a model: its totals in short, said as exactly as they are
// known (a lower bound carries ≥, an unknown is a word and the reason), and where the analysis stopped, as links.
import { conventionLabel, formatShape, type Convention } from '../engine';
import type { AnalysisDiagnostic, ModelAnalysis } from '../analysis/model';
import { INCOMPLETE_CODES, modelTotals, shortText } from '../present/cells';
import type { ContextChoice, StatusInfo } from './protocol';

const unitOf = (c: Convention) => (c === 'macs' ? 'MACs' : 'FLOPs');

/** Why a cost is not known, in a few words. */
function costNote(m: ModelAnalysis): string {
  if (!m.inputShape || m.inputSource === 'symbolic' || m.inputSource === 'none') return 'input size unknown';
  if (m.outputShape === undefined) return 'forward() not followed to the end';
  return 'a size inside is not known';
}

/**
 * The input ShapeLens chose among the sizes the model allows ("(1, 3, 64, 64)"), when it chose one: every total
 * shown for the model holds for that input only, so the short surfaces name it beside the totals.
 */
export function chosenInput(m: ModelAnalysis): string | undefined {
  if (m.inputSource !== 'inferred' || !m.inputShape || !m.inputShape.every((d) => typeof d === 'number')) return undefined;
  return formatShape(m.inputShape);
}

/** The diagnostics that say where the analysis stopped following the model (in the shown file). */
export function stops(m: ModelAnalysis): AnalysisDiagnostic[] {
  return m.diagnostics.filter((d) => d.severity !== 'error' && INCOMPLETE_CODES.has(d.code) && d.range.file === undefined);
}

export interface StatusContext {
  readonly model: ModelAnalysis;
  readonly kind: string;
  readonly choices: number;
  /** Where the model comes from when it is another file's ("train.py"). */
  readonly from?: string;
  /** Lines of the shown document start at this line of the analysed text (notebook cells). */
  readonly offset: number;
}

export function statusInfo(c: StatusContext, convention: Convention): StatusInfo {
  const m = c.model;
  const t = modelTotals(m, convention);
  const unit = unitOf(convention);
  const params = t.params.certainty === 'unknown' ? 'params unknown' : `${shortText(t.params)} params`;
  const cost = t.cost.certainty === 'unknown' ? `${unit} unknown` : `${shortText(t.cost)} ${unit}`;
  const errors = m.diagnostics.filter((d) => d.severity === 'error').length;
  const name = c.from ? `${m.name} (${c.from})` : m.name;
  const lines = [`**${name}** — ${c.kind}${c.choices > 1 ? ` (one of ${c.choices} models that use this code: click the name to switch)` : ''}`, '',
    `Parameters: **${t.params.text}**${t.params.certainty === 'lower-bound' ? ' (at least: part of the model was not followed)' : ''}`,
    `${conventionLabel(convention)}: **${t.cost.text}**${t.cost.certainty === 'unknown' ? ` — ${costNote(m)}` : ''}`,
    `Input: ${m.inputShape ? formatShape(m.inputShape) : 'unknown'}${m.inputSource === 'symbolic' ? ' (sizes not known: ShapeLens: Set Input Shape…)' : ''}` +
    // an input ShapeLens chose among the sizes the model allows is said to be one, and why
    `${m.inputSource === 'inferred' && m.inputSourceDetail ? ` — chosen by ShapeLens: ${m.inputSourceDetail} (ShapeLens: Set Input Shape… sets another)` : ''}`];
  const where = c.from ? [] : stops(m);
  if (where.length) {
    lines.push('', 'Not followed:');
    for (const d of where.slice(0, 5)) {
      const line = d.range.start.line - c.offset;
      const link = `command:shapelens.revealLine?${encodeURIComponent(JSON.stringify([{ line }]))}`;
      lines.push(`- [line ${line + 1}](${link}): ${d.message}`);
    }
  }
  if (errors) lines.push('', `${errors} shape error${errors > 1 ? 's' : ''}: see the Problems panel.`);
  return { model: name, kind: c.kind, choices: c.choices, params, cost, costNote: t.cost.certainty === 'unknown' ? costNote(m) : undefined,
    chosenInput: chosenInput(m), errors, tooltip: lines.join('\n') };
}

export function contextChoice(m: ModelAnalysis, kind: string, current: boolean, from?: string): ContextChoice {
  const t = modelTotals(m, 'macs');
  const input = m.inputShape && m.inputSource !== 'symbolic' ? ` · input ${formatShape(m.inputShape)}` : '';
  return { name: m.name, kind: from ? `${kind} in ${from}` : kind, current, detail: `${t.params.text} params${input}` };
}
