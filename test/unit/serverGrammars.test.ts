// The analysis server's grammars: ready with Python's alone (the first hints of a Python file do not wait for the
// TypeScript grammars), and a TypeScript document opened later still gets its hints, its notes kept in order.
// Its own file: the parsers are loaded once per process, and another test loading every grammar would hide this.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { parsersReady } from '../../src/analysis';
import { TestClient } from './support/editorServer';

const WORKSPACE = path.resolve(__dirname, '../../../test/e2e/workspace');

test('ready with the Python grammar only; a TypeScript document loads its grammar and is answered in order', async () => {
  const c = new TestClient(WORKSPACE);
  assert.equal(await c.ready, 'ok');
  assert.equal(parsersReady('python'), true);
  assert.equal(parsersReady('typescript'), false, 'the TypeScript grammar waits until a TypeScript document opens');
  const py = c.open('model.py');
  assert.ok((await c.hints(py)).length > 0, 'Python hints without the TypeScript grammar');

  const ts = c.open('lenet.ts', { language: 'typescript' });
  // an edit sent right behind the open, before the grammar is there, must apply to the opened text
  c.edit(ts, 0, 0, '// edited\n');
  const hints = await c.hints(ts);
  assert.equal(parsersReady('typescript'), true);
  assert.ok(hints.length > 0, 'the TypeScript document has hints');
  assert.ok(hints.every((h) => Number(h.split(':')[0]) > 1), 'the hints are of the edited text (shifted by the added line)');
  await c.settle();
});
