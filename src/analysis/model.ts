// What the analysis hands to the front ends (editor, CLI): per file, the models it found; per model, every
// layer call in execution order with shapes, parameters, cost and working, and the diagnostics.
// Positions are 0-based (line, character) like tree-sitter and VS Code; the CLI adds 1 when it prints.
import type { Convention, Cost, EngineDiagnostic, LayerOutcome, ParamTensor, Shape, ShapeTree } from '../engine';
import type { MemoryFacts } from './memory';
import type { RecordField } from './receptive';
import type { Expr } from '../engine/symbolic';

export interface Position { readonly line: number; readonly character: number }
export interface Range {
  readonly start: Position;
  readonly end: Position;
  /**
   * Set when the range is in another file of the project (code imported by the analysed file): its path; or in the
   * code ShapeLens ships (its own copy of torchvision.models), under SHIPPED.
   */
  readonly file?: string;
}

/** Where the code ShapeLens ships says it is (python/bundled/): `<ShapeLens>/torchvision/models/resnet.py`. */
export const SHIPPED = '<ShapeLens>/';

/** A path in the code ShapeLens ships, as a user reads it (`ShapeLens's torchvision/models/resnet.py`); else undefined. */
export const shippedPath = (file: string): string | undefined => (file.startsWith(SHIPPED) ? `ShapeLens's ${file.slice(SHIPPED.length)}` : undefined);

/** Another file's place as a user reads it: `unet_parts.py:16`, or the library ShapeLens's copy describes. */
export function placeElsewhere(file: string, line: number): string {
  if (file.startsWith(SHIPPED)) return file.slice(SHIPPED.length).split('/')[0];
  return `${file.slice(file.lastIndexOf('/') + 1)}:${line}`;
}

/** Where a range is, as a user reads it: `line 12` in the analysed file, else as placeElsewhere says. */
export const placeOf = (r: Range): string => (r.file ? placeElsewhere(r.file, r.start.line + 1) : `line ${r.start.line + 1}`);

export type SourceLanguage = 'python' | 'typescript' | 'tsx';

export interface AnalysisOptions {
  /** Strict mode: non-dividing strides are errors. */
  readonly strict: boolean;
  /** shapelens.defaultInputShape, used when the file says nothing about the input. */
  readonly defaultInputShape?: readonly number[];
  /** Only analyse this model (CLI --model). */
  readonly model?: string;
  /** Overrides every root model's input (CLI --input). */
  readonly inputShape?: readonly number[];
  /** The analysed file's path and its project: imports of the project's own files are followed. */
  readonly path?: string;
  readonly project?: ProjectContext;
}

/** What the analysis needs of a project (analysis/project.ts): the imports of a file, and a version for caches. */
export interface ProjectContext {
  resolverFor(path: string): ImportResolver;
  readonly generation: number;
  /**
   * The project's Python scripts that may build the model of the file at `path` (those beside it and in the folders
   * above it up to the root): where its input may be stated (a crop size, a dataset, a tensor fed to it).
   */
  scripts?(path: string): readonly ProjectScript[];
}

/** A Python file of the project, read as text. */
export interface ProjectScript { readonly path: string; readonly text: string }

/** Resolves a file's imports to the project's modules (the Python analysis' module values; opaque here). */
export interface ImportResolver {
  module(name: string, level: number): object | undefined;
}

export interface TextEdit { readonly range: Range; readonly newText: string }

/** A quick fix as text edits, built from the engine's ProposedFix at the argument's source range. */
export interface CodeFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The data behind it, for scripts: which argument, which value. */
  readonly arg?: string;
  readonly value?: unknown;
}

export interface AnalysisDiagnostic {
  readonly range: Range;
  readonly severity: EngineDiagnostic['severity'];
  /** Stable code: linear-in-features, conv-in-channels, view-numel, stride-not-exact, unknown-layer, syntax… */
  readonly code: string;
  readonly message: string;
  readonly fix?: CodeFix;
}

/** One declaration `self.conv1 = nn.Conv2d(...)` (or a Sequential entry): where it is and what it holds. */
export interface LayerDeclaration {
  /** PyTorch attribute path: conv1, features.0, layer1.0.conv1. */
  readonly path: string;
  readonly type: string;
  /** The whole constructor call `nn.Conv2d(3, 6, 5)`. */
  readonly range: Range;
  /** Evaluation without an input (parameters, argument errors). */
  readonly outcome?: LayerOutcome;
  /** Frozen by requires_grad = False / requires_grad_(False) in __init__. */
  readonly frozen: boolean;
  /** The `self.conv1 = …` statement that made it an attribute (when a helper such as conv3x3() built it elsewhere). */
  readonly site?: Range;
}

/** One call of a module that holds others (a block, a Sequential) in forward(). */
export interface CompositeCall {
  readonly inputShapes: readonly (Shape | undefined)[];
  readonly outputShape?: ShapeTree;
  /** The records this call made: layers[firstRecord … firstRecord + recordCount − 1]. */
  readonly firstRecord: number;
  readonly recordCount: number;
}

