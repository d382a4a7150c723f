// The editor's words: inlay-hint labels, hover Markdown and the summary rows, from engine results built by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, FREE, type Shape } from '../../src/engine';
import type { LayerRecord, ModelAnalysis } from '../../src/analysis/model';
import { declarationHint, displayShape, statementHint, type HintOptions } from '../../src/present/hintText';
import { layerHover } from '../../src/present/hoverText';
import { summaryCsv, summaryData, summaryMarkdown, summaryTable } from '../../src/present/summary';
import { modelTotals, shortText } from '../../src/present/cells';

const at = { line: 0, character: 0 };
const range = { start: at, end: at };

function record(name: string, type: string, positional: number[], input: Shape): LayerRecord {
  const outcome = evaluateLayer({ type, positional, keyword: {} }, [input], { strict: false });
  const params = outcome.params?.tensors.reduce((s, t) => s + t.count, 0n) ?? 0n;
  return {
    name, type, kind: 'module', callRange: range, inputShapes: [input], outputShape: outcome.output, outcome,
    params, trainableParams: params, paramTensors: outcome.params?.tensors ?? [], cost: outcome.cost,
  };
}

const options: HintOptions = { shape: true, params: true, cost: true, showBatchDimension: true, convention: 'macs', maxLength: 60 };

test('declaration hint: shape · params · MACs, as the issue writes it', () => {
  const conv = record('conv1', 'Conv2d', [3, 64, 7, 2, 3], [1, 3, 224, 224]);
  assert.equal(declarationHint([conv], conv.params, true, options), '→ (1, 64, 112, 112) · 9.5K params · 118M MACs');
  assert.equal(declarationHint([conv], conv.params, true, { ...options, showBatchDimension: false }), '→ (64, 112, 112) · 9.5K params · 118M MACs');
  assert.equal(declarationHint([conv], conv.params, true, { ...options, convention: 'flops', shape: false }), '→ 9.5K params · 236M FLOPs');
  assert.equal(declarationHint([conv], conv.params, true, { ...options, maxLength: 20 }), '→ (1, 64, 112, 112)…');
});

test('statement hint and batch display', () => {
  assert.equal(statementHint([4, 6, 14, 14], true, options), '→ (4, 6, 14, 14)');
  assert.equal(displayShape([4, 6, 14, 14], true, false), '(6, 14, 14)');
  assert.equal(displayShape([6, 14, 14], false, false), '(6, 14, 14)');
});

test('hover: formula per dimension, parameter breakdown, the three conventions', () => {
  const conv = record('conv1', 'Conv2d', [3, 64, 7, 2, 3], [1, 3, 224, 224]);
  const md = layerHover({ title: 'conv1', record: conv, callCount: 1, convention: 'macs' });
  assert.match(md, /\*\*\(1, 3, 224, 224\) → \(1, 64, 112, 112\)\*\*/);
  assert.match(md, /H_out = W_out = ⌊\(224 \+ 2·3 − 1·\(7 − 1\) − 1\) \/ 2⌋ \+ 1 = 112/);
  assert.match(md, /weight {2}64×3×7×7 = 9,408/);
  assert.match(md, /bias {4}64/);
  assert.match(md, /params = 64 · \(3·7·7 \+ 1\) = 9,472/);
  assert.match(md, /\*\*118,013,952 MACs\*\* · 236,027,904 FLOPs · mults 118,013,952 \+ adds 118,013,952 = 236,027,904 FLOPs \(exact\)/);
});

test('summary: rows, totals, share, Markdown and CSV', () => {
  const conv = record('0', 'Conv2d', [1, 20, 5], [64, 1, 28, 28]);
  const model: ModelAnalysis = {
    name: 'model', range, root: true, inputShape: [64, 1, 28, 28], inputSource: 'comment', outputShape: conv.outputShape,
    declarations: [], layers: [conv], annotations: [], totalParams: 520n, trainableParams: 520n,
    totalCost: conv.cost ?? FREE, diagnostics: [],
  };
  const s = summaryData(model, 'macs');
  assert.equal(s.totalParams, '520');
  assert.equal(s.rows[0].output, '(64, 20, 24, 24)');
  assert.equal(s.rows[0].cost, '18,432,000');
  assert.equal(s.rows[0].costShare, 1);
  assert.equal(s.paramMemory, '2.1 KB');
  assert.match(summaryMarkdown(s), /\| 0 \(Conv2d\) \| \(64, 1, 28, 28\) \| \(64, 20, 24, 24\) \| 520 \| 18,432,000 \| 100.0% \|/);
  assert.equal(summaryCsv(s).split('\n')[1], '0,Conv2d,module,1,"(64, 1, 28, 28)","(64, 20, 24, 24)",520,18432000,1.000000');
});

