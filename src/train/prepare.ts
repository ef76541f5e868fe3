// The data of a training run, made before either solver starts: the training
// Dataset (copied in for the call when given as arrays), the validation set,
// the rows' weights in linear memory, and — with validationFraction — the
// seeded split of the training rows into the rows trained on and the rows held
// out. Freed together when the run ends.
import { Rng } from '../base/rng.js';
import { LinclassError } from '../base/errors.js';
import { f32, i32, freeAll, type WasmBuf } from '../runtime/memory.js';
import { kernels } from '../runtime/module.js';
import { labelledDataset } from '../model/data.js';
import type { Dataset } from '../model/dataset.js';
import type { Params } from '../model/params.js';
import type { EpochRecord, ResolvedFit } from './options.js';
import { fitWeights } from './weights.js';

/** Rows of a dataset: n indices listed at idx (a pointer into linear memory). */
export interface Rows {
  n: number;
  idx: number;
}

/** Rows meanSquaredNorm reads at most. */
const SAMPLE_ROWS = 4096;
/** Mixed into the seed of the held-out split, so that it does not repeat the first epoch's shuffle. */
const SPLIT_SEED = 0x5bd1e995;

export class RunData {
  readonly train: Dataset;
  readonly val: Dataset | null;
  /** X and y of the training Dataset. */
  readonly X: number;
  readonly y: number;
  /** The rows' weights: the run's own buffer (sampleWeight, classWeight), the dataset's, or 0 for none. */
  readonly w: number;
  /** The rows trained on (every row, or those not held out). */
  readonly rows: Rows;
  /** With validationFraction: the held-out rows. */
  readonly heldOut: Rows | null;
  private readonly temps: Dataset[];
  private readonly bufs: WasmBuf<Float32Array | Int32Array>[];

  private constructor(train: Dataset, val: Dataset | null, temps: Dataset[], bufs: WasmBuf<Float32Array | Int32Array>[],
    w: number, rows: Rows, heldOut: Rows | null) {
    const ptrs = train.ptrs();
    this.train = train;
    this.val = val;
    this.X = ptrs.X;
    this.y = ptrs.y;
    this.w = w;
    this.rows = rows;
    this.heldOut = heldOut;
    this.temps = temps;
    this.bufs = bufs;
  }

  /** Checks and copies what a run needs; nothing stays allocated if it throws. */
  static make(p: Params, owner: string, train: unknown, o: ResolvedFit): RunData {
    const temps: Dataset[] = [], bufs: WasmBuf<Float32Array | Int32Array>[] = [];
    try {
      const tr = labelledDataset(p, train, (got) => `The training data must be a labelled Dataset or an object { X, y }. Got ${got} instead.`);
      if (tr.temp) temps.push(tr.ds);
      let val: Dataset | null = null;
      if (o.validation !== undefined) {
        const v = labelledDataset(p, o.validation, (got) => `The 'validation' data must be a labelled Dataset or an object { X, y }. Got ${got} instead.`);
        if (v.temp) temps.push(v.ds);
        val = v.ds;
      }
      const weights = fitWeights(owner, tr.ds, o.sampleWeight, o.classWeight, (key) => p.classes.indexOfKey(key));
      let w = tr.ds.ptrs().w;
      if (weights) {
        const wb = f32(weights.length);
        bufs.push(wb);
        wb.view.set(weights);
        w = wb.ptr;
      }
      const N = tr.ds.numRows;
      let rows: Rows = { n: N, idx: tr.ds.ptrs().all }, heldOut: Rows | null = null;
      if (o.validationFraction !== undefined) {
        const nHeld = Math.round(N * o.validationFraction);
        if (nHeld < 1 || nHeld > N - 1) {
          throw new LinclassError('INVALID_DATA',
            `The 'validationFraction' option of ${owner} holds out ${nHeld} of the ${N} training rows; it must leave at least 1 row on each side.`);
        }
        const order = shuffled(N, (o.seed ^ SPLIT_SEED) >>> 0);
        const a = i32(N - nHeld);
        bufs.push(a);
        const b = i32(nHeld);
        bufs.push(b);
        a.view.set(order.subarray(nHeld).sort());
        b.view.set(order.subarray(0, nHeld).sort());
        rows = { n: N - nHeld, idx: a.ptr };
        heldOut = { n: nHeld, idx: b.ptr };
      }
      return new RunData(tr.ds, val, temps, bufs, w, rows, heldOut);
    } catch (e) {
      for (const d of temps) d.dispose();
      freeAll(...bufs);
      throw e;
    }
  }

  /** mean ‖x‖² over the training rows (at most SAMPLE_ROWS of them, evenly spaced), in float64. */
  meanSquaredNorm(): number {
    const { n, idx } = this.rows, Dp = this.train.paddedFeatures, mem = kernels().memory.buffer;
    const rows = new Int32Array(mem, idx, n), X = new Float32Array(mem, this.X, this.train.numRows * Dp);
    const take = Math.min(n, SAMPLE_ROWS);
    let sum = 0;
    for (let k = 0; k < take; k++) {
      const off = rows[Math.floor((k * n) / take)] * Dp;
      for (let d = 0; d < Dp; d++) sum += X[off + d] * X[off + d];
    }
    return sum / take;
  }

  /** Adds the validation and held-out sets' loss and accuracy at the current weights to a record. */
  report(p: Params, record: EpochRecord): void {
    if (this.val) {
      const v = p.evaluate(this.val);
      record.valLoss = v.loss;
      record.valAccuracy = v.accuracy;
    }
    if (this.heldOut) {
      const h = p.evaluate(this.train, this.w, this.heldOut);
      record.heldOutLoss = h.loss;
      record.heldOutAccuracy = h.accuracy;
    }
  }

  /** True when the data was disposed mid-run (while fitAsync yielded, or from onEpoch). */
  get disposed(): boolean {
    return this.train.disposed || this.val?.disposed === true;
  }

  dispose(): void {
    freeAll(...this.bufs);
    for (const d of this.temps) d.dispose();
  }
}

/** 0 … N−1 in a seeded Fisher–Yates order (integer math only: the same split in every runtime). */
function shuffled(N: number, seed: number): Int32Array {
  const order = new Int32Array(N), rng = new Rng(seed);
  for (let i = 0; i < N; i++) order[i] = i;
  for (let i = N - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
