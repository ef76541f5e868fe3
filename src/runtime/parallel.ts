// A step or an evaluation shared by the worker pool, finished the way the
// single-thread kernels finish it (assembly/step.ts, assembly/eval.ts): the
// blocks' Σ L_i added in block order, block k's partial gradient added to the
// gradient for k = 1 … K − 1 in order, then the penalty. Same bits as one thread.
// With threadThreshold 'auto' the dispatcher (dispatch.ts) may keep a call on
// this thread instead; each call's time goes back to it.
import { f32, i32, padded, freeAll, type WasmBuf } from './memory.js';
import type { Kernels } from './kernels.js';
import type { Pool } from './pool.js';
import { JOB } from './pool-layout.js';
import { dispatcher } from './module.js';
import type { CallKind } from './dispatch.js';

/** Per-classifier buffers for shared calls: block partials, per-thread scratch, per-block counts. */
export class ParBufs {
  readonly parts: WasmBuf<Float32Array>;
  readonly S: WasmBuf<Float32Array>;
  readonly correct: WasmBuf<Int32Array>;
  readonly count: number;
  readonly sFloats: number;

  constructor(k: Kernels, pool: Pool, C: number, Dp: number) {
    const maxBlocks = pool.maxBlocks;
    this.count = C * Dp + padded(C);
    this.sFloats = padded(k.scratch_floats(C));
    this.parts = f32((maxBlocks - 1) * this.count);
    try {
      this.S = f32(pool.threads * this.sFloats);
      this.correct = i32(maxBlocks);
    } catch (e) {
      this.parts.free();
      throw e;
    }
  }

  dispose(): void {
    freeAll(this.parts, this.S, this.correct);
  }
}

export interface StepArgs {
  loss: number; penalty: number; n: number; Dp: number; C: number; X: number; idx: number; y: number; w: number;
  W: number; b: number; dW: number; db: number; delta: number; lambda: number; beta: number;
}

/**
 * Runs a call of `work` the way the dispatcher picks, `alone` on this thread or
 * `together` on every thread (always together with a fixed threadThreshold),
 * and gives it the call's time. A call timed alone among shared ones keeps the
 * workers polling through it (Pool.keepWarm), so the next shared call finds them awake.
 */
function dispatched<T>(kind: CallKind, work: number, pool: Pool, alone: () => T, together: () => T): T {
  const d = dispatcher();
  if (d === null) return together();
  const shared = d.shared(kind, work), t0 = performance.now();
  if (!shared) pool.keepWarm(1000 * d.oneThreadMs(kind, work) + pool.spinMicros);
  const result = shared ? together() : alone();
  d.record(kind, work, shared, performance.now() - t0);
  return result;
}

/**
 * The fused step: over K = step_blocks(n) blocks on every thread, or, when the
 * dispatcher measured one thread faster for calls of this size, in one
 * step_simd call here (the same bits). Returns (1/n)Σ L_i + λR(W) (weighted:
 * Σ w_i·L_i / Σ w_i + λR(W)).
 */
export function parallelStep(k: Kernels, pool: Pool, bufs: ParBufs, a: StepArgs): number {
  return dispatched('step', a.n * a.Dp * a.C, pool, () => k.step_simd(a.n, a.Dp, a.C, a.X, a.idx, a.y, a.w, a.W, a.b, a.dW, a.db,
    bufs.S.ptr, bufs.parts.ptr, a.loss, a.penalty, a.delta, a.lambda, a.beta), () => {
    const K = k.step_blocks(a.n);
    const norm = a.w ? k.weight_sum(a.n, a.idx, a.w) : a.n;
    pool.run({
      type: JOB.STEP, K, loss: a.loss, n: a.n, Dp: a.Dp, C: a.C, X: a.X, idx: a.idx, y: a.y, w: a.w, W: a.W, b: a.b, dW: a.dW, db: a.db,
      parts: bufs.parts.ptr, partStride: bufs.count * 4, S: bufs.S.ptr, sStride: bufs.sFloats * 4, pred: 0, correct: 0, delta: a.delta, norm,
    });
    let total = 0;
    for (let b = 0; b < K; b++) total += pool.blockLoss(b);
    for (let b = 1; b < K; b++) {
      const part = bufs.parts.ptr + (b - 1) * bufs.count * 4;
      k.add_simd(a.C * a.Dp, part, a.dW);
      k.add_scalar(a.C, part + a.C * a.Dp * 4, a.db);
    }
    const reg = k.penalty_simd(a.C * a.Dp, a.W, a.dW, a.penalty, a.lambda, a.beta);
    return total / norm + reg;
  });
}

/** Evaluation over K blocks on every thread (or here, as parallelStep decides): predictions into pred, Σ w_i·L_i and the correct count. */
export function parallelEvaluate(k: Kernels, pool: Pool, bufs: ParBufs,
  a: Omit<StepArgs, 'penalty' | 'dW' | 'db' | 'lambda' | 'beta'> & { pred: number }): { total: number; hits: number } {
  const c = bufs.correct.view;
  return dispatched('eval', a.n * a.Dp * a.C, pool, () => {
    const total = k.evaluate_simd(a.n, a.Dp, a.C, a.X, a.idx, a.y, a.w, a.W, a.b, a.pred, a.y ? bufs.correct.ptr : 0, bufs.S.ptr, a.loss, a.delta);
    return { total, hits: a.y ? c[0] : 0 };
  }, () => {
    const K = k.step_blocks(a.n);
    pool.run({
      type: JOB.EVAL, K, loss: a.loss, n: a.n, Dp: a.Dp, C: a.C, X: a.X, idx: a.idx, y: a.y, w: a.w, W: a.W, b: a.b, dW: 0, db: 0,
      parts: 0, partStride: 0, S: bufs.S.ptr, sStride: bufs.sFloats * 4, pred: a.pred, correct: a.y ? bufs.correct.ptr : 0, delta: a.delta, norm: 0,
    });
    let total = 0, hits = 0;
    for (let b = 0; b < K; b++) {
      total += pool.blockLoss(b);
      if (a.y) hits += c[b];
    }
    return { total, hits };
  });
}
