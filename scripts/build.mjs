// Builds every bundle with esbuild: the extension (Node and web-worker hosts), the CLI, the webview scripts,
// and with --tests the unit tests, the real-VS-Code suite entries, the benchmark and the census.
// The tree-sitter runtime and grammar .wasm files are copied next to the bundles and loaded by explicit path/bytes.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const withTests = args.has('--tests');
const dist = path.join(root, 'dist');

// Grammars: copied, never fetched.
const wasmDir = path.join(dist, 'tree-sitter');
fs.mkdirSync(wasmDir, { recursive: true });
const pkgDir = (name) => path.join(root, 'node_modules', name); // some packages do not export package.json
for (const [from, name] of [
  [path.join(pkgDir('web-tree-sitter'), 'web-tree-sitter.wasm'), 'web-tree-sitter.wasm'],
  [path.join(pkgDir('tree-sitter-python'), 'tree-sitter-python.wasm'), 'tree-sitter-python.wasm'],
  [path.join(pkgDir('tree-sitter-typescript'), 'tree-sitter-typescript.wasm'), 'tree-sitter-typescript.wasm'],
  [path.join(pkgDir('tree-sitter-typescript'), 'tree-sitter-tsx.wasm'), 'tree-sitter-tsx.wasm'],
]) fs.copyFileSync(from, path.join(wasmDir, name));

const common = {
  bundle: true, absWorkingDir: root, logLevel: 'warning', sourcemap: production ? false : 'linked',
  minify: production, target: 'es2022', legalComments: 'none',
  // the Python ShapeLens ships (src/analysis/python/bundled/) is bundled as text
  loader: { '.py': 'text' },
};
// web-tree-sitter's Emscripten glue mentions node modules it only uses under Node; the web build never reaches them.
const nodeBuiltinsForWeb = ['fs', 'fs/promises', 'module', 'path', 'url', 'node:fs', 'node:fs/promises', 'node:module', 'node:path', 'node:url',
  'node:worker_threads', 'node:v8', 'node:vm'];

// Under Node, web-tree-sitter's glue gets createRequire with `await import("module")`, which starts Node's ESM loader
// (~100 ms of a short CLI run). In a CommonJS bundle the same module is one synchronous require away (done in the
// banner: inside the glue, `require` is a hoisted local): rewritten at build time, so the glue keeps its Node path.
const syncModuleImport = {
  name: 'sync-module-import',
  setup(build) {
    build.onLoad({ filter: /web-tree-sitter[\\/]web-tree-sitter\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const rewritten = source.replace('await import("module")', '__nodeModule'); // see importMetaBanner
      if (rewritten === source) throw new Error('web-tree-sitter: the `await import("module")` to rewrite is gone; check scripts/build.mjs');
      return { contents: rewritten, loader: 'js' };
    });
  },
};

// web-tree-sitter's ESM glue calls createRequire(import.meta.url) under Node; a CJS bundle has no import.meta,
// so Node bundles get the bundle's own file URL instead.
const importMetaBanner = "var __importMetaUrl = require('url').pathToFileURL(__filename).href, __nodeModule = require('module');";
const nodeImportMeta = { define: { 'import.meta.url': '__importMetaUrl' }, banner: { js: importMetaBanner }, plugins: [syncModuleImport] };

// The web-worker bundle has no import.meta either; the glue only builds a URL from it (the bytes come from wasmBinary),
// so any absolute URL does (the worker's own may be a blob: URL, which cannot be a base).
const webImportMetaBanner = "var __importMetaUrl = 'file:///';";

// The Node extension's own versions of two modules: its in-thread fallback loads the worker's bundle instead of
// carrying the analysis itself (inThreadServer.node.ts), and it reads `file:` URIs with Node's fs (fileAccess.node.ts).
const nodeInThreadServer = {
  name: 'node-in-thread-server',
  setup(build) {
    build.onResolve({ filter: /^\.\/(inThreadServer|fileAccess)$/ }, (args) => ({ path: path.join(args.resolveDir, `${args.path.slice(2)}.node.ts`) }));
  },
};

