// F.scaled_dot_product_attention (2.0; scale= 2.1, enable_gqa= 2.5), as the documentation's reference code computes
// it: softmax(Q·Kᵀ·scale + mask)·V.
//
//   shape   query (…, Hq, L, E), key (…, Hkv, S, E), value (…, Hkv, S, Ev) → (…, Hq, L, Ev): each at least 2-D;
//           the leading dims broadcast as matmul's do; query and key share E, key and value share S;
//           enable_gqa=True repeats key and value Hq / Hkv times along dim −3 (Hq must be a multiple of Hkv);
//           attn_mask broadcasts to (…, L, S); is_causal excludes an attn_mask
//   params  none
//   cost    MACs = ∏(leading dims of the output) · (L·S·E + L·S·Ev): Q·Kᵀ and the weights times V, per batch and head
//           exact: mults = MACs + L·S per batch·head (the scale); adds = the two matmuls' sums (L·S·(E − 1) +
//           L·Ev·(S − 1)) + L·S with a mask (or is_causal's bias); softmax counts 0 (ShapeLens' convention)
import { withSeparators } from '../count';
import { ops } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { formatDim, formatShape, isKnown, numel, sameDim, type Dim, type Shape } from '../shape';
import { bool, num, type ArgSpec, type Args } from '../values';
import { dot, line } from '../working';
import { broadcastShapes } from './tensorOps';

const OWNER = 'F.scaled_dot_product_attention';

interface Attention { output: Shape; batch: Shape; l: Dim; s: Dim; e: Dim; ev: Dim }

/** With enable_gqa, key / value heads (dim −3) are repeated to the query's count. */
function repeatHeads(q: Shape, kv: Shape, what: string): Shape {
  if (q.length < 3 || kv.length < 3) return kv;
  const [hq, hkv] = [q[q.length - 3], kv[kv.length - 3]];
  if (!isKnown(hq) || !isKnown(hkv)) {
    if (sameDim(hq, hkv)) return kv;
    throw new UnknownValueError(`${OWNER}: cannot tell statically whether ${formatDim(hkv)} ${what} heads divide ${formatDim(hq)} query heads`);
  }
  if (hkv === 0 || hq % hkv !== 0) {
    fail('attention-heads', `${OWNER}: with enable_gqa the number of heads in ${what} (${hkv}) must divide the number of heads in query (${hq})`);
  }
  return kv.map((d, i) => (i === kv.length - 3 ? hq : d));
}

function attention(a: Args, [q, k0, v0, mask]: readonly Shape[]): Attention {
  if (!k0 || !v0) return fail('bad-arguments', `${OWNER}: needs query, key and value`);
  if (q.length < 2 || k0.length < 2 || v0.length < 2) {
    fail('wrong-rank', `${OWNER}: expected query, key, and value to all be at least 2 dimensional, but got query ${formatShape(q)}, key ${formatShape(k0)}, value ${formatShape(v0)}`);
  }
  if (mask && bool(a, 'is_causal')) fail('bad-arguments', `${OWNER}: explicit attn_mask should not be set when is_causal=True`);
  num(a, 'dropout_p');
  const gqa = bool(a, 'enable_gqa');
  const k = gqa ? repeatHeads(q, k0, 'key') : k0;
  const v = gqa ? repeatHeads(q, v0, 'value') : v0;
  const [l, e] = q.slice(-2);
  const [s, ek] = k.slice(-2);
  const [sv, ev] = v.slice(-2);
  if (isKnown(e) && isKnown(ek) && e !== ek) fail('attention-embed-dim', `${OWNER}: query and key must share the last dim E: query ${formatShape(q)}, key ${formatShape(k0)}`);
  if (isKnown(s) && isKnown(sv) && s !== sv) fail('attention-key-value', `${OWNER}: key and value must share the sequence length S (dim −2): key ${formatShape(k0)}, value ${formatShape(v0)}`);
  // Q·Kᵀ broadcasts the leading dims, then the weights times V broadcasts them again (matmul's rule).
  const scores = broadcastShapes(OWNER, q.slice(0, -2), k.slice(0, -2));
  const batch = broadcastShapes(OWNER, scores, v.slice(0, -2));
  if (mask) {
    const weights = [...scores, l, s];
    const withMask = broadcastShapes(OWNER, weights, mask);
    if (withMask.length !== weights.length || withMask.some((d, i) => !sameDim(d, weights[i]))) {
      fail('attention-mask', `${OWNER}: attn_mask ${formatShape(mask)} must broadcast to the attention weights' shape ${formatShape(weights)} (…, L, S)`);
    }
  }
  return { output: [...batch, l, ev], batch, l, s, e, ev };
}

