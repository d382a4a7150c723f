// F.max_pool1d/2d and F.avg_pool1d/2d with PyTorch's exact window rules.
//   max:  y = max over the window (implicit padding is −∞);  dL/dx routes dL/dy to the argmax only.
//         Ties go to the FIRST maximum in row-major order, as PyTorch's CPU kernel (it replaces only on '>').
//   avg:  y = Σ window / divisor;  dL/dx spreads dL/dy / divisor over the window's in-bounds elements.
//         divisor = divisor_override, else the window clipped to the padded input (count_include_pad=True),
//         else the window clipped to the input itself (count_include_pad=False).
// Pool1d is Pool2d on a height-1 image.
import { element, num } from '../format';
import type { Args, Changes, ForwardCtx, NumericRule, OpResult } from '../op';
import { Tensor } from '../tensor';
import { windowSize } from './conv';

interface PoolGeometry {
  planes: number; H: number; W: number; OH: number; OW: number;
  kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
}

function poolSetup(a: Args, rank: 1 | 2, owner: string, withDilation: boolean) {
  const x = a.tensor('input');
  if (x.rank !== rank + 1 && x.rank !== rank + 2) a.shapeFail('input', x.shape, `${owner} expects a ${rank + 1}-D or ${rank + 2}-D input`);
  const kernel = a.ints('kernel_size', rank, 1);
  const rawStride = a.raw('stride');
  const stride = rawStride === null || rawStride === undefined || (Array.isArray(rawStride) && rawStride.length === 0) ? kernel : a.ints('stride', rank, 1);
  const padding = a.ints('padding', rank, 0);
  const dilation = withDilation ? a.ints('dilation', rank, 1) : kernel.map(() => 1);
  const ceil = a.bool('ceil_mode');
  padding.forEach((p, i) => {
    if (p > kernel[i] / 2) a.fail('padding', `pad should be at most half of effective kernel size, but got pad=${p}, kernel_size=${kernel[i]}`);
  });
  const sizes = x.shape.slice(-rank);
  const axes = rank === 1 ? ['L'] : ['H', 'W'];
  const outs = sizes.map((s, i) => windowSize(a, owner, axes[i], s, kernel[i], stride[i], padding[i], padding[i], dilation[i], ceil));
  const planes = x.shape.slice(0, -rank).reduce((p, d) => p * d, 1);
  const two = (v: number[]) => (rank === 1 ? [1, v[0]] : v);
  const [H, W] = two(sizes), [OH, OW] = two(outs), [kh, kw] = two(kernel), [sh, sw] = two(stride);
  const [ph, pw] = rank === 1 ? [0, padding[0]] : padding, [dh, dw] = two(dilation);
  const geo: PoolGeometry = { planes, H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw };
  return { x, geo, outShape: [...x.shape.slice(0, -rank), ...outs] };
}

