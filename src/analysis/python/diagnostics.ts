// Engine diagnostics placed in the code: errors on the line PyTorch would fail at (the call), configuration
// warnings on the layer's declaration; a mismatch names where the incoming shape came from, and the engine's
// proposed number becomes a text edit of the argument that should change.
import { withSeparators, type EngineDiagnostic } from '../../engine';
import type { AnalysisDiagnostic, CodeFix } from '../model';
import { textOf, type Syntax } from '../syntax';
import type { Evaluator } from './evaluator';
import type { Trace } from './trace';
import { argIndex } from './modules';
import type { ArgNodes, ModuleInstance, PyValue, TensorValue } from './values';

export interface Site {
  /** The call expression (or, inside a Sequential without forward, the entry's declaration). */
  readonly callNode: Syntax;
  readonly declNode?: Syntax;
  readonly args?: ArgNodes;
  readonly type: string;
  readonly inputs: readonly TensorValue[];
  readonly module?: ModuleInstance;
  /** For functional ops: how many leading call arguments are tensors (not in the signature). */
  readonly skipArgs?: number;
}

/** What the argument counts, for a message composed from a mismatch: "expects 2,800 input features". */
const QUANTITY: Readonly<Record<string, string>> = {
  in_features: 'input features', in1_features: 'features in input1', in2_features: 'features in input2',
  in_channels: 'input channels', num_features: 'channels (num_features)', num_channels: 'channels (num_channels)',
  input_size: 'input features (input_size)', embed_dim: 'embedding features (embed_dim)', d_model: 'features (d_model)',
  normalized_shape: 'trailing sizes (normalized_shape)',
};

export function reportEngine(ev: Evaluator, trace: Trace, diags: readonly EngineDiagnostic[], site: Site): void {
  if (diags.length === 0) return;
  const declared = new Set(site.module?.declOutcome?.diagnostics.map((d) => d.message) ?? []);
  for (const d of diags) {
    if (declared.has(d.message)) continue; // already reported on the declaration
    const onDeclaration = d.severity !== 'error' && site.declNode;
    const node = onDeclaration ? site.declNode! : site.callNode;
    trace.report({
      range: ev.file.lines.rangeOf(node), severity: d.severity, code: d.code, message: compose(d, site),
      fix: d.fix ? codeFix(ev, d, site) : undefined,
    });
  }
}

/**
 * The message of a mismatch the input decides (in_features, in_channels…), composed from its fields: what the
 * layer expects, what it receives, and where that size came from — "Linear expects 2,800 input features but
 * receives 2,880 = 20·12·12 (flatten at line 17)". Any other diagnostic keeps the engine's words.
 */
function compose(d: EngineDiagnostic, site: Site): string {
  const m = d.mismatch;
  const quantity = m && QUANTITY[m.arg];
  if (!m || !quantity) return d.message;
  const origin = site.inputs[0]?.origin;
  const factors = origin?.factors && origin.factors.length > 1 ? ` = ${origin.factors.join('·')}` : '';
  const from = origin ? ` (${origin.what} at line ${origin.line + 1})` : '';
  const owner = site.module?.type ?? site.type;
  const show = (v: unknown) => (typeof v === 'number' ? withSeparators(v) : Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
  return `${owner} expects ${show(m.expected)} ${quantity} but receives ${show(m.got)}${factors}${from}`;
}

const pyLiteral = (v: unknown): string => {
  if (Array.isArray(v)) return `(${v.map(pyLiteral).join(', ')}${v.length === 1 ? ',' : ''})`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (v === null) return 'None';
  return String(v);
};

/** The engine's proposed value as an edit of the argument where it is written (or a new keyword argument). */
function codeFix(ev: Evaluator, d: EngineDiagnostic, site: Site): CodeFix | undefined {
  const fix = d.fix!;
  const newText = pyLiteral(fix.value);
  const title = `Set ${fix.arg} to ${newText}`;
  const args = site.args;
  if (!args) return { title, edits: [], arg: fix.arg, value: fix.value };
  let node = args.keyword[fix.arg];
  if (!node) {
    const i = argIndex(site.type, fix.arg);
    // F.* calls write their tensor inputs first; a method's tensor is the receiver, a module's comes at call time
    const offset = site.module || site.type.startsWith('Tensor.') ? 0 : site.skipArgs ?? 0;
    if (i >= 0) node = args.positional[i + offset];
  }
  const lines = ev.file.lines;
  if (node) return { title, edits: [{ range: lines.rangeOf(node), newText }], arg: fix.arg, value: fix.value };
  // Not written: add it as a keyword argument before the closing parenthesis.
  const list = args.call.children.find((c) => c.field === 'arguments');
  if (!list) return { title, edits: [], arg: fix.arg, value: fix.value };
  const close = list.unit.start + list.end - 1;
  const empty = args.positional.length === 0 && Object.keys(args.keyword).length === 0;
  return {
    title, arg: fix.arg, value: fix.value,
    edits: [{ range: lines.range(close, close), newText: `${empty ? '' : ', '}${fix.arg}=${newText}` }],
  };
}

export type { AnalysisDiagnostic };

/**
 * Entries a loop builds at one line (`self.norms.append(make_norm(w))`) are said once there, naming each path:
 * "norms.0, norms.1: this entry is not known statically …".
 */
export function samePlaceOnce(ds: AnalysisDiagnostic[]): AnalysisDiagnostic[] {
  const groups = new Map<string, { d: AnalysisDiagnostic; paths: string[]; rest: string }>();
  const out: AnalysisDiagnostic[] = [];
  for (const d of ds) {
    const m = /^([\w.]+): (.*)$/s.exec(d.message);
    if (!m) {
      out.push(d);
      continue;
    }
    const key = `${d.range.start.line}:${d.range.start.character}:${d.code}:${m[2]}`;
    const g = groups.get(key);
    if (g) g.paths.push(m[1]);
    else groups.set(key, { d, paths: [m[1]], rest: m[2] });
  }
  for (const g of groups.values()) out.push({ ...g.d, message: `${g.paths.join(', ')}: ${g.rest}` });
  return out;
}

/** The code of a node, shortened for a message: `self.inc(x)`, `rearrange(x, 'b c h w -> b (h w) c')`. */
function shortText(node: Syntax): string {
  const text = textOf(node).replace(/\s+/g, ' ');
  return `\`${text.length > 60 ? `${text.slice(0, 57)}…` : text}\``;
}

/**
 * In forward(), a call or an index that takes a tensor of known shape and gives nothing known back, where nothing
 * inside said why: said here, once, and the cost totals become a lower bound.
 */
export function sayShapeLost(ev: Evaluator, node: Syntax, result: PyValue, why: string): void {
  ev.incomplete(node, 'not-followed', `ShapeLens cannot follow ${shortText(node)}: ${why}; the shapes after it are unknown`);
  ev.markSaid(result);
}
