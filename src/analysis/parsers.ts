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
