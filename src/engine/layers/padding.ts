// Padding: ZeroPad1d/2d/3d, ConstantPad1d/2d/3d, ReflectionPad1d/2d/3d, ReplicationPad1d/2d/3d, CircularPad1d/2d/3d
// (2.1), and F.pad.
//
//   shape   the pad tuple runs from the LAST dimension backwards: (left, right, top, bottom, front, back);
//           out = in + pad_before + pad_after along each padded dimension (negative padding crops)
//           constant:  as many dimensions as pairs at least; negative pads crop first; out ≥ 1 if anything is added
//           reflect:   the padded dimensions plus 1 or 2 more (C or N, C); each pad < the input size along it
//           replicate: the padded dimensions plus 1 or 2 more; out ≥ 1 (in 2-D/3-D: ≥ 0, not all empty)
//           circular:  the padded dimensions plus 1 or 2 (C or N, C — 2.x; 1.13 wanted exactly N, C); each pad ≤ the
//                      input size along it; out ≥ 0
//   params  none
//   cost    0 (a copy)
//   saved   reflect and replicate keep the input (their backward takes it); constant and circular nothing
//   field   the units move by the padding before them: start' = start − pad·j
import { FREE } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import { expectAtLeast } from '../assume';
import type { Forward, LayerDef } from '../layer';
import type { ReceptiveRule } from '../receptive';
import type { SavedTensor } from '../saved';
import { addDim, formatDim, formatShape, isKnown, type Dim, type Shape } from '../shape';
import { int, intList, isUnknown, show, str, type ArgSpec, type Args } from '../values';
import { line, type WorkingLine } from '../working';

type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

const dimNames = ['W', 'H', 'D']; // the pad tuple's order: last dimension first

// ── Shape rule ──────────────────────────────────────────────────────────────────────────────────────────────
export function padForward(owner: string, mode: PadMode, pad: number[], input: Shape): Forward {
  if (pad.length % 2 !== 0) fail('bad-padding', `${owner}: the pad tuple needs pairs (before, after), got ${pad.length} values ${show(pad)}`);
  const pairs = pad.length / 2;
  const rank = input.length;
  if (mode === 'constant') {
    if (pairs > rank) {
      fail('pad-too-long', `${owner}: padding length too large: ${pad.length} values pad ${pairs} dimensions but the input ${formatShape(input)} has ${rank}`);
    }
  } else if (rank !== pairs + 1 && rank !== pairs + 2) {
    fail('wrong-rank', `${owner}: ${mode} padding of ${pairs} dimension${pairs === 1 ? '' : 's'} needs a ${pairs + 1}-D (unbatched) or ` +
      `${pairs + 2}-D (batched) input, got ${rank}-D ${formatShape(input)}`);
  }
  // Reflect, replicate and circular copy input values: every non-batch dimension must hold some.
  const firstNonBatch = rank === pairs + 2 ? 1 : 0;
  if (mode !== 'constant' && input.slice(firstNonBatch).some((d) => d === 0)) {
    fail('empty-input', `${owner}: ${mode} padding needs non-empty dimensions (except the batch), got ${formatShape(input)}`);
  }
  // The smallest output size each mode allows along a padded dimension (torch's checks, kernel by kernel):
  // constant: ≥ 1 once anything is added (≥ 0 for a pure crop); circular ≥ 0; reflect/replicate ≥ 1 in 1-D, ≥ 0 in 2-D/3-D.
  const minimum = mode === 'constant' ? (pad.some((p) => p > 0) ? 1 : 0) : mode === 'circular' ? 0 : pairs === 1 ? 1 : 0;
  const output: Dim[] = [...input];
  const working: WorkingLine[] = [];
  for (let j = 0; j < pairs; j++) {
    const axis = rank - 1 - j;
    const [before, after] = [pad[2 * j], pad[2 * j + 1]];
    const name = j < 3 ? dimNames[j] : `dim ${axis}`;
    const d = input[axis];
    if (!isKnown(d)) {
      // What the mode needs of the size (reflection: each pad below it; circular: at most it; a crop: enough to
      // crop; the output at least the minimum) holds for every valid input: constraints on the input.
      const requiredBy = `${owner} (${mode} padding (${before}, ${after}) along ${name})`;
      const least = Math.max(mode === 'reflect' ? Math.max(before, after) + 1 : mode === 'circular' ? Math.max(before, after) : 1,
        -Math.min(before, 0) - Math.min(after, 0), minimum - before - after, 1);
      expectAtLeast(undefined, d, least, { source: `the size along ${name}`, requiredBy },
        () => fail('output-too-small', `${owner}: the input along ${name} (${formatDim(d)}) is too small for padding (${before}, ${after})`));
      output[axis] = addDim(d, before + after);
      working.push(line(`${name}_out`, `${formatDim(d)} + ${before} + ${after} = ${formatDim(output[axis])}`));
      continue;
    }
    if (mode === 'reflect' && (before >= d || after >= d)) {
      fail('reflect-pad-too-large', `${owner}: reflection padding must be smaller than the input along ${name}: ` +
        `padding (${before}, ${after}) vs input size ${d}`,
        { arg: 'padding', value: d - 1, description: `use padding ≤ ${d - 1}` });
    }
    if (mode === 'circular' && (before > d || after > d)) {
      fail('circular-pad-too-large', `${owner}: circular padding (${before}, ${after}) wraps around more than once along ${name} of size ${d}`);
    }
    const out = d + before + after;
    const text = `${d} + ${before < 0 ? `(${before})` : before} + ${after < 0 ? `(${after})` : after} = ${out}`;
    // Constant padding crops the negative sides first, then pads: the crop alone must leave ≥ 0 elements.
    const cropped = d + Math.min(before, 0) + Math.min(after, 0);
    if (mode === 'constant' && cropped < 0) {
      fail('output-too-small', `${owner}: negative padding (${before}, ${after}) crops more than the ${d} elements along ${name}`);
    }
    if (out < minimum) fail('output-too-small', `${owner}: output size ${out} < ${minimum} along ${name} (${text})`);
    output[axis] = out;
    working.push(line(`${name}_out`, text));
  }
  // torch's 2-D/3-D reflect and replicate kernels reject the output only when every padded size is below 1.
  const padded = output.slice(rank - pairs);
  if ((mode === 'reflect' || mode === 'replicate') && pairs > 1 && padded.every((d) => isKnown(d) && d < 1)) {
    fail('output-too-small', `${owner}: the input ${formatShape(input)} is too small: the output ${formatShape(output)} is empty along every padded dimension`);
  }
  return { output, working };
}

