# Seed 004: a 14x14x30 input, 12 filters 4x4 with padding 1 and stride 2, then 3x3 max pooling with stride 2.
# `shapelens summary examples/seed004_conv_pool.py --convention exact` counts the operations one by one, as the
# homework does: mults 282,240 + adds 281,652 + max comparisons 864 = 564,756.
import torch.nn as nn

# input: (30, 14, 14)
model = nn.Sequential(
    nn.Conv2d(30, 12, kernel_size=4, stride=2, padding=1, bias=False),
    nn.MaxPool2d(3, stride=2),
)
