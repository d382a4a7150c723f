// The census on worker threads, in its one process: the files are cut into units — each project's files in path
// order, a large project in contiguous chunks (one unit's files share the import cache of a worker's Projects) —
// the largest first, each handed to the next free worker; every report comes back with the file's index, so the
// caller gets them in the order of `files` whatever thread made them.
// A worker that stops (an exception, out of memory) or stays silent too long is reported and replaced: the file it
// was on becomes a crash, the rest of its unit goes back to the queue (to the new worker, whose import cache starts empty)
// — a run always ends.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectOf, type FileReport } from './censusFile';
import { readSource } from '../src/cli/sources';

export interface ToWorker {
  readonly files: readonly { readonly index: number; readonly file: string }[];
}
export type FromWorker = { readonly kind: 'report'; readonly index: number; readonly report: FileReport } | { readonly kind: 'done' };

/**
 * How long a worker may go without finishing a file before it is stopped: a guard against a hang, far above the
 * slowest file seen (timm's vision_transformer.py, 12 s on a quiet machine).
 */
const FILE_TIMEOUT_MS = 5 * 60_000;
/** Workers replaced after a failure, beyond the first `jobs`: each failure costs one file, so this bounds a bad run. */
const MAX_RESTARTS = 8;

/** What a file is expected to cost: its code's length (a notebook's outputs can be most of its bytes). */
function cost(base: string, file: string): number {
  const abs = path.join(base, file);
  try {
    return file.toLowerCase().endsWith('.ipynb') ? readSource(abs).text.length : fs.statSync(abs).size;
  } catch {
    return 0;
  }
}

/**
 * The units of work: each project's files in path order, cut into contiguous chunks of about equal cost when the
 * project is more than one worker's share (timm is about three quarters of the corpus's time: left whole, it would
 * be the floor of a run on two threads), the largest unit first. A chunk may go to another worker, whose import cache
 * holds none of its project's modules, so a chunk's files are analysed as the main thread would analyse them only if
 * a file's results do not depend on which files of its project were analysed before it: a module is named from its path (project.ts), never from the import
 * that reached it first, so they do not — census.test.ts and a whole-corpus run (docs/real-code.md) check that
 * --jobs 2 reports exactly what --jobs 1 does.
 */
export function partition(base: string, files: readonly string[], jobs: number): number[][] {
  const byProject = new Map<string, { indices: number[]; costs: number[] }>();
  files.forEach((f, i) => {
    const key = projectOf(f);
    let project = byProject.get(key);
    if (!project) byProject.set(key, (project = { indices: [], costs: [] }));
    project.indices.push(i);
    project.costs.push(cost(base, f));
  });
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const share = sum([...byProject.values()].map((p) => sum(p.costs))) / Math.max(1, jobs);
  const units = [...byProject.values()].flatMap((p) => chunks(p.indices, p.costs, share));
  return units.sort((a, b) => b.cost - a.cost || a.indices[0] - b.indices[0]).map((u) => u.indices);
}

/** A project's files cut into the fewest contiguous runs of about equal cost that each fit in `share`. */
function chunks(indices: readonly number[], costs: readonly number[], share: number): { indices: number[]; cost: number }[] {
  const total = costs.reduce((a, b) => a + b, 0);
  const count = Math.min(indices.length, Math.max(1, share > 0 ? Math.ceil(total / share - 1e-9) : 1));
  const out: { indices: number[]; cost: number }[] = [];
  let current: { indices: number[]; cost: number } = { indices: [], cost: 0 };
  let before = 0;
  indices.forEach((index, k) => {
    // cut before the file whose middle passes the next equal fraction of the project's cost
    const target = (total * (out.length + 1)) / count;
    const cut = out.length < count - 1 && current.indices.length > 0 && before + costs[k] / 2 > target;
    if (cut) {
      out.push(current);
      current = { indices: [], cost: 0 };
    }
    current.indices.push(index);
    current.cost += costs[k];
    before += costs[k];
  });
  out.push(current);
  return out;
}

