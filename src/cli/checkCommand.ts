// PLACEHOLDER written by the analysis/CLI helper so `shapelens check` dispatches somewhere. The gradient-checker
// helper owns this file: their version replaces this one entirely.
export interface CheckIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTTY?: boolean;
}

export async function runCheckCommand(args: readonly string[], io: CheckIO, readFile: (path: string) => string): Promise<number> {
  void args; void readFile;
  io.stderr('shapelens check: not yet available\n');
  return 2;
}
