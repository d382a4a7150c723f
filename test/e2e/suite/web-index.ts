// The standard `run()` test entry for the web-worker extension host of VS Code for the Web (test/e2e/run-web.mjs).
// Bundled to dist/test/e2e/web/index.js. Same test files as node-index.ts.
import { browserMocha } from './mochaWeb'; // first: defines suite/test before the test files run
import './smoke.test';
import './editor.test';
import './gradient.test';
import './editorReal.test';
import './latency.test';
import { settle } from './result';

export function run(): Promise<void> {
  return settle((done) => browserMocha.run(done));
}
