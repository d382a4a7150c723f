// One check per seed exercise, shared by the webview, the CLI examples and the tests.
// Every number the seeds print comes out of these checks (test/unit/gradSeeds.test.ts).
import type { CheckFile, NestedNumbers } from './checkFormat';

export interface Preset {
  /** Stable id, e.g. 'seed000-avgpool'; examples/checks/<id>.json holds the same check. */
  id: string;
  title: string;
  description: string;
  check: CheckFile;
}

/** Seed 000's 4×4 exam image, as a (1, 1, 4, 4) batch. */
const EXAM_IMAGE = [[[[1, 4, 3, 2], [7, 8, 1, 2], [1, 0, 7, 3], [2, 1, 5, 1]]]];
/** Seed 003's image I and filter F. */
const SECTION_I = [[[[1, 2, 3, 4], [4, 3, 2, 1], [-1, 0, 1, 2], [0, -2, 4, 0]]]];
const SECTION_F = [[[[1, -1], [0, 2]]]];

/** Small deterministic "random" values with three decimals (a fixed LCG: presets never change between runs). */
function values(shape: number[], seed: number, scale = 1): NestedNumbers {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return Math.round(((s >>> 8) / 0x1000000 - 0.5) * 2000 * scale) / 1000 || 0; // || 0: no −0 in the JSON
  };
  const build = (d: number): NestedNumbers => (d === shape.length ? next() : Array.from({ length: shape[d] }, () => build(d + 1)));
  return build(0);
}

