// The words of an inlay hint: `→ (64, 112, 112) · 9.5K params · 118M MACs`. Pure (no vscode), so unit tests read it.
import { abbreviate, formatShape, inConvention, isTuple, treeWith, type Convention, type ShapeTree } from '../engine';
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
  if (isTuple(shape)) return treeWith(shape, (s) => displayShape(s, batched, showBatch));
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

/** What one hint says about a module (the instance it shows) or a statement. */
export interface HintParts {
  readonly shape?: ShapeTree;
  /** The shown instance is called more than once (shared weights): "×2" after the shape. */
  readonly calls?: number;
  /** Parameters (shown when > 0). */
  readonly params?: bigint;
  /** Cost in the hint's convention (shown when > 0); `costComplete` false makes it a lower bound. */
  readonly cost?: bigint;
  readonly costComplete?: boolean;
  /** Instances built by the same code ("· 8 uses") or runs of a statement ("· 8 runs"). */
  readonly uses?: number;
  readonly runs?: number;
}

/**
 * `→ (1, 64, 56, 56) · 36.9K params · 116M MACs · 8 uses`, never longer than maxLength: what does not fit is left
 * out (the cost, then the parameters), and a shape that alone is too long is cut with "…" (the tooltip has it all).
 */
export function hintLabel(p: HintParts, batched: boolean, o: HintOptions): string {
  const shape = o.shape && p.shape ? displayShape(p.shape, batched, o.showBatchDimension) + ((p.calls ?? 1) > 1 ? ` ×${p.calls}` : '') : undefined;
  const params = o.params && p.params !== undefined && p.params > 0n ? `${abbreviate(p.params)} params` : undefined;
  const cost = o.cost && p.cost !== undefined && p.cost > 0n
    ? `${p.costComplete === false ? '≥ ' : ''}${abbreviate(p.cost)} ${costUnit(o.convention)}` : undefined;
  const count = (p.uses ?? 1) > 1 ? `${p.uses} uses` : (p.runs ?? 1) > 1 ? `${p.runs} runs` : undefined;
  const build = (parts: (string | undefined)[]) => {
    const kept = parts.filter((x): x is string => x !== undefined);
    return kept.length ? `→ ${kept.join(' · ')}` : '';
  };
  for (const parts of [[shape, params, cost, count], [shape, params, count], [shape, count], [shape]]) {
    const text = build(parts);
    if (text.length <= o.maxLength) return text;
  }
  return clip(build([shape]), o.maxLength);
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

