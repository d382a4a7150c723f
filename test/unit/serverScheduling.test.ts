// The order of the analysis server's work: the screen's models before the others, the others only once the user
// stopped typing, and a just-opened file's first hints from the first model that builds the screen's class (not
// after every model of the file).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import type { ModelStub } from '../../src/analysis/model';
import { contextFor } from '../../src/server/contexts';
import { AnalysedText } from '../../src/server/documents';
import { BackgroundInterrupts, IDLE_COLLECT_MS, IdleCollector, nextBackgroundModel, REQUEST_AFTER_NOTE_MS, shownModels } from '../../src/server/scheduling';
import { EditorServer } from '../../src/server/server';
import { CONFIG } from './support/editorServer';
import { changesText, type ClientMessage } from '../../src/server/protocol';
import { loadParsers, REPO } from './support/expectations';

before(loadParsers);

/** The torchvision-style resnet.py with nine factories the real-VS-Code suite opens. */
const TV_RESNET = fs.readFileSync(path.join(REPO, 'test/e2e/workspace/real/tv_resnet.py'), 'utf8');
const stub = (name: string) => ({ name }) as ModelStub;

test('the background analyses the models the screen showed first, the others only when the text is quiet', () => {
  const roots = ['a', 'b', 'c'].map(stub);
  const none = () => false;
  assert.equal((nextBackgroundModel(roots, none, new Set(['c']), false) as ModelStub).name, 'c');
  assert.equal(nextBackgroundModel(roots, (s) => s.name === 'c', new Set(['c']), false), 'wait');
  assert.equal((nextBackgroundModel(roots, (s) => s.name === 'c', new Set(['c']), true) as ModelStub).name, 'a');
  assert.equal(nextBackgroundModel(roots, () => true, new Set(), true), undefined);
});

test('the screen\'s models are the contexts its answers used and the chosen model', () => {
  const served = new Map<string, string | null>([['ResNet', 'resnet18'], ['Bottleneck', null], ['', 'resnet18']]);
  assert.deepEqual([...shownModels(served, 'resnet50')].sort(), ['resnet18', 'resnet50']);
});

test('a just-opened file: the first hints analyse one model, found through helpers the factory calls', () => {
  const text = TV_RESNET;
  const t = new AnalysedText('tv', 'python', text, 1, { strict: false });
  try {
    const budget = { unseen: 1 };
    const resnet = t.regions.find((r) => r.name === 'ResNet')!;
    const bottleneck = t.regions.find((r) => r.name === 'Bottleneck')!;
    assert.equal(contextFor(t, resnet, { full: false, budget })?.model.name, 'resnet18');
    // resnet18 does not build Bottleneck, and the request's budget is spent: the background finds its model
    assert.equal(contextFor(t, bottleneck, { full: false, budget }), undefined);
    assert.equal(t.analysed().length, 1);
    assert.equal(t.served.get('Bottleneck'), null);
    // each request analyses one more (resnet34 builds BasicBlocks only); resnet50 is found next, by either
    assert.equal(contextFor(t, bottleneck, { full: false, budget: { unseen: 1 } }), undefined);
    assert.equal(contextFor(t, bottleneck, { full: false, budget: { unseen: 1 } })?.model.name, 'resnet50');
    assert.equal(t.analysed().length, 3);
  } finally {
    t.dispose();
  }
});

test('a browser worker stops a background model while the shared counter says a message is on its way', () => {
  const text = TV_RESNET;
  const t = new AnalysedText('tv', 'python', text, 1, { strict: false });
  try {
    const interrupts = new BackgroundInterrupts();
    assert.equal(interrupts.kind, 'time slices');
    const shared = new SharedArrayBuffer(4);
    interrupts.useCounter(shared);
    assert.equal(interrupts.kind, 'shared counter');
    const resnet152 = t.roots.find((s) => s.name === 'resnet152')!;
    Atomics.add(new Int32Array(shared), 0, 1); // the client posted a message
    assert.equal(interrupts.coming(), true);
    interrupts.run('tv\nresnet152', () => t.model(resnet152));
    assert.equal(t.isAnalysed(resnet152), false, 'stopped, and nothing half-analysed kept');
    interrupts.received({ kind: 'cancel', id: 1 });
    assert.equal(interrupts.coming(), false);
    interrupts.run('tv\nresnet152', () => t.model(resnet152));
    assert.equal(t.isAnalysed(resnet152), true);
  } finally {
    t.dispose();
  }
});

test('a model the screen shows is stopped by an edit, not by a request that will ask for it', () => {
  const t = new AnalysedText('tv', 'python', TV_RESNET, 1, { strict: false });
  try {
    const resnet152 = t.roots.find((s) => s.name === 'resnet152')!;
    const request: ClientMessage = { kind: 'request', id: 1, method: 'hints', params: {} };
    const edit: ClientMessage = { kind: 'change', doc: 'tv', version: 2, text: TV_RESNET };
    // Node's worker thread: the queue is looked at, and what was taken is kept for the server
    for (const [message, forScreen, stops] of [[request, false, true], [request, true, false], [edit, true, true]] as const) {
      const taken: ClientMessage[] = [];
      let queue: ClientMessage[] = [message];
      const interrupts = new BackgroundInterrupts((screen) => {
        for (let m = queue.shift(); m; m = queue.shift()) {
          taken.push(m);
          if (!screen || changesText(m)) return true;
        }
        return false;
      });
      const other = new AnalysedText('tv', 'python', TV_RESNET, 1, { strict: false });
      try {
        const stub = other.roots.find((s) => s.name === resnet152.name)!;
        interrupts.run('tv\nresnet152', () => other.model(stub), forScreen);
        assert.equal(other.isAnalysed(stub), !stops, `${message.kind}, ${forScreen ? 'shown' : 'not shown'}`);
        assert.deepEqual(taken, [message]);
        queue = [];
      } finally {
        other.dispose();
      }
    }
    // a browser worker with shared memory: slot 1 counts the messages that change a text
    const shared = new SharedArrayBuffer(8);
    const counter = new Int32Array(shared);
    const interrupts = new BackgroundInterrupts();
    interrupts.useCounter(shared);
    Atomics.add(counter, 0, 1); // a request on its way
    interrupts.run('tv\nresnet152', () => t.model(resnet152), true);
    assert.equal(t.isAnalysed(resnet152), true, 'a request does not stop a model the screen shows');
    interrupts.received(request);
    assert.deepEqual([...counter], [0, 0]);
    Atomics.add(counter, 0, 1);
    Atomics.add(counter, 1, 1); // an edit on its way
    assert.equal(interrupts.coming(true), true);
    interrupts.received(edit);
    assert.deepEqual([...counter], [0, 0]);
  } finally {
    t.dispose();
  }
});

