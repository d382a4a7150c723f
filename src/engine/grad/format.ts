// How numbers and elements are written in the working: y₁₁ = 1·1 + (−1)·2 + 0·4 + 2·3 = 5.
import { unravel } from './tensor';

const SUB = '₀₁₂₃₄₅₆₇₈₉';
const subscript = (n: number): string => String(n).split('').map((c) => SUB[+c] ?? c).join('');

/** A number as a person writes it: integers exact, others to 6 significant digits, negatives with a real minus. */
export function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const s = Number.isInteger(v) ? String(v) : String(+v.toPrecision(6));
  return s.replace('-', '−');
}

/** A factor inside a product: negatives in parentheses. */
export const factor = (v: number): string => (v < 0 ? `(${num(v)})` : num(v));

/**
 * Element name with 1-based subscripts over the dimensions that are not 1 (a (1, 1, 3, 3) output's
 * element [0, 0, 1, 2] is y₂₃); commas separate indices once one of them has two digits.
 */
export function element(name: string, flat: number, shape: readonly number[]): string {
  if (shape.length === 0) return name;
  const idx = unravel(flat, shape);
  let kept = idx.filter((_, d) => shape[d] !== 1).map((i) => i + 1);
  if (kept.length === 0) kept = [1];
  return name + kept.map(subscript).join(kept.some((i) => i > 9) ? ',' : '');
}

/** "a·b + c·d + …", cut after `max` terms. */
export function sumOfProducts(pairs: Array<[number, number]>, max = 24): string {
  const terms = pairs.slice(0, max).map(([a, b]) => `${factor(a)}·${factor(b)}`);
  if (pairs.length > max) terms.push(`… (${pairs.length - max} more)`);
  return terms.length ? terms.join(' + ') : '0';
}
