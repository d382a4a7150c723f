// The gradient checker's public API: parse a check file, run it, explain any element.
//   parseCheck(json)                 validate (throws CheckFormatError naming the step and field)
//   runCheck(check, options)         forward, analytic backward, finite differences, verdict, SGD step
//   explainForwardElement(...)       "y₁₁ = 1·1 + (−1)·2 + 0·4 + 2·3 = 5"
//   explainGradElement(...)          "∂L/∂A₁₁ = ∂L/∂y₁·∂y₁/∂A₁₁ = (−1)·2 = −2"
export * from './checkFormat';
export { PRESETS, type Preset } from './presets';
import {
  CheckFormatError, type CheckFile, type CheckReport, type PartialTensorJson, type RunOptions, type TensorJson,
} from './checkFormat';
import { element, factor, num } from './format';
import { DEFAULT_MAX_ELEMENTS, DEFAULT_STEP, finiteDifferences } from './numeric';
import { GRAD_OPS } from './ops';
import { backward, compile, forward, type Compiled, type ForwardRun } from './program';
import { Tensor, fmtShape, ravel, toNested, toNestedNullable } from './tensor';

/** The functions a program step may call, by their registry names (other spellings such as torch.nn.functional.conv2d are accepted too). */
export const SUPPORTED_FUNCTIONS: string[] = [...GRAD_OPS.keys()];

const json = (t: Tensor): TensorJson => ({ shape: t.shape.slice(), values: toNested(t) });

/**
 * Validates a parsed JSON value as a check file (structure, names, literals, tensors, arguments); returns it with
 * function aliases spelled canonically (torch.nn.functional.conv2d → F.conv2d). Shape errors surface in runCheck.
 */
export function parseCheck(value: unknown): CheckFile {
  const c = compile(value as CheckFile);
  const check = value as CheckFile;
  return { ...check, program: check.program.map((s, i) => ({ ...s, fn: c.steps[i].op.fn })) };
}

/** Parses JSON text; a syntax error becomes a CheckFormatError. */
export function parseCheckText(text: string): CheckFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new CheckFormatError(`not valid JSON: ${(e as Error).message}`, 'file');
  }
  return parseCheck(value);
}

export function runCheck(check: CheckFile, options: RunOptions = {}): CheckReport {
  const c = compile(check);
  const base = forward(c, true);
  const grads = backward(c, base);
  const step = options.step ?? check.check?.step ?? DEFAULT_STEP;
  const maxElements = options.maxElements ?? check.check?.max_elements ?? DEFAULT_MAX_ELEMENTS;
  const seed = options.seed ?? check.check?.seed ?? 0;
  if (!(step > 0 && Number.isFinite(step))) throw new CheckFormatError(`step: expected a positive number, got ${step}`, 'step');
  const nr = finiteDifferences(c, base, grads, { step, maxElements, seed });

  const forwardJson: Record<string, TensorJson> = {};
  for (const name of c.order) forwardJson[name] = json(c.inputs.get(name)!);
  for (const s of c.steps) forwardJson[s.out] = json(base.env.get(s.out)!);
  const gradsJson: Record<string, TensorJson> = {};
  const numericJson: Record<string, PartialTensorJson> = {};
  const analytic = new Map<string, Tensor>();
  for (const name of c.requiresGrad) {
    const x = c.inputs.get(name)!;
    const g = grads.get(name) ?? Tensor.zeros(x.shape); // an input the objective does not depend on
    analytic.set(name, g);
    gradsJson[name] = json(g);
    const n = nr.numeric.get(name)!;
    numericJson[name] = { shape: x.shape.slice(), values: toNestedNullable(x.shape, n) };
  }
  const warnings = [...base.ctx.kinks, ...base.ctx.notes, ...nr.warnings];
  if (c.requiresGrad.length === 0) warnings.push('no input has "requires_grad": true — nothing to differentiate');
  const report: CheckReport = {
    forward: forwardJson, loss: base.loss, objective: c.objective, grads: gradsJson, numeric_grads: numericJson,
    max_rel_error: nr.maxRel, verdict: nr.verdict, passed: nr.verdict === 'good' || nr.verdict === 'acceptable',
    warnings, checks: nr.checks, noise_floor: nr.floor, step, max_elements: maxElements, seed, has_kinks: c.kinky,
  };
  if (check.sgd) {
    const lr = check.sgd.lr;
    const updated: Record<string, TensorJson> = {};
    for (const name of c.requiresGrad) {
      const x = c.inputs.get(name)!, g = analytic.get(name)!;
      updated[name] = json(new Tensor(x.shape.slice(), x.data.map((v, k) => v - lr * g.data[k])));
    }
    report.sgd = { lr, updated };
  }
  return report;
}

