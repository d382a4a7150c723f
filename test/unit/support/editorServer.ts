// Drives the editor's analysis server (src/server) the way the extension does, without VS Code: documents are
// opened from files on disk (a workspace folder's files are listed and read as the extension reads them), requests
// are answered, pushed diagnostics kept. Background work is run to the end before a test reads results.
import fs from 'node:fs';
import path from 'node:path';
import type { SourceLanguage } from '../../../src/analysis/model';
import type { WasmFile } from '../../../src/analysis/parsers';
import { WASM_FILES, type ClientMessage, type Method, type Requests, type ServerConfig, type ServerMessage, type Surface, type WireDiagnostic } from '../../../src/server/protocol';
import { EditorServer } from '../../../src/server/server';

export const CONFIG: ServerConfig = {
  convention: 'macs', strict: false,
  hints: { shape: true, params: true, cost: true, showBatchDimension: true, forwardStatements: true, maxLength: 60 },
  memory: { dtype: 'float32', optimizer: 'adam', statusBar: false },
};

export class TestClient {
  private readonly server: EditorServer;
  private nextId = 1;
  private readonly pending = new Map<number, (v: unknown) => void>();
  readonly diagnostics = new Map<string, readonly WireDiagnostic[]>();
  readonly changed: string[][] = [];
  /** The surfaces each 'changed' message named, in the same order as `changed` (undefined: every one). */
  readonly changedWhat: (readonly Surface[] | undefined)[] = [];
  private readyResolve!: (s: string) => void;
  readonly ready = new Promise<string>((r) => (this.readyResolve = r));
  private versions = new Map<string, number>();
  private reading = 0;

  /**
   * `root`: the workspace folder (its .py files are listed and read on request). `mounted`: the server sees the folder
   * mounted at '/' (as VS Code for the Web shows a workspace: vscode-test-web://mount/), its files as /a/b.py.
   */
  constructor(readonly root: string, config: ServerConfig = CONFIG, distDir = path.resolve(__dirname, '../../tree-sitter'),
    private readonly mounted = false) {
    this.server = new EditorServer((m) => this.receive(m));
    const wasm: Partial<Record<WasmFile, Uint8Array>> = {};
    for (const f of WASM_FILES) wasm[f] = new Uint8Array(fs.readFileSync(path.join(distDir, f)));
    this.server.receive({ kind: 'init', wasm, config });
    this.send({ kind: 'projectFiles', root: this.seen(root), paths: listPython(root).map((p) => this.seen(p)) });
  }

  /** The path the server sees for a file on disk, and back. */
  private seen(file: string): string {
    return this.mounted ? `/${path.relative(this.root, file).split(path.sep).join('/')}`.replace(/\/$/, '') || '/' : file;
  }

  private onDisk(seen: string): string {
    return this.mounted ? path.join(this.root, seen) : seen;
  }

  send(m: ClientMessage): void {
    this.server.receive(m);
  }

  private receive(m: ServerMessage): void {
    switch (m.kind) {
      case 'ready':
        this.readyResolve(m.treeSitter);
        return;
      case 'response': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error) throw new Error(m.error);
        p?.(m.cancelled ? undefined : m.result);
        return;
      }
      case 'diagnostics': return void this.diagnostics.set(m.doc, m.items);
      case 'changed':
        this.changedWhat.push(m.what);
        return void this.changed.push([...m.docs]);
      case 'readFiles': {
        this.asked.push(...m.paths);
        const files = m.paths.map((p) => ({ path: p, text: fs.existsSync(this.onDisk(p)) ? fs.readFileSync(this.onDisk(p), 'utf8') : null }));
        // answered like the editor does: later, as an event
        this.reading++;
        return void setTimeout(() => {
          this.reading--;
          this.send({ kind: 'files', files });
        }, 0);
      }
    }
  }

  /** Opens a file of the workspace; the document's key is its path. */
  open(relative: string, options: { text?: string; language?: SourceLanguage; chosen?: string } = {}): string {
    const file = path.join(this.root, relative);
    const text = options.text ?? fs.readFileSync(file, 'utf8');
    this.versions.set(file, 1);
    this.send({ kind: 'open', doc: file, language: options.language ?? 'python', text, version: 1, path: this.seen(file), root: this.seen(this.root),
      chosen: options.chosen });
    return file;
  }

  edit(doc: string, rangeOffset: number, rangeLength: number, text: string): void {
    const version = (this.versions.get(doc) ?? 1) + 1;
    this.versions.set(doc, version);
    this.send({ kind: 'change', doc, version, changes: [{ rangeOffset, rangeLength, text }] });
  }

  /** Closes a document: `saved`, with its file's text; otherwise with its changes discarded. */
  close(doc: string, saved = true): void {
    this.send({ kind: 'close', doc, saved });
  }

  /** The paths the server asked the editor to read, in order. */
  readonly asked: string[] = [];

  request<M extends Method>(method: M, params: Requests[M]['params']): Promise<Requests[M]['result'] | undefined> {
    const id = this.nextId++;
    const answer = new Promise<Requests[M]['result'] | undefined>((resolve) => this.pending.set(id, resolve as (v: unknown) => void));
    this.send({ kind: 'request', id, method, params });
    return answer;
  }

  /** The documents the server has background work for (models to analyse, diagnostics to send). */
  backgroundDocs(): string[] {
    return [...(this.server as unknown as { background: Set<string> }).background];
  }

  /** Waits until the server has nothing left to do (background analysis, file reads). */
  async settle(): Promise<void> {
    for (let i = 0; i < 400; i++) {
      await new Promise((r) => setTimeout(r, 5));
      const s = this.server as unknown as { background: Set<string>; inbox: unknown[]; scheduled: boolean };
      const idle = () => s.background.size === 0 && s.inbox.length === 0 && !s.scheduled && this.reading === 0;
      if (idle()) {
        await new Promise((r) => setTimeout(r, 5));
        if (idle()) return;
      }
    }
    throw new Error('the server did not settle');
  }

  async hints(doc: string, startLine = 0, endLine = 100_000): Promise<string[]> {
    const hints = await this.request('hints', { doc, offset: 0, lineCount: 100_000, startLine, endLine });
    return (hints ?? []).map((h) => `${h.position.line + 1}: ${h.label}`);
  }
}

function listPython(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.py')) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}
