// Results kept between analyses of one document (DocumentAnalyzer): a kept model, or a kept block inside one, is
// the same as a fresh analysis after every edit — whatever the edit touched (a block's code, a factory's
// arguments, a module-level value the code reads).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, DocumentAnalyzer, type AnalysisOptions, type FileAnalysis, type TextEditDelta } from '../../src/analysis';
import { loadParsers } from './support/expectations';

before(loadParsers);

const OPTIONS: AnalysisOptions = { strict: false };

/** The edit replacing `length` characters at `at` with `insert`, as tree-sitter is told it. */
function delta(text: string, at: number, length: number, insert: string): TextEditDelta {
  const point = (offset: number, s: string) => {
    const lines = s.slice(0, offset).split('\n');
    return { row: lines.length - 1, column: lines[lines.length - 1].length };
  };
  const next = text.slice(0, at) + insert + text.slice(at + length);
  return { startIndex: at, oldEndIndex: at + length, newEndIndex: at + insert.length, startPosition: point(at, text),
    oldEndPosition: point(at + length, text), newEndPosition: point(at + insert.length, next) };
}

/** Replaces the first `from` after `after` with `to`, through the analyzer (incrementally). */
function edit(doc: DocumentAnalyzer, text: string, after: string, from: string, to: string): [string, FileAnalysis] {
  const at = text.indexOf(from, text.indexOf(after));
  assert.ok(at >= 0 && text.includes(after), `${from} after ${after} not found`);
  const next = text.slice(0, at) + to + text.slice(at + from.length);
  return [next, doc.update(next, delta(text, at, from.length, to))];
}

/** What a front end shows of a file's models, comparable between a kept and a fresh analysis. */
function view(a: FileAnalysis) {
  return a.models.map((m) => ({
    name: m.name, root: m.root, input: m.inputShape, output: m.outputShape, params: m.totalParams, trainable: m.trainableParams,
    macs: m.totalCost.macs, incomplete: m.incomplete ?? false, range: m.range,
    diagnostics: m.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}:${d.severity}:${d.code}:${d.message}`),
    layers: m.layers.map((l) => [l.name, l.type, l.kind, l.callRange.start.line, l.inputShapes, l.outputShape, l.params, l.cost?.macs,
      l.declaration?.range.start.line]),
    annotations: m.annotations.map((n) => [n.position.line, n.variable, n.shape, n.runs?.length]),
  }));
}

const assertFresh = (kept: FileAnalysis, text: string) =>
  assert.deepEqual(view(kept), view(analyzeText(text, 'python', OPTIONS)));

const WIDTHS = `import torch
import torch.nn as nn

WIDTH = 16
CFG = {'classes': 10}


class Net(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv = nn.Conv2d(3, WIDTH, 3, padding=1)
        self.fc = nn.Linear(WIDTH, classes)

    def forward(self, x):
        x = self.conv(x)
        x = x.mean((2, 3))
        return self.fc(x)


def net():
    return Net(CFG['classes'])
`;

test('a module-level constant or dict a factory reads: editing it changes the kept model', () => {
  const doc = new DocumentAnalyzer('python', OPTIONS);
  try {
    let text = WIDTHS;
    const first = doc.update(text);
    const params = () => doc.update(text).models.find((m) => m.name === 'net')?.totalParams;
    assert.equal(first.models.find((m) => m.name === 'net')?.totalParams, 3n * 16n * 9n + 16n + 16n * 10n + 10n);
    let a: FileAnalysis;
    [text, a] = edit(doc, text, 'WIDTH =', '16', '32');
    assert.equal(a.models.find((m) => m.name === 'net')?.totalParams, 3n * 32n * 9n + 32n + 32n * 10n + 10n);
    assertFresh(a, text);
    [text, a] = edit(doc, text, 'CFG =', '10', '7');
    assert.equal(a.models.find((m) => m.name === 'net')?.totalParams, 3n * 32n * 9n + 32n + 32n * 7n + 7n);
    assertFresh(a, text);
    assert.equal(params(), 3n * 32n * 9n + 32n + 32n * 7n + 7n);
  } finally {
    doc.dispose();
  }
});

/** Every `step`-th digit of the code (comments too: an `# input:` line), up to `count` of them. */
function digitsOf(text: string, step: number, count: number): number[] {
  const out: number[] = [];
  let seen = 0;
  for (let i = 0; i < text.length && out.length < count; i++) {
    if (text[i] >= '0' && text[i] <= '9' && seen++ % step === step - 1) out.push(i);
  }
  return out;
}

/** Files and how many digits of each are edited (the large ones have many models, each analysed fresh every time). */
const FILES: [string, number][] = [['test/fixtures/models/resnet18.py', 4], ['test/fixtures/models/vgg16_cfg.py', 4],
  ['test/fixtures/models/unet.py', 4], ['test/e2e/workspace/real/tv_resnet.py', 1], ['test/e2e/workspace/real/cifar/preact_resnet.py', 2],
  ['bench/fixtures/tv_densenet.py', 1]];

for (const [file, edits] of FILES) {
  test(`${path.basename(file)}: after each of a sequence of one-character edits, the kept results equal a fresh analysis`, () => {
    const doc = new DocumentAnalyzer('python', OPTIONS);
    try {
      let text = fs.readFileSync(path.resolve(file), 'utf8');
      doc.update(text);
      for (const at of digitsOf(text, 23, edits)) {
        // a digit changed (2 ↔ 3, 6 ↔ 7…), then changed back: both versions as a fresh analysis gives them
        for (const digit of [String.fromCharCode(text.charCodeAt(at) ^ 1), text[at]]) {
          const d = delta(text, at, 1, digit);
          text = text.slice(0, at) + digit + text.slice(at + 1);
          assertFresh(doc.update(text, d), text);
        }
      }
    } finally {
      doc.dispose();
    }
  });
}

test('an edit inside a block\'s forward changes the hints of that block, in every model using it', () => {
  const doc = new DocumentAnalyzer('python', OPTIONS);
  try {
    let text = fs.readFileSync(path.resolve('test/e2e/workspace/real/tv_resnet.py'), 'utf8');
    const first = doc.update(text);
    const anchor = text.indexOf('class BasicBlock');
    const at = text.indexOf('out = self.relu(out)', anchor);
    assert.ok(anchor >= 0 && at > anchor);
    // `out = self.relu(out)` → `out = self.relu(out)[:, :1]` in BasicBlock.forward: one channel from there on
    const insert = '[:, :1]';
    const end = at + 'out = self.relu(out)'.length;
    const d = delta(text, end, 0, insert);
    text = text.slice(0, end) + insert + text.slice(end);
    const next = doc.update(text, d);
    assertFresh(next, text);
    const line = text.slice(0, end).split('\n').length - 1;
    const hintAt = (a: FileAnalysis, name: string) => a.models.find((m) => m.name === name)?.annotations.find((n) => n.position.line === line);
    const before = hintAt(first, 'resnet18');
    const after = hintAt(next, 'resnet18');
    assert.ok(before && after, 'resnet18 annotates the edited statement');
    assert.notDeepEqual(after.shape, before.shape);
    assert.equal(Array.isArray(after.shape) ? after.shape[1] : undefined, 1);
  } finally {
    doc.dispose();
  }
});
