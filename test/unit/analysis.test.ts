// The Python analysis on small focused files: how models are found, how values and shapes flow, where the
// diagnostics land and what their fixes edit. Every expected number was checked against PyTorch 1.13.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatShape, inConvention } from '../../src/engine';
import { analyzeText, DocumentAnalyzer, type AnalysisOptions, type FileAnalysis, type ModelAnalysis } from '../../src/analysis';
import { loadParsers } from './support/expectations';
import { modelTotals } from '../../src/present/cells';

before(loadParsers);

const OPTIONS: AnalysisOptions = { strict: false };
const analyze = (code: string, options: Partial<AnalysisOptions> = {}): FileAnalysis =>
  analyzeText(code, 'python', { ...OPTIONS, ...options });
const model = (a: FileAnalysis, name: string): ModelAnalysis => {
  const m = a.models.find((x) => x.name === name);
  assert.ok(m, `model ${name} not found among ${a.models.map((x) => x.name).join(', ')}`);
  return m;
};
const shapes = (m: ModelAnalysis, kind: 'module' | 'function' | 'all' = 'module') =>
  m.layers.filter((l) => kind === 'all' || l.kind === kind).map((l) => `${l.name}:${l.outputShape ? formatShape(l.outputShape) : '?'}`);
const out = (m: ModelAnalysis) => (m.outputShape ? formatShape(m.outputShape) : '?');
const codes = (m: ModelAnalysis) => m.diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`);

const HEADER = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

// ── Imports and aliases ─────────────────────────────────────────────────────────────────────────────────────
test('layers through nn., torch.nn., from-imports and aliases all resolve', () => {
  const a = analyze(`import torch
import torch.nn as tnn
from torch import nn
from torch.nn import Conv2d, Linear as Dense
import torch.nn.functional as Fn

# input: (2, 3, 8, 8)
class Net(tnn.Module):
    def __init__(self):
        super().__init__()
        self.a = Conv2d(3, 4, 3)
        self.b = torch.nn.Conv2d(4, 5, kernel_size=(3, 3), padding=1)
        self.c = nn.Flatten()
        self.d = Dense(5 * 6 * 6, 7)

    def forward(self, x):
        x = Fn.relu(self.b(self.a(x)))
        return self.d(self.c(x))
`);
  const m = model(a, 'Net');
  assert.deepEqual(shapes(m), ['a:(2, 4, 6, 6)', 'b:(2, 5, 6, 6)', 'c:(2, 180)', 'd:(2, 7)']);
  assert.equal(m.totalParams, 4n * 27n + 4n + 5n * 36n + 5n + 180n * 7n + 7n);
  assert.deepEqual(m.diagnostics, []);
});

test('a snippet without imports still understands nn and F', () => {
  const m = model(analyze('class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(10, 2)\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\n', { defaultInputShape: [3, 10] }), 'Net');
  assert.equal(out(m), '(3, 2)');
  assert.equal(m.inputSource, 'setting');
});

// ── Sequential forms ────────────────────────────────────────────────────────────────────────────────────────
test('module-level nn.Sequential: names 0, 1, …; nested Sequential names 1.0; OrderedDict keys', () => {
  const a = analyze(`${HEADER}from collections import OrderedDict

model = nn.Sequential(
    nn.Conv2d(1, 8, 3),
    nn.Sequential(nn.ReLU(), nn.MaxPool2d(2)),
    nn.Flatten(),
    nn.Sequential(OrderedDict([('fc', nn.Linear(8 * 13 * 13, 10)), ('act', nn.LogSoftmax(dim=1))])),
)  # input: (5, 1, 28, 28)
`);
  const m = model(a, 'model');
  assert.equal(m.root, true);
  assert.deepEqual(shapes(m), ['0:(5, 8, 26, 26)', '1.0:(5, 8, 26, 26)', '1.1:(5, 8, 13, 13)', '2:(5, 1352)', '3.fc:(5, 10)', '3.act:(5, 10)']);
  // Without forward, a layer "runs" at its declaration: the records point there.
  assert.equal(m.layers[0].callRange.start.line, 6);
  assert.equal(m.totalParams, 80n + 13530n);
});

test('Sequential(*layers) from a list built in a loop, with a config list (VGG style)', () => {
  const a = analyze(`${HEADER}
cfg = [16, 'M', 32, 'M']

def make_layers(cfg, in_channels=3):
    layers = []
    for v in cfg:
        if v == 'M':
            layers += [nn.MaxPool2d(kernel_size=2, stride=2)]
        else:
            layers += [nn.Conv2d(in_channels, v, kernel_size=3, padding=1), nn.ReLU(inplace=True)]
            in_channels = v
    return nn.Sequential(*layers)

