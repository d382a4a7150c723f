// The chain builder's vocabulary: a chain of layers and a loss (the kinds, their fields and the losses are derived from
// the engine's registry in catalogue.ts), the default chain, and the error that pins a mistake to its layer and field.
// Pure: no DOM.
// buildChain.ts turns a chain into a check (with small random integers); prefill.ts turns a layer from the editor
// (hover/CodeLens) into a one-layer chain.

import { fieldsOf, LOSSES, type FieldSpec, type HyperValue, type LossKind } from './catalogue';

export { fieldsOf, GROUPS, KIND_SPECS, LAYER_KINDS, LOSSES, type FieldSpec, type Group, type HyperValue, type LossKind } from './catalogue';

/** A kind of layer the builder offers (Conv2d, torch.var, …): a key of KIND_SPECS. */
export type LayerKind = string;

/** Each loss's label, as the menu shows it. */
export const LOSS_KINDS = Object.fromEntries(Object.entries(LOSSES).map(([k, v]) => [k, v.label])) as Record<LossKind, string>;

export interface LayerSpec {
  kind: LayerKind;
  params: Record<string, HyperValue>;
}

export interface ChainSpec {
  /** e.g. "1, 1, 5, 5" (N, C, H, W) */
  inputShape: string;
  layers: LayerSpec[];
  loss: LossKind;
  /** Seed of the random integers; "Randomize" changes it. */
  seed: number;
  lr: number;
  /** Also check dL/dx (the input), not only the parameters. */
  inputGrad: boolean;
}

export function defaultLayer(kind: LayerKind): LayerSpec {
  return { kind, params: Object.fromEntries(fieldsOf(kind).map((f) => [f.key, f.default])) };
}

export const DEFAULT_CHAIN: ChainSpec = {
  inputShape: '1, 1, 5, 5',
  layers: [
    { kind: 'Conv2d', params: { ...defaultLayer('Conv2d').params, out_channels: '2', padding: '1' } },
    defaultLayer('ReLU'),
    defaultLayer('MaxPool2d'),
    defaultLayer('Flatten'),
    { kind: 'Linear', params: { in_features: '8', out_features: '3', bias: true } },
  ],
  loss: 'cross_entropy',
  seed: 1,
  lr: 0.1,
  inputGrad: true,
};

/** A builder mistake, pinned to the layer (index, or -1 for the input shape / loss) and field it comes from. */
export class BuilderError extends Error {
  /** Output shapes of the layers before the failing one (so the page can still show them). */
  shapes: number[][] = [];
  constructor(message: string, readonly layer: number, readonly field?: string) {
    super(message);
    this.name = 'BuilderError';
  }
}

/** "Conv2d(1, 2, 3, padding=1)" or "torch.var(dim=1)" as one would write it in PyTorch. */
export function describeLayer(layer: LayerSpec): string {
  const fields: readonly FieldSpec[] = fieldsOf(layer.kind);
  const parts: string[] = [];
  for (const f of fields) {
    const v = layer.params[f.key] ?? f.default;
    const positional = ['in_channels', 'out_channels', 'kernel_size', 'in_features', 'out_features'].includes(f.key);
    if (f.type === 'bool') {
      if (v !== f.default) parts.push(`${f.key}=${v ? 'True' : 'False'}`);
      continue;
    }
    const text = String(v).trim();
    if (text === '' || (!positional && text === String(f.default))) continue;
    const bare = text.replace(/['"]/g, '');
    const py = f.type === 'choice' || /^(same|valid)$/.test(bare) ? `'${bare}'` : text.includes(',') ? `(${text})` : text;
    parts.push(positional ? py : `${f.key}=${py}`);
  }
  return `${layer.kind}(${parts.join(', ')})`;
}

/** "2, 3", "(2, 3)" or "2×3" → [2, 3]; a mistake names the layer (-1: the input shape) and the field. */
export function readInts(text: string, layer: number, field: string): number[] {
  const parts = text.replace(/[()[\]]/g, '').split(/[\s,×x]+/).filter((s) => s !== '');
  if (parts.length === 0) throw new BuilderError(`${field} is empty.`, layer, field);
  return parts.map((s) => {
    const v = Number(s);
    if (!Number.isInteger(v)) throw new BuilderError(`${field}: "${s}" is not an integer.`, layer, field);
    return v;
  });
}
