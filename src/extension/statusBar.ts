// Status bar: total params and cost of the model at the cursor; a click opens the summary.
import * as vscode from 'vscode';
import { modelTotals, shortText } from '../present/cells';
import { lensTitle } from './codeLens';
import type { AnalysisService } from './analysisService';
import { modelAt } from './locate';

export class ModelStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('shapelens.model', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly service: AnalysisService) {
    this.item.name = 'ShapeLens model';
    this.item.command = 'shapelens.computeParameters';
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.window.onDidChangeTextEditorSelection((e) => e.textEditor === vscode.window.activeTextEditor && this.update()),
      service.onDidChange(() => this.update()),
    );
    this.update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const view = editor && this.service.config.statusBar ? this.service.view(editor.document) : undefined;
    const model = view && editor ? modelAt(view, editor.selection.active) : undefined;
    void vscode.commands.executeCommand('setContext', 'shapelens.hasModel', !!model);
    if (!model) {
      this.item.hide();
      return;
    }
    const totals = modelTotals(model, this.service.config.convention);
    const unit = this.service.config.convention === 'macs' ? 'MACs' : 'FLOPs';
    const errors = model.diagnostics.filter((d) => d.severity === 'error').length;
    // Unknown is said, never a number; a lower bound carries ≥ (cells.ts).
    const cost = totals.cost.certainty === 'unknown' ? `${unit} unknown` : `${shortText(totals.cost)} ${unit}`;
    const params = totals.params.certainty === 'unknown' ? 'params unknown' : `${shortText(totals.params)} params`;
    const memory = this.service.config.memory.statusBar && model.inputShape ? ` · ${lensTitle(model, this.service.config).split(' · ')[2] ?? ''}` : '';
    this.item.text = `${errors ? '$(error)' : '$(symbol-numeric)'} ${model.name}: ${params} · ${cost}${memory.length > 3 ? memory : ''}`;
    this.item.tooltip = `${model.name}: ${totals.params.text} parameters, ${totals.cost.text} ${totals.costLabel}` +
      `${errors ? ` — ${errors} shape error${errors > 1 ? 's' : ''}` : ''}.${totals.caveat ? ` ${totals.caveat}` : ''} Click for the summary.`;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
