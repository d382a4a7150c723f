// The sliding-window size rule shared by convolutions and pooling, with its working and its failure modes.
//
//   out = ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1          (PyTorch's Conv/Pool docs)
//
// ceil_mode (pooling) rounds up instead, but drops a last window that would start inside the right padding:
//   out = ⌈(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌉ + 1, minus 1 if (out − 1)·stride ≥ in + padding
// (torch's pooling_output_shape). With ceil_mode a kernel larger than the padded input is allowed: one window.
import { fail, type EngineDiagnostic } from './diagnostic';
import type { EvalContext } from './layer';
import { expectAtLeast } from './assume';
import { type Dim, type Shape, addDim, floorAffine, floorDivDim, formatDim, formatShape, isKnown, modDim, subDim } from './shape';
import { lazyLine, line, n, term, type WorkingLine } from './working';

/** Names of the spatial dimensions, as the docs write them. */
export const spatialNames = (rank: number): string[] => (rank === 1 ? ['L'] : rank === 2 ? ['H', 'W'] : ['D', 'H', 'W']);

export interface WindowSpec {
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  readonly ceilMode?: boolean;
  /** Pooling: torch reports an empty window as "Output size is too small" (code output-too-small), not as a kernel error. */
  readonly pool?: boolean;
  /** The input's last rows that are padding added before the layer (EvalContext.inputEndPadding). */
  readonly paddedBefore?: number;
}

export interface WindowResult {
  readonly out: Dim;
  readonly working: WorkingLine;
  /** When the stride does not fit exactly: the unfloored value and what the floor leaves unread. */
  readonly note?: WorkingLine;
  readonly warning?: EngineDiagnostic;
}

/**
 * Output size along one axis. `axis` names it in messages ("H"); `owner` is the layer ("Conv2d").
 * Raises PyTorch's errors: kernel larger than the padded input, output size < 1.
 */
export function windowOut(owner: string, axis: string, input: Dim, w: WindowSpec, ctx: EvalContext): WindowResult {
  const { kernel: k, stride: s, padding: p, dilation: d } = w;
  const span = d * (k - 1) + 1; // the kernel's effective extent
  const pad = p === 0 ? '' : ` + 2·${p}`;
  const kernelText = ` − ${d}·(${k} − 1)`;
  if (!isKnown(input)) return symbolicWindow(owner, axis, input, w, ctx);
  const padded = input + 2 * p;
  if (padded < span && !w.ceilMode) {
    const why = `kernel ${span} > padded input ${padded} along ${axis}` +
      (d > 1 ? ` (dilated kernel ${d}·(${k} − 1) + 1 = ${span})` : '') + (p > 0 ? ` (${input} + 2·${p})` : '');
    if (w.pool) {
      const out = Math.floor((padded - span) / s) + 1;
      fail('output-too-small', `${owner}: output size ${out} < 1 along ${axis}: ${why}`);
    }
    fail('kernel-too-large', `${owner}: ${why}`);
  }
  const numerator = padded - span;
  let out: number;
  let text: string;
  if (w.ceilMode) {
    out = Math.floor((numerator + s - 1) / s) + 1;
    text = `⌈(${input}${pad}${kernelText} − 1) / ${s}⌉ + 1 = ${out}`;
    // PyTorch: the last pooling window must start inside the input or the left padding.
    if ((out - 1) * s >= input + p) {
      out -= 1;
      text += `; the last window would start at ${(out) * s} ≥ ${input} + ${p} (inside the right padding), so it is dropped: ${out}`;
    }
  } else {
    out = Math.floor(numerator / s) + 1;
    text = `⌊(${input}${pad}${kernelText} − 1) / ${s}⌋ + 1 = ${out}`;
  }
  if (out < 1) fail('output-too-small', `${owner}: output size ${out} < 1 along ${axis} (${text})`);
  let warning: EngineDiagnostic | undefined;
  let note: WorkingLine | undefined;
  const unused = numerator % s;
  if (!w.ceilMode && unused !== 0) {
    // The textbook form (N + 2P − F)/S + 1 shows the fraction that seed 003 calls an invalid configuration. What the
    // floor drops is the last `unused` positions of the padded input: right padding first, then real input.
    const frac = numerator / s + 1;
    const textbook = `(${input}${p ? ` + 2·${p}` : ''} − ${span})/${s} + 1 = ${+frac.toFixed(4)}`;
    const unreadInput = Math.max(0, unused - p - (w.paddedBefore ?? 0));
    const rows = (k: number) => `${k} ${k === 1 ? 'row/column' : 'rows/columns'}`;
    const why = span < s ? `a window of ${span} with stride ${s} skips ${s - span} of every ${s} positions by design`
      : unreadInput === 0 && unused > p ? `the ${rows(unused)} left unread ${unused === 1 ? 'is' : 'are'} padding added before the layer`
      : unreadInput === 0 ? `the ${rows(unused)} left unread ${unused === 1 ? 'is' : 'are'} zero padding`
        : `the last ${rows(unreadInput)} of the input ${unreadInput === 1 ? 'is' : 'are'} never read`;
    note = line(`unfloored ${axis}_out`, `${textbook}: ${why}`);
    const message = `${owner}: stride ${s} does not fit ${axis} exactly: ${textbook}; PyTorch floors to ${out}, so ${why} along ${axis}`;
    // Strict mode keeps the exam rule (seed 003): any fraction is an invalid configuration. Otherwise only a window
    // that covers its stride and still leaves real input unread is worth a warning (a 3×3/2 conv with padding 1 on
    // an even size, or a 1×1/2 shortcut, is how every ResNet is built).
    if (ctx.strict) fail('stride-not-exact', message + ' (strict mode)');
    if (span >= s && unreadInput > 0) warning = { severity: 'warning', code: 'stride-not-exact', message };
  }
  return { out, working: line(`${axis}_out`, text), note, warning };
}

