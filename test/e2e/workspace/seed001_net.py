# Seed 001: the homework network, batch 64 of 1x28x28 images.
import torch.nn as nn

# input: (64, 1, 28, 28)
model = nn.Sequential(
    nn.Conv2d(1, 20, 5),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(2880, 500),
    nn.ReLU(),
    nn.Linear(500, 10),
)
