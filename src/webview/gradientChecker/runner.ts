// Runs checks off the UI thread: a Web Worker started from a blob: URL of this very bundle (VS Code webviews
// cannot start a worker from a webview resource URL directly; `worker-src blob:` is in the CSP). When no worker
// can be started, the check runs on the main thread after the "Running…" state has been painted.
import type { CheckFile, CheckReport } from '../../engine/grad/checkFormat';
import { CheckFormatError } from '../../engine/grad/checkFormat';
import { parseCheck, runCheck } from '../../engine/grad/index';

export interface RunRequest {
  id: number;
  check: CheckFile;
}
export type RunResponse =
  | { id: number; ok: true; report: CheckReport; check: CheckFile; ms: number }
  | { id: number; ok: false; message: string; where: string };

/** The work itself, identical in the worker and on the main thread. */
export function runRequest(req: RunRequest): RunResponse {
  const t0 = performance.now();
  try {
    const check = parseCheck(JSON.parse(JSON.stringify(req.check)));
    const report = runCheck(check);
    return { id: req.id, ok: true, report, check, ms: performance.now() - t0 };
  } catch (e) {
    const where = e instanceof CheckFormatError ? e.where : '';
    const message = e instanceof Error ? e.message : String(e);
    return { id: req.id, ok: false, message, where };
  }
}

/** Worker side: answer every request. */
export function serveWorker(scope: { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown): void }): void {
  scope.onmessage = (e: MessageEvent) => scope.postMessage(runRequest(e.data as RunRequest));
}

export class CheckRunner {
  private worker?: Worker;
  private workerUrl?: string;
  private pending = new Map<number, (r: RunResponse) => void>();
  private nextId = 1;
  /** How checks run: 'worker' once the worker is up. */
  mode: 'starting' | 'worker' | 'main thread' = 'starting';
  private ready: Promise<void>;

  constructor(scriptUrl: string | undefined) {
    this.ready = this.start(scriptUrl);
  }

  private async start(scriptUrl: string | undefined): Promise<void> {
    try {
      if (!scriptUrl || typeof Worker === 'undefined') throw new Error('no worker');
      const response = await fetch(scriptUrl);
      if (!response.ok) throw new Error(`fetch ${response.status}`);
      const source = await response.text();
      this.workerUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      this.spawn();
      this.mode = 'worker';
    } catch {
      this.mode = 'main thread';
    }
  }

  private spawn(): void {
    const worker = new Worker(this.workerUrl!);
    worker.onmessage = (e: MessageEvent) => {
      const r = e.data as RunResponse;
      this.pending.get(r.id)?.(r);
      this.pending.delete(r.id);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      for (const [id, resolve] of this.pending) resolve({ id, ok: false, message: `The checker stopped: ${e.message}`, where: '' });
      this.pending.clear();
    };
    this.worker = worker;
  }

  async run(check: CheckFile): Promise<RunResponse> {
    await this.ready;
    const id = this.nextId++;
    if (this.mode === 'worker' && this.worker) {
      return new Promise((resolve) => {
        this.pending.set(id, resolve);
        this.worker!.postMessage({ id, check } satisfies RunRequest);
      });
    }
    // Main thread: let the browser paint "Running…" first.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return runRequest({ id, check });
  }

  /** Stops a long check: the worker is replaced; its pending runs answer "cancelled". */
  cancel(): void {
    if (this.mode !== 'worker' || !this.worker) return;
    this.worker.terminate();
    for (const [id, resolve] of this.pending) resolve({ id, ok: false, message: 'Cancelled.', where: 'cancelled' });
    this.pending.clear();
    this.spawn();
  }
}
