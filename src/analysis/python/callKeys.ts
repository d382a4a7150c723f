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

const NONE = Symbol('no input shapes');
interface Node<K> {
  outcome?: LayerOutcome;
  id?: number;
  next?: Map<K, Node<K>>;
}

/**
 * Engine outcomes by call key, then by input shapes. A module's call key is one string object kept per call (callKey),
 * and each input shape is a number: the same sizes always get the same number (a symbolic size by the key its
 * expression keeps), found once per shape array — a layer's output shape is the next one's input, one array read
 * again in every run — so finding an outcome builds no key text and hashes each input once (a symbolic shape's text
 * spells out every nested size, and `torch.cat` over a DenseNet block's features reads dozens of shapes).
 */
export class OutcomeTable {
  private readonly rows = new Map<string, Node<number | symbol>>();
  private count = 0;
  private shapes = new ShapeNumbers();
  get size(): number {
    return this.count;
  }
  get(call: string, strict: boolean, inputs: readonly Shape[] | undefined): LayerOutcome | undefined {
    let node = this.rows.get(call)?.next?.get(strict ? 1 : 0);
    if (!inputs) return node?.next?.get(NONE)?.outcome;
    for (const shape of inputs) {
      node = node?.next?.get(this.shapes.of(shape));
      if (!node) return undefined;
    }
    return node?.outcome;
  }
  set(call: string, strict: boolean, inputs: readonly Shape[] | undefined, outcome: LayerOutcome): void {
    let row = this.rows.get(call);
    if (!row) this.rows.set(call, (row = {}));
    let node = step(row, strict ? 1 : 0);
    if (!inputs) node = step(node, NONE);
    else for (const shape of inputs) node = step(node, this.shapes.of(shape));
    if (!node.outcome) this.count++;
    node.outcome = outcome;
  }
  clear(): void {
    this.rows.clear();
    this.count = 0;
    this.shapes = new ShapeNumbers();
  }
}

/** One number per distinct shape: a tree of sizes gives the number, and each array remembers its own. */
class ShapeNumbers {
  private readonly byArray = new WeakMap<Shape, number>();
  private readonly bySizes: Node<number | string> = {};
  private last = 0;
  of(shape: Shape): number {
    let id = this.byArray.get(shape);
    if (id !== undefined) return id;
    let node = this.bySizes;
    for (const d of shape) node = step(node, typeof d === 'number' ? d : d.key);
    id = node.id ??= ++this.last;
    this.byArray.set(shape, id);
    return id;
  }
}

function step<K>(node: Node<K>, key: K): Node<K> {
  const next = (node.next ??= new Map());
  let child = next.get(key);
  if (!child) next.set(key, (child = {}));
  return child;
}
