// The order of the server's background work. A request for the screen must never wait behind it: in VS Code for
// the Web the worker cannot read a message while a model is being analysed, so a background model started just
// before the hints request of an edit holds that request until it ends. While the user types, the background
// analyses only the models the screen showed; the others wait until the text has been quiet for a moment.
import type { ModelStub } from '../analysis/model';

/** How long after the last edit of a document the models the screen did not show wait (ms). */
export const QUIET_MS = 400;

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
