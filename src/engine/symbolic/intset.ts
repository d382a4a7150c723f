// Sets of sizes: sorted, disjoint, non-adjacent inclusive ranges, so that "every H from 25 to 56" is one pair
// and "every multiple of 32" is 256 of them at most (sizes stop at the solver's bound), and described in words:
// "H = 32", "H ∈ 25…56", "H ≥ 32", "H ≡ 0 (mod 32)", "H ∈ 8…15 ∪ 24…31".

export type Range = readonly [lo: number, hi: number];

export class IntSet {
  private constructor(readonly ranges: readonly Range[]) {}

  static readonly EMPTY = new IntSet([]);
  static range(lo: number, hi: number): IntSet { return lo > hi ? IntSet.EMPTY : new IntSet([[lo, hi]]); }
  static of(...values: number[]): IntSet {
    const b = new IntSetBuilder();
    for (const v of [...new Set(values)].sort((x, y) => x - y)) b.add(v);
    return b.build();
  }
  /** From ranges already sorted, disjoint and non-adjacent (not checked: the builder's output). */
  static ofNormalRanges(ranges: readonly Range[]): IntSet { return ranges.length === 0 ? IntSet.EMPTY : new IntSet(ranges); }
  /** From ranges in any order, overlapping or adjacent. */
  static fromRanges(ranges: readonly Range[]): IntSet {
    const sorted = ranges.filter(([l, h]) => l <= h).sort((a, b) => a[0] - b[0]);
    const out: Array<[number, number]> = [];
    for (const [l, h] of sorted) {
      const last = out[out.length - 1];
      if (last && l <= last[1] + 1) last[1] = Math.max(last[1], h);
      else out.push([l, h]);
    }
    return new IntSet(out);
  }

  get isEmpty(): boolean { return this.ranges.length === 0; }
  get size(): number { return this.ranges.reduce((n, [l, h]) => n + h - l + 1, 0); }
  get min(): number | undefined { return this.ranges[0]?.[0]; }
  get max(): number | undefined { return this.ranges[this.ranges.length - 1]?.[1]; }
  /** The value when the set has exactly one. */
  get single(): number | undefined { return this.ranges.length === 1 && this.ranges[0][0] === this.ranges[0][1] ? this.ranges[0][0] : undefined; }

  has(v: number): boolean {
    let lo = 0, hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [l, h] = this.ranges[mid];
      if (v < l) hi = mid - 1;
      else if (v > h) lo = mid + 1;
      else return true;
    }
    return false;
  }
  *values(): Generator<number> {
    for (const [l, h] of this.ranges) for (let v = l; v <= h; v++) yield v;
  }
  filter(keep: (v: number) => boolean): IntSet {
    const out: Array<[number, number]> = [];
    for (const [l, h] of this.ranges) {
      let start = -1; // the start of the current run of kept values, -1 outside a run
      for (let v = l; v <= h; v++) {
        if (keep(v)) { if (start < 0) start = v; }
        else if (start >= 0) { out.push([start, v - 1]); start = -1; }
      }
      if (start >= 0) out.push([start, h]);
    }
    return IntSet.ofNormalRanges(out);
  }
  /** The i-th smallest value (0-based), or undefined past the end. */
  valueAt(i: number): number | undefined {
    for (const [l, h] of this.ranges) { if (i <= h - l) return l + i; i -= h - l + 1; }
    return undefined;
  }
  /** The values with index in [from, to) (0-based, in increasing order). */
  slice(from: number, to: number): IntSet {
    const out: Array<[number, number]> = [];
    let base = 0;
    for (const [l, h] of this.ranges) {
      const n = h - l + 1;
      const a = Math.max(from - base, 0), b = Math.min(to - base, n);
      if (a < b) out.push([l + a, l + b - 1]);
      base += n;
    }
    return IntSet.ofNormalRanges(out);
  }
  /** Calls f with every value, in increasing order (faster than iterating values()). */
  forEach(f: (v: number) => void): void {
    for (const [l, h] of this.ranges) for (let v = l; v <= h; v++) f(v);
  }
  intersect(o: IntSet): IntSet {
    const out: Range[] = [];
    let i = 0, j = 0;
    while (i < this.ranges.length && j < o.ranges.length) {
      const [a0, a1] = this.ranges[i], [b0, b1] = o.ranges[j];
      const l = Math.max(a0, b0), h = Math.min(a1, b1);
      if (l <= h) out.push([l, h]);
      if (a1 < b1) i++; else j++;
    }
    return new IntSet(out);
  }
  union(o: IntSet): IntSet { return IntSet.fromRanges([...this.ranges, ...o.ranges]); }
  /** A string that identifies the set ("1-3,7-7"). */
  get key(): string { return this.ranges.map(([l, h]) => `${l}-${h}`).join(','); }
  equals(o: IntSet): boolean { return this.key === o.key; }
  toString(): string { return this.key; }
}

