#!/usr/bin/python3
"""Generates the expectations of the project fixtures and the Python forms with real PyTorch.

    /usr/bin/python3 scripts/gen_project_fixtures.py [FILTER…]   # Debian's python3-torch (1.13); FILTER: part of an entry

A project fixture is a small folder of model code under test/fixtures/projects/<name>/, written by us in the styles
of real repositories: packages with relative and star imports, an __init__ that re-exports, base classes and helpers
in other files, argparse scripts, config objects, einops, notebooks (test/unit/projects.test.ts). A Python form is one
small file under test/fixtures/forms/ (that folder is one project) building a model through one form of docs/python.md
(test/unit/pythonForms.test.ts). For each entry file listed in ENTRIES (paths relative to test/fixtures) it runs the
file the way Python would (as a module of its project, the project folder on sys.path: `python -m pkg.mod`, argparse
seeing no options), then for each root model the entry names builds it (a model variable of the file or of a function
ENTRIES says to call; a factory or a class called without arguments), runs one forward pass on the input the file
states, and writes <entry>.expected.json next to the entry:

    entry, project (the root the entry's imports are resolved from), generated_with,
    models: for each root, in the order of ENTRIES:
      model, model_class,
      input_shape: the `# input:` comment directly above the model (or trailing its assignment), else the file's
                   `# input:` comment, else the shape of the tensor the file's code calls the model with first
                   (a call from module code, a main block or a test() function); null when the file says nothing
                   (then only the parameters are recorded: ShapeLens keeps the input symbolic),
      other_inputs (only when the file's call gives forward() more tensors than its input: those, by the parameter
                   name they go to; the forward pass is then the file's own call, with every argument it gave),
      output_shape, calls (every module call in execution order: name, type, output_shape, def_file, def_line,
      macs, params — as scripts/gen_model_fixtures.py records them; def_file:def_line is where the module was built,
      the innermost line of a project file outside the module's own __init__ chain), functional (the tensor operations outside module calls that cost MACs: op, macs),
      total_params, trainable_params, module_macs, functional_macs, total_macs (= module + functional).

MACs are our convention (README, scripts/gen_model_fixtures.py): weight layers and matrix products, bias not
counted. Operations outside modules are seen with a TorchFunctionMode: matmul/@/mm/bmm (out_numel · k), einsum (the
product of every label's size: one MAC per term of the full sum), F.linear and F.convNd (as their modules); every
other operation costs 0 MACs. Operations inside a recorded module call belong to that call: a torch layer's are its
rule's MACs; those of a user class recorded as one call (its forward() calls no module: capsules' routing matmul) are
counted as above and are that call's MACs.

einops is not installed next to Debian's torch: scripts/einops_shim/ is a test-only reimplementation of the einops
calls the fixtures use (rearrange, repeat, reduce, Rearrange, Reduce) with torch ops, after einops' documentation.
torchvision is not installed either: its imports get a stub whose every use raises, so an entry that uses it for
data loading must keep that out of what runs here (ENTRIES' run_main: False imports the entry without running its
`if __name__ == '__main__':` block).

This is a development script: the fixtures are our own files, so executing them here is fine (the product never
executes user code). CI does not have torch; the .expected.json files are committed.
"""
import inspect
import json
import math
import os
import re
import runpy
import sys
import types

import torch
import torch.nn as nn
from torch.overrides import TorchFunctionMode

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(SCRIPTS, '..'))
FIXTURES = os.path.join(ROOT, 'test', 'fixtures')
sys.path.insert(0, SCRIPTS)
sys.path.insert(0, os.path.join(SCRIPTS, 'einops_shim'))

from gen_model_fixtures import INPUT_COMMENT, call_modules, macs_of, make_input, shape_tree  # noqa: E402

