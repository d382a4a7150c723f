// Evidence of a model's input in its project. A model file rarely says what goes in, but the scripts that build the
// model often do: a `torch.randn(1, 3, 224, 224)` fed to it in a demo, a `summary(model, (3, 224, 224))`, a `transforms.RandomCrop(32)` or a
// `datasets.CIFAR10(…)` in the training script. The evidence is read from the text (nothing is executed); the
// solver then keeps only evidence the model allows (inputSolve.ts), so a crop size for another model of the
// project cannot give this one a wrong input. The model's own evidence is here too: the size it is built for (the
// configuration a builder attached, the image size its constructor was given).
import type { AnalysisOptions, ProjectScript } from '../model';
import type { Unit } from '../syntax';
import type { InputHints } from './inputSolve';
import { DictValue, type ModuleInstance } from './values';

export interface InputEvidence {
  /** A complete input (a tensor given to the model): every size. */
  readonly shape?: readonly number[];
  /** The trailing (spatial) sizes: a crop, a resize, a dataset's images. */
  readonly spatial?: readonly number[];
  /** The channels a dataset's images have (1 for MNIST); must match the first layer's. */
  readonly channels?: number;
  /** Where it came from, in words: "from transforms.RandomCrop(32) in train.py". */
  readonly detail: string;
}

/** torchvision datasets and their images' channels × height × width. */
const DATASETS: Readonly<Record<string, readonly [number, number, number]>> = {
  MNIST: [1, 28, 28], FashionMNIST: [1, 28, 28], KMNIST: [1, 28, 28], QMNIST: [1, 28, 28], EMNIST: [1, 28, 28],
  USPS: [1, 16, 16], CIFAR10: [3, 32, 32], CIFAR100: [3, 32, 32], SVHN: [3, 32, 32], STL10: [3, 96, 96],
  ImageNet: [3, 224, 224], Omniglot: [1, 105, 105],
};

/** Crops give the final size; a Resize only when nothing crops after it. */
const TRANSFORMS = ['RandomResizedCrop', 'RandomCrop', 'CenterCrop', 'Resize'] as const;

const TENSOR = /\btorch\.(randn|rand|zeros|ones|empty)\(\s*[([]?\s*(\d+(?:\s*,\s*\d+)*)\s*,?\s*[)\]]?\s*[,)]/g;
const DATASET = new RegExp(`\\b(${Object.keys(DATASETS).join('|')})\\s*\\(`, 'g');
/**
 * `summary(model, (3, 224, 224))` (torchsummary: the input without its batch) and `summary(model, input_size=(1, 3,
 * 224, 224))` (torchinfo: with it): the size the user reads the model's table at.
 */
