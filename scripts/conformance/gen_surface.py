#!/usr/bin/python3
"""Conformance cases for the rest of PyTorch's public op surface that real code calls: the element-wise ops added to
the families' lists (isneginf … mvlgamma, gcd … polar, polygamma, frexp, torch.real/imag), torch.fft
(src/engine/layers/spectral.ts, with view_as_real/view_as_complex), the trapezoid rule, diff and gradient
(calculus.ts), tile/unflatten/hsplit/… (arrange.ts), aminmax/std_mean/var_mean (reductions.ts), and the spellings
src/engine/aliases.ts gives to other ops (the *_copy views, unsafe_*, concat, the sparse products, torch.linalg.matmul).

Run with Debian's torch:   /usr/bin/python3 scripts/conformance/gen_surface.py
Writes test/fixtures/conformance/surface.json. MACs: the profiler's where it counts the op (the sparse products
run as addmm), else 0.

Inputs the generator cannot make as zeros of a float or long dtype are made inside a callable (CALLABLES): complex
tensors for view_as_real, torch.real/imag and irfft of a spectrum; sparse matrices for smm/hsmm/dsmm/hspmm/saddmm/
sspaddmm; mvlgamma's argument shifted past (p − 1)/2. Invalid cases: what shapes and arguments show (dims out of
range, signal lengths < 1, s and dim of different lengths, a last dim that is not 2, sizes that do not divide, ranks
an op does not take, edge_order outside 1..2).
"""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..'))
from gen_conformance import CALLABLES, FORMULA_ONLY, FORMULAS, function, generate, interleaved  # noqa: E402
from calling import engine_order  # noqa: E402

OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'conformance', 'surface.json')
X = [2, 3, 4]


# ── Element-wise additions ───────────────────────────────────────────────────────────────────────────────────
def pointwise_cases():
    for name in ['isneginf', 'isposinf', 'isreal', 'angle', 'conj', 'resolve_conj', 'resolve_neg']:
        function(f'torch.{name}', [X])
        function(f'Tensor.{name}', [[5]])
        function(f'torch.{name}', [X], [1], note='invalid: extra positional argument')
    for name in ['conj_physical', 'i0']:
        function(f'torch.{name}', [X])
        function(f'Tensor.{name}', [[]], note='0-d')
        function(f'Tensor.{name}_', [[2, 3]], note='in place')
        function(f'torch.{name}_', [[4, 2]], note='in place')
    # mvlgamma needs every entry > (p − 1)/2: the callable shifts the zeros past it
    CALLABLES['torch.mvlgamma'] = lambda x, *a, **k: torch.mvlgamma(x + 10, *a, **k)
    CALLABLES['Tensor.mvlgamma'] = lambda x, *a, **k: torch.Tensor.mvlgamma(x + 10, *a, **k)
    CALLABLES['Tensor.mvlgamma_'] = lambda x, *a, **k: torch.Tensor.mvlgamma_(x + 10, *a, **k)
    function('torch.mvlgamma', [X], [2])
    function('Tensor.mvlgamma', [[5]], kwargs={'p': 3})
    function('Tensor.mvlgamma_', [[2, 3]], [1], note='in place')
    function('torch.mvlgamma', [X], [0], note='invalid: p < 1')
    function('torch.mvlgamma', [X], note='invalid: p is required')
    # polygamma(n, input): the order comes first in torch.polygamma, after the tensor in the method
    CALLABLES['torch.polygamma'] = interleaved(torch.polygamma, 'VT')
    function('torch.polygamma', [X], [1])
    function('torch.polygamma', [[]], [0], note='0-d')
    function('Tensor.polygamma', [[5]], [2])
    function('Tensor.polygamma_', [[2, 3]], [1], note='in place')
    function('torch.polygamma', [X], [-1], note='invalid: negative n')
    # torch.real / torch.imag of a complex tensor; frexp's (mantissa, exponent)
    CALLABLES['torch.real'] = lambda x, *a: torch.real(x.to(torch.cfloat), *a)
    CALLABLES['torch.imag'] = lambda x, *a: torch.imag(x.to(torch.cfloat), *a)
    for name in ['real', 'imag']:
        function(f'torch.{name}', [X])
        function(f'torch.{name}', [[]], note='0-d')
        function(f'torch.{name}', [X], [1], note='invalid: extra positional argument')
    function('torch.frexp', [X])
    function('Tensor.frexp', [[]], note='0-d')


def binary_cases():
    for name, dtype in [('gcd', 'long'), ('lcm', 'long'), ('ldexp', ['float', 'long']), ('heaviside', 'float'),
                        ('igamma', 'float'), ('igammac', 'float'), ('nextafter', 'float'), ('logaddexp', 'float'),
                        ('logaddexp2', 'float'), ('isclose', 'float')]:
        function(f'torch.{name}', [X, [3, 1]], dtype=dtype)
        function(f'Tensor.{name}', [[4], [2, 1]], dtype=dtype)
        function(f'torch.{name}', [X, [2, 4]], dtype=dtype, note='invalid: shapes do not broadcast')
        if name not in ('logaddexp', 'logaddexp2', 'isclose'):
            function(f'Tensor.{name}_', [[2, 3], [3]], dtype=dtype, note='in place')
            function(f'Tensor.{name}_', [[3], [2, 3]], dtype=dtype, note='invalid: in place, wider result')
    for name in ['gcd', 'lcm', 'ldexp', 'xlogy']:
        function(f'torch.{name}_', [[2, 3], [1, 3]], dtype='long' if name in ('gcd', 'lcm') else ['float', 'long'] if name == 'ldexp' else 'float', note='in place')
    function('torch.isclose', [X, X], [1e-3, 1e-4, True])
    function('torch.isclose', [X, X], kwargs={'rtol': 0.1, 'atol': 0.0})
    function('torch.isclose', [X, X], kwargs={'tol': 0.1}, note='invalid: unexpected keyword')
    for name in ['complex', 'polar']:
        function(f'torch.{name}', [X, [3, 1]])
        function(f'torch.{name}', [[], [5]], note='0-d and 1-d')
        function(f'torch.{name}', [X, [2, 4]], note='invalid: shapes do not broadcast')


