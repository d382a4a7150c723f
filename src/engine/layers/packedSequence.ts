// torch.nn.utils.rnn: padding a list of sequences, and the PackedSequence an RNN reads without the padding.
//
//   pad_sequence(sequences, batch_first=False)     (max L, B, *) or (B, max L, *): the sequences (L_i, *) agree in *
//   the packed value                               PackedSequence(data, batch_sizes, sorted_indices, unsorted_indices):
//                                                  data (Σ lengths, *) — every sequence's steps, the padding left out —,
//                                                  batch_sizes (max length,), and the two index permutations (B,).
//                                                  (PyTorch gives None for the permutations when the lengths come
//                                                  sorted — enforce_sorted=True; ShapeLens keeps their (B,) shape so
//                                                  that the batch is carried to pad_packed_sequence.)
//   pack_padded_sequence(input, lengths,           input (L, B, *) or (B, L, *); one length per sequence, each > 0,
//     batch_first, enforce_sorted)                 in decreasing order unless enforce_sorted=False. Lengths given as a
//                                                  list are read (Σ and max known); as a tensor, only the run knows
//                                                  them: Σlengths and max_length stay symbolic
//   pack_sequence(sequences, enforce_sorted)       the lengths are the sequences' first dims
//   pad_packed_sequence(sequence, batch_first,     (padded (T, B, *) or (B, T, *), lengths (B,)); T = total_length, or
//     padding_value, total_length)                 the longest length; total_length ≥ the longest
//   cost                                           0 (copies)
import { agree } from '../assume';
import { FREE } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { formatDim, formatShape, isKnown, symbol, type Dim, type Shape } from '../shape';
import { bool, int, isUnknown, type Args, type Value } from '../values';
import { line } from '../working';

const noParams = () => ({ tensors: [], working: [] });
const RNN = 'torch.nn.utils.rnn.';

/** The packed value as a tuple of shapes: (data, batch_sizes, sorted_indices, unsorted_indices). */
function packed(owner: string, steps: Dim, longest: Dim, batch: Dim, rest: Shape): Forward {
  const output = { tuple: [[steps, ...rest], [longest], [batch], [batch]] };
  return { output, working: [line('packed', `${owner}: PackedSequence(data ${formatShape([steps, ...rest])}, batch_sizes (${formatDim(longest)},), ` +
    `sorted_indices and unsorted_indices (${formatDim(batch)},))`)] };
}

/** Each sequence's length as known numbers, checked as PyTorch checks them; undefined when only the run knows them. */
function readLengths(owner: string, v: Value, batch: Dim, sorted: boolean): number[] | undefined {
  if (isUnknown(v) || !Array.isArray(v)) return undefined;
  const lengths = v.map((x) => int({ length: x }, 'length'));
  if (isKnown(batch) && lengths.length !== batch) {
    fail('bad-arguments', `${owner}: Expected \`len(lengths)\` to be equal to batch_size, but got ${lengths.length} (batch_size=${batch})`);
  }
  if (lengths.some((n) => n <= 0)) fail('bad-arguments', `${owner}: Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0`);
  if (sorted && lengths.some((n, i) => i > 0 && n > lengths[i - 1])) {
    fail('bad-arguments', `${owner}: \`lengths\` array must be sorted in decreasing order when \`enforce_sorted\` is True (${formatShape(lengths)}); pass enforce_sorted=False to sidestep this`);
  }
  return lengths;
}

const packPadded: LayerDef = {
  type: `${RNN}pack_padded_sequence`, kind: 'function', summary: 'a padded batch of sequences packed without its padding',
  signature: [{ name: 'lengths' }, { name: 'batch_first', default: false }, { name: 'enforce_sorted', default: true }], params: noParams,
  forward: (a, [x]) => {
    const owner = 'pack_padded_sequence';
    if (x.length < 2) fail('wrong-rank', `${owner}: the input must be (L, B, *) or (B, L, *), got ${formatShape(x)}`);
    const first = bool(a, 'batch_first');
    const [steps, batch] = first ? [x[1], x[0]] : [x[0], x[1]];
    const lengths = readLengths(owner, a.lengths, batch, bool(a, 'enforce_sorted'));
    if (lengths && isKnown(steps) && Math.max(...lengths) > steps) {
      throw new UnknownValueError(`${owner}: a length beyond the ${steps} steps of the input is not followed`);
    }
    return lengths
      ? packed(owner, lengths.reduce((s, n) => s + n, 0), Math.max(...lengths), batch, x.slice(2))
      : packed(owner, symbol('Σlengths'), symbol('max_length'), batch, x.slice(2));
  },
  cost: () => FREE,
};

