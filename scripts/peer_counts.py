#!/usr/bin/python3
"""What torchinfo, thop, ptflops and fvcore print for the seed networks and the model fixtures (README, "Compared
with the peers"). None of them is installed here and only Debian's torch 1.13 is, so each tool's counting rule is
re-implemented from its source (read at the commits named below) and run with the same kind of hooks the tool uses:

  torchinfo  (TylerYep/torchinfo, torchinfo/layer_info.py calculate_macs, model_statistics.py)
             forward hooks on every module; per leaf module with parameters, each "weight"/"bias" tensor's element
             count times prod(output[:1] + output[2:]) for a Conv, prod(output[:-1]) for a Linear, output[0] for
             other layers (output[0] is taken as the batch, so an unbatched input is miscounted);
             "Forward/backward pass size" = 2 x the output bytes of leaf layers that have parameters.
  thop       (Lyken17/pytorch-OpCounter, thop/vision/basic_hooks.py, calc_func.py)
             conv: numel(output) x (input.shape[1] // groups) x prod(kernel) (input.shape[1] is C only for a
             batched input); Linear: in_features x numel(output); BatchNorm: 2 x numel(input), x2 again if affine;
             ReLU and max-pooling: 0; bias never counted.
  ptflops    (sovrasov/flops-counter.pytorch v0.7.5, ptflops/pytorch_ops.py, pytorch_engine.py; pytorch backend)
             the input is built as (1, *input_res), so a batch is always added; totals are divided by the batch
             counter (per-sample figures); conv: prod(kernel) x C_in x C_out/groups x batch x out positions + one
             add per output element for a bias; Linear: (in x out + bias) x rows; pooling: numel(input); ReLU:
             numel(output); BatchNorm: numel(input), x2 if affine.
  fvcore     (facebookresearch/fvcore, fvcore/nn/jit_handles.py, flop_count.py)
             traces the model (torch.jit) and counts aten ops: _convolution = batch x prod(weight) x prod(out[2:])
             (transposed: prod(in[2:])); linear/addmm/matmul: MACs, bias ignored; batch_norm: numel x (2 with affine,
             1 without) in eval, x 5/4 in training; adaptive_avg_pool2d: numel(input); max-pooling and ReLU unsupported
             (skipped with a warning).

Run: /usr/bin/python3 scripts/peer_counts.py [--json]. A development script, not run in CI (CI has no torch).
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_model_fixtures as g  # noqa: E402  (builds the fixtures exactly as the model expectations do)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
prod = math.prod


def leaves(model):
    return [m for m in model.modules() if not any(m.children())]


def run_hooks(model, x, hook):
    handles = [m.register_forward_hook(hook) for m in leaves(model)]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()


def torchinfo(model, x):
    macs = [0]
    fb = [0]

    def hook(m, inp, out):
        if not isinstance(out, torch.Tensor):
            return
        size = list(out.shape)
        params = list(m.named_parameters(recurse=False))
        for name, p in params:
            n = p.numel()
            if name in ('weight', 'bias'):
                if 'Conv' in type(m).__name__:
                    macs[0] += n * prod(size[:1] + size[2:])
                elif 'Linear' in type(m).__name__:
                    macs[0] += n * prod(size[:-1])
                else:
                    macs[0] += size[0] * n
        if params:
            fb[0] += 2 * out.numel() * out.element_size()

    run_hooks(model, x, hook)
    return {'macs': macs[0], 'forward_backward_bytes': fb[0]}


def thop(model, x):
    ops = [0]

    def hook(m, inp, out):
        i = inp[0]
        if isinstance(m, nn.modules.conv._ConvNd):
            ops[0] += out.numel() * (i.shape[1] // m.groups) * prod(m.weight.shape[2:])
        elif isinstance(m, nn.Linear):
            ops[0] += m.in_features * out.numel()
        elif isinstance(m, nn.modules.batchnorm._BatchNorm):
            ops[0] += 2 * i.numel() * (2 if m.affine else 1)

    run_hooks(model, x, hook)
    return {'macs': ops[0]}


POOLS = (nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d, nn.AvgPool1d, nn.AvgPool2d, nn.AvgPool3d, nn.AdaptiveAvgPool1d,
         nn.AdaptiveAvgPool2d, nn.AdaptiveAvgPool3d, nn.AdaptiveMaxPool1d, nn.AdaptiveMaxPool2d, nn.AdaptiveMaxPool3d)
RELUS = (nn.ReLU, nn.PReLU, nn.ELU, nn.LeakyReLU, nn.ReLU6)


def ptflops(model, x):
    flops = [0]
    batch = x.shape[0] if x.dim() > 0 else 1

    def hook(m, inp, out):
        i = inp[0]
        if isinstance(m, nn.modules.conv._ConvNd):
            transposed = isinstance(m, nn.modules.conv._ConvTransposeNd)
            per_position = prod(m.kernel_size) * m.in_channels * (m.out_channels // m.groups)
            active = i.shape[0] * prod((i if transposed else out).shape[2:])
            flops[0] += per_position * active + (i.shape[0] * prod(out.shape[1:]) if m.bias is not None else 0)
        elif isinstance(m, nn.Linear):
            flops[0] += (i.shape[-1] * out.shape[-1] + (out.shape[-1] if m.bias is not None else 0)) * prod(i.shape[:-1])
        elif isinstance(m, POOLS):
            flops[0] += i.numel()
        elif isinstance(m, RELUS):
            flops[0] += out.numel()
        elif isinstance(m, nn.modules.batchnorm._BatchNorm):
            flops[0] += i.numel() * (2 if m.affine else 1)

    run_hooks(model, x, hook)
    return {'macs_per_sample': flops[0] / batch, 'batch_counter': batch}


def fvcore(model, x):
    graph, _ = torch.jit._get_trace_graph(model, (x,))
    total = 0
    skipped = set()

    def shape(v):
        t = v.type()
        return t.sizes() if isinstance(t, torch._C.TensorType) and t.sizes() is not None else None

    for node in graph.nodes():
        kind = node.kind()
        ins = list(node.inputs())
        outs = list(node.outputs())
        if kind == 'aten::_convolution':
            xs, ws, os_ = shape(ins[0]), shape(ins[1]), shape(outs[0])
            transposed = bool(ins[6].toIValue())
            total += xs[0] * prod(ws) * prod((xs if transposed else os_)[2:])
        elif kind == 'aten::linear':
            a, w = shape(ins[0]), shape(ins[1])
            total += prod(a) * w[0]
        elif kind == 'aten::addmm':
            a, b = shape(ins[1]), shape(ins[2])
            total += a[0] * a[1] * b[1]
        elif kind in ('aten::matmul', 'aten::mm'):
            a, b = shape(ins[0]), shape(ins[1])
            total += prod(a) * b[-1]
        elif kind == 'aten::batch_norm':
            s = prod(shape(ins[0]))
            affine = shape(ins[1]) is not None
            training = bool(ins[5].toIValue())
            total += s * ((5 if affine else 4) if training else (2 if affine else 1))
        elif kind == 'aten::adaptive_avg_pool2d':
            total += prod(shape(ins[0]))
        elif kind.startswith('aten::') and kind not in ('aten::size', 'aten::view', 'aten::flatten', 'aten::reshape', 'aten::t'):
            skipped.add(kind)
    return {'macs': total, 'skipped': sorted(skipped)}


def measure(model, x):
    model.eval()
    return {'input': list(x.shape), 'torchinfo': torchinfo(model, x), 'thop': thop(model, x), 'ptflops': ptflops(model, x),
            'fvcore': fvcore(model, x)}


def seeds():
    seed001 = nn.Sequential(nn.Conv2d(1, 20, 5), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(2880, 500), nn.ReLU(), nn.Linear(500, 10))
    seed004 = nn.Sequential(nn.Conv2d(30, 12, 4, stride=2, padding=1, bias=False), nn.MaxPool2d(3, stride=2))
    out = {'seed001 batch 64': measure(seed001, torch.zeros(64, 1, 28, 28))}
    # torchinfo and thop are handed the shape as given; ptflops always prepends a batch of 1 to input_res
    out['seed004 unbatched (30, 14, 14)'] = measure(seed004, torch.zeros(30, 14, 14))
    out['seed004 unbatched (30, 14, 14)']['ptflops'] = ptflops(seed004.eval(), torch.zeros(1, 30, 14, 14))
    out['seed004 batched (1, 30, 14, 14)'] = measure(seed004, torch.zeros(1, 30, 14, 14))
    return out


def fixtures():
    out = {}
    folder = os.path.join(ROOT, 'test', 'fixtures', 'models')
    for name in sorted(os.listdir(folder)):
        if not name.endswith('.py'):
            continue
        try:
            text, namespace, _root, model = g.build(os.path.join(folder, name))
            x = g.make_input(model, g.read_input_shape(text, namespace))
            if isinstance(x, torch.Tensor) and x.is_floating_point():
                out[name[:-3]] = measure(model, x)
        except Exception as e:  # a fixture the re-implementations cannot trace (tuples, integer inputs)
            out[name[:-3]] = {'error': f'{type(e).__name__}: {e}'}
    return out


def main():
    result = {'seeds': seeds(), 'fixtures': fixtures()}
    if '--json' in sys.argv:
        print(json.dumps(result, indent=1))
        return
    for group, rows in result.items():
        print(f'== {group}')
        for name, r in rows.items():
            if 'error' in r:
                print(f'{name:34} {r["error"]}')
                continue
            ti, th, pt, fv = r['torchinfo'], r['thop'], r['ptflops'], r['fvcore']
            print(f'{name:34} torchinfo {ti["macs"]:>14,} (fwd/bwd {ti["forward_backward_bytes"] / 1e6:.2f} MB)  thop {th["macs"]:>14,}'
                  f'  ptflops {pt["macs_per_sample"]:>16,.1f}/sample  fvcore {fv["macs"]:>14,}')


if __name__ == '__main__':
    main()
