// Ops that rearrange or pick out the elements without arithmetic: flip / fliplr / flipud, roll, rot90, tril / triu,
// diag, diagonal (and linalg.diagonal), diag_embed, diagflat, movedim / moveaxis, t, ravel, repeat_interleave and
// Tensor.unfold.
//
//   flip, roll, tril, triu   out = input (flip's dims distinct; roll's shifts align with its dims, or one shift for the
//                            flattened tensor; tril/triu need 2 dims; fliplr 2, flipud 1)
//   rot90(k, dims)           an odd k swaps the two dims (which must differ; rank ≥ 2)
//   diagonal(offset, d1, d2) d1 and d2 removed, the diagonal's length appended:
//                            max(0, min(size₁, size₂ − offset)) for offset ≥ 0, max(0, min(size₁ + offset, size₂)) below
//   diag                     1-D (n,) → (n + |offset|, n + |offset|); 2-D → its diagonal (as diagonal; 2.x returns an
//                            empty diagonal for an offset past the edge, where 1.13 raised)
//   diag_embed(offset, d1, d2)  the last dim n becomes two dims of n + |offset| at d1, d2 of the (rank + 1)-D output
//   diagflat(offset)         (numel + |offset|, numel + |offset|)
//   movedim(source, dest)    the source dims go to the destination positions, the others keep their order
//   t                        rank ≤ 2; a 2-D input is transposed
//   ravel                    (numel,)
//   repeat_interleave        an int r: dim's size · r (dim=None: (numel · r,)); a tensor of repeats: the size is their
//                            sum, known only at run time — the symbolic size `Σrepeats` (rank known), unless output_size
//                            says it. torch.repeat_interleave(repeats) alone: (Σrepeats,)
//   Tensor.unfold(d, size, step)  d becomes ⌊(size_d − size)/step⌋ + 1 windows, a last dim of size is appended
//   cost     0 (copies and views)
//   params   none
import { FREE } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import type { SavedTensor } from '../saved';
import { floorAffine, formatDim, formatShape, isKnown, numel, primary, symbol, type Dim, type Shape, type ShapeTree } from '../shape';
import { int, isUnknown, optInt, show, type ArgSpec, type Args, type Value } from '../values';
import { lazyLine, line } from '../working';
import { flattenForward } from './reshape';
import { normalizeDim } from './tensorOps';

const noParams = () => ({ tensors: [], working: [] });
const outArg: ArgSpec = { name: 'out', default: null, keywordOnly: true };
const same = (x: Shape, why: string): Forward => ({ output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)} (${why})`)] });

/** A list of ints where torch takes a tuple (flip's dims): an int is PyTorch's TypeError. */
function intTuple(owner: string, a: Args, name: string): number[] {
  const v = a[name];
  if (isUnknown(v)) throw new UnknownValueError(`${name}: ${v.why}`);
  if (!Array.isArray(v)) return fail('bad-arguments', `${owner}(): argument '${name}' must be tuple of ints, not ${show(v)}`);
  return v.map((d) => int({ [name]: d }, name));
}

/** An int or a list of ints (roll's shifts and dims, movedim's source and destination). */
function intOrList(a: Args, name: string): { list: number[]; single: boolean } {
  const v = a[name];
  if (isUnknown(v)) throw new UnknownValueError(`${name}: ${v.why}`);
  if (Array.isArray(v)) return { list: v.map((d) => int({ [name]: d }, name)), single: false };
  return { list: [int(a, name)], single: true };
}

function distinct(owner: string, dims: number[], rank: number): number[] {
  const wrapped = dims.map((d) => normalizeDim(owner, d, rank));
  const twice = wrapped.find((d, i) => wrapped.indexOf(d) !== i);
  if (twice !== undefined) fail('bad-arguments', `${owner}: dim ${twice} appears multiple times in the list of dims`);
  return wrapped;
}

function atLeast(owner: string, x: Shape, rank: number, message: string): void {
  if (x.length < rank) fail('wrong-rank', `${owner}: ${message} (got ${formatShape(x)})`);
}

// ── flip / roll / rot90 / tril / triu ───────────────────────────────────────────────────────────────────────
function flipForward(owner: string, a: Args, x: Shape): Forward {
  distinct(owner, intTuple(owner, a, 'dims'), x.length);
  return same(x, `reversed along dims ${show(a.dims as Value)}`);
}

function rollForward(owner: string, a: Args, x: Shape): Forward {
  const shifts = intOrList(a, 'shifts').list;
  if (shifts.length === 0) fail('bad-arguments', `${owner}: \`shifts\` required`);
  const dims = a.dims === null ? [] : intOrList(a, 'dims').list;
  if (dims.length === 0 ? shifts.length !== 1 : shifts.length !== dims.length) {
    fail('bad-arguments', `${owner}: shifts and dimensions must align. shifts: ${shifts.length}, dims:${dims.length}`);
  }
  for (const d of dims) {
    if (x.length === 0) fail('dim-out-of-range', `${owner}: dimension specified as ${d} but tensor has no dimensions`);
    normalizeDim(owner, d, x.length);
  }
  return same(x, dims.length ? `rolled along dims ${dims.join(', ')}` : 'rolled as a flat tensor');
}

