// The hover on a layer: input → output, the formulas with the numbers substituted per dimension, the parameter
// breakdown, and the cost in the chosen convention and the other two. Pure Markdown text (no vscode).
import {
  CONVENTIONS, conventionLabel, describeExact, formatShape, inConvention, withSeparators,
  type Convention, type Cost, type LayerOutcome, type ParamTensor, type WorkingLine,
} from '../engine';
import type { LayerDeclaration, LayerRecord, ModelAnalysis } from '../analysis/model';
import { format } from '../engine/symbolic';
import { inputText, modelTotals, outputText } from './cells';
import type { ModelMemory, RecordMemory } from '../analysis/memory';
import type { RecordField } from '../analysis/receptive';
import { fieldHover, recordMemoryHover } from './memoryText';
import { formatBytes } from '../engine';

const fence = (lines: readonly string[]) => (lines.length ? ['```text', ...lines, '```'] : []);

function paramLines(tensors: readonly ParamTensor[]): string[] {
  const width = Math.max(0, ...tensors.map((t) => t.name.length));
  return tensors.map((t) => `${t.name.padEnd(width)}  ${t.shape.length > 1 ? `${t.shape.join('×')} = ` : ''}${withSeparators(t.count)}`);
}

/** H_out and W_out worked out with the same numbers read as one line: "H_out = W_out = ⌊…⌋ + 1 = 28". */
export function mergeSameWorking(lines: readonly WorkingLine[]): string[] {
  const out: { labels: string[]; text: string }[] = [];
  for (const w of lines) {
    const last = out[out.length - 1];
    if (last && last.text === w.text) last.labels.push(w.label);
    else out.push({ labels: [w.label], text: w.text });
  }
  return out.map((o) => `${o.labels.join(' = ')} = ${o.text}`);
}

export function costText(cost: Cost, chosen: Convention): string {
  const parts = CONVENTIONS.map((c) => {
    const value = c === 'exact' ? describeExact(cost.exact) : withSeparators(inConvention(cost, c));
    const text = `${value} ${conventionLabel(c)}`;
    return c === chosen ? `**${text}**` : text;
  });
  return parts.join(' · ');
}

export interface HoverInput {
  readonly title: string; // conv1
  readonly outcome?: LayerOutcome;
  readonly record?: LayerRecord;
  readonly declaration?: LayerDeclaration;
  /** How many times forward() calls this one module (a module called twice shares its weights). */
  readonly callCount: number;
  /** Why no call of it was followed, when none was: said instead of the shapes. */
  readonly notCalled?: string;
  readonly convention: Convention;
  /** command: URI for "Check gradients for this layer", when the layer is one the checker can build. */
  readonly gradientLink?: string;
  /** The record's memory in the model's estimate, and its receptive field. */
  readonly memory?: { readonly record: RecordMemory; readonly model: ModelMemory };
  readonly field?: RecordField;
}

/** Why a cost is not known, in words a user can act on. */
function costUnknownWhy(reason: string | undefined, hasOutput: boolean): string {
  const why = reason?.replace(/^cost unknown: /, '');
  if (!why || /symbolic/.test(why)) {
    return hasOutput ? 'a size is symbolic: the input size is needed (ShapeLens: Set Input Shape…)' : 'no input shape reaches this layer';
  }
  return why;
}

export function layerHover(h: HoverInput): string {
  const outcome = h.record?.outcome ?? h.outcome ?? h.declaration?.outcome;
  const type = h.record?.type ?? h.declaration?.type ?? outcome?.def.type ?? '?';
  const out: string[] = [`**${h.title}** · \`${type}\`${outcome ? ` — ${outcome.def.summary}` : ''}`, ''];
  const record = h.record;
  if (record?.outputShape) {
    const ins = record.inputShapes.map((s) => (s ? formatShape(s) : '?')).join(', ');
    out.push(`**${ins} → ${formatShape(record.outputShape)}**`, '');
    // the model's input was chosen among the sizes it allows: what this layer gives for each of them
    if (record.symbolicOutput) out.push(`For any allowed input: → \`${formatShape(record.symbolicOutput)}\``, '');
  } else if (!record) {
    out.push(`_${h.notCalled ?? 'forward() does not call it.'}_`, '');
  } else {
    out.push('_The shape reaching it is not known: forward() lost it before this call (the info diagnostic says where)._', '');
  }
  if (h.callCount > 1) out.push(`Called ${h.callCount}× in forward(): the same weights each time, counted once.`, '');
  if (outcome?.shapeWorking.length) out.push('Shape', ...fence(mergeSameWorking(outcome.shapeWorking)), '');
  const params = outcome?.params;
  if (params) {
    const total = params.tensors.reduce((s, t) => s + t.count, 0n);
    const frozen = h.declaration?.frozen ? ' (frozen: not trainable)' : '';
    out.push(`Parameters: **${withSeparators(total)}**${frozen}`);
    out.push(...fence([...paramLines(params.tensors), ...params.working.map((w) => `${w.label} = ${w.text}`)]));
    if (params.buffers?.length) {
      out.push(`Buffers (not trained): ${withSeparators(params.buffers.reduce((s, t) => s + t.count, 0n))}`, ...fence(paramLines(params.buffers)));
    }
    out.push('');
  }
  const cost = record?.cost ?? outcome?.cost;
  if (cost) out.push(`Cost: ${costText(cost, h.convention)}`, ...fence(cost.working), '');
  else if (record?.outputShape) out.push(`Cost: ? — ${costUnknownWhy(outcome?.unknownReason, true)}`, '');
  if (record?.symbolicMacs) out.push(`MACs = \`${format(record.symbolicMacs)}\`${cost ? ` (${withSeparators(cost.macs)} at the chosen input)` : ''}`, '');
  if (h.memory) out.push(...recordMemoryHover(h.memory.record, h.memory.model), '');
  if (h.field) out.push(...fieldHover(h.field), '');
  for (const d of outcome?.diagnostics ?? []) out.push(`${d.severity === 'error' ? '$(error)' : '$(warning)'} ${d.message}`, '');
  if (outcome?.status === 'unknown' && outcome.unknownReason && cost) out.push(`_Not known statically: ${outcome.unknownReason}_`, '');
  if (h.gradientLink) out.push(`[$(beaker) Check gradients for this layer](${h.gradientLink})`);
  return out.join('\n').trimEnd();
}

