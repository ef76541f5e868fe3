import { LOSS_SOFTMAX } from "./enums";
import { scores_nt_scalar, grad_tn_scalar } from "./gemm";
import { softmax_rows_simd, softmax_rows_scalar } from "./softmax";
import { svm_rows_simd, svm_rows_scalar } from "./svm";
import { penalty_simd, penalty_scalar } from "./penalty";
import { forward_tiled_simd, backward_tiled_simd } from "./tile";

/** Rows per block of the fused step and of evaluation. */
export const STEP_ROWS: i32 = 16;

/**
 * f32 scratch the fused step and evaluation need for C classes: the score block
 * S (STEP_ROWS×C) followed by the tiled forward's partial sums (STEP_ROWS×C f32x4).
 */
export function scratch_floats(C: i32): i32 {
  return STEP_ROWS * C * 5 + 4;
}

/** The partial-sum scratch within S: after the STEP_ROWS×C scores, 16-byte aligned. */
@inline export function partials(S: usize, C: i32): usize {
  return (S + (<usize>(STEP_ROWS * C) << 2) + 15) & ~(<usize>15);
}

/** Loss rows of either kind over a score block; returns Σ L_i, S becomes scale·dS. */
export function lossRows(simd: bool, loss: i32, n: i32, C: i32, idx: usize, y: usize, S: usize, delta: f32, scale: f32): f64 {
  if (loss == LOSS_SOFTMAX) {
    return simd ? softmax_rows_simd(n, C, idx, y, S, scale) : softmax_rows_scalar(n, C, idx, y, S, scale);
  }
  return simd ? svm_rows_simd(n, C, idx, y, S, delta, scale) : svm_rows_scalar(n, C, idx, y, S, delta, scale);
}

function step(simd: bool, loss: i32, penalty: i32, n: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize,
  W: usize, b: usize, S: usize, dW: usize, db: usize, delta: f32, lambda: f64, beta: f64): f64 {
  memory.fill(dW, 0, <usize>(C * Dp) << 2);
  memory.fill(db, 0, <usize>C << 2);
  const scale = <f32>1 / <f32>n;
  let total: f64 = 0;
  // Per block the rows' scores, loss and gradient follow each other while the
  // block's rows of X are still in cache.
  for (let r = 0; r < n; r += STEP_ROWS) {
    const m = min(STEP_ROWS, n - r);
    const bidx = idx + (<usize>r << 2);
    if (simd) forward_tiled_simd(m, Dp, C, X, bidx, W, b, S, partials(S, C));
    else scores_nt_scalar(m, Dp, C, X, bidx, W, b, S);
    total += lossRows(simd, loss, m, C, bidx, y, S, delta, scale);
    if (simd) backward_tiled_simd(m, Dp, C, X, bidx, S, dW, db);
    else grad_tn_scalar(m, Dp, C, X, bidx, S, dW, db);
  }
  const reg = simd ? penalty_simd(penalty, C * Dp, W, dW, lambda, beta) : penalty_scalar(penalty, C * Dp, W, dW, lambda, beta);
  return total / <f64>n + reg;
}

/**
 * One fused loss+gradient call for a batch of n rows (idx into X, labels y[idx[i]]):
 * returns (1/n)Σ L_i + λR(W); overwrites dW (C×Dp) and db (C) with the full
 * gradient. S is scratch_floats(C) f32 of scratch (16-byte aligned). loss: LOSS_*, penalty: PENALTY_* (enums.ts).
 * Preconditions: n ≥ 1, Dp % 4 == 0, labels in [0, C), pad columns of W and X zero.
 */
export function step_simd(loss: i32, penalty: i32, n: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize,
  W: usize, b: usize, S: usize, dW: usize, db: usize, delta: f32, lambda: f64, beta: f64): f64 {
  return step(true, loss, penalty, n, Dp, C, X, idx, y, W, b, S, dW, db, delta, lambda, beta);
}

/** Scalar twin of step_simd. */
export function step_scalar(loss: i32, penalty: i32, n: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize,
  W: usize, b: usize, S: usize, dW: usize, db: usize, delta: f32, lambda: f64, beta: f64): f64 {
  return step(false, loss, penalty, n, Dp, C, X, idx, y, W, b, S, dW, db, delta, lambda, beta);
}
