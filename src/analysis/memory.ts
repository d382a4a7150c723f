// Memory a model takes, from what the analysis knows of every tensor: which storage it lives in (views and in-place
// results share their input's), its shape, and what each op saves for backward (the registry's saves rules).
//
//   training   = parameters + gradients + optimizer state (+ float32 master weights under mixed precision)
//                + the tensors autograd saves for backward, each storage counted once
//   inference  = the peak of the tensors alive along the forward order, a tensor being freed after its last use
//                (the input is held by the caller throughout)
//
// Two steps: memoryFacts (at analysis time, where the rules are) turns the records into plain facts — storages with
// element counts and kinds, what each op creates, reads and saves — and modelMemory turns facts into bytes for a
// dtype, an optimizer and a device. An op without a saves rule, or a size that is symbolic, makes the total a lower
// bound, said once where it starts.
import { UnknownValueError, type ElementKind, type LayerDef, type SavedTensor, type Shape } from '../engine';
import { placeOf, type LayerRecord, type ModelAnalysis, type TensorRef } from './model';

import type { MemoryDtype, Optimizer } from './memoryChoices';

export { MEMORY_DTYPES, OPTIMIZERS, type MemoryDtype, type Optimizer } from './memoryChoices';

export interface MemoryOptions {
  readonly dtype: MemoryDtype;
  readonly optimizer: Optimizer;
  /** PyTorch's CPU kernels keep a few tensors their CUDA kernels do not (dropout's mask as floats); GPU by default. */
  readonly device?: 'cuda' | 'cpu';
}

export const DEFAULT_MEMORY: MemoryOptions = { dtype: 'float32', optimizer: 'adam', device: 'cuda' };

/** Bytes of one element of a kind, for a dtype and device. */
export function elementBytes(kind: ElementKind, o: MemoryOptions): bigint {
  const act = o.dtype === 'float32' ? 4n : 2n;
  switch (kind) {
    case 'act': return act;
    case 'f32': return 4n;
    case 'int64': return 8n;
    case 'bool': return 1n;
    case 'mask': return o.device === 'cpu' ? act : 1n;
    case 'cpuOnly': return o.device === 'cpu' ? act : 0n;
    case 'complex': return 2n * act;
  }
}

// ── Facts ────────────────────────────────────────────────────────────────────────────────────────────────────
/** A piece of memory: an op's output (shared by its views), or a tensor an op makes for backward. */
export interface StorageFact {
  /** Undefined when a size is symbolic. */
  readonly numel?: bigint;
  readonly element: ElementKind;
}

/** One op, in execution order (a user leaf module's own ops in its place). */
export interface StepFact {
  /** Index of the record in ModelAnalysis.layers this op belongs to. */
  readonly record: number;
  readonly creates: readonly string[];
  readonly reads: readonly string[];
  /** Storages this op is the first to save for backward, with what they are. */
  readonly saves: readonly { readonly key: string; readonly what: string }[];
  /** Why what it saves is not known (no rule for the op, a symbolic size). */
  readonly unknown?: string;
}

export interface MemoryFacts {
  readonly storages: Readonly<Record<string, StorageFact>>;
  readonly input?: string;
  /** Storages forward() returns: alive to the end. */
  readonly outputs: readonly string[];
  readonly steps: readonly StepFact[];
}

/** Records in execution order, a user leaf module's own ops in its place (they run inside it); `owner` is the top record. */
export function flattenRecords(records: readonly LayerRecord[], into: { r: LayerRecord; owner: number }[] = [], top?: number): { r: LayerRecord; owner: number }[] {
  records.forEach((r, i) => {
    const at = top ?? i;
    if (r.inner?.length) flattenRecords(r.inner, into, at);
    else into.push({ r, owner: at });
  });
  return into;
}

const numelOf = (s: Shape | undefined): bigint | undefined => {
  if (!s) return undefined;
  let n = 1n;
  for (const d of s) {
    if (typeof d !== 'number') return undefined;
    n *= BigInt(d);
  }
  return n;
};

