// The further inputs of a model whose forward takes several (`forward(self, noise, labels)`,
// `forward(self, hidden, encoder_outputs)`) when nothing states them. Each required parameter after the first gets a
// symbolic tensor of its own, laid out as the first layer it reaches says (an Embedding takes integer indices (N,) or
// (N, L); a Linear (N, F) or (N, L, F); a Conv (N, C, H, W)). It shares the batch N with the first input; its other
// free sizes are its own (L_labels, H_img_B): only a constraint of the model may tie them to the first input's.
import { exprOf, isKnown, symbol, type Dim, type Shape } from '../../engine';
import { constraintKey, symbolName, type Constraint } from '../../engine/symbolic';
import { field, namedChildren, textOf, type Syntax } from '../syntax';
import { paramName } from './semantics';
import { symbolicInputs, type NamedInput } from './inputShape';
import { dtypeOf } from './tensorData';
import { concreteInput, inputSymbols, solveInput, type InputHints, type SolvedInput } from './inputSolve';
import type { Trace, TracedConstraint } from './trace';
import type { Interpreter } from './interpreter';
import { FunctionValue, TensorValue, type ModuleInstance, type PyValue } from './values';

const BATCH = 'N';

/** forward()'s parameters after `self`; none when the class has no forward() of its own to read. */
function forwardParams(it: Interpreter, m: ModuleInstance): readonly Syntax[] {
  const forward = m.cls ? it.classAttribute(m.cls, 'forward') : undefined;
  return forward instanceof FunctionValue ? namedChildren(field(forward.node, 'parameters') ?? forward.node).slice(1) : [];
}

/** The name forward() gives its first input (`img1` in `forward(self, img1, img2)`), when it is a plain name. */
export function firstInputName(it: Interpreter, m: ModuleInstance): string | undefined {
  const p = forwardParams(it, m)[0];
  return p?.type === 'identifier' || p?.type === 'typed_parameter' ? paramName(p) : undefined;
}

/**
 * The inputs of a call of a model in the file (`model(hidden, batch)`, `net(x, labels=y)`) by the names forward()
 * gives them, when tensors of known sizes go to more than its first parameter: the model's run then gets each where
 * it goes, as from a comment naming them. Undefined when only the first input is a tensor of known sizes.
 */
export function calledInputs(it: Interpreter, m: ModuleInstance, first: readonly Dim[], args: readonly PyValue[],
  kwargs: ReadonlyMap<string, PyValue>): NamedInput[] | undefined {
  const sizes = (v: PyValue | undefined) => (v instanceof TensorValue && v.shape?.every((d) => typeof d === 'number') ? v.shape as number[] : undefined);
  const names: (string | undefined)[] = [];
  const params = forwardParams(it, m);
  for (const p of params) {
    if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern' || p.type === 'keyword_separator') break;
    names.push(paramName(p));
  }
  // `forward(self, img, *args, **kwargs)` passing `classes=` on (a diffusion wrapper's): any keyword goes in
  const anyKeyword = params.some((p) => p.type === 'dictionary_splat_pattern');
  const input = (name: string, v: PyValue | undefined): NamedInput[] => {
    const shape = sizes(v);
    if (!shape) return [];
    // whole numbers (token ids, class labels) or a mask: forward() may ask `labels.dtype`
    const dtype = dtypeOf(v as TensorValue);
    return [{ name, shape, ...(dtype !== 'torch.float32' ? { dtype } : {}) }];
  };
  if (sizes(args[0]) !== first || !names[0]) return undefined;
  const named = input(names[0], args[0]);
  args.slice(1).forEach((a, i) => {
    if (names[i + 1]) named.push(...input(names[i + 1]!, a));
  });
  for (const [k, v] of kwargs) if (names.includes(k) || anyKeyword) named.push(...input(k, v));
  return named.length > 1 || named[0]?.dtype ? named : undefined;
}

/** The parameters of a model's forward after self and the input that have no default ([] when not a user forward). */
export function requiredOtherParams(it: Interpreter, m: ModuleInstance): string[] {
  if (m.kind !== 'user' || !m.cls) return [];
  const params = forwardParams(it, m);
  const names: string[] = [];
  for (const p of params.slice(1)) {
    // after *args or a bare `*` the rest are keyword-only; a default makes a parameter optional
    if (p.type === 'identifier') names.push(textOf(p));
    else if (p.type === 'typed_parameter') {
      const name = namedChildren(p)[0];
      if (name?.type === 'identifier') names.push(textOf(name));
      else break;
    } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') continue;
    else break;
  }
  return names;
}

