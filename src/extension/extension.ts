// Entry point: activate only wires things together. Each provider lives in its own file and asks the
// analysis service for results; nothing here computes shapes.
import * as vscode from 'vscode';
import { initParsers } from '../analysis/parsers';
import { readExtensionFile } from './extensionFiles';

export interface ShapeLensApi {
  /** Resolves once tree-sitter is loaded: 'ok' or the error text. */
  readonly ready: Promise<{ treeSitter: string; host: 'node' | 'web' }>;
}

export function activate(context: vscode.ExtensionContext): ShapeLensApi {
  const host = typeof process === 'object' && !!process.versions?.node ? 'node' : 'web';
  const ready = initParsers((file) => readExtensionFile(context.extensionUri, `dist/tree-sitter/${file}`))
    .then(() => ({ treeSitter: 'ok', host }) as const)
    .catch((e: unknown) => ({ treeSitter: `error: ${e instanceof Error ? e.message : String(e)}`, host }) as const);
  context.subscriptions.push(
    vscode.commands.registerCommand('shapelens.computeParameters', () => vscode.window.showInformationMessage('ShapeLens: Compute Parameters is not yet available.')),
    vscode.commands.registerCommand('shapelens.openGradientChecker', () => vscode.window.showInformationMessage('ShapeLens: the Gradient Checker is not yet available.')),
  );
  return { ready };
}

export function deactivate(): void {}
