// einops.pack and einops.unpack (einops/packing.py; https://einops.rocks/api/pack_unpack/).
//
//   pattern  names split by spaces with exactly one `*` ('b * d'), no name twice: the axes before `*` match the
//            leading dims of every tensor, those after it the trailing dims; `*` takes whatever is in between.
//   pack     shape  every tensor has at least (before + after) dims; its middle dims are flattened into one, and
//                   the tensors are concatenated along it: the other dims must agree (torch.cat's rule). The packed
//                   size is Σ ∏ middle dims. Returns (packed, ps), ps the list of each tensor's middle dims.
//   unpack   shape  the tensor has exactly before + 1 + after dims; ps holds one shape per output (at most one -1 in
//                   all of them, inferred); the shapes' element counts add up to the packed dim. Output i is
//                   (leading dims, *ps[i], trailing dims).
//   cost     0 (a concatenation; views)
import { fail, UnknownValueError } from '../diagnostic';
import { agree, needEqual } from '../assume';
import { addDim, formatDim, formatShape, isKnown, sameDim, type Dim, type Shape, type ShapeTree } from '../shape';
import { isUnknown, show, type Value } from '../values';
import { line, type WorkingLine } from '../working';
import { parsePackPattern, type PackPattern } from './parse';
import { productOf } from './transform';

const packError = (owner: string, message: string): never => fail('einops-shape', `${owner}: ${message}`);

/** Each tensor's dims that `*` stands for (pack's ps). */
export function packedShapes(owner: string, pattern: string, inputs: readonly Shape[]): Shape[] {
  const p = parsePackPattern(owner, 'pack', pattern);
  return inputs.map((s, i) => {
    if (s.length < p.before + p.after) {
      packError(owner, `packed tensor #${i} (enumeration starts with 0) has shape ${formatShape(s)}, while pattern '${pattern}' assumes at least ` +
        `${p.before + p.after} axes`);
    }
    return s.slice(p.before, s.length - p.after);
  });
}

/** A sum of sizes, symbolic ones included. */
const sumOf = (_owner: string, dims: readonly Dim[]): Dim => dims.reduce((s: Dim, d) => addDim(s, d), 0);

/** The outer (not packed) dims of a tensor: before and after `*`. */
const outer = (p: PackPattern, s: Shape): Shape => [...s.slice(0, p.before), ...s.slice(s.length - p.after)];

export function packForward(owner: string, pattern: string, inputs: readonly Shape[]): { output: Shape; working: WorkingLine[] } {
  const p = parsePackPattern(owner, 'pack', pattern);
  if (inputs.length === 0) packError(owner, 'needs at least one tensor to pack');
  const middles = packedShapes(owner, pattern, inputs);
  const first = outer(p, inputs[0]);
  inputs.forEach((s, i) => {
    const o = outer(p, s);
    o.forEach((d, k) => {
      if (sameDim(d, first[k])) return;
      const dim = k < p.before ? k : k + 1;
      agree(owner, first[k], d, () => packError(owner, `sizes of tensors must match except in dimension ${p.before}. Expected size ${formatDim(first[k])} ` +
        `but got size ${formatDim(d)} for tensor number ${i} in the list (dimension ${dim} of the packed tensor, shapes ${formatShape(inputs[0])} and ${formatShape(s)})`));
    });
  });
  const parts = middles.map((m) => productOf(owner, m));
  const total = sumOf(owner, parts);
  const output = [...first.slice(0, p.before), total, ...first.slice(p.before)];
  return { output, working: [
    line('ps', `[${middles.map(formatShape).join(', ')}]`),
    line('*', `${parts.map(formatDim).join(' + ')} = ${formatDim(total)}`),
    line('shape', `${pattern.trim()} = ${formatShape(output)}`),
  ] };
}

/** One ps entry as integers (-1 allowed once). */
function readShape(owner: string, v: Value): number[] {
  if (isUnknown(v)) throw new UnknownValueError(`${owner}: packed_shapes: ${v.why}`);
  if (!Array.isArray(v)) return packError(owner, `packed_shapes must be a list of shapes, got ${show(v)} as an entry`);
  return v.map((d) => {
    if (isUnknown(d)) throw new UnknownValueError(`${owner}: packed_shapes: ${d.why}`);
    if (typeof d !== 'number' || !Number.isInteger(d) || d < -1) return packError(owner, `packed_shapes entries must be sizes (or -1), got ${show(v)}`);
    return d;
  });
}

export function unpackForward(owner: string, pattern: string, ps: Value, x: Shape): { output: ShapeTree; working: WorkingLine[] } {
  const p = parsePackPattern(owner, 'unpack', pattern);
  if (x.length !== p.before + 1 + p.after) packError(owner, `unpack(..., '${pattern}') received input of wrong dim with shape ${formatShape(x)}`);
  if (isUnknown(ps)) throw new UnknownValueError(`${owner}: packed_shapes: ${ps.why}`);
  if (!Array.isArray(ps)) return packError(owner, `packed_shapes must be a list of shapes, got ${show(ps)}`);
  const shapes = ps.map((s) => readShape(owner, s));
  const inferred = shapes.filter((s) => s.includes(-1));
  if (inferred.length > 1) packError(owner, `unpack(..., '${pattern}') received more than one -1 in ${show(ps)} and can't infer dimensions`);
  const n = x[p.before];
  const count = (s: number[]) => s.filter((d) => d !== -1).reduce((a, d) => a * d, 1);
  const others = shapes.filter((s) => !s.includes(-1)).reduce((a, s) => a + count(s), 0);
  const cannot = (): never => packError(owner, `error during unpack(..., '${pattern}'): could not split axis of size ${formatDim(n)} into requested ${show(ps)}`);
  let resolved: Dim | undefined;
  if (inferred.length === 0) {
    if (!isKnown(n)) needEqual(undefined, n, others, { source: `the packed axis`, requiredBy: `${owner} ('${pattern}')` }, cannot);
    else if (n !== others) cannot();
  } else {
    const s = inferred[0];
    const rest = count(s);
    if (s.filter((d) => d === -1).length > 1 || rest === 0) cannot();
    if (!isKnown(n)) {
      if (rest !== 1) throw new UnknownValueError(`${owner}: (${formatDim(n)} − ${others})/${rest} on a symbolic size`);
      resolved = addDim(n, -others);
    } else {
      if (n - others < 0 || (n - others) % rest !== 0) cannot();
      resolved = (n - others) / rest;
    }
  }
  const lead = x.slice(0, p.before);
  const tail = x.slice(p.before + 1);
  const tuple = shapes.map((s) => [...lead, ...s.map((d) => (d === -1 ? resolved! : d)), ...tail]);
  return { output: { tuple }, working: [
    line('*', `${formatDim(n)} split into ${shapes.map((s) => formatShape(s.map((d) => (d === -1 ? resolved! : d)))).join(', ')}`),
    line('shape', `[${tuple.map(formatShape).join(', ')}]`),
  ] };
}