// ── Modules: ZeroPadNd(padding), ConstantPadNd(padding, value), ReflectionPadNd(padding), ReplicationPadNd(padding)
/** An int pads every side; a tuple must hold 2·rank values. */
function readPadding(owner: string, a: Args, rank: number): number[] {
  const v = a.padding;
  if (isUnknown(v)) throw new UnknownValueError(`padding: ${v.why}`);
  if (!Array.isArray(v)) return Array<number>(2 * rank).fill(int(a, 'padding'));
  const pad = intList(a, 'padding');
  if (pad.length !== 2 * rank) fail('bad-arguments', `${owner}: padding must be an int or a ${2 * rank}-tuple, got ${pad.length} values ${show(v)}`);
  return pad;
}

const padSaves = (mode: string): readonly SavedTensor[] => (mode === 'reflect' || mode === 'replicate' ? [{ input: 0 }] : []);

/** The padding before each padded axis, first axis first (the tuple lists the last axis first). */
function padField(pad: number[]): ReceptiveRule {
  const before: number[] = [];
  for (let i = pad.length / 2 - 1; i >= 0; i--) before.push(pad[2 * i]);
  return { kind: 'pad', before };
}

function padModule(family: 'Zero' | 'Constant' | 'Reflection' | 'Replication' | 'Circular', rank: 1 | 2 | 3): LayerDef {
  const type = `${family}Pad${rank}d`;
  const mode: PadMode = family === 'Reflection' ? 'reflect' : family === 'Replication' ? 'replicate' : family === 'Circular' ? 'circular' : 'constant';
  const signature: ArgSpec[] = family === 'Constant' ? [{ name: 'padding' }, { name: 'value' }] : [{ name: 'padding' }];
  return {
    type, kind: 'module', summary: `${rank}-D ${mode} padding`, signature,
    validate: (a) => void readPadding(type, a, rank),
    params: () => ({ tensors: [], working: [] }),
    forward: (a, [x]) => padForward(type, mode, readPadding(type, a, rank), x),
    cost: () => FREE,
    saves: () => padSaves(mode),
    receptive: (a) => padField(readPadding(type, a, rank)),
  };
}

// ── F.pad(input, pad, mode='constant', value=None) ─────────────────────────────────────────────────────────
const padFunction: LayerDef = {
  type: 'F.pad', kind: 'function', summary: 'pads the last dimensions',
  signature: [{ name: 'pad' }, { name: 'mode', default: 'constant' }, { name: 'value', default: null }],
  params: () => ({ tensors: [], working: [] }),
  forward: (a, [x]) => {
    const mode = str(a, 'mode');
    if (!['constant', 'reflect', 'replicate', 'circular'].includes(mode)) {
      fail('bad-arguments', `F.pad: unrecognised padding mode '${mode}' (one of 'constant', 'reflect', 'replicate', 'circular')`);
    }
    if (mode !== 'constant' && a.value !== null && a.value !== 0) {
      fail('bad-arguments', `F.pad: padding mode '${mode}' doesn't take a value argument`);
    }
    return padForward('F.pad', mode as PadMode, intList(a, 'pad'), x);
  },
  cost: () => FREE,
  saves: (a) => padSaves(str(a, 'mode')),
  receptive: (a) => padField(intList(a, 'pad')),
};

export const paddingLayers: LayerDef[] = [
  ...(['Zero', 'Constant', 'Reflection', 'Replication', 'Circular'] as const).flatMap((family) =>
    ([1, 2, 3] as const).map((rank) => padModule(family, rank))),
  padFunction,
];
