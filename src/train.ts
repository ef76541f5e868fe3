// The training loop behind fit, partialFit and fitAsync: sampling, one fused
// loss+gradient kernel call and one update-rule kernel call per step, a
// learning-rate schedule per epoch, per-epoch evaluation, early stopping and
// divergence handling. A step allocates nothing on either side.
import { f32, type WasmBuf } from './buffers.js';
import { Dataset, type Labels } from './dataset.js';
import type { Evaluation } from './classifier.js';
import { LinclassError } from './errors.js';
import { OPTIMIZERS, type Optimizer, type OptimizerName, type OptimizerOptions } from './optimizers/index.js';
import { Rng } from './rng.js';
import { Sampler, type Sampling } from './sampler.js';
import { checkSchedule, learningRateAt, type Schedule } from './schedule.js';
import { describe, optionMessage, validateOptions, type Rule, type Table } from './validate.js';

/** Training data: a labelled Dataset, or features and labels to copy in for the call. */
export type TrainData = Dataset | { X: ArrayLike<number>; y: Labels };

export interface EarlyStopping {
  /** Epochs without a better validation accuracy before training stops, ≥ 1. */
  patience: number;
  /** How much better counts as better. Default 0. */
  minDelta?: number;
  /** Put back the weights of the best epoch when training ends. Default true. */
  restoreBest?: boolean;
}

export interface FitOptions extends Partial<OptimizerOptions> {
  /** Passes over the data, ≥ 1. Default 20. (Not for partialFit, which runs one.) */
  epochs?: number;
  /** Rows per step: an integer ≥ 1 (1 is SGD) or 'full' (full-batch gradient descent; so is any size ≥ N). Default 32. */
  batchSize?: number | 'full';
  /** 'shuffle' (each row once per epoch) or 'replacement' (rows drawn at random). Default 'shuffle'. */
  sampling?: Sampling;
  /** The update rule. Default 'adam'. */
  optimizer?: OptimizerName;
  /** The step size, > 0. Default 0.01. */
  learningRate?: number;
  /** How the learning rate changes per epoch. Default { type: 'constant' }. */
  schedule?: Schedule;
  /** Data to report validation loss and accuracy on after each epoch. */
  validation?: TrainData;
  /** Stop when validation accuracy stops improving (needs `validation`). (Not for partialFit.) */
  earlyStopping?: EarlyStopping;
  /** Called after each epoch with its record. */
  onEpoch?: (record: EpochRecord) => void;
  /** Seed of the batch sampling. Default: the classifier's seed. */
  seed?: number;
}

export interface EpochRecord {
  /** 1 for the first epoch (counting on across partialFit calls). */
  epoch: number;
  /** Mean of the epoch's step losses. */
  loss: number;
  /** Loss and accuracy over the whole training set after the epoch. */
  trainLoss: number;
  trainAccuracy: number;
  /** Present with `validation`. */
  valLoss?: number;
  valAccuracy?: number;
  /** The learning rate used in this epoch. */
  learningRate: number;
  /** Wall-clock seconds the epoch took, evaluation included. */
  seconds: number;
}

export interface History {
  /** Loss of every step, in order. */
  loss: Float32Array;
  /** One record per epoch. */
  epochs: EpochRecord[];
  /** True when early stopping ended training. */
  stoppedEarly: boolean;
  /** With early stopping: the epoch whose weights were kept. */
  bestEpoch?: number;
}

/** What fitAsync yields between steps. */
export interface FitProgress {
  /** The epoch under way (1-based). */
  epoch: number;
  /** Steps done in this epoch, and per epoch. */
  step: number;
  stepsPerEpoch: number;
  /** Steps done in this run. */
  totalSteps: number;
  /** The latest step's loss. */
  loss: number;
  /** Set when an epoch has just ended. */
  record?: EpochRecord;
  /** True on the last yield, which also carries the history. */
  done: boolean;
  history?: History;
}

/** What the loop needs of a classifier (LinearClassifier provides it). */
export interface TrainTarget {
  readonly count: number;
  readonly seed: number;
  thetaPtr(): number;
  gradPtr(): number;
  theta(): Float32Array;
  step(n: number, X: number, idx: number, y: number): number;
  evaluate(ds: Dataset): Evaluation;
  checkDataset(ds: Dataset, labels: boolean): void;
  /** Raw features and labels as a Dataset in the model's feature space (preprocessing applied). */
  dataset(X: ArrayLike<number>, y: Labels): Dataset;
  state: TrainState | null;
  busy: boolean;
}

/** What partialFit keeps between calls. */
export interface TrainState {
  optimizer: Optimizer;
  key: string;
  rng: Rng;
  epoch: number;
}