# input: (1, 3, 32, 32)
class VGGish(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = make_layers(cfg)
        self.classifier = nn.Linear(32 * 8 * 8, 10)

    def forward(self, x):
        x = self.features(x)
        x = x.view(x.size(0), -1)
        return self.classifier(x)
`);
  const m = model(a, 'VGGish');
  assert.deepEqual(shapes(m), ['features.0:(1, 16, 32, 32)', 'features.1:(1, 16, 32, 32)', 'features.2:(1, 16, 16, 16)',
    'features.3:(1, 32, 16, 16)', 'features.4:(1, 32, 16, 16)', 'features.5:(1, 32, 8, 8)', 'classifier:(1, 10)']);
  assert.deepEqual(shapes(m, 'function'), ['Tensor.view:(1, 2048)']);
  assert.equal(m.totalParams, 448n + 4640n + 20490n);
});

// ── ResNet: _make_layer, class attributes, mutated self attributes, a factory ──────────────────────────────
const RESNET = `${HEADER}
class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, in_planes, planes, stride=1):
        super(BasicBlock, self).__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != self.expansion * planes:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_planes, self.expansion * planes, 1, stride=stride, bias=False),
                nn.BatchNorm2d(self.expansion * planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += self.shortcut(x)
        return F.relu(out)


class ResNet(nn.Module):
    def __init__(self, block, num_blocks, num_classes=10):
        super().__init__()
        self.in_planes = 16
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.layer1 = self._make_layer(block, 16, num_blocks[0], stride=1)
        self.layer2 = self._make_layer(block, 32, num_blocks[1], stride=2)
        self.linear = nn.Linear(32 * block.expansion, num_classes)

    def _make_layer(self, block, planes, num_blocks, stride):
        strides = [stride] + [1] * (num_blocks - 1)
        layers = []
        for stride in strides:
            layers.append(block(self.in_planes, planes, stride))
            self.in_planes = planes * block.expansion
        return nn.Sequential(*layers)

    def forward(self, x):
        out = self.layer2(self.layer1(self.conv1(x)))
        out = F.adaptive_avg_pool2d(out, 1)
        out = out.view(out.size(0), -1)
        return self.linear(out)


def tiny_resnet():
    return ResNet(BasicBlock, [2, 1])

if __name__ == '__main__':
    net = tiny_resnet()
    y = net(torch.randn(2, 3, 16, 16))
`;

test('ResNet: _make_layer, block.expansion, self.in_planes mutated in the loop, empty-Sequential shortcuts as leaves', () => {
  const a = analyze(RESNET);
  // `net = tiny_resnet()` is the factory's model: the factory is the root, and learns the input net is called with
  const m = model(a, 'tiny_resnet');
  assert.equal(m.root, true);
  assert.equal(m.inputSource, 'tensor');
  assert.equal(out(m), '(2, 10)');
  const names = m.layers.filter((l) => l.kind === 'module').map((l) => l.name);
  assert.deepEqual(names, ['conv1', 'layer1.0.conv1', 'layer1.0.bn1', 'layer1.0.conv2', 'layer1.0.bn2', 'layer1.0.shortcut',
    'layer1.1.conv1', 'layer1.1.bn1', 'layer1.1.conv2', 'layer1.1.bn2', 'layer1.1.shortcut',
    'layer2.0.conv1', 'layer2.0.bn1', 'layer2.0.conv2', 'layer2.0.bn2', 'layer2.0.shortcut.0', 'layer2.0.shortcut.1', 'linear']);
  const sc = m.layers.find((l) => l.name === 'layer1.0.shortcut')!;
  assert.equal(sc.type, 'Sequential');
  assert.equal(formatShape(sc.outputShape!), '(2, 16, 16, 16)');
  assert.equal(formatShape(m.layers.find((l) => l.name === 'layer2.0.shortcut.0')!.outputShape!), '(2, 32, 8, 8)');
  // residual adds are functional records
  assert.ok(m.layers.some((l) => l.name === 'torch.add'));
  // PyTorch 1.13: sum(p.numel() for p in net.parameters()) = 24,634
  assert.equal(m.totalParams, 24634n);
  // the classes need arguments: analysed where the factory builds them, not alone
  assert.deepEqual(a.models.map((x) => x.name), ['tiny_resnet']);
});

// ── ModuleList loops, shared modules, frozen parameters ────────────────────────────────────────────────────
test('ModuleList in a loop; a module called twice appears twice with 0 params the second time', () => {
  const a = analyze(`${HEADER}
# input: (4, 8)
class MLP(nn.Module):
    def __init__(self, sizes=(8, 16, 16)):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
        self.shared = nn.Linear(16, 16)

    def forward(self, x):
        for layer in self.layers:
            x = torch.relu(layer(x))
        x = self.shared(x)
        x = self.shared(x)
        return x
`);
  const m = model(a, 'MLP');
  assert.deepEqual(shapes(m), ['layers.0:(4, 16)', 'layers.1:(4, 16)', 'shared:(4, 16)', 'shared:(4, 16)']);
  const shared = m.layers.filter((l) => l.name === 'shared');
  assert.deepEqual(shared.map((l) => l.params), [272n, 0n]);
  assert.equal(m.totalParams, 144n + 272n + 272n);
});

test('frozen parameters: requires_grad = False over .parameters(), and requires_grad_(False)', () => {
  const a = analyze(`${HEADER}
# input: (1, 3, 8, 8)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU())
        self.extra = nn.Conv2d(4, 4, 1)
        self.head = nn.Linear(4, 2)
        for p in self.backbone.parameters():
            p.requires_grad = False
        self.extra.requires_grad_(False)

    def forward(self, x):
        x = self.extra(self.backbone(x))
        return self.head(x.mean(dim=(2, 3)))
`);
  const m = model(a, 'Net');
  assert.equal(m.totalParams, 112n + 20n + 10n);
  assert.equal(m.trainableParams, 10n);
  assert.equal(m.declarations.find((d) => d.path === 'backbone.0')!.frozen, true);
  assert.equal(out(m), '(1, 2)');
});

// ── Functional ops: cat, slicing, permute, squeeze, size/shape ─────────────────────────────────────────────
test('torch.cat of two branches, slicing, permute/transpose, shape[i] and size(i)', () => {
  const a = analyze(`${HEADER}
# input: (2, 3, 16, 16)
class TwoBranch(nn.Module):
    def __init__(self):
        super().__init__()
        self.left = nn.Conv2d(3, 8, 3, padding=1)
        self.right = nn.Conv2d(3, 4, 1)
        self.fc = nn.Linear(12, 5)

    def forward(self, x):
        y = torch.cat([self.left(x), self.right(x)], dim=1)
        y = y[:, :, 0, :]
        y = y.permute(0, 2, 1)
        n = y.shape[0]
        t = y.size(1)
        y = y.reshape(n * t, -1)
        y = self.fc(y)
        return y.view(n, t, 5).transpose(1, 2).unsqueeze(0).squeeze(0)
`);
  const m = model(a, 'TwoBranch');
  assert.deepEqual(shapes(m, 'all'), ['left:(2, 8, 16, 16)', 'right:(2, 4, 16, 16)', 'torch.cat:(2, 12, 16, 16)',
    'Tensor.__getitem__:(2, 12, 16)', 'Tensor.permute:(2, 16, 12)', 'Tensor.reshape:(32, 12)', 'fc:(32, 5)', 'Tensor.view:(2, 16, 5)',
    'Tensor.transpose:(2, 5, 16)', 'Tensor.unsqueeze:(1, 2, 5, 16)', 'Tensor.squeeze:(2, 5, 16)']);
});

test('statement annotations: the shape after each forward assignment, with its records', () => {
  const a = analyze(`${HEADER}
# input: (4, 3, 32, 32)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        return x
`);
  const m = model(a, 'Net');
  assert.equal(m.annotations.length, 1);
  const n = m.annotations[0];
  assert.equal(n.variable, 'x');
  assert.equal(formatShape(n.shape), '(4, 6, 14, 14)');
  assert.equal(n.position.line, 12);
  assert.deepEqual(n.records.map((r) => r.name), ['conv1', 'F.relu', 'pool']);
});

test('ViT-style: Parameter tokens, expand, nn.TransformerEncoder copies (PyTorch paths), chunk into a tuple', () => {
  const m = model(analyze(`${HEADER}
# input: (2, 3, 32, 32)
class ViTish(nn.Module):
    def __init__(self, dim=64, depth=2, heads=4, classes=10):
        super().__init__()
        self.proj = nn.Conv2d(3, dim, kernel_size=4, stride=4)
        self.cls = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos = nn.Parameter(torch.zeros(1, 65, dim))
        layer = nn.TransformerEncoderLayer(d_model=dim, nhead=heads, dim_feedforward=dim * 2, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=depth)
        self.head = nn.Linear(dim // 2, classes)

    def forward(self, x):
        x = self.proj(x).flatten(2).transpose(1, 2)
        cls = self.cls.expand(x.shape[0], -1, -1)
        x = torch.cat([cls, x], dim=1) + self.pos
        x = self.encoder(x)
        a, b = x[:, 0].chunk(2, dim=-1)
        return self.head(a * torch.sigmoid(b))
`), 'ViTish');
  // PyTorch 1.13: 74,634 parameters, output (2, 10); the encoder layers are encoder.layers.0 and .1
  assert.equal(m.totalParams, 74634n);
  assert.equal(out(m), '(2, 10)');
  assert.deepEqual(shapes(m), ['proj:(2, 64, 8, 8)', 'encoder.layers.0:(2, 65, 64)', 'encoder.layers.1:(2, 65, 64)', 'head:(2, 10)']);
  assert.deepEqual(m.diagnostics, []);
});

test('nn.TransformerDecoder copies its layer num_layers times; each reads the memory (given by keyword too), the norm does not', () => {
  for (const call of ['self.decoder(tgt, memory)', 'self.decoder(tgt, memory=memory)']) {
    const m = model(analyze(`${HEADER}
class Decoder(nn.Module):
    def __init__(self, dim=32, vocab=11):
        super().__init__()
        layer = nn.TransformerDecoderLayer(d_model=dim, nhead=4, dim_feedforward=64, batch_first=True)
        self.decoder = nn.TransformerDecoder(layer, num_layers=2, norm=nn.LayerNorm(dim))
        self.head = nn.Linear(dim, vocab)

    def forward(self, tgt):
        memory = torch.randn(tgt.shape[0], 7, 32)
        return self.head(${call})

net = Decoder()
out = net(torch.randn(2, 5, 32))
`), 'net');
    // PyTorch 1.13: 26,091 parameters, output (2, 5, 11); the layers are decoder.layers.0 and .1, then decoder.norm
    assert.equal(m.totalParams, 26091n, call);
    assert.equal(out(m), '(2, 5, 11)', call);
    assert.deepEqual(shapes(m), ['decoder.layers.0:(2, 5, 32)', 'decoder.layers.1:(2, 5, 32)', 'decoder.norm:(2, 5, 32)', 'head:(2, 5, 11)'], call);
    assert.deepEqual(m.diagnostics, [], call);
  }
});

test('torch.nn.modules.utils._pair and its kin: an int as n copies, an iterable as a tuple (ResNeSt reads its padding so)', () => {
  const m = model(analyze(`${HEADER}
from torch.nn.modules.utils import _pair, _single, _triple

class Split(nn.Module):
    def __init__(self, cin, cout, kernel_size, padding=1):
        super().__init__()
        padding = _pair(padding)
        self.conv = nn.Conv2d(cin, cout, _pair(kernel_size), padding=padding)
        self.sizes = _single(4) + _triple([1, 2, 3])

    def forward(self, x):
        return self.conv(x).flatten(1)[:, :len(self.sizes)]

net = Split(3, 8, 3)
out = net(torch.randn(2, 3, 16, 16))
`), 'net');
  // PyTorch 1.13: Conv2d(3, 8, (3, 3), padding=(1, 1)) has 224 parameters; (2, 8, 16, 16) flattened, first 4 columns
  assert.equal(m.totalParams, 224n);
  assert.equal(out(m), '(2, 4)');
  assert.deepEqual(m.diagnostics, []);
});

// ── Values ─────────────────────────────────────────────────────────────────────────────────────────────────
test('constructor defaults, call-site overrides, module constants and arithmetic (16 * 5 * 5, //, **)', () => {
  const a = analyze(`${HEADER}
WIDTH = 2 ** 3
class Block(nn.Module):
    def __init__(self, cin, cout=WIDTH * 2, k=3):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, padding=k // 2)

    def forward(self, x):
        return self.conv(x)

# input: (1, 3, 10, 10)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.b1 = Block(3)
        self.b2 = Block(WIDTH * 2, cout=5, k=5)

    def forward(self, x):
        return self.b2(self.b1(x))
`);
  const m = model(a, 'Net');
  assert.deepEqual(shapes(m), ['b1.conv:(1, 16, 10, 10)', 'b2.conv:(1, 5, 10, 10)']);
  assert.equal(model(a, 'Net').root, true);
  // Block needs cin: it is analysed where it is built (inside Net, with its arguments), never alone with an unknown
  // cin (which could only give unknowns and warnings)
  assert.deepEqual(a.models.map((x) => x.name), ['Net']);
});

test('a user module without submodules is one leaf record (its forward interpreted for the shape)', () => {
  const a = analyze(`${HEADER}
class Swish(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(x)

class Scale(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(n))
    def forward(self, x):
        return x * self.gamma

# input: (2, 6)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 4)
        self.act = Swish()
        self.scale = Scale(4)

    def forward(self, x):
        return self.scale(self.act(self.fc(x)))
`);
  const m = model(a, 'Net');
  assert.deepEqual(m.layers.map((l) => `${l.name}:${l.type}:${l.kind}`), ['fc:Linear:module', 'act:Swish:module', 'scale:Scale:module']);
  assert.equal(out(m), '(2, 4)');
  assert.equal(m.totalParams, 28n + 4n);
  assert.equal(m.layers[2].params, 4n);
});

// ── Input shape: comment forms and precedence ─────────────────────────────────────────────────────────────
const TWO_MODELS = (top: string, above: string) => `${top}${HEADER}
class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 3)
    def forward(self, x):
        return self.fc(x)

${above}class Other(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 2)
    def forward(self, x):
        return self.fc(x)
`;

test('input comment forms: (…), […], 1x3x…, ×; a comment directly above a class wins over the file-level one', () => {
  for (const form of ['(7, 10)', '[7, 10]', '7x10', '7×10', '(7,10)  # batch 7']) {
    const a = analyze(TWO_MODELS(`# input: ${form}\n`, ''));
    assert.equal(out(model(a, 'Small')), '(7, 3)', form);
  }
  const a = analyze(TWO_MODELS('# input: (7, 10)\n', '# input: (2, 10)\n'));
  assert.equal(out(model(a, 'Small')), '(7, 3)');
  assert.equal(out(model(a, 'Other')), '(2, 2)');
  assert.equal(model(a, 'Other').inputSource, 'comment');
});

test('input comment on the first line of the class body; CLI --input overrides root models', () => {
  const code = `${HEADER}
class Net(nn.Module):
    # input: (3, 5)
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(5, 1)
    def forward(self, x):
        return self.fc(x)
`;
  assert.equal(out(model(analyze(code), 'Net')), '(3, 1)');
  const cli = model(analyze(code, { inputShape: [9, 5] }), 'Net');
  assert.equal(out(cli), '(9, 1)');
  assert.equal(cli.inputSource, 'cli');
});

test('precedence: comment > tensor in the file > setting > inferred from the model', () => {
  const body = `${HEADER}
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1)
    def forward(self, x):
        return self.conv(x)
`;
  const tensor = `${body}\nnet = Net()\nout = net(torch.randn(1, 3, 32, 32))\n`;
  assert.equal(model(analyze(tensor), 'net').inputSource, 'tensor');
  assert.equal(out(model(analyze(tensor), 'net')), '(1, 8, 16, 16)');
  assert.equal(model(analyze(`# input: (2, 3, 8, 8)\n${tensor}`), 'net').inputSource, 'comment');
  const setting = model(analyze(body, { defaultInputShape: [1, 3, 64, 64] }), 'Net');
  assert.equal(setting.inputSource, 'setting');
  assert.equal(out(setting), '(1, 8, 32, 32)');
  // Nothing says the input: the model is followed with (N, 3, H, W), and a conventional size it allows is chosen.
  const inferred = model(analyze(body), 'Net');
  assert.equal(inferred.inputSource, 'inferred');
  assert.equal(formatShape(inferred.inputShape!), '(1, 3, 28, 28)');
  assert.equal(out(inferred), '(1, 8, 14, 14)');
  assert.equal(formatShape(inferred.symbolicOutput!), '(N, 8, ⌈H/2⌉, ⌈W/2⌉)');
  assert.match(inferred.inputSourceDetail!, /H = W = 28: a conventional size \(nothing in the model fixes H, W\)/);
  assert.equal(inferred.totalParams, 224n);
});

test('an unreadable input comment is reported, not guessed', () => {
  const a = analyze(`# input: (1, 3, two, 2)\n${HEADER}\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(2, 2)\n    def forward(self, x):\n        return self.fc(x)\n`);
  assert.deepEqual(a.diagnostics.map((d) => d.code), ['input-comment']);
});

// ── Diagnostics with their fixes ──────────────────────────────────────────────────────────────────────────
const LENET_BUG = `${HEADER}
# input: (64, 1, 28, 28)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 20, 5)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(2800, 500)
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):
        x = self.pool(self.conv(x))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)
`;

test('linear-in-features: on the forward call, naming the flatten and its factors; the fix edits in_features', () => {
  const m = model(analyze(LENET_BUG), 'Net');
  assert.deepEqual(codes(m), ['17:linear-in-features']);
  const d = m.diagnostics[0];
  assert.equal(d.severity, 'error');
  assert.equal(d.message, 'Linear expects 2,800 input features but receives 2,880 = 20·12·12 (flatten at line 16)');
  assert.equal(d.fix!.arg, 'in_features');
  assert.equal(d.fix!.value, 2880);
  assert.deepEqual(d.fix!.edits, [{ range: { start: { line: 10, character: 29 }, end: { line: 10, character: 33 } }, newText: '2880' }]);
  // shapes after the error are unknown, not guessed
  assert.equal(m.outputShape, undefined);
});

test('conv-in-channels and batchnorm-num-features: errors at the call, fixes on the declaration', () => {
  const m = model(analyze(`${HEADER}
# input: (2, 3, 8, 8)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 16, 3)
        self.bn = nn.BatchNorm2d(num_features=8)
        self.c2 = nn.Conv2d(in_channels=8, out_channels=4, kernel_size=3)

    def forward(self, x):
        x = self.c1(x)
        x = self.bn(x)
        return self.c2(x)
`), 'Net');
  assert.deepEqual(codes(m), ['15:batchnorm-num-features']);
  assert.equal(m.diagnostics[0].fix!.edits[0].newText, '16');
  assert.equal(m.diagnostics[0].fix!.edits[0].range.start.line, 9);
  const m2 = model(analyze(`${HEADER}
# input: (2, 3, 8, 8)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 16, 3)
        self.c2 = nn.Conv2d(in_channels=8, out_channels=4, kernel_size=3)

    def forward(self, x):
        return self.c2(self.c1(x))
`), 'Net');
  assert.deepEqual(codes(m2), ['13:conv-in-channels']);
  assert.deepEqual(m2.diagnostics[0].fix!.edits.map((e) => [e.range.start.line, e.newText]), [[9, '16']]);
  assert.match(m2.diagnostics[0].message, /receives 16 \(c1 \(Conv2d\) at line 13\)/);
});

