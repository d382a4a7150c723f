// Ops that keep the data and change only how it is seen or split: identities (dtype, device, copies), expand and
// repeat, splitting into pieces (chunk, split, tensor_split, unbind), picking along a dim (select, narrow), and the
// `_as` forms that take another tensor's shape.
//
//   identity   shape = input (x.float(), x.to(device), x.detach(), x.clone(), x.contiguous(), …); cost 0
//              the initialisers check the rank PyTorch needs: xavier_*/kaiming_* and orthogonal_ ≥ 2 dims, eye_ and
//              sparse_ exactly 2, dirac_ 3 to 5; x.fill_diagonal_ ≥ 2 dims, all equal beyond 2;
//              x.copy_(src): src broadcasts to x (a wider src raises); x.retain_grad() returns None in PyTorch (it
//              marks x): the engine passes x's shape on
//   expand     sizes aligned on the right; −1 keeps the input's size; a size-1 dim may grow; new leading dims allowed
//   repeat     each dim multiplied by its count; extra leading counts add dims
//   view_as    other's shape, with view's element-count check; expand_as: expand's rule
//   chunk      n pieces of ⌈size/n⌉ along dim (the last may be smaller; fewer pieces when they run out)
//   split      pieces of split_size (the last may be smaller), or the given sizes, which must add up to the size
//   select     x.select(dim, i) removes dim; narrow(dim, start, length) keeps `length` of it
//   cost       0 (no arithmetic)
import { FREE } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { formatDim, formatShape, isKnown, mulDim, sameDim, type Dim, type Shape, type ShapeTree } from '../shape';
import { dimList, int, intList, isUnknown, show, type ArgSpec, type Args, type Value } from '../values';
import { lazyLine, line } from '../working';
import { writtenInto } from './pointwise';
import { viewForward, wrapDim } from './reshape';
import { broadcastShapes } from './tensorOps';

const noParams = () => ({ tensors: [], working: [] });
const MAX_PIECES = 4096;

// ══ Identities ═══════════════════════════════════════════════════════════════════════════════════════════════
interface Identity {
  readonly names: string[];
  readonly summary: string;
  readonly signature?: ArgSpec[];
  /** Takes any further arguments (x.to(device, dtype, non_blocking=…), x.type(dtype)). */
  readonly loose?: boolean;
  /** What the tensor must be (the fan-based initialisers need 2 dims or more): throws PyTorch's complaint. */
  readonly check?: (owner: string, x: Shape) => void;
}

/** A rank rule of torch.nn.init: `min`..`max` dims, or PyTorch's message. */
const ranks = (min: number, max: number, message: string) => (owner: string, x: Shape) => {
  if (x.length < min || x.length > max) fail('wrong-rank', `${owner}: ${message}, got ${x.length} (${formatShape(x)})`);
};
const INIT = (name: string) => `torch.nn.init.${name}`;

/** x.fill_diagonal_(v): a matrix, or a tensor whose dims are all equal. */
function checkDiagonal(owner: string, x: Shape): void {
  if (x.length < 2) fail('wrong-rank', `${owner}: dimensions must larger than 1, got ${x.length} (${formatShape(x)})`);
  if (x.length > 2 && x.every(isKnown) && new Set(x).size > 1) {
    fail('bad-arguments', `${owner}: all dimensions of input must be of equal length, got ${formatShape(x)}`);
  }
}

