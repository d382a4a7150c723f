// The input-size solver (src/engine/symbolic/solve.ts): sets of sizes in words, one and two free sizes,
// coupling, the square-image preference, conflicts with nearest fits, the chooser, and the realistic networks
// of the issue (LeNet-5, seed 001, a CIFAR ResNet, stride-32 backbones before an adaptive pool).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  add, ceilDiv, chooseAssignment, chooseValue, describeConflict, describeSet, describeSolution, divisible, eq, equals,
  evaluate as evaluateExpr, floorDiv, format, ge, gt, IntSet, le, lt, mod, mul, solve, sub, symbol, type Constraint,
  type Expr, type Solution,
} from '../../src/engine/symbolic';
import { build, prng, pyMod, randomNode, reference } from './symbolicRandom';

const H = symbol('H'), W = symbol('W'), N = symbol('N');
/** PyTorch's output size of a convolution or pooling window over a size. */
const window = (x: Expr, k: number, s = 1, p = 0): Expr => add(floorDiv(add(x, 2 * p - (k - 1) - 1), s), 1);
const setOf = (s: Solution, name: string): string => s.sets.get(name)?.key ?? 'none';
const words = (s: Solution): string[] => describeSolution(s);

// ── Sets in words ───────────────────────────────────────────────────────────────────────────────────────────
test('IntSet: normalised ranges, set operations, slicing', () => {
  const a = IntSet.fromRanges([[5, 9], [1, 3], [4, 4], [20, 22]]);
  assert.equal(a.key, '1-9,20-22');
  assert.equal(a.size, 12);
  assert.ok(a.has(21) && !a.has(10));
  assert.equal(a.intersect(IntSet.range(8, 20)).key, '8-9,20-20');
  assert.equal(a.union(IntSet.of(10, 11)).key, '1-11,20-22');
  assert.equal(a.filter((v) => v % 2 === 0).key, '2-2,4-4,6-6,8-8,20-20,22-22');
  assert.equal(a.slice(8, 11).key, '9-9,20-21');
  assert.equal(a.valueAt(9), 20);
  assert.equal(IntSet.of(7).single, 7);
});

test('describeSet: a value, a range, an open range, residues, blocks, unions', () => {
  const bound = 8192;
  assert.equal(describeSet('H', IntSet.of(32), bound), 'H = 32');
  assert.equal(describeSet('H', IntSet.range(25, 56), bound), 'H ∈ 25…56');
  assert.equal(describeSet('H', IntSet.range(32, bound), bound), 'H ≥ 32');
  const multiples = IntSet.range(1, bound).filter((v) => v % 32 === 0);
  assert.equal(describeSet('H', multiples, bound), 'H ≡ 0 (mod 32)');
  assert.equal(describeSet('H', multiples.intersect(IntSet.range(64, bound)), bound), 'H ≥ 64, H ≡ 0 (mod 32)');
  assert.equal(describeSet('H', multiples.intersect(IntSet.range(1, 256)), bound), 'H ∈ 32…256, H ≡ 0 (mod 32)');
  assert.equal(describeSet('H', IntSet.range(1, bound).filter((v) => v % 16 >= 8), bound), 'H mod 16 ∈ 8…15');
  assert.equal(describeSet('H', IntSet.fromRanges([[8, 15], [24, 31]]), bound), 'H ∈ 8…15 ∪ 24…31');
  assert.equal(describeSet('H', IntSet.fromRanges([[8, 15], [24, bound]]), bound), 'H ∈ 8…15 or H ≥ 24');
  assert.equal(describeSet('H', IntSet.of(3, 5, 9), bound), 'H ∈ {3, 5, 9}');
  assert.equal(describeSet('H', IntSet.EMPTY, bound), 'H ∈ ∅');
  assert.equal(describeSet('H', IntSet.fromRanges([[8, 15], [24, 31]]), bound, true), 'H in 8..15 | 24..31');
});

test('chooseValue prefers conventional sizes, else the smallest', () => {
  assert.equal(chooseValue(IntSet.range(25, 56)), 28);
  assert.equal(chooseValue(IntSet.range(33, 40)), 33);
  assert.equal(chooseValue(IntSet.of(224, 32, 1000)), 32);
  assert.equal(chooseValue(IntSet.range(1, 8192), [224]), 224);
  assert.equal(chooseValue(IntSet.EMPTY), undefined);
});

