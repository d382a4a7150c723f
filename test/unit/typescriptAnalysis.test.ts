// The TypeScript path (docs/typescript.md), form by form: PyTorch-style TypeScript must give exactly what its
// Python twin gives (shapes, parameters, MACs, diagnostics), with ranges, hints and fixes in the TypeScript text.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, DocumentAnalyzer, initParsers, type AnalysisOptions, type FileAnalysis, type ModelAnalysis } from '../../src/analysis';
import { formatShape, type ShapeTree } from '../../src/engine';
import { ROOT } from './support/process';

before(async () => {
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(ROOT, 'dist', 'tree-sitter', file))));
});

const OPTIONS: AnalysisOptions = { strict: false };
const ts = (code: string, options: AnalysisOptions = OPTIONS): FileAnalysis => analyzeText(code, 'typescript', options);
const py = (code: string, options: AnalysisOptions = OPTIONS): FileAnalysis => analyzeText(code, 'python', options);
const shape = (s: ShapeTree | undefined) => (s ? formatShape(s) : '?');

function modelOf(a: FileAnalysis, name: string): ModelAnalysis {
  const m = a.models.find((x) => x.name === name);
  assert.ok(m, `model ${name} not found; models: ${a.models.map((x) => x.name).join(', ') || 'none'}; ` +
    `diagnostics: ${a.diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}`).join(', ') || 'none'}`);
  return m;
}

/** Every record as `name type → shape · params · MACs`. */
const records = (m: ModelAnalysis) =>
  m.layers.map((l) => `${l.name} ${l.type} → ${shape(l.outputShape)} · ${l.params} · ${l.cost?.macs ?? '?'}`);

/** What must not differ between a model and its twin in the other language (positions excluded). */
function essence(m: ModelAnalysis) {
  return {
    name: m.name, root: m.root, input: shape(m.inputShape), source: m.inputSource, output: shape(m.outputShape),
    records: records(m), totals: [m.totalParams, m.trainableParams, m.totalCost.macs],
    annotations: m.annotations.map((a) => `${a.variable} ${shape(a.shape)} (${a.records.length} records)`),
    diagnostics: m.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message.replace(/line \d+/g, 'line #')} (fix: ${JSON.stringify(d.fix?.value)})`),
  };
}

const at = (p: { line: number; character: number }) => `${p.line}:${p.character}`;
const noInternalErrorsOnly = (a: FileAnalysis) => {
  const all = [...a.diagnostics, ...a.models.flatMap((m) => m.diagnostics)];
  assert.deepEqual(all.filter((d) => d.code === 'internal').map((d) => d.message), []);
};
const noInternalErrors = (a: FileAnalysis) => {
  const all = [...a.diagnostics, ...a.models.flatMap((m) => m.diagnostics)];
  assert.deepEqual(all.filter((d) => d.code === 'internal' || d.code === 'syntax').map((d) => d.message), []);
};

// ── The editor's TypeScript example ─────────────────────────────────────────────────────────────────────────
describe('test/e2e/workspace/lenet.ts (the real-VS-Code TS case)', () => {
  const text = () => fs.readFileSync(path.join(ROOT, 'test', 'e2e', 'workspace', 'lenet.ts'), 'utf8');

  test('declarations end at the closing parenthesis of the constructor call, records link to them', () => {
    const m = modelOf(ts(text()), 'LeNet');
    assert.deepEqual(m.declarations.map((d) => `${d.path} ${at(d.range.start)}-${at(d.range.end)}`), [
      'conv1 5:10-5:32', 'pool 6:9-6:28', 'conv2 7:10-7:74', 'fc1 8:8-8:38', 'fc2 9:8-9:30', 'fc3 10:8-10:29',
    ]);
    const modules = m.layers.filter((l) => l.kind === 'module');
    assert.deepEqual(modules.map((l) => `${l.name} ${at(l.declaration!.range.end)} → ${shape(l.outputShape)} · ${l.params} · ${l.cost?.macs}`), [
      'conv1 5:32 → (1, 6, 28, 28) · 156 · 117600',
      'pool 6:28 → (1, 6, 14, 14) · 0 · 0',
      'conv2 7:74 → (1, 16, 10, 10) · 2416 · 240000',
      'pool 6:28 → (1, 16, 5, 5) · 0 · 0',
      'fc1 8:38 → (1, 120) · 48120 · 48000',
      'fc2 9:30 → (1, 84) · 10164 · 10080',
      'fc3 10:29 → (1, 10) · 850 · 840',
    ]);
    assert.equal(m.totalParams, 61706n);
    assert.equal(m.totalCost.macs, 416520n);
    assert.equal(m.inputSource, 'comment');
  });

  test('forward hints go after the statement (its semicolon), like Python\'s end of statement', () => {
    const m = modelOf(ts(text()), 'LeNet');
    assert.deepEqual(m.annotations.map((a) => `${at(a.position)} ${a.variable} ${shape(a.shape)}`), [
      '13:40 x (1, 6, 14, 14)', '14:40 x (1, 16, 5, 5)', '15:21 x (1, 400)', '16:27 x (1, 120)', '17:27 x (1, 84)',
    ]);
  });
});

