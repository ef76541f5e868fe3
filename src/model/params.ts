// The parameters core: W and b of a linear model in linear memory, the
// gradient and scratch buffers its kernels need, and the kernel calls on them —
// the fused loss+gradient step, evaluation, scores — on one thread or on the
// worker pool when a call is large enough. The training loop drives it
// directly; LinearClassifier is a facade over it.
//
// Layout: theta = [W (C×Dp, pad columns zero) | b (C, padded to Cp)] and
// grad = [dW | db] back to back, so an update rule is one kernel call over both.
import { Rng } from '../base/rng.js';
import { classifierDisposed } from '../base/checks.js';
import { kernels, poolFor } from '../runtime/module.js';
import { LOSS, PENALTY, type LossName, type PenaltyName } from '../runtime/kernels.js';
import { f32, i32, freeAll, padded, checkFits, moduleGone, type WasmBuf } from '../runtime/memory.js';
import { ParBufs, parallelStep, parallelEvaluate } from '../runtime/parallel.js';
import { randn } from '../runtime/random.js';
import type { Dataset } from './dataset.js';
import type { ModelShape } from './data.js';
import type { Preprocessing } from './preprocess.js';
import type { Classes } from './labels.js';
import { checkScores, evaluationError } from './overflow.js';

/** The objective's options: loss, penalty and their constants. */
export interface Objective {
  loss: LossName;
  penalty: PenaltyName;
  /** λ, the penalty's strength. */
  reg: number;
  /** β, the weight of the squared term in 'elasticnet'. */
  l2Ratio: number;
  /** Δ, the margin of the hinge losses (svm, ova, structured). */
  delta: number;
}

/** Loss and accuracy over a dataset. */
export interface Evaluation {
  /** (1/N)Σ L_i + λR(W), the objective training minimizes. */
  loss: number;
  /** Fraction of rows whose argmax score is the label, in [0, 1]. */
  accuracy: number;
}

/** Standard deviation of the initial weights, as in the CS231n assignments. */
const INIT_SCALE = 0.001;
/** Rows per forward-kernel call in scores(). */
const SCORE_ROWS = 64;

/** C·D row-major values laid out C×Dp (pad columns left as they are: zero in fresh buffers). */
export function padRows(v: ArrayLike<number>, C: number, D: number, out: Float32Array | Float64Array): void {
  const Dp = padded(D);
  for (let c = 0; c < C; c++) for (let d = 0; d < D; d++) out[c * Dp + d] = v[c * D + d];
}

/** The first C rows of a C×Dp layout as C·D row-major float32 (a copy). */
export function unpadRows(v: Float32Array, C: number, D: number): Float32Array {
  const Dp = padded(D), out = new Float32Array(C * D);
  for (let c = 0; c < C; c++) out.set(v.subarray(c * Dp, c * Dp + D), c * D);
  return out;
}

/** theta, grad; S the kernels' scratch (scratch_floats(C)); part a step's later-block gradients; correct 1 int32. */
interface Buffers {
  theta: WasmBuf<Float32Array>; grad: WasmBuf<Float32Array>; S: WasmBuf<Float32Array>; part: WasmBuf<Float32Array>;
  correct: WasmBuf<Int32Array>;
}

export class Params implements ModelShape {
  readonly numFeatures: number;
  readonly numClasses: number;
  /** D rounded up to a multiple of 4: the row stride of W and of a Dataset's X. */
  readonly Dp: number;
  /** Floats in theta (and grad): C·Dp + padded(C). */
  readonly count: number;
  readonly objective: Readonly<Objective>;
  readonly pre: Preprocessing;
  /** The seed of the initial weights, and the default seed of training's batches. */
  readonly seed: number;
  /** The class labels, in class-index order. */
  readonly classes: Classes;
  /** What training keeps between partialFit calls (the optimizer state); freed with the parameters. */
  trainState: { dispose(): void } | null = null;
  /** True while a training loop runs on these parameters. */
  busy = false;
  /** Epochs or iterations the last training call ran (0 before any). */
  nIter = 0;
  readonly #loss: number;
  readonly #penalty: number;
  #bufs: Buffers | null;
  #par: ParBufs | null = null;

