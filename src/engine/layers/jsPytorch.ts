// js-pytorch's own layers (https://github.com/eduardoleao052/js-pytorch, src/layers.ts, version 0.7.2), as that
// library defines them; a TypeScript file that imports js-pytorch builds these (docs/typescript.md says when).
// Where js-pytorch differs from PyTorch, the rule follows js-pytorch's source, checked by running it:
//
//   Linear(in_size, out_size, device='cpu', bias=true, xavier=true)
//            W (in_size, out_size) and b (out_size) — b is created even with bias=false (it is then not added, but
//            model.parameters() still returns it); (…, in_size) → (…, out_size), at least 2 dims
//   Embedding(in_size, embed_size)
//            E (in_size, embed_size); the input is read as (B, T, …) with B·T entries (B, T) or (B, T, 1) → (B, T, E)
//   PositionalEmbedding(input_size, embed_size)
//            E (input_size, embed_size); (B, T, …) → the T first rows of E, (T, E) — no batch dim (the docs' example
//            says (B, T, E); the source returns (T, E), which broadcasts when added to the token embeddings). T must
//            not exceed input_size
//   MultiHeadSelfAttention(in_size, out_size, n_heads, n_timesteps, dropout_prob=0, device='cpu')
//            Wk, Wq, Wv: Linear(in_size, in_size); residual_proj: Linear(in_size, out_size); a causal mask of
//            (n_timesteps, n_timesteps), not a parameter; (B, T, in_size) → (B, T, out_size) with T = n_timesteps
//            (the mask is not broadcast to another length); in_size divisible by n_heads
//   FullyConnected(in_size, out_size, dropout_prob=0, device='cpu', bias=true)
//            l1: Linear(in_size, 2·in_size), ReLU, l2: Linear(2·in_size, out_size), Dropout (the docs say 4·in_size;
//            the source, 2·in_size); (…, in_size) → (…, out_size)
//   Block(in_size, out_size, n_heads, n_timesteps, dropout_prob=0, device='cpu')
//            x + att(ln1(x)), then z + fcc(ln2(z)): att = MultiHeadSelfAttention(in_size, in_size, …), ln1 =
//            LayerNorm(in_size), fcc = FullyConnected(in_size, out_size), ln2 = LayerNorm(out_size); the residual adds
//            need out_size = in_size
//   CrossEntropyLoss(), MSELoss()
//            forward(z, y): z (…, C) flattened to (B, C); y holds B class indices (cross entropy) or z's entries
//            (MSE); the loss has shape (1,)
//
//   cost     MACs of the products: Linear out_numel · in_size; attention 3·B·T·D² (k, q, v) + 2·B·T²·D (q·kᵀ and
//            att·v) + B·T·D·out_size (the projection); FullyConnected N·in·2in + N·2in·out (N rows)
import { product, withSeparators } from '../count';
import { FREE, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef, ParamSet, ParamTensor } from '../layer';
import { formatDim, formatShape, isKnown, numel, type Dim, type Shape } from '../shape';
import { int, type ArgSpec, type Args } from '../values';
import { line } from '../working';

const JS = 'js-pytorch.';
const device: ArgSpec = { name: 'device', default: 'cpu' };
const dropout: ArgSpec = { name: 'dropout_prob', default: 0 };

const tensor = (name: string, shape: number[]): ParamTensor => ({ name, shape, count: product(shape) });
const paramSet = (tensors: ParamTensor[], rule: string, buffers?: ParamTensor[]): ParamSet => {
  const total = tensors.reduce((s, t) => s + t.count, 0n);
  return { tensors, buffers, working: [line('params', `${rule} = ${withSeparators(total)}`)] };
};
/** A js-pytorch Linear's W and b, under a prefix (`Wk.W`, `Wk.b`). */
const linearTensors = (prefix: string, inSize: number, outSize: number): ParamTensor[] =>
  [tensor(`${prefix}W`, [inSize, outSize]), tensor(`${prefix}b`, [outSize])];

