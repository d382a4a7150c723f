// A layer from the editor (hover/CodeLens: {layerType, args, inputShape}) → a one-layer chain, with channels and
// sizes capped so the check stays small. Pure: no DOM.
import { findLayer } from '../../engine';
import { countOf } from './nested';
import { DEFAULT_CHAIN, defaultLayer, fieldsOf, KIND_SPECS, readInts, type ChainSpec, type LayerKind, type LayerSpec } from './spec';

export interface LayerPrefill {
  layerType: string;
  args: Record<string, unknown>;
  inputShape?: number[];
}

/** The layers (nn modules) the builder offers: the ones a hover or CodeLens can open the checker with. */
const MODULE_KINDS = [...KIND_SPECS].filter(([, k]) => findLayer(k.from)?.kind === 'module').map(([kind]) => kind);

/** PyTorch's positional order of a layer's arguments (the registry's signature), so args given as {"0": 1, "1": 2} bind like Conv2d(1, 2, ...). */
const positionalOrder = (kind: LayerKind): string[] => {
  const spec = KIND_SPECS.get(kind);
  return (spec && findLayer(spec.from)?.signature.filter((s) => !s.keywordOnly).map((s) => s.name)) ?? [];
};

/** Whether the checker can be opened pre-filled with this layer (any spelling: nn.Conv2d, torch.nn.GELU). */
export const canPrefill = (layerType: string): boolean => normalizeKind(layerType) !== undefined;

/** Caps that keep a pre-filled check small enough to read: channels, features and spatial sizes. */
export const PREFILL_CAPS = { channels: 3, features: 6, spatial: 6, kernel: 5 };

export interface PrefillResult {
  chain: ChainSpec;
  /** What was changed to keep the check small, or why the layer could not be used; empty when taken as is. */
  notes: string[];
  supported: boolean;
}

