// Running a program from a test: always with a time limit, in its own process group, which is killed whole when
// the limit is reached (the CLI starts a second Node process; killing only the first would leave the second
// holding the pipes). A run that times out resolves with `timedOut` and its output so far; assertOk says so.
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface ProcessRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly seconds: number;
}

export interface RunOptions {
  readonly cwd?: string;
  /** Default 60 s: a guard against hangs, not a performance target. */
  readonly timeoutMs?: number;
}

export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<ProcessRun> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(command, args, { cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, seconds: (Date.now() - t0) / 1000 });
    });
  });
}

/** The repository's root, from a bundled test in dist/test/unit/. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli', 'shapelens.js');

/** `node dist/cli/shapelens.js ARGS…` from the repository root, as the README runs it; never hangs a test. */
export async function runCli(args: readonly string[], options: RunOptions = {}): Promise<ProcessRun> {
  const r = await runProcess(process.execPath, [CLI, ...args], { cwd: ROOT, ...options });
  if (r.timedOut) {
    throw new Error(`shapelens ${args.join(' ')} did not finish within ${(options.timeoutMs ?? 60_000) / 1000} s ` +
      `(killed; stdout so far: ${r.stdout.slice(0, 200)}${r.stderr ? `; stderr: ${r.stderr.slice(0, 400)}` : ''})`);
  }
  return r;
}