export const PRESETS: Preset[] = [
  {
    id: 'seed000-avgpool',
    title: 'AvgPool2d(2, 2) on the 4×4 exam image',
    description: 'Seed 000 (ETH HS 2021): average pooling with a 2×2 window and stride 2 gives [[5, 2], [1, 4]]. ' +
      'L = sum of the outputs, so every pixel gets gradient 1/4.',
    check: {
      inputs: { img: { values: EXAM_IMAGE, requires_grad: true } },
      program: [
        { out: 'y', fn: 'F.avg_pool2d', args: ['img'], kwargs: { kernel_size: 2, stride: 2 } },
        { out: 'L', fn: 'torch.sum', args: ['y'] },
      ],
      objective: { type: 'scalar', name: 'L' },
    },
  },
  {
    id: 'seed000-maxpool',
    title: 'MaxPool2d(2, 1) on the 4×4 exam image',
    description: 'Seed 000: max pooling with a 2×2 window and stride 1 gives [[8, 8, 3], [8, 8, 7], [2, 7, 7]]. ' +
      'The gradient routes each output to its window maximum, so the 8 collects four.',
    check: {
      inputs: { img: { values: EXAM_IMAGE, requires_grad: true } },
      program: [
        { out: 'y', fn: 'F.max_pool2d', args: ['img'], kwargs: { kernel_size: 2, stride: 1 } },
        { out: 'L', fn: 'torch.sum', args: ['y'] },
      ],
      objective: { type: 'scalar', name: 'L' },
    },
  },
  {
    id: 'seed003-conv-pad0-stride1',
    title: 'I ⋆ F with padding 0, stride 1',
    description: 'Seed 003: the 2×2 filter F = [[1, −1], [0, 2]] on the 4×4 image I gives [[5, 3, 1], [1, 3, 5], [−5, 7, −1]]. ' +
      'L = sum of the outputs: dL/dF is the sum of the image patches, dL/dI the full convolution of ones with the flipped F.',
    check: {
      inputs: { I: { values: SECTION_I, requires_grad: true }, F: { values: SECTION_F, requires_grad: true } },
      program: [
        { out: 'y', fn: 'F.conv2d', args: ['I', 'F'] },
        { out: 'L', fn: 'torch.sum', args: ['y'] },
      ],
      objective: { type: 'scalar', name: 'L' },
    },
  },
  {
    id: 'seed003-conv-pad1-stride2',
    title: 'I ⋆ F with padding 1, stride 2',
    description: 'Seed 003: the same filter on the zero-padded image with stride 2 gives [[2, 6, 0], [−6, 3, 1], [0, −6, 0]].',
    check: {
      inputs: { I: { values: SECTION_I, requires_grad: true }, F: { values: SECTION_F, requires_grad: true } },
      program: [
        { out: 'y', fn: 'F.conv2d', args: ['I', 'F'], kwargs: { stride: 2, padding: 1 } },
        { out: 'L', fn: 'torch.sum', args: ['y'] },
      ],
      objective: { type: 'scalar', name: 'L' },
    },
  },
  {
    id: 'seed003-maxpool-3x3-pad1-stride3',
    title: 'Max-pool 3×3, padding 1, stride 3 on I',
    description: 'Seed 003: gives [[4, 4], [0, 4]]. The bottom-left window holds two zeros: a tie, routed to the first ' +
      'in row-major order as PyTorch does (finite differences straddle the kink there).',
    check: {
      inputs: { I: { values: SECTION_I, requires_grad: true } },
      program: [
        { out: 'y', fn: 'F.max_pool2d', args: ['I'], kwargs: { kernel_size: 3, stride: 3, padding: 1 } },
        { out: 'L', fn: 'torch.sum', args: ['y'] },
      ],
      objective: { type: 'scalar', name: 'L' },
    },
  },
  {
    id: 'seed000-linear-sgd',
    title: 'y = Ax, L = ½‖y − t‖², one SGD step',
    description: 'Seed 000 (ETH HS 2022): y = [14, 8], L = 2.5, dL/dA = (y − t)xᵀ = [[−2, −4], [4, 8]], and with ' +
      'learning rate 1, A′ = [[5, 6], [−2, −7]].',
    check: {
      inputs: {
        A: { values: [[3, 2], [2, 1]], requires_grad: true },
        x: { values: [2, 4] },
        t: { values: [15, 6] },
      },
      program: [
        { out: 'y', fn: 'torch.matmul', args: ['A', 'x'] },
        { out: 'sse', fn: 'F.mse_loss', args: ['y', 't'], kwargs: { reduction: 'sum' } },
        { out: 'L', fn: 'torch.mul', args: ['sse', 0.5] },
      ],
      objective: { type: 'scalar', name: 'L' },
      sgd: { lr: 1 },
    },
  },
  {
    id: 'seed003-wx-squared-norm',
    title: 'f(W, x) = ‖Wx‖²',
    description: 'Seed 003: q = Wx = [0.22, 0.26], f = 0.116, ∇_W f = 2qxᵀ = [[0.088, 0.176], [0.104, 0.208]], ' +
      '∇_x f = 2Wᵀq = [−0.112, 0.636].',
    check: {
      inputs: { W: { values: [[0.1, 0.5], [-0.3, 0.8]], requires_grad: true }, x: { values: [0.2, 0.4], requires_grad: true } },
      program: [
        { out: 'q', fn: 'torch.matmul', args: ['W', 'x'] },
        { out: 'q2', fn: 'torch.pow', args: ['q', 2] },
        { out: 'f', fn: 'torch.sum', args: ['q2'] },
      ],
      objective: { type: 'scalar', name: 'f' },
    },
  },
  {
    id: 'seed004-three-sigmoid',
    title: 'Three sigmoid units under a squared error',
    description: 'Seed 004: z1 = h(x·w_x1), z2 = h(z1·w_12), z3 = h(z1·w_13), E = Σ_data (z2 − y2)² + (z3 − y3)². ' +
      'dE/dw_x1 sums both paths through z1: Σ_a Σ_i 2(z_a − y_ai) z_a(1 − z_a) w_1a z1(1 − z1) x_i.',
    check: {
      inputs: {
        x: { values: [0.5, -1, 2] },
        w_x1: { values: 0.8, requires_grad: true },
        w_12: { values: -1.2, requires_grad: true },
        w_13: { values: 0.6, requires_grad: true },
        y2: { values: [0.2, 0.9, 0.4] },
        y3: { values: [0.7, 0.1, 0.5] },
      },
      program: [
        { out: 'a1', fn: 'torch.mul', args: ['x', 'w_x1'] },
        { out: 'z1', fn: 'torch.sigmoid', args: ['a1'] },
        { out: 'a2', fn: 'torch.mul', args: ['z1', 'w_12'] },
        { out: 'z2', fn: 'torch.sigmoid', args: ['a2'] },
        { out: 'a3', fn: 'torch.mul', args: ['z1', 'w_13'] },
        { out: 'z3', fn: 'torch.sigmoid', args: ['a3'] },
        { out: 'd2', fn: 'torch.sub', args: ['z2', 'y2'] },
        { out: 'd3', fn: 'torch.sub', args: ['z3', 'y3'] },
        { out: 'e2', fn: 'torch.pow', args: ['d2', 2] },
        { out: 'e3', fn: 'torch.pow', args: ['d3', 2] },
        { out: 'e', fn: 'torch.add', args: ['e2', 'e3'] },
        { out: 'E', fn: 'torch.sum', args: ['e'] },
      ],
      objective: { type: 'scalar', name: 'E' },
      sgd: { lr: 0.5 },
    },
  },
  {
    id: 'seed001-softmax-cross-entropy',
    title: 'Softmax + cross-entropy: dL/dz = y − t',
    description: 'Seed 001: for one example, the gradient of cross-entropy after softmax with respect to the logits is ' +
      'the softmax output minus the one-hot target.',
    check: {
      inputs: { z: { values: [2, 1, 0.5, -1], requires_grad: true }, t: { values: 0 } },
      program: [
        { out: 'y', fn: 'F.softmax', args: ['z'], kwargs: { dim: 0 } },
        { out: 'L', fn: 'F.cross_entropy', args: ['z', 't'] },
      ],
      objective: { type: 'scalar', name: 'L' },
    },
  },
  {
    id: 'seed001-lenet-slice',
    title: 'A LeNet slice: conv → max-pool → flatten → linear → ReLU → linear → cross-entropy',
    description: 'Seed 001 in miniature: Conv(1→2, k3) on a 6×6 image, MaxPool 2, Flatten (8), Linear(8, 4), ReLU, ' +
      'Linear(4, 3), cross-entropy; batch 2. One SGD step with lr 0.1.',
    check: {
      inputs: {
        x: { values: values([2, 1, 6, 6], 1) },
        w1: { values: values([2, 1, 3, 3], 2, 0.5), requires_grad: true },
        b1: { values: [0.1, -0.1], requires_grad: true },
        w2: { values: values([4, 8], 3, 0.5), requires_grad: true },
        b2: { values: [0, 0.1, -0.1, 0.2], requires_grad: true },
        w3: { values: values([3, 4], 4, 0.5), requires_grad: true },
        b3: { values: [0.05, 0, -0.05], requires_grad: true },
        t: { values: [2, 0] },
      },
      program: [
        { out: 'conv', fn: 'F.conv2d', args: ['x', 'w1', 'b1'] },
        { out: 'pool', fn: 'F.max_pool2d', args: ['conv', 2] },
        { out: 'flat', fn: 'torch.flatten', args: ['pool', 1] },
        { out: 'fc1', fn: 'F.linear', args: ['flat', 'w2', 'b2'] },
        { out: 'relu', fn: 'F.relu', args: ['fc1'] },
        { out: 'fc2', fn: 'F.linear', args: ['relu', 'w3', 'b3'] },
        { out: 'L', fn: 'F.cross_entropy', args: ['fc2', 't'] },
      ],
      objective: { type: 'scalar', name: 'L' },
      sgd: { lr: 0.1 },
    },
  },
];
