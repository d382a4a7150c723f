#!/usr/bin/python3
"""PyTorch conformance fixture for the ShapeLens layer engine.

Run with Debian's torch:   /usr/bin/python3 scripts/gen_conformance.py
Writes test/fixtures/conformance.json; test/unit/conformance.test.ts replays every case against the engine.

For each configuration the script builds the layer with real PyTorch, runs one forward pass on zeros of the given
input shapes under torch.no_grad(), and records what PyTorch did: the output shape (tuples nested as
{"tuple": [...]}), the trainable parameter count, the buffer element count (BatchNorm's num_batches_tracked counts
1), and, when it raised, the exception type and message.

MACs follow ShapeLens' convention (src/engine/cost.ts): multiply-accumulates of the weight layers, bias not
counted, 0 for pooling, activations, norms, reshapes, padding, dropout and elementwise ops. Two sources:
  * "profiler": torch.profiler's with_flops counts FLOPs for aten::conv2d (4-D input only), aten::addmm, aten::mm,
    aten::bmm and aten::baddbmm. When it counted anything, the case records FLOPs / 2, and the script checks that
    the formula below gives the same number (so each formula is verified wherever the profiler sees the op).
  * "formula": where the profiler is blind (conv1d/conv3d, transposed convolutions, unbatched conv2d) or the
    convention says 0, the formula below is recorded.
One deliberate exception: Bilinear. Its convention is torchinfo's (batch · out · in1 · in2, the weight applied
once per sample); torch computes it as (x1·W)·x2, so the profiler also counts the second contraction
(batch · out · in2). The fixture records the convention, marked "formula".

Cases are declared below, family by family, roughly a fifth of them invalid (PyTorch raises); a case's note says
which, and the script stops if PyTorch disagrees with the note (random sweeps accept either outcome). Naming:
modules by class ('Conv2d'), functions as 'F.conv2d' / 'torch.cat', tensor methods as 'Tensor.view'; the operators
a + b, a - b, a * b, a / b as 'Tensor.add' / 'sub' / 'mul' / 'div' (what the operators call), slicing as
'Tensor.__getitem__' with kwargs {"index": [...]}. Inputs are kept small: the whole run takes a few seconds.
"""
import functools
import json
import math
import os
import random
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.profiler import profile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'conformance.json')
GENERATOR = 'scripts/gen_conformance.py'

# Classes this torch lacks are skipped (and listed in the fixture) rather than faked.
SKIPPED_TYPES = sorted(t for t in ['ZeroPad1d', 'ZeroPad3d', 'CircularPad1d', 'CircularPad2d', 'CircularPad3d']
                       if not hasattr(nn, t))

SPECS = []
# The forward pass runs without autograd. (One known difference with autograd on: MaxPool1d under no_grad returns
# an empty output where the autograd path raises "Output size is too small"; such cases are left out.)
FORWARD_MODE = torch.no_grad


def module(type_, args=(), kwargs=None, inputs=(), note=None, dtype='float', either=False):
    """nn.<type_>(*args, **kwargs) applied to tensors of the given shapes. A note starting with 'invalid' says
    PyTorch must raise, any other case must run; either=True (random sweeps) accepts both."""
    if not hasattr(nn, type_):
        raise SystemExit(f'torch {torch.__version__} has no nn.{type_}; add it to SKIPPED_TYPES instead')
    SPECS.append(dict(kind='module', type=type_, args=list(args), kwargs=dict(kwargs or {}),
                      inputs=[list(s) for s in inputs], note=note, dtype=dtype, either=either))


def function(type_, inputs, args=(), kwargs=None, note=None, as_list=False, either=False, dtype='float',
             data_dependent=None):
    """F.<name>, torch.<name>, torch.nn.init.<name> or Tensor.<name>: tensors of the given shapes first, then args
    and kwargs (CALLABLES reorders them for an op whose torch signature puts values between its tensors). An entry of
    `inputs` may be a Python number instead of a shape: that number is passed where the tensor goes (torch.add(x, 2));
    the fixture records it as the shape [] (what the engine sees: a 0-d tensor) and lists the numbers in
    "python_numbers". `dtype` is one dtype for every tensor or a list, one per input (see make_tensor).
    `data_dependent` names the symbolic size ShapeLens gives a size only the data decides (masked_select's count):
    the case runs a second time on inputs filled with ones, and every size that changes is recorded as '?<name>'."""
    SPECS.append(dict(kind='function', type=type_, args=list(args), kwargs=dict(kwargs or {}),
                      inputs=[s if is_number(s) else list(s) for s in inputs], note=note, dtype=dtype,
                      as_list=as_list, either=either, data_dependent=data_dependent))


