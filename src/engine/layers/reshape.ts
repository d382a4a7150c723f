// Reshaping: Flatten, Unflatten, PixelShuffle, PixelUnshuffle (modules and F.pixel_*), torch.flatten,
// view/reshape, permute, transpose, squeeze/unsqueeze, contiguous (tensor methods and torch functions).
//
//   shape   flatten(s, e):   (…, d_s, …, d_e, …) → (…, d_s·…·d_e, …)
//           view/reshape:    the sizes given; one −1 is inferred as numel / (product of the others); numel must match
//           unflatten(d, s): d_d → s (one −1 allowed), the product must equal d_d
//           permute / transpose reorder; squeeze drops size-1 dimensions; unsqueeze inserts one
//           pixel_shuffle(r): (…, C·r², H, W) → (…, C, H·r, W·r); pixel_unshuffle the reverse
//           Dimensions count from 0; a negative dimension counts from the end (−1 = last), as in Python.
//   params  none
//   cost    0 (the data is not computed on, only re-indexed)
//
// Symbolic sizes: a flatten multiplies them (16·⌊(H − 12)/4⌋²); view's −1 divides the element count by the given
// sizes when that is exact for every input (N·C·H·W / C = N·H·W), and otherwise stands for the batch when the sizes
// given cover one sample (x.view(-1, 400) keeps N, assuming 16·a·b = 400) or for ⌊count / given⌋ with the count a
// multiple of it; sizes that must match are constraints (assume.ts), checked for known sizes as before.
import { withSeparators } from '../count';
import { FREE } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import { needDivisible, needEqual } from '../assume';
import type { EvalContext, Forward, LayerDef } from '../layer';
import {
  allKnown, dimOf, exprOf, floorDivDim, formatDim, formatShape, isKnown, mulDim, numel, productDim, type Dim, type Shape,
} from '../shape';
import { divideExact, freeSymbols, symbol as symbolExpr } from '../symbolic';
import { dimList, int, intList, isUnknown, show, type ArgSpec, type Args } from '../values';
import { dot, line } from '../working';

const noParams = () => ({ tensors: [], working: [] });

/** Python-style dimension index: −1 is the last. A 0-D tensor accepts 0 and −1 (torch wraps it as 1-D). */
export function wrapDim(owner: string, dim: number, rank: number): number {
  const r = Math.max(rank, 1);
  if (dim < -r || dim >= r) {
    fail('dim-out-of-range', `${owner}: dimension ${dim} is out of range for a ${rank}-D input (expected in [${-r}, ${r - 1}])`);
  }
  return dim < 0 ? dim + r : dim;
}

// ── flatten(start_dim, end_dim) ─────────────────────────────────────────────────────────────────────────────
export function flattenForward(owner: string, input: Shape, startDim: number, endDim: number): Forward {
  if (input.length === 0) {
    wrapDim(owner, startDim, 0);
    wrapDim(owner, endDim, 0);
    return { output: [1], working: [line('shape', 'a 0-D tensor flattens to (1,)')] };
  }
  const s = wrapDim(owner, startDim, input.length);
  const e = wrapDim(owner, endDim, input.length);
  if (s > e) fail('flatten-dims', `${owner}: start_dim ${startDim} (dim ${s}) comes after end_dim ${endDim} (dim ${e})`);
  if (s === e) return { output: [...input], working: [line('shape', `start_dim = end_dim = ${s}: unchanged ${formatShape(input)}`)] };
  const merged = input.slice(s, e + 1);
  const size = productDim(merged);
  return {
    output: [...input.slice(0, s), size, ...input.slice(e + 1)],
    working: [line(`dim ${s}`, `dims ${s}..${e}: ${dot(...merged.map(formatDim))} = ${isKnown(size) ? withSeparators(size) : formatDim(size)}`)],
  };
}

const flattenModule: LayerDef = {
  type: 'Flatten', kind: 'module', summary: 'flattens dims start_dim..end_dim into one',
  signature: [{ name: 'start_dim', default: 1 }, { name: 'end_dim', default: -1 }],
  params: noParams,
  forward: (a, [x]) => flattenForward('Flatten', x, int(a, 'start_dim'), int(a, 'end_dim')),
  cost: () => FREE,
};

