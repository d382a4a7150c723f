#!/usr/bin/python3
"""Conformance cases for indexing and rearranging (src/engine/layers/indexing.ts, rearrange.ts, stacking.ts, fold.ts):
gather / scatter / index_* / take / masked_select / nonzero / searchsorted, flip / roll / rot90 / tril / diag /
diagonal / movedim / t / ravel / repeat_interleave / Tensor.unfold, hstack / vstack / meshgrid / broadcast_* /
atleast_*, and F.unfold / F.fold / nn.Unfold / nn.Fold.

Run with Debian's torch:   /usr/bin/python3 scripts/conformance/gen_indexing.py
Writes test/fixtures/conformance/indexing.json.

Index tensors are int64 ('long'), masks bool, as torch requires. Sizes only the data decides (masked_select's count,
nonzero's rows, repeat_interleave with a tensor of repeats) are marked data_dependent: gen_conformance runs such a
case again on inputs filled with ones and records every size that changed as '?nnz' / '?Σrepeats', the names the
engine gives those symbolic sizes. MACs are 0 for every op here (copies, lookups, additions without products).
"""
import os
import random
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import gen_conformance as gc  # noqa: E402
from gen_conformance import function, module  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'conformance', 'indexing.json')
F, L, B = 'float', 'long', 'bool'


def searchsorted(seq, values, sorter=None, **kwargs):
    """A case's third tensor is searchsorted's keyword-only sorter."""
    return torch.searchsorted(seq, values, sorter=sorter, **kwargs) if sorter is not None else torch.searchsorted(seq, values, **kwargs)


def register():
    # torch signatures with a value between the tensors: input, dim, index[, src / source / value]
    for t, source in [('gather', None), ('scatter', 'src'), ('scatter_', 'src'), ('scatter_add', 'src'), ('scatter_add_', 'src'),
                      ('scatter_reduce', 'src'), ('scatter_reduce_', 'src'), ('index_select', None), ('index_add', 'source'),
                      ('index_add_', 'source'), ('index_copy', 'source'), ('index_copy_', 'source'), ('index_fill', 'value'),
                      ('index_fill_', 'value')]:
        names = ['input', 'index'] + ([source] if source else [])
        if hasattr(torch, t):
            gc.CALLABLES[f'torch.{t}'] = gc.interleaved(getattr(torch, t), 'TVT', names)
        gc.CALLABLES[f'Tensor.{t}'] = gc.interleaved(getattr(torch.Tensor, t), 'TVT', names)
    gc.CALLABLES['torch.repeat_interleave.self_Tensor'] = torch.repeat_interleave
    gc.CALLABLES['torch.repeat_interleave.Tensor'] = torch.repeat_interleave
    gc.CALLABLES['torch.searchsorted'] = searchsorted