def is_number(v):
    """A Python number standing where a tensor goes (function cases only)."""
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# ─────────────────────────────────────────────── the cases ──────────────────────────────────────────────────────
def conv_cases():
    # Seeds (/work/shared/seeds/README.md).
    module('Conv2d', [3, 64, 7, 2, 3], inputs=[[1, 3, 224, 224]], note='seed000')
    module('Conv2d', [64, 192, 3, 1, 1], inputs=[[1, 64, 56, 56]], note='seed000')
    module('Conv2d', [3, 64, 3, 1, 1], inputs=[[1, 3, 32, 32]], note='seed000')
    module('Conv3d', [3, 64, 3, 1, 1], inputs=[[1, 3, 4, 6, 6]], note='seed000')
    module('Conv2d', [1, 20, 5], inputs=[[64, 1, 28, 28]], note='seed001')
    for stride, padding in [(1, 0), (2, 0), (3, 0), (2, 3), (3, 3)]:
        module('Conv2d', [3, 8, 5], {'stride': stride, 'padding': padding}, [[1, 3, 32, 32]], note='seed003')
    module('Conv2d', [3, 96, 11, 4], inputs=[[1, 3, 227, 227]], note='seed003 AlexNet')
    module('Conv2d', [5, 25, 3], {'stride': 2, 'padding': 1}, [[1, 5, 31, 31]], note='seed003')
    module('Conv2d', [1, 1, 2], inputs=[[1, 1, 4, 4]], note='seed003')
    module('Conv2d', [1, 1, 2], {'stride': 2, 'padding': 1}, [[1, 1, 4, 4]], note='seed003')
    module('Conv2d', [30, 12, 4], {'stride': 2, 'padding': 1, 'bias': False}, [[1, 30, 14, 14]], note='seed004')

    # Conv1d
    module('Conv1d', [4, 8, 3], inputs=[[2, 4, 16]])
    module('Conv1d', [4, 8, 3], {'stride': 2}, [[2, 4, 16]])
    module('Conv1d', [4, 8, 3], {'stride': 3, 'padding': 1}, [[2, 4, 16]])
    module('Conv1d', [4, 8, 3], {'dilation': 2}, [[2, 4, 16]])
    module('Conv1d', [4, 8, 3], {'groups': 2}, [[2, 4, 16]])
    module('Conv1d', [4, 4, 5], {'groups': 4, 'padding': 2}, [[2, 4, 16]], note='depthwise')
    module('Conv1d', [4, 8, 4], {'padding': 'same'}, [[2, 4, 15]])
    module('Conv1d', [4, 8, 3], {'padding': 'same', 'dilation': 3}, [[2, 4, 15]])
    module('Conv1d', [4, 8, 3], {'padding': 'valid'}, [[2, 4, 15]])
    module('Conv1d', [4, 8, 3], {'bias': False}, [[2, 4, 16]])
    module('Conv1d', [4, 8, 3], inputs=[[4, 16]], note='unbatched')
    module('Conv1d', [4, 8, 3], {'padding': 2, 'padding_mode': 'circular'}, [[1, 4, 6]])
    module('Conv1d', [4, 8, 3], {'padding': 1, 'padding_mode': 'reflect'}, [[1, 4, 6]])
    module('Conv1d', [4, 8, [3]], {'stride': [2]}, [[1, 4, 9]])
    module('Conv1d', [4, 8, 3], inputs=[[2, 3, 16]], note='invalid: channels')
    module('Conv1d', [4, 8, 3], {'groups': 3}, [[2, 4, 16]], note='invalid: groups')
    module('Conv1d', [4, 8, 7], inputs=[[1, 4, 5]], note='invalid: kernel > input')
    module('Conv1d', [4, 8, 3], {'padding': 'same', 'stride': 2}, [[1, 4, 8]], note='invalid: same+stride')
    module('Conv1d', [4, 8, 3], inputs=[[1, 2, 4, 16]], note='invalid: rank')
    module('Conv1d', [4, 8, 3], {'padding': 5, 'padding_mode': 'reflect'}, [[1, 4, 4]], note='invalid: reflect pad')

    # Conv2d
    module('Conv2d', [3, 8, [3, 5]], inputs=[[2, 3, 10, 12]])
    module('Conv2d', [3, 8, 3], {'stride': [2, 1], 'padding': [1, 2]}, [[2, 3, 10, 12]])
    module('Conv2d', [3, 8, 3], {'dilation': [2, 3]}, [[1, 3, 12, 12]])
    module('Conv2d', [4, 8, 3], {'groups': 2, 'padding': 1}, [[1, 4, 8, 8]])
    module('Conv2d', [8, 8, 3], {'groups': 8, 'padding': 1, 'bias': False}, [[2, 8, 8, 8]], note='depthwise')
    module('Conv2d', [3, 6, 4], {'padding': 'same'}, [[1, 3, 9, 9]])
    module('Conv2d', [3, 6, [2, 3]], {'padding': 'same', 'dilation': 2}, [[1, 3, 7, 8]])
    module('Conv2d', [3, 6, 3], {'padding': 'valid'}, [[1, 3, 7, 8]])
    module('Conv2d', [3, 6, 3], {'stride': 2}, [[3, 9, 10]], note='unbatched')
    module('Conv2d', [3, 6, 1], inputs=[[4, 3, 5, 5]])
    module('Conv2d', [3, 6, 3], {'padding': 1, 'padding_mode': 'reflect'}, [[1, 3, 5, 5]])
    module('Conv2d', [3, 6, 3], {'padding': 2, 'padding_mode': 'replicate'}, [[1, 3, 5, 5]])
    module('Conv2d', [3, 6, 3], {'padding': [1, 2], 'padding_mode': 'circular'}, [[1, 3, 5, 5]])
    module('Conv2d', [3, 6, 5], {'stride': 4}, [[1, 3, 17, 19]], note='stride leaves rows')
    module('Conv2d', [3, 64, 3], inputs=[[1, 4, 8, 8]], note='invalid: channels')
    module('Conv2d', [3, 64, 3], inputs=[[4, 8, 8]], note='invalid: unbatched channels')
    module('Conv2d', [4, 6, 3], {'groups': 4}, [[1, 4, 8, 8]], note='invalid: groups out')
    module('Conv2d', [6, 4, 3], {'groups': 4}, [[1, 6, 8, 8]], note='invalid: groups in')
    module('Conv2d', [1, 1, 5], inputs=[[1, 1, 4, 4]], note='invalid: kernel > input')
    module('Conv2d', [1, 1, 5], {'padding': [1, 0]}, [[1, 1, 2, 6]], note='invalid: kernel > padded H')
    module('Conv2d', [1, 1, 3], {'dilation': 3}, [[1, 1, 5, 5]], note='invalid: dilated kernel')
    module('Conv2d', [3, 6, 3], {'padding': 'same', 'stride': 2}, [[1, 3, 8, 8]], note='invalid: same+stride')
    module('Conv2d', [3, 6, 3], {'padding': 'full'}, [[1, 3, 8, 8]], note='invalid: padding string')
    module('Conv2d', [3, 6, 3], inputs=[[3, 8]], note='invalid: rank 2')
    module('Conv2d', [3, 6, 3], inputs=[[1, 1, 3, 8, 8]], note='invalid: rank 5')
    module('Conv2d', [3, 6, 3], {'stride': 0}, [[1, 3, 8, 8]], note='invalid: stride 0')
    module('Conv2d', [3, 6, 3], {'padding': 4, 'padding_mode': 'reflect'}, [[1, 3, 4, 4]], note='invalid: reflect pad')
    module('Conv2d', [3, 6, 3], {'padding_mode': 'mirror'}, [[1, 3, 8, 8]], note='invalid: padding_mode')

    # A sweep of kernel / stride / padding / dilation / groups on small inputs (all valid, some strides leave
    # rows unused: PyTorch floors).
    for size, k, s, p, d, g in [(7, 3, 1, 0, 1, 1), (7, 3, 2, 0, 1, 1), (8, 3, 2, 1, 1, 1), (9, 3, 3, 1, 1, 2),
                                (10, 5, 2, 2, 1, 1), (10, 5, 3, 0, 1, 4), (11, 3, 2, 0, 2, 1), (12, 4, 4, 1, 1, 2),
                                (6, 2, 1, 1, 2, 1), (5, 5, 1, 2, 1, 4), (13, 7, 3, 3, 1, 1), (9, 1, 2, 0, 1, 1),
                                (8, 3, 1, 2, 2, 2), (6, 6, 1, 0, 1, 1), (15, 3, 4, 1, 3, 1), (4, 3, 5, 1, 1, 1)]:
        module('Conv2d', [4, 8, k], {'stride': s, 'padding': p, 'dilation': d, 'groups': g}, [[2, 4, size, size + 1]],
               note='sweep')

    # Conv3d
    module('Conv3d', [2, 4, 3], inputs=[[1, 2, 6, 8, 8]])
    module('Conv3d', [2, 4, [1, 3, 3]], {'padding': [0, 1, 1]}, [[2, 2, 5, 6, 6]])
    module('Conv3d', [2, 4, 3], {'stride': 2, 'padding': 1}, [[1, 2, 7, 8, 9]])
    module('Conv3d', [2, 4, 3], {'dilation': 2}, [[1, 2, 6, 7, 8]])
    module('Conv3d', [4, 4, 3], {'groups': 2, 'bias': False}, [[1, 4, 5, 5, 5]])
    module('Conv3d', [2, 4, 2], {'padding': 'same'}, [[1, 2, 5, 5, 5]])
    module('Conv3d', [2, 4, 3], inputs=[[2, 5, 5, 5]], note='unbatched')
    module('Conv3d', [2, 4, 3], {'padding': 1, 'padding_mode': 'replicate'}, [[1, 2, 4, 4, 4]])
    module('Conv3d', [2, 4, 3], inputs=[[1, 3, 5, 5, 5]], note='invalid: channels')
    module('Conv3d', [2, 4, 3], inputs=[[1, 2, 2, 5, 5]], note='invalid: kernel > input D')
    module('Conv3d', [2, 4, 3], inputs=[[1, 2, 5, 5]], note='invalid: 4-d input is unbatched with 1 channel')
    module('Conv3d', [2, 4, 3], {'groups': 3}, [[1, 2, 5, 5, 5]], note='invalid: groups')

    # Transposed convolutions: out = (in − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1
    module('ConvTranspose1d', [4, 2, 3], inputs=[[2, 4, 5]])
    module('ConvTranspose1d', [4, 2, 3], {'stride': 2, 'padding': 1, 'output_padding': 1}, [[2, 4, 5]])
    module('ConvTranspose1d', [4, 6, 3], {'groups': 2, 'dilation': 2}, [[1, 4, 5]])
    module('ConvTranspose1d', [4, 2, 3], {'bias': False}, [[4, 5]], note='unbatched')
    module('ConvTranspose1d', [4, 2, 3], {'output_padding': 1}, [[1, 4, 5]], note='invalid: output_padding')
    module('ConvTranspose1d', [4, 2, 3], inputs=[[1, 3, 5]], note='invalid: channels')
    module('ConvTranspose2d', [8, 4, 4], {'stride': 2, 'padding': 1}, [[1, 8, 5, 5]])
    module('ConvTranspose2d', [8, 4, 3], {'stride': 2, 'padding': 1, 'output_padding': 1}, [[2, 8, 4, 6]])
    module('ConvTranspose2d', [8, 4, [3, 2]], {'stride': [1, 3], 'dilation': [2, 1]}, [[1, 8, 4, 4]])
    module('ConvTranspose2d', [8, 4, 3], {'groups': 4}, [[1, 8, 3, 3]])
    module('ConvTranspose2d', [8, 4, 3], {'stride': 3, 'output_padding': 2}, [[1, 8, 3, 3]])
    module('ConvTranspose2d', [8, 4, 3], {'stride': 2, 'output_padding': [0, 1]}, [[8, 3, 3]], note='unbatched')
    module('ConvTranspose2d', [8, 4, 1], {'bias': False}, [[1, 8, 3, 3]])
    module('ConvTranspose2d', [8, 4, 3], {'stride': 2, 'output_padding': 2}, [[1, 8, 3, 3]], note='invalid: output_padding')
    module('ConvTranspose2d', [8, 4, 3], {'padding': 3}, [[1, 8, 2, 2]], note='invalid: output < 1')
    module('ConvTranspose2d', [8, 4, 3], {'groups': 3}, [[1, 8, 3, 3]], note='invalid: groups')
    module('ConvTranspose2d', [8, 4, 3], {'padding_mode': 'reflect'}, [[1, 8, 3, 3]], note='invalid: padding_mode')
    module('ConvTranspose2d', [8, 4, 3], inputs=[[1, 4, 3, 3]], note='invalid: channels')
    for size, k, s, p, op, d in [(3, 2, 2, 0, 0, 1), (4, 3, 2, 1, 1, 1), (5, 4, 3, 1, 2, 1), (2, 3, 1, 1, 0, 2),
                                 (3, 5, 2, 2, 1, 1), (4, 3, 3, 0, 1, 2), (1, 4, 1, 0, 0, 1), (6, 1, 2, 0, 1, 1)]:
        module('ConvTranspose2d', [4, 6, k], {'stride': s, 'padding': p, 'output_padding': op, 'dilation': d},
               [[2, 4, size, size + 1]], note='sweep')
    module('ConvTranspose3d', [2, 3, 3], {'stride': 2}, [[1, 2, 3, 3, 3]])
    module('ConvTranspose3d', [2, 4, [1, 2, 2]], {'stride': [1, 2, 2], 'groups': 2}, [[1, 2, 3, 4, 4]])
    module('ConvTranspose3d', [2, 3, 3], {'padding': 1, 'output_padding': 1, 'stride': 2}, [[2, 3, 3, 3]], note='unbatched')
    module('ConvTranspose3d', [2, 3, 3], inputs=[[1, 2, 3, 3]], note='invalid: 4-d input is unbatched with 1 channel')

    # Lazy: in_channels / in_features taken from the input.
    module('LazyConv1d', [8, 3], inputs=[[2, 4, 10]])
    module('LazyConv1d', [8, 3], {'stride': 2}, [[5, 10]], note='unbatched')
    module('LazyConv2d', [16, 3], {'padding': 1}, [[1, 3, 8, 8]])
    module('LazyConv2d', [16, 3], {'groups': 2}, [[1, 4, 8, 8]])
    module('LazyConv2d', [16, 3], {'groups': 3}, [[1, 4, 8, 8]], note='invalid: groups vs input')
    module('LazyConv2d', [16, 5], inputs=[[1, 3, 4, 4]], note='invalid: kernel > input')
    module('LazyConv3d', [4, 3], inputs=[[1, 2, 4, 5, 6]])
    module('LazyConvTranspose1d', [3, 3], {'stride': 2}, [[1, 4, 5]])
    module('LazyConvTranspose2d', [3, 4], {'stride': 2, 'padding': 1}, [[2, 6, 4, 4]])
    module('LazyConvTranspose3d', [3, 2], {'stride': 2}, [[1, 2, 2, 3, 3]])
    module('LazyLinear', [10], inputs=[[4, 7]])
    module('LazyLinear', [10], inputs=[[2, 3, 7]])
    module('LazyLinear', [10], {'bias': False}, [[7]], note='unbatched')

    # Functional convolutions: weight (and bias) are tensor inputs.
    function('F.conv1d', [[2, 4, 16], [8, 4, 3]])
    function('F.conv1d', [[2, 4, 16], [8, 2, 3], [8]], [2, 1, 1, 2], note='bias stride padding dilation groups')
    function('F.conv2d', [[1, 3, 8, 8], [6, 3, 3, 3]], kwargs={'padding': 1})
    function('F.conv2d', [[1, 3, 8, 8], [6, 3, 3, 3], [6]], [2])
    function('F.conv2d', [[1, 4, 8, 8], [6, 2, 3, 3]], kwargs={'groups': 2, 'dilation': 2})
    function('F.conv2d', [[3, 8, 8], [6, 3, 3, 3]], kwargs={'padding': 'same'}, note='unbatched')
    function('F.conv2d', [[1, 3, 8, 8], [6, 4, 3, 3]], note='invalid: channels')
    function('F.conv2d', [[1, 3, 2, 8], [6, 3, 3, 3]], note='invalid: kernel > input')
    function('F.conv2d', [[1, 4, 8, 8], [6, 2, 3, 3]], kwargs={'groups': 3}, note='invalid: groups')
    function('F.conv3d', [[1, 2, 4, 5, 6], [4, 2, 3, 3, 3]], kwargs={'padding': 1, 'stride': 2})
    function('F.conv3d', [[1, 2, 4, 5, 6], [4, 2, 3, 3]], note='invalid: weight rank')
    function('F.conv_transpose1d', [[1, 4, 5], [4, 2, 3]], kwargs={'stride': 2})
    function('F.conv_transpose2d', [[1, 8, 4, 4], [8, 3, 4, 4]], kwargs={'stride': 2, 'padding': 1})
    function('F.conv_transpose2d', [[1, 8, 4, 4], [8, 3, 3, 3], [3]], [2, 1, 1])
    function('F.conv_transpose3d', [[1, 2, 3, 3, 3], [2, 3, 2, 2, 2]], kwargs={'stride': 2})
    function('F.conv_transpose2d', [[1, 6, 4, 4], [8, 3, 3, 3]], note='invalid: channels')


def linear_cases():
    module('Linear', [2880, 500], inputs=[[64, 2880]], note='seed001')
    module('Linear', [500, 10], inputs=[[64, 500]], note='seed001')
    module('Linear', [10, 20], inputs=[[3, 10]])
    module('Linear', [10, 20], inputs=[[10]], note='unbatched')
    module('Linear', [10, 20], inputs=[[2, 3, 10]])
    module('Linear', [10, 20], inputs=[[2, 3, 4, 10]])
    module('Linear', [10, 20], {'bias': False}, [[3, 10]])
    module('Linear', [10, 1], inputs=[[5, 10]])
    module('Linear', [1, 10], inputs=[[5, 1]])
    module('Linear', [16, 16], inputs=[[4, 5, 16]])
    module('Linear', [7, 3], {'bias': False}, [[7]])
    module('Linear', [512, 1000], inputs=[[1, 512]], note='ResNet head')
    module('Linear', [10, 20], inputs=[[3, 11]], note='invalid: features')
    module('Linear', [10, 20], inputs=[[10, 3]], note='invalid: features last')
    module('Linear', [10, 20], inputs=[[]], note='invalid: scalar')
    module('Bilinear', [10, 5, 20], inputs=[[3, 10], [3, 5]])
    module('Bilinear', [10, 5, 20], {'bias': False}, [[3, 10], [3, 5]])
    module('Bilinear', [10, 5, 20], inputs=[[10], [5]], note='unbatched')
    module('Bilinear', [4, 4, 2], inputs=[[2, 3, 4], [2, 3, 4]])
    module('Bilinear', [10, 5, 20], inputs=[[3, 10], [3, 6]], note='invalid: in2')
    module('Bilinear', [10, 5, 20], inputs=[[3, 10], [4, 5]], note='invalid: batch')
    module('Identity', inputs=[[2, 3]])
    module('Identity', [54], {'unused': 'x'}, [[2, 3, 4]], note='ignores its arguments')
    module('Flatten', inputs=[[2, 3, 4, 5]])
    module('Flatten', [0, -1], inputs=[[2, 3, 4, 5]])
    module('Flatten', [2], inputs=[[2, 3, 4, 5]])
    module('Flatten', [1, 2], inputs=[[2, 3, 4, 5]])
    module('Flatten', inputs=[[20, 12, 12]], note='unbatched: flattens from dim 1')
    module('Flatten', [2, 1], inputs=[[2, 3, 4, 5]], note='invalid: start after end')
    module('Flatten', inputs=[[5]], note='invalid: rank 1')
    module('Flatten', [1, 4], inputs=[[2, 3, 4, 5]], note='invalid: end dim')
    module('Unflatten', [1, [2, 5]], inputs=[[3, 10]])
    module('Unflatten', [-1, [2, -1]], inputs=[[3, 4, 10]])
    module('Unflatten', [0, [1, 3]], inputs=[[3, 10]])
    module('Unflatten', [1, [3, 4]], inputs=[[3, 10]], note='invalid: numel')


