import { LOSS_SOFTMAX, LOSS_SVM, LOSS_OVA, PENALTY_L1, PENALTY_L2, PENALTY_ELASTICNET, checkLoss, checkPenalty } from "./enums";
import { rowAt } from "./gemm";

// The full objective in f64 throughout, for numerical gradients: a centered
// difference with h = 1e-5 divides rounding noise by 2h, so f32 scores (noise
// ~1e-7 of the loss) would leave only two good digits; f64 leaves about ten.

/**
 * Returns (1/n)Σ L_i over n rows (idx into X, labels y[idx[i]]) for W (C×Dp f64,
 * row-major) and b (C f64), and writes λR(W) to *reg (f64): the data and penalty
 * parts apart, so a difference of two calls can subtract each part exactly.
 * X is f32 N×Dp; S is C f64 scratch. loss: LOSS_*, penalty: PENALTY_* (enums.ts); an
 * unknown value traps, so below a loss other than softmax, the SVM and one-vs-all
 * is the structured SVM. The hinges' terms as in svm.ts, ova.ts and structured.ts.
 */
export function objective_f64_scalar(n: i32, Dp: i32, C: i32, X: usize, idx: usize, y: usize,
  W: usize, b: usize, reg: usize, S: usize, loss: i32, penalty: i32, delta: f64, lambda: f64, beta: f64): f64 {
  checkLoss(loss);
  checkPenalty(penalty);
  const rowBytes = <usize>Dp << 2;
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const x = rowAt(X, idx, i, rowBytes);
    const label = load<i32>(y + (<usize>load<i32>(idx + (<usize>i << 2)) << 2));
    let m: f64 = -Infinity;
    for (let c = 0; c < C; c++) {
      const wc = W + (<usize>(c * Dp) << 3);
      let s = load<f64>(b + (<usize>c << 3));
      for (let d = 0; d < Dp; d++) s += <f64>load<f32>(x + (<usize>d << 2)) * load<f64>(wc + (<usize>d << 3));
      store<f64>(S + (<usize>c << 3), s);
      m = max(m, s);
    }
    const sy = load<f64>(S + (<usize>label << 3));
    if (loss == LOSS_SOFTMAX) {
      let z: f64 = 0;
      for (let c = 0; c < C; c++) z += Math.exp(load<f64>(S + (<usize>c << 3)) - m);
      total += Math.log(z) - (sy - m);
    } else if (loss == LOSS_SVM) {
      for (let c = 0; c < C; c++) {
        if (c == label) continue;
        const margin = load<f64>(S + (<usize>c << 3)) - sy + delta;
        if (margin > 0) total += margin;
      }
    } else if (loss == LOSS_OVA) {
      for (let c = 0; c < C; c++) {
        const s = load<f64>(S + (<usize>c << 3));
        const margin = c == label ? delta - s : s + delta;
        if (margin > 0) total += margin;
      }
    } else {
      let top: f64 = -Infinity;
      for (let c = 0; c < C; c++) if (c != label) top = max(top, load<f64>(S + (<usize>c << 3)));
      const margin = top - sy + delta;
      if (margin > 0) total += margin;
    }
  }
  const sq: f64 = penalty == PENALTY_L2 ? 1 : penalty == PENALTY_ELASTICNET ? beta : 0;
  const ab: f64 = penalty == PENALTY_L1 || penalty == PENALTY_ELASTICNET ? 1 : 0;
  let r: f64 = 0;
  if (sq != 0 || ab != 0) {
    for (let k = 0; k < C * Dp; k++) {
      const w = load<f64>(W + (<usize>k << 3));
      r += sq * w * w + ab * Math.abs(w);
    }
  }
  store<f64>(reg, lambda * r);
  return total / <f64>n;
}