const signature: ArgSpec[] = [
  { name: 'query', tensor: 'one' }, { name: 'key', tensor: 'one' }, { name: 'value', tensor: 'one' },
  { name: 'attn_mask', tensor: 'optional', default: null }, { name: 'dropout_p', default: 0.0 }, { name: 'is_causal', default: false },
  { name: 'scale', default: null, keywordOnly: true }, { name: 'enable_gqa', default: false, keywordOnly: true },
];

export const sdpaLayers: LayerDef[] = [{
  type: OWNER, kind: 'function', summary: 'softmax(Q·Kᵀ·scale + mask)·V', inputs: 3, signature,
  params: () => ({ tensors: [], working: [] }),
  // PyTorch 2.x's math path keeps q, k, v and the attention weights (with dropout also its mask and the dropped
  // weights); the fused CUDA kernels (flash, memory-efficient) keep q, k, v, the output and a log-sum-exp per row.
  saves: (a, inputs) => {
    const r = attention(a, inputs);
    const n = numel([...r.batch, r.l, r.s]);
    if (n === undefined) throw new UnknownValueError(`${OWNER}: the saved weights have a symbolic size`);
    const p = typeof a.dropout_p === 'number' ? a.dropout_p : 0;
    return [{ input: 0 }, { input: 1 }, { input: 2 }, { made: 'attention weights', numel: n, element: 'act' },
      ...(p > 0 ? [{ made: 'dropout mask', numel: n, element: 'mask' as const }, { made: 'dropped weights', numel: n, element: 'act' as const }] : [])];
  },
  receptive: () => ({ kind: 'global', why: 'attention: every position sees every position' }),
  forward: (a, inputs): Forward => {
    const r = attention(a, inputs);
    return { output: r.output, working: [
      line('shape', `(…, L, Ev): leading ${formatShape(r.batch)}, L = ${formatDim(r.l)} (query), Ev = ${formatDim(r.ev)} (value) → ${formatShape(r.output)}`),
      line('weights', `(…, L, S) = (…, ${formatDim(r.l)}, ${formatDim(r.s)}), softmax over S`),
    ] };
  },
  cost: (a, inputs) => {
    const r = attention(a, inputs);
    const heads = numel(r.batch);
    if (heads === undefined || ![r.l, r.s, r.e, r.ev].every(isKnown)) throw new UnknownValueError(`${OWNER}: cost unknown, a size is symbolic`);
    const [L, S, E, Ev] = [r.l, r.s, r.e, r.ev].map((d) => BigInt(d as number));
    const perHead = L * S * E + L * S * Ev;
    const macs = heads * perHead;
    const masked = inputs.length > 3 || bool(a, 'is_causal') ? heads * L * S : 0n;
    const adds = heads * (L * S * (E > 0n ? E - 1n : 0n) + L * Ev * (S > 0n ? S - 1n : 0n)) + masked;
    return { macs, exact: ops({ mul: macs + heads * L * S, add: adds }), working: [
      `MACs = ∏batch·heads · (L·S·E + L·S·Ev) = ${withSeparators(heads)} · (${dot(r.l as number, r.s as number, r.e as number)} + ${dot(r.l as number, r.s as number, r.ev as number)}) = ${withSeparators(macs)}`,
    ] };
  },
}];
