// "ShapeLens: Compute Parameters": the model summary in the editor area — per-layer table with a depth control and
// selectable columns, totals, memory (training, inference, the largest batch that fits), totals by operator, bar
// charts, and copy as Markdown, CSV or torchinfo-style text. The analysis server computes the data; this panel shows
// it. One panel, reused; it follows the model it was opened for.
import * as vscode from 'vscode';
import { jsonForHtml, makeNonce } from './nonce';
import { summaryCsv, summaryMarkdown, type PanelData, type SummaryData, type ViewOptions } from '../present/summary';
import { COLUMN_KEYS } from '../present/summaryColumns';
import { summaryTorchinfo } from '../present/summaryTorchinfo';

type CopyFormat = 'markdown' | 'csv' | 'torchinfo';
/** What the page reports it rendered: the table's model, body rows and column headers. */
export interface SummaryShown {
  model: string;
  rows: number;
  columns: string[];
}

type FromPage = { type: 'copy'; format: CopyFormat; view?: ViewOptions } | { type: 'reveal'; line: number } | ({ type: 'shown' } & SummaryShown);

const LABEL: Record<CopyFormat, string> = { markdown: 'Markdown', csv: 'CSV', torchinfo: 'torchinfo-style text' };

/** Only column names the page may send. */
const cleanView = (v: ViewOptions | undefined): ViewOptions => ({
  columns: v?.columns?.filter((c) => COLUMN_KEYS.includes(c)),
  depth: typeof v?.depth === 'number' && Number.isInteger(v.depth) && v.depth > 0 ? v.depth : undefined,
});

export class SummaryPanel {
  private static current: SummaryPanel | undefined;
  private static lastShown: SummaryShown | undefined;
  private data: SummaryData | undefined;
  private documentUri: vscode.Uri | undefined;

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri) {
    panel.onDidDispose(() => (SummaryPanel.current = undefined));
    panel.webview.onDidReceiveMessage((m: FromPage) => this.onMessage(m));
  }

  /**
   * Shows (or updates) the summary of a model (computed by the analysis server), its table folded below `depth`
   * levels at first; returns the data shown, for tests.
   */
  static show(extensionUri: vscode.Uri, data: SummaryData, documentUri: vscode.Uri, depth = 3): SummaryData {
    if (!SummaryPanel.current) {
      const panel = vscode.window.createWebviewPanel('shapelens.summary', `ShapeLens: ${data.model}`, vscode.ViewColumn.Beside, {
        enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
      });
      SummaryPanel.current = new SummaryPanel(panel, extensionUri);
    }
    const me = SummaryPanel.current;
    me.data = data;
    me.documentUri = documentUri;
    SummaryPanel.lastShown = undefined;
    me.panel.title = `ShapeLens: ${data.model}`;
    me.panel.webview.html = me.html({ ...data, initialDepth: depth });
    me.panel.reveal(undefined, true);
    return me.data;
  }

  /** What the open panel's page last reported it rendered (undefined until it did), for tests. */
  static shown(): SummaryShown | undefined {
    return SummaryPanel.current ? SummaryPanel.lastShown : undefined;
  }

  private async onMessage(m: FromPage): Promise<void> {
    if (!this.data) return;
    if (m.type === 'shown') {
      SummaryPanel.lastShown = { model: String(m.model), rows: Number(m.rows), columns: Array.isArray(m.columns) ? m.columns.map(String) : [] };
    } else if (m.type === 'copy') {
      const view = cleanView(m.view);
      const text = m.format === 'csv' ? summaryCsv(this.data) : m.format === 'torchinfo' ? summaryTorchinfo(this.data, view) : summaryMarkdown(this.data, view);
      await vscode.env.clipboard.writeText(text);
      void vscode.window.setStatusBarMessage(`ShapeLens: summary copied as ${LABEL[m.format] ?? 'Markdown'}`, 3000);
    } else if (m.type === 'reveal' && this.documentUri && Number.isInteger(m.line)) {
      const editor = await vscode.window.showTextDocument(this.documentUri, { viewColumn: vscode.ViewColumn.One });
      const position = new vscode.Position(Math.max(0, m.line - 1), 0);
      editor.selection = new vscode.Selection(position, position);
      editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  private html(data: PanelData): string {
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
