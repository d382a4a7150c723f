#!/usr/bin/python3
"""Generates the expectations of the model fixtures with real PyTorch.

    /usr/bin/python3 scripts/gen_model_fixtures.py            # Debian's python3-torch (1.13)

For every test/fixtures/models/*.py it builds the file's root model, runs one forward pass on an input of the
shape the file states (the `# input: (...)` comment, else the torch.randn/rand/zeros/ones call), and writes
<name>.expected.json next to it:

    model, input_shape, output_shape,
    calls: every module call in execution order: {name, type, output_shape, def_line, macs, params}
           (params: the module's parameters at its first call, 0 when it is called again),
    total_params, trainable_params, total_macs.

For every test/fixtures/models/bugs/*.py it runs the same and records where and how PyTorch fails
(error_line, error_type, message), ShapeLens's expected diagnostic code and the lines a diagnostic may sit on
(the line torch fails at and the declaration line of the offending layer), and for a size mismatch the value
that would fit ("fix": the argument and what the layer actually receives, read by a forward pre-hook). A bug
that PyTorch runs through silently (view(-1, N) changing the batch) has error_line null and says so.

This is a development script: the fixtures are our own files, so executing their definitions here is fine
(the product never executes user code). CI does not have torch; the .expected.json files are committed.

What counts as one "module call" (the records ShapeLens lists as kind 'module'):
  - a module with no child modules (PyTorch's leaf: nn.Conv2d, an empty nn.Sequential() shortcut, a user class
    without submodules), and
  - a built-in torch.nn layer that has internal children but is one layer to the user (nn.MultiheadAttention,
    whose out_proj is never called as a module; nn.TransformerEncoderLayer). Containers (Sequential, ModuleList,
    ModuleDict) and user classes with submodules are looked through.

MACs, our convention (src/engine/cost.ts): multiply-accumulates of the weight layers, bias not counted:
  ConvNd            out_numel · (C_in / groups) · ∏kernel
  ConvTransposeNd   in_numel · (C_out / groups) · ∏kernel      (every input element meets every kernel weight
                                                                 of its group once; fvcore's count)
  Linear            out_numel · in_features
  RNN / LSTM / GRU  (batch · seq_len) · Σ numel(weight_ih_l*, weight_hh_l*, weight_hr_l*) over layers/directions
                    (each weight is used once per time step per sequence; gate non-linearities not counted)
  MultiheadAttention  N·L·E·E (q proj) + N·S·kdim·E (k proj) + N·S·vdim·E (v proj)
                      + N·L·S·E (q·kᵀ over all heads) + N·L·S·E (weights·v) + N·L·E·E (out proj)
  TransformerEncoderLayer  its self-attention + 2 · N·L · d_model · dim_feedforward
  (the same formulas as scripts/gen_conformance.py, which checks them against the profiler)
  everything else   0 (pooling, norms, activations, dropout, embedding lookups)
Conv2d and Linear are cross-checked against torch.profiler (with_flops=True reports 2·MACs for aten::conv2d
and aten::addmm/mm) whenever the model has no attention or recurrent layer (those call mm internally).
"""
import ast
import json
import math
import os
import re
import sys
import traceback

import torch
import torch.nn as nn

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
MODELS = os.path.join(ROOT, 'test', 'fixtures', 'models')
BUGS = os.path.join(MODELS, 'bugs')

