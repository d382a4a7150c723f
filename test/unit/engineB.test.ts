// Engine B families (norm, dropout, activation, embedding, recurrent, attention, tensor ops): every expected value
// below was produced by PyTorch 1.13 (/usr/bin/python3) — shapes by running the layer, parameters by summing
// .numel() over parameters(), MACs of the attention layers by counting mm/addmm/bmm/baddbmm under a dispatch mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, exactTotal, formatShape, symbol, unknown, type Shape, type Value } from '../../src/engine';

const ctx = { strict: false };
const run = (type: string, positional: Value[], keyword: Record<string, Value> = {}, inputs?: Shape[]) =>
  evaluateLayer({ type, positional, keyword }, inputs, ctx);
const params = (r: ReturnType<typeof run>) => r.params!.tensors.reduce((s, t) => s + t.count, 0n);
const buffers = (r: ReturnType<typeof run>) => (r.params!.buffers ?? []).reduce((s, t) => s + t.count, 0n);
const shape = (r: ReturnType<typeof run>) => {
  assert.equal(r.status, 'ok', r.diagnostics[0]?.message ?? r.unknownReason);
  return formatShape(r.output!);
};
const error = (r: ReturnType<typeof run>) => {
  assert.equal(r.status, 'error', `expected an error, got ${r.output ? formatShape(r.output) : r.status}`);
  return r.diagnostics[0];
};

// ── Normalization ─────────────────────────────────────────────────────────────────────────────────────────
test('BatchNorm2d(64): 128 params, 129 buffer elements reported apart, shape unchanged, cost 0', () => {
  const r = run('BatchNorm2d', [64], {}, [[8, 64, 56, 56]]);
  assert.equal(shape(r), '(8, 64, 56, 56)');
  assert.equal(params(r), 128n);
  assert.equal(buffers(r), 129n);
  assert.deepEqual(r.params!.buffers!.map((b) => b.name), ['running_mean', 'running_var', 'num_batches_tracked']);
  assert.equal(r.cost!.macs, 0n);
  assert.equal(exactTotal(r.cost!.exact), 0n);
});

test('BatchNorm2d channel mismatch: torch "running_mean should contain 32 elements not 64", with a num_features fix', () => {
  const d = error(run('BatchNorm2d', [64], {}, [[8, 32, 4, 4]]));
  assert.equal(d.code, 'batchnorm-num-features');
  assert.match(d.message, /expects 64 channels .* has 32/);
  assert.deepEqual([d.fix!.arg, d.fix!.value], ['num_features', 32]);
  // Without affine and running stats nothing is sized by num_features, and torch accepts any C.
  assert.equal(shape(run('BatchNorm2d', [3], { affine: false, track_running_stats: false }, [[2, 4, 4, 5]])), '(2, 4, 4, 5)');
});

