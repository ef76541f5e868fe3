// The options of fit, partialFit and fitAsync: one table each, checked before
// anything changes, each message naming the function the user called.
import { SEED } from '../base/checks.js';
import { LinclassError } from '../base/errors.js';
import { validateOptions, type Rule, type Table } from '../base/validate.js';
import type { TrainData } from '../model/data.js';
import { OPTIMIZERS, type OptimizerName, type OptimizerOptions } from './optimizers/index.js';
import type { Sampling } from './sampler.js';
import { SCHEDULE, type Schedule } from './schedule.js';
import type { ClassWeight } from './weights.js';
import { SOLVER_OPTIONS, type SolverOptions } from './solver.js';

export interface EarlyStopping {
  /** Epochs without a better validation accuracy before training stops, ≥ 1. */
  patience: number;
  /** How much better counts as better. Default 0. */
  minDelta?: number;
  /** Put back the weights of the best epoch when training ends. Default true. */
  restoreBest?: boolean;
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
  /** Present with `validationFraction`: the held-out rows' loss and accuracy. */
  heldOutLoss?: number;
  heldOutAccuracy?: number;
  /** The learning rate used in this epoch (L-BFGS: the line search's step). */
  learningRate: number;
  /** Wall-clock seconds the epoch took, evaluation included. */
  seconds: number;
}

export interface FitOptions extends Partial<OptimizerOptions>, SolverOptions {
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
  /**
   * A weight ≥ 0 per training row (N values): the objective becomes the
   * weighted mean Σ w_i·L_i / Σ w_i + λR(W), so an integer weight k counts a row
   * k times. Default: the Dataset's own weights, else 1.
   */
  sampleWeight?: ArrayLike<number>;
  /** Weights per class, multiplying each row's weight: 'balanced' (N / (classes · rows of the class)) or { label: weight }. */
  classWeight?: ClassWeight;
}

/** The options with every default filled in ('full' as a batch size larger than any dataset), and the names the caller set. */
export type ResolvedFit = Required<Omit<FitOptions, 'validation' | 'earlyStopping' | 'onEpoch' | 'batchSize' | 'sampleWeight' | 'classWeight'
  | keyof SolverOptions>> & SolverOptions & {
  batchSize: number; validation?: TrainData; earlyStopping?: Required<EarlyStopping>; onEpoch?: (r: EpochRecord) => void;
  sampleWeight?: ArrayLike<number>; classWeight?: ClassWeight; given: ReadonlySet<string>;
};

const unit = (d: number): Rule => ({ kind: 'number', min: 0, max: 1, maxOpen: true, default: d });
const positive = (d: number): Rule => ({ kind: 'number', min: 0, max: Infinity, minOpen: true, maxOpen: true, default: d });

/** The update rules' options (shared with hyperparameterSearch). */
export const OPTIMIZER_OPTIONS: Table = {
  optimizer: { kind: 'enum', values: Object.keys(OPTIMIZERS), default: 'adam' },
  mu: unit(0.9),
  rho: unit(0.99),
  beta1: unit(0.9),
  beta2: unit(0.999),
  epsilon: positive(1e-8),
};

/** partialFit's options: one epoch, so no epochs and no early stopping. */
export const PARTIAL_FIT_OPTIONS: Table = {
  batchSize: {
    kind: 'either', default: 32,
    rules: [{ kind: 'number', min: 1, max: Infinity, maxOpen: true, integer: true }, { kind: 'enum', values: ['full'] }],
  },
  sampling: { kind: 'enum', values: ['shuffle', 'replacement'], default: 'shuffle' },
  optimizer: OPTIMIZER_OPTIONS.optimizer,
  learningRate: positive(0.01),
  mu: OPTIMIZER_OPTIONS.mu,
  rho: OPTIMIZER_OPTIONS.rho,
  beta1: OPTIMIZER_OPTIONS.beta1,
  beta2: OPTIMIZER_OPTIONS.beta2,
  epsilon: OPTIMIZER_OPTIONS.epsilon,
  schedule: SCHEDULE,
  validation: { kind: 'any' },
  onEpoch: { kind: 'function', optional: true },
  seed: { ...SEED, optional: true },
  sampleWeight: { kind: 'any' },
  classWeight: { kind: 'any' },
  average: SOLVER_OPTIONS.average,
};

export const FIT_OPTIONS: Table = {
  epochs: { kind: 'number', min: 1, max: 1e9, integer: true, default: 20 },
  ...PARTIAL_FIT_OPTIONS,
  earlyStopping: {
    kind: 'object', optional: true,
    table: {
      patience: { kind: 'number', min: 1, max: 1e9, integer: true },
      minDelta: { kind: 'number', min: 0, max: 1, default: 0 },
      restoreBest: { kind: 'boolean', default: true },
    },
  },
  ...SOLVER_OPTIONS,
};

/** Checks fit / partialFit / fitAsync options and fills in the defaults (the seed: the classifier's). */
export function resolveFit(owner: 'fit' | 'partialFit' | 'fitAsync', options: unknown, seed: number): ResolvedFit {
  const o = validateOptions<Omit<ResolvedFit, 'batchSize'> & { batchSize: number | 'full' }>(owner, owner === 'partialFit' ? PARTIAL_FIT_OPTIONS : FIT_OPTIONS, options);
  if (o.batchSize === 'full') o.batchSize = Number.MAX_SAFE_INTEGER;
  o.seed ??= seed;
  if (o.earlyStopping !== undefined && o.validation === undefined) {
    throw new LinclassError('INVALID_OPTION', `The 'earlyStopping' option of ${owner} watches validation accuracy: give a 'validation' dataset too.`);
  }
  if (o.earlyStopping !== undefined && o.validationFraction !== undefined) {
    throw new LinclassError('INVALID_OPTION',
      `${owner} takes one way to stop early: 'earlyStopping' (on the 'validation' set) or 'validationFraction' (on rows held out of the training data), not both.`);
  }
  const given = new Set(Object.entries((options ?? {}) as object).filter(([, v]) => v !== undefined).map(([k]) => k));
  return { ...o, given } as ResolvedFit;
}

/** The options that make an optimizer state reusable by the next partialFit. */
export function optimizerKey(o: ResolvedFit): string {
  return JSON.stringify([o.optimizer, o.mu, o.rho, o.beta1, o.beta2, o.epsilon, o.average ?? false]);
}
