// Editor features in a real VS Code: inlay hints, hovers, diagnostics + quick fix, Compute Parameters,
// a notebook, a TypeScript model, and settings that apply without a reload. Runs in both extension hosts.
import * as vscode from 'vscode';
import type { SummaryData } from '../../../src/present/summary';
import { activeShapeLens, check, currentHost, equal, openWorkspaceFile, screenshot, sleep, summaryShown, waitFor, within } from './helpers';

async function hintLabels(uri: vscode.Uri, lines = 400): Promise<string[]> {
  const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, lines, 0));
  return (hints ?? []).map((h) => `${h.position.line}:${h.position.character} ${typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')}`);
}

/** Hints appear once the parser is loaded and the document analysed: poll until they do. */
async function settledHints(uri: vscode.Uri, expectedCount: number): Promise<string[]> {
  let labels: string[] = [];
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    labels = await hintLabels(uri);
    if (labels.length >= expectedCount) return labels;
    await sleep(200);
  }
  return labels;
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

const ourDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ShapeLens');

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('shapelens').update(key, value, vscode.ConfigurationTarget.Global);
  await sleep(300);
}

const CIFAR_HINTS = [
  '9:39 → (4, 6, 28, 28) · 456 params · 1.4M MACs',
  '10:38 → (4, 6, 14, 14) ×2',
  '11:40 → (4, 16, 10, 10) · 2.4K params · 960K MACs',
  '12:45 → (4, 120) · 48.1K params · 192K MACs',
  '13:37 → (4, 84) · 10.2K params · 40.3K MACs',
  '14:36 → (4, 10) · 850 params · 3.4K MACs',
  '17:44 → (4, 6, 14, 14)',
  '18:44 → (4, 16, 5, 5)',
  '19:31 → (4, 400)',
  '20:31 → (4, 120)',
  '21:31 → (4, 84)',
  '22:23 → (4, 10)',
];

/** One editor, no side bars: the screenshots show the code and its hints, not the chrome around them. */
async function tidyWorkbench(): Promise<void> {
  for (const command of ['workbench.action.closeAllEditors', 'workbench.action.closeAuxiliaryBar', 'workbench.action.closeSidebar',
    'workbench.action.closePanel']) {
    await vscode.commands.executeCommand(command).then(undefined, () => undefined); // absent in some builds: fine
  }
}

