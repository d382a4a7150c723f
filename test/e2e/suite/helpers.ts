// Small helpers shared by the real-VS-Code tests. They run in both extension hosts (Node and web worker), so they
// use only the `vscode` API and plain JavaScript: no node:assert, no fs.
import * as vscode from 'vscode';
import type { ShapeLensApi } from '../../../src/extension/extension';
import type { SummaryShown } from '../../../src/extension/summaryPanel';

export const EXTENSION_ID = 'shapelens.shapelens';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Which extension host runs this test: 'node' (VS Code server, desktop) or 'web' (VS Code for the Web). */
export const currentHost = (): 'node' | 'web' => (typeof process === 'object' && !!process.versions?.node ? 'node' : 'web');

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${message}`);
}

export function equal<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** Rejects with a message naming the step, instead of letting mocha time out without saying where. */
export function within<T>(p: Thenable<T>, ms: number, what: string): Promise<T> {
  return Promise.race([Promise.resolve(p), new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms`)), ms))]);
}

/** Polls until `probe` returns true (VS Code reacts to events asynchronously); `what` may say what was seen last. */
export async function waitFor(probe: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(100);
  }
}

/** Opens a file of test/e2e/workspace/ (the workspace folder in every runner) in an editor. */
export async function openWorkspaceFile(relative: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  check(folder, 'the runner opened test/e2e/workspace as the workspace folder');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, relative));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Closes every editor, then shows `document` alone: a clean window for a screenshot. */
export async function showAlone(document: vscode.TextDocument): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  return vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
}

/** The extension, once VS Code activated it by itself; its API. Never calls activate(): that is the point of the test. */
export async function activeShapeLens(): Promise<{ extension: vscode.Extension<ShapeLensApi>; api: ShapeLensApi }> {
  const extension = vscode.extensions.getExtension<ShapeLensApi>(EXTENSION_ID);
  check(extension, `extension ${EXTENSION_ID} is installed`);
  await waitFor(() => extension.isActive, 'ShapeLens to activate');
  return { extension, api: extension.exports };
}

/**
 * Asks the runner for a PNG of the whole window, saved as test-output/<host>-<name>.png (run-server.mjs, run-web.mjs).
 * The runner takes it while the extension host is alive, so give the editor time to render first and then wait.
 * Under @vscode/test-electron the marker is only printed.
 */
export async function screenshot(name: string, settleMs = 1_000): Promise<void> {
  check(/^[\w-]+$/.test(name), `screenshot name "${name}" uses only letters, digits, _ and -`);
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar').then(undefined, () => undefined); // the chat panel
  await sleep(settleMs);
  console.log(`[[screenshot:${name}]]`);
  await sleep(2_500);
}

/**
 * Waits until the summary panel's page reports that it rendered `model`'s table (a webview the test cannot look
 * into: the page says what it drew), and returns what it drew.
 */
export async function summaryShown(api: ShapeLensApi, model: string): Promise<SummaryShown> {
  await waitFor(() => api.summaryShown()?.model === model, `the summary page to render ${model}'s table (it reports ${JSON.stringify(api.summaryShown())})`);
  return api.summaryShown()!;
}
