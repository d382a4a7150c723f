// Compiling a check file into bound steps, running it forward, and reverse-mode autograd over it.
// Backward walks the steps in reverse, hands each step dL/d(its output) and adds what comes back into the
// gradients of the tensors it read — the chain rule, one step at a time.
import {
  CheckFormatError, MAX_TENSOR_ELEMENTS, type ArgValue, type CheckFile, type Objective,
} from './checkFormat';
import { Args, ForwardCtx, type Change, type Changes, type OpDef, type OpResult } from './op';
import { findLayer } from '../registry';
import { GRAD_OPS, gradOp, isKinky } from './ops';
import { Tensor, fmtShape, fromNested, sameShape } from './tensor';

/** A tensor argument: a reference to an input/step output, or a literal written in place. */
export type TensorArg = { ref: string } | { literal: Tensor } | null;

export interface BoundStep {
  readonly index: number;
  /** "step 2 (y = F.conv2d)": how messages name the step. */
  readonly label: string;
  readonly out: string;
  readonly op: OpDef;
  readonly tensors: Record<string, TensorArg>;
  readonly values: Record<string, ArgValue | undefined>;
  /** The requires_grad inputs this step's output depends on. */
  readonly leaves: Set<string>;
}

export interface Compiled {
  readonly inputs: Map<string, Tensor>;
  readonly order: string[];
  readonly requiresGrad: string[];
  readonly steps: BoundStep[];
  readonly objective: Objective;
  readonly upstream: Tensor | null;
  readonly kinky: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkLiteral(v: unknown, where: string): ArgValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CheckFormatError(`${where}: ${v} is not a finite number`, where);
    return v;
  }
  if (Array.isArray(v)) return v.map((e, i) => checkLiteral(e, `${where}[${i}]`));
  throw new CheckFormatError(`${where}: unsupported value ${JSON.stringify(v)}`, where);
}

