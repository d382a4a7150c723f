// The contract of one differentiable function: its forward and — returned by the forward as a closure over what it
// saved — its analytic backward. Micrograd style: the calculus on one screen. The signature is not here: a rule is
// keyed by its registry entry (ops/index.ts), whose signature binds the step's arguments.
import { CheckFormatError, type ArgValue } from './checkFormat';
import { Tensor, fmtShape } from './tensor';

export type ParamKind = 'tensor' | 'tensor?' | 'value';

export interface ParamSpec {
  readonly name: string;
  readonly kind: ParamKind;
  /** Default of a 'value' parameter (undefined = required). */
  readonly default?: ArgValue;
  /** A tensor PyTorch cannot differentiate with respect to (class indices, class weights). */
  readonly nondiff?: string;
  /** Keyword-only in PyTorch (after `*`): positional arguments skip it. */
  readonly keywordOnly?: boolean;
}

/** What a forward returns: the output, and dL/d(each tensor parameter) given dL/d(output). */
export interface OpResult {
  readonly out: Tensor;
  readonly backward: (gOut: Tensor) => Record<string, Tensor | null | undefined>;
  /** Max-pool: the flat input index of each output's maximum (its delta rule compares against it). */
  readonly argmax?: Int32Array;
  /** Optional working for one output element ("y₁₁ = 1·1 + (−1)·2 + … = 5"), given the names of the tensor args. */
  readonly explain?: (flat: number, names: Record<string, string>) => string;
}

/** Per-run state: kink bookkeeping. `branch` folds every data-dependent decision (ReLU sign, pool argmax) into a hash. */
export class ForwardCtx {
  hash = 0;
  readonly kinks: string[] = [];
  /** Other remarks worth a warning (an implicit softmax dim, …). */
  readonly notes: string[] = [];
  /** The current step's output name, for messages. */
  stepOut = 'y';
  constructor(readonly reportKinks: boolean, public stepLabel = '') {}
  branch(code: number): void { this.hash = (Math.imul(this.hash, 31) + code) | 0; }
  note(message: string): void {
    if (this.reportKinks && !this.notes.includes(`${this.stepLabel}: ${message}`)) this.notes.push(`${this.stepLabel}: ${message}`);
  }
  kink(message: string): void {
    if (this.reportKinks && this.kinks.length < 50) this.kinks.push(`${this.stepLabel}: ${message}`);
  }
}

/** The elements of a tensor that differ from the base run: flat indices and the base run's values there. */
export interface Change { readonly idx: Int32Array; readonly old: Float64Array }
/** Per tensor argument (absent = unchanged). */
export type Changes = Record<string, Change | undefined>;

/** The numerics of one registry op. Its arguments are read by the names of the registry's signature. */
export interface NumericRule {
  /**
   * Not differentiable everywhere (ReLU, max-pool): the CS231n 'acceptable' band applies. A function decides from the
   * step's values (ELU has a kink only when alpha ≠ 1).
   */
  readonly kinky?: boolean | ((values: Readonly<Record<string, ArgValue | undefined>>) => boolean);
  /** Tensor arguments PyTorch does not differentiate with respect to, and why (class weights, running statistics). */
  readonly nondiff?: Readonly<Record<string, string>>;
  /** The tensor argument that holds class indices (an integer tensor) when it has one axis fewer than the input. */
  readonly classTarget?: string;
  forward(a: Args, ctx: ForwardCtx): OpResult;
  /**
   * Optional fast path for finite differences: the output when only a few argument elements moved, computed from
   * the base run's output (y + Δ) instead of from scratch; null when a full forward is cheaper or needed.
   * `branches` is nonzero when a moved element took another branch than in the base run (a kink was crossed);
   * `changed`, when the rule knows it, lists the output elements that moved (else they are found by comparison).
   */
  forwardDelta?(a: Args, baseOut: Tensor, changes: Changes, base: OpResult): { out: Tensor; branches?: number; changed?: Change } | null;
}

