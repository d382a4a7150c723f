// The TypeScript path (docs/typescript.md): js-pytorch style models mapped onto the same model graph as Python.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatShape } from '../../src/engine';
import { analyzeText, type ModelAnalysis } from '../../src/analysis';
import { loadParsers } from './support/expectations';

before(loadParsers);

const analyze = (code: string, language: 'typescript' | 'tsx' = 'typescript') => analyzeText(code, language, { strict: false });
const model = (code: string, name: string): ModelAnalysis => {
  const m = analyze(code).models.find((x) => x.name === name);
  assert.ok(m, `model ${name} not found`);
  return m;
};
const shapes = (m: ModelAnalysis) => m.layers.map((l) => `${l.name}:${l.outputShape ? formatShape(l.outputShape) : '?'}`);

test('class fields, positional and options-object arguments (camelCase → snake_case), forward via .forward() or a call', () => {
  const m = model(`import { torch } from 'js-pytorch';
const nn = torch.nn;

// input: [4, 3, 32, 32]
export class Net extends nn.Module {
  conv1 = new nn.Conv2d(3, 6, 5);
  pool = new nn.MaxPool2d({ kernelSize: 2, stride: 2 });
  conv2 = new nn.Conv2d({ inChannels: 6, outChannels: 16, kernelSize: 5 });
  fc: nn.Linear;

  constructor(classes: number = 10) {
    super();
    this.fc = new nn.Linear(16 * 5 * 5, classes);
  }

  forward(x: Tensor): Tensor {
    x = this.pool.forward(torch.relu(this.conv1.forward(x)));
    x = this.pool(this.conv2(x).relu());
    x = x.view(x.size(0), -1);
    return this.fc.forward(x);
  }
}
`, 'Net');
  assert.deepEqual(shapes(m), ['conv1:(4, 6, 28, 28)', 'torch.relu:(4, 6, 28, 28)', 'pool:(4, 6, 14, 14)', 'conv2:(4, 16, 10, 10)',
    'Tensor.relu:(4, 16, 10, 10)', 'pool:(4, 16, 5, 5)', 'Tensor.view:(4, 400)', 'fc:(4, 10)']);
  assert.equal(m.totalParams, 456n + 2416n + 4010n);
  assert.equal(m.inputSource, 'comment');
});

test('static class attributes, helper methods with loops, spread into nn.Sequential, a factory function', () => {
  const code = `const nn = torch.nn;
// input: [2, 8]

class Block extends nn.Module {
  static expansion = 2;
  constructor(inF: number, outF: number) {
    super();
    this.fc = new nn.Linear(inF, outF * Block.expansion);
  }
  forward(x) { return torch.relu(this.fc.forward(x)); }
}
class Stack extends nn.Module {
  constructor(n: number) {
    super();
    this.width = 8;
    const layers = [];
    for (let i = 0; i < n; i++) {
      layers.push(new Block(this.width, 4));
      this.width = 4 * Block.expansion;
    }
    this.body = new nn.Sequential(...layers);
  }
  forward(x) { return this.body.forward(x); }
}
export function stack3() { return new Stack(3); }
`;
  const m = model(code, 'stack3');
  assert.equal(m.root, true);
  assert.deepEqual(shapes(m), ['body.0.fc:(2, 8)', 'torch.relu:(2, 8)', 'body.1.fc:(2, 8)', 'torch.relu:(2, 8)', 'body.2.fc:(2, 8)', 'torch.relu:(2, 8)']);
  assert.equal(m.totalParams, 3n * 72n);
});

test('module-level model variables and destructuring of tuple outputs', () => {
  const m = model(`const nn = torch.nn;
// input: [3, 7, 16]

class Rnn extends nn.Module {
  constructor() {
    super();
    this.gru = new nn.GRU({ inputSize: 16, hiddenSize: 32, batchFirst: true });
    this.head = new nn.Linear(32, 2);
  }
  forward(x) {
    const [out, h] = this.gru.forward(x);
    return this.head.forward(out.select(1, -1));
  }
}
export const model = new Rnn();
`, 'model');
  assert.equal(m.root, true);
  assert.equal(formatShape(m.outputShape!), '(3, 2)');
});

test('diagnostics and fixes point into the TypeScript source (options-object entries included)', () => {
  const m = model(`const nn = torch.nn;
// input: [1, 3, 8, 8]
class Bad extends nn.Module {
  constructor() {
    super();
    this.a = new nn.Conv2d(3, 4, 3);
    this.b = new nn.Conv2d({ inChannels: 5, outChannels: 2, kernelSize: 3 });
  }
  forward(x) {
    return this.b.forward(this.a.forward(x));
  }
}
`, 'Bad');
  assert.deepEqual(m.diagnostics.map((d) => [d.range.start.line + 1, d.code]), [[10, 'conv-in-channels']]);
  const edit = m.diagnostics[0].fix!.edits[0];
  assert.deepEqual([edit.range.start.line, edit.range.start.character, edit.newText], [6, 41, '4']);
});

test('TSX files parse with the TSX grammar', () => {
  const a = analyze(`const nn = torch.nn;
// input: [2, 4]
export class Tiny extends nn.Module {
  fc = new nn.Linear(4, 1);
  forward(x) { return this.fc.forward(x); }
}
export const View = () => <div>{'shape'}</div>;
`, 'tsx');
  assert.equal(formatShape(a.models.find((m) => m.name === 'Tiny')!.outputShape!), '(2, 1)');
});
