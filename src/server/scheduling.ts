// The order of the server's background work, and how a request stops it. A request for the screen must never wait
// behind it: while the user types, the background analyses only the models the screen showed, the others wait until
// the text has been quiet for a moment, and a model being analysed in the background is stopped for a request
// (BackgroundInterrupts: the queue looked at, a shared counter, or time slices where a worker has neither).
import { interruptible, Interrupted } from '../analysis';
import type { ModelStub } from '../analysis/model';
import { changesText, type ClientMessage, type Interrupts } from './protocol';

/**
 * The next model of a document to analyse in the background: the first not analysed yet of the models the screen
 * showed (`shown`), then — once the text is quiet — the first of the others in file order. 'wait' when only
 * others are left and the text is not quiet yet; undefined when every model is analysed.
 */
export function nextBackgroundModel(roots: readonly ModelStub[], isAnalysed: (s: ModelStub) => boolean,
  shown: ReadonlySet<string>, quiet: boolean): ModelStub | 'wait' | undefined {
  const left = roots.filter((s) => !isAnalysed(s));
  if (left.length === 0) return undefined;
  return left.find((s) => shown.has(s.name)) ?? (quiet ? left[0] : 'wait');
}

/** The models the screen showed of a document: the contexts its quick answers used, and the one the user chose. */
export function shownModels(served: ReadonlyMap<string, string | null>, chosen: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const name of served.values()) if (name) out.add(name);
  if (chosen) out.add(chosen);
  return out;
}

/** Runs `f` after the messages already queued (setImmediate in Node; a MessageChannel in a browser worker). */
export function later(f: () => void): void {
  const g = globalThis as { setImmediate?: (f: () => void) => void };
  if (g.setImmediate) g.setImmediate(f);
  else if (typeof MessageChannel !== 'undefined') {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      f();
    };
    channel.port2.postMessage(null);
  } else setTimeout(f, 0);
}

/** The first time slice of a background model where nothing can interrupt it (ms). */
export const FIRST_SLICE_MS = 16;

/**
 * Background models in time slices, for a host where a request cannot interrupt them (a browser worker without
 * shared memory, the extension host's own thread): a model that did not finish within its slice is dropped and
 * analysed again later with twice the time, so a request waits at most one slice. What it computed before is not
 * all lost: the engine's evaluations are remembered across runs (pythonFile.ts). A slice that sufficed is kept for
 * the next version of the same model, so later edits waste nothing.
 */
export class TimeSlices {
  private readonly slices = new Map<string, number>();

  /** The check that says when `key`'s attempt starting now is out of time. */
  start(key: string): () => boolean {
    const end = performance.now() + (this.slices.get(key) ?? FIRST_SLICE_MS);
    return () => performance.now() > end;
  }

  /** `key` ran out of time: its next attempt gets twice as long. */
  grow(key: string): void {
    this.slices.set(key, 2 * (this.slices.get(key) ?? FIRST_SLICE_MS));
  }

  /** Forgets the slices of keys that start with `prefix` (a closed document). */
  forget(prefix: string): void {
    for (const key of this.slices.keys()) if (key.startsWith(prefix)) this.slices.delete(key);
  }
}

/**
 * How background work stops for a message (see Interrupts): `peek` takes a message that arrived (Node's worker
 * thread); a shared counter of messages on their way says one comes (a browser worker with shared memory: slot 0
 * counts every message, slot 1 the notes that change a text); else time slices.
 *
 * A model the screen shows is analysed for the request that will ask for it: a request arriving meanwhile (VS Code
 * asks for the hints a moment after the edit) waits for it rather than stopping it and analysing it again from the
 * start. Only a note that changes what is analysed (an edit, an open, a setting) stops such a model.
 */
export class BackgroundInterrupts {
  private counter?: Int32Array;
  private readonly slices = new TimeSlices();

  /** `peek(forScreen)`: takes the messages that arrived; true when one of them stops the work (see run). */
  constructor(private readonly peek?: (forScreen: boolean) => boolean) {}

  /** The counters the client adds one to before posting each message (the init message's `waiting`). */
  useCounter(buffer: SharedArrayBuffer): void {
    this.counter = new Int32Array(buffer);
  }

  /** A message was received: one fewer on its way. */
  received(m: ClientMessage): void {
    if (!this.counter) return;
    Atomics.sub(this.counter, 0, 1);
    if (this.counter.length > 1 && changesText(m)) Atomics.sub(this.counter, 1, 1);
  }

  /** A message is on its way (with forScreen, one that changes a text): it is received before any more work. */
  coming(forScreen = false): boolean {
    if (!this.counter) return false;
    return Atomics.load(this.counter, forScreen && this.counter.length > 1 ? 1 : 0) > 0;
  }

  get kind(): Interrupts {
    return this.peek ? 'queue' : this.counter ? 'shared counter' : 'time slices';
  }

  /**
   * Runs background work `f` until a message (or `key`'s time slice) stops it; it is done again later, from the
   * start. `forScreen`: a model the screen shows, which only a note that changes a text stops.
   */
  run(key: string, f: () => void, forScreen = false): void {
    const peek = this.peek;
    const check = peek ? () => peek(forScreen) : this.counter ? () => this.coming(forScreen) : this.slices.start(key);
    try {
      interruptible(check, f);
    } catch (e) {
      if (!(e instanceof Interrupted)) throw e;
      if (this.kind === 'time slices') this.slices.grow(key);
    }
  }

  forget(prefix: string): void {
    this.slices.forget(prefix);
  }
}

/** How long the server waits, with nothing to do, before it tidies its young generation (IdleCollector). */
export const IDLE_COLLECT_MS = 20;
/** After a note, how long the request it brings is waited for before a pause is taken to collect (IdleCollector). */
export const REQUEST_AFTER_NOTE_MS = 300;

/**
 * Runs `collect` (the Node worker's young-generation collection) in the pauses between keystrokes: once the server
 * has had nothing to do for IDLE_COLLECT_MS after answering. Left to itself, V8 collects the young generation when it
 * is nearly full, at whatever moment that is — in the real VS Code on a busy two-core machine, every few seconds of
 * typing for 40–150 ms, often while a hints request waited. Collected in the pauses, the collections are more and
 * shorter, take about as long in all, and a request seldom waits for one. The pause between an edit and VS Code's
 * request for its hints (tens of ms) is not one: after a note the collection waits for a request to be answered, or
 * REQUEST_AFTER_NOTE_MS. A message puts off a collection not started yet.
 */
export class IdleCollector {
  private timer?: ReturnType<typeof setTimeout>;
  /** When the last note came, while no request has been answered since. */
  private noteAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly collect?: () => void, private readonly now = () => performance.now()) {}

  /** A message came: the pause is over. */
  received(m: ClientMessage): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (changesText(m)) this.noteAt = this.now();
  }

  /** A request was answered: the next pause may be taken. */
  answered(): void {
    this.noteAt = Number.NEGATIVE_INFINITY;
  }

  /** Nothing is left to do until the next message (or the quiet timer). */
  idle(): void {
    const collect = this.collect;
    if (!collect || this.timer !== undefined) return;
    const wait = Math.max(IDLE_COLLECT_MS, this.noteAt + REQUEST_AFTER_NOTE_MS - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      collect();
    }, wait);
  }
}
