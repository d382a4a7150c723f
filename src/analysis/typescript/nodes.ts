// Building the Python-shaped syntax the TypeScript translation hands to the Python interpreter. A translated node
// keeps the offsets of the TypeScript it stands for (ranges, hints and fixes land on the TypeScript text); a name
// the TypeScript does not spell (`__init__`, `append`, `in_channels`) is a synthetic leaf with its own tiny text,
// anchored at the node it was made for.
import type { Syntax, Unit } from '../syntax';

const NO_CHILDREN: readonly Syntax[] = Object.freeze([]) as readonly Syntax[];
const NO_IDENTIFIERS: ReadonlySet<string> = new Set();

/** Where a translated node sits: the translated unit and the extent in its text. */
export interface Extent {
  readonly unit: Unit;
  readonly start: number;
  readonly end: number;
}

/** A node of the translated tree over the extent `at`. */
export function node(type: string, at: Extent, children: readonly (Syntax | undefined)[] = NO_CHILDREN, named = true): Syntax {
  const kept = children.filter((c): c is Syntax => c !== undefined);
  return { type, field: null, start: at.start, end: at.end, named, children: kept.length ? kept : NO_CHILDREN, unit: at.unit };
}

/** The same node filling a grammar field of its parent. */
export const as = (n: Syntax, fieldName: string): Syntax => ({ ...n, field: fieldName });

/** An anonymous token (an operator) at `at`: the interpreter reads only its type. */
export const token = (type: string, at: Extent, fieldName: string | null = null): Syntax =>
  ({ type, field: fieldName, start: at.start, end: at.start, named: false, children: NO_CHILDREN, unit: at.unit });

/** A leaf whose text is `text` (not the source's): `__init__`, `range`, `in_channels`, `# input: …`. */
export function synth(type: string, text: string, at: Extent, fieldName: string | null = null): Syntax {
  const anchor = at.unit;
  const offset = at.start;
  const unit = {
    text,
    // follows the translated unit when an unchanged statement moves
    get start(): number { return anchor.start + offset; },
    set start(_v: number) { /* moved with its anchor */ },
    root: undefined as unknown as Syntax,
    identifiers: NO_IDENTIFIERS,
    errors: [],
  } as Unit & { root: Syntax };
  const leaf: Syntax = { type, field: fieldName, start: 0, end: text.length, named: true, children: NO_CHILDREN, unit };
  unit.root = leaf;
  return leaf;
}

/** A translated unit: the TypeScript statement's text and position, with a Python-shaped root built by `build`. */
export function translatedUnit(original: Unit, build: (unit: Unit) => Syntax): Unit {
  const unit = {
    text: original.text,
    get start(): number { return original.start; },
    set start(v: number) { original.start = v; },
    root: undefined as unknown as Syntax,
    identifiers: original.identifiers,
    errors: original.errors,
  } as Unit & { root: Syntax };
  unit.root = build(unit);
  return unit;
}

/** A copy of a TypeScript node's extent onto the translated unit. */
export const extentOf = (n: Syntax, unit: Unit): Extent => ({ unit, start: n.start, end: n.end });
export const span = (from: Syntax, to: Syntax, unit: Unit): Extent => ({ unit, start: from.start, end: to.end });
