#!/usr/bin/python3
"""Conformance cases for the linear-algebra products (src/engine/layers/linalg.ts), torch.einsum (einsum.ts) and
the distances and norms (distances.ts).

Run with Debian's torch:   /usr/bin/python3 scripts/conformance/gen_linalg.py
Writes test/fixtures/conformance/linalg.json.

MACs: the profiler sees aten::mm, bmm, addmm and baddbmm, so mm, bmm, the add-forms, tensordot (which contracts
through mm) and multi_dot / chain_matmul (a chain of mm in torch's cheapest order) are checked against it; mv, dot,
inner, outer, kron and vecdot use the formulas below (matmul's convention: out_numel · k, k = 1 for outer products).
einsum and cdist record their stated convention (FORMULA_ONLY): torch's einsum sums a label only one operand has
before its bmm, and cdist switches to an mm of (P, M + 2)·(M + 2, R) for large inputs, so the profiler counts the
implementation rather than the equation.
"""
import math
import os
import random
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import gen_conformance as gc  # noqa: E402
from gen_conformance import function  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'conformance', 'linalg.json')


# ─────────────────────────────────────────────── MACs formulas ──────────────────────────────────────────────────
def k_of(t, dim):
    return t.shape[dim]


def tensordot_k(spec, tensors):
    """∏ of the contracted sizes; a pair with a size-1 side contributes 1 (torch sums the other side first)."""
    a, b = tensors
    dims = (spec['args'] or [spec['kwargs'].get('dims', 2)])[0]
    if isinstance(dims, int):
        pairs = [(a.dim() - dims + i, i) for i in range(dims)]
    else:
        pairs = list(zip(dims[0], dims[1]))
    return math.prod(1 if 1 in (a.shape[i], b.shape[j]) else a.shape[i] for i, j in pairs)


def chain_macs(tensors):
    """The matrix-chain minimum (torch's multi_dot order); 1-D ends are a row and a column."""
    if len(tensors) < 2:
        return 0
    shapes = [list(t.shape) for t in tensors]
    if len(shapes[0]) == 1:
        shapes[0] = [1] + shapes[0]
    if len(shapes[-1]) == 1:
        shapes[-1] = shapes[-1] + [1]
    p = [shapes[0][0]] + [s[1] for s in shapes]
    n = len(p) - 1
    best = [[0] * n for _ in range(n)]
    for length in range(2, n + 1):
        for i in range(n - length + 1):
            j = i + length - 1
            best[i][j] = min(best[i][k] + best[k + 1][j] + p[i] * p[k + 1] * p[j + 1] for k in range(i, j))
    return best[0][n - 1]


def einsum_macs(spec, tensors):
    """∏ of every label's size and the broadcast ellipsis dims, for two or more operands; 0 for one."""
    if len(tensors) < 2:
        return 0
    lhs = spec['args'][0].split('->')[0].replace(' ', '')
    sizes, ellipsis = {}, []
    for term, t in zip(lhs.split(','), tensors):
        named = term.replace('...', '')
        covered = t.dim() - len(named)
        dims = list(t.shape)
        if '...' in term:
            at = term.index('...')
            ell, dims = dims[at:at + covered], dims[:at] + dims[at + covered:]
            ellipsis = list(torch.broadcast_shapes(tuple(ellipsis), tuple(ell)))
        for label, size in zip(named, dims):
            sizes[label] = size if sizes.get(label, 1) == 1 else sizes[label]  # a size 1 broadcasts
    return math.prod(sizes.values()) * math.prod(ellipsis)


def vecdot_macs(spec, tensors, out):
    shape = torch.broadcast_shapes(tensors[0].shape, tensors[1].shape)
    if not shape:
        return 1
    return out.numel() * shape[spec['kwargs'].get('dim', -1)]


def inner_macs(tensors, out):
    a, b = tensors
    return out.numel() * (1 if a.dim() == 0 or b.dim() == 0 else a.shape[-1])


def cdist_macs(tensors, out):
    return out.numel() * tensors[0].shape[-1]


