// Builds of user blocks kept by their code and arguments (src/analysis/python/buildCache.ts): a block built again
// is a copy of its earlier build only while nothing its code reaches changed — its class, a base class, a helper it
// calls, a module-level value it reads — and only with the same arguments; every result equals a fresh analysis.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, DocumentAnalyzer, type AnalysisOptions, type FileAnalysis, type TextEditDelta } from '../../src/analysis';
import { buildCacheStats } from '../../src/analysis/python/buildCache';
import { loadParsers } from './support/expectations';

before(loadParsers);

const OPTIONS: AnalysisOptions = { strict: false };

const BLOCKS = `import torch
import torch.nn as nn

EXPANSION = 2


def conv3x3(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 3, stride, 1, bias=False)


class Base(nn.Module):
    def make_norm(self, c):
        return nn.BatchNorm2d(c)


class Block(Base):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = conv3x3(cin, cout * EXPANSION, stride)
        self.bn1 = self.make_norm(cout * EXPANSION)
        self.conv2 = conv3x3(cout * EXPANSION, cout)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.relu(self.conv2(self.relu(self.bn1(self.conv1(x)))))


class Net(nn.Module):
    def __init__(self, widths=(8, 8, 16), classes=10):
        super().__init__()
        layers = []
        cin = 3
        for w in widths:
            layers.append(Block(cin, w))
            cin = w
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(cin, classes)

    def forward(self, x):
        x = self.body(x)
        x = x.mean((2, 3))
        return self.head(x)


def small():
    return Net((8, 8, 16))


def large():
    return Net((8, 16, 16))
`;

/** Parameters of Block(cin, cout) with the fixture's code: two bias-free 3×3 convolutions and a BatchNorm. */
const block = (cin: number, cout: number, e = 2, bias = false, affine = true) =>
  cin * cout * e * 9 + (bias ? cout * e : 0) + (affine ? 2 * cout * e : 0) + cout * e * cout * 9 + (bias ? cout : 0);
const net = (widths: number[], e = 2, bias = false, affine = true) =>
  widths.reduce((sum, w, i) => sum + block(i === 0 ? 3 : widths[i - 1], w, e, bias, affine), 0) + widths[widths.length - 1] * 10 + 10;

function delta(text: string, at: number, length: number, insert: string): TextEditDelta {
  const point = (offset: number, s: string) => {
    const lines = s.slice(0, offset).split('\n');
    return { row: lines.length - 1, column: lines[lines.length - 1].length };
  };
  const next = text.slice(0, at) + insert + text.slice(at + length);
  return { startIndex: at, oldEndIndex: at + length, newEndIndex: at + insert.length, startPosition: point(at, text),
    oldEndPosition: point(at + length, text), newEndPosition: point(at + insert.length, next) };
}

