#!/usr/bin/python3
"""Public PyTorch names, for the op-registry coverage test.

Run with Debian's torch:   /usr/bin/python3 scripts/dump_torch_names.py [OUTPUT]
Writes test/fixtures/torch_names.json (or OUTPUT), and prints to stdout which listing each namespace came from, the
counts, and what the filters left out, so a reviewer can see why a name is or is not in the fixture.

The fixture lists, each sorted, one name per line (json indent=2, so a torch upgrade diffs name by name):
  torch              functions of `torch.*`: callables that are not classes, modules or dtypes, no `_x` names.
                     Taken from torch.__all__ (torch defines one).
  torch_dir_only     public functions that dir(torch) shows but torch.__all__ leaves out (in 1.13: unique,
                     broadcast_shapes, lu, set_default_dtype, to_dlpack, ... — names torch/__init__.py binds
                     outside __all__). Dropped: names from `typing`, and second bindings of another public torch
                     function (loop variables leaking out of torch/__init__.py: `obj` is zeros_like, `candidate`
                     is wait).
  functional         public functions of torch.nn.functional (no __all__ in 1.13, so dir()). Kept: functions whose
                     __module__ is torch.nn.functional, or the ATen builtins it re-exports (__module__ torch or
                     torch._C._nn, e.g. conv2d, linear, gelu). Dropped: helpers it merely imports (typing,
                     torch.overrides.handle_torch_function, torch._C.has_torch_function*, boolean_dispatch).
  tensor             public methods of torch.Tensor (dir()), including the in-place `x_` variants. Properties
                     and attributes (shape, T, dtype, grad, ...) are not methods: they go to tensor_properties.
  tensor_dunder      the operator / container / conversion dunders of torch.Tensor (__add__, __radd__, __iadd__,
                     __matmul__, __getitem__, __len__, __bool__, ...): Python's data-model operator names that
                     torch.Tensor has. Object-protocol and interop dunders (__init__, __repr__, __reduce_ex__,
                     __array__, __dlpack__, __torch_function__, ...) are left out and printed.
  tensor_properties  public non-method attributes of torch.Tensor (shape, ndim, T, mT, H, mH, real, imag, ...).
  nn                 classes of torch.nn that subclass nn.Module (no __all__ on torch.nn in 1.13, so dir()),
                     including nn.Module itself, the containers and the Lazy* modules.

Naming in the registry follows the same split: 'Conv2d' (nn), 'F.relu' (functional), 'torch.cat' (torch),
'Tensor.view' (tensor and tensor_dunder, e.g. 'Tensor.__getitem__').
"""
import inspect
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'torch_names.json')

# Python's data-model operator, container and conversion methods: what `a + b`, `a @ b`, `a[i]`, `-a`, `len(a)`,
# `bool(a)`, `a += b` ... call. Each binary operator also has its reflected (__r*__) and in-place (__i*__) forms.
_BINARY = ['add', 'sub', 'mul', 'truediv', 'div', 'floordiv', 'mod', 'pow', 'matmul',
           'and', 'or', 'xor', 'lshift', 'rshift']
OPERATOR_DUNDERS = set()
for _op in _BINARY:
    OPERATOR_DUNDERS |= {f'__{_op}__', f'__r{_op}__', f'__i{_op}__'}
OPERATOR_DUNDERS |= {f'__{n}__' for n in (
    'eq', 'ne', 'lt', 'le', 'gt', 'ge',                           # comparison
    'neg', 'pos', 'abs', 'invert',                                # unary
    'getitem', 'setitem', 'delitem', 'len', 'contains', 'iter', 'reversed',   # container
    'bool', 'nonzero', 'int', 'long', 'float', 'complex', 'index', 'round',   # conversion
)}

FUNCTIONAL_MODULES = {'torch.nn.functional', 'torch', 'torch._C._nn'}


def is_function(obj):
    """A callable that is not a class, a module or a dtype."""
    return (callable(obj) and not inspect.isclass(obj) and not inspect.ismodule(obj)
            and not isinstance(obj, torch.dtype))


def is_leaked_alias(name, obj):
    """A second binding of another public torch function, e.g. `torch.obj is torch.zeros_like`: a loop variable
    that torch/__init__.py leaves behind, not an API."""
    real = getattr(obj, '__name__', name)
    return real != name and not real.startswith('_') and getattr(torch, real, None) is obj


def public(names):
    return [n for n in names if not n.startswith('_')]