MM = lambda s, m, t, out: out.numel() * k_of(t[0], 1)  # noqa: E731
BMM = lambda s, m, t, out: out.numel() * k_of(t[0], 2)  # noqa: E731
# by base name: every spelling (torch.x, Tensor.x, Tensor.x_, torch.x_, torch.linalg.x) uses the same formula
BASE_FORMULAS = {
    'mm': MM, 'bmm': BMM, 'mv': MM,
    'dot': lambda s, m, t, out: t[0].shape[0], 'vdot': lambda s, m, t, out: t[0].shape[0],
    'inner': lambda s, m, t, out: inner_macs(t, out),
    'outer': lambda s, m, t, out: out.numel(), 'ger': lambda s, m, t, out: out.numel(),
    'kron': lambda s, m, t, out: out.numel(), 'addr': lambda s, m, t, out: out.numel(),
    'tensordot': lambda s, m, t, out: out.numel() * tensordot_k(s, t),
    'vecdot': lambda s, m, t, out: vecdot_macs(s, t, out),
    'addmm': lambda s, m, t, out: out.numel() * t[1].shape[1],
    'baddbmm': lambda s, m, t, out: out.numel() * t[1].shape[2],
    'addbmm': lambda s, m, t, out: out.numel() * t[1].shape[0] * t[1].shape[2],
    'addmv': lambda s, m, t, out: out.numel() * t[1].shape[1],
    'chain_matmul': lambda s, m, t, out: chain_macs(t), 'multi_dot': lambda s, m, t, out: chain_macs(t),
    'einsum': lambda s, m, t, out: einsum_macs(s, t),
    'cdist': lambda s, m, t, out: cdist_macs(t, out),
}


def formula(spec, m, tensors, out):
    base = spec['type'].rsplit('.', 1)[1].rstrip('_')
    return BASE_FORMULAS[base](spec, m, tensors, out) if base in BASE_FORMULAS else 0


def register():
    for base in BASE_FORMULAS:
        for prefix in ['torch.', 'Tensor.', 'torch.linalg.']:
            for suffix in ['', '_']:
                gc.FORMULAS[prefix + base + suffix] = formula
    gc.FORMULA_ONLY.update({'torch.einsum', 'torch.cdist'})
    gc.CALLABLES['torch.einsum'] = gc.interleaved(torch.einsum, 'V')  # einsum(equation, *operands)


# ─────────────────────────────────────────────── the cases ──────────────────────────────────────────────────────
def einsum_cases():
    good = [
        ('ij,jk->ik', [[2, 3], [3, 4]]), ('ij,jk', [[2, 3], [3, 4]]), ('bij,bjk->bik', [[2, 3, 4], [2, 4, 5]]),
        ('i,i->', [[5], [5]]), ('i,j->ij', [[2], [3]]), ('ii->i', [[3, 3]]), ('ii', [[3, 3]]), ('ij->ji', [[2, 3]]),
        ('ij->', [[2, 3]]), ('ij->j', [[2, 3]]), ('...ij,...jk->...ik', [[5, 1, 2, 3], [6, 3, 4]]),
        ('...ij,...jk', [[5, 2, 3], [3, 4]]), ('b...,b...->b...', [[5, 2, 3], [5, 1]]), ('...ij->j...i', [[7, 8, 2, 3]]),
        ('ij,ij->ij', [[1, 3], [2, 1]]), ('ij,jk->ik', [[2, 3], [1, 4]]), ('bA,Ab', [[2, 3], [3, 2]]), ('b,A', [[2], [3]]),
        ('i j , j k -> i k', [[2, 3], [3, 4]]), ('...', [[2, 3]]), ('...->', [[2, 3]]), ('ij->...', [[2, 3]]),
        ('iij->ij', [[3, 3, 2]]), ('ij,jk,kl->il', [[2, 3], [3, 4], [4, 5]]), ('a,b,c', [[2], [3], [4]]),
        ('bhqd,bhkd->bhqk', [[2, 4, 5, 8], [2, 4, 6, 8]]), ('bhqk,bhkd->bhqd', [[2, 4, 5, 6], [2, 4, 6, 8]]),
        ('...ij->ij', [[5, 2, 3]]), ('i...,i...->i', [[2, 3], [2, 1]]), ('ab,', [[2, 3], []]), ('', [[]]),
        ('ij,jk->ik', [[2, 0], [0, 4]]), ('ij,jk->k', [[2, 3], [3, 4]]), ('nchw,oc->nohw', [[2, 3, 4, 4], [5, 3]]),
        ('...ii->...i', [[2, 3, 3]]), ('i,i', [[1], [3]]),
    ]
    for eq, shapes in good:
        function('torch.einsum', shapes, [eq])
    bad = [
        ('ii->i', [[3, 4]], 'diagonal sizes'), ('ij,jk->ik', [[2, 3], [2, 4]], 'sizes do not broadcast'),
        ('ij,jk->ikk', [[2, 3], [3, 4]], 'output letter twice'), ('ij,jk->iz', [[2, 3], [3, 4]], 'output letter unknown'),
        ('ij,jk', [[2, 3]], 'fewer operands'), ('ij', [[2, 3], [3, 4]], 'more operands'), ('ijk', [[2, 3]], 'rank'),
        ('i1', [[2, 3]], 'subscript'), ('i.j', [[2, 3]], 'lone dot'), ('......', [[2, 3]], 'two ellipses'),
        ('ij->.', [[2, 3]], 'lone dot in output'), ('...,...', [[2, 3], [4, 2]], 'ellipsis broadcast'),
        ('ij->i->j', [[2, 3]], 'two arrows'), ('ij,jk->ik', [[2, 3], [3, 4, 5]], 'rank of operand 1'),
        ('ii->', [[1, 3]], 'diagonal does not broadcast'),
    ]
    for eq, shapes, why in bad:
        function('torch.einsum', shapes, [eq], note=f'invalid: {why}')


