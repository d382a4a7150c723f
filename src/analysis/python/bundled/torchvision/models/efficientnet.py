"""EfficientNet B0–B7 (Tan & Le 2019), with torchvision's module names and order: features (a stem, seven stages of
MBConv blocks scaled in width and depth, a 1×1 convolution), avgpool, classifier."""
import copy
import math
from functools import partial

import torch
import torch.nn as nn

from ._api import Weights, imagenet_input, pretrained_classes
from ._ops import Conv2dNormActivation, SqueezeExcitation, StochasticDepth
from ._utils import _make_divisible

__all__ = [
    'EfficientNet', 'efficientnet_b0', 'efficientnet_b1', 'efficientnet_b2', 'efficientnet_b3', 'efficientnet_b4',
    'efficientnet_b5', 'efficientnet_b6', 'efficientnet_b7',
    'EfficientNet_B0_Weights', 'EfficientNet_B1_Weights', 'EfficientNet_B2_Weights', 'EfficientNet_B3_Weights',
    'EfficientNet_B4_Weights', 'EfficientNet_B5_Weights', 'EfficientNet_B6_Weights', 'EfficientNet_B7_Weights',
]


class MBConvConfig:
    def __init__(self, expand_ratio, kernel, stride, input_channels, out_channels, num_layers, width_mult=1.0,
                 depth_mult=1.0):
        self.expand_ratio = expand_ratio
        self.kernel = kernel
        self.stride = stride
        self.input_channels = self.adjust_channels(input_channels, width_mult)
        self.out_channels = self.adjust_channels(out_channels, width_mult)
        self.num_layers = int(math.ceil(num_layers * depth_mult))

    @staticmethod
    def adjust_channels(channels, width_mult, min_value=None):
        return _make_divisible(channels * width_mult, 8, min_value)


class MBConv(nn.Module):
    def __init__(self, cnf, stochastic_depth_prob, norm_layer, se_layer=SqueezeExcitation):
        super().__init__()
        if not (1 <= cnf.stride <= 2):
            raise ValueError('illegal stride value')
        self.use_res_connect = cnf.stride == 1 and cnf.input_channels == cnf.out_channels
        layers = []
        activation_layer = nn.SiLU
        expanded_channels = cnf.adjust_channels(cnf.input_channels, cnf.expand_ratio)
        if expanded_channels != cnf.input_channels:
            layers.append(Conv2dNormActivation(cnf.input_channels, expanded_channels, kernel_size=1,
                                               norm_layer=norm_layer, activation_layer=activation_layer))
        layers.append(Conv2dNormActivation(expanded_channels, expanded_channels, kernel_size=cnf.kernel,
                                           stride=cnf.stride, groups=expanded_channels, norm_layer=norm_layer,
                                           activation_layer=activation_layer))
        squeeze_channels = max(1, cnf.input_channels // 4)
        layers.append(se_layer(expanded_channels, squeeze_channels, activation=partial(nn.SiLU, inplace=True)))
        layers.append(Conv2dNormActivation(expanded_channels, cnf.out_channels, kernel_size=1, norm_layer=norm_layer,
                                           activation_layer=None))
        self.block = nn.Sequential(*layers)
        self.stochastic_depth = StochasticDepth(stochastic_depth_prob, 'row')
        self.out_channels = cnf.out_channels

    def forward(self, input):
        result = self.block(input)
        if self.use_res_connect:
            result = self.stochastic_depth(result)
            result = result + input
        return result


class EfficientNet(nn.Module):
    def __init__(self, inverted_residual_setting, dropout, stochastic_depth_prob=0.2, num_classes=1000,
                 norm_layer=None, last_channel=None, **kwargs):
        super().__init__()
        norm_layer = norm_layer or nn.BatchNorm2d
        layers = []
        firstconv_output_channels = inverted_residual_setting[0].input_channels
        layers.append(Conv2dNormActivation(3, firstconv_output_channels, kernel_size=3, stride=2, norm_layer=norm_layer,
                                           activation_layer=nn.SiLU))
        total_stage_blocks = sum(cnf.num_layers for cnf in inverted_residual_setting)
        stage_block_id = 0
        for cnf in inverted_residual_setting:
            stage = []
            for _ in range(cnf.num_layers):
                block_cnf = copy.copy(cnf)
                if stage:
                    block_cnf.input_channels = block_cnf.out_channels
                    block_cnf.stride = 1
                sd_prob = stochastic_depth_prob * float(stage_block_id) / total_stage_blocks
                stage.append(MBConv(block_cnf, sd_prob, norm_layer))
                stage_block_id += 1
            layers.append(nn.Sequential(*stage))
        lastconv_input_channels = inverted_residual_setting[-1].out_channels
        lastconv_output_channels = last_channel if last_channel is not None else 4 * lastconv_input_channels
        layers.append(Conv2dNormActivation(lastconv_input_channels, lastconv_output_channels, kernel_size=1,
                                           norm_layer=norm_layer, activation_layer=nn.SiLU))
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Dropout(p=dropout, inplace=True),
                                        nn.Linear(lastconv_output_channels, num_classes))

    def forward(self, x):
        x = self.avgpool(self.features(x))
        x = torch.flatten(x, 1)
        return self.classifier(x)