const flattenSignature: ArgSpec[] = [{ name: 'start_dim', default: 0 }, { name: 'end_dim', default: -1 }];
const flattenFunction: LayerDef = {
  type: 'torch.flatten', names: ['Tensor.flatten'], kind: 'function', summary: 'flattens dims start_dim..end_dim into one',
  signature: flattenSignature, params: noParams,
  forward: (a, [x]) => flattenForward('flatten', x, int(a, 'start_dim'), int(a, 'end_dim')),
  cost: () => FREE,
};

// ── Unflatten(dim, unflattened_size) ────────────────────────────────────────────────────────────────────────
export function unflattenForward(a: Args, input: Shape, ctx: EvalContext, owner = 'Unflatten'): Forward {
  const v = a.unflattened_size;
  if (isUnknown(v)) throw new UnknownValueError(`unflattened_size: ${v.why}`);
  if (!Array.isArray(v)) fail('bad-arguments', `${owner}: unflattened_size must be a tuple of ints, got ${show(v)}`);
  const sizes = dimList(a, 'unflattened_size');
  const d = wrapDim(owner, int(a, 'dim'), input.length);
  const size = input[d];
  const sizesText = `(${sizes.map(formatDim).join(', ')})`;
  const inferred = allKnown(sizes) && isKnown(size)
    ? inferSizes(owner, sizes, size, `unflatten ${sizesText} of dim ${d} (size ${size})`, `dim ${d} (size ${size})`)
    : inferSymbolic(owner, sizes, size, ctx, `unflatten ${sizesText} of dim ${d} (size ${formatDim(size)})`, `dim ${d} (size ${formatDim(size)})`);
  return {
    output: [...input.slice(0, d), ...inferred, ...input.slice(d + 1)],
    working: [line(`dim ${d}`, `${formatDim(size)} → ${formatShape(inferred)}`)],
  };
}

const unflattenModule: LayerDef = {
  type: 'Unflatten', kind: 'module', summary: 'splits one dimension into several',
  signature: [{ name: 'dim' }, { name: 'unflattened_size' }],
  symbolicArgs: ['unflattened_size'],
  params: noParams, forward: (a, [x], ctx) => unflattenForward(a, x, ctx), cost: () => FREE,
};

/**
 * Resolves sizes with at most one −1 against a total element count, as view/reshape/unflatten do, or raises
 * `view-numel` naming both element counts.
 */
function inferSizes(owner: string, sizes: number[], total: number, request: string, source: string): number[] {
  const holes = sizes.filter((s) => s === -1).length;
  if (holes > 1) fail('view-infer', `${owner}: only one dimension can be inferred (−1), got ${formatShape(sizes)}`);
  const bad = sizes.find((s) => s < -1);
  if (bad !== undefined) fail('bad-arguments', `${owner}: invalid shape dimension ${bad} in ${formatShape(sizes)}`);
  const given = sizes.filter((s) => s !== -1).reduce((p, s) => p * s, 1);
  if (holes === 0) {
    if (given !== total) {
      fail('view-numel', `${request} needs ${withSeparators(given)} elements but ${source} has ${withSeparators(total)}`);
    }
    return sizes;
  }
  if (given === 0) {
    if (total === 0) {
      fail('view-infer', `${owner}: cannot infer −1 in ${formatShape(sizes)} for 0 elements: it could be any value`);
    }
    fail('view-numel', `${request} has 0 elements but ${source} has ${withSeparators(total)}`);
  }
  if (total % given !== 0) {
    fail('view-numel', `${request} needs a multiple of ${withSeparators(given)} elements but ${source} has ${withSeparators(total)} ` +
      `(${withSeparators(total)} / ${withSeparators(given)} = ${+(total / given).toFixed(3)})`);
  }
  return sizes.map((s) => (s === -1 ? total / given : s));
}

/**
 * inferSizes with symbolic sizes (in the input or among the sizes given). The element counts must match: a
 * constraint when one is symbolic. −1 is the exact quotient when there is one; else, when it is the first of
 * several sizes and the input's first size is symbolic (`x.view(-1, 400)`), it keeps that size (the batch),
 * assuming the others cover one sample — an assumption the analysis drops when no input allows it; else
 * ⌊count / given⌋, the count a multiple of a known product.
 */
