// Attention: MultiheadAttention, TransformerEncoderLayer, TransformerDecoderLayer, Transformer (at the end).
//
// Notation: E embed_dim (d_model), h heads, d = E/h per head, L target (query) length, S source (key/value)
// length, N batch (1 unbatched), S' = S + 1 with add_bias_kv + 1 with add_zero_attn, F dim_feedforward.
//
//   MultiheadAttention(query, key, value)
//     shape   query (L, N, E), key (S, N, kdim), value (S, N, vdim) — (N, ·, ·) with batch_first, no N unbatched
//             → (attn_output, attn_weights) = ((L, N, E), (N, L, S'))  — the weights averaged over the heads
//               (average_attn_weights=True, PyTorch's default); unbatched ((L, E), (L, S'))
//     params  kdim = vdim = E: in_proj_weight 3E × E;  else q_proj_weight E × E, k_proj_weight E × kdim,
//             v_proj_weight E × vdim;  in_proj_bias 3E (bias);  bias_k, bias_v 1 × 1 × E (add_bias_kv);
//             out_proj.weight E × E, out_proj.bias E (bias)
//     cost    MACs = N·L·E·E (q proj) + N·S·kdim·E (k proj) + N·S·vdim·E (v proj)
//                    + N·L·S'·E (Q·Kᵀ, all heads) + N·L·S'·E (weights·V) + N·L·E·E (out proj)
//             exact: mults = MACs; adds = each matmul's out·(k − 1) + one per output with a bias, plus
//                    N·L·S'·(h − 1) to average the weights over the heads; divisions = N·L·E (q / √d) + N·L·S'
//                    (the average); softmax counts 0 (the conventions in the README)
//   TransformerEncoderLayer(src)       = x + SelfAttn(x), then x + FF(x), each with a LayerNorm (before with norm_first)
//   TransformerDecoderLayer(tgt, memory) = x + SelfAttn(x), x + CrossAttn(x, memory), x + FF(x)
//     shape   output = src / tgt shape
//     params  the attention blocks as above with kdim = vdim = E, linear1 F × E + F, linear2 E × F + E,
//             2 (encoder) or 3 (decoder) LayerNorms of 2E  — exactly torch's named_parameters; bias=False (2.1)
//             drops every bias: in_proj_bias, out_proj.bias, linear1/2.bias and the norms' biases
//     cost    MACs = the attention blocks + FF: N·L·E·F (linear1) + N·L·F·E (linear2)
//             exact adds the linear layers' adds, the activation (N·L·F: comparisons for relu, elementwise
//             otherwise) and the residual sums (N·L·E each); LayerNorm and dropout count 0
import { withSeparators } from '../count';
import { addCosts, describeExact, ops, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef, ParamSet, ParamTensor } from '../layer';
import type { SavedTensor } from '../saved';
import { blockSaves, mhaSaves, type AttentionSizes, type BlockSizes } from './attentionSaved';
import { addDim, formatDim, formatShape, isKnown, type Dim, type Shape, type ShapeTree } from '../shape';
import { bool, int, num, optInt, type ArgSpec, type Args } from '../values';
import { dot, line, type WorkingLine } from '../working';

const tensor = (name: string, shape: number[]): ParamTensor => ({ name, shape, count: shape.reduce((p, d) => p * BigInt(d), 1n) });
const sum = (ts: readonly ParamTensor[]) => ts.reduce((s, t) => s + t.count, 0n);

interface AttnConfig {
  readonly embed: number;
  readonly heads: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly bias: boolean;
  readonly biasKv: boolean;
  readonly zeroAttn: boolean;
  readonly batchFirst: boolean;
}

function checkHeads(owner: string, embed: number, heads: number, argNames: [string, string]) {
  if (embed <= 0 || heads <= 0) fail('bad-arguments', `${owner}: ${argNames[0]} and ${argNames[1]} must be positive, got ${embed} and ${heads}`);
  if (embed % heads !== 0) {
    // Propose the nearest head count that divides.
    let h = heads;
    while (embed % h !== 0) h--;
    fail('attention-heads', `${owner}: ${argNames[0]} must be divisible by num_heads: ${embed} / ${heads} = ${+(embed / heads).toFixed(3)}`,
      { arg: argNames[1], value: h, description: `use ${h} heads (${embed} / ${h} = ${embed / h} per head)` });
  }
}

