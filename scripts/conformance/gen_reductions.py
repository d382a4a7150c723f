#!/usr/bin/python3
"""Conformance cases for the reductions, scans and sorting ops (src/engine/layers/reductions.ts): sum, nansum, mean,
nanmean, prod, var, std, norm, amax, amin, logsumexp, all, any, count_nonzero, argmax, argmin, max, min, median,
nanmedian, mode, kthvalue; cumsum, cumprod, logcumsumexp, cummax, cummin, sort, argsort, topk, quantile, nanquantile.

Run with Debian's torch:   /usr/bin/python3 scripts/conformance/gen_reductions.py
Writes test/fixtures/conformance/reductions.json. MACs are 0 for all of them.

Each op gets dim=None, an int dim, a negative dim, keepdim and (where PyTorch takes one) a tuple of dims; the ops that
return (values, indices) are recorded as tuples; torch.max/min(x, y) with two tensors is the element-wise overload.
Invalid: dims out of range or repeated, a tuple where one int goes, k out of range, reducing an empty dim where
there is no identity (max, argmax), missing required arguments.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..'))
from gen_conformance import function, generate  # noqa: E402

OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'conformance', 'reductions.json')
X = [2, 3, 4]


def both(name, inputs, args=(), kwargs=None, note=None, dtype='float'):
    """The op as torch.x and as the method Tensor.x (same arguments after the tensor)."""
    function(f'torch.{name}', inputs, args, kwargs, note=note, dtype=dtype)
    function(f'Tensor.{name}', inputs, args, kwargs, note=note, dtype=dtype)


def sum_like_cases():
    # dim: an int, a tuple or None; keepdim. (2×3×5: scripts/gen_conformance.py has sum and mean of 2×3×4 already.)
    X = [2, 3, 5]  # noqa: N806
    for name in ['sum', 'nansum', 'mean', 'nanmean']:
        function(f'torch.{name}', [X])
        both(name, [X], [1])
        both(name, [X], [(0, 2)])
        function(f'torch.{name}', [X], [-1, True])
        function(f'Tensor.{name}', [X], kwargs={'dim': (-1, -3), 'keepdim': True})
        function(f'torch.{name}', [X], kwargs={'dim': None, 'keepdim': True}, note='dim=None keepdim')
        function(f'torch.{name}', [[]], [0], note='0-d')
        function(f'torch.{name}', [[0, 3]], [0], note='empty dim')
        function(f'torch.{name}', [X], [3], note='invalid: dim out of range')
        function(f'Tensor.{name}', [X], [(1, -2)], note='invalid: repeated dim')
        function(f'torch.{name}', [X], kwargs={'dims': 1}, note='invalid: unexpected keyword')
    # prod: one int dim only
    function('torch.prod', [X])
    both('prod', [X], [1])
    function('torch.prod', [X], [-1, True])
    function('Tensor.prod', [X], kwargs={'dim': 0, 'keepdim': True})
    function('torch.prod', [X], [(0, 1)], note='invalid: a tuple of dims')
    function('torch.prod', [X], [-4], note='invalid: dim out of range')


def var_std_cases():
    for name in ['var', 'std']:
        function(f'torch.{name}', [X])
        both(name, [X], [1])
        function(f'torch.{name}', [X], [(0, 1), True, True], note='dim, unbiased, keepdim')
        function(f'torch.{name}', [X], [False], note='the (input, unbiased) overload')
        function(f'Tensor.{name}', [X], [-1], {'correction': 0})
        function(f'torch.{name}', [X], kwargs={'dim': (0, 2), 'keepdim': True, 'unbiased': False})
        function(f'torch.{name}', [X], [3], note='invalid: dim out of range')
        function(f'torch.{name}', [X], [(2, 2)], note='invalid: repeated dim')


def norm_cases():
    function('torch.norm', [X])
    both('norm', [X], [2])
    function('torch.norm', [X], [1, 1])
    function('torch.norm', [X], ['fro', (0, 1)])
    function('torch.norm', [X], [2, (0, 1, 2)], note='p=2 over three dims')
    function('torch.norm', [X], ['nuc', (0, 1)], note='nuclear norm over two dims')
    function('Tensor.norm', [X], kwargs={'p': 2, 'dim': -1, 'keepdim': True})
    function('torch.norm', [[3, 4]], ['nuc'], note='nuclear norm of a matrix')
    function('torch.norm', [X], ['fro', (0, 1, 2)], note='invalid: Frobenius over three dims')
    function('torch.norm', [X], ['nuc'], note='invalid: nuclear norm of a 3-d tensor')
    function('torch.norm', [X], ['nuc', 1], note='invalid: nuclear norm over one dim')
    function('torch.norm', [X], [2, 3], note='invalid: dim out of range')


def extreme_cases():
    # amax/amin: dim=() (all) by default, tuples allowed
    for name in ['amax', 'amin']:
        function(f'torch.{name}', [X])
        both(name, [X], [1])
        function(f'torch.{name}', [X], [(0, 2), True])
        function(f'Tensor.{name}', [X], kwargs={'dim': -1})
        function(f'torch.{name}', [[0, 3]], [1], note='empty tensor, non-empty reduced dim')
        function(f'torch.{name}', [X], [5], note='invalid: dim out of range')
        function(f'torch.{name}', [[0, 3]], [0], note='invalid: reducing an empty dim')
    # logsumexp: dim required (int or tuple)
    both('logsumexp', [X], [1])
    function('torch.logsumexp', [X], [(0, 1)])
    function('torch.logsumexp', [X], [-1, True])
    function('torch.logsumexp', [X], note='invalid: dim is required')
    function('torch.logsumexp', [X], [3], note='invalid: dim out of range')
    # all / any: in 1.13 an int dim (a tuple is PyTorch 2.2+: see conformance/reductions-2x.json)
    for name in ['all', 'any']:
        function(f'torch.{name}', [X])
        both(name, [X], [1])
        function(f'torch.{name}', [X], [-1, True])
        function(f'Tensor.{name}', [X], kwargs={'dim': 0})
        function(f'torch.{name}', [X], [3], note='invalid: dim out of range')
    # count_nonzero: int or tuple, no keepdim
    function('torch.count_nonzero', [X])
    both('count_nonzero', [X], [1])
    function('torch.count_nonzero', [X], [(0, -1)])
    function('torch.count_nonzero', [X], [1], {'keepdim': True}, note='invalid: no keepdim')
    function('torch.count_nonzero', [X], [3], note='invalid: dim out of range')
    # argmax / argmin: one dim or None (the flat index); keepdim with dim=None keeps every dim as 1
    for name in ['argmax', 'argmin']:
        function(f'torch.{name}', [X])
        both(name, [X], [1])
        function(f'torch.{name}', [X], [-1, True])
        function(f'Tensor.{name}', [X], kwargs={'keepdim': True}, note='dim=None keepdim')
        function(f'torch.{name}', [X], [(0, 1)], note='invalid: a tuple of dims')
        function(f'torch.{name}', [X], [3], note='invalid: dim out of range')
        function(f'torch.{name}', [[0, 3]], note='invalid: empty input without dim')


def max_min_cases():
    # max(input) → tensor; max(input, dim, keepdim) → (values, indices); max(input, other) → element-wise maximum
    for name in ['max', 'min']:
        function(f'torch.{name}', [X])
        both(name, [X], [1])
        function(f'torch.{name}', [X], [-1, True])
        function(f'Tensor.{name}', [X], kwargs={'dim': 0, 'keepdim': True})
        function(f'torch.{name}', [[2, 3, 4], [3, 1]], note='two tensors: element-wise')
        function(f'Tensor.{name}', [[4, 1], [1, 5]], note='two tensors: element-wise')
        function(f'torch.{name}', [[2, 3], [4]], note='invalid: two tensors that do not broadcast')
        function(f'torch.{name}', [X], [3], note='invalid: dim out of range')
        function(f'torch.{name}', [X], [(0, 1)], note='invalid: a tuple of dims')
        function(f'torch.{name}', [[0, 3]], [0], note='invalid: reducing an empty dim')
    for name in ['median', 'nanmedian']:
        function(f'torch.{name}', [X])
        both(name, [X], [1])
        function(f'torch.{name}', [X], [0, True])
        function(f'Tensor.{name}', [X], kwargs={'dim': -1})
        function(f'torch.{name}', [X], [3], note='invalid: dim out of range')
        function(f'torch.{name}', [X], [(0, 1)], note='invalid: a tuple of dims')
    # mode: dim=-1 by default, always (values, indices)
    function('torch.mode', [X])
    both('mode', [X], [1])
    function('torch.mode', [X], [0, True])
    function('torch.mode', [X], [-4], note='invalid: dim out of range')
    # kthvalue(input, k, dim=-1, keepdim=False): 1 ≤ k ≤ size
    both('kthvalue', [X], [2])
    function('torch.kthvalue', [X], [3, 1])
    function('torch.kthvalue', [X], [1, 0, True])
    function('Tensor.kthvalue', [X], [4], {'dim': -1})
    function('torch.kthvalue', [X], [5], note='invalid: k larger than the dim')
    function('torch.kthvalue', [X], [0], note='invalid: k = 0')
    function('torch.kthvalue', [X], [3, 0], note='invalid: k larger than dim 0')
    function('torch.kthvalue', [X], note='invalid: k is required')


def scan_cases():
    for name in ['cumsum', 'cumprod', 'logcumsumexp', 'cummax', 'cummin']:
        both(name, [X], [1])
        function(f'torch.{name}', [X], [-1])
        function(f'Tensor.{name}', [X], kwargs={'dim': 0})
        function(f'torch.{name}', [[]], [0], note='0-d')
        function(f'torch.{name}', [X], [3], note='invalid: dim out of range')
        function(f'torch.{name}', [X], note='invalid: dim is required')
    for name in ['cumsum', 'cumprod']:
        function(f'Tensor.{name}_', [X], [1], note='in place')
        function(f'Tensor.{name}_', [X], [-4], note='invalid: in place, dim out of range')
    for name in ['sort', 'argsort']:
        function(f'torch.{name}', [X])
        both(name, [X], [0])
        function(f'torch.{name}', [X], [1, True])
        function(f'Tensor.{name}', [X], kwargs={'dim': -1, 'descending': True})
        function(f'torch.{name}', [X], kwargs={'stable': True})
        function(f'torch.{name}', [X], [3], note='invalid: dim out of range')
    function('torch.sort', [X], [1, False, True], note='invalid: stable is keyword-only')
    # topk(input, k, dim=-1, largest=True, sorted=True)
    both('topk', [X], [2])
    function('torch.topk', [X], [3, 1])
    function('torch.topk', [X], [1, 0, False, False])
    function('Tensor.topk', [X], [4], {'largest': False})
    function('torch.topk', [X], [0], note='k = 0')
    function('torch.topk', [X], [5], note='invalid: k larger than the dim')
    function('torch.topk', [X], [-1], note='invalid: negative k')
    function('torch.topk', [X], [2, 3], note='invalid: dim out of range')
    function('torch.topk', [X], note='invalid: k is required')


def quantile_cases():
    # quantile(input, q, dim=None, keepdim=False, *, interpolation='linear'): q a float, or a 0-d/1-d tensor of them
    for name in ['quantile', 'nanquantile']:
        function(f'torch.{name}', [X], [0.5])
        both(name, [X], [0.25, 1])
        function(f'torch.{name}', [X], [0.5, -1, True])
        function(f'Tensor.{name}', [X], [0.5], {'keepdim': True}, note='dim=None keepdim')
        function(f'torch.{name}', [X], [0.9], {'dim': 0, 'interpolation': 'nearest'})
        function(f'torch.{name}', [X, [3]], [1], note='q a 1-d tensor: a leading dim')
        function(f'Tensor.{name}', [X, [2]], note='q a 1-d tensor, dim=None')
        function(f'torch.{name}', [X, []], [2], note='q a 0-d tensor')
        function(f'torch.{name}', [X], [1.5], note='invalid: q > 1')
        function(f'torch.{name}', [X], [[0.25, 0.75]], note='invalid: q a list, not a tensor')
        function(f'torch.{name}', [X], [0.5, (0, 1)], note='invalid: a tuple of dims')
        function(f'torch.{name}', [X], [0.5, 3], note='invalid: dim out of range')
        function(f'torch.{name}', [X, [2, 2]], [1], note='invalid: q a 2-d tensor')
        function(f'torch.{name}', [X], [0.5], {'interpolation': 'cubic'}, note='invalid: interpolation')


def rank_cases():
    # Every reduction on a 1-d vector (dim 0, to a 0-d result) and on a 4-d tensor with a size-1 dim (dim −2, keepdim).
    for name in ['sum', 'nansum', 'mean', 'nanmean', 'prod', 'var', 'std', 'norm', 'amax', 'amin', 'logsumexp', 'all',
                 'any', 'count_nonzero', 'argmax', 'argmin', 'max', 'min', 'median', 'nanmedian', 'mode']:
        function(f'Tensor.{name}', [[7]], kwargs={'dim': 0}, note='1-d')
        if name != 'count_nonzero':  # it has no keepdim
            function(f'torch.{name}', [[2, 1, 3, 2]], kwargs={'dim': -2, 'keepdim': True}, note='4-d')


if __name__ == '__main__':
    generate([sum_like_cases, var_std_cases, norm_cases, extreme_cases, max_min_cases, scan_cases, quantile_cases,
              rank_cases],
             OUT, generator='scripts/conformance/gen_reductions.py')
