// What the real-VS-Code runners share: where things live, one-line failures, and driving a VS Code workbench page in
// Debian's chromium through playwright-core. The workbench runs in "smoke test driver" mode: it forwards the
// extension host's console to window.codeAutomationLog and the test result to window.codeAutomationExit.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { clockOffset, round, summary } from './stats.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The heavy test-only builds (VS Code server, VS Code for the Web, Node 24) live here, installed on demand. */
export const CACHE = path.resolve(process.env.SHAPELENS_TEST_CACHE ?? path.join(ROOT, '.vscode-test-cache'));
export const OUTPUT = path.join(ROOT, 'test-output');
export const WORKSPACE = path.join(ROOT, 'test/e2e/workspace');
export const SUITE = {
  node: path.join(ROOT, 'dist/test/e2e/node/index.js'),
  web: path.join(ROOT, 'dist/test/e2e/web/index.js'),
};
export const TEST_TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS ?? 600_000);

/** A failure whose message says everything: printed as one line, without a stack trace. */
export class Fail extends Error {}

/** Runs main(); prints a Fail as one line and exits 1; anything else unexpected keeps its stack. */
export function runMain(main) {
  main().then(
    (code) => process.exit(code ?? 0),
    (e) => {
      if (e instanceof Fail) console.error(`\nERROR: ${e.message}`);
      else console.error(e);
      process.exit(1);
    },
  );
}

/**
 * Runs a command in its own process group with a time limit; when the limit is reached the whole group is killed
 * and the returned code is 'timeout'. `stdio` as for spawn (default: inherit). Resolves with the exit code.
 */
export function runCommand(command, args, { cwd = ROOT, env = process.env, stdio = 'inherit', timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio, detached: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    const kill = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ } };
    process.on('exit', kill);
    child.on('error', () => { clearTimeout(timer); process.off('exit', kill); resolve(-1); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      process.off('exit', kill);
      resolve(timedOut ? 'timeout' : code ?? signal);
    });
  });
}

export const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

export function banner(text) {
  const line = '='.repeat(Math.max(20, text.length + 4));
  console.log(`\n${line}\n  ${text}\n${line}`);
}

export function chromiumPath() {
  const candidate = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(candidate)) {
    throw new Fail(`Chromium not found at ${candidate}: install it (apt-get install -y chromium fonts-dejavu-core) or set CHROMIUM=/path/to/chromium.`);
  }
  return candidate;
}

export function requireBuiltSuite(host) {
  if (!fs.existsSync(SUITE[host])) throw new Fail(`${path.relative(ROOT, SUITE[host])} is missing: run \`node scripts/build.mjs --tests\` first.`);
  return SUITE[host];
}

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const SCREENSHOT = /\[\[screenshot:([\w-]+)\]\]/;
const METRICS = /\[\[metrics:([\w-]+):(\{.*\})\]\]/;
const RESULT = /\[\[mocha-result:(\{.*?\})\]\]/;
/** `[[profile:start]]` … `[[profile:stop:NAME]]`: with SHAPELENS_E2E_PROFILE=1, the window's JavaScript CPU profile in between. */
const PROFILE = /\[\[profile:(start|stop:([\w-]+))\]\]/;
/** `[[key:ID:TEXT]]`: type TEXT into the window's focused element as a user types it, noting when (the latency spec). */
const KEY = /\[\[key:([\w-]+):(.+)\]\]/;
/**
 * Wall-clock ms with the sub-millisecond part, on the system clock (stats.mjs clockOffset, measured again when a
 * typing session starts), as the extension host's moments are.
 */
let offset = clockOffset();
const offsets = [offset];
const wallNow = () => performance.timeOrigin + performance.now() + offset;

/**
 * Opens `url` (a workbench that runs the test suite) in headless chromium and waits for the suite to finish.
 * Test output is echoed with `label` in front; `[[screenshot:NAME]]` saves test-output/<prefix>-NAME.png and
 * `[[metrics:NAME:{json}]]` test-output/<prefix>-NAME.json.
 * Returns { exitCode, counts } where counts comes from the suite's result marker (null if the suite never ran).
 */
