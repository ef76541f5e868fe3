// The two thin matrix products of a linear classifier, over a batch given as
// row indices into a dataset: X is N×Dp f32 row-major (Dp a multiple of 4, pad
// columns zero), idx holds n int32 row numbers, W is C×Dp row-major.

/** Byte offset of dataset row idx[i]. */
@inline export function rowAt(X: usize, idx: usize, i: i32, rowBytes: usize): usize {
  return X + <usize>load<i32>(idx + (<usize>i << 2)) * rowBytes;
}

@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/**
 * S[i·C + c] = Σ_d X[idx[i], d]·W[c, d] + b[c] for i < n, c < C (overwrites S, n×C).
 * Blocked 4 rows × 2 classes: 8 f32x4 accumulators, 6 loads per 8 mul+add.
 * Precondition: Dp % 4 == 0, all pointers 16-byte aligned except S.
 */
export function scores_nt_simd(n: i32, Dp: i32, C: i32, X: usize, idx: usize, W: usize, b: usize, S: usize): void {
  assert(Dp % 4 == 0, "scores_nt_simd: Dp must be a multiple of 4");
  const rowBytes = <usize>Dp << 2;
  const sRow = <usize>C << 2;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x0 = rowAt(X, idx, i, rowBytes), x1 = rowAt(X, idx, i + 1, rowBytes);
    const x2 = rowAt(X, idx, i + 2, rowBytes), x3 = rowAt(X, idx, i + 3, rowBytes);
    const s = S + <usize>i * sRow;
    let c = 0;
    for (; c + 2 <= C; c += 2) {
      const w0 = W + <usize>c * rowBytes, w1 = w0 + rowBytes;
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
      let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
      for (let k: usize = 0; k < rowBytes; k += 16) {
        const v0 = v128.load(w0 + k), v1 = v128.load(w1 + k);
        const y0 = v128.load(x0 + k), y1 = v128.load(x1 + k);
        a00 = f32x4.add(a00, f32x4.mul(y0, v0)); a01 = f32x4.add(a01, f32x4.mul(y0, v1));
        a10 = f32x4.add(a10, f32x4.mul(y1, v0)); a11 = f32x4.add(a11, f32x4.mul(y1, v1));
        const y2 = v128.load(x2 + k), y3 = v128.load(x3 + k);
        a20 = f32x4.add(a20, f32x4.mul(y2, v0)); a21 = f32x4.add(a21, f32x4.mul(y2, v1));
        a30 = f32x4.add(a30, f32x4.mul(y3, v0)); a31 = f32x4.add(a31, f32x4.mul(y3, v1));
      }
      const b0 = load<f32>(b + (<usize>c << 2)), b1 = load<f32>(b + (<usize>c << 2), 4);
      const o = s + (<usize>c << 2);
      store<f32>(o, hsum(a00) + b0); store<f32>(o, hsum(a01) + b1, 4);
      store<f32>(o + sRow, hsum(a10) + b0); store<f32>(o + sRow, hsum(a11) + b1, 4);
      store<f32>(o + 2 * sRow, hsum(a20) + b0); store<f32>(o + 2 * sRow, hsum(a21) + b1, 4);
      store<f32>(o + 3 * sRow, hsum(a30) + b0); store<f32>(o + 3 * sRow, hsum(a31) + b1, 4);
    }
    if (c < C) {
      const w0 = W + <usize>c * rowBytes;
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      for (let k: usize = 0; k < rowBytes; k += 16) {
        const v0 = v128.load(w0 + k);
        a0 = f32x4.add(a0, f32x4.mul(v128.load(x0 + k), v0));
        a1 = f32x4.add(a1, f32x4.mul(v128.load(x1 + k), v0));
        a2 = f32x4.add(a2, f32x4.mul(v128.load(x2 + k), v0));
        a3 = f32x4.add(a3, f32x4.mul(v128.load(x3 + k), v0));
      }
      const b0 = load<f32>(b + (<usize>c << 2));
      const o = s + (<usize>c << 2);
      store<f32>(o, hsum(a0) + b0); store<f32>(o + sRow, hsum(a1) + b0);
      store<f32>(o + 2 * sRow, hsum(a2) + b0); store<f32>(o + 3 * sRow, hsum(a3) + b0);
    }
  }
  for (; i < n; i++) {
    const x0 = rowAt(X, idx, i, rowBytes);
    const s = S + <usize>i * sRow;
    for (let c = 0; c < C; c++) {
      const w0 = W + <usize>c * rowBytes;
      // two accumulators: one row is add-latency bound otherwise
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
      let k: usize = 0;
      for (; k + 32 <= rowBytes; k += 32) {
        a0 = f32x4.add(a0, f32x4.mul(v128.load(x0 + k), v128.load(w0 + k)));
        a1 = f32x4.add(a1, f32x4.mul(v128.load(x0 + k, 16), v128.load(w0 + k, 16)));
      }
      if (k < rowBytes) a0 = f32x4.add(a0, f32x4.mul(v128.load(x0 + k), v128.load(w0 + k)));
      store<f32>(s + (<usize>c << 2), hsum(f32x4.add(a0, a1)) + load<f32>(b + (<usize>c << 2)));
    }
  }
}

/** Scalar twin of scores_nt_simd: one dot product at a time, summed in d order. */
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
 * dW[c, :] += Σ_i G[i·C + c]·X[idx[i], :] and db[c] += Σ_i G[i·C + c] (accumulates),
 * rows in order: the scalar twin of backward_tiled_simd (tile.ts).
 */
export function grad_tn_scalar(n: i32, Dp: i32, C: i32, X: usize, idx: usize, G: usize, dW: usize, db: usize): void {
  const rowBytes = <usize>Dp << 2;
  for (let i = 0; i < n; i++) {
    const x = rowAt(X, idx, i, rowBytes);
    for (let c = 0; c < C; c++) {
      const g = load<f32>(G + (<usize>(i * C + c) << 2));
      const w = dW + <usize>c * rowBytes;
      for (let d = 0; d < Dp; d++) {
        const p = w + (<usize>d << 2);
        store<f32>(p, load<f32>(p) + g * load<f32>(x + (<usize>d << 2)));
      }
    }
  }
  biasGrad(n, C, G, db);
}

/** db[c] += Σ_i G[i·C + c], rows in order. */
@inline export function biasGrad(n: i32, C: i32, G: usize, db: usize): void {
  for (let i = 0; i < n; i++) {
    const g = G + (<usize>(i * C) << 2);
    for (let c = 0; c < C; c++) {
      const p = db + (<usize>c << 2);
      store<f32>(p, load<f32>(p) + load<f32>(g + (<usize>c << 2)));
    }
  }
}
