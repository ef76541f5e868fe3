// The forward and backward products of the fused step over a block of rows
// (at most STEP_ROWS at a time): register blocks that run along the whole row,
// so that X rows are read front to back (the hardware prefetchers follow them)
// and W, dW stream from L2, which on current cores feeds the f32x4 units fast
// enough (measured: D-tiles of 256 floats kept in L1 ran the fused step at
// 0.5–0.65 of the f32x4 peak on a Zen 5 core, these blocks at 0.7–0.8).
//
// Each output keeps a fixed summation order whatever the blocking (the bits a
// seed gives never depend on it; tests/assembly/bits.spec.ts writes the order
// out as a scalar reference and pins hashes of the results).
import { rowAt, biasGrad } from "./gemm";

/**
 * Bytes of the D-tile of the forward product's last n mod 4 rows: 256 floats.
 * Their summation order is defined per tile (see scores_nt_simd), so this size
 * is part of the bits and never changes.
 */
const ORDER_TILE: usize = 1024;

@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

@inline function bias(b: usize, c: i32): f32 {
  return load<f32>(b + (<usize>c << 2));
}

/**
 * S[i·C + c] = Σ_d X[idx[i], d]·W[c, d] + b[c] for i < n (overwrites S, n×C);
 * the twin of scores_nt_scalar (gemm.ts). P (n×C f32x4 of scratch) is not used.
 * The summation order of each output, which fixes its bits:
 * - rows i < 4·⌊n/4⌋ (blocked 4 rows × 2 classes): 4 lane sums, lane l adding
 *   x[d]·w[d] for d ≡ l (mod 4) in d order from +0;
 * - the last n mod 4 rows: per ORDER_TILE tile along D, the tile's 4-float chunks
 *   of even index go to the running lane sums, those of odd index to a second
 *   set started at +0, added lane by lane at the tile's end;
 * then S = ((l0 + l1) + (l2 + l3)) + b[c].
 * Precondition: Dp % 4 == 0, X and W 16-byte aligned.
 */
export function scores_nt_simd(n: i32, Dp: i32, C: i32, X: usize, idx: usize, W: usize, b: usize, S: usize, P: usize): void {
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
      const b0 = bias(b, c), b1 = bias(b, c + 1), sc = s + (<usize>c << 2);
      store<f32>(sc, hsum(a00) + b0); store<f32>(sc, hsum(a01) + b1, 4);
      store<f32>(sc + sRow, hsum(a10) + b0); store<f32>(sc + sRow, hsum(a11) + b1, 4);
      store<f32>(sc + 2 * sRow, hsum(a20) + b0); store<f32>(sc + 2 * sRow, hsum(a21) + b1, 4);
      store<f32>(sc + 3 * sRow, hsum(a30) + b0); store<f32>(sc + 3 * sRow, hsum(a31) + b1, 4);
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
      const b0 = bias(b, c), sc = s + (<usize>c << 2);
      store<f32>(sc, hsum(a0) + b0);
      store<f32>(sc + sRow, hsum(a1) + b0);
      store<f32>(sc + 2 * sRow, hsum(a2) + b0);
      store<f32>(sc + 3 * sRow, hsum(a3) + b0);
    }
  }
  for (; i < n; i++) {
    const x0 = rowAt(X, idx, i, rowBytes);
    for (let c = 0; c < C; c++) {
      const w0 = W + <usize>c * rowBytes;
      let acc = f32x4.splat(0);
      for (let t0: usize = 0; t0 < rowBytes; t0 += ORDER_TILE) {
        const t1 = min(t0 + ORDER_TILE, rowBytes);
        let a0 = acc, a1 = f32x4.splat(0);
        let k = t0;
        for (; k + 32 <= t1; k += 32) {
          a0 = f32x4.add(a0, f32x4.mul(v128.load(x0 + k), v128.load(w0 + k)));
          a1 = f32x4.add(a1, f32x4.mul(v128.load(x0 + k, 16), v128.load(w0 + k, 16)));
        }
        if (k < t1) a0 = f32x4.add(a0, f32x4.mul(v128.load(x0 + k), v128.load(w0 + k)));
        acc = f32x4.add(a0, a1);
      }
      store<f32>(S + <usize>i * sRow + (<usize>c << 2), hsum(acc) + bias(b, c));
    }
  }
}