# ─────────────────────────────────────────────── the cases ──────────────────────────────────────────────────────
def gather_scatter_cases():
    for t in ['torch.gather', 'Tensor.gather']:
        function(t, [[3, 4], [3, 2]], [1], dtype=[F, L])
        function(t, [[3, 4], [4, 2]], [1], dtype=[F, L], note='invalid: index larger off dim')
    for x, idx, dim in [([3, 4], [2, 6], 1), ([3, 4], [5, 4], 0), ([], [], 0), ([3], [], 0), ([], [2], 0), ([3], [7], 0),
                        ([3, 4], [0, 9], 1), ([3, 4], [0], 0), ([2, 3, 4], [2, 1, 9], -1), ([2, 3, 4], [1, 3, 2], 0)]:
        function('torch.gather', [x, idx], [dim], dtype=[F, L])
    function('torch.gather', [[3, 4], [3, 2]], kwargs={'dim': 1, 'sparse_grad': True}, dtype=[F, L])
    function('torch.gather', [[3, 4], [3]], [1], dtype=[F, L], note='invalid: index rank')
    function('torch.gather', [[3, 4], [3, 2]], [2], dtype=[F, L], note='invalid: dim')
    for t in ['torch.scatter', 'Tensor.scatter', 'Tensor.scatter_']:
        function(t, [[3, 4], [3, 2], [3, 2]], [1], dtype=[F, L, F])
        function(t, [[3, 4], [3, 2]], [1, 1.5], dtype=[F, L], note='a value')
        function(t, [[3, 4], [3, 2], [2, 2]], [1], dtype=[F, L, F], note='invalid: src smaller than index')
    function('torch.scatter', [[3, 4], [3, 2], [3, 5]], [1], dtype=[F, L, F])
    function('torch.scatter', [[3, 4], [3, 5], [3, 5]], [1], dtype=[F, L, F], note='index longer at dim')
    function('torch.scatter', [[3, 4], [3, 2]], [1], {'value': 2.0}, dtype=[F, L])
    function('torch.scatter', [[3, 4], [3, 2], [3, 2]], [1], {'reduce': 'add'}, dtype=[F, L, F])
    function('torch.scatter', [[3, 4], [3, 2]], [1, 2.0], {'reduce': 'multiply'}, dtype=[F, L])
    function('torch.scatter', [[3, 4], [0, 7], [3, 2]], [1], dtype=[F, L, F], note='empty index')
    function('torch.scatter', [[3], [], []], [0], dtype=[F, L, F], note='0-d index and src')
    function('torch.scatter', [[3, 4], [3, 2], [3, 2]], [-1], dtype=[F, L, F])
    function('torch.scatter', [[3, 4], [4, 2], [4, 2]], [1], dtype=[F, L, F], note='invalid: index larger than self')
    function('torch.scatter', [[3, 4], [3], [3, 2]], [1], dtype=[F, L, F], note='invalid: index rank')
    function('torch.scatter', [[3, 4], [3, 2], [3]], [1], dtype=[F, L, F], note='invalid: src rank')
    function('torch.scatter', [[3, 4], [3, 2], [3, 2]], [1], {'reduce': 'mean'}, dtype=[F, L, F], note='invalid: reduce')
    for t in ['torch.scatter_add', 'Tensor.scatter_add', 'Tensor.scatter_add_']:
        function(t, [[3, 4], [3, 2], [3, 2]], [1], dtype=[F, L, F])
        function(t, [[3, 4], [3, 2], [3, 1]], [1], dtype=[F, L, F], note='invalid: src smaller than index')
    function('torch.scatter_add', [[5, 4], [2, 4], [3, 4]], [0], dtype=[F, L, F])
    function('torch.scatter_add', [[3, 4], [3, 0], [1, 1]], [1], dtype=[F, L, F], note='empty index')
    for t in ['torch.scatter_reduce', 'Tensor.scatter_reduce', 'Tensor.scatter_reduce_']:
        function(t, [[3, 4], [3, 2], [3, 2]], [1, 'amax'], dtype=[F, L, F])
    for r in ['sum', 'prod', 'mean', 'amin']:
        function('torch.scatter_reduce', [[3, 4], [3, 2], [3, 2]], [1, r], {'include_self': False}, dtype=[F, L, F])
    function('torch.scatter_reduce', [[3, 4], [3, 2], [3, 2]], [1, 'max'], dtype=[F, L, F], note='invalid: reduce')
    function('torch.scatter_reduce', [[3, 4], [3, 2], [3, 1]], [1, 'sum'], dtype=[F, L, F], note='invalid: src smaller than index')


def index_cases():
    for t in ['torch.index_select', 'Tensor.index_select']:
        function(t, [[3, 4], [5]], [1], dtype=[F, L])
        function(t, [[3, 4], [2, 2]], [0], dtype=[F, L], note='invalid: 2-d index')
    for x, idx, dim in [([3, 4], [], 0), ([3, 4], [0], 0), ([], [1], 0), ([], [], 0), ([2, 3, 4], [7], -1)]:
        function('torch.index_select', [x, idx], [dim], dtype=[F, L])
    function('torch.index_select', [[3, 4], [2]], [2], dtype=[F, L], note='invalid: dim')
    for t in ['torch.index_add', 'Tensor.index_add', 'Tensor.index_add_']:
        function(t, [[3, 4], [2], [2, 4]], [0], dtype=[F, L, F])
        function(t, [[3, 4], [2], [3, 4]], [0], dtype=[F, L, F], note='invalid: count')
    for x, idx, src, dim in [([3, 4], [2], [2, 1], 0), ([3, 4], [], [1, 4], 0), ([3, 4], [2], [3, 2], 1), ([3, 4], [2], [1, 2], 1),
                             ([], [1], [1], 0), ([], [], [], 0), ([3, 4], [2], [2], 0), ([3, 4], [0], [0, 4], 0)]:
        function('torch.index_add', [x, idx, src], [dim], dtype=[F, L, F])
    function('torch.index_add', [[3, 4], [2], [2, 4]], [0], {'alpha': 2}, dtype=[F, L, F])
    function('torch.index_add', [[3, 4], [2], [2, 5]], [0], dtype=[F, L, F], note='invalid: slice does not broadcast')
    function('torch.index_add', [[3, 4], [2, 1], [2, 4]], [0], dtype=[F, L, F], note='invalid: 2-d index')
    function('torch.index_add', [[3, 4], [2], [2]], [1], dtype=[F, L, F], note='invalid: dim beyond source')
    function('torch.index_add', [[3, 4], [2], [3, 2, 1]], [1], dtype=[F, L, F], note='invalid: source slice widens')
    for t in ['torch.index_copy', 'Tensor.index_copy', 'Tensor.index_copy_']:
        function(t, [[3, 4], [2], [3, 2]], [1], dtype=[F, L, F])
        function(t, [[3, 4], [2], [3, 3]], [1], dtype=[F, L, F], note='invalid: count')
    for x, idx, src, dim in [([], [], [], 0), ([], [1], [1], 0), ([3, 4], [], [1, 4], 0), ([3, 4], [0], [0, 4], 0)]:
        function('torch.index_copy', [x, idx, src], [dim], dtype=[F, L, F])
    function('torch.index_copy', [[3, 4], [2], [4, 2]], [1], dtype=[F, L, F], note='invalid: slice shapes')
    function('torch.index_copy', [[3, 4], [2], [3, 2, 1]], [1], dtype=[F, L, F], note='invalid: ranks')
    function('torch.index_copy', [[3, 4], [], [4]], [0], dtype=[F, L, F], note='invalid: 1-d source for 2-d self')
    function('torch.index_copy', [[3, 4], [2], []], [0], dtype=[F, L, F], note='invalid: scalar source, two indices')
    for t in ['torch.index_fill', 'Tensor.index_fill', 'Tensor.index_fill_']:
        function(t, [[3, 4], [2], []], [1], dtype=[F, L, F])
        function(t, [[3, 4], [2, 1], []], [1], dtype=[F, L, F], note='invalid: 2-d index')
    function('torch.index_fill', [[], [], []], [0], dtype=[F, L, F])
    function('torch.index_fill', [[3, 4], [], []], [0], dtype=[F, L, F])
    function('torch.index_fill', [[3, 4], [2], [2]], [1], dtype=[F, L, F], note='invalid: 1-d value')
    function('torch.index_fill', [[3, 4], [2], []], [2], dtype=[F, L, F], note='invalid: dim')


