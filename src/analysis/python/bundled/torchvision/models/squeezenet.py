"""SqueezeNet 1.0 (Iandola et al. 2016) and 1.1, with torchvision's module names and order: features, classifier
(the final 1×1 convolution is classifier.1)."""
import torch
import torch.nn as nn

from ._api import Weights, imagenet_input, pretrained_classes

__all__ = ['SqueezeNet', 'squeezenet1_0', 'squeezenet1_1', 'SqueezeNet1_0_Weights', 'SqueezeNet1_1_Weights']


class Fire(nn.Module):
    def __init__(self, inplanes, squeeze_planes, expand1x1_planes, expand3x3_planes):
        super().__init__()
        self.inplanes = inplanes
        self.squeeze = nn.Conv2d(inplanes, squeeze_planes, kernel_size=1)
        self.squeeze_activation = nn.ReLU(inplace=True)
        self.expand1x1 = nn.Conv2d(squeeze_planes, expand1x1_planes, kernel_size=1)
        self.expand1x1_activation = nn.ReLU(inplace=True)
        self.expand3x3 = nn.Conv2d(squeeze_planes, expand3x3_planes, kernel_size=3, padding=1)
        self.expand3x3_activation = nn.ReLU(inplace=True)

    def forward(self, x):
        x = self.squeeze_activation(self.squeeze(x))
        return torch.cat(
            [self.expand1x1_activation(self.expand1x1(x)), self.expand3x3_activation(self.expand3x3(x))], 1)


class SqueezeNet(nn.Module):
    def __init__(self, version='1_0', num_classes=1000, dropout=0.5):
        super().__init__()
        self.num_classes = num_classes
        if version == '1_0':
            self.features = nn.Sequential(
                nn.Conv2d(3, 96, kernel_size=7, stride=2), nn.ReLU(inplace=True),
                nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
                Fire(96, 16, 64, 64), Fire(128, 16, 64, 64), Fire(128, 32, 128, 128),
                nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
                Fire(256, 32, 128, 128), Fire(256, 48, 192, 192), Fire(384, 48, 192, 192), Fire(384, 64, 256, 256),
                nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
                Fire(512, 64, 256, 256),
            )
        elif version == '1_1':
            self.features = nn.Sequential(
                nn.Conv2d(3, 64, kernel_size=3, stride=2), nn.ReLU(inplace=True),
                nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
                Fire(64, 16, 64, 64), Fire(128, 16, 64, 64),
                nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
                Fire(128, 32, 128, 128), Fire(256, 32, 128, 128),
                nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
                Fire(256, 48, 192, 192), Fire(384, 48, 192, 192), Fire(384, 64, 256, 256), Fire(512, 64, 256, 256),
            )
        else:
            raise ValueError(f'Unsupported SqueezeNet version {version}: 1_0 or 1_1 expected')
        final_conv = nn.Conv2d(512, self.num_classes, kernel_size=1)
        self.classifier = nn.Sequential(
            nn.Dropout(p=dropout), final_conv, nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d((1, 1)))

    def forward(self, x):
        x = self.classifier(self.features(x))
        return torch.flatten(x, 1)


class SqueezeNet1_0_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class SqueezeNet1_1_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


def squeezenet1_0(pretrained=False, progress=True, *, weights=None, **kwargs):
    pretrained_classes(weights, pretrained, kwargs)
    return imagenet_input(SqueezeNet('1_0', **kwargs))


def squeezenet1_1(pretrained=False, progress=True, *, weights=None, **kwargs):
    pretrained_classes(weights, pretrained, kwargs)
    return imagenet_input(SqueezeNet('1_1', **kwargs))
