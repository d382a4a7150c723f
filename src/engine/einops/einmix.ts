// EinMix(pattern, weight_shape, bias_shape=None, **axes_lengths): einsum of the input with a weight it owns, plus an
// optional bias, with rearranges around it (einops/layers/_einmix.py; https://einops.rocks/3-einmix-layer/).
//
//   build   the weight's axes (plain names, no `...`, no parentheses, no numbers) all have their lengths given; every
//           output axis is an input's or the weight's; every weight axis is used by the input or the output; every
//           given length names an input or weight axis; an ellipsis is on both sides or neither, never in
//           parentheses on the input. The bias's axes are output axes with given lengths, after any ellipsis.
//   shape   input groups are split into their axes first (a rearrange, when a group is not a single axis), then
//           einsum(input axes, weight axes -> output axes) (see einsum.ts), then the output groups are composed.
//   params  weight ∏ its axes' lengths; bias ∏ its axes' lengths (stored with a 1 for every other output axis)
//   cost    MACs = mults = T = ∏ every axis size (input, weight, ellipsis); adds = T − out_numel, + out_numel with a
//           bias — for 't b cin -> t b cout' with weight 'cin cout' that is Linear's out_numel · cin.
import { product, withSeparators } from '../count';
import type { Cost } from '../cost';
import { fail } from '../diagnostic';
import type { Forward, ParamSet, ParamTensor } from '../layer';
import { formatShape, type Shape } from '../shape';
import { show, str, type Args } from '../values';
import { line } from '../working';
import { einsumCost, einsumShape, type EinsumShape, type Subscripts } from './einsum';
import { axesText, ELLIPSIS, parseExpression, splitArrow, type Axis, type Expression } from './parse';
import { applyPlan, lengthPairs, lengthValues, planTransform, productOf, type Plan } from './transform';

const OWNER = 'EinMix';
const mixError = (message: string): never => fail('einops-pattern', `${OWNER}: ${message}`);

interface EinMixConfig {
  readonly left: Expression;
  readonly right: Expression;
  readonly weightAxes: string[];
  readonly weightShape: number[];
  readonly biasShape: number[] | null;
  readonly biasCount: bigint;
  /** The rearrange that splits the input's groups into single axes, when one is needed, and its given lengths. */
  readonly pre?: { plan: Plan; given: Map<string, number> };
  readonly flatLeft: Subscripts;
  readonly flatRight: Subscripts;
}

const missing = (from: Iterable<Axis>, ...sets: ReadonlySet<Axis>[]): Axis[] => [...from].filter((a) => !sets.some((s) => s.has(a)));
/** A side's axes in order, groups opened, `...` kept as ELLIPSIS. */
const flat = (e: Expression): string[] => e.composition.flatMap((g) => (g === ELLIPSIS ? [ELLIPSIS] : g.map((a) => a as string)));

function checkSides(pattern: string, left: Expression, right: Expression, weight: Expression, weightText: string): void {
  const unknownRight = missing(right.identifiers, left.identifiers, weight.identifiers);
  if (unknownRight.length) mixError(`unrecognized identifiers on the right side of EinMix ${axesText(unknownRight)} ('${pattern}')`);
  if (weight.hasEllipsis) mixError('ellipsis is not supported in weight, as its shape should be fully specified');
  if ((left.hasEllipsis || right.hasEllipsis) && !(left.hasEllipsis && right.hasEllipsis)) mixError(`ellipsis in EinMix should be on both sides, '${pattern}'`);
  if (left.ellipsisInGroup) mixError(`ellipsis on left side can't be in parenthesis, got '${pattern}'`);
  if (left.hasNumbers || right.hasNumbers || weight.hasNumbers) mixError('anonymous axes (numbers) are not allowed in EinMix');
  if (/[()]/.test(weightText)) mixError(`parenthesis is not allowed in weight shape: '${weightText}'`);
}

/** The bias's stored shape: per output axis its length when the bias has it, else 1; all after the ellipsis. */
function biasShapeOf(a: Args, right: Expression, given: ReadonlyMap<string, number>, pairs: readonly string[]): number[] | null {
  if (a.bias_shape === null) return null;
  if (typeof a.bias_shape !== 'string') return mixError(`bias shape should be string specifying which axes bias depends on, got ${show(a.bias_shape)}`);
  const bias = parseExpression(OWNER, a.bias_shape);
  const outside = missing(bias.identifiers, right.identifiers);
  if (outside.length) mixError(`bias axes ${axesText(outside)} not present in output`);
  const unsized = [...bias.identifiers].filter((x) => typeof x !== 'string' || !pairs.includes(x));
  if (unsized.length) mixError(`sizes not provided for bias axes ${axesText(unsized)}`);
  const shape: number[] = [];
  let sized = false;
  for (const g of right.composition) {
    for (const axis of g === ELLIPSIS ? [ELLIPSIS] : g) {
      if (axis === ELLIPSIS) {
        if (sized) mixError('all bias dimensions should go after ellipsis in the output');
      } else if (bias.identifiers.has(axis)) {
        shape.push(given.get(axis as string)!);
        sized = true;
      } else shape.push(1);
    }
  }
  return shape;
}

