// einops (`import einops`, `from einops import rearrange, pack`, `from einops.layers.torch import Rearrange`): the
// functions are ops of the engine's registry (einops.rearrange …), called through tensorOp; the layer classes are
// modules of kind 'layer' (Rearrange, Reduce, EinMix), so that nn.Sequential(Rearrange(…), nn.Linear(…)) runs them
// in order. Two calls need help from here: pack returns (packed, ps), and einsum takes its pattern last.
import { isKnown, packedShapes, type Shape } from '../../../engine';
import { buildLayer } from '../modules';
import { tensorOp } from '../ops';
import { TensorValue, unknown, type PyValue } from '../values';
import type { Handler, LibraryCall } from './index';

/**
 * rearrange / repeat / reduce(tensor, pattern, …): a list of tensors is stacked first, as einops does
 * (torch.stack checks that they agree).
 */
const transform = (spelling: string): Handler => (ev, c) => {
  const [first, ...rest] = c.args;
  if (!Array.isArray(first) || !first.some((t) => t instanceof TensorValue)) return tensorOp(ev, spelling, c.args, c.kwargs, c.node);
  const stacked = tensorOp(ev, 'torch.stack', [first], new Map(), c.node);
  return tensorOp(ev, spelling, [stacked, ...rest], c.kwargs, c.node);
};

/** ps: the dims each tensor's `*` stood for, as Python ints (a symbolic size is not a known int). */
function packedShapesOf(c: LibraryCall): PyValue {
  const tensors = c.args[0] ?? c.kwargs.get('tensors');
  const pattern = c.args[1] ?? c.kwargs.get('pattern');
  const why = 'the packed shapes of tensors not known statically';
  if (!Array.isArray(tensors) || typeof pattern !== 'string') return unknown(why);
  const shapes: Shape[] = [];
  for (const t of tensors) {
    if (!(t instanceof TensorValue) || !t.shape) return unknown(why);
    shapes.push(t.shape);
  }
  try {
    return packedShapes('einops.pack', pattern, shapes).map((s) => s.map((d) => (isKnown(d) ? d : unknown('a symbolic size'))));
  } catch {
    return unknown(why); // the pattern or a rank is wrong: the packed tensor's outcome says so
  }
}

/** pack(tensors, pattern) → (packed, ps). */
const pack: Handler = (ev, c) => [tensorOp(ev, 'einops.pack', c.args, c.kwargs, c.node), packedShapesOf(c)];

/** einsum(*tensors, pattern): the registry takes the tensors as one list, then the pattern. */
const einsum: Handler = (ev, c) => {
  const pattern = c.args.length > 0 ? c.args[c.args.length - 1] : null;
  return tensorOp(ev, 'einops.einsum', [c.args.slice(0, -1), pattern], c.kwargs, c.node);
};

const layer = (type: string): Handler => (ev, c) => buildLayer(type, c.args, c.kwargs, c.node, ev.file.options.strict);
const op = (spelling: string): Handler => (ev, c) => tensorOp(ev, spelling, c.args, c.kwargs, c.node);

export const einopsHandlers: Record<string, Handler> = {
  'einops.rearrange': transform('einops.rearrange'),
  'einops.repeat': transform('einops.repeat'),
  'einops.reduce': transform('einops.reduce'),
  'einops.pack': pack,
  'einops.unpack': op('einops.unpack'),
  'einops.einsum': einsum,
  'einops.layers.torch.Rearrange': layer('Rearrange'),
  'einops.layers.torch.Reduce': layer('Reduce'),
  'einops.layers.torch.EinMix': layer('EinMix'),
};
