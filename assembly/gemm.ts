// The two thin matrix products of a linear classifier, over a batch given as
// row indices into a dataset: X is N×Dp f32 row-major (Dp a multiple of 4, pad
// columns zero), idx holds n int32 row numbers, W is C×Dp row-major.

/** Byte offset of dataset row idx[i]. */
@inline export function rowAt(X: usize, idx: usize, i: i32, rowBytes: usize): usize {
  return X + <usize>load<i32>(idx + (<usize>i << 2)) * rowBytes;
}

/**
 * S[i·C + c] = Σ_d X[idx[i], d]·W[c, d] + b[c], one dot product at a time, summed in
 * d order: the scalar twin of scores_nt_simd (tile.ts).
 */
export function scores_nt_scalar(n: i32, Dp: i32, C: i32, X: usize, idx: usize, W: usize, b: usize, S: usize): void {
  const rowBytes = <usize>Dp << 2;
  for (let i = 0; i < n; i++) {
    const x = rowAt(X, idx, i, rowBytes);
    for (let c = 0; c < C; c++) {
      const w = W + <usize>c * rowBytes;
      let acc: f32 = 0;
      for (let d = 0; d < Dp; d++) acc += load<f32>(x + (<usize>d << 2)) * load<f32>(w + (<usize>d << 2));
      store<f32>(S + (<usize>(i * C + c) << 2), acc + load<f32>(b + (<usize>c << 2)));
    }
  }
}

/**
 * dW[c, :] += Σ_i dS[i·C + c]·X[idx[i], :] and db[c] += Σ_i dS[i·C + c] (accumulates;
 * dS is the n×C score gradient), rows in order: the scalar twin of grad_tn_simd (tile.ts).
 */
export function grad_tn_scalar(n: i32, Dp: i32, C: i32, X: usize, idx: usize, dS: usize, dW: usize, db: usize): void {
  const rowBytes = <usize>Dp << 2;
  for (let i = 0; i < n; i++) {
    const x = rowAt(X, idx, i, rowBytes);
    for (let c = 0; c < C; c++) {
      const g = load<f32>(dS + (<usize>(i * C + c) << 2));
      const dw = dW + <usize>c * rowBytes;
      for (let d = 0; d < Dp; d++) {
        const p = dw + (<usize>d << 2);
        store<f32>(p, load<f32>(p) + g * load<f32>(x + (<usize>d << 2)));
      }
    }
  }
  biasGrad(n, C, dS, db);
}

/** db[c] += Σ_i dS[i·C + c], rows in order. */
@inline export function biasGrad(n: i32, C: i32, dS: usize, db: usize): void {
  for (let i = 0; i < n; i++) {
    const g = dS + (<usize>(i * C) << 2);
    for (let c = 0; c < C; c++) {
      const p = db + (<usize>c << 2);
      store<f32>(p, load<f32>(p) + load<f32>(g + (<usize>c << 2)));
    }
  }
}