export function chainFromLayer(prefill: LayerPrefill, seed: number): PrefillResult {
  const kind = normalizeKind(prefill.layerType);
  const notes: string[] = [];
  if (!kind) {
    return { chain: { ...DEFAULT_CHAIN, seed }, notes: [`${prefill.layerType} is not one of the layers the checker builds (${MODULE_KINDS.join(', ')}); showing a default chain.`], supported: false };
  }
  // Bind positional ("0", "1", …) and keyword args by PyTorch's signature.
  const named: Record<string, unknown> = {};
  const sig = positionalOrder(kind);
  for (const [k, v] of Object.entries(prefill.args ?? {})) {
    const pos = /^\d+$/.test(k) ? sig[Number(k)] : k;
    if (pos) named[pos] = v;
  }
  const layer = defaultLayer(kind);
  const d = kind.endsWith('1d') ? 1 : 2;
  const cap = (key: string, max: number) => {
    const v = readArg(named[key]);
    if (v === undefined) return undefined;
    const capped = v.map((x) => Math.min(x, max));
    if (capped.some((x, j) => x !== v[j])) notes.push(`${key} ${v.join('×')} → ${capped.join('×')}`);
    return capped;
  };
  for (const f of fieldsOf(kind)) {
    const raw = named[f.key];
    if (raw === undefined) continue;
    if (f.type === 'bool') layer.params[f.key] = raw !== false && raw !== 'False';
    else if (f.type === 'padding' && typeof raw === 'string') layer.params[f.key] = raw.replace(/['"]/g, '');
    else {
      const capAt = /channels/.test(f.key) ? PREFILL_CAPS.channels : /features/.test(f.key) ? PREFILL_CAPS.features : f.key === 'kernel_size' ? PREFILL_CAPS.kernel : Infinity;
      const v = cap(f.key, capAt);
      if (v) layer.params[f.key] = dedupe(v);
      else if (typeof raw === 'number' || typeof raw === 'string') layer.params[f.key] = String(raw);
    }
  }
  if (kind.startsWith('Conv')) {
    const inC = Number(layer.params.in_channels);
    const outC = Number(layer.params.out_channels);
    const groups = Number(layer.params.groups);
    if (groups > 1 && (inC % groups || outC % groups)) {
      const g = inC === outC ? inC : 1;
      notes.push(`groups ${groups} → ${g}`);
      layer.params.groups = String(g);
    }
  }
  // The input: batch 1, the layer's (capped) channels or features, small spatial sizes that still fit the window.
  const given = prefill.inputShape?.filter((v) => Number.isInteger(v) && v > 0);
  let shape: number[];
  if (kind.startsWith('Conv') || kind.includes('Pool')) {
    const channels = kind.startsWith('Conv') ? Number(layer.params.in_channels) : Math.min(given?.[given.length - d - 1] ?? 1, PREFILL_CAPS.channels);
    const k = readInts(String(layer.params.kernel_size), 0, 'kernel_size');
    const dil = kind.startsWith('Conv') ? readInts(String(layer.params.dilation || '1'), 0, 'dilation') : [1];
    const spatial = Array.from({ length: d }, (_, a) => {
      const kEff = (dil[a] ?? dil[0]) * ((k[a] ?? k[0]) - 1) + 1;
      const want = given && given.length >= d ? given[given.length - d + a] : 4;
      return Math.max(Math.min(want, PREFILL_CAPS.spatial), kEff, 3);
    });
    if (given && given.length >= d && spatial.some((v, a) => v !== given[given.length - d + a])) notes.push(`input ${given.slice(-d).join('×')} → ${spatial.join('×')}`);
    shape = [1, channels, ...spatial];
  } else if (kind === 'Linear') {
    shape = [2, Number(layer.params.in_features)];
  } else {
    shape = given?.length ? [1, ...given.slice(1).map((v) => Math.min(v, PREFILL_CAPS.features))] : [2, 4];
    if (countOf(shape) > 64) shape = [1, Math.min(shape[1] ?? 4, 4), ...shape.slice(2).map(() => 3)];
  }
  fitNorm(kind, layer, shape, notes);
  const layers: LayerSpec[] = [layer];
  return {
    chain: { inputShape: shape.join(', '), layers, loss: 'upstream', seed, lr: 0.1, inputGrad: true },
    notes: notes.length ? [`Kept small: ${notes.join(', ')}.`] : [],
    supported: true,
  };
}

/** A norm layer's sizes follow the (capped) input: batch norm's channels and a batch of 2, layer norm's last dims. */
function fitNorm(kind: LayerKind, layer: LayerSpec, shape: number[], notes: string[]): void {
  if (kind.startsWith('BatchNorm')) {
    shape[0] = Math.max(shape[0] ?? 2, 2); // training needs more than one value per channel
    if (String(layer.params.num_features).trim() !== String(shape[1])) layer.params.num_features = '';
  }
  if (kind === 'LayerNorm') {
    const text = String(layer.params.normalized_shape).trim();
    const ns = text === '' ? [] : text.split(/[\s,]+/).map(Number);
    if (ns.length && ns.some((d, j) => d !== shape[shape.length - ns.length + j])) {
      notes.push(`normalized_shape ${ns.join('×')} → ${shape[shape.length - 1]}`);
      layer.params.normalized_shape = '';
    }
  }
}

function normalizeKind(type: string): LayerKind | undefined {
  const bare = type.replace(/^(torch\.)?(nn\.)?/, '');
  return MODULE_KINDS.find((k) => k.toLowerCase() === bare.toLowerCase());
}

/** An int, a tuple/list of ints, or a string "3" / "(2, 3)" → a list; anything else → undefined. */
function readArg(v: unknown): number[] | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x))) return v as number[];
  if (typeof v === 'string' && /^\(?\s*-?\d+(\s*,\s*-?\d+)*\s*,?\s*\)?$/.test(v.trim())) return v.replace(/[()\s]/g, '').split(',').filter(Boolean).map(Number);
  return undefined;
}

const dedupe = (v: number[]): string => (v.every((x) => x === v[0]) ? String(v[0]) : v.join(', '));
