// The metrics against scikit-learn: tests/fixtures/metrics.json holds inputs and
// sklearn's outputs, written by tests/fixtures/metrics.py (run by hand, never by
// the tests). Then the classifier's own outputs, array-likes, and every error's message.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  init, LinearClassifier, confusionMatrix, classificationReport, topKAccuracy, logLoss, type ClassMetrics,
} from '../src/index.js';
import { assertNear, throwsExactly, rand, uniform, labels as randomLabels } from './util.js';

type Label = number | string;
interface Fixture {
  sklearn: string;
  labels: {
    name: string; yTrue: Label[]; yPred: Label[]; labels: Label[] | null; digits: number;
    confusion: { labels: Label[]; matrix: number[][] };
    report: Record<string, Record<string, number> | number>;
    text: string;
  }[];
  topk: { name: string; yTrue: Label[]; scores: number[]; k: number; classes: Label[] | null; expected: number; sklearn: number }[];
  logloss: { name: string; yTrue: Label[]; probabilities: number[]; float32: boolean; classes: Label[] | null; eps: number | null; expected: number }[];
}

const F: Fixture = JSON.parse(readFileSync(new URL('./fixtures/metrics.json', import.meta.url), 'utf8'));

before(() => init());

function sameMetrics(got: ClassMetrics, want: Record<string, number>, what: string): void {
  assertNear(got.precision, want.precision, 1e-12, `${what} precision`);
  assertNear(got.recall, want.recall, 1e-12, `${what} recall`);
  assertNear(got.f1, want['f1-score'], 1e-12, `${what} f1`);
  assert.equal(got.support, want.support, `${what} support`);
}

test(`confusionMatrix equals scikit-learn ${F.sklearn}: numbers, strings, labels on one side only, a labels option`, () => {
  for (const c of F.labels) {
    const got = confusionMatrix(c.yTrue, c.yPred, c.labels ? { labels: c.labels } : {});
    assert.deepEqual({ labels: got.labels, matrix: got.matrix }, c.confusion, c.name);
    assert.deepEqual(JSON.parse(JSON.stringify(got)), c.confusion, `${c.name}: JSON holds the data only`);
  }
});

test(`classificationReport equals scikit-learn ${F.sklearn}, values and text, zero division included`, () => {
  for (const c of F.labels) {
    const r = classificationReport(c.yTrue, c.yPred, { ...(c.labels ? { labels: c.labels } : {}), digits: c.digits });
    assert.deepEqual(r.labels, c.confusion.labels, c.name);
    r.labels.forEach((l, j) => sameMetrics(r.perClass[j], c.report[String(l)] as Record<string, number>, `${c.name}: ${l}`));
    sameMetrics(r.macroAvg, c.report['macro avg'] as Record<string, number>, `${c.name}: macro`);
    sameMetrics(r.weightedAvg, c.report['weighted avg'] as Record<string, number>, `${c.name}: weighted`);
    if ('accuracy' in c.report) {
      assertNear(r.accuracy, c.report.accuracy as number, 1e-12, `${c.name}: accuracy`);
      assert.equal(r.microAvg, undefined);
    } else sameMetrics(r.microAvg!, c.report['micro avg'] as Record<string, number>, `${c.name}: micro`);
    assert.equal(r.toString(), c.text, c.name);
    assert.equal(`${r}`, c.text);
  }
  // a class never predicted: precision 0 (sklearn's zero_division default), not NaN
  const zero = F.labels.find((c) => c.name.startsWith('a class never predicted'))!;
  const r = classificationReport(zero.yTrue, zero.yPred);
  assert.deepEqual(r.perClass[r.labels.indexOf(3)], { precision: 0, recall: 0, f1: 0, support: 3 });
  assert.deepEqual(r.perClass[r.labels.indexOf(4)], { precision: 0, recall: 0, f1: 0, support: 0 });
});

test(`topKAccuracy equals scikit-learn ${F.sklearn} without ties; with ties the lower column index ranks first`, () => {
  for (const c of F.topk) {
    const got = topKAccuracy(c.yTrue, Float32Array.from(c.scores), { k: c.k, ...(c.classes ? { classes: c.classes } : {}) });
    assert.equal(got, c.expected, c.name);
    if (!c.name.startsWith('ties')) assert.equal(got, c.sklearn, `${c.name}: sklearn`);
  }
  // sklearn ranks the higher index first among ties, so the tie cases do differ from it
  assert.ok(F.topk.filter((c) => c.name.startsWith('ties')).some((c) => c.expected !== c.sklearn));
  // [1, 1, 0]: class 0 is the argmax, class 1 only second
  assert.equal(topKAccuracy([0], [1, 1, 0], { k: 1 }), 1);
  assert.equal(topKAccuracy([1], [1, 1, 0], { k: 1 }), 0);
  assert.equal(topKAccuracy([1], [1, 1, 0], { k: 2 }), 1);
});