def product_cases():
    for t in ['torch.mm', 'Tensor.mm']:
        function(t, [[2, 3], [3, 4]])
        function(t, [[1, 5], [5, 1]])
        function(t, [[2, 3], [4, 4]], note='invalid: inner sizes')
    function('torch.mm', [[2, 0], [0, 3]], note='empty inner')
    function('torch.mm', [[3], [3, 4]], note='invalid: 1-d input')
    function('torch.mm', [[2, 3], [3]], note='invalid: 1-d mat2')
    function('torch.mm', [[2, 2, 3], [3, 4]], note='invalid: 3-d input')
    for t in ['torch.bmm', 'Tensor.bmm']:
        function(t, [[2, 3, 4], [2, 4, 5]])
        function(t, [[2, 3, 4], [1, 4, 5]], note='invalid: batch does not broadcast')
    function('torch.bmm', [[1, 1, 7], [1, 7, 2]])
    function('torch.bmm', [[3, 4], [4, 5]], note='invalid: 2-d')
    function('torch.bmm', [[2, 3, 4], [2, 3, 5]], note='invalid: inner sizes')
    for t in ['torch.mv', 'Tensor.mv']:
        function(t, [[3, 4], [4]])
        function(t, [[3, 4], [3]], note='invalid: sizes')
    function('torch.mv', [[4], [4]], note='invalid: 1-d matrix')
    function('torch.mv', [[3, 4], [4, 1]], note='invalid: 2-d vector')
    for t in ['torch.dot', 'Tensor.dot', 'torch.vdot']:
        function(t, [[3], [3]])
        function(t, [[3], [4]], note='invalid: sizes')
    function('torch.dot', [[3, 1], [3]], note='invalid: 2-d')
    function('torch.dot', [[], []], note='invalid: 0-d')
    function('torch.vdot', [[0], [0]], note='empty')
    for t in ['torch.inner', 'Tensor.inner']:
        function(t, [[2, 3], [4, 3]])
        function(t, [[2, 3], [3, 4]], note='invalid: last dims')
    function('torch.inner', [[3], [3]])
    function('torch.inner', [[2, 5, 3], [4, 3]])
    function('torch.inner', [[], [4, 3]], note='0-d operand')
    function('torch.inner', [[2, 3], []], note='0-d other')
    for t in ['torch.outer', 'Tensor.outer', 'torch.ger']:
        function(t, [[3], [4]])
    function('torch.outer', [[3, 1], [4]], note='invalid: 2-d input')
    function('torch.outer', [[3], []], note='invalid: 0-d vec2')
    function('torch.ger', [[3], [4, 1]], note='invalid: 2-d vec2')
    for t in ['torch.kron', 'Tensor.kron']:
        function(t, [[2, 3], [4, 5]])
    for shapes in [([2, 3], [5]), ([2], [3, 4, 5]), ([], [3]), ([2, 1, 3], [1, 4, 1]), ([], [])]:
        function('torch.kron', list(shapes))
    function('torch.tensordot', [[2, 3, 4], [3, 4, 5]])
    for dims in [2, 1, 0]:
        function('torch.tensordot', [[2, 3, 4], [4, 5]] if dims == 1 else [[2, 3, 4], [3, 4, 5]] if dims == 2 else [[2, 3], [4, 5]], [dims])
    function('torch.tensordot', [[2, 3, 4], [3, 2, 5]], [[[0, 1], [1, 0]]])
    function('torch.tensordot', [[2, 3, 4], [3, 2, 5]], kwargs={'dims': [[0, 1], [1, 0]]})
    function('torch.tensordot', [[2, 3, 4], [4, 2, 5]], [[[-1], [0]]])
    function('torch.tensordot', [[2, 1, 4], [3, 4]], [[[1], [0]]], note='size-1 side broadcasts')
    function('torch.tensordot', [[2, 3, 4], [3, 4, 5]], [[[1, 2], [0, 1]]])
    function('torch.tensordot', [[2, 3, 4], [4, 5]], [-1], note='invalid: negative dims')
    function('torch.tensordot', [[2, 3, 4], [4, 5]], [4], note='invalid: dims > rank')
    function('torch.tensordot', [[2, 3, 4], [4, 5]], [3], note='invalid: dims = rank of a > rank of b')
    function('torch.tensordot', [[2, 3, 4], [3, 2, 5]], [[[0, 1], [0, 1]]], note='invalid: contracted sizes')
    function('torch.tensordot', [[2, 3, 4], [3, 2, 5]], [[[0, 1], [1]]], note='invalid: list lengths')
    function('torch.tensordot', [[2, 3, 4], [3, 2, 5]], [[[0, 0], [1, 1]]], note='invalid: repeated dim')
    function('torch.tensordot', [[2, 3, 4], [3, 2, 5]], [[[5], [1]]], note='invalid: dim out of range')
    function('torch.linalg.vecdot', [[2, 3], [3]])
    function('torch.linalg.vecdot', [[2, 3], [4, 1, 3]])
    function('torch.linalg.vecdot', [[2, 3], [2, 3]], kwargs={'dim': 0})
    function('torch.linalg.vecdot', [[2, 3], [2, 1]], kwargs={'dim': 1}, note='broadcast then sum')
    function('torch.linalg.vecdot', [[], []], note='0-d')
    function('torch.linalg.vecdot', [[2, 3], [2, 4]], note='invalid: broadcast')
    function('torch.linalg.vecdot', [[2, 3], [2, 3]], kwargs={'dim': 2}, note='invalid: dim')


