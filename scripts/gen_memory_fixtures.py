#!/usr/bin/python3
"""Measures, with real PyTorch, what ShapeLens's memory and receptive-field rules must reproduce.

    /usr/bin/python3 scripts/gen_memory_fixtures.py            # Debian's python3-torch (1.13), CPU

1. Saved tensors. For every test/fixtures/models/*.py it builds the file's root model (as gen_model_fixtures.py
   does), puts it in training mode, and runs one forward pass on the file's input inside
   torch.autograd.graph.saved_tensors_hooks. Every tensor autograd packs for backward is counted once per storage
   (a view or an in-place result shares its input's storage, and that memory exists once); the model's parameters
   and buffers are left out (they are counted as parameters). Written to test/fixtures/memory/saved_tensors.json:
       {fixture: {model, input_shape, saved_bytes, by_module: {path: bytes}}}
   by_module attributes each storage to the module running when it was first saved ('' for the model's own ops).
   The hooks see the CPU kernels: dropout keeps a float mask there (a bool on CUDA).

2. Receptive fields, brute force. For AlexNet, VGG-16, ResNet-18/50, the TF-slim-layout ResNet-50 and a few more
   (test/fixtures/receptive/*.py and model fixtures), a copy of the model with every weight set to 1,
   max-pooling replaced by average pooling of the same geometry (so every input of a window gets a
   gradient) and the normalisation, dropout and Linear layers taken out, is run on an input large enough that the
   field of a unit near the centre lies inside it (every convolution made one channel wide: the field does not depend
   on the channel counts, and the run stays cheap). For each conv/pool layer's output, the gradient of one unit with
   respect to the input tells which pixels it sees: size = extent, start = centre of unit 0 (computed from the
   centre of unit i as centre_i − i·jump), jump = distance between the centres of two neighbouring units. Weights of
   1 in float64 keep every path's gradient away from zero (a long product of small weights underflows in float32).
   Written to test/fixtures/memory/receptive.json: {fixture: {input_shape, layers: {path: [[size, jump, start], …]}}}
   (one triple per spatial axis).

3. One op at a time. test/fixtures/memory/op_cases.py holds one small model per op (its input requiring a gradient,
   as inside a network); the saved bytes of each go to test/fixtures/memory/op_cases.json. op_cases_registry.py
   (written by scripts/gen_op_cases_registry.py) holds one for every other registry op with a saved-tensor rule; its
   figures go to op_cases_registry.json.

This is a development script (the product never executes user code); CI does not have torch, the JSON is committed.
"""
import copy
import json
import math
import os
import re
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_model_fixtures as g  # noqa: E402  (builds fixtures exactly as the model expectations do)

ROOT = g.ROOT
MODELS = g.MODELS
RECEPTIVE = os.path.join(ROOT, 'test', 'fixtures', 'receptive')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'memory')


# ── 1. Saved tensors ─────────────────────────────────────────────────────────────────────────────────────────
def storage_of(t):
    s = t.storage()
    return s.data_ptr(), s.nbytes()


def measure_saved(path):
    text, namespace, name, model = g.build(path)
    model.train()
    shape = g.read_input_shape(text, namespace)
    torch.manual_seed(0)
    x = g.make_input(model, shape)
    owned = {p.storage().data_ptr() for p in model.parameters()} | {b.storage().data_ptr() for b in model.buffers()}
    current = ['']
    handles = []
    for p, m in g.call_modules(model):
        handles.append(m.register_forward_pre_hook(lambda mod, inp, p=p: current.__setitem__(0, p)))
        handles.append(m.register_forward_hook(lambda mod, inp, out: current.__setitem__(0, '')))
    seen = {}
    by_module = {}

    def pack(t):
        ptr, nbytes = storage_of(t)
        if ptr not in owned and ptr not in seen:
            seen[ptr] = nbytes
            by_module[current[0]] = by_module.get(current[0], 0) + nbytes
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        model(x)
    for h in handles:
        h.remove()
    return {'model': name, 'input_shape': shape, 'saved_bytes': sum(seen.values()), 'by_module': by_module}


# ── 2. Receptive fields by gradients ─────────────────────────────────────────────────────────────────────────
WINDOW = (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d,
          nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d, nn.AvgPool1d, nn.AvgPool2d, nn.AvgPool3d)