test('unknown is never a number: a layer without a rule gives "?" in the CLI table, the panel data, Markdown and CSV; totals say ≥', () => {
  const conv = record('conv', 'Conv2d', [3, 8, 3], [1, 3, 8, 8]);
  // nn.ChannelShuffle as ShapeLens met it before it had a rule: listed, no shape, no parameters evaluated, no cost.
  const shuffle: LayerRecord = { name: 'shuffle', type: 'ChannelShuffle', kind: 'module', callRange: range, inputShapes: [conv.outputShape as Shape],
    params: 0n, trainableParams: 0n, paramTensors: [] };
  const model: ModelAnalysis = {
    name: 'Net', range, root: true, inputShape: [1, 3, 8, 8], inputSource: 'comment', declarations: [], layers: [conv, shuffle],
    annotations: [], totalParams: conv.params, trainableParams: conv.params, totalCost: conv.cost ?? FREE, incomplete: true,
    paramsIncomplete: true, diagnostics: [],
  };
  const s = summaryData(model, 'macs');
  assert.deepEqual(s.rows.map((r) => [r.name, r.output, r.params, r.cost]), [['conv', '(1, 8, 6, 6)', '224', '7,776'], ['shuffle', '?', '?', '?']]);
  assert.equal(s.totalParams, '≥ 224');
  assert.equal(s.totalCost, '≥ 7,776');
  assert.equal(s.paramMemory, '≥ 896 B');
  assert.match(summaryMarkdown(s), /\| shuffle \(ChannelShuffle\) \| \(1, 8, 6, 6\) \| \? \| \? \| \? \| \? \|/);
  assert.match(summaryMarkdown(s), /\*\*≥ 224\*\* \| \*\*≥ 7,776\*\*/);
  assert.equal(summaryCsv(s).split('\n')[2], 'shuffle,ChannelShuffle,module,1,"(1, 8, 6, 6)",?,?,?,?');
  const table = summaryTable(model, { color: false, convention: 'macs' });
  assert.match(table, /shuffle \(ChannelShuffle\) +\? +\? +\? +1/);
  assert.match(table, /Total params: ≥ 224\nTrainable params: ≥ 224\nNon-trainable params: \?\nTotal MACs: ≥ 7,776/);
  // The status bar's short forms and the JSON's fields come from the same cells.
  const totals = modelTotals(model, 'macs');
  assert.deepEqual([shortText(totals.params), shortText(totals.cost)], ['≥ 224', '≥ 7.8K']);
  // Nothing with a known cost at all: the cost is unknown, not "≥ 0".
  const bare = { ...model, layers: [shuffle], totalCost: FREE, totalParams: 0n, trainableParams: 0n };
  assert.deepEqual([summaryData(bare, 'macs').totalParams, summaryData(bare, 'macs').totalCost], ['?', '?']);
});

test('abbreviations and separators', async () => {
  const { abbreviate, withSeparators } = await import('../../src/engine');
  assert.deepEqual([9472n, 62006n, 118013952n, 999999n, 1446030n, 999n, 2n ** 64n].map(abbreviate),
    ['9.5K', '62K', '118M', '1M', '1.4M', '999', '18447P']);
  assert.equal(withSeparators(2n ** 64n), '18,446,744,073,709,551,616');
});

test('a parameter-free layer called twice shows its first shape and the count only', () => {
  const a = record('pool', 'MaxPool2d', [2, 2], [4, 6, 28, 28]);
  const b = record('pool', 'MaxPool2d', [2, 2], [4, 16, 10, 10]);
  assert.equal(declarationHint([a, b], 0n, true, options), '→ (4, 6, 14, 14) ×2');
});