# ── torch.fft ────────────────────────────────────────────────────────────────────────────────────────────────
def fft_cases():
    for base in ['fft', 'ifft', 'rfft', 'ihfft', 'irfft', 'hfft']:
        f = f'torch.fft.{base}'
        function(f, [[2, 3, 8]])
        function(f, [[2, 3, 8]], [5], note='n')
        function(f, [[2, 3, 8]], [None, 1], note='dim')
        function(f, [[2, 3, 8]], kwargs={'n': 6, 'dim': 0, 'norm': 'ortho'})
        function(f, [[6]], note='1-d')
        function(f, [[2, 3, 8]], [0], note='invalid: n = 0')
        function(f, [[2, 3, 8]], [None, 3], note='invalid: dim out of range')
        function(f, [[2, 3, 8]], kwargs={'norm': 'both'}, note='invalid: normalization mode')
        for suffix in ['2', 'n']:
            g = f'{f}{suffix}'
            function(g, [[2, 3, 8]])
            function(g, [[2, 3, 8]], [[4, 6]], note='s')
            function(g, [[2, 3, 8]], [[-1, 6]], note='s with -1')
            function(g, [[2, 3, 8]], kwargs={'dim': [0, 2]})
            function(g, [[2, 3, 8]], kwargs={'dim': [2, 1]}, note='dims out of order')
            function(g, [[2, 3, 8]], kwargs={'dim': [1, 1]}, note='invalid: repeated dim')
            function(g, [[2, 3, 8]], [[4]], kwargs={'dim': [0, 1]}, note='invalid: s and dim of different lengths')
            function(g, [[2, 3, 8]], [[0, 4]], note='invalid: s = 0')
        function(f'{f}2', [[8]], note='invalid: 1-d')
        function(f'{f}n', [[2, 3, 8]], [[2, 2, 2, 2]], note='invalid: s longer than the rank')
    # the half-spectrum inverses: 2·(m − 1) points from m bins; one bin leaves none
    function('torch.fft.irfft', [[3, 1]], note='invalid: one bin')
    function('torch.fft.irfft', [[3, 1]], [4], note='one bin, n given')
    function('torch.fft.hfftn', [[3, 2, 1]], note='invalid: one bin in the last dim')
    function('torch.fft.fft', [[3, 0]], note='invalid: empty dim')
    for name in ['fftshift', 'ifftshift']:
        function(f'torch.fft.{name}', [X])
        function(f'torch.fft.{name}', [X], kwargs={'dim': 1})
        function(f'torch.fft.{name}', [X], kwargs={'dim': [0, -1]})
        function(f'torch.fft.{name}', [X], kwargs={'dim': 3}, note='invalid: dim out of range')
    for name in ['fftfreq', 'rfftfreq']:
        function(f'torch.fft.{name}', [], [8])
        function(f'torch.fft.{name}', [], [7, 0.5])
        function(f'torch.fft.{name}', [], [0], note='n = 0')
    # view_as_real of a complex tensor (the callable makes it); view_as_complex of real pairs
    CALLABLES['torch.view_as_real'] = lambda x: torch.view_as_real(x.to(torch.cfloat))
    CALLABLES['torch.view_as_real_copy'] = lambda x: torch.view_as_real_copy(x.to(torch.cfloat))
    function('torch.view_as_real', [X])
    function('torch.view_as_real', [[]], note='0-d')
    function('torch.view_as_real_copy', [[5]])
    function('torch.view_as_complex', [[3, 4, 2]])
    function('torch.view_as_complex', [[2]], note='to 0-d')
    function('torch.view_as_complex_copy', [[5, 2]])
    function('torch.view_as_complex', [[3, 4]], note='invalid: last dim not 2')
    function('torch.view_as_complex', [[]], note='invalid: 0-d')


# ── Calculus ─────────────────────────────────────────────────────────────────────────────────────────────────
def calculus_cases():
    for name in ['trapezoid', 'trapz', 'cumulative_trapezoid']:
        f = f'torch.{name}'
        function(f, [X])
        function(f, [X], kwargs={'dim': 1})
        function(f, [X], kwargs={'dx': 0.5})
        function(f, [X, [4]], note='x 1-D')
        function(f, [X, [3]], kwargs={'dim': 1}, note='x 1-D along dim 1')
        function(f, [X, [1, 3, 4]], note='x of the same rank, broadcast')
        function(f, [[2, 3, 1]], note='one sample')
        function(f, [X, [5]], note='invalid: x of the wrong length')
        function(f, [X, [2, 3, 5]], note='invalid: x does not broadcast')
        function(f, [X], kwargs={'dim': 3}, note='invalid: dim out of range')
        function(f, [[]], note='invalid: 0-d')
    CALLABLES['torch.diff'] = engine_order(torch.diff, 1, ['prepend', 'append'])
    CALLABLES['Tensor.diff'] = engine_order(torch.Tensor.diff, 1, ['prepend', 'append'])
    function('torch.diff', [X])
    function('Tensor.diff', [X], [2, 1])
    function('torch.diff', [X], [5], note='more differences than entries')
    function('torch.diff', [X], [0], note='n = 0')
    function('torch.diff', [X, [2, 3, 2]], note='prepend')
    function('torch.diff', [X, [2, 3, 2], [2, 3, 1]], [2], note='prepend and append')
    function('torch.diff', [X, [2, 1, 4]], [1, 1], note='prepend along dim 1')
    function('torch.diff', [X, [2, 2, 2]], note='invalid: prepend does not match beside dim')
    function('torch.diff', [X, [2, 3]], note='invalid: prepend of another rank')
    function('torch.diff', [[]], note='invalid: 0-d')
    function('torch.diff', [X], [1, 3], note='invalid: dim out of range')
    function('torch.gradient', [X])
    function('torch.gradient', [X], kwargs={'dim': 1})
    function('torch.gradient', [X], kwargs={'dim': [0, 2], 'spacing': 2.0})
    function('torch.gradient', [[3, 3, 4]], kwargs={'edge_order': 2})
    function('torch.gradient', [[1, 3, 4]], kwargs={'dim': 1}, note='a size-1 dim not differentiated')
    function('torch.gradient', [X], kwargs={'spacing': [1.0, 2.0, 3.0]})
    function('torch.gradient', [[1, 3, 4]], note='invalid: a dim of size 1')
    function('torch.gradient', [X], kwargs={'edge_order': 2}, note='invalid: a dim too short for edge_order 2')
    function('torch.gradient', [X], kwargs={'edge_order': 3}, note='invalid: edge_order 3')
    function('torch.gradient', [X], kwargs={'spacing': [1.0, 2.0]}, note='invalid: spacing of the wrong length')


