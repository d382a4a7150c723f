// Memory as a user plans with it: the training total for a batch worked out term by term, the largest batch that fits a
// device (exact for the line through batch 1 and 2), and the summary's views of it (columns, depth, by operator,
// torchinfo-style text, JSON fields, the hover's receptive-field recurrence).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, initParsers, type AnalysisOptions } from '../../src/analysis';
import type { ModelAnalysis } from '../../src/analysis/model';
import { largestBatch, memoryPlan, type BatchLine } from '../../src/analysis/memoryPlan';
import { modelMemory, type MemoryOptions } from '../../src/analysis/memory';
import { summaryData, summaryMarkdown, summaryTable } from '../../src/present/summary';
import { summaryTorchinfo } from '../../src/present/summaryTorchinfo';
import { parseColumns } from '../../src/present/summaryColumns';
import { layerHover } from '../../src/present/hoverText';
import { modelJson } from '../../src/cli/summaryJson';
import { ROOT } from './support/process';

const ADAM: MemoryOptions = { dtype: 'float32', optimizer: 'adam', device: 'cuda' };

before(async () => {
  const wasmDir = path.join(ROOT, 'dist', 'tree-sitter');
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(wasmDir, file))));
});

function load(fixture: string, options: Partial<AnalysisOptions> = {}): { model: ModelAnalysis; reanalyse: (shape: number[]) => ModelAnalysis | undefined } {
  const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'models', `${fixture}.py`), 'utf8');
  const base: AnalysisOptions = { strict: false, ...options };
  const model = analyzeText(text, 'python', base).models.find((m) => m.root);
  assert.ok(model, `${fixture}: no root model`);
  return { model, reanalyse: (shape) => analyzeText(text, 'python', { ...base, inputShape: shape, model: model.name }).models.find((m) => m.name === model.name) };
}

describe('the largest batch that fits', () => {
  test('is exact for the line: N fits, N + 1 does not', () => {
    const lines: BatchLine[] = [{ fixed: 23_136_480n, perSample: 85_776n }, { fixed: 1n, perSample: 3n }, { fixed: 0n, perSample: 7n }];
    for (const line of lines) {
      for (const bytes of [0n, 1n, 10n, 107_374_182n, 17_179_869_184n]) {
        const n = largestBatch(line, bytes)!;
        if (line.fixed > bytes) {
          assert.equal(n, 0n);
          continue;
        }
        assert.ok(line.fixed + line.perSample * n <= bytes, `${n} fits`);
        assert.ok(line.fixed + line.perSample * (n + 1n) > bytes, `${n + 1n} does not fit`);
      }
    }
    assert.equal(largestBatch({ fixed: 5n, perSample: 0n }, 10n), undefined, 'nothing grows with the batch: any batch fits');
  });

  test('is exact for the model: ResNet-18 (BatchNorm statistics are fixed) analysed again at N and N + 1', () => {
    const { model, reanalyse } = load('resnet18');
    const gb = 1.5;
    const plan = memoryPlan(model, ADAM, reanalyse, gb);
    const n = plan.device?.largestBatch;
    assert.ok(n !== undefined && n > 1n, `largest batch ${n}`);
    const device = BigInt(Math.round(gb * 2 ** 30));
    const training = (batch: bigint) => {
      const m = reanalyse([Number(batch), 3, 224, 224]);
      assert.ok(m, `resnet18 at batch ${batch}`);
      return modelMemory(m, ADAM).training;
    };
    const atN = training(n);
    assert.equal(atN, plan.line!.fixed + plan.line!.perSample * n, 'the line through batch 1 and 2 gives batch N exactly');
    assert.ok(atN <= device, `batch ${n} fits: ${atN} ≤ ${device}`);
    assert.ok(training(n + 1n) > device, `batch ${n + 1n} does not fit`);
  });

  test('seed 001 at batch 64, Adam, float32: the README\'s worked example', () => {
    const { model, reanalyse } = load('seed001_net', { inputShape: [64, 1, 28, 28] });
    const plan = memoryPlan(model, ADAM, reanalyse, 16);
    const m = plan.memory;
    assert.equal(m.params, 1_446_030n * 4n);
    assert.equal(m.gradients, 1_446_030n * 4n);
    assert.equal(m.optimizer, 2n * 1_446_030n * 4n);
    // conv input 64·1·28·28·4 + pool input 64·20·24·24·4 + pool indices 64·20·12·12·8 + fc1 input 64·2880·4 + ReLU output 64·500·4
    assert.equal(m.saved, 200_704n + 2_949_120n + 1_474_560n + 737_280n + 128_000n);
    assert.equal(m.training, 23_136_480n + 5_489_664n);
    // input + conv output + pool output alive while the pool runs (the conv output is freed after it)
    assert.equal(m.inferencePeak, 200_704n + 2_949_120n + 737_280n);
    assert.deepEqual(plan.line, { fixed: 23_136_480n, perSample: 85_776n });
    assert.equal(plan.device?.largestBatch, (16n * 2n ** 30n - 23_136_480n) / 85_776n);
    const text = summaryTable(model, { color: false, convention: 'macs' }, { plan });
    assert.match(text, /saved for backward +5\.49 MB/);
    assert.match(text, /training total +28\.63 MB/);
    assert.match(text, /batch 64 fits in 16 GB; the largest batch that fits is 200,017/);
    assert.match(text, /Total MACs: 110,912,000 \(1,733,000 per sample, batch 64\)/);
    // the panel's page gets the data as JSON: no bigint anywhere in it
    assert.doesNotThrow(() => JSON.stringify(summaryData(model, 'macs', { plan })));
  });

  test('mixed precision keeps float32 master weights and optimizer state; SGD keeps none', () => {
    const { model } = load('seed001_net', { inputShape: [64, 1, 28, 28] });
    const mixed = memoryPlan(model, { dtype: 'mixed', optimizer: 'adam' }).memory;
    assert.equal(mixed.params, 1_446_030n * 2n);
    assert.equal(mixed.master, 1_446_030n * 4n);
    assert.equal(mixed.optimizer, 2n * 1_446_030n * 4n);
    assert.equal(memoryPlan(model, { dtype: 'float32', optimizer: 'sgd' }).memory.optimizer, 0n);
    assert.equal(memoryPlan(model, { dtype: 'float32', optimizer: 'sgd-momentum' }).memory.optimizer, 1_446_030n * 4n);
  });
});

