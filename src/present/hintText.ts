// The words of an inlay hint: `→ (64, 112, 112) · 9.5K params · 118M MACs`. Pure (no vscode), so unit tests read it.
import { abbreviate, formatShape, inConvention, isTuple, type Convention, type ShapeTree } from '../engine';
import type { LayerRecord } from '../analysis/model';

export interface HintOptions {
  readonly shape: boolean;
  readonly params: boolean;
  readonly cost: boolean;
  readonly showBatchDimension: boolean;
  readonly convention: Convention;
  readonly maxLength: number;
}

/** Drops the batch dimension when asked (only when the model's input is batched). */
export function displayShape(shape: ShapeTree, batched: boolean, showBatch: boolean): string {
  if (showBatch || !batched) return formatShape(shape);
  if (isTuple(shape)) return `(${shape.tuple.map((s) => (s === null ? 'None' : displayShape(s, batched, showBatch))).join(', ')})`;
  return formatShape(shape.slice(1));
}

const costUnit = (c: Convention) => (c === 'macs' ? 'MACs' : 'FLOPs');

/** Label after a layer declaration: its output shape (first call), params and cost, in that order. */
export function declarationHint(records: readonly LayerRecord[], params: bigint, batched: boolean, o: HintOptions): string {
  // A parameter-free layer (ReLU, pooling) shows its shape only: "0 params · 0 MACs" would be noise.
  const parts: string[] = [];
  const first = records[0];
  if (o.shape && first?.outputShape) {
    parts.push(displayShape(first.outputShape, batched, o.showBatchDimension) + (records.length > 1 ? ` ×${records.length}` : ''));
  }
  if (o.params && params > 0n) parts.push(`${abbreviate(params)} params`);
  const total = records.reduce((s, r) => s + (r.cost ? inConvention(r.cost, o.convention) : 0n), 0n);
  if (o.cost && total > 0n) parts.push(`${abbreviate(total)} ${costUnit(o.convention)}`);
  return clip(parts.length ? `→ ${parts.join(' · ')}` : '', o.maxLength);
}

/** Label after a forward() statement that changes the shape. */
export function statementHint(shape: ShapeTree, batched: boolean, o: HintOptions): string {
  return clip(`→ ${displayShape(shape, batched, o.showBatchDimension)}`, o.maxLength);
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