# ── Arranging ────────────────────────────────────────────────────────────────────────────────────────────────
def arrange_cases():
    function('torch.tile', [[2, 3]], [[2]], note='fewer reps than dims')
    function('torch.tile', [[2, 3]], [[2, 2, 2]])
    function('Tensor.tile', [[2, 3]], [2, 1])
    function('torch.tile', [[2, 3]], [[]], note='no reps')
    function('torch.tile', [[2, 3]], [[-1]], note='invalid: negative rep')
    function('torch.unflatten', [[2, 12]], [1, [3, 4]])
    function('Tensor.unflatten', [[2, 12]], [-1, [3, -1]])
    function('torch.unflatten', [[2, 12]], [1, [5, -1]], note='invalid: sizes do not divide')
    function('torch.unflatten', [[2, 12]], [1, []], note='invalid: no sizes')
    function('torch.unflatten', [[2, 12]], [2, [3, 4]], note='invalid: dim out of range')
    for name, x in [('hsplit', [2, 6, 4]), ('vsplit', [6, 2]), ('dsplit', [2, 3, 4])]:
        function(f'torch.{name}', [x], [2])
        function(f'Tensor.{name}', [x], [[1, 3]])
        function(f'torch.{name}', [x], [5], note='invalid: sections do not divide')
    function('torch.hsplit', [[6]], [3], note='1-D: along dim 0')
    function('torch.hsplit', [[]], [1], note='invalid: 0-d')
    function('torch.vsplit', [[6]], [2], note='invalid: 1-D')
    function('torch.dsplit', [[2, 3]], [1], note='invalid: 2-D')
    function('torch.hsplit', [[2, 6, 4]], [0], note='invalid: 0 sections')
    function('torch.block_diag', [[2, 3], [4], [], [1, 2]], as_list=True)
    function('torch.block_diag', [[3, 3]], as_list=True)
    function('torch.block_diag', [[2, 3, 4]], as_list=True, note='invalid: 3-D block')
    function('torch.cartesian_prod', [[2], [3], [4]], as_list=True)
    function('torch.cartesian_prod', [[5]], as_list=True, note='one tensor')
    function('torch.cartesian_prod', [[2, 2]], as_list=True, note='invalid: 2-D')
    CALLABLES['torch.block_diag'] = lambda ts: torch.block_diag(*ts)
    CALLABLES['torch.cartesian_prod'] = lambda ts: torch.cartesian_prod(*ts)
    function('torch.combinations', [[4]])
    function('torch.combinations', [[4]], [3])
    function('torch.combinations', [[4]], [3, True], note='with replacement')
    function('torch.combinations', [[4]], [5], note='r > n')
    function('torch.combinations', [[4]], [0], note='r = 0')
    function('torch.combinations', [[2, 2]], note='invalid: 2-D')
    function('torch.msort', [[3, 4]])
    function('Tensor.msort', [[]], note='0-d')
    function('torch.dist', [[4, 3], [3]])
    function('Tensor.dist', [[4, 3], [4, 3]], [1])
    function('torch.dist', [[4, 3], [2, 3]], note='invalid: shapes do not broadcast')
    function('Tensor.sum_to_size', [[4, 3]], [1, 3])
    function('Tensor.sum_to_size', [[4, 3]], [3])
    function('Tensor.sum_to_size', [[4, 3]], [[4, 1]], note='tuple')
    function('Tensor.sum_to_size', [[4, 3]], [2, 3], note='invalid: not expandable')
    function('torch.autograd.Variable', [X])
    function('torch.autograd.Variable', [X], kwargs={'requires_grad': True})
    function('torch.autograd.Variable', [[]], note='0-d')
    function('torch.autograd.Variable', [X], kwargs={'grad': True}, note='invalid: unexpected keyword')


def reduction_cases():
    function('torch.aminmax', [X])
    function('Tensor.aminmax', [X], kwargs={'dim': 1})
    function('torch.aminmax', [X], kwargs={'dim': -1, 'keepdim': True})
    function('torch.aminmax', [[2, 0]], kwargs={'dim': 0}, note='empty rows kept')
    function('torch.aminmax', [X], [1], note='invalid: dim is keyword-only')
    function('torch.aminmax', [[2, 0]], note='invalid: empty')
    for name in ['std_mean', 'var_mean']:
        function(f'torch.{name}', [X])
        function(f'torch.{name}', [X], [1])
        function(f'torch.{name}', [X], [[0, 2]], kwargs={'keepdim': True})
        function(f'torch.{name}', [X], kwargs={'dim': 1, 'correction': 0})
        function(f'torch.{name}', [X], [3], note='invalid: dim out of range')


