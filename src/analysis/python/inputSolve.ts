// The input solved from the model itself. A model followed with a symbolic input (N, 3, H, W) states what its
// sizes must satisfy (a Linear's in_features equal to a flatten, kernels that fit, sizes a cat must match); the
// solver (engine/symbolic) finds every input size that satisfies all of them, and one concrete input is chosen from
// that set, openly: the conventional size when it lies in the set (28, 32, 64, 224, …), else the smallest, a batch
// of 1. Only a model that no input size satisfies is an error, with the nearest fit.
//
// Some constraints are assumptions rather than requirements (view(-1, 400) keeping the batch, two symbolic sizes a
// broadcast takes to be equal): they are kept when the model allows them, dropped one by one when it does not.
import { exprOf, isKnown, symbolicCostOf, type Dim, type Shape, type ShapeTree } from '../../engine';
import {
  chooseAssignment, chooseValue, constraintKey, CONVENTIONAL_SIZES, DEFAULT_BOUND, describeConflict, describeSolution, evaluate,
  add, freeSymbols, holds, IntSet, isConstant, solve, symbolName, type Expr, type Solution, type SolveOptions,
} from '../../engine/symbolic';
import type { InputEvidence } from './inputEvidence';
import type { AnalysisDiagnostic, LayerRecord, ModelAnalysis } from '../model';
import { constraintText, shapeTreeOf, type Trace, type TracedConstraint } from './trace';
import type { PyValue } from './values';

export interface SolvedInput {
  /** A value for every free size of the input; undefined when no input size satisfies the model. */
  readonly values?: Readonly<Record<string, number>>;
  /** The solution in words, one line per size or group of sizes: "H = W = 32", "H, W ∈ 25…56". */
  readonly lines: readonly string[];
  /** Why these values: "inferred from fc1 = Linear(16 * 5 * 5, 120)". */
  readonly detail: string;
  /** The constraint no input satisfies, and the sentence that says so with the nearest fit. */
  readonly conflict?: { readonly traced: TracedConstraint; readonly message: string; readonly after?: TracedConstraint };
  /** Assumptions the model does not allow (the run that made them holds only where they do). */
  readonly dropped: readonly TracedConstraint[];
  /** Inputs of conventional square sizes (28, 32, 64, 224, …) the model allows, a batch of 1: one-click choices. */
  readonly conventional?: readonly Shape[];
  /** What chose the values: evidence in the project, the setting, or the solved set itself. */
  readonly chosenBy?: 'evidence' | 'setting' | 'solved';
}

/** What may choose the input before the solved set does: evidence in the project, then the setting. */
export interface InputHints {
  readonly evidence: readonly InputEvidence[];
  readonly setting?: readonly number[];
}

/**
 * The free sizes' values a piece of evidence gives, when it fits the symbolic input: a whole shape dim by dim, or
 * the trailing sizes (and the channels) of an (N, C, …) input. A free size it does not give: a batch of 1, else
 * no fit.
 */
function evidenceValues(input: Shape, e: InputEvidence): Record<string, number> | undefined {
  const values: Record<string, number> = {};
  const bind = (d: Dim, v: number): boolean => {
    if (isKnown(d)) return d === v;
    const name = symbolName(exprOf(d));
    if (name === undefined || (values[name] !== undefined && values[name] !== v)) return false;
    values[name] = v;
    return true;
  };
  if (e.shape) {
    if (e.shape.length !== input.length || !e.shape.every((v, i) => bind(input[i], v))) return undefined;
  } else if (e.spatial) {
    if (input.length !== e.spatial.length + 2) return undefined;
    if (e.channels !== undefined && !bind(input[1], e.channels)) return undefined;
    if (!e.spatial.every((v, i) => bind(input[2 + i], v))) return undefined;
  } else return undefined;
  for (const s of inputSymbols(input)) {
    if (values[s] !== undefined) continue;
    if (s !== BATCH) return undefined;
    values[s] = 1;
  }
  return values;
}

/** The first hint that fits the symbolic input and satisfies every constraint kept. */
function fromHints(input: Shape, kept: readonly TracedConstraint[], hints: InputHints | undefined):
  { values: Record<string, number>; detail: string; chosenBy: 'evidence' | 'setting' } | undefined {
  if (!hints) return undefined;
  const setting: InputEvidence[] = hints.setting ? [{ shape: hints.setting, detail: 'from the setting shapelens.defaultInputShape' }] : [];
  for (const e of [...hints.evidence, ...setting]) {
    const values = evidenceValues(input, e);
    if (values && kept.every((t) => holds(t.constraint, values))) {
      return { values, detail: e.detail, chosenBy: e.shape === hints.setting && hints.setting ? 'setting' : 'evidence' };
    }
  }
  return undefined;
}