def pool_cases():
    # Seeds.
    module('MaxPool2d', [3, 2, 1], inputs=[[1, 64, 112, 112]], note='seed000')
    module('MaxPool2d', [3, 2, 1], inputs=[[1, 192, 56, 56]], note='seed000')
    module('MaxPool2d', [2, 2], inputs=[[1, 1, 4, 4]], note='seed000')
    module('AvgPool2d', [2, 2], inputs=[[1, 1, 4, 4]], note='seed000')
    module('MaxPool2d', [2, 1], inputs=[[1, 1, 4, 4]], note='seed000')
    module('MaxPool2d', [2], inputs=[[64, 20, 24, 24]], note='seed001')
    module('MaxPool2d', [3, 2], inputs=[[1, 96, 55, 55]], note='seed003 AlexNet')
    module('MaxPool2d', [3, 3, 1], inputs=[[1, 1, 4, 4]], note='seed003')
    module('MaxPool2d', [3, 2], inputs=[[1, 12, 7, 7]], note='seed004')

    # ceil_mode: a last window that would start inside the right padding is dropped. All valid.
    for size, k, s, p in [(5, 2, 2, 0), (6, 2, 2, 1), (5, 2, 3, 1), (4, 3, 3, 1), (6, 3, 2, 1), (7, 3, 3, 1),
                          (8, 4, 3, 2), (5, 3, 2, 1), (9, 2, 4, 1), (3, 2, 2, 1)]:
        module('MaxPool1d', [k, s, p], {'ceil_mode': True}, [[1, 2, size]], note='ceil_mode')
        module('AvgPool1d', [k, s, p], {'ceil_mode': True}, [[1, 2, size]], note='ceil_mode')
    for size, k, s, p in [(5, 2, 2, 1), (6, 3, 2, 1), (7, 3, 3, 1), (8, 2, 3, 0), (4, 4, 3, 2), (9, 3, 2, 0)]:
        module('MaxPool2d', [k, s, p], {'ceil_mode': True}, [[1, 2, size, size + 2]], note='ceil_mode')
        module('AvgPool2d', [k, s, p], {'ceil_mode': True}, [[1, 2, size + 1, size]], note='ceil_mode')
    module('MaxPool2d', [3, 2], {'ceil_mode': True}, [[1, 2, 8, 9]])
    module('MaxPool2d', [2, 3, 1], {'ceil_mode': True}, [[1, 2, 5, 7]])
    module('AvgPool2d', [3, 2, 1], {'ceil_mode': True, 'count_include_pad': False}, [[1, 2, 6, 7]])
    module('MaxPool3d', [2, 2], {'ceil_mode': True}, [[1, 2, 3, 5, 5]])
    module('AvgPool3d', [2, 3, 1], {'ceil_mode': True}, [[1, 1, 5, 5, 4]])

    # MaxPool
    module('MaxPool1d', [3], inputs=[[2, 4, 10]])
    module('MaxPool1d', [3, 1, 1], {'dilation': 2}, [[2, 4, 10]])
    module('MaxPool1d', [2], inputs=[[4, 9]], note='unbatched')
    module('MaxPool1d', [2], {'return_indices': True}, [[1, 4, 9]])
    module('MaxPool2d', [[2, 3]], {'stride': [1, 2]}, [[2, 3, 8, 9]])
    module('MaxPool2d', [3], {'stride': 1, 'padding': 1}, [[3, 8, 8]], note='unbatched')
    module('MaxPool2d', [3], {'dilation': 2}, [[1, 3, 9, 9]])
    module('MaxPool2d', [2], {'return_indices': True}, [[1, 3, 4, 4]])
    module('MaxPool3d', [2], inputs=[[1, 2, 4, 6, 6]])
    module('MaxPool3d', [3, 2, 1], inputs=[[2, 4, 5, 5]], note='unbatched')
    module('MaxPool3d', [[1, 2, 2]], inputs=[[1, 2, 4, 6, 6]])
    module('MaxPool1d', [3, 1, 2], inputs=[[1, 2, 10]], note='invalid: pad > half kernel')
    module('MaxPool2d', [2, 2, 2], inputs=[[1, 2, 8, 8]], note='invalid: pad > half kernel')
    module('MaxPool2d', [5], inputs=[[1, 2, 4, 8]], note='invalid: output < 1')
    module('MaxPool2d', [2], inputs=[[8, 8]], note='invalid: rank')
    module('MaxPool2d', [2], {'stride': 0}, [[1, 2, 8, 8]], note='invalid: stride 0')
    module('MaxPool3d', [2], inputs=[[1, 2, 1, 4, 4]], note='invalid: output < 1')
    module('MaxPool3d', [3, 1, 2], inputs=[[1, 2, 4, 4, 4]], note='invalid: pad > half kernel')

    # AvgPool
    module('AvgPool1d', [3], inputs=[[2, 4, 10]])
    module('AvgPool1d', [3, 2, 1], {'count_include_pad': False}, [[2, 4, 10]])
    module('AvgPool1d', [2], inputs=[[4, 9]], note='unbatched')
    module('AvgPool2d', [3, 2, 1], inputs=[[1, 3, 8, 8]])
    module('AvgPool2d', [2], {'divisor_override': 3}, [[1, 3, 8, 8]])
    module('AvgPool2d', [[2, 4]], {'stride': [2, 1], 'padding': [1, 2]}, [[1, 3, 8, 8]])
    module('AvgPool2d', [3], inputs=[[3, 9, 9]], note='unbatched')
    module('AvgPool3d', [2], inputs=[[1, 2, 4, 6, 6]])
    module('AvgPool3d', [3, 1, 1], {'divisor_override': 5, 'count_include_pad': False}, [[1, 2, 3, 3, 3]])
    module('AvgPool3d', [2], inputs=[[2, 4, 4, 4]], note='unbatched')
    module('AvgPool1d', [4, 1, 3], inputs=[[1, 2, 10]], note='invalid: pad > half kernel')
    module('AvgPool1d', [2], {'divisor_override': 2}, [[1, 2, 10]], note='invalid: no divisor_override in 1d')
    module('AvgPool2d', [3, 1, 2], inputs=[[1, 2, 8, 8]], note='invalid: pad > half kernel')
    module('AvgPool2d', [9], inputs=[[1, 2, 8, 8]], note='invalid: output < 1')
    module('AvgPool2d', [2], {'divisor_override': 0}, [[1, 2, 8, 8]], note='invalid: divisor 0')
    module('AvgPool2d', [2], inputs=[[1, 1, 2, 8, 8]], note='invalid: rank')
    module('AvgPool3d', [5], inputs=[[1, 2, 4, 6, 6]], note='invalid: output < 1')

    # Functional pooling.
    function('F.max_pool1d', [[1, 2, 9]], [3], {'stride': 2})
    function('F.max_pool2d', [[1, 3, 8, 8]], [2])
    function('F.max_pool2d', [[1, 3, 8, 8]], [3, 2, 1])
    function('F.max_pool2d', [[1, 3, 7, 7]], [2], {'ceil_mode': True})
    function('F.max_pool2d', [[1, 3, 8, 8]], [2], {'return_indices': True})
    function('F.max_pool3d', [[1, 2, 4, 4, 4]], [2])
    function('F.max_pool2d', [[1, 3, 8, 8]], [3, 1, 2], note='invalid: pad > half kernel')
    function('F.max_pool2d', [[1, 3, 1, 8]], [2], note='invalid: output < 1')
    function('F.avg_pool1d', [[1, 2, 9]], [3])
    function('F.avg_pool2d', [[1, 3, 8, 8]], [2])
    function('F.avg_pool2d', [[3, 8, 8]], [3, 2, 1], {'count_include_pad': False}, note='unbatched')
    function('F.avg_pool2d', [[1, 3, 8, 8]], [2], {'divisor_override': 1})
    function('F.avg_pool3d', [[1, 2, 4, 4, 4]], [2], {'stride': 1})
    function('F.avg_pool2d', [[1, 3, 8, 8]], [[2, 10]], note='invalid: output < 1')
    function('F.avg_pool3d', [[2, 4, 4]], [2], note='invalid: rank')


def adaptive_cases():
    module('AdaptiveAvgPool1d', [5], inputs=[[2, 3, 17]])
    module('AdaptiveAvgPool1d', [8], inputs=[[3, 5]], note='unbatched, output > input')
    module('AdaptiveAvgPool1d', [1], inputs=[[2, 3, 7]])
    for out, size in [(3, 10), (4, 10), (5, 7), (2, 2), (7, 3)]:
        module('AdaptiveAvgPool2d', [out], inputs=[[1, 2, size, size + 3]], note='sweep')
        module('AdaptiveMaxPool1d', [out], inputs=[[1, 2, size]], note='sweep')
    module('AdaptiveAvgPool2d', [[1, 1]], inputs=[[2, 64, 7, 7]])
    module('AdaptiveAvgPool2d', [7], inputs=[[1, 8, 13, 13]])
    module('AdaptiveAvgPool2d', [[None, 3]], inputs=[[1, 8, 5, 9]])
    module('AdaptiveAvgPool2d', [[4, None]], inputs=[[8, 5, 9]], note='unbatched')
    module('AdaptiveAvgPool2d', [None], inputs=[[1, 8, 5, 9]], note='invalid: a bare None (torch 1.13 raises TypeError)')
    module('AdaptiveAvgPool2d', [[6, 10]], inputs=[[1, 2, 3, 4]], note='output > input')
    module('AdaptiveAvgPool3d', [[1, 2, 3]], inputs=[[1, 2, 4, 5, 6]])
    module('AdaptiveAvgPool3d', [[None, 2, None]], inputs=[[2, 4, 5, 6]], note='unbatched')
    module('AdaptiveAvgPool3d', [1], inputs=[[1, 2, 4, 5, 6]])
    module('AdaptiveMaxPool1d', [4], inputs=[[2, 3, 10]])
    module('AdaptiveMaxPool1d', [4], {'return_indices': True}, [[2, 3, 10]])
    module('AdaptiveMaxPool2d', [[3, 3]], inputs=[[1, 4, 10, 7]])
    module('AdaptiveMaxPool2d', [[None, 2]], inputs=[[4, 10, 7]], note='unbatched')
    module('AdaptiveMaxPool2d', [2], {'return_indices': True}, [[1, 4, 5, 5]])
    module('AdaptiveMaxPool3d', [[2, None, 1]], inputs=[[1, 2, 4, 5, 6]])
    module('AdaptiveMaxPool3d', [3], inputs=[[2, 2, 2, 2]], note='unbatched, output > input')
    module('AdaptiveAvgPool1d', [4], inputs=[[2, 3, 4, 5]], note='invalid: rank')
    module('AdaptiveAvgPool2d', [[1, 2, 3]], inputs=[[1, 2, 4, 5]], note='invalid: output_size length')
    module('AdaptiveAvgPool2d', [2], inputs=[[5]], note='invalid: rank')
    module('AdaptiveMaxPool2d', [2], inputs=[[1, 2, 3, 4, 5]], note='invalid: rank')
    module('AdaptiveMaxPool3d', [[2, 2]], inputs=[[1, 2, 4, 5, 6]], note='invalid: output_size length')
    function('F.adaptive_avg_pool1d', [[1, 3, 10]], [4])
    function('F.adaptive_avg_pool2d', [[1, 3, 10, 9]], [[3, None]])
    function('F.adaptive_avg_pool2d', [[1, 3, 10, 9]], [1])
    function('F.adaptive_avg_pool3d', [[1, 2, 4, 5, 6]], [2])
    function('F.adaptive_max_pool1d', [[1, 3, 10]], [3])
    function('F.adaptive_max_pool2d', [[3, 10, 9]], [[2, 4]], note='unbatched')
    function('F.adaptive_max_pool2d', [[1, 3, 10, 9]], [2], {'return_indices': True})
    function('F.adaptive_max_pool3d', [[1, 2, 4, 5, 6]], [[1, None, 2]])
    function('F.adaptive_avg_pool2d', [[10, 9]], [2], note='invalid: rank')


def norm_cases():
    module('BatchNorm1d', [10], inputs=[[4, 10]])
    module('BatchNorm1d', [10], inputs=[[4, 10, 7]])
    module('BatchNorm1d', [10], {'affine': False}, [[4, 10]])
    module('BatchNorm1d', [10], {'track_running_stats': False}, [[4, 10, 3]])
    module('BatchNorm1d', [10], {'momentum': None, 'eps': 1e-3}, [[4, 10, 3]])
    module('BatchNorm1d', [10], inputs=[[4, 11]], note='invalid: channels')
    module('BatchNorm1d', [10], inputs=[[4, 10, 7, 3]], note='invalid: rank')
    module('BatchNorm1d', [10], inputs=[[10]], note='invalid: rank 1')
    module('BatchNorm2d', [16], inputs=[[2, 16, 5, 5]])
    module('BatchNorm2d', [16], {'affine': False, 'track_running_stats': False}, [[2, 16, 5, 5]])
    module('BatchNorm2d', [64], inputs=[[1, 64, 112, 112]], note='seed000 stem')
    module('BatchNorm2d', [16], inputs=[[16, 5, 5]], note='invalid: unbatched')
    module('BatchNorm2d', [16], inputs=[[2, 8, 5, 5]], note='invalid: channels')
    module('BatchNorm3d', [4], inputs=[[2, 4, 3, 3, 3]])
    module('BatchNorm3d', [4], {'affine': False}, [[2, 4, 3, 3, 3]])
    module('BatchNorm3d', [4], inputs=[[2, 4, 3, 3]], note='invalid: rank')
    module('LayerNorm', [10], inputs=[[2, 5, 10]])
    module('LayerNorm', [[5, 10]], inputs=[[2, 5, 10]])
    module('LayerNorm', [10], {'elementwise_affine': False}, [[2, 5, 10]])
    module('LayerNorm', [[3, 4, 5]], inputs=[[3, 4, 5]])
    module('LayerNorm', [10], inputs=[[10]])
    module('LayerNorm', [10], inputs=[[2, 10, 5]], note='invalid: last dim')
    module('LayerNorm', [[5, 10]], inputs=[[2, 10, 5]], note='invalid: trailing dims')
    module('LayerNorm', [[2, 5, 10]], inputs=[[5, 10]], note='invalid: rank')
    module('GroupNorm', [2, 6], inputs=[[2, 6, 4, 4]])
    module('GroupNorm', [3, 6], inputs=[[2, 6]])
    module('GroupNorm', [1, 6], {'affine': False}, [[2, 6, 5]])
    module('GroupNorm', [6, 6], inputs=[[2, 6, 2, 2, 2]])
    module('GroupNorm', [4, 6], inputs=[[2, 6, 4, 4]], note='invalid: groups')
    module('GroupNorm', [2, 6], inputs=[[2, 8, 4, 4]], note='invalid: channels')
    module('InstanceNorm1d', [4], inputs=[[2, 4, 7]])
    module('InstanceNorm1d', [4], {'affine': True}, [[4, 7]], note='unbatched')
    module('InstanceNorm1d', [4], {'track_running_stats': True}, [[2, 4, 7]])
    module('InstanceNorm2d', [4], inputs=[[2, 4, 5, 5]])
    module('InstanceNorm2d', [4], {'affine': True, 'track_running_stats': True}, [[2, 4, 5, 5]])
    module('InstanceNorm2d', [4], inputs=[[4, 5, 5]], note='unbatched')
    module('InstanceNorm3d', [3], {'affine': True}, [[1, 3, 3, 3, 3]])
    module('InstanceNorm3d', [3], inputs=[[3, 3, 3, 3]], note='unbatched')
    module('InstanceNorm2d', [4], {'affine': True}, [[2, 5, 5, 5]], note='invalid: channels')
    module('InstanceNorm1d', [4], inputs=[[2, 4, 5, 5]], note='invalid: rank')
    module('InstanceNorm3d', [3], inputs=[[3, 3, 3]], note='invalid: rank')


