// The gradient checker's file format and its report: the contract shared by the engine, the
// `shapelens check` CLI and the "Gradient Checker" webview (which opens and saves the same JSON).
//
// A check is a tiny PyTorch functional program in JSON:
//   { "inputs":    { "A": { "values": [[3, 2], [2, 1]], "requires_grad": true }, "x": { "values": [2, 4] }, ... },
//     "program":   [ { "out": "y", "fn": "torch.matmul", "args": ["A", "x"] }, ... ],
//     "objective": { "type": "scalar", "name": "L" },            // or { "type": "upstream", "name": "y" }
//     "upstream":  { "of": "y", "values": [...] },               // only with an upstream objective: L = Σ y·upstream
//     "sgd":       { "lr": 1 } }                                 // optional: one step param − lr·grad
//
// Argument rule: a string in `args`, or in a tensor-valued keyword (weight, bias, target, other, …), names an
// input or an earlier step's output; a number there is a 0-d tensor (torch.mul(sse, 0.5)). Every other keyword
// (stride, padding: 'same', reduction: 'sum', dim, …) is a literal, as in Python.

/** Nested lists of numbers, numpy style; a bare number is a 0-d tensor. */
export type NestedNumbers = number | NestedNumbers[];
/** As NestedNumbers, with `null` for elements that were not computed (numeric gradients beyond the sample). */
export type NestedValues = number | null | NestedValues[];

/** A literal argument: numbers, strings ('same', 'mean'), booleans, null (None), tuples as lists. */
export type ArgValue = number | string | boolean | null | ArgValue[];

export interface CheckInput {
  /** Nested lists (row-major), or a number for a 0-d tensor. */
  values: NestedNumbers;
  /** Optional; when given it must equal the shape of `values`. */
  shape?: number[];
  /** Differentiate the objective with respect to this input (and update it in the SGD step). */
  requires_grad?: boolean;
}

export interface ProgramStep {
  /** Name of the result; later steps and the objective refer to it. */
  out: string;
  /**
   * A function, spelled as in PyTorch: any spelling of an op the gradient checker supports (SUPPORTED_FUNCTIONS;
   * torch.nn.functional.conv2d, Tensor.exp and torch.x for F.x are accepted and spelled canonically by parseCheck).
   */
  fn: string;
  /** Positional arguments: tensor names or literals. */
  args?: ArgValue[];
  /** PyTorch's keyword arguments. */
  kwargs?: Record<string, ArgValue>;
}

export type Objective =
  | { type: 'scalar'; name: string }
  /** L = sum(name · upstream.values): the upstream gradient dL/dname is given, as in a backprop exercise. */
  | { type: 'upstream'; name: string };

export interface CheckOptions {
  /** Central-difference step h (default 1e-6). */
  step?: number;
  /** How many input elements get a finite-difference check before sampling starts (default 200 per check). */
  max_elements?: number;
  /** Seed of the element sample (default 0). */
  seed?: number;
}

export interface CheckFile {
  /** Free text, shown by the webview and the CLI. */
  title?: string;
  description?: string;
  inputs: Record<string, CheckInput>;
  program: ProgramStep[];
  objective: Objective;
  /** Required with an upstream objective; `of` must equal objective.name and `values` match its shape. */
  upstream?: { of: string; values: NestedNumbers };
  sgd?: { lr: number };
  /** Finite-difference settings; command-line and API options override them. */
  check?: CheckOptions;
}

// ---------------------------------------------------------------- the report (`shapelens check --json`)

/** A tensor in the report: its shape and nested values (a bare number for a 0-d tensor). */
export interface TensorJson {
  shape: number[];
  values: NestedNumbers;
}

/** A numeric-gradient tensor: `null` where an element was not sampled. */
export interface PartialTensorJson {
  shape: number[];
  values: NestedValues;
}

