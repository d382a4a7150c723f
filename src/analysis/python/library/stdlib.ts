// The standard library's configuration idioms model code reads sizes from: argparse (each option read as its
// default: what `python train.py` with no arguments would get), types.SimpleNamespace, functools.partial, and the
// runtime queries code branches on (sys.platform…).
import { unknown } from '../../../engine';
import type { Evaluator } from '../evaluator';
import { cloneModule } from '../modules';
import { ArgParserValue, ClassValue, DictValue, isUnknownValue, ModuleInstance, NamespaceValue, ObjectValue, PartialValue, type PyValue } from '../values';
import type { Handler, LibraryCall } from './index';

/** `--batch-size` → batch_size; an explicit dest= wins. Positional arguments have no default: unknown. */
function destOf(c: LibraryCall): string | undefined {
  const dest = c.kwargs.get('dest');
  if (typeof dest === 'string') return dest;
  const names = c.args.filter((a): a is string => typeof a === 'string');
  const long = names.find((n) => n.startsWith('--')) ?? names.find((n) => n.startsWith('-'));
  if (long) return long.replace(/^-+/, '').replace(/-/g, '_');
  return names[0];
}

/** The value parse_args() gives an option when the command line does not mention it. */
function defaultOf(ev: Evaluator, c: LibraryCall, dest: string): PyValue {
  const action = c.kwargs.get('action');
  if (action === 'store_true') return c.kwargs.get('default') ?? false;
  if (action === 'store_false') return c.kwargs.get('default') ?? true;
  if (action === 'count') return c.kwargs.get('default') ?? null;
  const isPositional = !c.args.some((a) => typeof a === 'string' && a.startsWith('-'));
  if (isPositional && c.kwargs.get('nargs') !== '?') return unknown(`${dest} is a required command-line argument`);
  const value = c.kwargs.get('default') ?? null;
  // argparse converts a string default with the option's type (type=int, default='32' gives 32)
  const type = c.kwargs.get('type');
  if (typeof value === 'string' && type !== undefined && !isUnknownValue(type)) return ev.call(type, [value], new Map(), c.node, c.frame);
  return value;
}

/** Said at parse_args(): the sizes that come from options are their defaults, so the user knows what was analysed. */
function noteDefaults(ev: Evaluator, parser: ArgParserValue, c: LibraryCall): void {
  const shown = [...parser.defaults].filter(([, v]) => !isUnknownValue(v)).slice(0, 8).map(([k, v]) => `${k}=${describeDefault(v)}`);
  const more = parser.defaults.size > shown.length ? ', …' : '';
  ev.note(c.node, 'argparse-defaults', `each command-line option is read as its default (what running the script without arguments gives)${
    shown.length ? `: ${shown.join(', ')}${more}` : ''}`);
}

function describeDefault(v: PyValue): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return typeof v === 'number' ? String(v) : '…';
}

const parserMethod = (ev: Evaluator, parser: ArgParserValue, name: string, c: LibraryCall): PyValue => {
  switch (name) {
    case 'add_argument': {
      const dest = destOf(c);
      if (dest) parser.defaults.set(dest, defaultOf(ev, c, dest));
      return null;
    }
    case 'add_argument_group':
    case 'add_mutually_exclusive_group':
      return parser; // a group adds its options to the parser
    case 'set_defaults':
      for (const [k, v] of c.kwargs) parser.defaults.set(k, v);
      return null;
    case 'parse_args':
      noteDefaults(ev, parser, c);
      return new NamespaceValue(new Map(parser.defaults), 'argparse Namespace (each option at its default)');
    case 'parse_known_args':
      noteDefaults(ev, parser, c);
      return [new NamespaceValue(new Map(parser.defaults), 'argparse Namespace (each option at its default)'), []];
    default:
      return null; // print_help, error…
  }
};

/**
 * functools.partial(f, …): a partial of a partial is flattened as Python flattens it — one partial of the inner
 * function, the inner arguments first and the keywords merged (the outer's win) — so `.func` is that function
 * (timm's get_norm_act_layer unbinds `norm_layer.func` and looks the class up in its table).
 */