def dropout_cases():
    module('Dropout', inputs=[[2, 3]])
    module('Dropout', [0.2], inputs=[[2, 3, 4, 5]])
    module('Dropout', [0.0], {'inplace': True}, [[7]])
    module('Dropout', [1.5], inputs=[[2, 3]], note='invalid: p > 1')
    module('Dropout', [-0.1], inputs=[[2, 3]], note='invalid: p < 0')
    module('Dropout1d', [0.3], inputs=[[2, 3, 4]])
    module('Dropout1d', inputs=[[3, 4]], note='unbatched')
    module('Dropout1d', inputs=[[2, 3, 4, 5]], note='invalid: rank')
    module('Dropout2d', [0.3], inputs=[[2, 3, 4, 5]])
    module('Dropout2d', inputs=[[3, 4, 5]], note='3-d input')
    module('Dropout2d', [1.1], inputs=[[2, 3, 4, 5]], note='invalid: p > 1')
    module('Dropout3d', inputs=[[2, 3, 2, 4, 4]])
    module('Dropout3d', inputs=[[3, 2, 4, 4]], note='unbatched')
    module('AlphaDropout', [0.2], inputs=[[4, 10]])
    module('FeatureAlphaDropout', [0.2], inputs=[[2, 3, 4, 5]])
    function('F.dropout', [[2, 3]])
    function('F.dropout', [[2, 3, 4]], [0.3])
    function('F.dropout', [[2, 3]], kwargs={'p': 0.5, 'training': False})
    function('F.dropout', [[2, 3]], [1.2], note='invalid: p > 1')


ACTIVATIONS = [
    ('ReLU', []), ('ReLU6', []), ('LeakyReLU', [0.2]), ('ELU', [0.5]), ('SELU', []), ('CELU', [1.5]),
    ('GELU', []), ('SiLU', []), ('Mish', []), ('Sigmoid', []), ('Tanh', []), ('Hardtanh', [-2.0, 2.5]),
    ('Hardswish', []), ('Hardsigmoid', []), ('Softplus', [2, 10]), ('Softmax', [1]), ('LogSoftmax', [1]),
]


def activation_cases():
    for name, args in ACTIVATIONS:
        module(name, args, inputs=[[2, 3, 4]])
    for name, args in ACTIVATIONS:
        module(name, args, inputs=[[1, 3, 4, 4]])
    for name in ['ReLU', 'Sigmoid', 'Tanh', 'GELU', 'Softmax', 'Hardswish']:
        kwargs = {'dim': -1} if name == 'Softmax' else {}
        module(name, [], kwargs, [[5]], note='1-d')
        if name != 'Softmax':
            module(name, [], kwargs, [[]], note='scalar')
    module('ReLU', [], {'inplace': True}, [[64, 500]], note='seed001')
    module('Softmax', [], {'dim': 1}, [[64, 10]], note='seed001')
    module('GELU', [], {'approximate': 'tanh'}, [[2, 3]])
    module('LeakyReLU', [], {'negative_slope': 0.01, 'inplace': True}, [[2, 3]])
    module('Softmax', inputs=[[2, 3, 4]], note='implicit dim')
    module('Softmax', [-3], inputs=[[2, 3, 4]])
    module('LogSoftmax', [], {'dim': 0}, [[4]])
    module('PReLU', inputs=[[2, 3, 4]])
    module('PReLU', [3], inputs=[[2, 3, 4]])
    module('PReLU', [3], {'init': 0.1}, [[2, 3, 4, 4]])
    module('PReLU', [3], inputs=[[3]], note='invalid: 1-d input has channel size 1')
    module('PReLU', [3], inputs=[[2, 4, 3]], note='invalid: channels')
    module('PReLU', [3], inputs=[[]], note='invalid: scalar')
    module('Softmax', [2], inputs=[[2, 3]], note='invalid: dim')
    module('LogSoftmax', [-3], inputs=[[2, 3]], note='invalid: dim')
    module('GELU', [], {'approximate': 'fast'}, [[2, 3]], note='invalid: approximate')
    module('Hardtanh', [2.0, -2.0], inputs=[[2, 3]], note='invalid: min > max')
    for name in ['relu', 'relu6', 'elu', 'selu', 'celu', 'gelu', 'silu', 'mish', 'sigmoid', 'tanh', 'hardtanh',
                 'hardswish', 'hardsigmoid', 'softplus']:
        function(f'F.{name}', [[2, 3, 4]])
        function(f'F.{name}', [[5]])
    function('F.leaky_relu', [[2, 3, 4]], [0.2])
    function('F.relu', [[2, 3]], kwargs={'inplace': True})
    function('F.softmax', [[2, 3, 4]], [1])
    function('F.softmax', [[2, 3, 4]], kwargs={'dim': -1})
    function('F.log_softmax', [[2, 3, 4]], kwargs={'dim': 2})
    function('F.softmax', [[2, 3]], [2], note='invalid: dim')
    function('F.prelu', [[2, 3, 4], [3]])
    function('F.prelu', [[2, 3, 4], [1]])
    function('F.prelu', [[2, 3, 4], [4]], note='invalid: channels')


def upsample_cases():
    module('Upsample', [], {'scale_factor': 2}, [[1, 3, 4, 4]])
    module('Upsample', [[5, 7]], inputs=[[1, 3, 4, 4]])
    module('Upsample', [], {'scale_factor': 1.5, 'mode': 'bilinear', 'align_corners': False}, [[1, 3, 4, 4]])
    module('Upsample', [], {'scale_factor': 1.7, 'mode': 'bilinear'}, [[1, 3, 4, 5]])
    module('Upsample', [], {'scale_factor': [2, 3], 'mode': 'bicubic', 'align_corners': True}, [[1, 3, 4, 4]])
    module('Upsample', [8], {'mode': 'linear'}, [[1, 2, 4]])
    module('Upsample', [], {'scale_factor': 2, 'mode': 'trilinear'}, [[1, 2, 2, 3, 3]])
    module('Upsample', [], {'scale_factor': 0.5}, [[1, 3, 4, 5]])
    module('Upsample', [], {'scale_factor': 2}, [[3, 4, 4]], note='3-d input is 1-d upsampling')
    module('Upsample', [], {'scale_factor': 2, 'mode': 'nearest-exact'}, [[1, 1, 3, 3]])
    module('Upsample', [], {'scale_factor': 2, 'mode': 'bilinear'}, [[1, 3, 4]], note='invalid: mode vs rank')
    module('Upsample', inputs=[[1, 3, 4, 4]], note='invalid: neither size nor scale')
    module('Upsample', [[5, 6, 7]], inputs=[[1, 3, 4, 4]], note='invalid: size length')
    module('Upsample', [], {'scale_factor': 2, 'mode': 'cubic'}, [[1, 3, 4, 4]], note='invalid: mode')
    module('Upsample', [], {'scale_factor': 2}, [[4, 4]], note='invalid: rank')
    function('F.interpolate', [[1, 3, 4, 4]], [[6, 8]])
    function('F.interpolate', [[1, 3, 4, 4]], kwargs={'scale_factor': 2, 'mode': 'nearest'})
    function('F.interpolate', [[1, 3, 4, 4]], kwargs={'scale_factor': 2.5, 'mode': 'bilinear', 'align_corners': True})
    function('F.interpolate', [[1, 3, 5, 5]], kwargs={'scale_factor': 0.3, 'recompute_scale_factor': True})
    function('F.interpolate', [[1, 3, 5, 5]], kwargs={'size': 2, 'mode': 'area'})
    function('F.interpolate', [[1, 2, 3, 3, 3]], kwargs={'size': [4, 5, 6], 'mode': 'trilinear'})
    function('F.interpolate', [[1, 2, 7]], kwargs={'scale_factor': 3, 'mode': 'linear'})
    function('F.interpolate', [[1, 3, 4, 4]], kwargs={'size': 8, 'scale_factor': 2}, note='invalid: both size and scale')
    function('F.interpolate', [[1, 3, 4, 4]], kwargs={'size': [8]}, note='invalid: size length')
    function('F.interpolate', [[1, 3, 4, 4]], kwargs={'scale_factor': 2, 'mode': 'linear'}, note='invalid: mode vs rank')


def padding_cases():
    module('ZeroPad2d', [1], inputs=[[1, 2, 4, 4]])
    module('ZeroPad2d', [[1, 2, 0, 3]], inputs=[[1, 2, 4, 4]])
    module('ZeroPad2d', [[1, 1, 2, 2]], inputs=[[2, 4, 4]], note='unbatched')
    module('ZeroPad2d', [-1], inputs=[[1, 2, 4, 4]], note='negative pad crops')
    module('ZeroPad2d', [-3], inputs=[[1, 2, 4, 4]], note='invalid: negative pad empties')
    module('ConstantPad1d', [2, 3.5], inputs=[[2, 3, 4]])
    module('ConstantPad1d', [[0, 3], 0.0], inputs=[[3, 4]], note='unbatched')
    module('ConstantPad2d', [[1, 1, 2, 0], 0.0], inputs=[[1, 2, 3, 3]])
    module('ConstantPad2d', [2, 1.0], inputs=[[3, 3]])
    module('ConstantPad3d', [1, 1.0], inputs=[[1, 1, 2, 2, 2]])
    module('ConstantPad3d', [[1, 0, 0, 1, 2, 2], 0.5], inputs=[[1, 2, 2, 2]], note='unbatched')
    module('ConstantPad2d', [[1, 1, 1], 0.0], inputs=[[1, 2, 3, 3]], note='invalid: pad length')
    module('ReflectionPad1d', [2], inputs=[[1, 2, 5]])
    module('ReflectionPad1d', [[3, 1]], inputs=[[2, 5]], note='unbatched')
    module('ReflectionPad1d', [5], inputs=[[1, 2, 5]], note='invalid: pad >= input')
    module('ReflectionPad1d', [2], inputs=[[5]], note='invalid: rank')
    module('ReflectionPad2d', [[1, 1, 2, 2]], inputs=[[1, 1, 4, 4]])
    module('ReflectionPad2d', [3], inputs=[[2, 4, 4]], note='unbatched')
    module('ReflectionPad2d', [4], inputs=[[1, 1, 4, 4]], note='invalid: pad >= input')
    module('ReflectionPad2d', [[1, 1, 3, 3]], inputs=[[1, 1, 3, 5]], note='invalid: pad >= input H')
    module('ReflectionPad2d', [1], inputs=[[4, 4]], note='invalid: rank')
    module('ReflectionPad3d', [1], inputs=[[1, 1, 3, 3, 3]])
    module('ReflectionPad3d', [[1, 0, 1, 0, 2, 2]], inputs=[[1, 3, 3, 3]], note='unbatched')
    module('ReflectionPad3d', [3], inputs=[[1, 1, 3, 3, 3]], note='invalid: pad >= input')
    module('ReplicationPad1d', [3], inputs=[[1, 2, 2]])
    module('ReplicationPad1d', [[0, 4]], inputs=[[2, 5]], note='unbatched')
    module('ReplicationPad2d', [[1, 2, 3, 4]], inputs=[[1, 2, 3, 3]])
    module('ReplicationPad2d', [5], inputs=[[2, 2, 2]], note='unbatched, pad > input')
    module('ReplicationPad3d', [1], inputs=[[1, 1, 2, 3, 4]])
    module('ReplicationPad3d', [2], inputs=[[1, 2, 3, 4]], note='unbatched')
    module('ReplicationPad1d', [1], inputs=[[1, 1, 2, 3, 4]], note='invalid: rank')
    module('ReplicationPad2d', [1], inputs=[[1, 2, 3, 4, 5]], note='invalid: rank')


def pixel_shuffle_cases():
    module('PixelShuffle', [2], inputs=[[1, 8, 3, 3]])
    module('PixelShuffle', [3], inputs=[[9, 2, 2]], note='unbatched')
    module('PixelShuffle', [2], inputs=[[2, 3, 8, 3, 3]])
    module('PixelShuffle', [2], inputs=[[1, 6, 3, 3]], note='invalid: channels')
    module('PixelShuffle', [2], inputs=[[8, 3]], note='invalid: rank')
    module('PixelUnshuffle', [2], inputs=[[1, 2, 6, 6]])
    module('PixelUnshuffle', [3], inputs=[[1, 6, 9]], note='unbatched')
    module('PixelUnshuffle', [2], inputs=[[1, 2, 5, 6]], note='invalid: height')


