// PyTorch's public names that have no rule in the registry, each in a group that says why: the analysis follows
// them itself (containers, x.size(), x.shape), they are not shape ops (queries, autograd, storage, serialization,
// global state, quantization, sparse layouts), or ShapeLens does not support them yet (the real gaps, listed in the
// README's limits). test/unit/torchNames.test.ts holds every name of test/fixtures/torch_names.json (Debian's torch
// 1.13, dumped by scripts/dump_torch_names.py) to being either an op of the registry or on this list, and no name
// to being both. The analysis reads the list too: a call whose result is a Python value (x.is_floating_point(),
// torch.equal(a, b)) is not reported as an unknown op.
//
// Names are spelt as the registry spells them: torch.x, Tensor.x (methods, dunders and attributes), F.x, and the
// nn class name alone.

export type UnsupportedReason = 'analysis' | 'not a shape op' | 'not supported yet';

export interface NameGroup {
  readonly reason: UnsupportedReason;
  /** What the names are; said in the unknown-op info of a call to one of them. */
  readonly what: string;
  /** The call's result: a Python value (bool, int, dtype, string, None, an object) or tensors. */
  readonly returns: 'value' | 'tensor';
  readonly names: readonly string[];
}

const group = (reason: UnsupportedReason, returns: NameGroup['returns'], what: string, names: string): NameGroup =>
  ({ reason, returns, what, names: names.trim().split(/\s+/) });

