// Keeps the analysis server's copy of the editor's documents in step: opened, edited (only the change is sent),
// closed; a notebook as the concatenation of its Python cells; and the project's files, listed and read
// (fileAccess.ts: workspace.fs, or Node's fs for `file:` URIs in the Node host), with changes on disk passed on.
// Also says, for any editor document, which slice of which server document it is (a notebook cell is some lines of
// its notebook's text).
import * as vscode from 'vscode';
import { joinCells } from '../analysis/notebook';
import type { SourceLanguage } from '../analysis/model';
import type { Slice, Surface } from '../server/protocol';
import type { AnalysisClient } from './analysisClient';
import { timed } from './busy';
import type { ShapeLensConfig } from './config';
import { readDirectory, readFile } from './fileAccess';

const NOTEBOOK_CELL = 'vscode-notebook-cell';
/** Folders never searched for project files, and how much of a workspace is listed at most. */
const SKIPPED = new Set(['.git', 'node_modules', '__pycache__', '.ipynb_checkpoints', '.venv', 'venv', 'env', 'dist', 'build', '.tox', 'site-packages']);
const MAX_FILES = 3000;
const MAX_DEPTH = 8;
/** Directories read at once while listing a folder (DocumentSync.list). */
const LISTING_READS = 16;

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

interface NotebookState {
  readonly key: string;
  /** Code cells in order, with the first line of each in the joined text. */
  cells: { document: vscode.TextDocument; start: number }[];
}

