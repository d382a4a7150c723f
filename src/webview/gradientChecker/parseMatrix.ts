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
import { countOf, sameShape, squeezeShape, unflatten } from '../../present/gradBuilder/nested';
import { readLatex } from './parseLatex';
import { fail, ParseFailure, readNumber } from './readNumber';

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