// ── Layers ──────────────────────────────────────────────────────────────────────────────────────────────────
describe('layer constructors', () => {
  test('with or without new, torch.nn.X, named imports, positional arguments: Conv2d(3, 64, 7, 2, 3)', () => {
    const a = ts(`import * as torch from 'js-pytorch';
import { Conv2d, nn } from 'js-pytorch';
// input: [1, 3, 224, 224]
export const a = new nn.Conv2d(3, 64, 7, 2, 3);
// input: [1, 3, 224, 224]
export const b = nn.Conv2d(3, 64, 7, 2, 3);
// input: [1, 3, 224, 224]
export const c = new torch.nn.Conv2d(3, 64, 7, 2, 3);
// input: [1, 3, 224, 224]
export const d = new Conv2d(3, 64, 7, 2, 3);
`);
    for (const name of ['a', 'b', 'c', 'd']) {
      // a model that is one layer is named by its type, as in Python
      assert.deepEqual(records(modelOf(a, name)), ['Conv2d Conv2d → (1, 64, 112, 112) · 9472 · 118013952'], name);
    }
  });

  test('options objects: camelCase and snake_case keys, shorthand, after positional arguments; arrays are tuples; true/false/null', () => {
    const m = modelOf(ts(`const nn = torch.nn;
const stride = 2;
// input: [2, 3, 31, 31]
class Opts extends nn.Module {
  constructor() {
    super();
    this.a = new nn.Conv2d({ inChannels: 3, outChannels: 8, kernelSize: [3, 5], stride, padding: [1, 2], bias: false });
    this.b = new nn.Conv2d({ in_channels: 8, out_channels: 8, kernel_size: 1 });
    this.c = new nn.Conv2d(8, 4, { kernelSize: 3, padding: 1, dilation: 1, groups: 2 });
    this.pool = new nn.MaxPool2d(2, null);
    this.norm = new nn.BatchNorm2d({ numFeatures: 4, affine: true, trackRunningStats: false });
  }
  forward(x) {
    return this.norm.forward(this.pool.forward(this.c.forward(this.b.forward(this.a.forward(x)))));
  }
}
`), 'Opts');
    assert.deepEqual(records(m), [
      'a Conv2d → (2, 8, 16, 16) · 360 · 184320',
      'b Conv2d → (2, 8, 16, 16) · 72 · 32768',
      'c Conv2d → (2, 4, 16, 16) · 148 · 73728',
      'pool MaxPool2d → (2, 4, 8, 8) · 0 · 0',
      'norm BatchNorm2d → (2, 4, 8, 8) · 8 · 0',
    ]);
    assert.deepEqual(m.diagnostics, []);
  });

  test('js-pytorch\'s nn.Linear(in_size, out_size, device, bias, xavier): its own order, and b created even with bias=false', () => {
    const m = modelOf(ts(`const { torch } = require('js-pytorch');
const nn = torch.nn;
const device = 'cpu';
// input: [3, 32]
export const head = new nn.Sequential(new nn.Linear(32, 10, device), new nn.Linear(10, 4, 'gpu', false, false), new nn.ReLU());
`), 'head');
    assert.deepEqual(records(m), ['0 js-pytorch.Linear → (3, 10) · 330 · 960', '1 js-pytorch.Linear → (3, 4) · 44 · 120', '2 ReLU → (3, 4) · 0 · 0']);
    assert.deepEqual(m.diagnostics, []);
  });

  test('without js-pytorch, a positional device is PyTorch\'s device keyword (the arguments after it keep PyTorch\'s order)', () => {
    const m = modelOf(ts(`import * as torch from './torch-shim';
const nn = torch.nn;
const device = 'cpu';
// input: [3, 32]
export const head = new nn.Sequential(new nn.Linear(32, 10, device), new nn.Linear(10, 4, 'gpu', false), new nn.ReLU());
`), 'head');
    assert.deepEqual(records(m), ['0 Linear → (3, 10) · 330 · 960', '1 Linear → (3, 4) · 40 · 120', '2 ReLU → (3, 4) · 0 · 0']);
    assert.deepEqual(m.diagnostics, []);
  });

  test('an option the layer does not have is reported by the engine, with the PyTorch name', () => {
    const m = modelOf(ts(`// input: [1, 4]
export const net = new nn.Sequential(new nn.Linear({ inFeatures: 4, outFeatures: 2, kernelSize: 3 }));
`), 'net');
    assert.equal(m.diagnostics.length, 1);
    assert.match(m.diagnostics[0].message, /kernel_size/);
    assert.equal(m.diagnostics[0].range.start.line, 1);
  });
});

