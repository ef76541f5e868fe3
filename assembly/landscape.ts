import { checkLoss, checkPenalty } from "./enums";
import { evaluate_simd, evaluate_scalar } from "./eval";
import { penalty_simd, penalty_scalar } from "./penalty";

// The loss landscape of the notes: L(W + a·W1 + b·W2) at a list of points (a, b),
// the full objective (1/n)Σ L_i + λR, bias unchanged. The point's weights are
// formed in f64 and rounded once to f32, in the order (W + a·W1) + b·W2, so a
// host that forms them the same way and calls evaluate gets the same bits.

/** Wt = f32((W + ak·W1) + bk·W2) over count f32 (W2 = 0: no second term). */
function combine(simd: bool, count: i32, W: usize, W1: usize, W2: usize, Wt: usize, ak: f64, bk: f64): void {
  let i = 0;
  if (simd) {
    const va = f64x2.splat(ak), vb = f64x2.splat(bk);
    for (; i + 4 <= count; i += 4) {
      const p = <usize>i << 2;
      const w = v128.load(W + p), w1 = v128.load(W1 + p);
      let lo = f64x2.add(f64x2.promote_low_f32x4(w), f64x2.mul(va, f64x2.promote_low_f32x4(w1)));
      let hi = f64x2.add(f64x2.promote_low_f32x4(i32x4.shuffle(w, w, 2, 3, 0, 1)),
        f64x2.mul(va, f64x2.promote_low_f32x4(i32x4.shuffle(w1, w1, 2, 3, 0, 1))));
      if (W2) {
        const w2 = v128.load(W2 + p);
        lo = f64x2.add(lo, f64x2.mul(vb, f64x2.promote_low_f32x4(w2)));
        hi = f64x2.add(hi, f64x2.mul(vb, f64x2.promote_low_f32x4(i32x4.shuffle(w2, w2, 2, 3, 0, 1))));
      }
      const l = f32x4.demote_f64x2_zero(lo), h = f32x4.demote_f64x2_zero(hi);
      v128.store(Wt + p, i32x4.shuffle(l, h, 0, 1, 4, 5));
    }
  }
  for (; i < count; i++) {
    const p = <usize>i << 2;
    let v = <f64>load<f32>(W + p) + ak * <f64>load<f32>(W1 + p);
    if (W2) v += bk * <f64>load<f32>(W2 + p);
    store<f32>(Wt + p, <f32>v);
  }
}

function landscape(simd: bool, n: i32, Dp: i32, C: i32, points: i32,
  X: usize, idx: usize, y: usize, W: usize, b: usize, W1: usize, W2: usize, A: usize, B: usize,
  out: usize, Wt: usize, S: usize, loss: i32, penalty: i32, delta: f32, lambda: f64, beta: f64): void {
  checkLoss(loss);
  checkPenalty(penalty);
  const size = C * Dp;
  for (let k = 0; k < points; k++) {
    const ak = load<f64>(A + (<usize>k << 3));
    const bk: f64 = B ? load<f64>(B + (<usize>k << 3)) : 0;
    combine(simd, size, W, W1, W2, Wt, ak, bk);
    const data = simd
      ? evaluate_simd(n, Dp, C, X, idx, y, 0, Wt, b, 0, 0, S, loss, delta)
      : evaluate_scalar(n, Dp, C, X, idx, y, 0, Wt, b, 0, 0, S, loss, delta);
    const reg = simd ? penalty_simd(size, Wt, 0, penalty, lambda, beta) : penalty_scalar(size, Wt, 0, penalty, lambda, beta);
    store<f64>(out + (<usize>k << 3), data / <f64>n + reg);
  }
}

/**
 * out[k] = (1/n)Σ L_i + λR(Wt), Wt = (W + A[k]·W1) + B[k]·W2, for k < points
 * (A, B, out f64; B = 0 and W2 = 0 for a 1-D slice, then Wt = W + A[k]·W1). W, W1,
 * W2, Wt are C×Dp f32 with zero pad columns; b (C) is used as is. Wt (C×Dp) and S
 * (scratch_floats(C) f32) are scratch. Rows and preconditions as evaluate_simd; n ≥ 1, y ≠ 0.
 */
export function landscape_simd(n: i32, Dp: i32, C: i32, points: i32,
  X: usize, idx: usize, y: usize, W: usize, b: usize, W1: usize, W2: usize, A: usize, B: usize,
  out: usize, Wt: usize, S: usize, loss: i32, penalty: i32, delta: f32, lambda: f64, beta: f64): void {
  assert(Dp % 4 == 0, "landscape_simd: Dp must be a multiple of 4");
  landscape(true, n, Dp, C, points, X, idx, y, W, b, W1, W2, A, B, out, Wt, S, loss, penalty, delta, lambda, beta);
}

/** Scalar twin of landscape_simd (the same Wt bits; scores and sums as the scalar twins). */
export function landscape_scalar(n: i32, Dp: i32, C: i32, points: i32,
  X: usize, idx: usize, y: usize, W: usize, b: usize, W1: usize, W2: usize, A: usize, B: usize,
  out: usize, Wt: usize, S: usize, loss: i32, penalty: i32, delta: f32, lambda: f64, beta: f64): void {
  landscape(false, n, Dp, C, points, X, idx, y, W, b, W1, W2, A, B, out, Wt, S, loss, penalty, delta, lambda, beta);
}