def take_cases():
    for t in ['torch.take', 'Tensor.take']:
        function(t, [[3, 4], [2, 5]], dtype=[F, L])
    function('torch.take', [[3, 4], []], dtype=[F, L])
    function('torch.take', [[], [3]], dtype=[F, L])
    for t in ['torch.take_along_dim', 'Tensor.take_along_dim']:
        function(t, [[3, 4], [3, 2]], [1], dtype=[F, L])
        function(t, [[3, 4], [5, 2]], [1], dtype=[F, L], note='invalid: broadcast')
    for x, idx, dim in [([3, 4], [1, 2], 1), ([3, 1], [1, 5], 0), ([3, 4], [1, 1], 0), ([2, 1, 4], [1, 3, 2], 2)]:
        function('torch.take_along_dim', [x, idx], [dim], dtype=[F, L])
    function('torch.take_along_dim', [[3, 4], [3, 2]], kwargs={'dim': -1}, dtype=[F, L])
    for idx in [[5], [2, 6], []]:
        function('torch.take_along_dim', [[3, 4], idx], dtype=[F, L], note='dim=None')
    function('torch.take_along_dim', [[3, 4], [6]], [1], dtype=[F, L], note='invalid: ranks')
    function('torch.take_along_dim', [[3, 4], [3, 2]], [2], dtype=[F, L], note='invalid: dim')
    function('torch.take_along_dim', [[], []], [0], dtype=[F, L], note='invalid: 0-d with a dim')


def data_dependent_cases():
    for t in ['torch.masked_select', 'Tensor.masked_select']:
        function(t, [[3, 4], [3, 4]], dtype=[F, B], data_dependent='nnz')
        function(t, [[3, 4], [3]], dtype=[F, B], note='invalid: broadcast')
    for x, m in [([3, 4], [4]), ([3, 1], [1, 4]), ([], []), ([], [3]), ([2, 3, 4], [3, 1])]:
        function('torch.masked_select', [x, m], dtype=[F, B], data_dependent='nnz')
    for t in ['torch.nonzero', 'Tensor.nonzero']:
        function(t, [[3, 4]], data_dependent='nnz')
        function(t, [[3, 4]], kwargs={'as_tuple': True}, data_dependent='nnz')
    for shape in [[], [5], [2, 3, 4]]:
        function('torch.nonzero', [shape], data_dependent='nnz')
        function('torch.nonzero', [shape], kwargs={'as_tuple': True}, data_dependent='nnz')
    for t in ['torch.argwhere', 'Tensor.argwhere']:
        function(t, [[3, 4]], data_dependent='nnz')
    function('torch.argwhere', [[]], data_dependent='nnz')


