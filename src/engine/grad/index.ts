// The gradient checker's public API (issue 4): parse a check file, run it, explain any element.
export * from './checkFormat';
import { CheckFormatError, FN_NAMES, type CheckFile, type CheckReport, type RunOptions } from './checkFormat';

/** The functions a program step may call. */
export const SUPPORTED_FUNCTIONS: string[] = [...FN_NAMES];

/** Validates a parsed JSON value as a check file; throws CheckFormatError naming the step and field. */
export function parseCheck(json: unknown): CheckFile {
  throw new CheckFormatError('parseCheck: not implemented yet ' + typeof json);
}

/** Forward, analytic backward, finite differences, verdict and the SGD step. */
export function runCheck(check: CheckFile, options?: RunOptions): CheckReport {
  throw new CheckFormatError('runCheck: not implemented yet ' + typeof check + typeof options);
}

/** "y₁₁ = 1·1 + (−1)·2 + 0·4 + 2·3 = 5": the sum behind one output element (index 0-based). */
export function explainForwardElement(check: CheckFile, outName: string, index: number[]): string {
  return `${outName}[${index.join(',')}] (${typeof check})`;
}

/** The chain-rule sum behind one element of dL/d(input) (index 0-based). */
export function explainGradElement(check: CheckFile, inputName: string, index: number[]): string {
  return `dL/d${inputName}[${index.join(',')}] (${typeof check})`;
}
