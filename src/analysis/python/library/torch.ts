// torch, torch.nn and torch.nn.functional: layers and containers are built as modules, every op the engine's
// registry knows is called through it (ops.ts), and the runtime queries code branches on get documented static
// values (torch.jit.is_scripting() and is_tracing() are False, torch.cuda.is_available() is False, torch.distributed
// is available and not initialised).
import { findLayer, unknown } from '../../../engine';
import { field, namedChildren, type Syntax } from '../../syntax';
import { PythonRaise, type Evaluator } from '../evaluator';
import { fillContainer } from '../containers';
import { buildLayer, freeze } from '../modules';
import { tensorOp } from '../ops';
import { withRangeData } from '../tensorData';
import { MAX_LOOP } from '../semantics';
import { assertSizes } from '../symint';
import { DictValue, isUnknownValue, ModuleInstance, TensorValue, type PyValue, type QualName } from '../values';
import type { Handler, LibraryCall, PrefixHandler } from './index';

export const CONTAINERS: Record<string, 'sequential' | 'modulelist' | 'moduledict'> = {
  Sequential: 'sequential', ModuleList: 'modulelist', ModuleDict: 'moduledict',
};

const nnClassNames = new Map<string, string | null>();
/**
 * The PyTorch layer-type name of a qualified nn class name (torch.nn.Conv2d → Conv2d), if it is one; worked out once
 * per name (every torch.nn call asks, nn.init's too).
 */
export function nnClassName(qual: string): string | undefined {
  let known = nnClassNames.get(qual);
  if (known === undefined) {
    const last = qual.slice(qual.lastIndexOf('.') + 1);
    known = qual.startsWith('torch.nn.') && /^[A-Z]/.test(last) ? last : null;
    if (nnClassNames.size >= 10_000) nnClassNames.clear();
    nnClassNames.set(qual, known);
  }
  return known ?? undefined;
}

/** nn.Conv2d(…), nn.Sequential(…), nn.Parameter(…): building a module (or a parameter) in __init__. */
function nnClass(ev: Evaluator, c: LibraryCall): PyValue | undefined {
  const cls = nnClassName(c.name);
  if (!cls) return undefined;
  const { args, kwargs, node } = c;
  const container = CONTAINERS[cls];
  if (container) {
    const m = new ModuleInstance(container, cls);
    m.declNode = node;
    fillContainer(ev, m, args, kwargs, node);
    return m;
  }
  if (cls === 'Parameter' || cls === 'Buffer') {
    const t = args[0] ?? kwargs.get('data');
    const param = cls === 'Parameter' && (kwargs.get('requires_grad') ?? args[1]) === false ? 'frozen' : cls === 'Parameter';
    const why = t instanceof TensorValue ? t.why : isUnknownValue(t) ? t.why : undefined;
    return new TensorValue(t instanceof TensorValue ? t.shape : undefined, undefined, param, why);
  }
  if (cls === 'Module') return new ModuleInstance('user', 'Module');
  // nn.DataParallel(model) runs model's forward on each device's share of the batch: the shapes and parameters are
  // the model's own
  if (cls === 'DataParallel') return args[0] ?? kwargs.get('module') ?? unknown('nn.DataParallel of no module');
  if (cls === 'ParameterList' || cls === 'ParameterDict') return parameterContainer(ev, cls, args[0] ?? kwargs.get('values') ?? kwargs.get('parameters') ?? null, node);
  if ((cls === 'TransformerEncoder' || cls === 'TransformerDecoder') && args[0] instanceof ModuleInstance && args[0].kind === 'layer') {
    const count = args[1] ?? kwargs.get('num_layers') ?? null;
    if (typeof count !== 'number' || count < 0 || count > MAX_LOOP) {
      ev.skippedCode(node, `${cls} (num_layers is not known statically)`);
      return unknown(`a ${cls} with an unknown number of layers`);
    }
    return transformerStack(cls, args[0], count, args[2] ?? kwargs.get('norm') ?? null, node);
  }
  if (findLayer(cls)) {
    const layer = buildLayer(cls, args, kwargs, node, ev.file.options.strict);
    // Inside try/except, a constructor PyTorch rejects raises its TypeError for the handler to catch.
    const bad = ev.catching ? layer.declOutcome?.diagnostics.find((d) => d.code === 'bad-arguments') : undefined;
    if (bad) throw new PythonRaise('TypeError', bad.message);
    return layer;
  }
  // A layer ShapeLens has no rule for: kept in the tree (its name shows) and skipped when called.
  const m = new ModuleInstance('unsupported', cls);
  m.declNode = node;
  return m;
}

