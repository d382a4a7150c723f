// Resampling: Upsample, UpsamplingNearest2d, UpsamplingBilinear2d, F.interpolate, and the deprecated F.upsample,
// F.upsample_nearest, F.upsample_bilinear.
//
//   shape   exactly one of size / scale_factor:  out = size, or out = ⌊in · scale_factor⌋ (in double precision)
//           input (N, C, *spatial) with 1–3 spatial dimensions; linear needs 3-D, bilinear/bicubic 4-D,
//           trilinear 5-D input; align_corners only with the interpolating modes; out ≥ 1 (≥ 0 for 'area')
//   params  none
//   cost    0 (by the conventions: torchinfo/thop/fvcore count no MACs for resampling)
//   saved   nothing ('area': the input); field: nearest by a whole factor divides the jump, other modes stop it
import { FREE } from '../cost';
import { fail, UnknownValueError } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import type { ReceptiveRule } from '../receptive';
import { dimOf, exprOf, formatDim, formatShape, isKnown, type Dim, type Shape, type ShapeTree } from '../shape';
import { spatialNames } from '../spatial';
import { floorDiv, mul } from '../symbolic';
import { bool, dimArg, isUnknown, num, show, str, type ArgSpec, type Args, type Value } from '../values';
import { line, type WorkingLine } from '../working';

const MODES = ['nearest', 'linear', 'bilinear', 'bicubic', 'trilinear', 'area', 'nearest-exact'];
/** The input rank each interpolating mode requires. */
const MODE_RANK: Record<string, number> = { linear: 3, bilinear: 4, bicubic: 4, trilinear: 5 };

interface ResampleRequest {
  readonly size: Value;
  readonly scaleFactor: Value;
  readonly mode: string;
  readonly alignCorners: Value;
  readonly antialias: boolean;
}

/** Reads one per-axis list (an int/float for all axes, or a tuple with one entry per axis). */
function perAxis<T>(owner: string, what: string, v: Value, axes: number, read: (x: Value) => T): T[] {
  if (isUnknown(v)) throw new UnknownValueError(`${what}: ${v.why}`);
  if (!Array.isArray(v)) return Array<T>(axes).fill(read(v));
  if (v.length !== axes) {
    fail('bad-arguments', `${owner}: the input has ${axes} spatial dimension${axes === 1 ? '' : 's'} but ${what} has ${v.length} entries ${show(v)}`);
  }
  return v.map(read);
}

