// LinearClassifier: scores s = W·x + b with W C×D, the multiclass SVM or softmax
// loss, an L2 / L1 / elastic-net penalty on W, and evaluation. Training (fit,
// partialFit) lives in train.ts and attaches to this class.
import { f32, i32, u32, freeAll, padded, checkFits, type WasmBuf } from './buffers.js';
import { kernels, poolFor } from './wasm.js';
import { ParBufs, parallelStep, parallelEvaluate } from './parallel.js';
import type { Pool } from './threads.js';
import { LinclassError } from './errors.js';
import { LOSS, PENALTY, type LossName, type PenaltyName } from './enums.js';
import { Dataset, checkFeatures, type Features, type Labels } from './dataset.js';
import { describe, validateOptions, type Table } from './validate.js';
import { Rng } from './rng.js';
import { fitAsync, fitSync, resetState, type FitOptions, type FitProgress, type History, type TrainData, type TrainState, type TrainTarget } from './train.js';
import { isIdentity, preprocess, resolvePreprocessing, type Preprocessing, type PreprocessingInput } from './preprocess.js';
import { decodeModel, encodeModel, modelFromJSON, modelToJSON, type ModelData, type ModelJSON } from './io/model.js';

export interface ClassifierOptions {
  /** 'softmax' (cross-entropy, natural log) or 'svm' (multiclass hinge). Default 'softmax'. */
  loss?: LossName;
  /** Features per example, D ≥ 1. Required. */
  numFeatures: number;
  /** Classes, C ≥ 2. Required. */
  numClasses: number;
  /** Penalty on W (never on b): 'l2' λΣW², 'l1' λΣ|W|, 'elasticnet' λΣ(βW² + |W|), 'none'. Default 'l2'. */
  penalty?: PenaltyName;
  /** λ ≥ 0, the penalty's strength. Default 1e-4. */
  reg?: number;
  /** β ≥ 0, the weight of the squared term in 'elasticnet'. Default 0.5. */
  l2Ratio?: number;
  /** Δ > 0, the SVM margin. Default 1. */
  delta?: number;
  /** Seed in [0, 2^32) for the initial W = 0.001·N(0, 1); b starts at 0. Default 0. */
  seed?: number;
  /**
   * The map x' = x·scale − mean applied to raw feature arrays before the model
   * sees them (in fit, predict, evaluate, scores, …; a Dataset is taken as
   * already mapped). Saved in the model file. Default { scale: 1, mean: null }.
   */
  preprocessing?: PreprocessingInput;
}

type Resolved = Required<Omit<ClassifierOptions, 'preprocessing'>>;

const OPTIONS: Table = {
  loss: { kind: 'enum', values: Object.keys(LOSS), default: 'softmax' },
  numFeatures: { kind: 'number', min: 1, max: 2 ** 24, integer: true },
  numClasses: { kind: 'number', min: 2, max: 65536, integer: true },
  penalty: { kind: 'enum', values: Object.keys(PENALTY), default: 'l2' },
  reg: { kind: 'number', min: 0, max: Infinity, maxOpen: true, default: 1e-4 },
  l2Ratio: { kind: 'number', min: 0, max: Infinity, maxOpen: true, default: 0.5 },
  delta: { kind: 'number', min: 0, max: Infinity, minOpen: true, maxOpen: true, default: 1 },
  seed: { kind: 'number', min: 0, max: 2 ** 32 - 1, integer: true, default: 0 },
  preprocessing: { kind: 'any' },
};

/** Rows per forward-kernel call in scores(). */
const SCORE_ROWS = 64;

/** Standard deviation of the initial weights, as in the CS231n assignments. */
const INIT_SCALE = 0.001;

/** Loss and gradient of the full objective at the current weights. */
export interface LossAndGradient {
  /** (1/N)Σ L_i + λR(W). */
  loss: number;
  /** ∂loss/∂W, C·D row-major (a copy the caller owns). */
  dW: Float32Array;
  /** ∂loss/∂b, C entries. */
  db: Float32Array;
}

/** Loss and accuracy over a dataset. */
export interface Evaluation {
  /** (1/N)Σ L_i + λR(W), the objective training minimizes. */
  loss: number;
  /** Fraction of rows whose argmax score is the label, in [0, 1]. */
  accuracy: number;
}

/** Data arguments: a Dataset, or X (N·D row-major) with y where labels are needed. */
export type Data = Dataset | Features;

