#!/usr/bin/python3
"""Conformance cases for the functional layers (src/engine/layers/functional.ts, grid.ts, F.embedding and
F.embedding_bag in embedding.ts, the F.upsample aliases in upsample.ts): the norms with their weights as tensors,
one_hot, bilinear, conv_tbc, channel_shuffle, affine_grid, grid_sample. F.rms_norm and
F.scaled_dot_product_attention are 2.x: test/fixtures/conformance/functional-2x.json.

Run with Debian's torch:   /usr/bin/python3 scripts/conformance/gen_functional.py
Writes test/fixtures/conformance/functional.json.
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_conformance as g  # noqa: E402
from gen_conformance import function, module  # noqa: E402
from calling import engine_order  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'conformance', 'functional.json')

# F.bilinear: the Bilinear module's convention (the weight once per output: out_numel · in1 · in2); run() checks that
# the profiler's extra term is the second contraction.
g.FORMULAS['F.bilinear'] = lambda spec, m, tensors, out: out.numel() * tensors[2].shape[1] * tensors[2].shape[2]
# F.conv_tbc: as a 1-D convolution, out_numel · C_in · k (its addmm_ is in place, which the profiler does not count).
g.FORMULAS['F.conv_tbc'] = lambda spec, m, tensors, out: out.numel() * tensors[1].shape[0] * tensors[1].shape[1]
# F.affine_grid: the base grid (N, ∏spatial, k + 1) times θᵀ (N, k + 1, k) in one bmm.
g.FORMULAS['F.affine_grid'] = lambda spec, m, tensors, out: out.numel() * (out.shape[-1] + 1)
g.CALLABLES['F.layer_norm'] = engine_order(F.layer_norm, 1, ['weight', 'bias'])
g.CALLABLES['F.group_norm'] = engine_order(F.group_norm, 1, ['weight', 'bias'])
g.CALLABLES['torch.layer_norm'] = engine_order(torch.layer_norm, 1, ['weight', 'bias'])
g.CALLABLES['torch.group_norm'] = engine_order(torch.group_norm, 1, ['weight', 'bias'])
g.CALLABLES['F.batch_norm'] = engine_order(F.batch_norm, 1, ['running_mean', 'running_var', 'weight', 'bias'])


def norm_cases():
    function('F.batch_norm', [[4, 3], [3], [3]])
    function('F.batch_norm', [[4, 3, 5], [3], [3], [3], [3]], kwargs={'training': True})
    function('F.batch_norm', [[2, 3, 4, 4]], kwargs={'training': True}, note='no running stats')
    function('F.batch_norm', [[1, 3]], kwargs={'training': True}, note='invalid: one value per channel')
    function('F.batch_norm', [[4, 3], [4], [4]], note='invalid: running_mean size')
    function('F.batch_norm', [[4, 3, 5], [3], [3], [5]], note='invalid: weight size')
    function('torch.batch_norm', [[4, 3, 5], [3], [3], [3], [3]], [True, 0.1, 1e-5, False])
    function('torch.batch_norm', [[4, 3, 5], [3], [3], [2], [3]], [False, 0.1, 1e-5, False], note='invalid: running_mean size')
    function('F.instance_norm', [[2, 3, 5]])
    function('F.instance_norm', [[2, 3, 5, 5], [3], [3], [3], [3]])
    function('F.instance_norm', [[2, 3, 5], [3], [3]], kwargs={'use_input_stats': False}, note='running stats')
    function('F.instance_norm', [[2, 3, 1]], note='invalid: one spatial value')
    function('F.instance_norm', [[2, 3, 5]], [False], note='invalid: use_input_stats=False without running stats')
    function('torch.instance_norm', [[2, 3, 5], [3], [3], [3], [3]], [True, 0.1, 1e-5, False])
    function('F.layer_norm', [[2, 5, 10]], [[10]])
    function('F.layer_norm', [[2, 5, 10], [5, 10], [5, 10]], [[5, 10]], note='weight, bias')
    function('F.layer_norm', [[2, 5, 10], [10]], [[10]], note='weight')
    function('F.layer_norm', [[2, 5, 10]], [[5]], note='invalid: trailing dims')
    function('F.layer_norm', [[2, 5, 10], [5]], [[10]], note='invalid: weight shape')
    function('F.layer_norm', [[2, 5, 10]], [[]], note='invalid: empty normalized_shape')
    function('torch.layer_norm', [[2, 5, 10], [10], [10]], [[10]], {'eps': 1e-5, 'cudnn_enable': False})
    function('F.group_norm', [[2, 6, 4]], [3])
    function('F.group_norm', [[2, 6, 4, 4], [6], [6]], [2], note='weight, bias')
    function('F.group_norm', [[2, 6]], [6])
    function('F.group_norm', [[2, 6, 4]], [4], note='invalid: groups')
    function('F.group_norm', [[2, 6, 4], [4]], [3], note='invalid: weight size')
    function('F.group_norm', [[1, 6]], [6], note='invalid: one value per group')
    function('torch.group_norm', [[2, 6, 4], [6], [6]], [3], {'eps': 1e-5, 'cudnn_enabled': False})


def misc_cases():
    function('F.one_hot', [[4]], [5], dtype='long')
    function('F.one_hot', [[2, 3]], [7], dtype='long')
    function('F.one_hot', [[]], [3], dtype='long', note='0-d')
    function('F.one_hot', [[4]], dtype='long', data_dependent='num_classes', note='num_classes=-1: max + 1')
    function('F.one_hot', [[2, 3]], [-1], dtype='long', data_dependent='num_classes', note='num_classes=-1: max + 1')
    function('F.one_hot', [[4]], [-2], dtype='long', note='invalid: num_classes')
    function('F.one_hot', [[0]], dtype='long', note='invalid: cannot infer from an empty tensor')
    function('F.bilinear', [[4, 5], [4, 6], [3, 5, 6]])
    function('F.bilinear', [[4, 5], [4, 6], [3, 5, 6], [3]], note='bias')
    function('F.bilinear', [[2, 4, 5], [2, 4, 6], [3, 5, 6]], note='leading dims')
    function('F.bilinear', [[4, 5], [4, 7], [3, 5, 6]], note='invalid: in2')
    function('F.bilinear', [[4, 5], [3, 6], [3, 5, 6]], note='invalid: batch')
    function('F.bilinear', [[4, 5], [4, 6], [3, 5, 6], [4]], note='invalid: bias')
    function('F.conv_tbc', [[10, 2, 4], [3, 4, 6], [6]])
    function('F.conv_tbc', [[10, 2, 4], [3, 4, 6], [6]], [0], note='pad 0')
    function('F.conv_tbc', [[10, 2, 4], [3, 5, 6], [6]], note='invalid: channels')
    function('F.conv_tbc', [[10, 2, 4], [3, 4, 6], [5]], note='invalid: bias')
    function('F.conv_tbc', [[2, 4], [3, 4, 6], [6]], note='invalid: rank')
    module('ChannelShuffle', [2], inputs=[[1, 4, 3, 3]])
    module('ChannelShuffle', [3], inputs=[[2, 6, 5]])
    module('ChannelShuffle', [3], inputs=[[2, 6, 2, 2, 2]])
    module('ChannelShuffle', [4], inputs=[[1, 6, 3, 3]], note='invalid: groups')
    module('ChannelShuffle', [2], inputs=[[4, 6]], note='invalid: rank')
    function('F.channel_shuffle', [[1, 4, 3, 3]], [2])
    function('torch.channel_shuffle', [[1, 6, 3]], [3])
    function('F.native_channel_shuffle', [[1, 4, 3, 3]], [4])
    function('F.native_channel_shuffle', [[1, 4, 3, 3]], [3], note='no divisibility check')
    function('F.native_channel_shuffle', [[4, 6]], [2], note='2-d')


def grid_cases():
    function('F.affine_grid', [[2, 2, 3]], [[2, 3, 5, 6]], {'align_corners': False})
    function('F.affine_grid', [[1, 3, 4]], [[1, 2, 4, 5, 6]], {'align_corners': True})
    function('F.affine_grid', [[2, 2, 3]], [[2, 3, 5]], {'align_corners': False}, note='invalid: size length')
    function('F.affine_grid', [[2, 3, 4]], [[2, 3, 5, 6]], {'align_corners': False}, note='invalid: theta shape')
    function('F.affine_grid', [[2, 2, 3]], [[3, 3, 5, 6]], {'align_corners': False}, note='invalid: batch')
    function('F.grid_sample', [[2, 3, 8, 8], [2, 5, 6, 2]], kwargs={'align_corners': False})
    function('F.grid_sample', [[2, 3, 8, 8], [2, 5, 6, 2]], ['nearest', 'border', True])
    function('F.grid_sample', [[1, 3, 8, 8], [1, 4, 4, 2]], ['bicubic'], {'align_corners': False})
    function('F.grid_sample', [[1, 2, 4, 5, 6], [1, 3, 3, 3, 3]], kwargs={'align_corners': False})
    function('F.grid_sample', [[2, 3, 8, 8], [1, 5, 6, 2]], kwargs={'align_corners': False}, note='invalid: batch')
    function('F.grid_sample', [[2, 3, 8, 8], [2, 5, 6, 3]], kwargs={'align_corners': False}, note='invalid: grid last dim')
    function('F.grid_sample', [[1, 2, 4, 5, 6], [1, 3, 3, 3, 3]], ['bicubic'], {'align_corners': False}, note='invalid: bicubic 5-d')
    function('F.grid_sample', [[2, 3, 8], [2, 5, 2]], kwargs={'align_corners': False}, note='invalid: rank')
    function('F.grid_sample', [[2, 3, 8, 8], [2, 5, 6, 2]], ['cubic'], note='invalid: mode')


def embedding_cases():
    long_float = ['long', 'float']
    function('F.embedding', [[4, 7], [10, 3]], dtype=long_float)
    function('F.embedding', [[5], [10, 3]], [2], dtype=long_float, note='padding_idx')
    function('F.embedding', [[], [10, 3]], dtype=long_float, note='0-d')
    function('F.embedding', [[4, 7], [10, 3]], [10], dtype=long_float, note='invalid: padding_idx')
    function('F.embedding', [[4, 7], [30]], dtype=long_float, note='invalid: weight rank')
    function('torch.embedding', [[10, 3], [4, 7]], dtype=['float', 'long'])
    function('torch.embedding', [[30], [4, 7]], dtype=['float', 'long'], note='invalid: weight rank')
    function('F.embedding_bag', [[4, 7], [10, 3]], dtype=long_float)
    function('F.embedding_bag', [[8], [10, 3], [3]], kwargs={'mode': 'sum'}, dtype=['long', 'float', 'long'], note='offsets')
    function('F.embedding_bag', [[8], [10, 3], [3]], kwargs={'include_last_offset': True, 'mode': 'sum'}, dtype=['long', 'float', 'long'])
    function('F.embedding_bag', [[8], [10, 3]], dtype=long_float, note='invalid: 1-d input without offsets')
    function('F.embedding_bag', [[2, 4, 7], [10, 3]], dtype=long_float, note='invalid: rank')
    function('F.embedding_bag', [[4, 7], [10, 3]], kwargs={'mode': 'median'}, dtype=long_float, note='invalid: mode')


def upsample_cases():
    function('F.upsample', [[1, 3, 4, 4]], kwargs={'scale_factor': 2})
    function('F.upsample', [[1, 3, 4]], [7], {'mode': 'linear', 'align_corners': True})
    function('F.upsample', [[1, 3, 4, 4]], note='invalid: neither size nor scale')
    function('F.upsample_nearest', [[1, 3, 4, 4]], [[6, 9]])
    function('F.upsample_nearest', [[1, 3, 4, 4, 4]], kwargs={'scale_factor': 2})
    function('F.upsample_bilinear', [[1, 3, 4, 4]], kwargs={'scale_factor': 2})
    function('F.upsample_bilinear', [[1, 3, 4]], kwargs={'scale_factor': 2}, note='invalid: bilinear needs 4-d')


def sweep_cases():
    """Valid shapes across the family (keeps the invalid share near a fifth)."""
    for shape in [[2, 4], [3, 4, 5], [2, 4, 3, 3], [1, 4, 2, 3, 2]]:
        function('F.batch_norm', [shape, [4], [4]], note='sweep')
        function('F.batch_norm', [shape, [4], [4], [4], [4]], kwargs={'training': True}, note='sweep')
        function('F.group_norm', [shape], [2], note='sweep')
        function('F.group_norm', [shape, [4], [4]], [4], note='sweep')
        function('F.layer_norm', [shape], [shape[-1:]], note='sweep')
        function('F.layer_norm', [shape, shape[-2:], shape[-2:]], [shape[-2:]], note='sweep')
        function('F.one_hot', [shape], [6], dtype='long', note='sweep')
        function('F.embedding', [shape, [7, 5]], dtype=['long', 'float'], note='sweep')
        if len(shape) >= 3:
            function('F.instance_norm', [shape], note='sweep')
            function('F.local_response_norm', [shape], [2], note='sweep')
            function('F.channel_shuffle', [shape], [2], note='sweep')
    for k, t, pad in [(1, 5, 0), (2, 5, 0), (5, 5, 0), (3, 8, 0)]:
        function('F.conv_tbc', [[t, 3, 4], [k, 4, 2], [2]], [pad], note='sweep')
    for n, h, w in [(1, 4, 4), (2, 3, 7), (3, 1, 5)]:
        function('F.affine_grid', [[n, 2, 3]], [[n, 2, h, w]], {'align_corners': False}, note='sweep')
        function('F.grid_sample', [[n, 2, 5, 5], [n, h, w, 2]], kwargs={'align_corners': True}, note='sweep')
        function('F.bilinear', [[n, h], [n, w], [2, h, w]], note='sweep')
        function('F.embedding_bag', [[n, h], [9, w]], kwargs={'mode': 'max'}, dtype=['long', 'float'], note='sweep')
    for size in [[5], [3, 8], [2, 4, 6]]:
        function('F.upsample', [[1, 2, *size]], kwargs={'scale_factor': 2}, note='sweep')
        function('F.upsample_nearest', [[1, 2, *size]], kwargs={'scale_factor': 3}, note='sweep')


def main():
    g.generate([norm_cases, misc_cases, grid_cases, embedding_cases, upsample_cases, sweep_cases], OUT, generator='scripts/conformance/gen_functional.py')


if __name__ == '__main__':
    main()
