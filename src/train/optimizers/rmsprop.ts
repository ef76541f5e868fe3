import { kernels } from '../../runtime/module.js';
import { stateBuffers, type Optimizer, type OptimizerOptions } from './optimizer.js';

/** RMSProp: cache = ρ·cache + (1 − ρ)·g²; x −= lr·g / (√cache + ε). */
export class RmsProp implements Optimizer {
  readonly #cache;
  constructor(readonly count: number, readonly o: OptimizerOptions) {
    [this.#cache] = stateBuffers(count, 1);
  }
  step(x: number, g: number, lr: number): void {
    kernels().rmsprop_simd(this.count, x, g, this.#cache.ptr, lr, this.o.rho, this.o.epsilon);
  }
  dispose(): void {
    this.#cache.free();
  }
}
