// Every bad input gets its exact message, a LinclassError with a code, and
// leaves the classifier as it was.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { init, LinearClassifier, Dataset, LinclassError } from '../src/index.js';
import { throwsExactly } from './util.js';

before(() => init());


const opt = (o: Record<string, unknown>) => () => new LinearClassifier(o as never);
const base = { numFeatures: 2, numClasses: 3 };

test('constructor options: each bad value named with its range', () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ ...base, numFeatures: 0 }, "The 'numFeatures' option of LinearClassifier must be an integer in [1, 16777216]. Got 0 instead."],
    [{ ...base, numFeatures: 2.5 }, "The 'numFeatures' option of LinearClassifier must be an integer in [1, 16777216]. Got 2.5 instead."],
    [{ ...base, numFeatures: '2' }, "The 'numFeatures' option of LinearClassifier must be an integer in [1, 16777216]. Got \"2\" instead."],
    [{ ...base, numClasses: 1 }, "The 'numClasses' option of LinearClassifier must be an integer in [2, 65536]. Got 1 instead."],
    [{ ...base, numClasses: -3 }, "The 'numClasses' option of LinearClassifier must be an integer in [2, 65536]. Got -3 instead."],
    [{ ...base, numClasses: NaN }, "The 'numClasses' option of LinearClassifier must be an integer in [2, 65536]. Got NaN instead."],
    [{ ...base, loss: 'hinge' }, "The 'loss' option of LinearClassifier must be one of 'svm', 'softmax', 'ova', 'structured'. Got \"hinge\" instead."],
    [{ ...base, penalty: 'l3' }, "The 'penalty' option of LinearClassifier must be one of 'none', 'l2', 'l1', 'elasticnet'. Got \"l3\" instead."],
    [{ ...base, reg: -1 }, "The 'reg' option of LinearClassifier must be a number in [0, Infinity). Got -1 instead."],
    [{ ...base, reg: Infinity }, "The 'reg' option of LinearClassifier must be a number in [0, Infinity). Got Infinity instead."],
    [{ ...base, reg: NaN }, "The 'reg' option of LinearClassifier must be a number in [0, Infinity). Got NaN instead."],
    [{ ...base, l2Ratio: -0.5 }, "The 'l2Ratio' option of LinearClassifier must be a number in [0, Infinity). Got -0.5 instead."],
    [{ ...base, delta: 0 }, "The 'delta' option of LinearClassifier must be a number in (0, Infinity). Got 0 instead."],
    [{ ...base, seed: -1 }, "The 'seed' option of LinearClassifier must be an integer in [0, 4294967295]. Got -1 instead."],
    [{ ...base, learningRate: 1 }, "LinearClassifier has no option 'learningRate'. Allowed options: loss, numFeatures, numClasses, classes, penalty, reg, l2Ratio, delta, seed, preprocessing."],
  ];
  for (const [o, msg] of cases) throwsExactly(opt(o), 'INVALID_OPTION', msg);
  throwsExactly(() => new LinearClassifier(null as never), 'INVALID_OPTION', 'The options of LinearClassifier must be an object. Got null instead.');
});

