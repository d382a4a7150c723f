// Quick fixes: the analysis proposes the number that fits (in_features, in_channels, num_features, stride) as text
// edits; this provider only offers them on the matching diagnostic.
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { allDiagnostics } from './diagnostics';
import { toVsRange } from './locate';

export class ShapeQuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly service: AnalysisService) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === 'ShapeLens');
    if (ours.length === 0) return [];
    const view = this.service.view(document);
    if (!view) return [];
    const actions: vscode.CodeAction[] = [];
    for (const d of allDiagnostics(view)) {
      if (!d.fix) continue;
      const at = toVsRange(d.range, view);
      const matching = ours.find((o) => at && o.range.isEqual(at) && o.code === d.code);
      if (!matching || !at?.intersection(range)) continue;
      const edit = new vscode.WorkspaceEdit();
      for (const e of d.fix.edits) {
        const r = toVsRange(e.range, view);
        if (r) edit.replace(document.uri, r, e.newText);
      }
      const action = new vscode.CodeAction(d.fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = edit;
      action.diagnostics = [matching];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}
