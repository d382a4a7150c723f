// The gradient checker's functions: numeric rules keyed by their registry entry. The registry is the one source of
// truth for what an op is — its names in every spelling and its signature (which binds a step's arguments); a rule
// adds only the numbers, forward and backward. Every key is checked against the registry when this module loads.
import { findLayer, fullSignature } from '../../registry';
import type { ArgValue } from '../checkFormat';
import type { NumericRule, OpDef, ParamSpec } from '../op';
import { ACTIVATIONS } from './activations';
import { CONV_RULES } from './conv';
import { ELEMENTWISE_RULES } from './elementwise';
import { LINEAR_RULES } from './linear';
import { LOSS_RULES } from './losses';
import { NORM_RULES } from './norm';
import { POOL_RULES } from './pool';
import { REDUCE_RULES } from './reduce';
import { REGRESSION_RULES } from './regression';
import { SOFTMAX_RULES } from './softmax';
import { VIEW_RULES } from './views';

const RULES: Record<string, NumericRule> = {
  ...CONV_RULES, ...POOL_RULES, ...LINEAR_RULES, ...ELEMENTWISE_RULES, ...ACTIVATIONS, ...REDUCE_RULES, ...VIEW_RULES,
  ...SOFTMAX_RULES, ...REGRESSION_RULES, ...LOSS_RULES, ...NORM_RULES,
};

/** A rule bound to its registry entry: the parameters come from the entry's signature (PyTorch's, `out=` left out). */
function bind(type: string, rule: NumericRule): OpDef {
  const def = findLayer(type);
  if (!def || def.type !== type) throw new Error(`gradient checker: '${type}' is not a registry entry${def ? ` (it is spelled ${def.type} there)` : ''}`);
  if (def.kind === 'module' || def.varargs || def.kwargs) throw new Error(`gradient checker: ${type} is not a function with a fixed signature`);
  const params: ParamSpec[] = [];
  for (const s of fullSignature(def)) {
    if (s.name === 'out' && s.keywordOnly) continue; // a step names its result
    if (s.tensor === 'list') throw new Error(`gradient checker: ${type} takes a list of tensors, which a step cannot pass`);
    const keywordOnly = s.keywordOnly ? { keywordOnly: true } : {};
    if (s.tensor) params.push({ name: s.name, kind: s.tensor === 'one' ? 'tensor' : 'tensor?', nondiff: rule.nondiff?.[s.name], ...keywordOnly });
    else params.push({ name: s.name, kind: 'value', default: 'default' in s ? (s.default as ArgValue) : undefined, ...keywordOnly });
  }
  for (const name of [...Object.keys(rule.nondiff ?? {}), ...(rule.classTarget ? [rule.classTarget] : [])]) {
    if (!params.some((p) => p.name === name && p.kind !== 'value')) throw new Error(`gradient checker: ${type} has no tensor argument '${name}'`);
  }
  return { ...rule, fn: type, params };
}

/** Every function a check may call, by its registry name (torch.exp, F.conv2d). */
export const GRAD_OPS: ReadonlyMap<string, OpDef> = new Map(Object.entries(RULES).map(([type, rule]) => [type, bind(type, rule)]));

/**
 * The function behind any spelling of an op the checker supports: every spelling the registry knows (torch.nn.functional.x,
 * Tensor.x, torch.x_); failing that, the same function name under torch. or F. (the check format has always taken
 * torch.x for F.x).
 */
export function gradOp(fn: string): OpDef | undefined {
  const def = findLayer(fn);
  if (def) return GRAD_OPS.get(def.type);
  const name = fn.split('.').pop() ?? fn;
  for (const prefix of ['torch.', 'F.']) {
    const op = GRAD_OPS.get(prefix + name);
    if (op) return op;
  }
  return undefined;
}

/** Whether a step of this op (with these values) has a kink: the verdict's 'acceptable' band applies. */
export const isKinky = (op: OpDef, values: Readonly<Record<string, ArgValue | undefined>>): boolean =>
  typeof op.kinky === 'function' ? op.kinky(values) : op.kinky === true;
