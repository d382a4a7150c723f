// The contract every layer rule fulfils. A family file (conv.ts, pool.ts, …) defines, per layer, its PyTorch
// signature and three rules side by side: shape, parameters, cost — the way a textbook states them.
import type { Cost } from './cost';
import type { EngineDiagnostic } from './diagnostic';
import type { ReceptiveRule } from './receptive';
import type { ElementKind, SavedTensor } from './saved';
import type { Shape, ShapeTree } from './shape';
import type { Constraint } from './symbolic';
import type { ArgSpec, Args } from './values';
import type { WorkingLine } from './working';

export interface EvalContext {
  /** Strict mode: a stride that leaves rows or columns unused is an error, not a warning. */
  readonly strict: boolean;
  /**
   * Symbolic sizes: a rule that needs one to take a value (a Linear on a symbolic last dimension) records what it
   * must satisfy and goes on, instead of giving up; the outcome carries the constraints (LayerOutcome.constraints)
   * and the analysis solves them for the input sizes. Without it such a rule's result is unknown.
   */
  readonly assume?: boolean;
  /** Where the rules of one evaluation record their constraints (set by evaluateLayer when `assume` is on). */
  readonly constraints?: Constraint[];
  /**
   * The first input's last rows along each dimension, counted from the last dimension, that are padding added before
   * this layer (`F.pad(x, (1, 1, 1, 1))` then a strided conv, as DeepLab's `fixed_padding`): a stride that leaves them
   * unread leaves no input unread.
   */
  readonly inputEndPadding?: readonly number[];
}

/** One parameter (or buffer) tensor: `weight 64×3×7×7 = 9,408`. */
export interface ParamTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly count: bigint;
}

export interface ParamSet {
  readonly tensors: readonly ParamTensor[];
  /** Buffers (BatchNorm running stats): state, not trained, reported apart. */
  readonly buffers?: readonly ParamTensor[];
  /** The textbook rule with numbers: "params = 64 · (3·7·7 + 1) = 9,472". Empty for a layer without parameters. */
  readonly working: readonly WorkingLine[];
}

export interface Forward {
  readonly output: ShapeTree;
  /** Per output dimension, how it was computed. */
  readonly working: readonly WorkingLine[];
  /** Warnings that are not errors (a stride that leaves rows unused, outside strict mode). */
  readonly warnings?: readonly EngineDiagnostic[];
}

export interface LayerDef {
  /** PyTorch's name: a class (`Conv2d`), a function (`F.relu`, `torch.cat`) or a tensor method (`.view`). */
  readonly type: string;
  readonly kind: 'module' | 'function' | 'method';
  /**
   * Every other spelling of the same op with the same signature: `torch.exp` is also `Tensor.exp`, `Tensor.exp_`,
   * `torch.exp_`. The registry indexes them all; `torch.nn.functional.x` is read as `F.x`, `torch.nn.X` as `X`.
   */
  readonly names?: readonly string[];
  /** Python operators that call it: `+` is torch.add, `**` torch.pow, `@` torch.matmul; `unary -` torch.neg. */
  readonly operators?: readonly string[];
  /**
   * Functions and methods: the names of the leading tensor parameters, PyTorch's (`input`, `other`; `input`,
   * `weight`, `bias?` for F.linear — `?` marks one that may be None). Default: `input`, `other`, … as many as
   * `inputs` says; a method's first is the tensor it is called on. A signature that marks its tensor parameters
   * itself (ArgSpec.tensor, for einsum's operands after the equation) needs none. Modules: forward()'s tensor
   * parameters, for a call by keyword (MultiheadAttention's `query=x, key=x, value=x`).
   */
  readonly tensorNames?: readonly string[];
  /**
   * PyTorch's other signatures under the same names, tried in order when this one does not fit the call (a tensor
   * where a value goes): torch.max(input, dim) and torch.max(input, other).
   */
  readonly overloads?: readonly LayerDef[];
  /** Set on an overload: the op whose names it answers to. */
  readonly overloadOf?: string;
  /** One line for the hover's title ("2-D convolution"). */
  readonly summary: string;
  /** Constructor arguments (module) or the non-tensor call arguments (function/method), PyTorch's order and defaults. */
  readonly signature: readonly ArgSpec[];
  /** How many tensor inputs forward takes (default 1); 'list' for torch.cat/stack's sequence. */
  readonly inputs?: number | 'list';
  /**
   * Python's `*shape`: the name of the signature entry that collects every remaining positional value into one
   * list (`x.view(4, -1)` → shape = [4, -1]). A single tuple argument fills it as is (`x.view((4, -1))`).
   * Entries after it in the signature are keyword-only.
   */
  readonly varargs?: string;
  /**
   * Arguments that may be symbolic sizes (an Expr: `x.view(b, -1)` with b = x.size(0)); in every other argument a
   * symbolic size reaches the rule as a value not known statically.
   */
  readonly symbolicArgs?: readonly string[];
  /** Python's `**kwargs`: keyword arguments outside the signature are accepted and ignored (nn.Identity). */
  readonly anyKeywords?: boolean;
  /**
   * Python's `**kwargs` kept: the name of the signature entry (keyword-only, default []) that receives every keyword
   * outside the signature as a list of [name, value] pairs — einops' `**axes_lengths` (h=8, w=4 → [['h', 8], ['w', 4]]).
   */
  readonly kwargs?: string;
  /** Checks of the constructor arguments alone (groups divide the channels, …): throw LayerError. */
  validate?(a: Args): void;
  /** Parameter rule. `inputs` is given when known; Lazy layers need it. */
  params(a: Args, inputs?: readonly Shape[]): ParamSet;
  /** Shape rule: the output for these inputs, or a LayerError naming the rule and the numbers. */
  forward(a: Args, inputs: readonly Shape[], ctx: EvalContext): Forward;
  /** Cost rule, given the inputs and the output forward computed. */
  cost(a: Args, inputs: readonly Shape[], output: ShapeTree): Cost;

  // ── Memory and receptive field (saved.ts, receptive.ts) ──
  /** What autograd saves for the backward pass. Absent: not known, and the saved memory is then a lower bound. */
  saves?(a: Args, inputs: readonly Shape[], output: ShapeTree): readonly SavedTensor[];
  /**
   * The output is a view of the first input's storage: 'view' keeps its layout (x.view, flatten, squeeze),
   * 'strided' is a view that is no longer contiguous (transpose, permute, expand, narrow). `contiguous` says whether
   * the input is, for ops that copy only when it is not (x.contiguous(), x.reshape). In-place ops are told by their
   * spelling (saved.ts: isInPlace).
   */
  view?(a: Args, contiguous: boolean): 'view' | 'strided' | undefined;
  /**
   * The output is the first tensor input with its shape unchanged (a cast, a copy, a fill, an initialiser): an
   * in-place spelling of the op (x.fill_(0), nn.init.kaiming_normal_(w)) gives back that very tensor, as PyTorch does.
   */
  readonly keepsInput?: true;
  /** The element type of the output when it is not the activations' (comparisons: bool; argmax: int64). */
  readonly outputElement?: ElementKind;
  /** How an output unit's receptive field follows from its input's. Absent: it stops being defined here. */
  receptive?(a: Args, inputs: readonly Shape[], output: ShapeTree): ReceptiveRule;
}
