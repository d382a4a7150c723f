// The analysis server's class, for the fallback that runs it in the extension host's thread (a host that cannot
// start a worker). A web extension is one file, so the web bundle carries the server; the Node bundle replaces this
// module with inThreadServer.node.ts (scripts/build.mjs), which loads the worker's own bundle only when needed.
import type * as vscode from 'vscode';
import { EditorServer } from '../server/server';

export function editorServerClass(_extensionUri: vscode.Uri): typeof EditorServer {
  return EditorServer;
}
