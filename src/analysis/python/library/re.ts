// Python's `re`, as model code uses it to read compact architecture strings (`re.split(r'(\d.*)', 'k3')` in
// EfficientNet's block decoder, `re.match(r'(\w+)_(\d+)', name)`). Patterns are translated to JavaScript's syntax
// (named groups, \A and \Z, leading inline flags); a pattern that does not translate is unknown, never guessed.
import { unknown } from '../../../engine';
import type { Evaluator } from '../evaluator';
import { DictValue, MatchValue, RegexValue, type PyValue } from '../values';
import type { Handler, LibraryCall } from './index';

// re.IGNORECASE, re.MULTILINE, re.DOTALL, re.VERBOSE as Python numbers them
const FLAGS: Record<string, number> = { I: 2, IGNORECASE: 2, M: 8, MULTILINE: 8, S: 16, DOTALL: 16, X: 64, VERBOSE: 64, A: 256, ASCII: 256 };

/** A Python pattern and flags as a JavaScript RegExp, or undefined when it uses syntax JavaScript reads otherwise. */
function compile(pattern: PyValue, flags: PyValue = 0): RegexValue | undefined {
  if (pattern instanceof RegexValue) return pattern;
  if (typeof pattern !== 'string' || typeof flags !== 'number') return undefined;
  let source = pattern;
  let js = '';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) source = source.slice(inline[0].length);
  const f = (inline?.[1] ?? '') + (flags & 2 ? 'i' : '') + (flags & 8 ? 'm' : '') + (flags & 16 ? 's' : '');
  if (f.includes('x') || flags & 64 || /\(\?[<]?[=!]?[aiLmsux]/.test(source.replace(/\(\?P?</g, ''))) return undefined; // verbose or mid-pattern flags
  if (f.includes('i')) js += 'i';
  if (f.includes('m')) js += 'm';
  if (f.includes('s')) js += 's';
  source = source.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>').replace(/\\A/g, '^').replace(/\\Z/g, '$');
  try {
    return new RegexValue(typeof pattern === 'string' ? pattern : '', new RegExp(source, js));
  } catch {
    return undefined;
  }
}

function matchAt(regex: RegExp, s: string, mode: 'match' | 'search' | 'fullmatch'): PyValue {
  const r = mode === 'search' ? new RegExp(regex.source, regex.flags) : new RegExp(mode === 'fullmatch' ? `^(?:${regex.source})$` : regex.source, `${regex.flags}y`);
  const m = r.exec(s);
  if (!m) return null;
  const named = new Map<string, string | null>(Object.entries(m.groups ?? {}).map(([k, v]) => [k, v ?? null]));
  return new MatchValue([...m].map((g) => g ?? null), named, m.index);
}

function split(regex: RegExp, s: string, maxsplit: number): PyValue {
  const out: PyValue[] = [];
  const g = new RegExp(regex.source, `${regex.flags}g`);
  let last = 0;
  let count = 0;
  for (let m = g.exec(s); m; m = g.exec(s)) {
    if (m[0] === '') { // an empty match splits nothing here
      g.lastIndex++;
      continue;
    }
    out.push(s.slice(last, m.index), ...m.slice(1).map((x) => x ?? null)); // captured groups are kept, as in Python
    last = m.index + m[0].length;
    if (maxsplit > 0 && ++count >= maxsplit) break;
  }
  out.push(s.slice(last));
  return out;
}

function findall(regex: RegExp, s: string): PyValue {
  const g = new RegExp(regex.source, `${regex.flags}g`);
  return [...s.matchAll(g)].map((m) => (m.length === 1 ? m[0] : m.length === 2 ? m[1] ?? '' : m.slice(1).map((x) => x ?? '')));
}

function sub(regex: RegExp, repl: PyValue, s: string, count: number): PyValue {
  if (typeof repl !== 'string') return unknown('re.sub() with a replacement function is not followed statically');
  const js = repl.replace(/\$/g, '$$$$').replace(/\\(\d+)/g, '$$$1').replace(/\\g<(\w+)>/g, (_m, n: string) => (/^\d+$/.test(n) ? `$${n}` : `$<${n}>`));
  if (count <= 0) return s.replace(new RegExp(regex.source, `${regex.flags}g`), js);
  let out = s;
  for (let i = 0; i < count; i++) out = out.replace(regex, js);
  return out;
}

/** re.X(pattern, string, …) and pattern.X(string, …) alike: the pattern first. */
function apply(name: string, regex: RegExp, rest: PyValue[], kwargs: Map<string, PyValue>): PyValue {
  const [a, b, c] = rest;
  const int = (v: PyValue | undefined, d: number) => (typeof v === 'number' ? v : d);
  switch (name) {
    case 'match': case 'search': case 'fullmatch':
      return typeof a === 'string' ? matchAt(regex, a, name) : unknown(`re.${name}() of a string not known statically`);
    case 'split': return typeof a === 'string' ? split(regex, a, int(b ?? kwargs.get('maxsplit'), 0)) : unknown('re.split() of a string not known statically');
    case 'findall': return typeof a === 'string' ? findall(regex, a) : unknown('re.findall() of a string not known statically');
    case 'sub': return typeof b === 'string' ? sub(regex, a ?? null, b, int(c ?? kwargs.get('count'), 0)) : unknown('re.sub() of a string not known statically');
    default: return unknown(`re.${name}() is not followed statically`);
  }
}

const reFunction = (name: string): Handler => (_ev, c: LibraryCall) => {
  const [pattern, ...rest] = c.args;
  const flags = name === 'sub' ? rest[3] ?? c.kwargs.get('flags') : name === 'split' ? rest[2] ?? c.kwargs.get('flags') : rest[1] ?? c.kwargs.get('flags');
  const regex = compile(pattern ?? null, flags ?? 0);
  return regex ? apply(name, regex.regex, rest, c.kwargs) : unknown(`a regular expression ShapeLens cannot read statically`);
};

export const reHandlers: Record<string, Handler> = {
  're.compile': (_ev, c) => compile(c.args[0] ?? null, c.args[1] ?? c.kwargs.get('flags') ?? 0) ?? unknown('a regular expression ShapeLens cannot read statically'),
  ...Object.fromEntries(['match', 'search', 'fullmatch', 'split', 'findall', 'sub'].map((n) => [`re.${n}`, reFunction(n)])),
};

/** re's flag constants (re.IGNORECASE…). */
export const reAttribute = (name: string): PyValue | undefined => FLAGS[name];

/** pattern.match(s), pattern.split(s)… */
export const regexMethod = (_ev: Evaluator, self: RegexValue, name: string, args: PyValue[], kwargs: Map<string, PyValue>): PyValue =>
  apply(name, self.regex, args, kwargs);

/** match.group(…), groups(), groupdict(), start(), end(), span(). */
export function matchMethod(self: MatchValue, name: string, args: PyValue[]): PyValue {
  const group = (k: PyValue): PyValue => (typeof k === 'number' ? self.groups[k] ?? unknown('no such group') : typeof k === 'string' && self.named.has(k) ? self.named.get(k)! : unknown('no such group'));
  switch (name) {
    case 'group': return args.length <= 1 ? group(args[0] ?? 0) : args.map(group);
    case 'groups': return self.groups.slice(1).map((g) => g ?? (args[0] ?? null));
    case 'groupdict': return new DictValue(new Map(self.named));
    case 'start': return self.start;
    case 'end': return self.start + (self.groups[0]?.length ?? 0);
    case 'span': return [self.start, self.start + (self.groups[0]?.length ?? 0)];
    default: return unknown(`match.${name}() is not followed statically`);
  }
}
