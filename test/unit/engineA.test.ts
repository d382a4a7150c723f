// Engine A families (conv, linear, pool, adaptive pool, padding, upsample, reshape): the seed numbers and the
// tricky cases, each value checked against torch 1.13 (/usr/bin/python3) when the test was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addCosts, evaluateLayer, exactTotal, exprOf, formatShape, symbol, withSeparators, type LayerOutcome, type Shape, type Value,
} from '../../src/engine';
import { adaptiveWindowSum } from '../../src/engine/layers/adaptivePool';
import { evaluate } from '../../src/engine/symbolic';

const ctx = { strict: false };
const run = (type: string, positional: Value[], keyword: Record<string, Value> = {}, ...inputs: Shape[]): LayerOutcome =>
  evaluateLayer({ type, positional, keyword }, inputs.length ? inputs : undefined, ctx);
const shape = (r: LayerOutcome): string => {
  assert.equal(r.status, 'ok', r.diagnostics[0]?.message ?? r.unknownReason);
  return formatShape(r.output!);
};
const params = (r: LayerOutcome): bigint => r.params!.tensors.reduce((s, t) => s + t.count, 0n);
const error = (r: LayerOutcome): { code: string; message: string } => {
  assert.equal(r.status, 'error', `expected an error, got ${r.status} ${r.output ? formatShape(r.output) : ''}`);
  return r.diagnostics[0];
};

// ── Seeds ─────────────────────────────────────────────────────────────────────────────────────────────────────
test('seed 000: the Conv/ReLU/MaxPool stack (3,224,224) → (64,112,112) → (64,56,56) → (192,56,56) → (192,28,28)', () => {
  let x: Shape = [3, 224, 224];
  const chain: [string, Value[], string][] = [
    ['Conv2d', [3, 64, 7, 2, 3], '(64, 112, 112)'], ['MaxPool2d', [2, 2, 0], '(64, 56, 56)'],
    ['Conv2d', [64, 192, 3, 1, 1], '(192, 56, 56)'], ['MaxPool2d', [2, 2, 0], '(192, 28, 28)'],
  ];
  for (const [type, args, expected] of chain) {
    const r = run(type, args, {}, x);
    assert.equal(shape(r), expected);
    x = r.output as Shape;
  }
  assert.equal(shape(run('AvgPool2d', [2, 2, 0], {}, [1, 4, 4])), '(1, 2, 2)');
  assert.equal(shape(run('MaxPool2d', [2, 1, 0], {}, [1, 4, 4])), '(1, 3, 3)');
});

test('seed 001: Conv(1→20, k5) → MaxPool 2 → Flatten → Linear(2880,500) → Linear(500,10): shapes and 1,446,030 params', () => {
  const conv = run('Conv2d', [1, 20, 5], {}, [64, 1, 28, 28]);
  assert.equal(shape(conv), '(64, 20, 24, 24)');
  assert.equal(params(conv), 520n);
  const pool = run('MaxPool2d', [2], {}, conv.output as Shape);
  assert.equal(shape(pool), '(64, 20, 12, 12)');
  const flat = run('Flatten', [], {}, pool.output as Shape);
  assert.equal(shape(flat), '(64, 2880)');
  assert.equal(flat.shapeWorking[0].text, 'dims 1..3: 20·12·12 = 2,880');
  // The same flattening written as x.view(64, -1) or torch.flatten(x, 1).
  assert.equal(shape(run('Tensor.view', [64, -1], {}, [64, 20, 12, 12])), '(64, 2880)');
  assert.equal(shape(run('torch.flatten', [], { start_dim: 1 }, [64, 20, 12, 12])), '(64, 2880)');
  const fc1 = run('Linear', [2880, 500], {}, flat.output as Shape);
  assert.equal(shape(fc1), '(64, 500)');
  assert.equal(params(fc1), 1440500n);
  assert.equal(fc1.params!.working[0].text, '500 · (2880 + 1) = 1,440,500');
  const fc2 = run('Linear', [500, 10], {}, fc1.output as Shape);
  assert.equal(shape(fc2), '(64, 10)');
  assert.equal(params(fc2), 5010n);
  assert.equal(withSeparators(params(conv) + params(fc1) + params(fc2)), '1,446,030');
});

