// Layer calls as text keys: an engine evaluation is a pure function of the call (and the input shapes), so
// identical calls share one evaluation (ops.ts evaluateCached, values.ts declOutcome).
import type { LayerCall, LayerOutcome, Shape, Value } from '../../engine';

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

/** One step of an outcome's path: a size (a number, or a symbolic size's canonical key) or where an input ends. */
type Step = number | string | typeof END;
const END = Symbol('end of an input');
const NONE = Symbol('no input shapes');
interface Node {
  outcome?: LayerOutcome;
  next?: Map<Step | typeof NONE, Node>;
}

/**
 * Engine outcomes by call key, then by input shapes, size by size. A module's call key is one string object kept per
 * call (callKey) and a symbolic size's key is one string kept by its expression, so finding an outcome hashes each of
 * them once: no key text is built per evaluation (a symbolic shape's text spells out every nested size, and a deep
 * model's grows with every layer).
 */
export class OutcomeTable {
  private readonly rows = new Map<string, Node>();
  private count = 0;
  get size(): number {
    return this.count;
  }
  get(call: string, strict: boolean, inputs: readonly Shape[] | undefined): LayerOutcome | undefined {
    let node = this.rows.get(call);
    if (!node) return undefined;
    node = node.next?.get(strict ? 1 : 0);
    if (!inputs) return node?.next?.get(NONE)?.outcome;
    for (const shape of inputs) {
      for (const d of shape) {
        node = node?.next?.get(typeof d === 'number' ? d : d.key);
        if (!node) return undefined;
      }
      node = node?.next?.get(END);
    }
    return node?.outcome;
  }
  set(call: string, strict: boolean, inputs: readonly Shape[] | undefined, outcome: LayerOutcome): void {
    let row = this.rows.get(call);
    if (!row) this.rows.set(call, (row = {}));
    let node = step(row, strict ? 1 : 0);
    if (!inputs) node = step(node, NONE);
    else {
      for (const shape of inputs) {
        for (const d of shape) node = step(node, typeof d === 'number' ? d : d.key);
        node = step(node, END);
      }
    }
    if (!node.outcome) this.count++;
    node.outcome = outcome;
  }
  clear(): void {
    this.rows.clear();
    this.count = 0;
  }
}

function step(node: Node, key: Step | typeof NONE): Node {
  const next = (node.next ??= new Map());
  let child = next.get(key);
  if (!child) next.set(key, (child = {}));
  return child;
}
