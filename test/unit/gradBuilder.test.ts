// The gradient checker's chain builder: every kind it offers builds a check that passes, with every loss; mistakes
// are pinned to their layer and field (PyTorch's own complaint where the registry's shape rule makes it); a layer
// from the editor pre-fills a small chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck } from '../../src/engine/grad';
import { buildChain } from '../../src/present/gradBuilder/buildChain';
import { chainFromLayer } from '../../src/present/gradBuilder/prefill';
import {
  BuilderError, DEFAULT_CHAIN, defaultLayer, describeLayer, KIND_SPECS, LAYER_KINDS, LOSSES, type ChainSpec, type LossKind,
} from '../../src/present/gradBuilder/spec';

const inputFor = (kind: string): string => (/2d$/.test(kind) ? '2, 1, 4, 4' : /1d$/.test(kind) ? '2, 1, 6' : kind === 'Linear' ? '2, 4' : '2, 3');
const chain = (over: Partial<ChainSpec>): ChainSpec => ({ ...DEFAULT_CHAIN, ...over });
const program = (c: ChainSpec): string[] => buildChain(c).check.program.map((s) => `${s.out} = ${s.fn}(${JSON.stringify(s.args)}${s.kwargs ? ` ${JSON.stringify(s.kwargs)}` : ''})`);

test('every kind the builder offers, with its defaults, builds a check that passes', () => {
  assert.ok(LAYER_KINDS.length >= 40, `${LAYER_KINDS.length} kinds`);
  for (const kind of LAYER_KINDS) {
    const built = buildChain(chain({ inputShape: inputFor(kind), layers: [defaultLayer(kind)], loss: 'upstream' }));
    const r = runCheck(built.check);
    assert.equal(r.passed, true, `${kind}: ${r.verdict}, ${r.warnings.join(' | ')}`);
    assert.equal(built.check.program[0].fn, KIND_SPECS.get(kind)?.fn, kind);
  }
});

test('every loss ends the default chain in a check that passes', () => {
  for (const loss of Object.keys(LOSSES) as LossKind[]) {
    const built = buildChain(chain({ loss }));
    const r = runCheck(built.check);
    assert.equal(r.passed, true, `${loss}: ${r.verdict}`);
    assert.ok(built.check.title?.endsWith(LOSSES[loss].label), loss);
    for (const fn of LOSSES[loss].fns) assert.ok(built.check.program.some((s) => s.fn === fn), `${loss} calls ${fn}`);
  }
});

test('the default chain writes the same program as before the builder derived from the registry', () => {
  assert.deepEqual(program(DEFAULT_CHAIN), [
    'h1 = F.conv2d(["x","W1","b1"] {"padding":1})',
    'a2 = torch.relu(["h1"])',
    'h3 = F.max_pool2d(["a2"] {"kernel_size":2})',
    'a4 = torch.flatten(["h3"] {"start_dim":1})',
    'h5 = F.linear(["a4","W5","b5"])',
    'L = F.cross_entropy(["h5","target"])',
  ]);
});

test('the new kinds write their step as one would in PyTorch, leaving PyTorch’s defaults out', () => {
  const layers = [
    { kind: 'torch.var', params: { ...defaultLayer('torch.var').params, dim: '1', keepdim: true } },
    { kind: 'GELU', params: { approximate: 'tanh' } },
    { kind: 'torch.pow', params: { exponent: '3' } },
    defaultLayer('LayerNorm'),
    { kind: 'ELU', params: { alpha: '1' } },
  ];
  const c = chain({ inputShape: '2, 3', layers, loss: 'sum' });
  assert.deepEqual(program(c), [
    'h1 = torch.var(["x"] {"dim":1,"keepdim":true})',
    'a2 = F.gelu(["h1"] {"approximate":"tanh"})',
    'a3 = torch.pow(["a2"] {"exponent":3})',
    'h4 = F.layer_norm(["a3",[1],"W4","b4"])',
    'a5 = F.elu(["h4"])',
    'L = torch.sum(["a5"])',
  ]);
  assert.deepEqual(buildChain(c).shapes, [[2, 1], [2, 1], [2, 1], [2, 1], [2, 1]]);
  assert.equal(layers.map(describeLayer).join(' → '), "torch.var(dim=1, keepdim=True) → GELU(approximate='tanh') → torch.pow(exponent=3) → LayerNorm() → ELU()");
});

