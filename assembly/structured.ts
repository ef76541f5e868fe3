// Structured SVM (Crammer–Singer) over rows of a score block S (n×C, row stride C):
// only the highest-scoring wrong class is held to the margin,
//   L_i = max(0, Δ + max_{j≠y} s_j − s_y) = max(0, m_i),  m_i = (s_t − s_y) + Δ,
// t the first wrong class with the highest score (as argmax breaks ties). The
// margin counts only when > 0 (exactly 0 adds neither loss nor gradient):
//   ∂L_i/∂s_t = [m_i > 0], ∂L_i/∂s_y = −[m_i > 0], 0 elsewhere.
// A row with no wrong class (C = 1) or a NaN score has no t: it adds nothing,
// as a NaN margin adds nothing to the other hinges.
//
// The twins differ only in how they find max_{j≠y} s_j (lanes, or j order; the
// maximum is exact either way) and clear the row; t, m_i and the gradient are then
// computed by the same scalar code, so loss and gradient are bit-identical.

/** The first j ≠ label with row[j] == top, or −1 (top NaN, or no such j). */
@inline function firstAt(row: usize, C: i32, label: i32, top: f32): i32 {
  for (let j = 0; j < C; j++) {
    if (j != label && load<f32>(row + (<usize>j << 2)) == top) return j;
  }
  return -1;
}

@inline function structuredRows(n: i32, C: i32, idx: usize, y: usize, w: usize, S: usize, delta: f32, scale: f32, simd: bool): f64 {
  let total: f64 = 0;
  const vlow = f32x4.splat(-Infinity), zero = f32x4.splat(0);
  for (let i = 0; i < n; i++) {
    const row = S + (<usize>(i * C) << 2);
    const r = <usize>load<i32>(idx + (<usize>i << 2)) << 2;
    const label = load<i32>(y + r);
    const k: f32 = w ? scale * load<f32>(w + r) : scale;
    // max over the wrong classes: the label's lane held at −∞
    let top: f32 = -Infinity;
    let j = 0;
    if (simd) {
      const vlabel = i32x4.splat(label);
      let lanes = i32x4(0, 1, 2, 3);
      let vtop = vlow;
      for (; j + 4 <= C; j += 4) {
        const v = v128.bitselect(vlow, v128.load(row + (<usize>j << 2)), i32x4.eq(lanes, vlabel));
        vtop = f32x4.max(vtop, v);
        lanes = i32x4.add(lanes, i32x4.splat(4));
      }
      top = max(max(f32x4.extract_lane(vtop, 0), f32x4.extract_lane(vtop, 1)),
        max(f32x4.extract_lane(vtop, 2), f32x4.extract_lane(vtop, 3)));
    }
    for (; j < C; j++) if (j != label) top = max(top, load<f32>(row + (<usize>j << 2)));
    const t = firstAt(row, C, label, top);
    const sy = load<f32>(row + (<usize>label << 2));
    const margin: f32 = t >= 0 ? (load<f32>(row + (<usize>t << 2)) - sy) + delta : 0;
    // clear the row, then the two entries of a met margin
    j = 0;
    if (simd) for (; j + 4 <= C; j += 4) v128.store(row + (<usize>j << 2), zero);
    for (; j < C; j++) store<f32>(row + (<usize>j << 2), 0);
    if (margin > 0) {
      store<f32>(row + (<usize>t << 2), k);
      store<f32>(row + (<usize>label << 2), -k);
      total += w ? <f64>load<f32>(w + r) * <f64>margin : <f64>margin;
    }
  }
  return total;
}

/**
 * Returns Σ_i w_i·L_i over n rows of S and overwrites S with scale·w_i·∂L_i/∂S.
 * Row i's label is y[idx[i]], its weight w[idx[i]] (f32; w = 0: every weight 1).
 * Precondition: labels in [0, C), delta > 0.
 */
export function structured_rows_simd(n: i32, C: i32, idx: usize, y: usize, w: usize, S: usize, delta: f32, scale: f32): f64 {
  return structuredRows(n, C, idx, y, w, S, delta, scale, true);
}

/** Scalar twin of structured_rows_simd. */
export function structured_rows_scalar(n: i32, C: i32, idx: usize, y: usize, w: usize, S: usize, delta: f32, scale: f32): f64 {
  return structuredRows(n, C, idx, y, w, S, delta, scale, false);
}
