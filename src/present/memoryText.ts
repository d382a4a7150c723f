// Memory and receptive fields in words, for every surface (CLI, summary panel and its copies, hover, CodeLens):
// the training total worked out line by line, the inference peak, what batch fits, and a record's field. Bytes are
// written in one style (formatBytes: 7.4 KB, 0.25 MB, 1.20 GB); a lower bound says "≥", unknown says "?".
// the engine's formatting by file, not through its index: the extension host loads this without the registry
import { formatBytes, withSeparators } from '../engine/count';
import { rfNumber } from '../engine/receptive';
import type { ModelMemory, MemoryDtype, Optimizer, RecordMemory } from '../analysis/memory';
import type { MemoryPlan } from '../analysis/memoryPlan';
import type { RecordField } from '../analysis/receptive';
import { cell, UNKNOWN } from './cells';

export const DTYPE_LABEL: Record<MemoryDtype, string> = { float32: 'float32', float16: 'float16', bfloat16: 'bfloat16', mixed: 'mixed precision' };
export const OPTIMIZER_LABEL: Record<Optimizer, string> = { sgd: 'SGD', 'sgd-momentum': 'SGD with momentum', adam: 'Adam/AdamW' };

const bytes = (b: bigint | undefined, complete = true) => cell(b, complete ? 'exact' : 'lower-bound', formatBytes).text;

/** The model-level figures, as cells a card or a line shows. */
export interface MemoryFigures {
  /** "float32 · Adam/AdamW · batch 64". */
  readonly setting: string;
  readonly params: string;
  /** Gradients + optimizer state (+ master weights). */
  readonly optimizerState: string;
  readonly saved: string;
  readonly training: string;
  readonly inference: string;
  /** "batch 64 fits in 16 GB: the largest is 2,901" or why it cannot be said. */
  readonly fit?: string;
  /** Bytes a sample adds to training memory, and what does not grow. */
  readonly perSample?: string;
  readonly caveat?: string;
}

export function memoryFigures(plan: MemoryPlan): MemoryFigures {
  const m = plan.memory;
  const o = m.options;
  const batch = plan.batch !== undefined ? ` · batch ${withSeparators(plan.batch)}` : '';
  return {
    setting: `${DTYPE_LABEL[o.dtype]} · ${OPTIMIZER_LABEL[o.optimizer]}${batch}`,
    params: bytes(m.params + m.buffers),
    optimizerState: bytes(m.gradients + m.optimizer + m.master),
    saved: bytes(m.saved, m.savedComplete),
    training: bytes(m.training, m.savedComplete),
    inference: bytes(m.inferencePeak, m.inferenceComplete),
    fit: fitText(plan),
    perSample: plan.line ? `${formatBytes(plan.line.perSample)} per sample + ${formatBytes(plan.line.fixed)} fixed` : undefined,
    caveat: m.caveat,
  };
}

const gb = (b: bigint) => `${+(Number(b) / 2 ** 30).toFixed(2)} GB`;

function fitText(plan: MemoryPlan): string | undefined {
  if (!plan.device) return undefined;
  const size = gb(plan.device.bytes);
  const largest = plan.device.largestBatch;
  if (!plan.line) return `${size}: the largest batch is not known (${plan.memory.caveat ?? 'the batch size is not a known number'})`;
  if (largest === undefined) return `any batch fits in ${size}`;
  if (largest === 0n) return `does not fit in ${size} even at batch 1 (${formatBytes(plan.line.fixed + plan.line.perSample)})`;
  const now = plan.batch !== undefined ? BigInt(plan.batch) : undefined;
  const verdict = now === undefined ? '' : now <= largest ? `batch ${withSeparators(now)} fits in ${size}; ` : `batch ${withSeparators(now)} does not fit in ${size}; `;
  return `${verdict}the largest batch that fits is ${withSeparators(largest)}`;
}

/**
 * The training total worked out, one term a line (the CLI's --memory, the README's worked example):
 *   parameters          1,446,030 × 4 B = 5.78 MB
 */
