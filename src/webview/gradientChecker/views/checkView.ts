// The Check tab: where the check came from, the program as PyTorch reads it, one field per tensor (with an optional
// hand-derived gradient), the SGD and finite-difference settings, Run. Drawn from the state; the messages (fields,
// settings, the engine's) and the Cancel button are synced in place.
import type { CheckFile } from '../../../engine/grad/checkFormat';
import type { Controller } from '../controller';
import { stepText } from '../display';
import { h, uid } from '../dom';
import { enterRuns } from './keys';
import { tensorField, type TensorField } from './tensorField';

export function renderCheckView(panel: HTMLElement, ctl: Controller): () => void {
  const check = ctl.state.page.check;
  const fields: TensorField[] = [];
  const program = programBlock(check);
  const settings = settingsBlock(ctl);
  panel.append(sourceBlock(ctl), program.el, tensorsBlock(ctl, check, fields), settings.el);
  return () => {
    for (const f of fields) f.sync();
    program.sync(ctl.state.ui.programError);
    settings.sync();
  };
}

function sourceBlock(ctl: Controller): HTMLElement {
  const { source, sourceTitle, sourceDesc, notes } = ctl.state.page;
  return h('div', { class: 'gc-source' },
    h('span', { class: 'gc-source-kind', text: source }),
    sourceTitle ? h('h2', { class: 'gc-check-title', text: sourceTitle }) : null,
    sourceDesc ? h('p', { class: 'gc-desc', text: sourceDesc }) : null,
    ...notes.map((n) => h('p', { class: 'gc-note', text: n })));
}

/** The program, as PyTorch would read it, with the engine's message under it (and its step marked). */
function programBlock(check: CheckFile): { el: HTMLElement; sync(error: { message: string; step?: number } | undefined): void } {
  const list = h('ol', { class: 'gc-program', 'aria-label': 'Program' });
  for (const step of check.program) list.append(h('li', {}, h('code', { text: stepText(step, check) })));
  const objective = check.objective.type === 'upstream'
    ? `L = Σ ${check.objective.name} · upstream   (dL/d${check.objective.name} given)`
    : `objective: ${check.objective.name}`;
  const error = h('div', { class: 'gc-error', role: 'alert', id: 'gc-program-error' });
  const el = h('div', { class: 'gc-block' },
    h('h3', { class: 'gc-h3', text: 'Program' }), list,
    h('p', { class: 'gc-objective' }, h('code', { text: objective })), error);
  return {
    el,
    sync: (e) => {
      const text = e?.message ?? '';
      if (error.textContent !== text) error.textContent = text;
      list.querySelectorAll('li').forEach((li, i) => li.classList.toggle('gc-step-bad', e?.step === i + 1));
    },
  };
}

function tensorsBlock(ctl: Controller, check: CheckFile, fields: TensorField[]): HTMLElement {
  const block = h('div', { class: 'gc-block' }, h('h3', { class: 'gc-h3', text: 'Tensors' }),
    h('p', { class: 'gc-hint', text: 'Type [[1, 2], [3, 4]], a LaTeX bmatrix, or rows of numbers (a blank line starts the next channel). Ctrl+Enter runs.' }));
  const add = (f: TensorField): HTMLElement => {
    fields.push(f);
    return f.el;
  };
  for (const [name, input] of Object.entries(check.inputs)) {
    const grad = !!input.requires_grad;
    const toggle = h('label', { class: 'gc-check' },
      h('input', { type: 'checkbox', checked: grad, 'data-input': name, onchange: (e) => ctl.setRequiresGrad(name, (e.target as HTMLInputElement).checked) }),
      ' requires grad');
    block.append(add(tensorField(ctl, `in:${name}`, name, toggle)));
    if (grad) {
      const key = `hand:${name}`;
      // Open when something is typed in it, so a restored page shows the comparison's input.
      block.append(h('details', { class: 'gc-hand', open: !!ctl.state.page.fields[key] },
        h('summary', { text: `My hand-derived ∂L/∂${name} (optional)` }),
        add(tensorField(ctl, key, `∂L/∂${name} (yours)`, null))));
    }
  }
  if (check.objective.type === 'upstream' && check.upstream) {
    block.append(add(tensorField(ctl, 'up', `upstream dL/d${check.upstream.of}`, null)));
  }
  return block;
}

/** The learning rate, the step h, Run/Cancel, and the settings' message. */
function settingsBlock(ctl: Controller): { el: HTMLElement; sync(): void } {
  const { lr, step } = ctl.state.page;
  const lrInput = settingInput(ctl, 'lr', lr, 'none');
  const stepInput = settingInput(ctl, 'step', step, '1e-6');
  const cancel = h('button', { type: 'button', class: 'gc-btn gc-btn-secondary', id: 'gc-cancel', hidden: true, onclick: () => ctl.cancel() }, 'Cancel');
  const message = h('div', { class: 'gc-error', role: 'alert', id: 'gc-settings-error' });
  const el = h('div', { class: 'gc-block gc-settings' },
    h('div', { class: 'gc-setting' }, h('label', { for: lrInput.id, text: 'SGD learning rate' }), lrInput),
    h('div', { class: 'gc-setting' }, h('label', { for: stepInput.id, text: 'Finite-difference step h' }), stepInput),
    h('div', { class: 'gc-run-row' },
      h('button', { type: 'button', class: 'gc-btn gc-btn-primary', id: 'gc-run', onclick: () => void ctl.run() }, 'Run check'),
      cancel, h('span', { class: 'gc-kbd', text: 'Ctrl+Enter' })),
    message);
  return {
    el,
    sync: () => {
      const { settings, cancelShown } = ctl.state.ui;
      const text = settings?.message ?? '';
      if (message.textContent !== text) message.textContent = text;
      markSetting(lrInput, settings && { bad: settings.lr, marked: settings.marked });
      markSetting(stepInput, settings && { bad: settings.step, marked: settings.marked });
      cancel.hidden = !cancelShown;
    },
  };
}

function settingInput(ctl: Controller, which: 'lr' | 'step', value: string, placeholder: string): HTMLInputElement {
  return h('input', {
    id: uid(`gc-${which}`), class: 'gc-input gc-num', type: 'text', inputmode: 'decimal', value, placeholder, 'data-field': which,
    oninput: (e) => ctl.setSetting(which, (e.target as HTMLInputElement).value), onkeydown: enterRuns(() => void ctl.run()),
  });
}

/** aria-invalid once the settings have been read; the red border only when a run or save has shown the message. */
function markSetting(input: HTMLInputElement, state: { bad: boolean; marked: boolean } | undefined): void {
  input.classList.toggle('gc-invalid', !!state && state.bad && state.marked);
  if (state) input.setAttribute('aria-invalid', String(state.bad));
  else input.removeAttribute('aria-invalid');
}
