// torch.einsum(equation, *operands): the whole equation grammar as torch parses it (aten's Linear.cpp).
//
//   grammar  subscripts are letters a–z, A–Z; spaces are ignored; '…' written as three dots stands for the dims no
//            letter names (at most one per operand and one in the output); ',' separates the operands; '->' starts
//            the output. Without '->' the output is the ellipsis' dims followed by the letters used exactly once,
//            in alphabetical order (A–Z before a–z).
//   shape    each operand has as many dims as letters (at least as many, with an ellipsis); a letter repeated in one
//            operand takes that operand's diagonal (its sizes must be equal); across operands a letter's sizes must
//            agree or be 1 (broadcast); the ellipsis dims broadcast right-aligned as in elementwise ops. The output
//            takes each output letter's size and the broadcast ellipsis dims; every letter (and ellipsis dim) not in
//            the output is summed over.
//   cost     convention for the general case: one multiply-accumulate per term of the full sum, i.e. MACs = the
//            product of every letter's size and the ellipsis dims — the summed ones included (for 'ij,jk->ik' that is
//            n·k·m, matmul's count). Exact: mults = (operands − 1) · that product, adds = that product − out_numel
//            (each output sums its terms). A single operand (a transpose, a diagonal, a sum) has no products: 0 MACs,
//            adds = the product − out_numel. torch may contract cheaper (summing a letter that only one operand
//            has before multiplying); the convention counts the equation, not the path.
//   params   none
import { withSeparators } from '../count';
import { ops } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { LayerDef } from '../layer';
import { formatDim, formatShape, isKnown, numel, sameDim, type Dim, type Shape } from '../shape';
import { str } from '../values';
import { dot, line } from '../working';

const ELLIPSIS = '...';
type Label = string; // a letter, or ELLIPSIS

interface Equation {
  readonly operands: Label[][];
  /** null: no '->', the output is implicit. */
  readonly output: Label[] | null;
  /** Where the output starts in the equation string (torch counts an invalid output letter's index from the start). */
  readonly outputOffset: number;
}

const isLetter = (c: string): boolean => /^[a-zA-Z]$/.test(c);
const owner = 'einsum()';

/** Reads "…" at i (three dots) or raises torch's complaint; returns the index of its last dot. */
function readEllipsis(text: string, i: number, what: string): number {
  if (!(i + 2 < text.length && text[i + 1] === '.' && text[i + 2] === '.')) {
    fail('einsum-equation', `${owner}: found '.' for ${what} that is not part of any ellipsis${what === 'output' ? ' (...)' : ''}`);
  }
  return i + 2;
}

function parseEquation(equation: string, count: number): Equation {
  const arrow = equation.indexOf('->');
  const lhs = arrow < 0 ? equation : equation.slice(0, arrow);
  const operands: Label[][] = [[]];
  let ellipsis = false;
  for (let i = 0; i < lhs.length; i++) {
    const c = lhs[i];
    const current = operands.length - 1;
    if (c === ' ') continue;
    if (c === '.') {
      if (ellipsis) fail('einsum-equation', `${owner}: found '.' for operand ${current} for which an ellipsis was already found`);
      i = readEllipsis(lhs, i, `operand ${current}`);
      operands[current].push(ELLIPSIS);
      ellipsis = true;
    } else if (c === ',') {
      if (operands.length >= count) fail('einsum-operands', `${owner}: fewer operands were provided than specified in the equation '${equation}' (${count})`);
      operands.push([]);
      ellipsis = false;
    } else if (isLetter(c)) operands[current].push(c);
    else fail('einsum-equation', `${owner}: invalid subscript '${c}' given at index ${i} in the equation string '${equation}', subscripts must be in [a-zA-Z]`);
  }
  if (operands.length !== count) {
    fail('einsum-operands', `${owner}: more operands were provided (${count}) than specified in the equation '${equation}' (${operands.length})`);
  }
  return { operands, output: arrow < 0 ? null : parseOutput(equation.slice(arrow + 2), arrow + 2), outputOffset: arrow + 2 };
}

