// The status bar: the model context of the cursor's place (`resnet18 ▾`: click to switch to another root model that
// uses this code) and that model's totals (`11.7M params · MACs unknown`: click for the summary). Unknown is said
// in words with the reason in the tooltip, never as a number. With shapelens.memory.statusBar, also the training
// memory at the analysed batch (`· 28.63 MB train @ batch 64`).
import * as vscode from 'vscode';
import { QUIET_MS, type StatusInfo } from '../server/protocol';
import type { AnalysisClient } from './analysisClient';
import { count, timed } from './busy';
import type { DocumentSync } from './documentSync';

export class ModelStatusBar implements vscode.Disposable {
  private readonly model = vscode.window.createStatusBarItem('shapelens.context', vscode.StatusBarAlignment.Right, 101);
  private readonly totals = vscode.window.createStatusBarItem('shapelens.model', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private asked = 0;
  /** When the active document was last edited (performance.now()). */
  private editedAt = -Infinity;
  /** Each item's text and tooltip as last sent to the window. */
  private readonly sent = new Map<vscode.StatusBarItem, { text: string; tooltip: string }>();
  /** The `shapelens.hasModel` context key as last sent to the window (undefined: not sent yet). */
  private sentHasModel?: boolean;
  /** What is shown, for tests. */
  shown?: StatusInfo;

  constructor(private readonly client: AnalysisClient, private readonly sync: DocumentSync, private readonly enabled: () => boolean) {
    this.model.name = 'ShapeLens model context';
    this.model.command = 'shapelens.selectModel';
    this.totals.name = 'ShapeLens model totals';
    this.totals.command = 'shapelens.computeParameters';
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.window.onDidChangeTextEditorSelection((e) => e.textEditor === vscode.window.activeTextEditor && this.update()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || e.document !== vscode.window.activeTextEditor?.document) return;
        this.editedAt = performance.now();
        this.update();
      }),
      sync.onShownChange('status', () => this.update()),
      client.onDiagnostics(() => this.update()),
    );
    this.update();
  }

  /**
   * Asks again shortly (cursor moves come in bursts); while the user types, once the typing pauses: the totals are
   * asked for and redrawn once per burst, not per keystroke, and the window draws the hints first.
   */
  update(): void {
    clearTimeout(this.timer);
    const typing = performance.now() - this.editedAt < QUIET_MS;
    this.timer = setTimeout(() => void this.refresh(), typing ? QUIET_MS : 30);
  }

  async refresh(): Promise<StatusInfo | undefined> {
    const editor = vscode.window.activeTextEditor;
    const slice = editor && this.enabled() ? timed('status', () => this.sync.slice(editor.document)) : undefined;
    const ticket = ++this.asked;
    if (slice) count('status.requests');
    const info = slice && editor
      ? await this.client.request('status', { ...slice, position: { line: editor.selection.active.line, character: editor.selection.active.character } })
      : undefined;
    if (ticket !== this.asked) return this.shown; // a newer question is on its way
    timed('status shown', () => this.show(info ?? undefined));
    return this.shown;
  }

  /**
   * Each change here is a message to the window (a context key: every menu's `when` is checked again), so what did
   * not change is not sent again: while the user types, the status mostly stays the same.
   */
  private show(info: StatusInfo | undefined): void {
    if (this.shown && info && JSON.stringify(info) === JSON.stringify(this.shown)) return;
    this.shown = info;
    count('status.updates');
    if (this.sentHasModel !== !!info) {
      count('status.setContext');
      this.sentHasModel = !!info;
      void vscode.commands.executeCommand('setContext', 'shapelens.hasModel', !!info);
    }
    if (!info) {
      this.model.hide();
      this.totals.hide();
      return;
    }
    const memory = info.memory ? ` · ${info.memory}` : '';
    const chosen = info.chosenInput ? ` @ ${info.chosenInput} chosen` : ''; // the totals hold for that input
    this.set(this.model, `$(symbol-class) ${info.model}${info.choices > 1 ? ' ▾' : ''}`,
      info.choices > 1 ? `${info.choices} models use this code: click to choose which one the editor shows` : info.tooltip, info.choices <= 1);
    this.set(this.totals, `${info.errors ? '$(error)' : '$(symbol-numeric)'} ${info.params} · ${info.cost}${info.costNote ? ` (${info.costNote})` : ''}${memory}${chosen}`,
      info.tooltip, true);
    this.model.show();
    this.totals.show();
  }

  /** Sets an item's text and tooltip (markdown: the status's tooltip, with its links), unless both are as sent: each change is a message to the window. */
  private set(item: vscode.StatusBarItem, text: string, tooltip: string, markdown: boolean): void {
    const before = this.sent.get(item);
    if (before?.text === text && before.tooltip === tooltip) return;
    this.sent.set(item, { text, tooltip });
    count('status.itemsSent');
    item.text = text;
    if (markdown) {
      const md = new vscode.MarkdownString(tooltip);
      md.isTrusted = { enabledCommands: ['shapelens.revealLine'] };
      item.tooltip = md;
    } else item.tooltip = tooltip;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.model.dispose();
    this.totals.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
