// How the page words what it shows: shape notes, the program as PyTorch, error bands, and the few numbers it derives
// from a report (round-off elements, the headline error, a hand-derived gradient against the analytic one).
// Pure (no DOM): the store words the status line with it, the views everything else.
import type { CheckFile, CheckReport, InputCheck, NestedNumbers, NestedValues, ProgramStep, Verdict } from '../../engine/grad/checkFormat';
import { displayError, displayNumber } from './copyFormats';
import { flatten, formatShape, indexOf, sameShape } from '../../present/gradBuilder/nested';
import { parseMatrix, type MatrixFormat } from './parseMatrix';

export const shapeNote = (shape: number[]): string => (shape.length === 0 ? 'scalar' : formatShape(shape));

/** 1e−6, 5e−7: a step written as people write it. */
export const displayStep = (h: number): string => h.toExponential().replace(/\.0+e/, 'e').replace('e-', 'e−').replace('e+', 'e');

export const formatLabel = (f: MatrixFormat): string => (f === 'latex' ? 'LaTeX' : f === 'numpy' ? 'list' : 'rows');

export const BANDS: readonly Verdict[] = ['good', 'acceptable', 'suspicious', 'wrong'];

export function bandHelp(b: Verdict): string {
  return {
    good: 'relative error ≤ 1e-7: the gradient is right',
    acceptable: 'relative error ≤ 1e-4: fine where the objective has kinks (ReLU, max-pool)',
    suspicious: 'relative error between 1e-4 and 1e-2 (or ≤ 1e-4 without kinks): look closer',
    wrong: 'relative error > 1e-2: the gradient is wrong',
  }[b];
}

/** "y = torch.matmul(A, x)" / "L = F.mse_loss(y, t, reduction='sum')". */
export function stepText(step: ProgramStep, check: CheckFile): string {
  const known = new Set([...Object.keys(check.inputs), ...check.program.map((s) => s.out)]);
  const arg = (v: unknown): string =>
    typeof v === 'string' ? (known.has(v) ? v : `'${v}'`) : typeof v === 'boolean' ? (v ? 'True' : 'False') : v === null ? 'None'
      : Array.isArray(v) ? `(${v.map(arg).join(', ')})` : String(v);
  const args = (step.args ?? []).map(arg);
  for (const [k, v] of Object.entries(step.kwargs ?? {})) args.push(`${k}=${arg(v)}`);
  return `${step.out} = ${step.fn}(${args.join(', ')})`;
}

/**
 * Elements the engine counts as agreeing although their relative error is large: the analytic value is (near) 0
 * and the difference quotient is round-off, so |a − n| / max(|a|, |n|) means nothing there. The page shows them
 * as "≈0" and leaves them out of the headline maximum, so the number agrees with the verdict.
 */
export function roundOff(c: InputCheck): { flat: Set<number>; max: number } {
  const errors = flatten<number | null>(c.rel_errors as number);
  const kinks = new Set(c.kink_crossings);
  const flat = new Set<number>();
  let max = 0;
  errors.forEach((e, i) => {
    if (e === null || kinks.has(i)) return;
    if (c.bands[i] === 'good' && e > 1e-7) flat.add(i);
    else max = Math.max(max, e);
  });
  return { flat, max };
}

/** The headline maximum over all inputs, without round-off elements. */
export function headlineMaxError(report: CheckReport): number {
  const checks = Object.values(report.checks);
  return checks.length ? Math.max(...checks.map((c) => roundOff(c).max)) : report.max_rel_error;
}

/** The status line for a result (screen readers hear it; the verdict box shows the same visibly). */
export function resultStatus(report: CheckReport): { text: string; kind: 'ok' | 'error' } {
  return {
    text: `Check ${report.passed ? 'passed' : 'failed'}: L = ${displayNumber(report.loss)}, max relative error ${displayError(headlineMaxError(report))}.`,
    kind: report.passed ? 'ok' : 'error',
  };
}

export interface HandComparison {
  values: NestedNumbers;
  /** Flat indices where the hand-derived value disagrees with the analytic one. */
  wrong: Set<number>;
}

/** The hand-derived gradient typed for an input, and the elements that disagree with the analytic `truth`. */
export function compareHand(text: string | undefined, truth: NestedValues, shape: number[]): HandComparison | undefined {
  if (!text || !text.trim()) return undefined;
  const r = parseMatrix(text, { like: shape });
  if (!r.ok || !sameShape(r.shape, shape)) return undefined;
  const mine = flatten<number>(r.values as number);
  const exact = flatten<number>(truth as number);
  const wrong = new Set<number>();
  mine.forEach((v, i) => {
    if (Math.abs(v - exact[i]) / Math.max(Math.abs(v), Math.abs(exact[i]), 1e-12) > 1e-6) wrong.add(i);
  });
  return { values: r.values, wrong };
}

/** "✓ yours matches" or "✗ yours differs at [1, 1]: 9, not 8". */
export function handVerdict(hand: HandComparison, truth: NestedValues, shape: number[]): string {
  if (hand.wrong.size === 0) return '✓ yours matches';
  const mine = flatten<number>(hand.values as number);
  const exact = flatten<number>(truth as number);
  const first = [...hand.wrong].slice(0, 3).map((f) => `[${indexOf(f, shape).join(', ')}]: ${displayNumber(mine[f])}, not ${displayNumber(exact[f])}`);
  const more = hand.wrong.size > 3 ? ` and ${hand.wrong.size - 3} more` : '';
  return `✗ yours differs at ${first.join('; ')}${more}`;
}

/** Why a typed hand-derived gradient cannot be compared, or undefined. */
export function handProblem(name: string, text: string | undefined, shape: number[]): string | undefined {
  if (!text || !text.trim()) return undefined;
  const r = parseMatrix(text, { like: shape });
  if (!r.ok) return `Your ∂L/∂${name}: ${r.message}`;
  if (!sameShape(r.shape, shape)) return `Your ∂L/∂${name} has shape ${formatShape(r.shape)}; the gradient has ${formatShape(shape)}.`;
  return undefined;
}
