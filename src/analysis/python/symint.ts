// Python's int arithmetic on symbolic sizes: `b, c, h, w = x.shape` with free input sizes gives ints that only
// the input decides (SymDim expressions), and model code computes with them — `c * h * w`, `h // 2`, `w - 1`,
// `max(h, w)`, `math.prod(x.shape[1:])`. The results stay exact expressions; what has no integer form (`h / 3`, a
// float power) is unknown, never a guess.
import { compareDims, dimOf, exprOf, formatDim, isExpr, isKnown, type Dim, type SymDim } from '../../engine';
import { add, divideExact, eq, floorDiv, format, ge, max, min, mod, mul, neg, pow, sub } from '../../engine/symbolic';
import { namedChildren, textOf, type Syntax } from '../syntax';
import type { Evaluator, Frame } from './evaluator';
import { isUnknownValue, unknown, type PyValue } from './values';

export const isSymInt = (v: PyValue | undefined): v is SymDim => isExpr(v);

/**
 * A number, known or not: an int or float, a bool, a symbolic int, or a number whose value is not known (arithmetic
 * on such, `h / 3` of a symbolic h). Beside a tensor it is a scalar: the tensor's shape is kept.
 */
export const isNumeric = (v: PyValue | undefined): boolean =>
  typeof v === 'number' || typeof v === 'boolean' || isExpr(v) || (isUnknownValue(v) && v.scalar === true);

/** An int operand: a whole number, a bool or a symbolic int. */
function intOperand(v: PyValue): Dim | undefined {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  return isExpr(v) ? v : undefined;
}

/** `l op r` when an operand is a symbolic int; undefined when neither is. */
export function symbolicBinary(op: string, l: PyValue, r: PyValue): PyValue | undefined {
  if (!isExpr(l) && !isExpr(r)) return undefined;
  const a = intOperand(l), b = intOperand(r);
  if (a === undefined || b === undefined) return unknown(`${op} of a symbolic size and a value that is not an int`);
  const ea = exprOf(a), eb = exprOf(b);
  switch (op) {
    case '+': return dimOf(add(ea, eb));
    case '-': return dimOf(sub(ea, eb));
    case '*': return dimOf(mul(ea, eb));
    case '//':
    case '%': {
      if (typeof b !== 'number' || b <= 0) return unknown(`${op} by a divisor that is not a known positive int`);
      return dimOf(op === '//' ? floorDiv(ea, b) : mod(ea, b));
    }
    case '/': {
      // A float in Python; exact only when the division leaves no remainder for every size.
      const q = divideExact(ea, eb);
      return q ? dimOf(q) : unknown(`${format(ea)} / ${format(eb)} is not a whole number for every input size`);
    }
    case '**':
      return typeof b === 'number' && b >= 0 && b <= 8 ? dimOf(pow(ea, b)) : unknown('a power of a symbolic size');
    default:
      return unknown(`the operator ${op} on a symbolic size`);
  }
}

export const symbolicNegate = (v: SymDim): PyValue => dimOf(neg(v));

/** A comparison of two ints, one of them symbolic, decided for every positive value of the free sizes. */
export function symbolicCompare(op: string, l: PyValue, r: PyValue): boolean | undefined {
  const a = intOperand(l), b = intOperand(r);
  if (a === undefined || b === undefined) return op === '==' ? false : op === '!=' ? true : undefined;
  const c = compareDims(a, b);
  if (c === undefined) return undefined;
  switch (op) {
    case '==': return c === '=' ? true : c === '<' || c === '>' ? false : undefined;
    case '!=': case '<>': return c === '=' ? false : c === '<' || c === '>' ? true : undefined;
    case '<': return c === '<' ? true : c === '=' || c === '>=' || c === '>' ? false : undefined;
    case '<=': return c === '<' || c === '<=' || c === '=' ? true : c === '>' ? false : undefined;
    case '>': return c === '>' ? true : c === '=' || c === '<=' || c === '<' ? false : undefined;
    case '>=': return c === '>' || c === '>=' || c === '=' ? true : c === '<' ? false : undefined;
  }
  return undefined;
}

