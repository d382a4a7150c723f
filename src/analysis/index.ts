// The analysis' public face. After initParsers(load) has resolved, analyzeText is synchronous; the editor keeps a
// DocumentAnalyzer per document so an edit re-parses incrementally and re-analyses only the touched models.
import type { Tree } from 'web-tree-sitter';
import type { AnalysisDiagnostic, AnalysisOptions, FileAnalysis, SourceLanguage } from './model';
import { parse, tablesFor, toTreeEdit, type TextEditDelta } from './parsers';
import { analyzePythonUnits, newPythonCache, type PythonCache } from './python/pythonFile';
import { LineMap, splitBrokenUnits, topLevelUnits, type Unit } from './syntax';
import { analyzeTypeScriptUnits } from './typescript/typescriptFile';

export * from './model';
export { initParsers, parsersReady, type WasmFile, type WasmLoader, type TextEditDelta } from './parsers';
export { parseInputOption, parseShapeText } from './python/inputShape';


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

  constructor(readonly language: SourceLanguage, private options: AnalysisOptions) {}

  /** New text of the document; `edit` (tree-sitter's description of the change) makes the re-parse incremental. */
  update(text: string, edit?: TextEditDelta): FileAnalysis {
    try {
      let old: Tree | undefined;
      if (edit && this.tree) {
        this.tree.edit(toTreeEdit(edit));
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
      return (this.last = this.analyze());
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return { language: this.language, models: this.last?.models ?? [], diagnostics: [{
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'internal',
        message: `ShapeLens internal error: ${message}`,
      }] };
    }
  }

  setOptions(options: AnalysisOptions): void {
    this.options = options;
  }

  /** Re-analyses the current text with the current options (after setOptions). */
  refresh(): FileAnalysis {
    return (this.last = this.analyze());
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.units = [];
  }

  private analyze(): FileAnalysis {
    const lines = new LineMap(this.text);
    const diagnostics: AnalysisDiagnostic[] = syntaxDiagnostics(this.units, lines);
    const result = this.language === 'python'
      ? analyzePythonUnits(this.units, lines, this.options, this.cache)
      : analyzeTypeScriptUnits(this.units, lines, this.options, this.cache, this.language);
    return { language: this.language, models: result.models, diagnostics: [...diagnostics, ...result.diagnostics] };
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
