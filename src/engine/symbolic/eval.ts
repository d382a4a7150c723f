// Evaluating expressions: exactly (bigint, for answers), fast (compiled closures over numbers, for the solver's
// enumerations), and as interval bounds given ranges of the symbols (for "is this size ≥ 1?" without numbers).

import { factorize } from './factor';
import { floorDivInt, freeSymbols, modInt, sub, toExpr, type Atom, type Expr, type ExprLike } from './expr';

export type Env = ReadonlyMap<string, bigint | number> | Readonly<Record<string, bigint | number>>;

function bindingOf(env: Env, name: string): bigint {
  const v = env instanceof Map ? env.get(name) : Object.hasOwn(env, name) ? (env as Readonly<Record<string, bigint | number>>)[name] : undefined;
  if (v === undefined) throw new RangeError(`no value for ${name}`);
  if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new RangeError(`${name} = ${v} is not a safe integer`);
  return BigInt(v);
}

/** The exact integer value of e; throws when a symbol has no value. */
export function evaluate(e: Expr, env: Env): bigint {
  // In doubles first: no allocation, and exact while every intermediate is a safe integer (else NaN, and bigints)
  const budget = { left: NUMBER_BUDGET };
  const n = numberValue(e, env, budget);
  return Number.isNaN(n) ? evaluateExactly(e, env) : BigInt(n);
}

/**
 * The value of e as a number, NaN when it is not a safe integer (or an intermediate is not); throws when a symbol
 * has no value. For callers that want a number anyway: no bigint is made.
 */
export function evaluateNumber(e: Expr, env: Env): number {
  const n = numberValue(e, env, { left: NUMBER_BUDGET });
  if (!Number.isNaN(n)) return n;
  const exact = evaluateExactly(e, env);
  return exact >= MIN_SAFE && exact <= MAX_SAFE ? Number(exact) : NaN;
}

/** Atoms numberValue evaluates before leaving the rest to bigints (which evaluate an atom shared by terms once). */
const NUMBER_BUDGET = 4096;

function numberBinding(env: Env, name: string): number {
  const v = env instanceof Map ? env.get(name) : Object.hasOwn(env, name) ? (env as Readonly<Record<string, bigint | number>>)[name] : undefined;
  if (v === undefined) throw new RangeError(`no value for ${name}`);
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new RangeError(`${name} = ${v} is not a safe integer`);
    return v;
  }
  return toNum(v);
}

/** e in doubles: NaN when an intermediate leaves the safe integers (or the budget of atoms runs out). */
function numberValue(x: Expr, env: Env, budget: { left: number }): number {
  let sum = toNum(x.constant);
  for (const t of x.terms) {
    let product = toNum(t.coeff);
    for (const p of t.powers) {
      const base = numberAtom(p.atom, env, budget);
      for (let k = 0; k < p.exp; k++) product = safe(product * base);
    }
    sum = safe(sum + product);
  }
  return sum;
}

function numberAtom(a: Atom, env: Env, budget: { left: number }): number {
  if (--budget.left < 0) return NaN;
  if (a.kind === 'symbol') return numberBinding(env, a.name);
  if (a.kind === 'floor' || a.kind === 'mod') {
    const v = numberValue(a.arg, env, budget), d = toNum(a.divisor);
    if (Number.isNaN(v) || Number.isNaN(d)) return NaN;
    return a.kind === 'floor' ? floorNum(v, d) : modNum(v, d);
  }
  let out = NaN;
  for (const arg of a.args) {
    const v = numberValue(arg, env, budget);
    if (Number.isNaN(v)) return NaN;
    out = Number.isNaN(out) ? v : a.kind === 'min' ? Math.min(out, v) : Math.max(out, v);
  }
  return out;
}

