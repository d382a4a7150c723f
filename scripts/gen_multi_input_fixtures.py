#!/usr/bin/python3
"""Generates the expectations of the models whose forward takes several inputs, with real PyTorch.

    /usr/bin/python3 scripts/gen_multi_input_fixtures.py      # Debian's python3-torch (1.13)

For every test/fixtures/multi/*.py it builds the file's root model (as scripts/gen_model_fixtures.py does), calls
it with the inputs its comment names (`# input: noise=(4, 100), labels=(4,) long`, passed by name; `long` inputs
are class indices), and writes <name>.expected.json next to it: model, inputs, output_shape, total_params and
total_macs (MACs by the convention of gen_model_fixtures.py). A development script: the fixtures are our own files.
"""
import glob
import importlib.util
import json
import os
import re

import torch

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
MULTI = os.path.join(ROOT, 'test', 'fixtures', 'multi')

spec = importlib.util.spec_from_file_location('gen_model_fixtures', os.path.join(ROOT, 'scripts', 'gen_model_fixtures.py'))
gmf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gmf)

COMMENT = re.compile(r'^#\s*input:\s*(.*)$', re.MULTILINE)
NAMED = re.compile(r'(\w+)\s*=\s*\(([\d,\s]*)\)\s*(long)?')


def inputs_of(text):
    line = COMMENT.search(text).group(1)
    return [{'name': m.group(1), 'shape': [int(d) for d in m.group(2).split(',') if d.strip()],
             **({'dtype': 'long'} if m.group(3) else {})} for m in NAMED.finditer(line)]


def generate(path):
    text, namespace, name, model = gmf.build(path)
    inputs = inputs_of(text)
    torch.manual_seed(0)
    values = {i['name']: torch.randint(0, 2, i['shape']) if i.get('dtype') == 'long' else torch.randn(*i['shape'])
              for i in inputs}
    out, calls = gmf.hooked_forward(model, **values)
    params = list(model.parameters())
    return {
        'model': name, 'inputs': inputs, 'output_shape': gmf.shape_tree(out),
        'total_params': sum(p.numel() for p in params), 'total_macs': sum(c['macs'] for c in calls),
        'generated_with': f'torch {torch.__version__}',
    }


def main():
    for path in sorted(glob.glob(os.path.join(MULTI, '*.py'))):
        data = generate(path)
        with open(path[:-3] + '.expected.json', 'w') as f:
            f.write(json.dumps(data, indent=1) + '\n')
        print(os.path.relpath(path, ROOT), data['output_shape'], data['total_params'], data['total_macs'])


if __name__ == '__main__':
    main()