interface Slot {
  readonly worker: Worker;
  /** The files sent and not yet reported, in the order the worker analyses them. */
  pending: number[];
  timer?: NodeJS.Timeout;
  why?: string;
}

const crashReport = (file: string, crash: string): FileReport =>
  ({ file, notebook: file.toLowerCase().endsWith('.ipynb'), ms: 0, crash, models: [], diagnostics: [] });

class Pool {
  private readonly reports: (FileReport | undefined)[];
  private readonly queue: number[][];
  private readonly running = new Set<Slot>();
  private restarts = 0;
  private done = 0;
  private finish: (reports: FileReport[]) => void = () => undefined;

  constructor(private readonly base: string, private readonly files: readonly string[], private readonly jobs: number,
    private readonly progress: (done: number) => void) {
    this.reports = new Array<FileReport | undefined>(files.length);
    this.queue = partition(base, files, jobs);
  }

  run(): Promise<FileReport[]> {
    return new Promise((resolve) => {
      this.finish = resolve;
      for (let i = 0; i < this.jobs && this.queue.length > 0; i++) this.spawn();
      if (this.running.size === 0) this.end();
    });
  }

  private spawn(): void {
    const worker = new Worker(path.join(__dirname, 'censusWorker.js'), { workerData: { base: this.base } });
    const slot: Slot = { worker, pending: [] };
    this.running.add(slot);
    worker.on('message', (m: FromWorker) => this.receive(slot, m));
    worker.on('error', (e) => (slot.why ??= `the worker stopped: ${e.name}: ${e.message}`));
    worker.on('exit', (code) => this.exited(slot, code));
    this.next(slot);
  }

  private next(slot: Slot): void {
    const unit = this.queue.shift();
    if (!unit) {
      clearTimeout(slot.timer);
      void slot.worker.terminate();
      return;
    }
    slot.pending = [...unit];
    slot.worker.postMessage({ files: unit.map((index) => ({ index, file: this.files[index] })) } satisfies ToWorker);
    this.arm(slot);
  }

  private arm(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.why = `no result after ${FILE_TIMEOUT_MS / 1000} s: the worker was stopped`;
      void slot.worker.terminate();
    }, FILE_TIMEOUT_MS);
  }

  private receive(slot: Slot, m: FromWorker): void {
    if (m.kind === 'done') {
      this.next(slot);
      return;
    }
    this.reports[m.index] = m.report;
    slot.pending = slot.pending.filter((i) => i !== m.index);
    this.progress(++this.done);
    this.arm(slot);
  }

  private exited(slot: Slot, code: number): void {
    clearTimeout(slot.timer);
    this.running.delete(slot);
    const [current, ...rest] = slot.pending;
    if (current !== undefined) {
      const why = slot.why ?? `the worker exited with code ${code}`;
      process.stderr.write(`census: ${this.files[current]}: ${why}\n`);
      this.reports[current] = crashReport(this.files[current], why);
      this.progress(++this.done);
      if (rest.length > 0) this.queue.unshift(rest);
      if (this.restarts++ < MAX_RESTARTS && this.queue.length > 0) this.spawn();
    }
    if (this.running.size === 0) this.end();
  }

  /** Every worker has ended: what no worker could take is a crash too, so every file has its report. */
  private end(): void {
    const left = this.queue.flat();
    if (left.length > 0) process.stderr.write(`census: ${left.length} files not analysed: too many workers stopped\n`);
    for (const i of left) this.reports[i] = crashReport(this.files[i], 'not analysed: too many census workers stopped');
    this.finish(this.reports.map((r, i) => r ?? crashReport(this.files[i], 'not analysed')));
  }
}

/** Analyses `files` (relative to `base`) on `jobs` worker threads; the reports come back in the order of `files`. */
export function analyseInWorkers(base: string, files: readonly string[], jobs: number,
  progress: (done: number) => void = () => undefined): Promise<FileReport[]> {
  return new Pool(base, files, jobs, progress).run();
}
