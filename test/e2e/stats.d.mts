// Types of stats.mjs (plain JavaScript: the runner imports it without a build).
export declare const percentile: (xs: readonly number[], p: number) => number;
export declare const round: (x: number) => number;
export declare const summary: (xs: readonly number[]) => { p50: number; p95: number; max: number; n: number };
export declare const clockOffset: () => number;
