// The finite-difference check. For each checked element x_i of a requires_grad input:
//   numeric_i = (L(x + h·e_i) − L(x − h·e_i)) / 2h                    (central difference, error O(h²);
//               the divisor is the difference of the two stored floats, exact even where x + h rounds)
//   rel_i     = |analytic_i − numeric_i| / max(|analytic_i|, |numeric_i|, 1e-12)
// banded as CS231n recommends. Two refinements keep the verdict honest:
//  - a difference below the round-off floor of the quotient, 1e-14·max(1, |L|, max |input|)/h, counts as good
//    (float64 loses about that much when L is formed from values of that size — softmax of logits near 1000
//    loses ulp(1000) ≈ 1e-13 in x − logsumexp — and dividing by 2h magnifies it), and
//  - when the ±h perturbations take different branches at a kink (a ReLU input changes sign, a max-pool argmax
//    moves), finite differences measure a one-sided mixture, not the derivative: such elements are reported as
//    kink crossings and left out of the verdict.
// Beyond `maxElements` elements per check, a seeded sample is drawn, split over the inputs by size (each input
// keeps at least one element).
import type { InputCheck, Verdict } from './checkFormat';
import { forward, type Compiled, type ForwardRun } from './program';
import { type Tensor, toNestedNullable } from './tensor';

export const DEFAULT_STEP = 1e-6;
export const DEFAULT_MAX_ELEMENTS = 200;

export const BAND_GOOD = 1e-7, BAND_ACCEPTABLE = 1e-4, BAND_WRONG = 1e-2;

export function band(rel: number): Verdict {
  if (rel <= BAND_GOOD) return 'good';
  if (rel <= BAND_ACCEPTABLE) return 'acceptable';
  if (rel <= BAND_WRONG) return 'suspicious';
  return 'wrong';
}

const RANK: Record<Verdict, number> = { good: 0, acceptable: 1, suspicious: 2, wrong: 3 };
export const worse = (a: Verdict, b: Verdict): Verdict => (RANK[a] >= RANK[b] ? a : b);

export const relError = (a: number, n: number): number => Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), 1e-12);

/** mulberry32: a small seeded generator, so a sampled check is reproducible. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many elements of each input get checked: all when the total fits the cap, else a share by size. */
export function allocate(sizes: number[], cap: number): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= cap) return sizes.slice();
  const share = sizes.map((s) => Math.min(s, Math.max(1, Math.floor((cap * s) / total))));
  let left = cap - share.reduce((a, b) => a + b, 0);
  // The one-element minimum can overshoot the cap: take the excess back from the largest shares.
  while (left < 0) {
    let big = 0;
    for (let i = 1; i < share.length; i++) if (share[i] > share[big]) big = i;
    if (share[big] <= 1) break;
    share[big]--; left++;
  }
  // Hand out what rounding left over, largest inputs first.
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a]);
  for (let k = 0; left > 0 && k < order.length * cap; k++) {
    const i = order[k % order.length];
    if (share[i] < sizes[i]) { share[i]++; left--; }
  }
  return share;
}

/** `k` distinct indices of 0 … n−1, ascending. */
export function sampleIndices(n: number, k: number, next: () => number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  while (picked.size < k) picked.add(Math.floor(next() * n));
  return [...picked].sort((a, b) => a - b);
}

export interface NumericResult {
  numeric: Map<string, Float64Array>; // NaN where not checked
  checks: Record<string, InputCheck>;
  maxRel: number;
  verdict: Verdict;
  warnings: string[];
  floor: number;
}

export function finiteDifferences(c: Compiled, base: ForwardRun, grads: Map<string, Tensor>,
  opts: { step: number; maxElements: number; seed: number }): NumericResult {
  const h = opts.step;
  const names = c.requiresGrad;
  const sizes = names.map((n) => c.inputs.get(n)!.size);
  const counts = allocate(sizes, opts.maxElements);
  const next = rng(opts.seed);
  // The loss's round-off grows with the magnitudes summed on the way to it, not with the loss itself (a dot
  // product of integers can cancel to −1 through terms of ±50): the scale is the largest sum of magnitudes of any
  // tensor the forward pass made or read.
  let scale = Math.max(1, Math.abs(base.loss));
  for (const t of [...c.inputs.values(), ...base.env.values()]) {
    let sum = 0;
    for (let k = 0; k < t.size; k++) sum += Math.abs(t.data[k]);
    if (Number.isFinite(sum)) scale = Math.max(scale, sum);
  }
  const floor = (1e-14 * scale) / h;
  const numeric = new Map<string, Float64Array>();
  const checks: Record<string, InputCheck> = {};
  const warnings: string[] = [];
  let maxRel = 0;
  let verdict: Verdict = 'good';
  names.forEach((name, which) => {
    const x = c.inputs.get(name)!;
    const g = grads.get(name);
    const indices = sampleIndices(x.size, counts[which], next);
    const num = new Float64Array(x.size).fill(NaN);
    const rel = new Float64Array(x.size).fill(NaN);
    const bands: (Verdict | null)[] = new Array(x.size).fill(null);
    const crossings: number[] = [];
    let inputMax = 0, inputRaw = 0, belowFloor = 0;
    let inputVerdict: Verdict = 'good';
    for (const i of indices) {
      const orig = x.data[i];
      x.data[i] = orig + h;
      const up = x.data[i]; // the float actually stored: at |x| = 1000, x + h is not exactly h away
      const plus = forward(c, false, { base, leaf: name, index: i, original: orig });
      x.data[i] = orig - h;
      const down = x.data[i];
      const minus = forward(c, false, { base, leaf: name, index: i, original: orig });
      x.data[i] = orig;
      const n = (plus.loss - minus.loss) / (up - down);
      const a = g ? g.data[i] : 0;
      num[i] = n;
      const r = relError(a, n);
      rel[i] = r;
      const b = Math.abs(a - n) <= floor ? 'good' : band(r);
      bands[i] = b;
      if (plus.hash !== minus.hash) { crossings.push(i); continue; }
      inputRaw = Math.max(inputRaw, r);
      inputVerdict = worse(inputVerdict, b);
      // A difference below float64's round-off floor is no evidence of a wrong gradient (both sides are ~0):
      // it counts as good, and the judged maximum leaves it out so the number and the verdict agree.
      if (b === 'good' && r > BAND_GOOD) belowFloor++;
      else inputMax = Math.max(inputMax, r);
    }
    if (inputVerdict === 'acceptable' && !c.kinky) inputVerdict = 'suspicious';
    numeric.set(name, num);
    checks[name] = {
      shape: x.shape.slice(), total: x.size, checked: indices.length, sampled: indices.length < x.size, indices,
      rel_errors: toNestedNullable(x.shape, rel), bands, kink_crossings: crossings,
      max_rel_error: inputMax, max_rel_error_raw: inputRaw, below_noise_floor: belowFloor, verdict: inputVerdict,
    };
    if (indices.length < x.size) warnings.push(`${name}: checked ${indices.length} of ${x.size} elements (seeded sample, seed ${opts.seed})`);
    if (crossings.length) {
      warnings.push(`${name}: ${crossings.length} element(s) (index ${crossings.slice(0, 5).join(', ')}${crossings.length > 5 ? ', …' : ''}) sit within ±${h.toExponential()} of a kink: the finite difference straddles it and is not trusted there`);
    }
    maxRel = Math.max(maxRel, inputMax);
    verdict = worse(verdict, inputVerdict);
  });
  return { numeric, checks, maxRel, verdict, warnings, floor };
}