// ── One free size ───────────────────────────────────────────────────────────────────────────────────────────
test('one size: a value, an interval, an open range, a residue class, a union', () => {
  assert.deepEqual(words(solve([eq(sub(H, 4), 28)])), ['H = 32']);
  assert.deepEqual(words(solve([eq(floorDiv(H, 4), 8)])), ['H ∈ 32…35']);
  assert.deepEqual(words(solve([ge(floorDiv(H, 32), 1)])), ['H ≥ 32']);
  assert.deepEqual(words(solve([divisible(H, 32)])), ['H ≡ 0 (mod 32)']);
  assert.deepEqual(words(solve([divisible(H, 32), ge(H, 64)])), ['H ≥ 64, H ≡ 0 (mod 32)']);
  assert.deepEqual(words(solve([eq(mod(floorDiv(H, 8), 2), 1), le(H, 31)])), ['H ∈ 8…15 ∪ 24…31']);
  assert.deepEqual(words(solve([gt(H, 10), lt(H, 20)])), ['H ∈ 11…19']);
  assert.deepEqual(words(solve([eq(mul(H, H), 1024)])), ['H = 32']); // not monotone-detected as a whole: enumerated
  assert.deepEqual(words(solve([ge(H, 1)], { bound: 100 })), ['H ≥ 1']);
});

test('the order of constraints decides which one is reported, with the nearest fits over what passed before', () => {
  const s = solve([ge(H, 10, { source: 'a' }), le(H, 20), eq(floorDiv(H, 8), 5, { source: 'pool', requiredBy: 'the head' })]);
  assert.equal(s.feasible, false);
  const [c] = s.conflicts;
  assert.equal(c.index, 2);
  assert.deepEqual(c.nearest.map((n) => [n.value, n.wanted, n.where?.key]), [[2n, 5n, '16-20']]);
  assert.equal(describeConflict(c, s.bound), 'pool gives ⌊H/8⌋; the head needs 5, which no H gives; 2 would fit H ∈ 16…20');
});

test('a constraint without sizes: holds or conflicts', () => {
  assert.equal(solve([eq(mul(20, 12, 12), 2880)]).feasible, true);
  const s = solve([eq(mul(20, 12, 12), 2800, { source: 'flatten', requiredBy: 'Linear(2800)' })]);
  assert.equal(s.feasible, false);
  assert.equal(describeConflict(s.conflicts[0], s.bound), 'flatten gives 2880; Linear(2800) needs 2800');
});

test('conflict messages: an inequality, a symbolic right side, ASCII', () => {
  const pool = floorDiv(sub(H, 4), 2);
  const s = solve([le(H, 5), ge(pool, 1, { source: 'pool1', requiredBy: 'conv2' })]);
  assert.equal(describeConflict(s.conflicts[0], s.bound), 'pool1 gives ⌊(H − 4)/2⌋; conv2 needs at least 1, which no H gives; the closest is 0 at H ∈ 4…5');
  assert.equal(describeConflict(s.conflicts[0], s.bound, { ascii: true }), 'pool1 gives floor((H - 4)/2); conv2 needs at least 1, which no H gives; the closest is 0 at H in 4..5');
  const t = solve([eq(mul(2, H), add(H, W)), le(H, 3), ge(W, 10)], { bound: 50 });
  assert.match(describeConflict(t.conflicts[0], t.bound), /^the model gives 2·H; the constraint needs H \+ W, which no H, W gives; the closest is \d+ \(against \d+\) at H = \d+, W = \d+$/);
});

// ── Two free sizes ──────────────────────────────────────────────────────────────────────────────────────────
test('two independent sizes are solved apart', () => {
  const s = solve([eq(floorDiv(H, 4), 8), ge(W, 100), divisible(W, 50)]);
  assert.equal(setOf(s, 'H'), '32-35');
  assert.deepEqual(words(s), ['H ∈ 32…35', 'W ≥ 100, W ≡ 0 (mod 50)']);
  assert.deepEqual(chooseAssignment(s), { H: 32, W: 100 });
});

test('coupled sizes: a sum over the full range (separated), an inequality by enumeration', () => {
  const sum = solve([eq(add(H, W), 10)]);
  assert.equal(sum.coupled.length, 1);
  assert.equal(sum.coupled[0].boxes.length, 9);
  assert.deepEqual(sum.coupled[0].boxes.map((b) => `${b.get('H')?.key}/${b.get('W')?.key}`).slice(0, 2), ['1-1/9-9', '2-2/8-8']);
  const tri = solve([le(add(H, W), 4)], { bound: 64 });
  assert.deepEqual(tri.coupled[0].boxes.map((b) => `${b.get('H')?.key}/${b.get('W')?.key}`), ['1-1/1-3', '2-2/1-2', '3-3/1-1']);
  // A box product equation that has one solution separates back into independent sets.
  const one = solve([eq(mul(H, W), 1)]);
  assert.deepEqual(words(one), ['H = 1', 'W = 1']);
});

