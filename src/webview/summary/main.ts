// The summary page: reads the data the host embedded, renders totals, the per-layer table and a bar chart.
// No framework, no external resources; colours come from the --vscode-* theme variables.
import './summary.css';
import type { PanelData, SummaryData, SummaryRow } from '../../present/summary';
import { COLUMN_KEYS, COLUMNS, rowsToDepth, type ColumnKey } from '../../present/summaryColumns';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const vscode = acquireVsCodeApi();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** The strict CSP drops style="" attributes; styles set through the CSSOM are allowed. */
function styled<T extends HTMLElement>(node: T, style: Partial<CSSStyleDeclaration>): T {
  Object.assign(node.style, style);
  return node;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function card(label: string, value: string, detail?: string): HTMLElement {
  return el('div', { class: 'card', ...(detail ? { title: detail } : {}) }, el('div', { class: 'card-value' }, value), el('div', { class: 'card-label' }, label));
}

/** The reader's view: how deep the module tree goes and which columns show (torchinfo's depth and col_names). */
interface View {
  depth: number | undefined;
  columns: ColumnKey[];
}

function defaultColumns(data: SummaryData): ColumnKey[] {
  return ['input', 'output', 'params', 'macs', 'macs_percent', ...(data.memory ? ['saved'] as const : []),
    ...(data.hasFields ? ['receptive_field'] as const : [])];
}

function table(data: SummaryData, view: View): HTMLElement {
  const cols = view.columns.map((k) => COLUMNS[k]);
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Layer (type)'), ...cols.map((c) =>
    el('th', { scope: 'col', class: c.numeric ? 'num' : '', title: c.title }, c.header(data))));
  let first = true;
  const rows = rowsToDepth(data.rows, view.depth).map((r) => {
    const indent = { paddingLeft: `${0.5 + r.depth * 1.1}em` };
    const folded = view.depth !== undefined && r.depth === view.depth - 1;
    const name = styled(el('td', { class: 'layer' }, el('span', { class: 'name' }, r.name), ' ', el('span', { class: 'type' }, `(${r.type})`)), indent);
    if (r.kind === 'container' && !folded) {
      // A group header (layer1, layer1.0): its layers follow, one step further in.
      name.setAttribute('colspan', String(cols.length + 1));
      return el('tr', { class: 'group' }, name);
    }
    const cells = cols.map((c) => {
      const v = c.value(r, data);
      return el('td', { class: `${c.numeric ? 'num' : 'shape'}${v === '?' ? ' unknown' : ''}`, ...(c.key === 'receptive_field' && r.fieldDetail ? { title: r.fieldDetail } : {}) }, v);
    });
    if (r.kind === 'container') return el('tr', { class: 'group folded', title: 'totals of the layers in this group (raise the depth to see them)' }, name, ...cells);
    // a layer called in another file (an imported block, ShapeLens's copy of torchvision) has no line here to go to
    const tr = el('tr', { tabindex: first ? '0' : '-1', 'data-line': r.where ? '' : String(r.line), class: r.error ? 'has-error' : '',
      title: r.error ?? (r.where ? `in ${r.where}` : `line ${r.line}`) }, name, ...cells);
    first = false;
    return tr;
  });
  const totalOf = (k: ColumnKey): string => ({ input: data.input, output: data.output, params: data.totalParams, macs: data.totalCost,
    macs_percent: '100%', params_percent: '100%', saved: data.memory?.saved ?? '' } as Partial<Record<ColumnKey, string>>)[k] ?? '';
  const total = el('tr', { class: 'total' }, el('th', { scope: 'row' }, 'Total'), ...cols.map((c) => el('td', { class: c.numeric ? 'num' : 'shape' }, totalOf(c.key))));
  const t = el('table', { class: 'layers', 'aria-label': `Layers of ${data.model}` }, el('thead', {}, head), el('tbody', {}, ...rows), el('tfoot', {}, total));
  // Keyboard: arrows move between rows, Enter jumps to the layer's line in the editor.
  t.addEventListener('keydown', (e) => {
    const row = (e.target as HTMLElement).closest('tr[data-line]') as HTMLTableRowElement | null;
    if (!row) return;
    const all = [...t.querySelectorAll<HTMLTableRowElement>('tbody tr[data-line]')];
    const i = all.indexOf(row);
    const next = e.key === 'ArrowDown' ? all[i + 1] : e.key === 'ArrowUp' ? all[i - 1] : e.key === 'Home' ? all[0] : e.key === 'End' ? all[all.length - 1] : undefined;
    if (next) {
      row.tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
      e.preventDefault();
    } else if (e.key === 'Enter') {
      if (row.dataset.line) vscode.postMessage({ type: 'reveal', line: Number(row.dataset.line) });
    }
  });
  t.addEventListener('dblclick', (e) => {
    const row = (e.target as HTMLElement).closest('tr[data-line]') as HTMLTableRowElement | null;
    if (row?.dataset.line) vscode.postMessage({ type: 'reveal', line: Number(row.dataset.line) });
  });
  return t;
}

