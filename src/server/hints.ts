// The inlay hints of one region of a file, for its model context: at most one per line. A module's hint goes at
// the end of its anchor (anchors.ts); a forward statement's after the statement; several on one line become one
// (an attribute statement wins over the constructor calls inside it; else their numbers are added up).
import type { ModelAnalysis, Position } from '../analysis/model';
import { hintLabel, type HintOptions, type HintParts } from '../present/hintText';
import { anchorsOf, instanceCost, shownInstance, type Anchor } from './anchors';
import { regionAt, type Region } from './context';

export interface HintItem {
  readonly position: Position;
  readonly label: string;
  /** What the tooltip is about: an anchor of the model, or a forward statement. */
  readonly about: { readonly anchor: Anchor } | { readonly statement: number };
}

interface Candidate {
  readonly position: Position;
  readonly parts: HintParts;
  readonly weight: number; // attribute statement 2, forward statement 1, constructor call 0
  readonly about: HintItem['about'];
}

/** Is the model's input batched? A conv/pool stack's first layer tells (rank = spatial + 2); else assume so. */
export function isBatched(model: ModelAnalysis): boolean {
  const shape = model.inputShape;
  if (!shape) return true;
  const first = model.layers.find((r) => /(\d)d$/.test(r.type));
  const spatial = first ? Number(/(\d)d$/.exec(first.type)![1]) : undefined;
  return spatial === undefined ? shape.length >= 2 : shape.length === spatial + 2;
}

function anchorParts(a: Anchor, o: HintOptions): HintParts {
  const shown = shownInstance(a);
  const cost = instanceCost(shown, o.convention);
  return {
    shape: shown.calls[0]?.outputShape, calls: shown.calls.length, params: shown.params,
    cost: cost.value, costComplete: cost.complete, uses: a.instances.length,
  };
}

export interface RegionHintOptions extends HintOptions {
  readonly forwardStatements: boolean;
}

/** The hints of `region` (the whole file when undefined) for model `m`, one per line, in line order. */
export function regionHints(m: ModelAnalysis, region: Region | undefined, regions: readonly Region[], o: RegionHintOptions,
  file?: string): HintItem[] {
  const candidates: Candidate[] = [];
  for (const a of anchorsOf(m, region, regions, file)) {
    candidates.push({ position: a.range.end, parts: anchorParts(a, o), weight: a.site ? 2 : 0, about: { anchor: a } });
  }
  if (o.forwardStatements && o.shape) {
    m.annotations.forEach((a, i) => {
      if (a.file !== file || (region && regionAt(regions, a.position.line) !== region)) return;
      // `identity = x` runs nothing: its shape is the one already shown above
      if (a.records.length === 0) return;
      const runs = (a.runs?.length ?? 1) + (a.moreRuns ?? 0);
      candidates.push({ position: a.position, parts: { shape: a.shape, runs }, weight: 1, about: { statement: i } });
    });
  }
  const byLine = new Map<number, Candidate[]>();
  for (const c of candidates) {
    const list = byLine.get(c.position.line);
    if (list) list.push(c);
    else byLine.set(c.position.line, [c]);
  }
  const batched = isBatched(m);
  const out: HintItem[] = [];
  for (const line of [...byLine.keys()].sort((a, b) => a - b)) {
    const c = oneOf(byLine.get(line)!);
    const label = hintLabel(c.parts, batched, o);
    if (label) out.push({ position: c.position, label, about: c.about });
  }
  return out;
}

/** Several hints on one line: the heaviest wins; constructor calls alone on a line are added up into the last one. */
function oneOf(list: readonly Candidate[]): Candidate {
  if (list.length === 1) return list[0];
  const last = [...list].sort((a, b) => a.position.character - b.position.character);
  const top = Math.max(...list.map((c) => c.weight));
  const heaviest = last.filter((c) => c.weight === top);
  if (top > 0) return heaviest[heaviest.length - 1];
  const end = last[last.length - 1];
  const sum = (f: (p: HintParts) => bigint | undefined) => list.reduce((s, c) => s + (f(c.parts) ?? 0n), 0n);
  const withShape = [...last].reverse().find((c) => c.parts.shape !== undefined);
  return { ...end, parts: {
    shape: withShape?.parts.shape, params: sum((p) => p.params), cost: sum((p) => p.cost),
    costComplete: list.every((c) => c.parts.costComplete !== false), uses: Math.max(...list.map((c) => c.parts.uses ?? 1)),
  } };
}
