"""Vision Transformer B/16, B/32, L/16, L/32 and H/14 (Dosovitskiy et al. 2020), with torchvision's module names and
order: conv_proj, encoder (pos_embedding, encoder_layer_0 …, ln), heads; the class token a parameter of the model."""
from collections import OrderedDict
from functools import partial

import torch
import torch.nn as nn

from ._api import Weights, imagenet_input, overwrite_named_param, pretrained_classes
from ._ops import MLP

__all__ = [
    'VisionTransformer', 'vit_b_16', 'vit_b_32', 'vit_l_16', 'vit_l_32', 'vit_h_14',
    'ViT_B_16_Weights', 'ViT_B_32_Weights', 'ViT_L_16_Weights', 'ViT_L_32_Weights', 'ViT_H_14_Weights',
]


class MLPBlock(MLP):
    def __init__(self, in_dim, mlp_dim, dropout):
        super().__init__(in_dim, [mlp_dim, in_dim], activation_layer=nn.GELU, inplace=None, dropout=dropout)


class EncoderBlock(nn.Module):
    def __init__(self, num_heads, hidden_dim, mlp_dim, dropout, attention_dropout,
                 norm_layer=partial(nn.LayerNorm, eps=1e-6)):
        super().__init__()
        self.num_heads = num_heads
        self.ln_1 = norm_layer(hidden_dim)
        self.self_attention = nn.MultiheadAttention(hidden_dim, num_heads, dropout=attention_dropout, batch_first=True)
        self.dropout = nn.Dropout(dropout)
        self.ln_2 = norm_layer(hidden_dim)
        self.mlp = MLPBlock(hidden_dim, mlp_dim, dropout)

    def forward(self, input):
        torch._assert(input.dim() == 3, f'Expected (batch_size, seq_length, hidden_dim) got {input.shape}')
        x = self.ln_1(input)
        x, _ = self.self_attention(query=x, key=x, value=x, need_weights=False)
        x = self.dropout(x)
        x = x + input
        y = self.mlp(self.ln_2(x))
        return x + y


class Encoder(nn.Module):
    def __init__(self, seq_length, num_layers, num_heads, hidden_dim, mlp_dim, dropout, attention_dropout,
                 norm_layer=partial(nn.LayerNorm, eps=1e-6)):
        super().__init__()
        self.pos_embedding = nn.Parameter(torch.empty(1, seq_length, hidden_dim).normal_(std=0.02))
        self.dropout = nn.Dropout(dropout)
        layers = OrderedDict()
        for i in range(num_layers):
            layers[f'encoder_layer_{i}'] = EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout,
                                                        norm_layer)
        self.layers = nn.Sequential(layers)
        self.ln = norm_layer(hidden_dim)

    def forward(self, input):
        torch._assert(input.dim() == 3, f'Expected (batch_size, seq_length, hidden_dim) got {input.shape}')
        input = input + self.pos_embedding
        return self.ln(self.layers(self.dropout(input)))


