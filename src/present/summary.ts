// The model summary as data — one row per executed leaf module or op, grouped under the containers they belong to,
// and the totals — and its renderings: the CLI's torchinfo-like table, Markdown and CSV. The summary panel renders
// the same data. Every number goes through cells.ts, so an unknown value is "?" on every surface and a lower bound
// always says "≥".
// the engine's formatting by file, not through its index: the extension host loads this without the registry
import { conventionLabel, describeExact, inConvention, type Convention } from '../engine/cost';
import { formatBytes, withSeparators } from '../engine/count';
import { formatShape } from '../engine/shape';
import { placeElsewhere, type AnalysisDiagnostic, type LayerRecord, type ModelAnalysis } from '../analysis/model';
import type { MemoryPlan } from '../analysis/memoryPlan';
import { cell, inputText, modelTotals, outputText, UNKNOWN, type Cell } from './cells';
import { fieldCell, fieldText, memoryFigures, memoryLines, recordMemoryCells, type MemoryFigures } from './memoryText';
import { byOperator, type OperatorRow } from './operators';
import { COLUMNS, rowsToDepth, type ColumnKey } from './summaryColumns';

export interface SummaryRow {
  readonly name: string;
  readonly type: string;
  /** A container (layer1, layer1.0) opens a group; its numbers are in the rows under it. */
  readonly kind: 'module' | 'function' | 'container';
  readonly depth: number;
  readonly line: number; // 1-based; 0 for a container
  /** Set when the call is in another file (`unet_parts.py:16`, `torchvision`): `line` is then that file's, not this one's. */
  readonly where?: string;
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
  /** Kernel size of a conv or pooling layer ("3×3"). */
  readonly kernel?: string;
  /** Bytes the output allocates and bytes saved for backward (present when memory was computed). */
  readonly outputMemory?: string;
  readonly savedMemory?: string;
  /** The same in bytes, for a folded group's totals (undefined when unknown; numbers: the page gets JSON). */
  readonly outputBytes?: number;
  readonly savedBytes?: number;
  /** Receptive field cell ("11", "global", "--") and its phrase (size · jump · start). */
  readonly field?: string;
  readonly fieldDetail?: string;
  /** "yes", "no" (frozen), "partly", or "--" without parameters. */
  readonly trainable?: string;
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
  /** Memory for the chosen dtype, optimizer and batch (when computed). */
  readonly memory?: MemoryFigures;
  /** The training total worked out line by line. */
  readonly memoryLines?: readonly string[];
  /** The batch size of the input and the cost of one sample, when the batch is more than 1. */
  readonly batch?: number;
  readonly perSampleCost?: string;
  /** Totals by kind of operator (conv, linear, attention, norm, …), as fvcore's by-operator table. */
  readonly byOperator: readonly OperatorRow[];
  /** Whether any row has a receptive field (a model with conv or pooling layers). */
  readonly hasFields: boolean;
}

/** What the summary panel's page gets: the data and the depth it starts with (the shapelens.summary.depth setting). */
export interface PanelData extends SummaryData {
  readonly initialDepth: number;
}

/** What the summary shows beyond the shapes, parameters and cost. */
export interface SummaryExtras {
  readonly plan?: MemoryPlan;
}

const SOURCES: Record<ModelAnalysis['inputSource'], string> = {
  comment: 'from the input comment', tensor: 'from a tensor passed to the model in the file', setting: 'from shapelens.defaultInputShape',
  cli: 'from --input', inferred: 'chosen among the sizes the model allows', symbolic: 'symbolic: sizes stay expressions', none: 'unknown',
};

