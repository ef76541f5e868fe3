import { checkLoss } from "./enums";
import { scores_nt_scalar } from "./gemm";
import { scores_nt_simd } from "./tile";
import { lossRows, laneSums, touchRows, STEP_ROWS, step_blocks, block_start } from "./step";

function evaluate(simd: bool, n: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize, w: usize,
  W: usize, b: usize, pred: usize, correct: usize, S: usize, loss: i32, delta: f32): f64 {
  checkLoss(loss);
  // Blocks as in the fused step, summed in block order: the same bits whether
  // one thread runs them all or several share them.
  const K = step_blocks(n);
  let total: f64 = 0;
  let hits = 0;
  for (let k = 0; k < K; k++) {
    const r0 = block_start(k, K, n), r1 = block_start(k + 1, K, n);
    total += evaluateRows(simd, r0, r1, Dp, C, X, idx, y, w, W, b, pred, correct, S, loss, delta);
    if (correct) hits += load<i32>(correct);
  }
  if (correct) store<i32>(correct, hits);
  return total;
}

/**
 * Rows r0 … r1 − 1 of an evaluation (one block, for a worker thread): writes
 * pred[r] for those rows (when pred ≠ 0), their number of correct predictions
 * to *correct (when y ≠ 0 and correct ≠ 0), and returns their Σ w_i·L_i (weights
 * w[idx[i]], or 1 when w = 0; 0 without y), or NaN when a score is not finite.
 */
export function evaluate_block_simd(r0: i32, r1: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize, w: usize,
  W: usize, b: usize, pred: usize, correct: usize, S: usize, loss: i32, delta: f32): f64 {
  checkLoss(loss);
  return evaluateRows(true, r0, r1, Dp, C, X, idx, y, w, W, b, pred, correct, S, loss, delta);
}

/** Scalar twin of evaluate_block_simd. */
export function evaluate_block_scalar(r0: i32, r1: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize, w: usize,
  W: usize, b: usize, pred: usize, correct: usize, S: usize, loss: i32, delta: f32): f64 {
  checkLoss(loss);
  return evaluateRows(false, r0, r1, Dp, C, X, idx, y, w, W, b, pred, correct, S, loss, delta);
}

function evaluateRows(simd: bool, r0: i32, r1: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize, w: usize,
  W: usize, b: usize, pred: usize, correct: usize, S: usize, loss: i32, delta: f32): f64 {
  let total: f64 = 0;
  let hits = 0;
  // s − s is 0 for every finite score and NaN for ±Inf or NaN: summed, it makes
  // the total NaN when a score overflowed float32 and adds exactly 0 otherwise
  let inf: f32 = 0;
  for (let r = r0; r < r1; r += STEP_ROWS) {
    const rows = min(STEP_ROWS, r1 - r);
    const bidx = idx + (<usize>r << 2);
    if (simd) {
      if (r == r0) touchRows(rows, X, bidx, <usize>Dp << 2);
      touchRows(min(STEP_ROWS, r1 - r - rows), X, bidx + (<usize>rows << 2), <usize>Dp << 2);
    }
    if (simd) scores_nt_simd(rows, Dp, C, X, bidx, W, b, S, laneSums(S, C));
    else scores_nt_scalar(rows, Dp, C, X, bidx, W, b, S);
    for (let i = 0; i < rows; i++) {
      const row = S + (<usize>(i * C) << 2);
      let best = 0;
      let top = load<f32>(row);
      inf += top - top;
      for (let c = 1; c < C; c++) {
        const s = load<f32>(row + (<usize>c << 2));
        inf += s - s;
        if (s > top) { top = s; best = c; } // ties keep the first class, as argmax does
      }
      if (pred) store<i32>(pred + (<usize>(r + i) << 2), best);
      if (y) {
        const label = load<i32>(y + (<usize>load<i32>(bidx + (<usize>i << 2)) << 2));
        if (best == label) hits++;
      }
    }
    if (y) total += lossRows(simd, rows, C, bidx, y, w, S, loss, delta, 1);
  }
  if (correct) store<i32>(correct, hits);
  return total + <f64>inf;
}

/**
 * Evaluation of n rows (idx into X) in one call: writes the argmax class of each
 * row to pred[i] (when pred ≠ 0); when y ≠ 0 also writes the number of rows with
 * pred == y[idx[i]] to *correct and returns Σ w_i·L_i (data loss, no penalty;
 * weights w[idx[i]], or 1 when w = 0), else 0; NaN when a score W·x + b is not
 * finite (it overflowed float32), with labels or without.
 * S is scratch_floats(C) f32 of scratch. Preconditions as step_simd.
 */
export function evaluate_simd(n: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize, w: usize,
  W: usize, b: usize, pred: usize, correct: usize, S: usize, loss: i32, delta: f32): f64 {
  return evaluate(true, n, Dp, C, X, idx, y, w, W, b, pred, correct, S, loss, delta);
}

/** Scalar twin of evaluate_simd. */
export function evaluate_scalar(n: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize, w: usize,
  W: usize, b: usize, pred: usize, correct: usize, S: usize, loss: i32, delta: f32): f64 {
  return evaluate(false, n, Dp, C, X, idx, y, w, W, b, pred, correct, S, loss, delta);
}