export function compile(check: CheckFile): Compiled {
  const c = check as unknown;
  if (!isObject(c)) throw new CheckFormatError('check file: expected a JSON object with inputs, program and objective');
  if (!isObject(c.inputs)) throw new CheckFormatError('inputs: expected an object of named tensors', 'inputs');
  const inputs = new Map<string, Tensor>();
  const requiresGrad: string[] = [];
  for (const [name, spec] of Object.entries(c.inputs)) {
    const where = `inputs.${name}`;
    if (!isObject(spec)) throw new CheckFormatError(`${where}: expected { "values": …, "shape"?: […], "requires_grad"?: bool }`, where);
    if (!('values' in spec)) throw new CheckFormatError(`${where}.values: missing`, where);
    for (const k of Object.keys(spec)) if (!['values', 'shape', 'requires_grad', 'comment'].includes(k)) throw new CheckFormatError(`${where}: unknown field '${k}'`, where);
    const t = fromNested(spec.values, `${where}.values`, spec.shape);
    if (spec.requires_grad !== undefined && typeof spec.requires_grad !== 'boolean') throw new CheckFormatError(`${where}.requires_grad: expected true or false`, where);
    if (spec.requires_grad) { t.requiresGrad = true; requiresGrad.push(name); }
    inputs.set(name, t);
  }
  if (!Array.isArray(c.program)) throw new CheckFormatError('program: expected a list of steps { out, fn, args, kwargs }', 'program');
  const defined = new Map<string, Set<string>>(); // name → requires_grad leaves it depends on
  for (const name of inputs.keys()) defined.set(name, new Set(requiresGrad.includes(name) ? [name] : []));
  const steps: BoundStep[] = [];
  c.program.forEach((raw, i) => {
    const head = `step ${i + 1}`;
    if (!isObject(raw)) throw new CheckFormatError(`${head}: expected { "out": …, "fn": …, "args": […], "kwargs": {…} }`, head);
    for (const k of Object.keys(raw)) if (!['out', 'fn', 'args', 'kwargs', 'comment'].includes(k)) throw new CheckFormatError(`${head}: unknown field '${k}'`, head);
    if (typeof raw.out !== 'string' || raw.out === '') throw new CheckFormatError(`${head}, out: expected the name of the result`, head);
    if (typeof raw.fn !== 'string') throw new CheckFormatError(`${head} (${raw.out}), fn: expected a function name such as "F.conv2d"`, head);
    const op = gradOp(raw.fn);
    const fn = op?.fn ?? raw.fn;
    const label = `${head} (${raw.out} = ${fn})`;
    if (!op) throw new CheckFormatError(`${label}, fn: ${unsupported(raw.fn)} (supported: ${[...GRAD_OPS.keys()].join(', ')})`, head);
    if (defined.has(raw.out)) throw new CheckFormatError(`${label}, out: '${raw.out}' is already defined (names are single-assignment)`, head);
    const args = raw.args ?? [];
    const kwargs = raw.kwargs ?? {};
    if (!Array.isArray(args)) throw new CheckFormatError(`${label}, args: expected a list`, head);
    if (!isObject(kwargs)) throw new CheckFormatError(`${label}, kwargs: expected an object`, head);
    const positional = op.params.filter((p) => !p.keywordOnly);
    if (args.length > positional.length) throw new CheckFormatError(`${label}, args: ${fn} takes at most ${positional.length} positional arguments (${positional.map((p) => p.name).join(', ')}), got ${args.length}`, head);
    const given = new Map<string, { v: unknown; field: string }>();
    args.forEach((v, k) => given.set(positional[k].name, { v, field: `args[${k}] (${positional[k].name})` }));
    for (const [k, v] of Object.entries(kwargs)) {
      if (!op.params.some((p) => p.name === k)) throw new CheckFormatError(`${label}, kwargs.${k}: ${fn} has no argument '${k}' (it takes ${op.params.map((p) => p.name).join(', ')})`, head);
      if (given.has(k)) throw new CheckFormatError(`${label}, kwargs.${k}: given both positionally and by keyword`, head);
      given.set(k, { v, field: `kwargs.${k}` });
    }
    const tensors: Record<string, TensorArg> = {};
    const values: Record<string, ArgValue | undefined> = {};
    const leaves = new Set<string>();
    for (const p of op.params) {
      const g = given.get(p.name);
      if (p.kind === 'value') {
        if (g) values[p.name] = checkLiteral(g.v, `${label}, ${g.field}`);
        else if (p.default === undefined) throw new CheckFormatError(`${label}, ${p.name}: missing required argument`, head);
        else values[p.name] = p.default;
        continue;
      }
      if (!g || g.v === null) {
        if (p.kind === 'tensor') throw new CheckFormatError(`${label}, ${p.name}: missing required tensor argument`, head);
        tensors[p.name] = null;
        continue;
      }
      if (typeof g.v === 'string') {
        const deps = defined.get(g.v);
        if (!deps) throw new CheckFormatError(`${label}, ${g.field}: unknown tensor '${g.v}' (not an input and not an earlier step's out)`, head);
        if (p.nondiff && deps.size > 0) throw new CheckFormatError(`${label}, ${g.field}: '${g.v}' requires grad, but ${p.nondiff}`, head);
        deps.forEach((d) => leaves.add(d));
        tensors[p.name] = { ref: g.v };
      } else if (typeof g.v === 'number' || Array.isArray(g.v)) {
        tensors[p.name] = { literal: fromNested(g.v, `${label}, ${g.field}`) };
      } else {
        throw new CheckFormatError(`${label}, ${g.field}: expected a tensor name or a number, got ${JSON.stringify(g.v)}`, head);
      }
    }
    defined.set(raw.out, leaves);
    steps.push({ index: i, label, out: raw.out, op, tensors, values, leaves });
  });
  const objective = parseObjective(c, defined);
  let upstream: Tensor | null = null;
  if (objective.type === 'upstream') {
    if (!isObject(c.upstream)) throw new CheckFormatError('upstream: an upstream objective needs "upstream": { "of": name, "values": … }', 'upstream');
    if (c.upstream.of !== objective.name) throw new CheckFormatError(`upstream.of: expected '${objective.name}' (the objective's name), got ${JSON.stringify(c.upstream.of)}`, 'upstream');
    upstream = fromNested(c.upstream.values, 'upstream.values');
  }
  if (c.sgd !== undefined) {
    if (!isObject(c.sgd) || typeof c.sgd.lr !== 'number' || !Number.isFinite(c.sgd.lr)) throw new CheckFormatError('sgd.lr: expected a finite number', 'sgd');
  }
  if (c.check !== undefined) {
    if (!isObject(c.check)) throw new CheckFormatError('check: expected { step?, max_elements?, seed? }', 'check');
    const { step, max_elements, seed } = c.check;
    if (step !== undefined && !(typeof step === 'number' && step > 0 && Number.isFinite(step))) throw new CheckFormatError('check.step: expected a positive number (e.g. 1e-6)', 'check');
    if (max_elements !== undefined && !(Number.isInteger(max_elements) && (max_elements as number) >= 1)) throw new CheckFormatError('check.max_elements: expected a positive integer', 'check');
    if (seed !== undefined && !Number.isInteger(seed)) throw new CheckFormatError('check.seed: expected an integer', 'check');
  }
  return {
    inputs, order: [...inputs.keys()], requiresGrad, steps, objective, upstream,
    kinky: steps.some((s) => isKinky(s.op, s.values)),
  };
}

