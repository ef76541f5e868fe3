import { kernels } from '../../runtime/module.js';
import { stateBuffers, type Optimizer, type OptimizerOptions } from './optimizer.js';

/** Nesterov momentum: v_prev = v; v = μ·v − lr·g; x += −μ·v_prev + (1 + μ)·v. */
export class Nesterov implements Optimizer {
  readonly #v;
  constructor(readonly count: number, readonly o: OptimizerOptions) {
    [this.#v] = stateBuffers(count, 1);
  }
  step(x: number, g: number, lr: number): void {
    kernels().nesterov_simd(this.count, x, g, this.#v.ptr, lr, this.o.mu);
  }
  dispose(): void {
    this.#v.free();
  }
}
