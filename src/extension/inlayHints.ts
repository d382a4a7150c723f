// Inlay hints: asked of the analysis server for the lines VS Code shows, one per line at most
// (`→ (64, 112, 112) · 9.5K params · 118M MACs · 8 uses`); the tooltip (the working) is asked for when the user
// points at a hint. Only the visible range is asked for, and a stale request is cancelled by VS Code.
import * as vscode from 'vscode';
import type { AnalysisClient } from './analysisClient';
import { count, hintsAsked, hintsCancelled, hintsDelivered, timed } from './busy';
import type { DocumentSync } from './documentSync';
import type { ShapeLensConfig } from './config';

class ShapeHint extends vscode.InlayHint {
  constructor(position: vscode.Position, label: string, readonly doc: string, readonly offset: number, readonly key?: string) {
    super(position, label, vscode.InlayHintKind.Type);
  }
}

export class ShapeInlayHintsProvider implements vscode.InlayHintsProvider<ShapeHint>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** The hints last delivered per document (line → label), to count those a request delivered again unchanged. */
  private readonly last = new Map<string, Map<number, string>>();

  constructor(private readonly client: AnalysisClient, private readonly sync: DocumentSync, private readonly config: () => ShapeLensConfig) {
    this.subscription = sync.onShownChange('hints', () => this.fire());
  }

  refresh(): void {
    this.fire();
  }

  private fire(): void {
    count('hints.changeEvents');
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<ShapeHint[]> | ShapeHint[] {
    return timed('provideInlayHints', () => {
      if (!this.config().hints.enabled) return [];
      const slice = this.sync.slice(document);
      if (!slice) return [];
      const version = document.version;
      const uri = document.uri.toString();
      hintsAsked(uri, version);
      count('hints.requests');
      count('hints.linesAsked', range.end.line - range.start.line + 1);
      token.onCancellationRequested(() => hintsCancelled(uri, version));
      return this.client.request('hints', { ...slice, startLine: range.start.line, endLine: range.end.line }, token).then((hints) => timed('hints', () => {
        if (!hints) return [];
        if (!token.isCancellationRequested) {
          hintsDelivered(uri, version);
          this.countChanges(uri, hints);
        }
        return hints.map((h) => {
          const hint = new ShapeHint(new vscode.Position(h.position.line, h.position.character), h.label, slice.doc, slice.offset, h.key);
          hint.paddingLeft = true;
          if (h.tooltip) hint.tooltip = h.tooltip;
          return hint;
        });
      }));
    });
  }

  private countChanges(uri: string, hints: readonly { position: { line: number; character: number }; label: string }[]): void {
    const before = this.last.get(uri);
    const now = new Map(hints.map((h) => [h.position.line, `${h.position.character}:${h.label}`]));
    count('hints.delivered', hints.length);
    count('hints.deliveredChanged', hints.filter((h) => before?.get(h.position.line) !== now.get(h.position.line)).length);
    this.last.set(uri, now);
  }

  async resolveInlayHint(hint: ShapeHint, token: vscode.CancellationToken): Promise<ShapeHint> {
    if (!hint.key || hint.tooltip) return hint;
    count('hints.resolves');
    const text = await this.client.request('hintTooltip', { doc: hint.doc, offset: hint.offset, lineCount: 0, key: hint.key }, token);
    if (text) hint.tooltip = new vscode.MarkdownString(text, true);
    return hint;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