const exists = (p) => fs.existsSync(path.join(root, p));
const builds = [
  // The Node extension is a thin client: the analysis lives in the worker's bundle alone (inThreadServer.node.ts)
  esbuild.build({ ...common, platform: 'node', format: 'cjs', entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist/node', external: ['vscode'], plugins: [nodeInThreadServer] }),
  esbuild.build({ ...common, platform: 'browser', format: 'cjs', entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist/web', external: ['vscode', ...nodeBuiltinsForWeb], banner: { js: webImportMetaBanner },
    define: { 'process.env.NODE_ENV': '"production"', 'import.meta.url': '__importMetaUrl' } }),
  // The analysis server, run off the extension host's thread: a worker_threads Worker (Node host), a nested Web Worker
  // (VS Code for the Web; loaded with importScripts, hence a classic script).
  esbuild.build({ ...common, ...nodeImportMeta, platform: 'node', format: 'cjs', entryPoints: { analysisWorker: 'src/server/worker.ts' },
    outdir: 'dist/node' }),
  esbuild.build({ ...common, platform: 'browser', format: 'iife', entryPoints: { analysisWorker: 'src/server/worker.ts' },
    outdir: 'dist/web', external: nodeBuiltinsForWeb, banner: { js: webImportMetaBanner },
    define: { 'process.env.NODE_ENV': '"production"', 'import.meta.url': '__importMetaUrl' } }),
  esbuild.build({ ...common, ...nodeImportMeta, platform: 'node', format: 'cjs', entryPoints: { main: 'src/cli/main.ts' }, outdir: 'dist/cli' }),
  // The command's entry: starts Node with the flags the command needs (see src/cli/launcher.ts), then loads main.js.
  esbuild.build({ ...common, platform: 'node', format: 'cjs', entryPoints: { shapelens: 'src/cli/launcher.ts' }, outdir: 'dist/cli',
    banner: { js: '#!/usr/bin/env -S node --no-concurrent-recompilation --liftoff-only --wasm-lazy-validation' } }),
];
for (const page of ['gradientChecker', 'summary']) {
  if (exists(`src/webview/${page}/main.ts`)) builds.push(esbuild.build({ ...common, platform: 'browser', format: 'iife',
    entryPoints: { [page]: `src/webview/${page}/main.ts` }, outdir: 'dist/webview' }));
}
if (withTests) {
  const unit = fs.readdirSync(path.join(root, 'test/unit')).filter((f) => f.endsWith('.test.ts'));
  builds.push(esbuild.build({ ...common, ...nodeImportMeta, sourcemap: 'inline', platform: 'node', format: 'cjs',
    entryPoints: unit.map((f) => `test/unit/${f}`), outdir: 'dist/test/unit' }));
  builds.push(esbuild.build({ ...common, ...nodeImportMeta, platform: 'node', format: 'cjs', entryPoints: { index: 'test/e2e/suite/node-index.ts' },
    outdir: 'dist/test/e2e/node', external: ['vscode', 'mocha'] }));
  builds.push(esbuild.build({ ...common, platform: 'browser', format: 'cjs', entryPoints: { index: 'test/e2e/suite/web-index.ts' },
    outdir: 'dist/test/e2e/web', external: ['vscode', ...nodeBuiltinsForWeb],
    // A web worker has no environment: the suite filter of the Node host's SHAPELENS_E2E_GREP is fixed at build time.
    define: { 'process.env.SHAPELENS_E2E_GREP': JSON.stringify(process.env.SHAPELENS_E2E_GREP ?? '') },
    logOverride: { 'commonjs-variable-in-esm': 'silent' } })); // test/e2e/suite/mochaWeb.ts restores module.exports on purpose
  if (exists('bench/bench.ts')) builds.push(esbuild.build({ ...common, ...nodeImportMeta, platform: 'node', format: 'cjs',
    entryPoints: { bench: 'bench/bench.ts' }, outdir: 'dist/bench' }));
  // `npm run census`: the analysis on a folder of real code (kept outside the project), one process for all files,
  // analysed on worker threads started from censusWorker.js beside it.
  builds.push(esbuild.build({ ...common, ...nodeImportMeta, platform: 'node', format: 'cjs',
    entryPoints: { census: 'scripts/census.ts', censusWorker: 'scripts/censusWorker.ts' }, outdir: 'dist/scripts' }));
}
try {
  await Promise.all(builds);
  fs.chmodSync(path.join(dist, 'cli/shapelens.js'), 0o755);
} catch (e) {
  console.error(e.message ?? e);
  process.exit(1);
}