# ── Other spellings (src/engine/aliases.ts) ──────────────────────────────────────────────────────────────────
def alias_cases():
    function('Tensor.chalf', [X])  # one of the dtype casts (ipu and xpu, the device moves, need their devices)
    function('torch.alias_copy', [X])
    function('torch.detach_copy', [X])
    function('torch.detach_', [X])
    function('torch.diagonal_copy', [[3, 4]])
    function('torch.expand_copy', [[3, 1]], [[2, 3, 4]])
    function('torch.expand_copy', [[3, 2]], [[3, 4]], note='invalid: non-singleton dim')
    function('torch.narrow_copy', [X], [1, 0, 2])
    function('Tensor.narrow_copy', [X], [2, 1, 2])
    function('torch.permute_copy', [X], [[2, 0, 1]])
    function('torch.permute_copy', [X], [[0, 1]], note='invalid: too few dims')
    function('torch.select_copy', [X], [1, 2])
    function('torch.split_copy', [X], [1, 1])
    function('torch.split_with_sizes_copy', [X], [[1, 2], 1])
    function('torch.squeeze_copy', [[2, 1, 4]])
    function('torch.t_copy', [[3, 4]])
    function('torch.transpose_copy', [X], [0, 2])
    function('torch.unbind_copy', [X], [1])
    function('torch.unfold_copy', [X], [2, 2, 1])
    function('torch.unsqueeze_copy', [X], [0])
    function('torch.view_copy', [X], [[6, 4]])
    function('torch.view_copy', [X], [[5, 5]], note='invalid: element count')
    function('torch.split_with_sizes', [[5, 2]], [[2, 3]])
    function('Tensor.split_with_sizes', [[5, 2]], [[1, 1], 1])
    function('torch.split_with_sizes', [[5, 2]], [[2, 2]], note='invalid: sizes do not add up')
    for prefix in ['torch', 'Tensor']:
        function(f'{prefix}.unsafe_split', [[5, 2]], [2])
        function(f'{prefix}.unsafe_split_with_sizes', [[5, 2]], [[4, 1]])
        function(f'{prefix}.unsafe_chunk', [[5, 2]], [2])
    function('torch.concat', [[2, 3], [1, 3]], as_list=True)
    function('torch.concatenate', [[2, 3], [2, 1]], as_list=True, kwargs={'dim': 1})
    function('torch.concat', [[2, 3], [2, 1]], as_list=True, note='invalid: sizes differ beside dim')
    FORMULAS['torch.linalg.matmul'] = lambda spec, m, ts, out: out.numel() * ts[0].shape[-1]
    for name in ['torch.spmm', 'torch.sparse.mm']:
        FORMULAS[name] = lambda spec, m, ts, out: out.numel() * ts[0].shape[1]
    function('torch.linalg.matmul', [[2, 3, 4], [4, 5]])
    function('torch.linalg.matmul', [[2, 3, 4], [3, 5]], note='invalid: inner sizes differ')
    function('torch.spmm', [[3, 4], [4, 5]], note='dense first argument')
    function('torch.spmm', [[3, 4], [5, 5]], note='invalid: inner sizes differ')
    function('torch.sparse.mm', [[3, 4], [4, 5]])
    # the sparse-only products, on a sparse first matrix (the callable makes it); their MACs are the dense product's
    # (the profiler counts torch's sparse kernels, which differ by product: the formula is recorded)
    for name in ['smm', 'hsmm', 'dsmm', 'hspmm']:
        CALLABLES[f'torch.{name}'] = (lambda f: lambda a, b: f(a.to_sparse(), b))(getattr(torch, name))
        FORMULAS[f'torch.{name}'] = lambda spec, m, ts, out: out.numel() * ts[0].shape[1]
        FORMULA_ONLY.add(f'torch.{name}')
        function(f'torch.{name}', [[3, 4], [4, 5]])
    CALLABLES['Tensor.smm'] = lambda a, b: torch.Tensor.smm(a.to_sparse(), b)
    FORMULAS['Tensor.smm'] = lambda spec, m, ts, out: out.numel() * ts[0].shape[1]
    FORMULA_ONLY.update(['Tensor.smm', 'torch.saddmm', 'torch.sspaddmm', 'Tensor.sspaddmm'])
    function('Tensor.smm', [[3, 4], [4, 5]])
    for name in ['saddmm', 'sspaddmm']:
        CALLABLES[f'torch.{name}'] = (lambda f: lambda c, a, b, *r, **k: f(c.to_sparse(), a.to_sparse(), b, *r, **k))(getattr(torch, name))
        FORMULAS[f'torch.{name}'] = lambda spec, m, ts, out: out.shape[0] * out.shape[1] * ts[1].shape[1]
        function(f'torch.{name}', [[3, 5], [3, 4], [4, 5]])
    CALLABLES['Tensor.sspaddmm'] = lambda c, a, b, *r, **k: torch.Tensor.sspaddmm(c.to_sparse(), a.to_sparse(), b, *r, **k)
    FORMULAS['Tensor.sspaddmm'] = lambda spec, m, ts, out: out.shape[0] * out.shape[1] * ts[1].shape[1]
    function('Tensor.sspaddmm', [[3, 5], [3, 4], [4, 5]])
    for name in ['celu_', 'selu_', 'rrelu_']:
        function(f'torch.{name}', [X])
    function('torch.threshold_', [X], [0.5, 0.0])
    function('torch.dropout_', [X], [0.5, True])
    function('torch.alpha_dropout_', [X], [0.5, True])
    function('torch.feature_alpha_dropout_', [X], [0.5, False])
    function('torch.feature_dropout', [X], [0.5, False])
    function('torch.feature_dropout_', [X], [0.5, False])
    function('torch.max_pool1d_with_indices', [[2, 3, 8]], [2])
    FORMULAS['torch.affine_grid_generator'] = lambda spec, m, ts, out: out.numel() * (out.shape[-1] + 1)  # F.affine_grid's
    function('torch.affine_grid_generator', [[2, 2, 3]], [[2, 3, 4, 5], False])
    function('Tensor.hardshrink', [X])
    function('Tensor.prelu', [[2, 3, 4], [3]])
    function('torch.zero_', [X])
    function('torch.fill', [X], [1.5])
    function('torch.fill_', [X], [1.5])


