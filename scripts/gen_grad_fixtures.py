#!/usr/bin/python3
"""Gradient-checker fixtures: check files in ShapeLens's format, run by real PyTorch autograd in float64.

Run with Debian's torch:  /usr/bin/python3 scripts/gen_grad_fixtures.py
Writes test/fixtures/grad/cases.json: [{ name, check, expected: { forward, loss, grads, sgd? } }, ...].

The check file is interpreted here exactly as ShapeLens reads it: a string argument names an input or an earlier
step's output, a number in a tensor position is a scalar, kwargs are PyTorch's keyword arguments. Inputs listed in
`long_inputs` are class-index targets and become int64 tensors (ShapeLens recognises them by shape).
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

def fn_of(name):
    """A check file's function name as PyTorch spells it: torch.x, F.x (torch.nn.functional.x)."""
    module, _, attr = name.rpartition('.')
    return getattr({'torch': torch, 'F': F, 'torch.nn.functional': F}[module], attr)


TENSOR_KWARGS = {'input', 'other', 'weight', 'bias', 'target', 'pos_weight', 'exponent', 'running_mean', 'running_var'}

gen = torch.Generator().manual_seed(1234)


def randn(*shape, scale=1.0):
    return (torch.randn(*shape, generator=gen) * scale).tolist()


def rand(*shape, lo=0.0, hi=1.0):
    return (torch.rand(*shape, generator=gen) * (hi - lo) + lo).tolist()


def randint(lo, hi, *shape):
    return torch.randint(lo, hi, shape, generator=gen).tolist()


def run(check, long_inputs=()):
    env = {}
    leaves = {}
    for name, spec in check['inputs'].items():
        t = torch.tensor(spec['values'], dtype=torch.int64 if name in long_inputs else torch.float64)
        if spec.get('requires_grad'):
            t.requires_grad_(True)
            leaves[name] = t
        env[name] = t
    for step in check['program']:
        args = [env[a] if isinstance(a, str) and a in env else a for a in step.get('args', [])]
        kwargs = {k: (env[v] if k in TENSOR_KWARGS and isinstance(v, str) else v) for k, v in step.get('kwargs', {}).items()}
        env[step['out']] = fn_of(step['fn'])(*args, **kwargs)
    obj = check['objective']
    y = env[obj['name']]
    if obj['type'] == 'scalar':
        loss = y
        y.backward()
    else:
        up = torch.tensor(check['upstream']['values'])
        loss = (y * up).sum()
        y.backward(up)
    forward = {k: {'shape': list(v.shape), 'values': v.detach().double().tolist()} for k, v in env.items()}
    grads = {k: {'shape': list(t.shape), 'values': (t.grad if t.grad is not None else torch.zeros_like(t)).tolist()}
             for k, t in leaves.items()}
    expected = {'forward': forward, 'loss': loss.item(), 'grads': grads}
    if 'sgd' in check and leaves:
        params = list(leaves.values())
        opt = torch.optim.SGD(params, lr=check['sgd']['lr'])
        opt.step()
        expected['sgd'] = {'lr': check['sgd']['lr'], 'updated': {k: {'shape': list(t.shape), 'values': t.detach().tolist()}
                                                                  for k, t in leaves.items()}}
    return expected


CASES = []


def case(name, inputs, program, objective=None, upstream=None, sgd=None, long_inputs=(), grad=()):
    """inputs: name → values; `grad` lists the requires_grad inputs. Objective defaults to the last step (scalar),
    or an upstream gradient of random values when the last output is not a scalar."""
    check = {'title': name, 'inputs': {k: ({'values': v, 'requires_grad': True} if k in grad else {'values': v})
                                       for k, v in inputs.items()}, 'program': program}
    check['objective'] = objective or {'type': 'scalar', 'name': program[-1]['out']}
    if upstream is not None:
        check['upstream'] = upstream
    if sgd is not None:
        check['sgd'] = sgd
    CASES.append((name, check, long_inputs))


def upstream_case(name, inputs, program, out_shape, grad=(), long_inputs=(), sgd=None):
    last = program[-1]['out']
    case(name, inputs, program, objective={'type': 'upstream', 'name': last},
         upstream={'of': last, 'values': randn(*out_shape)}, grad=grad, long_inputs=long_inputs, sgd=sgd)


S = lambda out, fn, *args, **kwargs: {'out': out, 'fn': fn, 'args': list(args), **({'kwargs': kwargs} if kwargs else {})}

