// Gradient-checker benchmark: forward + backward of the seed 001 network in float64 — Conv(1→20, k5) →
// MaxPool 2 → Flatten → Linear(2880, 500) → ReLU → Linear(500, 10) → cross-entropy, batch 64 — beside PyTorch on
// one CPU thread in the same run, and a 200-element sampled gradient check of it.
import { spawnSync } from 'node:child_process';
import { runCheck, type CheckFile } from '../src/engine/grad';
import { backward, compile, forward } from '../src/engine/grad/program';
import { finiteDifferences, rng } from '../src/engine/grad/numeric';

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const round = (ms: number): number => Math.round(ms * 10) / 10;

/** The seed 001 network as a check file: PyTorch's default init ranges (±1/√fan_in), a seeded generator. */
export function lenetCheck(batch = 64): CheckFile {
  const next = rng(1);
  const uniform = (n: number, bound: number) => Array.from({ length: n }, () => (next() * 2 - 1) * bound);
  const t = (shape: number[], values: number[], requires_grad = false) => ({ shape, values, requires_grad });
  return {
    title: 'Seed 001 network, batch 64',
    inputs: {
      x: t([batch, 1, 28, 28], uniform(batch * 784, 1)),
      conv_w: t([20, 1, 5, 5], uniform(500, 1 / 5), true), conv_b: t([20], uniform(20, 1 / 5), true),
      fc1_w: t([500, 2880], uniform(1440000, 1 / Math.sqrt(2880)), true), fc1_b: t([500], uniform(500, 1 / Math.sqrt(2880)), true),
      fc2_w: t([10, 500], uniform(5000, 1 / Math.sqrt(500)), true), fc2_b: t([10], uniform(10, 1 / Math.sqrt(500)), true),
      target: { values: Array.from({ length: batch }, () => Math.floor(next() * 10)) },
    },
    program: [
      { out: 'conv', fn: 'F.conv2d', args: ['x', 'conv_w', 'conv_b'] },
      { out: 'pool', fn: 'F.max_pool2d', args: ['conv', 2] },
      { out: 'flat', fn: 'torch.flatten', args: ['pool', 1] },
      { out: 'fc1', fn: 'F.linear', args: ['flat', 'fc1_w', 'fc1_b'] },
      { out: 'relu', fn: 'F.relu', args: ['fc1'] },
      { out: 'fc2', fn: 'F.linear', args: ['relu', 'fc2_w', 'fc2_b'] },
      { out: 'loss', fn: 'F.cross_entropy', args: ['fc2', 'target'] },
    ],
    objective: { type: 'scalar', name: 'loss' },
  };
}

const TORCH_SCRIPT = `
import json, time, torch, torch.nn.functional as F
torch.set_num_threads(1)
torch.manual_seed(0)
d = torch.float64
x = torch.rand(64, 1, 28, 28, dtype=d) * 2 - 1
t = torch.randint(0, 10, (64,))
def p(*s, b):
    return ((torch.rand(*s, dtype=d) * 2 - 1) * b).requires_grad_()
cw, cb = p(20, 1, 5, 5, b=0.2), p(20, b=0.2)
w1, b1 = p(500, 2880, b=2880 ** -0.5), p(500, b=2880 ** -0.5)
w2, b2 = p(10, 500, b=500 ** -0.5), p(10, b=500 ** -0.5)
params = [cw, cb, w1, b1, w2, b2]
fw, bw = [], []
for i in range(9):
    for q in params: q.grad = None
    t0 = time.perf_counter()
    h = F.max_pool2d(F.conv2d(x, cw, cb), 2)
    loss = F.cross_entropy(F.linear(F.relu(F.linear(torch.flatten(h, 1), w1, b1)), w2, b2), t)
    t1 = time.perf_counter()
    loss.backward()
    t2 = time.perf_counter()
    if i >= 2: fw.append((t1 - t0) * 1000); bw.append((t2 - t1) * 1000)
m = lambda v: sorted(v)[len(v) // 2]
tot = [a + b for a, b in zip(fw, bw)]
print(json.dumps({'forward_ms': m(fw), 'backward_ms': m(bw), 'total_ms': m(tot), 'torch': torch.__version__, 'threads': torch.get_num_threads()}))
`;

