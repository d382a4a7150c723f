// The latency baseline (test/e2e/run-typing.mjs): an inlay-hint provider that answers at once, with no analysis —
// at the end of every line that assigns a layer or a tensor, a hint that names the document's version, so every hint
// on screen changes at every keystroke as ShapeLens's do when the stem's stride changes. Timed the same way, it says
// how much of keystroke → hint on screen is VS Code's own (its debounce, the round trip to the extension host, the
// rendering) on the machine the figures come from.
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(vscode.languages.registerInlayHintsProvider({ language: 'python' }, {
    provideInlayHints(document, range) {
      const hints = [];
      for (let line = range.start.line; line <= range.end.line && line < document.lineCount; line++) {
        const text = document.lineAt(line).text;
        if (!/^\s*(self\.\w+|x)\s*=/.test(text)) continue;
        const hint = new vscode.InlayHint(new vscode.Position(line, text.length), `→ v${document.version}`);
        hint.paddingLeft = true;
        hints.push(hint);
      }
      return hints;
    },
  }));
};
