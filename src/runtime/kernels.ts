// The kernel contract (provisional).
export const LOSS = { svm: 0, softmax: 1 } as const;
export const PENALTY = { none: 0, l2: 1, l1: 2, elasticnet: 3 } as const;
export type LossName = keyof typeof LOSS;
export type PenaltyName = keyof typeof PENALTY;

/** The module's exports; names match assembly/index.ts one to one. */
export interface Kernels {
  memory: WebAssembly.Memory;
  STEP_ROWS: WebAssembly.Global;
  alloc(bytes: number): number;
  free(ptr: number): void;
  memory_bytes(): number;
  scratch_floats(C: number): number;
  forward_tiled_simd(m: number, Dp: number, C: number, X: number, idx: number, W: number, b: number, S: number, P: number): void;
  backward_tiled_simd(m: number, Dp: number, C: number, X: number, idx: number, G: number, dW: number, db: number): void;
  first_nonfinite_simd(count: number, ptr: number): number;
  first_nonfinite_scalar(count: number, ptr: number): number;
  scores_nt_scalar(n: number, Dp: number, C: number, X: number, idx: number, W: number, b: number, S: number): void;
  grad_tn_scalar(n: number, Dp: number, C: number, X: number, idx: number, G: number, dW: number, db: number): void;
  softmax_rows_simd(n: number, C: number, idx: number, y: number, S: number, scale: number): number;
  softmax_rows_scalar(n: number, C: number, idx: number, y: number, S: number, scale: number): number;
  softmax_probs_simd(n: number, C: number, S: number): void;
  softmax_probs_scalar(n: number, C: number, S: number): void;
  svm_rows_simd(n: number, C: number, idx: number, y: number, S: number, delta: number, scale: number): number;
  svm_rows_scalar(n: number, C: number, idx: number, y: number, S: number, delta: number, scale: number): number;
  penalty_simd(kind: number, count: number, W: number, dW: number, lambda: number, beta: number): number;
  penalty_scalar(kind: number, count: number, W: number, dW: number, lambda: number, beta: number): number;
  step_simd(loss: number, penalty: number, n: number, Dp: number, C: number, X: number, idx: number, y: number,
    W: number, b: number, S: number, dW: number, db: number, G: number, delta: number, lambda: number, beta: number): number;
  step_scalar(loss: number, penalty: number, n: number, Dp: number, C: number, X: number, idx: number, y: number,
    W: number, b: number, S: number, dW: number, db: number, G: number, delta: number, lambda: number, beta: number): number;
  step_blocks(n: number): number;
  block_start(k: number, K: number, n: number): number;
  step_block_simd(loss: number, r0: number, r1: number, n: number, Dp: number, C: number, X: number, idx: number, y: number,
    W: number, b: number, S: number, dW: number, db: number, delta: number): number;
  add_simd(count: number, src: number, dst: number): void;
  add_scalar(count: number, src: number, dst: number): void;
  evaluate_block_simd(loss: number, r0: number, r1: number, Dp: number, C: number, X: number, idx: number, y: number,
    W: number, b: number, S: number, pred: number, correct: number, delta: number): number;
  evaluate_simd(loss: number, n: number, Dp: number, C: number, X: number, idx: number, y: number,
    W: number, b: number, S: number, pred: number, correct: number, delta: number): number;
  evaluate_scalar(loss: number, n: number, Dp: number, C: number, X: number, idx: number, y: number,
    W: number, b: number, S: number, pred: number, correct: number, delta: number): number;
  randn_fill(count: number, bits: number, out: number, scale: number): void;
  landscape_simd(loss: number, penalty: number, n: number, Dp: number, C: number, count: number,
    X: number, idx: number, y: number, W: number, b: number, W1: number, W2: number, A: number, B: number,
    Wt: number, S: number, out: number, delta: number, lambda: number, beta: number): void;
  landscape_scalar(loss: number, penalty: number, n: number, Dp: number, C: number, count: number,
    X: number, idx: number, y: number, W: number, b: number, W1: number, W2: number, A: number, B: number,
    Wt: number, S: number, out: number, delta: number, lambda: number, beta: number): void;
  objective_f64_scalar(loss: number, penalty: number, n: number, Dp: number, C: number, X: number, idx: number, y: number,
    W: number, b: number, S: number, reg: number, delta: number, lambda: number, beta: number): number;
  sgd_simd(count: number, x: number, g: number, lr: number): void;
  sgd_scalar(count: number, x: number, g: number, lr: number): void;
  momentum_simd(count: number, x: number, g: number, v: number, lr: number, mu: number): void;
  momentum_scalar(count: number, x: number, g: number, v: number, lr: number, mu: number): void;
  nesterov_simd(count: number, x: number, g: number, v: number, lr: number, mu: number): void;
  nesterov_scalar(count: number, x: number, g: number, v: number, lr: number, mu: number): void;
  adagrad_simd(count: number, x: number, g: number, cache: number, lr: number, eps: number): void;
  adagrad_scalar(count: number, x: number, g: number, cache: number, lr: number, eps: number): void;
  rmsprop_simd(count: number, x: number, g: number, cache: number, lr: number, rho: number, eps: number): void;
  rmsprop_scalar(count: number, x: number, g: number, cache: number, lr: number, rho: number, eps: number): void;
  adam_simd(count: number, x: number, g: number, m: number, v: number, lr: number, beta1: number, beta2: number, eps: number, t: number): void;
  adam_scalar(count: number, x: number, g: number, m: number, v: number, lr: number, beta1: number, beta2: number, eps: number, t: number): void;
  axpy_simd(count: number, x: number, y: number, a: number): void;
  axpy_scalar(count: number, x: number, y: number, a: number): void;
}


/** The most blocks a step is split into (assembly/step.ts MAX_BLOCKS). */
export function maxBlocksOf(k: Kernels): number {
  return k.step_blocks(2 ** 30);
}
