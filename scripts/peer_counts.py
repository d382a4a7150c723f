#!/usr/bin/python3
"""What torchinfo, thop, ptflops and fvcore print for the seed networks and the model fixtures (README, "Compared
with the peers"). None of them is installed here and only Debian's torch 1.13 is, so each tool's counting rule is
re-implemented from its source and run with the same kind of hooks the tool uses. The sources, read with git at:

  torchinfo  TylerYep/torchinfo 5c4164f (2026-08-20): torchinfo/layer_info.py calculate_macs, model_statistics.py
             forward hooks on every module, totals over leaf modules; per leaf module, each "weight"/"bias" tensor's
             element count times prod(output[:1] + output[2:]) for a Conv, prod(output[:-1]) for a Linear, output[0]
             for other layers (output[0] is taken as the batch, so an unbatched input is miscounted); any other
             parameter whose name holds "weight" or "bias" (an RNN's weight_ih_l0) times prod(output[:2]);
             "Forward/backward pass size" = 2 x the output bytes of leaf layers that have parameters.
  thop       Lyken17/pytorch-OpCounter 43c064a (2022-09-07): thop/profile.py register_hooks, thop/vision/basic_hooks.py,
             calc_func.py. conv: numel(output) x (input.shape[1] // groups) x prod(kernel) (input.shape[1] is C only
             for a batched input); Linear: in_features x numel(output); BatchNorm, LayerNorm, InstanceNorm:
             2 x numel(input), x2 again if affine; AvgPool: numel(output); AdaptiveAvgPool: (prod(in/out spatial) + 1)
             x numel(output); Softmax: rows x (3 x features - 1); Upsample: numel(output) x 1 (nearest), 11
             (bilinear); PReLU in eval: numel(input); ReLU, LeakyReLU, max-pooling, dropout: 0; bias never counted.
             Its RNN hooks are not reproduced: a fixture with an RNN module is reported as not reproduced.
  ptflops    sovrasov/flops-counter.pytorch d612c75 (2025-08-20, after v0.7.5): ptflops/flops_counter.py (the
             default backend is 'pytorch' in the code, although its README says 'aten'), pytorch_engine.py,
             pytorch_ops.py. get_model_complexity_info(model, input_res) builds the input as (1, *input_res), so a
             batch of 1 is always added, and divides the module totals by the batch it saw (per-sample figures); conv:
             prod(kernel) x C_in x C_out/groups x out positions (a transposed conv: input positions) + numel(output)
             with a bias; Linear: (in x out + bias) x rows; pooling: numel(input); ReLU, PReLU, ELU, LeakyReLU, ReLU6,
             GELU: numel(output); BatchNorm, InstanceNorm, GroupNorm, LayerNorm: numel(input), x2 if affine;
             Upsample: numel(output). count_functional (on by default) also replaces F.relu, F.prelu, F.elu,
             F.relu6, F.gelu, F.silu, F.*pool*, F.softmax, F.interpolate/upsample (numel(input), or the output size)
             and torch/Tensor matmul, mm, bmm, addmm, baddbmm, mul, add (MACs, or the broadcast numel) while the model
             runs -- and nn.ReLU, nn.MaxPool2d, ... call those F functions, so they are counted a second time; the
             functional counts are not divided by the batch. Its RNN and attention hooks are not reproduced.
  fvcore     facebookresearch/fvcore 3378afe (2026-02-25): fvcore/nn/flop_count.py _DEFAULT_SUPPORTED_OPS,
             jit_handles.py. Traces the model (torch.jit) and counts aten ops: _convolution = batch x prod(weight) x
             prod(out[2:]) (transposed: prod(in[2:])); linear, addmm, matmul, mm, bmm: MACs, bias ignored; batch_norm:
             numel x (2 with affine, 1 without) in eval, (5 or 4) in training; group_norm, layer_norm, instance_norm:
             numel x (5 or 4); upsample_nearest2d: numel(output), upsample_bilinear2d: 4 x numel(output);
             adaptive_avg_pool2d: numel(input); everything else (max-pooling, ReLU, additions) is skipped with a
             warning. einsum's handle is not reproduced (listed as skipped).

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
        if isinstance(out, (tuple, list)) and out and isinstance(out[0], torch.Tensor):
            out = out[0]  # an RNN's (output, state): torchinfo sizes the first tensor
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
            elif 'weight' in name or 'bias' in name:  # an RNN's inner weights
                macs[0] += prod(size[:2]) * n
        if params:
            fb[0] += 2 * out.numel() * out.element_size()

    run_hooks(model, x, hook)
    return {'macs': macs[0], 'forward_backward_bytes': fb[0]}


RNNS = (nn.RNN, nn.LSTM, nn.GRU, nn.RNNCell, nn.LSTMCell, nn.GRUCell)
NORMS = (nn.modules.batchnorm._BatchNorm, nn.LayerNorm, nn.modules.instancenorm._InstanceNorm)
AVG = (nn.AvgPool1d, nn.AvgPool2d, nn.AvgPool3d)
ADAPTIVE_AVG = (nn.AdaptiveAvgPool1d, nn.AdaptiveAvgPool2d, nn.AdaptiveAvgPool3d)
UPSAMPLE_OPS = {'nearest': 1, 'linear': 5, 'bilinear': 11, 'bicubic': 259, 'trilinear': 31}


def thop(model, x):
    if any(isinstance(m, RNNS) for m in model.modules()):
        return {'macs': None, 'why': 'thop\'s RNN hooks are not reproduced'}
    ops = [0]

    def hook(m, inp, out):
        i = inp[0]
        if isinstance(m, nn.modules.conv._ConvNd):
            ops[0] += out.numel() * (i.shape[1] // m.groups) * prod(m.weight.shape[2:])
        elif isinstance(m, nn.Linear):
            ops[0] += m.in_features * out.numel()
        elif isinstance(m, NORMS):
            affine = getattr(m, 'affine', False) or getattr(m, 'elementwise_affine', False)
            ops[0] += 2 * i.numel() * (2 if affine else 1)
        elif isinstance(m, AVG):
            ops[0] += out.numel()
        elif isinstance(m, ADAPTIVE_AVG):
            kernel = prod(a / b for a, b in zip(i.shape[2:], out.shape[2:]))
            ops[0] += int((kernel + 1) * out.numel())
        elif isinstance(m, nn.Softmax):
            features = i.shape[m.dim]
            ops[0] += (i.numel() // features) * (3 * features - 1)
        elif isinstance(m, nn.PReLU) and not m.training:
            ops[0] += i.numel()
        elif isinstance(m, (nn.Upsample, nn.UpsamplingBilinear2d, nn.UpsamplingNearest2d)):
            ops[0] += out.numel() * UPSAMPLE_OPS.get(m.mode, 0)

    run_hooks(model, x, hook)
    return {'macs': ops[0]}


POOLS = (nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d, nn.AvgPool1d, nn.AvgPool2d, nn.AvgPool3d, nn.AdaptiveAvgPool1d,
         nn.AdaptiveAvgPool2d, nn.AdaptiveAvgPool3d, nn.AdaptiveMaxPool1d, nn.AdaptiveMaxPool2d, nn.AdaptiveMaxPool3d)
RELUS = (nn.ReLU, nn.PReLU, nn.ELU, nn.LeakyReLU, nn.ReLU6, nn.GELU)
PT_NORMS = (nn.modules.batchnorm._BatchNorm, nn.modules.instancenorm._InstanceNorm, nn.GroupNorm, nn.LayerNorm)
F_NUMEL = ['relu', 'prelu', 'elu', 'relu6', 'gelu', 'silu', 'avg_pool1d', 'avg_pool2d', 'avg_pool3d', 'max_pool1d',
           'max_pool2d', 'max_pool3d', 'adaptive_avg_pool1d', 'adaptive_avg_pool2d', 'adaptive_avg_pool3d',
           'adaptive_max_pool1d', 'adaptive_max_pool2d', 'adaptive_max_pool3d', 'softmax']


def _interpolate(*args, **kwargs):
    i = kwargs.get('input', args[0] if args else None)
    size = kwargs.get('size', args[1] if len(args) > 1 else None)
    if size is not None:
        return (prod(size) if isinstance(size, (tuple, list)) else int(size) ** (i.dim() - 2)) * prod(i.shape[:2])
    scale = kwargs.get('scale_factor', args[2] if len(args) > 2 else None)
    if isinstance(scale, tuple) and len(scale) == i.dim() - 2:
        return i.numel() * int(prod(scale))
    return i.numel() * scale ** (i.dim() - 2)


def _elementwise(a, b, *args, **kwargs):
    if not torch.is_tensor(a):
        return b.numel() if torch.is_tensor(b) else 1
    if not torch.is_tensor(b):
        return a.numel()
    return prod(torch.broadcast_shapes(a.shape, b.shape))


def _patched(collector):
    """ptflops' count_functional: the F functions and tensor ops it replaces while the model runs, with their counts."""
    import torch.nn.functional as F
    patches = [(F, n, lambda i, *a, **k: i.numel()) for n in F_NUMEL]
    patches += [(F, 'interpolate', _interpolate), (F, 'upsample', _interpolate)]
    matmul = lambda a, b, *r, **k: prod(a.shape) * b.shape[-1]  # noqa: E731
    addmm = lambda c, a, b, *r, beta=1, **k: prod(a.shape) * b.shape[-1] + (prod(c.shape) if beta != 0 else 0)  # noqa: E731
    for owner in (torch, torch.Tensor):
        patches += [(owner, 'matmul', matmul), (owner, 'mm', matmul), (owner, 'bmm', matmul), (owner, 'addmm', addmm),
                    (owner, 'mul', _elementwise), (owner, 'add', _elementwise)]
    patches.append((torch, 'baddbmm', addmm))
    saved = []
    for owner, name, count in patches:
        op = getattr(owner, name)
        saved.append((owner, name, op))

        def wrapper(*args, _op=op, _count=count, **kwargs):
            collector.append(int(_count(*args, **kwargs)))
            return _op(*args, **kwargs)
        setattr(owner, name, wrapper)
    return saved


