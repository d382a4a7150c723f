// The analysis' public face. After initParsers(load) has resolved, analyzeText is synchronous; the editor keeps a
// DocumentAnalyzer per document so an edit re-parses incrementally and re-analyses only the touched models.
import type { Tree } from 'web-tree-sitter';
import type { AnalysisDiagnostic, AnalysisOptions, FileAnalysis, ModelStub, PreparedFile, SourceLanguage } from './model';
import { parse, tablesFor, toTreeEdit, type TextEditDelta } from './parsers';
import { newPythonCache, preparePythonUnits, type PythonCache } from './python/pythonFile';
import { LineMap, splitBrokenUnits, topLevelUnits, type Unit } from './syntax';
import { analyzeTypeScriptUnits } from './typescript/typescriptFile';

export * from './model';
export { initParsers, parsersReady, type WasmFile, type WasmLoader, type TextEditDelta } from './parsers';
export { parseInputOption, parseShapeText } from './python/inputShape';
export { interruptible, Interrupted } from './python/interpreter';


/** Analyses a whole file. Never throws for bad input: problems come back as diagnostics. */
export function analyzeText(text: string, language: SourceLanguage, options: AnalysisOptions): FileAnalysis {
  const analyzer = new DocumentAnalyzer(language, options);
  try {
    return analyzer.update(text);
  } finally {
    analyzer.dispose();
  }
}

export class DocumentAnalyzer {
  private tree?: Tree;
  private text = '';
  private units: Unit[] = [];
  private readonly cache: PythonCache = newPythonCache();
  private last?: FileAnalysis;
  /** Bumped by every prepare: a PreparedFile of an older text refuses to analyse (its syntax moved on). */
  private generation = 0;

  constructor(readonly language: SourceLanguage, private options: AnalysisOptions) {}

  /** New text of the document; `edit` (tree-sitter's description of the change) makes the re-parse incremental. */
  update(text: string, edit?: TextEditDelta): FileAnalysis {
    const prepared = this.prepare(text, edit);
    try {
      const models = prepared.stubs.map((s) => prepared.model(s));
      return (this.last = { language: this.language, models, diagnostics: prepared.diagnostics, needsArguments: prepared.needsArguments });
    } catch (e) {
      return this.failed(e);
    }
  }

  /**
   * New text, parsed and prepared: the file's models are known but each is analysed only when asked for, so an
   * editor can analyse the models on screen first. The result is valid until the next prepare/update.
   */
  prepare(text: string, edit?: TextEditDelta | readonly TextEditDelta[]): PreparedFile {
    try {
      this.reparse(text, edit);
      return this.prepared();
    } catch (e) {
      const failed = this.failed(e);
      const models = failed.models;
      return { language: this.language, diagnostics: failed.diagnostics, outline: [], needsArguments: [],
        stubs: models.map((m) => ({ name: m.name, kind: 'class', range: m.range, root: m.root, dependsOn: [] })),
        model: (stub) => models.find((m) => m.name === stub.name) ?? models[0] };
    }
  }

  private failed(e: unknown): FileAnalysis {
    const message = e instanceof Error ? e.message : String(e);
    return { language: this.language, models: this.last?.models ?? [], diagnostics: [{
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'internal',
      message: `ShapeLens internal error: ${message}`,
    }] };
  }

  private reparse(text: string, edit?: TextEditDelta | readonly TextEditDelta[]): void {
    let old: Tree | undefined;
    // several edits since the last parse (typing faster than the analysis): each told to the tree, in order
    const edits = edit === undefined ? [] : Array.isArray(edit) ? edit as readonly TextEditDelta[] : [edit as TextEditDelta];
    if (edits.length > 0 && this.tree) {
      for (const e of edits) this.tree.edit(toTreeEdit(e));
      old = this.tree;
    } else if (this.tree) {
      this.tree.delete();
      this.tree = undefined;
    }
    const tree = parse(this.language, text, old);
    if (old) old.delete();
    this.tree = tree;
    this.text = text;
    const reuse = new Map<string, Unit[]>();
    for (const u of this.units) {
      const pool = reuse.get(u.text);
      if (pool) pool.push(u);
      else reuse.set(u.text, [u]);
    }
    this.units = topLevelUnits(tree, text, tablesFor(this.language), reuse);
    if (tree.rootNode.hasError) {
      const dialect = this.language === 'python' ? 'python' : 'typescript';
      this.units = splitBrokenUnits(this.units, dialect, tablesFor(this.language), (piece) => parse(this.language, piece));
    }
  }

  setOptions(options: AnalysisOptions): void {
    this.options = options;
  }

  /** Re-analyses the current text with the current options (after setOptions). */
  refresh(): FileAnalysis {
    return (this.last = this.analyze());
  }

  /** The current text prepared again (after setOptions, or when a file it imports changed). */
  reprepare(): PreparedFile {
    try {
      return this.prepared();
    } catch {
      return this.prepare(this.text);
    }
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.units = [];
  }

  private analyze(): FileAnalysis {
    const prepared = this.prepared();
    return { language: this.language, models: prepared.stubs.map((s) => prepared.model(s)), diagnostics: prepared.diagnostics,
      needsArguments: prepared.needsArguments };
  }

  private prepared(): PreparedFile {
    const lines = new LineMap(this.text);
    const syntax: AnalysisDiagnostic[] = syntaxDiagnostics(this.units, lines);
    const generation = ++this.generation;
    const current = () => {
      if (generation !== this.generation) throw new Error('ShapeLens: the document changed since this analysis was prepared');
    };
    if (this.language !== 'python') {
      // TypeScript files are small and translated as a whole: their models are analysed at once.
      const result = analyzeTypeScriptUnits(this.units, lines, this.options, this.cache, this.language);
      const stubs = result.models.map((m): ModelStub => ({ name: m.name, kind: 'class', range: m.range, root: m.root, dependsOn: [] }));
      return { language: this.language, diagnostics: [...syntax, ...result.diagnostics], stubs, needsArguments: [],
        outline: result.models.map((m) => ({ name: m.name, kind: 'class', range: m.range })),
        model: (stub) => result.models[stubs.indexOf(stub)] ?? result.models.find((m) => m.name === stub.name)! };
    }
    const p = preparePythonUnits(this.units, lines, this.options, this.cache);
    return { language: this.language, diagnostics: [...syntax, ...p.diagnostics], stubs: p.stubs, outline: p.outline,
      needsArguments: p.needsArguments, model: (stub) => {
        current();
        return p.analyze(stub);
      }, cached: (stub) => {
        current();
        return p.cached(stub);
      } };
  }
}

/** One 'syntax' diagnostic per broken statement (at most a few), so intact classes still get their results. */
function syntaxDiagnostics(units: readonly Unit[], lines: LineMap): AnalysisDiagnostic[] {
  const out: AnalysisDiagnostic[] = [];
  for (const u of units) {
    for (const e of u.errors) {
      if (out.length >= 20) return out;
      const range = lines.range(u.start + e.start, u.start + Math.max(e.end, e.start));
      out.push({ range, severity: 'error', code: 'syntax',
        message: e.missing ? `Syntax error: missing ${e.missing}` : 'Syntax error: this code cannot be parsed' });
      break; // one per statement is enough to point at it
    }
  }
  return out;
}
export { findProjectRoot, Project, type ProjectFiles } from './project';
export { hideMagics, joinCells, notebookCells } from './notebook';
