// The Builder tab: the input shape, a stack of layers as in nn.Sequential, the loss and the SGD settings. Drawn from
// the chain in the state; an edit that changes the layer list redraws the tab, any other is validated in place on
// sync: every layer's output shape, and a mistake at the layer and field it comes from.
import { buildChain } from '../../../present/gradBuilder/buildChain';
import {
  BuilderError, defaultLayer, fieldsOf, GROUPS, KIND_SPECS, LOSS_KINDS, type ChainSpec, type FieldSpec, type LayerKind, type LayerSpec, type LossKind,
} from '../../../present/gradBuilder/spec';
import type { Controller } from '../controller';
import { h, uid } from '../dom';
import { countOf, formatShape, shapeOf } from '../../../present/gradBuilder/nested';
import { enterRuns } from './keys';

/** Where validation writes: each layer's shape and message, the input's and the loss's message, the preview. */
interface Outputs {
  panel: HTMLElement;
  layerShapes: HTMLElement[];
  layerErrors: HTMLElement[];
  inputError: HTMLElement;
  lossError: HTMLElement;
  preview: HTMLElement;
}

const errorBox = (): HTMLElement => h('div', { class: 'gc-error', role: 'alert' });
const inputValue = (e: Event): string => (e.target as HTMLInputElement | HTMLSelectElement).value;
const checkedOf = (e: Event): boolean => (e.target as HTMLInputElement).checked;

export function renderBuilderView(panel: HTMLElement, ctl: Controller): () => void {
  const chain = ctl.state.page.chain;
  const preview = h('div', { class: 'gc-b-preview', role: 'status', 'aria-live': 'polite' });
  const out: Outputs = { panel, layerShapes: [], layerErrors: [], inputError: errorBox(), lossError: errorBox(), preview };
  panel.append(
    h('p', { class: 'gc-hint', text: 'Stack layers as in nn.Sequential; the builder writes the check program with small random integers for the input, the weights and the target.' }),
    inputBlock(ctl, chain, out),
    layersBlock(ctl, chain, out),
    settingsBlock(ctl, chain, out));
  return () => validate(ctl.state.page.chain, out);
}

function inputBlock(ctl: Controller, chain: ChainSpec, out: Outputs): HTMLElement {
  const id = uid('gc-b-shape');
  return h('div', { class: 'gc-block' },
    h('div', { class: 'gc-setting' }, h('label', { for: id, text: 'Input shape x' }),
      h('input', { id, class: 'gc-input', type: 'text', value: chain.inputShape, 'data-param': 'inputShape',
        oninput: (e) => ctl.editChain((c) => { c.inputShape = inputValue(e); }), onkeydown: enterRuns(() => ctl.buildAndRun()) }),
      h('label', { class: 'gc-check' },
        h('input', { type: 'checkbox', checked: chain.inputGrad, onchange: (e) => ctl.editChain((c) => { c.inputGrad = checkedOf(e); }) }), ' check ∂L/∂x too')),
    out.inputError);
}

function layersBlock(ctl: Controller, chain: ChainSpec, out: Outputs): HTMLElement {
  const list = h('ol', { class: 'gc-layers', 'aria-label': 'Layers' });
  chain.layers.forEach((layer, i) => list.append(layerItem(ctl, chain, layer, i, out)));
  const addSelect = kindSelect({ class: 'gc-select', 'aria-label': 'Layer to add' }, 'ReLU');
  const add = () => ctl.editChain((c) => { c.layers.push(defaultLayer(addSelect.value as LayerKind)); }, true);
  return h('div', { class: 'gc-block' }, h('h3', { class: 'gc-h3', text: 'Layers' }), list,
    h('div', { class: 'gc-b-add' }, addSelect, h('button', { type: 'button', class: 'gc-btn gc-btn-secondary', onclick: add }, 'Add layer')));
}

