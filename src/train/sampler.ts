// Mini-batches as int32 row indices in linear memory, drawn with the seeded
// Rng: shuffled epochs (each row once per epoch, a short last batch when
// batchSize does not divide N), draws with replacement (as the CS231n code
// does), or the whole set in order (full-batch gradient descent). The rows are
// those listed at `all`: every row of a dataset (0 … N−1), or the training
// part of a held-out split. next() writes into buffers allocated once:
// nothing is allocated per step.
import { i32, type WasmBuf } from '../runtime/memory.js';
import { kernels } from '../runtime/module.js';
import type { Rng } from '../base/rng.js';

export type Sampling = 'shuffle' | 'replacement';

export class Sampler {
  readonly stepsPerEpoch: number;
  /** After next(): pointer to the batch's row indices and their count. */
  ptr = 0;
  n = 0;
  readonly #N: number;
  readonly #B: number;
  readonly #mode: Sampling | 'full';
  readonly #buf: WasmBuf<Int32Array> | null;
  readonly #all: number;
  readonly #rng: Rng;

  /** all: pointer to the N row indices to draw from (a Dataset's 0 … N−1, or a subset). */
  constructor(N: number, batchSize: number, mode: Sampling, rng: Rng, all: number) {
    this.#N = N;
    this.#B = Math.min(batchSize, N);
    this.#mode = this.#B === N ? 'full' : mode;
    this.#rng = rng;
    this.#all = all;
    this.stepsPerEpoch = Math.ceil(N / this.#B);
    this.#buf = this.#mode === 'full' ? null : i32(this.#mode === 'shuffle' ? N : this.#B);
  }

  /**
   * Starts an epoch: when shuffling, a Fisher–Yates permutation of the rows
   * drawn afresh (from their listed order, so an epoch's order depends only on
   * the Rng's stream: partialFit epochs match fit's).
   */
  beginEpoch(): void {
    if (this.#mode !== 'shuffle') return;
    const v = this.#buf!.view, rng = this.#rng;
    v.set(this.#rows());
    for (let i = this.#N - 1; i > 0; i--) {
      const j = rng.below(i + 1);
      const t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
  }

  /** Sets ptr and n to batch s (0-based) of the current epoch. */
  next(s: number): void {
    if (this.#mode === 'full') {
      this.ptr = this.#all;
      this.n = this.#N;
    } else if (this.#mode === 'shuffle') {
      const start = s * this.#B;
      this.ptr = this.#buf!.ptr + start * 4;
      this.n = Math.min(this.#B, this.#N - start);
    } else {
      const v = this.#buf!.view, rng = this.#rng, N = this.#N, rows = this.#rows();
      for (let i = 0; i < this.#B; i++) v[i] = rows[rng.below(N)];
      this.ptr = this.#buf!.ptr;
      this.n = this.#B;
    }
  }

  /** The current batch's row indices (a copy; for tests and inspection). */
  current(): Int32Array {
    if (this.#mode === 'full') return this.#rows().slice();
    const v = this.#buf!.view, off = (this.ptr - this.#buf!.ptr) / 4;
    return v.slice(off, off + this.n);
  }

  /** The row list at `all` (a fresh view: memory may have grown). */
  #rows(): Int32Array {
    return new Int32Array(kernels().memory.buffer, this.#all, this.#N);
  }

  dispose(): void {
    this.#buf?.free();
  }
}
