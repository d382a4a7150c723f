// Where a census run's wall time goes (`--timing`, printed to stderr; never part of the JSON document): each
// worker's start-up (the parsers), its busy time analysing files and its CPU time, its garbage collection, what
// posting its reports costs, how long it waited for work, and the idle tail — from the first worker having nothing
// left to the end of the run, the part of the wall time that two threads do not share.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';

/**
 * This thread's CPU time (user + system) in ms, from Linux's /proc/thread-self (in 10 ms ticks); undefined where
 * there is no such file. process.cpuUsage() counts every thread of the process, so it cannot tell the workers apart.
 */
export function threadCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Garbage collection in this thread (each isolate collects its own), read with v8's GCProfiler: a PerformanceObserver
 * would hear of a pause only when the thread's event loop runs, after the file. Used only under --timing (the
 * profiler records the heap's statistics at every pause).
 */
export class GcTime {
  ms = 0;
  count = 0;
  /** Of which scavenges of the young generation (the rest: mark-compact, incremental marking, weak callbacks). */
  minorMs = 0;
  minorCount = 0;
  private readonly profiler = new v8.GCProfiler();
  constructor() {
    this.profiler.start();
  }
  /** Counts the pauses since the last call. */
  read(): this {
    for (const { gcType, cost } of this.profiler.stop()?.statistics ?? []) {
      this.ms += cost / 1000;
      this.count++;
      if (gcType === 'Scavenge') {
        this.minorMs += cost / 1000;
        this.minorCount++;
      }
    }
    this.profiler.start();
    return this;
  }
}

/** A worker's own account, cumulative since it started. */
export interface WorkerStats {
  /** Loading the parsers: wall ms and thread CPU ms. */
  readonly loadMs: number;
  readonly loadCpuMs?: number;
  /** Analysing files (wall) and posting their reports (the structured clone is made inside postMessage). */
  readonly busyMs: number;
  readonly postMs: number;
  /** Loading the modules of a repository's files before a unit that starts part way through it. */
  readonly primeMs: number;
  readonly primeCpuMs: number;
  /** Time with nothing to analyse after start-up: waiting for the main thread to send the next files. */
  readonly waitMs: number;
  readonly files: number;
  readonly cpuMs?: number;
  /** Garbage collection (under --timing only). */
  readonly gcMs?: number;
  readonly gcCount?: number;
  readonly minorGcMs?: number;
  readonly minorGcCount?: number;
  /** The worker's young generation (MB): a Worker gets its own resource limits, not the main process's flags. */
  readonly youngMb?: number;
}

/** What the pool saw of one worker, in ms since the run started. */
export interface WorkerTimeline {
  readonly id: number;
  /** When the worker said its parsers were loaded, and when its last report arrived. */
  readonly readyAt?: number;
  readonly lastAt?: number;
  readonly stats?: WorkerStats;
}

const f1 = (ms: number | undefined): string => (ms === undefined ? '?' : (ms / 1000).toFixed(1));

/** The lines `--timing` prints: one per worker, then the run's. */
export function timingLines(run: { readonly wallMs: number; readonly cpuMs: number; readonly mainBusyMs: number; readonly partitionMs: number;
  readonly summaryMs: number; readonly mainGcMs: number; readonly workers: readonly WorkerTimeline[];
  readonly files: readonly { readonly file: string; readonly worker: number; readonly at: number; readonly ms: number; readonly cpuMs?: number }[] }): string[] {
  const lines = run.workers.map((w) => {
    const s = w.stats;
    return `census timing: worker ${w.id}: ready at ${f1(w.readyAt)} s (parsers ${f1(s?.loadMs)} s, CPU ${f1(s?.loadCpuMs)} s), ` +
      `${s?.files ?? 0} files, busy ${f1(s?.busyMs)} s (and ${f1(s?.primeMs)} s, CPU ${f1(s?.primeCpuMs)} s, loading the modules of files before a unit), CPU ${f1(s?.cpuMs)} s, GC ${f1(s?.gcMs)} s in ${s?.gcCount ?? 0} pauses ` +
      `(scavenges ${f1(s?.minorGcMs)} s in ${s?.minorGcCount ?? 0}) ` +
      `young generation ${s?.youngMb ?? '?'} MB, posting reports ${f1(s?.postMs)} s, waiting for work ${f1(s?.waitMs)} s, last report at ${f1(w.lastAt)} s`;
  });
  const ends = run.workers.map((w) => w.lastAt ?? 0);
  const tail = ends.length > 1 ? Math.max(...ends) - Math.min(...ends) : 0;
  lines.push(`census timing: run ${f1(run.wallMs)} s wall, ${f1(run.cpuMs)} s CPU; idle tail ${f1(tail)} s (first worker done to last); ` +
    `main thread busy ${f1(run.mainBusyMs)} s (GC ${f1(run.mainGcMs)} s), partition ${f1(run.partitionMs)} s, summary and output ${f1(run.summaryMs)} s`);
  const costliest = [...run.files].sort((a, b) => (b.cpuMs ?? b.ms) - (a.cpuMs ?? a.ms)).slice(0, SLOWEST);
  for (const f of costliest) lines.push(`census timing: ${f.file}: worker ${f.worker}, ${f1(f.at - f.ms)} → ${f1(f.at)} s, CPU ${f1(f.cpuMs)} s`);
  return lines;
}

/** The costliest files `--timing` lists, with the worker and the span of the run they took. */
const SLOWEST = 6;

export const now = (): number => performance.now();
