// One model's analysis: build it (fresh), follow its forward with the input (stated, or solved from the model),
// and collect what the front ends show — records, totals, diagnostics (errors under an assumed input as
// information), memory facts and receptive fields.
import { FREE, formatShape, type Shape } from '../../engine';
import { shippedPath, type AnalysisDiagnostic, type ContainerEntry, type ModelAnalysis, type Range } from '../model';
import { field, namedChildren, textOf, type LineMap, type Syntax } from '../syntax';
import { BudgetExceeded, BuildFailed, type PyFile } from './evaluator';
import { callModule } from './moduleCalls';
import { memoryFacts } from '../memory';
import { receptiveFields } from '../receptive';
import { refOf, tensorsOf } from './tensorRefs';
import { ProbeSettled, shapeTreeOf, sumCosts, Trace } from './trace';
import { imageInput, layoutSettled, namedInputsOf, symbolicInputs } from './inputShape';
import { ofDtype } from './tensorData';
import { configuredInputSize, withStatedSize } from './inputEvidence';
import { batchTiedAnew, concreteOthers, firstInputName, otherInputCandidates, ownSizeFreed, requiredOtherParams, solveWithOthers } from './otherInputs';
import { concreteInput, inferredFields, largerBatch, newErrors, solveInput, type Inferred, type InputHints } from './inputSolve';
import type { Interpreter } from './interpreter';
import { samePlaceOnce } from './diagnostics';
import { assignPaths, countParams, uniqueModules } from './modules';
import { buildFromPartial } from './partialFactories';
import { ClassValue, describe, FunctionValue, isUnknownValue, ModuleInstance, PartialValue, TensorValue, type PyValue } from './values';
import type { Candidate } from './pythonFile';

export function internal(lines: LineMap, node: Syntax, e: unknown): AnalysisDiagnostic {
  const message = e instanceof Error ? e.message : String(e);
  if (typeof process !== 'undefined' && process.env?.SHAPELENS_DEBUG) console.error(e); // not in a web worker
  return { range: lines.rangeOf(node), severity: 'error', code: 'internal', message: `ShapeLens internal error: ${message}` };
}

