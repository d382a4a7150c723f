// Shape errors and the places the analysis stopped, as diagnostics with the analysis' stable codes. The server pushes
// them for each document once its models are analysed (for each place, from its model context); a notebook's are
// split over its cells.
import * as vscode from 'vscode';
import type { WireDiagnostic } from '../server/protocol';
import type { AnalysisClient } from './analysisClient';
import { count, timed } from './busy';
import type { DocumentSync } from './documentSync';

const SEVERITY: Record<WireDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class ShapeDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('shapelens');
  /** The last items per server document, for the quick fixes. */
  private readonly items = new Map<string, readonly WireDiagnostic[]>();
  /** What each editor document was last given (its diagnostics as text). */
  private readonly given = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(client: AnalysisClient, private readonly sync: DocumentSync, private readonly enabled: () => boolean) {
    this.subscriptions.push(
      client.onDiagnostics(({ doc, items }) => timed('diagnostics', () => this.set(doc, items))),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
    );
  }

  /** Settings changed: diagnostics off clears them (the server sends them again when they come back on). */
  reconfigure(): void {
    if (!this.enabled()) {
      this.collection.clear();
      this.given.clear();
    } else for (const [doc, items] of this.items) this.set(doc, items);
  }

  private set(doc: string, items: readonly WireDiagnostic[]): void {
    this.items.set(doc, items);
    for (const document of this.sync.documentsOf(doc)) {
      const slice = this.sync.slice(document);
      if (!slice || !this.enabled()) {
        this.forget(document.uri);
        continue;
      }
      const out: vscode.Diagnostic[] = [];
      for (const d of items) {
        const range = toRange(d.range, slice.offset, slice.lineCount);
        if (!range) continue;
        const diagnostic = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
        diagnostic.source = 'ShapeLens';
        diagnostic.code = d.code;
        out.push(diagnostic);
      }
      // the same diagnostics again (a notebook's other cells, when one cell's changed) would redraw the Problems
      // panel and the squiggles for nothing
      const key = JSON.stringify(out);
      if (this.given.get(document.uri.toString()) === key) continue;
      count('diagnostics.sets');
      this.given.set(document.uri.toString(), key);
      this.collection.set(document.uri, out);
    }
  }

  private forget(uri: vscode.Uri): void {
    this.collection.delete(uri);
    this.given.delete(uri.toString());
  }

  /** The server's diagnostics of a document slice, with their fixes, in the slice's lines. */
  itemsFor(doc: string): readonly WireDiagnostic[] {
    return this.items.get(doc) ?? [];
  }

  dispose(): void {
    this.collection.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}

/** A range of the analysed text in an editor document's lines (undefined when outside them). */
export function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }, offset: number,
  lineCount: number): vscode.Range | undefined {
  const start = r.start.line - offset;
  const end = r.end.line - offset;
  if (end < 0 || start >= lineCount) return undefined;
  return new vscode.Range(Math.max(0, start), start < 0 ? 0 : r.start.character, Math.min(end, lineCount - 1), r.end.character);
}