def search_cases():
    function('torch.searchsorted', [[5], [3, 4]])
    function('torch.searchsorted', [[2, 5], [2, 4]])
    function('torch.searchsorted', [[2, 3, 5], [2, 3, 4]])
    function('torch.searchsorted', [[5], []])
    function('torch.searchsorted', [[5], [3]], kwargs={'side': 'right'})
    function('torch.searchsorted', [[5], [3]], kwargs={'right': True, 'out_int32': True})
    function('torch.searchsorted', [[5], [3], [5]], dtype=[F, F, L], note='with a sorter')
    function('torch.searchsorted', [[2, 5], [3, 4]], note='invalid: leading dims')
    function('torch.searchsorted', [[2, 5], [2, 4, 1]], note='invalid: ranks')
    function('torch.searchsorted', [[], [3]], note='invalid: 0-d boundaries')
    function('torch.searchsorted', [[2, 5], []], note='invalid: scalar value for 2-d boundaries')
    function('torch.searchsorted', [[5], [3]], kwargs={'right': True, 'side': 'left'}, note='invalid: side and right disagree')
    function('torch.searchsorted', [[5], [3]], kwargs={'side': 'middle'}, note='invalid: side')
    function('torch.searchsorted', [[5], [3], [4]], dtype=[F, F, L], note='invalid: sorter size')
    function('torch.bucketize', [[3, 4], [5]])
    function('torch.bucketize', [[], [5]])
    function('torch.bucketize', [[3, 4], [0]])
    function('torch.bucketize', [[3, 4], [5]], kwargs={'right': True})
    function('torch.bucketize', [[3, 4], [2, 5]], note='invalid: 2-d boundaries')
    function('torch.bucketize', [[3, 4], []], note='invalid: 0-d boundaries')


def rearrange_cases():
    for t in ['torch.flip', 'Tensor.flip']:
        function(t, [[2, 3, 4]], [[0, 2]])
        function(t, [[2, 3, 4]], [[0, 0]], note='invalid: repeated dim')
    function('torch.flip', [[2, 3, 4]], [[]])
    function('torch.flip', [[]], [[0]])
    function('torch.flip', [[2, 3, 4]], [[-1]])
    function('torch.flip', [[2, 3, 4]], [[3]], note='invalid: dim')
    function('torch.flip', [[2, 3, 4]], [0], note='invalid: an int for dims')
    # the method collects its dims: x.flip(0), x.flip(0, 2)
    function('Tensor.flip', [[2, 3, 4]], [0])
    function('Tensor.flip', [[2, 3, 4]], [0, 2])
    for t in ['torch.fliplr', 'Tensor.fliplr']:
        function(t, [[2, 3]])
        function(t, [[2]], note='invalid: 1-d')
    function('torch.fliplr', [[2, 3, 4]])
    for t in ['torch.flipud', 'Tensor.flipud']:
        function(t, [[2]])
        function(t, [[]], note='invalid: 0-d')
    for t in ['torch.roll', 'Tensor.roll']:
        function(t, [[2, 3]], [1])
        function(t, [[2, 3]], [[1, 2], [0, 1]])
        function(t, [[2, 3]], [[1, 2], 0], note='invalid: shifts and dims do not align')
    for args in [[1, 0], [1, [1]], [[1], 1], [[-3]], [5, -1]]:
        function('torch.roll', [[2, 3]], args)
    function('torch.roll', [[2, 3]], kwargs={'shifts': [1], 'dims': [1]})
    function('torch.roll', [[]], [1])
    function('torch.roll', [[2, 3]], [[1, 2]], note='invalid: two shifts, no dims')
    function('torch.roll', [[2, 3]], [1, 2], note='invalid: dim')
    function('torch.roll', [[2, 3]], [[], []], note='invalid: no shifts')
    function('torch.roll', [[]], [1, 0], note='invalid: dim of a 0-d tensor')
    for t in ['torch.rot90', 'Tensor.rot90']:
        function(t, [[2, 3, 4]])
        function(t, [[2, 3, 4]], [1, [0, 0]], note='invalid: same dims')
    for args in [[2], [1, [1, 2]], [-1, [2, 0]], [5, [0, 2]], [3], [1, [-1, 0]], [0, [0, 1]]]:
        function('torch.rot90', [[2, 3, 4]], args)
    function('torch.rot90', [[2, 3]], [3])
    function('torch.rot90', [[2, 3, 4]], [1, [0, 1, 2]], note='invalid: three dims')
    function('torch.rot90', [[2]], [1], note='invalid: 1-d')
    function('torch.rot90', [[2, 3, 4]], [1, [0, 3]], note='invalid: dims differ by the rank')
    function('torch.rot90', [[2, 3, 4]], [1, [0, 5]], note='invalid: dim')
    for name in ['tril', 'triu']:
        for t in [f'torch.{name}', f'Tensor.{name}', f'Tensor.{name}_']:
            function(t, [[3, 4]])
        function(f'torch.{name}', [[3, 4]], [1])
        function(f'torch.{name}', [[2, 3, 4]], kwargs={'diagonal': -1})
        function(f'torch.{name}', [[3]], note='invalid: 1-d')
        function(f'torch.{name}', [[]], note='invalid: 0-d')


