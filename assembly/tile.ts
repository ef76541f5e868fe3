// The forward and backward products of the fused step over a block of at most
// STEP_ROWS rows, tiled along D so that a tile of the block's X rows, of W and of
// dW stays in L1 while it is used (untiled, W and dW stream from L2 for every
// 4 rows and the products run at half the f32x4 peak).
import { rowAt, biasGrad } from "./gemm";

/** Bytes of a D-tile: 256 floats. 16 rows of X (16 KB) + W or dW of 10 classes (10 KB) fit L1. */
const TILE: usize = 1024;

@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

@inline function accAt(P: usize, row: i32, C: i32, c: i32): usize {
  return P + (<usize>(row * C + c) << 4);
}

/**
 * S[i·C + c] = Σ_d X[idx[i], d]·W[c, d] + b[c] for i < n (overwrites S, n×C).
 * P is n×C v128 scratch holding the per-lane partial sums across tiles.
 * Blocked 4 rows × 2 classes within a tile; the twin of scores_nt_scalar (gemm.ts).
 * Precondition: Dp % 4 == 0, X, W, P 16-byte aligned.
 */
export function scores_nt_simd(n: i32, Dp: i32, C: i32, X: usize, idx: usize, W: usize, b: usize, S: usize, P: usize): void {
  assert(Dp % 4 == 0, "scores_nt_simd: Dp must be a multiple of 4");
  const rowBytes = <usize>Dp << 2;
  for (let t0: usize = 0; t0 < rowBytes; t0 += TILE) {
    const t1 = min(t0 + TILE, rowBytes);
    const first = t0 == 0;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const x0 = rowAt(X, idx, i, rowBytes), x1 = rowAt(X, idx, i + 1, rowBytes);
      const x2 = rowAt(X, idx, i + 2, rowBytes), x3 = rowAt(X, idx, i + 3, rowBytes);
      let c = 0;
      for (; c + 2 <= C; c += 2) {
        const w0 = W + <usize>c * rowBytes, w1 = w0 + rowBytes;
        const p0 = accAt(P, i, C, c), p1 = accAt(P, i + 1, C, c), p2 = accAt(P, i + 2, C, c), p3 = accAt(P, i + 3, C, c);
        let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
        let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
        if (!first) {
          a00 = v128.load(p0); a01 = v128.load(p0, 16); a10 = v128.load(p1); a11 = v128.load(p1, 16);
          a20 = v128.load(p2); a21 = v128.load(p2, 16); a30 = v128.load(p3); a31 = v128.load(p3, 16);
        }
        for (let k = t0; k < t1; k += 16) {
          const v0 = v128.load(w0 + k), v1 = v128.load(w1 + k);
          const y0 = v128.load(x0 + k), y1 = v128.load(x1 + k);
          a00 = f32x4.add(a00, f32x4.mul(y0, v0)); a01 = f32x4.add(a01, f32x4.mul(y0, v1));
          a10 = f32x4.add(a10, f32x4.mul(y1, v0)); a11 = f32x4.add(a11, f32x4.mul(y1, v1));
          const y2 = v128.load(x2 + k), y3 = v128.load(x3 + k);
          a20 = f32x4.add(a20, f32x4.mul(y2, v0)); a21 = f32x4.add(a21, f32x4.mul(y2, v1));
          a30 = f32x4.add(a30, f32x4.mul(y3, v0)); a31 = f32x4.add(a31, f32x4.mul(y3, v1));
        }
        v128.store(p0, a00); v128.store(p0, a01, 16); v128.store(p1, a10); v128.store(p1, a11, 16);
        v128.store(p2, a20); v128.store(p2, a21, 16); v128.store(p3, a30); v128.store(p3, a31, 16);
      }
      if (c < C) {
        const w0 = W + <usize>c * rowBytes;
        const p0 = accAt(P, i, C, c), p1 = accAt(P, i + 1, C, c), p2 = accAt(P, i + 2, C, c), p3 = accAt(P, i + 3, C, c);
        let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
        if (!first) { a0 = v128.load(p0); a1 = v128.load(p1); a2 = v128.load(p2); a3 = v128.load(p3); }
        for (let k = t0; k < t1; k += 16) {
          const v0 = v128.load(w0 + k);
          a0 = f32x4.add(a0, f32x4.mul(v128.load(x0 + k), v0));
          a1 = f32x4.add(a1, f32x4.mul(v128.load(x1 + k), v0));
          a2 = f32x4.add(a2, f32x4.mul(v128.load(x2 + k), v0));
          a3 = f32x4.add(a3, f32x4.mul(v128.load(x3 + k), v0));
        }
        v128.store(p0, a0); v128.store(p1, a1); v128.store(p2, a2); v128.store(p3, a3);
      }
    }
    for (; i < n; i++) {
      const x0 = rowAt(X, idx, i, rowBytes);
      for (let c = 0; c < C; c++) {
        const w0 = W + <usize>c * rowBytes;
        const p0 = accAt(P, i, C, c);
        let a0 = first ? f32x4.splat(0) : v128.load(p0), a1 = f32x4.splat(0);
        let k = t0;
        for (; k + 32 <= t1; k += 32) {
          a0 = f32x4.add(a0, f32x4.mul(v128.load(x0 + k), v128.load(w0 + k)));
          a1 = f32x4.add(a1, f32x4.mul(v128.load(x0 + k, 16), v128.load(w0 + k, 16)));
        }
        if (k < t1) a0 = f32x4.add(a0, f32x4.mul(v128.load(x0 + k), v128.load(w0 + k)));
        v128.store(p0, f32x4.add(a0, a1));
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) {
      store<f32>(S + (<usize>(i * C + c) << 2), hsum(v128.load(accAt(P, i, C, c))) + load<f32>(b + (<usize>c << 2)));
    }
  }
}