test('seed 003: AlexNet conv1 227 → 55 (34,944 params), then max pool 3/2 → 27 with 0 params', () => {
  const conv = run('Conv2d', [3, 96, 11, 4], {}, [1, 3, 227, 227]);
  assert.equal(shape(conv), '(1, 96, 55, 55)');
  assert.equal(params(conv), 34944n);
  assert.equal(conv.params!.working[0].text, '96 · (3·11·11 + 1) = 34,944');
  const pool = run('MaxPool2d', [3, 2], {}, conv.output as Shape);
  assert.equal(shape(pool), '(1, 96, 27, 27)');
  assert.equal(params(pool), 0n);
  assert.equal(pool.shapeWorking[1].text, '⌊(55 − 1·(3 − 1) − 1) / 2⌋ + 1 = 27');
});

test('seed 003: the 32×32 F=5 table — S=1 → 28, S=2 invalid (14.5), S=3 → 10, P=3 S=2 invalid (17.5), P=3 S=3 → 12', () => {
  const at = (stride: number, padding: number) => run('Conv2d', [3, 1, 5], { stride, padding }, [3, 32, 32]);
  assert.equal(shape(at(1, 0)), '(1, 28, 28)');
  assert.equal(shape(at(3, 0)), '(1, 10, 10)');
  assert.equal(shape(at(3, 3)), '(1, 12, 12)');
  assert.match(at(2, 0).diagnostics[0].message, /\(32 − 5\)\/2 \+ 1 = 14\.5/);
  // P=3, S=2: the column the floor drops is padding, so the default mode says nothing; the working shows 17.5, and
  // strict mode (the exam's rule) calls it invalid.
  assert.deepEqual(at(2, 3).diagnostics, []);
  assert.match(at(2, 3).shapeWorking.map((w) => w.text).join('\n'), /\(32 \+ 2·3 − 5\)\/2 \+ 1 = 17\.5: the 1 row\/column left unread is zero padding/);
  const strict = evaluateLayer({ type: 'Conv2d', positional: [3, 1, 5], keyword: { stride: 2, padding: 3 } }, [[3, 32, 32]], { strict: true });
  assert.match(strict.diagnostics[0].message, /\(32 \+ 2·3 − 5\)\/2 \+ 1 = 17\.5/);
  assert.equal(strict.diagnostics[0].severity, 'error');
});

test('seed 003: 31×31×5 input, 25 filters 3×3, stride 2, padding 1 → 1,150 params; max-pool 3×3 pad 1 stride 3 on 4×4 → 2×2', () => {
  const r = run('Conv2d', [5, 25, 3], { stride: 2, padding: 1 }, [5, 31, 31]);
  assert.equal(params(r), 1150n);
  assert.equal(shape(r), '(25, 16, 16)');
  assert.equal(shape(run('MaxPool2d', [3, 3, 1], {}, [1, 4, 4])), '(1, 2, 2)');
});

test('seed 004: conv 30→12 k4 p1 s2 then max-pool 3/2: 3×3, max 864, total 564,756 FLOPs', () => {
  const conv = run('Conv2d', [30, 12, 4], { stride: 2, padding: 1, bias: false }, [30, 14, 14]);
  const pool = run('MaxPool2d', [3, 2], {}, conv.output as Shape);
  assert.equal(shape(pool), '(12, 3, 3)');
  assert.equal(pool.cost!.exact.cmp, 864n);
  assert.equal(pool.cost!.macs, 0n);
  assert.equal(pool.cost!.working[0], 'MACs = 0; comparisons = out_numel · (∏kernel − 1) = 12·3·3 · (3·3 − 1) = 864');
  assert.equal(exactTotal(addCosts(conv.cost!, pool.cost!).exact), 564756n);
});