const IDENTITIES: Identity[] = [
  { names: ['Tensor.contiguous'], summary: 'the same tensor, laid out contiguously', signature: [{ name: 'memory_format', default: null, keywordOnly: true }] },
  { names: ['Tensor.float', 'Tensor.double', 'Tensor.half', 'Tensor.bfloat16', 'Tensor.long', 'Tensor.int', 'Tensor.short',
    'Tensor.char', 'Tensor.byte', 'Tensor.bool', 'Tensor.cfloat', 'Tensor.cdouble', 'Tensor.chalf'], summary: 'the same values in another dtype',
  signature: [{ name: 'memory_format', default: null, keywordOnly: true }] },
  { names: ['Tensor.to', 'Tensor.cuda', 'Tensor.cpu', 'Tensor.ipu', 'Tensor.xpu', 'Tensor.type', 'Tensor.pin_memory', 'Tensor.share_memory_'],
    summary: 'the same tensor on another device or in another dtype', loose: true },
  { names: ['Tensor.detach', 'Tensor.detach_', 'torch.detach'], summary: 'the same values, cut from autograd' },
  { names: ['Tensor.clone', 'torch.clone'], summary: 'a copy', signature: [{ name: 'memory_format', default: null, keywordOnly: true }] },
  { names: ['Tensor.requires_grad_'], summary: 'the same tensor, gradients on or off', signature: [{ name: 'requires_grad', default: true }] },
  { names: ['Tensor.retain_grad', 'Tensor.requires_grad'], summary: 'the same tensor', loose: true },
  { names: ['Tensor.type_as', 'Tensor.to_dense', 'Tensor.coalesce', 'Tensor.as_subclass'], summary: 'the same tensor (another type)', loose: true },
  { names: ['Tensor.fill_', 'Tensor.zero_', 'Tensor.uniform_', 'Tensor.normal_', 'Tensor.bernoulli_', 'Tensor.random_', 'Tensor.exponential_',
    'Tensor.geometric_', 'Tensor.cauchy_', 'Tensor.log_normal_'], summary: 'the same tensor, filled in place', loose: true },
  { names: ['Tensor.fill_diagonal_'], summary: 'the same tensor, its diagonal filled in place', check: checkDiagonal,
    signature: [{ name: 'fill_value' }, { name: 'wrap', default: false }] },
  { names: ['normal_', 'uniform_', 'zeros_', 'ones_', 'trunc_normal_'].map(INIT), summary: 'the tensor, initialised in place', loose: true },
  { names: [INIT('constant_')], summary: 'the tensor, filled with val in place', signature: [{ name: 'val' }] },
  { names: ['xavier_uniform_', 'xavier_normal_', 'kaiming_uniform_', 'kaiming_normal_'].map(INIT), summary: 'the tensor, initialised in place',
    loose: true, check: ranks(2, Infinity, 'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions') },
  { names: [INIT('orthogonal_')], summary: 'the tensor, initialised in place as an orthogonal matrix', loose: true,
    check: ranks(2, Infinity, 'Only tensors with 2 or more dimensions are supported') },
  { names: [INIT('eye_'), INIT('sparse_')], summary: 'the matrix, initialised in place', loose: true,
    check: ranks(2, 2, 'Only tensors with 2 dimensions are supported') },
  { names: [INIT('dirac_')], summary: 'the convolution weight, initialised in place as an identity', loose: true,
    check: ranks(3, 5, 'Only tensors with 3, 4, or 5 dimensions are supported') },
];

function identityDef(i: Identity): LayerDef {
  const [type, ...names] = i.names;
  return {
    type, names, kind: 'function', summary: i.summary, signature: i.loose ? [{ name: 'args', default: [] }] : i.signature ?? [],
    varargs: i.loose ? 'args' : undefined, anyKeywords: i.loose, params: noParams, keepsInput: true,
    forward: (_a, [x]) => {
      i.check?.(type, x);
      return { output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)}`)] };
    },
    cost: () => FREE,
  };
}

/** x.copy_(src): src broadcasts to x, whose shape is kept. */
const copyInto: LayerDef = {
  type: 'Tensor.copy_', kind: 'method', summary: 'the same tensor, with values copied in', inputs: 2, tensorNames: ['input', 'src'],
  signature: [{ name: 'non_blocking', default: false }], params: noParams, keepsInput: true,
  forward: (_a, [x, src]) => {
    writtenInto('Tensor.copy_', x, broadcastShapes('Tensor.copy_', x, src));
    return { output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)} (src ${formatShape(src)} broadcast to it)`)] };
  },
  cost: () => FREE,
};

// ══ The shape of another tensor ══════════════════════════════════════════════════════════════════════════════
const asOther = (type: string, summary: string, check?: (x: Shape, other: Shape) => void): LayerDef => ({
  type, kind: 'function', summary, signature: [], inputs: 2, tensorNames: ['input', 'other'], params: noParams,
  forward: (_a, [x, other]) => {
    check?.(x, other);
    return { output: [...other], working: [line('shape', `the shape of other: ${formatShape(other)}`)] };
  },
  cost: () => FREE,
});