function positive(owner: string, a: Args, ...names: string[]): number[] {
  return names.map((n) => {
    const v = int(a, n);
    if (v < 0) fail('bad-arguments', `${owner}: ${n} must be non-negative, got ${v}`);
    return v;
  });
}

/** (…, in) with at least 2 dims, the last equal to `inSize` (js-pytorch's matmul of a 1-D input is not PyTorch's). */
function lastDim(owner: string, x: Shape, inSize: number, arg: string): void {
  if (x.length < 2) throw new UnknownValueError(`${owner}: js-pytorch's matmul of a ${x.length}-D input is not followed (it is not PyTorch's)`);
  const last = x[x.length - 1];
  if (!isKnown(last)) throw new UnknownValueError(`${owner}: the input's last dimension is symbolic`);
  if (last !== inSize) {
    fail('linear-in-features', `${owner} expects ${arg} = ${inSize} but the input's last dimension is ${last} (input ${formatShape(x)}; ` +
      `js-pytorch: cannot broadcast ${formatShape(x.slice(-2))} and (${inSize}, …) for the matrix multiplication)`,
    { arg, value: last, description: `set ${arg} to ${last}` });
  }
}

const rowsOf = (owner: string, out: Shape): bigint => {
  const n = numel(out.slice(0, -1));
  if (n === undefined) throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
  return n;
};

// ── Linear ──────────────────────────────────────────────────────────────────────────────────────────────────
const linear: LayerDef = {
  type: `${JS}Linear`, kind: 'module', summary: 'js-pytorch\'s Linear: x·W + b with W (in_size, out_size)',
  signature: [{ name: 'in_size' }, { name: 'out_size' }, device, { name: 'bias', default: true }, { name: 'xavier', default: true }],
  params: (a) => {
    const [i, o] = positive('Linear', a, 'in_size', 'out_size');
    return paramSet(linearTensors('', i, o), `${i}·${o} + ${o} (W and b; js-pytorch creates b even with bias=false)`);
  },
  forward: (a, [x]) => {
    const [i, o] = positive('Linear', a, 'in_size', 'out_size');
    lastDim('Linear', x, i, 'in_size');
    const output = [...x.slice(0, -1), o];
    return { output, working: [line('features', `last dimension ${i} → out_size = ${o}; leading ${formatShape(x.slice(0, -1))} kept`)] };
  },
  cost: (a, _x, out) => linearCost('Linear', rowsOf('Linear', out as Shape), [[int(a, 'in_size'), int(a, 'out_size')]]),
};

/** MACs of a chain of products on N rows: Σ N·in·out. */
function linearCost(owner: string, rows: bigint, layers: [number, number][], extra: bigint = 0n, extraWhy = ''): Cost {
  const macs = layers.reduce((s, [i, o]) => s + rows * BigInt(i) * BigInt(o), 0n) + extra;
  const terms = layers.map(([i, o]) => `${withSeparators(rows)}·${i}·${o}`).join(' + ');
  return { macs, exact: { ...FREE.exact, mul: macs, add: macs }, working: [`${owner}: MACs = ${terms}${extraWhy} = ${withSeparators(macs)}`] };
}

// ── Embeddings ──────────────────────────────────────────────────────────────────────────────────────────────
/** (B, T, …) with B·T entries, as js-pytorch's Embedding reshapes its lookup. */
function batchAndTime(owner: string, x: Shape): [Dim, Dim] {
  if (x.length < 2) fail('wrong-rank', `${owner}: js-pytorch reads the input as (B, T, …) and cannot reshape a ${x.length}-D input ${formatShape(x)} to (B, T, embed_size)`);
  const rest = x.slice(2);
  if (rest.some((d) => !isKnown(d))) throw new UnknownValueError(`${owner}: whether ${formatShape(x)} holds B·T entries is not known statically`);
  if (rest.some((d) => d !== 1)) {
    fail('view-numel', `${owner}: js-pytorch reshapes the ${formatShape(x)} lookups to (B, T, embed_size) = (${formatDim(x[0])}, ${formatDim(x[1])}, …): ` +
      `the input must hold B·T indices ((B, T) or (B, T, 1))`);
  }
  return [x[0], x[1]];
}

