"""AlexNet (Krizhevsky et al. 2012, in the one-GPU form of Krizhevsky 2014 that torchvision builds), with
torchvision's module names and order: features, avgpool, classifier."""
import torch
import torch.nn as nn

from ._api import Weights, imagenet_input, pretrained_classes

__all__ = ['AlexNet', 'alexnet', 'AlexNet_Weights']


class AlexNet(nn.Module):
    def __init__(self, num_classes=1000, dropout=0.5):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 64, kernel_size=11, stride=4, padding=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(64, 192, kernel_size=5, padding=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(192, 384, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(384, 256, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(256, 256, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
        )
        self.avgpool = nn.AdaptiveAvgPool2d((6, 6))
        self.classifier = nn.Sequential(
            nn.Dropout(p=dropout), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(inplace=True),
            nn.Dropout(p=dropout), nn.Linear(4096, 4096), nn.ReLU(inplace=True),
            nn.Linear(4096, num_classes),
        )

    def forward(self, x):
        x = self.avgpool(self.features(x))
        x = torch.flatten(x, 1)
        return self.classifier(x)


class AlexNet_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


def alexnet(pretrained=False, progress=True, *, weights=None, **kwargs):
    pretrained_classes(weights, pretrained, kwargs)
    return imagenet_input(AlexNet(**kwargs))
