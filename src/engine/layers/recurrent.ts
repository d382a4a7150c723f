// Recurrent layers: RNN, LSTM, GRU (PyTorch's RNNBase), and their single steps RNNCell, LSTMCell, GRUCell (at the end).
//
// Notation: T sequence length, B batch (1 when unbatched), H hidden_size, P proj_size (LSTM only, 0 = none),
// R = P or H (the size of h, what each step outputs), D = 2 if bidirectional else 1, G gates per cell
// (RNN 1, GRU 3, LSTM 4), I_l the input size of layer l (input_size for l = 0, D·R above).
//
//   shape   input (T, B, input_size), or (B, T, input_size) with batch_first, or unbatched (T, input_size)
//           output (T, B, D·R)  [(B, T, D·R) with batch_first; (T, D·R) unbatched]
//           h_n    (D·num_layers, B, R)  — never batch-first;  LSTM also c_n (D·num_layers, B, H)
//           RNN and GRU return (output, h_n); LSTM returns (output, (h_n, c_n)). An h_0 given to RNN/GRU as a
//           second input must have h_n's shape (LSTM's (h_0, c_0) tuple is not checked).
//   params  per layer l and direction: weight_ih_l{l} G·H × I_l, weight_hh_l{l} G·H × R,
//           bias_ih_l{l} and bias_hh_l{l} G·H each (with bias), weight_hr_l{l} P × H (with proj_size);
//           the reverse direction's tensors carry the suffix _reverse.
//   cost    MACs = T · B · Σ_l D · (G·H·I_l + G·H·R + P·H)   — the gate matmuls of every step, per direction,
//           per layer, plus the projection (bias and the elementwise gate arithmetic are not MACs).
//           exact, per step and direction:
//             mults = G·H·I_l + G·H·R + P·H                      (the matmuls)  + cell mults
//             adds  = G·H·(I_l − 1) + G·H·(R − 1) + G·H          (the matmuls and W_ih·x + W_hh·h)
//                     + 2·G·H with bias + P·(H − 1)              + cell adds
//             cell  RNN:  H non-linearities (tanh or relu)
//                   LSTM: 5H non-linearities (σ for i, f, o; tanh for g and c), 3H mults (f⊙c, i⊙g, o⊙tanh c), H adds
//                   GRU:  3H non-linearities (σ for r, z; tanh for n), 3H mults (r⊙(W_hn·h + b_hn), (1 − z)⊙n, z⊙h),
//                         2H adds (1 − z and the final sum)
//           every step is counted, including the first one that starts from h_0 = 0, as PyTorch computes it.
import { withSeparators } from '../count';
import { addCosts, describeExact, FREE, ops, type Cost } from '../cost';
import { fail, type EngineDiagnostic, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef, ParamSet, ParamTensor } from '../layer';
import type { SavedTensor } from '../saved';
import { expectEqual } from '../assume';
import { formatDim, formatShape, isKnown, type Dim, type Shape, type ShapeTree } from '../shape';
import { bool, int, num, str, type ArgSpec, type Args } from '../values';
import { dot, line, type WorkingLine } from '../working';

type Mode = 'RNN' | 'LSTM' | 'GRU';
const GATES: Record<Mode, number> = { RNN: 1, GRU: 3, LSTM: 4 };

interface RnnConfig {
  readonly mode: Mode;
  readonly inputSize: number;
  readonly hidden: number;
  readonly layers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly directions: 1 | 2;
  readonly proj: number;
  readonly nonlinearity: 'tanh' | 'relu';
}

// PyTorch order: RNN takes `nonlinearity` only as a keyword (RNN.__init__ pops it from kwargs).
const commonSignature: ArgSpec[] = [
  { name: 'input_size' }, { name: 'hidden_size' }, { name: 'num_layers', default: 1 }, { name: 'bias', default: true },
  { name: 'batch_first', default: false }, { name: 'dropout', default: 0.0 }, { name: 'bidirectional', default: false },
  { name: 'proj_size', default: 0 }, { name: 'device', default: null }, { name: 'dtype', default: null },
];
const rnnSignature: ArgSpec[] = [...commonSignature, { name: 'nonlinearity', default: 'tanh', keywordOnly: true }];

