// The gradient checker's functions beyond the torch fixtures: kinks reported as ReLU's are, the registry's signature
// binding a step (keyword-only arguments, unknown keywords), and clear messages for what the checker does not do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckFormatError, parseCheck, runCheck, type CheckFile } from '../../src/engine/grad';

const oneStep = (fn: string, x: number[] | number[][], args: CheckFile['program'][number]['args'] = [], kwargs?: Record<string, never | string | number | boolean>): CheckFile => ({
  inputs: { x: { values: x, requires_grad: true } },
  program: [{ out: 'y', fn, args: ['x', ...(args ?? [])], ...(kwargs ? { kwargs } : {}) }],
  objective: { type: 'upstream', name: 'y' },
  upstream: { of: 'y', values: 1 },
});

const bad = (check: unknown, pattern: RegExp) =>
  assert.throws(() => runCheck(parseCheck(check)), (e: unknown) => e instanceof CheckFormatError && pattern.test(e.message), String(pattern));

test('abs at 0 is a kink: PyTorch’s derivative 0 is used, the element is reported and left out of the verdict', () => {
  const check = oneStep('torch.abs', [-1, 0, 2]);
  check.upstream = { of: 'y', values: [1, 2, 3] };
  const r = runCheck(check);
  assert.deepEqual(r.grads.x.values, [-1, 0, 3]);
  assert.ok(r.warnings.some((w) => /torch\.abs input is exactly 0 at element 1/.test(w)), r.warnings.join(' | '));
  assert.equal(r.has_kinks, true);
  assert.equal(r.passed, true);
});

test('amax ties share the gradient and are reported; ELU is kinky only when alpha ≠ 1', () => {
  const r = runCheck({ ...oneStep('torch.amax', [[1, 3, 3], [2, 0, 1]], [1]), upstream: { of: 'y', values: [1, 1] } });
  assert.deepEqual(r.grads.x.values, [[0, 0.5, 0.5], [1, 0, 0]]);
  assert.ok(r.warnings.some((w) => /amax: 2 elements tie at 3/.test(w)));
  const upstream = { of: 'y', values: [1, 1] };
  assert.equal(runCheck({ ...oneStep('F.elu', [-1, 2]), upstream }).has_kinks, false);
  assert.equal(runCheck({ ...oneStep('F.elu', [-1, 2], [], { alpha: 0.5 }), upstream }).has_kinks, true);
});

test('a step binds by the registry’s signature: alpha is keyword-only in torch.add, out= is not a step argument', () => {
  const add = (args: unknown[], kwargs?: object) => ({
    inputs: { a: { values: [1, 2], requires_grad: true }, b: { values: [3, 4] } },
    program: [{ out: 'y', fn: 'torch.add', args, ...(kwargs ? { kwargs } : {}) }],
    objective: { type: 'upstream', name: 'y' }, upstream: { of: 'y', values: [1, 1] },
  });
  assert.deepEqual(runCheck(parseCheck(add(['a', 'b'], { alpha: 2 }))).forward.y.values, [7, 10]);
  bad(add(['a', 'b', 2]), /torch\.add takes at most 2 positional arguments \(input, other\), got 3/);
  bad(add(['a', 'b'], { out: 'y' }), /torch\.add has no argument 'out'/);
});

test('what the checker does not do is said clearly', () => {
  bad(oneStep('torch.clamp', [1, 2]), /torch\.clamp is an op ShapeLens knows, but the gradient checker has no numeric forward\/backward for it/);
  bad(oneStep('torch.frobnicate', [1, 2]), /unknown function 'torch\.frobnicate'/);
  const weighted: CheckFile = {
    inputs: { x: { values: [1, 2], requires_grad: true }, t: { values: [0, 0] }, w: { values: [1, 2] } },
    program: [{ out: 'L', fn: 'F.mse_loss', args: ['x', 't'], kwargs: { weight: 'w' } }],
    objective: { type: 'scalar', name: 'L' },
  };
  bad(weighted, /weight= \(PyTorch ≥ 2\.6\) is not supported by the gradient checker/);
  bad({ ...oneStep('F.cross_entropy', [[1, 2]], [[0]]), upstream: undefined, objective: { type: 'scalar', name: 'y' }, program: [{ out: 'y', fn: 'F.cross_entropy', args: ['x', [0]], kwargs: { label_smoothing: 1.5 } }] },
    /label_smoothing must be between 0\.0 and 1\.0/);
  bad(oneStep('F.batch_norm', [[1, 2]], [null, null]), /running_mean and running_var must be defined in evaluation mode/);
});

test('log of a negative number is NaN, and the note says where it came from', () => {
  const r = runCheck({ ...oneStep('torch.log', [1, -1]), upstream: { of: 'y', values: [1, 1] } });
  assert.ok(r.warnings.some((w) => /torch\.log of −1 is NaN \(outside the function's domain\), first at element 1/.test(w)), r.warnings.join(' | '));
});
