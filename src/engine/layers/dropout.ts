// Dropout: Dropout, Dropout1d/2d/3d, AlphaDropout, FeatureAlphaDropout and the functional F.dropout family.
//
//   shape   output = input (dropout zeroes entries, it never removes them). Checked as PyTorch 1.13 does:
//             p must lie in [0, 1];
//             Dropout1d takes (C, L) or (N, C, L) only;
//             the channel-wise forms (Dropout2d/3d, FeatureAlphaDropout) need at least 2 dims
//             ("feature dropout"); Dropout2d/3d only warn about other ranks.
//   params  none.
//   cost    0 in every convention (dropout is not counted; at inference it is the identity).
//   saved   in training, the mask it multiplies by: one per entry (a bool on CUDA; PyTorch's CPU kernel keeps a
//           scaled noise tensor of the input's dtype), one per channel for the channel-wise forms (always a float
//           noise tensor, like alpha dropout's); with p = 0 or training=False nothing, and the output is the input.
//   field   kept.
import { FREE } from '../cost';
import { fail, UnknownValueError, type EngineDiagnostic } from '../diagnostic';
import type { Forward, LayerDef } from '../layer';
import { keepField } from '../receptive';
import type { ElementKind, SavedTensor } from '../saved';
import { formatShape, numel, type Shape } from '../shape';
import { bool, isUnknown, num, type ArgSpec, type Args } from '../values';
import { lazyLine } from '../working';

type Variant = 'element' | 'alpha' | 'feature1d' | 'feature2d' | 'feature3d' | 'featureAlpha';

/**
 * PyTorch's check, in the constructor and in every functional call. A p not known statically (read from a
 * configuration) changes no shape, parameter or cost: undefined, and nothing is checked.
 */
function readP(owner: string, a: Args): number | undefined {
  if (isUnknown(a.p)) return undefined;
  const p = num(a, 'p');
  if (p < 0 || p > 1) fail('dropout-p', `${owner}: dropout probability has to be between 0 and 1, but got ${p}`,
    { arg: 'p', value: 0.5, description: 'use a probability in [0, 1]' });
  return p;
}

// ── Shape rule (with PyTorch's rank checks per variant) ────────────────────────────────────────────────────
function dropoutForward(owner: string, variant: Variant, a: Args, x: Shape): Forward {
  const p = readP(owner, a);
  const warnings: EngineDiagnostic[] = [];
  const r = x.length;
  if (variant === 'feature1d' && r !== 2 && r !== 3) {
    fail('wrong-rank', `${owner}: expected 2D or 3D input (C, L) or (N, C, L), but received a ${r}D input ${formatShape(x)}`);
  }
  // Dropout3d first adds a batch dim to anything that is not 5-D, so only a 0-D input is too small for it.
  // The check lives in the kernel, which returns early when not training, when p = 0 or for an empty input.
  const effectiveRank = variant === 'feature3d' && r !== 5 ? r + 1 : r;
  const training = !('training' in a) || bool(a, 'training');
  const kernelRuns = training && (p === undefined || p > 0) && numel(x) !== 0n;
  if ((variant === 'feature2d' || variant === 'feature3d' || variant === 'featureAlpha') && effectiveRank < 2 && kernelRuns) {
    fail('wrong-rank', `${owner}: feature dropout requires at least 2 dimensions in the input, got ${formatShape(x)}`);
  }
  if (variant === 'feature2d' && r !== 3 && r !== 4) {
    warnings.push({ severity: 'warning', code: 'dropout-rank', message: `${owner}: received a ${r}-D input; dropout2d expects (N, C, H, W) or (C, H, W) (deprecated, a future PyTorch raises)` });
  }
  if (variant === 'feature2d' && r === 3) {
    warnings.push({ severity: 'warning', code: 'dropout-rank', message: `${owner}: a 3-D input is read as (N, C, L) and gets channel-wise 1-D dropout (PyTorch 1.13 behaviour; use Dropout1d for that)` });
  }
  if (variant === 'feature3d' && r !== 4 && r !== 5) {
    warnings.push({ severity: 'warning', code: 'dropout-rank', message: `${owner}: received a ${r}-D input; dropout3d expects (N, C, D, H, W) or (C, D, H, W) (deprecated, a future PyTorch raises)` });
  }
  const what = variant.startsWith('feature') ? 'whole channels are zeroed' : 'entries are zeroed';
  const probability = p === undefined ? 'a probability not known statically' : `probability ${p}`;
  return { output: [...x], working: [lazyLine('shape', () => `output = input = ${formatShape(x)} (${what} with ${probability})`)], warnings };
}