function torchTimes(): { forward_ms: number; backward_ms: number; total_ms: number; torch: string } | string {
  const r = spawnSync('/usr/bin/python3', ['-c', TORCH_SCRIPT], { encoding: 'utf8', timeout: 300_000 });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr || '').trim().split('\n').pop() ?? `exit ${r.status}`;
    return `skipped (${why})`;
  }
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  } catch {
    return 'skipped (unreadable output)';
  }
}

export async function gradBench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const check = lenetCheck();
  const c = compile(check);
  const fw: number[] = [], bw: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const run = forward(c, false);
    const t1 = performance.now();
    backward(c, run);
    const t2 = performance.now();
    if (i >= 2) { fw.push(t1 - t0); bw.push(t2 - t1); }
  }
  const total = fw.map((f, i) => f + bw[i]);
  const ours = { forward: round(median(fw)), backward: round(median(bw)), total: round(median(total)) };
  log(`  seed 001 network, batch 64, float64 — ShapeLens: forward ${ours.forward} ms + backward ${ours.backward} ms = ${ours.total} ms (median of 5)`);

  const torch = torchTimes();
  const result: Record<string, number | string> = {
    lenet_forward_ms: ours.forward, lenet_backward_ms: ours.backward, lenet_forward_backward_ms: ours.total,
  };
  if (typeof torch === 'string') {
    log(`  PyTorch (1 thread): ${torch}`);
    result.torch_forward_backward_ms = torch;
  } else {
    const ratio = Math.round((ours.total / torch.total_ms) * 100) / 100;
    log(`  PyTorch ${torch.torch} (1 thread): forward ${round(torch.forward_ms)} ms + backward ${round(torch.backward_ms)} ms = ${round(torch.total_ms)} ms (median of 7)`);
    log(`  ratio ShapeLens / PyTorch: ${ratio}× (target: within 3×)`);
    Object.assign(result, {
      torch_forward_ms: round(torch.forward_ms), torch_backward_ms: round(torch.backward_ms),
      torch_forward_backward_ms: round(torch.total_ms), ratio_vs_torch: ratio,
    });
  }

  // The check proper (forward, backward, 200 central differences), then the whole runCheck with its JSON-ready report
  // (which spells out every one of the 1.45 M parameters, their gradients and errors as nested lists).
  const checks: number[] = [], whole: number[] = [];
  let last: ReturnType<typeof runCheck> | null = null;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const run = forward(c, true);
    const grads = backward(c, run);
    finiteDifferences(c, run, grads, { step: 1e-6, maxElements: 200, seed: i });
    checks.push(performance.now() - t0);
    const t1 = performance.now();
    last = runCheck(check, { maxElements: 200, seed: i });
    whole.push(performance.now() - t1);
  }
  const checkMs = round(median(checks)), wholeMs = round(median(whole));
  const checked = Object.values(last!.checks).reduce((s, k) => s + k.checked, 0);
  log(`  sampled gradient check: ${checked} of 1,446,030 parameters in ${checkMs} ms (forward + backward + 400 perturbed forwards, ` +
    `median of 3; target under 2000 ms) — verdict ${last!.verdict}, max relative error ${last!.max_rel_error.toExponential(1)}`);
  log(`  the same through runCheck with the full report: ${wholeMs} ms`);
  Object.assign(result, {
    grad_check_ms: checkMs, run_check_with_report_ms: wholeMs, grad_check_elements: checked,
    grad_check_verdict: last!.verdict, grad_check_max_rel_error: last!.max_rel_error,
  });
  return result;
}
