// Printing expressions for humans (⌊(H − 4)/2⌋, 16·⌊(H − 12)/4⌋², real minus signs) and as plain ASCII
// (floor((H - 4)/2), 16*floor((H - 12)/4)^2). The canonical form is expanded and keeps floors reduced
// (⌊H/2⌋ − 2), so the printer chooses, among equivalent renderings, the one a reader expects:
//  - a sum is shown factored when that is shorter (16·⌊(H − 12)/4⌋² rather than its expansion);
//  - a floor with a constant beside it takes the constant inside (⌊(H − 4)/2⌋, as in the convolution formula),
//    or becomes a ceiling when that needs fewer constants (⌊(H + 1)/2⌋ = ⌊(H − 1)/2⌋ + 1 prints ⌈H/2⌉).

import { factorize, isProperFactorization } from './factor';
import { absInt, add, fromTerms, gcdInt, type Atom, type Expr, type ExprLike, type FloorAtom, type Term, toExpr } from './expr';

interface Style {
  readonly minus: string; readonly times: string;
  readonly floor: readonly [string, string]; readonly ceil: readonly [string, string];
  readonly mod: string; readonly power: (n: number) => string;
}
const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const UNICODE: Style = {
  minus: '−', times: '·', floor: ['⌊', '⌋'], ceil: ['⌈', '⌉'], mod: ' mod ',
  power: (n) => [...String(n)].map((c) => SUPERSCRIPT[Number(c)]).join(''),
};
const ASCII: Style = { minus: '-', times: '*', floor: ['floor(', ')'], ceil: ['ceil(', ')'], mod: ' % ', power: (n) => `^${n}` };

/**
 * A style and the renderings made so far in one call: the expanded and the factored candidates of a sum
 * render the same atoms, so without the cache nested floors would be rendered exponentially often.
 */
interface Context { readonly style: Style; readonly cache: Map<Atom, string> }

/** e for humans: ⌊(H − 4)/2⌋, 16·⌊(H − 12)/4⌋², (H mod 4), min(H, W). */
export const format = (e: ExprLike): string => render(toExpr(e), { style: UNICODE, cache: new Map() }).text;
/** e in plain ASCII, Python-like: floor((H - 4)/2), 16*floor((H - 12)/4)^2, (H % 4), min(H, W). */
export const formatAscii = (e: ExprLike): string => render(toExpr(e), { style: ASCII, cache: new Map() }).text;

/** A rendering; `compound` when it needs parentheses as a factor of a product (a sum of two or more pieces). */
interface Text { readonly text: string; readonly compound: boolean }

function render(e: Expr, cx: Context): Text {
  const expanded = renderSum(e, cx);
  if (e.terms.length === 0 || (e.terms.length === 1 && e.constant === 0n)) return expanded;
  // A linear sum without a common factor has no shorter product form; factorize need not look.
  let g = e.constant;
  for (const t of e.terms) g = gcdInt(g, t.coeff);
  if (g === 1n && e.terms.every((t) => t.degree === 1)) return expanded;
  const f = factorize(e);
  const worthTrying = isProperFactorization(f) || (f.factors.length === 1 && absInt(f.content) !== 1n);
  if (!worthTrying) return expanded;
  const factored = renderProduct(f.content, f.factors.map((x) => ({ base: render(x.base, cx), exp: x.exp })), cx.style);
  return factored.text.length < expanded.text.length ? factored : expanded;
}

function renderProduct(content: bigint, factors: ReadonlyArray<{ base: Text; exp: number }>, st: Style): Text {
  const parts = factors.map(({ base, exp }) => {
    const b = base.compound ? `(${base.text})` : base.text;
    return exp === 1 ? b : `${b}${st.power(exp)}`;
  });
  const magnitude = absInt(content);
  if (magnitude !== 1n || parts.length === 0) parts.unshift(String(magnitude));
  const text = (content < 0n ? st.minus : '') + parts.join(st.times);
  return { text, compound: content < 0n };
}

/** An atom's text, once per call: the candidates of a sum share their atoms (the same objects). */
function renderAtom(a: Atom, cx: Context): string {
  let text = cx.cache.get(a);
  if (text === undefined) cx.cache.set(a, (text = renderAtomUncached(a, cx)));
  return text;
}

