// The module's exports, and nothing else. Every export is a kernel of the host's
// kernel interface (src/wasm.ts), named <op>[_<form>]_<isa>.
export { alloc, free, memory_bytes, first_nonfinite_simd, first_nonfinite_scalar } from "./memory";
export { scores_nt_scalar, grad_tn_scalar } from "./gemm";
export { softmax_rows_simd, softmax_rows_scalar, softmax_probs_simd, softmax_probs_scalar } from "./softmax";
export { svm_rows_simd, svm_rows_scalar } from "./svm";
export { penalty_simd, penalty_scalar } from "./penalty";
export {
  step_simd, step_scalar, scratch_floats, BLOCK_ROWS, MAX_BLOCKS, step_blocks, block_start, step_block_simd, step_block_scalar, add_simd, add_scalar,
} from "./step";
export { scores_nt_simd, grad_tn_simd } from "./tile";
export { evaluate_simd, evaluate_scalar, evaluate_block_simd, evaluate_block_scalar } from "./eval";
export { randn_fill } from "./random";
export { landscape_simd, landscape_scalar } from "./landscape";
export { objective_f64_scalar } from "./objective";
export {
  sgd_simd, sgd_scalar, momentum_simd, momentum_scalar, nesterov_simd, nesterov_scalar,
  adagrad_simd, adagrad_scalar, rmsprop_simd, rmsprop_scalar, adam_simd, adam_scalar,
} from "./optim";
