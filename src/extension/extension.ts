// Entry point: activate only wires things together. The analysis runs in a worker (analysisClient.ts); each
// provider lives in its own file and asks it for what to show; nothing here computes shapes.
import * as vscode from 'vscode';
import type { Interrupts, ServerConfig } from '../server/protocol';
import { AnalysisClient, type WorkerMode } from './analysisClient';
import { askedAt, askedTimes, busySince, cancelledTimes, countsNow, deliveredAt, type BusySample } from './busy';
import { ShapeQuickFixProvider } from './codeActions';
import { ModelCodeLensProvider } from './codeLens';
import { registerCommands } from './commands';
import { affectsShapeLens, readConfig, type ShapeLensConfig } from './config';
import { ShapeDiagnostics } from './diagnostics';
import { DocumentSync } from './documentSync';
import { registerGradientChecker } from './gradientCheckerCommand';
import { ShapeHoverProvider } from './hover';
import { ShapeInlayHintsProvider } from './inlayHints';
import { ModelStatusBar } from './statusBar';
import { SummaryPanel, type SummaryShown } from './summaryPanel';

export interface ShapeLensApi {
  /** Resolves once tree-sitter is loaded in the analysis worker: 'ok' or the error text; where the analysis runs. */
  readonly ready: Promise<{ treeSitter: string; host: 'node' | 'web'; worker: WorkerMode; interrupts?: Interrupts; at: number }>;
  /** For tests and measurements: the status bar's content, the extension host's busy time, hint delivery times. */
  readonly status: ModelStatusBar;
  busySince(since: number): BusySample[];
  /** performance.now() when activate() began. */
  readonly activatedAt: number;
  /** When VS Code asked for / got hints of a document version (the first time at or after `since`). */
  hintsAskedAt(uri: string, version: number, since?: number): number | undefined;
  hintsDeliveredAt(uri: string, version: number, since?: number): number | undefined;
  /** Every time VS Code asked for hints of a document version. */
  hintsAskedTimes(uri: string, version: number): readonly number[];
  /** Every time VS Code cancelled a hints request of a document version. */
  hintsCancelledTimes(uri: string, version: number): readonly number[];
  /** What ShapeLens made the window do so far, counted by name (busy.ts). */
  counts(): Record<string, number>;
  /** What the open summary panel's page reports it rendered (its table's rows and columns), once it has. */
  summaryShown(): SummaryShown | undefined;
}

/** Python files, notebook cells, untitled buffers; TypeScript and TSX. */
const SELECTOR: vscode.DocumentSelector = [
  { language: 'python' }, { language: 'typescript' }, { language: 'typescriptreact' },
];

const CONTEXTS = 'shapelens.modelContexts';

function serverConfig(c: ShapeLensConfig): ServerConfig {
  return { convention: c.convention, strict: c.strict, defaultInputShape: c.defaultInputShape, hints: c.hints, memory: c.memory };
}

export function activate(context: vscode.ExtensionContext): ShapeLensApi {
  const activatedAt = performance.now();
  const host = typeof process === 'object' && !!process.versions?.node ? 'node' : 'web';
  let config = readConfig();
  const client = new AnalysisClient(context.extensionUri, serverConfig(config), context.globalStorageUri);
  const ready = client.ready.then((treeSitter) => {
    if (treeSitter !== 'ok') void vscode.window.showErrorMessage(`ShapeLens could not load its parser: ${treeSitter.replace(/^error: /, '')}`);
    return { treeSitter, host, worker: client.mode, interrupts: client.interrupts, at: performance.now() } as const;
  });
  // The model context chosen per file, remembered across sessions.
  const chosen = (doc: string) => context.workspaceState.get<Record<string, string>>(CONTEXTS)?.[doc];
  const sync = new DocumentSync(client, () => config, chosen);
  const hints = new ShapeInlayHintsProvider(client, sync, () => config);
  const diagnostics = new ShapeDiagnostics(client, sync, () => config.diagnostics);
  const status = new ModelStatusBar(client, sync, () => config.statusBar);
  const lenses = new ModelCodeLensProvider(client, sync, () => config.codeLens);
  const choose = async (doc: string, model: string | undefined) => {
    const all = { ...context.workspaceState.get<Record<string, string>>(CONTEXTS) };
    if (model) all[doc] = model;
    else delete all[doc];
    await context.workspaceState.update(CONTEXTS, all);
    client.note({ kind: 'choose', doc, model: model ?? null });
  };
  context.subscriptions.push(
    client, sync, hints, diagnostics, status, lenses,
    vscode.languages.registerInlayHintsProvider(SELECTOR, hints),
    vscode.languages.registerHoverProvider(SELECTOR, new ShapeHoverProvider(client, sync)),
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new ShapeQuickFixProvider(diagnostics, sync), ShapeQuickFixProvider.metadata),
    ...registerCommands(context, { client, sync, choose, summaryDepth: () => config.summaryDepth }),
    registerGradientChecker(context),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsShapeLens(e)) return;
      config = readConfig();
      client.note({ kind: 'config', config: serverConfig(config) });
      sync.resync();
      diagnostics.reconfigure();
      hints.refresh();
      lenses.refresh();
      status.update();
    }),
  );
  void ready.then(() => {
    hints.refresh();
    status.update();
  });
  return { ready, status, busySince, hintsAskedAt: askedAt, hintsAskedTimes: askedTimes, hintsCancelledTimes: cancelledTimes, hintsDeliveredAt: deliveredAt, activatedAt, summaryShown: () => SummaryPanel.shown(), counts: countsNow };
}

export function deactivate(): void {}
