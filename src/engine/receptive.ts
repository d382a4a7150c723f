// Receptive fields: which input pixels one output unit of a conv/pool stack can see. Per spatial axis three numbers
// describe every unit of a feature map (Araujo, Norris and Sim, "Computing Receptive Fields of Convolutional Neural
// Networks", Distill 2019):
//
//   size  r   how many input pixels one unit sees
//   jump  j   how far apart (in input pixels) the centres of two neighbouring units are: the effective stride
//   start s   where the centre of unit 0 sits, in input pixels (0 = the first pixel's centre; padding makes it
//             negative). Distill's "effective padding" is P = (r − 1)/2 − s.
//
// A window layer (kernel k, stride st, padding p, dilation d) maps (r, j, s) of its input to
//   r' = r + (k − 1)·d·j        j' = j·st        s' = s + ((k − 1)·d/2 − p)·j
// A transposed convolution (the gradient of a conv) spreads each input unit over st output units:
//   j' = j/st, and an output unit gathers ⌈k_eff/st⌉ input units at most: r' = r + (⌈k_eff/st⌉ − 1)·j.
// Element-wise ops and channel mixing keep (r, j, s); several inputs (x + shortcut, torch.cat on channels) see the
// union of their inputs' fields. Global pooling, attention and reductions over the spatial axes see the whole input;
// a flatten or reshape turns positions into features, and the receptive field stops being defined there.
import { n } from './working';

/** One spatial axis of a feature map's receptive field. */
export interface RfAxis {
  readonly size: number;
  readonly jump: number;
  readonly start: number;
}

/** What a layer does to the receptive field (LayerDef.receptive). */
export type ReceptiveRule =
  | { readonly kind: 'window'; readonly kernel: readonly number[]; readonly stride: readonly number[]; readonly padding: readonly number[];
    readonly dilation: readonly number[] }
  | { readonly kind: 'transposed'; readonly kernel: readonly number[]; readonly stride: readonly number[]; readonly padding: readonly number[];
    readonly dilation: readonly number[] }
  /** Padding layers: the units move by the left/top padding; sizes and jumps stay. */
  | { readonly kind: 'pad'; readonly before: readonly number[] }
  /** Nearest-neighbour upsampling by an integer factor: each output unit copies one input unit. */
  | { readonly kind: 'scale'; readonly factor: readonly number[] }
  /** Element-wise, per-channel or channel-mixing: each output unit sees what its input unit saw. */
  | { readonly kind: 'keep' }
  /** Every output unit sees every input position (global pooling, attention, a reduction over the spatial axes). */
  | { readonly kind: 'global'; readonly why: string }
  /** Positions become features (flatten, view, a Linear over a spatial axis): not defined after this op. */
  | { readonly kind: 'stop'; readonly why: string };

export const KEEP: ReceptiveRule = { kind: 'keep' };
export const keepField = (): ReceptiveRule => KEEP;
export const stopField = (why: string) => (): ReceptiveRule => ({ kind: 'stop', why });
export const globalField = (why: string) => (): ReceptiveRule => ({ kind: 'global', why });

/** The field of one input pixel: itself. */
export const PIXEL: RfAxis = { size: 1, jump: 1, start: 0 };

/** A number as the working writes it: integers plain, fractions (a transposed conv's jump 1/2) to 4 places. */
export const rfNumber = (x: number): string => (Number.isInteger(x) ? n(x) : n(+x.toFixed(4)));

export interface RfStep {
  readonly axis: RfAxis;
  /** "r = 7 + (3 − 1)·2 = 11", "j = 2·2 = 4", "start = 3 + ((3 − 1)/2 − 1)·2 = 3". */
  readonly working: readonly string[];
}

