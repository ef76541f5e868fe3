// linclass's hot path as training runs it: batch indices sampled with the
// seeded Rng into linear memory, one fused loss+gradient kernel call, one
// update-rule kernel call; the data written once into a Dataset.
import { kernels } from '../../src/wasm.js';
import { f32, i32, padded, type WasmBuf } from '../../src/buffers.js';
import { Rng } from '../../src/rng.js';
import type { Dataset } from '../../src/dataset.js';

export class LinclassBench {
  readonly Dp: number;
  readonly theta: WasmBuf<Float32Array>;
  readonly grad: WasmBuf<Float32Array>;
  readonly S: WasmBuf<Float32Array>;
  readonly part: WasmBuf<Float32Array>;
  readonly idx: WasmBuf<Int32Array>;
  readonly rng = new Rng(3);
  readonly off: number;

  constructor(readonly ds: Dataset, readonly C: number, maxBatch: number) {
    const k = kernels();
    this.Dp = padded(ds.numFeatures);
    const count = C * this.Dp + padded(C);
    this.theta = f32(count);
    this.grad = f32(count);
    this.part = f32(count);
    this.S = f32(k.scratch_floats(C));
    this.idx = i32(maxBatch);
    this.off = C * this.Dp * 4;
    const v = this.theta.view, r = new Rng(5);
    for (let c = 0; c < C; c++) for (let d = 0; d < ds.numFeatures; d++) v[c * this.Dp + d] = (r.nextU32() / 2 ** 31 - 1) * 1e-3;
  }

  /** One loss+gradient over a fresh random batch of B rows (sampling included). */
  batch(loss: 0 | 1, B: number): number {
    const iv = this.idx.view, N = this.ds.numRows, rng = this.rng;
    for (let i = 0; i < B; i++) iv[i] = rng.below(N);
    return this.step(loss, B, this.idx.ptr);
  }

  step(loss: 0 | 1, n: number, idx: number): number {
    const p = this.ds.ptrs(), t = this.theta.ptr, g = this.grad.ptr;
    return kernels().step_simd(loss, 1, n, this.Dp, this.C, p.X, idx, p.y, t, t + this.off, this.S.ptr, g, g + this.off, this.part.ptr, 1, 1e-3, 0.5);
  }

  /** steps × (sample, loss+gradient, SGD update). */
  epoch(loss: 0 | 1, B: number, steps: number): void {
    const k = kernels(), count = this.theta.length;
    for (let s = 0; s < steps; s++) {
      this.batch(loss, B);
      k.sgd_simd(count, this.theta.ptr, this.grad.ptr, 1e-7);
    }
  }

  /** Loss+gradient over every row. */
  full(loss: 0 | 1): number {
    return this.step(loss, this.ds.numRows, this.ds.ptrs().all);
  }
}