# Entry files (project-relative paths) and the root models each builds, by the name ShapeLens reports them under:
# a model variable of the file, or a factory / class called without arguments.
#   run_main: False — import the entry as a module instead of running its main block (it loads data or trains).
#   skip_cells — notebook cells (0-based, code cells only) not run here (data downloads).
#   call — functions of the entry called after it ran (ShapeLens reads the models a test()/main() function builds,
#          whether or not the file calls it); their local models are roots too, named `net` or `test.net`.
ENTRIES = {
    'projects/cifar_zoo/main.py': {'roots': ['net'], 'run_main': False},
    'projects/cifar_zoo/hub.py': {'roots': ['resnet', 'vgg', 'bottleneck_net']},
    'projects/cifar_zoo/models/resnet.py': {'roots': ['ResNet18', 'ResNet34', 'ResNet50'], 'call': ['test']},
    'projects/cifar_zoo/models/vgg.py': {'roots': ['net'], 'call': ['test']},
    'projects/unet_parts/predict.py': {'roots': ['net', 'bilinear_net']},
    'projects/vae_zoo/run.py': {'roots': ['model', 'beta_vae']},
    'projects/tv_resnet/tvmodels/resnet.py': {'roots': ['resnet18', 'resnet34', 'resnet50', 'resnext50_32x4d', 'wide_resnet50_2',
                                               'resnet18_gn']},
    'projects/tv_resnet/classify.py': {'roots': ['backbone', 'grouped', 'small', 'dilated']},
    'projects/cifar_lambda/resnet.py': {'roots': ['resnet20', 'resnet32', 'resnet44', 'resnet56', 'resnet110']},
    'projects/cifar_lambda/trainer.py': {'roots': ['model'], 'run_main': False, 'call': ['main']},
    'projects/gan_argparse/train_gan.py': {'roots': ['netG', 'netD', 'critic'], 'run_main': False},
    'projects/tiny_gpt/train.py': {'roots': ['model'], 'run_main': False},
    'projects/text_clf/run.py': {'roots': ['model', 'cnn']},
    'projects/vit_einops/example.py': {'roots': ['v', 'pooled']},
    'projects/registry_zoo/zoo/mlpnet.py': {'roots': ['MlpNet', 'mlpnet_small', 'mlpnet_gray', 'mlpnet_wide', 'mlpnet_small_head']},
    'projects/hybrid_cycle/vits/models/hybrid.py': {'roots': ['hybrid_tiny']},
    'projects/notebook_cnn/cifar10_cnn.ipynb': {'roots': ['model'], 'skip_cells': [1, 4]},
    # The Python forms of docs/python.md, one small file each (test/unit/pythonForms.test.ts)
    'forms/annotated_star_params.py': {'roots': ['head16']},
    'forms/typing_cast.py': {'roots': ['tiny_vgg_bn']},
    'forms/is_none.py': {'roots': ['Net']},
    'forms/tensor_ranges.py': {'roots': ['Net', 'Plain']},
    'forms/tensor_values.py': {'roots': ['Net']},
    'forms/tuple_keys.py': {'roots': ['Net']},
    'forms/enum_formats.py': {'roots': ['net_nhwc', 'net_nchw']},
    'forms/hasattr_shortcut.py': {'roots': ['Net']},
    'forms/argparse_defaults.py': {'roots': ['model']},
    'forms/dataclass_config.py': {'roots': ['encoder', 'shallow', 'scaled']},
    'forms/namedtuple_config.py': {'roots': ['Net']},
    'forms/dict_config.py': {'roots': ['net', 'small']},
    'forms/simple_namespace.py': {'roots': ['net', 'narrow']},
    'forms/builtins_values.py': {'roots': ['Net']},
    'forms/builtins_iteration.py': {'roots': ['Pyramid']},
    'forms/math_and_numpy.py': {'roots': ['Net']},
    'forms/chained_assignment.py': {'roots': ['Net']},
    'forms/star_forwarding.py': {'roots': ['Net']},
    'forms/static_class_builders.py': {'roots': ['small']},
    'forms/inheritance_super_forward.py': {'roots': ['Classifier']},
    'forms/container_subclass_forward.py': {'roots': ['Net']},
    'forms/add_module.py': {'roots': ['Net']},
    'forms/module_dict_params.py': {'roots': ['Net']},
    'forms/comprehensions.py': {'roots': ['Net']},
    'forms/setattr_getattr_self.py': {'roots': ['Pyramid']},
    'forms/runtime_queries.py': {'roots': ['Net']},
    'forms/try_except_fallback.py': {'roots': ['Net']},
    'forms/raise_while_building.py': {'roots': ['Net']},
    'forms/deepcopy_layers.py': {'roots': ['encoder']},
    'forms/import_module_by_name.py': {'roots': ['net']},
    'forms/class_attribute_config.py': {'roots': ['by_class', 'by_instance']},
    'forms/weight_tying.py': {'roots': ['TiedLM']},
    'forms/tuple_with_none.py': {'roots': ['Classifier']},
    'forms/lambda_layer.py': {'roots': ['DownBlock']},
    'forms/main_builds_imported.py': {'roots': ['model'], 'run_main': False, 'call': ['main']},
    'forms/string_list_dict_methods.py': {'roots': ['Net']},
    'forms/re_itertools_functools.py': {'roots': ['Net']},
    'forms/type_queries.py': {'roots': ['Net']},
    'forms/layer_subclasses.py': {'roots': ['Net']},
    'forms/generators.py': {'roots': ['Net']},
    'forms/config_library_helpers.py': {'roots': ['mlp']},
    'forms/library_names_and_init.py': {'roots': ['Net']},
    'forms/init_loops.py': {'roots': ['InitNet', 'FrozenStem']},
    'forms/properties.py': {'roots': ['Net']},
    'forms/legacy_variable.py': {'roots': ['net']},
    'forms/version_checks.py': {'roots': ['Net']},
    'forms/embedding_from_pretrained.py': {'roots': ['Encoder']},
    'forms/numpy_tables.py': {'roots': ['Filters', 'Encoder', 'Sampler']},
    'forms/vocab_one_hot.py': {'roots': ['model']},
    'forms/class_conditional.py': {'roots': ['net']},
    'forms/fixed_padding.py': {'roots': ['Backbone']},
    'forms/conv_attention_bias.py': {'roots': ['model']},
    'forms/squeeze_batch.py': {'roots': ['model']},
    'forms/einops_window_lengths.py': {'roots': ['model']},
    'forms/numbers_and_pair.py': {'roots': ['net']},
    'forms/model_wrappers.py': {'roots': ['model'], 'run_main': False, 'call': ['main']},
    'forms/partial_factories.py': {'roots': ['cifar10_mlp16', 'cifar10_mlp32', 'cifar100_mlp16', 'cifar100_mlp32', 'mlp_gelu',
                                             'picked']},
}


