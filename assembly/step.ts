import { LOSS_SVM, LOSS_SOFTMAX, LOSS_OVA, LOSS_STRUCTURED, checkLoss, checkPenalty } from "./enums";
import { scores_nt_scalar, grad_tn_scalar } from "./gemm";
import { softmax_rows_simd, softmax_rows_scalar } from "./softmax";
import { svm_rows_simd, svm_rows_scalar } from "./svm";
import { ova_rows_simd, ova_rows_scalar } from "./ova";
import { structured_rows_simd, structured_rows_scalar } from "./structured";
import { penalty_simd, penalty_scalar } from "./penalty";
import { scores_nt_simd, grad_tn_simd } from "./tile";

/**
 * Rows the fused step and evaluation take at a time while their X rows stay in
 * cache (a parallel block of up to BLOCK_ROWS rows is worked through in these).
 */
export const STEP_ROWS: i32 = 16;

/**
 * f32 scratch the fused step and evaluation need for C classes: the score block
 * S (STEP_ROWS×C) followed by scores_nt_simd's lane sums P (STEP_ROWS×C f32x4),
 * which grad_tn_simd reuses for its STEP_ROWS row addresses.
 */
export function scratch_floats(C: i32): i32 {
  return STEP_ROWS * C * 5 + 4;
}

/** The lane-sum scratch P of scores_nt_simd within S: after the STEP_ROWS×C scores, 16-byte aligned. */
@inline export function laneSums(S: usize, C: i32): usize {
  return (S + (<usize>(STEP_ROWS * C) << 2) + 15) & ~(<usize>15);
}

/** Loss rows of any kind (LOSS_*) over a score block; returns Σ w_i·L_i, S becomes scale·w_i·dS (w = 0: weights 1). Traps on an unknown loss. */
export function lossRows(simd: bool, n: i32, C: i32, idx: usize, y: usize, w: usize, S: usize, loss: i32, delta: f32, scale: f32): f64 {
  if (loss == LOSS_SOFTMAX) {
    return simd ? softmax_rows_simd(n, C, idx, y, w, S, scale) : softmax_rows_scalar(n, C, idx, y, w, S, scale);
  }
  if (loss == LOSS_SVM) {
    return simd ? svm_rows_simd(n, C, idx, y, w, S, delta, scale) : svm_rows_scalar(n, C, idx, y, w, S, delta, scale);
  }
  if (loss == LOSS_OVA) {
    return simd ? ova_rows_simd(n, C, idx, y, w, S, delta, scale) : ova_rows_scalar(n, C, idx, y, w, S, delta, scale);
  }
  if (loss == LOSS_STRUCTURED) {
    return simd ? structured_rows_simd(n, C, idx, y, w, S, delta, scale) : structured_rows_scalar(n, C, idx, y, w, S, delta, scale);
  }
  unreachable();
  return 0;
}

/** Rows per parallel block; a step of n rows is split into step_blocks(n) blocks. */
export const BLOCK_ROWS: i32 = 64;
/** The most blocks a step is split into (at least the most threads that share one). */
export const MAX_BLOCKS: i32 = 8;

/**
 * Blocks of a step of n rows: min(MAX_BLOCKS, ⌈n / BLOCK_ROWS⌉), chosen from n
 * alone so that the partial sums, and so the bits, do not depend on the number
 * of threads that compute them.
 */
export function step_blocks(n: i32): i32 {
  return min(MAX_BLOCKS, (n + BLOCK_ROWS - 1) / BLOCK_ROWS);
}

/** First row of block k of K over n rows: ⌊k·n / K⌋. */
export function block_start(k: i32, K: i32, n: i32): i32 {
  return <i32>((<i64>k * <i64>n) / <i64>K);
}

/** What touchRows read, kept so that its loads are not optimized away. */
let touched: i32 = 0;

/**
 * Reads one word of every 4 KB page of the n rows listed at idx (and each row's
 * last word). A batch's rows lie at random in the dataset; the product reads a
 * row front to back, so each of its pages would cost an address translation and
 * a memory latency in turn. Touched together, before a chunk's products start,
 * those misses overlap each other (measured on a Zen 5 core: batch-256 steps
 * 5–10% faster). Changes no result.
 */
export function touchRows(n: i32, X: usize, idx: usize, rowBytes: usize): void {
  let sink: i32 = 0;
  for (let i = 0; i < n; i++) {
    const x = X + <usize>load<i32>(idx + (<usize>i << 2)) * rowBytes;
    for (let o: usize = 0; o < rowBytes; o += 4096) sink ^= load<i32>(x + o);
    sink ^= load<i32>(x + rowBytes - 4);
  }
  touched ^= sink;
}

/**
 * Σ_i w[idx[i]] over n rows, added in row order in f64: the normaliser of a
 * weighted step (its loss is Σ w_i·L_i / Σ w_i + λR(W)).
 */
export function weight_sum(n: i32, idx: usize, w: usize): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) s += <f64>load<f32>(w + (<usize>load<i32>(idx + (<usize>i << 2)) << 2));
  return s;
}

