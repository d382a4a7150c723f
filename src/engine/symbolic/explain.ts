// Solutions in words ("H = W ∈ 28…29 (assumed square)", "flatten gives …; Linear(500) needs 500, which no H
// gives; 400 would fit H ∈ 32…35") and one concrete input picked from a solution.

import { format, formatAscii } from './format';
import { chooseValue, CONVENTIONAL_SIZES, describeSet, type IntSet } from './intset';
import { holds, type Constraint, type NearFit } from './constraint';
import type { Conflict, Solution } from './solve';

export interface ExplainOptions { readonly ascii?: boolean }

const NEEDS: Record<Constraint['relation'], string> = {
  '=': 'needs', '>=': 'needs at least', '>': 'needs more than', '<=': 'needs at most', '<': 'needs less than',
  divisible: 'needs a multiple of',
};

/**
 * "H ∈ 32…35" for one free size (every value giving the same), else "H = 32, W = 32"; the sizes fixed along
 * the way follow. A size assumed equal to the free one is named with it: "H = W ∈ 36…39".
 */
function describePoint(fit: NearFit, conflict: Conflict, bound: number, ascii: boolean): string {
  const names = Object.keys(fit.at);
  const free = conflict.symbols;
  if (fit.where && free.length === 1) {
    const equal = conflict.assumedEqual?.find((e) => e.symbols[0] === free[0])?.symbols ?? [free[0]];
    const others = names.filter((n) => !equal.includes(n)).map((n) => `${n} = ${fit.at[n]}`);
    return [describeSet(equal.join(' = '), fit.where, bound, ascii), ...others].join(', ');
  }
  return names.map((n) => `${n} = ${fit.at[n]}`).join(', ');
}

/** One sentence: what the model gives, what is needed, and the nearest values that would fit. */
export function describeConflict(conflict: Conflict, bound: number, options: ExplainOptions = {}): string {
  const ascii = options.ascii ?? false;
  const show = ascii ? formatAscii : format;
  const c = conflict.constraint;
  const source = c.source ?? 'the model';
  const requiredBy = c.requiredBy ?? 'the constraint';
  const wanted = c.right.terms.length === 0 ? String(c.right.constant) : show(c.right);
  const head = `${source} gives ${show(c.left)}; ${requiredBy} ${NEEDS[c.relation]} ${wanted}`;
  if (conflict.symbols.length === 0) return head;
  const named = conflict.symbols.map((s) => conflict.assumedEqual?.find((e) => e.symbols[0] === s)?.symbols.join(' = ') ?? s);
  const which = `which no ${named.join(', ')} gives`;
  if (conflict.nearest.length === 0) return `${head}, ${which}`;
  const fits = conflict.nearest.map((n) => {
    const point = describePoint(n, conflict, bound, ascii);
    if (c.relation === '=' && c.right.terms.length === 0) return `${n.value} would fit ${point}`;
    // Against a symbolic right side, say what it was at that point.
    return `the closest is ${n.value}${c.right.terms.length > 0 ? ` (against ${n.wanted})` : ''} at ${point}`;
  });
  return `${head}, ${which}; ${fits.join(', ')}`;
}