def add_form_cases():
    for t in ['torch.addmm', 'Tensor.addmm']:
        function(t, [[2, 4], [2, 3], [3, 4]])
        function(t, [[4], [2, 3], [3, 4]], note='input broadcasts')
        function(t, [[3, 4], [2, 3], [3, 4]], note='invalid: input does not broadcast')
    function('torch.addmm', [[], [2, 3], [3, 4]], note='0-d input')
    function('torch.addmm', [[1, 4], [2, 3], [3, 4]], kwargs={'beta': 0.5, 'alpha': 2})
    function('torch.addmm', [[2, 4], [2, 3], [3, 4]], kwargs={'beta': 0})
    function('torch.addmm', [[2, 3], [2, 3, 1], [3, 4]], note='invalid: 3-d mat1')
    function('torch.addmm', [[2, 4], [2, 3], [4, 4]], note='invalid: inner sizes')
    function('torch.addmm', [[2, 1, 4], [2, 3], [3, 4]], note='invalid: input rank above the product')
    function('Tensor.addmm_', [[2, 4], [2, 3], [3, 4]])
    function('Tensor.addmm_', [[2, 4], [2, 3], [3, 4]], kwargs={'alpha': 3})
    function('Tensor.addmm_', [[4], [2, 3], [3, 4]], note='invalid: in place needs the product shape')
    function('Tensor.addmm_', [[1, 4], [2, 3], [3, 4]], note='invalid: in place does not broadcast')
    function('torch.baddbmm', [[3, 5], [2, 3, 4], [2, 4, 5]])
    function('torch.baddbmm', [[2, 3, 5], [2, 3, 4], [2, 4, 5]])
    function('torch.baddbmm', [[2, 1, 5], [2, 3, 4], [2, 4, 5]], kwargs={'beta': 2})
    function('torch.baddbmm', [[3, 3, 5], [2, 3, 4], [2, 4, 5]], note='invalid: input does not broadcast')
    function('torch.baddbmm', [[2, 3, 5], [2, 3, 4], [3, 4, 5]], note='invalid: batch sizes')
    function('Tensor.baddbmm', [[2, 3, 5], [2, 3, 4], [2, 4, 5]])
    function('Tensor.baddbmm_', [[2, 3, 5], [2, 3, 4], [2, 4, 5]])
    function('Tensor.baddbmm_', [[3, 5], [2, 3, 4], [2, 4, 5]], note='invalid: in place needs the product shape')
    function('torch.addbmm', [[3, 5], [2, 3, 4], [2, 4, 5]])
    function('torch.addbmm', [[5], [2, 3, 4], [2, 4, 5]])
    function('torch.addbmm', [[2, 3, 5], [2, 3, 4], [2, 4, 5]], note='invalid: input rank above the product')
    function('torch.addbmm', [[3, 5], [2, 3, 4], [2, 5, 5]], note='invalid: inner sizes')
    function('Tensor.addbmm', [[3, 5], [4, 3, 2], [4, 2, 5]])
    function('Tensor.addbmm_', [[3, 5], [2, 3, 4], [2, 4, 5]])
    function('Tensor.addbmm_', [[1, 5], [2, 3, 4], [2, 4, 5]], note='in place, yet broadcasts (and resizes) in 1.13')
    function('Tensor.addbmm_', [[2, 7], [2, 3, 4], [2, 4, 5]], note='invalid: input does not broadcast')
    function('torch.addmv', [[3], [3, 4], [4]])
    function('torch.addmv', [[1], [3, 4], [4]])
    function('torch.addmv', [[], [3, 4], [4]], kwargs={'alpha': 0.5})
    function('torch.addmv', [[2], [3, 4], [4]], note='invalid: input size')
    function('torch.addmv', [[3], [3, 4], [5]], note='invalid: vec size')
    function('torch.addmv', [[3], [3, 4], [4, 1]], note='invalid: 2-d vec')
    function('Tensor.addmv', [[3], [3, 4], [4]])
    function('Tensor.addmv_', [[3], [3, 4], [4]])
    function('torch.addmv_', [[3], [3, 4], [4]])
    function('Tensor.addmv_', [[1], [3, 4], [4]], note='invalid: in place needs the product shape')
    function('torch.addr', [[3, 4], [3], [4]])
    function('torch.addr', [[4], [3], [4]])
    function('torch.addr', [[3, 4], [3, 1], [4]], note='invalid: 2-d vec1')
    function('torch.addr', [[2, 4], [3], [4]], note='invalid: input does not broadcast')
    function('Tensor.addr', [[3, 4], [3], [4]])
    function('Tensor.addr_', [[3, 4], [3], [4]])
    function('Tensor.addr_', [[3, 1], [3], [4]], note='invalid: in place needs the product shape')


