// Placeholder until the gradient benchmark lands (issue 4).
export async function gradBench(log: (line: string) => void): Promise<Record<string, number | string>> {
  log('  gradient benchmark: not yet implemented');
  return { status: 'pending' };
}
