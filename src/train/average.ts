// Averaged SGD (Polyak–Ruppert averaging, scikit-learn's `average`): the mean
// of the iterates from the step where averaging starts on. Each step adds the
// weights into a float32 sum in linear memory (one add_simd call); every
// FLUSH steps the sum is folded into a float64 total on the host, so the mean
// of many thousands of steps keeps float32's precision.
import { kernels } from '../runtime/module.js';
import { f32, type WasmBuf } from '../runtime/memory.js';

const FLUSH = 256;

export class Averager {
  private readonly sum: WasmBuf<Float32Array>;
  private readonly total: Float64Array;
  /** The iterate, kept while theta holds the average. */
  private readonly raw: Float32Array;
  private pending = 0;
  private terms = 0;

  /** count: floats in theta; start: rows seen before averaging begins (0: from the first step). */
  constructor(readonly count: number, readonly start: number) {
    this.sum = f32(count);
    this.total = new Float64Array(count);
    this.raw = new Float32Array(count);
  }

  /** True once an iterate has been averaged. */
  get active(): boolean {
    return this.terms > 0;
  }

  /** After a step: adds the weights at theta once `rowsSeen` has reached the start. */
  add(theta: number, rowsSeen: number): void {
    if (rowsSeen < this.start) return;
    kernels().add_simd(this.count, theta, this.sum.ptr);
    this.terms++;
    if (++this.pending === FLUSH) this.flush();
  }

  private flush(): void {
    const s = this.sum.view, t = this.total;
    for (let i = 0; i < this.count; i++) t[i] += s[i];
    s.fill(0);
    this.pending = 0;
  }

  /** theta becomes the average (the iterate is kept for restore()). */
  swapIn(theta: Float32Array): void {
    if (!this.active) return;
    this.flush();
    this.raw.set(theta);
    const t = this.total, k = this.terms;
    for (let i = 0; i < this.count; i++) theta[i] = t[i] / k;
  }

  /** theta becomes the iterate again, to go on training from it. */
  restore(theta: Float32Array): void {
    if (this.active) theta.set(this.raw);
  }

  dispose(): void {
    this.sum.free();
  }
}
