// Which tensors a record reads and writes, for the memory estimate and the receptive field: each tensor value has an
// id, and its storage is shared by views (x.view, x[0], flatten) and by in-place results (relu_, x += y,
// ReLU(inplace=True)), so that what autograd saves is counted once per storage, as PyTorch's memory is.
import { isInPlace, TensorArg, type Arg, type Args, type LayerDef } from '../../engine';
import type { TensorRef } from '../model';
import { NamespaceValue, TensorValue, type PyValue, type Storage } from './values';
import { elementKind } from './tensorData';

/** A tensor value as records refer to it: one object per value (a value never changes), shared by every record that reads it. */
export function refOf(t: TensorValue): TensorRef {
  if (t.ref) return t.ref;
  const ref: { -readonly [K in keyof TensorRef]: TensorRef[K] } = { id: t.id, storage: t.storage, contiguous: t.contiguous };
  if (t.param) ref.param = true;
  if (t.param === 'frozen') ref.frozen = true;
  if (t.shape) ref.shape = t.shape;
  return (t.ref = ref);
}

/** Every tensor in a value, in order (a tuple's tensors). */
export function tensorsOf(v: PyValue | undefined): TensorValue[] {
  if (v instanceof TensorValue) return [v];
  if (Array.isArray(v)) return v.flatMap(tensorsOf);
  if (v instanceof NamespaceValue && v.tuple) return [...v.attrs.values()].flatMap(tensorsOf); // a namedtuple
  return [];
}

/**
 * The storage an op's output shares with its first tensor input: the input's own for an in-place op (or an
 * augmented assignment `x += y` on a tensor), for a view the input's too (no longer contiguous after a transpose);
 * undefined when the op makes a new tensor.
 */
export function sharedStorage(def: LayerDef, spelling: string, args: Args | undefined, input: PyValue | undefined,
  augmented = false): Storage | undefined {
  if (!(input instanceof TensorValue)) return undefined;
  if (augmented || isInPlace(spelling, args)) return { storage: input.storage, contiguous: input.contiguous };
  let kind: 'view' | 'strided' | undefined;
  try {
    kind = args && def.view ? def.view(args, input.contiguous) : undefined;
  } catch {
    kind = undefined; // an argument not known statically: taken as a new tensor
  }
  return kind ? { storage: input.storage, contiguous: kind === 'view' && input.contiguous } : undefined;
}

/**
 * Interpreter values as engine arguments, remembering which tensor each TensorArg stands for, so that a bound call's
 * tensor arguments (in the op's own order) can be traced back to the tensors.
 */
export class ArgTracker {
  // both made on first use: an op called with no tensor or no list needs neither
  private sources?: Map<TensorArg, TensorValue>;
  /** A list seen again (one row object standing for every row of a long table) converts once. */
  private lists?: Map<readonly PyValue[], Arg>;

  constructor(private readonly toArg: (v: PyValue) => Arg) {}

  arg(v: PyValue): Arg {
    if (v instanceof TensorValue) {
      const a = new TensorArg(v.shape, elementKind(v) === 'int');
      (this.sources ??= new Map()).set(a, v);
      return a;
    }
    if (Array.isArray(v)) {
      const lists = (this.lists ??= new Map());
      let a = lists.get(v);
      if (!a) lists.set(v, (a = v.map((x) => this.arg(x))));
      return a;
    }
    return this.toArg(v);
  }

  /** The refs of a bound call's tensor arguments: null for a Python number, a fresh unknown ref never. */
  refs(tensorArgs: readonly Arg[]): (TensorRef | null)[] {
    return tensorArgs.map((a) => {
      const t = a instanceof TensorArg ? this.sources?.get(a) : undefined;
      return t ? refOf(t) : null;
    });
  }
}
