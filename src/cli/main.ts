// The `shapelens` command: `summary` (this file and summary*.ts) and `check` (checkCommand.ts).
// Exit codes: 0 fine, 1 shape errors found, 2 usage or file error — always with a message, never a stack trace.
import fs from 'node:fs';
import path from 'node:path';
import type { Convention } from '../engine';
import {
  analyzeText, initParsers, parseInputOption, type AnalysisOptions, type FileAnalysis, type ModelAnalysis, type SourceLanguage,
} from '../analysis';
import { runCheckCommand } from './checkCommand';
import { summaryJson } from './summaryJson';
import { listSources, Projects, readSource } from './sources';
import { summaryText } from './summaryTable';
import { MEMORY_DTYPES, OPTIMIZERS, type MemoryDtype, type MemoryOptions, type Optimizer } from '../analysis/memory';
import { memoryPlan, type MemoryPlan } from '../analysis/memoryPlan';
import { COLUMN_KEYS, parseColumns, type ColumnKey } from '../present/summaryColumns';

const USAGE = `usage:
  shapelens summary PATH… [--input SHAPE] [--model NAME] [--convention macs|flops|exact] [--strict] [--root DIR] [--json]
                    [--memory] [--dtype D] [--optimizer O] [--device-gb G] [--depth N] [--columns LIST] [--by-operator]
  shapelens check FILE …   (the gradient checker; see shapelens check --help)

  --input SHAPE       input shape for the root models, e.g. 1,3,224,224 or 1x3x224x224 or "(1, 3, 224, 224)"
  --model NAME        only this model (a class, factory function or module-level variable)
  --convention C      cost column: macs (default), flops (2 × MACs) or exact (operations counted one by one)
  --strict            a stride that leaves rows/columns unused is an error, not a warning
  --root DIR          the project root imports are resolved from (default: the nearest folder above each file with
                      pyproject.toml, setup.py, setup.cfg or .git)
  --json              machine-readable output (see the README); several files give {"files": [one document per file]}
  --memory            training and inference memory under the table, worked out (parameters, gradients, optimizer
                      state, the tensors autograd saves), and the largest batch that fits --device-gb
  --dtype D           float32 (default), float16, bfloat16 or mixed (float16 activations, float32 master weights)
  --optimizer O       sgd, sgd-momentum or adam (default; AdamW alike): 0, 1 or 2 copies of the parameters
  --device-gb G       device memory in GB (GiB, as GPUs are sized); implies --memory
  --depth N           show the module tree N levels deep; deeper rows fold into their group's totals
  --columns LIST      comma-separated, from ${COLUMN_KEYS.join(', ')}
                      (torchinfo's input_size, output_size, num_params, kernel_size, mult_adds also work)
  --by-operator       totals by kind of operator (conv, linear, norm, …) under the table

  PATH: Python (.py), notebooks (.ipynb) and PyTorch-style TypeScript (.ts, .tsx) files, or folders (searched
  recursively); several are analysed as one project, in one process.`;

class UsageError extends Error {}

interface SummaryArgs {
  files: string[];
  root?: string;
  input?: number[];
  model?: string;
  convention: Convention;
  strict: boolean;
  json: boolean;
  memory: boolean;
  dtype: MemoryDtype;
  optimizer: Optimizer;
  deviceGB?: number;
  depth?: number;
  columns?: ColumnKey[];
  byOperator: boolean;
}

function positiveNumber(name: string, text: string, integer: boolean): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`${name} must be a ${integer ? 'whole ' : ''}number above 0, not "${text}"`);
  return n;
}

function parseSummaryArgs(args: readonly string[]): SummaryArgs {
  const out: Partial<SummaryArgs> & { files: string[] } = { convention: 'macs', strict: false, json: false, files: [], memory: false,
    dtype: 'float32', optimizer: 'adam', byOperator: false };
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
      case '--root': out.root = value(); break;
      case '--json': out.json = true; break;
      case '--memory': out.memory = true; break;
      case '--by-operator': out.byOperator = true; break;
      case '--dtype': {
        const d = value();
        if (!(MEMORY_DTYPES as readonly string[]).includes(d)) throw new UsageError(`--dtype must be ${MEMORY_DTYPES.join(', ')}, not "${d}"`);
        out.dtype = d as MemoryDtype;
        break;
      }
      case '--optimizer': {
        const o = value().toLowerCase().replace(/^adamw$/, 'adam');
        if (!(OPTIMIZERS as readonly string[]).includes(o)) throw new UsageError(`--optimizer must be ${OPTIMIZERS.join(', ')}, not "${o}"`);
        out.optimizer = o as Optimizer;
        break;
      }
      case '--device-gb': out.deviceGB = positiveNumber('--device-gb', value(), false); out.memory = true; break;
      case '--depth': out.depth = positiveNumber('--depth', value(), true); break;
      case '--columns':
        try {
          out.columns = parseColumns(value());
        } catch (e) {
          throw new UsageError(`--columns: ${e instanceof Error ? e.message : e}`);
        }
        break;
      case '-h':
      case '--help': throw new UsageError('');
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        out.files.push(a);
    }
  }
  if (out.files.length === 0) throw new UsageError('summary needs a FILE');
  return out as SummaryArgs;
}