export const UNSUPPORTED: readonly NameGroup[] = [
  // ── Followed by the analysis itself, not by a rule of the registry ─────────────────────────────────────────
  group('analysis', 'value', 'shape queries, answered from the shape (x.size(), x.dim(), x.numel(), x.shape, len(x))', `
    Tensor.size Tensor.dim Tensor.ndimension Tensor.numel Tensor.nelement torch.numel Tensor.shape Tensor.ndim Tensor.__len__`),
  group('analysis', 'tensor', 'tensor attributes and protocols the analysis reads (x.T, x.mT, x.H, x.mH, x.real, x.imag, x.data, '
    + 'iterating over a tensor, x[i] = v)', `
    Tensor.T Tensor.mT Tensor.H Tensor.mH Tensor.real Tensor.imag Tensor.data Tensor.__iter__ Tensor.__reversed__ Tensor.__setitem__`),
  group('analysis', 'value', 'values the analysis gives documented static answers (x.item() unknown, x.dtype float32, x.is_cuda False)', `
    Tensor.item Tensor.tolist Tensor.numpy Tensor.element_size Tensor.is_contiguous Tensor.get_device Tensor.dtype Tensor.device
    Tensor.is_cuda Tensor.grad torch.is_tensor torch.is_grad_enabled torch.manual_seed torch.set_default_dtype`),
  group('analysis', 'tensor', 'containers and wrappers the analysis builds as modules', `
    Module Sequential ModuleList ModuleDict ParameterList ParameterDict TransformerEncoder TransformerDecoder DataParallel`),

  // ── Not shape ops: the result is a Python value ────────────────────────────────────────────────────────────
  group('not a shape op', 'value', 'predicates and dtype queries: a bool, a dtype or a string', `
    torch.is_complex Tensor.is_complex torch.is_conj Tensor.is_conj torch.is_floating_point Tensor.is_floating_point
    torch.is_neg Tensor.is_neg torch.is_nonzero Tensor.is_nonzero torch.is_signed Tensor.is_signed torch.is_storage
    torch.is_distributed Tensor.is_distributed torch.is_inference Tensor.is_inference torch.is_same_size Tensor.is_same_size
    torch.can_cast torch.promote_types torch.result_type torch.typename torch.is_vulkan_available torch.cudnn_is_acceptable
    torch.get_device Tensor.is_coalesced Tensor.is_pinned Tensor.is_set_to Tensor.is_shared Tensor.has_names
    Tensor.dense_dim Tensor.sparse_dim Tensor.is_cpu Tensor.is_ipu Tensor.is_leaf Tensor.is_meta Tensor.is_mkldnn
    Tensor.is_mps Tensor.is_nested Tensor.is_ort Tensor.is_quantized Tensor.is_sparse Tensor.is_sparse_csr Tensor.is_vulkan
    Tensor.is_xpu Tensor.layout Tensor.name Tensor.names Tensor.output_nr Tensor.retains_grad Tensor.volatile Tensor.grad_fn`),
  group('not a shape op', 'value', 'whole-tensor comparisons: one Python bool', `
    torch.equal Tensor.equal torch.allclose Tensor.allclose Tensor.__contains__`),
  group('not a shape op', 'value', 'conversions to a Python number (the tensor must hold one element)', `
    Tensor.__bool__ Tensor.__nonzero__ Tensor.__int__ Tensor.__long__ Tensor.__float__ Tensor.__complex__ Tensor.__index__`),
  group('not a shape op', 'value', 'memory and storage: pointers, strides, storages, streams', `
    Tensor.data_ptr Tensor.storage Tensor.storage_offset Tensor.storage_type Tensor.stride Tensor.record_stream`),
  group('not a shape op', 'value', 'autograd: backward passes, hooks, anomaly detection', `
    Tensor.backward Tensor.register_hook Tensor.reinforce torch.is_anomaly_enabled torch.is_anomaly_check_nan_enabled
    torch.set_anomaly_enabled torch.is_inference_mode_enabled`),
  group('not a shape op', 'value', 'serialization and interchange', `
    torch.save torch.load torch.to_dlpack`),
  group('not a shape op', 'value', 'global state: threads, random-number state, determinism, printing, defaults, vitals', `
    torch.are_deterministic_algorithms_enabled torch.use_deterministic_algorithms torch.is_deterministic_algorithms_warn_only_enabled
    torch.get_deterministic_debug_mode torch.set_deterministic_debug_mode torch.get_default_dtype torch.set_default_tensor_type
    torch.get_float32_matmul_precision torch.set_float32_matmul_precision torch.get_rng_state torch.set_rng_state torch.initial_seed
    torch.seed torch.get_num_threads torch.set_num_threads torch.get_num_interop_threads torch.set_num_interop_threads
    torch.init_num_threads torch.set_flush_denormal torch.set_printoptions torch.is_warn_always_enabled torch.set_warn_always
    torch.read_vitals torch.set_vital torch.vitals_enabled torch.compiled_with_cxx11_abi torch.prepare_multiprocessing_environment
    torch.get_file_path torch.classproperty`),
  group('not a shape op', 'value', 'autocast state', `
    torch.autocast_decrement_nesting torch.autocast_increment_nesting torch.clear_autocast_cache torch.get_autocast_cpu_dtype
    torch.get_autocast_gpu_dtype torch.is_autocast_cache_enabled torch.is_autocast_cpu_enabled torch.is_autocast_enabled
    torch.set_autocast_cache_enabled torch.set_autocast_cpu_dtype torch.set_autocast_cpu_enabled torch.set_autocast_enabled
    torch.set_autocast_gpu_dtype`),
  group('not a shape op', 'value', 'TorchScript and asynchronous execution internals', `
    torch.fork torch.wait torch.import_ir_module torch.import_ir_module_from_buffer torch.merge_type_from_type_comment
    torch.parse_ir torch.parse_schema torch.parse_type_comment torch.unify_type_list`),
  group('not a shape op', 'value', 'quantization parameters of a quantized tensor', `
    torch.q_scale Tensor.q_scale torch.q_zero_point Tensor.q_zero_point torch.q_per_channel_axis Tensor.q_per_channel_axis
    Tensor.qscheme torch.choose_qparams_optimized`),
  group('not a shape op', 'value', 'argument checks of torch.nn.functional (return None)', 'F.assert_int_or_pair'),

  // ── Not shape ops: tensors in another representation (the shapes after them are unknown) ────────────────────
  group('not a shape op', 'tensor', 'quantization: quantized tensors and fake quantization', `
    torch.quantize_per_tensor torch.quantize_per_tensor_dynamic torch.quantize_per_channel torch.dequantize Tensor.dequantize
    torch.int_repr Tensor.int_repr torch.q_per_channel_scales Tensor.q_per_channel_scales torch.q_per_channel_zero_points
    Tensor.q_per_channel_zero_points torch.empty_quantized torch.fake_quantize_per_channel_affine
    torch.fake_quantize_per_tensor_affine torch.fused_moving_avg_obs_fake_quant`),
  group('not a shape op', 'tensor', 'sparse, MKL-DNN and nested layouts: conversions and their parts', `
    Tensor.to_sparse Tensor.to_sparse_coo Tensor.to_sparse_csr Tensor.to_sparse_csc Tensor.to_sparse_bsr Tensor.to_sparse_bsc
    Tensor.to_mkldnn Tensor.to_padded_tensor Tensor.sparse_mask Tensor.sparse_resize_ Tensor.sparse_resize_and_clear_
    Tensor.indices Tensor.values Tensor.crow_indices Tensor.col_indices Tensor.ccol_indices Tensor.row_indices
    torch.indices_copy torch.values_copy torch.crow_indices_copy torch.col_indices_copy torch.ccol_indices_copy
    torch.row_indices_copy torch.sparse_coo_tensor torch.sparse_csr_tensor torch.sparse_csc_tensor torch.sparse_bsr_tensor
    torch.sparse_bsc_tensor torch.sparse_compressed_tensor Tensor.resize_as_sparse_ torch.resize_as_sparse_`),
  group('not a shape op', 'tensor', 'named tensors (a prototype API): names given to dims', `
    Tensor.rename Tensor.rename_ Tensor.refine_names Tensor.align_to Tensor.align_as torch.align_tensors`),

  // ── Not supported yet: shape ops ShapeLens has no rule for ─────────────────────────────────────────────────
  group('not supported yet', 'tensor', 'decompositions and solvers of the old API (torch.linalg has the current ones)', `
    torch.symeig Tensor.symeig torch.eig Tensor.eig torch.lstsq Tensor.lstsq torch.lu Tensor.lu torch.lu_solve Tensor.lu_solve
    torch.lu_unpack torch.solve Tensor.solve torch.geqrf Tensor.geqrf torch.orgqr Tensor.orgqr torch.ormqr Tensor.ormqr
    torch.matrix_rank torch.lobpcg torch.pca_lowrank torch.svd_lowrank torch.nuclear_norm torch.frobenius_norm torch.native_norm`),
  group('not supported yet', 'tensor', 'sizes only the data decides (multidimensional histograms, segment reductions)', `
    torch.histogramdd torch.segment_reduce`),
  group('not supported yet', 'tensor', 'tensors from NumPy arrays, buffers, files and DLPack capsules (their shapes are not read)', `
    torch.from_numpy torch.frombuffer torch.from_file torch.from_dlpack`),
  group('not supported yet', 'tensor', 'writing into a tensor at indices, masks or slices', `
    torch.index_put Tensor.index_put torch.index_put_ Tensor.index_put_ torch.put Tensor.put Tensor.put_ torch.masked_scatter
    Tensor.masked_scatter Tensor.masked_scatter_ torch.index_reduce Tensor.index_reduce Tensor.index_reduce_
    torch.select_scatter Tensor.select_scatter torch.slice_scatter Tensor.slice_scatter torch.diagonal_scatter
    Tensor.diagonal_scatter torch.as_strided_scatter Tensor.as_strided_scatter Tensor.__delitem__`),
  group('not supported yet', 'tensor', 'copies of slices (torch.slice_copy(input, dim, start, end, step))', 'torch.slice_copy'),
  group('not supported yet', 'tensor', 'short-time Fourier transforms and element-wise maps by a Python callable', `
    torch.stft Tensor.stft torch.istft Tensor.istft Tensor.apply_ Tensor.map_ Tensor.map2_`),
  group('not supported yet', 'value', 'shape arithmetic on sizes (a torch.Size)', 'torch.broadcast_shapes'),
  group('not supported yet', 'tensor', 'torch.x spellings with a signature of their own (model code calls the nn layer or F.x)', `
    torch.constant_pad_nd torch.convolution torch.embedding_bag torch.embedding_renorm_ torch.ctc_loss torch.grid_sampler
    torch.grid_sampler_2d torch.grid_sampler_3d torch.norm_except_dim F.multi_head_attention_forward`),
  group('not supported yet', 'tensor', 'recurrent kernels behind nn.RNN/LSTM/GRU and their cells', `
    torch.lstm torch.gru torch.rnn_relu torch.rnn_tanh torch.lstm_cell torch.gru_cell torch.rnn_relu_cell torch.rnn_tanh_cell
    torch.quantized_lstm torch.quantized_gru torch.quantized_lstm_cell torch.quantized_gru_cell torch.quantized_rnn_relu_cell
    torch.quantized_rnn_tanh_cell torch.miopen_rnn`),
  group('not supported yet', 'tensor', 'backend kernels and statistics internals behind the layers (cudnn_*, miopen_*, '
    + 'mkldnn_*, fbgemm_*, native_*, batch_norm_*)', `
    torch.cudnn_affine_grid_generator torch.cudnn_batch_norm torch.cudnn_convolution torch.cudnn_convolution_add_relu
    torch.cudnn_convolution_relu torch.cudnn_convolution_transpose torch.cudnn_grid_sampler torch.miopen_batch_norm
    torch.miopen_convolution torch.miopen_convolution_add_relu torch.miopen_convolution_relu torch.miopen_convolution_transpose
    torch.miopen_depthwise_convolution torch.mkldnn_adaptive_avg_pool2d torch.mkldnn_convolution
    torch.mkldnn_linear_backward_weights torch.mkldnn_max_pool2d torch.mkldnn_max_pool3d torch.fbgemm_linear_fp16_weight
    torch.fbgemm_linear_fp16_weight_fp32_activation torch.fbgemm_linear_int8_weight
    torch.fbgemm_linear_int8_weight_fp32_activation torch.fbgemm_linear_quantize_weight torch.fbgemm_pack_gemm_matrix_fp16
    torch.fbgemm_pack_quantized_matrix torch.quantized_batch_norm torch.quantized_max_pool1d torch.quantized_max_pool2d
    torch.native_batch_norm torch.native_dropout torch.native_group_norm torch.native_layer_norm torch.batch_norm_elemt
    torch.batch_norm_stats torch.batch_norm_gather_stats torch.batch_norm_gather_stats_with_counts torch.batch_norm_update_stats
    torch.batch_norm_backward_elemt torch.batch_norm_backward_reduce`),
  group('not supported yet', 'tensor', 'nn base classes without a rule', `
    Container RNNBase RNNCellBase`),
];

const byName = new Map<string, NameGroup>();
for (const g of UNSUPPORTED) {
  for (const n of g.names) {
    if (byName.has(n)) throw new Error(`ShapeLens: ${n} is listed twice among the unsupported names`);
    byName.set(n, g);
  }
}

/** The group of a public PyTorch name ShapeLens has no op rule for, by any spelling the registry would use. */
export function unsupportedGroup(spelling: string): NameGroup | undefined {
  return byName.get(spelling);
}
