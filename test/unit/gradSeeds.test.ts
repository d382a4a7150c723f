// every number of the seeds comes out of runCheck (forward, gradients, SGD); the presets and the example
// check files agree; the working strings; malformed files fail with a message naming the step and the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  CheckFormatError, PRESETS, explainForwardElement, explainGradElement, parseCheck, runCheck, type CheckFile, type NestedValues,
} from '../../src/engine/grad';

const preset = (id: string): CheckFile => {
  const p = PRESETS.find((q) => q.id === id);
  assert.ok(p, `preset ${id}`);
  return p.check;
};
/** Drops the leading singleton (batch, channel) dims of a (1, 1, H, W) result. */
const plane = (v: NestedValues): NestedValues => (Array.isArray(v) && v.length === 1 && Array.isArray(v[0]) ? plane(v[0]) : v);
const approx = (v: NestedValues, digits = 12): NestedValues => (Array.isArray(v) ? v.map((e) => approx(e, digits)) : v === null ? null : +v.toFixed(digits));

test('seed 000: AvgPool2d(2, 2) → [[5, 2], [1, 4]]', () => {
  const r = runCheck(preset('seed000-avgpool'));
  assert.deepEqual(plane(r.forward.y.values), [[5, 2], [1, 4]]);
  assert.deepEqual(plane(r.grads.img.values), [[0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25]]);
  assert.equal(r.passed, true);
});

test('seed 000: MaxPool2d(2, 1) → [[8, 8, 3], [8, 8, 7], [2, 7, 7]]; the 8 collects four gradients', () => {
  const r = runCheck(preset('seed000-maxpool'));
  assert.deepEqual(plane(r.forward.y.values), [[8, 8, 3], [8, 8, 7], [2, 7, 7]]);
  assert.deepEqual(plane(r.grads.img.values), [[0, 0, 1, 0], [0, 4, 0, 0], [0, 0, 3, 0], [1, 0, 0, 0]]);
  assert.equal(r.passed, true);
});

test('seed 000: y = Ax → [14, 8], L = 2.5, dL/dA = [[−2, −4], [4, 8]], A′ = [[5, 6], [−2, −7]]', () => {
  const r = runCheck(preset('seed000-linear-sgd'));
  assert.deepEqual(r.forward.y.values, [14, 8]);
  assert.equal(r.loss, 2.5);
  assert.equal(r.forward.L.values, 2.5);
  assert.deepEqual(r.grads.A.values, [[-2, -4], [4, 8]]);
  assert.deepEqual(r.sgd?.updated.A.values, [[5, 6], [-2, -7]]);
  assert.equal(r.passed, true);
  assert.equal(r.verdict, 'good');
  assert.ok(r.max_rel_error < 1e-7);
});

test('seed 003: I ⋆ F padding 0 stride 1 → [[5, 3, 1], [1, 3, 5], [−5, 7, −1]]', () => {
  const r = runCheck(preset('seed003-conv-pad0-stride1'));
  assert.deepEqual(plane(r.forward.y.values), [[5, 3, 1], [1, 3, 5], [-5, 7, -1]]);
  // dL/dF with L = Σy: each filter tap sums the 3×3 patch of I it touches.
  assert.deepEqual(plane(r.grads.F.values), [[15, 18], [11, 11]]);
  assert.equal(r.passed, true);
});

test('seed 003: I ⋆ F padding 1 stride 2 → [[2, 6, 0], [−6, 3, 1], [0, −6, 0]]', () => {
  const r = runCheck(preset('seed003-conv-pad1-stride2'));
  assert.deepEqual(plane(r.forward.y.values), [[2, 6, 0], [-6, 3, 1], [0, -6, 0]]);
  assert.equal(r.passed, true);
});

