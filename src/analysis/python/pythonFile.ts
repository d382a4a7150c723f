// A Python file's models: nn.Module classes, factory functions returning a model, and module-level model
// variables; which of them are roots; their input shapes; and each one's forward() followed to a ModelAnalysis.
// Per-model results are cached by the identity of the statements they depend on, so after an edit only the
// touched class (and the models using it) are analysed again.
import { FREE, type Shape } from '../../engine';
import type { AnalysisDiagnostic, AnalysisOptions, ClassNeeds, ModelAnalysis, ModelStub, OutlineEntry } from '../model';
import { shiftModel } from '../shift';
import { field, namedChildren, textOf, type LineMap, type Syntax, type Unit } from '../syntax';
import { BudgetExceeded, BuildFailed, type Frame, type ModuleResolver, type PyFile } from './evaluator';
import { namedInputsOf, parseInputComment, withNamedInputs } from './inputShape';
import { calledInputs } from './otherInputs';
import type { InputHints } from './inputSolve';
import { bindImport } from './imports';
import { withShipped } from './bundled';
import { analyzeModel, internal, raisedAt } from './modelRun';
import { projectEvidence } from './inputEvidence';
import { buildsModel, buildsOrCallsModel, importedMaker } from './modelMakers';
import { saveContainers } from './moduleState';
import { OutcomeTable } from './callKeys';
import { unitsReadBy } from './modelKeys';
import { BuildStore, buildMemo, lazyMemo } from './buildCache';
import { runDecorators } from './decorators';
import { Interpreter, Interrupted, wasInterrupted } from './interpreter';
import { isRequiredParameter } from './semantics';
import { notePartials, partialCandidates, type PartialBinding } from './partialFactories';
import { abstractForward, baseNames, boundOnlyInError, emptyContainer, filledByCaller, findFactories, forwardsArguments, layersLeftToSubclasses, requiredInitParams } from './notModels';
import { ClassValue, FunctionValue, ModuleInstance, Scope } from './values';

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
  /** Engine evaluations by call and input shapes (one table for the process, see sharedOutcomes). */
  outcomes: OutcomeTable;
  /** User blocks built, by their code and arguments (buildCache.ts). */
  builds: BuildStore;
}

/**
 * Engine evaluations are pure functions of the call and its input shapes: one table serves every document and every
 * analysis of the process (the CLI's and census' files, the editor's documents), so a layer seen before is not
 * evaluated again.
 */
const sharedOutcomes = new OutcomeTable();

export const newPythonCache = (): PythonCache => ({ models: new Map(), unitIds: new WeakMap(), nextId: 1, deps: new WeakMap(),
  kinds: new Map(), outcomes: sharedOutcomes, builds: new BuildStore() });

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
  /** The model's result kept from an earlier version, when nothing it depends on changed (never analyses). */
  cached(stub: ModelStub): ModelAnalysis | undefined;
}