/** Rows in execution order, with a container row where a group (layer1, layer1.0) is entered. */
function groupedRows(model: ModelAnalysis, convention: Convention, totalCost: bigint, plan?: MemoryPlan): SummaryRow[] {
  const containerType = new Map((model.containers ?? []).map((c) => [c.path, c.type]));
  const rows: SummaryRow[] = [];
  let open: string[] = [];
  model.layers.forEach((r, i) => {
    const parents = r.kind === 'module' ? r.name.split('.').slice(0, -1) : r.scope ? r.scope.split('.') : [];
    let same = 0;
    while (same < parents.length && same < open.length && parents[same] === open[same]) same++;
    for (let d = same; d < parents.length; d++) {
      const path = parents.slice(0, d + 1).join('.');
      rows.push(containerRow(parents[d], containerType.get(path) ?? 'Module', d));
    }
    open = parents;
    rows.push(withExtras(layerRow(r, parents.length, convention, model, totalCost), r, i, model, plan));
  });
  return foldContainers(rows, model, totalCost);
}

const num = (b: bigint | undefined) => (b === undefined ? undefined : Number(b));

/** A group's bytes: "?" when any is unknown, "--" when none. */
function bytesSum(values: readonly (number | undefined)[]): string {
  if (values.some((v) => v === undefined)) return UNKNOWN;
  const total = values.reduce<number>((a, v) => a + v!, 0);
  return total === 0 ? '--' : formatBytes(BigInt(total));
}

function kernelText(r: LayerRecord): string | undefined {
  const k = r.outcome?.args?.kernel_size;
  if (typeof k === 'number') return String(k);
  if (Array.isArray(k) && k.every((x) => typeof x === 'number')) return k.join('×');
  return undefined;
}

function withExtras(row: SummaryRow, r: LayerRecord, i: number, model: ModelAnalysis, plan?: MemoryPlan): SummaryRow {
  const field = model.fields?.[i];
  const mem = plan ? recordMemoryCells(plan.memory.records[i]) : undefined;
  const trainable = r.params === 0n ? '--' : r.trainableParams === r.params ? 'yes' : r.trainableParams === 0n ? 'no' : 'partly';
  return {
    ...row, kernel: kernelText(r), trainable,
    ...(mem ? { outputMemory: mem.output, savedMemory: mem.saved, outputBytes: num(plan!.memory.records[i]?.output), savedBytes: num(plan!.memory.records[i]?.saved) } : {}),
    ...(field ? { field: fieldCell(field), fieldDetail: fieldText(field) } : {}),
  };
}

/**
 * A container row carries the totals of the rows under it (what a collapsed group shows) and the output of its last
 * row. Unknown anywhere below makes its number unknown.
 */
function foldContainers(rows: SummaryRow[], model: ModelAnalysis, totalCost: bigint): SummaryRow[] {
  return rows.map((row, i) => {
    if (row.kind !== 'container') return row;
    const under: SummaryRow[] = [];
    for (let j = i + 1; j < rows.length && rows[j].depth > row.depth; j++) if (rows[j].kind !== 'container') under.push(rows[j]);
    if (under.length === 0) return row;
    const sum = (text: (r: SummaryRow) => string, value: (r: SummaryRow) => number) =>
      (under.some((r) => text(r) === UNKNOWN) ? UNKNOWN : withSeparators(BigInt(Math.round(under.reduce((a, r) => a + value(r), 0)))));
    const params = under.every((r) => r.params === '--') ? '--' : sum((r) => r.params, (r) => r.paramsValue);
    const cost = sum((r) => r.cost, (r) => r.costValue);
    const paramsValue = under.reduce((a, r) => a + r.paramsValue, 0);
    const costValue = under.reduce((a, r) => a + r.costValue, 0);
    return {
      ...row, input: under[0].input, output: under[under.length - 1].output, params, paramsValue, cost, costValue,
      paramShare: model.totalParams > 0n ? paramsValue / Number(model.totalParams) : 0,
      costShare: totalCost > 0n && cost !== UNKNOWN ? costValue / Number(totalCost) : 0,
      field: under[under.length - 1].field, fieldDetail: under[under.length - 1].fieldDetail,
      ...(under[0].outputMemory !== undefined ? {
        outputMemory: bytesSum(under.map((r) => r.outputBytes)), savedMemory: bytesSum(under.map((r) => r.savedBytes)),
      } : {}),
    };
  });
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
    ...(r.callRange.file ? { where: placeElsewhere(r.callRange.file, r.callRange.start.line + 1) } : {}),
    input: r.inputShapes.map((s) => (s ? formatShape(s) : UNKNOWN)).join(', '),
    output: r.outputShape ? formatShape(r.outputShape) : error ? 'error' : UNKNOWN,
    params: paramsUnknown ? UNKNOWN : noParams ? '--' : withSeparators(r.params), paramsValue: Number(r.params),
    cost: cost === undefined ? UNKNOWN : withSeparators(cost), costValue: Number(cost ?? 0n),
    costShare: totalCost > 0n && cost !== undefined ? Number(cost) / Number(totalCost) : 0,
    paramShare: model.totalParams > 0n ? Number(r.params) / Number(model.totalParams) : 0,
    error,
  };
}