test('PyTorch’s complaint from the registry’s shape rule is pinned to the layer and the field it names', () => {
  const bad = (c: ChainSpec, layer: number, field: string | undefined, message: RegExp) =>
    assert.throws(() => buildChain(c), (e: unknown) => e instanceof BuilderError && e.layer === layer && e.field === field && message.test(e.message));
  bad(chain({ inputShape: '2, 3', layers: [defaultLayer('ReLU'), { kind: 'torch.sum', params: { dim: '4', keepdim: false } }], loss: 'sum' }), 1, 'dim', /range/i);
  bad(chain({ inputShape: '2, 3', layers: [{ kind: 'LayerNorm', params: { normalized_shape: '4', eps: '1e-5', elementwise_affine: true } }], loss: 'sum' }), 0, 'normalized_shape', /normalized_shape/);
  bad(chain({ inputShape: '1, 3', layers: [defaultLayer('BatchNorm1d')], loss: 'sum' }), 0, undefined, /more than one value per channel/);
  bad(chain({ inputShape: '2, 3', layers: [{ kind: 'ELU', params: { alpha: 'big' } }], loss: 'sum' }), 0, 'alpha', /must be a number/);
  bad(chain({ inputShape: '2, 3', layers: [{ kind: 'Frobnicate', params: {} }], loss: 'sum' }), 0, undefined, /not a layer this builder knows/);
});

test('a first layer that needs positive inputs (log, sqrt) gets positive integers', () => {
  const built = buildChain(chain({ inputShape: '3, 4', layers: [defaultLayer('torch.log')], loss: 'sum' }));
  assert.ok((built.check.inputs.x.values as number[][]).flat().every((v) => v > 0));
  assert.equal(runCheck(built.check).passed, true);
});

test('pre-filled from the editor: activations and norm layers of any size become a small chain that passes', () => {
  const gelu = chainFromLayer({ layerType: 'nn.GELU', args: { approximate: 'tanh' }, inputShape: [8, 128] }, 3);
  assert.equal(gelu.supported, true);
  assert.equal(gelu.chain.layers[0].params.approximate, 'tanh');
  const ln = chainFromLayer({ layerType: 'LayerNorm', args: { 0: 512 }, inputShape: [8, 16, 512] }, 3);
  assert.deepEqual(ln.notes, ['Kept small: normalized_shape 512 → 6.']);
  const bn = chainFromLayer({ layerType: 'torch.nn.BatchNorm2d', args: { 0: 64 }, inputShape: [8, 64, 32, 32] }, 3);
  for (const p of [gelu, ln, bn]) assert.equal(runCheck(buildChain(p.chain).check).passed, true, p.chain.layers[0].kind);
  assert.equal(chainFromLayer({ layerType: 'LSTM', args: {} }, 1).supported, false);
});

test('a conv pre-filled with random integers passes for every seed: round-off is judged by the magnitudes summed, not the loss', () => {
  // Seed 426 made a weight gradient of exactly 0 whose difference quotient came out 4e-8: the upstream loss cancels
  // to −1 through terms of ±50, so a floor scaled by |loss| called that noise a wrong gradient (the CI run failed on it).
  const prefill = { layerType: 'Conv2d', args: { in_channels: 64, out_channels: 128, kernel_size: 3, stride: 1, padding: 1 }, inputShape: [1, 64, 56, 56] };
  for (const seed of [426, 502, 693, ...Array.from({ length: 60 }, (_, i) => 1 + i * 331)]) {
    const report = runCheck(buildChain(chainFromLayer(prefill, seed).chain).check);
    assert.equal(report.passed, true, `seed ${seed}: ${report.verdict}`);
  }
});
