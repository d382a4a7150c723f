// The Python forms real model code is written in (docs/python.md lists each with the name of its test here): each
// form is a small file under test/fixtures/forms/ that builds a model through it, analysed as a project (the forms
// folder is one), and held to what PyTorch gives for the same file: scripts/gen_project_fixtures.py runs it with
// Debian's torch 1.13 and writes <form>.expected.json (input and output shape, every module call, parameters, MACs).
// A form with something more to check (what the hover says, a value decided statically) adds its own assertions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/analysis';
import type { FileAnalysis } from '../../src/analysis/model';
import { formatShape } from '../../src/engine';
import { isInitLoop } from '../../src/analysis/python/initLoops';
import { parse, tablesFor } from '../../src/analysis/parsers';
import { topLevelUnits, type Syntax } from '../../src/analysis/syntax';
import { modelTotals } from '../../src/present/cells';
import {
  analyseEntry, checkModel, FIXTURES, findRoot, loadParsers, readExpectation, unexpectedDiagnostics,
} from './support/expectations';

const FORMS = path.join(FIXTURES, 'forms');

before(loadParsers);

const covered = new Set<string>();

/** One form: its file analysed in the forms project, every root model against PyTorch, then `more`. */
function form(title: string, file: string, more?: (a: FileAnalysis) => void): void {
  covered.add(file);
  describe(title, () => {
    const exp = readExpectation(path.join(FORMS, file.replace(/\.(py|ipynb)$/, '.expected.json')));
    const entry = path.join(FIXTURES, exp.entry);
    let analysis: FileAnalysis | undefined;
    const get = () => (analysis ??= analyseEntry(entry, FORMS));
    test(`${file}: root models ${exp.models.map((m) => m.model).join(', ')}; no errors, nothing left unfollowed`, () => {
      assert.deepEqual(get().models.filter((m) => m.root).map((m) => m.name).sort(), exp.models.map((m) => m.model).sort());
      assert.equal(unexpectedDiagnostics(get()), '');
    });
    for (const m of exp.models) describe(`${m.model} (${m.model_class})`, () => checkModel(() => findRoot(get(), m.model), m, entry, FORMS));
    if (more) test('what the form means', () => more(get()));
  });
}