/** A module that holds other modules (layer1, layer1.0, features), by attribute path. */
export interface ContainerEntry {
  readonly path: string;
  readonly type: string;
  /** Where it is constructed (`nn.Sequential(*layers)`, `block(self.inplanes, planes)`). */
  readonly declaration?: Range;
  /** The `self.layer1 = …` statement that made it an attribute. */
  readonly site?: Range;
  /** Parameters of everything under it (each module once). */
  readonly params?: bigint;
  /** Its calls in forward(), in order. */
  readonly calls?: readonly CompositeCall[];
}

/** A tensor a record reads or writes: its value (receptive fields follow values) and its storage (memory). */
export interface TensorRef {
  readonly id: number;
  /** Views and in-place results share their input's storage. */
  readonly storage: number;
  readonly contiguous: boolean;
  /** An nn.Parameter (or buffer): its memory is counted with the parameters, not as an activation. */
  readonly param?: boolean;
  /** A parameter with requires_grad=False: it needs no gradient, so ops save nothing for it. */
  readonly frozen?: boolean;
  /** Its shape, when known. */
  readonly shape?: Shape;
}

/** One executed leaf-module call or functional op, in execution order. */
export interface LayerRecord {
  readonly name: string;                  // conv1, layer1.0.conv1, F.relu
  readonly type: string;                  // Conv2d, relu
  readonly kind: 'module' | 'function';
  /** Where it runs: the call expression in forward() (or the declaration, for Sequential without forward). */
  readonly callRange: Range;
  /** Where the module is declared (modules only). */
  readonly declaration?: LayerDeclaration;
  readonly inputShapes: readonly (Shape | undefined)[];
  readonly outputShape?: ShapeTree;
  /** The engine's evaluation with the actual input: shape working, params, cost, diagnostics. */
  readonly outcome?: LayerOutcome;
  /** Parameters counted for this call: 0 the second time a module is called (shared weights count once). */
  readonly params: bigint;
  readonly trainableParams: bigint;
  readonly paramTensors: readonly ParamTensor[];
  readonly cost?: Cost;
  /** Functional ops: the attribute path of the module whose forward() runs them ('' for the model's own). */
  readonly scope?: string;
  /**
   * The tensors it reads (in the op's tensor order; null: a Python number where a tensor goes) and writes (a tuple's
   * tensors in order), for the memory estimate and the receptive field.
   */
  readonly tensors?: { readonly inputs: readonly (TensorRef | null)[]; readonly outputs: readonly TensorRef[] };
  /** A user module without submodules is one record: the ops its forward() ran, folded into its cost. */
  readonly inner?: readonly LayerRecord[];
  /** When the model was also followed with its free sizes: this record's output as expressions of them. */
  readonly symbolicOutput?: ShapeTree;
  /** Its MACs as a formula of the free sizes (when they are not one number): 450·N·(H − 4)·(W − 4). */
  readonly symbolicMacs?: Expr;
}

/** After a statement in forward() that changes the tensor's shape: `x = self.pool(F.relu(self.conv1(x)))  → (4, 6, 14, 14)`. */
export interface ShapeAnnotation {
  /** End of the statement: where the inlay hint goes. */
  readonly position: Position;
  /** Set when the statement is in another file of the project (a block class imported by the model's file). */
  readonly file?: string;
  readonly variable: string;
  readonly shape: ShapeTree;
  /** The records executed by this statement (its first run), for the hover. */
  readonly records: readonly LayerRecord[];
  /**
   * Every run of the statement in this model, first (the one `shape` shows) to last: a block's forward() runs once
   * per instance of the block (layer1.0, layer1.1, …); `scope` is the instance's attribute path.
   */
  readonly runs?: readonly AnnotationRun[];
  /** Runs beyond those listed in `runs`. */
  readonly moreRuns?: number;
}

export interface AnnotationRun {
  readonly scope: string;
  readonly shape: ShapeTree;
}