MAX_TO_AVG = {nn.MaxPool1d: nn.AvgPool1d, nn.MaxPool2d: nn.AvgPool2d, nn.MaxPool3d: nn.AvgPool3d}


CONVS = {nn.Conv1d: 1, nn.Conv2d: 2, nn.Conv3d: 3, nn.ConvTranspose1d: 1, nn.ConvTranspose2d: 2, nn.ConvTranspose3d: 3}


def one_channel(c):
    """The same window on one channel: the field does not depend on the channel counts, and it is cheap."""
    cls = type(c)
    kw = dict(kernel_size=c.kernel_size, stride=c.stride, padding=c.padding, dilation=c.dilation, bias=False)
    if 'Transpose' in cls.__name__:
        kw['output_padding'] = c.output_padding
    return cls(1, 1, **kw)


def linearised(model):
    """One channel everywhere, weights of 1, average instead of max pooling, no normalisation, no Linear:
    every path from the input carries gradient, and the model stays cheap at a large input."""
    m = copy.deepcopy(model)
    for name, child in list(m.named_modules()):
        for cname, c in list(child.named_children()):
            if type(c) in MAX_TO_AVG:
                if c.dilation not in (1, (1,), (1, 1), (1, 1, 1)):
                    raise SystemExit(f'{name}.{cname}: a dilated max-pool has no average-pool twin')
                setattr(child, cname, MAX_TO_AVG[type(c)](c.kernel_size, c.stride, c.padding, ceil_mode=c.ceil_mode, count_include_pad=True))
            elif type(c) in CONVS:
                setattr(child, cname, one_channel(c))
            elif isinstance(c, (nn.modules.batchnorm._BatchNorm, nn.GroupNorm, nn.Linear, nn.Dropout)):
                setattr(child, cname, nn.Identity())
    with torch.no_grad():
        for p in m.parameters():
            p.fill_(1.0)  # every path counts, none cancels; in float64 the deepest products neither vanish nor overflow
    m.eval()
    return m.double()


def extent(mask, axis):
    """The first and last index along an axis where the mask is set."""
    line = mask
    for i in reversed(range(mask.dim())):
        if i != axis:
            line = line.any(dim=i)  # torch 1.13's any() takes one dim
    idx = torch.nonzero(line).flatten()
    return int(idx[0]), int(idx[-1])


def input_mask(y, unit, x):
    """Which input pixels the output unit `unit` (spatial index) of channel 0 of a hooked output sees."""
    (grad,) = torch.autograd.grad(y[(0, 0) + tuple(unit)], x, retain_graph=True)
    return grad[0].abs().sum(dim=0) > 0  # (spatial…)


