// Linear-algebra products: mm, bmm, mv, dot / vdot, inner, outer / ger, kron, tensordot, linalg.vecdot, the add-forms
// (addmm, baddbmm, addbmm, addmv, addr, and their in-place forms), chain_matmul / linalg.multi_dot, trace, and
// cross / linalg.cross. torch.matmul (@) and einsum live in tensorOps.ts and einsum.ts.
//
//   mm       (n, k) · (k, m) → (n, m)                       bmm   (b, n, k) · (b, k, m) → (b, n, m), b equal (no broadcast)
//   mv       (n, k) · (k,) → (n,)                           dot, vdot   (k,) · (k,) → ()
//   inner    (…a, k) · (…b, k) → (…a, …b); a 0-d operand multiplies elementwise (the other's shape)
//   outer    (n,) ⊗ (m,) → (n, m)                           kron  per aligned dim (shorter shape padded with 1s): aᵢ·bᵢ
//   tensordot(a, b, dims): dims = n contracts a's last n dims with b's first n; dims = ([…], […]) pairs them; the
//            paired sizes must agree (or one be 1: torch sums the other side first); out = a's free dims + b's free dims
//   vecdot   x and y broadcast, then dim is summed away
//   addmm(input, mat1, mat2), baddbmm, addbmm (sums the batch too: (b, n, k)·(b, k, m) → (n, m)), addmv, addr (outer):
//            β·input + α·product; input must broadcast to the product's shape (the in-place x.addmm_ must already
//            have it; x.addbmm_ broadcasts x as the out-of-place form does, as torch 1.13 does)
//   chain_matmul(*matrices) / linalg.multi_dot(tensors): consecutive sizes agree; multi_dot's first and last may be
//            1-D (a row, a column; removed from the result)
//   trace    (n, m) → ()                                     cross  two shapes with 3 at dim, broadcast elsewhere
//
//   cost     matmul's convention (tensorOps.ts): every output element is a sum of k products: MACs = out_numel · k;
//            exact: mults = out_numel · k, adds = out_numel · (k − 1). addbmm sums over b·k. outer, addr, kron and
//            a 0-d inner multiply without summing: k = 1, one MAC per output. The add-forms add β·input: out_numel
//            adds (none when β = 0), and one mult per output for α ≠ 1 and for β ∉ {0, 1}. multi_dot and
//            chain_matmul multiply in the cheapest order, as torch does: MACs = the matrix-chain minimum of
//            Σ pᵢ·pⱼ·pₖ. trace: min(n, m) − 1 adds. cross: per 3-vector 6 mults and 3 subtractions (0 MACs: no
//            accumulation). params: none.
import { withSeparators } from '../count';
import { ops, type Cost } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { formatDim, formatShape, isKnown, numel, sameDim, type Dim, type Shape } from '../shape';
import { int, isUnknown, num, show, type ArgSpec, type Args, type Value } from '../values';
import { dot, line } from '../working';
import { broadcastShapes, normalizeDim } from './tensorOps';

const noParams = () => ({ tensors: [], working: [] });
const outArg: ArgSpec = { name: 'out', default: null, keywordOnly: true };
/** PyTorch's way of writing a matrix shape in messages: 2x3. */
const mat = (s: Shape): string => s.map(formatDim).join('x');
const list = (s: Shape): string => `[${s.map(formatDim).join(', ')}]`;
/** A matrix shape in the working: 2×3. */
const box = (s: Shape): string => s.map(formatDim).join('×');

// ── Shared helpers ──────────────────────────────────────────────────────────────────────────────────────────
/** Two sizes that must be equal: PyTorch's complaint when they are known to differ, unknown when symbolic. */
function agree(owner: string, a: Dim, b: Dim, message: () => string, code = 'matmul-mismatch'): void {
  if (sameDim(a, b)) return;
  if (isKnown(a) && isKnown(b)) fail(code, message());
  throw new UnknownValueError(`${owner}: cannot tell statically whether ${formatDim(a)} and ${formatDim(b)} agree`);
}

function knownCount(owner: string, s: readonly Dim[]): bigint {
  const n = numel(s);
  if (n === undefined) throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
  return n;
}

