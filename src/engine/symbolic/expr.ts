// Integer expressions in free sizes (N, H, W, L, …): the algebra that lets a shape stay exact when no input size
// is given. Every expression is kept in ONE canonical form, so two expressions that the rules below can prove
// equal have the same `key` and `equals` is a string comparison.
//
// The canonical form is a polynomial with integer coefficients over "atoms":
//   expr = constant + Σ coeff · atom₁^e₁ · atom₂^e₂ · …
// where an atom is a symbol, ⌊p/k⌋ (k ≥ 2), p mod k (k ≥ 2), min(p, q, …) or max(p, q, …) of canonical p, q.
// Products are expanded (so 2·H + H = 3·H and (H + 1)·W − W = H·W come for free); the printer factors them back
// for humans (format.ts). Ceil-division has no node of its own: ⌈e/k⌉ is stored as ⌊(e + k − 1)/k⌋.
//
// Every rewrite below holds for ALL integer values of the symbols (negative ones included, with Python's floor
// semantics), not only for the positive sizes a shape takes: canonical forms must never depend on an assumption
// that a caller might not share. Facts that need ranges (H ≥ 1) live in bounds/compare (eval.ts).

export interface SymbolAtom { readonly kind: 'symbol'; readonly key: string; readonly name: string }
/** ⌊arg / divisor⌋ with divisor ≥ 2 and arg reduced: coefficients and constant in [0, divisor). */
export interface FloorAtom { readonly kind: 'floor'; readonly key: string; readonly arg: Expr; readonly divisor: bigint }
/** arg mod divisor (Python's %, always in [0, divisor)), divisor ≥ 2, arg reduced like a floor's. */
export interface ModAtom { readonly kind: 'mod'; readonly key: string; readonly arg: Expr; readonly divisor: bigint }
/** min/max of at least two arguments, none of which differs from another by a constant. */
export interface ExtremumAtom { readonly kind: 'min' | 'max'; readonly key: string; readonly args: readonly Expr[] }
export type Atom = SymbolAtom | FloorAtom | ModAtom | ExtremumAtom;

export interface Power { readonly atom: Atom; readonly exp: number }
/** coeff · Π atom^exp; `monoKey` identifies the product without its coefficient. */
export interface Term { readonly coeff: bigint; readonly powers: readonly Power[]; readonly monoKey: string; readonly degree: number }
/** constant + Σ terms, terms ordered by degree (highest first) then by monoKey; no zero coefficients. */
export interface Expr { readonly terms: readonly Term[]; readonly constant: bigint; readonly key: string }

export type ExprLike = Expr | number | bigint;

// ── Integer helpers (Python semantics) ─────────────────────────────────────────────────────────────────────

