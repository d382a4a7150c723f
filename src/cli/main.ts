// The `shapelens` command: `summary` (this file and summary*.ts) and `check` (checkCommand.ts).
// Exit codes: 0 fine, 1 shape errors found, 2 usage or file error — always with a message, never a stack trace.
import fs from 'node:fs';
import path from 'node:path';
import type { Convention } from '../engine';
import { analyzeText, initParsers, parseInputOption, type AnalysisOptions, type ModelAnalysis, type SourceLanguage } from '../analysis';
import { runCheckCommand } from './checkCommand';
import { summaryJson } from './summaryJson';
import { summaryText } from './summaryTable';

const USAGE = `usage:
  shapelens summary FILE [--input SHAPE] [--model NAME] [--convention macs|flops|exact] [--strict] [--json]
  shapelens check FILE …   (the gradient checker; see shapelens check --help)

  --input SHAPE       input shape for the root models, e.g. 1,3,224,224 or 1x3x224x224 or "(1, 3, 224, 224)"
  --model NAME        only this model (a class, factory function or module-level variable)
  --convention C      cost column: macs (default), flops (2 × MACs) or exact (operations counted one by one)
  --strict            a stride that leaves rows/columns unused is an error, not a warning
  --json              machine-readable output (see the README)`;

class UsageError extends Error {}

interface SummaryArgs {
  file: string;
  input?: number[];
  model?: string;
  convention: Convention;
  strict: boolean;
  json: boolean;
}

function parseSummaryArgs(args: readonly string[]): SummaryArgs {
  const out: Partial<SummaryArgs> = { convention: 'macs', strict: false, json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const name = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    switch (name) {
      case '--input': {
        const text = value().trim();
        const shape = parseInputOption(text);
        if (!shape) throw new UsageError(`--input: cannot read the shape "${text}" (write 1,3,224,224 or 1x3x224x224)`);
        out.input = shape;
        break;
      }
      case '--model': out.model = value(); break;
      case '--convention': {
        const c = value();
        if (c !== 'macs' && c !== 'flops' && c !== 'exact') throw new UsageError(`--convention must be macs, flops or exact, not "${c}"`);
        out.convention = c;
        break;
      }
      case '--strict': out.strict = true; break;
      case '--json': out.json = true; break;
      case '-h':
      case '--help': throw new UsageError('');
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        if (out.file) throw new UsageError(`only one FILE, got "${out.file}" and "${a}"`);
        out.file = a;
    }
  }
  if (!out.file) throw new UsageError('summary needs a FILE');
  return out as SummaryArgs;
}

function languageOf(file: string): SourceLanguage {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.py' || ext === '.pyw') return 'python';
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return 'typescript';
  if (ext === '.tsx') return 'tsx';
  throw new UsageError(`${file}: ShapeLens reads Python (.py) and TypeScript (.ts, .tsx) files`);
}

/** The grammars sit next to the bundle: dist/cli/main.js → dist/tree-sitter/. */
async function loadParsers(language: SourceLanguage): Promise<void> {
  const dir = path.join(__dirname, '..', 'tree-sitter');
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(dir, file))), [language]);
}

async function runSummary(args: readonly string[]): Promise<number> {
  const opts = parseSummaryArgs(args);
  const language = languageOf(opts.file);
  let text: string;
  try {
    text = fs.readFileSync(opts.file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileError(`${opts.file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? e})`}`);
  }
  await loadParsers(language);
  const options: AnalysisOptions = { strict: opts.strict, inputShape: opts.input, model: opts.model };
  const analysis = analyzeText(text, language, options);
  let models: readonly ModelAnalysis[] = analysis.models;
  if (opts.model && models.length === 0) {
    const all = analyzeText(text, language, { strict: opts.strict }).models.map((m) => m.name);
    throw new FileError(`${opts.file}: no model named "${opts.model}"${all.length ? ` (models: ${all.join(', ')})` : ''}`);
  }
  if (opts.json) {
    process.stdout.write(JSON.stringify(summaryJson(opts.file, analysis, models), null, 2) + '\n');
  } else {
    // The table shows the root models (the ones the file builds); --model picks any.
    const roots = models.filter((m) => m.root);
    if (!opts.model && roots.length > 0) models = roots;
    process.stdout.write(summaryText(opts.file, analysis, models, { color: !!process.stdout.isTTY && !process.env.NO_COLOR, convention: opts.convention }));
  }
  const errors = [...analysis.diagnostics, ...models.flatMap((m) => m.diagnostics)].some((d) => d.severity === 'error');
  return errors ? 1 : 0;
}

class FileError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'summary') return await runSummary(rest);
    if (command === 'check') {
      return await runCheckCommand(rest, {
        stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), isTTY: !!process.stdout.isTTY,
      }, (file) => fs.readFileSync(file, 'utf8'));
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    throw new UsageError(command ? `unknown command "${command}"` : '');
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message ? `shapelens: ${e.message}\n` : ''}${USAGE}\n`);
      return 2;
    }
    if (e instanceof FileError) {
      process.stderr.write(`shapelens: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`shapelens: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

// Exit as soon as the output is written: the process does not wait for V8's background work (wasm tier-up) that a
// one-shot command never uses.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
});
