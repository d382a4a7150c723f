// A Python file's models: nn.Module classes, factory functions returning a model, and module-level model
// variables; which of them are roots; their input shapes; and each one's forward() followed to a ModelAnalysis.
// Per-model results are cached by the identity of the statements they depend on, so after an edit only the
// touched class (and the models using it) are analysed again.
import { FREE, type LayerOutcome, type Shape } from '../../engine';
import type { AnalysisDiagnostic, AnalysisOptions, ClassNeeds, ContainerEntry, ModelAnalysis, ModelStub, OutlineEntry, Range } from '../model';
import { shiftModel } from '../shift';
import { field, namedChildren, textOf, type LineMap, type Syntax, type Unit } from '../syntax';
import { BudgetExceeded, type Frame, type ModuleResolver, type PyFile } from './evaluator';
import { callModule } from './moduleCalls';
import { memoryFacts } from '../memory';
import { receptiveFields } from '../receptive';
import { refOf, tensorsOf } from './tensorRefs';
import { shapeTreeOf, sumCosts, Trace } from './trace';
import { namedInputsOf, parseInputComment, symbolicInputs } from './inputShape';
import { findEvidence } from './inputEvidence';
import { concreteInput, inferredFields, newErrors, solveInput, type Inferred, type InputHints } from './inputSolve';
import { bindImport } from './imports';
import { Interpreter, Interrupted, wasInterrupted } from './interpreter';
import { samePlaceOnce } from './diagnostics';
import { isRequiredParameter, parameter } from './semantics';
import { assignPaths, countParams, uniqueModules } from './modules';
import { buildFromPartial, notePartials, partialCandidates, type PartialBinding } from './partialFactories';
import { ClassValue, describe, FunctionValue, isUnknownValue, ModuleInstance, PartialValue, PyModule, Scope, TensorValue, type PyValue } from './values';

export type ModelKind = 'class' | 'factory' | 'variable';

export interface Candidate {
  readonly name: string;
  readonly kind: ModelKind;
  readonly unit: Unit;
  /** The class statement, the function, or the assignment. */
  readonly node: Syntax;
  readonly instance?: ModuleInstance; // variables: built by the module-level code
  /** Variables: what building it said (code __init__ could not follow), from the module-level interpreter. */
  readonly buildDiagnostics?: readonly AnalysisDiagnostic[];
  /** A factory made by module code as a functools.partial (partialFactories.ts). */
  readonly partial?: boolean;
}

export interface ModelCacheEntry {
  readonly key: string;
  readonly model: ModelAnalysis;
  /** The line of the model's statement when the result was computed. */
  readonly anchor: number;
}

/** Per-document caches kept by DocumentAnalyzer between updates. */
export interface PythonCache {
  models: Map<string, ModelCacheEntry>;
  namesKey?: string;
  deps: WeakMap<Unit, string[]>;
  kinds: Map<string, string>;
  unitIds: WeakMap<Unit, number>;
  nextId: number;
  /** Engine evaluations by call and input shapes, kept while the document is open. */
  outcomes: Map<string, LayerOutcome>;
}

export const newPythonCache = (): PythonCache => ({ models: new Map(), unitIds: new WeakMap(), nextId: 1, deps: new WeakMap(),
  kinds: new Map(), outcomes: new Map() });

const DEFINITIONS = new Set(['class_definition', 'function_definition']);

/** The class or function a top-level statement defines (through decorators). */
function definitionOf(unit: Unit): Syntax | undefined {
  const r = unit.root;
  if (DEFINITIONS.has(r.type)) return r;
  if (r.type === 'decorated_definition') return field(r, 'definition');
  return undefined;
}

const isImport = (unit: Unit) => unit.root.type === 'import_statement' || unit.root.type === 'import_from_statement';

/** How many parameters of a function have no default (a factory has none). */
function requiredParameters(def: Syntax): number {
  const params = field(def, 'parameters');
  return params ? namedChildren(params).filter(isRequiredParameter).length : 0;
}

const makeInterpreter = (file: PyFile) => new Interpreter(file);

/** Step budget for following a module-level function in search of a model input (a training loop stops early). */
const SCAN_STEPS = 20_000;

export function analyzePythonUnits(units: readonly Unit[], lines: LineMap, options: AnalysisOptions,
  cache: PythonCache = newPythonCache()): { models: ModelAnalysis[]; diagnostics: AnalysisDiagnostic[] } {
  const prepared = preparePythonUnits(units, lines, options, cache);
  return { models: prepared.stubs.map((s) => prepared.analyze(s)), diagnostics: prepared.diagnostics };
}

/**
 * A file's models found but not yet analysed: what the file defines and builds is known (names, places, roots,
 * which definitions each model's code names), and each model is analysed when asked (cached as analyzePythonUnits
 * caches it). The editor asks first for the models on screen. Valid until the document changes again.
 */
export interface PreparedPython {
  readonly diagnostics: AnalysisDiagnostic[];
  readonly stubs: readonly ModelStub[];
  readonly outline: readonly OutlineEntry[];
  readonly needsArguments: readonly ClassNeeds[];
  analyze(stub: ModelStub): ModelAnalysis;
}

