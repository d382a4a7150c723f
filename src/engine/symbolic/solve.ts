// The input sizes that satisfy a model's constraints. Free sizes are positive integers up to a bound (8192 by
// default); the answer is exact within it. Enumeration is the ground truth (compiled closures, at most one
// evaluation per size and constraint); interval bounds and monotonicity cut most constraints to a handful of
// evaluations (constraint.ts), so a network's worth of constraints solves in about a millisecond.
//  1. constraints "A = B" between two sizes make them one size (H = W);
//  2. sizes that never meet in a constraint are solved apart (H and W usually are);
//  3. one size: each constraint on it alone filters its set, in the order given (before the constraints that
//     couple sizes), so the first constraint that empties the set is the one reported, with the nearest fits
//     over the sizes that passed the constraints before it;
//  4. a size left with a single value is substituted into the constraints it shares with others;
//  5. sizes still coupled (20·⌊(H − 4)/2⌋·⌊(W − 4)/2⌋ = 2880) are solved as a union of boxes (boxes.ts); a
//     preference "H = W" (square images) is tried there, and kept when it leaves a solution;
//  6. what is too costly for that is reported as not solved, with the sets each size alone allows.

import { symbol, type Expr } from './expr';
import { evaluate } from './eval';
import { IntSet, setOf } from './intset';
import { filterDomain, holdsConstant, nearestFits, substituteWork, work, type Constraint, type NearFit, type Work } from './constraint';
import { mergeBoxes, nearestInBoxes, refine, type Box } from './boxes';

export const DEFAULT_BOUND = 8192;

export interface SolveOptions {
  /** Largest size considered (sizes run from 1). */
  readonly bound?: number;
  /** Sizes already known (W = 28). */
  readonly fixed?: Readonly<Record<string, number>>;
  /** Pairs of sizes to assume equal when the constraints leave them coupled (square images: ['H', 'W']). */
  readonly preferEqual?: ReadonlyArray<readonly [string, string]>;
}

/** Sizes that are one: forced by a constraint A = B, or assumed from SolveOptions.preferEqual. */
export interface SymbolEquality { readonly symbols: readonly string[]; readonly assumed: boolean }
/** Sizes that constrain each other: the solutions are the union of the boxes (one set per size in each). */
export interface CoupledSolution { readonly symbols: readonly string[]; readonly boxes: readonly Box[] }
/** Sizes the solver could not separate at a bearable cost; `supersets` are what each allows alone. */
export interface Unsolved {
  readonly symbols: readonly string[];
  readonly constraints: readonly Constraint[];
  readonly reason: string;
  readonly supersets: ReadonlyMap<string, IntSet>;
}
/** A constraint no size satisfies, given the constraints before it; `nearest` says what would fit instead. */
export interface Conflict {
  readonly constraint: Constraint;
  readonly index: number;
  readonly symbols: readonly string[];
  readonly nearest: readonly NearFit[];
  /** Sizes taken equal (SolveOptions.preferEqual) when the nearest fits were sought. */
  readonly assumedEqual?: readonly SymbolEquality[];
}

export interface Solution {
  readonly bound: number;
  /** false when a conflict was found, undefined when some sizes were not solved, else true. */
  readonly feasible: boolean | undefined;
  /** Exact set of every size solved independently of the others (equal sizes share one set). */
  readonly sets: ReadonlyMap<string, IntSet>;
  readonly equalities: readonly SymbolEquality[];
  readonly coupled: readonly CoupledSolution[];
  readonly unsolved: readonly Unsolved[];
  readonly conflicts: readonly Conflict[];
}

interface Outcome {
  sets: Map<string, IntSet>;
  coupled: CoupledSolution[];
  unsolved: Unsolved[];
  conflict?: Conflict;
}

/** The size pair (A, B) when the constraint says exactly A = B. */
function symbolPair(w: Work): readonly [string, string] | undefined {
  if (w.constraint.relation !== '=' || w.symbols.length !== 2) return undefined;
  const [a, b] = w.symbols;
  const is = (x: Expr, name: string): boolean => x.key === symbol(name).key;
  return (is(w.left, a) && is(w.right, b)) || (is(w.left, b) && is(w.right, a)) ? [a, b] : undefined;
}

/** Groups of items connected through shared sizes. */
function components<T>(items: readonly T[], symbolsOf: (t: T) => readonly string[]): Array<{ symbols: string[]; items: T[] }> {
  const parent = new Map<string, string>();
  const find = (s: string): string => { let r = s; while (parent.get(r) !== r) r = parent.get(r) as string; parent.set(s, r); return r; };
  for (const t of items) for (const s of symbolsOf(t)) if (!parent.has(s)) parent.set(s, s);
  for (const t of items) { const [first, ...rest] = symbolsOf(t); for (const s of rest) parent.set(find(s), find(first)); }
  const groups = new Map<string, { symbols: string[]; items: T[] }>();
  for (const s of [...parent.keys()].sort()) {
    const r = find(s);
    if (!groups.has(r)) groups.set(r, { symbols: [], items: [] });
    (groups.get(r) as { symbols: string[] }).symbols.push(s);
  }
  for (const t of items) { const s = symbolsOf(t)[0]; if (s !== undefined) groups.get(find(s))?.items.push(t); }
  return [...groups.values()];
}

