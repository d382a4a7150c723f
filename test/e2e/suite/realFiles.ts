// The real-style files the editor is checked on (test/e2e/workspace/real/, written by the team in the styles of
// public model code), the places probed on each, and what is expected there. Shared by the unit test of the analysis
// server (test/unit/editorServer.test.ts, which can rewrite test/e2e/expected/editor.json) and the real-VS-Code suite
// (editorReal.test.ts), which must see the same texts through VS Code's own providers. PyTorch's parameter counts
// are in test/e2e/expected/models.json (scripts/gen_editor_fixtures.py).

/** A place in a file: the `nth` (1-based) occurrence of `find`, `at` characters into it. */
export interface Probe {
  readonly find: string;
  readonly nth?: number;
  readonly at?: number;
}

export interface RealFile {
  readonly file: string;
  /** Hovers checked against the committed expectation, by name. */
  readonly hovers: Readonly<Record<string, Probe>>;
  /** Where the status bar is read: the model it must name (a root model of models.json for this file or another). */
  readonly status: readonly { readonly probe: Probe; readonly model: string; readonly from?: string; readonly choices?: number }[];
}

export const REAL_FILES: readonly RealFile[] = [
  {
    file: 'real/tv_resnet.py',
    hovers: {
      'BasicBlock conv1 (8 uses)': { find: 'self.conv1 = conv3x3(inplanes, planes, stride)', at: 8 },
      'BasicBlock forward call': { find: 'out = self.conv1(x)', at: 12 },
      'layer1 (a Sequential built by _make_layer)': { find: 'self.layer1 = self._make_layer', at: 8 },
      'fc': { find: 'self.fc = nn.Linear', at: 8 },
      'resnet18 factory': { find: 'def resnet18', at: 5 },
    },
    status: [
      { probe: { find: 'class BasicBlock' }, model: 'resnet18', choices: 2 },
      { probe: { find: 'class Bottleneck' }, model: 'resnet50', choices: 7 },
      { probe: { find: 'class ResNet' }, model: 'resnet18', choices: 9 },
      { probe: { find: 'def wide_resnet50_2' }, model: 'wide_resnet50_2' },
    ],
  },
  {
    file: 'real/cifar/preact_resnet.py',
    hovers: {
      'shortcut': { find: 'self.shortcut = nn.Sequential(', at: 8 },
      'linear': { find: 'out = self.linear(out)', at: 12 },
      'hasattr shortcut statement': { find: "shortcut = self.shortcut(out) if hasattr(self, 'shortcut') else x", at: 20 },
    },
    status: [
      { probe: { find: 'class PreActBlock' }, model: 'PreActResNet18', choices: 2 },
      { probe: { find: 'class PreActBottleneck' }, model: 'PreActResNet50', choices: 3 },
    ],
  },
  {
    file: 'real/unet/unet_parts.py',
    hovers: {
      'DoubleConv first conv': { find: 'nn.Conv2d(in_channels, mid_channels', at: 4 },
      'Down maxpool': { find: 'nn.MaxPool2d(2)', at: 4 },
    },
    status: [{ probe: { find: 'class DoubleConv' }, model: 'model', from: 'train.py' }],
  },
  {
    file: 'real/unet/unet_model.py',
    hovers: { 'inc': { find: 'self.inc = (DoubleConv(n_channels, 64))', at: 8 } },
    status: [{ probe: { find: 'class UNet' }, model: 'model', from: 'train.py' }],
  },
  {
    file: 'real/gan/dcgan.py',
    hovers: {
      'l1': { find: 'self.l1 = nn.Sequential', at: 8 },
      'conv block conv': { find: 'nn.Conv2d(128, 128, 3, stride=1, padding=1)', at: 4 },
      'generator instance': { find: 'generator = Generator()', at: 2 },
    },
    status: [
      { probe: { find: 'class Generator' }, model: 'generator' },
      { probe: { find: 'class Discriminator' }, model: 'discriminator' },
    ],
  },
  {
    file: 'real/vit/vit.py',
    hovers: {
      'patch embedding Linear': { find: 'nn.Linear(patch_dim, dim)', at: 4 },
      'to_qkv': { find: 'self.to_qkv = nn.Linear', at: 8 },
      'transformer call': { find: 'x = self.transformer(x)', at: 10 },
    },
    status: [{ probe: { find: 'class Attention' }, model: 'v' }, { probe: { find: 'class ViT' }, model: 'v' }],
  },
  {
    file: 'real/transfer/finetune.py',
    hovers: {
      'the new fc': { find: 'model.fc = nn.Linear', at: 11 },
      'the torchvision model': { find: 'model = models.resnet50', at: 2 },
    },
    status: [{ probe: { find: 'model = models.resnet50' }, model: 'model' }],
  },
  {
    file: 'real/rnn/lstm_mnist.py',
    hovers: {
      'lstm': { find: 'self.lstm = nn.LSTM', at: 8 },
      'fc call': { find: 'out = self.fc(out[:, -1, :])', at: 10 },
      'model instance': { find: 'model = RNN(', at: 2 },
    },
    status: [{ probe: { find: 'class RNN' }, model: 'model' }],
  },
];

/** Line and character of a probe in a text. */
export function locate(text: string, p: Probe): { line: number; character: number } {
  let index = -1;
  for (let i = 0; i < (p.nth ?? 1); i++) {
    index = text.indexOf(p.find, index + 1);
    if (index < 0) throw new Error(`probe not found: ${p.find}`);
  }
  index += p.at ?? 0;
  const before = text.slice(0, index);
  const line = before.split('\n').length - 1;
  return { line, character: index - (before.lastIndexOf('\n') + 1) };
}

/** What the expectations file holds per file. */
export interface Expected {
  readonly hints: readonly string[];
  readonly hovers: Readonly<Record<string, string>>;
  readonly status: readonly { readonly model: string; readonly params: string; readonly cost: string; readonly choices: number }[];
}