# The one shape bug of each buggy fixture: ShapeLens's diagnostic code, and the offending layer (its module path
# in the root model) or, for a tensor operation, a text that identifies the line of the operation.
BUG_TABLE = {
    'linear_in_features': {'code': 'linear-in-features', 'layer': 'fc1'},
    'conv_in_channels': {'code': 'conv-in-channels', 'layer': 'conv2'},
    'batchnorm_num_features': {'code': 'batchnorm-num-features', 'layer': '4'},
    'view_numel': {'code': 'view-numel', 'op_line': 'x = x.view(x.size(0), 16 * 6 * 6)'},
    'output_too_small': {'code': 'output-too-small', 'layer': 'features.14'},
    'cat_mismatch': {'code': 'cat-mismatch', 'op_line': 'torch.cat('},
    'kernel_too_large': {'code': 'kernel-too-large', 'layer': 'conv4'},
    'view_batch_change': {'code': 'view-batch-change', 'op_line': 'x = x.view(-1, 8 * 5 * 5)'},
    'flatten_whole_batch': {'code': 'linear-in-features', 'layer': 'fc1'},
    'groups_not_dividing': {'code': 'groups-not-dividing', 'layer': 'depthwise'},
    'lstm_input_size': {'code': 'rnn-input-size', 'layer': 'lstm'},
    'residual_shape': {'code': 'broadcast', 'op_line': 'out += x'},
    'bilstm_fc_size': {'code': 'linear-in-features', 'layer': 'fc'},
    'conv1d_channels_last': {'code': 'conv-in-channels', 'layer': 'conv'},
}

# Mismatches whose quick fix is one number: the layer's size argument set to what it actually receives.
MISMATCH_CODES = {'linear-in-features', 'conv-in-channels', 'batchnorm-num-features', 'rnn-input-size'}

CONTAINERS = (nn.Sequential, nn.ModuleList, nn.ModuleDict)
RNNS = (nn.RNN, nn.LSTM, nn.GRU)


# ── Loading a fixture: definitions only ─────────────────────────────────────────────────────────────────────
def load_fixture(path):
    """Executes the file's text into a fresh namespace. `__name__` is not '__main__', so a
    `if __name__ == "__main__":` demo block does not run. Every module constructed while the file's code runs
    remembers the fixture line it was constructed at (the innermost frame in the fixture file)."""
    text = open(path).read()
    namespace = {'__name__': 'fixture_' + os.path.splitext(os.path.basename(path))[0], '__file__': path}
    code = compile(text, path, 'exec')
    exec(code, namespace)
    return text, namespace


def innermost_fixture_line(path, tb_or_frame_list):
    line = None
    for frame_summary in tb_or_frame_list:
        if os.path.abspath(frame_summary.filename) == os.path.abspath(path):
            line = frame_summary.lineno
    return line


