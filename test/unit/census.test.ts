// `npm run census` (scripts/census.ts): on worker threads (--jobs 2) it reports exactly what the main thread
// (--jobs 1) does, file by file and in path order, whichever worker analysed a repository or a run of a repository's
// files (one larger than a thread's share is cut between workers); only the timings differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { listSources } from '../../src/cli/sources';

import { ROOT, runProcess } from './support/process';
import { expectedCost, partition, type Job } from '../../scripts/censusSchedule';
import { censusJobs } from '../../scripts/censusPool';

const CENSUS = path.join(ROOT, 'dist', 'scripts', 'census.js');
const PROJECTS = path.join(ROOT, 'test', 'fixtures', 'projects');
/** Three repositories, so both workers get one: multi-file packages (relative and star imports, a package `__init__`
 *  that re-exports) and a notebook. */
const FOLDERS = ['cifar_zoo', 'unet_parts', 'notebook_cnn'].map((f) => path.join(PROJECTS, f));

/** What depends on the clock: durations, and which files took over 2 s. */
const TIMING = new Set(['ms', 'seconds', 'cpuSeconds', 'filesPerSecond', 'slowFiles', 'jobs']);

function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !TIMING.has(k)).map(([k, v]) => [k, withoutTimings(v)]));
}

interface CensusJson {
  readonly summary: { readonly files: number; readonly jobs: number; readonly crashes: readonly unknown[] };
  readonly files: readonly { readonly file: string; readonly models: readonly unknown[] }[];
}

async function census(args: readonly string[]): Promise<CensusJson> {
  const r = await runProcess(process.execPath, ['--no-concurrent-recompilation', CENSUS, ...args], { timeoutMs: 180_000 });
  assert.equal(r.timedOut, false, `census ${args.join(' ')} did not finish`);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as CensusJson;
}

test('the census on two worker threads gives what the main thread gives, file by file, in path order', async () => {
  const [threads, main] = await Promise.all([census([...FOLDERS, '--json', '--jobs', '2']), census([...FOLDERS, '--json', '--jobs', '1'])]);
  assert.equal(threads.summary.jobs, 2);
  assert.equal(main.summary.jobs, 1);
  assert.ok(main.summary.files >= 10, `only ${main.summary.files} files`);
  assert.deepEqual(main.summary.crashes, []);
  assert.ok(main.files.some((f) => f.models.length > 0));
  assert.deepEqual(threads.files.map((f) => f.file), main.files.map((f) => f.file));
  assert.deepEqual(withoutTimings(threads), withoutTimings(main));
});

test('repositories cut between workers give what the main thread gives, file by file', async () => {
  // two repositories on three threads: at least one is more than a thread's share, so workers take contiguous runs
  // of its files, each with its own import cache that first loads the files before the run as modules (one is a
  // registry in timm's style, keyed by fn.__module__)
  const repos = ['cifar_zoo', 'registry_zoo'].map((f) => path.join(PROJECTS, f));
  const files = repos.flatMap((r) => listSources(r, (f) => f.endsWith('.py'))).map((f) => path.relative(PROJECTS, f));
  const units = partition(censusJobs(PROJECTS, files), 3);
  assert.ok(units.length > 2, `${units.length} units: no repository was cut`);
  const [threads, main] = await Promise.all([census([...repos, '--json', '--jobs', '3']), census([...repos, '--json', '--jobs', '1'])]);
  assert.equal(threads.summary.jobs, 3);
  assert.ok(main.summary.files >= 10, `only ${main.summary.files} files`);
  assert.ok(main.files.some((f) => f.models.length > 0));
  assert.deepEqual(withoutTimings(threads), withoutTimings(main));
});

test('the census takes at most one thread per file, and refuses a --jobs that is not a positive whole number', async () => {
  const one = await census([path.join(PROJECTS, 'gan_argparse'), '--json', '--jobs', '4']);
  assert.equal(one.summary.files, 1);
  assert.equal(one.summary.jobs, 1);
  for (const bad of ['0', 'two', '1.5']) {
    const r = await runProcess(process.execPath, [CENSUS, PROJECTS, '--jobs', bad]);
    assert.equal(r.code, 2, `--jobs ${bad}`);
    assert.match(r.stderr, /--jobs needs a positive whole number/);
  }
});

test('--timing says where the time went, on stderr, and leaves the JSON as it is', async () => {
  const r = await runProcess(process.execPath, ['--no-concurrent-recompilation', CENSUS, ...FOLDERS, '--json', '--jobs', '2', '--timing'],
    { timeoutMs: 180_000 });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.ok(lines.every((l) => l.startsWith('census timing: ')), r.stderr);
  assert.match(r.stderr, /worker 0: ready at .* busy .* GC /);
  assert.match(r.stderr, /worker 1: /);
  assert.match(r.stderr, /idle tail .* main thread busy /);
  const plain = await census([...FOLDERS, '--json', '--jobs', '2']);
  assert.deepEqual(withoutTimings(JSON.parse(r.stdout)), withoutTimings(plain));
});

const job = (index: number, project: string, cost: number): Job => ({ index, project, cost });

test('a repository over a thread\'s share is cut into contiguous runs of about equal cost; the costliest unit goes first', () => {
  // repository a: 6 files costing 60 of 80, over one thread's share (40) on two threads; b and c stay whole
  const jobs = [job(0, 'a', 10), job(1, 'a', 10), job(2, 'a', 10), job(3, 'a', 10), job(4, 'a', 10), job(5, 'a', 10),
    job(6, 'b', 15), job(7, 'c', 5)];
  const units = partition(jobs, 2);
  assert.deepEqual(units.map((u) => u.indices), [[0, 1, 2], [3, 4, 5], [6], [7]]);
  assert.deepEqual(units.map((u) => u.cost), [30, 30, 15, 5]);
  // every file exactly once, whatever the number of threads; one thread: every repository whole
  for (const threads of [1, 2, 3, 5, 8]) assert.deepEqual(partition(jobs, threads).flatMap((u) => u.indices).sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(partition(jobs, 1).map((u) => u.indices), [[0, 1, 2, 3, 4, 5], [6], [7]]);
  // the cut follows the cost, not the number of files: one costly file is a run of its own
  assert.deepEqual(partition([job(0, 'a', 1), job(1, 'a', 1), job(2, 'a', 40), job(3, 'a', 1), job(4, 'b', 2)], 2).map((u) => u.indices),
    [[2, 3], [0, 1], [4]]);
});

test('the expected cost of a file charges model code by its definitions and registered factories, not by length alone', () => {
  const plain = 'def step(opt):\n    return opt\n'.repeat(20);
  assert.equal(expectedCost(plain), plain.length / 200); // no torch.nn: length only
  const model = 'import torch.nn as nn\nclass Net(nn.Module):\n    pass\n';
  assert.ok(expectedCost(model) > expectedCost('x = 1\n'.repeat(model.length / 6)));
  const factories = model + '@register_model\ndef net_small(**kw):\n    return Net()\n'.repeat(3);
  assert.ok(expectedCost(factories) - expectedCost(model) >= 3 * 80);
});