function rot90Forward(owner: string, a: Args, x: Shape): Forward {
  const dims = intTuple(owner, a, 'dims');
  if (dims.length !== 2) fail('bad-arguments', `${owner}: expected total rotation dims == 2, but got dims = ${dims.length}`);
  if (x.length < 2) fail('wrong-rank', `${owner}: expected total dims >= 2, but got total dims = ${x.length}`);
  const [d0, d1] = dims;
  if (d0 === d1 || Math.abs(d0 - d1) === x.length) fail('bad-arguments', `${owner}: expected rotation dims to be different, but got dim0 = ${d0} and dim1 = ${d1}`);
  for (const [name, d] of [['dim0', d0], ['dim1', d1]] as const) {
    if (d < -x.length || d >= x.length) fail('dim-out-of-range', `${owner}: rotation ${name} out of range, ${name} = ${d}`);
  }
  const k = ((int(a, 'k') % 4) + 4) % 4;
  if (k % 2 === 0) return same(x, `k = ${int(a, 'k')}: a half or full turn`);
  const [p, q] = [normalizeDim(owner, d0, x.length), normalizeDim(owner, d1, x.length)];
  const output = [...x];
  [output[p], output[q]] = [x[q], x[p]];
  return { output, working: [line('shape', `k = ${int(a, 'k')} (a quarter turn): dims ${p} and ${q} swap → ${formatShape(output)}`)] };
}

// ── diagonals ───────────────────────────────────────────────────────────────────────────────────────────────
function diagonalLength(owner: string, s1: Dim, s2: Dim, offset: number): Dim {
  if (!isKnown(s1) || !isKnown(s2)) throw new UnknownValueError(`${owner}: the diagonal of ${formatDim(s1)} × ${formatDim(s2)} needs both sizes`);
  return Math.max(0, offset >= 0 ? Math.min(s1, s2 - offset) : Math.min(s1 + offset, s2));
}

