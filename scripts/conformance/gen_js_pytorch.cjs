#!/usr/bin/env node
// Conformance cases for js-pytorch's own layers (src/engine/layers/jsPytorch.ts), with js-pytorch itself as the
// oracle: each case builds the layer, runs its forward on a tensor of the given shape, and records what js-pytorch
// does — the output shape, or that it throws — and its parameter count as model.parameters() returns it.
//
// js-pytorch is not a dependency of ShapeLens; run this against an unpacked copy of the package:
//   npm pack js-pytorch@0.7.2 && tar xzf js-pytorch-0.7.2.tgz
//   node scripts/conformance/gen_js_pytorch.cjs ./package
// Writes test/fixtures/conformance/js-pytorch.json (the format of gen_conformance.py's fixtures), and for each
// tutorial of js-pytorch's documentation in test/fixtures/models-ts/js-pytorch/ an X.expected.json: the file run up
// to its training loop, then its model called once on its input, every submodule's output shape and parameters.
//
// Buffers are the tensors a module holds that do not require grad (the attention's causal mask). MACs are
// ShapeLens' convention written out per layer (js-pytorch has no profiler): the products' multiply-accumulates.
// Inputs are zeros except for index inputs (Embedding, the losses' targets), which are random integers below the
// vocabulary size; a layer is never built on the GPU (device 'cpu'; a tutorial's 'gpu' is run as 'cpu').
'use strict';
const fs = require('fs');
const path = require('path');

const pkg = process.argv[2];
if (!pkg) {
  console.error('usage: node scripts/conformance/gen_js_pytorch.cjs PATH_TO_JS_PYTORCH_PACKAGE');
  process.exit(2);
}
const jsPackage = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
const { torch } = require(path.resolve(pkg, 'dist', 'index.cjs'));
const nn = torch.nn;
const OUT = path.join(__dirname, '..', '..', 'test', 'fixtures', 'conformance', 'js-pytorch.json');

const prod = (s) => s.reduce((p, d) => p * d, 1);
/** Trainable parameters (model.parameters()) and buffers (tensors that do not require grad), recursively. */
function counts(m) {
  let params = 0;
  let buffers = 0;
  for (const [, v] of Object.entries(m)) {
    if (v instanceof nn.Module) {
      const c = counts(v);
      params += c.params;
      buffers += c.buffers;
    } else if (v instanceof torch.Tensor) {
      if (v.requires_grad) params += prod(v.shape);
      else buffers += prod(v.shape);
    }
  }
  return { params, buffers };
}

const attention = (b, t, d, out) => 3 * b * t * d * d + 2 * b * t * t * d + b * t * d * out;
/** MACs per layer type, from the constructor arguments and the input shape (ShapeLens' convention). */
const MACS = {
  Linear: ([i, o], x) => (prod(x) / i) * i * o,
  Embedding: () => 0,
  PositionalEmbedding: () => 0,
  MultiHeadSelfAttention: ([i, o], x) => attention(x[0], x[1], i, o),
  FullyConnected: ([i, o], x) => (prod(x) / i) * (i * 2 * i + 2 * i * o),
  Block: ([i, o], x) => attention(x[0], x[1], i, i) + (prod(x) / i) * (i * 2 * i + 2 * i * o),
  CrossEntropyLoss: () => 0,
  MSELoss: () => 0,
};

/** An input of a shape: zeros, or (indices) random integers below `high`. */
const input = (shape, high) => (high ? torch.randint(0, high, shape) : torch.zeros(shape));

