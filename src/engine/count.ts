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

/** 118013952n → "118M", 9472n → "9.5K", 62006n → "62K": one decimal below 100 units, none above; exact below 1,000. */
export function abbreviate(n: number | bigint): string {
  const v = big(n);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const units: [bigint, string][] = [[10n ** 15n, 'P'], [10n ** 12n, 'T'], [10n ** 9n, 'G'], [10n ** 6n, 'M'], [10n ** 3n, 'K']];
  for (let i = 0; i < units.length; i++) {
    const [scale, unit] = units[i];
    if (a < scale) continue;
    // Thousandths of the unit, computed with bigints so huge counts round exactly.
    const x = Number((a * 1000n) / scale) / 1000;
    const text = x >= 100 ? x.toFixed(0) : x.toFixed(1).replace(/\.0$/, '');
    // 999,999 rounds to "1000K": say "1M" instead.
    if (Number(text) >= 1000 && i > 0) return `${neg ? '-' : ''}1${units[i - 1][1]}`;
    return (neg ? '-' : '') + text + unit;
  }
  return (neg ? '-' : '') + a.toString();
}

/**
 * Memory in one style everywhere: decimal megabytes as torchinfo prints them ("5.78 MB", "0.25 MB"), gigabytes from
 * 1 GB, kilobytes below 10 KB ("7.4 KB"), bytes below 1 KB.
 */
export function formatBytes(bytes: bigint): string {
  const n = Number(bytes);
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e4) return `${(n / 1e6).toFixed(2)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} KB`;
  return `${n} B`;
}

/** A bigint that fits a JSON number exactly is written as one; larger ones as a decimal string. */
export function toJsonNumber(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}