# ---------------------------------------------------------------- the seeds
IMG = [[1, 4, 3, 2], [7, 8, 1, 2], [1, 0, 7, 3], [2, 1, 5, 1]]
I3 = [[1, 2, 3, 4], [4, 3, 2, 1], [-1, 0, 1, 2], [0, -2, 4, 0]]
F3 = [[1, -1], [0, 2]]
case('seed000 y = Ax, L = ½‖y − t‖², one SGD step',
     {'A': [[3, 2], [2, 1]], 'x': [2, 4], 't': [15, 6]},
     [S('y', 'torch.matmul', 'A', 'x'), S('sse', 'F.mse_loss', 'y', 't', reduction='sum'), S('L', 'torch.mul', 'sse', 0.5)],
     grad=('A',), sgd={'lr': 1})
upstream_case('seed000 AvgPool2d(2, 2) on the 4×4 image', {'img': [[IMG]]}, [S('y', 'F.avg_pool2d', 'img', 2, 2)], (1, 1, 2, 2), grad=('img',))
upstream_case('seed000 MaxPool2d(2, 1) on the 4×4 image', {'img': [[IMG]]}, [S('y', 'F.max_pool2d', 'img', 2, 1)], (1, 1, 3, 3), grad=('img',))
upstream_case('seed003 I ⋆ F, padding 0, stride 1', {'I': [[I3]], 'F': [[F3]]}, [S('y', 'F.conv2d', 'I', 'F')], (1, 1, 3, 3), grad=('I', 'F'))
upstream_case('seed003 I ⋆ F, padding 1, stride 2', {'I': [[I3]], 'F': [[F3]]}, [S('y', 'F.conv2d', 'I', 'F', stride=2, padding=1)], (1, 1, 3, 3), grad=('I', 'F'))
upstream_case('seed003 max-pool 3×3, padding 1, stride 3 (ties at 0)', {'I': [[I3]]}, [S('y', 'F.max_pool2d', 'I', 3, stride=3, padding=1)], (1, 1, 2, 2), grad=('I',))
case('seed003 f(W, x) = ‖Wx‖²', {'W': [[0.1, 0.5], [-0.3, 0.8]], 'x': [0.2, 0.4]},
     [S('q', 'torch.matmul', 'W', 'x'), S('q2', 'torch.pow', 'q', 2), S('f', 'torch.sum', 'q2')], grad=('W', 'x'))
case('seed004 3-sigmoid network, E = Σ (z2 − y2)² + (z3 − y3)²',
     {'x': [0.5, -1.0, 2.0], 'w_x1': 0.8, 'w_12': -1.2, 'w_13': 0.6, 'y2': [0.2, 0.9, 0.4], 'y3': [0.7, 0.1, 0.5]},
     [S('a1', 'torch.mul', 'x', 'w_x1'), S('z1', 'torch.sigmoid', 'a1'),
      S('a2', 'torch.mul', 'z1', 'w_12'), S('z2', 'torch.sigmoid', 'a2'),
      S('a3', 'torch.mul', 'z1', 'w_13'), S('z3', 'torch.sigmoid', 'a3'),
      S('d2', 'torch.sub', 'z2', 'y2'), S('d3', 'torch.sub', 'z3', 'y3'),
      S('e2', 'torch.pow', 'd2', 2), S('e3', 'torch.pow', 'd3', 2), S('e', 'torch.add', 'e2', 'e3'), S('E', 'torch.sum', 'e')],
     grad=('w_x1', 'w_12', 'w_13'), sgd={'lr': 0.5})
case('seed001 softmax + cross-entropy: dL/dz = (y − t)/N',
     {'z': randn(4, 5), 't': [1, 0, 4, 2]}, [S('L', 'F.cross_entropy', 'z', 't')], grad=('z',), long_inputs=('t',))
case('seed001 LeNet slice: conv → relu → max-pool → flatten → linear → relu → linear → cross-entropy',
     {'x': randn(2, 1, 8, 8), 'w1': randn(3, 1, 3, 3, scale=0.5), 'b1': randn(3, scale=0.1), 'w2': randn(6, 27, scale=0.3),
      'b2': randn(6, scale=0.1), 'w3': randn(4, 6, scale=0.5), 'b3': randn(4, scale=0.1), 't': [3, 1]},
     [S('c', 'F.conv2d', 'x', 'w1', 'b1'), S('r', 'F.relu', 'c'), S('p', 'F.max_pool2d', 'r', 2), S('f', 'torch.flatten', 'p', 1),
      S('h', 'F.linear', 'f', 'w2', 'b2'), S('hr', 'torch.relu', 'h'), S('z', 'F.linear', 'hr', 'w3', 'b3'), S('L', 'F.cross_entropy', 'z', 't')],
     grad=('w1', 'b1', 'w2', 'b2', 'w3', 'b3'), long_inputs=('t',), sgd={'lr': 0.1})