test(`logLoss equals scikit-learn ${F.sklearn}: natural log, the mean, probabilities 0 and 1 clipped, float32 and float64`, () => {
  for (const c of F.logloss) {
    const P = c.float32 ? Float32Array.from(c.probabilities) : c.probabilities;
    const got = logLoss(c.yTrue, P, { ...(c.classes ? { classes: c.classes } : {}), ...(c.eps !== null ? { eps: c.eps } : {}) });
    // sklearn clips and renormalizes float32 input in float32; here everything is float64
    assertNear(got, c.expected, c.float32 ? 1e-6 : 1e-12, c.name);
  }
  // p = 1 for the true class costs −ln(1 − ε) / ... ≈ 0; p = 0 costs −ln(ε) = 36.04 (float64) or 15.94 (float32)
  assertNear(logLoss([0], [1, 0]), -Math.log((1 - 2 ** -52) / 1), 1e-15, 'p = 1');
  assertNear(logLoss([1], [1, 0]), 52 * Math.LN2, 1e-12, 'p = 0, float64');
  assertNear(logLoss([1], new Float32Array([1, 0])), -Math.log(2 ** -23 / 1), 1e-12, 'p = 0, float32');
});

test('the classifier: top-1 accuracy is score(), logLoss is the softmax data loss, the report counts predict()', () => {
  const r = rand(3), N = 60, D = 5, C = 4;
  const X = uniform(r, N * D), y = randomLabels(r, N, C);
  const clf = new LinearClassifier({ numFeatures: D, numClasses: C, penalty: 'none' });
  clf.fit({ X, y }, { epochs: 5, learningRate: 0.05 });
  assert.equal(topKAccuracy(y, clf.scores(X), { k: 1 }), clf.score(X, y));
  assert.equal(topKAccuracy(y, clf.scores(X), { k: C }), 1);
  assertNear(logLoss(y, clf.predictProba(X)), clf.evaluate(X, y).loss, 1e-5, 'log loss vs the softmax loss');
  const pred = clf.predict(X);
  const cm = confusionMatrix(y, pred);
  assert.equal(cm.matrix.flat().reduce((a, v) => a + v, 0), N);
  assert.equal(classificationReport(y, pred).accuracy, clf.score(X, y));
  clf.dispose();
});

test('labels: typed arrays and other array-likes; sorted numbers and strings by code point; text forms', () => {
  const cm = confusionMatrix(new Int32Array([2, 10, 1]), new Uint8Array([10, 10, 1]));
  assert.deepEqual(cm.labels, [1, 2, 10], 'numbers sort ascending, not as text');
  assert.deepEqual(cm.matrix, [[1, 0, 0], [0, 0, 1], [0, 0, 1]]);
  assert.deepEqual(confusionMatrix({ length: 2, 0: 'b', 1: 'a' }, ['a', 'a']).labels, ['a', 'b']);
  assert.deepEqual(confusionMatrix(['\u{1F600}', '\uFF61'], ['\uFF61', '\uFF61']).labels, ['\uFF61', '\u{1F600}'], 'code points, not UTF-16 units');
  assert.equal(String(confusionMatrix(['cat', 'dog', 'cat'], ['cat', 'cat', 'cat'])),
    'true \\ predicted  cat  dog\n' +
    '             cat    2    0\n' +
    '             dog    1    0\n');
});

