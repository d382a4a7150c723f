// A syntax error in TypeScript can scatter the classes after it: tree-sitter's error recovery may hand back the
// rest of the file as fragments (`class Up extends nn.Module` in one piece, its body in a dozen others), so the
// intact classes are no longer top-level statements. The whole broken stretch — from the first fragment to the last
// — is cut again at the lines where a top-level declaration starts and each piece is parsed on its own: the broken
// class stays broken, the ones after it come back whole.
import { parse, tablesFor } from '../parsers';
import { copyUnit, type LineMap, type Unit } from '../syntax';

/** A line that starts a top-level declaration (column 0, as formatters write them). */
const TOP_LEVEL_START = /^(?:export\s+)?(?:default\s+)?(?:abstract\s+)?(?:class|function|const|let|var|interface|type|enum)\s/;

const isBroken = (u: Unit): boolean => u.errors.length > 0 || u.root.type === 'ERROR';

export function regroupBrokenUnits(units: readonly Unit[], lines: LineMap, language: 'typescript' | 'tsx'): readonly Unit[] {
  const first = units.findIndex(isBroken);
  if (first < 0) return units;
  let last = units.length - 1;
  while (!isBroken(units[last])) last--;
  const start = units[first].start;
  const text = stretchText(units.slice(first, last + 1), lines);
  if (text === undefined) return units;
  // the pieces: cut at every line (after the first) that starts a top-level declaration
  const cuts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) {
    if (TOP_LEVEL_START.test(text.slice(i + 1, i + 64))) cuts.push(i + 1);
  }
  if (cuts.length === 1) return units;
  cuts.push(text.length);
  const regrouped: Unit[] = [];
  const names = tablesFor(language);
  for (let k = 0; k + 1 < cuts.length; k++) {
    const piece = text.slice(cuts[k], cuts[k + 1]);
    const tree = parse(language, piece);
    const cursor = tree.walk();
    try {
      if (cursor.gotoFirstChild()) {
        do {
          const unit = copyUnit(cursor, piece, names, tree.rootNode.hasError);
          unit.start += start + cuts[k];
          regrouped.push(unit);
        } while (cursor.gotoNextSibling());
      }
    } finally {
      cursor.delete();
      tree.delete();
    }
  }
  return [...units.slice(0, first), ...regrouped, ...units.slice(last + 1)];
}

/**
 * The source of consecutive units, rebuilt from their texts: the whitespace between two units keeps its exact
 * length (so offsets stay right) and its line breaks (so declarations still start their lines).
 */
function stretchText(units: readonly Unit[], lines: LineMap): string | undefined {
  let out = units[0].text;
  let end = units[0].start + units[0].text.length;
  for (const u of units.slice(1)) {
    const gap = u.start - end;
    if (gap < 0) return undefined; // overlapping units: leave them as they are
    if (gap > 0) {
      const from = lines.position(end);
      const to = lines.position(u.start);
      const breaks = Math.min(gap, to.line - from.line);
      const indent = breaks > 0 ? Math.min(to.character, gap - breaks) : 0;
      out += ' '.repeat(gap - breaks - indent) + '\n'.repeat(breaks) + ' '.repeat(indent);
    }
    out += u.text;
    end = u.start + u.text.length;
  }
  return out;
}