function renderAtomUncached(a: Atom, cx: Context): string {
  if (a.kind === 'symbol') return a.name;
  if (a.kind === 'floor') return renderFloor(a, 0n, cx).text;
  if (a.kind === 'mod') {
    const arg = render(a.arg, cx);
    return `(${arg.compound ? `(${arg.text})` : arg.text}${cx.style.mod}${a.divisor})`;
  }
  return `${a.kind}(${a.args.map((x) => render(x, cx).text).join(', ')})`;
}

/** |coeff|·monomial, without the sign. */
function renderTermMagnitude(t: Term, cx: Context): string {
  const parts = t.powers.map((p) => {
    const base = renderAtom(p.atom, cx);
    return p.exp === 1 ? base : `${base}${cx.style.power(p.exp)}`;
  });
  const magnitude = absInt(t.coeff);
  if (magnitude !== 1n) parts.unshift(String(magnitude));
  return parts.join(cx.style.times);
}

interface Piece { readonly negative: boolean; readonly text: string }

function renderSum(e: Expr, cx: Context): Text {
  const st = cx.style;
  const pieces: Piece[] = [];
  let leftover = e.constant;
  // The first floor term with coefficient 1 may take the sum's constant inside (⌊H/2⌋ − 2 → ⌊(H − 4)/2⌋).
  const absorbing = e.terms.findIndex((t) => t.coeff === 1n && t.powers.length === 1 && t.powers[0].exp === 1 && t.powers[0].atom.kind === 'floor');
  e.terms.forEach((t, i) => {
    if (i === absorbing) {
      const r = renderFloor(t.powers[0].atom as FloorAtom, e.constant, cx);
      leftover = r.leftover;
      pieces.push({ negative: false, text: r.text });
    } else pieces.push({ negative: t.coeff < 0n, text: renderTermMagnitude(t, cx) });
  });
  if (leftover !== 0n || pieces.length === 0) pieces.push({ negative: leftover < 0n, text: String(absInt(leftover)) });
  // Lead with a positive piece when there is one: ⌊H/2⌋ − H rather than −H + ⌊H/2⌋.
  const firstPositive = pieces.findIndex((p) => !p.negative);
  if (firstPositive > 0) pieces.unshift(...pieces.splice(firstPositive, 1));
  const text = pieces.map((p, i) => (i === 0 ? (p.negative ? st.minus : '') + p.text : `${p.negative ? ` ${st.minus} ` : ' + '}${p.text}`)).join('');
  return { text, compound: pieces.length > 1 || pieces[0].negative };
}

/**
 * ⌊(X + r)/k⌋ + q in the form with the fewest constants, the constant inside a floor first:
 *   ⌊(X + r + q·k)/k⌋,  ⌈(X + r + q·k − k + 1)/k⌉,  ⌊(X + r)/k⌋ + q,  ⌈(X + r − k + 1)/k⌉ + q.
 * (⌈y/k⌉ = ⌊(y + k − 1)/k⌋, and q moves in and out of a floor as q·k.)
 */
function renderFloor(a: FloorAtom, q: bigint, cx: Context): { text: string; leftover: bigint } {
  const k = a.divisor, r = a.arg.constant;
  const x = fromTerms(a.arg.terms);
  const options: Array<{ ceil: boolean; inside: bigint; leftover: bigint }> = [
    { ceil: false, inside: r + q * k, leftover: 0n },
    { ceil: true, inside: r + q * k - k + 1n, leftover: 0n },
    { ceil: false, inside: r, leftover: q },
    { ceil: true, inside: r - k + 1n, leftover: q },
  ];
  const cost = (o: { inside: bigint; leftover: bigint }): number => (o.inside !== 0n ? 1 : 0) + (o.leftover !== 0n ? 1 : 0);
  let best = options[0];
  for (const o of options) if (cost(o) < cost(best)) best = o;
  const numerator = render(add(x, best.inside), cx);
  const [open, close] = best.ceil ? cx.style.ceil : cx.style.floor;
  const body = numerator.compound ? `(${numerator.text})/${k}` : `${numerator.text}/${k}`;
  return { text: `${open}${body}${close}`, leftover: best.leftover };
}