export async function driveWorkbench({ url, label, prefix }) {
  const { chromium } = await import('playwright-core');
  fs.mkdirSync(OUTPUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    /** When each keystroke the suite asked for was typed (wall-clock ms), by its id. */
    const keyTimes = new Map();
    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    let counts = null;
    let screenshots = Promise.resolve();
    await page.exposeFunction('codeAutomationLog', async (type, args) => {
      const first = String(args?.[0] ?? '');
      const shot = SCREENSHOT.exec(first);
      const result = RESULT.exec(first);
      const metrics = METRICS.exec(first);
      const profile = PROFILE.exec(first);
      const key = KEY.exec(first);
      if (key) {
        keyTimes.set(key[1], wallNow());
        await page.keyboard.type(key[2]).catch((e) => console.log(`${label} typing ${key[1]} failed: ${e.message}`));
      } else if (profile) {
        if (profile[1] === 'start') offsets.push((offset = clockOffset()));
        if (process.env.SHAPELENS_E2E_PROFILE) await windowProfile(page, profile[2], path.join(OUTPUT, `${prefix}-${profile[2]}.cpuprofile`), label);
      } else if (metrics) {
        const file = path.join(OUTPUT, `${prefix}-${metrics[1]}.json`);
        const figures = { ...withKeystrokes(JSON.parse(metrics[2]), keyTimes), runnerClockOffsetsMs: offsets.map(round) };
        fs.writeFileSync(file, `${JSON.stringify(figures, null, 1)}\n`);
        console.log(`${label} metrics: ${path.relative(ROOT, file)}`);
        for (const [name, entry] of Object.entries(figures)) {
          if (entry?.keyToHintMs) console.log(`${label} ${name}: keystroke → hint ${JSON.stringify(entry.keyToHintMs)} (without the first ${entry.keyToHintAfterFirstMs.left}: ${JSON.stringify({ ...entry.keyToHintAfterFirstMs, left: undefined })}), → VS Code asks ${JSON.stringify(entry.keyToRequestMs)} (clock order broken ${entry.keystrokes.clockOrder}×)`);
        }
      } else if (shot) {
        const file = path.join(OUTPUT, `${prefix}-${shot[1]}.png`);
        screenshots = screenshots.then(() => page.screenshot({ path: file })).then(
          () => console.log(`${label} screenshot: ${path.relative(ROOT, file)}`),
          (e) => console.log(`${label} screenshot ${shot[1]} failed: ${e.message}`));
        await screenshots;
      } else if (result) {
        counts = JSON.parse(result[1]);
      } else {
        const text = format(...(args ?? [])); // mocha's reporter logs printf-style ('%s) %s', ...)
        for (const line of text.replace(/\n$/, '').split('\n')) console.log(`${label} ${line}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    if (process.env.VERBOSE) page.on('console', (m) => console.log(`${label} [page] ${m.text()}`));
    const timer = setTimeout(() => finish('timeout'), TEST_TIMEOUT_MS);
    // the workbench's first load can take more than playwright's 30 s on a busy machine; the suite's limit applies
    await page.goto(url, { timeout: TEST_TIMEOUT_MS });
    const exitCode = await finished;
    clearTimeout(timer);
    await screenshots;
    if (exitCode === 'timeout') {
      await page.screenshot({ path: path.join(OUTPUT, `${prefix}-timeout.png`) }).catch(() => {});
      console.log(`${label} TIMEOUT after ${TEST_TIMEOUT_MS / 1000} s (screenshot: test-output/${prefix}-timeout.png)`);
    }
    return { exitCode, counts };
  } finally {
    await browser.close().catch(() => {});
  }
}

/** How many of a session's first keystrokes `keyToHintAfterFirstMs` leaves out. */
const WARM_UP_KEYS = 5;

/**
 * The latency spec's figures with the keystrokes' own: for every entry whose `keystrokes` lists the moments the suite
 * saw (wall-clock ms), the moment each key was typed here, and from it to the document change in the extension host,
 * to VS Code's request for hints, and to the hints delivered. `clockOrder` counts keystrokes whose moments are out of
 * order by more than 1 ms (asked → typed → changed): not 0 would mean the two processes' clocks disagree.
 * `keyToHintAfterFirstMs` leaves out the session's first WARM_UP_KEYS keystrokes.
 */
function withKeystrokes(metrics, keyTimes) {
  for (const entry of Object.values(metrics)) {
    const k = entry?.keystrokes;
    if (!k?.ids?.length) continue;
    const typedAt = k.ids.map((id) => keyTimes.get(id) ?? null);
    const from = (moments) => moments.map((t, i) => (t === null || typedAt[i] === null ? null : round(t - typedAt[i])));
    const hint = from(k.deliveredAt), changed = from(k.changedAt), asked = from(k.askedAt);
    const answered = k.deliveredAt.map((t, i) => (k.askedAt[i] === null ? null : round(t - k.askedAt[i])));
    const known = (xs) => xs.filter((x) => x !== null);
    k.typedAt = typedAt.map((t) => (t === null ? null : round(t)));
    k.perKey = { hint, changed, asked, answered };
    k.clockOrder = typedAt.filter((t, i) => t !== null && (t < k.emittedAt[i] - 1 || t > k.changedAt[i] + 1)).length;
    entry.keyToHintMs = summary(known(hint));
    entry.keyToChangeMs = summary(known(changed));
    entry.keyToRequestMs = summary(known(asked));
    entry.keyRequestToHintMs = summary(known(answered));
    // the same without the session's first keystrokes, which run VS Code's edit path (and the worker's) for the first
    // time in the window: what typing on costs, beside the figure above that includes them
    entry.keyToHintAfterFirstMs = { ...summary(known(hint.slice(WARM_UP_KEYS))), left: WARM_UP_KEYS };
    entry.keyToChangeAfterFirstMs = summary(known(changed.slice(WARM_UP_KEYS)));
  }
  return metrics;
}

let profiler;
/** Starts (name undefined) or stops and saves the window's CPU profile, through the DevTools protocol. */
async function windowProfile(page, name, file, label) {
  if (!name) {
    profiler = await page.context().newCDPSession(page);
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.send('Profiler.start');
    return;
  }
  if (!profiler) return;
  const { profile } = await profiler.send('Profiler.stop');
  fs.writeFileSync(file, JSON.stringify(profile));
  await profiler.detach().catch(() => {});
  profiler = undefined;
  console.log(`${label} window CPU profile: ${path.relative(ROOT, file)}`);
}

/** One line per run, and whether it passed: the workbench exit code AND the counted tests must agree. */
export function judge(label, { exitCode, counts }) {
  const passed = exitCode === 0 && counts !== null && counts.failed === 0 && counts.passed > 0;
  const tally = counts ? `${counts.passed} passed, ${counts.failed} failed${counts.pending ? `, ${counts.pending} pending` : ''}` : 'the suite did not report';
  console.log(`${label} ${passed ? 'PASSED' : 'FAILED'}: ${tally} (workbench exit code ${exitCode})`);
  return passed;
}