class DeclarationLines:
    """Patches nn.Module.__init__ so every module records the fixture line that constructed it."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.original = nn.Module.__init__

    def __enter__(self):
        original, path = self.original, self.path

        def init(module, *args, **kwargs):
            original(module, *args, **kwargs)
            frame, line = sys._getframe(1), None
            while frame is not None:
                if os.path.abspath(frame.f_code.co_filename) == path:
                    line = frame.f_lineno
                    break
                frame = frame.f_back
            object.__setattr__(module, '_fixture_def_line', line)

        nn.Module.__init__ = init
        return self

    def __exit__(self, *exc):
        nn.Module.__init__ = self.original


# ── Which model is the root, and what input it gets ────────────────────────────────────────────────────────
def top_level_names_used(tree):
    """For each top-level class/function, the names its body mentions."""
    used = {}
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            used[node.name] = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} - {node.name}
    return used


def pick_root(text, namespace):
    """Module-level model variables, else a factory (a top-level function without required parameters
    that returns a module), else the module classes no other class or function of the file uses."""
    own = namespace['__name__']
    variables = [(k, v) for k, v in namespace.items() if isinstance(v, nn.Module) and not k.startswith('_')]
    if variables:
        return variables[0][0], lambda: variables[0][1]
    tree = ast.parse(text)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            required = len(node.args.args) - len(node.args.defaults)
            if required == 0:
                fn = namespace[node.name]
                return node.name, fn
    used = top_level_names_used(tree)
    classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)
               and isinstance(namespace[n.name], type) and issubclass(namespace[n.name], nn.Module)]
    roots = [c for c in classes if not any(c in names for other, names in used.items() if other != c)]
    if len(roots) != 1:
        raise SystemExit(f'{own}: expected one root model class, found {roots}')
    return roots[0], namespace[roots[0]]


INPUT_COMMENT = re.compile(r'#\s*input:\s*([\[(]?\s*\d+(?:\s*[,x×]\s*\d+)*\s*,?\s*[\])]?)', re.IGNORECASE)


def read_input_shape(text, namespace):
    m = INPUT_COMMENT.search(text)
    if m:
        return [int(d) for d in re.findall(r'\d+', m.group(1))]
    for node in ast.walk(ast.parse(text)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == 'torch'
                and node.func.attr in ('randn', 'rand', 'zeros', 'ones')):
            values = [eval(compile(ast.Expression(a), '<shape>', 'eval'), namespace) for a in node.args]
            if len(values) == 1 and isinstance(values[0], (tuple, list)):
                values = list(values[0])
            return [int(v) for v in values]
    raise SystemExit('no input shape in the file')


def make_input(model, shape):
    """Token ids for a model that starts by looking up embeddings, floats otherwise."""
    embeddings = [m for m in model.modules() if isinstance(m, nn.Embedding)]
    if embeddings:
        return torch.randint(0, embeddings[0].num_embeddings, shape)
    return torch.randn(*shape)


# ── The records: which modules are calls, their shapes and MACs ─────────────────────────────────────────────
def is_user_class(module):
    return not type(module).__module__.startswith('torch.')


def call_modules(model):
    """(path, module) of every module that is one record: see the module docstring."""
    out = []

    def visit(path, module):
        children = list(module.named_children())
        if not children:
            out.append((path, module))
            return
        if isinstance(module, CONTAINERS) or is_user_class(module):
            for name, child in children:
                visit(f'{path}.{name}' if path else name, child)
            return
        out.append((path, module))  # a built-in layer with internal children (MultiheadAttention, …)

    visit('', model)
    return out


def shape_tree(value):
    if value is None:
        return None
    if isinstance(value, torch.Tensor):
        return list(value.shape)
    if isinstance(value, (tuple, list)):
        return {'tuple': [shape_tree(v) for v in value]}
    if isinstance(value, dict):  # a dict of results, keyed by strings (DETR's {'pred_logits': …, 'pred_boxes': …})
        return {'tuple': [shape_tree(v) for v in value.values()], 'keys': [str(k) for k in value]}
    raise TypeError(f'unexpected output {type(value)}')


def numel(shape):
    return math.prod(shape)


def macs_of(module, inputs, output):
    """Multiply-accumulates of one call, from the hooked input and output shapes (see the docstring)."""
    if isinstance(module, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
        return numel(output.shape) * (module.in_channels // module.groups) * math.prod(module.kernel_size)
    if isinstance(module, (nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d)):
        return numel(inputs[0].shape) * (module.out_channels // module.groups) * math.prod(module.kernel_size)
    if isinstance(module, nn.Linear):
        return numel(output.shape) * module.in_features
    if isinstance(module, RNNS):
        x = inputs[0]
        steps = x.shape[0] if x.dim() == 2 else x.shape[0] * x.shape[1]  # unbatched (T, H) or (N, T, H) / (T, N, H)
        weights = sum(p.numel() for name, p in module.named_parameters() if name.startswith('weight_'))
        return steps * weights
    if isinstance(module, nn.MultiheadAttention):
        return attention_macs(module, inputs[0], inputs[1])
    if isinstance(module, nn.TransformerEncoderLayer):  # self-attention + the two feed-forward Linears
        x = inputs[0]
        tokens = x.shape[0] if x.dim() == 2 else x.shape[0] * x.shape[1]
        return attention_macs(module.self_attn, x, x) + 2 * tokens * module.linear1.in_features * module.linear1.out_features
    return 0


def attention_macs(module, q, k):
    if q.dim() == 2:  # unbatched (L, E)
        n, l, s = 1, q.shape[0], k.shape[0]
    elif module.batch_first:
        n, l, s = q.shape[0], q.shape[1], k.shape[1]
    else:
        n, l, s = q.shape[1], q.shape[0], k.shape[0]
    e = module.embed_dim
    return (n * l * e * e + n * s * module.kdim * e + n * s * module.vdim * e
            + n * l * s * e + n * l * s * e + n * l * e * e)


def record_calls(model):
    calls = []
    handles = []
    called = set()  # a module called again counts its parameters once, at its first call
    for path, module in call_modules(model):
        def hook(mod, inputs, output, path=path):
            tensors = [i for i in inputs if isinstance(i, torch.Tensor)]
            params = 0 if id(mod) in called else sum(p.numel() for p in mod.parameters())
            called.add(id(mod))
            calls.append({
                'name': path, 'type': type(mod).__name__, 'output_shape': shape_tree(output),
                'def_line': getattr(mod, '_fixture_def_line', None), 'macs': macs_of(mod, tensors, output),
                'params': params,
            })
        handles.append(module.register_forward_hook(hook))
    return calls, handles


def hooked_forward(model, *args, **kwargs):
    """One forward pass without gradients, every module call recorded (record_calls): the output and the calls."""
    calls, handles = record_calls(model)
    try:
        with torch.no_grad():
            out = model(*args, **kwargs)
    finally:
        for h in handles:
            h.remove()
    return out, calls


def profiler_check(model, x, calls):
    """2·MACs of Conv2d + Linear against torch.profiler's FLOPs of aten::conv2d / addmm / mm."""
    if any(isinstance(m, RNNS + (nn.MultiheadAttention, nn.TransformerEncoderLayer)) for m in model.modules()):
        return 'skipped: attention/recurrent layers call mm internally'
    from torch.profiler import profile
    with profile(with_flops=True) as prof, torch.no_grad():
        model(x)
    measured = sum(e.flops for e in prof.events() if e.name in ('aten::conv2d', 'aten::addmm', 'aten::mm'))
    ours = 2 * sum(c['macs'] for c in calls if c['type'] in ('Conv2d', 'Linear'))
    if measured != ours:
        raise SystemExit(f'profiler disagrees: torch {measured} FLOPs vs 2·MACs {ours}')
    return f'ok: torch.profiler {measured} FLOPs = 2 · {ours // 2} MACs (Conv2d + Linear)'


