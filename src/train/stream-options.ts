// The options of fitStream: fit's, less sampling and 'full' batches, plus the
// shuffle buffer's size in rows; and what a streamed epoch reports.
import { LinclassError } from '../base/errors.js';
import { validateOptions, type Table } from '../base/validate.js';
import type { TrainData } from '../model/data.js';
import type { OptimizerName, OptimizerOptions } from './optimizers/index.js';
import { FIT_OPTIONS, type EarlyStopping } from './options.js';
import type { Schedule } from './schedule.js';

export interface StreamFitOptions extends Partial<OptimizerOptions> {
  /** Passes over the stream (source() is called once for each), ≥ 1. Default 20. */
  epochs?: number;
  /** Rows per step, ≥ 1. Default 32. */
  batchSize?: number;
  /**
   * Rows the shuffle buffer holds, ≥ batchSize. Memory is this many rows (not the
   * data's): bufferRows · 4 · (D rounded up to 4) bytes. A stream no longer than
   * the buffer is shuffled whole each epoch, exactly as fit shuffles. Default 16384.
   */
  bufferRows?: number;
  /** The update rule. Default 'adam'. */
  optimizer?: OptimizerName;
  /** The step size, > 0. Default 0.01. */
  learningRate?: number;
  /** How the learning rate changes per epoch. Default { type: 'constant' }. */
  schedule?: Schedule;
  /** In-memory data to report validation loss and accuracy on after each epoch. */
  validation?: TrainData;
  /** Stop when validation accuracy stops improving (needs `validation`). */
  earlyStopping?: EarlyStopping;
  /** Called after each epoch with its record. */
  onEpoch?: (record: StreamEpochRecord) => void;
  /** Seed of the shuffle. Default: the classifier's seed. */
  seed?: number;
}

export interface StreamEpochRecord {
  /** 1 for the first epoch. */
  epoch: number;
  /** Mean of the epoch's step losses (each taken on its batch before the update: a progressive loss). */
  loss: number;
  /** Rows the epoch read, and steps it took. */
  rows: number;
  steps: number;
  /** Present with `validation`. */
  valLoss?: number;
  valAccuracy?: number;
  /** The learning rate used in this epoch. */
  learningRate: number;
  /** Wall-clock seconds the epoch took, reading and evaluation included. */
  seconds: number;
}

export interface StreamHistory {
  /** Loss of every step, in order. */
  loss: Float32Array;
  /** One record per epoch. */
  epochs: StreamEpochRecord[];
  /** True when early stopping ended training. */
  stoppedEarly: boolean;
  /** With early stopping: the epoch whose weights were kept. */
  bestEpoch?: number;
}

export type ResolvedStream = Required<Omit<StreamFitOptions, 'validation' | 'earlyStopping' | 'onEpoch'>> & {
  validation?: TrainData; earlyStopping?: Required<EarlyStopping>; onEpoch?: (r: StreamEpochRecord) => void;
};

const { sampling: _sampling, batchSize: _batch, ...shared } = FIT_OPTIONS;

export const STREAM_OPTIONS: Table = {
  ...shared,
  batchSize: { kind: 'number', min: 1, max: 2 ** 24, integer: true, default: 32 },
  bufferRows: { kind: 'number', min: 1, max: 2 ** 24, integer: true, default: 16384 },
};

/** Checks fitStream's options and fills in the defaults (the seed: the classifier's). */
export function resolveStream(options: unknown, seed: number): ResolvedStream {
  const o = validateOptions<ResolvedStream>('fitStream', STREAM_OPTIONS, options);
  o.seed ??= seed;
  if (o.earlyStopping !== undefined && o.validation === undefined) {
    throw new LinclassError('INVALID_OPTION', "The 'earlyStopping' option of fitStream watches validation accuracy: give a 'validation' dataset too.");
  }
  if (o.bufferRows < o.batchSize) {
    throw new LinclassError('INVALID_OPTION',
      `The 'bufferRows' option of fitStream (${o.bufferRows}) must be at least the batchSize (${o.batchSize}): a batch is drawn from the buffer.`);
  }
  return o;
}
