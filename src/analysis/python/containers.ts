// Containers and their methods: nn.Module methods (append, add_module, parameters, requires_grad_…), filling
// nn.Sequential / ModuleList / ModuleDict, and Python's list and dict methods.
import { unknown } from '../../engine';
import type { Syntax } from '../syntax';
import type { Evaluator, Frame } from './evaluator';
import { callModule } from './moduleCalls';
import { addChild, argNodes, freeze } from './modules';
import { describe, DictValue, isUnknownValue, ModuleInstance, ParamsValue, TensorValue, type PyValue } from './values';
import { sameKind } from './tensorData';

export function moduleMethod(ev: Evaluator, self: ModuleInstance, name: string, args: PyValue[], kwargs: Map<string, PyValue>,
  node: Syntax, frame: Frame): PyValue {
  switch (name) {
    // An entry ShapeLens cannot build keeps its place (as in fillContainer): what runs after it is unknown, not wrong.
    case 'append':
      if (args[0] !== undefined) addChild(self, String(self.children.size), entry(args[0], node));
      return self;
    case 'extend':
    case 'add_modules': {
      const items = ev.iterate(args[0] ?? null);
      if (!items) unknownContents(ev, self, args[0] ?? null, node);
      for (const m of items ?? []) addChild(self, String(self.children.size), entry(m, node));
      return self;
    }
    case 'insert': {
      const idx = args[0];
      const m = args[1] === undefined ? undefined : entry(args[1], node);
      if (typeof idx === 'number' && m) {
        const list = [...self.children.values()];
        list.splice(idx < 0 ? list.length + idx : idx, 0, m);
        self.children.clear();
        list.forEach((c, i) => self.children.set(String(i), c));
      }
      return null;
    }
    case '__setattr__':
      if (typeof args[0] === 'string') ev.setAttribute(self, args[0], args[1] ?? null, node);
      return null;
    case '__getattr__': // self.__getattr__('level_%d' % i) reads what self.__setattr__ set
      return typeof args[0] === 'string' ? ev.getAttribute(self, args[0], node) : unknown('__getattr__() of a name not known statically');
    case 'add_module':
    case 'register_module':
      if (typeof args[0] === 'string' && args[1] instanceof ModuleInstance) addChild(self, args[0], args[1]);
      return null;
    case 'register_buffer':
      if (typeof args[0] === 'string') self.attrs.set(args[0], args[1] instanceof TensorValue ? sameKind(args[1], new TensorValue(args[1].shape)) : args[1] ?? null);
      return null;
    case 'register_parameter':
      if (typeof args[0] === 'string') ev.setAttribute(self, args[0], args[1] ?? null, node);
      return null;
    case 'parameters':
      return new ParamsValue(self);
    case 'named_parameters':
      return namedModules(self).flatMap(([path, m]) => ownTensorNames(m).map((t) => [path ? `${path}.${t}` : t, new ParamsValue(m, t)]));
    case 'requires_grad_':
      if (args[0] === false || kwargs.get('requires_grad') === false) freeze(self);
      return self;
    case 'children':
      return [...self.children.values()];
    case 'named_children':
      return [...self.children.entries()].map(([k, v]) => [k, v]);
    // every module of the tree, itself first, each once (a shared module is not listed twice), depth first
    case 'modules':
      return namedModules(self).map(([, m]) => m);
    case 'named_modules':
      return namedModules(self, typeof args[1] === 'string' ? args[1] : typeof kwargs.get('prefix') === 'string' ? kwargs.get('prefix') as string : '');
    case 'keys':
      return [...self.children.keys()];
    case 'values':
      return [...self.children.values()];
    case 'items':
      return [...self.children.entries()].map(([k, v]) => [k, v]);
    case 'to': case 'cuda': case 'cpu': case 'eval': case 'train': case 'float': case 'double': case 'half': case 'apply':
      return self;
    case 'forward': return callModule(ev, self, args, kwargs, node);
    case 'size':
    case '__len__':
      return self.children.size;
    default:
      void frame;
      return unknown(`${self.type}.${name}() is not followed statically`);
  }
}