/** What a product computes: its output and the sizes summed into each output element. */
interface Product {
  readonly output: Shape;
  readonly k: readonly Dim[];
  readonly rule: string;
}

/** Every output element a sum of k products (k = ∏ of the summed sizes; 1 when nothing is summed). */
function productCost(owner: string, p: Product): Cost {
  const out = knownCount(owner, p.output);
  const k = knownCount(owner, p.k);
  const macs = out * k;
  const adds = k > 0n ? out * (k - 1n) : 0n;
  const kText = p.k.length ? dot(...(p.k as number[])) : '1';
  return { macs, exact: ops({ mul: macs, add: adds }), working: [
    `MACs = out_numel · k = ${withSeparators(out)} · ${kText} = ${withSeparators(macs)}`,
    `mults = ${withSeparators(macs)}; adds = out_numel · (k − 1) = ${withSeparators(out)} · ${k > 0n ? k - 1n : 0n} = ${withSeparators(adds)}`,
  ] };
}

function rankOf(owner: string, s: Shape, ranks: readonly number[], what: () => string): void {
  if (!ranks.includes(s.length)) fail('wrong-rank', `${owner}: ${what()}, got a ${s.length}-D tensor of shape ${formatShape(s)}`);
}

// ── The products ────────────────────────────────────────────────────────────────────────────────────────────
function mmCore(owner: string, [x, y]: readonly Shape[]): Product {
  rankOf(owner, x, [2], () => 'self must be a matrix');
  rankOf(owner, y, [2], () => 'mat2 must be a matrix');
  agree(owner, x[1], y[0], () => `${owner}: mat1 and mat2 shapes cannot be multiplied (${mat(x)} and ${mat(y)}): ${formatDim(x[1])} ≠ ${formatDim(y[0])}`);
  const output = [x[0], y[1]];
  return { output, k: [x[1]], rule: `(${box(x)}) @ (${box(y)}) → ${formatShape(output)}` };
}

function bmmCore(owner: string, [x, y]: readonly Shape[]): Product {
  rankOf(owner, x, [3], () => 'batch1 must be a 3D tensor');
  rankOf(owner, y, [3], () => 'batch2 must be a 3D tensor');
  const expected = () => `${owner}: expected size for first two dimensions of batch2 tensor to be: [${formatDim(x[0])}, ${formatDim(x[2])}] ` +
    `but got: [${formatDim(y[0])}, ${formatDim(y[1])}] (batch1 ${formatShape(x)}, batch2 ${formatShape(y)}; the batch sizes do not broadcast)`;
  agree(owner, x[0], y[0], expected);
  agree(owner, x[2], y[1], expected);
  const output = [x[0], x[1], y[2]];
  return { output, k: [x[2]], rule: `batch ${formatDim(x[0])}: (${box(x.slice(1))}) @ (${box(y.slice(1))}) → ${formatShape(output)}` };
}

/** addbmm: the batch of products is summed too. */
function bmmSumCore(owner: string, xs: readonly Shape[]): Product {
  const p = bmmCore(owner, xs);
  const output = p.output.slice(1);
  return { output, k: [xs[0][0], ...p.k], rule: `${p.rule}, summed over the batch → ${formatShape(output)}` };
}

function mvCore(owner: string, [x, v]: readonly Shape[], input?: Shape): Product {
  if (x.length !== 2 || v.length !== 1) {
    fail('wrong-rank', `${owner}: vector + matrix @ vector expected, got ${input ? `${input.length}-D, ` : ''}${x.length}-D and ${v.length}-D ` +
      `(${input ? `${formatShape(input)}, ` : ''}${formatShape(x)} and ${formatShape(v)})`);
  }
  agree(owner, x[1], v[0], () => `${owner}: size mismatch, ${mat(x)} @ ${formatDim(v[0])}: ${formatDim(x[1])} ≠ ${formatDim(v[0])}`);
  return { output: [x[0]], k: [x[1]], rule: `(${box(x)}) @ (${formatDim(v[0])},) → (${formatDim(x[0])},)` };
}