type Resolved = Required<Omit<FitOptions, 'validation' | 'earlyStopping' | 'onEpoch' | 'batchSize'>> & {
  batchSize: number; validation?: TrainData; earlyStopping?: Required<EarlyStopping>; onEpoch?: (r: EpochRecord) => void;
};

const BATCH: Rule = { kind: 'number', min: 1, max: Infinity, integer: true };
const unit = (d: number): Rule => ({ kind: 'number', min: 0, max: 1, maxOpen: true, default: d });

const PARTIAL: Table = {
  batchSize: { kind: 'any', default: 32 },
  sampling: { kind: 'enum', values: ['shuffle', 'replacement'], default: 'shuffle' },
  optimizer: { kind: 'enum', values: Object.keys(OPTIMIZERS), default: 'adam' },
  learningRate: { kind: 'number', min: 0, max: Infinity, minOpen: true, maxOpen: true, default: 0.01 },
  mu: unit(0.9),
  rho: unit(0.99),
  beta1: unit(0.9),
  beta2: unit(0.999),
  epsilon: { kind: 'number', min: 0, max: Infinity, minOpen: true, maxOpen: true, default: 1e-8 },
  schedule: { kind: 'any', default: { type: 'constant' } },
  validation: { kind: 'any' },
  onEpoch: { kind: 'any' },
  seed: { kind: 'any' },
};
const FIT: Table = {
  epochs: { kind: 'number', min: 1, max: 1e9, integer: true, default: 20 },
  ...PARTIAL,
  earlyStopping: { kind: 'any' },
};
const SEED: Rule = { kind: 'number', min: 0, max: 2 ** 32 - 1, integer: true };
const STOPPING: Table = {
  patience: { kind: 'number', min: 1, max: 1e9, integer: true },
  minDelta: { kind: 'number', min: 0, max: 1, default: 0 },
  restoreBest: { kind: 'boolean', default: true },
};

/** Validates fit/partialFit options; throws before anything changes. */
export function resolveFit(owner: 'fit' | 'partialFit' | 'fitAsync', options: unknown, seed: number): Resolved {
  const o = validateOptions<Resolved & { batchSize: unknown; seed: unknown }>(owner, owner === 'partialFit' ? PARTIAL : FIT, options);
  if ((o.batchSize as unknown) === 'full') o.batchSize = Number.MAX_SAFE_INTEGER;
  else if (typeof o.batchSize !== 'number' || !Number.isInteger(o.batchSize) || o.batchSize < 1) {
    throw new LinclassError('INVALID_OPTION', `The 'batchSize' option of ${owner} must be an integer in [1, Infinity) or 'full'. Got ${describe(o.batchSize)} instead.`);
  }
  if (o.seed === undefined) o.seed = seed;
  else if (typeof o.seed !== 'number' || !Number.isInteger(o.seed) || o.seed < 0 || o.seed > 2 ** 32 - 1) {
    throw new LinclassError('INVALID_OPTION', optionMessage(owner, 'seed', SEED, o.seed));
  }
  o.schedule = checkSchedule(owner, o.schedule);
  if (o.onEpoch !== undefined && typeof o.onEpoch !== 'function') {
    throw new LinclassError('INVALID_OPTION', `The 'onEpoch' option of ${owner} must be a function. Got ${describe(o.onEpoch)} instead.`);
  }
  if (o.earlyStopping !== undefined) {
    o.earlyStopping = validateOptions<Required<EarlyStopping>>(`${owner}'s earlyStopping`, STOPPING, o.earlyStopping);
    if (o.validation === undefined) {
      throw new LinclassError('INVALID_OPTION', `The 'earlyStopping' option of ${owner} watches validation accuracy: give a 'validation' dataset too.`);
    }
  }
  return o as Resolved;
}

/** A Dataset for the data, and whether this call made it (and must dispose it). */
function asDataset(t: TrainTarget, data: unknown, what: string): { ds: Dataset; temp: boolean } {
  if (data instanceof Dataset) return { ds: data, temp: false };
  if (typeof data === 'object' && data !== null && 'X' in data && 'y' in data) {
    const { X, y } = data as { X: ArrayLike<number>; y: Labels };
    return { ds: t.dataset(X, y), temp: true };
  }
  throw new LinclassError('INVALID_DATA', `The ${what} must be a labelled Dataset or an object { X, y }. Got ${describe(data)} instead.`);
}

function optimizerKey(o: Resolved): string {
  return JSON.stringify([o.optimizer, o.mu, o.rho, o.beta1, o.beta2, o.epsilon]);
}

/** Drops the kept optimizer state and sampling stream. */
export function resetState(t: TrainTarget): void {
  t.state?.optimizer.dispose();
  t.state = null;
}