// ══ expand / repeat ══════════════════════════════════════════════════════════════════════════════════════════
/** expand's rule; a symbolic size stays when the target is the same size, and a size-1 dim takes any target. */
export function expandForward(owner: string, x: Shape, sizes: readonly Dim[]): Forward {
  if (sizes.length < x.length) {
    fail('expand-size', `${owner}: the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.length})`);
  }
  const lead = sizes.length - x.length;
  const output: Dim[] = sizes.map((s, i) => {
    if (i < lead) {
      if (isKnown(s) && s < 0) fail('expand-size', `${owner}: the expanded size of the tensor (${s}) isn't allowed in a leading, non-existing dimension ${i}`);
      return s;
    }
    const d = x[i - lead];
    if (s === -1 || sameDim(d, s)) return d;
    if (isKnown(d) && isKnown(s) && d !== 1 && d !== s) {
      fail('expand-size', `${owner}: the expanded size of the tensor (${s}) must match the existing size (${d}) at non-singleton dimension ${i}. ` +
        `Target sizes: ${show(sizes as Value[])}. Tensor sizes: ${formatShape(x)}`);
    }
    if (d !== 1) throw new UnknownValueError(`${owner}: cannot tell whether ${formatDim(d)} is 1 or ${formatDim(s)}`);
    return s;
  });
  return { output, working: [line('shape', `${formatShape(x)} expanded to ${formatShape(output)}`)] };
}

export function repeatForward(owner: string, x: Shape, reps: readonly Dim[]): Forward {
  if (reps.length < x.length) {
    fail('repeat-dims', `${owner}: number of dimensions of repeat dims (${reps.length}) can not be smaller than number of dimensions of tensor (${x.length})`);
  }
  const lead = reps.length - x.length;
  const output: Dim[] = reps.map((r, i) => {
    if (isKnown(r) && r < 0) fail('repeat-dims', `${owner}: trying to create a tensor with a negative dimension ${r}`);
    if (i < lead) return r;
    return mulDim(x[i - lead], r);
  });
  return { output, working: [line('shape', `${formatShape(x)} repeated ${show(reps as Value[])} → ${formatShape(output)}`)] };
}

// ══ Pieces ═══════════════════════════════════════════════════════════════════════════════════════════════════
const tuple = (pieces: Shape[]): ShapeTree => ({ tuple: pieces });

function knownSize(owner: string, x: Shape, d: number): number {
  const size = x[d];
  if (!isKnown(size)) throw new UnknownValueError(`${owner}: how many pieces ${formatDim(size)} makes is not known statically`);
  return size;
}

function piecesOf(_owner: string, x: Shape, d: number, lengths: number[]): Forward {
  const pieces = lengths.map((n) => x.map((v, i) => (i === d ? n : v)));
  return { output: tuple(pieces), working: [line('shape', `dim ${d} (${formatDim(x[d])}) → ${lengths.length} pieces of ${lengths.join(', ')}`)] };
}

function chunkForward(owner: string, a: Args, x: Shape): Forward {
  const n = int(a, 'chunks');
  if (n <= 0) fail('bad-arguments', `${owner}: chunk expects chunks to be greater than 0, got: ${n}`);
  const d = wrapDim(owner, int(a, 'dim'), x.length);
  const size = knownSize(owner, x, d);
  const step = Math.ceil(size / n);
  const lengths: number[] = [];
  for (let left = size; left > 0 && lengths.length < MAX_PIECES; left -= step) lengths.push(Math.min(step, left));
  if (size === 0) lengths.push(0);
  return piecesOf(owner, x, d, lengths);
}

function splitForward(owner: string, a: Args, x: Shape): Forward {
  const d = wrapDim(owner, int(a, 'dim'), x.length);
  const size = knownSize(owner, x, d);
  const spec = a.split_size_or_sections;
  if (isUnknown(spec)) throw new UnknownValueError(`split_size_or_sections: ${spec.why}`);
  if (Array.isArray(spec)) {
    const lengths = intList(a, 'split_size_or_sections');
    const total = lengths.reduce((s, v) => s + v, 0);
    if (total !== size) {
      fail('split-sizes', `${owner}: split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), ` +
        `but got split_sizes=${show(lengths)} (sum ${total})`);
    }
    return piecesOf(owner, x, d, lengths);
  }
  const step = int(a, 'split_size_or_sections');
  if (step <= 0 && size > 0) fail('bad-arguments', `${owner}: split expects split_size be non-negative, but got split_size=${step}`);
  const lengths: number[] = [];
  for (let left = size; left > 0 && lengths.length < MAX_PIECES; left -= step) lengths.push(Math.min(step, left));
  if (lengths.length === 0) lengths.push(0);
  return piecesOf(owner, x, d, lengths);
}

