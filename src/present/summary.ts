// The model summary as data — one row per executed leaf module or op, grouped under the containers they belong to,
// and the totals — and its renderings: the CLI's torchinfo-like table, Markdown and CSV. The summary panel renders
// the same data. Every number goes through cells.ts, so an unknown value is "?" on every surface and a lower bound
// always says "≥".
import { conventionLabel, describeExact, formatShape, inConvention, withSeparators, type Convention } from '../engine';
import type { AnalysisDiagnostic, LayerRecord, ModelAnalysis } from '../analysis/model';
import { cell, modelTotals, UNKNOWN, type Cell } from './cells';

export interface SummaryRow {
  readonly name: string;
  readonly type: string;
  /** A container (layer1, layer1.0) opens a group; its numbers are in the rows under it. */
  readonly kind: 'module' | 'function' | 'container';
  readonly depth: number;
  readonly line: number; // 1-based; 0 for a container
  readonly input: string;
  readonly output: string;
  /** "--" for a layer without parameters (torchinfo's empty cell), "?" when not known. */
  readonly params: string;
  readonly paramsValue: number;
  readonly cost: string;
  readonly costValue: number;
  /** Share of the model's known total cost / parameters, 0..1 (0 when unknown). */
  readonly costShare: number;
  readonly paramShare: number;
  readonly error?: string;
}

export interface SummaryData {
  readonly model: string;
  readonly convention: Convention;
  readonly costLabel: string;
  readonly input: string;
  /** Where the input shape came from, in words ("comment", "a tensor in the file", …). */
  readonly inputSource: string;
  readonly output: string;
  readonly rows: readonly SummaryRow[];
  readonly totalParams: string;
  readonly trainableParams: string;
  readonly nonTrainableParams: string;
  readonly totalCost: string;
  readonly totalCostShort: string;
  /** float32 parameter memory. */
  readonly paramMemory: string;
  /** The exact convention's total broken down ("mults … + adds … = …"), when that convention is chosen and known. */
  readonly costBreakdown?: string;
  readonly diagnostics: number;
  /** Some code could not be followed: the totals are lower bounds. */
  readonly incomplete: boolean;
  /** One sentence saying what is not exact and why. */
  readonly caveat?: string;
}

const SOURCES: Record<ModelAnalysis['inputSource'], string> = {
  comment: 'from the input comment', tensor: 'from a tensor passed to the model in the file', setting: 'from shapelens.defaultInputShape',
  cli: 'from --input', inferred: 'chosen among the sizes the model allows', symbolic: 'symbolic: sizes stay expressions', none: 'unknown',
};

/** Rows in execution order, with a container row where a group (layer1, layer1.0) is entered. */
function groupedRows(model: ModelAnalysis, convention: Convention, totalCost: bigint): SummaryRow[] {
  const containerType = new Map((model.containers ?? []).map((c) => [c.path, c.type]));
  const rows: SummaryRow[] = [];
  let open: string[] = [];
  for (const r of model.layers) {
    const parents = r.kind === 'module' ? r.name.split('.').slice(0, -1) : r.scope ? r.scope.split('.') : [];
    let same = 0;
    while (same < parents.length && same < open.length && parents[same] === open[same]) same++;
    for (let d = same; d < parents.length; d++) {
      const path = parents.slice(0, d + 1).join('.');
      rows.push(containerRow(parents[d], containerType.get(path) ?? 'Module', d));
    }
    open = parents;
    rows.push(layerRow(r, parents.length, convention, model, totalCost));
  }
  return rows;
}

const containerRow = (name: string, type: string, depth: number): SummaryRow => ({
  name, type, kind: 'container', depth, line: 0, input: '', output: '', params: '', paramsValue: 0, cost: '', costValue: 0,
  costShare: 0, paramShare: 0,
});