# ── Running an entry ─────────────────────────────────────────────────────────────────────────────────────────
def stub_torchvision():
    """torchvision is not installed: its imports succeed, any use raises."""
    def missing(name):
        def fail(*_args, **_kwargs):
            raise RuntimeError(f'torchvision is not installed: {name} cannot run in the generator')
        return fail

    for name in ('torchvision', 'torchvision.transforms', 'torchvision.datasets', 'torchvision.utils', 'torchvision.models'):
        module = types.ModuleType(name)
        module.__getattr__ = lambda attr, name=name: missing(f'{name}.{attr}')
        sys.modules[name] = module
        parent, _, child = name.rpartition('.')
        if parent:
            setattr(sys.modules[parent], child, module)


def forget_project_modules():
    """Two projects may both have a `models` package: nothing of one is seen by the next."""
    for name, module in list(sys.modules.items()):
        path = getattr(module, '__dict__', {}).get('__file__') or ''
        if os.path.abspath(path).startswith(FIXTURES + os.sep):
            del sys.modules[name]


def notebook_text(path):
    """The notebook's code cells joined as ShapeLens reads them (src/analysis/notebook.ts): magics blanked."""
    doc = json.load(open(path))
    cells = []
    for cell in doc['cells']:
        if cell.get('cell_type') != 'code':
            continue
        source = cell['source']
        source = ''.join(source) if isinstance(source, list) else source
        cells.append(re.sub(r'\n$', '', source))
    blank = lambda m: m.group(1) + '#' + ' ' * (len(m.group(0)) - len(m.group(1)) - 1)
    return [re.sub(r'^([ \t]*)[%!].*$', blank, c, flags=re.M) for c in cells]


