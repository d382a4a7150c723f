// Moving a cached model result when the lines above it changed (a newline typed earlier in the file): every
// range and position moves by the same number of lines, and so do the "at line N" references in messages.
import type {
  AnalysisDiagnostic, LayerDeclaration, LayerRecord, ModelAnalysis, Position, Range, ShapeAnnotation,
} from './model';

export function shiftModel(m: ModelAnalysis, delta: number): ModelAnalysis {
  if (delta === 0) return m;
  const pos = (p: Position): Position => ({ line: p.line + delta, character: p.character });
  // A range in another file of the project (imported code) does not move with this file's lines.
  const range = (r: Range): Range => (r.file !== undefined ? r : { start: pos(r.start), end: pos(r.end) });
  const text = (s: string) => s.replace(/\bat line (\d+)/g, (_, n: string) => `at line ${Number(n) + delta}`);
  const decls = new Map<LayerDeclaration, LayerDeclaration>();
  const decl = (d: LayerDeclaration): LayerDeclaration => {
    let out = decls.get(d);
    if (!out) decls.set(d, (out = withOutcome(d, { ...d, range: range(d.range), ...(d.site ? { site: range(d.site) } : {}) })));
    return out;
  };
  const records = new Map<LayerRecord, LayerRecord>();
  const record = (r: LayerRecord): LayerRecord => {
    let out = records.get(r);
    if (!out) {
      records.set(r, (out = { ...r, callRange: range(r.callRange), declaration: r.declaration && decl(r.declaration) }));
    }
    return out;
  };
  const diagnostic = (d: AnalysisDiagnostic): AnalysisDiagnostic => ({
    ...d, range: range(d.range), message: text(d.message),
    fix: d.fix && { ...d.fix, edits: d.fix.edits.map((e) => ({ ...e, range: range(e.range) })) },
  });
  const annotation = (a: ShapeAnnotation): ShapeAnnotation => ({ ...a, position: a.file ? a.position : pos(a.position), records: a.records.map(record) });
  return {
    ...m,
    range: range(m.range),
    declarations: m.declarations.map(decl),
    layers: m.layers.map(record),
    annotations: m.annotations.map(annotation),
    diagnostics: m.diagnostics.map(diagnostic),
    ...(m.containers ? { containers: m.containers.map((c) => ({ ...c,
      ...(c.declaration ? { declaration: range(c.declaration) } : {}), ...(c.site ? { site: range(c.site) } : {}) })) } : {}),
  };
}

/** A declaration's outcome is a getter (evaluated on first use): the moved copy reads the original's. */
function withOutcome(from: LayerDeclaration, to: LayerDeclaration): LayerDeclaration {
  return Object.defineProperty(to, 'outcome', { get: () => from.outcome, enumerable: true });
}
