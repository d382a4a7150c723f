// The check's text fields: which ones the Check tab shows, how each one reads, and the check they assemble into.
// Pure (no DOM), so the store, the controller and the views share one reading of what was typed.
import type { CheckFile, NestedNumbers } from '../../engine/grad/checkFormat';
import { parseCheck } from '../../engine/grad/index';
import { toFieldText } from './copyFormats';
import { formatLabel, shapeNote } from './display';
import { sameShape, shapeOf } from '../../present/gradBuilder/nested';
import { parseMatrix } from './parseMatrix';

/** Field keys: 'in:A' (an input), 'hand:A' (my hand-derived ∂L/∂A, optional), 'up' (the upstream gradient). */
export type Fields = Record<string, string>;

/** The text fields (and settings) a check starts with. */
export function fieldsFor(check: CheckFile): { fields: Fields; lr: string; step: string } {
  const fields: Fields = {};
  for (const [name, input] of Object.entries(check.inputs)) fields[`in:${name}`] = toFieldText(input.values, shapeOf(input.values));
  if (check.upstream) fields.up = toFieldText(check.upstream.values, shapeOf(check.upstream.values));
  return { fields, lr: check.sgd ? String(check.sgd.lr) : '', step: check.check?.step !== undefined ? String(check.check.step) : '' };
}

/** The fields the Check tab shows, in order: each input, its hand-derived gradient when it requires one, the upstream. */
export function fieldKeys(check: CheckFile): string[] {
  const keys: string[] = [];
  for (const [name, input] of Object.entries(check.inputs)) {
    keys.push(`in:${name}`);
    if (input.requires_grad) keys.push(`hand:${name}`);
  }
  if (check.objective.type === 'upstream' && check.upstream) keys.push('up');
  return keys;
}

/** The shape a field is read against: a typed tensor that differs from it only by size-1 axes takes it. */
export function likeOf(check: CheckFile, key: string): number[] {
  if (key === 'up') return check.upstream ? shapeOf(check.upstream.values) : [];
  const input = check.inputs[key.slice(key.indexOf(':') + 1)];
  return input ? shapeOf(input.values) : [];
}

export const isOptional = (key: string): boolean => key.startsWith('hand:');

/** A field as read: its chip ("rows · (2, 2)") or the message for it. An empty optional field shows neither. */
export function readField(check: CheckFile, key: string, text: string): { chip: string; error: string } {
  if (isOptional(key) && text.trim() === '') return { chip: '', error: '' };
  const r = parseMatrix(text, { like: likeOf(check, key) });
  return r.ok ? { chip: `${formatLabel(r.format)} · ${shapeNote(r.shape)}`, error: '' } : { chip: '', error: r.message };
}

/** Every shown field's message, as a freshly drawn Check tab shows them. */
export function fieldErrorsFor(check: CheckFile, fields: Fields): Record<string, string> {
  return Object.fromEntries(fieldKeys(check).map((key) => [key, readField(check, key, fields[key] ?? '').error]));
}

export interface Assembled {
  /** The check with the typed values, when every field and setting reads. */
  check?: CheckFile;
  /** The message ('' when fine) of each field read: the inputs and the upstream gradient. */
  errors: Record<string, string>;
  /** What is wrong with the learning rate and the step, if anything. */
  settings: { lr?: string; step?: string };
}

/** The base check with the typed values and settings in place, or what keeps it from assembling. */
export function assemble(base: CheckFile, fields: Fields, lr: string, step: string): Assembled {
  const check: CheckFile = structuredClone(base);
  const errors: Record<string, string> = {};
  const read = (key: string, like: number[]): NestedNumbers | undefined => {
    const r = parseMatrix(fields[key] ?? '', { like });
    errors[key] = r.ok ? '' : r.message;
    return r.ok ? r.values : undefined;
  };
  for (const [name, input] of Object.entries(check.inputs)) {
    const v = read(`in:${name}`, shapeOf(input.values));
    if (v === undefined) continue;
    input.values = v;
    if (input.shape && !sameShape(input.shape, shapeOf(v))) delete input.shape;
  }
  if (check.upstream) {
    const v = read('up', shapeOf(check.upstream.values));
    if (v !== undefined) check.upstream.values = v;
  }
  const settings = applySettings(check, lr.trim(), step.trim());
  const ok = Object.values(errors).every((e) => e === '') && !settings.lr && !settings.step;
  return { check: ok ? check : undefined, errors, settings };
}

/** Puts the learning rate and the finite-difference step into `check`; returns what does not read. */
function applySettings(check: CheckFile, lr: string, step: string): Assembled['settings'] {
  const problems: Assembled['settings'] = {};
  if (lr === '') delete check.sgd;
  else if (!Number.isFinite(Number(lr))) problems.lr = `Learning rate: "${lr}" is not a number.`;
  else check.sgd = { lr: Number(lr) };
  if (step !== '') {
    const v = Number(step);
    if (!(v > 0 && v < 1)) problems.step = `Step h: "${step}" must be a number between 0 and 1 (1e-6 is usual).`;
    else check.check = { ...check.check, step: v };
  } else if (check.check) delete check.check.step;
  return problems;
}

/** The field an engine message belongs to ('inputs.A[0]' → 'in:A', 'upstream…' → 'up'), if any. */
export function fieldOfError(check: CheckFile, where: string): string | undefined {
  const rest = where.replace(/^inputs\./, '');
  const name = Object.keys(check.inputs)
    .filter((n) => rest === n || rest.startsWith(`${n}.`) || rest.startsWith(`${n}[`))
    .sort((a, b) => b.length - a.length)[0];
  return name !== undefined ? `in:${name}` : /^upstream/.test(where) ? 'up' : undefined;
}

/** JSON text → a validated check, or the message to show. */
export function parseCheckJson(text: string): CheckFile | string {
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
