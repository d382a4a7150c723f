// Mocha for the Node extension host (VS Code server, desktop). Imported FIRST by node-index.ts, so that the tdd
// globals (suite, test, suiteSetup, ...) exist before the statically imported *.test.ts files call them.
import type MochaType from 'mocha';

// mocha 12's package entry is ESM; its CommonJS build is what every Node extension host can require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha: typeof MochaType = require('mocha/lib/mocha.cjs');

export const mochaInstance = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
mochaInstance.suite.emit('pre-require', globalThis, 'shapelens-e2e', mochaInstance);

// The runner may narrow the run to some suites (the .vsix check runs the smoke suite only); the extension host
// inherits the server's environment.
const only = process.env.SHAPELENS_E2E_GREP;
if (only) mochaInstance.grep(only);
