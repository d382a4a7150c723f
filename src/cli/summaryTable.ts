// `shapelens summary`'s text output: the file's diagnostics, then a torchinfo-like table per model (rendered by
// src/present/summary.ts, the same data the summary panel and its copies show).
import type { FileAnalysis, ModelAnalysis } from '../analysis';
import type { MemoryPlan } from '../analysis/memoryPlan';
import { diagnosticLine, summaryTable, type TableStyle } from '../present/summary';
import { unbuiltClasses } from './summaryJson';

const paint = (on: boolean, code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

export function summaryText(file: string, analysis: FileAnalysis, models: readonly ModelAnalysis[], style: TableStyle,
  plans?: ReadonlyMap<ModelAnalysis, MemoryPlan>): string {
  const red = paint(style.color, '31');
  const yellow = paint(style.color, '33');
  const dim = paint(style.color, '2');
  const parts: string[] = [];
  for (const d of analysis.diagnostics) parts.push(`${file}:${diagnosticLine(d, red, yellow, dim)}`);
  // a model class whose constructor needs arguments is analysed where it is built: said, rather than "no model"
  const unbuilt = unbuiltClasses(analysis);
  for (const c of unbuilt) {
    parts.push(`${file}:${c.range.start.line + 1}: ${c.name} is not built in this file, so ShapeLens has no numbers for it here: it needs ` +
      `${c.needs.length ? c.needs.join(', ') : 'its arguments'}. Build it in the file (\`model = ${c.name}(…)\`, or under ` +
      "`if __name__ == '__main__':`), or analyse the file that builds it.");
  }
  if (models.length === 0 && unbuilt.length === 0) parts.push(`${file}: no PyTorch model found (an nn.Module class, an nn.Sequential, or a function returning one)`);
  for (const m of models) parts.push(summaryTable(m, style, { plan: plans?.get(m) }));
  return parts.join('\n\n') + '\n';
}