// ── Models ──────────────────────────────────────────────────────────────────────────────────────────────────
describe('models', () => {
  test('class fields (typed, readonly), constructor assignments after super(), parameters with defaults, module-level consts', () => {
    const a = ts(`import { torch } from 'js-pytorch';
const nn = torch.nn;
const HIDDEN = 16 * 2;

class Mlp extends nn.Module {
  readonly fc1: nn.Linear = new nn.Linear(8, HIDDEN);
  act = new nn.ReLU();
  fc2: nn.Linear;
  constructor(private readonly classes: number = 10, extra = 2) {
    super();
    this.fc2 = new nn.Linear(HIDDEN, this.classes * extra);
  }
  forward(x) {
    return this.fc2.forward(this.act.forward(this.fc1.forward(x)));
  }
}

// input: [5, 8]
export const small = new Mlp(3);
// input: [5, 8]
export const big = new Mlp();
`);
    assert.deepEqual(records(modelOf(a, 'small')), ['fc1 js-pytorch.Linear → (5, 32) · 288 · 1280', 'act ReLU → (5, 32) · 0 · 0', 'fc2 js-pytorch.Linear → (5, 6) · 198 · 960']);
    assert.deepEqual(records(modelOf(a, 'big')), ['fc1 js-pytorch.Linear → (5, 32) · 288 · 1280', 'act ReLU → (5, 32) · 0 · 0', 'fc2 js-pytorch.Linear → (5, 20) · 660 · 3200']);
    assert.equal(modelOf(a, 'Mlp').root, false); // model variables are the roots
  });

  test('for loops over ranges and arrays build layers (push, spread into Sequential, ModuleList)', () => {
    const m = modelOf(ts(`const nn = torch.nn;
const WIDTHS = [8, 16, 32];
// input: [1, 3, 32, 32]
class Tower extends nn.Module {
  constructor(depth = 2) {
    super();
    const layers = [];
    let c = 3;
    for (const w of WIDTHS) {
      layers.push(new nn.Conv2d(c, w, 3, 2, 1), new nn.ReLU());
      c = w;
    }
    this.down = new nn.Sequential(...layers);
    this.blocks = new nn.ModuleList();
    for (let i = 0; i < depth; i++) this.blocks.push(new nn.Conv2d(c, c, 1));
    for (let i = depth; i >= 1; i -= 1) this.blocks.push(new nn.Identity());
  }
  forward(x) {
    x = this.down.forward(x);
    for (const b of this.blocks) x = b.forward(x);
    return x.mean([2, 3]);
  }
}
`), 'Tower');
    assert.deepEqual(records(m).map((r) => r.split(' · ')[0]), [
      'down.0 Conv2d → (1, 8, 16, 16)', 'down.1 ReLU → (1, 8, 16, 16)', 'down.2 Conv2d → (1, 16, 8, 8)', 'down.3 ReLU → (1, 16, 8, 8)',
      'down.4 Conv2d → (1, 32, 4, 4)', 'down.5 ReLU → (1, 32, 4, 4)', 'blocks.0 Conv2d → (1, 32, 4, 4)', 'blocks.1 Conv2d → (1, 32, 4, 4)',
      'blocks.2 Identity → (1, 32, 4, 4)', 'blocks.3 Identity → (1, 32, 4, 4)', 'Tensor.mean mean → (1, 32)',
    ]);
    assert.equal(m.totalParams, 224n + 1168n + 4640n + 2n * 1056n);
  });

  test('module-level Sequential: entries named by position, or by key from an object (like an OrderedDict)', () => {
    const a = ts(`// input: [4, 10]
export const byPosition = new nn.Sequential(new nn.Linear(10, 5), new nn.Tanh(), new nn.Linear(5, 1));
// input: [4, 10]
export const byName = new nn.Sequential({ hidden: new nn.Linear(10, 5), act: new nn.Tanh(), out: new nn.Linear(5, 1) });
`);
    assert.deepEqual(records(modelOf(a, 'byPosition')), ['0 Linear → (4, 5) · 55 · 200', '1 Tanh → (4, 5) · 0 · 0', '2 Linear → (4, 1) · 6 · 20']);
    assert.deepEqual(records(modelOf(a, 'byName')), ['hidden Linear → (4, 5) · 55 · 200', 'act Tanh → (4, 5) · 0 · 0', 'out Linear → (4, 1) · 6 · 20']);
  });

  test('config objects, destructured constructor options, Math, a Sequential subclass, an arrow forward, require()', () => {
    const a = ts(`const { torch } = require('js-pytorch');
const nn = torch.nn;
const cfg = { width: 8, classes: 3 };

class Stack extends nn.Sequential {
  constructor(w: number) {
    super(new nn.Linear(4, w), new nn.ReLU(), new nn.Linear(w, Math.floor(w / 3)));
  }
}
export const stack = new Stack(cfg.width + 1);

class Head extends nn.Module {
  constructor({ inF, outF = cfg.width }: { inF: number; outF?: number }) {
    super();
    this.fc = new nn.Linear(inF, outF);
    this.out = new nn.Linear(outF, cfg.classes);
  }
  forward = (x) => this.out.forward(this.fc.forward(x).relu());
}
export const head = new Head({ inF: 4 });
stack.forward(torch.randn([5, 4], true));
head.forward(torch.randn([6, 4], false, 'cpu'));
`);
    noInternalErrors(a);
    assert.deepEqual(records(modelOf(a, 'stack')), ['0 js-pytorch.Linear → (5, 9) · 45 · 180', '1 ReLU → (5, 9) · 0 · 0', '2 js-pytorch.Linear → (5, 3) · 30 · 135']);
    assert.deepEqual(records(modelOf(a, 'head')), ['fc js-pytorch.Linear → (6, 8) · 40 · 192', 'Tensor.relu relu → (6, 8) · 0 · 0', 'out js-pytorch.Linear → (6, 3) · 27 · 144']);
    assert.equal(modelOf(a, 'head').inputSource, 'tensor');
  });

  test('frozen parameters: p.requiresGrad = false over .parameters(), .requiresGrad_(false)', () => {
    const m = modelOf(ts(`// input: [2, 4]
class Frozen extends nn.Module {
  constructor() {
    super();
    this.a = new nn.Linear(4, 4);
    this.b = new nn.Linear(4, 4);
    this.c = new nn.Linear(4, 2);
    for (const p of this.a.parameters()) p.requiresGrad = false;
    this.b.requiresGrad_(false);
  }
  forward(x) { return this.c.forward(this.b.forward(this.a.forward(x))); }
}
`), 'Frozen');
    assert.deepEqual([m.totalParams, m.trainableParams], [50n, 10n]);
    assert.deepEqual(m.declarations.map((d) => `${d.path} ${d.frozen}`), ['a true', 'b true', 'c false']);
  });

  test('arrow-function helpers at module level and a factory function', () => {
    const a = ts(`// input: [2, 3, 16, 16]
const convBn = (cin: number, cout: number) => new nn.Sequential(new nn.Conv2d(cin, cout, 3, 1, 1, 1, 1, false), new nn.BatchNorm2d(cout));
class Body extends nn.Module {
  stem = convBn(3, 8);
  forward(x) { return torch.relu(this.stem.forward(x)); }
}
export function body() { return new Body(); }
`);
    const m = modelOf(a, 'body');
    assert.equal(m.root, true);
    assert.deepEqual(records(m), ['stem.0 Conv2d → (2, 8, 16, 16) · 216 · 110592', 'stem.1 BatchNorm2d → (2, 8, 16, 16) · 16 · 0', 'torch.relu relu → (2, 8, 16, 16) · 0 · 0']);
  });
});