function readRnn(mode: Mode, a: Args): RnnConfig {
  const inputSize = int(a, 'input_size');
  const hidden = int(a, 'hidden_size');
  const layers = int(a, 'num_layers');
  const dropout = num(a, 'dropout');
  const proj = int(a, 'proj_size');
  let nonlinearity: 'tanh' | 'relu' = 'tanh';
  if (mode === 'RNN') {
    const nl = str(a, 'nonlinearity');
    if (nl !== 'tanh' && nl !== 'relu') fail('bad-arguments', `RNN: unknown nonlinearity '${nl}' (use 'tanh' or 'relu')`);
    nonlinearity = nl as 'tanh' | 'relu';
  }
  if (mode !== 'LSTM' && proj !== 0) fail('bad-arguments', `${mode}: proj_size argument is only supported for LSTM, not RNN or GRU`);
  if (inputSize < 0) fail('bad-arguments', `${mode}: input_size must be non-negative, got ${inputSize}`);
  if (hidden <= 0) fail('bad-arguments', `${mode}: hidden_size must be greater than zero, got ${hidden}`);
  if (layers <= 0) fail('bad-arguments', `${mode}: num_layers must be greater than zero, got ${layers}`);
  if (dropout < 0 || dropout > 1) {
    fail('bad-arguments', `${mode}: dropout should be a number in range [0, 1] representing the probability of an element being zeroed, got ${dropout}`);
  }
  if (proj < 0) fail('bad-arguments', `${mode}: proj_size should be a positive integer or zero to disable projections, got ${proj}`);
  if (proj >= hidden) {
    fail('bad-arguments', `${mode}: proj_size has to be smaller than hidden_size: ${proj} ≥ ${hidden}`,
      { arg: 'proj_size', value: Math.max(0, hidden - 1), description: 'use a proj_size below hidden_size' });
  }
  return { mode, inputSize, hidden, layers, bias: bool(a, 'bias'), batchFirst: bool(a, 'batch_first'), dropout,
    directions: bool(a, 'bidirectional') ? 2 : 1, proj, nonlinearity };
}

/** R: the size of h (the projection's output with proj_size, else hidden_size). */
const stateSize = (c: RnnConfig) => (c.proj > 0 ? c.proj : c.hidden);
/** I_l: layer 0 reads the input, every later layer the previous layer's D·R outputs. */
const layerInput = (c: RnnConfig, l: number) => (l === 0 ? c.inputSize : c.directions * stateSize(c));

// ── Parameter rule ──────────────────────────────────────────────────────────────────────────────────────────
function rnnParams(c: RnnConfig): ParamSet {
  const g = GATES[c.mode] * c.hidden;
  const r = stateSize(c);
  const tensors: ParamTensor[] = [];
  const working: WorkingLine[] = [];
  const t = (name: string, shape: number[]) => tensors.push({ name, shape, count: shape.reduce((p, d) => p * BigInt(d), 1n) });
  for (let l = 0; l < c.layers; l++) {
    const inSize = layerInput(c, l);
    for (let d = 0; d < c.directions; d++) {
      const suffix = `_l${l}${d === 1 ? '_reverse' : ''}`;
      t(`weight_ih${suffix}`, [g, inSize]);
      t(`weight_hh${suffix}`, [g, r]);
      if (c.bias) { t(`bias_ih${suffix}`, [g]); t(`bias_hh${suffix}`, [g]); }
      if (c.proj > 0) t(`weight_hr${suffix}`, [c.proj, c.hidden]);
    }
    const perDirection = g * (inSize + r) + (c.bias ? 2 * g : 0) + c.proj * c.hidden;
    const gates = `${GATES[c.mode]}·${c.hidden}`;
    const rule = `${gates}·(${inSize} + ${r})${c.bias ? ` + 2·${gates}` : ''}${c.proj > 0 ? ` + ${dot(c.proj, c.hidden)}` : ''}`;
    working.push(line(`layer ${l}`, `${c.directions === 2 ? `2 · (${rule})` : rule} = ${withSeparators(perDirection * c.directions)}`));
  }
  const total = tensors.reduce((s, x) => s + x.count, 0n);
  working.push(line('params', `${c.layers} layer${c.layers === 1 ? '' : 's'}${c.directions === 2 ? ' × 2 directions' : ''} = ${withSeparators(total)}`));
  return { tensors, working };
}