test('BatchNorm ranks: 1d takes 2-D or 3-D, 2d 4-D, 3d 5-D; one value per channel fails in training', () => {
  assert.equal(shape(run('BatchNorm1d', [3], {}, [[2, 3]])), '(2, 3)');
  assert.equal(shape(run('BatchNorm1d', [3], {}, [[2, 3, 5]])), '(2, 3, 5)');
  assert.match(error(run('BatchNorm1d', [3], {}, [[2, 3, 4, 5]])).message, /expected 2D or 3D input \(got 4D/);
  assert.match(error(run('BatchNorm2d', [3], {}, [[3, 4, 5]])).message, /expected 4D input \(got 3D/);
  assert.equal(error(run('BatchNorm3d', [3], {}, [[2, 3, 4, 4]])).code, 'wrong-rank');
  assert.equal(error(run('BatchNorm1d', [3], {}, [[1, 3]])).code, 'batchnorm-single-value');
  assert.equal(shape(run('BatchNorm1d', [3], {}, [[1, 3, 2]])), '(1, 3, 2)');
});

test('BatchNorm passes symbolic sizes through; LazyBatchNorm2d takes num_features from the input', () => {
  assert.equal(shape(run('BatchNorm2d', [16], {}, [[4, 16, symbol('H'), symbol('W')]])), '(4, 16, H, W)');
  const lazy = run('LazyBatchNorm2d', [], {}, [[2, 3, 4, 4]]);
  assert.equal(params(lazy), 6n);
  assert.equal(buffers(lazy), 7n);
  assert.equal(run('LazyBatchNorm2d', [], {}).status, 'unknown');
});

test('GroupNorm: num_channels % num_groups is a constructor error with a fix; channel checks as torch', () => {
  const d = error(run('GroupNorm', [3, 8]));
  assert.equal(d.code, 'groupnorm-groups');
  assert.match(d.message, /8 \/ 3 = 2\.667/);
  assert.deepEqual([d.fix!.arg, d.fix!.value], ['num_groups', 2]);
  assert.equal(params(run('GroupNorm', [2, 4])), 8n);
  assert.equal(error(run('GroupNorm', [2, 4], {}, [[2, 6, 5]])).code, 'groupnorm-num-channels');
  assert.equal(shape(run('GroupNorm', [2, 4], { affine: false }, [[2, 6, 5]])), '(2, 6, 5)');
  assert.equal(error(run('GroupNorm', [2, 4], { affine: false }, [[2, 5, 5]])).code, 'groupnorm-groups');
  assert.equal(error(run('GroupNorm', [4, 4], {}, [[1, 4]])).code, 'groupnorm-single-value');
  assert.equal(error(run('GroupNorm', [2, 4], {}, [[4]])).code, 'wrong-rank');
  assert.equal(shape(run('GroupNorm', [2, 4], {}, [[3, 4]])), '(3, 4)');
});

test('LayerNorm: trailing dims must equal normalized_shape; params 2·∏normalized_shape', () => {
  const r = run('LayerNorm', [[4, 5]], {}, [[2, 3, 4, 5]]);
  assert.equal(shape(r), '(2, 3, 4, 5)');
  assert.equal(params(r), 40n);
  assert.deepEqual(r.params!.tensors.map((t) => t.shape), [[4, 5], [4, 5]]);
  const d = error(run('LayerNorm', [[4, 5]], {}, [[2, 5, 4]]));
  assert.equal(d.code, 'layernorm-shape');
  assert.deepEqual(d.fix!.value, [5, 4]);
  assert.equal(error(run('LayerNorm', [[3, 4, 5]], {}, [[4, 5]])).code, 'layernorm-shape');
  assert.equal(params(run('LayerNorm', [5], { elementwise_affine: false })), 0n);
});

test('InstanceNorm: no params by default, unbatched allowed, affine/tracking size-check channels', () => {
  const r = run('InstanceNorm2d', [3], {}, [[3, 8, 8]]);
  assert.equal(shape(r), '(3, 8, 8)');
  assert.equal(params(r), 0n);
  assert.equal(buffers(r), 0n);
  // torch only warns for a channel mismatch without affine or running stats.
  const w = run('InstanceNorm1d', [3], {}, [[2, 4, 5]]);
  assert.equal(shape(w), '(2, 4, 5)');
  assert.equal(w.diagnostics[0].severity, 'warning');
  assert.equal(error(run('InstanceNorm1d', [3], { affine: true }, [[2, 4, 5]])).code, 'instancenorm-num-features');
  assert.equal(buffers(run('InstanceNorm2d', [3], { track_running_stats: true })), 7n);
  assert.match(error(run('InstanceNorm1d', [3], {}, [[2, 3, 4, 5]])).message, /expected 2D \(unbatched\) or 3D/);
  assert.equal(error(run('InstanceNorm1d', [3], {}, [[2, 3, 1]])).code, 'instancenorm-single-value');
});

// ── Dropout ───────────────────────────────────────────────────────────────────────────────────────────────
test('Dropout family: identity shape, p in [0, 1], Dropout1d rank, feature dropout needs 2 dims when training', () => {
  const r = run('Dropout', [0.2], {}, [[2, 3, symbol('H')]]);
  assert.equal(shape(r), '(2, 3, H)');
  assert.equal(exactTotal(r.cost!.exact), 0n);
  assert.match(error(run('Dropout', [1.5])).message, /between 0 and 1, but got 1\.5/);
  assert.equal(error(run('F.dropout', [-0.1], {}, [[2, 3]])).code, 'dropout-p');
  assert.equal(error(run('Dropout1d', [0.5], {}, [[2, 3, 4, 5]])).code, 'wrong-rank');
  assert.equal(error(run('Dropout2d', [0.5], {}, [[3]])).code, 'wrong-rank');
  assert.equal(shape(run('Dropout3d', [0.5], {}, [[3]])), '(3,)'); // torch unsqueezes a batch dim first
  assert.equal(shape(run('F.feature_alpha_dropout', [0.5], {}, [[3]])), '(3,)'); // training=False by default
  assert.equal(run('Dropout2d', [0.5], {}, [[2, 3]]).diagnostics[0].severity, 'warning');
});

// ── Activations ───────────────────────────────────────────────────────────────────────────────────────────
test('seed 001: ReLU on (64, 500) costs 32,000 comparisons and 0 MACs; Softmax on (64, 10) costs 0', () => {
  const relu = run('ReLU', [], {}, [[64, 500]]);
  assert.equal(shape(relu), '(64, 500)');
  assert.equal(relu.cost!.exact.cmp, 32000n);
  assert.equal(relu.cost!.macs, 0n);
  const soft = run('Softmax', [1], {}, [[64, 10]]);
  assert.equal(shape(soft), '(64, 10)');
  assert.equal(exactTotal(soft.cost!.exact), 0n);
});

test('elementwise activations: out_numel elementwise ops; functional forms and symbolic sizes', () => {
  assert.equal(run('GELU', [], {}, [[2, 3, 4]]).cost!.exact.other, 24n);
  assert.equal(run('F.silu', [], {}, [[2, 3, 4]]).cost!.exact.other, 24n);
  assert.equal(run('torch.relu', [], {}, [[5]]).cost!.exact.cmp, 5n);
  assert.equal(shape(run('Tensor.sigmoid', [], {}, [[symbol('N'), 7]])), '(N, 7)');
  assert.equal(error(run('GELU', ['x'], {}, [[3]])).code, 'bad-arguments');
  assert.equal(error(run('Hardtanh', [1.0, 0.0])).code, 'bad-arguments');
  assert.equal(shape(run('F.hardtanh', [1.0, 0.0], {}, [[3]])), '(3,)'); // the functional form does not assert
  assert.equal(shape(run('F.gelu', [], { approximate: 'tanh' }, [[3]])), '(3,)');
});

test('PReLU: num_parameters slopes; more than one must match the channel dim', () => {
  assert.equal(params(run('PReLU', [])), 1n);
  assert.equal(params(run('PReLU', [64])), 64n);
  assert.equal(shape(run('PReLU', [3], {}, [[2, 3, 4]])), '(2, 3, 4)');
  const d = error(run('PReLU', [3], {}, [[2, 4, 5]]));
  assert.equal(d.code, 'prelu-channels');
  assert.equal(d.fix!.value, 4);
  assert.equal(error(run('PReLU', [3], {}, [[3]])).code, 'prelu-channels'); // below 2-D there is one channel
  assert.equal(shape(run('PReLU', [], {}, [[]])), '()');
  assert.equal(shape(run('F.prelu', [], {}, [[2, 3, 4], [3]])), '(2, 3, 4)');
  assert.equal(error(run('F.prelu', [], {}, [[2, 3, 4], [4]])).code, 'prelu-channels');
});

test('Softmax dims: range check, implicit dim warning, torch.softmax needs dim', () => {
  assert.match(error(run('Softmax', [2], {}, [[3, 4]])).message, /range of \[-2, 1\], but got 2/);
  const implicit = run('Softmax', [], {}, [[2, 3, 4]]);
  assert.equal(shape(implicit), '(2, 3, 4)');
  assert.equal(implicit.diagnostics[0].code, 'softmax-implicit-dim');
  assert.match(implicit.diagnostics[0].message, /dim=0 for a 3-D input/);
  assert.equal(shape(run('LogSoftmax', [-3], {}, [[2, 3, 4]])), '(2, 3, 4)');
  assert.equal(error(run('torch.softmax', [], {}, [[2, 3]])).code, 'bad-arguments');
  assert.equal(shape(run('Tensor.softmax', [-1], {}, [[2, 3]])), '(2, 3)');
});

// ── Embedding ─────────────────────────────────────────────────────────────────────────────────────────────
test('Embedding: input.shape + (embedding_dim,), params num·dim, padding_idx range', () => {
  const r = run('Embedding', [10000, 300], {}, [[32, 40]]);
  assert.equal(shape(r), '(32, 40, 300)');
  assert.equal(params(r), 3000000n);
  assert.equal(shape(run('Embedding', [10, 3], {}, [[]])), '(3,)');
  assert.equal(error(run('Embedding', [10, 3], { padding_idx: 10 })).code, 'embedding-padding-idx');
  assert.equal(run('Embedding', [10, 3], { padding_idx: -10 }).status, 'ok');
  assert.equal(shape(run('EmbeddingBag', [10, 3], {}, [[2, 5]])), '(2, 3)');
  assert.equal(error(run('EmbeddingBag', [10, 3], {}, [[2, 3, 4]])).code, 'wrong-rank');
});

// ── Recurrent ─────────────────────────────────────────────────────────────────────────────────────────────
test('LSTM(10, 20, 2, proj_size=5, bidirectional=True): 5,840 params named as torch, (output, (h_n, c_n))', () => {
  const r = run('LSTM', [10, 20, 2], { proj_size: 5, bidirectional: true }, [[7, 3, 10]]);
  assert.equal(params(r), 5840n);
  assert.deepEqual(r.params!.tensors.slice(0, 6).map((t) => `${t.name} ${t.shape.join('x')}`), [
    'weight_ih_l0 80x10', 'weight_hh_l0 80x5', 'bias_ih_l0 80', 'bias_hh_l0 80', 'weight_hr_l0 5x20', 'weight_ih_l0_reverse 80x10',
  ]);
  assert.equal(r.params!.tensors[10].name, 'weight_ih_l1');
  assert.deepEqual(r.params!.tensors[10].shape, [80, 10]); // layer 1 reads D·proj = 2·5
  assert.equal(shape(r), '((7, 3, 10), ((4, 3, 5), (4, 3, 20)))');
  // MACs = T·B·D·Σ_l (4H·I + 4H·R + P·H) = 7·3·2 · 2 · (800 + 400 + 100)
  assert.equal(r.cost!.macs, 109200n);
  assert.equal(shape(run('LSTM', [10, 20, 2], { proj_size: 5, bidirectional: true, batch_first: true }, [[7, 3, 10]])),
    '((7, 3, 10), ((4, 7, 5), (4, 7, 20)))');
  assert.equal(shape(run('LSTM', [10, 20, 2], { proj_size: 5, bidirectional: true }, [[7, 10]])), '((7, 10), ((4, 5), (4, 20)))');
});

test('GRU / RNN: params, input_size check with fix, ranks, constructor errors', () => {
  const gru = run('GRU', [10, 20, 3], { bias: false, bidirectional: true }, [[7, 3, 10]]);
  assert.equal(shape(gru), '((7, 3, 40), (6, 3, 20))');
  assert.equal(params(gru), 18000n);
  const d = error(run('GRU', [10, 20], {}, [[7, 3, 11]]));
  assert.equal(d.code, 'rnn-input-size');
  assert.equal(d.fix!.value, 11);
  assert.equal(error(run('GRU', [10, 20], {}, [[7, 3, 4, 10]])).code, 'wrong-rank');
  assert.equal(shape(run('RNN', [10, 20, 2], { nonlinearity: 'relu' }, [[5, 10]])), '((5, 20), (2, 20))');
  assert.equal(error(run('RNN', [10, 20], { nonlinearity: 'foo' })).code, 'bad-arguments');
  assert.match(error(run('LSTM', [10, 20], { proj_size: 20 })).message, /proj_size has to be smaller than hidden_size/);
  assert.match(error(run('GRU', [10, 20], { dropout: 2 })).message, /dropout should be a number in range \[0, 1\]/);
  // LSTM positional order: input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, proj_size
  const lstm = run('LSTM', [4, 6, 3, true, false, 0.0, true, 2], {}, [[5, 2, 4]]);
  assert.equal(shape(lstm), '((5, 2, 4), ((6, 2, 2), (6, 2, 6)))');
  assert.equal(params(lstm), 1224n);
  // torch: "Expected hidden size (1, 3, 20), got [2, 3, 20]"
  assert.equal(error(run('GRU', [10, 20], {}, [[5, 3, 10], [2, 3, 20]])).code, 'rnn-hidden-shape');
  assert.equal(shape(run('GRU', [10, 20], {}, [[5, 10], [1, 20]])), '((5, 20), (1, 20))');
});

// ── Attention ─────────────────────────────────────────────────────────────────────────────────────────────
test('MultiheadAttention(8, 2, kdim=4, vdim=6, add_bias_kv, add_zero_attn): 256 params, S\' = 9, 5,760 MACs', () => {
  const r = run('MultiheadAttention', [8, 2], { kdim: 4, vdim: 6, add_bias_kv: true, add_zero_attn: true }, [[5, 3, 8], [7, 3, 4], [7, 3, 6]]);
  assert.equal(params(r), 256n);
  assert.deepEqual(r.params!.tensors.map((t) => t.name), ['q_proj_weight', 'k_proj_weight', 'v_proj_weight', 'in_proj_bias', 'bias_k', 'bias_v', 'out_proj.weight', 'out_proj.bias']);
  assert.equal(shape(r), '((5, 3, 8), (3, 5, 9))');
  assert.equal(r.cost!.macs, 5760n);
  assert.equal(shape(run('MultiheadAttention', [8, 2], { kdim: 4, vdim: 6 }, [[5, 8], [7, 4], [7, 6]])), '((5, 8), (5, 7))');
});

test('MultiheadAttention(8, 2): 288 params (in_proj_weight 24×8), 6,288 MACs; errors as torch', () => {
  const r = run('MultiheadAttention', [8, 2], {}, [[5, 3, 8], [7, 3, 8], [7, 3, 8]]);
  assert.equal(params(r), 288n);
  assert.deepEqual(r.params!.tensors[0].shape, [24, 8]);
  assert.equal(r.cost!.macs, 6288n);
  assert.equal(params(run('MultiheadAttention', [8, 2], { bias: false })), 256n);
  const heads = error(run('MultiheadAttention', [8, 3]));
  assert.equal(heads.code, 'attention-heads');
  assert.equal(heads.fix!.value, 2);
  assert.equal(error(run('MultiheadAttention', [8, 2], {}, [[5, 3, 6], [7, 3, 8], [7, 3, 8]])).code, 'attention-embed-dim');
  assert.equal(error(run('MultiheadAttention', [8, 2], { kdim: 4, vdim: 6 }, [[5, 3, 8], [7, 3, 5], [7, 3, 6]])).code, 'attention-kdim');
  assert.equal(error(run('MultiheadAttention', [8, 2], {}, [[5, 3, 8], [7, 3, 8], [6, 3, 8]])).code, 'attention-key-value');
  assert.equal(error(run('MultiheadAttention', [8, 2], {}, [[5, 3, 8], [7, 2, 8], [7, 2, 8]])).code, 'attention-batch');
  assert.equal(error(run('MultiheadAttention', [8, 2], {}, [[5, 3, 8], [7, 8], [7, 3, 8]])).code, 'wrong-rank');
  assert.equal(shape(run('MultiheadAttention', [8, 2], { batch_first: true }, [[3, 5, 8], [3, 7, 8], [3, 7, 8]])), '((3, 5, 8), (3, 5, 7))');
});

test('TransformerEncoderLayer(512, 8) has 3,152,384 params and TransformerDecoderLayer(512, 8) 4,204,032', () => {
  assert.equal(params(run('TransformerEncoderLayer', [512, 8])), 3152384n);
  assert.equal(params(run('TransformerDecoderLayer', [512, 8])), 4204032n);
  const names = run('TransformerEncoderLayer', [16, 2, 32]).params!.tensors.map((t) => t.name);
  assert.deepEqual(names, ['self_attn.in_proj_weight', 'self_attn.in_proj_bias', 'self_attn.out_proj.weight', 'self_attn.out_proj.bias',
    'linear1.weight', 'linear1.bias', 'linear2.weight', 'linear2.bias', 'norm1.weight', 'norm1.bias', 'norm2.weight', 'norm2.bias']);
});

test('Transformer layers: shapes and MACs (encoder 33,120, decoder 54,912 as counted in torch)', () => {
  const enc = run('TransformerEncoderLayer', [16, 2, 32], {}, [[5, 3, 16]]);
  assert.equal(shape(enc), '(5, 3, 16)');
  assert.equal(enc.cost!.macs, 33120n);
  const dec = run('TransformerDecoderLayer', [16, 2, 32], {}, [[5, 3, 16], [7, 3, 16]]);
  assert.equal(shape(dec), '(5, 3, 16)');
  assert.equal(dec.cost!.macs, 54912n);
  assert.equal(shape(run('TransformerEncoderLayer', [16, 2, 32], {}, [[5, 16]])), '(5, 16)');
  assert.equal(error(run('TransformerEncoderLayer', [16, 2, 32], {}, [[5, 3, 15]])).code, 'attention-embed-dim');
  assert.equal(error(run('TransformerEncoderLayer', [16, 3])).code, 'attention-heads');
  assert.equal(error(run('TransformerEncoderLayer', [16, 2, 32], { activation: 'foo' })).code, 'bad-arguments');
  assert.equal(error(run('TransformerDecoderLayer', [16, 2, 32], {}, [[5, 3, 16], [7, 2, 16]])).code, 'attention-batch');
});

// ── Tensor operations ─────────────────────────────────────────────────────────────────────────────────────
test('torch.cat / torch.stack: shapes, cat-mismatch naming the shapes, dim range', () => {
  assert.equal(shape(run('torch.cat', [1], {}, [[2, 3], [2, 4]])), '(2, 7)');
  assert.equal(shape(run('torch.cat', [-1], {}, [[2, 3, 4], [2, 3, 5], [2, 3, 1]])), '(2, 3, 10)');
  const d = error(run('torch.cat', [1], {}, [[2, 3], [3, 4]]));
  assert.equal(d.code, 'cat-mismatch');
  assert.match(d.message, /\(2, 3\) vs \(3, 4\)/);
  assert.equal(error(run('torch.cat', [0], {}, [[2, 3], [3]])).code, 'cat-mismatch');
  assert.equal(shape(run('torch.cat', [0], {}, [[2, 3], [0]])), '(2, 3)'); // legacy empty 1-D skipped
  assert.equal(error(run('torch.cat', [2], {}, [[2, 3], [2, 3]])).code, 'dim-out-of-range');
  assert.equal(shape(run('torch.cat', [1], {}, [[2, 3, symbol('H')], [2, 4, symbol('H')]])), '(2, 7, H)');
  assert.equal(run('torch.cat', [2], {}, [[2, symbol('H')], [2, symbol('W')]]).status, 'error'); // dim 2 of a 2-D tensor
  assert.equal(shape(run('torch.cat', [1], {}, [[2, symbol('H')], [2, symbol('W')]])), '(2, H + W)');
  assert.equal(shape(run('torch.stack', [2], {}, [[2, 3], [2, 3]])), '(2, 3, 2)');
  assert.equal(shape(run('torch.stack', [-3], {}, [[2, 3], [2, 3]])), '(2, 2, 3)');
  assert.equal(error(run('torch.stack', [0], {}, [[2, 3], [2, 4]])).code, 'cat-mismatch');
});

test('elementwise + − × ÷: broadcasting, scalars as (), exact cost out_numel', () => {
  const r = run('torch.add', [], {}, [[2, 1, 3], [4, 1]]);
  assert.equal(shape(r), '(2, 4, 3)');
  assert.equal(r.cost!.exact.add, 24n);
  assert.equal(r.cost!.macs, 0n);
  const d = error(run('torch.mul', [], {}, [[2, 3], [4]]));
  assert.equal(d.code, 'broadcast');
  assert.match(d.message, /size of tensor a \(3\) must match the size of tensor b \(4\) at non-singleton dimension 1/);
  assert.match(d.message, /\(2, 3\) and \(4,\)/);
  assert.equal(shape(run('torch.div', [], {}, [[2, 3], []])), '(2, 3)');
  assert.equal(run('torch.div', [], {}, [[5, 1, 4], [3, 1]]).cost!.exact.div, 60n);
  assert.equal(shape(run('torch.sub', [], {}, [[symbol('N'), 3, 1], [1, 5]])), '(N, 3, 5)');
});

test('torch.matmul: every rank rule, batch broadcasting and MACs', () => {
  assert.equal(shape(run('torch.matmul', [], {}, [[3], [3]])), '()');
  assert.equal(shape(run('torch.matmul', [], {}, [[3], [3, 5]])), '(5,)');
  assert.equal(shape(run('torch.matmul', [], {}, [[2, 3], [3]])), '(2,)');
  assert.equal(shape(run('torch.matmul', [], {}, [[7, 2, 3], [3]])), '(7, 2)');
  assert.equal(shape(run('torch.matmul', [], {}, [[3], [7, 3, 4]])), '(7, 4)');
  const b = run('torch.matmul', [], {}, [[10, 1, 4, 5], [3, 5, 6]]);
  assert.equal(shape(b), '(10, 3, 4, 6)');
  assert.equal(b.cost!.macs, 3600n);
  assert.equal(b.cost!.exact.add, 2880n);
  for (const [x, y] of [[[3], [4]], [[2, 3], [4, 5]], [[3], [4, 5]], [[2, 3], [4]], [[2], [7, 3, 4]], [[2, 2, 3], [2, 4, 4]], [[], [3]]]) {
    assert.equal(error(run('torch.matmul', [], {}, [x, y])).code, 'matmul-mismatch', `${x} @ ${y}`);
  }
  assert.equal(error(run('torch.matmul', [], {}, [[2, 2, 2, 3], [5, 3, 4]])).code, 'broadcast');
});

test('mean / sum: dims, keepdim, None and (), duplicates, exact cost in_numel (mean) and in − out (sum)', () => {
  const m = run('torch.mean', [[0, 2], true], {}, [[2, 3, 4]]);
  assert.equal(shape(m), '(1, 3, 1)');
  assert.equal(exactTotal(m.cost!.exact), 24n);
  assert.equal(run('torch.sum', [[0, 2]], {}, [[2, 3, 4]]).cost!.exact.add, 21n);
  assert.equal(shape(run('Tensor.mean', [], {}, [[2, 3, 4]])), '()');
  assert.equal(shape(run('Tensor.sum', [null, true], {}, [[2, 3, 4]])), '(1, 1, 1)');
  assert.equal(shape(run('torch.sum', [[]], {}, [[2, 3, 4]])), '()');
  assert.equal(shape(run('Tensor.sum', [1], { keepdim: true }, [[2, 3]])), '(2, 1)');
  assert.match(error(run('torch.mean', [[1, -2]], {}, [[2, 3, 4]])).message, /dim 1 appears multiple times/);
  assert.equal(error(run('torch.mean', [3], {}, [[2, 3, 4]])).code, 'dim-out-of-range');
  assert.equal(shape(run('torch.sum', [0], {}, [[]])), '()');
  assert.equal(shape(run('Tensor.mean', [1], {}, [[symbol('N'), 3, symbol('H')]])), '(N, H)');
});

test('slicing: integers, slices, ..., None, bounds and symbolic sizes', () => {
  const g = (index: Value, x: Shape) => run('Tensor.__getitem__', [], { index }, [x]);
  assert.equal(shape(g([1, ':', null, '::2'], [4, 5, 6])), '(5, 1, 3)');
  assert.equal(shape(g(['...', -1], [4, 5, 6])), '(4, 5)');
  assert.equal(shape(g([null, '...', '1:3', null], [4, 5, 6])), '(1, 4, 5, 2, 1)');
  assert.equal(shape(g([':', '-100:2'], [4, 5, 6])), '(4, 2, 6)');
  assert.equal(shape(g([':', '3:1'], [4, 5, 6])), '(4, 0, 6)');
  assert.equal(shape(g(['10:'], [4, 5, 6])), '(0, 5, 6)');
  assert.equal(shape(g(['1::3', '2:-1'], [10, 7])), '(3, 4)');
  assert.equal(shape(g(['...', 0, '...'], [4, 5, 6])), '(4, 5)');
  assert.equal(shape(g(-4, [4, 5, 6])), '(5, 6)');
  assert.match(error(g([4], [4, 5, 6])).message, /index 4 is out of bounds for dimension 0 with size 4/);
  assert.equal(error(g([-5], [4, 5, 6])).code, 'index-out-of-range');
  assert.match(error(g([1, 2, 3, 4], [4, 5, 6])).message, /too many indices for tensor of dimension 3/);
  assert.equal(error(g(['::-1'], [4, 5, 6])).code, 'bad-index');
  assert.equal(error(g(['::0'], [4, 5, 6])).code, 'bad-index');
  assert.equal(shape(g([null], [])), '(1,)');
  assert.equal(error(g([0], [])).code, 'bad-index');
  assert.equal(shape(g([':', '1:', '::2', ':-1'], [2, symbol('H'), symbol('W'), symbol('L')])), '(2, H − 1, ⌈W/2⌉, L − 1)');
  assert.equal(g([':3'], [symbol('H')]).status, 'unknown');
});

test('repeat and tile by symbolic counts multiply the sizes (HieraDet\'s window_embed.tile((tile_h, tile_w)))', () => {
  const [a, b] = [symbol('a'), symbol('b')];
  assert.equal(shape(run('torch.tile', [], { dims: [a, b] }, [[1, 96, 8, 8]])), '(1, 96, 8·a, 8·b)');
  assert.equal(shape(run('Tensor.repeat', [], { repeats: [1, a, 1] }, [[2, 1, 4]])), '(2, a, 4)');
  assert.equal(shape(run('torch.tile', [], { dims: [3] }, [[2, 5]])), '(2, 15)');
});

test('torch.arange with a symbolic bound: end − start positions when the step is 1, else unknown', () => {
  const t = symbol('t');
  assert.equal(shape(run('torch.arange', [t], {}, [])), '(t,)');
  assert.equal(shape(run('torch.arange', [2, t], {}, [])), '(t − 2,)');
  assert.equal(run('torch.arange', [0, t, 2], {}, []).status, 'unknown');
  assert.equal(shape(run('torch.arange', [0, 10, 3], {}, [])), '(4,)');
});

test("a norm's order p = inf (float('inf'), math.inf) is PyTorch's max norm, not an error: F.normalize, pairwise_distance, pdist", () => {
  assert.equal(run('F.normalize', [], { p: Infinity }, [[2, 8]]).status, 'ok');
  assert.equal(run('F.pairwise_distance', [], { p: Infinity }, [[2, 8], [2, 8]]).status, 'ok');
  assert.equal(run('F.pdist', [], { p: Infinity }, [[4, 8]]).status, 'ok');
  assert.equal(run('F.pdist', [], { p: -Infinity }, [[4, 8]]).status, 'error'); // PyTorch: only non-negative p
});

test('F.normalize with a p not known statically: unknown, and its working lines read without throwing (a hover reads them)', () => {
  const r = run('F.normalize', [], { p: unknown('p is read from a config') }, [[2, 8]]);
  assert.equal(r.status, 'unknown');
  assert.match(r.unknownReason ?? '', /p: p is read from a config/);
  assert.doesNotThrow(() => r.shapeWorking.map((w) => w.text));
  const known = run('F.normalize', [], { p: 1 }, [[2, 8]]);
  assert.equal(shape(known), '(2, 8)');
  assert.equal(known.shapeWorking[0].text, 'output = input = (2, 8) (each vector along dim 1 scaled to unit 1-norm)');
});