// ── forward() ───────────────────────────────────────────────────────────────────────────────────────────────
describe('forward()', () => {
  test('module calls, tensor methods, functional ops, residual adds, sizes', () => {
    const m = modelOf(ts(`const nn = torch.nn;
// input: [2, 4, 8, 8]
class Res extends nn.Module {
  conv = new nn.Conv2d(4, 4, 3, 1, 1);
  fc = new nn.Linear(8, 3);
  forward(x) {
    const y = this.conv(x).relu();
    let z = x.add(y);
    z = torch.add(z, this.conv.forward(y));
    z = F.relu(z + y);
    z = torch.cat([z, y], 1);
    const n = z.size(0);
    const t = z.permute(0, 2, 3, 1).transpose(1, 2).reshape(n, 64, -1);
    const u = t.unsqueeze(0).squeeze(0).mean({ dim: 1 });
    const f = torch.flatten(z, 2).view(z.shape[0], 8, 64);
    return this.fc.forward(u);
  }
}
`), 'Res');
    assert.deepEqual(records(m), [
      'conv Conv2d → (2, 4, 8, 8) · 148 · 18432',
      'Tensor.relu relu → (2, 4, 8, 8) · 0 · 0',
      'Tensor.add add → (2, 4, 8, 8) · 0 · 0',
      'conv Conv2d → (2, 4, 8, 8) · 0 · 18432',
      'torch.add add → (2, 4, 8, 8) · 0 · 0',
      'torch.add add → (2, 4, 8, 8) · 0 · 0',
      'F.relu relu → (2, 4, 8, 8) · 0 · 0',
      'torch.cat cat → (2, 8, 8, 8) · 0 · 0',
      'Tensor.permute permute → (2, 8, 8, 8) · 0 · 0',
      'Tensor.transpose transpose → (2, 8, 8, 8) · 0 · 0',
      'Tensor.reshape reshape → (2, 64, 8) · 0 · 0',
      'Tensor.unsqueeze unsqueeze → (1, 2, 64, 8) · 0 · 0',
      'Tensor.squeeze squeeze → (2, 64, 8) · 0 · 0',
      'Tensor.mean mean → (2, 8) · 0 · 0',
      'torch.flatten flatten → (2, 8, 64) · 0 · 0',
      'Tensor.view view → (2, 8, 64) · 0 · 0',
      'fc Linear → (2, 3) · 27 · 48',
    ]);
    assert.equal(shape(m.outputShape), '(2, 3)');
    // hints after the statements that produce tensors (not after `const n = z.size(0)`)
    assert.deepEqual(m.annotations.map((a) => `${a.position.line}:${a.variable} ${shape(a.shape)}`), [
      '6:y (2, 4, 8, 8)', '7:z (2, 4, 8, 8)', '8:z (2, 4, 8, 8)', '9:z (2, 4, 8, 8)', '10:z (2, 8, 8, 8)',
      '12:t (2, 64, 8)', '13:u (2, 8)', '14:f (2, 8, 64)',
    ]);
  });

  test('ModuleDict heads walked with Object.entries, outputs collected with push and joined by torch.cat', () => {
    const m = modelOf(ts(`// input: [2, 4]
class Heads extends nn.Module {
  heads = new nn.ModuleDict({ a: new nn.Linear(4, 2), b: new nn.Linear(4, 3) });
  forward(x) {
    const outs = [];
    for (const [name, head] of Object.entries(this.heads)) outs.push(head.forward(x));
    return torch.cat(outs, 1);
  }
}
`), 'Heads');
    assert.deepEqual(records(m), ['heads.a Linear → (2, 2) · 10 · 16', 'heads.b Linear → (2, 3) · 15 · 24', 'torch.cat cat → (2, 5) · 0 · 0']);
  });

  test('a submodule of the file\'s own class runs its forward; a module called twice counts its parameters once', () => {
    const m = modelOf(ts(`class Block extends nn.Module {
  constructor(c: number) { super(); this.conv = new nn.Conv2d(c, c, 3, 1, 1); }
  forward(x) { return this.conv.forward(x).relu(); }
}
// input: [1, 2, 4, 4]
class Twice extends nn.Module {
  block = new Block(2);
  forward(x) { return this.block.forward(this.block.forward(x)); }
}
`), 'Twice');
    assert.deepEqual(records(m), [
      'block.conv Conv2d → (1, 2, 4, 4) · 38 · 576', 'Tensor.relu relu → (1, 2, 4, 4) · 0 · 0',
      'block.conv Conv2d → (1, 2, 4, 4) · 0 · 576', 'Tensor.relu relu → (1, 2, 4, 4) · 0 · 0',
    ]);
    assert.equal(m.totalParams, 38n);
  });
});

