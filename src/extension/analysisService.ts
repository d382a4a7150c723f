// The one place the editor asks for analysis results. Keeps a DocumentAnalyzer per open document (incremental
// re-parse on each edit), analyses notebooks as the concatenation of their Python cells, and tells the
// providers when results changed (debounced, so typing does not flood the editor).
import * as vscode from 'vscode';
import { DocumentAnalyzer, analyzeText } from '../analysis';
import type { AnalysisOptions, FileAnalysis, SourceLanguage } from '../analysis/model';
import { readConfig, type ShapeLensConfig } from './config';
import { hideMagics, joinCells } from '../analysis/notebook';

/** Results for one editor document: the file analysis and where this document's lines sit in it. */
export interface AnalysisView {
  readonly analysis: FileAnalysis;
  /** First line of this document in the analysed text (notebook cells: the cell's offset; else 0). */
  readonly lineOffset: number;
  readonly lineCount: number;
}

const NOTEBOOK_CELL = 'vscode-notebook-cell';
const DEBOUNCE_MS = 60;

export function languageOf(document: vscode.TextDocument, config: ShapeLensConfig): SourceLanguage | undefined {
  const inNotebook = document.uri.scheme === NOTEBOOK_CELL;
  if (document.languageId === 'python') {
    if (inNotebook ? !config.languages.notebooks : !config.languages.python) return undefined;
    return 'python';
  }
  if (!config.languages.typescript) return undefined;
  if (document.languageId === 'typescript') return 'typescript';
  if (document.languageId === 'typescriptreact') return 'tsx';
  return undefined;
}

export class AnalysisService implements vscode.Disposable {
  private readonly analyzers = new Map<string, { analyzer: DocumentAnalyzer; version: number; result: FileAnalysis }>();
  private readonly notebooks = new Map<string, { key: string; analysis: FileAnalysis }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private ready = false;
  config: ShapeLensConfig = readConfig();

  /** Fires (debounced) when a document's results may have changed; undefined = all documents (settings). */
  readonly onDidChange = this.changed.event;

  constructor(parsersReady: Promise<unknown>) {
    // A failed load is reported once by activate(); here it only means: stay quiet.
    parsersReady.then(() => {
      this.ready = true;
      this.changed.fire(undefined);
    }, () => undefined);
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
    );
  }

  private options(): AnalysisOptions {
    return { strict: this.config.strict, defaultInputShape: this.config.defaultInputShape };
  }

  /** Settings changed: new options for every analyzer, then everything refreshes. */
  reconfigure(): void {
    this.config = readConfig();
    for (const entry of this.analyzers.values()) {
      entry.analyzer.setOptions(this.options());
      entry.version = -1;
    }
    this.notebooks.clear();
    this.changed.fire(undefined);
  }

  /** The current results for a document, computed now if stale; undefined when ShapeLens is off for it. */
  view(document: vscode.TextDocument): AnalysisView | undefined {
    if (!this.ready) return undefined;
    const language = languageOf(document, this.config);
    if (!language) return undefined;
    if (document.uri.scheme === NOTEBOOK_CELL && language === 'python') return this.notebookView(document);
    const key = document.uri.toString();
    let entry = this.analyzers.get(key);
    if (!entry) {
      entry = { analyzer: new DocumentAnalyzer(language, this.options()), version: -1, result: undefined as unknown as FileAnalysis };
      this.analyzers.set(key, entry);
    }
    if (entry.version !== document.version) {
      entry.result = entry.analyzer.update(document.getText());
      entry.version = document.version;
    }
    return { analysis: entry.result, lineOffset: 0, lineCount: document.lineCount };
  }

  private notebookView(cell: vscode.TextDocument): AnalysisView | undefined {
    const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === cell));
    if (!notebook) return { analysis: analyzeText(hideMagics(cell.getText()), 'python', this.options()), lineOffset: 0, lineCount: cell.lineCount };
    const cells = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
    const key = cells.map((c) => `${c.document.uri.toString()}@${c.document.version}`).join('|');
    let cached = this.notebooks.get(notebook.uri.toString());
    if (!cached || cached.key !== key) {
      const { text } = joinCells(cells.map((c) => c.document.getText()));
      cached = { key, analysis: analyzeText(text, 'python', this.options()) };
      this.notebooks.set(notebook.uri.toString(), cached);
    }
    let offset = 0;
    for (const c of cells) {
      if (c.document === cell) break;
      offset += c.document.lineCount;
    }
    return { analysis: cached.analysis, lineOffset: offset, lineCount: cell.lineCount };
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    // Output channels, Markdown, JSON…: not ours, and no reason to wake the providers.
    if (e.contentChanges.length === 0 || !languageOf(e.document, this.config)) return;
    const key = e.document.uri.toString();
    const entry = this.analyzers.get(key);
    // One change: an incremental re-parse. Several at once (multi-cursor, format): a fresh parse is as quick.
    if (entry && e.contentChanges.length === 1 && entry.version === e.document.version - 1) {
      const c = e.contentChanges[0];
      const start = c.range.start;
      const newEnd = e.document.positionAt(c.rangeOffset + c.text.length);
      entry.result = entry.analyzer.update(e.document.getText(), {
        startIndex: c.rangeOffset, oldEndIndex: c.rangeOffset + c.rangeLength, newEndIndex: c.rangeOffset + c.text.length,
        startPosition: { row: start.line, column: start.character },
        oldEndPosition: { row: c.range.end.line, column: c.range.end.character },
        newEndPosition: { row: newEnd.line, column: newEnd.character },
      });
      entry.version = e.document.version;
    }
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.changed.fire(e.document.uri);
    }, DEBOUNCE_MS));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.analyzers.get(key)?.analyzer.dispose();
    this.analyzers.delete(key);
  }

  dispose(): void {
    for (const entry of this.analyzers.values()) entry.analyzer.dispose();
    this.analyzers.clear();
    for (const t of this.timers.values()) clearTimeout(t);
    this.changed.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