/** Why a function name cannot be a step: not an op at all, or an op without a numeric rule. */
function unsupported(fn: string): string {
  const def = findLayer(fn);
  if (!def) return `unknown function '${fn}'`;
  return `${def.type} is an op ShapeLens knows, but the gradient checker has no numeric forward/backward for it`;
}

function parseObjective(c: Record<string, unknown>, defined: Map<string, Set<string>>): Objective {
  const o = c.objective;
  if (!isObject(o)) throw new CheckFormatError('objective: expected { "type": "scalar" | "upstream", "name": … }', 'objective');
  if (o.type !== 'scalar' && o.type !== 'upstream') throw new CheckFormatError(`objective.type: expected "scalar" or "upstream", got ${JSON.stringify(o.type)}`, 'objective');
  if (typeof o.name !== 'string' || !defined.has(o.name)) throw new CheckFormatError(`objective.name: unknown tensor ${JSON.stringify(o.name)}`, 'objective');
  return { type: o.type, name: o.name };
}

export interface ForwardRun {
  readonly env: Map<string, Tensor>;
  readonly results: (OpResult | null)[];
  readonly loss: number;
  /** Per step, a hash of its data-dependent branches (ReLU signs, pool argmaxes); `hash` combines them. */
  readonly stepHashes: Int32Array;
  readonly hash: number;
  readonly ctx: ForwardCtx;
}

/** Where a tensor differs from its base-run value `b`, and the base values there. */
function diff(a: Float64Array, b: Float64Array): Change {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  const idx = new Int32Array(n), old = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) { idx[k] = i; old[k++] = b[i]; }
  return { idx, old };
}

const NO_BACKWARD = (): never => { throw new Error('a finite-difference run has no backward'); };

/**
 * Runs the program. With `reuse` (a finite difference moved element `index` of input `leaf`), a step whose
 * arguments did not change takes its output from the base run, an op with a delta rule updates the base output,
 * and everything else is recomputed; the changed elements of each output are tracked for the steps after it.
 */