function locate(c: Compiled, run: ForwardRun, name: string, index: number[]): { t: Tensor; flat: number } {
  const t = run.env.get(name);
  if (!t) throw new CheckFormatError(`unknown tensor '${name}'`, name);
  const idx = t.rank === 0 && index.length === 0 ? [] : index;
  if (idx.length !== t.rank || idx.some((v, d) => !Number.isInteger(v) || v < 0 || v >= t.shape[d])) {
    throw new CheckFormatError(`index [${index.join(', ')}] is outside '${name}' of shape ${fmtShape(t.shape)}`, name);
  }
  void c;
  return { t, flat: ravel(idx, t.shape) };
}

/** The working behind one output element (0-based index), e.g. "y₁₁ = 1·1 + (−1)·2 + 0·4 + 2·3 = 5". */
export function explainForwardElement(check: CheckFile, outName: string, index: number[]): string {
  const c = compile(check);
  const run = forward(c, false);
  const { t, flat } = locate(c, run, outName, index);
  const step = c.steps.find((s) => s.out === outName);
  const name = element(outName, flat, t.shape);
  if (!step) return `${name} = ${num(t.data[flat])} (input)`;
  const r = run.results[step.index]!;
  if (t.rank === 0 || !r.explain) {
    return `${name} = ${step.op.fn}(${Object.values(step.tensors).filter((a) => a && 'ref' in a).map((a) => (a as { ref: string }).ref).join(', ')}) = ${num(t.data[flat])}`;
  }
  return r.explain(flat, { out: outName });
}

/**
 * The chain rule behind one element of dL/d(input): a sum over every output element of every step that reads
 * the input, ∂L/∂y_j · ∂y_j/∂x_i, with the numbers. The local derivatives come from each step's backward fed a
 * one-hot upstream gradient (a row of the step's Jacobian).
 */
export function explainGradElement(check: CheckFile, inputName: string, index: number[]): string {
  const c = compile(check);
  if (!c.inputs.has(inputName)) throw new CheckFormatError(`unknown input '${inputName}'`, inputName);
  const run = forward(c, false);
  const grads = backward(c, run);
  const { t: x, flat } = locate(c, run, inputName, index);
  const xName = element(inputName, flat, x.shape);
  const L = c.objective.type === 'scalar' ? c.objective.name : 'L';
  const symbolic: string[] = [], numeric: string[] = [];
  let total = 0, skipped = 0;
  for (const step of c.steps) {
    for (const [param, arg] of Object.entries(step.tensors)) {
      if (!arg || !('ref' in arg) || arg.ref !== inputName) continue;
      const gOut = grads.get(step.out);
      const y = run.env.get(step.out)!;
      if (!gOut) continue;
      for (let j = 0; j < y.size; j++) {
        if (gOut.data[j] === 0) continue;
        if (j >= 4096) { skipped++; continue; }
        const onehot = Tensor.zeros(y.shape);
        onehot.data[j] = 1;
        const local = run.results[step.index]!.backward(onehot)[param];
        const d = local ? local.data[flat] : 0;
        if (d === 0) continue;
        const yName = element(step.out, j, y.shape);
        total += gOut.data[j] * d;
        if (symbolic.length < 16) {
          symbolic.push(c.objective.name === step.out && c.objective.type === 'scalar' ? `∂${yName}/∂${xName}` : `∂${L}/∂${yName}·∂${yName}/∂${xName}`);
          numeric.push(c.objective.name === step.out && c.objective.type === 'scalar' ? factor(d) : `${factor(gOut.data[j])}·${factor(d)}`);
        } else skipped++;
      }
    }
  }
  const g = grads.get(inputName);
  const value = g ? g.data[flat] : 0;
  if (symbolic.length === 0) return `∂${L}/∂${xName} = 0 (${L} does not depend on ${xName} here)`;
  const more = skipped ? ` + … (${skipped} more terms)` : '';
  return `∂${L}/∂${xName} = ${symbolic.join(' + ')}${more} = ${numeric.join(' + ')}${more} = ${num(skipped ? value : total)}`;
}

export { stringifyCheck } from './checkJson';
