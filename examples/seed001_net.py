# Seed 001's network: a convolution, max-pooling, and two fully connected layers for 28×28 MNIST digits.
# input: (64, 1, 28, 28)
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 20, kernel_size=5)   # (64, 1, 28, 28) -> (64, 20, 24, 24)
        self.pool = nn.MaxPool2d(2)                   # -> (64, 20, 12, 12)
        self.flatten = nn.Flatten()                   # -> (64, 2880)
        self.fc1 = nn.Linear(2880, 500)               # -> (64, 500)
        self.fc2 = nn.Linear(500, 10)                 # -> (64, 10)

    def forward(self, x):
        x = self.pool(self.conv(x))
        x = self.flatten(x)
        x = F.relu(self.fc1(x))
        return self.fc2(x)
