// `shapelens check` end to end: the built CLI on the example check files (exit codes, --json contract, the readable
// report), and runCheckCommand directly for usage and file errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCheckCommand } from '../../src/cli/checkCommand';
import { runCli } from './support/process';

const root = path.join(__dirname, '../../..');
const examples = path.join(root, 'examples/checks');
const shapelens = async (...args: string[]) => {
  const r = await runCli(args);
  return { ...r, status: r.code };
};

const capture = (args: string[], files: Record<string, string> = {}) => {
  let stdout = '', stderr = '';
  const code = runCheckCommand(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, isTTY: false }, (p) => {
    if (p in files) return files[p];
    return fs.readFileSync(path.join(root, p), 'utf8');
  });
  return { code, stdout, stderr };
};

test('shapelens check --json on seed000_linear_sgd.json: the check file contract', async () => {
  const r = await shapelens('check', 'examples/checks/seed000_linear_sgd.json', '--json');
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.forward.y, { shape: [2], values: [14, 8] });
  assert.deepEqual(j.forward.L, { shape: [], values: 2.5 });
  assert.deepEqual(j.grads.A, { shape: [2, 2], values: [[-2, -4], [4, 8]] });
  assert.deepEqual(j.numeric_grads.A.shape, [2, 2]);
  assert.ok(j.max_rel_error < 1e-7);
  assert.equal(j.passed, true);
  assert.deepEqual(j.warnings, []);
  assert.deepEqual(j.sgd, { lr: 1, updated: { A: { shape: [2, 2], values: [[5, 6], [-2, -7]] } } });
});

test('every example check passes through the built CLI', async () => {
  for (const f of fs.readdirSync(examples).filter((n) => n.endsWith('.json'))) {
    const r = await shapelens('check', path.join('examples/checks', f), '--json');
    assert.equal(r.status, 0, `${f}: ${r.stderr}`);
    assert.equal(JSON.parse(r.stdout).passed, true, f);
  }
});

test('the seed pooling and convolution outputs come out of shapelens check', async () => {
  const out = async (f: string, name: string) => JSON.parse((await shapelens('check', `examples/checks/${f}.json`, '--json')).stdout).forward[name].values[0][0];
  assert.deepEqual(await out('seed000_avgpool', 'y'), [[5, 2], [1, 4]]);
  assert.deepEqual(await out('seed000_maxpool', 'y'), [[8, 8, 3], [8, 8, 7], [2, 7, 7]]);
  assert.deepEqual(await out('seed003_conv_pad0_stride1', 'y'), [[5, 3, 1], [1, 3, 5], [-5, 7, -1]]);
  assert.deepEqual(await out('seed003_conv_pad1_stride2', 'y'), [[2, 6, 0], [-6, 3, 1], [0, -6, 0]]);
  assert.deepEqual(await out('seed003_maxpool_3x3_pad1_stride3', 'y'), [[4, 4], [0, 4]]);
});

test('the readable report shows forward values, both gradients, the SGD step and the verdict, without colours off a TTY', async () => {
  const r = capture(['check', 'examples/checks/seed000_linear_sgd.json']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /y \[2\] = \[ 14 {3}8 \]/);
  assert.match(r.stdout, /loss L = 2\.5/);
  assert.match(r.stdout, /analytic\n +\[ -2 +-4 \]\n +\[ +4 +8 \]/);
  assert.match(r.stdout, /A′ =\n +\[ +5 +6 \]\n +\[ -2 +-7 \]/);
  assert.match(r.stdout, /Verdict: PASSED \(good\)/);
  assert.doesNotMatch(r.stdout, /\x1b\[/);
});

test('exit 1 when the check fails (a step far too large for a curved objective)', async () => {
  const r = capture(['examples/checks/seed004_three_sigmoid.json', '--step', '0.5']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /Verdict: FAILED/);
});

test('exit 2 for malformed files and usage errors, with the step and the field named', async () => {
  const bad = JSON.stringify({
    inputs: { x: { values: [1, 2], requires_grad: true } },
    program: [{ out: 'y', fn: 'F.conv2d', args: ['x', 'w'] }], objective: { type: 'scalar', name: 'y' },
  });
  let r = capture(['bad.json'], { 'bad.json': bad });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.json: step 1 \(y = F\.conv2d\), args\[1\] \(weight\): unknown tensor 'w'/);
  r = capture(['broken.json'], { 'broken.json': '{ "inputs": ' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not valid JSON/);
  r = capture(['missing.json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read missing\.json/);
  r = capture([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /missing FILE/);
  r = capture(['x.json', '--frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option --frobnicate/);
  const cliBad = await shapelens('check', 'no/such/file.json');
  assert.equal(cliBad.status, 2);
});

test('seed 001 and 003 gradients through the CLI: softmax + cross-entropy gives y − t, ‖Wx‖² gives 2qxᵀ and 2Wᵀq', async () => {
  const ce = JSON.parse((await shapelens('check', 'examples/checks/seed001_softmax_cross_entropy.json', '--json')).stdout);
  const y = ce.forward.y.values as number[];
  (ce.grads.z.values as number[]).forEach((g, i) => assert.ok(Math.abs(g - (y[i] - (i === 0 ? 1 : 0))) < 1e-15));
  const wx = JSON.parse((await shapelens('check', 'examples/checks/seed003_wx_squared_norm.json', '--json')).stdout);
  const r = (v: number[][] | number[]) => JSON.parse(JSON.stringify(v), (_k, x) => (typeof x === 'number' ? +x.toFixed(12) : x));
  assert.deepEqual(r(wx.grads.W.values), [[0.088, 0.176], [0.104, 0.208]]);
  assert.deepEqual(r(wx.grads.x.values), [-0.112, 0.636]);
  assert.equal(+wx.loss.toFixed(12), 0.116);
});