/** The depth select and a checkbox per column; `changed` re-renders the table. */
function controls(data: SummaryData, view: View, changed: () => void): HTMLElement {
  const deepest = Math.max(0, ...data.rows.map((r) => r.depth)) + 1;
  const depth = el('select', { 'aria-label': 'Depth of the module tree' },
    ...Array.from({ length: deepest }, (_x, i) => el('option', { value: String(i + 1) }, String(i + 1))), el('option', { value: 'all' }, 'all'));
  depth.value = view.depth === undefined || view.depth >= deepest ? 'all' : String(view.depth);
  depth.addEventListener('change', () => {
    view.depth = depth.value === 'all' ? undefined : Number(depth.value);
    changed();
  });
  const boxes = COLUMN_KEYS.filter((k) => (k !== 'memory' && k !== 'saved') || data.memory).filter((k) => k !== 'receptive_field' || data.hasFields)
    .map((k) => {
      const box = el('input', { type: 'checkbox', id: `col-${k}` });
      box.checked = view.columns.includes(k);
      box.addEventListener('change', () => {
        view.columns = COLUMN_KEYS.filter((c) => (c === k ? box.checked : view.columns.includes(c)));
        changed();
      });
      return el('label', { for: `col-${k}`, title: COLUMNS[k].title }, box, COLUMNS[k].header(data));
    });
  return el('div', { class: 'controls' }, el('label', {}, 'Depth ', depth), el('span', { class: 'columns', role: 'group', 'aria-label': 'Columns' }, ...boxes));
}

function memoryCards(data: SummaryData): HTMLElement | string {
  const m = data.memory;
  if (!m) return '';
  return el('section', { class: 'cards memory', 'aria-label': `Memory (${m.setting})` },
    card('Training memory', m.training, `${m.setting}: parameters ${m.params} + gradients and optimizer state ${m.optimizerState} + saved for backward ${m.saved}`),
    card('Saved for backward', m.saved, 'the tensors autograd keeps from the forward pass, each storage once'),
    card('Inference peak', m.inference, 'the most activation memory alive at once in a forward pass without gradients'),
    ...(m.perSample ? [card('Per sample', m.perSample.split(' per sample')[0], m.perSample)] : []),
    ...(m.fit ? [card('Fits', m.fit.replace(/^.*the largest batch that fits is /, 'batch ≤ '), m.fit)] : []));
}

function operators(data: SummaryData): HTMLElement {
  const head = el('tr', {}, ...['Operator', 'Calls', 'Params', data.costLabel, 'Share'].map((h, i) => el('th', { scope: 'col', class: i ? 'num' : '' }, h)));
  const rows = data.byOperator.map((o) => el('tr', {}, el('td', {}, o.operator), el('td', { class: 'num' }, String(o.calls)),
    el('td', { class: 'num' }, o.params), el('td', { class: 'num' }, o.cost), el('td', { class: 'num' }, o.cost === '?' ? '?' : pct(o.costShare))));
  return el('details', { class: 'operators' }, el('summary', {}, 'By operator'),
    el('table', { class: 'layers', 'aria-label': 'Totals by operator' }, el('thead', {}, head), el('tbody', {}, ...rows)));
}

