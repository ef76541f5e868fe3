// What the inspection tools (gradient check, loss landscape, pictures) share:
// the classifier argument checked, and labelled data as a Dataset that fits it.
// They read a classifier only through its public API.
import { LinclassError } from '../base/errors.js';
import { describe } from '../base/validate.js';
import { classifierDisposed } from '../base/checks.js';
import { labelledDataset, type TrainData } from '../model/data.js';
import { Classes } from '../model/labels.js';
import type { Dataset } from '../model/dataset.js';
import { LinearClassifier } from '../api/classifier.js';

/** Throws LinclassError('INVALID_ARGUMENT') unless clf is a LinearClassifier, DISPOSED when it was disposed. */
export function checkClassifier(owner: string, clf: unknown): asserts clf is LinearClassifier {
  if (!(clf instanceof LinearClassifier)) {
    throw new LinclassError('INVALID_ARGUMENT', `${owner} needs a LinearClassifier. Got ${describe(clf)} instead.`);
  }
  if (clf.disposed) throw classifierDisposed();
}

/** Runs fn on the data as a Dataset that fits clf (raw { X, y } is copied in, through clf's preprocessing, for the call). */
export function withDataset<T>(owner: string, clf: LinearClassifier, data: TrainData, fn: (ds: Dataset) => T): T {
  checkClassifier(owner, clf);
  const shape = { numFeatures: clf.numFeatures, numClasses: clf.numClasses, classes: Classes.of(clf.classes, 'classes'), pre: clf.preprocessing };
  const { ds, temp } = labelledDataset(shape, data, (got) => `${owner} needs labelled data: a Dataset or an object { X, y }. Got ${got} instead.`);
  try {
    return fn(ds);
  } finally {
    if (temp) ds.dispose();
  }
}