/** Square inputs are what people use: H = W (and D = H) is assumed where the model leaves them coupled. */
const PREFER_EQUAL: ReadonlyArray<readonly [string, string]> = [['H', 'W'], ['D', 'H']];
/** Past this many assumptions that fail together, the rest are dropped at once (each trial is a full solve). */
const MAX_TRIALS = 24;

const BATCH = 'N';

/** The free sizes of a symbolic input, in order (N, H, W). */
export function inputSymbols(input: Shape): string[] {
  const names: string[] = [];
  for (const d of input) if (!isKnown(d)) for (const s of freeSymbols(exprOf(d))) if (!names.includes(s)) names.push(s);
  return names;
}

/**
 * Solves the hard constraints, then keeps as many assumptions as the model allows. A batch of 1 is tried first
 * (the sizes people look at), and left free only when the model needs more (BatchNorm on a 1×1 map).
 */
function solveWithAssumptions(traced: readonly TracedConstraint[], names: readonly string[]): Solved {
  if (names.includes(BATCH)) {
    const one = solveWith(traced, { preferEqual: PREFER_EQUAL, fixed: { [BATCH]: 1 } });
    if (one.solution.feasible !== false) return one;
  }
  return solveWith(traced, { preferEqual: PREFER_EQUAL });
}

interface Solved { solution: Solution; kept: TracedConstraint[]; dropped: TracedConstraint[] }

function solveWith(traced: readonly TracedConstraint[], options: SolveOptions): Solved {
  const all = solve(traced.map((t) => t.constraint), options);
  if (all.feasible !== false) return { solution: all, kept: [...traced], dropped: [] };
  const hard = traced.filter((t) => !t.constraint.preferred);
  const assumptions = traced.filter((t) => t.constraint.preferred);
  let kept = hard;
  let solution = solve(hard.map((t) => t.constraint), options);
  const dropped: TracedConstraint[] = [];
  if (solution.feasible === false) return { solution, kept, dropped: assumptions };
  assumptions.forEach((a, i) => {
    if (i >= MAX_TRIALS) { dropped.push(a); return; }
    const trial = solve([...kept, a].map((t) => t.constraint), options);
    if (trial.feasible === false) dropped.push(a);
    else [kept, solution] = [[...kept, a], trial];
  });
  return { solution, kept, dropped };
}

/** One value per free size: the solver's choice (conventional sizes first), a batch of 1, defaults for the rest. */
function choose(solution: Solution, names: readonly string[]): Record<string, number> | undefined {
  const chosen = chooseAssignment(solution, CONVENTIONAL_SIZES);
  if (!chosen) return undefined;
  // a batch of 1, else the smallest the model allows (BatchNorm on a 1×1 map needs 2): never a 'conventional' 28
  const batch = solution.sets.get(BATCH);
  if (batch) chosen[BATCH] = batch.has(1) ? 1 : batch.min ?? chosen[BATCH];
  for (const s of names) {
    if (chosen[s] !== undefined) continue;
    if (solution.sets.has(s) || solution.coupled.some((g) => g.symbols.includes(s)) || solution.unsolved.some((g) => g.symbols.includes(s))) {
      return undefined; // a size the constraints cover but the choice could not settle
    }
    chosen[s] = s === BATCH ? 1 : chooseValue(IntSet.range(1, DEFAULT_BOUND)) as number;
  }
  return chosen;
}

/** The sizes a solution allows, in words, for the input's free sizes (the batch only when something fixes it). */
function describe(solution: Solution, names: readonly string[]): string[] {
  const relevant = new Set(names);
  // The batch is only worth a line when the model constrains it (a batch of 1 is ShapeLens' choice, not the model's).
  return describeSolution(solution).filter((line) => [...relevant].some((s) => new RegExp(`(^|[^\\w])${s}([^\\w]|$)`).test(line)))
    .filter((line) => !new RegExp(`^${BATCH} (≥ 1|= 1)$`).test(line));
}

