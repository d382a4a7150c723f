// The analysis worker's entry: a worker_threads Worker in the Node extension host, a (nested) Web Worker in VS Code
// for the Web. Bundled twice by scripts/build.mjs (dist/node/analysisWorker.js, dist/web/analysisWorker.js). The
// Node bundle also exports the server's class: the extension host requires it when it cannot start a worker thread
// (then there is no parent port, and nothing starts here).
import { WASM_FILES, type ClientMessage, type ServerMessage } from './protocol';
import { EditorServer } from './server';

export { EditorServer, youngGenerationCollector };

interface NodePort {
  postMessage(m: unknown): void;
  on(event: 'message', f: (m: ClientMessage) => void): void;
}
interface WebScope {
  postMessage(m: unknown): void;
  onmessage: ((e: { data: ClientMessage }) => void) | null;
}

function start(): void {
  const isNode = typeof process === 'object' && !!process.versions?.node;
  if (isNode) {
    // required at run time only: the web bundle never reaches this branch
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const threads = require('node:worker_threads') as { parentPort: NodePort | null;
      receiveMessageOnPort(port: NodePort): { message: ClientMessage } | undefined };
    const port = threads.parentPort;
    if (!port) return; // required by the extension host for the class alone
    const server = new EditorServer((m: ServerMessage) => port.postMessage(m), () => threads.receiveMessageOnPort(port)?.message,
      youngGenerationCollector());
    port.on('message', (m) => server.receive(m.kind === 'init' ? withOwnWasm(m) : m));
    return;
  }
  const scope = globalThis as unknown as WebScope;
  const server = new EditorServer((m: ServerMessage) => scope.postMessage(m));
  scope.onmessage = (e) => server.receive(e.data);
}

/** Collected when idle only if the young generation holds at least this much (one keystroke's analysis: ~1.7 MB). */
const COLLECT_ABOVE_BYTES = 1 << 20;

/**
 * A young-generation collection of this worker's heap, for the server to run when it is idle (IdleCollector in
 * scheduling.ts), or undefined where none can be had. V8 exposes `gc` only behind its --expose-gc flag: it is set
 * for the moment it takes to make one context with it, then unset, so no other context of the process gets `gc`.
 * Not under Electron (desktop VS Code's extension host), whose V8 may refuse flags once it has started.
 */
function youngGenerationCollector(): (() => void) | undefined {
  if (process.versions.electron) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const v8 = require('node:v8') as typeof import('node:v8');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const vm = require('node:vm') as typeof import('node:vm');
    let gc = (globalThis as { gc?: unknown }).gc;
    if (typeof gc !== 'function') {
      v8.setFlagsFromString('--expose-gc');
      try {
        gc = vm.runInNewContext('gc');
      } finally {
        v8.setFlagsFromString('--no-expose-gc');
      }
    }
    if (typeof gc !== 'function') return undefined;
    const collect = gc as (options: { type: 'minor' }) => void;
    return () => {
      const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      if (!young || young.space_used_size >= COLLECT_ABOVE_BYTES) collect({ type: 'minor' });
    };
  } catch {
    return undefined;
  }
}

/**
 * The Node worker's init with the wasm files it was not given read from the extension's dist/tree-sitter/ (this
 * bundle is dist/node/analysisWorker.js): the extension host need not read 3.5 MB and copy it across, and the worker
 * need not wait for the extension host's thread, busy with every extension's activation at the window's start.
 */
function withOwnWasm(m: Extract<ClientMessage, { kind: 'init' }>): ClientMessage {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('node:path') as typeof import('node:path');
  const wasm = { ...m.wasm };
  for (const f of WASM_FILES) wasm[f] ??= fs.readFileSync(path.join(__dirname, '..', 'tree-sitter', f));
  return { ...m, wasm };
}

start();