function layerRow(r: LayerRecord, depth: number, convention: Convention, model: ModelAnalysis, totalCost: bigint): SummaryRow {
  const cost = r.cost ? inConvention(r.cost, convention) : undefined;
  const error = r.outcome?.diagnostics.find((d) => d.severity === 'error')?.message;
  const noParams = r.params === 0n && r.paramTensors.length === 0;
  // A leaf that never got its parameters evaluated (a layer without a rule) is unknown, not "--".
  const paramsUnknown = r.kind === 'module' && noParams && r.outcome === undefined && r.cost === undefined;
  return {
    name: r.kind === 'module' ? r.name.split('.').pop()! : r.name, type: r.type, kind: r.kind, depth,
    line: r.callRange.start.line + 1,
    input: r.inputShapes.map((s) => (s ? formatShape(s) : UNKNOWN)).join(', '),
    output: r.outputShape ? formatShape(r.outputShape) : error ? 'error' : UNKNOWN,
    params: paramsUnknown ? UNKNOWN : noParams ? '--' : withSeparators(r.params), paramsValue: Number(r.params),
    cost: cost === undefined ? UNKNOWN : withSeparators(cost), costValue: Number(cost ?? 0n),
    costShare: totalCost > 0n && cost !== undefined ? Number(cost) / Number(totalCost) : 0,
    paramShare: model.totalParams > 0n ? Number(r.params) / Number(model.totalParams) : 0,
    error,
  };
}

export function summaryData(model: ModelAnalysis, convention: Convention): SummaryData {
  const totals = modelTotals(model, convention);
  const knownCost = totals.cost.value ?? 0n;
  const exact = convention === 'exact' && totals.cost.value !== undefined ? describeExact(model.totalCost.exact) : undefined;
  return {
    model: model.name, convention, costLabel: conventionLabel(convention),
    input: model.inputShape ? formatShape(model.inputShape) : 'unknown', inputSource: model.inputSourceDetail ?? SOURCES[model.inputSource],
    output: model.outputShape ? formatShape(model.outputShape) : 'unknown',
    rows: groupedRows(model, convention, knownCost),
    totalParams: totals.params.text,
    trainableParams: totals.trainable.text,
    nonTrainableParams: totals.nonTrainable.text,
    totalCost: totals.cost.text, totalCostShort: shortCost(totals.cost),
    paramMemory: totals.paramBytes.text,
    costBreakdown: exact && exact.includes('=') ? `${totals.cost.certainty === 'lower-bound' ? '≥ ' : ''}${exact}` : undefined,
    diagnostics: model.diagnostics.filter((d) => d.severity === 'error').length,
    incomplete: !!model.incomplete || totals.params.certainty !== 'exact' || totals.cost.certainty !== 'exact',
    caveat: totals.caveat,
  };
}

function shortCost(c: Cell): string {
  return cell(c.value, c.certainty, (n) => withSeparators(n)).text;
}