function maxPool(a: Args, ctx: ForwardCtx, rank: 1 | 2): OpResult {
  const owner = rank === 1 ? 'max_pool1d' : 'max_pool2d';
  if (a.has('return_indices') && a.bool('return_indices')) a.fail('return_indices', 'return_indices=True is not supported (the output must be one tensor)');
  const { x, geo, outShape } = poolSetup(a, rank, owner, true);
  const { planes, H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw } = geo;
  const out = Tensor.zeros(outShape);
  const arg = new Int32Array(out.size); // flat input index of each output's maximum
  const xd = x.data, o = out.data;
  let ties = 0, hash = 0;
  for (let pl = 0; pl < planes; pl++) {
    const xb = pl * H * W;
    for (let i = 0; i < OH; i++) for (let j = 0; j < OW; j++) {
      let best = -Infinity, at = -1, count = 0;
      for (let p = 0; p < kh; p++) {
        const h = i * sh - ph + p * dh;
        if (h < 0 || h >= H) continue;
        for (let q = 0; q < kw; q++) {
          const w = j * sw - pw + q * dw;
          if (w < 0 || w >= W) continue;
          const v = xd[xb + h * W + w];
          if (v > best || Number.isNaN(v)) { best = v; at = xb + h * W + w; count = 1; } else if (v === best) count++;
        }
      }
      const k = (pl * OH + i) * OW + j;
      o[k] = best; arg[k] = at;
      hash = (Math.imul(hash, 31) + at) | 0; // which element won: a ±h perturbation that moves it crosses a kink
      if (count > 1 && ties++ < 3) {
        ctx.kink(`max-pool tie at output ${element(ctx.stepOut, k, outShape)}: ${count} window elements equal the maximum ${num(best)}; the gradient goes to the first in row-major order (input index ${at})`);
      }
    }
  }
  ctx.branch(hash);
  return {
    out,
    argmax: arg,
    backward: (g) => {
      const gx = Tensor.zeros(x.shape);
      for (let k = 0; k < o.length; k++) gx.data[arg[k]] += g.data[k];
      return { input: gx };
    },
    explain: (k, names) => {
      const j = k % OW, i = Math.floor(k / OW) % OH, pl = Math.floor(k / (OW * OH));
      const vals: string[] = [];
      for (let p = 0; p < kh; p++) for (let q = 0; q < kw; q++) {
        const h = i * sh - ph + p * dh, w = j * sw - pw + q * dw;
        vals.push(h < 0 || h >= H || w < 0 || w >= W ? '−∞' : num(xd[pl * H * W + h * W + w]));
      }
      return `${element(names.out ?? 'y', k, outShape)} = max(${vals.join(', ')}) = ${num(o[k])}`;
    },
  };
}

/**
 * Finite differences move a few inputs: re-take the maximum of only the windows that contain one, and report a
 * kink crossing when a window's argmax moved away from the base run's.
 */
function maxPoolDelta(a: Args, rank: 1 | 2, baseOut: Tensor, changes: Changes, base: OpResult) {
  const ch = changes.input;
  if (!ch || !base.argmax) return null;
  const { x, geo } = poolSetup(a, rank, rank === 1 ? 'max_pool1d' : 'max_pool2d', true);
  if (ch.idx.length * 4 > x.size) return null;
  const { H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw } = geo;
  const xd = x.data, y = baseOut.data.slice();
  const seen = new Uint8Array(y.length);
  const touched: number[] = [];
  for (const e of ch.idx) {
    const pl = Math.floor(e / (H * W)), h = Math.floor(e / W) % H, w = e % W;
    // Outputs i whose window rows i·sh − ph + p·dh (p < kh) include h; likewise j for w.
    const i0 = Math.max(0, Math.ceil((h + ph - (kh - 1) * dh) / sh)), i1 = Math.min(OH - 1, Math.floor((h + ph) / sh));
    const j0 = Math.max(0, Math.ceil((w + pw - (kw - 1) * dw) / sw)), j1 = Math.min(OW - 1, Math.floor((w + pw) / sw));
    for (let i = i0; i <= i1; i++) {
      if ((h + ph - i * sh) % dh !== 0) continue;
      for (let j = j0; j <= j1; j++) {
        if ((w + pw - j * sw) % dw !== 0) continue;
        const k = (pl * OH + i) * OW + j;
        if (!seen[k]) { seen[k] = 1; touched.push(k); }
      }
    }
  }
  touched.sort((p, q) => p - q);
  let branches = 0;
  const idx: number[] = [], old: number[] = [];
  for (const k of touched) {
    const j = k % OW, i = Math.floor(k / OW) % OH, pl = Math.floor(k / (OW * OH)), xb = pl * H * W;
    let best = -Infinity, at = -1;
    for (let p = 0; p < kh; p++) {
      const h = i * sh - ph + p * dh;
      if (h < 0 || h >= H) continue;
      for (let q = 0; q < kw; q++) {
        const w = j * sw - pw + q * dw;
        if (w < 0 || w >= W) continue;
        const v = xd[xb + h * W + w];
        if (v > best || Number.isNaN(v)) { best = v; at = xb + h * W + w; }
      }
    }
    y[k] = best;
    if (at !== base.argmax[k]) branches = (Math.imul(branches, 31) + Math.imul(k + 1, 65599) + at) | 0 || 1; // which window, which new winner
    if (best !== baseOut.data[k]) { idx.push(k); old.push(baseOut.data[k]); }
  }
  return { out: new Tensor(baseOut.shape.slice(), y), branches, changed: { idx: Int32Array.from(idx), old: Float64Array.from(old) } };
}

