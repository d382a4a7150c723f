// Typesetting the working: formulas with the numbers substituted, written the way an exam solution is.

/** "a − b" with a real minus sign; negative numbers in parentheses. */
export const n = (x: number | bigint): string => (x < 0 ? `(−${-x})` : String(x));

/** Joins factors with a middle dot: dot(64, 3, 7, 7) → "64·3·7·7". */
export const dot = (...xs: (number | bigint | string)[]): string => xs.map((x) => (typeof x === 'string' ? x : n(x))).join('·');

/** Joins factors with a times sign for tensor shapes: dims([64, 3, 7, 7]) → "64×3×7×7". */
export const dims = (xs: readonly (number | string)[]): string => xs.join('×');

/** "+ 3" / "− 3" (with leading space) for an integer term inside an expression. */
export const term = (x: number): string => (x < 0 ? ` − ${-x}` : ` + ${x}`);

/** One line of working: a quantity, how it is computed, and its value. */
export interface WorkingLine {
  /** H_out, params, MACs… */
  readonly label: string;
  /** The formula with numbers substituted, ending in "= value". */
  readonly text: string;
}

export const line = (label: string, text: string): WorkingLine => ({ label, text });

/**
 * A line whose text is written when first read (then kept): the working of rules every layer runs (a shape passed
 * through, a window on a symbolic size) formats whole shapes, and is read only where a hover or a summary shows it.
 * `text` only formats what the rule has already read and checked: an argument read in it would fail in the hover.
 */
export function lazyLine(label: string, text: () => string): WorkingLine {
  let written: string | undefined;
  return { label, get text() { return (written ??= text()); } };
}