/** ⌊a/b⌋ for b > 0, rounding toward −∞ as Python's // does (bigint division truncates toward zero). */
export function floorDivInt(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}
/** a mod b for b > 0, in [0, b) as Python's %. */
export const modInt = (a: bigint, b: bigint): bigint => a - b * floorDivInt(a, b);
export const absInt = (a: bigint): bigint => (a < 0n ? -a : a);
export function gcdInt(a: bigint, b: bigint): bigint {
  a = absInt(a); b = absInt(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

// ── Construction of canonical nodes ────────────────────────────────────────────────────────────────────────

const powerKey = (p: Power): string => (p.exp === 1 ? p.atom.key : `${p.atom.key}^${p.exp}`);

function makeTerm(coeff: bigint, powers: readonly Power[], monoKey = powers.map(powerKey).join('*')): Term {
  let degree = 0;
  for (const p of powers) degree += p.exp;
  return { coeff, powers, monoKey, degree };
}

const byTermOrder = (a: Term, b: Term): number =>
  b.degree - a.degree || (a.monoKey < b.monoKey ? -1 : a.monoKey > b.monoKey ? 1 : 0);

/**
 * Collects coeff·monomial pieces, merging like terms (2·H + H = 3·H) and dropping the ones that cancel.
 * Entries sit in an array searched linearly: sums are small, and a Map per operation was most of the garbage.
 */
class TermSum {
  private readonly keys: string[] = [];
  private readonly coeffs: bigint[] = [];
  private readonly powers: Array<readonly Power[]> = [];
  // A Term an entry started from: reused as is when its coefficient comes out unchanged.
  private readonly originals: Array<Term | undefined> = [];
  constant = 0n;
  add(coeff: bigint, powers: readonly Power[], monoKey: string, original?: Term): void {
    if (coeff === 0n) return;
    if (powers.length === 0) { this.constant += coeff; return; }
    const i = this.keys.indexOf(monoKey);
    if (i >= 0) { this.coeffs[i] += coeff; return; }
    this.keys.push(monoKey); this.coeffs.push(coeff); this.powers.push(powers); this.originals.push(original);
  }
  addExpr(e: Expr, scale = 1n): void {
    for (const t of e.terms) this.add(t.coeff * scale, t.powers, t.monoKey, scale === 1n ? t : undefined);
    this.constant += e.constant * scale;
  }
  build(): Expr {
    const terms: Term[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      const coeff = this.coeffs[i], original = this.originals[i];
      if (coeff !== 0n) terms.push(original && original.coeff === coeff ? original : makeTerm(coeff, this.powers[i], this.keys[i]));
    }
    return makeExpr(terms, this.constant);
  }
}

/**
 * An expression node. The key is built on first use: most intermediate results of a construction are never
 * compared or cached, and a key spells out every nested atom.
 */
class ExprNode implements Expr {
  private cachedKey: string | undefined;
  constructor(readonly terms: readonly Term[], readonly constant: bigint) {}
  get key(): string {
    return (this.cachedKey ??= `${this.terms.map((t) => `${t.coeff}*${t.monoKey}`).join('+')}|${this.constant}`);
  }
}

/** The one place an Expr is made: terms must already be merged and non-zero. */
export function makeExpr(terms: Term[], constant: bigint): Expr {
  // Insertion sort: the arrays are short and often sorted already; Array.prototype.sort allocates a work area.
  for (let i = 1; i < terms.length; i++) {
    const t = terms[i];
    let j = i - 1;
    while (j >= 0 && byTermOrder(terms[j], t) > 0) { terms[j + 1] = terms[j]; j--; }
    terms[j + 1] = t;
  }
  return new ExprNode(terms, constant);
}

export const fromAtom = (atom: Atom): Expr => makeExpr([makeTerm(1n, [{ atom, exp: 1 }])], 0n);
/** The sum of some of an expression's terms (distinct monomials, as they come from one canonical Expr). */
export const fromTerms = (terms: readonly Term[], constant = 0n): Expr => makeExpr([...terms], constant);

const symbolAtom = (name: string): SymbolAtom => ({ kind: 'symbol', name, key: `a${JSON.stringify(name)}` });
const floorAtom = (arg: Expr, divisor: bigint): FloorAtom => ({ kind: 'floor', arg, divisor, key: `f(${arg.key}/${divisor})` });
const modAtom = (arg: Expr, divisor: bigint): ModAtom => ({ kind: 'mod', arg, divisor, key: `m(${arg.key}%${divisor})` });
const extremumAtom = (kind: 'min' | 'max', args: readonly Expr[]): ExtremumAtom =>
  ({ kind, args, key: `${kind === 'min' ? 'n' : 'x'}(${args.map((a) => a.key).join(',')})` });

// ── Public constructors ─────────────────────────────────────────────────────────────────────────────────────

export function constant(n: number | bigint): Expr {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
  return makeExpr([], BigInt(n));
}
export const ZERO = constant(0n);
export const ONE = constant(1n);

export function symbol(name: string): Expr {
  if (name === '') throw new RangeError('a symbol needs a name');
  return fromAtom(symbolAtom(name));
}

export const toExpr = (x: ExprLike): Expr => (typeof x === 'object' ? x : constant(x));
/** Whether a value is an expression (every Expr is made by makeExpr). */
export const isExpr = (v: unknown): v is Expr => v instanceof ExprNode;

const isZero = (e: Expr): boolean => e.terms.length === 0 && e.constant === 0n;

export function add(...xs: ExprLike[]): Expr {
  if (xs.length === 1) return toExpr(xs[0]);
  if (xs.length === 2) { // the common case; adding 0 keeps the other side as it is
    const a = toExpr(xs[0]), b = toExpr(xs[1]);
    if (isZero(a)) return b;
    if (isZero(b)) return a;
  }
  const sum = new TermSum();
  for (const x of xs) sum.addExpr(toExpr(x));
  return sum.build();
}
/** c · e without re-multiplying monomials. */
export function scale(e: ExprLike, c: bigint): Expr {
  const x = toExpr(e);
  if (c === 1n) return x;
  if (c === 0n) return ZERO;
  return makeExpr(x.terms.map((t) => ({ ...t, coeff: t.coeff * c })), x.constant * c);
}
export const neg = (a: ExprLike): Expr => scale(a, -1n);
export const sub = (a: ExprLike, b: ExprLike): Expr => add(a, neg(b));

function mulPowers(a: readonly Power[], b: readonly Power[]): Power[] {
  const out: Power[] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i], y = b[j];
    if (y === undefined || (x !== undefined && x.atom.key < y.atom.key)) { out.push(x); i++; }
    else if (x === undefined || y.atom.key < x.atom.key) { out.push(y); j++; }
    else { out.push({ atom: x.atom, exp: x.exp + y.exp }); i++; j++; }
  }
  return out;
}