function diagonalForward(owner: string, x: Shape, offset: number, dim1: number, dim2: number): Forward {
  const [p, q] = [normalizeDim(owner, dim1, x.length), normalizeDim(owner, dim2, x.length)];
  if (p === q) fail('bad-arguments', `${owner}: diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const len = diagonalLength(owner, x[p], x[q], offset);
  const output = [...x.filter((_d, i) => i !== p && i !== q), len];
  return { output, working: [line('shape', `dims ${p} and ${q} (${formatDim(x[p])} × ${formatDim(x[q])}) → a diagonal of ${formatDim(len)} at offset ${offset}: ${formatShape(output)}`)] };
}

const grow = (owner: string, n: Dim, offset: number): Dim => {
  if (isKnown(n)) return n + Math.abs(offset);
  if (offset === 0) return n;
  throw new UnknownValueError(`${owner}: ${formatDim(n)} + ${Math.abs(offset)} of a symbolic size`);
};

function diagForward(owner: string, a: Args, x: Shape): Forward {
  const offset = int(a, 'diagonal');
  if (x.length === 1) {
    const n = grow(owner, x[0], offset);
    return { output: [n, n], working: [line('shape', `a vector of ${formatDim(x[0])} on diagonal ${offset}: ${formatDim(x[0])} + |${offset}| = ${formatDim(n)} → (${formatDim(n)}, ${formatDim(n)})`)] };
  }
  if (x.length !== 2) fail('wrong-rank', `${owner}: supports 1D or 2D tensors. Got ${x.length}D (${formatShape(x)})`);
  return diagonalForward(owner, x, offset, 0, 1);
}

function diagEmbedForward(owner: string, a: Args, x: Shape): Forward {
  const offset = int(a, 'offset');
  const r = x.length + 1;
  const [p, q] = [normalizeDim(owner, int(a, 'dim1'), r), normalizeDim(owner, int(a, 'dim2'), r)];
  if (p === q) fail('bad-arguments', `${owner}: diagonal dimensions cannot be identical ${int(a, 'dim1')}, ${int(a, 'dim2')}`);
  const n = grow(owner, x[x.length - 1], offset);
  const rest = x.slice(0, -1);
  const output: Dim[] = [];
  for (let i = 0, k = 0; i < r; i++) output.push(i === p || i === q ? n : rest[k++]);
  return { output, working: [line('shape', `the last dim ${formatDim(x[x.length - 1])} + |${offset}| = ${formatDim(n)} at dims ${p} and ${q} → ${formatShape(output)}`)] };
}

function diagflatForward(owner: string, a: Args, x: Shape): Forward {
  const count = numel(x);
  const offset = int(a, 'offset');
  if (count === undefined) throw new UnknownValueError(`${owner}: the element count of ${formatShape(x)} is symbolic`);
  const n = Number(count) + Math.abs(offset);
  return { output: [n, n], working: [line('shape', `numel ${count} + |${offset}| = ${n} → (${n}, ${n})`)] };
}

// ── movedim / t / ravel ─────────────────────────────────────────────────────────────────────────────────────
function movedimForward(owner: string, a: Args, x: Shape): Forward {
  const src = intOrList(a, 'source');
  const dst = intOrList(a, 'destination');
  if (src.single !== dst.single) fail('bad-arguments', `${owner}(): source and destination must both be ints or both be tuples, got ${show(a.source)} and ${show(a.destination)}`);
  if (src.list.length !== dst.list.length) {
    fail('bad-arguments', `${owner}: invalid source or destination dims: source (${show(src.list)} dims) should contain the same number of dims as destination (${show(dst.list)} dims)`);
  }
  const wrap = (l: number[], which: string) => {
    const w = l.map((d) => normalizeDim(owner, d, x.length));
    if (new Set(w).size !== w.length) fail('bad-arguments', `${owner}: repeated dim in \`${which}\` (${show(l)})`);
    return w;
  };
  const [s, d] = [wrap(src.list, 'source'), wrap(dst.list, 'destination')];
  if (x.length === 0) return same(x, 'a 0-d tensor has no dims to move');
  const order: number[] = Array(x.length).fill(-1);
  d.forEach((to, i) => (order[to] = s[i]));
  const others = [...x.keys()].filter((i) => !s.includes(i));
  for (let i = 0, k = 0; i < x.length; i++) if (order[i] < 0) order[i] = others[k++];
  const output = order.map((i) => x[i]);
  return { output, working: [line('shape', `dims ${show(s)} moved to ${show(d)}: ${formatShape(x)} → ${formatShape(output)}`)] };
}

function tForward(owner: string, x: Shape): Forward {
  if (x.length > 2) fail('wrong-rank', `${owner}: t() expects a tensor with <= 2 dimensions, but self is ${x.length}D (${formatShape(x)})`);
  const output = x.length === 2 ? [x[1], x[0]] : [...x];
  return { output, working: [line('shape', x.length === 2 ? `transposed: ${formatShape(output)}` : `a ${x.length}-D tensor is its own transpose`)] };
}

