// Spatial transformers: F.affine_grid and F.grid_sample.
//
//   affine_grid(theta, size, align_corners=None)
//     shape   2-D: theta (N, 2, 3), size (N, C, H, W) → grid (N, H, W, 2); 3-D: theta (N, 3, 4), size (N, C, D, H, W)
//             → (N, D, H, W, 3); theta's batch is size's N; every size > 0
//     cost    one batched matmul of the base grid (N, ∏spatial, k + 1) with θᵀ: MACs = N · ∏spatial · (k + 1) · k
//             (k = 2 or 3); exact mults = MACs, adds = N · ∏spatial · k · k
//   grid_sample(input, grid, mode='bilinear', padding_mode='zeros', align_corners=None)
//     shape   input (N, C, H, W) with grid (N, H_out, W_out, 2) → (N, C, H_out, W_out); 5-D: (N, C, D, H, W) with
//             (N, D_out, H_out, W_out, 3) → (N, C, D_out, H_out, W_out); the batches agree; bicubic is 4-D only;
//             the input's spatial sizes are non-zero
//     cost    0: resampling is not counted, as for Upsample and F.interpolate (upsample.ts)
//   params  none
import { withSeparators } from '../count';
import { FREE, ops } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import { needEqual } from '../assume';
import type { EvalContext, Forward, LayerDef } from '../layer';
import { formatDim, formatShape, isKnown, numel, type Shape } from '../shape';
import { intList, str, type Args } from '../values';
import { line } from '../working';

const noParams = () => ({ tensors: [], working: [] });
const dimsText = (s: readonly (number | string)[]) => `[${s.join(', ')}]`;

// ══ affine_grid ══════════════════════════════════════════════════════════════════════════════════════════════
function affine(a: Args, theta: Shape, ctx: EvalContext = { strict: false }): { size: number[]; k: number; output: Shape } {
  const size = intList(a, 'size');
  if (size.length !== 4 && size.length !== 5) {
    fail('bad-arguments', `F.affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ${dimsText(size)}`);
  }
  const k = size.length - 2;
  const wrong = (): never => fail('bad-arguments',
    `F.affine_grid: expected a batch of ${k}D affine matrices of shape Nx${k}x${k + 1} for size ${dimsText(size)}. Got ${formatShape(theta)}`);
  if (theta.length !== 3) wrong();
  needEqual(ctx, theta[1], k, { source: "theta's rows", requiredBy: `F.affine_grid(${dimsText(size)})` }, wrong);
  needEqual(ctx, theta[2], k + 1, { source: "theta's columns", requiredBy: `F.affine_grid(${dimsText(size)})` }, wrong);
  if (Math.min(...size) <= 0) fail('bad-arguments', `F.affine_grid: expected non-zero, positive output size. Got ${dimsText(size)}`);
  if (isKnown(theta[0]) && theta[0] !== size[0]) {
    fail('bad-arguments', `F.affine_grid: theta holds ${theta[0]} matrices but size asks for a batch of N = ${size[0]}`);
  }
  return { size, k, output: [size[0], ...size.slice(2), k] };
}

const affineGrid: LayerDef = {
  type: 'F.affine_grid', kind: 'function', summary: 'sampling grid of an affine transform', inputs: 1, tensorNames: ['theta'],
  signature: [{ name: 'size' }, { name: 'align_corners', default: null }], params: noParams,
  forward: (a, [theta], ctx): Forward => {
    const { k, output } = affine(a, theta, ctx);
    return { output, working: [line('shape', `(N, ${k === 2 ? 'H, W' : 'D, H, W'}, ${k}) from size: ${formatShape(output)}`)] };
  },
  cost: (a, [theta]) => {
    const { size, k } = affine(a, theta);
    const points = BigInt(size[0]) * size.slice(2).reduce((p, d) => p * BigInt(d), 1n);
    const macs = points * BigInt((k + 1) * k);
    return { macs, exact: ops({ mul: macs, add: points * BigInt(k * k) }), working: [
      `MACs = N·∏spatial · (k + 1)·k = ${withSeparators(points)} · ${k + 1}·${k} = ${withSeparators(macs)} (base grid × θᵀ)`] };
  },
};

// ══ grid_sample ══════════════════════════════════════════════════════════════════════════════════════════════
const gridSample: LayerDef = {
  type: 'F.grid_sample', kind: 'function', summary: 'samples the input at the grid\'s (normalized) locations', inputs: 2,
  tensorNames: ['input', 'grid'],
  signature: [{ name: 'mode', default: 'bilinear' }, { name: 'padding_mode', default: 'zeros' }, { name: 'align_corners', default: null }],
  params: noParams,
  forward: (a, [x, grid]): Forward => {
    const mode = str(a, 'mode');
    const padding = str(a, 'padding_mode');
    if (!['bilinear', 'nearest', 'bicubic'].includes(mode)) {
      fail('bad-arguments', `F.grid_sample: expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${mode}'`);
    }
    if (!['zeros', 'border', 'reflection'].includes(padding)) {
      fail('bad-arguments', `F.grid_sample: expected padding_mode to be 'zeros', 'border', or 'reflection', but got: '${padding}'`);
    }
    if (!grid) return fail('bad-arguments', 'F.grid_sample: needs input and grid');
    if ((x.length !== 4 && x.length !== 5) || grid.length !== x.length) {
      fail('wrong-rank', `F.grid_sample: expected 4D or 5D input and grid with same number of dimensions, but got input with sizes ${formatShape(x)} and grid with sizes ${formatShape(grid)}`);
    }
    if (isKnown(x[0]) && isKnown(grid[0]) && x[0] !== grid[0]) {
      fail('bad-arguments', `F.grid_sample: expected grid and input to have same batch size, but got input with sizes ${formatShape(x)} and grid with sizes ${formatShape(grid)}`);
    }
    const k = x.length - 2;
    const last = grid[grid.length - 1];
    if (isKnown(last) && last !== k) fail('bad-arguments', `F.grid_sample: expected grid to have size ${k} in last dimension, but got grid with sizes ${formatShape(grid)}`);
    const empty = x.slice(2).indexOf(0);
    if (empty >= 0) fail('empty-input', `F.grid_sample: expected input to have non-empty spatial dimensions, but input has sizes ${formatShape(x)} with dimension ${empty + 2} being empty`);
    if (mode === 'bicubic' && k !== 2) fail('wrong-rank', 'F.grid_sample: bicubic interpolation only supports 4D input');
    const output = [x[0], x[1], ...grid.slice(1, -1)];
    return { output, working: [line('shape', `(N, C) = (${formatDim(x[0])}, ${formatDim(x[1])}) and the grid's ${formatShape(grid.slice(1, -1))} locations: ${formatShape(output)}`)] };
  },
  cost: (_a, _x, out) => {
    if (numel(out as Shape) === undefined) throw new UnknownValueError('F.grid_sample: cost unknown, the size is symbolic');
    return { ...FREE, working: ['F.grid_sample: 0 (resampling is not counted, as for F.interpolate)'] };
  },
};

export const gridLayers: LayerDef[] = [affineGrid, gridSample];
