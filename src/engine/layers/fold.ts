// im2col and col2im: F.unfold / nn.Unfold and F.fold / nn.Fold (2-D sliding windows only, as in PyTorch).
//
//   blocks per axis   ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1   (the conv window rule, spatial.ts),
//                     at least 1; L = blocks_H · blocks_W
//   unfold            (N, C, H, W) or unbatched (C, H, W) → (N, C·k_H·k_W, L)
//   fold(output_size) (N, C·k_H·k_W, L) or unbatched (C·k_H·k_W, L) → (N, C, out_H, out_W): the channel dim must divide
//                     by k_H·k_W, and L must equal the number of blocks output_size holds
//   Every dim but the batch must be non-zero; kernel, stride and dilation positive, padding non-negative.
//   cost    unfold 0 (a copy); fold adds every column entry into its place: adds = in_numel. 0 MACs.
//   params  none
import { withSeparators } from '../count';
import { FREE, ops } from '../cost';
import { fail, UnknownValueError, type EngineDiagnostic } from '../diagnostic';
import type { EvalContext, Forward, LayerDef } from '../layer';
import { formatDim, formatShape, isKnown, numel, type Dim, type Shape } from '../shape';
import { savesInput } from '../saved';
import { windowOut } from '../spatial';
import { ntuple, show, type ArgSpec, type Args } from '../values';
import { dot, line, type WorkingLine } from '../working';

const noParams = () => ({ tensors: [], working: [] });

interface Window { readonly kernel: number[]; readonly dilation: number[]; readonly padding: number[]; readonly stride: number[] }

function windowOf(owner: string, a: Args): Window {
  const w = { kernel: ntuple(a, 'kernel_size', 2), dilation: ntuple(a, 'dilation', 2), padding: ntuple(a, 'padding', 2), stride: ntuple(a, 'stride', 2) };
  const check = (v: number[], ok: (x: number) => boolean, what: string, names: [string, string]) => {
    if (!v.every(ok)) fail('bad-arguments', `${owner}: ${what}, but got ${names[0]}: ${v[0]} ${names[1]}: ${v[1]}`);
  };
  check(w.kernel, (x) => x > 0, 'kernel size should be greater than zero', ['kernel_height', 'kernel_width']);
  check(w.dilation, (x) => x > 0, 'dilation should be greater than zero', ['dilation_height', 'dilation_width']);
  check(w.padding, (x) => x >= 0, 'padding should be non-negative', ['pad_height', 'pad_width']);
  check(w.stride, (x) => x > 0, 'stride should be greater than zero', ['stride_height', 'stride_width']);
  return w;
}

interface Blocks { readonly sizes: Dim[]; readonly working: WorkingLine[]; readonly warnings: EngineDiagnostic[] }

function blocksOf(owner: string, spatial: readonly Dim[], w: Window, ctx: EvalContext): Blocks {
  const out: Blocks = { sizes: [], working: [], warnings: [] };
  ['H', 'W'].forEach((axis, i) => {
    const r = windowOut(owner, axis, spatial[i], { kernel: w.kernel[i], stride: w.stride[i], padding: w.padding[i], dilation: w.dilation[i] }, ctx);
    out.sizes.push(r.out);
    out.working.push(r.working, ...(r.note ? [r.note] : []));
    if (r.warning) out.warnings.push(r.warning);
  });
  return out;
}

/** a · b where one may be symbolic (only a factor of 1 keeps it expressible). */
function times(owner: string, a: Dim, b: Dim): Dim {
  if (isKnown(a) && isKnown(b)) return a * b;
  if (a === 1) return b;
  if (b === 1) return a;
  throw new UnknownValueError(`${owner}: ${formatDim(a)}·${formatDim(b)} of symbolic sizes`);
}

function nonZero(owner: string, x: Shape, batched: boolean, expected: string): void {
  if (x.slice(batched ? 1 : 0).some((d) => d === 0)) {
    fail('wrong-rank', `${owner}: expected ${expected} tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${formatShape(x)}`);
  }
}

function unfoldForward(owner: string, a: Args, x: Shape, ctx: EvalContext): Forward {
  if (x.length !== 3 && x.length !== 4) fail('wrong-rank', `${owner}: expected 3D or 4D (batch mode) input, but got ${x.length}-D ${formatShape(x)}`);
  const w = windowOf(owner, a);
  const batched = x.length === 4;
  nonZero(owner, x, batched, '3D or 4D (batch mode)');
  const [c, h, wd] = x.slice(-3);
  const b = blocksOf(owner, [h, wd], w, ctx);
  const k = w.kernel[0] * w.kernel[1];
  const cols = times(owner, c, k);
  const l = times(owner, b.sizes[0], b.sizes[1]);
  const output = [...(batched ? [x[0]] : []), cols, l];
  return { output, warnings: b.warnings, working: [...b.working,
    line('shape', `columns C·k_H·k_W = ${formatDim(c)}·${dot(...w.kernel)} = ${formatDim(cols)}; blocks L = ${b.sizes.map(formatDim).join('·')} = ${formatDim(l)} → ${formatShape(output)}`)] };
}

