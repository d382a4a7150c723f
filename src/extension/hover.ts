// Hover on a layer declaration or its call in forward(): the working behind the numbers.
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { layerAt, modelAt, toVsRange } from './locate';
import { layerHover, modelHover } from '../present/hoverText';
import { canPrefill } from '../present/gradBuilder/prefill';

/** A link that opens the gradient checker pre-filled with the layer, for the layers its builder offers. */
export function gradientCheckLink(type: string, args: Readonly<Record<string, unknown>> | undefined, inputShape?: readonly unknown[]): string | undefined {
  if (!canPrefill(type) || !args) return undefined;
  const prefill = { layerType: type, args, inputShape };
  return `command:shapelens.openGradientChecker?${encodeURIComponent(JSON.stringify([prefill]))}`;
}

export class ShapeHoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: AnalysisService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const view = this.service.view(document);
    if (!view) return undefined;
    const hit = layerAt(view, position);
    if (!hit) {
      // On a model's first line (`class ResNet(nn.Module):`, `def resnet18():`, `net = Net()`): its totals.
      const model = modelAt(view, position);
      if (!model || model.range.start.line !== position.line + view.lineOffset) return undefined;
      return new vscode.Hover(new vscode.MarkdownString(modelHover(model, this.service.config.convention)));
    }
    const outcome = hit.record?.outcome ?? hit.declaration?.outcome;
    const input = hit.record?.inputShapes[0];
    const text = layerHover({
      title: hit.declaration?.path ?? hit.record?.name ?? '',
      declaration: hit.declaration, record: hit.record, outcome, callCount: hit.calls.length,
      convention: this.service.config.convention,
      gradientLink: gradientCheckLink(outcome?.def.type ?? '', outcome?.args, input && input.every((d) => typeof d === 'number') ? input : undefined),
    });
    const markdown = new vscode.MarkdownString(text, true);
    markdown.isTrusted = { enabledCommands: ['shapelens.openGradientChecker'] };
    return new vscode.Hover(markdown, toVsRange(hit.range, view));
  }
}
