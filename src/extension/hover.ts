// Hover on a layer, a block, a call in forward() or a model's first line: the server writes the text (the working
// behind the numbers, for the model context of that place); links may open the gradient checker.
import * as vscode from 'vscode';
import type { AnalysisClient } from './analysisClient';
import { count, timed } from './busy';
import type { DocumentSync } from './documentSync';

export class ShapeHoverProvider implements vscode.HoverProvider {
  constructor(private readonly client: AnalysisClient, private readonly sync: DocumentSync) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> | undefined {
    return timed('provideHover', () => {
      const slice = this.sync.slice(document);
      if (!slice) return undefined;
      count('hover.requests');
      return this.client.request('hover', { ...slice, position: { line: position.line, character: position.character } }, token).then((h) => {
        if (!h) return undefined;
        const markdown = new vscode.MarkdownString(h.markdown, true);
        if (h.trustedCommands) markdown.isTrusted = { enabledCommands: [...h.trustedCommands] };
        const r = h.range;
        return new vscode.Hover(markdown, r ? new vscode.Range(Math.max(0, r.start.line), r.start.character, Math.max(0, r.end.line), r.end.character) : undefined);
      });
    });
  }
}