# ── One fixture ─────────────────────────────────────────────────────────────────────────────────────────────
def build(path):
    with DeclarationLines(path):
        text, namespace = load_fixture(path)
        name, make = pick_root(text, namespace)
        model = make()
    model.eval()  # dropout off, batch norm uses its running statistics: shapes do not change
    return text, namespace, name, model


def generate_model(path):
    text, namespace, name, model = build(path)
    shape = read_input_shape(text, namespace)
    x = make_input(model, shape)
    out, calls = hooked_forward(model, x)
    check = profiler_check(model, x, calls)
    params = list(model.parameters())  # shared tensors once
    return {
        'model': name,
        'model_class': type(model).__name__,
        'input_shape': shape,
        'output_shape': shape_tree(out),
        'calls': calls,
        'total_params': sum(p.numel() for p in params),
        'trainable_params': sum(p.numel() for p in params if p.requires_grad),
        'total_macs': sum(c['macs'] for c in calls),
        'profiler_check': check,
        'generated_with': f'torch {torch.__version__}',
    }


def fitting_value(module, x):
    """The constructor argument that would make `module` accept the tensor it received, as PyTorch names it."""
    if isinstance(module, nn.Linear):
        return {'arg': 'in_features', 'value': x.shape[-1]}
    if isinstance(module, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
        batched = x.dim() == len(module.kernel_size) + 2
        return {'arg': 'in_channels', 'value': x.shape[1] if batched else x.shape[0]}
    if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)):
        return {'arg': 'num_features', 'value': x.shape[1]}
    if isinstance(module, RNNS):
        return {'arg': 'input_size', 'value': x.shape[-1]}
    return None


def line_containing(text, needle):
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    if len(hits) != 1:
        raise SystemExit(f'{needle!r} found on lines {hits}')
    return hits[0]