/**
 * The layouts a further input may take, most likely first, from the layers it reaches first: the first input's
 * rules, with an Embedding's indices also (N,) (one label per sample), and every free size but N its own.
 */
export function otherInputCandidates(name: string, reached: readonly ModuleInstance[], input?: Shape): Shape[] {
  const shapes = symbolicInputs(reached);
  const first = reached.find((m) => m.kind === 'layer');
  const embedding = first && (first.call?.type ?? first.type) === 'Embedding';
  const all = embedding && shapes.length > 0 && shapes[0].length === 2 ? [[symbol(BATCH)], ...shapes] : shapes;
  // Spatial layouts (several free sizes of its own) are left out: solving them jointly with the first input's is
  // a search over every pair of sizes. One the first input has too (a second image into the same convolution:
  // CoGAN's coupled discriminators, a siamese pair) is taken to be the first input's very shape, its sizes shared.
  const out: Shape[] = [];
  for (const s of all) {
    const own = s.map((d) => ownSizes(d, name));
    if (symbolsOf([own]).size <= (own.length > 1 ? 2 : 1)) out.push(own);
    else if (input && sameLayout(s, input) && !out.includes(input)) out.push(input);
  }
  return out;
}

/**
 * Whether a run assumed the batch equal to another free size where the base run did not. A further input guessed as
 * class indices (N,), whose embedding is added to a sequence's (N, L, d), broadcasts N against L (BERT's segment
 * ids): a coincidence of the guess, not the model, and the next layout is tried.
 */
export function batchTiedAnew(base: Trace, run: Trace): boolean {
  const before = new Set(base.constraints.filter((t) => tiesBatch(t.constraint)).map((t) => constraintKey(t.constraint)));
  return run.constraints.some((t) => tiesBatch(t.constraint) && !before.has(constraintKey(t.constraint)));
}

function tiesBatch(c: Constraint): boolean {
  if (!c.preferred || c.relation !== '=') return false;
  const [l, r] = [symbolName(c.left), symbolName(c.right)];
  return l !== undefined && r !== undefined && l !== r && (l === BATCH || r === BATCH);
}

/** The same rank and the same known sizes (channels, features) where both know them. */
const sameLayout = (a: Shape, b: Shape): boolean =>
  a.length === b.length && a.every((d, i) => !isKnown(d) || !isKnown(b[i]) || d === b[i]);

/**
 * The first input with the size its first layer gave left free ((N, 110) → (N, C)): that layer may take it joined
 * to another input, and the solver then finds its own share. Undefined when no such size.
 */
export function ownSizeFreed(input: Shape): Shape | undefined {
  let at = -1;
  input.forEach((d, i) => { if (i > 0 && isKnown(d)) at = i; });
  return at < 0 ? undefined : input.map((d, i) => (i === at ? symbol('C') : d));
}

/** A free size of a further input, named after it (L → L_labels); the batch stays shared. */
function ownSizes(d: Dim, input: string): Dim {
  if (isKnown(d)) return d;
  const name = symbolName(exprOf(d));
  return name === undefined || name === BATCH ? d : symbol(`${name}_${input}`);
}

/** The free sizes of the further inputs, in order. */
const symbolsOf = (shapes: readonly Shape[]): Set<string> => new Set(shapes.flatMap(inputSymbols));

/**
 * Solves the input's free sizes jointly with the further inputs'. The first input's choice (evidence, the setting,
 * conventional sizes) is made as for a model with one input; the further inputs' sizes come from the joint solution.
 */
export function solveWithOthers(input: Shape, others: ReadonlyMap<string, Shape>, traced: readonly TracedConstraint[],
  hints?: InputHints): SolvedInput {
  const alone = solveInput(input, traced, hints);
  const extra = symbolsOf([...others.values()]);
  if (extra.size === 0 || alone.conflict) return alone;
  const joint = solveInput([...input, ...[...extra].map(symbol)], traced);
  if (joint.conflict || !joint.values) return { ...joint, conventional: alone.conventional };
  const values = { ...joint.values, ...(alone.values ?? {}) };
  const chosen = alone.chosenBy === 'evidence' || alone.chosenBy === 'setting' ? alone : joint;
  return { ...joint, values, detail: chosen.detail, chosenBy: chosen.chosenBy, conventional: alone.conventional };
}

/** The further inputs with the chosen values put in. */
export function concreteOthers(others: ReadonlyMap<string, Shape>, values: Readonly<Record<string, number>>): Map<string, Shape> {
  return new Map([...others].map(([name, s]) => [name, concreteInput(s, values)]));
}
