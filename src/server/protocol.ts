// What the editor (src/extension) and the analysis server (this folder, run in a worker) say to each other. Every
// message is plain data (structured-clone safe, no bigint, no class instances): it crosses a thread boundary.
// Positions are those of the analysed text (a notebook's cells joined); the requests for a notebook cell carry the
// cell's line offset and the answers are in the cell's lines.
import type { MemoryDtype, Optimizer } from '../analysis/memory';
import type { SourceLanguage } from '../analysis/model';
import type { WasmFile } from '../analysis/parsers';
import type { Convention } from '../engine';
import type { InputChoice } from '../present/inputChoices';
import type { SummaryData } from '../present/summary';

/** The tree-sitter runtime and grammars, shipped in dist/tree-sitter/ and handed to the server (its init message). */
export const WASM_FILES: readonly WasmFile[] = ['web-tree-sitter.wasm', 'tree-sitter-python.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm'];

export interface Pos { readonly line: number; readonly character: number }
export interface Rng { readonly start: Pos; readonly end: Pos }

/** The settings the server needs (src/extension/config.ts reads them). */
export interface ServerConfig {
  readonly convention: Convention;
  readonly strict: boolean;
  readonly defaultInputShape?: readonly number[];
  readonly hints: {
    readonly shape: boolean;
    readonly params: boolean;
    readonly cost: boolean;
    readonly showBatchDimension: boolean;
    readonly forwardStatements: boolean;
    readonly maxLength: number;
  };
  /** What the memory estimate assumes; deviceGB: the device a batch must fit; statusBar: the status bar shows it. */
  readonly memory: { readonly dtype: MemoryDtype; readonly optimizer: Optimizer; readonly deviceGB?: number; readonly statusBar: boolean };
}

/** An editor document's slice of an analysed text: a notebook cell is lines [offset, offset + lineCount). */
export interface Slice {
  readonly doc: string;
  readonly offset: number;
  readonly lineCount: number;
}

/** One text change, as VS Code reports it (offsets in the text before the change). */
export interface TextChange {
  readonly rangeOffset: number;
  readonly rangeLength: number;
  readonly text: string;
}

export type ClientNote =
  /**
   * `waiting`: a counter shared with the server (a browser worker cannot look at its message queue): the client adds
   * one before posting each later message, the server takes one on receiving it, and stops background work while it
   * is above zero. Only where shared memory exists (a cross-origin-isolated page). `wasm`: the Node worker thread
   * reads the files not given from its own dist folder (worker.ts), so there the client sends none and the worker
   * starts without waiting for the extension host.
   */
  | { readonly kind: 'init'; readonly wasm: Partial<Record<WasmFile, Uint8Array>>; readonly config: ServerConfig;
      readonly waiting?: SharedArrayBuffer }
  | { readonly kind: 'config'; readonly config: ServerConfig }
  /** `path` (posix, absolute) and `root` (its workspace folder) make imports between the project's files work. */
  | { readonly kind: 'open'; readonly doc: string; readonly language: SourceLanguage; readonly text: string; readonly version: number;
      readonly path?: string; readonly root?: string; readonly chosen?: string }
  | { readonly kind: 'change'; readonly doc: string; readonly version: number; readonly changes?: readonly TextChange[]; readonly text?: string }
  /** `saved`: the document closed with the text of its file on disk (not with changes discarded). */
  | { readonly kind: 'close'; readonly doc: string; readonly saved?: boolean }
  /** The project's Python files (every one the workspace folder holds, up to a limit). */
  | { readonly kind: 'projectFiles'; readonly root: string; readonly paths: readonly string[] }
  /** File texts: answers to readFiles, and files changed on disk (null: the file is gone). */
  | { readonly kind: 'files'; readonly files: readonly { readonly path: string; readonly text: string | null }[] }
  /** The model context the user chose for a document (null: back to the default). */
  | { readonly kind: 'choose'; readonly doc: string; readonly model: string | null };

export interface Requests {
  hints: { params: Slice & { readonly startLine: number; readonly endLine: number }; result: WireHint[] };
  hintTooltip: { params: Slice & { readonly key: string }; result: string | null };
  hover: { params: Slice & { readonly position: Pos }; result: WireHover | null };
  status: { params: Slice & { readonly position: Pos }; result: StatusInfo | null };
  contexts: { params: Slice & { readonly position: Pos }; result: ContextChoices };
  summary: { params: Slice & { readonly position: Pos; readonly model?: string }; result: SummaryData | null };
  inputTarget: { params: Slice & { readonly position: Pos }; result: InputTarget | null };
  lenses: { params: Slice; result: WireLens[] };
}
export type Method = keyof Requests;

/**
 * How a request that arrives stops the background analysis: the server looks at its queue (Node's worker thread),
 * reads a counter of messages on their way (shared memory, a cross-origin-isolated browser worker), or — neither
 * possible — analyses in the background in time slices, a request waiting at most for the end of one.
 */
export type Interrupts = 'queue' | 'shared counter' | 'time slices';

/**
 * The analysis worker thread's young generation in the Node host (MB; V8 splits it into two semi-spaces and a
 * large-object space, so 192 is a 64 MB semi-space, where Node's default is 16). Re-analysing a model after an edit
 * makes many short-lived objects: with the default, a scavenge ran every few milliseconds and took a quarter to a
 * half of a DenseNet's re-analysis. The space is committed only as far as it is used. `npm run bench` measures the
 * warm re-analysis in a worker with this limit, as the extension runs it.
 */
