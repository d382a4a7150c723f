// einops.einsum(*tensors, pattern) and the einsum inside EinMix: named axes, one per dimension, checked the way
// torch.einsum checks them (einops maps the names to letters and calls torch.einsum; https://einops.rocks/api/einsum/).
//
//   pattern  'b i d, b j d -> b i j': the operands' axes split by commas, then '->' and the output's axes. Only
//            single names and `...` (no composed axes, no numbers, no `1`); `_` is a name; an input may repeat a
//            name (a diagonal), the output may not, and every output name is an input's.
//   shape    as many operands as inputs in the pattern; each has as many dimensions as names (at least as many,
//            with `...`, which takes the rest); one name has one size (a 1 broadcasts against any size), the
//            ellipsis dims broadcast; the output lists the named sizes and the broadcast ellipsis dims. Names not in
//            the output are summed over, and so are the ellipsis dims when the output has no `...`.
//   cost     naive evaluation over every combination of the axes: T = ∏ all distinct axis sizes (ellipsis dims
//            included); k ≥ 2 operands: MACs = mults = (k − 1)·T, adds = T − out_numel; one operand: 0 MACs,
//            adds = T − out_numel (a sum, or nothing for a transpose or a diagonal).
import { withSeparators } from '../count';
import { ops, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import { formatDim, formatShape, isKnown, numel, sameDim, type Dim, type Shape } from '../shape';
import { line, type WorkingLine } from '../working';
import { broadcastShapes } from '../layers/tensorOps';
import { axisText, ELLIPSIS, parseExpression, splitArrow, type Expression } from './parse';

/** One operand's (or the output's) axes: names, and ELLIPSIS where `...` stands. */
export type Subscripts = readonly string[];

export interface EinsumShape {
  readonly output: Shape;
  /** The size of every named axis. */
  readonly sizes: ReadonlyMap<string, Dim>;
  /** The broadcast dims the ellipsis stands for. */
  readonly ellipsis: Shape;
  readonly working: WorkingLine[];
}

const einsumError = (owner: string, message: string): never => fail('einsum-mismatch', `${owner}: einsum(): ${message}`);

/** One side of an einops einsum pattern as subscripts (einops' _validate_einsum_axis_name). */
function subscripts(owner: string, e: Expression): string[] {
  return e.composition.map((g) => {
    if (g === ELLIPSIS) return ELLIPSIS;
    if (g.length === 0) return fail('einops-pattern', `${owner}: singleton () axes are not yet supported in einsum ('${e.text.trim()}')`);
    if (g.length > 1) return fail('einops-pattern', `${owner}: shape rearrangement is not yet supported in einsum ('${e.text.trim()}')`);
    if (typeof g[0] !== 'string') return fail('einops-pattern', `${owner}: anonymous axes are not yet supported in einsum ('${e.text.trim()}')`);
    return g[0];
  });
}

/** 'a b, b c -> a c' → the operands' subscripts and the output's, or einops' complaint. */
export function parseEinsumPattern(owner: string, pattern: string): { operands: Subscripts[]; output: Subscripts } {
  if (!pattern.includes('->')) fail('einops-pattern', `${owner}: einsum pattern must contain '->', got '${pattern}'`);
  const [l, r] = splitArrow(owner, pattern);
  const operands = l.split(',').map((side) => subscripts(owner, parseExpression(owner, side, { underscore: true, duplicates: true })));
  const output = subscripts(owner, parseExpression(owner, r, { underscore: true }));
  const names = new Set(operands.flat().filter((a) => a !== ELLIPSIS));
  for (const a of output) {
    if (a !== ELLIPSIS && !names.has(a)) fail('einops-pattern', `${owner}: unknown axis ${a} on right side of einsum '${pattern}'`);
  }
  if (names.size > 52) fail('einops-pattern', `${owner}: too many axes in einsum (${names.size}; einops maps them to 52 letters)`);
  return { operands, output };
}

/** A size met again: equal, or one of them 1 (einsum broadcasts it); 'mismatch' or 'unknown' otherwise. */
function meet(prev: Dim, d: Dim): Dim | 'mismatch' | 'unknown' {
  if (sameDim(prev, d) || d === 1) return prev;
  if (prev === 1) return d;
  return isKnown(prev) && isKnown(d) ? 'mismatch' : 'unknown';
}

/** Binds one operand's dimensions to its subscripts: the named sizes, and the dims its ellipsis stands for. */
function bindOperand(owner: string, subs: Subscripts, shape: Shape, i: number): { named: [string, Dim][]; ellipsis: Shape } {
  const names = subs.filter((a) => a !== ELLIPSIS);
  const at = subs.indexOf(ELLIPSIS);
  if (at >= 0 && shape.length < names.length) {
    einsumError(owner, `the number of subscripts in the equation (${names.length}) is more than the number of dimensions (${shape.length}) for operand ${i}`);
  }
  if (at < 0 && shape.length !== names.length) {
    einsumError(owner, `the number of subscripts in the equation (${names.length}) does not match the number of dimensions (${shape.length}) ` +
      `for operand ${i} and no ellipsis was given`);
  }
  const covered = shape.length - names.length;
  const ellipsis = at < 0 ? [] : shape.slice(at, at + covered);
  const dims = at < 0 ? shape : [...shape.slice(0, at), ...shape.slice(at + covered)];
  return { named: names.map((n, k) => [n, dims[k]]), ellipsis };
}

/** The output of an einsum with named subscripts, checked as torch.einsum checks it. */
export function einsumShape(owner: string, operands: readonly Subscripts[], out: Subscripts, shapes: readonly Shape[]): EinsumShape {
  if (shapes.length > operands.length) einsumError(owner, 'more operands were provided than specified in the equation');
  if (shapes.length < operands.length) einsumError(owner, 'fewer operands were provided than specified in the equation');
  const sizes = new Map<string, Dim>();
  let ellipsis: Shape = [];
  operands.forEach((subs, i) => {
    const bound = bindOperand(owner, subs, shapes[i], i);
    const own = new Map<string, Dim>();
    for (const [name, d] of bound.named) {
      const mine = own.get(name);
      if (mine !== undefined && !sameDim(mine, d)) {
        if (isKnown(mine) && isKnown(d)) einsumError(owner, `subscript ${name} is repeated for operand ${i} but the sizes don't match, ${formatDim(d)} != ${formatDim(mine)}`);
        throw new UnknownValueError(`${owner}: cannot tell statically whether ${formatDim(mine)} and ${formatDim(d)} agree (subscript ${name})`);
      }
      own.set(name, d);
    }
    for (const [name, d] of own) {
      const prev = sizes.get(name);
      const m = prev === undefined ? d : meet(prev, d);
      if (m === 'mismatch') einsumError(owner, `subscript ${name} has size ${formatDim(d)} for operand ${i} which does not broadcast with previously seen size ${formatDim(prev!)}`);
      if (m === 'unknown') throw new UnknownValueError(`${owner}: cannot tell statically whether ${formatDim(prev!)} and ${formatDim(d)} agree (subscript ${name})`);
      sizes.set(name, m as Dim);
    }
    if (subs.includes(ELLIPSIS)) ellipsis = broadcastShapes(`${owner}: the dims covered by ...`, ellipsis, bound.ellipsis);
  });
  const output = out.flatMap((a) => (a === ELLIPSIS ? ellipsis : [sizes.get(a)!]));
  const summed = [...sizes.keys()].filter((a) => !out.includes(a)).map(axisText);
  if (ellipsis.length && !out.includes(ELLIPSIS)) summed.push(`…${formatShape(ellipsis)}`);
  const working = [
    line('axes', [...sizes].map(([a, d]) => `${a} = ${formatDim(d)}`).join(', ') + (ellipsis.length ? `; … = ${formatShape(ellipsis)}` : '')),
    line('shape', `${out.map((a) => (a === ELLIPSIS ? '...' : a)).join(' ') || '()'} = ${formatShape(output)}${summed.length ? `; summed over ${summed.join(', ')}` : ''}`),
  ];
  return { output, sizes, ellipsis, working };
}

/** The naive evaluation's counts (see the header): T = ∏ every axis size, k operands. */
export function einsumCost(owner: string, e: EinsumShape, k: number, biasAdds = false): Cost {
  const all = [...e.sizes.values(), ...e.ellipsis];
  const total = numel(all);
  const out = numel(e.output);
  if (total === undefined || out === undefined) throw new UnknownValueError(`${owner}: cost unknown, a size is symbolic`);
  const mults = k >= 2 ? BigInt(k - 1) * total : 0n;
  const adds = total - out + (biasAdds ? out : 0n);
  const T = `T = ∏ axis sizes = ${all.length ? all.map((d) => formatDim(d)).join('·') : '1'} = ${withSeparators(total)}`;
  const working = k >= 2
    ? [`${T}; MACs = ${k === 2 ? '' : `(${k} − 1)·`}T = ${withSeparators(mults)}`,
      `mults = ${withSeparators(mults)}; adds = T − out_numel${biasAdds ? ' + out_numel (bias)' : ''} = ${withSeparators(adds)}`]
    : [`${T}; adds = T − out_numel = ${withSeparators(total)} − ${withSeparators(out)} = ${withSeparators(adds)}`];
  return { macs: mults, exact: ops({ mul: mults, add: adds }), working };
}