// ── ConvTranspose, Lazy, F.conv ─────────────────────────────────────────────────────────────────────────────
test('ConvTranspose2d: out = (in − 1)·s − 2p + d(k − 1) + output_padding + 1, weight [C_in, C_out/g, k, k]', () => {
  const r = run('ConvTranspose2d', [3, 4, 3], { stride: 2, padding: 1, output_padding: 1 }, [1, 3, 5, 5]);
  assert.equal(shape(r), '(1, 4, 10, 10)'); // torch: (1, 4, 10, 10)
  assert.equal(r.shapeWorking[1].text, '(5 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 10');
  const g = run('ConvTranspose2d', [4, 6, 3], { groups: 2 });
  assert.deepEqual(g.params!.tensors[0].shape, [4, 3, 3, 3]);
  assert.equal(params(g), 4n * 3n * 9n + 6n);
  // torch: ConvTranspose3d(2,4,(2,3,1),stride=(1,2,3),padding=(0,1,0),output_padding=(0,1,2)) on (1,2,3,4,5) → (1,4,4,8,15)
  assert.equal(shape(run('ConvTranspose3d', [2, 4, [2, 3, 1]], { stride: [1, 2, 3], padding: [0, 1, 0], output_padding: [0, 1, 2] },
    [1, 2, 3, 4, 5])), '(1, 4, 4, 8, 15)');
  // Unbatched input keeps no batch dimension.
  assert.equal(shape(run('ConvTranspose2d', [4, 6, 3], {}, [4, 5, 5])), '(6, 7, 7)');
});

test('ConvTranspose: output_padding must be smaller than the stride or the dilation; size < 1 is an error', () => {
  const e = error(run('ConvTranspose2d', [3, 4, 3], { stride: 2, output_padding: 2 }, [1, 3, 5, 5]));
  assert.equal(e.code, 'output-padding');
  assert.match(e.message, /output_padding 2 ≥ stride 2 and ≥ dilation 1 along H/);
  // output_padding 1 with stride 1 is fine when the dilation is 2 (torch: (1, 4, 10, 10)).
  assert.equal(shape(run('ConvTranspose2d', [3, 4, 3], { output_padding: 1, dilation: 2 }, [1, 3, 5, 5])), '(1, 4, 10, 10)');
  assert.match(error(run('ConvTranspose1d', [3, 4, 1], { padding: 1 }, [1, 3, 2])).message, /output size 0 < 1 along L/);
  assert.match(error(run('ConvTranspose1d', [3, 4, 1], { padding_mode: 'reflect' })).message, /Only "zeros" padding mode/);
});

test('ConvTranspose cost: MACs = in_numel · (C_out/g) · ∏k; exact counts only the products that land in the output', () => {
  const r = run('ConvTranspose1d', [2, 3, 3], { stride: 2, padding: 1 }, [1, 2, 4]);
  assert.equal(shape(r), '(1, 3, 7)');
  assert.equal(r.cost!.macs, 8n * 3n * 3n);
  // Along L: 4 inputs × 3 taps = 12 products, positions −1 and 7 are cropped by the padding → 10 land, on 7 positions.
  assert.equal(r.cost!.exact.mul, 3n * 2n * 10n);
  assert.equal(r.cost!.exact.add, 3n * (2n * 10n - 7n) + 21n);
});

test('Lazy layers take in_channels / in_features from the input; without one the parameters are unknown', () => {
  const r = run('LazyConv2d', [6, 3], {}, [1, 5, 8, 8]);
  assert.equal(shape(r), '(1, 6, 6, 6)');
  assert.deepEqual(r.params!.tensors[0].shape, [6, 5, 3, 3]);
  assert.equal(run('LazyConv2d', [6, 3]).status, 'unknown');
  assert.match(error(run('LazyConv2d', [6, 3], { groups: 2 }, [1, 5, 8, 8])).message, /in_channels must be divisible by groups: 5 \/ 2/);
  const t = run('LazyConvTranspose2d', [6, 3], { groups: 2, stride: 2 }, [1, 4, 8, 8]);
  assert.equal(shape(t), '(1, 6, 17, 17)');
  assert.deepEqual(t.params!.tensors[0].shape, [4, 3, 3, 3]);
  const lin = run('LazyLinear', [4], {}, [2, 7, 5]);
  assert.equal(shape(lin), '(2, 7, 4)');
  assert.equal(params(lin), 24n);
});

