import torch
import torch.nn as nn
import torch.nn.functional as F


# input: (64, 1, 28, 28)
class BuggyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 20, 5)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(2800, 500)
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):
        x = self.pool(self.conv(x))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)
