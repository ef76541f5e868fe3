// The optimization strategies of the notes, and the assignments' search over
// learning rate × regularization:
//   #1 random search: the best of many random W;
//   #2 random local search: step in a random direction, keep the step if the loss falls;
//   hyperparameterSearch: train one model per (lr, reg) and keep the best on validation.
import { LinearClassifier, type ClassifierOptions } from './classifier.js';
import { Dataset } from './dataset.js';
import { f32, u32, freeAll } from './buffers.js';
import { kernels } from './wasm.js';
import { Rng } from './rng.js';
import { LinclassError } from './errors.js';
import { describe, validateOptions, type Table } from './validate.js';
import type { FitOptions, TrainData } from './train.js';


type ModelOptions = Omit<ClassifierOptions, 'numFeatures' | 'numClasses'> & { numClasses?: number };

const MODEL: Table = {
  loss: { kind: 'any' }, penalty: { kind: 'any' }, reg: { kind: 'any' }, l2Ratio: { kind: 'any' },
  delta: { kind: 'any' }, numClasses: { kind: 'any' },
};

/** The dataset and a classifier for it; numClasses defaults to the largest label + 1. */
function setup(owner: string, data: TrainData, model: Record<string, unknown>, seed: number): { ds: Dataset; clf: LinearClassifier } {
  let ds: Dataset;
  if (data instanceof Dataset) ds = data;
  else if (typeof data === 'object' && data !== null && 'X' in data && 'y' in data) {
    throw new LinclassError('INVALID_DATA', `${owner} needs a Dataset (raw arrays do not say how many features a row has): use Dataset.from(X, y, { numFeatures }).`);
  } else throw new LinclassError('INVALID_DATA', `${owner} needs a labelled Dataset. Got ${describe(data)} instead.`);
  if (!ds.hasLabels) throw new LinclassError('INVALID_DATA', `${owner} needs a labelled Dataset; this one has no labels.`);
  const numClasses = (model.numClasses as number | undefined) ?? Math.max(2, ds.maxLabel + 1);
  const clf = new LinearClassifier({ ...(model as ModelOptions), numClasses, numFeatures: ds.numFeatures, seed } as ClassifierOptions);
  return { ds, clf };
}

function split(owner: string, o: unknown): { model: Record<string, unknown>; rest: Record<string, unknown> } {
  if (o !== undefined && (typeof o !== 'object' || o === null || Array.isArray(o))) {
    throw new LinclassError('INVALID_OPTION', `The options of ${owner} must be an object. Got ${describe(o)} instead.`);
  }
  // null prototypes keep an own '__proto__' option as a name like any other (and so refused)
  const model: Record<string, unknown> = Object.create(null), rest: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(o ?? {})) (Object.hasOwn(MODEL, k) ? model : rest)[k] = v;
  return { model, rest };
}

/** count standard normal draws times scale, from the Rng (computed in wasm, the same bits everywhere). */
function randn(rng: Rng, count: number, scale: number): Float32Array {
  const bits = u32(2 * count), z = f32(count);
  try {
    rng.fill(bits.view);
    kernels().randn_fill(count, bits.ptr, z.ptr, scale);
    return z.view.slice();
  } finally {
    freeAll(bits, z);
  }
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

const RANDOM: Table = {
  trials: { kind: 'number', min: 1, max: 1e9, integer: true, default: 1000 },
  scale: { kind: 'number', min: 0, max: Infinity, minOpen: true, maxOpen: true, default: 1e-4 },
  seed: { kind: 'number', min: 0, max: 2 ** 32 - 1, integer: true, default: 0 },
};

/**
 * Strategy #1 of the notes: try `trials` random weight matrices and keep the
 * one with the lowest loss on the data.
 *
 * @example
 * const { model, loss } = randomSearch(train, { trials: 100, loss: 'svm' });
 */
export function randomSearch(data: Dataset, options: RandomSearchOptions = {}): SearchResult {
  const { model: m, rest } = split('randomSearch', options);
  const o = validateOptions<Required<Pick<RandomSearchOptions, 'trials' | 'scale' | 'seed'>>>('randomSearch', RANDOM, rest);
  const { clf } = setup('randomSearch', data, m, o.seed);
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
  steps: { kind: 'number', min: 1, max: 1e9, integer: true, default: 1000 },
  stepSize: { kind: 'number', min: 0, max: Infinity, minOpen: true, maxOpen: true, default: 1e-4 },
  initScale: { kind: 'number', min: 0, max: Infinity, minOpen: true, maxOpen: true, default: 1e-3 },
  seed: { kind: 'number', min: 0, max: 2 ** 32 - 1, integer: true, default: 0 },
};

/**
 * Strategy #2 of the notes: from a random W, try W + stepSize·δ with a random
 * direction δ and keep it when the loss falls.
 */
export function randomLocalSearch(data: Dataset, options: LocalSearchOptions = {}): SearchResult {
  const { model: m, rest } = split('randomLocalSearch', options);
  const o = validateOptions<Required<Pick<LocalSearchOptions, 'steps' | 'stepSize' | 'initScale' | 'seed'>>>('randomLocalSearch', LOCAL, rest);
  const { clf } = setup('randomLocalSearch', data, m, o.seed);
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

export interface HyperparameterRow {
  learningRate: number;
  reg: number;
  trainAccuracy: number;
  valAccuracy: number;
  /** True when training diverged (the accuracies are those of the last finite weights). */
  diverged: boolean;
}

export interface HyperparameterSearchOptions extends ModelOptions, Omit<FitOptions, 'learningRate' | 'validation'> {
  /** Learning rates: every one in 'grid' mode; the range [min, max] sampled log-uniformly in 'random' mode. */
  learningRates: number[];
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

function checkList(name: string, v: unknown, positive: boolean): number[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x) && (positive ? x > 0 : x >= 0))) {
    throw new LinclassError('INVALID_OPTION',
      `The '${name}' option of hyperparameterSearch must be a non-empty array of finite numbers ${positive ? '> 0' : '≥ 0'}. Got ${describe(v)} instead.`);
  }
  return v;
}

