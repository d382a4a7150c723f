#!/usr/bin/python3
"""PyTorch's numbers for the real-style files the editor suite opens (test/e2e/workspace/real/).

    /usr/bin/python3 scripts/gen_editor_fixtures.py        # Debian's python3-torch (1.13) and python3-torchvision

For each file it builds the root models the file builds (its factories, its model variables), counts their
parameters and, where the file itself gives the input (a torch.randn(...) it passes to the model), runs one forward
pass with the hooks of scripts/gen_model_fixtures.py for the output shape and the MACs (our convention). Writes
test/e2e/expected/models.json, which the editor's unit and e2e tests hold the status bar and the summary to.

The files are scripts: their training loops are not run (top-level `for`/`while` statements are left out), argparse
sees no command-line arguments (the defaults, as ShapeLens reads them), and a notebook's cells are joined as the
editor joins them (magics blanked). einops is not installed next to Debian's torch: the ViT's two patterns are run by
a small reimplementation (einops_stub, after einops' documentation); its MACs are not recorded (its attention's
matrix products are functional calls, not modules the hooks see). This development script executes our own
fixture files; the product never executes user code.
"""
import ast
import importlib.util
import json
import os
import re
import sys
import tempfile
import types

import torch
import torch.nn as nn

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
WORKSPACE = os.path.join(ROOT, 'test', 'e2e', 'workspace')
OUT = os.path.join(ROOT, 'test', 'e2e', 'expected', 'models.json')

spec = importlib.util.spec_from_file_location('gen_model_fixtures', os.path.join(ROOT, 'scripts', 'gen_model_fixtures.py'))
gmf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gmf)

TV = ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'resnext50_32x4d', 'resnext101_32x8d',
      'wide_resnet50_2', 'wide_resnet101_2']
PREACT = ['PreActResNet18', 'PreActResNet34', 'PreActResNet50', 'PreActResNet101', 'PreActResNet152']

# file -> (how its root models are reached, inputs the file itself passes to them)
FIXTURES = {
    'real/tv_resnet.py': {'factories': TV, 'inputs': {}},
    # test() passes torch.randn(1, 3, 32, 32) to PreActResNet18()
    'real/cifar/preact_resnet.py': {'factories': PREACT, 'inputs': {'PreActResNet18': (1, 3, 32, 32)}},
    'real/unet/train.py': {'variables': ['model'], 'inputs': {}, 'path': 'real'},
    'real/gan/dcgan.py': {'variables': ['generator', 'discriminator'], 'inputs': {}},
    'real/vit/vit.py': {'variables': ['v'], 'inputs': {}, 'einops': True},
    # torchvision's resnet50 with its weights asked for: nothing is downloaded (no_download), the figures are the same
    'real/transfer/finetune.py': {'variables': ['model'], 'inputs': {}, 'no_download': True},
    'real/rnn/lstm_mnist.py': {'variables': ['model'], 'inputs': {'model': (100, 28, 28)}},
    'real/cifar10_cnn.ipynb': {'variables': ['model'], 'inputs': {'model': (20, 3, 32, 32)}, 'stubs': ['matplotlib', 'matplotlib.pyplot']},
}


def source_of(path):
    text = open(path).read()
    if not path.endswith('.ipynb'):
        return text
    cells = [c for c in json.loads(text)['cells'] if c['cell_type'] == 'code']
    joined = '\n'.join(''.join(c['source']) for c in cells)
    return re.sub(r'^([ \t]*)[%!].*$', lambda m: m.group(1) + 'pass', joined, flags=re.M)


def without_loops(text):
    """The module with its top-level for/while statements (training loops) left out."""
    tree = ast.parse(text)
    tree.body = [s for s in tree.body if not isinstance(s, (ast.For, ast.While))]
    return compile(tree, '<fixture>', 'exec')


