// The Node host's version of inThreadServer.ts (swapped in by scripts/build.mjs). The Node extension bundle does not
// carry the analysis — it would make every activation compile 1.4 MB of code on the extension host's thread before
// activate() runs — so on the rare Node host that cannot start a worker thread, the worker's own bundle, which
// exports the server's class, is required here.
import * as vscode from 'vscode';
import type { EditorServer } from '../server/server';
import { NODE_WORKER_BUNDLE } from './workerStart';

export function editorServerClass(extensionUri: vscode.Uri): typeof EditorServer {
  const bundle = vscode.Uri.joinPath(extensionUri, ...NODE_WORKER_BUNDLE).fsPath;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(bundle) as { EditorServer: typeof EditorServer }).EditorServer;
}
