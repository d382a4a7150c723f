// The census on worker threads, in its one process: the files are cut into units (censusSchedule.ts: runs of one
// repository's files, each analysed with an import cache of its own), the costliest first, each handed to the next
// free worker; every report comes back with the file's index, so the caller gets them in the order of `files`
// whatever thread made them.
// A worker that stops (an exception, out of memory) or stays silent too long is reported and replaced: the file it
// was on becomes a crash, the rest of its unit goes back to the queue (to the new worker) — a run always ends.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { projectOf, type FileReport } from './censusFile';
import { readSource } from '../src/cli/sources';
import { expectedCost, partition, type Job } from './censusSchedule';
import type { WorkerStats, WorkerTimeline } from './censusTiming';

export interface ToWorker {
  readonly files: readonly { readonly index: number; readonly file: string }[];
  /** The files of the unit's repository before its first, loaded as modules first (censusSchedule.ts). */
  readonly before: readonly string[];
}
export type FromWorker =
  | { readonly kind: 'ready' }
  | { readonly kind: 'report'; readonly index: number; readonly report: FileReport; readonly cpuMs?: number }
  | { readonly kind: 'done'; readonly stats: WorkerStats };

/**
 * How long a worker may go without finishing a file before it is stopped: a guard against a hang, far above the
 * slowest file seen (timm's vision_transformer.py, 12 s on a quiet machine).
 */
const FILE_TIMEOUT_MS = 5 * 60_000;
/** Workers replaced after a failure, beyond the first `jobs`: each failure costs one file, so this bounds a bad run. */
const MAX_RESTARTS = 8;

/** What a file is expected to cost, from its code (a notebook's code cells: its outputs can be most of its bytes). */
function cost(base: string, file: string): number {
  try {
    return expectedCost(readSource(path.join(base, file)).text);
  } catch {
    return 0;
  }
}

/** The files as the schedule takes them: each with its repository (its first folder) and its expected cost. */
export const censusJobs = (base: string, files: readonly string[]): Job[] =>
  files.map((file, index) => ({ index, project: projectOf(file), cost: cost(base, file) }));

interface Slot {
  readonly id: number;
  readonly worker: Worker;
  /** The files sent and not yet reported, in the order the worker analyses them. */
  pending: number[];
  timer?: NodeJS.Timeout;
  why?: string;
  readyAt?: number;
  lastAt?: number;
  stats?: WorkerStats;
}

/** A file as the pool saw it: which worker analysed it, when its report came, its wall and thread CPU time. */
export interface FileTiming {
  readonly index: number;
  readonly worker: number;
  readonly at: number;
  readonly ms: number;
  readonly cpuMs?: number;
}

export interface PoolRun {
  readonly reports: FileReport[];
  readonly workers: WorkerTimeline[];
  readonly files: FileTiming[];
  /** Reading the files' sizes and ordering them (the schedule), before the first worker starts. */
  readonly partitionMs: number;
}

const crashReport = (file: string, crash: string): FileReport =>
  ({ file, notebook: file.toLowerCase().endsWith('.ipynb'), ms: 0, crash, models: [], diagnostics: [] });

class Pool {
  private readonly reports: (FileReport | undefined)[];
  private readonly queue: number[][];
  private readonly running = new Set<Slot>();
  private readonly timelines: WorkerTimeline[] = [];
  private readonly timings: FileTiming[] = [];
  private readonly start = performance.now();
  private restarts = 0;
  private spawned = 0;
  private done = 0;
  private finish: (run: PoolRun) => void = () => undefined;
  private readonly partitionMs: number;

  constructor(private readonly base: string, private readonly files: readonly string[], private readonly options: PoolOptions) {
    this.reports = new Array<FileReport | undefined>(files.length);
    const t0 = performance.now();
    this.queue = partition(censusJobs(base, files), options.jobs).map((u) => u.indices);
    this.partitionMs = performance.now() - t0;
  }

  run(): Promise<PoolRun> {
    return new Promise((resolve) => {
      this.finish = resolve;
      for (let i = 0; i < this.options.jobs && this.queue.length > 0; i++) this.spawn();
      if (this.running.size === 0) this.end();
    });
  }

  private spawn(): void {
    const worker = new Worker(path.join(__dirname, 'censusWorker.js'), { workerData: { base: this.base, timing: this.options.timing } });
    const slot: Slot = { id: this.spawned++, worker, pending: [] };
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
    const project = projectOf(this.files[unit[0]]);
    const before = this.files.slice(0, unit[0]).filter((f) => projectOf(f) === project);
    slot.worker.postMessage({ files: unit.map((index) => ({ index, file: this.files[index] })), before } satisfies ToWorker);
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
    const at = performance.now() - this.start;
    if (m.kind === 'ready') slot.readyAt = at;
    else if (m.kind === 'done') {
      slot.stats = m.stats;
      this.next(slot);
    } else {
      this.reports[m.index] = m.report;
      this.timings.push({ index: m.index, worker: slot.id, at, ms: m.report.ms, cpuMs: m.cpuMs });
      slot.lastAt = at;
      slot.pending = slot.pending.filter((i) => i !== m.index);
      this.options.progress?.(++this.done);
      this.arm(slot);
    }
  }

  private exited(slot: Slot, code: number): void {
    clearTimeout(slot.timer);
    this.running.delete(slot);
    this.timelines.push({ id: slot.id, readyAt: slot.readyAt, lastAt: slot.lastAt, stats: slot.stats });
    const [current, ...rest] = slot.pending;
    if (current !== undefined) {
      const why = slot.why ?? `the worker exited with code ${code}`;
      process.stderr.write(`census: ${this.files[current]}: ${why}\n`);
      this.reports[current] = crashReport(this.files[current], why);
      this.options.progress?.(++this.done);
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
    this.finish({
      reports: this.reports.map((r, i) => r ?? crashReport(this.files[i], 'not analysed')),
      workers: this.timelines.sort((a, b) => a.id - b.id),
      files: this.timings,
      partitionMs: this.partitionMs,
    });
  }
}

export interface PoolOptions {
  /** Worker threads. */
  readonly jobs: number;
  /** Workers account for their garbage collection too (censusTiming.ts). */
  readonly timing?: boolean;
  readonly progress?: (done: number) => void;
}

/** Analyses `files` (relative to `base`) on worker threads; the reports come back in the order of `files`. */
export function analyseInWorkers(base: string, files: readonly string[], options: PoolOptions): Promise<PoolRun> {
  return new Pool(base, files, options).run();
}
