// Translating between analysis positions and an editor document (which, for a notebook cell, is a slice of the
// analysed text), and finding the model or layer under the cursor.
import * as vscode from 'vscode';
import type { LayerDeclaration, LayerRecord, ModelAnalysis, Position, Range } from '../analysis/model';
import type { AnalysisView } from './analysisService';

export function toVsRange(r: Range, view: AnalysisView): vscode.Range | undefined {
  const start = r.start.line - view.lineOffset;
  const end = r.end.line - view.lineOffset;
  if (end < 0 || start >= view.lineCount) return undefined;
  return new vscode.Range(Math.max(0, start), start < 0 ? 0 : r.start.character, Math.min(end, view.lineCount - 1), r.end.character);
}

export function toVsPosition(p: Position, view: AnalysisView): vscode.Position | undefined {
  const line = p.line - view.lineOffset;
  return line < 0 || line >= view.lineCount ? undefined : new vscode.Position(line, p.character);
}

const contains = (r: Range, line: number, character: number) =>
  (line > r.start.line || (line === r.start.line && character >= r.start.character)) &&
  (line < r.end.line || (line === r.end.line && character <= r.end.character));

const size = (r: Range) => (r.end.line - r.start.line) * 10_000 + (r.end.character - r.start.character);

/** The model whose definition contains the position; else the file's first root model. */
export function modelAt(view: AnalysisView, position: vscode.Position): ModelAnalysis | undefined {
  const line = position.line + view.lineOffset;
  const models = view.analysis.models;
  const inside = models.filter((m) => contains(m.range, line, position.character)).sort((a, b) => size(a.range) - size(b.range));
  return inside[0] ?? models.find((m) => m.root) ?? models[0];
}

export interface LayerHit {
  readonly model: ModelAnalysis;
  readonly declaration?: LayerDeclaration;
  /** The call under the cursor, or the first call of the declaration under the cursor. */
  readonly record?: LayerRecord;
  readonly calls: readonly LayerRecord[];
  readonly range: Range;
}

/** The layer declaration or forward() call under the cursor (the innermost one). */
export function layerAt(view: AnalysisView, position: vscode.Position): LayerHit | undefined {
  const line = position.line + view.lineOffset;
  let best: LayerHit | undefined;
  const consider = (hit: LayerHit) => {
    if (!best || size(hit.range) < size(best.range)) best = hit;
  };
  for (const model of view.analysis.models) {
    for (const d of model.declarations) {
      if (!contains(d.range, line, position.character)) continue;
      const calls = callsOf(model, d);
      consider({ model, declaration: d, record: calls[0], calls, range: d.range });
    }
    for (const r of model.layers) {
      if (!contains(r.callRange, line, position.character)) continue;
      const calls = r.declaration ? callsOf(model, r.declaration) : [r];
      consider({ model, declaration: r.declaration, record: r, calls, range: r.callRange });
    }
  }
  return best;
}

/** Records of a declaration across the root models that use it (a block class used by ResNet). */
export function callsOf(model: ModelAnalysis, declaration: LayerDeclaration): LayerRecord[] {
  return model.layers.filter((r) => r.declaration === declaration || r.declaration?.path === declaration.path);
}
