// Long loops that only compute values, recognised by their text, and not run when they would take more steps than
// the run has left. timm's TinyViT fills each attention block's index buffer with one:
//
//     for p1 in points:
//         for p2 in points:
//             offset = (abs(p1[0] - p2[0]), abs(p1[1] - p2[1]))
//             if offset not in attention_offsets:
//                 attention_offsets[offset] = len(attention_offsets)
//             idxs.append(attention_offsets[offset])
//
// 38,416 rounds per 14×14 window, six such blocks in a model: run, they took the whole step budget and the model got
// no numbers at all. Such a loop builds nothing, raises nothing and returns nothing: it only sets names and fills
// containers, which then hold values not known statically (unknownBranches in statements.ts makes them unknown, and
// says nothing: whatever reads them later says where it needed them). A loop that fits in what is left is run, so a
// LeViT's `len(attention_offsets)`, a parameter's size, is still counted where it can be.
import { field, namedChildren, perNode, textOf, type Syntax } from '../syntax';
import { bindsNames, reads } from './initLoops';

/** A container's methods that only put values in it. */
const FILLING = new Set(['append', 'extend', 'add', 'insert', 'setdefault', 'update']);
/** Calls an iterable may make: they make a sequence of what they read. */
const ITERATING = new Set(['range', 'enumerate', 'zip', 'reversed', 'sorted', 'list', 'tuple']);

/** Whether a for statement only computes values: its body sets local names and fills local containers (see above). */
export const computesOnly = perNode(forComputesOnly);

/** The names a loop binds or assigns anywhere in it. */
export const namesSetIn = perNode((loop: Syntax): ReadonlySet<string> => {
  const out = new Set<string>();
  const visit = (n: Syntax): void => {
    const left = n.type === 'for_statement' || n.type === 'assignment' || n.type === 'augmented_assignment' ? field(n, 'left') : undefined;
    if (left) bindsNames(left, out);
    for (const c of n.children) visit(c);
  };
  visit(loop);
  return out;
});

function forComputesOnly(loop: Syntax): boolean {
  const right = field(loop, 'right');
  const body = field(loop, 'body');
  if (!right || !body || field(loop, 'alternative') || !iterable(right)) return false;
  return namedChildren(body).every(computing);
}

/** `points`, `range(n)`, `zip(a, b)`, `enumerate(xs)`: a sequence made by reading only. */
function iterable(e: Syntax): boolean {
  if (e.type === 'call') {
    const fn = field(e, 'function');
    const args = field(e, 'arguments');
    return fn?.type === 'identifier' && ITERATING.has(textOf(fn)) && (!args || reads(args));
  }
  return reads(e);
}

function computing(s: Syntax): boolean {
  switch (s.type) {
    case 'comment': case 'pass_statement': case 'continue_statement': return true;
    case 'if_statement': case 'elif_clause': {
      const condition = field(s, 'condition');
      return !!condition && reads(condition) && namedChildren(s).every((c) => c === condition || computing(c));
    }
    case 'else_clause': case 'block': return namedChildren(s).every(computing);
    case 'for_statement': return forComputesOnly(s);
    case 'expression_statement': return namedChildren(s).every((e) => setting(e) || filling(e));
    default: return false;
  }
}

/** `offset = (…)`, `n += 1`, `table[key] = value`: a local name or an item of a local container set by reading. */
function setting(e: Syntax): boolean {
  if (e.type !== 'assignment' && e.type !== 'augmented_assignment') return false;
  const left = field(e, 'left');
  const right = field(e, 'right');
  if (!left || !right || field(e, 'type') || !reads(right)) return false;
  return target(left);
}

function target(t: Syntax): boolean {
  if (t.type === 'identifier') return textOf(t) !== 'self';
  if (t.type === 'subscript') {
    const object = field(t, 'value');
    return object?.type === 'identifier' && textOf(object) !== 'self' && reads(t);
  }
  if (t.type === 'pattern_list' || t.type === 'tuple_pattern' || t.type === 'tuple') return namedChildren(t).every(target);
  return false;
}

/** `idxs.append(x)`, `seen.add(k)`: a local container filled with what is read. */
function filling(e: Syntax): boolean {
  if (e.type !== 'call') return false;
  const fn = field(e, 'function');
  const args = field(e, 'arguments');
  if (fn?.type !== 'attribute' || (args && !reads(args))) return false;
  const object = field(fn, 'object');
  const name = field(fn, 'attribute');
  return object?.type === 'identifier' && textOf(object) !== 'self' && !!name && FILLING.has(textOf(name));
}

/**
 * The statements a loop that only computes values runs, about (both ways of a branch counted): its rounds times one
 * round's, a nested loop's rounds from `size` (its iterable's length where it is known before the loop runs: one
 * round where it is not, which can only make the estimate smaller).
 */
export function loopCost(loop: Syntax, rounds: number, size: (iterable: Syntax) => number | undefined): number {
  const body = field(loop, 'body');
  return rounds * (1 + (body ? blockCost(body, size) : 0));
}

function blockCost(block: Syntax, size: (iterable: Syntax) => number | undefined): number {
  let n = 0;
  for (const s of namedChildren(block)) {
    if (s.type === 'for_statement') {
      const right = field(s, 'right');
      n += loopCost(s, (right && size(right)) || 1, size);
    } else if (s.type === 'if_statement' || s.type === 'elif_clause' || s.type === 'else_clause' || s.type === 'block') {
      n += 1 + blockCost(s, size);
    } else n += nodes(s);
  }
  return n;
}

/** A statement's steps, about: one per syntax node it evaluates. */
function nodes(s: Syntax): number {
  if (!s.named || s.type === 'comment') return 0;
  let n = 1;
  for (const c of s.children) n += nodes(c);
  return n;
}

/**
 * The names whose items a loop that only computes values sets (`ret[i, x, v] = 1`), when that is all it changes
 * besides its own names: no container filled by a method (`idxs.append(…)`). Undefined otherwise. Where every such
 * name is a tensor whose values ShapeLens does not keep (statements.ts), the loop changes nothing it follows and is not
 * run at all: timm's `generate_lookup_tensor`, a one-hot table filled element by element in every MaxViT attention
 * block (its 144 to 256 rounds, twice per block, took the 384 and 512 models past the step budget).
 */
export const itemTargets = perNode((loop: Syntax): ReadonlySet<string> | undefined => {
  if (!computesOnly(loop)) return undefined;
  const out = new Set<string>();
  let fills = false;
  const visit = (n: Syntax): void => {
    if (n.type === 'call' && field(n, 'function')?.type === 'attribute') fills = true; // idxs.append(…): a container filled
    if ((n.type === 'assignment' || n.type === 'augmented_assignment')) {
      const left = field(n, 'left');
      if (left?.type === 'subscript') {
        const object = field(left, 'value');
        if (object?.type === 'identifier') out.add(textOf(object));
      }
    }
    for (const c of n.children) if (!fills) visit(c);
  };
  const body = field(loop, 'body');
  if (body) visit(body);
  return fills || out.size === 0 ? undefined : out;
});
