// Matrix functions, decompositions and solvers (torch.* and torch.linalg.*), on batches of matrices (*, m, n).
//
//   det, logdet, linalg.det, matrix_rank, cond       square (*, n, n) → (*)        slogdet → (sign, logabsdet), each (*)
//   inverse, matrix_exp, matrix_power(k), cholesky,   square → (*, n, n)            (inv_ex / cholesky_ex: with info (*))
//     cholesky_inverse
//   pinverse, linalg.pinv                           (*, m, n) → (*, n, m)
//   qr(some) / linalg.qr(mode)                      Q (*, m, k), R (*, k, n), k = min(m, n); complete: Q (*, m, m),
//                                                   R (*, m, n); mode 'r': Q is empty (0,)
//   svd(some, compute_uv)                           U (*, m, k), S (*, k), V (*, n, k); some=False or compute_uv=False:
//                                                   U (*, m, m), V (*, n, n)
//   linalg.svd(full_matrices)                       U (*, m, m), S (*, k), Vh (*, n, n); reduced: U (*, m, k), Vh (*, k, n)
//   linalg.svdvals                                  (*, k)
//   linalg.eigh / eig                               (eigenvalues (*, n), eigenvectors (*, n, n)); eigvalsh / eigvals (*, n)
//   linalg.solve(A, B)                              A square (*, n, n); B (*, n) when it is A's batch of vectors (B.shape
//                                                   = A.shape[:-1]), else (*, n, k): the batches broadcast
//   linalg.solve_triangular(A, B, upper, left)      B's shape, batches broadcast; left=False: B (*, k, n)
//   triangular_solve(b, A) / cholesky_solve(b, L)   (solution of b's shape, a copy of A), batches broadcast / the solution
//   cost                                            0 MACs and exact 0, stated: decompositions are not weight layers or
//                                                   the matrix products the conventions count, and their operation
//                                                   counts depend on the algorithm LAPACK picks
import { FREE, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { formatDim, formatShape, isKnown, sameDim, type Dim, type Shape, type ShapeTree } from '../shape';
import { bool, int, str, type ArgSpec, type Args } from '../values';
import { line } from '../working';
import { broadcastShapes } from './tensorOps';

const noParams = () => ({ tensors: [], working: [] });
const NOT_COUNTED: Cost = { ...FREE, working: ['0 (a decomposition: not a weight layer or a counted matrix product; LAPACK\'s operation count depends on its algorithm)'] };
const out: ArgSpec = { name: 'out', default: null, keywordOnly: true };

/** (*, m, n): the batch and the matrix, or PyTorch's complaint for fewer than 2 dims. */
function matrix(owner: string, x: Shape): { batch: Dim[]; m: Dim; n: Dim } {
  if (x.length < 2) fail('wrong-rank', `${owner}: The input tensor A must have at least 2 dimensions (got ${formatShape(x)})`);
  return { batch: x.slice(0, -2), m: x[x.length - 2], n: x[x.length - 1] };
}

function square(owner: string, x: Shape): { batch: Dim[]; n: Dim } {
  const { batch, m, n } = matrix(owner, x);
  if (isKnown(m) && isKnown(n) && m !== n) fail('shape-mismatch', `${owner}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  if (!sameDim(m, n)) throw new UnknownValueError(`${owner}: whether ${formatDim(m)} × ${formatDim(n)} is square is not known statically`);
  return { batch, n };
}

const minDim = (a: Dim, b: Dim): Dim => {
  if (isKnown(a) && isKnown(b)) return Math.min(a, b);
  if (sameDim(a, b)) return a;
  throw new UnknownValueError(`min(${formatDim(a)}, ${formatDim(b)}) of symbolic sizes`);
};

const result = (output: ShapeTree, how: string): Forward => ({ output, working: [line('shape', `${how}: ${formatShape(output)}`)] });

type Rule = (owner: string, a: Args, xs: readonly Shape[]) => Forward;

const def = (type: string, names: string[], summary: string, signature: ArgSpec[], rule: Rule, inputs = 1, tensorNames?: string[]): LayerDef => ({
  type, names, kind: 'function', summary, signature, inputs, tensorNames, params: noParams,
  forward: (a, xs) => rule(type, a, xs), cost: () => NOT_COUNTED,
});

// ── Square matrices ─────────────────────────────────────────────────────────────────────────────────────────
const toBatch: Rule = (o, _a, [x]) => result(square(o, x).batch, 'one value per matrix');
const toSquare: Rule = (o, _a, [x]) => {
  const { batch, n } = square(o, x);
  return result([...batch, n, n], 'one matrix per matrix');
};
const withInfo: Rule = (o, _a, xs) => {
  const { batch, n } = square(o, xs[0]);
  return result({ tuple: [[...batch, n, n], [...batch]] }, '(result, info)');
};
const pair: Rule = (o, _a, [x]) => {
  const { batch } = square(o, x);
  return result({ tuple: [[...batch], [...batch]] }, '(sign, logabsdet)');
};

// ── Any matrix ──────────────────────────────────────────────────────────────────────────────────────────────
const transposed: Rule = (o, _a, [x]) => {
  const { batch, m, n } = matrix(o, x);
  return result([...batch, n, m], '(*, n, m)');
};

function qrShapes(o: string, x: Shape, mode: string): ShapeTree {
  const { batch, m, n } = matrix(o, x);
  if (mode === 'complete') return { tuple: [[...batch, m, m], [...batch, m, n]] };
  const k = minDim(m, n);
  if (mode === 'r') return { tuple: [[0], [...batch, k, n]] };
  if (mode !== 'reduced') fail('bad-arguments', `${o}: qr received unrecognized mode '${mode}' but expected one of 'reduced' (default), 'r', or 'complete'`);
  return { tuple: [[...batch, m, k], [...batch, k, n]] };
}

const qr: Rule = (o, a, [x]) => result(qrShapes(o, x, bool(a, 'some') ? 'reduced' : 'complete'), '(Q, R)');
const linalgQr: Rule = (o, a, [x]) => result(qrShapes(o, x, str(a, 'mode')), '(Q, R)');

const svd: Rule = (o, a, [x]) => {
  const { batch, m, n } = matrix(o, x);
  const k = minDim(m, n);
  const full = !bool(a, 'some') || !bool(a, 'compute_uv');
  return result({ tuple: [[...batch, m, full ? m : k], [...batch, k], [...batch, n, full ? n : k]] }, '(U, S, V)');
};
const linalgSvd: Rule = (o, a, [x]) => {
  const { batch, m, n } = matrix(o, x);
  const k = minDim(m, n);
  const full = bool(a, 'full_matrices');
  return result({ tuple: [[...batch, m, full ? m : k], [...batch, k], [...batch, full ? n : k, n]] }, '(U, S, Vh)');
};
const svdvals: Rule = (o, _a, [x]) => {
  const { batch, m, n } = matrix(o, x);
  return result([...batch, minDim(m, n)], 'the singular values, min(m, n) per matrix');
};
const eig: Rule = (o, _a, [x]) => {
  const { batch, n } = square(o, x);
  return result({ tuple: [[...batch, n], [...batch, n, n]] }, '(eigenvalues, eigenvectors)');
};
const eigvals: Rule = (o, _a, [x]) => {
  const { batch, n } = square(o, x);
  return result([...batch, n], 'the eigenvalues');
};

// ── Solvers ─────────────────────────────────────────────────────────────────────────────────────────────────
/** B against A (*, n, n): B's rows must be n; the batches broadcast. */
function solved(o: string, aShape: Shape, b: Shape, rowsAt: 'rows' | 'cols' = 'rows'): Shape {
  const { batch, n } = square(o, aShape);
  const mat = matrix(o, b);
  const rows = rowsAt === 'rows' ? mat.m : mat.n;
  if (isKnown(rows) && isKnown(n) && rows !== n) {
    fail('shape-mismatch', `${o}: Incompatible shapes of A and B for the equation ${rowsAt === 'rows' ? 'AX = B' : 'XA = B'} (${formatShape(aShape)} and ${formatShape(b)})`);
  }
  return [...broadcastShapes(o, batch, mat.batch), mat.m, mat.n];
}

const linalgSolve: Rule = (o, a, [aShape, b]) => {
  const { batch, n } = square(o, aShape);
  // B is a batch of vectors when its shape is A's without the last dim (PyTorch's rule for the vector case)
  const vector = b.length === 1 || (b.length === aShape.length - 1 && b.every((d, i) => sameDim(d, aShape[i])));
  if (!bool(a, 'left')) return result(solved(o, aShape, b, 'cols'), 'XA = B: the shape of B');
  if (vector) {
    const last = b[b.length - 1];
    if (isKnown(last) && isKnown(n) && last !== n) fail('shape-mismatch', `${o}: Incompatible shapes of A and B for the equation AX = B (${formatShape(aShape)} and ${formatShape(b)})`);
    return result([...broadcastShapes(o, batch, b.slice(0, -1)), n], 'a vector per matrix');
  }
  return result(solved(o, aShape, b), 'AX = B: the shape of B');
};

const solveTriangular: Rule = (o, a, [aShape, b]) => result(solved(o, aShape, b, bool(a, 'left') ? 'rows' : 'cols'), 'the shape of B');
const triangularSolve: Rule = (o, _a, [b, aShape]) => {
  const x = solved(o, aShape, b);
  // the copy of A is broadcast to the batch too
  return result({ tuple: [x, [...x.slice(0, -2), ...aShape.slice(-2)]] }, '(solution, cloned_coefficient)');
};
const choleskySolve: Rule = (o, _a, [b, l]) => result(solved(o, l, b), 'the solution');

const square1 = (type: string, names: string[], summary: string, rule: Rule, signature: ArgSpec[] = []) => def(type, names, summary, signature, rule);

export const decompositionLayers: LayerDef[] = [
  square1('torch.det', ['Tensor.det', 'torch.linalg.det'], 'the determinant of each matrix', toBatch),
  square1('torch.logdet', ['Tensor.logdet'], 'the log-determinant of each matrix', toBatch),
  square1('torch.slogdet', ['Tensor.slogdet', 'torch.linalg.slogdet'], 'the sign and log |determinant| of each matrix', pair),
  square1('torch.inverse', ['Tensor.inverse', 'torch.linalg.inv'], 'the inverse of each matrix', toSquare, [out]),
  square1('torch.linalg.inv_ex', [], 'the inverse of each matrix, with an error code', withInfo, [{ name: 'check_errors', default: false, keywordOnly: true }, out]),
  square1('torch.matrix_exp', ['Tensor.matrix_exp', 'torch.linalg.matrix_exp'], 'the matrix exponential', toSquare),
  def('torch.matrix_power', ['Tensor.matrix_power', 'torch.linalg.matrix_power'], 'the matrix to an integer power', [{ name: 'n' }, out],
    (o, a, xs) => {
      int(a, 'n');
      return toSquare(o, a, xs);
    }),
  square1('torch.cholesky', ['Tensor.cholesky'], 'the Cholesky factor of each positive-definite matrix', toSquare, [{ name: 'upper', default: false }, out]),
  square1('torch.linalg.cholesky', [], 'the Cholesky factor of each positive-definite matrix', toSquare, [{ name: 'upper', default: false, keywordOnly: true }, out]),
  square1('torch.linalg.cholesky_ex', [], 'the Cholesky factor with an error code', withInfo,
    [{ name: 'upper', default: false, keywordOnly: true }, { name: 'check_errors', default: false, keywordOnly: true }, out]),
  square1('torch.cholesky_inverse', ['Tensor.cholesky_inverse'], 'the inverse from a Cholesky factor', toSquare, [{ name: 'upper', default: false }, out]),
  square1('torch.linalg.matrix_rank', [], 'the rank of each matrix', (o, _a, [x]) => result(matrix(o, x).batch, 'one rank per matrix'),
    [{ name: 'tol', default: null }, { name: 'hermitian', default: false }, { name: 'atol', default: null, keywordOnly: true }, { name: 'rtol', default: null, keywordOnly: true }, out]),
  square1('torch.linalg.cond', [], 'the condition number of each matrix', (o, _a, [x]) => result(matrix(o, x).batch, 'one per matrix'), [{ name: 'p', default: null }, out]),
  square1('torch.pinverse', ['Tensor.pinverse'], 'the pseudo-inverse of each matrix', transposed, [{ name: 'rcond', default: 1e-15 }]),
  square1('torch.linalg.pinv', [], 'the pseudo-inverse of each matrix', transposed,
    [{ name: 'rcond', default: null }, { name: 'hermitian', default: false }, { name: 'atol', default: null, keywordOnly: true }, { name: 'rtol', default: null, keywordOnly: true }, out]),
  square1('torch.qr', ['Tensor.qr'], 'the QR decomposition', qr, [{ name: 'some', default: true }, out]),
  square1('torch.linalg.qr', [], 'the QR decomposition', linalgQr, [{ name: 'mode', default: 'reduced' }, out]),
  square1('torch.svd', ['Tensor.svd'], 'the singular value decomposition (U, S, V)', svd, [{ name: 'some', default: true }, { name: 'compute_uv', default: true }, out]),
  square1('torch.linalg.svd', [], 'the singular value decomposition (U, S, Vh)', linalgSvd,
    [{ name: 'full_matrices', default: true }, { name: 'driver', default: null, keywordOnly: true }, out]),
  square1('torch.linalg.svdvals', [], 'the singular values', svdvals, [{ name: 'driver', default: null, keywordOnly: true }, out]),
  square1('torch.linalg.eigh', [], 'eigenvalues and eigenvectors of symmetric matrices', eig, [{ name: 'UPLO', default: 'L' }, out]),
  square1('torch.linalg.eig', [], 'eigenvalues and eigenvectors', eig, [out]),
  square1('torch.linalg.eigvalsh', [], 'the eigenvalues of symmetric matrices', eigvals, [{ name: 'UPLO', default: 'L' }, out]),
  square1('torch.linalg.eigvals', [], 'the eigenvalues', eigvals, [out]),
  def('torch.linalg.solve', [], 'the solution X of AX = B', [{ name: 'left', default: true, keywordOnly: true }, out], linalgSolve, 2, ['A', 'B']),
  def('torch.linalg.solve_triangular', [], 'the solution X of AX = B for triangular A',
    [{ name: 'upper', keywordOnly: true }, { name: 'left', default: true, keywordOnly: true }, { name: 'unitriangular', default: false, keywordOnly: true }, out],
    solveTriangular, 2, ['A', 'B']),
  def('torch.triangular_solve', ['Tensor.triangular_solve'], 'the solution of AX = b for triangular A, and a copy of A',
    [{ name: 'upper', default: true }, { name: 'transpose', default: false }, { name: 'unitriangular', default: false }, out], triangularSolve, 2, ['input', 'A']),
  def('torch.cholesky_solve', ['Tensor.cholesky_solve'], 'the solution from a Cholesky factor', [{ name: 'upper', default: false }, out], choleskySolve, 2, ['input', 'input2']),
];
