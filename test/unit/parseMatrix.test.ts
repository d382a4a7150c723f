// The gradient checker's tensor fields: every notation a student types, and every way typing goes wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMatrix, type ParsedTensor } from '../../src/webview/gradientChecker/parseMatrix';

const ok = (text: string, like?: number[]): ParsedTensor => {
  const r = parseMatrix(text, { like });
  if (!r.ok) assert.fail(`expected a tensor from ${JSON.stringify(text)}, got: ${r.message}`);
  return r;
};
const err = (text: string, maxElements?: number): string => {
  const r = parseMatrix(text, { maxElements });
  if (r.ok) assert.fail(`expected an error from ${JSON.stringify(text)}, got shape ${r.shape}`);
  return r.message;
};

test('numpy nested lists: seed 000 matrix A and vector x', () => {
  const A = ok('[[3, 2], [2, 1]]');
  assert.deepEqual(A, { ok: true, values: [[3, 2], [2, 1]], shape: [2, 2], format: 'numpy', conformed: false });
  assert.deepEqual(ok('[2, 4]').values, [2, 4]);
  assert.deepEqual(ok('[2, 4]').shape, [2]);
});

test('numpy as numpy prints it (no commas), wrappers, an assignment and trailing commas', () => {
  assert.deepEqual(ok('[[ 1. -1.]\n [ 0.  2.]]').values, [[1, -1], [0, 2]]);
  assert.deepEqual(ok('np.array([[1, 2], [3, 4]])').values, [[1, 2], [3, 4]]);
  assert.deepEqual(ok('torch.tensor([[0.5, -2.5e-1]], dtype=torch.float64)').values, [[0.5, -0.25]]);
  assert.deepEqual(ok('A = [[1, 2,], [3, 4,],]').values, [[1, 2], [3, 4]]);
  assert.deepEqual(ok('[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]').shape, [2, 2, 2]);
  assert.deepEqual(ok('[−3, 1/2]').values, [-3, 0.5]);
});

test('LaTeX bmatrix: seed 003 image I, pmatrix, \\frac cells, a trailing \\\\ and math delimiters', () => {
  const I = ok(String.raw`\begin{bmatrix} 2 & 0 & 1 \\ -1 & 3 & 0 \\ 0 & 1 & -2 \end{bmatrix}`);
  assert.deepEqual(I.values, [[2, 0, 1], [-1, 3, 0], [0, 1, -2]]);
  assert.equal(I.format, 'latex');
  assert.deepEqual(ok(String.raw`$$\begin{pmatrix} \frac{1}{2} & -\tfrac{3}{4} \\ {-1} & 2 \\ \end{pmatrix}$$`).values, [[0.5, -0.75], [-1, 2]]);
  assert.deepEqual(ok(String.raw`W = \left[\begin{matrix}1 & 2\end{matrix}\right]`).values, [[1, 2]]);
});