/** evaluate() in bigints. */
function evaluateExactly(e: Expr, env: Env): bigint {
  const atoms = new Map<string, bigint>(); // an atom shared by several terms is evaluated once
  const atomValue = (a: Atom): bigint => {
    let v = atoms.get(a.key);
    if (v !== undefined) return v;
    if (a.kind === 'symbol') v = bindingOf(env, a.name);
    else if (a.kind === 'floor') v = floorDivInt(exprValue(a.arg), a.divisor);
    else if (a.kind === 'mod') v = modInt(exprValue(a.arg), a.divisor);
    else {
      const values = a.args.map(exprValue);
      v = values.reduce((x, y) => (a.kind === 'min' ? (y < x ? y : x) : (y > x ? y : x)));
    }
    atoms.set(a.key, v);
    return v;
  };
  const exprValue = (x: Expr): bigint => {
    let sum = x.constant;
    for (const t of x.terms) {
      let product = t.coeff;
      for (const p of t.powers) product *= atomValue(p.atom) ** BigInt(p.exp);
      sum += product;
    }
    return sum;
  };
  return exprValue(e);
}

// ── Compiled closures ──────────────────────────────────────────────────────────────────────────────────────

/** A compiled expression: values[i] is the value of vars[i]; NaN when an intermediate leaves the safe range. */
export type Compiled = (values: ArrayLike<number>) => number;

// NaN marks "not exact in doubles"; it propagates through + · floor min max, and the caller then evaluates
// exactly with bigints. Floor division avoids a/b in doubles (which may round up to the next integer).
const safe = (x: number): number => (Number.isSafeInteger(x) ? x : NaN);
const floorNum = (a: number, d: number): number => { const r = a % d; return (a - r) / d - (r < 0 ? 1 : 0); };
const modNum = (a: number, d: number): number => { const r = a % d; return r < 0 ? r + d : r; };
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER), MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const toNum = (b: bigint): number => (b >= MIN_SAFE && b <= MAX_SAFE ? Number(b) : NaN);

/** Compiles e to a closure over numbers (≈ 10–50 ns a call) for enumerating symbol values. */
export function compile(e: Expr, vars: readonly string[]): Compiled {
  const index = new Map(vars.map((v, i) => [v, i]));
  const compileAtom = (a: Atom): Compiled => {
    if (a.kind === 'symbol') {
      const i = index.get(a.name);
      if (i === undefined) throw new RangeError(`compile: ${a.name} is not among the variables ${vars.join(', ')}`);
      return (v) => v[i];
    }
    if (a.kind === 'floor' || a.kind === 'mod') {
      const arg = compileExpr(a.arg), d = toNum(a.divisor);
      return a.kind === 'floor' ? (v) => floorNum(arg(v), d) : (v) => modNum(arg(v), d);
    }
    const args = a.args.map(compileExpr);
    return a.kind === 'min' ? (v) => Math.min(...args.map((f) => f(v))) : (v) => Math.max(...args.map((f) => f(v)));
  };
  const compileExpr = (x: Expr): Compiled => {
    const c0 = toNum(x.constant);
    const terms = x.terms.map((t) => {
      const coeff = toNum(t.coeff);
      const factors = t.powers.map((p) => ({ f: compileAtom(p.atom), exp: p.exp }));
      return (v: ArrayLike<number>): number => {
        let product = coeff;
        for (const { f, exp } of factors) {
          const base = f(v);
          for (let k = 0; k < exp; k++) product = safe(product * base);
        }
        return product;
      };
    });
    if (terms.length === 0) return () => c0;
    if (terms.length === 1 && c0 === 0) return terms[0];
    return (v) => { let sum = c0; for (const t of terms) sum = safe(sum + t(v)); return sum; };
  };
  return compileExpr(e);
}

// ── Interval bounds ────────────────────────────────────────────────────────────────────────────────────────

/** [lo, hi] with null for an unbounded side. */
export interface Interval { readonly lo: bigint | null; readonly hi: bigint | null }
export interface RangeLike { readonly lo?: number | bigint | null; readonly hi?: number | bigint | null }
export type Ranges = ReadonlyMap<string, RangeLike> | Readonly<Record<string, RangeLike>>;

/** Sizes are positive: a symbol without a given range is taken to be in [1, ∞). */
export const POSITIVE: Interval = { lo: 1n, hi: null };

