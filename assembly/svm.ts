// Multiclass SVM (Weston–Watkins) over rows of a score block S (n×C, row stride C):
//   L_i = Σ_{j≠y} max(0, s_j − s_y + Δ);
// a margin counts only when > 0 (exactly 0 adds neither loss nor gradient):
//   ∂L_i/∂s_j = [m_j > 0] for j ≠ y, ∂L_i/∂s_y = −#{j ≠ y : m_j > 0}.

/**
 * Returns Σ_i w_i·L_i over n rows of S and overwrites S with scale·w_i·∂L_i/∂S.
 * Row i's label is y[idx[i]], its weight w[idx[i]] (f32; w = 0: every weight 1).
 * Precondition: labels in [0, C), delta > 0.
 */
export function svm_rows_simd(n: i32, C: i32, idx: usize, y: usize, w: usize, S: usize, delta: f32, scale: f32): f64 {
  let total: f64 = 0;
  const vdelta = f32x4.splat(delta), zero = f32x4.splat(0);
  for (let i = 0; i < n; i++) {
    const row = S + (<usize>(i * C) << 2);
    const r = <usize>load<i32>(idx + (<usize>i << 2)) << 2;
    const label = load<i32>(y + r);
    const k: f32 = w ? scale * load<f32>(w + r) : scale;
    const vscale = f32x4.splat(k);
    const sy = load<f32>(row + (<usize>label << 2));
    const vsy = f32x4.splat(sy), vlabel = i32x4.splat(label);
    let lanes = i32x4(0, 1, 2, 3);
    let vloss = f32x4.splat(0), vcount = i32x4.splat(0);
    let j = 0;
    for (; j + 4 <= C; j += 4) {
      const p = row + (<usize>j << 2);
      const margin = f32x4.add(f32x4.sub(v128.load(p), vsy), vdelta);
      const on = v128.and(f32x4.gt(margin, zero), i32x4.ne(lanes, vlabel));
      vloss = f32x4.add(vloss, v128.and(margin, on));
      vcount = i32x4.sub(vcount, on); // a true lane is −1
      v128.store(p, v128.and(on, vscale));
      lanes = i32x4.add(lanes, i32x4.splat(4));
    }
    let rowLoss: f32 = (f32x4.extract_lane(vloss, 0) + f32x4.extract_lane(vloss, 1)) +
      (f32x4.extract_lane(vloss, 2) + f32x4.extract_lane(vloss, 3));
    let count = (i32x4.extract_lane(vcount, 0) + i32x4.extract_lane(vcount, 1)) +
      (i32x4.extract_lane(vcount, 2) + i32x4.extract_lane(vcount, 3));
    for (; j < C; j++) {
      const p = row + (<usize>j << 2);
      const margin = (load<f32>(p) - sy) + delta;
      if (j != label && margin > 0) {
        rowLoss += margin;
        count++;
        store<f32>(p, k);
      } else {
        store<f32>(p, 0);
      }
    }
    store<f32>(row + (<usize>label << 2), -<f32>count * k);
    total += w ? <f64>load<f32>(w + r) * <f64>rowLoss : <f64>rowLoss;
  }
  return total;
}

/** Scalar twin of svm_rows_simd: margins summed in j order. */
export function svm_rows_scalar(n: i32, C: i32, idx: usize, y: usize, w: usize, S: usize, delta: f32, scale: f32): f64 {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const row = S + (<usize>(i * C) << 2);
    const r = <usize>load<i32>(idx + (<usize>i << 2)) << 2;
    const label = load<i32>(y + r);
    const k: f32 = w ? scale * load<f32>(w + r) : scale;
    const sy = load<f32>(row + (<usize>label << 2));
    let rowLoss: f32 = 0;
    let count = 0;
    for (let j = 0; j < C; j++) {
      const p = row + (<usize>j << 2);
      const margin = (load<f32>(p) - sy) + delta;
      if (j != label && margin > 0) {
        rowLoss += margin;
        count++;
        store<f32>(p, k);
      } else {
        store<f32>(p, 0);
      }
    }
    store<f32>(row + (<usize>label << 2), -<f32>count * k);
    total += w ? <f64>load<f32>(w + r) * <f64>rowLoss : <f64>rowLoss;
  }
  return total;
}
