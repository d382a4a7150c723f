// `shapelens check FILE [--json] [--step H] [--max-elements N] [--seed S]`: the gradient checker on the command line.
// Readable report (forward values, loss, analytic vs numeric gradients, errors, verdict, SGD update; colours only on
// a TTY) or, with --json, the report object of the check format (fields are added over time, never renamed or dropped).
// Exit codes: 0 the check passes, 1 it fails, 2 a malformed file or bad usage (the message names the step and field).
import {
  CheckFormatError, parseCheckText, runCheck, stringifyCheck, type CheckReport, type NestedValues, type RunOptions, type Verdict,
} from '../engine/grad';

export interface CheckIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTTY?: boolean;
}

export const CHECK_USAGE = `usage: shapelens check FILE [--json] [--step H] [--max-elements N] [--seed S]

  Runs a check file (a small PyTorch functional program in JSON, see examples/checks/): forward values, the loss,
  analytic gradients by reverse-mode autograd, central finite differences, the relative error per element and a
  verdict (CS231n bands: ≤ 1e-7 good, ≤ 1e-4 acceptable with kinks, > 1e-2 wrong), and the SGD step if the file
  asks for one.

  --json            print the report as JSON
  --step H          finite-difference step (default 1e-6)
  --max-elements N  elements checked before sampling starts (default 200)
  --seed S          seed of the sample (default 0)

  exit status: 0 passed, 1 failed, 2 malformed file or usage error`;

class UsageError extends Error {}

interface CheckArgs { file: string; json: boolean; options: RunOptions }

function parseArgs(args: readonly string[]): CheckArgs | 'help' {
  const list = args[0] === 'check' ? args.slice(1) : args.slice();
  let file: string | undefined;
  let json = false;
  const options: RunOptions = {};
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      if (eq > 0) return a.slice(eq + 1);
      const v = list[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    const number = (what: string, ok: (v: number) => boolean): number => {
      const text = value();
      const v = Number(text);
      if (text.trim() === '' || !ok(v)) throw new UsageError(`${name}: expected ${what}, got "${text}"`);
      return v;
    };
    switch (name) {
      case '--help': case '-h': return 'help';
      case '--json': json = true; break;
      case '--step': options.step = number('a positive number such as 1e-6', (v) => Number.isFinite(v) && v > 0); break;
      case '--max-elements': options.maxElements = number('a positive integer', (v) => Number.isInteger(v) && v >= 1); break;
      case '--seed': options.seed = number('an integer', Number.isInteger); break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        if (file !== undefined) throw new UsageError(`one file at a time (got "${file}" and "${a}")`);
        file = a;
    }
  }
  if (file === undefined) throw new UsageError('missing FILE');
  return { file, json, options };
}

export function runCheckCommand(args: readonly string[], io: CheckIO, readFile: (path: string) => string): number {
  let parsed: CheckArgs | 'help';
  try {
    parsed = parseArgs(args);
  } catch (e) {
    io.stderr(`shapelens check: ${(e as Error).message}\n\n${CHECK_USAGE}\n`);
    return 2;
  }
  if (parsed === 'help') { io.stdout(CHECK_USAGE + '\n'); return 0; }
  const { file, json, options } = parsed;
  let text: string;
  try {
    text = readFile(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.stderr(`shapelens check: cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}\n`);
    return 2;
  }
  let report: CheckReport;
  let title: string | undefined;
  try {
    const check = parseCheckText(text);
    title = check.title;
    report = runCheck(check, options);
  } catch (e) {
    if (e instanceof CheckFormatError) {
      io.stderr(`shapelens check: ${file}: ${e.message}\n`);
      return 2;
    }
    io.stderr(`shapelens check: ${file}: internal error: ${(e as Error).message}\n`);
    return 2;
  }
  if (json) io.stdout(stringifyCheck(report));
  else io.stdout(readableReport(report, file, title, !!io.isTTY));
  return report.passed ? 0 : 1;
}

// ------------------------------------------------------------------ the readable report

const fmt = (v: number | null, digits = 8): string => {
  if (v === null) return '·';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e6) ? v.toExponential(Math.min(digits, 8) - 1) : String(+v.toPrecision(digits));
};
const fmtErr = (v: number): string => (v === 0 ? '0' : v.toExponential(1));