# ── Sampling, counts, creation (sampling.ts) ─────────────────────────────────────────────────────────────────
def sampling_cases():
    function('torch.normal', [X, [4]])
    function('torch.normal', [X, 1.0], note='std a number')
    function('torch.normal', [0.0, X], note='mean a number')
    function('torch.normal', [], [0.0, 1.0, [2, 3]], note='numbers and a size')
    function('torch.normal', [], [0.0, 1.0], kwargs={'size': [5]}, note='size by keyword')
    function('torch.normal', [X])
    function('torch.normal', [X, [2, 4]], note='invalid: mean and std do not broadcast')
    function('torch.normal', [0.0, 1.0], note='invalid: two numbers, no size')
    function('torch.bernoulli', [X])
    function('torch.bernoulli', [X], [0.5])
    function('Tensor.bernoulli', [[5]])
    function('torch.bernoulli', [X], [0.5, 1], note='invalid: too many arguments')
    function('torch.poisson', [X])
    function('torch.poisson', [X], [1], note='invalid: generator is keyword-only')
    function('torch.binomial', [X, X])
    function('torch.binomial', [X, [2, 4]], note='invalid: count and prob do not broadcast')
    # multinomial needs positive weights: the callable adds one
    CALLABLES['torch.multinomial'] = lambda x, *a, **k: torch.multinomial(x + 1, *a, **k)
    CALLABLES['Tensor.multinomial'] = lambda x, *a, **k: torch.Tensor.multinomial(x + 1, *a, **k)
    function('torch.multinomial', [[5]], [3])
    function('Tensor.multinomial', [[2, 5]], [3])
    function('torch.multinomial', [[2, 5]], [7, True], note='with replacement')
    function('torch.multinomial', [[2, 5]], [7], note='invalid: more samples than categories')
    function('torch.multinomial', [[2, 2, 5]], [2], note='invalid: 3-D')
    function('torch.multinomial', [[5]], [0], note='invalid: no samples')
    function('torch.bincount', [[5]], dtype='long', data_dependent='bins')
    function('Tensor.bincount', [[7]], dtype='long', data_dependent='bins')
    function('torch.bincount', [[5], [5]], dtype=['long', 'float'], data_dependent='bins', note='weights')
    function('torch.bincount', [[2, 5]], dtype='long', note='invalid: 2-D')
    function('torch.histc', [[10]], kwargs={'bins': 4})
    function('Tensor.histc', [[2, 5]])
    function('torch.histc', [[10]], kwargs={'bins': 0}, note='invalid: no bins')
    function('torch.histogram', [[10]], [4])
    function('Tensor.histogram', [[2, 5]], [3])
    function('torch.histogram', [[10], [3]], note='bin edges')
    function('torch.histogram', [[10]], [0], note='invalid: no bins')
    function('torch.range', [], [0, 5])
    function('torch.range', [], [0, 5, 2])
    function('torch.range', [], [1, 0], note='invalid: bounds against the step')
    function('torch.scalar_tensor', [], [3])
    function('torch.asarray', [], [[[1, 2, 3], [4, 5, 6]]])
    function('torch.empty_strided', [], [[2, 3], [1, 2]])
    function('torch.tril_indices', [], [3, 4])
    function('torch.tril_indices', [], [3, 4, 1])
    function('torch.tril_indices', [], [3, 4, -5], note='an empty triangle')
    function('torch.triu_indices', [], [3, 4])
    function('torch.triu_indices', [], [3, 4, 2])
    function('torch.tril_indices', [], [-1, 4], note='invalid: negative rows')
    for name in ['hann_window', 'bartlett_window', 'blackman_window', 'hamming_window', 'kaiser_window']:
        function(f'torch.{name}', [], [8])
    function('torch.hamming_window', [], [8, True, 0.5, 0.5])
    function('torch.kaiser_window', [], [8, False, 5.0])
    function('torch.hann_window', [], [0], note='length 0')
    function('torch.hann_window', [], [-1], note='invalid: negative length')
    function('Tensor.new_tensor', [[2]], [[[1, 2, 3]]])
    function('Tensor.new', [[2]], [2, 3])
    function('Tensor.new', [[2]], [[1, 2]], note='from data')
    function('Tensor.new', [[2]], note='no arguments')
    function('Tensor.new_empty_strided', [[2]], [[2, 3], [1, 2]])
    function('torch.vander', [[4]])
    function('torch.vander', [[4]], [6])
    function('torch.vander', [[2, 4]], note='invalid: 2-D')
    function('torch.isin', [X, [5]])
    function('torch.isin', [X, 1.0], note='test_elements a number')
    function('torch.renorm', [X], [2, 0, 1.0])
    function('Tensor.renorm', [X], [1, -1, 5.0])
    function('Tensor.renorm_', [X], [2, 1, 1.0], note='in place')
    function('torch.renorm', [X], [2, 3, 1.0], note='invalid: dim out of range')
    function('torch.adjoint', [X])
    function('Tensor.adjoint', [[3, 5]])
    function('torch.adjoint', [[4]], note='invalid: 1-D')
    FORMULAS['torch.cov'] = FORMULAS['Tensor.cov'] = FORMULAS['torch.corrcoef'] = FORMULAS['Tensor.corrcoef'] = (
        lambda spec, m, ts, out: (ts[0].shape[0] ** 2 * ts[0].shape[1]) if ts[0].dim() == 2 else ts[0].shape[0])
    FORMULA_ONLY.update(['torch.cov', 'Tensor.cov', 'torch.corrcoef', 'Tensor.corrcoef'])
    function('torch.cov', [[3, 5]])
    function('Tensor.cov', [[5]], note='one variable')
    function('torch.corrcoef', [[3, 5]])
    function('Tensor.corrcoef', [[4, 6]])
    function('torch.cov', [X], note='invalid: 3-D')
    # unique: zeros have one distinct value; the data_dependent rerun on ones, scaled by their position, has all
    # distinct — so the count of distinct values is the size that changes
    for name in ['unique', 'unique_consecutive']:
        fn = getattr(torch, name)
        CALLABLES[f'torch.{name}'] = (lambda f: lambda x, *a, **k: f(x * torch.arange(x.numel()).reshape(x.shape), *a, **k))(fn)
        CALLABLES[f'Tensor.{name}'] = CALLABLES[f'torch.{name}']
        function(f'torch.{name}', [X], data_dependent='nunique')
        function(f'Tensor.{name}', [[5]], data_dependent='nunique')
        function(f'torch.{name}', [X], kwargs={'return_inverse': True, 'return_counts': True}, data_dependent='nunique')
        function(f'torch.{name}', [X], kwargs={'dim': 1, 'return_inverse': True}, data_dependent='nunique')
        function(f'torch.{name}', [X], kwargs={'dim': 3}, note='invalid: dim out of range')
    function('torch.unique', [X], [False], data_dependent='nunique', note='unsorted')
    # resizing: in place to any size; the deprecated copies keep the element count
    function('Tensor.resize_', [[2, 3]], [6])
    function('Tensor.resize_', [[2, 3]], [3, 4])
    function('Tensor.resize_', [[2, 3]], [[3, 4]], note='tuple')
    function('Tensor.resize_as_', [[2, 3], [5]])
    function('torch.resize_as_', [[2, 3], [4, 1]])
    function('Tensor.resize', [[2, 3]], [6])
    function('Tensor.resize', [[2, 3]], [5], note='invalid: another element count')
    function('Tensor.resize_as', [[2, 3], [3, 2]])
    function('Tensor.resize_as', [[2, 3], [5, 1]], note='invalid: another element count')
    function('torch.as_strided', [[2, 3]], [[3, 2], [1, 3]])
    function('Tensor.as_strided', [[2, 3]], [[2, 2], [3, 1], 1])
    function('Tensor.as_strided_', [[2, 3]], [[6], [1]], note='in place')
    function('torch.as_strided_copy', [[2, 3]], [[3], [2]])
    function('torch.as_strided', [[2, 3]], [[3, 2], [1]], note='invalid: strides and sizes differ in length')
    CALLABLES['Tensor.set_'] = lambda x, *s: torch.Tensor.set_(x, *s)
    function('Tensor.set_', [[2, 3], [4]])
    function('Tensor.set_', [[2, 3]], note='no source: empty')