// ── MultiheadAttention ─────────────────────────────────────────────────────────────────────────────────────
const mhaSignature: ArgSpec[] = [
  { name: 'embed_dim' }, { name: 'num_heads' }, { name: 'dropout', default: 0.0 }, { name: 'bias', default: true },
  { name: 'add_bias_kv', default: false }, { name: 'add_zero_attn', default: false }, { name: 'kdim', default: null },
  { name: 'vdim', default: null }, { name: 'batch_first', default: false }, { name: 'device', default: null }, { name: 'dtype', default: null },
];

function readMha(a: Args): AttnConfig {
  const embed = int(a, 'embed_dim');
  const heads = int(a, 'num_heads');
  checkHeads('MultiheadAttention', embed, heads, ['embed_dim', 'num_heads']);
  num(a, 'dropout');
  return { embed, heads, kdim: optInt(a, 'kdim') ?? embed, vdim: optInt(a, 'vdim') ?? embed, bias: bool(a, 'bias'),
    biasKv: bool(a, 'add_bias_kv'), zeroAttn: bool(a, 'add_zero_attn'), batchFirst: bool(a, 'batch_first') };
}

/** The attention's tensors, in torch's named_parameters order, with a prefix inside a Transformer layer. */
function mhaTensors(c: AttnConfig, prefix = ''): ParamTensor[] {
  const E = c.embed;
  const ts: ParamTensor[] = [];
  if (c.kdim === E && c.vdim === E) ts.push(tensor(`${prefix}in_proj_weight`, [3 * E, E]));
  else ts.push(tensor(`${prefix}q_proj_weight`, [E, E]), tensor(`${prefix}k_proj_weight`, [E, c.kdim]), tensor(`${prefix}v_proj_weight`, [E, c.vdim]));
  if (c.bias) ts.push(tensor(`${prefix}in_proj_bias`, [3 * E]));
  if (c.biasKv) ts.push(tensor(`${prefix}bias_k`, [1, 1, E]), tensor(`${prefix}bias_v`, [1, 1, E]));
  ts.push(tensor(`${prefix}out_proj.weight`, [E, E]));
  if (c.bias) ts.push(tensor(`${prefix}out_proj.bias`, [E]));
  return ts;
}

function mhaRule(c: AttnConfig): string {
  const E = c.embed;
  const proj = c.kdim === E && c.vdim === E ? `4·${E}·${E}` : `${E}·(${E} + ${c.kdim} + ${c.vdim} + ${E})`;
  return `${proj}${c.bias ? ` + 4·${E}` : ''}${c.biasKv ? ` + 2·${E}` : ''}`;
}

function mhaParams(c: AttnConfig): ParamSet {
  const ts = mhaTensors(c);
  return { tensors: ts, working: [line('params', `${mhaRule(c)} = ${withSeparators(sum(ts))}`)] };
}

interface Split { seq: Dim; batch: Dim | null; features: Dim }

/** Reads (L, N, E) / (N, L, E) / unbatched (L, E). */
const split = (x: Shape, batchFirst: boolean): Split =>
  x.length === 2 ? { seq: x[0], batch: null, features: x[1] }
    : batchFirst ? { seq: x[1], batch: x[0], features: x[2] } : { seq: x[0], batch: x[1], features: x[2] };

const join = (s: Split, batchFirst: boolean, features: Dim): Shape =>
  s.batch === null ? [s.seq, features] : batchFirst ? [s.batch, s.seq, features] : [s.seq, s.batch, features];

const differ = (a: Dim, b: Dim) => isKnown(a) && isKnown(b) && a !== b;