/** A rule bound to its registry entry: the canonical name, and the parameters read from the registry's signature. */
export interface OpDef extends NumericRule {
  readonly fn: string;
  readonly params: readonly ParamSpec[];
}

/** Bound arguments of one step, with typed readers whose errors name the step and the field. */
export class Args {
  constructor(
    readonly where: string,
    private readonly tensors: Record<string, Tensor | null>,
    private readonly values: Record<string, ArgValue | undefined>,
  ) {}

  fail(field: string, message: string): never {
    throw new CheckFormatError(`${this.where}, ${field}: ${message}`, this.where);
  }
  tensor(name: string): Tensor {
    const t = this.tensors[name];
    if (!t) this.fail(name, 'a tensor is required');
    return t;
  }
  optTensor(name: string): Tensor | null { return this.tensors[name] ?? null; }
  has(name: string): boolean { const v = this.values[name]; return v !== undefined && v !== null; }
  raw(name: string): ArgValue | undefined { return this.values[name]; }

  num(name: string): number {
    const v = this.values[name];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    return this.fail(name, `expected a number, got ${JSON.stringify(v)}`);
  }
  int(name: string, min = -Infinity): number {
    const v = this.num(name);
    if (!Number.isInteger(v)) this.fail(name, `expected an integer, got ${v}`);
    if (v < min) this.fail(name, `must be ≥ ${min}, got ${v}`);
    return v;
  }
  bool(name: string): boolean {
    const v = this.values[name];
    if (typeof v === 'boolean') return v;
    if (v === 0 || v === 1) return v === 1;
    return this.fail(name, `expected true or false, got ${JSON.stringify(v)}`);
  }
  str<T extends string>(name: string, choices: readonly T[]): T {
    const v = this.values[name];
    if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
    return this.fail(name, `expected one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(v)}`);
  }
  /** An int or a tuple of `n` ints (kernel_size, stride, padding, dilation), as PyTorch's _pair/_single. */
  ints(name: string, n: number, min = 0): number[] {
    const v = this.values[name];
    const list = typeof v === 'number' ? new Array<number>(n).fill(v) : Array.isArray(v) && v.length === 1 && n > 1 ? new Array<number>(n).fill(v[0] as number) : v;
    if (!Array.isArray(list) || list.length !== n || !list.every((x) => typeof x === 'number' && Number.isInteger(x))) {
      return this.fail(name, `expected an int or a tuple of ${n} ints, got ${JSON.stringify(v)}`);
    }
    for (const x of list as number[]) if (x < min) this.fail(name, `must be ≥ ${min}, got ${JSON.stringify(v)}`);
    return list as number[];
  }
  /** None, an int or a list of ints (the `dim` of sum/mean). */
  dims(name: string): number[] | null {
    const v = this.values[name];
    if (v === undefined || v === null) return null;
    if (typeof v === 'number' && Number.isInteger(v)) return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x))) return v as number[];
    return this.fail(name, `expected an int, a list of ints or null, got ${JSON.stringify(v)}`);
  }
  /** Shape mismatch helper. */
  shapeFail(field: string, got: number[], expected: string): never {
    return this.fail(field, `shape ${fmtShape(got)} does not fit: ${expected}`);
  }
}

/** Reductions shared by every loss. */
export type Reduction = 'none' | 'mean' | 'sum';
export const REDUCTIONS: readonly Reduction[] = ['none', 'mean', 'sum'];

/** Applies a reduction to per-element losses; returns the output and dL/d(per-element loss) for a given gOut. */
export function reduceLoss(losses: Tensor, reduction: Reduction, divisor = losses.size) {
  if (reduction === 'none') return { out: losses, grad: (g: Tensor) => g };
  let s = 0;
  for (let i = 0; i < losses.size; i++) s += losses.data[i];
  const scale = reduction === 'mean' ? 1 / divisor : 1;
  return {
    out: Tensor.scalar(s * scale),
    grad: (g: Tensor) => new Tensor(losses.shape.slice(), new Float64Array(losses.size).fill(g.data[0] * scale)),
  };
}
