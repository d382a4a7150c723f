// `shapelens summary`: a torchinfo-like table per model — layer (type) indented by attribute path, output shape,
// parameters, cost in the chosen convention — then the totals and the parameter memory (float32).
import { conventionLabel, describeExact, formatBytes, formatShape, inConvention, withSeparators, type Convention } from '../engine';
import type { AnalysisDiagnostic, FileAnalysis, ModelAnalysis } from '../analysis';

export interface TableStyle {
  readonly color: boolean;
  readonly convention: Convention;
}

const paint = (on: boolean, code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** Width of a string as printed (no ANSI codes; ⌊ ⌋ − are one column each). */
const width = (s: string) => [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;


export function summaryTable(m: ModelAnalysis, style: TableStyle): string {
  const bold = paint(style.color, '1');
  const dim = paint(style.color, '2');
  const red = paint(style.color, '31');
  const yellow = paint(style.color, '33');
  const label = conventionLabel(style.convention);
  const rows: string[][] = [];
  const containerType = new Map((m.containers ?? []).map((c) => [c.path, c.type]));
  const tree = (depth: number) => (depth > 0 ? `${'│ '.repeat(depth - 1)}└─` : '');
  let open: string[] = []; // the container path of the previous module row
  for (const r of m.layers) {
    // Nesting by attribute path (layer1 → layer1.0 → layer1.0.conv1): a container gets a row when first entered;
    // functional ops sit at the depth of the module path they run in.
    const parts = r.kind === 'module' ? r.name.split('.') : [];
    const parents = parts.slice(0, -1);
    if (r.kind === 'module') {
      let same = 0;
      while (same < parents.length && same < open.length && parents[same] === open[same]) same++;
      for (let d = same; d < parents.length; d++) {
        const path = parents.slice(0, d + 1).join('.');
        rows.push([`${tree(d)}${parents[d]} (${containerType.get(path) ?? 'Module'})`, '', '', '', '']);
      }
      open = parents;
    }
    const depth = r.kind === 'module' ? parents.length : r.scope ? r.scope.split('.').length : 0;
    const name = r.kind === 'module' ? `${parts[parts.length - 1]} (${r.type})` : `${r.name}`;
    const failed = r.outcome?.status === 'error';
    const shape = r.outputShape ? formatShape(r.outputShape) : failed ? red('error') : dim('?');
    const params = r.kind === 'function' && r.params === 0n ? dim('--') : r.params === 0n && r.type !== 'Sequential' && r.paramTensors.length === 0 && r.kind === 'module' ? dim('--') : withSeparators(r.params);
    const cost = r.cost ? withSeparators(inConvention(r.cost, style.convention)) : dim('?');
    const prefix = tree(depth);
    rows.push([`${prefix}${name}`, shape, params, cost, String(r.callRange.start.line + 1)]);
  }
  const headers = ['Layer (type)', 'Output Shape', 'Param #', label, 'Line'];
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const rule = (ch: string) => ch.repeat(widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 1 ? padEnd(c, widths[i]) : padStart(c, widths[i]))).join('   ');
  const out: string[] = [];
  const input = m.inputShape ? `${formatShape(m.inputShape)} (${m.inputSource})` : 'unknown';
  out.push(bold(`${m.name}`) + dim(` — line ${m.range.start.line + 1}, input ${input}`));
  out.push(rule('='));
  out.push(bold(line(headers)));
  out.push(rule('='));
  for (const r of rows) out.push(line(r));
  out.push(rule('='));
  const frozen = m.totalParams - m.trainableParams;
  out.push(`Total params: ${withSeparators(m.totalParams)}`);
  out.push(`Trainable params: ${withSeparators(m.trainableParams)}`);
  out.push(`Non-trainable params: ${withSeparators(frozen)}`);
  out.push(`Total ${label}: ${withSeparators(inConvention(m.totalCost, style.convention))}`);
  // The exact convention is a sum of kinds of operations: show them, as an exam solution would.
  if (style.convention === 'exact' && m.totalCost.exact) out.push(`  = ${describeExact(m.totalCost.exact)}`);
  out.push(rule('-'));
  out.push(`Output shape: ${m.outputShape ? formatShape(m.outputShape) : 'unknown'}`);
  out.push(`Params size (float32): ${formatBytes(m.totalParams * 4n)}`);
  // never a silently wrong total: part of the model could not be followed
  if (m.incomplete) out.push(yellow('Totals are incomplete (at least the numbers above): part of the model could not be followed, see below'));
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

export function summaryText(file: string, analysis: FileAnalysis, models: readonly ModelAnalysis[], style: TableStyle): string {
  const red = paint(style.color, '31');
  const yellow = paint(style.color, '33');
  const dim = paint(style.color, '2');
  const parts: string[] = [];
  for (const d of analysis.diagnostics) parts.push(`${file}:${diagnosticLine(d, red, yellow, dim)}`);
  if (models.length === 0) parts.push(`${file}: no PyTorch model found (an nn.Module class, an nn.Sequential, or a function returning one)`);
  for (const m of models) parts.push(summaryTable(m, style));
  return parts.join('\n\n') + '\n';
}