const embedding: LayerDef = {
  type: `${JS}Embedding`, kind: 'module', summary: 'js-pytorch\'s Embedding: one row of E per index, (B, T) → (B, T, embed_size)',
  signature: [{ name: 'in_size' }, { name: 'embed_size' }],
  params: (a) => {
    const [v, e] = positive('Embedding', a, 'in_size', 'embed_size');
    return paramSet([tensor('E', [v, e])], `${v}·${e}`);
  },
  forward: (a, [x]) => {
    const [b, t] = batchAndTime('Embedding', x);
    const output = [b, t, int(a, 'embed_size')];
    return { output, working: [line('shape', `${formatShape(x)} read as (B, T) = (${formatDim(b)}, ${formatDim(t)}) → ${formatShape(output)}`)] };
  },
  cost: () => FREE,
};

const positional: LayerDef = {
  type: `${JS}PositionalEmbedding`, kind: 'module', summary: 'js-pytorch\'s PositionalEmbedding: the first T rows of E, (T, embed_size)',
  signature: [{ name: 'input_size' }, { name: 'embed_size' }],
  params: (a) => {
    const [n, e] = positive('PositionalEmbedding', a, 'input_size', 'embed_size');
    return paramSet([tensor('E', [n, e])], `${n}·${e}`);
  },
  forward: (a, [x]) => {
    // js-pytorch takes T from the input's second dim; without one, Array(undefined) gives a single position
    const t: Dim = x.length >= 2 ? x[1] : 1;
    const n = int(a, 'input_size');
    if (isKnown(t) && t > n) {
      fail('index-out-of-range', `PositionalEmbedding: the input has T = ${t} positions but input_size = ${n} rows (js-pytorch: the input data is not a number)`,
        { arg: 'input_size', value: t, description: `set input_size to ${t}` });
    }
    const output = [t, int(a, 'embed_size')];
    return { output, working: [line('shape', `T = ${formatDim(t)} positions of the input ${formatShape(x)} → ${formatShape(output)} (no batch dim)`)] };
  },
  cost: () => FREE,
};

// ── Attention, fully connected, block ──────────────────────────────────────────────────────────────────────
interface Attention {
  readonly inSize: number;
  readonly outSize: number;
  readonly heads: number;
  readonly steps: number;
}

function readAttention(owner: string, a: Args, outName = 'out_size'): Attention {
  const [inSize, outSize, heads, steps] = positive(owner, a, 'in_size', outName, 'n_heads', 'n_timesteps');
  if (heads === 0 || inSize % heads !== 0) fail('bad-arguments', `${owner}: Embedding dimension not divisible in equal heads (in_size ${inSize}, n_heads ${heads})`);
  return { inSize, outSize, heads, steps };
}

const attentionTensors = (prefix: string, c: Attention): ParamTensor[] => [
  ...linearTensors(`${prefix}Wk.`, c.inSize, c.inSize), ...linearTensors(`${prefix}Wq.`, c.inSize, c.inSize),
  ...linearTensors(`${prefix}Wv.`, c.inSize, c.inSize), ...linearTensors(`${prefix}residual_proj.`, c.inSize, c.outSize),
];

/** (B, T, in_size) with T = n_timesteps → (B, T, out_size). */
function attentionForward(owner: string, c: Attention, x: Shape): Forward {
  if (x.length !== 3) fail('wrong-rank', `${owner}: js-pytorch reads the input as (B, T, D) and cannot reshape a ${x.length}-D input ${formatShape(x)} into heads`);
  lastDim(owner, x, c.inSize, 'in_size');
  const t = x[1];
  if (isKnown(t) && t !== c.steps) {
    fail('shape-mismatch', `${owner}: the causal mask is ${c.steps}×${c.steps} (n_timesteps) but the input has T = ${t} (js-pytorch: shapes ${c.steps},${c.steps} and ${t},${t} not broadcastable)`,
      { arg: 'n_timesteps', value: t, description: `set n_timesteps to ${t}` });
  }
  const output = [x[0], t, c.outSize];
  return { output, working: [line('shape', `${formatShape(x)}: ${c.heads} heads of ${c.inSize / c.heads} → ${formatShape(output)}`)] };
}