/** nn.ParameterList([p, …]) / nn.ParameterDict({k: p}): a module whose parameters are the tensors it holds. */
function parameterContainer(ev: Evaluator, cls: 'ParameterList' | 'ParameterDict', from: PyValue, node: Syntax): ModuleInstance {
  const m = new ModuleInstance('user', cls);
  m.declNode = node;
  m.paramItems = new Map();
  const entries: [string, PyValue][] = from instanceof DictValue ? [...from.entries].map(([k, v]) => [String(k), v])
    : (ev.iterate(from) ?? []).map((v, i) => [String(i), v]);
  if (from !== null && entries.length === 0 && !(from instanceof DictValue) && ev.iterate(from) === undefined) {
    m.unknownContents = `a ${cls} of values not known statically`;
    ev.incomplete(node, 'not-followed', `ShapeLens cannot tell what this ${cls} holds: its parameters are not counted`);
  }
  for (const [name, v] of entries) {
    m.paramItems.set(name, v);
    if (v instanceof TensorValue && v.shape?.every((d) => typeof d === 'number')) {
      const shape = v.shape as number[];
      m.ownParams.push({ name, shape, count: shape.reduce((p, d) => p * BigInt(d), 1n) });
    }
  }
  return m;
}

/**
 * nn.TransformerEncoder / nn.TransformerDecoder(layer, num_layers, norm): PyTorch deep-copies the layer num_layers
 * times into `layers` and runs them in order (a decoder's layers each read the memory too: callContainer), then the
 * optional norm. Built as a container whose children are named layers.0, layers.1… (so the paths are PyTorch's),
 * each copy with its own parameters.
 */
function transformerStack(cls: 'TransformerEncoder' | 'TransformerDecoder', layer: ModuleInstance, n: number, norm: PyValue, node: Syntax): ModuleInstance {
  const m = new ModuleInstance('sequential', cls);
  m.declNode = node;
  for (let i = 0; i < n; i++) {
    const copy = new ModuleInstance('layer', layer.type);
    copy.call = layer.call;
    copy.args = layer.args;
    copy.declNode = layer.declNode;
    copy.strict = layer.strict;
    m.children.set(`layers.${i}`, copy);
  }
  if (norm instanceof ModuleInstance) m.children.set('norm', norm);
  return m;
}

/** torch.x / F.x / torch.nn.init.x: any op the registry knows (tensorOp says so, once, when it has no rule). */
const registryOp: PrefixHandler = (ev, c) => tensorOp(ev, c.name, c.args, c.kwargs, c.node);

export const torchPrefixes: Record<string, PrefixHandler> = {
  'torch.nn.': (ev, c) => nnClass(ev, c) ?? registryOp(ev, c),
  'torch.': registryOp,
};

const nothing: Handler = () => null;
/** torch.linspace / torch.arange: the registry's op (its shape and record), with its numbers when they are known. */
const knownRange: Handler = (ev, c) => withRangeData(c.name, c, tensorOp(ev, c.name, c.args, c.kwargs, c.node));
/**
 * nn.Embedding.from_pretrained(table, freeze=True, …): the layer sized by the table (rows × dim), its weight frozen
 * unless freeze=False.
 */
const fromPretrained = (type: string): Handler => (ev, c) => {
  const table = c.args[0] ?? c.kwargs.get('embeddings');
  const shape = table instanceof TensorValue ? table.shape : undefined;
  if (!shape || shape.length !== 2) return unknown(`${type}.from_pretrained() of a table whose shape is not known statically`);
  const kwargs = new Map([...c.kwargs].filter(([k]) => k !== 'embeddings' && k !== 'freeze'));
  const layer = buildLayer(type, [shape[0], shape[1]].map((d) => (typeof d === 'number' ? d : unknown('a symbolic table size'))), kwargs, c.node, ev.file.options.strict);
  if ((c.args[1] ?? c.kwargs.get('freeze') ?? true) !== false) freeze(layer);
  return layer;
};
const wrapped: Handler = (_ev, c) => c.args[0] ?? c.kwargs.get('module') ?? c.kwargs.get('model') ?? unknown('a wrapper of a module not given');
const spectralNorm: Handler = (_ev, c) => (c.args[0] instanceof ModuleInstance ? c.args[0] : unknown('spectral_norm() of a value not known statically'));
const no: Handler = () => false;

