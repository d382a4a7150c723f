// `npm run test:electron`: the same suite entry (dist/test/e2e/node/index.js) in desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code from Microsoft (CI cannot: it runs
// `npm run test:vscode` instead). Screenshot markers are only printed here.
//   VSCODE_VERSION=1.90.0   which VS Code to download (default: stable)
//   VSCODE_EXECUTABLE=/path/to/code   use an installed VS Code instead of downloading one
import { runTests } from '@vscode/test-electron';
import { ROOT, SUITE, WORKSPACE, banner, requireBuiltSuite, runMain } from './harness.mjs';

runMain(async () => {
  requireBuiltSuite('node');
  banner('Suite in the NODE extension host of desktop VS Code (@vscode/test-electron)');
  try {
    await runTests({
      version: process.env.VSCODE_VERSION,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: SUITE.node,
      launchArgs: [WORKSPACE, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    });
  } catch (e) {
    console.error(`desktop VS Code tests failed: ${e instanceof Error ? e.message : e}`);
    return 1;
  }
  return 0;
});