test('background models in time slices end with the same results as analysed in one go', () => {
  const text = TV_RESNET;
  const whole = new AnalysedText('a', 'python', text, 1, { strict: false });
  const sliced = new AnalysedText('b', 'python', text, 1, { strict: false });
  try {
    const interrupts = new BackgroundInterrupts();
    for (const stub of sliced.roots) {
      // each attempt that runs out of time is dropped; the next one has twice the time
      for (let attempt = 0; attempt < 30 && !sliced.isAnalysed(stub); attempt++) interrupts.run(`b\n${stub.name}`, () => sliced.model(stub));
      assert.equal(sliced.isAnalysed(stub), true, stub.name);
      const exact = whole.model(whole.roots.find((s) => s.name === stub.name)!);
      assert.equal(JSON.stringify(sliced.model(stub), replacer), JSON.stringify(exact, replacer), stub.name);
    }
  } finally {
    whole.dispose();
    sliced.dispose();
  }
});

// what differs between two runs of the same model and is no result: the ids of tensors and storages (counted per
// process) and a symbolic size's key (cached when first asked)
const replacer = (k: string, v: unknown) => (['cachedKey', 'id', 'storage', 'memoryFacts'].includes(k) ? undefined : typeof v === 'bigint' ? v.toString() : v);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the idle collection runs once the server has been idle a moment after an answer, and a message puts it off', async () => {
  let runs = 0;
  const idle = new IdleCollector(() => runs++);
  idle.idle();
  idle.idle(); // one collection per pause, however often the server says it is idle
  await sleep(IDLE_COLLECT_MS * 3);
  assert.equal(runs, 1);
  const request: ClientMessage = { kind: 'request', id: 1, method: 'hints', params: { doc: 'd', offset: 0, lineCount: 1, startLine: 0, endLine: 1 } };
  idle.idle();
  idle.received(request); // a message came before the collection started
  await sleep(IDLE_COLLECT_MS * 3);
  assert.equal(runs, 1);
  new IdleCollector().idle(); // a server without a collection (a browser worker, the in-thread fallback): nothing to do
});

test('after an edit the idle collection waits for the request the edit brings, not the pause before it', () => {
  let now = 1000;
  const delays: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((_f: () => void, ms: number) => { delays.push(ms); return realSetTimeout(() => {}, 0); }) as typeof setTimeout;
  try {
    const idle = new IdleCollector(() => {}, () => now);
    idle.received({ kind: 'change', doc: 'd', version: 2, changes: [] });
    now += 10; // the edit analysed: idle, with VS Code's request still to come
    idle.idle();
    assert.equal(delays.at(-1), REQUEST_AFTER_NOTE_MS - 10);
    idle.received({ kind: 'request', id: 1, method: 'hints', params: { doc: 'd', offset: 0, lineCount: 1, startLine: 0, endLine: 1 } });
    idle.answered();
    idle.idle();
    assert.equal(delays.at(-1), IDLE_COLLECT_MS, 'after the answer: the pause before the next keystroke');
    idle.received({ kind: 'cancel', id: 1 });
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
});

test('the server collects once it is idle after answering', async () => {
  const collected: number[] = [];
  const answered: number[] = [];
  const server = new EditorServer((m) => {
    if (m.kind === 'response') answered.push(performance.now());
  }, undefined, () => collected.push(performance.now()));
  server.receive({ kind: 'init', wasm: {}, config: CONFIG });
  const doc = 'file:///idle/model.py';
  const text = 'import torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 2)\n\n    def forward(self, x):\n        return self.fc(x)\n';
  server.receive({ kind: 'open', doc, language: 'python', text, version: 1 });
  server.receive({ kind: 'request', id: 1, method: 'hints', params: { doc, offset: 0, lineCount: 9, startLine: 0, endLine: 9 } });
  const end = performance.now() + 10_000;
  while (collected.length === 0 && performance.now() < end) await sleep(5);
  assert.equal(answered.length, 1, 'the hints answered');
  assert.equal(collected.length, 1, 'one collection once idle');
  assert.ok(collected[0] >= answered[0], 'after the answer');
});

test('a model analysed as many short runs still asks the host whether to stop, and is not kept when stopped', () => {
  const t = new AnalysedText('tv', 'python', TV_RESNET, 1, { strict: false });
  try {
    const stub = t.roots.find((s) => s.name === 'resnet18')!;
    let asked = 0;
    new BackgroundInterrupts(() => ++asked > 0).run('tv\nresnet18', () => t.model(stub));
    assert.ok(asked >= 1, 'the host was asked');
    assert.equal(t.isAnalysed(stub), false, 'the stopped model is not kept');
    assert.ok(t.model(stub).totalParams > 0n, 'analysed again when asked for');
  } finally {
    t.dispose();
  }
});
