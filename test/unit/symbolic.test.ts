// The symbolic size algebra (src/engine/symbolic): simplification to one canonical form, equality of
// equivalent forms, printing, exact evaluation with Python's floor semantics, bounds and comparisons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  add, bounds, ceilDiv, compare, compile, constant, constantValue, divideExact, equals, evaluate, expand, factorize,
  floorDiv, format, formatAscii, freeSymbols, intervalBounds, isConstant, max, min, mod, mul, neg, pow, sub,
  substitute, symbol, symbolName, type Expr,
} from '../../src/engine/symbolic';

const H = symbol('H'), W = symbol('W'), N = symbol('N');
/** PyTorch's output size of a convolution or pooling window over a size. */
const window = (x: Expr, k: number, s = 1, p = 0, d = 1): Expr => add(floorDiv(add(x, 2 * p - d * (k - 1) - 1), s), 1);
const same = (a: Expr, b: Expr): void => assert.equal(a.key, b.key, `${format(a)} ≠ ${format(b)}`);

// ── Simplification ──────────────────────────────────────────────────────────────────────────────────────────
test('constants fold; sums and products flatten, sort and collect like terms', () => {
  assert.equal(constantValue(add(2, mul(3, 4), neg(5))), 9n);
  same(add(mul(2, H), H), mul(3, H));
  same(add(H, W), add(W, H));
  same(mul(H, W, 2), mul(2, W, H));
  same(add(add(H, 1), add(W, 2)), add(H, add(W, 3)));
  same(sub(H, H), constant(0));
  same(mul(add(H, 1), W), add(mul(H, W), W)); // products distribute: one form for both
  same(sub(mul(add(H, 1), add(H, 1)), pow(H, 2)), add(mul(2, H), 1));
  same(mul(0, H, W), constant(0));
  assert.ok(isConstant(sub(mul(H, W), mul(W, H))));
});

test('⌊(a·k + b)/k⌋ = a + ⌊b/k⌋ for any integer expression a', () => {
  same(floorDiv(add(mul(4, H), 6), 4), add(H, 1, floorDiv(2, 4)));
  same(floorDiv(add(mul(4, H), 6), 4), add(H, 1));
  same(floorDiv(add(mul(8, W), H), 8), add(W, floorDiv(H, 8)));
  same(floorDiv(sub(H, 4), 2), sub(floorDiv(H, 2), 2)); // the constant leaves the floor in the canonical form
  same(floorDiv(mul(6, H), 3), mul(2, H));
  same(floorDiv(add(mul(6, H), 3), 9), floorDiv(add(mul(2, H), 1), 3)); // a common factor cancels
  same(floorDiv(mul(H, W, 4), 4), mul(H, W));
});

test('nested floors collapse: ⌊⌊e/a⌋/b⌋ = ⌊e/(a·b)⌋, with integer offsets carried in', () => {
  same(floorDiv(floorDiv(H, 2), 3), floorDiv(H, 6));
  same(floorDiv(sub(floorDiv(sub(H, 4), 2), 4), 2), floorDiv(sub(H, 12), 4)); // LeNet's conv5 → pool2 → conv5 → pool2
  same(floorDiv(add(floorDiv(H, 2), W), 2), floorDiv(add(H, mul(2, W)), 4));
  same(ceilDiv(ceilDiv(ceilDiv(H, 2), 2), 2), ceilDiv(H, 8));
  same(floorDiv(mod(H, 3), 4), constant(0));
});

test('⌈e/c⌉ and ⌊(e + c − 1)/c⌋ are one form; ⌊(H − 1)/2⌋ + 1 = ⌈H/2⌉', () => {
  same(ceilDiv(H, 2), floorDiv(add(H, 1), 2));
  same(add(floorDiv(sub(H, 1), 2), 1), ceilDiv(H, 2));
  same(window(H, 3, 2, 1), ceilDiv(H, 2)); // a 3×3 stride-2 padding-1 convolution
  same(window(H, 1, 2), ceilDiv(H, 2)); // the 1×1 stride-2 shortcut of a ResNet block: the same size
  same(window(H, 7, 2, 3), ceilDiv(H, 2));
  same(ceilDiv(mul(4, H), 4), H);
});

test('mod by a constant: reduced coefficients, common factors, nested mods', () => {
  same(mod(add(H, 5), 4), mod(add(H, 1), 4));
  same(mod(add(mul(4, H), 2), 4), constant(2));
  same(mod(mul(6, H), 4), mul(2, mod(H, 2)));
  same(mod(mod(H, 8), 4), mod(H, 4));
  same(mod(mod(H, 3), 5), mod(H, 3));
  assert.equal(constantValue(mod(-7, 3)), 2n); // Python: -7 % 3 == 2
});

