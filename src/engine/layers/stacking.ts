// Ops that combine several tensors or lift their rank: hstack / vstack (row_stack) / dstack / column_stack,
// meshgrid, broadcast_to, broadcast_tensors and atleast_1d / 2d / 3d.
//
//   atleast_1d/2d/3d  0-d → (1,) / (1, 1) / (1, 1, 1); 1-d (n,) → (n,) / (1, n) / (1, n, 1); 2-d (m, n) → … / … / (m, n, 1);
//                     higher ranks unchanged. One tensor gives a tensor; several (or none) a tuple.
//   hstack            atleast_1d, then cat along dim 0 if the first is 1-D, else dim 1
//   vstack, row_stack atleast_2d, then cat along dim 0        dstack  atleast_3d, then cat along dim 2
//   column_stack      0-d and 1-d tensors become columns (n, 1), then cat along dim 1
//   meshgrid          0-d or 1-d tensors of sizes n₁ … n_k → k tensors of (n₁, …, n_k); indexing='xy' swaps the
//                     first two sizes
//   broadcast_to      expand's rule (sizes aligned on the right, −1 keeps a size, a size 1 grows)
//   broadcast_tensors every tensor takes the broadcast shape of all of them
//   cost              0 (copies and views); params none
import { FREE } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { formatShape, type Dim, type Shape, type ShapeTree } from '../shape';
import { intList, isUnknown, show, type Args } from '../values';
import { line } from '../working';
import { broadcastShapes, catForward } from './tensorOps';
import { expandForward } from './views';

const noParams = () => ({ tensors: [], working: [] });

/** torch.atleast_{n}d of one shape. */
function atLeast(s: Shape, n: 1 | 2 | 3): Shape {
  if (s.length >= n) return [...s];
  if (s.length === 0) return Array<Dim>(n).fill(1);
  if (n === 2) return [1, ...s];
  return s.length === 1 ? [1, s[0], 1] : [...s, 1];
}

function nonEmpty(owner: string, xs: readonly Shape[]): void {
  if (xs.length === 0) fail('cat-empty', `${owner} expects a non-empty TensorList`);
}

function stackAlong(owner: string, xs: readonly Shape[], lift: (s: Shape) => Shape, dimOf: (lifted: Shape[]) => number, how: string): Forward {
  nonEmpty(owner, xs);
  const lifted = xs.map(lift);
  const dim = dimOf(lifted);
  const cat = catForward(owner, { dim }, lifted);
  return { output: cat.output, working: [line('shape', `${how}: ${lifted.map(formatShape).join(', ')}, concatenated along dim ${dim} → ${formatShape(cat.output)}`)] };
}

const tuple = (shapes: Shape[]): ShapeTree => ({ tuple: shapes });

function meshgridForward(a: Args, xs: readonly Shape[]): Forward {
  const owner = 'torch.meshgrid';
  nonEmpty(owner, xs);
  const indexing = a.indexing;
  if (isUnknown(indexing)) throw new UnknownValueError(`indexing: ${indexing.why}`);
  if (indexing !== null && indexing !== 'ij' && indexing !== 'xy') {
    fail('bad-arguments', `${owner}: indexing must be one of "xy" or "ij", but received: ${show(indexing)}`);
  }
  xs.forEach((s, i) => {
    if (s.length > 1) fail('wrong-rank', `${owner}: expected 0D or 1D tensor in the tensor list but got a ${s.length}-D tensor ${formatShape(s)} at position ${i}`);
  });
  const sizes = xs.map((s) => (s.length === 0 ? 1 : s[0]));
  if (indexing === 'xy' && sizes.length >= 2) [sizes[0], sizes[1]] = [sizes[1], sizes[0]];
  return { output: tuple(xs.map(() => [...sizes])), working: [line('shape',
    `${xs.length} grids of ${formatShape(sizes)} (indexing '${indexing ?? 'ij'}'${indexing === 'xy' && sizes.length >= 2 ? ': the first two sizes swapped' : ''})`)] };
}