/** The kinds, grouped as layers, activations, normalisation, element-wise ops and reductions (torch.var shown as var). */
function kindSelect(attrs: Record<string, string | ((e: Event) => void)>, value: LayerKind): HTMLSelectElement {
  const select = h('select', attrs);
  for (const group of GROUPS) {
    const options = [...KIND_SPECS].filter(([, k]) => k.group === group)
      .map(([kind]) => h('option', { value: kind, text: kind.replace(/^torch\./, ''), title: kind }));
    select.append(h('optgroup', { label: group }, ...options));
  }
  select.value = value;
  return select;
}

/** One layer: number, type, output shape, move/remove, its hyperparameters, its message. */
function layerItem(ctl: Controller, chain: ChainSpec, layer: LayerSpec, i: number, out: Outputs): HTMLElement {
  const n = i + 1;
  const kind = kindSelect({ id: uid('gc-b-kind'), class: 'gc-select', 'aria-label': `Layer ${n} type`,
    onchange: (e) => ctl.editChain((c) => { c.layers[i] = defaultLayer(inputValue(e) as LayerKind); }, true) }, layer.kind);
  const move = (d: number) => {
    const j = i + d;
    if (j >= 0 && j < chain.layers.length) ctl.editChain((c) => { [c.layers[i], c.layers[j]] = [c.layers[j], c.layers[i]]; }, true);
  };
  const iconButton = (label: string, title: string, text: string, onclick: () => void, disabled = false) =>
    h('button', { type: 'button', class: 'gc-icon-btn', 'aria-label': label, title, disabled, onclick }, text);
  const shape = h('span', { class: 'gc-b-shape' });
  const error = errorBox();
  out.layerShapes.push(shape);
  out.layerErrors.push(error);
  const fields = h('div', { class: 'gc-b-fields' }, ...fieldsOf(layer.kind).map((f) => hyperField(ctl, layer, i, f)));
  return h('li', { class: 'gc-layer' },
    h('div', { class: 'gc-layer-head' },
      h('span', { class: 'gc-layer-no', text: String(n), 'aria-hidden': 'true' }), kind, shape,
      h('span', { class: 'gc-layer-actions' },
        iconButton(`Move layer ${n} up`, 'Move up', '↑', () => move(-1), i === 0),
        iconButton(`Move layer ${n} down`, 'Move down', '↓', () => move(1), i === chain.layers.length - 1),
        iconButton(`Remove layer ${n}`, 'Remove', '✕', () => ctl.editChain((c) => { c.layers.splice(i, 1); }, true)))),
    fields, error);
}

/** A hyperparameter: a checkbox for a flag, a menu for a choice, else a short text input ("3", "2, 3", "same"). */
function hyperField(ctl: Controller, layer: LayerSpec, i: number, f: FieldSpec): HTMLElement {
  const set = (value: string | boolean) => ctl.editChain((c) => { c.layers[i].params[f.key] = value; });
  if (f.type === 'choice') {
    const id = uid('gc-b-f');
    const select = h('select', { id, class: 'gc-select', 'data-layer': i, 'data-param': f.key, title: f.help, onchange: (e) => set(inputValue(e)) },
      ...(f.choices ?? []).map((c) => h('option', { value: c, text: c })));
    select.value = String(layer.params[f.key] ?? f.default);
    return h('span', { class: 'gc-b-field' }, h('label', { for: id, title: f.help, text: f.label }), select);
  }
  if (f.type === 'bool') {
    return h('label', { class: 'gc-check', title: f.help },
      h('input', { type: 'checkbox', checked: layer.params[f.key] !== false && (layer.params[f.key] ?? f.default) === true, 'data-layer': i, 'data-param': f.key,
        onchange: (e) => set(checkedOf(e)) }), ` ${f.label}`);
  }
  const id = uid('gc-b-f');
  return h('span', { class: 'gc-b-field' }, h('label', { for: id, title: f.help, text: f.label }),
    h('input', { id, class: 'gc-input gc-b-input', type: 'text', value: String(layer.params[f.key] ?? f.default), placeholder: f.placeholder ?? '',
      'data-layer': i, 'data-param': f.key, title: f.help, oninput: (e) => set(inputValue(e)), onkeydown: enterRuns(() => ctl.buildAndRun()) }));
}

