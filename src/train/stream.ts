// fitStream: training on a stream of { X, y } chunks that need never fit in
// memory. Each epoch calls source() once and reads its rows into a shuffle
// buffer of bufferRows slots in linear memory; a step draws batchSize slots at
// random, runs the same fused loss+gradient kernel call and update rule as fit
// (Params.step, one kernel call, then the optimizer), and refills the slots it
// used with the next rows. Every row is used once per epoch; memory is the
// buffer's, not the data's. A stream no longer than the buffer is shuffled
// whole, with fit's permutation, so it trains exactly as fit does.
import { Rng } from '../base/rng.js';
import { LinclassError } from '../base/errors.js';
import { describe } from '../base/validate.js';
import { datasetDisposed } from '../base/checks.js';
import { checkFits, f32, freeAll, i32, type WasmBuf } from '../runtime/memory.js';
import { labelledDataset } from '../model/data.js';
import type { Dataset } from '../model/dataset.js';
import type { Params } from '../model/params.js';
import { OPTIMIZERS, type Optimizer } from './optimizers/index.js';
import { optimizerKey, type ResolvedFit } from './options.js';
import { TrainState } from './run.js';
import { learningRateAt } from './schedule.js';
import { openSource, RowFeed, type StreamSource } from './feed.js';
import { resolveStream, type ResolvedStream, type StreamEpochRecord, type StreamHistory } from './stream-options.js';
import { yieldToLoop } from './loop.js';
import { lossFault, weightsFault } from '../model/overflow.js';
import { divergence, guarded } from './diverge.js';

/** Milliseconds of steps between two yields to the event loop. */
const SLICE_MS = 50;

interface Bufs {
  X: WasmBuf<Float32Array>; y: WasmBuf<Int32Array>; slots: WasmBuf<Int32Array>; last: WasmBuf<Float32Array>; best: WasmBuf<Float32Array> | null;
}

/** Trains p on the stream; resolves to the history. Checks everything before anything changes. */
export async function fitStream(p: Params, source: unknown, options: unknown): Promise<StreamHistory> {
  if (typeof source !== 'function') {
    throw new LinclassError('INVALID_ARGUMENT',
      `fitStream needs a function source() that returns the chunks { X, y } of one epoch (an async iterable); it is called once per epoch. Got ${describe(source)} instead.`);
  }
  if (p.busy) {
    throw new LinclassError('INVALID_ARGUMENT',
      'fitStream: this classifier is already training (a fitAsync or fitStream run is under way, or this is called from onEpoch); wait for it to end first.');
  }
  const o = resolveStream(options, p.seed);
  const R = o.bufferRows, Dp = p.Dp;
  checkFits(4 * R * (Dp + 2) + 8 * p.count, 4 * R * Dp);
  let val: { ds: Dataset; temp: boolean } | null = null;
  let bufs: Bufs | null = null;
  try {
    if (o.validation !== undefined) {
      val = labelledDataset(p, o.validation, (got) => `The 'validation' data must be a labelled Dataset or an object { X, y }. Got ${got} instead.`);
    }
    bufs = { X: f32(R * Dp), y: i32(R), slots: i32(R), last: f32(p.count), best: null };
    bufs.last.view.set(p.theta); // what a divergence at the first step restores
    if (o.earlyStopping) bufs.best = f32(p.count);
  } catch (e) {
    if (val?.temp) val.ds.dispose();
    if (bufs) freeAll(bufs.X, bufs.y, bufs.slots, bufs.last, bufs.best);
    throw e;
  }
  const optimizer = OPTIMIZERS[o.optimizer](p.count, o);
  p.trainState?.dispose();
  const state = new TrainState(optimizer, optimizerKey(o as unknown as ResolvedFit), new Rng(o.seed), null);
  p.trainState = state;
  p.busy = true;
  let diverged = false;
  try {
    return await new StreamRun(p, o, state, bufs, val?.ds ?? null).run(source as StreamSource);
  } catch (e) {
    diverged = (e as LinclassError).code === 'DIVERGED';
    throw e;
  } finally {
    if (val?.temp) val.ds.dispose();
    freeAll(bufs.X, bufs.y, bufs.slots, bufs.last, bufs.best);
    if (diverged && p.trainState === state) {
      state.dispose();
      p.trainState = null;
    }
    p.busy = false;
  }
}

class StreamRun {
  readonly #history: StreamHistory = { loss: new Float32Array(1024), epochs: [], stoppedEarly: false };
  #steps = 0;
  #epochSteps = 0;
  #epochLoss = 0;
  #lr = 0;
  #slice = 0;
  #bestAcc = -Infinity;
  #wait = 0;
  readonly #optimizer: Optimizer;
  readonly #rng: Rng;

  constructor(readonly p: Params, readonly o: ResolvedStream, readonly state: TrainState, readonly b: Bufs, readonly val: Dataset | null) {
    this.#optimizer = state.optimizer;
    this.#rng = state.rng;
  }

