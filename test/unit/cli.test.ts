// The `shapelens summary` CLI as a user runs it: a separate process, its JSON contract, its table and exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ROOT as root, runCli } from './support/process';

const seed = path.join(root, 'examples', 'seed001_net.py');

const run = (...args: string[]) => runCli(args);

function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shapelens-cli-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

test('summary --json on seed 001: every layer, shape, parameter and MAC count, exit 0', async () => {
  const r = await run('summary', seed, '--json');
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.equal(json.file, seed);
  assert.equal(json.models.length, 1);
  const m = json.models[0];
  assert.equal(m.name, 'Net');
  assert.equal(m.line, 8);
  assert.equal(m.root, true);
  assert.deepEqual(m.input_shape, [64, 1, 28, 28]);
  assert.deepEqual(m.output_shape, [64, 10]);
  assert.deepEqual(m.layers.map((l: { name: string; type: string; kind: string; line: number; def_line: number | null; output_shape: number[]; params: number; macs: number }) =>
    [l.name, l.type, l.kind, l.line, l.def_line, l.output_shape, l.params, l.macs]), [
    ['conv', 'Conv2d', 'module', 18, 11, [64, 20, 24, 24], 520, 18432000],
    ['pool', 'MaxPool2d', 'module', 18, 12, [64, 20, 12, 12], 0, 0],
    ['flatten', 'Flatten', 'module', 19, 13, [64, 2880], 0, 0],
    ['fc1', 'Linear', 'module', 20, 14, [64, 500], 1440500, 92160000],
    ['F.relu', 'relu', 'function', 20, null, [64, 500], 0, 0],
    ['fc2', 'Linear', 'module', 21, 15, [64, 10], 5010, 320000],
  ]);
  assert.equal(m.total_params, 1446030);
  assert.equal(m.trainable_params, 1446030);
  assert.equal(m.total_macs, 18432000 + 92160000 + 320000);
  // exact convention: conv mults+adds+bias = 18,432,000 + 18,432,000 − 737,280 + 737,280…; checked per layer against the engine
  assert.equal(m.total_flops, m.layers.reduce((s: number, l: { flops: number }) => s + l.flops, 0));
  assert.equal(m.layers[0].flops, 2 * 18432000); // mults 18,432,000 + adds 64·20·24·24·(25 − 1) + bias 737,280
  assert.deepEqual(m.diagnostics, []);
});

test('summary prints a torchinfo-like table with totals and parameter memory', async () => {
  const r = await run('summary', seed);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Layer \(type\)\s+Output Shape\s+Param #\s+MACs/);
  assert.match(r.stdout, /fc1 \(Linear\)\s+\(64, 500\)\s+1,440,500\s+92,160,000/);
  assert.match(r.stdout, /Total params: 1,446,030/);
  assert.match(r.stdout, /Params size \(float32\): 5\.78 MB/);
  assert.doesNotMatch(r.stdout, /\x1b\[/); // no colours when not on a TTY
  const flops = await run('summary', seed, '--convention', 'flops');
  assert.match(flops.stdout, /Total FLOPs: 221,824,000/);
});

test('summary --memory works the training total out and solves the largest batch; --by-operator and --columns', async () => {
  const r = await run('summary', seed, '--memory', '--device-gb', '16', '--by-operator', '--columns', 'output_size,num_params,saved,rf');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Layer \(type\)\s+Output Shape\s+Param #\s+Saved Mem\s+RF\s+Line/);
  assert.match(r.stdout, /pool \(MaxPool2d\)\s+\(64, 20, 12, 12\)\s+--\s+4\.42 MB\s+6/);
  assert.match(r.stdout, /optimizer state\s+2 × 1,446,030 × 4 B \(Adam\/AdamW\) = 11\.57 MB/);
  assert.match(r.stdout, /training total\s+28\.63 MB/);
  assert.match(r.stdout, /the largest batch that fits is 200,017/);
  assert.match(r.stdout, /By operator:\nOperator\s+Calls\s+Params\s+MACs\s+Share\nlinear\s+2\s+1,445,510\s+92,480,000\s+83\.4%/);
  const json = JSON.parse((await run('summary', seed, '--json', '--memory', '--dtype', 'mixed', '--optimizer', 'sgd')).stdout);
  assert.equal(json.models[0].memory.dtype, 'mixed');
  assert.equal(json.models[0].memory.optimizer_bytes, 0);
  assert.equal(json.models[0].memory.master_weight_bytes, 1_446_030 * 4);
  assert.equal(json.models[0].total_params, 1_446_030, 'the existing fields stay');
});

test('--input overrides the comment; --model picks a model', async () => {
  const r = await run('summary', seed, '--json', '--input', '8,1,28,28', '--model', 'Net');
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout).models[0];
  assert.deepEqual(m.input_shape, [8, 1, 28, 28]);
  assert.deepEqual(m.output_shape, [8, 10]);
  assert.equal(m.input_source, 'cli');
  assert.equal((await run('summary', seed, '--input', '8x1x28x28')).code, 0);
});

