// Route A: the suite in the NODE extension host of a real VS Code server — the one bundled in code-server 4.139.1
// (VS Code 1.139), run on Node 24, its workbench shown in headless chromium.
//
// code-server's own CLI rejects --enable-smoke-test-driver, and without that flag the workbench ignores the test
// payload, so the bundled lib/vscode/out/server-main.js is started directly: in its own process group (the extension
// host and file watchers are its children) with HOME redirected into a scratch folder. The tests are injected with
// the workbench's `payload` URL parameter (extensionDevelopmentPath / extensionTestsPath).
//
//   node test/e2e/run-server.mjs        (after `node scripts/build.mjs --tests`; installs the cache if needed)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE, Fail, ROOT, WORKSPACE, banner, driveWorkbench, freePort, judge, requireBuiltSuite, runCommand, runMain, seconds } from './harness.mjs';
import { ensureTools, tools } from './tools.mjs';

const HOST = '127.0.0.1';

/** A fresh scratch folder for one server run: home, user data, server data, extensions. */
function scratch(name) {
  const work = path.join(CACHE, 'runs', name);
  fs.rmSync(work, { recursive: true, force: true });
  const dirs = { work, home: path.join(work, 'home'), data: path.join(work, 'user-data'), serverData: path.join(work, 'server-data'),
    extensions: path.join(work, 'extensions') };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  // A quiet window: no welcome page, no chat side bar, no telemetry or update checks.
  fs.mkdirSync(path.join(dirs.data, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.data, 'User/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false, 'files.autoSave': 'off',
  }, null, 2));
  return dirs;
}

const serverArgs = (dirs) => ['--accept-server-license-terms', '--disable-telemetry', '--server-data-dir', dirs.serverData,
  '--user-data-dir', dirs.data, '--extensions-dir', dirs.extensions];

/**
 * Installs a .vsix into the scratch extensions folder with the server's own `--install-extension`; `id` is the
 * extension's publisher.name (ShapeLens unless told).
 */
export async function installVsix(vsix, dirs, id = 'shapelens.shapelens') {
  const code = await runCommand(tools.node24.node, [tools.codeServer.serverMain, ...serverArgs(dirs), '--install-extension', vsix, '--force'],
    { env: { ...process.env, HOME: dirs.home }, timeoutMs: 120_000 });
  if (code !== 0) throw new Fail(`installing ${path.relative(ROOT, vsix)} into the VS Code server failed (${code === 'timeout' ? 'no result after 120 s' : `exit ${code}`})`);
  const installed = fs.readdirSync(dirs.extensions).filter((d) => d.startsWith(`${id}-`));
  if (installed.length !== 1) throw new Fail(`--install-extension reported success but ${dirs.extensions} holds ${JSON.stringify(fs.readdirSync(dirs.extensions))}`);
  return path.join(dirs.extensions, installed[0]);
}

/** Starts server-main.js and waits until it answers. Returns { authority, stop }. */
export async function startServer(dirs, env) {
  const port = await freePort();
  const authority = `${HOST}:${port}`;
  const server = spawn(tools.node24.node, [tools.codeServer.serverMain, '--host', HOST, '--port', String(port), '--without-connection-token',
    '--enable-smoke-test-driver', '--disable-workspace-trust', ...serverArgs(dirs)],
  { detached: true, env: { ...process.env, HOME: dirs.home, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const onData = (d) => { log += d; if (process.env.SERVER_LOG) process.stdout.write(`[server] ${d}`); };
  server.stdout.on('data', onData);
  server.stderr.on('data', onData);
  let exited = null;
  server.on('exit', (code, signal) => (exited = code ?? signal));
  const stop = () => { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ } }; // the whole group
  process.on('exit', stop);
  const t0 = Date.now();
  for (;;) {
    if (exited !== null) throw new Fail(`the VS Code server exited (${exited}) before answering:\n${log.trim()}`);
    try { if ((await fetch(`http://${authority}/version`)).ok) break; } catch { /* not up yet */ }
    if (Date.now() - t0 > 60_000) { stop(); throw new Fail(`the VS Code server did not answer on ${authority} within 60 s:\n${log.trim()}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`VS Code server (code-server ${serverVersion()}) up on ${authority} after ${seconds(t0)}`);
  return { authority, stop };
}

function serverVersion() {
  const pkg = path.join(path.dirname(tools.codeServer.serverMain), '../../../package.json');
  try { return JSON.parse(fs.readFileSync(pkg, 'utf8')).version; } catch { return '?'; }
}

/**
 * Runs the Node suite in the VS Code server. With `developmentPath` the extension is loaded from that folder
 * (the source tree); without it only the extensions installed in `dirs.extensions` exist (the .vsix check).
 */
export async function runServerSuite({ label, prefix, developmentPath, dirs = scratch(prefix), env = {} }) {
  const t0 = Date.now();
  const suite = requireBuiltSuite('node');
  const { authority, stop } = await startServer(dirs, env);
  try {
    const remote = (p) => `vscode-remote://${authority}${p}`;
    const payload = [['extensionTestsPath', remote(suite)]];
    if (developmentPath) payload.unshift(['extensionDevelopmentPath', remote(developmentPath)]);
    const url = `http://${authority}/?folder=${encodeURIComponent(WORKSPACE)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const outcome = await driveWorkbench({ url, label, prefix });
    const passed = judge(label, outcome);
    console.log(`${label} took ${seconds(t0)}`);
    return { passed, counts: outcome.counts };
  } finally {
    stop();
  }
}

export { scratch };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runMain(async () => {
    await ensureTools({ web: false });
    banner('Suite in the NODE extension host (VS Code server 1.139 from code-server, Node 24)');
    const { passed } = await runServerSuite({ label: '[node host]', prefix: 'node', developmentPath: ROOT });
    return passed ? 0 : 1;
  });
}
