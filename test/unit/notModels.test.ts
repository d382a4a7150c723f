// What looks like a model but is not one is neither analysed nor counted among the roots: abstract base classes
// (forward only raises, or is an @abstractmethod), functions naming a model class that return a config object, a
// class or sizes, and names bound only inside a syntax error.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, initParsers } from '../../src/analysis';
import { ROOT } from './support/process';

before(async () => {
  const wasm = path.join(ROOT, 'dist', 'tree-sitter');
  await initParsers(async (f) => new Uint8Array(fs.readFileSync(path.join(wasm, f))), ['python']);
});

const names = (text: string, model?: string) => {
  const a = analyzeText(text, 'python', { strict: false, ...(model ? { model } : {}) });
  return { all: a.models.map((m) => m.name).sort(), roots: a.models.filter((m) => m.root).map((m) => m.name).sort(), a };
};

const ABSTRACT = `import abc
import torch.nn as nn

class Block(nn.Module):
    """Subclasses build the layers."""
    def forward(self, x):
        raise NotImplementedError('subclasses implement forward')

class Base(nn.Module, metaclass=abc.ABCMeta):
    @abc.abstractmethod
    def forward(self, x):
        pass

class Conv(Block):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)

    def forward(self, x):
        return self.conv(x)

class Inherits(Block):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)
`;

test('a class whose forward only raises, or is abstract, is not a model', () => {
  const { all, roots } = names(ABSTRACT);
  assert.deepEqual(all, ['Conv']);
  assert.deepEqual(roots, ['Conv']);
});

test('asked for by name, an abstract base gets a note saying why it is not analysed', () => {
  const { all, a } = names(ABSTRACT, 'Block');
  assert.deepEqual(all, []);
  const note = a.diagnostics.find((d) => d.code === 'not-a-model');
  assert.ok(note, JSON.stringify(a.diagnostics));
  assert.equal(note.severity, 'info');
  assert.match(note.message, /Block\.forward only raises/);
});

test('a forward that raises only on one branch keeps the class a model', () => {
  const { roots } = names(`import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        if x.dim() != 2:
            raise ValueError('expected a batch of vectors')
        return self.fc(x)
`);
  assert.deepEqual(roots, ['Net']);
});

test('a function naming a model class is a factory only when it may return a module', () => {
  const { all, roots } = names(`import functools
import torch.nn as nn

class Config:
    def __init__(self):
        self.width = 8

class Net(nn.Module):
    def __init__(self, width=8):
        super().__init__()
        self.fc = nn.Linear(4, width)

    def forward(self, x):
        return self.fc(x)

def get_config():
    C = Config()
    C.model = Net.__name__
    return C

def conv_class():
    return Net

def conv_partial():
    return functools.partial(Net, width=16)

def sizes():
    return Net.__name__, 4, 8

def make_net():
    net = Net(width=4)
    return net

def make_wide():
    return make_net()
`);
  assert.deepEqual(all, ['Net', 'make_net', 'make_wide']);
  assert.deepEqual(roots, ['make_wide']);
});

test('an unfinished exercise (`size = ` left blank) makes no model of the names before the real one', () => {
  const { roots } = names(`import torch.nn as nn

class Net(nn.Module):
    def __init__(self, n_in, n_hidden):
        super().__init__()
        self.fc = nn.Linear(n_in, n_hidden)

    def forward(self, x):
        return self.fc(x)

## TODO: choose the sizes
n_in = 
# hidden units
n_hidden =

net = Net(n_in, n_hidden)
`);
  assert.deepEqual(roots, ['net']);
});

test('an assignment continued with a backslash and a chained assignment stay models', () => {
  const { roots } = names(`import torch.nn as nn

model = \\
    nn.Sequential(nn.Linear(4, 8), nn.ReLU())
a = b = nn.Linear(2, 3)
`);
  assert.deepEqual(roots, ['a', 'model']);
});

test('a base class with no __init__ whose forward calls layers only its subclasses build is not a model', () => {
  const { all, roots } = names(`import torch.nn as nn

class Residual(nn.Module):
    """Shared forward; subclasses build conv and bn."""
    def forward(self, x):
        return self.bn(self.conv(x)) + x

class Narrow(Residual):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(8, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)

class Plain(nn.Module):
    def forward(self, x):
        return x.flatten(1)
`);
  assert.deepEqual(all, ['Narrow', 'Plain']);
  assert.deepEqual(roots, ['Narrow', 'Plain']);
});

test('a container class with no entries of its own, and a container left empty, are not models', () => {
  const { all } = names(`import torch
import torch.nn as nn

class Ensemble(nn.ModuleList):
    def forward(self, x):
        return torch.cat([m(x) for m in self], 1)

def load(paths):
    models = Ensemble()
    for p in paths:
        models.append(torch.load(p))
    return models

ensemble = load([])
net = nn.Sequential()
net.add_module('fc', nn.Linear(4, 2))
`);
  assert.deepEqual(all, ['net']);
});

test('a helper that needs no arguments, built by a block that does, is a part of the model and not a root', () => {
  const { all, roots } = names(`import torch.nn as nn
import torch.nn.functional as F

class L2Norm(nn.Module):
    def forward(self, x, eps=1e-6):
        return F.normalize(x, dim=1, eps=eps)

class Unused(nn.Module):
    def forward(self, x):
        return x * F.relu6(x + 3) / 6

class Head(nn.Module):
    def __init__(self, dim, out):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim, out), L2Norm())

    def forward(self, x):
        return self.net(x)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = Head(16, 8)

    def forward(self, x):
        return self.head(x)
`);
  assert.deepEqual(all, ['L2Norm', 'Net', 'Unused']);
  // Unused is built by nothing: it stays a root of its own
  assert.deepEqual(roots, ['Net', 'Unused']);
});
