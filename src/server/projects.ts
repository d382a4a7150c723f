// The project's files as the server sees them. The analysis reads imported files synchronously; the server cannot
// (the editor reads them, through vscode.workspace.fs, in either host). So a read of a file the server has not got
// yet answers "no such file" and notes the path; the server asks the editor for those files and analyses again when
// they arrive. Open documents' texts win over what is on disk. One analysis Project per workspace folder.
import { Project } from '../analysis';
import type { AnalysisOptions } from '../analysis/model';

export class ProjectFiles {
  /** Texts read from disk (null: known not to exist). */
  private readonly disk = new Map<string, string | null>();
  /** Every Python file of the folder, as the editor listed it (undefined until it has). */
  private listed?: Set<string>;
  /** Paths asked for by the analysis and not known yet. */
  readonly wanted = new Set<string>();
  /** Paths read by the analysis since the last `takeReads`. */
  private reads = new Set<string>();
  private projectValue?: Project;

  constructor(readonly root: string, private readonly open: (path: string) => string | undefined,
    private options: AnalysisOptions) {}

  get project(): Project {
    this.projectValue ??= new Project({ root: this.root, read: (path) => this.read(path) }, this.options);
    return this.projectValue;
  }

  setOptions(options: AnalysisOptions): void {
    this.options = options;
    this.projectValue = undefined;
  }

  /** What the analysis sees of a file. */
  read(path: string): string | undefined {
    this.reads.add(path);
    const open = this.open(path);
    if (open !== undefined) return open;
    const known = this.disk.get(path);
    if (known !== undefined) return known ?? undefined;
    // Not read yet: ask for it if it exists (or if the listing has not come yet and it is a Python file).
    if ((this.listed ? this.listed.has(path) : path.endsWith('.py')) && path.startsWith(this.root)) this.wanted.add(path);
    return undefined;
  }

  /** What the project sees of a file now, without counting it as read or asking for it (undefined: not known). */
  peek(path: string): string | undefined {
    return this.open(path) ?? this.disk.get(path) ?? undefined;
  }

  /** The files read since the last call (which files an analysis depends on). */
  takeReads(): Set<string> {
    const out = this.reads;
    this.reads = new Set();
    return out;
  }

  setListing(paths: readonly string[]): void {
    this.listed = new Set(paths);
    for (const p of this.wanted) if (!this.listed.has(p)) this.wanted.delete(p);
    this.changed();
  }

  get listing(): readonly string[] {
    return [...(this.listed ?? [])];
  }

  /**
   * A file's text arrived (or changed on disk, or is gone: null). True when the analysis may now see it differently.
   * `seen`: the analysis saw this text already (an open document's, closed as saved), and nothing changes.
   */
  setText(path: string, text: string | null, seen = false): boolean {
    this.wanted.delete(path);
    const before = this.disk.get(path);
    this.disk.set(path, text);
    if (text !== null && this.listed && !this.listed.has(path) && path.endsWith('.py')) this.listed.add(path);
    if (before === text || seen) return false;
    this.changed();
    return true;
  }

  /** What is on disk of a file is not known any more (an open document closed with its changes discarded). */
  forget(path: string): void {
    this.disk.delete(path);
    this.changed();
  }

  has(path: string): boolean {
    return this.disk.get(path) !== undefined && this.disk.get(path) !== null;
  }

  /** Whether the project's modules (or scripts) read so far hold the file. */
  holds(path: string): boolean {
    return !!this.projectValue?.holds(path);
  }

  /** Something the analysis read may have changed: imported modules are read and run again. */
  changed(): void {
    this.projectValue?.invalidate();
  }

  contains(path: string): boolean {
    return path.startsWith(this.root.endsWith('/') ? this.root : `${this.root}/`);
  }
}