// An extended integer: a bigint, or ±Infinity (a number) for an open side.
type Ext = bigint | number;
const lessExt = (a: Ext, b: Ext): boolean => (typeof a === 'number' || typeof b === 'number' ? Number(a) < Number(b) : a < b);
const signExt = (a: Ext): number => (typeof a === 'number' ? Math.sign(a) : a > 0n ? 1 : a < 0n ? -1 : 0);
function mulExt(a: Ext, b: Ext): Ext {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a * b;
  const s = signExt(a) * signExt(b); // 0·∞ is 0 here: an endpoint 0 means the factor really is 0 there
  return s === 0 ? 0n : s * Infinity;
}
const minExt = (xs: Ext[]): Ext => xs.reduce((x, y) => (lessExt(y, x) ? y : x));
const maxExt = (xs: Ext[]): Ext => xs.reduce((x, y) => (lessExt(x, y) ? y : x));
const lo = (i: Interval): Ext => i.lo ?? -Infinity;
const hi = (i: Interval): Ext => i.hi ?? Infinity;
const interval = (l: Ext, h: Ext): Interval => ({ lo: typeof l === 'bigint' ? l : null, hi: typeof h === 'bigint' ? h : null });

const addI = (a: Interval, b: Interval): Interval =>
  ({ lo: a.lo === null || b.lo === null ? null : a.lo + b.lo, hi: a.hi === null || b.hi === null ? null : a.hi + b.hi });
function mulI(a: Interval, b: Interval): Interval {
  const corners = [mulExt(lo(a), lo(b)), mulExt(lo(a), hi(b)), mulExt(hi(a), lo(b)), mulExt(hi(a), hi(b))];
  return interval(minExt(corners), maxExt(corners));
}
function powI(a: Interval, n: number): Interval {
  let out: Interval = { lo: 1n, hi: 1n };
  for (let k = 0; k < n; k++) out = mulI(out, a);
  // An even power is never negative, which the corner products above do not know when a straddles 0.
  if (n % 2 === 0 && out.lo !== null && out.lo < 0n) out = { lo: 0n, hi: out.hi };
  return out;
}
const intersectI = (a: Interval, b: Interval): Interval => ({
  lo: a.lo === null ? b.lo : b.lo === null ? a.lo : a.lo > b.lo ? a.lo : b.lo,
  hi: a.hi === null ? b.hi : b.hi === null ? a.hi : a.hi < b.hi ? a.hi : b.hi,
});

function rangeOf(ranges: Ranges | undefined, name: string, fallback: Interval): Interval {
  const r = ranges instanceof Map ? ranges.get(name) : ranges && Object.hasOwn(ranges, name) ? (ranges as Readonly<Record<string, RangeLike>>)[name] : undefined;
  if (!r) return fallback;
  const big = (x: number | bigint | null | undefined): bigint | null => (x === null || x === undefined ? null : BigInt(x));
  return { lo: big(r.lo), hi: big(r.hi) };
}

/** Enumerating one symbol over at most this many values gives exact bounds. */
const ENUMERATE_LIMIT = 4096n;

/**
 * Bounds [min, max] of e when each symbol lies in its range (default [1, ∞)). Always sound; exact for one
 * symbol over a range of at most 4096 values (enumerated) and for sums and products of terms that move the
 * same way (monotone forms); otherwise interval arithmetic may widen the bounds.
 */
export function bounds(x: ExprLike, ranges?: Ranges, fallback: Interval = POSITIVE): Interval {
  const e = toExpr(x);
  if (e.terms.length === 0) return { lo: e.constant, hi: e.constant };
  const symbols = freeSymbols(e);
  if (symbols.length === 1) {
    const r = rangeOf(ranges, symbols[0], fallback);
    if (r.lo !== null && r.hi !== null && r.hi - r.lo < ENUMERATE_LIMIT) return enumerateBounds(e, symbols[0], r.lo, r.hi);
  }
  return intervalBounds(e, ranges, fallback);
}

