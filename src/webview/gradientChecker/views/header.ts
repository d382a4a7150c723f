// The header: title, the preset picker, Open / Save / Copy as PyTorch, and the toast that answers them.
import { PRESETS } from '../../../engine/grad/presets';
import type { Controller } from '../controller';
import { h } from '../dom';

export interface Header {
  readonly el: HTMLElement;
  sync(): void;
}

export function header(ctl: Controller): Header {
  const presetSelect = h('select', { id: 'gc-preset', class: 'gc-select', onchange: () => ctl.loadPreset(presetSelect.value) },
    h('option', { value: '', text: PRESETS.length ? '— choose an exercise —' : '(no presets)' }),
    ...PRESETS.map((p) => h('option', { value: p.id, text: p.title })));
  const toast = h('div', { class: 'gc-toast', role: 'status', 'aria-live': 'polite' });
  const button = (id: string, title: string, text: string, onclick: () => void) =>
    h('button', { type: 'button', class: 'gc-btn gc-btn-secondary', id, title, onclick }, text);
  const el = h('header', { class: 'gc-header' },
    h('div', { class: 'gc-brand' },
      h('h1', { class: 'gc-h1' }, 'Gradient Checker'),
      h('span', { class: 'gc-brand-sub', text: 'ShapeLens · analytic vs finite differences, float64' })),
    h('div', { class: 'gc-toolbar', role: 'toolbar', 'aria-label': 'Check file and export' },
      h('label', { for: 'gc-preset', class: 'gc-label-inline' }, 'Preset'), presetSelect,
      h('span', { class: 'gc-sep', 'aria-hidden': 'true' }),
      button('gc-open', 'Open a check file (.json)', 'Open…', () => ctl.open()),
      button('gc-save', 'Save this check as a check file', 'Save…', () => ctl.save()),
      button('gc-copy-pytorch', 'Copy a runnable PyTorch script of this check', 'Copy as PyTorch', () => ctl.copyPytorch())),
    toast);
  return {
    el,
    sync: () => {
      const { page, ui } = ctl.state;
      // The picker names the preset the check came from, and nothing once it came from elsewhere.
      if (presetSelect.value !== page.presetId) presetSelect.value = page.presetId;
      presetSelect.title = PRESETS.find((p) => p.id === page.presetId)?.title ?? '';
      if (ui.toast && toast.textContent !== ui.toast.text) toast.textContent = ui.toast.text;
      toast.className = `gc-toast${ui.toast?.shown ? ` gc-toast-show${ui.toast.error ? ' gc-toast-error' : ''}` : ''}`;
    },
  };
}
