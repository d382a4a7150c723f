// How the Node extension host starts its analysis worker thread. Apart from analysisClient.ts (no `vscode` here), so
// that `npm run bench` and the unit tests start the worker exactly as the extension does.

/** The Node worker's bundle, in the extension's folder (the in-thread fallback requires the same file). */
export const NODE_WORKER_BUNDLE = ['dist', 'node', 'analysisWorker.js'] as const;

/**
 * The Node worker thread's first lines. Loading the 1.4 MB analysis bundle is about half of the worker's start
 * (some 110 ms on an idle machine, most of it compiling; more while VS Code starts): where Node keeps a compile cache
 * (22.1 and later) it is kept in the extension's storage, checked by Node against the bundle's text, so later
 * sessions load the compiled code (20–65 ms less to ready, by run; `npm run bench`). Without it (older Node, no
 * storage, a folder that cannot be written) the bundle loads as before.
 */
export const WORKER_START = `const { workerData } = require('node:worker_threads');
const mod = require('node:module');
const cached = !!workerData.cacheDir && typeof mod.enableCompileCache === 'function';
if (cached) { try { mod.enableCompileCache(workerData.cacheDir); } catch {} }
require(workerData.bundle);
if (cached && typeof mod.flushCompileCache === 'function') { try { mod.flushCompileCache(); } catch {} }`;
