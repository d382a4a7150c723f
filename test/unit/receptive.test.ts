// Receptive fields: size, jump and start of every conv/pool layer's output, against
//   - the published figures of Araujo, Norris and Sim (Distill 2019; the receptive_field library's table, TF-slim
//     models): AlexNet (alexnet_v2's geometry: every end-point conv1…pool5), VGG-16 (conv1_1…pool5) and
//     ResNet-50 v1 laid out as TF-slim builds it (block1…block4 at a 224-pixel input), where the table's
//     "effective padding" P is (r − 1)/2 − start, and MobileNet v1 (Conv2d_0 and every Conv2d_k_pointwise: size and
//     effective stride, the table's rows without a resolution);
//   - a brute-force check with PyTorch (scripts/gen_memory_fixtures.py: which input pixels get a gradient from one
//     output unit) on those and on ResNet-18/50, MobileNet, a 1-D audio net, a 3-D video net, dilated convolutions;
//   - hand-computed values for what the table does not cover (a transposed convolution, padding layers, where the
//     field stops: flatten, global pooling, attention).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, initParsers } from '../../src/analysis';
import type { ModelAnalysis } from '../../src/analysis/model';
import type { RecordField } from '../../src/analysis/receptive';
import { effectivePadding, stepAxis, PIXEL, type RfAxis } from '../../src/engine';
import { ROOT } from './support/process';

const FIXTURES = path.join(ROOT, 'test', 'fixtures');

before(async () => {
  const wasmDir = path.join(ROOT, 'dist', 'tree-sitter');
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(wasmDir, file))));
});

function model(file: string, input?: number[]): ModelAnalysis {
  const a = analyzeText(fs.readFileSync(file, 'utf8'), 'python', { strict: false, ...(input ? { inputShape: input } : {}) });
  const m = a.models.find((x) => x.root);
  assert.ok(m, `no root model in ${file}`);
  return m;
}

const fileOf = (name: string) => [path.join(FIXTURES, 'models', `${name}.py`), path.join(FIXTURES, 'receptive', `${name}.py`)].find((f) => fs.existsSync(f))!;

/** The field of the last record whose name is `name` (a module called several times: its last call). */
function fieldOf(m: ModelAnalysis, name: string): RecordField | undefined {
  let found: RecordField | undefined;
  m.layers.forEach((r, i) => {
    if (r.name === name) found = m.fields?.[i];
  });
  return found;
}

/** The field after the last record inside a block (`block1.` → the block's output). */
function blockOutput(m: ModelAnalysis, prefix: string): RecordField | undefined {
  let found: RecordField | undefined;
  m.layers.forEach((r, i) => {
    if (r.name.startsWith(prefix) || (r.scope ?? '').startsWith(prefix)) found = m.fields?.[i];
  });
  return found;
}

const axes = (f: RecordField | undefined): readonly RfAxis[] => {
  assert.ok(f && f.kind === 'local', `expected a local field, got ${JSON.stringify(f)}`);
  return f.axes;
};