function mul2(a: Expr, b: Expr): Expr {
  if (a.terms.length === 0) return scale(b, a.constant);
  if (b.terms.length === 0) return scale(a, b.constant);
  const sum = new TermSum();
  // (Σ aᵢ + a₀)(Σ bⱼ + b₀): every product of pieces, the constants treated as empty monomials.
  const pieces = (e: Expr): Array<[bigint, readonly Power[]]> => [...e.terms.map((t): [bigint, readonly Power[]] => [t.coeff, t.powers]), [e.constant, []]];
  for (const [ca, pa] of pieces(a)) {
    if (ca === 0n) continue;
    for (const [cb, pb] of pieces(b)) {
      if (cb === 0n) continue;
      const powers = mulPowers(pa, pb);
      sum.add(ca * cb, powers, powers.map(powerKey).join('*'));
    }
  }
  return sum.build();
}

export function mul(...xs: ExprLike[]): Expr {
  let out = ONE;
  for (const x of xs) out = mul2(out, toExpr(x));
  return out;
}

export function pow(a: ExprLike, n: number): Expr {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`pow needs a non-negative integer exponent, got ${n}`);
  let out = ONE;
  for (let i = 0; i < n; i++) out = mul2(out, toExpr(a));
  return out;
}

function toDivisor(k: number | bigint): bigint {
  const d = typeof k === 'bigint' ? k : Number.isSafeInteger(k) ? BigInt(k) : NaN;
  if (typeof d !== 'bigint' || d <= 0n) throw new RangeError(`divisor must be a positive integer, got ${k}`);
  return d;
}

/** gcd of the divisor with every coefficient and the constant: what ⌊g·x/(g·m)⌋ = ⌊x/m⌋ may cancel. */
function commonDivisor(e: Expr, d: bigint): bigint {
  let g = gcdInt(d, e.constant);
  for (const t of e.terms) g = gcdInt(g, t.coeff);
  return g;
}

/** Exact division of every coefficient and the constant by g (the caller knows g divides them). */
function divideCoefficients(e: Expr, g: bigint): Expr {
  if (g === 1n) return e;
  return makeExpr(e.terms.map((t) => ({ ...t, coeff: t.coeff / g })), e.constant / g);
}

/**
 * Splits e = d·outer + inner with inner's coefficients and constant in [0, d): since d·outer is a multiple of d,
 * ⌊e/d⌋ = outer + ⌊inner/d⌋ and e mod d = inner mod d. This is the rule ⌊(a·k + b)/k⌋ = a + ⌊b/k⌋ applied to
 * every term at once, and it makes the inner part canonical (⌊(H − 1)/2⌋ + 1 and ⌊(H + 1)/2⌋ meet here).
 */