function* singlePoints(set: IntSet): Generator<number[]> { const p = [0]; for (const v of set.values()) { p[0] = v; yield p; } }

/** Solves the sizes of one connected group of constraints (see the steps at the top). */
function solveComponent(symbols: readonly string[], works: readonly Work[], domains: ReadonlyMap<string, IntSet>): Outcome {
  const sets = new Map(symbols.map((s) => [s, setOf(domains, s)]));
  const substituted = new Map<string, number>();
  const conflictAt = (w: Work, nearest: NearFit[]): Outcome => {
    // The sizes fixed along the way belong to the point: "576 would fit H = 36" with W = 28 says W too.
    const context = Object.fromEntries([...substituted].filter(([s]) => !w.symbols.includes(s)));
    const withContext = nearest.map((n) => ({ ...n, at: { ...context, ...n.at } }));
    return { sets: new Map(), coupled: [], unsolved: [], conflict: { constraint: w.constraint, index: w.index, symbols: w.symbols, nearest: withContext } };
  };
  let pending = [...works].sort((a, b) => a.index - b.index);
  for (;;) {
    const coupled: Work[] = [];
    for (const w of pending) {
      if (w.symbols.length === 0) {
        if (!holdsConstant(w)) return conflictAt(w, [{ value: evaluate(w.left, {}), wanted: evaluate(w.right, {}), at: {} }]);
      } else if (w.symbols.length > 1) coupled.push(w);
      else {
        const s = w.symbols[0], before = setOf(sets, s);
        const after = filterDomain(w, before);
        if (after.isEmpty) return conflictAt(w, nearestFits(w, [s], singlePoints(before)));
        sets.set(s, after);
      }
    }
    pending = coupled;
    const fresh = symbols.filter((s) => !substituted.has(s) && setOf(sets, s).single !== undefined && pending.some((w) => w.symbols.includes(s)));
    if (fresh.length === 0) break;
    const values = Object.fromEntries(fresh.map((s) => [s, setOf(sets, s).single as number]));
    for (const s of fresh) substituted.set(s, values[s]);
    pending = pending.map((w) => (w.symbols.some((s) => s in values) ? substituteWork(w, values) : w));
  }
  const outcome: Outcome = { sets, coupled: [], unsolved: [] };
  for (const group of components(pending, (w) => w.symbols)) {
    let boxes: Box[] = [new Map(group.symbols.map((s) => [s, setOf(sets, s)]))];
    let unsolvedBy: Work | undefined;
    for (const w of group.items) {
      const next: Box[] = [];
      for (const box of boxes) {
        const refined = refine(box, w);
        if (!refined) { unsolvedBy = w; break; }
        next.push(...refined);
      }
      if (unsolvedBy) break;
      if (next.length === 0) return conflictAt(w, nearestInBoxes(boxes, w));
      boxes = mergeBoxes(next, group.symbols);
    }
    if (unsolvedBy) {
      const supersets = new Map(group.symbols.map((s) => [s, setOf(sets, s)]));
      const reason = `${unsolvedBy.symbols.join(', ')} are coupled over more combinations than the solver enumerates`;
      outcome.unsolved.push({ symbols: group.symbols, constraints: group.items.map((w) => w.constraint), reason, supersets });
    } else if (boxes.length === 1) {
      for (const s of group.symbols) sets.set(s, setOf(boxes[0], s));
      continue;
    } else outcome.coupled.push({ symbols: group.symbols, boxes });
    for (const s of group.symbols) sets.delete(s);
  }
  return outcome;
}

/**
 * The constraints on sizes, each once: a network states the same one many times (every BatchNorm of a stage on the
 * same sizes, every convolution's window on them), and a repeat changes no set. The first is kept, whose index is
 * the one a conflict reports (a repeat could only fail where it does).
 */
