// Positions: `torch.arange(t)` holds 0…t−1, t symbolic while the input is solved. Looked up in a learned position
// table (`self.pos_embed(torch.arange(seq_len).unsqueeze(0).expand_as(x))`, an Embedding of maxlen rows), it needs
// t ≤ maxlen: PyTorch raises "index out of range" beyond. The bound is followed through the ops that only move or
// copy the positions, never through arithmetic; moduleCalls.ts states the constraint at the Embedding.
import { TensorValue, type PyValue } from './values';

type SymDim = NonNullable<TensorValue['shape']>[number];
const positionBounds = new WeakMap<TensorValue, SymDim>();

/** The exclusive bound of a tensor of positions (`arange(t)`: t), when known to be one. */
export const positionBound = (t: TensorValue): SymDim | undefined => positionBounds.get(t);

const MOVES_POSITIONS = new Set(['unsqueeze', 'expand', 'expand_as', 'view', 'reshape', 'repeat', 'contiguous', 'to', 'long', 'int', 'cuda',
  'cpu', 'clone', 'detach', 'flatten', '__getitem__', 'type_as', 'view_as', 'reshape_as', 'broadcast_to']);

/** Marks `torch.arange(t)` / `arange(0, t)` (step 1) with its bound, and keeps a bound through MOVES_POSITIONS. */
export function withPositionBound(type: string, args: readonly PyValue[], kwargs: ReadonlyMap<string, PyValue>, out: PyValue): PyValue {
  if (!(out instanceof TensorValue)) return out;
  const name = type.slice(type.lastIndexOf('.') + 1);
  if (name === 'arange') {
    // arange(end), arange(0, end), arange(0, end, 1): the positions 0…end−1, as many as the output's one size
    const [a, b, c] = args;
    const start = b === undefined ? kwargs.get('start') ?? 0 : a;
    if (start === 0 && (c ?? kwargs.get('step') ?? 1) === 1 && out.shape?.length === 1) positionBounds.set(out, out.shape[0]);
    return out;
  }
  const first = args[0];
  const bound = first instanceof TensorValue ? positionBounds.get(first) : undefined;
  if (bound !== undefined && MOVES_POSITIONS.has(name)) positionBounds.set(out, bound);
  return out;
}