function mhaForward(owner: string, c: AttnConfig, q: Shape, k: Shape, v: Shape): { output: ShapeTree; working: WorkingLine[] } {
  if (!k || !v) fail('bad-arguments', `${owner}: needs query, key and value`);
  if (q.length !== 2 && q.length !== 3) fail('wrong-rank', `${owner}: query should be unbatched 2D or batched 3D tensor but received ${q.length}-D query tensor ${formatShape(q)}`);
  if (k.length !== q.length || v.length !== q.length) {
    fail('wrong-rank', `${owner}: for ${q.length === 3 ? 'batched (3-D)' : 'unbatched (2-D)'} query, expected key and value to be ${q.length}-D ` +
      `but found ${k.length}-D and ${v.length}-D tensors (${formatShape(k)}, ${formatShape(v)})`);
  }
  const Q = split(q, c.batchFirst);
  const K = split(k, c.batchFirst);
  const V = split(v, c.batchFirst);
  if (differ(Q.features, c.embed)) {
    fail('attention-embed-dim', `${owner}: was expecting embedding dimension of ${c.embed}, but the query ${formatShape(q)} has ${formatDim(Q.features)}`,
      { arg: 'embed_dim', value: Q.features as number, description: `set embed_dim to ${formatDim(Q.features)}` });
  }
  if (differ(K.seq, V.seq) || (K.batch !== null && V.batch !== null && differ(K.batch, V.batch))) {
    fail('attention-key-value', `${owner}: key's sequence and batch dims must match value's: key ${formatShape(k)}, value ${formatShape(v)}`);
  }
  if (differ(K.features, c.kdim)) {
    fail('attention-kdim', `${owner}: the key's last dim ${formatDim(K.features)} must equal kdim = ${c.kdim} (key ${formatShape(k)})`,
      { arg: 'kdim', value: K.features as number, description: `set kdim to ${formatDim(K.features)}` });
  }
  if (differ(V.features, c.vdim)) {
    fail('attention-vdim', `${owner}: the value's last dim ${formatDim(V.features)} must equal vdim = ${c.vdim} (value ${formatShape(v)})`,
      { arg: 'vdim', value: V.features as number, description: `set vdim to ${formatDim(V.features)}` });
  }
  if (Q.batch !== null && K.batch !== null && differ(Q.batch, K.batch)) {
    fail('attention-batch', `${owner}: query batch ${formatDim(Q.batch)} and key batch ${formatDim(K.batch)} differ (${formatShape(q)}, ${formatShape(k)})`);
  }
  const extra = (c.biasKv ? 1 : 0) + (c.zeroAttn ? 1 : 0);
  const sources: Dim = addDim(K.seq, extra);
  const out = join(Q, c.batchFirst, c.embed);
  const weights: Shape = Q.batch === null ? [Q.seq, sources] : [Q.batch, Q.seq, sources];
  const sText = extra ? `S' = ${formatDim(K.seq)}${c.biasKv ? ' + 1 (bias_k)' : ''}${c.zeroAttn ? ' + 1 (zero attn)' : ''} = ${formatDim(sources)}` : `S = ${formatDim(sources)}`;
  return { output: { tuple: [out, weights] }, working: [
    line('attn_output', `the query's shape with E = ${c.embed}: ${formatShape(out)}`),
    line('attn_weights', `${Q.batch === null ? '(L, S)' : '(N, L, S)'} averaged over ${c.heads} heads, ${sText}: ${formatShape(weights)}`),
  ] };
}

/** The attention's cost for known N, L, S (see the header). */
function mhaCost(c: AttnConfig, n: number, l: number, s: number, label: string): Cost {
  const [N, L, S, E, H] = [n, l, s, c.embed, c.heads].map(BigInt);
  const Sp = S + BigInt((c.biasKv ? 1 : 0) + (c.zeroAttn ? 1 : 0));
  const [Kd, Vd] = [BigInt(c.kdim), BigInt(c.vdim)];
  const d = E / H;
  const qProj = N * L * E * E;
  const kProj = N * S * Kd * E;
  const vProj = N * S * Vd * E;
  const scores = N * L * Sp * E;
  const mix = N * L * Sp * E;
  const outProj = N * L * E * E;
  const macs = qProj + kProj + vProj + scores + mix + outProj;
  const b = c.bias ? 1n : 0n;
  const adds = N * L * E * (E - 1n) + N * S * E * (Kd - 1n) + N * S * E * (Vd - 1n) + b * (N * L * E + 2n * N * S * E) // projections
    + N * H * L * Sp * (d - 1n) + N * L * E * (Sp - 1n) // Q·Kᵀ and weights·V
    + N * L * E * (E - 1n) + b * N * L * E // out proj
    + N * L * Sp * (H - 1n); // averaging the weights over heads
  const divs = N * L * E + N * L * Sp;
  return { macs, exact: ops({ mul: macs, add: adds, div: divs }), working: [
    `${label}MACs = N·L·E·E + N·S·kdim·E + N·S·vdim·E + 2·N·L·S'·E + N·L·E·E = ` +
    `${dot(n, l, c.embed, c.embed)} + ${dot(n, s, c.kdim, c.embed)} + ${dot(n, s, c.vdim, c.embed)} + 2·${dot(n, l, Sp, c.embed)} + ${dot(n, l, c.embed, c.embed)} = ${withSeparators(macs)}`,
  ] };
}

