// A plain-JavaScript copy of the parts of the syntax tree the analysis reads. Walking web-tree-sitter nodes
// crosses into wasm on every step, so each top-level statement is copied once (one cursor walk) and the copy is
// kept while its text is unchanged: after an edit only the touched statement is copied again.
import type { Tree } from 'web-tree-sitter';
import type { Position, Range } from './model';
import { walkTree, type Cursor, type NameTables } from './parsers';

/** A syntax node; offsets are relative to the start of its Unit (so an unchanged statement survives moves). */
export interface Syntax {
  /** Node type; for anonymous tokens the token itself ('+', 'def', '('). */
  readonly type: string;
  /** The grammar field this node fills in its parent (left, right, function, arguments…). */
  readonly field: string | null;
  readonly start: number;
  readonly end: number;
  readonly named: boolean;
  readonly children: readonly Syntax[];
  readonly unit: Unit;
  /** An identifier's text, read once when the node is copied (the interpreter looks names up on every run). */
  readonly name?: string;
}

/** One top-level statement (class, function, import, assignment, comment…) with its own text. */
export interface Unit {
  readonly text: string;
  /** Where the unit starts in the current document (updated when an unchanged unit moves). */
  start: number;
  readonly root: Syntax;
  /** Identifier tokens used in the text, for the dependency scan. */
  readonly identifiers: ReadonlySet<string>;
  /** Syntax errors inside (ERROR or MISSING nodes), relative offsets. */
  readonly errors: readonly { start: number; end: number; missing: string | null }[];
  /** Set on the units of a file the analysed file imports: that file's path and lines. */
  source?: SourceFile;
}

/** Another file of the project, read because the analysed file imports it. */
export interface SourceFile {
  readonly path: string;
  readonly lines: LineMap;
}

/** Node types whose text is a name the code uses (Python and TypeScript): not words in strings or comments. */
const IDENTIFIER_TYPES = new Set(['identifier', 'type_identifier']);
const NO_CHILDREN: readonly Syntax[] = Object.freeze([]) as readonly Syntax[];
/** Named node types that never have children (no need to ask wasm). */
const LEAF_TYPES = new Set(['identifier', 'integer', 'float', 'comment', 'string_content', 'string_start', 'string_end',
  'escape_sequence', 'true', 'false', 'none', 'ellipsis', 'property_identifier', 'type_identifier', 'number', 'string_fragment',
  'this', 'super', 'null', 'undefined', 'predefined_type', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern',
  'statement_identifier', 'private_property_identifier']);
/** Punctuation the analysis reads even though it is anonymous (a slice's colons, comparison operators). */
const KEEP_TOKENS_UNDER = new Set(['slice', 'comparison_operator', 'for_in_statement', 'update_expression', 'unary_expression',
  'public_field_definition', 'yield']);

/**
 * Copies the node under the cursor (a top-level statement) into a Unit. Every cursor call crosses into wasm, so
 * the walk asks as little as it can: a node with children takes its extent from them, and anonymous tokens
 * (punctuation) are stepped over without being copied unless they fill a field (operators) or are colons of a slice.
 */
