// The page's state and every change to it. Views read `store.state` and change it only through `dispatch` with one
// of the actions below; each action says which panels must be redrawn ('left': the tab panel, 'right': the results),
// and every view then syncs its small parts (messages, chips, status) in place, so typing never loses the caret.
// The persisted half survives the panel being hidden (VS Code's getState/setState); the UI half is per page load.
import type { CheckFile, CheckReport } from '../../engine/grad/checkFormat';
import { PRESETS } from '../../engine/grad/presets';
import { buildChain } from '../../present/gradBuilder/buildChain';
import { DEFAULT_CHAIN, type ChainSpec } from '../../present/gradBuilder/spec';
import { assemble, fieldErrorsFor, fieldKeys, fieldOfError, fieldsFor, readField, type Assembled, type Fields } from './checkFields';
import { resultStatus } from './display';
import type { VsCodeApi } from './messages';
import type { RunResponse } from './runner';

export type Tab = 'check' | 'builder' | 'json';

export interface Result { check: CheckFile; report: CheckReport; ms: number }
/** The element whose working is shown. */
export interface Selection { kind: 'forward' | 'grad'; name: string; flat: number }

/** Everything the page needs to come back exactly as it was after being hidden (vscode.setState). */
export interface PageState {
  v: 1;
  /** Where the check came from: 'Preset', 'File · x.json', 'Builder', 'From your code', 'Edited JSON'. */
  source: string;
  /** Heading and description shown over the program (the preset's, the file's title, the built chain). */
  sourceTitle: string;
  sourceDesc: string;
  presetId: string;
  /** The check the fields edit; it takes the typed values at every good assembly. */
  check: CheckFile;
  /** Text typed per field: 'in:A', 'up', 'hand:A'. */
  fields: Fields;
  lr: string;
  step: string;
  tab: Tab;
  chain: ChainSpec;
  notes: string[];
  result?: Result;
  /** The result no longer matches the fields (edited since, or the last run failed). */
  stale: boolean;
  selected?: Selection;
  /** Sections the user collapsed. */
  collapsed: string[];
}

/** What the page shows but need not keep when hidden: messages, the run status, the toast. */
export interface UiState {
  status?: { text: string; kind: 'ok' | 'error' | 'busy' };
  /** The message under each tensor field ('' for none). */
  fieldErrors: Record<string, string>;
  /** The settings' message and which of them is wrong; undefined until the settings are first read. */
  settings?: { message: string; lr: boolean; step: boolean; marked: boolean };
  /** The engine's message when it names no field; `step` (1-based) marks that line of the program. */
  programError?: { message: string; step?: number };
  cancelShown: boolean;
  toast?: { text: string; error: boolean; shown: boolean };
}

export interface AppState { page: PageState; ui: UiState }

export type Rebuild = 'left' | 'right';
/** What an action changed: the panels to redraw; persist: false when only the UI half changed (nothing to setState). */
export interface Change { rebuild?: Rebuild[]; persist?: boolean }
export type Action<A extends unknown[]> = (s: AppState, ...args: A) => Change | void;

const STATE_LIMIT = 2_000_000; // characters of JSON: bigger results are re-run instead of stored

export class Store {
  readonly state: AppState;
  private readonly listeners: ((rebuild: ReadonlySet<Rebuild>) => void)[] = [];
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly vscode: VsCodeApi) {
    const saved = vscode.getState() as PageState | undefined;
    const page = saved && saved.v === 1 && saved.check ? saved : initialPage();
    this.state = { page, ui: { fieldErrors: fieldErrorsFor(page.check, page.fields), cancelShown: false } };
    if (page.result) this.state.ui.status = resultStatus(page.result.report);
  }

  subscribe(listener: (rebuild: ReadonlySet<Rebuild>) => void): void {
    this.listeners.push(listener);
  }

  dispatch<A extends unknown[]>(action: Action<A>, ...args: A): void {
    const change = action(this.state, ...args) ?? {};
    const rebuild = new Set(change.rebuild);
    for (const listener of this.listeners) listener(rebuild);
    if (change.persist !== false) this.persist();
  }

  /** setState, debounced; a result too big to store is dropped (it is re-run when the page comes back). */
  private persist(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      let page = this.state.page;
      if (JSON.stringify(page).length > STATE_LIMIT) page = { ...page, result: undefined, stale: true };
      this.vscode.setState(page);
    }, 150);
  }
}

function initialPage(): PageState {
  const first = PRESETS.find((p) => /linear-sgd|yax/.test(p.id)) ?? PRESETS[0];
  const check = first ? structuredClone(first.check) : buildChain(DEFAULT_CHAIN).check; // edits must not reach PRESETS
  return {
    v: 1, source: first ? 'Preset' : 'Builder', sourceTitle: first?.title ?? check.title ?? '', sourceDesc: first?.description ?? check.description ?? '',
    presetId: first?.id ?? '', check, ...fieldsFor(check), tab: 'check', chain: structuredClone(DEFAULT_CHAIN), notes: [], stale: true, collapsed: [],
  };
}

// ---------------------------------------------------------------- actions

/** The tab panel is redrawn: like a freshly drawn form, the fields show their own messages and the settings none. */
function relayout(s: AppState): Change {
  s.ui.fieldErrors = fieldErrorsFor(s.page.check, s.page.fields);
  s.ui.settings = undefined;
  return { rebuild: ['left'] };
}

/** A check to show, from a preset, a file, the builder, the JSON tab or the editor. */
export interface Source {
  check: CheckFile;
  kind: string; // 'Preset', 'File · x.json', …
  presetId?: string;
  notes?: string[];
  title?: string;
  description?: string;
  tab?: Tab; // the tab to show it on (else the current one)
  chain?: ChainSpec; // the builder's chain from now on (a layer from the editor fills the builder too)
}