/** Closes the working with the total and the exact breakdown. */
const withExactLine = (c: Cost): Cost =>
  ({ ...c, working: [...c.working, `MACs total = ${withSeparators(c.macs)}; exact: ${describeExact(c.exact)}`] });

/** N, L (or S) of an input, or null when symbolic. */
function sizes(x: Shape, batchFirst: boolean): { n: number; seq: number } | null {
  const s = split(x, batchFirst);
  const n = s.batch ?? 1;
  return isKnown(n) && isKnown(s.seq) ? { n, seq: s.seq } : null;
}

/** The sizes the saved-tensor rules need (attentionSaved.ts); unknown while a size is symbolic. */
function attentionSizes(owner: string, c: AttnConfig, q: Shape, k: Shape, p: number, needWeights: boolean): AttentionSizes {
  const Q = sizes(q, c.batchFirst);
  const K = sizes(k, c.batchFirst);
  if (!Q || !K) throw new UnknownValueError(`${owner}: the saved tensors depend on a symbolic size`);
  const extra = (c.biasKv ? 1 : 0) + (c.zeroAttn ? 1 : 0);
  return { N: BigInt(Q.n), L: BigInt(Q.seq), S: BigInt(K.seq + extra), E: BigInt(c.embed), heads: BigInt(c.heads), p, batchFirst: c.batchFirst,
    needWeights };
}

function blockSizes(owner: string, a: Args, c: TransformerConfig, x: Shape, memory?: Shape): BlockSizes {
  const s = attentionSizes(owner, c.attn, x, x, num(a, 'dropout'), false);
  const m = memory ? sizes(memory, c.attn.batchFirst) : undefined;
  if (memory && !m) throw new UnknownValueError(`${owner}: the saved tensors depend on a symbolic size`);
  return { ...s, F: BigInt(c.ff), relu: c.relu, normFirst: bool(a, 'norm_first'), memory: m ? BigInt(m.seq) : 0n };
}

const unknownCost = (owner: string): never => {
  throw new UnknownValueError(`${owner}: cost unknown, the sequence length or batch is symbolic`);
};

const multiheadAttention: LayerDef = {
  type: 'MultiheadAttention', kind: 'module', summary: 'multi-head scaled dot-product attention', signature: mhaSignature, inputs: 3,
  tensorNames: ['query', 'key', 'value'],
  validate: (a) => void readMha(a),
  params: (a) => mhaParams(readMha(a)),
  forward: (a, [q, k, v]): Forward => mhaForward('MultiheadAttention', readMha(a), q, k, v),
  cost: (a, [q, k]) => {
    const c = readMha(a);
    const Q = sizes(q, c.batchFirst);
    const K = sizes(k, c.batchFirst);
    return Q && K ? withExactLine(mhaCost(c, Q.n, Q.seq, K.seq, '')) : unknownCost('MultiheadAttention');
  },
  // called as attn(x, x, x): need_weights defaults to True
  saves: (a, [q, k]) => mhaSaves(attentionSizes('MultiheadAttention', readMha(a), q, k, num(a, 'dropout'), true)),
  receptive: () => ({ kind: 'global', why: 'attention: every position sees every position' }),
};

// ── Transformer layers ─────────────────────────────────────────────────────────────────────────────────────
const transformerSignature: ArgSpec[] = [
  { name: 'd_model' }, { name: 'nhead' }, { name: 'dim_feedforward', default: 2048 }, { name: 'dropout', default: 0.1 },
  { name: 'activation', default: 'relu' }, { name: 'layer_norm_eps', default: 1e-5 }, { name: 'batch_first', default: false },
  { name: 'norm_first', default: false }, { name: 'bias', default: true }, { name: 'device', default: null }, { name: 'dtype', default: null },
];