// ── Input shape ─────────────────────────────────────────────────────────────────────────────────────────────
describe('input shape', () => {
  const net = (header: string, footer = '') => `${header}
class Net extends nn.Module {
  fc = new nn.Linear(6, 2);
  forward(x) { return this.fc.forward(x); }
}
${footer}`;
  const input = (a: FileAnalysis, name = 'Net') => `${shape(modelOf(a, name).inputShape)} ${modelOf(a, name).inputSource}`;

  test('comment forms: [..], (..), AxB, /* */, above the class, on the first line of its body', () => {
    assert.equal(input(ts(net('// input: [3, 6]'))), '(3, 6) comment');
    assert.equal(input(ts(net('// input: (4, 6)'))), '(4, 6) comment');
    assert.equal(input(ts(net('// input: 5x6\n'))), '(5, 6) comment'); // file level (a blank line between)
    assert.equal(input(ts(net('/* input: 7x6 */'))), '(7, 6) comment');
    assert.equal(input(ts(net('').replace('{\n  fc', '{\n  // input: [8, 6]\n  fc'))), '(8, 6) comment');
  });

  test('a comment above a model variable or on its line; a tensor passed to forward(); the setting; symbolic', () => {
    assert.equal(input(ts(net('', '// input: [2, 6]\nexport const m = new Net();')), 'm'), '(2, 6) comment');
    assert.equal(input(ts(net('', 'export const m = new Net(); // input: [9, 6]')), 'm'), '(9, 6) comment');
    assert.equal(input(ts(net('', 'const m = new Net();\nconst y = m.forward(torch.randn([3, 6]));')), 'm'), '(3, 6) tensor');
    assert.equal(input(ts(net('', 'const m = new Net();\nm.forward(torch.randn(4, 6));')), 'm'), '(4, 6) tensor');
    assert.equal(input(ts(net(''), { strict: false, defaultInputShape: [11, 6] })), '(11, 6) setting');
    assert.equal(input(ts(net(''))), '(1, 6) inferred');
  });

  test('an unreadable input comment is a warning on the comment', () => {
    const a = ts(net('// input: [1, a, 6]'));
    assert.deepEqual(a.diagnostics.map((d) => `${d.code} ${d.range.start.line}`), ['input-comment 0']);
  });
});

// ── Diagnostics and fixes ───────────────────────────────────────────────────────────────────────────────────
describe('diagnostics land on the TypeScript, with fixes in TypeScript spelling', () => {
  const code = `import { torch } from 'js-pytorch';
const nn = torch.nn;

// input: [4, 1, 28, 28]
class Mnist extends nn.Module {
  conv1 = new nn.Conv2d(1, 10, 5);
  conv2 = new nn.Conv2d({ inChannels: 10, outChannels: 20, kernelSize: 5 });
  fc1 = new nn.Linear({ inFeatures: 2800, outFeatures: 50 });
  fc2 = new nn.Linear(60, 10);

  forward(x) {
    x = torch.relu(torch.max_pool2d(this.conv1.forward(x), 2));
    x = torch.relu(torch.max_pool2d(this.conv2.forward(x), 2));
    x = torch.flatten(x, 1);
    x = torch.relu(this.fc1.forward(x));
    return this.fc2.forward(x);
  }
}
`;

  test('Linear in_features: on the failing call, the fix replaces the value of the inFeatures: key', () => {
    const m = modelOf(ts(code), 'Mnist');
    assert.equal(m.diagnostics.length, 1);
    const d = m.diagnostics[0];
    assert.equal(d.code, 'linear-in-features');
    assert.equal(d.message, 'Linear expects 2,800 input features but receives 320 = 20·4·4 (flatten at line 14)');
    assert.deepEqual([at(d.range.start), at(d.range.end)], ['14:19', '14:38']); // this.fc1.forward(x)
    assert.equal(d.fix!.title, 'Set inFeatures to 320');
    assert.deepEqual(d.fix!.edits.map((e) => `${at(e.range.start)}-${at(e.range.end)} ${e.newText}`), ['7:36-7:40 320']);
  });

  test('after that fix, the positional in_features of the next Linear: the fix replaces the argument', () => {
    const m = modelOf(ts(code.replace('inFeatures: 2800', 'inFeatures: 320')), 'Mnist');
    assert.equal(m.diagnostics.length, 1);
    const d = m.diagnostics[0];
    assert.deepEqual([d.code, d.range.start.line], ['linear-in-features', 15]);
    assert.deepEqual(d.fix!.edits.map((e) => `${at(e.range.start)}-${at(e.range.end)} ${e.newText}`), ['8:22-8:24 50']);
  });

  test('conv channels from a shorthand option: the fix writes the key', () => {
    const m = modelOf(ts(`// input: [1, 3, 8, 8]
class Short extends nn.Module {
  constructor(inChannels = 4) {
    super();
    this.conv = new nn.Conv2d({ inChannels, outChannels: 8, kernelSize: 3 });
  }
  forward(x) { return this.conv.forward(x); }
}
`), 'Short');
    const d = m.diagnostics[0];
    assert.deepEqual([d.code, d.range.start.line], ['conv-in-channels', 6]);
    assert.deepEqual(d.fix!.edits.map((e) => `${at(e.range.start)}-${at(e.range.end)} ${e.newText}`), ['4:32-4:42 inChannels: 3']);
  });

  test('an argument that is not written yet goes into the options object, or a new one', () => {
    const a = ts(`// input: [4, 10, 16]
class Att extends nn.Module {
  constructor() {
    super();
    this.a = new nn.MultiheadAttention({ embedDim: 16, numHeads: 2, batchFirst: true });
    this.b = new nn.MultiheadAttention(16, 2);
  }
  forward(x) {
    const k = torch.randn([4, 10, 8]);
    const [y, w] = this.a.forward(x, k, k);
    const [z, v] = this.b.forward(x, k, k);
    return y;
  }
}
`);
    const fixes = modelOf(a, 'Att').diagnostics.map((d) => `${d.code} ${d.fix!.title}: ${d.fix!.edits.map((e) => `${at(e.range.start)} ${JSON.stringify(e.newText)}`).join()}`);
    assert.deepEqual(fixes, ['attention-kdim Set kdim to 8: 4:84 ", kdim: 8"', 'attention-kdim Set kdim to 8: 5:44 ", { kdim: 8 }"']);
  });

  test('view(-1, N) that silently changes the batch: an error with the per-sample count as the fix', () => {
    const m = modelOf(ts(`// input: [64, 20, 12, 12]
class Flat extends nn.Module {
  forward(x) {
    x = x.view(-1, 320);
    return x;
  }
}
`), 'Flat');
    const d = m.diagnostics[0];
    assert.deepEqual([d.code, d.range.start.line], ['view-batch-change', 3]);
    assert.deepEqual(d.fix!.edits.map((e) => `${at(e.range.start)}-${at(e.range.end)} ${e.newText}`), ['3:19-3:22 2880']);
  });
});

