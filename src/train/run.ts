// One run of the mini-batch solver over a Params core: the batches, one fused
// loss+gradient step and one update per step, a learning rate per epoch, the
// per-epoch evaluation, averaging, stopping and divergence, all in one
// generator (loop()) that fit and partialFit drain at once and fitAsync a slice
// at a time (loop.ts). A step allocates nothing on either side.
import { Rng } from '../base/rng.js';
import { LinclassError } from '../base/errors.js';
import { datasetDisposed } from '../base/checks.js';
import { f32, type WasmBuf } from '../runtime/memory.js';
import type { Params } from '../model/params.js';
import { OPTIMIZERS, type Optimizer } from './optimizers/index.js';
import { optimizerKey, type EpochRecord, type ResolvedFit } from './options.js';
import { Sampler } from './sampler.js';
import { learningRateAt } from './schedule.js';
import type { RunData } from './prepare.js';
import { Stopper } from './stopping.js';
import { Averager } from './average.js';
import type { StopReason } from './solver.js';
import { lossFault, weightsFault } from '../model/overflow.js';
import { divergence, guarded } from './diverge.js';

export interface History {
  /** Loss of every step (L-BFGS: the objective after every iteration), in order. */
  loss: Float32Array;
  /** One record per epoch (L-BFGS: per iteration). */
  epochs: EpochRecord[];
  /** True when early stopping ended training. */
  stoppedEarly: boolean;
  /** With early stopping: the epoch whose weights were kept. */
  bestEpoch?: number;
  /** Why training stopped: 'maxIter' (the last epoch or iteration ran), 'converged', 'earlyStopping', or 'diverged' (on the error's history). */
  stopReason: StopReason;
  /** Epochs (mini-batch) or iterations (L-BFGS) run: scikit-learn's n_iter_. */
  nIter: number;
  /** The solver that ran ('auto' resolved). */
  solver: 'lbfgs' | 'minibatch';
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
  /** The solver running: for L-BFGS an "epoch" is an iteration and a "step" an evaluation. */
  solver: 'lbfgs' | 'minibatch';
}

