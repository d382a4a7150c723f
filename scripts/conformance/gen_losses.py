#!/usr/bin/python3
"""Conformance cases for the losses (src/engine/layers/losses.ts, classLosses.ts) and the distances (distance.ts).

Run with Debian's torch:   /usr/bin/python3 scripts/conformance/gen_losses.py
Writes test/fixtures/conformance/losses.json. Class-index targets are int64 (dtype lists per input); a function whose
optional tensors come after its values (F.multi_margin_loss's weight) is called the way the engine binds it: the
tensors present fill its tensor slots in order (engine_order below).
"""
import os
import sys

import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_conformance as g  # noqa: E402
from gen_conformance import function, module  # noqa: E402
from calling import engine_order  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'conformance', 'losses.json')

F_LONG = ['float', 'long']  # logits, class indices


# AdaptiveLogSoftmaxWithLoss: the head Linear on every row (the clusters only see rows whose target is theirs: none
# with zero targets).
g.FORMULAS['AdaptiveLogSoftmaxWithLoss'] = lambda spec, m, tensors, out: (
    (tensors[0].shape[0] if tensors[0].dim() == 2 else 1) * m.in_features * m.head_size)
g.CALLABLES['F.multi_margin_loss'] = engine_order(F.multi_margin_loss, 2, ['weight'])