/**
 * What a forgotten classifier's finalizer frees: its buffers, and what training
 * added since (the optimizer state, the worker pool's buffers). Nothing in it
 * refers back to the classifier, which could then never be collected.
 */
interface Held {
  bufs: WasmBuf<Float32Array | Int32Array>[];
  state: TrainState | null;
  par: ParBufs | null;
}

const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<Held>((h) => {
    freeAll(...h.bufs);
    h.state?.optimizer.dispose();
    h.par?.dispose();
  })
  : null;

/**
 * A linear classifier f(x; W, b) = W·x + b over D features and C classes, with
 * its weights in WebAssembly memory. The constructor validates and stores the
 * options and draws the initial weights; dispose() frees the memory.
 *
 * @example
 * await init();
 * const clf = new LinearClassifier({ loss: 'softmax', numFeatures: 2, numClasses: 2 });
 * clf.predict(new Float32Array([1, 0, 0, 1])); // Int32Array [c0, c1]
 */
export class LinearClassifier {
  readonly #o: Resolved;
  readonly #C: number;
  readonly #D: number;
  readonly #Dp: number;
  readonly #pre: Preprocessing;
  /**
   * @internal theta = [W (C×Dp) | b (Cp)] and grad = [dW | db] back to back, so an
   * update rule is one kernel call over both; S is kernel scratch (scratch_floats(C)), part the partial gradient of a step's later
   * row blocks, correct 1 int32.
   * Null after dispose.
   */
  protected bufs: {
    theta: WasmBuf<Float32Array>; grad: WasmBuf<Float32Array>; S: WasmBuf<Float32Array>; part: WasmBuf<Float32Array>;
    correct: WasmBuf<Int32Array>;
  } | null;
  readonly #token = {};
  readonly #held: Held = { bufs: [], state: null, par: null };
  #target: TrainTarget | null = null;

