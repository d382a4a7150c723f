// A CodeLens above each model (its class, factory or variable): "11.7M params · 1.8G MACs · 188 MB train @ batch 1",
// written by the analysis server (the memory is the analysed batch's: no re-analysis per lens). Clicking it opens
// the summary for that model. Above a class no model builds: "Build VanillaVAE(in_channels, latent_dim) to see its
// numbers…", which inserts the call for the user to fill in.
import * as vscode from 'vscode';
import type { AnalysisClient } from './analysisClient';
import { count, timed } from './busy';
import type { DocumentSync } from './documentSync';

export class ModelCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly client: AnalysisClient, private readonly sync: DocumentSync, private readonly enabled: () => boolean) {
    this.subscription = sync.onShownChange('lenses', () => this.refresh());
  }

  /** The setting or the results changed: VS Code asks again. */
  refresh(): void {
    count('codeLens.changeEvents');
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> | vscode.CodeLens[] {
    if (!this.enabled()) return [];
    const slice = timed('provideCodeLenses', () => this.sync.slice(document));
    if (!slice) return [];
    count('codeLens.requests');
    return this.client.request('lenses', slice, token).then((lenses) => (lenses ?? []).map((l) => new vscode.CodeLens(
      new vscode.Range(l.line, 0, l.line, 0),
      l.build
        ? { title: l.title, command: 'shapelens.buildModel', arguments: [{ uri: document.uri.toString(), ...l.build }],
          tooltip: `${l.build.description}: fill in the values and ShapeLens analyses ${l.model} built with them.` }
        : { title: l.title, command: 'shapelens.computeParameters', arguments: [{ model: l.model }],
          tooltip: `Open the summary of ${l.model}${l.inputNote ? `\n${l.inputNote}` : ''}` },
    )));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
