// PyTorch-style TypeScript (js-pytorch and similar): see docs/typescript.md for the supported forms.
// Each top-level statement is translated into the syntax the equivalent Python would have (translate.ts) and the
// Python analysis runs on the translation, so a TS model and its Python twin give the same shapes, parameters,
// MACs and diagnostics; only the fixes are rewritten in TypeScript spelling (fixes.ts).
import type { AnalysisDiagnostic, AnalysisOptions, ModelAnalysis, SourceLanguage } from '../model';
import { analyzePythonUnits, type PythonCache } from '../python/pythonFile';
import type { LineMap, Unit } from '../syntax';
import { regroupBrokenUnits } from './brokenCode';
import { fixContext, tsModel } from './fixes';
import { importsJsPytorch, translateUnit, type Translation } from './translate';

/**
 * Translations survive while their statement is unchanged (DocumentAnalyzer reuses the Unit objects); a file that
 * imports js-pytorch translates its own classes' calls differently, so its translations are kept apart.
 */
const translations = new WeakMap<Unit, Translation>();
const jsTranslations = new WeakMap<Unit, Translation>();
/** A model variable with an input comment on its line: `const net = new Net(); // input: [1, 3, 32, 32]`. */
const withComments = new WeakMap<Unit, { comment: Unit; unit: Unit }>();

function translationOf(u: Unit, jsPytorch: boolean): Translation {
  const cache = jsPytorch ? jsTranslations : translations;
  let t = cache.get(u);
  if (!t) cache.set(u, (t = translateUnit(u, jsPytorch)));
  return t;
}

export function analyzeTypeScriptUnits(parsed: readonly Unit[], lines: LineMap, options: AnalysisOptions,
  cache: PythonCache, language: SourceLanguage = 'typescript'): { models: ModelAnalysis[]; diagnostics: AnalysisDiagnostic[] } {
  const units = regroupBrokenUnits(parsed, lines, language === 'tsx' ? 'tsx' : 'typescript');
  const js = units.some((u) => importsJsPytorch(u.text));
  const translation = (u: Unit) => translationOf(u, js);
  const translated: Unit[] = [];
  const all: Translation[] = [];
  for (let i = 0; i < units.length; i++) {
    const t = translation(units[i]);
    all.push(t);
    const next = units[i + 1];
    if (next && next.root.type === 'comment' && t.unit.root.type === 'expression_statement' &&
      lines.position(next.start).line === lines.position(units[i].start + units[i].root.end).line) {
      translated.push(trailingComment(units[i], t.unit, translation(next).unit));
      i++;
      continue;
    }
    translated.push(t.unit);
  }
  const result = analyzePythonUnits(translated, lines, options, cache);
  const ctx = fixContext(lines, all);
  return { models: result.models.map((m) => tsModel(m, ctx)), diagnostics: result.diagnostics };
}

/** The statement's translation with the comment as a child, where the Python path looks for a trailing comment. */
function trailingComment(original: Unit, unit: Unit, comment: Unit): Unit {
  const hit = withComments.get(original);
  if (hit && hit.comment === comment) return hit.unit;
  const joined = {
    text: unit.text,
    get start(): number { return unit.start; },
    set start(v: number) { unit.start = v; },
    root: { ...unit.root, children: [...unit.root.children, comment.root] },
    identifiers: unit.identifiers,
    errors: unit.errors,
  } as Unit;
  withComments.set(original, { comment, unit: joined });
  return joined;
}