describe('published figures (Araujo, Norris and Sim, Distill 2019): size / effective stride / effective padding', () => {
  // alexnet_v2 of TF-slim has the geometry of the fixture's AlexNet (11/4, pool 3/2, 5 pad 2, pool, 3×3 pad 1 ×3, pool)
  const alexnet: [string, string, number, number, number][] = [
    ['conv1', 'features.0', 11, 4, 0], ['pool1', 'features.2', 19, 8, 0], ['conv2', 'features.3', 51, 8, 16],
    ['conv3', 'features.6', 99, 16, 32], ['conv4', 'features.8', 131, 16, 48], ['conv5', 'features.10', 163, 16, 64],
    ['pool5', 'features.12', 195, 32, 64],
  ];
  const vgg16: [string, string, number, number, number][] = [
    ['conv1/conv1_1', 'features.0', 3, 1, 1], ['pool1', 'features.4', 6, 2, 2], ['conv2/conv2_1', 'features.5', 10, 2, 4],
    ['pool2', 'features.9', 16, 4, 6], ['conv3/conv3_1', 'features.10', 24, 4, 10], ['conv3/conv3_2', 'features.12', 32, 4, 14],
    ['pool3', 'features.16', 44, 8, 18], ['conv4/conv4_1', 'features.17', 60, 8, 26], ['conv4/conv4_2', 'features.19', 76, 8, 34],
    ['pool4', 'features.23', 100, 16, 42], ['conv5/conv5_1', 'features.24', 132, 16, 58], ['conv5/conv5_2', 'features.26', 164, 16, 74],
    ['pool5', 'features.30', 212, 32, 90],
  ];
  for (const [fixture, table] of [['alexnet', alexnet], ['vgg16', vgg16]] as const) {
    describe(fixture, () => {
      let m: ModelAnalysis | undefined;
      for (const [end, layer, r, j, p] of table) {
        test(`${end} (${layer}): r = ${r}, jump ${j}, effective padding ${p}`, () => {
          m ??= model(fileOf(fixture));
          for (const a of axes(fieldOf(m, layer))) assert.deepEqual([a.size, a.jump, effectivePadding(a)], [r, j, p]);
        });
      }
    });
  }
  describe('mobilenet_v1 (the table\'s resolution-free rows: size and effective stride; TF-slim pads SAME, PyTorch symmetrically)', () => {
    // Conv2d_0 is the stem conv (model.0.0); Conv2d_k_pointwise the 1×1 conv of block k (model.k.3)
    const table: [string, string, number, number][] = [
      ['Conv2d_0', 'model.0.0', 3, 2], ['Conv2d_1_pointwise', 'model.1.3', 7, 2], ['Conv2d_2_pointwise', 'model.2.3', 11, 4],
      ['Conv2d_3_pointwise', 'model.3.3', 19, 4], ['Conv2d_4_pointwise', 'model.4.3', 27, 8], ['Conv2d_5_pointwise', 'model.5.3', 43, 8],
      ['Conv2d_6_pointwise', 'model.6.3', 59, 16], ['Conv2d_7_pointwise', 'model.7.3', 91, 16], ['Conv2d_8_pointwise', 'model.8.3', 123, 16],
      ['Conv2d_9_pointwise', 'model.9.3', 155, 16], ['Conv2d_10_pointwise', 'model.10.3', 187, 16],
      ['Conv2d_11_pointwise', 'model.11.3', 219, 16], ['Conv2d_12_pointwise', 'model.12.3', 251, 32],
      ['Conv2d_13_pointwise', 'model.13.3', 315, 32],
    ];
    let m: ModelAnalysis | undefined;
    for (const [end, layer, r, j] of table) {
      test(`${end} (${layer}): r = ${r}, jump ${j}`, () => {
        m ??= model(fileOf('mobilenet_v1'));
        for (const a of axes(fieldOf(m, layer))) assert.deepEqual([a.size, a.jump], [r, j]);
      });
    }
  });
  describe('resnet_v1_50 (TF-slim layout, 224-pixel input)', () => {
    let m: ModelAnalysis | undefined;
    for (const [block, r, p] of [['block1', 35, 15], ['block2', 99, 47], ['block3', 291, 143], ['block4', 483, 239]] as const) {
      test(`${block}: r = ${r}, jump ${block === 'block1' ? 8 : block === 'block2' ? 16 : 32}, effective padding ${p}`, () => {
        m ??= model(fileOf('resnet50_slim'));
        const j = block === 'block1' ? 8 : block === 'block2' ? 16 : 32;
        for (const a of axes(blockOutput(m, `${block}.`))) assert.deepEqual([a.size, a.jump, effectivePadding(a)], [r, j, p]);
      });
    }
  });
});

interface Measured {
  readonly input_shape: number[];
  readonly layers: Record<string, [number, number, number][]>;
}