export function preparePythonUnits(units: readonly Unit[], lines: LineMap, options: AnalysisOptions,
  cache: PythonCache = newPythonCache()): PreparedPython {
  const diagnostics: AnalysisDiagnostic[] = [];
  const globals = new Scope();
  globals.vars.set('__name__', '__main__');
  // identical layer calls on identical shapes (the same block in many models, a layer called in a loop) are
  // evaluated once per document; the cache is dropped when it grows large
  if (cache.outcomes.size > 20_000) cache.outcomes.clear();
  // The project's resolver gives the module values of python/values.ts (typed opaquely in model.ts for the front ends).
  const imports = options.project && options.path ? options.project.resolverFor(options.path) as ModuleResolver : undefined;
  const file: PyFile = { lines, globals, options, engine: { strict: options.strict, assume: true }, outcomes: cache.outcomes, imports };
  const idOf = (u: Unit) => {
    let id = cache.unitIds.get(u);
    if (id === undefined) cache.unitIds.set(u, (id = cache.nextId++));
    return id;
  };

  // 1. Definitions and imports first (so classes can refer to each other in any order), then the module code.
  const defUnits = new Map<string, Unit>();
  const envUnits: Unit[] = [];
  for (const unit of units) {
    const def = definitionOf(unit);
    if (def) {
      const nameNode = field(def, 'name');
      if (!nameNode) continue;
      const name = textOf(nameNode);
      defUnits.set(name, unit);
      globals.vars.set(name, def.type === 'class_definition' ? new ClassValue(name, def, globals) : new FunctionValue(name, def, globals));
    } else if (isImport(unit)) {
      bindImport(unit.root, globals, file.imports);
      envUnits.push(unit);
    } else if (unit.root.type !== 'comment') envUnits.push(unit);
  }

  // Which definitions a unit refers to, transitively (for roots and cache keys).
  // The names a unit mentions that are top-level definitions: cached per unit while the set of names is the same.
  const namesKey = [...defUnits.keys()].join(',');
  if (cache.namesKey !== namesKey) {
    cache.namesKey = namesKey;
    cache.deps = new WeakMap();
    cache.kinds = new Map();
  }
  const usedElsewhere = (name: string, own: Unit): boolean =>
    units.some((u) => u !== own && u.identifiers.has(name));
  const directDeps = (u: Unit): string[] => {
    let d = cache.deps.get(u);
    if (!d) cache.deps.set(u, (d = [...u.identifiers].filter((n) => defUnits.has(n) && defUnits.get(n) !== u)));
    return d;
  };
  const depClosure = (start: Unit[]): Unit[] => {
    const seen = new Set<Unit>(start);
    const stack = [...start];
    while (stack.length) {
      const u = stack.pop()!;
      for (const n of directDeps(u)) {
        const d = defUnits.get(n)!;
        if (!seen.has(d)) {
          seen.add(d);
          stack.push(d);
        }
      }
    }
    return [...seen];
  };

  // 2. Module-level code — constants, model variables, models called with a known tensor — and the functions that
  //    build models the way a script does (def test(): net = VGG('VGG11'); def main(): model = Net(args.hidden)):
  //    their statements run like module code, so the models they build, with the arguments used there, are models
  //    of the file.
  const it = makeInterpreter(file);
  const observed = new Map<string, Shape>(); // model name (variable, class or factory) → input
  const owners = new Map<ModuleInstance, string>();
  const seenInputs = new Map<ModuleInstance, Shape>();
  const variables: Candidate[] = [];
  const partials = new Map<string, PartialBinding>();
  let factories = new Set<string>();
  const moduleFrame: Frame = { scope: globals };
  it.withObserver((m, t) => {
    if (t.shape && !seenInputs.has(m)) seenInputs.set(m, t.shape);
  }, () => {
    for (const unit of envUnits) {
      it.restart();
      try {
        runModuleStatement(it, unit, unit.root, moduleFrame, variables, owners, undefined, partials);
      } catch (e) {
        if (!(e instanceof BudgetExceeded)) diagnostics.push(internal(lines, unit.root, e));
      }
    }
    // The names a script-like function may build a model with: the file's model classes and its factories (asked
    // only now: a base class may be a name module code defines, `const tnn = torch.nn`).
    factories = findFactories(defUnits, globals, it);
    const modelMakers = new Set([...factories, ...[...defUnits.keys()].filter((n) => {
      const v = globals.vars.get(n);
      return v instanceof ClassValue && it.classKind(v) !== 'object';
    })]);
    // …and what it imports from the project: its modules (resnet.__dict__[args.arch]()), classes and functions
    for (const [n, v] of globals.vars) if (!defUnits.has(n) && importedMaker(it, v, globals)) modelMakers.add(n);
    for (const [name, unit] of defUnits) {
      const fn = globals.vars.get(name);
      if (!(fn instanceof FunctionValue) || requiredParameters(fn.node) > 0 || modelMakers.has(name)) continue;
      if (!buildsOrCallsModel(unit, name, modelMakers)) continue;
      // Its body runs statement by statement in its own scope, like module code (its models become variables).
      const frame: Frame = { scope: new Scope(globals) };
      it.allowSteps(SCAN_STEPS);
      for (const stmt of namedChildren(field(fn.node, 'body') ?? fn.node)) {
        if (stmt.type === 'comment') continue;
        try {
          if (runModuleStatement(it, unit, stmt, frame, variables, owners, name) === 'return') break;
        } catch {
          break; // a training loop or a helper that cannot be followed ends the scan of this function
        }
      }
    }
  });
  diagnostics.push(...it.notes);
  // The variable, the factory and the class of a model called with a tensor all learn its input.
  for (const [m, shape] of seenInputs) {
    for (const key of [owners.get(m), m.createdBy, m.cls?.name]) if (key && !observed.has(key)) observed.set(key, shape);
  }

  // 3. Model candidates.
  const envIds = envUnits.map(idOf).join(',');
  const kinds = new Map<string, string>();
  const candidates: Candidate[] = [];
  const needsArguments: ClassNeeds[] = [];
  for (const [name, unit] of defUnits) {
    const value = globals.vars.get(name);
    const def = definitionOf(unit)!;
    if (value instanceof ClassValue) {
      // A class's kind (module or not) depends on its own text, the imports and the classes it names.
      const kindKey = `${idOf(unit)}|${envIds}|${depClosure([unit]).map(idOf).join(',')}`;
      let kind = cache.kinds.get(kindKey);
      if (kind === undefined) kind = it.classKind(value);
      kinds.set(kindKey, kind);
      // A class whose constructor needs arguments is analysed where it is built (by its parent, a factory or the
      // file's code), not alone with unknown arguments; asked for by name (--model), it is analysed all the same.
      // So is one whose constructor forwards *args / **kwargs (class ConvBN(nn.Sequential): def __init__(self, *args,
      // **kwargs)) when the file builds it somewhere: alone, its layers would get no arguments at all.
      const needs = kind !== 'object' && !isLoss(name) ? requiredInitParams(it, value) : [];
      const alone = needs.length === 0 && !(forwardsArguments(it, value) && usedElsewhere(name, unit));
      if (kind !== 'object' && !isLoss(name) && (alone || options.model === name)) {
        candidates.push({ name, kind: 'class', unit, node: def });
      } else if (kind !== 'object' && !isLoss(name)) needsArguments.push({ name, range: lines.rangeOf(def), needs });
    } else if (value instanceof FunctionValue && requiredParameters(def) === 0 && factories.has(name)) {
      candidates.push({ name, kind: 'factory', unit, node: def });
    }
  }
  cache.kinds = kinds; // only the current versions are kept
  candidates.push(...partialCandidates(partials, globals.vars, defUnits, (cls) => it.classKind(cls) !== 'object',
    (n) => factories.has(n), definitionOf));
  candidates.push(...variables);
  if (options.model) {
    const only = candidates.filter((c) => c.name === options.model);
    candidates.length = 0;
    candidates.push(...only);
  }

  // 4. Roots: the models the file builds — its model variables (module code, script-like functions), its factories,
  //    and the classes that need no arguments — unless another model uses them. A variable made by a factory is
  //    that factory's model (the factory is the root), and a class a variable instantiates is that variable's.
  const factoryNames = new Set(candidates.filter((c) => c.kind === 'factory').map((c) => c.name));
  const dropped = new Set(candidates.filter((c) => c.kind === 'variable' && c.instance?.createdBy && factoryNames.has(c.instance.createdBy)));
  for (let i = candidates.length - 1; i >= 0; i--) if (dropped.has(candidates[i])) candidates.splice(i, 1);
  const modelNames = new Set(candidates.map((c) => c.name));
  const used = new Set<string>();
  // (a partial of a factory is another factory, not a model using it)
  for (const c of candidates) if (c.kind !== 'variable' && !c.partial) for (const n of directDeps(c.unit)) if (modelNames.has(n)) used.add(n);
  const instantiated = new Set(candidates.filter((c) => c.kind === 'variable').map((c) => c.instance?.cls?.name).filter((n) => n !== undefined));
  const isRoot = (c: Candidate) => c.kind === 'variable' || (!used.has(c.name) && !(c.kind === 'class' && instantiated.has(c.name)));

  // 5. Input comments: file-level, and per model (directly above it or on its first line).
  const fileComment = readComments(units, lines, diagnostics, candidates);

  const envKey = envIds;
  const optionsKey = `${options.strict}|${options.defaultInputShape?.join('x')}|${options.inputShape?.join('x')}|${options.project?.generation ?? ''}`;
  const byStub = new Map<ModelStub, Candidate>();
  const stubs = candidates.map((c): ModelStub => {
    const stub: ModelStub = { name: c.name, kind: c.kind, range: lines.rangeOf(c.node), root: isRoot(c),
      dependsOn: depClosure([c.unit]).map((u) => definitionName(u)).filter((n): n is string => n !== undefined) };
    byStub.set(stub, c);
    return stub;
  });
  const modelFor = (stub: ModelStub): ModelAnalysis => {
    const c = byStub.get(stub);
    if (!c) throw new Error(`ShapeLens: ${stub.name} is not a model of this version of the file`);
    const root = stub.root;
    const own = fileComment.perModel.get(c.name);
    let input: Shape | undefined;
    let source: ModelAnalysis['inputSource'] = 'none';
    if (root && options.inputShape) [input, source] = [[...options.inputShape], 'cli'];
    else if (own) [input, source] = [own, 'comment'];
    else if (root && fileComment.file) [input, source] = [fileComment.file, 'comment'];
    else if (observed.has(c.name)) [input, source] = [observed.get(c.name)!, 'tensor'];
    // Nothing in the file: evidence in the project, then the setting, then the sizes the model allows (inputSolve.ts).
    const hints: InputHints | undefined = input ? undefined : {
      evidence: root ? projectEvidence(options, units, [c.kind === 'variable' ? undefined : c.name, c.instance?.cls?.name, c.instance?.createdBy]) : [],
      setting: options.defaultInputShape,
    };
    const deps = depClosure([c.unit]);
    // Positions inside the key are relative to the model's own statement: if only lines above it changed, the
    // cached result is moved (shiftModel) instead of recomputed.
    const anchor = lines.position(c.unit.start).line;
    const key = [c.kind, c.name, deps.map((u) => `${idOf(u)}@${lines.position(u.start).line - anchor}`).join(','),
      c.kind === 'variable' || c.partial ? envKey : '', input?.join('x') ?? '', namedInputsOf(input as number[] | undefined)?.map((n) => `${n.name}=${n.shape.join('x')}`).join(',') ?? '', source, root, optionsKey, hints?.evidence.map((e) => e.detail).join(';') ?? ''].join('|');
    const slot = `${c.kind}:${c.name}`;
    const cached = cache.models.get(slot);
    if (cached && cached.key === key) {
      const model = shiftModel(cached.model, anchor - cached.anchor);
      if (model !== cached.model) cache.models.set(slot, { key, model, anchor });
      return model;
    }
    let model: ModelAnalysis;
    try {
      model = analyzeModel(file, c, root, input, source, makeInterpreter, hints);
    } catch (e) {
      if (e instanceof Interrupted) throw e;
      // a bug in the analysis must cost one model, not the file
      model = { name: c.name, range: lines.rangeOf(c.node), root, inputSource: 'none', declarations: [], layers: [], annotations: [],
        totalParams: 0n, trainableParams: 0n, totalCost: FREE, incomplete: true, paramsIncomplete: true, diagnostics: [internal(lines, c.node, e)] };
    }
    // stopped half way by the host (see interruptible): not a result, never cached
    if (wasInterrupted()) throw new Interrupted();
    cache.models.set(slot, { key, model, anchor });
    return model;
  };
  return { diagnostics, stubs, outline: outlineOf(defUnits, globals, lines), needsArguments,
    analyze: modelFor };
}