def chain_cases():
    function('torch.chain_matmul', [[2, 3], [3, 4], [4, 5]])
    function('torch.chain_matmul', [[10, 2], [2, 10], [10, 3], [3, 7]])
    function('torch.chain_matmul', [[2, 3], [3, 4]])
    function('torch.chain_matmul', [[2, 3]], note='one matrix')
    function('torch.chain_matmul', [[2, 3], [4, 5]], note='invalid: sizes')
    function('torch.chain_matmul', [[2, 3], [3]], note='invalid: 1-d')
    function('torch.chain_matmul', [], note='invalid: no matrices')
    function('torch.linalg.multi_dot', [[2, 3], [3, 4], [4, 5]], as_list=True)
    function('torch.linalg.multi_dot', [[3], [3, 4], [4]], as_list=True)
    function('torch.linalg.multi_dot', [[3], [3, 4]], as_list=True)
    function('torch.linalg.multi_dot', [[3], [3]], as_list=True)
    function('torch.linalg.multi_dot', [[30, 2], [2, 40], [40, 5], [5, 6], [6, 50]], as_list=True)
    function('torch.linalg.multi_dot', [[3, 4]], as_list=True, note='invalid: one tensor')
    function('torch.linalg.multi_dot', [[3, 4], [4, 5, 1]], as_list=True, note='invalid: 3-d last')
    function('torch.linalg.multi_dot', [[3, 4], [5, 5]], as_list=True, note='invalid: sizes')
    function('torch.linalg.multi_dot', [[3, 4], [4], [5]], as_list=True, note='invalid: 1-d middle')
    function('torch.linalg.multi_dot', [[2, 3, 4], [4, 5]], as_list=True, note='invalid: 3-d first')


