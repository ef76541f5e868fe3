// The optimization strategies of the notes, and the assignments' search over
// learning rate × regularization:
//   #1 random search: the best of many random W;
//   #2 random local search: step in a random direction, keep the step if the loss falls;
//   hyperparameterSearch: train one model per (lr, reg) and keep the best on
//   validation (with solver 'lbfgs', one per reg: L-BFGS has no learning rate).
// Each validates all its options, the model's and the training's, by one table
// whose messages name the search.
import { LinclassError } from '../base/errors.js';
import { describe, validateOptions, type Rule, type Table } from '../base/validate.js';
import { SEED, datasetDisposed, seedRule } from '../base/checks.js';
import { Rng } from '../base/rng.js';
import { randn } from '../runtime/random.js';
import { Dataset } from '../model/dataset.js';
import { MODEL_OPTIONS, type ClassifierOptions } from '../model/options.js';
import { FIT_OPTIONS, type FitOptions } from '../train/options.js';
import { MINIBATCH_ONLY, type StopReason } from '../train/solver.js';
import { LinearClassifier } from './classifier.js';
import { Overflow } from '../model/overflow.js';

type ModelOptions = Omit<ClassifierOptions, 'numFeatures' | 'numClasses' | 'seed' | 'preprocessing'> & { numClasses?: number };

/** The model options a search takes: the classifier's, numClasses optional (the largest label + 1). */
const MODEL: Table = {
  loss: MODEL_OPTIONS.loss, penalty: MODEL_OPTIONS.penalty, reg: MODEL_OPTIONS.reg, l2Ratio: MODEL_OPTIONS.l2Ratio,
  delta: MODEL_OPTIONS.delta, numClasses: { ...MODEL_OPTIONS.numClasses, optional: true },
};

const COUNT: Rule = { kind: 'number', min: 1, max: 1e9, integer: true };
const POSITIVE: Rule = { kind: 'number', min: 0, max: Infinity, minOpen: true, maxOpen: true };

/** The labelled Dataset a search runs on. */
function checkData(owner: string, data: unknown): Dataset {
  if (!(data instanceof Dataset)) {
    if (typeof data === 'object' && data !== null && 'X' in data && 'y' in data) {
      throw new LinclassError('INVALID_DATA', `${owner} needs a Dataset (raw arrays do not say how many features a row has): use Dataset.from(X, y, { numFeatures }).`);
    }
    throw new LinclassError('INVALID_DATA', `${owner} needs a labelled Dataset. Got ${describe(data)} instead.`);
  }
  if (data.disposed) throw datasetDisposed();
  if (!data.hasLabels) throw new LinclassError('INVALID_DATA', `${owner} needs a labelled Dataset; this one has no labels.`);
  return data;
}

/** A classifier for the data with the search's model options (labels beyond numClasses fail at its first use of the data). */
function classifier(ds: Dataset, o: ModelOptions, seed: number): LinearClassifier {
  const { loss, penalty, reg, l2Ratio, delta } = o;
  const numClasses = o.numClasses ?? Math.max(2, ds.maxLabel + 1);
  return new LinearClassifier({ loss, penalty, reg, l2Ratio, delta, numClasses, numFeatures: ds.numFeatures, seed });
}

export interface SearchResult {
  /** A classifier holding the best weights found (dispose it when done). */
  model: LinearClassifier;
  /** Its loss on the data. */
  loss: number;
  /** Random search: each trial's loss. Local search: the best loss after each step. */
  losses: Float64Array;
}

export interface RandomSearchOptions extends ModelOptions {
  /** Random W to try, ≥ 1. Default 1000. */
  trials?: number;
  /** W = scale·N(0, 1), b = 0. Default 1e-4 (the notes' value). */
  scale?: number;
  /** Seed of the draws. Default 0. */
  seed?: number;
}

const RANDOM: Table = { ...MODEL, trials: { ...COUNT, default: 1000 }, scale: { ...POSITIVE, default: 1e-4 }, seed: seedRule(0) };

/**
 * Strategy #1 of the notes: try `trials` random weight matrices and keep the
 * one with the lowest loss on the data.
 *
 * @example
 * const { model, loss } = randomSearch(train, { trials: 100, loss: 'svm' });
 */
export function randomSearch(data: Dataset, options: RandomSearchOptions = {}): SearchResult {
  const o = validateOptions<Required<RandomSearchOptions>>('randomSearch', RANDOM, options);
  const clf = classifier(checkData('randomSearch', data), o, o.seed);
  try {
    const rng = new Rng(o.seed), count = clf.numClasses * clf.numFeatures, b = new Float32Array(clf.numClasses);
    const losses = new Float64Array(o.trials);
    let best = Infinity, bestW = clf.coef;
    for (let t = 0; t < o.trials; t++) {
      const W = randn(rng, count, o.scale);
      clf.setWeights(W, b);
      losses[t] = clf.evaluate(data).loss;
      if (losses[t] < best) { best = losses[t]; bestW = W; }
    }
    clf.setWeights(bestW, b);
    return { model: clf, loss: best, losses };
  } catch (e) {
    clf.dispose();
    throw e;
  }
}