class VisionTransformer(nn.Module):
    def __init__(self, image_size, patch_size, num_layers, num_heads, hidden_dim, mlp_dim, dropout=0.0,
                 attention_dropout=0.0, num_classes=1000, representation_size=None,
                 norm_layer=partial(nn.LayerNorm, eps=1e-6), conv_stem_configs=None):
        super().__init__()
        torch._assert(image_size % patch_size == 0, 'Input shape indivisible by patch size!')
        if conv_stem_configs is not None:
            raise NotImplementedError('ShapeLens describes the ViT with its patch convolution only')
        self.image_size = image_size
        self.patch_size = patch_size
        self.hidden_dim = hidden_dim
        self.mlp_dim = mlp_dim
        self.attention_dropout = attention_dropout
        self.dropout = dropout
        self.num_classes = num_classes
        self.representation_size = representation_size
        self.norm_layer = norm_layer
        self.conv_proj = nn.Conv2d(in_channels=3, out_channels=hidden_dim, kernel_size=patch_size, stride=patch_size)
        seq_length = (image_size // patch_size) ** 2
        self.class_token = nn.Parameter(torch.zeros(1, 1, hidden_dim))
        seq_length += 1
        self.encoder = Encoder(seq_length, num_layers, num_heads, hidden_dim, mlp_dim, dropout, attention_dropout,
                               norm_layer)
        self.seq_length = seq_length
        heads_layers = OrderedDict()
        if representation_size is None:
            heads_layers['head'] = nn.Linear(hidden_dim, num_classes)
        else:
            heads_layers['pre_logits'] = nn.Linear(hidden_dim, representation_size)
            heads_layers['act'] = nn.Tanh()
            heads_layers['head'] = nn.Linear(representation_size, num_classes)
        self.heads = nn.Sequential(heads_layers)

    def _process_input(self, x):
        n, c, h, w = x.shape
        p = self.patch_size
        torch._assert(h == self.image_size, f'Wrong image height! Expected {self.image_size} but got {h}!')
        torch._assert(w == self.image_size, f'Wrong image width! Expected {self.image_size} but got {w}!')
        n_h = h // p
        n_w = w // p
        x = self.conv_proj(x)
        x = x.reshape(n, self.hidden_dim, n_h * n_w)
        return x.permute(0, 2, 1)

    def forward(self, x):
        x = self._process_input(x)
        n = x.shape[0]
        batch_class_token = self.class_token.expand(n, -1, -1)
        x = torch.cat([batch_class_token, x], dim=1)
        x = self.encoder(x)
        x = x[:, 0]
        return self.heads(x)


def _vision_transformer(patch_size, num_layers, num_heads, hidden_dim, mlp_dim, weights, pretrained, kwargs, enum):
    pretrained_classes(weights, pretrained, kwargs)
    if isinstance(weights, str):  # weights='DEFAULT', as torchvision's get_weight reads it
        weights = getattr(enum, weights)
    elif pretrained and weights is None:
        weights = enum.DEFAULT
    if weights is not None:
        overwrite_named_param(kwargs, 'image_size', weights.min_size)
    image_size = kwargs.pop('image_size', 224)
    model = VisionTransformer(image_size=image_size, patch_size=patch_size, num_layers=num_layers, num_heads=num_heads,
                              hidden_dim=hidden_dim, mlp_dim=mlp_dim, **kwargs)
    return imagenet_input(model, image_size)


class ViT_B_16_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    IMAGENET1K_SWAG_E2E_V1 = Weights('IMAGENET1K_SWAG_E2E_V1', min_size=384)
    IMAGENET1K_SWAG_LINEAR_V1 = Weights('IMAGENET1K_SWAG_LINEAR_V1')
    DEFAULT = IMAGENET1K_V1


class ViT_B_32_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class ViT_L_16_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    IMAGENET1K_SWAG_E2E_V1 = Weights('IMAGENET1K_SWAG_E2E_V1', min_size=512)
    IMAGENET1K_SWAG_LINEAR_V1 = Weights('IMAGENET1K_SWAG_LINEAR_V1')
    DEFAULT = IMAGENET1K_V1


class ViT_L_32_Weights:
    IMAGENET1K_V1 = Weights('IMAGENET1K_V1')
    DEFAULT = IMAGENET1K_V1


class ViT_H_14_Weights:
    IMAGENET1K_SWAG_E2E_V1 = Weights('IMAGENET1K_SWAG_E2E_V1', min_size=518)
    IMAGENET1K_SWAG_LINEAR_V1 = Weights('IMAGENET1K_SWAG_LINEAR_V1')
    DEFAULT = IMAGENET1K_SWAG_E2E_V1


def vit_b_16(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _vision_transformer(16, 12, 12, 768, 3072, weights, pretrained, kwargs, ViT_B_16_Weights)


def vit_b_32(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _vision_transformer(32, 12, 12, 768, 3072, weights, pretrained, kwargs, ViT_B_32_Weights)


def vit_l_16(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _vision_transformer(16, 24, 16, 1024, 4096, weights, pretrained, kwargs, ViT_L_16_Weights)


def vit_l_32(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _vision_transformer(32, 24, 16, 1024, 4096, weights, pretrained, kwargs, ViT_L_32_Weights)


def vit_h_14(pretrained=False, progress=True, *, weights=None, **kwargs):
    return _vision_transformer(14, 32, 16, 1280, 5120, weights, pretrained, kwargs, ViT_H_14_Weights)
