// The JSON tab: the check file itself (the format Open/Save and `shapelens check` use), editable. The text being
// edited and its message stay here, not in the store: they are a draft until applied, and applying replaces the check.
import { stringifyCheck } from '../copyFormats';
import type { Controller } from '../controller';
import { h, uid } from '../dom';
import { isCtrlEnter } from './keys';
import { setFieldError } from './tensorField';

export function renderJsonView(panel: HTMLElement, ctl: Controller): () => void {
  const id = uid('gc-json');
  const area = h('textarea', { id, class: 'gc-textarea gc-json', spellcheck: 'false', rows: 24, 'aria-describedby': `${id}-msg`, 'data-field': 'json' });
  area.value = stringifyCheck(ctl.state.page.check);
  const message = h('div', { class: 'gc-error', id: `${id}-msg`, role: 'alert' });
  const apply = () => {
    const problem = ctl.applyJson(area.value);
    if (problem !== undefined) setFieldError(panel, area, message, problem);
  };
  area.addEventListener('keydown', (e) => {
    if (!isCtrlEnter(e)) return;
    e.preventDefault();
    e.stopPropagation(); // the page's Ctrl+Enter would run the check as it was, not as edited here
    apply();
  });
  panel.append(
    h('p', { class: 'gc-hint', text: 'The check file itself (the format Open/Save and `shapelens check` use). Every function of the checker is available here.' }),
    h('label', { for: id, class: 'gc-sr-only', text: 'Check file JSON' }), area, message,
    h('div', { class: 'gc-run-row' }, h('button', { type: 'button', class: 'gc-btn gc-btn-primary', onclick: apply }, 'Apply & run'), h('span', { class: 'gc-kbd', text: 'Ctrl+Enter' })));
  return () => undefined; // nothing in the state shows here once drawn
}