def torch_functions(log):
    names = set()   # a set: torch.__all__ lists some names twice (chunk, split, stack, matmul, rand, randn)
    for n in public(torch.__all__):
        obj = getattr(torch, n, None)
        if is_function(obj):
            names.add(n)
    listed = set(torch.__all__)
    dir_only, dropped = [], []
    for n in public(dir(torch)):
        if n in listed:
            continue
        obj = getattr(torch, n)
        if not is_function(obj):
            continue
        if getattr(obj, '__module__', None) == 'typing' or is_leaked_alias(n, obj):
            dropped.append(n)
            continue
        dir_only.append(n)
    log.append(f'torch: torch.__all__ ({len(torch.__all__)} entries, of which {len(names)} public functions)')
    log.append(f'  public functions in dir(torch) but not in __all__ -> torch_dir_only: {sorted(dir_only)}')
    log.append(f'  dropped (typing names, leaked loop variables): {sorted(dropped)}')
    return sorted(names), sorted(dir_only)


def functional_functions(log):
    source = 'torch.nn.functional.__all__' if hasattr(F, '__all__') else 'dir(torch.nn.functional)'
    listing = F.__all__ if hasattr(F, '__all__') else dir(F)
    names, dropped = [], []
    for n in public(listing):
        obj = getattr(F, n)
        if not is_function(obj):
            continue
        if getattr(obj, '__module__', None) in FUNCTIONAL_MODULES:
            names.append(n)
        else:
            dropped.append(f'{n} ({getattr(obj, "__module__", None)})')
    log.append(f'functional: {source}')
    log.append(f'  dropped (helpers imported from elsewhere): {sorted(dropped)}')
    return sorted(names)


def tensor_members(log):
    source = 'torch.Tensor.__all__' if hasattr(torch.Tensor, '__all__') else 'dir(torch.Tensor)'
    methods, props = [], []
    for n in public(dir(torch.Tensor)):
        if inspect.isroutine(getattr(torch.Tensor, n)):
            methods.append(n)
        else:
            props.append(n)
    dunders = [n for n in dir(torch.Tensor) if n.startswith('__') and n.endswith('__')]
    ops = [n for n in dunders if n in OPERATOR_DUNDERS]
    other = [n for n in dunders if n not in OPERATOR_DUNDERS]
    log.append(f'tensor: {source}')
    log.append(f'  operator dunders the list names but torch.Tensor lacks: {sorted(OPERATOR_DUNDERS - set(dunders))}')
    log.append(f'  other dunders, left out: {sorted(other)}')
    return sorted(methods), sorted(ops), sorted(props)


def nn_modules(log):
    source = 'torch.nn.__all__' if hasattr(nn, '__all__') else 'dir(torch.nn)'
    listing = nn.__all__ if hasattr(nn, '__all__') else dir(nn)
    names, other = [], []
    for n in public(listing):
        obj = getattr(nn, n)
        if inspect.isclass(obj) and issubclass(obj, nn.Module):
            names.append(n)
        else:
            other.append(n)
    log.append(f'nn: {source}')
    log.append(f'  not nn.Module subclasses, left out: {sorted(other)}')
    return sorted(names)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    log = []
    torch_names, torch_dir_only = torch_functions(log)
    functional = functional_functions(log)
    tensor, tensor_dunder, tensor_properties = tensor_members(log)
    nn_names = nn_modules(log)
    lists = {
        'torch': torch_names,
        'torch_dir_only': torch_dir_only,
        'functional': functional,
        'tensor': tensor,
        'tensor_dunder': tensor_dunder,
        'tensor_properties': tensor_properties,
        'nn': nn_names,
    }
    doc = {
        'generator': 'scripts/dump_torch_names.py',
        'torch_version': torch.__version__,
        'sources': {
            'torch': 'torch.__all__',
            'torch_dir_only': 'dir(torch) minus torch.__all__',
            'functional': 'torch.nn.functional.__all__' if hasattr(F, '__all__') else 'dir(torch.nn.functional)',
            'tensor': 'dir(torch.Tensor)',
            'tensor_dunder': 'dir(torch.Tensor)',
            'tensor_properties': 'dir(torch.Tensor)',
            'nn': 'torch.nn.__all__' if hasattr(nn, '__all__') else 'dir(torch.nn)',
        },
        'counts': {k: len(v) for k, v in lists.items()},
        **lists,
    }
    with open(out, 'w') as f:
        json.dump(doc, f, indent=2)
        f.write('\n')
    print(f'torch {torch.__version__}')
    for line in log:
        print(line)
    for k, v in doc['counts'].items():
        print(f'{k:18s} {v:5d}  ({doc["sources"][k]})')
    print(f'wrote {os.path.relpath(out)}')


if __name__ == '__main__':
    main()