/** bias (2.1): False drops every bias — the attention's, the feed-forward Linears' and the LayerNorms'. */
interface TransformerConfig { attn: AttnConfig; ff: number; relu: boolean; bias: boolean }

function readTransformer(owner: string, a: Args): TransformerConfig {
  const embed = int(a, 'd_model');
  const heads = int(a, 'nhead');
  checkHeads(owner, embed, heads, ['d_model', 'nhead']);
  const ff = int(a, 'dim_feedforward');
  if (ff <= 0) fail('bad-arguments', `${owner}: dim_feedforward must be positive, got ${ff}`);
  // activation is 'relu', 'gelu' or a callable (which the analysis passes as an unknown value).
  const act = a.activation;
  if (typeof act === 'string' && act !== 'relu' && act !== 'gelu') fail('bad-arguments', `${owner}: activation should be relu/gelu, not ${act}`);
  const relu = act === 'relu';
  const bias = bool(a, 'bias');
  return { attn: { embed, heads, kdim: embed, vdim: embed, bias, biasKv: false, zeroAttn: false, batchFirst: bool(a, 'batch_first') }, ff, relu, bias };
}

/** A LayerNorm's tensors (weight, and bias unless bias=False). */
const normTensors = (name: string, E: number, bias: boolean): ParamTensor[] =>
  [tensor(`${name}.weight`, [E]), ...(bias ? [tensor(`${name}.bias`, [E])] : [])];

function transformerTensors(c: TransformerConfig, decoder: boolean, prefix = ''): ParamTensor[] {
  const E = c.attn.embed;
  const ts = [
    ...mhaTensors(c.attn, `${prefix}self_attn.`),
    ...(decoder ? mhaTensors(c.attn, `${prefix}multihead_attn.`) : []),
    tensor(`${prefix}linear1.weight`, [c.ff, E]), ...(c.bias ? [tensor(`${prefix}linear1.bias`, [c.ff])] : []),
    tensor(`${prefix}linear2.weight`, [E, c.ff]), ...(c.bias ? [tensor(`${prefix}linear2.bias`, [E])] : []),
  ];
  const norms = decoder ? 3 : 2;
  for (let i = 1; i <= norms; i++) ts.push(...normTensors(`${prefix}norm${i}`, E, c.bias));
  return ts;
}

function transformerParams(c: TransformerConfig, decoder: boolean): ParamSet {
  const E = c.attn.embed;
  const ts = transformerTensors(c, decoder);
  const norms = decoder ? 3 : 2;
  const attn = sum(mhaTensors(c.attn));
  const ffCount = BigInt(2 * c.ff * E + (c.bias ? c.ff + E : 0));
  return { tensors: ts, working: [
    line(decoder ? 'self_attn, multihead_attn' : 'self_attn', `${decoder ? '2 · ' : ''}(${mhaRule(c.attn)}) = ${withSeparators((decoder ? 2n : 1n) * attn)}`),
    line('linear1, linear2', `${dot(c.ff, E)}${c.bias ? ` + ${c.ff}` : ''} + ${dot(E, c.ff)}${c.bias ? ` + ${E}` : ''} = ${withSeparators(ffCount)}`),
    line(`norm1..${norms}`, `${norms} · ${c.bias ? '2·' : ''}${E} = ${withSeparators(BigInt(norms * (c.bias ? 2 : 1) * E))}`),
    line('params', `${withSeparators(sum(ts))}`),
  ] };
}

/** Feed-forward block, activation and residual sums for N·L positions. */
function feedForwardCost(c: TransformerConfig, positions: bigint, residuals: number): Cost {
  const [E, F] = [BigInt(c.attn.embed), BigInt(c.ff)];
  const macs = 2n * positions * E * F;
  const biasAdds = c.bias ? positions * F + positions * E : 0n;
  const adds = positions * F * (E - 1n) + positions * E * (F - 1n) + biasAdds + BigInt(residuals) * positions * E;
  const act = positions * F;
  return { macs, exact: ops({ mul: macs, add: adds, ...(c.relu ? { cmp: act } : { other: act }) }), working: [
    `feed-forward MACs = 2·N·L·E·F = 2·${dot(positions, E, F)} = ${withSeparators(macs)}`,
  ] };
}

