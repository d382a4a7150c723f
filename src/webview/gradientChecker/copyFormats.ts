// How numbers and tensors are written: on screen, in the text fields, as LaTeX, as Markdown, and as the
// check file's JSON. Pure: no DOM.
import type { CheckFile, CheckReport, NestedValues } from '../../engine/grad/checkFormat';
import { flatten, formatShape, indexOf, shapeOf, squeezeShape, unflatten } from '../../present/gradBuilder/nested';

/** On screen: integers exact, others to 6 significant digits, a real minus sign, tiny values in e-notation. */
export function displayNumber(v: number | null): string {
  if (v === null) return '·';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (Object.is(v, -0)) v = 0;
  let s: string;
  if (Number.isInteger(v) && Math.abs(v) < 1e15) s = String(v);
  else if (v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e9)) s = v.toExponential(2).replace(/\.?0+e/, 'e');
  else s = String(+v.toPrecision(6));
  return s.replace('-', '−');
}

/** A relative error: always e-notation, two digits (1.2e−10); exact agreement is 0. */
export function displayError(v: number | null): string {
  if (v === null) return '·';
  if (v === 0) return '0';
  return v.toExponential(1).replace('-', '−');
}

/** Plain ASCII for text that goes into files and other tools: shortest round-trip decimal. */
export const plainNumber = (v: number | null): string => (v === null ? 'nan' : Object.is(v, -0) ? '0' : String(v));

/** The matrix a tensor is shown as: size-1 axes dropped; a vector is a column, as in y = Ax. */
export function asMatrices(values: NestedValues, shape: number[]): { rows: (number | null)[][]; label: string }[] {
  const squeezed = squeezeShape(shape);
  const flat = flatten<number | null>(values as number);
  if (squeezed.length === 0) return [{ rows: [[flat[0] ?? null]], label: '' }];
  if (squeezed.length === 1) return [{ rows: flat.map((v) => [v]), label: '' }];
  const [r, c] = squeezed.slice(-2);
  const slices = flat.length / (r * c);
  // Slices are labelled with the full index (size-1 axes included), ':' on the two matrix axes.
  const matrixAxes = shape.map((d, i) => (d !== 1 ? i : -1)).filter((i) => i >= 0).slice(-2);
  const out: { rows: (number | null)[][]; label: string }[] = [];
  for (let s = 0; s < slices; s++) {
    const rows: (number | null)[][] = [];
    for (let i = 0; i < r; i++) rows.push(flat.slice(s * r * c + i * c, s * r * c + (i + 1) * c));
    const first = indexOf(s * r * c, shape);
    const label = slices > 1 ? `[${first.map((v, a) => (matrixAxes.includes(a) ? ':' : String(v))).join(', ')}]` : '';
    out.push({ rows, label });
  }
  return out;
}