test('A = B as a constraint makes one size; preferEqual assumes it only where sizes stay coupled', () => {
  const coupledAlias = solve([eq(H, W), eq(add(H, N), 10)]);
  assert.deepEqual(words(coupledAlias).slice(0, 1), ['H = W']); // said even though H sits in a coupled group
  const forced = solve([eq(H, W), eq(floorDiv(H, 2), 14)]);
  assert.deepEqual(forced.equalities, [{ symbols: ['H', 'W'], assumed: false }]);
  assert.equal(setOf(forced, 'W'), '28-29');
  assert.deepEqual(words(forced), ['H = W ∈ 28…29']);
  // Independent sizes keep their own sets even when the preference is given.
  const apart = solve([eq(floorDiv(H, 2), 14), eq(floorDiv(W, 2), 20)], { preferEqual: [['H', 'W']] });
  assert.deepEqual(words(apart), ['H ∈ 28…29', 'W ∈ 40…41']);
  assert.deepEqual(apart.equalities, []);
});

test('a size fixed in the options is substituted into the constraints it shares', () => {
  const s = solve([eq(mul(H, W), 784)], { fixed: { W: 28 } });
  assert.deepEqual(words(s), ['H = 28', 'W = 28']);
});

test('sizes coupled beyond enumeration are reported unsolved, with what each allows alone', () => {
  const s = solve([eq(mul(H, W, N), 1000), ge(H, 2)]);
  assert.equal(s.feasible, undefined);
  assert.equal(s.unsolved.length, 1);
  assert.deepEqual(s.unsolved[0].symbols, ['H', 'N', 'W']);
  assert.equal(s.unsolved[0].supersets.get('H')?.key, '2-8192');
  assert.match(words(s)[0], /^H, N, W: not solved \(.*\); each alone allows H ≥ 2, N ≥ 1, W ≥ 1$/);
  // The chooser still tries conventional candidates against the constraints.
  assert.deepEqual(chooseAssignment(solve([eq(add(H, W, N), 96)])), { H: 32, N: 32, W: 32 });
});

// ── Realistic networks ──────────────────────────────────────────────────────────────────────────────────────
/** Conv/pool sizes with their validity (every output size ≥ 1) recorded as constraints. */
function chain(x: Expr, layers: ReadonlyArray<readonly [k: number, s: number, p: number]>, into: Constraint[]): Expr {
  for (const [k, s, p] of layers) { x = window(x, k, s, p); into.push(ge(x, 1, { source: `window ${k}/${s}/${p}`, requiredBy: 'PyTorch' })); }
  return x;
}

test('LeNet-5: Linear(16·5·5) after conv5 → pool2 → conv5 → pool2 gives H = W = 32 (32…35 with floors)', () => {
  const lenet = [[5, 1, 0], [2, 2, 0], [5, 1, 0], [2, 2, 0]] as const;
  const cs: Constraint[] = [];
  const h = chain(H, lenet, cs), w = chain(W, lenet, cs);
  assert.equal(format(mul(16, h, w)), '16·⌊(H − 12)/4⌋·⌊(W − 12)/4⌋');
  cs.push(eq(mul(16, h, w), 400, { source: 'flatten', requiredBy: 'Linear(400)' }));
  const free = solve(cs);
  assert.equal(free.feasible, true);
  assert.deepEqual(free.coupled[0].boxes.map((b) => `${b.get('H')?.key}/${b.get('W')?.key}`), ['16-19/112-115', '32-35/32-35', '112-115/16-19']);
  assert.deepEqual(chooseAssignment(free), { H: 32, W: 32 }); // the square, conventional box wins
  const square = solve(cs, { preferEqual: [['H', 'W']] });
  assert.deepEqual(words(square), ['H = W ∈ 32…35 (assumed equal)']);
  assert.deepEqual(chooseAssignment(square), { H: 32, W: 32 });
});