/** Why the chosen sizes: the constraint that fixes them, or that nothing does. */
function explain(solution: Solution, kept: readonly TracedConstraint[], names: readonly string[], values: Record<string, number>): string {
  const spatial = names.filter((s) => s !== BATCH);
  if (spatial.length === 0) return 'a batch of 1 (nothing else in the input is free)';
  const chosenText = spatial.every((s) => values[s] === values[spatial[0]])
    ? `${spatial.join(' = ')} = ${values[spatial[0]]}` : spatial.map((s) => `${s} = ${values[s]}`).join(', ');
  const pins = kept.filter((t) => t.constraint.relation === '=' && !t.constraint.preferred &&
    spatial.some((s) => freeSymbols(t.constraint.left).includes(s) || freeSymbols(t.constraint.right).includes(s)));
  const finite = spatial.every((s) => {
    const set = solution.sets.get(s);
    if (set) return (set.max ?? DEFAULT_BOUND) < DEFAULT_BOUND;
    return solution.coupled.some((g) => g.symbols.includes(s) && g.boxes.every((b) => ((b.get(s)?.max) ?? DEFAULT_BOUND) < DEFAULT_BOUND));
  });
  const allowed = describe(solution, spatial);
  if (finite && pins.length > 0) {
    const unique = spatial.every((s) => solution.sets.get(s)?.single !== undefined);
    return `inferred from ${pins[0].label}: ${unique ? chosenText : `${allowed.join('; ')}, ${chosenText} chosen`}`;
  }
  if (allowed.length === 0) return `${chosenText}: a conventional size (nothing in the model fixes ${spatial.join(', ')})`;
  return `${chosenText}: the ${conventional(values, spatial) ? 'conventional' : 'smallest'} size the model allows (${allowed.join('; ')})`;
}

const conventional = (values: Record<string, number>, names: readonly string[]): boolean =>
  names.every((s) => CONVENTIONAL_SIZES.includes(values[s]));

/** The conventional sizes the model allows for all its free sizes at once (a batch of 1), as inputs. */
function conventionalInputs(input: Shape, names: readonly string[], kept: readonly TracedConstraint[]): Shape[] {
  const spatial = names.filter((s) => s !== BATCH);
  if (spatial.length === 0) return [];
  const out: Shape[] = [];
  for (const v of CONVENTIONAL_SIZES) {
    const env = Object.fromEntries(names.map((s) => [s, s === BATCH ? 1 : v]));
    if (kept.every((t) => holds(t.constraint, env))) out.push(concreteInput(input, env));
  }
  return out;
}

/**
 * Solved inputs by everything solveInput reads: the symbolic input, each constraint (its sizes, relation, words and
 * place) and the hints. A re-analysis whose model states the same constraints (an edit elsewhere in its code, an
 * unchanged file analysed again) takes the solution from here; any change to a constraint is a miss. The constraints
 * are compared one by one (a model states hundreds; joined into one text, the key alone cost more than most solves).
 */
interface Solved1 {
  readonly head: string;
  readonly traced: readonly TracedConstraint[];
  readonly solved: SolvedInput;
}
const solvedBefore: Solved1[] = []; // most recently used last
const SOLVED_KEPT = 256;

/** Solves a model's constraints on its symbolic input and picks the concrete input to show numbers for. */
export function solveInput(input: Shape, traced: readonly TracedConstraint[], hints?: InputHints): SolvedInput {
  const dim = (d: Dim): string => (isKnown(d) ? String(d) : exprOf(d).key);
  const head = `${input.map(dim).join(',')}\n${JSON.stringify(hints ?? null)}\n${traced.length}`;
  const at = solvedBefore.findIndex((e) => e.head === head && sameConstraints(e.traced, traced));
  if (at >= 0) {
    const [known] = solvedBefore.splice(at, 1);
    solvedBefore.push(known);
    return known.solved;
  }
  const solved = solveFresh(input, traced, hints);
  if (solvedBefore.length >= SOLVED_KEPT) solvedBefore.shift();
  solvedBefore.push({ head, traced: [...traced], solved }); // (a copy: the caller's list is not ours to keep)
  return solved;
}

function sameConstraints(a: readonly TracedConstraint[], b: readonly TracedConstraint[]): boolean {
  if (a.length !== b.length) return false;
  const text = (t: TracedConstraint) => t.text ?? constraintText(t.constraint);
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x !== y && (text(x) !== text(y) || x.label !== y.label || !samePlace(x.range, y.range))) return false;
  }
  return true;
}