def elementwise_cases():
    for name, fn in [('MSELoss', 'F.mse_loss'), ('L1Loss', 'F.l1_loss'), ('SmoothL1Loss', 'F.smooth_l1_loss'), ('HuberLoss', 'F.huber_loss'),
                     ('SoftMarginLoss', 'F.soft_margin_loss')]:
        module(name, inputs=[[4, 3], [4, 3]])
        module(name, kwargs={'reduction': 'none'}, inputs=[[2, 3, 5], [2, 3, 5]])
        module(name, kwargs={'reduction': 'sum'}, inputs=[[7], [7]])
        module(name, kwargs={'reduction': 'none'}, inputs=[[4, 3], [3]], note='broadcast')
        module(name, kwargs={'reduction': 'none'}, inputs=[[4, 1], [3]], note='broadcast', either=True)
        module(name, kwargs={'reduction': 'batch'}, inputs=[[4], [4]], note='invalid: reduction')
        module(name, inputs=[[4, 3], [4, 2]], note='invalid: shapes do not broadcast')
        function(fn, [[3, 4], [3, 4]])
        function(fn, [[3, 4], [3, 4]], kwargs={'reduction': 'none'})
        function(fn, [[], []], kwargs={'reduction': 'none'}, note='0-d')
        function(fn, [[5, 1], [1, 6]], kwargs={'reduction': 'none'}, note='broadcast', either=True)
        function(fn, [[3, 4], [4, 3]], note='invalid: shapes')
    module('MSELoss', [None, False], inputs=[[4, 3], [4, 3]], note='legacy reduce=False')
    module('MSELoss', [False], inputs=[[4, 3], [4, 3]], note='legacy size_average=False')
    function('F.mse_loss', [[4, 3], [4, 3]], [None, None, 'sum'])
    function('F.l1_loss', [[4, 3], [4, 3]], kwargs={'reduce': False})
    module('SmoothL1Loss', kwargs={'beta': 0.5, 'reduction': 'none'}, inputs=[[2, 3], [2, 3]])
    function('F.smooth_l1_loss', [[2, 3], [2, 3]], kwargs={'beta': 0.0})
    module('HuberLoss', ['none', 2.0], inputs=[[2, 3], [2, 3]])
    function('F.huber_loss', [[2, 3], [2, 3]], ['sum', 0.5])

    # BCE: the target must have the input's size; a weight broadcasts into it.
    for name, fn in [('BCELoss', 'F.binary_cross_entropy'), ('BCEWithLogitsLoss', 'F.binary_cross_entropy_with_logits')]:
        module(name, inputs=[[4, 3], [4, 3]])
        module(name, kwargs={'reduction': 'none'}, inputs=[[2, 3, 5], [2, 3, 5]])
        module(name, kwargs={'reduction': 'sum'}, inputs=[[], []])
        module(name, inputs=[[4, 3], [4, 1]], note='invalid: target size')
        module(name, inputs=[[4, 3], [3]], note='invalid: target size')
        function(fn, [[4, 3], [4, 3]])
        function(fn, [[4, 3], [4, 3], [3]], kwargs={'reduction': 'none'}, note='weight')
        function(fn, [[4, 3], [4, 3], [4, 1]], note='weight')
        function(fn, [[4, 3], [4, 3], [5]], note='invalid: weight')
        function(fn, [[4, 3], [3, 4]], note='invalid: target size')
    # torch.* spellings take ATen's signature: the reduction as an enum int (0 none, 1 mean, 2 sum).
    function('torch.binary_cross_entropy_with_logits', [[4, 3], [4, 3], [3], [4, 3]], [0], note='weight, pos_weight')
    function('torch.binary_cross_entropy_with_logits', [[4, 3], [4, 2]], note='invalid: target size')
    function('torch.kl_div', [[2, 3], [2, 3]], [0])
    function('torch.kl_div', [[2, 3], [2, 3]], [2], {'log_target': True})
    function('torch.poisson_nll_loss', [[5], [5]], [True, False, 1e-8, 0])
    function('torch.poisson_nll_loss', [[5], [5]], [True, False, 1e-8], note='invalid: missing reduction')
    function('torch.cosine_embedding_loss', [[3, 5], [3, 5], [3]], [0.0, 0])
    function('torch.margin_ranking_loss', [[4], [4], [4]], [0.1, 2])
    function('torch.triplet_margin_loss', [[3, 5], [3, 5], [3, 5]], [1.0, 2.0, 1e-6, True, 0])

    # KL divergence: broadcasting, and 'batchmean'.
    module('KLDivLoss', inputs=[[4, 5], [4, 5]])
    module('KLDivLoss', kwargs={'reduction': 'batchmean'}, inputs=[[4, 5], [4, 5]])
    module('KLDivLoss', kwargs={'reduction': 'none', 'log_target': True}, inputs=[[4, 5], [4, 5]])
    module('KLDivLoss', kwargs={'reduction': 'none'}, inputs=[[4, 1], [1, 5]], note='broadcast')
    module('KLDivLoss', kwargs={'reduction': 'avg'}, inputs=[[4, 5], [4, 5]], note='invalid: reduction')
    function('F.kl_div', [[2, 3], [2, 3]], kwargs={'reduction': 'sum'})
    function('F.kl_div', [[2, 3], [2, 3]], kwargs={'reduction': 'batchmean', 'log_target': True})
    function('F.kl_div', [[2, 3], [2, 4]], note='invalid: shapes')

    # Poisson and Gaussian negative log likelihood.
    module('PoissonNLLLoss', inputs=[[4, 3], [4, 3]])
    module('PoissonNLLLoss', [False, True], {'reduction': 'none'}, [[4, 3], [4, 3]])
    module('PoissonNLLLoss', kwargs={'reduction': 'none', 'full': True}, inputs=[[2, 3], [1, 3]], note='broadcast')
    module('PoissonNLLLoss', kwargs={'reduction': 'max'}, inputs=[[4, 3], [4, 3]], note='invalid: reduction')
    function('F.poisson_nll_loss', [[5], [5]], kwargs={'reduction': 'sum'})
    function('F.poisson_nll_loss', [[5], [6]], note='invalid: shapes')
    module('GaussianNLLLoss', inputs=[[4, 3], [4, 3], [4, 3]])
    module('GaussianNLLLoss', kwargs={'reduction': 'none'}, inputs=[[4, 3], [4, 3], [4]], note='homoscedastic var')
    module('GaussianNLLLoss', kwargs={'reduction': 'none', 'full': True}, inputs=[[4, 3], [4, 3], [4, 1]], note='homoscedastic var')
    module('GaussianNLLLoss', kwargs={'reduction': 'none'}, inputs=[[4, 3], [1, 3], [4, 3]], note='broadcast target')
    module('GaussianNLLLoss', inputs=[[4, 3], [4, 3], [3]], note='invalid: var')
    module('GaussianNLLLoss', inputs=[[4, 3], [4, 3], [4, 2]], note='invalid: var')
    function('F.gaussian_nll_loss', [[2, 5], [2, 5], [2, 5]], kwargs={'reduction': 'sum'})
    function('F.gaussian_nll_loss', [[2, 5], [2, 5], [2]], [True, 1e-3, 'none'])
    function('F.gaussian_nll_loss', [[2, 5], [2, 5], [2, 5]], kwargs={'reduction': 'median'}, note='invalid: reduction')

    module('HingeEmbeddingLoss', inputs=[[4, 3], [4, 3]])
    module('HingeEmbeddingLoss', [2.0], {'reduction': 'none'}, [[4, 3], [3]], note='broadcast')
    module('HingeEmbeddingLoss', inputs=[[4, 3], [2]], note='invalid: shapes')
    function('F.hinge_embedding_loss', [[6], [6]], kwargs={'reduction': 'none'})
    function('torch.hinge_embedding_loss', [[6], [6]], [1.0, 0], note='enum reduction')