// ── Shape rule ─────────────────────────────────────────────────────────────────────────────────────────────
function rnnForward(c: RnnConfig, x: Shape, h0?: Shape): Forward {
  const owner = c.mode;
  if (x.length !== 2 && x.length !== 3) {
    fail('wrong-rank', `${owner}: expected a 2-D (unbatched (T, input_size)) or 3-D (batched) input, got ${x.length}-D input ${formatShape(x)}`);
  }
  const features = x[x.length - 1];
  if (!isKnown(features)) expectEqual(undefined, features, c.inputSize, { source: "the input's last dimension", requiredBy: `${owner}(input_size=${c.inputSize})` },
    () => fail('rnn-input-size', `${owner}: input.size(-1) must be equal to input_size: expected ${c.inputSize}, got ${formatDim(features)}`));
  if (isKnown(features) && features !== c.inputSize) {
    fail('rnn-input-size', `${owner}: input.size(-1) must be equal to input_size: expected ${c.inputSize}, got ${features} (input ${formatShape(x)})`,
      { arg: 'input_size', value: features, description: `set input_size to ${features}` });
  }
  const batched = x.length === 3;
  const seq: Dim = batched && c.batchFirst ? x[1] : x[0];
  const batch: Dim | null = batched ? (c.batchFirst ? x[0] : x[1]) : null;
  const r = stateSize(c);
  const outFeatures = c.directions * r;
  const stacked = c.directions * c.layers;
  const withBatch = (...rest: Dim[]): Shape => (batch === null ? rest : [rest[0], batch, ...rest.slice(1)]);
  const output: Shape = batch === null ? [seq, outFeatures] : c.batchFirst ? [batch, seq, outFeatures] : [seq, batch, outFeatures];
  const hN = withBatch(stacked, r);
  const result: ShapeTree = c.mode === 'LSTM' ? { tuple: [output, { tuple: [hN, withBatch(stacked, c.hidden)] }] } : { tuple: [output, hN] };
  const rText = c.proj > 0 ? `proj_size ${c.proj}` : `hidden_size ${c.hidden}`;
  const working = [
    line('output', `${batched ? (c.batchFirst ? '(B, T, D·R)' : '(T, B, D·R)') : '(T, D·R)'} with D·R = ${c.directions}·${r} (${rText}) = ${formatShape(output)}`),
    line('h_n', `(D·num_layers${batched ? ', B' : ''}, R) = (${c.directions}·${c.layers}${batched ? `, ${formatDim(batch!)}` : ''}, ${r}) = ${formatShape(hN)}`),
  ];
  if (c.mode === 'LSTM') working.push(line('c_n', `(D·num_layers${batched ? ', B' : ''}, hidden_size) = ${formatShape(withBatch(stacked, c.hidden))}`));
  // An explicit h_0 (RNN, GRU) must have h_n's shape.
  if (h0 && (h0.length !== hN.length || h0.some((d, i) => isKnown(d) && isKnown(hN[i]) && d !== hN[i]))) {
    fail('rnn-hidden-shape', `${owner}: expected hidden size ${formatShape(hN)} (D·num_layers${batched ? ', B' : ''}, R), got h_0 ${formatShape(h0)}`);
  }
  const warnings: EngineDiagnostic[] = [];
  if (c.dropout > 0 && c.layers === 1) {
    warnings.push({ severity: 'warning', code: 'rnn-dropout', message: `${owner}: dropout=${c.dropout} has no effect with num_layers=1 ` +
      '(dropout is applied after every recurrent layer but the last)' });
  }
  return { output: result, working, warnings };
}

// ── Cost rule ──────────────────────────────────────────────────────────────────────────────────────────────
/** Cell arithmetic per step and direction, beyond the matmuls: [non-linearities, mults, adds]. */
function cellOps(c: RnnConfig): [number, number, number] {
  const h = c.hidden;
  if (c.mode === 'LSTM') return [5 * h, 3 * h, h];
  if (c.mode === 'GRU') return [3 * h, 3 * h, 2 * h];
  return [h, 0, 0];
}

