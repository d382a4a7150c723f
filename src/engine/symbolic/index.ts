// Symbolic sizes: an integer expression algebra over free sizes (expr.ts, eval.ts, factor.ts, format.ts) and a
// solver for the input sizes that satisfy a set of constraints (intset.ts, constraint.ts, boxes.ts, solve.ts,
// explain.ts). Pure and self-contained: nothing here knows about layers or the analysis.
// makeExpr, fromAtom, fromTerms and coefficientsIn build and take apart canonical nodes for the sibling
// modules; outside, expressions come from the constructors, which keep the canonical form.
export {
  absInt, add, ceilDiv, constant, constantValue, divideExact, equals, floorDiv, floorDivInt, freeSymbols, gcdInt,
  isConstant, isExpr, max, min, mod, modInt, mul, neg, ONE, pow, scale, sub, substitute, symbol, symbolName, toExpr, ZERO,
  type Atom, type Bindings, type Expr, type ExprLike, type ExtremumAtom, type FloorAtom, type ModAtom, type Power,
  type SymbolAtom, type Term,
} from './expr';
export * from './eval';
export * from './factor';
export * from './format';
export * from './intset';
export { constraintKey, divisible, eq, ge, gt, holds, le, lt, type Constraint, type ConstraintLabels, type NearFit, type Relation } from './constraint';
export { POINT_LIMIT, type Box } from './boxes';
export * from './solve';
export * from './explain';
