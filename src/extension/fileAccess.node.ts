// The Node host's version of fileAccess.ts (swapped in by scripts/build.mjs): a `file:` URI is read with Node's fs,
// any other scheme through workspace.fs. In the VS Code server's extension host, workspace.fs answered the extension's
// first read 849 ms after it was made and each later one in ~60 ms, where Node's fs takes a few, and the folder's
// listing waited for them at startup (as would the wasm of the in-thread fallback; a worker thread reads its own).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export async function readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
  if (uri.scheme !== 'file') return vscode.workspace.fs.readDirectory(uri);
  const entries = await fs.readdir(uri.fsPath, { withFileTypes: true });
  return Promise.all(entries.map(async (e): Promise<[string, vscode.FileType]> => {
    if (e.isDirectory()) return [e.name, vscode.FileType.Directory];
    if (e.isFile()) return [e.name, vscode.FileType.File];
    if (!e.isSymbolicLink()) return [e.name, vscode.FileType.Unknown];
    // as workspace.fs: a link is SymbolicLink and what it points to
    const target = await fs.stat(path.join(uri.fsPath, e.name)).catch(() => undefined);
    const kind = target?.isDirectory() ? vscode.FileType.Directory : target?.isFile() ? vscode.FileType.File : vscode.FileType.Unknown;
    return [e.name, vscode.FileType.SymbolicLink | kind];
  }));
}

export async function readFile(uri: vscode.Uri): Promise<Uint8Array> {
  if (uri.scheme !== 'file') return vscode.workspace.fs.readFile(uri);
  const buffer = await fs.readFile(uri.fsPath);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