  /** Allocates the buffers and draws W = 0.001·N(0, 1) from seed; b = 0. Nothing stays allocated if it throws. */
  constructor(objective: Objective, D: number, classes: Classes, pre: Preprocessing, seed: number) {
    const k = kernels(), C = classes.length;
    this.numFeatures = D;
    this.numClasses = C;
    this.classes = classes;
    this.objective = objective;
    this.pre = pre;
    this.seed = seed;
    this.#loss = LOSS[objective.loss];
    this.#penalty = PENALTY[objective.penalty];
    const Dp = (this.Dp = padded(D));
    const count = (this.count = C * Dp + padded(C));
    // theta, grad, part and S, then the initial draw's temporaries (2·C·D uint32 bits, C·D floats):
    // checked first, so a model too large for wasm32 fails before memory grows
    checkFits(4 * (3 * count + k.scratch_floats(C)) + 12 * C * D, Math.max(4 * count, 8 * C * D));
    const made: WasmBuf<Float32Array | Int32Array>[] = [];
    const take = <B extends WasmBuf<Float32Array | Int32Array>>(b: B): B => (made.push(b), b);
    try {
      this.#bufs = {
        theta: take(f32(count)), grad: take(f32(count)),
        S: take(f32(k.scratch_floats(C))), part: take(f32(count)), correct: take(i32(1)),
      };
      padRows(randn(new Rng(seed), C * D, INIT_SCALE), C, D, this.#bufs.theta.view);
    } catch (e) {
      freeAll(...made);
      throw e;
    }
  }