/** Nothing runs when not training or with p = 0: PyTorch returns the input itself. */
const passesThrough = (owner: string, a: Args): boolean => readP(owner, a) === 0 || ('training' in a && !bool(a, 'training'));

function dropoutSaves(owner: string, variant: Variant, a: Args, x: Shape): SavedTensor[] {
  if (passesThrough(owner, a)) return [];
  const perChannel = variant.startsWith('feature');
  const noise = perChannel ? numel(x.length >= 2 ? x.slice(0, 2) : x) : numel(x);
  if (noise === undefined) throw new UnknownValueError(`${owner}: the mask's size is symbolic`);
  const element: ElementKind = variant === 'element' ? 'mask' : 'act';
  return [{ made: perChannel ? 'channel mask' : 'mask', numel: noise, element }];
}

const cost = (owner: string) => ({ ...FREE, working: [`${owner}: 0 (dropout is not counted)`] });

const moduleSignature: ArgSpec[] = [{ name: 'p', default: 0.5 }, { name: 'inplace', default: false }];
const functionSignature: ArgSpec[] = [{ name: 'p', default: 0.5 }, { name: 'training', default: true }, { name: 'inplace', default: false }];

function dropoutModule(type: string, variant: Variant, summary: string): LayerDef {
  return {
    type, kind: 'module', summary, signature: moduleSignature,
    validate: (a) => void readP(type, a),
    params: () => ({ tensors: [], working: [] }),
    forward: (a, [x]) => dropoutForward(type, variant, a, x),
    cost: () => cost(type),
    saves: (a, [x]) => dropoutSaves(type, variant, a, x),
    view: (a) => (passesThrough(type, a) ? 'view' : undefined),
    receptive: keepField,
  };
}

/** F.alpha_dropout and F.feature_alpha_dropout default to training=False (the others to True). */
const evalByDefault: ArgSpec[] = [{ name: 'p', default: 0.5 }, { name: 'training', default: false }, { name: 'inplace', default: false }];

function dropoutFunction(type: string, variant: Variant, summary: string): LayerDef {
  const alpha = variant === 'alpha' || variant === 'featureAlpha';
  return {
    type, kind: 'function', summary, signature: alpha ? evalByDefault : functionSignature, inputs: 1,
    validate: (a) => void readP(type, a),
    params: () => ({ tensors: [], working: [] }),
    forward: (a, [x]) => dropoutForward(type, variant, a, x),
    cost: () => cost(type),
    saves: (a, [x]) => dropoutSaves(type, variant, a, x),
    view: (a) => (passesThrough(type, a) ? 'view' : undefined),
    receptive: keepField,
  };
}

export const dropoutLayers: LayerDef[] = [
  dropoutModule('Dropout', 'element', 'dropout: each entry zeroed with probability p'),
  dropoutModule('Dropout1d', 'feature1d', 'channel-wise dropout for (N, C, L) inputs'),
  dropoutModule('Dropout2d', 'feature2d', 'channel-wise dropout for (N, C, H, W) inputs'),
  dropoutModule('Dropout3d', 'feature3d', 'channel-wise dropout for (N, C, D, H, W) inputs'),
  dropoutModule('AlphaDropout', 'alpha', 'alpha dropout (keeps SELU\'s mean and variance)'),
  dropoutModule('FeatureAlphaDropout', 'featureAlpha', 'channel-wise alpha dropout'),
  dropoutFunction('F.dropout', 'element', 'dropout: each entry zeroed with probability p'),
  dropoutFunction('F.dropout1d', 'feature1d', 'channel-wise dropout for (N, C, L) inputs'),
  dropoutFunction('F.dropout2d', 'feature2d', 'channel-wise dropout for (N, C, H, W) inputs'),
  dropoutFunction('F.dropout3d', 'feature3d', 'channel-wise dropout for (N, C, D, H, W) inputs'),
  dropoutFunction('F.alpha_dropout', 'alpha', 'alpha dropout (keeps SELU\'s mean and variance)'),
  dropoutFunction('F.feature_alpha_dropout', 'featureAlpha', 'channel-wise alpha dropout'),
];