function block(simd: bool, r0: i32, r1: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize, w: usize,
  W: usize, b: usize, dW: usize, db: usize, S: usize, loss: i32, delta: f32, norm: f64): f64 {
  memory.fill(dW, 0, <usize>(C * Dp) << 2);
  memory.fill(db, 0, <usize>C << 2);
  const scale = <f32>1 / <f32>norm;
  let total: f64 = 0;
  // Per STEP_ROWS rows the scores, loss and gradient follow each other while
  // those rows of X are still in cache.
  for (let r = r0; r < r1; r += STEP_ROWS) {
    const rows = min(STEP_ROWS, r1 - r);
    const bidx = idx + (<usize>r << 2);
    if (simd) {
      if (r == r0) touchRows(rows, X, bidx, <usize>Dp << 2);
      touchRows(min(STEP_ROWS, r1 - r - rows), X, bidx + (<usize>rows << 2), <usize>Dp << 2);
    }
    if (simd) scores_nt_simd(rows, Dp, C, X, bidx, W, b, S, laneSums(S, C));
    else scores_nt_scalar(rows, Dp, C, X, bidx, W, b, S);
    total += lossRows(simd, rows, C, bidx, y, w, S, loss, delta, scale);
    if (simd) grad_tn_simd(rows, Dp, C, X, bidx, S, dW, db, laneSums(S, C));
    else grad_tn_scalar(rows, Dp, C, X, bidx, S, dW, db);
  }
  return total;
}

/**
 * Rows r0 … r1 − 1 of a batch (idx into X, labels y[idx[i]], weights w[idx[i]]
 * or w = 0): returns their Σ w_i·L_i and overwrites dW (C×Dp) and db (C) with
 * their share of the gradient, (1/norm)·Σ w_i·∂L_i, norm being the batch's row
 * count (no weights) or weight_sum. One block of a step, for a worker thread;
 * S is scratch_floats(C).
 */
export function step_block_simd(r0: i32, r1: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize, w: usize,
  W: usize, b: usize, dW: usize, db: usize, S: usize, loss: i32, delta: f32, norm: f64): f64 {
  checkLoss(loss);
  return block(true, r0, r1, Dp, C, X, idx, y, w, W, b, dW, db, S, loss, delta, norm);
}

/** Scalar twin of step_block_simd. */
export function step_block_scalar(r0: i32, r1: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize, w: usize,
  W: usize, b: usize, dW: usize, db: usize, S: usize, loss: i32, delta: f32, norm: f64): f64 {
  checkLoss(loss);
  return block(false, r0, r1, Dp, C, X, idx, y, w, W, b, dW, db, S, loss, delta, norm);
}

/** dst[i] += src[i] for count f32 (count a multiple of 4, both 16-byte aligned): adds a block's partial gradient. */
export function add_simd(count: i32, src: usize, dst: usize): void {
  for (let i = 0; i < count; i += 4) {
    const p = <usize>i << 2;
    v128.store(dst + p, f32x4.add(v128.load(dst + p), v128.load(src + p)));
  }
}

/** Scalar twin of add_simd (any count). */
export function add_scalar(count: i32, src: usize, dst: usize): void {
  for (let i = 0; i < count; i++) {
    const p = <usize>i << 2;
    store<f32>(dst + p, load<f32>(dst + p) + load<f32>(src + p));
  }
}

function step(simd: bool, n: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize, w: usize, W: usize, b: usize,
  dW: usize, db: usize, S: usize, part: usize, loss: i32, penalty: i32, delta: f32, lambda: f64, beta: f64): f64 {
  checkLoss(loss);
  checkPenalty(penalty);
  const norm: f64 = w ? weight_sum(n, idx, w) : <f64>n;
  // The blocks run one after the other here; the threaded host runs them on
  // several threads and adds them up the same way: block 0 into dW/db, then
  // each further block's partial added in block order.
  const K = step_blocks(n);
  const partDb = part + (<usize>(C * Dp) << 2);
  let total: f64 = 0;
  for (let k = 0; k < K; k++) {
    const r0 = block_start(k, K, n), r1 = block_start(k + 1, K, n);
    if (k == 0) {
      total += block(simd, r0, r1, Dp, C, X, idx, y, w, W, b, dW, db, S, loss, delta, norm);
    } else {
      total += block(simd, r0, r1, Dp, C, X, idx, y, w, W, b, part, partDb, S, loss, delta, norm);
      if (simd) add_simd(C * Dp, part, dW); else add_scalar(C * Dp, part, dW);
      add_scalar(C, partDb, db);
    }
  }
  const reg = simd ? penalty_simd(C * Dp, W, dW, penalty, lambda, beta) : penalty_scalar(C * Dp, W, dW, penalty, lambda, beta);
  return total / norm + reg;
}

/**
 * One fused loss+gradient call for a batch of n rows (idx into X, labels y[idx[i]]):
 * returns (1/n)Σ L_i + λR(W) — with weights w[idx[i]] (f32, w ≠ 0) the weighted
 * mean Σ w_i·L_i / Σ w_i + λR(W) — and overwrites dW (C×Dp) and db (C) with the full
 * gradient. S is scratch_floats(C) f32 of scratch (16-byte aligned), part is C·Dp + C f32
 * of scratch for the partial gradients (dW then db) of blocks after the first (n > BLOCK_ROWS).
 * loss: LOSS_*, penalty: PENALTY_* (enums.ts); an unknown value traps.
 * Preconditions: n ≥ 1, Dp % 4 == 0, labels in [0, C), pad columns of W and X zero.
 */
export function step_simd(n: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize, w: usize, W: usize, b: usize,
  dW: usize, db: usize, S: usize, part: usize, loss: i32, penalty: i32, delta: f32, lambda: f64, beta: f64): f64 {
  return step(true, n, Dp, C, X, idx, y, w, W, b, dW, db, S, part, loss, penalty, delta, lambda, beta);
}

/** Scalar twin of step_simd. */
export function step_scalar(n: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize, w: usize, W: usize, b: usize,
  dW: usize, db: usize, S: usize, part: usize, loss: i32, penalty: i32, delta: f32, lambda: f64, beta: f64): f64 {
  return step(false, n, Dp, C, X, idx, y, w, W, b, dW, db, S, part, loss, penalty, delta, lambda, beta);
}