function chart(title: string, rows: readonly SummaryRow[], value: (r: SummaryRow) => number, text: (r: SummaryRow) => string, share: (r: SummaryRow) => number): HTMLElement {
  const shown = rows.filter((r) => r.kind !== 'container' && value(r) > 0);
  const max = Math.max(1, ...shown.map(value));
  const bars = shown.map((r) => el('li', { class: 'bar-row', 'aria-label': `${r.name}: ${text(r)} (${pct(share(r))})` },
    el('span', { class: 'bar-name', 'aria-hidden': 'true' }, r.name),
    el('span', { class: 'bar-track', 'aria-hidden': 'true' }, styled(el('span', { class: 'bar' }), { width: `${(100 * value(r)) / max}%` })),
    el('span', { class: 'bar-value', 'aria-hidden': 'true' }, `${text(r)} · ${pct(share(r))}`)));
  return el('figure', { class: 'chart' }, el('figcaption', {}, title),
    shown.length ? el('ul', { role: 'list' }, ...bars) : el('p', { class: 'muted' }, 'No layer has any.'));
}

function render(data: PanelData): void {
  const app = document.getElementById('app')!;
  const view: View = { depth: data.initialDepth, columns: defaultColumns(data) };
  const copy = (format: string, label: string, cls = '') => {
    const b = el('button', { type: 'button', class: cls }, label);
    b.addEventListener('click', () => vscode.postMessage({ type: 'copy', format, view }));
    return b;
  };
  const holder = el('div', { class: 'table-holder' }, table(data, view));
  const batch = data.perSampleCost ? ` (${data.perSampleCost} per sample, batch ${data.batch})` : '';
  app.replaceChildren(
    el('header', {}, el('h1', {}, data.model),
      el('p', { class: 'io', title: `input ${data.inputSource}` }, `${data.input} → ${data.output}`),
      el('div', { class: 'actions' }, copy('markdown', 'Copy as Markdown'), copy('csv', 'Copy as CSV', 'secondary'),
        copy('torchinfo', 'Copy as torchinfo-style text', 'secondary'))),
    el('section', { class: 'cards', 'aria-label': 'Totals' },
      card('Total params', data.totalParams), card('Trainable', data.trainableParams), card('Non-trainable', data.nonTrainableParams),
      card('Params size (float32)', data.paramMemory), card(`Total ${data.costLabel}`, data.totalCost + batch, data.costBreakdown)),
    memoryCards(data),
    data.memory?.caveat ? el('p', { class: 'muted', role: 'note' }, data.memory.caveat) : '',
    data.diagnostics ? el('p', { class: 'errors', role: 'alert' }, `${data.diagnostics} shape error${data.diagnostics > 1 ? 's' : ''}: rows marked in red stop the forward pass.`) : '',
    data.caveat ? el('p', { class: 'muted', role: 'note' }, data.caveat) : '',
    controls(data, view, () => {
      holder.replaceChildren(table(data, view));
      reportShown(data, holder);
    }),
    holder,
    operators(data),
    el('section', { class: 'charts' },
      chart('Parameters per layer', data.rows, (r) => r.paramsValue, (r) => r.params, (r) => r.paramShare),
      chart(`${data.costLabel} per layer`, data.rows, (r) => r.costValue, (r) => r.cost, (r) => r.costShare)),
  );
  fitColumns(data, view, holder);
  reportShown(data, holder);
}

/** Default columns given up, in this order, while the table is wider than the panel: the first repeats the row above. */
const OPTIONAL: readonly ColumnKey[] = ['input', 'macs_percent', 'receptive_field', 'saved'];

/**
 * The first view fits the panel (half of a 1280-px window when opened beside the code): default columns a reader can
 * tick back are left out rather than pushed out of view. A column ticked later may make the table scroll sideways.
 */
function fitColumns(data: SummaryData, view: View, holder: HTMLElement): void {
  if (holder.clientWidth === 0) return; // not laid out (a hidden panel): nothing to measure
  for (const key of OPTIONAL) {
    if (holder.scrollWidth <= holder.clientWidth) break;
    if (!view.columns.includes(key)) continue;
    view.columns = view.columns.filter((c) => c !== key);
    holder.replaceChildren(table(data, view));
    const box = document.getElementById(`col-${key}`) as HTMLInputElement | null;
    if (box) box.checked = false;
  }
}

/** Tells the extension what the page shows (it cannot see the page): the end-to-end tests check it in both hosts. */
function reportShown(data: SummaryData, holder: HTMLElement): void {
  vscode.postMessage({ type: 'shown', model: data.model, rows: holder.querySelectorAll('tbody tr').length,
    columns: [...holder.querySelectorAll('thead th')].map((th) => th.textContent ?? '') });
}

render(JSON.parse(document.getElementById('summary-data')!.textContent ?? '{}') as PanelData);