function dotCore(owner: string, [x, y]: readonly Shape[]): Product {
  if (x.length !== 1 || y.length !== 1) fail('wrong-rank', `${owner}: 1D tensors expected, but got ${x.length}D and ${y.length}D tensors`);
  agree(owner, x[0], y[0], () => `${owner}: inconsistent tensor size, expected tensor ${list(x)} and src ${list(y)} to have the same number of ` +
    `elements, but got ${formatDim(x[0])} and ${formatDim(y[0])} elements respectively`);
  return { output: [], k: [x[0]], rule: `(${formatDim(x[0])},) · (${formatDim(y[0])},) → ()` };
}

function innerCore(owner: string, [x, y]: readonly Shape[]): Product {
  if (x.length === 0 || y.length === 0) {
    const output = x.length === 0 ? [...y] : [...x];
    return { output, k: [], rule: `a 0-d operand multiplies elementwise → ${formatShape(output)}` };
  }
  agree(owner, x[x.length - 1], y[y.length - 1], () => `${owner}: the last dimension must match on both input tensors but got shapes ${list(x)} and ${list(y)}`);
  const output = [...x.slice(0, -1), ...y.slice(0, -1)];
  return { output, k: [x[x.length - 1]], rule: `${formatShape(x)} · ${formatShape(y)} over the last dim → ${formatShape(output)}` };
}

function outerCore(owner: string, [x, y]: readonly Shape[]): Product {
  if (x.length !== 1) fail('wrong-rank', `${owner}: expected 1-D argument self, but got ${x.length}-D (${formatShape(x)})`);
  if (y.length !== 1) fail('wrong-rank', `${owner}: expected 1-D argument vec2, but got ${y.length}-D (${formatShape(y)})`);
  const output = [x[0], y[0]];
  return { output, k: [], rule: `(${formatDim(x[0])},) ⊗ (${formatDim(y[0])},) → ${formatShape(output)}` };
}

function addrCore(owner: string, [x, y]: readonly Shape[]): Product {
  if (x.length !== 1) fail('wrong-rank', `${owner}: expected 1-D argument vec1, but got ${x.length}-D (${formatShape(x)})`);
  if (y.length !== 1) fail('wrong-rank', `${owner}: expected 1-D argument vec2, but got ${y.length}-D (${formatShape(y)})`);
  return outerCore(owner, [x, y]);
}

function kronCore(owner: string, [x, y]: readonly Shape[]): Product {
  const rank = Math.max(x.length, y.length);
  const output = Array.from({ length: rank }, (_v, i): Dim => {
    const a = x[x.length - rank + i] ?? 1;
    const b = y[y.length - rank + i] ?? 1;
    if (a === 1) return b;
    if (b === 1) return a;
    if (isKnown(a) && isKnown(b)) return a * b;
    throw new UnknownValueError(`${owner}: ${formatDim(a)}·${formatDim(b)} of a symbolic size`);
  });
  return { output, k: [], rule: `${formatShape(x)} ⊗ ${formatShape(y)}: sizes multiplied per aligned dim → ${formatShape(output)}` };
}

// ── tensordot ───────────────────────────────────────────────────────────────────────────────────────────────
function tensordotDims(owner: string, v: Value, _x: Shape, _y: Shape): [number[], number[]] {
  if (isUnknown(v)) throw new UnknownValueError(`dims: ${v.why}`);
  if (typeof v === 'number') {
    const n = int({ dims: v }, 'dims');
    if (n < 0) fail('bad-arguments', `${owner}: tensordot expects dims >= 0, but got dims=${n}`);
    return [Array.from({ length: n }, (_v, i) => i - n), Array.from({ length: n }, (_v, i) => i)];
  }
  if (!Array.isArray(v) || v.length !== 2 || !v.every(Array.isArray)) {
    return fail('bad-arguments', `${owner}: dims must be an int or a pair of lists of dims, got ${show(v)}`);
  }
  const [dx, dy] = (v as Value[][]).map((l) => l.map((d) => int({ dims: d }, 'dims')));
  if (dx.length !== dy.length) fail('bad-arguments', `${owner}: both dimension lists should have same length (${show(v)})`);
  return [dx, dy];
}

