// The editor's side of the analysis server (src/server): starts it off the extension host's thread — a worker_threads
// Worker in the Node host, a nested Web Worker in VS Code for the Web — and talks to it: notes (documents, edits,
// settings), requests with cancellation (VS Code cancels a stale hints request; the server then skips it), and what
// the server pushes (diagnostics, "results changed", files to read). When the host cannot start a worker, the same
// server runs in the extension host itself, answering between events (its background work in short time slices).
import * as vscode from 'vscode';
import type { WasmFile } from '../analysis/parsers';
import { changesText, WASM_FILES, type ClientMessage, type ClientNote, type Interrupts, type Method, type Requests, type ServerConfig, type ServerMessage, type Surface,
  type WireDiagnostic, WORKER_YOUNG_GENERATION_MB } from '../server/protocol';
import { count, timed } from './busy';
import { readExtensionFile } from './extensionFiles';
import { editorServerClass } from './inThreadServer';
import { NODE_WORKER_BUNDLE, WORKER_START } from './workerStart';

export type WorkerMode = 'worker thread' | 'web worker' | 'extension host thread';

interface Port {
  post(m: ClientMessage): void;
  terminate(): void;
  /** Given to the server with the init message (see its `waiting`). */
  waiting?: SharedArrayBuffer;
}

export class AnalysisClient implements vscode.Disposable {
  private port?: Port;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly changed = new vscode.EventEmitter<{ docs: readonly string[]; what?: readonly Surface[] }>();
  private readonly diagnostics = new vscode.EventEmitter<{ doc: string; items: readonly WireDiagnostic[] }>();
  /** Results changed for these server documents, on these surfaces (undefined: every one). */
  readonly onDidChange = this.changed.event;
  readonly onDiagnostics = this.diagnostics.event;
  /** Asked by the server for project files: the document sync answers. */
  onReadFiles: (paths: readonly string[]) => void = () => undefined;
  mode: WorkerMode = 'extension host thread';
  /** How a request stops the server's background work (told by the server when ready). */
  interrupts?: Interrupts;
  readonly ready: Promise<string>;

  /** `storage`: the extension's own folder for data it keeps (the Node host keeps the worker's compiled code there). */
  constructor(private readonly extensionUri: vscode.Uri, config: ServerConfig, private readonly storage?: vscode.Uri) {
    let settle!: (status: string) => void;
    this.ready = new Promise((resolve) => (settle = resolve));
    this.readyResolve = settle;
    void this.start(config);
  }

  private readyResolve: (status: string) => void;

  /** Messages sent while the server starts (the documents open at activation, the first requests): sent after init. */
  private early: ClientMessage[] | undefined = [];

