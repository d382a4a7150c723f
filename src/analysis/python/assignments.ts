// Assignment in Python as real code uses it: names, attributes, items and slices, unpacking, and the in-place
// update of a list by `+=`/`*=` (statements.ts runs the statements; this file binds what they assign).
import { unknown } from '../../engine';
import { field, namedChildren, textOf, type Syntax } from '../syntax';
import { raiseCertain, type Evaluator, type Frame } from './evaluator';
import { sliceParts } from './expressions';
import { addChild } from './modules';
import { repeat } from './semantics';
import { DictValue, ModuleInstance, sequenceKind, type PyValue } from './values';

/**
 * `items += more` and `items *= n` on a list change that list, as Python's list.__iadd__ does: every name bound to it
 * sees the new items, and a loop adding to it costs one step per item, not a copy of the whole list. A tuple's (or a
 * sequence whose kind was not seen) make a new value, through binary().
 */
export function updateList(ev: Evaluator, op: string, target: PyValue, other: PyValue): PyValue | undefined {
  if (!Array.isArray(target) || sequenceKind(target) !== 'list') return undefined;
  let items: PyValue[] | undefined;
  if (op === '+') items = ev.iterate(other);
  else if (op === '*' && typeof other === 'number' && Number.isInteger(other)) {
    const repeated = repeat(target, other);
    if (!Array.isArray(repeated)) return repeated;
    target.length = 0;
    items = repeated;
  }
  if (!items) return undefined;
  if (items === target) items = [...items]; // `items += items` doubles it once
  for (const item of items) target.push(item);
  return target;
}

// ── Assignment ──────────────────────────────────────────────────────────────────────────────────────────────────
export function assign(ev: Evaluator, target: Syntax, value: PyValue, frame: Frame): void {
  switch (target.type) {
    case 'identifier':
      frame.scope.vars.set(textOf(target), value);
      return;
    case 'attribute': {
      const object = field(target, 'object');
      const name = field(target, 'attribute');
      if (!object || !name) return;
      ev.setAttribute(ev.eval(object, frame), textOf(name), value, target);
      return;
    }
    case 'subscript': {
      const object = ev.eval(field(target, 'value')!, frame);
      const keyNode = field(target, 'subscript');
      if (keyNode?.type === 'slice') {
        assignSlice(ev, object, keyNode, value, frame);
        return;
      }
      const given = keyNode ? ev.eval(keyNode, frame) : undefined;
      const key = typeof given === 'boolean' && !(object instanceof DictValue) ? Number(given) : given; // a bool is 0 or 1
      if (object instanceof DictValue && object.keyFor(key) !== undefined) object.entries.set(object.keyFor(key)!, value);
      else if (Array.isArray(object) && typeof key === 'number') {
        const i = key < 0 ? object.length + key : key;
        if (i >= 0 && i < object.length) object[i] = value;
      } else if (object instanceof ModuleInstance && object.kind === 'moduledict' && typeof key === 'string' && value instanceof ModuleInstance) {
        addChild(object, key, value);
      } else if (object instanceof ModuleInstance && object.kind !== 'moduledict' && typeof key === 'number' && value instanceof ModuleInstance) {
        const k = String(key < 0 ? object.children.size + key : key);
        if (object.children.has(k)) object.children.set(k, value);
      }
      return;
    }
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'parenthesized_expression': {
      const targets = namedChildren(target);
      if (target.type === 'parenthesized_expression') {
        if (targets[0]) ev.assign(targets[0], value, frame);
        return;
      }
      const items = ev.iterate(value);
      // `first, *rest = items`: the starred target takes what the others leave (Python requires enough items).
      const star = targets.findIndex((t) => t.type === 'list_splat_pattern');
      const fits = items !== undefined && (star < 0 ? items.length === targets.length : items.length >= targets.length - 1);
      // a tuple's length is certain (a tensor's shape too: its rank), and so is the ValueError of a count that differs
      // (`bs, c, h, w = src.shape` on a 3-D tensor); a list's is not (code not followed may have filled it)
      if (!fits && Array.isArray(value) && sequenceKind(value) === 'tuple') unpackMismatch(ev, target, value.length, targets.length, star >= 0);
      targets.forEach((t, i) => {
        if (i === star) {
          const rest = fits ? items!.slice(i, items!.length - (targets.length - 1 - i)) : unknown('unpacked from a value of unknown length');
          const inner = namedChildren(t)[0];
          if (inner) ev.assign(inner, rest, frame);
          return;
        }
        if (!fits) return ev.assign(t, unknown('unpacked from a value of unknown length'), frame);
        ev.assign(t, items![star >= 0 && i > star ? items!.length - (targets.length - i) : i], frame);
      });
      return;
    }
    default:
      return;
  }
}

/** Python's ValueError for unpacking `got` items into `expected` targets: raised while modules are built; said once in forward. */
function unpackMismatch(ev: Evaluator, node: Syntax, got: number, expected: number, starred: boolean): void {
  const why = got < expected - (starred ? 1 : 0)
    ? `not enough values to unpack (expected ${starred ? 'at least ' : ''}${expected - (starred ? 1 : 0)}, got ${got})`
    : `too many values to unpack (expected ${expected})`;
  raiseCertain(ev, 'ValueError', why, node);
  ev.incomplete(node, 'not-followed', `Python raises ValueError here with the input ShapeLens used: ${why}; what follows is not known`);
  if (ev.trace) ev.trace.unpacked ??= expected;
}

/**
 * `xs[i:j] = items` on a list: the items replace that stretch (`x[-1:-1] = [x[-1]] * k` repeats the last entry, as
 * timm's val2tuple pads a tuple of per-layer settings). Bounds are clamped as Python clamps them; a step other than
 * 1, or items or bounds not known, leave the list as it was.
 */
function assignSlice(ev: Evaluator, object: PyValue, keyNode: Syntax, value: PyValue, frame: Frame): void {
  const parts = sliceParts(ev, keyNode, frame);
  const items = ev.iterate(value);
  if (!Array.isArray(object) || sequenceKind(object) === 'tuple' || !parts || (parts[2] !== null && parts[2] !== 1) || !items) return;
  const at = (v: number | null, fallback: number) => (v === null ? fallback : Math.min(Math.max(v < 0 ? object.length + v : v, 0), object.length));
  const start = at(parts[0], 0);
  const stop = Math.max(start, at(parts[1], object.length));
  object.splice(start, stop - start, ...items);
}