class Recorder:
    """While an entry runs: where each module is built (the innermost frame in a project file), which function
    returned it (a factory), and the first tensor each module is called with from outside any module's forward."""

    def __init__(self, project):
        self.project = project
        self.depth = 0
        self.first_input = {}  # id(module) → shape
        self.first_call = {}  # id(module) → (args, kwargs) of that first call
        self.created_by = {}   # id(module) → function name
        self.keep = []         # the observed modules stay alive, so their ids stay theirs
        self.watch_locals = set()
        self.locals = {}       # function name → its local variables when it returned

    def __enter__(self):
        self.init, self.call = nn.Module.__init__, nn.Module.__call__
        recorder = self

        def init(module, *args, **kwargs):
            recorder.init(module, *args, **kwargs)
            object.__setattr__(module, '_fixture_def', recorder.declared_at(sys._getframe(1), module))

        def call(module, *args, **kwargs):
            if recorder.depth == 0 and args and isinstance(args[0], torch.Tensor) and id(module) not in recorder.first_input:
                recorder.first_input[id(module)] = list(args[0].shape)
                recorder.first_call[id(module)] = (args, kwargs)
                recorder.keep.append(module)
            recorder.depth += 1
            try:
                return recorder.call(module, *args, **kwargs)
            finally:
                recorder.depth -= 1

        def profile(frame, event, arg):
            if event == 'return' and frame.f_code.co_name in recorder.watch_locals:
                recorder.locals[frame.f_code.co_name] = dict(frame.f_locals)
            if event == 'return' and isinstance(arg, nn.Module) and id(arg) not in self.created_by:
                if not frame.f_code.co_name.startswith('_') and frame.f_code.co_name != '__init__':
                    self.created_by[id(arg)] = frame.f_code.co_name
                    self.keep.append(arg)

        nn.Module.__init__, nn.Module.__call__ = init, call
        sys.setprofile(profile)
        return self

    def __exit__(self, *exc):
        sys.setprofile(None)
        nn.Module.__init__, nn.Module.__call__ = self.init, self.call

    def declared_at(self, frame, module):
        """The innermost project frame outside the module's own __init__ chain (a user class's super().__init__()):
        where the module was built."""
        while frame is not None:
            path = os.path.abspath(frame.f_code.co_filename)
            building_itself = frame.f_code.co_name == '__init__' and frame.f_locals.get('self') is module
            if path.startswith(self.project + os.sep) and not building_itself:
                return os.path.relpath(path, self.project).replace(os.sep, '/'), frame.f_lineno
            frame = frame.f_back
        return None, None


def run_entry(project, entry, spec, recorder):
    """The entry's namespace after running it as `python -m` would (or importing it, run_main False)."""
    path = os.path.join(project, entry)
    if entry.endswith('.ipynb'):
        cells = notebook_text(path)
        skip = set(spec.get('skip_cells', []))
        text = '\n'.join(c if i not in skip else '\n' * c.count('\n') for i, c in enumerate(cells))
        namespace = {'__name__': '__main__', '__file__': path}
        exec(compile(text, path, 'exec'), namespace)
        return namespace
    module = entry[:-3].replace('/', '.')
    if module.endswith('.__init__'):
        module = module[: -len('.__init__')]
    run_name = '__main__' if spec.get('run_main', True) else module
    return runpy.run_module(module, run_name=run_name, alter_sys=run_name == '__main__')