def embedding_cases():
    module('Embedding', [10, 4], inputs=[[2, 5]], dtype='long')
    module('Embedding', [10, 4], inputs=[[5]], dtype='long')
    module('Embedding', [10, 4], inputs=[[]], dtype='long', note='scalar index')
    module('Embedding', [10, 4], {'padding_idx': 0}, [[2, 3, 5]], dtype='long')
    module('Embedding', [10, 4], {'padding_idx': -1, 'max_norm': 1.0}, [[2, 5]], dtype='long')
    module('Embedding', [1000, 64], {'sparse': True}, [[8, 16]], dtype='long')
    module('Embedding', [10, 4], {'padding_idx': 10}, [[2, 5]], dtype='long', note='invalid: padding_idx')
    module('Embedding', [10, 4], {'padding_idx': -11}, [[2, 5]], dtype='long', note='invalid: padding_idx')


def recurrent_cases():
    for name in ['RNN', 'LSTM', 'GRU']:
        module(name, [10, 20], inputs=[[5, 3, 10]])
        module(name, [10, 20], {'batch_first': True}, [[3, 5, 10]])
        module(name, [10, 20], inputs=[[5, 10]], note='unbatched')
        module(name, [10, 20, 2], inputs=[[5, 3, 10]])
        module(name, [10, 20], {'num_layers': 3, 'dropout': 0.2}, [[4, 2, 10]])
        module(name, [10, 20], {'bidirectional': True}, [[5, 3, 10]])
        module(name, [10, 20], {'num_layers': 2, 'bidirectional': True, 'batch_first': True}, [[3, 5, 10]])
        module(name, [10, 20], {'bias': False}, [[5, 3, 10]])
        module(name, [10, 20], {'num_layers': 2, 'bidirectional': True}, [[5, 10]], note='unbatched')
        module(name, [10, 20], inputs=[[5, 3, 11]], note='invalid: input size')
        module(name, [10, 20], inputs=[[5, 3, 2, 10]], note='invalid: rank')
        module(name, [10, 20], {'dropout': 1.5}, [[5, 3, 10]], note='invalid: dropout')
    module('RNN', [10, 20], {'nonlinearity': 'relu'}, [[5, 3, 10]])
    module('RNN', [10, 20], {'nonlinearity': 'gelu'}, [[5, 3, 10]], note='invalid: nonlinearity')
    module('LSTM', [10, 20], {'proj_size': 7}, [[5, 3, 10]])
    module('LSTM', [10, 20], {'proj_size': 7, 'num_layers': 2, 'bidirectional': True}, [[5, 3, 10]])
    module('LSTM', [10, 20], {'proj_size': 5, 'batch_first': True}, [[5, 10]], note='unbatched')
    module('LSTM', [10, 20], {'proj_size': 20}, [[5, 3, 10]], note='invalid: proj_size >= hidden')
    module('LSTM', [10, 20], {'proj_size': -1}, [[5, 3, 10]], note='invalid: negative proj_size')
    module('GRU', [10, 20], {'proj_size': 5}, [[5, 3, 10]], note='invalid: GRU has no proj_size')


def attention_cases():
    q, kv = [5, 2, 16], [7, 2, 16]
    module('MultiheadAttention', [16, 4], inputs=[q, kv, kv])
    module('MultiheadAttention', [16, 4], inputs=[q, q, q], note='self-attention')
    module('MultiheadAttention', [16, 1], inputs=[q, kv, kv])
    module('MultiheadAttention', [16, 4], {'batch_first': True}, [[2, 5, 16], [2, 7, 16], [2, 7, 16]])
    module('MultiheadAttention', [16, 4], inputs=[[5, 16], [7, 16], [7, 16]], note='unbatched')
    module('MultiheadAttention', [16, 4], {'kdim': 6, 'vdim': 5}, [q, [7, 2, 6], [7, 2, 5]])
    module('MultiheadAttention', [16, 2], {'bias': False}, [q, kv, kv])
    module('MultiheadAttention', [16, 4], {'add_bias_kv': True}, [q, kv, kv])
    module('MultiheadAttention', [16, 4], {'add_zero_attn': True, 'dropout': 0.1}, [q, kv, kv])
    module('MultiheadAttention', [16, 4], {'kdim': 6, 'vdim': 5, 'add_bias_kv': True, 'add_zero_attn': True},
           [q, [7, 2, 6], [7, 2, 5]])
    module('MultiheadAttention', [16, 5], inputs=[q, kv, kv], note='invalid: embed_dim % num_heads')
    module('MultiheadAttention', [16, 4], inputs=[[5, 2, 12], kv, kv], note='invalid: query embed')
    module('MultiheadAttention', [16, 4], inputs=[q, kv, [6, 2, 16]], note='invalid: key/value length')
    module('MultiheadAttention', [16, 4], inputs=[q, [7, 3, 16], [7, 3, 16]], note='invalid: batch')
    module('MultiheadAttention', [16, 4], inputs=[[5, 16], kv, kv], note='invalid: unbatched query, batched key')
    module('MultiheadAttention', [16, 4], {'kdim': 6}, [q, kv, kv], note='invalid: key dim')
    module('TransformerEncoderLayer', [16, 4, 32], inputs=[[5, 2, 16]])
    module('TransformerEncoderLayer', [16, 4], inputs=[[5, 2, 16]], note='default dim_feedforward')
    module('TransformerEncoderLayer', [16, 4, 32], {'batch_first': True, 'norm_first': True}, [[2, 5, 16]])
    module('TransformerEncoderLayer', [16, 2, 24], {'activation': 'gelu', 'dropout': 0.0}, [[5, 16]], note='unbatched')
    module('TransformerEncoderLayer', [16, 3, 32], inputs=[[5, 2, 16]], note='invalid: nhead')
    module('TransformerEncoderLayer', [16, 4, 32], inputs=[[5, 2, 12]], note='invalid: d_model')
    module('TransformerDecoderLayer', [16, 4, 32], inputs=[[5, 2, 16], [7, 2, 16]])
    module('TransformerDecoderLayer', [16, 4], inputs=[[5, 2, 16], [7, 2, 16]], note='default dim_feedforward')
    module('TransformerDecoderLayer', [16, 2, 24], {'batch_first': True, 'norm_first': True}, [[2, 5, 16], [2, 7, 16]])
    module('TransformerDecoderLayer', [16, 4, 32], inputs=[[5, 16], [7, 16]], note='unbatched')
    module('TransformerDecoderLayer', [16, 4, 32], inputs=[[5, 2, 16], [7, 3, 16]], note='invalid: batch')
    module('TransformerDecoderLayer', [16, 4, 32], inputs=[[5, 2, 16], [7, 2, 8]], note='invalid: memory d_model')


def tensor_op_cases():
    # torch.flatten / Tensor.flatten
    function('torch.flatten', [[2, 3, 4, 5]])
    function('torch.flatten', [[2, 3, 4, 5]], [1])
    function('torch.flatten', [[2, 3, 4, 5]], [1, 2])
    function('torch.flatten', [[64, 20, 12, 12]], kwargs={'start_dim': 1}, note='seed001')
    function('torch.flatten', [[]], note='scalar becomes 1-d')
    function('torch.flatten', [[2, 3, 4]], [2, 0], note='invalid: start after end')
    function('torch.flatten', [[2, 3, 4]], [3], note='invalid: dim')
    function('Tensor.flatten', [[2, 3, 4, 5]])
    function('Tensor.flatten', [[2, 3, 4, 5]], [1])
    function('Tensor.flatten', [[2, 3, 4, 5]], [-3, -2])
    function('Tensor.flatten', [[2, 3]], [-3], note='invalid: dim')
    # torch.cat / torch.stack take a list.
    function('torch.cat', [[2, 3], [4, 3]], as_list=True)
    function('torch.cat', [[2, 3, 4], [2, 5, 4]], [1], as_list=True)
    function('torch.cat', [[2, 3, 4], [2, 3, 1], [2, 3, 2]], kwargs={'dim': -1}, as_list=True)
    function('torch.cat', [[2, 3]], as_list=True, note='one tensor')
    function('torch.cat', [[2, 3], [2, 4]], as_list=True, note='invalid: other dims')
    function('torch.cat', [[2, 3], [2, 3]], [2], as_list=True, note='invalid: dim')
    function('torch.cat', [[2, 3], [2, 3, 1]], [1], as_list=True, note='invalid: rank')
    function('torch.stack', [[2, 3], [2, 3]], as_list=True)
    function('torch.stack', [[2, 3], [2, 3], [2, 3]], [2], as_list=True)
    function('torch.stack', [[2, 3], [2, 3]], kwargs={'dim': -1}, as_list=True)
    function('torch.stack', [[4], [4]], [1], as_list=True)
    function('torch.stack', [[2, 3], [3, 2]], as_list=True, note='invalid: shapes differ')
    function('torch.stack', [[2, 3], [2, 3]], [3], as_list=True, note='invalid: dim')
    # view / reshape
    function('Tensor.view', [[2, 3, 4]], [6, 4])
    function('Tensor.view', [[2, 3, 4]], [-1])
    function('Tensor.view', [[2, 3, 4]], [2, -1])
    function('Tensor.view', [[64, 20, 12, 12]], [64, -1], note='seed001')
    function('Tensor.view', [[2, 3, 4]], [[4, -1, 2]], note='tuple argument')
    function('Tensor.view', [[2, 3, 4]], [1, 2, 1, 12])
    function('Tensor.view', [[2, 3, 4]], [-1, 1])
    function('Tensor.view', [[6]], [2, 3])
    function('Tensor.view', [[1, 2, 3, 4]], [1, -1, 4])
    function('Tensor.reshape', [[2, 3, 4]], [2, 2, -1])
    function('Tensor.reshape', [[5]], [[-1, 1]])
    function('Tensor.view', [[2, 3, 4]], [5, -1], note='invalid: -1 does not divide')
    function('Tensor.view', [[2, 3, 4]], [5, 5], note='invalid: numel')
    function('Tensor.view', [[2, 3, 4]], [-1, -1], note='invalid: two -1')
    function('Tensor.reshape', [[2, 3, 4]], [4, 6])
    function('Tensor.reshape', [[2, 3, 4]], [-1])
    function('Tensor.reshape', [[2, 3, 4]], [[3, -1]], note='tuple argument')
    function('Tensor.reshape', [[24]], [2, 3, 2, 2])
    function('Tensor.reshape', [[2, 3, 4]], [7, -1], note='invalid: -1 does not divide')
    function('Tensor.reshape', [[2, 3, 4]], [[5, 4]], note='invalid: numel')
    # permute / transpose
    function('Tensor.permute', [[2, 3, 4]], [0, 2, 1])
    function('Tensor.permute', [[2, 3, 4, 5]], [[3, 0, 1, 2]], note='tuple argument')
    function('Tensor.permute', [[2, 3, 4]], [-1, 0, 1])
    function('Tensor.permute', [[2, 3, 4]], [0, 1], note='invalid: too few dims')
    function('Tensor.permute', [[2, 3, 4]], [0, 0, 1], note='invalid: repeated dim')
    function('Tensor.permute', [[2, 3, 4]], [0, 1, 3], note='invalid: dim')
    function('Tensor.transpose', [[2, 3, 4]], [1, 2])
    function('Tensor.transpose', [[2, 3, 4]], [-1, 0])
    function('Tensor.transpose', [[2, 3, 4]], [1, 1])
    function('Tensor.transpose', [[2, 3, 4]], [1, 3], note='invalid: dim')
    # squeeze / unsqueeze
    function('Tensor.squeeze', [[2, 1, 4, 1]])
    function('Tensor.squeeze', [[2, 1, 4, 1]], [1])
    function('Tensor.squeeze', [[2, 1, 4, 1]], [-1])
    function('Tensor.squeeze', [[2, 1, 4, 1]], [0], note='not size 1: unchanged')
    function('Tensor.squeeze', [[1]], note='to scalar')
    function('Tensor.squeeze', [[2, 1, 4]], [3], note='invalid: dim')
    function('Tensor.unsqueeze', [[2, 3]], [0])
    function('Tensor.unsqueeze', [[2, 3]], [2])
    function('Tensor.unsqueeze', [[2, 3]], [-1])
    function('Tensor.unsqueeze', [[2, 3]], [-3])
    function('Tensor.unsqueeze', [[]], [0], note='scalar')
    function('Tensor.unsqueeze', [[2, 3]], [3], note='invalid: dim')
    function('Tensor.unsqueeze', [[2, 3]], [-4], note='invalid: dim')
    # mean / sum
    for op in ['mean', 'sum']:
        function(f'Tensor.{op}', [[2, 3, 4]])
        function(f'Tensor.{op}', [[2, 3, 4]], [1])
        function(f'Tensor.{op}', [[2, 3, 4, 5]], [[2, 3]])
        function(f'Tensor.{op}', [[2, 3, 4]], kwargs={'dim': -1, 'keepdim': True})
        function(f'Tensor.{op}', [[2, 3, 4, 5]], [[-1, -2], True])
        function(f'Tensor.{op}', [[2, 3, 4]], [3], note='invalid: dim')
        function(f'Tensor.{op}', [[2, 3, 4]], [[1, 1]], note='invalid: repeated dim')
    # slicing
    for index, shape in [([':', 0], [2, 3, 4]), (['...', 0], [2, 3, 4]), ([None], [2, 3]),
                         ([':', None, ':'], [2, 3]), (['1:3'], [5, 2]), (['::2'], [5, 2]), ([-1], [5, 2]),
                         ([0, 0, 0], [2, 3, 4]), (['...', '1:'], [2, 3, 4]), (['2:10'], [5]), (['4:2'], [5]),
                         ([':', '-2:'], [3, 6]), ([1, '...', None], [2, 3, 4]), ([':', ':', '::3'], [2, 3, 7]),
                         (['...'], [2, 3])]:
        function('Tensor.__getitem__', [shape], kwargs={'index': index})
    for index, shape, why in [([5], [3, 2], 'index out of range'), ([0, 0, 0], [2, 3], 'too many indices'),
                              (['::-1'], [5], 'negative step'),
                              ([':', -4], [2, 3], 'negative index out of range')]:
        function('Tensor.__getitem__', [shape], kwargs={'index': index}, note=f'invalid: {why}')
    # elementwise with broadcasting
    good = [([2, 3, 4], [2, 3, 4]), ([2, 3, 4], [4]), ([2, 3, 4], [3, 1]), ([2, 1, 4], [3, 1]), ([2, 3], []),
            ([], [2, 3]), ([4, 1], [1, 5]), ([1], [2, 3]), ([5, 1, 1], [1, 3, 2]), ([2, 3, 4, 5], [4, 1]),
            ([], [])]
    bad = [([2, 3], [4]), ([2, 3, 4], [2, 4]), ([3, 2], [2, 3])]
    # `a + b`, `a - b`, `a * b`, `a / b` are recorded under the engine's names Tensor.add/sub/mul/div (same rule,
    # same torch semantics: torch.Tensor.add(a, b) is what a + b calls); a Python scalar operand is the shape [].
    for op in ['add', 'sub', 'mul', 'div']:
        for a, b in good:
            function(f'Tensor.{op}', [a, b])
        for a, b in (bad if op == 'add' else bad[:1]):
            function(f'Tensor.{op}', [a, b], note='invalid: broadcast')
    function('torch.add', [[2, 3, 4], [3, 1]])
    function('torch.add', [[2, 3], [2, 3]], kwargs={'alpha': 2})
    function('torch.mul', [[4, 1], [1, 5]])
    function('torch.sub', [[2, 3], []])
    function('torch.div', [[2, 3, 4], [4]], kwargs={'rounding_mode': 'floor'})
    function('torch.mul', [[2, 3], [3, 2]], note='invalid: broadcast')