  #live(): Buffers {
    if (this.#bufs === null) throw classifierDisposed();
    if (this.#bufs.theta.stale) throw moduleGone();
    return this.#bufs;
  }

  get freed(): boolean {
    return this.#bufs === null;
  }

  /** True once the module these buffers were allocated in is gone. */
  get stale(): boolean {
    return this.#bufs !== null && this.#bufs.theta.stale;
  }

  /** Throws DISPOSED once freed, or once the module these buffers were allocated in is gone. */
  ensureLive(): void {
    this.#live();
  }

  /** theta's live view (W | b); valid until the next allocation. */
  get theta(): Float32Array { return this.#live().theta.view; }
  get thetaPtr(): number { return this.#live().theta.ptr; }
  get gradPtr(): number { return this.#live().grad.ptr; }
  /** grad's live view (dW | db, the layout of theta); valid until the next allocation. */
  get grad(): Float32Array { return this.#live().grad.view; }

  /** W as C·D row-major (a copy). */
  coef(): Float32Array {
    return unpadRows(this.theta, this.numClasses, this.numFeatures);
  }

  /** b, C entries (a copy). */
  intercept(): Float32Array {
    const off = this.numClasses * this.Dp;
    return this.theta.slice(off, off + this.numClasses);
  }

  /** Copies W (C·D row-major) and b in; the caller has checked them. */
  setWeights(W: ArrayLike<number>, b: ArrayLike<number>): void {
    const v = this.theta;
    padRows(W, this.numClasses, this.numFeatures, v);
    v.set(b, this.numClasses * this.Dp);
  }

  /** The gradient the last step left, as { dW (C·D row-major), db } copies. */
  gradient(): { dW: Float32Array; db: Float32Array } {
    const g = this.#live().grad.view, off = this.numClasses * this.Dp;
    return { dW: unpadRows(g, this.numClasses, this.numFeatures), db: g.slice(off, off + this.numClasses) };
  }

  /** The buffers for calls shared with the worker pool, made on first use. */
  #parBufs(pool: NonNullable<ReturnType<typeof poolFor>>): ParBufs {
    return (this.#par ??= new ParBufs(kernels(), pool, this.numClasses, this.Dp));
  }

  /** The pool for a call over n rows, when it is large enough to share. */
  #pool(n: number): ReturnType<typeof poolFor> {
    return kernels().step_blocks(n) > 1 ? poolFor(n * this.Dp * this.numClasses) : null;
  }

  /**
   * One fused loss+gradient call over the n rows of X listed at idx (labels y,
   * row weights w or 0): leaves the gradient in grad and returns the full loss,
   * (1/n)Σ L_i + λR(W), or Σ w_i·L_i / Σ w_i + λR(W) with weights.
   */
  step(n: number, X: number, idx: number, y: number, w = 0): number {
    const b = this.#live(), o = this.objective, C = this.numClasses, Dp = this.Dp, off = C * Dp * 4;
    const W = b.theta.ptr, dW = b.grad.ptr;
    const pool = this.#pool(n);
    if (pool) {
      return parallelStep(kernels(), pool, this.#parBufs(pool), {
        loss: this.#loss, penalty: this.#penalty, n, Dp, C, X, idx, y, w, W, b: W + off, dW, db: dW + off,
        delta: o.delta, lambda: o.reg, beta: o.l2Ratio,
      });
    }
    return kernels().step_simd(n, Dp, C, X, idx, y, w, W, W + off, dW, dW + off, b.S.ptr, b.part.ptr,
      this.#loss, this.#penalty, o.delta, o.reg, o.l2Ratio);
  }

  /**
   * Evaluation of n rows listed at idx: predictions into pred (or 0), Σ w_i·L_i with labels y (or 0) and the correct
   * count. Throws INVALID_DATA when a score or the loss overflowed float32 (the kernels' total is then not finite).
   */
  #evaluate(n: number, X: number, idx: number, y: number, w: number, pred: number): { total: number; hits: number } {
    const b = this.#live(), C = this.numClasses, Dp = this.Dp, W = b.theta.ptr, bias = W + C * Dp * 4;
    const pool = this.#pool(n);
    let r: { total: number; hits: number };
    if (pool) {
      r = parallelEvaluate(kernels(), pool, this.#parBufs(pool), { loss: this.#loss, n, Dp, C, X, idx, y, w, W, b: bias, delta: this.objective.delta, pred });
    } else {
      const total = kernels().evaluate_simd(n, Dp, C, X, idx, y, w, W, bias, pred, y ? b.correct.ptr : 0, b.S.ptr, this.#loss, this.objective.delta);
      r = { total, hits: y ? b.correct.view[0] : 0 };
    }
    if (!Number.isFinite(r.total)) throw evaluationError(this, n, X, idx, r.total);
    return r;
  }

  /**
   * Mean loss (with the penalty) and accuracy over a labelled dataset, or over
   * the rows of it listed at rows.idx, in one pass; with row weights (the
   * dataset's, or w) both are weighted means, as scikit-learn's score with sample_weight.
   */
  evaluate(ds: Dataset, w = ds.ptrs().w, rows?: { n: number; idx: number }): Evaluation {
    const p = ds.ptrs(), N = rows ? rows.n : ds.numRows, idx = rows ? rows.idx : p.all, o = this.objective, k = kernels();
    const reg = k.penalty_simd(this.numClasses * this.Dp, this.thetaPtr, 0, this.#penalty, o.reg, o.l2Ratio);
    if (!w) {
      const { total, hits } = this.#evaluate(N, p.X, idx, p.y, 0, 0);
      return { loss: total / N + reg, accuracy: hits / N };
    }
    const pred = i32(N);
    try {
      const { total } = this.#evaluate(N, p.X, idx, p.y, w, pred.ptr);
      const norm = k.weight_sum(N, idx, w);
      // weighted accuracy from the predictions: Σ w_i·[pred_i = y_i] / Σ w_i
      const mem = k.memory.buffer, pv = pred.view, ix = new Int32Array(mem, idx, N);
      const yv = new Int32Array(mem, p.y, ds.numRows), wv = new Float32Array(mem, w, ds.numRows);
      let hit = 0;
      for (let i = 0; i < N; i++) if (pv[i] === yv[ix[i]]) hit += wv[ix[i]];
      return { loss: total / norm + reg, accuracy: hit / norm };
    } finally {
      pred.free();
    }
  }

  /** The class with the highest score for each row (the first on ties). */
  predict(ds: Dataset): Int32Array {
    const p = ds.ptrs(), pred = i32(ds.numRows);
    try {
      this.#evaluate(ds.numRows, p.X, p.all, 0, 0, pred.ptr);
      return pred.view.slice();
    } finally {
      pred.free();
    }
  }

  /** Scores W·x + b for every row, N·C row-major: the fused step's forward kernel, SCORE_ROWS rows a call. */
  scores(ds: Dataset): Float32Array {
    const k = kernels(), p = ds.ptrs(), N = ds.numRows, C = this.numClasses, W = this.thetaPtr;
    const S = f32(N * C);
    let P = null;
    try {
      P = f32(SCORE_ROWS * C * 4);
      for (let r = 0; r < N; r += SCORE_ROWS) {
        k.scores_nt_simd(Math.min(SCORE_ROWS, N - r), this.Dp, C, p.X, p.all + r * 4, W, W + C * this.Dp * 4, S.ptr + r * C * 4, P.ptr);
      }
      checkScores(this, S.ptr, S.view, N);
      return S.view.slice();
    } finally {
      freeAll(S, P);
    }
  }

  /** Softmax of N·C scores, row by row (a copy). */
  probabilities(scores: Float32Array): Float32Array {
    const buf = f32(scores.length);
    try {
      buf.view.set(scores);
      kernels().softmax_probs_simd(scores.length / this.numClasses, this.numClasses, buf.ptr);
      return buf.view.slice();
    } finally {
      buf.free();
    }
  }

  /** Frees every buffer, the training state's included. Calling it twice is harmless. */
  free(): void {
    const b = this.#bufs;
    if (b === null) return;
    this.#bufs = null;
    this.trainState?.dispose();
    this.trainState = null;
    freeAll(b.theta, b.grad, b.S, b.part, b.correct);
    this.#par?.dispose();
    this.#par = null;
  }
}