export const torchHandlers: Record<string, Handler> = {
  // context managers and settings: the with-block's body runs as written
  'torch.no_grad': nothing, 'torch.enable_grad': nothing, 'torch.inference_mode': nothing, 'torch.set_grad_enabled': nothing,
  'torch.manual_seed': nothing, 'torch.set_default_dtype': nothing, 'torch.autograd.set_detect_anomaly': nothing,
  'torch.cuda.manual_seed': nothing, 'torch.cuda.manual_seed_all': nothing, 'torch.backends.cudnn.benchmark': nothing,
  // runtime queries, with the values documented in docs/python.md
  // torch.jit.annotate(List[Tensor], []) is its value (a type hint for TorchScript)
  'torch.jit.annotate': (_ev, c) => c.args[1] ?? c.kwargs.get('the_value') ?? null,
  'torch.jit.is_scripting': no, 'torch.jit.is_tracing': no, 'torchvision._is_tracing': no, 'torch.cuda.is_available': no, 'torch.backends.mps.is_available': no,
  'torch.is_grad_enabled': () => true,
  // one process, as the file runs: the distributed package is there, no process group is (rank 0 of 1 in the usual
  // `if not dist.is_available() or not dist.is_initialized(): return 0` helpers)
  'torch.distributed.is_available': () => true, 'torch.distributed.is_initialized': no,
  // torch._assert(cond, msg) is an assert statement (timm's PatchEmbed: `_assert(H == self.img_size[0], …)`)
  'torch._assert': (ev, c) => {
    const cond = c.node.type === 'call' ? namedChildren(field(c.node, 'arguments') ?? c.node)[0] : undefined;
    if (cond && cond.type !== 'keyword_argument') assertSizes(ev, cond, c.frame);
    return null;
  },
  // ranges of known numbers keep their numbers (drop-path rates read back with .item() / .tolist())
  'torch.linspace': knownRange, 'torch.arange': knownRange,
  'torch.is_tensor': (_ev, c) => c.args[0] instanceof TensorValue,
  'torch.numel': (_ev, c) => {
    const t = c.args[0];
    return t instanceof TensorValue && t.shape?.every((d) => typeof d === 'number') ? t.shape.reduce<number>((p, d) => p * (d as number), 1) : unknown('numel()');
  },
  'torch.device': (_ev, c) => (typeof c.args[0] === 'string' ? c.args[0] : 'cpu'),
  'torch.Size': (ev, c) => (c.args.length ? ev.iterate(c.args[0]) ?? unknown('torch.Size of an unknown value') : []),
  'torch.cuda.device_count': () => 0,
  // spectral_norm(module) reparametrises its weight (weight_orig, with buffers u and v): the same module, the same
  // parameter count
  'torch.nn.utils.spectral_norm': spectralNorm, 'torch.nn.utils.parametrizations.spectral_norm': spectralNorm,
  'torch.nn.Embedding.from_pretrained': fromPretrained('Embedding'), 'torch.nn.EmbeddingBag.from_pretrained': fromPretrained('EmbeddingBag'),
  // wrappers that run the module (or function) they are given, with its parameters: for shapes and counts, itself
  'torch.compile': wrapped, 'torch.jit.script': wrapped, 'torch.nn.DataParallel': wrapped,
  'torch.nn.parallel.DataParallel': wrapped, 'torch.nn.parallel.DistributedDataParallel': wrapped,
  // the helpers layers use to spell a size per dimension: a tuple stays as it is, a number is repeated
  'torch.nn.modules.utils._single': ntuple(1), 'torch.nn.modules.utils._pair': ntuple(2),
  'torch.nn.modules.utils._triple': ntuple(3), 'torch.nn.modules.utils._quadruple': ntuple(4),
};

function ntuple(n: number): Handler {
  return (ev, c) => {
    const x = c.args[0] ?? null;
    if (isUnknownValue(x)) return x;
    return typeof x === 'string' ? Array<PyValue>(n).fill(x) : ev.iterate(x) ?? Array<PyValue>(n).fill(x);
  };
}

export const TORCH_VERSION = '2.5.0';

/** Every dtype's name, whole: functions that share a prefix with one (torch.complex, torch.float_power,
 *  torch.int_repr) are ops, not dtypes. */
const DTYPE_NAME = /^(?:float(?:16|32|64)?|float8_e\w+|bfloat16|half|double|u?int\d*|long|short|bool|complex(?:32|64|128)|cfloat|cdouble|chalf|q(?:u?int(?:8|32)|uint4x2|uint2x4)|bits\w+)$/;

/** A dtype's other names, and the one PyTorch prints (`torch.long` is `torch.int64`: equal, the same object). */
const DTYPE_ALIASES: Readonly<Record<string, string>> = {
  float: 'float32', double: 'float64', half: 'float16', long: 'int64', int: 'int32', short: 'int16',
  cfloat: 'complex64', cdouble: 'complex128', chalf: 'complex32',
};

/** torch.float32 and the other dtypes are names (compared, passed on), never tensors; an alias is its dtype's name. */
export function torchAttribute(q: QualName, name: string): PyValue | undefined {
  // the PyTorch whose rules ShapeLens follows (2.x); version checks pick the current code path
  if (q.name === 'torch' && name === '__version__') return TORCH_VERSION;
  if (q.name === 'torch' && DTYPE_NAME.test(name)) return `torch.${DTYPE_ALIASES[name] ?? name}`;
  return undefined;
}