def class_cases():
    for name, fn in [('CrossEntropyLoss', 'F.cross_entropy'), ('NLLLoss', 'F.nll_loss')]:
        module(name, inputs=[[4, 10], [4]], dtype=F_LONG)
        module(name, kwargs={'reduction': 'none'}, inputs=[[4, 10], [4]], dtype=F_LONG)
        module(name, kwargs={'reduction': 'none'}, inputs=[[10], []], dtype=F_LONG, note='unbatched')
        module(name, kwargs={'reduction': 'none'}, inputs=[[2, 5, 7], [2, 7]], dtype=F_LONG, note='sequence')
        module(name, kwargs={'reduction': 'none'}, inputs=[[2, 5, 3, 4], [2, 3, 4]], dtype=F_LONG, note='2-d')
        module(name, kwargs={'reduction': 'none'}, inputs=[[2, 5, 3, 4, 2], [2, 3, 4, 2]], dtype=F_LONG, note='3-d')
        module(name, kwargs={'reduction': 'sum', 'ignore_index': 0}, inputs=[[2, 5, 3, 4], [2, 3, 4]], dtype=F_LONG)
        module(name, inputs=[[4, 10], [5]], dtype=F_LONG, note='invalid: batch')
        module(name, inputs=[[4, 10], [4, 2]], dtype=F_LONG, note='invalid: multi-target')
        module(name, inputs=[[2, 5, 7], [2, 6]], dtype=F_LONG, note='invalid: target size')
        module(name, inputs=[[2, 5, 3, 4], [2, 3, 3]], dtype=F_LONG, note='invalid: spatial size')
        module(name, inputs=[[2, 5, 3, 4], [2, 12]], dtype=F_LONG, note='invalid: target rank')
        module(name, inputs=[[2, 5, 3, 4, 2], [2, 3, 4]], dtype=F_LONG, note='invalid: target rank')
        module(name, inputs=[[], []], dtype=F_LONG, note='invalid: 0-d input')
        function(fn, [[4, 10], [4]], dtype=F_LONG)
        function(fn, [[4, 10], [4], [10]], kwargs={'reduction': 'none'}, dtype=['float', 'long', 'float'], note='weight')
        function(fn, [[3, 6, 5], [3, 5], [6]], dtype=['float', 'long', 'float'], note='weight')
        function(fn, [[4, 10], [4], [9]], dtype=['float', 'long', 'float'], note='invalid: weight size')
        function(fn, [[4, 10], [4]], kwargs={'reduction': 'mode'}, dtype=F_LONG, note='invalid: reduction')
    module('NLLLoss2d', inputs=[[2, 5, 3, 4], [2, 3, 4]], dtype=F_LONG)
    module('NLLLoss2d', inputs=[[2, 5, 3, 4], [2, 4, 3]], dtype=F_LONG, note='invalid: spatial size')
    # cross entropy: probabilities (target of the input's shape) and label smoothing.
    module('CrossEntropyLoss', kwargs={'reduction': 'none'}, inputs=[[4, 10], [4, 10]], note='probabilities')
    module('CrossEntropyLoss', kwargs={'reduction': 'none'}, inputs=[[2, 5, 3, 4], [2, 5, 3, 4]], note='probabilities')
    module('CrossEntropyLoss', kwargs={'reduction': 'none'}, inputs=[[10], [10]], note='probabilities, unbatched')
    module('CrossEntropyLoss', kwargs={'label_smoothing': 0.1}, inputs=[[4, 10], [4, 10]], note='probabilities')
    module('CrossEntropyLoss', kwargs={'label_smoothing': 0.1, 'reduction': 'none'}, inputs=[[4, 10, 3], [4, 3]], dtype=F_LONG)
    module('CrossEntropyLoss', kwargs={'label_smoothing': 1.5}, inputs=[[4, 10], [4]], dtype=F_LONG, note='invalid: label_smoothing')
    module('CrossEntropyLoss', kwargs={'label_smoothing': 1.5}, inputs=[[4, 10], [4, 10]], note='invalid: label_smoothing')
    module('CrossEntropyLoss', kwargs={'label_smoothing': -0.5}, inputs=[[4, 10], [4]], dtype=F_LONG, note='negative smoothing is ignored')
    module('CrossEntropyLoss', kwargs={'ignore_index': 1}, inputs=[[4, 10], [4, 10]], note='invalid: ignore_index with probabilities')
    function('F.cross_entropy', [[4, 10], [4, 10], [10]], kwargs={'reduction': 'none'}, note='probabilities, weight')
    function('F.cross_entropy', [[4, 10], [4, 10], [4]], note='invalid: weight')
    function('F.cross_entropy', [[4, 10], [4]], kwargs={'label_smoothing': 0.2, 'reduction': 'sum'}, dtype=F_LONG)

    # multi-class and multi-label margins.
    module('MultiMarginLoss', inputs=[[4, 10], [4]], dtype=F_LONG)
    module('MultiMarginLoss', [2], {'reduction': 'none'}, [[4, 10], [4]], dtype=F_LONG)
    module('MultiMarginLoss', kwargs={'reduction': 'none'}, inputs=[[10], []], dtype=F_LONG, note='unbatched')
    module('MultiMarginLoss', kwargs={'reduction': 'none'}, inputs=[[10], [1]], dtype=F_LONG, note='unbatched, 1-d target')
    module('MultiMarginLoss', [3], inputs=[[4, 10], [4]], dtype=F_LONG, note='invalid: p')
    module('MultiMarginLoss', inputs=[[4, 10], [3]], dtype=F_LONG, note='invalid: target size')
    module('MultiMarginLoss', inputs=[[2, 4, 10], [2, 4]], dtype=F_LONG, note='invalid: rank')
    function('F.multi_margin_loss', [[4, 10], [4]], dtype=F_LONG)
    function('F.multi_margin_loss', [[4, 10], [4], [10]], kwargs={'reduction': 'none'}, dtype=['float', 'long', 'float'], note='weight')
    function('F.multi_margin_loss', [[4, 10], [4], [2, 5]], dtype=['float', 'long', 'float'], note='invalid: weight rank')
    module('MultiLabelMarginLoss', inputs=[[4, 10], [4, 10]], dtype=F_LONG)
    module('MultiLabelMarginLoss', kwargs={'reduction': 'none'}, inputs=[[4, 10], [4, 10]], dtype=F_LONG)
    module('MultiLabelMarginLoss', kwargs={'reduction': 'none'}, inputs=[[10], [10]], dtype=F_LONG, note='unbatched')
    module('MultiLabelMarginLoss', inputs=[[4, 10], [4]], dtype=F_LONG, note='invalid: target')
    module('MultiLabelMarginLoss', inputs=[[4, 10], [4, 9]], dtype=F_LONG, note='invalid: target')
    function('F.multilabel_margin_loss', [[3, 5], [3, 5]], kwargs={'reduction': 'sum'}, dtype=F_LONG)
    function('F.multilabel_margin_loss', [[5], [4]], dtype=F_LONG, note='invalid: target')
    module('MultiLabelSoftMarginLoss', inputs=[[4, 10], [4, 10]])
    module('MultiLabelSoftMarginLoss', kwargs={'reduction': 'none'}, inputs=[[4, 10], [4, 10]])
    module('MultiLabelSoftMarginLoss', kwargs={'reduction': 'none'}, inputs=[[2, 3, 10], [2, 3, 10]], note='extra dims')
    module('MultiLabelSoftMarginLoss', kwargs={'reduction': 'none'}, inputs=[[10], [10]], note='unbatched')
    module('MultiLabelSoftMarginLoss', inputs=[[4, 10], [4, 9]], note='invalid: target')
    function('F.multilabel_soft_margin_loss', [[4, 10], [4, 10], [10]], kwargs={'reduction': 'none'}, note='weight')
    function('F.multilabel_soft_margin_loss', [[4, 10], [4, 10], [9]], note='invalid: weight')

    # embeddings: cosine, ranking, triplets.
    module('CosineEmbeddingLoss', inputs=[[4, 8], [4, 8], [4]])
    module('CosineEmbeddingLoss', [0.5], {'reduction': 'none'}, [[4, 8], [4, 8], [4]])
    module('CosineEmbeddingLoss', kwargs={'reduction': 'none'}, inputs=[[8], [8], []], note='unbatched')
    module('CosineEmbeddingLoss', kwargs={'reduction': 'none'}, inputs=[[4, 8], [1, 8], [4]], note='broadcast')
    module('CosineEmbeddingLoss', inputs=[[4, 8], [4, 8], [4, 1]], note='invalid: target rank')
    module('CosineEmbeddingLoss', inputs=[[8], [8], [1]], note='invalid: 1-d target with 1-d inputs')
    module('CosineEmbeddingLoss', inputs=[[4, 8], [4, 7], [4]], note='invalid: sizes')
    function('F.cosine_embedding_loss', [[3, 5], [3, 5], [3]], kwargs={'reduction': 'sum'})
    function('F.cosine_embedding_loss', [[3, 5], [3, 5], [4]], note='invalid: target size')
    module('MarginRankingLoss', inputs=[[6], [6], [6]])
    module('MarginRankingLoss', [0.2], {'reduction': 'none'}, [[6], [6], [6]])
    module('MarginRankingLoss', kwargs={'reduction': 'none'}, inputs=[[2, 6], [2, 1], [1, 6]], note='broadcast')
    module('MarginRankingLoss', inputs=[[6], [6], [1, 6]], note='invalid: ranks')
    function('F.margin_ranking_loss', [[4, 3], [4, 3], [4, 3]], kwargs={'reduction': 'none'})
    function('F.margin_ranking_loss', [[4], [5], [4]], note='invalid: sizes')
    module('TripletMarginLoss', inputs=[[4, 8], [4, 8], [4, 8]])
    module('TripletMarginLoss', kwargs={'reduction': 'none'}, inputs=[[4, 8], [4, 8], [4, 8]])
    module('TripletMarginLoss', kwargs={'reduction': 'none', 'swap': True, 'p': 1}, inputs=[[4, 8], [4, 8], [4, 8]])
    module('TripletMarginLoss', kwargs={'reduction': 'none', 'p': 3}, inputs=[[2, 4, 8], [2, 4, 8], [2, 1, 8]], note='3-d')
    module('TripletMarginLoss', kwargs={'reduction': 'none'}, inputs=[[8], [8], [8]], note='unbatched')
    module('TripletMarginLoss', inputs=[[4, 8], [4, 8], [8]], note='invalid: ranks')
    module('TripletMarginLoss', inputs=[[4, 8], [4, 7], [4, 8]], note='invalid: sizes')
    function('F.triplet_margin_loss', [[3, 5], [3, 5], [3, 5]], kwargs={'reduction': 'none', 'margin': 0.3})
    function('F.triplet_margin_loss', [[3, 5], [2, 5], [3, 5]], note='invalid: batch')
    module('TripletMarginWithDistanceLoss', inputs=[[4, 8], [4, 8], [4, 8]])
    module('TripletMarginWithDistanceLoss', kwargs={'reduction': 'none', 'swap': True}, inputs=[[4, 8], [4, 8], [4, 8]])
    module('TripletMarginWithDistanceLoss', kwargs={'reduction': 'none'}, inputs=[[8], [8], [8]], note='unbatched')
    module('TripletMarginWithDistanceLoss', inputs=[[4, 8], [4, 7], [4, 8]], note='invalid: sizes')
    function('F.triplet_margin_with_distance_loss', [[3, 5], [3, 5], [3, 5]], kwargs={'reduction': 'none', 'margin': 2.0})
    function('F.triplet_margin_with_distance_loss', [[3, 5], [3, 5], [4, 5]], note='invalid: batch')

    # Adaptive softmax: the head's MACs (zero targets all fall in the shortlist: no cluster runs).
    module('AdaptiveLogSoftmaxWithLoss', [16, 20, [5, 10]], inputs=[[4, 16], [4]], dtype=F_LONG)
    module('AdaptiveLogSoftmaxWithLoss', [16, 20, [5, 10]], {'div_value': 2.0, 'head_bias': True}, [[4, 16], [4]], dtype=F_LONG)
    module('AdaptiveLogSoftmaxWithLoss', [16, 20, [8]], inputs=[[16], []], dtype=F_LONG, note='unbatched')
    module('AdaptiveLogSoftmaxWithLoss', [16, 20, [10, 5]], inputs=[[4, 16], [4]], dtype=F_LONG, note='invalid: cutoffs order')
    module('AdaptiveLogSoftmaxWithLoss', [16, 20, [5, 20]], inputs=[[4, 16], [4]], dtype=F_LONG, note='invalid: cutoff ≥ n_classes')
    module('AdaptiveLogSoftmaxWithLoss', [16, 20, [5]], inputs=[[4, 16], [3]], dtype=F_LONG, note='invalid: batch')
    module('AdaptiveLogSoftmaxWithLoss', [16, 20, [5]], inputs=[[4, 15], [4]], dtype=F_LONG, note='invalid: in_features')

    # CTC: (T, N, C) log-probabilities; targets padded (N, S) or concatenated.
    module('CTCLoss', inputs=[[12, 3, 6], [3, 5], [3], [3]], dtype=['float', 'long', 'long', 'long'])
    module('CTCLoss', kwargs={'reduction': 'none'}, inputs=[[12, 3, 6], [3, 5], [3], [3]], dtype=['float', 'long', 'long', 'long'])
    module('CTCLoss', kwargs={'reduction': 'sum'}, inputs=[[12, 3, 6], [0], [3], [3]], dtype=['float', 'long', 'long', 'long'], note='concatenated')
    module('CTCLoss', kwargs={'reduction': 'none'}, inputs=[[12, 6], [0], [], []], dtype=['float', 'long', 'long', 'long'], note='unbatched')
    module('CTCLoss', inputs=[[12, 3, 6], [3, 5], [4], [3]], dtype=['float', 'long', 'long', 'long'], note='invalid: input_lengths size')
    module('CTCLoss', [6], inputs=[[12, 3, 6], [3, 5], [3], [3]], dtype=['float', 'long', 'long', 'long'], note='invalid: blank')
    function('F.ctc_loss', [[12, 2, 6], [2, 5]], [[12, 10], [5, 3]], dtype=['float', 'long'])
    function('F.ctc_loss', [[12, 2, 6], [8]], [[12, 10], [5, 3]], {'reduction': 'none'}, dtype=['float', 'long'], note='concatenated')
    function('F.ctc_loss', [[12, 2, 6], [2, 5]], [[13, 10], [5, 3]], dtype=['float', 'long'], note='invalid: input length > T')
    function('F.ctc_loss', [[12, 2, 6], [2, 4]], [[12, 10], [5, 3]], dtype=['float', 'long'], note='invalid: targets too short')
    function('F.ctc_loss', [[12, 2, 6], [2, 5]], [[12], [5]], dtype=['float', 'long'], note='invalid: lengths vs batch')
    function('F.ctc_loss', [[12, 2, 6], [7]], [[12, 10], [5, 3]], dtype=['float', 'long'], note='invalid: concatenated length')


