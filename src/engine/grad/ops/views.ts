// Shape-only ops: torch.flatten and torch.reshape — the same values under a new shape;  dx = dy with the input's shape.
import type { NumericRule, OpResult } from '../op';
import { Tensor, normDim, sizeOf } from '../tensor';

const reshapeLike = (x: Tensor, shape: number[]): OpResult => {
  const out = new Tensor(shape, x.data.slice());
  return { out, backward: (g) => ({ input: new Tensor(x.shape.slice(), g.data.slice()) }) };
};

const flatten: NumericRule = {
  forward(a) {
    const x = a.tensor('input');
    if (x.rank === 0) return reshapeLike(x, [1]);
    const s = normDim(a.int('start_dim'), x.rank, `${a.where}, start_dim`), e = normDim(a.int('end_dim'), x.rank, `${a.where}, end_dim`);
    if (s > e) a.fail('start_dim', `flatten() has invalid args: start_dim ${s} cannot come after end_dim ${e}`);
    return reshapeLike(x, [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
  },
};

const reshape: NumericRule = {
  forward(a) {
    const x = a.tensor('input');
    const raw = a.raw('shape');
    const want = typeof raw === 'number' ? [raw] : raw;
    if (!Array.isArray(want) || !want.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= -1)) {
      a.fail('shape', `expected a list of ints (−1 once at most), got ${JSON.stringify(raw)}`);
    }
    const dims = want as number[];
    const free = dims.filter((d) => d === -1).length;
    if (free > 1) a.fail('shape', 'only one dimension can be inferred (−1)');
    const known = dims.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
    const shape = dims.map((d) => (d === -1 ? (known === 0 ? 0 : x.size / known) : d));
    if (sizeOf(shape) !== x.size || shape.some((d) => !Number.isInteger(d))) {
      a.fail('shape', `shape '[${dims.join(', ')}]' is invalid for input of size ${x.size}`);
    }
    return reshapeLike(x, shape);
  },
};

export const VIEW_RULES: Record<string, NumericRule> = { 'torch.flatten': flatten, 'torch.reshape': reshape };