def ptflops(model, x):
    """get_model_complexity_info(model, input_res=x.shape[1:]): the input is (1, *input_res)."""
    if any(isinstance(m, RNNS + (nn.MultiheadAttention,)) for m in model.modules()):
        return {'macs_per_sample': None, 'why': 'ptflops\' RNN and attention hooks are not reproduced'}
    x = x[:1]
    modules = [0]
    functional = []

    def hook(m, inp, out):
        i = inp[0]
        if isinstance(m, nn.modules.conv._ConvNd):
            transposed = isinstance(m, nn.modules.conv._ConvTransposeNd)
            per_position = prod(m.kernel_size) * m.in_channels * (m.out_channels // m.groups)
            active = i.shape[0] * prod((i if transposed else out).shape[2:])
            modules[0] += per_position * active + (i.shape[0] * prod(out.shape[1:]) if m.bias is not None else 0)
        elif isinstance(m, nn.Linear):
            modules[0] += (i.shape[-1] * out.shape[-1] + (out.shape[-1] if m.bias is not None else 0)) * prod(i.shape[:-1])
        elif isinstance(m, POOLS):
            modules[0] += i.numel()
        elif isinstance(m, RELUS):
            modules[0] += out.numel()
        elif isinstance(m, PT_NORMS):
            modules[0] += i.numel() * (2 if getattr(m, 'affine', False) or getattr(m, 'elementwise_affine', False) else 1)
        elif isinstance(m, nn.Upsample):
            modules[0] += out.numel()

    handles = [m.register_forward_hook(hook) for m in model.modules() if not any(m.children()) or isinstance(m, nn.MultiheadAttention)]
    saved = _patched(functional)
    try:
        with torch.no_grad():
            model(x)
    finally:
        for owner, name, op in saved:
            setattr(owner, name, op)
        for h in handles:
            h.remove()
    return {'macs_per_sample': modules[0] / x.shape[0] + sum(functional), 'functional': sum(functional), 'batch_counter': x.shape[0]}


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
        elif kind == 'aten::bmm':
            a, b = shape(ins[0]), shape(ins[1])
            total += a[0] * a[1] * a[2] * b[-1]
        elif kind in ('aten::group_norm', 'aten::layer_norm', 'aten::instance_norm'):
            affine = shape(ins[1 if kind == 'aten::instance_norm' else 2]) is not None
            total += prod(shape(ins[0])) * (5 if affine else 4)
        elif kind == 'aten::upsample_nearest2d':
            total += prod(shape(outs[0]))
        elif kind == 'aten::upsample_bilinear2d':
            total += 4 * prod(shape(outs[0]))
        elif kind == 'aten::adaptive_avg_pool2d':
            total += prod(shape(ins[0]))
        elif kind.startswith('aten::') and kind not in ('aten::size', 'aten::view', 'aten::flatten', 'aten::reshape', 'aten::t'):
            skipped.add(kind)
    return {'macs': total, 'skipped': sorted(skipped)}


def measure(model, x, ptflops_input=None):
    """ptflops_input: the (1, *input_res) ptflops builds, when x is not batched (ptflops always adds the batch)."""
    model.eval()
    return {'input': list(x.shape), 'torchinfo': torchinfo(model, x), 'thop': thop(model, x),
            'ptflops': ptflops(model, x if ptflops_input is None else ptflops_input), 'fvcore': fvcore(model, x)}


def seeds():
    seed001 = nn.Sequential(nn.Conv2d(1, 20, 5), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(2880, 500), nn.ReLU(), nn.Linear(500, 10))
    seed004 = nn.Sequential(nn.Conv2d(30, 12, 4, stride=2, padding=1, bias=False), nn.MaxPool2d(3, stride=2))
    out = {'seed001 batch 64': measure(seed001, torch.zeros(64, 1, 28, 28))}
    # torchinfo and thop are handed the shape as given; ptflops always prepends a batch of 1 to input_res
    out['seed004 unbatched (30, 14, 14)'] = measure(seed004, torch.zeros(30, 14, 14), torch.zeros(1, 30, 14, 14))
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
            num = lambda v, w: f'{v:>{w},}' if v is not None else f'{"-":>{w}}'  # noqa: E731
            per = pt['macs_per_sample']
            why = '; '.join(x['why'] for x in (th, pt) if x.get('why'))
            einsum = ' (fvcore: einsum not reproduced)' if 'aten::einsum' in fv['skipped'] else ''
            print(f'{name:34} torchinfo {ti["macs"]:>14,} (fwd/bwd {ti["forward_backward_bytes"] / 1e6:.2f} MB)  thop {num(th["macs"], 14)}'
                  f'  ptflops {num(int(per) if per is not None else None, 14)}/sample  fvcore {fv["macs"]:>14,}'
                  f'{f"  ({why})" if why else ""}{einsum}')

if __name__ == '__main__':
    main()
