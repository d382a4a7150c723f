// The memory of the model a summary, hover or CodeLens is about, with the settings' dtype, optimizer and device.
// The summary also asks how it grows with the batch: the same document analysed again at batch 1 and 2 (once, when
// the summary opens; hovers and CodeLenses use the figures of the analysed batch only).
import type * as vscode from 'vscode';
import { analyzeText, type SourceLanguage } from '../analysis';
import type { MemoryOptions } from '../analysis/memory';
import { memoryPlan, type MemoryPlan } from '../analysis/memoryPlan';
import type { ModelAnalysis } from '../analysis/model';
import type { ShapeLensConfig } from './config';

const LANGUAGES: Readonly<Record<string, SourceLanguage>> = { python: 'python', typescript: 'typescript', typescriptreact: 'tsx' };

export const memoryOptions = (config: ShapeLensConfig): MemoryOptions =>
  ({ dtype: config.memory.dtype, optimizer: config.memory.optimizer, device: 'cuda' });

/** The model's memory plan; `withBatchLine` re-analyses the document (not a notebook cell) to solve the largest batch. */
export function planFor(config: ShapeLensConfig, document: vscode.TextDocument, model: ModelAnalysis, withBatchLine: boolean): MemoryPlan {
  const language = LANGUAGES[document.languageId];
  const reanalyse = withBatchLine && language && document.uri.scheme !== 'vscode-notebook-cell'
    ? (shape: number[]) => analyzeText(document.getText(), language, {
      strict: config.strict, defaultInputShape: config.defaultInputShape, inputShape: shape, model: model.name,
    }).models.find((m) => m.name === model.name)
    : undefined;
  return memoryPlan(model, memoryOptions(config), reanalyse, config.memory.deviceGB);
}
