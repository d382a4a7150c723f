// The module tree built by __init__: children in registration order (PyTorch's _modules), attribute paths the
// way named_modules() spells them, parameters counted once per module object, and frozen flags.
import { findLayer, type LayerCall, type ParamTensor } from '../../engine';
import { field, namedChildren, textOf, type Syntax } from '../syntax';
import { ModuleInstance, toEngineValue, type ArgNodes, type PyValue } from './values';

/** `self.name = module` or a container entry: registers (or replaces) a child, keeping PyTorch's order. */
export function addChild(parent: ModuleInstance, name: string, child: ModuleInstance): void {
  parent.children.set(name, child);
}

/** requires_grad = False over a module's parameters: the module and everything under it. */
export function freeze(m: ModuleInstance, seen = new Set<ModuleInstance>()): void {
  if (seen.has(m)) return;
  seen.add(m);
  m.frozen = true;
  for (const c of m.children.values()) freeze(c, seen);
}

/** Names every module by its first attribute path from the root (named_modules() order; shared modules once). */
export function assignPaths(root: ModuleInstance): void {
  const seen = new Set<ModuleInstance>([root]);
  root.path = '';
  const visit = (m: ModuleInstance, prefix: string) => {
    for (const [name, child] of m.children) {
      if (seen.has(child)) continue;
      seen.add(child);
      child.path = prefix ? `${prefix}.${name}` : name;
      visit(child, child.path);
    }
  };
  visit(root, '');
}

/** Every distinct module object of a tree (a module reachable twice counts once). */
export function uniqueModules(root: ModuleInstance): ModuleInstance[] {
  const out: ModuleInstance[] = [];
  const seen = new Set<ModuleInstance>();
  const visit = (m: ModuleInstance) => {
    if (seen.has(m)) return;
    seen.add(m);
    out.push(m);
    for (const c of m.children.values()) visit(c);
  };
  visit(root);
  return out;
}

/** A module's own parameter tensors (not its children's): a layer's, plus a user class's own nn.Parameters. */
export function ownParams(m: ModuleInstance): readonly ParamTensor[] {
  if (m.kind === 'layer') return layerParams(m);
  if (m.call) return [...layerParams(m), ...m.ownParams]; // a subclass of a layer
  return m.ownParams;
}

/**
 * The layer's parameters by its rule, less those set to None afterwards (`self.bias = None` in a LayerNorm subclass,
 * `conv.bias = None`): PyTorch then registers None in their place, and model.parameters() skips them.
 */
function layerParams(m: ModuleInstance): readonly ParamTensor[] {
  const tensors = m.calledParams ?? m.declOutcome?.params?.tensors ?? [];
  return tensors.some((t) => m.attrs.get(t.name) === null) ? tensors.filter((t) => m.attrs.get(t.name) !== null) : tensors;
}

/**
 * A module's own parameters; with `inModel` (the model's modules), a tensor tied to another module of the model
 * is that module's and not counted here (model.parameters() yields a shared tensor once).
 */
export function countParams(m: ModuleInstance, inModel?: ReadonlySet<ModuleInstance>): { total: bigint; trainable: bigint; known: boolean } {
  let total = 0n;
  let trainable = 0n;
  const known = !m.call || m.calledParams !== undefined || m.declOutcome?.params !== undefined;
  for (const t of ownParams(m)) {
    const tied = m.tiedParams.get(t.name);
    if (tied && inModel?.has(tied.module) && !tiedBack(tied.module, m, t.name)) continue;
    total += t.count;
    if (!m.frozen && !m.frozenTensors.has(t.name)) trainable += t.count;
  }
  return { total, trainable, known };
}

/** Two modules tied to each other's tensor: the one counted is the first in the model's order (`owner`). */
function tiedBack(owner: ModuleInstance, m: ModuleInstance, name: string): boolean {
  return owner.tiedParams.get(name)?.module === m;
}

/** Where the constructor's arguments are written: for quick fixes on `in_features` and friends. */
export function argNodes(call: Syntax): ArgNodes {
  const args = field(call, 'arguments');
  const positional: Syntax[] = [];
  const keyword: Record<string, Syntax> = {};
  if (args && args.type === 'argument_list') {
    for (const a of namedChildren(args)) {
      if (a.type === 'keyword_argument') {
        const name = field(a, 'name');
        const value = field(a, 'value');
        if (name && value) keyword[textOf(name)] = value;
      } else if (a.type !== 'list_splat' && a.type !== 'dictionary_splat') positional.push(a);
    }
  }
  return { call, positional, keyword };
}

/** nn.Conv2d(3, 6, 5): a layer the engine knows, evaluated once without input for its parameters. */
export function buildLayer(type: string, args: PyValue[], kwargs: Map<string, PyValue>, node: Syntax | undefined,
  strict: boolean): ModuleInstance {
  const m = new ModuleInstance('layer', type);
  setLayerCall(m, type, args, kwargs);
  m.declNode = node;
  if (node) m.args = argNodes(node);
  m.strict = strict; // declOutcome is evaluated when first needed
  return m;
}

/** The layer arguments of a module: an nn layer's constructor call, or a layer subclass's super().__init__(…). */
export function setLayerCall(m: ModuleInstance, type: string, args: PyValue[], kwargs: Map<string, PyValue>): void {
  const keyword: Record<string, ReturnType<typeof toEngineValue>> = {};
  for (const [k, v] of kwargs) keyword[k] = toEngineValue(v);
  const call: LayerCall = { type, positional: args.map(toEngineValue), keyword };
  m.call = call;
}

/** The position of a constructor argument in the layer's signature (for fixes on positional arguments). */
export function argIndex(type: string, arg: string): number {
  const def = findLayer(type);
  if (!def) return -1;
  return def.signature.filter((s) => !s.keywordOnly).findIndex((s) => s.name === arg);
}

/**
 * What a copy of a module takes from it besides its class, attributes, children and tied parameters (which each
 * copier treats in its own way): its layer call and arguments, declaration (and how records show it), flags,
 * notes and own parameters.
 * Shared by copy.deepcopy (cloneModule) and the kept builds (buildCache.ts).
 */
export function copyModuleState(m: ModuleInstance, copy: ModuleInstance): void {
  copy.call = m.call;
  copy.args = m.args;
  copy.declNode = m.declNode;
  copy.strict = m.strict;
  copy.opaque = m.opaque;
  copy.unknownContents = m.unknownContents;
  copy.uncountedParam = m.uncountedParam;
  copy.buildSkips = m.buildSkips;
  copy.frozen = m.frozen;
  for (const t of m.frozenTensors) copy.freezeTensor(t);
  copy.ownParams.push(...m.ownParams);
  // how records name it and show its declaration (each checked against the path, lines and site it was made for)
  copy.declaredAs(m);
}

/**
 * copy.deepcopy(module): a new module tree with the same layers and arguments, each copy with its own parameters
 * (`nn.ModuleList([copy.deepcopy(layer) for _ in range(n)])` builds n layers, not one shared n times).
 */
export function cloneModule(m: ModuleInstance, seen = new Map<ModuleInstance, ModuleInstance>()): ModuleInstance {
  const done = seen.get(m);
  if (done) return done;
  const copy = new ModuleInstance(m.kind, m.type, m.cls);
  seen.set(m, copy);
  copyModuleState(m, copy);
  for (const [k, v] of m.tiedParams) copy.tieParam(k, v);
  for (const [k, v] of m.attrs) copy.attrs.set(k, v);
  for (const [k, c] of m.children) copy.children.set(k, cloneModule(c, seen));
  return copy;
}
