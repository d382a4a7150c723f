#!/usr/bin/python3
"""Writes test/fixtures/memory/op_cases_registry.py: one small model per registry op that has a saved-tensor rule and
is not already measured by op_cases.py or a model fixture, so that every rule is held to what PyTorch 1.13 saves.

    /usr/bin/python3 scripts/gen_op_cases_registry.py && /usr/bin/python3 scripts/gen_memory_fixtures.py --saved-only

Each case is (class name, input shape, forward body, constructor body). The input requires a gradient, as inside a
network; a second operand comes from splitting it (`a, b = x.chunk(2, dim=1)`: two views of one storage), an integer
index tensor from torch.arange, a target from torch.zeros. An in-place op works on `x.clone()` (autograd refuses an
in-place change of a leaf that requires a gradient). test/unit/memory.test.ts checks that every registry entry with a
rule is measured here, in op_cases.py or in a model fixture, except the few it lists with the reason.
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'memory', 'op_cases_registry.py')

X4 = '(2, 3, 8, 8)'
X3 = '(2, 3, 9)'
X5 = '(2, 3, 4, 6, 6)'
X2 = '(4, 6)'


def module(name, shape, ctor, call='self.op(x)'):
    return (name, shape, f'return {call}', f'self.op = {ctor}')


def fn(name, shape, body):
    return (name, shape, body if '\n' in body or body.startswith('return') else f'return {body}', None)


def inplace(name, shape, call):
    return (name, shape, f'y = x.clone()\n{call}\nreturn y', None)


def pair(name, call, shape=X2):
    return (name, shape, f'a, b = x.chunk(2, dim=1)\nreturn {call}', None)


CASES = [
    # convolutions
    module('Conv3dLayer', X5, 'nn.Conv3d(3, 4, 3)'),
    module('ConvTranspose1dLayer', X3, 'nn.ConvTranspose1d(3, 4, 3, stride=2)'),
    module('ConvTranspose3dLayer', X5, 'nn.ConvTranspose3d(3, 2, 2, stride=2)'),
    module('LazyConv1dLayer', X3, 'nn.LazyConv1d(4, 3)'),
    module('LazyConv2dLayer', X4, 'nn.LazyConv2d(4, 3)'),
    module('LazyConv3dLayer', X5, 'nn.LazyConv3d(2, 3)'),
    module('LazyConvTranspose1dLayer', X3, 'nn.LazyConvTranspose1d(4, 3)'),
    module('LazyConvTranspose2dLayer', X4, 'nn.LazyConvTranspose2d(4, 2, stride=2)'),
    module('LazyConvTranspose3dLayer', X5, 'nn.LazyConvTranspose3d(2, 2)'),
    ('FConv1d', X3, 'return F.conv1d(x, self.w)', 'self.w = nn.Parameter(torch.randn(4, 3, 3))'),
    ('FConv2d', X4, 'return F.conv2d(x, self.w, padding=1)', 'self.w = nn.Parameter(torch.randn(4, 3, 3, 3))'),
    ('FConv3d', X5, 'return F.conv3d(x, self.w)', 'self.w = nn.Parameter(torch.randn(2, 3, 3, 3, 3))'),
    ('FConvTranspose1d', X3, 'return F.conv_transpose1d(x, self.w, stride=2)', 'self.w = nn.Parameter(torch.randn(3, 4, 3))'),
    ('FConvTranspose2d', X4, 'return F.conv_transpose2d(x, self.w, stride=2)', 'self.w = nn.Parameter(torch.randn(3, 4, 2, 2))'),
    ('FConvTranspose3d', X5, 'return F.conv_transpose3d(x, self.w)', 'self.w = nn.Parameter(torch.randn(3, 2, 2, 2, 2))'),
    # linear
    module('LazyLinearLayer', X2, 'nn.LazyLinear(5)'),
    module('IdentityLayer', X2, 'nn.Identity()'),
    ('FLinear', X2, 'return F.linear(x, self.w, self.b)', 'self.w = nn.Parameter(torch.randn(5, 6))\nself.b = nn.Parameter(torch.randn(5))'),
    # pooling
    module('MaxPool1dLayer', X3, 'nn.MaxPool1d(3)'),
    module('AvgPool1dLayer', X3, 'nn.AvgPool1d(3)'),
    fn('FAvgPool1d', X3, 'F.avg_pool1d(x, 3)'),
    fn('FAvgPool2d', X4, 'F.avg_pool2d(x, 2)'),
    fn('FMaxPool2d', X4, 'F.max_pool2d(x, 2)'),
    module('MaxPool3dLayer', X5, 'nn.MaxPool3d(2)'),
    module('AvgPool3dLayer', X5, 'nn.AvgPool3d(2)'),
    fn('FMaxPool3d', X5, 'F.max_pool3d(x, 2)'),
    fn('FAvgPool3d', X5, 'F.avg_pool3d(x, 2)'),
    module('AdaptiveAvgPool1dLayer', X3, 'nn.AdaptiveAvgPool1d(2)'),
    module('AdaptiveMaxPool1dLayer', X3, 'nn.AdaptiveMaxPool1d(2)'),
    fn('FAdaptiveAvgPool1d', X3, 'F.adaptive_avg_pool1d(x, 2)'),
    fn('FAdaptiveMaxPool1d', X3, 'F.adaptive_max_pool1d(x, 2)'),
    fn('FAdaptiveAvgPool2d', X4, 'F.adaptive_avg_pool2d(x, 3)'),
    fn('FAdaptiveMaxPool2d', X4, 'F.adaptive_max_pool2d(x, 3)'),
    module('AdaptiveAvgPool3dLayer', X5, 'nn.AdaptiveAvgPool3d(2)'),
    module('AdaptiveMaxPool3dLayer', X5, 'nn.AdaptiveMaxPool3d(2)'),
    fn('FAdaptiveAvgPool3d', X5, 'F.adaptive_avg_pool3d(x, 2)'),
    fn('FAdaptiveMaxPool3d', X5, 'F.adaptive_max_pool3d(x, 2)'),
    fn('FMaxPool1dIndices', X3, 'y, i = F.max_pool1d_with_indices(x, 3)\nreturn y'),
    fn('FMaxPool2dIndices', X4, 'y, i = F.max_pool2d_with_indices(x, 2)\nreturn y'),
    fn('FMaxPool3dIndices', X5, 'y, i = F.max_pool3d_with_indices(x, 2)\nreturn y'),
    fn('FAdaptiveMaxPool1dIndices', X3, 'y, i = F.adaptive_max_pool1d_with_indices(x, 2)\nreturn y'),
    fn('FAdaptiveMaxPool2dIndices', X4, 'y, i = F.adaptive_max_pool2d_with_indices(x, 3)\nreturn y'),
    fn('FAdaptiveMaxPool3dIndices', X5, 'y, i = F.adaptive_max_pool3d_with_indices(x, 2)\nreturn y'),
    # normalisation
    module('BatchNorm3dLayer', X5, 'nn.BatchNorm3d(3)'),
    module('LazyBatchNorm1dLayer', X3, 'nn.LazyBatchNorm1d()'),
    module('LazyBatchNorm2dLayer', X4, 'nn.LazyBatchNorm2d()'),
    module('LazyBatchNorm3dLayer', X5, 'nn.LazyBatchNorm3d()'),
    module('InstanceNorm1dLayer', X3, 'nn.InstanceNorm1d(3)'),
    module('InstanceNorm3dLayer', X5, 'nn.InstanceNorm3d(3, affine=True)'),
    module('LazyInstanceNorm1dLayer', X3, 'nn.LazyInstanceNorm1d()'),
    module('LazyInstanceNorm2dLayer', X4, 'nn.LazyInstanceNorm2d(affine=True)'),
    module('LazyInstanceNorm3dLayer', X5, 'nn.LazyInstanceNorm3d()'),
    ('FBatchNorm', X4, 'return F.batch_norm(x, self.m, self.v, self.w, self.b, training=True)',
     "self.register_buffer('m', torch.zeros(3))\nself.register_buffer('v', torch.ones(3))\nself.w = nn.Parameter(torch.ones(3))\nself.b = nn.Parameter(torch.zeros(3))"),
    ('TorchBatchNorm', X4, 'return torch.batch_norm(x, self.w, self.b, self.m, self.v, True, 0.1, 1e-5, False)',
     "self.register_buffer('m', torch.zeros(3))\nself.register_buffer('v', torch.ones(3))\nself.w = nn.Parameter(torch.ones(3))\nself.b = nn.Parameter(torch.zeros(3))"),
    fn('FInstanceNorm', X4, 'F.instance_norm(x)'),
    fn('TorchInstanceNorm', X4, 'torch.instance_norm(x, None, None, None, None, True, 0.1, 1e-5, False)'),
    fn('FLayerNorm', X4, 'F.layer_norm(x, (8,))'),
    fn('TorchLayerNorm', X4, 'torch.layer_norm(x, [8, 8])'),
    fn('FGroupNorm', X4, 'F.group_norm(x, 3)'),
    fn('TorchGroupNorm', X4, 'torch.group_norm(x, 1)'),
    # dropout
    module('Dropout1dLayer', X3, 'nn.Dropout1d(0.5)'),
    module('Dropout3dLayer', X5, 'nn.Dropout3d(0.5)'),
    module('FeatureAlphaDropoutLayer', X4, 'nn.FeatureAlphaDropout(0.5)'),
    fn('FDropout', X4, 'F.dropout(x, 0.5)'),
    fn('FDropoutEval', X4, 'F.dropout(x, 0.5, training=False)'),
    fn('FDropout1d', X3, 'F.dropout1d(x, 0.5)'),
    fn('FDropout2d', X4, 'F.dropout2d(x, 0.5)'),
    fn('FDropout3d', X5, 'F.dropout3d(x, 0.5)'),
    fn('FAlphaDropout', X4, 'F.alpha_dropout(x, 0.5, training=True)'),
    fn('FFeatureAlphaDropout', X4, 'F.feature_alpha_dropout(x, 0.5, training=True)'),
    # activations, functional spellings
    fn('FRelu', X4, 'F.relu(x)'), inplace('FReluInPlace', X4, 'F.relu_(y)'), fn('FRelu6', X4, 'F.relu6(x)'),
    fn('FLeakyRelu', X4, 'F.leaky_relu(x, 0.1)'), inplace('FLeakyReluInPlace', X4, 'F.leaky_relu_(y, 0.1)'),
    fn('FElu', X4, 'F.elu(x)'), inplace('FEluInPlace', X4, 'F.elu_(y)'), fn('FSelu', X4, 'F.selu(x)'),
    inplace('FSeluInPlace', X4, 'F.selu_(y)'), fn('FCelu', X4, 'F.celu(x)'), inplace('FCeluInPlace', X4, 'F.celu_(y)'),
    fn('FGelu', X4, 'F.gelu(x)'), fn('FGeluTanh', X4, "F.gelu(x, approximate='tanh')"), fn('FSilu', X4, 'F.silu(x)'),
    fn('FMish', X4, 'F.mish(x)'), fn('FSigmoid', X4, 'F.sigmoid(x)'), fn('FTanh', X4, 'F.tanh(x)'),
    fn('FHardtanh', X4, 'F.hardtanh(x)'), inplace('FHardtanhInPlace', X4, 'F.hardtanh_(y)'),
    fn('FHardswish', X4, 'F.hardswish(x)'), fn('FHardsigmoid', X4, 'F.hardsigmoid(x)'), fn('FSoftplus', X4, 'F.softplus(x)'),
    fn('FThreshold', X4, 'F.threshold(x, 0.1, 0.0)'), inplace('FThresholdInPlace', X4, 'F.threshold_(y, 0.1, 0.0)'),
    fn('FHardshrink', X4, 'F.hardshrink(x)'), fn('FSoftshrink', X4, 'F.softshrink(x)'), fn('FTanhshrink', X4, 'F.tanhshrink(x)'),
    fn('FLogsigmoid', X4, 'F.logsigmoid(x)'), fn('FSoftsign', X4, 'F.softsign(x)'), fn('FRrelu', X4, 'F.rrelu(x, training=True)'),
    inplace('FRreluInPlace', X4, 'F.rrelu_(y, training=True)'),
    ('FPrelu', X4, 'return F.prelu(x, self.w)', 'self.w = nn.Parameter(torch.full((3,), 0.25))'),
    fn('FSoftmax', X4, 'F.softmax(x, dim=1)'), fn('FLogSoftmax', X4, 'F.log_softmax(x, dim=1)'),
    fn('FSoftmin', X4, 'F.softmin(x, dim=1)'), fn('TorchSoftmax', X4, 'torch.softmax(x, 1)'),
    fn('TorchLogSoftmax', X4, 'torch.log_softmax(x, 1)'), module('Softmax2dLayer', X4, 'nn.Softmax2d()'),
    fn('FGlu', X4, 'F.glu(x, dim=3)'),
    # reshapes and views
    fn('TorchFlatten', X4, 'torch.flatten(x, 1)'), module('UnflattenLayer', X2, 'nn.Unflatten(1, (2, 3))'),
    fn('ViewOp', X4, 'x.view(2, -1)'), fn('ReshapeOp', X4, 'x.reshape(6, 64)'), fn('TorchReshape', X4, 'torch.reshape(x, (2, -1))'),
    fn('ReshapeStrided', X4, 'x.transpose(2, 3).reshape(2, -1)'),
    fn('TorchPermute', X4, 'torch.permute(x, (0, 2, 3, 1))'), fn('TorchSwapaxes', X4, 'torch.swapaxes(x, 1, 2)'),
    fn('TorchSwapdims', X4, 'torch.swapdims(x, 1, 3)'), fn('TorchSqueeze', X4, 'torch.squeeze(x)'),
    fn('TorchUnsqueeze', X4, 'torch.unsqueeze(x, 0)'), fn('FPixelShuffle', '(2, 4, 3, 3)', 'F.pixel_shuffle(x, 2)'),
    module('PixelUnshuffleLayer', X4, 'nn.PixelUnshuffle(2)'), fn('FPixelUnshuffle', X4, 'F.pixel_unshuffle(x, 2)'),
    # padding
    module('ConstantPad1dLayer', X3, 'nn.ConstantPad1d(2, 1.0)'), module('ConstantPad2dLayer', X4, 'nn.ConstantPad2d(1, 1.0)'),
    module('ConstantPad3dLayer', X5, 'nn.ConstantPad3d(1, 1.0)'), module('ReflectionPad1dLayer', X3, 'nn.ReflectionPad1d(2)'),
    module('ReflectionPad3dLayer', X5, 'nn.ReflectionPad3d(1)'), module('ReplicationPad1dLayer', X3, 'nn.ReplicationPad1d(2)'),
    module('ReplicationPad3dLayer', X5, 'nn.ReplicationPad3d(1)'), fn('FPad', X4, 'F.pad(x, (1, 1, 2, 2))'),
    fn('FPadReflect', X4, "F.pad(x, (1, 1, 1, 1), mode='reflect')"),
    # upsampling
    fn('FInterpolate', X4, "F.interpolate(x, scale_factor=2, mode='nearest')"),
    fn('FInterpolateBilinear', X4, "F.interpolate(x, size=(12, 12), mode='bilinear', align_corners=False)"),
    module('UpsamplingNearest2dLayer', X4, 'nn.UpsamplingNearest2d(scale_factor=2)'),
    module('UpsamplingBilinear2dLayer', X4, 'nn.UpsamplingBilinear2d(scale_factor=2)'),
    fn('FUpsample', X4, 'F.upsample(x, scale_factor=2)'), fn('FUpsampleNearest', X4, 'F.upsample_nearest(x, scale_factor=2)'),
    fn('FUpsampleBilinear', X4, 'F.upsample_bilinear(x, scale_factor=2)'),
    # embeddings (their indices are made in forward: an integer tensor cannot require a gradient)
    ('EmbeddingBagLayer', X2, 'return self.op(torch.arange(8).reshape(4, 2)) + x[:, :5]', 'self.op = nn.EmbeddingBag(10, 5)'),
    ('FEmbedding', X2, 'return F.embedding(torch.arange(8).reshape(4, 2), self.w).sum(1) + x[:, :5]', 'self.w = nn.Parameter(torch.randn(10, 5))'),
    ('TorchEmbedding', X2, 'return torch.embedding(self.w, torch.arange(8).reshape(4, 2)).sum(1) + x[:, :5]', 'self.w = nn.Parameter(torch.randn(10, 5))'),
    ('FEmbeddingBag', X2, 'return F.embedding_bag(torch.arange(8).reshape(4, 2), self.w) + x[:, :5]', 'self.w = nn.Parameter(torch.randn(10, 5))'),
    # recurrent and transformer
    module('RNNCellStep', X2, 'nn.RNNCell(6, 5)'),
    ('TransformerLayer', '(5, 2, 8)', 'return self.op(x, x)', 'self.op = nn.Transformer(8, 2, 1, 1, 16)'),
    # indexing
    fn('GetItemSlice', X4, 'x[:, 1:3]'), fn('GetItemInt', X4, 'x[0]'),
    # element-wise, one operand
    *[fn(f'Torch{n.capitalize()}', X4, f'torch.{n}(x)') for n in [
        'neg', 'positive', 'sign', 'sgn', 'reciprocal', 'square', 'rsqrt', 'exp2', 'expm1', 'log', 'log1p', 'log2', 'log10',
        'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'sigmoid', 'relu',
        'erf', 'erfc', 'erfinv', 'lgamma', 'digamma', 'sinc', 'floor', 'ceil', 'trunc', 'frac', 'round', 'deg2rad',
        'rad2deg', 'logit', 'nan_to_num', 'logical_not', 'isnan', 'isinf', 'isfinite', 'signbit', 'isneginf', 'isposinf',
        'isreal', 'angle', 'conj', 'conj_physical', 'resolve_conj', 'resolve_neg', 'i0']],
    fn('TorchBitwiseNot', X4, 'torch.bitwise_not(x.long())'),
    fn('TorchMvlgamma', X4, 'torch.mvlgamma(x.exp() + 1, 1)'),
    fn('TorchClamp', X4, 'torch.clamp(x, -0.5, 0.5)'), fn('TorchClampMin', X4, 'torch.clamp_min(x, 0.1)'),
    fn('TorchClampMax', X4, 'torch.clamp_max(x, 0.1)'),
    pair('TorchClampTensor', 'torch.clamp(a, min=b)'), pair('TorchClampMinTensor', 'torch.clamp_min(a, b)'),
    pair('TorchClampMaxTensor', 'torch.clamp_max(a, b)'),
    # element-wise, two operands
    *[pair(f'Torch{n.capitalize()}Pair', f'torch.{n}(a, b)') for n in [
        'sub', 'rsub', 'floor_divide', 'remainder', 'fmod', 'float_power', 'atan2', 'hypot', 'minimum', 'fmax', 'fmin',
        'copysign', 'xlogy', 'heaviside', 'nextafter', 'logaddexp', 'logaddexp2', 'isclose', 'complex', 'polar',
        'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'logical_and', 'logical_or', 'logical_xor']],
    pair('TorchIgammaPair', 'torch.igamma(a.abs() + 1, b.abs() + 1)'),
    pair('TorchIgammacPair', 'torch.igammac(a.abs() + 1, b.abs() + 1)'),
    pair('TorchLdexpPair', 'torch.ldexp(a, b.long())'),
    *[pair(f'Torch{n.capitalize()}Int', f'torch.{n}(a.long(), b.long())') for n in [
        'gcd', 'lcm', 'bitwise_and', 'bitwise_or', 'bitwise_xor', 'bitwise_left_shift', 'bitwise_right_shift']],
    *[(f'InPlace{n.capitalize()}', X2, f'a, b = x.chunk(2, dim=1)\ny = a.clone()\ny.{n}_(b)\nreturn y', None) for n in [
        'add', 'sub', 'mul', 'div', 'floor_divide', 'remainder', 'fmod', 'pow', 'atan2', 'hypot', 'copysign',
        'xlogy', 'nextafter', 'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'logical_and', 'logical_or', 'logical_xor', 'heaviside']],
    ('InPlaceFloat_power', X2, 'a, b = x.chunk(2, dim=1)\ny = a.to(torch.float64)\ny.float_power_(b)\nreturn y', None),
    ('InPlaceIgamma', X2, 'a, b = (x.abs() + 1).chunk(2, dim=1)\ny = a.clone()\ny.igamma_(b)\nreturn y', None),
    ('InPlaceIgammac', X2, 'a, b = (x.abs() + 1).chunk(2, dim=1)\ny = a.clone()\ny.igammac_(b)\nreturn y', None),
    *[(f'InPlace{n.capitalize()}Int', X2, f'a, b = x.long().chunk(2, dim=1)\na.{n}_(b)\nreturn a', None) for n in [
        'gcd', 'lcm', 'bitwise_and', 'bitwise_or', 'bitwise_xor', 'bitwise_left_shift', 'bitwise_right_shift']],
    pair('TorchWhere', 'torch.where(a > 0, a, b)'), pair('TensorWhere', 'a.where(a > 0, b)'),
    pair('TorchLerp', 'torch.lerp(a, b, 0.3)'),
    ('InPlaceLerp', X2, 'a, b = x.chunk(2, dim=1)\ny = a.clone()\ny.lerp_(b, 0.3)\nreturn y', None),
    ('TorchAddcmul', '(4, 9)', 'a, b, c = x.chunk(3, dim=1)\nreturn torch.addcmul(a, b, c, value=0.5)', None),
    ('InPlaceAddcmul', '(4, 9)', 'a, b, c = x.chunk(3, dim=1)\ny = a.clone()\ny.addcmul_(b, c)\nreturn y', None),
    ('TorchAddcdiv', '(4, 9)', 'a, b, c = x.chunk(3, dim=1)\nreturn torch.addcdiv(a, b, c, value=0.5)', None),
    ('InPlaceAddcdiv', '(4, 9)', 'a, b, c = x.chunk(3, dim=1)\ny = a.clone()\ny.addcdiv_(b, c)\nreturn y', None),
    fn('TorchMaskedFill', X4, 'torch.masked_fill(x, x > 0, 0.0)'),
    inplace('InPlaceMaskedFill', X4, 'y.masked_fill_(y > 0, 0.0)'),
    # reductions
    fn('TorchNansum', X4, 'torch.nansum(x, dim=1)'), fn('TorchNanmean', X4, 'torch.nanmean(x, dim=1)'),
    fn('TorchProd', X4, 'torch.prod(x, 1)'), fn('TorchProdAll', X4, 'torch.prod(x)'),
    fn('TorchAmax', X4, 'torch.amax(x, dim=(2, 3))'), fn('TorchAmin', X4, 'torch.amin(x, dim=1)'),
    fn('TorchAll', X4, 'torch.all(x > 0)'), fn('TorchAny', X4, 'torch.any(x > 0, 1)'),
    fn('TorchCountNonzero', X4, 'torch.count_nonzero(x, dim=1)'), fn('TorchArgmax', X4, 'torch.argmax(x, dim=1)'),
    fn('TorchArgmin', X4, 'torch.argmin(x)'), fn('TorchMinDim', X4, 'torch.min(x, 1)[0]'), fn('TorchMinAll', X4, 'torch.min(x)'),
    pair('TorchMinPair', 'torch.min(a, b)'), pair('TorchMaxPair', 'torch.max(a, b)'),
    fn('TorchMedian', X4, 'torch.median(x, 1)[0]'), fn('TorchMedianAll', X4, 'torch.median(x)'),
    fn('TorchNanmedian', X4, 'torch.nanmedian(x, 1)[0]'), fn('TorchMode', X4, 'torch.mode(x, 1)[0]'),
    fn('TorchKthvalue', X4, 'torch.kthvalue(x, 2, 1)[0]'), fn('TorchAminmax', X4, 'torch.aminmax(x, dim=1)[0]'),
    fn('TorchStdMean', X4, 'torch.std_mean(x, 1)[0]'), fn('TorchVarMean', X4, 'torch.var_mean(x, 1)[1]'),
    fn('TorchCumsum', X4, 'torch.cumsum(x, 1)'), fn('TorchLogcumsumexp', X4, 'torch.logcumsumexp(x, 1)'),
    fn('TorchCummax', X4, 'torch.cummax(x, 1)[0]'), fn('TorchCummin', X4, 'torch.cummin(x, 1)[0]'),
    fn('TorchSort', X4, 'torch.sort(x, 1)[0]'), fn('TorchArgsort', X4, 'torch.argsort(x, 1)'),
    # conversions, copies, in-place fills
    fn('TensorFloat', X4, 'x.float()'), fn('TensorToDouble', X4, 'x.to(torch.float64)'), fn('TensorDetach', X4, 'x.detach() + x'),
    fn('TensorClone', X4, 'x.clone()'), fn('TensorRequiresGrad', X4, 'x.detach().requires_grad_()'),
    inplace('TensorRetainGrad', X4, 'y.retain_grad()'), fn('TensorTypeAs', X4, 'x.type_as(x)'),
    inplace('TensorFill', X4, 'y.fill_(1.0)'), inplace('TensorFillDiagonal', '(6, 6)', 'y.fill_diagonal_(0.0)'),
    inplace('InitNormal', X4, 'torch.nn.init.normal_(y)'), inplace('InitConstant', X4, 'torch.nn.init.constant_(y, 0.5)'),
    inplace('InitXavier', X4, 'torch.nn.init.xavier_uniform_(y)'), inplace('InitOrthogonal', X4, 'torch.nn.init.orthogonal_(y)'),
    inplace('InitEye', X2, 'torch.nn.init.eye_(y)'), inplace('InitDirac', X4, 'torch.nn.init.dirac_(y)'),
    inplace('TensorCopy', X4, 'y.copy_(x)'),
    fn('TensorExpandAs', '(2, 3, 1, 1)', 'x.expand_as(torch.zeros(2, 3, 4, 4))'), fn('TensorViewAs', X4, 'x.view_as(torch.zeros(6, 64))'),
    fn('TensorExpand', '(2, 3, 1, 1)', 'x.expand(2, 3, 4, 4)'), fn('TensorRepeat', X4, 'x.repeat(1, 2, 1, 1)'),
    fn('TorchSplit', X4, 'torch.split(x, 2, 1)[0]'), fn('TorchTensorSplit', X4, 'torch.tensor_split(x, 2, 1)[1]'),
    fn('TorchUnbind', X4, 'torch.unbind(x, 1)[0]'), fn('TorchSelect', X4, 'torch.select(x, 1, 0)'),
    fn('TorchNarrow', X4, 'torch.narrow(x, 2, 1, 4)'),
    # creation (nothing to save: the add keeps nothing either)
    *[fn(f'Create{n.capitalize()}', X2, f'x + torch.{n}(4, 6)') for n in ['zeros', 'ones', 'empty', 'randn', 'rand']],
    fn('CreateFull', X2, 'x + torch.full((4, 6), 2.0)'), fn('CreateRandint', X2, 'x + torch.randint(0, 5, (4, 6))'),
    fn('CreateArange', X2, 'x + torch.arange(6)'), fn('CreateLinspace', X2, 'x + torch.linspace(0, 1, 6)'),
    fn('CreateLogspace', X2, 'x + torch.logspace(0, 1, 6)'), fn('CreateEye', '(6, 6)', 'x + torch.eye(6)'),
    fn('CreateRandperm', X2, 'x + torch.randperm(6)'), fn('CreateTensor', X2, 'x + torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])'),
    fn('CreateTensorClass', X2, 'x + torch.Tensor(4, 6)'),
    *[fn(f'Create{n.capitalize()}Like', X2, f'x + torch.{n}_like(x)') for n in ['zeros', 'ones', 'empty', 'randn', 'rand']],
    fn('CreateFullLike', X2, 'x + torch.full_like(x, 2.0)'), fn('CreateRandintLike', X2, 'x + torch.randint_like(x, 5)'),
    *[fn(f'CreateNew{n.capitalize()}', X2, f'x + x.new_{n}((4, 6))') for n in ['zeros', 'ones', 'empty']],
    fn('CreateNewFull', X2, 'x + x.new_full((4, 6), 2.0)'),
    # products
    pair('TorchMm', 'torch.mm(a, b.t())', '(4, 8)'), ('TorchBmm', '(2, 3, 8)', 'a, b = x.chunk(2, dim=2)\nreturn torch.bmm(a, b.transpose(1, 2))', None),
    ('TorchMv', '(5, 4)', 'a, b = x.split([4, 1])\nreturn torch.mv(a, b.flatten())', None),
    ('TorchDot', '(8,)', 'a, b = x.chunk(2)\nreturn torch.dot(a, b)', None),
    ('TorchVdot', '(8,)', 'a, b = x.chunk(2)\nreturn torch.vdot(a, b)', None),
    pair('TorchInner', 'torch.inner(a, b)'),
    ('TorchOuter', '(8,)', 'a, b = x.chunk(2)\nreturn torch.outer(a, b)', None),
    pair('TorchKron', 'torch.kron(a, b)'), pair('TorchTensordot', 'torch.tensordot(a, b, dims=([1], [1]))'),
    pair('LinalgVecdot', 'torch.linalg.vecdot(a, b)'),
    ('TorchAddmm', '(4, 12)', 'a, b, c = x.chunk(3, dim=1)\nreturn torch.addmm(a, b, c.t())', None),
    ('InPlaceAddmm', '(4, 12)', 'a, b, c = x.chunk(3, dim=1)\ny = a.clone()\ny.addmm_(b, c.t())\nreturn y', None),
    ('TorchBaddbmm', '(2, 3, 9)', 'a, b, c = x.chunk(3, dim=2)\nreturn torch.baddbmm(a, b, c.transpose(1, 2))', None),
    ('InPlaceBaddbmm', '(2, 3, 9)', 'a, b, c = x.chunk(3, dim=2)\ny = a.clone()\ny.baddbmm_(b, c.transpose(1, 2))\nreturn y', None),
    ('TorchAddbmm', '(3, 3, 6)', 'a, b = x.chunk(2, dim=2)\nreturn torch.addbmm(torch.zeros(3, 3), a, b.transpose(1, 2))', None),
    ('InPlaceAddbmm', '(3, 3, 6)', 'a, b = x.chunk(2, dim=2)\nc = torch.zeros(3, 3)\nc.addbmm_(a, b.transpose(1, 2))\nreturn c', None),
    ('TorchAddmv', '(4, 6)', 'a, b = x.split([5, 1], dim=1)\nreturn torch.addmv(b.flatten(), a, torch.ones(5))', None),
    ('InPlaceAddmv', '(4, 6)', 'a, b = x.split([5, 1], dim=1)\nc = b.flatten().clone()\nc.addmv_(a, torch.ones(5))\nreturn c', None),
    ('TorchAddr', '(8,)', 'a, b = x.chunk(2)\nreturn torch.addr(torch.zeros(4, 4), a, b)', None),
    ('InPlaceAddr', '(8,)', 'a, b = x.chunk(2)\nc = torch.zeros(4, 4)\nc.addr_(a, b)\nreturn c', None),
    fn('TorchTrace', '(5, 5)', 'torch.trace(x)'),
    ('TorchCross', '(4, 6)', 'a, b = x.chunk(2, dim=1)\nreturn torch.cross(a, b, dim=1)', None),
    ('LinalgCross', '(4, 6)', 'a, b = x.chunk(2, dim=1)\nreturn torch.linalg.cross(a, b)', None),
    pair('TorchEinsum', "torch.einsum('ij,kj->ik', a, b)"),
    # rearranging
    fn('TorchFlip', X4, 'torch.flip(x, [2])'), fn('TensorFlip', X4, 'x.flip(3)'), fn('TorchFliplr', X2, 'torch.fliplr(x)'),
    fn('TorchFlipud', X2, 'torch.flipud(x)'), fn('TorchRoll', X4, 'torch.roll(x, 1, 2)'), fn('TorchRot90', X4, 'torch.rot90(x, 1, [2, 3])'),
    fn('TorchTril', X2, 'torch.tril(x)'), fn('TorchTriu', X2, 'torch.triu(x, 1)'), fn('TorchDiag', '(5, 5)', 'torch.diag(x)'),
    fn('TorchDiagVector', '(5,)', 'torch.diag(x)'),
    fn('TorchDiagonal', X4, 'torch.diagonal(x, 0, 2, 3)'), fn('LinalgDiagonal', X4, 'torch.linalg.diagonal(x)'),
    fn('TorchDiagEmbed', X2, 'torch.diag_embed(x)'), fn('TorchDiagflat', '(5,)', 'torch.diagflat(x)'),
    fn('TorchMovedim', X4, 'torch.movedim(x, 1, 3)'), fn('TorchT', X2, 'torch.t(x)'), fn('TorchRavel', X4, 'torch.ravel(x)'),
    fn('TorchRavelStrided', X4, 'torch.ravel(x.transpose(1, 2))'),
    fn('TorchRepeatInterleave', X2, 'torch.repeat_interleave(x, 2, dim=1)'), fn('TensorUnfold', X3, 'x.unfold(2, 3, 2)'),
    pair('TorchHstack', 'torch.hstack([a, b])'), pair('TorchVstack', 'torch.vstack([a, b])'),
    pair('TorchDstack', 'torch.dstack([a, b])'), pair('TorchColumnStack', 'torch.column_stack([a, b])'),
    ('TorchMeshgrid', '(8,)', "a, b = x.chunk(2)\ng, h = torch.meshgrid(a, b, indexing='ij')\nreturn g + h", None),
    fn('TorchBroadcastTo', '(3, 1)', 'torch.broadcast_to(x, (3, 4))'),
    ('TorchBroadcastTensors', '(3, 5)', 'a, b = x.split([1, 4], dim=1)\nc, d = torch.broadcast_tensors(a, b)\nreturn c + d', None),
    fn('TorchAtleast1d', '(4,)', 'torch.atleast_1d(x)'), fn('TorchAtleast2d', '(4,)', 'torch.atleast_2d(x)'),
    fn('TorchAtleast3d', X2, 'torch.atleast_3d(x)'),
    module('UnfoldLayer', X4, 'nn.Unfold(3)'), fn('FUnfold', X4, 'F.unfold(x, 2, stride=2)'),
    module('FoldLayer', '(2, 12, 9)', 'nn.Fold((4, 4), 2)'), fn('FFold', '(2, 12, 9)', 'F.fold(x, (4, 4), 2)'),
    # losses (the target made in forward)
    module('MSELossLayer', X2, 'nn.MSELoss()', 'self.op(x, torch.zeros(4, 6))'),
    fn('FMseLossCall', X2, "F.mse_loss(x, torch.ones(4, 6), reduction='sum')"),
    module('L1LossLayer', X2, 'nn.L1Loss()', 'self.op(x, torch.zeros(4, 6))'), fn('FL1LossCall', X2, 'F.l1_loss(x, torch.ones(4, 6))'),
    module('SmoothL1LossLayer', X2, 'nn.SmoothL1Loss()', 'self.op(x, torch.zeros(4, 6))'),
    fn('FSmoothL1LossCall', X2, 'F.smooth_l1_loss(x, torch.ones(4, 6))'),
    module('HuberLossLayer', X2, 'nn.HuberLoss()', 'self.op(x, torch.zeros(4, 6))'),
    fn('FHuberLossCall', X2, 'F.huber_loss(x, torch.ones(4, 6))'),
    module('BCELossLayer', X2, 'nn.BCELoss()', 'self.op(torch.sigmoid(x), torch.zeros(4, 6))'),
    fn('FBinaryCrossEntropy', X2, 'F.binary_cross_entropy(torch.sigmoid(x), torch.ones(4, 6))'),
    module('BCEWithLogitsLossLayer', X2, 'nn.BCEWithLogitsLoss()', 'self.op(x, torch.zeros(4, 6))'),
    fn('FBinaryCrossEntropyWithLogits', X2, 'F.binary_cross_entropy_with_logits(x, torch.ones(4, 6))'),
    fn('TorchBinaryCrossEntropyWithLogits', X2, 'torch.binary_cross_entropy_with_logits(x, torch.ones(4, 6), None, None, 1)'),
    module('KLDivLossLayer', X2, "nn.KLDivLoss(reduction='batchmean')", 'self.op(F.log_softmax(x, 1), torch.full((4, 6), 1 / 6))'),
    fn('FKlDiv', X2, "F.kl_div(x, torch.full((4, 6), 0.5), reduction='sum')"),
    fn('TorchKlDiv', X2, 'torch.kl_div(x, torch.full((4, 6), 0.5), 1)'),
    module('CrossEntropyLossLayer', X2, 'nn.CrossEntropyLoss()', 'self.op(x, torch.zeros(4, dtype=torch.long))'),
    fn('FCrossEntropy', X2, 'F.cross_entropy(x, torch.ones(4, dtype=torch.long))'),
    fn('FCrossEntropyProbs', X2, 'F.cross_entropy(x, torch.full((4, 6), 1 / 6))'),
    module('NLLLossLayer', X2, 'nn.NLLLoss()', 'self.op(x, torch.zeros(4, dtype=torch.long))'),
    module('NLLLoss2dLayer', X4, 'nn.NLLLoss2d()', 'self.op(x, torch.zeros(2, 8, 8, dtype=torch.long))'),
    fn('FNllLossCall', X2, 'F.nll_loss(x, torch.ones(4, dtype=torch.long))'),
    # the rest
    fn('FOneHot', X2, 'x + F.one_hot(torch.arange(4), 6)'),
    module('ChannelShuffleLayer', '(2, 4, 3, 3)', 'nn.ChannelShuffle(2)'), fn('FChannelShuffle', '(2, 4, 3, 3)', 'F.channel_shuffle(x, 2)'),
    fn('FNativeChannelShuffle', '(2, 4, 3, 3)', 'F.native_channel_shuffle(x, 2)'),
]


def render(name, shape, body, ctor):
    init = '\n'.join(f'        {line}' for line in (ctor or 'pass').split('\n'))
    fwd = '\n'.join(f'        {line}' for line in body.split('\n'))
    return (f'# input: {shape}\nclass {name}(nn.Module):\n    def __init__(self):\n        super().__init__()\n{init}\n\n'
            f'    def forward(self, x):\n{fwd}\n')


def main():
    names = [c[0] for c in CASES]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise SystemExit(f'duplicate case names: {sorted(dup)}')
    head = ('# Generated by scripts/gen_op_cases_registry.py: one model per registry op with a saved-tensor rule that\n'
            '# op_cases.py and the model fixtures do not already measure (scripts/gen_memory_fixtures.py measures each).\n'
            'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n')
    with open(OUT, 'w') as fh:
        fh.write(head + '\n'.join(render(*c) for c in CASES))
    print(f'{len(CASES)} cases → {os.path.relpath(OUT, ROOT)}')


if __name__ == '__main__':
    main()