def diagonal_cases():
    for t in ['torch.diag', 'Tensor.diag']:
        function(t, [[3]])
        function(t, [[3, 4]])
        function(t, [[2, 3, 4]], note='invalid: 3-d')
    for shape, k in [([3], 2), ([3], -1), ([3, 4], 1), ([3, 4], 3), ([3, 4], 4), ([3, 4], -2), ([3, 4], -3), ([0], 0), ([4, 3], -1)]:
        function('torch.diag', [shape], [k])
    function('torch.diag', [[]], note='invalid: 0-d')
    for t in ['torch.diagonal', 'Tensor.diagonal']:
        function(t, [[3, 4]])
        function(t, [[2, 3, 4]], [0, 1, 1], note='invalid: same dims')
    for shape, args in [([3, 4], [5]), ([3, 4], [-7]), ([2, 3, 4], [1, 0, 2]), ([2, 3, 4], [0, -1, 1]), ([2, 3, 4], [0, 2, 0]),
                        ([2, 3, 4], [-1, 2, 1]), ([5, 5], [2])]:
        function('torch.diagonal', [shape], args)
    function('torch.diagonal', [[2, 3, 4]], [0, 1, 3], note='invalid: dim')
    function('torch.diagonal', [[3]], note='invalid: 1-d')
    function('torch.diagonal', [[]], note='invalid: 0-d')
    function('torch.linalg.diagonal', [[2, 3, 4]])
    function('torch.linalg.diagonal', [[2, 3, 4]], kwargs={'offset': -1, 'dim1': 0, 'dim2': 1})
    function('torch.linalg.diagonal', [[2, 3, 4]], kwargs={'offset': 2})
    function('torch.linalg.diagonal', [[3]], note='invalid: 1-d')
    for t in ['torch.diag_embed', 'Tensor.diag_embed']:
        function(t, [[2, 3]])
        function(t, [[2, 3]], [0, 0, 0], note='invalid: same dims')
    for shape, args in [([3], []), ([2, 3], [1]), ([2, 3], [-2, 0, 2]), ([2, 3], [0, -3, -1]), ([4], [-1]), ([2, 3, 4], [0, 1, 0])]:
        function('torch.diag_embed', [shape], args)
    function('torch.diag_embed', [[2, 3]], [0, 0, 3], note='invalid: dim')
    function('torch.diag_embed', [[]], note='invalid: 0-d')
    for t in ['torch.diagflat', 'Tensor.diagflat']:
        function(t, [[2, 3]])
    for shape, k in [([2, 3], -2), ([], 0), ([0], 0), ([4], 1)]:
        function('torch.diagflat', [shape], [k])


def reorder_cases():
    for t in ['torch.movedim', 'Tensor.movedim', 'torch.moveaxis', 'Tensor.moveaxis']:
        function(t, [[2, 3, 4]], [0, 2])
        function(t, [[2, 3, 4]], [[0, 1], [2, 0]])
    for args in [[-1, 0], [[2, 0], [0, 2]], [[], []], [1, 1]]:
        function('torch.movedim', [[2, 3, 4]], args)
    function('torch.movedim', [[]], [0, 0])
    function('torch.movedim', [[2, 3, 4]], kwargs={'source': [0, 1, 2], 'destination': [2, 1, 0]})
    function('torch.movedim', [[2, 3, 4]], [[0, 1], [2]], note='invalid: lengths')
    function('torch.movedim', [[2, 3, 4]], [[0, 0], [2, 1]], note='invalid: repeated source')
    function('torch.movedim', [[2, 3, 4]], [[0, 1], [1, 1]], note='invalid: repeated destination')
    function('torch.movedim', [[2, 3, 4]], [3, 0], note='invalid: dim')
    function('torch.movedim', [[2, 3, 4]], [[0], 1], note='invalid: a list and an int')
    for t in ['torch.t', 'Tensor.t', 'Tensor.t_']:
        function(t, [[2, 3]])
        function(t, [[2, 3, 4]], note='invalid: 3-d')
    function('torch.t', [[3]])
    function('torch.t', [[]])
    for t in ['torch.ravel', 'Tensor.ravel']:
        function(t, [[2, 3]])
    function('torch.ravel', [[]])
    function('torch.ravel', [[0, 3]])
    function('torch.ravel', [[2, 3, 4, 5]])


