// js-pytorch as its users write it (docs/typescript.md, "js-pytorch"): its documented tutorials, pasted into .ts
// files, must come out as js-pytorch 0.7.2 computes them (test/fixtures/models-ts/js-pytorch/*.expected.json, from a
// run by scripts/conformance/gen_js_pytorch.cjs), and each place where js-pytorch's layers differ from PyTorch's is
// followed the js-pytorch way in a file that imports it.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, initParsers, type AnalysisDiagnostic, type FileAnalysis, type ModelAnalysis } from '../../src/analysis';
import { formatShape, type ShapeTree } from '../../src/engine';
import { ROOT } from './support/process';

before(async () => {
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(ROOT, 'dist', 'tree-sitter', file))));
});

const TUTORIALS = path.join(ROOT, 'test', 'fixtures', 'models-ts', 'js-pytorch');
const ts = (code: string): FileAnalysis => analyzeText(code, 'typescript', { strict: false });
const shape = (s: ShapeTree | undefined) => (s ? formatShape(s) : '?');
const list = (s: ShapeTree | undefined) => (s && Array.isArray(s) ? s.map(Number) : undefined);
const diagnostics = (a: FileAnalysis): AnalysisDiagnostic[] => [...a.diagnostics, ...a.models.flatMap((m) => m.diagnostics)];

function modelOf(a: FileAnalysis, name: string): ModelAnalysis {
  const m = a.models.find((x) => x.name === name);
  assert.ok(m, `model ${name} not found; models: ${a.models.map((x) => x.name).join(', ') || 'none'}`);
  return m;
}

/** Module calls as `name type → shape · params`, js-pytorch's namespace dropped (its classes are named as written). */
const records = (m: ModelAnalysis) => m.layers.filter((l) => l.kind === 'module')
  .map((l) => `${l.name} ${l.type.replace(/^js-pytorch\./, '')} → ${shape(l.outputShape)} · ${l.params}`);

interface Expected {
  readonly input_shape: number[];
  readonly output_shape: number[];
  readonly calls: { name: string; type: string; output_shape: number[]; params: number }[];
  readonly total_params: number;
}

describe('js-pytorch\'s documented tutorials, pasted into .ts files, give what js-pytorch computes', () => {
  for (const file of ['mlp_tutorial.ts', 'transformer_tutorial.ts']) {
    test(file, () => {
      const exp = JSON.parse(fs.readFileSync(path.join(TUTORIALS, file.replace(/\.ts$/, '.expected.json')), 'utf8')) as Expected;
      const a = ts(fs.readFileSync(path.join(TUTORIALS, file), 'utf8'));
      const m = modelOf(a, 'model');
      assert.deepEqual(list(m.inputShape), exp.input_shape, `input (${m.inputSource})`);
      assert.deepEqual(list(m.outputShape), exp.output_shape, 'output');
      assert.deepEqual(records(m), exp.calls.map((c) => `${c.name} ${c.type} → ${formatShape(c.output_shape)} · ${c.params}`));
      assert.equal(m.totalParams, BigInt(exp.total_params));
      assert.ok(!m.incomplete, 'every cost known');
      assert.deepEqual(diagnostics(a).map((d) => `${d.code}: ${d.message}`), [], 'no diagnostics (no unknown layer)');
    });
  }
});

const header = `const { torch } = require('js-pytorch');
const nn = torch.nn;
`;