// ── repeat_interleave ───────────────────────────────────────────────────────────────────────────────────────
/** The data-dependent total of a tensor of repeats. */
const SUM_OF_REPEATS = (): Dim => symbol('Σrepeats');
const REPEATS_NOTE = 'Σrepeats = the sum of the repeats tensor, known only at run time';

function repeatInterleaveInt(owner: string, a: Args, x: Shape): Forward {
  const r = int(a, 'repeats');
  if (r < 0) fail('bad-arguments', `${owner}: repeats can not be negative (${r})`);
  const dim = optInt(a, 'dim');
  if (dim !== null && x.length === 0) fail('dim-out-of-range', `${owner}: dimension specified as ${dim} but tensor has no dimensions`);
  const d = dim === null ? null : normalizeDim(owner, dim, x.length);
  const base: Dim = d === null ? (numel(x) === undefined ? -1 : Number(numel(x))) : x[d];
  if (!isKnown(base) || base < 0) {
    if (r === 1 && d !== null) return same(x, 'each entry once');
    throw new UnknownValueError(`${owner}: ${d === null ? 'the element count' : formatDim(base)} · ${r} of a symbolic size`);
  }
  const size = base * r;
  const given = optInt(a, 'output_size');
  if (given !== null && given !== size) fail('bad-arguments', `${owner}: allocated size does not match required size (output_size ${given}, ${base} · ${r} = ${size})`);
  const output = d === null ? [size] : x.map((v, i) => (i === d ? size : v));
  return { output, working: [line('shape', d === null ? `flattened: ${base} · ${r} = ${size}` : `dim ${d}: ${base} · ${r} = ${size} → ${formatShape(output)}`)] };
}

function repeatInterleaveTensor(owner: string, a: Args, x: Shape, repeats: Shape): Forward {
  if (repeats.length > 1) fail('wrong-rank', `${owner}: repeats must be 0-dim or 1-dim tensor, got ${formatShape(repeats)}`);
  const dim = optInt(a, 'dim');
  if (dim !== null && x.length === 0) fail('dim-out-of-range', `${owner}: dimension specified as ${dim} but tensor has no dimensions`);
  const d = dim === null ? null : normalizeDim(owner, dim, x.length);
  const along: Dim | undefined = d === null ? (numel(x) === undefined ? undefined : Number(numel(x))) : x[d];
  if (repeats.length === 1 && repeats[0] !== 1 && along !== undefined && isKnown(along) && isKnown(repeats[0]) && repeats[0] !== along) {
    fail('index-size', `${owner}: repeats must have the same size as input along dim (${repeats[0]} repeats for a size of ${along})`);
  }
  const given = optInt(a, 'output_size');
  const size = given ?? SUM_OF_REPEATS();
  const output = d === null ? [size] : x.map((v, i) => (i === d ? size : v));
  return { output, working: [line('shape', `${d === null ? 'flattened' : `dim ${d}`} → ${formatDim(size)}: ${given === null ? REPEATS_NOTE : 'output_size'}; ${formatShape(output)}`)] };
}

const repeatInterleaveDefs = (): LayerDef => {
  const owner = 'repeat_interleave';
  const tensorRepeats: LayerDef = {
    type: 'torch.repeat_interleave.self_Tensor', overloadOf: 'torch.repeat_interleave', kind: 'function', inputs: 2, tensorNames: ['input', 'repeats'],
    summary: 'each entry repeated by a tensor of counts (a run-time size)', params: noParams, cost: () => FREE,
    signature: [{ name: 'dim', default: null }, { name: 'output_size', default: null, keywordOnly: true }],
    forward: (a, [x, repeats]) => repeatInterleaveTensor(owner, a, x, repeats),
  };
  const repeatsOnly: LayerDef = {
    type: 'torch.repeat_interleave.Tensor', overloadOf: 'torch.repeat_interleave', kind: 'function', tensorNames: ['repeats'],
    summary: 'indices repeated by their counts: (Σrepeats,)', params: noParams, cost: () => FREE,
    signature: [{ name: 'output_size', default: null, keywordOnly: true }],
    forward: (a, [repeats]) => {
      if (repeats.length !== 1) fail('wrong-rank', `${owner} only accept 1D vector as repeat, got ${formatShape(repeats)}`);
      const size = optInt(a, 'output_size') ?? SUM_OF_REPEATS();
      return { output: [size], working: [line('shape', `(${formatDim(size)},): ${REPEATS_NOTE}`)] };
    },
  };
  return {
    type: 'torch.repeat_interleave', names: ['Tensor.repeat_interleave'], kind: 'function', summary: 'each entry repeated r times along dim',
    signature: [{ name: 'repeats' }, { name: 'dim', default: null }, { name: 'output_size', default: null, keywordOnly: true }], params: noParams,
    overloads: [tensorRepeats, repeatsOnly],
    forward: (a, [x]) => repeatInterleaveInt(owner, a, x), cost: () => FREE,
  };
};

