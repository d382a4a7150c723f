// The engine's public face: layer arithmetic (shapes, parameters, cost, working) for the analysis and the front ends.
export * from './count';
export * from './cost';
export * from './diagnostic';
export * from './layer';
export * from './receptive';
export * from './saved';
export * from './registry';
export * from './shape';
export { symbolicCostOf, type SymbolicCost } from './symbolicCost';
export * from './values';
export * from './working';
export { packedShapes } from './einops';
export { binaryMathFunction, unaryMathFunction } from './grad/ops/elementwise';
export { JS_PYTORCH_CLASSES } from './layers/jsPytorch';
export { UNSUPPORTED, unsupportedGroup, type NameGroup, type UnsupportedReason } from './unsupported';