function inferSymbolic(owner: string, sizes: Dim[], total: Dim, ctx: EvalContext, request: string, source: string,
  batch?: { readonly size: Dim; readonly rest: Dim }): Dim[] {
  const holes = sizes.filter((s) => s === -1).length;
  if (holes > 1) fail('view-infer', `${owner}: only one dimension can be inferred (−1), got ${formatShape(sizes)}`);
  const bad = sizes.find((s) => isKnown(s) && s < -1);
  if (bad !== undefined) fail('bad-arguments', `${owner}: invalid shape dimension ${bad} in ${formatShape(sizes)}`);
  const given = productDim(sizes.filter((s) => s !== -1));
  const labels = { source, requiredBy: request };
  if (holes === 0) {
    const [left, right] = cancelCommonSymbols(total, given);
    needEqual(ctx, left, right, labels, () => fail('view-numel', `${request} needs ${formatDim(given)} elements but ${source} has ${formatDim(total)}`));
    return sizes;
  }
  if (given === 0) throw new UnknownValueError(`${owner}: −1 among sizes whose product is 0`);
  const exact = divideExact(exprOf(total), exprOf(given));
  let inferred: Dim;
  if (exact) inferred = dimOf(exact);
  else if (batch && sizes[0] === -1 && sizes.length > 1 && !isKnown(batch.size)) {
    const [left, right] = cancelCommonSymbols(batch.rest, given);
    if (!ctx.constraints) throw new UnknownValueError(`${owner}: −1 is the batch only if ${formatDim(batch.rest)} = ${formatDim(given)}`);
    needEqual(ctx, left, right, { ...labels, requiredBy: `${request} (keeping the batch ${formatDim(batch.size)})`, preferred: true },
      () => { throw new UnknownValueError(`${owner}: inferring −1 from ${formatDim(total)} / ${formatDim(given)}`); });
    inferred = batch.size;
  } else if (isKnown(given)) {
    needDivisible(ctx, total, given, labels,
      () => fail('view-numel', `${request} needs a multiple of ${withSeparators(given)} elements but ${source} has ${formatDim(total)}`));
    inferred = floorDivDim(total, given);
  } else throw new UnknownValueError(`${owner}: inferring −1 from ${formatDim(total)} / ${formatDim(given)}`);
  return sizes.map((s) => (s === -1 ? inferred : s));
}

/** a and b with the free sizes that divide both taken out (N·400 = 16·N·a·b is 400 = 16·a·b: sizes are ≥ 1). */
function cancelCommonSymbols(a: Dim, b: Dim): [Dim, Dim] {
  if (isKnown(a) || isKnown(b)) return [a, b];
  let x = exprOf(a), y = exprOf(b);
  for (const name of freeSymbols(x)) {
    for (;;) {
      const s = symbolExpr(name);
      const qx = divideExact(x, s), qy = divideExact(y, s);
      if (!qx || !qy) break;
      x = qx; y = qy;
    }
  }
  return [dimOf(x), dimOf(y)];
}

// ── view / reshape ──────────────────────────────────────────────────────────────────────────────────────────
export function viewForward(owner: string, verb: string, input: Shape, sizes: Dim[], ctx: EvalContext = { strict: false }): Forward {
  const count = numel(input);
  if (count !== undefined && allKnown(sizes)) return viewKnown(owner, verb, input, sizes, Number(count));
  const total = productDim(input);
  const output = inferSymbolic(owner, sizes, total, ctx, `${verb} ${formatShape(sizes)}`, `the input ${formatShape(input)}`,
    input.length > 0 ? { size: input[0], rest: productDim(input.slice(1)) } : undefined);
  const hole = sizes.indexOf(-1);
  const text = hole < 0 ? `${formatShape(output)}: ${formatDim(total)} elements`
    : `−1 = ${formatDim(total)} / ${formatDim(productDim(sizes.filter((s) => s !== -1)))} = ${formatDim(output[hole])}`;
  return { output, working: [line('shape', text)] };
}