// ── Tensor.unfold ───────────────────────────────────────────────────────────────────────────────────────────
function unfoldForward(owner: string, a: Args, x: Shape): Forward {
  const d = normalizeDim(owner, int(a, 'dimension'), x.length);
  const size = int(a, 'size');
  const step = int(a, 'step');
  if (step <= 0) fail('bad-arguments', `${owner}: step is ${step} but must be > 0`);
  if (size < 0) fail('bad-arguments', `${owner}: size is ${size} but must be >= 0`);
  const along = x.length === 0 ? 1 : x[d];
  if (isKnown(along) && size > along) fail('unfold-size', `${owner}: maximum size for tensor at dimension ${d} is ${along} but size is ${size}`);
  const windows = floorAffine(along, -size, step, 1);
  if (x.length === 0) return { output: [size], working: [line('shape', `a 0-d tensor: one window of ${size}`)] };
  const output = [...x.map((v, i) => (i === d ? windows : v)), size];
  return { output, working: [line('shape', `dim ${d}: ⌊(${formatDim(along)} − ${size}) / ${step}⌋ + 1 = ${formatDim(windows)} windows, each of ${size} (a last dim) → ${formatShape(output)}`)] };
}

// ── Definitions ─────────────────────────────────────────────────────────────────────────────────────────────
const def = (type: string, names: string[], summary: string, signature: ArgSpec[], forward: (owner: string, a: Args, x: Shape) => Forward): LayerDef => ({
  type, names, kind: type.startsWith('Tensor.') ? 'method' : 'function', summary, signature, params: noParams, cost: () => FREE,
  forward: (a, [x]) => forward(type.slice(type.lastIndexOf('.') + 1), a, x),
});

const triangle = (name: 'tril' | 'triu', summary: string): LayerDef => def(`torch.${name}`, [`Tensor.${name}`, `Tensor.${name}_`], summary,
  [{ name: 'diagonal', default: 0 }, outArg], (o, a, x) => {
    atLeast(o, x, 2, 'input tensor must have at least 2 dimensions');
    return same(x, `${name === 'tril' ? 'below' : 'above'} diagonal ${int(a, 'diagonal')} kept, the rest zeroed`);
  });

const diagonalSignature = (dim1: number, dim2: number, keywordOnly = false): ArgSpec[] =>
  [{ name: 'offset', default: 0, keywordOnly }, { name: 'dim1', default: dim1, keywordOnly }, { name: 'dim2', default: dim2, keywordOnly }];