export function tensorSplitForward(owner: string, a: Args, x: Shape): Forward {
  const d = wrapDim(owner, int(a, 'dim'), x.length);
  const size = knownSize(owner, x, d);
  const spec = a.indices_or_sections;
  if (isUnknown(spec)) throw new UnknownValueError(`indices_or_sections: ${spec.why}`);
  let lengths: number[];
  if (Array.isArray(spec)) {
    const cuts = intList(a, 'indices_or_sections').map((i) => Math.min(size, Math.max(0, i < 0 ? i + size : i)));
    const bounds = [0, ...cuts, size];
    lengths = bounds.slice(1).map((b, i) => Math.max(0, b - bounds[i]));
  } else {
    const n = int(a, 'indices_or_sections');
    if (n <= 0) fail('bad-arguments', `${owner}: number of sections must be larger than 0, got ${n}`);
    const base = Math.floor(size / n);
    const extra = size % n;
    lengths = Array.from({ length: n }, (_v, i) => base + (i < extra ? 1 : 0));
  }
  return piecesOf(owner, x, d, lengths);
}

function unbindForward(owner: string, a: Args, x: Shape): Forward {
  const d = wrapDim(owner, int(a, 'dim'), x.length);
  const size = knownSize(owner, x, d);
  if (size > MAX_PIECES) throw new UnknownValueError(`${owner}: ${size} pieces are more than ShapeLens follows`);
  const rest = x.filter((_v, i) => i !== d);
  return { output: tuple(Array.from({ length: size }, () => [...rest])), working: [line('shape', `dim ${d} removed: ${size} tensors of ${formatShape(rest)}`)] };
}

function selectForward(owner: string, a: Args, x: Shape): Forward {
  if (x.length === 0) fail('dim-out-of-range', `${owner}: select() cannot be applied to a 0-dim tensor`);
  const d = wrapDim(owner, int(a, 'dim'), x.length);
  const i = int(a, 'index');
  const size = x[d];
  if (isKnown(size) && (i < -size || i >= size)) {
    fail('index-out-of-range', `${owner}: index ${i} out of range for tensor of size ${formatShape(x)} at dimension ${d}`);
  }
  const output = x.filter((_v, k) => k !== d);
  return { output, working: [line('shape', `dim ${d} picked at ${i} and removed: ${formatShape(output)}`)] };
}

function narrowForward(owner: string, a: Args, x: Shape): Forward {
  const d = wrapDim(owner, int(a, 'dim'), x.length);
  const start = int(a, 'start');
  const length = int(a, 'length');
  const size = x[d];
  if (isKnown(size)) {
    const s = start < 0 ? start + size : start;
    if (s < 0 || s > size || length < 0 || s + length > size) {
      fail('index-out-of-range', `${owner}: start (${start}) + length (${length}) exceeds dimension size (${size})`);
    }
  }
  const output = x.map((v, k) => (k === d ? length : v));
  return { output, working: [line('shape', `dim ${d}: ${length} of ${formatDim(size)} from ${start}: ${formatShape(output)}`)] };
}

const def = (type: string, names: string[], summary: string, signature: ArgSpec[], forward: (owner: string, a: Args, x: Shape) => Forward,
  varargs?: string): LayerDef => ({
  type, names, kind: type.startsWith('Tensor.') ? 'method' : 'function', summary, signature, varargs, params: noParams,
  forward: (a, [x]) => forward(type.slice(type.indexOf('.') + 1), a, x), cost: () => FREE,
});

