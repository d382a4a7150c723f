// Inlay hints: `→ (64, 112, 112) · 9.5K params · 118M MACs` after each layer declaration, and `→ (4, 6, 14, 14)`
// after each forward() statement that changes the tensor's shape. Only the visible range is asked for.
import * as vscode from 'vscode';
import type { LayerDeclaration, LayerRecord, ModelAnalysis } from '../analysis/model';
import type { AnalysisService, AnalysisView } from './analysisService';
import { toVsPosition } from './locate';
import { declarationHint, statementHint, type HintOptions } from '../present/hintText';
import { layerHover } from '../present/hoverText';

/** Is the model's input batched? A conv/pool stack's first layer tells (rank = spatial + 2); else assume so. */
export function isBatched(model: ModelAnalysis): boolean {
  const shape = model.inputShape;
  if (!shape) return true;
  const first = model.layers.find((r) => /(\d)d$/.test(r.type));
  const spatial = first ? Number(/(\d)d$/.exec(first.type)![1]) : undefined;
  return spatial === undefined ? shape.length >= 2 : shape.length === spatial + 2;
}

const key = (d: LayerDeclaration) => `${d.range.start.line}:${d.range.start.character}`;

/** For every declaration in the file, the calls that reach it, preferring root models (a block used by ResNet). */
export function callsByDeclaration(view: AnalysisView): Map<string, { model: ModelAnalysis; calls: LayerRecord[] }> {
  const map = new Map<string, { model: ModelAnalysis; calls: LayerRecord[] }>();
  const models = [...view.analysis.models].sort((a, b) => Number(b.root) - Number(a.root));
  for (const model of models) {
    const local = new Map<string, LayerRecord[]>();
    for (const r of model.layers) {
      if (!r.declaration) continue;
      const k = key(r.declaration);
      local.set(k, [...(local.get(k) ?? []), r]);
    }
    for (const [k, calls] of local) if (!map.has(k)) map.set(k, { model, calls });
  }
  return map;
}

export class ShapeInlayHintsProvider implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly service: AnalysisService) {
    service.onDidChange(() => this.changed.fire());
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    const config = this.service.config;
    if (!config.hints.enabled) return [];
    const view = this.service.view(document);
    if (!view) return [];
    const options: HintOptions = { ...config.hints, convention: config.convention };
    const hints: vscode.InlayHint[] = [];
    const seen = new Set<string>();
    const calls = callsByDeclaration(view);
    for (const model of view.analysis.models) {
      for (const d of model.declarations) {
        const k = key(d);
        if (seen.has(k)) continue;
        seen.add(k);
        const position = toVsPosition(d.range.end, view);
        if (!position || !range.contains(position)) continue;
        const reach = calls.get(k);
        const params = d.outcome?.params?.tensors.reduce((s, t) => s + t.count, 0n) ?? 0n;
        const label = declarationHint(reach?.calls ?? [], params, isBatched(reach?.model ?? model), options);
        if (!label) continue;
        const hint = new vscode.InlayHint(position, label, vscode.InlayHintKind.Type);
        hint.paddingLeft = true;
        hint.tooltip = new vscode.MarkdownString(layerHover({
          title: d.path, declaration: d, record: reach?.calls[0], callCount: reach?.calls.length ?? 0, convention: config.convention,
        }), true);
        hints.push(hint);
      }
      if (!config.hints.forwardStatements || !config.hints.shape) continue;
      const batched = isBatched(model);
      for (const a of model.annotations) {
        const position = toVsPosition(a.position, view);
        if (!position || !range.contains(position)) continue;
        const hint = new vscode.InlayHint(position, statementHint(a.shape, batched, options), vscode.InlayHintKind.Type);
        hint.paddingLeft = true;
        hint.tooltip = `${a.variable}: ${a.records.map((r) => r.name).join(' → ')}`;
        hints.push(hint);
      }
    }
    return hints;
  }
}
