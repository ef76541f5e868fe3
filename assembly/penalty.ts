import { PENALTY_NONE, PENALTY_L1, PENALTY_L2, PENALTY_ELASTICNET } from "./enums";

// Regularization over the count weights at W (the bias is never passed in):
//   l2: λΣw²   ∂ = 2λw        l1: λΣ|w|   ∂ = λ·sign(w), sign(0) = 0
//   elasticnet: λΣ(βw² + |w|)   ∂ = 2λβw + λ·sign(w)
// Sums run in f64; the gradient is f32 with the same operation order in both
// twins, so the two write identical dW.

@inline function signf(w: f32): f32 {
  return w > 0 ? 1 : w < 0 ? -1 : 0;
}

/**
 * Returns λR(W) and, when dW ≠ 0, adds ∂λR/∂W into dW (count f32 each).
 * kind: PENALTY_* of enums.ts; PENALTY_NONE returns 0 and leaves dW alone, an
 * unknown kind traps.
 */
export function penalty_simd(count: i32, W: usize, dW: usize, kind: i32, lambda: f64, beta: f64): f64 {
  if (kind == PENALTY_NONE) return 0;
  if (kind != PENALTY_L2 && kind != PENALTY_L1 && kind != PENALTY_ELASTICNET) unreachable();
  const sq: f64 = kind == PENALTY_L2 ? 1 : kind == PENALTY_ELASTICNET ? beta : 0;
  const ab: f64 = kind == PENALTY_L2 ? 0 : 1;
  const a = f32x4.splat(<f32>(2 * lambda * sq)), s = f32x4.splat(<f32>(lambda * ab));
  const one = f32x4.splat(1), zero = f32x4.splat(0);
  let sumSq = f64x2.splat(0), sumAbs = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const p = <usize>i << 2;
    const w = v128.load(W + p);
    const lo = f64x2.promote_low_f32x4(w);
    const hi = f64x2.promote_low_f32x4(i32x4.shuffle(w, w, 2, 3, 0, 1));
    sumSq = f64x2.add(sumSq, f64x2.add(f64x2.mul(lo, lo), f64x2.mul(hi, hi)));
    sumAbs = f64x2.add(sumAbs, f64x2.add(f64x2.abs(lo), f64x2.abs(hi)));
    if (dW) {
      const sign = f32x4.sub(v128.and(f32x4.gt(w, zero), one), v128.and(f32x4.lt(w, zero), one));
      v128.store(dW + p, f32x4.add(v128.load(dW + p), f32x4.add(f32x4.mul(a, w), f32x4.mul(s, sign))));
    }
  }
  let tSq = f64x2.extract_lane(sumSq, 0) + f64x2.extract_lane(sumSq, 1);
  let tAbs = f64x2.extract_lane(sumAbs, 0) + f64x2.extract_lane(sumAbs, 1);
  const as = <f32>(2 * lambda * sq), ss = <f32>(lambda * ab);
  for (; i < count; i++) {
    const p = <usize>i << 2;
    const w = load<f32>(W + p);
    tSq += <f64>w * <f64>w;
    tAbs += Math.abs(<f64>w);
    if (dW) store<f32>(dW + p, load<f32>(dW + p) + (as * w + ss * signf(w)));
  }
  return lambda * (sq * tSq + ab * tAbs);
}

/** Scalar twin of penalty_simd. */
export function penalty_scalar(count: i32, W: usize, dW: usize, kind: i32, lambda: f64, beta: f64): f64 {
  if (kind == PENALTY_NONE) return 0;
  if (kind != PENALTY_L2 && kind != PENALTY_L1 && kind != PENALTY_ELASTICNET) unreachable();
  const sq: f64 = kind == PENALTY_L2 ? 1 : kind == PENALTY_ELASTICNET ? beta : 0;
  const ab: f64 = kind == PENALTY_L2 ? 0 : 1;
  const as = <f32>(2 * lambda * sq), ss = <f32>(lambda * ab);
  let tSq: f64 = 0, tAbs: f64 = 0;
  for (let i = 0; i < count; i++) {
    const p = <usize>i << 2;
    const w = load<f32>(W + p);
    tSq += <f64>w * <f64>w;
    tAbs += Math.abs(<f64>w);
    if (dW) store<f32>(dW + p, load<f32>(dW + p) + (as * w + ss * signf(w)));
  }
  return lambda * (sq * tSq + ab * tAbs);
}