function viewKnown(owner: string, verb: string, input: Shape, sizes: number[], total: number): Forward {
  const output = inferSizes(owner, sizes, total, `${verb} ${formatShape(sizes)}`, `the input ${formatShape(input)}`);
  const hole = sizes.indexOf(-1);
  const given = sizes.filter((s) => s !== -1);
  const text = hole < 0
    ? `${formatShape(output)}: ${withSeparators(total)} elements`
    : `−1 = ${withSeparators(total)} / ${given.length ? dot(...given) : '1'} = ${output[hole]}`;
  return { output, working: [line('shape', text)] };
}

function viewDef(type: string, verb: string, kind: 'method' | 'function'): LayerDef {
  const method = kind === 'method';
  return {
    type, kind, summary: `${verb}: the same elements in a new shape`,
    // x.view(*shape) collects its sizes; torch.reshape(input, shape) takes one tuple.
    signature: [{ name: 'shape' }], varargs: method ? 'shape' : undefined, symbolicArgs: ['shape'],
    params: noParams,
    forward: (a, [x], ctx) => viewForward(type, verb, x, dimList(a, 'shape'), ctx),
    cost: () => FREE,
  };
}

// ── permute / transpose ─────────────────────────────────────────────────────────────────────────────────────
function permuteForward(owner: string, input: Shape, order: number[]): Forward {
  if (order.length !== input.length) {
    fail('permute-dims', `${owner}: the order ${formatShape(order)} names ${order.length} dimensions but the input ${formatShape(input)} has ${input.length}`);
  }
  const wrapped = order.map((d) => wrapDim(owner, d, input.length));
  if (new Set(wrapped).size !== wrapped.length) fail('permute-dims', `${owner}: duplicate dimensions in ${formatShape(order)}`);
  const output = wrapped.map((d) => input[d]);
  return { output, working: [line('shape', `${formatShape(input)} reordered by ${formatShape(wrapped)} = ${formatShape(output)}`)] };
}

function transposeForward(owner: string, input: Shape, dim0: number, dim1: number): Forward {
  const [a, b] = [wrapDim(owner, dim0, input.length), wrapDim(owner, dim1, input.length)];
  const output = [...input];
  if (input.length > 0) [output[a], output[b]] = [input[b], input[a]];
  return { output, working: [line('shape', `dims ${a} and ${b} swapped: ${formatShape(output)}`)] };
}

// ── squeeze / unsqueeze ─────────────────────────────────────────────────────────────────────────────────────
function squeezeForward(owner: string, input: Shape, dim: number | null): Forward {
  if (dim === null) {
    const symbolic = input.find((d) => !isKnown(d));
    if (symbolic !== undefined) throw new UnknownValueError(`${owner}: cannot tell whether ${formatDim(symbolic)} is 1`);
    const output = input.filter((d) => d !== 1);
    return { output, working: [line('shape', `size-1 dimensions dropped: ${formatShape(output)}`)] };
  }
  const d = wrapDim(owner, dim, input.length);
  if (input.length === 0) return { output: [], working: [line('shape', 'a 0-D tensor stays 0-D')] };
  if (!isKnown(input[d])) throw new UnknownValueError(`${owner}: cannot tell whether ${formatDim(input[d])} is 1`);
  if (input[d] !== 1) return { output: [...input], working: [line('shape', `dim ${d} has size ${input[d]} ≠ 1: unchanged`)] };
  const output = [...input.slice(0, d), ...input.slice(d + 1)];
  return { output, working: [line('shape', `dim ${d} (size 1) dropped: ${formatShape(output)}`)] };
}

function unsqueezeForward(owner: string, input: Shape, dim: number): Forward {
  // The new dimension may go anywhere from 0 to rank: the range is one wider than the input's.
  const r = input.length + 1;
  if (dim < -r || dim >= r) {
    fail('dim-out-of-range', `${owner}: dimension ${dim} is out of range for inserting into a ${input.length}-D input (expected in [${-r}, ${r - 1}])`);
  }
  const d = dim < 0 ? dim + r : dim;
  const output = [...input.slice(0, d), 1, ...input.slice(d)];
  return { output, working: [line('shape', `size-1 dimension inserted at ${d}: ${formatShape(output)}`)] };
}

