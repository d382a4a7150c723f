// Tensor operations between layers: torch.cat / torch.stack, elementwise + − × ÷ with broadcasting,
// torch.matmul, mean / sum over dims, and slicing (Tensor.__getitem__).
//
//   cat      shape  all inputs have the same rank r; every dim but `dim` agrees; out[dim] = Σ in_i[dim]
//                   (PyTorch 1.13 still skips legacy empty 1-D tensors of shape (0,))
//            cost   0 (a copy)
//   stack    shape  all inputs equal; a new axis of size len(list) is inserted at `dim` ∈ [−(r+1), r]
//            cost   0
//   + − × ÷  shape  broadcasting: align the shapes on the right; per axis the sizes are equal or one is 1
//                   (a missing axis counts as 1); out = the larger. A Python scalar is the 0-d shape ().
//            cost   exact: out_numel operations (adds for + and −, mults for ×, divisions for ÷); 0 MACs
//   matmul   shape  1-D·1-D → (), (n,k)·(k,m) → (n,m), a 1-D operand gets a 1 prepended (left) or appended (right)
//                   that is removed afterwards, batch dims (all but the last two) broadcast
//            cost   MACs = ∏batch · n · k · m; exact: mults = MACs, adds = ∏batch · n · m · (k − 1)
//   mean/sum shape  the reduced dims are removed (kept as 1 with keepdim); dim=None or () reduces all
//            cost   sum: in_numel − out_numel additions (each output adds its n inputs with n − 1 adds);
//                   mean: the same additions plus one division per output = in_numel operations
//   [ ]      shape  an integer removes its axis (bounds checked), a slice start:stop:step keeps
//                   len(range(size)[start:stop:step]), None inserts an axis of 1, … stands for the axes
//                   not otherwise indexed
//            cost   0 (a view)
import { withSeparators } from '../count';
import { FREE, ops, } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import { agree, broadcastDim, needAtLeast } from '../assume';
import type { EvalContext, Forward, LayerDef } from '../layer';
import type { ReceptiveRule } from '../receptive';
import { savesNothing, savesOperands } from '../saved';
import { addDim, compareDims, dimOf, floorAffine, formatDim, formatShape, isKnown, numel, sameDim, type Dim, type Shape } from '../shape';
import { int, isUnknown, show, type ArgSpec, type Args, type Value } from '../values';
import { isExpr } from '../symbolic';
import { dot, line } from '../working';

const noParams = () => ({ tensors: [], working: [] });

// ── Helpers other families share ────────────────────────────────────────────────────────────────────────────

