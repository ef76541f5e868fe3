// How data arguments become Datasets in a model's feature space: a Dataset is
// checked against the model as it is; raw arrays are copied in through the
// model's preprocessing for the one call. The one place that says whether a
// dataset fits a model.
import { LinclassError } from '../base/errors.js';
import { describe } from '../base/validate.js';
import { checkFeatures, checkWeights, datasetDisposed, flatRows, isRows } from '../base/checks.js';
export { isRows } from '../base/checks.js';
import type { Classes, Label } from './labels.js';
import { checkFits, f32, padded } from '../runtime/memory.js';
import { Dataset, type Features, type Labels } from './dataset.js';
import { isIdentity, preprocess, type Preprocessing } from './preprocess.js';

/** Feature arguments: N·D values row-major, or N rows of D values each. */
export type FeatureRows = Features | ArrayLike<number>[];

/** Data arguments: a Dataset, or X (N·D row-major, or an array of rows) with y where labels are needed. */
export type Data = Dataset | FeatureRows;

/** Labelled data: a Dataset with labels, or features and labels (class indices, or the classifier's labels) to copy in for the call. */
export type TrainData = Dataset | { X: FeatureRows; y: Labels | readonly Label[] };

/** What data must fit: D features, C classes and their labels, and the map from raw features. */
export interface ModelShape {
  readonly numFeatures: number;
  readonly numClasses: number;
  readonly classes: Classes;
  readonly pre: Preprocessing;
}

/** Throws unless ds fits the model: not disposed, D features, and (when labels are needed) labels in [0, C). */
export function checkDataset(m: ModelShape, ds: Dataset, labels: boolean): void {
  if (ds.disposed) throw datasetDisposed();
  const D = m.numFeatures, C = m.numClasses;
  if (ds.numFeatures !== D) {
    throw new LinclassError('INVALID_DATA',
      `The Dataset has ${ds.numFeatures} features per row but this LinearClassifier has numFeatures ${D}.`);
  }
  if (!labels) return;
  if (!ds.hasLabels) throw new LinclassError('INVALID_DATA', 'This Dataset has no labels; create it with Dataset.from(X, y, …) to train or evaluate.');
  if (ds.maxLabel >= C) {
    throw new LinclassError('INVALID_DATA',
      `The data has label ${ds.maxLabel}, but this LinearClassifier has numClasses ${C}: labels must be integers in [0, ${C - 1}].`);
  }
}

/**
 * Raw features (N·D, or rows) and optional labels (and row weights) copied into
 * a new Dataset: labels mapped to class indices, the model's preprocessing applied.
 */
export function toDataset(m: ModelShape, X: FeatureRows, y?: ArrayLike<unknown> | null, sampleWeight?: ArrayLike<number>): Dataset {
  const D = m.numFeatures, flat = flatRows(X, D) as Features;
  // integer labels of the classes 0 … C−1 go in as they are, checked by Dataset.from and checkDataset
  const codes = y == null ? y : m.classes.kind === 'index' ? (y as Labels) : m.classes.encode(y);
  if (isIdentity(m.pre)) return Dataset.from(flat, codes, { numFeatures: D, sampleWeight });
  const N = checkFeatures(flat, D);
  checkFits(4 * N * padded(D) + (y == null ? 0 : 4 * N), 4 * N * padded(D)); // before preprocess copies X in JS
  return Dataset.from(preprocess(flat, D, m.pre), codes, { numFeatures: D, sampleWeight });
}

/**
 * Labelled data as a Dataset that fits the model, and whether it was made for
 * this call (the caller disposes it then). `wrong` words the error for data of
 * another shape, given how the data looks.
 */
export function labelledDataset(m: ModelShape, data: unknown, wrong: (got: string) => string): { ds: Dataset; temp: boolean } {
  if (data instanceof Dataset) {
    checkDataset(m, data, true);
    return { ds: data, temp: false };
  }
  if (typeof data !== 'object' || data === null || !('X' in data) || !('y' in data)) {
    throw new LinclassError('INVALID_DATA', wrong(describe(data)));
  }
  const { X, y } = data as { X: FeatureRows; y: Labels };
  const ds = toDataset(m, X, y);
  try {
    checkDataset(m, ds, true);
  } catch (e) {
    ds.dispose();
    throw e;
  }
  return { ds, temp: true };
}

/**
 * Runs fn on X as a Dataset, with the rows' weights (a pointer, 0 for none): a
 * given Dataset is checked against the model, raw arrays (with y where labels
 * are needed) are copied into a temporary one freed afterwards. `sampleWeight`
 * replaces the dataset's own weights for the call.
 */
export function withData<T>(m: ModelShape, X: Data, y: ArrayLike<unknown> | undefined, labels: boolean,
  fn: (ds: Dataset, w: number) => T, sampleWeight?: ArrayLike<number>): T {
  if (X instanceof Dataset) {
    if (y !== undefined) {
      throw new LinclassError('INVALID_ARGUMENT', 'Labels go inside the Dataset (Dataset.from(X, y, …)); do not pass y next to a Dataset.');
    }
    checkDataset(m, X, labels);
    if (sampleWeight === undefined) return fn(X, X.ptrs().w);
    const w = f32(X.numRows);
    try {
      w.view.set(checkWeights(sampleWeight, X.numRows));
      return fn(X, w.ptr);
    } finally {
      w.free();
    }
  }
  if (!isRows(X)) checkFeatures(X, m.numFeatures);
  if (labels && y == null) {
    throw new LinclassError('INVALID_DATA', 'Labels are needed here: pass y (one integer label per row) or a labelled Dataset.');
  }
  const ds = toDataset(m, X, labels ? y : null, sampleWeight);
  try {
    checkDataset(m, ds, labels);
    return fn(ds, ds.ptrs().w);
  } finally {
    ds.dispose();
  }
}
