// "ShapeLens: Gradient Checker": the host side of the webview page (src/webview/gradientChecker/). One panel,
// reused. The page keeps its own state through vscode.setState, so the panel does not retain its context when
// hidden. The page never touches files or the clipboard: it asks here (Open/Save dialogs, workspace.fs,
// env.clipboard), which works the same in the desktop and the web host.
import * as vscode from 'vscode';
import type { HostMessage, LayerPrefill, PageMessage } from '../webview/gradientChecker/messages';
import { gradientCheckerHtml, makeNonce } from './pageHtml';

let current: vscode.WebviewPanel | undefined;
/** A prefill waits here until the page says it applied it (the page may still be loading, or be reloaded). */
let pendingPrefill: LayerPrefill | undefined;
/** Where Open/Save dialogs start: the last check file used. */
let lastFolder: vscode.Uri | undefined;

const CHECK_FILTERS = { 'Gradient check': ['json'] };
/** Largest check file the panel opens (the format caps tensors; this caps the text the page must parse). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Opens (or reveals) the Gradient Checker. With `prefill` — from a hover or CodeLens on a layer, e.g.
 * { layerType: 'Conv2d', args: { in_channels: 1, out_channels: 2, kernel_size: 3, stride: 1, padding: 1 } } —
 * the page builds a check of that layer with small random integer inputs (channels and sizes capped).
 */
export function openGradientChecker(context: vscode.ExtensionContext, prefill?: LayerPrefill): vscode.WebviewPanel {
  if (prefill) pendingPrefill = { layerType: String(prefill.layerType), args: { ...(prefill.args ?? {}) }, inputShape: prefill.inputShape };
  if (current) {
    current.reveal(undefined, false);
    if (pendingPrefill) void post(current, { type: 'prefill', prefill: pendingPrefill });
    return current;
  }
  const webviewRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
  const panel = vscode.window.createWebviewPanel('shapelens.gradientChecker', 'ShapeLens: Gradient Checker', vscode.ViewColumn.Beside, {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [webviewRoot],
  });
  panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
  const webview = panel.webview;
  webview.html = gradientCheckerHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'gradientChecker.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'gradientChecker.css')).toString(),
  });
  const subscriptions: vscode.Disposable[] = [];
  webview.onDidReceiveMessage((m: PageMessage) => onPageMessage(panel, m), undefined, subscriptions);
  panel.onDidDispose(() => {
    current = undefined;
    pendingPrefill = undefined;
    subscriptions.forEach((d) => d.dispose());
  }, undefined, context.subscriptions);
  current = panel;
  return panel;
}

async function onPageMessage(panel: vscode.WebviewPanel, m: PageMessage): Promise<void> {
  if (!m || typeof m !== 'object') return;
  try {
    switch (m.type) {
      case 'ready':
        if (pendingPrefill) await post(panel, { type: 'prefill', prefill: pendingPrefill });
        break;
      case 'prefillApplied':
        pendingPrefill = undefined;
        break;
      case 'copy':
        await vscode.env.clipboard.writeText(String(m.text));
        await post(panel, { type: 'copied', label: String(m.label) });
        break;
      case 'open':
        await openCheckFile(panel);
        break;
      case 'save':
        await saveCheckFile(panel, String(m.json), String(m.suggestedName));
        break;
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(`ShapeLens Gradient Checker: ${message}`);
  }
}

async function openCheckFile(panel: vscode.WebviewPanel): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false, filters: CHECK_FILTERS, openLabel: 'Open check', title: 'Open a gradient check', defaultUri: lastFolder ?? defaultFolder(),
  });
  const uri = picked?.[0];
  if (!uri) return;
  lastFolder = vscode.Uri.joinPath(uri, '..');
  const name = uri.path.split('/').pop() ?? uri.toString();
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_FILE_BYTES) {
      await post(panel, { type: 'openFailed', message: `${name} is ${(stat.size / 1e6).toFixed(1)} MB; a check file stays under ${MAX_FILE_BYTES / 1e6} MB.` });
      return;
    }
    const bytes = await vscode.workspace.fs.readFile(uri);
    await post(panel, { type: 'opened', json: new TextDecoder('utf-8').decode(bytes), fileName: name });
  } catch (e) {
    await post(panel, { type: 'openFailed', message: `Cannot read ${name}: ${e instanceof Error ? e.message : String(e)}` });
  }
}

async function saveCheckFile(panel: vscode.WebviewPanel, json: string, suggestedName: string): Promise<void> {
  const safeName = suggestedName.replace(/[^\w.-]+/g, '-') || 'gradient-check.check.json';
  const folder = lastFolder ?? defaultFolder();
  const uri = await vscode.window.showSaveDialog({
    filters: CHECK_FILTERS, saveLabel: 'Save check', title: 'Save the gradient check',
    defaultUri: folder ? vscode.Uri.joinPath(folder, safeName) : undefined,
  });
  if (!uri) return;
  lastFolder = vscode.Uri.joinPath(uri, '..');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(json));
  await post(panel, { type: 'saved', fileName: uri.path.split('/').pop() ?? uri.toString() });
}

const defaultFolder = (): vscode.Uri | undefined => vscode.workspace.workspaceFolders?.[0]?.uri;

function post(panel: vscode.WebviewPanel, message: HostMessage): Thenable<boolean> {
  return panel.webview.postMessage(message);
}
