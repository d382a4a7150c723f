// Training memory as a function of the batch size, and the largest batch that fits a device. The parameters, their
// gradients and the optimizer state do not depend on the batch; every tensor autograd saves is either per sample
// (it has the batch axis) or fixed (BatchNorm's per-channel statistics, a 0-d number), so the saved bytes are
// a + b·N exactly. Two analyses at batch 1 and 2 give a and b without guessing which tensor has the batch axis, and
// the largest N with weights + a + b·N ≤ device is then a division, not a search.
import { batchAxis, modelMemory, type MemoryOptions, type ModelMemory } from './memory';
import type { ModelAnalysis } from './model';

export interface BatchLine {
  /** Bytes that do not grow with the batch: weights, gradients, optimizer state, fixed-size saved tensors. */
  readonly fixed: bigint;
  /** Bytes each sample adds (the saved activations of one sample). */
  readonly perSample: bigint;
}

export interface MemoryPlan {
  readonly memory: ModelMemory;
  /** The batch size the analysis ran with (the input's batch axis). */
  readonly batch?: number;
  /** Training memory = fixed + perSample·N; absent when the batch cannot be varied or the estimate is not complete. */
  readonly line?: BatchLine;
  /** The device size asked about, in bytes, and the largest batch whose training memory fits it (0: not even 1). */
  readonly device?: { readonly bytes: bigint; readonly largestBatch?: bigint };
}

/** The input shape with another batch size. */
export function withBatch(shape: readonly number[], axis: number, n: number): number[] {
  return shape.map((d, i) => (i === axis ? n : d));
}

/** Training bytes from the line; the largest N (≥ 0) with fixed + perSample·N ≤ bytes (undefined: any batch fits). */
export function largestBatch(line: BatchLine, bytes: bigint): bigint | undefined {
  if (line.fixed > bytes) return 0n;
  if (line.perSample === 0n) return undefined;
  return (bytes - line.fixed) / line.perSample;
}

/** The line through the training memory at batch 1 and 2; undefined when either is not complete. */
export function batchLine(at1: ModelMemory, at2: ModelMemory): BatchLine | undefined {
  if (!at1.savedComplete || !at2.savedComplete) return undefined;
  const perSample = at2.training - at1.training;
  if (perSample < 0n) return undefined;
  return { fixed: at1.training - perSample, perSample };
}

/**
 * The memory of a model and how it grows with the batch. `reanalyse(shape)` analyses the same model with another
 * input shape (the front end knows the file and the options); without it, or for an input whose batch axis is not a
 * known number, there is no line.
 */
export function memoryPlan(m: ModelAnalysis, o: MemoryOptions, reanalyse?: (shape: number[]) => ModelAnalysis | undefined,
  deviceGB?: number): MemoryPlan {
  const memory = modelMemory(m, o);
  const axis = batchAxis(m);
  const shape = m.inputShape;
  const batch = shape && typeof shape[axis] === 'number' ? shape[axis] as number : undefined;
  let line: BatchLine | undefined;
  if (reanalyse && batch !== undefined && shape!.every((d) => typeof d === 'number') && memory.savedComplete) {
    const at = (n: number) => (n === batch ? m : reanalyse(withBatch(shape as number[], axis, n)));
    const m1 = at(1);
    const m2 = at(2);
    line = m1 && m2 ? batchLine(modelMemory(m1, o), modelMemory(m2, o)) : undefined;
    // the line must pass through the analysed batch, or the batch does not act linearly (a size read from it)
    if (line && line.fixed + line.perSample * BigInt(batch) !== memory.training) line = undefined;
  }
  const bytes = deviceGB !== undefined && deviceGB > 0 ? gigabytes(deviceGB) : undefined;
  const device = bytes !== undefined ? { bytes, largestBatch: line ? largestBatch(line, bytes) : undefined } : undefined;
  return { memory, batch, line, device };
}

/** A device's "16 GB" as bytes: GPU memory is sized in binary units (16 GiB = 17,179,869,184 bytes), as nvidia-smi and
 *  torch.cuda.get_device_properties report it. */
export const gigabytes = (gb: number): bigint => BigInt(Math.round(gb * 2 ** 30));
