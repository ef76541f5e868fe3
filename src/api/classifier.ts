// LinearClassifier: the scikit-learn-shaped facade over a Params core (model/params.ts).
// It checks arguments, adapts data and delegates: the kernels, the training loop
// and the model file live below it.
import { LinclassError } from '../base/errors.js';
import { validateOptions } from '../base/validate.js';
import { checkWeightArray, classifierDisposed } from '../base/checks.js';
import { Params, type Evaluation } from '../model/params.js';
import { toDataset, withData, type Data, type FeatureRows, type TrainData } from '../model/data.js';
import type { Dataset, Features, Labels } from '../model/dataset.js';
import type { Classes, Label } from '../model/labels.js';
import { resolvePreprocessing, type Preprocessing, type PreprocessingInput } from '../model/preprocess.js';
import { MODEL_OPTIONS, notProbabilities, type ClassifierOptions } from '../model/options.js';
import { decodeModel, encodeModel, modelFromJSON, modelToJSON, MODEL_VERSION, type ModelJSON } from '../model/file.js';
import { fromModel, modelOf } from './files.js';
import { fitAsync, fitSync } from '../train/loop.js';
import type { FitProgress, History } from '../train/run.js';
import type { FitOptions } from '../train/options.js';
import { fitStream } from '../train/stream.js';
import type { StreamSource } from '../train/feed.js';
import type { StreamFitOptions, StreamHistory } from '../train/stream-options.js';
import { encodeOnnx } from '../model/onnx/write.js';
import { readOnnx, type OnnxReadOptions } from '../model/onnx/read.js';
import { classesOption, inferShape, trainArgs, weightsOf, type LabelsIn, type Predictions, type LossAndGradient, type PartialFitOptions, type WeightOptions } from './args.js';
import { checkStep } from '../model/overflow.js';

// A forgotten classifier's finalizer frees its Params (weights, buffers, optimizer state), which refer to nothing above them.
const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<Params>((p) => p.free()) : null;

type Resolved = Required<Omit<ClassifierOptions, 'preprocessing' | 'classes' | 'numFeatures' | 'numClasses'>> & { numFeatures?: number; numClasses?: number };

/**
 * A linear classifier f(x; W, b) = W·x + b over D features and C classes, with
 * its weights in WebAssembly memory. The constructor validates and stores the
 * options and, when it knows D and C (numFeatures with numClasses or classes),
 * draws the initial weights; otherwise the first fit takes them from its data.
 * dispose() frees the memory.
 *
 * @example
 * await init();
 * const clf = new LinearClassifier();
 * clf.fit([[0, 0], [0, 1], [1, 0], [1, 1]], ['no', 'yes', 'yes', 'yes']);
 * clf.predict([[1, 1]]); // ['yes']
 */
export class LinearClassifier<L extends Label = number> {
  #p: Params | null = null;
  #disposed = false;
  readonly #o: Resolved;
  readonly #pre: PreprocessingInput | undefined;
  readonly #classes: Classes | null;
  readonly #token = {};