def measure_fields(path, size):
    text, namespace, name, model = g.build(path)
    rank = None
    for mod in model.modules():
        if isinstance(mod, WINDOW):
            rank = len(mod.kernel_size) if isinstance(mod.kernel_size, tuple) else 1
            break
    lin = linearised(model)
    x = torch.ones((1, 1) + (size,) * rank, dtype=torch.float64, requires_grad=True)
    names = {id(m): p for p, m in lin.named_modules()}
    outputs = {}
    hooks = [m.register_forward_hook(lambda m, i, o: outputs.__setitem__(id(m), o))
             for m in lin.modules() if isinstance(m, WINDOW + tuple(MAX_TO_AVG.values()))]
    try:
        lin(x)
    except RuntimeError:
        pass  # past the last window layer (a flatten that no longer fits): the fields are all recorded
    for h in hooks:
        h.remove()
    layers = {}
    for mid, y in outputs.items():
        spatial = tuple(y.shape[2:])
        centre = [s // 2 for s in spatial]
        nxt = [min(c + 1, s - 1) for c, s in zip(centre, spatial)]
        a = input_mask(y, centre, x)
        b = input_mask(y, nxt, x)
        triples = []
        for axis in range(rank):
            lo, hi = extent(a, axis)
            lo2, hi2 = extent(b, axis)
            if lo == 0 or hi == size - 1 or lo2 == 0 or hi2 == size - 1:
                raise SystemExit(f'{path}: {names[mid]}: the field reaches the border of a {size}-pixel input; use a larger one')
            if nxt[axis] == centre[axis]:
                raise SystemExit(f'{path}: {names[mid]}: one unit along an axis; use a larger input')
            c1, c2 = (lo + hi) / 2, (lo2 + hi2) / 2
            jump = c2 - c1
            # a transposed convolution's units see different numbers of inputs by phase: the larger one
            width = max(hi - lo, hi2 - lo2) + 1
            triples.append([width, jump, c1 - centre[axis] * jump])
        layers[names[mid]] = triples
    return {'model': name, 'input_shape': list(x.shape), 'layers': layers}


# Which files, at which input size (large enough for the deepest field to stay inside).
FIELD_CASES = [
    (os.path.join(MODELS, 'alexnet.py'), 355),
    (os.path.join(MODELS, 'vgg16.py'), 320),
    (os.path.join(MODELS, 'resnet18.py'), 512),
    (os.path.join(MODELS, 'resnet50.py'), 512),
    (os.path.join(MODELS, 'seed001_net.py'), 64),
    (os.path.join(MODELS, 'conv1d_audio.py'), 16000),
    (os.path.join(MODELS, 'mobilenet_v1.py'), 640),
    (os.path.join(RECEPTIVE, 'resnet50_slim.py'), 640),
    (os.path.join(RECEPTIVE, 'dilated_stack.py'), 160),
    (os.path.join(RECEPTIVE, 'conv3d_stack.py'), 48),
]


def measure_op_cases(stem):
    """Each model of <stem>.py on its input comment's shape, the input requiring a gradient."""
    path = os.path.join(OUT, f'{stem}.py')
    text = open(path).read()
    namespace = {'__name__': stem}
    exec(compile(text, path, 'exec'), namespace)
    shapes = re.findall(r'# input: \(([^)]*)\)\nclass (\w+)', text)
    out = {}
    for dims, name in shapes:
        torch.manual_seed(0)
        seen = {}

        def pack(t, seen=seen):
            # read at each save: a Lazy module's parameters get their storage only in its first forward
            owned = {p.storage().data_ptr() for p in model.parameters()} | {b.storage().data_ptr() for b in model.buffers()}
            ptr, nbytes = storage_of(t)
            if ptr not in owned:
                seen.setdefault(ptr, nbytes)
            return t

        try:
            model = namespace[name]()
            model.train()
            x = torch.randn(*[int(d) for d in dims.split(',') if d.strip()], requires_grad=True)
            with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
                model(x)
        except Exception as e:  # a case PyTorch refuses is a mistake in the case: say which, write the others
            print(f'{stem}.{name}: {type(e).__name__}: {e}', file=sys.stderr)
            continue
        out[name] = sum(seen.values())
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    if '--fields-only' not in sys.argv:
        if '--ops-only' not in sys.argv:
            write_saved()
        for stem in ('op_cases', 'op_cases_registry'):
            with open(os.path.join(OUT, f'{stem}.json'), 'w') as fh:
                json.dump(measure_op_cases(stem), fh, indent=1, sort_keys=True)
                fh.write('\n')
    if '--saved-only' not in sys.argv:
        write_fields()


def write_saved():
    saved = {}
    for f in sorted(os.listdir(MODELS)):
        if f.endswith('.py'):
            saved[f[:-3]] = measure_saved(os.path.join(MODELS, f))
            print(f'{f}: {saved[f[:-3]]["saved_bytes"]:,} bytes saved', file=sys.stderr)
    with open(os.path.join(OUT, 'saved_tensors.json'), 'w') as fh:
        json.dump(saved, fh, indent=1, sort_keys=True)
        fh.write('\n')


def write_fields():
    fields = {}
    for path, size in FIELD_CASES:
        key = os.path.splitext(os.path.basename(path))[0]
        fields[key] = measure_fields(path, size)
        print(f'{key}: {len(fields[key]["layers"])} layers', file=sys.stderr)
    with open(os.path.join(OUT, 'receptive.json'), 'w') as fh:
        json.dump(fields, fh, indent=1, sort_keys=True)
        fh.write('\n')


if __name__ == '__main__':
    main()