function atLeastDef(n: 1 | 2 | 3): LayerDef {
  return {
    type: `torch.atleast_${n}d`, kind: 'function', summary: `each tensor viewed with at least ${n} dimension${n > 1 ? 's' : ''}`, inputs: 'list', varargs: 'tensors',
    signature: [], params: noParams, cost: () => FREE,
    forward: (_a, xs) => {
      const out = xs.map((s) => atLeast(s, n));
      // one tensor gives a tensor; a list (or several) a tuple — a one-entry list is read as one tensor here
      const output: ShapeTree = out.length === 1 ? out[0] : tuple(out);
      return { output, working: [line('shape', `${xs.map(formatShape).join(', ') || 'nothing'} → ${formatShape(output)}`)] };
    },
  };
}

const listDef = (type: string, names: string[], summary: string, forward: (owner: string, xs: readonly Shape[]) => Forward): LayerDef => ({
  type, names, kind: 'function', summary, inputs: 'list', signature: [{ name: 'out', default: null, keywordOnly: true }], params: noParams,
  cost: () => FREE, forward: (_a, xs) => forward(type.slice(type.indexOf('.') + 1), xs),
});

const stackingDefs: LayerDef[] = [
  listDef('torch.hstack', [], 'concatenation along dim 1 (dim 0 for vectors)', (o, xs) =>
    stackAlong(o, xs, (s) => atLeast(s, 1), (l) => (l[0].length === 1 ? 0 : 1), 'atleast_1d')),
  listDef('torch.vstack', ['torch.row_stack'], 'concatenation along dim 0, vectors as rows', (o, xs) =>
    stackAlong(o, xs, (s) => atLeast(s, 2), () => 0, 'atleast_2d')),
  listDef('torch.dstack', [], 'concatenation along dim 2 (depth)', (o, xs) => stackAlong(o, xs, (s) => atLeast(s, 3), () => 2, 'atleast_3d')),
  listDef('torch.column_stack', [], 'vectors as columns, concatenated along dim 1', (o, xs) =>
    stackAlong(o, xs, (s) => (s.length === 0 ? [1, 1] : s.length === 1 ? [s[0], 1] : [...s]), () => 1, 'vectors as columns')),
  { type: 'torch.meshgrid', kind: 'function', summary: 'coordinate grids from 1-D tensors', inputs: 'list', varargs: 'tensors',
    signature: [{ name: 'indexing', default: null, keywordOnly: true }], params: noParams, forward: meshgridForward, cost: () => FREE },
  { type: 'torch.broadcast_to', names: ['Tensor.broadcast_to'], kind: 'function', summary: 'a view broadcast to the given shape',
    signature: [{ name: 'size' }], params: noParams, forward: (a, [x]) => expandForward('broadcast_to', x, intList(a, 'size')), cost: () => FREE },
  { type: 'torch.broadcast_tensors', kind: 'function', summary: 'every tensor broadcast to their common shape', inputs: 'list', varargs: 'tensors',
    signature: [], params: noParams, cost: () => FREE,
    forward: (_a, xs) => {
      const common = xs.length ? xs.reduce((acc, s) => broadcastShapes('broadcast_tensors', acc, s)) : [];
      return { output: tuple(xs.map(() => [...common])), working: [line('shape', `${xs.length} tensors broadcast to ${formatShape(common)}`)] };
    } },
  atLeastDef(1), atLeastDef(2), atLeastDef(3),
];

// Nothing is saved (concatenations and broadcasts need only sizes); broadcast_to and the atleast_* forms are views.
const VIEWS = new Set(['torch.broadcast_to', 'torch.broadcast_tensors', 'torch.atleast_1d', 'torch.atleast_2d', 'torch.atleast_3d']);
export const stackingLayers: LayerDef[] = stackingDefs.map((d) => ({
  ...d, saves: () => [], view: VIEWS.has(d.type) ? () => 'strided' as const : undefined,
}));