function splitByDivisor(e: Expr, d: bigint): { outer: Expr; inner: Expr } {
  const outer = new TermSum(), inner = new TermSum();
  for (const t of e.terms) {
    const q = floorDivInt(t.coeff, d);
    outer.add(q, t.powers, t.monoKey);
    inner.add(t.coeff - q * d, t.powers, t.monoKey);
  }
  const q0 = floorDivInt(e.constant, d);
  outer.constant = q0;
  inner.constant = e.constant - q0 * d;
  return { outer: outer.build(), inner: inner.build() };
}

const singleAtom = (t: Term): Atom | undefined => (t.powers.length === 1 && t.powers[0].exp === 1 ? t.powers[0].atom : undefined);

/** ⌊e/k⌋ for a positive integer k (Python's //). */
export function floorDiv(x: ExprLike, k: number | bigint): Expr {
  let e = toExpr(x);
  let d = toDivisor(k);
  if (d === 1n) return e;
  if (e.terms.length === 0) return constant(floorDivInt(e.constant, d));
  const g = commonDivisor(e, d); // ⌊g·x/(g·m)⌋ = ⌊x/m⌋
  if (g > 1n) { e = divideCoefficients(e, g); d /= g; if (d === 1n) return e; }
  const { outer, inner } = splitByDivisor(e, d);
  if (inner.terms.length === 0) return outer; // inner is then a constant in [0, d), whose floor is 0
  // Nested floors collapse: for any integer Y, ⌊(⌊X/a⌋ + Y)/d⌋ = ⌊⌊(X + a·Y)/a⌋/d⌋ = ⌊(X + a·Y)/(a·d)⌋.
  // Only a coefficient of 1 allows it (2·⌊X/a⌋ is not ⌊2X/a⌋). One floor is absorbed per step; the recursion
  // ends because each step removes one level of nesting.
  const nestedIndex = inner.terms.findIndex((t) => t.coeff === 1n && singleAtom(t)?.kind === 'floor');
  if (nestedIndex >= 0) {
    const nested = singleAtom(inner.terms[nestedIndex]) as FloorAtom;
    const rest = makeExpr(inner.terms.filter((_, i) => i !== nestedIndex), inner.constant);
    return add(outer, floorDiv(add(nested.arg, scale(rest, nested.divisor)), nested.divisor * d));
  }
  // ⌊(X mod a)/d⌋ = 0 when a ≤ d, as 0 ≤ X mod a < a.
  if (inner.constant === 0n && inner.terms.length === 1 && inner.terms[0].coeff === 1n) {
    const only = singleAtom(inner.terms[0]);
    if (only?.kind === 'mod' && only.divisor <= d) return outer;
  }
  const atom = fromAtom(floorAtom(inner, d));
  return isZero(outer) ? atom : add(outer, atom);
}

/** ⌈e/k⌉, stored as ⌊(e + k − 1)/k⌋ so that a ceil and the equivalent floor share one form. */
export function ceilDiv(x: ExprLike, k: number | bigint): Expr {
  const d = toDivisor(k);
  return floorDiv(add(x, d - 1n), d);
}

/** e mod k for a positive integer k (Python's %: the result is in [0, k)). */
export function mod(x: ExprLike, k: number | bigint): Expr {
  const e = toExpr(x);
  const d = toDivisor(k);
  if (d === 1n) return ZERO;
  if (e.terms.length === 0) return constant(modInt(e.constant, d));
  const { inner } = splitByDivisor(e, d); // (x + d·y) mod d = x mod d
  if (inner.terms.length === 0) return constant(inner.constant);
  const g = commonDivisor(inner, d); // (g·x) mod (g·m) = g·(x mod m)
  if (g > 1n) return scale(mod(divideCoefficients(inner, g), d / g), g);
  if (inner.constant === 0n && inner.terms.length === 1 && inner.terms[0].coeff === 1n) {
    const only = singleAtom(inner.terms[0]);
    // (X mod a) mod d: = X mod a when a ≤ d (already in range); = X mod d when d divides a.
    if (only?.kind === 'mod' && (only.divisor <= d || only.divisor % d === 0n)) {
      return only.divisor <= d ? inner : mod(only.arg, d);
    }
  }
  return fromAtom(modAtom(inner, d));
}