/** One training run over a prepared dataset; its methods are the loop's pieces. */
class Run {
  readonly history: History;
  readonly stepsPerEpoch: number;
  totalSteps = 0;
  step = 0;
  lastLoss = NaN;
  readonly #t: TrainTarget;
  readonly #o: Resolved;
  readonly #state: TrainState;
  readonly #train: Dataset;
  readonly #val: Dataset | null;
  readonly #temps: Dataset[];
  readonly #sampler: Sampler;
  readonly #last: WasmBuf<Float32Array>;
  readonly #best: WasmBuf<Float32Array> | null;
  #lr = 0;
  #epochLoss = 0;
  #epochStart = 0;
  #bestAcc = -Infinity;
  #wait = 0;
  readonly #X: number;
  readonly #y: number;

  constructor(t: TrainTarget, train: Dataset, val: Dataset | null, temps: Dataset[], o: Resolved, state: TrainState, epochs: number) {
    this.#t = t;
    this.#o = o;
    this.#state = state;
    this.#train = train;
    this.#val = val;
    this.#temps = temps;
    const p = train.ptrs();
    this.#X = p.X;
    this.#y = p.y;
    const last = f32(t.count);
    let best: WasmBuf<Float32Array> | null = null;
    try {
      best = o.earlyStopping ? f32(t.count) : null;
      this.#sampler = new Sampler(train.numRows, o.batchSize, o.sampling, state.rng, p.all);
    } catch (e) {
      last.free();
      best?.free();
      throw e;
    }
    this.#last = last;
    this.#best = best;
    this.#last.view.set(t.theta());
    this.stepsPerEpoch = this.#sampler.stepsPerEpoch;
    this.history = { loss: new Float32Array(epochs * this.stepsPerEpoch), epochs: [], stoppedEarly: false };
  }

  get epoch(): number {
    return this.#state.epoch + 1;
  }

  get epochDone(): boolean {
    return this.step === this.stepsPerEpoch;
  }

  beginEpoch(): void {
    this.#lr = learningRateAt(this.#o.learningRate, this.#o.schedule, this.#state.epoch);
    this.#sampler.beginEpoch();
    this.#epochLoss = 0;
    this.step = 0;
    this.#epochStart = performance.now();
  }