test('every bad input is a LinclassError naming what was wrong and what is allowed', () => {
  throwsExactly(() => confusionMatrix([0, 1, 2], [0, 1]), 'INVALID_DATA',
    'confusionMatrix: yTrue has 3 labels but yPred has 2: give one prediction per true label.');
  throwsExactly(() => classificationReport([], []), 'INVALID_DATA', 'classificationReport: yTrue is empty: at least one label is needed.');
  throwsExactly(() => confusionMatrix('abc' as never, ['a']), 'INVALID_DATA',
    'confusionMatrix needs yTrue as an array of labels (numbers or strings: an Array, a typed array or another array-like). Got "abc" instead.');
  throwsExactly(() => confusionMatrix([0, NaN], [0, 1]), 'INVALID_DATA', 'confusionMatrix: yTrue[1] is NaN: labels must be finite numbers or strings.');
  throwsExactly(() => confusionMatrix([0, 'a'], [0, 1]), 'INVALID_DATA',
    'confusionMatrix: yTrue[1] is "a" but the labels before it are numbers: labels must be all numbers or all strings.');
  throwsExactly(() => confusionMatrix(['a'], [1]), 'INVALID_DATA',
    'confusionMatrix: yTrue holds strings but yPred holds numbers: labels must be all numbers or all strings.');
  throwsExactly(() => confusionMatrix([0, 1], [0, 1], { labels: [1, 1] }), 'INVALID_OPTION',
    "The 'labels' option of confusionMatrix lists 1 twice (at 0 and 1): each label once.");
  throwsExactly(() => confusionMatrix([0, 1], [0, 1], { labels: [] }), 'INVALID_OPTION',
    "The 'labels' option of confusionMatrix must be a non-empty array of labels (numbers or strings, all of one kind). Got an array of length 0 instead.");
  throwsExactly(() => confusionMatrix([0, 1], [0, 1], { labels: [5, 6] }), 'INVALID_OPTION',
    "The 'labels' option of confusionMatrix lists none of the labels of yTrue (0, 1): at least one must be among them.");
  throwsExactly(() => confusionMatrix([0, 1], [0, 1], { normalize: true } as never), 'INVALID_OPTION',
    'confusionMatrix has no option \'normalize\'. Allowed options: labels.');
  throwsExactly(() => classificationReport([0], [0], { digits: 2.5 }), 'INVALID_OPTION',
    "The 'digits' option of classificationReport must be an integer in [0, 15]. Got 2.5 instead.");

  const S = [0.1, 0.2, 0.7, 0.5, 0.3, 0.2];
  throwsExactly(() => topKAccuracy([0, 2], S, { k: 4 }), 'INVALID_OPTION',
    "The 'k' option of topKAccuracy must be an integer in [1, 3] (C, the columns of scores). Got 4 instead.");
  throwsExactly(() => topKAccuracy([0, 2], S, { k: 0 }), 'INVALID_OPTION',
    "The 'k' option of topKAccuracy must be an integer in [1, 2147483647]. Got 0 instead.");
  throwsExactly(() => topKAccuracy([0, 2], S, {} as never), 'INVALID_OPTION',
    "The 'k' option of topKAccuracy must be an integer in [1, 2147483647]. Got undefined instead.");
  throwsExactly(() => topKAccuracy([0, 2], S.slice(1), { k: 1 }), 'INVALID_DATA',
    'topKAccuracy: scores has 5 values, not a whole number of columns for the 2 rows of yTrue: scores must hold N·C values, C per row, row-major.');
  throwsExactly(() => topKAccuracy(['a', 'b'], S, { k: 1, classes: ['a', 'b'] }), 'INVALID_DATA',
    'topKAccuracy: scores has 6 values but yTrue has 2 rows and classes 2 labels: scores must hold N·C = 4 values, row-major.');
  throwsExactly(() => topKAccuracy(['a', 'z'], S, { k: 1, classes: ['a', 'b', 'c'] }), 'INVALID_DATA',
    'topKAccuracy: yTrue[1] is "z", which is not in classes ("a", "b", "c"): each true label must be one of them.');
  throwsExactly(() => topKAccuracy([0, 3], S, { k: 1 }), 'INVALID_DATA',
    "topKAccuracy: yTrue[1] is 3: without the 'classes' option yTrue holds column indices of scores, integers in [0, 2]; give classes to use labels.");
  throwsExactly(() => topKAccuracy([0, 1], [[0.1, 0.2, 0.7], [0.5, 0.3, 0.2]] as never, { k: 1 }), 'INVALID_DATA',
    'topKAccuracy needs scores as N·C numbers, row-major (a Float32Array or an array of numbers). Got an array of length 2 (an array of rows: flatten it, e.g. rows.flat()) instead.');
  throwsExactly(() => topKAccuracy([0, 1], [0.1, NaN, 0.7, 0.5, 0.3, 0.2], { k: 1 }), 'INVALID_DATA',
    'topKAccuracy: scores[1] is NaN: scores must be finite numbers.');

  throwsExactly(() => logLoss([0, 1], [0.5, 0.7, 0.5, 0.3].slice(0, 3)), 'INVALID_DATA',
    'logLoss: probabilities has 3 values, not a whole number of columns for the 2 rows of yTrue: probabilities must hold N·C values, C per row, row-major.');
  throwsExactly(() => logLoss([0, 0], [1, 1]), 'INVALID_DATA', 'logLoss needs at least 2 classes (columns of probabilities). Got 1.');
  throwsExactly(() => logLoss([0, 1], [0.5, 0.5, 1.5, -0.5]), 'INVALID_DATA',
    'logLoss: probabilities[2] is 1.5: probabilities must be numbers in [0, 1].');
  throwsExactly(() => logLoss([0, 1], [0.5, 0.5, 0.5, 0.5], { eps: 0.5 }), 'INVALID_OPTION',
    "The 'eps' option of logLoss must be a number in (0, 0.5). Got 0.5 instead.");
  throwsExactly(() => logLoss(['x'], [0.5, 0.5], { classes: ['a', 'b'] }), 'INVALID_DATA',
    'logLoss: yTrue[0] is "x", which is not in classes ("a", "b"): each true label must be one of them.');
  throwsExactly(() => logLoss([0], [0.5, 0.5], { classes: [0, 0] }), 'INVALID_OPTION',
    "The 'classes' option of logLoss lists 0 twice (at 0 and 1): each label once.");
});
