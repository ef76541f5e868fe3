// The f32x4 mul+add peak WebAssembly reaches on this machine for the shape of
// work a linear classifier does: dot products of 2 rows with 5 templates over
// L1-resident data (1 KB per row), ten independent accumulators, seven loads
// per ten mul+add pairs. Nothing can be hoisted out of the loop; the result is
// returned so nothing is optimized away.

/** FLOPs of one call: reps × 64 steps × 10 accumulators × 4 lanes × 2. */
export function peak_flops(reps: i32): f64 {
  return <f64>reps * 64 * 10 * 8;
}

/** X: 2 rows × 256 f32, W: 5 rows × 256 f32, both 16-byte aligned. */
export function peak_dot(reps: i32, X: usize, W: usize): f32 {
  let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a02 = f32x4.splat(0), a03 = f32x4.splat(0), a04 = f32x4.splat(0);
  let a10 = f32x4.splat(0), a11 = f32x4.splat(0), a12 = f32x4.splat(0), a13 = f32x4.splat(0), a14 = f32x4.splat(0);
  for (let r = 0; r < reps; r++) {
    for (let k: usize = 0; k < 1024; k += 16) {
      const x0 = v128.load(X + k), x1 = v128.load(X + k, 1024);
      const w = W + k;
      let v = v128.load(w);
      a00 = f32x4.add(a00, f32x4.mul(x0, v)); a10 = f32x4.add(a10, f32x4.mul(x1, v));
      v = v128.load(w, 1024);
      a01 = f32x4.add(a01, f32x4.mul(x0, v)); a11 = f32x4.add(a11, f32x4.mul(x1, v));
      v = v128.load(w, 2048);
      a02 = f32x4.add(a02, f32x4.mul(x0, v)); a12 = f32x4.add(a12, f32x4.mul(x1, v));
      v = v128.load(w, 3072);
      a03 = f32x4.add(a03, f32x4.mul(x0, v)); a13 = f32x4.add(a13, f32x4.mul(x1, v));
      v = v128.load(w, 4096);
      a04 = f32x4.add(a04, f32x4.mul(x0, v)); a14 = f32x4.add(a14, f32x4.mul(x1, v));
    }
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a00, a01), f32x4.add(a02, a03)), f32x4.add(f32x4.add(a04, a10), f32x4.add(f32x4.add(a11, a12), f32x4.add(a13, a14))));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 3);
}

/** The same loop with 4 rows × 2 templates (8 accumulators, 6 loads per 8 pairs), the fused step's block. */
export function peak_dot_4x2(reps: i32, X: usize, W: usize): f32 {
  let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
  let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
  for (let r = 0; r < reps; r++) {
    for (let k: usize = 0; k < 1024; k += 16) {
      const w = W + k, x = X + k;
      const v0 = v128.load(w), v1 = v128.load(w, 1024);
      const y0 = v128.load(x), y1 = v128.load(x, 1024);
      a00 = f32x4.add(a00, f32x4.mul(y0, v0)); a01 = f32x4.add(a01, f32x4.mul(y0, v1));
      a10 = f32x4.add(a10, f32x4.mul(y1, v0)); a11 = f32x4.add(a11, f32x4.mul(y1, v1));
      const y2 = v128.load(x, 2048), y3 = v128.load(x, 3072);
      a20 = f32x4.add(a20, f32x4.mul(y2, v0)); a21 = f32x4.add(a21, f32x4.mul(y2, v1));
      a30 = f32x4.add(a30, f32x4.mul(y3, v0)); a31 = f32x4.add(a31, f32x4.mul(y3, v1));
    }
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a00, a01), f32x4.add(a10, a11)), f32x4.add(f32x4.add(a20, a21), f32x4.add(a30, a31)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 3);
}

/** Bytes to reserve for X and W. */
export const PEAK_BYTES: i32 = 8192;

export function peak_dot_4x2_u2(reps: i32, X: usize, W: usize): f32 {
  let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
  let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
  for (let r = 0; r < reps; r++) {
    for (let k: usize = 0; k < 1024; k += 32) {
      const w = W + k, x = X + k;
      let v0 = v128.load(w), v1 = v128.load(w, 1024);
      a00 = f32x4.add(a00, f32x4.mul(v128.load(x), v0)); a01 = f32x4.add(a01, f32x4.mul(v128.load(x), v1));
      a10 = f32x4.add(a10, f32x4.mul(v128.load(x, 1024), v0)); a11 = f32x4.add(a11, f32x4.mul(v128.load(x, 1024), v1));
      a20 = f32x4.add(a20, f32x4.mul(v128.load(x, 2048), v0)); a21 = f32x4.add(a21, f32x4.mul(v128.load(x, 2048), v1));
      a30 = f32x4.add(a30, f32x4.mul(v128.load(x, 3072), v0)); a31 = f32x4.add(a31, f32x4.mul(v128.load(x, 3072), v1));
      v0 = v128.load(w, 16); v1 = v128.load(w, 1040);
      a00 = f32x4.add(a00, f32x4.mul(v128.load(x, 16), v0)); a01 = f32x4.add(a01, f32x4.mul(v128.load(x, 16), v1));
      a10 = f32x4.add(a10, f32x4.mul(v128.load(x, 1040), v0)); a11 = f32x4.add(a11, f32x4.mul(v128.load(x, 1040), v1));
      a20 = f32x4.add(a20, f32x4.mul(v128.load(x, 2064), v0)); a21 = f32x4.add(a21, f32x4.mul(v128.load(x, 2064), v1));
      a30 = f32x4.add(a30, f32x4.mul(v128.load(x, 3088), v0)); a31 = f32x4.add(a31, f32x4.mul(v128.load(x, 3088), v1));
    }
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a00, a01), f32x4.add(a10, a11)), f32x4.add(f32x4.add(a20, a21), f32x4.add(a30, a31)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 3);
}

export function peak_dot_3x3(reps: i32, X: usize, W: usize): f32 {
  let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a02 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
  let a12 = f32x4.splat(0), a20 = f32x4.splat(0), a21 = f32x4.splat(0), a22 = f32x4.splat(0);
  for (let r = 0; r < reps; r++) {
    for (let k: usize = 0; k < 1024; k += 16) {
      const w = W + k, x = X + k;
      const v0 = v128.load(w), v1 = v128.load(w, 1024), v2 = v128.load(w, 2048);
      let y = v128.load(x);
      a00 = f32x4.add(a00, f32x4.mul(y, v0)); a01 = f32x4.add(a01, f32x4.mul(y, v1)); a02 = f32x4.add(a02, f32x4.mul(y, v2));
      y = v128.load(x, 1024);
      a10 = f32x4.add(a10, f32x4.mul(y, v0)); a11 = f32x4.add(a11, f32x4.mul(y, v1)); a12 = f32x4.add(a12, f32x4.mul(y, v2));
      y = v128.load(x, 2048);
      a20 = f32x4.add(a20, f32x4.mul(y, v0)); a21 = f32x4.add(a21, f32x4.mul(y, v1)); a22 = f32x4.add(a22, f32x4.mul(y, v2));
    }
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a00, a01), f32x4.add(a02, a10)), f32x4.add(f32x4.add(a11, a12), f32x4.add(a20, f32x4.add(a21, a22))));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 3);
}