  private async start(config: ServerConfig): Promise<void> {
    let port: Port | undefined;
    try {
      // the worker loads its script while the grammars are read; a Node worker thread reads them itself (worker.ts):
      // its init, and the documents open at activation, go at once instead of after the extension host's reads
      port = this.startWorker() ?? this.startInThread();
      const wasm: Partial<Record<WasmFile, Uint8Array>> = {};
      if (this.mode !== 'worker thread') {
        await Promise.all(WASM_FILES.map(async (f) => (wasm[f] = await readExtensionFile(this.extensionUri, `dist/tree-sitter/${f}`))));
      }
      // copied, not transferred: the bytes may sit in a pooled buffer shared with other data
      port.post({ kind: 'init', wasm, config, waiting: port.waiting });
      for (const m of this.early ?? []) port.post(m);
      this.early = undefined;
      this.port = port;
    } catch (e) {
      port?.terminate();
      this.early = undefined;
      for (const p of this.pending.values()) p.resolve(undefined);
      this.pending.clear();
      this.readyResolve(`error: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private post(m: ClientMessage): void {
    count(`worker.sent.${m.kind === 'request' ? `request.${m.method}` : m.kind}`);
    if (this.port) this.port.post(m);
    else this.early?.push(m);
  }

  private startWorker(): Port | undefined {
    const isNode = typeof process === 'object' && !!process.versions?.node;
    try {
      if (isNode) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
        const bundle = vscode.Uri.joinPath(this.extensionUri, ...NODE_WORKER_BUNDLE).fsPath;
        const cacheDir = this.storage?.scheme === 'file' ? vscode.Uri.joinPath(this.storage, 'compile-cache').fsPath : undefined;
        const worker = new Worker(WORKER_START, { eval: true, workerData: { bundle, cacheDir },
          resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
        worker.on('message', (m: ServerMessage) => this.receive(m));
        worker.on('error', (e) => this.workerFailed(e));
        worker.unref();
        this.mode = 'worker thread';
        return { post: (m) => worker.postMessage(m), terminate: () => void worker.terminate() };
      }
      const url = vscode.Uri.joinPath(this.extensionUri, 'dist', 'web', 'analysisWorker.js').toString(true);
      const worker = new Worker(url, { name: 'ShapeLens analysis' });
      worker.onmessage = (e: MessageEvent<ServerMessage>) => this.receive(e.data);
      worker.onerror = (e) => this.workerFailed(new Error(e.message));
      this.mode = 'web worker';
      return { ...webPost(worker), terminate: () => worker.terminate() };
    } catch (e) {
      console.log(`ShapeLens: no analysis worker in this host (${e instanceof Error ? e.message : String(e)}); analysing in the extension host`);
      return undefined;
    }
  }

  /** The fallback: the server in this thread; its answers arrive as events, after the current one ends. */
  private startInThread(): Port {
    this.mode = 'extension host thread';
    const Server = editorServerClass(this.extensionUri);
    const server = new Server((m) => void Promise.resolve().then(() => this.receive(m)));
    return { post: (m) => server.receive(m), terminate: () => undefined };
  }

  private workerFailed(e: Error): void {
    console.error(`ShapeLens analysis worker failed: ${e.message}`);
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  note(m: ClientNote): void {
    this.post(m);
  }

  /** A request; resolves undefined when cancelled (VS Code asked again) or when the server is not there. */
  request<M extends Method>(method: M, params: Requests[M]['params'], token?: vscode.CancellationToken): Promise<Requests[M]['result'] | undefined> {
    if (!this.port && !this.early) return Promise.resolve(undefined); // the server could not start
    const id = this.nextId++;
    const answer = new Promise<Requests[M]['result'] | undefined>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
    this.post({ kind: 'request', id, method, params });
    token?.onCancellationRequested(() => this.post({ kind: 'cancel', id }));
    return answer;
  }

  private receive(m: ServerMessage): void {
    count(`worker.received.${m.kind}`);
    timed(`receive ${m.kind}`, () => {
      switch (m.kind) {
        case 'ready':
          this.interrupts = m.interrupts;
          return this.readyResolve(m.treeSitter);
        case 'response': {
          const p = this.pending.get(m.id);
          this.pending.delete(m.id);
          if (!p) return;
          if (m.error) {
            console.error(`ShapeLens analysis error: ${m.error}`);
            p.resolve(undefined);
          } else p.resolve(m.cancelled ? undefined : m.result);
          return;
        }
        case 'changed': return this.changed.fire({ docs: m.docs, what: m.what });
        case 'diagnostics': return this.diagnostics.fire({ doc: m.doc, items: m.items });
        case 'readFiles': return this.onReadFiles(m.paths);
      }
    });
  }

  dispose(): void {
    this.port?.terminate();
    this.changed.dispose();
    this.diagnostics.dispose();
  }
}

/**
 * Posting to a browser worker, which cannot look at its message queue while it analyses: where shared memory exists
 * (a cross-origin-isolated page, e.g. vscode.dev with ?vscode-coi=on), a counter of the messages on their way tells it
 * to stop its background work for one; elsewhere it works in time slices (src/server/scheduling.ts).
 */
function webPost(worker: Worker): Pick<Port, 'post' | 'waiting'> {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  if (!isolated || typeof SharedArrayBuffer !== 'function') return { post: (m) => worker.postMessage(m) };
  // slot 0: every message on its way; slot 1: those that change a text (they alone stop a model the screen shows)
  const waiting = new SharedArrayBuffer(8);
  const counter = new Int32Array(waiting);
  return {
    waiting,
    post: (m) => {
      if (m.kind !== 'init') {
        Atomics.add(counter, 0, 1);
        if (changesText(m)) Atomics.add(counter, 1, 1);
      }
      worker.postMessage(m);
    },
  };
}