const optDim = (a: Args): number | null => (a.dim === null ? null : int(a, 'dim'));

/** torch.x(input, …) and Tensor.x(…) with the same signature: one definition, both spellings (and the _ form). */
const methodAndFunction = (name: string, summary: string, signature: ArgSpec[],
  forward: (owner: string, a: Args, x: Shape) => Forward, inplace = false): LayerDef => ({
  type: `torch.${name}`, names: [`Tensor.${name}`, ...(inplace ? [`Tensor.${name}_`] : [])], kind: 'function', summary, signature,
  params: noParams, forward: (a, [x]) => forward(name, a, x), cost: () => FREE,
});

/** x.permute(*dims) collects its dims; torch.permute(input, dims) takes one tuple: two signatures. */
const permuteDefs: LayerDef[] = [
  { type: 'Tensor.permute', kind: 'method', summary: 'reorders the dimensions', signature: [{ name: 'dims' }], varargs: 'dims', params: noParams,
    forward: (a, [x]) => permuteForward('permute', x, intList(a, 'dims')), cost: () => FREE },
  { type: 'torch.permute', kind: 'function', summary: 'reorders the dimensions', signature: [{ name: 'dims' }], params: noParams,
    forward: (a, [x]) => permuteForward('permute', x, intList(a, 'dims')), cost: () => FREE },
];

// ── PixelShuffle(upscale_factor) / PixelUnshuffle(downscale_factor) ─────────────────────────────────────────
function pixelShuffleForward(owner: string, input: Shape, r: number, up: boolean, ctx: EvalContext): Forward {
  if (r <= 0) fail('bad-arguments', `${owner}: the factor must be positive, got ${r}`);
  if (input.length < 3) fail('wrong-rank', `${owner} needs an input with at least 3 dimensions (…, C, H, W), got ${input.length}-D ${formatShape(input)}`);
  const [C, H, W] = input.slice(-3);
  const lead = input.slice(0, -3);
  const [c, h, w] = [formatDim(C), formatDim(H), formatDim(W)];
  const labels = (what: string) => ({ source: `the ${what}`, requiredBy: `${owner}(${r})` });
  if (up) {
    needDivisible(ctx, C, r * r, labels('channels'),
      () => fail('pixel-shuffle-channels', `${owner}: channels ${c} are not divisible by upscale_factor² = ${r}² = ${r * r}`));
    const output = [...lead, floorDivDim(C, r * r), mulDim(H, r), mulDim(W, r)];
    const [oc, oh, ow] = output.slice(-3).map(formatDim);
    return { output, working: [line('shape', `C = ${c}/${r}² = ${oc}, H = ${h}·${r} = ${oh}, W = ${w}·${r} = ${ow}`)] };
  }
  needDivisible(ctx, H, r, labels('height'), () => fail('pixel-unshuffle-size', `${owner}: height ${h} is not divisible by downscale_factor ${r}`));
  needDivisible(ctx, W, r, labels('width'), () => fail('pixel-unshuffle-size', `${owner}: width ${w} is not divisible by downscale_factor ${r}`));
  const output = [...lead, mulDim(C, r * r), floorDivDim(H, r), floorDivDim(W, r)];
  const [oc, oh, ow] = output.slice(-3).map(formatDim);
  return { output, working: [line('shape', `C = ${c}·${r}² = ${oc}, H = ${h}/${r} = ${oh}, W = ${w}/${r} = ${ow}`)] };
}

const pixelShuffleLayers: LayerDef[] = ([['PixelShuffle', 'upscale_factor', true], ['PixelUnshuffle', 'downscale_factor', false]] as const)
  .flatMap(([name, factor, up]) => {
    const fn = `F.${up ? 'pixel_shuffle' : 'pixel_unshuffle'}`;
    const summary = up ? 'moves channels into space (sub-pixel upsampling)' : 'moves space into channels';
    return [
      { type: name, kind: 'module', summary, signature: [{ name: factor }], params: noParams,
        forward: (a: Args, [x]: readonly Shape[], ctx: EvalContext) => pixelShuffleForward(name, x, int(a, factor), up, ctx), cost: () => FREE },
      { type: fn, kind: 'function', summary, signature: [{ name: factor }], params: noParams,
        forward: (a: Args, [x]: readonly Shape[], ctx: EvalContext) => pixelShuffleForward(fn, x, int(a, factor), up, ctx), cost: () => FREE },
    ] as LayerDef[];
  });


