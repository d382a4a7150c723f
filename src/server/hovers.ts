// The hover texts of the editor, for a model context: on a module's anchor (its attribute statement or constructor
// call), on a call in forward(), on a model's own first line. Each says only what is true of the code under the
// cursor in that model (a module never called says why; a block built 8 times lists its instances).
import { formatShape, inConvention, type Convention, type ShapeTree } from '../engine';
import type { MemoryOptions } from '../analysis/memory';
import type { LayerRecord, ModelAnalysis, Range } from '../analysis/model';
import { containerHover, instancesTable, layerHover, modelHover, type InstanceRow } from '../present/hoverText';
import { anchorsOf, contains, instanceCost, instancesOf, shownInstance, type Anchor, type Instance } from './anchors';
import { isIn } from './context';
import { statementTooltip } from './statements';
import { canPrefill } from '../present/gradBuilder/prefill';
import { memoryOf } from './memory';

/** A link that opens the gradient checker pre-filled with the layer, for the layers its builder offers. */
export function gradientCheckLink(type: string, args: Readonly<Record<string, unknown>> | undefined, inputShape?: readonly unknown[]): string | undefined {
  if (!canPrefill(type) || !args) return undefined;
  const prefill = { layerType: type, args, inputShape };
  return `command:shapelens.openGradientChecker?${encodeURIComponent(JSON.stringify([prefill]))}`;
}

export interface HoverText {
  readonly markdown: string;
  readonly range?: Range;
  readonly gradientLink: boolean;
}

const inside = (r: Range, line: number, character: number) => contains(r, { start: { line, character }, end: { line, character } });
const size = (r: Range) => (r.end.line - r.start.line) * 10_000 + (r.end.character - r.start.character);
const shapes = (s: readonly (ShapeTree | undefined)[]) => (s.length ? s.map((x) => (x ? formatShape(x) : '?')).join(', ') : undefined);

/** Why a module has no followed call in this model, in the user's terms. */
export function whyNotCalled(m: ModelAnalysis): string {
  if (!m.inputShape) return `${m.name}'s input is not known, so no shape reaches it (ShapeLens: Set Input Shape).`;
  if (m.incomplete && m.outputShape === undefined) return `ShapeLens stopped following ${m.name}'s forward() before it (the info diagnostic says where).`;
  return `${m.name}'s forward() does not call it.`;
}

function rows(a: Anchor, convention: Convention): InstanceRow[] {
  return a.instances.map((i) => {
    const cost = instanceCost(i, convention);
    const call = i.calls[0];
    // a lower bound of 0 says nothing: unknown (cells.ts's rule)
    const known = i.calls.length > 0 && (cost.complete || cost.value > 0n);
    return { path: i.path, input: call && shapes(call.inputShapes), output: call?.outputShape && formatShape(call.outputShape),
      params: i.params, cost: known ? cost.value : undefined, costComplete: cost.complete };
  });
}

/** What a hover says beyond shapes and cost: the convention, and the memory estimate's setting (none: no memory lines). */
export interface HoverSettings {
  readonly convention: Convention;
  readonly memory?: MemoryOptions;
}

/** A record's memory in the model's estimate, and its receptive field (main's hover lines). */
function recordExtras(m: ModelAnalysis, r: LayerRecord | undefined, memory: MemoryOptions | undefined) {
  const index = r ? m.layers.indexOf(r) : -1;
  if (index < 0) return {};
  const model = memory && memoryOf(m, memory);
  return { memory: model && { record: model.records[index], model }, field: m.fields?.[index] };
}

function instanceHover(i: Instance, m: ModelAnalysis, s: HoverSettings, record?: LayerRecord): { text: string; link: boolean } {
  const convention = s.convention;
  if (i.container) {
    const cost = instanceCost(i, convention);
    const call = i.calls[0];
    const modules = m.declarations.filter((d) => d.path.startsWith(`${i.path}.`)).length;
    return { link: false, text: containerHover({
      title: i.path, type: i.type, input: call && shapes(call.inputShapes), output: call?.outputShape && formatShape(call.outputShape),
      params: i.params, cost: i.calls.length ? cost.value : undefined, costComplete: cost.complete, callCount: i.calls.length,
      modules, convention, notCalled: whyNotCalled(m),
    }) };
  }
  const r = record ?? i.calls[0]?.records[0];
  const outcome = r?.outcome ?? i.declaration?.outcome;
  const input = r?.inputShapes[0];
  const gradientLink = gradientCheckLink(outcome?.def.type ?? '', outcome?.args, input?.every((d) => typeof d === 'number') ? input : undefined);
  return { link: gradientLink !== undefined, text: layerHover({
    title: i.path, declaration: i.declaration, record: r, outcome, callCount: i.calls.length, convention,
    notCalled: whyNotCalled(m), gradientLink, ...recordExtras(m, r, s.memory),
  }) };
}