test('LeNet-5 with Linear(500): nothing fits; the nearest fits are 400 and 576 (square assumed)', () => {
  const lenet = [[5, 1, 0], [2, 2, 0], [5, 1, 0], [2, 2, 0]] as const;
  const cs: Constraint[] = [];
  const h = chain(H, lenet, cs), w = chain(W, lenet, cs);
  cs.push(eq(mul(16, h, w), 500, { source: 'flatten', requiredBy: 'Linear(500)' }));
  const square = solve(cs, { preferEqual: [['H', 'W']] });
  assert.equal(square.feasible, false);
  const [c] = square.conflicts;
  assert.deepEqual(c.nearest.map((n) => [n.value, n.at]), [[400n, { H: 32, W: 32 }], [576n, { H: 36, W: 36 }]]);
  assert.equal(describeConflict(c, square.bound),
    'flatten gives 16·⌊(H − 12)/4⌋·⌊(W − 12)/4⌋; Linear(500) needs 500, which no H = W gives; 400 would fit H = W ∈ 32…35, 576 would fit H = W ∈ 36…39');
  // Without the assumption the nearest products may be lopsided, but are still the closest values.
  const free = solve(cs);
  assert.deepEqual(free.conflicts[0].nearest.map((n) => n.value), [496n, 512n]);
  // With one size fixed, the other is solved alone: 80·⌊(H − 12)/4⌋ = 500 misses between 480 and 560.
  const fixed = solve(cs, { fixed: { W: 32 } });
  assert.deepEqual(fixed.conflicts[0].nearest.map((n) => [n.value, n.at]), [[480n, { W: 32, H: 36 }], [560n, { W: 32, H: 40 }]]);
  assert.match(describeConflict(fixed.conflicts[0], fixed.bound), /; 480 would fit H ∈ 36…39, W = 32, 560 would fit H ∈ 40…43, W = 32$/);
});

test('seed 001: 20·⌊(H − 4)/2⌋·⌊(W − 4)/2⌋ = 2880 gives H = W = 28 for a square input or a known W', () => {
  const cs: Constraint[] = [];
  const h = chain(H, [[5, 1, 0], [2, 2, 0]], cs), w = chain(W, [[5, 1, 0], [2, 2, 0]], cs);
  cs.push(eq(mul(20, h, w), 2880, { source: 'flatten', requiredBy: 'Linear(2880)' }));
  assert.equal(format(cs[cs.length - 1].left), '20·⌊(H − 4)/2⌋·⌊(W − 4)/2⌋');
  const free = solve(cs);
  assert.equal(free.coupled[0].boxes.length, 15); // the divisor pairs of 144 = 2880/20
  assert.deepEqual(chooseAssignment(free), { H: 28, W: 28 });
  const square = solve(cs, { preferEqual: [['H', 'W']] });
  assert.deepEqual(words(square), ['H = W ∈ 28…29 (assumed equal)']);
  const fixed = solve(cs, { fixed: { W: 28 } });
  assert.deepEqual(words(fixed), ['H ∈ 28…29', 'W = 28']);
});

test('CIFAR ResNet: three stride-2 stages, avg_pool2d(4), Linear(512) → H, W ∈ 25…56', () => {
  const cs: Constraint[] = [];
  const backbone = (x: Expr): Expr => {
    let y = chain(x, [[3, 1, 1]], cs); // stem
    y = chain(y, [[3, 1, 1], [3, 1, 1]], cs); // layer1
    for (let stage = 0; stage < 3; stage++) {
      const main = chain(y, [[3, 2, 1], [3, 1, 1]], cs);
      const shortcut = window(y, 1, 2, 0);
      cs.push(eq(main, shortcut, { source: 'residual', requiredBy: 'add' }));
      assert.ok(equals(main, shortcut)); // ⌈y/2⌉ both ways: the residual add needs no solving
      y = main;
    }
    return chain(y, [[4, 4, 0]], cs); // F.avg_pool2d(out, 4)
  };
  const h = backbone(H), w = backbone(W);
  assert.equal(format(h), '⌊(H + 7)/32⌋');
  cs.push(eq(mul(512, h, w), 512, { source: 'flatten', requiredBy: 'Linear(512)' }));
  const s = solve(cs);
  assert.deepEqual(words(s), ['H ∈ 25…56', 'W ∈ 25…56']);
  assert.deepEqual(chooseAssignment(s), { H: 28, W: 28 });
  assert.deepEqual(chooseAssignment(s, [32]), { H: 32, W: 32 });
});

