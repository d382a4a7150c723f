// Randomised checks of the symbolic algebra against plain integer arithmetic: 10,000 seeded random expressions
// over H, W and constants, each built twice — as a reference tree evaluated here with Python's floor
// semantics, and through the algebra (which simplifies as it builds) — and compared at sampled points,
// including negative sizes, where floor division and mod differ from truncation. The printed forms are parsed
// back and evaluated too, so the printer's rewritings (ceilings, factoring, constants moved into floors) are
// checked, and the interval bounds must contain every sampled value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add, bounds, compile, evaluate, format, formatAscii, intervalBounds, mul, sub, substitute, symbol } from '../../src/engine/symbolic';
import { build, prng, pyFloorDiv, pyMod, randomNode, reference, type ExprTree } from './symbolicRandom';

const SEED = 20240917;
const CASES = 10_000;

// ── A parser for the printed forms, evaluating over exact rationals ────────────────────────────────────────
interface Rational { n: bigint; d: bigint }
const rat = (n: bigint, d = 1n): Rational => { if (d < 0n) { n = -n; d = -d; } return { n, d }; };
const integral = (r: Rational): bigint => { assert.equal(r.n % r.d, 0n, 'an integer was expected'); return r.n / r.d; };
const less = (a: Rational, b: Rational): boolean => a.n * b.d < b.n * a.d;

/** Turns the human format into the ASCII one (⌊x⌋ → floor(x), · → *, − → -, ² → ^2, mod → %). */
function unicodeToAscii(s: string): string {
  const sup = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return s.replace(/⌊/g, 'floor(').replace(/⌈/g, 'ceil(').replace(/[⌋⌉]/g, ')').replace(/·/g, '*').replace(/−/g, '-')
    .replace(/ mod /g, ' % ').replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, (m) => `^${[...m].map((c) => sup.indexOf(c)).join('')}`);
}

