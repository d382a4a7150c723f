// Symbolic sizes: an integer expression algebra over free sizes (expr.ts, eval.ts, format.ts, factor.ts) and a
// solver for the input sizes that satisfy a set of constraints (intset.ts, solve.ts, explain.ts).
export * from './expr';
export * from './eval';
export * from './factor';
export * from './format';
export * from './intset';
export * from './constraint';
export { mergeBoxes, POINT_LIMIT, type Box } from './boxes';
export * from './solve';
export * from './explain';
