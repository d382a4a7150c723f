// The model context: which root model's numbers a place of a file shows. A file is cut into regions — its
// top-level classes and functions, the statements that make its model variables, and the rest of the module's code —
// and a root model "covers" a region when something it built or ran is written there (a layer's constructor, a
// forward statement, a diagnostic, its own definition). A region shows the chosen model when that one covers it,
// else the first root model that does: of the file itself first, then of the project's files that import it.
import { modelPlaces, type ModelAnalysis, type ModelStub, type OutlineEntry, type Range } from '../analysis/model';

export interface Region {
  /** The class or function name; `=name` for a model variable's statement; '' for the rest of the module's code. */
  readonly name: string;
  readonly kind: 'class' | 'function' | 'variable' | 'module';
  readonly start: number;
  readonly end: number;
}

export const MODULE_REGION: Region = { name: '', kind: 'module', start: 0, end: Number.MAX_SAFE_INTEGER };

export function regionsOf(outline: readonly OutlineEntry[], stubs: readonly ModelStub[]): Region[] {
  const defs: Region[] = outline.map((o) => ({ name: o.name, kind: o.kind, start: o.range.start.line, end: o.range.end.line }));
  const variables: Region[] = stubs.filter((s) => s.kind === 'variable')
    .map((s) => ({ name: `=${s.name}`, kind: 'variable', start: s.range.start.line, end: s.range.end.line }));
  return [...defs, ...variables].sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The innermost region holding a line of the file (a variable made inside `def test():` is its own region). */
export function regionAt(regions: readonly Region[], line: number): Region {
  let best = MODULE_REGION;
  for (const r of regions) {
    if (r.start > line) break;
    if (line <= r.end && r.end - r.start <= best.end - best.start) best = r;
  }
  return best;
}

/**
 * A range in the file being shown: `file` is undefined for the analysed file's own text, or the path of the file
 * shown when the model was analysed from a file that imports it.
 */
export const isIn = (file: string | undefined) => (r: Range | undefined): r is Range => r !== undefined && r.file === file;

/** The names of the regions of the shown file (`file`, see isIn) a model covers. */
export function coverage(m: ModelAnalysis, regions: readonly Region[], file?: string): Set<string> {
  const here = isIn(file);
  const out = new Set<string>();
  const add = (r: Range | undefined) => {
    if (here(r)) out.add(regionAt(regions, r.start.line).name);
  };
  for (const r of modelPlaces(m)) add(r);
  for (const a of m.annotations) if (a.file === file) out.add(regionAt(regions, a.position.line).name);
  return out;
}

/** How a root model came to be, in a word for the quick pick. */
export function kindOf(kind: ModelStub['kind']): string {
  return kind === 'factory' ? 'factory' : kind === 'variable' ? 'instance' : 'class';
}