function wrapUnique(owner: string, dims: number[], rank: number): number[] {
  const wrapped = dims.map((d) => normalizeDim(owner, d, rank));
  const twice = wrapped.find((d, i) => wrapped.indexOf(d) !== i);
  if (twice !== undefined) fail('bad-arguments', `${owner}: dim ${twice} appears multiple times in the list of dims`);
  return wrapped;
}

function tensordotCore(owner: string, a: Args, [x, y]: readonly Shape[]): Product {
  const [dx, dy] = tensordotDims(owner, a.dims, x, y);
  const wx = wrapUnique(owner, dx, x.length);
  const wy = wrapUnique(owner, dy, y.length);
  const k: Dim[] = [];
  const pairs: string[] = [];
  wx.forEach((i, n) => {
    const [sx, sy] = [x[i], y[wy[n]]];
    // a size-1 side broadcasts: torch sums the other side first and contracts over 1
    if (sx === 1 || sy === 1) k.push(1);
    else {
      agree(owner, sx, sy, () => `${owner}: contracted dimensions need to match, but first has size ${formatDim(sx)} in dim ${dx[n]} ` +
        `and second has size ${formatDim(sy)} in dim ${dy[n]}`);
      k.push(sx);
    }
    pairs.push(`a[${i}] = ${formatDim(sx)} with b[${wy[n]}] = ${formatDim(sy)}`);
  });
  const output = [...x.filter((_d, i) => !wx.includes(i)), ...y.filter((_d, i) => !wy.includes(i))];
  return { output, k, rule: `${pairs.length ? `contracts ${pairs.join(', ')}` : 'no dims contracted (an outer product)'}; ` +
    `a's free dims then b's → ${formatShape(output)}` };
}

function vecdotCore(owner: string, a: Args, [x, y]: readonly Shape[]): Product {
  const b = broadcastShapes(owner, x, y);
  if (b.length === 0) {
    normalizeDim(owner, int(a, 'dim'), 0);
    return { output: [], k: [], rule: 'two 0-d tensors: their product ()' };
  }
  const d = normalizeDim(owner, int(a, 'dim'), b.length);
  const output = b.filter((_v, i) => i !== d);
  return { output, k: [b[d]], rule: `broadcast ${formatShape(b)}, summed over dim ${d} → ${formatShape(output)}` };
}

// ── Definitions ─────────────────────────────────────────────────────────────────────────────────────────────
type Core = (owner: string, xs: readonly Shape[]) => Product;

const productDef = (type: string, names: string[], tensorNames: string[], summary: string, core: Core): LayerDef => {
  const owner = type.slice(type.lastIndexOf('.') + 1);
  return {
    type, names, kind: 'function', summary, signature: [outArg], inputs: tensorNames.length, tensorNames, params: noParams,
    forward: (_a, xs) => {
      const p = core(owner, xs);
      return { output: p.output, working: [line('shape', p.rule)] };
    },
    cost: (_a, xs) => productCost(type, core(owner, xs)),
  };
};

/** β·input + α·product: input must broadcast to the product's shape; the in-place form must have it already. */
function checkAddend(owner: string, input: Shape, out: Shape, inplace: boolean): void {
  const same = input.length === out.length && input.every((d, i) => sameDim(d, out[i]));
  if (inplace) {
    if (same) return;
    if (input.length === out.length && input.every((d, i) => sameDim(d, out[i]) || !isKnown(d) || !isKnown(out[i]))) {
      throw new UnknownValueError(`${owner}: cannot tell statically whether ${formatShape(input)} is ${formatShape(out)}`);
    }
    fail('inplace-shape', `${owner}: bad in-place call: input tensor size ${list(input)} and output tensor size ${list(out)} should match`);
  }
  if (input.length > out.length) {
    fail('broadcast', `${owner}: input ${formatShape(input)} does not broadcast to the product's shape ${formatShape(out)}: the number of sizes ` +
      `provided (${out.length}) must be greater or equal to the number of dimensions in the tensor (${input.length})`);
  }
  input.forEach((d, i) => {
    const target = out[out.length - input.length + i];
    if (d === 1 || sameDim(d, target)) return;
    if (!isKnown(d) || !isKnown(target)) throw new UnknownValueError(`${owner}: cannot tell whether ${formatDim(d)} broadcasts to ${formatDim(target)}`);
    fail('broadcast', `${owner}: the expanded size of the tensor (${target}) must match the existing size (${d}) at non-singleton dimension ` +
      `${out.length - input.length + i}. Target sizes: ${list(out)}. Tensor sizes: ${list(input)}`);
  });
}