/** What a front end shows of a file's models, comparable between an analysis with kept builds and a fresh one. */
function view(a: FileAnalysis) {
  return a.models.map((m) => ({
    name: m.name, root: m.root, input: m.inputShape, output: m.outputShape, params: m.totalParams, macs: m.totalCost.macs,
    incomplete: m.incomplete ?? false,
    diagnostics: m.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}:${d.severity}:${d.code}:${d.message}`),
    layers: m.layers.map((l) => [l.name, l.type, l.callRange.start.line, l.inputShapes, l.outputShape, l.params, l.cost?.macs,
      l.declaration?.range.start.line, l.declaration?.site?.start.line]),
    containers: (m.containers ?? []).map((c) => [c.path, c.type, c.params, c.declaration?.start.line, c.site?.start.line]),
    annotations: m.annotations.map((n) => [n.position.line, n.variable, n.shape, n.runs?.length]),
  }));
}

/** A document edited once at `from` (after `after`), then analysed; its results checked against a fresh analysis. */
function edited(text: string, after: string, from: string, to: string): { next: string; before: FileAnalysis; after: FileAnalysis; taken: number } {
  const doc = new DocumentAnalyzer('python', OPTIONS);
  try {
    const first = doc.update(text);
    const at = text.indexOf(from, text.indexOf(after));
    assert.ok(text.includes(after) && at >= 0, `${from} after ${after} not found`);
    const next = text.slice(0, at) + to + text.slice(at + from.length);
    const taken = buildCacheStats.taken;
    const result = doc.update(next, delta(text, at, from.length, to));
    assert.deepEqual(view(result), view(analyzeText(next, 'python', OPTIONS)), 'the result after the edit is not a fresh analysis\'s');
    return { next, before: first, after: result, taken: buildCacheStats.taken - taken };
  } finally {
    doc.dispose();
  }
}

const params = (a: FileAnalysis, name: string) => a.models.find((m) => m.name === name)?.totalParams;

test('the same block built with other arguments gets its own numbers; with the same ones, a copy of the same numbers', () => {
  const a = analyzeText(BLOCKS, 'python', OPTIONS);
  assert.equal(params(a, 'small'), BigInt(net([8, 8, 16])));
  assert.equal(params(a, 'large'), BigInt(net([8, 16, 16])));
  const small = a.models.find((m) => m.name === 'small')!;
  const blocks = (small.containers ?? []).filter((c) => c.type === 'Block').map((c) => c.params);
  assert.deepEqual(blocks, [block(3, 8), block(8, 8), block(8, 16)].map(BigInt));
});

test('an edit in a factory\'s arguments keeps the builds of the blocks it did not change', () => {
  const r = edited(BLOCKS, 'def large', '(8, 16, 16)', '(8, 16, 32)');
  assert.equal(params(r.after, 'large'), BigInt(net([8, 16, 32])));
  assert.ok(r.taken > 0, 'no kept build was used');
});

test('an edit in the block\'s own code changes its numbers', () => {
  const r = edited(BLOCKS, 'class Block', 'self.relu = nn.ReLU(inplace=True)', 'self.relu = nn.PReLU()');
  assert.equal(params(r.after, 'small'), BigInt(net([8, 8, 16]) + 3));
  assert.equal(params(r.after, 'large'), BigInt(net([8, 16, 16]) + 3));
});

test('an edit in a helper the block calls changes its numbers', () => {
  const r = edited(BLOCKS, 'def conv3x3', 'bias=False', 'bias=True');
  assert.equal(params(r.after, 'small'), BigInt(net([8, 8, 16], 2, true)));
  assert.equal(params(r.after, 'large'), BigInt(net([8, 16, 16], 2, true)));
});

test('an edit in a module-level constant the block reads changes its numbers', () => {
  const r = edited(BLOCKS, 'EXPANSION =', '2', '3');
  assert.equal(params(r.after, 'small'), BigInt(net([8, 8, 16], 3)));
  assert.equal(params(r.after, 'large'), BigInt(net([8, 16, 16], 3)));
});

test('an edit in the block\'s base class changes its numbers', () => {
  const r = edited(BLOCKS, 'def make_norm', 'nn.BatchNorm2d(c)', 'nn.BatchNorm2d(c, affine=False)');
  assert.equal(params(r.after, 'small'), BigInt(net([8, 8, 16], 2, false, false)));
  assert.equal(params(r.after, 'large'), BigInt(net([8, 16, 16], 2, false, false)));
});

test('a block whose build reads module state that changes (a registry it appends to) is built each time', () => {
  const text = `import torch.nn as nn

REGISTRY = []


class Counted(nn.Module):
    def __init__(self, c):
        super().__init__()
        REGISTRY.append(c)
        self.fc = nn.Linear(c, len(REGISTRY))

    def forward(self, x):
        return self.fc(x)


class Two(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = Counted(4)
        self.b = Counted(4)

    def forward(self, x):
        return self.b(self.a(x)[:, :1].expand(-1, 4))
`;
  const r = edited(text, 'class Two', 'self.a = Counted(4)', 'self.a = Counted(4) ');
  assert.equal(params(r.after, 'Two'), BigInt(4 * 1 + 1 + 4 * 2 + 2));
});

test('a block whose build reads a class attribute another build changes is built each time', () => {
  const text = `import torch.nn as nn


class Counter:
    n = 1


class Reader(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.fc = nn.Linear(c, Counter.n)

    def forward(self, x):
        return self.fc(x)


class Bump(nn.Module):
    def __init__(self, k):
        super().__init__()
        Counter.n = Counter.n + k


class Two(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = Reader(4)
        self.bump = Bump(1)
        self.b = Reader(4)

    def forward(self, x):
        return self.b(self.a(x)[:, :1].expand(-1, 4))
`;
  const r = edited(text, 'class Two', 'self.a = Reader(4)', 'self.a = Reader(4) ');
  assert.equal(params(r.after, 'Two'), BigInt(4 * 1 + 1 + 4 * 2 + 2));
});