function parseOutput(rhs: string, offset: number): Label[] {
  const out: Label[] = [];
  for (let i = 0; i < rhs.length; i++) {
    const c = rhs[i];
    if (c === ' ') continue;
    if (c === '.') {
      if (out.includes(ELLIPSIS)) fail('einsum-equation', `${owner}: found '.' for output for which an ellipsis was already found`);
      i = readEllipsis(rhs, i, 'output');
      out.push(ELLIPSIS);
    } else if (isLetter(c)) out.push(c);
    else fail('einsum-equation', `${owner}: invalid subscript '${c}' given at index ${offset + i} in the equation string, subscripts must be in [a-zA-Z]`);
  }
  return out;
}

/** Broadcasts a size into what earlier operands said (equal, or one of them 1); the complaint is the caller's. */
function merge(prev: Dim | undefined, size: Dim, complain: (prev: Dim) => never): Dim {
  if (prev === undefined || prev === 1) return size;
  if (size === 1 || sameDim(prev, size)) return prev;
  if (isKnown(prev) && isKnown(size)) return complain(prev);
  throw new UnknownValueError(`${owner}: cannot tell statically whether ${formatDim(prev)} and ${formatDim(size)} broadcast`);
}

interface Sizes {
  readonly letters: Map<string, Dim>;
  /** The broadcast ellipsis dims. */
  readonly ellipsis: Dim[];
}

function sizesOf(eq: Equation, inputs: readonly Shape[]): Sizes {
  // the ellipsis covers the most dims any operand leaves to it
  let ellRank = 0;
  eq.operands.forEach((labels, i) => {
    const named = labels.filter((l) => l !== ELLIPSIS).length;
    const hasEll = labels.includes(ELLIPSIS);
    const rank = inputs[i].length;
    if (hasEll ? named > rank : named !== rank) {
      fail('einsum-rank', `${owner}: the number of subscripts in the equation (${named}) does not match the number of dimensions (${rank}) ` +
        `for operand ${i}${hasEll ? '' : ' and no ellipsis was given'} (shape ${formatShape(inputs[i])})`);
    }
    if (hasEll) ellRank = Math.max(ellRank, rank - named);
  });
  const letters = new Map<string, Dim>();
  const ellipsis: Dim[] = Array<Dim>(ellRank).fill(1);
  eq.operands.forEach((labels, i) => {
    const shape = inputs[i];
    const own = new Map<string, Dim>(); // this operand's sizes: a repeated letter is its diagonal
    let d = 0;
    for (const l of labels) {
      if (l === ELLIPSIS) {
        const covered = shape.length - (labels.length - 1);
        for (let j = 0; j < covered; j++, d++) {
          const at = ellRank - covered + j;
          ellipsis[at] = merge(ellipsis[at], shape[d], (prev) => fail('einsum-size', `${owner}: dimension ${d} covered by ellipsis in operand ${i} has size ` +
            `${formatDim(shape[d])} which does not broadcast with previously seen ellipsis with size ${formatDim(prev)} for the respective dimension`));
        }
        continue;
      }
      const size = shape[d++];
      const seen = own.get(l);
      if (seen !== undefined && !sameDim(seen, size)) {
        if (!isKnown(seen) || !isKnown(size)) throw new UnknownValueError(`${owner}: cannot tell whether the diagonal sizes ${formatDim(seen)} and ${formatDim(size)} agree`);
        fail('einsum-size', `${owner}: subscript ${l} is repeated for operand ${i} but the sizes don't match, ${size} != ${seen}`);
      }
      own.set(l, size);
    }
    for (const [l, size] of own) {
      letters.set(l, merge(letters.get(l), size, (prev) => fail('einsum-size', `${owner}: subscript ${l} has size ${formatDim(size)} for operand ${i} ` +
        `which does not broadcast with previously seen size ${formatDim(prev)}`)));
    }
  });
  return { letters, ellipsis };
}

