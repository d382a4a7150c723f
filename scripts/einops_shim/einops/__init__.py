"""NOT einops. A test-only reimplementation of the few einops calls the project fixtures use, with torch ops.

einops is not installed next to Debian's torch, and the fixture generator (scripts/gen_project_fixtures.py) must run
the fixtures' code. This package follows einops' documented semantics (https://einops.rocks/api/rearrange/,
/repeat/, /reduce/): a pattern `left -> right` names axes; parentheses group axes into one dimension; `1` is a
unit axis; `...` stands for the axes not named; axis lengths given by keyword split a group. rearrange only reorders
and regroups; repeat may add axes on the right (their lengths by keyword); reduce drops the axes missing on the
right with 'mean', 'sum', 'max', 'min' or 'prod'. A list of tensors is stacked first. Anything else raises.
The generator puts scripts/einops_shim first on sys.path; nothing in the product imports it.
"""
import math
import re

import torch

__all__ = ['rearrange', 'repeat', 'reduce']


def _parse_side(side):
    """'b (h p1) (w p2) c' -> [['b'], ['h', 'p1'], ['w', 'p2'], ['c']]; '1' is an anonymous unit axis."""
    groups, current = [], None
    for token in re.findall(r'\(|\)|\.\.\.|[A-Za-z_][A-Za-z0-9_]*|\d+', side):
        if token == '(':
            if current is not None:
                raise ValueError(f'nested parentheses in {side!r}')
            current = []
        elif token == ')':
            groups.append(current)
            current = None
        elif current is not None:
            current.append(token)
        else:
            groups.append([token])
    if current is not None:
        raise ValueError(f'unbalanced parentheses in {side!r}')
    return groups


def _expand_ellipsis(groups, ndim_left_named, ndim):
    out = []
    for g in groups:
        if g == ['...']:
            out.extend([[f'_e{i}'] for i in range(ndim - ndim_left_named)])
        elif '...' in g:
            i = g.index('...')
            out.append(g[:i] + [f'_e{k}' for k in range(ndim - ndim_left_named)] + g[i + 1:])
        else:
            out.append(g)
    return out


def _axis_lengths(tensor, left, lengths):
    known = dict(lengths)
    for group, size in zip(left, tensor.shape):
        unknown = [a for a in group if a not in known and not a.isdigit()]
        fixed = math.prod(int(a) if a.isdigit() else known[a] for a in group if a.isdigit() or a in known)
        if len(unknown) > 1:
            raise ValueError(f'cannot infer the lengths of {unknown}')
        if unknown:
            if size % fixed:
                raise ValueError(f'{size} is not divisible by {fixed}')
            known[unknown[0]] = size // fixed
        elif fixed != size:
            raise ValueError(f'axis group {group} has length {fixed}, the tensor {size}')
    return known


def _prepare(tensor, pattern):
    if isinstance(tensor, (list, tuple)):
        tensor = torch.stack(list(tensor))
    left_text, right_text = (s.strip() for s in pattern.split('->'))
    left, right = _parse_side(left_text), _parse_side(right_text)
    named = sum(1 for g in left if g != ['...'])
    if len(left) - (1 if ['...'] in left else 0) != named:
        raise ValueError('an ellipsis inside a group on the left is not supported here')
    left = _expand_ellipsis(left, named, tensor.dim())
    right = _expand_ellipsis(right, named, tensor.dim())
    if len(left) != tensor.dim():
        raise ValueError(f'pattern {pattern!r} has {len(left)} axes, the tensor {tensor.dim()}')
    return tensor, left, right


def _elementary(groups):
    return [a for g in groups for a in g if not a.isdigit()]


def _transform(tensor, pattern, lengths, reduction=None):
    tensor, left, right = _prepare(tensor, pattern)
    sizes = _axis_lengths(tensor, left, lengths)
    left_axes = _elementary(left)
    x = tensor.reshape([sizes[a] for a in left_axes])  # unit axes ('1') drop out
    right_axes = _elementary(right)
    dropped = [a for a in left_axes if a not in right_axes]
    if dropped:
        if reduction is None:
            raise ValueError(f'axes {dropped} are missing on the right of {pattern!r}')
        dims = [left_axes.index(a) for a in dropped]
        if reduction in ('max', 'min'):
            for d in sorted(dims, reverse=True):
                x = getattr(x, reduction)(dim=d).values
        else:
            x = getattr(torch, reduction)(x, dim=dims) if reduction != 'prod' else _prod(x, dims)
        left_axes = [a for a in left_axes if a not in dropped]
    new = [a for a in right_axes if a not in left_axes]
    x = x.permute([left_axes.index(a) for a in right_axes if a in left_axes])
    if new:
        kept = [a for a in right_axes if a in left_axes]
        view = []
        for a in right_axes:
            view.append(sizes[a] if a in kept else 1)
        x = x.reshape(view).expand([sizes[a] for a in right_axes])
    return x.reshape([math.prod(int(a) if a.isdigit() else sizes[a] for a in g) for g in right])


def _prod(x, dims):
    for d in sorted(dims, reverse=True):
        x = x.prod(dim=d)
    return x


def rearrange(tensor, pattern, **axes_lengths):
    return _transform(tensor, pattern, axes_lengths)


def repeat(tensor, pattern, **axes_lengths):
    return _transform(tensor, pattern, axes_lengths)


def reduce(tensor, pattern, reduction, **axes_lengths):
    return _transform(tensor, pattern, axes_lengths, reduction)