// ── The same numbers as the Python twin ─────────────────────────────────────────────────────────────────────
describe('a TypeScript model and its Python twin give the same analysis', () => {
  const twins: [string, string, string][] = [
    ['residual block with options objects', `import torch
import torch.nn as nn
import torch.nn.functional as F

# input: (2, 16, 8, 8)
class Block(nn.Module):
    expansion = 1

    def __init__(self, planes=16, stride=2):
        super().__init__()
        self.conv1 = nn.Conv2d(planes, planes * 2, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes * 2)
        self.short = nn.Sequential()
        if stride != 1:
            self.short = nn.Sequential(nn.Conv2d(planes, planes * 2, kernel_size=1, stride=stride, bias=False), nn.BatchNorm2d(planes * 2))

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = out + self.short(x)
        out = out.view(out.size(0), -1)
        return out
`, `import { torch } from 'js-pytorch';
const nn = torch.nn;

// input: [2, 16, 8, 8]
class Block extends nn.Module {
  static expansion = 1;

  constructor(planes = 16, stride = 2) {
    super();
    this.conv1 = new nn.Conv2d({ inChannels: planes, outChannels: planes * 2, kernelSize: 3, stride, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(planes * 2);
    this.short = new nn.Sequential();
    if (stride !== 1) {
      this.short = new nn.Sequential(new nn.Conv2d({ inChannels: planes, outChannels: planes * 2, kernelSize: 1, stride, bias: false }), new nn.BatchNorm2d(planes * 2));
    }
  }

  forward(x) {
    let out = torch.relu(this.bn1.forward(this.conv1.forward(x)));
    out = out + this.short.forward(x);
    out = out.view(out.size(0), -1);
    return out;
  }
}
`],
    ['a bug: Linear after flatten', `import torch.nn as nn

# input: (8, 3, 32, 32)
class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(6 * 5 * 5, 10)

    def forward(self, x):
        x = self.pool(self.conv(x).relu())
        x = x.flatten(1)
        return self.fc(x)

net = Cnn()
`, `const nn = torch.nn;

// input: [8, 3, 32, 32]
class Cnn extends nn.Module {
  constructor() {
    super();
    this.conv = new nn.Conv2d(3, 6, 5);
    this.pool = new nn.MaxPool2d(2);
    this.fc = new nn.Linear(6 * 5 * 5, 10);
  }
  forward(x) {
    x = this.pool.forward(this.conv.forward(x).relu());
    x = x.flatten(1);
    return this.fc.forward(x);
  }
}
export const net = new Cnn();
`],
    ['a bug: torch.cat of 14 and 15 (bugs/cat_mismatch.py)', `import torch
import torch.nn as nn
import torch.nn.functional as F

# input: (1, 3, 60, 60)
class TinyUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc1 = nn.Conv2d(3, 16, 3, padding=1)
        self.enc2 = nn.Conv2d(16, 32, 3, padding=1)
        self.enc3 = nn.Conv2d(32, 64, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.up = nn.ConvTranspose2d(64, 32, 2, stride=2)
        self.dec = nn.Conv2d(64, 32, 3, padding=1)
        self.out = nn.Conv2d(32, 1, 1)

    def forward(self, x):
        e1 = F.relu(self.enc1(x))
        e2 = F.relu(self.enc2(self.pool(e1)))
        e3 = F.relu(self.enc3(self.pool(e2)))
        d = self.up(self.pool(e3))
        d = torch.cat([d, self.pool(e2)], dim=1)
        d = F.relu(self.dec(d))
        return self.out(d)
`, `import { torch } from 'js-pytorch';
const nn = torch.nn;
const F = nn.functional;

// input: [1, 3, 60, 60]
class TinyUNet extends nn.Module {
  constructor() {
    super();
    this.enc1 = new nn.Conv2d(3, 16, 3, { padding: 1 });
    this.enc2 = new nn.Conv2d(16, 32, 3, { padding: 1 });
    this.enc3 = new nn.Conv2d(32, 64, 3, { padding: 1 });
    this.pool = new nn.MaxPool2d(2);
    this.up = new nn.ConvTranspose2d(64, 32, 2, { stride: 2 });
    this.dec = new nn.Conv2d(64, 32, 3, { padding: 1 });
    this.out = new nn.Conv2d(32, 1, 1);
  }
  forward(x) {
    const e1 = F.relu(this.enc1.forward(x));
    const e2 = F.relu(this.enc2.forward(this.pool.forward(e1)));
    const e3 = F.relu(this.enc3.forward(this.pool.forward(e2)));
    let d = this.up.forward(this.pool.forward(e3));
    d = torch.cat([d, this.pool.forward(e2)], { dim: 1 });
    d = F.relu(this.dec.forward(d));
    return this.out.forward(d);
  }
}
`],
    ['a bug: groups that do not divide the channels (bugs/groups_not_dividing.py)', `import torch.nn as nn

# input: (1, 3, 64, 64)
class SeparableNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 32, 3, stride=2, padding=1)
        self.depthwise = nn.Conv2d(32, 32, 3, padding=1, groups=3)
        self.pointwise = nn.Conv2d(32, 64, 1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.stem(x)
        x = self.pointwise(self.depthwise(x))
        x = self.pool(x).flatten(1)
        return self.fc(x)
`, `// input: [1, 3, 64, 64]
class SeparableNet extends nn.Module {
  stem = new nn.Conv2d(3, 32, 3, { stride: 2, padding: 1 });
  depthwise = new nn.Conv2d({ inChannels: 32, outChannels: 32, kernelSize: 3, padding: 1, groups: 3 });
  pointwise = new nn.Conv2d(32, 64, 1);
  pool = new nn.AdaptiveAvgPool2d(1);
  fc = new nn.Linear(64, 10);

  forward(x) {
    x = this.stem.forward(x);
    x = this.pointwise.forward(this.depthwise.forward(x));
    x = this.pool.forward(x).flatten(1);
    return this.fc.forward(x);
  }
}
`],
    ['a bug: view with the wrong feature count (bugs/view_numel.py)', `import torch.nn as nn
import torch.nn.functional as F

# input: (4, 3, 32, 32)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 6 * 6, 120)
        self.fc2 = nn.Linear(120, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(x.size(0), 16 * 6 * 6)
        x = F.relu(self.fc1(x))
        return self.fc2(x)
`, `// input: [4, 3, 32, 32]
class Net extends nn.Module {
  conv1 = new nn.Conv2d(3, 6, 5);
  conv2 = new nn.Conv2d(6, 16, 5);
  fc1 = new nn.Linear(16 * 6 * 6, 120);
  fc2 = new nn.Linear(120, 10);

  forward(x) {
    x = F.max_pool2d(F.relu(this.conv1.forward(x)), 2);
    x = F.max_pool2d(F.relu(this.conv2.forward(x)), 2);
    x = x.view(x.size(0), 16 * 6 * 6);
    x = F.relu(this.fc1.forward(x));
    return this.fc2.forward(x);
  }
}
`],
    ['a bug: LSTM input size (bugs/lstm_input_size.py)', `import torch.nn as nn

# input: (16, 40)
class Tagger(nn.Module):
    def __init__(self, vocab_size=1000, embed_dim=128, hidden_dim=64, num_tags=9):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(100, hidden_dim, batch_first=True)
        self.out = nn.Linear(hidden_dim, num_tags)

    def forward(self, tokens):
        x = self.embed(tokens)
        x = self.lstm(x)[0]
        return self.out(x)
`, `// input: [16, 40]
class Tagger extends nn.Module {
  constructor(vocabSize = 1000, embedDim = 128, hiddenDim = 64, numTags = 9) {
    super();
    this.embed = new nn.Embedding(vocabSize, embedDim);
    this.lstm = new nn.LSTM(100, hiddenDim, { batchFirst: true });
    this.out = new nn.Linear(hiddenDim, numTags);
  }
  forward(tokens) {
    let x = this.embed.forward(tokens);
    x = this.lstm.forward(x)[0];
    return this.out.forward(x);
  }
}
`],
    ['Sequential built in a loop, symbolic input', `import torch.nn as nn
layers = []
for i in range(3):
    layers.append(nn.Linear(4, 4))
    layers.append(nn.ReLU())
model = nn.Sequential(*layers)
`, `const layers = [];
for (let i = 0; i < 3; i++) {
  layers.push(new nn.Linear(4, 4));
  layers.push(new nn.ReLU());
}
const model = new nn.Sequential(...layers);
`],
  ];
  for (const [what, python, typescript] of twins) {
    test(what, () => {
      const p = py(python);
      const t = ts(typescript);
      noInternalErrors(t);
      assert.ok(p.models.length > 0);
      if (what.startsWith('a bug')) assert.ok(p.models.some((m) => m.diagnostics.some((d) => d.severity === 'error')), 'the Python twin has its error');
      assert.deepEqual(t.models.map(essence), p.models.map(essence));
    });
  }

  test('the same with a CLI input override and strict mode', () => {
    const [, python, typescript] = twins[0];
    const options: AnalysisOptions = { strict: true, inputShape: [1, 16, 7, 7] };
    assert.deepEqual(ts(typescript, options).models.map(essence), py(python, options).models.map(essence));
  });
});

