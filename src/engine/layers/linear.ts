// Fully connected layers: Linear, LazyLinear, Bilinear, Identity, and F.linear.
//
// Linear   y = x·Wᵀ + b over the last dimension; any leading dimensions are carried along
//   shape   (*, in_features) → (*, out_features)
//   params  out_features · (in_features + 1)                                    (+1 only with bias)
//   cost    MACs = out_numel · in_features
//           exact: mults = MACs, adds = out_numel · (in_features − 1) (+ out_numel with bias)
//
// Bilinear y_k = x1ᵀ·W_k·x2 + b_k
//   shape   (*, in1), (*, in2) → (*, out_features)   (the leading dimensions must be equal, no broadcasting)
//   params  out_features · (in1 · in2 + 1)                                       (+1 only with bias)
//   cost    MACs = out_numel · in1 · in2
//           exact: per output, t_i = Σ_j W_kij·x2_j then Σ_i x1_i·t_i:
//           mults = out_numel · in1 · (in2 + 1), adds = out_numel · (in1·in2 − 1) (+ out_numel with bias)
//
// Identity passes its input through: no parameters, no cost, whatever arguments it is given.
//
// Saved for backward: the input (for the weight's gradient; Bilinear both inputs). Receptive field: a Linear over the
// features of a flattened or pooled map sees every position they came from; over a channels-last axis it keeps it.
import { product, withSeparators } from '../count';
import { FREE, ops, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import { needEqual } from '../assume';
import type { EvalContext, Forward, LayerDef, ParamSet } from '../layer';
import type { ReceptiveRule } from '../receptive';
import { savesInputForWeight, savesOperands } from '../saved';
import { formatDim, formatShape, isKnown, numel, sameDim, type Shape } from '../shape';
import { bool, int, type ArgSpec, type Args } from '../values';
import { dims, dot, line } from '../working';

const linearSignature: ArgSpec[] = [
  { name: 'in_features' }, { name: 'out_features' }, { name: 'bias', default: true },
  { name: 'device', default: null }, { name: 'dtype', default: null },
];

export interface LinearConfig {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly bias: boolean;
}

export function readLinear(owner: string, a: Args): LinearConfig {
  const inFeatures = int(a, 'in_features');
  const outFeatures = int(a, 'out_features');
  if (inFeatures < 0 || outFeatures < 0) {
    fail('bad-features', `${owner}: features must be non-negative, got in_features=${inFeatures}, out_features=${outFeatures}`);
  }
  return { inFeatures, outFeatures, bias: bool(a, 'bias') };
}

// ── Parameter rule ──────────────────────────────────────────────────────────────────────────────────────────
export function linearParams(c: LinearConfig): ParamSet {
  const tensors = [{ name: 'weight', shape: [c.outFeatures, c.inFeatures], count: product([c.outFeatures, c.inFeatures]) }];
  if (c.bias) tensors.push({ name: 'bias', shape: [c.outFeatures], count: BigInt(c.outFeatures) });
  const total = tensors.reduce((s, t) => s + t.count, 0n);
  const rule = c.bias ? `${c.outFeatures} · (${c.inFeatures} + 1)` : `${c.outFeatures} · ${c.inFeatures}`;
  return { tensors, working: [line('params', `${rule} = ${withSeparators(total)}`)] };
}

// ── Shape rule ──────────────────────────────────────────────────────────────────────────────────────────────
/** `fixable`: in_features is a constructor argument the editor can change (not so for F.linear's weight). */
export function linearForward(owner: string, c: LinearConfig, input: Shape, fixable = true, ctx: EvalContext = { strict: false }): Forward {
  if (input.length === 0) {
    fail('wrong-rank', `${owner} needs an input with at least 1 dimension (the features), got a 0-D scalar`);
  }
  const last = input[input.length - 1];
  // A symbolic last dimension (a flatten of symbolic sizes) must come out as in_features: a constraint on the input.
  if (!isKnown(last)) needEqual(ctx, last, c.inFeatures, { source: "the input's last dimension", requiredBy: `${owner}(in_features=${c.inFeatures})` },
    () => fail('linear-in-features', `${owner} expects in_features = ${c.inFeatures} but the input's last dimension is ${formatDim(last)} ` +
      `(input ${formatShape(input)})`));
  if (isKnown(last) && last !== c.inFeatures) {
    const rows = numel(input.slice(0, -1));
    const mat = rows === undefined ? '' : `; mat1 ${rows}×${last} cannot be multiplied with weightᵀ ${c.inFeatures}×${c.outFeatures}`;
    fail('linear-in-features', `${owner} expects in_features = ${c.inFeatures} but the input's last dimension is ${last} ` +
      `(input ${formatShape(input)}${mat})`,
      fixable ? { arg: 'in_features', value: last, description: `set in_features to ${last}` } : undefined);
  }
  const output = [...input.slice(0, -1), c.outFeatures];
  return {
    output,
    working: [line('features', `last dimension ${c.inFeatures} → out_features = ${c.outFeatures}` +
      (input.length > 1 ? `; leading ${formatShape(input.slice(0, -1))} kept` : ''))],
  };
}

// ── Cost rule ───────────────────────────────────────────────────────────────────────────────────────────────
export function linearCost(c: LinearConfig, output: Shape): Cost {
  const outNumel = numel(output);
  if (outNumel === undefined) throw new UnknownValueError('cost unknown: the output size is symbolic');
  const inF = BigInt(c.inFeatures);
  const macs = outNumel * inF;
  const adds = outNumel * (inF > 0n ? inF - 1n : 0n) + (c.bias ? outNumel : 0n);
  const outText = output.length === 0 ? '1' : dot(...output.map(Number));
  return {
    macs,
    exact: ops({ mul: macs, add: adds }),
    working: [
      `MACs = out_numel · in_features = ${outText} · ${c.inFeatures} = ${withSeparators(macs)}`,
      `mults = ${withSeparators(macs)}; adds = ${outText} · (${c.inFeatures} − 1)${c.bias ? ` + ${outText} (bias)` : ''} = ${withSeparators(adds)}`,
    ],
  };
}

/** (N, features): every feature, so every position a flattened map had; (*, L, features): position by position. */
const linearField = (_a: Args, [x]: readonly Shape[]): ReceptiveRule => (x && x.length <= 2
  ? { kind: 'global', why: 'a Linear over all the features sees every position they came from' } : { kind: 'keep' });

const linear: LayerDef = {
  type: 'Linear', kind: 'module', summary: 'fully connected layer', signature: linearSignature,
  validate: (a) => void readLinear('Linear', a),
  params: (a) => linearParams(readLinear('Linear', a)),
  forward: (a, [x], ctx) => linearForward('Linear', readLinear('Linear', a), x, true, ctx),
  cost: (a, _inputs, out) => linearCost(readLinear('Linear', a), out as Shape),
  saves: savesInputForWeight,
  receptive: linearField,
};

// LazyLinear(out_features, bias=True): in_features is the input's last dimension.
function readLazyLinear(a: Args, inputs: readonly Shape[] | undefined): LinearConfig {
  if (!inputs || inputs.length === 0) throw new UnknownValueError('LazyLinear: in_features is taken from the input, which is not known');
  const x = inputs[0];
  if (x.length === 0) fail('wrong-rank', 'LazyLinear needs an input with at least 1 dimension (the features), got a 0-D scalar');
  const last = x[x.length - 1];
  if (!isKnown(last)) throw new UnknownValueError("LazyLinear: in_features is the input's last dimension, which is symbolic");
  return readLinear('LazyLinear', { ...a, in_features: last });
}

const lazyLinear: LayerDef = {
  type: 'LazyLinear', kind: 'module', summary: 'fully connected layer, in_features from the input', signature: linearSignature.slice(1),
  validate: (a) => void readLinear('LazyLinear', { ...a, in_features: 0 }),
  params: (a, inputs) => linearParams(readLazyLinear(a, inputs)),
  forward: (a, inputs) => linearForward('LazyLinear', readLazyLinear(a, inputs), inputs[0]),
  cost: (a, inputs, out) => linearCost(readLazyLinear(a, inputs), out as Shape),
  saves: savesInputForWeight,
  receptive: linearField,
};

// ══ Bilinear(in1_features, in2_features, out_features, bias=True) ═══════════════════════════════════════════
export interface BilinearConfig {
  readonly in1: number;
  readonly in2: number;
  readonly out: number;
  readonly bias: boolean;
}

function readBilinear(a: Args): BilinearConfig {
  const c = { in1: int(a, 'in1_features'), in2: int(a, 'in2_features'), out: int(a, 'out_features'), bias: bool(a, 'bias') };
  if (c.in1 < 0 || c.in2 < 0 || c.out < 0) fail('bad-features', `Bilinear: features must be non-negative, got ${c.in1}, ${c.in2}, ${c.out}`);
  return c;
}

function bilinearParams(c: BilinearConfig): ParamSet {
  const tensors = [{ name: 'weight', shape: [c.out, c.in1, c.in2], count: product([c.out, c.in1, c.in2]) }];
  if (c.bias) tensors.push({ name: 'bias', shape: [c.out], count: BigInt(c.out) });
  const total = tensors.reduce((s, t) => s + t.count, 0n);
  const rule = c.bias ? `${c.out} · (${c.in1}·${c.in2} + 1)` : `${c.out} · ${c.in1}·${c.in2}`;
  return { tensors, working: [line('params', `${rule} = ${withSeparators(total)}`)] };
}

export function bilinearForward(c: BilinearConfig, x1: Shape, x2: Shape): Forward {
  if (!x1 || !x2) return fail('bad-arguments', 'Bilinear takes two inputs: forward(input1, input2)');
  if (x1.length === 0 || x2.length === 0) fail('wrong-rank', `Bilinear needs inputs with at least 1 dimension, got ${formatShape(x1)} and ${formatShape(x2)}`);
  if (x1.length !== x2.length) {
    fail('bilinear-rank', `Bilinear: the inputs must have the same number of dimensions: ${formatShape(x1)} has ${x1.length}, ${formatShape(x2)} has ${x2.length}`);
  }
  for (let i = 0; i < x1.length - 1; i++) {
    if (isKnown(x1[i]) && isKnown(x2[i]) && x1[i] !== x2[i]) {
      fail('bilinear-batch', `Bilinear: the inputs' leading dimensions must be equal (no broadcasting): dim ${i} is ${x1[i]} and ${x2[i]}`);
    }
    if (!sameDim(x1[i], x2[i])) throw new UnknownValueError(`Bilinear: cannot tell whether dim ${i} of the two inputs is equal`);
  }
  const [f1, f2] = [x1[x1.length - 1], x2[x2.length - 1]];
  if (!isKnown(f1) || !isKnown(f2)) throw new UnknownValueError("Bilinear: an input's last dimension (features) is symbolic");
  if (f1 !== c.in1) {
    fail('linear-in-features', `Bilinear expects in1_features = ${c.in1} but input1's last dimension is ${f1} (input1 ${formatShape(x1)})`,
      { arg: 'in1_features', value: f1, description: `set in1_features to ${f1}` });
  }
  if (f2 !== c.in2) {
    fail('linear-in-features', `Bilinear expects in2_features = ${c.in2} but input2's last dimension is ${f2} (input2 ${formatShape(x2)})`,
      { arg: 'in2_features', value: f2, description: `set in2_features to ${f2}` });
  }
  return {
    output: [...x1.slice(0, -1), c.out],
    working: [line('features', `(${c.in1}, ${c.in2}) → out_features = ${c.out}`)],
  };
}

export function bilinearCost(c: BilinearConfig, output: Shape): Cost {
  const outNumel = numel(output);
  if (outNumel === undefined) throw new UnknownValueError('cost unknown: the output size is symbolic');
  const [in1, in2] = [BigInt(c.in1), BigInt(c.in2)];
  const macs = outNumel * in1 * in2;
  const mults = outNumel * in1 * (in2 + 1n);
  const pairs = in1 * in2;
  const adds = outNumel * (pairs > 0n ? pairs - 1n : 0n) + (c.bias ? outNumel : 0n);
  const outText = dot(...output.map(Number));
  return {
    macs,
    exact: ops({ mul: mults, add: adds }),
    working: [
      `MACs = out_numel · in1 · in2 = ${outText} · ${c.in1}·${c.in2} = ${withSeparators(macs)}`,
      `mults = ${outText} · ${c.in1}·(${c.in2} + 1) = ${withSeparators(mults)}; adds = ${outText} · (${c.in1}·${c.in2} − 1)` +
      `${c.bias ? ` + ${outText} (bias)` : ''} = ${withSeparators(adds)}`,
    ],
  };
}

const bilinear: LayerDef = {
  type: 'Bilinear', kind: 'module', summary: 'bilinear layer x1ᵀ·W·x2 + b', inputs: 2,
  signature: [
    { name: 'in1_features' }, { name: 'in2_features' }, { name: 'out_features' }, { name: 'bias', default: true },
    { name: 'device', default: null }, { name: 'dtype', default: null },
  ],
  validate: (a) => void readBilinear(a),
  params: (a) => bilinearParams(readBilinear(a)),
  forward: (a, [x1, x2]) => bilinearForward(readBilinear(a), x1, x2),
  cost: (a, _inputs, out) => bilinearCost(readBilinear(a), out as Shape),
  saves: () => [{ input: 0 }, { input: 1 }],
};

// ══ Identity(*args, **kwargs) ════════════════════════════════════════════════════════════════════════════════
const identity: LayerDef = {
  type: 'Identity', kind: 'module', summary: 'passes the input through unchanged',
  signature: [{ name: 'args', default: [] }], varargs: 'args', anyKeywords: true,
  params: () => ({ tensors: [], working: [] }),
  forward: (_a, [x]) => ({ output: x, working: [line('shape', `unchanged ${formatShape(x)}`)] }),
  cost: () => FREE,
  saves: () => [],
  view: () => 'view',
  receptive: () => ({ kind: 'keep' }),
};

// ══ F.linear(input, weight, bias=None) ═══════════════════════════════════════════════════════════════════════
// The weight is [out_features, in_features] (or 1-D [in_features]: a dot product that drops the last dimension).
function readLinearFunction(inputs: readonly Shape[]): { config: LinearConfig; vectorWeight: boolean } {
  const [, weight, bias] = inputs;
  if (!weight) return fail('bad-arguments', "F.linear() missing required argument 'weight'");
  if (weight.length === 0 || weight.length > 2) {
    fail('bad-weight', `F.linear: weight must be 2-D [out_features, in_features] (or 1-D), got ${weight.length}-D ${formatShape(weight)}`);
  }
  if (!weight.every(isKnown)) throw new UnknownValueError("F.linear: the weight's size is symbolic");
  const w = weight as number[];
  const vectorWeight = w.length === 1;
  const config = { inFeatures: w[w.length - 1], outFeatures: vectorWeight ? 1 : w[0], bias: bias !== undefined };
  if (bias) {
    const count = numel(bias);
    // The bias is added with broadcasting: [out_features] or a single element.
    const fits = bias.length <= 1 && (count === 1n || (!vectorWeight && count === BigInt(config.outFeatures)));
    if (!fits && count !== undefined) {
      fail('bad-bias', `F.linear: the bias ${formatShape(bias)} does not broadcast to out_features = ${config.outFeatures} (weight ${formatShape(weight)})`);
    }
  }
  return { config, vectorWeight };
}

const linearFunction: LayerDef = {
  type: 'F.linear', kind: 'function', summary: 'y = x·Wᵀ + b with a given weight',
  // input, weight and an optional bias: forward takes [input, weight] or [input, weight, bias].
  inputs: 3, tensorNames: ['input', 'weight', 'bias?'], signature: [],
  params: () => ({ tensors: [], working: [] }),
  forward: (_a, inputs) => {
    const { config, vectorWeight } = readLinearFunction(inputs);
    const fwd = linearForward('F.linear', config, inputs[0], false);
    if (!vectorWeight) return fwd;
    return { output: inputs[0].slice(0, -1), working: [line('features', `1-D weight ${dims([config.inFeatures])}: the last dimension is reduced away`)] };
  },
  cost: (_a, inputs, out) => linearCost(readLinearFunction(inputs).config, out as Shape),
  saves: savesOperands,
  receptive: linearField,
};

export const linearLayers: LayerDef[] = [linear, lazyLinear, bilinear, identity, linearFunction];