# ── Decompositions (decompositions.ts) ───────────────────────────────────────────────────────────────────────
def well_conditioned(fn):
    """fn on the identity added to each square matrix (zeros are singular); a non-square input is passed as is, so
    that torch's own complaint about it is the one recorded."""
    def call(*ts, **k):
        tensors = [t + torch.eye(t.shape[-1]) if isinstance(t, torch.Tensor) and t.dim() >= 2 and t.shape[-1] == t.shape[-2] else t
                   for t in ts]
        return fn(*tensors, **k)
    return call


DECOMPOSITIONS = ['torch.det', 'Tensor.det', 'torch.linalg.det', 'torch.logdet', 'Tensor.logdet', 'torch.slogdet', 'Tensor.slogdet',
                  'torch.linalg.slogdet', 'torch.inverse', 'Tensor.inverse', 'torch.linalg.inv', 'torch.linalg.inv_ex',
                  'torch.matrix_exp', 'Tensor.matrix_exp', 'torch.linalg.matrix_exp', 'torch.matrix_power', 'Tensor.matrix_power',
                  'torch.linalg.matrix_power', 'torch.cholesky', 'Tensor.cholesky', 'torch.linalg.cholesky',
                  'torch.linalg.cholesky_ex', 'torch.cholesky_inverse', 'Tensor.cholesky_inverse', 'torch.pinverse',
                  'Tensor.pinverse', 'torch.linalg.pinv', 'torch.qr', 'Tensor.qr', 'torch.linalg.qr', 'torch.svd', 'Tensor.svd',
                  'torch.linalg.svd', 'torch.linalg.svdvals', 'torch.linalg.eigh', 'torch.linalg.eig', 'torch.linalg.eigvalsh',
                  'torch.linalg.eigvals', 'torch.linalg.matrix_rank', 'torch.linalg.cond', 'torch.linalg.solve',
                  'torch.linalg.solve_triangular', 'torch.triangular_solve', 'Tensor.triangular_solve', 'torch.cholesky_solve',
                  'Tensor.cholesky_solve']


