// Analysis benchmark: a generated 250 KB file with 1,000 model classes analysed whole (warm median),
// re-analysis after a one-character edit (incremental parse, only the touched class analysed again), and the
// CLI as a whole process on the seed 001 network next to Python importing torch and running the same model.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeText, DocumentAnalyzer, initParsers, type TextEditDelta } from '../src/analysis';
import { parse, tablesFor } from '../src/analysis/parsers';
import { analyzePythonUnits } from '../src/analysis/python/pythonFile';
import { LineMap, topLevelUnits } from '../src/analysis/syntax';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** CPU time of this process in ms (wall time on a busy machine also counts other processes). */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const ms = (x: number) => Math.round(x * 100) / 100;

/** 1,000 small CNN classes, each a little different, with a file-level input comment: about 250 KB. */
export function generatedModels(count = 1000): string {
  const parts = ['import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n# input: (1, 3, 32, 32)\n\n'];
  for (let i = 0; i < count; i++) {
    const c = 8 + (i % 8);
    // two-space indentation (legal Python) keeps 1,000 realistic classes at about 250 KB
    parts.push(`class Net${i}(nn.Module):
  def __init__(self):
    super().__init__()
    self.conv = nn.Conv2d(3, ${c}, 3, 1, 1)
    self.fc = nn.Linear(${c} * 64, ${10 + (i % 5)})

  def forward(self, x):
    x = F.max_pool2d(F.relu(self.conv(x)), 4)
    return self.fc(x.flatten(1))

`);
  }
  return parts.join('');
}

/** The edit that replaces one character at `at` with `ch`, in tree-sitter's terms. */
function oneCharEdit(text: string, at: number): TextEditDelta {
  const lines = text.slice(0, at).split('\n');
  const p = { row: lines.length - 1, column: lines[lines.length - 1].length };
  return { startIndex: at, oldEndIndex: at + 1, newEndIndex: at + 1, startPosition: p,
    oldEndPosition: { row: p.row, column: p.column + 1 }, newEndPosition: { row: p.row, column: p.column + 1 } };
}

async function loadParsers(root: string): Promise<void> {
  const dir = path.join(root, 'dist', 'tree-sitter');
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(dir, file))));
}

const PYTHON_FORWARD = `
import sys, time
t0 = time.perf_counter()
import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 20, kernel_size=5)
        self.pool = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(2880, 500)
        self.fc2 = nn.Linear(500, 10)
    def forward(self, x):
        x = self.pool(self.conv(x))
        x = self.flatten(x)
        x = F.relu(self.fc1(x))
        return self.fc2(x)
net = Net()
shapes = []
for name, m in net.named_modules():
    if name:
        m.register_forward_hook(lambda mod, inp, out, name=name: shapes.append((name, tuple(out.shape))))
with torch.no_grad():
    net(torch.zeros(64, 1, 28, 28))
print(sum(p.numel() for p in net.parameters()), shapes[-1])
`;