/** forward() gave nothing whose shape is known (or raised). */
const outputLost = (output: PyValue | undefined): boolean => output === undefined || shapeTreeOf(output) === undefined;

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
  let buildFailure: string | undefined;
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
    if (e instanceof BuildFailed) {
      buildFailure = buildFailed(c, e, file.lines);
      // a block built alone (its parent builds it with the arguments it needs) says it in its hover only
      if (root) diagnostics.push({ range, severity: 'info', code: 'not-followed', message: buildFailure });
    } else {
      diagnostics.push(e instanceof BudgetExceeded
        ? { range, severity: e.endless ? 'warning' : 'info', code: 'too-complex', message: `ShapeLens stopped following ${c.name}: ${e.message}` }
        : internal(lines, c.node, e));
    }
  }
  if (!instance) {
    return { name: c.name, range, root, inputSource: 'none', declarations: [], layers: [], annotations: [], totalParams: 0n,
      trainableParams: 0n, totalCost: FREE, incomplete: true, paramsIncomplete: true, ...(buildFailure ? { buildFailure } : {}),
      diagnostics: [...it.diagnostics, ...it.skipped, ...diagnostics] };
  }
  const configured = configuredInputSize(instance);
  hints = withStatedSize(hints, instance, configured);
  // A variable was built by the file's code (another interpreter run): what that said is this model's too.
  const built = c.buildDiagnostics ?? [];
  if (it.skipped.length > 0 || built.length > 0) incomplete = true;
  assignPaths(instance);
  // A forward may set attributes (`self.rel_indices = …` computed for the input's length): each run starts from the
  // model as built, as a fresh model's forward would, not from what an earlier run (without a shape, or symbolic) left.
  const built0 = uniqueModules(instance);
  for (const m of built0) m.attrs.keep();
  const asBuilt = () => {
    for (const m of built0) m.attrs.restore();
  };
  let trace = new Trace(lines);
  let output: PyValue | undefined;
  let inputValue: TensorValue | undefined;
  /** The further inputs of forward() ShapeLens gave shapes to (none stated them), and the one a probe follows. */
  let guessed = new Map<string, Shape | undefined>();
  /** Those further inputs, by name, as the inference first listed them. */
  let otherNames: readonly string[] = [];
  const run = (shape: Shape | undefined, probeOther?: string) => {
    trace = new Trace(lines);
    asBuilt();
    if (shape && shape.length > 1 && typeof shape[0] === 'number') trace.batch = shape[0];
    it.restart();
    try {
      // the inputs a comment (`labels=(2,) long`) or the file's call names: the first is x, the others go to forward()
      // by name, each with its dtype
      const named = namedInputsOf(shape as number[] | undefined) ?? [];
      const x = ofDtype(new TensorValue(shape, shape ? { what: 'the input', line: range.start.line } : undefined), named[0]?.dtype);
      inputValue = x;
      if (!shape && !probeOther) trace.probe = { tensors: new Set([x]), layers: [], settled: layoutSettled };
      const others = named.slice(1)
        .map((n): [string, PyValue] => [n.name, ofDtype(new TensorValue(n.shape, { what: `the input ${n.name}`, line: range.start.line }), n.dtype)]);
      for (const [name, s] of guessed) {
        const t = new TensorValue(s, s ? { what: `the input ${name}`, line: range.start.line } : undefined);
        if (name === probeOther) trace.probe = { tensors: new Set([t]), layers: [], settled: layoutSettled };
        others.push([name, t]);
      }
      output = it.withTrace(trace, () => runForward(it, instance!, x, c, new Map(others)));
    } catch (e) {
      output = undefined;
      if (e instanceof ProbeSettled) return; // the probe found what it looked for; the runs that count follow
      trace.incomplete = true;
      diagnostics.push(e instanceof BudgetExceeded
        ? { range, severity: e.endless ? 'warning' : 'info', code: 'too-complex', message: `ShapeLens stopped following ${c.name}.forward: ${e.message}` }
        : internal(lines, c.node, e));
    }
  };
  /**
   * forward()'s further required inputs, each with the layout the first layer it reaches says, where that adds no
   * error. An input joined to another before its first layer (`cat((emb(labels), noise), -1)`) has that layer's
   * size for the two together: its own is then left free for the solver.
   */
  const withOtherInputs = (symbolic: Shape, base: Inferred): Inferred => {
    const names = requiredOtherParams(it, instance!).filter((n) => !namedInputsOf(symbolic as number[])?.some((i) => i.name === n));
    otherNames = names;
    guessed = new Map(names.map((n) => [n, undefined]));
    let best = base;
    const attempt = (first: Shape): boolean => {
      diagnostics.length = 0;
      run(first);
      const tried: Inferred = { input: first, trace, output, solved: solveWithOthers(first, definedOnly(guessed), trace.constraints, hints) };
      const clean = !tried.solved.conflict && !newErrors(base.trace, trace) && !batchTiedAnew(base.trace, trace);
      if (clean) best = tried;
      return clean;
    };
    for (const name of names) {
      diagnostics.length = 0;
      run(best.input, name);
      for (const candidate of otherInputCandidates(name, trace.probe?.layers ?? [], best.input)) {
        guessed.set(name, candidate);
        if (attempt(best.input)) break;
        const freed = best.input === symbolic ? ownSizeFreed(symbolic) : undefined;
        // an input taken to be the first one's very shape (pix2pix's `cat((img_A, img_B), 1)` into one conv) shares
        // the freed size with it: each is half of what the layer takes
        if (freed && candidate === best.input) guessed.set(name, freed);
        if (freed && attempt(freed)) break;
        guessed.set(name, undefined);
      }
    }
    if (best === base) diagnostics.length = 0;
    return best;
  };
  let inferred: Inferred | undefined;
  let configuredDetail: string | undefined;
  if (!input) {
    // Symbolic: the first layer says what the input looks like (channels/features), spatial sizes stay H and W;
    // the run with them states what the sizes must satisfy, and the input is solved from that (inputSolve.ts).
    run(undefined);

    // A layer that takes several ranks: the first rank whose run gives no error (the guess must not invent one).
    let symbolic: Shape | undefined;
    const candidates = symbolicInputs(trace.probe?.layers ?? []);
    for (const [i, candidate] of candidates.entries()) {
      diagnostics.length = 0;
      run(candidate);
      const tried: Inferred = { input: candidate, trace, output, solved: solveInput(candidate, trace.constraints, hints) };
      // A rank that fits only with a particular batch (an unbatched attention whose length must equal a Linear's
      // features) is a coincidence of sizes, not the model's input: the next rank is tried. So is one that forward()
      // cannot follow to its end (`b, n, c = x.shape` given two sizes).
      // Nor is one Python would stop at, unpacking its shape into more or fewer names than its rank.
      const clean = !tried.solved.conflict && !trace.diagnostics.some((d) => d.severity === 'error') &&
        (tried.solved.chosenBy !== 'solved' || (tried.solved.values?.N ?? 1) === 1) && !outputLost(output) && trace.unpacked === undefined;
      // with none clean, the first one Python would not stop at with a ValueError of its shape's rank is kept
      const betterRank = inferred?.trace.unpacked !== undefined && trace.unpacked === undefined;
      if (!symbolic || clean || betterRank) [symbolic, inferred] = [candidate, tried];
      if (clean) break;
      // every rank the first layer takes is too small for what forward() does before it (`x.mean((2, 3))` ahead of
      // a Linear, an ECA gate's pooling before its Conv1d): an image with those channels is tried last
      // (so is one whose shape forward() unpacks into four names: DETR's transformer, `bs, c, h, w = src.shape`)
      const image = i === candidates.length - 1 && (trace.diagnostics.some((d) => d.code === 'dim-out-of-range') || trace.unpacked === 4)
        ? imageInput(candidates) : undefined;
      if (image) candidates.push(image);
    }
    if (symbolic && inferred) {
      inferred = withOtherInputs(symbolic, inferred);
      symbolic = inferred.input;
    }
    if (symbolic && inferred) {
      if (inferred.trace !== trace) [trace, output] = [inferred.trace, inferred.output];
      [input, source] = [symbolic, 'symbolic'];
      if (inferred.solved.values) {
        const symbolicOthers = guessed;
        const runWith = (values: Readonly<Record<string, number>>): Shape => {
          const concrete = concreteInput(symbolic!, values);
          guessed = concreteOthers(definedOnly(symbolicOthers), values);
          run(concrete);
          return concrete;
        };
        let concrete = runWith(inferred.solved.values);
        // A batch of 1 that fails where the symbolic run did not reach (forward() not followed to the end): a BatchNorm
        // head in training mode (timm's LeViT), a `.squeeze()` that drops the batch (capsule networks). A batch of 2,
        // when it runs: the solver would have chosen it had it seen the layer.
        const larger = newErrors(inferred.trace, trace) ? largerBatch(inferred, trace) : undefined;
        if (larger) {
          concrete = runWith(larger.values!);
          if (!newErrors(inferred.trace, trace)) inferred = { ...inferred, solved: larger };
        }
        // A concrete run that errs where the symbolic one did not would be our choice's fault: keep the symbolic one.
        if (newErrors(inferred.trace, trace)) [trace, output, guessed] = [inferred.trace, inferred.output, symbolicOthers];
        else [input, source] = [concrete, inferred.solved.chosenBy === 'setting' ? 'setting' : 'inferred'];
      }
    }
    // The whole input the model's configuration names ((3, 240, 240)), where the model's own sizes chose no concrete
    // input (its first layer does not say the layout: CrossViT scales the image for each branch before any layer),
    // or one forward() cannot follow to its end (NaFlexViT's first layer takes patches, its forward an image too):
    // a batch of 1 of it, when that runs without an error, and gives an output where the other did not.
    // (a conflict that appeared only after an assumption ShapeLens could not confirm is no reason not to try it)
    const conflict = inferred?.solved.conflict;
    // (the configuration, else the size and channels the constructor was given: vit-pytorch's image_size, channels)
    const whole = configured?.channels ? configured : instance.statedInputSize?.channels ? instance.statedInputSize : undefined;
    if (source !== 'setting' && (source !== 'inferred' || outputLost(output)) && whole?.channels && (!conflict || conflict.after)) {
      const before = { trace, output, inputValue, diagnostics: [...diagnostics] };
      diagnostics.length = 0;
      const full = [1, whole.channels, ...whole.sizes];
      run(full);
      const worse = source === 'inferred' && outputLost(output);
      if (trace.diagnostics.some((d) => d.severity === 'error') || worse) {
        [trace, output, inputValue] = [before.trace, before.output, before.inputValue];
        diagnostics.splice(0, diagnostics.length, ...before.diagnostics);
      } else {
        inferred = undefined;
        [input, source, configuredDetail] = [full, 'inferred', whole.detail];
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
  const guessedInputs = [...definedOnly(guessed)].map(([name, s]) => `${name} ${formatShape(s)}`);
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
    if (m.uncountedParam) {
      unknownParams = true;
      // the model's own parameter (self.freqs = nn.Parameter(…) in the root class) is said at the model
      const at = m.declNode ?? m.siteNode;
      if (at || m === instance) {
        declDiagnostics.push({ range: at ? lines.rangeOf(at) : range, severity: 'info', code: 'unknown-params',
          message: `${m.path ? `${m.path}.` : ''}${m.uncountedParam.name}: the shape of this nn.Parameter is not known statically (${m.uncountedParam.why}), so it is not counted` });
      }
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
  // forward()'s further inputs ShapeLens found no shape for, where the output is lost and nothing else says why
  const unshaped = otherNames.filter((name) => guessed.get(name) === undefined);
  if (unshaped.length > 0 && found.length === 0 && outputLost(output)) {
    const names = unshaped.map((n) => `\`${n}\``).join(', ');
    found.push({ range, severity: 'info', code: 'not-followed',
      message: `forward() also takes ${names}, and nothing in the code says ${unshaped.length > 1 ? 'their shapes' : 'its shape'}: what depends on ` +
        `${unshaped.length > 1 ? 'them' : 'it'} is unknown. Name ${unshaped.length > 1 ? 'them' : 'it'} in an input comment above the model: ` +
        `# input: ${firstInputName(it, instance) ?? 'x'}=(…), ${unshaped.map((n) => `${n}=(…)`).join(', ')}` });
  }
  // forward() ran to its end and gave None: a missing `return` (senet.pytorch's pre-activation CIFAR ResNets). Nothing
  // is lost, and the caller gets None: said where forward() is defined
  const returnsNone = output === null && !trace.incomplete && trace.records.length > 0;
  if (returnsNone) {
    const forward = instance?.cls ? it.classAttribute(instance.cls, 'forward') : undefined;
    // (a forward in another file: said at the model)
    const at = forward instanceof FunctionValue && !forward.node.unit.source ? field(forward.node, 'name') ?? forward.node : c.node;
    found.push({ range: lines.rangeOf(at), severity: 'warning', code: 'forward-returns-none',
      message: `${instance?.cls?.name ?? c.name}.forward() returns None: no \`return\` gives back what its layers computed, so whoever calls the model gets None` });
  }
  const all = source === 'inferred' || source === 'symbolic' ? found.map((d) => tentative(d, root)) : found;
  // a layer without a rule has parameters nobody counted
  const paramsIncomplete = incomplete || unknownParams || modules.some((m) => m.kind === 'unsupported');
  // The cost is complete only when forward() gave a known output (or, followed to its end, None).
  if (trace.incomplete || trace.uncosted || paramsIncomplete || (outputLost(output) && !returnsNone)) incomplete = true;
  return withMemoryAndFields({
    name: c.name, range, root, inputShape: input, inputSource: input ? source : 'none', ...extra?.fields,
    ...(configuredDetail ? { inputSourceDetail: configuredDetail } : {}),
    ...(extra && guessedInputs.length > 0 ? { inputSourceDetail: `${extra.fields.inputSourceDetail ?? ''}; with ${guessedInputs.join(', ')} given by ShapeLens` } : {}),
    ...(namedInputsOf(input as number[] | undefined) ? { namedInputs: namedInputsOf(input as number[])! } : {}),
    outputShape: output === undefined ? undefined : shapeTreeOf(output), ...(returnsNone ? { returnsNone } : {}),
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
/** Warnings about the input's size itself. */
const SIZE_CODES = new Set(['stride-not-exact']);

/**
 * An error found under an input ShapeLens assumed is not a fact about the code: a block built alone with its default
 * arguments (the file builds it otherwise; the model that does is analysed with those), or a rank that was a guess.
 * It is said, as information, with what was assumed; the errors of a model the file builds are errors.
 */
function tentative(d: AnalysisDiagnostic, root: boolean): AnalysisDiagnostic {
  // Input rows a stride leaves unread depend on the size, and ShapeLens chose the size: not a warning about the code.
  if (d.severity === 'warning' && SIZE_CODES.has(d.code)) return { ...d, severity: 'info', message: `At the input size ShapeLens chose: ${d.message}` };
  if (d.severity !== 'error' || (root && !RANK_CODES.has(d.code))) return d;
  const assumed = root ? 'With the input ShapeLens assumed' : 'Built alone with its default arguments and an assumed input';
  return { ...d, severity: 'info', message: `${assumed}: ${d.message}` };
}

/**
 * The memory facts and receptive fields, as plain data beside the records (a bug there costs them, not the model).
 * Only hovers, the summary and the CLI's document read them: each is worked out when first read, so the hints after
 * an edit do not wait for them. They stay enumerable properties (JSON, structured clone and spreads read them).
 */
function withMemoryAndFields(m: ModelAnalysis): ModelAnalysis {
  const lazy = <T>(compute: () => T | undefined): PropertyDescriptor => {
    let done = false;
    let value: T | undefined;
    return { enumerable: true, configurable: true, get: () => {
      if (!done) {
        done = true;
        try {
          value = compute();
        } catch {
          value = undefined;
        }
      }
      return value;
    } };
  };
  return Object.defineProperties({ ...m }, { memoryFacts: lazy(() => memoryFacts(m)), fields: lazy(() => receptiveFields(m)) });
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

/** Where the code raised: `line 79`, or `common.py:79` in an imported file. */
export function raisedAt(e: BuildFailed, lines: LineMap): string {
  const path = e.node.unit.source && e.node.unit.source.lines !== lines ? e.node.unit.source.path : undefined;
  // ShapeLens's own copy of a library (`ShapeLens's torchvision/models/_api.py`), else the other file's name
  const other = path ? shippedPath(path) ?? path.split('/').pop() : undefined;
  return `${other ? `${other}:` : 'line '}${lines.lineOf(e.node) + 1}`;
}

/** Why the model is not analysed: building it raises, in PyTorch too, with the arguments it is built with here. */
function buildFailed(c: Candidate, e: BuildFailed, lines: LineMap): string {
  const where = raisedAt(e, lines);
  const how = c.kind === 'class' ? `${c.name}(), built alone with its default arguments,` : c.kind === 'factory' ? `${c.name}()` : `Building ${c.name}`;
  return `${how} raises ${e.type} (${e.why}, ${where}): PyTorch stops there too, so ShapeLens does not analyse it further`;
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

/** The further inputs that were given a shape. */
function definedOnly(guessed: ReadonlyMap<string, Shape | undefined>): Map<string, Shape> {
  return new Map([...guessed].filter((e): e is [string, Shape] => e[1] !== undefined));
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
