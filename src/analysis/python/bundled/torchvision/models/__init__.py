"""ShapeLens's own description of torchvision.models, read by the analysis (never run): each architecture's layers
under the names and in the order torchvision gives them, so that `model.fc`, `model.classifier[6]` and
`list(model.children())[:-1]` mean what they mean in PyTorch. Weights are never loaded: they change no shape."""
from .alexnet import *
from .convnext import *
from .densenet import *
from .efficientnet import *
from .googlenet import *
from .inception import *
from .mobilenetv2 import *
from .mobilenetv3 import *
from .resnet import *
from .shufflenetv2 import *
from .squeezenet import *
from .vgg import *
from .vision_transformer import *
from ._api import Weights

_BUILDERS = {
    'alexnet': alexnet,
    'convnext_tiny': convnext_tiny, 'convnext_small': convnext_small, 'convnext_base': convnext_base,
    'convnext_large': convnext_large,
    'densenet121': densenet121, 'densenet161': densenet161, 'densenet169': densenet169, 'densenet201': densenet201,
    'efficientnet_b0': efficientnet_b0, 'efficientnet_b1': efficientnet_b1, 'efficientnet_b2': efficientnet_b2,
    'efficientnet_b3': efficientnet_b3, 'efficientnet_b4': efficientnet_b4, 'efficientnet_b5': efficientnet_b5,
    'efficientnet_b6': efficientnet_b6, 'efficientnet_b7': efficientnet_b7,
    'googlenet': googlenet, 'inception_v3': inception_v3,
    'mobilenet_v2': mobilenet_v2, 'mobilenet_v3_large': mobilenet_v3_large, 'mobilenet_v3_small': mobilenet_v3_small,
    'resnet18': resnet18, 'resnet34': resnet34, 'resnet50': resnet50, 'resnet101': resnet101, 'resnet152': resnet152,
    'resnext50_32x4d': resnext50_32x4d, 'resnext101_32x8d': resnext101_32x8d, 'resnext101_64x4d': resnext101_64x4d,
    'wide_resnet50_2': wide_resnet50_2, 'wide_resnet101_2': wide_resnet101_2,
    'shufflenet_v2_x0_5': shufflenet_v2_x0_5, 'shufflenet_v2_x1_0': shufflenet_v2_x1_0,
    'shufflenet_v2_x1_5': shufflenet_v2_x1_5, 'shufflenet_v2_x2_0': shufflenet_v2_x2_0,
    'squeezenet1_0': squeezenet1_0, 'squeezenet1_1': squeezenet1_1,
    'vgg11': vgg11, 'vgg11_bn': vgg11_bn, 'vgg13': vgg13, 'vgg13_bn': vgg13_bn, 'vgg16': vgg16, 'vgg16_bn': vgg16_bn,
    'vgg19': vgg19, 'vgg19_bn': vgg19_bn,
    'vit_b_16': vit_b_16, 'vit_b_32': vit_b_32, 'vit_l_16': vit_l_16, 'vit_l_32': vit_l_32, 'vit_h_14': vit_h_14,
}


def list_models(module=None, include=None, exclude=None):
    return sorted(_BUILDERS.keys())


def get_model_builder(name):
    return _BUILDERS[name.lower()]


def get_model(name, **config):
    return _BUILDERS[name.lower()](**config)