export function summaryData(model: ModelAnalysis, convention: Convention, extras: SummaryExtras = {}): SummaryData {
  const totals = modelTotals(model, convention);
  const rows = groupedRows(model, convention, totals.cost.value ?? 0n, extras.plan);
  const batch = model.inputShape && typeof model.inputShape[0] === 'number' ? model.inputShape[0] : undefined;
  const perSample = batch !== undefined && batch > 1 && totals.cost.value !== undefined && totals.cost.value % BigInt(batch) === 0n
    ? cell(totals.cost.value / BigInt(batch), totals.cost.certainty).text : undefined;
  const knownCost = totals.cost.value ?? 0n;
  const exact = convention === 'exact' && totals.cost.value !== undefined ? describeExact(model.totalCost.exact) : undefined;
  return {
    model: model.name, convention, costLabel: conventionLabel(convention),
    input: inputText(model) ?? 'unknown', inputSource: model.inputSourceDetail ?? SOURCES[model.inputSource],
    output: outputText(model),
    rows,
    totalParams: totals.params.text,
    trainableParams: totals.trainable.text,
    nonTrainableParams: totals.nonTrainable.text,
    totalCost: totals.cost.text, totalCostShort: shortCost(totals.cost),
    paramMemory: totals.paramBytes.text,
    costBreakdown: exact?.includes('=') ? `${totals.cost.certainty === 'lower-bound' ? '≥ ' : ''}${exact}` : undefined,
    diagnostics: model.diagnostics.filter((d) => d.severity === 'error').length,
    incomplete: !!model.incomplete || totals.params.certainty !== 'exact' || totals.cost.certainty !== 'exact',
    caveat: totals.caveat,
    ...(extras.plan ? { memory: memoryFigures(extras.plan), memoryLines: memoryLines(extras.plan, model.trainableParams, model.totalParams) } : {}),
    batch, perSampleCost: perSample,
    byOperator: byOperator(rows.filter((r) => r.kind !== 'container'), knownCost),
    hasFields: rows.some((r) => r.field !== undefined),
  };
}

function shortCost(c: Cell): string {
  return cell(c.value, c.certainty, (n) => withSeparators(n)).text;
}

// ── Markdown and CSV (the panel's copy buttons) ─────────────────────────────────────────────────────────────────
/** What a copy or the CLI table shows: columns (torchinfo's col_names) and how deep the module tree goes. */
export interface ViewOptions {
  readonly columns?: readonly ColumnKey[];
  readonly depth?: number;
}

export const MARKDOWN_COLUMNS: readonly ColumnKey[] = ['input', 'output', 'params', 'macs', 'macs_percent'];

function totalCell(k: ColumnKey, s: SummaryData): string {
  switch (k) {
    case 'input': return s.input;
    case 'output': return s.output;
    case 'params': return `**${s.totalParams}**`;
    case 'macs': return `**${s.totalCost}**`;
    case 'macs_percent': case 'params_percent': return '100%';
    case 'saved': return s.memory ? `**${s.memory.saved}**` : '';
    default: return '';
  }
}

