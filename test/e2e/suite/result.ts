// How a suite run reports back. The runners (test/e2e/run-*.mjs) read the marker line to print their
// "N passed, N failed" summary; mocha's own spec output stays as it is.
export interface SuiteCounts {
  passed: number;
  failed: number;
  pending: number;
}

export const RESULT_MARKER = '[[mocha-result:';

export function reportCounts(counts: SuiteCounts): void {
  console.log(`${RESULT_MARKER}${JSON.stringify(counts)}]]`);
}

/** Wraps a mocha run into the `run()` contract: resolve when every test passed, reject otherwise. */
export function settle(start: (done: (failures: number) => void) => { stats?: { passes: number; failures: number; pending: number } }): Promise<void> {
  return new Promise((resolve, reject) => {
    const runner = start((failures) => {
      const stats = runner.stats;
      reportCounts({ passed: stats?.passes ?? 0, failed: stats?.failures ?? failures, pending: stats?.pending ?? 0 });
      if (failures > 0) reject(new Error(`${failures} test(s) failed.`));
      else resolve();
    });
  });
}
