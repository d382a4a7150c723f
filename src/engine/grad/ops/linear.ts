// F.linear and torch.matmul.
//   linear:  y = x Wᵀ + b          dx = dy W,   dW = dyᵀ x,   db = Σ_rows dy      (seed 000: dL/dA = (dL/dy) xᵀ)
//   matmul:  PyTorch's rules — 1-D·1-D is a dot product, a 1-D operand gains (and then loses) a unit dimension,
//            leading (batch) dimensions broadcast;  dA = dC Bᵀ, dB = Aᵀ dC, summed over broadcast batches.
import { element, num, sumOfProducts } from '../format';
import type { NumericRule, OpResult } from '../op';
import { Tensor, broadcastMap, broadcastShapes, fmtShape, sizeOf } from '../tensor';

/**
 * y[r, o] = b[o] + Σ_k x[r, k] W[o, k] for M rows. Register-blocked 2 rows × 4 outputs: each loaded x and W value
 * serves four (or two) products, and the four W rows of a block stay in cache while every row of x passes by.
 */
export function linearRows(x: Float64Array, w: Float64Array, b: Float64Array | null, M: number, K: number, O: number): Float64Array {
  const y = new Float64Array(M * O);
  const dot = (r: number, o: number) => {
    const xr = r * K, wo = o * K;
    let s = 0;
    for (let k = 0; k < K; k++) s += x[xr + k] * w[wo + k];
    y[r * O + o] = s;
  };
  let o = 0;
  for (; o + 4 <= O; o += 4) {
    const w0 = o * K, w1 = w0 + K, w2 = w1 + K, w3 = w2 + K;
    let r = 0;
    for (; r + 2 <= M; r += 2) {
      const xa = r * K, xb = xa + K;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (let k = 0; k < K; k++) {
        const u = x[xa + k], v = x[xb + k], p0 = w[w0 + k], p1 = w[w1 + k], p2 = w[w2 + k], p3 = w[w3 + k];
        a0 += u * p0; a1 += u * p1; a2 += u * p2; a3 += u * p3;
        b0 += v * p0; b1 += v * p1; b2 += v * p2; b3 += v * p3;
      }
      const ya = r * O + o, yb = ya + O;
      y[ya] = a0; y[ya + 1] = a1; y[ya + 2] = a2; y[ya + 3] = a3;
      y[yb] = b0; y[yb + 1] = b1; y[yb + 2] = b2; y[yb + 3] = b3;
    }
    for (; r < M; r++) for (let q = o; q < o + 4; q++) dot(r, q);
  }
  for (; o < O; o++) for (let r = 0; r < M; r++) dot(r, o);
  if (b) for (let r = 0; r < M; r++) for (let q = 0; q < O; q++) y[r * O + q] += b[q];
  return y;
}

/** dx[r, :] = Σ_o dy[r, o] W[o, :] — blocked 4 outputs × 2 rows: each W load feeds two rows of dx. */
function linearGradInput(g: Float64Array, w: Float64Array, M: number, K: number, O: number): Float64Array {
  const gx = new Float64Array(M * K);
  const axpy = (r: number, o: number) => {
    const gv = g[r * O + o], xr = r * K, wo = o * K;
    if (gv !== 0) for (let k = 0; k < K; k++) gx[xr + k] += gv * w[wo + k];
  };
  let o = 0;
  for (; o + 4 <= O; o += 4) {
    const w0 = o * K, w1 = w0 + K, w2 = w1 + K, w3 = w2 + K;
    let r = 0;
    for (; r + 2 <= M; r += 2) {
      const ga = r * O + o, gb = ga + O;
      const a0 = g[ga], a1 = g[ga + 1], a2 = g[ga + 2], a3 = g[ga + 3], b0 = g[gb], b1 = g[gb + 1], b2 = g[gb + 2], b3 = g[gb + 3];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0 && b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0) continue; // ReLU zeros
      const xa = r * K, xb = xa + K;
      for (let k = 0; k < K; k++) {
        const p0 = w[w0 + k], p1 = w[w1 + k], p2 = w[w2 + k], p3 = w[w3 + k];
        gx[xa + k] += a0 * p0 + a1 * p1 + a2 * p2 + a3 * p3;
        gx[xb + k] += b0 * p0 + b1 * p1 + b2 * p2 + b3 * p3;
      }
    }
    for (; r < M; r++) for (let q = o; q < o + 4; q++) axpy(r, q);
  }
  for (; o < O; o++) for (let r = 0; r < M; r++) axpy(r, o);
  return gx;
}

