// `npm run stress`: runs the built CLI many times in parallel on a few fixtures, each run with a timeout, and
// reports hangs (a run killed at its timeout), failures (an exit code or output that differs from the first run of
// the same fixture) and wall times. Not part of `npm test`: it loads the machine on purpose, the way CI is loaded.
//
//   npm run stress -- [--workers 4] [--runs 100] [--timeout 20] [--node-arg FLAG]… [FILE…]
//
// --runs is per worker; each worker goes round the fixtures in turn. --node-arg passes a flag to `node` before the
// script (to compare start-up variants). The last line is one JSON object with every figure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'dist', 'cli', 'shapelens.js');

const opts = { workers: 4, runs: 100, timeout: 20, nodeArgs: [], files: [] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const next = () => {
    if (i + 1 >= argv.length) usage(`${a} needs a value`);
    return argv[++i];
  };
  if (a === '--workers') opts.workers = positive(a, next());
  else if (a === '--runs') opts.runs = positive(a, next());
  else if (a === '--timeout') opts.timeout = positive(a, next());
  else if (a === '--node-arg') opts.nodeArgs.push(next());
  else if (a === '-h' || a === '--help') usage('');
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else opts.files.push(a);
}
if (opts.files.length === 0) {
  opts.files = [
    'test/fixtures/models/resnet50.py', 'test/fixtures/models/unet.py', 'examples/seed001_net.py',
    'test/fixtures/models-ts/resnet18.ts',
  ];
}
for (const f of opts.files) if (!fs.existsSync(path.resolve(root, f))) usage(`no such file: ${f}`);
if (!fs.existsSync(cli)) usage('dist/cli/shapelens.js is missing: run `npm run build` first');

function positive(flag, v) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) usage(`${flag} must be a positive integer, got "${v}"`);
  return n;
}

function usage(message) {
  if (message) process.stderr.write(`stress: ${message}\n`);
  process.stderr.write('usage: npm run stress -- [--workers N] [--runs M] [--timeout SECONDS] [--node-arg FLAG]… [FILE…]\n');
  process.exit(2);
}

/** One run of the CLI in its own process group; on timeout the whole group is killed. */
function runOnce(file) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...opts.nodeArgs, cli, 'summary', file, '--json'],
      { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, opts.timeout * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ file, code, signal, hung, ms, out, err, pid: child.pid });
    });
  });
}

const reference = new Map(); // file → the first run's { code, out }
const results = [];
const failures = [];
let done = 0;
const total = opts.workers * opts.runs;
const t0 = Date.now();

async function worker(w) {
  for (let i = 0; i < opts.runs; i++) {
    const file = opts.files[(w + i) % opts.files.length];
    const r = await runOnce(file);
    results.push(r);
    done++;
    if (r.hung) {
      failures.push(`hang: ${file} (pid ${r.pid}) still running after ${opts.timeout} s`);
    } else {
      const ref = reference.get(file);
      if (!ref) reference.set(file, { code: r.code, out: r.out });
      else if (r.code !== ref.code) failures.push(`failure: ${file} exited ${r.code ?? r.signal}, the first run ${ref.code}${r.err ? `: ${r.err.trim().split('\n')[0]}` : ''}`);
      else if (r.out !== ref.out) failures.push(`failure: ${file} printed other output than the first run`);
      if (r.code !== 0 && r.code !== 1) failures.push(`failure: ${file} exited ${r.code ?? r.signal}${r.err ? `: ${r.err.trim().split('\n')[0]}` : ''}`);
    }
    if (process.stderr.isTTY) process.stderr.write(`\r${done}/${total}`);
  }
}

await Promise.all(Array.from({ length: opts.workers }, (_, w) => worker(w)));
if (process.stderr.isTTY) process.stderr.write('\r');

const times = results.filter((r) => !r.hung).map((r) => r.ms).sort((a, b) => a - b);
const pct = (p) => (times.length ? times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] : NaN);
const hangs = results.filter((r) => r.hung).length;
const failed = new Set(failures.filter((f) => f.startsWith('failure')));
const summary = {
  workers: opts.workers, runs: results.length, hangs, failures: failed.size, p50_ms: Math.round(pct(50)), p99_ms: Math.round(pct(99)),
  max_ms: Math.round(times[times.length - 1] ?? NaN), timeout_s: opts.timeout, node_args: opts.nodeArgs, files: opts.files,
  wall_s: Math.round((Date.now() - t0) / 100) / 10, load_average: (await loadAverage()) ?? undefined,
};
for (const f of new Set(failures)) console.log(f);
console.log(`runs ${summary.runs}, hangs ${hangs}, failures ${failed.size}, p50 ${summary.p50_ms} ms, p99 ${summary.p99_ms} ms ` +
  `(${opts.workers} workers × ${opts.runs} runs, timeout ${opts.timeout} s, ${summary.wall_s} s in all)`);
console.log(JSON.stringify(summary));
process.exitCode = hangs > 0 || failed.size > 0 ? 1 : 0;

async function loadAverage() {
  try {
    return (await fs.promises.readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
  } catch {
    return undefined;
  }
}
