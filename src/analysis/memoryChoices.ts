// The memory estimate's choices a user makes (the settings, the CLI's options), apart from the estimate itself so
// that the extension host reads its settings without loading the analysis.
export type MemoryDtype = 'float32' | 'float16' | 'bfloat16' | 'mixed';
export type Optimizer = 'sgd' | 'sgd-momentum' | 'adam';
export const MEMORY_DTYPES: readonly MemoryDtype[] = ['float32', 'float16', 'bfloat16', 'mixed'];
export const OPTIMIZERS: readonly Optimizer[] = ['sgd', 'sgd-momentum', 'adam'];
