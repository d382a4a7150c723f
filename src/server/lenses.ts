// The CodeLens above each root model of a document (its class, factory or variable). VS Code asks after every edit,
// and analysing every model in that request, where no edit can interrupt it, would hold the hints back: a model not
// analysed yet keeps the lens of its last analysis — left out, its line's view zone would go and the code below
// would jump, twice, while the user types — and the editor is told to ask again once the background has analysed
// it, if the lens then reads differently.
import type { ModelStub } from '../analysis/model';
import type { AnalysedText } from './documents';
import { lensInputNote, lensTitle, memoryOptions } from './memory';
import type { Requests, ServerConfig, WireLens } from './protocol';
import { buildEdit } from './unbuilt';

/** The lenses of the root models in the slice's lines. */
export function lensesOf(t: AnalysedText, p: Requests['lenses']['params'], config: ServerConfig): WireLens[] {
  const out: WireLens[] = [];
  for (const stub of t.roots) {
    const line = stub.range.start.line - p.offset;
    if (line < 0 || line >= p.lineCount) continue;
    if (!t.isAnalysed(stub)) {
      const last = t.lastLenses.get(stub.name);
      t.lensesServed.set(stub.name, last?.title ?? null);
      if (last) out.push({ line, ...last });
      continue;
    }
    t.lensesServed.delete(stub.name);
    out.push({ line, ...lensOf(t, stub, config) });
  }
  // a class no model of the project builds (said once every model is known): a lens that builds it for the user
  const unbuilt = t.prepared.needsArguments.filter((c) => t.unbuilt.has(c.name));
  if (unbuilt.length) {
    const lines = t.text.split('\n').slice(p.offset, p.offset + p.lineCount).map((l) => l.replace(/\r$/, ''));
    for (const c of unbuilt) {
      const line = c.range.start.line - p.offset;
      if (line < 0 || line >= p.lineCount) continue;
      const needs = c.needs.length ? `(${c.needs.join(', ')})` : '(…)';
      out.push({ line, model: c.name, title: `Build ${c.name}${needs} to see its numbers…`, build: buildEdit(lines, c.name, c.needs, c.range.end.line - p.offset) });
    }
  }
  return out;
}

function lensOf(t: AnalysedText, stub: ModelStub, config: ServerConfig): Omit<WireLens, 'line'> {
  const m = t.model(stub);
  const lens = { model: m.name, title: lensTitle(m, config.convention, memoryOptions(config)), inputNote: lensInputNote(m) };
  t.lastLenses.set(stub.name, lens);
  return lens;
}

/** Whether a lens served from an earlier version (or left out) reads differently now that every model is analysed. */
export function lensesChanged(t: AnalysedText, config: ServerConfig): boolean {
  let changed = false;
  for (const [name, title] of t.lensesServed) {
    const stub = t.roots.find((s) => s.name === name);
    if (!stub || title === null || lensOf(t, stub, config).title !== title) changed = true;
  }
  t.lensesServed.clear();
  return changed;
}