function partialOf(callee: PyValue, args: readonly PyValue[], kwargs: ReadonlyMap<string, PyValue>): PartialValue {
  if (callee instanceof PartialValue) return new PartialValue(callee.callee, [...callee.args, ...args], new Map([...callee.kwargs, ...kwargs]));
  return new PartialValue(callee, args, new Map(kwargs));
}

export const stdlibHandlers: Record<string, Handler> = {
  'argparse.ArgumentParser': () => new ArgParserValue(),
  'types.SimpleNamespace': (_ev, c) => new NamespaceValue(new Map(c.kwargs)),
  'argparse.Namespace': (_ev, c) => new NamespaceValue(new Map(c.kwargs), 'argparse Namespace'),
  'functools.partial': (_ev, c) => (c.args.length ? partialOf(c.args[0], c.args.slice(1), c.kwargs) : unknown('partial() of nothing')),
  // locals(): the running function's names (timm's NesT reads its own arguments by name: locals()[param_name])
  'builtins.locals': (_ev, c) => new DictValue(new Map(c.frame.scope.vars)),
  'builtins.vars': (_ev, c) => {
    const o = c.args[0];
    return o instanceof NamespaceValue ? new DictValue(new Map(o.attrs)) : unknown('vars() of a value not known statically');
  },
  // typing.cast(int, v) is v at run time: only a type checker reads the type
  'typing.cast': (_ev, c) => c.args[1] ?? c.kwargs.get('val') ?? unknown('typing.cast() of no value'),
  'os.getenv': (_ev, c) => c.args[1] ?? c.kwargs.get('default') ?? null, // the environment is not read: every variable is unset
  'dataclasses.dataclass': (_ev, c) => c.args[0] ?? null,
  'dataclasses.field': (ev, c) => {
    const factory = c.kwargs.get('default_factory');
    if (factory !== undefined) return ev.call(factory, [], new Map(), c.node, c.frame);
    return c.kwargs.get('default') ?? unknown('a dataclass field without a default');
  },
  'dataclasses.asdict': (_ev, c) => {
    const o = c.args[0];
    return o instanceof ObjectValue || o instanceof NamespaceValue ? new DictValue(new Map(o.attrs)) : unknown('asdict() of a value not known statically');
  },
  'dataclasses.replace': (_ev, c) => {
    const o = c.args[0];
    if (!(o instanceof ObjectValue)) return unknown('dataclasses.replace() of a value not known statically');
    const copy = new ObjectValue(o.cls);
    for (const [k, v] of o.attrs) copy.attrs.set(k, v);
    for (const [k, v] of c.kwargs) copy.attrs.set(k, v);
    return copy;
  },
  'dataclasses.is_dataclass': (_ev, c) => c.args[0] instanceof ObjectValue || c.args[0] instanceof ClassValue,
  'copy.deepcopy': (_ev, c) => {
    const v = c.args[0] ?? null;
    if (v instanceof ModuleInstance) return cloneModule(v);
    if (v instanceof DictValue) return new DictValue(new Map(v.entries));
    if (v instanceof ObjectValue) {
      const copy = new ObjectValue(v.cls);
      for (const [k, x] of v.attrs) copy.attrs.set(k, x);
      return copy;
    }
    return Array.isArray(v) ? [...v] : v;
  },
  'copy.copy': (_ev, c) => c.args[0] ?? null,
  // import_module('models.' + args.model): a module of the project picked by name (a relative name from this file)
  'importlib.import_module': (ev, c) => {
    const name = c.args[0] ?? c.kwargs.get('name');
    if (typeof name !== 'string') return unknown('import_module() of a name not known statically');
    const level = /^\.*/.exec(name)![0].length;
    return ev.file.imports?.module(name.slice(level), level) ?? unknown(`import_module('${name}'): not a module of the project`);
  },
};

/** Methods of the argparse parser, called through a BoundMethod on it. */
export function argParserMethod(ev: Evaluator, parser: ArgParserValue, name: string, c: LibraryCall): PyValue {
  return parserMethod(ev, parser, name, c);
}
