// The page's commands: what the views call when the user does something. Each one changes the state only by
// dispatching the store's actions; what reaches outside the store lives here: runs in the worker, the host
// (open, save, clipboard), and the timers (the run after typing, the Cancel button, the toast).
import type { CheckFile, NestedValues } from '../../engine/grad/checkFormat';
import { PRESETS } from '../../engine/grad/presets';
import { buildChain } from '../../present/gradBuilder/buildChain';
import { chainFromLayer, type LayerPrefill } from '../../present/gradBuilder/prefill';
import { describeLayer, type ChainSpec } from '../../present/gradBuilder/spec';
import { parseCheckJson } from './checkFields';
import { stringifyCheck, toLatex, toMarkdownTable } from './copyFormats';
import type { HostMessage, PageMessage } from './messages';
import type { CheckRunner } from './runner';
import * as actions from './store';
import type { AppState, Selection, Source, Store, Tab } from './store';
import { checkToPytorch } from './toPytorch';

const AUTO_RUN_MS = 450; // after the last keystroke: a run per pause, not per key
const CANCEL_AFTER_MS = 600; // quick runs never flash a Cancel button
const TOAST_MS = 2500;
const ERROR_TOAST_MS = 6000; // long enough to read a file's error

export class Controller {
  private autoRunTimer: ReturnType<typeof setTimeout> | undefined;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  /** Only the newest run's answer is shown. */
  private runSerial = 0;

  constructor(private readonly store: Store, private readonly runner: CheckRunner, private readonly post: (m: PageMessage) => void) {}

  get state(): Readonly<AppState> {
    return this.store.state;
  }

  /** Where checks run ('worker' or 'main thread'), for the time's tooltip. */
  get runnerMode(): string {
    return this.runner.mode;
  }

  // ---------------------------------------------------------------- editing

  editField(key: string, text: string): void {
    this.store.dispatch(actions.editField, key, text);
    this.scheduleRun();
  }

  checkField(key: string): void {
    this.store.dispatch(actions.checkField, key);
  }

  setRequiresGrad(name: string, on: boolean): void {
    this.store.dispatch(actions.setRequiresGrad, name, on);
    this.scheduleRun();
  }

  setSetting(which: 'lr' | 'step', text: string): void {
    this.store.dispatch(actions.setSetting, which, text);
    this.scheduleRun();
  }

  switchTab(tab: Tab): void {
    this.store.dispatch(actions.switchTab, tab);
  }

  editChain(edit: (chain: ChainSpec) => void, relayout = false): void {
    this.store.dispatch(actions.editChain, edit, relayout);
  }

  select(selected: Selection | undefined): void {
    this.store.dispatch(actions.select, selected);
  }

  toggleSection(id: string, open: boolean): void {
    this.store.dispatch(actions.toggleSection, id, open);
  }

  // ---------------------------------------------------------------- loading a check

  loadPreset(id: string): void {
    const p = PRESETS.find((preset) => preset.id === id);
    if (p) this.load({ check: p.check, kind: 'Preset', presetId: p.id, title: p.title, description: p.description });
  }

  buildAndRun(): void {
    try {
      this.load({ check: buildChain(this.state.page.chain).check, kind: 'Builder', tab: 'check' });
    } catch (e) {
      this.toast(e instanceof Error ? e.message : String(e), true);
    }
  }

  /** Loads the JSON tab's text; returns the message to show there when it is not a valid check. */
  applyJson(text: string): string | undefined {
    const r = parseCheckJson(text);
    if (typeof r === 'string') return r;
    this.load({ check: r, kind: 'Edited JSON', tab: 'check' });
    return undefined;
  }

  private load(source: Source): void {
    this.store.dispatch(actions.loadCheck, source);
    void this.run();
  }

  // ---------------------------------------------------------------- running

  private scheduleRun(): void {
    clearTimeout(this.autoRunTimer);
    this.autoRunTimer = setTimeout(() => void this.run(), AUTO_RUN_MS);
  }

