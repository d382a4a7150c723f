// the gradient checker against PyTorch 1.13 autograd in float64
// (test/fixtures/grad/cases.json, written by scripts/gen_grad_fixtures.py), and every number of the seeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCheck, type CheckFile, type NestedValues } from '../../src/engine/grad';

interface Expected {
  forward: Record<string, { shape: number[]; values: NestedValues }>;
  loss: number;
  grads: Record<string, { shape: number[]; values: NestedValues }>;
  sgd?: { lr: number; updated: Record<string, { shape: number[]; values: NestedValues }> };
}
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../test/fixtures/grad/cases.json'), 'utf8')) as {
  cases: { name: string; check: CheckFile; expected: Expected }[];
};

const flat = (v: NestedValues): (number | null)[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);

/** 1e-9 relative, with an absolute floor of 1e-12 for values that are zero up to cancellation. */
function close(actual: NestedValues, expected: NestedValues, what: string): void {
  const a = flat(actual), e = flat(expected);
  assert.equal(a.length, e.length, `${what}: ${a.length} values, torch has ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number, y = e[i] as number;
    const tol = 1e-9 * Math.max(Math.abs(x), Math.abs(y)) + 1e-12;
    assert.ok(Math.abs(x - y) <= tol, `${what}[${i}]: ShapeLens ${x}, torch ${y}`);
  }
}

test('the fixture file holds at least 40 torch cases', () => {
  assert.ok(fixture.cases.length >= 40, `${fixture.cases.length} cases`);
});

for (const c of fixture.cases) {
  test(`torch: ${c.name}`, () => {
    const r = runCheck(c.check);
    for (const [name, t] of Object.entries(c.expected.forward)) {
      assert.deepEqual(r.forward[name].shape, t.shape, `forward ${name} shape`);
      close(r.forward[name].values, t.values, `forward ${name}`);
    }
    close(r.loss, c.expected.loss, 'loss');
    for (const [name, t] of Object.entries(c.expected.grads)) {
      assert.deepEqual(r.grads[name].shape, t.shape, `grad ${name} shape`);
      close(r.grads[name].values, t.values, `grad ${name}`);
    }
    if (c.expected.sgd) {
      assert.ok(r.sgd, 'an SGD step');
      for (const [name, t] of Object.entries(c.expected.sgd.updated)) close(r.sgd!.updated[name].values, t.values, `sgd ${name}`);
    }
    assert.equal(r.passed, true, `finite differences: verdict ${r.verdict}, max rel ${r.max_rel_error}; ${r.warnings.join(' | ')}`);
  });
}