# ---------------------------------------------------------------- convolutions
upstream_case('conv1d basic with bias', {'x': randn(2, 3, 9), 'w': randn(4, 3, 3), 'b': randn(4)}, [S('y', 'F.conv1d', 'x', 'w', 'b')], (2, 4, 7), grad=('x', 'w', 'b'))
upstream_case('conv1d stride 2 padding 2 dilation 2', {'x': randn(1, 2, 11), 'w': randn(3, 2, 3)},
              [S('y', 'F.conv1d', 'x', 'w', stride=2, padding=2, dilation=2)], (1, 3, 6), grad=('x', 'w'))
upstream_case("conv1d padding='same' with an even kernel (extra pad on the right)", {'x': randn(2, 2, 7), 'w': randn(2, 2, 4)},
              [S('y', 'F.conv1d', 'x', 'w', padding='same')], (2, 2, 7), grad=('x', 'w'))
upstream_case("conv1d padding='valid', groups 2", {'x': randn(1, 4, 6), 'w': randn(4, 2, 2), 'b': randn(4)},
              [S('y', 'F.conv1d', 'x', 'w', 'b', padding='valid', groups=2)], (1, 4, 5), grad=('x', 'w', 'b'))
upstream_case('conv2d stride (2, 1) padding (1, 2) with bias', {'x': randn(2, 2, 5, 6), 'w': randn(3, 2, 3, 2), 'b': randn(3)},
              [S('y', 'F.conv2d', 'x', 'w', 'b', stride=[2, 1], padding=[1, 2])], (2, 3, 3, 9), grad=('x', 'w', 'b'))
upstream_case('conv2d dilation 2, groups 2', {'x': randn(1, 4, 7, 7), 'w': randn(6, 2, 2, 3)},
              [S('y', 'F.conv2d', 'x', 'w', dilation=2, groups=2)], (1, 6, 5, 3), grad=('x', 'w'))
upstream_case("conv2d padding='same', kernel 4×3, dilation (1, 2)", {'x': randn(1, 2, 5, 6), 'w': randn(2, 2, 4, 3)},
              [S('y', 'F.conv2d', 'x', 'w', padding='same', dilation=[1, 2])], (1, 2, 5, 6), grad=('x', 'w'))
upstream_case('conv2d unbatched 3-D input, stride 3', {'x': randn(2, 8, 7), 'w': randn(2, 2, 2, 2), 'b': randn(2)},
              [S('y', 'F.conv2d', 'x', 'w', 'b', 3)], (2, 3, 2), grad=('x', 'w', 'b'))
upstream_case('conv2d depthwise (groups = channels)', {'x': randn(2, 3, 5, 5), 'w': randn(3, 1, 3, 3)},
              [S('y', 'F.conv2d', 'x', 'w', padding=1, groups=3)], (2, 3, 5, 5), grad=('x', 'w'))

# ---------------------------------------------------------------- pooling
upstream_case('max_pool1d k3 s2 p1 ceil_mode', {'x': randn(2, 2, 8)}, [S('y', 'F.max_pool1d', 'x', 3, 2, 1, ceil_mode=True)], (2, 2, 5), grad=('x',))
upstream_case('max_pool1d with ties (first maximum wins)', {'x': [[[1, 3, 3, 2, 2, 2, 0]]]}, [S('y', 'F.max_pool1d', 'x', 3, 2)], (1, 1, 3), grad=('x',))
upstream_case('max_pool2d k2 ceil_mode on 5×5', {'x': randn(1, 2, 5, 5)}, [S('y', 'F.max_pool2d', 'x', 2, ceil_mode=True)], (1, 2, 3, 3), grad=('x',))
upstream_case('max_pool2d k3 s2 p1 dilation 2', {'x': randn(1, 1, 9, 8)}, [S('y', 'F.max_pool2d', 'x', 3, 2, 1, 2)], (1, 1, 4, 3), grad=('x',))
upstream_case('max_pool2d ties in overlapping windows', {'x': [[[[5, 5, 1], [5, 2, 5], [0, 5, 5]]]]}, [S('y', 'F.max_pool2d', 'x', 2, 1)], (1, 1, 2, 2), grad=('x',))
upstream_case('avg_pool1d k3 s2 p1 count_include_pad=False ceil_mode', {'x': randn(2, 3, 8)},
              [S('y', 'F.avg_pool1d', 'x', 3, 2, 1, ceil_mode=True, count_include_pad=False)], (2, 3, 5), grad=('x',))
upstream_case('avg_pool2d k3 s2 p1 count_include_pad=True', {'x': randn(1, 2, 6, 5)},
              [S('y', 'F.avg_pool2d', 'x', 3, 2, 1)], (1, 2, 3, 3), grad=('x',))
upstream_case('avg_pool2d k3 s2 p1 ceil_mode, count_include_pad=False', {'x': randn(1, 1, 6, 6)},
              [S('y', 'F.avg_pool2d', 'x', 3, 2, 1, ceil_mode=True, count_include_pad=False)], (1, 1, 4, 4), grad=('x',))
