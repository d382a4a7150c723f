// "Show working": the sum behind one forward value, or the chain-rule sum behind one gradient element, in a panel
// that sticks to the bottom of the results.
import { explainForwardElement, explainGradElement } from '../../../engine/grad/index';
import type { Controller } from '../controller';
import { h } from '../dom';
import { indexOf } from '../../../present/gradBuilder/nested';
import type { Selection } from '../store';

export function workingPanel(ctl: Controller): HTMLElement {
  const panel = h('section', { class: 'gc-working', id: 'gc-working', 'aria-labelledby': 'gc-working-title', 'aria-live': 'polite' });
  const head = h('div', { class: 'gc-working-head' }, h('h2', { class: 'gc-h2', id: 'gc-working-title', text: 'Working' }));
  panel.append(head);
  const { selected: sel, result } = ctl.state.page;
  if (!sel || !result) {
    panel.append(h('p', { class: 'gc-hint', text: 'Click any forward value to see its sum, or any analytic gradient element to see its chain-rule sum.' }));
    return panel;
  }
  const { check, report } = result;
  const shape = sel.kind === 'forward' ? report.forward[sel.name]?.shape : report.grads[sel.name]?.shape;
  if (!shape) return panel;
  const index = indexOf(sel.flat, shape);
  let text: string;
  try {
    text = sel.kind === 'forward' ? explainForwardElement(check, sel.name, index) : explainGradElement(check, sel.name, index);
  } catch (e) {
    text = `No working for this element: ${e instanceof Error ? e.message : String(e)}`;
  }
  head.append(h('span', { class: 'gc-working-what', text: `${sel.kind === 'forward' ? sel.name : `∂L/∂${sel.name}`}[${index.join(', ')}]` }),
    h('button', { type: 'button', class: 'gc-link', onclick: () => ctl.copy(text, 'the working') }, 'Copy'),
    h('button', { type: 'button', class: 'gc-link', 'aria-label': 'Close the working', onclick: () => ctl.select(undefined) }, 'Close'));
  panel.append(h('pre', { class: 'gc-working-text', 'data-testid': 'working', text }));
  return panel;
}

/** Shows an element's working; keyboard focus stays on the same cell of the redrawn results. */
export function showWorking(ctl: Controller, selected: Selection): void {
  ctl.select(selected);
  const fig = document.querySelector(`.gc-right [data-testid="${selected.kind}-${cssEscape(selected.name)}"]`);
  fig?.querySelector<HTMLButtonElement>(`td[data-flat="${selected.flat}"] button`)?.focus();
}

const cssEscape = (s: string): string => (typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, '\\$&'));