const reshapeDefs: LayerDef[] = [
  flattenModule, flattenFunction, unflattenModule,
  viewDef('Tensor.view', 'view', 'method'), viewDef('Tensor.reshape', 'reshape', 'method'), viewDef('torch.reshape', 'reshape', 'function'),
  ...permuteDefs,
  methodAndFunction('transpose', 'swaps two dimensions', [{ name: 'dim0' }, { name: 'dim1' }],
    (owner, a, x) => transposeForward(owner, x, int(a, 'dim0'), int(a, 'dim1')), true),
  methodAndFunction('swapaxes', 'swaps two dimensions', [{ name: 'axis0' }, { name: 'axis1' }],
    (owner, a, x) => transposeForward(owner, x, int(a, 'axis0'), int(a, 'axis1')), true),
  methodAndFunction('swapdims', 'swaps two dimensions', [{ name: 'dim0' }, { name: 'dim1' }],
    (owner, a, x) => transposeForward(owner, x, int(a, 'dim0'), int(a, 'dim1')), true),
  methodAndFunction('squeeze', 'drops size-1 dimensions', [{ name: 'dim', default: null }],
    (owner, a, x) => squeezeForward(owner, x, optDim(a)), true),
  methodAndFunction('unsqueeze', 'inserts a size-1 dimension', [{ name: 'dim' }],
    (owner, a, x) => unsqueezeForward(owner, x, int(a, 'dim')), true),
  ...pixelShuffleLayers,
];

// ── Memory and receptive field, one rule for the family ─────────────────────────────────────────────────────
// Nothing is saved (the backward needs only sizes). view/flatten/unflatten/squeeze/unsqueeze are views of the
// input; reshape (and flatten, which calls it) copies only a tensor that is not contiguous; transpose/permute are
// views that are no longer contiguous; pixel (un)shuffle copies. Positions become features in a flatten or reshape,
// so the receptive field stops there; squeeze/unsqueeze keep it; pixel shuffle moves each input unit to r×r output
// units (j / r) and pixel unshuffle gathers r×r units into one (a window of r, stride r).
const STRIDED = new Set(['Tensor.permute', 'torch.permute', 'torch.transpose', 'torch.swapaxes', 'torch.swapdims']);
const COPY_IF_STRIDED = new Set(['Tensor.reshape', 'torch.reshape', 'torch.flatten', 'Flatten']);
const KEEPS_FIELD = new Set(['torch.squeeze', 'torch.unsqueeze']);

function familyView(type: string): LayerDef['view'] {
  if (type.includes('pixel') || type.includes('Pixel')) return undefined;
  if (STRIDED.has(type)) return () => 'strided';
  if (COPY_IF_STRIDED.has(type)) return (_a, contiguous) => (contiguous ? 'view' : undefined);
  return () => 'view';
}

function familyField(d: LayerDef): LayerDef['receptive'] {
  if (KEEPS_FIELD.has(d.type)) return () => ({ kind: 'keep' });
  const shuffle = /^(F\.pixel_shuffle|PixelShuffle|F\.pixel_unshuffle|PixelUnshuffle)$/.exec(d.type);
  if (shuffle) {
    const up = !d.type.toLowerCase().includes('unshuffle');
    return (a) => {
      const r = int(a, up ? 'upscale_factor' : 'downscale_factor');
      return up ? { kind: 'scale', factor: [r, r] } : { kind: 'window', kernel: [r, r], stride: [r, r], padding: [0, 0], dilation: [1, 1] };
    };
  }
  const what = d.type.replace(/^(torch|Tensor)\./, '');
  return () => ({ kind: 'stop', why: `${what} turns positions into features` });
}

export const reshapeLayers: LayerDef[] = reshapeDefs.map((d) => ({
  ...d, saves: () => [], view: familyView(d.type), receptive: familyField(d),
}));
