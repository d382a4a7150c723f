// Layer calls as text keys: an engine evaluation is a pure function of the call (and the input shapes), so
// identical calls share one evaluation (ops.ts evaluateCached, values.ts declOutcome).
import type { LayerCall, LayerOutcome, Value } from '../../engine';

/** Cache keys of modules' layer calls (a module's call never changes; a functional op's call is new each time). */
const callKeys = new WeakMap<LayerCall, string | null>();

/** The call as a key: null when an argument is not known (its outcome then says why, which is not shared). */
export function callKey(call: LayerCall, remember: boolean): string | null {
  let key = remember ? callKeys.get(call) : undefined;
  if (key !== undefined) return key;
  key = `${call.type}|`;
  for (const v of call.positional) {
    const k = valueKey(v);
    if (k === null) return remember ? remember1(call, null) : null;
    key += `${k},`;
  }
  for (const name in call.keyword) {
    const k = valueKey(call.keyword[name]);
    if (k === null) return remember ? remember1(call, null) : null;
    key += `${name}=${k},`;
  }
  return remember ? remember1(call, key) : key;
}

const remember1 = (call: LayerCall, key: string | null): string | null => {
  callKeys.set(call, key);
  return key;
};

/** A known argument as text (strings quoted, so '1' and 1 differ); null for an unknown one. */
function valueKey(v: Value): string | null {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) {
    let out = '[';
    for (const x of v) {
      const k = valueKey(x);
      if (k === null) return null;
      out += `${k},`;
    }
    return `${out}]`;
  }
  return null; // unknown
}

/**
 * Engine outcomes by call key, then by input shapes: a module's call key is one string object kept per call
 * (callKey), so finding its row hashes that string once, and only the short shapes text is built per evaluation.
 */
export class OutcomeTable {
  private readonly rows = new Map<string, Map<string, LayerOutcome>>();
  private count = 0;
  get size(): number {
    return this.count;
  }
  get(call: string, shapes: string): LayerOutcome | undefined {
    return this.rows.get(call)?.get(shapes);
  }
  set(call: string, shapes: string, outcome: LayerOutcome): void {
    let row = this.rows.get(call);
    if (!row) this.rows.set(call, (row = new Map()));
    if (!row.has(shapes)) this.count++;
    row.set(shapes, outcome);
  }
  clear(): void {
    this.rows.clear();
    this.count = 0;
  }
}