def einops_stub():
    """NOT einops: the few calls the ViT fixture makes, written with torch ops after einops' documented semantics
    (https://einops.rocks/api/rearrange/ and /repeat/: a pattern names axes, parentheses group them into one dimension,
    `1` is a unit axis, lengths given by keyword split a group; repeat's new axes take their lengths by keyword)."""
    def parse(side):
        return [g.split() if g else [] for g in re.findall(r'\(([^)]*)\)|(\S+)', side) for g in [g[0] or g[1]]]

    def rearrange(t, pattern, **sizes):
        left, right = (parse(s) for s in pattern.split('->'))
        sizes = dict(sizes)
        for group, dim in zip(left, t.shape):
            unknown = [a for a in group if a not in sizes and a != '1']
            known = 1
            for a in group:
                known *= sizes.get(a, 1) if a != '1' else 1
            if len(unknown) == 1:
                sizes[unknown[0]] = dim // known
        axes = [a for g in left for a in g if a != '1']
        t = t.reshape([sizes[a] for a in axes])
        order = [a for g in right for a in g if a != '1']
        new = [a for a in order if a not in axes]
        for a in new:  # repeat: a new axis, broadcast to its length
            t = t.unsqueeze(-1)
            axes.append(a)
        t = t.permute([axes.index(a) for a in order])
        t = t.expand([sizes[a] for a in order]) if new else t
        shape = []
        for g in right:
            n = 1
            for a in g:
                n *= 1 if a == '1' else sizes[a]
            shape.append(n)
        return t.reshape(shape)

    einops = types.ModuleType('einops')
    einops.rearrange = einops.repeat = rearrange
    layers = types.ModuleType('einops.layers')
    layers_torch = types.ModuleType('einops.layers.torch')
    class Rearrange(nn.Module):
        def __init__(self, pattern, **sizes):
            super().__init__()
            self.pattern, self.sizes = pattern, sizes
        def forward(self, x):
            return rearrange(x, self.pattern, **self.sizes)
    layers_torch.Rearrange = Rearrange
    sys.modules.update({'einops': einops, 'einops.layers': layers, 'einops.layers.torch': layers_torch})


def run(model, shape):
    out, calls = gmf.hooked_forward(model, torch.randn(*shape))
    return {'input_shape': list(shape), 'output_shape': gmf.shape_tree(out), 'total_macs': sum(c['macs'] for c in calls)}


def generate(relative, spec):
    path = os.path.join(WORKSPACE, relative)
    if spec.get('einops'):
        einops_stub()
    if spec.get('no_download'):  # no network here; weights change no figure
        sys.path.insert(0, os.path.join(ROOT, 'scripts'))
        from gen_torchvision_fixtures import no_download
        sys.path.pop(0)
        no_download()
    for name in spec.get('stubs', []):  # plotting the notebook imports and never uses here
        sys.modules.setdefault(name, types.ModuleType(name))
    sys.path.insert(0, os.path.join(WORKSPACE, spec.get('path', os.path.dirname(relative))))
    argv, cwd = sys.argv, os.getcwd()
    sys.argv = [path]
    namespace = {'__name__': '__main__', '__file__': path}
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)  # scripts make folders for their outputs (os.makedirs("images"))
        try:
            torch.manual_seed(0)
            exec(without_loops(source_of(path)), namespace)
        finally:
            os.chdir(cwd)
            sys.argv = argv
            sys.path.pop(0)
    models = {}
    for name in spec.get('factories', []):
        models[name] = namespace[name]()
    for name in spec.get('variables', []):
        models[name] = namespace[name]
    out = {}
    for name, model in models.items():
        model.eval()
        entry = {'params': sum(p.numel() for p in model.parameters())}
        if name in spec['inputs']:
            entry.update(run(model, spec['inputs'][name]))
        out[name] = entry
    return out


def main():
    result = {relative: generate(relative, spec) for relative, spec in FIXTURES.items()}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(result, f, indent=1)
        f.write('\n')
    for relative, models in result.items():
        print(relative, {name: m['params'] for name, m in models.items()})


if __name__ == '__main__':
    main()