# ── Which input each root gets ───────────────────────────────────────────────────────────────────────────────
def comment_shape(line):
    m = INPUT_COMMENT.search(line)
    return [int(d) for d in re.findall(r'\d+', m.group(1))] if m else None


def comment_inputs(lines, name):
    """(the model's own `# input:`, the file's): directly above `name = …` / `def name` (and its decorators) / `class name`, or trailing
    the assignment; the file's is a comment attached to no model."""
    own, attached = None, set()
    definition = re.compile(rf'^\s*(?:{re.escape(name)}\s*=|def {re.escape(name)}\b|class {re.escape(name)}\b)')
    for i, line in enumerate(lines):
        if not definition.match(line):
            continue
        if own is None:
            own = comment_shape(line) if '#' in line else None
        j = i - 1
        while j >= 0 and lines[j].strip().startswith(('#', '@')):  # above the decorators of a def too
            if own is None and comment_shape(lines[j]):
                own = comment_shape(lines[j])
            attached.add(j)
            j -= 1
    return own, attached


def file_comment(lines, attached_to_models):
    for i, line in enumerate(lines):
        if i not in attached_to_models and line.strip().startswith('#') and comment_shape(line):
            return comment_shape(line)
    return None


# ── Forward pass records ─────────────────────────────────────────────────────────────────────────────────────
def numel(shape):
    return math.prod(shape)


