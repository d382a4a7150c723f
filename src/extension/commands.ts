// The commands: Compute Parameters (summary view), Select Model (the model context), Set Input Shape (writes the
// `# input:` comment), Toggle hints, and the status bar tooltip's "go to line" links.
import * as vscode from 'vscode';
import { parseInputOption } from '../analysis/shapeText';
import type { SummaryData } from '../present/summary';
import type { Slice } from '../server/protocol';
import type { AnalysisClient } from './analysisClient';
import type { DocumentSync } from './documentSync';
import { SummaryPanel } from './summaryPanel';

/** The analysis reads the comment this command writes, so the same parser checks what the user typed. */
const typedShape = (text: string): number[] | undefined => {
  const dims = parseInputOption(text);
  return dims && dims.length <= 8 && dims.every((d) => d >= 1) ? dims : undefined;
};

export interface CommandDeps {
  readonly client: AnalysisClient;
  readonly sync: DocumentSync;
  /** Remembers the model context chosen for a server document (per file, across sessions). */
  choose(doc: string, model: string | undefined): Promise<void>;
  /** How many levels of the module tree the summary shows at first (shapelens.summary.depth). */
  summaryDepth(): number;
}

const at = (editor: vscode.TextEditor) => ({ line: editor.selection.active.line, character: editor.selection.active.character });

function editorSlice(deps: CommandDeps): { editor: vscode.TextEditor; slice: Slice } | undefined {
  const editor = vscode.window.activeTextEditor;
  const slice = editor && deps.sync.slice(editor.document);
  if (!editor || !slice) {
    void vscode.window.showInformationMessage('ShapeLens: open a Python or TypeScript model file first.');
    return undefined;
  }
  return { editor, slice };
}

/** The quick pick of the root models that use the code at the cursor; the choice becomes the file's model context. */
async function selectModel(deps: CommandDeps, args?: { model?: string }): Promise<string | undefined> {
  const here = editorSlice(deps);
  if (!here) return undefined;
  if (args?.model !== undefined) {
    await deps.choose(here.slice.doc, args.model || undefined);
    return args.model;
  }
  const choices = await deps.client.request('contexts', { ...here.slice, position: at(here.editor) });
  if (!choices || choices.items.length === 0) {
    void vscode.window.showInformationMessage(`ShapeLens: ${choices?.note ?? 'no PyTorch model found in this file.'}`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(choices.items.map((c) => ({
    label: `${c.current ? '$(check) ' : ''}${c.name}`, description: c.kind, detail: c.detail, name: c.name,
  })), { title: `ShapeLens: the model ${choices.place} is shown in`, placeHolder: 'Hints, hovers, diagnostics and the summary follow it' });
  if (!picked) return undefined;
  await deps.choose(here.slice.doc, picked.name);
  return picked.name;
}

export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): vscode.Disposable[] {
  return [
    // Returns the summary shown (tests assert its totals); `model` picks one by name.
    vscode.commands.registerCommand('shapelens.computeParameters', async (args?: { model?: string }): Promise<SummaryData | undefined> => {
      const here = editorSlice(deps);
      if (!here) return undefined;
      const data = await deps.client.request('summary', { ...here.slice, position: at(here.editor), model: args?.model });
      if (!data) {
        void vscode.window.showInformationMessage('ShapeLens: no PyTorch model uses the code at the cursor.');
        return undefined;
      }
      return SummaryPanel.show(context.extensionUri, data, here.editor.document.uri, deps.summaryDepth());
    }),
    vscode.commands.registerCommand('shapelens.selectModel', (args?: { model?: string }) => selectModel(deps, args)),
    vscode.commands.registerCommand('shapelens.revealLine', (args?: { line?: number }) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || typeof args?.line !== 'number') return;
      const position = new vscode.Position(Math.max(0, args.line), 0);
      editor.selection = new vscode.Selection(position, position);
      editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }),
    vscode.commands.registerCommand('shapelens.setInputShape', async (args?: { shape?: string }) => {
      const editor = vscode.window.activeTextEditor;
      const slice = editor && deps.sync.slice(editor.document);
      if (!editor) return;
      const target = slice ? await deps.client.request('inputTarget', { ...slice, position: at(editor) }) : undefined;
      // the inferred input and the conventional sizes the model allows, one click each; "Other…" types one
      const choices = args?.shape ? [] : target?.choices ?? [];
      const picked = choices.length ? await vscode.window.showQuickPick([...choices, { label: 'Other…', description: 'type a shape', shape: [] }],
        { title: `ShapeLens: input shape${target ? ` of ${target.model}` : ''}` }) : undefined;
      if (choices.length && !picked) return;
      const text = picked?.shape.length ? picked.shape.join(', ') : args?.shape ?? await vscode.window.showInputBox({
        title: `ShapeLens: input shape${target ? ` of ${target.model}` : ''}`,
        prompt: 'Dimensions separated by commas or x, batch first: 1, 3, 224, 224',
        value: target?.inputShape ? target.inputShape.join(', ') : '1, 3, 224, 224',
        validateInput: (v) => (typedShape(v) ? undefined : 'Whole numbers ≥ 1, separated by commas or x (e.g. 1, 3, 224, 224)'),
      });
      const shape = text ? typedShape(text) : undefined;
      if (!shape) return;
      const isPython = editor.document.languageId === 'python';
      const comment = isPython ? `# input: (${shape.join(', ')})` : `// input: [${shape.join(', ')}]`;
      const line = target ? Math.max(0, Math.min(target.line, editor.document.lineCount - 1)) : 0;
      const above = line > 0 ? editor.document.lineAt(line - 1) : undefined;
      const indent = editor.document.lineAt(line).text.match(/^\s*/)![0];
      await editor.edit((b) => {
        if (above && /^\s*(#|\/\/)\s*input\s*:/.test(above.text)) b.replace(above.range, indent + comment);
        else b.insert(new vscode.Position(line, 0), `${indent}${comment}\n`);
      });
    }),
    // a class no model builds: its lens inserts `model = Name(a=…, b=…)` under `if __name__ == '__main__':`, the
    // arguments as placeholders to fill in (the analysis server said where: BuildEdit)
    vscode.commands.registerCommand('shapelens.buildModel', async (args?: { uri?: string; line?: number; character?: number; snippet?: string }) => {
      if (!args?.uri || typeof args.line !== 'number' || typeof args.character !== 'number' || typeof args.snippet !== 'string') return false;
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === args.uri);
      if (!document) return false;
      const editor = await vscode.window.showTextDocument(document, { preserveFocus: false });
      // at the start of the line after the code (see buildEdit); a text with no final newline gets one first
      const first = args.line >= document.lineCount;
      if (first) await editor.edit((b) => b.insert(document.lineAt(document.lineCount - 1).range.end, '\n'), { undoStopBefore: true, undoStopAfter: false });
      const line = Math.min(args.line, document.lineCount - 1);
      const position = new vscode.Position(line, Math.min(args.character, document.lineAt(line).text.length));
      const done = await editor.insertSnippet(new vscode.SnippetString(args.snippet), position, { undoStopBefore: !first, undoStopAfter: true });
      if (done) editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return done;
    }),
    vscode.commands.registerCommand('shapelens.toggleInlayHints', async () => {
      const config = vscode.workspace.getConfiguration('shapelens');
      await config.update('inlayHints.enabled', !config.get<boolean>('inlayHints.enabled', true), vscode.ConfigurationTarget.Global);
    }),
  ];
}