/** Builds a set from values added in increasing order. */
export class IntSetBuilder {
  private readonly out: Array<[number, number]> = [];
  add(v: number): void {
    const last = this.out[this.out.length - 1];
    if (last && v === last[1] + 1) last[1] = v;
    else if (!last || v > last[1]) this.out.push([v, v]);
  }
  build(): IntSet { return IntSet.ofNormalRanges(this.out); }
}

interface Glyphs { in: string; dots: string; union: string; ge: string; congruent: string; empty: string }
const UNICODE: Glyphs = { in: ' ∈ ', dots: '…', union: ' ∪ ', ge: ' ≥ ', congruent: ' ≡ ', empty: '∅' };
const ASCII: Glyphs = { in: ' in ', dots: '..', union: ' | ', ge: ' >= ', congruent: ' = ', empty: '{}' };
const MAX_LISTED = 6;

/**
 * The set in words for the symbol (or "H = W") `name`. Values run from 1 to `bound`; a set that reaches the
 * bound is read as going on past it ("H ≥ 32"): the solver only looks that far.
 */
export function describeSet(name: string, set: IntSet, bound: number, ascii = false): string {
  const g = ascii ? ASCII : UNICODE;
  const r = set.ranges;
  if (r.length === 0) return `${name}${g.in}${g.empty}`;
  const piece = ([l, h]: Range): string => (l === h ? String(l) : `${l}${g.dots}${h}`);
  if (r.length === 1) {
    const [l, h] = r[0];
    if (l === h) return `${name} = ${l}`;
    return h >= bound ? `${name}${g.ge}${l}` : `${name}${g.in}${l}${g.dots}${h}`;
  }
  const periodic = describePeriodic(name, r, bound, g);
  if (periodic) return periodic;
  const open = r[r.length - 1][1] >= bound; // the last range runs to the bound
  const closed = open ? r.slice(0, -1) : r;
  const listed = closed.length > MAX_LISTED
    ? [...closed.slice(0, MAX_LISTED - 1).map(piece), `${g.dots} (${closed.length} ranges)`]
    : closed.every(([l, h]) => l === h) ? [`{${closed.map(([l]) => l).join(', ')}}`] : closed.map((x) => (x[0] === x[1] ? `{${x[0]}}` : piece(x)));
  const main = `${name}${g.in}${listed.join(g.union)}`;
  return open ? `${main} or ${name}${g.ge}${r[r.length - 1][0]}` : main;
}

/**
 * Ranges of equal length L starting every m values (the last one possibly cut by the bound):
 * "H ≡ r (mod m)" for L = 1, "H mod m ∈ r…r+L−1" otherwise, with "H ≥ a" or "H ∈ a…b" when the pattern does
 * not start at its first positive value or stops before the bound.
 */
function describePeriodic(name: string, r: readonly Range[], bound: number, g: Glyphs): string | undefined {
  if (r.length < 3) return undefined;
  const length = r[0][1] - r[0][0] + 1;
  const period = r[1][0] - r[0][0];
  for (let i = 1; i < r.length; i++) {
    if (r[i][0] - r[i - 1][0] !== period) return undefined;
    const len = r[i][1] - r[i][0] + 1;
    const cutByBound = i === r.length - 1 && r[i][1] === bound && len < length;
    if (len !== length && !cutByBound) return undefined;
  }
  const residue = r[0][0] % period;
  if (residue + length > period) return undefined; // the block wraps past a multiple of m: not one residue range
  const pattern = length === 1
    ? `${name}${g.congruent}${residue} (mod ${period})`
    : `${name} mod ${period}${g.in}${residue}${g.dots}${residue + length - 1}`;
  const first = r[0][0], last = r[r.length - 1];
  const reachesBound = last[0] + period > bound;
  const startsAtFirst = first - period + length - 1 < 1; // no earlier block holds a positive value
  if (reachesBound) return startsAtFirst ? pattern : `${name}${g.ge}${first}, ${pattern}`;
  return `${name}${g.in}${first}${g.dots}${last[1]}, ${pattern}`;
}

/** The set of `name` in a map of sets (a box, a solution's domains); its absence is a bug, so it throws. */
export function setOf(sets: ReadonlyMap<string, IntSet>, name: string): IntSet {
  const set = sets.get(name);
  if (!set) throw new Error(`no set for ${name}`);
  return set;
}

/** Sizes people use, in order of preference, for picking one value out of a solved set. */
export const CONVENTIONAL_SIZES: readonly number[] = [28, 32, 64, 224, 256, 299, 384, 512];

/** One value of the set: the first conventional size in it, else its smallest value; undefined when empty. */
export function chooseValue(set: IntSet, preferred: readonly number[] = CONVENTIONAL_SIZES): number | undefined {
  for (const v of preferred) if (set.has(v)) return v;
  return set.min;
}
