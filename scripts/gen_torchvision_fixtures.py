#!/usr/bin/python3
"""Generates what torchvision's own models give, for ShapeLens' copy of torchvision.models (src/analysis/python/
bundled/torchvision/models): one record per builder.

    apt-get install python3-torchvision                     # Debian's 0.14, with its python3-torch 1.13
    /usr/bin/python3 scripts/gen_torchvision_fixtures.py    # writes test/fixtures/torchvision/expected.json

Per builder, built with no weights and run on one (1, 3, 224, 224) image in eval mode: every layer (a module
without children) in registration order (name and type: the copy must name and order its layers as torchvision does, since user code
reaches them by name — model.fc, model.classifier[6] — and by position — list(model.children())[:-1]), the
parameter count, the output shape and the MACs by ShapeLens' convention (gen_model_fixtures.macs_of: the weight
layers' multiply-accumulates, bias not counted). CI does not need torch: the JSON is committed.
"""
import json
import os
import sys

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_model_fixtures as gmf  # noqa: E402
from gen_model_fixtures import compact_json  # noqa: E402

_macs_of = gmf.macs_of


def macs_of(module, inputs, output):
    """As gen_model_fixtures counts, and for torchvision's ViT, whose self-attention is called with query=, key=,
    value= keywords that 1.13's forward hooks do not see: q and k then have the output's shape."""
    if isinstance(module, torch.nn.MultiheadAttention) and len(inputs) < 2:
        return gmf.attention_macs(module, output[0], output[0])
    return _macs_of(module, inputs, output)


gmf.macs_of = macs_of

BUILDERS = [
    'alexnet',
    'convnext_tiny', 'convnext_small', 'convnext_base', 'convnext_large',
    'densenet121', 'densenet161', 'densenet169', 'densenet201',
    'efficientnet_b0', 'efficientnet_b1', 'efficientnet_b2', 'efficientnet_b3', 'efficientnet_b4',
    'efficientnet_b5', 'efficientnet_b6', 'efficientnet_b7',
    'googlenet', 'inception_v3',
    'mobilenet_v2', 'mobilenet_v3_large', 'mobilenet_v3_small',
    'resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152',
    'resnext50_32x4d', 'resnext101_32x8d', 'resnext101_64x4d', 'wide_resnet50_2', 'wide_resnet101_2',
    'shufflenet_v2_x0_5', 'shufflenet_v2_x1_0', 'shufflenet_v2_x1_5', 'shufflenet_v2_x2_0',
    'squeezenet1_0', 'squeezenet1_1',
    'vgg11', 'vgg11_bn', 'vgg13', 'vgg13_bn', 'vgg16', 'vgg16_bn', 'vgg19', 'vgg19_bn',
    'vit_b_16', 'vit_b_32', 'vit_l_16', 'vit_l_32', 'vit_h_14',
]
# The ways user code uses these models (each written for ShapeLens in the styles found in public code): the snippet
# builds `model`, which is run on `input`. test/unit/torchvisionModels.test.ts analyses the same snippets.
USES = {
    'transfer learning: a new fc, the rest frozen': ("""
import torch.nn as nn
from torchvision import models

model = models.resnet18(pretrained=True)
for param in model.parameters():
    param.requires_grad = False
model.fc = nn.Linear(model.fc.in_features, 2)
""", [4, 3, 224, 224]),
    'weights enum and a replaced classifier entry': ("""
import torch.nn as nn
import torchvision

model = torchvision.models.vgg16(weights=torchvision.models.VGG16_Weights.DEFAULT)
model.classifier[6] = nn.Linear(4096, 10)
""", [2, 3, 224, 224]),
    'a backbone without its last layer': ("""
import torch
import torch.nn as nn
import torchvision.models as models


class EncoderCNN(nn.Module):
    def __init__(self, embed_size):
        super().__init__()
        resnet = models.resnet50(weights=None)
        self.resnet = nn.Sequential(*list(resnet.children())[:-1])
        self.linear = nn.Linear(resnet.fc.in_features, embed_size)

    def forward(self, images):
        features = self.resnet(images)
        return self.linear(features.reshape(features.size(0), -1))


model = EncoderCNN(256)
""", [1, 3, 224, 224]),
    'a subclass of torchvision\'s ResNet': ("""
import torch.nn as nn
from torchvision.models.resnet import BasicBlock, ResNet


class CifarResNet(ResNet):
    def __init__(self, num_classes=10):
        super().__init__(BasicBlock, [2, 2, 2, 2], num_classes=num_classes)
        self.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
        self.maxpool = nn.Identity()


model = CifarResNet()
""", [1, 3, 32, 32]),
    'a feature extractor from vgg19.features': ("""
import torch.nn as nn
from torchvision.models import vgg19


class FeatureExtractor(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(*list(vgg19(pretrained=True).features.children())[:18])

    def forward(self, img):
        return self.features(img)


model = FeatureExtractor()
""", [1, 3, 96, 96]),
    'Inception v3 fine-tuned: both classifiers replaced, at 299 x 299': ("""
import torch.nn as nn
from torchvision import models

model = models.inception_v3(pretrained=True)
model.AuxLogits.fc = nn.Linear(model.AuxLogits.fc.in_features, 2)
model.fc = nn.Linear(model.fc.in_features, 2)
""", [2, 3, 299, 299]),
    'EfficientNet with a new head': ("""
import torch.nn as nn
import torchvision

model = torchvision.models.efficientnet_b0(weights='IMAGENET1K_V1')
model.classifier[1] = nn.Linear(model.classifier[1].in_features, 3)
""", [1, 3, 224, 224]),
    'a detection backbone: the layers up to layer4 by IntermediateLayerGetter, a dict of results': ("""
import torch
import torch.distributed as dist
import torch.nn as nn
import torchvision
from torchvision.models._utils import IntermediateLayerGetter


def is_main_process():
    if not dist.is_available() or not dist.is_initialized():
        return True
    return dist.get_rank() == 0


class Detector(nn.Module):
    def __init__(self, name='resnet18', num_queries=10, num_classes=5, hidden=64):
        super().__init__()
        backbone = getattr(torchvision.models, name)(replace_stride_with_dilation=[False, False, False],
                                                     weights=None if is_main_process() else 'DEFAULT')
        for n, p in backbone.named_parameters():
            if 'layer3' not in n and 'layer4' not in n:
                p.requires_grad_(False)
        self.body = IntermediateLayerGetter(backbone, return_layers={'layer3': 'mid', 'layer4': 'out'})
        self.proj = nn.Conv2d(512, hidden, 1)
        self.query = nn.Embedding(num_queries, hidden)
        self.attn = nn.MultiheadAttention(hidden, 4)
        self.cls = nn.Linear(hidden, num_classes + 1)
        self.box = nn.Linear(hidden, 4)
        self._reset_parameters()

    def _reset_parameters(self):
        for p in self.parameters():
            if p.dim() > 1:
                nn.init.xavier_uniform_(p)

    def forward(self, x):
        if torchvision._is_tracing():
            raise RuntimeError('export the model without tracing')
        feats = self.body(x)
        src = self.proj(feats['out']).flatten(2).permute(2, 0, 1)
        q = self.query.weight.unsqueeze(1).repeat(1, x.shape[0], 1)
        hs = self.attn(q, src, src)[0].transpose(0, 1)
        return {'pred_logits': self.cls(hs), 'pred_boxes': self.box(hs).sigmoid(), 'mid': feats['mid']}


model = Detector()
""", [2, 3, 64, 64]),
    'a builder by name, and one class count': ("""
from torchvision import models

model = models.get_model('densenet121', num_classes=5)
""", [1, 3, 224, 224]),
}
OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'torchvision', 'expected.json')


