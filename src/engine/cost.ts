// What a layer costs, in the three conventions ShapeLens offers:
//   macs  — multiply-accumulates of the weight layers, bias not counted (what torchinfo, thop and fvcore report,
//           often under the name "FLOPs"); 0 for layers without a multiply-accumulate (pooling, activations).
//   flops — 2 × MACs (one multiply and one add per MAC), the hardware convention.
//   exact — operations counted one by one, the way seed 004 does: multiplications, additions, comparisons and
//           divisions apart (Conv: mults = out·(Cin/g)·k, adds = out·((Cin/g)·k − 1) [+ out with a bias]).
import { withSeparators } from './count';

export type Convention = 'macs' | 'flops' | 'exact';
export const CONVENTIONS: readonly Convention[] = ['macs', 'flops', 'exact'];

/** Operation counts for the exact convention. */
export interface OpCounts {
  readonly mul: bigint;
  readonly add: bigint;
  /** Comparisons (max-pooling's n − 1 per window, ReLU's one per element). */
  readonly cmp: bigint;
  readonly div: bigint;
  /** Elementwise non-linearities and anything else counted once per element. */
  readonly other: bigint;
}

export interface Cost {
  readonly macs: bigint;
  readonly exact: OpCounts;
  /** The derivation, numbers substituted: "MACs = 64·112·112 · 3·7·7 = 118,013,952". */
  readonly working: readonly string[];
}

export const NO_OPS: OpCounts = { mul: 0n, add: 0n, cmp: 0n, div: 0n, other: 0n };
export const FREE: Cost = { macs: 0n, exact: NO_OPS, working: [] };

export const ops = (o: Partial<OpCounts>): OpCounts => ({ ...NO_OPS, ...o });

export const exactTotal = (o: OpCounts): bigint => o.mul + o.add + o.cmp + o.div + o.other;

export function inConvention(c: Cost, convention: Convention): bigint {
  switch (convention) {
    case 'macs': return c.macs;
    case 'flops': return 2n * c.macs;
    case 'exact': return exactTotal(c.exact);
  }
}

export function addCosts(a: Cost, b: Cost): Cost {
  return {
    macs: a.macs + b.macs,
    exact: {
      mul: a.exact.mul + b.exact.mul, add: a.exact.add + b.exact.add, cmp: a.exact.cmp + b.exact.cmp,
      div: a.exact.div + b.exact.div, other: a.exact.other + b.exact.other,
    },
    working: [...a.working, ...b.working],
  };
}

export const conventionLabel = (c: Convention): string => ({ macs: 'MACs', flops: 'FLOPs', exact: 'FLOPs (exact)' })[c];

/** "mults 282,240 + adds 281,652 + max 864 = 564,756". */
export function describeExact(o: OpCounts): string {
  const parts: string[] = [];
  if (o.mul) parts.push(`mults ${withSeparators(o.mul)}`);
  if (o.add) parts.push(`adds ${withSeparators(o.add)}`);
  if (o.cmp) parts.push(`comparisons ${withSeparators(o.cmp)}`);
  if (o.div) parts.push(`divisions ${withSeparators(o.div)}`);
  if (o.other) parts.push(`elementwise ${withSeparators(o.other)}`);
  if (parts.length === 0) return '0';
  return parts.length === 1 ? parts[0] : `${parts.join(' + ')} = ${withSeparators(exactTotal(o))}`;
}
