// Resolving a region's model context lazily: the models a region may need are analysed in file order, but a quick
// answer (the editor waiting for hints after an edit) skips models that did not cover the region last time; the
// background analysis of every model then checks the quick answers (AnalysedText.served) and asks the editor to
// refresh when one was wrong.
import type { ModelAnalysis, ModelStub } from '../analysis/model';
import { MODULE_REGION, regionAt, type Region } from './context';
import type { AnalysedText } from './documents';

export interface Use {
  readonly stub: ModelStub;
  readonly model: ModelAnalysis;
  /** The text the model belongs to (another file's, when it comes from a file that imports this one). */
  readonly text: AnalysedText;
  /** That file's name, when it is another file. */
  readonly from?: string;
}

export interface Resolved extends Use {
  /** The shown file's path, when the model is another file's (its ranges in this file carry it). */
  readonly file?: string;
  /** How many root models are known to use the region. */
  readonly choices: number;
  /** Full resolution: every root model that uses the region, in order. */
  readonly all?: readonly Use[];
}

/** Where the models of files importing the shown one come from (importers.ts). */
export interface ForeignModels {
  /** Root models of importing files already analysed that cover `region` of `t`. */
  users(t: AnalysedText, path: string, region: Region): Use[];
}

export interface ContextOptions {
  readonly chosen?: string;
  /** Analyse every root model (the quick pick, the diagnostics): the exact answer, not a quick one. */
  readonly full: boolean;
  readonly importers?: ForeignModels;
  readonly path?: string;
  /**
   * How many models never seen before (the file was just opened) one quick answer may still analyse, shared by the
   * regions of one request: the screen gets what the first of them gives now, the rest when the background finds
   * it (the editor is then told to ask again).
   */
  readonly budget?: { unseen: number };
}

export function contextFor(t: AnalysedText, region: Region, o: ContextOptions): Resolved | undefined {
  const users: Use[] = [];
  const roots = t.roots;
  const covers = (s: ModelStub) => t.covers.get(s.name)?.has(region.name) ?? false;
  // Every model: the ones analysed already are looked at for free; a quick answer analyses others (in file order,
  // by the quick rule) only until it has one.
  const found = () => users.length > 0 && (!o.chosen || users.some((u) => u.stub.name === o.chosen));
  for (const stub of quickOrder(t, roots, region)) {
    if (!t.isAnalysed(stub) && !(o.full || (!found() && mayCover(t, stub, region) && affordable(t, stub, o.budget)))) continue;
    t.model(stub);
    if (covers(stub)) users.push({ stub, model: t.model(stub), text: t });
  }
  users.sort((a, b) => roots.indexOf(a.stub) - roots.indexOf(b.stub));
  if (o.chosen && !o.full && !users.some((u) => u.stub.name === o.chosen)) {
    // the chosen model is looked at even when the quick rules would skip it
    const stub = roots.find((s) => s.name === o.chosen);
    if (stub) {
      const model = t.model(stub);
      if (covers(stub)) users.unshift({ stub, model, text: t });
    }
  }
  if (users.length === 0 && o.importers && o.path) users.push(...o.importers.users(t, o.path, region));
  if (users.length === 0) {
    if (!o.full) t.served.set(region.name, null);
    return undefined;
  }
  const pick = users.find((u) => u.stub.name === o.chosen) ?? users[0];
  if (!o.full) t.served.set(region.name, pick.model.name);
  return { ...pick, file: pick.text === t ? undefined : o.path, choices: users.length, ...(o.full ? { all: users } : {}) };
}

/**
 * Quick rule: is a model not analysed yet worth analysing for this region? One that covered it before, yes; one that
 * did not, no; never seen (the file was just opened): any, in the order of quickOrder, until one covers the region —
 * a factory reaches its class through helpers (`resnet18` → `_resnet` → `ResNet`) that the names it uses do not
 * show, and waiting for the background to analyse every model would hold the first hints back until then. The
 * module's own code is never worth a model here (the background gives it its context).
 */
export function mayCover(t: AnalysedText, stub: ModelStub, region: Region): boolean {
  const before = t.lastCovers.get(stub.name);
  if (before) return before.has(region.name);
  return region.kind !== 'module';
}

/** A model that never covered anything before costs one of the request's budget (see ContextOptions.budget). */
function affordable(t: AnalysedText, stub: ModelStub, budget: { unseen: number } | undefined): boolean {
  if (!budget || t.lastCovers.has(stub.name)) return true;
  if (budget.unseen <= 0) return false;
  budget.unseen--;
  return true;
}

/**
 * The order a quick answer looks at the root models in: the ones analysed already (free), then the ones likely to
 * cover the region (that covered it before, defined in it, naming it), then the rest in file order.
 */
export function quickOrder(t: AnalysedText, roots: readonly ModelStub[], region: Region): ModelStub[] {
  const rank = (s: ModelStub) => {
    if (t.isAnalysed(s)) return 0;
    if (t.lastCovers.get(s.name)?.has(region.name)) return 1;
    if (region.kind !== 'module' && regionAt(t.regions, s.range.start.line) === region) return 1;
    if (region.kind === 'class' && s.dependsOn.includes(region.name)) return 1;
    return 2;
  };
  return roots.map((s, i) => ({ s, i, r: rank(s) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.s);
}

/** After every model is analysed: did a quick answer name another model than the exact one? (Then hints are redone.) */
export function servedStale(t: AnalysedText, exact: (region: Region) => Resolved | undefined): boolean {
  let stale = false;
  for (const [name, served] of t.served) {
    const region = name === '' ? MODULE_REGION : t.regions.find((r) => r.name === name);
    if (!region) continue;
    if ((exact(region)?.model.name ?? null) !== served) stale = true;
  }
  t.served.clear();
  return stale;
}
