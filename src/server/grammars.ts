// The server's tree-sitter grammars. Only Python's is compiled before the server says it is ready: the first hints
// of a Python file must not wait for the TypeScript grammars (each three times its size), which are compiled when a
// TypeScript document first opens — the messages wait meanwhile, so a document's notes stay in order.
import { initParsers, parsersReady, type WasmFile } from '../analysis/parsers';
import type { SourceLanguage } from '../analysis/model';
import type { ClientMessage } from './protocol';

export class Grammars {
  private wasm: Partial<Record<WasmFile, Uint8Array>> = {};
  private loading = false;
  /** Grammars that could not be loaded: their documents fail as they would have at start, with the parser's message. */
  private readonly failed = new Set<SourceLanguage>();

  /** `loaded`: called when grammars loaded on demand are there (the waiting messages can go on). */
  constructor(private readonly loaded: () => void) {}

  /** The runtime and Python's grammar; the bytes of the others are kept for later. */
  async start(wasm: Partial<Record<WasmFile, Uint8Array>>): Promise<void> {
    this.wasm = wasm;
    await initParsers(this.loader(), ['python']);
  }

  /** True while a message must wait: a document opens whose grammar is not loaded yet (its loading is started). */
  waiting(inbox: readonly ClientMessage[]): boolean {
    if (this.loading) return true;
    const missing = new Set<SourceLanguage>();
    for (const m of inbox) if (m.kind === 'open' && !parsersReady(m.language) && !this.failed.has(m.language)) missing.add(m.language);
    if (missing.size === 0) return false;
    this.loading = true;
    void initParsers(this.loader(), [...missing]).catch(() => undefined).finally(() => {
      this.loading = false;
      for (const language of missing) if (!parsersReady(language)) this.failed.add(language);
      this.loaded();
    });
    return true;
  }

  private loader(): (file: WasmFile) => Promise<Uint8Array> {
    return async (file) => {
      const bytes = this.wasm[file];
      if (!bytes) throw new Error(`${file} was not given to the analysis worker`);
      return bytes;
    };
  }
}
