"""MobileNetV3 large and small (Howard et al. 2019), with torchvision's module names and order: features (a stem,
the inverted residual blocks of the paper's tables 1 and 2, a 1×1 convolution), avgpool, classifier."""
from functools import partial

import torch
import torch.nn as nn

from ._api import Weights, imagenet_input, pretrained_classes
from ._ops import Conv2dNormActivation, SqueezeExcitation
from ._utils import _make_divisible

__all__ = ['MobileNetV3', 'mobilenet_v3_large', 'mobilenet_v3_small', 'MobileNet_V3_Large_Weights',
           'MobileNet_V3_Small_Weights']


class InvertedResidualConfig:
    def __init__(self, input_channels, kernel, expanded_channels, out_channels, use_se, activation, stride, dilation,
                 width_mult):
        self.input_channels = self.adjust_channels(input_channels, width_mult)
        self.kernel = kernel
        self.expanded_channels = self.adjust_channels(expanded_channels, width_mult)
        self.out_channels = self.adjust_channels(out_channels, width_mult)
        self.use_se = use_se
        self.use_hs = activation == 'HS'
        self.stride = stride
        self.dilation = dilation

    @staticmethod
    def adjust_channels(channels, width_mult):
        return _make_divisible(channels * width_mult, 8)


class InvertedResidual(nn.Module):
    def __init__(self, cnf, norm_layer, se_layer=partial(SqueezeExcitation, scale_activation=nn.Hardsigmoid)):
        super().__init__()
        if not (1 <= cnf.stride <= 2):
            raise ValueError('illegal stride value')
        self.use_res_connect = cnf.stride == 1 and cnf.input_channels == cnf.out_channels
        layers = []
        activation_layer = nn.Hardswish if cnf.use_hs else nn.ReLU
        if cnf.expanded_channels != cnf.input_channels:
            layers.append(Conv2dNormActivation(cnf.input_channels, cnf.expanded_channels, kernel_size=1,
                                               norm_layer=norm_layer, activation_layer=activation_layer))
        stride = 1 if cnf.dilation > 1 else cnf.stride
        layers.append(Conv2dNormActivation(cnf.expanded_channels, cnf.expanded_channels, kernel_size=cnf.kernel,
                                           stride=stride, dilation=cnf.dilation, groups=cnf.expanded_channels,
                                           norm_layer=norm_layer, activation_layer=activation_layer))
        if cnf.use_se:
            squeeze_channels = _make_divisible(cnf.expanded_channels // 4, 8)
            layers.append(se_layer(cnf.expanded_channels, squeeze_channels))
        layers.append(Conv2dNormActivation(cnf.expanded_channels, cnf.out_channels, kernel_size=1, norm_layer=norm_layer,
                                           activation_layer=None))
        self.block = nn.Sequential(*layers)
        self.out_channels = cnf.out_channels
        self._is_cn = cnf.stride > 1

    def forward(self, input):
        result = self.block(input)
        if self.use_res_connect:
            result = result + input
        return result


class MobileNetV3(nn.Module):
    def __init__(self, inverted_residual_setting, last_channel, num_classes=1000, block=None, norm_layer=None,
                 dropout=0.2, **kwargs):
        super().__init__()
        block = block or InvertedResidual
        norm_layer = norm_layer or partial(nn.BatchNorm2d, eps=0.001, momentum=0.01)
        layers = []
        firstconv_output_channels = inverted_residual_setting[0].input_channels
        layers.append(Conv2dNormActivation(3, firstconv_output_channels, kernel_size=3, stride=2, norm_layer=norm_layer,
                                           activation_layer=nn.Hardswish))
        for cnf in inverted_residual_setting:
            layers.append(block(cnf, norm_layer))
        lastconv_input_channels = inverted_residual_setting[-1].out_channels
        lastconv_output_channels = 6 * lastconv_input_channels
        layers.append(Conv2dNormActivation(lastconv_input_channels, lastconv_output_channels, kernel_size=1,
                                           norm_layer=norm_layer, activation_layer=nn.Hardswish))
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(
            nn.Linear(lastconv_output_channels, last_channel), nn.Hardswish(inplace=True),
            nn.Dropout(p=dropout, inplace=True), nn.Linear(last_channel, num_classes),
        )

    def forward(self, x):
        x = self.avgpool(self.features(x))
        x = torch.flatten(x, 1)
        return self.classifier(x)


def _mobilenet_v3_conf(arch, width_mult=1.0, reduced_tail=False, dilated=False):
    reduce_divider = 2 if reduced_tail else 1
    dilation = 2 if dilated else 1
    bneck_conf = partial(InvertedResidualConfig, width_mult=width_mult)
    if arch == 'mobilenet_v3_large':
        setting = [
            bneck_conf(16, 3, 16, 16, False, 'RE', 1, 1),
            bneck_conf(16, 3, 64, 24, False, 'RE', 2, 1),
            bneck_conf(24, 3, 72, 24, False, 'RE', 1, 1),
            bneck_conf(24, 5, 72, 40, True, 'RE', 2, 1),
            bneck_conf(40, 5, 120, 40, True, 'RE', 1, 1),
            bneck_conf(40, 5, 120, 40, True, 'RE', 1, 1),
            bneck_conf(40, 3, 240, 80, False, 'HS', 2, 1),
            bneck_conf(80, 3, 200, 80, False, 'HS', 1, 1),
            bneck_conf(80, 3, 184, 80, False, 'HS', 1, 1),
            bneck_conf(80, 3, 184, 80, False, 'HS', 1, 1),
            bneck_conf(80, 3, 480, 112, True, 'HS', 1, 1),
            bneck_conf(112, 3, 672, 112, True, 'HS', 1, 1),
            bneck_conf(112, 5, 672, 160 // reduce_divider, True, 'HS', 2, dilation),
            bneck_conf(160 // reduce_divider, 5, 960 // reduce_divider, 160 // reduce_divider, True, 'HS', 1, dilation),
            bneck_conf(160 // reduce_divider, 5, 960 // reduce_divider, 160 // reduce_divider, True, 'HS', 1, dilation),
        ]
        last_channel = InvertedResidualConfig.adjust_channels(1280 // reduce_divider, width_mult)
    elif arch == 'mobilenet_v3_small':
        setting = [
            bneck_conf(16, 3, 16, 16, True, 'RE', 2, 1),
            bneck_conf(16, 3, 72, 24, False, 'RE', 2, 1),
            bneck_conf(24, 3, 88, 24, False, 'RE', 1, 1),
            bneck_conf(24, 5, 96, 40, True, 'HS', 2, 1),
            bneck_conf(40, 5, 240, 40, True, 'HS', 1, 1),
            bneck_conf(40, 5, 240, 40, True, 'HS', 1, 1),
            bneck_conf(40, 5, 120, 48, True, 'HS', 1, 1),
            bneck_conf(48, 5, 144, 48, True, 'HS', 1, 1),
            bneck_conf(48, 5, 288, 96 // reduce_divider, True, 'HS', 2, dilation),
            bneck_conf(96 // reduce_divider, 5, 576 // reduce_divider, 96 // reduce_divider, True, 'HS', 1, dilation),
            bneck_conf(96 // reduce_divider, 5, 576 // reduce_divider, 96 // reduce_divider, True, 'HS', 1, dilation),
        ]
        last_channel = InvertedResidualConfig.adjust_channels(1024 // reduce_divider, width_mult)
    else:
        raise ValueError(f'Unsupported model type {arch}')
    return setting, last_channel


def _mobilenet_v3(arch, weights, pretrained, kwargs):
    pretrained_classes(weights, pretrained, kwargs)
    setting, last_channel = _mobilenet_v3_conf(arch, kwargs.pop('width_mult', 1.0), kwargs.pop('reduced_tail', False),
                                               kwargs.pop('dilated', False))
    return imagenet_input(MobileNetV3(setting, last_channel, **kwargs))


class MobileNet_V3_Large_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    IMAGENET1K_V2 = Weights('IMAGENET1K_V2')
    DEFAULT = IMAGENET1K_V2


class MobileNet_V3_Small_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


def mobilenet_v3_large(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _mobilenet_v3('mobilenet_v3_large', weights, pretrained, kwargs)


def mobilenet_v3_small(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _mobilenet_v3('mobilenet_v3_small', weights, pretrained, kwargs)