def repeat_interleave_cases():
    for t in ['torch.repeat_interleave', 'Tensor.repeat_interleave']:
        function(t, [[2, 3]], [2])
        function(t, [[2, 3]], [2, 1])
        function(t, [[2, 3]], [-1], note='invalid: negative repeats')
    for args, kwargs in [([2], {'dim': -2}), ([0, 0], {}), ([3], {}), ([2, 1], {'output_size': 6}), ([1, 0], {})]:
        function('torch.repeat_interleave', [[2, 3]], args, kwargs)
    function('torch.repeat_interleave', [[]], [3])
    function('torch.repeat_interleave', [[2, 3]], [2, 2], note='invalid: dim')
    function('torch.repeat_interleave', [[2, 3]], [2, 1], {'output_size': 5}, note='invalid: output_size')
    function('torch.repeat_interleave', [[]], [3, 0], note='invalid: dim of a 0-d tensor')
    T = 'torch.repeat_interleave.self_Tensor'
    function(T, [[2, 3], [3]], [1], dtype=[F, L], data_dependent='Σrepeats')
    function(T, [[2, 3], [1]], [1], dtype=[F, L], data_dependent='Σrepeats', note='one repeat for all')
    function(T, [[2, 3], []], [1], dtype=[F, L], data_dependent='Σrepeats', note='0-d repeats')
    function(T, [[2, 3], [6]], dtype=[F, L], data_dependent='Σrepeats', note='flattened')
    function(T, [[2, 3], [2]], [0], dtype=[F, L], data_dependent='Σrepeats')
    function(T, [[2, 3], [3]], [1], {'output_size': 0}, dtype=[F, L], note='output_size given')
    function(T, [[2, 3], [2]], [1], dtype=[F, L], note='invalid: repeats length')
    function(T, [[2, 3], [2, 3]], [1], dtype=[F, L], note='invalid: 2-d repeats')
    function(T, [[2, 3], [5]], dtype=[F, L], note='invalid: repeats length, flattened')
    function('torch.repeat_interleave.Tensor', [[3]], dtype=[L], data_dependent='Σrepeats')
    function('torch.repeat_interleave.Tensor', [[2, 3]], dtype=[L], note='invalid: 2-d repeats')


def tensor_unfold_cases():
    for args in [[1, 3, 2], [1, 7, 1], [1, 0, 1], [-1, 2, 3], [0, 2, 1], [0, 3, 5]]:
        function('Tensor.unfold', [[2, 7]] if args[0] != 0 else [[3, 4]], args)
    function('Tensor.unfold', [[]], [0, 1, 1])
    function('Tensor.unfold', [[]], [0, 0, 1])
    function('Tensor.unfold', [[2, 3, 8]], kwargs={'dimension': 2, 'size': 4, 'step': 4})
    function('Tensor.unfold', [[2, 7]], [1, 8, 1], note='invalid: size > dim')
    function('Tensor.unfold', [[2, 7]], [1, 3, 0], note='invalid: step 0')
    function('Tensor.unfold', [[2, 7]], [2, 2, 3], note='invalid: dim')
    function('Tensor.unfold', [[]], [0, 2, 1], note='invalid: size > 1 on a 0-d tensor')


def stacking_cases():
    for shapes in [[[2], [3]], [[2, 3], [2, 4]], [[], [3]], [[2, 3, 4], [2, 1, 4]], [[5]]]:
        function('torch.hstack', shapes, as_list=True)
    function('torch.hstack', [[], [2, 3]], as_list=True, note='invalid: ranks after atleast_1d')
    function('torch.hstack', [[2, 3], [3, 3]], as_list=True, note='invalid: sizes')
    function('torch.hstack', [], as_list=True, note='invalid: empty')
    for t in ['torch.vstack', 'torch.row_stack']:
        function(t, [[3], [3]], as_list=True)
        function(t, [[2, 3], [4]], as_list=True, note='invalid: sizes')
    for shapes in [[[], [1]], [[2, 3], [3]], [[2, 3, 4], [1, 3, 4]]]:
        function('torch.vstack', shapes, as_list=True)
    for shapes in [[[3], [3]], [[2, 3], [2, 3]], [[2, 3, 4], [2, 3, 1]], [[], []]]:
        function('torch.dstack', shapes, as_list=True)
    function('torch.dstack', [[2, 3], [3]], as_list=True, note='invalid: sizes')
    for shapes in [[[3], [3]], [[3], [3, 2]], [[], [1, 2]], [[2, 3, 4], [2, 1, 4]]]:
        function('torch.column_stack', shapes, as_list=True)
    function('torch.column_stack', [[3], [4]], as_list=True, note='invalid: sizes')
    for shapes, kwargs in [([[2], [3]], {'indexing': 'ij'}), ([[2], [3], [4]], {'indexing': 'xy'}), ([[2], []], {'indexing': 'ij'}),
                           ([[2], [3]], {}), ([[2]], {'indexing': 'xy'}), ([[4], [5]], {'indexing': 'xy'})]:
        function('torch.meshgrid', shapes, kwargs=kwargs)
    function('torch.meshgrid', [[2], [3]], kwargs={'indexing': 'xy'}, as_list=True, note='a list')
    function('torch.meshgrid', [[2, 3], [3]], kwargs={'indexing': 'ij'}, note='invalid: 2-d')
    function('torch.meshgrid', [[2], [3]], kwargs={'indexing': 'ji'}, note='invalid: indexing')
    function('torch.meshgrid', [], kwargs={'indexing': 'ij'}, note='invalid: no tensors')
    for t in ['torch.broadcast_to', 'Tensor.broadcast_to']:
        function(t, [[3, 1]], [[2, 3, 4]])
        function(t, [[3, 2]], [[3, 4]], note='invalid: 2 does not broadcast to 4')
    function('torch.broadcast_to', [[3, 1]], [[-1, 4]])
    function('torch.broadcast_to', [[]], [[2, 2]])
    function('torch.broadcast_to', [[3, 1]], [[4]], note='invalid: fewer sizes')
    for shapes in [[[3, 1], [4], [2, 1, 1]], [[3, 1], [2]], [[3, 1]], [], [[], [2, 3]]]:
        function('torch.broadcast_tensors', shapes)
    function('torch.broadcast_tensors', [[3, 1], [2, 4]], note='invalid: broadcast')
    for n, cases in [(1, [[[]], [[2, 3]], [[], [2]], []]), (2, [[[]], [[3]], [[3, 4, 5]], [[], [3], [2, 3]]]),
                     (3, [[[]], [[3]], [[3, 4]], [[3, 4, 5, 6]], [[2], [2, 3]]])]:
        for shapes in cases:
            function(f'torch.atleast_{n}d', shapes)