function avgPool(a: Args, rank: 1 | 2): OpResult {
  const owner = rank === 1 ? 'avg_pool1d' : 'avg_pool2d';
  const { x, geo, outShape } = poolSetup(a, rank, owner, false);
  const { planes, H, W, OH, OW, kh, kw, sh, sw, ph, pw } = geo;
  const includePad = a.bool('count_include_pad');
  let override: number | null = null;
  if (rank === 2 && a.has('divisor_override')) {
    override = a.int('divisor_override');
    if (override === 0) a.fail('divisor_override', 'divisor must be not zero');
  }
  const out = Tensor.zeros(outShape);
  // Per output: the clipped window [h0, h1) × [w0, w1) and its divisor, kept for the backward.
  const n = out.size;
  const h0s = new Int32Array(n), h1s = new Int32Array(n), w0s = new Int32Array(n), w1s = new Int32Array(n), div = new Float64Array(n);
  const xd = x.data, o = out.data;
  for (let pl = 0; pl < planes; pl++) {
    const xb = pl * H * W;
    for (let i = 0; i < OH; i++) for (let j = 0; j < OW; j++) {
      let h0 = i * sh - ph, w0 = j * sw - pw;
      let h1 = Math.min(h0 + kh, H + ph), w1 = Math.min(w0 + kw, W + pw);
      const poolSize = (h1 - h0) * (w1 - w0);
      h0 = Math.max(h0, 0); w0 = Math.max(w0, 0); h1 = Math.min(h1, H); w1 = Math.min(w1, W);
      const d = override ?? (includePad ? poolSize : (h1 - h0) * (w1 - w0));
      let s = 0;
      for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) s += xd[xb + h * W + w];
      const k = (pl * OH + i) * OW + j;
      o[k] = s / d;
      h0s[k] = xb + h0; h1s[k] = h1 - h0; w0s[k] = w0; w1s[k] = w1; div[k] = d;
    }
  }
  const rowOf = (k: number) => ({ pl: Math.floor(k / (OH * OW)) });
  return {
    out,
    backward: (g) => {
      const gx = Tensor.zeros(x.shape);
      for (let k = 0; k < n; k++) {
        const v = g.data[k] / div[k];
        const { pl } = rowOf(k);
        const hStart = h0s[k] - pl * H * W;
        for (let h = hStart; h < hStart + h1s[k]; h++) for (let w = w0s[k]; w < w1s[k]; w++) gx.data[pl * H * W + h * W + w] += v;
      }
      return { input: gx };
    },
    explain: (k, names) => {
      const { pl } = rowOf(k);
      const hStart = h0s[k] - pl * H * W;
      const vals: string[] = [];
      for (let h = hStart; h < hStart + h1s[k]; h++) for (let w = w0s[k]; w < w1s[k]; w++) vals.push(num(xd[pl * H * W + h * W + w]));
      return `${element(names.out ?? 'y', k, outShape)} = (${vals.join(' + ')}) / ${num(div[k])} = ${num(o[k])}`;
    },
  };
}

export const POOL_RULES: Record<string, NumericRule> = {
  'F.max_pool1d': { kinky: true, forward: (a, ctx) => maxPool(a, ctx, 1), forwardDelta: (a, o, ch, b) => maxPoolDelta(a, 1, o, ch, b) },
  'F.max_pool2d': { kinky: true, forward: (a, ctx) => maxPool(a, ctx, 2), forwardDelta: (a, o, ch, b) => maxPoolDelta(a, 2, o, ch, b) },
  'F.avg_pool1d': { forward: (a) => avgPool(a, 1) },
  'F.avg_pool2d': { forward: (a) => avgPool(a, 2) },
};
