// The places of a file where the editor says something about a model's modules, and what is said there. A module
// is shown where it became an attribute (`self.conv1 = conv3x3(…)`, `self.layer1 = self._make_layer(…)`), else where
// it was constructed (a Sequential entry, `layers.append(block(…))`). Several instances built by the same code (a
// block used 8 times, the conv of a helper) share one anchor: the first instance is the one shown, the others listed.
import { inConvention, type Convention, type Shape, type ShapeTree } from '../engine';
import type { ContainerEntry, LayerDeclaration, LayerRecord, ModelAnalysis, Range } from '../analysis/model';
import { isIn, regionAt, type Region } from './context';

export interface InstanceCall {
  readonly inputShapes: readonly (Shape | undefined)[];
  readonly outputShape?: ShapeTree;
  readonly records: readonly LayerRecord[];
}

/** One module instance of the model, with its calls in forward(). */
export interface Instance {
  readonly path: string;
  readonly type: string;
  readonly declaration?: LayerDeclaration;
  readonly container?: ContainerEntry;
  readonly calls: readonly InstanceCall[];
  /** Its parameters (everything under it for a container); undefined when not known. */
  readonly params?: bigint;
}

export interface Anchor {
  readonly key: string;
  /** The statement or constructor call: the hint goes at its end, the hover answers anywhere in it. */
  readonly range: Range;
  readonly instances: readonly Instance[];
  /** An attribute statement (`self.x = …`) rather than a constructor call. */
  readonly site: boolean;
}

const rangeKey = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

export const contains = (outer: Range, inner: Range): boolean =>
  (inner.start.line > outer.start.line || (inner.start.line === outer.start.line && inner.start.character >= outer.start.character)) &&
  (inner.end.line < outer.end.line || (inner.end.line === outer.end.line && inner.end.character <= outer.end.character));

/** Every instance of the model (leaves and containers), in the model's module order. */
export function instancesOf(m: ModelAnalysis): Instance[] {
  const byDeclaration = new Map<LayerDeclaration, LayerRecord[]>();
  for (const r of m.layers) {
    if (!r.declaration) continue;
    const list = byDeclaration.get(r.declaration);
    if (list) list.push(r);
    else byDeclaration.set(r.declaration, [r]);
  }
  const containers: Instance[] = (m.containers ?? []).map((c) => ({ path: c.path, type: c.type, container: c, params: c.params,
    calls: (c.calls ?? []).map((call) => ({ inputShapes: call.inputShapes, outputShape: call.outputShape,
      records: m.layers.slice(call.firstRecord, call.firstRecord + call.recordCount) })) }));
  const leaves: Instance[] = m.declarations.map((d) => {
    const records = byDeclaration.get(d) ?? [];
    const declared = d.outcome?.params?.tensors.reduce((s, t) => s + t.count, 0n);
    return { path: d.path, type: d.type, declaration: d, params: records.length ? records[0].params : declared,
      calls: records.map((r) => ({ inputShapes: r.inputShapes, outputShape: r.outputShape, records: [r] })) };
  });
  // named_modules() order: both lists are in it; a container goes right before the first module under it
  const out: Instance[] = [];
  let next = 0;
  for (const leaf of leaves) {
    while (next < containers.length && leaf.path.startsWith(`${containers[next].path}.`)) out.push(containers[next++]);
    out.push(leaf);
  }
  out.push(...containers.slice(next));
  return out;
}

/** Where each instance is shown: its attribute statement, else its constructor call (when in the shown file). */
function anchorRange(i: Instance, here: (r: Range | undefined) => r is Range): { range: Range; site: boolean } | undefined {
  const site = i.declaration?.site ?? i.container?.site;
  const made = i.declaration?.range ?? i.container?.declaration;
  if (here(site)) return { range: site, site: true };
  if (here(made)) return { range: made, site: false };
  return undefined;
}

/**
 * The anchors of a model inside one region (or the whole file), in file order. `file`: the shown file when the
 * model is analysed from a file that imports it (see isIn).
 */
export function anchorsOf(m: ModelAnalysis, region?: Region, regions?: readonly Region[], file?: string): Anchor[] {
  const here = isIn(file);
  const groups = new Map<string, { range: Range; site: boolean; instances: Instance[] }>();
  for (const i of instancesOf(m)) {
    const at = anchorRange(i, here);
    if (!at) continue;
    if (region && regions && regionAt(regions, at.range.start.line) !== region) continue;
    const key = rangeKey(at.range);
    const group = groups.get(key);
    if (group) group.instances.push(i);
    else groups.set(key, { ...at, instances: [i] });
  }
  return [...groups].map(([key, g]) => ({ key, ...g }))
    .sort((a, b) => a.range.end.line - b.range.end.line || a.range.end.character - b.range.end.character);
}

/** The instance an anchor shows: the first one that ran, else the first. */
export const shownInstance = (a: Anchor): Instance => a.instances.find((i) => i.calls.length > 0) ?? a.instances[0];

/** An instance's cost in a convention: the sum over its calls, and whether every record's cost is known. */
export function instanceCost(i: Instance, convention: Convention): { value: bigint; complete: boolean } {
  let value = 0n;
  let complete = i.calls.length > 0;
  for (const call of i.calls) {
    for (const r of call.records) {
      if (r.cost) value += inConvention(r.cost, convention);
      else complete = false;
    }
  }
  return { value, complete };
}