test('bad data: exact messages, and the weights are untouched', () => {
  const clf = new LinearClassifier({ ...base, seed: 9 });
  const W0 = clf.coef, b0 = clf.intercept;
  const X = new Float32Array([1, 2, 3, 4]);
  const cases: [() => unknown, string, string][] = [
    [() => clf.lossAndGradient(new Float32Array([1, 2, 3]), [0]), 'INVALID_DATA',
      'X has 3 values, which is not a multiple of numFeatures (2): X must hold N rows of 2 features, row-major.'],
    [() => clf.lossAndGradient(X, [0]), 'INVALID_DATA', 'y has 1 labels but X has 2 rows: give one label per row.'],
    [() => clf.lossAndGradient(new Float32Array([1, NaN, 3, 4]), [0, 1]), 'INVALID_DATA',
      'X[1] (row 0, feature 1) is NaN: features must be finite numbers.'],
    [() => clf.lossAndGradient(new Float32Array([1, 2, 3, Infinity]), [0, 1]), 'INVALID_DATA',
      'X[3] (row 1, feature 1) is Infinity: features must be finite numbers.'],
    [() => clf.lossAndGradient([1, 2, -Infinity, 4], [0, 1]), 'INVALID_DATA',
      'X[2] (row 1, feature 0) is -Infinity: features must be finite numbers.'],
    [() => clf.lossAndGradient([1, 2, 1e39, 4], [0, 1]), 'INVALID_DATA',
      'X[2] (row 1, feature 0) is 1e+39, too large for float32: features must be finite numbers.'],
    [() => clf.lossAndGradient(X, [0, 1.5]), 'INVALID_DATA', 'y[1] is 1.5: labels must be integers in [0, 2147483647].'],
    [() => clf.lossAndGradient(X, [-1, 0]), 'INVALID_DATA', 'y[0] is -1: labels must be integers in [0, 2147483647].'],
    [() => clf.lossAndGradient(X, [0, 3]), 'INVALID_DATA',
      'The data has label 3, but this LinearClassifier has numClasses 3: labels must be integers in [0, 2].'],
    [() => clf.lossAndGradient(new Float32Array(0), []), 'INVALID_DATA', 'X is empty: at least one row of 2 features is needed.'],
    [() => clf.predict(new Float32Array(0)), 'INVALID_DATA', 'X is empty: at least one row of 2 features is needed.'],
    [() => clf.lossAndGradient('1,2' as never, [0]), 'INVALID_DATA',
      'X must be a Float32Array (or an array of numbers) of N·2 features, row-major. Got "1,2" instead.'],
    [() => clf.lossAndGradient({ length: 2 } as never, [0]), 'INVALID_DATA',
      'X must be a Float32Array (or an array of numbers) of N·2 features, row-major. Got an Object instead.'],
    [() => clf.lossAndGradient(X, 'ab' as never), 'INVALID_DATA',
      'y must be an array of N = 2 integer labels (Int32Array, number[], …). Got "ab" instead.'],
    [() => clf.lossAndGradient(X), 'INVALID_DATA', 'Labels are needed here: pass y (one integer label per row) or a labelled Dataset.'],
    [() => clf.evaluate(X), 'INVALID_DATA', 'Labels are needed here: pass y (one integer label per row) or a labelled Dataset.'],
    [() => clf.setWeights(new Float32Array(5), new Float32Array(3)), 'INVALID_ARGUMENT',
      'setWeights: W must be a Float32Array (or an array of numbers) of C·D = 3·2 = 6 values. Got a Float32Array of length 5 instead.'],
    [() => clf.setWeights(new Float32Array(6), new Float32Array(2)), 'INVALID_ARGUMENT',
      'setWeights: b must be a Float32Array (or an array of numbers) of C = 3 values. Got a Float32Array of length 2 instead.'],
    [() => clf.setWeights(new Float32Array([0, 0, NaN, 0, 0, 0]), new Float32Array(3)), 'INVALID_ARGUMENT',
      'setWeights: W[2] is NaN; weights must be finite float32 numbers.'],
    [() => clf.setWeights(new Float32Array(6), [0, Infinity, 0]), 'INVALID_ARGUMENT',
      'setWeights: b[1] is Infinity; weights must be finite float32 numbers.'],
    [() => clf.setWeights('w' as never, new Float32Array(3)), 'INVALID_ARGUMENT',
      'setWeights: W must be a Float32Array (or an array of numbers) of C·D = 3·2 = 6 values. Got "w" instead.'],
  ];
  for (const [fn, code, msg] of cases) {
    throwsExactly(fn, code, msg);
    assert.deepEqual(clf.coef, W0, `weights changed by: ${msg}`);
    assert.deepEqual(clf.intercept, b0, `bias changed by: ${msg}`);
  }
  // and it still works
  assert.ok(Number.isFinite(clf.lossAndGradient(X, [0, 1]).loss));
  clf.dispose();
});

test('Dataset misuse', () => {
  const clf = new LinearClassifier(base);
  throwsExactly(() => Dataset.from([1, 2], [0], {} as never), 'INVALID_OPTION',
    "The 'numFeatures' option of Dataset must be an integer in [1, 16777216]. Got undefined instead.");
  const wide = Dataset.from([1, 2, 3], [0], { numFeatures: 3 });
  throwsExactly(() => clf.predict(wide), 'INVALID_DATA', 'The Dataset has 3 features per row but this LinearClassifier has numFeatures 2.');
  const unlabelled = Dataset.from([1, 2], null, { numFeatures: 2 });
  assert.equal(clf.predict(unlabelled).length, 1);
  throwsExactly(() => clf.evaluate(unlabelled), 'INVALID_DATA', 'This Dataset has no labels; create it with Dataset.from(X, y, …) to train or evaluate.');
  const ds = Dataset.from([1, 2], [0], { numFeatures: 2 });
  throwsExactly(() => clf.evaluate(ds, [0]), 'INVALID_ARGUMENT', 'Labels go inside the Dataset (Dataset.from(X, y, …)); do not pass y next to a Dataset.');
  ds.dispose();
  throwsExactly(() => clf.evaluate(ds), 'DISPOSED', 'This Dataset has been disposed; create a new one with Dataset.from.');
  for (const d of [wide, unlabelled]) d.dispose();
  clf.dispose();
});

test('predictProba on a hinge loss (svm, ova, structured) says why not', () => {
  const clf = new LinearClassifier({ ...base, loss: 'svm' });
  throwsExactly(() => clf.predictProba([1, 2]), 'NOT_SUPPORTED',
    "predictProba needs loss 'softmax': SVM scores are not probabilities. This classifier has loss 'svm'; use scores() or predict() instead.");
  clf.dispose();
  for (const [loss, what] of [['ova', 'one-vs-all hinge'], ['structured', 'structured SVM']] as const) {
    const c = new LinearClassifier({ ...base, loss });
    throwsExactly(() => c.predictProba([1, 2]), 'NOT_SUPPORTED',
      `predictProba needs loss 'softmax': ${what} scores are not probabilities. This classifier has loss '${loss}'; use scores() or predict() instead.`);
    c.dispose();
  }
});

test('every method throws after dispose; dispose twice is harmless', () => {
  const clf = new LinearClassifier(base);
  clf.dispose();
  clf.dispose();
  assert.equal(clf.disposed, true);
  const msg = 'This LinearClassifier has been disposed; create a new one.';
  const calls: (() => unknown)[] = [
    () => clf.coef, () => clf.intercept, () => clf.setWeights(new Float32Array(6), new Float32Array(3)),
    () => clf.lossAndGradient([1, 2], [0]), () => clf.scores([1, 2]), () => clf.predict([1, 2]),
    () => clf.predictProba([1, 2]), () => clf.evaluate([1, 2], [0]), () => clf.score([1, 2], [0]),
    () => clf.decisionFunction([1, 2]),
  ];
  for (const c of calls) throwsExactly(c, 'DISPOSED', msg);
});