function transformerInput(owner: string, c: TransformerConfig, x: Shape, what: string): Split {
  if (x.length !== 2 && x.length !== 3) fail('wrong-rank', `${owner}: ${what} should be unbatched 2D or batched 3D, got ${x.length}-D ${formatShape(x)}`);
  const s = split(x, c.attn.batchFirst);
  if (differ(s.features, c.attn.embed)) {
    fail('attention-embed-dim', `${owner}: was expecting embedding dimension of ${c.attn.embed} (d_model), but ${what} ${formatShape(x)} has ${formatDim(s.features)}`,
      { arg: 'd_model', value: s.features as number, description: `set d_model to ${formatDim(s.features)}` });
  }
  return s;
}

// ── The layers' rules, shared with nn.Transformer's stacks ─────────────────────────────────────────────────
function decoderForward(owner: string, c: TransformerConfig, tgt: Shape, memory: Shape | undefined): void {
  if (!memory) fail('bad-arguments', `${owner}: needs tgt and memory`);
  const t = transformerInput(owner, c, tgt, 'tgt');
  const m = transformerInput(owner, c, memory!, 'memory');
  if (tgt.length !== memory!.length) fail('wrong-rank', `${owner}: tgt ${formatShape(tgt)} and memory ${formatShape(memory!)} must both be batched (3-D) or both unbatched (2-D)`);
  if (t.batch !== null && m.batch !== null && differ(t.batch, m.batch)) {
    fail('attention-batch', `${owner}: tgt batch ${formatDim(t.batch)} and memory batch ${formatDim(m.batch)} differ (${formatShape(tgt)}, ${formatShape(memory!)})`);
  }
}

function encoderCost(owner: string, c: TransformerConfig, x: Shape): Cost {
  const s = sizes(x, c.attn.batchFirst) ?? unknownCost(owner);
  return addCosts(mhaCost(c.attn, s.n, s.seq, s.seq, 'self_attn '), feedForwardCost(c, BigInt(s.n) * BigInt(s.seq), 2));
}

function decoderCost(owner: string, c: TransformerConfig, tgt: Shape, memory: Shape): Cost {
  const t = sizes(tgt, c.attn.batchFirst) ?? unknownCost(owner);
  const m = sizes(memory, c.attn.batchFirst) ?? unknownCost(owner);
  const self = mhaCost(c.attn, t.n, t.seq, t.seq, 'self_attn ');
  const cross = mhaCost(c.attn, t.n, t.seq, m.seq, 'multihead_attn ');
  return addCosts(addCosts(self, cross), feedForwardCost(c, BigInt(t.n) * BigInt(t.seq), 3));
}

const encoderLayer: LayerDef = {
  type: 'TransformerEncoderLayer', kind: 'module', summary: 'self-attention + feed-forward block', signature: transformerSignature, inputs: 1,
  validate: (a) => void readTransformer('TransformerEncoderLayer', a),
  params: (a) => transformerParams(readTransformer('TransformerEncoderLayer', a), false),
  forward: (a, [x]): Forward => {
    const c = readTransformer('TransformerEncoderLayer', a);
    transformerInput('TransformerEncoderLayer', c, x, 'src');
    return { output: [...x], working: [line('shape', `output = src = ${formatShape(x)} (residual block)`)] };
  },
  cost: (a, [x]) => withExactLine(encoderCost('TransformerEncoderLayer', readTransformer('TransformerEncoderLayer', a), x)),
  saves: (a, [x]) => blockSaves(blockSizes('TransformerEncoderLayer', a, readTransformer('TransformerEncoderLayer', a), x)),
  receptive: () => ({ kind: 'global', why: 'attention: every position sees every position' }),
};

const decoderLayer: LayerDef = {
  type: 'TransformerDecoderLayer', kind: 'module', summary: 'self-attention + cross-attention + feed-forward block', signature: transformerSignature, inputs: 2,
  tensorNames: ['tgt', 'memory'],
  validate: (a) => void readTransformer('TransformerDecoderLayer', a),
  params: (a) => transformerParams(readTransformer('TransformerDecoderLayer', a), true),
  forward: (a, [tgt, memory]): Forward => {
    decoderForward('TransformerDecoderLayer', readTransformer('TransformerDecoderLayer', a), tgt, memory);
    return { output: [...tgt], working: [line('shape', `output = tgt = ${formatShape(tgt)} (residual block; memory ${formatShape(memory)} only feeds the cross-attention)`)] };
  },
  cost: (a, [tgt, memory]) => withExactLine(decoderCost('TransformerDecoderLayer', readTransformer('TransformerDecoderLayer', a), tgt, memory)),
  saves: (a, [tgt, memory]) => blockSaves(blockSizes('TransformerDecoderLayer', a, readTransformer('TransformerDecoderLayer', a), tgt, memory)),
  receptive: () => ({ kind: 'global', why: 'attention: every position sees every position' }),
};

