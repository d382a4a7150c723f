// The `shapelens.*` settings in one place, read fresh on every change (no reload needed).
import * as vscode from 'vscode';
import type { Convention } from '../engine';

export interface ShapeLensConfig {
  readonly convention: Convention;
  readonly strict: boolean;
  readonly defaultInputShape?: number[];
  readonly hints: {
    readonly enabled: boolean;
    readonly shape: boolean;
    readonly params: boolean;
    readonly cost: boolean;
    readonly showBatchDimension: boolean;
    readonly forwardStatements: boolean;
    readonly maxLength: number;
  };
  readonly languages: { readonly python: boolean; readonly typescript: boolean; readonly notebooks: boolean };
  readonly diagnostics: boolean;
  readonly statusBar: boolean;
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
  };
}

export const affectsShapeLens = (e: vscode.ConfigurationChangeEvent): boolean => e.affectsConfiguration('shapelens');