def layers(model):
    """(name, type) of each layer: a module without children, or a torch.nn layer that has some but is one layer to
    the user (MultiheadAttention, whose out_proj is never called as a module), in registration order."""
    out, inside = [], None
    for n, m in model.named_modules():
        if not n or (inside and n.startswith(inside)):
            continue
        if isinstance(m, torch.nn.MultiheadAttention):
            inside = n + '.'
            out.append([n, type(m).__name__])
        elif not list(m.children()):
            out.append([n, type(m).__name__])
    return out


def forward(model, input_shape):
    """One forward pass on a random input of that shape, hooked: the output's shape and the MACs."""
    out, calls = gmf.hooked_forward(model, torch.randn(*input_shape))
    return gmf.shape_tree(out), sum(c['macs'] for c in calls)


def record(name):
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)().eval()
    output_shape, macs = forward(model, (1, 3, 224, 224))
    return {
        'builder': name,
        'leaves': layers(model),
        'total_params': sum(p.numel() for p in model.parameters()),
        'output_shape': output_shape,
        'total_macs': macs,
    }


def no_download():
    """Weights asked for are not downloaded (no network here, and they change no figure): the builders run as
    they do with weights, then load nothing."""
    from torchvision.models._api import WeightsEnum
    WeightsEnum.get_state_dict = lambda self, *a, **k: {}
    torch.nn.Module.load_state_dict = lambda self, *a, **k: None


def record_use(title, code, input_shape):
    no_download()
    namespace = {}
    exec(compile(code, title, 'exec'), namespace)
    model = namespace['model'].eval()
    output_shape, macs = forward(model, input_shape)
    return {
        'title': title, 'code': code.lstrip('\n'), 'input_shape': input_shape,
        'total_params': sum(p.numel() for p in model.parameters()),
        'trainable_params': sum(p.numel() for p in model.parameters() if p.requires_grad),
        'output_shape': output_shape,
        'total_macs': macs,
    }


def main():
    data = {
        'torchvision': torchvision.__version__, 'torch': torch.__version__, 'input_shape': [1, 3, 224, 224],
        'models': [record(n) for n in BUILDERS],
        'uses': [record_use(t, c, i) for t, (c, i) in USES.items()],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        # one builder or use per line
        head = {k: v for k, v in data.items() if k not in ('models', 'uses')}
        f.write(compact_json(head)[:-2] + ',\n')
        for key in ('models', 'uses'):
            rows = ',\n'.join('  ' + json.dumps(r, separators=(',', ':')) for r in data[key])
            f.write(f' "{key}": [\n{rows}\n ]' + (',\n' if key == 'models' else '\n'))
        f.write('}\n')
    for m in data['models']:
        print(f"{m['builder']:18} {m['total_params']:>12,} params {m['total_macs']:>16,} MACs {len(m['leaves'])} layers")
    for u in data['uses']:
        print(f"{u['title'][:40]:40} {u['total_params']:>12,} params {u['total_macs']:>16,} MACs {u['output_shape']}")


if __name__ == '__main__':
    main()
