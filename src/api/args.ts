// The arguments of LinearClassifier's methods: the two call forms fit accepts
// (fit({ X, y }, options) and scikit-learn's fit(X, y, options)), what a
// classifier built without numFeatures or numClasses takes from its first
// training data, the classes option, and row weights.
import { LinclassError } from '../base/errors.js';
import { describe, validateOptions } from '../base/validate.js';
import { isNumericArray } from '../base/checks.js';
import { Dataset } from '../model/dataset.js';
import { isRows, type TrainData } from '../model/data.js';
import { Classes, type Label } from '../model/labels.js';
import type { Labels } from '../model/dataset.js';
import type { FitOptions } from '../train/options.js';


/** Loss and gradient of the full objective at the current weights. */
export interface LossAndGradient {
  /** (1/N)Σ L_i + λR(W). */
  loss: number;
  /** ∂loss/∂W, C·D row-major (a copy the caller owns). */
  dW: Float32Array;
  /** ∂loss/∂b, C entries. */
  db: Float32Array;
}

/** What predict returns: an Int32Array of integer labels, or the string labels. */
export type Predictions<L extends Label> = L extends string ? string[] : Int32Array;

/** Labels as arguments: class indices in any integer array, or the classifier's labels (numbers or strings). */
export type LabelsIn = Labels | readonly Label[];
/** Row weights for lossAndGradient, evaluate, score and toDataset. */
export interface WeightOptions {
  /** A weight ≥ 0 per row (not all 0); replaces a Dataset's own weights for the call. */
  sampleWeight?: ArrayLike<number>;
}
export type PartialFitOptions = Omit<FitOptions, 'epochs' | 'earlyStopping'>;

export function weightsOf(owner: string, o: WeightOptions | undefined): ArrayLike<number> | undefined {
  return validateOptions<WeightOptions>(owner, { sampleWeight: { kind: 'any' } }, o).sampleWeight;
}

/** The training data and options of fit(train, options) or fit(X, y, options). */
export function trainArgs(owner: string, train: unknown, y: unknown, options: unknown): [unknown, unknown] {
  // X first (features, flat or rows): the second argument is y
  if (isNumericArray(train) || isRows(train)) {
    if (!isNumericArray(y) && !Array.isArray(y)) {
      throw new LinclassError('INVALID_DATA', `The training data must be a labelled Dataset, an object { X, y }, or X followed by y. Got ${describe(train)} and no labels instead.`);
    }
    return [{ X: train, y }, options === undefined ? {} : options];
  }
  if (options !== undefined) {
    throw new LinclassError('INVALID_ARGUMENT',
      `${owner} takes (data, options) with data a Dataset or { X, y }, or (X, y, options). Got a third argument after ${describe(train)}.`);
  }
  return [train, y === undefined ? {} : y];
}

/** The classes option checked: at least 2 distinct labels, as many as numClasses says. */
export function classesOption(classes: unknown, numClasses: number | undefined): Classes | null {
  if (classes === undefined || classes === null) return numClasses === undefined ? null : Classes.identity(numClasses);
  let c: Classes;
  try {
    c = Classes.of(classes, 'classes');
  } catch (e) {
    throw new LinclassError('INVALID_OPTION', `The 'classes' option of LinearClassifier: ${(e as Error).message}`);
  }
  if (c.length !== (classes as ArrayLike<unknown>).length) {
    throw new LinclassError('INVALID_OPTION', `The 'classes' option of LinearClassifier lists a label twice; give each class once.`);
  }
  if (numClasses !== undefined && numClasses !== c.length) {
    throw new LinclassError('INVALID_OPTION', `The 'classes' option of LinearClassifier has ${c.length} labels but numClasses is ${numClasses}; give one of them, or both in agreement.`);
  }
  return c;
}

/** The features per row and the classes the first training data gives (the options' when they are set). */
export function inferShape(data: unknown, numFeatures: number | undefined, classes: Classes | null): { D: number; classes: Classes } {
  if (data instanceof Dataset) {
    return { D: numFeatures ?? data.numFeatures, classes: classes ?? Classes.identity(Math.max(2, data.maxLabel + 1)) };
  }
  if (typeof data !== 'object' || data === null || !('X' in data) || !('y' in data)) {
    throw new LinclassError('INVALID_DATA', `The training data must be a labelled Dataset or an object { X, y }. Got ${describe(data)} instead.`);
  }
  const { X, y } = data as Exclude<TrainData, Dataset>;
  let D = numFeatures;
  if (D === undefined) {
    if (!isRows(X)) {
      throw new LinclassError('INVALID_DATA',
        'X is a flat array, so the number of features per row is unknown: give numFeatures to the LinearClassifier, or pass X as an array of rows.');
    }
    D = X[0].length;
    if (!(Number.isInteger(D) && D >= 1 && D <= 2 ** 24)) {
      throw new LinclassError('INVALID_DATA', `X[0] has ${D} features; a row needs between 1 and 16777216.`);
    }
  }
  return { D, classes: classes ?? Classes.of(y) };
}
