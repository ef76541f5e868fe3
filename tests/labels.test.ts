// Labels of any kind and the scikit-learn call forms: string and integer
// labels mapped to classes (sorted), kept in model files (version 2; version-1
// files still load); numFeatures and numClasses taken from the first fit;
// fit(X, y, options) and arrays of rows; integer labels 0 … C−1 unchanged bit for bit.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { init, LinearClassifier, Dataset } from '../src/index.js';
import { crc32 } from '../src/io/crc32.js';
import { rand, uniform, labels, throwsExactly } from './util.js';

before(() => init({ threads: 1 }));

const r = rand(3), N = 120, D = 5, C = 3;
const X = uniform(r, N * D), y = labels(r, N, C);
const rows = Array.from({ length: N }, (_, i) => Array.from(X.subarray(i * D, i * D + D)));
const names = ['cat', 'dog', 'bird'];
const named = Array.from(y, (c) => names[c]);

function trained(clf: LinearClassifier<number | string>, data: Parameters<LinearClassifier['fit']>[0], yy?: unknown): Float32Array {
  if (yy === undefined) clf.fit(data, { epochs: 3, batchSize: 16 });
  else clf.fit(data as never, yy as never, { epochs: 3, batchSize: 16 });
  return clf.coef;
}

test('string labels: classes sorted, predictions as labels, the same weights as their indices in sorted order', () => {
  const clf = new LinearClassifier<string>({ seed: 1 });
  const W = trained(clf, rows, named);
  assert.deepEqual(clf.classes, ['bird', 'cat', 'dog']);
  assert.equal(clf.numFeatures, D);
  assert.equal(clf.numClasses, 3);
  // the same problem with indices in the sorted order: bird 0, cat 1, dog 2
  const order = Int32Array.from(named, (s) => ['bird', 'cat', 'dog'].indexOf(s));
  const ref = new LinearClassifier({ numFeatures: D, numClasses: 3, seed: 1 });
  assert.deepEqual(W, trained(ref, { X, y: order }));
  const pred = clf.predict(rows);
  assert.deepEqual(pred, Array.from(ref.predict(X), (c) => ['bird', 'cat', 'dog'][c]));
  assert.equal(clf.score(rows, named), ref.score(X, order));
  clf.dispose();
  ref.dispose();
});

test('integer labels 0 … C−1 behave as before, bit for bit: inferred shape, rows and fit(X, y) give the same weights', () => {
  const explicit = new LinearClassifier({ numFeatures: D, numClasses: C, seed: 2 });
  const W = trained(explicit, { X, y });
  const inferred = new LinearClassifier({ seed: 2 });
  assert.deepEqual(trained(inferred, rows, Array.from(y)), W);
  assert.ok(inferred.predict(X) instanceof Int32Array);
  assert.deepEqual(inferred.classes, [0, 1, 2]);
  const sk = new LinearClassifier({ numFeatures: D, numClasses: C, seed: 2 });
  assert.deepEqual(trained(sk, X, y), W);
  for (const c of [explicit, inferred, sk]) c.dispose();
});

test('other integer labels: predict returns them in an Int32Array', () => {
  const yy = Int32Array.from(y, (c) => [-1, 7, 42][c]);
  const clf = new LinearClassifier({ seed: 3 });
  trained(clf, rows, yy);
  assert.deepEqual(clf.classes, [-1, 7, 42]);
  const pred = clf.predict(rows);
  assert.ok(pred instanceof Int32Array && pred.every((v) => v === -1 || v === 7 || v === 42));
  clf.dispose();
});

test('classes given up front: partialFit on chunks that miss a class', () => {
  const clf = new LinearClassifier<string>({ classes: ['dog', 'cat', 'bird'], numFeatures: D, seed: 4 });
  assert.deepEqual(clf.classes, ['bird', 'cat', 'dog']);
  const onlyCats = named.map((s, i) => [s, i] as const).filter(([s]) => s !== 'dog');
  clf.partialFit(onlyCats.map(([, i]) => rows[i]), onlyCats.map(([s]) => s));
  clf.partialFit(rows, named);
  assert.ok(clf.score(rows, named) > 0.3);
  clf.dispose();
});

