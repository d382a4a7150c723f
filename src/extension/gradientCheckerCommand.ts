// "ShapeLens: Open Gradient Checker": from the palette, or from a hover link pre-filled with a layer.
import * as vscode from 'vscode';
import type { LayerPrefill } from '../webview/gradientChecker/messages';
import { openGradientChecker } from './gradientCheckerPanel';

export function registerGradientChecker(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand('shapelens.openGradientChecker', (prefill?: LayerPrefill) => {
    // The hover link passes its arguments as JSON; anything else (a palette call) opens the panel as it was.
    const valid = prefill && typeof prefill.layerType === 'string' && typeof prefill.args === 'object' && prefill.args !== null;
    // Returned so tests (and other extensions) can see the panel that opened.
    return openGradientChecker(context, valid ? prefill : undefined);
  });
}