test('view-numel with the per-sample fix, and view(-1, N) silently changing the batch', () => {
  const src = (view: string) => `${HEADER}
# input: (4, 16, 5, 5)
class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(200, 10)
    def forward(self, x):
        x = ${view}
        return self.fc(x)
`;
  const numel = model(analyze(src('x.view(x.size(0), 16 * 6 * 6)')), 'Head');
  assert.deepEqual(codes(numel), ['11:view-numel']);
  assert.equal(numel.diagnostics[0].fix!.edits[0].newText, '400');
  const batch = model(analyze(src('x.view(-1, 200)')), 'Head');
  assert.deepEqual(codes(batch), ['11:view-batch-change']);
  assert.match(batch.diagnostics[0].message, /batch of 4 into 8/);
  assert.equal(batch.diagnostics[0].fix!.edits[0].newText, '400');
  assert.equal(out(batch), '(8, 10)');
});

test('stride-not-exact is a warning on the declaration, an error in strict mode', () => {
  const code = `${HEADER}
# input: (1, 3, 32, 32)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 5, stride=2)
    def forward(self, x):
        return self.conv(x)
`;
  const m = model(analyze(code), 'Net');
  assert.deepEqual(m.diagnostics.map((d) => `${d.range.start.line + 1}:${d.severity}:${d.code}`), ['9:warning:stride-not-exact', '9:warning:stride-not-exact']);
  assert.equal(out(m), '(1, 8, 14, 14)');
  const strict = model(analyze(code, { strict: true }), 'Net');
  assert.deepEqual(strict.diagnostics.map((d) => `${d.range.start.line + 1}:${d.severity}:${d.code}`), ['11:error:stride-not-exact']);
});

test('spatial size below 1 and invalid layer configurations come from the engine, at the call / declaration', () => {
  const m = model(analyze(`${HEADER}
# input: (1, 3, 4, 4)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 5)
        self.dw = nn.Conv2d(8, 8, 3, groups=3)
    def forward(self, x):
        return self.dw(self.conv(x))
`), 'Net');
  assert.deepEqual(codes(m).sort(), ['10:groups-not-dividing', '12:kernel-too-large']);
});

test('unknown layer types are skipped with an info diagnostic; analysis goes on', () => {
  const m = model(analyze(`${HEADER}
# input: (1, 4)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.odd = nn.FancyNewLayer(4)
    def forward(self, x):
        return self.odd(self.fc(x))
`), 'Net');
  assert.deepEqual(m.diagnostics.map((d) => `${d.range.start.line + 1}:${d.severity}:${d.code}`), ['10:info:unknown-layer']);
  assert.equal(formatShape(m.layers[0].outputShape!), '(1, 4)');
  assert.equal(m.outputShape, undefined);
});

// ── Robustness ────────────────────────────────────────────────────────────────────────────────────────────
test('a syntax error still gives results for the intact classes, plus a syntax diagnostic', () => {
  const a = analyze(`${HEADER}
# input: (2, 4)
class Good(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
    def forward(self, x):
        return self.fc(x)

class Broken(nn.Module):
    def __init__(self:
        super().__init__(
        self.fc = nn.Linear(4, 3
`);
  assert.equal(out(model(a, 'Good')), '(2, 3)');
  assert.ok(a.diagnostics.some((d) => d.code === 'syntax' && d.severity === 'error'));
});

test('never throws: garbage, empty text, recursion, endless loops', () => {
  for (const code of ['', '(((', 'class A(nn.Module):\n    def forward(self, x):\n        return self(x)\n',
    'def f():\n    return f()\nclass A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        f()\n',
    'class A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        while True:\n            pass\n',
    'class A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.l = nn.Sequential(*[nn.ReLU() for _ in range(10**9)])\n']) {
    const a = analyze(code, { defaultInputShape: [1, 2] });
    assert.ok(Array.isArray(a.models));
  }
});

test('costs: the model total is the sum of its records in every convention', () => {
  const m = model(analyze(LENET_BUG.replace('2800', '2880')), 'Net');
  assert.equal(m.totalParams, 1446030n);
  assert.equal(m.totalCost.macs, m.layers.reduce((s, l) => s + (l.cost?.macs ?? 0n), 0n));
  assert.equal(inConvention(m.totalCost, 'flops'), 2n * m.totalCost.macs);
});

// ── The editor path ───────────────────────────────────────────────────────────────────────────────────────
test('DocumentAnalyzer: an incremental one-character edit gives the same result as a fresh analysis', () => {
  const doc = new DocumentAnalyzer('python', OPTIONS);
  const first = doc.update(RESNET);
  assert.equal(out(model(first, 'tiny_resnet')), '(2, 10)');
  // change num_classes=10 → 19 (one character)
  const at = RESNET.indexOf('num_classes=10') + 'num_classes='.length + 1;
  const text = RESNET.slice(0, at) + '9' + RESNET.slice(at + 1);
  const before = RESNET.slice(0, at).split('\n');
  const p = { row: before.length - 1, column: before[before.length - 1].length };
  const next = doc.update(text, { startIndex: at, oldEndIndex: at + 1, newEndIndex: at + 1, startPosition: p,
    oldEndPosition: { row: p.row, column: p.column + 1 }, newEndPosition: { row: p.row, column: p.column + 1 } });
  assert.equal(out(model(next, 'tiny_resnet')), '(2, 19)');
  const fresh = analyze(text);
  assert.deepEqual(next.models.map((m) => [m.name, out(m), m.totalParams]), fresh.models.map((m) => [m.name, out(m), m.totalParams]));
  // an untouched model is reused as is
  const untouched = doc.update(text + '\n# trailing comment\n');
  assert.equal(model(untouched, 'tiny_resnet'), model(next, 'tiny_resnet'));
  doc.dispose();
});

test('DocumentAnalyzer: a newline above a model moves its cached result (ranges and "at line" messages) exactly', () => {
  const doc = new DocumentAnalyzer('python', OPTIONS);
  doc.update(LENET_BUG);
  const text = `\n${LENET_BUG}`;
  const moved = doc.update(text, { startIndex: 0, oldEndIndex: 0, newEndIndex: 1, startPosition: { row: 0, column: 0 },
    oldEndPosition: { row: 0, column: 0 }, newEndPosition: { row: 1, column: 0 } });
  const fresh = analyze(text);
  const view = (a: FileAnalysis) => a.models.map((m) => ({
    range: m.range, diagnostics: m.diagnostics, calls: m.layers.map((l) => [l.name, l.callRange, l.declaration?.range]),
    annotations: m.annotations.map((n) => [n.position, n.variable]),
  }));
  assert.deepEqual(view(moved), view(fresh));
  assert.match(model(moved, 'Net').diagnostics[0].message, /flatten at line 17/);
  doc.dispose();
});

test('output-too-small on the pooling call; unknown ops are infos; runaway loops stop with too-complex', () => {
  const small = model(analyze(`${HEADER}
# input: (1, 8, 1, 1)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = nn.MaxPool2d(2)
    def forward(self, x):
        return self.pool(x)
`), 'Net');
  assert.deepEqual(codes(small), ['11:output-too-small']);
  const op = model(analyze(`${HEADER}
# input: (2, 4)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
    def forward(self, x):
        return torch.frobnicate(self.fc(x))
`), 'Net');
  assert.deepEqual(op.diagnostics.map((d) => `${d.range.start.line + 1}:${d.severity}:${d.code}`), ['11:info:unknown-op']);
  const loop = model(analyze(`${HEADER}
# input: (2, 4)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
    def forward(self, x):
        n = 0
        while n >= 0:
            n = n + 1
        return self.fc(x)
`), 'Net');
  assert.deepEqual(loop.diagnostics.map((d) => `${d.severity}:${d.code}`), ['warning:too-complex'], 'a loop that does not end: the code is at fault');
  // a long loop that would end is ShapeLens's limit: said as information (one that sets an attribute of the module is
  // run, however long: one that only computes values is not run at all, see the next test)
  const long = model(analyze(`${HEADER}
# input: (2, 4)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        points = [(i, j) for i in range(14) for j in range(14)]
        offsets = {}
        for p1 in points:
            for p2 in points:
                for q in points:
                    offset = (abs(p1[0] - p2[0]), abs(p1[1] - q[1]))
                    if offset not in offsets:
                        offsets[offset] = len(offsets)
                        self.offsets = len(offsets)
        self.fc = nn.Linear(4, 4)
    def forward(self, x):
        return self.fc(x)
`), 'Net');
  assert.deepEqual(long.diagnostics.map((d) => `${d.severity}:${d.code}`), ['info:too-complex']);
  assert.match(long.diagnostics[0].message, /stopped following Net: the analysis took too many steps/);
});

// ── Loops and branches that cannot be followed: computed, or said — never a silently wrong total ──────────
test('a loop of 4,097 layers built in __init__ is followed to the end: every layer counted', () => {
  const m = model(analyze(`${HEADER}
# input: (2, 4)
class Big(nn.Module):
    def __init__(self):
        super().__init__()
        layers = []
        for i in range(4097):
            layers.append(nn.Linear(4, 4))
        self.layers = nn.Sequential(*layers)
    def forward(self, x):
        return self.layers(x)
`), 'Big');
  assert.equal(m.totalParams, 4097n * 20n);
  assert.equal(m.layers.length, 4097);
  assert.equal(m.layers[4096].name, 'layers.4096');
  assert.equal(out(m), '(2, 4)');
  assert.equal(m.totalCost.macs, 4097n * 2n * 16n);
  assert.deepEqual(m.diagnostics, []);
  assert.equal(m.incomplete, undefined);
});

test('a comprehension of 3,000 layers is followed to the end', () => {
  const m = model(analyze(`${HEADER}
# input: (2, 4)
class Big(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(4, 4) for _ in range(3000)])
    def forward(self, x):
        for b in self.blocks:
            x = b(x)
        return x
`), 'Big');
  assert.equal(m.totalParams, 3000n * 20n);
  assert.equal(m.layers.length, 3000);
  assert.deepEqual(m.diagnostics, []);
});

test('layers built by a loop, comprehension or while over an unknown count: an info at the loop and incomplete totals', () => {
  const cases: [string, string][] = [
    ['for', `        layers = []
        for i in range(n):
            layers.append(nn.Linear(4, 4))
        self.layers = nn.Sequential(*layers)`],
    ['comprehension', `        self.layers = nn.Sequential(*[nn.Linear(4, 4) for _ in range(n)])`],
    ['while', `        layers = []
        i = 0
        while i < n:
            layers.append(nn.Linear(4, 4))
            i += 1
        self.layers = nn.Sequential(*layers)`],
    ['too long a range', `        layers = []
        for i in range(10 ** 6):
            layers.append(nn.Linear(4, 4))
        self.layers = nn.Sequential(*layers)`],
  ];
  for (const [what, body] of cases) {
    const m = model(analyze(`${HEADER}
# input: (2, 4)
class Net(nn.Module):
    def __init__(self, n=DEPTH):  # DEPTH comes from a file ShapeLens does not read
        super().__init__()
${body}
        self.head = nn.Linear(4, 2)
    def forward(self, x):
        return self.head(self.layers(x))
`), 'Net');
    const d = m.diagnostics.find((x) => x.code === 'not-followed');
    assert.ok(d, `${what}: a not-followed diagnostic (got ${codes(m)})`);
    assert.equal(d.severity, 'info', what); // the code runs: ShapeLens only cannot follow it
    assert.match(d.message, /parameter totals are incomplete/, what);
    assert.equal(m.incomplete, true, what);
    // what is known stays known (the head), what is not is not guessed: the output is unknown, not (2, 2)
    assert.equal(m.totalParams, 10n, what);
    assert.equal(out(m), '?', what);
  }
});