// ── Transformer: num_encoder_layers encoder layers + a LayerNorm, num_decoder_layers decoder layers + a LayerNorm ─
//   shape   (src, tgt) → tgt's shape; src and tgt share the batch (when batched) and d_model
//   params  the layers' tensors as above, encoder.layers.i.* and decoder.layers.i.*, plus encoder.norm, decoder.norm
//   cost    num_encoder_layers × the encoder layer on src + num_decoder_layers × the decoder layer on (tgt, memory = src)
const transformerModuleSignature: ArgSpec[] = [
  { name: 'd_model', default: 512 }, { name: 'nhead', default: 8 }, { name: 'num_encoder_layers', default: 6 },
  { name: 'num_decoder_layers', default: 6 }, { name: 'dim_feedforward', default: 2048 }, { name: 'dropout', default: 0.1 },
  { name: 'activation', default: 'relu' }, { name: 'custom_encoder', default: null }, { name: 'custom_decoder', default: null },
  { name: 'layer_norm_eps', default: 1e-5 }, { name: 'batch_first', default: false }, { name: 'norm_first', default: false },
  { name: 'bias', default: true }, { name: 'device', default: null }, { name: 'dtype', default: null },
];

function readStacks(a: Args): { c: TransformerConfig; enc: number; dec: number } {
  if (a.custom_encoder !== null || a.custom_decoder !== null) {
    throw new UnknownValueError('Transformer: a custom_encoder / custom_decoder module is not one ShapeLens can size');
  }
  const enc = int(a, 'num_encoder_layers');
  const dec = int(a, 'num_decoder_layers');
  if (enc < 0 || dec < 0) fail('bad-arguments', `Transformer: layer counts must be non-negative, got ${enc} and ${dec}`);
  return { c: readTransformer('Transformer', a), enc, dec };
}

/** k copies of a layer's cost. */
const times = (k: number, c: Cost): Cost => {
  const K = BigInt(k);
  const e = c.exact;
  return { macs: K * c.macs, exact: { mul: K * e.mul, add: K * e.add, cmp: K * e.cmp, div: K * e.div, other: K * e.other }, working: c.working };
};

/**
 * The stacks on src and tgt: inside the module every layer's input is made by the layer before (the encoder's first
 * takes src, input 0; the decoders take the encoder's normalized output as memory), and each stack ends in a LayerNorm.
 */
function transformerSaves(a: Args, src: Shape, tgt: Shape): SavedTensor[] {
  const { c, enc, dec } = readStacks(a);
  const encoder = blockSizes('Transformer', a, c, src);
  const decoder = blockSizes('Transformer', a, c, tgt, src);
  const srcNumel = encoder.N * encoder.L * encoder.E;
  const tgtNumel = decoder.N * decoder.L * decoder.E;
  const act = (made: string, numel: bigint): SavedTensor => ({ made, numel, element: 'act' });
  const stackNorm = (name: string, positions: bigint, numel: bigint): SavedTensor[] => [act(`${name} input`, numel),
    { made: `${name} mean`, numel: positions, element: 'f32' }, { made: `${name} 1/std`, numel: positions, element: 'f32' }];
  const out: SavedTensor[] = [];
  for (let i = 0; i < enc; i++) {
    const prefix = `encoder.layers.${i}.`;
    // src is the first layer's input 0; every later layer's input is made by the layer before
    out.push(...blockSaves(encoder, prefix).map((t) => ('input' in t && i > 0 ? act(`${prefix}input`, srcNumel) : t)));
  }
  out.push(...stackNorm('encoder.norm', encoder.N * encoder.L, srcNumel));
  for (let i = 0; i < dec; i++) {
    const prefix = `decoder.layers.${i}.`;
    // tgt (the Transformer's input 1) feeds the first decoder layer; memory is the encoder's output, made inside
    out.push(...blockSaves(decoder, prefix).map((t): SavedTensor => {
      if (!('input' in t)) return t;
      if (t.input === 0) return i === 0 ? { ...t, input: 1 } : act(`${prefix}input`, tgtNumel);
      // the same memory tensor feeds every layer: kept once, unless batch_first makes each projection copy it
      return act(c.attn.batchFirst ? `${prefix}memory (copied)` : 'memory', srcNumel);
    }));
  }
  out.push(...stackNorm('decoder.norm', decoder.N * decoder.L, tgtNumel));
  return out;
}

