// What every update rule offers the training loop. An optimizer owns its state
// buffers (zero at the start) in linear memory; step() is one kernel call over
// the parameters [W | b] given the gradient [dW | db] at the same layout.
import { f32, type WasmBuf } from '../../runtime/memory.js';

export interface Optimizer {
  /** One update: x ← rule(x, g, state) with learning rate lr. */
  step(x: number, g: number, lr: number): void;
  /** Frees the state buffers. */
  dispose(): void;
}

/** The update rules' hyperparameters (each rule reads the ones it names). */
export interface OptimizerOptions {
  /** μ for 'momentum' and 'nesterov'. */
  mu: number;
  /** ρ for 'rmsprop'. */
  rho: number;
  /** β1 for 'adam'. */
  beta1: number;
  /** β2 for 'adam'. */
  beta2: number;
  /** ε for 'adagrad', 'rmsprop' and 'adam'. */
  epsilon: number;
}

/** A state buffer of `count` zeros per name. */
export function stateBuffers(count: number, n: number): WasmBuf<Float32Array>[] {
  const out: WasmBuf<Float32Array>[] = [];
  try {
    for (let i = 0; i < n; i++) out.push(f32(count));
  } catch (e) {
    for (const b of out) b.free();
    throw e;
  }
  return out;
}
