// PyTorch's public names against ShapeLens: every name of `torch.*`, `torch.nn.functional.*`, `Tensor.*` and
// `torch.nn.*` in Debian's torch 1.13 (test/fixtures/torch_names.json, dumped by scripts/dump_torch_names.py) is
// either an op of the registry or on the commented list of src/engine/unsupported.ts — never both, never neither.
// The README's coverage table is this test's count, so the figure it states stays true.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import names from '../fixtures/torch_names.json';
import { analyzeText, initParsers } from '../../src/analysis';
import { findLayer, formatShape, UNSUPPORTED, unsupportedGroup, type UnsupportedReason } from '../../src/engine';
import { ROOT } from './support/process';

type Lists = Record<'torch' | 'torch_dir_only' | 'functional' | 'tensor' | 'tensor_dunder' | 'tensor_properties' | 'nn', string[]>;
const lists = names as unknown as Lists;

/** The namespaces as the README counts them, each with its fixture lists and the registry's spelling of a name. */
const NAMESPACES: { title: string; keys: (keyof Lists)[]; spell: (n: string) => string }[] = [
  { title: '`torch.*`', keys: ['torch', 'torch_dir_only'], spell: (n) => `torch.${n}` },
  { title: '`torch.nn.functional.*`', keys: ['functional'], spell: (n) => `F.${n}` },
  { title: '`Tensor.*` (methods, operators, attributes)', keys: ['tensor', 'tensor_dunder', 'tensor_properties'], spell: (n) => `Tensor.${n}` },
  { title: '`torch.nn.*` (modules)', keys: ['nn'], spell: (n) => n },
];

const spellings = NAMESPACES.flatMap((ns) => ns.keys.flatMap((k) => lists[k].map(ns.spell)));

test('every public torch name is an op of the registry or on the unsupported list, not both', () => {
  const neither = spellings.filter((s) => !findLayer(s) && !unsupportedGroup(s));
  assert.deepEqual(neither, [], `names with no rule and not on src/engine/unsupported.ts: ${neither.join(' ')}`);
  const both = spellings.filter((s) => findLayer(s) && unsupportedGroup(s));
  assert.deepEqual(both, [], `names the registry supports, still on the unsupported list: ${both.join(' ')}`);
});

test('the unsupported list names only public torch names, each once', () => {
  const known = new Set(spellings);
  const stray = UNSUPPORTED.flatMap((g) => g.names).filter((n) => !known.has(n));
  assert.deepEqual(stray, [], `names on the list that torch 1.13 does not have: ${stray.join(' ')}`);
  for (const g of UNSUPPORTED) assert.ok(g.what.length > 10 && g.names.length > 0, `a group says what its names are: ${g.what}`);
});

/** The README's coverage table, row by row. */
function coverageTable(): string[] {
  const rows = ['| namespace | names | ops with a rule | followed by the analysis | not a shape op | not supported yet |',
    '| --- | --: | --: | --: | --: | --: |'];
  const totals = [0, 0, 0, 0, 0];
  for (const ns of NAMESPACES) {
    const all = ns.keys.flatMap((k) => lists[k].map(ns.spell));
    const by = (r: UnsupportedReason) => all.filter((s) => !findLayer(s) && unsupportedGroup(s)?.reason === r).length;
    const counts = [all.length, all.filter((s) => findLayer(s)).length, by('analysis'), by('not a shape op'), by('not supported yet')];
    counts.forEach((c, i) => (totals[i] += c));
    rows.push(`| ${ns.title} | ${counts.join(' | ')} |`);
  }
  rows.push(`| all | ${totals.join(' | ')} |`);
  return rows;
}

test('the README states the coverage this test counts', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const table = coverageTable();
  const missing = table.filter((row) => !readme.includes(row));
  assert.deepEqual(missing, [], `README.md's coverage table is out of date; the rows are:\n${table.join('\n')}`);
});

before(async () => {
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(ROOT, 'dist', 'tree-sitter', file))));
});

test('the analysis reads the list: a call that gives a Python value is no unknown op; one that gives a tensor says why', () => {
  const a = analyzeText(`import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        flag = x.is_floating_point() and not torch.equal(x, x)
        s = x.stride()
        q = torch.quantize_per_tensor(x, 0.1, 0, torch.quint8)
        return self.fc(x)

net = Net()
out = net(torch.randn(3, 4))
`, 'python', { strict: false });
  const m = a.models.find((x) => x.name === 'net');
  assert.ok(m, 'model net');
  const infos = m.diagnostics.filter((d) => d.code === 'unknown-op');
  assert.deepEqual(infos.map((d) => d.message), ['ShapeLens has no rule for torch.quantize_per_tensor() (quantization: quantized tensors and fake ' +
    'quantization): the shapes after it are unknown']);
  assert.equal(m.outputShape && formatShape(m.outputShape), '(3, 2)');
});

test('a name on the list is one torch has: hasattr(torch, …) is True and a star import brings it in', () => {
  const a = analyzeText(`import torch
import torch.nn as nn
from torch import *

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2) if hasattr(torch, 'is_tensor') else nn.Linear(4, 3)

    def forward(self, x):
        assert is_tensor(x)
        return self.fc(x)

net = Net()
out = net(torch.randn(3, 4))
`, 'python', { strict: false });
  const m = a.models.find((x) => x.name === 'net');
  assert.ok(m, 'model net');
  assert.deepEqual(m.diagnostics.map((d) => `${d.code}: ${d.message}`), []);
  assert.equal(m.outputShape && formatShape(m.outputShape), '(3, 2)');
});
