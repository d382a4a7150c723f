// Models whose forward takes several inputs and nothing states the further ones: each further required parameter
// gets a symbolic tensor laid out by the first layer it reaches, and the numbers equal PyTorch's
// (test/fixtures/multi, scripts/gen_multi_input_fixtures.py) at the input chosen.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, initParsers, type ModelAnalysis } from '../../src/analysis';
import { formatShape, symbol } from '../../src/engine';
import { otherInputCandidates, ownSizeFreed } from '../../src/analysis/python/otherInputs';
import { ROOT } from './support/process';

before(async () => {
  const wasmDir = path.join(ROOT, 'dist', 'tree-sitter');
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(wasmDir, file))));
});

interface Expected { model: string; inputs: { name: string; shape: number[] }[]; output_shape: number[]; total_params: number; total_macs: number }
const read = (name: string) => fs.readFileSync(path.join(ROOT, 'test/fixtures/multi', name), 'utf8');
const withoutComment = (text: string) => text.split('\n').filter((l) => !/^#\s*input\s*:/.test(l)).join('\n');
const errors = (m: ModelAnalysis) => m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

function analyzeFixture(name: string, keepComment = false): { m: ModelAnalysis; exp: Expected } {
  const exp = JSON.parse(read(`${name}.expected.json`)) as Expected;
  const text = keepComment ? read(`${name}.py`) : withoutComment(read(`${name}.py`));
  const m = analyzeText(text, 'python', { strict: false }).models.find((x) => x.name === exp.model);
  assert.ok(m, `no model ${exp.model}`);
  return { m, exp };
}

test('a conditional GAN generator: labels are class indices (N,), the noise size is solved from the joined Linear', () => {
  const { m, exp } = analyzeFixture('cgan_generator');
  assert.deepEqual(errors(m), []);
  assert.equal(m.inputSource, 'inferred');
  const batch = m.inputShape![0] as number;
  assert.deepEqual(m.inputShape, [batch, exp.inputs[0].shape[1]]);
  assert.match(m.inputSourceDetail!, new RegExp(`with labels \\(${batch},\\) given by ShapeLens`));
  assert.deepEqual(m.outputShape, [batch, ...exp.output_shape.slice(1)]);
  assert.equal(m.totalParams, BigInt(exp.total_params));
  assert.equal(m.totalCost.macs * BigInt(exp.inputs[0].shape[0]), BigInt(exp.total_macs) * BigInt(batch));
});

test('two images joined by channels before the first conv (pix2pix\'s critic): each gets half its channels, the same shape', () => {
  const { m, exp } = analyzeFixture('image_pair_critic');
  assert.deepEqual(errors(m), []);
  assert.equal(m.inputSource, 'inferred');
  assert.deepEqual(m.inputShape, exp.inputs[0].shape);
  assert.match(m.inputSourceDetail!, /with img_b \(1, 3, 32, 32\) given by ShapeLens/);
  assert.equal(formatShape(m.outputShape!), formatShape(exp.output_shape));
  assert.equal(m.totalParams, BigInt(exp.total_params));
  assert.equal(m.totalCost.macs, BigInt(exp.total_macs));
});

test('every further-input fixture with its comment: the numbers are PyTorch\'s', () => {
  for (const name of ['cgan_generator', 'bahdanau_attention', 'pair_discriminator', 'image_pair_critic']) {
    const { m, exp } = analyzeFixture(name, true);
    assert.deepEqual(errors(m), [], name);
    assert.equal(formatShape(m.outputShape!), formatShape(exp.output_shape), name);
    assert.equal(m.totalParams, BigInt(exp.total_params), name);
    assert.equal(m.totalCost.macs, BigInt(exp.total_macs), name);
  }
});

test('further inputs never make an error: a second image and joined attention inputs stay unknown without one', () => {
  for (const name of ['bahdanau_attention', 'pair_discriminator']) {
    const { m, exp } = analyzeFixture(name);
    assert.deepEqual(errors(m), [], name);
    assert.equal(m.totalParams, BigInt(exp.total_params), name);
  }
});

test('a further input reaching a Linear is (N, F) with the batch shared; a parameter with a default gets nothing', () => {
  const m = analyzeText(`import torch.nn as nn
class Two(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(6, 4)
        self.b = nn.Linear(8, 4)
    def forward(self, x, y, mask=None):
        return self.a(x) + self.b(y)
`, 'python', { strict: false }).models.find((x) => x.name === 'Two')!;
  assert.deepEqual(errors(m), []);
  assert.equal(formatShape(m.inputShape!), '(1, 6)');
  assert.match(m.inputSourceDetail!, /with y \(1, 8\) given by ShapeLens$/);
  assert.equal(formatShape(m.outputShape!), '(1, 4)');
  assert.equal(m.totalCost.macs, 6n * 4n + 8n * 4n);
});

test('the first input joined to another before its first layer: its own size is left free for the solver', () => {
  assert.deepEqual(ownSizeFreed([symbol('N'), 110]), [symbol('N'), symbol('C')]);
  assert.deepEqual(ownSizeFreed([symbol('N'), 6, symbol('H'), symbol('W')]), [symbol('N'), symbol('C'), symbol('H'), symbol('W')]);
  assert.equal(ownSizeFreed([symbol('N')]), undefined);
  assert.deepEqual(otherInputCandidates('labels', []), []);
});

test('a wrapper whose forward passes **kwargs on (a diffusion wrapper\'s `classes=`) gets the keyword tensors the file calls it with', () => {
  const m = analyzeText(`import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.embed = nn.Embedding(num_classes, 8)

    def forward(self, x, classes):
        return self.conv(x) + self.embed(classes)[:, :, None, None]

class Wrapper(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, img, *args, **kwargs):
        return self.model(img * 2 - 1, *args, **kwargs).mean()

wrapper = Wrapper(Net())
loss = wrapper(torch.randn(4, 3, 16, 16), classes=torch.randint(0, 10, (4,)))
`, 'python', { strict: false }).models.find((x) => x.name === 'wrapper')!;
  assert.deepEqual(errors(m), []);
  assert.deepEqual(m.namedInputs?.map((n) => `${n.name} ${formatShape([...n.shape])}${n.dtype ? ` ${n.dtype}` : ''}`), ['img (4, 3, 16, 16)', 'classes (4,) torch.int64']);
  assert.equal(formatShape(m.outputShape!), '()');
  assert.equal(m.totalCost.macs, 4n * 8n * 16n * 16n * 27n); // the conv; an Embedding lookup costs nothing
  assert.ok(!m.incomplete);
});