function attentionMacs(owner: string, c: Attention, x: Shape): bigint {
  const [b, t] = [x[0], x[1]];
  if (!isKnown(b) || !isKnown(t)) throw new UnknownValueError(`${owner}: cost unknown, the batch or sequence length is symbolic`);
  const d = BigInt(c.inSize);
  const bt = BigInt(b) * BigInt(t);
  return 3n * bt * d * d + 2n * bt * BigInt(t) * d + bt * d * BigInt(c.outSize);
}

const maskBuffer = (prefix: string, steps: number): ParamTensor => tensor(`${prefix}mask`, [steps, steps]);

const attention: LayerDef = {
  type: `${JS}MultiHeadSelfAttention`, kind: 'module', summary: 'js-pytorch\'s causal multi-head self-attention',
  signature: [{ name: 'in_size' }, { name: 'out_size' }, { name: 'n_heads' }, { name: 'n_timesteps' }, dropout, device],
  validate: (a) => { readAttention('MultiHeadSelfAttention', a); },
  params: (a) => {
    const c = readAttention('MultiHeadSelfAttention', a);
    return paramSet(attentionTensors('', c), `3·(${c.inSize}·${c.inSize} + ${c.inSize}) + ${c.inSize}·${c.outSize} + ${c.outSize}`, [maskBuffer('', c.steps)]);
  },
  forward: (a, [x]) => attentionForward('MultiHeadSelfAttention', readAttention('MultiHeadSelfAttention', a), x),
  cost: (a, [x]) => {
    const c = readAttention('MultiHeadSelfAttention', a);
    const macs = attentionMacs('MultiHeadSelfAttention', c, x);
    return { macs, exact: { ...FREE.exact, mul: macs, add: macs },
      working: [`MACs = 3·B·T·D² + 2·B·T²·D + B·T·D·out = ${withSeparators(macs)} (B·T = ${formatDim(x[0])}·${formatDim(x[1])}, D = ${c.inSize})`] };
  },
};

const fcTensors = (prefix: string, i: number, o: number): ParamTensor[] => [...linearTensors(`${prefix}l1.`, i, 2 * i), ...linearTensors(`${prefix}l2.`, 2 * i, o)];

const fullyConnected: LayerDef = {
  type: `${JS}FullyConnected`, kind: 'module', summary: 'js-pytorch\'s two-layer perceptron: Linear(in, 2·in), ReLU, Linear(2·in, out), Dropout',
  signature: [{ name: 'in_size' }, { name: 'out_size' }, dropout, device, { name: 'bias', default: true }],
  params: (a) => {
    const [i, o] = positive('FullyConnected', a, 'in_size', 'out_size');
    return paramSet(fcTensors('', i, o), `${i}·${2 * i} + ${2 * i} + ${2 * i}·${o} + ${o}`);
  },
  forward: (a, [x]) => {
    const [i, o] = positive('FullyConnected', a, 'in_size', 'out_size');
    lastDim('FullyConnected', x, i, 'in_size');
    const output = [...x.slice(0, -1), o];
    return { output, working: [line('features', `${i} → ${2 * i} → ${o}; leading ${formatShape(x.slice(0, -1))} kept`)] };
  },
  cost: (a, _x, out) => {
    const [i, o] = positive('FullyConnected', a, 'in_size', 'out_size');
    return linearCost('FullyConnected', rowsOf('FullyConnected', out as Shape), [[i, 2 * i], [2 * i, o]]);
  },
};

