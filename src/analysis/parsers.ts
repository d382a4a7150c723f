// The tree-sitter parsers, one per language, created once from wasm bytes the host hands over. The analysis never
// reads files itself (it runs in Node and in a web worker alike): the CLI reads dist/tree-sitter/*.wasm from disk,
// the web extension fetches them.
import { Edit, Language, Parser, type Tree } from 'web-tree-sitter';
import type { SourceLanguage } from './model';

export type WasmFile = 'web-tree-sitter.wasm' | 'tree-sitter-python.wasm' | 'tree-sitter-typescript.wasm' | 'tree-sitter-tsx.wasm';
export type WasmLoader = (file: WasmFile) => Promise<Uint8Array>;

const GRAMMAR: Record<SourceLanguage, WasmFile> = {
  python: 'tree-sitter-python.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};

let ready: Promise<void> | undefined;
/** The runtime's own wasm exports (known when it was compiled synchronously): see walkTree. */
let runtimeExports: WebAssembly.Exports | undefined;
const parsers = new Map<SourceLanguage, Parser>();

/**
 * Loads the runtime and the grammars (all three unless `languages` names fewer: the CLI loads only the one it
 * needs). Safe to call again: the runtime loads once, grammars already loaded are kept.
 */
export async function initParsers(load: WasmLoader, languages: readonly SourceLanguage[] = ['python', 'typescript', 'tsx']): Promise<void> {
  ready ??= (async () => {
    const wasmBinary = await load('web-tree-sitter.wasm');
    await Parser.init({
      wasmBinary,
      // Compiling synchronously (where allowed: Node, workers) starts faster than waiting for a background compile.
      instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
        const module = compileNow(wasmBinary);
        if (module) {
          const instance = new WebAssembly.Instance(module, imports);
          runtimeExports = instance.exports;
          done(instance, module);
          return instance.exports;
        }
        void WebAssembly.instantiate(wasmBinary as BufferSource, imports).then((r) => done(r.instance, r.module));
        return {};
      },
    } as object);
  })().catch((e) => {
    ready = undefined; // let a later call retry with other bytes
    throw e;
  });
  await ready;
  for (const language of languages) {
    if (parsers.has(language)) continue;
    const bytes = await load(GRAMMAR[language]);
    const module = compileNow(bytes);
    const grammar = module ? Language.loadSync(module) : await Language.load(bytes);
    if (parsers.has(language)) continue;
    const parser = new Parser();
    parser.setLanguage(grammar);
    parsers.set(language, parser);
  }
}

/** A synchronous compile, or undefined where the host forbids it (a browser's main thread for large modules). */
function compileNow(bytes: Uint8Array): WebAssembly.Module | undefined {
  try {
    return new WebAssembly.Module(bytes as BufferSource);
  } catch {
    return undefined;
  }
}

export const parsersReady = (language: SourceLanguage = 'python'): boolean => parsers.has(language);

/** The shared parser of a language; initParsers must have finished. */
export function parserFor(language: SourceLanguage): Parser {
  const parser = parsers.get(language);
  if (!parser) throw new Error(`ShapeLens: initParsers() must load the ${language} grammar before analysing ${language} code`);
  return parser;
}

/** Caches a language's node-type and field names by id, so the walk reads numbers from wasm, not strings. */
export class NameTables {
  readonly types: string[] = [];
  readonly named: boolean[] = [];
  readonly fields: (string | null)[] = [null];
  /** Brackets, commas, colons and dots: tokens that never fill a grammar field (a `;` can: an empty for condition). */
  readonly punctuation: boolean[] = [];
  constructor(language: { nodeTypeCount: number; fieldCount: number; nodeTypeForId(id: number): string | null;
    fieldNameForId(id: number): string | null; nodeTypeIsNamed(id: number): boolean }) {
    for (let i = 0; i < language.nodeTypeCount; i++) {
      this.types.push(language.nodeTypeForId(i) ?? '');
      this.named.push(language.nodeTypeIsNamed(i));
      this.punctuation.push(!this.named[i] && PUNCTUATION.has(this.types[i]));
    }
    for (let i = 1; i <= language.fieldCount; i++) this.fields.push(language.fieldNameForId(i));
  }
}

/** Brackets, commas, colons and dots: the tokens the tree copy steps over (syntax.ts). */
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.']);