test('F.conv2d / F.conv_transpose2d read the weight tensor; padding="same" with groups and dilation', () => {
  assert.equal(shape(run('F.conv2d', [1, 'same', 1, 2], {}, [1, 4, 8, 8], [6, 2, 3, 3])), '(1, 6, 8, 8)');
  assert.equal(shape(run('F.conv1d', [], {}, [4, 8], [6, 4, 3])), '(6, 6)');
  assert.match(error(run('F.conv2d', [], {}, [1, 4, 8, 8], [6, 3, 3, 3])).message, /expects 3·1 = 3 input channels, but the input \(1, 4, 8, 8\) has 4/);
  assert.equal(error(run('F.conv2d', [], {}, [1, 4, 8, 8], [6, 4, 3, 3], [5])).code, 'bad-bias');
  assert.equal(error(run('F.conv2d', [], { stride: 2, padding: 'same' }, [1, 4, 8, 8], [6, 4, 3, 3])).code, 'padding-same-stride');
  const f = run('F.conv2d', [], { padding: 1 }, [1, 3, 8, 8], [6, 3, 3, 3]);
  assert.equal(f.cost!.macs, 1n * 6n * 8n * 8n * 27n);
  assert.equal(shape(run('F.conv_transpose2d', [], { groups: 2, stride: 2, output_padding: 1 }, [1, 4, 8, 8], [4, 3, 3, 3])), '(1, 6, 18, 18)');
});

test('Conv padding_mode reflect needs padding < size, circular ≤ size (torch raises otherwise)', () => {
  assert.equal(error(run('Conv1d', [1, 1, 3], { padding: 4, padding_mode: 'reflect' }, [1, 1, 4])).code, 'padding-mode-limit');
  assert.equal(shape(run('Conv1d', [1, 1, 3], { padding: 4, padding_mode: 'circular' }, [1, 1, 4])), '(1, 1, 10)');
  assert.equal(error(run('Conv1d', [1, 1, 3], { padding: 5, padding_mode: 'circular' }, [1, 1, 4])).code, 'padding-mode-limit');
});