/** One axis through a window, transposed or padding layer, with the recurrence written out. */
export function stepAxis(rule: ReceptiveRule, i: number, a: RfAxis): RfStep {
  const f = rfNumber;
  switch (rule.kind) {
    case 'window': {
      const k = rule.kernel[i];
      const d = rule.dilation[i];
      const s = rule.stride[i];
      const p = rule.padding[i];
      const span = (k - 1) * d;
      const size = a.size + span * a.jump;
      const jump = a.jump * s;
      const start = a.start + (span / 2 - p) * a.jump;
      const kText = d === 1 ? `(${k} − 1)` : `(${k} − 1)·${d}`;
      return {
        axis: { size, jump, start },
        working: [
          `r = r_in + ${kText}·j_in = ${f(a.size)} + ${kText}·${f(a.jump)} = ${f(size)}`,
          `j = j_in·stride = ${f(a.jump)}·${s} = ${f(jump)}`,
          `start = start_in + (${kText}/2 − ${p})·j_in = ${f(a.start)} + ${f(span / 2 - p)}·${f(a.jump)} = ${f(start)}`,
        ],
      };
    }
    case 'transposed': {
      const k = rule.kernel[i];
      const d = rule.dilation[i];
      const s = rule.stride[i];
      const p = rule.padding[i];
      // The taps that land on one output unit recur every s/g taps (g = gcd(d, s)): at most ⌈k·g/s⌉ of them, and
      // the input units they come from are d/g apart.
      const g = gcd(d, s);
      const taps = Math.ceil((k * g) / s);
      const size = a.size + (taps - 1) * (d / g) * a.jump;
      const jump = a.jump / s;
      const [lo, hi] = firstOutputInputs(k, s, p, d);
      const start = a.start + ((lo + hi) / 2) * a.jump;
      return {
        axis: { size, jump, start },
        working: [
          `r = r_in + (input units per output − 1)·${d / g === 1 ? '' : `${d / g}·`}j_in = ${f(a.size)} + (${taps} − 1)·${d / g === 1 ? '' : `${d / g}·`}${f(a.jump)} = ${f(size)}`,
          `j = j_in / stride = ${f(a.jump)} / ${s} = ${f(jump)}`,
          `start = start_in + (centre of input units ${lo}…${hi})·j_in = ${f(a.start)} + ${f((lo + hi) / 2)}·${f(a.jump)} = ${f(start)}`,
        ],
      };
    }
    case 'pad': {
      const p = rule.before[i];
      const start = a.start - p * a.jump;
      return { axis: { ...a, start }, working: [`start = start_in − pad·j_in = ${f(a.start)} − ${p}·${f(a.jump)} = ${f(start)}`] };
    }
    case 'scale': {
      const jump = a.jump / rule.factor[i];
      return { axis: { ...a, jump }, working: [`j = j_in / scale = ${f(a.jump)} / ${rule.factor[i]} = ${f(jump)}`] };
    }
    default:
      return { axis: a, working: [] };
  }
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The input units output unit 0 of a transposed convolution gathers: i with i·s = p − d·m for a tap m. */
function firstOutputInputs(k: number, s: number, p: number, d: number): [number, number] {
  const hits: number[] = [];
  for (let m = 0; m < k; m++) {
    const x = p - d * m;
    if (x % s === 0) hits.push(x / s);
  }
  if (hits.length === 0) return [Math.floor(p / s), Math.floor(p / s)];
  return [Math.min(...hits), Math.max(...hits)];
}

/** The union of several inputs' fields (x + shortcut): the smallest interval holding all of them, per axis. */
export function unionAxes(axes: readonly RfAxis[]): RfAxis | undefined {
  if (axes.length === 0) return undefined;
  const jump = axes[0].jump;
  if (axes.some((a) => Math.abs(a.jump - jump) > 1e-9)) return undefined; // units that do not line up
  const lo = Math.min(...axes.map((a) => a.start - (a.size - 1) / 2));
  const hi = Math.max(...axes.map((a) => a.start + (a.size - 1) / 2));
  return { size: hi - lo + 1, jump, start: (lo + hi) / 2 };
}

/** Distill's effective padding: how far left of pixel 0 the field of unit 0 begins. */
export const effectivePadding = (a: RfAxis): number => (a.size - 1) / 2 - a.start;
