// Memory: each op's saved-tensor rule, the model fixtures' saved bytes against PyTorch's own accounting
// (scripts/gen_memory_fixtures.py: saved_tensors_hooks on a CPU training step, each storage once), the training and
// inference totals, and the largest batch that fits.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, initParsers } from '../../src/analysis';
import type { FileAnalysis, ModelAnalysis } from '../../src/analysis/model';
import { memoryFacts, modelMemory, type MemoryOptions } from '../../src/analysis/memory';
import { ROOT } from './support/process';

const MODELS = path.join(ROOT, 'test', 'fixtures', 'models');
const CPU: MemoryOptions = { dtype: 'float32', optimizer: 'sgd', device: 'cpu' };

interface Measured {
  readonly model: string;
  readonly input_shape: number[];
  readonly saved_bytes: number;
  readonly by_module: Record<string, number>;
}

before(async () => {
  const wasmDir = path.join(ROOT, 'dist', 'tree-sitter');
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(wasmDir, file))));
});

const analyse = (file: string): FileAnalysis => analyzeText(fs.readFileSync(file, 'utf8'), 'python', { strict: false });

function rootModel(a: FileAnalysis, name: string): ModelAnalysis {
  const m = a.models.find((x) => x.name === name) ?? a.models.find((x) => x.root);
  assert.ok(m, `model ${name} not found`);
  return m;
}

describe('saved tensors of the model fixtures equal PyTorch 1.13 (saved_tensors_hooks, CPU)', () => {
  const measured = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'memory', 'saved_tensors.json'), 'utf8')) as Record<string, Measured>;
  for (const [fixture, m] of Object.entries(measured)) {
    test(`${fixture}: ${m.saved_bytes.toLocaleString('en')} bytes`, () => {
      const model = rootModel(analyse(path.join(MODELS, `${fixture}.py`)), m.model);
      const mem = modelMemory(model, CPU);
      const perRecord = model.layers.map((r, i) => `${r.name}: ${mem.records[i].saved ?? '?'} [${mem.records[i].savedItems.map((s) => `${s.what} ${s.bytes}`).join(', ')}]${mem.records[i].unknown ? ` (${mem.records[i].unknown})` : ''}`);
      assert.equal(mem.saved, BigInt(m.saved_bytes), `saved bytes\n${perRecord.join('\n')}\nmeasured by module: ${JSON.stringify(m.by_module)}`);
      assert.ok(mem.savedComplete, mem.caveat);
    });
  }
});

describe('each op\'s saved-tensor rule, one op per model, against PyTorch 1.13 (input requiring a gradient)', () => {
  const measured = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'memory', 'op_cases.json'), 'utf8')) as Record<string, number>;
  let analysis: FileAnalysis | undefined;
  for (const [name, bytes] of Object.entries(measured)) {
    test(`${name}: ${bytes.toLocaleString('en')} bytes`, () => {
      analysis ??= analyse(path.join(ROOT, 'test', 'fixtures', 'memory', 'op_cases.py'));
      const model = analysis.models.find((m) => m.name === name);
      assert.ok(model, `${name} not analysed`);
      const mem = modelMemory({ ...model, memoryFacts: memoryFacts(model, true) }, CPU);
      const items = mem.records.flatMap((r) => r.savedItems.map((s) => `${s.what} ${s.bytes}`));
      assert.equal(mem.saved, BigInt(bytes), `saved: ${items.join(', ')}${mem.caveat ? ` — ${mem.caveat}` : ''}`);
      assert.ok(mem.savedComplete, mem.caveat);
    });
  }
});
