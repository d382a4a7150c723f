// The Gradients section: per input, the analytic gradient, the numeric one, the relative-error heatmap and, when
// typed, my hand-derived gradient with the elements that disagree marked.
import type { CheckReport, InputCheck, TensorJson } from '../../../engine/grad/checkFormat';
import { displayError } from '../copyFormats';
import type { Controller } from '../controller';
import { bandHelp, BANDS, compareHand, displayStep, handProblem, handVerdict, roundOff, type HandComparison } from '../display';
import { h } from '../dom';
import { countOf } from '../../../present/gradBuilder/nested';
import type { Result } from '../store';
import { matrixView } from './matrixView';
import { showWorking } from './workingView';

/** The section's body and its band legend. */
export function gradientsSection(ctl: Controller, { report }: Result): [HTMLElement, HTMLElement] {
  const wrap = h('div', { class: 'gc-grads' });
  const names = Object.keys(report.grads);
  if (names.length === 0) wrap.append(h('p', { class: 'gc-hint', text: 'No input requires a gradient: tick "requires grad" on a tensor.' }));
  for (const name of names) wrap.append(inputGradient(ctl, report, name));
  const legend = h('span', { class: 'gc-legend', 'aria-label': 'Error bands' },
    ...BANDS.map((b) => h('span', { class: `gc-legend-item gc-band-${b}`, title: bandHelp(b), text: b })));
  return [wrap, legend];
}

function inputGradient(ctl: Controller, report: CheckReport, name: string): HTMLElement {
  const g = report.grads[name];
  const c: InputCheck | undefined = report.checks[name];
  const noise = c ? roundOff(c) : undefined;
  const handText = ctl.state.page.fields[`hand:${name}`];
  const hand = compareHand(handText, g.values, g.shape);
  const mats = h('div', { class: 'gc-mats gc-mats-side' }, ...matrices(ctl, report, name, hand));
  const handNote = handProblem(name, handText, g.shape);
  return h('div', { class: 'gc-grad' },
    h('div', { class: 'gc-grad-head' },
      h('h3', { class: 'gc-h3' }, h('code', { text: `∂L/∂${name}` })),
      c && noise ? h('span', { class: `gc-pill gc-pill-num gc-band-${c.verdict}`, text: `${c.verdict} · max ${displayError(noise.max)}`, title: bandHelp(c.verdict) }) : null,
      c?.kink_crossings.length ? h('span', { class: 'gc-kink', text: `${c.kink_crossings.length} element(s) on a kink — finite differences not trusted there` }) : null,
      c?.sampled ? h('span', { class: 'gc-section-note', text: `${c.checked} of ${c.total} elements sampled` }) : null,
      hand ? handVerdictPill(name, hand, g) : null),
    mats,
    handNote ? h('p', { class: 'gc-error', text: handNote }) : null);
}

/** Analytic (click for the chain rule), numeric, relative error, and mine when typed. */
function matrices(ctl: Controller, report: CheckReport, name: string, hand: HandComparison | undefined): HTMLElement[] {
  const g = report.grads[name];
  const n = report.numeric_grads[name];
  const c = report.checks[name];
  const bands = c?.bands;
  const sel = ctl.state.page.selected;
  const out = [matrixView({
    name: `∂L/∂${name}`, values: g.values, shape: g.shape, caption: `∂L/∂${name}`, note: 'analytic (backprop)', testId: `grad-${name}`,
    onCell: (flat) => showWorking(ctl, { kind: 'grad', name, flat }), cellHint: 'show the chain rule',
    selected: sel?.kind === 'grad' && sel.name === name ? sel.flat : undefined,
    onCopy: (f) => ctl.copyTensor(`dL/d${name}`, g.values, g.shape, f),
  })];
  if (n) {
    out.push(matrixView({ name: `numeric ∂L/∂${name}`, values: n.values, shape: n.shape, caption: 'numeric', note: `central differences, h = ${displayStep(report.step)}`,
      testId: `numeric-${name}`, bands, onCopy: (f) => ctl.copyTensor(`numeric dL/d${name}`, n.values, n.shape, f) }));
  }
  if (c) {
    const noise = roundOff(c);
    out.push(matrixView({ name: `relative error of ∂L/∂${name}`, values: c.rel_errors, shape: c.shape, caption: 'relative error',
      note: noise.flat.size ? 'per element · ≈0: round-off at 0' : 'per element', errors: true, bands, testId: `error-${name}`, roundOff: noise.flat }));
  }
  if (hand) {
    out.push(matrixView({ name: `your ∂L/∂${name}`, values: hand.values, shape: g.shape, caption: 'yours',
      note: hand.wrong.size ? `${hand.wrong.size} of ${countOf(g.shape)} differ` : 'all match', marked: hand.wrong, testId: `hand-${name}` }));
  }
  return out;
}

function handVerdictPill(name: string, hand: HandComparison, g: TensorJson): HTMLElement {
  return h('span', { class: `gc-hand-verdict ${hand.wrong.size ? 'gc-hand-bad' : 'gc-hand-ok'}`, 'data-testid': `hand-verdict-${name}`,
    text: handVerdict(hand, g.values, g.shape) });
}
