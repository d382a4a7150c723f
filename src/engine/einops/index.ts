// einops (https://einops.rocks): the functions rearrange, repeat, reduce, pack, unpack and einsum, and the layers
// einops.layers.torch.Rearrange, Reduce and EinMix. Axis lengths come by keyword (h=8): the definitions collect them
// with LayerDef.kwargs into '**axes_lengths', a list of [name, value] pairs. The grammar is parse.ts's.
//
//   rearrange(tensor, pattern, **axes_lengths)          shape  transform.ts: the same axes on both sides
//                                                       cost   0 (a view, or a copy)
//   repeat(tensor, pattern, **axes_lengths)             shape  transform.ts: new output axes, their lengths given
//                                                       cost   0 (a broadcast and a copy)
//   reduce(tensor, pattern, reduction, **axes_lengths)  shape  transform.ts: output axes the input has; the rest is
//                                                              reduced. reduction ∈ min max sum mean prod any all (or
//                                                              a callable: the same shape, a cost not known)
//                                                       cost   0 MACs; exact, as torch's reductions count them: n
//                                                              inputs into m outputs make n − m adds (sum), mults
//                                                              (prod), comparisons (max, min); mean adds m divisions;
//                                                              any/all n comparisons; nothing reduced costs 0
//   pack(tensors, pattern) → (packed, ps)               pack.ts   cost 0
//   unpack(tensor, packed_shapes, pattern) → [tensors]  pack.ts   cost 0
//   einsum(*tensors, pattern)                           einsum.ts (the analysis hands the tensors over as one list)
//   Rearrange(pattern, **axes_lengths)                  as rearrange; the pattern is checked when the layer is built
//   Reduce(pattern, reduction, **axes_lengths)          as reduce; likewise
//   EinMix(pattern, weight_shape, bias_shape=None, **axes_lengths)   einmix.ts: parameters, einsum's MACs
//
// A list of tensors given to rearrange/repeat/reduce is stacked first (einops does so): the analysis calls
// torch.stack for it.
import { withSeparators } from '../count';
import { FREE, ops, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { numel, type Shape, type ShapeTree } from '../shape';
import { isUnknown, show, str, type ArgSpec, type Args, type Value } from '../values';
import { einMixCost, einMixForward, einMixParams, readEinMix } from './einmix';
import { einsumCost, einsumShape, parseEinsumPattern } from './einsum';
import { packForward, unpackForward } from './pack';
import { applyPlan, lengthDims, lengthPairs, planTransform, REDUCTIONS, type Operation } from './transform';

export { packedShapes } from './pack';

/** The signature entry that receives the axis lengths given by keyword. */
export const AXES_LENGTHS = '**axes_lengths';
const axesLengths: ArgSpec = { name: AXES_LENGTHS, default: [], keywordOnly: true };
const noParams = () => ({ tensors: [], working: [] });
const free = (why: string) => (): Cost => ({ ...FREE, working: [why] });

// ── rearrange, repeat, reduce ───────────────────────────────────────────────────────────────────────────────────
interface Reduction {
  readonly op: Operation;
  /** The reduction's name; null when it is not known statically (a callable). */
  readonly kind: string | null;
}

function readReduction(owner: string, v: Value): Reduction {
  if (isUnknown(v)) return { op: 'reduce', kind: null };
  if (v === 'rearrange' || v === 'repeat') return { op: v, kind: null }; // reduce accepts their names too
  if (typeof v === 'string' && (REDUCTIONS as readonly string[]).includes(v)) return { op: 'reduce', kind: v };
  return fail('bad-arguments', `${owner}: unknown reduction ${show(v)}. Expect one of (${REDUCTIONS.map((r) => `'${r}'`).join(', ')})`);
}

const reductionOf = (owner: string, op: Operation, a: Args): Reduction => (op === 'reduce' ? readReduction(owner, a.reduction) : { op, kind: null });

/** The plan of a call: the pattern and the names of the keyword lengths. */
function plan(owner: string, op: Operation, a: Args) {
  const r = reductionOf(owner, op, a);
  const pairs = lengthPairs(a[AXES_LENGTHS]);
  const p = planTransform(owner, r.op, str(a, 'pattern'), pairs.map(([n]) => n), r.op !== 'reduce' || r.kind !== null);
  return { p, pairs, r };
}

function transformForward(owner: string, op: Operation, a: Args, x: Shape): Forward {
  const { p, pairs } = plan(owner, op, a);
  const applied = applyPlan(p, x, lengthDims(owner, pairs));
  return { output: applied.output, working: applied.working };
}

/** The exact counts of a reduction of n inputs into m outputs (see the header). */
function reduceCost(owner: string, a: Args, x: Shape, out: ShapeTree): Cost {
  const { p, pairs, r } = plan(owner, 'reduce', a);
  if (r.op !== 'reduce') return { ...FREE, working: [`${owner}: 0 (${r.op})`] };
  const reduced = applyPlan(p, x, lengthDims(owner, pairs)).reduced;
  if (reduced.length === 0) return { ...FREE, working: [`${owner}: 0 (no axis is reduced)`] };
  if (r.kind === null) throw new UnknownValueError(`${owner}: the reduction is not known statically, so neither is its cost`);
  const n = numel(x);
  const m = numel(out as Shape);
  if (n === undefined || m === undefined) throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
  const nm = `in_numel − out_numel = ${withSeparators(n)} − ${withSeparators(m)} = ${withSeparators(n - m)}`;
  switch (r.kind) {
    case 'sum': return { macs: 0n, exact: ops({ add: n - m }), working: [`adds = ${nm}`] };
    case 'prod': return { macs: 0n, exact: ops({ mul: n - m }), working: [`mults = ${nm}`] };
    case 'mean': return { macs: 0n, exact: ops({ add: n - m, div: m }), working: [`adds = ${nm}; divisions = out_numel = ${withSeparators(m)}`] };
    case 'max': case 'min': return { macs: 0n, exact: ops({ cmp: n - m }), working: [`comparisons = ${nm}`] };
    default: return { macs: 0n, exact: ops({ cmp: n }), working: [`comparisons = in_numel = ${withSeparators(n)}`] }; // any, all
  }
}

function transformDef(op: Operation, summary: string): LayerDef {
  const type = `einops.${op}`;
  return {
    type, kind: 'function', summary, tensorNames: ['tensor'], kwargs: AXES_LENGTHS, symbolicArgs: [AXES_LENGTHS],
    signature: [{ name: 'pattern' }, ...(op === 'reduce' ? [{ name: 'reduction' }] : []), axesLengths],
    params: noParams,
    forward: (a, [x]) => transformForward(type, op, a, x),
    cost: op === 'reduce' ? (a, [x], out) => reduceCost(type, a, x, out) : free(`${type}: 0 (${op === 'rearrange' ? 'a view or a copy' : 'a broadcast copy'})`),
  };
}

const rearrangeLayer: LayerDef = {
  type: 'Rearrange', names: ['einops.layers.torch.Rearrange'], kind: 'module', summary: 'einops rearrange as a layer',
  signature: [{ name: 'pattern' }, axesLengths], kwargs: AXES_LENGTHS,
  validate: (a) => void plan('Rearrange', 'rearrange', a),
  params: noParams,
  forward: (a, [x]) => transformForward('Rearrange', 'rearrange', a, x),
  cost: free('Rearrange: 0 (a view or a copy)'),
};

const reduceLayer: LayerDef = {
  type: 'Reduce', names: ['einops.layers.torch.Reduce'], kind: 'module', summary: 'einops reduce as a layer',
  signature: [{ name: 'pattern' }, { name: 'reduction' }, axesLengths], kwargs: AXES_LENGTHS,
  validate: (a) => void plan('Reduce', 'reduce', a),
  params: noParams,
  forward: (a, [x]) => transformForward('Reduce', 'reduce', a, x),
  cost: (a, [x], out) => reduceCost('Reduce', a, x, out),
};

// ── pack, unpack, einsum ────────────────────────────────────────────────────────────────────────────────────────
const pack: LayerDef = {
  type: 'einops.pack', kind: 'function', summary: 'packs tensors into one along the * axes', inputs: 'list', tensorNames: ['tensors'],
  signature: [{ name: 'pattern' }], params: noParams,
  forward: (a, xs) => packForward('einops.pack', str(a, 'pattern'), xs),
  cost: free('einops.pack: 0 (a concatenation)'),
};

const unpack: LayerDef = {
  type: 'einops.unpack', kind: 'function', summary: 'splits a packed tensor back into tensors of the shapes ps', tensorNames: ['tensor'],
  signature: [{ name: 'packed_shapes' }, { name: 'pattern' }], params: noParams,
  forward: (a, [x]) => unpackForward('einops.unpack', str(a, 'pattern'), a.packed_shapes, x),
  cost: free('einops.unpack: 0 (views)'),
};

function einsum(a: Args, xs: readonly Shape[]) {
  const { operands, output } = parseEinsumPattern('einops.einsum', str(a, 'pattern'));
  if (xs.length === 0) fail('bad-arguments', 'einops.einsum takes at minimum two arguments: the tensors (at least one), followed by the pattern');
  return einsumShape('einops.einsum', operands, output, xs);
}

const einsumDef: LayerDef = {
  type: 'einops.einsum', kind: 'function', summary: 'einsum with named axes (the tensors first, then the pattern)', inputs: 'list',
  tensorNames: ['tensors'], signature: [{ name: 'pattern' }], params: noParams,
  forward: (a, xs) => {
    const e = einsum(a, xs);
    return { output: e.output, working: e.working };
  },
  cost: (a, xs) => einsumCost('einops.einsum', einsum(a, xs), xs.length),
};

// ── EinMix ──────────────────────────────────────────────────────────────────────────────────────────────────────
const einMix: LayerDef = {
  type: 'EinMix', names: ['einops.layers.torch.EinMix'], kind: 'module', summary: 'einsum with a learnt weight (einops EinMix)',
  signature: [{ name: 'pattern' }, { name: 'weight_shape' }, { name: 'bias_shape', default: null }, axesLengths], kwargs: AXES_LENGTHS,
  validate: (a) => void readEinMix(a),
  params: (a) => einMixParams(a),
  forward: (a, [x]) => einMixForward(a, x),
  cost: (a, [x]) => einMixCost(a, x),
};

// Saved for backward: rearrange, repeat, pack and unpack move values (nothing); einsum keeps its operands; EinMix
// its input (for the weight's gradient); a reduction depends on its kind and is not modelled.
const einopsDefs: LayerDef[] = [
  transformDef('rearrange', 'reorders, splits and composes axes by pattern'),
  transformDef('repeat', 'repeats along new axes by pattern'),
  transformDef('reduce', 'reduces the axes a pattern drops'),
  pack, unpack, einsumDef, rearrangeLayer, reduceLayer, einMix,
];
const EINOPS_SAVES: Record<string, LayerDef['saves']> = {
  'einops.rearrange': () => [], 'einops.repeat': () => [], 'einops.pack': () => [], 'einops.unpack': () => [], Rearrange: () => [],
  'einops.einsum': (_a, inputs) => inputs.map((_x, i) => ({ input: i, when: inputs.map((_y, j) => j).filter((j) => j !== i) })),
  EinMix: () => [{ input: 0, when: ['params'] }],
};
export const einopsLayers: LayerDef[] = einopsDefs.map((d) => (EINOPS_SAVES[d.type] ? { ...d, saves: EINOPS_SAVES[d.type] } : d));
