// F.conv1d / F.conv2d (PyTorch's cross-correlation) and their backward, as seed 002 derives it:
//   forward  y[n,o,i,j] = b[o] + Σ_c Σ_p Σ_q w[o,c,p,q] · x[n, g·C/G + c, i·s + p·d − pad, j·s + q·d − pad]
//   db[o]     = Σ_{n,i,j} dy[n,o,i,j]                              (db = Σ dy)
//   dw[o,c,p,q] = Σ_{n,i,j} dy[n,o,i,j] · x[n,c,i·s + p·d − pad, …]   (dw = x ⋆ dy)
//   dx[n,c,h,w] = Σ_{o,p,q : h = i·s + p·d − pad} dy[n,o,i,j] · w[o,c,p,q]  (the full convolution of the padded dy
//                                                                          with the flipped filter, written as a scatter)
// conv1d is conv2d with a height-1 image and kernel. Loops run over Float64Arrays with the weight hoisted out of
// the innermost loop and the valid output range of each kernel tap computed once (no per-pixel bounds tests).
import { LayerError } from '../../diagnostic';
import { windowOut } from '../../spatial';
import { element, factor, num } from '../format';
import type { Args, Change, Changes, NumericRule, OpResult } from '../op';
import { Tensor, fmtShape } from '../tensor';

export interface Conv2dGeometry {
  N: number; C: number; H: number; W: number;
  O: number; KH: number; KW: number; G: number;
  OH: number; OW: number;
  sh: number; sw: number; dh: number; dw: number; pt: number; pl: number;
}

/** Output size along one axis with PyTorch's rule, shared with the layer engine (spatial.ts) when padding is symmetric. */
export function windowSize(a: Args, owner: string, axis: string, input: number, kernel: number, stride: number,
  padLo: number, padHi: number, dilation: number, ceilMode = false): number {
  if (padLo === padHi) {
    try {
      return windowOut(owner, axis, input, { kernel, stride, padding: padLo, dilation, ceilMode }, { strict: false }).out as number;
    } catch (e) {
      if (e instanceof LayerError) a.fail('input', e.message);
      throw e;
    }
  }
  const out = Math.floor((input + padLo + padHi - dilation * (kernel - 1) - 1) / stride) + 1;
  if (out < 1) a.fail('input', `${owner}: output size ${out} < 1 along ${axis}`);
  return out;
}

/** First and one-past-last output index j for which j·s + off lands inside [0, size). */
function validRange(off: number, s: number, size: number, outSize: number): [number, number] {
  const lo = off >= 0 ? 0 : Math.ceil(-off / s);
  const hi = Math.min(outSize, Math.floor((size - 1 - off) / s) + 1);
  return [lo, Math.max(lo, hi)];
}

export function conv2dForward(x: Float64Array, w: Float64Array, b: Float64Array | null, g: Conv2dGeometry): Float64Array {
  const { N, C, H, W, O, KH, KW, G, OH, OW, sh, sw, dh, dw, pt, pl } = g;
  const y = new Float64Array(N * O * OH * OW);
  const Cg = C / G, Og = O / G, plane = OH * OW;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const yBase = (n * O + o) * plane;
      if (b) y.fill(b[o], yBase, yBase + plane);
      const c0 = Math.floor(o / Og) * Cg;
      for (let c = 0; c < Cg; c++) {
        const xPlane = (n * C + c0 + c) * H * W;
        for (let p = 0; p < KH; p++) {
          const offH = p * dh - pt;
          const [i0, i1] = validRange(offH, sh, H, OH);
          for (let q = 0; q < KW; q++) {
            const wv = w[((o * Cg + c) * KH + p) * KW + q];
            if (wv === 0) continue;
            const offW = q * dw - pl;
            const [j0, j1] = validRange(offW, sw, W, OW);
            for (let i = i0; i < i1; i++) {
              const xr = xPlane + (i * sh + offH) * W + offW;
              const yr = yBase + i * OW;
              for (let j = j0; j < j1; j++) y[yr + j] += wv * x[xr + j * sw];
            }
          }
        }
      }
    }
  }
  return y;
}

