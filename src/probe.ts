// What the inspection tools (gradient check, loss landscape) share: labelled data
// as a Dataset checked against a classifier, and the classifier's weights in the
// kernels' padded layout. They read a classifier only through its public API.
import { LinearClassifier } from './classifier.js';
import { Dataset } from './dataset.js';
import { padded } from './buffers.js';
import { kernels } from './wasm.js';
import { LinclassError } from './errors.js';
import { describe } from './validate.js';
import type { TrainData } from './train.js';

/** Throws LinclassError('INVALID_ARGUMENT') unless clf is a LinearClassifier. */
export function checkClassifier(owner: string, clf: unknown): void {
  if (!(clf instanceof LinearClassifier)) {
    throw new LinclassError('INVALID_ARGUMENT', `${owner} needs a LinearClassifier. Got ${describe(clf)} instead.`);
  }
}

/** Runs fn on the data as a Dataset that fits clf (raw { X, y } is copied in for the call). */
export function withDataset<T>(owner: string, clf: LinearClassifier, data: TrainData, fn: (ds: Dataset) => T): T {
  checkClassifier(owner, clf);
  if (clf.disposed) throw new LinclassError('DISPOSED', 'This LinearClassifier has been disposed; create a new one.');
  let ds: Dataset;
  let temp = false;
  if (data instanceof Dataset) ds = data;
  else if (typeof data === 'object' && data !== null && 'X' in data && 'y' in data) {
    ds = clf.toDataset(data.X, data.y); // raw features get the model's preprocessing
    temp = true;
  } else {
    throw new LinclassError('INVALID_DATA', `${owner} needs labelled data: a Dataset or an object { X, y }. Got ${describe(data)} instead.`);
  }
  try {
    if (ds.disposed) throw new LinclassError('DISPOSED', 'This Dataset has been disposed; create a new one with Dataset.from.');
    if (ds.numFeatures !== clf.numFeatures) {
      throw new LinclassError('INVALID_DATA',
        `The Dataset has ${ds.numFeatures} features per row but this LinearClassifier has numFeatures ${clf.numFeatures}.`);
    }
    if (!ds.hasLabels) throw new LinclassError('INVALID_DATA', `${owner} needs labels; create the Dataset with Dataset.from(X, y, …).`);
    if (ds.maxLabel >= clf.numClasses) {
      throw new LinclassError('INVALID_DATA',
        `The data has label ${ds.maxLabel}, but this LinearClassifier has numClasses ${clf.numClasses}: labels must be integers in [0, ${clf.numClasses - 1}].`);
    }
    return fn(ds);
  } finally {
    if (temp) ds.dispose();
  }
}

/** C·D row-major values (W or a direction) laid out C×Dp with zero pad columns. */
export function padRows(v: ArrayLike<number>, C: number, D: number, out: Float32Array | Float64Array): void {
  const Dp = padded(D);
  for (let c = 0; c < C; c++) for (let d = 0; d < D; d++) out[c * Dp + d] = v[c * D + d];
}

/** f32 scratch the evaluation kernels need for C classes. */
export function scratchFloats(C: number): number {
  return kernels().scratch_floats(C);
}

/** Throws INVALID_OPTION unless v is an array of `length` finite numbers (a C·D direction). */
export function checkDirection(owner: string, name: string, v: unknown, C: number, D: number): ArrayLike<number> {
  const numeric = ArrayBuffer.isView(v) ? !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array) : Array.isArray(v);
  const a = v as ArrayLike<number>;
  if (!numeric || a.length !== C * D) {
    throw new LinclassError('INVALID_OPTION',
      `The '${name}' option of ${owner} must be a Float32Array (or an array of numbers) of C·D = ${C}·${D} = ${C * D} values, row-major like W. Got ${describe(v)} instead.`);
  }
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== 'number' || !Number.isFinite(a[i])) {
      throw new LinclassError('INVALID_OPTION', `The '${name}' option of ${owner} has ${describe(a[i])} at index ${i}; its values must be finite numbers.`);
    }
  }
  return a;
}
