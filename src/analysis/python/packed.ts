// nn.RNN / nn.LSTM / nn.GRU called on a PackedSequence (nn.utils.rnn.pack_padded_sequence, pack_sequence): the
// engine's packed value is the tuple (data (Σlengths, *), batch_sizes (T,), sorted_indices (B,), unsorted_indices (B,))
// (src/engine/layers/packedSequence.ts). The layer runs as on the padded (T, B, *) batch; its output is packed again
// — data (Σlengths, D·R), the same batch_sizes and permutations — and h_n (and c_n) are the padded run's. The cost
// counts the Σlengths steps that are computed, not the padding: known when the lengths are.
import { isKnown, isTuple, type Cost, type LayerOutcome, type Shape } from '../../engine';
import type { Evaluator } from './evaluator';
import { evaluateCached, fromShapeTree, unknownTensor } from './ops';
import { TensorValue, type ModuleInstance, type PyValue } from './values';

const RECURRENT = new Set(['RNN', 'LSTM', 'GRU']);

/** The packed value of a pack_* call: four tensors that came out of it. */
export function isPacked(v: PyValue): v is TensorValue[] {
  return Array.isArray(v) && v.length === 4 && v.every((t) => t instanceof TensorValue)
    && /pack_(padded_)?sequence$/.test((v[0] as TensorValue).origin?.what ?? '');
}

export interface PackedRun {
  readonly outcome: LayerOutcome;
  readonly output: PyValue;
  readonly cost: Cost | undefined;
}

/** The recurrent layer `m` on a packed input (and an optional h_0); undefined when `m` is not a recurrent layer. */
export function runPacked(ev: Evaluator, m: ModuleInstance, input: TensorValue[], rest: PyValue[]): PackedRun | undefined {
  if (!RECURRENT.has(m.type) || !m.call) return undefined;
  const [data, batchSizes, sortedIdx] = input.map((t) => t.shape);
  const h0 = rest[0];
  if (!data || !batchSizes || !sortedIdx || data.length < 2) return { outcome: unknownOutcome(ev, m), output: unknownTensor(), cost: undefined };
  const [steps, batch, features] = [batchSizes[0], sortedIdx[0], data.slice(1)];
  const batchFirst = m.declOutcome?.args?.batch_first === true;
  const padded: Shape = batchFirst ? [batch, steps, ...features] : [steps, batch, ...features];
  const inputs = h0 instanceof TensorValue && h0.shape ? [padded, h0.shape] : [padded];
  const outcome = evaluateCached(ev, m.call, inputs, true);
  if (outcome.status !== 'ok' || !outcome.output || !isTuple(outcome.output)) return { outcome, output: unknownTensor(outcome.unknownReason), cost: undefined };
  const [out, hidden] = outcome.output.tuple;
  const width = isTuple(out) ? undefined : out[out.length - 1];
  const origin = input[0].origin;
  const packedOut = width === undefined ? unknownTensor()
    : [new TensorValue([data[0], width], origin), input[1], input[2], input[3]];
  return { outcome, output: [packedOut, fromShapeTree(hidden)], cost: packedCost(outcome.cost, data[0], steps, batch) };
}

/** The padded run's cost scaled to the Σlengths steps a packed run computes (every count is per step and sequence). */
function packedCost(cost: Cost | undefined, total: Shape[number], steps: Shape[number], batch: Shape[number]): Cost | undefined {
  if (!cost || !isKnown(total) || !isKnown(steps) || !isKnown(batch) || steps * batch === 0) return undefined;
  const [sum, grid] = [BigInt(total), BigInt(steps) * BigInt(batch)];
  const scale = (n: bigint): bigint | undefined => ((n * sum) % grid === 0n ? (n * sum) / grid : undefined);
  const exact = Object.fromEntries(Object.entries(cost.exact).map(([k, v]) => [k, scale(v as bigint)]));
  const macs = scale(cost.macs);
  if (macs === undefined || Object.values(exact).some((v) => v === undefined)) return undefined;
  return { macs, exact: exact as unknown as Cost['exact'],
    working: [...cost.working, `packed: the ${total} steps of the sequences, not the ${steps}·${batch} of the padded batch`] };
}

function unknownOutcome(ev: Evaluator, m: ModuleInstance): LayerOutcome {
  return evaluateCached(ev, m.call!, undefined, true);
}
