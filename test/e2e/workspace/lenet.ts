// A PyTorch-style TypeScript model (js-pytorch style).
import { nn } from 'js-pytorch';

// input: [1, 1, 32, 32]
class LeNet extends nn.Module {
  conv1 = new nn.Conv2d(1, 6, 5);
  pool = new nn.MaxPool2d(2);
  conv2 = new nn.Conv2d({ inChannels: 6, outChannels: 16, kernelSize: 5 });
  fc1 = new nn.Linear(16 * 5 * 5, 120);
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);

  forward(x: nn.Tensor): nn.Tensor {
    x = this.pool(this.conv1(x).relu());
    x = this.pool(this.conv2(x).relu());
    x = x.flatten(1);
    x = this.fc1(x).relu();
    x = this.fc2(x).relu();
    return this.fc3(x);
  }
}
