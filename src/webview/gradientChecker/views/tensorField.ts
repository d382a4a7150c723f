// One tensor field of the Check tab: label, shape/format chip, textarea, inline message. The textarea is the
// source of its own text (the store gets every keystroke, but never writes the text back, so the caret stays);
// the chip and the message are drawn from the state on every sync.
import type { CheckFile } from '../../../engine/grad/checkFormat';
import { isOptional, likeOf, readField } from '../checkFields';
import type { Controller } from '../controller';
import { h, uid } from '../dom';

export interface TensorField {
  readonly el: HTMLElement;
  sync(): void;
}

export function tensorField(ctl: Controller, key: string, label: string, extra: HTMLElement | null): TensorField {
  const id = uid('gc-field');
  const msgId = `${id}-msg`;
  const text = ctl.state.page.fields[key] ?? '';
  const input = h('textarea', {
    id, class: 'gc-textarea', spellcheck: 'false', autocomplete: 'off', 'data-field': key, 'aria-describedby': msgId,
    rows: Math.min(8, Math.max(1, text.split('\n').length)), placeholder: isOptional(key) ? 'leave empty to skip' : '',
  });
  input.value = text;
  const chip = h('span', { class: 'gc-chip', 'aria-hidden': 'true' });
  const message = h('div', { class: 'gc-error', id: msgId, role: 'alert' });
  const el = h('div', { class: 'gc-field', 'data-key': key },
    h('div', { class: 'gc-field-head' }, h('label', { for: id, class: 'gc-field-label' }, h('code', { text: label })), chip, extra),
    input, message);
  input.addEventListener('input', () => {
    input.rows = Math.min(12, Math.max(1, input.value.split('\n').length));
    ctl.editField(key, input.value);
  });
  input.addEventListener('blur', () => ctl.checkField(key));
  const chipText = chipReader(key);
  return {
    el,
    sync: () => {
      const { page, ui } = ctl.state;
      chip.textContent = chipText(page.check, page.fields[key] ?? '');
      setFieldError(el, input, message, ui.fieldErrors[key] ?? '');
    },
  };
}

/** The chip for a field's text, re-read only when the text or its reference shape changed (a sync runs on every change). */
function chipReader(key: string): (check: CheckFile, text: string) => string {
  let last: { text: string; like: string; chip: string } | undefined;
  return (check, text) => {
    const like = likeOf(check, key).join(',');
    if (last?.text !== text || last.like !== like) last = { text, like, chip: readField(check, key, text).chip };
    return last.chip;
  };
}

/** Shows (or clears, for '') a message at a field: the text, the red border, aria-invalid. */
export function setFieldError(wrap: Element, input: HTMLElement, message: HTMLElement, text: string): void {
  if (message.textContent !== text) message.textContent = text;
  wrap.classList.toggle('gc-field-invalid', text !== '');
  input.classList.toggle('gc-invalid', text !== '');
  input.setAttribute('aria-invalid', String(text !== ''));
}