const transformer: LayerDef = {
  type: 'Transformer', kind: 'module', summary: 'encoder-decoder transformer (stacks of encoder and decoder layers)',
  signature: transformerModuleSignature, inputs: 2, tensorNames: ['src', 'tgt'],
  params: (a) => {
    const { c, enc, dec } = readStacks(a);
    const E = c.attn.embed;
    const ts: ParamTensor[] = [];
    for (let i = 0; i < enc; i++) ts.push(...transformerTensors(c, false, `encoder.layers.${i}.`));
    ts.push(...normTensors('encoder.norm', E, c.bias));
    for (let i = 0; i < dec; i++) ts.push(...transformerTensors(c, true, `decoder.layers.${i}.`));
    ts.push(...normTensors('decoder.norm', E, c.bias));
    const one = (decoder: boolean) => sum(transformerTensors(c, decoder));
    const norm = BigInt((c.bias ? 2 : 1) * E);
    return { tensors: ts, working: [
      line('encoder', `${enc} · ${withSeparators(one(false))} + ${norm} (norm) = ${withSeparators(BigInt(enc) * one(false) + norm)}`),
      line('decoder', `${dec} · ${withSeparators(one(true))} + ${norm} (norm) = ${withSeparators(BigInt(dec) * one(true) + norm)}`),
      line('params', withSeparators(sum(ts))),
    ] };
  },
  forward: (a, [src, tgt]): Forward => {
    const { c, enc, dec } = readStacks(a);
    if (!tgt) fail('bad-arguments', 'Transformer: needs src and tgt');
    // TransformerEncoder and TransformerDecoder look at their first layer (fast-path checks, the causal-mask hint).
    if (enc === 0 || dec === 0) fail('bad-arguments', `Transformer: a stack with no layers fails (index 0 is out of range): num_encoder_layers=${enc}, num_decoder_layers=${dec}`);
    const batchAt = c.attn.batchFirst ? 0 : 1;
    if (src.length === 3 && differ(src[batchAt] ?? 1, tgt[batchAt] ?? 1)) {
      fail('attention-batch', `Transformer: the batch number of src and tgt must be equal (src ${formatShape(src)}, tgt ${formatShape(tgt)})`);
    }
    if (differ(src[src.length - 1], c.attn.embed) || differ(tgt[tgt.length - 1], c.attn.embed)) {
      fail('attention-embed-dim', `Transformer: the feature number of src and tgt must be equal to d_model = ${c.attn.embed} (src ${formatShape(src)}, tgt ${formatShape(tgt)})`);
    }
    transformerInput('Transformer', c, src, 'src');
    decoderForward('Transformer', c, tgt, src);
    return { output: [...tgt], working: [line('shape', `output = tgt = ${formatShape(tgt)} (the decoder's residual stack; the encoder turns src ${formatShape(src)} into memory)`)] };
  },
  cost: (a, [src, tgt]) => {
    const { c, enc, dec } = readStacks(a);
    const e = times(enc, encoderCost('Transformer', c, src));
    const d = times(dec, decoderCost('Transformer', c, tgt, src));
    return withExactLine({ ...addCosts(e, d), working: [`encoder: ${enc} × ${withSeparators(e.macs / BigInt(Math.max(enc, 1)))} MACs`,
      `decoder: ${dec} × ${withSeparators(d.macs / BigInt(Math.max(dec, 1)))} MACs`] });
  },
  saves: (a, [src, tgt]) => transformerSaves(a, src, tgt),
  receptive: () => ({ kind: 'global', why: 'attention: every position sees every position' }),
};

export const attentionLayers: LayerDef[] = [multiheadAttention, encoderLayer, decoderLayer, transformer];