  constructor(options: ClassifierOptions) {
    const { preprocessing, ...o } = validateOptions<ClassifierOptions>('LinearClassifier', OPTIONS, options);
    this.#o = o as Resolved;
    const k = kernels();
    const C = (this.#C = this.#o.numClasses);
    const D = (this.#D = this.#o.numFeatures);
    this.#pre = resolvePreprocessing(preprocessing, D);
    const Dp = (this.#Dp = padded(D));
    const count = C * Dp + padded(C);
    // theta, grad, part and S, then #initWeights' temporaries (2·C·D uint32 bits, C·D floats):
    // checked first, so a model too large for wasm32 fails before memory grows
    checkFits(4 * (3 * count + k.scratch_floats(C)) + 12 * C * D, Math.max(4 * count, 8 * C * D));
    const made: WasmBuf<Float32Array | Int32Array>[] = [];
    const take = <B extends WasmBuf<Float32Array | Int32Array>>(b: B): B => (made.push(b), b);
    try {
      this.bufs = {
        theta: take(f32(count)), grad: take(f32(count)),
        S: take(f32(k.scratch_floats(C))), part: take(f32(count)), correct: take(i32(1)),
      };
      this.#initWeights(this.#o.seed);
    } catch (e) {
      freeAll(...made);
      throw e;
    }
    this.#held.bufs = made;
    registry?.register(this, this.#held, this.#token);
  }

  #initWeights(seed: number): void {
    const k = kernels();
    const C = this.#C, D = this.#D, Dp = this.#Dp;
    const bits = u32(2 * C * D);
    const z = f32(C * D);
    try {
      new Rng(seed).fill(bits.view);
      k.randn_fill(C * D, bits.ptr, z.ptr, INIT_SCALE);
      const W = this.#live().theta.view, zv = z.view;
      for (let c = 0; c < C; c++) W.set(zv.subarray(c * D, c * D + D), c * Dp);
    } finally {
      freeAll(bits, z);
    }
  }

  /** Features per example D. */
  get numFeatures(): number { return this.#D; }
  /** Classes C. */
  get numClasses(): number { return this.#C; }
  /** The resolved options (a copy). */
  get options(): Required<ClassifierOptions> { return { ...this.#o, preprocessing: this.preprocessing }; }
  /** The map applied to raw features, x' = x·scale − mean (a copy). */
  get preprocessing(): Preprocessing {
    return { scale: this.#pre.scale, mean: this.#pre.mean && this.#pre.mean.slice() };
  }

  /** @internal The live buffers; throws once disposed. */
  #live(): NonNullable<LinearClassifier['bufs']> {
    if (this.bufs === null) throw new LinclassError('DISPOSED', 'This LinearClassifier has been disposed; create a new one.');
    return this.bufs;
  }

  /** Byte offset of b within theta and grad. */
  get #bOffset(): number { return this.#C * this.#Dp * 4; }

  /** W as C·D row-major float32 (a copy). */
  get coef(): Float32Array {
    const W = this.#live().theta.view, C = this.#C, D = this.#D, Dp = this.#Dp;
    const out = new Float32Array(C * D);
    for (let c = 0; c < C; c++) out.set(W.subarray(c * Dp, c * Dp + D), c * D);
    return out;
  }

  /** b, C entries (a copy). */
  get intercept(): Float32Array {
    const off = this.#C * this.#Dp;
    return this.#live().theta.view.slice(off, off + this.#C);
  }

  /**
   * Replaces W (C·D row-major) and b (C entries); both are copied in. Throws
   * LinclassError('INVALID_ARGUMENT') for a wrong type, length or a non-finite
   * value, leaving the weights unchanged.
   */
  setWeights(W: Features, b: Features): void {
    const bufs = this.#live();
    const C = this.#C, D = this.#D, Dp = this.#Dp;
    checkParam('W', W, C * D, `C·D = ${C}·${D} = ${C * D}`);
    checkParam('b', b, C, `C = ${C}`);
    const wv = bufs.theta.view;
    for (let c = 0; c < C; c++) for (let d = 0; d < D; d++) wv[c * Dp + d] = W[c * D + d];
    wv.set(b, C * Dp);
  }

  /**
   * The full loss (1/N)Σ L_i + λR(W) and its gradient at the current weights,
   * over every row of X. X: a labelled Dataset, or N·D features with y (N labels
   * in [0, C)). Throws LinclassError('INVALID_DATA') for data that does not fit.
   */
  lossAndGradient(X: Data, y?: Labels): LossAndGradient {
    const bufs = this.#live();
    return this.withData(X, y, true, (ds) => {
      const p = ds.ptrs();
      const loss = this.stepKernel(ds.numRows, p.X, p.all, p.y);
      const C = this.#C, D = this.#D, Dp = this.#Dp;
      const g = bufs.grad.view, dW = new Float32Array(C * D);
      for (let c = 0; c < C; c++) dW.set(g.subarray(c * Dp, c * Dp + D), c * D);
      return { loss, dW, db: g.slice(C * Dp, C * Dp + C) };
    });
  }

  /**
   * @internal One fused loss+gradient call over n rows listed at idx; leaves the
   * gradient in the dW/db buffers and returns the full loss.
   */
  protected stepKernel(n: number, X: number, idx: number, y: number): number {
    const b = this.#live(), o = this.#o, off = this.#bOffset, k = kernels();
    const pool = k.step_blocks(n) > 1 ? poolFor(n * this.#Dp * this.#C) : null;
    if (pool) {
      return parallelStep(k, pool, this.#parBufs(pool), {
        loss: LOSS[o.loss], penalty: PENALTY[o.penalty], n, Dp: this.#Dp, C: this.#C, X, idx, y, W: b.theta.ptr, b: b.theta.ptr + off,
        dW: b.grad.ptr, db: b.grad.ptr + off, delta: o.delta, lambda: o.reg, beta: o.l2Ratio,
      });
    }
    return k.step_simd(LOSS[o.loss], PENALTY[o.penalty], n, this.#Dp, this.#C, X, idx, y,
      b.theta.ptr, b.theta.ptr + off, b.S.ptr, b.grad.ptr, b.grad.ptr + off, b.part.ptr, o.delta, o.reg, o.l2Ratio);
  }

  /** Evaluation of n rows listed at idx, on the pool when it pays: Σ L_i (with labels) and the correct count. */
  #evalKernel(n: number, X: number, idx: number, y: number, pred: number): { total: number; hits: number } {
    const b = this.#live(), o = this.#o, k = kernels();
    const pool = k.step_blocks(n) > 1 ? poolFor(n * this.#Dp * this.#C) : null;
    if (pool) {
      return parallelEvaluate(k, pool, this.#parBufs(pool), {
        loss: LOSS[o.loss], n, Dp: this.#Dp, C: this.#C, X, idx, y, W: b.theta.ptr, b: b.theta.ptr + this.#bOffset, delta: o.delta, pred,
      });
    }
    const total = k.evaluate_simd(LOSS[o.loss], n, this.#Dp, this.#C, X, idx, y,
      b.theta.ptr, b.theta.ptr + this.#bOffset, b.S.ptr, pred, y ? b.correct.ptr : 0, o.delta);
    return { total, hits: y ? b.correct.view[0] : 0 };
  }

  /** The buffers for calls shared with the worker pool, made on first use. */
  #parBufs(pool: Pool): ParBufs {
    return (this.#held.par ??= new ParBufs(kernels(), pool, this.#C, this.#Dp, kernels().step_blocks(2 ** 30)));
  }

  /** Scores W·x + b for every row: N·C float32, row-major. */
  scores(X: Data): Float32Array {
    const bufs = this.#live();
    return this.withData(X, undefined, false, (ds) => {
      const k = kernels(), p = ds.ptrs(), N = ds.numRows, C = this.#C;
      // the fused step's forward kernel, SCORE_ROWS rows a call, straight into the output
      const S = f32(N * C), P = f32(SCORE_ROWS * C * 4);
      try {
        for (let r = 0; r < N; r += SCORE_ROWS) {
          k.forward_tiled_simd(Math.min(SCORE_ROWS, N - r), this.#Dp, C, p.X, p.all + r * 4,
            bufs.theta.ptr, bufs.theta.ptr + this.#bOffset, S.ptr + r * C * 4, P.ptr);
        }
        return S.view.slice();
      } finally {
        freeAll(S, P);
      }
    });
  }

  /** The same as scores(): the name scikit-learn uses. */
  decisionFunction(X: Data): Float32Array {
    return this.scores(X);
  }

  /** Class probabilities (softmax of the scores), N·C row-major. Only for loss 'softmax'. */
  predictProba(X: Data): Float32Array {
    if (this.#o.loss !== 'softmax') {
      this.#live();
      throw new LinclassError('NOT_SUPPORTED',
        "predictProba needs loss 'softmax': SVM scores are not probabilities. This classifier has loss 'svm'; use scores() or predict() instead.");
    }
    const S = this.scores(X);
    const k = kernels(), N = S.length / this.#C;
    const buf = f32(S.length);
    try {
      buf.view.set(S);
      k.softmax_probs_simd(N, this.#C, buf.ptr);
      return buf.view.slice();
    } finally {
      buf.free();
    }
  }

  /** The class with the highest score for each row (the first on ties): N int32. */
  predict(X: Data): Int32Array {
    const bufs = this.#live();
    return this.withData(X, undefined, false, (ds) => {
      const k = kernels(), p = ds.ptrs(), N = ds.numRows;
      const pred = i32(N);
      try {
        this.#evalKernel(N, p.X, p.all, 0, pred.ptr);
        return pred.view.slice();
      } finally {
        pred.free();
      }
    });
  }

  /** Mean loss (with the penalty) and accuracy over labelled data, in one pass. */
  evaluate(X: Data, y?: Labels): Evaluation {
    const bufs = this.#live();
    return this.withData(X, y, true, (ds) => {
      const k = kernels(), p = ds.ptrs(), N = ds.numRows, o = this.#o;
      const { total, hits } = this.#evalKernel(N, p.X, p.all, p.y, 0);
      const reg = k.penalty_simd(PENALTY[o.penalty], this.#C * this.#Dp, bufs.theta.ptr, 0, o.reg, o.l2Ratio);
      return { loss: total / N + reg, accuracy: hits / N };
    });
  }

  /** Accuracy over labelled data, in [0, 1] (scikit-learn's name). */
  score(X: Data, y?: Labels): number {
    return this.evaluate(X, y).accuracy;
  }

  /**
   * Trains from the current weights (the seeded initial W, or what setWeights
   * set) with a fresh optimizer state: `epochs` passes of mini-batch steps, each
   * one fused loss+gradient call and one update. Options are checked before
   * anything changes. A non-finite loss throws LinclassError('DIVERGED') with the
   * weights of the last finite step kept.
   *
   * @example
   * const h = clf.fit({ X, y }, { epochs: 10, batchSize: 32, optimizer: 'adam', learningRate: 1e-2 });
   * h.epochs.at(-1).trainAccuracy;
   */
  fit(train: TrainData, options: FitOptions = {}): History {
    return fitSync(this.#train(), 'fit', train, options);
  }

  /**
   * One epoch that keeps the optimizer state, the sampling stream and the epoch
   * count between calls (while the optimizer options stay the same), so two
   * partialFit calls equal fit with epochs: 2.
   */
  partialFit(train: TrainData, options: Omit<FitOptions, 'epochs' | 'earlyStopping'> = {}): History {
    return fitSync(this.#train(), 'partialFit', train, options);
  }

  /**
   * fit as an async iterator: trains in slices of a few milliseconds and yields
   * progress between them, so a page stays responsive. Breaking out of the loop
   * stops training with the weights reached so far.
   *
   * @example
   * for await (const p of clf.fitAsync(train, { epochs: 5 })) if (p.record) console.log(p.record);
   */
  fitAsync(train: TrainData, options: FitOptions = {}): AsyncGenerator<FitProgress, History> {
    return fitAsync(this.#train(), train, options);
  }

  /** The handle the training loop drives; made once. */
  #train(): TrainTarget {
    this.#live();
    if (this.#target) return this.#target;
    const self = this, C = this.#C, Dp = this.#Dp, held = this.#held;
    const count = C * Dp + padded(C);
    return (this.#target = {
      count,
      seed: this.#o.seed,
      // kept in #held, where the finalizer finds it
      get state() { return held.state; },
      set state(s: TrainState | null) { held.state = s; },
      busy: false,
      thetaPtr: () => self.#live().theta.ptr,
      gradPtr: () => self.#live().grad.ptr,
      theta: () => self.#live().theta.view,
      step: (n, X, idx, y) => self.stepKernel(n, X, idx, y),
      evaluate: (ds) => self.evaluate(ds),
      checkDataset: (ds, labels) => self.checkDataset(ds, labels),
      dataset: (X, y) => self.toDataset(X, y),
    });
  }

  /**
   * The model file: options, preprocessing, W and b in the versioned binary
   * format of docs/model-format.md, with a CRC-32. Works in every runtime.
   *
   * @example
   * const bytes = clf.save();                      // Uint8Array
   * const same = LinearClassifier.load(bytes);     // predicts exactly as clf does
   */
  save(): Uint8Array {
    return encodeModel(this.#model());
  }

  /**
   * Reads a model file written by save(). Throws LinclassError('INVALID_DATA')
   * naming what is wrong (magic, version, sizes against the byte length,
   * checksum, a value out of range) before allocating anything the header sizes.
   */
  static load(bytes: Uint8Array | ArrayBuffer): LinearClassifier {
    return LinearClassifier.#fromModel(decodeModel(bytes), 'file');
  }

  /**
   * The model as a plain JSON-ready object (what JSON.stringify(clf) writes):
   * the same fields as the binary file, arrays as numbers.
   */
  toJSON(): ModelJSON {
    return modelToJSON(this.#model());
  }

  /**
   * Builds a classifier from toJSON()'s object or its text. Throws
   * LinclassError('INVALID_DATA') for a wrong format tag, version, length or value.
   */
  static fromJSON(json: unknown): LinearClassifier {
    return LinearClassifier.#fromModel(modelFromJSON(json), 'JSON');
  }

  #model(): ModelData {
    const o = this.#o;
    return {
      loss: o.loss, penalty: o.penalty, numFeatures: this.#D, numClasses: this.#C, reg: o.reg, l2Ratio: o.l2Ratio,
      delta: o.delta, seed: o.seed, preprocessing: this.preprocessing, W: this.coef, b: this.intercept,
    };
  }

  static #fromModel(m: ModelData, kind: string): LinearClassifier {
    const { W, b, ...options } = m;
    let clf: LinearClassifier;
    try {
      clf = new LinearClassifier(options);
    } catch (e) {
      if (!(e instanceof LinclassError) || e.code !== 'INVALID_OPTION') throw e;
      throw new LinclassError('INVALID_DATA', `Not a valid linclass model ${kind}: ${e.message}`);
    }
    try {
      clf.setWeights(W, b);
    } catch (e) {
      clf.dispose();
      if (!(e instanceof LinclassError)) throw e;
      throw new LinclassError('INVALID_DATA', `Not a valid linclass model ${kind}: ${e.message}`);
    }
    return clf;
  }

  /** Frees the classifier's WebAssembly memory; any later call throws. Calling it twice is harmless. */
  dispose(): void {
    if (this.bufs === null) return;
    if (this.#target) resetState(this.#target);
    registry?.unregister(this.#token);
    const b = this.bufs;
    this.bufs = null;
    freeAll(b.theta, b.grad, b.S, b.part, b.correct);
    this.#held.par?.dispose();
    this.#held.par = null;
  }

  /** True after dispose(). */
  get disposed(): boolean {
    return this.bufs === null;
  }

  /**
   * @internal Runs fn on X as a Dataset: a given Dataset is checked against this
   * classifier, raw arrays are copied into a temporary one freed afterwards.
   */
  protected withData<T>(X: Data, y: Labels | undefined, labels: boolean, fn: (ds: Dataset) => T): T {
    this.#live();
    if (X instanceof Dataset) {
      if (y !== undefined) {
        throw new LinclassError('INVALID_ARGUMENT', 'Labels go inside the Dataset (Dataset.from(X, y, …)); do not pass y next to a Dataset.');
      }
      this.checkDataset(X, labels);
      return fn(X);
    }
    checkFeatures(X, this.#D);
    if (labels && y == null) {
      throw new LinclassError('INVALID_DATA', 'Labels are needed here: pass y (one integer label per row) or a labelled Dataset.');
    }
    const ds = this.toDataset(X, labels ? y : null);
    try {
      this.checkDataset(ds, labels);
      return fn(ds);
    } finally {
      ds.dispose();
    }
  }

  /**
   * Copies raw features (N·D row-major) and optional labels into a Dataset in
   * this model's feature space: the preprocessing is applied on the way in. Pass
   * it to fit, evaluate or predict many times without copying again.
   *
   * @example
   * const ds = clf.toDataset(pixels, labels); // x·scale − mean, in WebAssembly memory
   * clf.score(ds);
   */
  toDataset(X: Features, y?: Labels | null): Dataset {
    this.#live();
    const D = this.#D;
    if (isIdentity(this.#pre)) return Dataset.from(X, y, { numFeatures: D });
    const N = checkFeatures(X, D);
    checkFits(4 * N * this.#Dp + (y == null ? 0 : 4 * N), 4 * N * this.#Dp); // before preprocess copies X in JS
    return Dataset.from(preprocess(X, D, this.#pre), y, { numFeatures: D });
  }

  /** @internal Throws unless ds fits this classifier (features, labels in [0, C)). */
  protected checkDataset(ds: Dataset, labels: boolean): void {
    if (ds.disposed) throw new LinclassError('DISPOSED', 'This Dataset has been disposed; create a new one with Dataset.from.');
    if (ds.numFeatures !== this.#D) {
      throw new LinclassError('INVALID_DATA',
        `The Dataset has ${ds.numFeatures} features per row but this LinearClassifier has numFeatures ${this.#D}.`);
    }
    if (!labels) return;
    if (!ds.hasLabels) throw new LinclassError('INVALID_DATA', 'This Dataset has no labels; create it with Dataset.from(X, y, …) to train or evaluate.');
    if (ds.maxLabel >= this.#C) {
      throw new LinclassError('INVALID_DATA',
        `The data has label ${ds.maxLabel}, but this LinearClassifier has numClasses ${this.#C}: labels must be integers in [0, ${this.#C - 1}].`);
    }
  }
}

/** Throws unless v is a numeric array of exactly `length` finite values. */
function checkParam(name: string, v: unknown, length: number, shape: string): void {
  const numeric = ArrayBuffer.isView(v) ? !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array) : Array.isArray(v);
  if (!numeric || (v as ArrayLike<number>).length !== length) {
    throw new LinclassError('INVALID_ARGUMENT',
      `setWeights: ${name} must be a Float32Array (or an array of numbers) of ${shape} values. Got ${describe(v)} instead.`);
  }
  const a = v as ArrayLike<number>;
  for (let i = 0; i < length; i++) {
    const x = a[i];
    if (typeof x !== 'number' || !Number.isFinite(x) || Math.abs(x) > 3.4028234663852886e38) {
      throw new LinclassError('INVALID_ARGUMENT', `setWeights: ${name}[${i}] is ${describe(x)}; weights must be finite float32 numbers.`);
    }
  }
}
