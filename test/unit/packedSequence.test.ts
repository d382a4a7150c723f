// An RNN fed a PackedSequence (nn.utils.rnn.pack_padded_sequence … pad_packed_sequence), as seq2seq encoders write
// it: the packed value is (data (Σlengths, *), batch_sizes, sorted_indices, unsorted_indices); the RNN runs as on the
// padded batch and its output is packed again; the cost counts the Σlengths steps computed. Shapes checked against
// torch 1.13 running the same code.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, initParsers, type ModelAnalysis } from '../../src/analysis';
import { formatShape } from '../../src/engine';
import { ROOT } from './support/process';

before(async () => {
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(ROOT, 'dist', 'tree-sitter', file))));
});

const CODE = `import torch
import torch.nn as nn

class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(100, 16)
        self.rnn = nn.GRU(16, 32, bidirectional=True)
        self.fc = nn.Linear(64, 8)

    def forward(self, src, src_len):
        embedded = self.embedding(src)
        packed = nn.utils.rnn.pack_padded_sequence(embedded, src_len.to('cpu'))
        packed_outputs, hidden = self.rnn(packed)
        outputs, _ = nn.utils.rnn.pad_packed_sequence(packed_outputs)
        hidden = torch.tanh(self.fc(torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1)))
        return outputs, hidden

class Known(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(4, 6, batch_first=True)

    def forward(self, x):
        packed = nn.utils.rnn.pack_padded_sequence(x, [5, 3, 2], batch_first=True)
        out, (h, c) = self.rnn(packed)
        padded, lengths = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=5)
        return padded

enc = Encoder()
y = enc(torch.zeros(7, 3, dtype=torch.long), torch.tensor([7, 5, 2]))
k = Known()
z = k(torch.randn(3, 5, 4))
`;

const model = (name: string): ModelAnalysis => {
  const m = analyzeText(CODE, 'python', { strict: false }).models.find((x) => x.name === name);
  assert.ok(m, `model ${name}`);
  return m;
};
const shapes = (m: ModelAnalysis) => m.layers.map((l) => `${l.name} ${l.outputShape ? formatShape(l.outputShape) : '?'}`);

test('lengths given as a list: every shape known, and the cost of the 10 steps computed, not the 15 padded', () => {
  const m = model('k');
  assert.deepEqual(shapes(m), [
    'torch.nn.utils.rnn.pack_padded_sequence ((10, 4), (5,), (3,), (3,))',
    'rnn (((10, 6), (5,), (3,), (3,)), ((1, 3, 6), (1, 3, 6)))',
    'torch.nn.utils.rnn.pad_packed_sequence ((3, 5, 6), (3,))',
  ]);
  assert.equal(m.outputShape && formatShape(m.outputShape), '(3, 5, 6)'); // torch: (3, 5, 6)
  assert.equal(m.totalCost.macs, 10n * (4n * 6n * 4n + 4n * 6n * 6n)); // Σlengths · (G·H·I + G·H·R)
  assert.deepEqual(m.diagnostics, []);
});

test('lengths in a tensor: Σlengths and the longest length stay symbolic; h_n and what follows are known', () => {
  const m = model('enc');
  assert.equal(m.outputShape && formatShape(m.outputShape), '((max_length, 3, 64), (3, 8))'); // torch: ((7, 3, 64), (3, 8))
  const rnn = m.layers.find((l) => l.name === 'rnn');
  assert.equal(rnn?.outputShape && formatShape(rnn.outputShape), '(((Σlengths, 64), (max_length,), (3,), (3,)), (2, 3, 32))');
  assert.equal(rnn?.cost, undefined, 'the steps computed are not known: the cost is unknown, never the padded one');
  assert.deepEqual(m.diagnostics.filter((d) => d.severity !== 'info'), []);
});