function rnnCost(c: RnnConfig, x: Shape): Cost {
  const batched = x.length === 3;
  const seq = batched && c.batchFirst ? x[1] : x[0];
  const batch = batched ? (c.batchFirst ? x[0] : x[1]) : 1;
  if (!isKnown(seq) || !isKnown(batch)) throw new UnknownValueError(`${c.mode}: cost unknown, the sequence length or batch is symbolic`);
  const steps = BigInt(seq) * BigInt(batch); // T·B cell evaluations per layer and direction
  const g = GATES[c.mode] * c.hidden;
  const r = stateSize(c);
  const [cellOther, cellMul, cellAdd] = cellOps(c);
  let total: Cost = FREE;
  for (let l = 0; l < c.layers; l++) {
    const inSize = layerInput(c, l);
    const perStepMacs = g * inSize + g * r + c.proj * c.hidden;
    const perStepAdds = g * (inSize - 1) + g * (r - 1) + g + (c.bias ? 2 * g : 0) + (c.proj > 0 ? c.proj * (c.hidden - 1) : 0);
    const k = steps * BigInt(c.directions);
    const macs = k * BigInt(perStepMacs);
    const exact = ops({ mul: k * BigInt(perStepMacs + cellMul), add: k * BigInt(perStepAdds + cellAdd), other: k * BigInt(cellOther) });
    const gates = `${GATES[c.mode]}·${c.hidden}`;
    const perStep = `${gates}·${inSize} + ${gates}·${r}${c.proj > 0 ? ` + ${dot(c.proj, c.hidden)}` : ''}`;
    const layerCost: Cost = { macs, exact, working: [
      `layer ${l}: MACs = T·B·D · (G·H·I + G·H·R${c.proj > 0 ? ' + P·H' : ''}) = ${dot(seq, batch, c.directions)} · (${perStep}) = ${withSeparators(macs)}`,
    ] };
    total = addCosts(total, layerCost);
  }
  const cell = c.mode === 'LSTM' ? 'per step 5H σ/tanh, 3H mults, H adds' : c.mode === 'GRU' ? 'per step 3H σ/tanh, 3H mults, 2H adds' : `per step H ${c.nonlinearity}`;
  return { ...total, working: [...total.working, `MACs total = ${withSeparators(total.macs)}`,
    `exact (matmuls, bias and sum adds, cell arithmetic: ${cell}): ${describeExact(total.exact)}`] };
}

// ── Saved for backward ─────────────────────────────────────────────────────────────────────────────────────
// PyTorch's CPU kernels (at::lstm/gru/rnn_tanh, measured with saved_tensors_hooks; cuDNN keeps an opaque workspace
// instead) project the whole sequence through W_ih first, keeping each layer's input (a batch_first input is seen
// transposed, and its projection copies it), then step through time. Per layer, direction and step, an LSTM keeps its
// 4H gates and three H-vectors (h, c and tanh(c′)), a GRU its 3H hidden gates and four H-vectors, an Elman RNN its
// new state; the zero initial states (num_layers·D, B, H) are made once (LSTM: h and c). Between layers, the
// previous layer's output (with dropout: the dropped output and the mask). An h_0 passed in is taken as not given.
// `reused`: how many of a step's vectors are the previous step's state (the first step's are the zeros); an Elman
// RNN's state is its output, which its own tanh/relu keeps, so none is extra.
const PER_STEP: Record<Mode, { gates: number; vectors: number; states: number; reused: number }> = {
  LSTM: { gates: 4, vectors: 3, states: 2, reused: 2 }, GRU: { gates: 3, vectors: 4, states: 1, reused: 1 },
  RNN: { gates: 0, vectors: 1, states: 1, reused: 0 },
};

function rnnSaves(c: RnnConfig, x: Shape): SavedTensor[] {
  if (c.proj > 0) throw new UnknownValueError(`${c.mode}: the saved tensors with proj_size are not modelled`);
  const batched = x.length === 3;
  const dims = [batched && c.batchFirst ? x[1] : x[0], batched ? (c.batchFirst ? x[0] : x[1]) : 1];
  if (!dims.every(isKnown)) throw new UnknownValueError(`${c.mode}: the saved tensors depend on a symbolic size`);
  const [T, B] = (dims as number[]).map(BigInt);
  const H = BigInt(c.hidden);
  const D = BigInt(c.directions);
  const p = PER_STEP[c.mode];
  const act = (made: string, numel: bigint): SavedTensor => ({ made, numel, element: 'act' });
  const saved: SavedTensor[] = c.batchFirst && batched
    ? Array.from({ length: c.directions }, (_v, d) => act(`input, transposed and copied${c.directions === 2 ? ` (direction ${d})` : ''}`, T * B * BigInt(c.inputSize)))
    : [{ input: 0, when: ['params'] }];
  for (let s = 0; s < p.states; s++) saved.push(act(s === 0 ? 'h_0 (zeros)' : 'c_0 (zeros)', BigInt(c.layers) * D * B * H));
  // the first step's h (and c) are the zeros above
  const vectors = T * BigInt(p.vectors) - BigInt(p.reused);
  for (let l = 0; l < c.layers; l++) {
    if (l > 0) {
      saved.push(act(`layer ${l - 1}'s output`, T * B * D * H));
      if (c.dropout > 0) saved.push({ made: `dropout mask after layer ${l - 1}`, numel: T * B * D * H, element: 'mask' });
    }
    for (let d = 0; d < c.directions; d++) {
      const where = `layer ${l}${c.directions === 2 ? `, direction ${d}` : ''}`;
      if (p.gates) saved.push(act(`${where}: gates, every step`, T * B * BigInt(p.gates) * H));
      saved.push(act(`${where}: state vectors, every step`, vectors * B * H));
    }
  }
  return saved;
}