const rearrangeDefs: LayerDef[] = [
  def('torch.flip', [], 'the entries in reverse order along dims', [{ name: 'dims' }], flipForward),
  // x.flip(0) collects its dims (PyTorch's Tensor.flip(*dims)); torch.flip(x, 0) is a TypeError
  { ...def('Tensor.flip', [], 'the entries in reverse order along dims', [{ name: 'dims' }], flipForward), varargs: 'dims' },
  def('torch.fliplr', ['Tensor.fliplr'], 'reversed left–right (dim 1)', [], (o, _a, x) => {
    atLeast(o, x, 2, 'input must be >= 2-d.');
    return same(x, 'reversed along dim 1');
  }),
  def('torch.flipud', ['Tensor.flipud'], 'reversed up–down (dim 0)', [], (o, _a, x) => {
    atLeast(o, x, 1, 'input must be >= 1-d.');
    return same(x, 'reversed along dim 0');
  }),
  def('torch.roll', ['Tensor.roll'], 'the entries shifted cyclically', [{ name: 'shifts' }, { name: 'dims', default: null }], rollForward),
  def('torch.rot90', ['Tensor.rot90'], 'rotated by k quarter turns in the plane of dims', [{ name: 'k', default: 1 }, { name: 'dims', default: [0, 1] }], rot90Forward),
  triangle('tril', 'the lower triangle (the rest zeroed)'),
  triangle('triu', 'the upper triangle (the rest zeroed)'),
  def('torch.diag', ['Tensor.diag'], 'a vector on a diagonal, or a matrix\'s diagonal', [{ name: 'diagonal', default: 0 }, outArg], diagForward),
  def('torch.diagonal', ['Tensor.diagonal'], 'a diagonal over two dims, as the last dim', diagonalSignature(0, 1),
    (o, a, x) => diagonalForward(o, x, int(a, 'offset'), int(a, 'dim1'), int(a, 'dim2'))),
  def('torch.linalg.diagonal', [], 'a diagonal over two dims (the last two by default), as the last dim', diagonalSignature(-2, -1, true),
    (o, a, x) => diagonalForward(o, x, int(a, 'offset'), int(a, 'dim1'), int(a, 'dim2'))),
  def('torch.diag_embed', ['Tensor.diag_embed'], 'the last dim placed on a diagonal of two new dims', diagonalSignature(-2, -1), diagEmbedForward),
  def('torch.diagflat', ['Tensor.diagflat'], 'the flattened input on a diagonal', [{ name: 'offset', default: 0 }], diagflatForward),
  def('torch.movedim', ['Tensor.movedim', 'torch.moveaxis', 'Tensor.moveaxis'], 'dims moved to new positions, the others in order',
    [{ name: 'source' }, { name: 'destination' }], movedimForward),
  def('torch.t', ['Tensor.t', 'Tensor.t_'], 'the transpose of a matrix (≤ 2-D)', [], (o, _a, x) => tForward(o, x)),
  def('torch.ravel', ['Tensor.ravel'], 'the entries as one dim', [], (o, _a, x) => flattenForward(o, x, 0, -1)),
  repeatInterleaveDefs(),
  def('Tensor.unfold', [], 'sliding windows of size along a dim, as a new last dim', [{ name: 'dimension' }, { name: 'size' }, { name: 'step' }], unfoldForward),
];

/** repeat_interleave with an int count is index_select underneath, which keeps its int64 index (dim's output size). */
function repeatInterleaveSaves(a: Args, _x: readonly Shape[], out: ShapeTree): readonly SavedTensor[] {
  const o = primary(out);
  const d = a.dim === null || a.dim === undefined ? undefined : Number(a.dim);
  const size = d === undefined ? numel(o) : o[d < 0 ? o.length + d : d];
  if (typeof size !== 'number' && typeof size !== 'bigint') throw new UnknownValueError('repeat_interleave: the saved index has a symbolic size');
  return [{ made: 'index', numel: BigInt(size), element: 'int64' }];
}

// Memory and receptive field, one rule for the family: nothing is saved (the backward reverses the move); diagonal,
// movedim, t and unfold are views of the input (no longer contiguous), ravel one when the input is contiguous; the
// others copy. Positions move, so the receptive field stops here.
const STRIDED_VIEWS = new Set(['torch.diagonal', 'torch.linalg.diagonal', 'torch.movedim', 'torch.t', 'Tensor.unfold']);
export const rearrangeLayers: LayerDef[] = rearrangeDefs.map((d) => ({
  ...d, saves: d.type === 'torch.repeat_interleave' ? repeatInterleaveSaves : () => [],
  view: STRIDED_VIEWS.has(d.type) ? () => 'strided' as const : d.type === 'torch.ravel' ? (_a, contiguous) => (contiguous ? 'view' as const : undefined) : undefined,
  receptive: () => ({ kind: 'stop', why: `${d.type.replace(/^(torch|Tensor)\./, '')} moves positions` }),
}));