def misc_cases():
    for t in ['torch.trace', 'Tensor.trace']:
        function(t, [[3, 4]])
        function(t, [[3]], note='invalid: 1-d')
    function('torch.trace', [[5, 2]])
    function('torch.trace', [[0, 4]])
    function('torch.trace', [[2, 3, 4]], note='invalid: 3-d')
    function('torch.cross', [[3, 4], [3, 4]], note='first dim of size 3')
    function('torch.cross', [[4, 3], [4, 3]])
    function('torch.cross', [[4, 3], [4, 3]], kwargs={'dim': 1})
    function('torch.cross', [[4, 3], [1, 3]], kwargs={'dim': 1}, note='broadcast')
    function('torch.cross', [[2, 3, 3], [2, 3, 3]], [-1])
    function('Tensor.cross', [[4, 3], [4, 3]], [1])
    function('torch.cross', [[4, 3], [4, 3]], kwargs={'dim': 0}, note='invalid: dim 0 is 4')
    function('torch.cross', [[4, 5], [4, 5]], note='invalid: no dim of size 3')
    function('torch.cross', [[4, 3], [4, 3]], [2], note='invalid: dim')
    function('torch.linalg.cross', [[4, 3], [4, 3]])
    function('torch.linalg.cross', [[4, 3], [1, 3]])
    function('torch.linalg.cross', [[3, 4], [3, 4]], kwargs={'dim': 0})
    function('torch.linalg.cross', [[3], [3]])
    function('torch.linalg.cross', [[3, 4], [3, 4]], note='invalid: last dim is 4')
    function('torch.linalg.cross', [[3], [2, 3]], note='invalid: ranks')
    function('torch.linalg.cross', [[2, 3], [4, 3]], note='invalid: broadcast')


