// A built step's values and output shape through the engine's registry: the fields read as the argument values the
// step passes, and the step's output shape from the op's own shape rule (so a dim out of range, or a normalized_shape
// that does not fit, is PyTorch's complaint, pinned to the field it names). Pure: no DOM.
import { evaluateCall, findLayer, fullSignature, TensorArg, type Arg } from '../../engine';
import type { ArgValue } from '../../engine/grad/checkFormat';
import type { FieldSpec, KindSpec } from './catalogue';
import { BuilderError, readInts, type LayerSpec } from './spec';

/** A field's text as the value the step passes; undefined for an empty field (the op's default applies). */
function fieldValue(f: FieldSpec, raw: string | boolean, layer: number): ArgValue | undefined {
  if (f.type === 'bool') return raw === true;
  const text = String(raw).trim();
  if (text === '') return undefined;
  switch (f.type) {
    case 'float': {
      const v = Number(text);
      if (!Number.isFinite(v)) throw new BuilderError(`${f.key} must be a number.`, layer, f.key);
      return v;
    }
    case 'choice':
      if (!f.choices?.includes(text)) throw new BuilderError(`${f.key} is one of ${f.choices?.map((c) => `'${c}'`).join(', ')}.`, layer, f.key);
      return text;
    case 'int': {
      const v = readInts(text, layer, f.key);
      if (v.length !== 1) throw new BuilderError(`${f.key} takes one integer.`, layer, f.key);
      return v[0];
    }
    default: {
      const v = readInts(text, layer, f.key);
      return v.length === 1 && !text.includes(',') ? v[0] : v;
    }
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The keyword arguments a layer's fields give its step (only `keys` when given): a value equal to the function's own
 * default is left out, so the program reads as one would write it (torch.var(h1, dim=1)).
 */
export function stepValues(kind: KindSpec, layer: LayerSpec, i: number, keys?: readonly string[]): Record<string, ArgValue> {
  const def = findLayer(kind.fn);
  const signature = def ? fullSignature(def) : [];
  const kwargs: Record<string, ArgValue> = {};
  for (const f of kind.fields) {
    if (keys && !keys.includes(f.key)) continue;
    const v = fieldValue(f, layer.params[f.key] ?? f.default, i);
    if (v === undefined) continue;
    const spec = signature.find((s) => s.name === f.key);
    if (spec && 'default' in spec && same(spec.default, v)) continue;
    kwargs[f.key] = v;
  }
  return kwargs;
}

/** The output shape of `kind.fn` on these arguments (tensor names → their shapes), or PyTorch's complaint at the field it names. */
export function registryShape(kind: KindSpec, args: readonly ArgValue[], kwargs: Record<string, ArgValue>,
  shapes: Record<string, number[]>, i: number): number[] {
  const def = findLayer(kind.fn);
  if (!def) throw new BuilderError(`${kind.fn} is not an op the engine knows.`, i);
  const asArg = (v: ArgValue): Arg => (typeof v === 'string' && shapes[v] ? new TensorArg(shapes[v]) : v);
  const { outcome } = evaluateCall(def, args.map(asArg), Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, asArg(v)])), { strict: false });
  const out = outcome.output;
  if (outcome.status === 'ok' && Array.isArray(out) && out.every((d) => typeof d === 'number')) return out as number[];
  const message = outcome.diagnostics.find((d) => d.severity === 'error')?.message ?? outcome.unknownReason ?? `${kind.fn}: the output shape is not known`;
  const field = kind.fields.find((f) => new RegExp(`\\b${f.key}\\b`).test(message)) ?? kind.fields[0];
  throw new BuilderError(message, i, field?.key);
}
