// Files on disk for the command-line tools (the CLI and the census): which files a path names, how a notebook is
// read, and the projects the files belong to (so their imports between files are followed).
import fs from 'node:fs';
import path from 'node:path';
import { findProjectRoot, joinCells, notebookCells, Project, type AnalysisOptions } from '../analysis';

const isSource = (file: string): boolean => /\.(py|pyw|ipynb|ts|mts|cts|tsx)$/i.test(file);
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '__pycache__', '.ipynb_checkpoints', '.venv', 'venv', 'dist', 'build']);

/** The analysable files under a path (Python, notebooks, TypeScript), sorted; symbolic links are not followed. */
export function listSources(root: string, only: (file: string) => boolean = isSource): string[] {
  const stat = fs.lstatSync(root);
  if (stat.isFile()) return [root];
  if (!stat.isDirectory()) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(root, entry.name);
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) out.push(...listSources(p, only));
    else if (entry.isFile() && only(entry.name)) out.push(p);
  }
  return out;
}

/** What the analysis reads: the file's text, or a notebook's code cells joined (with where each cell starts). */
export interface Source {
  readonly text: string;
  readonly cellStarts?: readonly number[];
}

export function readSource(file: string): Source {
  const raw = fs.readFileSync(file, 'utf8');
  return file.toLowerCase().endsWith('.ipynb') ? joinCells(notebookCells(raw)) : { text: raw };
}

/** Posix form of an absolute path (the analysis speaks '/'-separated paths on every system). */
export const posix = (p: string): string => path.resolve(p).split(path.sep).join('/');

/**
 * One Project per root folder, reading from disk. The root is `root` when given (--root), else the nearest folder
 * above the file with pyproject.toml, setup.py, setup.cfg or .git — but never above `ceiling` (the census gives each
 * repository of a corpus as its own ceiling, since a fetched snapshot has no .git).
 */
export class Projects {
  private readonly byRoot = new Map<string, Project>();
  /** `read` gives a file's text (undefined: no such file); the census, over files that do not change, reads each once. */
  constructor(private readonly options: AnalysisOptions, private readonly root?: string,
    private readonly read: (path: string) => string | undefined = readIfFile) {}

  optionsFor(file: string, ceiling?: string): AnalysisOptions {
    const abs = posix(file);
    let root = this.root ? posix(this.root) : findProjectRoot(abs, (p) => fs.existsSync(p));
    if (ceiling && !this.root) {
      const top = posix(ceiling);
      if (!root.startsWith(top) || root === path.posix.dirname(abs)) root = top;
    }
    let project = this.byRoot.get(root);
    if (!project) {
      project = new Project({ root, read: this.read, list: listFolder }, this.options);
      this.byRoot.set(root, project);
    }
    return { ...this.options, path: abs, project };
  }
}

function listFolder(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

export function readIfFile(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}
