// The TypeScript translation's shared tables and small syntax helpers: names in PyTorch's spelling, js-pytorch's
// stand-in module, and the questions both the statement and the expression translators ask of a node.
import { findLayer, JS_PYTORCH_CLASSES, type ArgSpec } from '../../engine';
import { field, namedChildren, textOf, type Syntax } from '../syntax';

/** The file imports js-pytorch (`from 'js-pytorch'`, `require("js-pytorch")`). */
export const importsJsPytorch = (text: string): boolean => /(?:\bfrom\s*|\brequire\s*\(\s*)['"]js-pytorch['"]/.test(text);

/** js-pytorch's Python stand-in: library/jsPytorch.ts resolves its names (its own classes, else PyTorch's). */
export const JS_PYTORCH_MODULE = 'js_pytorch';

export const CONTAINERS = new Set(['Sequential', 'ModuleList', 'ModuleDict', 'Module', 'Parameter']);
export const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '**', '<<', '>>', '&', '|', '^']);
export const COMPARISON: Record<string, string> = { '<': '<', '>': '>', '<=': '<=', '>=': '>=', '==': '==', '!=': '!=', '===': '==', '!==': '!=' };
export const OBJECT_METHODS: Record<string, string> = { entries: 'items', keys: 'keys', values: 'values' };
/** Math.x that are Python builtins rather than math functions. */
export const MATH_BUILTINS: Record<string, string> = { max: 'max', min: 'min', abs: 'abs', round: 'round', trunc: 'int' };
/** js-pytorch's creation functions whose first argument is the shape as an array (torch.x of the registry). */
export const SHAPE_FIRST = ['randn', 'rand', 'zeros', 'ones', 'empty'];
/** Roots of a member chain that name the library (destructuring them reads attributes, not dict keys). */
export const LIBRARY_ROOT = /^(?:torch|nn|F|functional)\b/;

export const camelToSnake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();

/** An option key as PyTorch spells the argument: the layer's own name when it matches (nHead → nhead), else snake_case. */
export function optionName(key: string, signature: readonly ArgSpec[]): string {
  const squash = (s: string) => s.replace(/_/g, '').toLowerCase();
  const hit = signature.find((s) => squash(s.name) === squash(key));
  return hit ? hit.name : camelToSnake(key);
}

/** PyTorch's module and parameter API in camelCase (`p.requiresGrad = false`, `m.addModule(…)`). */
export const API_NAMES = new Set(['requires_grad', 'requires_grad_', 'named_children', 'named_modules', 'named_parameters', 'add_module',
  'register_module', 'register_buffer', 'register_parameter', 'zero_grad']);

/** `x.logSoftmax(1)` → log_softmax when only the snake_case spelling is an op the engine knows (or PyTorch's API). */
export function opName(name: string): string {
  if (!/^[a-z](?:\w*[a-z0-9])?[A-Z]/.test(name)) return name; // tCopy as well as logSoftmax
  if (API_NAMES.has(camelToSnake(name))) return camelToSnake(name);
  const known = (n: string) => !!(findLayer(`Tensor.${n}`) || findLayer(`torch.${n}`) || findLayer(`F.${n}`));
  const snake = camelToSnake(name);
  return !known(name) && known(snake) ? snake : name;
}

export const inner = (n: Syntax): Syntax | undefined => namedChildren(n)[0];


/** Names a loop's update or body assigns (`i++`, `i += 2`, `i = j`). */
export function assignedNames(nodes: (Syntax | undefined)[]): Set<string> {
  const out = new Set<string>();
  const visit = (n: Syntax) => {
    const target = n.type === 'update_expression' ? field(n, 'argument')
      : n.type === 'assignment_expression' || n.type === 'augmented_assignment_expression' ? field(n, 'left') : undefined;
    if (target?.type === 'identifier') out.add(textOf(target));
    for (const c of n.children) visit(c);
  };
  for (const n of nodes) if (n) visit(n);
  return out;
}

/**
 * `for (let i = 0; i < n; j++)` or `for (…; i < n; i--)`: a loop whose variable is never moved toward its bound
 * (a slip, or a fuzzed file) never ends.
 */
export function neverEnds(condition: Syntax, incr: Syntax | undefined, body: Syntax | undefined): boolean {
  if (condition.type !== 'binary_expression') return false;
  const left = field(condition, 'left');
  const op = condition.children.find((c) => c.field === 'operator')?.type ?? '';
  if (left?.type !== 'identifier' || !['<', '<=', '>', '>='].includes(op)) return false;
  const name = textOf(left);
  if (assignedNames([body]).has(name)) return false;
  if (!assignedNames([incr]).has(name)) return true;
  // moved the wrong way: i < n with i-- / i -= k, or i > n with i++ / i += k
  const step = incr?.children.find((c) => c.field === 'operator')?.type;
  const up = op === '<' || op === '<=';
  return (up && (step === '--' || step === '-=')) || (!up && (step === '++' || step === '+='));
}

/** The statement is `super().__init__(…)`. */
export function isSuperInit(call: Syntax): boolean {
  const fn = field(call, 'function');
  const object = fn && field(fn, 'object');
  const callee = object && field(object, 'function');
  return !!callee && textOf(callee) === 'super';
}

/** `nn.Block`, `torch.nn.Linear`, `Linear`: a class js-pytorch defines itself. */
export function isJsPytorchClass(fn: Syntax): boolean {
  const last = fn.type === 'member_expression' ? field(fn, 'property') : fn.type === 'identifier' ? fn : undefined;
  return !!last && JS_PYTORCH_CLASSES.includes(textOf(last));
}

/** `'cpu'`, `'gpu'`, `'cuda:0'` or a variable named `device`. */
export function isDevice(a: Syntax): boolean {
  if (a.type === 'identifier') return /^device$/i.test(textOf(a));
  return a.type === 'string' && /^(?:cpu|gpu|cuda(?::\d+)?|mps|webgl)$/.test(stringText(a));
}

export function stringText(s: Syntax): string {
  return namedChildren(s).map(textOf).join('');
}

/**
 * The signature whose names an options object's keys map to, when the callee is a layer class (`nn.Conv2d`,
 * `Conv2d`), a functional op (`F.interpolate`) or a tensor method (`x.mean`); undefined for anything else (user classes
 * keep their object).
 */
export function optionsSignature(fn: Syntax): readonly ArgSpec[] | undefined {
  const last = fn.type === 'member_expression' ? field(fn, 'property') : fn.type === 'identifier' ? fn : undefined;
  if (!last) return undefined;
  const name = textOf(last);
  if (/^[A-Z]/.test(name)) {
    if (CONTAINERS.has(name)) return undefined;
    const def = findLayer(name);
    if (def) return def.signature;
    const object = fn.type === 'member_expression' ? field(fn, 'object') : undefined;
    return object && /^(?:torch\.)?nn$/.test(textOf(object)) ? [] : undefined;
  }
  const object = fn.type === 'member_expression' ? field(fn, 'object') : undefined;
  if (!object) return undefined;
  const snake = camelToSnake(name);
  if (/^(?:F|functional|torch|(?:torch\.)?nn\.functional)$/.test(textOf(object))) return (findLayer(`F.${snake}`) ?? findLayer(`torch.${snake}`))?.signature;
  return findLayer(`Tensor.${snake}`)?.signature; // x.mean({ dim: 1, keepdim: true })
}
