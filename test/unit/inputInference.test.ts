// The input solved from the model itself and chosen openly: the seed exercises answered without an input comment,
// every model fixture with its comment removed (the inferred input and numbers, or the symbolic output and MACs
// formula evaluated at the fixture's input, equal PyTorch's), evidence in the project, and a model no input fits.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, DocumentAnalyzer, initParsers, Project, type AnalysisOptions, type FileAnalysis, type ModelAnalysis } from '../../src/analysis';
import { exprOf, formatShape, isKnown, isTuple, type Shape, type ShapeTree } from '../../src/engine';
import { evaluate, symbolName } from '../../src/engine/symbolic';
import { modelHover } from '../../src/present/hoverText';
import { inputChoices } from '../../src/present/inputChoices';
import { ROOT } from './support/process';

before(async () => {
  const wasmDir = path.join(ROOT, 'dist', 'tree-sitter');
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(wasmDir, file))));
});

const OPTIONS: AnalysisOptions = { strict: false };
const analyze = (code: string, options: Partial<AnalysisOptions> = {}): FileAnalysis => analyzeText(code, 'python', { ...OPTIONS, ...options });
const model = (a: FileAnalysis, name: string): ModelAnalysis => {
  const m = a.models.find((x) => x.name === name);
  assert.ok(m, `model ${name} not found among ${a.models.map((x) => x.name).join(', ')}`);
  return m;
};
const shape = (s: ShapeTree | undefined) => (s ? formatShape(s) : '?');
const errors = (m: ModelAnalysis) => m.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
const withoutInputComment = (text: string) => text.split('\n').filter((l) => !/^#\s*input\s*:/.test(l)).join('\n');
const fixture = (name: string) => withoutInputComment(fs.readFileSync(path.join(ROOT, 'test/fixtures/models', `${name}.py`), 'utf8'));

// ── The seed exercises ─────────────────────────────────────────────────────────────────────────────────────
test('seed 000: the stack whose first conv gives (64, 112, 112) takes a (3, 224, 224) input', () => {
  const m = model(analyze(`import torch.nn as nn

class Stack(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3)
        self.relu = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(64, 192, kernel_size=3, stride=1, padding=1)
        self.pool2 = nn.MaxPool2d(2, 2)

    def forward(self, x):
        x = self.conv1(x)
        assert x.shape[1:] == (64, 112, 112)
        x = self.pool1(self.relu(x))
        return self.pool2(self.relu(self.conv2(x)))
`), 'Stack');
  assert.equal(m.inputSource, 'inferred');
  assert.equal(shape(m.inputShape), '(1, 3, 224, 224)');
  assert.match(m.inputSourceDetail!, /^inferred from assert x\.shape\[1:\] == \(64, 112, 112\)/);
  // 223 gives the same first output (the stride drops the last row): the solved set says so
  assert.deepEqual(m.inputConstraints, ['H ∈ 223…224', 'W ∈ 223…224']);
  assert.deepEqual(m.layers.map((l) => shape(l.outputShape)).slice(2),
    ['(1, 64, 56, 56)', '(1, 192, 56, 56)', '(1, 192, 56, 56)', '(1, 192, 28, 28)']);
  assert.equal(m.totalParams, 9_472n + 110_784n);
});

test('torch._assert(H == self.img_size[0], msg) states a size as an assert does (timm PatchEmbed): 224, not a conventional 28', () => {
  const m = model(analyze(`import torch
import torch.nn as nn
from torch import _assert

class PatchEmbed(nn.Module):
    def __init__(self, img_size=224, patch_size=16, in_chans=3, embed_dim=64):
        super().__init__()
        self.img_size = (img_size, img_size)
        self.proj = nn.Conv2d(in_chans, embed_dim, patch_size, patch_size)

    def forward(self, x):
        B, C, H, W = x.shape
        _assert(H == self.img_size[0], f"Input height ({H}) doesn't match model ({self.img_size[0]}).")
        torch._assert(W == self.img_size[1], "Input width doesn't match model.")
        return self.proj(x).flatten(2).transpose(1, 2)
`), 'PatchEmbed');
  assert.equal(m.inputSource, 'inferred');
  assert.equal(shape(m.inputShape), '(1, 3, 224, 224)');
  assert.equal(shape(m.outputShape), '(1, 196, 64)');
});

test('LeNet-5 without its input comment: 32×32 from its Linear, every number as with the comment', () => {
  const m = model(analyze(fixture('lenet5')), 'model');
  assert.equal(shape(m.inputShape), '(1, 1, 32, 32)');
  assert.match(m.inputSourceDetail!, /^inferred from f6 = Linear\(120, 84\)/);
  assert.equal(m.totalParams, 61_706n);
  assert.equal(m.totalCost.macs, 416_520n);
});

test('the CIFAR-10 tutorial net without its input comment: 32×32 from fc1 = Linear(16 * 5 * 5, 120)', () => {
  const m = model(analyze(fixture('cifar_tutorial')), 'net');
  assert.equal(shape(m.inputShape), '(1, 3, 32, 32)');
  assert.match(m.inputSourceDetail!, /^inferred from fc1 = Linear\(16 \* 5 \* 5, 120\)/);
  assert.equal(m.totalCost.macs * 4n, 2_606_880n); // the fixture's batch of 4
});

test('an edit to a Linear\'s in_features changes the solved input: remembered solutions and evaluations are never stale', () => {
  const doc = new DocumentAnalyzer('python', OPTIONS);
  const text = fixture('cifar_tutorial');
  const solved = (t: string) => model(doc.update(t), 'net');
  const edited = text.replace('nn.Linear(16 * 5 * 5, 120)', 'nn.Linear(16 * 6 * 6, 120)');
  assert.notEqual(edited, text);
  const before = solved(text);
  assert.equal(shape(before.inputShape), '(1, 3, 32, 32)');
  const after = solved(edited);
  assert.equal(shape(after.inputShape), '(1, 3, 36, 36)');
  assert.match(after.inputSourceDetail!, /^inferred from fc1 = Linear\(16 \* 6 \* 6, 120\)/);
  assert.equal(after.totalParams - before.totalParams, 16n * 11n * 120n);
  // back again, and a fresh analysis of each text: the same numbers as the first time
  const again = solved(text);
  for (const [a, b] of [[again, before], [model(analyze(edited), 'net'), after]]) {
    assert.equal(shape(a.inputShape), shape(b.inputShape));
    assert.equal(a.totalCost.macs, b.totalCost.macs);
    assert.deepEqual(a.layers.map((l) => shape(l.outputShape)), b.layers.map((l) => shape(l.outputShape)));
    assert.deepEqual(a.inputConstraints, b.inputConstraints);
  }
  doc.dispose();
});

test('an attribute a forward sets from its input is set afresh in each run, not left over from the run without a shape', () => {
  const m = model(analyze(`import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.size = None

    def forward(self, x):
        if self.size is None:
            self.size = x.shape[-1]
        x = self.conv(x)
        return x.view(-1, 8 * (self.size - 2) * (self.size - 2))

net = Net()
`), 'net');
  const side = (m.inputShape as number[])[3];
  assert.equal(m.inputSource, 'inferred');
  assert.equal(shape(m.outputShape), `(1, ${8 * (side - 2) * (side - 2)})`);
  assert.equal(m.incomplete, undefined);
});

test('seed 001 without its input comment: 28×28 from Linear(2880, 500)', () => {
  const m = model(analyze(fixture('seed001_net')), 'model');
  assert.equal(shape(m.inputShape), '(1, 1, 28, 28)');
  assert.match(m.inputSourceDetail!, /^inferred from Linear\(2880, 500\)/);
  assert.deepEqual(m.inputConstraints, ['H = W ∈ 28…29 (assumed equal)']);
  assert.equal(m.totalParams, 1_446_030n);
  assert.deepEqual(errors(m), []);
});

// ── Every model fixture with its input comment removed ───────────────────────────────────────────────────────
interface Expected { model: string; model_class: string; input_shape: number[]; output_shape: number[]; total_params: number; total_macs: number }

/** Fixtures where some layer's MACs are not one polynomial of the free sizes (no formula, never a wrong one). */
const NO_FORMULA: Record<string, string> = {
  conv1d_audio: 'an adaptive pool whose windows depend on the length',
};

/** The free sizes' values that make the symbolic input the fixture's input; undefined when they cannot. */
function bind(symbolic: Shape, concrete: readonly number[]): Record<string, number> | undefined {
  if (symbolic.length !== concrete.length) return undefined;
  const env: Record<string, number> = {};
  for (const [i, d] of symbolic.entries()) {
    if (isKnown(d)) { if (d !== concrete[i]) return undefined; continue; }
    const name = symbolName(exprOf(d));
    if (!name || (env[name] !== undefined && env[name] !== concrete[i])) return undefined;
    env[name] = concrete[i];
  }
  return env;
}

const at = (s: ShapeTree, env: Record<string, number>): unknown =>
  (isTuple(s) ? s.tuple.map((t) => (t === null ? null : at(t, env))) : s.map((d) => Number(evaluate(exprOf(d), env))));

const fixtures = fs.readdirSync(path.join(ROOT, 'test/fixtures/models')).filter((f) => f.endsWith('.py')).map((f) => f.slice(0, -3))
  .filter((f) => /^#\s*input\s*:/m.test(fs.readFileSync(path.join(ROOT, 'test/fixtures/models', `${f}.py`), 'utf8')));

test('at least a dozen model fixtures state their input in a comment', () => assert.ok(fixtures.length >= 12, `${fixtures.length}`));

for (const name of fixtures) {
  test(`${name}.py without its input comment: params complete, and the output and MACs equal PyTorch's at the fixture's input`, () => {
    const exp = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/models', `${name}.expected.json`), 'utf8')) as Expected;
    const a = analyze(fixture(name));
    const m = a.models.find((x) => x.name === exp.model) ?? a.models.find((x) => x.name === exp.model_class) ?? a.models.find((x) => x.root);
    assert.ok(m, `no model in ${name}`);
    assert.equal(m.totalParams, BigInt(exp.total_params), 'parameters');
    assert.deepEqual(errors(m), []);
    if (m.inputSource === 'tensor') {
      // the file still feeds the model a tensor: that input, and PyTorch's numbers for it
      assert.deepEqual(m.inputShape, exp.input_shape);
      assert.equal(m.totalCost.macs, BigInt(exp.total_macs));
      return;
    }
    assert.equal(m.inputSource, 'inferred', `input: ${m.inputSourceDetail}`);
    assert.ok(m.symbolicInput && m.symbolicOutput, 'a symbolic input and output');
    const env = bind(m.symbolicInput, exp.input_shape);
    assert.ok(env, `the fixture's input ${exp.input_shape} is an instance of ${shape(m.symbolicInput)}`);
    assert.deepEqual(at(m.symbolicOutput, env), exp.output_shape, `output ${shape(m.symbolicOutput)}`);
    if (NO_FORMULA[name]) assert.equal(m.symbolicMacs, undefined);
    else {
      assert.ok(m.symbolicMacs, 'a MACs formula');
      assert.equal(evaluate(m.symbolicMacs, env), BigInt(exp.total_macs), 'MACs formula at the fixture input');
    }
    // where the model pins the input (the fixture's sizes but the batch): the numbers at the chosen input are PyTorch's
    const chosen = m.inputShape!;
    if (chosen.slice(1).every((d, i) => d === exp.input_shape[i + 1]) && typeof chosen[0] === 'number') {
      assert.equal(m.totalCost.macs * BigInt(exp.input_shape[0]), BigInt(exp.total_macs) * BigInt(chosen[0]));
    }
  });
}

// ── Evidence in the project ──────────────────────────────────────────────────────────────────────────────────
const NET = `import torch
import torch.nn as nn

class SmallNet(nn.Module):
    def __init__(self, channels=3):
        super().__init__()
        self.conv = nn.Conv2d(channels, 8, 3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.conv(x)), 1))
`;

function inProject(files: Record<string, string>, modelPath = '/p/models/net.py', options: Partial<AnalysisOptions> = {}): ModelAnalysis {
  const all: Record<string, string> = { [modelPath]: files[modelPath] ?? NET, ...files };
  const project = new Project({
    root: '/p', read: (p) => all[p],
    list: (dir) => Object.keys(all).filter((p) => p.slice(0, p.lastIndexOf('/')) === dir).map((p) => p.slice(p.lastIndexOf('/') + 1)),
  }, OPTIONS);
  return model(analyze(all[modelPath], { path: modelPath, project, ...options }), 'SmallNet');
}

const TRAIN = (body: string) => `from models.net import SmallNet\nimport torchvision.transforms as transforms\nfrom torchvision import datasets\n${body}\nnet = SmallNet()\n`;

test('project evidence: a crop in the training script beats the dataset and the solved set', () => {
  const m = inProject({ '/p/train.py': TRAIN('t = transforms.Compose([transforms.Resize(256), transforms.RandomResizedCrop(96)])\nds = datasets.CIFAR10("data", transform=t)') });
  assert.equal(shape(m.inputShape), '(1, 3, 96, 96)');
  assert.equal(m.inputSource, 'inferred');
  assert.match(m.inputSourceDetail!, /^from transforms\.RandomResizedCrop\(96\) in train\.py/);
});

test('project evidence: a torchvision dataset gives channels and size; one whose channels do not fit is passed over', () => {
  const cifar = inProject({ '/p/train.py': TRAIN('ds = datasets.CIFAR10(root="data")') });
  assert.equal(shape(cifar.inputShape), '(1, 3, 32, 32)');
  assert.match(cifar.inputSourceDetail!, /^from datasets\.CIFAR10 \(3×32×32 images\) in train\.py/);
  const mnist = inProject({ '/p/train.py': TRAIN('ds = datasets.MNIST(root="data")') });
  assert.equal(shape(mnist.inputShape), '(1, 3, 28, 28)'); // 1-channel images do not fit Conv2d(3, …): the solved set chooses
  assert.doesNotMatch(mnist.inputSourceDetail!, /MNIST/);
});

test('project evidence: a tensor fed to the model in another script; scripts that do not import the model do not count', () => {
  const demo = inProject({ '/p/demo.py': 'import torch\nfrom models.net import SmallNet\nnet = SmallNet()\ny = net(torch.randn(2, 3, 64, 48))\n' });
  assert.equal(shape(demo.inputShape), '(2, 3, 64, 48)');
  assert.match(demo.inputSourceDetail!, /^from torch\.randn\(2, 3, 64, 48\) in demo\.py/);
  const other = inProject({ '/p/other.py': 'import torch\nfrom other_models import SmallNet\ny = SmallNet()(torch.randn(2, 3, 64, 48))\n' });
  assert.notEqual(shape(other.inputShape), '(2, 3, 64, 48)');
});

test('project evidence the model does not allow is passed over (a LeNet trained on Resize(64) images cannot be)', () => {
  const lenet = fixture('lenet5').replace('model = LeNet5()', '');
  const m = model(analyze(lenet, {
    path: '/p/lenet.py',
    project: new Project({ root: '/p', read: (p) => (p === '/p/train.py' ? 'from lenet import LeNet5\nimport torchvision.transforms as T\nT.Resize(64)\nLeNet5()\n' : p === '/p/lenet.py' ? lenet : undefined), list: () => ['lenet.py', 'train.py'] }, OPTIONS),
  }), 'LeNet5');
  assert.equal(shape(m.inputShape), '(1, 1, 32, 32)');
  assert.match(m.inputSourceDetail!, /^inferred from f6/);
});

test('the setting: used where the model allows it, passed over (with the solved size) where it does not', () => {
  const fits = model(analyze(NET, { defaultInputShape: [1, 3, 64, 64] }), 'SmallNet');
  assert.equal(fits.inputSource, 'setting');
  assert.equal(shape(fits.inputShape), '(1, 3, 64, 64)');
  const lenet = model(analyze(fixture('lenet5'), { defaultInputShape: [1, 1, 224, 224] }), 'model');
  assert.equal(lenet.inputSource, 'inferred');
  assert.equal(shape(lenet.inputShape), '(1, 1, 32, 32)');
  assert.deepEqual(errors(lenet), []);
});

test('a model no input size fits is an error with the nearest fit', () => {
  const m = model(analyze(fixture('lenet5').replace('nn.Linear(120, 84)', 'nn.Linear(100, 84)')), 'model');
  assert.equal(m.inputSource, 'symbolic');
  assert.deepEqual(errors(m), ['no-input-fits: No input size fits this model: view at line 25 gives 120·⌊(H − 28)/4⌋·⌊(W − 28)/4⌋; ' +
    'f6 = Linear(100, 84) needs 100, which no H = W gives; 120 would fit H = W ∈ 32…35']);
});

test('the model hover says where the input came from, what the model allows, and the MACs formula with its value', () => {
  const h = modelHover(model(analyze(fixture('lenet5')), 'model'), 'macs');
  assert.match(h, /Input \(1, 1, 32, 32\): inferred from f6 = Linear\(120, 84\)/);
  assert.match(h, /The model allows: H ∈ 32…35; W ∈ 32…35/);
  assert.match(h, /For any allowed input: `\(N, 1, H, W\) → \(N, 10\)`/);
  assert.match(h, /MACs = `30·N·\(.+\)` \(416,520 at the chosen input\)/);
});

test('several inputs: the comment names them, each goes to forward() by name; an input only passed through may stay unknown', () => {
  const code = `import torch
import torch.nn as nn

# input: x=(2, 3, 32, 32), labels=(2,) long
class CondNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.embed = nn.Embedding(10, 8)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x, labels, mask=None):
        h = self.pool(self.conv(x)).flatten(1)
        return self.fc(torch.cat([h, self.embed(labels)], dim=1))
`;
  const m = model(analyze(code), 'CondNet');
  assert.equal(shape(m.inputShape), '(2, 3, 32, 32)');
  assert.deepEqual(m.namedInputs, [{ name: 'x', shape: [2, 3, 32, 32] }, { name: 'labels', shape: [2], dtype: 'long' }]);
  assert.equal(shape(m.outputShape), '(2, 10)');
  assert.equal(m.totalCost.macs, 2n * 8n * 27n * 1024n + 2n * 160n);
  assert.deepEqual(errors(m), []);
  const bad = analyze(code.replace('labels=(2,) long', 'labels=two'));
  assert.deepEqual(bad.diagnostics.map((d) => d.code), ['input-comment']);
});

test('Set Input Shape offers the inferred input (with why) and the conventional sizes the model allows', () => {
  const lenet = inputChoices(model(analyze(fixture('lenet5')), 'model'));
  assert.deepEqual(lenet.map((c) => c.label), ['(1, 1, 32, 32)']); // 28 and 64 give another flatten size
  assert.match(lenet[0].description, /^inferred from f6/);
  const small = inputChoices(model(analyze(NET), 'SmallNet'));
  assert.deepEqual(small.map((c) => c.label), ['(1, 3, 28, 28)', '(1, 3, 32, 32)', '(1, 3, 64, 64)', '(1, 3, 224, 224)',
    '(1, 3, 256, 256)', '(1, 3, 299, 299)', '(1, 3, 384, 384)', '(1, 3, 512, 512)']);
  // an input the user stated: no choices, the input box opens with it
  assert.deepEqual(inputChoices(model(analyze(`# input: (1, 3, 8, 8)\n${NET}`), 'SmallNet')), []);
});

test('token ids into a sequence-first LSTM are (L, N); batch_first=True keeps (N, L)', () => {
  const seqFirst = model(analyze(fixture('bilstm_classifier')), 'model');
  assert.equal(shape(seqFirst.symbolicInput), '(L, N)');
  assert.equal(shape(seqFirst.inputShape), '(28, 1)');
  assert.equal(shape(seqFirst.symbolicOutput), '(N, 2)');
  const batchFirst = model(analyze(fixture('lstm_text_classifier')), 'model');
  assert.equal(shape(batchFirst.symbolicInput), '(N, L)');
});

test('no input fits only after an assumption not known to hold (reshape(-1, …) keeping the batch): an info, not an error', async () => {
  const { solveInput } = await import('../../src/analysis/python/inputSolve');
  const { eq, floorDiv, mul, symbol } = await import('../../src/engine/symbolic');
  const { dimOf } = await import('../../src/engine');
  const [H, W] = [symbol('H'), symbol('W')];
  const input = [dimOf(symbol('N')), 3, dimOf(H), dimOf(W)];
  const range = { start: { line: 3, character: 0 }, end: { line: 3, character: 10 } };
  // heads folded into the batch: ShapeLens assumed −1 kept it, a guess no input is known to satisfy
  const assumption = { constraint: eq(mul(H, W), mul(8, floorDiv(H, 8), floorDiv(W, 8)), { preferred: true }), range, label: 'q.reshape(-1, 32, nh, 8, nw, 8)' };
  // a size computed from that guess, which then no input gives
  const conflict = { constraint: eq(mul(2, H), mul(4, H)), range, label: 'out.view(B, C, H, W)' };
  const plain = solveInput(input, [conflict]);
  assert.ok(plain.conflict && !plain.conflict.after, 'without an assumption, the conflict is the model\'s');
  const guessed = solveInput(input, [assumption, conflict]);
  assert.equal(guessed.conflict?.after?.label, 'q.reshape(-1, 32, nh, 8, nw, 8)');
});

test('rows a stride leaves unread at an input ShapeLens chose are information, not a warning; at a stated input they warn', () => {
  const code = (input: string) => `import torch.nn as nn
${input}
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, stride=2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        return self.fc(self.pool(self.conv(x)).flatten(1))
`;
  const chosen = model(analyze(code('')), 'Net');
  assert.equal(chosen.inputSource, 'inferred');
  const at = (m: ModelAnalysis) => m.diagnostics.filter((d) => d.code === 'stride-not-exact');
  assert.ok(at(chosen).length > 0 && at(chosen).every((d) => d.severity === 'info' && /^At the input size ShapeLens chose: /.test(d.message)),
    JSON.stringify(at(chosen)));
  const stated = model(analyze(code('# input: (1, 3, 28, 28)')), 'Net');
  assert.ok(at(stated).length > 0 && at(stated).every((d) => d.severity === 'warning'), JSON.stringify(at(stated)));
});

test('project evidence: the input a torchsummary or torchinfo summary() is given, in the model\'s own file too; another object\'s summary() does not count', () => {
  const own = (call: string) => model(analyze(`${NET}\nfrom torchsummary import summary\nimport torchinfo\n\nnet = SmallNet()\n${call}\n`), 'net');
  const torchsummary = own('summary(net, (3, 96, 96))');
  assert.equal(shape(torchsummary.inputShape), '(1, 3, 96, 96)');
  assert.match(torchsummary.inputSourceDetail!, /^from summary\(…, \(3, 96, 96\)\) in /);
  assert.equal(shape(own('torchinfo.summary(net, input_size=(4, 3, 80, 64))').inputShape), '(4, 3, 80, 64)');
  assert.notEqual(shape(own('writer.summary(net, (3, 96, 96))').inputShape), '(1, 3, 96, 96)');
  // a training script that imports the model
  const m = inProject({ '/p/check.py': 'from models.net import SmallNet\nfrom torchsummary import summary\nsummary(SmallNet(), (3, 40, 40), device="cpu")\n' });
  assert.equal(shape(m.inputShape), '(1, 3, 40, 40)');
  assert.match(m.inputSourceDetail!, /^from summary\(…, \(3, 40, 40\)\) in check\.py/);
});
