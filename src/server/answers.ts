// The server's answers about the cursor's place in a document: the hover, the status bar, the model quick pick, the
// summary and where an input shape goes. Each takes the model context at the cursor's line (contexts.ts) and turns
// it into plain data for the editor; hints (hintRequests.ts) and lenses (lenses.ts) are answered elsewhere.
import type { ModelAnalysis } from '../analysis/model';
import { inputChoices } from '../present/inputChoices';
import { summaryData } from '../present/summary';
import type { Resolved } from './contexts';
import type { AnalysedText } from './documents';
import type { RegionResolver } from './hintRequests';
import { hoverAt } from './hovers';
import type { ContextChoices, InputTarget, Requests, ServerConfig, StatusInfo, WireHover } from './protocol';
import { memoryOptions, planOf, training, trainingText } from './memory';
import { regionAt, kindOf } from './context';
import { contextChoice, statusInfo } from './status';
import { needsHover, needsNote } from './unbuilt';

/** What an answer needs: the document, the settings, and the model context of any region of it. */
export interface Asked {
  readonly t: AnalysedText;
  readonly config: ServerConfig;
  readonly resolver: RegionResolver;
}

/** The context at a line, falling back to the file's first root model for the module's own code. */
function contextAt({ t, resolver }: Asked, line: number): Resolved | undefined {
  const hit = resolver(regionAt(t.regions, line));
  if (hit) return hit;
  if (regionAt(t.regions, line).kind !== 'module') return undefined;
  const first = t.roots[0];
  return first ? { stub: first, model: t.model(first), text: t, choices: t.roots.length } : undefined;
}

export function hoverAnswer(a: Asked, p: Requests['hover']['params']): WireHover | null {
  const line = p.position.line + p.offset;
  const ctx = contextAt(a, line);
  if (!ctx) return needsHover(a.t, line);
  const settings = { convention: a.config.convention, memory: memoryOptions(a.config) };
  const h = hoverAt(ctx.model, line, p.position.character, settings, ctx.file, ctx.from);
  if (!h) return null;
  const shift = (pos: { line: number; character: number }) => ({ line: pos.line - p.offset, character: pos.character });
  return { markdown: h.markdown, range: h.range && { start: shift(h.range.start), end: shift(h.range.end) },
    trustedCommands: h.gradientLink ? ['shapelens.openGradientChecker'] : undefined };
}

export function statusAnswer(a: Asked, p: Requests['status']['params']): StatusInfo | null {
  const ctx = contextAt(a, p.position.line + p.offset);
  if (!ctx) return null;
  const info = statusInfo({ model: ctx.model, kind: kindOf(ctx.stub.kind), choices: ctx.choices, from: ctx.from, offset: p.offset },
    a.config.convention);
  // on an input ShapeLens chose, the status bar names that input after the figures, batch included
  const words = info.chosenInput ? training : trainingText;
  const memory = a.config.memory.statusBar ? words(ctx.model, memoryOptions(a.config)) : undefined;
  return memory ? { ...info, memory } : info;
}

export function contextsAnswer(a: Asked, p: Requests['contexts']['params']): ContextChoices {
  const { t } = a;
  const line = p.position.line + p.offset;
  const region = regionAt(t.regions, line);
  const current = contextAt(a, line);
  const users = a.resolver(region, true)?.all ?? [];
  const list = users.length ? users : t.roots.map((stub) => ({ stub, model: t.model(stub), text: t, from: undefined }));
  const place = region.kind === 'module' ? "the module's code" : region.kind === 'variable' ? `the statement that makes ${region.name.slice(1)}`
    : `${region.kind} ${region.name}`;
  return { place, items: list.map((u) => contextChoice(u.model, kindOf(u.stub.kind), u.model === current?.model, u.from)),
    note: users.length ? undefined : needsNote(t, region.name) };
}

/** The summary of the named model or of the cursor's context, with its memory plan (two more analyses, at batch 1 and 2). */
export function summaryAnswer(a: Asked, p: Requests['summary']['params']) {
  let model: ModelAnalysis | undefined;
  let owner = a.t;
  if (p.model) {
    const stub = a.t.stub(p.model);
    model = stub && a.t.model(stub);
  } else {
    const ctx = contextAt(a, p.position.line + p.offset);
    model = ctx?.model;
    if (ctx) owner = ctx.text;
  }
  if (!model) return null;
  const name = model.name;
  const plan = planOf(model, a.config, (shape) => owner.reanalyse(name, shape));
  return summaryData(model, a.config.convention, { plan });
}

export function inputTargetAnswer(a: Asked, p: Requests['inputTarget']['params']): InputTarget | null {
  const ctx = contextAt(a, p.position.line + p.offset);
  if (!ctx || ctx.from) return null;
  const shape = ctx.model.inputShape;
  return { model: ctx.model.name, line: ctx.model.range.start.line - p.offset,
    inputShape: shape && ctx.model.inputSource !== 'symbolic' && shape.every((d) => typeof d === 'number') ? shape as number[] : undefined,
    choices: inputChoices(ctx.model) };
}
