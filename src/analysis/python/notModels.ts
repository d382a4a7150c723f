// What looks like a model but is not one, so it is neither analysed nor counted among the file's models:
// - an abstract base class, whose forward only raises (`raise NotImplementedError`) or is an @abstractmethod:
//   its subclasses are the models; alone it has nothing to follow;
// - a function that names a model class but returns something else (a config object, a class to be instantiated
//   later, a tuple of sizes): a factory is a model only when what it returns is a module, or not known;
// - a block whose constructor needs arguments (or forwards *args/**kwargs): a model only where it is built with them;
// - a name bound only inside a syntax error, where the parser's recovery glued statements together (an exercise
//   notebook's unfinished cell makes `input_size` look like the model built on the next line).
import { field, namedChildren, textOf, type Syntax, type Unit } from '../syntax';
import type { Interpreter } from './interpreter';
import { isRequiredParameter, parameter } from './semantics';
import { ClassValue, FunctionValue, ModuleInstance, type PyValue, type Scope } from './values';

/** Statements that define nothing at run time: a docstring, `pass`, `...`. */
const isInert = (s: Syntax): boolean => s.type === 'pass_statement'
  || (s.type === 'expression_statement' && namedChildren(s).every((c) => c.type === 'string' || c.type === 'ellipsis'));

/** Walks a function's own statements (not those of functions or classes defined inside it). */
function someStatement(node: Syntax, test: (n: Syntax) => boolean): boolean {
  for (const c of node.children) {
    if (c.type === 'function_definition' || c.type === 'class_definition' || c.type === 'lambda') continue;
    if (test(c) || someStatement(c, test)) return true;
  }
  return false;
}

/** A function whose body always ends in a raise: no return anywhere, and its last statement raises. */
function alwaysRaises(def: Syntax): boolean {
  const body = field(def, 'body');
  if (!body) return false;
  const statements = namedChildren(body).filter((s) => !isInert(s));
  const last = statements[statements.length - 1];
  return last?.type === 'raise_statement' && !someStatement(body, (n) => n.type === 'return_statement');
}

/** The decorators written above a method in its class body. */
function decoratorsOf(owner: ClassValue | undefined, def: Syntax): string[] {
  const body = owner && field(owner.node, 'body');
  const stmt = body && namedChildren(body).find((s) => s.type === 'decorated_definition' && field(s, 'definition')?.start === def.start);
  return stmt ? namedChildren(stmt).filter((c) => c.type === 'decorator').map((d) => textOf(d).replace(/^@\s*/, '').trim()) : [];
}

/**
 * Why a module class is an abstract base and not a model (its forward raises or is abstract), or undefined when
 * it may be one.
 */
export function abstractForward(it: Interpreter, cls: ClassValue): string | undefined {
  const forward = it.classAttribute(cls, 'forward');
  if (!(forward instanceof FunctionValue)) return undefined;
  const where = forward.owner && forward.owner !== cls ? ` (inherited from ${forward.owner.name})` : '';
  if (alwaysRaises(forward.node)) return `${cls.name}.forward${where} only raises: ${cls.name} is an abstract base class, and its subclasses are the models`;
  if (decoratorsOf(forward.owner, forward.node).some((d) => /(^|\.)abstractmethod$/.test(d))) {
    return `${cls.name}.forward${where} is an @abstractmethod: ${cls.name} is an abstract base class, and its subclasses are the models`;
  }
  return undefined;
}

/** The names the file's classes derive from (`class SEBottleneck(Bottleneck)` gives Bottleneck). */
export function baseNames(defs: Iterable<Syntax>): Set<string> {
  const out = new Set<string>();
  for (const def of defs) {
    const bases = def.type === 'class_definition' ? field(def, 'superclasses') : undefined;
    for (const b of bases ? namedChildren(bases) : []) if (b.type === 'identifier') out.add(textOf(b));
  }
  return out;
}

/**
 * Why a class that other classes of the file derive from is only their base: it has no __init__ of its own (nor
 * from a user base), so none of the layers its forward calls (`self.conv1(x)`) exist until a subclass builds them.
 */