  async run(): Promise<void> {
    clearTimeout(this.autoRunTimer);
    const assembled = actions.assembleOf(this.store.state);
    this.store.dispatch(actions.adoptAssembly, assembled, true);
    if (!assembled.check) {
      this.store.dispatch(actions.assemblyFailed);
      return;
    }
    const serial = ++this.runSerial;
    this.store.dispatch(actions.runStarted);
    const cancelTimer = setTimeout(() => this.store.dispatch(actions.showCancel, true), CANCEL_AFTER_MS);
    const response = await this.runner.run(assembled.check);
    clearTimeout(cancelTimer);
    this.store.dispatch(actions.showCancel, false);
    if (serial === this.runSerial) this.store.dispatch(actions.runFinished, response);
  }

  cancel(): void {
    this.runner.cancel();
  }

  // ---------------------------------------------------------------- the host: files, clipboard, messages

  open(): void {
    this.post({ type: 'open' });
  }

  save(): void {
    const check = this.assembleShowingErrors();
    if (!check) {
      this.toast('Fix the marked field before saving.', true);
      return;
    }
    const base = (this.state.page.presetId || check.title || 'gradient-check').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
    this.post({ type: 'save', json: stringifyCheck(check), suggestedName: `${base || 'gradient-check'}.check.json` });
  }

  copy(text: string, label: string): void {
    this.post({ type: 'copy', text, label });
  }

  copyTensor(name: string, values: NestedValues, shape: number[], format: 'latex' | 'markdown'): void {
    this.copy(format === 'latex' ? toLatex(values, shape) : toMarkdownTable(values, shape), `${name} as ${format === 'latex' ? 'LaTeX' : 'Markdown'}`);
  }

  /** The typed check if it assembles (else the last good one) as a runnable script. */
  copyPytorch(): void {
    const result = this.state.page.result;
    const check = this.assembleShowingErrors() ?? result?.check;
    if (!check) {
      this.toast('Fix the marked field first.', true);
      return;
    }
    const shapes = result ? Object.fromEntries(Object.entries(result.report.forward).map(([k, t]) => [k, t.shape])) : undefined;
    this.copy(checkToPytorch(check, { shapes }), 'the check as a PyTorch script');
  }

  /** The typed check, marking every field that does not read (as a run does). */
  private assembleShowingErrors(): CheckFile | undefined {
    const assembled = actions.assembleOf(this.store.state);
    this.store.dispatch(actions.adoptAssembly, assembled, true);
    return assembled.check;
  }

  onHostMessage(m: HostMessage): void {
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'opened': {
        const r = parseCheckJson(m.json);
        if (typeof r === 'string') this.toast(`${m.fileName}: ${r}`, true);
        else this.load({ check: r, kind: `File · ${m.fileName}` });
        break;
      }
      case 'openFailed':
        this.toast(m.message, true);
        break;
      case 'saved':
        this.toast(`Saved ${m.fileName}`);
        break;
      case 'copied':
        this.toast(`Copied ${m.label}`);
        break;
      case 'prefill':
        this.prefill(m.prefill);
        break;
    }
  }

  /** A layer from the editor: a small chain with random integers, checked at once (or shown in the builder if it cannot be built). */
  private prefill(prefill: LayerPrefill): void {
    const seed = 1 + Math.floor(Math.random() * 100000);
    const { chain, notes, supported } = chainFromLayer(prefill, seed);
    this.post({ type: 'prefillApplied' });
    try {
      const built = buildChain(chain);
      const title = supported ? describeLayer(chain.layers[0]) : prefill.layerType;
      this.load({ check: built.check, kind: 'From your code', notes, title, description: built.check.description, tab: 'check', chain });
    } catch (e) {
      this.store.dispatch(actions.prefillFailed, chain, [...notes, e instanceof Error ? e.message : String(e)]);
    }
  }

  toast(text: string, error = false): void {
    this.store.dispatch(actions.setToast, text, error, true);
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => this.store.dispatch(actions.setToast, text, false, false), error ? ERROR_TOAST_MS : TOAST_MS);
  }
}