function scaledCost(owner: string, a: Args, p: Product): Cost {
  const base = productCost(owner, p);
  const out = knownCount(owner, p.output);
  const [alpha, beta] = [num(a, 'alpha'), num(a, 'beta')];
  const adds = beta === 0 ? 0n : out;
  const mults = (alpha !== 1 ? out : 0n) + (beta !== 0 && beta !== 1 ? out : 0n);
  return { macs: base.macs, exact: { ...base.exact, add: base.exact.add + adds, mul: base.exact.mul + mults }, working: [...base.working,
    `β·input + α·product: ${withSeparators(adds)} adds${beta === 0 ? ' (β = 0 ignores input)' : ''}, ${withSeparators(mults)} mults for α = ${alpha}, β = ${beta}`] };
}

const addFormDef = (type: string, names: string[], tensorNames: string[], summary: string, core: Core, inplace: boolean,
  coreWithInput?: (owner: string, xs: readonly Shape[], input: Shape) => Product): LayerDef => {
  const owner = type.slice(type.lastIndexOf('.') + 1);
  const plan = ([input, ...rest]: readonly Shape[]): Product => {
    const p = coreWithInput ? coreWithInput(owner, rest, input) : core(owner, rest);
    checkAddend(owner, input, p.output, inplace);
    return p;
  };
  return {
    type, names, kind: 'function', summary, inputs: 3, tensorNames, params: noParams,
    signature: [{ name: 'beta', default: 1, keywordOnly: true }, { name: 'alpha', default: 1, keywordOnly: true }, ...(inplace ? [] : [outArg])],
    forward: (_a, xs) => {
      const p = plan(xs);
      return { output: p.output, working: [line('shape', `${p.rule}; input ${formatShape(xs[0])} ${inplace ? 'has' : 'broadcasts to'} it`)] };
    },
    cost: (a, xs) => scaledCost(type, a, plan(xs)),
  };
};

interface AddFormOptions {
  /** torch.addmv_ exists besides Tensor.addmv_. */
  readonly torchInplace?: boolean;
  /** x.addbmm_ broadcasts x like the out-of-place form (and resizes it): what torch 1.13 does. */
  readonly inplaceBroadcasts?: boolean;
  readonly coreWithInput?: (owner: string, xs: readonly Shape[], input: Shape) => Product;
}

/** An add-form and its in-place twin (x.addmm_ keeps x's shape, so x must already be the product's). */
function addForms(name: string, tensorNames: string[], summary: string, core: Core, o: AddFormOptions = {}): LayerDef[] {
  return [
    addFormDef(`torch.${name}`, [`Tensor.${name}`], tensorNames, summary, core, false, o.coreWithInput),
    addFormDef(`Tensor.${name}_`, o.torchInplace ? [`torch.${name}_`] : [], tensorNames, `${summary}, in place`, core, !o.inplaceBroadcasts, o.coreWithInput),
  ];
}

// ── chain_matmul / linalg.multi_dot ─────────────────────────────────────────────────────────────────────────
interface Chain { readonly output: Shape; readonly sizes: Dim[] }