def distance_cases():
    module('PairwiseDistance', inputs=[[4, 8], [4, 8]])
    module('PairwiseDistance', [1.0], {'keepdim': True}, [[4, 8], [4, 8]])
    module('PairwiseDistance', [3.0], inputs=[[2, 4, 8], [4, 8]], note='broadcast')
    module('PairwiseDistance', inputs=[[8], [8]], note='1-d')
    module('PairwiseDistance', inputs=[[4, 8], [4, 7]], note='invalid: sizes')
    function('F.pairwise_distance', [[3, 5], [3, 5]])
    function('F.pairwise_distance', [[3, 5], [1, 5]], [2.0, 1e-6, True])
    function('torch.pairwise_distance', [[3, 5], [3, 5]], [1.0])
    function('F.pairwise_distance', [[3, 5], [2, 5]], note='invalid: sizes')
    module('CosineSimilarity', inputs=[[4, 8], [4, 8]])
    module('CosineSimilarity', [0], inputs=[[4, 8], [4, 8]])
    module('CosineSimilarity', [-1], inputs=[[2, 4, 8], [4, 8]], note='broadcast')
    module('CosineSimilarity', inputs=[[4, 8], [4, 7]], note='invalid: sizes')
    module('CosineSimilarity', [2], inputs=[[4, 8], [4, 8]], note='invalid: dim')
    function('F.cosine_similarity', [[3, 5], [3, 5]])
    function('F.cosine_similarity', [[3, 5], [3, 5]], kwargs={'dim': 0})
    function('torch.cosine_similarity', [[2, 3, 5], [3, 5]], [2])
    function('F.cosine_similarity', [[8], [8]], [0], note='1-d')
    function('F.cosine_similarity', [[3, 5], [4, 5]], note='invalid: sizes')
    function('F.pdist', [[5, 3]])
    function('F.pdist', [[6, 4]], [1.0])
    function('F.pdist', [[1, 4]], note='one row: no pairs')
    function('torch.pdist', [[4, 2]])
    function('F.pdist', [[2, 5, 3]], note='invalid: rank')
    function('F.pdist', [[5]], note='invalid: rank')
    function('F.normalize', [[4, 8]])
    function('F.normalize', [[2, 4, 8]], kwargs={'dim': -1, 'p': 1})
    function('F.normalize', [[8]], [2.0, 0])
    function('F.normalize', [[4, 8]], kwargs={'dim': 2}, note='invalid: dim')