export function loadCheck(s: AppState, src: Source): Change {
  s.page = {
    ...s.page, ...fieldsFor(src.check), check: structuredClone(src.check), source: src.kind, presetId: src.presetId ?? '', notes: src.notes ?? [],
    sourceTitle: src.title ?? src.check.title ?? '', sourceDesc: src.description ?? src.check.description ?? '',
    tab: src.tab ?? s.page.tab, chain: src.chain ?? s.page.chain, result: undefined, stale: true, selected: undefined,
  };
  return { rebuild: [...relayout(s).rebuild!, 'right'] };
}

export function switchTab(s: AppState, tab: Tab): Change {
  if (tab === s.page.tab) return { persist: false };
  // Leaving the Check tab: the JSON tab should show what was typed.
  if (s.page.tab === 'check') adoptAssembly(s, assembleOf(s), false);
  s.page.tab = tab;
  return relayout(s);
}

/** Typing in a tensor field: a message goes as soon as the text reads; a new one waits for blur or a run. */
export function editField(s: AppState, key: string, text: string): void {
  s.page.fields[key] = text;
  if (!readField(s.page.check, key, text).error) s.ui.fieldErrors[key] = '';
  s.page.stale = true;
}

/** Leaving a tensor field shows its message at once. */
export function checkField(s: AppState, key: string): Change {
  s.ui.fieldErrors[key] = readField(s.page.check, key, s.page.fields[key] ?? '').error;
  return { persist: false };
}

export function setRequiresGrad(s: AppState, name: string, on: boolean): Change {
  s.page.check.inputs[name].requires_grad = on;
  s.page.stale = true;
  return relayout(s);
}

export function setSetting(s: AppState, which: 'lr' | 'step', text: string): void {
  s.page[which] = text;
  s.page.stale = true;
}

/** The check with what is typed in the fields and settings (see checkFields.assemble). */
export const assembleOf = ({ page: p }: AppState): Assembled => assemble(p.check, p.fields, p.lr, p.step);

/**
 * Takes an assembly's messages, and its check when it has one (later edits compare against its shapes).
 * `showErrors`: a run shows every message; leaving the tab only clears the ones fixed since.
 */
export function adoptAssembly(s: AppState, a: Assembled, showErrors: boolean): void {
  for (const [key, message] of Object.entries(a.errors)) if (showErrors || !message) s.ui.fieldErrors[key] = message;
  const problems = [a.settings.lr, a.settings.step].filter((p): p is string => !!p);
  const kept = s.ui.settings?.message && problems.length ? s.ui.settings.message : '';
  s.ui.settings = { message: showErrors ? problems.join(' ') : kept, lr: !!a.settings.lr, step: !!a.settings.step, marked: showErrors };
  if (a.check) s.page.check = a.check;
}

export function assemblyFailed(s: AppState): Change {
  s.ui.status = { text: `Fix the marked field to run ${s.page.result ? 'again — the results below are from the last good check' : 'the check'}.`, kind: 'error' };
  return { persist: false };
}

export function runStarted(s: AppState): Change {
  s.ui.status = { text: 'Running the check…', kind: 'busy' };
  return { persist: false };
}

export function showCancel(s: AppState, shown: boolean): Change {
  s.ui.cancelShown = shown;
  return { persist: false };
}

export function runFinished(s: AppState, r: RunResponse): Change {
  s.ui.programError = undefined;
  if (r.ok) {
    s.page = { ...s.page, result: { check: r.check, report: r.report, ms: r.ms }, stale: false, selected: undefined };
    s.ui.status = resultStatus(r.report);
    return { rebuild: ['right'] };
  }
  if (r.where === 'cancelled') {
    s.ui.status = { text: 'Cancelled — the results below are from the last good check.', kind: 'error' };
    return { persist: false };
  }
  placeEngineError(s, r.message, r.where);
  s.ui.status = { text: `The check did not run${s.page.result ? ' — the results below are from the last good check' : ''}.`, kind: 'error' };
  return { persist: false };
}

/** The engine's message goes to the field it names when the Check tab shows that field, else under the program. */
function placeEngineError(s: AppState, message: string, where: string): void {
  const key = fieldOfError(s.page.check, where);
  if (key && s.page.tab === 'check' && fieldKeys(s.page.check).includes(key)) {
    s.ui.fieldErrors[key] = message;
    return;
  }
  const step = /^step (\d+)/.exec(where);
  s.ui.programError = { message, step: step ? Number(step[1]) : undefined };
}

/** Shows the working of one element. The results are redrawn, and their status line with them. */
export function select(s: AppState, selected: Selection | undefined): Change {
  s.page.selected = selected;
  if (s.page.result) s.ui.status = resultStatus(s.page.result.report);
  return { rebuild: ['right'] };
}

export function toggleSection(s: AppState, id: string, open: boolean): void {
  s.page.collapsed = open ? s.page.collapsed.filter((c) => c !== id) : [...new Set([...s.page.collapsed, id])];
}

/** An edit of the builder's chain; `relayoutBuilder` when the layer list changed and the builder must be redrawn. */
export function editChain(s: AppState, edit: (chain: ChainSpec) => void, relayoutBuilder: boolean): Change | void {
  edit(s.page.chain);
  if (relayoutBuilder) return relayout(s);
}

/** The editor's layer became a chain the builder cannot build: the builder shows it, with the reason. */
export function prefillFailed(s: AppState, chain: ChainSpec, notes: string[]): Change {
  s.page = { ...s.page, chain, tab: 'builder', notes };
  return relayout(s);
}

export function setToast(s: AppState, text: string, error: boolean, shown: boolean): Change {
  s.ui.toast = { text, error, shown };
  return { persist: false };
}
