#!/usr/bin/python3
"""Conformance cases for the element-wise ops (src/engine/layers/pointwise.ts): unary (torch.abs … torch.signbit),
binary with broadcasting (torch.add … torch.bitwise_right_shift, rsub, floor_divide, pow, the comparison and logical
ops), their in-place forms (x.add_(y), x += y: the broadcast result must keep x's shape) and the ops of three
tensors (where, lerp, addcmul, addcdiv, masked_fill).

Run with Debian's torch:   /usr/bin/python3 scripts/conformance/gen_pointwise.py
Writes test/fixtures/conformance/pointwise.json. MACs are 0 for all of them (no weight layer, no matmul).

A Python number where a tensor goes (torch.add(x, 2), torch.where(c, x, 0.0), torch.lerp(a, b, 0.5)) is written as
the number in `inputs`; bitwise ops run on long tensors, where's condition and masked_fill's mask are bool. Invalid
cases are the ones the engine can see from shapes and arguments: shapes that do not broadcast, an in-place result
wider than its tensor, missing or unexpected arguments, a bad rounding mode. (Dtype errors, such as a bitwise op on
floats, are left out: shapes do not carry dtypes.)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..'))
from gen_conformance import function, generate  # noqa: E402

OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'conformance', 'pointwise.json')

# ── Unary ─────────────────────────────────────────────────────────────────────────────────────────────────────────
# name: (other spellings, torch.x_ exists, Tensor.x_ exists). Every spelling of the registry gets a case somewhere.
UNARY = {
    'abs': (['absolute'], True, True), 'neg': (['negative'], True, True), 'positive': ([], False, False),
    'sign': ([], False, True), 'sgn': ([], False, True), 'reciprocal': ([], True, True), 'square': ([], True, True),
    'sqrt': ([], True, True), 'rsqrt': ([], True, True), 'exp': ([], True, True), 'exp2': ([], True, True),
    'expm1': ([], True, True), 'log': ([], True, True), 'log1p': ([], True, True), 'log2': ([], True, True),
    'log10': ([], True, True), 'sin': ([], True, True), 'cos': ([], True, True), 'tan': ([], True, True),
    'asin': (['arcsin'], True, True), 'acos': (['arccos'], True, True), 'atan': (['arctan'], True, True),
    'sinh': ([], True, True), 'cosh': ([], True, True), 'tanh': ([], True, True), 'asinh': (['arcsinh'], True, True),
    'acosh': (['arccosh'], True, True), 'atanh': (['arctanh'], True, True), 'sigmoid': ([], True, True),
    'relu': ([], True, True), 'erf': ([], True, True), 'erfc': ([], True, True), 'erfinv': ([], False, True),
    'lgamma': ([], False, True), 'digamma': ([], False, True), 'sinc': ([], True, True), 'floor': ([], True, True),
    'ceil': ([], True, True), 'trunc': (['fix'], True, True), 'frac': ([], True, True), 'round': ([], True, True),
    'deg2rad': ([], True, True), 'rad2deg': ([], True, True), 'logit': ([], True, True),
    'nan_to_num': ([], True, True), 'logical_not': ([], False, True), 'bitwise_not': ([], False, True),
    'isnan': ([], False, False), 'isinf': ([], False, False), 'isfinite': ([], False, False),
    'signbit': ([], False, False),
}
# clamp and its halves take their bounds as arguments: cases of their own below.


def unary_cases():
    shapes = [[2, 3, 4], [5], []]
    for name, (aliases, torch_inplace, tensor_inplace) in UNARY.items():
        dtype = 'long' if name == 'bitwise_not' else 'float'
        function(f'torch.{name}', [shapes[0]], dtype=dtype)
        function(f'Tensor.{name}', [shapes[1]], dtype=dtype)
        function(f'torch.{name}', [shapes[2]], dtype=dtype, note='0-d')
        for alias in aliases:
            function(f'torch.{alias}', [[3, 1]], dtype=dtype, note='alias')
            function(f'Tensor.{alias}', [[1, 4]], dtype=dtype, note='alias')
        if tensor_inplace:
            function(f'Tensor.{name}_', [[2, 3]], dtype=dtype, note='in place')
        if torch_inplace:
            function(f'torch.{name}_', [[4, 2]], dtype=dtype, note='in place')
        # Bad arguments: one positional value too many (unary ops take none, or keyword-only ones).
        if name not in ('logit', 'nan_to_num'):
            function(f'torch.{name}', [[2, 3]], [1], dtype=dtype, note='invalid: extra positional argument')
    # Operators and dunders.
    function('Tensor.__neg__', [[2, 3]])
    function('Tensor.__pos__', [[2, 3]])
    function('Tensor.__abs__', [[2, 3]])
    function('Tensor.__invert__', [[2, 3]], dtype='long')
    function('Tensor.__invert__', [[]], dtype='bool', note='0-d bool')
    # Arguments after the tensor.
    function('torch.round', [[2, 3]], kwargs={'decimals': 2})
    function('Tensor.round', [[2, 3]], kwargs={'decimals': -1})
    function('torch.round', [[2, 3]], [2], note='invalid: decimals is keyword-only')
    function('torch.logit', [[2, 3]], [1e-6])
    function('Tensor.logit', [[2, 3]], kwargs={'eps': 0.01})
    function('torch.logit', [[2, 3]], [1e-6, 2], note='invalid: too many arguments')
    function('torch.nan_to_num', [[2, 3]], [0.0, 1.0, -1.0])
    function('Tensor.nan_to_num', [[2, 3]], kwargs={'posinf': 1e4})
    function('torch.nan_to_num', [[2, 3]], kwargs={'inf': 1.0}, note='invalid: unexpected keyword')
    function('torch.exp', [[2, 3]], kwargs={'base': 2}, note='invalid: unexpected keyword')


def clamp_cases():
    function('torch.clamp', [[2, 3, 4]], [-1.0, 1.0])
    function('torch.clamp', [[2, 3, 4]], kwargs={'min': 0.0})
    function('torch.clamp', [[2, 3, 4]], kwargs={'max': 6.0})
    function('Tensor.clamp', [[5]], [0.0])
    function('Tensor.clamp_', [[5]], [0.0, 1.0], note='in place')
    function('torch.clamp_', [[5]], [0.0, 1.0], note='in place')
    function('torch.clip', [[2, 3]], [-1.0, 1.0], note='alias')
    function('Tensor.clip', [[2, 3]], kwargs={'max': 1.0}, note='alias')
    function('Tensor.clip_', [[2, 3]], kwargs={'min': 0.0}, note='alias in place')
    function('torch.clip_', [[2, 3]], kwargs={'min': 0.0}, note='alias in place')
    function('torch.clamp', [[]], [0.0, 1.0], note='0-d')
    function('torch.clamp', [[2, 3]], note='invalid: neither min nor max')
    function('torch.clamp', [[2, 3]], [None, None], note='invalid: both None')
    function('torch.clamp', [[2, 3]], [0.0, 1.0, 2.0], note='invalid: too many arguments')
    # Tensor bounds (torch.clamp(input, min: Tensor, max: Tensor)): they broadcast with the input.
    function('torch.clamp', [[2, 3, 4], [4]])
    function('torch.clamp', [[2, 3, 4], [3, 1], [4]])
    function('torch.clamp', [[4], [2, 4]], note='a bound wider than the input widens the output')
    function('Tensor.clamp', [[2, 3], [2, 3]])
    function('torch.clamp', [[2, 3, 4], [5]], note='invalid: min does not broadcast')
    for name in ['clamp_min', 'clamp_max']:
        function(f'torch.{name}', [[2, 3, 4]], [0.5])
        function(f'Tensor.{name}', [[4]], [0.5])
        function(f'Tensor.{name}_', [[4]], [0.5], note='in place')
        function(f'torch.{name}_', [[4]], [0.5], note='in place')
        function(f'torch.{name}', [[2, 3, 4], [3, 1]], note='tensor bound')
        function(f'torch.{name}', [[2, 3]], note='invalid: missing bound')
        function(f'torch.{name}', [[2, 3, 4], [5]], note='invalid: bound does not broadcast')


# ── Binary, with broadcasting ─────────────────────────────────────────────────────────────────────────────────────
# name: (other spellings, Tensor.x_ exists, dunders (r… reflected, i… in place), dtype of the operands)
BINARY = {
    'add': ([], True, ['add', 'radd', 'iadd'], 'float'),
    'sub': (['subtract'], True, ['sub', 'isub'], 'float'),
    'rsub': ([], False, ['rsub'], 'float'),
    'mul': (['multiply'], True, ['mul', 'rmul', 'imul'], 'float'),
    'div': (['divide', 'true_divide'], True, ['truediv', 'rtruediv', 'itruediv', 'div', 'rdiv', 'idiv'], 'float'),
    'floor_divide': ([], True, ['floordiv', 'rfloordiv', 'ifloordiv'], 'float'),
    'remainder': ([], True, ['mod', 'rmod', 'imod'], 'float'),
    'fmod': ([], True, [], 'float'),
    'pow': ([], True, ['pow', 'rpow', 'ipow'], 'float'),
    'float_power': ([], True, [], 'double'),  # float_power_ needs a double tensor to write into
    'atan2': (['arctan2'], True, [], 'float'),
    'hypot': ([], True, [], 'float'),
    'maximum': ([], False, [], 'float'), 'minimum': ([], False, [], 'float'),
    'fmax': ([], False, [], 'float'), 'fmin': ([], False, [], 'float'),
    'copysign': ([], True, [], 'float'),
    'xlogy': ([], True, [], 'float'),
    'eq': ([], True, ['eq'], 'float'), 'ne': (['not_equal'], True, ['ne'], 'float'),
    'gt': (['greater'], True, ['gt'], 'float'), 'ge': (['greater_equal'], True, ['ge'], 'float'),
    'lt': (['less'], True, ['lt'], 'float'), 'le': (['less_equal'], True, ['le'], 'float'),
    'logical_and': ([], True, [], 'float'), 'logical_or': ([], True, [], 'float'),
    'logical_xor': ([], True, [], 'float'),
    'bitwise_and': ([], True, ['and', 'rand', 'iand'], 'long'),
    'bitwise_or': ([], True, ['or', 'ror', 'ior'], 'long'),
    'bitwise_xor': ([], True, ['xor', 'rxor', 'ixor'], 'long'),
    'bitwise_left_shift': ([], True, ['lshift', 'rlshift', 'ilshift'], 'long'),
    'bitwise_right_shift': ([], True, ['rshift', 'rrshift', 'irshift'], 'long'),
}
# Python's reflected operators: x.__radd__(y) is y + x (__rshift__ is not one of them).
REFLECTED = {'radd', 'rsub', 'rmul', 'rtruediv', 'rdiv', 'rfloordiv', 'rmod', 'rpow', 'rand', 'ror', 'rxor', 'rlshift',
             'rrshift'}
# Ops whose `other` must be a tensor in PyTorch (no Number overload): torch.maximum(x, 2.0) is a TypeError. The engine
# binds a Python number as a 0-d tensor everywhere, so these are not cases it can replay from shapes alone.
TENSOR_OTHER = {'atan2', 'hypot', 'maximum', 'minimum', 'fmax', 'fmin', 'logical_and', 'logical_or', 'logical_xor'}
# (shapes apart from the ones scripts/gen_conformance.py already gives torch.add/sub/mul/div: case ids stay unique)
BROADCAST = [([3, 4, 5], [4, 1]), ([5, 1], [1, 6]), ([3, 2], []), ([], [3, 2]), ([1], [2, 1, 3])]


def binary_cases():
    for name, (aliases, tensor_inplace, dunders, dtype) in BINARY.items():
        number = 2 if dtype == 'long' else 2.0
        for a, b in BROADCAST[:3]:
            function(f'torch.{name}', [a, b], dtype=dtype)
        method = 'torch' if name == 'rsub' else 'Tensor'  # there is no Tensor.rsub (x.__rsub__ is below)
        function(f'{method}.{name}', list(BROADCAST[3]), dtype=dtype)
        function(f'{method}.{name}', list(BROADCAST[4]), dtype=dtype)
        if name not in TENSOR_OTHER:
            function(f'torch.{name}', [[2, 3], number], dtype=dtype, note='Python number as other')
        for alias in aliases:
            function(f'torch.{alias}', [[2, 3], [3]], dtype=dtype, note='alias')
            function(f'Tensor.{alias}', [[2, 1], [3]], dtype=dtype, note='alias')
        function(f'torch.{name}', [[2, 3], [4]], dtype=dtype, note='invalid: broadcast')
        function(f'{method}.{name}', [[3, 4, 5], [3, 5]], dtype=dtype, note='invalid: broadcast')
        if tensor_inplace:
            function(f'Tensor.{name}_', [[2, 3], [3]], dtype=dtype, note='in place')
            if name not in TENSOR_OTHER:
                function(f'Tensor.{name}_', [[2, 3], number], dtype=dtype, note='in place, Python number')
            function(f'Tensor.{name}_', [[3], [2, 3]], dtype=dtype, note='invalid: in place result wider than self')
            for alias in aliases:
                function(f'Tensor.{alias}_', [[2, 3], [2, 1]], dtype=dtype, note='alias in place')
        for d in dunders:
            if d.startswith('i'):
                function(f'Tensor.__{d}__', [[2, 3], [3]], dtype=dtype, note='augmented assignment')
                function(f'Tensor.__{d}__', [[1, 3], [2, 3]], dtype=dtype, note='invalid: augmented assignment widens')
            elif d in REFLECTED:
                function(f'Tensor.__{d}__', [[2, 3], number], dtype=dtype, note='reflected: number op tensor')
                function(f'Tensor.__{d}__', [[2, 3], [4, 1, 3]], dtype=dtype)
            else:
                function(f'Tensor.__{d}__', [[2, 3], [3]], dtype=dtype)
                function(f'Tensor.__{d}__', [[2, 3], [2]], dtype=dtype, note='invalid: broadcast')
    # Arguments: alpha, rounding_mode, keyword tensors.
    function('torch.add', [[2, 3], [3]], kwargs={'alpha': 2})
    function('torch.sub', [[2, 3], [3]], kwargs={'alpha': 0.5})
    function('torch.rsub', [[2, 3], [3]], kwargs={'alpha': 3})
    function('Tensor.add_', [[2, 3], [3]], kwargs={'alpha': -1}, note='in place')
    function('torch.add', [[2, 3], [3]], [2], note='invalid: alpha is keyword-only')
    function('torch.div', [[2, 3], [3]], kwargs={'rounding_mode': 'floor'})
    function('torch.div', [[2, 3], 3.0], kwargs={'rounding_mode': 'trunc'})
    function('Tensor.div', [[2, 3], [3]], kwargs={'rounding_mode': None})
    function('Tensor.div_', [[2, 3], [3]], kwargs={'rounding_mode': 'floor'}, note='in place')
    function('torch.div', [[2, 3], [3]], kwargs={'rounding_mode': 'round'}, note='invalid: rounding_mode')
    function('torch.mul', [[2, 3], [3]], kwargs={'alpha': 2}, note='invalid: mul has no alpha')
    function('torch.pow', [2.0, [2, 3]], note='Python number as base')
    function('torch.pow', [[2, 3], 0.5], note='Python number as exponent')
    function('torch.float_power', [[2, 3], 2])
    function('torch.xlogy', [2.0, [2, 3]], note='Python number as x')


# ── Three tensors ─────────────────────────────────────────────────────────────────────────────────────────────────
def ternary_cases():
    # torch.where(condition, input, other): the three broadcast together.
    function('torch.where', [[2, 3], [2, 3], [2, 3]], dtype=['bool', 'float', 'float'])
    function('torch.where', [[2, 1], [3], [4, 1, 1]], dtype=['bool', 'float', 'float'])
    function('torch.where', [[2, 3], [3], 0.0], dtype=['bool', 'float', 'float'], note='Python number as other')
    function('torch.where', [[2, 3], 1.0, 0.0], dtype=['bool', 'float', 'float'], note='two Python numbers')
    function('torch.where', [[], [2, 3], [2, 3]], dtype=['bool', 'float', 'float'], note='0-d condition')
    function('torch.where', [[2, 3], [4], [2, 3]], dtype=['bool', 'float', 'float'], note='invalid: broadcast')
    function('torch.where', [[2, 3], [2, 3], [3, 2]], dtype=['bool', 'float', 'float'], note='invalid: broadcast')
    # x.where(condition, other) is torch.where(condition, x, other): the tensor it is called on is the input.
    function('Tensor.where', [[2, 3], [2, 1], [3]], dtype=['float', 'bool', 'float'])
    function('Tensor.where', [[2, 3], [4, 3], [3]], dtype=['float', 'bool', 'float'], note='invalid: broadcast')
    # lerp(input, end, weight): weight a tensor or a Python number.
    function('torch.lerp', [[2, 3], [2, 3], 0.5], note='Python number as weight')
    function('torch.lerp', [[2, 3], [3], [2, 1]])
    function('torch.lerp', [[3], [2, 3], 0.5], note='end wider than input')
    function('Tensor.lerp', [[2, 3], [2, 3], [2, 3]])
    function('Tensor.lerp_', [[2, 3], [3], 0.25], note='in place')
    function('Tensor.lerp_', [[3], [2, 3], 0.25], note='invalid: in place result wider than self')
    function('torch.lerp', [[2, 3], [4], 0.5], note='invalid: broadcast')
    # addcmul / addcdiv(input, tensor1, tensor2, *, value=1)
    for name in ['addcmul', 'addcdiv']:
        function(f'torch.{name}', [[2, 3], [2, 3], [2, 3]])
        function(f'torch.{name}', [[3], [2, 1], [1, 3]], kwargs={'value': 0.5})
        function(f'Tensor.{name}', [[2, 3, 4], [4], [3, 1]])
        function(f'Tensor.{name}_', [[2, 3], [3], [2, 1]], kwargs={'value': 2}, note='in place')
        function(f'Tensor.{name}_', [[3], [2, 3], [3]], note='invalid: in place result wider than self')
        function(f'torch.{name}', [[2, 3], [2, 3], [4]], note='invalid: broadcast')
        function(f'torch.{name}', [[2, 3], [2, 3], [2, 3]], [0.5], note='invalid: value is keyword-only')
    # masked_fill(input, mask, value): out of place, input and mask broadcast together; in place, the mask must fit.
    function('torch.masked_fill', [[2, 3], [2, 3]], [0.0], dtype=['float', 'bool'])
    function('torch.masked_fill', [[2, 3, 4], [4]], [1.0], dtype=['float', 'bool'])
    function('Tensor.masked_fill', [[2, 3], [3]], kwargs={'value': -1e9}, dtype=['float', 'bool'])
    function('Tensor.masked_fill', [[4], [3, 4]], [0.0], dtype=['float', 'bool'], note='mask wider than input')
    function('Tensor.masked_fill_', [[2, 3], [2, 1]], [0.0], dtype=['float', 'bool'], note='in place')
    function('Tensor.masked_fill_', [[4], [3, 4]], [0.0], dtype=['float', 'bool'], note='invalid: in place mask wider')
    function('torch.masked_fill', [[2, 3], [2]], [0.0], dtype=['float', 'bool'], note='invalid: broadcast')
    function('torch.masked_fill', [[2, 3], [2, 3]], dtype=['float', 'bool'], note='invalid: missing value')


if __name__ == '__main__':
    generate([unary_cases, clamp_cases, binary_cases, ternary_cases], OUT, generator='scripts/conformance/gen_pointwise.py')