const definitionName = (u: Unit): string | undefined => {
  const def = definitionOf(u);
  const name = def && field(def, 'name');
  return name ? textOf(name) : undefined;
};

/** The file's top-level classes and functions, where they are. */
function outlineOf(defUnits: Map<string, Unit>, globals: Scope, lines: LineMap): OutlineEntry[] {
  return [...defUnits].map(([name, unit]) => ({
    name, kind: globals.vars.get(name) instanceof ClassValue ? 'class' as const : 'function' as const,
    range: lines.rangeOf(unit.root),
  }));
}


/** The parameters a class's __init__ needs (no default; not self, *args or **kwargs), through its user base classes. */
export function requiredInitParams(it: Interpreter, cls: ClassValue): string[] {
  const init = it.classAttribute(cls, '__init__');
  if (!(init instanceof FunctionValue)) return [];
  const params = field(init.node, 'parameters');
  const required = params ? namedChildren(params).filter(isRequiredParameter) : [];
  return required.slice(1).map((p) => (p.type === 'identifier' ? textOf(p) : textOf(namedChildren(p)[0] ?? p)));
}

/** A class whose __init__ takes *args or **kwargs (through its user base classes). */
function forwardsArguments(it: Interpreter, cls: ClassValue): boolean {
  const init = it.classAttribute(cls, '__init__');
  const params = init instanceof FunctionValue ? field(init.node, 'parameters') : undefined;
  return !!params && namedChildren(params).map(parameter).some((p) => p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern');
}

/**
 * A loss (`criterion = nn.CrossEntropyLoss()`, `class FocalLoss(nn.Module)`) is an nn.Module but not a model: it
 * takes predictions and targets, has no input of its own, and would only add noise to the list of models.
 */
const isLoss = (type: string): boolean => /Loss$/.test(type);

/** A top-level function with no required parameters that returns a model. */
/**
 * The file's factory functions: those that name a module class (the file's own or an imported one) or build an
 * nn.Sequential, and — transitively — those that call such a function (`def resnet18(**kw): return _create(…)`
 * where `_create` names the class).
 */
function findFactories(defUnits: Map<string, Unit>, globals: Scope, it: Interpreter): Set<string> {
  const isModelClass = (v: PyValue | undefined) => v instanceof ClassValue && it.classKind(v) !== 'object';
  const functions = [...defUnits].filter(([n, u]) => globals.vars.get(n) instanceof FunctionValue && /\breturn\b/.test(u.text));
  const found = new Set<string>();
  for (const [n, u] of functions) {
    if (/\b(nn\.)?Sequential\s*\(/.test(u.text) || [...u.identifiers].some((id) => isModelClass(globals.vars.get(id)))) found.add(n);
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const [n, u] of functions) {
      if (!found.has(n) && [...u.identifiers].some((id) => id !== n && found.has(id))) {
        found.add(n);
        grew = true;
      }
    }
  }
  return found;
}

/**
 * Runs one statement of module code (or of a script-like function's body, `inFunction`); a name newly bound to a
 * model (`net = Net()`, `const model = new nn.Sequential(…)`, also inside `if __name__ == '__main__':`) makes a model
 * variable, with the diagnostics its building gave.
 */
function runModuleStatement(it: Interpreter, unit: Unit, stmt: Syntax, frame: Frame, variables: Candidate[],
  owners: Map<ModuleInstance, string>, inFunction?: string, partials?: Map<string, PartialBinding>): ReturnType<Interpreter['exec']> {
  const before = new Map(frame.scope.vars);
  const skippedBefore = it.skipped.length;
  try {
    return it.exec(stmt, frame);
  } finally {
    if (partials) notePartials(before, frame, unit, stmt, partials);
    // Also when the statement stopped half way (a training loop ran out of budget after `model = UNet(…)`).
    const built = it.skipped.slice(skippedBefore);
    for (const [name, v] of frame.scope.vars) {
      if (v instanceof ModuleInstance && before.get(name) !== v && !owners.has(v) && !isLoss(v.type)) {
        const taken = variables.some((c) => c.name === name);
        const label = inFunction && taken ? `${inFunction}.${name}` : name;
        owners.set(v, label);
        // A user class says what its own building skipped; a container built by module code, what the statement did.
        variables.push({ name: label, kind: 'variable', unit, node: stmt, instance: v, buildDiagnostics: v.buildSkips ?? built });
      }
    }
  }
}

/** A name bound by an import of the project's own code that may build a model: a module, a model class, a function. */
function importedMaker(it: Interpreter, v: PyValue, globals: Scope): boolean {
  if (v instanceof PyModule) return true;
  if (v instanceof ClassValue) return it.classKind(v) !== 'object';
  return v instanceof FunctionValue && v.closure !== globals;
}

/** A function that names a model class or factory of the file (other than itself), or makes a tensor: worth running. */
function buildsOrCallsModel(unit: Unit, self: string, makers: ReadonlySet<string>): boolean {
  for (const n of unit.identifiers) if (n !== self && makers.has(n)) return true;
  return /\b(randn|rand|zeros|ones|empty)\s*\(/.test(unit.text);
}

interface CommentShapes {
  file?: number[];
  perModel: Map<string, number[]>;
}

function readComments(units: readonly Unit[], lines: LineMap, diagnostics: AnalysisDiagnostic[], candidates: Candidate[]): CommentShapes {
  const out: CommentShapes = { perModel: new Map() };
  const byUnit = new Map<Unit, Candidate>();
  for (const c of candidates) byUnit.set(c.unit, c);
  const read = (node: Syntax): number[] | undefined => {
    const r = parseInputComment(textOf(node));
    if (!r) return undefined;
    if ('error' in r) {
      diagnostics.push({ range: lines.rangeOf(node), severity: 'warning', code: 'input-comment', message: r.error });
      return undefined;
    }
    return r.shape;
  };
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (u.root.type === 'comment') {
      const shape = read(u.root);
      if (!shape) continue;
      // Directly above a model (only comments in between, no blank line)?
      let j = i + 1;
      let lastLine = lines.position(u.start + u.root.end).line;
      while (j < units.length && units[j].root.type === 'comment' && lines.position(units[j].start).line === lastLine + 1) {
        lastLine = lines.position(units[j].start + units[j].root.end).line;
        j++;
      }
      const next = units[j];
      const target = next && lines.position(next.start).line === lastLine + 1 ? byUnit.get(next) : undefined;
      if (target) {
        if (!out.perModel.has(target.name)) out.perModel.set(target.name, shape);
      } else out.file ??= shape;
      continue;
    }
    const c = byUnit.get(u);
    if (!c || c.kind === 'variable') {
      // a trailing comment on a model assignment: `net = Net()  # input: (1, 3, 32, 32)`
      if (c) for (const comment of u.root.children.filter((x) => x.type === 'comment')) {
        const shape = read(comment);
        if (shape && !out.perModel.has(c.name)) out.perModel.set(c.name, shape);
      }
      continue;
    }
    // On the class/def line or the first line of its body.
    const def = c.node;
    const body = field(def, 'body');
    const headerComments = def.children.filter((x) => x.type === 'comment');
    const firstBody = body?.children.find((x) => x.type === 'comment' || x.named);
    for (const comment of [...headerComments, ...(firstBody?.type === 'comment' ? [firstBody] : [])]) {
      const shape = read(comment);
      if (shape && !out.perModel.has(c.name)) out.perModel.set(c.name, shape);
    }
  }
  return out;
}

export function internal(lines: LineMap, node: Syntax, e: unknown): AnalysisDiagnostic {
  const message = e instanceof Error ? e.message : String(e);
  if (typeof process !== 'undefined' && process.env?.SHAPELENS_DEBUG) console.error(e); // not in a web worker
  return { range: lines.rangeOf(node), severity: 'error', code: 'internal', message: `ShapeLens internal error: ${message}` };
}

/** Evidence of a model's input in the project's scripts (and the model file's own transforms and datasets). */
function projectEvidence(options: AnalysisOptions, units: readonly Unit[], names: readonly (string | undefined)[]) {
  const scripts = options.path && options.project?.scripts ? options.project.scripts(options.path) : [];
  const own = { path: options.path ?? '', text: units.map((u) => u.text).join('\n') };
  return findEvidence(own, scripts, names.filter((n): n is string => !!n));
}

/** Builds the model (fresh), follows its forward with the input, and collects everything the front ends show. */
export function analyzeModel(file: PyFile, c: Candidate, root: boolean, input: Shape | undefined,
  source: ModelAnalysis['inputSource'], makeInterpreter: (file: PyFile) => Interpreter, hints?: InputHints): ModelAnalysis {
  const lines = file.lines;
  const range: Range = lines.rangeOf(c.node);
  const it = makeInterpreter(file);
  const diagnostics: AnalysisDiagnostic[] = [];
  let instance: ModuleInstance | undefined;
  /** Totals that are only a lower bound: the analysis stopped, or skipped code that builds or runs modules. */
  let incomplete = false;
  // Diagnostics about imported code are shown at the model's own statement when no closer call of this file led there.
  it.enterSite(c.instance?.declNode && !c.instance.declNode.unit.source ? c.instance.declNode : c.node);
  it.restart();
  try {
    instance = buildInstance(it, c, file, (v) => {
      const d = noModel(it, c, range, v);
      if (d) diagnostics.push(d);
    });
  } catch (e) {
    incomplete = true;
    diagnostics.push(e instanceof BudgetExceeded
      ? { range, severity: 'warning', code: 'too-complex', message: `ShapeLens stopped following ${c.name}: ${e.message}` }
      : internal(lines, c.node, e));
  }
  if (!instance) {
    return { name: c.name, range, root, inputSource: 'none', declarations: [], layers: [], annotations: [], totalParams: 0n,
      trainableParams: 0n, totalCost: FREE, incomplete: true, paramsIncomplete: true, diagnostics: [...it.diagnostics, ...it.skipped, ...diagnostics] };
  }
  // A variable was built by the file's code (another interpreter run): what that said is this model's too.
  const built = c.buildDiagnostics ?? [];
  if (it.skipped.length > 0 || built.length > 0) incomplete = true;
  assignPaths(instance);
  let trace = new Trace(lines);
  let output: PyValue | undefined;
  let inputValue: TensorValue | undefined;
  const run = (shape: Shape | undefined) => {
    trace = new Trace(lines);
    if (shape && shape.length > 1 && typeof shape[0] === 'number') trace.batch = shape[0];
    it.restart();
    try {
      const x = new TensorValue(shape, shape ? { what: 'the input', line: range.start.line } : undefined);
      inputValue = x;
      if (!shape) trace.probe = { tensors: new Set([x]), layers: [] };
      // the other inputs a comment names (`labels=(2,) long`) go to forward() by name
      const others = (namedInputsOf(shape as number[] | undefined) ?? []).slice(1)
        .map((n): [string, PyValue] => [n.name, new TensorValue(n.shape, { what: `the input ${n.name}`, line: range.start.line })]);
      output = it.withTrace(trace, () => runForward(it, instance!, x, c, new Map(others)));
    } catch (e) {
      output = undefined;
      trace.incomplete = true;
      diagnostics.push(e instanceof BudgetExceeded
        ? { range, severity: 'warning', code: 'too-complex', message: `ShapeLens stopped following ${c.name}.forward: ${e.message}` }
        : internal(lines, c.node, e));
    }
  };
  let inferred: Inferred | undefined;
  if (!input) {
    // Symbolic: the first layer says what the input looks like (channels/features), spatial sizes stay H and W;
    // the run with them states what the sizes must satisfy, and the input is solved from that (inputSolve.ts).
    run(undefined);

    // A layer that takes several ranks: the first rank whose run gives no error (the guess must not invent one).
    let symbolic: Shape | undefined;
    for (const candidate of symbolicInputs(trace.probe?.layers ?? [])) {
      diagnostics.length = 0;
      run(candidate);
      const tried: Inferred = { input: candidate, trace, output, solved: solveInput(candidate, trace.constraints, hints) };
      // A rank that fits only with a particular batch (an unbatched attention whose length must equal a Linear's
      // features) is a coincidence of sizes, not the model's input: the next rank is tried.
      const clean = !tried.solved.conflict && !trace.diagnostics.some((d) => d.severity === 'error') &&
        (tried.solved.chosenBy !== 'solved' || (tried.solved.values?.N ?? 1) === 1);
      if (!symbolic || clean) [symbolic, inferred] = [candidate, tried];
      if (clean) break;
    }
    if (symbolic && inferred) {
      if (inferred.trace !== trace) [trace, output] = [inferred.trace, inferred.output];
      [input, source] = [symbolic, 'symbolic'];
      if (inferred.solved.values) {
        const concrete = concreteInput(symbolic, inferred.solved.values);
        run(concrete);
        // A concrete run that errs where the symbolic one did not would be our choice's fault: keep the symbolic one.
        if (newErrors(inferred.trace, trace)) [trace, output] = [inferred.trace, inferred.output];
        else [input, source] = [concrete, inferred.solved.chosenBy === 'setting' ? 'setting' : 'inferred'];
      }
    }
    // The setting where the model's own sizes chose nothing (its first layer does not say the layout).
    if (source !== 'inferred' && source !== 'setting' && hints?.setting && !inferred?.solved.conflict) {
      diagnostics.length = 0;
      inferred = undefined;
      [input, source] = [[...hints.setting], 'setting'];
      run(input);
    }
  } else run(input);
  const modules = uniqueModules(instance);
  const inModel = new Set(modules);
  let totalParams = 0n;
  let trainableParams = 0n;
  for (const m of modules) {
    const p = countParams(m, inModel);
    totalParams += p.total;
    trainableParams += p.trainable;
  }
  const declarations = modules.filter((m) => m.isLeaf && m !== instance).map((m) => trace.declaration(m)).filter((d) => d !== undefined);
  const totalCost = sumCosts(trace.records);
  // Argument errors of layers found while building (e.g. groups not dividing), at their declarations.
  const declDiagnostics: AnalysisDiagnostic[] = [];
  for (const m of modules) {
    if (m.kind === 'layer' && m.callStatus !== 'ok' && m.declOutcome?.status === 'error' && m.declNode) {
      for (const d of m.declOutcome.diagnostics) {
        declDiagnostics.push({ range: lines.rangeOf(m.declNode), severity: d.severity, code: d.code, message: `${m.path ? `${m.path}: ` : ''}${d.message}` });
      }
    }
  }
  // Layers without a rule and container entries that are not known, wherever the model was built (also by
  // module-level code for a model variable); layers whose parameters cannot be evaluated (an argument not known).
  let unknownParams = false;
  for (const m of modules) {
    if (m.kind === 'unsupported' && m.declNode) {
      declDiagnostics.push(m.opaque !== undefined
        ? { range: lines.rangeOf(m.declNode), severity: 'info', code: 'not-followed',
          message: `${m.path ? `${m.path}: ` : ''}this entry is not known statically (${m.opaque}): it is kept in its place, and the shapes after it are unknown` }
        : { range: lines.rangeOf(m.declNode), severity: 'info', code: 'unknown-layer',
          message: `ShapeLens has no rule for nn.${m.type}: it is skipped and the shapes after it are unknown` });
    }
    if (m.kind === 'layer' && !countParams(m).known && m.declOutcome?.status !== 'error') {
      unknownParams = true;
      const why = m.declOutcome?.unknownReason;
      if (m.declNode) {
        declDiagnostics.push({ range: lines.rangeOf(m.declNode), severity: 'info', code: 'unknown-params',
          message: `${m.path ? `${m.path}: ` : ''}the parameters of this ${m.type} are not known statically${why ? ` (${why})` : ''}, so they are not counted` });
      }
    }
  }
  const extra = inferred ? inferredFields(inferred, trace.records) : undefined;
  const found = dedupe([...built, ...it.diagnostics, ...it.skipped, ...samePlaceOnce(declDiagnostics), ...trace.diagnostics, ...diagnostics, ...(extra?.diagnostics ?? [])]);
  const all = source === 'inferred' || source === 'symbolic' ? found.map((d) => tentative(d, root)) : found;
  // a layer without a rule has parameters nobody counted
  const paramsIncomplete = incomplete || unknownParams || modules.some((m) => m.kind === 'unsupported');
  // The cost is complete only when forward() gave a known output.
  if (trace.incomplete || trace.uncosted || paramsIncomplete || output === undefined || shapeTreeOf(output) === undefined) incomplete = true;
  return withMemoryAndFields({
    name: c.name, range, root, inputShape: input, inputSource: input ? source : 'none', ...extra?.fields,
    ...(namedInputsOf(input as number[] | undefined) ? { namedInputs: namedInputsOf(input as number[])! } : {}),
    outputShape: output === undefined ? undefined : shapeTreeOf(output),
    declarations, layers: trace.records,
    ...(inputValue ? { inputTensor: refOf(inputValue) } : {}), outputTensors: tensorsOf(output).map(refOf),
    containers: modules.filter((m) => !m.isLeaf && m !== instance && m.path).map((m) => containerEntry(m, trace, lines)),
    annotations: [...trace.annotations.values()],
    totalParams, trainableParams, totalCost, diagnostics: all, ...(incomplete ? { incomplete } : {}),
    ...(paramsIncomplete ? { paramsIncomplete } : {}),
  });
}

/** Errors that depend on the input's rank, which ShapeLens assumed when nothing stated it. */
const RANK_CODES = new Set(['wrong-rank', 'dim-out-of-range']);

/**
 * An error found under an input ShapeLens assumed is not a fact about the code: a block built alone with its default
 * arguments (the file builds it otherwise; the model that does is analysed with those), or a rank that was a guess.
 * It is said, as information, with what was assumed; the errors of a model the file builds are errors.
 */
function tentative(d: AnalysisDiagnostic, root: boolean): AnalysisDiagnostic {
  if (d.severity !== 'error' || (root && !RANK_CODES.has(d.code))) return d;
  const assumed = root ? 'With the input ShapeLens assumed' : 'Built alone with its default arguments and an assumed input';
  return { ...d, severity: 'info', message: `${assumed}: ${d.message}` };
}

/** The memory facts and receptive fields, as plain data beside the records (a bug there costs them, not the model). */
function withMemoryAndFields(m: ModelAnalysis): ModelAnalysis {
  try {
    const fields = receptiveFields(m);
    return { ...m, memoryFacts: memoryFacts(m), ...(fields ? { fields } : {}) };
  } catch {
    return m;
  }
}

function containerEntry(m: ModuleInstance, trace: Trace, lines: LineMap): ContainerEntry {
  let params = 0n;
  for (const sub of uniqueModules(m)) params += countParams(sub).total;
  return { path: m.path!, type: m.type, params,
    ...(m.declNode ? { declaration: lines.rangeOf(m.declNode) } : {}),
    ...(m.siteNode ? { site: lines.rangeOf(m.siteNode) } : {}),
    ...(trace.composites.has(m) ? { calls: trace.composites.get(m) } : {}) };
}

function buildInstance(it: Interpreter, c: Candidate, file: PyFile, why: (v: PyValue) => void): ModuleInstance | undefined {
  if (c.kind === 'variable') return c.instance;
  const value = file.globals.vars.get(c.name);
  let m: PyValue = null;
  if (c.kind === 'class' && value instanceof ClassValue) m = it.instantiate(value, [], new Map(), undefined);
  else if (c.kind === 'factory' && value instanceof FunctionValue) m = it.callFunction(value, [], new Map(), undefined);
  else if (c.partial && value instanceof PartialValue) return buildFromPartial(it, value, c.node, { scope: file.globals });
  else return undefined;
  if (m instanceof ModuleInstance) {
    if (c.kind === 'factory') m.createdBy = c.name;
    return m;
  }
  why(m);
  return undefined;
}

/** Why a model candidate gave no module (`ResNet(...)` from torchvision, which ShapeLens does not read), said once. */
function noModel(it: Interpreter, c: Candidate, range: Range, v: PyValue): AnalysisDiagnostic | undefined {
  if (isUnknownValue(v)) {
    if (it.isSaid(v)) return undefined;
    return { range, severity: 'info', code: 'not-followed', message: `ShapeLens cannot follow ${c.name}: ${v.why}; its layers and parameters are not known` };
  }
  return { range, severity: 'info', code: 'not-followed', message: `${c.name} gives ${describe(v)}, not a module ShapeLens can follow` };
}

/** Runs the model's forward (or, for a Sequential, its children in order) on the input. */
function runForward(it: Interpreter, m: ModuleInstance, x: TensorValue, c: Candidate, others: Map<string, PyValue>): PyValue {
  if (m.kind === 'user' && m.cls) {
    const forward = it.classAttribute(m.cls, 'forward');
    if (forward instanceof FunctionValue) {
      // the model's own forward: its statements get the shape annotations
      const bound = new FunctionValue(forward.name, forward.node, forward.closure, m, forward.owner);
      const accepted = parameterNames(forward.node);
      const kwargs = new Map([...others].filter(([name]) => accepted.has(name) || accepted.has('**')));
      return it.callFunction(bound, [x], kwargs, undefined, true);
    }
  }
  return callModule(it, m, [x], new Map(), m.declNode ?? c.node);
}


/** The names a function's parameters take ('**' when it takes any keyword). */
function parameterNames(fn: Syntax): Set<string> {
  const names = new Set<string>();
  for (const p of namedChildren(field(fn, 'parameters') ?? fn)) {
    if (p.type === 'identifier') names.add(textOf(p));
    else if (p.type === 'dictionary_splat_pattern') names.add('**');
    else {
      const name = field(p, 'name') ?? namedChildren(p)[0];
      if (name?.type === 'identifier') names.add(textOf(name));
    }
  }
  return names;
}

function dedupe(ds: AnalysisDiagnostic[]): AnalysisDiagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
