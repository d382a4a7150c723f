// How long ShapeLens keeps the extension host's thread busy: every event handler and provider call of the extension
// is timed (its synchronous part: the awaited work happens in the analysis worker). Read by the e2e suite's latency
// test and by `npm run bench`; nothing is timed when nobody reads it beyond a small ring of samples.
export interface BusySample {
  readonly what: string;
  /** performance.now() when it started. */
  readonly at: number;
  readonly ms: number;
}

const RING = 2000;
const samples: BusySample[] = [];

/** Runs `f`, recording how long it held the thread. */
export function timed<T>(what: string, f: () => T): T {
  const at = performance.now();
  try {
    return f();
  } finally {
    samples.push({ what, at, ms: performance.now() - at });
    if (samples.length > RING) samples.splice(0, samples.length - RING);
  }
}

/** The samples since `since` (performance.now() time). */
export function busySince(since: number): BusySample[] {
  return samples.filter((s) => s.at >= since);
}

/** Hints asked for by VS Code and delivered to it, per document URI and version: when (performance.now()). */
const asked = new Map<string, number[]>();
const delivered = new Map<string, number[]>();
const cancelled = new Map<string, number[]>();

function note(map: Map<string, number[]>, uri: string, version: number): void {
  const key = `${uri}@${version}`;
  const list = map.get(key);
  if (list) list.push(performance.now());
  else map.set(key, [performance.now()]);
  if (map.size > RING) map.delete(map.keys().next().value!);
}

export const hintsAsked = (uri: string, version: number): void => note(asked, uri, version);
export const hintsDelivered = (uri: string, version: number): void => note(delivered, uri, version);
export const hintsCancelled = (uri: string, version: number): void => note(cancelled, uri, version);

const times = (map: Map<string, number[]>, uri: string, version: number): readonly number[] => map.get(`${uri}@${version}`) ?? [];

/** The first time hints of that version were asked for / delivered at or after `since`. */
export const askedAt = (uri: string, version: number, since = 0): number | undefined => times(asked, uri, version).find((t) => t >= since);
export const deliveredAt = (uri: string, version: number, since = 0): number | undefined =>
  times(delivered, uri, version).find((t) => t >= since);

/** Every time hints of that version were asked for (VS Code asks again after cancelling a request) / cancelled. */
export const askedTimes = (uri: string, version: number): readonly number[] => times(asked, uri, version);
export const cancelledTimes = (uri: string, version: number): readonly number[] => times(cancelled, uri, version);

/**
 * What ShapeLens made the window do, counted (deterministic, unlike timings): hints requests and the lines they
 * asked for, change events fired, diagnostics set (and whether they changed anything), status-bar items sent,
 * messages to and from the analysis worker. The latency spec reads the differences around each keystroke.
 */
const counts = new Map<string, number>();

export function count(what: string, n = 1): void {
  counts.set(what, (counts.get(what) ?? 0) + n);
}

/** Every count so far, by name. */
export function countsNow(): Record<string, number> {
  return Object.fromEntries(counts);
}