test('LaTeX: two matrices stack into a 3-d tensor (two channels)', () => {
  const t = ok(String.raw`\begin{bmatrix}1&2\\3&4\end{bmatrix}, \begin{bmatrix}5&6\\7&8\end{bmatrix}`);
  assert.deepEqual(t.shape, [2, 2, 2]);
  assert.deepEqual(t.values, [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
});

test('whitespace/newline rows: seed 000 4×4 image, one line is a vector, one number a scalar', () => {
  const img = ok('1 3 2 1\n9 7 0 2\n1 0 3 4\n2 1 5 3');
  assert.deepEqual(img.shape, [4, 4]);
  assert.deepEqual(img.values, [[1, 3, 2, 1], [9, 7, 0, 2], [1, 0, 3, 4], [2, 1, 5, 3]]);
  assert.equal(img.format, 'rows');
  assert.deepEqual(ok('15 6').values, [15, 6]);
  assert.deepEqual(ok('2.5').values, 2.5);
  assert.deepEqual(ok('2.5').shape, []);
  assert.deepEqual(ok('1, 2; 3, 4').values, [[1, 2], [3, 4]]);
  assert.deepEqual(ok('1\t2\r\n3\t4\r\n').values, [[1, 2], [3, 4]]);
  assert.deepEqual(ok('1 2\n3 4\n\n5 6\n7 8').shape, [2, 2, 2]);
});

test('a typed matrix takes the field’s shape when they differ only by size-1 axes', () => {
  const image = ok('1 2\n3 4', [1, 1, 2, 2]);
  assert.deepEqual(image.values, [[[[1, 2], [3, 4]]]]);
  assert.deepEqual(image.shape, [1, 1, 2, 2]);
  assert.equal(image.conformed, true);
  // A LaTeX column vector typed for a 1-d x.
  assert.deepEqual(ok(String.raw`\begin{bmatrix}2\\4\end{bmatrix}`, [2]).values, [2, 4]);
  // A real change of shape is kept: 2×3 is not 3×2.
  assert.deepEqual(ok('1 2 3\n4 5 6', [3, 2]).shape, [2, 3]);
});

test('ragged rows are named by row, in every notation', () => {
  assert.equal(err('[[1, 2], [3]]'), 'Ragged rows: row 2 has 1 entries, but row 1 has 2 entries.');
  assert.equal(err('1 2 3\n4 5'), 'Ragged rows: row 2 has 2 numbers, row 1 has 3.');
  assert.equal(err(String.raw`\begin{bmatrix}1 & 2\\3\end{bmatrix}`), 'Ragged rows: row 2 of the LaTeX matrix has 1 cells, row 1 has 2.');
  assert.match(err('[[1, 2], 3]'), /^Ragged rows: row 2 has a number, but row 1 has 2 entries/);
  assert.match(err('1 2\n3 4\n\n5 6 7\n8 9 10'), /^Blocks differ: block 2 is 2×3, block 1 is 2×2/);
});

test('NaN and Infinity are refused with the cell named', () => {
  assert.equal(err('[[1, NaN], [3, 4]]'), 'NaN at row 1, column 2 is not a finite number; a gradient check needs finite values.');
  assert.equal(err('1 2\n-inf 4'), '-inf in row 2, column 1 is not a finite number; a gradient check needs finite values.');
  assert.match(err('[Infinity]'), /^Infinity at row 1 is not a finite number/);
  assert.match(err(String.raw`\begin{bmatrix}1 & \infty\end{bmatrix}`), /not a finite number/);
  assert.match(err('[1e400]'), /too large to be a finite number/);
  assert.match(err('1/0'), /Division by zero/);
});

test('unparseable LaTeX says what is wrong', () => {
  assert.equal(err(String.raw`\begin{bmatrix} 1 & 2 \\ 3 & 4`), String.raw`\begin{bmatrix} has no matching \end{bmatrix}.`);
  assert.equal(err(String.raw`\begin{bmatrix} 1 & x \end{bmatrix}`), 'Cannot read "x" in row 1, column 2 as a number.');
  assert.match(err(String.raw`\begin{bmatrix} 1 & \alpha \end{bmatrix}`), /Cannot read "\\alpha" in row 1, column 2 as a number \(only digits/);
  assert.match(err(String.raw`\alpha + 1`), /^Unreadable LaTeX: expected \\begin\{bmatrix\}/);
  assert.equal(ok(String.raw`-\frac{1}{2}`).values, -0.5); // a lone LaTeX number is a scalar
  assert.match(err(String.raw`A \begin{bmatrix}1\end{bmatrix}`), /^Unreadable LaTeX: "A" outside/);
  assert.match(err(String.raw`\begin{bmatrix}\end{bmatrix}`), /^Matrix 1 is empty/);
});

test('other bad input: empty, unclosed lists, stray text, words', () => {
  assert.match(err('   '), /^Empty/);
  assert.equal(err('[[1, 2], [3, 4]'), 'Missing "]": the outer list is not closed.');
  assert.equal(err('[[1, 2]] extra'), 'Unexpected "extra" after the closing "]".');
  assert.equal(err('1 two\n3 4'), 'Cannot read "two" in row 1, column 2 as a number.');
  assert.match(err('[[]]'), /^Empty list at row 1/);
});

test('tensors over the size cap are refused before they reach the checker', () => {
  const big = `[${Array.from({ length: 101 }, (_, i) => i).join(', ')}]`;
  assert.equal(err(big, 100), 'Too large: 101 elements; the cap is 100.');
  assert.equal(parseMatrix(big, { maxElements: 101 }).ok, true);
  const rows = Array.from({ length: 101 }, () => Array.from({ length: 100 }, () => '1').join(' ')).join('\n');
  assert.equal(err(rows), 'Too large: 10,100 elements; the cap is 10,000.');
});