test('a layer call under a condition that cannot be decided in forward(): info at the branch, MACs incomplete', () => {
  const m = model(analyze(`${HEADER}
# input: (2, 4)
class Net(nn.Module):
    def __init__(self, extra=USE_EXTRA):
        super().__init__()
        self.extra = extra
        self.fc = nn.Linear(4, 4)
    def forward(self, x):
        if self.extra:
            x = self.fc(x)
        return x
`), 'Net');
  assert.deepEqual(m.diagnostics.map((d) => `${d.range.start.line + 1}:${d.severity}:${d.code}`), ['12:info:not-followed']);
  assert.equal(m.incomplete, true);
});

test('a long loop that only computes values (TinyViT\'s attention offsets) is not run where it would exhaust the budget; one that fits is run', () => {
  const source = `${HEADER}
import itertools


class WindowAttention(nn.Module):
    def __init__(self, dim, heads, window, counted=False):
        super().__init__()
        n = window * window
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)
        points = list(itertools.product(range(window), range(window)))
        attention_offsets = {}
        idxs = []
        for p1 in points:
            for p2 in points:
                offset = (abs(p1[0] - p2[0]), abs(p1[1] - p2[1]))
                if offset not in attention_offsets:
                    attention_offsets[offset] = len(attention_offsets)
                idxs.append(attention_offsets[offset])
        self.attention_biases = nn.Parameter(torch.zeros(heads, len(attention_offsets) if counted else n))
        self.register_buffer('attention_bias_idxs', torch.empty((n, n), dtype=torch.long), persistent=False)
        self.attention_bias_idxs.copy_(torch.tensor(idxs, dtype=torch.long).view(n, n))

    def forward(self, x):
        return self.proj(self.qkv(x)[..., :16])


# input: (2, 196, 16)
class Windows(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.Sequential(*[WindowAttention(16, 2, 14) for _ in range(4)])
        self.head = nn.Linear(16, 10)

    def forward(self, x):
        return self.head(self.blocks(x).mean(1))


# input: (2, 49, 16)
class Counted(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = WindowAttention(16, 2, 7, counted=True)

    def forward(self, x):
        return self.block(x)
`;
  const a = analyze(source);
  // 14 × 14 windows: 38,416 rounds per block, more than the budget holds for four; each block 816 + 272 + 2 × 196
  const windows = model(a, 'Windows');
  assert.deepEqual(windows.diagnostics.map((d) => `${d.severity}:${d.code}`), []);
  assert.equal(windows.totalParams, 4n * (816n + 272n + 392n) + 170n);
  assert.ok(!windows.incomplete);
  assert.equal(out(windows), '(2, 10)');
  // 7 × 7: 2,401 rounds, run; the parameter's size is the number of distinct offsets, 49
  const counted = model(a, 'Counted');
  assert.equal(counted.totalParams, 816n + 272n + 2n * 49n);
  assert.ok(!counted.incomplete);
});

test('a table indexed by a tensor of indices (Swin\'s relative positions, LeViT\'s attention offsets) takes the index\'s shape; a mask is not followed', () => {
  const a = analyze(`${HEADER}
import itertools


def relative_index(h, w):
    coords = torch.stack(torch.meshgrid(torch.arange(h), torch.arange(w), indexing='ij'))
    flat = torch.flatten(coords, 1)
    rel = flat[:, :, None] - flat[:, None, :]
    rel = rel.permute(1, 2, 0).contiguous()
    rel[:, :, 0] += h - 1
    rel[:, :, 1] += w - 1
    rel[:, :, 0] *= 2 * w - 1
    return rel.sum(-1)


class WindowBias(nn.Module):
    def __init__(self, heads=3, window=7):
        super().__init__()
        self.window = window
        self.table = nn.Parameter(torch.zeros((2 * window - 1) ** 2, heads))
        self.register_buffer('index', torch.empty(window * window, window * window, dtype=torch.long), persistent=False)
        self.index.copy_(relative_index(window, window))

    def forward(self, attn):
        n = self.window * self.window
        bias = self.table[self.index.view(-1)].view(n, n, -1)
        return attn + bias.permute(2, 0, 1).unsqueeze(0)


class OffsetBias(nn.Module):
    def __init__(self, heads=4, res=5):
        super().__init__()
        points = list(itertools.product(range(res), range(res)))
        offsets, idxs = {}, []
        for p1 in points:
            for p2 in points:
                off = (abs(p1[0] - p2[0]), abs(p1[1] - p2[1]))
                if off not in offsets:
                    offsets[off] = len(offsets)
                idxs.append(offsets[off])
        self.biases = nn.Parameter(torch.zeros(heads, len(offsets)))
        self.register_buffer('idxs', torch.LongTensor(idxs).view(len(points), len(points)))
        self.cache = {}

    def forward(self, attn):
        key = str(attn.device)
        if key not in self.cache:
            self.cache[key] = self.biases[:, self.idxs]
        return attn + self.cache[key]


class Picks(nn.Module):
    def forward(self, x):
        rows = torch.arange(3).long()
        cols = x.argmax(-1)
        return x[rows], x[:, cols.clamp(0, 3)], x[0, torch.tensor([[0, 1], [1, 0]])]


class Masked(nn.Module):
    def forward(self, x):
        return x[x > 0]


class Floats(nn.Module):
    def forward(self, x):
        return x[torch.zeros(2) / 2]


model = WindowBias()
out = model(torch.randn(2, 3, 49, 49))
other = OffsetBias()
out2 = other(torch.randn(2, 4, 25, 25))
picks = Picks()
out3 = picks(torch.randn(4, 5))
masked = Masked()
out4 = masked(torch.randn(2, 3))
floats = Floats()
out5 = floats(torch.randn(2, 3))
`);
  // (2·7 − 1)² rows of 3 heads, picked by the 49 × 49 relative positions
  const w = model(a, 'model');
  assert.equal(w.totalParams, 169n * 3n);
  assert.deepEqual(shapes(w, 'function').slice(0, 3), ['Tensor.view:(2401,)', 'Tensor.__getitem__:(2401, 3)', 'Tensor.view:(49, 49, 3)']);
  assert.equal(out(w), '(2, 3, 49, 49)');
  assert.ok(!w.incomplete);
  // 25 distinct offsets on a 5 × 5 grid; the bias cached under the device's name is computed on the first call
  const o = model(a, 'other');
  assert.equal(o.totalParams, 4n * 25n);
  assert.deepEqual(shapes(o, 'function'), ['Tensor.__getitem__:(4, 25, 25)', 'torch.add:(2, 4, 25, 25)']);
  assert.ok(!o.incomplete);
  // an int64 range, argmax's positions (clamped) and a literal of whole numbers all index; an int first selects
  const p = model(a, 'picks');
  assert.equal(out(p), '((3, 5), (4, 4), (2, 2))');
  // a mask picks as many elements as it holds True: not known, said where it starts; floats do not index
  for (const name of ['masked', 'floats']) {
    const m = model(a, name);
    assert.equal(out(m), '?');
    assert.ok(m.incomplete);
    assert.ok(m.diagnostics.some((d) => d.code === 'not-followed' && /not known to hold indices/.test(d.message)), JSON.stringify(m.diagnostics));
    assert.ok(!m.diagnostics.some((d) => d.severity === 'error'));
  }
});

test('windows or heads folded into the batch (view(-1, 7, 7, C) after a window partition, halo attention\'s reshape(-1, d, nh, b, nw, b), MViTv2\'s reshape(-1, H, W, C) of (B, heads, H·W, C), CSATv2\'s patches reshape(-1, C, k·k)) are no batch change; a regrouping of features still is', () => {
  const a = analyze(`${HEADER}
def window_partition(x, ws):
    B, H, W, C = x.shape
    x = x.view(B, H // ws, ws, W // ws, ws, C)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, ws, ws, C)


class Windows(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)

    def forward(self, x):
        w = window_partition(x, 7)
        heads = w.view(-1, 49, 2, 4).transpose(1, 2)
        # halo attention: two heads of 4 folded into the batch, each side split into 2 blocks of 7
        halo = x.permute(0, 3, 1, 2).reshape(-1, 4, 2, 7, 2, 7)
        # MViTv2 before pooling: (B, heads, H·W, d) as a batch of B·heads maps
        tokens = x.reshape(1, 196, 2, 4).transpose(1, 2)
        maps = tokens.reshape(-1, 14, 14, tokens.shape[-1])
        # CSATv2's k×k patches as samples, each patch's pixels merged: (B, H/k, W/k, C, k, k) → (B·H/k·W/k, C, k·k)
        patches = x.permute(0, 3, 1, 2).reshape(1, 8, 2, 7, 2, 7).permute(0, 2, 4, 1, 3, 5).reshape(-1, 8, 49)
        return self.fc(w), heads.reshape(-1, 49, 4), halo, maps, patches


class Wrong(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(320, 10)

    def forward(self, x):
        return self.fc(x.view(-1, 320))


windows = Windows()
y = windows(torch.randn(1, 14, 14, 8))
wrong = Wrong()
z = wrong(torch.randn(64, 20, 12, 12))
`);
  const w = model(a, 'windows');
  assert.deepEqual(codes(w), []);
  assert.equal(out(w), '((4, 7, 7, 8), (8, 49, 4), (2, 4, 2, 7, 2, 7), (2, 14, 14, 4), (4, 8, 49))');
  assert.deepEqual(codes(model(a, 'wrong')), ['35:view-batch-change']);
});

test('the input size a model\'s constructor is given (img_size=…) chooses its input where nothing in the project does', () => {
  const a = analyze(`${HEADER}
class Net(nn.Module):
    def __init__(self, img_size=96, patch=16, dim=32):
        super().__init__()
        self.grid = img_size // patch
        self.embed = nn.Conv2d(3, dim, patch, patch)
        self.head = nn.Linear(dim, 10)

    def forward(self, x):
        x = self.embed(x).flatten(2).mean(-1)
        return self.head(x)


def net_160(**kwargs):
    return Net(img_size=(160, 160), **kwargs)
`);
  const net = model(a, 'Net');
  assert.deepEqual(net.inputShape, [1, 3, 96, 96]);
  assert.match(net.inputSourceDetail ?? '', /^from img_size=96 in Net\(…\)/);
  const big = model(a, 'net_160');
  assert.deepEqual(big.inputShape, [1, 3, 160, 160]);
  assert.match(big.inputSourceDetail ?? '', /^from img_size=\(160, 160\) in Net\(…\)/);
});

test('a detector built for a size (SSD\'s `build_ssd(phase, size=300)`) is run at it, not at a conventional size its layers also take', () => {
  // amdegroot/ssd.pytorch's shape: priors fixed by the config, the heads' boxes by the input. At 299 (the conventional
  // size ShapeLens chose before) the heads give 8,096 boxes against 8,732 priors; at 300, as PyTorch, 8,732
  const a = analyze(`${HEADER}
class Detector(nn.Module):
    def __init__(self, phase, size, num_classes):
        super().__init__()
        self.size = size
        self.body = nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1), nn.MaxPool2d(2, 2, ceil_mode=True), nn.Conv2d(8, 8, 3, 2, 1))
        self.loc = nn.Conv2d(8, 4, 3, padding=1)

    def forward(self, x):
        return self.loc(self.body(x)).flatten(1)


def build_detector(phase, size=300, num_classes=21):
    return Detector(phase, size, num_classes)


net = build_detector('train')
`);
  const net = model(a, 'net');
  assert.deepEqual(net.inputShape, [1, 3, 300, 300]);
  assert.match(net.inputSourceDetail ?? '', /^from size=300 in Detector\(…\)/);
  // PyTorch 1.13: (1, 3, 300, 300) → conv 150 → pool (ceil) 75 → conv 38 → loc (1, 4·38·38)
  assert.deepEqual(net.outputShape, [1, 4 * 38 * 38]);
});