describe('brute force: the input pixels that get a gradient from one output unit (PyTorch)', () => {
  const measured = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'memory', 'receptive.json'), 'utf8')) as Record<string, Measured>;
  for (const [fixture, exp] of Object.entries(measured)) {
    test(`${fixture}: ${Object.keys(exp.layers).length} conv/pool outputs, size, jump and start on every axis`, () => {
      const m = model(fileOf(fixture));
      const wrong: string[] = [];
      for (const [layer, want] of Object.entries(exp.layers)) {
        const f = fieldOf(m, layer);
        const got = f?.kind === 'local' ? f.axes.map((a) => [a.size, a.jump, a.start]) : f?.kind ?? 'none';
        if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${layer}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
      }
      assert.deepEqual(wrong, []);
    });
  }
});

describe('by hand', () => {
  test('the recurrence, written out: a 3×3 conv after a 7×7/2 conv', () => {
    const first = stepAxis({ kind: 'window', kernel: [7], stride: [2], padding: [3], dilation: [1] }, 0, PIXEL);
    const second = stepAxis({ kind: 'window', kernel: [3], stride: [1], padding: [1], dilation: [1] }, 0, first.axis);
    assert.deepEqual(first.axis, { size: 7, jump: 2, start: 0 });
    assert.equal(second.working[0], 'r = r_in + (3 − 1)·j_in = 7 + (3 − 1)·2 = 11');
    assert.deepEqual(second.axis, { size: 11, jump: 2, start: 0 });
  });

  test('dilation spreads the kernel: 3×3 dilated 4 after jump 1 adds 8', () => {
    const s = stepAxis({ kind: 'window', kernel: [3], stride: [1], padding: [4], dilation: [4] }, 0, { size: 9, jump: 1, start: 0 });
    assert.deepEqual(s.axis, { size: 17, jump: 1, start: 0 });
  });

  test('a transposed convolution divides the jump: k 4, stride 2, padding 1 (DCGAN) gathers 2 input units', () => {
    const s = stepAxis({ kind: 'transposed', kernel: [4], stride: [2], padding: [1], dilation: [1] }, 0, { size: 5, jump: 2, start: 1 });
    // output unit 0 gathers input units i with 2i = 1 − m, m ∈ 0..3: i = 0 (m = 1) and i = −1 (m = 3)
    assert.deepEqual(s.axis, { size: 5 + 2, jump: 1, start: 1 + (-0.5) * 2 });
  });

  test('a U-Net up-step (ConvTranspose2d k 2 s 2) copies one input unit to two outputs', () => {
    const s = stepAxis({ kind: 'transposed', kernel: [2], stride: [2], padding: [0], dilation: [1] }, 0, { size: 6, jump: 4, start: 1.5 });
    assert.deepEqual(s.axis, { size: 6, jump: 2, start: 1.5 });
  });

  test('padding moves the units: ZeroPad2d((0, 1, 0, 1)) keeps the start, ZeroPad2d(2) moves it by 2·jump', () => {
    assert.deepEqual(stepAxis({ kind: 'pad', before: [0] }, 0, { size: 7, jump: 2, start: 0 }).axis, { size: 7, jump: 2, start: 0 });
    assert.deepEqual(stepAxis({ kind: 'pad', before: [2] }, 0, { size: 7, jump: 2, start: 0 }).axis, { size: 7, jump: 2, start: -4 });
  });

  test('where it stops: seed 001 flattens after the pool, then the Linear layers see every position', () => {
    const m = model(path.join(ROOT, 'examples', 'seed001_net.py'));
    assert.deepEqual(axes(fieldOf(m, 'pool')).map((a) => [a.size, a.jump, a.start]), [[6, 2, 2.5], [6, 2, 2.5]]);
    assert.equal(fieldOf(m, 'flatten')?.kind, 'stopped');
    assert.equal(fieldOf(m, 'fc1')?.kind, 'global');
  });

  test('global pooling and attention see the whole input; a model without conv or pooling has no fields', () => {
    const resnet = model(fileOf('resnet18'));
    assert.equal(fieldOf(resnet, 'avgpool')?.kind, 'global');
    assert.equal(fieldOf(resnet, 'fc')?.kind, 'global');
    assert.equal(model(fileOf('transformer_block')).fields, undefined);
  });
});
