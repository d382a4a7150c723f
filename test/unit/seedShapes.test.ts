// Seed 000 / 003 / 004: shapes, parameters and FLOPs of convolutions, as the exam solutions state them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, exactTotal, formatShape, symbol, type Shape, type Value } from '../../src/engine';

const ctx = { strict: false };
const run = (type: string, positional: Value[], keyword: Record<string, Value>, input?: Shape) =>
  evaluateLayer({ type, positional, keyword }, input ? [input] : undefined, ctx);

test('seed 000: Conv2d(3, 64, 7, 2, 3) on (3, 224, 224) → (64, 112, 112), 9,472 params', () => {
  const r = run('Conv2d', [3, 64, 7, 2, 3], {}, [3, 224, 224]);
  assert.equal(r.status, 'ok');
  assert.equal(formatShape(r.output!), '(64, 112, 112)');
  assert.equal(r.params!.working[0].text, '64 · (3·7·7 + 1) = 9,472');
  assert.equal(r.shapeWorking[1].text, '⌊(224 + 2·3 − 1·(7 − 1) − 1) / 2⌋ + 1 = 112');
});

test('seed 000: Conv2d(3, 64, 3, 1, 1) has 1,792 parameters; Conv3d 5,248', () => {
  const sum = (r: ReturnType<typeof run>) => r.params!.tensors.reduce((s, t) => s + t.count, 0n);
  assert.equal(sum(run('Conv2d', [3, 64, 3, 1, 1], {})), 1792n);
  assert.equal(sum(run('Conv3d', [3, 64, 3, 1, 1], {})), 5248n);
});

test('seed 004: Conv 30→12, k4, pad 1, stride 2 on 14×14: 282,240 mults, 281,652 adds', () => {
  const r = run('Conv2d', [30, 12, 4], { stride: 2, padding: 1, bias: false }, [30, 14, 14]);
  assert.equal(formatShape(r.output!), '(12, 7, 7)');
  assert.equal(r.cost!.exact.mul, 282240n);
  assert.equal(r.cost!.exact.add, 281652n);
  assert.equal(exactTotal(r.cost!.exact), 563892n);
});

test('seed 003: 32×32×3 with F=5, S=2 does not fit: warning with the fraction, error in strict mode', () => {
  const r = run('Conv2d', [3, 8, 5, 2], {}, [3, 32, 32]);
  assert.equal(r.status, 'ok');
  assert.match(r.diagnostics[0].message, /\(32 − 5\)\/2 \+ 1 = 14\.5/);
  const strict = evaluateLayer({ type: 'Conv2d', positional: [3, 8, 5, 2], keyword: {} }, [[3, 32, 32]], { strict: true });
  assert.equal(strict.status, 'error');
  assert.equal(strict.diagnostics[0].code, 'stride-not-exact');
});

test('stride-not-exact stays silent where nothing real is lost: ResNet 3×3/s2/p1 and 1×1/s2 on even sizes, 7×7/s2/p3 on 224', () => {
  const silent: [number[], Record<string, number>, number[]][] = [
    [[64, 128, 3], { stride: 2, padding: 1 }, [1, 64, 56, 56]], // the padding is what the floor drops
    [[64, 128, 1], { stride: 2 }, [1, 64, 56, 56]], // a 1×1 window skips rows by design
    [[256, 512, 1], { stride: 2 }, [1, 256, 57, 57]], // also on an odd size
    [[3, 64, 7], { stride: 2, padding: 3 }, [1, 3, 224, 224]],
  ];
  for (const [args, kwargs, input] of silent) {
    const r = run('Conv2d', args, kwargs, input);
    assert.equal(r.status, 'ok');
    assert.deepEqual(r.diagnostics, [], `Conv2d(${args}, ${JSON.stringify(kwargs)}) on ${input}`);
    const exact = input[2] === 57;
    if (exact) continue; // (57 − 1)/2 + 1 = 29: nothing to say
    // The hover still shows the fraction and the floor, and why nothing is lost.
    assert.match(r.shapeWorking.map((w) => w.text).join('\n'),
      /\d+\.5: (the 1 row\/column left unread is zero padding|a window of 1 with stride 2 skips 1 of every 2 positions by design)/);
    // Strict mode keeps the exam rule: any fraction is an invalid configuration.
    const strict = evaluateLayer({ type: 'Conv2d', positional: args, keyword: kwargs }, [input], { strict: true });
    assert.equal(strict.status, 'error');
    assert.equal(strict.diagnostics[0].code, 'stride-not-exact');
  }
  const pool = run('MaxPool2d', [3, 2, 1], {}, [1, 64, 112, 112]);
  assert.deepEqual(pool.diagnostics, []);
});

test('stride-not-exact warns when a window that covers its stride leaves real input unread, and says how much', () => {
  const r = run('Conv2d', [3, 1, 5], { stride: 2 }, [1, 3, 32, 32]); // seed 003
  assert.equal(r.diagnostics.length, 2); // H and W
  assert.match(r.diagnostics[0].message, /\(32 − 5\)\/2 \+ 1 = 14\.5; PyTorch floors to 14, so the last 1 row\/column of the input is never read along H/);
  const three = run('Conv2d', [3, 1, 5], { stride: 4 }, [1, 3, 32, 32]);
  assert.match(three.diagnostics[0].message, /the last 3 rows\/columns of the input are never read/);
});

test('kernel larger than the padded input names the numbers', () => {
  const r = run('Conv2d', [1, 1, 5], {}, [1, 4, 4]);
  assert.equal(r.status, 'error');
  assert.match(r.diagnostics[0].message, /kernel 5 > padded input 4 along H/);
});

test('a symbolic input keeps the shape as an expression and the cost unknown, never 0', () => {
  const r = evaluateLayer({ type: 'Conv2d', positional: [3, 6, 5], keyword: {} }, [[1, 3, symbol('H'), 32]], ctx);
  assert.equal(r.status, 'ok');
  assert.equal(formatShape(r.output!), '(1, 6, H − 4, 28)');
  assert.equal(r.cost, undefined);
  assert.match(r.unknownReason!, /symbolic/);
});