/**
 * CS231n's bands for the relative error |a − n| / max(|a|, |n|, 1e-12):
 *   good        ≤ 1e-7 (or |a − n| below the floating-point noise floor of the difference quotient)
 *   acceptable  ≤ 1e-4 — fine only when the objective has kinks (ReLU, max-pool, leaky ReLU)
 *   suspicious  between (including ≤ 1e-4 when the objective is smooth)
 *   wrong       > 1e-2
 */
export type Verdict = 'good' | 'acceptable' | 'suspicious' | 'wrong';

/** Per requires_grad input: what was checked and how it went (drives the webview's heatmap). */
export interface InputCheck {
  shape: number[];
  /** Elements in the input, and how many got a finite-difference check. */
  total: number;
  checked: number;
  sampled: boolean;
  /** Flat row-major indices of the checked elements, ascending. */
  indices: number[];
  /** Per element relative error, nested like the input; null where not checked. */
  rel_errors: NestedValues;
  /** Per element band, flat row-major; null where not checked. */
  bands: (Verdict | null)[];
  /** Flat indices whose ±h perturbation changed a kink decision (ReLU sign, max-pool argmax): FD is not trusted there. */
  kink_crossings: number[];
  /** Over the judged elements: checked, not crossing a kink, and not below the round-off floor. */
  max_rel_error: number;
  /** Over every checked element that did not cross a kink, including those below the round-off floor. */
  max_rel_error_raw: number;
  /** Checked elements judged good because |a − n| is below the round-off floor (their relative error may be large). */
  below_noise_floor: number;
  verdict: Verdict;
}

export interface CheckReport {
  /** Every input and every step output, in program order (inputs first). */
  forward: Record<string, TensorJson>;
  /** The objective L (for an upstream objective, sum(y · upstream)). */
  loss: number;
  objective: Objective;
  /** Analytic dL/d(input) for every requires_grad input. */
  grads: Record<string, TensorJson>;
  /** Central differences (L(x + h) − L(x − h)) / 2h, null where not sampled. */
  numeric_grads: Record<string, PartialTensorJson>;
  /** Largest relative error over all trusted checked elements (0 when nothing requires grad). */
  max_rel_error: number;
  verdict: Verdict;
  passed: boolean;
  /** Kinks under the inputs (ReLU input exactly 0, max-pool ties, …), sampling notes. */
  warnings: string[];
  checks: Record<string, InputCheck>;
  /** |a − n| below this counts as good: 1e-14 · max(1, |L|, max |input|) / h, float64's round-off in the quotient. */
  noise_floor: number;
  /** The finite-difference step h used, the element cap and the sample seed. */
  step: number;
  max_elements: number;
  seed: number;
  /** True when some op in the program is not differentiable everywhere (the 'acceptable' band applies). */
  has_kinks: boolean;
  sgd?: { lr: number; updated: Record<string, TensorJson> };
}

/** Options of runCheck; they override the file's `check` block. */
export interface RunOptions {
  step?: number;
  maxElements?: number;
  seed?: number;
}

/** Malformed check file or program: the message names the step (or input) and the field. */
export class CheckFormatError extends Error {
  constructor(message: string, readonly where: string = '') {
    super(message);
    this.name = 'CheckFormatError';
  }
}

/** Largest tensor (elements) accepted in a check: keeps the webview responsive and the JSON readable. */
export const MAX_TENSOR_ELEMENTS = 4_000_000;

// ---------------------------------------------------------------- the API (implemented in ./index.ts)
//   parseCheck(json: unknown): CheckFile                       — validates, throws CheckFormatError
//   runCheck(check: CheckFile, options?: RunOptions): CheckReport
//   explainForwardElement(check, outName, index: number[]): string   — "y₁₁ = 1·1 + (−1)·2 + 0·4 + 2·3 = 5"
//   explainGradElement(check, inputName, index: number[]): string     — the chain-rule sum with numbers
//   SUPPORTED_FUNCTIONS: string[]
//   PRESETS (./presets.ts): { id, title, description, check }[]