/**
 * windowOut on a symbolic size: the same formula as an expression, with "the window fits" (or, with ceil_mode, "at
 * least one window") as a constraint on the input. ceil_mode's dropped last window is exact too: with
 * a = in + 2p − span, ⌈a/s⌉·s ≥ in + p exactly when (−a) mod s ≥ span − p, an indicator that is itself a floor.
 */
function symbolicWindow(owner: string, axis: string, input: Dim, w: WindowSpec, ctx: EvalContext): WindowResult {
  const { kernel: k, stride: s, padding: p, dilation: d } = w;
  const span = d * (k - 1) + 1;
  const a = addDim(input, 2 * p - span);
  const requiredBy = `${owner} (${w.ceilMode ? 'at least one window' : `kernel ${span}`} along ${axis})`;
  let out: Dim;
  if (!w.ceilMode) {
    expectAtLeast(ctx, a, 0, { source: `the padded input along ${axis} minus the kernel`, requiredBy },
      () => fail(w.pool ? 'output-too-small' : 'kernel-too-large', `${owner}: kernel ${span} > padded input ${formatDim(addDim(input, 2 * p))} along ${axis}`));
    out = floorAffine(input, 2 * p - span, s, 1);
  } else {
    const threshold = span - p; // a last window starting past in + p is dropped
    const ceil = floorAffine(input, 2 * p - span + s - 1, s, 1);
    const dropped: Dim = threshold <= 0 ? 1 : threshold >= s ? 0 : floorDivDim(addDim(modDim(subDim(0, a), s), s - threshold), s);
    out = subDim(ceil, dropped);
    expectAtLeast(ctx, out, 1, { source: `the output size along ${axis}`, requiredBy },
      () => fail('output-too-small', `${owner}: output size ${formatDim(out)} < 1 along ${axis}`));
  }
  const formula = () => `${w.ceilMode ? '⌈' : '⌊'}(${formatDim(input)}${p === 0 ? '' : ` + 2·${p}`} − ${d}·(${k} − 1) − 1) / ${s}${w.ceilMode ? '⌉' : '⌋'} + 1`;
  return { out, working: lazyLine(`${axis}_out`, () => `${formula()} = ${formatDim(out)}`) };
}

export interface SplitInput {
  /** The batch dimension, or null for an unbatched input. */
  readonly batch: Dim | null;
  readonly channels: Dim;
  readonly spatial: Dim[];
}

/** Splits (N, C, *spatial) or unbatched (C, *spatial), or raises PyTorch's rank error. */
export function splitChannelsFirst(owner: string, input: Shape, spatialRank: number): SplitInput {
  if (input.length === spatialRank + 2) return { batch: input[0], channels: input[1], spatial: input.slice(2) };
  if (input.length === spatialRank + 1) return { batch: null, channels: input[0], spatial: input.slice(1) };
  return fail('wrong-rank', `${owner} expects a ${spatialRank + 1}-D (unbatched) or ${spatialRank + 2}-D (batched) input, ` +
    `got ${input.length}-D input of shape ${formatShape(input)}`);
}

export const joinChannelsFirst = (split: SplitInput, channels: Dim, spatial: Dim[]): Shape =>
  split.batch === null ? [channels, ...spatial] : [split.batch, channels, ...spatial];

export { n, term };
