#!/usr/bin/python3
"""Conformance cases for the torch.nn layers added after the first families: the remaining activations (Threshold,
the shrinks, LogSigmoid, Softsign, RReLU, GLU, Softmax2d, the in-place F.x_), normalizations (RMSNorm is 2.x: see
layers-2x.json; LocalResponseNorm, CrossMapLRN2d, LazyInstanceNorm), the recurrent cells, pooling variants (LPPool,
MaxUnpool, FractionalMaxPool, F.*_with_indices), ChannelShuffle and nn.Transformer.

Run with Debian's torch:   /usr/bin/python3 scripts/conformance/gen_layers2.py
Writes test/fixtures/conformance/layers2.json.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import gen_conformance as g  # noqa: E402
from gen_conformance import function, module  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'conformance', 'layers2.json')


def cell_macs(spec, m, tensors, out):
    """One step: each weight matrix (W_ih, W_hh) applied once per sample."""
    x = tensors[0]
    batch = x.shape[0] if x.dim() == 2 else 1
    return batch * sum(p.numel() for name, p in m.named_parameters() if name.startswith('weight_'))


for cell in ('RNNCell', 'LSTMCell', 'GRUCell'):
    g.FORMULAS[cell] = cell_macs


def transformer_macs(spec, m, tensors, out):
    """Every encoder layer on src, every decoder layer on (tgt, memory = the encoder's output, src-shaped)."""
    src, tgt = tensors
    enc = sum(g.mha_macs(layer.self_attn, src, src, src) + g.ffn_macs(layer, src) for layer in m.encoder.layers)
    dec = sum(g.mha_macs(layer.self_attn, tgt, tgt, tgt) + g.mha_macs(layer.multihead_attn, tgt, src, src) + g.ffn_macs(layer, tgt)
              for layer in m.decoder.layers)
    return enc + dec


g.FORMULAS['Transformer'] = transformer_macs


def activation_cases():
    for name, fn, args in [('Threshold', 'F.threshold', [0.1, 20.0]), ('Hardshrink', 'F.hardshrink', []), ('Softshrink', 'F.softshrink', []),
                           ('Tanhshrink', 'F.tanhshrink', []), ('LogSigmoid', 'F.logsigmoid', []), ('Softsign', 'F.softsign', []),
                           ('RReLU', 'F.rrelu', [])]:
        module(name, args, inputs=[[2, 3, 4]])
        module(name, args, inputs=[[]], note='0-d')
        function(fn, [[4, 5]], args)
        function(fn, [[3]], args)
    module('Threshold', [0.1], inputs=[[2, 3]], note='invalid: value missing')
    module('Hardshrink', [0.3], inputs=[[5]])
    module('Softshrink', [0.3], inputs=[[5]])
    module('Softshrink', [-1.0], inputs=[[5]], note='invalid: negative lambda')
    function('F.softshrink', [[5]], [-0.5], note='invalid: negative lambda')
    module('RReLU', [0.1, 0.3, True], inputs=[[2, 5]])
    module('RReLU', [0.5, 0.2], inputs=[[2, 5]], note='invalid: lower > upper')
    function('F.rrelu', [[2, 5]], [0.1, 0.2, True])
    function('F.threshold', [[2, 5]], note='invalid: threshold missing')
    for fn, args in [('F.relu_', []), ('F.elu_', [0.5]), ('F.leaky_relu_', [0.2]), ('F.hardtanh_', [-2.0, 2.0]), ('F.celu_', []),
                     ('F.selu_', []), ('F.rrelu_', []), ('F.threshold_', [0.0, 1.0])]:
        function(fn, [[2, 3]], args)
    function('F.relu_', [[2, 3]], [True], note='invalid: no inplace argument')
    module('GLU', inputs=[[4, 6]])
    module('GLU', [1], inputs=[[2, 8, 3]])
    module('GLU', [0], inputs=[[2, 5]])
    module('GLU', inputs=[[4, 5]], note='invalid: odd')
    module('GLU', inputs=[[]], note='invalid: 0-d')
    module('GLU', [2], inputs=[[4, 6]], note='invalid: dim')
    function('F.glu', [[3, 10]])
    function('F.glu', [[3, 10]], [0], note='invalid: odd')
    module('Softmax2d', inputs=[[2, 3, 4, 5]])
    module('Softmax2d', inputs=[[3, 4, 5]], note='unbatched')
    module('Softmax2d', inputs=[[4, 5]], note='invalid: rank')
    module('Softmax2d', inputs=[[1, 2, 3, 4, 5]], note='invalid: rank')
    function('F.gumbel_softmax', [[4, 10]])
    function('F.gumbel_softmax', [[4, 10]], [0.5, True])
    function('F.gumbel_softmax', [[2, 3, 10]], kwargs={'dim': 1, 'hard': True})
    function('F.gumbel_softmax', [[4, 10]], kwargs={'dim': 2}, note='invalid: dim')


def norm_cases():
    module('LocalResponseNorm', [2], inputs=[[2, 6, 5]])
    module('LocalResponseNorm', [3, 1e-3, 0.5, 2.0], inputs=[[2, 6, 5, 5]])
    module('LocalResponseNorm', [5], inputs=[[1, 6, 3, 4, 4]])
    module('LocalResponseNorm', [2], inputs=[[6, 5]], note='invalid: rank')
    module('CrossMapLRN2d', [3], inputs=[[2, 6, 5, 5]])
    module('CrossMapLRN2d', [3], inputs=[[2, 6, 5]], note='invalid: rank')
    function('F.local_response_norm', [[2, 6, 5, 5]], [3])
    function('F.local_response_norm', [[2, 6]], [3], note='invalid: rank')
    module('LazyInstanceNorm1d', inputs=[[2, 4, 7]])
    module('LazyInstanceNorm2d', inputs=[[2, 4, 5, 5]])
    module('LazyInstanceNorm2d', kwargs={'affine': False, 'track_running_stats': False}, inputs=[[2, 4, 5, 5]])
    module('LazyInstanceNorm3d', inputs=[[1, 3, 3, 3, 3]])
    module('LazyInstanceNorm1d', inputs=[[4, 7]], note='invalid: unbatched takes shape[1] as num_features')
    module('LazyInstanceNorm2d', inputs=[[2, 4, 5]], note='invalid: rank')


def recurrent_cases():
    for cell in ('RNNCell', 'LSTMCell', 'GRUCell'):
        module(cell, [10, 20], inputs=[[3, 10]])
        module(cell, [10, 20], {'bias': False}, [[3, 10]])
        module(cell, [10, 20], inputs=[[10]], note='unbatched')
        module(cell, [10, 20], inputs=[[3, 11]], note='invalid: input_size')
        module(cell, [10, 20], inputs=[[2, 3, 10]], note='invalid: rank')
    module('RNNCell', [10, 20], inputs=[[3, 10], [3, 20]], note='hx')
    module('GRUCell', [10, 20], inputs=[[10], [20]], note='unbatched hx')
    module('RNNCell', [10, 20], {'nonlinearity': 'relu'}, [[3, 10]])
    module('RNNCell', [10, 20], {'nonlinearity': 'gelu'}, [[3, 10]], note='invalid: nonlinearity')
    module('RNNCell', [10, 20], inputs=[[3, 10], [4, 20]], note='invalid: hx batch')
    module('GRUCell', [10, 20], inputs=[[3, 10], [3, 21]], note='invalid: hx size')


def pool_cases():
    module('LPPool1d', [2, 3], inputs=[[2, 4, 10]])
    module('LPPool1d', [1.5, 3, 2], inputs=[[4, 9]], note='unbatched')
    module('LPPool1d', [2, 3, 2, True], inputs=[[1, 2, 8]], note='ceil_mode')
    module('LPPool1d', [2, 11], inputs=[[2, 4, 10]], note='invalid: kernel > input')
    module('LPPool2d', [2, 2], inputs=[[1, 3, 8, 8]])
    module('LPPool2d', [3, [2, 3], [1, 2]], inputs=[[3, 8, 9]], note='unbatched')
    module('LPPool2d', [2, 3], inputs=[[1, 3, 2, 8]], note='invalid: kernel > input')
    module('LPPool2d', [2, 2], inputs=[[8, 8]], note='invalid: rank')
    function('F.lp_pool1d', [[2, 4, 10]], [2, 3])
    function('F.lp_pool2d', [[1, 3, 8, 8]], [2, 2], {'stride': 1})
    function('F.lp_pool2d', [[1, 3, 8, 8]], [2, 9], note='invalid: kernel > input')
    # MaxUnpool: indices from a MaxPool (zeros here: every value goes to position 0).
    long2 = ['float', 'long']
    module('MaxUnpool1d', [2], inputs=[[1, 3, 4], [1, 3, 4]], dtype=long2)
    module('MaxUnpool1d', [3, 2, 1], inputs=[[3, 4], [3, 4]], dtype=long2, note='unbatched')
    module('MaxUnpool1d', [2], inputs=[[1, 3, 4], [1, 3, 5]], dtype=long2, note='invalid: indices shape')
    module('MaxUnpool2d', [2], inputs=[[1, 3, 4, 4], [1, 3, 4, 4]], dtype=long2)
    module('MaxUnpool2d', [3, 2, 1], inputs=[[2, 3, 4, 5], [2, 3, 4, 5]], dtype=long2)
    module('MaxUnpool2d', [2], inputs=[[3, 4, 4], [3, 4, 4]], dtype=long2, note='unbatched')
    module('MaxUnpool2d', [2], inputs=[[4, 4], [4, 4]], dtype=long2, note='invalid: rank')
    module('MaxUnpool3d', [2], inputs=[[1, 2, 2, 3, 3], [1, 2, 2, 3, 3]], dtype=long2)
    module('MaxUnpool3d', [[1, 2, 2]], inputs=[[2, 2, 3, 3], [2, 2, 3, 3]], dtype=long2, note='unbatched')
    module('MaxUnpool3d', [2], inputs=[[2, 3, 3], [2, 3, 3]], dtype=long2, note='invalid: rank')
    function('F.max_unpool1d', [[1, 3, 4], [1, 3, 4]], [2], dtype=long2)
    function('F.max_unpool2d', [[1, 3, 4, 4], [1, 3, 4, 4]], [2], {'output_size': [9, 9]}, dtype=long2)
    function('F.max_unpool2d', [[1, 3, 4, 4], [1, 3, 4, 4]], [2], {'output_size': [1, 3, 8, 9]}, dtype=long2, note='output_size with N, C')
    function('F.max_unpool2d', [[1, 3, 4, 4], [1, 3, 4, 4]], [2], {'output_size': [10, 8]}, dtype=long2, note='invalid: output_size')
    function('F.max_unpool2d', [[1, 3, 4, 4], [1, 3, 4, 4]], [2], {'output_size': [8]}, dtype=long2, note='invalid: output_size length')
    function('F.max_unpool3d', [[1, 2, 2, 3, 3], [1, 2, 2, 3, 3]], [2, 2], dtype=long2)
    # FractionalMaxPool: output_size or output_ratio.
    module('FractionalMaxPool2d', [2], {'output_size': 5}, [[1, 3, 10, 10]])
    module('FractionalMaxPool2d', [3], {'output_ratio': 0.5}, [[2, 3, 10, 12]])
    module('FractionalMaxPool2d', [2], {'output_size': [4, 6], 'return_indices': True}, [[3, 10, 10]], note='unbatched')
    module('FractionalMaxPool2d', [3], {'output_size': 9}, [[1, 3, 10, 10]], note='invalid: pool too large')
    module('FractionalMaxPool2d', [2], inputs=[[1, 3, 10, 10]], note='invalid: neither size nor ratio')
    module('FractionalMaxPool2d', [2], {'output_ratio': 1.5}, [[1, 3, 10, 10]], note='invalid: ratio')
    module('FractionalMaxPool2d', [2], {'output_size': 4, 'output_ratio': 0.5}, [[1, 3, 10, 10]], note='invalid: both')
    module('FractionalMaxPool3d', [2], {'output_size': 3}, [[1, 2, 6, 6, 6]])
    module('FractionalMaxPool3d', [2], {'output_ratio': [0.5, 0.5, 0.75]}, [[2, 6, 6, 8]], note='unbatched')
    module('FractionalMaxPool3d', [2], {'output_size': 6}, [[1, 2, 6, 6, 6]], note='invalid: pool too large')
    function('F.fractional_max_pool2d', [[1, 3, 10, 10]], [2], {'output_size': 5})
    function('F.fractional_max_pool2d_with_indices', [[1, 3, 10, 10]], [2], {'output_ratio': 0.5})
    function('F.fractional_max_pool3d', [[1, 2, 6, 6, 6]], [2], {'output_size': [3, 3, 3], 'return_indices': True})
    function('F.fractional_max_pool3d_with_indices', [[1, 2, 6, 6, 6]], [2], {'output_size': 4})
    function('F.fractional_max_pool2d', [[1, 3, 10, 10]], [2], note='invalid: neither size nor ratio')
    for r, shape in [(1, [1, 3, 8]), (2, [1, 3, 8, 8]), (3, [1, 2, 4, 4, 4])]:
        function(f'F.max_pool{r}d_with_indices', [shape], [2])
        function(f'F.adaptive_max_pool{r}d_with_indices', [shape], [3])
    function('F.max_pool2d_with_indices', [[1, 3, 8, 8]], [3, 2, 2], note='invalid: pad > half kernel')
    function('F.adaptive_max_pool2d_with_indices', [[3, 8]], [2], note='invalid: rank')


def transformer_cases():
    module('Transformer', [16, 2, 2, 1, 32], inputs=[[5, 2, 16], [4, 2, 16]])
    module('Transformer', [16, 4, 1, 2, 24], {'batch_first': True, 'activation': 'gelu'}, [[2, 5, 16], [2, 3, 16]])
    module('Transformer', [8, 2, 1, 1, 16], {'norm_first': True}, [[5, 8], [3, 8]], note='unbatched')
    module('Transformer', [8, 2, 0, 1, 16], inputs=[[5, 2, 8], [3, 2, 8]], note='invalid: no encoder layers')
    module('Transformer', [16, 2, 1, 1, 32], inputs=[[5, 2, 16], [4, 3, 16]], note='invalid: batch')
    module('Transformer', [16, 2, 1, 1, 32], inputs=[[5, 2, 16], [4, 2, 12]], note='invalid: d_model')
    module('Transformer', [16, 3, 1, 1, 32], inputs=[[5, 2, 16], [4, 2, 16]], note='invalid: heads')
    module('Transformer', [8, 2, 1, 1, 16], inputs=[[5, 2, 8], [3, 8]], note='invalid: batched src, unbatched tgt')


def sweep_cases():
    """Valid configurations across the family (keeps the invalid share near a fifth)."""
    for shape in [[8], [2, 6], [2, 4, 6], [1, 2, 4, 6]]:
        for name, args in [('Threshold', [0.5, -1.0]), ('Hardshrink', [1.0]), ('Softshrink', [0.1]), ('Tanhshrink', []),
                           ('LogSigmoid', []), ('Softsign', []), ('RReLU', [0.2, 0.4]), ('GLU', [-1])]:
            module(name, args, inputs=[shape], note='sweep')
    for batch, size, hidden in [(1, 3, 4), (5, 8, 2), (2, 1, 16)]:
        for cell in ('RNNCell', 'LSTMCell', 'GRUCell'):
            module(cell, [size, hidden], inputs=[[batch, size]], note='sweep')
    for size, k, s in [(9, 2, None), (10, 3, 2), (7, 3, 1), (12, 4, 3)]:
        module('LPPool1d', [2, k, s], inputs=[[1, 2, size]], note='sweep')
        module('LPPool2d', [1, k, s], inputs=[[1, 2, size, size + 1]], note='sweep')
        module('MaxUnpool2d', [k, s], inputs=[[1, 2, size, 3], [1, 2, size, 3]], dtype=['float', 'long'], note='sweep')
        module('FractionalMaxPool2d', [2], {'output_size': [size - 2, 3]}, [[1, 2, size, 5]], note='sweep')
    for shape in [[2, 6, 4, 4], [1, 6, 5], [3, 6, 2, 2, 2]]:
        module('LocalResponseNorm', [3], inputs=[shape], note='sweep')
        module('ChannelShuffle', [3], inputs=[shape], note='sweep')
        module('LazyInstanceNorm1d' if len(shape) == 3 else 'LazyInstanceNorm2d' if len(shape) == 4 else 'LazyInstanceNorm3d', inputs=[shape], note='sweep')
    for d, heads, enc, dec, ff, src, tgt in [(8, 1, 1, 1, 8, 3, 2), (12, 3, 2, 1, 16, 4, 4), (8, 4, 1, 2, 12, 2, 5)]:
        module('Transformer', [d, heads, enc, dec, ff], inputs=[[src, 1, d], [tgt, 1, d]], note='sweep')


def main():
    g.generate([activation_cases, norm_cases, recurrent_cases, pool_cases, transformer_cases, sweep_cases], OUT, generator='scripts/conformance/gen_layers2.py')


if __name__ == '__main__':
    main()