def distance_cases():
    function('torch.cdist', [[2, 3, 4], [2, 5, 4]])
    function('torch.cdist', [[3, 4], [5, 4]])
    function('torch.cdist', [[2, 1, 3, 4], [5, 6, 4]], note='batch broadcast')
    function('torch.cdist', [[3, 4], [5, 4]], [1.0])
    function('torch.cdist', [[3, 4], [5, 4]], kwargs={'p': 0.0, 'compute_mode': 'donot_use_mm_for_euclid_dist'})
    function('torch.cdist', [[30, 4], [27, 4]], note='large enough for the mm path')
    function('torch.cdist', [[3, 4], [5, 3]], note='invalid: columns')
    function('torch.cdist', [[4], [5, 4]], note='invalid: 1-d')
    function('torch.cdist', [[2, 3, 4], [3, 5, 4]], note='invalid: batch')
    function('torch.cdist', [[3, 4], [5, 4]], kwargs={'p': -1.0}, note='invalid: p')
    function('torch.cdist', [[3, 4], [5, 4]], kwargs={'compute_mode': 'bad'}, note='invalid: compute_mode')
    function('torch.linalg.vector_norm', [[2, 3, 4]])
    function('torch.linalg.vector_norm', [[2, 3, 4]], kwargs={'dim': [0, 2]})
    function('torch.linalg.vector_norm', [[2, 3, 4]], [1, [0, 2], True])
    function('torch.linalg.vector_norm', [[2, 3, 4]], [2, 1, True])
    function('torch.linalg.vector_norm', [[2, 3, 4]], [0], kwargs={'dim': [0, 2]})
    function('torch.linalg.vector_norm', [[2, 3, 4]], [-1])
    function('torch.linalg.vector_norm', [[2, 3, 4]], [3.5], kwargs={'dim': -1})
    function('torch.linalg.vector_norm', [[]], kwargs={'dim': 0})
    function('torch.linalg.vector_norm', [[2, 3, 4]], kwargs={'dim': []}, note='() reduces all')
    function('torch.linalg.vector_norm', [[2, 3, 4]], ['fro'], note='invalid: string ord')
    function('torch.linalg.vector_norm', [[2, 3, 4]], kwargs={'dim': 3}, note='invalid: dim')
    function('torch.linalg.vector_norm', [[2, 3, 4]], kwargs={'dim': [1, 1]}, note='invalid: repeated dim')
    function('torch.linalg.matrix_norm', [[2, 3, 4]])
    function('torch.linalg.matrix_norm', [[2, 3, 4]], kwargs={'dim': [0, 2]})
    function('torch.linalg.matrix_norm', [[2, 3, 4]], kwargs={'keepdim': True})
    for ord_ in ['nuc', 1, -1, 2, -2]:
        function('torch.linalg.matrix_norm', [[2, 3, 4]], [ord_])
    function('torch.linalg.matrix_norm', [[3]], note='invalid: 1-d')
    function('torch.linalg.matrix_norm', [[2, 3, 4]], [3], note='invalid: order')
    function('torch.linalg.matrix_norm', [[2, 3, 4]], [0], note='invalid: order 0')
    function('torch.linalg.matrix_norm', [[2, 3, 4]], kwargs={'dim': [0]}, note='invalid: one dim')
    function('torch.linalg.matrix_norm', [[2, 3, 4]], kwargs={'dim': [1, -2]}, note='invalid: same dim twice')
    function('torch.linalg.norm', [[2, 3, 4]])
    function('torch.linalg.norm', [[2, 3, 4]], kwargs={'dim': 1})
    function('torch.linalg.norm', [[2, 3, 4]], kwargs={'dim': [1, 2]})
    function('torch.linalg.norm', [[2, 3, 4]], kwargs={'dim': [1, 2], 'keepdim': True})
    function('torch.linalg.norm', [[3, 4]], [2])
    function('torch.linalg.norm', [[3, 4]], ['fro'])
    function('torch.linalg.norm', [[3]], [3])
    function('torch.linalg.norm', [[2, 3, 4]], ['nuc'], {'dim': [0, 1]})
    function('torch.linalg.norm', [[2, 3, 4]], [2], {'dim': [0, 1]})
    function('torch.linalg.norm', [[2, 3, 4]], [1], {'dim': 2})
    function('torch.linalg.norm', [[2, 3, 4]], ['fro'], {'dim': [0, 2], 'keepdim': True})
    function('torch.linalg.norm', [[2, 3]], kwargs={'dim': [0, 1]})
    function('torch.linalg.norm', [[]])
    function('torch.linalg.norm', [[2, 3, 4]], [2], note='invalid: ord without dim on 3-d')
    function('torch.linalg.norm', [[3, 4]], [3], note='invalid: matrix order 3')
    function('torch.linalg.norm', [[3]], ['fro'], note='invalid: matrix order on 1-d')
    function('torch.linalg.norm', [[2, 3, 4]], kwargs={'dim': [1, 2, 0]}, note='invalid: three dims')
    function('torch.linalg.norm', [[2, 3, 4]], ['fro'], {'dim': 1}, note='invalid: fro on one dim')
    function('torch.linalg.norm', [[]], [2], note='invalid: ord on 0-d')


