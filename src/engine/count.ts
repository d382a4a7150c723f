// Exact counts. Parameters and operation counts are bigints: VGG-scale FLOPs at a large batch pass 2^53,
// where a double would silently round.

export type Count = bigint;

export const big = (n: number | bigint): bigint => (typeof n === 'bigint' ? n : BigInt(Math.trunc(n)));

/** Product of the entries, exact. */
export function product(values: readonly (number | bigint)[]): bigint {
  let p = 1n;
  for (const v of values) p *= big(v);
  return p;
}

/** 1234567n → "1,234,567" (thousands separators, as the seeds write 1,446,030). */
export function withSeparators(n: number | bigint): string {
  const s = big(n).toString();
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  return (neg ? '-' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 118013952n → "118M", 9472n → "9.5K": three significant digits at most, K/M/G/T/P, exact below 1,000. */
export function abbreviate(n: number | bigint): string {
  const v = big(n);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const units: [bigint, string][] = [[10n ** 15n, 'P'], [10n ** 12n, 'T'], [10n ** 9n, 'G'], [10n ** 6n, 'M'], [10n ** 3n, 'K']];
  for (const [scale, unit] of units) {
    if (a >= scale) {
      // Work in thousandths of the unit with bigints so the rounding is exact, then print at most 3 significant digits.
      const x = Number((a * 1000n) / scale) / 1000;
      const text = x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
      return (neg ? '-' : '') + text.replace(/\.0+$|(\.\d*?)0+$/, '$1') + unit;
    }
  }
  return (neg ? '-' : '') + a.toString();
}

/** A bigint that fits a JSON number exactly is written as one; larger ones as a decimal string. */
export function toJsonNumber(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}