export function copyUnit(cursor: Cursor, text: string, names: NameTables, checkErrors: boolean): Unit {
  const base = cursor.startIndex;
  const end0 = cursor.endIndex;
  const unitText = text.slice(base, end0);
  const errors: { start: number; end: number; missing: string | null }[] = [];
  const unit = { text: unitText, start: base, root: undefined as unknown as Syntax, identifiers: new Set<string>(), errors } as Unit & { root: Syntax };
  const build = (parentType: string, fieldName: string | null, typeId: number): Syntax | undefined => {
    // ERROR nodes carry the builtin symbol 65535, outside the language's table
    const type = names.types[typeId] ?? 'ERROR';
    const named = names.named[typeId] ?? true;
    if (checkErrors && cursor.nodeIsMissing) errors.push({ start: cursor.startIndex - base, end: cursor.endIndex - base, missing: type });
    // Punctuation is a terminal: stepping over it costs no further wasm call.
    if (!named && fieldName === null && !KEEP_TOKENS_UNDER.has(parentType)) return undefined;
    const start = cursor.startIndex - base;
    const end = cursor.endIndex - base;
    let children: Syntax[] | readonly Syntax[] = NO_CHILDREN;
    if (named && !LEAF_TYPES.has(type) && cursor.gotoFirstChild()) {
      const list: Syntax[] = [];
      const keepTokens = KEEP_TOKENS_UNDER.has(type);
      do {
        const childType = cursor.nodeTypeId;
        // punctuation is stepped over without asking for its field (one wasm call less for a third of the nodes);
        // in a broken statement it is looked at, since a MISSING `)` is an error to report
        if (names.punctuation[childType] && !keepTokens && !checkErrors) continue;
        const child = build(type, names.fields[cursor.currentFieldId] ?? null, childType);
        if (child) list.push(child);
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
      children = list;
    }
    if (type === 'ERROR' && checkErrors) errors.push({ start, end, missing: null });
    if (children[0]?.type === 'list_splat' && SPLAT_MISREAD.has(type)) return liftSplat(type, fieldName, end, children, unit);
    let name: string | undefined;
    if (IDENTIFIER_TYPES.has(type)) (unit.identifiers as Set<string>).add((name = unitText.slice(start, end)));
    return { type, field: fieldName, start, end, named, children, unit, name };
  };
  unit.root = build('', null, cursor.nodeTypeId)
    ?? { type: 'ERROR', field: null, start: 0, end: unitText.length, named: true, children: NO_CHILDREN, unit };
  return unit;
}

/** What tree-sitter-python may put a `*` splat under (see liftSplat). */
const SPLAT_MISREAD = new Set(['attribute', 'subscript', 'call']);

/**
 * tree-sitter-python reads `b = x, *x.shape` as `x, (*x).shape` in some places (an ambiguity of its grammar; the same
 * line elsewhere in a file is read right). In Python `*` takes the whole expression after it, so the splat is lifted
 * over the attribute, subscript or call it was put under: `*(x.shape)`.
 */
function liftSplat(type: string, fieldName: string | null, end: number, children: readonly Syntax[], unit: Unit): Syntax {
  const splat = children[0];
  const inner = splat.children.find((c) => c.named);
  if (!inner) return { type, field: fieldName, start: splat.start, end, named: true, children, unit };
  const base: Syntax = { ...inner, field: splat.field };
  const lifted: Syntax = { type, field: null, start: inner.start, end, named: true, children: [base, ...children.slice(1)], unit };
  return { type: 'list_splat', field: fieldName, start: splat.start, end, named: true, children: [lifted], unit };
}

/** Lines that start a new top-level definition, where a broken statement is cut to save what follows it. */
const TOP_LEVEL_START: Record<string, RegExp> = {
  python: /^(?:class\s|def\s|async\s+def\s|@|if\s+__name__)/,
  typescript: /^(?:export\s+)?(?:default\s+)?(?:abstract\s+)?(?:class|function|const|let|var)\s/,
};

/**
 * A statement with a syntax error can swallow everything after it (an unclosed parenthesis hides the next class).
 * Its text is cut at lines that start a top-level definition and each piece parsed on its own, so the intact
 * definitions after the error are found again. `parsePiece` parses a piece of text with the same grammar.
 */
export function splitBrokenUnits(units: Unit[], language: 'python' | 'typescript', names: NameTables,
  parsePiece: (text: string) => Tree): Unit[] {
  const out: Unit[] = [];
  const start = TOP_LEVEL_START[language];
  for (const u of units) {
    if (u.errors.length === 0) {
      out.push(u);
      continue;
    }
    const lines = u.text.split('\n');
    const cuts: number[] = [0];
    let offset = 0;
    for (let i = 0; i < lines.length; i++) {
      if (i > 0 && start.test(lines[i])) cuts.push(offset);
      offset += lines[i].length + 1;
    }
    if (cuts.length === 1) {
      out.push(u);
      continue;
    }
    cuts.push(u.text.length);
    for (let k = 0; k + 1 < cuts.length; k++) {
      const piece = u.text.slice(cuts[k], cuts[k + 1]);
      const tree = parsePiece(piece);
      try {
        walkTree(tree, (cursor) => {
          if (cursor.gotoFirstChild()) {
            do {
              const unit = copyUnit(cursor, piece, names, true);
              unit.start += u.start + cuts[k];
              out.push(unit);
            } while (cursor.gotoNextSibling());
          }
        });
      } finally {
        tree.delete();
      }
    }
  }
  return out;
}

/** The document's top-level statements, reusing units whose text is unchanged. */
export function topLevelUnits(tree: Tree, text: string, names: NameTables, reuse?: Map<string, Unit[]>): Unit[] {
  const units: Unit[] = [];
  const hasError = tree.rootNode.hasError;
  return walkTree(tree, (cursor) => {
    if (!cursor.gotoFirstChild()) return units;
    do {
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      const unitText = text.slice(start, end);
      const pool = reuse?.get(unitText);
      const old = pool?.pop();
      if (old) {
        old.start = start;
        units.push(old);
      } else {
        units.push(copyUnit(cursor, text, names, hasError));
      }
    } while (cursor.gotoNextSibling());
    return units;
  });
}

// ── Reading a copied node ───────────────────────────────────────────────────────────────────────────────────
export const textOf = (n: Syntax): string => n.name ?? n.unit.text.slice(n.start, n.end);
export function field(n: Syntax, name: string): Syntax | undefined {
  for (const c of n.children) if (c.field === name) return c;
  return undefined;
}
export const fields = (n: Syntax, name: string): Syntax[] => n.children.filter((c) => c.field === name);
/** Comments and a backslash line continuation are extras the grammar lets appear between any two children. */
const EXTRAS = new Set(['comment', 'line_continuation']);
/** Named children, computed once per node: the interpreter asks for them on every run of a statement. */
const namedCache = new WeakMap<Syntax, readonly Syntax[]>();
export function namedChildren(n: Syntax): readonly Syntax[] {
  let out = namedCache.get(n);
  if (out === undefined) namedCache.set(n, (out = n.children.filter((c) => c.named && !EXTRAS.has(c.type))));
  return out;
}
/** `f` of a node, computed once per node (a node never changes: what its text says of it stays true). */
export function perNode<T>(f: (n: Syntax) => T): (n: Syntax) => T {
  const known = new WeakMap<Syntax, T>();
  return (n) => {
    let out = known.get(n);
    if (out === undefined && !known.has(n)) known.set(n, (out = f(n)));
    return out as T;
  };
}
export const absStart = (n: Syntax): number => n.unit.start + n.start;
export const absEnd = (n: Syntax): number => n.unit.start + n.end;

/** Offsets → (line, character), both 0-based, characters in UTF-16 units like VS Code. */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
  /** Ranges already computed, by node (with the unit's start then: an unchanged statement moves after an edit). */
  private readonly ranges = new WeakMap<Syntax, { readonly at: number; readonly range: Range }>();
  /** A node's range; a node of another file (imported code) gets that file's positions and its path. */
  rangeOf(n: Syntax): Range {
    const hit = this.ranges.get(n);
    if (hit !== undefined && hit.at === n.unit.start) return hit.range;
    const source = n.unit.source;
    const range = source && source.lines !== this
      ? { ...source.lines.range(absStart(n), absEnd(n)), file: source.path }
      : this.range(absStart(n), absEnd(n));
    this.ranges.set(n, { at: n.unit.start, range });
    return range;
  }
  lineOf(n: Syntax): number {
    const source = n.unit.source;
    return (source && source.lines !== this ? source.lines : this).position(absStart(n)).line;
  }
  get lineCount(): number {
    return this.starts.length;
  }
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
}