def edge_cases():
    """Corners where PyTorch's behaviour is easy to get wrong: one-entry tuples, scalars, crops, empty outputs."""
    module('Conv2d', [3, 4, 3], {'stride': [2]}, [[1, 3, 8, 8]], note='one-entry stride tuple')
    module('Conv2d', [3, 4, [3]], inputs=[[1, 3, 8, 8]], note='invalid: one-entry kernel tuple')
    module('Conv2d', [3, 4, 3], {'padding': [1, 2, 3]}, [[1, 3, 8, 8]], note='invalid: padding length')
    module('MaxPool2d', [[3]], inputs=[[1, 3, 8, 8]], note='one-entry kernel tuple')
    module('AvgPool2d', [[3]], inputs=[[1, 3, 8, 8]], note='one-entry kernel tuple')
    module('Conv1d', [2, 2, 3], {'padding': 4, 'padding_mode': 'circular'}, [[1, 2, 4]], note='circular pad = input')
    module('Conv1d', [2, 2, 3], {'padding': 5, 'padding_mode': 'circular'}, [[1, 2, 4]], note='invalid: circular pad > input')
    module('Conv1d', [2, 2, 3], {'padding': 9, 'padding_mode': 'replicate'}, [[1, 2, 4]], note='replicate pad > input')
    module('Conv1d', [2, 2, 3], {'padding': 3, 'padding_mode': 'reflect'}, [[1, 2, 4]], note='reflect pad = input - 1')
    module('Conv1d', [2, 2, 4], {'padding': 'same', 'padding_mode': 'reflect'}, [[1, 2, 6]])
    module('MaxPool1d', [4, 1, 2], inputs=[[1, 1, 1]], note='kernel > input but fits the padding')
    module('AvgPool1d', [4, 1, 2], inputs=[[1, 1, 1]], note='kernel > input but fits the padding')
    module('MaxPool1d', [3, 2, 1], {'dilation': 2, 'ceil_mode': True}, [[1, 1, 8]])
    module('AvgPool1d', [3, 2], {'ceil_mode': True}, [[2, 6]], note='unbatched')
    function('F.max_pool2d', [[1, 1, 5, 5]], [2, None], note='stride None')
    module('Softmax', [0], inputs=[[]], note='scalar')
    module('PReLU', [3], inputs=[[2, 3]])
    module('PReLU', inputs=[[]], note='scalar')
    module('Hardtanh', [1.5, 1.5], inputs=[[2]], note='invalid: min = max')
    module('Identity', inputs=[[]], note='scalar')
    module('Flatten', [0], inputs=[[]], note='scalar')
    module('Unflatten', [1, [-1, -1]], inputs=[[2, 6]], note='invalid: two -1')
    module('Bilinear', [2, 3, 4], inputs=[[2], [2, 3]], note='invalid: ranks differ')
    module('LazyLinear', [3], inputs=[[]], note='invalid: scalar')
    module('Upsample', [], {'scale_factor': 0.3}, [[1, 1, 5, 5]])
    module('Upsample', [], {'scale_factor': 0.1}, [[1, 1, 5, 5]], note='invalid: output 0')
    function('F.interpolate', [[1, 1, 5, 7]], kwargs={'scale_factor': 0.5, 'mode': 'area'})
    function('F.interpolate', [[1, 1, 3, 3]], kwargs={'scale_factor': 2.5, 'mode': 'bilinear', 'recompute_scale_factor': True})
    function('F.interpolate', [[1, 1, 7, 9]], kwargs={'scale_factor': 1.1})
    function('F.interpolate', [[1, 1, 3, 3]], kwargs={'scale_factor': 2, 'align_corners': True}, note='invalid: align_corners with nearest')
    function('F.interpolate', [[1, 1, 3, 3]], kwargs={'size': 0}, note='invalid: size 0')
    function('F.interpolate', [[1, 1, 3, 3]], kwargs={'scale_factor': [2, 2, 2]}, note='invalid: scale_factor length')
    module('AdaptiveAvgPool2d', [-1], inputs=[[1, 1, 3, 3]], note='invalid: negative output size')
    module('AdaptiveAvgPool1d', [[3]], inputs=[[1, 1, 7]], note='one-entry tuple')
    module('PixelShuffle', [1], inputs=[[1, 3, 2, 2]])
    module('ConstantPad1d', [-1, 0.0], inputs=[[1, 2, 5]], note='negative pad crops')
    module('ReflectionPad1d', [[-1, 2]], inputs=[[1, 2, 5]], note='negative pad crops')
    module('ReplicationPad2d', [-1], inputs=[[1, 2, 5, 5]], note='negative pad crops')
    module('ZeroPad2d', [1], inputs=[[1, 1, 2, 3, 3]], note='5-d input: pads the last two dims')
    module('ConstantPad2d', [1, 0.0], inputs=[[5]], note='invalid: pad longer than rank')
    module('LayerNorm', [[]], inputs=[[2, 3]], note='invalid: empty normalized_shape')
    module('GroupNorm', [2, 4], inputs=[[4]], note='invalid: 1-d input')
    module('InstanceNorm1d', [4], {'track_running_stats': True}, [[2, 5, 7]], note='invalid: channels with running stats')
    module('LSTM', [4, 6], {'proj_size': 2, 'bidirectional': True}, [[3, 4]], note='unbatched')
    module('RNN', [4, 6], inputs=[[4]], note='invalid: 1-d input')
    module('MultiheadAttention', [4, 2], inputs=[[4], [4], [4]], note='invalid: 1-d query')
    module('Dropout2d', inputs=[[3, 4]], note='2-d input')
    module('Dropout3d', inputs=[[3, 4, 5]], note='3-d input')
    module('FeatureAlphaDropout', inputs=[[3, 4]], note='2-d input')
    module('AlphaDropout', [1.0], inputs=[[3, 4]])
    function('Tensor.mean', [[]], [0], note='scalar')
    function('Tensor.sum', [[2, 3]], [[0, 1]], {'keepdim': True})
    function('Tensor.squeeze', [[]], note='scalar')
    function('Tensor.squeeze', [[]], [0], note='scalar')
    function('Tensor.unsqueeze', [[]], [-1], note='scalar')
    function('Tensor.view', [[]], [-1], note='scalar')
    function('Tensor.reshape', [[1, 1]], [[]], note='to scalar')
    function('Tensor.transpose', [[5]], [0, -1], note='1-d')
    function('Tensor.view', [[2, 3]], [0, -1], note='invalid: 0 with -1')
    function('torch.stack', [[], []], as_list=True, note='scalars')
    function('torch.cat', [[], []], as_list=True, note='invalid: scalars')
    function('Tensor.__getitem__', [[2, 3]], kwargs={'index': [None, '...', None]})
    function('Tensor.__getitem__', [[5]], kwargs={'index': ['-10:']})
    function('Tensor.__getitem__', [[5, 6]], kwargs={'index': ['1:4:2', -3]})


