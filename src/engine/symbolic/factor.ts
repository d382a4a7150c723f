// Factoring canonical (expanded) polynomials back into products: the canonical form multiplies everything out,
// but a flatten of 16 channels over two pooled sizes reads far better as 16·⌊(H − 12)/4⌋·⌊(W − 12)/4⌋ than as
// 16·⌊H/4⌋·⌊W/4⌋ − 48·⌊H/4⌋ − 48·⌊W/4⌋ + 144. The printer, the interval bounds (a factored square is never
// negative; the expanded one loses that) and the solver (a product of an H-part and a W-part separates) use it.
//
// Atoms are treated as independent variables, so the factorisation is a polynomial identity: it holds whatever
// the atoms' values. Only integer linear factors (atom − r) are searched for, after the content and the common
// monomial: that covers the products of sizes a network makes, and is cheap.

import { absInt, add, coefficientsIn, fromAtom, gcdInt, makeExpr, mul, ONE, pow, scale, sub, ZERO, type Atom, type Expr } from './expr';

export interface Factor { readonly base: Expr; readonly exp: number }
/** e = content · Π base^exp; the bases have no common integer factor and a positive leading coefficient. */
export interface Factorization { readonly content: bigint; readonly factors: readonly Factor[] }

/** Largest |constant term| whose divisors are tried as roots (trial division up to its square root). */
const MAX_ROOT_SEARCH = 10_000_000_000n;

export function factorize(e: Expr): Factorization {
  if (e.terms.length === 0) return { content: e.constant, factors: [] };
  // Content: the gcd of all coefficients, signed so that the leading term stays positive.
  let g = e.constant;
  for (const t of e.terms) g = gcdInt(g, t.coeff);
  if (e.terms[0].coeff < 0n) g = -g;
  const primitive = makeExpr(e.terms.map((t) => ({ ...t, coeff: t.coeff / g })), e.constant / g);

  // Common monomial: the least power of each atom that every term carries (none when there is a constant).
  const common = new Map<string, { atom: Atom; exp: number }>();
  if (primitive.constant === 0n) {
    for (const p of primitive.terms[0].powers) common.set(p.atom.key, { atom: p.atom, exp: p.exp });
    for (const t of primitive.terms.slice(1)) {
      for (const [key, c] of common) {
        const here = t.powers.find((p) => p.atom.key === key);
        if (!here) common.delete(key);
        else if (here.exp < c.exp) common.set(key, { atom: c.atom, exp: here.exp });
      }
    }
  }
  const factors: Factor[] = [];
  let rest = primitive;
  for (const { atom, exp } of common.values()) {
    factors.push({ base: fromAtom(atom), exp });
    rest = divideByAtomPower(rest, atom, exp);
  }
  // Linear factors (atom − r), found one at a time from integer roots.
  for (let found = true; found && rest.terms.length > 0 && !isLinear(rest);) {
    found = false;
    for (const atom of atomsOf(rest)) {
      const split = splitLinearFactor(rest, atom);
      if (split) { factors.push({ base: split.factor, exp: 1 }); rest = split.quotient; found = true; break; }
    }
  }
  if (rest.key !== ONE.key) factors.push({ base: rest, exp: 1 });
  return { content: g, factors: mergePowers(factors) };
}

/** True when the factorisation says more than e itself: two or more factors, or a power. */
export const isProperFactorization = (f: Factorization): boolean =>
  f.factors.length >= 2 || f.factors.some((x) => x.exp >= 2);

/** content · Π base^exp, rebuilt (for tests and for callers that changed a factor). */
export const expand = (f: Factorization): Expr => mul(f.content, ...f.factors.map((x) => pow(x.base, x.exp)));

function atomsOf(e: Expr): Atom[] {
  const seen = new Map<string, Atom>();
  for (const t of e.terms) for (const p of t.powers) if (!seen.has(p.atom.key)) seen.set(p.atom.key, p.atom);
  return [...seen.values()];
}

/** A polynomial of degree 1 has no non-constant factor but itself. */
const isLinear = (e: Expr): boolean => e.terms.every((t) => t.degree <= 1);

function divideByAtomPower(e: Expr, atom: Atom, exp: number): Expr {
  const coefficients = coefficientsIn(e, atom.key);
  let out = ZERO;
  for (let j = exp; j < coefficients.length; j++) out = add(out, mul(coefficients[j], pow(fromAtom(atom), j - exp)));
  return out;
}

/** e = (atom − r) · q for an integer r, if there is one: r must be a root of e with every other atom set to 0. */
function splitLinearFactor(e: Expr, atom: Atom): { factor: Expr; quotient: Expr } | undefined {
  const coefficients = coefficientsIn(e, atom.key);
  if (coefficients.length < 2) return undefined;
  const univariate = coefficients.map((c) => c.constant); // other atoms at 0
  for (const r of rootCandidates(univariate)) {
    // Synthetic division by (atom − r): b[d−1] = c[d], b[j−1] = c[j] + r·b[j]; the remainder c[0] + r·b[0] must vanish.
    const degree = coefficients.length - 1;
    const b: Expr[] = new Array<Expr>(degree);
    b[degree - 1] = coefficients[degree];
    for (let j = degree - 1; j >= 1; j--) b[j - 1] = add(coefficients[j], scale(b[j], r));
    if (add(coefficients[0], scale(b[0], r)).key !== ZERO.key) continue;
    let quotient = ZERO;
    for (let j = 0; j < degree; j++) quotient = add(quotient, mul(b[j], pow(fromAtom(atom), j)));
    return { factor: sub(fromAtom(atom), r), quotient };
  }
  return undefined;
}

/** Integer roots of Σ c[j]·x^j: the rational-root theorem, limited to what is cheap to enumerate. */
function rootCandidates(c: readonly bigint[]): bigint[] {
  let degree = c.length - 1;
  while (degree > 0 && c[degree] === 0n) degree--;
  if (degree === 0) return [];
  if (c[0] === 0n) return [0n];
  if (degree === 1) return c[0] % c[1] === 0n ? [-c[0] / c[1]] : [];
  const value = (x: bigint): bigint => { let v = 0n; for (let j = degree; j >= 0; j--) v = v * x + c[j]; return v; };
  const constantTerm = absInt(c[0]);
  if (constantTerm > MAX_ROOT_SEARCH) return [];
  const roots: bigint[] = [];
  for (let d = 1n; d * d <= constantTerm; d++) {
    if (constantTerm % d !== 0n) continue;
    for (const r of new Set([d, constantTerm / d])) for (const s of [r, -r]) if (value(s) === 0n) roots.push(s);
  }
  return roots;
}

function mergePowers(factors: readonly Factor[]): Factor[] {
  const byKey = new Map<string, Factor>();
  for (const f of factors) {
    const old = byKey.get(f.base.key);
    byKey.set(f.base.key, old ? { base: f.base, exp: old.exp + f.exp } : f);
  }
  return [...byKey.values()];
}
