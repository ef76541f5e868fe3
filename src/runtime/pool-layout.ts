// The control block shared by the calling thread and the workers: an Int32Array
// of job fields and flags, and a Float64Array (same SharedArrayBuffer, after
// the ints) of f64 arguments and per-block results. src/worker.ts and the pool
// (pool.ts) both read it through controlViews.
import type { Kernels } from './kernels.js';

export const I = {
  GEN: 0, DONE: 1, TYPE: 2, T: 3, K: 4, LOSS: 5, N: 6, DP: 7, C: 8, X: 9, IDX: 10, Y: 11, W: 12, B: 13,
  DW: 14, DB: 15, PARTS: 16, PART_STRIDE: 17, S: 18, S_STRIDE: 19, PRED: 20, CORRECT: 21, ERROR: 22, WGT: 23,
} as const;
/** Int32 slots before the f64 part (room for I's fields, 8-byte aligned). */
const INTS = 32;
/** F64 slots: [0] delta, [1] a step's normaliser (rows, or their weight sum), [LOSSES + k] the Σ L_i of block k. */
export const F = { DELTA: 0, NORM: 1, LOSSES: 8 } as const;

/** Bytes of a control block for steps of at most maxBlocks blocks (the module's MAX_BLOCKS). */
export function controlBytes(maxBlocks: number): number {
  return INTS * 4 + (F.LOSSES + maxBlocks) * 8;
}

/** The control block's two views, the same on the calling thread and on the workers. */
export function controlViews(sab: SharedArrayBuffer): { ctrl: Int32Array; f64: Float64Array } {
  return { ctrl: new Int32Array(sab, 0, INTS), f64: new Float64Array(sab, INTS * 4) };
}

export const JOB = { STOP: 0, STEP: 1, EVAL: 2 } as const;

/** The exports a worker calls. */
export type BlockKernels = Pick<Kernels, 'step_block_simd' | 'evaluate_block_simd' | 'block_start'>;

/**
 * Runs thread t's share of the job in the control block: blocks k with
 * k % T == t, each writing its own outputs (block 0 the gradient itself, block
 * k > 0 partial k − 1; its Σ L_i to F64 slot LOSSES + k).
 */
export function runShare(k: BlockKernels, ctrl: Int32Array, f64: Float64Array, t: number): void {
  const T = ctrl[I.T], K = ctrl[I.K], type = ctrl[I.TYPE], n = ctrl[I.N], Dp = ctrl[I.DP], C = ctrl[I.C];
  const S = ctrl[I.S] + t * ctrl[I.S_STRIDE], delta = f64[F.DELTA];
  for (let b = t; b < K; b += T) {
    const r0 = k.block_start(b, K, n), r1 = k.block_start(b + 1, K, n);
    if (type === JOB.STEP) {
      const dW = b === 0 ? ctrl[I.DW] : ctrl[I.PARTS] + (b - 1) * ctrl[I.PART_STRIDE];
      const db = b === 0 ? ctrl[I.DB] : dW + C * Dp * 4;
      f64[F.LOSSES + b] = k.step_block_simd(r0, r1, Dp, C, ctrl[I.X], ctrl[I.IDX], ctrl[I.Y], ctrl[I.WGT],
        ctrl[I.W], ctrl[I.B], dW, db, S, ctrl[I.LOSS], delta, f64[F.NORM]);
    } else {
      f64[F.LOSSES + b] = k.evaluate_block_simd(r0, r1, Dp, C, ctrl[I.X], ctrl[I.IDX], ctrl[I.Y], ctrl[I.WGT],
        ctrl[I.W], ctrl[I.B], ctrl[I.PRED], ctrl[I.CORRECT] === 0 ? 0 : ctrl[I.CORRECT] + b * 4, S, ctrl[I.LOSS], delta);
    }
  }
}
