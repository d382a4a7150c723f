// The model summary as data (one row per executed leaf or op, totals) and as Markdown or CSV text — the
// same numbers the CLI prints. Pure: the summary webview renders it, the copy buttons paste it.
import {
  abbreviate, conventionLabel, formatBytes, formatShape, inConvention, withSeparators, type Convention,
} from '../../engine';
import type { ModelAnalysis } from '../../analysis/model';

export interface SummaryRow {
  readonly name: string;
  readonly type: string;
  readonly kind: 'module' | 'function';
  readonly depth: number;
  readonly line: number; // 1-based
  readonly input: string;
  readonly output: string;
  readonly params: string; // exact, with separators
  readonly paramsValue: number;
  readonly cost: string;
  readonly costValue: number;
  /** Share of the model's total cost, 0..1. */
  readonly costShare: number;
  readonly paramShare: number;
  readonly error?: string;
}

export interface SummaryData {
  readonly model: string;
  readonly convention: Convention;
  readonly costLabel: string;
  readonly input: string;
  readonly output: string;
  readonly rows: readonly SummaryRow[];
  readonly totalParams: string;
  readonly trainableParams: string;
  readonly nonTrainableParams: string;
  readonly totalCost: string;
  readonly totalCostShort: string;
  /** float32 parameter memory. */
  readonly paramMemory: string;
  readonly diagnostics: number;
  /** Some code could not be followed: the totals are lower bounds. */
  readonly incomplete: boolean;
}

export function summaryData(model: ModelAnalysis, convention: Convention): SummaryData {
  const totalCost = inConvention(model.totalCost, convention);
  const rows = model.layers.map((r): SummaryRow => {
    const cost = r.cost ? inConvention(r.cost, convention) : 0n;
    const error = r.outcome?.diagnostics.find((d) => d.severity === 'error')?.message;
    return {
      name: r.name, type: r.type, kind: r.kind, depth: r.kind === 'module' ? r.name.split('.').length - 1 : 0,
      line: r.callRange.start.line + 1,
      input: r.inputShapes.map((s) => (s ? formatShape(s) : '?')).join(', '),
      output: r.outputShape ? formatShape(r.outputShape) : '?',
      params: withSeparators(r.params), paramsValue: Number(r.params),
      cost: withSeparators(cost), costValue: Number(cost),
      costShare: totalCost > 0n ? Number(cost) / Number(totalCost) : 0,
      paramShare: model.totalParams > 0n ? Number(r.params) / Number(model.totalParams) : 0,
      error,
    };
  });
  return {
    model: model.name, convention, costLabel: conventionLabel(convention),
    input: model.inputShape ? formatShape(model.inputShape) : 'unknown',
    output: model.outputShape ? formatShape(model.outputShape) : 'unknown',
    rows,
    totalParams: withSeparators(model.totalParams),
    trainableParams: withSeparators(model.trainableParams),
    nonTrainableParams: withSeparators(model.totalParams - model.trainableParams),
    totalCost: withSeparators(totalCost), totalCostShort: abbreviate(totalCost),
    paramMemory: formatBytes(model.totalParams * 4n),
    diagnostics: model.diagnostics.filter((d) => d.severity === 'error').length,
    incomplete: !!model.incomplete,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function summaryMarkdown(s: SummaryData): string {
  const head = `| Layer (type) | Input | Output | Params | ${s.costLabel} | Share |\n|---|---|---|--:|--:|--:|`;
  const body = s.rows.map((r) => `| ${'&nbsp;&nbsp;'.repeat(r.depth)}${r.name} (${r.type}) | ${r.input} | ${r.output} | ${r.params} | ${r.cost} | ${pct(r.costShare)} |`);
  const totals = [
    `| **Total** | ${s.input} | ${s.output} | **${s.totalParams}** | **${s.totalCost}** | 100% |`,
  ];
  return [`**${s.model}**`, '', head, ...body, ...totals, '',
    `Trainable params: ${s.trainableParams} · Non-trainable: ${s.nonTrainableParams} · Params size (float32): ${s.paramMemory}`].join('\n');
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function summaryCsv(s: SummaryData): string {
  const lines = [['layer', 'type', 'kind', 'line', 'input_shape', 'output_shape', 'params', s.convention, 'cost_share'].join(',')];
  for (const r of s.rows) {
    lines.push([r.name, r.type, r.kind, String(r.line), r.input, r.output, String(r.paramsValue), String(r.costValue), r.costShare.toFixed(6)].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}