def generate_bug(path):
    stem = os.path.splitext(os.path.basename(path))[0]
    spec = BUG_TABLE[stem]
    text = open(path).read()
    result = {'expected_code': spec['code'], 'expected_severity': 'error'}
    model, failure = None, None
    try:
        _, namespace, name, model = build(path)
        result['model'] = name
        result['model_class'] = type(model).__name__
        shape = read_input_shape(text, namespace)
        result['input_shape'] = shape
        x = make_input(model, shape)
        if spec['code'] in MISMATCH_CODES:  # what the offending layer actually receives: the value that would fit
            model.get_submodule(spec['layer']).register_forward_pre_hook(
                lambda mod, inputs: result.__setitem__('fix', fitting_value(mod, inputs[0])))
        with torch.no_grad():
            out = model(x)
        result['output_shape'] = shape_tree(out)
    except Exception as e:  # the bug: where PyTorch fails
        failure = e
        frames = traceback.extract_tb(e.__traceback__)
        result['error_line'] = innermost_fixture_line(path, frames)
        result['error_type'] = type(e).__name__
        result['message'] = str(e).strip()
    if failure is None:
        # A silent bug: PyTorch runs. Say what went wrong in the numbers.
        result['error_line'] = None
        result['error_type'] = None
        result['message'] = (f'PyTorch runs without an error: input batch {result["input_shape"][0]}, '
                             f'output {result["output_shape"]}')
    if 'model' not in result:  # failed while constructing: the root model's name from the source alone
        result['model'] = result['model_class'] = pick_root_name_from_source(text)
    accepted = []
    if result['error_line'] is not None:
        accepted.append(result['error_line'])
    if 'layer' in spec:
        if model is not None:
            decl = getattr(model.get_submodule(spec['layer']), '_fixture_def_line', None)
            if decl is None:
                raise SystemExit(f'{stem}: no declaration line for {spec["layer"]}')
            accepted.append(decl)
        result['layer'] = spec['layer']
    if 'op_line' in spec:
        accepted.append(line_containing(text, spec['op_line']))
    result['accepted_lines'] = sorted(set(accepted))
    return result


def pick_root_name_from_source(text):
    tree = ast.parse(text)
    used = top_level_names_used(tree)
    classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
    roots = [c for c in classes if not any(c in names for other, names in used.items() if other != c)]
    return roots[0]


def write(path, data):
    target = os.path.splitext(path)[0] + '.expected.json'
    with open(target, 'w') as f:
        f.write(compact_json(data) + '\n')
    return target


def compact_json(data):
    """Readable and diff-friendly: one key per line at the top, one call per line, shapes on one line."""
    lines = []
    for key, value in data.items():
        if key == 'calls':
            inner = ',\n'.join('  ' + json.dumps(c) for c in value)
            lines.append(f' "calls": [\n{inner}\n ]')
        else:
            lines.append(f' {json.dumps(key)}: {json.dumps(value)}')
    return '{\n' + ',\n'.join(lines) + '\n}'


def main():
    torch.manual_seed(0)
    for fname in sorted(os.listdir(MODELS)):
        if fname.endswith('.py'):
            data = generate_model(os.path.join(MODELS, fname))
            write(os.path.join(MODELS, fname), data)
            print(f'{fname:28} {data["model"]:16} {str(data["output_shape"]):24} params {data["total_params"]:>11,}'
                  f'  MACs {data["total_macs"]:>14,}  {len(data["calls"])} calls  [{data["profiler_check"][:2]}]')
    for fname in sorted(os.listdir(BUGS)):
        if fname.endswith('.py'):
            data = generate_bug(os.path.join(BUGS, fname))
            write(os.path.join(BUGS, fname), data)
            print(f'bugs/{fname:28} {data["expected_code"]:22} lines {data["accepted_lines"]}  '
                  f'{data["error_type"]}: {data["message"].splitlines()[0][:90]}')
    stale = [f for d in (MODELS, BUGS) for f in os.listdir(d)
             if f.endswith('.expected.json') and not os.path.exists(os.path.join(d, f.replace('.expected.json', '.py')))]
    if stale:
        print('stale expectation files (no fixture):', stale)


if __name__ == '__main__':
    main()
