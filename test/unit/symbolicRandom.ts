// Random expression trees for the symbolic tests: a seeded generator, a reference evaluator written
// independently of src/engine/symbolic (plain bigints, Python's floor semantics), and the same tree built
// through the algebra. Not a test file itself (no .test.ts): the property and solver tests import it.
import { add, ceilDiv, floorDiv, max, min, mod, mul, neg, sub, symbol, type Expr } from '../../src/engine/symbolic';

/** mulberry32: small, seedable, good enough to spread cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Reference arithmetic, written independently of the module.
export const pyFloorDiv = (a: bigint, b: bigint): bigint => { const q = a / b; return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q; };
export const pyMod = (a: bigint, b: bigint): bigint => a - b * pyFloorDiv(a, b);

export type ExprTree =
  | { k: 'const'; v: number } | { k: 'sym'; name: string }
  | { k: 'add' | 'sub' | 'mul' | 'min' | 'max'; a: ExprTree; b: ExprTree } | { k: 'neg'; a: ExprTree }
  | { k: 'floor' | 'ceil' | 'mod'; a: ExprTree; d: number };

/** A random expression tree of at most `depth` levels over the given symbols and small constants. */
export function randomNode(rand: () => number, depth: number, symbols: readonly string[] = ['H', 'W']): ExprTree {
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  if (depth === 0 || rand() < 0.25) return rand() < 0.4 ? { k: 'const', v: int(-10, 10) } : { k: 'sym', name: symbols[int(0, symbols.length - 1)] };
  const r = rand();
  if (r < 0.2) return { k: 'add', a: randomNode(rand, depth - 1, symbols), b: randomNode(rand, depth - 1, symbols) };
  if (r < 0.3) return { k: 'sub', a: randomNode(rand, depth - 1, symbols), b: randomNode(rand, depth - 1, symbols) };
  if (r < 0.45) return { k: 'mul', a: randomNode(rand, depth - 1, symbols), b: randomNode(rand, depth - 1, symbols) };
  if (r < 0.5) return { k: 'neg', a: randomNode(rand, depth - 1, symbols) };
  if (r < 0.7) return { k: 'floor', a: randomNode(rand, depth - 1, symbols), d: int(1, 6) };
  if (r < 0.8) return { k: 'ceil', a: randomNode(rand, depth - 1, symbols), d: int(1, 6) };
  if (r < 0.88) return { k: 'mod', a: randomNode(rand, depth - 1, symbols), d: int(1, 6) };
  return { k: rand() < 0.5 ? 'min' : 'max', a: randomNode(rand, depth - 1, symbols), b: randomNode(rand, depth - 1, symbols) };
}

/** The value of the tree by plain bigint arithmetic with Python's floor semantics. */
export function reference(n: ExprTree, env: Readonly<Record<string, bigint>>): bigint {
  switch (n.k) {
    case 'const': return BigInt(n.v);
    case 'sym': return env[n.name];
    case 'add': return reference(n.a, env) + reference(n.b, env);
    case 'sub': return reference(n.a, env) - reference(n.b, env);
    case 'mul': return reference(n.a, env) * reference(n.b, env);
    case 'neg': return -reference(n.a, env);
    case 'floor': return pyFloorDiv(reference(n.a, env), BigInt(n.d));
    case 'ceil': return -pyFloorDiv(-reference(n.a, env), BigInt(n.d));
    case 'mod': return pyMod(reference(n.a, env), BigInt(n.d));
    case 'min': { const a = reference(n.a, env), b = reference(n.b, env); return a < b ? a : b; }
    case 'max': { const a = reference(n.a, env), b = reference(n.b, env); return a > b ? a : b; }
  }
}

/** The same tree built through the algebra. */
export function build(n: ExprTree): Expr {
  switch (n.k) {
    case 'const': return add(n.v);
    case 'sym': return symbol(n.name);
    case 'add': return add(build(n.a), build(n.b));
    case 'sub': return sub(build(n.a), build(n.b));
    case 'mul': return mul(build(n.a), build(n.b));
    case 'neg': return neg(build(n.a));
    case 'floor': return floorDiv(build(n.a), n.d);
    case 'ceil': return ceilDiv(build(n.a), n.d);
    case 'mod': return mod(build(n.a), n.d);
    case 'min': return min(build(n.a), build(n.b));
    case 'max': return max(build(n.a), build(n.b));
  }
}