describe('the summary people know', () => {
  test('columns, depth, by operator and torchinfo-style text on ResNet-18', () => {
    const { model } = load('resnet18');
    const s = summaryData(model, 'macs', { plan: memoryPlan(model, ADAM) });
    const md = summaryMarkdown(s, { columns: parseColumns('output_size,num_params,params_percent,receptive_field'), depth: 1 });
    assert.match(md, /\| Layer \(type\) \| Output Shape \| Param # \| Param % \| RF \|/);
    assert.ok(!/conv2 \(Conv2d\)/.test(md), 'depth 1 folds the blocks');
    assert.match(md, /\*\*layer1\*\* \(Sequential\) \| \(1, 64, 56, 56\) \| 147,968 \|/);
    const conv = s.byOperator.find((o) => o.operator === 'conv');
    assert.ok(conv && conv.calls === 20 && conv.costShare > 0.95, JSON.stringify(s.byOperator));
    const ti = summaryTorchinfo(s, { depth: 2 });
    assert.match(ti, /Layer \(type:depth-idx\) +Output Shape +Param #/);
    assert.match(ti, /├─Conv2d: 1-1 +\[1, 64, 112, 112\] +9,408/);
    assert.match(ti, /Estimated training total: /);
    assert.throws(() => parseColumns('output,bogus'), /unknown column bogus/);
  });

  test('--json gains memory, per-layer bytes and receptive fields; nothing is dropped', () => {
    const { model, reanalyse } = load('seed001_net', { inputShape: [64, 1, 28, 28] });
    const j = modelJson(model, memoryPlan(model, ADAM, reanalyse, 16));
    assert.equal(j.total_params, 1_446_030);
    assert.equal(j.memory.saved_bytes, 5_489_664);
    assert.equal(j.memory.per_sample_bytes, 85_776);
    assert.equal(j.memory.largest_batch, 200_017);
    assert.equal(j.layers[1].saved_bytes, 4_423_680);
    assert.deepEqual(j.layers[1].receptive_field, { kind: 'local', axes: ['H', 'W'], size: [6, 6], jump: [2, 2], start: [2.5, 2.5] });
    assert.equal(j.by_operator[0].operator, 'linear');
  });

  test('the hover writes the receptive-field recurrence with the numbers in', () => {
    const { model } = load('alexnet');
    const i = model.layers.findIndex((r) => r.type === 'MaxPool2d');
    const r = model.layers[i];
    const text = layerHover({ title: r.name, record: r, callCount: 1, convention: 'macs', field: model.fields?.[i],
      memory: { record: memoryPlan(model, ADAM).memory.records[i], model: memoryPlan(model, ADAM).memory } });
    assert.match(text, /Receptive field: r 19 · jump 8/);
    assert.match(text, /r = r_in \+ \(3 − 1\)·j_in = 11 \+ \(3 − 1\)·4 = 19/);
    assert.match(text, /saved for backward/);
  });
});