test('min and max: constants fold, repeats and dominated arguments go, shared constants come out', () => {
  assert.equal(constantValue(min(3, 7, -2)), -2n);
  assert.equal(constantValue(max(3, 7, -2)), 7n);
  same(max(H, H), H);
  same(max(H, add(H, 1)), add(H, 1));
  same(min(H, add(H, 1)), H);
  same(min(add(H, 2), add(W, 3)), add(min(H, add(W, 1)), 2));
  same(min(W, H), min(H, W));
  same(max(max(H, W), N), max(H, N, W));
  same(min(add(min(H, W), 2), 5), add(min(H, W, 3), 2));
});

test('substitute, freeSymbols, symbolName, divideExact', () => {
  const e = add(mul(16, floorDiv(sub(H, 12), 4), floorDiv(sub(W, 12), 4)), N);
  assert.deepEqual(freeSymbols(e), ['H', 'N', 'W']);
  assert.equal(constantValue(substitute(e, { H: 32, W: 32, N: 0 })), 400n);
  same(substitute(e, new Map([['W', H]])), add(mul(16, pow(floorDiv(sub(H, 12), 4), 2)), N));
  same(substitute(floorDiv(H, 2), { H: mul(2, W) }), W);
  assert.equal(symbolName(H), 'H');
  assert.equal(symbolName(add(H, 1)), undefined);
  const numel = mul(N, 16, floorDiv(H, 4), floorDiv(W, 4));
  same(divideExact(numel, mul(16, floorDiv(H, 4), floorDiv(W, 4))) as Expr, N);
  same(divideExact(mul(6, H), 3) as Expr, mul(2, H));
  assert.equal(divideExact(add(H, 1), H), undefined);
  assert.equal(divideExact(mul(3, H), 2), undefined);
});

test('equals compares canonical forms', () => {
  assert.ok(equals(add(floorDiv(sub(H, 1), 2), 1), ceilDiv(H, 2)));
  assert.ok(equals(mul(2, add(H, 3)), add(mul(2, H), 6)));
  assert.ok(!equals(floorDiv(H, 2), ceilDiv(H, 2)));
  assert.ok(equals(4, constant(4n)));
});

// ── Printing ────────────────────────────────────────────────────────────────────────────────────────────────
test('format: floor/ceil glyphs, real minus signs, middle dots, powers, the conv formula kept readable', () => {
  const pool1 = window(window(H, 5), 2, 2);
  const pool2 = window(window(pool1, 5), 2, 2);
  assert.equal(format(pool1), '⌊(H − 4)/2⌋');
  assert.equal(format(pool2), '⌊(H − 12)/4⌋');
  assert.equal(format(mul(16, pool2, pool2)), '16·⌊(H − 12)/4⌋²');
  assert.equal(format(mul(16, pool2, window(window(window(window(W, 5), 2, 2), 5), 2, 2))), '16·⌊(H − 12)/4⌋·⌊(W − 12)/4⌋');
  assert.equal(format(add(floorDiv(sub(H, 1), 2), 1)), '⌈H/2⌉');
  assert.equal(format(floorDiv(add(ceilDiv(ceilDiv(ceilDiv(H, 2), 2), 2), 0), 4)), '⌊(H + 7)/32⌋');
  assert.equal(format(sub(H, 4)), 'H − 4');
  assert.equal(format(sub(4, H)), '4 − H');
  assert.equal(format(neg(H)), '−H');
  assert.equal(format(mul(3, H, W)), '3·H·W');
  assert.equal(format(pow(add(H, 1), 2)), '(H + 1)²');
  assert.equal(format(add(mul(2, H), 2)), '2·H + 2'); // factoring only when it is shorter
  assert.equal(format(mod(add(H, 5), 4)), '((H + 1) mod 4)');
  assert.equal(format(min(H, W, 3)), 'min(H, W, 3)');
  assert.equal(format(floorDiv(neg(H), 2)), '⌊H/2⌋ − H'); // ⌊−H/2⌋, reduced
  assert.equal(format(constant(-3)), '−3');
  assert.equal(format(mul(20, window(window(H, 5), 2, 2), window(window(W, 5), 2, 2))), '20·⌊(H − 4)/2⌋·⌊(W − 4)/2⌋');
});

test('formatAscii: floor((H - 4)/2) and friends', () => {
  assert.equal(formatAscii(window(window(H, 5), 2, 2)), 'floor((H - 4)/2)');
  assert.equal(formatAscii(mul(16, pow(floorDiv(sub(H, 12), 4), 2))), '16*floor((H - 12)/4)^2');
  assert.equal(formatAscii(ceilDiv(H, 2)), 'ceil(H/2)');
  assert.equal(formatAscii(mod(H, 4)), '(H % 4)');
  assert.equal(formatAscii(sub(mul(2, H), max(H, W))), '2*H - max(H, W)');
});

