// LinearClassifier: the scikit-learn-shaped facade over a Params core (model/params.ts).
// It checks arguments, adapts data and delegates: the kernels, the training loop
// and the model file live below it.
import { LinclassError } from '../base/errors.js';
import { describe, validateOptions } from '../base/validate.js';
import { firstNonFinite, isNumericArray } from '../base/checks.js';
import { Params, type Evaluation } from '../model/params.js';
import { toDataset, withData, type Data, type TrainData } from '../model/data.js';
import type { Dataset, Features, Labels } from '../model/dataset.js';
import { resolvePreprocessing, type Preprocessing } from '../model/preprocess.js';
import { MODEL_OPTIONS, type ClassifierOptions } from '../model/options.js';
import { decodeModel, encodeModel, modelFromJSON, modelToJSON, MODEL_VERSION, type ModelData, type ModelJSON } from '../model/file.js';
import { fitAsync, fitSync } from '../train/loop.js';
import type { FitProgress, History } from '../train/run.js';
import type { FitOptions } from '../train/options.js';
import { fitStream } from '../train/stream.js';
import type { StreamSource } from '../train/feed.js';
import type { StreamFitOptions, StreamHistory } from '../train/stream-options.js';
import { encodeOnnx } from '../model/onnx/write.js';
import { readOnnx, type OnnxReadOptions } from '../model/onnx/read.js';

export type { Evaluation } from '../model/params.js';
export type { Data } from '../model/data.js';
export type { ClassifierOptions } from '../model/options.js';

/** Loss and gradient of the full objective at the current weights. */
export interface LossAndGradient {
  /** (1/N)Σ L_i + λR(W). */
  loss: number;
  /** ∂loss/∂W, C·D row-major (a copy the caller owns). */
  dW: Float32Array;
  /** ∂loss/∂b, C entries. */
  db: Float32Array;
}