test('the input size of the configuration a builder attaches to the model (timm\'s pretrained_cfg) chooses its input; an instance\'s own forward is the one called', () => {
  const a = analyze(`${HEADER}
class Partial(nn.Module):
    def __init__(self, dim, mode='split'):
        super().__init__()
        self.part = dim // 4
        self.conv = nn.Conv2d(self.part, self.part, 3, 1, 1)
        if mode == 'split':
            self.forward = self.forward_split
        else:
            self.forward = self.forward_slice

    def forward_split(self, x):
        x1, x2 = torch.split(x, [self.part, x.shape[1] - self.part], dim=1)
        return torch.cat((self.conv(x1), x2), 1)

    def forward_slice(self, x):
        x = x.clone()
        x[:, :self.part] = self.conv(x[:, :self.part])
        return x


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 4, 4)
        self.mix = Partial(16)
        self.head = nn.Linear(16, 10)

    def forward(self, x):
        return self.head(self.mix(self.stem(x)).mean((2, 3)))


def build(cls, cfg):
    model = cls()
    model.pretrained_cfg = cfg
    model.default_cfg = model.pretrained_cfg
    return model


def net_96():
    return build(Net, dict(input_size=(3, 96, 96), num_classes=10))
`);
  const m = model(a, 'net_96');
  assert.deepEqual(m.inputShape, [1, 3, 96, 96]);
  assert.match(m.inputSourceDetail ?? '', /^from pretrained_cfg\['input_size'\] = \(3, 96, 96\)/);
  assert.deepEqual(codes(m), []);
  assert.ok(!m.incomplete);
  assert.deepEqual(shapes(m).filter((s) => s.startsWith('mix')), ['mix.conv:(1, 4, 24, 24)']);
  assert.equal(out(m), '(1, 10)');
});

test('a model whose first layer does not say the layout (CrossViT), or whose inferred input forward() cannot follow (NaFlexViT), runs at the whole input its configuration names; torch.jit.annotate is its value', () => {
  const a = analyze(`${HEADER}
from typing import List


class Scaled(nn.Module):
    def __init__(self, size=32):
        super().__init__()
        self.size = size
        self.convs = nn.ModuleList([nn.Conv2d(3, 8, 3) for _ in range(2)])

    def forward(self, x):
        outs = torch.jit.annotate(List[torch.Tensor], [])
        for conv in self.convs:
            if x.shape[-1] != self.size:
                x = F.interpolate(x, size=(self.size, self.size))
            outs.append(conv(x).mean((2, 3)))
        return torch.cat(outs, 1)


def scaled_48():
    model = Scaled(32)
    model.pretrained_cfg = {'input_size': (3, 48, 48)}
    return model
`);
  // NaFlexViT-style: the first layer takes patches, forward() patchifies an image: the patches' rank cannot be
  // followed to the end, the configuration's image can
  const flex = model(analyze(`${HEADER}
class Flex(nn.Module):
    def __init__(self, patch=8, dim=16):
        super().__init__()
        self.patch = patch
        self.embed = nn.Linear(3 * patch * patch, dim)
        self.head = nn.Linear(dim, 10)

    def forward(self, x):
        B, C, H, W = x.shape
        p = self.patch
        x = x.view(B, C, H // p, p, W // p, p).permute(0, 2, 4, 1, 3, 5).reshape(B, -1, C * p * p)
        return self.head(self.embed(x).mean(1))


def flex_32():
    model = Flex()
    model.pretrained_cfg = {'input_size': (3, 32, 32)}
    return model
`), 'flex_32');
  assert.deepEqual(flex.inputShape, [1, 3, 32, 32]);
  assert.equal(out(flex), '(1, 10)');
  assert.deepEqual(codes(flex), []);
  const m = model(a, 'scaled_48');
  assert.deepEqual(m.inputShape, [1, 3, 48, 48]);
  assert.equal(m.inputSourceDetail, "from pretrained_cfg['input_size'] = (3, 48, 48)");
  assert.equal(out(m), '(1, 16)');
  assert.deepEqual(codes(m), []);
  assert.ok(!m.incomplete);
});

test('a second image into the same layers as the first has its shape; a further input nothing gives a shape to says so, with the comment that gives one', () => {
  const a = analyze(`${HEADER}
class Pair(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, 2, 1)
        self.fc = nn.Linear(8 * 16 * 16, 1)

    def forward(self, img1, img2):
        a = self.fc(self.conv(img1).flatten(1))
        b = self.fc(self.conv(img2).flatten(1))
        return a, b


class Weighted(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x, weights):
        return self.fc(x) * weights
`);
  const pair = model(a, 'Pair');
  assert.deepEqual(pair.inputShape, [1, 3, 32, 32]);
  assert.match(pair.inputSourceDetail ?? '', /with img2 \(1, 3, 32, 32\) given by ShapeLens$/);
  assert.equal(out(pair), '((1, 1), (1, 1))');
  assert.deepEqual(codes(pair), []);
  const weighted = model(a, 'Weighted');
  assert.equal(out(weighted), '?');
  assert.deepEqual(weighted.diagnostics.map((d) => `${d.range.start.line + 1}:${d.severity}:${d.code}`), ['17:info:not-followed']);
  assert.equal(weighted.diagnostics[0].message, 'forward() also takes `weights`, and nothing in the code says its shape: what depends on it is ' +
    'unknown. Name it in an input comment above the model: # input: x=(…), weights=(…)');
});

test('an image pooled before the first layer (x.mean((2, 3)) ahead of a Linear, an ECA gate) is an image, not the rank the layer takes', () => {
  const a = analyze(`${HEADER}
class Pooled(nn.Module):
    def __init__(self, in_chans=3, num_classes=5):
        super().__init__()
        self.fc = nn.Linear(in_chans, num_classes)

    def forward(self, x):
        return self.fc(x.mean((2, 3)))


class Gate(nn.Module):
    def __init__(self, k=3):
        super().__init__()
        self.conv = nn.Conv1d(1, 1, k, padding=k // 2, bias=False)

    def forward(self, x):
        y = x.mean((2, 3)).view(x.shape[0], 1, -1)
        y = self.conv(y).sigmoid().view(x.shape[0], -1, 1, 1)
        return x * y.expand_as(x)
`);
  const pooled = model(a, 'Pooled');
  assert.deepEqual(pooled.inputShape, [1, 3, 28, 28]);
  assert.equal(out(pooled), '(1, 5)');
  assert.deepEqual(codes(pooled), []);
  const gate = model(a, 'Gate');
  assert.deepEqual(gate.inputShape, [1, 1, 28, 28]);
  assert.equal(out(gate), '(1, 1, 28, 28)');
  assert.deepEqual(codes(gate), []);
});

test('a number computed from symbolic sizes (max(n / 4, 1.0)) beside a tensor is a scalar: the symbolic run keeps the shape', () => {
  const a = analyze(`${HEADER}
class Scale(nn.Module):
    def __init__(self, repeat=False):
        super().__init__()
        self.repeat = repeat
        self.fc = nn.Linear(8, 8)

    def forward(self, x):
        n = x.shape[0]
        if self.repeat:
            return self.fc(x).unsqueeze(1).repeat(1, n, 2)
        ratio = max(n / 4, 1.0)
        return self.fc(x) * ratio + x / (n ** 0.5)


class Repeat(Scale):
    def __init__(self):
        super().__init__(repeat=True)
`);
  const m = model(a, 'Scale');
  assert.equal(m.symbolicOutput ? formatShape(m.symbolicOutput) : '?', '(N, 8)');
  assert.equal(out(m), '(1, 8)');
  assert.deepEqual(codes(m), []);
  // a symbolic count of repeats multiplies the size (an attention repeating a hidden state over the source length)
  const r = model(a, 'Repeat');
  assert.equal(r.symbolicOutput ? formatShape(r.symbolicOutput) : '?', '(N, N, 16)');
  assert.deepEqual(codes(r), []);
});

test('a loop that only fills the values of a tensor (MaxViT\'s one-hot lookup tables) is not run: the tensor keeps its shape, the step budget is kept', () => {
  const m = model(analyze(`${HEADER}
def lookup(length):
    vocab = 2 * length - 1
    ret = torch.zeros(length, length, vocab)
    for i in range(length):
        for x in range(length):
            v = x - i + length - 1
            if abs(x - i) > length:
                continue
            ret[i, x, v] = 1
    return ret


class RelBias(nn.Module):
    def __init__(self, window=60, heads=2):
        super().__init__()
        self.table = nn.Parameter(torch.zeros(2 * window - 1, heads))
        self.register_buffer('height', lookup(window))
        self.register_buffer('width', lookup(window))

    def forward(self, attn):
        bias = (self.height @ self.table) + (self.width @ self.table)
        return attn + bias.permute(2, 0, 1).unsqueeze(0)


# input: (1, 2, 60, 60)
class Blocks(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.Sequential(*[RelBias() for _ in range(4)])

    def forward(self, x):
        return self.blocks(x)
`), 'Blocks');
  // 3,600 rounds per table, two tables a block, four blocks: far more than the budget if run
  assert.deepEqual(codes(m), []);
  assert.equal(m.totalParams, 4n * 119n * 2n);
  assert.equal(out(m), '(1, 2, 60, 60)');
  assert.ok(!m.incomplete);
});

test('a dropout probability not known statically (read from a configuration) changes no shape, parameter or cost', () => {
  const m = model(analyze(`${HEADER}
import random

p = random.random()


# input: (2, 8)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.drop = nn.Dropout(p)

    def forward(self, x):
        return F.dropout(self.drop(self.fc(x)), p, self.training)
`), 'Net');
  assert.deepEqual(codes(m), []);
  assert.equal(m.totalParams, 72n);
  assert.equal(out(m), '(2, 8)');
  assert.ok(!m.incomplete && !m.paramsIncomplete);
});

test('while True in forward() stops after 1,000 rounds with too-complex', () => {
  const m = model(analyze(`${HEADER}
# input: (2, 4)
class Loop(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
    def forward(self, x):
        while True:
            x = self.fc(x)
        return x
`), 'Loop');
  assert.deepEqual(m.diagnostics.map((d) => `${d.severity}:${d.code}`), ['warning:too-complex']);
  assert.match(m.diagnostics[0].message, /while loop at line 11 did not end after 1000 rounds/);
  assert.equal(m.layers.length, 1000);
  assert.equal(m.incomplete, true);
  assert.equal(out(m), '?');
});

test('TypeScript: a for loop whose counter never moves (j++) says so at the loop', () => {
  const a = analyzeText(`import * as nn from 'js-pytorch';
// input: [2, 4]
class Net extends nn.Module {
  constructor() {
    super();
    for (let i = 0; i < 3; j++) {
      this.fc = new nn.Linear(4, 4);
    }
    this.head = new nn.Linear(4, 2);
  }
  forward(x) {
    return this.head.forward(x);
  }
}
`, 'typescript', OPTIONS);
  const m = model(a, 'Net');
  assert.deepEqual(m.diagnostics.map((d) => `${d.range.start.line + 1}:${d.severity}:${d.code}`), ['6:warning:endless-loop']);
  assert.match(m.diagnostics[0].message, /never ends \(`i < 3`\): its update `j\+\+` never moves i toward the bound/);
  assert.equal(m.incomplete, true);
});

test('losses and optimizers at module level are not models; a single-layer model is', () => {
  const a = analyze(`${HEADER}
model = nn.Linear(4, 2)
criterion = nn.CrossEntropyLoss()
loss_fn = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

class FocalLoss(nn.Module):
    def forward(self, pred, target):
        return pred.mean()
`);
  assert.deepEqual(a.models.map((m) => m.name), ['model']);
  assert.equal(model(a, 'model').totalParams, 10n);
  assert.deepEqual(model(a, 'model').diagnostics, []);
});

