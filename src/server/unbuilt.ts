// What the editor is told when there is nothing to show: a class no model of the project builds (what it needs),
// and an internal error of the analysis (one diagnostic at the top of the file).
import type { AnalysedText } from './documents';
import type { WireDiagnostic, WireHover } from './protocol';

export function needsNote(t: AnalysedText, region: string): string | undefined {
  const cls = t.prepared.needsArguments.find((c) => c.name === region);
  if (!cls) return undefined;
  return `No model in this project builds ${cls.name}, so ShapeLens has no numbers for it: it needs ` +
    `${cls.needs.length ? cls.needs.join(', ') : 'its arguments'}. Build it in the file (\`model = ${cls.name}(…)\`, ` +
    "or under `if __name__ == '__main__':`) and its numbers appear.";
}

export function needsHover(t: AnalysedText, line: number): WireHover | null {
  const cls = t.prepared.needsArguments.find((c) => c.range.start.line === line);
  const note = cls && needsNote(t, cls.name);
  return note ? { markdown: `**${cls.name}**\n\n${note}` } : null;
}

export function internalError(e: unknown): WireDiagnostic {
  const message = e instanceof Error ? e.message : String(e);
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'internal',
    message: `ShapeLens internal error: ${message}` };
}
