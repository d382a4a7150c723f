// Library calls, by qualified name (PyTea's registry): each file of this folder holds the handlers of one library
// (torch and torch.nn, builtins, math and numpy, collections), keyed by the name an import resolves to. A handler
// gets the evaluator and the call; a name no handler knows gives an unknown value that says where it comes from.
import { unknown } from '../../../engine';
import type { Syntax } from '../../syntax';
import type { Evaluator, Frame } from '../evaluator';
import { DictValue, type PyValue, type QualName } from '../values';
import { builtinHandlers } from './builtins';
import { collectionsHandlers } from './collections';
import { einopsHandlers } from './einops';
import { itertoolsHandlers } from './itertools';
import { jsPytorchAttribute, jsPytorchHandlers } from './jsPytorch';
import { reAttribute, reHandlers } from './re';
import { mathHandlers } from './math';
import { numpyHandlers } from './numpy';
import { stdlibHandlers } from './stdlib';
import { torchAttribute, torchHandlers, torchPrefixes } from './torch';
export { libraryHas } from './names';

export interface LibraryCall {
  readonly name: string;
  readonly args: PyValue[];
  readonly kwargs: Map<string, PyValue>;
  readonly node: Syntax;
  readonly frame: Frame;
}

export type Handler = (ev: Evaluator, call: LibraryCall) => PyValue;

/** Handlers for a whole namespace (torch.nn.X, torch.x): tried when no exact name matches, longest prefix first. */
export type PrefixHandler = (ev: Evaluator, call: LibraryCall) => PyValue | undefined;

const exact = new Map<string, Handler>();
for (const table of [builtinHandlers, mathHandlers, numpyHandlers, collectionsHandlers, stdlibHandlers, itertoolsHandlers, reHandlers, torchHandlers, einopsHandlers,
  jsPytorchHandlers]) {
  for (const [name, handler] of Object.entries(table)) {
    if (exact.has(name)) throw new Error(`ShapeLens library: two handlers for ${name}`);
    exact.set(name, handler);
  }
}
/** Whether each name asked so far is a builtin: asked for every name a scope does not hold, so answered once per name. */
const builtinNames = new Map<string, boolean>();
/** Python's builtin names ShapeLens has a handler for (`len`, `isinstance`…): a name no scope binds resolves here. */
export const isBuiltin = (name: string): boolean => {
  let known = builtinNames.get(name);
  if (known === undefined) builtinNames.set(name, (known = exact.has(`builtins.${name}`)));
  return known;
};

const prefixes: [string, PrefixHandler][] = Object.entries(torchPrefixes).sort(([a], [b]) => b.length - a.length);

export function callLibrary(ev: Evaluator, name: string, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax, frame: Frame): PyValue {
  const call: LibraryCall = { name, args, kwargs, node, frame };
  const handler = exact.get(name);
  if (handler) return handler(ev, call);
  for (const [prefix, h] of prefixes) {
    if (!name.startsWith(prefix)) continue;
    const out = h(ev, call);
    if (out !== undefined) return out;
  }
  return unknown(notFollowed(name));
}

/** Modules whose functions ShapeLens knows (some of them); anything else is another file or a third-party package. */
const KNOWN_ROOTS = /^(torch|math|builtins|collections|numpy|np|functools|itertools|operator|typing|copy|argparse|types|dataclasses|einops|os|sys|re|importlib|js_pytorch)(\.|$)/;

/** Why a library call gives an unknown value, in words a user can act on. */
export function notFollowed(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot < 0 || KNOWN_ROOTS.test(name)) return `${name}() is not followed statically`;
  return `${name.slice(dot + 1)} is imported from ${name.slice(0, dot)}, which ShapeLens does not read (another file or a package)`;
}

/** Known constant attributes (torch.float32, math.pi, torch.pi…); everything else stays a qualified name. */
export function libraryAttribute(q: QualName, name: string): PyValue | undefined {
  if (q.name === 'math' || q.name === 'numpy' || q.name === 'np' || q.name === 'torch') {
    const constants: Record<string, number> = { pi: Math.PI, e: Math.E, inf: Infinity, tau: 2 * Math.PI };
    if (name in constants && !(q.name === 'torch' && name === 'tau')) return constants[name];
  }
  // The analysis does not read the user's environment: os.environ is empty (`os.environ.get('X', d)` is d).
  if (q.name === 'os' && name === 'environ') return new DictValue();
  if (q.name === 're') return reAttribute(name) ?? torchAttribute(q, name);
  return jsPytorchAttribute(q, name) ?? torchAttribute(q, name);
}