function samePlace(r: TracedConstraint['range'], q: TracedConstraint['range']): boolean {
  return (r.file ?? '') === (q.file ?? '') && r.start.line === q.start.line && r.start.character === q.start.character &&
    r.end.line === q.end.line && r.end.character === q.end.character;
}

function solveFresh(input: Shape, traced: readonly TracedConstraint[], hints?: InputHints): SolvedInput {
  const names = inputSymbols(input);
  const { solution, kept, dropped } = solveWithAssumptions(traced, names);
  if (solution.feasible === false) {
    const c = solution.conflicts[0];
    const where = traced.find((t) => t.constraint === c.constraint) ?? traced[c.index];
    // An assumption not known to hold for any input even alone (x.reshape(-1, …) keeping the batch, where the code
    // folds heads into it) may have made the sizes after it wrong: the conflict may be ShapeLens' own, not the model's.
    const after = dropped.find((a) => solve([a.constraint], { preferEqual: PREFER_EQUAL }).feasible !== true);
    return { lines: describeSolution(solution), detail: 'no input size satisfies the model',
      conflict: { traced: where, message: describeConflict(c, solution.bound), after }, dropped };
  }
  const lines = describe(solution, names);
  const checked = distinctConstraints(kept); // what the choices below test, each constraint once
  const conventional = conventionalInputs(input, names, checked);
  const hinted = fromHints(input, checked, hints);
  if (hinted) {
    const allows = lines.length > 0 ? ` — the model allows ${lines.join('; ')}` : '';
    return { values: hinted.values, lines, detail: `${hinted.detail}${allows}`, dropped, chosenBy: hinted.chosenBy, conventional };
  }
  const values = choose(solution, names);
  if (!values || !checked.every((t) => holds(t.constraint, values))) {
    return { lines, detail: 'the sizes the model allows could not be settled on one input', dropped };
  }
  const longest = longestSequence(solution, names, values, checked);
  if (longest) {
    return { values: longest.values, lines, detail: `${longest.said}: the longest sequence the model allows (${lines.join('; ')})`, dropped, chosenBy: 'solved', conventional };
  }
  return { values, lines, detail: explain(solution, kept, names, values), dropped, chosenBy: 'solved', conventional };
}

/** A sequence length of the input (`(N, L)` token ids, `(L, N)`, a further input's `L_labels`). */
const isSequence = (name: string): boolean => name === 'L' || name.startsWith('L_');

/**
 * The input with each sequence length bounded above (`assert t <= self.config.block_size`, a causal mask sliced
 * `[:T, :T]`) at its bound: the context the model is built for. A conventional image size (28) means nothing for
 * tokens, and the smallest (1) hides the attention's cost. Undefined when no such length, or it breaks a constraint.
 */
function longestSequence(solution: Solution, names: readonly string[], values: Record<string, number>,
  checked: readonly TracedConstraint[]): { values: Record<string, number>; said: string } | undefined {
  const longest = { ...values };
  const said: string[] = [];
  for (const s of names) {
    if (!isSequence(s)) continue;
    // a length equal to others (a further input's `L_segment_ids = L`) has its set under one of them
    const equal = solution.equalities.find((e) => e.symbols.includes(s))?.symbols ?? [s];
    const max = equal.map((x) => solution.sets.get(x)?.max).find((m) => m !== undefined);
    if (max === undefined || max >= DEFAULT_BOUND || max === values[s]) continue;
    for (const x of equal) longest[x] = max;
    said.push(`${s} = ${max}`);
  }
  if (said.length === 0 || !checked.every((t) => holds(t.constraint, longest))) return undefined;
  return { values: longest, said: said.join(', ') };
}

