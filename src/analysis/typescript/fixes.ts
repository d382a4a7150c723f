// Quick fixes written the TypeScript way. The interpreter proposes Python edits (`(2, 2)`, `True`, a new keyword
// argument `, in_features=2880`); in TypeScript the value is an array or `true`, an options object takes the key
// (`inFeatures: 2880`, also for a shorthand `{ stride }`), and a missing option is added to the object.
import type { AnalysisDiagnostic, CodeFix, ModelAnalysis, TextEdit } from '../model';
import type { LineMap, Unit } from '../syntax';
import { camelToSnake, type TranslationNotes } from './translate';

/** The notes of every translated unit, at absolute offsets. */
export interface FixContext {
  readonly lines: LineMap;
  /** value start → how the option is written */
  readonly values: Map<number, { key: string; shorthand: boolean }>;
  /** offset of a call's `)` → its options object */
  readonly calls: Map<number, { lastEnd: number; braceStart: number; empty: boolean; snake: boolean }>;
}

export function fixContext(lines: LineMap, units: readonly { unit: Unit; notes: TranslationNotes }[]): FixContext {
  const ctx: FixContext = { lines, values: new Map(), calls: new Map() };
  for (const { unit, notes } of units) {
    for (const v of notes.optionValues) ctx.values.set(unit.start + v.start, { key: v.key, shorthand: v.shorthand });
    for (const c of notes.optionCalls) {
      ctx.calls.set(unit.start + c.argsEnd - 1, { lastEnd: unit.start + c.lastEnd, braceStart: unit.start + c.braceStart, empty: c.empty, snake: c.snake });
    }
  }
  return ctx;
}

/** A value as TypeScript writes it. */
export function tsLiteral(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(tsLiteral).join(', ')}]`;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

const snakeToCamel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const cache = new WeakMap<ModelAnalysis, ModelAnalysis>();

/** The model with its fixes rewritten for TypeScript (the interpreter's model objects are cached, so is this). */
export function tsModel(model: ModelAnalysis, ctx: FixContext): ModelAnalysis {
  if (!model.diagnostics.some((d) => d.fix)) return model;
  const hit = cache.get(model);
  if (hit) return hit;
  const out = { ...model, diagnostics: model.diagnostics.map((d) => tsDiagnostic(d, ctx)) };
  cache.set(model, out);
  return out;
}

function tsDiagnostic(d: AnalysisDiagnostic, ctx: FixContext): AnalysisDiagnostic {
  if (!d.fix) return d;
  return { ...d, fix: tsFix(d.fix, ctx) };
}

function tsFix(fix: CodeFix, ctx: FixContext): CodeFix {
  const offset = (p: { line: number; character: number }) => ctx.lines.lineStart(p.line) + p.character;
  let key: string | undefined;
  const edits = fix.edits.map((e): TextEdit => {
    const start = offset(e.range.start);
    const end = offset(e.range.end);
    const value = fix.value !== undefined ? tsLiteral(fix.value) : e.newText;
    const added = start === end ? /^(?:, )?([A-Za-z_]\w*)=/.exec(e.newText) : null;
    if (added) {
      // a keyword argument the call does not write yet: into its options object, or a new one
      const call = ctx.calls.get(start);
      if (call) {
        key = call.snake ? added[1] : snakeToCamel(added[1]);
        const at = call.empty ? call.braceStart + 1 : call.lastEnd;
        const text = call.empty ? ` ${key}: ${value} ` : `, ${key}: ${value}`;
        return { range: ctx.lines.range(at, at), newText: text };
      }
      key = snakeToCamel(added[1]);
      return { range: e.range, newText: `${e.newText.startsWith(', ') ? ', ' : ''}{ ${key}: ${value} }` };
    }
    const option = ctx.values.get(start);
    if (option) {
      key = option.key;
      return { range: e.range, newText: option.shorthand ? `${option.key}: ${value}` : value };
    }
    return { range: e.range, newText: fix.value !== undefined && /^Set /.test(fix.title) ? value : e.newText };
  });
  let title = fix.title;
  if (fix.arg && fix.value !== undefined && /^Set /.test(title)) {
    const shown = key ?? snakeToCamel(fix.arg);
    title = `Set ${shown === camelToSnake(shown) ? fix.arg : shown} to ${tsLiteral(fix.value)}`;
  }
  return { ...fix, title, edits };
}