def fold_cases():
    for t in ['F.unfold']:
        function(t, [[2, 3, 8, 8]], [3])
        function(t, [[2, 3, 8, 8]], [[2, 3]], {'dilation': 2, 'padding': 1, 'stride': 2})
        function(t, [[3, 8, 8]], [3], note='unbatched')
        function(t, [[2, 3, 8]], [3], note='a 3-d input is unbatched (C, H, W)')
        function(t, [[2, 3, 8, 8]], [9], {'padding': 1})
        function(t, [[2, 3, 8, 8]], [3], {'stride': [2, 3]})
        function(t, [[2, 3, 8, 8]], [3, 1, 4, 1])
        function(t, [[0, 3, 8, 8]], [3], note='empty batch')
        function(t, [[1, 1, 5, 7]], [[2, 1]], {'stride': [1, 2]})
        function(t, [[8, 8]], [3], note='invalid: 2-d')
        function(t, [[1, 2, 3, 8, 8]], [3], note='invalid: 5-d')
        function(t, [[2, 3, 2, 8]], [3], note='invalid: kernel > input')
        function(t, [[2, 3, 8, 8]], [3], {'stride': 0}, note='invalid: stride 0')
        function(t, [[2, 3, 8, 8]], [3], {'padding': -1}, note='invalid: negative padding')
        function(t, [[2, 3, 8, 8]], [[3, 3, 3]], note='invalid: three kernel sizes')
        function(t, [[2, 0, 8, 8]], [3], note='invalid: zero channels')
    module('Unfold', [3], {'padding': 1}, [[2, 3, 8, 8]])
    module('Unfold', [[2, 4]], {'stride': 2}, [[1, 4, 6, 8]])
    module('Unfold', [2], inputs=[[4, 5, 5]], note='unbatched')
    module('Unfold', [5], inputs=[[1, 1, 4, 4]], note='invalid: kernel > input')
    function('F.fold', [[2, 27, 36]], [[8, 8], 3])
    function('F.fold', [[27, 36]], [[8, 8], 3], note='unbatched')
    function('F.fold', [[2, 12, 16]], [8, 2], {'stride': 2})
    function('F.fold', [[2, 12, 9]], [[7, 7], 2], {'stride': 2})
    function('F.fold', [[2, 12, 25]], [[8, 8], 2], {'stride': 2, 'padding': 1})
    function('F.fold', [[2, 12, 9]], [[8, 8], 2], {'stride': 2, 'dilation': 2})
    function('F.fold', [[0, 27, 36]], [[8, 8], 3], note='empty batch')
    function('F.fold', [[2, 27, 35]], [[8, 8], 3], note='invalid: blocks')
    function('F.fold', [[2, 26, 36]], [[8, 8], 3], note='invalid: channels not divisible')
    function('F.fold', [[2, 3, 27, 36]], [[8, 8], 3], note='invalid: 4-d')
    function('F.fold', [[2, 12, 16]], [[1, 1], 2], note='invalid: no blocks fit')
    function('F.fold', [[27, 36]], [[8, 8, 8], 3], note='invalid: three output sizes')
    module('Fold', [[8, 8], 3], {'padding': 1}, [[2, 27, 64]])
    module('Fold', [[4, 6], [2, 3]], {'stride': [2, 3]}, [[1, 12, 4]])
    module('Fold', [[8, 8], 3], inputs=[[2, 27, 35]], note='invalid: blocks')