// ── Markdown and CSV (the panel's copy buttons) ─────────────────────────────────────────────────────────────────
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function summaryMarkdown(s: SummaryData): string {
  const head = `| Layer (type) | Input | Output | Params | ${s.costLabel} | Share |\n|---|---|---|--:|--:|--:|`;
  const indent = (r: SummaryRow) => '&nbsp;&nbsp;'.repeat(r.depth);
  const body = s.rows.map((r) => (r.kind === 'container'
    ? `| ${indent(r)}**${r.name}** (${r.type}) | | | | | |`
    : `| ${indent(r)}${r.name} (${r.type}) | ${r.input} | ${r.output} | ${r.params} | ${r.cost} | ${r.cost === UNKNOWN ? UNKNOWN : pct(r.costShare)} |`));
  const totals = [`| **Total** | ${s.input} | ${s.output} | **${s.totalParams}** | **${s.totalCost}** | 100% |`];
  return [`**${s.model}**`, '', head, ...body, ...totals, '',
    `Trainable params: ${s.trainableParams} · Non-trainable: ${s.nonTrainableParams} · Params size (float32): ${s.paramMemory}`,
    ...(s.caveat ? ['', `_${s.caveat}_`] : [])].join('\n');
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One line per executed layer; numbers plain, "?" where unknown (never 0 for unknown). */
export function summaryCsv(s: SummaryData): string {
  const lines = [['layer', 'type', 'kind', 'line', 'input_shape', 'output_shape', 'params', s.convention, 'cost_share'].join(',')];
  for (const r of s.rows) {
    if (r.kind === 'container') continue;
    const params = r.params === '--' ? '0' : r.params === UNKNOWN ? UNKNOWN : String(r.paramsValue);
    const cost = r.cost === UNKNOWN ? UNKNOWN : String(r.costValue);
    lines.push([r.name, r.type, r.kind, String(r.line), r.input, r.output, params, cost, cost === UNKNOWN ? UNKNOWN : r.costShare.toFixed(6)]
      .map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

// ── The CLI's table ───────────────────────────────────────────────────────────────────────────────────────────
export interface TableStyle {
  readonly color: boolean;
  readonly convention: Convention;
}

const paint = (on: boolean, code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
/** Width of a string as printed (no ANSI codes; ⌊ ⌋ − are one column each). */
const width = (s: string) => [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;
const tree = (depth: number) => (depth > 0 ? `${'│ '.repeat(depth - 1)}└─` : '');

export function summaryTable(m: ModelAnalysis, style: TableStyle): string {
  const s = summaryData(m, style.convention);
  const bold = paint(style.color, '1');
  const dim = paint(style.color, '2');
  const red = paint(style.color, '31');
  const yellow = paint(style.color, '33');
  const muted = (t: string) => (t === UNKNOWN || t === '--' ? dim(t) : t);
  const rows = s.rows.map((r) => (r.kind === 'container'
    ? [`${tree(r.depth)}${r.name} (${r.type})`, '', '', '', '']
    : [`${tree(r.depth)}${r.kind === 'module' ? `${r.name} (${r.type})` : r.name}`, r.output === 'error' ? red('error') : muted(r.output),
      muted(r.kind === 'function' && r.params === '--' ? '--' : r.params), muted(r.cost), String(r.line)]));
  const headers = ['Layer (type)', 'Output Shape', 'Param #', s.costLabel, 'Line'];
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const rule = (ch: string) => ch.repeat(widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1));
  const line = (cells: string[]) => cells.map((c, i) => (i <= 1 ? padEnd(c, widths[i]) : padStart(c, widths[i]))).join('   ');
  const input = m.inputShape ? `${formatShape(m.inputShape)} (${m.inputSource === 'inferred' && m.inputSourceDetail ? m.inputSourceDetail : m.inputSource})` : 'unknown';
  const out: string[] = [bold(m.name) + dim(` — line ${m.range.start.line + 1}, input ${input}`), rule('='), bold(line(headers)), rule('=')];
  for (const r of rows) out.push(line(r));
  out.push(rule('='));
  out.push(`Total params: ${s.totalParams}`);
  out.push(`Trainable params: ${s.trainableParams}`);
  out.push(`Non-trainable params: ${s.nonTrainableParams}`);
  out.push(`Total ${s.costLabel}: ${s.totalCost}`);
  // The exact convention is a sum of kinds of operations: show them, as an exam solution would.
  if (s.costBreakdown) out.push(`  = ${s.costBreakdown.replace(/^≥ /, '')}`);
  out.push(rule('-'));
  out.push(`Output shape: ${s.output}`);
  out.push(`Params size (float32): ${s.paramMemory}`);
  // never a silently wrong total: part of the model could not be followed
  if (s.caveat) out.push(yellow(s.caveat));
  out.push(rule('='));
  for (const d of m.diagnostics) out.push(diagnosticLine(d, red, yellow, dim));
  return out.join('\n');
}

export function diagnosticLine(d: AnalysisDiagnostic, red: (s: string) => string, yellow: (s: string) => string, dim: (s: string) => string): string {
  const where = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
  const sev = d.severity === 'error' ? red('error') : d.severity === 'warning' ? yellow('warning') : dim('info');
  const fix = d.fix ? dim(` (fix: ${d.fix.title})`) : '';
  return `${where} ${sev} [${d.code}] ${d.message}${fix}`;
}
