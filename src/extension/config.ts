// The `shapelens.*` settings in one place, read fresh on every change (no reload needed).
import * as vscode from 'vscode';
import type { Convention } from '../engine';
import { MEMORY_DTYPES, OPTIMIZERS, type MemoryDtype, type Optimizer } from '../analysis/memoryChoices';
import type { ServerConfig } from '../server/protocol';

export interface ShapeLensConfig {
  readonly convention: Convention;
  readonly strict: boolean;
  readonly defaultInputShape?: number[];
  /** What the server shows in a hint (ServerConfig's), and whether hints are on at all. */
  readonly hints: ServerConfig['hints'] & { readonly enabled: boolean };
  readonly languages: { readonly python: boolean; readonly typescript: boolean; readonly notebooks: boolean };
  readonly diagnostics: boolean;
  readonly statusBar: boolean;
  /** What the memory estimate assumes; deviceGB: the device a batch must fit. */
  readonly memory: ServerConfig['memory'];
  readonly summaryDepth: number;
  readonly codeLens: boolean;
}

function memoryConfig(c: vscode.WorkspaceConfiguration): ShapeLensConfig['memory'] {
  const dtype = c.get<string>('memory.dtype') ?? '';
  const optimizer = c.get<string>('memory.optimizer') ?? '';
  const gb = c.get<number | null>('memory.deviceGB');
  return {
    dtype: (MEMORY_DTYPES as readonly string[]).includes(dtype) ? dtype as MemoryDtype : 'float32',
    optimizer: (OPTIMIZERS as readonly string[]).includes(optimizer) ? optimizer as Optimizer : 'adam',
    deviceGB: typeof gb === 'number' && gb > 0 ? gb : undefined,
    statusBar: c.get<boolean>('memory.statusBar') ?? false,
  };
}

export function readConfig(): ShapeLensConfig {
  const c = vscode.workspace.getConfiguration('shapelens');
  const show = c.get<{ shape?: boolean; params?: boolean; cost?: boolean }>('inlayHints.show') ?? {};
  const languages = c.get<{ python?: boolean; typescript?: boolean; notebooks?: boolean }>('languages') ?? {};
  const convention = c.get<string>('convention');
  const shape = c.get<unknown>('defaultInputShape');
  return {
    convention: convention === 'flops' || convention === 'exact' ? convention : 'macs',
    strict: c.get<boolean>('strict') ?? false,
    defaultInputShape: Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0) ? (shape as number[]) : undefined,
    hints: {
      enabled: c.get<boolean>('inlayHints.enabled') ?? true,
      shape: show.shape ?? true,
      params: show.params ?? true,
      cost: show.cost ?? true,
      showBatchDimension: c.get<boolean>('inlayHints.showBatchDimension') ?? true,
      forwardStatements: c.get<boolean>('inlayHints.forwardStatements') ?? true,
      maxLength: Math.max(20, c.get<number>('inlayHints.maxLength') ?? 60),
    },
    languages: { python: languages.python ?? true, typescript: languages.typescript ?? true, notebooks: languages.notebooks ?? true },
    diagnostics: c.get<boolean>('diagnostics.enabled') ?? true,
    statusBar: c.get<boolean>('statusBar.enabled') ?? true,
    memory: memoryConfig(c),
    summaryDepth: Math.max(1, Math.round(c.get<number>('summary.depth') ?? 3)),
    codeLens: c.get<boolean>('codeLens.enabled') ?? true,
  };
}

export const affectsShapeLens = (e: vscode.ConfigurationChangeEvent): boolean => e.affectsConfiguration('shapelens');
