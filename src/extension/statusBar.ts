// Status bar: total params and cost of the model at the cursor; a click opens the summary.
import * as vscode from 'vscode';
import { abbreviate, conventionLabel, inConvention } from '../engine';
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
    const convention = this.service.config.convention;
    const cost = inConvention(model.totalCost, convention);
    const errors = model.diagnostics.filter((d) => d.severity === 'error').length;
    // Totals that skipped code ShapeLens could not follow are lower bounds: say so with ≥.
    const atLeast = model.incomplete ? '≥ ' : '';
    this.item.text = `${errors ? '$(error)' : '$(symbol-numeric)'} ${model.name}: ${atLeast}${abbreviate(model.totalParams)} params · ${atLeast}${abbreviate(cost)} ${convention === 'macs' ? 'MACs' : 'FLOPs'}`;
    this.item.tooltip = `${model.name}: ${model.totalParams.toLocaleString('en-US')} parameters, ${cost.toLocaleString('en-US')} ${conventionLabel(convention)}` +
      `${errors ? ` — ${errors} shape error${errors > 1 ? 's' : ''}` : ''}${model.incomplete ? ' — totals are incomplete (some code could not be followed)' : ''}. Click for the summary.`;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