/** The constraints that differ (a network states most of its constraints many times, on the same sizes). */
function distinctConstraints(traced: readonly TracedConstraint[]): TracedConstraint[] {
  const seen = new Set<string>();
  return traced.filter((t) => {
    const key = constraintKey(t.constraint);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The symbolic input with the chosen values put in: (N, 3, H, W) → (1, 3, 32, 32). */
export function concreteInput(input: Shape, values: Readonly<Record<string, number>>): Shape {
  return input.map((d: Dim) => (isKnown(d) ? d : Number(evaluate(exprOf(d), values))));
}


/** A model followed with its symbolic input: the run and what solving its constraints gave. */
export interface Inferred {
  readonly input: Shape;
  readonly trace: Trace;
  readonly output: PyValue | undefined;
  readonly solved: SolvedInput;
}

const errorKeys = (t: Trace): Set<string> =>
  new Set(t.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line}:${d.code}`));

/** Errors the concrete run reports that the symbolic run did not. */
export function newErrors(symbolic: Trace, concrete: Trace): boolean {
  const before = errorKeys(symbolic);
  return [...errorKeys(concrete)].some((k) => !before.has(k));
}

/**
 * The solved input with a batch of 2, to try when its chosen batch of 1 fails where the symbolic run did not (it
 * stopped before: a BatchNorm in training mode refuses one value per channel, a `.squeeze()` drops the batch), so
 * the solver could not know; undefined when the batch is not free or not 1. The detail says what failed.
 */
export function largerBatch(inferred: Inferred, concrete: Trace): SolvedInput | undefined {
  const values = inferred.solved.values;
  if (!values || values[BATCH] !== 1 || !inputSymbols(inferred.input).includes(BATCH)) return undefined;
  const before = errorKeys(inferred.trace);
  const fresh = concrete.diagnostics.find((d) => d.severity === 'error' && !before.has(`${d.range.start.line}:${d.code}`));
  if (!fresh) return undefined;
  return { ...inferred.solved, values: { ...values, [BATCH]: 2 },
    detail: `${inferred.solved.detail}; a batch of 2, as a batch of 1 fails at line ${fresh.range.start.line + 1} (${fresh.message})` };
}

/** A record's MACs as a formula of the free sizes: its known cost, else the fit of its rule (symbolicCost.ts). */
function recordMacs(r: LayerRecord): Expr | undefined {
  if (r.cost) return exprOf(Number(r.cost.macs));
  return r.outcome ? symbolicCostOf(r.outcome)?.macs : undefined;
}

/**
 * What a solved model adds to its analysis: the symbolic input and output, the solution in words, how the input
 * was chosen, each record's symbolic output (when the two runs executed the same records), and the error when no
 * input fits.
 */
export function inferredFields(inferred: Inferred, records: LayerRecord[]): { fields: Partial<ModelAnalysis>; diagnostics: AnalysisDiagnostic[] } {
  const { solved } = inferred;
  const symbolicOutput = inferred.output === undefined ? undefined : shapeTreeOf(inferred.output);
  // Symbolic results hold where the assumptions made on the way hold; dropped ones leave them unreliable.
  const reliable = solved.dropped.length === 0;
  const fields: Partial<ModelAnalysis> = {
    inputSourceDetail: solved.detail, symbolicInput: inferred.input, inputConstraints: solved.lines,
    ...(solved.conventional?.length ? { conventionalInputs: solved.conventional } : {}),
    ...(reliable && symbolicOutput ? { symbolicOutput } : {}),
  };
  const symbolicRecords = inferred.trace.records;
  const costs = symbolicRecords.map(recordMacs);
  if (reliable && symbolicOutput && !inferred.trace.incomplete && costs.every((c) => c !== undefined)) {
    (fields as { symbolicMacs?: Expr }).symbolicMacs = add(...(costs as Expr[]));
  }
  if (reliable && symbolicRecords.length === records.length && symbolicRecords.every((r, i) => r.name === records[i].name)) {
    records.forEach((r, i) => {
      const s = symbolicRecords[i].outputShape;
      if (s && r !== symbolicRecords[i]) (r as { symbolicOutput?: ShapeTree }).symbolicOutput = s;
      const macs = costs[i];
      if (macs && !isConstant(macs)) (r as { symbolicMacs?: Expr }).symbolicMacs = macs;
    });
  }
  const conflict = solved.conflict;
  const diagnostics: AnalysisDiagnostic[] = !conflict ? [] : conflict.after ? [{
    range: conflict.traced.range, severity: 'info', code: 'no-input-fits',
    message: `ShapeLens found no input size for this model, but only after an assumption it could not confirm (${conflict.after.label}), ` +
      `so the sizes it followed from there are not reliable: ${conflict.message}`,
  }] : [{
    range: conflict.traced.range, severity: 'error', code: 'no-input-fits',
    message: `No input size fits this model: ${conflict.message}`,
  }];
  return { fields, diagnostics };
}
