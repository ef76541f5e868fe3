// The exports of the shipped modules (the release and threads builds): the
// kernels the host calls and the layout it reads, and nothing else. The host's
// side: src/runtime/kernels.ts (interface Kernels, KERNEL_EXPORTS), checked
// against the built modules by tests/kernels.test.ts. Names and argument order
// follow the convention written at the top of assembly/index.ts, which adds the
// debug build's scalar twins and per-piece kernels.

// ---- kernels ----------------------------------------------------------------

export { first_nonfinite_simd } from "./memory";
export { scores_nt_simd } from "./tile";
export { softmax_probs_simd } from "./softmax";
export { penalty_simd } from "./penalty";
export { step_simd, step_block_simd, weight_sum, add_simd, add_scalar } from "./step";
export { evaluate_simd, evaluate_block_simd } from "./eval";
export { landscape_simd } from "./landscape";
export { objective_f64_scalar } from "./objective";
export { randn_fill } from "./random";
export { sgd_simd, momentum_simd, nesterov_simd, adagrad_simd, rmsprop_simd, adam_simd } from "./optim";

// ---- layout: how a step's rows split into blocks, and its scratch -------------

export { BLOCK_ROWS, MAX_BLOCKS, step_blocks, block_start, scratch_floats } from "./step";

// ---- runtime helpers: the host's buffers in linear memory ---------------------

export { alloc, free, memory_bytes } from "./memory";