/** A value in [lo, hi]: log-uniform when lo > 0, else uniform. */
function sample(rng: Rng, lo: number, hi: number): number {
  const u = rng.nextU32() / 2 ** 32;
  return lo > 0 ? lo * (hi / lo) ** u : lo + (hi - lo) * u;
}

/**
 * The assignments' search: train a model for each learning rate × regularization
 * pair (or `trials` random pairs), measure train and validation accuracy, keep the best.
 *
 * @example
 * const { best, model } = hyperparameterSearch(train, val, { learningRates: [1e-3, 1e-2], regs: [0, 1e-3], epochs: 5 });
 */
export function hyperparameterSearch(train: Dataset, val: Dataset, options: HyperparameterSearchOptions): HyperparameterSearchResult {
  if (typeof options !== 'object' || options === null) {
    throw new LinclassError('INVALID_OPTION', `The options of hyperparameterSearch must be an object. Got ${describe(options)} instead.`);
  }
  const { learningRates, regs, mode = 'grid', trials = 10, seed = 0, ...rest } = options;
  const lrs = checkList('learningRates', learningRates, true), rgs = checkList('regs', regs, false);
  if (mode !== 'grid' && mode !== 'random') {
    throw new LinclassError('INVALID_OPTION', `The 'mode' option of hyperparameterSearch must be one of 'grid', 'random'. Got ${describe(mode)} instead.`);
  }
  if (!Number.isInteger(trials) || trials < 1) {
    throw new LinclassError('INVALID_OPTION', `The 'trials' option of hyperparameterSearch must be an integer in [1, Infinity). Got ${describe(trials)} instead.`);
  }
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 2 ** 32 - 1)) {
    throw new LinclassError('INVALID_OPTION', `The 'seed' option of hyperparameterSearch must be an integer in [0, 4294967295]. Got ${describe(seed)} instead.`);
  }
  if (val instanceof Dataset && val.disposed) throw new LinclassError('DISPOSED', 'This Dataset has been disposed; create a new one with Dataset.from.');
  if (!(val instanceof Dataset) || !val.hasLabels) {
    throw new LinclassError('INVALID_DATA', `hyperparameterSearch needs the validation data as a labelled Dataset. Got ${val instanceof Dataset ? 'one without labels' : describe(val)} instead.`);
  }
  const { model: m, rest: fit } = split('hyperparameterSearch', rest);
  const pairs: [number, number][] = [];
  if (mode === 'grid') for (const lr of lrs) for (const reg of rgs) pairs.push([lr, reg]);
  else {
    const rng = new Rng(seed);
    for (let t = 0; t < trials; t++) {
      pairs.push([sample(rng, Math.min(...lrs), Math.max(...lrs)), sample(rng, Math.min(...rgs), Math.max(...rgs))]);
    }
  }
  const results: HyperparameterRow[] = [];
  let bestModel: LinearClassifier | null = null, best: HyperparameterRow | null = null;
  try {
    for (const [learningRate, reg] of pairs) {
      const { clf } = setup('hyperparameterSearch', train, { ...m, reg }, seed);
      try {
        let diverged = false;
        try {
          clf.fit(train, { ...(fit as FitOptions), learningRate, seed });
        } catch (e) {
          if ((e as LinclassError).code !== 'DIVERGED') throw e;
          diverged = true;
        }
        const row = { learningRate, reg, trainAccuracy: clf.score(train), valAccuracy: clf.score(val), diverged };
        results.push(row);
        if (best === null || row.valAccuracy > best.valAccuracy) {
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
