// The loss at the end of a built chain: its target (random integers of the right kind) and its steps. Pure: no DOM.
import type { CheckFile, CheckInput, NestedNumbers, ProgramStep } from '../../engine/grad/checkFormat';
import { formatShape } from './nested';
import { BuilderError, type LossKind } from './spec';

export interface LossParts {
  steps: ProgramStep[];
  inputs: Record<string, CheckInput>;
  objective: CheckFile['objective'];
  upstream?: CheckFile['upstream'];
}

/** Random integers in [lo, hi] of a shape, from the chain's seeded generator. */
export type RandInts = (shape: number[], lo: number, hi: number) => NestedNumbers;

/** Class scores (N, C) or (C): the number of classes, or the builder's message. */
function classesOf(shape: number[], what: string): number {
  if (shape.length !== 2 && shape.length !== 1) {
    throw new BuilderError(`${what} takes class scores (N, C) or (C); the chain ends in ${formatShape(shape)} (add Flatten and Linear?).`, -1, 'loss');
  }
  return shape[shape.length - 1];
}

/** Class indices for (N, C) scores: one integer in [0, C) per row (a 0-d target for (C)). */
const classTargets = (shape: number[], rand: RandInts, what: string): NestedNumbers => {
  const classes = classesOf(shape, what);
  return shape.length === 2 ? rand([shape[0]], 0, classes - 1) : rand([], 0, classes - 1);
};

/** Probabilities with the scores' shape: random counts 1…3 per class, divided by each row's total. */
function probabilityTargets(shape: number[], rand: RandInts): NestedNumbers {
  classesOf(shape, 'Cross-entropy with probability targets');
  const rows = (shape.length === 2 ? rand(shape, 1, 3) : [rand(shape, 1, 3)]) as number[][];
  const normalised = rows.map((r) => { const total = r.reduce((s, v) => s + v, 0); return r.map((v) => v / total); });
  return shape.length === 2 ? normalised : normalised[0];
}

export function buildLoss(loss: LossKind, y: string, shape: number[], rand: RandInts): LossParts {
  const scalar: CheckFile['objective'] = { type: 'scalar', name: 'L' };
  const regression = (fn: string, kwargs?: Record<string, string>): LossParts => ({
    inputs: { t: { values: rand(shape, -3, 3) } },
    steps: [{ out: 'L', fn, args: [y, 't'], ...(kwargs ? { kwargs } : {}) }],
    objective: scalar,
  });
  switch (loss) {
    case 'half_sse':
      return {
        inputs: { t: { values: rand(shape, -3, 3) } },
        steps: [{ out: 'sse', fn: 'F.mse_loss', args: [y, 't'], kwargs: { reduction: 'sum' } }, { out: 'L', fn: 'torch.mul', args: ['sse', 0.5] }],
        objective: scalar,
      };
    case 'mse_sum':
    case 'mse_mean':
      return regression('F.mse_loss', { reduction: loss === 'mse_sum' ? 'sum' : 'mean' });
    case 'l1_mean':
      return regression('F.l1_loss');
    case 'smooth_l1':
      return regression('F.smooth_l1_loss');
    case 'huber':
      return regression('F.huber_loss');
    case 'cross_entropy':
    case 'cross_entropy_smoothed':
      return {
        inputs: { target: { values: classTargets(shape, rand, 'Cross-entropy') } },
        steps: [{ out: 'L', fn: 'F.cross_entropy', args: [y, 'target'], ...(loss === 'cross_entropy_smoothed' ? { kwargs: { label_smoothing: 0.1 } } : {}) }],
        objective: scalar,
      };
    case 'cross_entropy_probs':
      return { inputs: { target: { values: probabilityTargets(shape, rand) } }, steps: [{ out: 'L', fn: 'F.cross_entropy', args: [y, 'target'] }], objective: scalar };
    case 'nll':
      return { inputs: { target: { values: classTargets(shape, rand, 'NLL') } }, steps: [{ out: 'L', fn: 'F.nll_loss', args: [y, 'target'] }], objective: scalar };
    case 'sum':
    case 'mean':
      return { inputs: {}, steps: [{ out: 'L', fn: loss === 'sum' ? 'torch.sum' : 'torch.mean', args: [y] }], objective: scalar };
    case 'upstream':
      if (y === 'x') throw new BuilderError('Add a layer: the upstream gradient flows into a layer output.', -1, 'loss');
      return { inputs: {}, steps: [], objective: { type: 'upstream', name: y }, upstream: { of: y, values: rand(shape, -2, 2) } };
  }
}
