import { kernels } from '../../runtime/module.js';
import type { Optimizer } from './optimizer.js';

/** Vanilla update x −= lr·g. No state. */
export class Sgd implements Optimizer {
  constructor(readonly count: number) {}
  step(x: number, g: number, lr: number): void {
    kernels().sgd_simd(this.count, x, g, lr);
  }
  dispose(): void {}
}
