// The control block shared by the calling thread and the workers: an Int32Array
// of job fields and flags, and a Float64Array (same SharedArrayBuffer, after
// the ints) of f64 arguments and per-block results. src/worker.ts and the pool
// (pool.ts) both read it through controlViews.
import type { Kernels } from './kernels.js';

// GEN counts jobs (bumped to start one); DONE counts the job's finished blocks;
// NEXT holds the job's tag (GEN's low bits) above the next unclaimed block;
// SPIN_US is how long a worker polls for the next job before it sleeps.
export const I = {
  GEN: 0, DONE: 1, TYPE: 2, T: 3, K: 4, LOSS: 5, N: 6, DP: 7, C: 8, X: 9, IDX: 10, Y: 11, W: 12, B: 13,
  DW: 14, DB: 15, PARTS: 16, PART_STRIDE: 17, S: 18, S_STRIDE: 19, PRED: 20, CORRECT: 21, ERROR: 22, WGT: 23, NEXT: 24,
  SPIN_US: 25, FAULT: 26, KEEP: 27, KEEP_US: 28,
} as const;
/** Bits of NEXT below the job's tag: the block counter (blocks ≤ 255). */
export const BLOCK_BITS = 8;

/** NEXT's value when job `gen` starts: its tag, block 0. */
export function firstClaim(gen: number): number {
  return (gen << BLOCK_BITS) | 0;
}
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
 * Block k of job `gen`, claimed; or −1 when that job has no block left, or is
 * no longer the current one (a thread that woke late must not touch the next job).
 */
export function claim(ctrl: Int32Array, gen: number, K: number): number {
  for (;;) {
    const v = Atomics.load(ctrl, I.NEXT);
    if (v >>> BLOCK_BITS !== ((gen << BLOCK_BITS) >>> BLOCK_BITS) || (v & 255) >= K) return -1;
    if (Atomics.compareExchange(ctrl, I.NEXT, v, v + 1) === v) return v & 255;
  }
}

/**
 * Runs thread t's share of job `gen` (the control block's current job when t
 * looked): it claims blocks one at a time, so a thread that starts late or runs
 * slower takes fewer. Each block writes its own outputs (block 0 the gradient
 * itself, block k > 0 partial k − 1; its Σ L_i to F64 slot LOSSES + k), so the
 * results do not depend on which thread ran which block; each finished block
 * counts in DONE. t picks the thread's scratch.
 */
export function runShare(k: BlockKernels, ctrl: Int32Array, f64: Float64Array, t: number, gen: number): void {
  const K = ctrl[I.K], type = ctrl[I.TYPE], n = ctrl[I.N], Dp = ctrl[I.DP], C = ctrl[I.C];
  const S = ctrl[I.S] + t * ctrl[I.S_STRIDE], delta = f64[F.DELTA];
  for (let b = claim(ctrl, gen, K); b >= 0; b = claim(ctrl, gen, K)) {
    try {
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
    } catch {
      Atomics.store(ctrl, I.ERROR, 1);
    }
    Atomics.add(ctrl, I.DONE, 1);
    Atomics.notify(ctrl, I.DONE);
  }
}
