// Totals by kind of operator — fvcore's by-operator table (conv, linear, matmul, norm, …) — from the summary rows.
// The kind is read from the layer's type as every spelling names it (Conv2d, F.conv2d, torch.conv2d …).
import { withSeparators } from '../engine/count';
import type { SummaryRow } from './summary';

export interface OperatorRow {
  readonly operator: string;
  /** Calls in forward(). */
  readonly calls: number;
  readonly params: string;
  readonly cost: string;
  /** Share of the model's known cost, 0..1. */
  readonly costShare: number;
  /** The numbers, null when unknown (for JSON). */
  readonly paramsValue: number | null;
  readonly costValue: number | null;
}

/** First match wins: the more specific kinds come first (a ConvTranspose is a conv; a BatchNorm a norm). */
const KINDS: readonly [string, RegExp][] = [
  ['attention', /attention|sdpa|MultiheadAttention|Transformer/i],
  ['conv', /conv/i],
  ['linear', /^(Linear|LazyLinear|Bilinear|Identity)$|^(F|torch)\.(linear|bilinear)$/],
  ['matmul', /matmul|\.(mm|bmm|mv|addmm|baddbmm|addbmm|addmv|addr|einsum|dot|inner|outer|tensordot)_?$|^einops\.einsum|EinMix/],
  ['norm', /norm/i],
  ['pool', /pool/i],
  ['recurrent', /^(LSTM|GRU|RNN)(Cell)?$/],
  ['embedding', /embedding/i],
  ['activation', /relu|gelu|silu|sigmoid|tanh|softmax|softmin|elu|mish|hardswish|hardsigmoid|softplus|softsign|threshold|glu|logsigmoid|prelu/i],
  ['dropout', /dropout/i],
  ['loss', /loss|cross_entropy|nll|kl_div/i],
  ['upsample', /upsample|interpolate|pixel_shuffle|PixelShuffle/i],
  ['reshape', /view|reshape|flatten|Flatten|Unflatten|squeeze|permute|transpose|contiguous|expand|cat|stack|split|chunk|rearrange|pad/i],
  ['elementwise', /add|sub|mul|div|pow|sqrt|exp|log|abs|neg|clamp|where|mean|sum|max|min/i],
];

export function operatorKind(type: string): string {
  return KINDS.find(([, re]) => re.test(type))?.[0] ?? 'other';
}

/** One row per kind, most costly first; unknown anywhere in a kind makes its total unknown. */
export function byOperator(rows: readonly SummaryRow[], totalCost: bigint): OperatorRow[] {
  const groups = new Map<string, SummaryRow[]>();
  for (const r of rows) {
    const k = operatorKind(r.type);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const out = [...groups].map(([operator, rs]) => {
    const params = rs.reduce((a, r) => a + r.paramsValue, 0);
    const cost = rs.reduce((a, r) => a + r.costValue, 0);
    const costUnknown = rs.some((r) => r.cost === '?');
    return {
      operator, calls: rs.length,
      params: rs.some((r) => r.params === '?') ? '?' : params === 0 ? '--' : withSeparators(BigInt(params)),
      cost: costUnknown ? '?' : withSeparators(BigInt(cost)),
      costShare: !costUnknown && totalCost > 0n ? cost / Number(totalCost) : 0,
      paramsValue: rs.some((r) => r.params === '?') ? null : params, costValue: costUnknown ? null : cost,
      sortKey: cost,
    };
  });
  return out.sort((a, b) => b.sortKey - a.sortKey).map(({ sortKey: _s, ...r }) => r);
}