def decomposition_cases():
    # ShapeLens counts no MACs for a decomposition (its LAPACK algorithm decides the work; matrix_power's repeated
    # products included): the formula 0 is recorded, whatever kernels the profiler sees
    for name in DECOMPOSITIONS:
        FORMULAS[name] = lambda spec, m, ts, out: 0
        FORMULA_ONLY.add(name)
    for name in ['torch.inverse', 'Tensor.inverse', 'torch.linalg.inv', 'torch.linalg.inv_ex', 'torch.cholesky', 'Tensor.cholesky',
                 'torch.linalg.cholesky', 'torch.linalg.cholesky_ex', 'torch.cholesky_inverse', 'Tensor.cholesky_inverse',
                 'torch.linalg.matrix_power', 'torch.matrix_power', 'Tensor.matrix_power', 'torch.logdet', 'Tensor.logdet',
                 'torch.linalg.cond', 'torch.linalg.solve', 'torch.linalg.solve_triangular', 'torch.triangular_solve',
                 'Tensor.triangular_solve', 'torch.cholesky_solve', 'Tensor.cholesky_solve', 'torch.linalg.eigh', 'torch.linalg.eig',
                 'torch.linalg.eigvalsh', 'torch.linalg.eigvals']:
        prefix, rest = name.split('.', 1)
        import functools
        base = torch.Tensor if prefix == 'Tensor' else torch
        CALLABLES[name] = well_conditioned(functools.reduce(getattr, rest.split('.'), base))
    for name in ['torch.det', 'Tensor.det', 'torch.linalg.det', 'torch.logdet', 'Tensor.logdet', 'torch.slogdet', 'Tensor.slogdet',
                 'torch.linalg.slogdet', 'torch.inverse', 'Tensor.inverse', 'torch.linalg.inv', 'torch.linalg.inv_ex',
                 'torch.matrix_exp', 'Tensor.matrix_exp', 'torch.linalg.matrix_exp', 'torch.cholesky', 'Tensor.cholesky',
                 'torch.linalg.cholesky', 'torch.linalg.cholesky_ex', 'torch.cholesky_inverse', 'Tensor.cholesky_inverse',
                 'torch.linalg.eigh', 'torch.linalg.eig', 'torch.linalg.eigvalsh', 'torch.linalg.eigvals', 'torch.linalg.cond']:
        function(name, [[2, 3, 3]])
        function(name, [[3, 3]], note='one matrix')
        function(name, [[3, 4]], note='invalid: not square') if name != 'torch.linalg.cond' else None
        function(name, [[3]], note='invalid: 1-D')
    for name in ['torch.matrix_power', 'Tensor.matrix_power', 'torch.linalg.matrix_power']:
        function(name, [[2, 3, 3]], [3])
        function(name, [[3, 3]], [-1], note='inverse')
        function(name, [[3, 4]], [2], note='invalid: not square')
    for name in ['torch.pinverse', 'Tensor.pinverse', 'torch.linalg.pinv', 'torch.linalg.svdvals', 'torch.linalg.matrix_rank']:
        function(name, [[2, 3, 5]])
        function(name, [[5, 3]])
        function(name, [[4]], note='invalid: 1-D')
    function('torch.linalg.cond', [[5, 3]], note='not square, the 2-norm')
    for name in ['torch.qr', 'Tensor.qr']:
        function(name, [[2, 5, 3]])
        function(name, [[2, 3, 5]])
        function(name, [[5, 3]], [False], note='complete')
        function(name, [[4]], note='invalid: 1-D')
    function('torch.linalg.qr', [[5, 3]])
    function('torch.linalg.qr', [[5, 3]], ['complete'])
    function('torch.linalg.qr', [[2, 5, 3]], kwargs={'mode': 'r'})
    function('torch.linalg.qr', [[5, 3]], ['full'], note='invalid: mode')
    for name in ['torch.svd', 'Tensor.svd']:
        function(name, [[2, 5, 3]])
        function(name, [[3, 5]], kwargs={'some': False})
        function(name, [[5, 3]], kwargs={'compute_uv': False})
        function(name, [[5]], note='invalid: 1-D')
    function('torch.linalg.svd', [[5, 3]])
    function('torch.linalg.svd', [[2, 3, 5]], [False])
    function('torch.linalg.svd', [[5]], note='invalid: 1-D')
    function('torch.linalg.solve', [[2, 3, 3], [2, 3, 4]])
    function('torch.linalg.solve', [[2, 3, 3], [3]], note='one vector')
    function('torch.linalg.solve', [[2, 3, 3], [2, 3]], note='a batch of vectors')
    function('torch.linalg.solve', [[3, 3], [2, 3, 4]], note='batches broadcast')
    function('torch.linalg.solve', [[2, 3, 3], [2, 4, 3]], kwargs={'left': False}, note='XA = B')
    function('torch.linalg.solve', [[2, 3, 3], [2, 4, 4]], note='invalid: B has other rows')
    function('torch.linalg.solve', [[2, 3, 4], [2, 3, 4]], note='invalid: A not square')
    function('torch.linalg.solve_triangular', [[3, 3], [2, 3, 4]], kwargs={'upper': True})
    function('torch.linalg.solve_triangular', [[3, 3], [2, 4, 3]], kwargs={'upper': True, 'left': False})
    function('torch.linalg.solve_triangular', [[3, 3], [2, 4, 4]], kwargs={'upper': True}, note='invalid: B has other rows')
    function('torch.linalg.solve_triangular', [[3, 3], [2, 3, 4]], note='invalid: upper is required')
    for name in ['torch.triangular_solve', 'Tensor.triangular_solve', 'torch.cholesky_solve', 'Tensor.cholesky_solve']:
        function(name, [[2, 3, 2], [3, 3]])
        function(name, [[3, 2], [2, 3, 3]], note='batches broadcast')
        function(name, [[2, 4, 2], [3, 3]], note='invalid: b has other rows')


# ── torch.nn.utils.rnn (packedSequence.ts) ──────────────────────────────────────────────────────────────────
def as_modelled(p):
    """A PackedSequence as ShapeLens models it: the index permutations as (B,) even where PyTorch leaves them None
    (lengths given sorted), so that the batch size travels with the packed value."""
    batch = int(p.batch_sizes[0]) if p.batch_sizes.numel() else 0
    identity = torch.arange(batch)
    return (p.data, p.batch_sizes, identity if p.sorted_indices is None else p.sorted_indices,
            identity if p.unsorted_indices is None else p.unsorted_indices)


def packed_from_shapes(data, batch_sizes, sorted_indices, unsorted_indices, **k):
    """pad_packed_sequence's case: a real PackedSequence with those shapes — lengths chosen so that the longest is
    len(batch_sizes), there are len(sorted_indices) of them and they add up to len(data) — then padded back."""
    steps, longest, batch = data.shape[0], batch_sizes.shape[0], sorted_indices.shape[0]
    lengths, left = [longest], steps - longest
    for i in range(1, batch):
        take = min(longest, left - (batch - 1 - i))
        lengths.append(take)
        left -= take
    padded = torch.zeros(longest, batch, *data.shape[1:])
    return torch.nn.utils.rnn.pad_packed_sequence(torch.nn.utils.rnn.pack_padded_sequence(padded, lengths), **k)


