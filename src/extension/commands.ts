// The commands: Compute Parameters (summary view), Set Input Shape (writes the `# input:` comment), Toggle hints.
import * as vscode from 'vscode';
import { parseInputOption } from '../analysis';
import type { ModelAnalysis } from '../analysis/model';
import type { AnalysisService } from './analysisService';
import { modelAt } from './locate';
import { inputChoices } from '../present/inputChoices';
import type { SummaryData } from '../present/summary';
import { planFor } from './modelMemory';
import { SummaryPanel } from './summaryPanel';

/** The analysis reads the comment this command writes, so the same parser checks what the user typed. */
const typedShape = (text: string): number[] | undefined => {
  const dims = parseInputOption(text);
  return dims && dims.length <= 8 && dims.every((d) => d >= 1) ? dims : undefined;
};

async function pickModel(service: AnalysisService, editor: vscode.TextEditor, name?: string): Promise<ModelAnalysis | undefined> {
  const view = service.view(editor.document);
  const models = view?.analysis.models ?? [];
  if (models.length === 0) {
    void vscode.window.showInformationMessage('ShapeLens: no PyTorch model found in this file.');
    return undefined;
  }
  if (name) return models.find((m) => m.name === name);
  const inside = modelAt(view!, editor.selection.active);
  const contained = inside && editor.selection.active.line + view!.lineOffset >= inside.range.start.line &&
    editor.selection.active.line + view!.lineOffset <= inside.range.end.line;
  if (contained || models.length === 1) return inside ?? models[0];
  const picked = await vscode.window.showQuickPick(models.map((m) => ({
    label: m.name, description: m.root ? 'root model' : 'submodule',
    detail: `${m.totalParams.toLocaleString('en-US')} params${m.inputShape ? ` · input (${m.inputShape.join(', ')})` : ''}`, model: m,
  })), { placeHolder: 'Which model?' });
  return picked?.model;
}

export function registerCommands(context: vscode.ExtensionContext, service: AnalysisService): vscode.Disposable[] {
  return [
    // Returns the summary shown (tests assert its totals); `model` picks one by name without a quick pick.
    vscode.commands.registerCommand('shapelens.computeParameters', async (args?: { model?: string }): Promise<SummaryData | undefined> => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage('ShapeLens: open a Python or TypeScript model file first.');
        return undefined;
      }
      const model = await pickModel(service, editor, args?.model);
      if (!model) return undefined;
      const extras = { plan: planFor(service.config, editor.document, model, true), depth: service.config.summaryDepth };
      return SummaryPanel.show(context.extensionUri, model, service.config.convention, editor.document.uri, extras);
    }),
    vscode.commands.registerCommand('shapelens.setInputShape', async (args?: { shape?: string }) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const view = service.view(editor.document);
      const model = view && modelAt(view, editor.selection.active);
      // the inferred input and the conventional sizes the model allows, one click each; "Other…" types one
      const choices = args?.shape ? [] : inputChoices(model);
      const picked = choices.length ? await vscode.window.showQuickPick([...choices, { label: 'Other…', description: 'type a shape', shape: [] }],
        { title: `ShapeLens: input shape${model ? ` of ${model.name}` : ''}` }) : undefined;
      if (choices.length && !picked) return;
      const text = picked?.shape.length ? picked.shape.join(', ') : args?.shape ?? await vscode.window.showInputBox({
        title: `ShapeLens: input shape${model ? ` of ${model.name}` : ''}`,
        prompt: 'Dimensions separated by commas or x, batch first: 1, 3, 224, 224',
        value: model?.inputShape?.every((d) => typeof d === 'number') ? model.inputShape.join(', ') : '1, 3, 224, 224',
        validateInput: (v) => (typedShape(v) ? undefined : 'Whole numbers ≥ 1, separated by commas or x (e.g. 1, 3, 224, 224)'),
      });
      const shape = text ? typedShape(text) : undefined;
      if (!shape) return;
      const isPython = editor.document.languageId === 'python';
      const comment = isPython ? `# input: (${shape.join(', ')})` : `// input: [${shape.join(', ')}]`;
      const line = model && view ? Math.max(0, model.range.start.line - view.lineOffset) : 0;
      const above = line > 0 ? editor.document.lineAt(line - 1) : undefined;
      const indent = editor.document.lineAt(line).text.match(/^\s*/)![0];
      await editor.edit((b) => {
        if (above && /^\s*(#|\/\/)\s*input\s*:/.test(above.text)) b.replace(above.range, indent + comment);
        else b.insert(new vscode.Position(line, 0), `${indent}${comment}\n`);
      });
    }),
    vscode.commands.registerCommand('shapelens.toggleInlayHints', async () => {
      const config = vscode.workspace.getConfiguration('shapelens');
      await config.update('inlayHints.enabled', !config.get<boolean>('inlayHints.enabled', true), vscode.ConfigurationTarget.Global);
    }),
  ];
}
