// The summary's columns, chosen by the reader (torchinfo's col_names): one definition per column, read by the CLI
// table, the Markdown/CSV/torchinfo copies and the panel. A cell is text; "?" unknown, "--" none, "" not applicable.
import type { SummaryData, SummaryRow } from './summary';

export type ColumnKey = 'input' | 'output' | 'kernel' | 'params' | 'params_percent' | 'macs' | 'macs_percent' | 'memory' | 'saved'
  | 'receptive_field' | 'trainable';

export const COLUMN_KEYS: readonly ColumnKey[] = ['input', 'output', 'kernel', 'params', 'params_percent', 'macs', 'macs_percent', 'memory',
  'saved', 'receptive_field', 'trainable'];

export interface Column {
  readonly key: ColumnKey;
  /** torchinfo's name for it, where it has one (input_size, num_params, mult_adds …). */
  readonly header: (s: SummaryData) => string;
  readonly value: (r: SummaryRow, s: SummaryData) => string;
  readonly numeric: boolean;
  /** What the panel's tooltip says about it. */
  readonly title: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const share = (text: string, x: number) => (text === '?' ? '?' : text === '--' || text === '' ? text : pct(x));

export const COLUMNS: Readonly<Record<ColumnKey, Column>> = {
  input: { key: 'input', header: () => 'Input Shape', value: (r) => r.input, numeric: false, title: 'the shapes the layer is called with' },
  output: { key: 'output', header: () => 'Output Shape', value: (r) => r.output, numeric: false, title: 'the shape it returns' },
  kernel: { key: 'kernel', header: () => 'Kernel', value: (r) => r.kernel ?? '', numeric: true, title: 'kernel size of a conv or pooling layer' },
  params: { key: 'params', header: () => 'Param #', value: (r) => r.params, numeric: true, title: 'parameters (shared ones counted once)' },
  params_percent: { key: 'params_percent', header: () => 'Param %', value: (r) => share(r.params, r.paramShare), numeric: true,
    title: 'share of the model\'s parameters' },
  macs: { key: 'macs', header: (s) => s.costLabel, value: (r) => r.cost, numeric: true, title: 'the cost in the chosen convention' },
  macs_percent: { key: 'macs_percent', header: (s) => `${s.costLabel} %`, value: (r) => share(r.cost, r.costShare), numeric: true,
    title: 'share of the model\'s cost' },
  memory: { key: 'memory', header: () => 'Output Mem', value: (r) => r.outputMemory ?? '', numeric: true,
    title: 'bytes the output allocates (a view or an in-place op: none)' },
  saved: { key: 'saved', header: () => 'Saved Mem', value: (r) => r.savedMemory ?? '', numeric: true,
    title: 'bytes autograd keeps from this layer for the backward pass (each tensor counted where first saved)' },
  receptive_field: { key: 'receptive_field', header: () => 'RF', value: (r) => r.field ?? '', numeric: true,
    title: 'receptive field of an output unit, in input pixels (global: the whole input; --: not defined after a flatten)' },
  trainable: { key: 'trainable', header: () => 'Trainable', value: (r) => r.trainable ?? '', numeric: false,
    title: 'whether the layer\'s parameters are trained' },
};

/** torchinfo's column names as aliases, so `--columns input_size,output_size,num_params,mult_adds` works. */
const ALIASES: Record<string, ColumnKey> = {
  input_size: 'input', output_size: 'output', kernel_size: 'kernel', num_params: 'params', mult_adds: 'macs', cost: 'macs',
  flops: 'macs', cost_percent: 'macs_percent', rf: 'receptive_field', receptive: 'receptive_field', mem: 'memory',
};

/** A comma-separated list of columns; throws a message naming the unknown ones. */
export function parseColumns(text: string): ColumnKey[] {
  const names = text.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  const bad = names.filter((n) => !(COLUMN_KEYS as readonly string[]).includes(n) && !ALIASES[n]);
  if (bad.length || names.length === 0) {
    throw new Error(`unknown column${bad.length > 1 ? 's' : ''} ${bad.join(', ') || '(none given)'}; choose from ${COLUMN_KEYS.join(', ')}`);
  }
  return [...new Set(names.map((n) => ALIASES[n] ?? (n as ColumnKey)))];
}

/** The rows shown at a depth: deeper rows fold into the container at the last shown level (which carries their totals). */
export function rowsToDepth(rows: readonly SummaryRow[], depth: number | undefined): SummaryRow[] {
  if (depth === undefined || depth <= 0) return [...rows];
  return rows.filter((r) => r.depth < depth);
}
