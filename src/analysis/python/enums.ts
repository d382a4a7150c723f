// enum.Enum classes with a str or int mixin (`class Format(str, Enum): NCHW = 'NCHW'`, IntEnum, StrEnum): a member
// is held as its value, which is how Python compares it (`Format.NHWC == 'NHWC'`), so `Format('NHWC')` is the member
// whose value is 'NHWC' and `fmt == Format.NHWC` / `fmt is Format.NLC` are decided. A plain Enum's member never
// equals its value, so calling a plain Enum class stays unknown rather than give a value that would compare wrongly.
import { unknown } from '../../engine';
import { field, namedChildren, textOf } from '../syntax';
import type { Evaluator } from './evaluator';
import { compareValues } from './semantics';
import { ClassValue, ObjectValue, QualName, type PyValue } from './values';

const ENUM_BASES = /^enum\.(Enum|IntEnum|StrEnum|Flag|IntFlag|ReprEnum)$/;
const MIXIN_BASES = /^(builtins\.(str|int|float)|enum\.(IntEnum|StrEnum|IntFlag))$/;

export type EnumKind = 'mixin' | 'plain';

/** Whether a user class is an Enum, and whether its members are also str/int values; undefined: not an Enum. */
export function enumKind(ev: Evaluator, cls: ClassValue, seen = new Set<ClassValue>()): EnumKind | undefined {
  if (seen.has(cls)) return undefined;
  seen.add(cls);
  let isEnum = false;
  let mixin = false;
  for (const base of ev.classBases(cls)) {
    if (base instanceof QualName) {
      isEnum ||= ENUM_BASES.test(base.name);
      mixin ||= MIXIN_BASES.test(base.name);
    } else if (base instanceof ClassValue) {
      const inner = enumKind(ev, base, seen);
      isEnum ||= inner !== undefined;
      mixin ||= inner === 'mixin';
    }
  }
  return isEnum ? (mixin ? 'mixin' : 'plain') : undefined;
}

/** The members' names, as the class body assigns them (`NCHW = 'NCHW'`), methods and private names left out. */
function memberNames(cls: ClassValue): string[] {
  const names: string[] = [];
  for (const stmt of namedChildren(field(cls.node, 'body') ?? cls.node)) {
    const a = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : undefined;
    const left = a?.type === 'assignment' ? field(a, 'left') : undefined;
    if (left?.type === 'identifier' && !textOf(left).startsWith('_')) names.push(textOf(left));
  }
  return names;
}

/** `Format(value)`: the member with that value (a member given is itself); unknown when no member is known to match. */
export function enumLookup(ev: Evaluator, cls: ClassValue, kind: EnumKind, args: PyValue[]): PyValue {
  const [value] = args;
  if (kind === 'plain') return unknown(`${cls.name}(…): a member of a plain Enum is not followed statically`);
  for (const name of memberNames(cls)) {
    const member = ev.classAttribute(cls, name);
    if (member === undefined) continue;
    const same = compareValues('==', member, value);
    if (same === undefined) return unknown(`${cls.name}(${textOfValue(value)}): a member not known statically`);
    if (same) return member;
  }
  return unknown(`${cls.name}(${textOfValue(value)}) is not one of its members (Python raises ValueError)`);
}

const textOfValue = (v: PyValue): string => (typeof v === 'string' ? `'${v}'` : typeof v === 'number' ? String(v) : '…');

/**
 * `==` / `!=` between an instance of a user class and another value: Python asks the class's `__eq__`. Without one
 * (none of its own, no library base that may bring one) two objects are equal only when they are the same object;
 * otherwise the answer is not known statically.
 */
export function objectEquality(ev: Evaluator, op: string, l: PyValue, r: PyValue): boolean | undefined | 'not-objects' {
  if (op !== '==' && op !== '!=') return 'not-objects';
  const obj = l instanceof ObjectValue ? l : r instanceof ObjectValue ? r : undefined;
  if (!obj) return 'not-objects';
  if (definesEquality(ev, obj.cls)) return undefined;
  return (op === '==') === (l === r);
}

function definesEquality(ev: Evaluator, cls: ClassValue, seen = new Set<ClassValue>()): boolean {
  if (seen.has(cls)) return false;
  seen.add(cls);
  if (ev.classAttribute(cls, '__eq__') !== undefined) return true;
  return ev.classBases(cls).some((b) => (b instanceof ClassValue ? definesEquality(ev, b, seen) : !(b instanceof QualName && b.name === 'builtins.object')));
}
