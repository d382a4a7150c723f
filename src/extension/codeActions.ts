// Quick fixes: the analysis proposes the number that fits (in_features, in_channels, num_features, stride) as text
// edits on its diagnostic; this provider only offers them on the matching diagnostic.
import * as vscode from 'vscode';
import type { ShapeDiagnostics } from './diagnostics';
import { toRange } from './diagnostics';
import type { DocumentSync } from './documentSync';

export class ShapeQuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: ShapeDiagnostics, private readonly sync: DocumentSync) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === 'ShapeLens');
    const slice = ours.length ? this.sync.slice(document) : undefined;
    if (!slice) return [];
    const actions: vscode.CodeAction[] = [];
    for (const d of this.diagnostics.itemsFor(slice.doc)) {
      if (!d.fix) continue;
      const at = toRange(d.range, slice.offset, slice.lineCount);
      const matching = ours.find((o) => at && o.range.isEqual(at) && o.code === d.code);
      if (!matching || !at?.intersection(range)) continue;
      const edit = new vscode.WorkspaceEdit();
      for (const e of d.fix.edits) {
        const r = toRange(e.range, slice.offset, slice.lineCount);
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