// A forgotten classifier's finalizer frees its Params (weights, buffers, optimizer state), which refer to nothing above them.
const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<Params>((p) => p.free()) : null;

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
  readonly #p: Params;
  readonly #o: Required<Omit<ClassifierOptions, 'preprocessing'>>;
  readonly #token = {};

  constructor(options: ClassifierOptions) {
    const { preprocessing, ...o } = validateOptions<ClassifierOptions>('LinearClassifier', MODEL_OPTIONS, options);
    this.#o = o as LinearClassifier['options'];
    this.#p = new Params(this.#o, this.#o.numFeatures, this.#o.numClasses, resolvePreprocessing(preprocessing, this.#o.numFeatures), this.#o.seed);
    registry?.register(this, this.#p, this.#token);
  }

  /** The Params, once checked to be alive (not disposed, its module not shut down). */
  #live(): Params {
    this.#p.ensureLive();
    return this.#p;
  }

  /** Features per example D. */
  get numFeatures(): number { return this.#o.numFeatures; }
  /** Classes C. */
  get numClasses(): number { return this.#o.numClasses; }
  /** The resolved options (a copy). */
  get options(): Required<ClassifierOptions> { return { ...this.#o, preprocessing: this.preprocessing }; }
  /** The map applied to raw features, x' = x·scale − mean (a copy). */
  get preprocessing(): Preprocessing {
    const pre = this.#p.pre;
    return { scale: pre.scale, mean: pre.mean && pre.mean.slice() };
  }
  /** W as C·D row-major float32 (a copy). */
  get coef(): Float32Array { return this.#live().coef(); }
  /** b, C entries (a copy). */
  get intercept(): Float32Array { return this.#live().intercept(); }
  /** True after dispose(). */
  get disposed(): boolean { return this.#p.freed; }

  /**
   * Replaces W (C·D row-major) and b (C entries); both are copied in. Throws
   * LinclassError('INVALID_ARGUMENT') for a wrong type, length or a non-finite
   * value, leaving the weights unchanged.
   */
  setWeights(W: Features, b: Features): void {
    const p = this.#live(), C = this.numClasses, D = this.numFeatures;
    checkWeights('W', W, C * D, `C·D = ${C}·${D} = ${C * D}`);
    checkWeights('b', b, C, `C = ${C}`);
    p.setWeights(W, b);
  }

  /**
   * The full loss (1/N)Σ L_i + λR(W) and its gradient at the current weights,
   * over every row of X. X: a labelled Dataset, or N·D features with y (N labels
   * in [0, C)). Throws LinclassError('INVALID_DATA') for data that does not fit.
   */
  lossAndGradient(X: Data, y?: Labels): LossAndGradient {
    const p = this.#live();
    return withData(p, X, y, true, (ds) => {
      const ptrs = ds.ptrs();
      const loss = p.step(ds.numRows, ptrs.X, ptrs.all, ptrs.y);
      return { loss, ...p.gradient() };
    });
  }

  /** Scores W·x + b for every row: N·C float32, row-major. */
  scores(X: Data): Float32Array {
    const p = this.#live();
    return withData(p, X, undefined, false, (ds) => p.scores(ds));
  }

  /** The same as scores(): the name scikit-learn uses. */
  decisionFunction(X: Data): Float32Array {
    return this.scores(X);
  }

  /** Class probabilities (softmax of the scores), N·C row-major. Only for loss 'softmax'. */
  predictProba(X: Data): Float32Array {
    const p = this.#live();
    if (this.#o.loss !== 'softmax') {
      throw new LinclassError('NOT_SUPPORTED',
        "predictProba needs loss 'softmax': SVM scores are not probabilities. This classifier has loss 'svm'; use scores() or predict() instead.");
    }
    return p.probabilities(this.scores(X));
  }

  /** The class with the highest score for each row (the first on ties): N int32. */
  predict(X: Data): Int32Array {
    const p = this.#live();
    return withData(p, X, undefined, false, (ds) => p.predict(ds));
  }

  /** Mean loss (with the penalty) and accuracy over labelled data, in one pass. */
  evaluate(X: Data, y?: Labels): Evaluation {
    const p = this.#live();
    return withData(p, X, y, true, (ds) => p.evaluate(ds));
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
    return fitSync(this.#live(), 'fit', train, options);
  }

  /**
   * One epoch that keeps the optimizer state, the sampling stream and the epoch
   * count between calls (while the optimizer options stay the same), so two
   * partialFit calls equal fit with epochs: 2.
   */
  partialFit(train: TrainData, options: Omit<FitOptions, 'epochs' | 'earlyStopping'> = {}): History {
    return fitSync(this.#live(), 'partialFit', train, options);
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
    return fitAsync(this.#live(), train, options);
  }

  /**
   * Trains on data larger than memory: source() gives one epoch's raw { X, y } chunks, read through a
   * shuffle buffer of `bufferRows` rows with fit's optimizers, schedules and early stopping (train/stream.ts).
   */
  fitStream(source: StreamSource, options: StreamFitOptions = {}): Promise<StreamHistory> {
    return fitStream(this.#live(), source, options);
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
    return toDataset(this.#live(), X, y);
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
    return fromModel(decodeModel(bytes), 'file');
  }

  /** The model as an ONNX file (standard operators, opset 13) that any ONNX runtime runs: model/onnx/write.ts. */
  toONNX(): Uint8Array {
    return encodeOnnx(this.#model(), String(MODEL_VERSION));
  }

  /** Reads an ONNX linear classifier (linclass's, or scikit-learn's via skl2onnx): model/onnx/read.ts; readONNX also gives its class labels. */
  static fromONNX(bytes: Uint8Array | ArrayBuffer, options?: OnnxReadOptions): LinearClassifier {
    return fromModel(readOnnx(bytes, options).model, 'ONNX file');
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
    return fromModel(modelFromJSON(json), 'JSON');
  }

  #model(): ModelData {
    return { ...this.#o, preprocessing: this.preprocessing, W: this.coef, b: this.intercept };
  }

  /** Frees the classifier's WebAssembly memory; any later call throws. Calling it twice is harmless. */
  dispose(): void {
    if (this.#p.freed) return;
    registry?.unregister(this.#token);
    this.#p.free();
  }
}

/** A classifier with a model file's options and weights; a file whose values break the rules is INVALID_DATA. */
function fromModel(m: ModelData, kind: string): LinearClassifier {
  const { W, b, ...options } = m;
  let clf: LinearClassifier | null = null;
  try {
    clf = new LinearClassifier(options);
    clf.setWeights(W, b);
    return clf;
  } catch (e) {
    clf?.dispose();
    if (!(e instanceof LinclassError) || (clf === null && e.code !== 'INVALID_OPTION')) throw e;
    throw new LinclassError('INVALID_DATA', `Not a valid linclass model ${kind}: ${e.message}`);
  }
}

/** Throws INVALID_ARGUMENT unless v is a numeric array of exactly `length` finite float32 values. */
function checkWeights(name: string, v: unknown, length: number, shape: string): void {
  if (!isNumericArray(v) || v.length !== length) {
    throw new LinclassError('INVALID_ARGUMENT',
      `setWeights: ${name} must be a Float32Array (or an array of numbers) of ${shape} values. Got ${describe(v)} instead.`);
  }
  const bad = firstNonFinite(v);
  if (bad >= 0) throw new LinclassError('INVALID_ARGUMENT', `setWeights: ${name}[${bad}] is ${describe(v[bad])}; weights must be finite float32 numbers.`);
}