/** The sequences' common trailing dims, or PyTorch's complaint. */
function trailing(owner: string, xs: readonly Shape[]): Shape {
  if (xs.length === 0) fail('bad-arguments', `${owner}: received an empty list of sequences`);
  xs.forEach((x) => {
    if (x.length === 0) fail('wrong-rank', `${owner}: Dimension specified as 0 but tensor has no dimensions`);
  });
  const rest = xs[0].slice(1);
  for (const x of xs) {
    const other = x.slice(1);
    const mismatch = () => fail('shape-mismatch', `${owner}: the sequences must agree beyond their first dim: ${formatShape(xs[0])} and ${formatShape(x)}`);
    if (other.length !== rest.length) mismatch();
    // symbolic sizes must be equal: a constraint when collecting, else unknown (never an error they may not be)
    other.forEach((d, k) => agree(owner, rest[k], d, mismatch));
  }
  return rest;
}

const firstDims = (owner: string, xs: readonly Shape[]): number[] => xs.map((x) => {
  if (!isKnown(x[0])) throw new UnknownValueError(`${owner}: the length ${formatDim(x[0])} is symbolic`);
  return x[0];
});

const padSequence: LayerDef = {
  type: `${RNN}pad_sequence`, kind: 'function', summary: 'sequences of different lengths padded into one tensor', inputs: 'list', tensorNames: ['sequences'],
  signature: [{ name: 'batch_first', default: false }, { name: 'padding_value', default: 0.0 }], params: noParams,
  forward: (a, xs) => {
    const rest = trailing('pad_sequence', xs);
    const longest = Math.max(...firstDims('pad_sequence', xs));
    const output = bool(a, 'batch_first') ? [xs.length, longest, ...rest] : [longest, xs.length, ...rest];
    return { output, working: [line('shape', `${xs.length} sequences, the longest ${longest} → ${formatShape(output)}`)] };
  },
  cost: () => FREE,
};

const packSequence: LayerDef = {
  type: `${RNN}pack_sequence`, kind: 'function', summary: 'sequences of different lengths packed without padding', inputs: 'list', tensorNames: ['sequences'],
  signature: [{ name: 'enforce_sorted', default: true }], params: noParams,
  forward: (a, xs) => {
    const rest = trailing('pack_sequence', xs);
    const lengths = readLengths('pack_sequence', firstDims('pack_sequence', xs), xs.length, bool(a, 'enforce_sorted'))!;
    return packed('pack_sequence', lengths.reduce((s, n) => s + n, 0), Math.max(...lengths), xs.length, rest);
  },
  cost: () => FREE,
};

const padPacked: LayerDef = {
  type: `${RNN}pad_packed_sequence`, kind: 'function', summary: 'a PackedSequence padded back into one tensor, with the lengths',
  inputs: 'list', tensorNames: ['sequence'],
  signature: [{ name: 'batch_first', default: false }, { name: 'padding_value', default: 0.0 }, { name: 'total_length', default: null }], params: noParams,
  forward: (a: Args, xs) => {
    const owner = 'pad_packed_sequence';
    if (xs.length !== 4 || xs[1].length !== 1 || xs[2].length !== 1) throw new UnknownValueError(`${owner}: the argument is not a PackedSequence ShapeLens made`);
    const [data, [longest], [batch]] = xs;
    let steps: Dim = longest;
    if (a.total_length !== null) {
      const total = int(a, 'total_length');
      if (isKnown(longest) && total < longest) {
        fail('bad-arguments', `${owner}: Expected total_length to be at least the length of the longest sequence in input, but got total_length=${total} and max sequence length being ${longest}`);
      }
      steps = total;
    }
    const rest = data.slice(1);
    const padded = bool(a, 'batch_first') ? [batch, steps, ...rest] : [steps, batch, ...rest];
    return { output: { tuple: [padded, [batch]] }, working: [line('shape', `(padded ${formatShape(padded)}, lengths (${formatDim(batch)},))`)] };
  },
  cost: () => FREE,
};

export const packedSequenceLayers: LayerDef[] = [padSequence, packPadded, packSequence, padPacked];