def _efficientnet(width_mult, depth_mult, dropout, size, weights, pretrained, kwargs, norm_layer=None):
    pretrained_classes(weights, pretrained, kwargs)
    bneck_conf = partial(MBConvConfig, width_mult=width_mult, depth_mult=depth_mult)
    setting = [
        bneck_conf(1, 3, 1, 32, 16, 1),
        bneck_conf(6, 3, 2, 16, 24, 2),
        bneck_conf(6, 5, 2, 24, 40, 2),
        bneck_conf(6, 3, 2, 40, 80, 3),
        bneck_conf(6, 5, 1, 80, 112, 3),
        bneck_conf(6, 5, 2, 112, 192, 4),
        bneck_conf(6, 3, 1, 192, 320, 1),
    ]
    if norm_layer is not None:
        kwargs['norm_layer'] = norm_layer
    return imagenet_input(EfficientNet(setting, kwargs.pop('dropout', dropout), **kwargs), size)


class EfficientNet_B0_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class EfficientNet_B1_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    IMAGENET1K_V2 = Weights('IMAGENET1K_V2')
    DEFAULT = IMAGENET1K_V2


class EfficientNet_B2_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class EfficientNet_B3_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class EfficientNet_B4_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class EfficientNet_B5_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class EfficientNet_B6_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class EfficientNet_B7_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


def efficientnet_b0(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _efficientnet(1.0, 1.0, 0.2, 224, weights, pretrained, kwargs)


def efficientnet_b1(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _efficientnet(1.0, 1.1, 0.2, 240, weights, pretrained, kwargs)


def efficientnet_b2(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _efficientnet(1.1, 1.2, 0.3, 288, weights, pretrained, kwargs)


def efficientnet_b3(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _efficientnet(1.2, 1.4, 0.3, 300, weights, pretrained, kwargs)


def efficientnet_b4(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _efficientnet(1.4, 1.8, 0.4, 380, weights, pretrained, kwargs)


def efficientnet_b5(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _efficientnet(1.6, 2.2, 0.4, 456, weights, pretrained, kwargs, partial(nn.BatchNorm2d, eps=0.001, momentum=0.01))


def efficientnet_b6(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _efficientnet(1.8, 2.6, 0.5, 528, weights, pretrained, kwargs, partial(nn.BatchNorm2d, eps=0.001, momentum=0.01))


def efficientnet_b7(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _efficientnet(2.0, 3.1, 0.5, 600, weights, pretrained, kwargs, partial(nn.BatchNorm2d, eps=0.001, momentum=0.01))
