// Linear-memory management for the host. Every buffer the host uses lives here:
// allocated zero-filled, 16-byte aligned (so f32x4 loads never straddle), freed
// explicitly by the host's dispose(). The allocator is the runtime's TLSF heap,
// so freed blocks are reused and long-lived pages keep a flat footprint.

/** Allocates `bytes` (> 0) zero-filled bytes; returns the byte offset (16-byte aligned). */
export function alloc(bytes: usize): usize {
  const ptr = heap.alloc(bytes);
  assert((ptr & 15) == 0, "alloc: heap block not 16-byte aligned");
  memory.fill(ptr, 0, bytes);
  return ptr;
}

/** Returns a block from `alloc` to the heap. */
export function free(ptr: usize): void {
  heap.free(ptr);
}

/** Current linear-memory size in bytes (for the host's leak checks); f64, so sizes from 2 GiB to 4 GiB read right in JS. */
export function memory_bytes(): f64 {
  return <f64>memory.size() * 65536;
}

/**
 * Index of the first element of `count` f32 at `ptr` that is NaN or ±Infinity,
 * or -1 when all are finite. x·0 is NaN exactly when x is not finite.
 */
export function first_nonfinite_simd(count: i32, ptr: usize): i32 {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 16 <= count; i += 16) {
    const p = ptr + (<usize>i << 2);
    const a = f32x4.mul(v128.load(p), zero);
    const b = f32x4.mul(v128.load(p, 16), zero);
    const c = f32x4.mul(v128.load(p, 32), zero);
    const d = f32x4.mul(v128.load(p, 48), zero);
    const bad = v128.or(v128.or(f32x4.ne(a, a), f32x4.ne(b, b)), v128.or(f32x4.ne(c, c), f32x4.ne(d, d)));
    if (v128.any_true(bad)) break; // the scalar loop below finds the exact index
  }
  for (; i < count; i++) {
    const x = load<f32>(ptr + (<usize>i << 2));
    if (!isFinite(x)) return i;
  }
  return -1;
}

/** Scalar twin of first_nonfinite_simd. */
export function first_nonfinite_scalar(count: i32, ptr: usize): i32 {
  for (let i = 0; i < count; i++) {
    if (!isFinite(load<f32>(ptr + (<usize>i << 2)))) return i;
  }
  return -1;
}