export function layersLeftToSubclasses(it: Interpreter, cls: ClassValue, derivedFrom: ReadonlySet<string>): string | undefined {
  if (!derivedFrom.has(cls.name) || it.classAttribute(cls, '__init__') instanceof FunctionValue) return undefined;
  const forward = it.classAttribute(cls, 'forward');
  if (!(forward instanceof FunctionValue)) return undefined;
  const called = new Set<string>();
  someStatement(forward.node, (n) => {
    const f = n.type === 'call' ? field(n, 'function') : undefined;
    const obj = f?.type === 'attribute' ? field(f, 'object') : undefined;
    const attr = f && field(f, 'attribute');
    if (obj && attr && textOf(obj) === 'self') called.add(textOf(attr));
    return false;
  });
  const missing = [...called].filter((n) => it.classAttribute(cls, n) === undefined);
  if (missing.length === 0) return undefined;
  return `${cls.name} builds none of the layers its forward calls (${missing.slice(0, 3).map((n) => `self.${n}`).join(', ')}): ` +
    `it is a base class, and the classes deriving from it are the models`;
}

const CONTAINERS = new Set(['sequential', 'modulelist', 'moduledict']);

/** A container with no entries (`model = Ensemble()` whose models a loop over checkpoints would append). */
export const emptyContainer = (v: PyValue): boolean => v instanceof ModuleInstance && CONTAINERS.has(v.kind) && v.children.size === 0;

/**
 * Why a container class that builds no entries of its own (`class Ensemble(nn.ModuleList)` with no __init__) is
 * not a model alone: it is empty until the code that builds it adds entries.
 */
export function filledByCaller(it: Interpreter, cls: ClassValue, kind: string): string | undefined {
  if (!CONTAINERS.has(kind) || it.classAttribute(cls, '__init__') instanceof FunctionValue) return undefined;
  return `${cls.name} has no entries of its own: it is empty until the code that builds it adds them, so the models are where it is filled`;
}

/** The expressions a function returns (a bare `return` gives none). */
function returnedExpressions(def: Syntax): { values: Syntax[]; bare: boolean } {
  const values: Syntax[] = [];
  let bare = false;
  const body = field(def, 'body');
  if (body) someStatement(body, (n) => {
    if (n.type !== 'return_statement') return false;
    const v = namedChildren(n)[0];
    if (v) values.push(v);
    else bare = true;
    return false;
  });
  return { values, bare };
}

/** Expressions that are plainly not a module: literals, tuples, lists, dicts, arithmetic, comparisons. */
const NOT_MODULE_TYPES = new Set(['tuple', 'expression_list', 'list', 'dictionary', 'set', 'string', 'concatenated_string', 'integer', 'float',
  'true', 'false', 'none', 'comparison_operator', 'boolean_operator', 'not_operator', 'list_comprehension',
  'dictionary_comprehension', 'set_comprehension', 'binary_operator', 'unary_operator']);

/** The right-hand sides of the function's own assignments to a name. */
function assignmentsTo(def: Syntax, name: string): Syntax[] {
  const out: Syntax[] = [];
  const body = field(def, 'body');
  if (body) someStatement(body, (n) => {
    if (n.type === 'assignment' || n.type === 'augmented_assignment') {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (left?.type === 'identifier' && textOf(left) === name && right) out.push(right);
    }
    return false;
  });
  return out;
}

/**
 * Whether a returned expression is surely not a module: a literal, a class itself (or a partial of one: the
 * caller instantiates it), an instance of a class that is not a module, or a local name every assignment of which
 * is one of these.
 */
function surelyNotModule(it: Interpreter, globals: Scope, def: Syntax, e: Syntax, depth = 0): boolean {
  if (NOT_MODULE_TYPES.has(e.type)) return true;
  if (e.type === 'parenthesized_expression') return namedChildren(e).every((c) => surelyNotModule(it, globals, def, c, depth));
  if (e.type === 'identifier') {
    const name = textOf(e);
    const local = assignmentsTo(def, name);
    if (local.length > 0) return depth < 3 && local.every((r) => surelyNotModule(it, globals, def, r, depth + 1));
    // a class named bare (not called) is returned as a class, for the caller to build
    return globals.vars.get(name) instanceof ClassValue;
  }
  if (e.type === 'call') {
    const callee = field(e, 'function');
    const target: PyValue | undefined = callee?.type === 'identifier' ? globals.vars.get(textOf(callee)) : undefined;
    if (target instanceof ClassValue) return it.classKind(target) === 'object';
    // functools.partial(SomeClass, …) gives a class-like value, not a module
    const args = field(e, 'arguments');
    const first = args ? namedChildren(args)[0] : undefined;
    return !!callee && /^(functools\.)?partial$/.test(textOf(callee)) && first?.type === 'identifier'
      && globals.vars.get(textOf(first)) instanceof ClassValue;
  }
  return false;
}

