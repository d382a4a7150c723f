// Projects, not files: the imports between files of one project are followed. A Project finds the module an import
// names (the rules are in docs/python.md, "Imports between files"), reads it through the host (the CLI's file system,
// the editor's workspace), parses it and runs its top level once; the importing file then gets that module's own
// classes, functions and constants. Nothing here reads files itself: ProjectFiles is the host's.
import type { AnalysisOptions, ProjectScript } from './model';
import { parse, tablesFor } from './parsers';
import type { ModuleResolver, PyFile } from './python/evaluator';
import { withShipped } from './python/bundled';
import { interruptible } from './python/interpreter';
import { runModule } from './python/moduleScope';
import { PyModule, Scope } from './python/values';
import { LineMap, topLevelUnits } from './syntax';

/** The host's view of the project's files: paths are absolute, '/'-separated. */
export interface ProjectFiles {
  /** The project's root folder (the nearest with pyproject.toml, setup.py or .git; or what the user set). */
  readonly root: string;
  /** A file's text, or undefined when there is no such file. Must be quick: the analysis waits for it. */
  read(path: string): string | undefined;
  /** The names of the files in a folder (not recursive); absent when the host cannot list folders. */
  list?(dir: string): readonly string[];
}

/** Scripts read for evidence of a model's input: at most this many, each at most this long. */
const MAX_SCRIPTS = 40;
const MAX_SCRIPT_CHARS = 200_000;

/** Libraries ShapeLens knows by their own rules: never looked for as files of the project. */
const LIBRARIES = /^(torch|torchvision|torchaudio|torchtext|numpy|einops)(\.|$)/;
/**
 * Standard-library modules a package may have a file of the same name beside (timm/layers/typing.py): inside a
 * package, Python 3 imports them absolutely — the package's own folders are not on sys.path — so such a file is
 * found only at the project root (a script's folder), never in a package folder.
 */
const STDLIB = /^(typing|collections|functools|itertools|math|numbers|types|copy|enum|abc|dataclasses|warnings|logging|os|sys|re|inspect|operator|random|string|json|pathlib|contextlib|time|argparse)(\.|$)/;

const dirname = (p: string): string => p.slice(0, Math.max(0, p.lastIndexOf('/'))) || '/';
const join = (...parts: string[]): string => parts.join('/').replace(/\/+/g, '/');

interface Loaded {
  readonly text: string;
  readonly module: PyModule;
}

export class Project {
  private readonly loaded = new Map<string, Loaded>();
  /** The scripts of a folder, read once (until invalidate). */
  private readonly folders = new Map<string, readonly ProjectScript[]>();
  /** Changes whenever an imported file's text changed since it was last read: part of every cache key. */
  private version = 0;

  constructor(readonly files: ProjectFiles, private readonly options: AnalysisOptions) {}

  get generation(): number {
    return this.version;
  }

  /** Whether what was read holds the file (an imported module, or a script read for evidence): its edit matters here. */
  holds(path: string): boolean {
    return this.loaded.has(path) || [...this.folders.values()].some((scripts) => scripts.some((s) => s.path === path));
  }

  /** Forgets what was read (after the host saw files change); the next analysis reads them again. */
  invalidate(): void {
    this.loaded.clear();
    this.folders.clear();
    this.version++;
  }

  /** The Python files beside `path` and in each folder above it up to the root, nearest first (for input evidence). */
  scripts(path: string): readonly ProjectScript[] {
    const list = this.files.list?.bind(this.files);
    if (!list) return [];
    const out: ProjectScript[] = [];
    for (const dir of this.bases(path, 0)) {
      for (const script of this.scriptsIn(dir, list)) {
        if (out.length >= MAX_SCRIPTS) return out;
        if (script.path !== path) out.push(script);
      }
    }
    return out;
  }

  private scriptsIn(dir: string, list: (dir: string) => readonly string[]): readonly ProjectScript[] {
    const hit = this.folders.get(dir);
    if (hit) return hit;
    let names: readonly string[] = [];
    try {
      names = list(dir);
    } catch {
      // an unreadable folder holds no evidence
    }
    const found: ProjectScript[] = [];
    for (const name of [...names].filter((n) => n.endsWith('.py')).sort().slice(0, MAX_SCRIPTS)) {
      const file = join(dir, name);
      const text = this.files.read(file);
      if (text !== undefined && text.length <= MAX_SCRIPT_CHARS) found.push({ path: file, text });
    }
    this.folders.set(dir, found);
    return found;
  }

  /** The imports of the file at `path`, resolved in this project. */
  resolverFor(path: string): ModuleResolver {
    return withShipped({ module: (name, level) => this.resolve(path, name, level) });
  }