export class DocumentSync implements vscode.Disposable {
  private readonly synced = new Map<string, number>(); // server doc → version sent
  private readonly notebooks = new Map<string, NotebookState>();
  private readonly listed = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly client: AnalysisClient, private config: () => ShapeLensConfig,
    private readonly chosen: (doc: string) => string | undefined) {
    client.onReadFiles = (paths) => void this.readFiles(paths);
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.py');
    this.subscriptions.push(
      watcher,
      watcher.onDidChange((uri) => this.diskChanged(uri)),
      watcher.onDidCreate((uri) => this.diskChanged(uri)),
      watcher.onDidDelete((uri) => this.diskChanged(uri, true)),
      vscode.workspace.onDidOpenTextDocument((d) => timed('open', () => this.open(d))),
      vscode.workspace.onDidChangeTextDocument((e) => timed('edit', () => this.edit(e))),
      vscode.workspace.onDidCloseTextDocument((d) => timed('close', () => this.close(d))),
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.notebook(nb)),
      vscode.workspace.onDidChangeNotebookDocument((e) => this.notebook(e.notebook)),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.closeNotebook(nb)),
    );
    this.resync();
  }

  /** After a settings change (a language turned on or off), and at start: every open document. */
  resync(): void {
    for (const d of vscode.workspace.textDocuments) if (d.uri.scheme !== NOTEBOOK_CELL) this.open(d);
    for (const nb of vscode.workspace.notebookDocuments) this.notebook(nb);
  }

  /** Which slice of which server document an editor document is (undefined: ShapeLens is off for it). */
  slice(document: vscode.TextDocument): Slice | undefined {
    if (!languageOf(document, this.config())) return undefined;
    if (document.uri.scheme === NOTEBOOK_CELL) {
      for (const nb of this.notebooks.values()) {
        const cell = nb.cells.find((c) => c.document === document);
        if (cell) return { doc: nb.key, offset: cell.start, lineCount: document.lineCount };
      }
      return undefined;
    }
    const doc = document.uri.toString();
    return this.synced.has(doc) ? { doc, offset: 0, lineCount: document.lineCount } : undefined;
  }

  /** The editor documents a server document stands for (a notebook: its code cells). */
  documentsOf(doc: string): vscode.TextDocument[] {
    const nb = this.notebooks.get(doc);
    if (nb) return nb.cells.map((c) => c.document);
    return vscode.workspace.textDocuments.filter((d) => d.uri.toString() === doc);
  }

  /**
   * Calls `listener` when the server's results on `surface` changed for a document shown in a visible editor. A
   * change elsewhere (a file this one does not show, a project file, another surface) must not make VS Code ask
   * again: each request redraws what it answers, and a new hints request cancels the one the user waits for after
   * an edit.
   */
  onShownChange(surface: Surface, listener: () => void): vscode.Disposable {
    return this.client.onDidChange(({ docs, what }) => {
      if ((!what || what.includes(surface)) && this.shown(docs)) listener();
    });
  }

  /** Whether any of these server documents is shown in a visible editor. */
  private shown(docs: readonly string[]): boolean {
    const visible = new Set(vscode.window.visibleTextEditors.map((e) => e.document));
    return docs.some((doc) => this.documentsOf(doc).some((d) => visible.has(d)));
  }

  private where(uri: vscode.Uri): { path?: string; root?: string } {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return {};
    void this.list(folder);
    return { path: uri.path, root: folder.uri.path.replace(/\/$/, '') || '/' };
  }

  private open(d: vscode.TextDocument): void {
    if (d.uri.scheme === NOTEBOOK_CELL) return;
    const language = languageOf(d, this.config());
    const doc = d.uri.toString();
    if (!language) {
      if (this.synced.has(doc)) this.close(d);
      return;
    }
    if (this.synced.get(doc) === d.version) return;
    this.synced.set(doc, d.version);
    this.client.note({ kind: 'open', doc, language, text: d.getText(), version: d.version, ...this.where(d.uri), chosen: this.chosen(doc) });
  }

  private edit(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    if (e.document.uri.scheme === NOTEBOOK_CELL) {
      const nb = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === e.document));
      if (nb) this.notebook(nb);
      return;
    }
    const doc = e.document.uri.toString();
    const sent = this.synced.get(doc);
    if (sent === undefined) {
      this.open(e.document);
      return;
    }
    this.synced.set(doc, e.document.version);
    // One change is sent as it is (the server re-parses incrementally); several at once (multi-cursor, a format) as text.
    const one = e.contentChanges.length === 1 && sent === e.document.version - 1;
    this.client.note(one
      ? { kind: 'change', doc, version: e.document.version, changes: e.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text })) }
      : { kind: 'change', doc, version: e.document.version, text: e.document.getText() });
  }

  private close(d: vscode.TextDocument): void {
    const doc = d.uri.toString();
    if (!this.synced.delete(doc)) return;
    this.client.note({ kind: 'close', doc, saved: !d.isDirty });
  }

  private notebook(nb: vscode.NotebookDocument): void {
    timed('notebook', () => {
      const key = nb.uri.toString();
      if (!this.config().languages.notebooks) return this.closeNotebook(nb);
      const cells = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
      const { text, cellStarts } = joinCells(cells.map((c) => c.document.getText()));
      const version = cells.reduce((s, c) => s + c.document.version, 0) * 1000 + cells.length;
      const before = this.notebooks.get(key);
      this.notebooks.set(key, { key, cells: cells.map((c, i) => ({ document: c.document, start: cellStarts[i] })) });
      if (!before) this.client.note({ kind: 'open', doc: key, language: 'python', text, version, ...this.where(nb.uri), chosen: this.chosen(key) });
      else this.client.note({ kind: 'change', doc: key, version, text });
    });
  }

  private closeNotebook(nb: vscode.NotebookDocument): void {
    const key = nb.uri.toString();
    if (this.notebooks.delete(key)) this.client.note({ kind: 'close', doc: key });
  }

  /**
   * The folder's Python files, once (a walk through fileAccess.ts, bounded), for imports between the project's files.
   * Directories are read LISTING_READS at a time (fileAccess.ts: Node's fs in the Node host): one after the other
   * through workspace.fs, the 14 files of the e2e workspace took 1.7 s to list in the VS Code server's extension host
   * at startup, and until the listing comes a file's imports of its siblings are not followed.
   */
  private async list(folder: vscode.WorkspaceFolder): Promise<void> {
    const root = folder.uri.path.replace(/\/$/, '') || '/';
    if (this.listed.has(root)) return;
    this.listed.add(root);
    const paths: string[] = [];
    let level: vscode.Uri[] = [folder.uri];
    for (let depth = 0; depth <= MAX_DEPTH && level.length > 0 && paths.length < MAX_FILES; depth++) {
      const next: vscode.Uri[] = [];
      for (let i = 0; i < level.length && paths.length < MAX_FILES; i += LISTING_READS) {
        const read = await Promise.all(level.slice(i, i + LISTING_READS).map((dir) =>
          Promise.resolve(readDirectory(dir)).then((entries) => ({ dir, entries }), () => ({ dir, entries: [] as [string, vscode.FileType][] }))));
        for (const { dir, entries } of read) {
          for (const [name, type] of entries) {
            if (type & vscode.FileType.Directory) {
              if (!SKIPPED.has(name) && !name.startsWith('.')) next.push(vscode.Uri.joinPath(dir, name));
            } else if (name.endsWith('.py') && paths.length < MAX_FILES) paths.push(vscode.Uri.joinPath(dir, name).path);
          }
        }
      }
      level = next;
    }
    this.client.note({ kind: 'projectFiles', root, paths: paths.sort() });
  }

  private uriOf(path: string): vscode.Uri | undefined {
    const folder = (vscode.workspace.workspaceFolders ?? []).find((f) => path === f.uri.path || path.startsWith(`${f.uri.path.replace(/\/$/, '')}/`));
    return folder ? folder.uri.with({ path }) : undefined;
  }

  private async readFiles(paths: readonly string[]): Promise<void> {
    const decoder = new TextDecoder();
    const files = await Promise.all(paths.map(async (path) => {
      const uri = this.uriOf(path);
      if (!uri) return { path, text: null };
      try {
        return { path, text: decoder.decode(await readFile(uri)) };
      } catch {
        return { path, text: null };
      }
    }));
    this.client.note({ kind: 'files', files });
  }

  private diskChanged(uri: vscode.Uri, deleted = false): void {
    // an open document's text is sent by its editor; what is on disk matters when it is closed
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    if (deleted) this.client.note({ kind: 'files', files: [{ path: uri.path, text: null }] });
    else void this.readFiles([uri.path]);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
