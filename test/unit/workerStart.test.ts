// How the Node extension host starts the analysis: a worker thread that runs workerStart.ts's lines (Node's compile
// cache where there is one, then the worker's bundle), reads its own grammars (the init message brings none), and
// answers; the same bundle required in a thread that is no worker gives the server's class for the in-thread fallback
// and starts nothing; and the extension's own bundle stays a thin client, without the analysis.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { test } from 'node:test';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { NODE_WORKER_BUNDLE, WORKER_START } from '../../src/extension/workerStart';
import type { ServerMessage } from '../../src/server/protocol';
import { CONFIG } from './support/editorServer';

const DIST = path.resolve(__dirname, '../..');
const BUNDLE = path.join(DIST, '..', ...NODE_WORKER_BUNDLE);
const MODEL = path.resolve(DIST, '../test/e2e/workspace/model.py');

test('the worker started as the extension starts it reads its own grammars and answers hints', async () => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shapelens-worker-cache-'));
  const worker = new Worker(WORKER_START, { eval: true, workerData: { bundle: BUNDLE, cacheDir } });
  try {
    const text = fs.readFileSync(MODEL, 'utf8');
    const doc = `file://${MODEL}`;
    const messages: ServerMessage[] = [];
    const answered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer from the worker within 60 s')), 60_000);
      worker.on('error', (e) => { clearTimeout(timer); reject(e); });
      worker.on('message', (m: ServerMessage) => {
        messages.push(m);
        if (m.kind === 'response') { clearTimeout(timer); resolve(); }
      });
    });
    worker.postMessage({ kind: 'init', wasm: {}, config: CONFIG });
    worker.postMessage({ kind: 'open', doc, language: 'python', text, version: 1 });
    worker.postMessage({ kind: 'request', id: 1, method: 'hints', params: { doc, offset: 0, lineCount: text.split('\n').length, startLine: 0, endLine: 100 } });
    await answered;
    const ready = messages.find((m) => m.kind === 'ready');
    assert.equal(ready?.kind === 'ready' && ready.treeSitter, 'ok', 'the grammars read from dist/tree-sitter by the worker itself');
    const response = messages.find((m) => m.kind === 'response');
    assert.ok(response?.kind === 'response' && Array.isArray(response.result) && response.result.length > 0, 'hints of model.py');
    // Node 22.1 and later keep the compiled bundle in the folder given; older Nodes start without it
    if (typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function') {
      assert.ok(fs.readdirSync(cacheDir, { recursive: true }).length > 0, 'the compile cache written');
    }
  } finally {
    await worker.terminate();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});

test('the worker bundle required outside a worker gives the server class and starts nothing', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundle = require(BUNDLE) as { EditorServer?: unknown };
  assert.equal(typeof bundle.EditorServer, 'function');
});

test('the worker\'s idle collection is a young-generation collection, and leaves no `gc` to other contexts', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundle = require(BUNDLE) as { youngGenerationCollector(): (() => void) | undefined };
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) kinds.push((e as unknown as { detail: { kind: number } }).detail.kind);
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    const collect = bundle.youngGenerationCollector();
    assert.equal(typeof collect, 'function', 'a collection where the process is Node');
    assert.equal(vm.runInNewContext('typeof gc'), 'undefined', 'V8\'s --expose-gc set only while the collection was made');
    // garbage over the threshold in the young generation, then the collection; V8 may have collected on its own
    // while the garbage was made (then the young generation may hold too little), so it is tried a few times
    for (let attempt = 0; attempt < 10 && !kinds.includes(1); attempt++) {
      let garbage: unknown[] = [];
      for (let i = 0; i < 100_000; i++) garbage.push({ i });
      garbage = [];
      kinds.length = 0;
      collect!();
      await new Promise((r) => setTimeout(r, 20)); // the observer's entries come asynchronously, and nothing is made meanwhile
      assert.equal(garbage.length, 0);
    }
    assert.ok(kinds.includes(1), `a minor collection (kind 1); the collections seen: ${JSON.stringify(kinds)}`);
  } finally {
    observer.disconnect();
  }
});

test('the Node extension bundle is a thin client: the analysis stays in the worker bundle', () => {
  const extension = fs.readFileSync(path.join(DIST, 'node', 'extension.js'), 'utf8');
  assert.ok(!/node_modules\/web-tree-sitter\//.test(extension), 'no tree-sitter in the extension bundle');
  assert.ok(!/src\/engine\/layers\//.test(extension), 'no layer registry in the extension bundle (esbuild marks each source file it bundles)');
  assert.ok(extension.length < 300_000, `the extension bundle is ${Math.round(extension.length / 1000)} KB`);
});
