// Shape errors as squiggles, with the analysis' stable codes. Refreshed when results change (debounced upstream).
import * as vscode from 'vscode';
import type { AnalysisDiagnostic } from '../analysis/model';
import type { AnalysisService, AnalysisView } from './analysisService';
import { toVsRange } from './locate';

const SEVERITY: Record<AnalysisDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** All diagnostics of a view, file-level and per model, once each (a block class analysed inside two models). */
export function allDiagnostics(view: AnalysisView): AnalysisDiagnostic[] {
  const seen = new Set<string>();
  const out: AnalysisDiagnostic[] = [];
  for (const d of [...view.analysis.diagnostics, ...view.analysis.models.flatMap((m) => m.diagnostics)]) {
    const k = `${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}

export class ShapeDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('shapelens');
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly service: AnalysisService) {
    this.subscriptions.push(
      service.onDidChange((uri) => (uri ? this.refreshUri(uri) : this.refreshAll())),
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    );
    this.refreshAll();
  }

  private refreshAll(): void {
    vscode.workspace.textDocuments.forEach((d) => this.refresh(d));
  }

  private refreshUri(uri: vscode.Uri): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc) this.refresh(doc);
    // A change in one notebook cell can move results in the others.
    if (uri.scheme === 'vscode-notebook-cell') {
      vscode.workspace.textDocuments.filter((d) => d.uri.scheme === uri.scheme && d.uri.path === uri.path).forEach((d) => this.refresh(d));
    }
  }

  refresh(document: vscode.TextDocument): void {
    const view = this.service.config.diagnostics ? this.service.view(document) : undefined;
    if (!view) {
      this.collection.delete(document.uri);
      return;
    }
    const diagnostics: vscode.Diagnostic[] = [];
    for (const d of allDiagnostics(view)) {
      const range = toVsRange(d.range, view);
      if (!range) continue;
      const diagnostic = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
      diagnostic.source = 'ShapeLens';
      diagnostic.code = d.code;
      diagnostics.push(diagnostic);
    }
    this.collection.set(document.uri, diagnostics);
  }

  dispose(): void {
    this.collection.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
