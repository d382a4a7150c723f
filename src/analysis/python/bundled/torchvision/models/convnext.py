"""ConvNeXt tiny, small, base and large (Liu et al. 2022), with torchvision's module names and order: features (a
4×4 patchify stem, four stages of CNBlocks with downsampling between them), avgpool, classifier."""
from functools import partial

import torch
import torch.nn as nn
import torch.nn.functional as F

from ._api import Weights, imagenet_input, pretrained_classes
from ._ops import Conv2dNormActivation, Permute, StochasticDepth

__all__ = [
    'ConvNeXt', 'convnext_tiny', 'convnext_small', 'convnext_base', 'convnext_large',
    'ConvNeXt_Tiny_Weights', 'ConvNeXt_Small_Weights', 'ConvNeXt_Base_Weights', 'ConvNeXt_Large_Weights',
]


class LayerNorm2d(nn.LayerNorm):
    """LayerNorm over the channels of an (N, C, H, W) map."""

    def forward(self, x):
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)


class CNBlock(nn.Module):
    def __init__(self, dim, layer_scale, stochastic_depth_prob, norm_layer=None):
        super().__init__()
        norm_layer = norm_layer or partial(nn.LayerNorm, eps=1e-6)
        self.block = nn.Sequential(
            nn.Conv2d(dim, dim, kernel_size=7, padding=3, groups=dim, bias=True),
            Permute([0, 2, 3, 1]),
            norm_layer(dim),
            nn.Linear(in_features=dim, out_features=4 * dim, bias=True),
            nn.GELU(),
            nn.Linear(in_features=4 * dim, out_features=dim, bias=True),
            Permute([0, 3, 1, 2]),
        )
        self.layer_scale = nn.Parameter(torch.ones(dim, 1, 1) * layer_scale)
        self.stochastic_depth = StochasticDepth(stochastic_depth_prob, 'row')

    def forward(self, input):
        result = self.layer_scale * self.block(input)
        result = self.stochastic_depth(result)
        return result + input


class CNBlockConfig:
    def __init__(self, input_channels, out_channels, num_layers):
        self.input_channels = input_channels
        self.out_channels = out_channels
        self.num_layers = num_layers


class ConvNeXt(nn.Module):
    def __init__(self, block_setting, stochastic_depth_prob=0.0, layer_scale=1e-6, num_classes=1000, block=None,
                 norm_layer=None, **kwargs):
        super().__init__()
        block = block or CNBlock
        norm_layer = norm_layer or partial(LayerNorm2d, eps=1e-6)
        layers = []
        firstconv_output_channels = block_setting[0].input_channels
        layers.append(Conv2dNormActivation(3, firstconv_output_channels, kernel_size=4, stride=4, padding=0,
                                           norm_layer=norm_layer, activation_layer=None, bias=True))
        total_stage_blocks = sum(cnf.num_layers for cnf in block_setting)
        stage_block_id = 0
        for cnf in block_setting:
            stage = []
            for _ in range(cnf.num_layers):
                sd_prob = stochastic_depth_prob * stage_block_id / (total_stage_blocks - 1.0)
                stage.append(block(cnf.input_channels, layer_scale, sd_prob))
                stage_block_id += 1
            layers.append(nn.Sequential(*stage))
            if cnf.out_channels is not None:
                layers.append(nn.Sequential(norm_layer(cnf.input_channels),
                                            nn.Conv2d(cnf.input_channels, cnf.out_channels, kernel_size=2, stride=2)))
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        lastblock = block_setting[-1]
        lastconv_output_channels = lastblock.out_channels if lastblock.out_channels is not None else lastblock.input_channels
        self.classifier = nn.Sequential(norm_layer(lastconv_output_channels), nn.Flatten(1),
                                        nn.Linear(lastconv_output_channels, num_classes))

    def forward(self, x):
        x = self.avgpool(self.features(x))
        return self.classifier(x)


def _convnext(widths, depths, stochastic_depth_prob, weights, pretrained, kwargs):
    pretrained_classes(weights, pretrained, kwargs)
    setting = [CNBlockConfig(widths[i], widths[i + 1] if i + 1 < len(widths) else None, depths[i])
               for i in range(len(widths))]
    return imagenet_input(ConvNeXt(setting, stochastic_depth_prob=stochastic_depth_prob, **kwargs))


class ConvNeXt_Tiny_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class ConvNeXt_Small_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class ConvNeXt_Base_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class ConvNeXt_Large_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


def convnext_tiny(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _convnext([96, 192, 384, 768], [3, 3, 9, 3], 0.1, weights, pretrained, kwargs)


def convnext_small(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _convnext([96, 192, 384, 768], [3, 3, 27, 3], 0.4, weights, pretrained, kwargs)


def convnext_base(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _convnext([128, 256, 512, 1024], [3, 3, 27, 3], 0.5, weights, pretrained, kwargs)


def convnext_large(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _convnext([192, 384, 768, 1536], [3, 3, 27, 3], 0.5, weights, pretrained, kwargs)