export async function analysisBench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const root = path.resolve(__dirname, '..', '..');
  await loadParsers(root);
  const text = generatedModels();
  const options = { strict: false };

  // Full analysis, warm: a few runs to warm the JIT, then the median.
  const first = analyzeText(text, 'python', options);
  if (first.models.length !== 1000) throw new Error(`expected 1000 models, found ${first.models.length}`);
  const full: number[] = [];
  const fullCpu: number[] = [];
  for (let i = 0; i < 12; i++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    analyzeText(text, 'python', options);
    fullCpu.push(cpuMs() - c0);
    full.push(performance.now() - t0);
  }
  log(`analysis: full, ${(text.length / 1024).toFixed(0)} KB, 1,000 classes: median ${ms(median(full))} ms wall, ` +
    `${ms(median(fullCpu))} ms CPU (target < 60 ms; machine load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);

  // Where the time of a full analysis goes: the parse (tree-sitter, wasm), the copy of the tree into JavaScript
  // objects, the analysis of the copied statements, and freeing the tree.
  const names = tablesFor('python');
  const phases = { parse: [] as number[], copy: [] as number[], analyse: [] as number[], free: [] as number[] };
  for (let i = 0; i < 12; i++) {
    let t0 = performance.now();
    const tree = parse('python', text);
    phases.parse.push(performance.now() - t0);
    t0 = performance.now();
    const units = topLevelUnits(tree, text, names);
    phases.copy.push(performance.now() - t0);
    t0 = performance.now();
    analyzePythonUnits(units, new LineMap(text), options);
    phases.analyse.push(performance.now() - t0);
    t0 = performance.now();
    tree.delete();
    phases.free.push(performance.now() - t0);
  }
  log(`analysis: full, breakdown (medians): parse ${ms(median(phases.parse))} ms, tree copy ${ms(median(phases.copy))} ms, ` +
    `analysis ${ms(median(phases.analyse))} ms, freeing the tree ${ms(median(phases.free))} ms`);

  // One-character edits in the middle of the file: alternate a digit of one class's output size.
  const doc = new DocumentAnalyzer('python', options);
  let current = text;
  doc.update(current);
  // the last digit of a Linear's out_features in the middle of the file
  const at = current.indexOf(' * 64, 1', Math.floor(current.length / 2)) + ' * 64, 1'.length;
  const incremental: number[] = [];
  const incrementalCpu: number[] = [];
  for (let i = 0; i < 40; i++) {
    const ch = String(i % 10);
    const next = current.slice(0, at) + ch + current.slice(at + 1);
    const t0 = performance.now();
    const c0 = cpuMs();
    const result = doc.update(next, oneCharEdit(current, at));
    incrementalCpu.push(cpuMs() - c0);
    incremental.push(performance.now() - t0);
    if (result.models.length !== 1000) throw new Error('incremental analysis lost models');
    current = next;
  }
  doc.dispose();
  log(`analysis: one-character edit, incremental: median ${ms(median(incremental))} ms wall, ${ms(median(incrementalCpu))} ms CPU (target < 10 ms)`);

  // CLI whole process vs Python + torch on the seed 001 network.
  const cli = path.join(root, 'dist', 'cli', 'shapelens.js');
  const example = path.join(root, 'examples', 'seed001_net.py');
  // As a user runs it: npm's bin link executes the file, whose shebang starts Node once with the flags the command
  // needs (src/cli/launcher.ts). Windows has no shebangs (npm's shim runs `node shapelens.js`, which starts Node a
  // second time), so there the bench runs it that way. The same run as `node dist/cli/shapelens.js` is measured too.
  const timed = (file: string, args: string[]) => {
    const runs: number[] = [];
    execFileSync(file, args, { stdio: 'pipe' }); // the first run writes the bundle's code cache; not counted
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      execFileSync(file, args, { stdio: 'pipe' });
      runs.push(performance.now() - t0);
    }
    return runs;
  };
  const asUser = process.platform === 'win32' ? [process.execPath, [cli]] as const : [cli, []] as const;
  const cliRuns = timed(asUser[0], [...asUser[1], 'summary', example, '--json']);
  const viaNodeRuns = timed(process.execPath, [cli, 'summary', example, '--json']);
  const nodeRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, ['-e', '0'], { stdio: 'pipe' });
    nodeRuns.push(performance.now() - t0);
  }
  log(`cli: shapelens summary examples/seed001_net.py (whole process, run as a user runs it): median ${ms(median(cliRuns))} ms ` +
    `(of which starting Node itself, \`node -e 0\`: ${ms(median(nodeRuns))} ms; ` +
    `as \`node dist/cli/shapelens.js\`, which starts Node twice: ${ms(median(viaNodeRuns))} ms)`);
  const result: Record<string, number | string> = {
    analysis_full_ms: ms(median(full)), analysis_full_cpu_ms: ms(median(fullCpu)),
    analysis_parse_ms: ms(median(phases.parse)), analysis_copy_ms: ms(median(phases.copy)),
    analysis_analyse_ms: ms(median(phases.analyse)), analysis_free_ms: ms(median(phases.free)),
    node_startup_ms: ms(median(nodeRuns)), load_average: Math.round(os.loadavg()[0] * 10) / 10,
    analysis_incremental_ms: ms(median(incremental)), analysis_incremental_cpu_ms: ms(median(incrementalCpu)),
    cli_summary_ms: ms(median(cliRuns)), cli_summary_via_node_ms: ms(median(viaNodeRuns)),
    analysis_file_kb: Math.round(text.length / 1024),
  };
  const python = '/usr/bin/python3';
  const hasTorch = fs.existsSync(python) && spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
  if (hasTorch) {
    const script = path.join(os.tmpdir(), 'shapelens-bench-seed001.py');
    fs.writeFileSync(script, PYTHON_FORWARD);
    const pyRuns: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      execFileSync(python, [script], { stdio: 'pipe' });
      pyRuns.push(performance.now() - t0);
    }
    const speedup = median(pyRuns) / median(cliRuns);
    log(`cli: python3 + torch building seed 001 and a hooked forward pass: median ${ms(median(pyRuns))} ms — ShapeLens is ${speedup.toFixed(1)}× faster (target ≥ 5×)`);
    result.python_torch_ms = ms(median(pyRuns));
    result.cli_speedup = Math.round(speedup * 10) / 10;
  } else {
    log('cli: /usr/bin/python3 with torch not found: comparison skipped');
    result.python_torch_ms = 'skipped';
  }
  return result;
}