/** LaTeX: a bmatrix per 2-d slice (a vector as a column); a scalar as a number. */
export function toLatex(values: NestedValues, shape: number[]): string {
  const mats = asMatrices(values, shape);
  if (squeezeShape(shape).length === 0) return plainNumber(mats[0].rows[0][0]);
  const one = (rows: (number | null)[][]) =>
    `\\begin{bmatrix} ${rows.map((row) => row.map(plainNumber).join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
  return mats.map((m) => one(m.rows)).join(',\\;');
}

/** Markdown: a table per 2-d slice with 1-based row/column headers (GitHub needs a header row). */
export function toMarkdownTable(values: NestedValues, shape: number[]): string {
  const mats = asMatrices(values, shape);
  if (squeezeShape(shape).length === 0) return plainNumber(mats[0].rows[0][0]);
  return mats
    .map((m) => {
      const cols = m.rows[0].length;
      const head = `| ${m.label || ''} | ${Array.from({ length: cols }, (_, j) => j + 1).join(' | ')} |`;
      const rule = `|---|${'---:|'.repeat(cols)}`;
      const body = m.rows.map((row, i) => `| **${i + 1}** | ${row.map(plainNumber).join(' | ')} |`);
      return [head, rule, ...body].join('\n');
    })
    .join('\n\n');
}

/** The text a tensor field starts with: rows for ≤ 3 axes after squeezing (columns aligned), nested lists beyond. */
export function toFieldText(values: NestedValues, shape: number[]): string {
  const squeezed = squeezeShape(shape);
  const flat = flatten<number>(values as number);
  if (squeezed.length === 0) return plainNumber(flat[0]);
  if (squeezed.length > 3) return toNestedText(values);
  const cells = flat.map(plainNumber);
  const width = Math.max(...cells.map((c) => c.length));
  const cols = squeezed[squeezed.length - 1];
  const rowsPerBlock = squeezed.length >= 2 ? squeezed[squeezed.length - 2] : 1;
  const lines: string[] = [];
  for (let i = 0; i < cells.length; i += cols) {
    const row = cells.slice(i, i + cols).map((c) => c.padStart(width)).join(' ');
    if (i > 0 && squeezed.length === 3 && (i / cols) % rowsPerBlock === 0) lines.push('');
    lines.push(row);
  }
  return lines.join('\n');
}

/** numpy-style nested lists, the innermost lists on one line each. */
export function toNestedText(values: NestedValues, indent = ''): string {
  if (!Array.isArray(values)) return plainNumber(values);
  if (values.every((v) => !Array.isArray(v))) return `[${values.map((v) => plainNumber(v as number | null)).join(', ')}]`;
  return `[${values.map((v, i) => (i === 0 ? '' : indent + ' ') + toNestedText(v, indent + ' ')).join(',\n')}]`;
}

/** The check file as people like to read it: innermost number lists kept on one line. */
export function stringifyCheck(check: CheckFile): string {
  const placeholders: string[] = [];
  const replacer = (_key: string, value: unknown) => {
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number' || typeof v === 'string' || v === null)) {
      placeholders.push(JSON.stringify(value).replace(/,/g, ', '));
      return `\u0000${placeholders.length - 1}\u0000`;
    }
    return value;
  };
  return JSON.stringify(check, replacer, 2).replace(/"\\u0000(\d+)\\u0000"/g, (_m, i: string) => placeholders[Number(i)]) + '\n';
}

// ---------------------------------------------------------------- whole reports

const verdictWord = (r: CheckReport) => (r.passed ? 'passed' : 'failed');

/** The results as Markdown: loss, verdict, gradients (analytic next to numeric) and the SGD step. */
export function reportToMarkdown(check: CheckFile, report: CheckReport): string {
  const lines: string[] = [];
  lines.push(`### Gradient check${check.title ? `: ${check.title}` : ''}`, '');
  lines.push(`**L = ${plainNumber(report.loss)}** — check ${verdictWord(report)} (${report.verdict}), max relative error ${report.max_rel_error.toExponential(2)}, h = ${report.step}`, '');
  const outputs = check.program.map((s) => s.out);
  for (const name of outputs) {
    const t = report.forward[name];
    if (!t) continue;
    lines.push(`**${name}** ${formatShape(t.shape)}`, '', toMarkdownTable(t.values, t.shape), '');
  }
  for (const [name, g] of Object.entries(report.grads)) {
    lines.push(`**∂L/∂${name}** (analytic)`, '', toMarkdownTable(g.values, g.shape), '');
    const n = report.numeric_grads[name];
    if (n) lines.push(`**∂L/∂${name}** (central differences)`, '', toMarkdownTable(n.values, n.shape), '');
  }
  if (report.sgd) {
    for (const [name, u] of Object.entries(report.sgd.updated)) lines.push(`**${name}′ = ${name} − ${report.sgd.lr}·∂L/∂${name}**`, '', toMarkdownTable(u.values, u.shape), '');
  }
  if (report.warnings.length) lines.push(...report.warnings.map((w) => `> ⚠ ${w}`), '');
  return lines.join('\n');
}

/** The results as a LaTeX align* block. */
export function reportToLatex(check: CheckFile, report: CheckReport): string {
  const rows: string[] = [];
  const tex = (name: string) => name.replace(/_/g, '\\_');
  for (const s of check.program) {
    const t = report.forward[s.out];
    if (t) rows.push(`${tex(s.out)} &= ${toLatex(t.values, t.shape)}`);
  }
  rows.push(`L &= ${plainNumber(report.loss)}`);
  for (const [name, g] of Object.entries(report.grads)) rows.push(`\\frac{\\partial L}{\\partial ${tex(name)}} &= ${toLatex(g.values, g.shape)}`);
  if (report.sgd) {
    for (const [name, u] of Object.entries(report.sgd.updated))
      rows.push(`${tex(name)}' = ${tex(name)} - ${report.sgd.lr}\\,\\frac{\\partial L}{\\partial ${tex(name)}} &= ${toLatex(u.values, u.shape)}`);
  }
  return `\\begin{align*}\n${rows.join(' \\\\\n')}\n\\end{align*}\n`;
}

export { shapeOf, unflatten };