test('a shape error exits 1 with the diagnostic, its 1-based position and the fix as data', async () => {
  const file = tempFile('bug.py', fs.readFileSync(seed, 'utf8').replace('nn.Linear(2880, 500)', 'nn.Linear(2800, 500)'));
  const r = await run('summary', file, '--json');
  assert.equal(r.code, 1);
  const d = JSON.parse(r.stdout).models[0].diagnostics;
  assert.equal(d.length, 1);
  assert.equal(d[0].line, 20);
  assert.equal(d[0].column, 20);
  assert.equal(d[0].severity, 'error');
  assert.equal(d[0].code, 'linear-in-features');
  assert.equal(d[0].message, 'Linear expects 2,800 input features but receives 2,880 = 20·12·12 (flatten at line 19)');
  assert.equal(d[0].fix.arg, 'in_features');
  assert.equal(d[0].fix.value, 2880);
  assert.deepEqual(d[0].fix.edits, [{ line: 14, column: 30, end_line: 14, end_column: 34, new_text: '2880' }]);
  const table = await run('summary', file);
  assert.equal(table.code, 1);
  assert.match(table.stdout, /20:20 error \[linear-in-features\]/);
});

test('--strict turns a stride that leaves rows unused into an error (exit 1)', async () => {
  const file = tempFile('stride.py', 'import torch.nn as nn\n# input: (1, 3, 32, 32)\nmodel = nn.Sequential(nn.Conv2d(3, 8, 5, stride=2))\n');
  const loose = await run('summary', file, '--json');
  assert.equal(loose.code, 0);
  assert.equal(JSON.parse(loose.stdout).models[0].diagnostics[0].severity, 'warning');
  assert.equal((await run('summary', file, '--strict')).code, 1);
});

test('--model naming an abstract base says why it is not a model', async () => {
  const file = tempFile('abstract.py', 'import torch.nn as nn\n\nclass Block(nn.Module):\n    def forward(self, x):\n' +
    '        raise NotImplementedError\n\nclass Conv(Block):\n    def __init__(self):\n        super().__init__()\n' +
    '        self.conv = nn.Conv2d(3, 8, 3)\n\n    def forward(self, x):\n        return self.conv(x)\n');
  const r = await run('summary', file, '--model', 'Block');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no model named "Block": Block\.forward only raises: Block is an abstract base class.* \(models: Conv\)/);
});

test('a model class that the file does not build and that needs arguments is named with what it needs, not "no model found"', async () => {
  // PyTorch-VAE's models/vanilla_vae.py: class VanillaVAE(BaseVAE) with __init__(self, in_channels, latent_dim, …),
  // built only by run.py from a YAML config
  const file = tempFile('vae.py', 'import torch.nn as nn\n\n\nclass VAE(nn.Module):\n    def __init__(self, in_channels: int, latent_dim: int, hidden=32):\n' +
    '        super().__init__()\n        self.enc = nn.Conv2d(in_channels, hidden, 3)\n        self.fc = nn.Linear(hidden, latent_dim)\n\n' +
    '    def forward(self, x):\n        return self.fc(self.enc(x).mean((2, 3)))\n');
  const text = await run('summary', file);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /vae\.py:4: VAE is not built in this file, so ShapeLens has no numbers for it here: it needs in_channels, latent_dim\. Build it/);
  assert.doesNotMatch(text.stdout, /no PyTorch model found/);
  const json = JSON.parse((await run('summary', '--json', file)).stdout);
  assert.deepEqual(json.models, []);
  assert.deepEqual(json.unbuilt, [{ name: 'VAE', line: 4, needs: ['in_channels', 'latent_dim'] }]);
  // built under `if __name__ == '__main__':` (what the editor's lens adds): a model, and nothing said of the class
  const built = tempFile('vae_built.py', `${fs.readFileSync(file, 'utf8')}\n\nif __name__ == '__main__':\n    model = VAE(in_channels=3, latent_dim=16)\n`);
  const after = JSON.parse((await run('summary', '--json', built)).stdout);
  assert.deepEqual(after.models.map((m: { name: string; total_params: number }) => [m.name, m.total_params]), [['model', 3 * 32 * 9 + 32 + 32 * 16 + 16]]);
  assert.deepEqual(after.unbuilt, []);
});