describe('js-pytorch\'s layers, the js-pytorch way', () => {
  test('nn.Linear: W laid out (in_size, out_size), and b created even with bias=false', () => {
    const a = ts(`${header}// input: [3, 32]
export const head = new nn.Sequential(new nn.Linear(32, 10), new nn.Linear(10, 4, 'cpu', false));
`);
    const layers = modelOf(a, 'head').layers;
    assert.deepEqual(layers.map((l) => l.paramTensors.map((t) => `${t.name} ${t.shape.join('×')}`)), [['W 32×10', 'b 10'], ['W 10×4', 'b 4']]);
    assert.deepEqual(layers.map((l) => Number(l.params)), [330, 44]);
  });

  test('nn.Embedding reads (B, T) or (B, T, 1) as (B, T) and gives (B, T, embed_size); a 1-D input is js-pytorch\'s error', () => {
    const model = (input: string) => ts(`${header}// input: ${input}
export const e = new nn.Embedding(10, 6);
`);
    assert.equal(shape(modelOf(model('[2, 5]'), 'e').outputShape), '(2, 5, 6)');
    assert.equal(shape(modelOf(model('[2, 5, 1]'), 'e').outputShape), '(2, 5, 6)');
    const bad = modelOf(model('[5]'), 'e');
    assert.equal(bad.diagnostics[0]?.code, 'wrong-rank');
  });

  test('nn.PositionalEmbedding gives (T, embed_size), no batch dim; T beyond input_size is js-pytorch\'s error', () => {
    const model = (input: string) => ts(`${header}// input: ${input}
export const p = new nn.PositionalEmbedding(16, 8);
`);
    assert.equal(shape(modelOf(model('[4, 12]'), 'p').outputShape), '(12, 8)');
    assert.equal(modelOf(model('[4, 20]'), 'p').diagnostics[0]?.code, 'index-out-of-range');
  });

  test('nn.MultiHeadSelfAttention: (B, T, in_size) → (B, T, out_size) with T = n_timesteps (the causal mask is not broadcast)', () => {
    const model = (input: string) => ts(`${header}// input: ${input}
export const att = new nn.MultiHeadSelfAttention(8, 6, 2, 5, 0.1);
`);
    const ok = modelOf(model('[2, 5, 8]'), 'att');
    assert.equal(shape(ok.outputShape), '(2, 5, 6)');
    assert.equal(ok.totalParams, 270n);
    const bad = modelOf(model('[2, 3, 8]'), 'att');
    assert.equal(bad.diagnostics[0]?.code, 'shape-mismatch');
    assert.match(bad.diagnostics[0].message, /n_timesteps/);
  });

  test('nn.FullyConnected widens to 2·in_size (js-pytorch\'s source; its docs say 4·in_size)', () => {
    const m = modelOf(ts(`${header}// input: [5, 8]
export const fc = new nn.FullyConnected(8, 6);
`), 'fc');
    assert.equal(shape(m.outputShape), '(5, 6)');
    assert.equal(m.totalParams, BigInt(8 * 16 + 16 + 16 * 6 + 6));
    assert.equal(m.totalCost.macs, BigInt(5 * (8 * 16 + 16 * 6)));
  });

  test('nn.Block needs out_size = in_size (its residual adds); js-pytorch fails otherwise', () => {
    const m = modelOf(ts(`${header}// input: [2, 5, 8]
export const b = new nn.Block(8, 6, 2, 5);
`), 'b');
    assert.equal(m.diagnostics[0]?.code, 'bad-arguments');
    assert.match(m.diagnostics[0].message, /out_size/);
  });

  test('nn.CrossEntropyLoss: classes in the last dim, a loss of shape (1,)', () => {
    const m = modelOf(ts(`${header}
class Scored extends nn.Module {
  constructor() { super(); this.loss = new nn.CrossEntropyLoss(); }
  forward(z) { return this.loss.forward(z, torch.randint(0, 5, [2, 4])); }
}
// input: [2, 4, 5]
export const w = new Scored();
`), 'w');
    assert.equal(shape(m.outputShape), '(1,)');
    assert.deepEqual(m.diagnostics, []);
  });

  test('a js-pytorch class called with an options object is PyTorch-style TypeScript: PyTorch\'s class', () => {
    const m = modelOf(ts(`${header}// input: [3, 32]
export const head = new nn.Sequential(new nn.Linear({ inFeatures: 32, outFeatures: 10, bias: false }));
`), 'head');
    assert.deepEqual(records(m), ['0 Linear → (3, 10) · 320']);
    assert.deepEqual(m.layers[0].paramTensors.map((t) => `${t.name} ${t.shape.join('×')}`), ['weight 10×32']);
  });

  test('torch.randint(low, high, shape, requiresGrad): the shape is the input of the model it is passed to', () => {
    const m = modelOf(ts(`${header}
export const e = new nn.Embedding(10, 6);
e.forward(torch.randint(0, 10, [4, 7], false));
`), 'e');
    assert.equal(m.inputSource, 'tensor');
    assert.equal(shape(m.outputShape), '(4, 7, 6)');
  });

  test('without a js-pytorch import, the same names are PyTorch\'s', () => {
    const m = modelOf(ts(`// input: [2, 5]
export const e = new nn.Embedding(10, 6);
`), 'e');
    assert.equal(m.layers[0].type, 'Embedding');
    assert.equal(shape(m.outputShape), '(2, 5, 6)');
  });
});
