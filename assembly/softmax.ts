// Softmax cross-entropy over rows of a score block S (n×C, row stride C).
// Stable form: with m = max_j s_j and Z = Σ_j e^(s_j − m),
//   L_i = ln Z − (s_y − m)   (natural log; finite for scores like 1000),
//   ∂L_i/∂s_j = e^(s_j − m)/Z − [j = y].

@inline function rowMax(row: usize, C: i32, simd: bool): f32 {
  let m: f32 = -Infinity;
  let j = 0;
  if (simd) {
    let vm = f32x4.splat(-Infinity);
    for (; j + 4 <= C; j += 4) vm = f32x4.max(vm, v128.load(row + (<usize>j << 2)));
    m = max(max(f32x4.extract_lane(vm, 0), f32x4.extract_lane(vm, 1)),
      max(f32x4.extract_lane(vm, 2), f32x4.extract_lane(vm, 3)));
  }
  for (; j < C; j++) m = max(m, load<f32>(row + (<usize>j << 2)));
  return m;
}

/** Replaces row[j] by e^(row[j] − m); returns Σ_j of those, summed in j order. */
@inline function expShift(row: usize, C: i32, m: f32): f32 {
  let z: f32 = 0;
  for (let j = 0; j < C; j++) {
    const p = row + (<usize>j << 2);
    const e = Mathf.exp(load<f32>(p) - m);
    store<f32>(p, e);
    z += e;
  }
  return z;
}

@inline function scaleRow(row: usize, C: i32, k: f32, simd: bool): void {
  let j = 0;
  if (simd) {
    const vk = f32x4.splat(k);
    for (; j + 4 <= C; j += 4) {
      const p = row + (<usize>j << 2);
      v128.store(p, f32x4.mul(v128.load(p), vk));
    }
  }
  for (; j < C; j++) {
    const p = row + (<usize>j << 2);
    store<f32>(p, load<f32>(p) * k);
  }
}

@inline function softmaxRows(n: i32, C: i32, idx: usize, y: usize, w: usize, S: usize, scale: f32, simd: bool): f64 {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const row = S + (<usize>(i * C) << 2);
    const r = <usize>load<i32>(idx + (<usize>i << 2)) << 2;
    const label = load<i32>(y + r);
    const m = rowMax(row, C, simd);
    const sy = load<f32>(row + (<usize>label << 2));
    const z = expShift(row, C, m);
    const L = Mathf.log(z) - (sy - m);
    // a row's weight scales its loss and its gradient; without weights (w = 0) the plain mean
    const k: f32 = w ? scale * load<f32>(w + r) : scale;
    total += w ? <f64>load<f32>(w + r) * <f64>L : <f64>L;
    scaleRow(row, C, k / z, simd);
    const py = row + (<usize>label << 2);
    store<f32>(py, load<f32>(py) - k);
  }
  return total;
}

/**
 * Softmax loss rows: returns Σ_i w_i·L_i over n rows of S (n×C) and overwrites S
 * with scale·w_i·∂L_i/∂S. Row i's label is y[idx[i]], its weight w[idx[i]] (f32;
 * w = 0: every weight 1). Precondition: labels in [0, C).
 */
export function softmax_rows_simd(n: i32, C: i32, idx: usize, y: usize, w: usize, S: usize, scale: f32): f64 {
  return softmaxRows(n, C, idx, y, w, S, scale, true);
}

/** Scalar twin of softmax_rows_simd. */
export function softmax_rows_scalar(n: i32, C: i32, idx: usize, y: usize, w: usize, S: usize, scale: f32): f64 {
  return softmaxRows(n, C, idx, y, w, S, scale, false);
}

@inline function softmaxProbs(n: i32, C: i32, S: usize, simd: bool): void {
  for (let i = 0; i < n; i++) {
    const row = S + (<usize>(i * C) << 2);
    const z = expShift(row, C, rowMax(row, C, simd));
    scaleRow(row, C, <f32>1 / z, simd);
  }
}

/** Overwrites each row of S (n×C scores) with its softmax probabilities. */
export function softmax_probs_simd(n: i32, C: i32, S: usize): void {
  softmaxProbs(n, C, S, true);
}

/** Scalar twin of softmax_probs_simd. */
export function softmax_probs_scalar(n: i32, C: i32, S: usize): void {
  softmaxProbs(n, C, S, false);
}
