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
import { withSeparators } from '../count';
import { FREE } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { formatDim, formatShape, isKnown, numel, type Dim, type Shape } from '../shape';
import { int, intList, isUnknown, show, type ArgSpec, type Args } from '../values';
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

/** Product of known dimensions; a symbolic one makes the rule need a number it does not have. */
function knownProduct(owner: string, ds: readonly Dim[], what: string): number {
  let p = 1;
  for (const d of ds) {
    if (!isKnown(d)) throw new UnknownValueError(`${owner}: ${what} needs the size ${formatDim(d)}, which is symbolic`);
    p *= d;
  }
  return p;
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
  const size = knownProduct(owner, merged, 'flattening');
  return {
    output: [...input.slice(0, s), size, ...input.slice(e + 1)],
    working: [line(`dim ${s}`, `dims ${s}..${e}: ${dot(...(merged as number[]))} = ${withSeparators(size)}`)],
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
export function unflattenForward(a: Args, input: Shape, owner = 'Unflatten'): Forward {
  const v = a.unflattened_size;
  if (isUnknown(v)) throw new UnknownValueError(`unflattened_size: ${v.why}`);
  if (!Array.isArray(v)) fail('bad-arguments', `${owner}: unflattened_size must be a tuple of ints, got ${show(v)}`);
  const sizes = intList(a, 'unflattened_size');
  const d = wrapDim(owner, int(a, 'dim'), input.length);
  const size = input[d];
  if (!isKnown(size)) throw new UnknownValueError(`${owner}: dim ${d} has the symbolic size ${formatDim(size)}`);
  const sizesText = `(${sizes.join(', ')})`;
  const inferred = inferSizes(owner, sizes, size, `unflatten ${sizesText} of dim ${d} (size ${size})`, `dim ${d} (size ${size})`);
  return {
    output: [...input.slice(0, d), ...inferred, ...input.slice(d + 1)],
    working: [line(`dim ${d}`, `${size} → ${formatShape(inferred)}`)],
  };
}

const unflattenModule: LayerDef = {
  type: 'Unflatten', kind: 'module', summary: 'splits one dimension into several',
  signature: [{ name: 'dim' }, { name: 'unflattened_size' }],
  params: noParams, forward: (a, [x]) => unflattenForward(a, x), cost: () => FREE,
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

// ── view / reshape ──────────────────────────────────────────────────────────────────────────────────────────
export function viewForward(owner: string, verb: string, input: Shape, sizes: number[]): Forward {
  const count = numel(input);
  if (count === undefined) {
    // Without a −1 the result is the sizes given (their product cannot be checked); with one it needs the count.
    if (!sizes.includes(-1) && sizes.every((s) => s >= 0)) {
      return { output: [...sizes], working: [line('shape', `${verb} ${formatShape(sizes)} (element count not checked: the input is symbolic)`)] };
    }
    // One symbolic dimension (the batch, typically) and the given sizes cover exactly the known rest: −1 is it.
    const symbolic = input.filter((d) => !isKnown(d));
    const knownRest = input.filter(isKnown).reduce((p, d) => p * d, 1);
    const given = sizes.filter((s) => s !== -1).reduce((p, s) => p * s, 1);
    if (symbolic.length === 1 && sizes.filter((s) => s === -1).length === 1 && sizes.every((s) => s >= -1) && given === knownRest) {
      const output: Dim[] = sizes.map((s) => (s === -1 ? symbolic[0] : s));
      return { output, working: [line('shape', `−1 = ${formatDim(symbolic[0])}·${withSeparators(knownRest)} / ${withSeparators(given)} = ${formatDim(symbolic[0])}`)] };
    }
    throw new UnknownValueError(`${owner}: inferring −1 needs the element count of ${formatShape(input)}, which is symbolic`);
  }
  const total = Number(count);
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
    signature: [{ name: 'shape' }], varargs: method ? 'shape' : undefined,
    params: noParams,
    forward: (a, [x]) => viewForward(type, verb, x, intList(a, 'shape')),
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
function pixelShuffleForward(owner: string, input: Shape, r: number, up: boolean): Forward {
  if (r <= 0) fail('bad-arguments', `${owner}: the factor must be positive, got ${r}`);
  if (input.length < 3) fail('wrong-rank', `${owner} needs an input with at least 3 dimensions (…, C, H, W), got ${input.length}-D ${formatShape(input)}`);
  const [c, h, w] = input.slice(-3);
  const lead = input.slice(0, -3);
  knownProduct(owner, [c, h, w], up ? 'pixel shuffling' : 'pixel unshuffling');
  const [C, H, W] = [c, h, w] as number[];
  if (up) {
    if (C % (r * r) !== 0) {
      fail('pixel-shuffle-channels', `${owner}: channels ${C} are not divisible by upscale_factor² = ${r}² = ${r * r}`);
    }
    const output = [...lead, C / (r * r), H * r, W * r];
    return { output, working: [line('shape', `C = ${C}/${r}² = ${C / (r * r)}, H = ${H}·${r} = ${H * r}, W = ${W}·${r} = ${W * r}`)] };
  }
  if (H % r !== 0) fail('pixel-unshuffle-size', `${owner}: height ${H} is not divisible by downscale_factor ${r}`);
  if (W % r !== 0) fail('pixel-unshuffle-size', `${owner}: width ${W} is not divisible by downscale_factor ${r}`);
  const output = [...lead, C * r * r, H / r, W / r];
  return { output, working: [line('shape', `C = ${C}·${r}² = ${C * r * r}, H = ${H}/${r} = ${H / r}, W = ${W}/${r} = ${W / r}`)] };
}

const pixelShuffleLayers: LayerDef[] = ([['PixelShuffle', 'upscale_factor', true], ['PixelUnshuffle', 'downscale_factor', false]] as const)
  .flatMap(([name, factor, up]) => {
    const fn = `F.${up ? 'pixel_shuffle' : 'pixel_unshuffle'}`;
    const summary = up ? 'moves channels into space (sub-pixel upsampling)' : 'moves space into channels';
    return [
      { type: name, kind: 'module', summary, signature: [{ name: factor }], params: noParams,
        forward: (a: Args, [x]: readonly Shape[]) => pixelShuffleForward(name, x, int(a, factor), up), cost: () => FREE },
      { type: fn, kind: 'function', summary, signature: [{ name: factor }], params: noParams,
        forward: (a: Args, [x]: readonly Shape[]) => pixelShuffleForward(fn, x, int(a, factor), up), cost: () => FREE },
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
