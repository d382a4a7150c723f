// The analysis worker's warm-up (src/server/warmUp.ts): warm_up.py analysed once per process in the server's first
// idle moment, only where a message stops it at once, and never ahead of a request. Its own file, its tests in this
// order: the warm-up is once per process (node --test runs each file in a process of its own), and the engine
// remembers what it evaluated, so a warm-up that runs after the file was analysed here would be too quick to stop.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import WARM_UP from '../../src/server/warm_up.py';
import { AnalysedText } from '../../src/server/documents';
import type { ClientMessage, ServerMessage } from '../../src/server/protocol';
import { EditorServer } from '../../src/server/server';
import { warmedUp } from '../../src/server/warmUp';
import { CONFIG } from './support/editorServer';
import { loadParsers } from './support/expectations';

before(loadParsers);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(f: () => boolean, what: string): Promise<void> {
  const end = performance.now() + 20_000;
  while (!f()) {
    if (performance.now() > end) throw new Error(`${what}: not within 20 s`);
    await sleep(5);
  }
}

test('no warm-up where nothing can stop it: background in time slices (no message peeking, no shared counter)', async () => {
  const posted: ServerMessage[] = [];
  const server = new EditorServer((m) => posted.push(m));
  server.receive({ kind: 'init', wasm: {}, config: CONFIG });
  await until(() => posted.some((m) => m.kind === 'ready'), 'ready');
  await sleep(200);
  assert.equal(warmedUp(), false);
});

test('the warm-up runs once idle, is stopped by a request, which is answered first, and then completes', async () => {
  const posted: { m: ServerMessage; warmed: boolean }[] = [];
  const incoming: ClientMessage[] = [];
  let peeks = 0;
  const server = new EditorServer((m) => posted.push({ m, warmed: warmedUp() }), () => {
    // the first look at the queue happens inside the warm-up (nothing else is running): a request has just come
    if (peeks++ === 0) incoming.push({ kind: 'request', id: 7, method: 'hints', params: { doc: 'file:///none.py', offset: 0, lineCount: 1, startLine: 0, endLine: 1 } });
    return incoming.shift();
  });
  server.receive({ kind: 'init', wasm: {}, config: CONFIG });
  await until(() => warmedUp(), 'the warm-up');
  const answer = posted.find(({ m }) => m.kind === 'response' && m.id === 7);
  assert.ok(answer, 'the request was answered');
  assert.equal(answer.warmed, false, 'before the warm-up completed: it stopped for the request');
  assert.ok(peeks > 1, 'the warm-up was run again after the request');
});

test('the warm-up file analyses without an error: every model complete, torchvision\'s resnet18 from ShapeLens\'s copy', () => {
  const t = new AnalysedText('warm', 'python', WARM_UP, 1, { strict: false });
  try {
    const models = Object.fromEntries(t.roots.map((s) => [s.name, t.model(s)]));
        // PyTorch 1.13 / torchvision 0.14, the file run as it is (a scratch script): net() (the root: Net is its part) 174,250 parameters,
    // torchvision's resnet18 with a 2-class fc 11,177,538
    assert.deepEqual(Object.values(models).map((m) => [m.name, m.totalParams, m.incomplete ?? false]),
      [['net', 174_250n, false], ['backbone', 11_177_538n, false]]);
    for (const m of Object.values(models)) assert.deepEqual(m.diagnostics.filter((d) => d.severity === 'error'), []);
  } finally {
    t.dispose();
  }
});