/** A dim argument in [−rank, rank − 1] (a 0-d tensor behaves as rank 1 here), as a non-negative index. */
export function normalizeDim(owner: string, dim: number, rank: number): number {
  const r = Math.max(rank, 1);
  if (dim < -r || dim >= r) {
    fail('dim-out-of-range', `${owner}: dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + r : dim;
}

/** PyTorch's broadcasting rule, or its error naming both shapes. Symbolic sizes that may be equal are assumed equal (assume.ts). */
export function broadcastShapes(owner: string, a: Shape, b: Shape): Shape {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const x: Dim = a[a.length - rank + i] ?? 1;
    const y: Dim = b[b.length - rank + i] ?? 1;
    out.push(broadcastDim(owner, x, y, () => fail('broadcast', `${owner}: the size of tensor a (${formatDim(x)}) must match the size of tensor b ` +
      `(${formatDim(y)}) at non-singleton dimension ${i} (shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast)`)));
  }
  return out;
}

const costUnknown = (owner: string): never => {
  throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
};

// ── torch.cat / torch.stack ─────────────────────────────────────────────────────────────────────────────────
const catSignature: ArgSpec[] = [{ name: 'dim', default: 0 }];

export function catForward(owner: string, a: Args, inputs: readonly Shape[]): Forward {
  if (inputs.length === 0) fail('cat-empty', `${owner}(): expected a non-empty list of Tensors`);
  // Legacy rule kept by 1.13: 1-D tensors of shape (0,) are skipped whatever the others look like.
  const used = inputs.filter((s) => !(s.length === 1 && s[0] === 0));
  if (used.length === 0) return { output: [0], working: [line('shape', 'all inputs are empty: (0,)')] };
  const zeroD = used.findIndex((s) => s.length === 0);
  if (zeroD >= 0) fail('cat-mismatch', `${owner}: zero-dimensional tensor (at position ${zeroD}) cannot be concatenated`);
  const first = used[0];
  const dim = normalizeDim(owner, int(a, 'dim'), first.length);
  for (const [i, s] of used.entries()) {
    if (s.length !== first.length) {
      fail('cat-mismatch', `${owner}: tensors must have the same number of dimensions: got ${first.length} and ${s.length} ` +
        `(${formatShape(first)} and ${formatShape(s)}, tensor number ${i})`);
    }
    for (let d = 0; d < s.length; d++) {
      if (d === dim) continue;
      agree(owner, first[d], s[d], () => fail('cat-mismatch', `${owner}: sizes of tensors must match except in dimension ${dim}: expected size ` +
        `${formatDim(first[d])} but got size ${formatDim(s[d])} in dimension ${d} for tensor number ${i} in the list (${formatShape(first)} vs ${formatShape(s)})`));
    }
  }
  // The concatenated size: the sum, symbolic sizes included.
  const sizes = used.map((s) => s[dim]);
  const total = sizes.reduce((s: Dim, d) => addDim(s, d), 0);
  const output = first.map((d, i) => (i === dim ? total : d));
  return { output, working: [line(`dim ${dim}`, `${sizes.map((d) => formatDim(d)).join(' + ')} = ${formatDim(total)}`)] };
}

function stackForward(owner: string, a: Args, inputs: readonly Shape[]): Forward {
  if (inputs.length === 0) fail('cat-empty', `${owner}(): expected a non-empty list of Tensors`);
  const first = inputs[0];
  const dim = normalizeDim(owner, int(a, 'dim'), first.length + 1);
  for (const [i, s] of inputs.entries()) {
    const mismatch = () => fail('cat-mismatch', `${owner}: stack expects each tensor to be equal size, but got ${formatShape(first)} at entry 0 and ${formatShape(s)} at entry ${i}`);
    if (s.length !== first.length || s.some((d, k) => isKnown(d) && isKnown(first[k]) && d !== first[k])) mismatch();
    s.forEach((d, k) => agree(owner, first[k], d, mismatch));
  }
  const output = [...first.slice(0, dim), inputs.length, ...first.slice(dim)];
  return { output, working: [line('shape', `${inputs.length} tensors of ${formatShape(first)} stacked along a new dim ${dim}: ${formatShape(output)}`)] };
}

// cat and stack save nothing (the backward splits the gradient by sizes). Along the channels (dim < 2 of (N, C, …))
// every position sees the union of its inputs' fields; along a spatial axis positions move, and the field stops.
const joinField = (owner: string, newDim: boolean) => (a: Args, xs: readonly Shape[]): ReceptiveRule => {
  const rank = (xs[0]?.length ?? 0) + (newDim ? 1 : 0);
  const dim = normalizeDim(owner, int(a, 'dim'), rank);
  return rank < 3 || dim < 2 ? { kind: 'keep' } : { kind: 'stop', why: `${owner} along a spatial axis` };
};

const cat: LayerDef = {
  type: 'torch.cat', kind: 'function', summary: 'concatenation along an existing dimension', signature: catSignature, inputs: 'list',
  params: noParams, forward: (a, xs) => catForward('torch.cat', a, xs), cost: () => ({ ...FREE, working: ['torch.cat: 0 (a copy)'] }),
  saves: savesNothing, receptive: joinField('torch.cat', false),
};
const stack: LayerDef = {
  type: 'torch.stack', kind: 'function', summary: 'stacking along a new dimension', signature: catSignature, inputs: 'list',
  params: noParams, forward: (a, xs) => stackForward('torch.stack', a, xs), cost: () => ({ ...FREE, working: ['torch.stack: 0 (a copy)'] }),
  saves: savesNothing, receptive: joinField('torch.stack', true),
};

// ── torch.matmul ───────────────────────────────────────────────────────────────────────────────────────────
interface MatmulPlan { batch: Shape; n: Dim | null; k: Dim; m: Dim | null }

function matmulPlan(owner: string, x: Shape, y: Shape): MatmulPlan {
  if (x.length === 0 || y.length === 0) {
    fail('matmul-mismatch', `${owner}: both arguments to matmul need to be at least 1D, but they are ${x.length}D and ${y.length}D`);
  }
  // A 1-D left operand is a row (1, k), a 1-D right operand a column (k, 1); the 1 is removed afterwards.
  const xk = x[x.length - 1];
  const yk = y.length === 1 ? y[0] : y[y.length - 2];
  const n = x.length === 1 ? null : x[x.length - 2];
  const m = y.length === 1 ? null : y[y.length - 1];
  if (!sameDim(xk, yk)) {
    const mat = (s: Shape) => s.map(formatDim).join('×');
    agree(owner, xk, yk, () => fail('matmul-mismatch', `${owner}: shapes ${formatShape(x)} and ${formatShape(y)} cannot be multiplied: the inner sizes differ ` +
      `(${mat(x.length === 1 ? [xk] : x.slice(-2))} @ ${mat(y.length === 1 ? [yk] : y.slice(-2))}: ${formatDim(xk)} ≠ ${formatDim(yk)})`));
  }
  const batch = broadcastShapes(owner, x.slice(0, Math.max(0, x.length - 2)), y.slice(0, Math.max(0, y.length - 2)));
  return { batch, n, k: xk, m };
}

const matmul = (type = 'torch.matmul'): LayerDef => ({
  type, kind: 'function', names: ['Tensor.matmul', 'Tensor.__matmul__', 'Tensor.__rmatmul__'], operators: ['@'], summary: 'matrix product with batch broadcasting', signature: [], inputs: 2, params: noParams,
  saves: savesOperands,
  receptive: () => ({ kind: 'global', why: 'a matrix product mixes the positions' }),
  forward: (_a, [x, y]) => {
    if (!y) fail('bad-arguments', `${type}: needs two operands`);
    const p = matmulPlan(type, x, y);
    const output: Shape = [...p.batch, ...(p.n === null ? [] : [p.n]), ...(p.m === null ? [] : [p.m])];
    const rule = `${formatShape(x)} @ ${formatShape(y)}: batch ${formatShape(p.batch)}, (${p.n === null ? '1' : formatDim(p.n)}×${formatDim(p.k)}) @ (${formatDim(p.k)}×${p.m === null ? '1' : formatDim(p.m)})`;
    return { output, working: [line('shape', `${rule} → ${formatShape(output)}`)] };
  },
  cost: (_a, [x, y]) => {
    const p = matmulPlan(type, x, y);
    const sizes = [...p.batch, p.n ?? 1, p.k, p.m ?? 1];
    if (!sizes.every(isKnown)) return costUnknown(type);
    const [batch, n, k, m] = [numel(p.batch)!, BigInt((p.n ?? 1) as number), BigInt(p.k as number), BigInt((p.m ?? 1) as number)];
    const macs = batch * n * k * m;
    const adds = batch * n * m * (k - 1n);
    const b = p.batch.length ? `${dot(...(p.batch as number[]))} · ` : '';
    return { macs, exact: ops({ mul: macs, add: adds }), working: [
      `MACs = ∏batch · n · k · m = ${b}${dot(n, k, m)} = ${withSeparators(macs)}`,
      `mults = ${withSeparators(macs)}; adds = ${b}${dot(n, m)} · (${k} − 1) = ${withSeparators(adds)}`,
    ] };
  },
});


// ── Slicing: Tensor.__getitem__ ──────────────────────────────────────────────────────────────────────────────
type IndexItem = { kind: 'int'; i: number } | { kind: 'slice'; start: number | null; stop: number | null; step: number; text: string }
  | { kind: 'ellipsis' } | { kind: 'newaxis' } | { kind: 'list'; items: number[] }
  /** A tensor of whole numbers (`table[idx]`): its shape takes the axis' place, whatever numbers it holds. */
  | { kind: 'indices'; shape: readonly Dim[] }
  /** `[:T]` with T a symbolic size (`self.bias[:, :, :T, :T]`, `pos_embedding[:, :n + 1]`). */
  | { kind: 'prefix'; stop: Dim };

function parseIndexItem(owner: string, v: Value): IndexItem {
  if (isExpr(v)) throw new UnknownValueError(`index: the symbolic size ${formatDim(dimOf(v))}`);
  if (isUnknown(v)) {
    if (v.indices) return { kind: 'indices', shape: v.indices as readonly Dim[] };
    // a mask picks as many elements as it holds True: known only when it runs
    if (v.why === 'a tensor') throw new UnknownValueError('index: a tensor not known to hold indices (a mask picks as many elements as it holds True)');
    throw new UnknownValueError(`index: ${v.why}`);
  }
  if (v === null) return { kind: 'newaxis' };
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) fail('bad-arguments', `${owner}: only integers, slices, ..., and None are valid indices, got ${v}`);
    return { kind: 'int', i: v };
  }
  if (v === '...') return { kind: 'ellipsis' };
  // [':', start, stop, step]: a slice with a symbolic bound; only `[:T]` (from the start, step 1) is followed
  if (Array.isArray(v) && v[0] === ':') {
    const [, start, stop, step] = v;
    if ((start === null || start === 0) && (step === null || step === 1) && isExpr(stop)) return { kind: 'prefix', stop: dimOf(stop) };
    throw new UnknownValueError('index: a slice with a symbolic bound other than [:T] is not followed');
  }
  // x[:, [-1], :]: a list of integers picks those positions of one axis (advanced indexing)
  if (Array.isArray(v)) {
    if (v.every((i) => typeof i === 'number' && Number.isInteger(i))) return { kind: 'list', items: v as number[] };
    throw new UnknownValueError('index: a list that is not of known integers (a mask, nested lists) is not followed');
  }
  if (typeof v === 'string') {
    const parts = v.split(':');
    if (parts.length < 2 || parts.length > 3) fail('bad-arguments', `${owner}: cannot read the slice '${v}'`);
    const read = (p: string | undefined): number | null => {
      if (p === undefined || p.trim() === '') return null;
      const x = Number(p.trim());
      if (!Number.isInteger(x)) throw new UnknownValueError(`index: the slice bound '${p.trim()}' is not a known integer`);
      return x;
    };
    const step = read(parts[2]) ?? 1;
    if (step === 0) fail('bad-index', `${owner}: slice step cannot be zero ('${v}')`);
    if (step < 0) fail('bad-index', `${owner}: step must be greater than zero ('${v}'; tensors do not support negative steps)`);
    return { kind: 'slice', start: read(parts[0]), stop: read(parts[1]), step, text: v };
  }
  return fail('bad-arguments', `${owner}: only integers, slices, ..., and None are valid indices, got ${show(v)}`);
}

/** len(range(size)[start:stop:step]) for a known size (Python's slice.indices clamping). */
function sliceLength(size: number, start: number | null, stop: number | null, step: number): number {
  const clamp = (v: number | null, dflt: number) => (v === null ? dflt : v < 0 ? Math.max(0, v + size) : Math.min(v, size));
  const s = clamp(start, 0);
  const e = clamp(stop, size);
  return e <= s ? 0 : Math.floor((e - s - 1) / step) + 1;
}

/** The same for a symbolic size, where the result stays an expression of it: from a non-negative start to the end or to −e. */
function sliceSymbolic(size: Dim, item: Extract<IndexItem, { kind: 'slice' }>): Dim {
  const start = item.start ?? 0;
  const stopOffset = item.stop === null ? 0 : item.stop < 0 ? item.stop : null;
  if (start < 0 || stopOffset === null) {
    throw new UnknownValueError(`index: '${item.text}' on the symbolic size ${formatDim(size)}`);
  }
  // ⌊(size + stopOffset − start + step − 1) / step⌋, assuming the symbolic size is larger than the slice's bounds.
  return floorAffine(size, stopOffset - start + item.step - 1, item.step, 0);
}

/**
 * `[:T]` on a size: T, taken to be within it (Python clamps a longer slice to the size, which code that then
 * broadcasts the slice against T-sized tensors does not survive): an assumption the solver keeps only where the
 * model allows it. A size T is provably over is clamped.
 */
function slicePrefix(owner: string, axis: number, size: Dim, stop: Dim, ctx: EvalContext): Dim {
  if (sameDim(size, stop)) return size;
  const c = compareDims(size, stop);
  if (c === '<') return size;
  needAtLeast(ctx, size, stop, { source: `the size ${formatDim(size)} of dim ${axis}`, requiredBy: `${owner}[:${formatDim(stop)}] (the slice within the size)`, preferred: true },
    () => { throw new UnknownValueError(`index: [:${formatDim(stop)}] on the size ${formatDim(size)}`); });
  return stop;
}

function getitemForward(owner: string, a: Args, x: Shape, ctx: EvalContext): Forward {
  const raw = a.index;
  const items = (Array.isArray(raw) ? raw : [raw]).map((v) => parseIndexItem(owner, v));
  const advanced = (it: IndexItem) => it.kind === 'list' || it.kind === 'indices';
  const consuming = items.filter((it) => it.kind === 'int' || it.kind === 'slice' || it.kind === 'prefix' || advanced(it)).length;
  // with several advanced indices their results broadcast and may move to the front: not followed
  if (items.filter(advanced).length > 1) throw new UnknownValueError('index: more than one list or tensor index (advanced indexing)');
  if (consuming > x.length) fail('bad-index', `${owner}: too many indices for tensor of dimension ${x.length} (${consuming} indices into ${formatShape(x)})`);
  const output: Dim[] = [];
  const steps: string[] = [];
  let axis = 0;
  let ellipsisSeen = false;
  for (const it of items) {
    if (it.kind === 'newaxis') { output.push(1); steps.push('None → new axis 1'); continue; }
    if (it.kind === 'ellipsis') {
      // The first … covers every axis no other index consumes; any later … covers none (PyTorch 1.13).
      const covered = ellipsisSeen ? 0 : x.length - consuming;
      ellipsisSeen = true;
      output.push(...x.slice(axis, axis + covered));
      if (covered) steps.push(`… → ${x.slice(axis, axis + covered).map(formatDim).join(', ')}`);
      axis += covered;
      continue;
    }
    const size = x[axis];
    if (it.kind === 'int') {
      if (x.length === 0) fail('bad-index', `${owner}: invalid index of a 0-dim tensor`);
      if (isKnown(size) && (it.i >= size || it.i < -size)) {
        fail('index-out-of-range', `${owner}: index ${it.i} is out of bounds for dimension ${axis} with size ${size}`);
      }
      steps.push(`[${it.i}] removes dim ${axis}`);
    } else if (it.kind === 'list') {
      const bad = isKnown(size) ? it.items.find((i) => i >= size || i < -size) : undefined;
      if (bad !== undefined) fail('index-out-of-range', `${owner}: index ${bad} is out of bounds for dimension ${axis} with size ${size}`);
      output.push(it.items.length);
      steps.push(`[[${it.items.join(', ')}]] on ${formatDim(size)} → ${it.items.length}`);
    } else if (it.kind === 'prefix') {
      const len = slicePrefix(owner, axis, size, it.stop, ctx);
      output.push(len);
      steps.push(`[:${formatDim(it.stop)}] on ${formatDim(size)} → ${formatDim(len)}`);
    } else if (it.kind === 'indices') {
      // one index tensor: its shape stands where the axis was (PyTorch takes the integers first, as selects)
      output.push(...it.shape);
      steps.push(`[indices ${formatShape([...it.shape])}] on ${formatDim(size)} → ${it.shape.length ? it.shape.map(formatDim).join(', ') : 'removed'}`);
    } else {
      const len = isKnown(size) ? sliceLength(size, it.start, it.stop, it.step) : sliceSymbolic(size, it);
      output.push(len);
      steps.push(`[${it.text}] on ${formatDim(size)} → ${formatDim(len)}`);
    }
    axis++;
  }
  output.push(...x.slice(axis)); // axes after the last index are kept whole
  return { output, working: [line('shape', `${formatShape(x)}: ${steps.join('; ') || 'whole tensor'} → ${formatShape(output)}`)] };
}

const getitem: LayerDef = {
  type: 'Tensor.__getitem__', kind: 'method', summary: 'indexing and slicing', signature: [{ name: 'index' }], inputs: 1,
  symbolicArgs: ['index'],
  params: noParams, forward: (a, [x], ctx) => getitemForward('Tensor.__getitem__', a, x, ctx),
  cost: () => ({ ...FREE, working: ['indexing: 0 (a view)'] }),
  // ints, slices, None and … index a view (x[0] keeps the layout; a slice of a later dim does not)
  saves: savesNothing,
  view: (a) => (typeof a.index === 'number' ? 'view' : 'strided'),
  receptive: (_a, [x]) => (x.length >= 3 ? { kind: 'stop', why: 'indexing may cut the spatial axes' } : { kind: 'keep' }),
};

export const tensorOpLayers: LayerDef[] = [cat, stack, matmul(), getitem];