export function readEinMix(a: Args): EinMixConfig {
  const pattern = str(a, 'pattern');
  const weightText = str(a, 'weight_shape');
  const pairs = lengthPairs(a['**axes_lengths']);
  const givenNames = pairs.map(([n]) => n);
  const [l, r] = splitArrow(OWNER, pattern);
  const left = parseExpression(OWNER, l);
  const right = parseExpression(OWNER, r);
  const weight = parseExpression(OWNER, weightText);
  checkSides(pattern, left, right, weight, weightText);
  const flatLeft = flat(left);
  const preNames = givenNames.filter((n) => flatLeft.includes(n));
  // The input's groups are split by a Rearrange built with the layer: its pattern is checked then.
  const prePlan = left.composition.some((g) => g !== ELLIPSIS && g.length !== 1)
    ? planTransform(OWNER, 'rearrange', `${l}-> ${flatLeft.map((x) => (x === ELLIPSIS ? '...' : x)).join(' ')}`, preNames) : undefined;
  for (const axis of weight.identifiers) if (!givenNames.includes(axis as string)) mixError(`dimension ${axis as string} of weight should be specified`);
  const unused = missing(givenNames, left.identifiers, weight.identifiers);
  if (unused.length) mixError(`axes ${axesText(unused)} are not used in pattern`);
  const redundant = missing(weight.identifiers, left.identifiers, right.identifiers);
  if (redundant.length) mixError(`weight axes ${axesText(redundant)} are redundant`);
  const given = lengthValues(OWNER, pairs);
  const weightAxes = weight.composition.map((g) => (g !== ELLIPSIS && g.length === 1 ? g[0] as string : mixError(`weight shape '${weightText}' must list one axis per dimension`)));
  const biasShape = biasShapeOf(a, right, given, givenNames);
  const pre = prePlan && { plan: prePlan, given: new Map([...given].filter(([n]) => preNames.includes(n))) };
  return {
    left, right, weightAxes, weightShape: weightAxes.map((x) => given.get(x)!), biasShape, biasCount: biasShape ? product(biasShape) : 0n,
    pre, flatLeft, flatRight: flat(right),
  };
}

export function einMixParams(a: Args): ParamSet {
  const c = readEinMix(a);
  const tensors: ParamTensor[] = [{ name: 'weight', shape: c.weightShape, count: product(c.weightShape) }];
  if (c.biasShape) tensors.push({ name: 'bias', shape: c.biasShape, count: c.biasCount });
  const total = tensors.reduce((s, t) => s + t.count, 0n);
  const w = `weight ${c.weightAxes.join(' ')} = ${c.weightShape.join('·') || '1'}`;
  const b = c.biasShape ? ` + bias ${c.biasShape.join('·')}` : '';
  return { tensors, working: [line('params', `${w}${b} = ${withSeparators(total)}`)] };
}

/** The einsum at the heart of the layer, on the input with its groups split. */
function mix(c: EinMixConfig, x: Shape): { e: EinsumShape; split: string | undefined } {
  const split = c.pre ? applyPlan(c.pre.plan, x, c.pre.given) : undefined;
  const e = einsumShape(OWNER, [c.flatLeft, c.weightAxes], c.flatRight, [split ? split.output : x, c.weightShape]);
  return { e, split: split ? split.working.map((w) => w.text).join('; ') : undefined };
}

export function einMixForward(a: Args, x: Shape): Forward {
  const c = readEinMix(a);
  const { e, split } = mix(c, x);
  const lengthOf = (axis: Axis) => e.sizes.get(axis as string)!;
  // the output's groups composed from the einsum's single axes (the layer's closing rearrange)
  const output = c.right.composition.flatMap((g) => (g === ELLIPSIS ? e.ellipsis
    : [productOf(OWNER, g.flatMap((axis) => (axis === ELLIPSIS ? e.ellipsis : [lengthOf(axis)])))]));
  const composed = c.right.composition.some((g) => g !== ELLIPSIS && g.length !== 1) || c.right.ellipsisInGroup;
  const working = [...(split ? [line('split', split)] : []), ...e.working,
    ...(composed ? [line('output', `composed as ${c.right.text.trim() || '()'} = ${formatShape(output)}`)] : [])];
  return { output, working };
}

export function einMixCost(a: Args, x: Shape): Cost {
  const c = readEinMix(a);
  return einsumCost(OWNER, mix(c, x).e, 2, c.biasShape !== null);
}