const cases = [];
function layerCase(type, args, inputs, note, indexHigh) {
  const id = `js-pytorch.${type}(${args.map((a) => JSON.stringify(a)).join(', ')}) @ ${inputs.map((s) => s.join('x') || 'scalar').join(',')}${note ? ` [${note}]` : ''}`;
  const expectsError = !!note && note.startsWith('invalid');
  const base = { id, type: `js-pytorch.${type}`, args, kwargs: {}, inputs };
  let m;
  let stage = 'construct';
  try {
    m = new nn[type](...args);
    stage = 'forward';
    const tensors = inputs.map((s, i) => input(s, i === 0 && type === 'Embedding' ? indexHigh : i === 1 && type === 'CrossEntropyLoss' ? indexHigh : 0));
    const out = m.forward(...tensors);
    const { params, buffers } = counts(m);
    if (expectsError) throw new Error(`${id}: marked invalid but js-pytorch returns ${JSON.stringify(out.shape)}`);
    cases.push({ ...base, ok: true, output_shape: out.shape, params, buffers, macs: MACS[type](args, inputs[0]), macs_source: 'formula', error: null });
  } catch (e) {
    if (!expectsError || e.message.includes('marked invalid')) throw e;
    const c = m ? counts(m) : { params: null, buffers: null };
    cases.push({ ...base, ok: false, output_shape: null, params: c.params, buffers: c.buffers, macs: null, macs_source: null,
      error: { type: e.constructor.name, stage, message: String(e.message).slice(0, 400) } });
  }
}

// Linear(in_size, out_size, device, bias, xavier): W (in, out) and b (out), b even with bias = false
layerCase('Linear', [10, 15], [[100, 50, 10]], 'the docs\' example');
layerCase('Linear', [4, 3], [[2, 4]]);
layerCase('Linear', [4, 3, 'cpu', false], [[2, 5, 4]], 'bias=false: b is still a parameter');
layerCase('Linear', [4, 3, 'cpu', true, false], [[2, 4]], 'no xavier');
layerCase('Linear', [4, 3], [[2, 5]], 'invalid: last dim is not in_size');
// Embedding(in_size, embed_size): (B, T) or (B, T, 1) → (B, T, E)
layerCase('Embedding', [10, 64], [[32, 256]], 'the docs\' example', 10);
layerCase('Embedding', [10, 6], [[2, 5, 1]], '(B, T, 1)', 10);
layerCase('Embedding', [10, 6], [[2, 5, 1, 1]], '(B, T, 1, 1)', 10);
layerCase('Embedding', [10, 6], [[5]], 'invalid: 1-D', 10);
layerCase('Embedding', [10, 6], [[2, 5, 2]], 'invalid: more than B·T indices', 10);
// PositionalEmbedding(input_size, embed_size): (B, T, …) → (T, E)
layerCase('PositionalEmbedding', [256, 64], [[32, 256]], 'the docs\' example');
layerCase('PositionalEmbedding', [10, 6], [[2, 5]]);
layerCase('PositionalEmbedding', [10, 6], [[2, 5, 3]], '3-D');
layerCase('PositionalEmbedding', [10, 6], [[5]], '1-D: one position');
layerCase('PositionalEmbedding', [4, 6], [[2, 5]], 'invalid: more positions than rows');
// MultiHeadSelfAttention(in_size, out_size, n_heads, n_timesteps, dropout_prob, device)
layerCase('MultiHeadSelfAttention', [10, 15, 2, 50, 0.2], [[100, 50, 10]], 'the docs\' example');
layerCase('MultiHeadSelfAttention', [8, 6, 2, 5], [[2, 5, 8]]);
layerCase('MultiHeadSelfAttention', [8, 8, 4, 5, 0], [[1, 5, 8]], 'batch of 1');
layerCase('MultiHeadSelfAttention', [8, 6, 2, 5], [[2, 3, 8]], 'invalid: T shorter than n_timesteps');
layerCase('MultiHeadSelfAttention', [8, 6, 2, 5], [[2, 7, 8]], 'invalid: T longer than n_timesteps');
layerCase('MultiHeadSelfAttention', [8, 6, 2, 5], [[2, 5, 4]], 'invalid: D is not in_size');
layerCase('MultiHeadSelfAttention', [8, 6, 2, 5], [[5, 8]], 'invalid: 2-D');
layerCase('MultiHeadSelfAttention', [8, 6, 3, 5], [[2, 5, 8]], 'invalid: heads do not divide in_size');
// FullyConnected(in_size, out_size, dropout_prob, device, bias): Linear(in, 2·in), ReLU, Linear(2·in, out)
layerCase('FullyConnected', [10, 15, 0.2], [[100, 50, 10]], 'the docs\' example');
layerCase('FullyConnected', [8, 6], [[5, 8]]);
layerCase('FullyConnected', [8, 6], [[2, 5, 4]], 'invalid: last dim is not in_size');
// Block(in_size, out_size, n_heads, n_timesteps, dropout_prob, device)
layerCase('Block', [32, 32, 4, 16, 0], [[8, 16, 32]], 'the Transformer tutorial');
layerCase('Block', [8, 8, 2, 5], [[2, 5, 8]]);
layerCase('Block', [8, 6, 2, 5], [[2, 5, 8]], 'invalid: out_size is not in_size');
layerCase('Block', [8, 8, 2, 5], [[2, 3, 8]], 'invalid: T shorter than n_timesteps');
layerCase('Block', [8, 8, 3, 5], [[2, 5, 8]], 'invalid: heads do not divide in_size');
// the losses: (…, C) against B targets, or z's entries
layerCase('CrossEntropyLoss', [], [[64, 10], [64]], 'the docs\' example', 10);
layerCase('CrossEntropyLoss', [], [[8, 16, 52], [8, 16]], 'the Transformer tutorial', 52);
layerCase('CrossEntropyLoss', [], [[2, 5, 7], [2, 4]], 'invalid: fewer targets than rows', 7);
layerCase('MSELoss', [], [[2, 5, 7], [2, 5, 7]]);
layerCase('MSELoss', [], [[2, 5, 7], [70]], 'flat target');
layerCase('MSELoss', [], [[2, 5, 7], [2, 5, 6]], 'invalid: target of another size');