function foldForward(owner: string, a: Args, x: Shape, ctx: EvalContext): Forward {
  const size = ntuple(a, 'output_size', 2);
  const w = windowOf(owner, a);
  if (x.length !== 2 && x.length !== 3) fail('wrong-rank', `${owner}: expected 2D or 3D (batch mode) input, but got ${x.length}-D ${formatShape(x)}`);
  const batched = x.length === 3;
  nonZero(owner, x, batched, '2D or 3D (batch mode)');
  const [cols, l] = x.slice(-2);
  const k = w.kernel[0] * w.kernel[1];
  if (!isKnown(cols)) throw new UnknownValueError(`${owner}: cannot divide the symbolic ${formatDim(cols)} by ${k}`);
  if (cols % k !== 0) {
    fail('fold-channels', `${owner}: expected size of input's dimension ${batched ? 1 : 0} to be divisible by the product of kernel_size, ` +
      `but got input.size(${batched ? 1 : 0})=${cols} and kernel_size=${show(w.kernel)}`);
  }
  const b = blocksOf(owner, size, w, ctx);
  const blocks = (b.sizes as number[])[0] * (b.sizes as number[])[1];
  if (!isKnown(l)) throw new UnknownValueError(`${owner}: cannot tell whether ${formatDim(l)} is ${blocks}`);
  if (l !== blocks) {
    fail('fold-blocks', `${owner}: given output_size=${show(size)}, kernel_size=${show(w.kernel)}, dilation=${show(w.dilation)}, padding=${show(w.padding)}, ` +
      `stride=${show(w.stride)}, expected size of input's dimension ${batched ? 2 : 1} to match the calculated number of sliding blocks ` +
      `${b.sizes.join(' * ')} = ${blocks}, but got input.size(${batched ? 2 : 1})=${l}`);
  }
  const output = [...(batched ? [x[0]] : []), cols / k, ...size];
  return { output, warnings: b.warnings, working: [...b.working,
    line('shape', `C = ${cols} / ${dot(...w.kernel)} = ${cols / k}; ${blocks} blocks fill ${show(size)} → ${formatShape(output)}`)] };
}

function foldCost(owner: string, x: Shape) {
  const n = numel(x);
  if (n === undefined) throw new UnknownValueError(`${owner}: cost unknown, the size is symbolic`);
  return { macs: 0n, exact: ops({ add: n }), working: [`adds = in_numel = ${withSeparators(n)} (each column entry added into its place)`] };
}

const windowArgs: ArgSpec[] = [{ name: 'kernel_size' }, { name: 'dilation', default: 1 }, { name: 'padding', default: 0 }, { name: 'stride', default: 1 }];

const foldDefs: LayerDef[] = [
  { type: 'Unfold', kind: 'module', summary: 'sliding 2-D blocks as columns (im2col)', signature: windowArgs, params: noParams,
    forward: (a, [x], ctx) => unfoldForward('Unfold', a, x, ctx), cost: () => FREE },
  { type: 'F.unfold', kind: 'function', summary: 'sliding 2-D blocks as columns (im2col)', signature: windowArgs, params: noParams,
    forward: (a, [x], ctx) => unfoldForward('F.unfold', a, x, ctx), cost: () => FREE },
  { type: 'Fold', kind: 'module', summary: 'columns summed back into a 2-D image (col2im)', signature: [{ name: 'output_size' }, ...windowArgs], params: noParams,
    forward: (a, [x], ctx) => foldForward('Fold', a, x, ctx), cost: (_a, [x]) => foldCost('Fold', x) },
  { type: 'F.fold', kind: 'function', summary: 'columns summed back into a 2-D image (col2im)', signature: [{ name: 'output_size' }, ...windowArgs], params: noParams,
    forward: (a, [x], ctx) => foldForward('F.fold', a, x, ctx), cost: (_a, [x]) => foldCost('F.fold', x) },
];

/**
 * col2im's backward needs only sizes; PyTorch 1.13's im2col (F.unfold) keeps its input for its backward (measured with
 * saved_tensors_hooks; 2.x's formula reads only the input's sizes).
 */
export const foldLayers: LayerDef[] = foldDefs.map((d) => ({ ...d, saves: /unfold/i.test(d.type) ? savesInput : () => [] }));