export function forward(c: Compiled, reportKinks: boolean, reuse?: { base: ForwardRun; leaf: string; index: number; original: number }): ForwardRun {
  const env = new Map<string, Tensor>(c.inputs);
  const results: (OpResult | null)[] = [];
  const ctx = new ForwardCtx(reportKinks);
  const stepHashes = new Int32Array(c.steps.length);
  const changed = new Map<string, Change>();
  if (reuse) changed.set(reuse.leaf, { idx: Int32Array.of(reuse.index), old: Float64Array.of(reuse.original) });
  for (const step of c.steps) {
    const changes: Changes = {};
    let anyChange = false;
    if (reuse) {
      for (const [name, arg] of Object.entries(step.tensors)) {
        const ch = arg && 'ref' in arg ? changed.get(arg.ref) : undefined;
        if (ch?.idx.length) { changes[name] = ch; anyChange = true; }
      }
      if (!anyChange) {
        results.push(reuse.base.results[step.index]);
        env.set(step.out, reuse.base.env.get(step.out)!);
        stepHashes[step.index] = reuse.base.stepHashes[step.index];
        continue;
      }
    }
    ctx.stepLabel = step.label;
    ctx.stepOut = step.out;
    ctx.hash = 0;
    const tensors: Record<string, Tensor | null> = {};
    let rg = false;
    for (const [name, arg] of Object.entries(step.tensors)) {
      const t = arg === null ? null : 'ref' in arg ? env.get(arg.ref)! : arg.literal;
      tensors[name] = t;
      if (t?.requiresGrad) rg = true;
    }
    const args = new Args(step.label, tensors, step.values);
    let out: Tensor;
    let result: OpResult;
    const delta = reuse && step.op.forwardDelta ? step.op.forwardDelta(args, reuse.base.env.get(step.out)!, changes, reuse.base.results[step.index]!) : null;
    if (delta) {
      out = delta.out;
      // Same branches as the base run, unless the delta rule saw a moved element switch sides of a kink.
      stepHashes[step.index] = reuse!.base.stepHashes[step.index] ^ (delta.branches ?? 0);
      result = { out, backward: NO_BACKWARD };
    } else {
      result = step.op.forward(args, ctx);
      out = result.out;
      stepHashes[step.index] = ctx.hash;
      if (out.size > MAX_TENSOR_ELEMENTS) {
        throw new CheckFormatError(`${step.label}: the result has ${out.size} elements, over the limit of ${MAX_TENSOR_ELEMENTS}`, step.label);
      }
    }
    out.requiresGrad = rg;
    results.push(result);
    env.set(step.out, out);
    if (reuse) changed.set(step.out, delta?.changed ?? diff(out.data, reuse.base.env.get(step.out)!.data));
  }
  let hash = 0;
  for (const h of stepHashes) hash = (Math.imul(hash, 1000003) + h) | 0;
  const y = env.get(c.objective.name)!;
  let loss = 0;
  if (c.objective.type === 'scalar') {
    if (y.size !== 1) throw new CheckFormatError(`objective.name: '${c.objective.name}' has shape ${fmtShape(y.shape)}; a scalar objective needs one element (or use "type": "upstream")`, 'objective');
    loss = y.data[0];
  } else {
    const u = c.upstream!;
    if (!sameShape(u.shape, y.shape)) throw new CheckFormatError(`upstream.values: shape ${fmtShape(u.shape)} does not match '${c.objective.name}' ${fmtShape(y.shape)}`, 'upstream');
    for (let i = 0; i < y.size; i++) loss += y.data[i] * u.data[i];
  }
  return { env, results, loss, stepHashes, hash, ctx };
}

/** dL/d(name) for every tensor on a path from the requires_grad inputs to the objective. */
export function backward(c: Compiled, run: ForwardRun): Map<string, Tensor> {
  const grads = new Map<string, Tensor>();
  const owned = new Set<Tensor>();
  const y = run.env.get(c.objective.name)!;
  grads.set(c.objective.name, c.objective.type === 'scalar' ? new Tensor(y.shape.slice(), new Float64Array(y.size).fill(1)) : c.upstream!);
  for (let i = c.steps.length - 1; i >= 0; i--) {
    const step = c.steps[i];
    const g = grads.get(step.out);
    if (!g || !run.env.get(step.out)!.requiresGrad) continue;
    const local = run.results[i]!.backward(g);
    for (const [param, arg] of Object.entries(step.tensors)) {
      if (!arg || !('ref' in arg)) continue;
      const target = run.env.get(arg.ref)!;
      const d = local[param];
      if (!target.requiresGrad || !d) continue;
      const acc = grads.get(arg.ref);
      if (!acc) { grads.set(arg.ref, sameShape(d.shape, target.shape) ? d : d.view(target.shape.slice())); continue; }
      // A tensor read twice (torch.mul(x, x)) sums both contributions; copy first so no other gradient is aliased.
      const sum = owned.has(acc) ? acc : acc.clone();
      for (let k = 0; k < sum.size; k++) sum.data[k] += d.data[k];
      owned.add(sum);
      grads.set(arg.ref, sum);
    }
  }
  return grads;
}