/** A form's root model analysed with the file's `# input:` comment taken out (the input ShapeLens then chooses), and its expectation. */
function withoutInputComment(file: string, model = 'model') {
  const exp = readExpectation(path.join(FORMS, file.replace(/\.py$/, '.expected.json'))).models[0];
  const text = fs.readFileSync(path.join(FORMS, file), 'utf8').replace(/^# input: .*\n/m, '');
  return { exp, text, m: analyzeText(text, 'python', { strict: false }).models.find((x) => x.name === model)! };
}

// ── Configuration: where sizes come from ─────────────────────────────────────────────────────────────────────
form('argparse: add_argument(default=, type=), groups, store_true/false, set_defaults, parse_known_args; opt.x is the default', 'argparse_defaults.py', (a) => {
  // said once, at parse_args(), with the values the analysis used
  const notes = a.diagnostics.filter((d) => d.code === 'argparse-defaults');
  assert.equal(notes.length, 1);
  assert.equal(notes[0].severity, 'info');
  assert.equal(notes[0].range.start.line + 1, 17);
  assert.match(notes[0].message, /read as its default .*: in_features=20, hidden=64, num_classes=7, batch_norm=False/);
});
form('a dataclass config: the generated __init__ over annotated fields, field(default_factory=), ClassVar skipped', 'dataclass_config.py');
form('NamedTuple configs (typing.NamedTuple with defaults, collections.namedtuple): by name and by index', 'namedtuple_config.py');
form("dict configs: dict(...), {**d, k: v}, update(), cfg['k'], cfg.get('k', default), **cfg into a constructor", 'dict_config.py');
form('dicts keyed by tuples: distinct window offsets counted with `if k not in d: d[k] = len(d)`, get/setdefault, a comprehension', 'tuple_keys.py');
form('types.SimpleNamespace and argparse.Namespace configs; vars() of one', 'simple_namespace.py');
form('a class-attribute config: Config.hidden_size, the class passed as config, an instance of it', 'class_attribute_config.py');

// ── Values, builtins and conditions ──────────────────────────────────────────────────────────────────────────
form('builtins computing sizes: len/min/max/sum/int/float/round/abs/divmod/pow/isinstance/callable/any/all', 'builtins_values.py');
form('builtins iterating: zip/enumerate/reversed/sorted/map/filter/range with a step/list/iter/next', 'builtins_iteration.py');
form('isinstance(c, numbers.Integral) normalising a size, torch.nn.modules.utils._pair', 'numbers_and_pair.py');
form('math.* and scalar numpy (np.prod, np.round, np.sqrt) of known numbers', 'math_and_numpy.py');
form('numpy arrays as tables: a sinusoidal table sizing Embedding.from_pretrained, np.array filters as a conv weight via torch.from_numpy, np.random.normal noise of the batch size', 'numpy_tables.py');
form('`res, b, c, h, w = x, *x.shape` (a starred item tree-sitter may misread), memory tokens expanded to the batch; the file calls the model with (images, time=, labels=randint(…)), the labels one-hot only as whole numbers', 'class_conditional.py', (a) => {
  assert.deepEqual(findRoot(a, 'net').namedInputs?.map((n) => `${n.name}${n.dtype ? `:${n.dtype}` : ''}`), ['x', 'time', 'labels:torch.int64']);
});
form('"same" padding by hand: F.pad((k - 1) // 2 each side) or nn.ZeroPad2d, then a strided conv without padding, also after a 1×1 expansion, a norm and an activation (DeepLab\'s fixed_padding)', 'fixed_padding.py', (a) => {
  // the row the stride leaves unread is the padding: no warning, and the working says so
  const depthwise = findRoot(a, 'Backbone').layers.find((l) => l.name === 'entry.depthwise')!;
  assert.match(depthwise.outcome!.shapeWorking.map((w) => w.text).join('\n'), /left unread is padding added before the layer/);
  // without the padding the same conv leaves a row of the image unread, and says so
  const bare = analyzeText(fs.readFileSync(path.join(FORMS, 'fixed_padding.py'), 'utf8').replace('x = fixed_padding(x, 3)', 'x = x'), 'python', { strict: false });
  assert.deepEqual(bare.models.find((m) => m.name === 'Backbone')!.diagnostics.filter((d) => d.code === 'stride-not-exact').map((d) => d.severity), ['warning', 'warning']);
});
form('a batch of 1 refused by a BatchNorm1d head the symbolic run does not reach (a LeViT-style attention whose `.view(B, -1, H, W)` needs H·W to be its bias\'s size): the chosen input has a batch of 2', 'conv_attention_bias.py', () => {
  const { exp, text, m } = withoutInputComment('conv_attention_bias.py');
  assert.equal(m.inputSource, 'inferred');
  assert.deepEqual(m.inputShape, exp.input_shape);
  assert.match(m.inputSourceDetail ?? '', /from img_size=32 .*; a batch of 2, as a batch of 1 fails at line \d+ \(BatchNorm1d: expected more than 1 value per channel when training, got input \(1, 32\)/);
  assert.deepEqual([m.outputShape, m.totalParams, m.totalCost.macs, m.incomplete], [exp.output_shape, BigInt(exp.total_params!), BigInt(exp.total_macs!), undefined]);
  assert.deepEqual(m.diagnostics.filter((d) => d.severity !== 'info'), []);
  // the solver's own batch stays 1 where nothing refuses it
  const plain = analyzeText(text.replace('return self.head(self.head_norm(x))', 'return self.head(x)'), 'python', { strict: false }).models.find((x) => x.name === 'model')!;
  assert.deepEqual(plain.inputShape, [1, 3, 32, 32]);
});
form('a batch of 1 dropped by `.squeeze()` where the symbolic run does not reach (capsules whose routing broadcasts their count), so `scores.max(dim=1)` fails at 1: the chosen input has a batch of 2', 'squeeze_batch.py', () => {
  const { exp, m } = withoutInputComment('squeeze_batch.py');
  assert.deepEqual([m.inputSource, m.inputShape], ['inferred', exp.input_shape]);
  assert.match(m.inputSourceDetail ?? '', /; a batch of 2, as a batch of 1 fails at line \d+ \(torch\.max: dimension out of range/);
  assert.deepEqual([m.totalParams, m.totalCost.macs, m.incomplete], [BigInt(exp.total_params!), BigInt(exp.total_macs!), undefined]);
});
form('einops lengths computed from a symbolic size (`rearrange(out, \'(b h w) d s1 s2 -> b d (h s1) (w s2)\', h=height // wsz, …)`), and an index buffer built with einops keeps whole numbers (CrossFormer)', 'einops_window_lengths.py', () => {
  const { exp, m } = withoutInputComment('einops_window_lengths.py');
  assert.deepEqual([m.inputSource, m.inputShape, m.symbolicOutput && formatShape(m.symbolicOutput as never)], ['inferred', exp.input_shape, '(N, 10)']);
  assert.deepEqual([m.outputShape, m.totalParams, m.totalCost.macs, m.incomplete], [exp.output_shape, BigInt(exp.total_params!), BigInt(exp.total_macs!), undefined]);
});
form('a tutorial script: a vocabulary from set() of the words, one-hot rows np.eye(n)[ids] as torch.FloatTensor(list of arrays), the model called with (hidden, batch)', 'vocab_one_hot.py', (a) => {
  const m = findRoot(a, 'model');
  assert.equal(m.inputSource, 'tensor');
  assert.deepEqual(m.namedInputs?.map((n) => n.name), ['hidden', 'batch']);
});
form("hasattr(self, 'shortcut') for an attribute __init__ sets under a condition, getattr(self, name, None)", 'hasattr_shortcut.py');
form('chained assignment a = b = value, nested tuple unpacking, augmented assignment, slice assignment to a list', 'chained_assignment.py');
form('x is None / x is not None: a known value (a partial, a class, a module) is never None', 'is_none.py');
form('ranges of known numbers read back: [x.item() for x in torch.linspace(…)], .split(depths) and .tolist(), float() of a row, torch.arange', 'tensor_ranges.py');
form('maths on tensors of known numbers: arange·slope + w0, log/round/pow, unique(return_counts=True), torch.tensor(list, dtype), .int().tolist(), .max().item()', 'tensor_values.py');
form("a str/int-mixin Enum of layouts: Format(fmt) by value, members compared with ==, != and is, and with plain strings", 'enum_formats.py');
form('str, list and dict methods: a spec string split into stages, startswith/format/join, list and dict methods', 'string_list_dict_methods.py');
form('re (match/group, findall, sub, compile/groupdict), itertools (islice/accumulate/product/chain/repeat), functools.reduce with operator', 're_itertools_functools.py');
form("type queries: isinstance(norm, functools.partial) / nn.Conv2d, issubclass, callable, hasattr(F, 'silu'), 'gelu' in dir(F), type(self).__name__, a partial's func/args", 'type_queries.py');
form('dataclasses.replace / asdict of a config, os.environ.get(name, default) read as unset', 'config_library_helpers.py');
form('runtime queries: torch.jit.is_scripting()/is_tracing() and torch.cuda.is_available()/x.is_cuda False, torch.distributed available and not initialised, self.training the analysis mode', 'runtime_queries.py');
form("version checks: torch.__version__ is the PyTorch ShapeLens follows (2.x), split and compared", 'version_checks.py');
form('try/except TypeError: a layer PyTorch rejects raises, the except clause builds the fallback', 'try_except_fallback.py');
form('blocks that raise when built with their defaults (IndexError on a known tuple, raise, a failing assert): built alone, they stop where Python stops; built by the parent, followed', 'raise_while_building.py', (a) => {
  const why = { AnchorHead: /raises IndexError \(anchors\[0\] is past the end of a tuple of length 0, line 15\)/,
    ModeBlock: /raises ValueError \("unknown mode None", line 35\)/, // Python's message: f'unknown mode {mode}' with mode None
    Widths: /raises AssertionError \(assert len\(widths\) > 0 fails with the values ShapeLens read, line 44\)/ };
  for (const [name, message] of Object.entries(why)) {
    const m = a.models.find((x) => x.name === name);
    assert.ok(m && !m.root, `${name} is a block of Net`);
    assert.match(m.buildFailure ?? '', message);
    assert.deepEqual([m.layers.length, m.totalParams, m.paramsIncomplete], [0, 0n, true], `${name}: nothing followed, nothing counted`);
    assert.deepEqual(m.diagnostics, [], `${name}: no diagnostic (its hover says why)`);
    assert.match(modelTotals(m, 'macs').caveat ?? '', message);
  }
});

// ── Functions, classes and factories ─────────────────────────────────────────────────────────────────────────
form('*args / **kwargs forwarded through user classes and functions to layers', 'star_forwarding.py');
form('annotated *args: Any / **kwargs: Any bind like *args / **kwargs (torchvision-style factories)', 'annotated_star_params.py');
form('typing.cast(int, v) is v (a typed VGG config list)', 'typing_cast.py');
form('@staticmethod and @classmethod builders, called through self, the class and cls(...)', 'static_class_builders.py');
form('@property (read by the parent), a property with a setter, functools.cached_property', 'properties.py');
form('inheritance between user classes: an overridden method the base __init__ calls, super().forward(x)', 'inheritance_super_forward.py');
form('functools.partial factories and setattr(sys.modules[__name__], …), module.__dict__[name]', 'partial_factories.py', (a) => {
  const stub = a.models.find((m) => m.name === 'cifar10_mlp16');
  assert.equal((stub?.range.start.line ?? -1) + 1, 25, 'a partial that rebinds a stub def is reported at the def (line 25)');
});
form('a main() that builds a model of another project file, picked through module.__dict__[args.arch]', 'main_builds_imported.py');
form('importlib.import_module(name) of a project module, then getattr(module, name)()', 'import_module_by_name.py');
form("layers picked by name (getattr(nn, act), nn.__dict__[norm]), nn.utils.spectral_norm, a self.modules() / self.apply init loop", 'library_names_and_init.py');
/** Whether each for statement of `text`, in order, is an initialisation loop the analysis skips. */
function initLoopsIn(text: string): boolean[] {
  const loops: boolean[] = [];
  const tree = parse('python', text);
  const units = topLevelUnits(tree, text, tablesFor('python'));
  tree.delete();
  for (const unit of units) {
    const visit = (n: Syntax): void => {
      if (n.type === 'for_statement') loops.push(isInitLoop(n));
      n.children.forEach(visit);
    };
    visit(unit.root);
  }
  return loops;
}
form('weight-initialisation loops: the torchvision and .data styles not run; a loop that freezes a weight, or whose name is read after it, run', 'init_loops.py', () => {
  assert.deepEqual(initLoopsIn(fs.readFileSync(path.join(FORMS, 'init_loops.py'), 'utf8')), [true, true, false, false]);
});
test("an initialisation loop over self.parameters() testing p.dim() (DETR's _reset_parameters) is not run; one that freezes is", () => {
  const text = `import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        for p in self.parameters():
            if p.dim() > 1:
                nn.init.xavier_uniform_(p)
        for name, p in self.named_parameters():
            if name.endswith('bias'):
                nn.init.zeros_(p)
        for p in self.parameters():
            p.requires_grad_(False)
`;
  assert.deepEqual(initLoopsIn(text), [true, true, false]);
});
test('an initialisation loop whose name is read by code written before it but run after it (a closure, the next round of a loop around it) is run', () => {
  const header = 'import torch\nimport torch.nn as nn\n\n\n';
  // PyTorch 1.13: LastOfLoop()(torch.randn(2, 3, 16, 16)) is (2, 4) (head() gives fc); Outer's is (2, 5) (blocks[0])
  const closure = `${header}# input: (2, 3, 16, 16)
class LastOfLoop(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU())
        self.fc = nn.Linear(8, 4)

        def head():
            return m

        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight)
        self.head = head()

    def forward(self, x):
        return self.head(self.features(x).mean((2, 3)))
`;
  const outer = `${header}# input: (2, 3, 16, 16)
class Outer(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(3, 5), nn.Conv2d(3, 3, 3, padding=1)])
        for i, blk in enumerate(self.blocks):
            if i == 1:
                self.head = m
            for m in blk.modules():
                nn.init.zeros_(m.bias)

    def forward(self, x):
        return self.head(self.blocks[1](x).mean((2, 3)))
`;
  assert.deepEqual(initLoopsIn(closure), [false]);
  assert.deepEqual(initLoopsIn(outer), [false, false]);
  for (const [text, shape] of [[closure, '(2, 4)'], [outer, '(2, 5)']]) {
    const m = analyzeText(text, 'python', { strict: false }).models.find((x) => x.root);
    assert.equal(m?.outputShape ? formatShape(m.outputShape) : undefined, shape);
  }
  // still skipped: names read before the loop in straight code, a loop around it that does not read them, loops in turn
  assert.deepEqual(initLoopsIn(`${header}class Still(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.body = nn.Sequential(*[m for m in layers])
        for blk in self.body:
            for m in blk.modules():
                nn.init.zeros_(m.bias)
        for m in self.modules():
            nn.init.ones_(m.weight)
`), [false, true, true]);
});
form('generators building layers: yield, yield from, nn.Sequential(*gen()), a generator of widths through zip', 'generators.py');
form('model wrappers in a script: .to(device), nn.DataParallel, torch.compile (the module itself), then model(batch)', 'model_wrappers.py');
form('nn.Embedding.from_pretrained(table, freeze=…): sized by the table, frozen by default', 'embedding_from_pretrained.py');
form('torch.autograd.Variable(x) (pre-0.4 code): the tensor itself', 'legacy_variable.py');
form('copy.deepcopy of a module: independent copies with their own parameters', 'deepcopy_layers.py');

// ── Modules and containers ───────────────────────────────────────────────────────────────────────────────────
form('nn.Sequential / nn.ModuleList subclasses with their own forward (and one without)', 'container_subclass_forward.py');
form('subclasses of torch.nn layers (with and without a forward, super().forward(x)), a frozen parameter (requires_grad_(False))', 'layer_subclasses.py');
form("add_module / register_module and self._modules['name']", 'add_module.py');
form('nn.ModuleDict (by key, items(), item assignment), nn.ParameterList, nn.ParameterDict', 'module_dict_params.py');
form('comprehensions building layers: nested and filtered list comprehensions, dict comprehensions, generators', 'comprehensions.py');
form("self.__setattr__('level_%d' % i, …) / setattr(self, name, …) read back with getattr(self, name)", 'setattr_getattr_self.py');
form('a module holding a lambda (LambdaLayer shortcut): calling it runs the lambda', 'lambda_layer.py', () => {
  // Followed with free sizes, the stride-2 convolution's ⌊(H − 1)/2⌋ + 1 and the slice's ⌊(H + 1)/2⌋ are one
  // canonical size (⌈H/2⌉), so `out += shortcut` keeps it.
  const text = fs.readFileSync(path.join(FORMS, 'lambda_layer.py'), 'utf8').replace(/^# input:.*$/m, '');
  const m = findRoot(analyzeText(text, 'python', { strict: false }), 'DownBlock');
  assert.equal(m.symbolicOutput && formatShape(m.symbolicOutput), '(N, 32, ⌈H/2⌉, ⌈W/2⌉)');
});
form('a forward returning (logits, None): the None is an entry of the output tuple, the totals complete', 'tuple_with_none.py');
form('weight tying (self.head.weight = self.embed.weight): the shared tensor counted once', 'weight_tying.py');

after(() => {
  const files = fs.readdirSync(FORMS).filter((f) => /\.(py|ipynb)$/.test(f) && !f.startsWith('_'));
  assert.deepEqual(files.filter((f) => !covered.has(f)), [], 'every form file has a test here');
});

test("str(), '{}'.format() and '%s' % give Python's text for True, False and None, as an f-string does (one rule)", () => {
  const a = analyzeText(`import torch.nn as nn

names = [str(True), '{}-{}'.format(False, None), '%s/%s' % (None, 3), f'{True}{None}']
model = nn.ModuleDict({n: nn.Linear(2, 2) for n in names})
`, 'python', { strict: false });
  const m = a.models.find((x) => x.name === 'model');
  assert.ok(m);
  assert.deepEqual(m.declarations.map((d) => d.path), ['True', 'False-None', 'None/3', 'TrueNone']);
});