test('a block whose layers another class declares (cloned into its container) counts as built by the model that builds it', async () => {
  // DETR's TransformerEncoder: _get_clones(encoder_layer, num_layers) fills its ModuleList with layers declared elsewhere
  const file = tempFile('clones.py', 'import copy\nimport torch.nn as nn\n\n\nclass Stack(nn.Module):\n    def __init__(self, layer, n):\n' +
    '        super().__init__()\n        self.layers = nn.ModuleList([copy.deepcopy(layer) for _ in range(n)])\n\n' +
    '    def forward(self, x):\n        return x\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
    '        self.body = Stack(nn.Linear(4, 4), 2)\n\n    def forward(self, x):\n        return x\n');
  const json = JSON.parse((await run('summary', '--json', file)).stdout);
  assert.deepEqual(json.models.map((m: { name: string; total_params: number }) => [m.name, m.total_params]), [['Net', 40]]);
  assert.deepEqual(json.unbuilt, []);
});

test('usage and file errors exit 2 with a clear message and no stack trace', async () => {
  const cases: [string[], RegExp][] = [
    [[], /usage:/],
    [['summary'], /summary needs a FILE/],
    [['summary', 'no/such/file.py'], /no such file/],
    [['summary', seed, '--bogus'], /unknown option --bogus/],
    [['summary', seed, '--input', 'abc'], /cannot read the shape "abc"/],
    [['summary', seed, '--convention', 'gflops'], /--convention must be macs, flops or exact/],
    [['summary', seed, '--model', 'Nope'], /no model named "Nope" \(models: Net\)/],
    [['summary', path.join(root, 'package.json')], /reads Python/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['summary', seed, '--columns', 'output,bogus'], /--columns: unknown column bogus; choose from input, output/],
    [['summary', seed, '--dtype', 'float64'], /--dtype must be float32, float16, bfloat16, mixed/],
    [['summary', seed, '--optimizer', 'lion'], /--optimizer must be sgd, sgd-momentum, adam/],
    [['summary', seed, '--device-gb', '-1'], /--device-gb must be a number above 0/],
    [['summary', seed, '--depth', '1.5'], /--depth must be a whole number above 0/],
  ];
  for (const [args, message] of cases) {
    const r = await run(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('a file with a syntax error still summarises its intact models', async () => {
  const file = tempFile('broken.py', `${fs.readFileSync(seed, 'utf8')}\n\nclass Broken(nn.Module):\n    def __init__(self:\n        pass\n`);
  const r = await run('summary', file, '--json', '--model', 'Net');
  assert.equal(r.code, 1); // the syntax error counts as an error
  const json = JSON.parse(r.stdout);
  assert.equal(json.models[0].total_params, 1446030);
  assert.equal(json.diagnostics[0].code, 'syntax');
});

test('summary: a model whose layers are built by a loop over an unknown count says its totals are incomplete', async () => {
  const file = tempFile('partial.py', `import torch.nn as nn
# input: (2, 4)
class Net(nn.Module):
    def __init__(self, n=DEPTH):
        super().__init__()
        self.blocks = nn.Sequential(*[nn.Linear(4, 4) for _ in range(n)])
        self.head = nn.Linear(4, 2)
    def forward(self, x):
        return self.head(self.blocks(x))
`);
  const json = JSON.parse((await run('summary', file, '--json')).stdout);
  assert.equal(json.models[0].totals_complete, false);
  assert.equal(json.models[0].total_params, 10);
  assert.deepEqual(json.models[0].diagnostics.map((d: { line: number; code: string }) => `${d.line}:${d.code}`), ['6:not-followed']);
  const table = await run('summary', file);
  assert.match(table.stdout, /Part of the model could not be followed \(line 6\): the totals are lower bounds/);
  assert.equal(JSON.parse((await run('summary', seed, '--json')).stdout).models[0].totals_complete, true);
});

test('seed 004 in the exact convention: mults 282,240 + adds 281,652 + comparisons 864 = 564,756', async () => {
  const file = path.join(root, 'examples', 'seed004_conv_pool.py');
  const table = await run('summary', file, '--convention', 'exact');
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /Total FLOPs \(exact\): 564,756\n {2}= mults 282,240 \+ adds 281,652 \+ comparisons 864 = 564,756/);
  const json = JSON.parse((await run('summary', file, '--json')).stdout);
  assert.deepEqual(json.models[0].layers.map((l: { flops: number; macs: number }) => [l.macs, l.flops]), [[282240, 563892], [0, 864]]);
  assert.equal(json.models[0].total_flops, 564756);
});