/** The solution in lines: one per size or group of equal sizes, per coupled group, per unsolved group, per conflict. */
export function describeSolution(solution: Solution, options: ExplainOptions = {}): string[] {
  const ascii = options.ascii ?? false;
  const { bound } = solution;
  const lines: string[] = [];
  const inEquality = new Set(solution.equalities.flatMap((e) => e.symbols.slice(1)));
  for (const [name, set] of [...solution.sets].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (inEquality.has(name)) continue;
    const equality = solution.equalities.find((e) => e.symbols[0] === name);
    const label = equality ? equality.symbols.join(' = ') : name;
    lines.push(describeSet(label, set, bound, ascii) + (equality?.assumed ? ' (assumed equal)' : ''));
  }
  // Equal sizes whose set is not independent (they sit in a coupled or unsolved group) are said equal here.
  for (const e of solution.equalities) {
    if (!solution.sets.has(e.symbols[0])) lines.push(`${e.symbols.join(' = ')}${e.assumed ? ' (assumed)' : ''}`);
  }
  for (const group of solution.coupled) {
    const shown = group.boxes.slice(0, 4).map((box) => group.symbols.map((s) => describeSet(s, box.get(s) as IntSet, bound, ascii)).join(' with '));
    const more = group.boxes.length > shown.length ? `; or ${group.boxes.length - shown.length} more` : '';
    lines.push(`${group.symbols.join(', ')} depend on each other: ${shown.join('; or ')}${more}`);
  }
  for (const u of solution.unsolved) {
    const alone = u.symbols.map((s) => describeSet(s, u.supersets.get(s) as IntSet, bound, ascii)).join(', ');
    lines.push(`${u.symbols.join(', ')}: not solved (${u.reason}); each alone allows ${alone}`);
  }
  for (const c of solution.conflicts) lines.push(describeConflict(c, bound, options));
  return lines;
}

/** At most this many candidate combinations are tried for an unsolved group. */
const CANDIDATE_LIMIT = 4096;

/**
 * One concrete size for every size the solution covers: conventional sizes first (CONVENTIONAL_SIZES, or
 * `preferred`), else the smallest. In a coupled group, the box whose picks are most conventional wins, equal
 * picks (a square input) breaking ties. An unsolved group gets the first combination of candidates that
 * satisfies its constraints, or nothing. Undefined when the solution is infeasible.
 */
export function chooseAssignment(solution: Solution, preferred: readonly number[] = CONVENTIONAL_SIZES): Record<string, number> | undefined {
  if (solution.feasible === false) return undefined;
  const out: Record<string, number> = {};
  for (const [name, set] of solution.sets) { const v = chooseValue(set, preferred); if (v !== undefined) out[name] = v; }
  const isPreferred = new Set(preferred);
  for (const group of solution.coupled) {
    let best: Record<string, number> | undefined, bestScore = -1;
    for (const box of group.boxes) {
      const pick = Object.fromEntries(group.symbols.map((s) => [s, chooseValue(box.get(s) as IntSet, preferred) as number]));
      const values = Object.values(pick);
      const score = 2 * values.filter((v) => isPreferred.has(v)).length + (values.every((v) => v === values[0]) ? 1 : 0);
      if (score > bestScore) { best = pick; bestScore = score; }
    }
    Object.assign(out, best);
  }
  const equalOf = (name: string): readonly string[] => solution.equalities.find((e) => e.symbols.includes(name))?.symbols ?? [name];
  for (const u of solution.unsolved) {
    const candidates = u.symbols.map((s) => {
      const set = u.supersets.get(s) as IntSet;
      return [...new Set([...preferred.filter((v) => set.has(v)), ...(set.min === undefined ? [] : [set.min])])];
    });
    let tried = 0;
    const search = (i: number, env: Record<string, number>): Record<string, number> | undefined => {
      if (tried > CANDIDATE_LIMIT) return undefined;
      if (i === u.symbols.length) {
        tried++;
        return u.constraints.every((c) => holds(c, env)) ? env : undefined;
      }
      for (const v of candidates[i]) {
        const next = { ...env };
        for (const name of equalOf(u.symbols[i])) next[name] = v;
        const found = search(i + 1, next);
        if (found) return found;
      }
      return undefined;
    };
    const found = search(0, { ...out });
    if (found) Object.assign(out, found);
  }
  // Sizes equal to a chosen one take its value (an alias inside a coupled or unsolved group).
  for (const e of solution.equalities) {
    const known = e.symbols.find((s) => out[s] !== undefined);
    if (known !== undefined) for (const s of e.symbols) out[s] = out[known];
  }
  return out;
}