const viewDefs: LayerDef[] = [
  ...IDENTITIES.map(identityDef), copyInto,
  asOther('Tensor.expand_as', 'expanded to the shape of other', (x, o) => { expandForward('expand_as', x, o); }),
  { ...asOther('Tensor.view_as', 'viewed with the shape of other', (x, o) => {
    // the element counts must agree, as in x.view(other.shape); a symbolic other leaves it unchecked
    if (o.every(isKnown)) viewForward('view_as', 'view', x, o);
  }), names: ['Tensor.reshape_as'] },
  { ...def('Tensor.expand', [], 'a view with size-1 dims broadcast to the given sizes', [{ name: 'size' }],
    (o, a, x) => expandForward(o, x, dimList(a, 'size')), 'size'), symbolicArgs: ['size'] },
  // a symbolic count (`hidden.repeat(1, src_len, 1)` with the input's length) multiplies the size
  { ...def('Tensor.repeat', [], 'the tensor tiled along each dim', [{ name: 'repeats' }], (o, a, x) => repeatForward(o, x, dimList(a, 'repeats')), 'repeats'),
    symbolicArgs: ['repeats'] },
  def('torch.chunk', ['Tensor.chunk'], 'n pieces along dim', [{ name: 'chunks' }, { name: 'dim', default: 0 }], chunkForward),
  def('torch.split', ['Tensor.split'], 'pieces of a size, or of the given sizes, along dim',
    [{ name: 'split_size_or_sections' }, { name: 'dim', default: 0 }], splitForward),
  def('torch.tensor_split', ['Tensor.tensor_split'], 'n nearly equal pieces, or cut at indices, along dim',
    [{ name: 'indices_or_sections' }, { name: 'dim', default: 0 }], tensorSplitForward),
  def('torch.unbind', ['Tensor.unbind'], 'the slices along dim, as a tuple', [{ name: 'dim', default: 0 }], unbindForward),
  def('torch.select', ['Tensor.select'], 'one index along dim; the dim is removed', [{ name: 'dim' }, { name: 'index' }], selectForward),
  def('torch.narrow', ['Tensor.narrow'], 'a stretch of length along dim', [{ name: 'dim' }, { name: 'start' }, { name: 'length' }], narrowForward),
];

// ── Memory and receptive field, one rule for the family ─────────────────────────────────────────────────────
// Nothing is saved. The identities return the tensor itself (a dtype cast is taken as a no-op: ShapeLens does not
// follow dtypes), x.contiguous() copies only a tensor that is not contiguous, clone and repeat copy; expand and the
// pieces along a dim other than 0 are views that are no longer contiguous. The receptive field is kept, except
// where positions move: repeat, view_as, and pieces or picks along a spatial axis (dim ≥ 2 of (N, C, …)).
const COPIES = new Set(['Tensor.clone', 'Tensor.repeat']);
const ALONG_DIM = new Set(['torch.chunk', 'torch.split', 'torch.tensor_split', 'torch.unbind', 'torch.select', 'torch.narrow']);

function dimOf(a: Args, rank: number): number {
  const d = typeof a.dim === 'number' ? a.dim : 0;
  return d < 0 ? d + rank : d;
}

function familyView(d: LayerDef): LayerDef['view'] {
  if (COPIES.has(d.type)) return undefined;
  if (d.type === 'Tensor.contiguous') return (_a, contiguous) => (contiguous ? 'view' : undefined);
  if (d.type === 'Tensor.expand' || d.type === 'Tensor.expand_as') return () => 'strided';
  if (ALONG_DIM.has(d.type)) return (a) => (typeof a.dim === 'number' && a.dim !== 0 ? 'strided' : 'view');
  return () => 'view';
}

function familyField(d: LayerDef): LayerDef['receptive'] {
  if (d.type === 'Tensor.repeat' || d.type === 'Tensor.view_as') {
    return () => ({ kind: 'stop', why: `${d.type.slice(7)} moves positions` });
  }
  if (ALONG_DIM.has(d.type)) {
    return (a, [x]) => (x.length >= 3 && dimOf(a, x.length) >= 2
      ? { kind: 'stop', why: `${d.type.slice(6)} along a spatial axis` } : { kind: 'keep' });
  }
  return () => ({ kind: 'keep' });
}

export const viewLayers: LayerDef[] = viewDefs.map((d) => ({ ...d, saves: () => [], view: familyView(d), receptive: familyField(d) }));