function languageOf(file: string): SourceLanguage {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.py' || ext === '.pyw' || ext === '.ipynb') return 'python';
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return 'typescript';
  if (ext === '.tsx') return 'tsx';
  throw new UsageError(`${file}: ShapeLens reads Python (.py), notebooks (.ipynb) and TypeScript (.ts, .tsx) files`);
}

/** The grammars sit next to the bundle: dist/cli/main.js → dist/tree-sitter/. */
async function loadParsers(languages: readonly SourceLanguage[]): Promise<void> {
  const dir = path.join(__dirname, '..', 'tree-sitter');
  // Python is always loaded: a TypeScript file never imports Python, but a Python file's imports are parsed as Python.
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(dir, file))), [...new Set(['python' as const, ...languages])]);
}

/** The files the PATHs name: files as given (checked), folders searched for what ShapeLens reads. */
function expandPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new FileError(`${p}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? e})`}`);
    }
    if (stat.isDirectory()) out.push(...listSources(p));
    else {
      languageOf(p); // a file named explicitly must be one ShapeLens reads
      out.push(p);
    }
  }
  if (out.length === 0) throw new FileError(`${paths.join(', ')}: no Python, notebook or TypeScript file found`);
  return out;
}

interface FileResult {
  readonly file: string;
  readonly analysis: FileAnalysis;
  readonly models: readonly ModelAnalysis[];
  readonly text: string;
  readonly language: SourceLanguage;
  readonly options: AnalysisOptions;
}

/** The memory of a model and, with --memory, how it grows with the batch (the same model analysed at batch 1 and 2). */
function planFor(r: FileResult, m: ModelAnalysis, memory: MemoryOptions, opts: SummaryArgs): MemoryPlan {
  const reanalyse = opts.memory
    ? (shape: number[]) => analyzeText(r.text, r.language, { ...r.options, inputShape: shape, model: m.name }).models.find((x) => x.name === m.name)
    : undefined;
  return memoryPlan(m, memory, reanalyse, opts.deviceGB);
}

async function runSummary(args: readonly string[]): Promise<number> {
  const opts = parseSummaryArgs(args);
  const files = expandPaths(opts.files);
  const languages = [...new Set(files.map(languageOf))];
  await loadParsers(languages);
  const base: AnalysisOptions = { strict: opts.strict, inputShape: opts.input, model: opts.model };
  const projects = new Projects(base, opts.root);
  const results: FileResult[] = files.map((file) => {
    let text: string;
    try {
      text = readSource(file).text;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new FileError(`${file}: ${code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? (e instanceof Error ? e.message : e)})`}`);
    }
    const language = languageOf(file);
    const options = language === 'python' ? projects.optionsFor(file) : base;
    const analysis = analyzeText(text, language, options);
    return { file, analysis, models: analysis.models, text, language, options };
  });
  if (opts.model && results.every((r) => r.models.length === 0)) {
    // a class that looks like a model but is not one (an abstract base) says why
    const why = results.flatMap((r) => r.analysis.diagnostics).find((d) => d.code === 'not-a-model');
    const all = results.flatMap((r) => analyzeText(readSource(r.file).text, languageOf(r.file), { strict: opts.strict }).models.map((m) => m.name));
    throw new FileError(`${opts.files.join(', ')}: no model named "${opts.model}"${why ? `: ${why.message}` : ''}${all.length ? ` (models: ${all.join(', ')})` : ''}`);
  }
  const memory: MemoryOptions = { dtype: opts.dtype, optimizer: opts.optimizer, device: 'cuda' };
  const plans = (r: FileResult, models: readonly ModelAnalysis[]) => new Map(models.map((m) => [m, planFor(r, m, memory, opts)]));
  if (opts.json) {
    const docs = results.map((r) => summaryJson(r.file, r.analysis, r.models, opts.memory || opts.dtype !== 'float32' || opts.optimizer !== 'adam' ? plans(r, r.models) : undefined));
    process.stdout.write(JSON.stringify(files.length === 1 && opts.files.length === 1 ? docs[0] : { files: docs }, null, 2) + '\n');
  } else {
    const style = { color: !!process.stdout.isTTY && !process.env.NO_COLOR, convention: opts.convention, depth: opts.depth, columns: opts.columns,
      byOperator: opts.byOperator };
    // The table shows the root models (the ones the file builds); --model picks any.
    const text = results.map((r) => {
      const roots = r.models.filter((m) => m.root);
      const shown = !opts.model && roots.length > 0 ? roots : r.models;
      return summaryText(r.file, r.analysis, shown, style, opts.memory || opts.columns?.some((c) => c === 'memory' || c === 'saved') ? plans(r, shown) : undefined);
    });
    process.stdout.write(text.join('\n'));
  }
  const errors = results.some((r) => [...r.analysis.diagnostics, ...r.models.flatMap((m) => m.diagnostics)].some((d) => d.severity === 'error'));
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
