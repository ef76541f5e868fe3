import { kernels } from '../../runtime/module.js';
import { stateBuffers, type Optimizer, type OptimizerOptions } from './optimizer.js';

/** Momentum: v = μ·v − lr·g; x += v. */
export class Momentum implements Optimizer {
  readonly #v;
  constructor(readonly count: number, readonly o: OptimizerOptions) {
    [this.#v] = stateBuffers(count, 1);
  }
  step(x: number, g: number, lr: number): void {
    kernels().momentum_simd(this.count, x, g, this.#v.ptr, lr, this.o.mu);
  }
  dispose(): void {
    this.#v.free();
  }
}