function anchorHover(a: Anchor, m: ModelAnalysis, s: HoverSettings): { text: string; link: boolean } {
  const first = instanceHover(shownInstance(a), m, s);
  const table = instancesTable(rows(a, s.convention), s.convention, a.site ? 'This statement sets it' : 'This code builds it');
  return { link: first.link, text: table ? `${first.text}\n\n${table}` : first.text };
}

/** The hover of an anchor (for a hint's tooltip). */
export function anchorTooltip(a: Anchor, m: ModelAnalysis, s: HoverSettings, from?: string): string {
  return `${anchorHover(a, m, s).text}\n\n_In ${m.name}${from ? ` (${from})` : ''}._`;
}

/** The hover at a position of the analysed text, for model `m`. */
export function hoverAt(m: ModelAnalysis, line: number, character: number, s: HoverSettings, file?: string,
  from?: string): HoverText | undefined {
  const footer = `_In ${m.name}${from ? ` (${from})` : ''}._`;
  const local = isIn(file);
  let best: { range: Range; make: () => { text: string; link: boolean } } | undefined;
  const consider = (range: Range, make: () => { text: string; link: boolean }) => {
    if (!local(range) || !inside(range, line, character)) return;
    if (!best || size(range) < size(best.range)) best = { range, make };
  };
  for (const a of anchorsOf(m, undefined, undefined, file)) consider(a.range, () => anchorHover(a, m, s));
  const byCall = new Map<string, LayerRecord[]>();
  for (const r of m.layers) {
    if (!local(r.callRange) || !inside(r.callRange, line, character)) continue;
    const k = `${r.callRange.start.line}:${r.callRange.start.character}:${r.callRange.end.line}:${r.callRange.end.character}`;
    byCall.set(k, [...(byCall.get(k) ?? []), r]);
  }
  for (const records of byCall.values()) consider(records[0].callRange, () => callHover(records, m, s));
  if (best) {
    const made = best.make();
    return { markdown: `${made.text}\n\n${footer}`, range: best.range, gradientLink: made.link };
  }
  if (local(m.range) && m.range.start.line === line) {
    return { markdown: modelHover(m, s.convention, s.memory && memoryOf(m, s.memory)), gradientLink: false };
  }
  // a forward statement that calls a block or a container (no layer of its own under the cursor): its shape
  const statement = m.annotations.find((a) => a.file === file && a.position.line === line);
  if (statement) return { markdown: statementTooltip(statement, `${m.name}${from ? ` (${from})` : ''}`), gradientLink: false };
  return undefined;
}

/** A call in forward(): the first time it ran, and every run when it ran more than once (instances of a block, a loop). */
function callHover(records: readonly LayerRecord[], m: ModelAnalysis, s: HoverSettings): { text: string; link: boolean } {
  const r = records[0];
  const convention = s.convention;
  const leaf = instancesOf(m).find((i) => i.declaration !== undefined && i.declaration === r.declaration);
  const calls = leaf ? leaf.calls.length : 1;
  const made = leaf ? instanceHover(leaf, m, s, r) : { link: false, text: layerHover({
    title: r.name, record: r, outcome: r.outcome, callCount: calls, convention, ...recordExtras(m, r, s.memory) }) };
  if (records.length < 2) return made;
  const table = instancesTable(records.map((x) => ({ path: x.name, input: shapes(x.inputShapes), output: x.outputShape && formatShape(x.outputShape),
    params: x.params, cost: x.cost ? inConventionOf(x, convention) : undefined, costComplete: x.cost !== undefined })), convention, 'This call runs');
  return { link: made.link, text: `${made.text}\n\n${table}` };
}

const inConventionOf = (r: LayerRecord, convention: Convention): bigint => (r.cost ? inConvention(r.cost, convention) : 0n);
