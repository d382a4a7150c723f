// LaTeX matrices for parseMatrix: \begin{bmatrix} 3 & 2 \\ 2 & 1 \end{bmatrix} (also pmatrix/vmatrix/matrix; several
// matrices in a row stack into a 3-d tensor; \frac{a}{b} cells). Pure: no DOM.
import { sameShape } from '../../present/gradBuilder/nested';
import { fail, readNumber } from './readNumber';

const ENV = /\\begin\{([bBpvV]?matrix\*?|smallmatrix|array)\}(\{[^}]*\})?/g;

/** One or more LaTeX matrices (side by side: the slices of a 3-d tensor), or a lone LaTeX number. */
export function readLatex(text: string): { flat: number[]; shape: number[] } {
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