function parseAndEvaluate(text: string, env: Record<string, bigint>): bigint {
  const tokens = text.match(/\d+|[A-Za-z_]\w*|[-+*/%^(),]/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const take = (t?: string): string => { const x = tokens[i++]; if (t !== undefined) assert.equal(x, t, `in ${text}`); return x; };
  const expr = (): Rational => {
    let v = term();
    while (peek() === '+' || peek() === '-') { const op = take(); const r = term(); v = rat(op === '+' ? v.n * r.d + r.n * v.d : v.n * r.d - r.n * v.d, v.d * r.d); }
    return v;
  };
  const term = (): Rational => {
    let v = unary();
    while (peek() === '*' || peek() === '/' || peek() === '%') {
      const op = take(); const r = unary();
      v = op === '*' ? rat(v.n * r.n, v.d * r.d) : op === '/' ? rat(v.n * r.d, v.d * r.n) : rat(pyMod(integral(v), integral(r)));
    }
    return v;
  };
  const unary = (): Rational => { if (peek() === '-') { take(); const v = unary(); return rat(-v.n, v.d); } return power(); };
  const power = (): Rational => {
    const b = primary();
    if (peek() !== '^') return b;
    take(); const e = Number(take());
    return rat(b.n ** BigInt(e), b.d ** BigInt(e));
  };
  const primary = (): Rational => {
    const t = take();
    if (t === '(') { const v = expr(); take(')'); return v; }
    if (/^\d+$/.test(t)) return rat(BigInt(t));
    if (t === 'floor' || t === 'ceil' || t === 'min' || t === 'max') {
      take('(');
      const args = [expr()];
      while (peek() === ',') { take(); args.push(expr()); }
      take(')');
      if (t === 'floor') return rat(pyFloorDiv(args[0].n, args[0].d));
      if (t === 'ceil') return rat(-pyFloorDiv(-args[0].n, args[0].d));
      return args.reduce((a, b) => (t === 'min' ? (less(b, a) ? b : a) : (less(a, b) ? b : a)));
    }
    assert.ok(t in env, `unknown token ${t} in ${text}`);
    return rat(env[t]);
  };
  const v = expr();
  assert.equal(i, tokens.length, `trailing tokens in ${text}`);
  return integral(v);
}

test(`${CASES} random expressions of depth 1–4: the algebra, compiled closures and printed forms agree with integer arithmetic`, () => {
  const rand = prng(SEED);
  const value = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  for (let c = 0; c < CASES; c++) {
    const node = randomNode(rand, 1 + (c % 4)); // depths 1 to 4 in turn: small cases are cheap, deep ones nest floors
    const e = build(node);
    const f = compile(e, ['H', 'W']);
    // Each printed form is parsed back in every other case (both share the renderer; the glyphs differ).
    const printed = c % 2 === 0 ? formatAscii(e) : format(e);
    const parsable = c % 2 === 0 ? printed : unicodeToAscii(printed);
    // Substitution re-simplifies: e with H := W + 3 must agree with the reference at H = W + 3 (every 4th case).
    const shifted = c % 4 === 1 ? substitute(e, { H: add(symbol('W'), 3) }) : undefined;
    for (let p = 0; p < 3; p++) {
      const env = { H: BigInt(value(-40, 40)), W: BigInt(value(-40, 40)) };
      // The message is built only on failure: formatting it for every check would cost more than the checks.
      const check = (actual: bigint, expected: bigint, what: string): void => {
        if (actual !== expected) assert.fail(`${what}: ${actual} ≠ ${expected} in case ${c} (seed ${SEED}), H = ${env.H}, W = ${env.W}: ${format(e)}`);
      };
      const expected = reference(node, env);
      check(evaluate(e, env), expected, 'evaluate');
      check(BigInt(f([Number(env.H), Number(env.W)])), expected, 'compiled');
      if (p >= 1) continue; // the slower checks at one point
      check(parseAndEvaluate(parsable, env), expected, `printed ${printed}`);
      if (shifted) check(evaluate(shifted, { W: env.W }), reference(node, { H: env.W + 3n, W: env.W }), 'substituted H := W + 3');
    }
  }
});

test('random expressions: equal canonical keys mean equal values, whatever the order of construction', () => {
  const rand = prng(SEED + 1);
  const byKey = new Map<string, ExprTree>();
  const points = Array.from({ length: 6 }, (_, i) => ({ H: BigInt(i * 7 - 20), W: BigInt(13 - i * 5) }));
  for (let c = 0; c < 1000; c++) {
    const a = randomNode(rand, 3), b = randomNode(rand, 3);
    // Commuted and re-associated constructions have one form.
    const [ea, eb] = [build(a), build(b)];
    assert.equal(add(ea, eb).key, add(eb, ea).key);
    assert.equal(mul(ea, eb).key, mul(eb, ea).key);
    assert.equal(sub(add(ea, eb), eb).key, ea.key);
    for (const [n, key] of [[a, ea.key], [b, eb.key]] as const) {
      const seen = byKey.get(key);
      if (!seen) { byKey.set(key, n); continue; }
      for (const env of points) if (reference(n, env) !== reference(seen, env)) assert.fail(`one key, two values: ${format(build(n))}`);
    }
  }
  assert.ok(byKey.size > 300, 'the generator should not repeat itself much');
});

test('random expressions: bounds contain every value in the ranges', () => {
  const rand = prng(SEED + 2);
  const value = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  for (let c = 0; c < 1500; c++) {
    const node = randomNode(rand, 3);
    const e = build(node);
    const hLo = value(-20, 20), wLo = value(-20, 20);
    const ranges = { H: { lo: hLo, hi: hLo + value(0, 30) }, W: { lo: wLo, hi: wLo + value(0, 30) } };
    const exact = bounds(e, ranges), interval = intervalBounds(e, ranges);
    for (let p = 0; p < 8; p++) {
      const env = { H: BigInt(value(ranges.H.lo, ranges.H.hi)), W: BigInt(value(ranges.W.lo, ranges.W.hi)) };
      const v = reference(node, env);
      for (const b of [exact, interval]) {
        if ((b.lo !== null && b.lo > v) || (b.hi !== null && v > b.hi)) assert.fail(`${format(e)} = ${v} at H = ${env.H}, W = ${env.W} outside [${b.lo}, ${b.hi}]`);
      }
    }
  }
});
