// "ShapeLens: Compute Parameters": the model summary in the editor area — per-layer table, totals, parameter
// memory, a bar chart, and copy as Markdown/CSV. One panel, reused; it follows the model it was opened for.
import * as vscode from 'vscode';
import type { ModelAnalysis } from '../analysis/model';
import type { Convention } from '../engine';
import { jsonForHtml, makeNonce } from './nonce';
import { summaryCsv, summaryData, summaryMarkdown, type SummaryData } from '../present/summary';

type FromPage = { type: 'copy'; format: 'markdown' | 'csv' } | { type: 'reveal'; line: number };

export class SummaryPanel {
  private static current: SummaryPanel | undefined;
  private data: SummaryData | undefined;
  private documentUri: vscode.Uri | undefined;

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri) {
    panel.onDidDispose(() => (SummaryPanel.current = undefined));
    panel.webview.onDidReceiveMessage((m: FromPage) => this.onMessage(m));
  }

  /** Shows (or updates) the summary of a model; returns the data shown, for tests and the status bar. */
  static show(extensionUri: vscode.Uri, model: ModelAnalysis, convention: Convention, documentUri: vscode.Uri): SummaryData {
    if (!SummaryPanel.current) {
      const panel = vscode.window.createWebviewPanel('shapelens.summary', `ShapeLens: ${model.name}`, vscode.ViewColumn.Beside, {
        enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
      });
      SummaryPanel.current = new SummaryPanel(panel, extensionUri);
    }
    const me = SummaryPanel.current;
    me.data = summaryData(model, convention);
    me.documentUri = documentUri;
    me.panel.title = `ShapeLens: ${model.name}`;
    me.panel.webview.html = me.html(me.data);
    me.panel.reveal(undefined, true);
    return me.data;
  }

  private async onMessage(m: FromPage): Promise<void> {
    if (!this.data) return;
    if (m.type === 'copy') {
      await vscode.env.clipboard.writeText(m.format === 'csv' ? summaryCsv(this.data) : summaryMarkdown(this.data));
      void vscode.window.setStatusBarMessage(`ShapeLens: summary copied as ${m.format === 'csv' ? 'CSV' : 'Markdown'}`, 3000);
    } else if (m.type === 'reveal' && this.documentUri && Number.isInteger(m.line)) {
      const editor = await vscode.window.showTextDocument(this.documentUri, { viewColumn: vscode.ViewColumn.One });
      const position = new vscode.Position(Math.max(0, m.line - 1), 0);
      editor.selection = new vscode.Selection(position, position);
      editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  private html(data: SummaryData): string {
    const nonce = makeNonce();
    const script = this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'summary.js'));
    const css = this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'summary.css'));
    const csp = `default-src 'none'; style-src ${this.panel.webview.cspSource}; script-src 'nonce-${nonce}'; img-src ${this.panel.webview.cspSource} data:;`;
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>ShapeLens summary</title></head>
<body><main id="app" aria-live="polite"></main>
<script type="application/json" id="summary-data">${jsonForHtml(data)}</script>
<script nonce="${nonce}" src="${script}"></script>
</body></html>`;
  }
}
