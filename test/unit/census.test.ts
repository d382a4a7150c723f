// `npm run census` (scripts/census.ts): on worker threads (--jobs 2) it reports exactly what the main thread
// (--jobs 1) does, file by file and in path order, whichever worker analysed a repository; only the timings differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { ROOT, runProcess } from './support/process';

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