/** What partialFit keeps between calls (held by the Params, which frees it): the optimizer, sampling and averaging state. */
export class TrainState {
  epoch = 0;
  rowsSeen = 0;
  constructor(readonly optimizer: Optimizer, readonly key: string, readonly rng: Rng, readonly avg: Averager | null) {}
  dispose(): void {
    this.optimizer.dispose();
    this.avg?.dispose();
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
  readonly #data: RunData;
  readonly #sampler: Sampler;
  readonly #last: WasmBuf<Float32Array>;
  readonly #best: WasmBuf<Float32Array> | null;
  readonly #avg: Averager | null;
  readonly #stopper: Stopper;
  #lr = 0;
  #epochLoss = 0;
  #epochStart = 0;
  #reason: StopReason = 'maxIter';

  /** Sets up a run on checked options and data (the caller frees the data if this throws). */
  static create(p: Params, owner: Owner, o: ResolvedFit, data: RunData): Run {
    const kept = p.trainState instanceof TrainState ? p.trainState : null;
    let state = kept;
    if (owner !== 'partialFit' || kept === null || kept.key !== optimizerKey(o)) {
      const optimizer = OPTIMIZERS[o.optimizer](p.count, o);
      let avg: Averager | null = null;
      try {
        if (o.average !== undefined && o.average !== false) avg = new Averager(p.count, o.average === true ? 0 : o.average);
      } catch (e) {
        optimizer.dispose();
        throw e;
      }
      p.trainState?.dispose();
      state = new TrainState(optimizer, optimizerKey(o), new Rng(o.seed), avg);
      p.trainState = state;
    }
    return new Run(p, data, o, state!, owner === 'partialFit' ? 1 : o.epochs);
  }

  private constructor(p: Params, data: RunData, o: ResolvedFit, state: TrainState, epochs: number) {
    this.#p = p;
    this.#o = o;
    this.#state = state;
    this.#data = data;
    this.#epochs = epochs;
    const last = f32(p.count);
    let best: WasmBuf<Float32Array> | null = null;
    try {
      best = o.earlyStopping ? f32(p.count) : null;
      this.#sampler = new Sampler(data.rows.n, o.batchSize, o.sampling, state.rng, data.rows.idx);
    } catch (e) {
      last.free();
      best?.free();
      throw e;
    }
    this.#last = last;
    this.#best = best;
    // averaging across partialFit calls: theta holds the last call's average, training goes on from its iterate
    this.#avg = state.avg;
    state.avg?.restore(p.theta);
    this.#stopper = new Stopper({ ...o, tol: o.tol ?? 0 });
    this.#last.view.set(p.theta);
    this.#stepsPerEpoch = this.#sampler.stepsPerEpoch;
    this.#history = {
      loss: new Float32Array(epochs * this.#stepsPerEpoch), epochs: [], stoppedEarly: false, stopReason: 'maxIter', nIter: 0, solver: 'minibatch',
    };
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
    if (this.#data.disposed) throw datasetDisposed();
  }

  /**
   * The loop: epochs of steps — batch, fused loss+gradient, snapshot, update —
   * and a record after each epoch. Yields each epoch's progress, mid-epoch
   * progress whenever `pause()` says so, and a last progress with `done` and
   * the history, which it also returns. Frees the run's buffers when it ends,
   * however it ends.
   */
  *loop(pause: () => boolean): Generator<FitProgress, History> {
    const p = this.#p, s = this.#sampler, optimizer = this.#state.optimizer, X = this.#data.X, y = this.#data.y, w = this.#data.w, avg = this.#avg;
    let diverged = false;
    try {
      for (let e = 0; e < this.#epochs; e++) {
        this.#beginEpoch();
        while (this.#step < this.#stepsPerEpoch) {
          this.#checkData();
          s.next(this.#step);
          // judged as the float32 the history keeps: a loss past float32's range is as diverged as Infinity
          const loss = Math.fround(p.step(s.n, X, s.ptr, y, w));
          if (!Number.isFinite(loss)) this.#diverged(lossFault(p, s.n, X, s.ptr, loss));
          this.#last.view.set(p.theta);
          optimizer.step(p.thetaPtr, p.gradPtr, this.#lr);
          const broken = weightsFault(p);
          if (broken) this.#diverged(broken);
          avg?.add(p.thetaPtr, this.#state.rowsSeen += s.n);
          this.#history.loss[this.#totalSteps++] = loss;
          this.#epochLoss += loss;
          this.#lastLoss = loss;
          this.#step++;
          if (pause()) yield this.#progress();
        }
        const { record, stop } = this.#endEpoch();
        yield this.#progress(record);
        if (stop) {
          this.#reason = stop;
          break;
        }
        if (e + 1 < this.#epochs) avg?.restore(p.theta); // on from the iterate; the average stays in at the end
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

  /** Ends the run with DIVERGED (fault: what stopped being finite), the weights of the last step with a finite loss restored. */
  #diverged(fault: string): never {
    this.#p.theta.set(this.#last.view);
    this.#history.loss = this.#history.loss.slice(0, this.#totalSteps);
    this.#history.stopReason = 'diverged';
    this.#history.nIter = this.#state.epoch;
    const where = this.#step < this.#stepsPerEpoch ? `epoch ${this.epoch}, step ${this.#step + 1}` : `the end of epoch ${this.epoch}`;
    throw divergence(where, fault, this.#lr, this.#history);
  }

  /** Evaluates (the average, when averaging), reports and checks for a reason to stop. */
  #endEpoch(): { record: EpochRecord; stop: StopReason | null } {
    this.#checkData();
    const p = this.#p, d = this.#data;
    this.#avg?.swapIn(p.theta);
    const diverged = (fault: string): never => this.#diverged(fault);
    const tr = guarded('the training data', () => p.evaluate(d.train, d.w, d.heldOut ? d.rows : undefined), diverged);
    if (!Number.isFinite(tr.loss)) this.#diverged(`the loss became ${tr.loss}`);
    const record: EpochRecord = {
      epoch: this.epoch, loss: this.#epochLoss / this.#stepsPerEpoch, trainLoss: tr.loss, trainAccuracy: tr.accuracy,
      learningRate: this.#lr, seconds: 0,
    };
    guarded('the validation or held-out data', () => d.report(p, record), diverged);
    record.seconds = (performance.now() - this.#epochStart) / 1000;
    this.#state.epoch++;
    this.#history.epochs.push(record);
    const { best, stop } = this.#stopper.check(record);
    if (best) this.#best!.view.set(p.theta);
    this.#o.onEpoch?.(record);
    return { record, stop };
  }

  #progress(record?: EpochRecord): FitProgress {
    return {
      epoch: this.epoch - (record ? 1 : 0), step: this.#step, stepsPerEpoch: this.#stepsPerEpoch,
      totalSteps: this.#totalSteps, loss: this.#lastLoss, record, done: false, solver: 'minibatch',
    };
  }

  #finish(): History {
    const h = this.#history;
    if (this.#best && this.#o.earlyStopping?.restoreBest) this.#p.theta.set(this.#best.view);
    h.loss = h.loss.slice(0, this.#totalSteps);
    if (this.#stopper.bestEpoch !== undefined) h.bestEpoch = this.#stopper.bestEpoch;
    h.stopReason = this.#reason;
    h.stoppedEarly = this.#reason === 'earlyStopping';
    h.nIter = this.#p.nIter = h.epochs.length;
    return h;
  }

  /** Frees the run's buffers and temporary datasets; after a divergence, the optimizer state too. */
  #dispose(diverged: boolean): void {
    this.#sampler.dispose();
    this.#last.free();
    this.#best?.free();
    this.#data.dispose();
    if (diverged && this.#p.trainState === this.#state) {
      this.#state.dispose();
      this.#p.trainState = null;
    }
    this.#p.busy = false;
  }
}
