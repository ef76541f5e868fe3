// One training run over a Params core: the batches, one fused loss+gradient
// step and one update per step, a learning rate per epoch, the per-epoch
// evaluation, early stopping and divergence, all in one generator (loop()) that
// fit and partialFit drain at once and fitAsync a slice at a time (loop.ts).
// A step allocates nothing on either side.
import { Rng } from '../base/rng.js';
import { LinclassError } from '../base/errors.js';
import { datasetDisposed } from '../base/checks.js';
import { f32, type WasmBuf } from '../runtime/memory.js';
import { labelledDataset } from '../model/data.js';
import type { Dataset } from '../model/dataset.js';
import type { Params } from '../model/params.js';
import { OPTIMIZERS, type Optimizer } from './optimizers/index.js';
import { optimizerKey, resolveFit, type EpochRecord, type ResolvedFit } from './options.js';
import { Sampler } from './sampler.js';
import { learningRateAt } from './schedule.js';
import { fitWeights } from './weights.js';

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

/** What partialFit keeps between calls (held by the Params, which frees it). */
export class TrainState {
  epoch = 0;
  constructor(readonly optimizer: Optimizer, readonly key: string, readonly rng: Rng) {}
  dispose(): void {
    this.optimizer.dispose();
  }
}

export type Owner = 'fit' | 'partialFit' | 'fitAsync';

export class Run {
  readonly #history: History;
  readonly #epochs: number;
  readonly #stepsPerEpoch: number;
  #totalSteps = 0;
  #step = 0;
  #lastLoss = NaN;
  readonly #p: Params;
  readonly #o: ResolvedFit;
  readonly #state: TrainState;
  readonly #train: Dataset;
  readonly #val: Dataset | null;
  readonly #temps: Dataset[];
  readonly #sampler: Sampler;
  readonly #last: WasmBuf<Float32Array>;
  readonly #best: WasmBuf<Float32Array> | null;
  readonly #X: number;
  readonly #y: number;
  /** The rows' weights: the run's own buffer (sampleWeight, classWeight), the dataset's, or 0 for none. */
  readonly #w: number;
  readonly #weights: WasmBuf<Float32Array> | null;
  #lr = 0;
  #epochLoss = 0;
  #epochStart = 0;
  #bestAcc = -Infinity;
  #wait = 0;

  /** Checks everything, then sets up a run; nothing has changed if this throws. */
  static start(p: Params, owner: Owner, train: unknown, options: unknown): Run {
    if (p.busy) {
      throw new LinclassError('INVALID_ARGUMENT',
        `${owner}: this classifier is already training (a fitAsync loop is under way, or this is called from onEpoch); wait for it to end first.`);
    }
    const o = resolveFit(owner, options, p.seed);
    const temps: Dataset[] = [];
    try {
      const tr = labelledDataset(p, train, (got) => `The training data must be a labelled Dataset or an object { X, y }. Got ${got} instead.`);
      if (tr.temp) temps.push(tr.ds);
      let val: Dataset | null = null;
      if (o.validation !== undefined) {
        const v = labelledDataset(p, o.validation, (got) => `The 'validation' data must be a labelled Dataset or an object { X, y }. Got ${got} instead.`);
        if (v.temp) temps.push(v.ds);
        val = v.ds;
      }
      const kept = p.trainState instanceof TrainState ? p.trainState : null;
      let state = kept;
      if (owner !== 'partialFit' || kept === null || kept.key !== optimizerKey(o)) {
        const optimizer = OPTIMIZERS[o.optimizer](p.count, o);
        p.trainState?.dispose();
        state = new TrainState(optimizer, optimizerKey(o), new Rng(o.seed));
        p.trainState = state;
      }
      const weights = fitWeights(owner, tr.ds, o.sampleWeight, o.classWeight, (key) => p.classes.indexOfKey(key));
      return new Run(p, tr.ds, val, temps, o, state!, owner === 'partialFit' ? 1 : o.epochs, weights);
    } catch (e) {
      for (const d of temps) d.dispose();
      throw e;
    }
  }

  private constructor(p: Params, train: Dataset, val: Dataset | null, temps: Dataset[], o: ResolvedFit, state: TrainState, epochs: number,
    weights: Float32Array | null) {
    this.#p = p;
    this.#o = o;
    this.#state = state;
    this.#train = train;
    this.#val = val;
    this.#temps = temps;
    this.#epochs = epochs;
    const ptrs = train.ptrs();
    this.#X = ptrs.X;
    this.#y = ptrs.y;
    const last = f32(p.count);
    let best: WasmBuf<Float32Array> | null = null, wb: WasmBuf<Float32Array> | null = null;
    try {
      best = o.earlyStopping ? f32(p.count) : null;
      if (weights) (wb = f32(weights.length)).view.set(weights);
      this.#sampler = new Sampler(train.numRows, o.batchSize, o.sampling, state.rng, ptrs.all);
    } catch (e) {
      last.free();
      best?.free();
      wb?.free();
      throw e;
    }
    this.#weights = wb;
    this.#w = wb ? wb.ptr : ptrs.w;
    this.#last = last;
    this.#best = best;
    this.#last.view.set(p.theta);
    this.#stepsPerEpoch = this.#sampler.stepsPerEpoch;
    this.#history = { loss: new Float32Array(epochs * this.#stepsPerEpoch), epochs: [], stoppedEarly: false };
    p.busy = true;
  }