/** dW[o, :] = Σ_r dy[r, o] x[r, :] — blocked 4 outputs × 2 rows: each x load feeds four rows of dW. */
function linearGradWeight(g: Float64Array, x: Float64Array, M: number, K: number, O: number): Float64Array {
  const gw = new Float64Array(O * K);
  const axpy = (r: number, o: number) => {
    const gv = g[r * O + o], xr = r * K, wo = o * K;
    if (gv !== 0) for (let k = 0; k < K; k++) gw[wo + k] += gv * x[xr + k];
  };
  let o = 0;
  for (; o + 4 <= O; o += 4) {
    const w0 = o * K, w1 = w0 + K, w2 = w1 + K, w3 = w2 + K;
    let r = 0;
    for (; r + 2 <= M; r += 2) {
      const ga = r * O + o, gb = ga + O;
      const a0 = g[ga], a1 = g[ga + 1], a2 = g[ga + 2], a3 = g[ga + 3], b0 = g[gb], b1 = g[gb + 1], b2 = g[gb + 2], b3 = g[gb + 3];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0 && b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0) continue;
      const xa = r * K, xb = xa + K;
      for (let k = 0; k < K; k++) {
        const u = x[xa + k], v = x[xb + k];
        gw[w0 + k] += a0 * u + b0 * v;
        gw[w1 + k] += a1 * u + b1 * v;
        gw[w2 + k] += a2 * u + b2 * v;
        gw[w3 + k] += a3 * u + b3 * v;
      }
    }
    for (; r < M; r++) for (let q = o; q < o + 4; q++) axpy(r, q);
  }
  for (; o < O; o++) for (let r = 0; r < M; r++) axpy(r, o);
  return gw;
}

const linear: NumericRule = {
  // Finite differences move one parameter at a time: y′ = x Wᵀ + (W′ − W) column updates + (x′ − x) row updates,
  // O(changes · (rows or outputs)) instead of a full O(rows · outputs · in) product.
  forwardDelta(a, baseOut, changes) {
    const x = a.tensor('input'), w = a.tensor('weight'), b = a.optTensor('bias');
    if (w.rank !== 2 || (b && b.rank !== 1)) return null;
    const [O, K] = w.shape, M = x.size / K;
    const cx = changes.input, cw = changes.weight, cb = changes.bias;
    if (cx && (cw || cb)) return null; // both sides moved (y = x Wᵀ with x built from W): recompute
    const work = (cx?.idx.length ?? 0) * O + ((cw?.idx.length ?? 0) + (cb?.idx.length ?? 0)) * M;
    if (work * 4 > M * O * K) return null;
    const y = baseOut.data.slice();
    if (!cx) {
      // W[o, k] moved by d: column o of y moves by d·x[:, k];  b[o] moved by d: column o moves by d.
      const cols = new Set<number>();
      if (cw) cw.idx.forEach((idx, n) => {
        const o = Math.floor(idx / K), k = idx % K, d = w.data[idx] - cw.old[n];
        for (let r = 0; r < M; r++) y[r * O + o] += d * x.data[r * K + k];
        cols.add(o);
      });
      if (cb && b) cb.idx.forEach((o, n) => { const d = b.data[o] - cb.old[n]; for (let r = 0; r < M; r++) y[r * O + o] += d; cols.add(o); });
      // The moved outputs are known: those columns, every row.
      const idx: number[] = [];
      for (let r = 0; r < M; r++) for (const o of [...cols].sort((p, q) => p - q)) if (y[r * O + o] !== baseOut.data[r * O + o]) idx.push(r * O + o);
      const changed = { idx: Int32Array.from(idx), old: Float64Array.from(idx, (i) => baseOut.data[i]) };
      return { out: new Tensor(baseOut.shape.slice(), y), changed };
    }
    // x[r, k] moved by d: row r of y moves by Σ_k d·W[:, k]. Changes arrive sorted, so grouped by row; each output
    // sums its row's moves in a register, reading W row by row.
    const n = cx.idx.length, cols = new Int32Array(n), d = new Float64Array(n);
    cx.idx.forEach((idx, m) => { cols[m] = idx % K; d[m] = x.data[idx] - cx.old[m]; });
    const wd = w.data;
    for (let m0 = 0; m0 < n;) {
      const r = Math.floor(cx.idx[m0] / K);
      let m1 = m0;
      while (m1 < n && Math.floor(cx.idx[m1] / K) === r) m1++;
      for (let o = 0; o < O; o++) {
        const wo = o * K;
        let s = 0;
        for (let m = m0; m < m1; m++) s += d[m] * wd[wo + cols[m]];
        y[r * O + o] += s;
      }
      m0 = m1;
    }
    return { out: new Tensor(baseOut.shape.slice(), y) };
  },
  forward(a): OpResult {
    const x = a.tensor('input'), w = a.tensor('weight'), b = a.optTensor('bias');
    if (w.rank !== 2) a.shapeFail('weight', w.shape, 'F.linear expects a 2-D weight (out_features, in_features)');
    const [O, K] = w.shape;
    if (x.rank === 0 || x.shape[x.rank - 1] !== K) {
      a.fail('input', `mat1 and mat2 shapes cannot be multiplied: input ${fmtShape(x.shape)} has last dimension ${x.shape[x.rank - 1] ?? 'none'}, weight ${fmtShape(w.shape)} expects in_features ${K}`);
    }
    if (b && !(b.rank === 1 && b.shape[0] === O) && !(b.rank === 0)) a.shapeFail('bias', b.shape, `expected [${O}]`);
    const M = x.size / K;
    const bias = b ? (b.rank === 0 ? new Float64Array(O).fill(b.data[0]) : b.data) : null;
    const outShape = [...x.shape.slice(0, -1), O];
    const out = new Tensor(outShape, linearRows(x.data, w.data, bias, M, K, O));
    return {
      out,
      backward: (g) => {
        const gd = g.data, xd = x.data, wd = w.data;
        let gx: Float64Array | null = null, gw: Float64Array | null = null;
        if (x.requiresGrad) gx = linearGradInput(gd, wd, M, K, O);
        if (w.requiresGrad) gw = linearGradWeight(gd, xd, M, K, O);
        let gb: Tensor | null = null;
        if (b) {
          const acc = new Float64Array(O);
          for (let r = 0; r < M; r++) for (let o = 0; o < O; o++) acc[o] += gd[r * O + o];
          gb = b.rank === 0 ? Tensor.scalar(acc.reduce((s, v) => s + v, 0)) : new Tensor([O], acc);
        }
        return { input: gx && new Tensor(x.shape.slice(), gx), weight: gw && new Tensor(w.shape.slice(), gw), bias: gb };
      },
      explain: (k, names) => {
        const r = Math.floor(k / O), o = k % O;
        const pairs: Array<[number, number]> = [];
        for (let q = 0; q < K; q++) pairs.push([w.data[o * K + q], x.data[r * K + q]]);
        const bs = bias ? ` + ${num(bias[o])}` : '';
        return `${element(names.out ?? 'y', k, outShape)} = ${sumOfProducts(pairs)}${bs} = ${num(out.data[k])}`;
      },
    };
  },
};