function distinct(works: readonly Work[]): Work[] {
  const seen = new Set<string>();
  return works.filter((w) => {
    if (w.symbols.length === 0) return false;
    const key = `${w.constraint.relation}|${w.left.key}|${w.right.key}`; // (the sizes as renamed: H and W made one)
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Solves the constraints for their free sizes; see Solution for what comes back. */
export function solve(constraints: readonly Constraint[], options: SolveOptions = {}): Solution {
  const bound = options.bound ?? DEFAULT_BOUND;
  const fixed = options.fixed ?? {};
  let works = constraints.map((c, i) => work(c, i));
  const names = [...new Set([...works.flatMap((w) => w.symbols), ...Object.keys(fixed)])].sort();

  // Step 1: forced equalities make one size of several; its representative is the first name in order.
  const alias = new Map<string, string>(names.map((s) => [s, s]));
  const rep = (s: string): string => { let r = s; while (alias.get(r) !== r) r = alias.get(r) as string; return r; };
  for (const w of works) {
    const pair = symbolPair(w);
    if (!pair) continue;
    const [ra, rb] = [rep(pair[0]), rep(pair[1])].sort();
    if (ra !== rb) alias.set(rb, ra);
  }
  const renamed = Object.fromEntries(names.filter((s) => rep(s) !== s).map((s) => [s, symbol(rep(s))]));
  if (Object.keys(renamed).length > 0) works = works.map((w) => substituteWork(w, renamed));
  const domains = new Map<string, IntSet>();
  for (const s of names) {
    const own = fixed[s] !== undefined ? IntSet.of(fixed[s]) : IntSet.range(1, bound);
    const r = rep(s);
    domains.set(r, (domains.get(r) ?? own).intersect(own));
  }

  const sets = new Map<string, IntSet>();
  const coupled: CoupledSolution[] = [], unsolved: Unsolved[] = [], conflicts: Conflict[] = [];
  const assumed: Array<[string, string]> = [];
  for (const w of works) {
    if (w.symbols.length === 0 && !holdsConstant(w)) {
      conflicts.push({ constraint: w.constraint, index: w.index, symbols: [], nearest: [{ value: evaluate(w.left, {}), wanted: evaluate(w.right, {}), at: {} }] });
    }
  }
  const reps = names.filter((s) => rep(s) === s);
  const grouped = components(distinct(works), (w) => w.symbols);
  const alone = reps.filter((s) => !grouped.some((g) => g.symbols.includes(s)));
  for (const s of alone) sets.set(s, setOf(domains, s));

  for (const group of grouped) {
    let symbols = group.symbols, groupWorks = group.items, groupDomains: ReadonlyMap<string, IntSet> = domains;
    let outcome = solveComponent(symbols, groupWorks, groupDomains);
    // Step 5's preference: assume A = B where the constraints leave A and B coupled, if a solution remains.
    // With no solution at all, the nearest fits are more useful under the assumption too ("576 would fit
    // H = W ∈ 36…39" rather than a lopsided H = 16, W = 136), so a conflict coupling A and B takes it as well.
    const groupAssumed: SymbolEquality[] = [];
    for (const [a, b] of options.preferEqual ?? []) {
      const [ra, rb] = [rep(a), rep(b)].sort();
      if (ra === rb || !symbols.includes(ra) || !symbols.includes(rb)) continue;
      const conflicting = outcome.conflict?.symbols.includes(ra) && outcome.conflict.symbols.includes(rb);
      if (!conflicting && (outcome.conflict || (outcome.coupled.length === 0 && outcome.unsolved.length === 0))) continue;
      const trialWorks = groupWorks.map((w) => substituteWork(w, { [rb]: symbol(ra) }));
      const trialDomains = new Map(groupDomains).set(ra, setOf(groupDomains, ra).intersect(setOf(groupDomains, rb)));
      const trialSymbols = symbols.filter((s) => s !== rb);
      const trial = solveComponent(trialSymbols, trialWorks, trialDomains);
      if (!conflicting && (trial.conflict || trial.unsolved.length > 0)) continue;
      [symbols, groupWorks, groupDomains, outcome] = [trialSymbols, trialWorks, trialDomains, trial];
      alias.set(rb, ra);
      assumed.push([ra, rb]);
      groupAssumed.push({ symbols: [ra, rb], assumed: true });
    }
    if (outcome.conflict) {
      // Under an assumed A = B the point names B too, and the conflict says which sizes were taken equal.
      const c = outcome.conflict;
      const nearest = c.nearest.map((n) => {
        const at = { ...n.at };
        for (const [ra, rb] of assumed) if (at[ra] !== undefined && at[rb] === undefined) at[rb] = at[ra];
        return { ...n, at };
      });
      conflicts.push(groupAssumed.length > 0 ? { ...c, nearest, assumedEqual: groupAssumed } : c);
      continue;
    }
    for (const [s, set] of outcome.sets) sets.set(s, set);
    coupled.push(...outcome.coupled);
    unsolved.push(...outcome.unsolved);
  }

  // Equal sizes share the set of their representative, and are listed together.
  const equalities: SymbolEquality[] = [];
  for (const r of names.filter((s) => rep(s) === s)) {
    const members = names.filter((s) => rep(s) === r);
    if (members.length < 2) continue;
    const set = sets.get(r);
    if (set) for (const m of members) sets.set(m, set);
    equalities.push({ symbols: members, assumed: members.some((m) => assumed.some(([, b]) => b === m)) });
  }
  const feasible = conflicts.length > 0 ? false : unsolved.length > 0 ? undefined : true;
  conflicts.sort((a, b) => a.index - b.index); // in the order the constraints were given
  return { bound, feasible, sets, equalities, coupled, unsolved, conflicts };
}