upstream_case('avg_pool2d k2 ceil_mode with count_include_pad (window clipped to the padded input)', {'x': randn(1, 1, 5, 5)},
              [S('y', 'F.avg_pool2d', 'x', 2, ceil_mode=True)], (1, 1, 3, 3), grad=('x',))
upstream_case('avg_pool2d divisor_override 3', {'x': randn(2, 1, 4, 4)}, [S('y', 'F.avg_pool2d', 'x', 2, divisor_override=3)], (2, 1, 2, 2), grad=('x',))

# ---------------------------------------------------------------- linear algebra
upstream_case('linear with bias on a 3-D input', {'x': randn(2, 3, 4), 'w': randn(5, 4), 'b': randn(5)}, [S('y', 'F.linear', 'x', 'w', 'b')], (2, 3, 5), grad=('x', 'w', 'b'))
upstream_case('linear without bias, 1-D input', {'x': randn(4), 'w': randn(3, 4)}, [S('y', 'F.linear', 'x', 'w')], (3,), grad=('x', 'w'))
case('matmul 1-D · 1-D (dot product)', {'a': randn(5), 'b': randn(5)}, [S('y', 'torch.matmul', 'a', 'b')], grad=('a', 'b'))
upstream_case('matmul 1-D · 2-D', {'a': randn(3), 'b': randn(3, 4)}, [S('y', 'torch.matmul', 'a', 'b')], (4,), grad=('a', 'b'))
upstream_case('matmul batched with broadcast (2,1,3,4) @ (5,4,2)', {'a': randn(2, 1, 3, 4), 'b': randn(5, 4, 2)},
              [S('y', 'torch.matmul', 'a', 'b')], (2, 5, 3, 2), grad=('a', 'b'))

# ---------------------------------------------------------------- elementwise
upstream_case('add with alpha and broadcasting', {'a': randn(2, 3), 'b': randn(3)}, [S('y', 'torch.add', 'a', 'b', alpha=2.5)], (2, 3), grad=('a', 'b'))
upstream_case('sub with alpha, other as keyword', {'a': randn(3, 1), 'b': randn(1, 4)}, [S('y', 'torch.sub', 'a', other='b', alpha=-0.5)], (3, 4), grad=('a', 'b'))
upstream_case('mul and div with broadcasting', {'a': randn(2, 3), 'b': rand(2, 1, lo=0.5, hi=2.0), 'c': randn(3)},
              [S('m', 'torch.mul', 'a', 'c'), S('y', 'torch.div', 'm', 'b')], (2, 3), grad=('a', 'b', 'c'))
upstream_case('div by a scalar literal, pow by a scalar', {'a': randn(4)}, [S('d', 'torch.div', 'a', 3.0), S('y', 'torch.pow', 'd', 3)], (4,), grad=('a',))
upstream_case('pow with a tensor exponent (positive base)', {'a': rand(3, lo=0.5, hi=2.0), 'e': randn(3)}, [S('y', 'torch.pow', 'a', 'e')], (3,), grad=('a', 'e'))
upstream_case('relu and leaky_relu (slope 0.2)', {'x': randn(3, 4)}, [S('r', 'torch.relu', 'x'), S('l', 'F.leaky_relu', 'x', 0.2), S('y', 'torch.add', 'r', 'l')], (3, 4), grad=('x',))
upstream_case('sigmoid and tanh', {'x': randn(2, 5, scale=2.0)}, [S('s', 'torch.sigmoid', 'x'), S('t', 'torch.tanh', 's'), S('y', 'torch.mul', 't', 'x')], (2, 5), grad=('x',))

# ---------------------------------------------------------------- reductions, shapes, softmax
upstream_case('sum over dim 1 keepdim', {'x': randn(2, 3, 4)}, [S('y', 'torch.sum', 'x', 1, True)], (2, 1, 4), grad=('x',))
upstream_case('mean over dims (0, 2)', {'x': randn(2, 3, 4)}, [S('y', 'torch.mean', 'x', dim=[0, 2])], (3,), grad=('x',))
case('mean of everything', {'x': randn(3, 3)}, [S('y', 'torch.mean', 'x')], grad=('x',))
upstream_case('flatten(1) and reshape with −1', {'x': randn(2, 3, 2, 2)}, [S('f', 'torch.flatten', 'x', 1), S('y', 'torch.reshape', 'f', [4, -1])], (4, 6), grad=('x',))
upstream_case('softmax over dim 0', {'x': randn(3, 4)}, [S('y', 'F.softmax', 'x', 0)], (3, 4), grad=('x',))
upstream_case('softmax with large logits (stability)', {'x': [[1000.0, 1001.0, 999.0], [-1000.0, -1002.0, -999.5]]}, [S('y', 'F.softmax', 'x', dim=1)], (2, 3), grad=('x',))
upstream_case('log_softmax over dim −1', {'x': randn(2, 3, 4)}, [S('y', 'F.log_softmax', 'x', dim=-1)], (2, 3, 4), grad=('x',))

