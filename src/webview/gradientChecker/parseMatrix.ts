// Reads a tensor typed by a person, in whichever notation they think in:
//   numpy-style nested lists   [[3, 2], [2, 1]]      (commas optional, as numpy prints: [[3 2] [2 1]])
//                              np.array([...]) / torch.tensor([...]) wrappers and a leading "A =" are dropped
//   LaTeX matrices             \begin{bmatrix} 3 & 2 \\ 2 & 1 \end{bmatrix}   (also pmatrix/vmatrix/matrix;
//                              several matrices in a row stack into a 3-d tensor; \frac{a}{b} cells)
//   whitespace/newline rows    3 2            one line → a vector, lines → a matrix,
//                              2 1            blank-line-separated blocks → a 3-d tensor; ';' also ends a row
// Every failure is a message meant for the person typing: which row, which cell, what was expected.
// Pure: no DOM, unit-tested in test/unit/parseMatrix.test.ts.
import type { NestedNumbers } from '../../engine/grad/checkFormat';
import { countOf, flatten, sameShape, squeezeShape, unflatten } from './nested';

export type MatrixFormat = 'numpy' | 'latex' | 'rows';

export interface ParsedTensor {
  ok: true;
  values: NestedNumbers;
  shape: number[];
  format: MatrixFormat;
  /** True when the typed shape differed from `like` only by size-1 axes and was reshaped to it. */
  conformed: boolean;
}

export interface MatrixParseError {
  ok: false;
  message: string;
}

export interface ParseMatrixOptions {
  /** Largest number of elements accepted (default DEFAULT_MAX_ELEMENTS). */
  maxElements?: number;
  /**
   * The shape the field had before: a typed matrix that holds the same numbers up to size-1 axes
   * (a 4×4 grid for a (1, 1, 4, 4) image, a row or column for a vector) takes this shape.
   */
  like?: readonly number[];
}

/** Keeps typed tensors small enough to show, check element by element, and save as readable JSON. */
export const DEFAULT_MAX_ELEMENTS = 10_000;

class ParseFailure extends Error {}
const fail = (message: string): never => {
  throw new ParseFailure(message);
};

