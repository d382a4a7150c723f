// F.linear and torch.matmul.
//   linear:  y = x Wᵀ + b          dx = dy W,   dW = dyᵀ x,   db = Σ_rows dy      (seed 000: dL/dA = (dL/dy) xᵀ)
//   matmul:  PyTorch's rules — 1-D·1-D is a dot product, a 1-D operand gains (and then loses) a unit dimension,
//            leading (batch) dimensions broadcast;  dA = dC Bᵀ, dB = Aᵀ dC, summed over broadcast batches.
import { element, num, sumOfProducts } from '../format';
import { Args, type OpDef, type OpResult } from '../op';
import { Tensor, broadcastMap, broadcastShapes, fmtShape, sizeOf } from '../tensor';

/** y[r, o] = b[o] + Σ_k x[r, k] W[o, k] for M rows; four outputs per pass share each x load. */
export function linearRows(x: Float64Array, w: Float64Array, b: Float64Array | null, M: number, K: number, O: number): Float64Array {
  const y = new Float64Array(M * O);
  for (let r = 0; r < M; r++) {
    const xr = r * K, yr = r * O;
    let o = 0;
    for (; o + 4 <= O; o += 4) {
      const w0 = o * K, w1 = w0 + K, w2 = w1 + K, w3 = w2 + K;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < K; k++) {
        const xv = x[xr + k];
        s0 += xv * w[w0 + k]; s1 += xv * w[w1 + k]; s2 += xv * w[w2 + k]; s3 += xv * w[w3 + k];
      }
      y[yr + o] = s0; y[yr + o + 1] = s1; y[yr + o + 2] = s2; y[yr + o + 3] = s3;
    }
    for (; o < O; o++) {
      const wo = o * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += x[xr + k] * w[wo + k];
      y[yr + o] = s;
    }
    if (b) for (let q = 0; q < O; q++) y[yr + q] += b[q];
  }
  return y;
}

const linear: OpDef = {
  fn: 'F.linear',
  params: [{ name: 'input', kind: 'tensor' }, { name: 'weight', kind: 'tensor' }, { name: 'bias', kind: 'tensor?' }],
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
    if (cw) cw.idx.forEach((idx, n) => { // W[o, k] moved by d: column o of y moves by d·x[:, k]
      const o = Math.floor(idx / K), k = idx % K, d = w.data[idx] - cw.old[n];
      for (let r = 0; r < M; r++) y[r * O + o] += d * x.data[r * K + k];
    });
    if (cb && b) cb.idx.forEach((o, n) => { const d = b.data[o] - cb.old[n]; for (let r = 0; r < M; r++) y[r * O + o] += d; });
    if (cx) cx.idx.forEach((idx, n) => { // x[r, k] moved by d: row r of y moves by d·W[:, k]
      const r = Math.floor(idx / K), k = idx % K, d = x.data[idx] - cx.old[n];
      for (let o = 0; o < O; o++) y[r * O + o] += d * w.data[o * K + k];
    });
    return new Tensor(baseOut.shape.slice(), y);
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
        if (x.requiresGrad) {
          gx = new Float64Array(x.size);
          for (let r = 0; r < M; r++) for (let o = 0; o < O; o++) {
            const gv = gd[r * O + o];
            if (gv === 0) continue;
            const xr = r * K, wo = o * K;
            for (let k = 0; k < K; k++) gx[xr + k] += gv * wd[wo + k];
          }
        }
        if (w.requiresGrad) {
          gw = new Float64Array(w.size);
          for (let r = 0; r < M; r++) for (let o = 0; o < O; o++) {
            const gv = gd[r * O + o];
            if (gv === 0) continue;
            const xr = r * K, wo = o * K;
            for (let k = 0; k < K; k++) gw[wo + k] += gv * xd[xr + k];
          }
        }
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

const matmul: OpDef = {
  fn: 'torch.matmul',
  params: [{ name: 'input', kind: 'tensor' }, { name: 'other', kind: 'tensor' }],
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

export const LINEAR_OPS: OpDef[] = [linear, matmul];
