// The one-click choices "Set Input Shape" offers: the input ShapeLens chose for the model (and why), then the
// conventional sizes the model allows. Pure (no vscode): the command shows them, a test checks them.
import { allKnown, formatShape } from '../engine';
import type { ModelAnalysis } from '../analysis/model';

export interface InputChoice {
  readonly label: string;
  readonly description: string;
  readonly shape: readonly number[];
}

export function inputChoices(m: ModelAnalysis | undefined): InputChoice[] {
  if (!m) return [];
  const out: InputChoice[] = [];
  const chosen = m.inputShape && allKnown(m.inputShape) && m.inputSource !== 'comment' && m.inputSource !== 'cli' ? m.inputShape : undefined;
  if (chosen) out.push({ label: formatShape(chosen), description: m.inputSourceDetail ?? `the input now used (${m.inputSource})`, shape: chosen });
  for (const s of m.conventionalInputs ?? []) {
    if (!allKnown(s) || out.some((c) => c.shape.join() === s.join())) continue;
    out.push({ label: formatShape(s), description: 'a conventional size the model allows', shape: s });
  }
  return out;
}
