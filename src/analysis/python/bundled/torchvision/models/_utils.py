"""Helpers shared by torchvision's architectures, and the backbone wrapper other projects import."""
from collections import OrderedDict

from torch import nn


def _make_divisible(v, divisor, min_value=None):
    """The channel count nearest v that divides by divisor, never below 90 % of v (the MobileNet rule)."""
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


class IntermediateLayerGetter(nn.ModuleDict):
    """The children of `model` up to the last one named in `return_layers`, run in order; forward returns an
    OrderedDict of the outputs of the named children, each under the name return_layers gives it (torchvision's
    documented helper for backbones: DETR, FCN, DeepLabV3). Children called in model.forward but not registered in
    order are not seen, as in torchvision."""

    def __init__(self, model, return_layers):
        names = [name for name, _ in model.named_children()]
        for key in return_layers:
            if key not in names:
                raise ValueError("return_layers are not present in model")
        kept = OrderedDict()
        left = len(return_layers)
        for name, module in model.named_children():
            kept[name] = module
            if name in return_layers:
                left -= 1
            if left == 0:
                break
        super().__init__(kept)
        self.return_layers = {str(k): str(v) for k, v in return_layers.items()}

    def forward(self, x):
        out = OrderedDict()
        for name, module in self.items():
            x = module(x)
            if name in self.return_layers:
                out[self.return_layers[name]] = x
        return out
