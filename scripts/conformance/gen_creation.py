#!/usr/bin/python3
"""Conformance cases for tensor creation (src/engine/layers/creation.ts): torch.zeros/ones/empty/randn/rand (*size or
one tuple), full, randint, arange, linspace, logspace, eye, randperm, tensor/as_tensor (the nesting of the literal),
the legacy constructor torch.Tensor(…), the *_like functions and Tensor.new_*.

Run with Debian's torch:   /usr/bin/python3 scripts/conformance/gen_creation.py
Writes test/fixtures/conformance/creation.json. MACs are 0 for all of them. Creation ops take no tensor: their cases
have no inputs (the *_like functions and new_* take one, whose shape or nothing of it they use).

Invalid: negative sizes, a zero step or one pointing away from end, negative counts (steps, n, m), ragged literals.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..'))
from gen_conformance import function, generate  # noqa: E402

OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'conformance', 'creation.json')


def sized_cases():
    for name in ['zeros', 'ones', 'empty', 'randn', 'rand']:
        function(f'torch.{name}', [], [2, 3])
        function(f'torch.{name}', [], [[4, 1, 5]], note='one tuple')
        function(f'torch.{name}', [], [5], {'requires_grad': True})
        function(f'torch.{name}', [], [[]], note='empty tuple: 0-d')
        function(f'torch.{name}', [], [0, 3], note='a zero size')
        function(f'torch.{name}', [], [2, -1], note='invalid: negative size')
    function('torch.zeros', [], kwargs={'size': (2, 3)}, note='size as keyword')
    function('torch.randn', [], [1, 3, 32, 32], {'device': 'cpu'})
    function('torch.full', [], [[2, 3], 7.0])
    function('torch.full', [], [[], 1.0], note='0-d')
    function('torch.full', [], [[4]], {'fill_value': 0})
    function('torch.full', [], [[-1, 3], 1.0], note='invalid: negative size')
    function('torch.full', [], [[2, 3]], note='invalid: fill_value is required')
    # randint(high, size) | randint(low, high, size)
    function('torch.randint', [], [10, [2, 3]])
    function('torch.randint', [], [3, 10, [4]])
    function('torch.randint', [], [0, 2, [2, 2, 2]])
    function('torch.randint', [], [10], {'size': (5,)}, note='size as keyword')
    function('torch.randint', [], [10, [2, -3]], note='invalid: negative size')


def range_cases():
    # arange(end) | arange(start, end, step=1): ⌈(end − start)/step⌉ values
    function('torch.arange', [], [10])
    function('torch.arange', [], [2, 10])
    function('torch.arange', [], [1, 10, 3])
    function('torch.arange', [], [10, 0, -2], note='negative step')
    function('torch.arange', [], [0, 1, 0.1], note='float step')
    function('torch.arange', [], [1, 2.5, 0.5])
    function('torch.arange', [], [5, 5], note='empty range')
    function('torch.arange', [], kwargs={'start': 0, 'end': 6, 'step': 2})
    function('torch.arange', [], [0, 10, 0], note='invalid: step 0')
    function('torch.arange', [], [10, 0], note='invalid: step points away from end')
    function('torch.arange', [], [-3], note='invalid: negative end')
    # linspace / logspace(start, end, steps): steps values
    for name in ['linspace', 'logspace']:
        function(f'torch.{name}', [], [0, 1, 5])
        function(f'torch.{name}', [], [-1.0, 1.0], {'steps': 1})
        function(f'torch.{name}', [], [0, 1, 0], note='zero steps')
        function(f'torch.{name}', [], [0, 1, -1], note='invalid: negative steps')
        function(f'torch.{name}', [], [0, 1], note='invalid: steps is required')
    function('torch.logspace', [], [0, 3, 4, 2], note='base 2')
    # eye(n, m=None), randperm(n)
    function('torch.eye', [], [3])
    function('torch.eye', [], [2, 4])
    function('torch.eye', [], [0])
    function('torch.eye', [], [-1], note='invalid: negative n')
    function('torch.eye', [], [2, -1], note='invalid: negative m')
    function('torch.randperm', [], [5])
    function('torch.randperm', [], [0])
    function('torch.randperm', [], [-1], note='invalid: negative n')


def literal_cases():
    function('torch.tensor', [], [[[1, 2], [3, 4], [5, 6]]])
    function('torch.tensor', [], [3.5], note='0-d')
    function('torch.tensor', [], [[]], note='empty list')
    function('torch.tensor', [], [[[[1], [2]]]])
    function('torch.tensor', [], [[1, 2]], {'dtype': None, 'requires_grad': False})
    function('torch.tensor', [], [[[1, 2], [3]]], note='invalid: ragged')
    function('torch.as_tensor', [], [[1, 2, 3]])
    function('torch.as_tensor', [], [[[1, 2], [3, 4, 5]]], note='invalid: ragged')
    # The legacy constructor: sizes, or one sequence of data
    function('torch.Tensor', [], [2, 3])
    function('torch.Tensor', [], [[1, 2, 3]], note='data')
    function('torch.Tensor', [], [[[1, 2], [3, 4]]], note='nested data')
    function('torch.Tensor', [], note='no arguments: an empty 1-d tensor')
    function('torch.FloatTensor', [], [4, 5])
    function('torch.LongTensor', [], [[1, 2]], note='data')
    function('torch.DoubleTensor', [], [3])
    function('torch.Tensor', [], [2, -3], note='invalid: negative size')


def like_cases():
    for name in ['zeros_like', 'ones_like', 'empty_like', 'randn_like', 'rand_like']:
        function(f'torch.{name}', [[2, 3, 4]])
        function(f'torch.{name}', [[]], note='0-d')
        function(f'torch.{name}', [[2, 3]], kwargs={'dtype': None, 'requires_grad': True})
        function(f'torch.{name}', [[2, 3]], [1], note='invalid: positional argument')
    function('torch.full_like', [[2, 3]], [7.0])
    function('torch.full_like', [[4]], kwargs={'fill_value': 1})
    function('torch.full_like', [[2, 3]], note='invalid: fill_value is required')
    function('torch.randint_like', [[2, 3]], [10])
    function('torch.randint_like', [[2, 3]], [3, 10])
    function('torch.randint_like', [[2, 3]], note='invalid: high is required')
    # x.new_zeros(size): the shape from the argument, only dtype and device from x
    for name in ['new_zeros', 'new_ones', 'new_empty']:
        function(f'Tensor.{name}', [[2, 3]], [[4, 5]])
        function(f'Tensor.{name}', [[2, 3]], [4, 5], note='sizes as separate arguments')
        function(f'Tensor.{name}', [[2, 3]], [[]], note='0-d')
        function(f'Tensor.{name}', [[2, 3]], [[4, -5]], note='invalid: negative size')
    function('Tensor.new_full', [[2, 3]], [[4, 5], 1.5])
    function('Tensor.new_full', [[2, 3]], [[3]], {'fill_value': 0})
    function('Tensor.new_full', [[2, 3]], [[4, 5]], note='invalid: fill_value is required')
    function('Tensor.new_full', [[2, 3]], [[-1], 0.0], note='invalid: negative size')


if __name__ == '__main__':
    generate([sized_cases, range_cases, literal_cases, like_cases], OUT, generator='scripts/conformance/gen_creation.py')
