// The kernels timed one by one by bench/profile.mjs, built with the release
// build's optimizer settings (the debug build exports them too, unoptimized),
// and two probes of the memory system: reading rows without arithmetic, and a
// chain of dependent loads.
export {
  alloc, scores_nt_simd, grad_tn_simd, step_simd, evaluate_simd, scratch_floats,
} from "../../assembly/index";

/** Sums the n rows listed at idx (rowBytes each), 4 rows at a time along the row, as the forward product reads them. */
export function read_rows(n: i32, X: usize, idx: usize, rowBytes: usize): f32 {
  let a = f32x4.splat(0), b = f32x4.splat(0), c = f32x4.splat(0), d = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x0 = X + <usize>load<i32>(idx + (<usize>i << 2)) * rowBytes, x1 = X + <usize>load<i32>(idx + (<usize>i << 2), 4) * rowBytes;
    const x2 = X + <usize>load<i32>(idx + (<usize>i << 2), 8) * rowBytes, x3 = X + <usize>load<i32>(idx + (<usize>i << 2), 12) * rowBytes;
    for (let k: usize = 0; k < rowBytes; k += 16) {
      a = f32x4.add(a, v128.load(x0 + k)); b = f32x4.add(b, v128.load(x1 + k));
      c = f32x4.add(c, v128.load(x2 + k)); d = f32x4.add(d, v128.load(x3 + k));
    }
  }
  for (; i < n; i++) {
    const x0 = X + <usize>load<i32>(idx + (<usize>i << 2)) * rowBytes;
    for (let k: usize = 0; k < rowBytes; k += 16) a = f32x4.add(a, v128.load(x0 + k));
  }
  const s = f32x4.add(f32x4.add(a, b), f32x4.add(c, d));
  return f32x4.extract_lane(s, 0);
}

/** Follows `steps` pointers (u32 byte offsets) from p: one load's full latency each. */
export function chase(steps: i32, p: usize): usize {
  for (let i = 0; i < steps; i++) p = <usize>load<u32>(p);
  return p;
}