/**
 * A function the file's text makes look like a factory (it names a model class) that surely returns no module:
 * each of its returns is a literal, a class, a non-module object — or it returns nothing.
 */
export function returnsNoModule(it: Interpreter, globals: Scope, fn: FunctionValue): boolean {
  const { values } = returnedExpressions(fn.node);
  return values.every((e) => surelyNotModule(it, globals, fn.node, e));
}

/**
 * An assignment whose value starts on a later line with no `\\` continuation: not Python, but the parser's recovery
 * reads the unfinished `input_size = ` of an exercise as `input_size = d_output_size = … = D = Discriminator(…)`.
 */
function brokenAcrossLines(n: Syntax): boolean {
  const left = field(n, 'left');
  const right = field(n, 'right');
  if (!left || !right) return false;
  const between = n.unit.text.slice(left.end, right.start).replace(/#[^\n]*/g, '');
  return /(^|[^\\])\r?\n/.test(between);
}

/**
 * Whether every binding of `name` in a statement is an artefact of a syntax error: inside an ERROR node of the
 * parser's recovery, or an assignment broken across lines (see brokenAcrossLines).
 */
export function boundOnlyInError(stmt: Syntax, name: string): boolean {
  const errors = stmt.unit.errors;
  const inError = (n: Syntax): boolean => errors.some((e) => n.start >= e.start && n.end <= e.end);
  let bound = false;
  let clean = false;
  const visit = (n: Syntax, underError: boolean): void => {
    const broken = underError || n.type === 'ERROR';
    if (n.type === 'assignment') {
      const left = field(n, 'left');
      if (left?.type === 'identifier' && textOf(left) === name) {
        bound = true;
        if (!broken && !inError(left) && !brokenAcrossLines(n)) clean = true;
      }
    }
    for (const c of n.children) visit(c, broken);
  };
  visit(stmt, stmt.type === 'ERROR');
  return bound && !clean;
}

/**
 * The file's factory functions: those that name a module class (the file's own or an imported one) or build an
 * nn.Sequential, and — transitively — those that call such a function (`def resnet18(**kw): return _create(…)`
 * where `_create` names the class).
 */
export function findFactories(defUnits: Map<string, Unit>, globals: Scope, it: Interpreter): Set<string> {
  const isModelClass = (v: PyValue | undefined) => v instanceof ClassValue && it.classKind(v) !== 'object';
  // a function that names a model class but returns a config, a class or sizes makes no model
  const functions = [...defUnits].filter(([n, u]) => {
    const fn = globals.vars.get(n);
    return fn instanceof FunctionValue && /\breturn\b/.test(u.text) && !returnsNoModule(it, globals, fn);
  });
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

/** The parameters a class's __init__ needs (no default; not self, *args or **kwargs), through its user base classes. */
export function requiredInitParams(it: Interpreter, cls: ClassValue): string[] {
  const init = it.classAttribute(cls, '__init__');
  if (!(init instanceof FunctionValue)) return [];
  const params = field(init.node, 'parameters');
  const required = params ? namedChildren(params).filter(isRequiredParameter) : [];
  return required.slice(1).map((p) => (p.type === 'identifier' ? textOf(p) : textOf(namedChildren(p)[0] ?? p)));
}

/** A class whose __init__ takes *args or **kwargs (through its user base classes). */
export function forwardsArguments(it: Interpreter, cls: ClassValue): boolean {
  const init = it.classAttribute(cls, '__init__');
  const params = init instanceof FunctionValue ? field(init.node, 'parameters') : undefined;
  return !!params && namedChildren(params).map(parameter).some((p) => p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern');
}