def rnn_utils_cases():
    rnn = torch.nn.utils.rnn
    R = 'torch.nn.utils.rnn.'
    CALLABLES[R + 'pack_padded_sequence'] = lambda x, *a, **k: as_modelled(rnn.pack_padded_sequence(x, *a, **k))
    CALLABLES[R + 'pack_sequence'] = lambda xs, *a, **k: as_modelled(rnn.pack_sequence(xs, *a, **k))
    CALLABLES[R + 'pad_packed_sequence'] = lambda xs, *a, **k: packed_from_shapes(*xs, *a, **k)
    CALLABLES[R + 'pad_sequence'] = lambda xs, *a, **k: rnn.pad_sequence(xs, *a, **k)
    function(R + 'pad_sequence', [[3, 4], [5, 4], [2, 4]], as_list=True)
    function(R + 'pad_sequence', [[3, 4], [5, 4], [2, 4]], [True], as_list=True, note='batch_first')
    function(R + 'pad_sequence', [[3], [5]], as_list=True, note='1-D sequences')
    function(R + 'pad_sequence', [[3, 2, 2], [1, 2, 2]], kwargs={'padding_value': -1.0}, as_list=True)
    function(R + 'pad_sequence', [[3, 4], [5, 5]], as_list=True, note='invalid: trailing dims differ')
    function(R + 'pad_sequence', [[]], as_list=True, note='invalid: 0-d')
    function(R + 'pack_padded_sequence', [[5, 3, 4]], [[5, 3, 2]])
    function(R + 'pack_padded_sequence', [[3, 5, 4]], [[5, 3, 2]], {'batch_first': True})
    function(R + 'pack_padded_sequence', [[5, 3, 4]], [[2, 3, 5]], {'enforce_sorted': False})
    function(R + 'pack_padded_sequence', [[5, 3]], [[5, 3, 2]], note='no features')
    function(R + 'pack_padded_sequence', [[6, 2, 3, 4]], [[4, 4]], note='two feature dims')
    function(R + 'pack_padded_sequence', [[5, 3, 4]], [[2, 3, 5]], note='invalid: lengths not sorted')
    function(R + 'pack_padded_sequence', [[5, 3, 4]], [[5, 3]], note='invalid: a length per sequence')
    function(R + 'pack_padded_sequence', [[5, 3, 4]], [[5, 3, 0]], note='invalid: a length of 0')
    function(R + 'pack_sequence', [[5, 4], [3, 4], [2, 4]], as_list=True)
    function(R + 'pack_sequence', [[2, 4], [3, 4]], [False], as_list=True, note='unsorted')
    function(R + 'pack_sequence', [[2, 4], [3, 4]], as_list=True, note='invalid: not sorted')
    function(R + 'pad_packed_sequence', [[9, 4], [4], [3], [3]], as_list=True)
    function(R + 'pad_packed_sequence', [[9, 4], [4], [3], [3]], kwargs={'total_length': 6}, as_list=True)
    function(R + 'pad_packed_sequence', [[9, 4], [4], [3], [3]], kwargs={'batch_first': True}, as_list=True)
    function(R + 'pad_packed_sequence', [[5, 2, 2], [3], [2], [2]], as_list=True, note='two feature dims')
    function(R + 'pad_packed_sequence', [[9, 4], [4], [3], [3]], kwargs={'total_length': 3}, as_list=True,
             note='invalid: total_length below the longest')


# ── Valid sweeps: random shapes through the rules with arithmetic of their own ────────────────────────────────
def sweep_cases():
    import random
    rng = random.Random(13)
    for i in range(40):
        shape = [rng.randint(1, 5) for _ in range(rng.randint(1, 4))]
        kind = rng.choice(['fft', 'rfft', 'irfft', 'hfft', 'ihfft'])
        n = rng.choice([None, rng.randint(1, 9)])
        dim = rng.randint(-len(shape), len(shape) - 1)
        if kind in ('irfft', 'hfft') and n is None and shape[dim] == 1:
            n = 2
        function(f'torch.fft.{kind}', [shape], [n, dim], note=f'sweep {i}')
    for i in range(40):
        shape = [rng.randint(2, 5) for _ in range(rng.randint(2, 4))]
        kind = rng.choice(['fftn', 'rfftn', 'irfftn', 'ihfftn'])
        dims = sorted(rng.sample(range(len(shape)), rng.randint(1, len(shape))))
        s = [rng.choice([-1, rng.randint(1, 7)]) for _ in dims]
        function(f'torch.fft.{kind}', [shape], [s, dims], note=f'sweep {i}')
    for i in range(30):
        shape = [rng.randint(1, 4) for _ in range(rng.randint(0, 3))]
        reps = [rng.randint(0, 3) for _ in range(rng.randint(0, 4))]
        function('torch.tile', [shape], [reps], note=f'sweep {i}')
    for i in range(30):
        shape = [rng.randint(1, 6) for _ in range(rng.randint(1, 3))]
        n = rng.randint(0, 4)
        dim = rng.randint(-len(shape), len(shape) - 1)
        function('torch.diff', [shape], [n, dim], note=f'sweep {i}')
        function('torch.trapezoid', [shape], kwargs={'dim': dim}, note=f'sweep {i}')
        function('torch.cumulative_trapezoid', [shape], kwargs={'dim': dim}, note=f'sweep {i}')
    for i in range(30):
        batch = [rng.randint(1, 3) for _ in range(rng.randint(0, 2))]
        m, n = rng.randint(1, 6), rng.randint(1, 6)
        function(rng.choice(['torch.linalg.svd', 'torch.linalg.qr']), [batch + [m, n]], note=f'sweep {i}')
        function('torch.linalg.pinv', [batch + [m, n]], note=f'sweep {i}')
    for i in range(20):
        r, c, off = rng.randint(0, 6), rng.randint(0, 6), rng.randint(-4, 4)
        function(rng.choice(['torch.tril_indices', 'torch.triu_indices']), [], [r, c, off], note=f'sweep {i}')
        function('torch.combinations', [[rng.randint(1, 6)]], [rng.randint(0, 4), rng.random() < 0.5], note=f'sweep {i}')


if __name__ == '__main__':
    generate([pointwise_cases, binary_cases, fft_cases, calculus_cases, arrange_cases, reduction_cases, alias_cases,
              sampling_cases, decomposition_cases, rnn_utils_cases, sweep_cases], OUT,
             generator='scripts/conformance/gen_surface.py')