/** One step: the input, the gates, the zero state (LSTMCell uses one zeros tensor for h and c), the cell's vectors. */
function cellSaves(c: RnnConfig, x: Shape): SavedTensor[] {
  const B = x.length === 2 ? x[0] : 1;
  if (!isKnown(B)) throw new UnknownValueError(`${c.mode}Cell: the saved tensors depend on a symbolic batch`);
  const bh = BigInt(B) * BigInt(c.hidden);
  const act = (made: string, numel: bigint): SavedTensor => ({ made, numel, element: 'act' });
  const saved: SavedTensor[] = [{ input: 0, when: ['params'] }, act('hx (zeros)', bh)];
  if (c.mode === 'LSTM') saved.push(act('gates', 4n * bh), act('tanh(c′)', bh));
  if (c.mode === 'GRU') saved.push(act('hidden gates', 3n * bh), act('gate vectors', 3n * bh));
  if (c.mode === 'RNN') saved.push({ output: 0 });
  return saved;
}

function recurrent(mode: Mode, summary: string): LayerDef {
  return {
    type: mode, kind: 'module', summary, signature: mode === 'RNN' ? rnnSignature : commonSignature,
    validate: (a) => void readRnn(mode, a),
    params: (a) => rnnParams(readRnn(mode, a)),
    forward: (a, [x, h0]) => rnnForward(readRnn(mode, a), x, mode === 'LSTM' ? undefined : h0),
    cost: (a, [x]) => rnnCost(readRnn(mode, a), x),
    saves: (a, [x]) => rnnSaves(readRnn(mode, a), x),
  };
}

// ══ RNNCell, LSTMCell, GRUCell: one step of one layer ═════════════════════════════════════════════════════════
//   shape   input (B, input_size) or unbatched (input_size) → h' (B, H) or (H); LSTMCell → (h', c'), both that shape.
//           An hx given to RNNCell/GRUCell must be (B, H) ((H) unbatched).
//   params  weight_ih G·H × input_size, weight_hh G·H × H, bias_ih and bias_hh G·H each (with bias)
//   cost    the recurrent layers' rule for one time step: MACs = B · (G·H·input_size + G·H·H), exact as above.
const cellSignature = (mode: Mode): ArgSpec[] => [
  { name: 'input_size' }, { name: 'hidden_size' }, { name: 'bias', default: true },
  ...(mode === 'RNN' ? [{ name: 'nonlinearity', default: 'tanh' }] : []), { name: 'device', default: null }, { name: 'dtype', default: null },
];

/** A cell is a one-layer, one-direction recurrent layer without projection. */
function readCell(mode: Mode, a: Args): RnnConfig {
  const inputSize = int(a, 'input_size');
  const hidden = int(a, 'hidden_size');
  let nonlinearity: 'tanh' | 'relu' = 'tanh';
  if (mode === 'RNN') {
    const nl = str(a, 'nonlinearity');
    if (nl !== 'tanh' && nl !== 'relu') fail('bad-arguments', `RNNCell: unknown nonlinearity: ${nl} (use 'tanh' or 'relu')`);
    nonlinearity = nl as 'tanh' | 'relu';
  }
  if (inputSize < 0 || hidden < 0) fail('bad-arguments', `${mode}Cell: input_size and hidden_size must be non-negative, got ${inputSize} and ${hidden}`);
  return { mode, inputSize, hidden, layers: 1, bias: bool(a, 'bias'), batchFirst: false, dropout: 0, directions: 1, proj: 0, nonlinearity };
}

