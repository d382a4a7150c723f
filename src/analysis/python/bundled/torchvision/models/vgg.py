"""VGG (Simonyan & Zisserman 2014), configurations A, B, D and E, with and without batch normalisation, with
torchvision's module names and order: features, avgpool, classifier."""
import torch
import torch.nn as nn

from ._api import Weights, imagenet_input, overwrite_named_param, pretrained_classes

__all__ = [
    'VGG', 'vgg11', 'vgg11_bn', 'vgg13', 'vgg13_bn', 'vgg16', 'vgg16_bn', 'vgg19', 'vgg19_bn',
    'VGG11_Weights', 'VGG11_BN_Weights', 'VGG13_Weights', 'VGG13_BN_Weights', 'VGG16_Weights', 'VGG16_BN_Weights',
    'VGG19_Weights', 'VGG19_BN_Weights',
]


class VGG(nn.Module):
    def __init__(self, features, num_classes=1000, init_weights=True, dropout=0.5):
        super().__init__()
        self.features = features
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
        self.classifier = nn.Sequential(
            nn.Linear(512 * 7 * 7, 4096), nn.ReLU(True), nn.Dropout(p=dropout),
            nn.Linear(4096, 4096), nn.ReLU(True), nn.Dropout(p=dropout),
            nn.Linear(4096, num_classes),
        )

    def forward(self, x):
        x = self.avgpool(self.features(x))
        x = torch.flatten(x, 1)
        return self.classifier(x)


def make_layers(cfg, batch_norm=False):
    layers = []
    in_channels = 3
    for v in cfg:
        if v == 'M':
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
        else:
            conv2d = nn.Conv2d(in_channels, v, kernel_size=3, padding=1)
            if batch_norm:
                layers += [conv2d, nn.BatchNorm2d(v), nn.ReLU(inplace=True)]
            else:
                layers += [conv2d, nn.ReLU(inplace=True)]
            in_channels = v
    return nn.Sequential(*layers)


cfgs = {
    'A': [64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'],
    'B': [64, 64, 'M', 128, 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'],
    'D': [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'],
    'E': [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 256, 'M', 512, 512, 512, 512, 'M', 512, 512, 512, 512, 'M'],
}


def _vgg(cfg, batch_norm, weights, pretrained, kwargs):
    pretrained_classes(weights, pretrained, kwargs)
    if weights is not None or pretrained:
        overwrite_named_param(kwargs, 'init_weights', False)
    return imagenet_input(VGG(make_layers(cfgs[cfg], batch_norm=batch_norm), **kwargs))


class VGG11_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class VGG11_BN_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class VGG13_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class VGG13_BN_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class VGG16_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    IMAGENET1K_FEATURES = Weights('IMAGENET1K_FEATURES')
    DEFAULT = IMAGENET1K_V1


class VGG16_BN_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class VGG19_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class VGG19_BN_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


def vgg11(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _vgg('A', False, weights, pretrained, kwargs)


def vgg11_bn(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _vgg('A', True, weights, pretrained, kwargs)


def vgg13(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _vgg('B', False, weights, pretrained, kwargs)


def vgg13_bn(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _vgg('B', True, weights, pretrained, kwargs)


def vgg16(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _vgg('D', False, weights, pretrained, kwargs)


def vgg16_bn(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _vgg('D', True, weights, pretrained, kwargs)


def vgg19(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _vgg('E', False, weights, pretrained, kwargs)


def vgg19_bn(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _vgg('E', True, weights, pretrained, kwargs)
