// The diagnostics of a document, for its model contexts: a model's diagnostic is shown when the region it is in shows
// that model (a block built by nine factories reports once, from its context), plus the file's own (syntax, imports).
import type { AnalysisDiagnostic, Range } from '../analysis/model';
import { regionAt } from './context';
import type { AnalysedText } from './documents';
import type { RegionResolver } from './hintRequests';
import type { Rng, WireDiagnostic } from './protocol';

const wireRange = (r: Range): Rng => ({ start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } });

function wire(d: AnalysisDiagnostic): WireDiagnostic {
  return { range: wireRange(d.range), severity: d.severity, code: d.code, message: d.message,
    ...(d.fix ? { fix: { title: d.fix.title, edits: d.fix.edits.map((e) => ({ range: wireRange(e.range), newText: e.newText })) } } : {}) };
}

export function diagnosticsOf(t: AnalysedText, resolve: RegionResolver): WireDiagnostic[] {
  const out: AnalysisDiagnostic[] = [...t.prepared.diagnostics];
  const regions = [...new Set(t.regions.map((r) => r.name)), ''];
  for (const name of regions) {
    const region = name === '' ? regionAt(t.regions, Number.MAX_SAFE_INTEGER - 1) : t.regions.find((r) => r.name === name)!;
    const ctx = resolve(region, true);
    if (!ctx) continue;
    for (const d of ctx.model.diagnostics) {
      if (d.range.file !== ctx.file) continue;
      if (regionAt(t.regions, d.range.start.line).name !== region.name) continue;
      out.push(ctx.file ? { ...d, range: { start: d.range.start, end: d.range.end } } : d);
    }
  }
  const seen = new Set<string>();
  return out.filter((d) => {
    const k = `${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  }).map(wire);
}