function cellParams(c: RnnConfig): ParamSet {
  const g = GATES[c.mode] * c.hidden;
  const shapes: [string, number[]][] = [['weight_ih', [g, c.inputSize]], ['weight_hh', [g, c.hidden]],
    ...(c.bias ? [['bias_ih', [g]], ['bias_hh', [g]]] as [string, number[]][] : [])];
  const tensors = shapes.map(([name, shape]) => ({ name, shape, count: shape.reduce((p, d) => p * BigInt(d), 1n) }));
  const gates = `${GATES[c.mode]}·${c.hidden}`;
  const total = tensors.reduce((s, t) => s + t.count, 0n);
  return { tensors, working: [line('params', `${gates}·(${c.inputSize} + ${c.hidden})${c.bias ? ` + 2·${gates}` : ''} = ${withSeparators(total)}`)] };
}

function cellForward(c: RnnConfig, x: Shape, hx?: Shape): Forward {
  const owner = `${c.mode}Cell`;
  if (x.length !== 1 && x.length !== 2) fail('wrong-rank', `${owner}: expected input to be 1-D or 2-D but received ${x.length}-D tensor ${formatShape(x)}`);
  const features = x[x.length - 1];
  if (!isKnown(features)) expectEqual(undefined, features, c.inputSize, { source: "the input's last dimension", requiredBy: `${owner}(input_size=${c.inputSize})` },
    () => fail('rnn-input-size', `${owner}: input has inconsistent input_size: got ${formatDim(features)} expected ${c.inputSize}`));
  if (isKnown(features) && features !== c.inputSize) {
    fail('rnn-input-size', `${owner}: input has inconsistent input_size: got ${features} expected ${c.inputSize} (input ${formatShape(x)})`,
      { arg: 'input_size', value: features, description: `set input_size to ${features}` });
  }
  const h: Shape = x.length === 2 ? [x[0], c.hidden] : [c.hidden];
  if (hx) {
    const hb = hx.length === 2 ? hx[0] : 1;
    const xb = x.length === 2 ? x[0] : 1;
    if (hx.length !== x.length) fail('rnn-hidden-shape', `${owner}: hx ${formatShape(hx)} must be ${x.length}-D like the input ${formatShape(x)}`);
    if (isKnown(hb) && isKnown(xb) && hb !== xb) fail('rnn-hidden-shape', `${owner}: input batch size ${xb} doesn't match hidden batch size ${hb}`);
    const hs = hx[hx.length - 1];
    if (isKnown(hs) && hs !== c.hidden) fail('rnn-hidden-shape', `${owner}: hidden has inconsistent hidden_size: got ${hs}, expected ${c.hidden}`);
  }
  const text = `${x.length === 2 ? '(B, hidden_size)' : '(hidden_size,)'} = ${formatShape(h)}`;
  if (c.mode === 'LSTM') return { output: { tuple: [h, [...h]] }, working: [line('h′, c′', text)] };
  return { output: h, working: [line('h′', text)] };
}

function cellCost(c: RnnConfig, x: Shape): Cost {
  const batch = x.length === 2 ? x[0] : 1;
  if (!isKnown(batch)) throw new UnknownValueError(`${c.mode}Cell: cost unknown, the batch is symbolic`);
  const step = rnnCost(c, [1, batch, c.inputSize]);
  const gates = `${GATES[c.mode]}·${c.hidden}`;
  return { ...step, working: [`MACs = B · (G·H·input_size + G·H·H) = ${batch} · (${gates}·${c.inputSize} + ${gates}·${c.hidden}) = ${withSeparators(step.macs)}`,
    ...step.working.slice(-1)] };
}

function cell(mode: Mode, summary: string): LayerDef {
  const type = `${mode}Cell`;
  return {
    type, kind: 'module', summary, signature: cellSignature(mode),
    validate: (a) => void readCell(mode, a),
    params: (a) => cellParams(readCell(mode, a)),
    forward: (a, [x, hx]) => cellForward(readCell(mode, a), x, mode === 'LSTM' ? undefined : hx),
    cost: (a, [x]) => cellCost(readCell(mode, a), x),
    saves: (a, [x]) => cellSaves(readCell(mode, a), x),
  };
}

export const recurrentLayers: LayerDef[] = [
  cell('RNN', 'one step of an Elman RNN: h′ = tanh(W_ih·x + W_hh·h + b)'),
  cell('LSTM', 'one step of an LSTM: (h′, c′) from 4 gates'),
  cell('GRU', 'one step of a GRU: h′ from 3 gates'),
  recurrent('RNN', 'Elman RNN: h_t = tanh(W_ih·x_t + W_hh·h_{t−1} + b)'),
  recurrent('LSTM', 'long short-term memory: 4 gates per cell'),
  recurrent('GRU', 'gated recurrent unit: 3 gates per cell'),
];