const names = new Map<SourceLanguage, NameTables>();

/** A language's node-type and field names, read once from its grammar. */
export function tablesFor(language: SourceLanguage): NameTables {
  let t = names.get(language);
  if (!t) names.set(language, (t = new NameTables(parserFor(language).language!)));
  return t;
}

/** Parses text from scratch, or incrementally from an old tree already edited with tree.edit. */
export function parse(language: SourceLanguage, text: string, oldTree?: Tree): Tree {
  const tree = parserFor(language).parse(text, oldTree ?? null);
  if (!tree) throw new Error('ShapeLens: the parser returned no tree');
  return tree;
}

export interface TextEditDelta {
  readonly startIndex: number;
  readonly oldEndIndex: number;
  readonly newEndIndex: number;
  readonly startPosition: { row: number; column: number };
  readonly oldEndPosition: { row: number; column: number };
  readonly newEndPosition: { row: number; column: number };
}

export const toTreeEdit = (e: TextEditDelta): Edit => new Edit(e);

// ── Walking a tree ────────────────────────────────────────────────────────────────────────────────────────────
/** The cursor calls the tree copy makes (syntax.ts): a TreeCursor has them all. */
export interface Cursor {
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  readonly nodeTypeId: number;
  readonly currentFieldId: number;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly nodeIsMissing: boolean;
}

/** The runtime's cursor functions: each reads the cursor from its transfer buffer and writes it back after a move. */
interface CursorExports {
  ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  ts_tree_cursor_goto_parent_wasm(tree: number): number;
  ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  ts_tree_cursor_current_field_id_wasm(tree: number): number;
  ts_tree_cursor_start_index_wasm(tree: number): number;
  ts_tree_cursor_end_index_wasm(tree: number): number;
  ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
}

/**
 * A cursor that calls the runtime's exports directly. web-tree-sitter's TreeCursor writes its four words into the
 * runtime's transfer buffer before every call and reads them back after every move — about half of the time of
 * copying a large tree. During one synchronous walk nothing else uses that buffer, so the cursor is written there
 * once (by the first TreeCursor call) and then stays there.
 */
class DirectCursor implements Cursor {
  constructor(private readonly x: CursorExports, private readonly tree: number) {}
  gotoFirstChild(): boolean { return this.x.ts_tree_cursor_goto_first_child_wasm(this.tree) === 1; }
  gotoNextSibling(): boolean { return this.x.ts_tree_cursor_goto_next_sibling_wasm(this.tree) === 1; }
  gotoParent(): boolean { return this.x.ts_tree_cursor_goto_parent_wasm(this.tree) === 1; }
  get nodeTypeId(): number { return this.x.ts_tree_cursor_current_node_type_id_wasm(this.tree); }
  get currentFieldId(): number { return this.x.ts_tree_cursor_current_field_id_wasm(this.tree); }
  get startIndex(): number { return this.x.ts_tree_cursor_start_index_wasm(this.tree); }
  get endIndex(): number { return this.x.ts_tree_cursor_end_index_wasm(this.tree); }
  get nodeIsMissing(): boolean { return this.x.ts_tree_cursor_current_node_is_missing_wasm(this.tree) === 1; }
}

let direct: boolean | undefined; // decided by the first walk: the direct cursor agrees with TreeCursor, or is not used

/**
 * Runs `visit` with a cursor at the tree's root. The walk must be synchronous and make no other tree-sitter calls
 * (the direct cursor lives in the runtime's transfer buffer); the cursor is freed afterwards.
 */
export function walkTree<T>(tree: Tree, visit: (cursor: Cursor) => T): T {
  const cursor = tree.walk();
  try {
    const x = runtimeExports as unknown as CursorExports | undefined;
    const treeAddress = (tree as unknown as Record<number, number>)[0];
    if (direct !== false && x && typeof x.ts_tree_cursor_goto_first_child_wasm === 'function' && typeof treeAddress === 'number') {
      const reference = [cursor.nodeTypeId, cursor.startIndex, cursor.endIndex]; // also puts the cursor in the buffer
      const fast = new DirectCursor(x, treeAddress);
      if (direct === undefined) direct = fast.nodeTypeId === reference[0] && fast.startIndex === reference[1] && fast.endIndex === reference[2];
      if (direct) return visit(fast);
    }
    return visit(cursor);
  } finally {
    cursor.delete();
  }
}