test('the project root: a marker file, else the folder above the top-level package', async () => {
  const { findProjectRoot } = await import('../../src/analysis');
  const files = new Set(['/r/pkg/__init__.py', '/r/pkg/models/__init__.py', '/r/pkg/models/net.py', '/m/setup.py', '/m/a/b.py']);
  const exists = (p: string) => files.has(p);
  assert.equal(findProjectRoot('/r/pkg/models/net.py', exists), '/r');
  assert.equal(findProjectRoot('/m/a/b.py', exists), '/m');
  assert.equal(findProjectRoot('/s/loose.py', exists), '/s');
});

test('a layer subclass reads its parameters by name (LayerNorm2d over F.layer_norm); bias=False is None', () => {
  const a = analyze(`${HEADER}
# input: (1, 3, 16, 16)
class LayerNorm2d(nn.LayerNorm):
    def __init__(self, channels, eps=1e-6, affine=True, **kwargs):
        super().__init__(channels, eps=eps, elementwise_affine=affine, **kwargs)
    def forward(self, x):
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)

class Stem(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 4, 4, bias=False)
        self.norm = LayerNorm2d(8)
        self.has_bias = self.conv.bias is not None
    def forward(self, x):
        return self.norm(self.conv(x))
`);
  const m = model(a, 'Stem');
  assert.deepEqual(codes(m), []);
  assert.equal(out(m), '(1, 8, 4, 4)');
  assert.equal(m.totalParams, 384n + 16n);
});

test('conditions decided by their truth, long numeric tables by their length, float() attributes are not blocks', () => {
  const a = analyze(`${HEADER}
# input: (2, 50, 16)
def table(n, dim):
    return torch.FloatTensor([[p / (10000 ** (2 * (i // 2) / dim)) for i in range(dim)] for p in range(n)])

class DropPath(nn.Module):
    def __init__(self, p=None):
        super().__init__()
        self.p = float(p)
    def forward(self, x):
        if self.p <= 0. or not self.training:
            return x
        return x * torch.rand(x.shape[0], 1, 1)

class Encoder(nn.Module):
    def __init__(self, n=50, dim=16):
        super().__init__()
        rates = [r.item() for r in torch.linspace(0, 0.1, 2)]
        self.pos = nn.Parameter(table(n, dim), requires_grad=False)
        self.drops = nn.ModuleList([DropPath(r) for r in rates])
        widths = [8 * (i + 1) for i in range(40)]  # a list of sizes, computed (not a table)
        self.fc = nn.Linear(dim, widths[1])
    def forward(self, x):
        x = x + self.pos
        for d in self.drops:
            x = d(self.fc(x))
        return x
`);
  const m = model(a, 'Encoder');
  assert.deepEqual(codes(m), []);
  assert.ok(!m.incomplete);
  assert.equal(out(m), '(2, 50, 16)');
  assert.equal(m.totalParams, 800n + 272n);
  assert.equal(m.trainableParams, 272n);
});

test('an uncomputed numeric table still has its shape; a parameter of unknown shape leaves the totals incomplete', () => {
  const a = analyze(`${HEADER}
# input: (2, 1100, 32)
class Encoder(nn.Module):
    def __init__(self, n=1100, dim=32):
        super().__init__()
        pe = torch.FloatTensor([[p / (10000 ** (2 * (i // 2) / dim)) for i in range(dim)] for p in range(n)])
        pe[:, 0::2] = torch.sin(pe[:, 0::2])
        self.pos = nn.Parameter(pe.unsqueeze(0), requires_grad=False)
        self.fc = nn.Linear(dim, 8)
    def forward(self, x):
        return self.fc(x + self.pos)

class Lookup(nn.Module):
    def __init__(self, words):
        super().__init__()
        self.table = nn.Parameter(torch.randn(len(words), 8))
        self.fc = nn.Linear(8, 2)
    def forward(self, x):
        return self.fc(x)

net = Lookup(open('words.txt').read().split())
`);
  const m = model(a, 'Encoder');
  assert.deepEqual(codes(m), []);
  assert.equal(out(m), '(2, 1100, 8)');
  assert.equal(m.totalParams, 1100n * 32n + 264n);
  assert.equal(m.trainableParams, 264n);
  const l = model(a, 'net');
  assert.ok(l.paramsIncomplete, 'the table\'s parameters are not counted: the total is a lower bound');
  assert.ok(l.diagnostics.some((d) => d.code === 'unknown-params' && /table: the shape of this nn.Parameter/.test(d.message)));
});

test("a root class's own parameter of unknown shape is said once, at the class", () => {
  const a = analyze(`${HEADER}
from somewhere import SCALE
# input: (2, 4)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.freqs = nn.Parameter(torch.rand(3, 4) * SCALE)
        self.fc = nn.Linear(4, 2)
    def forward(self, x):
        return self.fc(x)
`);
  const m = model(a, 'Net');
  assert.ok(m.paramsIncomplete);
  const said = m.diagnostics.filter((d) => d.code === 'unknown-params');
  assert.equal(said.length, 1);
  assert.match(said[0].message, /^freqs: the shape of this nn.Parameter is not known statically/);
  assert.equal(said[0].range.start.line, a.models.find((x) => x.name === 'Net')!.range.start.line);
});

test('a table over more rows than a loop may run (8 × 112 × 112 video tokens) keeps its shape; a loop that long stays unknown', () => {
  const a = analyze(`${HEADER}
# input: (1, 100352, 4)
def table(n, dim):
    pe = torch.FloatTensor([[p / (10000 ** (2 * (i // 2) / dim)) for i in range(dim)] for p in range(n)])
    return pe.unsqueeze(0)

class Video(nn.Module):
    def __init__(self, n=8 * 112 * 112, dim=4):
        super().__init__()
        self.register_buffer('pos', table(n, dim))
        self.fc = nn.Linear(dim, 2)
    def forward(self, x):
        return self.fc(x + self.pos)

class Counted(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)
        self.blocks = nn.ModuleList()
        for i in range(200000):
            self.blocks.append(nn.Linear(4, 4))
    def forward(self, x):
        return self.fc(x)
`);
  const m = model(a, 'Video');
  assert.deepEqual(codes(m), []);
  assert.equal(out(m), '(1, 100352, 2)');
  assert.equal(m.totalParams, 10n);
  const c = model(a, 'Counted');
  assert.equal(c.totalParams, 10n);
  assert.ok(c.paramsIncomplete, 'the blocks of a loop too long to follow are not counted');
  assert.ok(c.diagnostics.some((d) => d.code === 'not-followed' && /more than 100,000 rounds/.test(d.message)), JSON.stringify(c.diagnostics));
});

test('a torch.jit.ScriptModule subclass with @torch.jit.script_method forward is an nn.Module', () => {
  const a = analyze(`${HEADER}
# input: (2, 4, 8, 8)
class Block(torch.jit.ScriptModule):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)

    @torch.jit.script_method
    def forward(self, x):
        return self.conv(x) + x

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(Block(4), Block(4))
    def forward(self, x):
        return self.body(x)
`);
  const m = model(a, 'Net');
  assert.deepEqual(codes(m), []);
  assert.equal(out(m), '(2, 4, 8, 8)');
  assert.equal(m.totalParams, 2n * (4n * 4n * 9n + 4n));
});

test('namedtuple fields given None are None, _replace() and _fields work (EfficientNet-style global params)', () => {
  const a = analyze(`${HEADER}
import collections
# input: (2, 16)
Params = collections.namedtuple('Params', ['width', 'divisor', 'min_depth'])
Params.__new__.__defaults__ = (None,) * len(Params._fields)

def round_filters(filters, p):
    filters *= p.width
    min_depth = p.min_depth or p.divisor
    new_filters = max(min_depth, int(filters + p.divisor / 2) // p.divisor * p.divisor)
    if new_filters < 0.9 * filters:
        new_filters += p.divisor
    return int(new_filters)

p = Params(width=1.0, divisor=8, min_depth=None)
q = p._replace(width=2.0)
net = nn.Sequential(nn.Linear(16, round_filters(32, p)), nn.Linear(round_filters(32, p), round_filters(32, q)), nn.Linear(64, len(p._fields)))
`);
  const m = model(a, 'net');
  assert.deepEqual(codes(m), []);
  assert.equal(out(m), '(2, 3)');
  assert.equal(m.totalParams, (16n * 32n + 32n) + (32n * 64n + 64n) + (64n * 3n + 3n));
});

test('a Conv2d subclass running F.conv2d with its own weight: stride is a tuple, the input layout comes from the weight', () => {
  const a = analyze(`${HEADER}
import math
class SamePadConv(nn.Conv2d):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, image_size=32):
        super().__init__(in_channels, out_channels, kernel_size, stride, bias=False)
        self.stride = self.stride if len(self.stride) == 2 else [self.stride[0]] * 2
        kh, kw = self.weight.size()[-2:]
        oh = math.ceil(image_size / self.stride[0])
        pad = max((oh - 1) * self.stride[0] + (kh - 1) * self.dilation[0] + 1 - image_size, 0)
        if pad > 0:
            self.static_padding = nn.ZeroPad2d((pad // 2, pad - pad // 2, pad // 2, pad - pad // 2))
        else:
            self.static_padding = nn.Identity()

    def forward(self, x):
        x = self.static_padding(x)
        return F.conv2d(x, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)

class Stem(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = SamePadConv(3, 16, 3, stride=2)
        self.bn = nn.BatchNorm2d(16)
    def forward(self, x):
        return self.bn(self.conv(x))
`);
  const m = model(a, 'Stem');
  assert.ok(!m.diagnostics.some((d) => d.severity === 'error'), 'the input has the 3 channels of the weight, not the 16 of the BatchNorm after it');
  assert.equal(m.inputShape?.[1], 3);
  assert.equal(m.totalParams, 16n * 3n * 9n + 32n);
  assert.ok(!m.incomplete);
});

test('Fn.apply(x) of a torch.autograd.Function runs its static forward; ctx.save_for_backward is for backward only', () => {
  const a = analyze(`${HEADER}
# input: (2, 8)
class SwishFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, i):
        result = i * torch.sigmoid(i)
        ctx.save_for_backward(i)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        i = ctx.saved_tensors[0]
        s = torch.sigmoid(i)
        return grad_output * (s * (1 + i * (1 - s)))

class Swish(nn.Module):
    def forward(self, x):
        return SwishFn.apply(x)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)
        self.act = Swish()
    def forward(self, x):
        return self.act(self.fc(x))
`);
  const m = model(a, 'Net');
  assert.deepEqual(codes(m), []);
  assert.ok(!m.incomplete);
  assert.equal(out(m), '(2, 4)');
});

test('indexing one axis with a list of integers (x[:, [-1], :]) keeps that axis with the list\'s length', () => {
  const a = analyze(`${HEADER}
# input: (2, 7, 16)
class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 5)
    def forward(self, x):
        last = self.fc(x[:, [-1], :])
        picked = x[:, [0, 2, 4]]
        return last, picked
`);
  const m = model(a, 'Head');
  assert.deepEqual(codes(m), []);
  assert.equal(out(m), '((2, 1, 5), (2, 3, 16))');
  const bad = analyze(`${HEADER}
# input: (2, 7, 16)
class Bad(nn.Module):
    def forward(self, x):
        return x[:, [7]]
`);
  assert.ok(model(bad, 'Bad').diagnostics.some((d) => d.code === 'index-out-of-range'), 'index 7 of a size-7 axis is PyTorch\'s IndexError');
});

test('torch.nn.modules.utils._pair, torch.__version__ checks, sum() of tensors, a local dict filled in an unknown loop', () => {
  const a = analyze(`${HEADER}
from torch.nn.modules.utils import _pair
# input: (1, 4, 8, 8)
class Split(nn.Module):
    def __init__(self, channels, padding=1, radix=2):
        super().__init__()
        padding = _pair(padding)
        self.radix = radix
        self.conv = nn.Conv2d(channels, channels * radix, 3, padding=padding)
        weights = {}
        for k, v in torch.load('w.pt').items():
            weights[k] = v
    def forward(self, x):
        x = self.conv(x)
        if torch.__version__ < '1.5':
            parts = torch.split(x, int(x.shape[1] // self.radix), dim=1)
        else:
            parts = torch.split(x, x.shape[1] // self.radix, dim=1)
        return sum(parts)

net = Split(4)
`);
  const m = model(a, 'net');
  assert.deepEqual(codes(m), []);
  assert.equal(out(m), '(1, 4, 8, 8)');
  assert.equal(m.totalParams, 4n * 8n * 9n + 8n);
});