function extremum(kind: 'min' | 'max', xs: readonly ExprLike[]): Expr {
  if (xs.length === 0) throw new RangeError(`${kind} needs at least one argument`);
  const better = (a: bigint, b: bigint): boolean => (kind === 'min' ? a < b : a > b);
  // Flatten min(min(a, b), c), fold the constants into one, drop repeats.
  const flat: Expr[] = [];
  let folded: bigint | undefined;
  const visit = (e: Expr): void => {
    // min(min(a, b) + c, x) = min(a + c, b + c, x): a nested extremum of the same kind flattens, offset and all.
    const only = e.terms.length === 1 && e.terms[0].coeff === 1n ? singleAtom(e.terms[0]) : undefined;
    if (only && only.kind === kind) only.args.forEach((arg) => visit(add(arg, e.constant)));
    else if (e.terms.length === 0) folded = folded === undefined || better(e.constant, folded) ? e.constant : folded;
    else flat.push(e);
  };
  xs.map(toExpr).forEach(visit);
  if (folded !== undefined) flat.push(constant(folded));
  // An argument that differs from another by a constant is dominated: max(H, H + 1) = H + 1, max(e, e) = e.
  const kept: Expr[] = [];
  for (const e of flat) {
    let dominated = false;
    for (let i = 0; i < kept.length && !dominated; i++) {
      const diff = sub(e, kept[i]);
      if (diff.terms.length > 0) continue;
      if (better(diff.constant, 0n)) kept.splice(i--, 1);
      else dominated = true;
    }
    if (!dominated) kept.push(e);
  }
  if (kept.length === 1) return kept[0];
  // A constant shared by all arguments comes out: min(H + 2, W + 3) = min(H, W + 1) + 2. Taking out the least
  // constant makes the form unique (the least argument constant inside is then 0).
  let shift = kept[0].constant;
  for (const e of kept) if (e.constant < shift) shift = e.constant;
  const args = kept.map((e) => (shift === 0n ? e : add(e, -shift))).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return add(fromAtom(extremumAtom(kind, args)), shift);
}
export const min = (...xs: ExprLike[]): Expr => extremum('min', xs);
export const max = (...xs: ExprLike[]): Expr => extremum('max', xs);

// ── Inspection ──────────────────────────────────────────────────────────────────────────────────────────────

export const isConstant = (e: Expr): boolean => e.terms.length === 0;
export const constantValue = (e: Expr): bigint | undefined => (e.terms.length === 0 ? e.constant : undefined);
export const equals = (a: ExprLike, b: ExprLike): boolean => toExpr(a).key === toExpr(b).key;

/** The symbol's name when e is exactly one symbol (H), else undefined. */
export function symbolName(e: Expr): string | undefined {
  if (e.constant !== 0n || e.terms.length !== 1 || e.terms[0].coeff !== 1n) return undefined;
  const only = singleAtom(e.terms[0]);
  return only?.kind === 'symbol' ? only.name : undefined;
}

function collectSymbols(e: Expr, into: Set<string>): void {
  for (const t of e.terms) for (const p of t.powers) collectAtomSymbols(p.atom, into);
}
function collectAtomSymbols(a: Atom, into: Set<string>): void {
  if (a.kind === 'symbol') into.add(a.name);
  else if (a.kind === 'floor' || a.kind === 'mod') collectSymbols(a.arg, into);
  else a.args.forEach((x) => collectSymbols(x, into));
}
/** The names of the free sizes in e, sorted. */
export function freeSymbols(e: Expr): string[] {
  const names = new Set<string>();
  collectSymbols(e, names);
  return [...names].sort();
}

export type Bindings = ReadonlyMap<string, ExprLike> | Readonly<Record<string, ExprLike>>;
const lookup = (b: Bindings, name: string): ExprLike | undefined =>
  b instanceof Map ? b.get(name) : Object.hasOwn(b, name) ? (b as Readonly<Record<string, ExprLike>>)[name] : undefined;

