// The memory estimate of a model for the settings' dtype and optimizer, computed in the server beside the analysis
// (src/analysis/memory.ts holds the rules); the editor only shows the words: the CodeLens above each model, the
// status bar, the hover's memory lines, and the summary's memory plan with its batch line.
import { formatBytes, withSeparators, type Convention } from '../engine';
import { modelMemory, type MemoryOptions, type ModelMemory } from '../analysis/memory';
import { memoryPlan, type MemoryPlan } from '../analysis/memoryPlan';
import type { ModelAnalysis } from '../analysis/model';
import { modelTotals, shortText } from '../present/cells';
import type { ServerConfig } from './protocol';
import { chosenInput } from './status';

export const memoryOptions = (c: ServerConfig): MemoryOptions => ({ dtype: c.memory.dtype, optimizer: c.memory.optimizer, device: 'cuda' });

/** One estimate per analysed model and setting: hovers and the status bar ask again at every cursor move. */
const cache = new WeakMap<ModelAnalysis, { key: string; memory: ModelMemory }>();

/**
 * The model's memory; undefined when its input's sizes are not all known numbers: the activations are then a lower
 * bound of nothing ("saved for backward ≥ 0 B"), and the hover already says the input size is needed.
 */
export function memoryOf(m: ModelAnalysis, o: MemoryOptions): ModelMemory | undefined {
  if (!m.inputShape || m.inputSource === 'symbolic' || !m.inputShape.every((d) => typeof d === 'number')) return undefined;
  const key = `${o.dtype}/${o.optimizer}/${o.device}`;
  const hit = cache.get(m);
  if (hit?.key === key) return hit.memory;
  const memory = modelMemory(m, o);
  cache.set(m, { key, memory });
  return memory;
}

/** "28.63 MB train" (≥ when part of it is a lower bound); only when the batch is a known number. */
export function training(m: ModelAnalysis, o: MemoryOptions): string | undefined {
  const memory = memoryOf(m, o);
  if (typeof m.inputShape?.[0] !== 'number' || !memory) return undefined;
  return `${memory.savedComplete ? '' : '≥ '}${formatBytes(memory.training)} train`;
}

/** "28.63 MB train @ batch 64" (≥ when part of it is a lower bound); only when the batch is a known number. */
export function trainingText(m: ModelAnalysis, o: MemoryOptions): string | undefined {
  const text = training(m, o);
  return text && `${text} @ batch ${withSeparators(m.inputShape![0] as number)}`;
}

/**
 * The CodeLens's words for a model: "1.4M params · 111M MACs · 28.63 MB train @ batch 64"; on an input ShapeLens
 * chose, the figures are that input's and the lens says so: "11.7M params · 149M MACs · 189 MB train @ (1, 3, 64, 64) chosen".
 */
export function lensTitle(m: ModelAnalysis, convention: Convention, o: MemoryOptions): string {
  const t = modelTotals(m, convention);
  const chosen = chosenInput(m);
  const memory = chosen ? training(m, o) : trainingText(m, o);
  const title = [`${shortText(t.params)} params`, `${shortText(t.cost)} ${t.costLabel}`, ...(memory ? [memory] : [])].join(' · ');
  return chosen ? `${title} @ ${chosen} chosen` : title;
}

/** The lens's tooltip line for an input ShapeLens chose: what it is and why. */
export function lensInputNote(m: ModelAnalysis): string | undefined {
  const chosen = chosenInput(m);
  return chosen && `Input ${chosen} chosen by ShapeLens${m.inputSourceDetail ? `: ${m.inputSourceDetail}` : ''} (ShapeLens: Set Input Shape… sets another)`;
}

/**
 * The summary's memory plan. `reanalyse` analyses the same model at another input shape: two analyses (batch 1 and
 * 2) give how the memory grows with the batch, and the largest batch that fits the device.
 */
export function planOf(m: ModelAnalysis, config: ServerConfig, reanalyse?: (shape: number[]) => ModelAnalysis | undefined): MemoryPlan {
  return memoryPlan(m, memoryOptions(config), reanalyse, config.memory.deviceGB);
}