/**
 * dW[c, :] += Σ_i dS[i·C + c]·X[idx[i], :] and db[c] += Σ_i dS[i·C + c] over n rows
 * (accumulates; dS is the n×C score gradient). Tiled along D; within a tile
 * 4 rows × 2 classes. Each dW element gets its row terms added in row order,
 * one mul and one add each, so the result equals its twin grad_tn_scalar
 * (gemm.ts) bit for bit.
 */
export function grad_tn_simd(n: i32, Dp: i32, C: i32, X: usize, idx: usize, dS: usize, dW: usize, db: usize): void {
  assert(Dp % 4 == 0, "grad_tn_simd: Dp must be a multiple of 4");
  const rowBytes = <usize>Dp << 2;
  const gRow = <usize>C << 2;
  for (let t0: usize = 0; t0 < rowBytes; t0 += TILE) {
    const t1 = min(t0 + TILE, rowBytes);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const x0 = rowAt(X, idx, i, rowBytes), x1 = rowAt(X, idx, i + 1, rowBytes);
      const x2 = rowAt(X, idx, i + 2, rowBytes), x3 = rowAt(X, idx, i + 3, rowBytes);
      const g = dS + <usize>i * gRow;
      let c = 0;
      for (; c + 2 <= C; c += 2) {
        const gc = g + (<usize>c << 2);
        const g00 = v128.load32_splat(gc), g01 = v128.load32_splat(gc, 4);
        const g10 = v128.load32_splat(gc + gRow), g11 = v128.load32_splat(gc + gRow, 4);
        const g20 = v128.load32_splat(gc + 2 * gRow), g21 = v128.load32_splat(gc + 2 * gRow, 4);
        const g30 = v128.load32_splat(gc + 3 * gRow), g31 = v128.load32_splat(gc + 3 * gRow, 4);
        const d0 = dW + <usize>c * rowBytes, d1 = d0 + rowBytes;
        for (let k = t0; k < t1; k += 16) {
          const y0 = v128.load(x0 + k), y1 = v128.load(x1 + k), y2 = v128.load(x2 + k), y3 = v128.load(x3 + k);
          let s0 = v128.load(d0 + k), s1 = v128.load(d1 + k);
          s0 = f32x4.add(s0, f32x4.mul(g00, y0)); s1 = f32x4.add(s1, f32x4.mul(g01, y0));
          s0 = f32x4.add(s0, f32x4.mul(g10, y1)); s1 = f32x4.add(s1, f32x4.mul(g11, y1));
          s0 = f32x4.add(s0, f32x4.mul(g20, y2)); s1 = f32x4.add(s1, f32x4.mul(g21, y2));
          s0 = f32x4.add(s0, f32x4.mul(g30, y3)); s1 = f32x4.add(s1, f32x4.mul(g31, y3));
          v128.store(d0 + k, s0); v128.store(d1 + k, s1);
        }
      }
      if (c < C) {
        const gc = g + (<usize>c << 2);
        const g0 = v128.load32_splat(gc), g1 = v128.load32_splat(gc + gRow);
        const g2 = v128.load32_splat(gc + 2 * gRow), g3 = v128.load32_splat(gc + 3 * gRow);
        const d0 = dW + <usize>c * rowBytes;
        for (let k = t0; k < t1; k += 16) {
          let s = v128.load(d0 + k);
          s = f32x4.add(s, f32x4.mul(g0, v128.load(x0 + k)));
          s = f32x4.add(s, f32x4.mul(g1, v128.load(x1 + k)));
          s = f32x4.add(s, f32x4.mul(g2, v128.load(x2 + k)));
          s = f32x4.add(s, f32x4.mul(g3, v128.load(x3 + k)));
          v128.store(d0 + k, s);
        }
      }
    }
    for (; i < n; i++) {
      const x0 = rowAt(X, idx, i, rowBytes);
      const g = dS + <usize>i * gRow;
      for (let c = 0; c < C; c++) {
        const gv = v128.load32_splat(g + (<usize>c << 2));
        const d0 = dW + <usize>c * rowBytes;
        for (let k = t0; k < t1; k += 16) {
          v128.store(d0 + k, f32x4.add(v128.load(d0 + k), f32x4.mul(gv, v128.load(x0 + k))));
        }
      }
    }
  }
  biasGrad(n, C, dS, db);
}