class FunctionalMacs(TorchFunctionMode):
    """The MAC-carrying tensor operations called outside the recorded module calls."""

    def __init__(self):
        super().__init__()
        self.inside = 0  # > 0 while a recorded call of a torch layer runs
        self.own = []  # the MACs of the recorded calls of user classes running now (a class without child modules)
        self.records = []

    def __torch_function__(self, func, types_, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        if self.inside == 0:
            name = getattr(func, '__name__', str(func))
            macs = functional_macs(name, args, kwargs, out)
            if macs and self.own:
                self.own[-1] += macs  # the user class's own operations are its call's MACs
            elif macs:
                self.records.append({'op': name, 'macs': macs})
        return out


MATMULS = {'matmul', '__matmul__', '__rmatmul__', 'mm', 'bmm'}


def functional_macs(name, args, kwargs, out):
    if name in MATMULS:
        a, b = (args[1], args[0]) if name == '__rmatmul__' else (args[0], args[1])
        k = a.shape[-1] if a.dim() > 0 else 1
        return numel(out.shape) * k
    if name == 'einsum':
        equation = args[0]
        operands = args[1:] if not (len(args) == 2 and isinstance(args[1], (list, tuple))) else args[1]
        sizes = {}
        for labels, t in zip(equation.split('->')[0].replace(' ', '').split(','), operands):
            for label, size in zip(labels, t.shape):
                sizes[label] = size
        return math.prod(sizes.values())
    if name == 'linear':
        return numel(out.shape) * args[1].shape[-1]
    if name in ('conv1d', 'conv2d', 'conv3d'):
        weight = args[1] if len(args) > 1 else kwargs['weight']
        return numel(out.shape) * numel(weight.shape[1:])
    if name in ('addmm', 'baddbmm', 'addbmm', 'scaled_dot_product_attention', 'bilinear', 'conv_transpose2d'):
        raise SystemExit(f'the generator has no MAC rule for {name} outside a module: add one')
    return 0


def record_forward(model, x, project, call=None):
    calls, handles, called = [], [], set()
    mode = FunctionalMacs()
    for path, module in call_modules(model):
        # a torch layer's own operations are its rule's MACs; a user class's (its forward() calls no module) are counted
        # (a subclass of a torch layer is that layer: its rule counts its MACs)
        user = all(c in (torch.nn.Module, object) or not c.__module__.startswith('torch.') for c in type(module).__mro__)

        def pre(mod, inputs, user=user):
            if user:
                mode.own.append(0)
            else:
                mode.inside += 1

        def hook(mod, inputs, output, path=path, user=user):
            own = mode.own.pop() if user else 0
            if not user:
                mode.inside -= 1
            tensors = [i for i in inputs if isinstance(i, torch.Tensor)]
            params = 0 if id(mod) in called else sum(p.numel() for p in mod.parameters())
            called.add(id(mod))
            def_file, def_line = getattr(mod, '_fixture_def', (None, None))
            calls.append({
                'name': path, 'type': type(mod).__name__, 'output_shape': shape_tree(output),
                'def_file': def_file, 'def_line': def_line, 'macs': macs_of(mod, tensors, output) + own, 'params': params,
            })
        handles.append(module.register_forward_pre_hook(pre))
        handles.append(module.register_forward_hook(hook))
    try:
        with torch.no_grad(), mode:
            out = model(*call[0], **call[1]) if call else model(x)
    finally:
        for h in handles:
            h.remove()
    return out, calls, mode.records


def other_inputs(model, call):
    """The tensors after the first of the file's call of the model, by the names forward() gives them."""
    if call is None:
        return None
    args, kwargs = call
    names = list(inspect.signature(model.forward).parameters)
    named = [(names[i], a) for i, a in enumerate(args) if i > 0 and i < len(names)] + list(kwargs.items())
    others = [{'name': k, 'shape': list(v.shape)} for k, v in named if isinstance(v, torch.Tensor)]
    return others or None


def describe_root(name, model, shape, project, call=None):
    params = list(model.parameters())  # shared tensors once
    result = {'model': name, 'model_class': type(model).__name__, 'input_shape': shape}
    others = other_inputs(model, call)
    if others:
        result['other_inputs'] = others
    if shape is None:
        result.update({'output_shape': None, 'calls': [], 'functional': []})
    else:
        torch.manual_seed(0)
        out, calls, functional = record_forward(model, make_input(model, shape), project, call if others else None)
        result.update({'output_shape': shape_tree(out), 'calls': calls, 'functional': functional})
    module_macs = sum(c['macs'] for c in result['calls'])
    functional_macs_total = sum(f['macs'] for f in result['functional'])
    result.update({
        'total_params': sum(p.numel() for p in params),
        'trainable_params': sum(p.numel() for p in params if p.requires_grad),
        'module_macs': module_macs, 'functional_macs': functional_macs_total,
        'total_macs': module_macs + functional_macs_total if shape is not None else None,
    })
    return result


def project_of(entry):
    """A project fixture's root is its folder under projects/; a form's, the forms folder (one small project)."""
    parts = entry.split('/')
    return '/'.join(parts[:2]) if parts[0] == 'projects' else '/'.join(parts[:-1])


def generate(entry, spec):
    project = os.path.join(FIXTURES, project_of(entry))
    inside = os.path.relpath(os.path.join(FIXTURES, entry), project)
    forget_project_modules()
    sys.path.insert(0, project)
    argv = sys.argv
    sys.argv = [os.path.join(project, inside)]  # argparse sees no options: each at its default, as ShapeLens reads them
    torch.manual_seed(0)
    try:
        with Recorder(project) as recorder:
            namespace = run_entry(project, inside, spec, recorder)
            recorder.watch_locals = set(spec.get('call', []))
            for fn in spec.get('call', []):
                namespace[fn]()
            text = open(os.path.join(project, inside)).read()
            lines = '\n'.join(notebook_text(os.path.join(project, inside))).split('\n') if inside.endswith('.ipynb') \
                else text.split('\n')
            attached = set()
            owns = {}
            for name in spec['roots']:
                owns[name], near = comment_inputs(lines, name)
                attached |= near
            whole_file = file_comment(lines, attached)
            models = []
            for name in spec['roots']:
                value = lookup(name, namespace, recorder.locals)
                model = value if isinstance(value, nn.Module) else value()
                if not isinstance(model, nn.Module):
                    raise SystemExit(f'{entry}: {name} is not a model')
                observed, call = recorder.first_input.get(id(model)), recorder.first_call.get(id(model))
                if observed is None and not isinstance(value, nn.Module):
                    # a factory or class: the input of a model it made while the entry ran
                    for obj in recorder.keep:
                        made_by = recorder.created_by.get(id(obj))
                        if id(obj) in recorder.first_input and (made_by == name or (isinstance(value, type) and type(obj) is value)):
                            observed, call = recorder.first_input[id(obj)], recorder.first_call[id(obj)]
                            break
                shape = owns[name] or whole_file or observed
                model.eval()  # dropout off, batch norm on running statistics: shapes do not change
                # a model the file calls with more tensors than its input gets them all, as in the file's call
                models.append(describe_root(name, model, shape, project, call if shape is observed else None))
    finally:
        sys.path.remove(project)
        sys.argv = argv
    return {'entry': entry, 'project': project_of(entry), 'generated_with': f'torch {torch.__version__}', 'models': models}


def lookup(name, namespace, function_locals):
    """A name of the entry's namespace, else a local of a called function (`test.net` or just `net`)."""
    if '.' in name:
        fn, local = name.split('.', 1)
        return function_locals[fn][local]
    if name in namespace:
        return namespace[name]
    for values in function_locals.values():
        if name in values:
            return values[name]
    raise SystemExit(f'no model {name} in the entry or the functions it calls')


def compact_json(data):
    """Readable and diff-friendly: one call per line."""
    def model_lines(m):
        parts = []
        for key, value in m.items():
            if key in ('calls', 'functional') and value:
                inner = ',\n'.join('     ' + json.dumps(c) for c in value)
                parts.append(f'    {json.dumps(key)}: [\n{inner}\n    ]')
            else:
                parts.append(f'    {json.dumps(key)}: {json.dumps(value)}')
        return '   {\n' + ',\n'.join(parts) + '\n   }'
    models = ',\n'.join(model_lines(m) for m in data['models'])
    head = ',\n'.join(f' {json.dumps(k)}: {json.dumps(v)}' for k, v in data.items() if k != 'models')
    return '{\n' + head + ',\n "models": [\n' + models + '\n ]\n}'


def main():
    stub_torchvision()
    only = sys.argv[1:]
    for entry, spec in ENTRIES.items():
        if only and not any(o in entry for o in only):
            continue
        data = generate(entry, spec)
        target = os.path.join(FIXTURES, re.sub(r'\.(py|ipynb)$', '', entry) + '.expected.json')
        with open(target, 'w') as f:
            f.write(compact_json(data) + '\n')
        for m in data['models']:
            macs = f'{m["total_macs"]:>14,}' if m['total_macs'] is not None else '   (no input)'
            print(f'{entry:36} {m["model"]:16} {str(m["input_shape"]):20} → {str(m["output_shape"]):20} '
                  f'params {m["total_params"]:>11,}  MACs {macs}  {len(m["calls"])} calls')
    listed = {re.sub(r'\.(py|ipynb)$', '', e) for e in ENTRIES}
    for folder in {e.split('/')[0] for e in ENTRIES}:
        for dirpath, _dirs, files in os.walk(os.path.join(FIXTURES, folder)):
            for f in files:
                if f.endswith('.expected.json'):
                    rel = os.path.relpath(os.path.join(dirpath, f), FIXTURES).replace(os.sep, '/')[: -len('.expected.json')]
                    if rel not in listed:
                        print('stale expectation file (not in ENTRIES):', rel)


if __name__ == '__main__':
    main()
