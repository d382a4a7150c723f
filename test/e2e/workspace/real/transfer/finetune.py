"""Fine-tuning an ImageNet ResNet-50 on a two-class image folder, in the style of the transfer-learning tutorials:
torchvision's model with its weights, everything frozen but a new fc. Written for ShapeLens' editor tests."""
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms

train_tf = transforms.Compose([
    transforms.RandomResizedCrop(224),
    transforms.RandomHorizontalFlip(),
    transforms.ToTensor(),
    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
])


def make_loader(root='data/hymenoptera/train', batch_size=4):
    return DataLoader(datasets.ImageFolder(root, train_tf), batch_size=batch_size, shuffle=True)


model = models.resnet50(weights=models.ResNet50_Weights.DEFAULT)
for param in model.parameters():
    param.requires_grad = False
num_ftrs = model.fc.in_features
model.fc = nn.Linear(num_ftrs, 2)

criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(model.fc.parameters(), lr=0.001, momentum=0.9)


def train(epochs=25):
    loader = make_loader()
    for epoch in range(epochs):
        for inputs, labels in loader:
            optimizer.zero_grad()
            loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()
