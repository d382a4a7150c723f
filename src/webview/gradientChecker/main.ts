// The "ShapeLens: Gradient Checker" page. The same bundle is the page and, started again from a blob: URL,
// the worker that runs the checks (so the panel stays responsive during a long finite-difference sweep).
//
// Left: the check — preset, the program, one field per tensor (numpy lists, LaTeX bmatrix or plain rows), an
// optional hand-derived gradient, SGD and step settings; a chain builder; the raw JSON.
// Right: the results — verdict, loss, forward values, analytic vs numeric gradients with a relative-error
// heatmap, the SGD step, and "show working" for any element. Bad input marks its own field; the last good
// result stays on screen, marked as such.
import './gradientChecker.css';
import type { CheckFile, CheckReport, NestedNumbers, NestedValues } from '../../engine/grad/checkFormat';
import { explainForwardElement, explainGradElement, parseCheck } from '../../engine/grad/index';
import { PRESETS } from '../../engine/grad/presets';
import {
  BuilderError, buildChain, chainFromLayer, DEFAULT_CHAIN, defaultLayer, describeLayer, LAYER_FIELDS, LAYER_KINDS, LOSS_KINDS,
  type ChainSpec, type LayerKind, type LossKind,
} from './builder';
import { displayError, displayNumber, reportToLatex, reportToMarkdown, stringifyCheck, toFieldText, toLatex, toMarkdownTable } from './copyFormats';
import {
  bandHelp, BANDS, compareHand, displayStep, formatLabel, handProblem, handVerdict, headlineMaxError, roundOff, shapeNote, stepText, type HandComparison,
} from './display';
import { clear, h, uid } from './dom';
import { matrixView } from './matrixView';
import type { HostMessage, PageMessage } from './messages';
import { countOf, formatShape, indexOf, sameShape, shapeOf } from './nested';
import { parseMatrix } from './parseMatrix';
import { CheckRunner, serveWorker } from './runner';
import { checkToPytorch } from './toPytorch';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type Tab = 'check' | 'builder' | 'json';

interface Result {
  check: CheckFile;
  report: CheckReport;
  ms: number;
}

/** Everything the page needs to come back exactly as it was after being hidden (vscode.setState). */
interface PageState {
  v: 1;
  /** Where the check came from: 'Preset', 'File', 'Builder', 'From your code', 'Edited JSON'. */
  source: string;
  /** Heading and description shown over the program (the preset's, the file's title, the built chain). */
  sourceTitle: string;
  sourceDesc: string;
  presetId: string;
  check: CheckFile;
  /** Text typed per field: 'in:A', 'up', 'hand:A'. */
  fields: Record<string, string>;
  lr: string;
  step: string;
  tab: Tab;
  chain: ChainSpec;
  notes: string[];
  result?: Result;
  /** The result no longer matches the fields (edited since, or the last run failed). */
  stale: boolean;
  selected?: { kind: 'forward' | 'grad'; name: string; flat: number };
  /** Sections the user collapsed. */
  collapsed: string[];
}

const STATE_LIMIT = 2_000_000; // characters of JSON: bigger results are re-run instead of stored

if (typeof document === 'undefined') {
  serveWorker(self as unknown as Parameters<typeof serveWorker>[0]);
} else {
  const script = document.currentScript as HTMLScriptElement | null;
  const start = () => new Page(document.getElementById('app')!, acquireVsCodeApi(), new CheckRunner(script?.src));
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}

class Page {
  private state: PageState;
  private readonly left = h('section', { class: 'gc-left', 'aria-label': 'Check' });
  private readonly right = h('section', { class: 'gc-right', 'aria-labelledby': 'gc-results-title' });
  private readonly status = h('div', { class: 'gc-status', role: 'status', 'aria-live': 'polite' });
  private readonly toast = h('div', { class: 'gc-toast', role: 'status', 'aria-live': 'polite' });
  private readonly presetSelect = h('select', { id: 'gc-preset', class: 'gc-select' });
  private fieldUi = new Map<string, { input: HTMLTextAreaElement; message: HTMLElement; chip: HTMLElement }>();
  private programError = h('div', { class: 'gc-error', role: 'alert', id: 'gc-program-error' });
  private autoRunTimer: ReturnType<typeof setTimeout> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private runSerial = 0;
  private running = false;