export function summaryMarkdown(s: SummaryData, view: ViewOptions = {}): string {
  const cols = (view.columns ?? MARKDOWN_COLUMNS).map((k) => COLUMNS[k]);
  const head = `| Layer (type) | ${cols.map((c) => c.header(s)).join(' | ')} |\n|---|${cols.map((c) => (c.numeric ? '--:' : '---')).join('|')}|`;
  const indent = (r: SummaryRow) => '&nbsp;&nbsp;'.repeat(r.depth);
  const rows = rowsToDepth(s.rows, view.depth);
  const body = rows.map((r) => (r.kind === 'container' && !(view.depth !== undefined && r.depth === view.depth - 1)
    ? `| ${indent(r)}**${r.name}** (${r.type}) |${' |'.repeat(cols.length)}`
    : `| ${indent(r)}${r.kind === 'container' ? `**${r.name}**` : r.name} (${r.type}) | ${cols.map((c) => c.value(r, s)).join(' | ')} |`));
  const totals = [`| **Total** | ${cols.map((c) => totalCell(c.key, s)).join(' | ')} |`];
  return [`**${s.model}**`, '', head, ...body, ...totals, '',
    `Trainable params: ${s.trainableParams} · Non-trainable: ${s.nonTrainableParams} · Params size (float32): ${s.paramMemory}`,
    ...(s.perSampleCost ? ['', `${s.costLabel} per sample: ${s.perSampleCost} (batch ${s.batch})`] : []),
    ...(s.memoryLines ? ['', '```text', ...s.memoryLines, '```'] : []),
    ...(s.caveat ? ['', `_${s.caveat}_`] : [])].join('\n');
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One line per executed layer; numbers plain, "?" where unknown (never 0 for unknown). Memory and receptive-field
 *  columns follow when the summary has them. */
export function summaryCsv(s: SummaryData): string {
  const extra = [...(s.memory ? ['output_memory', 'saved_memory'] : []), ...(s.hasFields ? ['receptive_field'] : [])];
  const lines = [['layer', 'type', 'kind', 'line', 'input_shape', 'output_shape', 'params', s.convention, 'cost_share', ...extra].join(',')];
  for (const r of s.rows) {
    if (r.kind === 'container') continue;
    const params = r.params === '--' ? '0' : r.params === UNKNOWN ? UNKNOWN : String(r.paramsValue);
    const cost = r.cost === UNKNOWN ? UNKNOWN : String(r.costValue);
    const more = [...(s.memory ? [r.outputMemory ?? '', r.savedMemory ?? ''] : []), ...(s.hasFields ? [r.fieldDetail ?? ''] : [])];
    lines.push([r.name, r.type, r.kind, String(r.line), r.input, r.output, params, cost, cost === UNKNOWN ? UNKNOWN : r.costShare.toFixed(6), ...more]
      .map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

// ── The CLI's table ───────────────────────────────────────────────────────────────────────────────────────────
export interface TableStyle extends ViewOptions {
  readonly color: boolean;
  readonly convention: Convention;
  /** Totals by kind of operator under the table. */
  readonly byOperator?: boolean;
}

const paint = (on: boolean, code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
/** Width of a string as printed (no ANSI codes; ⌊ ⌋ − are one column each). */
export const width = (s: string) => [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;
const tree = (depth: number) => (depth > 0 ? `${'│ '.repeat(depth - 1)}└─` : '');

export const TABLE_COLUMNS: readonly ColumnKey[] = ['output', 'params', 'macs'];

export function summaryTable(m: ModelAnalysis, style: TableStyle, extras: SummaryExtras = {}): string {
  const s = summaryData(m, style.convention, extras);
  const bold = paint(style.color, '1');
  const dim = paint(style.color, '2');
  const red = paint(style.color, '31');
  const yellow = paint(style.color, '33');
  const muted = (t: string) => (t === UNKNOWN || t === '--' ? dim(t) : t);
  const cols = (style.columns ?? [...TABLE_COLUMNS, ...(extras.plan ? ['memory', 'saved'] as const : [])]).map((k) => COLUMNS[k]);
  const shown = rowsToDepth(s.rows, style.depth);
  const folded = (r: SummaryRow) => r.kind === 'container' && style.depth !== undefined && r.depth === style.depth - 1;
  const rows = shown.map((r) => {
    const label = `${tree(r.depth)}${r.kind === 'function' ? r.name : `${r.name} (${r.type})`}`;
    if (r.kind === 'container' && !folded(r)) return [label, ...cols.map(() => ''), ''];
    return [label, ...cols.map((c) => {
      const v = c.value(r, s);
      return c.key === 'output' && v === 'error' ? red('error') : muted(v);
    }), r.kind === 'container' ? '' : r.where ?? String(r.line)];
  });
  const headers = ['Layer (type)', ...cols.map((c) => c.header(s)), 'Line'];
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const rule = (ch: string) => ch.repeat(widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1));
  const left = (i: number) => i === 0 || (i <= cols.length && !cols[i - 1].numeric);
  const line = (cells: string[]) => cells.map((c, i) => (left(i) ? padEnd(c, widths[i]) : padStart(c, widths[i]))).join('   ');
  const input = m.inputShape ? `${inputText(m)} (${m.inputSource === 'inferred' && m.inputSourceDetail ? m.inputSourceDetail : m.inputSource})` : 'unknown';
  const out: string[] = [bold(m.name) + dim(` — line ${m.range.start.line + 1}, input ${input}`), rule('='), bold(line(headers)), rule('=')];
  for (const r of rows) out.push(line(r));
  out.push(rule('='));
  out.push(`Total params: ${s.totalParams}`);
  out.push(`Trainable params: ${s.trainableParams}`);
  out.push(`Non-trainable params: ${s.nonTrainableParams}`);
  out.push(`Total ${s.costLabel}: ${s.totalCost}${s.perSampleCost ? ` (${s.perSampleCost} per sample, batch ${s.batch})` : ''}`);
  // The exact convention is a sum of kinds of operations: show them, as an exam solution would.
  if (s.costBreakdown) out.push(`  = ${s.costBreakdown.replace(/^≥ /, '')}`);
  out.push(rule('-'));
  out.push(`Output shape: ${s.output}`);
  out.push(`Params size (float32): ${s.paramMemory}`);
  if (s.memoryLines) out.push(rule('-'), ...s.memoryLines);
  if (style.byOperator) out.push(rule('-'), ...operatorLines(s));
  // never a silently wrong total: part of the model could not be followed
  if (s.caveat) out.push(yellow(s.caveat));
  out.push(rule('='));
  for (const d of m.diagnostics) out.push(diagnosticLine(d, red, yellow, dim));
  return out.join('\n');
}

/** fvcore's by-operator table: kind, calls, parameters, cost and its share. */
export function operatorLines(s: SummaryData): string[] {
  const rows = s.byOperator.map((o) => [o.operator, String(o.calls), o.params, o.cost, o.cost === UNKNOWN ? UNKNOWN : `${(o.costShare * 100).toFixed(1)}%`]);
  const headers = ['Operator', 'Calls', 'Params', s.costLabel, 'Share'];
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? padEnd(c, widths[i]) : padStart(c, widths[i]))).join('   ');
  return ['By operator:', line(headers), ...rows.map(line)];
}

export function diagnosticLine(d: AnalysisDiagnostic, red: (s: string) => string, yellow: (s: string) => string, dim: (s: string) => string): string {
  const where = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
  const sev = d.severity === 'error' ? red('error') : d.severity === 'warning' ? yellow('warning') : dim('info');
  const fix = d.fix ? dim(` (fix: ${d.fix.title})`) : '';
  return `${where} ${sev} [${d.code}] ${d.message}${fix}`;
}