test('seed 003: max-pool 3×3 padding 1 stride 3 → [[4, 4], [0, 4]], with the tie at 0 reported', () => {
  const r = runCheck(preset('seed003-maxpool-3x3-pad1-stride3'));
  assert.deepEqual(plane(r.forward.y.values), [[4, 4], [0, 4]]);
  // The tie (two zeros in the bottom-left window) routes to the first in row-major order: I[2][1].
  assert.deepEqual(plane(r.grads.I.values), [[0, 0, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]);
  assert.ok(r.warnings.some((w) => /max-pool tie/.test(w)), r.warnings.join('\n'));
  assert.deepEqual(r.checks.I.kink_crossings, [9, 12]);
  assert.equal(r.passed, true);
});

test('seed 003: ‖Wx‖²: f = 0.116, ∇W = 2qxᵀ, ∇x = 2Wᵀq', () => {
  const r = runCheck(preset('seed003-wx-squared-norm'));
  assert.deepEqual(approx(r.forward.q.values), [0.22, 0.26]);
  assert.equal(+r.loss.toFixed(12), 0.116);
  assert.deepEqual(approx(r.grads.W.values), [[0.088, 0.176], [0.104, 0.208]]);
  assert.deepEqual(approx(r.grads.x.values), [-0.112, 0.636]);
  assert.equal(r.verdict, 'good');
});

test('seed 004: the 3-sigmoid network gradients equal the closed forms of the homework', () => {
  const r = runCheck(preset('seed004-three-sigmoid'));
  const h = (v: number) => 1 / (1 + Math.exp(-v));
  const x = [0.5, -1, 2], y2 = [0.2, 0.9, 0.4], y3 = [0.7, 0.1, 0.5], wx1 = 0.8, w12 = -1.2, w13 = 0.6;
  let g12 = 0, g13 = 0, gx1 = 0;
  x.forEach((xi, i) => {
    const z1 = h(xi * wx1), z2 = h(z1 * w12), z3 = h(z1 * w13);
    g12 += 2 * (z2 - y2[i]) * z2 * (1 - z2) * z1;
    g13 += 2 * (z3 - y3[i]) * z3 * (1 - z3) * z1;
    gx1 += (2 * (z2 - y2[i]) * z2 * (1 - z2) * w12 + 2 * (z3 - y3[i]) * z3 * (1 - z3) * w13) * z1 * (1 - z1) * xi;
  });
  const close = (a: unknown, b: number) => assert.ok(Math.abs((a as number) - b) < 1e-12, `${a} vs ${b}`);
  close(r.grads.w_12.values, g12);
  close(r.grads.w_13.values, g13);
  close(r.grads.w_x1.values, gx1);
  close(r.sgd!.updated.w_x1.values, 0.8 - 0.5 * gx1);
  assert.equal(r.verdict, 'good');
});

test('seed 001: softmax + cross-entropy gradient is y − t', () => {
  const r = runCheck(preset('seed001-softmax-cross-entropy'));
  const y = r.forward.y.values as number[];
  const expected = y.map((v, i) => v - (i === 0 ? 1 : 0));
  (r.grads.z.values as number[]).forEach((g, i) => assert.ok(Math.abs(g - expected[i]) < 1e-15, `${g} vs ${expected[i]}`));
  assert.equal(r.verdict, 'good');
});

test('seed 001: the LeNet slice passes the check and takes an SGD step', () => {
  const r = runCheck(preset('seed001-lenet-slice'));
  assert.deepEqual(r.forward.conv.shape, [2, 2, 4, 4]);
  assert.deepEqual(r.forward.flat.shape, [2, 8]);
  assert.deepEqual(r.forward.fc2.shape, [2, 3]);
  assert.equal(r.passed, true, r.warnings.join('\n'));
  assert.ok(r.sgd && r.sgd.updated.w2.shape.join() === '4,8');
});

test('every preset passes, and examples/checks/ holds the same checks', () => {
  const dir = path.join(__dirname, '../../../examples/checks');
  for (const p of PRESETS) {
    assert.equal(runCheck(p.check).passed, true, p.id);
    const file = path.join(dir, `${p.id.replace(/^(seed\d+)-/, '$1_').replace(/-/g, '_')}.json`);
    const onDisk = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual({ ...onDisk, title: undefined, description: undefined }, { ...p.check, title: undefined, description: undefined }, file);
  }
});

test('working: y₁₁ = 1·1 + (−1)·2 + 0·4 + 2·3 = 5, and the chain rule with numbers', () => {
  assert.equal(explainForwardElement(preset('seed003-conv-pad0-stride1'), 'y', [0, 0, 0, 0]), 'y₁₁ = 1·1 + (−1)·2 + 0·4 + 2·3 = 5');
  assert.equal(explainForwardElement(preset('seed000-avgpool'), 'y', [0, 0, 0, 0]), 'y₁₁ = (1 + 4 + 7 + 8) / 4 = 5');
  assert.equal(explainForwardElement(preset('seed000-maxpool'), 'y', [0, 0, 1, 2]), 'y₂₃ = max(1, 2, 7, 3) = 7');
  assert.equal(explainForwardElement(preset('seed000-linear-sgd'), 'y', [0]), 'y₁ = 3·2 + 2·4 = 14');
  assert.equal(explainGradElement(preset('seed000-linear-sgd'), 'A', [1, 1]), '∂L/∂A₂₂ = ∂L/∂y₂·∂y₂/∂A₂₂ = 2·4 = 8');
  assert.match(explainGradElement(preset('seed003-conv-pad0-stride1'), 'F', [0, 0, 0, 0]), /= 15$/);
});

const bad = (check: unknown, pattern: RegExp) => {
  assert.throws(() => runCheck(parseCheck(check)), (e: unknown) => e instanceof CheckFormatError && pattern.test(e.message));
};
const base = () => JSON.parse(JSON.stringify(preset('seed000-linear-sgd')));

test('malformed checks name the step and the field', () => {
  const ragged = base(); ragged.inputs.A.values = [[3, 2], [2]];
  bad(ragged, /inputs\.A\.values\[1\]: ragged rows/);
  const nan = base(); nan.inputs.x.values = [2, 'NaN'];
  bad(nan, /inputs\.x\.values\[1\]: expected a number/);
  const inf = base(); inf.inputs.x.values = [2, Infinity];
  bad(inf, /not a finite number/);
  const unknownFn = base(); unknownFn.program[0].fn = 'torch.matmull';
  bad(unknownFn, /step 1 \(y = torch\.matmull\), fn: unknown function/);
  const missing = base(); missing.program[1].args = ['y', 'target'];
  bad(missing, /step 2 \(sse = F\.mse_loss\), args\[1\] \(target\): unknown tensor 'target'/);
  const shape = base(); shape.inputs.x.values = [2, 4, 1];
  bad(shape, /step 1 \(y = torch\.matmul\), other: shapes \[2, 2\] and \[3\] cannot be multiplied/);
  const declared = base(); declared.inputs.A.shape = [2, 3];
  bad(declared, /inputs\.A\.values\.shape: declared \[2, 3\] but the values have shape \[2, 2\]/);
  const kw = base(); kw.program[1].kwargs = { reduce: 'sum' };
  bad(kw, /step 2 \(sse = F\.mse_loss\), reduce: reduce is deprecated/);
  const red = base(); red.program[1].kwargs = { reduction: 'total' };
  bad(red, /reduction: expected one of 'none', 'mean', 'sum'/);
  const obj = base(); obj.objective.name = 'y';
  bad(obj, /a scalar objective needs one element/);
  const big = base(); big.inputs.x = { values: [0], shape: [5000, 1000] };
  bad(big, /declared \[5000, 1000\]|exceed/);
});

test('a wrong analytic gradient is caught by the finite differences', async () => {
  const { GRAD_OPS } = await import('../../src/engine/grad/ops');
  const op = GRAD_OPS.get('torch.matmul')! as { forward: (...a: unknown[]) => { backward: (g: unknown) => Record<string, { data: Float64Array }> } };
  const original = op.forward;
  op.forward = (...a: unknown[]) => {
    const r = original(...a);
    return { ...r, backward: (g: unknown) => { const d = r.backward(g); d.input.data[0] *= 1.01; return d; } };
  };
  try {
    const r = runCheck(preset('seed000-linear-sgd'));
    assert.equal(r.passed, false);
    assert.equal(r.checks.A.bands[0], 'suspicious');
    assert.equal(r.checks.A.bands[3], 'good');
  } finally {
    op.forward = original;
  }
});

test('kinks: a ReLU input at exactly 0 and a leaky ReLU at 0 are reported and left out of the verdict', () => {
  for (const fn of ['F.relu', 'F.leaky_relu']) {
    const r = runCheck({
      inputs: { x: { values: [-1, 0, 2], requires_grad: true } },
      program: [{ out: 'y', fn: fn as 'F.relu' }].map((s) => ({ ...s, args: ['x'] })),
      objective: { type: 'upstream', name: 'y' }, upstream: { of: 'y', values: [1, 2, 3] },
    });
    assert.deepEqual(r.checks.x.kink_crossings, [1], fn);
    assert.ok(r.warnings.some((w) => /input is exactly 0 at element 1/.test(w)), fn);
    assert.equal(r.passed, true, fn);
    assert.equal(r.has_kinks, true);
  }
});

test('a sampled check: the cap, the seed, nulls where not sampled', () => {
  const check: CheckFile = {
    inputs: { w: { values: Array.from({ length: 30 }, (_, i) => [i / 10, -i / 20]), requires_grad: true } },
    program: [{ out: 'q', fn: 'torch.tanh', args: ['w'] }, { out: 'L', fn: 'torch.sum', args: ['q'] }],
    objective: { type: 'scalar', name: 'L' },
  };
  const r = runCheck(check, { maxElements: 7, seed: 3 });
  assert.equal(r.checks.w.checked, 7);
  assert.equal(r.checks.w.sampled, true);
  const nums = (r.numeric_grads.w.values as (number | null)[][]).flat();
  assert.equal(nums.filter((v) => v !== null).length, 7);
  assert.deepEqual(runCheck(check, { maxElements: 7, seed: 3 }).checks.w.indices, r.checks.w.indices);
  assert.ok(r.warnings.some((w) => /checked 7 of 60 elements/.test(w)));
  assert.equal(r.verdict, 'good');
});

test('parseCheck spells function aliases canonically and leaves the rest alone', () => {
  const check = JSON.parse(JSON.stringify(preset('seed003-conv-pad0-stride1')));
  check.program[0].fn = 'torch.nn.functional.conv2d';
  const parsed = parseCheck(check);
  assert.equal(parsed.program[0].fn, 'F.conv2d');
  assert.deepEqual(parsed.inputs, check.inputs);
});