export interface LocalSearchOptions extends ModelOptions {
  /** Steps, ≥ 1. Default 1000. */
  steps?: number;
  /** Each try is W + stepSize·N(0, 1). Default 1e-4 (the notes' value). */
  stepSize?: number;
  /** The start is W = initScale·N(0, 1), b = 0. Default 1e-3. */
  initScale?: number;
  seed?: number;
}

const LOCAL: Table = {
  ...MODEL, steps: { ...COUNT, default: 1000 }, stepSize: { ...POSITIVE, default: 1e-4 }, initScale: { ...POSITIVE, default: 1e-3 }, seed: seedRule(0),
};

/**
 * Strategy #2 of the notes: from a random W, try W + stepSize·δ with a random
 * direction δ and keep it when the loss falls.
 */
export function randomLocalSearch(data: Dataset, options: LocalSearchOptions = {}): SearchResult {
  const o = validateOptions<Required<LocalSearchOptions>>('randomLocalSearch', LOCAL, options);
  const clf = classifier(checkData('randomLocalSearch', data), o, o.seed);
  try {
    const rng = new Rng(o.seed), count = clf.numClasses * clf.numFeatures, b = new Float32Array(clf.numClasses);
    let W = randn(rng, count, o.initScale);
    clf.setWeights(W, b);
    let best = clf.evaluate(data).loss;
    const losses = new Float64Array(o.steps);
    for (let s = 0; s < o.steps; s++) {
      const step = randn(rng, count, o.stepSize);
      for (let i = 0; i < count; i++) step[i] += W[i];
      clf.setWeights(step, b);
      const loss = clf.evaluate(data).loss;
      if (loss < best) { best = loss; W = step; }
      losses[s] = best;
    }
    clf.setWeights(W, b);
    return { model: clf, loss: best, losses };
  } catch (e) {
    clf.dispose();
    throw e;
  }
}

/** A model's accuracy on a set, or NaN when its scores there overflow float32: one such model does not end the search. */
function scoreOrNaN(clf: LinearClassifier, data: Dataset): number {
  try {
    return clf.score(data);
  } catch (e) {
    if (e instanceof Overflow) return NaN;
    throw e;
  }
}

export interface HyperparameterRow {
  /** NaN with solver 'lbfgs'. */
  learningRate: number;
  reg: number;
  /** Accuracies in [0, 1]; NaN when the model's scores on that set overflow float32 (weights grown huge at a large learning rate): never the best. */
  trainAccuracy: number;
  valAccuracy: number;
  /** True when training diverged (the accuracies are those of the last finite weights). */
  diverged: boolean;
  /** Why the model's training stopped, and its epochs or iterations. */
  stopReason: StopReason;
  nIter: number;
}

export interface HyperparameterSearchOptions extends Omit<ModelOptions, 'reg'>, Omit<FitOptions, 'learningRate' | 'validation' | 'earlyStopping' | 'solver'> {
  /** 'minibatch' (default): a model per learning rate × reg; 'lbfgs': a model per reg. */
  solver?: 'minibatch' | 'lbfgs';
  /** Learning rates: every one in 'grid' mode; the range [min, max] sampled log-uniformly in 'random' mode. Not with 'lbfgs'. */
  learningRates?: number[];
  /** Regularization strengths, likewise (uniformly when the range includes 0). */
  regs: number[];
  /** Default 'grid'. */
  mode?: 'grid' | 'random';
  /** Models to train in 'random' mode. Default 10. */
  trials?: number;
  seed?: number;
}

export interface HyperparameterSearchResult {
  /** One row per model trained, in the order trained. */
  results: HyperparameterRow[];
  /** The row with the best validation accuracy (the first on ties). */
  best: HyperparameterRow;
  /** The best model (dispose it when done); the others are disposed. */
  model: LinearClassifier;
}

// the training options, less those the search sets itself (and early stopping, which needs a validation set per fit;
// and L-BFGS's: a learning-rate search runs the mini-batch solver)
const { learningRate: _lr, validation: _val, seed: _seed, earlyStopping: _es, solver: _s, ...TRAINING } = FIT_OPTIONS;
const { reg: _reg, ...SEARCH_MODEL } = MODEL;
const HYPER: Table = {
  solver: { kind: 'enum', values: ['minibatch', 'lbfgs'], default: 'minibatch' },
  learningRates: { kind: 'list', min: 0, minOpen: true, optional: true },
  regs: { kind: 'list', min: 0 },
  mode: { kind: 'enum', values: ['grid', 'random'], default: 'grid' },
  trials: { ...COUNT, max: Infinity, maxOpen: true, default: 10 },
  seed: { ...SEED, default: 0 },
  ...SEARCH_MODEL,
  ...TRAINING,
};