// ── The tutorials, run as written (up to the training loop) ──────────────────────────────────────────────────
const TUTORIALS = path.join(__dirname, '..', '..', 'test', 'fixtures', 'models-ts', 'js-pytorch');
function tutorial(file) {
  const source = fs.readFileSync(path.join(TUTORIALS, file), 'utf8');
  // on the CPU: js-pytorch's GPU backend (@eduardoleao052/gpu) is not installed, and the shapes are the same
  const setup = source.slice(0, source.indexOf('// Training Loop:')).replace(/'gpu'/g, "'cpu'");
  // the docs write both `const { torch } = require("js-pytorch")` and `const torch = require(…)`; torch.nn either way
  const shim = (name) => (name === 'js-pytorch' ? Object.assign({ torch }, torch) : require(name));
  const { model, x } = new Function('require', `${setup}\nreturn { model, x };`)(shim);
  const calls = [];
  for (const [name, child] of Object.entries(model)) {
    if (!(child instanceof nn.Module)) continue;
    const forward = child.forward.bind(child);
    child.forward = (...a) => {
      const out = forward(...a);
      calls.push({ name, type: child.constructor.name, output_shape: out.shape, params: counts(child).params });
      return out;
    };
  }
  const out = model.forward(x);
  const c = counts(model);
  const expected = { file, input_shape: x.shape, output_shape: out.shape, calls, total_params: c.params, buffers: c.buffers };
  const target = path.join(TUTORIALS, file.replace(/\.ts$/, '.expected.json'));
  fs.writeFileSync(target, `${JSON.stringify(expected, null, 2)}\n`);
  console.error(`${file}: ${JSON.stringify(out.shape)}, ${c.params} params; written ${path.relative(process.cwd(), target)}`);
}
tutorial('mlp_tutorial.ts');
tutorial('transformer_tutorial.ts');

cases.sort((a, b) => (a.type === b.type ? (a.id < b.id ? -1 : 1) : a.type < b.type ? -1 : 1));
const lines = ['{', '  "generator": "scripts/conformance/gen_js_pytorch.cjs",', `  "torch_version": ${JSON.stringify(`js-pytorch ${jsPackage.version}`)},`,
  '  "skipped_types": [],', '  "cases": ['];
cases.forEach((c, i) => lines.push(`    ${JSON.stringify(c)}${i < cases.length - 1 ? ',' : ''}`));
lines.push('  ]', '}');
fs.writeFileSync(OUT, `${lines.join('\n')}\n`);
console.error(`${cases.length} cases (${cases.filter((c) => !c.ok).length} invalid), js-pytorch ${jsPackage.version}; written ${path.relative(process.cwd(), OUT)}`);
