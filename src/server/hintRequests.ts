// The editor's hints request: the regions on screen, each with its model context, their hints in the screen's lines;
// a class no model builds gets one hint that says what it needs (once every model is known). Tooltips are computed
// when the user points at a hint (hintTooltip), from what was kept here.
import { anchorTooltip } from './hovers';
import { MODULE_REGION, type Region } from './context';
import type { Resolved } from './contexts';
import type { AnalysedText } from './documents';
import { regionHints } from './hints';
import { memoryOptions } from './memory';
import { statementTooltip } from './statements';
import type { Requests, ServerConfig, WireHint } from './protocol';

export type RegionResolver = (region: Region, full?: boolean) => Resolved | undefined;

export function hintsOf(resolve: RegionResolver, t: AnalysedText, p: Requests['hints']['params'], config: ServerConfig): WireHint[] {
  const first = p.startLine + p.offset;
  const last = p.endLine + p.offset;
  const visible = t.regions.filter((r) => r.end >= first && r.start <= last);
  const out: WireHint[] = [];
  const options = { ...config.hints, convention: config.convention };
  for (const region of [...visible, MODULE_REGION]) {
    const ctx = resolve(region);
    if (!ctx) {
      const said = t.settled || t.unbuilt.has(region.name);
      const needs = said && region.kind === 'class' ? t.prepared.needsArguments.find((c) => c.name === region.name) : undefined;
      if (needs && needs.range.start.line >= first && needs.range.start.line <= last) {
        const line = needs.range.start.line;
        const key = `${t.generation}:${out.length}:${region.name}`;
        t.tooltips.set(key, () => notBuiltTooltip(needs.name, needs.needs));
        out.push({ position: { line: line - p.offset, character: t.lineText(line).length },
          label: clipLabel(`no model here builds ${needs.name}${needs.needs.length ? ` · needs ${needs.needs.join(', ')}` : ''}`, config.hints.maxLength), key });
      }
      continue;
    }
    for (const h of regionHints(ctx.model, region, t.regions, options, ctx.file)) {
      if (h.position.line < first || h.position.line > last) continue;
      const key = `${t.generation}:${out.length}`;
      const about = h.about;
      const model = ctx.model;
      const from = ctx.from;
      t.tooltips.set(key, () => ('anchor' in about ? anchorTooltip(about.anchor, model, { convention: config.convention, memory: memoryOptions(config) }, from)
        : statementTooltip(model.annotations[about.statement], `${model.name}${from ? ` (${from})` : ''}`)));
      out.push({ position: { line: h.position.line - p.offset, character: h.position.character }, label: h.label, key });
    }
  }
  return out;
}

export function tooltipOf(t: AnalysedText, key: string): string | null {
  return t.tooltips.get(key)?.() ?? null;
}

function notBuiltTooltip(name: string, needs: readonly string[]): string {
  return `**${name}**: no model in this project builds it, so ShapeLens has no numbers for it. It is analysed where it is ` +
    `built, with the arguments given there${needs.length ? ` (it needs ${needs.map((n) => `\`${n}\``).join(', ')})` : ''}: ` +
    `build it in the file (\`model = ${name}(…)\`, or under \`if __name__ == '__main__':\`) to see its numbers.`;
}

const clipLabel = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`);
