// The command's entry (src/cli/launcher.ts, src/cli/codeCache.ts): the flags it starts Node with, and the V8 code
// cache of its bundle, which may speed a run up but never change or fail one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { CLI, ROOT, runProcess } from './support/process';

const seed = path.join(ROOT, 'examples', 'seed001_net.py');

test('the shebang of dist/cli/shapelens.js starts Node with the flags the launcher requires', () => {
  const shebang = fs.readFileSync(CLI, 'utf8').split('\n')[0];
  const m = /^#!\/usr\/bin\/env -S node((?: --[a-z-]+)+)$/.exec(shebang);
  assert.ok(m, `unexpected shebang: ${shebang}`);
  const launcher = fs.readFileSync(path.join(ROOT, 'src', 'cli', 'launcher.ts'), 'utf8');
  const list = /const V8_FLAGS = \[([^\]]*)\]/.exec(launcher);
  assert.ok(list, 'V8_FLAGS not found in src/cli/launcher.ts');
  const flags = [...list[1].matchAll(/'([^']+)'/g)].map((x) => x[1]);
  assert.deepEqual(m[1].trim().split(' '), flags);
});

/** A copy of the built command in a fresh folder, so its cache starts empty and can be spoilt. */
function copiedCli(): { cli: string; cache: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shapelens-launcher-'));
  fs.mkdirSync(path.join(dir, 'cli'));
  for (const f of ['shapelens.js', 'main.js']) fs.copyFileSync(path.join(ROOT, 'dist', 'cli', f), path.join(dir, 'cli', f));
  fs.cpSync(path.join(ROOT, 'dist', 'tree-sitter'), path.join(dir, 'tree-sitter'), { recursive: true });
  return { cli: path.join(dir, 'cli', 'shapelens.js'), cache: path.join(dir, 'cli', 'main.js.v8-cache') };
}

test('the code cache is written beside the bundle, used, and a spoilt one is replaced: the output never changes', async () => {
  const { cli, cache } = copiedCli();
  const run = async () => {
    const r = await runProcess(process.execPath, [cli, 'summary', seed, '--json']);
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    return r.stdout;
  };
  const first = await run();
  assert.ok(fs.existsSync(cache), 'the first run leaves a cache');
  const written = fs.readFileSync(cache);
  assert.match(written.subarray(0, 40).toString('latin1'), /^shapelens-v8-cache /);
  assert.equal(await run(), first);
  assert.ok(fs.readFileSync(cache).equals(written), 'a cache that fits is used as it is, not rewritten');

  fs.writeFileSync(cache, Buffer.concat([written.subarray(0, written.indexOf(10) + 1), Buffer.alloc(5000, 7)]));
  assert.equal(await run(), first, 'bytes V8 rejects');
  assert.ok(fs.readFileSync(cache).length > 5000 + 100, 'a rejected cache is replaced');

  fs.writeFileSync(cache, 'shapelens-v8-cache 1 0 0 v0 other\nnot a cache');
  assert.equal(await run(), first, 'a cache made for another bundle or Node');

  fs.rmSync(cache);
  fs.mkdirSync(cache); // a cache that can be neither read nor written
  assert.equal(await run(), first);
  assert.ok(fs.statSync(cache).isDirectory());
  fs.rmSync(path.dirname(path.dirname(cli)), { recursive: true, force: true });
});
