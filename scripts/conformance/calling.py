"""How a conformance case calls a function whose optional tensors come after its values (F.layer_norm(input,
normalized_shape, weight, bias), F.multi_margin_loss(input, target, p, margin, weight)): the engine binds the tensors
a call passes to its tensor parameters in order, so the case lists them first and this wrapper passes them by name."""
import torch


def engine_order(fn, required, optional):
    """fn called as the engine binds it: the `required` leading tensors, then the values, then the optional tensors
    present, by name in the order of `optional` (the ones not given: None)."""
    def call(*a, **k):
        tensors = [x for x in a if isinstance(x, torch.Tensor)]
        values = [x for x in a if not isinstance(x, torch.Tensor)]
        extra = {name: None for name in optional}
        extra.update(zip(optional, tensors[required:]))
        return fn(*tensors[:required], *values, **extra, **k)
    return call
