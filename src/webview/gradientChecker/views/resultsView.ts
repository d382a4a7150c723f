// The right column: the run status, the verdict with its numbers, the forward values, the gradients (see
// gradientsView), the SGD step and the working panel. Redrawn from the last result; the status line and the
// "edited since" marks are synced in place, since they change while the result stays.
import type { CheckFile, CheckReport } from '../../../engine/grad/checkFormat';
import { displayError, displayNumber, reportToLatex, reportToMarkdown } from '../copyFormats';
import type { Controller } from '../controller';
import { bandHelp, displayStep, headlineMaxError, shapeNote } from '../display';
import { clear, h } from '../dom';
import type { Result } from '../store';
import { gradientsSection } from './gradientsView';
import { matrixView } from './matrixView';
import { showWorking, workingPanel } from './workingView';

export interface ResultsView {
  readonly el: HTMLElement;
  render(): void;
  sync(): void;
}

export function resultsView(ctl: Controller): ResultsView {
  const el = h('section', { class: 'gc-right', 'aria-labelledby': 'gc-results-title' });
  const status = h('div', { class: 'gc-status', role: 'status', 'aria-live': 'polite' });
  const render = () => {
    clear(el);
    el.append(h('h2', { id: 'gc-results-title', class: 'gc-sr-only', text: 'Results' }), status);
    const { result, stale } = ctl.state.page;
    if (!result) {
      el.append(h('div', { class: 'gc-empty' }, h('p', { text: 'Results appear here: forward values, the loss, analytic and numeric gradients side by side, and the SGD step.' })));
      return;
    }
    const section = sectionMaker(ctl);
    el.append(
      h('div', { class: 'gc-stale', id: 'gc-stale', hidden: !stale, text: 'Edited since — showing the last good result.' }),
      summary(ctl, result),
      forwardSection(ctl, result, section),
      section('grads', 'Gradients', ...gradientsSection(ctl, result)));
    if (result.report.sgd) el.append(sgdSection(ctl, result.report, section));
    el.append(workingPanel(ctl));
  };
  const sync = () => {
    const { page, ui } = ctl.state;
    const className = `gc-status${ui.status ? ` gc-status-${ui.status.kind}` : ''}`;
    if (status.className !== className) status.className = className;
    // Rewriting the same text would have screen readers announce it again.
    if (status.textContent !== (ui.status?.text ?? '')) status.textContent = ui.status?.text ?? '';
    const staleNote = el.querySelector<HTMLElement>('#gc-stale');
    if (staleNote) staleNote.hidden = !page.stale;
    el.classList.toggle('gc-is-stale', page.stale && !!page.result);
  };
  return { el, render, sync };
}

function summary(ctl: Controller, result: Result): HTMLElement {
  const { report, check, ms } = result;
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
      stat('time', `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`, 'time', `ran on the ${ctl.runnerMode}`)));
  if (report.warnings.length) {
    box.append(h('ul', { class: 'gc-warnings', 'aria-label': 'Warnings' }, ...report.warnings.map((w) => h('li', {}, h('span', { 'aria-hidden': 'true', text: '⚠ ' }), w))));
  }
  box.append(h('div', { class: 'gc-results-actions' },
    h('button', { type: 'button', class: 'gc-btn gc-btn-secondary', id: 'gc-copy-latex', onclick: () => ctl.copy(reportToLatex(check, report), 'the results as LaTeX') }, 'Copy LaTeX'),
    h('button', { type: 'button', class: 'gc-btn gc-btn-secondary', id: 'gc-copy-markdown', onclick: () => ctl.copy(reportToMarkdown(check, report), 'the results as Markdown') }, 'Copy Markdown')));
  return box;
}

type SectionMaker = (id: string, title: string, body: HTMLElement, extra?: HTMLElement) => HTMLElement;

/** A collapsible section that remembers being collapsed (in the state, so it survives hiding the panel). */
function sectionMaker(ctl: Controller): SectionMaker {
  return (id, title, body, extra) => {
    const det = h('details', { class: 'gc-section', id: `gc-sec-${id}`, open: !ctl.state.page.collapsed.includes(id) });
    det.addEventListener('toggle', () => ctl.toggleSection(id, det.open));
    det.append(h('summary', { class: 'gc-section-title' }, h('h2', { class: 'gc-h2', text: title }), extra ?? null), body);
    return det;
  };
}

function forwardSection(ctl: Controller, { check, report }: Result, section: SectionMaker): HTMLElement {
  const body = h('div', { class: 'gc-mats' });
  const sel = ctl.state.page.selected;
  const lastOut = check.objective.type === 'scalar' ? check.objective.name : '';
  for (const step of check.program) {
    const t = report.forward[step.out];
    if (!t) continue;
    body.append(matrixView({
      name: step.out, values: t.values, shape: t.shape, caption: step.out, note: `${shapeNote(t.shape)} · ${step.fn}`,
      emphasis: step.out === lastOut, testId: `forward-${step.out}`,
      onCell: (flat) => showWorking(ctl, { kind: 'forward', name: step.out, flat }), cellHint: 'show working',
      selected: sel?.kind === 'forward' && sel.name === step.out ? sel.flat : undefined,
      onCopy: (f) => ctl.copyTensor(step.out, t.values, t.shape, f),
    }));
  }
  const wrap = h('div', {}, body, inputsAsRead(ctl, check, report));
  return section('forward', 'Forward', wrap, h('span', { class: 'gc-section-note', text: 'click a value for its working' }));
}

/** The inputs as the engine read them (folded away: they are what was typed). */
function inputsAsRead(ctl: Controller, check: CheckFile, report: CheckReport): HTMLElement {
  const grid = h('div', { class: 'gc-mats' });
  for (const name of Object.keys(check.inputs)) {
    const t = report.forward[name];
    if (t) grid.append(matrixView({ name, values: t.values, shape: t.shape, caption: name, note: shapeNote(t.shape), testId: `input-${name}`, onCopy: (f) => ctl.copyTensor(name, t.values, t.shape, f) }));
  }
  return h('details', { class: 'gc-inputs-echo' }, h('summary', { text: 'Inputs as read' }), grid);
}

function sgdSection(ctl: Controller, report: CheckReport, section: SectionMaker): HTMLElement {
  const sgd = report.sgd!;
  const body = h('div', { class: 'gc-mats' });
  for (const [name, u] of Object.entries(sgd.updated)) {
    body.append(matrixView({ name: `${name}′`, values: u.values, shape: u.shape, caption: `${name}′ = ${name} − ${displayNumber(sgd.lr)}·∂L/∂${name}`, note: shapeNote(u.shape), testId: `sgd-${name}`,
      onCopy: (f) => ctl.copyTensor(`${name}'`, u.values, u.shape, f) }));
  }
  return section('sgd', `SGD step (lr = ${displayNumber(sgd.lr)})`, body);
}