function chainPlan(owner: string, xs: readonly Shape[], vectorEnds: boolean): Chain {
  xs.forEach((s, i) => {
    const end = vectorEnds && (i === 0 || i === xs.length - 1);
    if (s.length === 2 || (end && s.length === 1)) return;
    const which = !vectorEnds ? `tensor ${i}` : i === 0 ? 'the first tensor' : i === xs.length - 1 ? 'the last tensor' : `tensor ${i}`;
    fail('wrong-rank', `${owner}: ${which} must be ${end ? '1D or 2D' : '2D'} but got ${s.length}D (${formatShape(s)})`);
  });
  // the chain's sizes p₀ … pₙ: a 1-D first tensor is a row (1, k), a 1-D last one a column (k, 1)
  const rows = xs.map((s, i) => (s.length === 1 ? (i === 0 ? [1, s[0]] : [s[0], 1]) : s));
  for (let i = 1; i < rows.length; i++) {
    agree(owner, rows[i - 1][1], rows[i][0], () => `${owner}: tensors ${i - 1} and ${i} with shapes ${list(xs[i - 1])} and ${list(xs[i])} cannot be multiplied`);
  }
  const first = xs[0];
  const last = xs[xs.length - 1];
  const output = [...(first.length === 2 ? [first[0]] : []), ...(last.length === 2 ? [last[1]] : [])];
  return { output, sizes: [rows[0][0], ...rows.map((r) => r[1])] };
}

/**
 * The cheapest order of a matrix chain (what torch's multi_dot picks): its MACs, the elements its steps produce
 * (each step (a × b)·(b × c) makes a·c sums of b products), and its parenthesisation.
 */
function cheapestChain(p: readonly bigint[]): { macs: bigint; outs: bigint; order: string } {
  const n = p.length - 1;
  const best = Array.from({ length: n }, () => Array.from({ length: n }, () => ({ macs: 0n, outs: 0n, split: 0 })));
  for (let len = 2; len <= n; len++) {
    for (let i = 0; i + len - 1 < n; i++) {
      const j = i + len - 1;
      for (let k = i; k < j; k++) {
        const macs = best[i][k].macs + best[k + 1][j].macs + p[i] * p[k + 1] * p[j + 1];
        if (k === i || macs < best[i][j].macs) best[i][j] = { macs, outs: best[i][k].outs + best[k + 1][j].outs + p[i] * p[j + 1], split: k };
      }
    }
  }
  const order = (i: number, j: number): string =>
    (i === j ? String.fromCharCode(65 + (i % 26)) : `(${order(i, best[i][j].split)}·${order(best[i][j].split + 1, j)})`);
  return { macs: best[0][n - 1].macs, outs: best[0][n - 1].outs, order: order(0, n - 1) };
}

function chainCost(owner: string, c: Chain): Cost {
  if (c.sizes.length <= 2) return { macs: 0n, exact: ops({}), working: ['one matrix: 0 (a copy)'] };
  const p = c.sizes.map((d) => knownCount(owner, [d]));
  const { macs, outs, order } = cheapestChain(p);
  return { macs, exact: ops({ mul: macs, add: macs - outs }), working: [
    `cheapest order ${order} (sizes ${p.join(', ')}): MACs = Σ a·b·c over its steps = ${withSeparators(macs)}`,
    `mults = ${withSeparators(macs)}; adds = MACs − Σ a·c (the elements each step makes) = ${withSeparators(macs - outs)}`,
  ] };
}

const chainMatmul: LayerDef = {
  type: 'torch.chain_matmul', kind: 'function', summary: 'product of a chain of matrices, in the cheapest order', signature: [{ name: 'matrices', tensor: 'list' }],
  inputs: 'list', varargs: 'matrices', params: noParams,
  forward: (_a, xs) => {
    if (xs.length === 0) fail('cat-empty', 'chain_matmul(): expected one or more matrices');
    const c = chainPlan('chain_matmul', xs, false);
    return { output: c.output, working: [line('shape', `${xs.map(formatShape).join(' · ')} → ${formatShape(c.output)}`)] };
  },
  cost: (_a, xs) => chainCost('torch.chain_matmul', chainPlan('chain_matmul', xs, false)),
};

const multiDot: LayerDef = {
  type: 'torch.linalg.multi_dot', kind: 'function', summary: 'product of a chain of matrices (vectors at the ends), in the cheapest order',
  signature: [{ name: 'tensors', tensor: 'list' }, outArg], inputs: 'list', params: noParams,
  forward: (_a, xs) => {
    if (xs.length < 2) fail('bad-arguments', `multi_dot(): expected at least 2 tensors but got ${xs.length}`);
    const c = chainPlan('multi_dot()', xs, true);
    return { output: c.output, working: [line('shape', `${xs.map(formatShape).join(' · ')} → ${formatShape(c.output)} (1-D ends removed)`)] };
  },
  cost: (_a, xs) => chainCost('torch.linalg.multi_dot', chainPlan('multi_dot()', xs, true)),
};