export const WORKER_YOUNG_GENERATION_MB = 192;

/**
 * How long after the last edit (or the opening) of a document the models the screen did not show wait (ms): the
 * server's background waits this long for the typing to pause, and the status bar asks for the totals then.
 */
export const QUIET_MS = 400;

export type ClientMessage =
  | ClientNote
  | { readonly kind: 'request'; readonly id: number; readonly method: Method; readonly params: unknown }
  | { readonly kind: 'cancel'; readonly id: number };

/** Whether a message changes what the server analyses (a note does; a request or a cancellation does not). */
export function changesText(m: ClientMessage): boolean {
  return m.kind !== 'request' && m.kind !== 'cancel';
}

/** What the editor shows from the server and asks again for when told it changed. */
export type Surface = 'hints' | 'lenses' | 'status';

export type ServerMessage =
  /** `interrupts`: how a request stops the background analysis in this host (see EditorServer's constructor). */
  | { readonly kind: 'ready'; readonly treeSitter: string; readonly interrupts?: Interrupts }
  | { readonly kind: 'response'; readonly id: number; readonly result?: unknown; readonly error?: string; readonly cancelled?: boolean }
  /**
   * These documents' results changed without an edit of theirs (an imported file, the model context, settings);
   * `what`: which of the editor's surfaces show something else now (every one when absent), so the others are not
   * asked again for the same answer.
   */
  | { readonly kind: 'changed'; readonly docs: readonly string[]; readonly what?: readonly Surface[] }
  | { readonly kind: 'diagnostics'; readonly doc: string; readonly version: number; readonly items: readonly WireDiagnostic[] }
  | { readonly kind: 'readFiles'; readonly paths: readonly string[] };

export interface WireHint {
  readonly position: Pos;
  readonly label: string;
  /** Asks hintTooltip for the hover-like tooltip (computed when the user points at the hint). */
  readonly key?: string;
  /** A plain tooltip, when there is nothing more to say than a line. */
  readonly tooltip?: string;
}

export interface WireHover {
  readonly markdown: string;
  readonly range?: Rng;
  /** The hover links to the gradient checker. */
  readonly trustedCommands?: readonly string[];
}

export interface WireDiagnostic {
  readonly range: Rng;
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
  readonly fix?: { readonly title: string; readonly edits: readonly { readonly range: Rng; readonly newText: string }[] };
}

/** What the status bar shows for the cursor's place. */
export interface StatusInfo {
  /** The model context (a root model: factory, instance, or class that needs no arguments). */
  readonly model: string;
  /** "factory", "instance", "class". */
  readonly kind: string;
  /** The root models that use the cursor's class (the quick pick's length). */
  readonly choices: number;
  /** "11.7M params", "≥ 62K params", "params unknown". */
  readonly params: string;
  /** "1.8G MACs", "MACs unknown". */
  readonly cost: string;
  /** Why the cost is unknown, in a few words ("input size unknown"), when it is. */
  readonly costNote?: string;
  /** The input ShapeLens chose, "(1, 3, 64, 64)", when it chose one (the totals hold for it; the tooltip says why). */
  readonly chosenInput?: string;
  readonly errors: number;
  readonly tooltip: string;
  /**
   * "28.63 MB train @ batch 64", when the shapelens.memory.statusBar setting asks for it and the batch is known
   * ("28.63 MB train" on an input ShapeLens chose: chosenInput follows it).
   */
  readonly memory?: string;
}

/** A CodeLens above a model's first line: its totals; clicking it opens that model's summary. */
export interface WireLens {
  /** The model's first line, in the slice's lines. */
  readonly line: number;
  readonly model: string;
  /** "1.4M params · 111M MACs · 28.63 MB train @ batch 64"; "… train @ (1, 3, 64, 64) chosen" on an input ShapeLens chose. */
  readonly title: string;
  /** How the input was chosen, when ShapeLens chose it. */
  readonly inputNote?: string;
  /** A class no model builds: where to build it (its lens inserts this snippet there, the values left for the user). */
  readonly build?: BuildEdit;
}

/** `model = VanillaVAE(in_channels=…, latent_dim=…)` under `if __name__ == '__main__':`, as a snippet, in the slice's lines. */
export interface BuildEdit {
  readonly line: number;
  readonly character: number;
  readonly snippet: string;
  /** What the lens's tooltip says the snippet does. */
  readonly description: string;
}

export interface ContextChoice {
  readonly name: string;
  readonly kind: string;
  /** "11,689,512 params · input (1, 3, 224, 224)". */
  readonly detail: string;
  readonly current: boolean;
}

export interface ContextChoices {
  /** What the cursor is in: "class BasicBlock", "the module's code". */
  readonly place: string;
  readonly items: readonly ContextChoice[];
  /** When no model uses the place: what it needs, in a sentence. */
  readonly note?: string;
}

export interface InputTarget {
  readonly model: string;
  /** The model's first line (in the slice's lines). */
  readonly line: number;
  readonly inputShape?: readonly number[];
  /** One-click choices: the input ShapeLens chose (and why), then the conventional sizes the model allows. */
  readonly choices?: readonly InputChoice[];
}