def random_einsum(rng):
    """A valid equation by construction: letters with sizes, operands that use some of them (a size-1 copy now and
    then, to broadcast; a repeated letter for a diagonal), an ellipsis in some operands, an implicit or explicit
    output."""
    letters = rng.sample('abcdijkBN', rng.randint(1, 5))
    size = {l: rng.randint(1, 4) for l in letters}
    ell = [rng.randint(1, 3) for _ in range(rng.randint(0, 2))]
    terms, shapes, with_ell = [], [], False
    for _ in range(rng.randint(1, 3)):
        used = rng.sample(letters, rng.randint(1, len(letters)))
        if rng.random() < 0.15:
            used.append(used[0])  # a diagonal
        term = ''.join(used)
        shape = [size[l] if rng.random() < 0.85 else 1 for l in used]
        for l in set(used):  # a repeated letter's sizes must be equal
            first = used.index(l)
            shape = [shape[first] if u == l else x for u, x in zip(used, shape)]
        if ell and rng.random() < 0.6:
            at = rng.randint(0, len(used))
            tail = ell[rng.randint(0, len(ell)):]
            term = term[:at] + '...' + term[at:]
            shape = shape[:at] + [d if rng.random() < 0.8 else 1 for d in tail] + shape[at:]
            with_ell = True
        terms.append(term)
        shapes.append(shape)
    eq = ','.join(terms)
    if rng.random() < 0.6:
        present = sorted({l for t in terms for l in t if l != '.'})
        out = rng.sample(present, rng.randint(0, len(present)))
        if with_ell and rng.random() < 0.7:
            out.insert(rng.randint(0, len(out)), '...')
        eq += '->' + ''.join(out)
    return eq, shapes


def sweep_cases():
    """Seeded random valid configurations: einsum equations, products and norms of random sizes."""
    rng = random.Random(20240613)
    seen = set()
    while len(seen) < 90:
        eq, shapes = random_einsum(rng)
        if (eq, str(shapes)) not in seen:
            seen.add((eq, str(shapes)))
            function('torch.einsum', shapes, [eq], note='sweep')
    r = lambda: rng.randint(1, 6)  # noqa: E731
    for _ in range(12):
        n, k, m, b = r(), r(), r(), r()
        function('torch.mm', [[n, k], [k, m]], note=f'sweep {_}')
        function('torch.bmm', [[b, n, k], [b, k, m]], note=f'sweep {_}')
        function('torch.addmm', [rng.choice([[n, m], [m], [1, m], [n, 1], []]), [n, k], [k, m]], note=f'sweep {_}')
        function('torch.baddbmm', [rng.choice([[b, n, m], [n, m], [1, 1, m], [m]]), [b, n, k], [b, k, m]], note=f'sweep {_}')
        function('torch.addbmm', [rng.choice([[n, m], [m], []]), [b, n, k], [b, k, m]], note=f'sweep {_}')
        function('torch.mv', [[n, k], [k]], note=f'sweep {_}')
        function('torch.addmv', [rng.choice([[n], [1], []]), [n, k], [k]], note=f'sweep {_}')
        function('torch.outer', [[n], [m]], note=f'sweep {_}')
        function('torch.kron', [[n, k][:rng.randint(0, 2)], [m, b, k][:rng.randint(0, 3)]], note=f'sweep {_}')
        function('torch.inner', [[b, n, k][rng.randint(0, 2):], [m, k][rng.randint(0, 1):]], note=f'sweep {_}')
        dims = rng.choice([[[1], [0]], [[2], [1]], [[1, 2], [0, 1]], [[2, 1], [1, 0]]])
        function('torch.tensordot', [[b, n, k], [n, k, m]], [dims], note=f'sweep {_}')
        function('torch.cdist', [[b, n, k][rng.randint(0, 1):], [m, k]], note=f'sweep {_}')
        function('torch.linalg.multi_dot', [[n, k], [k, m], [m, b], [b, n]][:rng.randint(2, 4)], as_list=True, note=f'sweep {_}')
        function('torch.linalg.vector_norm', [[b, n, k]], [rng.choice([1, 2, 3, 0])],
                 {'dim': rng.choice([None, 0, [1, 2], -1]), 'keepdim': rng.random() < 0.5}, note=f'sweep {_}')
        function('torch.linalg.matrix_norm', [[b, n, k]], [rng.choice(['fro', 'nuc', 1, -1, 2])],
                 {'dim': rng.choice([[0, 1], [2, 0], [-2, -1]]), 'keepdim': rng.random() < 0.5}, note=f'sweep {_}')


def main():
    register()
    gc.generate([einsum_cases, product_cases, add_form_cases, chain_cases, misc_cases, distance_cases, sweep_cases], OUT,
                generator='scripts/conformance/gen_linalg.py')


if __name__ == '__main__':
    main()
