// The registry of differentiable functions, keyed by their PyTorch spelling.
import type { OpDef } from '../op';
import { CONV_OPS } from './conv';
import { ELEMENTWISE_OPS } from './elementwise';
import { LINEAR_OPS } from './linear';
import { LOSS_OPS } from './losses';
import { POOL_OPS } from './pool';
import { REDUCE_OPS } from './reduce';
import { SOFTMAX_OPS } from './softmax';

export const OPS: ReadonlyMap<string, OpDef> = new Map(
  [...CONV_OPS, ...POOL_OPS, ...LINEAR_OPS, ...ELEMENTWISE_OPS, ...REDUCE_OPS, ...SOFTMAX_OPS, ...LOSS_OPS].map((op) => [op.fn, op]),
);

/** Other spellings of the same functions: torch.nn.functional.x, torch.nn.functional as F, torch.x for F.x. */
export function canonicalFn(fn: string): string {
  if (OPS.has(fn)) return fn;
  const tail = fn.replace(/^torch\.nn\.functional\./, 'F.').replace(/^nn\.functional\./, 'F.');
  if (OPS.has(tail)) return tail;
  const name = fn.split('.').pop() ?? fn;
  for (const prefix of ['torch.', 'F.']) if (OPS.has(prefix + name)) return prefix + name;
  return fn;
}