  get epoch(): number {
    return this.#state.epoch + 1;
  }

  #beginEpoch(): void {
    this.#lr = learningRateAt(this.#o.learningRate, this.#o.schedule, this.#state.epoch);
    this.#sampler.beginEpoch();
    this.#epochLoss = 0;
    this.#step = 0;
    this.#epochStart = performance.now();
  }

  /** Stops with DISPOSED when the data was disposed mid-run (while fitAsync yielded, or from onEpoch), before freed memory is read. */
  #checkData(): void {
    if (this.#train.disposed || this.#val?.disposed) throw datasetDisposed();
  }

  /**
   * The loop: epochs of steps — batch, fused loss+gradient, snapshot, update —
   * and a record after each epoch. Yields each epoch's progress, mid-epoch
   * progress whenever `pause()` says so, and a last progress with `done` and
   * the history, which it also returns. Frees the run's buffers when it ends,
   * however it ends.
   */
  *loop(pause: () => boolean): Generator<FitProgress, History> {
    const p = this.#p, s = this.#sampler, optimizer = this.#state.optimizer, X = this.#X, y = this.#y, w = this.#w;
    let diverged = false;
    try {
      for (let e = 0; e < this.#epochs; e++) {
        this.#beginEpoch();
        while (this.#step < this.#stepsPerEpoch) {
          this.#checkData();
          s.next(this.#step);
          // judged as the float32 the history keeps: a loss past float32's range is as diverged as Infinity
          const loss = Math.fround(p.step(s.n, X, s.ptr, y, w));
          if (!Number.isFinite(loss)) this.#diverged(loss);
          this.#last.view.set(p.theta);
          optimizer.step(p.thetaPtr, p.gradPtr, this.#lr);
          this.#history.loss[this.#totalSteps++] = loss;
          this.#epochLoss += loss;
          this.#lastLoss = loss;
          this.#step++;
          if (pause()) yield this.#progress();
        }
        const { record, stop } = this.#endEpoch();
        yield this.#progress(record);
        if (stop) break;
      }
      const history = this.#finish();
      yield { ...this.#progress(), epoch: this.epoch - 1, done: true, history };
      return history;
    } catch (e) {
      diverged = (e as LinclassError).code === 'DIVERGED';
      throw e;
    } finally {
      this.#dispose(diverged);
    }
  }

  #diverged(loss: number): never {
    this.#p.theta.set(this.#last.view);
    const where = `epoch ${this.epoch}, step ${this.#step + 1}`;
    const err = new LinclassError('DIVERGED',
      `Training diverged at ${where}: the loss became ${loss}. The weights are those of the last step with a finite loss; try a smaller learningRate (this run used ${this.#lr}).`);
    this.#history.loss = this.#history.loss.slice(0, this.#totalSteps);
    throw Object.assign(err, { history: this.#history });
  }

  /** Evaluates, reports and checks early stopping. */
  #endEpoch(): { record: EpochRecord; stop: boolean } {
    this.#checkData();
    const p = this.#p;
    const tr = p.evaluate(this.#train, this.#w);
    if (!Number.isFinite(tr.loss)) this.#diverged(tr.loss);
    const record: EpochRecord = {
      epoch: this.epoch, loss: this.#epochLoss / this.#stepsPerEpoch, trainLoss: tr.loss, trainAccuracy: tr.accuracy,
      learningRate: this.#lr, seconds: 0,
    };
    if (this.#val) {
      const v = p.evaluate(this.#val);
      record.valLoss = v.loss;
      record.valAccuracy = v.accuracy;
    }
    record.seconds = (performance.now() - this.#epochStart) / 1000;
    this.#state.epoch++;
    this.#history.epochs.push(record);
    let stop = false;
    const es = this.#o.earlyStopping;
    if (es && record.valAccuracy !== undefined) {
      if (record.valAccuracy > this.#bestAcc + es.minDelta || this.#history.bestEpoch === undefined) {
        this.#bestAcc = record.valAccuracy;
        this.#history.bestEpoch = record.epoch;
        this.#best!.view.set(p.theta);
        this.#wait = 0;
      } else if (++this.#wait >= es.patience) {
        this.#history.stoppedEarly = stop = true;
      }
    }
    this.#o.onEpoch?.(record);
    return { record, stop };
  }

  #progress(record?: EpochRecord): FitProgress {
    return {
      epoch: this.epoch - (record ? 1 : 0), step: this.#step, stepsPerEpoch: this.#stepsPerEpoch,
      totalSteps: this.#totalSteps, loss: this.#lastLoss, record, done: false,
    };
  }

  #finish(): History {
    if (this.#best && this.#o.earlyStopping?.restoreBest) this.#p.theta.set(this.#best.view);
    this.#history.loss = this.#history.loss.slice(0, this.#totalSteps);
    return this.#history;
  }

  /** Frees the run's buffers and temporary datasets; after a divergence, the optimizer state too. */
  #dispose(diverged: boolean): void {
    this.#sampler.dispose();
    this.#last.free();
    this.#best?.free();
    this.#weights?.free();
    for (const d of this.#temps) d.dispose();
    if (diverged && this.#p.trainState === this.#state) {
      this.#state.dispose();
      this.#p.trainState = null;
    }
    this.#p.busy = false;
  }
}