/** A tensor's values as text lines: a matrix for rank ≤ 2 (aligned columns), the last two dims as slices beyond. */
function tensorLines(fullShape: number[], values: NestedValues, digits = 8, maxRows = 12, maxCols = 10): string[] {
  if (fullShape.length === 0) return [fmt(values as number | null, digits)];
  // Leading 1s (batch, channel of a single image) add nothing to the picture: (1, 1, 4, 4) prints as a 4×4 matrix.
  let lead = 0;
  while (lead < fullShape.length - 1 && fullShape[lead] === 1) lead++;
  const shape = fullShape.slice(lead);
  const flatten = (v: NestedValues): (number | null)[] => (Array.isArray(v) ? v.flatMap(flatten) : [v]);
  const all = flatten(values);
  const cols = shape[shape.length - 1];
  const rows = all.length / Math.max(cols, 1);
  const rowsShown = Math.min(rows, maxRows), colsShown = Math.min(cols, maxCols);
  const cells: string[][] = [];
  for (let r = 0; r < rowsShown; r++) {
    const row: string[] = [];
    for (let c = 0; c < colsShown; c++) row.push(fmt(all[r * cols + c], digits));
    if (cols > colsShown) row.push(`… (${cols - colsShown} more)`);
    cells.push(row);
  }
  const width = Math.max(...cells.flat().map((s) => s.length), 1);
  const lines = cells.map((row) => '[ ' + row.map((s) => s.padStart(width)).join('  ') + ' ]');
  if (rows > rowsShown) lines.push(`… (${rows - rowsShown} more rows)`);
  if (shape.length > 2) lines.unshift(`(rows: the ${shape.slice(0, -1).join('×')} combinations of the leading indices, row-major)`);
  return lines;
}

function readableReport(r: CheckReport, file: string, title: string | undefined, tty: boolean): string {
  const paint = (code: string) => (s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
  const bold = paint('1'), green = paint('32'), red = paint('31'), yellow = paint('33'), dim = paint('2');
  const byVerdict: Record<Verdict, (s: string) => string> = { good: green, acceptable: green, suspicious: yellow, wrong: red };
  const out: string[] = [];
  const push = (s = '') => out.push(s);
  const block = (label: string, shape: number[], values: NestedValues, indent = '    ', digits = 8) => {
    const lines = tensorLines(shape, values, digits);
    const head = `${indent}${label}`;
    if (lines.length === 1) push(`${head} ${lines[0]}`);
    else { push(head); for (const l of lines) push(`${indent}  ${l}`); }
  };
  push(bold(`ShapeLens gradient check: ${file}`));
  if (title) push(`  ${title}`);
  push();
  push(bold('Forward'));
  for (const [name, t] of Object.entries(r.forward)) block(`${name} ${dim(`[${t.shape.join(', ')}]`)} =`, t.shape, t.values, '  ');
  push(`  loss ${r.objective.type === 'scalar' ? r.objective.name : `L = Σ ${r.objective.name}·upstream`} = ${fmt(r.loss)}`);
  push();
  const names = Object.keys(r.grads);
  if (names.length) {
    push(bold(`Gradients (analytic backward vs central differences, h = ${r.step.toExponential()})`));
    for (const name of names) {
      const g = r.grads[name], c = r.checks[name];
      push(`  ∂${r.objective.type === 'scalar' ? r.objective.name : 'L'}/∂${name} ${dim(`[${g.shape.join(', ')}]`)}`);
      block('analytic', g.shape, g.values);
      block('numeric ', g.shape, r.numeric_grads[name].values, '    ', 12);
      block('rel error', g.shape, c.rel_errors, '    ', 2);
      const sample = c.sampled ? `${c.checked} of ${c.total} elements checked (seeded sample)` : `all ${c.total} elements checked`;
      const kinks = (c.kink_crossings.length ? `, ${c.kink_crossings.length} straddle a kink (not judged)` : '') +
        (c.below_noise_floor ? `, ${c.below_noise_floor} with |a − n| below the round-off floor ${r.noise_floor.toExponential(1)} (good)` : '');
      push(`    max relative error ${fmtErr(c.max_rel_error)} — ${byVerdict[c.verdict](c.verdict)} (${sample}${kinks})`);
    }
    push();
  }
  if (r.sgd) {
    push(bold(`SGD step (lr = ${r.sgd.lr}): param ← param − lr · grad`));
    for (const [name, t] of Object.entries(r.sgd.updated)) block(`${name}′ =`, t.shape, t.values, '  ');
    push();
  }
  if (r.warnings.length) {
    push(bold('Warnings'));
    for (const w of r.warnings) push(`  ${yellow('!')} ${w}`);
    push();
  }
  const bands = 'bands: ≤ 1e-7 good, ≤ 1e-4 acceptable with kinks, ≤ 1e-2 suspicious, above wrong';
  const verdict = r.passed ? green(`PASSED (${r.verdict})`) : red(`FAILED (${r.verdict})`);
  push(`${bold('Verdict:')} ${verdict}: max relative error ${fmtErr(r.max_rel_error)}${r.has_kinks ? ', the objective has kinks' : ''} ${dim(`(${bands})`)}`);
  return out.join('\n') + '\n';
}
