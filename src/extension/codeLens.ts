// A CodeLens above each model (its class, factory or variable): "11.7M params · 1.8G MACs · 188 MB train @ batch 1".
// Clicking it opens the summary for that model. The memory is the analysed batch's (no re-analysis per lens).
import * as vscode from 'vscode';
import { formatBytes, withSeparators } from '../engine';
import { modelMemory } from '../analysis/memory';
import type { ModelAnalysis } from '../analysis/model';
import { modelTotals, shortText } from '../present/cells';
import type { AnalysisService } from './analysisService';
import type { ShapeLensConfig } from './config';
import { memoryOptions } from './modelMemory';

/** The lens's words for a model; the memory only when the input is known (a number, not a lower bound of nothing). */
export function lensTitle(m: ModelAnalysis, config: ShapeLensConfig): string {
  const t = modelTotals(m, config.convention);
  const parts = [`${shortText(t.params)} params`, `${shortText(t.cost)} ${t.costLabel}`];
  const batch = m.inputShape?.[0];
  if (m.inputShape && typeof batch === 'number') {
    const mem = modelMemory(m, memoryOptions(config));
    parts.push(`${mem.savedComplete ? '' : '≥ '}${formatBytes(mem.training)} train @ batch ${withSeparators(batch)}`);
  }
  return parts.join(' · ');
}

export class ModelCodeLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly service: AnalysisService) {
    this.onDidChangeCodeLenses = (listener, thisArg, disposables) => service.onDidChange(() => listener.call(thisArg), undefined, disposables);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.service.config.codeLens) return [];
    const view = this.service.view(document);
    if (!view) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const m of view.analysis.models) {
      const line = m.range.start.line - view.lineOffset;
      if (line < 0 || line >= view.lineCount) continue;
      const range = new vscode.Range(line, 0, line, 0);
      lenses.push(new vscode.CodeLens(range, {
        title: lensTitle(m, this.service.config), command: 'shapelens.computeParameters', arguments: [{ model: m.name }],
        tooltip: `Open the summary of ${m.name}`,
      }));
    }
    return lenses;
  }
}

