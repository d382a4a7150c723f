// The gradient checker in a real VS Code: the command opens the webview panel, from the palette and from a
// hover link pre-filled with a layer.
import * as vscode from 'vscode';
import { activeShapeLens, check, currentHost, equal, screenshot } from './helpers';

suite(`ShapeLens gradient checker (${currentHost()} extension host)`, function () {
  this.timeout(60_000);

  test('the command opens the panel', async () => {
    await activeShapeLens();
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('shapelens.openGradientChecker');
    check(panel, 'a panel came back');
    equal(panel.title, 'ShapeLens: Gradient Checker', 'panel title');
    check(panel.visible, 'panel is visible');
    await screenshot('gradient-checker', 2_500);
  });

  test('a hover link opens it pre-filled with the layer', async () => {
    const prefill = { layerType: 'Conv2d', args: { in_channels: 1, out_channels: 2, kernel_size: 3, stride: 1, padding: 1 } };
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('shapelens.openGradientChecker', prefill);
    check(panel?.visible, 'panel is visible');
    await screenshot('gradient-checker-prefill', 2_500);
    panel.dispose();
  });
});
