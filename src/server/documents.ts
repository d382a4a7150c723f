// One analysed text of the server: an editor document (a notebook's cells joined count as one), or a project file
// read only because it imports a file the user has open (its models give that file its context). Keeps the text,
// the edits not yet parsed, the prepared analysis of the current text and the models analysed so far.
import { analyzeText, DocumentAnalyzer, interruptible, type TextEditDelta } from '../analysis';
import type { AnalysisOptions, ModelAnalysis, ModelStub, PreparedFile, SourceLanguage } from '../analysis/model';
import { coverage, regionsOf, type Region } from './context';
import type { TextChange, WireLens } from './protocol';

export class AnalysedText {
  private readonly analyzer: DocumentAnalyzer;
  private edits: TextEditDelta[] | 'full' = 'full';
  private preparedFile?: PreparedFile;
  private regionList: Region[] = [];
  private readonly models = new Map<ModelStub, ModelAnalysis>();
  /** The models of this version already asked whether an earlier version's result still holds (isAnalysed). */
  private readonly kept = new Set<ModelStub>();
  /** Which regions each analysed model covers, by model name (current text only). */
  readonly covers = new Map<string, Set<string>>();
  /** Which regions each model covered when last analysed (earlier versions): the quick guess after an edit. */
  readonly lastCovers = new Map<string, Set<string>>();
  /** The context each region was shown with by a quick answer since the last full one (null: none). */
  readonly served = new Map<string, string | null>();
  /** Tooltips of the hints last given, computed when the user points at one. */
  readonly tooltips = new Map<string, () => string>();
  /** Every model of the current text is analysed and the diagnostics were sent. */
  settled = false;
  /**
   * The classes no model built when the text last settled, kept across versions: their hint ("no model here builds
   * …") stays while an edit is analysed, instead of going at each keystroke and coming back when the typing pauses.
   */
  readonly unbuilt = new Set<string>();
  /** Each root model's last CodeLens (by model name), kept across versions: shown while the model is analysed again. */
  readonly lastLenses = new Map<string, Omit<WireLens, 'line'>>();
  /**
   * The models whose CodeLens an answer took from an earlier version (their title then; null: none, left out): once
   * they are analysed the editor asks again, if any of them reads differently.
   */
  readonly lensesServed = new Map<string, string | null>();
  /**
   * An answer about this text went to the editor since it was last told to ask again: only then does a change of what
   * the text depends on need telling (a request still to come gets the new results anyway, and an event told for
   * nothing makes VS Code ask again, cancelling the request the user is waiting for after an open).
   */
  answered = false;
  /** Bumped at every change of the text or of what it imports: answers computed for an older one are stale. */
  generation = 0;

  constructor(readonly doc: string, readonly language: SourceLanguage, public text: string, public version: number,
    private options: AnalysisOptions) {
    this.analyzer = new DocumentAnalyzer(language, options);
  }

  /** A change from the editor: applied to the text now, parsed at the next prepare (incrementally when one edit). */
  change(version: number, changes?: readonly TextChange[], text?: string): void {
    this.version = version;
    this.invalidate();
    if (text !== undefined || !changes || changes.length !== 1) {
      this.text = text ?? this.text;
      this.edits = 'full';
      return;
    }
    const c = changes[0];
    const before = this.text;
    const after = before.slice(0, c.rangeOffset) + c.text + before.slice(c.rangeOffset + c.rangeLength);
    this.text = after;
    if (this.edits === 'full') return;
    this.edits.push({
      startIndex: c.rangeOffset, oldEndIndex: c.rangeOffset + c.rangeLength, newEndIndex: c.rangeOffset + c.text.length,
      startPosition: pointAt(before, c.rangeOffset), oldEndPosition: pointAt(before, c.rangeOffset + c.rangeLength),
      newEndPosition: pointAt(after, c.rangeOffset + c.text.length),
    });
  }

  /** The text is the same but what it depends on changed (an imported file, the settings): analyse again. */
  invalidate(options?: AnalysisOptions): void {
    if (options) {
      this.options = options;
      this.analyzer.setOptions(options);
    }
    this.generation++;
    // what covered what is the best first guess for the next version
    for (const [model, regions] of this.covers) this.lastCovers.set(model, regions);
    this.tooltips.clear();
    this.settled = false;
    this.preparedFile = undefined;
    this.models.clear();
    this.kept.clear();
    this.covers.clear();
  }

  get prepared(): PreparedFile {
    if (!this.preparedFile) {
      const edits = this.edits;
      this.edits = [];
      // never stopped half way by a request (see interruptible): the preparation is kept for this version, and one
      // cut short would lack the module-level values and models of the statements after the cut
      this.preparedFile = interruptible(() => false, () => (edits === 'full' ? this.analyzer.prepare(this.text)
        : edits.length ? this.analyzer.prepare(this.text, edits) : this.analyzer.reprepare()));
      this.regionList = regionsOf(this.preparedFile.outline, this.preparedFile.stubs);
    }
    return this.preparedFile;
  }

  get regions(): Region[] {
    void this.prepared;
    return this.regionList;
  }

  /** The root models (every model when the file has no root). */
  get roots(): readonly ModelStub[] {
    const stubs = this.prepared.stubs;
    const roots = stubs.filter((s) => s.root);
    return roots.length ? roots : stubs;
  }

  /**
   * Analysed already — in this version, or in an earlier one when the edits since did not touch the code it depends
   * on (its classes, functions, module-level values: the analysis keeps those results, and they are taken here).
   */
  isAnalysed(stub: ModelStub): boolean {
    if (this.models.has(stub)) return true;
    if (this.kept.has(stub)) return false;
    this.kept.add(stub);
    const m = this.prepared.cached?.(stub);
    if (m) this.adopt(stub, m);
    return !!m;
  }

  /** A model of the current text, analysed now if it was not yet. */
  model(stub: ModelStub): ModelAnalysis {
    return this.models.get(stub) ?? this.adopt(stub, this.prepared.model(stub));
  }

  private adopt(stub: ModelStub, m: ModelAnalysis): ModelAnalysis {
    this.models.set(stub, m);
    this.covers.set(stub.name, coverage(m, this.regions));
    return m;
  }

  stub(name: string): ModelStub | undefined {
    return this.prepared.stubs.find((s) => s.name === name);
  }

  /**
   * Model `name` analysed again with another input shape, from a parse of its own (the summary's memory at batch 1
   * and 2): the document's analysis and its caches stay as they are.
   */
  reanalyse(name: string, inputShape: readonly number[]): ModelAnalysis | undefined {
    return analyzeText(this.text, this.language, { ...this.options, inputShape, model: name }).models.find((m) => m.name === name);
  }

  /** The models analysed so far, in file order. */
  analysed(): { stub: ModelStub; model: ModelAnalysis }[] {
    return this.prepared.stubs.filter((s) => this.models.has(s)).map((stub) => ({ stub, model: this.models.get(stub)! }));
  }

  /** Line `line`'s text (for placing a hint at its end). */
  lineText(line: number): string {
    let start = 0;
    for (let i = 0; i < line; i++) {
      const next = this.text.indexOf('\n', start);
      if (next < 0) return '';
      start = next + 1;
    }
    const end = this.text.indexOf('\n', start);
    return this.text.slice(start, end < 0 ? undefined : end).replace(/\r$/, '');
  }

  dispose(): void {
    this.analyzer.dispose();
  }
}

/** Row and column (UTF-16 units, as tree-sitter is fed JavaScript strings) of an offset. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