export interface ModelAnalysis {
  readonly name: string;
  /** The class statement or the module-level assignment. */
  readonly range: Range;
  /** Not used as a submodule by another model of the file (or a module-level model variable). */
  readonly root: boolean;
  readonly inputShape?: Shape;
  /**
   * Where the input came from. 'inferred': chosen by ShapeLens among the sizes the model allows (solved from its
   * layers; inputSourceDetail says how); 'symbolic': the sizes stay expressions (no one input could be chosen).
   */
  readonly inputSource: 'comment' | 'tensor' | 'setting' | 'cli' | 'inferred' | 'symbolic' | 'none';
  /** A model with several inputs (`# input: x=(2, 3, 32, 32), labels=(2,) long`): each, the first being inputShape. */
  readonly namedInputs?: readonly { readonly name: string; readonly shape: readonly number[]; readonly dtype?: string }[];
  /** How the input was chosen, in words: "inferred from fc1 = Linear(16 * 5 * 5, 120)". */
  readonly inputSourceDetail?: string;
  /** The input with its free sizes, when the model was followed symbolically: (N, 3, H, W). */
  readonly symbolicInput?: Shape;
  /** The output for the symbolic input: the shape as expressions of the free sizes. */
  readonly symbolicOutput?: ShapeTree;
  /** Inputs of conventional sizes the model allows (Set Input Shape offers them). */
  readonly conventionalInputs?: readonly Shape[];
  /** The model's MACs as a formula of the free sizes; absent when some layer's count is not one polynomial. */
  readonly symbolicMacs?: Expr;
  /** What the model allows of its free sizes, one line per size or group: "H = W = 32", "H, W ∈ 25…56". */
  readonly inputConstraints?: readonly string[];
  readonly outputShape?: ShapeTree;
  /** forward() was followed to its end and returns None (no `return`): there is no output shape, and nothing is lost. */
  readonly returnsNone?: boolean;
  readonly declarations: readonly LayerDeclaration[];
  /** The modules that hold other modules (layer1, layer1.0, features), by attribute path: for nested displays. */
  readonly containers?: readonly ContainerEntry[];
  readonly layers: readonly LayerRecord[];
  /** The tensor forward() was called with (memory and receptive fields start from it). */
  readonly inputTensor?: TensorRef;
  /** The tensors forward() returned. */
  readonly outputTensors?: readonly TensorRef[];
  /** What the memory estimate needs, as plain data (memory.ts; computed with the analysis, where the rules are). */
  readonly memoryFacts?: MemoryFacts;
  /** The receptive field of each record's output (receptive.ts), aligned with `layers`; absent for a model without conv or pooling. */
  readonly fields?: readonly (RecordField | undefined)[];
  readonly annotations: readonly ShapeAnnotation[];
  readonly totalParams: bigint;
  readonly trainableParams: bigint;
  readonly totalCost: Cost;
  /**
   * The totals are a lower bound: part of the model could not be followed (a loop over an unknown range, a
   * branch on an unknown condition, a layer without a rule, a run stopped as too complex). The diagnostics say where.
   */
  readonly incomplete?: boolean;
  /** The parameter total is a lower bound: building the model skipped code, or a layer has no rule. */
  readonly paramsIncomplete?: boolean;
  /** Building the model raises with the arguments it is built with (a `raise`, a failing assert): why, in words. */
  readonly buildFailure?: string;
  readonly diagnostics: readonly AnalysisDiagnostic[];
}

/** A model of the file before it is analysed (DocumentAnalyzer.prepare): what it is, where, and what it names. */
export interface ModelStub {
  readonly name: string;
  readonly kind: 'class' | 'factory' | 'variable';
  readonly range: Range;
  readonly root: boolean;
  /** The file's top-level classes and functions its code names, directly or through them (it may use these). */
  readonly dependsOn: readonly string[];
}

/** A top-level class or function of the file. */
export interface OutlineEntry {
  readonly name: string;
  readonly kind: 'class' | 'function';
  readonly range: Range;
}

/** An nn.Module class whose constructor needs arguments: analysed only where some model builds it. */
export interface ClassNeeds {
  readonly name: string;
  readonly range: Range;
  /** The constructor's parameters without a default. */
  readonly needs: readonly string[];
}

/** A file whose models are analysed one by one when asked (the editor asks first for the ones on screen). */
export interface PreparedFile {
  readonly language: SourceLanguage;
  /** File-level diagnostics (syntax errors, an unreadable input comment, imports). */
  readonly diagnostics: readonly AnalysisDiagnostic[];
  readonly stubs: readonly ModelStub[];
  readonly outline: readonly OutlineEntry[];
  readonly needsArguments: readonly ClassNeeds[];
  /** The analysis of one of `stubs` (cached: asking again costs nothing). Only valid until the next update. */
  model(stub: ModelStub): ModelAnalysis;
  /** Its analysis when kept from an earlier version (nothing it depends on changed); never analyses. */
  cached?(stub: ModelStub): ModelAnalysis | undefined;
}

export interface FileAnalysis {
  readonly language: SourceLanguage;
  readonly models: readonly ModelAnalysis[];
  /** File-level diagnostics (syntax errors, an unreadable input comment). */
  readonly diagnostics: readonly AnalysisDiagnostic[];
  /** The nn.Module classes no model builds, whose constructors need arguments (PreparedFile.needsArguments). */
  readonly needsArguments?: readonly ClassNeeds[];
}

/** Convenience for front ends: the cost of a record or a model in a convention. */
export type { Convention };

/**
 * The places a model built or ran something at — its own definition, each layer's constructor and the statement that
 * made it an attribute, each container's, each call, each diagnostic — in the analysed text (a range without `file`)
 * or in imported files. What a model "covers": the editor's model context (server/context.ts) and the CLI's unbuilt
 * classes ask it.
 */
export function modelPlaces(m: ModelAnalysis): Range[] {
  const out: Range[] = [m.range];
  for (const d of m.declarations) {
    out.push(d.range);
    if (d.site) out.push(d.site);
  }
  for (const c of m.containers ?? []) {
    if (c.declaration) out.push(c.declaration);
    if (c.site) out.push(c.site);
  }
  for (const r of m.layers) out.push(r.callRange);
  for (const d of m.diagnostics) out.push(d.range);
  return out;
}