export function conv2dBackward(x: Float64Array, w: Float64Array, gy: Float64Array, g: Conv2dGeometry, needX: boolean, needW: boolean) {
  const { N, C, H, W, O, KH, KW, G, OH, OW, sh, sw, dh, dw, pt, pl } = g;
  const gx = needX ? new Float64Array(x.length) : null;
  const gw = needW ? new Float64Array(w.length) : null;
  const gb = new Float64Array(O);
  const Cg = C / G, Og = O / G, plane = OH * OW;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const yBase = (n * O + o) * plane;
      let sb = 0;
      for (let k = 0; k < plane; k++) sb += gy[yBase + k];
      gb[o] += sb;
      const c0 = Math.floor(o / Og) * Cg;
      for (let c = 0; c < Cg; c++) {
        const xPlane = (n * C + c0 + c) * H * W;
        for (let p = 0; p < KH; p++) {
          const offH = p * dh - pt;
          const [i0, i1] = validRange(offH, sh, H, OH);
          for (let q = 0; q < KW; q++) {
            const wi = ((o * Cg + c) * KH + p) * KW + q;
            const wv = w[wi];
            const offW = q * dw - pl;
            const [j0, j1] = validRange(offW, sw, W, OW);
            let sw_ = 0;
            for (let i = i0; i < i1; i++) {
              const xr = xPlane + (i * sh + offH) * W + offW;
              const yr = yBase + i * OW;
              if (gw) for (let j = j0; j < j1; j++) sw_ += gy[yr + j] * x[xr + j * sw];
              if (gx && wv !== 0) for (let j = j0; j < j1; j++) gx[xr + j * sw] += wv * gy[yr + j];
            }
            if (gw) gw[wi] += sw_;
          }
        }
      }
    }
  }
  return { gx, gw, gb };
}

function convSetup(a: Args, rank: 1 | 2) {
  const owner = rank === 1 ? 'conv1d' : 'conv2d';
  const x = a.tensor('input'), wt = a.tensor('weight'), bias = a.optTensor('bias');
  const batched = x.rank === rank + 2;
  if (!batched && x.rank !== rank + 1) a.shapeFail('input', x.shape, `${owner} expects a ${rank + 1}-D (unbatched) or ${rank + 2}-D (batched) input`);
  if (wt.rank !== rank + 2) a.shapeFail('weight', wt.shape, `${owner} expects a ${rank + 2}-D weight (out_channels, in_channels/groups, ${rank === 1 ? 'kL' : 'kH, kW'})`);
  const groups = a.int('groups', 1);
  const stride = a.ints('stride', rank, 1), dilation = a.ints('dilation', rank, 1);
  const xs = batched ? x.shape : [1, ...x.shape];
  const [N, C] = xs;
  const H = rank === 1 ? 1 : xs[2], W = xs[xs.length - 1];
  const [O, Cg] = wt.shape;
  const KH = rank === 1 ? 1 : wt.shape[2], KW = wt.shape[wt.rank - 1];
  if (O % groups !== 0) a.fail('groups', `out_channels ${O} (weight.shape[0]) is not divisible by groups ${groups}`);
  if (Cg * groups !== C) a.fail('weight', `expected input with ${Cg * groups} channels (weight ${fmtShape(wt.shape)}, groups ${groups}), got ${C} channels (input ${fmtShape(x.shape)})`);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== O)) a.shapeFail('bias', bias.shape, `expected [${O}]`);
  const kernel = rank === 1 ? [KW] : [KH, KW];
  const sizes = rank === 1 ? [W] : [H, W];
  // padding: int, tuple, 'valid' (0) or 'same' (stride 1; an odd total puts the extra row/column at the end, as PyTorch)
  let padLo: number[], padHi: number[];
  const rawPad = a.raw('padding');
  if (rawPad === 'same') {
    if (stride.some((s) => s !== 1)) a.fail('padding', "padding='same' is not supported for strided convolutions");
    const total = kernel.map((k, i) => dilation[i] * (k - 1));
    padLo = total.map((t) => Math.floor(t / 2));
    padHi = total.map((t, i) => t - padLo[i]);
  } else if (rawPad === 'valid') {
    padLo = padHi = kernel.map(() => 0);
  } else {
    padLo = padHi = a.ints('padding', rank, 0);
  }
  const axes = rank === 1 ? ['L'] : ['H', 'W'];
  const outSizes = sizes.map((s, i) => windowSize(a, owner, axes[i], s, kernel[i], stride[i], padLo[i], padHi[i], dilation[i]));
  const geo: Conv2dGeometry = {
    N, C, H, W, O, KH, KW, G: groups, OH: rank === 1 ? 1 : outSizes[0], OW: outSizes[outSizes.length - 1],
    sh: rank === 1 ? 1 : stride[0], sw: stride[rank - 1], dh: rank === 1 ? 1 : dilation[0], dw: dilation[rank - 1],
    pt: rank === 1 ? 0 : padLo[0], pl: padLo[rank - 1],
  };
  const outShape = [...(batched ? [N] : []), O, ...outSizes];
  return { x, wt, bias, geo, outShape, groups, Cg };
}

/**
 * Delta rule for finite differences on the filter: moving w[o, c, p, q] by d moves output channel o by d times the
 * input patch that tap sees; moving b[o] moves channel o by d. Input changes take the full forward.
 */
