// Models from the files that import a shown file. A file of blocks (unet_parts.py) builds no model itself: its
// classes are analysed where another file of the project builds them (train.py's `model = UNet(…)`), and that
// model is their context. The importers are found by their import lines (the module's name, or its package's for an
// __init__.py, followed up to a few files deep), read through the editor, and analysed in the background.
import type { AnalysisOptions, ModelAnalysis, ModelStub } from '../analysis/model';
import { coverage, type Region } from './context';
import type { ForeignModels, Use } from './contexts';
import { AnalysedText } from './documents';
import type { ProjectFiles } from './projects';

/** How far up the folder tree importers are looked for, how many files at most, how many links deep. */
const UP = 2;
const MAX_FILES = 120;
const DEPTH = 3;

const dirname = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('/'))) || '/';
const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** The name an import of the file uses: `unet_parts` for unet/unet_parts.py, `unet` for unet/__init__.py. */
function moduleName(path: string): string {
  const base = basename(path).replace(/\.py$/, '');
  return base === '__init__' ? basename(dirname(path)) : base;
}

function imports(text: string, name: string): boolean {
  const word = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*(from\\s+[\\w.]*\\b${word}\\b[\\w.]*\\s+import|import\\s+[^\\n]*\\b${word}\\b)`, 'm').test(text);
}

interface Search {
  /** Importing files found (paths), nearest first; while a new search runs, those the last one found. */
  importers: string[];
  done: boolean;
}

export class Importers implements ForeignModels {
  private readonly searches = new Map<string, Search>();
  private readonly hidden = new Map<string, AnalysedText>();
  private readonly wantedPaths = new Set<string>();
  /** Per shown file and region: the importer's model that gave it its context last (analysed first after an edit). */
  private readonly lastUse = new Map<string, Map<string, { importer: string; model: string }>>();
  private optionsFor?: (path: string, root: string) => AnalysisOptions;

  constructor(private readonly read: (path: string) => string | undefined, private readonly projectOf: (root: string) => ProjectFiles | undefined,
    private readonly openAt: (path: string) => AnalysedText | undefined) {}

  reconfigure(optionsFor: (path: string, root: string) => AnalysisOptions): void {
    this.optionsFor = optionsFor;
    for (const t of this.hidden.values()) t.dispose();
    this.hidden.clear();
  }

  /** Files to read for the search. */
  wanted(): string[] {
    const out = [...this.wantedPaths];
    this.wantedPaths.clear();
    return out;
  }

  forget(): void {
    this.searches.clear();
  }

  /**
   * A project file changed; `text` is what the project sees of it now (undefined: not known), `read` says that an open
   * document's analysis read it (the importers' analyses are counted for the shown file they were made for). Returns
   * the shown files whose importers may have changed: it is the shown file or one of its importers, or it imports one
   * of them now (a new import line makes a new importer). Those are searched again, the last importers serving until
   * then. The importers' analyses are dropped when they may have read it (they are made again when asked for). A file
   * that none of them reads or imports changes nothing here: typing in it costs the shown files nothing.
   */
  fileChanged(path: string, text: string | undefined, read: boolean): string[] {
    const affected: string[] = [];
    for (const [searched, s] of this.searches) {
      const names = [searched, ...s.importers].map(moduleName);
      if (path === searched || s.importers.includes(path) || text === undefined || names.some((n) => imports(text, n))) {
        s.done = false;
        affected.push(searched);
      }
    }
    if (read || affected.length > 0 || this.hidden.has(path)) for (const t of this.hidden.values()) t.invalidate();
    if (this.hidden.has(path)) {
      this.hidden.get(path)!.dispose();
      this.hidden.delete(path);
    }
    return affected;
  }

  /**
   * One piece of the search for `t` (a shown file with classes no model of its own covers): read candidate files,
   * follow import lines, analyse one importer model. 'waiting' while files are being read (their arrival brings the
   * document back to the background work), 'done' when there is nothing left to do.
   */
  step(t: AnalysedText, path: string | undefined): 'more' | 'waiting' | 'done' {
    if (!path || !this.optionsFor || !uncovered(t)) return 'done';
    const project = this.projectFor(path);
    if (!project) return 'done';
    let search = this.searches.get(path);
    if (!search) this.searches.set(path, (search = { importers: [], done: false }));
    if (!search.done) {
      const found = this.find(project, path);
      if (found === 'waiting') return 'waiting';
      search.importers = found;
      search.done = true;
      return 'more';
    }
    for (const importer of search.importers) {
      const text = this.textOf(importer, project);
      const next = text?.roots.find((s) => !text.isAnalysed(s));
      if (text && next) {
        text.model(next);
        return 'more';
      }
    }
    return 'done';
  }

  /**
   * The importers' root models analysed so far that cover `region`; none yet (an edit of a project file dropped
   * them), the one that gave the region its context last time, analysed now: the screen need not wait for the
   * background to find it again.
   */
  users(t: AnalysedText, path: string, region: Region): Use[] {
    const search = this.searches.get(path);
    const project = this.projectFor(path);
    if (!search || !project) return [];
    const out: Use[] = [];
    const covers = (text: AnalysedText, stub: ModelStub, model: ModelAnalysis, importer: string) => {
      if (coverage(model, t.regions, path).has(region.name)) out.push({ stub, model, text, from: basename(importer) });
    };
    for (const importer of search.importers) {
      const text = this.textOf(importer, project);
      if (!text) continue;
      for (const { stub, model } of text.analysed()) if (text.roots.includes(stub)) covers(text, stub, model, importer);
    }
    const last = this.lastUse.get(path)?.get(region.name);
    if (out.length === 0 && last && search.importers.includes(last.importer)) {
      const text = this.textOf(last.importer, project);
      const stub = text?.roots.find((s) => s.name === last.model);
      if (text && stub) covers(text, stub, text.model(stub), last.importer);
    }
    const first = out[0];
    if (first) {
      const uses = this.lastUse.get(path) ?? new Map<string, { importer: string; model: string }>();
      this.lastUse.set(path, uses);
      uses.set(region.name, { importer: search.importers.find((p) => this.textOf(p, project) === first.text) ?? '', model: first.stub.name });
    }
    return out;
  }

  private projectFor(path: string): ProjectFiles | undefined {
    // the project whose root holds the file: the longest root wins
    let best: ProjectFiles | undefined;
    for (const root of this.rootsOf(path)) {
      const p = this.projectOf(root);
      if (p && (!best || root.length > best.root.length)) best = p;
    }
    return best;
  }

  private rootsOf(path: string): string[] {
    const out: string[] = [];
    for (let d = dirname(path); ; d = dirname(d)) {
      out.push(d);
      if (d === '/' || d === '') break;
    }
    return out;
  }

  /** The files importing `path`, directly or through others (nearest first); 'waiting' while texts are being read. */
  private find(project: ProjectFiles, path: string): string[] | 'waiting' {
    let top = dirname(path);
    for (let i = 0; i < UP && top.length > project.root.length; i++) top = dirname(top);
    // a workspace mounted at the root ('/', as VS Code for the Web mounts one) must not look under '//'
    const under = top.endsWith('/') ? top : `${top}/`;
    const candidates = project.listing.filter((p) => p !== path && p.startsWith(under)).slice(0, MAX_FILES);
    const texts = new Map<string, string>();
    let waiting = false;
    for (const c of candidates) {
      // only scanned for import lines: not a read the shown file's analysis depends on (peek records none)
      const text = project.peek(c);
      if (text === undefined) {
        if (!project.has(c)) {
          this.wantedPaths.add(c);
          waiting = true;
        }
        continue;
      }
      texts.set(c, text);
    }
    if (waiting) return 'waiting';
    const found: string[] = [];
    let frontier = [path];
    for (let depth = 0; depth < DEPTH && frontier.length; depth++) {
      const next: string[] = [];
      for (const f of frontier) {
        for (const [c, text] of texts) if (!found.includes(c) && c !== path && imports(text, moduleName(f))) next.push(c);
      }
      found.push(...next);
      frontier = next;
    }
    return found;
  }

  private textOf(path: string, project: ProjectFiles): AnalysedText | undefined {
    const open = this.openAt(path);
    if (open) return open;
    let t = this.hidden.get(path);
    if (!t) {
      const text = this.read(path);
      if (text === undefined || !this.optionsFor) return undefined;
      t = new AnalysedText(`hidden:${path}`, 'python', text, 0, this.optionsFor(path, project.root));
      this.hidden.set(path, t);
    }
    return t;
  }
}

/** Does the shown file have a class that none of its own models covers (once they are all analysed)? */
function uncovered(t: AnalysedText): boolean {
  const covered = new Set([...t.covers.values()].flatMap((s) => [...s]));
  return t.regions.some((r) => r.kind === 'class' && !covered.has(r.name));
}
