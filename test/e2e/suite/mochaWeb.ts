// Mocha for the web-worker extension host (VS Code for the Web): mocha's browser build. Imported FIRST by
// web-index.ts, so that the tdd globals exist before the statically imported *.test.ts files call them.
//
// Pitfall: mocha's package says "type": "module", so esbuild treats its UMD browser build as ESM and leaves the UMD
// header's `module.exports = factory()` pointing at THIS bundle's module object. VS Code would then find mocha
// itself as the test entry and call mocha.run() instead of our run() (the suite runs, but never reports or exits).
// So the bundle's exports are saved before mocha loads and put back after.
const entryExports = module.exports;
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('mocha/mocha.js'); // sets the global `mocha`
module.exports = entryExports;

mocha.setup({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60_000 });
// `SHAPELENS_E2E_GREP=… node scripts/build.mjs --tests` narrows the run to some suites or tests (as in the Node host).
const only = process.env.SHAPELENS_E2E_GREP;
if (only) mocha.grep(only);

export const browserMocha = mocha;