export function parseMatrix(text: string, options: ParseMatrixOptions = {}): ParsedTensor | MatrixParseError {
  const maxElements = options.maxElements ?? DEFAULT_MAX_ELEMENTS;
  try {
    const body = stripAssignment(text.trim());
    if (body === '') fail('Empty: type a number, [[1, 2], [3, 4]], rows of numbers, or a LaTeX bmatrix.');
    const format: MatrixFormat = body.includes('\\') ? 'latex' : /^[\w.]*\(?\s*\[/.test(body) ? 'numpy' : 'rows';
    const { flat, shape } = format === 'latex' ? readLatex(body) : format === 'numpy' ? readNested(body) : readRows(body);
    if (flat.length > maxElements)
      fail(`Too large: ${flat.length.toLocaleString('en-US')} elements; the cap is ${maxElements.toLocaleString('en-US')}.`);
    let finalShape = shape;
    let conformed = false;
    const like = options.like;
    if (like && !sameShape(like, shape) && countOf(like) === flat.length && sameShape(squeezeShape(like), squeezeShape(shape))) {
      finalShape = [...like];
      conformed = true;
    }
    return { ok: true, values: unflatten(flat, finalShape) as NestedNumbers, shape: finalShape, format, conformed };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, message: e.message };
    return { ok: false, message: `Cannot read this tensor: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** "A = ..." or "A := ..." in front of any notation. */
function stripAssignment(text: string): string {
  const m = /^[A-Za-z_][\w']*\s*:?=\s*/.exec(text);
  return m ? text.slice(m[0].length).trim() : text;
}

// ---------------------------------------------------------------- numbers

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NOT_FINITE = /^[+-]?(?:nan|inf|infinity|∞)$/i;

/** One cell: a decimal number, optionally a fraction a/b; the Unicode minus counts as '-'. */
function readNumber(raw: string, where: string): number {
  const token = raw.trim().replace(/[−–]/g, '-');
  if (token === '') fail(`Missing number ${where}.`);
  if (NOT_FINITE.test(token)) fail(`${raw.trim()} ${where} is not a finite number; a gradient check needs finite values.`);
  const fraction = /^([^/]+)\/([^/]+)$/.exec(token);
  if (fraction) {
    const num = readNumber(fraction[1], where);
    const den = readNumber(fraction[2], where);
    if (den === 0) fail(`Division by zero in ${raw.trim()} ${where}.`);
    return num / den;
  }
  if (!NUMBER.test(token)) fail(`Cannot read "${raw.trim()}" ${where} as a number.`);
  const value = Number(token);
  if (!Number.isFinite(value)) fail(`${raw.trim()} ${where} is too large to be a finite number.`);
  return value;
}

// ---------------------------------------------------------------- numpy-style nested lists

function readNested(text: string): { flat: number[]; shape: number[] } {
  let body = text;
  // np.array([...], dtype=...) / torch.tensor([...]): keep the bracketed part.
  const wrapper = /^[A-Za-z_][\w.]*\(\s*/.exec(body);
  if (wrapper) {
    body = body.slice(wrapper[0].length);
    const close = matchingBracket(body);
    const rest = body.slice(close + 1).trim();
    if (!/^(,[^()]*)?\)$/.test(rest)) fail(`Unbalanced parentheses after the list.`);
    body = body.slice(0, close + 1);
  }
  let pos = 0;
  const flat: number[] = [];
  const skipSpace = () => {
    while (pos < body.length && /\s/.test(body[pos])) pos++;
  };
  // Returns the shape of the list starting at pos.
  const readList = (path: number[]): number[] => {
    pos++; // '['
    const itemShapes: number[][] = [];
    for (;;) {
      skipSpace();
      if (pos >= body.length) fail(`Missing "]": ${describePath(path)} is not closed.`);
      if (body[pos] === ']') {
        pos++;
        break;
      }
      const itemPath = [...path, itemShapes.length];
      if (body[pos] === '[') itemShapes.push(readList(itemPath));
      else {
        const start = pos;
        while (pos < body.length && !/[\s,[\]]/.test(body[pos])) pos++;
        flat.push(readNumber(body.slice(start, pos), `at ${describePath(itemPath)}`));
        itemShapes.push([]);
      }
      skipSpace();
      if (body[pos] === ',') pos++;
    }
    if (itemShapes.length === 0) fail(`Empty list at ${describePath(path)}: every row needs at least one number.`);
    const first = itemShapes[0];
    itemShapes.forEach((s, i) => {
      if (!sameShape(s, first)) {
        const what = (shape: number[]) => (shape.length === 0 ? 'a number' : shape.length === 1 ? `${shape[0]} entries` : `shape (${shape.join(', ')})`);
        fail(`Ragged rows: ${describePath([...path, i])} has ${what(s)}, but ${describePath([...path, 0])} has ${what(first)}.`);
      }
    });
    return [itemShapes.length, ...first];
  };
  skipSpace();
  if (body[pos] !== '[') fail('A nested list starts with "[".');
  const shape = readList([]);
  skipSpace();
  if (pos < body.length) fail(`Unexpected "${body.slice(pos, pos + 12)}" after the closing "]".`);
  return { flat, shape };
}

/** Index of the bracket closing the one at 0, or a failure. */
function matchingBracket(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']' && --depth === 0) return i;
  }
  return fail('Missing "]": the list is not closed.');
}

/** Human wording of a position in a nested list: row 2, or element [1][0][2]. */
function describePath(path: number[]): string {
  if (path.length === 0) return 'the outer list';
  if (path.length === 1) return `row ${path[0] + 1}`;
  if (path.length === 2) return `row ${path[0] + 1}, column ${path[1] + 1}`;
  return `element [${path.join('][')}]`;
}

// ---------------------------------------------------------------- whitespace/newline rows

function readRows(text: string): { flat: number[]; shape: number[] } {
  // Blank lines separate 2-d slices; ';' ends a row (MATLAB habit).
  const blocks = text.split(/\n\s*\n/).map((block) => block.split(/[\n;]/).map((l) => l.trim()).filter((l) => l !== ''));
  const flat: number[] = [];
  const blockShapes: number[][] = [];
  for (const [b, lines] of blocks.entries()) {
    let width = -1;
    for (const [r, line] of lines.entries()) {
      const cells = line.split(/[\s,]+/).filter((c) => c !== '');
      if (width >= 0 && cells.length !== width)
        fail(`Ragged rows: row ${r + 1}${blocks.length > 1 ? ` of block ${b + 1}` : ''} has ${cells.length} numbers, row 1 has ${width}.`);
      width = cells.length;
      cells.forEach((c, col) => flat.push(readNumber(c, `in row ${r + 1}, column ${col + 1}${blocks.length > 1 ? ` of block ${b + 1}` : ''}`)));
    }
    blockShapes.push([lines.length, width]);
  }
  const first = blockShapes[0];
  blockShapes.forEach((s, b) => {
    if (!sameShape(s, first)) fail(`Blocks differ: block ${b + 1} is ${s[0]}×${s[1]}, block 1 is ${first[0]}×${first[1]}.`);
  });
  if (blocks.length > 1) return { flat, shape: [blocks.length, ...first] };
  const [rows, cols] = first;
  if (rows === 1) return { flat, shape: cols === 1 ? [] : [cols] }; // one number: a scalar; one line: a vector
  return { flat, shape: [rows, cols] };
}

// ---------------------------------------------------------------- LaTeX matrices

const ENV = /\\begin\{([bBpvV]?matrix\*?|smallmatrix|array)\}(\{[^}]*\})?/g;

function readLatex(text: string): { flat: number[]; shape: number[] } {
  const flat: number[] = [];
  const shapes: number[][] = [];
  let cursor = 0;
  let m: RegExpExecArray | null;
  ENV.lastIndex = 0;
  while ((m = ENV.exec(text)) !== null) {
    checkBetween(text.slice(cursor, m.index));
    const env = m[1];
    const endTag = `\\end{${env}}`;
    const end = text.indexOf(endTag, ENV.lastIndex);
    if (end < 0) fail(`\\begin{${env}} has no matching ${endTag}.`);
    const inner = text.slice(ENV.lastIndex, end);
    if (/\\begin\{/.test(inner)) fail(`Nested matrix environments are not supported; write one \\begin{${env}} … ${endTag} per slice.`);
    const matrixNo = shapes.length + 1;
    const rows = inner.split(/\\\\(?:\[[^\]]*\])?/).map((r) => r.replace(/\\hline/g, '').trim());
    while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop(); // a trailing \\ is common
    if (rows.length === 0) fail(`Matrix ${matrixNo} is empty.`);
    let width = -1;
    rows.forEach((row, r) => {
      const cells = row.split('&');
      if (width >= 0 && cells.length !== width) fail(`Ragged rows: row ${r + 1} of the LaTeX matrix has ${cells.length} cells, row 1 has ${width}.`);
      width = cells.length;
      cells.forEach((cell, c) => flat.push(readLatexNumber(cell, `in row ${r + 1}, column ${c + 1}${matrixNo > 1 ? ` of matrix ${matrixNo}` : ''}`)));
    });
    shapes.push([rows.length, width]);
    cursor = end + endTag.length;
  }
  if (shapes.length === 0) {
    if (/\\end\{/.test(text)) fail('Found \\end{…} without a \\begin{bmatrix}.');
    // A lone LaTeX number (\frac{1}{2}) is a scalar.
    const scalar = (() => {
      try {
        return readLatexNumber(text.replace(/\$/g, ''), '');
      } catch {
        return undefined;
      }
    })();
    if (scalar !== undefined) return { flat: [scalar], shape: [] };
    fail('Unreadable LaTeX: expected \\begin{bmatrix} … \\end{bmatrix} (rows separated by \\\\, cells by &).');
  }
  checkBetween(text.slice(cursor));
  shapes.forEach((s, i) => {
    if (!sameShape(s, shapes[0])) fail(`Matrices differ: matrix ${i + 1} is ${s[0]}×${s[1]}, matrix 1 is ${shapes[0][0]}×${shapes[0][1]}.`);
  });
  return { flat, shape: shapes.length > 1 ? [shapes.length, ...shapes[0]] : shapes[0] };
}

/** Between matrices only math delimiters, commas and spacing commands may appear. */
function checkBetween(text: string): void {
  const rest = text.replace(/\\left|\\right|\\[[\]()]|\$\$?|\\[,;:!]|\\quad|\\qquad|[,()[\]\s]/g, '');
  if (rest !== '') fail(`Unreadable LaTeX: "${rest.slice(0, 20)}" outside \\begin{bmatrix} … \\end{bmatrix}.`);
}

/** A LaTeX cell: 3, -2.5, −1, \frac{1}{2}, -\tfrac{3}{4}, {-1}, \mathbf{2}, 1\cdot10^{-3} is not supported. */
function readLatexNumber(cell: string, where: string): number {
  let s = cell.trim().replace(/\\(?:,|;|!|:|quad|qquad)/g, '').replace(/\\(?:mathbf|mathrm|textbf|text|boldsymbol)\{([^}]*)\}/g, '$1');
  s = s.replace(/^\{(.*)\}$/, '$1').trim();
  const frac = /^([+\-−]?)\s*\\[dt]?frac\s*\{([^}]*)\}\s*\{([^}]*)\}$/.exec(s);
  if (frac) {
    const num = readNumber(frac[2], where);
    const den = readNumber(frac[3], where);
    if (den === 0) fail(`Division by zero in \\frac ${where}.`);
    return (frac[1] === '' || frac[1] === '+' ? 1 : -1) * (num / den);
  }
  if (/\\infty/.test(s)) fail(`${cell.trim()} ${where} is not a finite number; a gradient check needs finite values.`);
  if (s.includes('\\')) fail(`Cannot read "${cell.trim()}" ${where} as a number (only digits, signs and \\frac{a}{b}).`);
  return readNumber(s, where);
}

/** Flat numbers of a parsed tensor (used by the page to show a preview). */
export const flatValues = (t: ParsedTensor): number[] => flatten<number>(t.values as number);