/**
 * dW[c, :] += Σ_i dS[i·C + c]·X[idx[i], :] and db[c] += Σ_i dS[i·C + c] over n rows
 * (accumulates; dS is the n×C score gradient). Register blocks of 2 classes ×
 * 16 floats of dW held across the rows, which run innermost and in order: each
 * dW element gets its row terms added in row order, one mul and one add each,
 * so the result equals its twin grad_tn_scalar (gemm.ts) bit for bit, while dW
 * is loaded and stored once per call instead of once per row. The rows' byte
 * addresses are worked out once into R (n × 4 bytes of scratch), so the inner
 * loop loads a pointer instead of loading an index and multiplying it (measured
 * on a Zen 5 core: 5–13% faster at C = 2 and 10).
 */
export function grad_tn_simd(n: i32, Dp: i32, C: i32, X: usize, idx: usize, dS: usize, dW: usize, db: usize, R: usize): void {
  assert(Dp % 4 == 0, "grad_tn_simd: Dp must be a multiple of 4");
  const rowBytes = <usize>Dp << 2;
  const gRow = <usize>C << 2;
  for (let i = 0; i < n; i++) store<usize>(R + (<usize>i << 2), rowAt(X, idx, i, rowBytes));
  const rEnd = R + (<usize>n << 2);
  let k: usize = 0;
  for (; k + 64 <= rowBytes; k += 64) {
    let c = 0;
    for (; c + 2 <= C; c += 2) {
      const d0 = dW + <usize>c * rowBytes + k, d1 = d0 + rowBytes;
      let s00 = v128.load(d0), s01 = v128.load(d0, 16), s02 = v128.load(d0, 32), s03 = v128.load(d0, 48);
      let s10 = v128.load(d1), s11 = v128.load(d1, 16), s12 = v128.load(d1, 32), s13 = v128.load(d1, 48);
      let g = dS + (<usize>c << 2);
      for (let p = R; p < rEnd; p += 4) {
        const x = load<usize>(p) + k;
        const g0 = v128.load32_splat(g), g1 = v128.load32_splat(g, 4);
        g += gRow;
        let y = v128.load(x);
        s00 = f32x4.add(s00, f32x4.mul(g0, y)); s10 = f32x4.add(s10, f32x4.mul(g1, y));
        y = v128.load(x, 16);
        s01 = f32x4.add(s01, f32x4.mul(g0, y)); s11 = f32x4.add(s11, f32x4.mul(g1, y));
        y = v128.load(x, 32);
        s02 = f32x4.add(s02, f32x4.mul(g0, y)); s12 = f32x4.add(s12, f32x4.mul(g1, y));
        y = v128.load(x, 48);
        s03 = f32x4.add(s03, f32x4.mul(g0, y)); s13 = f32x4.add(s13, f32x4.mul(g1, y));
      }
      v128.store(d0, s00); v128.store(d0, s01, 16); v128.store(d0, s02, 32); v128.store(d0, s03, 48);
      v128.store(d1, s10); v128.store(d1, s11, 16); v128.store(d1, s12, 32); v128.store(d1, s13, 48);
    }
    if (c < C) {
      const d0 = dW + <usize>c * rowBytes + k;
      let s0 = v128.load(d0), s1 = v128.load(d0, 16), s2 = v128.load(d0, 32), s3 = v128.load(d0, 48);
      let g = dS + (<usize>c << 2);
      for (let p = R; p < rEnd; p += 4) {
        const x = load<usize>(p) + k;
        const g0 = v128.load32_splat(g);
        g += gRow;
        s0 = f32x4.add(s0, f32x4.mul(g0, v128.load(x)));
        s1 = f32x4.add(s1, f32x4.mul(g0, v128.load(x, 16)));
        s2 = f32x4.add(s2, f32x4.mul(g0, v128.load(x, 32)));
        s3 = f32x4.add(s3, f32x4.mul(g0, v128.load(x, 48)));
      }
      v128.store(d0, s0); v128.store(d0, s1, 16); v128.store(d0, s2, 32); v128.store(d0, s3, 48);
    }
  }
  for (; k < rowBytes; k += 16) {
    for (let c = 0; c < C; c++) {
      const d0 = dW + <usize>c * rowBytes + k;
      let s0 = v128.load(d0);
      let g = dS + (<usize>c << 2);
      for (let p = R; p < rEnd; p += 4) {
        s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(g), v128.load(load<usize>(p) + k)));
        g += gRow;
      }
      v128.store(d0, s0);
    }
  }
  biasGrad(n, C, dS, db);
}
