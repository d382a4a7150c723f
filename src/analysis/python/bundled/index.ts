// Python that ShapeLens ships: its own description of a library's models, read by the analysis as it reads a file
// of the user's project (never run). torchvision.models is the one such library: `models.resnet18(weights=…)`,
// `model.fc.in_features` and `list(model.children())[:-1]` then mean what they mean in PyTorch. The sources are
// written for ShapeLens (docs/python.md, "torchvision's models"), bundled as text, parsed and run once per process.
import { unknown } from '../../../engine';
import { SHIPPED } from '../../model';
import { parse, tablesFor } from '../../parsers';
import { LineMap, topLevelUnits } from '../../syntax';
import type { ModuleResolver, PyFile } from '../evaluator';
import { interruptible } from '../interpreter';
import { runModule } from '../moduleScope';
import { PyModule, Scope, type PyValue } from '../values';
import api from './torchvision/models/_api.py';
import ops from './torchvision/models/_ops.py';
import utils from './torchvision/models/_utils.py';
import init from './torchvision/models/__init__.py';
import alexnet from './torchvision/models/alexnet.py';
import convnext from './torchvision/models/convnext.py';
import densenet from './torchvision/models/densenet.py';
import efficientnet from './torchvision/models/efficientnet.py';
import googlenet from './torchvision/models/googlenet.py';
import inception from './torchvision/models/inception.py';
import mobilenetv2 from './torchvision/models/mobilenetv2.py';
import mobilenetv3 from './torchvision/models/mobilenetv3.py';
import resnet from './torchvision/models/resnet.py';
import shufflenetv2 from './torchvision/models/shufflenetv2.py';
import squeezenet from './torchvision/models/squeezenet.py';
import vgg from './torchvision/models/vgg.py';
import visionTransformer from './torchvision/models/vision_transformer.py';

/** Each shipped module's source by its dotted name; a package is named by its folder (its __init__.py). */
const SOURCES: ReadonlyMap<string, string> = new Map([
  ['torchvision.models', init],
  ['torchvision.models._api', api],
  ['torchvision.models._ops', ops],
  ['torchvision.models._utils', utils],
  ['torchvision.models.alexnet', alexnet],
  ['torchvision.models.convnext', convnext],
  ['torchvision.models.densenet', densenet],
  ['torchvision.models.efficientnet', efficientnet],
  ['torchvision.models.googlenet', googlenet],
  ['torchvision.models.inception', inception],
  ['torchvision.models.mobilenetv2', mobilenetv2],
  ['torchvision.models.mobilenetv3', mobilenetv3],
  ['torchvision.models.resnet', resnet],
  ['torchvision.models.shufflenetv2', shufflenetv2],
  ['torchvision.models.squeezenet', squeezenet],
  ['torchvision.models.vgg', vgg],
  ['torchvision.models.vision_transformer', visionTransformer],
]);

const PACKAGES = new Set(['torchvision.models']);

/** Whether a dotted name is in a shipped library (`torchvision.models`, `torchvision.models.resnet`…). */
const isShipped = (name: string): boolean => SOURCES.has(name);

const loaded = new Map<string, PyModule>();

/** The shipped module of that dotted name, run once per process; undefined when ShapeLens ships none. */
export function shippedModule(name: string): PyModule | undefined {
  const hit = loaded.get(name);
  if (hit) return hit;
  const text = SOURCES.get(name);
  if (text === undefined) return undefined;
  const isPackage = PACKAGES.has(name);
  const module = new PyModule(name, new Scope(), (sub) => (isPackage ? shippedModule(`${name}.${sub}`) : undefined), notShipped(name));
  loaded.set(name, module); // before running it: an import cycle finds the module being filled
  module.runTopLevel(() => run(name, text, module, isPackage ? name : name.slice(0, name.lastIndexOf('.'))));
  return module;
}

/** A name of the real library that ShapeLens's copy does not describe (`models.inception_v3`): unknown, saying so. */
const notShipped = (module: string) => (name: string): PyValue =>
  unknown(`${name} is in ${module}, but ShapeLens's copy of it describes only ${SHIPPED_MODELS}`);

const SHIPPED_MODELS = 'AlexNet, ConvNeXt, DenseNet, EfficientNet B0–B7, GoogLeNet, Inception v3, MobileNetV2, MobileNetV3, ResNet (with ResNeXt and Wide ResNet), ShuffleNet V2, SqueezeNet, VGG and ViT';

/** A shipped module's imports: relative ones within its package; absolute ones of shipped modules, else libraries. */
const shippedResolver = (pkg: string): ModuleResolver => ({
  module: (name, level) => {
    if (level === 0) return shippedModule(name);
    const base = pkg.split('.').slice(0, pkg.split('.').length - (level - 1)).join('.');
    return shippedModule(name ? `${base}.${name}` : base);
  },
  library: shippedModule,
});

function run(name: string, text: string, module: PyModule, pkg: string): void {
  const tree = parse('python', text);
  try {
    const lines = new LineMap(text);
    const path = `${SHIPPED}${name.replace(/\./g, '/')}${PACKAGES.has(name) ? '/__init__' : ''}.py`;
    const units = topLevelUnits(tree, text, tablesFor('python'));
    for (const u of units) u.source = { path, lines };
    const file: PyFile = { lines, globals: module.scope, options: { strict: false }, engine: { strict: false }, imports: shippedResolver(pkg) };
    // never stopped half way by an editor's request: the module is kept for the process, and must be whole
    interruptible(() => false, () => runModule(file, units, name));
  } finally {
    tree.delete();
  }
}

/** A resolver that finds the shipped modules first (absolute imports of them), then what `inner` finds. */
export function withShipped(inner: ModuleResolver | undefined): ModuleResolver {
  return {
    module: (name, level) => (level === 0 && isShipped(name) ? shippedModule(name) : inner?.module(name, level)),
    library: shippedModule,
  };
}