/** min()/max() of ints some of which are symbolic. */
export function symbolicExtremum(fn: 'min' | 'max', xs: readonly PyValue[]): PyValue | undefined {
  if (!xs.some(isExpr)) return undefined;
  const ds = xs.map(intOperand);
  if (ds.some((d) => d === undefined)) return unknown(`${fn}() of a symbolic size and a value that is not an int`);
  const es = (ds as Dim[]).map(exprOf);
  return dimOf(fn === 'min' ? min(...es) : max(...es));
}

/** The product of ints some of which are symbolic (math.prod(x.shape[1:])). */
export function symbolicProduct(xs: readonly PyValue[]): PyValue | undefined {
  if (!xs.some(isExpr)) return undefined;
  const ds = xs.map(intOperand);
  if (ds.some((d) => d === undefined)) return unknown('a product of a symbolic size and a value that is not an int');
  return dimOf(mul(...(ds as Dim[]).map(exprOf)));
}

/**
 * `assert x.shape[1:] == (64, 112, 112)`, `assert h == w`, `assert x.size(-1) == 400` in a forward pass followed
 * with free input sizes: what the code asserts of a symbolic size is a constraint on the input (seed 000's stated
 * output of the first layer gives the input it came from). Nothing is checked or said otherwise: an assert is not
 * followed for its effect. `node` is the assert statement, or the condition itself (`torch._assert(H == 224, msg)`).
 */
export function assertSizes(ev: Evaluator, node: Syntax, frame: Frame): void {
  const trace = ev.trace;
  const test = node.type === 'assert_statement' ? namedChildren(node)[0] : node;
  if (!trace || test?.type !== 'comparison_operator') return;
  const operands = namedChildren(test);
  const ops = test.children.filter((c) => !c.named).map((c) => c.type);
  if (operands.length !== ops.length + 1) return;
  const range = ev.file.lines.rangeOf(node);
  const label = `assert ${textOf(test).replace(/\s+/g, ' ')}`.slice(0, 60);
  if (ops.length === 1 && ops[0] === '==') {
    const [l, r] = operands.map((o) => ev.eval(o, frame));
    for (const [a, b] of sizePairs(l, r) ?? []) {
      if (isKnown(a) && isKnown(b)) continue;
      trace.constraints.push({ constraint: eq(exprOf(a), exprOf(b), { source: formatDim(a), requiredBy: label }), range, label });
    }
    return;
  }
  // `assert t <= self.block_size` (minGPT, nanoGPT), `assert 0 < n < 64`: bounds on single sizes, a chain link by link
  if (!ops.every((op) => op === '<' || op === '<=' || op === '>' || op === '>=')) return;
  const sizes = operands.map((o) => intOperand(ev.eval(o, frame)));
  ops.forEach((op, i) => {
    const [a, b] = [sizes[i], sizes[i + 1]];
    if (a === undefined || b === undefined || (isKnown(a) && isKnown(b))) return;
    // a <= b is b ≥ a; a < b is b ≥ a + 1 (sizes are whole numbers)
    const [big, small] = op === '<' || op === '<=' ? [b, a] : [a, b];
    const strict = op === '<' || op === '>' ? 1 : 0;
    trace.constraints.push({ constraint: ge(exprOf(big), add(exprOf(small), strict), { source: formatDim(isKnown(a) ? b : a), requiredBy: label }), range, label });
  });
}

/** Two ints, or two equally long sequences of ints, as pairs of sizes; undefined when they are not. */
function sizePairs(l: PyValue, r: PyValue): Array<[Dim, Dim]> | undefined {
  const asList = (v: PyValue): PyValue[] => (Array.isArray(v) ? v : [v]);
  const [a, b] = [asList(l), asList(r)];
  if (a.length !== b.length) return undefined;
  const out: Array<[Dim, Dim]> = [];
  for (let i = 0; i < a.length; i++) {
    const x = intOperand(a[i]), y = intOperand(b[i]);
    if (x === undefined || y === undefined) return undefined;
    out.push([x, y]);
  }
  return out;
}