test('torch.nn private bases, one table: issubclass between them and their layers as in PyTorch, a _DropoutNd subclass is a Dropout', () => {
  // checked with PyTorch 1.13: four Conv2d (80 parameters) and MyDropout, output (1, 4, 8, 8)
  const a = analyze(`${HEADER}from torch.nn.modules.batchnorm import _NormBase, _BatchNorm
from torch.nn.modules.instancenorm import _InstanceNorm
from torch.nn.modules.conv import _ConvNd
from torch.nn.modules.dropout import _DropoutNd

class MyDropout(_DropoutNd):
    def forward(self, x):
        return F.dropout(x, self.p, self.training)

# input: (1, 4, 8, 8)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(4, 4, 1) if issubclass(nn.InstanceNorm2d, _NormBase) else nn.Identity()
        self.b = nn.Conv2d(4, 4, 1) if issubclass(_InstanceNorm, _NormBase) else nn.Identity()
        self.c = nn.Conv2d(4, 4, 1) if issubclass(nn.ConvTranspose2d, _ConvNd) else nn.Identity()
        self.d = nn.Identity() if issubclass(_BatchNorm, _ConvNd) else nn.Conv2d(4, 4, 1)
        self.drop = MyDropout(0.1)
    def forward(self, x):
        return self.drop(self.d(self.c(self.b(self.a(x)))))
`);
  const m = model(a, 'Net');
  assert.deepEqual(codes(m), []);
  assert.deepEqual(m.layers.filter((l) => l.kind === 'module').map((l) => l.type), ['Conv2d', 'Conv2d', 'Conv2d', 'Conv2d', 'MyDropout']);
  assert.equal(m.totalParams, 80n);
  assert.equal(out(m), '(1, 4, 8, 8)');
});