/** The parameters a module holds itself (not its children's): a layer's weight and bias, a user module's nn.Parameters. */
function ownTensorNames(m: ModuleInstance): string[] {
  if (m.kind === 'layer') return (m.calledParams ?? m.declOutcome?.params?.tensors ?? []).map((t) => t.name);
  return m.ownParams.map((t) => t.name);
}

/** nn.Module.named_modules(): [name, module] pairs, the module itself first under the prefix. */
function namedModules(root: ModuleInstance, prefix = ''): [string, ModuleInstance][] {
  const seen = new Set<ModuleInstance>();
  const out: [string, ModuleInstance][] = [];
  const walk = (m: ModuleInstance, name: string) => {
    if (seen.has(m)) return;
    seen.add(m);
    out.push([name, m]);
    for (const [k, c] of m.children) walk(c, name ? `${name}.${k}` : k);
  };
  walk(root, prefix);
  return out;
}

/**
 * nn.Sequential(a, b), nn.Sequential(OrderedDict(...)), nn.ModuleList([...]), nn.ModuleDict({...}). An entry that is
 * not a module ShapeLens could build (an unknown value, a lambda, a function) is never dropped: it keeps its place
 * as an opaque module, so what runs after it is unknown rather than wrong.
 */
export function fillContainer(ev: Evaluator, self: ModuleInstance, args: PyValue[], kwargs: Map<string, PyValue>, node?: Syntax): void {
  void kwargs;
  const add = (name: string, v: PyValue, at = node) => addChild(self, name, v instanceof ModuleInstance ? v : opaqueEntry(v, at));
  if (self.kind === 'sequential') {
    if (args.length === 1 && args[0] instanceof DictValue) {
      for (const [k, v] of args[0].entries) add(String(k), v);
      return;
    }
    // Each entry's own expression, for the diagnostic (written one by one: nn.Sequential(a, b, c)).
    const written = node?.type === 'call' ? argNodes(node).positional : [];
    const exact = written.length === args.length;
    args.forEach((v, i) => add(String(self.children.size), v, exact ? written[i] : node));
    return;
  }
  if (self.kind === 'modulelist') {
    const items = args[0] !== undefined ? ev.iterate(args[0]) : [];
    if (!items) unknownContents(ev, self, args[0] ?? null, node);
    else for (const v of items) add(String(self.children.size), v);
    return;
  }
  if (self.kind === 'moduledict') {
    const src = args[0];
    if (src instanceof DictValue) for (const [k, v] of src.entries) add(String(k), v);
    else if (Array.isArray(src)) for (const pair of src) if (Array.isArray(pair) && pair.length === 2) add(String(pair[0]), pair[1]);
    else if (src !== undefined && src !== null) unknownContents(ev, self, src, node);
  }
}

/**
 * nn.ModuleList(blocks) where blocks is not known statically: the list is not empty, it is unknown. Iterating it
 * is a loop ShapeLens cannot follow (said there); its modules are not counted (said here, once).
 */
function unknownContents(ev: Evaluator, self: ModuleInstance, from: PyValue, node: Syntax | undefined): void {
  self.unknownContents = isUnknownValue(from) ? from.why : `a ${describe(from)} ShapeLens cannot iterate`;
  if (node && !ev.isSaid(from)) {
    ev.incomplete(node, 'not-followed', `ShapeLens cannot tell what this ${self.type} holds (${self.unknownContents}): its modules are not counted`);
  }
}

const entry = (v: PyValue, node: Syntax): ModuleInstance => (v instanceof ModuleInstance ? v : opaqueEntry(v, node));

/** A container entry ShapeLens cannot build, kept in its place (see fillContainer). */
function opaqueEntry(v: PyValue, node: Syntax | undefined): ModuleInstance {
  const m = new ModuleInstance('unsupported', isUnknownValue(v) ? 'unknown' : describe(v));
  m.opaque = isUnknownValue(v) ? v.why : `a ${describe(v)} is not a module ShapeLens can follow`;
  m.declNode = node;
  return m;
}