const block: LayerDef = {
  type: `${JS}Block`, kind: 'module', summary: 'js-pytorch\'s transformer block: x + att(ln1(x)), then + fcc(ln2(·))',
  signature: [{ name: 'in_size' }, { name: 'out_size' }, { name: 'n_heads' }, { name: 'n_timesteps' }, dropout, device],
  validate: (a) => { readAttention('Block', a); },
  params: (a) => {
    const c = readAttention('Block', a);
    const [i, o] = [c.inSize, c.outSize];
    const att = { ...c, outSize: i };
    return paramSet([...attentionTensors('att.', att), tensor('ln1.gamma', [i]), tensor('ln1.beta', [i]), ...fcTensors('fcc.', i, o),
      tensor('ln2.gamma', [o]), tensor('ln2.beta', [o])], `attention ${4 * (i * i + i)} + ln1 ${2 * i} + fcc ${2 * i * i + 2 * i + 2 * i * o + o} + ln2 ${2 * o}`,
    [maskBuffer('att.', c.steps)]);
  },
  forward: (a, [x]) => {
    const c = readAttention('Block', a);
    const f = attentionForward('Block', { ...c, outSize: c.inSize }, x);
    if (c.outSize !== c.inSize) {
      fail('bad-arguments', `Block: out_size ${c.outSize} ≠ in_size ${c.inSize}: js-pytorch adds the fully-connected output (…, ${c.outSize}) to the ` +
        `residual stream (…, ${c.inSize}) and normalizes it with LayerNorm(${c.outSize})`, { arg: 'out_size', value: c.inSize, description: `set out_size to ${c.inSize}` });
    }
    return { output: f.output, working: [...f.working, line('residual', `x + att(ln1(x)), then + fcc(ln2(·)): ${formatShape(f.output as Shape)}`)] };
  },
  cost: (a, [x]) => {
    const c = readAttention('Block', a);
    const att = attentionMacs('Block', { ...c, outSize: c.inSize }, x);
    return linearCost('Block', rowsOf('Block', x), [[c.inSize, 2 * c.inSize], [2 * c.inSize, c.outSize]], att, ` + attention ${withSeparators(att)}`);
  },
};

// ── Losses ──────────────────────────────────────────────────────────────────────────────────────────────────
function lossDef(name: 'CrossEntropyLoss' | 'MSELoss'): LayerDef {
  const owner = name;
  return {
    type: `${JS}${name}`, kind: 'module', inputs: 2, signature: [],
    summary: name === 'CrossEntropyLoss' ? 'js-pytorch\'s cross entropy over the last dim, mean over every other entry' : 'js-pytorch\'s mean squared error',
    params: () => ({ tensors: [], working: [] }),
    forward: (_a, [z, y]) => {
      if (z.length === 0) fail('wrong-rank', `${owner}: the input needs a last dim (the classes or features), got a 0-D tensor`);
      const want = name === 'CrossEntropyLoss' ? numel(z.slice(0, -1)) : numel(z);
      const got = numel(y);
      if (want === undefined || got === undefined) throw new UnknownValueError(`${owner}: the sizes are symbolic`);
      if (want !== got) {
        fail('loss-shape', `${owner}: js-pytorch reshapes the target ${formatShape(y)} (${withSeparators(got)} entries) to ` +
          `${name === 'CrossEntropyLoss' ? `the ${withSeparators(want)} rows of the input` : `the input's ${withSeparators(want)} entries`} ${formatShape(z)}`);
      }
      return { output: [1], working: [line('shape', 'a loss of shape (1,)')] };
    },
    cost: () => FREE,
  };
}

export const jsPytorchLayers: LayerDef[] = [linear, embedding, positional, attention, fullyConnected, block, lossDef('CrossEntropyLoss'), lossDef('MSELoss')];

/** The js-pytorch class names that have a rule of their own (`Linear`, `Block`, …). */
export const JS_PYTORCH_CLASSES: readonly string[] = jsPytorchLayers.map((d) => d.type.slice(JS.length));