test('AdaptiveAvgPool2d((1, 1)) after a stride-32 backbone: any H ≥ 1 for ResNet-18, H ≥ 32 for VGG-16', () => {
  const resnet: Constraint[] = [];
  const r = (x: Expr): Expr => {
    let y = chain(x, [[7, 2, 3], [3, 2, 1]], resnet); // conv1, maxpool
    y = chain(y, [[3, 1, 1], [3, 1, 1], [3, 1, 1], [3, 1, 1]], resnet);
    for (let stage = 0; stage < 3; stage++) y = chain(y, [[3, 2, 1], [3, 1, 1], [3, 1, 1], [3, 1, 1]], resnet);
    return y;
  };
  assert.equal(format(r(H)), '⌈H/32⌉');
  r(W);
  resnet.push(eq(mul(512, 1, 1), 512, { source: 'AdaptiveAvgPool2d((1, 1)) + flatten', requiredBy: 'Linear(512)' }));
  assert.deepEqual(words(solve(resnet)), ['H ≥ 1', 'W ≥ 1']);
  const vgg: Constraint[] = [];
  const v = (x: Expr): Expr => {
    let y = x;
    for (const convs of [2, 2, 3, 3, 3]) y = chain(y, [...Array.from({ length: convs }, () => [3, 1, 1] as const), [2, 2, 0]], vgg);
    return y;
  };
  assert.equal(format(v(H)), '⌊H/32⌋');
  v(W);
  assert.deepEqual(words(solve(vgg)), ['H ≥ 32', 'W ≥ 32']);
});

test('ceilings compose: a stride-2 ceil_mode pool chain is ⌈H/8⌉ and H ∈ 57…64 gives 8', () => {
  const s = solve([eq(ceilDiv(ceilDiv(ceilDiv(H, 2), 2), 2), 8)]);
  assert.deepEqual(words(s), ['H ∈ 57…64']);
});

// ── Randomised: the solver against brute force ─────────────────────────────────────────────────────────────
const RELATIONS = ['=', '>=', '>', '<=', '<', 'divisible'] as const;
function randomConstraint(rand: () => number, symbols: readonly string[], at: Record<string, bigint>): { c: Constraint; holds: (env: Record<string, bigint>) => boolean } {
  const tree = randomNode(rand, 3, symbols);
  const relation = RELATIONS[Math.floor(rand() * RELATIONS.length)];
  // A target the expression reaches somewhere (or just misses), so that solutions are neither always nor never.
  const target = reference(tree, at) + BigInt(Math.floor(rand() * 3) - 1);
  const k = BigInt(2 + Math.floor(rand() * 5));
  const make = { '=': eq, '>=': ge, '>': gt, '<=': le, '<': lt } as const;
  const c = relation === 'divisible' ? divisible(build(tree), k) : make[relation](build(tree), target);
  const holds = (env: Record<string, bigint>): boolean => {
    const v = reference(tree, env);
    switch (relation) {
      case '=': return v === target;
      case '>=': return v >= target;
      case '>': return v > target;
      case '<=': return v <= target;
      case '<': return v < target;
      case 'divisible': return pyMod(v, k) === 0n;
    }
  };
  return { c, holds };
}

test('random constraints on one size: the solved set is the brute-force set; nearest fits are the nearest', () => {
  const rand = prng(7001);
  const bound = 120;
  for (let i = 0; i < 200; i++) {
    const parts = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => randomConstraint(rand, ['H'], { H: BigInt(1 + Math.floor(rand() * bound)) }));
    const s = solve(parts.map((p) => p.c), { bound });
    const brute = IntSet.range(1, bound).filter((h) => parts.every((p) => p.holds({ H: BigInt(h) })));
    const where = `case ${i}: ${parts.map((p) => `${format(p.c.left)} ${p.c.relation} ${format(p.c.right)}`).join('; ')}`;
    if (parts.every((p) => p.c.left.terms.length === 0)) continue; // no size left to solve
    if (brute.isEmpty) {
      assert.equal(s.feasible, false, where);
      const [conflict] = s.conflicts;
      // Replaying the constraints in order, the reported one is the first that empties the set.
      let before = IntSet.range(1, bound);
      for (let j = 0; j < conflict.index; j++) before = before.filter((h) => parts[j].holds({ H: BigInt(h) }));
      assert.ok(!before.isEmpty && before.filter((h) => parts[conflict.index].holds({ H: BigInt(h) })).isEmpty, where);
      const c = conflict.constraint;
      if (c.relation === '=' && c.right.terms.length === 0 && c.left.terms.length > 0) {
        const wanted = c.right.constant;
        const values = [...before.values()].map((h) => evaluateAt(c.left, h));
        const below = values.filter((v) => v < wanted), above = values.filter((v) => v > wanted);
        const expected = [...(below.length ? [below.reduce((a, b) => (a > b ? a : b))] : []), ...(above.length ? [above.reduce((a, b) => (a < b ? a : b))] : [])];
        assert.deepEqual(conflict.nearest.map((n) => n.value), expected, where);
      }
    } else {
      assert.equal(s.feasible, true, where);
      assert.equal(s.sets.get('H')?.key, brute.key, where);
    }
  }
});
const evaluateAt = (e: Expr, h: number): bigint => evaluateExpr(e, { H: h });