// ── trace, cross ────────────────────────────────────────────────────────────────────────────────────────────
const trace: LayerDef = {
  type: 'torch.trace', names: ['Tensor.trace'], kind: 'function', summary: 'sum of the main diagonal', signature: [], params: noParams,
  forward: (_a, [x]) => {
    if (x.length !== 2) fail('wrong-rank', `trace: expected a matrix, but got tensor with dim ${x.length} (${formatShape(x)})`);
    return { output: [], working: [line('shape', `${formatShape(x)} → () (the diagonal's sum)`)] };
  },
  cost: (_a, [x]) => {
    const [n, m] = [knownCount('torch.trace', [x[0]]), knownCount('torch.trace', [x[1]])];
    const len = n < m ? n : m;
    const adds = len > 0n ? len - 1n : 0n;
    return { macs: 0n, exact: ops({ add: adds }), working: [`adds = min(${n}, ${m}) − 1 = ${adds}`] };
  },
};

function crossForward(owner: string, x: Shape, y: Shape, dim: number | null): Forward {
  let d: number;
  if (dim === null) {
    // torch.cross without dim: the input's first dimension of size 3 (deprecated, but what 1.13 and 2.x do)
    const i = x.findIndex((s) => !isKnown(s) || s === 3);
    if (i < 0) fail('cross-dim', `${owner}: no dimension of size 3 in input ${formatShape(x)}`);
    if (!isKnown(x[i])) throw new UnknownValueError(`${owner}: cannot tell whether ${formatDim(x[i])} is the first size 3`);
    d = i;
  } else d = normalizeDim(owner, dim, x.length);
  if (x.length !== y.length) fail('wrong-rank', `${owner}: inputs must have the same number of dimensions (${formatShape(x)} and ${formatShape(y)})`);
  for (const s of [x[d], y[d]]) {
    if (!isKnown(s)) throw new UnknownValueError(`${owner}: cannot tell whether ${formatDim(s)} is 3`);
    if (s !== 3) fail('cross-dim', `${owner}: inputs dimension ${dim ?? d} must have length 3. Got ${formatDim(x[d])} and ${formatDim(y[d])}`);
  }
  const output = broadcastShapes(owner, x, y);
  return { output, working: [line('shape', `3-vectors along dim ${d}; broadcast ${formatShape(x)} and ${formatShape(y)} → ${formatShape(output)}`)] };
}

function crossCost(owner: string, out: Shape): Cost {
  const n = knownCount(owner, out);
  return { macs: 0n, exact: ops({ mul: 2n * n, add: n }), working: [`per 3-vector 6 mults and 3 subtractions: mults = 2 · ${withSeparators(n)}, adds = ${withSeparators(n)}`] };
}

const crossDefs: LayerDef[] = [
  { type: 'torch.cross', names: ['Tensor.cross'], kind: 'function', summary: 'cross product of 3-vectors along dim', inputs: 2,
    signature: [{ name: 'dim', default: null }, outArg], params: noParams,
    forward: (a, [x, y]) => crossForward('linalg.cross', x, y, a.dim === null ? null : int(a, 'dim')),
    cost: (_a, _x, out) => crossCost('torch.cross', out as Shape) },
  { type: 'torch.linalg.cross', kind: 'function', summary: 'cross product of 3-vectors along dim (broadcasting)', inputs: 2,
    signature: [{ name: 'dim', default: -1, keywordOnly: true }, outArg], params: noParams,
    forward: (a, [x, y]) => crossForward('linalg.cross', x, y, int(a, 'dim')),
    cost: (_a, _x, out) => crossCost('torch.linalg.cross', out as Shape) },
];