/** e with symbols replaced (H → 2·W, H → 32); the result is re-simplified, so substituting numbers folds it. */
export function substitute(e: Expr, bindings: Bindings): Expr {
  // An atom's key spells every symbol inside it as a"name", so a substring test tells which atoms stay as they are.
  const bound = (bindings instanceof Map ? [...bindings.keys()] : Object.keys(bindings)).map((n) => `a${JSON.stringify(n)}`);
  const touched = (key: string): boolean => bound.some((b) => key.includes(b));
  if (!touched(e.key)) return e;
  const atomCache = new Map<string, Expr>();
  const substAtom = (a: Atom): Expr => {
    const cached = atomCache.get(a.key);
    if (cached) return cached;
    let out: Expr;
    if (a.kind === 'symbol') { const v = lookup(bindings, a.name); out = v === undefined ? fromAtom(a) : toExpr(v); }
    else if (a.kind === 'floor') out = floorDiv(substituteIn(a.arg), a.divisor);
    else if (a.kind === 'mod') out = mod(substituteIn(a.arg), a.divisor);
    else out = extremum(a.kind, a.args.map(substituteIn));
    atomCache.set(a.key, out);
    return out;
  };
  const substituteIn = (x: Expr): Expr => {
    const sum = new TermSum();
    sum.constant = x.constant;
    for (const t of x.terms) {
      if (!touched(t.monoKey)) { sum.add(t.coeff, t.powers, t.monoKey); continue; }
      let product = constant(t.coeff);
      for (const p of t.powers) product = mul2(product, pow(substAtom(p.atom), p.exp));
      sum.addExpr(product);
    }
    return sum.build();
  };
  return substituteIn(e);
}

/**
 * a / b when b divides a exactly as polynomials and b is a constant or a single term (view(-1, C·H·W) dividing
 * numel = N·C·H·W by C·H·W gives N); undefined otherwise (including when it would need a floor).
 */
export function divideExact(a: ExprLike, b: ExprLike): Expr | undefined {
  const x = toExpr(a), y = toExpr(b);
  if (x.key === y.key && !(y.terms.length === 0 && y.constant === 0n)) return ONE;
  if (y.terms.length === 0) {
    if (y.constant === 0n) return undefined;
    if (x.constant % y.constant !== 0n || x.terms.some((t) => t.coeff % y.constant !== 0n)) return undefined;
    return makeExpr(x.terms.map((t) => makeTerm(t.coeff / y.constant, t.powers)), x.constant / y.constant);
  }
  if (y.terms.length !== 1 || y.constant !== 0n || x.constant !== 0n) return undefined;
  const divisor = y.terms[0];
  const terms: Term[] = [];
  for (const t of x.terms) {
    if (t.coeff % divisor.coeff !== 0n) return undefined;
    const left = new Map(t.powers.map((p) => [p.atom.key, p]));
    for (const p of divisor.powers) {
      const have = left.get(p.atom.key);
      if (!have || have.exp < p.exp) return undefined;
      if (have.exp === p.exp) left.delete(p.atom.key);
      else left.set(p.atom.key, { atom: p.atom, exp: have.exp - p.exp });
    }
    terms.push(makeTerm(t.coeff / divisor.coeff, [...left.values()]));
  }
  const sum = new TermSum();
  for (const t of terms) sum.add(t.coeff, t.powers, t.monoKey);
  return sum.build();
}

/** e as a polynomial in one atom: the coefficient of atom^j for every j (used by the factoriser). */
export function coefficientsIn(e: Expr, atomKey: string): Expr[] {
  const sums: TermSum[] = [];
  const at = (j: number): TermSum => (sums[j] ??= new TermSum());
  at(0).constant = e.constant;
  for (const t of e.terms) {
    const p = t.powers.find((q) => q.atom.key === atomKey);
    const rest = p ? t.powers.filter((q) => q !== p) : t.powers;
    at(p ? p.exp : 0).add(t.coeff, rest, rest.map(powerKey).join('*'));
  }
  return Array.from(sums, (s) => (s ?? new TermSum()).build());
}
