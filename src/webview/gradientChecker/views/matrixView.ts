// A tensor drawn as a bracketed matrix (a vector as a column, more axes as a row of 2-d slices), each cell a
// button that asks for its working; optional heatmap of per-element relative errors with band colours.
import type { NestedValues, Verdict } from '../../../engine/grad/checkFormat';
import { asMatrices, displayError, displayNumber } from '../copyFormats';
import { h } from '../dom';
import { indexOf, squeezeShape } from '../../../present/gradBuilder/nested';

export interface MatrixViewOptions {
  /** Tensor name for labels: "y", "∂L/∂A". */
  name: string;
  values: NestedValues;
  shape: number[];
  /** Small heading over the matrix. */
  caption: string;
  /** A second line under the caption (shape, "analytic", …). */
  note?: string;
  /** Called with the element's flat (row-major) index: the selection the page keeps. */
  onCell?: (flat: number) => void;
  cellHint?: string;
  /** Values are relative errors: shown in e-notation and coloured by band. */
  errors?: boolean;
  /** Per element band (flat, row-major), colours cells. */
  bands?: (Verdict | null)[];
  /** Error cells that are round-off around an exact 0 (shown as ≈0, explained in the tooltip). */
  roundOff?: Set<number>;
  /** Flat indices to outline (e.g. a hand result that disagrees). */
  marked?: Set<number>;
  selected?: number;
  onCopy?: (format: 'latex' | 'markdown') => void;
  emphasis?: boolean;
  testId?: string;
}

const MAX_ROWS = 12;
const MAX_COLS = 12;
const MAX_SLICES = 6;

/** Rows/columns shown when a dimension is elided: the first few and the last. */
function visible(n: number, max: number): (number | 'gap')[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: max - 2 }, (_, i) => i);
  return [...head, 'gap', n - 1];
}

export function matrixView(o: MatrixViewOptions): HTMLElement {
  const squeezed = squeezeShape(o.shape);
  const mats = asMatrices(o.values, o.shape);
  const figure = h('figure', { class: `gc-mat${o.emphasis ? ' gc-mat-emph' : ''}${o.errors ? ' gc-mat-errors' : ''}`, 'data-name': o.name, 'data-testid': o.testId });
  const cap = h('figcaption', { class: 'gc-mat-caption' }, h('span', { class: 'gc-mat-title', text: o.caption }));
  if (o.note) cap.append(h('span', { class: 'gc-mat-note', text: o.note }));
  if (o.onCopy) {
    const copy = o.onCopy;
    cap.append(h('span', { class: 'gc-mat-copy' },
      h('button', { class: 'gc-link', type: 'button', title: `Copy ${o.name} as a LaTeX bmatrix`, 'aria-label': `Copy ${o.name} as LaTeX`, onclick: () => copy('latex') }, 'TeX'),
      h('button', { class: 'gc-link', type: 'button', title: `Copy ${o.name} as a Markdown table`, 'aria-label': `Copy ${o.name} as Markdown`, onclick: () => copy('markdown') }, 'MD')));
  }
  figure.append(cap);

  const slices = h('div', { class: 'gc-slices' });
  const r = squeezed.length >= 2 ? squeezed[squeezed.length - 2] : squeezed.length === 1 ? squeezed[0] : 1;
  const c = squeezed.length >= 2 ? squeezed[squeezed.length - 1] : 1;
  mats.slice(0, MAX_SLICES).forEach((m, s) => {
    const table = h('table', { class: 'gc-grid', 'aria-label': `${o.name}${m.label ? ' ' + m.label : ''}, ${squeezed.length ? squeezed.join(' by ') : 'scalar'}` });
    const tbody = h('tbody');
    for (const i of visible(r, MAX_ROWS)) {
      const tr = h('tr');
      for (const j of visible(c, MAX_COLS)) {
        if (i === 'gap' || j === 'gap') {
          tr.append(h('td', { class: 'gc-gap', 'aria-hidden': 'true', text: i === 'gap' && j === 'gap' ? '⋱' : i === 'gap' ? '⋮' : '⋯' }));
          continue;
        }
        const flat = s * r * c + i * c + j;
        const v = m.rows[i][j];
        const noise = o.roundOff?.has(flat) ?? false;
        const text = noise ? '≈0' : o.errors ? displayError(v) : displayNumber(v);
        const index = indexOf(flat, o.shape);
        const where = squeezed.length === 0 ? '' : squeezed.length === 1 ? ` element ${i + 1}` : ` row ${i + 1}, column ${j + 1}`;
        const band = o.bands?.[flat] ?? null;
        const cls = ['gc-cell', band ? `gc-band-${band}` : o.bands ? 'gc-band-none' : '', o.marked?.has(flat) ? 'gc-marked' : '', o.selected === flat ? 'gc-selected' : '']
          .filter(Boolean).join(' ');
        const full = v === null ? 'not checked' : noise ? `${v}: the analytic value is 0 and the difference quotient is round-off, so they agree` : String(v);
        const td = h('td', { class: cls, 'data-flat': flat });
        if (o.onCell) {
          const onCell = o.onCell;
          td.append(h('button', {
            type: 'button', class: 'gc-cell-btn', text,
            title: `${o.name}[${index.join(', ')}] = ${full}${o.cellHint ? ` — ${o.cellHint}` : ''}`,
            'aria-label': `${o.name}${m.label ? ' ' + m.label : ''}${where} = ${text}${band ? `, ${band}` : ''}${o.cellHint ? `. ${o.cellHint}` : ''}`,
            'aria-pressed': o.selected === flat ? 'true' : 'false',
            onclick: () => onCell(flat),
          }));
        } else {
          td.textContent = text;
          td.title = `${o.name}[${index.join(', ')}] = ${full}${band ? ` (${band})` : ''}`;
        }
        tr.append(td);
      }
      tbody.append(tr);
    }
    table.append(tbody);
    const wrap = h('div', { class: 'gc-slice' });
    if (m.label) wrap.append(h('div', { class: 'gc-slice-label', text: m.label }));
    wrap.append(h('div', { class: squeezed.length === 0 ? 'gc-scalar' : 'gc-bracket' }, table));
    slices.append(wrap);
  });
  if (mats.length > MAX_SLICES) slices.append(h('div', { class: 'gc-more', text: `+ ${mats.length - MAX_SLICES} more slices` }));
  figure.append(slices);
  if (r > MAX_ROWS || c > MAX_COLS) figure.append(h('div', { class: 'gc-more', text: `showing ${Math.min(r, MAX_ROWS - 1)} of ${r} rows, ${Math.min(c, MAX_COLS - 1)} of ${c} columns (the copy has all)` }));
  return figure;
}
