// Serves the built Gradient Checker page standalone (127.0.0.1, the extension's own HTML shell and CSP) and
// drives it in headless Chromium with a stub of the VS Code webview API: posted messages and setState are
// recorded on window.__vscode, and host messages are sent with window.postMessage.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const outDir = path.join(root, 'test-output');

/** The page's HTML shell from the source (the same function the extension host calls). */
async function loadPageHtml() {
  const out = path.join(root, 'dist/test/webview/pageHtml.mjs');
  await esbuild.build({ entryPoints: [path.join(root, 'src/extension/pageHtml.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'warning' });
  return import(`${out}?t=${Date.now()}`);
}

export async function startServer() {
  for (const f of ['gradientChecker.js', 'gradientChecker.css']) {
    if (!fs.existsSync(path.join(root, 'dist/webview', f))) throw new Error(`dist/webview/${f} is missing: run node scripts/build.mjs first`);
  }
  const { gradientCheckerHtml, makeNonce } = await loadPageHtml();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      const origin = `http://127.0.0.1:${server.address().port}`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(gradientCheckerHtml({ cspSource: origin, nonce: makeNonce(), scriptUri: `${origin}/dist/webview/gradientChecker.js`, styleUri: `${origin}/dist/webview/gradientChecker.css` }));
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = path.join(root, path.normalize(url.pathname));
    if (!file.startsWith(path.join(root, 'dist', 'webview')) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/json';
    res.writeHead(200, { 'content-type': type });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** The acquireVsCodeApi stub; the state survives reloads through sessionStorage, as VS Code keeps it for a hidden panel. */
function vscodeStub() {
  const saved = sessionStorage.getItem('__vscodeState');
  const record = { posted: [], state: saved ? JSON.parse(saved) : undefined, setStateCalls: 0 };
  window.__vscode = record;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => record.posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => record.state,
    setState: (s) => {
      record.state = s;
      record.setStateCalls++;
      sessionStorage.setItem('__vscodeState', JSON.stringify(s));
    },
  });
}

/** A fresh page with the stub; collects console errors and CSP violations. */
export async function openPage(browser, url, { width = 1400, height = 1000 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.addInitScript(vscodeStub);
  await page.goto(url);
  return { page, context, problems };
}

/** The viewport as the user sees it (the Working panel sticks to its bottom), or the whole page. */
export async function screenshot(page, name, { fullPage = false } = {}) {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `webview-${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}