const SUMMARY = /(?<![\w.])(?:(?:torchinfo|torchsummary)\.)?summary\(\s*[\w.]+(?:\([^()]*\))?\s*,\s*(?:input_size\s*=\s*)?[([]\s*(\d+(?:\s*,\s*\d+){2,3})\s*,?\s*[)\]]/g;
const TRANSFORM = /\b(RandomResizedCrop|RandomCrop|CenterCrop|Resize)\(\s*(?:size\s*=\s*)?(?:(\d+)|[([]\s*(\d+)\s*,\s*(\d+)\s*[)\]])/g;

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const stem = (path: string): string => baseName(path).replace(/\.py$/, '');
/** The script imports the model's file (`from models.resnet import …`, `import resnet`); asked once per script and module. */
const importsSeen = new WeakMap<ProjectScript, Map<string, boolean>>();
function imports(script: ProjectScript, module: string): boolean {
  let known = importsSeen.get(script);
  if (!known) importsSeen.set(script, (known = new Map()));
  let yes = known.get(module);
  if (yes === undefined) known.set(module, (yes = new RegExp(`^\\s*(?:from|import)\\s+[\\w.]*\\b${module}\\b`, 'm').test(script.text)));
  return yes;
}
const mentions = (text: string, names: readonly string[]): boolean =>
  names.some((n) => new RegExp(`(^|[^\\w])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w]|$)`, 'm').test(text));

/** The last texts stripped by code(): every model of a file reads the same file and the same scripts. */
const stripped = new Map<string, string>();
const STRIPPED_KEPT = 64;

/** Code only: comments and docstrings do not feed a model. */
function code(text: string): string {
  let out = stripped.get(text);
  if (out === undefined) {
    out = text.replace(/("""|''')[\s\S]*?\1/g, '').replace(/#[^\n]*/g, '');
    if (stripped.size >= STRIPPED_KEPT) stripped.delete(stripped.keys().next().value as string);
    stripped.set(text, out);
  }
  return out;
}

/**
 * The evidence for a model named by `names` (its class, factory or variable), strongest first: tensors given to it
 * in other scripts, then crop/resize transforms, then datasets. `own` is the model's file (its tensors are read by
 * the analysis itself; its transforms and datasets count). Other scripts count only when they import the model's
 * file and name the model.
 */
export function findEvidence(own: ProjectScript | undefined, scripts: readonly ProjectScript[], names: readonly string[]): InputEvidence[] {
  const tensors: InputEvidence[] = [], transforms: InputEvidence[] = [], datasets: InputEvidence[] = [];
  const relevant = [...(own ? [{ script: own, isOwn: true }] : []),
    ...scripts.filter((s) => s.path !== own?.path && names.length > 0 && (!own || imports(s, stem(own.path))) && mentions(s.text, names)).map((script) => ({ script, isOwn: false }))];
  for (const { script, isOwn } of relevant) {
    const found = scan(script, isOwn);
    tensors.push(...found.tensors);
    transforms.push(...found.transforms);
    datasets.push(...found.datasets);
  }
  const seen = new Set<string>();
  return [...tensors, ...transforms, ...datasets].filter((e) => !seen.has(e.detail) && !!seen.add(e.detail));
}

interface Scanned {
  readonly text: string;
  readonly tensors: readonly InputEvidence[];
  readonly transforms: readonly InputEvidence[];
  readonly datasets: readonly InputEvidence[];
}
/**
 * The last scan of each script (by path and role): every root model of a file asks for the same file's and the same
 * scripts' evidence, nine times per edit in a torchvision-style file. Kept while the text is the same string.
 */
const scans = new Map<string, Scanned>();

/**
 * What one script says: tensors (another script's only: the model's own file is run by the analysis) and the input a
 * torchsummary / torchinfo `summary()` is given, transforms, datasets.
 */
function scan(script: ProjectScript, isOwn: boolean): Scanned {
  const text = code(script.text);
  const slot = `${isOwn ? 'own' : 'other'}\n${script.path}`;
  const before = scans.get(slot);
  if (before?.text === text) return before;
  const where = `in ${baseName(script.path)}`;
  const tensors: InputEvidence[] = [], transforms: InputEvidence[] = [], datasets: InputEvidence[] = [];
  // a summary's input, in the model's own file too (the analysis does not run torchsummary or torchinfo)
  for (const m of text.matchAll(SUMMARY)) {
    const sizes = m[1].split(',').map((d) => Number(d.trim()));
    const detail = `from summary(…, (${sizes.join(', ')})) ${where}`;
    tensors.push(sizes.length === 4 ? { shape: sizes, detail } : { spatial: sizes.slice(1), channels: sizes[0], detail });
  }
  if (!isOwn) {
    for (const m of text.matchAll(TENSOR)) {
      const shape = m[2].split(',').map((d) => Number(d.trim()));
      tensors.push({ shape, detail: `from torch.${m[1]}(${shape.join(', ')}) ${where}` });
    }
  }
  const found = [...text.matchAll(TRANSFORM)];
  found.sort((a, b) => TRANSFORMS.indexOf(a[1] as typeof TRANSFORMS[number]) - TRANSFORMS.indexOf(b[1] as typeof TRANSFORMS[number]));
  for (const m of found) {
    const spatial = m[2] ? [Number(m[2]), Number(m[2])] : [Number(m[3]), Number(m[4])];
    const size = m[2] ?? `(${m[3]}, ${m[4]})`;
    transforms.push({ spatial, detail: `from transforms.${m[1]}(${size}) ${where}` });
  }
  for (const m of text.matchAll(DATASET)) {
    const [channels, h, w] = DATASETS[m[1]];
    datasets.push({ spatial: [h, w], channels, detail: `from datasets.${m[1]} (${channels}×${h}×${w} images) ${where}` });
  }
  if (scans.size >= STRIPPED_KEPT) scans.delete(scans.keys().next().value as string);
  const out = { text, tensors, transforms, datasets };
  scans.set(slot, out);
  return out;
}

// ── The model's own evidence ────────────────────────────────────────────────────────────────────────────────
/** A version's units joined once: every root model of the file reads the same text (see inputEvidence.ts's scans). */
const joined = new WeakMap<readonly Unit[], string>();

/** Evidence of a model's input in the project's scripts (and the model file's own transforms and datasets). */
export function projectEvidence(options: AnalysisOptions, units: readonly Unit[], names: readonly (string | undefined)[]) {
  const scripts = options.path && options.project?.scripts ? options.project.scripts(options.path) : [];
  let text = joined.get(units);
  if (text === undefined) joined.set(units, (text = units.map((u) => u.text).join('\n')));
  const own = { path: options.path ?? '', text };
  return findEvidence(own, scripts, names.filter((n): n is string => !!n));
}

/**
 * The input size the model is built for, as evidence: the configuration a builder attached to it, else the size its
 * constructor was given (`img_size=224`). After the tensors the project feeds the model, before its crops and
 * datasets (a training script's crop of another model weighs less than the size this model is built for) — except
 * the ImageNet size ShapeLens's copy of torchvision states, a convention of its weights only: after everything.
 */
export function withStatedSize(hints: InputHints | undefined, instance: ModuleInstance, configured: ConfiguredSize | undefined): InputHints | undefined {
  // the configuration first: it names the whole input ((3, 240, 240) for CrossViT, whose img_size=(240, 224) sizes
  // its two branches)
  const stated: ConfiguredSize | undefined = configured ?? instance.statedInputSize;
  if (!stated) return hints;
  const evidence = hints?.evidence ?? [];
  // a size ShapeLens's copy of a library states (torchvision's 224) comes after everything the project says
  const at = stated.last ? -1 : evidence.findIndex((e) => !e.shape);
  const own: InputEvidence = { spatial: stated.sizes, ...(stated.channels ? { channels: stated.channels } : {}), detail: stated.detail };
  const next = at < 0 ? [...evidence, own] : [...evidence.slice(0, at), own, ...evidence.slice(at)];
  return { ...hints, evidence: next };
}

/**
 * The input size of the configuration a model builder attached to the model (timm's `model.pretrained_cfg =
 * {'input_size': (3, 224, 224), …}`, its `default_cfg` alias): channels and spatial sizes.
 */
export type ConfiguredSize = { readonly sizes: readonly number[]; readonly channels?: number; readonly detail: string; readonly last?: boolean };

export function configuredInputSize(instance: ModuleInstance): ConfiguredSize | undefined {
  // __shapelens_input__: what ShapeLens's own copy of a library states (bundled/: torchvision's 224 × 224), with why
  for (const name of ['pretrained_cfg', 'default_cfg', '__shapelens_input__']) {
    const cfg = instance.attrs.get(name);
    const size = cfg instanceof DictValue ? cfg.entries.get('input_size') : undefined;
    if (!Array.isArray(size) || size.length < 2 || size.length > 4 || !size.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0)) continue;
    const [channels, ...sizes] = size as number[];
    const why = cfg instanceof DictValue ? cfg.entries.get('why') : undefined;
    if (typeof why === 'string') return { sizes, channels, detail: why, last: true };
    return { sizes, channels, detail: `from ${name}['input_size'] = (${size.join(', ')})` };
  }
  return undefined;
}
