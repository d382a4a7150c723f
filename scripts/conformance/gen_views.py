#!/usr/bin/python3
"""Conformance cases for the ops that keep the data and change how it is seen or split (src/engine/layers/views.ts,
and torch.swapaxes/swapdims from reshape.ts): identities (x.float(), x.to(…), x.detach(), x.clone(), x.requires_grad_(),
x.retain_grad(), x.type_as(y), x.fill_(…), x.copy_(y), torch.nn.init.*), expand/expand_as/view_as/repeat, and the
pieces (chunk, split, tensor_split, unbind) and picks (select, narrow) along a dim.

Run with Debian's torch:   /usr/bin/python3 scripts/conformance/gen_views.py
Writes test/fixtures/conformance/views.json. MACs are 0 for all of them.

Invalid: sizes that cannot expand, fewer repeats than dims, split sizes that do not add up, chunks ≤ 0, indices out
of range, dims out of range, a copy source that does not broadcast, initialisers given a tensor of the wrong rank.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..'))
from gen_conformance import function, generate  # noqa: E402

OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'conformance', 'views.json')
X = [2, 3, 4]


def identity_cases():
    for name in ['float', 'double', 'half', 'bfloat16', 'long', 'int', 'short', 'char', 'byte', 'bool', 'cfloat',
                 'cdouble']:
        function(f'Tensor.{name}', [X])
    function('Tensor.float', [[]], note='0-d')
    function('Tensor.float', [X], kwargs={'memory_format': None})
    function('Tensor.float', [X], [1], note='invalid: positional argument')
    function('Tensor.contiguous', [X])
    function('Tensor.to', [X], ['cpu'])
    function('Tensor.to', [X], ['cpu'], {'non_blocking': True, 'copy': True})
    function('Tensor.to', [X, [5]], note='to(other): dtype and device of another tensor')
    function('Tensor.cpu', [X])
    function('Tensor.type', [X], ['torch.DoubleTensor'])
    function('Tensor.share_memory_', [X])
    function('Tensor.detach', [X])
    function('Tensor.detach_', [X])
    function('torch.detach', [X])
    function('Tensor.clone', [X])
    function('torch.clone', [[]], note='0-d')
    function('Tensor.clone', [X], kwargs={'memory_format': None})
    function('torch.clone', [X], [1], note='invalid: positional argument')
    function('Tensor.requires_grad_', [X])
    function('Tensor.requires_grad_', [X], [False])
    function('Tensor.requires_grad_', [X], kwargs={'requires_grad': True})
    function('Tensor.requires_grad_', [X], [True, False], note='invalid: too many arguments')
    # retain_grad returns None (it only marks the tensor); PyTorch raises for a tensor that does not require grad.
    function('Tensor.retain_grad', [X], dtype='grad', note='returns None')
    function('Tensor.type_as', [X, [5]])
    function('Tensor.fill_', [X], [1.5])
    function('Tensor.zero_', [X])
    function('Tensor.uniform_', [X], [-1.0, 1.0])
    function('Tensor.normal_', [X], kwargs={'std': 0.02})
    function('Tensor.bernoulli_', [X], [0.5])
    function('Tensor.random_', [X], [0, 10])
    function('Tensor.exponential_', [X])
    function('Tensor.geometric_', [X], [0.5])
    function('Tensor.cauchy_', [X])
    function('Tensor.log_normal_', [X])
    function('Tensor.fill_diagonal_', [[3, 5]], [0.0])
    function('Tensor.fill_diagonal_', [[3, 3, 3]], [1.0], note='all dims equal')
    function('Tensor.fill_diagonal_', [[4]], [0.0], note='invalid: 1-d')
    function('Tensor.fill_diagonal_', [X], [0.0], note='invalid: 3-d with unequal dims')
    # copy_(src): src broadcasts to the tensor, whose shape is kept
    function('Tensor.copy_', [X, X])
    function('Tensor.copy_', [X, [3, 1]])
    function('Tensor.copy_', [X, []], note='0-d source')
    function('Tensor.copy_', [[3], [2, 3]], note='invalid: source wider than the tensor')
    function('Tensor.copy_', [X, [2, 4]], note='invalid: source does not broadcast')


def init_cases():
    init = 'torch.nn.init.'
    function(init + 'normal_', [X])
    function(init + 'normal_', [[5]], [0.0, 0.02])
    function(init + 'uniform_', [X], kwargs={'a': -0.1, 'b': 0.1})
    function(init + 'constant_', [X], [0.3])
    function(init + 'zeros_', [[5]])
    function(init + 'ones_', [[]], note='0-d')
    function(init + 'trunc_normal_', [X], kwargs={'std': 0.02})
    function(init + 'constant_', [X], note='invalid: val is required')
    # The fan-based initialisers need fan_in and fan_out: at least 2 dims.
    for name in ['xavier_uniform_', 'xavier_normal_', 'kaiming_uniform_', 'kaiming_normal_']:
        function(init + name, [[8, 4]])
        function(init + name, [[8, 4, 3, 3]], note='conv weight')
        function(init + name, [[8]], note='invalid: 1-d (a bias)')
    function(init + 'kaiming_normal_', [[8, 4]], kwargs={'mode': 'fan_out', 'nonlinearity': 'relu'})
    function(init + 'xavier_uniform_', [[8, 4]], kwargs={'gain': 2.0})
    function(init + 'orthogonal_', [[4, 6]])
    function(init + 'orthogonal_', [[4, 2, 3]], note='flattened to 4 × 6')
    function(init + 'orthogonal_', [[4]], note='invalid: 1-d')
    function(init + 'eye_', [[3, 5]])
    function(init + 'eye_', [X], note='invalid: 3-d')
    function(init + 'dirac_', [[4, 2, 3]])
    function(init + 'dirac_', [[4, 4, 3, 3]], kwargs={'groups': 2})
    function(init + 'dirac_', [[4, 2]], note='invalid: 2-d')
    function(init + 'sparse_', [[6, 4]], [0.5])
    function(init + 'sparse_', [X], [0.5], note='invalid: 3-d')


def expand_repeat_cases():
    function('Tensor.expand', [[2, 1, 4]], [2, 3, 4])
    function('Tensor.expand', [[2, 1, 4]], [-1, 5, -1])
    function('Tensor.expand', [[3, 1]], [[2, 3, 4]], note='tuple argument, a new leading dim')
    function('Tensor.expand', [[]], [2, 3], note='0-d')
    function('Tensor.expand', [[2, 1, 4]], [2, 3, 5], note='invalid: non-singleton dim')
    function('Tensor.expand', [[2, 1, 4]], [3, 4], note='invalid: fewer sizes than dims')
    function('Tensor.expand', [[3, 1]], [-1, 3, 2], note='invalid: -1 in a new leading dim')
    function('Tensor.expand_as', [[3, 1], [2, 3, 4]])
    function('Tensor.expand_as', [[2, 3], [2, 3]])
    function('Tensor.expand_as', [[2, 3], [3, 3]], note='invalid: non-singleton dim')
    function('Tensor.view_as', [X, [6, 4]])
    function('Tensor.view_as', [X, [24]])
    function('Tensor.view_as', [X, [5]], note='invalid: element count')
    function('Tensor.reshape_as', [X, [4, 6]])
    function('Tensor.reshape_as', [X, [4, 5]], note='invalid: element count')
    function('Tensor.repeat', [X], [2, 1, 1])
    function('Tensor.repeat', [X], [2, 2, 1, 3], note='an extra leading count')
    function('Tensor.repeat', [[3]], [[2, 2]], note='tuple argument')
    function('Tensor.repeat', [X], [1, 0, 1], note='a zero count')
    function('Tensor.repeat', [X], [2, 2], note='invalid: fewer counts than dims')
    function('Tensor.repeat', [X], [1, -1, 1], note='invalid: negative count')


def piece_cases():
    for spelling in ['torch', 'Tensor']:
        function(f'{spelling}.chunk', [[5, 4]], [2])
        function(f'{spelling}.split', [[5, 4]], [2])
        function(f'{spelling}.tensor_split', [[5, 4]], [3])
        function(f'{spelling}.unbind', [X])
        function(f'{spelling}.select', [X], [1, 2])
        function(f'{spelling}.narrow', [X], [0, 1, 1])
    # chunk(chunks, dim=0): pieces of ⌈size/chunks⌉; fewer pieces when they run out
    function('torch.chunk', [[6, 4]], [4], note='6 in chunks of 2: three pieces')
    function('torch.chunk', [X], [3, 2])
    function('torch.chunk', [X], [2, -1])
    function('torch.chunk', [X], [5, 1], note='more chunks than entries')
    function('torch.chunk', [X], [0], note='invalid: chunks = 0')
    function('torch.chunk', [X], [2, 3], note='invalid: dim out of range')
    # split(split_size_or_sections, dim=0)
    function('torch.split', [X], [[1, 2], 1], note='sizes')
    function('torch.split', [X], [3, -1])
    function('Tensor.split', [X], [[1, 3]], {'dim': 2}, note='sizes')
    function('torch.split', [X], [5], note='one piece larger than the dim')
    function('torch.split', [X], [[1, 1], 1], note='invalid: sizes do not add up')
    function('torch.split', [X], [0], note='invalid: split size 0')
    function('torch.split', [X], [2, 3], note='invalid: dim out of range')
    # tensor_split(indices_or_sections, dim=0)
    function('torch.tensor_split', [X], [2, 1])
    function('torch.tensor_split', [X], [[1, 3], 2], note='indices')
    function('torch.tensor_split', [X], [[-1], -1], note='negative index')
    function('torch.tensor_split', [X], [[3, 1], 2], note='indices out of order: an empty piece')
    function('torch.tensor_split', [X], [5, 1], note='more sections than entries')
    function('torch.tensor_split', [X], [0], note='invalid: 0 sections')
    function('torch.tensor_split', [X], [2, 3], note='invalid: dim out of range')
    # unbind(dim=0)
    function('torch.unbind', [X], [2])
    function('torch.unbind', [X], [-2])
    function('torch.unbind', [X], [3], note='invalid: dim out of range')
    function('torch.unbind', [[]], [0], note='invalid: 0-d')
    # select(dim, index), narrow(dim, start, length)
    function('torch.select', [X], [-1, -1])
    function('Tensor.select', [[5]], [0, 4], note='to 0-d')
    function('torch.select', [X], [1, 3], note='invalid: index out of range')
    function('torch.select', [X], [0, -3], note='invalid: negative index out of range')
    function('torch.select', [X], [3, 0], note='invalid: dim out of range')
    function('torch.narrow', [X], [2, 1, 3])
    function('torch.narrow', [X], [-1, -2, 2], note='negative start')
    function('Tensor.narrow', [X], [1, 0, 0], note='length 0')
    function('torch.narrow', [X], [2, 3, 2], note='invalid: start + length past the end')
    function('torch.narrow', [X], [0, 0, -1], note='invalid: negative length')
    function('torch.narrow', [X], [3, 0, 1], note='invalid: dim out of range')


def swap_cases():
    for name in ['swapaxes', 'swapdims']:
        function(f'torch.{name}', [X], [0, 2])
        function(f'Tensor.{name}', [X], [-1, 0])
        function(f'Tensor.{name}_', [X], [0, 1], note='in place')
        function(f'torch.{name}', [X], [1, 1])
        function(f'torch.{name}', [X], [0, 3], note='invalid: dim out of range')
        function(f'torch.{name}', [X], [0], note='invalid: missing dim')


if __name__ == '__main__':
    generate([identity_cases, init_cases, expand_repeat_cases, piece_cases, swap_cases], OUT,
             generator='scripts/conformance/gen_views.py')