  async run(source: StreamSource): Promise<StreamHistory> {
    this.#slice = performance.now();
    for (let e = 0; e < this.o.epochs; e++) {
      const t0 = performance.now();
      this.#lr = learningRateAt(this.o.learningRate, this.o.schedule, this.state.epoch);
      this.#epochSteps = 0;
      this.#epochLoss = 0;
      const feed = new RowFeed(await openSource(source, this.state.epoch + 1), this.p, this.p.Dp, this.b.X, this.b.y);
      try {
        await this.#epoch(feed);
      } finally {
        await feed.close();
      }
      if (this.#endEpoch(feed.rows, t0)) break;
    }
    if (this.b.best && this.o.earlyStopping?.restoreBest) this.p.theta.set(this.b.best.view);
    this.#history.loss = this.#history.loss.slice(0, this.#steps);
    return this.#history;
  }

  /** One pass: fill the buffer, then draw batches and refill until the stream and the buffer are empty. */
  async #epoch(feed: RowFeed): Promise<void> {
    const R = this.o.bufferRows, B = this.o.batchSize, slots = this.b.slots, rng = this.#rng;
    const v = slots.view;
    for (let i = 0; i < R; i++) v[i] = i;
    let active = await feed.fill(slots, 0, R);
    if (active === 0) {
      throw new LinclassError('INVALID_DATA', `fitStream: the stream of epoch ${this.state.epoch + 1} has no rows.`);
    }
    if (active < R || !(await feed.more())) {
      // the whole epoch is in the buffer: fit's shuffle (Sampler.beginEpoch), or its full batch
      const N = active, full = B >= N;
      if (!full) {
        const s = slots.view;
        for (let i = N - 1; i > 0; i--) {
          const j = rng.below(i + 1), t = s[i];
          s[i] = s[j];
          s[j] = t;
        }
      }
      for (let start = 0; start < N; start += B) await this.#step(Math.min(B, N - start), slots.ptr + 4 * start);
      return;
    }
    while (active > 0) {
      const n = Math.min(B, active);
      let s = slots.view;
      for (let i = 0; i < n; i++) {
        const j = i + rng.below(active - i), t = s[i];
        s[i] = s[j];
        s[j] = t;
      }
      await this.#step(n, slots.ptr);
      const got = await feed.fill(slots, 0, n);
      s = slots.view;
      for (let k = n - 1; k >= got; k--) {
        const t = s[k];
        s[k] = s[active - 1];
        s[active - 1] = t;
        active--;
      }
    }
  }

  /** One step over the n slots listed at idx: the fused kernel call, a snapshot, the update. */
  async #step(n: number, idx: number): Promise<void> {
    const p = this.p;
    const loss = Math.fround(p.step(n, this.b.X.ptr, idx, this.b.y.ptr));
    if (!Number.isFinite(loss)) this.#diverged(lossFault(p, n, this.b.X.ptr, idx, loss));
    this.b.last.view.set(p.theta);
    this.#optimizer.step(p.thetaPtr, p.gradPtr, this.#lr);
    const broken = weightsFault(p);
    if (broken) this.#diverged(broken);
    let h = this.#history.loss;
    if (this.#steps === h.length) {
      const grown = new Float32Array(2 * h.length);
      grown.set(h);
      this.#history.loss = h = grown;
    }
    h[this.#steps++] = loss;
    this.#epochSteps++;
    this.#epochLoss += loss;
    if (performance.now() - this.#slice > SLICE_MS) {
      await yieldToLoop();
      this.#slice = performance.now();
    }
  }

  #diverged(fault: string, where = `epoch ${this.state.epoch + 1}, step ${this.#epochSteps + 1}`): never {
    this.p.theta.set(this.b.last.view);
    this.#history.loss = this.#history.loss.slice(0, this.#steps);
    throw divergence(where, fault, this.#lr, this.#history);
  }

  /** The epoch's record, validation and early stopping; true to stop. */
  #endEpoch(rows: number, t0: number): boolean {
    if (this.val?.disposed) throw datasetDisposed();
    const record: StreamEpochRecord = {
      epoch: this.state.epoch + 1, loss: this.#epochLoss / this.#epochSteps, rows, steps: this.#epochSteps, learningRate: this.#lr, seconds: 0,
    };
    if (this.val) {
      const val = this.val;
      const v = guarded('the validation data', () => this.p.evaluate(val), (f) => this.#diverged(f, `the end of epoch ${this.state.epoch + 1}`));
      record.valLoss = v.loss;
      record.valAccuracy = v.accuracy;
    }
    record.seconds = (performance.now() - t0) / 1000;
    this.state.epoch++;
    this.#history.epochs.push(record);
    let stop = false;
    const es = this.o.earlyStopping;
    if (es && record.valAccuracy !== undefined) {
      if (record.valAccuracy > this.#bestAcc + es.minDelta || this.#history.bestEpoch === undefined) {
        this.#bestAcc = record.valAccuracy;
        this.#history.bestEpoch = record.epoch;
        this.b.best!.view.set(this.p.theta);
        this.#wait = 0;
      } else if (++this.#wait >= es.patience) {
        this.#history.stoppedEarly = stop = true;
      }
    }
    this.o.onEpoch?.(record);
    return stop;
  }
}
