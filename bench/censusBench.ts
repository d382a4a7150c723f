// The census on real model code: a fixed subset of 375 files of the fetched corpus (spread evenly over its Python
// files and notebooks in path order, so every repository is represented in proportion, timm's factory-heavy files
// included), analysed by `census.js` in one process as `npm run census` runs it: on worker threads, one per CPU the
// machine offers (CENSUS_JOBS=N sets another number; 1 analyses on the main thread), with its --timing account. The corpus is not part of the
// project (it is fetched public code, never committed): where it is absent, as in CI, this part says so and is
// skipped; the bench never fails for it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listSources } from '../src/cli/sources';

/** Where the corpus is looked for: SHAPELENS_CORPUS, else the folder the project's census figures were made on. */
const CORPUS = process.env.SHAPELENS_CORPUS ?? '/work/corpus';
/** About this many files: the size of the corpus the speed target was set on. */
const SUBSET = 375;
/** The Node flags of `npm run census` (a larger young generation: the analysis makes many short-lived objects). */
export const CENSUS_NODE_FLAGS = ['--no-concurrent-recompilation', '--max-semi-space-size=32'];
/** A guard, not a target: a census that has not finished by then is reported as such. */
const TIMEOUT_MS = 20 * 60_000;

const isPython = (file: string): boolean => /\.(py|ipynb)$/i.test(file);

/** `size` files spread evenly over the corpus in path order (the j-th is file ⌊j · files / size⌋), or all of them. */
export function censusSubset(files: readonly string[], size = SUBSET): string[] {
  if (files.length <= size) return [...files];
  return Array.from({ length: size }, (_, j) => files[Math.floor((j * files.length) / size)]);
}

interface CensusSummary {
  readonly files: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly filesPerSecond: number;
  readonly rootModels: number;
  readonly completeRoots: number;
  readonly crashes: readonly unknown[];
  /** Worker threads (1: the main thread); absent before the census had them. */
  readonly jobs?: number;
}

export async function censusBench(log: (line: string) => void): Promise<Record<string, number | string>> {
  if (!fs.existsSync(CORPUS) || !fs.statSync(CORPUS).isDirectory()) {
    log(`census: no corpus at ${CORPUS} (set SHAPELENS_CORPUS to a folder of fetched repositories): skipped`);
    return { census: 'skipped: no corpus' };
  }
  const root = path.resolve(__dirname, '..', '..');
  const all = listSources(CORPUS, isPython).filter(isPython);
  const subset = censusSubset(all);
  const repositories = new Set(subset.map((f) => path.relative(CORPUS, f).split(path.sep)[0])).size;
  const census = path.join(root, 'dist', 'scripts', 'census.js');
  const jobs = process.env.CENSUS_JOBS ? ['--jobs', process.env.CENSUS_JOBS] : [];
  const load0 = os.loadavg()[0];
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [...CENSUS_NODE_FLAGS, census, ...subset, '--json', '--timing', ...jobs],
    { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: TIMEOUT_MS });
  const wall = (performance.now() - t0) / 1000;
  if (run.status !== 0) {
    const why = run.error ? run.error.message : run.stderr.trim().split('\n').pop() ?? `exit ${run.status}`;
    log(`census: did not finish (${why}) after ${wall.toFixed(1)} s`);
    return { census: `failed: ${why}` };
  }
  const s = (JSON.parse(run.stdout) as { summary: CensusSummary }).summary;
  const threads = (s.jobs ?? 1) > 1 ? `${s.jobs} worker threads` : 'the main thread';
  log(`census: ${s.files} files of ${all.length} (spread evenly, ${repositories} repositories) ` +
    `in one process on ${threads}: ${s.seconds.toFixed(1)} s wall, ${s.cpuSeconds.toFixed(1)} s CPU, ${s.filesPerSecond.toFixed(1)} files/s ` +
    `(target < 30 s; machine load average ${load0.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after, on ${os.cpus().length} CPUs); ` +
    `${s.completeRoots} of ${s.rootModels} root models complete, ${s.crashes.length} crashes`);
  // where the wall time went beyond CPU / threads: each worker's busy, CPU and GC time, the idle tail (census --timing)
  for (const line of run.stderr.split('\n').filter((l) => l.startsWith('census timing: '))) log(`  ${line}`);
  return {
    census_files: s.files, census_s: Math.round(s.seconds * 10) / 10, census_cpu_s: Math.round(s.cpuSeconds * 10) / 10,
    census_files_per_s: Math.round(s.filesPerSecond * 10) / 10, census_process_s: Math.round(wall * 10) / 10,
    census_jobs: s.jobs ?? 1, census_load_before: Math.round(load0 * 10) / 10, census_load_after: Math.round(os.loadavg()[0] * 10) / 10,
    census_root_models: s.rootModels, census_complete_roots: s.completeRoots,
  };
}