/** A value in [lo, hi]: log-uniform when lo > 0, else uniform. */
function sample(rng: Rng, lo: number, hi: number): number {
  const u = rng.nextU32() / 2 ** 32;
  return lo > 0 ? lo * (hi / lo) ** u : lo + (hi - lo) * u;
}

/** The (learning rate, reg) pairs to train: the grid, or `trials` random pairs from the ranges (L-BFGS: NaN for the rate). */
function pairs(o: Required<HyperparameterSearchOptions>): [number, number][] {
  const out: [number, number][] = [];
  const lrs = o.solver === 'lbfgs' ? [NaN] : o.learningRates, regs = o.regs;
  if (o.mode === 'grid') for (const lr of lrs) for (const reg of regs) out.push([lr, reg]);
  else if (o.solver === 'lbfgs') {
    const rng = new Rng(o.seed);
    for (let t = 0; t < o.trials; t++) out.push([NaN, sample(rng, Math.min(...regs), Math.max(...regs))]);
  } else {
    const rng = new Rng(o.seed);
    for (let t = 0; t < o.trials; t++) {
      out.push([sample(rng, Math.min(...lrs), Math.max(...lrs)), sample(rng, Math.min(...regs), Math.max(...regs))]);
    }
  }
  return out;
}

/**
 * The assignments' search: train a model for each learning rate × regularization
 * pair (or `trials` random pairs), measure train and validation accuracy, keep the best.
 *
 * @example
 * const { best, model } = hyperparameterSearch(train, val, { learningRates: [1e-3, 1e-2], regs: [0, 1e-3], epochs: 5 });
 */
export function hyperparameterSearch(train: Dataset, val: Dataset, options: HyperparameterSearchOptions): HyperparameterSearchResult {
  const o = validateOptions<Required<HyperparameterSearchOptions>>('hyperparameterSearch', HYPER, options);
  checkData('hyperparameterSearch', train);
  if (val instanceof Dataset && val.disposed) throw datasetDisposed();
  if (!(val instanceof Dataset) || !val.hasLabels) {
    throw new LinclassError('INVALID_DATA', `hyperparameterSearch needs the validation data as a labelled Dataset. Got ${val instanceof Dataset ? 'one without labels' : describe(val)} instead.`);
  }
  if (o.solver === 'minibatch' && o.learningRates === undefined) {
    throw new LinclassError('INVALID_OPTION', "hyperparameterSearch needs 'learningRates' with solver 'minibatch' (or give solver: 'lbfgs', which has none).");
  }
  if (o.solver === 'lbfgs' && options.learningRates !== undefined) {
    throw new LinclassError('INVALID_OPTION', "hyperparameterSearch with solver 'lbfgs' takes no 'learningRates': L-BFGS finds its own steps. Search 'regs' alone.");
  }
  const { learningRates: _l, regs: _r, mode: _m, trials: _t, loss, penalty, l2Ratio, delta, numClasses, solver, ...rest } = o;
  // L-BFGS's fits take no mini-batch options (the table filled in their defaults)
  const fit = solver === 'lbfgs' ? Object.fromEntries(Object.entries(rest).filter(([k]) => !(MINIBATCH_ONLY as readonly string[]).includes(k))) : rest;
  const results: HyperparameterRow[] = [];
  let bestModel: LinearClassifier | null = null, best: HyperparameterRow | null = null;
  try {
    for (const [learningRate, reg] of pairs(o)) {
      const clf = classifier(train, { loss, penalty, reg, l2Ratio, delta, numClasses }, o.seed);
      try {
        let diverged = false, stop: { stopReason: StopReason; nIter: number };
        try {
          const h = clf.fit(train, { ...(fit as FitOptions), solver, ...(solver === 'lbfgs' ? {} : { learningRate }) });
          stop = { stopReason: h.stopReason, nIter: h.nIter };
        } catch (e) {
          if ((e as LinclassError).code !== 'DIVERGED') throw e;
          diverged = true;
          stop = { stopReason: 'diverged', nIter: clf.nIter };
        }
        const row = { learningRate, reg, trainAccuracy: scoreOrNaN(clf, train), valAccuracy: scoreOrNaN(clf, val), diverged, ...stop };
        results.push(row);
        if (best === null || row.valAccuracy > best.valAccuracy || (Number.isNaN(best.valAccuracy) && !Number.isNaN(row.valAccuracy))) {
          bestModel?.dispose();
          bestModel = clf;
          best = row;
        } else clf.dispose();
      } catch (e) {
        clf.dispose();
        throw e;
      }
    }
  } catch (e) {
    bestModel?.dispose();
    throw e;
  }
  return { results, best: best!, model: bestModel! };
}
