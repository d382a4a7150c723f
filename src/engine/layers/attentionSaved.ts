// What attention and the Transformer layers keep for backward: PyTorch 1.13's composite CPU path
// (F.multi_head_attention_forward), measured with saved_tensors_hooks on the model fixtures.
//
//   MultiheadAttention  the projections' inputs (a batch_first input is transposed, so its projection keeps a
//                       contiguous copy), q/√d, k and v (copied out of the packed projection), the attention weights
//                       (softmax's output; with dropout also the mask and the dropped weights), the heads' output
//                       copied back into (L·N, E) for out_proj, and the scale (and, with need_weights, the head
//                       count) as 8-byte 0-d tensors
//   Encoder layer       the attention block on its input; dropout masks; each LayerNorm's input and its two statistics
//                       per position; the feed-forward's input, the activation's saved tensor (ReLU its output, GELU
//                       its input) and the dropped activations that feed linear2
//   Decoder layer       the same, with a second (cross-)attention whose keys and values come from memory
// PyTorch 2.x computes attention with fused kernels where it can (F.scaled_dot_product_attention), which keep less.
import type { ElementKind, SavedTensor } from '../saved';

export interface AttentionSizes {
  readonly N: bigint;
  readonly L: bigint;
  readonly S: bigint;
  readonly E: bigint;
  readonly heads: bigint;
  /** Dropout probability on the attention weights. */
  readonly p: number;
  readonly batchFirst: boolean;
  readonly needWeights: boolean;
}

const made = (name: string, numel: bigint, element: ElementKind = 'act'): SavedTensor => ({ made: name, numel, element });

/** Everything after the projections' inputs. */
function attentionCore(s: AttentionSizes, prefix: string): SavedTensor[] {
  const weights = s.N * s.heads * s.L * s.S;
  const out: SavedTensor[] = [
    made(`${prefix}q/√d`, s.N * s.L * s.E), made(`${prefix}k`, s.N * s.S * s.E), made(`${prefix}v`, s.N * s.S * s.E),
    made(`${prefix}attention weights`, weights),
  ];
  if (s.p > 0) out.push(made(`${prefix}attention dropout mask`, weights, 'mask'), made(`${prefix}dropped attention weights`, weights));
  out.push(made(`${prefix}heads' output (copied for out_proj)`, s.N * s.L * s.E), made(`${prefix}scale 1/√d`, 1n, 'int64'));
  if (s.needWeights) out.push(made(`${prefix}head count (averaging the weights)`, 1n, 'int64'));
  return out;
}

/** nn.MultiheadAttention(query, key, value): the inputs are tensor inputs 0, 1, 2 (the same tensor is kept once). */
export function mhaSaves(s: AttentionSizes): SavedTensor[] {
  const inputs: SavedTensor[] = [0, 1, 2].map((i) => ({ input: i, ...(s.batchFirst ? { copy: true } : {}) }));
  return [...inputs, ...attentionCore(s, '')];
}

export interface BlockSizes extends AttentionSizes {
  readonly F: bigint;
  readonly relu: boolean;
  readonly normFirst: boolean;
  /** Memory's length for the decoder's cross-attention (0: an encoder layer). */
  readonly memory: bigint;
}

/** A LayerNorm over E: its input and two float32 statistics per position. */
const norm = (name: string, input: SavedTensor | undefined, positions: bigint): SavedTensor[] =>
  [...(input ? [input] : []), made(`${name} mean`, positions, 'f32'), made(`${name} 1/std`, positions, 'f32')];

/**
 * One encoder (memory = 0) or decoder layer on input 0 (decoder: memory is input 1). Post-norm:
 * x = norm1(x + drop(sa(x))); [x = norm2(x + drop(ca(x, mem)))]; x = norm3(x + drop(ff(x))). Pre-norm adds the
 * blocks to x and normalizes their inputs instead.
 */
export function blockSaves(s: BlockSizes, prefix = ''): SavedTensor[] {
  const positions = s.N * s.L;
  const x = positions * s.E;
  const drop = s.p > 0;
  const out: SavedTensor[] = [];
  const residual = (name: string) => (drop ? [made(`${prefix}${name} dropout mask`, x, 'mask')] : []);
  // What feeds each block's projections: the layer's input itself only for the first post-norm block.
  let first = true;
  const blockInput = (name: string): SavedTensor => {
    const isInput = first && !s.normFirst;
    first = false;
    if (isInput) return { input: 0, ...(s.batchFirst ? { copy: true } : {}) };
    return made(`${prefix}${name} input`, x);
  };
  const normed = (name: string) => {
    // pre-norm: the norm's input is the running sum (the layer's input for the first block)
    const input: SavedTensor = s.normFirst && out.length === 0 ? { input: 0 } : made(`${prefix}${name} input`, x);
    return norm(`${prefix}${name}`, input, positions);
  };
  // self-attention
  if (s.normFirst) out.push(...normed('norm1'));
  out.push(blockInput('self_attn'), ...attentionCore({ ...s, S: s.L, needWeights: false }, `${prefix}self_attn `), ...residual('dropout1'));
  if (!s.normFirst) out.push(...normed('norm1'));
  // cross-attention (decoder)
  if (s.memory > 0n) {
    if (s.normFirst) out.push(...normed('norm2'));
    out.push(blockInput('multihead_attn query'), { input: 1, ...(s.batchFirst ? { copy: true } : {}) },
      ...attentionCore({ ...s, S: s.memory, needWeights: false }, `${prefix}multihead_attn `), ...residual('dropout2'));
    if (!s.normFirst) out.push(...normed('norm2'));
  }
  // feed-forward: linear1's input, the activation, dropout, linear2's input
  const last = s.memory > 0n ? 'norm3' : 'norm2';
  if (s.normFirst) out.push(...normed(last));
  const hidden = positions * s.F;
  out.push(made(`${prefix}linear1 input`, x), made(`${prefix}${s.relu ? 'relu output' : 'gelu input'}`, hidden));
  if (drop) out.push(made(`${prefix}feed-forward dropout mask`, hidden, 'mask'), made(`${prefix}linear2 input (dropped)`, hidden));
  else if (!s.relu) out.push(made(`${prefix}linear2 input`, hidden));
  out.push(...residual(s.memory > 0n ? 'dropout3' : 'dropout2'));
  if (!s.normFirst) out.push(...normed(last));
  return out;
}