const matmul: NumericRule = {
  forward(a): OpResult {
    const A = a.tensor('input'), B = a.tensor('other');
    if (A.rank === 0 || B.rank === 0) a.fail(A.rank === 0 ? 'input' : 'other', 'both arguments to matmul need to be at least 1-D');
    // Promote 1-D operands to matrices: a vector on the left is a row, on the right a column.
    const a2 = A.rank === 1 ? [1, A.shape[0]] : A.shape, b2 = B.rank === 1 ? [B.shape[0], 1] : B.shape;
    const M = a2[a2.length - 2], K = a2[a2.length - 1], K2 = b2[b2.length - 2], N = b2[b2.length - 1];
    if (K !== K2) a.fail('other', `shapes ${fmtShape(A.shape)} and ${fmtShape(B.shape)} cannot be multiplied (${K} ≠ ${K2})`);
    const batchA = a2.slice(0, -2), batchB = b2.slice(0, -2);
    const batch = broadcastShapes(batchA, batchB);
    if (!batch) return a.fail('other', `batch dimensions ${fmtShape(batchA)} and ${fmtShape(batchB)} do not broadcast`);
    const nb = sizeOf(batch);
    const mapA = broadcastMap(batch, batchA), mapB = broadcastMap(batch, batchB);
    const y = new Float64Array(nb * M * N);
    const ad = A.data, bd = B.data;
    for (let t = 0; t < nb; t++) {
      const ao = mapA[t] * M * K, bo = mapB[t] * K * N, yo = t * M * N;
      for (let i = 0; i < M; i++) for (let k = 0; k < K; k++) {
        const av = ad[ao + i * K + k];
        if (av === 0) continue;
        for (let j = 0; j < N; j++) y[yo + i * N + j] += av * bd[bo + k * N + j];
      }
    }
    const outShape = [...batch, ...(A.rank === 1 ? [] : [M]), ...(B.rank === 1 ? [] : [N])];
    const out = new Tensor(outShape, y);
    return {
      out,
      backward: (g) => {
        const ga = new Float64Array(A.size), gb = new Float64Array(B.size), gd = g.data;
        for (let t = 0; t < nb; t++) {
          const ao = mapA[t] * M * K, bo = mapB[t] * K * N, yo = t * M * N;
          for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
            const gv = gd[yo + i * N + j];
            if (gv === 0) continue;
            for (let k = 0; k < K; k++) {
              ga[ao + i * K + k] += gv * bd[bo + k * N + j]; // dA = dC Bᵀ
              gb[bo + k * N + j] += gv * ad[ao + i * K + k]; // dB = Aᵀ dC
            }
          }
        }
        return { input: new Tensor(A.shape.slice(), ga), other: new Tensor(B.shape.slice(), gb) };
      },
      explain: (k, names) => {
        const t = Math.floor(k / (M * N)), i = Math.floor(k / N) % M, j = k % N;
        const pairs: Array<[number, number]> = [];
        for (let q = 0; q < K; q++) pairs.push([ad[mapA[t] * M * K + i * K + q], bd[mapB[t] * K * N + q * N + j]]);
        return `${element(names.out ?? 'y', k, outShape)} = ${sumOfProducts(pairs)} = ${num(y[k])}`;
      },
    };
  },
};

export const LINEAR_RULES: Record<string, NumericRule> = { 'F.linear': linear, 'torch.matmul': matmul };