/** The hover on a model's own line (its class, factory or variable): the totals, said as exactly as they are known. */
export function modelHover(m: ModelAnalysis, convention: Convention, memory?: ModelMemory): string {
  const t = modelTotals(m, convention);
  const io = `${inputText(m) ?? 'input unknown'} → ${outputText(m, '?')}`;
  const out = [`**${m.name}** — ${io}`, '', `Parameters: **${t.params.text}** (trainable ${t.trainable.text}) · ${t.costLabel}: **${t.cost.text}**` +
    ` · parameter memory (float32): ${t.paramBytes.text}`];
  if (memory) {
    const lb = (complete: boolean) => (complete ? '' : '≥ ');
    out.push('', `Training memory: **${lb(memory.savedComplete)}${formatBytes(memory.training)}** (${memory.options.dtype}, ${memory.options.optimizer}; ` +
      `saved for backward ${lb(memory.savedComplete)}${formatBytes(memory.saved)}) · inference peak ${lb(memory.inferenceComplete)}${formatBytes(memory.inferencePeak)}`);
  }
  if (t.caveat) out.push('', `_${t.caveat}_`);
  out.push(...inputLines(m));
  return out.join('\n');
}

/** One module built by a piece of code, for the list of a block's instances. */
export interface InstanceRow {
  readonly path: string;
  readonly input?: string;
  readonly output?: string;
  readonly params?: bigint;
  readonly cost?: bigint;
  readonly costComplete: boolean;
}

/** The instances the same code built (a block used 8 times): which one the hint shows, and every one's numbers. */
export function instancesTable(rows: readonly InstanceRow[], convention: Convention, what: string): string {
  if (rows.length < 2) return '';
  const unit = convention === 'macs' ? 'MACs' : 'FLOPs';
  const head = [`${what} ${rows.length} times (the hint shows the first, \`${rows[0].path}\`):`, '',
    `| instance | in → out | params | ${unit} |`, '|---|---|--:|--:|'];
  const shown = rows.slice(0, MAX_ROWS).map((r) => `| \`${r.path}\` | ${r.input ?? '?'} → ${r.output ?? '?'} | ` +
    `${r.params === undefined ? '?' : withSeparators(r.params)} | ${r.cost === undefined ? '?' : `${r.costComplete ? '' : '≥ '}${withSeparators(r.cost)}`} |`);
  const more = rows.length > MAX_ROWS ? [`| … ${rows.length - MAX_ROWS} more | | | |`] : [];
  return [...head, ...shown, ...more].join('\n');
}

const MAX_ROWS = 24;

export interface ContainerHoverInput {
  readonly title: string;
  readonly type: string;
  readonly input?: string;
  readonly output?: string;
  readonly params?: bigint;
  readonly cost?: bigint;
  readonly costComplete: boolean;
  readonly callCount: number;
  readonly modules: number;
  readonly convention: Convention;
  readonly notCalled?: string;
}

/** The hover on a module that holds others (`self.layer1 = self._make_layer(…)`, a block): its totals. */
export function containerHover(h: ContainerHoverInput): string {
  const unit = conventionLabel(h.convention);
  const out = [`**${h.title}** · \`${h.type}\` — ${h.modules} module${h.modules === 1 ? '' : 's'} inside`, ''];
  if (h.output) out.push(`**${h.input ?? '?'} → ${h.output}**`, '');
  else out.push(`_${h.notCalled ?? 'forward() does not call it.'}_`, '');
  if (h.callCount > 1) out.push(`Called ${h.callCount}× in forward(): the same weights each time, counted once.`, '');
  out.push(`Parameters: **${h.params === undefined ? '?' : withSeparators(h.params)}**`);
  if (h.cost !== undefined && (h.cost > 0n || h.costComplete)) out.push(`Cost: **${h.costComplete ? '' : '≥ '}${withSeparators(h.cost)} ${unit}**`);
  else if (h.output) out.push(`Cost: ? (${unit} need every size inside it known)`);
  return out.join('\n').trimEnd();
}

/** Where a model's input came from and, when it was solved from the model, what the model allows. */
function inputLines(m: ModelAnalysis): string[] {
  const out: string[] = [];
  if (m.inputSourceDetail && m.inputShape) out.push('', `Input ${inputText(m)}: ${m.inputSourceDetail}`);
  if (m.inputConstraints?.length) out.push('', `The model allows: ${m.inputConstraints.join('; ')}`);
  if (m.symbolicInput && m.symbolicOutput) out.push('', `For any allowed input: \`${formatShape(m.symbolicInput)} → ${formatShape(m.symbolicOutput)}\``);
  if (m.symbolicMacs) {
    const at = m.totalCost && !m.incomplete ? ` (${withSeparators(m.totalCost.macs)} at the chosen input)` : '';
    out.push('', `MACs = \`${format(m.symbolicMacs)}\`${at}`);
  }
  return out;
}