test('a subclass of a private torch.nn base (_BatchNorm) is the layer of its rank; isinstance over self.modules() decides', () => {
  const a = analyze(`${HEADER}
from torch.nn.modules.batchnorm import _BatchNorm
from torchvision.models import ResNet

class SyncBN(_BatchNorm):
    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True):
        super().__init__(num_features, eps=eps, momentum=momentum, affine=affine)

class SynchronizedBatchNorm2d(SyncBN):
    pass

# input: (1, 3, 8, 8)
class Net(nn.Module):
    def __init__(self, norm=SynchronizedBatchNorm2d):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn = norm(8)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight)
            elif isinstance(m, SynchronizedBatchNorm2d):
                m.weight.data.fill_(1)
    def forward(self, x):
        return self.bn(self.conv(x))

def from_torchvision(num_classes=1000):
    model = ResNet(Net, [2, 2, 2, 2], num_classes=num_classes)
    model.avgpool = nn.AdaptiveAvgPool2d(1)
    return model
`);
  const m = model(a, 'Net');
  assert.deepEqual(codes(m), []);
  assert.equal(out(m), '(1, 8, 8, 8)');
  assert.equal(m.totalParams, 216n + 16n);
  assert.equal(m.trainableParams, 216n + 16n);
  const f = model(a, 'from_torchvision');
  // torchvision's ResNet (ShapeLens's copy) cannot use Net as its block (PyTorch raises: Net has no expansion)
  assert.equal(f.incomplete, true);
  assert.match(f.diagnostics.map((d) => d.message).join('\n'), /in ShapeLens's torchvision\/models\/resnet\.py:\d+/);
});

test('an in-place initialiser or fill gives back the tensor it was given: a Parameter passed through it stays a parameter', () => {
  // Debian's PyTorch 1.13: 32 parameters (w, scale, fc.weight, fc.bias), output (2, 4)
  const a = analyze(`${HEADER}
# input: (2, 3)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)
        self.w = nn.init.xavier_uniform_(nn.Parameter(torch.empty(4, 3)))
        self.b = torch.zeros(4).normal_()
        self.scale = nn.Parameter(torch.ones(4)).requires_grad_()
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.zeros_(m.bias)
    def forward(self, x):
        return (self.fc(x) + x @ self.w.t() + self.b) * self.scale
`);
  const m = model(a, 'Net');
  assert.deepEqual(codes(m), []);
  assert.equal(out(m), '(2, 4)');
  assert.equal(m.totalParams, 32n);
  assert.equal(m.trainableParams, 32n);
});

test('isinstance tells a tuple literal from a list; a block that fails only alone with its defaults is information', () => {
  const a = analyze(`${HEADER}
def make_conv(cin, cout, kernel_size, padding=0):
    if isinstance(kernel_size, list):
        return nn.ModuleList([nn.Conv2d(cin, cout, k) for k in kernel_size])
    return nn.Conv2d(cin, cout, kernel_size, padding=padding)

class Branches(nn.Module):
    def __init__(self, pad=1):
        super().__init__()
        self.pool = nn.MaxPool2d(3, stride=2)
        self.conv = nn.Conv2d(8, 8, 3, stride=2, padding=pad)
        self.wide = make_conv(8, 8, (1, 7), padding=(0, 3))
    def forward(self, x):
        x = self.wide(x)
        return torch.cat((self.pool(x), self.conv(x)), 1)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Branches(pad=0)
    def forward(self, x):
        return self.block(x)
`);
  const net = model(a, 'Net');
  assert.deepEqual(net.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.equal(net.totalParams, (8n * 8n * 9n + 8n) + (8n * 8n * 7n + 8n)); // conv 3×3 and the (1, 7) conv: one Conv2d, not a ModuleList
  const block = model(a, 'Branches');
  assert.deepEqual(block.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.match(block.diagnostics.map((d) => d.message).join('\n'), /Built alone with its default arguments and an assumed input: torch\.cat/);
});

test('object equality: identity without __eq__, unknown with one (never decided against a plain value)', () => {
  const a = analyze(`${HEADER}
# input: (2, 8)
class Tag:
    def __init__(self, name):
        self.name = name

class Named:
    def __init__(self, name):
        self.name = name
    def __eq__(self, other):
        return self.name == other

TAG = Tag('a')

class Net(nn.Module):
    def __init__(self, tag=TAG):
        super().__init__()
        self.same = nn.Linear(8, 8) if tag == TAG else nn.Identity()
        self.other = nn.Linear(8, 8) if tag == Tag('a') else nn.Identity()
        self.plain = nn.Identity() if tag != 'a' else nn.Linear(8, 8)

    def forward(self, x):
        return self.plain(self.other(self.same(x)))

class Wide(nn.Module):
    def __init__(self, named=Named('wide')):
        super().__init__()
        self.fc = nn.Linear(8, 16) if named == 'wide' else nn.Linear(8, 4)

    def forward(self, x):
        return self.fc(x)
`);
  // TAG == TAG is the same object; a new Tag is another object; an object without __eq__ is never the string 'a'
  assert.deepEqual(shapes(model(a, 'Net')), ['same:(2, 8)', 'other:(2, 8)', 'plain:(2, 8)']);
  assert.deepEqual(model(a, 'Net').layers.filter((l) => l.kind === 'module').map((l) => l.type), ['Linear', 'Identity', 'Identity']);
  // Named has __eq__: which layer is built is not decided, so no width is guessed
  const wide = model(a, 'Wide');
  assert.equal(wide.paramsIncomplete, true);
  assert.notEqual(out(wide), '(2, 16)');
});

test('an assert that fails while a module is built stops the build (PyTorch raises there): no error from the value it rejects', () => {
  const a = analyze(`${HEADER}
class PosBias(nn.Module):
    def __init__(self, dim, feat_size=None):
        super().__init__()
        assert feat_size is not None, 'a concrete feature size is required'
        self.height = feat_size
        self.table = nn.Parameter(torch.zeros(2 * feat_size - 1, dim))

    def forward(self, q):
        return q.reshape(q.shape[0], self.height, -1)

# input: (2, 16, 8)
class Net(nn.Module):
    def __init__(self, feat_size=None):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.pos = PosBias(8, feat_size)

    def forward(self, x):
        return self.pos(self.fc(x))
`);
  const m = model(a, 'Net');
  assert.deepEqual(m.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.equal(m.paramsIncomplete, true);
  // Net() raises there too: it is not followed further (no forward, so no error from the value PosBias rejects)
  assert.match(m.buildFailure ?? '', /^Net\(\), built alone with its default arguments, raises AssertionError \(assert feat_size is not None fails with the values ShapeLens read, line 8\)/);
  assert.deepEqual(m.layers, []);
  assert.deepEqual(m.diagnostics.map((d) => [d.code, d.message]), [['not-followed', m.buildFailure]]);
});

test('a layer\'s tensor inputs given by keyword (attn(query=x, key=x, value=x)) are its inputs, as given by position', () => {
  const a = analyze(`${HEADER}
# input: (2, 10, 64)
class ByKeyword(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(64, 4, batch_first=True)

    def forward(self, x):
        y, _ = self.attn(query=x, key=x, value=x, need_weights=False)
        return y

# input: (2, 10, 64)
class ByPosition(ByKeyword):
    def forward(self, x):
        y, _ = self.attn(x, x, x, need_weights=False)
        return y
`);
  const k = model(a, 'ByKeyword');
  const p = model(a, 'ByPosition');
  assert.equal(out(k), '(2, 10, 64)');
  assert.equal(k.incomplete ?? false, false);
  assert.equal(k.totalCost.macs, p.totalCost.macs);
  assert.ok(k.totalCost.macs > 0n);
});

test('a raise whose message ShapeLens can compute quotes the message, as Python prints it', () => {
  const a = analyze(`${HEADER}
class Net(nn.Module):
    def __init__(self, groups=4, width=64):
        super().__init__()
        if width % groups:
            raise ValueError(f"width {width} does not divide into {groups} groups")
        self.conv = nn.Conv2d(3, width, 3, groups=1)

    def forward(self, x):
        return self.conv(x)

def net3():
    return Net(groups=3)
`);
  const m = model(a, 'net3');
  assert.match(m.buildFailure ?? '', /raises ValueError \("width 64 does not divide into 3 groups", line \d+\)/);
});

test('a module-level registry a function fills under a condition not known statically is unknown afterwards, not what it held before', () => {
  const a = analyze(`${HEADER}import yaml
cfg = yaml.safe_load(open('cfg.yaml'))
WIDTHS = {}

def register(name, width):
    if cfg['enabled']:
        WIDTHS[name] = width

def net():
    register('hidden', 64)
    return nn.Sequential(nn.Linear(8, WIDTHS.get('hidden', 16)), nn.ReLU())
`);
  const m = model(a, 'net');
  // 8·16 + 16 would be the registry before the call: Python may have stored 64 there
  assert.equal(m.paramsIncomplete, true);
  assert.notEqual(m.totalParams, 144n);
});

test('decorators of the project run as Python runs them: a registry the decorator fills is read by a factory', () => {
  const a = analyze(`${HEADER}from collections import defaultdict
WIDTHS = defaultdict(lambda: 16)
REGISTERED = []

def register(fn):
    REGISTERED.append(fn.__name__)
    WIDTHS[fn.__name__] = 32
    return fn

@register
def wide():
    return nn.Sequential(nn.Linear(8, WIDTHS['wide']))

def plain():
    return nn.Sequential(nn.Linear(8, WIDTHS['plain']), nn.Linear(WIDTHS['plain'], len(REGISTERED)))
`);
  assert.equal(model(a, 'wide').totalParams, 8n * 32n + 32n);
  assert.equal(model(a, 'plain').totalParams, 8n * 16n + 16n + 16n * 1n + 1n);
});

test('list += extends the same list (an alias sees it), tuple += makes a new tuple, a bool indexes a tuple', () => {
  const a = analyze(`${HEADER}
# input: (1, 3, 8, 8)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        a = [8]
        b = a
        a += [16]
        t = (4,)
        u = t
        t += (6,)
        layers = []
        c = 3
        for w in b + list(u):
            layers += [nn.Conv2d(c, w, 1)]
            c = w
        layers *= 1
        self.body = nn.Sequential(*layers)
        self.pick = (nn.ReLU(), nn.Tanh())[len(t) == 2]
        mean = []
        for i in range(500):
            mean += [i, i, 1, 1]
        self.register_buffer('priors', torch.tensor(mean).view(-1, 4))

    def forward(self, x):
        y = self.pick(self.body(x))
        return y.view(y.size(0), -1)[:, :self.priors.size(0) // 125]
`);
  const m = model(a, 'Net');
  // PyTorch 1.13: 244 parameters (3→8, 8→16, 16→4 1×1 convolutions), pick is the Tanh, priors (500, 4), output (1, 4)
  assert.deepEqual(codes(m), []);
  assert.equal(m.totalParams, 244n);
  assert.deepEqual(shapes(m), ['body.0:(1, 8, 8, 8)', 'body.1:(1, 16, 8, 8)', 'body.2:(1, 4, 8, 8)', 'pick:(1, 4, 8, 8)']);
  assert.ok(m.layers.some((l) => l.name === 'pick' && l.type === 'Tanh'), JSON.stringify(m.layers.map((l) => [l.name, l.type])));
  assert.equal(out(m), '(1, 4)');
});

test('a model that changes a module-level list in place leaves it as module code made it for the next model', () => {
  const code = `${HEADER}
CFG = [8, 16]

def make(widths):
    layers = []
    c = 3
    for w in widths:
        layers += [nn.Conv2d(c, w, 3, padding=1), nn.ReLU()]
        c = w
    return nn.Sequential(*layers)

def wide():
    widths = CFG
    widths += [32]
    return make(widths)

def narrow():
    return make(CFG)
`;
  // each alone in PyTorch 1.13: wide 6,032 parameters (3→8→16→32), narrow 1,392 (3→8→16), in either order
  const a = analyze(code);
  assert.equal(model(a, 'wide').totalParams, 6032n);
  assert.equal(model(a, 'narrow').totalParams, 1392n);
  assert.equal(model(analyze(code, { model: 'narrow' }), 'narrow').totalParams, 1392n);
});

test('a forward() without a return: the totals are exact, the output is None, and a warning says so at forward()', () => {
  const a = analyze(`${HEADER}
class PreAct(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        x = self.conv(x).mean((2, 3))
        x = self.fc(x)

net = PreAct()
y = net(torch.randn(2, 3, 8, 8))
`);
  const m = model(a, 'net');
  // PyTorch 1.13: 224 + 90 = 314 parameters; MACs 2·8·8·8·27 = 27,648 (conv) + 2·80 = 160 (fc)
  assert.equal(m.totalParams, 314n);
  assert.equal(m.totalCost.macs, 27808n);
  assert.ok(!m.incomplete && m.returnsNone && m.outputShape === undefined);
  const warning = m.diagnostics.find((d) => d.code === 'forward-returns-none');
  assert.equal(warning?.severity, 'warning');
  assert.equal(warning?.range.start.line + 1, 11); // the `def forward` line
  assert.match(warning!.message, /^PreAct\.forward\(\) returns None/);
  assert.equal(modelTotals(m, 'macs').cost.certainty, 'exact');
});

test('a namedtuple returned by forward() is a tuple of its fields', () => {
  const a = analyze(`${HEADER}
from collections import namedtuple
Heads = namedtuple('Heads', ['logits', 'embedding'])

class TwoHeads(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(6, 4)
        self.cls = nn.Linear(4, 3)

    def forward(self, x):
        h = self.body(x)
        return Heads(self.cls(h), h)

net = TwoHeads()
out = net(torch.randn(5, 6))
`);
  const m = model(a, 'net');
  assert.equal(out(m), '((5, 3), (5, 4))');
  assert.ok(!m.incomplete);
});

test('a causal mask sliced to the sequence, `bias[:, :, :T, :T]` with T symbolic, and `assert t <= block_size` bound the length, and the block size is the length chosen', () => {
  const code = (check: string) => `${HEADER}
class TinyGPT(nn.Module):
    def __init__(self, vocab=10, block_size=6, d=8):
        super().__init__()
        self.block_size = block_size
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(block_size, d)
        self.register_buffer('bias', torch.tril(torch.ones(block_size, block_size)).view(1, 1, block_size, block_size))

    def forward(self, idx):
        b, t = idx.size()
        ${check}
        x = self.tok(idx) + self.pos(torch.arange(0, t).unsqueeze(0))
        att = (x @ x.transpose(-1, -2)).unsqueeze(1)
        att = att.masked_fill(self.bias[:, :, :t, :t] == 0, float('-inf'))
        return att.softmax(dim=-1)
`;
  for (const check of ['assert t <= self.block_size, f"sequence of {t} over the block size"', 'pass']) {
    const m = model(analyze(code(check)), 'TinyGPT');
    // PyTorch 1.13 at (1, 6): (1, 1, 6, 6); any L of 1…6 runs, 7 raises (the assert, or the mask's broadcast)
    assert.deepEqual(codes(m), [], check);
    assert.match(m.inputSourceDetail ?? '', /L ∈ 1…6/, check);
    assert.equal(m.totalParams, 128n);
    assert.ok(!m.incomplete, check);
    // the length chosen is the block size, the context the model is built for (not the smallest, 1)
    assert.deepEqual(m.inputShape, [1, 6], check);
    assert.equal(m.inputSourceDetail, 'L = 6: the longest sequence the model allows (L ∈ 1…6)', check);
    assert.equal(out(m), '(1, 1, 6, 6)');
  }
  // a symbolic integer index is not followed (no error): x[:, t - 1] of a symbolic t
  const last = model(analyze(code('pass').replace("return att.softmax(dim=-1)", 'return att[:, :, t - 1]')), 'TinyGPT');
  assert.deepEqual(last.diagnostics.filter((d) => d.severity === 'error'), []);
});

test('the image size and channels a constructor is given size the whole input when the first layer does not say the layout', () => {
  const a = analyze(`${HEADER}
from einops.layers.torch import Rearrange

class PatchNet(nn.Module):
    def __init__(self, *, image_size, patch_size, dim, channels=3):
        super().__init__()
        num_patches = (image_size // patch_size) ** 2
        self.to_patches = nn.Sequential(
            Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', p1=patch_size, p2=patch_size),
            nn.Linear(channels * patch_size * patch_size, dim),
        )
        self.pos = nn.Parameter(torch.randn(num_patches, dim))
        self.head = nn.Linear(dim, 10)

    def forward(self, img):
        x = self.to_patches(img)
        b, n, _ = x.shape
        x = x + self.pos[:n]
        return self.head(x.mean(dim=1))

net = PatchNet(image_size=32, patch_size=8, dim=16, channels=1)
`);
  const m = model(a, 'net');
  // PyTorch 1.13 at (1, 1, 32, 32): 16 patches of 64 values; params 64·16 + 16 + 16·16 + 16·10 + 10 = 1,466
  assert.deepEqual(m.inputShape, [1, 1, 32, 32]);
  assert.match(m.inputSourceDetail ?? '', /from image_size=32 and channels=1 in PatchNet/);
  assert.equal(out(m), '(1, 10)');
  assert.equal(m.totalParams, 1466n);
  assert.ok(!m.incomplete);
});

test('numpy arange keeps its numbers through reshape and tolist (nested lists): a zigzag order built from them indexes a tensor', () => {
  const a = analyze(`${HEADER}import numpy as np


def zigzag(rows, cols):
    idx = np.arange(0, rows * cols, 1).reshape(rows, cols).tolist()
    dia = [[] for _ in range(rows + cols - 1)]
    for i in range(rows):
        for j in range(cols):
            if (i + j) % 2 == 0:
                dia[i + j].insert(0, idx[i][j])
            else:
                dia[i + j].append(idx[i][j])
    order = []
    for d in dia:
        order.extend(d)
    return order


class Freq(nn.Module):
    def __init__(self):
        super().__init__()
        self.order = zigzag(3, 3)
        self.fc = nn.Linear(np.arange(12).reshape(3, 4).tolist()[2][1], 4)  # row 2, column 1: 9

    def forward(self, x):
        return self.fc(x[:, :, self.order])


# input: (2, 5, 9)
net = Freq()
`);
  const m = model(a, 'net');
  assert.equal(out(m), '(2, 5, 4)');
  assert.equal(m.totalParams, 40n);
  assert.deepEqual(codes(m), []);
});

test('positions arange(t) into a learned position table Embedding(maxlen) bound the length (t ≤ maxlen); segment ids beside the tokens are a sequence too, not one label per sample', () => {
  const a = analyze(`${HEADER}
class Embed(nn.Module):
    def __init__(self, vocab=20, maxlen=30, segments=2, d=8):
        super().__init__()
        self.tok_embed = nn.Embedding(vocab, d)
        self.pos_embed = nn.Embedding(maxlen, d)
        self.seg_embed = nn.Embedding(segments, d)

    def forward(self, x, seg):
        seq_len = x.size(1)
        pos = torch.arange(seq_len, dtype=torch.long)
        pos = pos.unsqueeze(0).expand_as(x)
        return self.tok_embed(x) + self.pos_embed(pos) + self.seg_embed(seg)
`);
  const m = model(a, 'Embed');
  // PyTorch 1.13: any length 1…30 runs; 31 raises "index out of range in self" in pos_embed
  assert.deepEqual(m.inputShape, [1, 30]);
  assert.match(m.inputSourceDetail ?? '', /^L = 30, L_seg = 30: the longest sequence the model allows \(L = L_seg ∈ 1…30\)/);
  assert.match(m.inputSourceDetail ?? '', /with seg \(1, 30\) given by ShapeLens$/);
  assert.equal(out(m), '(1, 30, 8)');
  assert.deepEqual(codes(m), []);
});

test('a shape unpacked into more or fewer names than its rank is the ValueError Python raises; the inferred input has the rank the unpacking says', () => {
  // DETR's transformer: `bs, c, h, w = src.shape` before its layers, whose first (a Linear of 512 features) takes
  // (N, 512) or (N, L, 512); Python stops at both. PyTorch 1.13: T()(torch.randn(1, 512, 28, 28)) is (784, 1, 10)
  const text = `${HEADER}
class T(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(512, 10)

    def forward(self, src):
        bs, c, h, w = src.shape
        src = src.flatten(2).permute(2, 0, 1)
        return self.fc(src)
`;
  const inferred = model(analyze(text), 'T');
  assert.deepEqual(inferred.inputShape, [1, 512, 28, 28]);
  assert.deepEqual(inferred.outputShape, [784, 1, 10]);
  assert.deepEqual(inferred.diagnostics, []);
  // stated as (1, 512, 512): Python raises there, said once, and the totals are not called complete
  const stated = model(analyze(`# input: (1, 512, 512)\n${text}`), 'T');
  assert.deepEqual(stated.diagnostics.map((d) => `${d.range.start.line + 1} ${d.code}: ${d.message}`),
    ['12 not-followed: Python raises ValueError here with the input ShapeLens used: not enough values to unpack (expected 4, got 3); what follows is not known']);
  assert.equal(stated.incomplete, true);
  // while the model is built: the build stops where Python stops
  const built = analyze(`${HEADER}
class B(nn.Module):
    def __init__(self, sizes=(3, 8, 16)):
        super().__init__()
        c_in, c_out = sizes
        self.conv = nn.Conv2d(c_in, c_out, 3)

    def forward(self, x):
        return self.conv(x)
`);
  assert.match(model(built, 'B').buildFailure ?? '', /raises ValueError \(too many values to unpack \(expected 2\), line 8\)/);
});