  /** Stops with DISPOSED when the data was disposed mid-run (while fitAsync yielded, or from onEpoch), before freed memory is read. */
  #checkData(): void {
    if (this.#train.disposed || this.#val?.disposed) {
      throw new LinclassError('DISPOSED', 'This Dataset has been disposed; create a new one with Dataset.from.');
    }
  }

  /** One step: batch, fused loss+gradient, snapshot, update. */
  stepOnce(): void {
    this.#checkData();
    const t = this.#t, s = this.#sampler;
    s.next(this.step);
    // judged as the float32 the history keeps: a loss past float32's range is as diverged as Infinity
    const loss = Math.fround(t.step(s.n, this.#X, s.ptr, this.#y));
    if (!Number.isFinite(loss)) this.#diverged(loss);
    this.#last.view.set(t.theta());
    this.#state.optimizer.step(t.thetaPtr(), t.gradPtr(), this.#lr);
    this.history.loss[this.totalSteps++] = loss;
    this.#epochLoss += loss;
    this.lastLoss = loss;
    this.step++;
  }

  #diverged(loss: number): never {
    this.#t.theta().set(this.#last.view);
    const where = `epoch ${this.epoch}, step ${this.step + 1}`;
    const err = new LinclassError('DIVERGED',
      `Training diverged at ${where}: the loss became ${loss}. The weights are those of the last step with a finite loss; try a smaller learningRate (this run used ${this.#lr}).`);
    this.history.loss = this.history.loss.slice(0, this.totalSteps);
    throw Object.assign(err, { history: this.history });
  }

  /** Evaluates, reports and checks early stopping; returns true to stop. */
  endEpoch(): { record: EpochRecord; stop: boolean } {
    this.#checkData();
    const t = this.#t;
    const tr = t.evaluate(this.#train);
    if (!Number.isFinite(tr.loss)) this.#diverged(tr.loss);
    const record: EpochRecord = {
      epoch: this.epoch, loss: this.#epochLoss / this.stepsPerEpoch, trainLoss: tr.loss, trainAccuracy: tr.accuracy,
      learningRate: this.#lr, seconds: 0,
    };
    if (this.#val) {
      const v = t.evaluate(this.#val);
      record.valLoss = v.loss;
      record.valAccuracy = v.accuracy;
    }
    record.seconds = (performance.now() - this.#epochStart) / 1000;
    this.#state.epoch++;
    this.history.epochs.push(record);
    let stop = false;
    const es = this.#o.earlyStopping;
    if (es && record.valAccuracy !== undefined) {
      if (record.valAccuracy > this.#bestAcc + es.minDelta || this.history.bestEpoch === undefined) {
        this.#bestAcc = record.valAccuracy;
        this.history.bestEpoch = record.epoch;
        this.#best!.view.set(t.theta());
        this.#wait = 0;
      } else if (++this.#wait >= es.patience) {
        this.history.stoppedEarly = stop = true;
      }
    }
    this.#o.onEpoch?.(record);
    return { record, stop };
  }

  progress(record?: EpochRecord): FitProgress {
    return {
      epoch: this.epoch - (record ? 1 : 0), step: this.step, stepsPerEpoch: this.stepsPerEpoch,
      totalSteps: this.totalSteps, loss: this.lastLoss, record, done: false,
    };
  }

  finish(): History {
    if (this.#best && this.#o.earlyStopping?.restoreBest) this.#t.theta().set(this.#best.view);
    this.history.loss = this.history.loss.slice(0, this.totalSteps);
    return this.history;
  }

  dispose(): void {
    this.#sampler.dispose();
    this.#last.free();
    this.#best?.free();
    for (const d of this.#temps) d.dispose();
    this.#t.busy = false;
  }
}

/** Validates everything, then sets up a run; nothing has changed if this throws. */
function prepare(t: TrainTarget, owner: 'fit' | 'partialFit' | 'fitAsync', train: TrainData, options: unknown): { run: Run; epochs: number } {
  if (t.busy) {
    throw new LinclassError('INVALID_ARGUMENT',
      `${owner}: this classifier is already training (a fitAsync loop is under way, or this is called from onEpoch); wait for it to end first.`);
  }
  const o = resolveFit(owner, options, t.seed);
  const temps: Dataset[] = [];
  try {
    const tr = asDataset(t, train, 'training data');
    if (tr.temp) temps.push(tr.ds);
    t.checkDataset(tr.ds, true);
    let val: Dataset | null = null;
    if (o.validation !== undefined) {
      const v = asDataset(t, o.validation, "'validation' data");
      if (v.temp) temps.push(v.ds);
      t.checkDataset(v.ds, true);
      val = v.ds;
    }
    const fresh = owner !== 'partialFit' || t.state === null || t.state.key !== optimizerKey(o);
    const epochs = owner === 'partialFit' ? 1 : o.epochs;
    let state = t.state;
    if (fresh) {
      const optimizer = OPTIMIZERS[o.optimizer](t.count, o);
      resetState(t);
      state = t.state = { optimizer, key: optimizerKey(o), rng: new Rng(o.seed), epoch: 0 };
    }
    t.busy = true;
    try {
      return { run: new Run(t, tr.ds, val, temps, o, state!, epochs), epochs };
    } catch (e) {
      t.busy = false;
      throw e;
    }
  } catch (e) {
    for (const d of temps) d.dispose();
    throw e;
  }
}

/** fit and partialFit: the loop run to its end. */
export function fitSync(t: TrainTarget, owner: 'fit' | 'partialFit', train: TrainData, options: unknown): History {
  const { run, epochs } = prepare(t, owner, train, options);
  try {
    for (let e = 0; e < epochs; e++) {
      run.beginEpoch();
      while (!run.epochDone) run.stepOnce();
      if (run.endEpoch().stop) break;
    }
    return run.finish();
  } catch (e) {
    if ((e as LinclassError).code === 'DIVERGED') resetState(t);
    throw e;
  } finally {
    run.dispose();
  }
}

/** Milliseconds of work between two yields of fitAsync. */
const SLICE_MS = 12;

const immediate = (globalThis as { setImmediate?: (cb: () => void) => void }).setImmediate;
const yieldToLoop: () => Promise<void> = typeof immediate === 'function'
  ? () => new Promise((r) => immediate(r))
  : typeof MessageChannel === 'function'
    ? () => new Promise((r) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { ch.port1.close(); r(); };
      ch.port2.postMessage(null);
    })
    : () => new Promise((r) => setTimeout(r, 0));

/** fitAsync: the same loop, yielding to the event loop every few milliseconds and after each epoch. */
export async function* fitAsync(t: TrainTarget, train: TrainData, options: unknown): AsyncGenerator<FitProgress, History> {
  const { run, epochs } = prepare(t, 'fitAsync', train, options);
  try {
    let slice = performance.now();
    for (let e = 0; e < epochs; e++) {
      run.beginEpoch();
      while (!run.epochDone) {
        run.stepOnce();
        if (performance.now() - slice > SLICE_MS) {
          yield run.progress();
          await yieldToLoop();
          slice = performance.now();
        }
      }
      const { record, stop } = run.endEpoch();
      yield run.progress(record);
      await yieldToLoop();
      slice = performance.now();
      if (stop) break;
    }
    const history = run.finish();
    yield { ...run.progress(), epoch: run.epoch - 1, done: true, history };
    return history;
  } catch (e) {
    if ((e as LinclassError).code === 'DIVERGED') resetState(t);
    throw e;
  } finally {
    run.dispose();
  }
}