/** The output's letters: the explicit ones (checked), or the implicit "…" + the letters used once, sorted. */
function outputLabels(eq: Equation): Label[] {
  const uses = new Map<string, number>();
  for (const labels of eq.operands) for (const l of labels) if (l !== ELLIPSIS) uses.set(l, (uses.get(l) ?? 0) + 1);
  if (eq.output === null) {
    const once = [...uses].filter(([, n]) => n === 1).map(([l]) => l).sort((a, b) => a.charCodeAt(0) - b.charCodeAt(0));
    return [ELLIPSIS, ...once];
  }
  const seen = new Set<string>();
  for (const l of eq.output) {
    if (l === ELLIPSIS) continue;
    if (seen.has(l)) fail('einsum-equation', `${owner}: output subscript ${l} appears more than once in the output`);
    if (!uses.has(l)) fail('einsum-equation', `${owner}: output subscript ${l} does not appear in the equation for any input operand`);
    seen.add(l);
  }
  return eq.output;
}

interface Plan {
  readonly output: Shape;
  readonly sizes: Sizes;
  readonly labels: Label[];
  readonly equation: string;
}

function plan(equation: string, inputs: readonly Shape[]): Plan {
  if (inputs.length === 0) fail('einsum-operands', `${owner}: must specify the equation string and at least one operand`);
  const eq = parseEquation(equation, inputs.length);
  const labels = outputLabels(eq);
  const sizes = sizesOf(eq, inputs);
  const output = labels.flatMap((l) => (l === ELLIPSIS ? sizes.ellipsis : [sizes.letters.get(l) as Dim]));
  return { output, sizes, labels, equation };
}

const describeSizes = (s: Sizes): string => [
  ...(s.ellipsis.length ? [`… = ${formatShape(s.ellipsis)}`] : []),
  ...[...s.letters].map(([l, d]) => `${l} = ${formatDim(d)}`),
].join(', ');

export const einsum: LayerDef = {
  type: 'torch.einsum', kind: 'function', summary: 'Einstein summation over labelled dimensions', inputs: 'list', varargs: 'operands',
  signature: [{ name: 'equation' }, { name: 'operands', tensor: 'list' }],
  params: () => ({ tensors: [], working: [] }),
  forward: (a, xs) => {
    const p = plan(str(a, 'equation'), xs);
    const summed = [...p.sizes.letters.keys()].filter((l) => !p.labels.includes(l));
    // the implicit output starts with the ellipsis; say it only when it covers dims
    const shown = p.labels.filter((l) => l !== ELLIPSIS || p.sizes.ellipsis.length > 0);
    const outText = shown.map((l) => (l === ELLIPSIS ? '…' : l)).join('') || '(a scalar)';
    return { output: p.output, working: [
      line('sizes', describeSizes(p.sizes) || 'no labels'),
      line('shape', `output '${outText}' → ${formatShape(p.output)}${summed.length ? `; summed over ${summed.join(', ')}` : ''}`),
    ] };
  },
  cost: (a, xs, out) => {
    const p = plan(str(a, 'equation'), xs);
    const all = [...p.sizes.ellipsis, ...p.sizes.letters.values()];
    const terms = numel(all);
    const outCount = numel(out as Shape);
    if (terms === undefined || outCount === undefined) throw new UnknownValueError('torch.einsum: cost unknown, the size is symbolic');
    const adds = terms > outCount ? terms - outCount : 0n;
    const factors = all.length ? dot(...(all as number[])) : '1';
    if (xs.length === 1) {
      return { macs: 0n, exact: ops({ add: adds }), working: [
        `one operand, no products: 0 MACs; adds = ∏ sizes − out_numel = ${factors} − ${withSeparators(outCount)} = ${withSeparators(adds)}`] };
    }
    const mults = BigInt(xs.length - 1) * terms;
    return { macs: terms, exact: ops({ mul: mults, add: adds }), working: [
      `MACs = ∏ of every label's size (summed ones included) = ${factors} = ${withSeparators(terms)}`,
      `mults = (${xs.length} operands − 1) · ${withSeparators(terms)} = ${withSeparators(mults)}; adds = ${withSeparators(terms)} − out_numel ${withSeparators(outCount)} = ${withSeparators(adds)}`,
    ] };
  },
};

/** Every operand, for the others' gradients (the contraction mixes positions: global). */
export const einsumLayers: LayerDef[] = [{
  ...einsum,
  saves: (_a, inputs) => inputs.map((_x, i) => ({ input: i, when: inputs.map((_y, j) => j).filter((j) => j !== i) })),
  receptive: () => ({ kind: 'global', why: 'einsum contracts across positions' }),
}];