/** Loss, learning rate, seed, Build & run. Unreadable numbers are ignored (the field keeps the last good one). */
function settingsBlock(ctl: Controller, chain: ChainSpec, out: Outputs): HTMLElement {
  const [lossId, lrId, seedId] = [uid('gc-b-loss'), uid('gc-b-lr'), uid('gc-b-seed')];
  const loss = h('select', { id: lossId, class: 'gc-select', 'data-param': 'loss', onchange: (e) => ctl.editChain((c) => { c.loss = inputValue(e) as LossKind; }) });
  for (const [k, label] of Object.entries(LOSS_KINDS)) loss.append(h('option', { value: k, text: label }));
  loss.value = chain.loss;
  const setLr = (e: Event) => {
    const v = Number(inputValue(e));
    if (Number.isFinite(v)) ctl.editChain((c) => { c.lr = v; });
  };
  const setSeed = (e: Event) => {
    const v = Number(inputValue(e));
    if (Number.isInteger(v)) ctl.editChain((c) => { c.seed = v; });
  };
  const randomize = () => ctl.editChain((c) => { c.seed = 1 + Math.floor(Math.random() * 100000); }, true);
  return h('div', { class: 'gc-block gc-settings' },
    h('div', { class: 'gc-setting' }, h('label', { for: lossId, text: 'Loss' }), loss),
    out.lossError,
    h('div', { class: 'gc-setting' }, h('label', { for: lrId, text: 'SGD learning rate' }),
      h('input', { id: lrId, class: 'gc-input gc-num', type: 'text', value: String(chain.lr), oninput: setLr })),
    h('div', { class: 'gc-setting' }, h('label', { for: seedId, text: 'Random seed' }),
      h('input', { id: seedId, class: 'gc-input gc-num', type: 'text', inputmode: 'numeric', value: String(chain.seed), oninput: setSeed }),
      h('button', { type: 'button', class: 'gc-btn gc-btn-secondary', title: 'New random integers', onclick: randomize }, 'Randomize')),
    h('div', { class: 'gc-run-row' },
      h('button', { type: 'button', class: 'gc-btn gc-btn-primary', id: 'gc-build', onclick: () => ctl.buildAndRun() }, 'Build & run'), out.preview));
}

/**
 * Builds the chain to show each layer's output shape, or the first mistake at its layer and field. Writes only what
 * changed: it runs on every sync, and a message rewritten with the same text would be announced again.
 */
function validate(chain: ChainSpec, out: Outputs): void {
  const texts = new Map<HTMLElement, string>([...out.layerErrors, ...out.layerShapes, out.inputError, out.lossError, out.preview].map((el) => [el, '']));
  const showShapes = (shapes: number[][]) => shapes.forEach((s, i) => texts.set(out.layerShapes[i], `→ ${formatShape(s)}`));
  let invalid: Element | null = null;
  try {
    const built = buildChain(chain);
    showShapes(built.shapes);
    const params = Object.values(built.check.inputs).filter((i) => i.requires_grad).reduce((n, i) => n + countOf(shapeOf(i.values)), 0);
    texts.set(out.preview, `${built.check.program.length} steps · ${params} values to check`);
  } catch (e) {
    const err = e instanceof BuilderError ? e : new BuilderError(String(e), -1);
    showShapes(err.shapes);
    texts.set(err.layer >= 0 ? out.layerErrors[err.layer] : err.field === 'loss' ? out.lossError : out.inputError, err.message);
    invalid = out.panel.querySelector(err.layer >= 0 ? `[data-layer="${err.layer}"][data-param="${err.field}"]` : `[data-param="${err.field}"]`);
  }
  for (const [el, text] of texts) if (el.textContent !== text) el.textContent = text;
  out.panel.querySelectorAll('.gc-invalid').forEach((el) => {
    if (el !== invalid) el.classList.remove('gc-invalid');
  });
  invalid?.classList.add('gc-invalid');
}