// ── Shape rule ──────────────────────────────────────────────────────────────────────────────────────────────
export function resampleForward(owner: string, r: ResampleRequest, input: Shape): Forward {
  if (!MODES.includes(r.mode)) fail('bad-arguments', `${owner}: unknown mode '${r.mode}' (one of ${MODES.join(', ')})`);
  if (input.length < 3 || input.length > 5) {
    fail('wrong-rank', `${owner}: only 3-D, 4-D and 5-D inputs (N, C, *spatial) are supported, got ${input.length}-D ${formatShape(input)}`);
  }
  const needed = MODE_RANK[r.mode];
  if (needed !== undefined && input.length !== needed) {
    fail('wrong-rank', `${owner}: ${r.mode} mode needs a ${needed}-D input, got ${input.length}-D ${formatShape(input)}`);
  }
  if (r.alignCorners !== null && needed === undefined) {
    fail('bad-arguments', `${owner}: align_corners can only be set with the interpolating modes linear, bilinear, bicubic, trilinear (mode is '${r.mode}')`);
  }
  if (r.antialias && r.mode !== 'bilinear' && r.mode !== 'bicubic') {
    fail('bad-arguments', `${owner}: antialias is only supported for the bilinear and bicubic modes (mode is '${r.mode}')`);
  }
  // A scale factor of 0 counts as "not given" (torch tests it for truth).
  const hasSize = r.size !== null;
  const hasScale = r.scaleFactor !== null && r.scaleFactor !== 0;
  if (hasSize && hasScale) fail('bad-arguments', `${owner}: only one of size or scale_factor should be defined`);
  if (!hasSize && !hasScale) fail('bad-arguments', `${owner}: either size or scale_factor should be defined`);
  const axes = input.length - 2;
  const names = spatialNames(axes);
  const spatial = input.slice(2);
  const working: WorkingLine[] = [];
  let out: Dim[];
  if (hasSize) {
    out = perAxis(owner, 'size', r.size, axes, (x) => dimArg({ size: x }, 'size'));
    out.forEach((o, i) => working.push(line(`${names[i]}_out`, `size = ${formatDim(o)}`)));
  } else {
    const scales = perAxis(owner, 'scale_factor', r.scaleFactor, axes, (x) => num({ scale_factor: x }, 'scale_factor'));
    out = spatial.map((d, i) => {
      if (!isKnown(d)) {
        const o = scaledSize(owner, d, scales[i]);
        working.push(line(`${names[i]}_out`, `⌊${formatDim(d)} · ${scales[i]}⌋ = ${formatDim(o)}`));
        return o;
      }
      const o = Math.floor(d * scales[i]);
      working.push(line(`${names[i]}_out`, `⌊${d} · ${scales[i]}⌋ = ${o}`));
      return o;
    });
  }
  // 'area' is adaptive average pooling underneath, which allows an empty output; the other modes need ≥ 1.
  const minimum = r.mode === 'area' ? 0 : 1;
  if (out.some((o) => isKnown(o) && o < minimum)) {
    fail('output-too-small', `${owner}: output sizes should be ${minimum === 1 ? 'greater than 0' : 'non-negative'}, got input ${formatShape(spatial)} and output ${formatShape(out)}`);
  }
  return { output: [input[0], input[1], ...out], working };
}

/**
 * ⌊d · scale⌋ for a symbolic d. PyTorch multiplies in double precision, which is exact for a scale with a short
 * binary fraction (2, 0.5, 1.5, 0.75: p / 2^k): then the size is ⌊p·d / 2^k⌋. A scale like 1.1 rounds in binary,
 * and the floor of the rounded product is not one expression: unknown.
 */
function scaledSize(owner: string, d: Dim, scale: number): Dim {
  for (let k = 0, q = 1; k <= 10; k++, q *= 2) {
    const p = scale * q;
    if (Number.isInteger(p) && p > 0) return dimOf(floorDiv(mul(exprOf(d), p), q));
  }
  throw new UnknownValueError(`${owner}: ⌊${formatDim(d)} · ${scale}⌋ (${scale} is not a short binary fraction) is not one expression`);
}

function request(a: Args, mode: string, alignCorners: Value, antialias = false): ResampleRequest {
  return { size: a.size, scaleFactor: a.scale_factor, mode, alignCorners, antialias };
}

const upsampleSignature: ArgSpec[] = [
  { name: 'size', default: null }, { name: 'scale_factor', default: null }, { name: 'mode', default: 'nearest' },
  { name: 'align_corners', default: null }, { name: 'recompute_scale_factor', default: null },
];

const upsample: LayerDef = {
  type: 'Upsample', kind: 'module', summary: 'resamples the spatial dimensions', signature: upsampleSignature, symbolicArgs: ['size'],
  params: () => ({ tensors: [], working: [] }),
  forward: (a, [x]) => resampleForward('Upsample', request(a, str(a, 'mode'), a.align_corners), x),
  cost: () => FREE,
};

const interpolate: LayerDef = {
  type: 'F.interpolate', kind: 'function', summary: 'resamples the spatial dimensions', symbolicArgs: ['size'],
  signature: [...upsampleSignature, { name: 'antialias', default: false }],
  params: () => ({ tensors: [], working: [] }),
  forward: (a, [x]) => resampleForward('F.interpolate', request(a, str(a, 'mode'), a.align_corners, bool(a, 'antialias')), x),
  cost: () => FREE,
};