// ── Robustness and incremental updates ──────────────────────────────────────────────────────────────────────
describe('robustness', () => {
  test('unsupported and broken code stays unknown without internal errors', () => {
    const a = ts(`const nn = torch.nn;
interface Config { width: number }
type T = number;
enum Kind { A, B }
// input: [2, 4]
class Odd extends nn.Module {
  get width(): number { return 4; }
  fc = new nn.Linear(4, 2);
  head = new nn.Frobnicate(3);
  forward(x) {
    const fns = [1, 2].map((i) => i * 2);
    const s = \`\${x}\`;
    x = this.fc.forward(x);
    x = this.head.forward(x);
    return x;
  }
}
`);
    noInternalErrors(a);
    const m = modelOf(a, 'Odd');
    assert.deepEqual(records(m).map((r) => r.split(' · ')[0]), ['fc Linear → (2, 2)', 'head Frobnicate → ?']);
    assert.ok(m.diagnostics.some((d) => d.code === 'unknown-layer' && d.range.start.line === 8));
  });

  test('a syntax error in one class leaves the next class analysed', () => {
    const a = ts(`// input: [1, 4]
class A extends nn.Module {
  fc = new nn.Linear(4, 2;
  forward(x) { return this.fc.forward(x); }
}
// input: [1, 4]
class B extends nn.Module {
  fc = new nn.Linear(4, 3);
  forward(x) { return this.fc.forward(x); }
}
`);
    assert.equal(shape(modelOf(a, 'B').outputShape), '(1, 3)');
  });

  test('unbalanced braces that scatter the following classes: they are parsed again and come back whole', () => {
    const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'models-ts', 'unet.ts'), 'utf8').split('\n');
    const at = text.findIndex((l) => l.includes('new nn.ReLU({ inplace: true })'));
    text.splice(at + 1, 0, '    if (x) {{');
    const a = ts(text.join('\n'));
    noInternalErrorsOnly(a);
    // Down and Up need arguments: they come back as the blocks UNet builds (not as models of their own)
    assert.deepEqual(a.models.map((m) => m.name), ['UNet']);
    const paths = a.models[0].layers.map((l) => l.name);
    assert.ok(paths.some((p) => p.startsWith('down')) && paths.some((p) => p.startsWith('up')), paths.join(', '));
    assert.ok(a.diagnostics.some((d) => d.code === 'syntax' && d.range.start.line === at + 1));
  });

  test('a loop whose variable never moves stops the analysis there instead of running thousands of times', () => {
    const m = modelOf(ts(`// input: [1, 4, 8, 8]
class Spin extends nn.Module {
  conv = new nn.Conv2d(4, 4, 3, 1, 1);
  forward(x) {
    x = this.conv.forward(x);
    for (let i = 0; i < 3; j++) x = this.conv.forward(x);
    for (let k = 0; k < 3; k--) x = this.conv.forward(x);
    return x;
  }
}
`), 'Spin');
    assert.deepEqual(records(m), ['conv Conv2d → (1, 4, 8, 8) · 148 · 9216']);
    assert.equal(m.outputShape, undefined);
  });

  test('DocumentAnalyzer: an edit re-analyses with the new numbers; unchanged statements keep their results', () => {
    const doc = new DocumentAnalyzer('typescript', OPTIONS);
    try {
      const text = `// input: [1, 4]
class A extends nn.Module {
  fc = new nn.Linear(4, 2);
  forward(x) { return this.fc.forward(x); }
}
// input: [1, 4]
class B extends nn.Module {
  fc = new nn.Linear(4, 3);
  forward(x) { return this.fc.forward(x); }
}
`;
      const first = doc.update(text);
      const second = doc.update(text.replace('Linear(4, 3)', 'Linear(4, 5)'));
      assert.equal(shape(modelOf(second, 'B').outputShape), '(1, 5)');
      assert.equal(modelOf(second, 'A'), modelOf(first, 'A'), 'the untouched class is not analysed again');
    } finally {
      doc.dispose();
    }
  });

  test('TSX: the TSX grammar, the same result', () => {
    const code = `// input: [2, 4]
export class Tiny extends nn.Module {
  fc = new nn.Linear(4, 1);
  forward(x) { return this.fc.forward(x); }
}
export const View = () => <div>{'shape'}</div>;
`;
    const a = analyzeText(code, 'tsx', OPTIONS);
    assert.deepEqual(records(modelOf(a, 'Tiny')), ['fc Linear → (2, 1) · 5 · 8']);
  });
});