  private resolve(from: string, name: string, level: number): PyModule | undefined {
    if (level === 0 && (name === '' || LIBRARIES.test(name))) return undefined;
    const parts = name ? name.split('.') : [];
    const inPackage = (dir: string) => this.files.read(join(dir, '__init__.py')) !== undefined;
    for (const base of this.bases(from, level)) {
      if (level === 0 && STDLIB.test(name) && inPackage(base)) continue;
      const found = this.moduleAt(base, parts);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Where an import is looked for. Relative (`from ..models import x`): the importing file's package, level − 1
   * folders up. Absolute: the importing file's folder (how a script runs), then each folder above it up to the
   * project root (how a package or `python -m` runs), then the root's src/.
   */
  private bases(from: string, level: number): string[] {
    let dir = dirname(from);
    if (level > 0) {
      for (let i = 1; i < level; i++) dir = dirname(dir);
      return [dir];
    }
    const out: string[] = [];
    const root = this.files.root.replace(/\/$/, '');
    for (;;) {
      out.push(dir);
      if (dir === root || dir.length <= root.length || dir === '/') break;
      dir = dirname(dir);
    }
    out.push(join(root, 'src'));
    return out;
  }

  /** base/a/b.py or base/a/b/__init__.py (a package: `from . import x` reaches base/a/b/x.py). */
  private moduleAt(base: string, parts: string[]): PyModule | undefined {
    if (parts.length === 0) return this.load(join(base, '__init__.py'), base, true);
    const path = join(base, ...parts);
    return this.load(`${path}.py`, dirname(`${path}.py`), false) ?? this.load(join(path, '__init__.py'), path, true);
  }

  private load(path: string, dir: string, isPackage: boolean): PyModule | undefined {
    const text = this.files.read(path);
    if (text === undefined) return undefined;
    const hit = this.loaded.get(path);
    if (hit && hit.text === text) return hit.module;
    if (hit) this.version++;
    const scope = new Scope();
    // A package's submodules are found on first use: models.resnet → models/resnet.py.
    const submodule = (sub: string) => (isPackage ? this.moduleAt(dir, [sub]) : undefined);
    const module = new PyModule(this.moduleName(path), scope, submodule);
    this.loaded.set(path, { text, module }); // before running it: an import cycle finds the module being filled
    module.runTopLevel(() => this.run(path, text, module));
    return module;
  }

  /**
   * A module's name (its __name__, its functions' __module__) as Python gives it with the project root on sys.path:
   * from its path, never from the spelling of the import that reached it first (`from ._registry import x` and
   * `import timm.models._registry` load the same module, timm.models._registry) — a registry keyed by
   * `fn.__module__` must find the same entry whichever file was analysed first. The package folders above the file
   * (each with an __init__.py, up to the root) and its stem are joined; a package is named by its folder.
   */
  private moduleName(path: string): string {
    const root = this.files.root.replace(/\/$/, '');
    const stem = path.slice(path.lastIndexOf('/') + 1).replace(/\.py$/, '');
    const parts = stem === '__init__' ? [] : [stem];
    let dir = dirname(path);
    const isPackage = (d: string) => d !== root && d.length > root.length && this.files.read(join(d, '__init__.py')) !== undefined;
    while (isPackage(dir)) {
      parts.unshift(dir.slice(dir.lastIndexOf('/') + 1));
      dir = dirname(dir);
    }
    // an __init__.py outside any package folder (at the root itself) is named by its folder
    return parts.join('.') || dirname(path).split('/').pop() || '';
  }

  private run(path: string, text: string, module: PyModule): void {
    const tree = parse('python', text);
    try {
      const lines = new LineMap(text);
      const units = topLevelUnits(tree, text, tablesFor('python'));
      for (const u of units) u.source = { path, lines };
      const file: PyFile = {
        lines, globals: module.scope, options: this.options, engine: { strict: this.options.strict }, imports: this.resolverFor(path),
      };
      // never stopped half way by an editor's request (see interruptible): the module is kept, and must be whole
      interruptible(() => false, () => runModule(file, units, module.name));
    } finally {
      tree.delete();
    }
  }
}

/**
 * The project root of a file: the nearest folder above it that holds pyproject.toml, setup.py, setup.cfg or .git;
 * without one, the folder holding the file's top-level package (Python's own rule: `from timm.layers import …` in
 * timm/models/resnet.py resolves from the folder above timm/, where each folder on the way has an __init__.py).
 */
export function findProjectRoot(file: string, exists: (path: string) => boolean): string {
  let dir = dirname(file);
  for (;;) {
    if (['pyproject.toml', 'setup.py', 'setup.cfg', '.git'].some((m) => exists(join(dir, m)))) return dir;
    const up = dirname(dir);
    if (up === dir) return packageRoot(file, exists);
    dir = up;
  }
}

function packageRoot(file: string, exists: (path: string) => boolean): string {
  let dir = dirname(file);
  while (exists(join(dir, '__init__.py')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
