// Weight-initialisation loops, recognised by their text and not run. Nearly every model zoo ends its constructor
// with one:
//
//     for m in self.modules():
//         if isinstance(m, nn.Conv2d):
//             nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
//         elif isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)):
//             nn.init.constant_(m.weight, 1)
//
// It changes values, never a shape, a parameter count or a module, yet run it visits every module of the model (a
// DenseNet-121 has 600): a fifth of the work of analysing such a model again after an edit. A loop is skipped only
// when everything in it is known to have no effect on what ShapeLens computes: it goes over a module's own
// modules() (or parameters()), its body only tests (isinstance, hasattr, comparisons, p.dim()) and calls in-place initialisers (`init.x_(…)`,
// `m.weight.data.normal_(…)`), and a name it binds is not read after it. PyTorch would raise in such a loop for an
// initialiser given a tensor it cannot take (kaiming_normal_ on a 1-D bias, constant_ on the None bias of a
// Conv2d(bias=False)) or an attribute a module lacks (m.bias of a ReLU); those errors are not reported (nor were they
// when such loops were run).
import { field, namedChildren, perNode, textOf, type Syntax } from '../syntax';

const MODULE_WALKS = new Set(['modules', 'named_modules', 'children', 'named_children', 'parameters', 'named_parameters']);
/** Calls a test or a value may make: they read, and change nothing. */
const READING_CALLS = new Set(['isinstance', 'hasattr', 'getattr', 'type', 'len', 'int', 'float', 'min', 'max', 'abs']);
/** Methods that read a tensor's rank or size, or test a name (`p.dim() > 1`, `name.endswith('bias')`). */
const READING_METHODS = new Set(['dim', 'ndimension', 'numel', 'size', 'endswith', 'startswith']);
/** In-place tensor methods that set values (never a shape, nor whether a parameter is trained: not requires_grad_). */
const VALUE_SETTERS = new Set(['normal_', 'uniform_', 'zero_', 'fill_', 'copy_', 'mul_', 'div_', 'add_', 'sub_', 'clamp_', 'clip_',
  'exponential_', 'random_', 'log_normal_', 'cauchy_', 'geometric_', 'bernoulli_']);
/** Expression nodes that only read. */
const READING = new Set(['identifier', 'attribute', 'subscript', 'integer', 'float', 'string', 'true', 'false', 'none',
  'binary_operator', 'unary_operator', 'boolean_operator', 'not_operator', 'comparison_operator', 'parenthesized_expression',
  'tuple', 'list', 'keyword_argument', 'argument_list', 'string_content', 'string_start', 'string_end', 'escape_sequence', 'slice']);

/** Whether `node` (a for statement) is a weight-initialisation loop that can be skipped (see above). */
export const isInitLoop = perNode(decide);

function decide(node: Syntax): boolean {
  const left = field(node, 'left');
  const right = field(node, 'right');
  const body = field(node, 'body');
  if (!left || !right || !body || field(node, 'alternative')) return false;
  // inside a function or a class (a name bound at a module's top level could be read by any later statement)
  if (!['function_definition', 'class_definition', 'decorated_definition'].includes(node.unit.root.type)) return false;
  if (!walksModules(right)) return false;
  const bound = new Set<string>();
  if (!bindsNames(left, bound)) return false;
  if (!namedChildren(body).every((s) => quietStatement(s, bound))) return false;
  return !readAfter(node, bound);
}

/** `self.modules()`, `model.named_children()`: a module's own walk over its modules. */
function walksModules(e: Syntax): boolean {
  if (e.type !== 'call') return false;
  const fn = field(e, 'function');
  const args = field(e, 'arguments');
  if (fn?.type !== 'attribute' || (args && namedChildren(args).length > 0)) return false;
  const object = field(fn, 'object');
  const name = field(fn, 'attribute');
  return object?.type === 'identifier' && name !== undefined && MODULE_WALKS.has(textOf(name));
}

/** The loop's target: a name, or names in a tuple (`for name, m in self.named_modules()`). */
export function bindsNames(target: Syntax, bound: Set<string>): boolean {
  if (target.type === 'identifier') {
    bound.add(textOf(target));
    return true;
  }
  if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'tuple') {
    return namedChildren(target).every((t) => bindsNames(t, bound));
  }
  return false;
}

