// The summary page: reads the data the host embedded, renders totals, the per-layer table and a bar chart.
// No framework, no external resources; colours come from the --vscode-* theme variables.
import './summary.css';
import type { SummaryData, SummaryRow } from '../../present/summary';

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

function table(data: SummaryData): HTMLElement {
  const head = el('tr', {}, ...['Layer (type)', 'Input', 'Output', 'Params', data.costLabel, 'Share'].map((h, i) =>
    el('th', { scope: 'col', class: i >= 3 ? 'num' : '' }, h)));
  let first = true;
  const rows = data.rows.map((r) => {
    const indent = { paddingLeft: `${0.5 + r.depth * 1.1}em` };
    if (r.kind === 'container') {
      // A group header (layer1, layer1.0): its layers follow, one step further in.
      return el('tr', { class: 'group' }, styled(el('td', { class: 'layer', colspan: '6' }, el('span', { class: 'name' }, r.name), ' ',
        el('span', { class: 'type' }, `(${r.type})`)), indent));
    }
    const tr = el('tr', { tabindex: first ? '0' : '-1', 'data-line': String(r.line), class: r.error ? 'has-error' : '',
      title: r.error ?? `line ${r.line}` },
    styled(el('td', { class: 'layer' }, el('span', { class: 'name' }, r.name), ' ', el('span', { class: 'type' }, `(${r.type})`)), indent),
    el('td', { class: 'shape' }, r.input),
    el('td', { class: 'shape' }, r.output),
    el('td', { class: r.params === '?' ? 'num unknown' : 'num' }, r.params),
    el('td', { class: r.cost === '?' ? 'num unknown' : 'num' }, r.cost),
    el('td', { class: 'num share' }, r.cost === '?' ? '?' : pct(r.costShare)));
    first = false;
    return tr;
  });
  const total = el('tr', { class: 'total' }, el('th', { scope: 'row' }, 'Total'), el('td', { class: 'shape' }, data.input),
    el('td', { class: 'shape' }, data.output), el('td', { class: 'num' }, data.totalParams), el('td', { class: 'num' }, data.totalCost),
    el('td', { class: 'num' }, '100%'));
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
      vscode.postMessage({ type: 'reveal', line: Number(row.dataset.line) });
    }
  });
  t.addEventListener('dblclick', (e) => {
    const row = (e.target as HTMLElement).closest('tr[data-line]') as HTMLTableRowElement | null;
    if (row) vscode.postMessage({ type: 'reveal', line: Number(row.dataset.line) });
  });
  return t;
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

function render(data: SummaryData): void {
  const app = document.getElementById('app')!;
  const copyMd = el('button', { type: 'button' }, 'Copy as Markdown');
  const copyCsv = el('button', { type: 'button', class: 'secondary' }, 'Copy as CSV');
  copyMd.addEventListener('click', () => vscode.postMessage({ type: 'copy', format: 'markdown' }));
  copyCsv.addEventListener('click', () => vscode.postMessage({ type: 'copy', format: 'csv' }));
  app.replaceChildren(
    el('header', {}, el('h1', {}, data.model),
      el('p', { class: 'io', title: `input ${data.inputSource}` }, `${data.input} → ${data.output}`),
      el('div', { class: 'actions' }, copyMd, copyCsv)),
    el('section', { class: 'cards', 'aria-label': 'Totals' },
      card('Total params', data.totalParams), card('Trainable', data.trainableParams), card('Non-trainable', data.nonTrainableParams),
      card('Params size (float32)', data.paramMemory), card(`Total ${data.costLabel}`, data.totalCost, data.costBreakdown)),
    data.diagnostics ? el('p', { class: 'errors', role: 'alert' }, `${data.diagnostics} shape error${data.diagnostics > 1 ? 's' : ''}: rows marked in red stop the forward pass.`) : '',
    data.caveat ? el('p', { class: 'muted', role: 'note' }, data.caveat) : '',
    table(data),
    el('section', { class: 'charts' },
      chart('Parameters per layer', data.rows, (r) => r.paramsValue, (r) => r.params, (r) => r.paramShare),
      chart(`${data.costLabel} per layer`, data.rows, (r) => r.costValue, (r) => r.cost, (r) => r.costShare)),
  );
}

render(JSON.parse(document.getElementById('summary-data')!.textContent ?? '{}') as SummaryData);
