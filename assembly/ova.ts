// One-vs-all hinge over rows of a score block S (n×C, row stride C): every class
// is its own binary problem, the true class with target t = +1, every other −1:
//   L_i = Σ_j max(0, Δ − t_j·s_j),  t_y = +1, t_j = −1 (j ≠ y);
// the margin m_j = Δ − t_j·s_j (Δ − s_y for the label, s_j + Δ for the others,
// each one rounding) counts only when > 0 (exactly 0 adds neither loss nor gradient):
//   ∂L_i/∂s_j = −t_j·[m_j > 0]  (+1 for a wrong class, −1 for the label).
// Unlike the Weston–Watkins SVM a row's terms do not compare scores with each
// other, so a score can be pushed below −Δ or above Δ whatever the others are.

/**
 * Returns Σ_i w_i·L_i over n rows of S and overwrites S with scale·w_i·∂L_i/∂S.
 * Row i's label is y[idx[i]], its weight w[idx[i]] (f32; w = 0: every weight 1).
 * Precondition: labels in [0, C), delta > 0.
 */
export function ova_rows_simd(n: i32, C: i32, idx: usize, y: usize, w: usize, S: usize, delta: f32, scale: f32): f64 {
  let total: f64 = 0;
  const vdelta = f32x4.splat(delta), zero = f32x4.splat(0), sign = i32x4.splat(0x80000000);
  for (let i = 0; i < n; i++) {
    const row = S + (<usize>(i * C) << 2);
    const r = <usize>load<i32>(idx + (<usize>i << 2)) << 2;
    const label = load<i32>(y + r);
    const k: f32 = w ? scale * load<f32>(w + r) : scale;
    const vscale = f32x4.splat(k), vlabel = i32x4.splat(label);
    let lanes = i32x4(0, 1, 2, 3);
    let vloss = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= C; j += 4) {
      const p = row + (<usize>j << 2);
      // the label's lane negated (exactly, by its sign bit): Δ − s_y = (−s_y) + Δ
      const flip = v128.and(i32x4.eq(lanes, vlabel), sign);
      const margin = f32x4.add(v128.xor(v128.load(p), flip), vdelta);
      const on = f32x4.gt(margin, zero);
      vloss = f32x4.add(vloss, v128.and(margin, on));
      // +k for a wrong class, −k for the label, +0 where the margin is not met
      v128.store(p, v128.and(on, v128.xor(vscale, flip)));
      lanes = i32x4.add(lanes, i32x4.splat(4));
    }
    let rowLoss: f32 = (f32x4.extract_lane(vloss, 0) + f32x4.extract_lane(vloss, 1)) +
      (f32x4.extract_lane(vloss, 2) + f32x4.extract_lane(vloss, 3));
    rowLoss = classesFrom(j, C, row, label, delta, k, rowLoss);
    total += w ? <f64>load<f32>(w + r) * <f64>rowLoss : <f64>rowLoss;
  }
  return total;
}

/**
 * Classes j0 … C − 1 of one row of scores, one at a time in j order: adds each
 * met margin (±s_j) + Δ to rowLoss and overwrites the score with its gradient
 * (+k for a wrong class, −k for the label, 0 where the margin is not met).
 */
@inline
function classesFrom(j0: i32, C: i32, row: usize, label: i32, delta: f32, k: f32, rowLoss: f32): f32 {
  for (let j = j0; j < C; j++) {
    const p = row + (<usize>j << 2);
    const s = load<f32>(p);
    const margin = (j == label ? -s : s) + delta;
    if (margin > 0) {
      rowLoss += margin;
      store<f32>(p, j == label ? -k : k);
    } else {
      store<f32>(p, 0);
    }
  }
  return rowLoss;
}

/** Scalar twin of ova_rows_simd: margins summed in j order. */
export function ova_rows_scalar(n: i32, C: i32, idx: usize, y: usize, w: usize, S: usize, delta: f32, scale: f32): f64 {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const row = S + (<usize>(i * C) << 2);
    const r = <usize>load<i32>(idx + (<usize>i << 2)) << 2;
    const label = load<i32>(y + r);
    const k: f32 = w ? scale * load<f32>(w + r) : scale;
    const rowLoss = classesFrom(0, C, row, label, delta, k, 0);
    total += w ? <f64>load<f32>(w + r) * <f64>rowLoss : <f64>rowLoss;
  }
  return total;
}