/** What an op's rule says it saves, or why that is not known. */
function rulesOf(r: LayerRecord): readonly SavedTensor[] | string {
  const outcome = r.outcome;
  // an empty nn.Sequential() (a shortcut that passes x through) returns its input: nothing to save
  const passes = r.tensors && r.tensors.outputs.length > 0 && r.tensors.outputs.every((o) => r.tensors!.inputs.some((i) => i?.id === o.id));
  if (!outcome && passes) return [];
  const def: LayerDef | undefined = outcome?.def;
  if (!outcome || !def || outcome.status !== 'ok' || !outcome.output || !outcome.args) return 'its shapes are not known';
  if (!def.saves) return `ShapeLens has no saved-tensor rule for ${def.type}`;
  const shapes = (r.tensors?.inputs ?? []).map((t) => (t === null ? [] : t.shape ?? []));
  try {
    return def.saves(outcome.args, shapes as Shape[], outcome.output);
  } catch (e) {
    if (e instanceof UnknownValueError) return e.message;
    return `${def.type}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Whether a record's own weights take part in training: a layer with parameters that are not frozen. */
function paramsTrain(r: LayerRecord): boolean {
  const d = r.declaration;
  const tensors = d?.outcome?.params?.tensors ?? r.paramTensors;
  return tensors.length > 0 && !d?.frozen;
}

const storageKey = (t: TensorRef) => `s${t.storage}`;

/** The walk over the records: which storages exist, which tensors take part in autograd, what is saved. */
class FactWalk {
  readonly storages: Record<string, { numel?: bigint; element: ElementKind }> = {};
  readonly grad = new Set<number>(); // tensor ids that require a gradient
  readonly saved = new Set<string>();
  readonly steps: StepFact[] = [];

  /** A storage first seen as an op's output or the model's input: its size is that tensor's. Parameters are not. */
  create(t: TensorRef, element: ElementKind): string | undefined {
    const key = storageKey(t);
    if (this.storages[key] || t.param) return undefined;
    this.storages[key] = { numel: numelOf(t.shape), element };
    return key;
  }

  step(r: LayerRecord, record: number, index: number): void {
    const inputs = r.tensors?.inputs ?? [];
    const outputs = r.tensors?.outputs ?? [];
    const params = paramsTrain(r);
    const needs = (i: number | 'params') => (i === 'params' ? params : !!inputs[i] && ((inputs[i]!.param && !inputs[i]!.frozen) || this.grad.has(inputs[i]!.id)));
    const any = params || inputs.some((_t, i) => needs(i));
    const element: ElementKind = r.outcome?.def.outputElement ?? 'act';
    const creates: string[] = [];
    for (const t of outputs) {
      const key = this.create(t, element);
      if (key) creates.push(key);
      if (any && element === 'act' && !/detach/.test(r.name)) this.grad.add(t.id);
    }
    const reads = inputs.filter((t): t is TensorRef => !!t && !t.param).map(storageKey);
    const rules = rulesOf(r);
    const saves: { key: string; what: string }[] = [];
    const fact = { record, creates, reads, saves };
    if (typeof rules === 'string') {
      this.steps.push({ ...fact, unknown: rules });
      return;
    }
    if (any) for (const rule of rules) this.save(rule, r, index, needs, inputs, outputs, saves);
    this.steps.push(fact);
  }

  private save(rule: SavedTensor, r: LayerRecord, index: number, needs: (i: number | 'params') => boolean,
    inputs: readonly (TensorRef | null)[], outputs: readonly TensorRef[], saves: { key: string; what: string }[]): void {
    if (rule.when && !rule.when.some(needs)) return;
    const keep = (key: string, what: string, fact?: StorageFact) => {
      if (this.saved.has(key)) return;
      this.saved.add(key);
      if (fact) this.storages[key] = fact;
      if (this.storages[key]) saves.push({ key, what });
    };
    if ('made' in rule) {
      keep(`m${index}:${rule.made}`, rule.made, { numel: rule.numel, element: rule.element });
    } else if ('input' in rule) {
      const t = inputs[rule.input];
      if (t === null) {
        if (rule.wrapped) keep(`m${index}:number ${rule.input}`, 'a Python number, as a 0-d tensor', { numel: 1n, element: 'int64' });
        return;
      }
      if (!t || t.param) return; // absent (an optional tensor), or a parameter: counted with the parameters
      const what = `input${inputs.length > 1 ? ` ${rule.input + 1}` : ''}`;
      if (rule.element && this.storages[storageKey(t)]) this.storages[storageKey(t)].element = rule.element;
      // a Linear on a non-contiguous input of 3 or more dims multiplies a reshaped copy (torch.matmul's path)
      const reshaped = !t.contiguous && /^(Linear|LazyLinear|F\.linear)$/.test(r.outcome?.def.type ?? '') && (t.shape?.length ?? 0) > 2;
      // an in-place op with a second operand (x.pow_(y), x.mul_(y), x.hypot_(y)) overwrites its first input, and
      // PyTorch keeps a copy of it taken before (original self); the in-place activations (relu_, leaky_relu_, …)
      // have formulas written in their result instead, which is the same storage
      const overwritten = rule.input === 0 && inputs.length >= 2 && !r.outcome?.def.view && outputs[0]?.storage === t.storage;
      if (rule.copy || reshaped) keep(`c${t.storage}`, `${what} (a contiguous copy)`, { numel: numelOf(t.shape), element: rule.element ?? 'act' });
      else if (overwritten) keep(`m${index}:original`, `${what} before the in-place change (a copy)`, { numel: numelOf(t.shape), element: rule.element ?? 'act' });
      else keep(storageKey(t), what);
    } else {
      const t = outputs[rule.output];
      if (!t) return;
      if (rule.element && this.storages[storageKey(t)]) this.storages[storageKey(t)].element = rule.element;
      keep(storageKey(t), outputs.length > 1 ? `output ${rule.output + 1}` : 'output');
    }
  }
}

/**
 * The memory facts of a model: needs the registry's rules, so it runs with the analysis. The input takes no part in
 * autograd (a batch of data); `inputRequiresGrad` makes it, to look at one op as it runs inside a network.
 */
export function memoryFacts(m: ModelAnalysis, inputRequiresGrad = false): MemoryFacts {
  const w = new FactWalk();
  const input = m.inputTensor ? w.create(m.inputTensor, 'act') : undefined;
  if (inputRequiresGrad && m.inputTensor) w.grad.add(m.inputTensor.id);
  flattenRecords(m.layers).forEach(({ r, owner }, i) => w.step(r, owner, i));
  return { storages: w.storages, input, outputs: (m.outputTensors ?? []).map(storageKey), steps: w.steps };
}

// ── Bytes ────────────────────────────────────────────────────────────────────────────────────────────────────
/** One thing a record keeps for backward, for the hover. */
export interface SavedItem {
  readonly what: string;
  /** Undefined when a size is symbolic. */
  readonly bytes?: bigint;
}

export interface RecordMemory {
  /** Bytes this record's outputs allocate (0 for a view or an in-place op); undefined when a size is symbolic. */
  readonly output?: bigint;
  /** Bytes it saves for backward that no earlier record saved; undefined when not known. */
  readonly saved?: bigint;
  readonly savedItems: readonly SavedItem[];
  /** Why the saved bytes are not known. */
  readonly unknown?: string;
}

export interface ModelMemory {
  readonly options: MemoryOptions;
  /** Parameter bytes in the dtype (mixed precision: the float16 working copy). */
  readonly params: bigint;
  /** Buffers (BatchNorm's running statistics). */
  readonly buffers: bigint;
  readonly gradients: bigint;
  readonly optimizer: bigint;
  /** Mixed precision's float32 master copy of the trainable weights. */
  readonly master: bigint;
  readonly input?: bigint;
  /** What autograd keeps for backward, each storage once. */
  readonly saved: bigint;
  readonly savedComplete: boolean;
  readonly inferencePeak: bigint;
  readonly inferenceComplete: boolean;
  /** parameters + buffers + gradients + optimizer + master + saved. */
  readonly training: bigint;
  readonly records: readonly RecordMemory[];
  /** The first place the estimate is not complete, in words. */
  readonly caveat?: string;
}

const OPTIMIZER_COPIES: Record<Optimizer, bigint> = { sgd: 0n, 'sgd-momentum': 1n, adam: 2n };

const bytesOf = (f: StorageFact | undefined, o: MemoryOptions): bigint | undefined =>
  (!f ? 0n : f.numel === undefined ? undefined : f.numel * elementBytes(f.element, o));

const plus = (a: bigint | undefined, b: bigint | undefined) => (a === undefined || b === undefined ? undefined : a + b);

/**
 * The inference peak: walking the ops in order, each op's new outputs are alive while it runs, together with every
 * tensor still needed later; a tensor is freed after its last use. The input stays (the caller holds it), and so do
 * the outputs forward() returns. An op's own scratch space is not counted.
 */
function inferencePeak(f: MemoryFacts, o: MemoryOptions): { peak: bigint; complete: boolean } {
  const lastUse = new Map<string, number>();
  f.steps.forEach((s, i) => s.reads.forEach((k) => lastUse.set(k, i)));
  const pinned = new Set([f.input, ...f.outputs]);
  const live = new Map<string, bigint>();
  let complete = true;
  const size = (k: string) => {
    const b = bytesOf(f.storages[k], o);
    if (b === undefined) complete = false;
    return b ?? 0n;
  };
  let now = 0n;
  const add = (k: string) => {
    if (live.has(k)) return;
    const b = size(k);
    live.set(k, b);
    now += b;
  };
  if (f.input) add(f.input);
  let peak = now;
  f.steps.forEach((s, i) => {
    s.creates.forEach(add);
    if (now > peak) peak = now;
    for (const k of [...s.reads, ...s.creates]) {
      const last = lastUse.get(k);
      if (pinned.has(k) || (last !== undefined && last > i) || !live.has(k)) continue;
      now -= live.get(k)!;
      live.delete(k);
    }
  });
  return { peak, complete };
}

/** Parameters in a dtype: trainable ones also carry gradients and optimizer state. */
function weights(m: ModelAnalysis, o: MemoryOptions) {
  const size = o.dtype === 'float32' ? 4n : 2n;
  const buffers = m.declarations.reduce((s, d) => s + (d.outcome?.params?.buffers ?? []).reduce((b, t) => b + t.count, 0n), 0n);
  // mixed precision keeps the optimizer's state and a master copy in float32
  const stateSize = o.dtype === 'mixed' ? 4n : size;
  return {
    params: m.totalParams * size,
    buffers: buffers * (o.dtype === 'mixed' ? 4n : size),
    gradients: m.trainableParams * size,
    optimizer: m.trainableParams * OPTIMIZER_COPIES[o.optimizer] * stateSize,
    master: o.dtype === 'mixed' ? m.trainableParams * 4n : 0n,
  };
}

export function modelMemory(m: ModelAnalysis, o: MemoryOptions = DEFAULT_MEMORY): ModelMemory {
  const facts = m.memoryFacts ?? memoryFacts(m);
  const records = m.layers.map((): { output?: bigint; saved?: bigint; savedItems: SavedItem[]; unknown?: string } =>
    ({ output: 0n, saved: 0n, savedItems: [] }));
  for (const s of facts.steps) {
    const r = records[s.record];
    r.output = s.creates.reduce<bigint | undefined>((a, k) => plus(a, bytesOf(facts.storages[k], o)), r.output);
    if (s.unknown) {
      r.unknown ??= s.unknown;
      r.saved = undefined;
      continue;
    }
    for (const { key, what } of s.saves) {
      const bytes = bytesOf(facts.storages[key], o);
      if (bytes === 0n) continue;
      r.savedItems.push({ what, bytes });
      r.saved = plus(r.saved, bytes);
    }
  }
  const saved = records.reduce((a, r) => a + (r.saved ?? 0n), 0n);
  const firstUnknown = records.findIndex((r) => r.saved === undefined);
  const followed = !!m.inputShape && !m.incomplete;
  const inference = inferencePeak(facts, o);
  const wts = weights(m, o);
  const at = firstUnknown >= 0 ? m.layers[firstUnknown] : undefined;
  const caveat = at
    ? `The saved tensors are a lower bound: ${at.name} (${placeOf(at.callRange)}): ${records[firstUnknown].unknown ?? 'a size is symbolic'}.`
    : !followed ? 'Part of forward() could not be followed: the activation memory is a lower bound.' : undefined;
  return {
    options: o, ...wts, input: facts.input ? bytesOf(facts.storages[facts.input], o) : undefined,
    saved, savedComplete: firstUnknown < 0 && followed,
    inferencePeak: inference.peak, inferenceComplete: inference.complete && followed,
    training: wts.params + wts.buffers + wts.gradients + wts.optimizer + wts.master + saved,
    records, caveat,
  };
}

/** The batch axis of a model's input: 0, or 1 for a sequence-first recurrent or attention model (seq, batch, …). */
export function batchAxis(m: ModelAnalysis): number {
  const first = flattenRecords(m.layers).map(({ r }) => r).find((r) => /^(LSTM|GRU|RNN|MultiheadAttention|Transformer\w*)$/.test(r.type));
  const args = first?.outcome?.args;
  return args && args.batch_first !== true && (m.inputShape?.length ?? 0) >= 2 ? 1 : 0;
}