export function memoryLines(plan: MemoryPlan, trainable: bigint, total: bigint): string[] {
  const m = plan.memory;
  const o = m.options;
  const size = o.dtype === 'float32' ? 4 : 2;
  const copies = o.optimizer === 'adam' ? 2 : o.optimizer === 'sgd-momentum' ? 1 : 0;
  const state = o.dtype === 'mixed' ? 4 : size;
  const f = memoryFigures(plan);
  const rows: [string, string][] = [
    ['parameters', `${withSeparators(total)} × ${size} B = ${formatBytes(m.params)}`],
    ...(m.buffers ? [['buffers', formatBytes(m.buffers)] as [string, string]] : []),
    ['gradients', `${withSeparators(trainable)} × ${size} B = ${formatBytes(m.gradients)}`],
    ['optimizer state', copies ? `${copies} × ${withSeparators(trainable)} × ${state} B (${OPTIMIZER_LABEL[o.optimizer]}) = ${formatBytes(m.optimizer)}`
      : `none (${OPTIMIZER_LABEL[o.optimizer]})`],
    ...(m.master ? [['float32 master weights', `${withSeparators(trainable)} × 4 B = ${formatBytes(m.master)}`] as [string, string]] : []),
    ['saved for backward', f.saved],
    ['training total', f.training],
    ['inference peak', `${f.inference} (live activations at the fullest point of the forward pass)`],
    ...(f.perSample ? [['per sample', f.perSample] as [string, string]] : []),
    ...(f.fit ? [['fits', f.fit] as [string, string]] : []),
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return [`Memory (${f.setting}):`, ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`), ...(f.caveat ? [`  ${f.caveat}`] : [])];
}

/** A record's cells: the bytes its output allocates and the bytes it saves for backward. */
export function recordMemoryCells(r: RecordMemory | undefined): { output: string; saved: string } {
  if (!r) return { output: UNKNOWN, saved: UNKNOWN };
  return {
    output: r.output === undefined ? UNKNOWN : r.output === 0n ? '--' : formatBytes(r.output),
    saved: r.saved === undefined ? (r.savedItems.length ? `≥ ${formatBytes(r.savedItems.reduce((a, s) => a + (s.bytes ?? 0n), 0n))}` : UNKNOWN)
      : r.saved === 0n ? '--' : formatBytes(r.saved),
  };
}

/** The hover's memory paragraph for one record. */
export function recordMemoryHover(r: RecordMemory, m: ModelMemory): string[] {
  const c = recordMemoryCells(r);
  const items = r.savedItems.map((s) => `${s.what}: ${s.bytes === undefined ? UNKNOWN : formatBytes(s.bytes)}`);
  const saved = r.unknown ? `? (${r.unknown})` : items.length ? `${c.saved} (${items.join(', ')})` : 'nothing new';
  return [`Memory (${DTYPE_LABEL[m.options.dtype]}): output ${c.output === '--' ? 'shares its input\'s storage' : c.output} · saved for backward ${saved}`];
}

// ── Receptive field ───────────────────────────────────────────────────────────────────────────────────────────
const axesSame = (f: Extract<RecordField, { kind: 'local' }>) =>
  f.axes.every((a) => a.size === f.axes[0].size && a.jump === f.axes[0].jump && a.start === f.axes[0].start);

/** "11", "11×7" per axis; "global"; "--" where it stopped being defined. */
export function fieldCell(f: RecordField | undefined): string {
  if (!f) return '';
  if (f.kind === 'global') return 'global';
  if (f.kind === 'stopped') return '--';
  return axesSame(f) ? rfNumber(f.axes[0].size) : f.axes.map((a) => rfNumber(a.size)).join('×');
}

/** Size, jump and start in one phrase: "r 11 · jump 4 · start 3" (per axis when they differ). */
export function fieldText(f: RecordField): string {
  if (f.kind !== 'local') return `${f.kind === 'global' ? 'global' : 'not defined'}: ${f.why} (${f.at})`;
  const one = (i: number) => `r ${rfNumber(f.axes[i].size)} · jump ${rfNumber(f.axes[i].jump)} · start ${rfNumber(f.axes[i].start)}`;
  return axesSame(f) ? one(0) : f.axes.map((_a, i) => `${f.names[i]}: ${one(i)}`).join('; ');
}

/** The hover's receptive-field paragraph: the phrase and the recurrence per axis, numbers substituted. */
export function fieldHover(f: RecordField): string[] {
  const out = [`Receptive field: ${fieldText(f)}`];
  if (f.kind !== 'local') return out;
  const lines = axesSame(f) ? f.working[0] : f.working.flatMap((w, i) => w.map((l) => `${f.names[i]}: ${l}`));
  return lines.length ? [...out, '```text', ...lines, '```'] : out;
}
