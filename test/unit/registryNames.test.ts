// One source of truth: every op or layer name the gradient checker, its builder, "Copy as PyTorch", the hover's link
// to the checker and the TypeScript translation mention resolves in the engine's registry, and the signatures they
// use are the registry's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { allDefs, findLayer, fullSignature, knownLayerTypes } from '../../src/engine';
import { PRESETS, SUPPORTED_FUNCTIONS, type CheckFile } from '../../src/engine/grad';
import { GRAD_OPS, gradOp } from '../../src/engine/grad/ops';
import { opName, SHAPE_FIRST } from '../../src/analysis/typescript/translate';
import { KIND_SPECS, LOSSES } from '../../src/present/gradBuilder/catalogue';
import { canPrefill } from '../../src/present/gradBuilder/prefill';
import { ROOT } from './support/process';

const names = (type: string): string[] => {
  const def = findLayer(type);
  return def ? fullSignature(def).map((s) => s.name) : [];
};

test('every function of the gradient checker is a registry entry, and its parameters are the entry’s signature', () => {
  assert.ok(GRAD_OPS.size >= 60, `${GRAD_OPS.size} functions`);
  for (const [type, op] of GRAD_OPS) {
    assert.equal(findLayer(type)?.type, type, `${type} is spelled so in the registry`);
    assert.deepEqual(op.params.map((p) => p.name), names(type).filter((n) => n !== 'out'), `${type}: the registry's signature`);
    for (const p of op.params) if (p.nondiff) assert.notEqual(p.kind, 'value', `${type}.${p.name}`);
  }
  assert.deepEqual(SUPPORTED_FUNCTIONS, [...GRAD_OPS.keys()]);
});

test('the issue’s list of new ops has a numeric forward/backward', () => {
  for (const n of ['torch.exp', 'torch.log', 'torch.sqrt', 'torch.pow', 'torch.sin', 'torch.cos', 'torch.tanh', 'torch.var', 'torch.mean',
    'torch.sum', 'torch.amax', 'F.mse_loss', 'F.l1_loss', 'F.cross_entropy', 'F.layer_norm', 'torch.abs', 'torch.std', 'torch.amin',
    'F.smooth_l1_loss', 'F.huber_loss', 'F.nll_loss', 'F.batch_norm', 'F.softmax', 'F.log_softmax', 'F.gelu', 'F.silu', 'F.elu']) {
    assert.ok(GRAD_OPS.has(n), n);
  }
});

test('a check may call an op by any spelling the registry knows', () => {
  for (const [spelling, type] of [['Tensor.exp', 'torch.exp'], ['torch.nn.functional.gelu', 'F.gelu'], ['Tensor.var', 'torch.var'],
    ['torch.nn.functional.layer_norm', 'F.layer_norm'], ['torch.layer_norm', 'torch.layer_norm'], ['Tensor.softmax', 'torch.softmax'], ['torch.Tensor.pow', 'torch.pow'], ['torch.conv2d', 'F.conv2d']]) {
    assert.equal(gradOp(spelling)?.fn, type, spelling);
  }
});

test('every kind the builder offers comes from a registry entry, calls a function with a numeric rule, and shows that entry’s arguments', () => {
  for (const [kind, spec] of KIND_SPECS) {
    const def = findLayer(spec.from);
    assert.ok(def, `${kind}: ${spec.from}`);
    assert.ok(GRAD_OPS.has(spec.fn), `${kind}: ${spec.fn}`);
    const signature = def.kind === 'module' ? def.signature.map((s) => s.name) : names(spec.from);
    for (const f of spec.fields) assert.ok(signature.includes(f.key), `${kind}.${f.key} is an argument of ${spec.from}`);
    // The kinds whose step passes the fields as they are: each field is also an argument of the function called.
    if (!['Layers', 'Normalisation'].includes(spec.group)) {
      for (const f of spec.fields) assert.ok(names(spec.fn).includes(f.key), `${kind}.${f.key} is an argument of ${spec.fn}`);
    }
  }
  for (const [loss, { fns }] of Object.entries(LOSSES)) for (const fn of fns) assert.ok(GRAD_OPS.has(fn), `loss ${loss}: ${fn}`);
});

test('the hover links to the checker for exactly the layers the builder offers', () => {
  const modules = [...KIND_SPECS.values()].filter((s) => findLayer(s.from)?.kind === 'module').map((s) => s.from);
  assert.ok(modules.length >= 25, modules.join(', '));
  for (const m of modules) {
    assert.ok(canPrefill(m) && canPrefill(`nn.${m}`) && canPrefill(`torch.nn.${m}`), m);
  }
  for (const other of ['Conv3d', 'LSTM', 'Dropout', 'torch.exp']) assert.equal(canPrefill(other), false, other);
});

test('every function in the presets, the example check files and the torch fixtures resolves to a checker function', () => {
  const checks: [string, CheckFile][] = PRESETS.map((p) => [`preset ${p.id}`, p.check]);
  const dir = path.join(ROOT, 'examples/checks');
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) checks.push([f, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CheckFile]);
  const fixture = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/grad/cases.json'), 'utf8')) as { cases: { name: string; check: CheckFile }[] };
  for (const c of fixture.cases) checks.push([c.name, c.check]);
  for (const [where, check] of checks) for (const step of check.program) assert.ok(gradOp(step.fn), `${where}: ${step.fn}`);
});

test('the TypeScript translation’s names: camelCase spellings of every registry op come back as the registry’s', () => {
  for (const n of SHAPE_FIRST) assert.ok(findLayer(`torch.${n}`), `torch.${n}`);
  const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const misread: string[] = [];
  let checked = 0;
  for (const spelling of knownLayerTypes()) {
    const m = /^(?:torch|F|Tensor)\.([a-z][a-z0-9_]*[a-z0-9])$/.exec(spelling);
    if (!m || !m[1].includes('_') || m[1].includes('__') || /_[0-9]/.test(m[1])) continue;
    checked++;
    if (opName(camel(m[1])) !== m[1]) misread.push(`${camel(m[1])} → ${opName(camel(m[1]))} (expected ${m[1]})`);
  }
  assert.ok(checked > 100, `${checked} spellings`);
  assert.deepEqual(misread, []);
});

test('the README lists every function the gradient checker supports', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The gradient checker'), readme.indexOf('## The CLI'));
  const listed = new Set([...section.matchAll(/`([A-Za-z0-9_.]+)`/g)].map((m) => m[1]));
  const missing = [...GRAD_OPS.keys()].filter((n) => !listed.has(n) && !listed.has(n.split('.').pop() ?? n));
  assert.deepEqual(missing, []);
  assert.ok(allDefs().length > GRAD_OPS.size);
});