  constructor(options: ClassifierOptions = {}) {
    const { preprocessing, classes, ...o } = validateOptions<ClassifierOptions>('LinearClassifier', MODEL_OPTIONS, options);
    this.#o = o as Resolved;
    this.#pre = preprocessing;
    this.#classes = classesOption(classes, o.numClasses);
    if (o.numFeatures !== undefined) resolvePreprocessing(preprocessing, o.numFeatures); // checked now, where it can be
    if (o.numFeatures !== undefined && this.#classes !== null) this.#build(o.numFeatures, this.#classes);
  }

  #build(D: number, classes: Classes): Params {
    const p = new Params(this.#o, D, classes, resolvePreprocessing(this.#pre, D), this.#o.seed);
    registry?.register(this, p, this.#token);
    return (this.#p = p);
  }

  /** The Params, once checked to be alive (not disposed, fitted or shaped, its module not shut down). */
  #live(): Params {
    if (this.#disposed) throw classifierDisposed();
    if (this.#p === null) {
      throw new LinclassError('NOT_FITTED',
        'This LinearClassifier has not been fitted yet: call fit(X, y) first, or give numFeatures and numClasses (or classes) when creating it.');
    }
    this.#p.ensureLive();
    return this.#p;
  }

  /** The Params for training on data: built from the data's shape on the first fit. */
  #forTraining(data: unknown): { p: Params; fresh: boolean } {
    if (this.#p !== null || this.#disposed) return { p: this.#live(), fresh: false };
    const { D, classes } = inferShape(data, this.#o.numFeatures, this.#classes);
    return { p: this.#build(D, classes), fresh: true };
  }

  /** Undoes a first fit's shaping when its call failed before training (bad options or data). */
  #unshape(fresh: boolean, e: unknown): void {
    if (fresh && (e as LinclassError).code !== 'DIVERGED') {
      registry?.unregister(this.#token);
      this.#p?.free();
      this.#p = null;
    }
  }

  /** Features per example D (known once given or fitted). */
  get numFeatures(): number { return this.#p?.numFeatures ?? this.#live().numFeatures; }
  /** Classes C (known once given or fitted). */
  get numClasses(): number { return this.#p?.numClasses ?? this.#classes?.length ?? this.#live().numClasses; }
  /** The class labels in class-index order (sorted; scikit-learn's classes_): 0 … C−1 unless other labels were given. A copy. */
  get classes(): L[] { return (this.#p?.classes ?? this.#classes ?? this.#live().classes).toArray() as L[]; }
  /** The resolved options (a copy). */
  get options(): Required<ClassifierOptions> {
    return { ...this.#o, numFeatures: this.numFeatures, numClasses: this.numClasses, classes: this.classes, preprocessing: this.preprocessing };
  }
  /** The map applied to raw features, x' = x·scale − mean (a copy). */
  get preprocessing(): Preprocessing {
    const pre = this.#live().pre;
    return { scale: pre.scale, mean: pre.mean && pre.mean.slice() };
  }
  /** W as C·D row-major float32 (a copy). */
  get coef(): Float32Array { return this.#live().coef(); }
  /** b, C entries (a copy). */
  get intercept(): Float32Array { return this.#live().intercept(); }
  /** True after dispose(). */
  get disposed(): boolean { return this.#disposed; }
  /** Epochs (mini-batch) or iterations (L-BFGS) the last fit or partialFit ran; 0 before (scikit-learn's n_iter_). */
  get nIter(): number { return this.#p?.nIter ?? 0; }

  /**
   * Replaces W (C·D row-major) and b (C entries); both are copied in. Throws
   * LinclassError('INVALID_ARGUMENT') for a wrong type, length or a non-finite
   * value, leaving the weights unchanged.
   */
  setWeights(W: Features, b: Features): void {
    const p = this.#live(), C = this.numClasses, D = this.numFeatures;
    checkWeightArray('W', W, C * D, `C·D = ${C}·${D} = ${C * D}`);
    checkWeightArray('b', b, C, `C = ${C}`);
    p.setWeights(W, b);
  }

  /**
   * The full loss (1/N)Σ L_i + λR(W) (with weights Σ w_i·L_i / Σ w_i + λR(W)) and its gradient at the current weights,
   * over every row of X: a labelled Dataset, or features with y (a label per row). Throws LinclassError('INVALID_DATA')
   * for data that does not fit, or a score, loss or gradient entry that overflows float32.
   */
  lossAndGradient(X: Data, y?: LabelsIn, options?: WeightOptions): LossAndGradient {
    const p = this.#live();
    return withData(p, X, y, true, (ds, w) => {
      const ptrs = ds.ptrs();
      const loss = checkStep(p, ds.numRows, ptrs.X, ptrs.all, p.step(ds.numRows, ptrs.X, ptrs.all, ptrs.y, w));
      return { loss, ...p.gradient() };
    }, weightsOf('lossAndGradient', options));
  }

  /** Scores W·x + b for every row: N·C float32, row-major. A score beyond float32 throws INVALID_DATA naming its row and class. */
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
    const p = this.#live(), loss = this.#o.loss;
    if (loss !== 'softmax') throw notProbabilities(loss);
    return p.probabilities(this.scores(X));
  }

  /**
   * The class with the highest score for each row (the first on ties), as its
   * label: an Int32Array for integer labels, a Float64Array for other numbers,
   * an array of strings for strings. A score beyond float32 throws INVALID_DATA naming its row and class.
   */
  predict(X: Data): Predictions<L> {
    const p = this.#live();
    return p.classes.decode(withData(p, X, undefined, false, (ds) => p.predict(ds))) as Predictions<L>;
  }

  /** Mean loss (with the penalty) and accuracy over labelled data, in one pass; weighted means with sampleWeight. Overflows throw as predict's. */
  evaluate(X: Data, y?: LabelsIn, options?: WeightOptions): Evaluation {
    const p = this.#live();
    return withData(p, X, y, true, (ds, w) => p.evaluate(ds, w), weightsOf('evaluate', options));
  }

  /** Accuracy over labelled data, in [0, 1] (scikit-learn's name); weighted with sampleWeight. */
  score(X: Data, y?: LabelsIn, options?: WeightOptions): number {
    return this.evaluate(X, y, options).accuracy;
  }

  /**
   * Trains from the current weights (the seeded initial W, or what setWeights
   * set) with a fresh optimizer state, by `solver`: 'auto' (L-BFGS for softmax on
   * small sets, else averaged momentum SGD), 'lbfgs', or 'minibatch': `epochs` passes
   * of steps, each one fused loss+gradient call and one update. Options are checked before
   * anything changes. A non-finite loss throws LinclassError('DIVERGED') with the
   * weights of the last finite step kept.
   *
   * @example
   * const h = clf.fit({ X, y }, { epochs: 10, batchSize: 32, optimizer: 'adam', learningRate: 1e-2 });
   * h.epochs.at(-1).trainAccuracy;
   */
  fit(train: TrainData | FeatureRows, y?: LabelsIn | FitOptions, options?: FitOptions): History {
    return this.#fit('fit', train, y, options);
  }

  #fit(owner: 'fit' | 'partialFit', train: unknown, y: unknown, options: unknown): History {
    const [data, opts] = trainArgs(owner, train, y, options);
    const { p, fresh } = this.#forTraining(data);
    try {
      return fitSync(p, owner, data, opts);
    } catch (e) {
      this.#unshape(fresh, e);
      throw e;
    }
  }

  /** One epoch keeping the optimizer state, sampling stream and epoch count (while the optimizer options stay): two equal fit with epochs 2. */
  partialFit(train: TrainData | FeatureRows, y?: LabelsIn | PartialFitOptions, options?: PartialFitOptions): History {
    return this.#fit('partialFit', train, y, options);
  }

  /**
   * fit as an async iterator: trains in slices of a few milliseconds and yields
   * progress between them, so a page stays responsive. Breaking out of the loop
   * stops training with the weights reached so far.
   *
   * @example
   * for await (const p of clf.fitAsync(train, { epochs: 5 })) if (p.record) console.log(p.record);
   */
  fitAsync(train: TrainData | FeatureRows, y?: LabelsIn | FitOptions, options?: FitOptions): AsyncGenerator<FitProgress, History> {
    if (this.#disposed || this.#p) this.#live(); // a disposed classifier throws at the call, as fit does
    return this.#fitAsync(train, y, options);
  }

  async *#fitAsync(train: unknown, y: unknown, options: unknown): AsyncGenerator<FitProgress, History> {
    const [data, opts] = trainArgs('fitAsync', train, y, options);
    const { p, fresh } = this.#forTraining(data);
    try {
      return yield* fitAsync(p, data, opts);
    } catch (e) {
      this.#unshape(fresh, e);
      throw e;
    }
  }

  /**
   * Trains on data larger than memory: source() gives one epoch's raw { X, y } chunks, read through a
   * shuffle buffer of `bufferRows` rows with fit's optimizers, schedules and early stopping (train/stream.ts).
   */
  fitStream(source: StreamSource, options: StreamFitOptions = {}): Promise<StreamHistory> {
    return fitStream(this.#live(), source, options);
  }

  /**
   * Copies raw features and optional labels (and weights) into a Dataset in this model's feature space
   * (preprocessing applied, labels as class indices), to pass to fit, evaluate or predict without copying again.
   */
  toDataset(X: FeatureRows, y?: LabelsIn | null, options?: WeightOptions): Dataset {
    return toDataset(this.#live(), X, y, weightsOf('toDataset', options));
  }

  /**
   * The model file: options, labels, preprocessing, W and b in the versioned binary format of
   * docs/model-format.md, with a CRC-32. `LinearClassifier.load(clf.save())` predicts exactly as clf does.
   */
  save(): Uint8Array {
    return encodeModel(modelOf(this));
  }

  /** Reads a model file written by save(); INVALID_DATA names what is wrong before anything the header sizes is allocated. */
  static load(bytes: Uint8Array | ArrayBuffer): LinearClassifier {
    return fromModel(decodeModel(bytes), 'file', (o) => new LinearClassifier(o));
  }

  /** The model as an ONNX file (standard operators, opset 13) that any ONNX runtime runs: model/onnx/write.ts. */
  toONNX(): Uint8Array {
    return encodeOnnx(modelOf(this), String(MODEL_VERSION));
  }

  /** Reads an ONNX linear classifier (linclass's, or scikit-learn's via skl2onnx): model/onnx/read.ts; readONNX also gives its class labels. */
  static fromONNX(bytes: Uint8Array | ArrayBuffer, options?: OnnxReadOptions): LinearClassifier {
    const { model, classes } = readOnnx(bytes, options);
    const index = classes.every((v, i) => v === i);
    return fromModel({ ...model, classes: index ? null : [...classes] }, 'ONNX file', (o) => new LinearClassifier(o));
  }

  /** The model as a plain JSON-ready object (what JSON.stringify(clf) writes): the binary file's fields, arrays as numbers. */
  toJSON(): ModelJSON {
    return modelToJSON(modelOf(this));
  }

  /** A classifier from toJSON()'s object or its text; INVALID_DATA for a wrong format tag, version, length or value. */
  static fromJSON(json: unknown): LinearClassifier {
    return fromModel(modelFromJSON(json), 'JSON', (o) => new LinearClassifier(o));
  }

  /** Frees the classifier's WebAssembly memory; any later call throws. Calling it twice is harmless. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    registry?.unregister(this.#token);
    this.#p?.free();
  }
}
