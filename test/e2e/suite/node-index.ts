// The standard `run()` test entry for the Node extension host: the VS Code server (test/e2e/run-server.mjs) and
// desktop VS Code through @vscode/test-electron (test/e2e/run-electron.mjs). Bundled to dist/test/e2e/node/index.js.
import { mochaInstance } from './mochaNode'; // first: defines suite/test before the test files run
import './smoke.test';
import './editor.test';
import './gradient.test';
import './editorReal.test';
import './latency.test';
import { settle } from './result';

export function run(): Promise<void> {
  return settle((done) => mochaInstance.run(done));
}
