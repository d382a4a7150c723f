// The analysis worker's entry: a worker_threads Worker in the Node extension host, a (nested) Web Worker in VS Code
// for the Web. Bundled twice by scripts/build.mjs (dist/node/analysisWorker.js, dist/web/analysisWorker.js).
import type { ClientMessage, ServerMessage } from './protocol';
import { EditorServer } from './server';

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
    if (!port) throw new Error('ShapeLens: analysisWorker.js runs as a worker thread');
    const server = new EditorServer((m: ServerMessage) => port.postMessage(m), () => threads.receiveMessageOnPort(port)?.message);
    port.on('message', (m) => server.receive(m));
    return;
  }
  const scope = globalThis as unknown as WebScope;
  const server = new EditorServer((m: ServerMessage) => scope.postMessage(m));
  scope.onmessage = (e) => server.receive(e.data);
}

start();