test('random constraints coupling two sizes: the boxes cover exactly the brute-force pairs', () => {
  const rand = prng(7002);
  const bound = 20;
  let coupledCases = 0;
  for (let i = 0; i < 100; i++) {
    const parts = Array.from({ length: 1 + Math.floor(rand() * 2) }, () =>
      randomConstraint(rand, ['H', 'W'], { H: BigInt(1 + Math.floor(rand() * bound)), W: BigInt(1 + Math.floor(rand() * bound)) }));
    const s = solve(parts.map((p) => p.c), { bound });
    if (s.conflicts.length > 0 || parts.every((p) => p.c.left.terms.length === 0)) continue;
    if (s.coupled.length > 0) coupledCases++;
    const inSolution = (h: number, w: number): boolean => {
      const hs = s.sets.get('H'), ws = s.sets.get('W');
      if (s.coupled.length === 0) return (hs ? hs.has(h) : true) && (ws ? ws.has(w) : true);
      return s.coupled[0].boxes.some((b) => (b.get('H')?.has(h) ?? hs?.has(h) ?? true) && (b.get('W')?.has(w) ?? ws?.has(w) ?? true));
    };
    for (let h = 1; h <= bound; h++) {
      for (let w = 1; w <= bound; w++) {
        const expected = parts.every((p) => p.holds({ H: BigInt(h), W: BigInt(w) }));
        if (inSolution(h, w) !== expected) assert.fail(`case ${i} at H = ${h}, W = ${w}: ${parts.map((p) => `${format(p.c.left)} ${p.c.relation} ${format(p.c.right)}`).join('; ')}`);
      }
    }
  }
  assert.ok(coupledCases >= 20, `only ${coupledCases} cases left H and W coupled`);
});

test('separated products over the full range agree with brute force on sampled pairs', () => {
  const rand = prng(7003);
  for (let i = 0; i < 12; i++) {
    // k·g(H)·h(W) = target with g, h random monotone-ish window chains, as a flatten meets a Linear.
    const layers = (): Array<readonly [number, number, number]> => Array.from({ length: 1 + Math.floor(rand() * 3) }, () =>
      [1 + Math.floor(rand() * 5), 1 + Math.floor(rand() * 3), Math.floor(rand() * 2)] as const);
    const lh = layers(), lw = layers();
    const cs: Constraint[] = [];
    const g = chain(H, lh, cs), h = chain(W, lw, cs);
    const k = 1 + Math.floor(rand() * 16);
    let at = { H: 0, W: 0 };
    do at = { H: 1 + Math.floor(rand() * 300), W: 1 + Math.floor(rand() * 300) };
    while (!cs.every((c) => evaluateExpr(c.left, at) >= 1n)); // a point where every window fits
    const target = evaluateExpr(mul(k, g, h), at);
    cs.push(eq(mul(k, g, h), target));
    const s = solve(cs);
    assert.equal(s.feasible, true);
    const member = (hv: number, wv: number): boolean => (s.coupled.length === 0
      ? (s.sets.get('H') as IntSet).has(hv) && (s.sets.get('W') as IntSet).has(wv)
      : s.coupled[0].boxes.some((b) => (b.get('H') as IntSet).has(hv) && (b.get('W') as IntSet).has(wv)));
    assert.ok(member(at.H, at.W), `case ${i}: the pair the target came from`);
    const holds = (hv: number, wv: number): boolean => cs.every((c) => {
      const l = evaluateExpr(c.left, { H: hv, W: wv }), r = evaluateExpr(c.right, { H: hv, W: wv });
      return c.relation === '=' ? l === r : l >= r;
    });
    for (let j = 0; j < 300; j++) {
      const hv = 1 + Math.floor(rand() * 600), wv = 1 + Math.floor(rand() * 600);
      assert.equal(member(hv, wv), holds(hv, wv), `case ${i} at H = ${hv}, W = ${wv}`);
    }
  }
});