test('model files keep the classes: binary (version 2) and JSON; a version-1 file still loads', () => {
  const clf = new LinearClassifier<string>({ seed: 5 });
  trained(clf, rows, named);
  const bytes = clf.save();
  assert.equal(new DataView(bytes.buffer).getUint16(8, true), 2);
  for (const other of [LinearClassifier.load(bytes), LinearClassifier.fromJSON(JSON.stringify(clf))]) {
    assert.deepEqual(other.classes, ['bird', 'cat', 'dog']);
    assert.deepEqual(other.predict(rows), clf.predict(rows));
    assert.deepEqual(other.save(), bytes);
    other.dispose();
  }
  clf.dispose();
  // an integer model saves no classes section; the same bytes marked version 1 read the same
  const plain = new LinearClassifier({ numFeatures: D, numClasses: C, seed: 6 });
  const v2 = plain.save(), v1 = v2.slice(), dv = new DataView(v1.buffer);
  dv.setUint16(8, 1, true);
  dv.setUint32(v1.length - 4, crc32(v1, 0, v1.length - 4), true);
  const old = LinearClassifier.load(v1);
  assert.deepEqual(old.coef, plain.coef);
  assert.deepEqual(old.save(), v2);
  old.dispose();
  plain.dispose();
});

test('unfitted and misused: exact messages, and a failed first fit leaves the classifier unfitted', () => {
  const clf = new LinearClassifier();
  const notFitted = 'This LinearClassifier has not been fitted yet: call fit(X, y) first, or give numFeatures and numClasses (or classes) when creating it.';
  throwsExactly(() => clf.predict([[1, 2]]), 'NOT_FITTED', notFitted);
  throwsExactly(() => clf.coef, 'NOT_FITTED', notFitted);
  throwsExactly(() => clf.fit(X, y), 'INVALID_DATA',
    'X is a flat array, so the number of features per row is unknown: give numFeatures to the LinearClassifier, or pass X as an array of rows.');
  throwsExactly(() => clf.fit(rows, named, { epochs: 0 }), 'INVALID_OPTION', "The 'epochs' option of fit must be an integer in [1, 1000000000]. Got 0 instead.");
  throwsExactly(() => clf.predict([[1, 2]]), 'NOT_FITTED', notFitted);
  throwsExactly(() => clf.fit(rows, [...named.slice(0, -1), 4] as never), 'INVALID_DATA',
    `y[${N - 1}] is 4: labels must be all integers (int32) or all strings (y[0] is ${JSON.stringify(named[0])}).`);
  throwsExactly(() => clf.fit([[1, 2], [3]], ['a', 'b']), 'INVALID_DATA', 'X[1] must be a row of 2 features. Got an array of length 1 instead.');
  throwsExactly(() => clf.fit(rows, named.map(() => 'same')), 'INVALID_DATA', 'y holds 1 distinct label; a classifier needs at least 2 classes.');
  clf.fit(rows, named, { epochs: 1 });
  throwsExactly(() => clf.score(rows, named.map((s) => (s === 'cat' ? 'cow' : s))), 'INVALID_DATA',
    `y[${named.indexOf('cat')}] is "cow", which is not one of this classifier's 3 classes ("bird", "cat", "dog").`);
  throwsExactly(() => new LinearClassifier({ classes: ['a', 'b'], numClasses: 3 }), 'INVALID_OPTION',
    "The 'classes' option of LinearClassifier has 2 labels but numClasses is 3; give one of them, or both in agreement.");
  throwsExactly(() => new LinearClassifier({ classes: ['a', 'a', 'b'] }), 'INVALID_OPTION',
    "The 'classes' option of LinearClassifier lists a label twice; give each class once.");
  throwsExactly(() => new LinearClassifier({ classes: [0.5, 1] }), 'INVALID_OPTION',
    "The 'classes' option of LinearClassifier: classes[0] is 0.5: labels must be all integers (int32) or all strings (classes[0] is 0.5).");
  const ds = Dataset.from(X, y, { numFeatures: D });
  const fromDs = new LinearClassifier({ seed: 2 });
  fromDs.fit(ds, { epochs: 1 });
  assert.deepEqual([fromDs.numFeatures, fromDs.numClasses], [D, C]);
  for (const o of [clf, fromDs, ds]) o.dispose();
});