/** Bounds by interval arithmetic alone (no enumeration): cheap and sound, exact for monotone forms. */
export function intervalBounds(x: ExprLike, ranges?: Ranges, fallback: Interval = POSITIVE): Interval {
  const e = toExpr(x);
  const atomCache = new Map<string, Interval>();
  const atomBounds = (a: Atom): Interval => {
    let b = atomCache.get(a.key);
    if (b) return b;
    if (a.kind === 'symbol') b = rangeOf(ranges, a.name, fallback);
    else if (a.kind === 'floor') {
      const inner = exprBounds(a.arg);
      b = { lo: inner.lo === null ? null : floorDivInt(inner.lo, a.divisor), hi: inner.hi === null ? null : floorDivInt(inner.hi, a.divisor) };
    } else if (a.kind === 'mod') {
      const inner = exprBounds(a.arg);
      // Within one block [q·k, q·k + k − 1] the remainder is monotone; across blocks it can be anything.
      const oneBlock = inner.lo !== null && inner.hi !== null && floorDivInt(inner.lo, a.divisor) === floorDivInt(inner.hi, a.divisor);
      b = oneBlock ? { lo: modInt(inner.lo as bigint, a.divisor), hi: modInt(inner.hi as bigint, a.divisor) } : { lo: 0n, hi: a.divisor - 1n };
    } else {
      const all = a.args.map(exprBounds);
      const pick = a.kind === 'min' ? minExt : maxExt;
      b = interval(pick(all.map(lo)), pick(all.map(hi)));
    }
    atomCache.set(a.key, b);
    return b;
  };
  const expanded = (y: Expr): Interval => {
    let sum: Interval = { lo: y.constant, hi: y.constant };
    for (const t of y.terms) {
      let product: Interval = { lo: t.coeff, hi: t.coeff };
      for (const p of t.powers) product = mulI(product, powI(atomBounds(p.atom), p.exp));
      sum = addI(sum, product);
    }
    return sum;
  };
  // The factored form is often tighter ((a − 3)² ≥ 0, which a² − 6a + 9 hides); both are sound, so intersect.
  const exprBounds = (y: Expr): Interval => {
    const direct = expanded(y);
    if (y.terms.every((t) => t.degree <= 1)) return direct; // a linear sum factors into nothing tighter
    const f = factorize(y);
    if (f.factors.length < 2 && !f.factors.some((x) => x.exp >= 2)) return direct;
    let product: Interval = { lo: f.content, hi: f.content };
    for (const factor of f.factors) product = mulI(product, powI(expanded(factor.base), factor.exp));
    return intersectI(direct, product);
  };
  return exprBounds(e);
}

function enumerateBounds(e: Expr, name: string, from: bigint, to: bigint): Interval {
  const f = compile(e, [name]);
  let least: bigint | undefined, most: bigint | undefined;
  for (let v = from; v <= to; v++) {
    const n = f([Number(v)]);
    const value = Number.isNaN(n) ? evaluate(e, { [name]: v }) : BigInt(n);
    if (least === undefined || value < least) least = value;
    if (most === undefined || value > most) most = value;
  }
  return { lo: least ?? null, hi: most ?? null };
}

export type Comparison = '<' | '<=' | '=' | '>=' | '>';

/**
 * How a compares with b for every value of the symbols in their ranges (default [1, ∞)), when that follows
 * from the canonical forms (H + 1 > H) or from the bounds of a − b; undefined when undecided.
 */
export function compare(a: ExprLike, b: ExprLike, ranges?: Ranges, fallback: Interval = POSITIVE): Comparison | undefined {
  const d = sub(a, b);
  const { lo: l, hi: h } = bounds(d, ranges, fallback);
  if (l !== null && h !== null && l === 0n && h === 0n) return '=';
  if (l !== null && l > 0n) return '>';
  if (h !== null && h < 0n) return '<';
  if (l !== null && l >= 0n) return '>=';
  if (h !== null && h <= 0n) return '<=';
  return undefined;
}