def sweep_cases():
    """Seeded random valid configurations of every family above: shapes of rank 1–4, sizes 1–5, random dims."""
    rng = random.Random(20240614)

    def shape(lo=1, hi=4):
        return [rng.randint(1, 5) for _ in range(rng.randint(lo, hi))]

    for i in range(14):
        note = f'sweep {i}'
        x = shape()
        r = len(x)
        d = rng.randrange(r)
        smaller = [rng.randint(1, s) for s in x]
        idx = [smaller[k] if k != d else rng.randint(1, 6) for k in range(r)]
        function('torch.gather', [x, idx], [d - r if rng.random() < 0.3 else d], dtype=[F, L], note=note)
        function('torch.scatter_add', [x, smaller, [s + rng.randint(0, 1) for s in smaller]], [d], dtype=[F, L, F], note=note)
        function('torch.index_select', [x, [rng.randint(0, 6)]], [d], dtype=[F, L], note=note)
        src = [s if k != d else 3 for k, s in enumerate(x)]
        function('torch.index_add', [x, [3], src], [d], dtype=[F, L, F], note=note)
        function('torch.index_copy', [x, [3], src], [d], dtype=[F, L, F], note=note)
        function('torch.take_along_dim', [x, [idx[k] if k == d else x[k] if rng.random() < 0.6 else 1 for k in range(r)]], [d], dtype=[F, L], note=note)
        function('torch.masked_select', [x, x[rng.randint(0, r - 1):]], dtype=[F, B], data_dependent='nnz', note=note)
        function('torch.flip', [x], [rng.sample(range(r), rng.randint(0, r))], note=note)
        function('torch.roll', [x], [[rng.randint(-3, 3) for _ in range(min(r, 2))], rng.sample(range(r), min(r, 2))], note=note)
        if r >= 2:
            a, b = rng.sample(range(r), 2)
            function('torch.rot90', [x], [rng.randint(-4, 4), [a, b]], note=note)
            function('torch.diagonal', [x], [rng.randint(-3, 3), a, b], note=note)
            function('torch.tril', [x], [rng.randint(-2, 2)], note=note)
        function('torch.diag_embed', [x], [rng.randint(-2, 2)], note=note)
        k = rng.randint(1, r)
        function('torch.movedim', [x], [rng.sample(range(r), k), rng.sample(range(r), k)], note=note)
        function('torch.repeat_interleave', [x], [rng.randint(0, 3), d], note=note)
        function('Tensor.unfold', [x], [d, rng.randint(0, x[d]), rng.randint(1, 3)], note=note)
        function('torch.searchsorted', [x[:-1] + [rng.randint(1, 5)], x], note=note)
        function('torch.meshgrid', [[rng.randint(1, 4)] for _ in range(rng.randint(1, 4))], kwargs={'indexing': rng.choice(['ij', 'xy'])}, note=note)
        function('torch.broadcast_tensors', [x, [1 if rng.random() < 0.5 else s for s in x[rng.randint(0, r - 1):]]], note=note)
        rows = [x[:1] + [rng.randint(1, 3)] + x[2:] if r >= 2 else [rng.randint(1, 3)] for _ in range(rng.randint(1, 3))]
        function('torch.hstack', rows, as_list=True, note=note)
        function('torch.vstack', [[rng.randint(1, 3)] + x[1:] if r > 1 else x for _ in range(rng.randint(1, 3))], as_list=True, note=note)
        c, h, w = rng.randint(1, 3), rng.randint(3, 9), rng.randint(3, 9)
        kh, kw, s_, p_, dil = rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3), rng.randint(0, 1), rng.randint(1, 2)
        function('F.unfold', [[2, c, h, w]], [[kh, kw]], {'stride': s_, 'padding': p_, 'dilation': dil}, note=note)
        bh = (h + 2 * p_ - dil * (kh - 1) - 1) // s_ + 1
        bw = (w + 2 * p_ - dil * (kw - 1) - 1) // s_ + 1
        function('F.fold', [[2, c * kh * kw, bh * bw]], [[h, w], [kh, kw]], {'stride': s_, 'padding': p_, 'dilation': dil}, note=note)


def main():
    register()
    gc.generate([gather_scatter_cases, index_cases, take_cases, data_dependent_cases, search_cases, rearrange_cases, diagonal_cases,
                 reorder_cases, repeat_interleave_cases, tensor_unfold_cases, stacking_cases, fold_cases, sweep_cases], OUT,
                generator='scripts/conformance/gen_indexing.py')


if __name__ == '__main__':
    main()
