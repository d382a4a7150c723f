// Checks syntaxes/shapelens-comments.tmLanguage.json with VS Code's own TextMate engine and grammars (from the VS
// Code server in the test cache): the injection must colour `# input: (…)` in Python and `// input: […]` in
// TypeScript/TSX, and leave other comments alone.
//   node test/e2e/check-grammar.mjs        (run by run-all.mjs after the cache is installed)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fail, ROOT, runMain } from './harness.mjs';
import { tools } from './tools.mjs';

const INJECTION = path.join(ROOT, 'syntaxes/shapelens-comments.tmLanguage.json');
const KEYWORD = 'keyword.other.directive.input.shapelens';
const NUMBER = 'constant.numeric.integer.decimal.shapelens';

// line → the tokens that must carry our scopes ([] = none of them may)
const CASES = {
  'source.python': {
    '# input: (1, 3, 224, 224)': { input: KEYWORD, 1: NUMBER, 224: NUMBER },
    'x = conv(x)  # input: [4, 3, 32, 32]': { input: KEYWORD, 4: NUMBER, 32: NUMBER },
    '# input_shape = 1x3x28x28': { input_shape: KEYWORD, 28: NUMBER },
    '# the input: is described below': {},
    'input = 3  # not a comment directive': {},
  },
  'source.ts': {
    '// input: [1, 3, 224, 224]': { input: KEYWORD, 3: NUMBER, 224: NUMBER },
    '/* input: [2, 8] */': { input: KEYWORD, 8: NUMBER },
    'const input = [1, 2]; // just a comment': {},
  },
  'source.tsx': {
    '// input: [1, 3, 32, 32]': { input: KEYWORD, 32: NUMBER },
  },
};

export async function checkGrammar() {
  const vscodeDir = path.join(path.dirname(tools.codeServer.serverMain), '..');
  const require = createRequire(path.join(vscodeDir, 'package.json'));
  const textmate = require('vscode-textmate');
  const oniguruma = require('vscode-oniguruma');
  await oniguruma.loadWASM(fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm')).buffer);
  const grammarFiles = {
    'source.python': path.join(vscodeDir, 'extensions/python/syntaxes/MagicPython.tmLanguage.json'),
    'source.ts': path.join(vscodeDir, 'extensions/typescript-basics/syntaxes/TypeScript.tmLanguage.json'),
    'source.tsx': path.join(vscodeDir, 'extensions/typescript-basics/syntaxes/TypeScriptReact.tmLanguage.json'),
  };
  const injection = JSON.parse(fs.readFileSync(INJECTION, 'utf8'));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => {
      if (scope === injection.scopeName) return textmate.parseRawGrammar(fs.readFileSync(INJECTION, 'utf8'), INJECTION);
      const file = grammarFiles[scope];
      return file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scope) => (grammarFiles[scope] ? [injection.scopeName] : []), // as package.json's injectTo says
  });

  const problems = [];
  let checked = 0;
  for (const [scope, lines] of Object.entries(CASES)) {
    const grammar = await registry.loadGrammar(scope);
    for (const [line, expected] of Object.entries(lines)) {
      const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
      const ours = tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }))
        .filter((t) => t.scopes.some((s) => s.endsWith('.shapelens')));
      for (const [text, wanted] of Object.entries(expected)) {
        if (!ours.some((t) => t.text === text && t.scopes.includes(wanted))) problems.push(`${scope} "${line}": "${text}" is not ${wanted}`);
      }
      if (Object.keys(expected).length === 0 && ours.length > 0) problems.push(`${scope} "${line}": should not be highlighted, got ${ours.map((t) => t.text).join('|')}`);
      checked++;
    }
  }
  if (problems.length) throw new Fail(`the input-comment grammar is wrong:\n  ${problems.join('\n  ')}`);
  console.log(`input-comment grammar: ${checked} lines tokenized with VS Code's Python/TypeScript/TSX grammars as expected`);
  return { passed: true, counts: { passed: checked, failed: 0, pending: 0 } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) runMain(async () => { await checkGrammar(); });