# ---------------------------------------------------------------- losses
for red in ('mean', 'sum'):
    case(f'mse_loss reduction={red}', {'x': randn(3, 4), 't': randn(3, 4)}, [S('L', 'F.mse_loss', 'x', 't', reduction=red)], grad=('x', 't'))
upstream_case('mse_loss reduction=none', {'x': randn(5), 't': randn(5)}, [S('L', 'F.mse_loss', 'x', 't', reduction='none')], (5,), grad=('x', 't'))
case('cross_entropy with class weights and ignore_index', {'z': randn(5, 4), 't': [0, 3, -100, 2, 3], 'w': rand(4, lo=0.2, hi=2.0)},
     [S('L', 'F.cross_entropy', 'z', 't', weight='w')], grad=('z',), long_inputs=('t',))
case('cross_entropy reduction=sum', {'z': randn(3, 6), 't': [5, 0, 2]}, [S('L', 'F.cross_entropy', 'z', 't', reduction='sum')], grad=('z',), long_inputs=('t',))
upstream_case('cross_entropy reduction=none on (N, C, d) input', {'z': randn(2, 3, 4), 't': [[0, 2, 1, 1], [2, 2, 0, 1]]},
              [S('L', 'F.cross_entropy', 'z', 't', reduction='none')], (2, 4), grad=('z',), long_inputs=('t',))
case('cross_entropy with probability targets (target differentiable too)', {'z': randn(3, 4), 'p': torch.softmax(torch.randn(3, 4, generator=gen), 1).tolist()},
     [S('L', 'F.cross_entropy', 'z', 'p')], grad=('z', 'p'))
case('cross_entropy on a 1-D input and a 0-d target', {'z': randn(5), 't': 3}, [S('L', 'F.cross_entropy', 'z', 't')], grad=('z',), long_inputs=('t',))
case('nll_loss after log_softmax, weighted mean', {'z': randn(4, 3), 't': [2, 0, 1, 1], 'w': [0.5, 2.0, 1.0]},
     [S('lp', 'F.log_softmax', 'z', 1), S('L', 'F.nll_loss', 'lp', 't', 'w')], grad=('z',), long_inputs=('t',))
case('binary_cross_entropy with weight', {'p': rand(2, 3, lo=0.05, hi=0.95), 't': rand(2, 3), 'w': rand(2, 3, lo=0.5, hi=1.5)},
     [S('L', 'F.binary_cross_entropy', 'p', 't', 'w')], grad=('p', 't'))
case('binary_cross_entropy after sigmoid, reduction=sum', {'z': randn(4), 't': [0.0, 1.0, 1.0, 0.0]},
     [S('p', 'torch.sigmoid', 'z'), S('L', 'F.binary_cross_entropy', 'p', 't', reduction='sum')], grad=('z',))
case('binary_cross_entropy_with_logits with pos_weight and weight', {'z': randn(3, 2, scale=3.0), 't': rand(3, 2), 'pw': [2.0, 0.5], 'w': rand(3, 1, lo=0.5, hi=1.5)},
     [S('L', 'F.binary_cross_entropy_with_logits', 'z', 't', weight='w', pos_weight='pw')], grad=('z', 't'))
upstream_case('binary_cross_entropy_with_logits reduction=none', {'z': randn(4, scale=5.0), 't': [0.0, 1.0, 0.3, 1.0]},
              [S('L', 'F.binary_cross_entropy_with_logits', 'z', 't', reduction='none')], (4,), grad=('z',))

# ---------------------------------------------------------------- chains
case('conv1d → tanh → avg_pool1d → mse (sum) with SGD', {'x': randn(2, 1, 10), 'w': randn(2, 1, 3), 'b': randn(2), 't': randn(2, 2, 4)},
     [S('c', 'F.conv1d', 'x', 'w', 'b'), S('a', 'torch.tanh', 'c'), S('p', 'F.avg_pool1d', 'a', 2), S('L', 'F.mse_loss', 'p', 't', reduction='sum')],
     grad=('w', 'b'), sgd={'lr': 0.05})
case('conv2d(pad 1) → leaky_relu → max_pool2d(ceil) → mean', {'x': randn(1, 2, 5, 5), 'w': randn(2, 2, 3, 3)},
     [S('c', 'F.conv2d', 'x', 'w', padding=1), S('a', 'F.leaky_relu', 'c', 0.1), S('p', 'F.max_pool2d', 'a', 2, ceil_mode=True), S('L', 'torch.mean', 'p')],
     grad=('x', 'w'))