const withArgs = (type: string, names: string[], tensorNames: string[], summary: string, signature: ArgSpec[],
  core: (owner: string, a: Args, xs: readonly Shape[]) => Product): LayerDef => {
  const owner = type.slice(type.lastIndexOf('.') + 1);
  return {
    type, names, kind: 'function', summary, signature, inputs: 2, tensorNames, params: noParams,
    forward: (a, xs) => {
      const p = core(owner, a, xs);
      return { output: p.output, working: [line('shape', p.rule)] };
    },
    cost: (a, xs) => productCost(type, core(owner, a, xs)),
  };
};

const linalgDefs: LayerDef[] = [
  productDef('torch.mm', ['Tensor.mm'], ['input', 'mat2'], 'matrix product of two matrices', mmCore),
  productDef('torch.bmm', ['Tensor.bmm'], ['input', 'mat2'], 'batched matrix product (equal batch sizes)', bmmCore),
  productDef('torch.mv', ['Tensor.mv'], ['input', 'vec'], 'matrix–vector product', (o, xs) => mvCore(o, xs)),
  productDef('torch.dot', ['Tensor.dot'], ['input', 'tensor'], 'dot product of two 1-D tensors', dotCore),
  productDef('torch.vdot', ['Tensor.vdot'], ['input', 'other'], 'dot product, the first conjugated', dotCore),
  productDef('torch.inner', ['Tensor.inner'], ['input', 'other'], 'inner product over the last dimension', innerCore),
  productDef('torch.outer', ['Tensor.outer', 'torch.ger', 'Tensor.ger'], ['input', 'vec2'], 'outer product of two vectors', outerCore),
  productDef('torch.kron', ['Tensor.kron'], ['input', 'other'], 'Kronecker product', kronCore),
  withArgs('torch.tensordot', [], ['a', 'b'], 'contraction over the given dims', [{ name: 'dims', default: 2 }, outArg], tensordotCore),
  withArgs('torch.linalg.vecdot', [], ['x', 'y'], 'dot product along dim, with broadcasting',
    [{ name: 'dim', default: -1, keywordOnly: true }, outArg], vecdotCore),
  ...addForms('addmm', ['input', 'mat1', 'mat2'], 'β·input + α·(mat1 @ mat2)', (o, xs) => {
    rankOf(o, xs[0], [2], () => 'mat1 must be a matrix');
    return mmCore(o, xs);
  }),
  ...addForms('baddbmm', ['input', 'batch1', 'batch2'], 'β·input + α·(batch1 @ batch2), batched', bmmCore),
  ...addForms('addbmm', ['input', 'batch1', 'batch2'], 'β·input + α·Σ_b batch1[b] @ batch2[b]', bmmSumCore, { inplaceBroadcasts: true }),
  ...addForms('addmv', ['input', 'mat', 'vec'], 'β·input + α·(mat @ vec)', (o, xs) => mvCore(o, xs), { torchInplace: true, coreWithInput: mvCore }),
  ...addForms('addr', ['input', 'vec1', 'vec2'], 'β·input + α·(vec1 ⊗ vec2)', addrCore),
  chainMatmul, multiDot, trace, ...crossDefs,
];

// ── Memory and receptive field, one rule for the family ─────────────────────────────────────────────────────
// A product keeps each factor for the other's gradient (the add-forms' bias input is not kept); the chained
// products' intermediate results are not modelled; a trace keeps nothing. A product mixes positions: global.
const ADD_FORMS = /^(torch|Tensor)\.(addmm|baddbmm|addbmm|addmv|addr)_?$/;
function productSaves(d: LayerDef): LayerDef['saves'] {
  if (d.type === 'torch.trace') return () => [];
  if (d.type === 'torch.chain_matmul' || d.type === 'torch.linalg.multi_dot') return undefined;
  if (ADD_FORMS.test(d.type)) return () => [{ input: 2, when: [1] }, { input: 1, when: [2] }];
  return () => [{ input: 1, when: [0] }, { input: 0, when: [1] }];
}

export const linalgLayers: LayerDef[] = linalgDefs.map((d) => ({
  ...d, saves: productSaves(d), receptive: () => ({ kind: 'global', why: 'a matrix product mixes the positions' }),
}));