function quietStatement(s: Syntax, bound: Set<string>): boolean {
  switch (s.type) {
    case 'comment': case 'pass_statement': case 'continue_statement': return true;
    case 'if_statement': case 'elif_clause': {
      const condition = field(s, 'condition');
      if (!condition || !reads(condition)) return false;
      return namedChildren(s).every((c) => c === condition || quietStatement(c, bound));
    }
    case 'else_clause': case 'block': return namedChildren(s).every((c) => quietStatement(c, bound));
    case 'expression_statement': return namedChildren(s).every((e) => initCall(e) || localAssignment(e, bound));
    default: return false;
  }
}

/** `nn.init.kaiming_normal_(m.weight, …)`, `init.constant_(…)`, `m.bias.data.zero_()`: an in-place initialiser. */
function initCall(e: Syntax): boolean {
  if (e.type !== 'call') return false;
  const fn = field(e, 'function');
  const args = field(e, 'arguments');
  if (fn?.type !== 'attribute' || !args || !reads(args)) return false;
  const name = textOf(field(fn, 'attribute')!);
  const object = field(fn, 'object')!;
  // nn.init's functions (nn.init, torch.nn.init, `from torch.nn import init`; the old names without the underscore,
  // init.kaiming_normal, too: all set values in place or compute a number), or a value setter of a tensor
  if (/^(?:(?:torch\.)?nn\.)?init$/.test(textOf(object).replace(/\s+/g, ''))) return !name.startsWith('_');
  return VALUE_SETTERS.has(name) && object.type === 'attribute' && reads(object);
}

/** `n = m.kernel_size[0] * m.out_channels`: a local name given a value computed by reading only. */
function localAssignment(e: Syntax, bound: Set<string>): boolean {
  if (e.type !== 'assignment') return false;
  const left = field(e, 'left');
  const right = field(e, 'right');
  if (left?.type !== 'identifier' || !right || field(e, 'type') || !reads(right)) return false;
  bound.add(textOf(left));
  return true;
}

/** An expression that only reads: names, attributes, numbers, operators, and the reading calls (math.* too). */
export function reads(e: Syntax): boolean {
  if (!e.named) return true;
  if (e.type === 'call') {
    const fn = field(e, 'function');
    const args = field(e, 'arguments');
    const name = fn ? textOf(fn).replace(/\s+/g, '') : '';
    const method = fn?.type === 'attribute' && READING_METHODS.has(textOf(field(fn, 'attribute')!)) && reads(field(fn, 'object')!);
    return (READING_CALLS.has(name) || /^math\.\w+$/.test(name) || method) && (!args || reads(args));
  }
  if (!READING.has(e.type)) return false;
  return e.children.every(reads);
}

/** Code that may run after what is written after it: a function or a lazy generator defined there and used later. */
const DEFERRED = new Set(['function_definition', 'lambda', 'class_definition', 'generator_expression']);

/**
 * Whether a name the loop binds is read after the loop, in the same definition. A later loop that binds the name
 * again (a second init loop over `m`) reads its own value in its body. Code written before the loop runs after it
 * in the next round of a loop around it, and in a function (or generator) the loop's function defined before it.
 */
function readAfter(loop: Syntax, bound: ReadonlySet<string>): boolean {
  const scope = functionAround(loop);
  const around = (n: Syntax): boolean => n !== loop && n.start <= loop.start && loop.end <= n.end;
  const inScope = (n: Syntax): boolean => n !== scope && scope.start <= n.start && n.end <= scope.end;
  const visit = (n: Syntax, shadowed: ReadonlySet<string>, late: boolean): boolean => {
    if (n === loop) return false;
    if (n.type === 'identifier') return (late || n.start >= loop.end) && bound.has(textOf(n)) && !shadowed.has(textOf(n));
    if (!late && n.end <= loop.start && !inScope(n)) return false;
    const lateHere = late || (inScope(n) && (DEFERRED.has(n.type) ? !around(n) : (n.type === 'for_statement' || n.type === 'while_statement') && around(n)));
    if (n.type === 'for_statement' && n.start >= loop.end) {
      const names = new Set(shadowed);
      const left = field(n, 'left');
      if (!left || !bindsNames(left, names)) return n.children.some((c) => visit(c, shadowed, lateHere));
      return n.children.some((c) => c !== left && visit(c, c.field === 'body' ? names : shadowed, lateHere));
    }
    return n.children.some((c) => visit(c, shadowed, lateHere));
  };
  return visit(loop.unit.root, new Set(), false);
}

/** The innermost function the loop is in (the unit's root when none is). */
function functionAround(loop: Syntax): Syntax {
  let scope = loop.unit.root;
  for (let n: Syntax | undefined = loop.unit.root; n;) {
    n = n.children.find((c) => c !== loop && c.start <= loop.start && loop.end <= c.end);
    if (n?.type === 'function_definition') scope = n;
  }
  return scope;
}
