"""Weights enums and the checks torchvision makes when weights are asked for. ShapeLens never loads weights: they
change no shape, but asking for them fixes the number of classes at the 1,000 ImageNet classes, as torchvision does."""


class Weights:
    def __init__(self, name, num_classes=1000, min_size=224):
        self.name = name
        self.num_classes = num_classes
        self.min_size = min_size

    def transforms(self):
        return None


def overwrite_named_param(kwargs, param, new_value):
    """A parameter the weights fix: torchvision raises when the caller asked for another value."""
    if param in kwargs:
        if kwargs[param] != new_value:
            raise ValueError(f"The parameter '{param}' expected value {new_value} but got {kwargs[param]} instead.")
    else:
        kwargs[param] = new_value


def pretrained_classes(weights, pretrained, kwargs):
    """With weights (or the older pretrained=True), num_classes must be 1000: torchvision raises otherwise."""
    if weights is not None or pretrained:
        overwrite_named_param(kwargs, 'num_classes', 1000)


def inception_weights(weights, pretrained, kwargs):
    """GoogLeNet's and Inception v3's weights fix their input transform, their auxiliary classifiers and their init, as
    torchvision fixes them; whether weights were asked for."""
    if weights is None and not pretrained:
        return False
    if 'transform_input' not in kwargs:
        kwargs['transform_input'] = True
    overwrite_named_param(kwargs, 'aux_logits', True)
    overwrite_named_param(kwargs, 'init_weights', False)
    pretrained_classes(weights, pretrained, kwargs)
    return True


def imagenet_input(model, size=224):
    """Says the input torchvision's ImageNet weights for this model are trained and evaluated at (ShapeLens reads
    it where nothing in the user's code states an input; PyTorch has no such attribute)."""
    model.__shapelens_input__ = {
        'input_size': (3, size, size),
        'why': f"torchvision's ImageNet size for this model ({size} × {size}, what its weights' transforms crop)",
    }
    return model
