// "Copy as torchinfo-style text": the layout people paste from torchinfo.summary() (the tree with depth-index, the
// columns in brackets, the totals and the size block), filled with ShapeLens's figures. The size block says what
// ShapeLens counts — the tensors autograd really keeps — rather than torchinfo's "Forward/backward pass size",
// which is twice the sum of every layer's output (see README, "Memory").
import type { SummaryData, SummaryRow, ViewOptions } from './summary';
import { COLUMNS, rowsToDepth, type ColumnKey } from './summaryColumns';

const bracket = (shape: string) => (shape.startsWith('(') ? `[${shape.slice(1, -1)}]` : shape);

/** torchinfo's "├─Conv2d: 1-1": the type, the depth (1-based) and the index among its siblings. */
function labels(rows: readonly SummaryRow[]): string[] {
  const counters: number[] = [];
  return rows.map((r, i) => {
    counters.length = r.depth + 1;
    counters[r.depth] = (counters[r.depth] ?? 0) + 1;
    const next = rows.slice(i + 1).find((n) => n.depth <= r.depth);
    const last = !next || next.depth < r.depth;
    const lead = '│    '.repeat(r.depth) + (last ? '└─' : '├─');
    return `${lead}${r.kind === 'function' ? r.name : r.type}: ${r.depth + 1}-${counters[r.depth]}`;
  });
}

export function summaryTorchinfo(s: SummaryData, view: ViewOptions = {}): string {
  const keys: readonly ColumnKey[] = view.columns ?? ['output', 'params'];
  const cols = keys.map((k) => COLUMNS[k]);
  const rows = rowsToDepth(s.rows, view.depth ?? 3);
  const names = labels(rows);
  const cells = rows.map((r) => cols.map((c) => {
    const v = c.value(r, s);
    return c.key === 'input' || c.key === 'output' ? bracket(v) : v === '' && r.kind === 'container' ? '--' : v;
  }));
  const nameWidth = Math.max(40, s.model.length + 1, ...names.map((n) => n.length + 1));
  const colWidth = Math.max(25, ...cells.flat().map((c) => c.length + 1), ...cols.map((c) => c.header(s).length + 1));
  const total = nameWidth + colWidth * cols.length;
  const rule = (ch: string) => ch.repeat(total);
  const line = (name: string, vs: readonly string[]) => (name.padEnd(nameWidth) + vs.map((v) => v.padEnd(colWidth)).join('')).trimEnd();
  const out = [rule('='), line('Layer (type:depth-idx)', cols.map((c) => c.header(s))), rule('='),
    line(s.model, cols.map((c) => (c.key === 'output' ? bracket(s.output) : c.key === 'input' ? bracket(s.input) : '--'))),
    ...rows.map((_r, i) => line(names[i], cells[i])), rule('='),
    `Total params: ${s.totalParams}`, `Trainable params: ${s.trainableParams}`, `Non-trainable params: ${s.nonTrainableParams}`,
    `Total ${s.costLabel}: ${s.totalCost}`, rule('=')];
  if (s.memory) {
    out.push(`Params size: ${s.memory.params}`, `Saved for backward: ${s.memory.saved}`,
      `Gradients + optimizer state: ${s.memory.optimizerState}`, `Estimated training total: ${s.memory.training} (${s.memory.setting})`,
      `Inference peak: ${s.memory.inference}`, rule('='));
  } else {
    out.push(`Params size (float32): ${s.paramMemory}`, rule('='));
  }
  return out.join('\n');
}
