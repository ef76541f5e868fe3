// A classifier's options: the loss and its constants, the shape, the seed and
// the preprocessing, checked by one table (LinearClassifier and the searches).
import { seedRule } from '../base/checks.js';
import { LinclassError } from '../base/errors.js';
import type { Table } from '../base/validate.js';
import { LOSS, PENALTY, type LossName, type PenaltyName } from '../runtime/kernels.js';
import type { PreprocessingInput } from './preprocess.js';

export interface ClassifierOptions {
  /**
   * 'softmax' (cross-entropy, natural log), 'svm' (Weston–Watkins multiclass hinge),
   * 'ova' (one-vs-all hinge: each class its own binary hinge) or 'structured'
   * (Crammer–Singer: the hinge of the top wrong class only). Default 'softmax'.
   */
  loss?: LossName;
  /** Features per example, D ≥ 1. Default: taken from the first fit's data. */
  numFeatures?: number;
  /** Classes, C ≥ 2. Default: the number of `classes`, or taken from the first fit's labels. */
  numClasses?: number;
  /**
   * The class labels (numbers or strings), as scikit-learn's `classes`: give
   * them up front when the first fit may not see every class (partialFit on a
   * stream). Default: 0 … numClasses − 1 when numClasses is given, else the
   * sorted distinct labels of the first fit.
   */
  classes?: readonly (number | string)[];
  /** Penalty on W (never on b): 'l2' λΣW², 'l1' λΣ|W|, 'elasticnet' λΣ(βW² + |W|), 'none'. Default 'l2'. */
  penalty?: PenaltyName;
  /** λ ≥ 0, the penalty's strength. Default 1e-4. */
  reg?: number;
  /** β ≥ 0, the weight of the squared term in 'elasticnet'. Default 0.5. */
  l2Ratio?: number;
  /** Δ > 0, the margin of the hinge losses ('svm', 'ova', 'structured'; softmax ignores it). Default 1. */
  delta?: number;
  /** Seed in [0, 2^32) for the initial W = 0.001·N(0, 1); b starts at 0. Default 0. */
  seed?: number;
  /**
   * The map x' = x·scale − mean applied to raw feature arrays before the model
   * sees them (in fit, predict, evaluate, scores, …; a Dataset is taken as
   * already mapped). Saved in the model file. Default { scale: 1, mean: null }.
   */
  preprocessing?: PreprocessingInput;
}

/** The model's options (shared with the searches, which build classifiers). */
export const MODEL_OPTIONS: Table = {
  loss: { kind: 'enum', values: Object.keys(LOSS), default: 'softmax' },
  numFeatures: { kind: 'number', min: 1, max: 2 ** 24, integer: true, optional: true },
  numClasses: { kind: 'number', min: 2, max: 65536, integer: true, optional: true },
  classes: { kind: 'any' },
  penalty: { kind: 'enum', values: Object.keys(PENALTY), default: 'l2' },
  reg: { kind: 'number', min: 0, max: Infinity, maxOpen: true, default: 1e-4 },
  l2Ratio: { kind: 'number', min: 0, max: Infinity, maxOpen: true, default: 0.5 },
  delta: { kind: 'number', min: 0, max: Infinity, minOpen: true, maxOpen: true, default: 1 },
  seed: seedRule(0),
  preprocessing: { kind: 'any' },
};

/** What a hinge loss's scores are called in messages. */
const HINGE_NAMES: Readonly<Record<Exclude<LossName, 'softmax'>, string>> = {
  svm: 'SVM', ova: 'one-vs-all hinge', structured: 'structured SVM',
};

/** predictProba's refusal for a hinge loss: its scores are not probabilities (a softmax of them is not what it trained). */
export function notProbabilities(loss: Exclude<LossName, 'softmax'>): LinclassError {
  return new LinclassError('NOT_SUPPORTED', `predictProba needs loss 'softmax': ${HINGE_NAMES[loss]} scores are not probabilities. ` +
    `This classifier has loss '${loss}'; use scores() or predict() instead.`);
}