// ── Linear family ───────────────────────────────────────────────────────────────────────────────────────────
test('Linear: any rank ≥ 1; a wrong last dimension names both numbers and proposes in_features', () => {
  assert.equal(shape(run('Linear', [3, 4], {}, [3])), '(4,)');
  assert.equal(shape(run('Linear', [7, 3], { bias: false }, [2, 5, 7])), '(2, 5, 3)');
  const r = run('Linear', [2800, 10], {}, [4, 2880]);
  const e = error(r);
  assert.equal(e.code, 'linear-in-features');
  assert.match(e.message, /expects in_features = 2800 but the input's last dimension is 2880/);
  assert.deepEqual({ arg: r.diagnostics[0].fix!.arg, value: r.diagnostics[0].fix!.value }, { arg: 'in_features', value: 2880 });
  assert.equal(error(run('Linear', [3, 4], {}, [])).code, 'wrong-rank');
  assert.equal(run('Linear', [3, 4], {}, [2, symbol('F')]).status, 'unknown');
});

test('Linear cost: mults = out·in, adds = out·(in − 1) + out with bias', () => {
  const r = run('Linear', [2880, 500], {}, [64, 2880]);
  assert.equal(r.cost!.macs, 64n * 500n * 2880n);
  assert.equal(r.cost!.exact.mul, 92160000n);
  assert.equal(r.cost!.exact.add, 64n * 500n * 2879n + 64n * 500n);
});

test('Bilinear: equal leading dimensions, params out·(in1·in2 + 1), MACs out_numel·in1·in2', () => {
  const r = run('Bilinear', [3, 5, 4], {}, [2, 3], [2, 5]);
  assert.equal(shape(r), '(2, 4)');
  assert.equal(params(r), 64n);
  assert.equal(r.cost!.macs, 2n * 4n * 15n);
  assert.match(error(run('Bilinear', [3, 5, 4], {}, [2, 3], [3, 5])).message, /dim 0 is 2 and 3/);
  assert.equal(error(run('Bilinear', [3, 5, 4], {}, [2, 3], [2, 6])).code, 'linear-in-features');
});

test('Identity takes any arguments; F.linear reads the weight (1-D weight drops the last dimension)', () => {
  assert.equal(shape(run('Identity', [54], { unused_argument: 0.1 }, [2, 3])), '(2, 3)');
  assert.equal(shape(run('F.linear', [], {}, [2, 3], [4, 3], [4])), '(2, 4)');
  assert.equal(shape(run('F.linear', [], {}, [2, 3], [3])), '(2,)');
  assert.equal(error(run('F.linear', [], {}, [2, 3], [4, 5])).code, 'linear-in-features');
  assert.equal(error(run('F.linear', [], {}, [2, 3], [4, 3], [5])).code, 'bad-bias');
});

// ── Pooling ─────────────────────────────────────────────────────────────────────────────────────────────────
test('ceil_mode: rounds up, but drops a last window that would start in the right padding (torch values)', () => {
  // MaxPool1d(2, 2, padding=1, ceil_mode=True) on 5: ⌈(5 + 2 − 2)/2⌉ + 1 = 4, window 3 starts at 6 ≥ 5 + 1 → 3.
  const r = run('MaxPool1d', [2, 2, 1], { ceil_mode: true }, [1, 1, 5]);
  assert.equal(shape(r), '(1, 1, 3)');
  assert.match(r.shapeWorking[1].text, /dropped: 3$/);
  assert.equal(shape(run('MaxPool1d', [1, 3], { ceil_mode: true }, [1, 1, 5])), '(1, 1, 2)');
  assert.equal(shape(run('AvgPool2d', [3, 2], { ceil_mode: true }, [1, 1, 6, 6])), '(1, 1, 3, 3)');
  assert.equal(shape(run('MaxPool2d', [3, 2, 1], { ceil_mode: true }, [1, 1, 6, 7])), '(1, 1, 4, 4)');
  // With ceil_mode a kernel larger than the input still gives one window (torch: (1, 1, 1, 1)).
  assert.equal(shape(run('MaxPool2d', [5, 2], { ceil_mode: true }, [1, 1, 4, 4])), '(1, 1, 1, 1)');
});

test('ceil_mode on a symbolic size: one exact expression, the dropped last window included', () => {
  const r = run('MaxPool2d', [3, 2], { ceil_mode: true }, [1, 8, symbol('H'), symbol('W')]);
  assert.equal(shape(r), '(1, 8, ⌊H/2⌋, ⌊W/2⌋)');
  // Every kernel/stride/padding with a window that may be dropped: the expression equals the known rule at each size.
  for (const [k, s, p] of [[1, 3, 0], [2, 3, 1], [3, 3, 1], [2, 2, 1], [5, 4, 2], [3, 2, 0]]) {
    const sym = run('MaxPool1d', [k, s, p], { ceil_mode: true }, [1, 1, symbol('L')]);
    assert.equal(sym.status, 'ok', `k=${k} s=${s} p=${p}`);
    for (let L = Math.max(1, k - 2 * p); L <= 60; L++) {
      const known = run('MaxPool1d', [k, s, p], { ceil_mode: true }, [1, 1, L]);
      if (known.status !== 'ok') continue;
      const value = Number(evaluate(exprOf((sym.output as Shape)[2]), { L }));
      assert.equal(value, (known.output as Shape)[2], `k=${k} s=${s} p=${p} L=${L}`);
    }
  }
});

test('pool padding at most half the kernel; invalid windows and ranks', () => {
  const e = error(run('MaxPool2d', [3], { padding: 2 }, [1, 1, 8, 8]));
  assert.equal(e.code, 'pool-padding');
  assert.match(e.message, /padding 2 > kernel 3 \/ 2 = 1 along H/);
  assert.equal(shape(run('MaxPool2d', [2], { padding: 1 }, [1, 1, 8, 8])), '(1, 1, 5, 5)');
  // torch: "Output size is too small" — pooling reports it as output-too-small, naming the kernel and the input.
  const small = error(run('AvgPool2d', [5], {}, [1, 1, 4, 4]));
  assert.equal(small.code, 'output-too-small');
  assert.equal(small.message, 'AvgPool2d: output size 0 < 1 along H: kernel 5 > padded input 4 along H');
  assert.equal(error(run('MaxPool2d', [2], {}, [64, 64, 1, 1])).code, 'output-too-small');
  assert.equal(error(run('AvgPool3d', [2], {}, [1, 1, 8, 1, 2])).code, 'output-too-small'); // unpadded input < kernel
  assert.equal(error(run('MaxPool2d', [2], {}, [8, 8])).code, 'wrong-rank');
  assert.equal(error(run('MaxPool2d', [2], { stride: 0 }, [1, 1, 8, 8])).code, 'bad-stride');
  assert.equal(error(run('AvgPool2d', [2], { divisor_override: 0 }, [1, 1, 8, 8])).code, 'bad-arguments');
  assert.equal(run('AvgPool1d', [2], { divisor_override: 3 }).status, 'error'); // AvgPool1d has no divisor_override
});

test('return_indices gives (out, indices); F.max_pool2d puts ceil_mode before return_indices', () => {
  assert.equal(shape(run('MaxPool2d', [2], { return_indices: true }, [1, 1, 8, 8])), '((1, 1, 4, 4), (1, 1, 4, 4))');
  assert.equal(shape(run('F.max_pool2d', [3, null, 1, 1, true, true], {}, [1, 1, 8, 8])), '((1, 1, 3, 3), (1, 1, 3, 3))');
  assert.equal(shape(run('F.avg_pool2d', [3, null, 1, true, false, null], {}, [1, 1, 8, 8])), '(1, 1, 3, 3)');
});

test('AvgPool cost: adds out·(k − 1) + divisions out = out·k', () => {
  const r = run('AvgPool2d', [2, 2], {}, [2, 3, 8, 8]);
  assert.equal(r.cost!.exact.add, 2n * 3n * 16n * 3n);
  assert.equal(r.cost!.exact.div, 96n);
  assert.equal(exactTotal(r.cost!.exact), 96n * 4n);
});

// ── Adaptive pooling ────────────────────────────────────────────────────────────────────────────────────────
test('adaptive pooling: None keeps the input size; windows [⌊i·in/out⌋, ⌈(i + 1)·in/out⌉)', () => {
  assert.equal(shape(run('AdaptiveAvgPool2d', [[null, 3]], {}, [1, 2, 5, 7])), '(1, 2, 5, 3)');
  assert.equal(shape(run('AdaptiveMaxPool2d', [9], {}, [1, 2, 5, 7])), '(1, 2, 9, 9)');
  assert.equal(shape(run('AdaptiveAvgPool2d', [0], {}, [1, 2, 5, 7])), '(1, 2, 0, 0)');
  assert.equal(shape(run('AdaptiveAvgPool2d', [[2, null]], {}, [1, 2, symbol('H'), symbol('W')])), '(1, 2, 2, W)');
  assert.equal(error(run('AdaptiveAvgPool2d', [-1], {}, [1, 2, 5, 7])).code, 'bad-output-size');
  assert.equal(error(run('AdaptiveAvgPool2d', [3], {}, [5, 7])).code, 'wrong-rank');
  assert.equal(error(run('AdaptiveAvgPool2d', [3], {}, [1, 1, 0, 7])).code, 'empty-input');
  // 7 → 3: windows [0,3), [2,5), [4,7): sizes 3 + 3 + 3 = 9; 5 → 3: [0,2), [1,4), [3,5): 2 + 3 + 2 = 7
  assert.equal(adaptiveWindowSum(7, 3), 9);
  assert.equal(adaptiveWindowSum(5, 3), 7);
  const avg = run('AdaptiveAvgPool2d', [3], {}, [2, 4, 5, 7]);
  assert.equal(exactTotal(avg.cost!.exact), 8n * 7n * 9n);
  const max = run('AdaptiveMaxPool2d', [3], {}, [2, 4, 5, 7]);
  assert.equal(max.cost!.exact.cmp, 8n * (7n * 9n - 9n));
});

// ── Padding ─────────────────────────────────────────────────────────────────────────────────────────────────
test('padding modules and F.pad: the pad tuple runs from the last dimension back', () => {
  assert.equal(shape(run('ZeroPad2d', [[1, 2, 3, 4]], {}, [1, 1, 5, 6])), '(1, 1, 12, 9)');
  assert.equal(shape(run('ZeroPad2d', [-2], {}, [1, 5, 6])), '(1, 1, 2)');
  assert.equal(shape(run('ConstantPad1d', [[1, 2], 3.5], {}, [5])), '(8,)');
  assert.equal(error(run('ConstantPad3d', [1, 0], {}, [3, 4])).code, 'pad-too-long');
  assert.equal(shape(run('ReflectionPad1d', [4], {}, [1, 1, 5])), '(1, 1, 13)');
  const e = error(run('ReflectionPad1d', [5], {}, [1, 1, 5]));
  assert.equal(e.code, 'reflect-pad-too-large');
  assert.match(e.message, /padding \(5, 5\) vs input size 5/);
  assert.equal(error(run('ReflectionPad1d', [2], {}, [5])).code, 'wrong-rank');
  assert.equal(shape(run('ReplicationPad2d', [-2], {}, [1, 5, 5])), '(1, 1, 1)');
  assert.equal(error(run('ReplicationPad2d', [-3], {}, [1, 5, 5])).code, 'output-too-small');
  assert.equal(shape(run('F.pad', [[1, 1, 2, 2, 3, 3]], {}, [2, 3, 4])), '(8, 7, 6)');
  assert.equal(shape(run('F.pad', [[1, 1, 1, 1, 1, 1]], { mode: 'reflect' }, [1, 2, 3, 4])), '(1, 4, 5, 6)');
  assert.equal(error(run('F.pad', [[1, 1, 4, 4]], { mode: 'circular' }, [1, 2, 3, 4])).code, 'circular-pad-too-large');
  assert.equal(error(run('F.pad', [[1, 1]], { mode: 'reflect', value: 1 }, [2, 3, 4])).code, 'bad-arguments');
  assert.equal(shape(run('F.pad', [[-2, -2]], {}, [2, 3, 4])), '(2, 3, 0)');
});

// ── Upsample ────────────────────────────────────────────────────────────────────────────────────────────────
test('Upsample: exactly one of size / scale_factor; out = ⌊in · scale⌋; mode and rank must agree', () => {
  const r = run('Upsample', [], { scale_factor: 1.5 }, [1, 1, 5, 7]);
  assert.equal(shape(r), '(1, 1, 7, 10)');
  assert.equal(r.shapeWorking[0].text, '⌊5 · 1.5⌋ = 7');
  assert.equal(shape(run('Upsample', [], { scale_factor: 2.3 }, [1, 1, 7, 7])), '(1, 1, 16, 16)');
  assert.equal(shape(run('Upsample', [[3, 4]], {}, [1, 1, 5, 7])), '(1, 1, 3, 4)');
  assert.match(error(run('Upsample', [3, 2], {}, [1, 1, 5, 7])).message, /only one of size or scale_factor/);
  assert.match(error(run('Upsample', [], {}, [1, 1, 5, 7])).message, /either size or scale_factor/);
  assert.equal(error(run('Upsample', [], { scale_factor: 2, mode: 'bilinear' }, [1, 1, 5])).code, 'wrong-rank');
  assert.equal(error(run('Upsample', [], { scale_factor: 2, align_corners: false }, [1, 1, 5, 5])).code, 'bad-arguments');
  assert.equal(error(run('Upsample', [], { scale_factor: 0.1 }, [1, 1, 5, 5])).code, 'output-too-small');
  assert.equal(shape(run('UpsamplingBilinear2d', [], { size: [7, 8] }, [1, 1, 5, 5])), '(1, 1, 7, 8)');
  assert.equal(shape(run('F.interpolate', [null, 2, 'nearest'], {}, [1, 1, 5, 5])), '(1, 1, 10, 10)');
});

// ── Reshape family ──────────────────────────────────────────────────────────────────────────────────────────
test('view / reshape: one −1 inferred, numel mismatch names both counts (view-numel)', () => {
  const e = error(run('Tensor.view', [4, 2800], {}, [4, 20, 12, 12]));
  assert.equal(e.code, 'view-numel');
  assert.equal(e.message, 'view (4, 2800) needs 11,200 elements but the input (4, 20, 12, 12) has 11,520');
  const r = run('Tensor.view', [-1, 2880], {}, [4, 20, 12, 12]);
  assert.equal(shape(r), '(4, 2880)');
  assert.equal(r.shapeWorking[0].text, '−1 = 11,520 / 2880 = 4');
  assert.match(error(run('Tensor.view', [-1, 2800], {}, [4, 20, 12, 12])).message, /multiple of 2,800 elements but the input .* has 11,520/);
  assert.equal(error(run('Tensor.view', [-1, -1], {}, [4, 20, 12, 12])).code, 'view-infer');
  assert.equal(error(run('Tensor.view', [0, -1], {}, [4, 0, 12, 12])).code, 'view-infer');
  assert.equal(shape(run('Tensor.view', [-1, 5], {}, [4, 0, 12, 12])), '(0, 5)');
  assert.equal(shape(run('Tensor.view', [[2, 12]], {}, [4, 6])), '(2, 12)'); // one tuple argument
  assert.equal(shape(run('Tensor.view', [-1], {}, [])), '(1,)');
  assert.equal(shape(run('torch.reshape', [[-1]], {}, [4, 6])), '(24,)');
  assert.equal(shape(run('Tensor.reshape', [3, -1], {}, [4, 6])), '(3, 8)');
  // A symbolic batch: −1 is the exact quotient of the element count by the given sizes.
  assert.equal(shape(run('Tensor.view', [-1, 64], {}, [symbol('N'), 64, 1, 1])), '(N, 64)');
  assert.equal(shape(run('Tensor.view', [-1, 32], {}, [symbol('N'), 64, 1, 1])), '(2·N, 32)');
});

test('flatten / unflatten / permute / transpose / squeeze / unsqueeze as torch 1.13', () => {
  assert.equal(shape(run('Flatten', [0], {}, [])), '(1,)');
  assert.equal(error(run('Flatten', [], {}, [5])).code, 'dim-out-of-range');
  assert.equal(error(run('Flatten', [2, 1], {}, [2, 3, 4])).code, 'flatten-dims');
  assert.equal(shape(run('Tensor.flatten', [1], {}, [2, 3, 4])), '(2, 12)');
  assert.equal(shape(run('Flatten', [], {}, [2, 3, symbol('H')])), '(2, 3·H)');
  assert.equal(shape(run('Unflatten', [1, [2, -1]], {}, [4, 6, 5])), '(4, 2, 3, 5)');
  assert.match(error(run('Unflatten', [1, [4, -1]], {}, [4, 6, 5])).message, /multiple of 4 elements but dim 1 \(size 6\) has 6/);
  assert.equal(error(run('Unflatten', [1, 6], {}, [4, 6, 5])).code, 'bad-arguments');
  assert.equal(shape(run('Tensor.permute', [2, 0, 1], {}, [2, 3, 4])), '(4, 2, 3)');
  assert.equal(shape(run('torch.permute', [[-1, 0, 1]], {}, [2, 3, 4])), '(4, 2, 3)');
  assert.equal(error(run('Tensor.permute', [0, 0, 1], {}, [2, 3, 4])).code, 'permute-dims');
  assert.equal(error(run('Tensor.permute', [0, 1], {}, [2, 3, 4])).code, 'permute-dims');
  assert.equal(shape(run('Tensor.transpose', [0, -1], {}, [2, 3, 4])), '(4, 3, 2)');
  assert.equal(shape(run('Tensor.transpose', [0, -1], {}, [])), '()');
  assert.equal(error(run('torch.transpose', [0, 3], {}, [2, 3, 4])).code, 'dim-out-of-range');
  assert.equal(shape(run('Tensor.squeeze', [], {}, [1, 3, 1, 4])), '(3, 4)');
  assert.equal(shape(run('Tensor.squeeze', [1], {}, [1, 3, 1, 4])), '(1, 3, 1, 4)');
  assert.equal(shape(run('torch.squeeze', [-2], {}, [1, 3, 1, 4])), '(1, 3, 4)');
  assert.equal(shape(run('Tensor.unsqueeze', [-1], {}, [3, 4])), '(3, 4, 1)');
  assert.equal(error(run('Tensor.unsqueeze', [-4], {}, [3, 4])).code, 'dim-out-of-range');
  assert.equal(shape(run('Tensor.contiguous', [], {}, [2, 3])), '(2, 3)');
});

test('PixelShuffle / PixelUnshuffle', () => {
  assert.equal(shape(run('PixelShuffle', [2], {}, [1, 8, 3, 4])), '(1, 2, 6, 8)');
  assert.equal(shape(run('PixelShuffle', [2], {}, [2, 2, 8, 3, 4])), '(2, 2, 2, 6, 8)');
  assert.match(error(run('PixelShuffle', [2], {}, [1, 6, 3, 4])).message, /channels 6 are not divisible by upscale_factor² = 2² = 4/);
  assert.equal(shape(run('PixelUnshuffle', [2], {}, [1, 2, 6, 4])), '(1, 8, 3, 2)');
  assert.match(error(run('PixelUnshuffle', [2], {}, [1, 2, 5, 4])).message, /height 5 is not divisible by downscale_factor 2/);
});

test('varargs binding: x.view(4, -1) and x.view((4, -1)) bind alike; nn.Identity ignores unknown keywords', () => {
  const a = run('Tensor.view', [4, -1], {}, [4, 6]);
  const b = run('Tensor.view', [[4, -1]], {}, [4, 6]);
  assert.deepEqual(a.args, b.args);
  assert.deepEqual(a.args!.shape, [4, -1]);
  assert.equal(run('Tensor.view', [], {}, [4, 6]).status, 'error');
});
