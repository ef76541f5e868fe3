// linclass's hot path as training runs it, through the library's parameters
// core (src/model/params.ts, the object the training loop drives): batch
// indices sampled with the seeded Rng into linear memory, one fused
// loss+gradient call, one update-rule kernel call; the data written once into a Dataset.
import { kernels } from '../../src/runtime/module.js';
import { i32, type WasmBuf } from '../../src/runtime/memory.js';
import { Rng } from '../../src/base/rng.js';
import { Params } from '../../src/model/params.js';
import { Classes } from '../../src/model/labels.js';
import type { Dataset } from '../../src/model/dataset.js';

export class LinclassBench {
  readonly params: { softmax: Params; svm: Params };
  readonly idx: WasmBuf<Int32Array>;
  readonly rng = new Rng(3);

  constructor(readonly ds: Dataset, readonly C: number, maxBatch: number) {
    const D = ds.numFeatures, W = new Float32Array(C * D), r = new Rng(5);
    for (let i = 0; i < C * D; i++) W[i] = (r.nextU32() / 2 ** 31 - 1) * 1e-3;
    const make = (loss: 'softmax' | 'svm') => {
      const p = new Params({ loss, penalty: 'l2', reg: 1e-3, l2Ratio: 0.5, delta: 1 }, D, Classes.identity(C), { scale: 1, mean: null }, 0);
      p.setWeights(W, new Float32Array(C));
      return p;
    };
    this.params = { softmax: make('softmax'), svm: make('svm') };
    this.idx = i32(maxBatch);
  }

  #p(loss: 0 | 1): Params {
    return loss === 1 ? this.params.softmax : this.params.svm;
  }

  /** One loss+gradient over a fresh random batch of B rows (sampling included). */
  batch(loss: 0 | 1, B: number): number {
    const iv = this.idx.view, N = this.ds.numRows, rng = this.rng;
    for (let i = 0; i < B; i++) iv[i] = rng.below(N);
    return this.step(loss, B, this.idx.ptr);
  }

  step(loss: 0 | 1, n: number, idx: number): number {
    const d = this.ds.ptrs();
    return this.#p(loss).step(n, d.X, idx, d.y);
  }

  /** steps × (sample, loss+gradient, SGD update). */
  epoch(loss: 0 | 1, B: number, steps: number): void {
    const k = kernels(), p = this.#p(loss);
    for (let s = 0; s < steps; s++) {
      this.batch(loss, B);
      k.sgd_simd(p.count, p.thetaPtr, p.gradPtr, 1e-7);
    }
  }

  /** Loss+gradient over every row. */
  full(loss: 0 | 1): number {
    return this.step(loss, this.ds.numRows, this.ds.ptrs().all);
  }

  dispose(): void {
    this.params.softmax.free();
    this.params.svm.free();
    this.idx.free();
  }
}
