// Reading the workspace's and the extension's own files, in either host: through workspace.fs. The Node host swaps in
// fileAccess.node.ts (scripts/build.mjs), which reads `file:` URIs with Node's fs.
import * as vscode from 'vscode';

export function readDirectory(uri: vscode.Uri): Thenable<[string, vscode.FileType][]> {
  return vscode.workspace.fs.readDirectory(uri);
}

export function readFile(uri: vscode.Uri): Thenable<Uint8Array> {
  return vscode.workspace.fs.readFile(uri);
}
