// Unknown is never a silent number: every fallback of the interpreter (test/fixtures/fallbacks/, one construct per
// file) gives the diagnostics its header names — infos, never errors — and marks the totals as they must be.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, initParsers } from '../../src/analysis';
import { modelJson } from '../../src/cli/summaryJson';
import { ROOT } from './support/process';

const DIR = path.join(ROOT, 'test', 'fixtures', 'fallbacks');

interface Header { expect: string[]; complete: boolean }

function header(text: string, file: string): Header {
  const expect = /^# expect:(.*)$/m.exec(text);
  const totals = /^# totals: (complete|incomplete)$/m.exec(text);
  assert.ok(expect && totals, `${file}: the first two lines must be '# expect: …' and '# totals: …'`);
  return { expect: expect[1].split(',').map((s) => s.trim()).filter(Boolean).sort(), complete: totals[1] === 'complete' };
}

before(async () => {
  const wasm = path.join(ROOT, 'dist', 'tree-sitter');
  await initParsers(async (f) => new Uint8Array(fs.readFileSync(path.join(wasm, f))), ['python']);
});

const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.py')).sort();

test('the fallback fixtures cover at least a dozen constructs', () => {
  assert.ok(files.length >= 12, `only ${files.length} files`);
});

for (const file of files) {
  test(`fallbacks/${file}`, () => {
    const text = fs.readFileSync(path.join(DIR, file), 'utf8');
    const want = header(text, file);
    const a = analyzeText(text, 'python', { strict: false });
    const roots = a.models.filter((m) => m.root);
    assert.equal(roots.length, 1, `one root model (got ${a.models.map((m) => m.name).join(', ')})`);
    const m = roots[0];
    const all = [...a.diagnostics, ...m.diagnostics];
    assert.deepEqual(all.filter((d) => d.severity === 'error').map((d) => d.message), [], 'no error on code that runs');
    const got = all.map((d) => `${d.code}@${d.range.start.line + 1}`).sort();
    assert.deepEqual(got, want.expect, all.map((d) => `${d.range.start.line + 1}: ${d.severity} ${d.code}: ${d.message}`).join('\n'));
    const json = modelJson(m);
    assert.equal(json.totals_complete, want.complete, `totals_complete (params_complete ${json.params_complete}, cost_complete ${json.cost_complete})`);
    if (!want.complete) {
      assert.ok(all.every((d) => d.severity === 'info'), 'said as infos');
      assert.ok(json.incomplete_reason, 'the totals say why they are lower bounds');
    }
  });
}
