// Reads files shipped inside the extension (the tree-sitter wasm) in either host: the Node host sees `file:` URIs
// and reads them (fileAccess.ts); the web-worker host gets http(s) URIs and fetches them.
import * as vscode from 'vscode';
import { readFile } from './fileAccess';

export async function readExtensionFile(extensionUri: vscode.Uri, relative: string): Promise<Uint8Array> {
  const uri = vscode.Uri.joinPath(extensionUri, relative);
  if (uri.scheme === 'file') return readFile(uri);
  const response = await fetch(uri.toString(true));
  if (!response.ok) throw new Error(`ShapeLens: cannot load ${relative} (${response.status} ${response.statusText})`);
  return new Uint8Array(await response.arrayBuffer());
}