case('two-layer MLP with sigmoid and BCE-with-logits', {'x': randn(4, 3), 'w1': randn(5, 3), 'b1': randn(5), 'w2': randn(1, 5), 't': [[1.0], [0.0], [1.0], [0.0]]},
     [S('h', 'F.linear', 'x', 'w1', 'b1'), S('s', 'torch.sigmoid', 'h'), S('z', 'F.linear', 's', 'w2'), S('L', 'F.binary_cross_entropy_with_logits', 'z', 't')],
     grad=('w1', 'b1', 'w2'), sgd={'lr': 1.0})
case('softmax → log → weighted sum (a hand-made cross-entropy)', {'z': randn(2, 3), 'onehot': [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]},
     [S('y', 'F.log_softmax', 'z', 1), S('m', 'torch.mul', 'y', 'onehot'), S('s', 'torch.sum', 'm'), S('L', 'torch.mul', 's', -0.5)], grad=('z',))


# ---------------------------------------------------------------- the math functions (the registry's element-wise family)
# Inputs inside each function's domain; abs gets an exact 0 (PyTorch's derivative there is 0, reported as a kink).
UNARY_DOMAINS = [
    ('exp', -2, 2), ('exp2', -2, 2), ('expm1', -1, 1), ('log', 0.2, 3), ('log1p', -0.5, 2), ('log2', 0.2, 3), ('log10', 0.2, 3),
    ('sqrt', 0.2, 3), ('rsqrt', 0.2, 3), ('reciprocal', 0.5, 2), ('square', -2, 2), ('neg', -2, 2),
    ('sin', -3, 3), ('cos', -3, 3), ('tan', -1.2, 1.2), ('asin', -0.9, 0.9), ('acos', -0.9, 0.9), ('atan', -3, 3),
    ('sinh', -2, 2), ('cosh', -2, 2), ('tanh', -2, 2), ('asinh', -3, 3), ('acosh', 1.1, 3), ('atanh', -0.9, 0.9),
    ('erf', -2.5, 2.5), ('erfc', -2.5, 2.5), ('sigmoid', -4, 4),
]
for name, lo, hi in UNARY_DOMAINS:
    upstream_case(f'torch.{name}', {'x': rand(2, 3, lo=lo, hi=hi)}, [S('y', f'torch.{name}', 'x')], (2, 3), grad=('x',))
upstream_case('torch.abs with an exact 0 (derivative 0 there)', {'x': [[-1.5, 0.0, 2.0], [0.3, -0.7, 1.1]]}, [S('y', 'torch.abs', 'x')], (2, 3), grad=('x',))
upstream_case('pow with a fractional scalar exponent', {'x': rand(4, lo=0.3, hi=2.0)}, [S('y', 'torch.pow', 'x', 0.5)], (4,), grad=('x',))
upstream_case('pow with a negative integer exponent', {'x': rand(3, lo=0.5, hi=2.0)}, [S('y', 'torch.pow', 'x', -2)], (3,), grad=('x',))
upstream_case('pow of a scalar base to a tensor exponent', {'e': randn(3)}, [S('y', 'torch.pow', 2.5, 'e')], (3,), grad=('e',))

# ---------------------------------------------------------------- activations
X_ACT = randn(3, 4, scale=2.0)
for fn, kw in [('F.gelu', {}), ('F.gelu', {'approximate': 'tanh'}), ('F.silu', {}), ('F.mish', {}), ('F.elu', {}), ('F.elu', {'alpha': 0.5}),
               ('F.celu', {'alpha': 2.0}), ('F.selu', {}), ('F.softplus', {}), ('F.softplus', {'beta': 2.0, 'threshold': 1.0}), ('F.logsigmoid', {}),
               ('F.sigmoid', {}), ('F.tanh', {})]:
    label = fn + (' ' + ', '.join(f'{k}={v}' for k, v in kw.items()) if kw else '')
    upstream_case(label, {'x': X_ACT}, [S('y', fn, 'x', **kw)], (3, 4), grad=('x',))

