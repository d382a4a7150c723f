// The test runner of `npm test`'s Node stages: runs each test file in its own Node process (node:test, spec
// reporter), a few at a time, each with a time limit. A file that has not finished when its limit is reached is a
// hang: its whole process group is killed, the file fails with a message that says so, and the run goes on — CI
// never waits forever. Timing belongs in `npm run bench`; the limit here is only a guard, generous on purpose.
//
//   node scripts/run-tests.mjs [--timeout SECONDS] [--concurrency N] PATH…   (files, or folders of *.test.js / *.test.mjs)
//
// Each process starts with --no-concurrent-recompilation: Node 20 can deadlock at exit when a concurrent compile job
// is still running (see src/cli/launcher.ts), and a test file is a Node process that exits like any other.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const NODE_FLAGS = ['--no-concurrent-recompilation', '--test-reporter=spec'];

const opts = { timeout: 600, concurrency: Math.max(1, Math.min(2, os.cpus().length)), paths: [] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--timeout') opts.timeout = Number(argv[++i]);
  else if (a === '--concurrency') opts.concurrency = Number(argv[++i]);
  else opts.paths.push(a);
}
if (!(opts.timeout > 0) || !(opts.concurrency >= 1) || opts.paths.length === 0) {
  console.error('usage: node scripts/run-tests.mjs [--timeout SECONDS] [--concurrency N] PATH…');
  process.exit(2);
}

const isTest = (f) => /\.test\.m?js$/.test(f);
const files = opts.paths.flatMap((p) => {
  if (!fs.existsSync(p)) {
    console.error(`run-tests: no such file or folder: ${p}`);
    process.exit(2);
  }
  return fs.statSync(p).isDirectory() ? fs.readdirSync(p).filter(isTest).sort().map((f) => path.join(p, f)) : [p];
});
if (files.length === 0) {
  console.error(`run-tests: no test files in ${opts.paths.join(', ')}`);
  process.exit(2);
}

/** Runs one file; resolves with its output, exit status, the counts the spec reporter printed, and whether it hung. */
function runFile(file) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [...NODE_FLAGS, file], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, opts.timeout * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const count = (name) => Number(new RegExp(`^ℹ ${name} (\\d+)`, 'm').exec(output)?.[1] ?? 0);
      resolve({ file, output, code, signal, hung, seconds: (Date.now() - t0) / 1000,
        tests: count('tests'), pass: count('pass'), fail: count('fail') + count('cancelled') });
    });
  });
}

// Terminating the runner terminates the files it started.
const running = new Set();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const pid of running) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
    process.exit(130);
  });
}

const results = [];
let next = 0;
await Promise.all(Array.from({ length: Math.min(opts.concurrency, files.length) }, async () => {
  while (next < files.length) {
    const file = files[next++];
    const r = await runFile(file);
    results.push(r);
    process.stdout.write(`\n── ${path.basename(file)} ${'─'.repeat(Math.max(3, 100 - path.basename(file).length))}\n${r.output}`);
    if (r.hung) {
      process.stdout.write(`\n✖ ${file}: no result after ${opts.timeout} s — the process group was killed (a hang, or a test that waits forever)\n`);
    }
  }
}));

const failed = results.filter((r) => r.hung || r.code !== 0);
console.log('\n── summary ' + '─'.repeat(90));
for (const r of results.sort((a, b) => a.file.localeCompare(b.file))) {
  const status = r.hung ? 'HANG' : r.code === 0 ? 'ok  ' : 'FAIL';
  console.log(`  ${status}  ${path.basename(r.file).padEnd(34)} ${String(r.pass).padStart(5)} passed ${String(r.fail).padStart(4)} failed ${r.seconds.toFixed(1).padStart(7)} s`);
}
const total = results.reduce((s, r) => ({ pass: s.pass + r.pass, fail: s.fail + r.fail }), { pass: 0, fail: 0 });
console.log(`  ${results.length} files, ${total.pass} tests passed, ${total.fail} failed${failed.length ? `; failing files: ${failed.map((r) => path.basename(r.file)).join(', ')}` : ''}`);
process.exitCode = failed.length > 0 ? 1 : 0;