def sweep_cases():
    """Valid shapes and reductions across the families (keeps the invalid share near a fifth)."""
    shapes = [[3], [2, 3], [2, 3, 4], [1, 5, 2, 2]]
    for fn in ['F.mse_loss', 'F.l1_loss', 'F.smooth_l1_loss', 'F.huber_loss', 'F.soft_margin_loss', 'F.binary_cross_entropy',
               'F.binary_cross_entropy_with_logits', 'F.kl_div', 'F.poisson_nll_loss', 'F.hinge_embedding_loss']:
        for shape in shapes:
            for reduction in ['none', 'sum']:
                function(fn, [shape, shape], kwargs={'reduction': reduction}, note='sweep')
    for shape in shapes:
        function('F.gaussian_nll_loss', [shape, shape, shape], kwargs={'reduction': 'none'}, note='sweep')
        function('F.multilabel_soft_margin_loss', [shape, shape], kwargs={'reduction': 'none'}, note='sweep')
        function('F.margin_ranking_loss', [shape, shape, shape], kwargs={'reduction': 'none'}, note='sweep')
        function('F.triplet_margin_loss', [shape, shape, shape], kwargs={'reduction': 'none'}, note='sweep')
        function('F.pairwise_distance', [shape, shape], note='sweep')
    for n, c, extra in [(1, 2, []), (3, 7, []), (2, 4, [5]), (2, 3, [2, 2]), (1, 6, [3, 2, 2])]:
        for reduction in ['none', 'mean', 'sum']:
            function('F.cross_entropy', [[n, c, *extra], [n, *extra]], kwargs={'reduction': reduction}, dtype=F_LONG, note='sweep')
            function('F.nll_loss', [[n, c, *extra], [n, *extra]], kwargs={'reduction': reduction}, dtype=F_LONG, note='sweep')
            function('F.cross_entropy', [[n, c, *extra], [n, c, *extra]], kwargs={'reduction': reduction}, note='sweep, probabilities')
    for n, c in [(1, 3), (5, 2), (3, 9)]:
        function('F.multi_margin_loss', [[n, c], [n]], kwargs={'reduction': 'none'}, dtype=F_LONG, note='sweep')
        function('F.multilabel_margin_loss', [[n, c], [n, c]], kwargs={'reduction': 'none'}, dtype=F_LONG, note='sweep')
        function('F.cosine_embedding_loss', [[n, c], [n, c], [n]], kwargs={'reduction': 'none'}, note='sweep')
        function('F.cosine_similarity', [[n, c], [n, c]], note='sweep')
        function('F.pdist', [[n, c]], note='sweep')


def main():
    g.generate([elementwise_cases, class_cases, distance_cases, sweep_cases], OUT, generator='scripts/conformance/gen_losses.py')


if __name__ == '__main__':
    main()
