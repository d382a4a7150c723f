// Entry point: activate only wires things together. Each provider lives in its own file and asks the
// analysis service for results; nothing here computes shapes.
import * as vscode from 'vscode';
import { initParsers } from '../analysis/parsers';
import { AnalysisService } from './analysisService';
import { ShapeQuickFixProvider } from './codeActions';
import { ModelCodeLensProvider } from './codeLens';
import { registerCommands } from './commands';
import { affectsShapeLens } from './config';
import { ShapeDiagnostics } from './diagnostics';
import { readExtensionFile } from './extensionFiles';
import { registerGradientChecker } from './gradientCheckerCommand';
import { ShapeHoverProvider } from './hover';
import { ShapeInlayHintsProvider } from './inlayHints';
import { ModelStatusBar } from './statusBar';

export interface ShapeLensApi {
  /** Resolves once tree-sitter is loaded: 'ok' or the error text. */
  readonly ready: Promise<{ treeSitter: string; host: 'node' | 'web' }>;
  /** The analysis behind the editor features, for tests. */
  readonly service: AnalysisService;
}

/** Python files, notebook cells, untitled buffers; TypeScript and TSX. */
const SELECTOR: vscode.DocumentSelector = [
  { language: 'python' }, { language: 'typescript' }, { language: 'typescriptreact' },
];

export function activate(context: vscode.ExtensionContext): ShapeLensApi {
  const host = typeof process === 'object' && !!process.versions?.node ? 'node' : 'web';
  const parsers = initParsers((file) => readExtensionFile(context.extensionUri, `dist/tree-sitter/${file}`));
  const ready = parsers
    .then(() => ({ treeSitter: 'ok', host }) as const)
    .catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      void vscode.window.showErrorMessage(`ShapeLens could not load its parser: ${message}`);
      return { treeSitter: `error: ${message}`, host } as const;
    });
  const service = new AnalysisService(parsers);
  const hints = new ShapeInlayHintsProvider(service);
  context.subscriptions.push(
    service,
    vscode.languages.registerInlayHintsProvider(SELECTOR, hints),
    vscode.languages.registerHoverProvider(SELECTOR, new ShapeHoverProvider(service)),
    vscode.languages.registerCodeLensProvider(SELECTOR, new ModelCodeLensProvider(service)),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new ShapeQuickFixProvider(service), ShapeQuickFixProvider.metadata),
    new ShapeDiagnostics(service),
    new ModelStatusBar(service),
    ...registerCommands(context, service),
    registerGradientChecker(context),
    vscode.workspace.onDidChangeConfiguration((e) => affectsShapeLens(e) && service.reconfigure()),
  );
  return { ready, service };
}

export function deactivate(): void {}