export function preparePythonUnits(units: readonly Unit[], lines: LineMap, options: AnalysisOptions,
  cache: PythonCache = newPythonCache()): PreparedPython {
  const diagnostics: AnalysisDiagnostic[] = [];
  const globals = new Scope();
  globals.vars.set('__name__', '__main__');
  // identical layer calls on identical shapes (the same block in many models, a layer called in a loop) are
  // evaluated once (newPythonCache); the table is dropped when it grows large
  if (cache.outcomes.size > 20_000) cache.outcomes.clear();
  // The project's resolver gives the module values of python/values.ts (typed opaquely in model.ts for the front ends).
  // a file on its own still reads the modules ShapeLens ships (torchvision.models)
  const imports = options.project && options.path ? options.project.resolverFor(options.path) as ModuleResolver : withShipped(undefined);
  const idOf = (u: Unit) => {
    let id = cache.unitIds.get(u);
    if (id === undefined) cache.unitIds.set(u, (id = cache.nextId++));
    return id;
  };
  const defUnits = new Map<string, Unit>();
  const envUnits: Unit[] = [];
  const optionsKey = `${options.strict}|${options.defaultInputShape?.join('x')}|${options.inputShape?.join('x')}|${options.project?.generation ?? ''}`;
  const builds = lazyMemo(() => buildMemo(cache.builds, globals, defUnits, readBy, idOf, optionsKey));
  const file: PyFile = { lines, globals, options, engine: { strict: options.strict, assume: true }, outcomes: cache.outcomes, imports, builds };

  // 1. Definitions and imports first (so classes can refer to each other in any order), then the module code.
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
  const readBy = unitsReadBy(envUnits, depClosure); // what each definition's code may read (modelKeys.ts)

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
  let restoreModule = (): void => undefined; // what module code left in its lists and dicts (moduleState.ts)
  it.withObserver((m, t, args, kwargs) => {
    if (!t.shape || seenInputs.has(m)) return;
    const named = calledInputs(it, m, t.shape, args, kwargs);
    seenInputs.set(m, named ? withNamedInputs(named) : t.shape);
  }, () => {
    for (const unit of envUnits) {
      it.restart();
      try {
        runModuleStatement(it, unit, unit.root, moduleFrame, variables, owners, undefined, partials);
      } catch (e) {
        // a statement that raises (`net = Detect()` with arguments it rejects) stops the script there in Python too
        if (e instanceof BuildFailed) diagnostics.push({ range: lines.rangeOf(unit.root), severity: 'info', code: 'not-followed',
          message: `This statement raises ${e.type} (${e.why}, ${raisedAt(e, lines)}) with the values ShapeLens read: Python stops there, so ShapeLens does not follow it` });
        else if (!(e instanceof BudgetExceeded)) diagnostics.push(internal(lines, unit.root, e));
      }
    }
    runDecorators(it, [...defUnits.values()], moduleFrame);
    // (after the decorators: the registries they fill are the module's state every run starts from)
    restoreModule = saveContainers(globals.vars.values());
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
      restoreModule();
      it.allowSteps(SCAN_STEPS);
      for (const stmt of namedChildren(field(fn.node, 'body') ?? fn.node)) {
        if (stmt.type === 'comment') continue;
        // The statement that builds the model (`net = build_ssd(…)`) is what the scan is for: it gets a whole run's
        // budget, as module code does; the cheap budget is for what follows (a training loop).
        const builds = buildsModel(stmt, modelMakers);
        if (builds) it.restart();
        try {
          if (runModuleStatement(it, unit, stmt, frame, variables, owners, name) === 'return') break;
        } catch {
          break; // a training loop or a helper that cannot be followed ends the scan of this function
        }
        if (builds) it.allowSteps(SCAN_STEPS);
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
  const derivedFrom = baseNames([...defUnits.values()].map((u) => definitionOf(u)!));
  for (const [name, unit] of defUnits) {
    const value = globals.vars.get(name);
    const def = definitionOf(unit)!;
    if (value instanceof ClassValue) {
      // A class's kind (module or not) depends on its own text, the imports and the classes it names — and on what
      // the imports give: a base class from another file of the project (PyTorch-VAE's `class VanillaVAE(BaseVAE)`)
      // is unknown until the editor has read that file (the project's generation then changes).
      const kindKey = `${idOf(unit)}|${envIds}|${depClosure([unit]).map(idOf).join(',')}|${options.project?.generation ?? ''}`;
      let kind = cache.kinds.get(kindKey);
      if (kind === undefined) kind = it.classKind(value);
      kinds.set(kindKey, kind);
      // A class whose constructor needs arguments is analysed where it is built (by its parent, a factory or the
      // file's code), not alone with unknown arguments; asked for by name (--model), it is analysed all the same.
      // So is one whose constructor forwards *args / **kwargs (class ConvBN(nn.Sequential): def __init__(self, *args,
      // **kwargs)) when the file builds it somewhere: alone, its layers would get no arguments at all.
      // An abstract base (forward only raises) is not a model; asked for by name, a note says why.
      const abstract = kind !== 'object' && !isLoss(name) ? abstractForward(it, value) ?? layersLeftToSubclasses(it, value, derivedFrom)
        ?? filledByCaller(it, value, kind) : undefined;
      if (abstract) {
        if (options.model === name) diagnostics.push({ range: lines.rangeOf(def), severity: 'info', code: 'not-a-model', message: abstract });
        continue;
      }
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
  // a container still empty once the file's code ran (its entries come from checkpoints) is no model yet
  candidates.push(...variables.filter((c) => !c.instance || !emptyContainer(c.instance)));
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
  // A block that needs arguments is a model of the file too, analysed where it is built: the helpers it builds
  // (a DropPath, an L2Norm) are its parts, shown there with their real input, not models of their own.
  for (const n of needsArguments) for (const d of directDeps(defUnits.get(n.name)!)) if (modelNames.has(d)) used.add(d);
  const instantiated = new Set(candidates.filter((c) => c.kind === 'variable').map((c) => c.instance?.cls?.name).filter((n) => n !== undefined));
  const isRoot = (c: Candidate) => c.kind === 'variable' || (!used.has(c.name) && !(c.kind === 'class' && instantiated.has(c.name)));

  // 5. Input comments: file-level, and per model (directly above it or on its first line).
  const fileComment = readComments(units, lines, diagnostics, candidates);

  const envKey = envIds;
  const byStub = new Map<ModelStub, Candidate>();
  const stubs = candidates.map((c): ModelStub => {
    const stub: ModelStub = { name: c.name, kind: c.kind, range: lines.rangeOf(c.node), root: isRoot(c),
      dependsOn: depClosure([c.unit]).map((u) => definitionName(u)).filter((n): n is string => n !== undefined) };
    byStub.set(stub, c);
    return stub;
  });
  /** What a model's analysis depends on: its input, and the cache key of its result. */
  const planFor = (stub: ModelStub) => {
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
    const deps = readBy(c.unit);
    // Positions inside the key are relative to the model's own statement: if only lines above it changed, the
    // cached result is moved (shiftModel) instead of recomputed.
    const anchor = lines.position(c.unit.start).line;
    const key = [c.kind, c.name, deps.map((u) => `${idOf(u)}@${lines.position(u.start).line - anchor}`).join(','),
      c.kind === 'variable' || c.partial ? envKey : '', input?.join('x') ?? '', namedInputsOf(input as number[] | undefined)?.map((n) => `${n.name}=${n.shape.join('x')}`).join(',') ?? '', source, root, optionsKey, hints?.evidence.map((e) => e.detail).join(';') ?? ''].join('|');
    return { c, root, input, source, hints, key, anchor, slot: `${c.kind}:${c.name}` };
  };
  const cachedFor = (plan: ReturnType<typeof planFor>): ModelAnalysis | undefined => {
    const { key, anchor, slot } = plan;
    const cached = cache.models.get(slot);
    if (!cached || cached.key !== key) return undefined;
    const model = shiftModel(cached.model, anchor - cached.anchor);
    if (model !== cached.model) cache.models.set(slot, { key, model, anchor });
    return model;
  };
  const modelFor = (stub: ModelStub): ModelAnalysis => {
    const plan = planFor(stub);
    const kept = cachedFor(plan);
    if (kept) return kept;
    const { c, root, input, source, hints, key, anchor, slot } = plan;
    let model: ModelAnalysis;
    try {
      restoreModule();
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
    analyze: modelFor, cached: (stub) => cachedFor(planFor(stub)) };
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


/**
 * A loss (`criterion = nn.CrossEntropyLoss()`, `class FocalLoss(nn.Module)`) is an nn.Module but not a model: it
 * takes predictions and targets, has no input of its own, and would only add noise to the list of models.
 */
const isLoss = (type: string): boolean => /Loss$/.test(type);

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
      if (v instanceof ModuleInstance && before.get(name) !== v && !owners.has(v) && !isLoss(v.type) && !boundOnlyInError(stmt, name)) {
        const taken = variables.some((c) => c.name === name);
        const label = inFunction && taken ? `${inFunction}.${name}` : name;
        owners.set(v, label);
        // A user class says what its own building skipped; a container built by module code, what the statement did.
        variables.push({ name: label, kind: 'variable', unit, node: stmt, instance: v, buildDiagnostics: v.buildSkips ?? built });
      }
    }
  }
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
