// einops' pattern grammar, read the way einops reads it (einops/parsing.py, https://einops.rocks/1-einops-basics/):
//
//   side       := item*                      items separated by spaces; one side of `->` (or of `,` in einsum)
//   item       := name | number | `...` | `(` (name | number | `...`)* `)`
//   name       a Python identifier that neither starts nor ends with `_` (`_` alone only where allowed: einsum)
//   number     an anonymous axis of that length; `1` (and `()`) is an axis of length 1 and names nothing, and a `1`
//              inside parentheses is dropped
//   `...`      at most once per side: the axes not otherwise named; on the input side never inside parentheses
//
// A name appears once per side (einsum's inputs excepted: `i i ->` is a diagonal); every anonymous axis is an axis
// of its own, equal to no other (so `2` on both sides of a rearrange does not match up). Parentheses compose the
// axes inside them into one dimension, C order, one level deep.
import { fail } from '../diagnostic';

/** The ellipsis as einops stores it: one character, so that it is never a name. */
export const ELLIPSIS = '…';

/** An anonymous axis (`2` in `(h 2)`): every occurrence is an axis of its own. */
export class AnonymousAxis {
  constructor(readonly size: number) {}
}

/** A name, the ellipsis, or an anonymous axis. */
export type Axis = string | AnonymousAxis;
/** One top-level item: a group of axes (one dimension; [] for `1` and `()`), or the ellipsis on its own. */
export type Group = readonly Axis[] | typeof ELLIPSIS;

export interface Expression {
  readonly text: string;
  readonly composition: readonly Group[];
  /** Every name, anonymous axis and ellipsis of the side. */
  readonly identifiers: ReadonlySet<Axis>;
  readonly hasEllipsis: boolean;
  /** The ellipsis is inside parentheses: `(...)`. */
  readonly ellipsisInGroup: boolean;
  /** It has an anonymous axis longer than 1. */
  readonly hasNumbers: boolean;
}

export interface ParseOptions {
  /** `_` is a name (einsum's sides). */
  readonly underscore?: boolean;
  /** A name may repeat (einsum's inputs). */
  readonly duplicates?: boolean;
}

const patternError = (owner: string, message: string): never => fail('einops-pattern', `${owner}: ${message}`);

/** How einops names an axis in its messages: `h`, `…`, or `2-axis` for an anonymous one. */
export const axisText = (a: Axis): string => (typeof a === 'string' ? a : `${a.size}-axis`);
/** A set of axes as einops lists them, in pattern order: {h, w}. */
export const axesText = (axes: Iterable<Axis>): string => `{${[...axes].map(axisText).join(', ')}}`;

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const NAME_CHAR = /^[\p{L}\p{N}_…]$/u;

/** Why a name is not a valid axis name, or undefined when it is one (einops' check_axis_name). */
export function axisNameProblem(name: string, underscore = false): string | undefined {
  if (!IDENTIFIER.test(name)) return 'not a valid python identifier';
  if ((name.startsWith('_') || name.endsWith('_')) && !(underscore && name === '_')) return 'axis name should not start or end with underscore';
  return undefined;
}

/** One side of a pattern, or einops' complaint. */
export function parseExpression(owner: string, text: string, options: ParseOptions = {}): Expression {
  let source = text;
  let hasEllipsis = false;
  if (source.includes('.')) {
    if (!source.includes('...')) patternError(owner, `expression may contain dots only inside ellipsis (...), got '${text.trim()}'`);
    if (source.split('...').length !== 2 || source.split('.').length !== 4) {
      patternError(owner, `expression may contain dots only inside ellipsis (...); only one ellipsis for tensor, got '${text.trim()}'`);
    }
    source = source.replace('...', ELLIPSIS);
    hasEllipsis = true;
  }
  const composition: Group[] = [];
  const identifiers = new Set<Axis>();
  let group: Axis[] | undefined;
  let ellipsisInGroup = false;
  let hasNumbers = false;

  const addAxis = (token: string) => {
    if (identifiers.has(token) && !(options.underscore && token === '_') && !options.duplicates) {
      patternError(owner, `indexing expression contains duplicate dimension "${token}" ('${text.trim()}')`);
    }
    if (token === ELLIPSIS) {
      identifiers.add(ELLIPSIS);
      if (group) { group.push(ELLIPSIS); ellipsisInGroup = true; } else composition.push(ELLIPSIS);
      return;
    }
    const isNumber = /^[0-9]+$/.test(token);
    if (isNumber && Number(token) === 1) {
      if (!group) composition.push([]); // an axis of length 1; inside parentheses a 1 changes nothing
      return;
    }
    const problem = isNumber ? undefined : axisNameProblem(token, options.underscore);
    if (problem) patternError(owner, `invalid axis identifier: ${token} (${problem})`);
    let axis: Axis = token;
    if (isNumber) {
      if (Number(token) < 1) patternError(owner, `anonymous axis should have positive length, not ${Number(token)}`);
      axis = new AnonymousAxis(Number(token));
      hasNumbers = true;
    }
    identifiers.add(axis);
    if (group) group.push(axis);
    else composition.push([axis]);
  };

  let token = '';
  for (const ch of source) {
    if (ch === '(' || ch === ')' || ch === ' ') {
      if (token) addAxis(token);
      token = '';
      if (ch === '(') {
        if (group) patternError(owner, `axis composition is one-level (brackets inside brackets not allowed): '${text.trim()}'`);
        group = [];
      } else if (ch === ')') {
        if (!group) patternError(owner, `brackets are not balanced in '${text.trim()}'`);
        composition.push(group as Axis[]);
        group = undefined;
      }
    } else if (NAME_CHAR.test(ch)) token += ch;
    else patternError(owner, `unknown character '${ch}' in '${text.trim()}'`);
  }
  if (group) patternError(owner, `imbalanced parentheses in expression: "${text}"`);
  if (token) addAxis(token);
  return { text, composition, identifiers, hasEllipsis, ellipsisInGroup, hasNumbers };
}

/** `left -> right`, split where einops splits it (Python's unpacking of pattern.split('->') wants exactly two). */
export function splitArrow(owner: string, pattern: string): [string, string] {
  const parts = pattern.split('->');
  if (parts.length !== 2) {
    patternError(owner, `the pattern '${pattern}' must have one '->' between the input and the output axes (found ${parts.length - 1})`);
  }
  return [parts[0], parts[1]];
}

/** pack/unpack's pattern ('b * d'): names split by spaces, exactly one `*` (einops/packing.py analyze_pattern). */
export interface PackPattern {
  readonly before: number;
  readonly after: number;
}

export function parsePackPattern(owner: string, op: 'pack' | 'unpack', pattern: string): PackPattern {
  const axes = pattern.split(/\s+/).filter((a) => a !== '');
  if (new Set(axes).size !== axes.length) patternError(owner, `duplicates in axes names in ${op}(..., "${pattern}")`);
  if (!axes.includes('*')) patternError(owner, `no *-axis in ${op}(..., "${pattern}")`);
  for (const a of axes) {
    if (a !== '*' && axisNameProblem(a)) patternError(owner, `invalid axis name ${a} in ${op}(..., "${pattern}")`);
  }
  const before = axes.indexOf('*');
  return { before, after: axes.length - before - 1 };
}
