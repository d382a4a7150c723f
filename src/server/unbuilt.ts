// What the editor is told when there is nothing to show: a class no model of the project builds (what it needs),
// and an internal error of the analysis (one diagnostic at the top of the file).
import type { AnalysedText } from './documents';
import type { BuildEdit, WireDiagnostic, WireHover } from './protocol';

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

/**
 * Where and how to build a class no model builds: `model = Name(a=…, b=…)` with a placeholder per argument it needs,
 * at the end of the slice's `if __name__ == '__main__':` block (its body's indentation), or in a new one after the
 * slice's last line of code. Never at the top level: the module may be imported by the user's other code. `lines`
 * are the slice's lines; a block written before the class ends (`after`, its last line) would run before the class
 * exists. The snippet goes at the start of the line after (VS Code indents a snippet's new lines as the line it is
 * inserted in; that line is blank or at the top level, or past the end when the text has no final newline).
 */
export function buildEdit(lines: readonly string[], name: string, needs: readonly string[], after = -1): BuildEdit {
  const args = needs.map((n, i) => `${n}=\${${i + 1}:${n}}`).join(', ');
  const call = `model = ${name}(${args})$0`;
  const guard = /^if\s+__name__\s*==\s*(['"])__main__\1\s*:\s*(#.*)?$/;
  const at = lines.findIndex((l, i) => i > after && guard.test(l));
  if (at >= 0) {
    // the block's last line: the last non-blank line indented under it (comments too) before the next top-level line
    let last = at;
    let indent = '    ';
    for (let i = at + 1; i < lines.length; i++) {
      const l = lines[i];
      if (l.trim() === '') continue;
      if (!/^\s/.test(l)) break;
      if (last === at) indent = /^\s+/.exec(l)![0];
      last = i;
    }
    return { line: last + 1, character: 0, snippet: `${indent}${call}\n`,
      description: `Adds \`model = ${name}(…)\` at the end of the \`if __name__ == '__main__':\` block (line ${last + 1})` };
  }
  // after the last line with code: the blank lines the file ends with stay after the new block
  let end = lines.length - 1;
  while (end > 0 && lines[end].trim() === '') end--;
  return { line: end + 1, character: 0, snippet: `${lines[end]?.trim() ? '\n\n' : ''}if __name__ == '__main__':\n    ${call}\n`,
    description: `Adds \`model = ${name}(…)\` under a new \`if __name__ == '__main__':\` at the end of the file` };
}