suite(`ShapeLens editor (${currentHost()} extension host)`, function () {
  this.timeout(60_000);

  suiteSetup(async () => {
    await tidyWorkbench();
    await openWorkspaceFile('cifar_net.py');
    const { api } = await activeShapeLens();
    equal((await api.ready).treeSitter, 'ok', 'tree-sitter');
  });

  test('inlay hints: the CIFAR-10 tutorial net', async () => {
    const editor = await openWorkspaceFile('cifar_net.py');
    const labels = await settledHints(editor.document.uri, CIFAR_HINTS.length);
    equal(labels, CIFAR_HINTS, 'hints of cifar_net.py');
    await screenshot('hints');
  });

  test('hover on a declaration: formula per dimension, parameters, cost in three conventions', async () => {
    await tidyWorkbench();
    const editor = await openWorkspaceFile('cifar_net.py');
    const text = await hoverText(editor.document.uri, new vscode.Position(9, 25));
    for (const expected of [
      '**conv1** · `Conv2d` — 2-D convolution',
      '**(4, 3, 32, 32) → (4, 6, 28, 28)**',
      'H_out = W_out = ⌊(32 − 1·(5 − 1) − 1) / 1⌋ + 1 = 28',
      'weight  6×3×5×5 = 450',
      'params = 6 · (3·5·5 + 1) = 456',
      '**1,411,200 MACs** · 2,822,400 FLOPs · mults 1,411,200 + adds 1,411,200 = 2,822,400 FLOPs (exact)',
      'Check gradients for this layer',
    ]) check(text.includes(expected), `hover contains ${JSON.stringify(expected)}; got:\n${text}`);
    editor.selection = new vscode.Selection(9, 25, 9, 25);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover', 1_500);
  });

  test('hover on a call in forward() shows that call\'s shapes', async () => {
    const editor = await openWorkspaceFile('cifar_net.py');
    const text = await hoverText(editor.document.uri, new vscode.Position(18, 15)); // second self.pool(...)
    check(text.includes('**(4, 16, 10, 10) → (4, 16, 5, 5)**'), `second pool call: ${text}`);
    check(text.includes('Called 2× in forward()'), 'shared module note');
  });

  test('Compute Parameters: seed 001 network totals', async () => {
    await tidyWorkbench();
    await settledHints((await openWorkspaceFile('seed001_net.py')).document.uri, 1);
    const summary = await vscode.commands.executeCommand<SummaryData>('shapelens.computeParameters');
    check(summary, 'a summary came back');
    equal(summary.totalParams, '1,446,030', 'total params');
    equal(summary.totalCost, '110,912,000', 'total MACs');
    // a layer without parameters shows torchinfo's empty cell, the same in the CLI table and the copies
    equal(summary.rows.map((r) => `${r.name} ${r.output} ${r.params}`), [
      '0 (64, 20, 24, 24) 520', '1 (64, 20, 12, 12) --', '2 (64, 2880) --', '3 (64, 500) 1,440,500', '4 (64, 500) --', '5 (64, 10) 5,010',
    ], 'rows');
    const shown = await summaryShown((await activeShapeLens()).api, 'model');
    equal(shown.rows, 6, 'table rows the page drew');
    equal(shown.columns.slice(0, 2), ['Layer (type)', shown.columns.includes('Input Shape') ? 'Input Shape' : 'Output Shape'], 'first columns the page drew');
    await screenshot('summary', 1_500);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('CodeLens above the model, and the summary with memory and receptive fields', async () => {
    await tidyWorkbench();
    await setSetting('memory.deviceGB', 16);
    const editor = await openWorkspaceFile('seed001_net.py');
    await settledHints(editor.document.uri, 1);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const ours = (lenses ?? []).filter((l) => l.command?.command === 'shapelens.computeParameters');
    check(ours.length === 1, `one CodeLens: ${JSON.stringify((lenses ?? []).map((l) => l.command?.title))}`);
    equal(ours[0].command!.title, '1.4M params · 111M MACs · 28.63 MB train @ batch 64', 'CodeLens title');
    await screenshot('codelens', 1_500);
    const summary = await vscode.commands.executeCommand<SummaryData>(ours[0].command!.command, ...(ours[0].command!.arguments ?? []));
    check(summary?.memory, 'the summary has memory');
    equal(summary.memory.training, '28.63 MB', 'training memory (float32, Adam, batch 64)');
    check(summary.memory.fit?.endsWith('the largest batch that fits is 200,017'), `fit: ${summary.memory.fit}`);
    equal(summary.rows.map((r) => r.field ?? ''), ['5', '6', '--', 'global', 'global', 'global'], 'receptive fields');
    const shown = await summaryShown((await activeShapeLens()).api, 'model');
    equal(shown.rows, 6, 'table rows the page drew');
    // half of a 1280-px window: the page leaves out the default columns that do not fit, never the output or the totals
    for (const column of ['Output Shape', 'Param #', 'MACs']) check(shown.columns.includes(column), `${column} drawn: ${shown.columns.join(', ')}`);
    await screenshot('summary-memory', 1_500);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await setSetting('memory.deviceGB', null);
  });

  test('a class no model builds: its CodeLens adds the call under `if __name__ == \'__main__\':`, and the numbers come once it is filled in', async () => {
    await tidyWorkbench();
    const text = 'import torch.nn as nn\n\n\nclass Block(nn.Module):\n    def __init__(self, channels, stride):\n        super().__init__()\n' +
      '        self.conv = nn.Conv2d(channels, channels, 3, stride, 1)\n\n    def forward(self, x):\n        return self.conv(x)\n';
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: text });
    await vscode.window.showTextDocument(document, { preview: false });
    let build: vscode.CodeLens | undefined;
    await waitFor(async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      return !!(build = (lenses ?? []).find((l) => l.command?.command === 'shapelens.buildModel'));
    }, 'a CodeLens that builds Block');
    check(build, 'a CodeLens that builds Block');
    equal(build.command!.title, 'Build Block(channels, stride) to see its numbers…', 'the lens');
    equal(build.range.start.line, 3, 'above the class');
    await screenshot('build-lens-offered', 1_500);
    const done = await vscode.commands.executeCommand<boolean>(build.command!.command, ...(build.command!.arguments ?? []));
    check(done, 'the snippet was inserted');
    equal(document.getText().slice(text.length - 1), "\n\n\nif __name__ == '__main__':\n    model = Block(channels=channels, stride=stride)\n", 'the call, its arguments to fill in');
    // as a user fills the placeholders in: the first is selected, Tab goes to the next
    await vscode.commands.executeCommand('type', { text: '8' });
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    await vscode.commands.executeCommand('type', { text: '2' });
    check(document.getText().includes('model = Block(channels=8, stride=2)'), `filled in: ${document.getText().slice(text.length)}`);
    const conv = (l: string) => l.startsWith('6:') && l.includes('(1, 8, 14, 14)') && l.includes('584 params');
    let labels: string[] = [];
    await waitFor(async () => (labels = await hintLabels(document.uri)).some(conv), () => `the conv's hint: ${labels.join(' | ')}`);
    await screenshot('build-lens', 500);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('diagnostic at the failing line, and its quick fix removes it', async () => {
    await tidyWorkbench();
    const editor = await openWorkspaceFile('buggy_net.py');
    const uri = editor.document.uri;
    await waitFor(() => ourDiagnostics(uri).length > 0, 'a ShapeLens diagnostic');
    const [d] = ourDiagnostics(uri);
    equal(d.code, 'linear-in-features', 'code');
    equal(d.range.start.line, 17, 'line of self.fc1(x) in forward()');
    equal(d.message, 'Linear expects 2,800 input features but receives 2,880 = 20·12·12 (flatten at line 17)', 'message');
    editor.selection = new vscode.Selection(d.range.start, d.range.start);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await screenshot('quickfix', 1_500);
    await vscode.commands.executeCommand('hideCodeActionWidget');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
    const fix = (actions ?? []).find((a) => a.title === 'Set in_features to 2880');
    check(fix?.edit, `quick fix offered: ${(actions ?? []).map((a) => a.title).join(', ')}`);
    await vscode.workspace.applyEdit(fix.edit);
    equal(editor.document.lineAt(11).text.trim(), 'self.fc1 = nn.Linear(2880, 500)', 'edited line');
    await waitFor(() => ourDiagnostics(uri).length === 0, 'the diagnostic to disappear');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('settings change the hints without a reload', async () => {
    const editor = await openWorkspaceFile('cifar_net.py');
    const uri = editor.document.uri;
    try {
      await setSetting('convention', 'flops');
      check((await hintLabels(uri))[0] === '9:39 → (4, 6, 28, 28) · 456 params · 2.8M FLOPs', `flops: ${(await hintLabels(uri))[0]}`);
      await setSetting('inlayHints.show', { shape: true, params: false, cost: false });
      await setSetting('inlayHints.showBatchDimension', false);
      check((await hintLabels(uri))[0] === '9:39 → (6, 28, 28)', `shape only: ${(await hintLabels(uri))[0]}`);
      await setSetting('languages', { python: false, typescript: true, notebooks: true });
      equal(await hintLabels(uri), [], 'no hints with Python off');
    } finally {
      for (const key of ['convention', 'inlayHints.show', 'inlayHints.showBatchDimension', 'languages']) await setSetting(key, undefined);
    }
    equal(await hintLabels(uri), CIFAR_HINTS, 'hints back after reset');
  });

  test('Set Input Shape writes the comment and the hints follow an edit', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: [
      'import torch.nn as nn', '', '', 'class Tiny(nn.Module):', '    def __init__(self):', '        super().__init__()',
      '        self.conv = nn.Conv2d(3, 8, 3)', '', '    def forward(self, x):', '        return self.conv(x)', ''].join('\n') });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(6, 10, 6, 10);
    await vscode.commands.executeCommand('shapelens.setInputShape', { shape: '2x3x32x32' });
    equal(document.lineAt(3).text, '# input: (2, 3, 32, 32)', 'comment written above the class');
    let labels = await settledHints(document.uri, 1);
    equal(labels[0], '7:38 → (2, 8, 30, 30) · 224 params · 389K MACs', 'hint after the comment');
    // Typing a new kernel size: the hint follows (the analysis is incremental and debounced, not stale).
    await editor.edit((b) => b.replace(new vscode.Range(7, 36, 7, 37), '5'));
    const end = Date.now() + 5_000;
    while (Date.now() < end && labels[0] !== '7:38 → (2, 8, 28, 28) · 608 params · 941K MACs') {
      await sleep(50);
      labels = await hintLabels(document.uri);
    }
    equal(labels[0], '7:38 → (2, 8, 28, 28) · 608 params · 941K MACs', 'hint after typing');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a notebook: the model cell gets hints', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const notebook = await within(vscode.workspace.openNotebookDocument(vscode.Uri.joinPath(folder.uri, 'tiny_net.ipynb')), 20_000, 'openNotebookDocument');
    console.log(`notebook opened: ${notebook.cellCount} cells`);
    // Showing it is for the eye only; the analysis works on the cells' documents either way.
    await within(vscode.window.showNotebookDocument(notebook), 15_000, 'showNotebookDocument').catch((e) => console.log(String(e)));
    const cell = notebook.cellAt(2).document;
    const labels = await settledHints(cell.uri, 5);
    equal(labels, [
      '4:50 → (8, 16, 32, 32) · 448 params · 3.5M MACs',
      '5:35 → (8, 16, 16, 16)',
      '6:45 → (8, 10) · 41K params · 328K MACs',
      '9:47 → (8, 16, 16, 16)',
      '10:33 → (8, 4096)',
    ], 'notebook cell hints');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a TypeScript model gets the same hints', async () => {
    const editor = await openWorkspaceFile('lenet.ts');
    const labels = await settledHints(editor.document.uri, 6);
    equal(labels.slice(0, 6), [
      '5:32 → (1, 6, 28, 28) · 156 params · 118K MACs',
      '6:28 → (1, 6, 14, 14) ×2',
      '7:74 → (1, 16, 10, 10) · 2.4K params · 240K MACs',
      '8:38 → (1, 120) · 48.1K params · 48K MACs',
      '9:30 → (1, 84) · 10.2K params · 10.1K MACs',
      '10:29 → (1, 10) · 850 params · 840 MACs',
    ], 'TS hints');
  });
});
