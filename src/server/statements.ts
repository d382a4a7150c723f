// The text about one forward statement: its shape, the layers it ran, and every run of it in the model (a block's
// forward runs once per instance of the block).
import type { ShapeAnnotation } from '../analysis/model';
import { formatShape } from '../engine';

export function statementTooltip(a: ShapeAnnotation | undefined, model: string): string {
  if (!a) return '';
  const runs = a.runs ?? [];
  const head = `\`${a.variable}\`: **${formatShape(a.shape)}**${a.records.length ? ` — ${ran(a.records.map((r) => r.name))}` : ''}`;
  if (runs.length < 2) return `${head}\n\n_In ${model}._`;
  const rows = runs.map((r) => `| \`${r.scope || model}\` | ${formatShape(r.shape)} |`);
  const more = a.moreRuns ? [`| … ${a.moreRuns} more | |`] : [];
  return [head, '', `This statement runs ${runs.length + (a.moreRuns ?? 0)} times in ${model} (the hint shows the first):`, '',
    '| run in | shape |', '|---|---|', ...rows, ...more].join('\n');
}


/** The layers a statement ran, in order; a long list (a whole block) keeps its ends. */
function ran(names: readonly string[]): string {
  if (names.length <= 6) return names.join(' → ');
  return `${names.slice(0, 3).join(' → ')} → … ${names.length - 5} more → ${names.slice(-2).join(' → ')}`;
}