  constructor(private readonly root: HTMLElement, private readonly vscode: VsCodeApi, private readonly runner: CheckRunner) {
    const saved = vscode.getState() as PageState | undefined;
    this.state = saved && saved.v === 1 && saved.check ? saved : this.initialState();
    this.layout();
    this.renderLeft();
    this.renderResults();
    window.addEventListener('message', (e: MessageEvent) => this.onHostMessage(e.data as HostMessage));
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.run();
      }
    });
    this.root.setAttribute('aria-busy', 'false');
    vscode.postMessage({ type: 'ready' });
    if (!this.state.result || this.state.stale) this.run();
  }

  private initialState(): PageState {
    const first = PRESETS.find((p) => /linear-sgd|yax/.test(p.id)) ?? PRESETS[0];
    const check = first ? first.check : buildChain(DEFAULT_CHAIN).check;
    const state: PageState = {
      v: 1, source: first ? 'Preset' : 'Builder', sourceTitle: first?.title ?? check.title ?? '', sourceDesc: first?.description ?? check.description ?? '',
      presetId: first?.id ?? '', check, fields: {}, lr: '', step: '',
      tab: 'check', chain: structuredClone(DEFAULT_CHAIN), notes: [], stale: true, collapsed: [],
    };
    Object.assign(state, fieldsFor(check));
    return state;
  }

  // ---------------------------------------------------------------- layout

  private layout(): void {
    clear(this.root);
    const presetLabel = h('label', { for: 'gc-preset', class: 'gc-label-inline' }, 'Preset');
    this.presetSelect.append(h('option', { value: '', text: PRESETS.length ? '— choose an exercise —' : '(no presets)' }));
    for (const p of PRESETS) this.presetSelect.append(h('option', { value: p.id, text: p.title }));
    this.presetSelect.value = this.state.presetId;
    this.presetSelect.title = PRESETS.find((p) => p.id === this.state.presetId)?.title ?? '';
    this.presetSelect.addEventListener('change', () => {
      const preset = PRESETS.find((p) => p.id === this.presetSelect.value);
      if (preset) this.loadCheck(preset.check, 'Preset', preset.id, [], preset.title, preset.description);
    });
    const header = h('header', { class: 'gc-header' },
      h('div', { class: 'gc-brand' },
        h('h1', { class: 'gc-h1' }, 'Gradient Checker'),
        h('span', { class: 'gc-brand-sub', text: 'ShapeLens · analytic vs finite differences, float64' })),
      h('div', { class: 'gc-toolbar', role: 'toolbar', 'aria-label': 'Check file and export' },
        presetLabel, this.presetSelect,
        h('span', { class: 'gc-sep', 'aria-hidden': 'true' }),
        h('button', { type: 'button', class: 'gc-btn gc-btn-secondary', id: 'gc-open', title: 'Open a check file (.json)', onclick: () => this.post({ type: 'open' }) }, 'Open…'),
        h('button', { type: 'button', class: 'gc-btn gc-btn-secondary', id: 'gc-save', title: 'Save this check as a check file', onclick: () => this.save() }, 'Save…'),
        h('button', { type: 'button', class: 'gc-btn gc-btn-secondary', id: 'gc-copy-pytorch', title: 'Copy a runnable PyTorch script of this check', onclick: () => this.copyPytorch() }, 'Copy as PyTorch')),
      this.toast);
    this.root.append(header, h('main', { class: 'gc-main' }, this.left, this.right));
  }

  // ---------------------------------------------------------------- left: check / builder / JSON

  private renderLeft(): void {
    clear(this.left);
    this.fieldUi.clear();
    const tabs: [Tab, string][] = [['check', 'Check'], ['builder', 'Builder'], ['json', 'JSON']];
    const tablist = h('div', { class: 'gc-tabs', role: 'tablist', 'aria-label': 'Edit the check' });
    const buttons = tabs.map(([id, label]) => h('button', {
      type: 'button', role: 'tab', id: `gc-tab-${id}`, class: 'gc-tab', 'aria-selected': String(this.state.tab === id),
      'aria-controls': `gc-panel-${id}`, tabindex: this.state.tab === id ? '0' : '-1', text: label,
      onclick: () => this.switchTab(id),
    }));
    buttons.forEach((b, i) => b.addEventListener('keydown', (e) => {
      const k = (e as KeyboardEvent).key;
      if (k !== 'ArrowRight' && k !== 'ArrowLeft') return;
      const next = tabs[(i + (k === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length][0];
      this.switchTab(next);
      document.getElementById(`gc-tab-${next}`)?.focus();
    }));
    tablist.append(...buttons);
    const panel = h('div', { class: 'gc-panel', role: 'tabpanel', id: `gc-panel-${this.state.tab}`, 'aria-labelledby': `gc-tab-${this.state.tab}` });
    if (this.state.tab === 'check') this.renderCheckPanel(panel);
    else if (this.state.tab === 'builder') this.renderBuilderPanel(panel);
    else this.renderJsonPanel(panel);
    this.left.append(tablist, panel);
  }

  private switchTab(tab: Tab): void {
    if (tab === this.state.tab) return;
    if (this.state.tab === 'check') this.assemble(false); // keep typed values in the JSON view
    this.state.tab = tab;
    this.renderLeft();
    this.persist();
  }

  private renderCheckPanel(panel: HTMLElement): void {
    const check = this.state.check;
    panel.append(h('div', { class: 'gc-source' },
      h('span', { class: 'gc-source-kind', text: this.state.source }),
      this.state.sourceTitle ? h('h2', { class: 'gc-check-title', text: this.state.sourceTitle }) : null,
      this.state.sourceDesc ? h('p', { class: 'gc-desc', text: this.state.sourceDesc }) : null,
      ...this.state.notes.map((n) => h('p', { class: 'gc-note', text: n }))));

    // The program, as PyTorch would read it.
    const prog = h('ol', { class: 'gc-program', 'aria-label': 'Program' });
    for (const step of check.program) prog.append(h('li', {}, h('code', { text: stepText(step, check) })));
    const obj = check.objective.type === 'upstream'
      ? `L = Σ ${check.objective.name} · upstream   (dL/d${check.objective.name} given)`
      : `objective: ${check.objective.name}`;
    panel.append(h('div', { class: 'gc-block' },
      h('h3', { class: 'gc-h3', text: 'Program' }), prog,
      h('p', { class: 'gc-objective' }, h('code', { text: obj })), this.programError));

    // Inputs.
    const inputs = h('div', { class: 'gc-block' }, h('h3', { class: 'gc-h3', text: 'Tensors' }),
      h('p', { class: 'gc-hint', text: 'Type [[1, 2], [3, 4]], a LaTeX bmatrix, or rows of numbers (a blank line starts the next channel). Ctrl+Enter runs.' }));
    for (const [name, input] of Object.entries(check.inputs)) {
      const grad = !!input.requires_grad;
      const toggle = h('label', { class: 'gc-check' },
        h('input', { type: 'checkbox', checked: grad, 'data-input': name, onchange: (e) => {
          check.inputs[name].requires_grad = (e.target as HTMLInputElement).checked;
          this.renderLeft();
          this.scheduleRun();
        } }), ' requires grad');
      inputs.append(this.tensorField(`in:${name}`, name, shapeOf(input.values), toggle));
      if (grad) {
        const key = `hand:${name}`;
        const det = h('details', { class: 'gc-hand', open: !!this.state.fields[key] });
        det.append(h('summary', { text: `My hand-derived ∂L/∂${name} (optional)` }),
          this.tensorField(key, `∂L/∂${name} (yours)`, shapeOf(input.values), null, true));
        inputs.append(det);
      }
    }
    if (check.objective.type === 'upstream' && check.upstream) {
      inputs.append(this.tensorField('up', `upstream dL/d${check.upstream.of}`, shapeOf(check.upstream.values), null));
    }
    panel.append(inputs);

    // Settings and Run.
    const lrId = uid('gc-lr');
    const stepId = uid('gc-step');
    const settings = h('div', { class: 'gc-block gc-settings' },
      h('div', { class: 'gc-setting' }, h('label', { for: lrId, text: 'SGD learning rate' }),
        h('input', { id: lrId, class: 'gc-input gc-num', type: 'text', inputmode: 'decimal', value: this.state.lr, placeholder: 'none', 'data-field': 'lr',
          oninput: (e) => { this.state.lr = (e.target as HTMLInputElement).value; this.scheduleRun(); }, onkeydown: enterRuns(() => this.run()) })),
      h('div', { class: 'gc-setting' }, h('label', { for: stepId, text: 'Finite-difference step h' }),
        h('input', { id: stepId, class: 'gc-input gc-num', type: 'text', inputmode: 'decimal', value: this.state.step, placeholder: '1e-6', 'data-field': 'step',
          oninput: (e) => { this.state.step = (e.target as HTMLInputElement).value; this.scheduleRun(); }, onkeydown: enterRuns(() => this.run()) })),
      h('div', { class: 'gc-run-row' },
        h('button', { type: 'button', class: 'gc-btn gc-btn-primary', id: 'gc-run', onclick: () => this.run() }, 'Run check'),
        h('button', { type: 'button', class: 'gc-btn gc-btn-secondary', id: 'gc-cancel', hidden: true, onclick: () => this.runner.cancel() }, 'Cancel'),
        h('span', { class: 'gc-kbd', text: 'Ctrl+Enter' })),
      this.settingsError());
    panel.append(settings);
  }

  private settingsError(): HTMLElement {
    return h('div', { class: 'gc-error', role: 'alert', id: 'gc-settings-error' });
  }

  /** One tensor field: label, shape/format chip, textarea, inline message. */
  private tensorField(key: string, label: string, like: number[], extra: HTMLElement | null, optional = false): HTMLElement {
    const id = uid('gc-field');
    const msgId = `${id}-msg`;
    const input = h('textarea', {
      id, class: 'gc-textarea', spellcheck: 'false', autocomplete: 'off', 'data-field': key, 'aria-describedby': msgId,
      rows: Math.min(8, Math.max(1, (this.state.fields[key] ?? '').split('\n').length)),
      placeholder: optional ? 'leave empty to skip' : '',
    });
    input.value = this.state.fields[key] ?? '';
    const chip = h('span', { class: 'gc-chip', 'aria-hidden': 'true' });
    const message = h('div', { class: 'gc-error', id: msgId, role: 'alert' });
    const wrap = h('div', { class: 'gc-field', 'data-key': key },
      h('div', { class: 'gc-field-head' }, h('label', { for: id, class: 'gc-field-label' }, h('code', { text: label })), chip, extra),
      input, message);
    this.fieldUi.set(key, { input, message, chip });
    const like0 = like;
    const refresh = (showError: boolean) => {
      const text = input.value;
      if (optional && text.trim() === '') {
        chip.textContent = '';
        setFieldError(wrap, input, message, '');
        return;
      }
      const r = parseMatrix(text, { like: like0 });
      if (r.ok) {
        chip.textContent = `${formatLabel(r.format)} · ${shapeNote(r.shape)}`;
        setFieldError(wrap, input, message, '');
      } else {
        chip.textContent = '';
        if (showError) setFieldError(wrap, input, message, r.message);
      }
    };
    refresh(true);
    input.addEventListener('input', () => {
      this.state.fields[key] = input.value;
      input.rows = Math.min(12, Math.max(1, input.value.split('\n').length));
      refresh(false);
      this.scheduleRun();
    });
    input.addEventListener('blur', () => refresh(true));
    return wrap;
  }

  // ---------------------------------------------------------------- builder

  private renderBuilderPanel(panel: HTMLElement): void {
    const chain = this.state.chain;
    const shapeId = uid('gc-b-shape');
    const rerender = () => {
      this.renderLeft();
      this.persist();
    };
    const preview = h('div', { class: 'gc-b-preview', role: 'status', 'aria-live': 'polite' });
    const layerErrors: HTMLElement[] = [];
    const layerShapes: HTMLElement[] = [];
    const inputError = h('div', { class: 'gc-error', role: 'alert' });
    const lossError = h('div', { class: 'gc-error', role: 'alert' });
    const validate = () => {
      layerErrors.forEach((e) => (e.textContent = ''));
      layerShapes.forEach((e) => (e.textContent = ''));
      inputError.textContent = '';
      lossError.textContent = '';
      panel.querySelectorAll('.gc-invalid').forEach((el) => el.classList.remove('gc-invalid'));
      try {
        const built = buildChain(chain);
        built.shapes.forEach((s, i) => (layerShapes[i].textContent = `→ ${formatShape(s)}`));
        const params = Object.values(built.check.inputs).filter((i) => i.requires_grad).reduce((n, i) => n + countOf(shapeOf(i.values)), 0);
        preview.textContent = `${built.check.program.length} steps · ${params} values to check`;
        return true;
      } catch (e) {
        const err = e instanceof BuilderError ? e : new BuilderError(String(e), -1);
        err.shapes.forEach((s, i) => (layerShapes[i].textContent = `→ ${formatShape(s)}`));
        const target = err.layer >= 0 ? layerErrors[err.layer] : err.field === 'loss' ? lossError : inputError;
        target.textContent = err.message;
        const field = err.layer >= 0 ? panel.querySelector(`[data-layer="${err.layer}"][data-param="${err.field}"]`) : panel.querySelector(`[data-param="${err.field}"]`);
        field?.classList.add('gc-invalid');
        preview.textContent = '';
        return false;
      }
    };

    panel.append(h('p', { class: 'gc-hint', text: 'Stack layers as in nn.Sequential; the builder writes the check program with small random integers for the input, the weights and the target.' }));
    const shapeInput = h('input', { id: shapeId, class: 'gc-input', type: 'text', value: chain.inputShape, 'data-param': 'inputShape',
      oninput: (e) => { chain.inputShape = (e.target as HTMLInputElement).value; validate(); this.persist(); }, onkeydown: enterRuns(() => this.buildAndRun()) });
    panel.append(h('div', { class: 'gc-block' },
      h('div', { class: 'gc-setting' }, h('label', { for: shapeId, text: 'Input shape x' }), shapeInput,
        h('label', { class: 'gc-check' }, h('input', { type: 'checkbox', checked: chain.inputGrad, onchange: (e) => { chain.inputGrad = (e.target as HTMLInputElement).checked; this.persist(); } }), ' check ∂L/∂x too')),
      inputError));

    const list = h('ol', { class: 'gc-layers', 'aria-label': 'Layers' });
    chain.layers.forEach((layer, i) => {
      const kindId = uid('gc-b-kind');
      const kind = h('select', { id: kindId, class: 'gc-select', 'aria-label': `Layer ${i + 1} type`, onchange: (e) => {
        chain.layers[i] = defaultLayer((e.target as HTMLSelectElement).value as LayerKind);
        rerender();
      } });
      for (const k of LAYER_KINDS) kind.append(h('option', { value: k, text: k }));
      kind.value = layer.kind;
      const fields = h('div', { class: 'gc-b-fields' });
      for (const f of LAYER_FIELDS[layer.kind]) {
        const fid = uid('gc-b-f');
        if (f.type === 'bool') {
          fields.append(h('label', { class: 'gc-check', title: f.help },
            h('input', { type: 'checkbox', checked: layer.params[f.key] !== false && (layer.params[f.key] ?? f.default) === true, 'data-layer': i, 'data-param': f.key,
              onchange: (e) => { layer.params[f.key] = (e.target as HTMLInputElement).checked; validate(); this.persist(); } }), ` ${f.label}`));
        } else {
          fields.append(h('span', { class: 'gc-b-field' }, h('label', { for: fid, title: f.help, text: f.label }),
            h('input', { id: fid, class: 'gc-input gc-b-input', type: 'text', value: String(layer.params[f.key] ?? f.default), placeholder: f.key === 'stride' ? 'auto' : '',
              'data-layer': i, 'data-param': f.key, title: f.help,
              oninput: (e) => { layer.params[f.key] = (e.target as HTMLInputElement).value; validate(); this.persist(); }, onkeydown: enterRuns(() => this.buildAndRun()) })));
        }
      }
      const move = (d: number) => {
        const j = i + d;
        if (j < 0 || j >= chain.layers.length) return;
        [chain.layers[i], chain.layers[j]] = [chain.layers[j], chain.layers[i]];
        rerender();
      };
      const shape = h('span', { class: 'gc-b-shape' });
      const err = h('div', { class: 'gc-error', role: 'alert' });
      layerShapes.push(shape);
      layerErrors.push(err);
      list.append(h('li', { class: 'gc-layer' },
        h('div', { class: 'gc-layer-head' },
          h('span', { class: 'gc-layer-no', text: String(i + 1), 'aria-hidden': 'true' }), kind, shape,
          h('span', { class: 'gc-layer-actions' },
            h('button', { type: 'button', class: 'gc-icon-btn', 'aria-label': `Move layer ${i + 1} up`, title: 'Move up', disabled: i === 0, onclick: () => move(-1) }, '↑'),
            h('button', { type: 'button', class: 'gc-icon-btn', 'aria-label': `Move layer ${i + 1} down`, title: 'Move down', disabled: i === chain.layers.length - 1, onclick: () => move(1) }, '↓'),
            h('button', { type: 'button', class: 'gc-icon-btn', 'aria-label': `Remove layer ${i + 1}`, title: 'Remove', onclick: () => { chain.layers.splice(i, 1); rerender(); } }, '✕'))),
        fields, err));
    });
    const addSelect = h('select', { class: 'gc-select', 'aria-label': 'Layer to add' });
    for (const k of LAYER_KINDS) addSelect.append(h('option', { value: k, text: k }));
    addSelect.value = 'ReLU';
    const lossId = uid('gc-b-loss');
    const loss = h('select', { id: lossId, class: 'gc-select', 'data-param': 'loss', onchange: (e) => { chain.loss = (e.target as HTMLSelectElement).value as LossKind; validate(); this.persist(); } });
    for (const [k, label] of Object.entries(LOSS_KINDS)) loss.append(h('option', { value: k, text: label }));
    loss.value = chain.loss;
    const seedId = uid('gc-b-seed');
    const lrId = uid('gc-b-lr');
    panel.append(h('div', { class: 'gc-block' }, h('h3', { class: 'gc-h3', text: 'Layers' }), list,
      h('div', { class: 'gc-b-add' }, addSelect,
        h('button', { type: 'button', class: 'gc-btn gc-btn-secondary', onclick: () => { chain.layers.push(defaultLayer(addSelect.value as LayerKind)); rerender(); } }, 'Add layer'))));
    panel.append(h('div', { class: 'gc-block gc-settings' },
      h('div', { class: 'gc-setting' }, h('label', { for: lossId, text: 'Loss' }), loss),
      lossError,
      h('div', { class: 'gc-setting' }, h('label', { for: lrId, text: 'SGD learning rate' }),
        h('input', { id: lrId, class: 'gc-input gc-num', type: 'text', value: String(chain.lr), oninput: (e) => { const v = Number((e.target as HTMLInputElement).value); if (Number.isFinite(v)) chain.lr = v; this.persist(); } })),
      h('div', { class: 'gc-setting' }, h('label', { for: seedId, text: 'Random seed' }),
        h('input', { id: seedId, class: 'gc-input gc-num', type: 'text', inputmode: 'numeric', value: String(chain.seed), oninput: (e) => { const v = Number((e.target as HTMLInputElement).value); if (Number.isInteger(v)) chain.seed = v; this.persist(); } }),
        h('button', { type: 'button', class: 'gc-btn gc-btn-secondary', title: 'New random integers', onclick: () => { chain.seed = 1 + Math.floor(Math.random() * 100000); rerender(); } }, 'Randomize')),
      h('div', { class: 'gc-run-row' },
        h('button', { type: 'button', class: 'gc-btn gc-btn-primary', id: 'gc-build', onclick: () => this.buildAndRun() }, 'Build & run'), preview)));
    validate();
  }

  private buildAndRun(): void {
    try {
      const built = buildChain(this.state.chain);
      this.state.tab = 'check';
      this.loadCheck(built.check, 'Builder', '');
    } catch (e) {
      this.showToast(e instanceof Error ? e.message : String(e), true);
    }
  }

  // ---------------------------------------------------------------- JSON

  private renderJsonPanel(panel: HTMLElement): void {
    const id = uid('gc-json');
    const area = h('textarea', { id, class: 'gc-textarea gc-json', spellcheck: 'false', rows: 24, 'aria-describedby': `${id}-msg`, 'data-field': 'json' });
    area.value = stringifyCheck(this.state.check);
    const msg = h('div', { class: 'gc-error', id: `${id}-msg`, role: 'alert' });
    const apply = () => {
      const r = this.acceptCheckJson(area.value);
      if (typeof r === 'string') setFieldError(panel, area, msg, r);
      else {
        this.state.tab = 'check';
        this.loadCheck(r, 'Edited JSON', '');
      }
    };
    area.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        e.stopPropagation();
        apply();
      }
    });
    panel.append(
      h('p', { class: 'gc-hint', text: 'The check file itself (the format Open/Save and `shapelens check` use). Every function of the checker is available here.' }),
      h('label', { for: id, class: 'gc-sr-only', text: 'Check file JSON' }), area, msg,
      h('div', { class: 'gc-run-row' }, h('button', { type: 'button', class: 'gc-btn gc-btn-primary', onclick: apply }, 'Apply & run'), h('span', { class: 'gc-kbd', text: 'Ctrl+Enter' })));
  }

  /** JSON text → a validated check, or the message to show. */
  private acceptCheckJson(text: string): CheckFile | string {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
    }
    try {
      return parseCheck(json);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  // ---------------------------------------------------------------- loading, assembling, running

  private loadCheck(check: CheckFile, source: string, presetId: string, notes: string[] = [], title?: string, description?: string): void {
    this.state = {
      ...this.state, ...fieldsFor(check), check: structuredClone(check), source, presetId, notes,
      sourceTitle: title ?? check.title ?? '', sourceDesc: description ?? check.description ?? '',
      result: undefined, stale: true, selected: undefined,
    };
    this.presetSelect.value = presetId;
    this.presetSelect.title = presetId ? title ?? '' : '';
    this.renderLeft();
    this.renderResults();
    this.run();
  }

  /** The check with the typed values; marks bad fields (when showErrors) and returns undefined if any is bad. */
  private assemble(showErrors: boolean): CheckFile | undefined {
    const base = this.state.check;
    const check: CheckFile = structuredClone(base);
    let bad = 0;
    const read = (key: string, like: number[]): NestedNumbers | undefined => {
      const text = this.state.fields[key] ?? '';
      const r = parseMatrix(text, { like });
      const ui = this.fieldUi.get(key);
      if (!r.ok) {
        bad++;
        if (showErrors && ui) setFieldError(ui.input.closest('.gc-field')!, ui.input, ui.message, r.message);
        return undefined;
      }
      if (ui) setFieldError(ui.input.closest('.gc-field')!, ui.input, ui.message, '');
      return r.values;
    };
    for (const [name, input] of Object.entries(check.inputs)) {
      const v = read(`in:${name}`, shapeOf(input.values));
      if (v !== undefined) {
        input.values = v;
        if (input.shape && !sameShape(input.shape, shapeOf(v))) delete input.shape;
      }
    }
    if (check.upstream) {
      const v = read('up', shapeOf(check.upstream.values));
      if (v !== undefined) check.upstream.values = v;
    }
    const settingsMsg = document.getElementById('gc-settings-error');
    const settingsProblems: string[] = [];
    const lr = this.state.lr.trim();
    if (lr === '') delete check.sgd;
    else if (!Number.isFinite(Number(lr))) settingsProblems.push(`Learning rate: "${lr}" is not a number.`);
    else check.sgd = { lr: Number(lr) };
    const step = this.state.step.trim();
    if (step !== '') {
      const v = Number(step);
      if (!(v > 0 && v < 1)) settingsProblems.push(`Step h: "${step}" must be a number between 0 and 1 (1e-6 is usual).`);
      else check.check = { ...check.check, step: v };
    } else if (check.check) delete check.check.step;
    if (settingsMsg) {
      settingsMsg.textContent = showErrors ? settingsProblems.join(' ') : settingsMsg.textContent && settingsProblems.length ? settingsMsg.textContent : '';
      document.querySelectorAll<HTMLInputElement>('[data-field="lr"], [data-field="step"]').forEach((el) => {
        const bad = settingsProblems.some((p) => p.startsWith(el.dataset.field === 'lr' ? 'Learning' : 'Step'));
        el.classList.toggle('gc-invalid', bad && showErrors);
        el.setAttribute('aria-invalid', String(bad));
      });
    }
    bad += settingsProblems.length;
    if (bad) return undefined;
    // The check now carries the typed values: later edits compare against these shapes.
    this.state.check = check;
    return check;
  }

  private scheduleRun(): void {
    this.state.stale = true;
    this.markStale();
    this.persist();
    clearTimeout(this.autoRunTimer);
    this.autoRunTimer = setTimeout(() => this.run(), 450);
  }

  private async run(): Promise<void> {
    clearTimeout(this.autoRunTimer);
    if (this.state.tab !== 'check' && !this.state.check) return;
    const check = this.assemble(true);
    if (!check) {
      this.setStatus(this.state.result ? 'Fix the marked field to run again — the results below are from the last good check.' : 'Fix the marked field to run the check.', 'error');
      this.markStale();
      return;
    }
    const serial = ++this.runSerial;
    this.running = true;
    this.setStatus('Running the check…', 'busy');
    const cancelBtn = document.getElementById('gc-cancel');
    const showCancel = setTimeout(() => cancelBtn?.removeAttribute('hidden'), 600);
    const response = await this.runner.run(check);
    clearTimeout(showCancel);
    cancelBtn?.setAttribute('hidden', '');
    if (serial !== this.runSerial) return; // a newer run is under way
    this.running = false;
    this.programError.textContent = '';
    this.left.querySelectorAll('.gc-step-bad').forEach((li) => li.classList.remove('gc-step-bad'));
    if (!response.ok) {
      if (response.where === 'cancelled') {
        this.setStatus('Cancelled — the results below are from the last good check.', 'error');
        return;
      }
      this.showEngineError(response.message, response.where);
      this.setStatus(this.state.result ? 'The check did not run — the results below are from the last good check.' : 'The check did not run.', 'error');
      this.markStale();
      return;
    }
    this.state.result = { check: response.check, report: response.report, ms: response.ms };
    this.state.stale = false;
    this.state.selected = undefined;
    this.renderResults();
    this.persist();
  }

  /** Puts the engine's message at the field it names (an input, the upstream gradient), else under the program. */
  private showEngineError(message: string, where: string): void {
    const rest = where.replace(/^inputs\./, '');
    const name = Object.keys(this.state.check.inputs)
      .filter((n) => rest === n || rest.startsWith(`${n}.`) || rest.startsWith(`${n}[`))
      .sort((a, b) => b.length - a.length)[0];
    const key = name !== undefined ? `in:${name}` : /^upstream/.test(where) ? 'up' : undefined;
    const ui = key ? this.fieldUi.get(key) : undefined;
    if (ui) {
      setFieldError(ui.input.closest('.gc-field')!, ui.input, ui.message, message);
      return;
    }
    this.programError.textContent = message;
    // "step 2 (…)": mark that line of the program.
    const step = /^step (\d+)/.exec(where);
    this.left.querySelectorAll('.gc-program li').forEach((li, i) => li.classList.toggle('gc-step-bad', step !== null && i + 1 === Number(step[1])));
  }

  // ---------------------------------------------------------------- results

  private renderResults(): void {
    clear(this.right);
    this.right.append(h('h2', { id: 'gc-results-title', class: 'gc-sr-only', text: 'Results' }), this.status);
    const result = this.state.result;
    if (!result) {
      this.right.append(h('div', { class: 'gc-empty' }, h('p', { text: 'Results appear here: forward values, the loss, analytic and numeric gradients side by side, and the SGD step.' })));
      return;
    }
    const { report, check } = result;
    const stale = h('div', { class: 'gc-stale', id: 'gc-stale', hidden: !this.state.stale, text: 'Edited since — showing the last good result.' });
    this.right.append(stale);
    this.right.append(this.summary(report, result));
    this.right.append(this.forwardSection(check, report));
    this.right.append(this.gradientSection(check, report));
    if (report.sgd) this.right.append(this.sgdSection(report));
    this.right.append(this.workingPanel());
    this.markStale();
    this.setStatus(`Check ${report.passed ? 'passed' : 'failed'}: L = ${displayNumber(report.loss)}, max relative error ${displayError(headlineMaxError(report))}.`, report.passed ? 'ok' : 'error');
  }

  private summary(report: CheckReport, result: Result): HTMLElement {
    const checks = Object.values(report.checks);
    const checked = checks.reduce((n, c) => n + c.checked, 0);
    const total = checks.reduce((n, c) => n + c.total, 0);
    const verdictText = report.passed
      ? report.verdict === 'good' ? 'Gradients agree' : 'Gradients agree (within the kink tolerance)'
      : 'Gradients disagree';
    const stat = (label: string, value: string, testId: string, title?: string) =>
      h('div', { class: 'gc-stat', title }, h('dt', { text: label }), h('dd', { 'data-testid': testId, text: value }));
    const box = h('div', { class: `gc-summary gc-summary-${report.passed ? 'pass' : 'fail'}` },
      h('div', { class: 'gc-verdict', 'data-testid': 'verdict' },
        h('span', { class: 'gc-verdict-icon', 'aria-hidden': 'true', text: report.passed ? '✓' : '✗' }),
        h('span', { class: 'gc-verdict-text', text: `${report.passed ? 'Passed' : 'Failed'} · ${verdictText}` }),
        h('span', { class: `gc-pill gc-band-${report.verdict}`, text: report.verdict, title: bandHelp(report.verdict) })),
      h('dl', { class: 'gc-stats' },
        stat('Loss L', displayNumber(report.loss), 'loss', String(report.loss)),
        stat('max rel. error', displayError(headlineMaxError(report)), 'max-rel-error', '|a − n| / max(|a|, |n|, 1e-12) over the checked elements (round-off at 0 and kinks left out)'),
        stat('checked', `${checked} / ${total}`, 'checked', checks.some((c) => c.sampled) ? `sampled (seed ${report.seed}) beyond ${report.max_elements} elements` : 'every element'),
        stat('step h', displayStep(report.step), 'step'),
        stat('time', `${result.ms < 10 ? result.ms.toFixed(1) : Math.round(result.ms)} ms`, 'time', `ran on the ${this.runner.mode}`)));
    if (report.warnings.length) {
      box.append(h('ul', { class: 'gc-warnings', 'aria-label': 'Warnings' }, ...report.warnings.map((w) => h('li', {}, h('span', { 'aria-hidden': 'true', text: '⚠ ' }), w))));
    }
    box.append(h('div', { class: 'gc-results-actions' },
      h('button', { type: 'button', class: 'gc-btn gc-btn-secondary', id: 'gc-copy-latex', onclick: () => this.copy(reportToLatex(result.check, report), 'the results as LaTeX') }, 'Copy LaTeX'),
      h('button', { type: 'button', class: 'gc-btn gc-btn-secondary', id: 'gc-copy-markdown', onclick: () => this.copy(reportToMarkdown(result.check, report), 'the results as Markdown') }, 'Copy Markdown')));
    return box;
  }

  private section(id: string, title: string, body: HTMLElement, extra?: HTMLElement): HTMLElement {
    const open = !this.state.collapsed.includes(id);
    const det = h('details', { class: 'gc-section', id: `gc-sec-${id}`, open });
    det.addEventListener('toggle', () => {
      const set = new Set(this.state.collapsed);
      if (det.open) set.delete(id);
      else set.add(id);
      this.state.collapsed = [...set];
      this.persist();
    });
    det.append(h('summary', { class: 'gc-section-title' }, h('h2', { class: 'gc-h2', text: title }), extra ?? null), body);
    return det;
  }

  private forwardSection(check: CheckFile, report: CheckReport): HTMLElement {
    const body = h('div', { class: 'gc-mats' });
    const sel = this.state.selected;
    const lastOut = check.objective.type === 'scalar' ? check.objective.name : '';
    for (const step of check.program) {
      const t = report.forward[step.out];
      if (!t) continue;
      body.append(matrixView({
        name: step.out, values: t.values, shape: t.shape, caption: step.out, note: `${shapeNote(t.shape)} · ${step.fn}`,
        emphasis: step.out === lastOut, testId: `forward-${step.out}`,
        onCell: (index, flat) => this.showWorking('forward', step.out, index, flat), cellHint: 'show working',
        selected: sel?.kind === 'forward' && sel.name === step.out ? sel.flat : undefined,
        onCopy: (f) => this.copyTensor(step.out, t.values, t.shape, f),
      }));
    }
    const inputs = h('details', { class: 'gc-inputs-echo' }, h('summary', { text: 'Inputs as read' }));
    const grid = h('div', { class: 'gc-mats' });
    for (const name of Object.keys(check.inputs)) {
      const t = report.forward[name];
      if (t) grid.append(matrixView({ name, values: t.values, shape: t.shape, caption: name, note: shapeNote(t.shape), testId: `input-${name}`, onCopy: (f) => this.copyTensor(name, t.values, t.shape, f) }));
    }
    inputs.append(grid);
    const wrap = h('div', {}, body, inputs);
    return this.section('forward', 'Forward', wrap, h('span', { class: 'gc-section-note', text: 'click a value for its working' }));
  }

  private gradientSection(check: CheckFile, report: CheckReport): HTMLElement {
    const wrap = h('div', { class: 'gc-grads' });
    const sel = this.state.selected;
    const names = Object.keys(report.grads);
    if (names.length === 0) wrap.append(h('p', { class: 'gc-hint', text: 'No input requires a gradient: tick "requires grad" on a tensor.' }));
    for (const name of names) {
      const g = report.grads[name];
      const n = report.numeric_grads[name];
      const c = report.checks[name];
      const bands = c?.bands;
      const hand = this.handGradient(name, g.shape);
      const mats = h('div', { class: 'gc-mats gc-mats-side' });
      mats.append(matrixView({
        name: `∂L/∂${name}`, values: g.values, shape: g.shape, caption: `∂L/∂${name}`, note: 'analytic (backprop)', testId: `grad-${name}`,
        onCell: (index, flat) => this.showWorking('grad', name, index, flat), cellHint: 'show the chain rule',
        selected: sel?.kind === 'grad' && sel.name === name ? sel.flat : undefined,
        onCopy: (f) => this.copyTensor(`dL/d${name}`, g.values, g.shape, f),
      }));
      if (n) mats.append(matrixView({ name: `numeric ∂L/∂${name}`, values: n.values, shape: n.shape, caption: 'numeric', note: `central differences, h = ${displayStep(report.step)}`, testId: `numeric-${name}`, bands,
        onCopy: (f) => this.copyTensor(`numeric dL/d${name}`, n.values, n.shape, f) }));
      const noise = c ? roundOff(c) : undefined;
      if (c) mats.append(matrixView({ name: `relative error of ∂L/∂${name}`, values: c.rel_errors, shape: c.shape, caption: 'relative error',
        note: noise?.flat.size ? 'per element · ≈0: round-off at 0' : 'per element', errors: true, bands, testId: `error-${name}`, roundOff: noise?.flat }));
      if (hand) mats.append(matrixView({ name: `your ∂L/∂${name}`, values: hand.values, shape: g.shape, caption: 'yours', note: hand.wrong.size ? `${hand.wrong.size} of ${countOf(g.shape)} differ` : 'all match', marked: hand.wrong, testId: `hand-${name}` }));
      const chip = c ? h('span', { class: `gc-pill gc-pill-num gc-band-${c.verdict}`, text: `${c.verdict} · max ${displayError(noise!.max)}`, title: bandHelp(c.verdict) }) : null;
      const kinks = c && c.kink_crossings.length ? h('span', { class: 'gc-kink', text: `${c.kink_crossings.length} element(s) on a kink — finite differences not trusted there` }) : null;
      const handNote = this.handProblem(name, g.shape);
      const handVerdict = hand ? this.handVerdict(name, g, hand) : null;
      wrap.append(h('div', { class: 'gc-grad' }, h('div', { class: 'gc-grad-head' }, h('h3', { class: 'gc-h3' }, h('code', { text: `∂L/∂${name}` })), chip, kinks,
        c && c.sampled ? h('span', { class: 'gc-section-note', text: `${c.checked} of ${c.total} elements sampled` }) : null, handVerdict), mats,
        handNote ? h('p', { class: 'gc-error', text: handNote }) : null));
    }
    const legend = h('span', { class: 'gc-legend', 'aria-label': 'Error bands' },
      ...BANDS.map((b) => h('span', { class: `gc-legend-item gc-band-${b}`, title: bandHelp(b), text: b })));
    return this.section('grads', 'Gradients', wrap, legend);
  }

  private sgdSection(report: CheckReport): HTMLElement {
    const sgd = report.sgd!;
    const body = h('div', { class: 'gc-mats' });
    for (const [name, u] of Object.entries(sgd.updated)) {
      body.append(matrixView({ name: `${name}′`, values: u.values, shape: u.shape, caption: `${name}′ = ${name} − ${displayNumber(sgd.lr)}·∂L/∂${name}`, note: shapeNote(u.shape), testId: `sgd-${name}`,
        onCopy: (f) => this.copyTensor(`${name}'`, u.values, u.shape, f) }));
    }
    return this.section('sgd', `SGD step (lr = ${displayNumber(sgd.lr)})`, body);
  }

  private workingPanel(): HTMLElement {
    const panel = h('section', { class: 'gc-working', id: 'gc-working', 'aria-labelledby': 'gc-working-title', 'aria-live': 'polite' });
    panel.append(h('div', { class: 'gc-working-head' }, h('h2', { class: 'gc-h2', id: 'gc-working-title', text: 'Working' })));
    const sel = this.state.selected;
    if (!sel || !this.state.result) {
      panel.append(h('p', { class: 'gc-hint', text: 'Click any forward value to see its sum, or any analytic gradient element to see its chain-rule sum.' }));
      return panel;
    }
    const { check, report } = this.state.result;
    const shape = sel.kind === 'forward' ? report.forward[sel.name]?.shape : report.grads[sel.name]?.shape;
    if (!shape) return panel;
    const index = indexOf(sel.flat, shape);
    let text: string;
    try {
      text = sel.kind === 'forward' ? explainForwardElement(check, sel.name, index) : explainGradElement(check, sel.name, index);
    } catch (e) {
      text = `No working for this element: ${e instanceof Error ? e.message : String(e)}`;
    }
    const head = panel.firstElementChild!;
    head.append(h('span', { class: 'gc-working-what', text: `${sel.kind === 'forward' ? sel.name : `∂L/∂${sel.name}`}[${index.join(', ')}]` }),
      h('button', { type: 'button', class: 'gc-link', onclick: () => this.copy(text, 'the working') }, 'Copy'),
      h('button', { type: 'button', class: 'gc-link', 'aria-label': 'Close the working', onclick: () => { this.state.selected = undefined; this.renderResults(); this.persist(); } }, 'Close'));
    panel.append(h('pre', { class: 'gc-working-text', 'data-testid': 'working', text }));
    return panel;
  }

  private showWorking(kind: 'forward' | 'grad', name: string, _index: number[], flat: number): void {
    this.state.selected = { kind, name, flat };
    this.renderResults();
    this.persist();
    // Keep keyboard focus on the same cell after the re-render.
    const fig = this.right.querySelector(`[data-testid="${kind === 'forward' ? 'forward' : 'grad'}-${cssEscape(name)}"]`);
    (fig?.querySelector(`td[data-flat="${flat}"] button`) as HTMLButtonElement | null)?.focus();
  }

  /** The hand-derived gradient typed for `name`, and the elements that disagree with the analytic one. */
  private handGradient(name: string, shape: number[]): HandComparison | undefined {
    if (!this.state.result) return undefined;
    return compareHand(this.state.fields[`hand:${name}`], this.state.result.report.grads[name].values, shape);
  }

  /** "✓ yours matches" or "✗ yours differs at [1, 1]: 9, not 8". */
  private handVerdict(name: string, g: { values: NestedValues; shape: number[] }, hand: HandComparison): HTMLElement {
    return h('span', { class: `gc-hand-verdict ${hand.wrong.size ? 'gc-hand-bad' : 'gc-hand-ok'}`, 'data-testid': `hand-verdict-${name}`, text: handVerdict(hand, g.values, g.shape) });
  }

  private handProblem(name: string, shape: number[]): string | undefined {
    return handProblem(name, this.state.fields[`hand:${name}`], shape);
  }

  private markStale(): void {
    const el = document.getElementById('gc-stale');
    if (el) el.hidden = !this.state.stale;
    this.right.classList.toggle('gc-is-stale', this.state.stale && !!this.state.result);
  }

  private setStatus(text: string, kind: 'ok' | 'error' | 'busy'): void {
    this.status.textContent = text;
    this.status.className = `gc-status gc-status-${kind}`;
  }

  // ---------------------------------------------------------------- copy, open, save, host

  private copyTensor(name: string, values: unknown, shape: number[], format: 'latex' | 'markdown'): void {
    const v = values as NestedNumbers;
    this.copy(format === 'latex' ? toLatex(v, shape) : toMarkdownTable(v, shape), `${name} as ${format === 'latex' ? 'LaTeX' : 'Markdown'}`);
  }

  private copyPytorch(): void {
    const check = this.assemble(true) ?? this.state.result?.check;
    if (!check) {
      this.showToast('Fix the marked field first.', true);
      return;
    }
    const shapes = this.state.result ? Object.fromEntries(Object.entries(this.state.result.report.forward).map(([k, t]) => [k, t.shape])) : undefined;
    this.copy(checkToPytorch(check, { shapes }), 'the check as a PyTorch script');
  }

  private copy(text: string, label: string): void {
    this.post({ type: 'copy', text, label });
  }

  private save(): void {
    const check = this.assemble(true);
    if (!check) {
      this.showToast('Fix the marked field before saving.', true);
      return;
    }
    const base = (this.state.presetId || check.title || 'gradient-check').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
    this.post({ type: 'save', json: stringifyCheck(check), suggestedName: `${base || 'gradient-check'}.check.json` });
  }

  private onHostMessage(m: HostMessage): void {
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'opened': {
        const r = this.acceptCheckJson(m.json);
        if (typeof r === 'string') this.showToast(`${m.fileName}: ${r}`, true);
        else this.loadCheck(r, `File · ${m.fileName}`, '');
        break;
      }
      case 'openFailed':
        this.showToast(m.message, true);
        break;
      case 'saved':
        this.showToast(`Saved ${m.fileName}`);
        break;
      case 'copied':
        this.showToast(`Copied ${m.label}`);
        break;
      case 'prefill': {
        const seed = 1 + Math.floor(Math.random() * 100000);
        const { chain, notes, supported } = chainFromLayer(m.prefill, seed);
        this.state.chain = chain;
        this.post({ type: 'prefillApplied' });
        try {
          const built = buildChain(chain);
          const layer = supported ? describeLayer(chain.layers[0]) : m.prefill.layerType;
          this.state.tab = 'check';
          this.loadCheck(built.check, 'From your code', '', notes, layer, built.check.description);
        } catch (e) {
          this.state.tab = 'builder';
          this.state.notes = [...notes, e instanceof Error ? e.message : String(e)];
          this.renderLeft();
        }
        break;
      }
    }
  }

  private showToast(text: string, error = false): void {
    this.toast.textContent = text;
    this.toast.className = `gc-toast gc-toast-show${error ? ' gc-toast-error' : ''}`;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toast.className = 'gc-toast'), error ? 6000 : 2500);
  }

  private post(message: PageMessage): void {
    this.vscode.postMessage(message);
  }

  /** setState, debounced; a result too big to store is dropped (it is re-run when the page comes back). */
  private persist(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      let state: PageState = this.state;
      if (JSON.stringify(state).length > STATE_LIMIT) state = { ...state, result: undefined, stale: true };
      this.vscode.setState(state);
    }, 150);
  }
}

// ---------------------------------------------------------------- helpers

/** The text fields (and settings) a check starts with. */
function fieldsFor(check: CheckFile): Pick<PageState, 'fields' | 'lr' | 'step'> {
  const fields: Record<string, string> = {};
  for (const [name, input] of Object.entries(check.inputs)) fields[`in:${name}`] = toFieldText(input.values, shapeOf(input.values));
  if (check.upstream) fields.up = toFieldText(check.upstream.values, shapeOf(check.upstream.values));
  return { fields, lr: check.sgd ? String(check.sgd.lr) : '', step: check.check?.step !== undefined ? String(check.check.step) : '' };
}

function setFieldError(wrap: Element, input: HTMLElement, message: HTMLElement, text: string): void {
  message.textContent = text;
  wrap.classList.toggle('gc-field-invalid', text !== '');
  input.classList.toggle('gc-invalid', text !== '');
  input.setAttribute('aria-invalid', String(text !== ''));
}

function enterRuns(run: () => void): (e: Event) => void {
  return (e: Event) => {
    if ((e as KeyboardEvent).key === 'Enter') {
      e.preventDefault();
      run();
    }
  };
}

const cssEscape = (s: string): string => (typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, '\\$&'));