# ---------------------------------------------------------------- reductions with dim / keepdim
upstream_case('sum over a tuple of dims, keepdim', {'x': randn(2, 3, 4)}, [S('y', 'torch.sum', 'x', [0, 2], keepdim=True)], (1, 3, 1), grad=('x',))
upstream_case('mean over dim −1, keepdim', {'x': randn(2, 3, 4)}, [S('y', 'torch.mean', 'x', -1, True)], (2, 3, 1), grad=('x',))
case('var of everything (unbiased)', {'x': randn(3, 4)}, [S('y', 'torch.var', 'x')], grad=('x',))
upstream_case('var over dim 1, unbiased=False', {'x': randn(3, 5)}, [S('y', 'torch.var', 'x', 1, False)], (3,), grad=('x',))
upstream_case('var over dims (0, 2), correction=2, keepdim', {'x': randn(3, 2, 4)}, [S('y', 'torch.var', 'x', [0, 2], keepdim=True, correction=2)], (1, 2, 1), grad=('x',))
upstream_case('std over dim 0', {'x': randn(4, 3)}, [S('y', 'torch.std', 'x', 0)], (3,), grad=('x',))
upstream_case('std over dim −1, correction=0, keepdim', {'x': randn(2, 5)}, [S('y', 'torch.std', 'x', -1, keepdim=True, correction=0)], (2, 1), grad=('x',))
upstream_case('amax over dim 1', {'x': randn(3, 4)}, [S('y', 'torch.amax', 'x', 1)], (3,), grad=('x',))
upstream_case('amax with ties share the gradient', {'x': [[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]}, [S('y', 'torch.amax', 'x', -1)], (2,), grad=('x',))
upstream_case('amin over dims (0, 1), keepdim', {'x': randn(2, 3, 2)}, [S('y', 'torch.amin', 'x', [0, 1], True)], (1, 1, 2), grad=('x',))
case('amax of everything', {'x': randn(2, 3)}, [S('y', 'torch.amax', 'x')], grad=('x',))
upstream_case('logsumexp over dim 1', {'x': randn(3, 4, scale=3.0)}, [S('y', 'torch.logsumexp', 'x', 1)], (3,), grad=('x',))

# ---------------------------------------------------------------- softmax over any dim
upstream_case('torch.softmax over dim 1 of a 3-D input', {'x': randn(2, 3, 4)}, [S('y', 'torch.softmax', 'x', 1)], (2, 3, 4), grad=('x',))
upstream_case('F.softmax over dim −2', {'x': randn(2, 3, 4)}, [S('y', 'F.softmax', 'x', dim=-2)], (2, 3, 4), grad=('x',))
upstream_case('torch.log_softmax over dim 0', {'x': randn(3, 2)}, [S('y', 'torch.log_softmax', 'x', 0)], (3, 2), grad=('x',))

# ---------------------------------------------------------------- regression losses
for red in ('mean', 'sum'):
    case(f'l1_loss reduction={red}', {'x': randn(3, 4), 't': randn(3, 4)}, [S('L', 'F.l1_loss', 'x', 't', reduction=red)], grad=('x', 't'))
upstream_case('l1_loss reduction=none', {'x': randn(5), 't': randn(5)}, [S('L', 'F.l1_loss', 'x', 't', reduction='none')], (5,), grad=('x', 't'))
case('smooth_l1_loss (beta 1), both branches', {'x': randn(3, 4, scale=2.0), 't': randn(3, 4)}, [S('L', 'F.smooth_l1_loss', 'x', 't')], grad=('x', 't'))
case('smooth_l1_loss beta=0.5, reduction=sum', {'x': randn(4, 3), 't': randn(4, 3)}, [S('L', 'F.smooth_l1_loss', 'x', 't', reduction='sum', beta=0.5)], grad=('x', 't'))
case('smooth_l1_loss beta=0 is l1_loss', {'x': randn(5), 't': randn(5)}, [S('L', 'F.smooth_l1_loss', 'x', 't', beta=0.0)], grad=('x',))
case('huber_loss (delta 1), both branches', {'x': randn(3, 4, scale=2.0), 't': randn(3, 4)}, [S('L', 'F.huber_loss', 'x', 't')], grad=('x', 't'))
upstream_case('huber_loss delta=0.7, reduction=none', {'x': randn(2, 3, scale=2.0), 't': randn(2, 3)}, [S('L', 'F.huber_loss', 'x', 't', reduction='none', delta=0.7)], (2, 3), grad=('x', 't'))

# ---------------------------------------------------------------- cross-entropy with label smoothing
case('cross_entropy label_smoothing=0.1', {'z': randn(4, 5), 't': [1, 0, 4, 2]}, [S('L', 'F.cross_entropy', 'z', 't', label_smoothing=0.1)], grad=('z',), long_inputs=('t',))
case('cross_entropy label_smoothing=0.2 with weights and ignore_index', {'z': randn(5, 3), 't': [0, 2, -100, 1, 2], 'w': rand(3, lo=0.2, hi=2.0)},
     [S('L', 'F.cross_entropy', 'z', 't', weight='w', label_smoothing=0.2)], grad=('z',), long_inputs=('t',))
case('cross_entropy label_smoothing=0.3, ignore_index, no weights', {'z': randn(4, 3), 't': [0, -100, 2, 1]},
     [S('L', 'F.cross_entropy', 'z', 't', label_smoothing=0.3)], grad=('z',), long_inputs=('t',))
upstream_case('cross_entropy label_smoothing=0.25, reduction=none, (N, C, d) input', {'z': randn(2, 3, 4), 't': [[0, 2, 1, 1], [2, 2, 0, 1]]},
              [S('L', 'F.cross_entropy', 'z', 't', reduction='none', label_smoothing=0.25)], (2, 4), grad=('z',), long_inputs=('t',))
case('cross_entropy probability targets with label_smoothing=0.1, reduction=sum',
     {'z': randn(3, 4), 'p': torch.softmax(torch.randn(3, 4, generator=gen), 1).tolist()},
     [S('L', 'F.cross_entropy', 'z', 'p', reduction='sum', label_smoothing=0.1)], grad=('z', 'p'))

# ---------------------------------------------------------------- normalisation
upstream_case('layer_norm over the last dim with weight and bias', {'x': randn(2, 3, 4), 'w': randn(4), 'b': randn(4)},
              [S('y', 'F.layer_norm', 'x', [4], 'w', 'b')], (2, 3, 4), grad=('x', 'w', 'b'))
upstream_case('layer_norm over the last two dims, no affine, eps 1e-3', {'x': randn(2, 3, 4, scale=2.0)},
              [S('y', 'F.layer_norm', 'x', [3, 4], eps=1e-3)], (2, 3, 4), grad=('x',))
upstream_case('batch_norm training on (N, C)', {'x': randn(4, 3), 'w': randn(3), 'b': randn(3)},
              [S('y', 'F.batch_norm', 'x', None, None, 'w', 'b', True)], (4, 3), grad=('x', 'w', 'b'))
upstream_case('batch_norm training on (N, C, H, W), no affine', {'x': randn(2, 2, 3, 3)},
              [S('y', 'F.batch_norm', 'x', None, None, training=True)], (2, 2, 3, 3), grad=('x',))
upstream_case('batch_norm evaluation with running statistics', {'x': randn(3, 2, 4), 'rm': randn(2), 'rv': rand(2, lo=0.5, hi=2.0), 'w': randn(2), 'b': randn(2)},
              [S('y', 'F.batch_norm', 'x', 'rm', 'rv', 'w', 'b', eps=1e-3)], (3, 2, 4), grad=('x', 'w', 'b'))

# ---------------------------------------------------------------- chains with the new ops
case('linear → layer_norm → gelu → linear → cross-entropy (label smoothing) with SGD',
     {'x': randn(3, 4), 'w1': randn(6, 4), 'b1': randn(6), 'g': randn(6), 'beta': randn(6), 'w2': randn(3, 6), 't': [2, 0, 1]},
     [S('h', 'F.linear', 'x', 'w1', 'b1'), S('n', 'F.layer_norm', 'h', [6], 'g', 'beta'), S('a', 'F.gelu', 'n'),
      S('z', 'F.linear', 'a', 'w2'), S('L', 'F.cross_entropy', 'z', 't', label_smoothing=0.1)],
     grad=('w1', 'b1', 'g', 'beta', 'w2'), long_inputs=('t',), sgd={'lr': 0.1})
case('standardise by mean and std, then exp, log and sin: L = Σ sin(log(exp(z)))',
     {'x': randn(2, 5)},
     [S('m', 'torch.mean', 'x', 1, True), S('s', 'torch.std', 'x', 1, keepdim=True), S('c', 'torch.sub', 'x', 'm'), S('z', 'torch.div', 'c', 's'),
      S('e', 'torch.exp', 'z'), S('l', 'torch.log', 'e'), S('q', 'torch.sin', 'l'), S('L', 'torch.sum', 'q')], grad=('x',))


# ---------------------------------------------------------------- torch.* spellings with their own signatures
upstream_case('torch.layer_norm (with cudnn_enable)', {'x': randn(2, 4), 'w': randn(4), 'b': randn(4)},
              [S('y', 'torch.layer_norm', 'x', [4], 'w', 'b', 1e-5, False)], (2, 4), grad=('x', 'w', 'b'))
upstream_case('torch.batch_norm training (every argument positional)', {'x': randn(3, 2), 'w': randn(2), 'b': randn(2)},
              [S('y', 'torch.batch_norm', 'x', 'w', 'b', None, None, True, 0.1, 1e-5, False)], (3, 2), grad=('x', 'w', 'b'))


def main():
    out = []
    for name, check, long_inputs in CASES:
        expected = run(check, long_inputs)
        out.append({'name': name, 'check': check, 'expected': expected})
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
    path = os.path.join(root, 'test', 'fixtures', 'grad', 'cases.json')
    with open(path, 'w') as f:
        json.dump({'generator': 'scripts/gen_grad_fixtures.py', 'torch': torch.__version__, 'dtype': 'float64', 'cases': out}, f, indent=1)
    print(f'{len(out)} cases → {path}')


if __name__ == '__main__':
    main()