function convDelta(a: Args, rank: 1 | 2, baseOut: Tensor, changes: Changes): { out: Tensor; changed: Change } | null {
  if (changes.input) return null;
  const { x, wt, bias, geo, Cg } = convSetup(a, rank);
  const { N, C, H, W, O, KH, KW, G, OH, OW, sh, sw, dh, dw, pt, pl } = geo;
  const y = baseOut.data.slice();
  const plane = OH * OW;
  const cw = changes.weight, cb = changes.bias;
  const channels = new Set<number>(); // output channels that moved
  if (cw) cw.idx.forEach((idx, m) => {
    const q = idx % KW, p = Math.floor(idx / KW) % KH, c = Math.floor(idx / (KW * KH)) % Cg, o = Math.floor(idx / (KW * KH * Cg));
    const d = wt.data[idx] - cw.old[m];
    channels.add(o);
    const c0 = Math.floor(o / (O / G)) * Cg;
    const offH = p * dh - pt, offW = q * dw - pl;
    const [i0, i1] = validRange(offH, sh, H, OH), [j0, j1] = validRange(offW, sw, W, OW);
    for (let n = 0; n < N; n++) {
      const xPlane = (n * C + c0 + c) * H * W, yBase = (n * O + o) * plane;
      for (let i = i0; i < i1; i++) {
        const xr = xPlane + (i * sh + offH) * W + offW, yr = yBase + i * OW;
        for (let j = j0; j < j1; j++) y[yr + j] += d * x.data[xr + j * sw];
      }
    }
  });
  if (cb && bias) cb.idx.forEach((o, m) => {
    const d = bias.data[o] - cb.old[m];
    channels.add(o);
    for (let n = 0; n < N; n++) for (let k = (n * O + o) * plane; k < (n * O + o + 1) * plane; k++) y[k] += d;
  });
  // Only those channels can have moved: list their changed elements without scanning the whole output.
  const idx: number[] = [];
  const sorted = [...channels].sort((p, q) => p - q);
  for (let n = 0; n < N; n++) for (const o of sorted) {
    for (let k = (n * O + o) * plane; k < (n * O + o + 1) * plane; k++) if (y[k] !== baseOut.data[k]) idx.push(k);
  }
  return { out: new Tensor(baseOut.shape.slice(), y), changed: { idx: Int32Array.from(idx), old: Float64Array.from(idx, (k) => baseOut.data[k]) } };
}

function convForward(a: Args, rank: 1 | 2): OpResult {
  const { x, wt, bias, geo, outShape, groups, Cg } = convSetup(a, rank);
  const { H, W, O, KH, KW, C } = geo;
  const out = new Tensor(outShape, conv2dForward(x.data, wt.data, bias ? bias.data : null, geo));
  return {
    out,
    backward: (g) => {
      const r = conv2dBackward(x.data, wt.data, g.data, geo, x.requiresGrad, wt.requiresGrad);
      return {
        input: r.gx ? new Tensor(x.shape.slice(), r.gx) : null,
        weight: r.gw ? new Tensor(wt.shape.slice(), r.gw) : null,
        bias: bias ? new Tensor([O], r.gb) : null,
      };
    },
    explain: (k, names) => {
      // Unravel k into (n, o, i, j) of the 4-D view and list w·x over the window, padded positions as ·0.
      const j = k % geo.OW, i = Math.floor(k / geo.OW) % geo.OH, o = Math.floor(k / (geo.OW * geo.OH)) % O, n = Math.floor(k / (geo.OW * geo.OH * O));
      const pairs: string[] = [];
      const c0 = Math.floor(o / (O / groups)) * Cg;
      let count = 0;
      for (let c = 0; c < Cg; c++) for (let p = 0; p < KH; p++) for (let q = 0; q < KW; q++) {
        const h = i * geo.sh + p * geo.dh - geo.pt, ww = j * geo.sw + q * geo.dw - geo.pl;
        const xv = h >= 0 && h < H && ww >= 0 && ww < W ? x.data[((n * C + c0 + c) * H + h) * W + ww] : 0;
        if (count++ < 32) pairs.push(`${factor(wt.data[((o * Cg + c) * KH + p) * KW + q])}·${factor(xv)}`);
      }
      if (count > 32) pairs.push(`… (${count - 32} more)`);
      const b = bias ? ` + ${factor(bias.data[o])}` : '';
      return `${element(names.out ?? 'y', k, outShape)} = ${pairs.join(' + ')}${b} = ${num(out.data[k])}`;
    },
  };
}

export const CONV_RULES: Record<string, NumericRule> = {
  'F.conv1d': { forward: (a) => convForward(a, 1), forwardDelta: (a, o, ch) => convDelta(a, 1, o, ch) },
  'F.conv2d': { forward: (a) => convForward(a, 2), forwardDelta: (a, o, ch) => convDelta(a, 2, o, ch) },
};