test('factorize rebuilds the expression and finds (atom − r) factors', () => {
  const a = floorDiv(sub(H, 12), 4), b = floorDiv(sub(W, 12), 4);
  const e = mul(16, a, b);
  const f = factorize(e);
  assert.equal(f.content, 16n);
  assert.deepEqual(f.factors.map((x) => format(x.base)).sort(), ['⌊(H − 12)/4⌋', '⌊(W − 12)/4⌋']);
  same(expand(f), e);
  const g = factorize(mul(-3, pow(sub(H, 2), 3), add(W, 5), N));
  same(expand(g), mul(-3, pow(sub(H, 2), 3), add(W, 5), N));
  assert.equal(g.content, -3n);
  assert.deepEqual(g.factors.map((x) => `${format(x.base)}^${x.exp}`).sort(), ['H − 2^3', 'N^1', 'W + 5^1']);
});

// ── Evaluation ──────────────────────────────────────────────────────────────────────────────────────────────
test('evaluate follows Python: floor division and mod of negative numbers', () => {
  const e = floorDiv(sub(H, 10), 4);
  assert.equal(evaluate(e, { H: 1 }), -3n); // (1 − 10) // 4 == -3
  assert.equal(evaluate(ceilDiv(sub(H, 10), 4), { H: 1 }), -2n); // -(-9 // 4)... ceil(-9/4) == -2
  assert.equal(evaluate(mod(sub(H, 10), 4), { H: 1 }), 3n); // -9 % 4 == 3
  assert.equal(evaluate(mul(H, W, N), new Map<string, bigint | number>([['H', 10n ** 12n], ['W', 10n ** 12n], ['N', 7]])), 7n * 10n ** 24n);
  assert.throws(() => evaluate(H, {}), /no value for H/);
});

test('compile agrees with evaluate, and returns NaN instead of an inexact double', () => {
  const e = add(mul(16, floorDiv(sub(H, 12), 4), floorDiv(sub(W, 12), 4)), mod(neg(H), 7), max(H, W));
  const f = compile(e, ['H', 'W']);
  for (const [h, w] of [[1, 1], [32, 32], [13, 200], [-50, 3]]) assert.equal(BigInt(f([h, w])), evaluate(e, { H: h, W: w }));
  assert.ok(Number.isNaN(compile(mul(H, H, H), ['H'])([10_000_000])));
});

// ── Bounds and comparisons ──────────────────────────────────────────────────────────────────────────────────
test('bounds: exact for monotone forms and by enumeration of one size; sound otherwise', () => {
  assert.deepEqual(bounds(ceilDiv(H, 32), { H: { lo: 1, hi: 100_000 } }), { lo: 1n, hi: 3125n });
  assert.deepEqual(bounds(floorDiv(sub(H, 4), 2)), { lo: -2n, hi: null }); // H ∈ [1, ∞) by default
  const square = mul(16, pow(floorDiv(sub(H, 12), 4), 2));
  assert.deepEqual(bounds(square, { H: { lo: 1, hi: 100_000 } }), { lo: 0n, hi: 16n * 24997n ** 2n }); // factored: never < 0
  assert.deepEqual(bounds(sub(H, floorDiv(H, 2)), { H: { lo: 1, hi: 10 } }), { lo: 1n, hi: 5n }); // enumerated
  const wide = intervalBounds(sub(H, floorDiv(H, 2)), { H: { lo: 1, hi: 10 } }); // interval arithmetic alone: wider
  assert.ok((wide.lo as bigint) <= 1n && (wide.hi as bigint) >= 5n);
  assert.deepEqual(bounds(mod(H, 8), { H: { lo: 17, hi: 20 } }), { lo: 1n, hi: 4n });
  assert.deepEqual(intervalBounds(mul(H, W), { H: { lo: -2, hi: 3 }, W: { lo: -5, hi: 4 } }), { lo: -15n, hi: 12n });
  assert.deepEqual(intervalBounds(min(H, W), { H: { lo: 1, hi: 5 }, W: { lo: 3, hi: null } }), { lo: 1n, hi: 5n });
});

test('compare decides what the forms or the bounds decide', () => {
  assert.equal(compare(add(H, 1), H), '>');
  assert.equal(compare(H, add(H, 1)), '<');
  // ⌈H/2⌉ − ⌊H/2⌋ is H mod 2: interval arithmetic over H ∈ [1, ∞) cannot see it, enumeration over a range can.
  assert.equal(compare(ceilDiv(H, 2), floorDiv(H, 2)), undefined);
  assert.equal(compare(ceilDiv(H, 2), floorDiv(H, 2), { H: { lo: 1, hi: 4096 } }), '>=');
  assert.equal(compare(add(floorDiv(sub(H, 1), 2), 1), ceilDiv(H, 2)), '=');
  assert.equal(compare(ceilDiv(H, 2), 1), '>='); // sizes are ≥ 1 unless told otherwise
  assert.equal(compare(H, W), undefined);
  assert.equal(compare(H, W, { H: { lo: 10, hi: 20 }, W: { lo: 1, hi: 9 } }), '>');
  assert.equal(compare(floorDiv(sub(H, 4), 2), 0), undefined); // negative for H < 4
});
