// The analysis worker's warm-up. The first file a user opens after the extension starts would otherwise run the
// analysis's code for the first time, compiled by the JavaScript engine as it goes: a torchvision-style ResNet file
// took ~200 ms to its first hints in a fresh worker against 25–45 ms once the worker had analysed one model of that
// kind. So in its first idle moment the server analyses warm_up.py (written for ShapeLens: the forms model files use
// most, and a torchvision backbone, which loads ShapeLens's copy of torchvision.models) as an open document would be
// analysed, and throws the result away.
import { Interrupted } from '../analysis';
import type { AnalysisOptions } from '../analysis/model';
import { diagnosticsOf } from './diagnostics';
import { AnalysedText } from './documents';
import { hintsOf, type RegionResolver } from './hintRequests';
import { lensesOf } from './lenses';
import type { ServerConfig } from './protocol';
import WARM_UP from './warm_up.py';

/** The warm-up's document: never an editor's. */
export const WARM_UP_DOC = '<ShapeLens>/warm_up.py';

/** Whether this process has been warmed up: the engine's compiled code is the process's own, so once is enough. */
let warmed = false;

export function warmedUp(): boolean {
  return warmed;
}

/**
 * warm_up.py analysed as an open document is — every model, the hints of every line, the lenses, the diagnostics —
 * then thrown away. The server runs it as background work that any message stops (EditorServer.backgroundStep); a
 * stopped warm-up is run again, from the start, in the next idle moment, until it completes (or fails) once.
 */
export function warmUp(options: AnalysisOptions, config: ServerConfig, resolverFor: (t: AnalysedText) => RegionResolver): void {
  const t = new AnalysedText(WARM_UP_DOC, 'python', WARM_UP, 1, options);
  try {
    for (const stub of t.roots) t.model(stub);
    const slice = { doc: WARM_UP_DOC, offset: 0, lineCount: 100_000 };
    hintsOf(resolverFor(t), t, { ...slice, startLine: 0, endLine: 100_000 }, config);
    lensesOf(t, slice, config);
    diagnosticsOf(t, resolverFor(t));
    warmed = true;
  } catch (e) {
    if (!(e instanceof Interrupted)) warmed = true; // failed: not tried again (stopped: tried again when idle)
    throw e;
  } finally {
    t.dispose();
  }
}