// The fixed-mode subclasses: nearest, and bilinear with align_corners=True.
const fixedSignature: ArgSpec[] = [{ name: 'size', default: null }, { name: 'scale_factor', default: null }];
const upsamplingNearest2d: LayerDef = {
  type: 'UpsamplingNearest2d', kind: 'module', summary: 'nearest-neighbour upsampling', signature: fixedSignature,
  params: () => ({ tensors: [], working: [] }),
  forward: (a, [x]) => resampleForward('UpsamplingNearest2d', request(a, 'nearest', null), x),
  cost: () => FREE,
};
const upsamplingBilinear2d: LayerDef = {
  type: 'UpsamplingBilinear2d', kind: 'module', summary: 'bilinear upsampling (align_corners=True)', signature: fixedSignature,
  params: () => ({ tensors: [], working: [] }),
  forward: (a, [x]) => resampleForward('UpsamplingBilinear2d', request(a, 'bilinear', true), x),
  cost: () => FREE,
};

// The deprecated functional spellings: F.upsample is F.interpolate without recompute_scale_factor / antialias;
// F.upsample_nearest is mode='nearest', F.upsample_bilinear is mode='bilinear' with align_corners=True.
const upsampleFunction: LayerDef = {
  type: 'F.upsample', kind: 'function', summary: 'resamples the spatial dimensions (deprecated: F.interpolate)', signature: upsampleSignature.slice(0, 4),
  symbolicArgs: ['size'],
  params: () => ({ tensors: [], working: [] }),
  forward: (a, [x]) => resampleForward('F.upsample', request(a, str(a, 'mode'), a.align_corners), x),
  cost: () => FREE,
};
const fixedFunction = (type: string, mode: string, alignCorners: boolean | null): LayerDef => ({
  type, kind: 'function', summary: `${mode} resampling (deprecated: F.interpolate)`, signature: fixedSignature,
  params: () => ({ tensors: [], working: [] }),
  forward: (a, [x]) => resampleForward(type, request(a, mode, alignCorners), x),
  cost: () => FREE,
});

const upsampleDefs: LayerDef[] = [upsample, interpolate, upsamplingNearest2d, upsamplingBilinear2d, upsampleFunction,
  fixedFunction('F.upsample_nearest', 'nearest', null), fixedFunction('F.upsample_bilinear', 'bilinear', true)];

// ── Memory and receptive field, one rule for the family ─────────────────────────────────────────────────────
// The backward needs only sizes (nothing saved), except 'area', which is adaptive average pooling and keeps its
// input. Nearest upsampling by a whole factor copies each input unit to factor units: j' = j/factor; an interpolating
// mode's weights change with the position, so the field stops being one (r, j, start) there.
const FIXED_MODE: Record<string, string> = { UpsamplingNearest2d: 'nearest', UpsamplingBilinear2d: 'bilinear', 'F.upsample_nearest': 'nearest',
  'F.upsample_bilinear': 'bilinear' };
const modeOf = (type: string, a: Args): string => FIXED_MODE[type] ?? str(a, 'mode');

function resampleField(type: string, a: Args, x: Shape, out: Shape): ReceptiveRule {
  const mode = modeOf(type, a);
  const ins = x.slice(2);
  const outs = out.slice(2);
  const factors = ins.map((d, i) => (isKnown(d) && isKnown(outs[i]) && d > 0 && (outs[i] as number) % d === 0 ? (outs[i] as number) / d : undefined));
  if (mode === 'nearest' && factors.every((f) => f !== undefined)) return { kind: 'scale', factor: factors as number[] };
  return { kind: 'stop', why: `${mode} resampling weighs its neighbours differently at each position` };
}

export const upsampleLayers: LayerDef[] = upsampleDefs.map((d) => ({
  ...d,
  saves: (a: Args) => (modeOf(d.type, a) === 'area' ? [{ input: 0 }] : []),
  receptive: (a: Args, [x]: readonly Shape[], out: ShapeTree) => resampleField(d.type, a, x, out as Shape),
}));
