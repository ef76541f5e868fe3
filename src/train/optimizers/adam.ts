import { kernels } from '../../runtime/module.js';
import { stateBuffers, type Optimizer, type OptimizerOptions } from './optimizer.js';

/**
 * Adam with bias correction: m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
 * x −= lr·(m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε), t counting steps from 1.
 */
export class Adam implements Optimizer {
  readonly #m;
  readonly #v;
  #t = 0;
  constructor(readonly count: number, readonly o: OptimizerOptions) {
    [this.#m, this.#v] = stateBuffers(count, 2);
  }
  step(x: number, g: number, lr: number): void {
    this.#t++;
    const o = this.o;
    kernels().adam_simd(this.count, x, g, this.#m.ptr, this.#v.ptr, lr, o.beta1, o.beta2, o.epsilon, this.#t);
  }
  dispose(): void {
    this.#m.free();
    this.#v.free();
  }
}
