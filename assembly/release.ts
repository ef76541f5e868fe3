// The exports of the shipped modules (release and threads builds): the kernels
// the host calls, and nothing else. assembly/index.ts adds the scalar twins
// and the pieces the tests call one by one (the debug build and the specs).
export { alloc, free, memory_bytes, first_nonfinite_simd } from "./memory";
export { softmax_probs_simd } from "./softmax";
export { penalty_simd } from "./penalty";
export { scores_nt_simd } from "./tile";
export { step_simd, scratch_floats, step_blocks, block_start, step_block_simd, add_simd, add_scalar } from "./step";
export { evaluate_simd, evaluate_block_simd } from "./eval";
export { randn_fill } from "./random";
export { landscape_simd } from "./landscape";
export { objective_f64_scalar } from "./objective";
export { sgd_simd, momentum_simd, nesterov_simd, adagrad_simd, rmsprop_simd, adam_simd } from "./optim";
