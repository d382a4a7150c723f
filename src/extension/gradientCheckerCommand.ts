// "ShapeLens: Open Gradient Checker": from the palette, or from a hover link pre-filled with a layer.
import * as vscode from 'vscode';
import { openGradientChecker } from './gradientCheckerPanel';

export interface GradientPrefill {
  readonly layerType: string;
  readonly args: Record<string, unknown>;
  readonly inputShape?: number[];
}

export function registerGradientChecker(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand('shapelens.openGradientChecker', (prefill?: GradientPrefill) => {
    const valid = prefill && typeof prefill.layerType === 'string' && typeof prefill.args === 'object' ? prefill : undefined;
    openGradientChecker(context, valid);
  });
}
