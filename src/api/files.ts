// A classifier to and from the model file's fields (model/file.ts), through the
// classifier's public API only.
import { LinclassError } from '../base/errors.js';
import type { ModelData } from '../model/file.js';
import type { ClassifierOptions } from '../model/options.js';
import type { Preprocessing } from '../model/preprocess.js';
import type { Label } from '../model/labels.js';

/** What the model file reads of a classifier. */
interface Readable {
  readonly options: Required<ClassifierOptions>;
  readonly classes: Label[];
  readonly preprocessing: Preprocessing;
  readonly coef: Float32Array;
  readonly intercept: Float32Array;
}

/** A classifier's model-file fields; classes left out (null) when they are 0 … C−1. */
export function modelOf(clf: Readable): ModelData {
  const { loss, penalty, numFeatures, numClasses, reg, l2Ratio, delta, seed } = clf.options;
  const classes = clf.classes, index = classes.every((v, i) => v === i);
  return {
    loss, penalty, numFeatures, numClasses, reg, l2Ratio, delta, seed, classes: index ? null : classes,
    preprocessing: clf.preprocessing, W: clf.coef, b: clf.intercept,
  };
}

/** A classifier with a model file's options and weights; a file whose values break the rules is INVALID_DATA. */
export function fromModel<T extends { setWeights(W: Float32Array, b: Float32Array): void; dispose(): void }>(
  m: ModelData, kind: string, make: (options: ClassifierOptions) => T): T {
  const { W, b, classes, ...options } = m;
  let clf: T | null = null;
  try {
    clf = make(classes ? { ...options, classes } : options);
    clf.setWeights(W, b);
    return clf;
  } catch (e) {
    clf?.dispose();
    if (!(e instanceof LinclassError) || (clf === null && e.code !== 'INVALID_OPTION')) throw e;
    throw new LinclassError('INVALID_DATA', `Not a valid linclass model ${kind}: ${e.message}`);
  }
}