def random_sweep_cases():
    """Seeded random window layers on small inputs: the output-size arithmetic (floors, ceil_mode's dropped window,
    dilation, output_padding) on configurations nobody picked by hand. Some raise; both outcomes are recorded."""
    rng = random.Random(1234)
    for i in range(30):
        k, s, d = rng.randint(1, 5), rng.randint(1, 4), rng.choice([1, 1, 2])
        p = rng.randint(0, k)
        size = rng.randint(1, 12)
        module('Conv2d', [2, 4, [k, rng.randint(1, 4)]], {'stride': [s, rng.randint(1, 3)], 'padding': [p, 0], 'dilation': [d, 1]},
               [[1, 2, size, rng.randint(4, 12)]], note=f'random {i}', either=True)
    for i in range(20):
        k, s, p, op = rng.randint(1, 5), rng.randint(1, 3), rng.randint(0, 2), rng.randint(0, 2)
        module('ConvTranspose1d', [2, 3, k], {'stride': s, 'padding': p, 'output_padding': op, 'dilation': rng.choice([1, 2])},
               [[1, 2, rng.randint(1, 6)]], note=f'random {i}', either=True)
    for name in ['MaxPool2d', 'AvgPool2d']:
        for i in range(25):
            k, s = rng.randint(1, 5), rng.randint(1, 4)
            kwargs = {'stride': s, 'padding': rng.randint(0, k // 2 + (1 if i % 7 == 0 else 0)), 'ceil_mode': rng.random() < 0.6}
            if name == 'MaxPool2d' and rng.random() < 0.3:
                kwargs['dilation'] = 2
            if name == 'AvgPool2d':
                kwargs['count_include_pad'] = rng.random() < 0.5
            size = rng.randint(1, 11)
            module(name, [k], kwargs, [[1, 2, size, size + rng.randint(0, 3)]], note=f'random {i}', either=True)
    for i in range(10):
        k, s, p = rng.randint(1, 3), rng.randint(1, 3), rng.randint(0, 1)
        module('Conv3d', [2, 2, k], {'stride': s, 'padding': p, 'dilation': rng.choice([1, 2])},
               [[1, 2, rng.randint(1, 6), rng.randint(2, 6), rng.randint(2, 6)]], note=f'random {i}', either=True)
    for i in range(10):
        k, s, g = rng.randint(1, 4), rng.randint(1, 3), rng.choice([1, 2])
        module('ConvTranspose2d', [4, 2, k], {'stride': s, 'padding': rng.randint(0, 2), 'groups': g,
                                              'output_padding': rng.randint(0, s - 1)},
               [[1, 4, rng.randint(1, 5), rng.randint(1, 5)]], note=f'random {i}', either=True)
    for name in ['AvgPool1d', 'MaxPool3d']:
        for i in range(10):
            k = rng.randint(1, 4)
            module(name, [k, rng.randint(1, 3), rng.randint(0, k // 2)], {'ceil_mode': rng.random() < 0.6},
                   [[1, 2] + [rng.randint(2, 9) for _ in range(1 if name == 'AvgPool1d' else 3)]], note=f'random {i}', either=True)
    for i in range(12):
        # float scale factors: PyTorch floors size · scale in double precision (7 · 1.1 = 7.7 → 7)
        scale = rng.choice([0.3, 0.5, 0.7, 1.1, 1.3, 1.5, 1.7, 2.5, 3.3])
        mode = rng.choice(['nearest', 'bilinear', 'bicubic', 'area'])
        kwargs = {'scale_factor': scale, 'mode': mode}
        if mode in ('bilinear', 'bicubic') and rng.random() < 0.5:
            kwargs['align_corners'] = True
        function('F.interpolate', [[1, 1, rng.randint(1, 13), rng.randint(1, 13)]], kwargs=kwargs, note=f'random {i}',
                 either=True)
    for i in range(8):
        module('AdaptiveAvgPool3d', [[rng.randint(1, 4), None, rng.randint(1, 5)]],
               inputs=[[2, rng.randint(1, 6), rng.randint(1, 6), rng.randint(1, 6)]], note=f'random {i}')
        module('AdaptiveMaxPool1d', [rng.randint(1, 9)], inputs=[[1, 2, rng.randint(1, 9)]], note=f'random {i}')
    for i in range(12):
        a = [rng.choice([1, 1, 3]) for _ in range(rng.randint(0, 3))]
        b = [rng.choice([1, 3, 3]) for _ in range(rng.randint(0, 3))]
        function('Tensor.mul', [a, b], note=f'random {i}', either=True)
    for i in range(15):
        # recurrent layers: every combination of depth, direction, layout, bias and projection
        name = rng.choice(['RNN', 'LSTM', 'GRU'])
        hidden = rng.randint(2, 9)
        kwargs = {'num_layers': rng.randint(1, 3), 'bidirectional': rng.random() < 0.5,
                  'batch_first': rng.random() < 0.5, 'bias': rng.random() < 0.7}
        if name == 'LSTM' and rng.random() < 0.5:
            kwargs['proj_size'] = rng.randint(1, hidden - 1)
        steps, batch = rng.randint(1, 5), rng.randint(1, 3)
        shape = rng.choice([[steps, 3], [batch, steps, 3] if kwargs['batch_first'] else [steps, batch, 3]])
        module(name, [3, hidden], kwargs, [shape], note=f'random {i}')
    for i in range(10):
        heads = rng.choice([1, 2, 4])
        kwargs = {'batch_first': rng.random() < 0.5, 'bias': rng.random() < 0.7, 'add_bias_kv': rng.random() < 0.3,
                  'add_zero_attn': rng.random() < 0.3}
        kdim, vdim = rng.choice([8, 5]), rng.choice([8, 3])
        if kdim != 8 or vdim != 8:
            kwargs.update(kdim=kdim, vdim=vdim)
        target, source, batch = rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 3)
        seq = (lambda length, dim: [batch, length, dim] if kwargs['batch_first'] else [length, batch, dim])
        inputs = [seq(target, 8), seq(source, kdim), seq(source, vdim)] if rng.random() < 0.7 else \
            [[target, 8], [source, kdim], [source, vdim]]
        module('MultiheadAttention', [8, heads], kwargs, inputs, note=f'random {i}')
    for i in range(6):
        layer = rng.choice(['TransformerEncoderLayer', 'TransformerDecoderLayer'])
        kwargs = {'batch_first': rng.random() < 0.5, 'norm_first': rng.random() < 0.5,
                  'activation': rng.choice(['relu', 'gelu'])}
        length, batch = rng.randint(1, 4), rng.randint(1, 3)
        seq = (lambda n: [batch, n, 8] if kwargs['batch_first'] else [n, batch, 8])
        inputs = [seq(length)] if layer == 'TransformerEncoderLayer' else [seq(length), seq(rng.randint(1, 4))]
        module(layer, [8, rng.choice([1, 2, 4]), rng.randint(4, 16)], kwargs, inputs, note=f'random {i}')
    for i in range(12):
        out = [rng.randint(1, 8), rng.choice([None, rng.randint(1, 8)])]
        module(rng.choice(['AdaptiveAvgPool2d', 'AdaptiveMaxPool2d']), [out], inputs=[[1, 2, rng.randint(1, 9), rng.randint(1, 9)]],
               note=f'random {i}', either=True)


def more_engine_cases():
    """Layers and operations the engine knows beyond the first list: the same exactness applies to them."""
    function('F.linear', [[3, 10], [20, 10]])
    function('F.linear', [[2, 3, 10], [20, 10], [20]])
    function('F.linear', [[10], [20, 10]], note='unbatched')
    function('F.linear', [[3, 11], [20, 10]], note='invalid: features')
    for rank, shape in [(1, [4, 3, 5]), (2, [2, 3, 4, 4]), (3, [2, 3, 2, 2, 2])]:
        module(f'LazyBatchNorm{rank}d', inputs=[shape])
    module('LazyBatchNorm2d', [], {'affine': False}, [[2, 3, 4, 4]])
    module('LazyBatchNorm2d', inputs=[[3, 4, 4]], note='invalid: 3-d input')
    function('F.dropout1d', [[2, 3, 4]], [0.2])
    function('F.dropout1d', [[2, 3, 4, 5]], note='invalid: rank')
    function('F.dropout2d', [[2, 3, 4, 5]])
    function('F.dropout3d', [[2, 3, 2, 4, 4]], kwargs={'p': 0.1})
    function('F.alpha_dropout', [[4, 10]], [0.2])
    function('F.feature_alpha_dropout', [[2, 3, 4, 5]], [0.2])
    for op in ['relu', 'sigmoid', 'tanh']:
        function(f'torch.{op}', [[2, 3]])
        function(f'Tensor.{op}', [[2, 3, 4]])
    module('Softmin', [1], inputs=[[2, 3]])
    module('Softmin', [2], inputs=[[2, 3]], note='invalid: dim')
    function('F.softmin', [[2, 3, 4]], [-1])
    function('torch.softmax', [[2, 3]], [1])
    function('torch.log_softmax', [[2, 3]], kwargs={'dim': 0})
    function('Tensor.softmax', [[2, 3, 4]], [-1])
    function('Tensor.log_softmax', [[2, 3, 4]], [1])
    function('Tensor.softmax', [[2, 3]], [2], note='invalid: dim')
    function('torch.reshape', [[2, 3, 4]], [[6, -1]])
    function('torch.reshape', [[2, 3, 4]], [[5, -1]], note='invalid: -1 does not divide')
    function('torch.permute', [[2, 3, 4]], [[2, 0, 1]])
    function('torch.transpose', [[2, 3, 4]], [0, 2])
    function('torch.squeeze', [[2, 1, 3]])
    function('torch.squeeze', [[2, 1, 3]], [1])
    function('torch.unsqueeze', [[2, 3]], [1])
    function('torch.unsqueeze', [[2, 3]], [5], note='invalid: dim')
    function('torch.mean', [[2, 3, 4]], [[1, 2]])
    function('torch.mean', [[2, 3, 4]])
    function('torch.sum', [[2, 3, 4]], kwargs={'dim': 0, 'keepdim': True})
    function('torch.sum', [[2, 3, 4]], [4], note='invalid: dim')
    function('F.pixel_shuffle', [[1, 8, 3, 3]], [2])
    function('F.pixel_unshuffle', [[1, 2, 7, 6]], [3], note='invalid: height')
    function('F.pixel_unshuffle', [[1, 2, 6, 6]], [2])
    function('Tensor.contiguous', [[2, 3]])
    function('F.pad', [[1, 2, 3]], [[1, 2]])
    function('F.pad', [[1, 2, 3, 3]], [[1, 1, 2, 0]], {'mode': 'reflect'})
    function('F.pad', [[1, 2, 3, 3]], [[1, 1, 1, 1]], {'mode': 'replicate'})
    function('F.pad', [[1, 2, 3, 3]], [[2, 2, 1, 1]], {'mode': 'circular'})
    function('F.pad', [[1, 2, 3, 3]], [[2, 2]], {'mode': 'circular'}, note='invalid: circular pads every spatial dim')
    function('F.pad', [[2, 3]], [[1, 1, 1, 1]], {'value': 1.0})
    function('F.pad', [[2, 3]], [[1, 1, 1, 1, 1, 1]], {'value': 1.0}, note='invalid: pad longer than rank')
    function('F.pad', [[1, 2, 3]], [[3, 3]], {'mode': 'reflect'}, note='invalid: reflect pad >= input')
    function('F.pad', [[1, 2, 3]], [[1, 1, 1]], note='invalid: odd pad length')
    module('UpsamplingNearest2d', [], {'scale_factor': 2}, [[1, 3, 4, 4]])
    module('UpsamplingNearest2d', [[5, 6]], inputs=[[1, 3, 4, 4]])
    module('UpsamplingBilinear2d', [], {'scale_factor': 3}, [[1, 3, 2, 2]])
    module('UpsamplingBilinear2d', [], {'scale_factor': 2}, [[3, 2, 2]], note='invalid: 3-d input')
    module('EmbeddingBag', [10, 3], inputs=[[2, 4]], dtype='long')
    module('EmbeddingBag', [10, 3], {'mode': 'sum'}, [[5, 2]], dtype='long')
    module('EmbeddingBag', [10, 3], {'mode': 'max'}, [[5, 2]], dtype='long')
    module('EmbeddingBag', [10, 3], inputs=[[4]], dtype='long', note='invalid: 1-d input without offsets')
    module('EmbeddingBag', [10, 3], {'mode': 'median'}, [[2, 4]], dtype='long', note='invalid: mode')
    for x, y in [([3], [3]), ([2, 3], [3]), ([3], [3, 4]), ([2, 3], [3, 4]), ([5, 2, 3], [3, 4]), ([5, 2, 3], [5, 3, 4]),
                 ([2, 1, 2, 3], [4, 3, 2])]:
        function('torch.matmul', [x, y])
    function('Tensor.matmul', [[4, 2, 3], [3]])
    function('torch.matmul', [[2, 3], [4, 5]], note='invalid: inner sizes')
    function('torch.matmul', [[], [3]], note='invalid: scalar')
    function('torch.matmul', [[2, 2, 3], [3, 3, 4]], note='invalid: batch broadcast')


FAMILIES = [conv_cases, linear_cases, pool_cases, adaptive_cases, norm_cases, dropout_cases, activation_cases,
            upsample_cases, padding_cases, pixel_shuffle_cases, embedding_cases, recurrent_cases, attention_cases,
            tensor_op_cases, edge_cases, random_sweep_cases, more_engine_cases]


# ─────────────────────────────────────────────── running a case ─────────────────────────────────────────────────
def to_torch_value(v):
    """JSON-ish value → what the call gets: lists become tuples (PyTorch's own convention for sizes)."""
    if isinstance(v, list):
        return tuple(to_torch_value(x) for x in v)
    return v


def index_item(item):
    """One entry of a slicing index: int, 'start:stop:step', '...' or None."""
    if item is None or isinstance(item, int):
        return item
    if item == '...':
        return Ellipsis
    parts = [int(p) if p.strip() else None for p in item.split(':')]
    return slice(*parts)


# Tensor dtypes a case may ask for; 'grad' is a float leaf that requires grad (x.retain_grad() raises on any other).
DTYPES = {'float': torch.float32, 'long': torch.long, 'bool': torch.bool, 'double': torch.float64, 'grad': torch.float32}


def make_tensor(shape, dtype, fill=0):
    """Zeros of the shape (or `fill`: data_dependent cases run again on ones)."""
    if is_number(shape):
        return shape  # a Python number where a tensor goes
    if fill:
        return torch.full(shape, fill, dtype=DTYPES[dtype], requires_grad=dtype == 'grad')
    return torch.zeros(shape, dtype=DTYPES[dtype], requires_grad=dtype == 'grad')


def input_dtypes(spec):
    """One dtype per input: a case gives one for all, or a list."""
    return spec['dtype'] if isinstance(spec['dtype'], list) else [spec['dtype']] * len(spec['inputs'])


# ── Extension points for the family generators (scripts/conformance/gen_*.py) ──
# CALLABLES: type → callable(*tensors, *args, **kwargs), for ops whose torch signature does not start with all its
# tensors (torch.gather(input, dim, index), torch.einsum(equation, *operands)); see interleaved().
# FORMULAS: type → formula(spec, module, tensors, out) of MACs in ShapeLens' convention, for types formula_macs
# does not list. FORMULA_ONLY: types whose profiler count is torch's implementation rather than the op's convention
# (einsum contracts through bmm after summing some labels away first): the formula is recorded, marked 'formula'.
CALLABLES = {}
FORMULAS = {}
FORMULA_ONLY = set()


def interleaved(fn, pattern, names=()):
    """A callable for CALLABLES: `pattern` says, slot by slot, whether torch's signature takes the next tensor ('T') or
    the next value ('V') there; the tensors and values left over follow in that order. interleaved(torch.gather,
    'TVT') calls torch.gather(x, dim, index) from a case's tensors (x, index) and args (dim,). When the values run
    out first (dim given by keyword), the tensors still to place go by keyword: `names` names the T slots."""
    def call(*positional, **kwargs):
        count = sum(isinstance(p, torch.Tensor) for p in positional)
        tensors, values = list(positional[:count]), list(positional[count:])
        ordered, t_slot = [], 0
        for slot in pattern:
            if slot == 'V' and not values and tensors and names:
                kwargs.update(zip(names[t_slot:], tensors))
                tensors = tensors[len(names) - t_slot:]
                break
            source = tensors if slot == 'T' else values
            if not source:
                break
            ordered.append(source.pop(0))
            t_slot += slot == 'T'
        return fn(*ordered, *tensors, *values, **kwargs)
    return call


def make_tensors(spec, fill=0):
    """The inputs: zeros (or `fill`) of each shape, in one dtype or (a list) one dtype per input."""
    return [make_tensor(s, d, fill) for s, d in zip(spec['inputs'], input_dtypes(spec))]


def callable_for(spec):
    """The PyTorch callable of a function case: F.x, torch.x (torch.linalg.x) or Tensor.x."""
    if spec['type'] in CALLABLES:
        return CALLABLES[spec['type']]
    prefix, name = spec['type'].split('.', 1)
    if prefix == 'F':
        return getattr(F, name)
    if prefix == 'torch':
        return functools.reduce(getattr, name.split('.'), torch)  # torch.nn.init.normal_ too
    if prefix == 'Tensor':
        if name == '__getitem__':
            return lambda x, index: x[tuple(index_item(i) for i in index)]
        return getattr(torch.Tensor, name)
    raise ValueError(spec['type'])


def shape_of(result):
    """Output shape as the fixture stores it: a list, {"tuple": [...]} for tuples, None for None."""
    if result is None:
        return None
    if isinstance(result, torch.Tensor):
        return list(result.shape)
    if isinstance(result, (tuple, list)):
        return {'tuple': [shape_of(r) for r in result]}
    raise TypeError(f'unexpected output {type(result)}')


def count_params(m):
    try:
        return sum(p.numel() for p in m.parameters() if p.requires_grad)
    except ValueError:  # a Lazy module whose forward failed: its parameters were never materialized
        return None


def count_buffers(m):
    try:
        return sum(b.numel() for b in m.buffers())
    except ValueError:  # a Lazy module whose forward failed: its buffers were never materialized
        return None


MATMUL_OPS = {'aten::conv2d', 'aten::addmm', 'aten::mm', 'aten::bmm', 'aten::baddbmm'}


def profiler_macs(prof):
    """The profiler's multiply-accumulates: FLOPs of the matrix ops it knows, halved."""
    flops = sum(e.flops for e in prof.key_averages() if e.key in MATMUL_OPS and e.flops)
    assert flops % 2 == 0
    return flops // 2


def prod(xs):
    return math.prod(int(x) for x in xs)


def formula_macs(spec, m, tensors, out):
    """ShapeLens' MACs convention, written out per layer. Bias is never counted."""
    if spec['type'] in FORMULAS:
        return FORMULAS[spec['type']](spec, m, tensors, out)
    t = spec['type'].replace('Lazy', '')
    x = tensors[0] if tensors else None  # creation ops (torch.zeros(2, 3)) take no tensor
    if t in ('Conv1d', 'Conv2d', 'Conv3d'):
        # every output element: (C_in/groups) · ∏kernel multiply-accumulates; weight is (C_out, C_in/g, *k)
        return out.numel() * prod(m.weight.shape[1:])
    if t in ('F.conv1d', 'F.conv2d', 'F.conv3d'):
        return out.numel() * prod(tensors[1].shape[1:])
    if t.startswith('ConvTranspose'):
        # every input element is scattered through (C_out/groups) · ∏kernel weights; weight is (C_in, C_out/g, *k)
        return x.numel() * prod(m.weight.shape[1:])
    if t.startswith('F.conv_transpose'):
        return x.numel() * prod(tensors[1].shape[1:])
    if t == 'Linear':
        return out.numel() * m.in_features
    if t == 'F.linear':
        return out.numel() * tensors[1].shape[-1]
    if t in ('torch.matmul', 'Tensor.matmul'):
        # every output element is one dot product over the shared (last of x) dimension
        return max(out.numel(), 1) * x.shape[-1]
    if t == 'Bilinear':
        # torchinfo's convention: the weight (out · in1 · in2) once per sample
        return out.numel() * m.in1_features * m.in2_features
    if t in ('RNN', 'LSTM', 'GRU'):
        # each weight matrix (W_ih, W_hh, and LSTM's W_hr) is applied once per time step and sequence
        steps, batch = rnn_steps_and_batch(m, x)
        weights = sum(p.numel() for name, p in m.named_parameters() if name.startswith('weight_'))
        return steps * batch * weights
    if t == 'MultiheadAttention':
        return mha_macs(m, *tensors)
    if t == 'TransformerEncoderLayer':
        return mha_macs(m.self_attn, x, x, x) + ffn_macs(m, x)
    if t == 'TransformerDecoderLayer':
        memory = tensors[1]
        return mha_macs(m.self_attn, x, x, x) + mha_macs(m.multihead_attn, x, memory, memory) + ffn_macs(m, x)
    return 0  # pooling, activations, norms, reshapes, padding, dropout, upsampling, elementwise ops


def rnn_steps_and_batch(m, x):
    if x.dim() == 2:
        return x.shape[0], 1
    return (x.shape[1], x.shape[0]) if m.batch_first else (x.shape[0], x.shape[1])


def tokens(t, batch_first):
    """(sequence length, batch) of an attention input, batched or not."""
    if t.dim() == 2:
        return t.shape[0], 1
    return (t.shape[1], t.shape[0]) if batch_first else (t.shape[0], t.shape[1])


def mha_macs(m, q, k, v):
    """Projections of q, k, v and the output, plus the two attention products Q·Kᵀ and A·V."""
    e = m.embed_dim
    target, batch = tokens(q, m.batch_first)
    source, _ = tokens(k, m.batch_first)
    attended = source + (1 if m.bias_k is not None else 0) + (1 if m.add_zero_attn else 0)
    projections = batch * (target * e * e + source * e * m.kdim + source * e * m.vdim + target * e * e)
    attention = 2 * batch * target * attended * e  # summed over heads: heads · head_dim = embed_dim
    return projections + attention


def ffn_macs(m, x):
    target, batch = tokens(x, m.self_attn.batch_first)
    return 2 * target * batch * m.linear1.in_features * m.linear1.out_features


def describe(v):
    if isinstance(v, str):
        return f"'{v}'"
    if v is None:
        return 'None'
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, list):
        return '(' + ','.join(describe(x) for x in v) + (',)' if len(v) == 1 else ')')
    return repr(v)


def case_id(spec):
    parts = [describe(a) for a in spec['args']] + [f'{k}={describe(v)}' for k, v in spec['kwargs'].items()]
    shapes = ','.join(repr(s) if is_number(s) else 'x'.join(map(str, s)) if s else 'scalar' for s in spec['inputs'])
    if spec.get('as_list'):
        shapes = f'[{shapes}]'
    note = f' [{spec["note"]}]' if spec['note'] else ''
    return f'{spec["type"]}({", ".join(parts)}) @ {shapes}{note}'


def run(spec):
    torch.manual_seed(0)
    tensors = make_tensors(spec)
    args = [to_torch_value(a) for a in spec['args']]
    kwargs = {k: to_torch_value(v) for k, v in spec['kwargs'].items()}
    m, stage = None, 'construct'
    try:
        if spec['kind'] == 'module':
            m = getattr(nn, spec['type'])(*args, **kwargs)
            call = lambda: m(*tensors)  # noqa: E731
        else:
            fn = callable_for(spec)
            call = (lambda: fn(tensors, *args, **kwargs)) if spec.get('as_list') else (lambda: fn(*tensors, *args, **kwargs))
        stage = 'forward'
        with FORWARD_MODE(), profile(with_flops=True) as prof:
            out = call()
    except Exception as e:  # noqa: BLE001 — every PyTorch complaint is a recorded outcome
        message = ' '.join(str(e).split())
        return dict(ok=False, output_shape=None, params=count_params(m) if m is not None else None,
                    buffers=count_buffers(m) if m is not None else None, macs=None, macs_source=None,
                    error={'type': type(e).__name__, 'stage': stage, 'message': message[:400]})
    params = count_params(m) if m is not None else 0
    buffers = count_buffers(m) if m is not None else 0
    primary = out
    while isinstance(primary, (tuple, list)) and primary:  # an empty tuple (broadcast_tensors()) stays one
        primary = primary[0]
    formula = formula_macs(spec, m, tensors, primary)
    measured = profiler_macs(prof)
    if spec['type'] in ('Bilinear', 'F.bilinear') and measured:
        # the profiler's extra term is exactly the second contraction (x1·W)·x2: batch · out · in2
        in2 = m.in2_features if m is not None else tensors[2].shape[2]
        if measured != formula + primary.numel() * in2:
            raise SystemExit(f'Bilinear: profiler {measured} is not formula {formula} + batch·out·in2')
        macs, source = formula, 'formula'
    elif measured and spec['type'] not in FORMULA_ONLY:
        if measured != formula:
            raise SystemExit(f'MACs formula disagrees with the profiler for {case_id(spec)}: '
                             f'profiler {measured}, formula {formula}')
        macs, source = measured, 'profiler'
    else:
        macs, source = formula, 'formula'
    shape = shape_of(out)
    if spec.get('data_dependent'):
        shape = data_dependent_shape(spec, shape, args, kwargs)
    return dict(ok=True, output_shape=shape, params=params, buffers=buffers, macs=macs,
                macs_source=source, error=None, _verified=bool(measured) and measured == formula)


def data_dependent_shape(spec, shape, args, kwargs):
    """The output shape with every size that only the data decides recorded as '?<name>': the case runs again on
    inputs filled with ones, and the sizes that change are the data's. At least one must change, and the rank and
    every other size must not (else the case does not show what it claims)."""
    ones = make_tensors(spec, fill=1)
    fn = callable_for(spec)
    with FORWARD_MODE():
        again = shape_of(fn(ones, *args, **kwargs) if spec.get('as_list') else fn(*ones, *args, **kwargs))
    name, changed = '?' + spec['data_dependent'], []

    def mark(a, b):
        if isinstance(a, dict):
            if not isinstance(b, dict) or len(a['tuple']) != len(b['tuple']):
                raise SystemExit(f'{case_id(spec)}: the output structure changes with the data')
            return {'tuple': [mark(x, y) for x, y in zip(a['tuple'], b['tuple'])]}
        if isinstance(b, dict) or len(a) != len(b):
            raise SystemExit(f'{case_id(spec)}: the output rank changes with the data ({a} and {b})')
        changed.extend(x for x, y in zip(a, b) if x != y)
        return [x if x == y else name for x, y in zip(a, b)]

    marked = mark(shape, again)
    if not changed:
        raise SystemExit(f'{case_id(spec)}: marked data_dependent but no size changes with the data ({shape})')
    return marked


def generate(families, out, generator=GENERATOR):
    """Runs the case functions `families` with real PyTorch and writes their cases to `out` (one fixture file).
    Other generators (scripts/conformance/gen_*.py) import this module and call it with their own families."""
    # Some torch messages print a Python set ({'zeros', 'reflect', …}); a fixed hash seed keeps them byte-stable.
    if os.environ.get('PYTHONHASHSEED') != '0':
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, 'PYTHONHASHSEED': '0'})
    warnings.simplefilter('ignore')
    torch.manual_seed(0)
    torch.set_num_threads(1)
    SPECS.clear()
    for family in families:
        family()
    cases, seen = [], set()
    verified = 0
    surprises = []  # a case whose note disagrees with torch: the case list needs fixing, not the fixture
    for spec in SPECS:
        cid = case_id(spec)
        if cid in seen:
            raise SystemExit(f'duplicate case {cid}')
        seen.add(cid)
        result = run(spec)
        verified += result.pop('_verified', False)
        expects_error = bool(spec['note'] and spec['note'].startswith('invalid'))
        if expects_error == result['ok'] and not spec['either']:
            surprises.append(f'{cid}: marked {"invalid" if expects_error else "valid"} but torch says '
                             f'{"ok " + json.dumps(result["output_shape"]) if result["ok"] else result["error"]}')
        case = {'id': cid, 'type': spec['type'], 'args': spec['args'], 'kwargs': spec['kwargs'],
                'inputs': [[] if is_number(s) else s for s in spec['inputs']]}
        if any(is_number(s) for s in spec['inputs']):
            case['python_numbers'] = [s if is_number(s) else None for s in spec['inputs']]
        if spec.get('as_list'):
            case['inputs_as_list'] = True
        if spec['dtype'] != 'float':
            case['input_dtype'] = spec['dtype']
        if spec.get('data_dependent'):
            case['data_dependent'] = spec['data_dependent']
        case.update(result)
        cases.append(case)
    if surprises:
        raise SystemExit('\n'.join(surprises))
    cases.sort(key=lambda c: (c['type'], c['id']))
    invalid = sum(not c['ok'] for c in cases)
    lines = ['{',
             f'  "generator": {json.dumps(generator)},',
             f'  "torch_version": {json.dumps(torch.__version__)},',
             f'  "skipped_types": {json.dumps(SKIPPED_TYPES)},',
             '  "cases": [']
    lines += ['    ' + json.dumps(c, separators=(', ', ': ')) + (',' if i < len(cases) - 1 else '')
              for i, c in enumerate(cases)]
    lines += ['  ]', '}']
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    by_source = {}
    for c in cases:
        if c['ok']:
            by_source[c['macs_source']] = by_source.get(c['macs_source'], 0) + 1
    print(f'{len(cases)} cases ({invalid} invalid = {100 * invalid / max(1, len(cases)):.0f}%), '
          f'{len({c["type"] for c in cases})} types; MACs sources {by_source}; '
          f'formula checked against the profiler on {verified} cases; written {os.path.relpath(out)}',
          file=sys.stderr)


def main():
    generate(FAMILIES, OUT)


if __name__ == '__main__':
    main()
