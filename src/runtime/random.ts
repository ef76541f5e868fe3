// Normal draws for weights and directions: uniform bits from the seeded,
// integer-only Rng, turned into N(0, 1)·scale by a kernel (randn_fill), so the
// same seed gives the same floats in every runtime.
import type { Rng } from '../base/rng.js';
import { kernels } from './module.js';
import { f32, u32, freeAll } from './memory.js';

/** count draws of scale·N(0, 1), taking 2·count uint32s from rng. */
export function randn(rng: Rng, count: number, scale: number): Float32Array {
  const bits = u32(2 * count);
  let z = null;
  try {
    z = f32(count);
    rng.fill(bits.view);
    kernels().randn_fill(count, bits.ptr, z.ptr, scale);
    return z.view.slice();
  } finally {
    freeAll(bits, z);
  }
}
