// Row weights: the weighted objective Σ w_i·L_i / Σ w_i + λR(W) and its gradient
// against the float64 reference for both losses and every penalty; an integer
// weight k equals k copies of the row; weights all 1 change no bit of training;
// 'balanced' class weights raise the minority class's recall on a 1:9 set.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { init, LinearClassifier, Dataset, LinclassError } from '../src/index.js';
import * as ref from './reference.js';
import { rand, uniform, labels, assertClose, throwsExactly } from './util.js';

before(() => init({ threads: 1 }));

const LOSSES = ['svm', 'softmax'] as const;
const PENALTIES = ['none', 'l2', 'l1', 'elasticnet'] as const;

test('weighted loss and gradient match the float64 reference, every loss × penalty', () => {
  const r = rand(11), N = 40, D = 7, C = 4;
  const X = uniform(r, N * D), y = labels(r, N, C), w = Float32Array.from({ length: N }, () => Math.floor(r() * 4) * 0.5 + (r() < 0.1 ? 0 : 0.25));
  for (const loss of LOSSES) {
    for (const penalty of PENALTIES) {
      const clf = new LinearClassifier({ loss, penalty, reg: 0.05, numFeatures: D, numClasses: C, seed: 2 });
      clf.setWeights(uniform(r, C * D, -0.5, 0.5), uniform(r, C, -0.5, 0.5));
      const got = clf.lossAndGradient(X, y, { sampleWeight: w });
      const want = ref.lossAndGradient({ N, D, C, X, y, W: clf.coef, b: clf.intercept, loss, penalty, reg: 0.05, l2Ratio: 0.5, delta: 1, weights: w });
      const what = `${loss}/${penalty}`;
      assertClose([got.loss], [want.loss], 1e-6, `${what} loss`);
      assertClose(got.dW, want.dW, 1e-5, `${what} dW`);
      assertClose(got.db, want.db, 1e-5, `${what} db`);
      // the reference's gradient is the gradient of its loss (a numerical check of the twin itself)
      const f = (x: Float64Array) => ref.lossAndGradient({ N, D, C, X, y, W: x, b: clf.intercept, loss, penalty, reg: 0.05, l2Ratio: 0.5, delta: 1, weights: w }).loss;
      const num = ref.numericalGradient(f, Float64Array.from(clf.coef));
      const worst = Array.from(num).reduce((m, v, i) => Math.max(m, ref.relError(want.dW[i], v)), 0);
      assert.ok(worst < (loss === 'svm' || penalty === 'l1' || penalty === 'elasticnet' ? 1e-4 : 1e-6), `${what}: reference gradient vs numerical ${worst}`);
      clf.dispose();
    }
  }
});

test('an integer weight k equals k copies of the row: loss, gradient and evaluation', () => {
  const r = rand(5), N = 30, D = 6, C = 3;
  const X = uniform(r, N * D), y = labels(r, N, C), k = Int32Array.from({ length: N }, () => 1 + Math.floor(r() * 3));
  const Xd: number[] = [], yd: number[] = [];
  for (let i = 0; i < N; i++) for (let j = 0; j < k[i]; j++) { Xd.push(...X.subarray(i * D, i * D + D)); yd.push(y[i]); }
  for (const loss of LOSSES) {
    for (const penalty of PENALTIES) {
      const clf = new LinearClassifier({ loss, penalty, reg: 0.01, numFeatures: D, numClasses: C, seed: 4 });
      const a = clf.lossAndGradient(X, y, { sampleWeight: k }), b = clf.lossAndGradient(Xd, yd);
      assertClose([a.loss], [b.loss], 1e-6, `${loss}/${penalty} loss`);
      assertClose(a.dW, b.dW, 1e-6, `${loss}/${penalty} dW`);
      assertClose(a.db, b.db, 1e-6, `${loss}/${penalty} db`);
      const ea = clf.evaluate(X, y, { sampleWeight: k }), eb = clf.evaluate(Xd, yd);
      assertClose([ea.loss, ea.accuracy], [eb.loss, eb.accuracy], 1e-6, `${loss}/${penalty} evaluate`);
      clf.dispose();
    }
  }
});

test('weights all 1 (a Dataset\'s or fit\'s sampleWeight) train to the same bits as no weights, on one thread and in blocks', () => {
  const r = rand(8), N = 700, D = 9, C = 3;
  const X = uniform(r, N * D), y = labels(r, N, C), ones = new Float32Array(N).fill(1);
  const train = (data: Dataset | { X: Float32Array; y: Int32Array }, extra = {}) => {
    const clf = new LinearClassifier({ numFeatures: D, numClasses: C, seed: 1 });
    const h = clf.fit(data, { epochs: 2, batchSize: 300, ...extra });
    const out = [Array.from(clf.coef), Array.from(h.loss)];
    clf.dispose();
    return out;
  };
  const plain = train({ X, y });
  assert.deepEqual(train({ X, y }, { sampleWeight: ones }), plain);
  const ds = Dataset.from(X, y, { numFeatures: D, sampleWeight: ones });
  assert.equal(ds.hasWeights, true);
  assert.deepEqual(train(ds), plain);
  ds.dispose();
});

test("classWeight 'balanced' raises the minority class's recall on a 1:9 imbalanced set", () => {
  const r = rand(21), N = 1000, D = 2;
  const X = new Float32Array(N * D), y = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    y[i] = i % 10 === 0 ? 1 : 0;
    // overlapping clouds: the minority sits a little to the right
    X[i * D] = (r() - 0.5) * 2 + (y[i] ? 0.8 : 0);
    X[i * D + 1] = (r() - 0.5) * 2;
  }
  const recall = (options: object) => {
    const clf = new LinearClassifier({ numFeatures: D, numClasses: 2, seed: 3 });
    clf.fit({ X, y }, { epochs: 30, learningRate: 0.05, ...options });
    const pred = clf.predict(X);
    clf.dispose();
    let hit = 0;
    for (let i = 0; i < N; i++) if (y[i] === 1 && pred[i] === 1) hit++;
    return hit / 100;
  };
  const plain = recall({}), balanced = recall({ classWeight: 'balanced' }), byMap = recall({ classWeight: { 0: 1, 1: 9 } });
  console.log(`# minority recall: unweighted ${plain}, 'balanced' ${balanced}, { 1: 9 } ${byMap}`);
  assert.ok(balanced > plain + 0.3, `balanced ${balanced} vs unweighted ${plain}`);
  assert.ok(byMap > plain + 0.3, `{ 1: 9 } ${byMap} vs unweighted ${plain}`);
});

test('bad weights: exact messages, nothing changes', () => {
  const clf = new LinearClassifier({ numFeatures: 2, numClasses: 2, seed: 1 });
  const W0 = clf.coef, X = [0, 1, 1, 0], y = [0, 1];
  const cases: [() => unknown, string, string][] = [
    [() => clf.fit({ X, y }, { sampleWeight: [1] }), 'INVALID_DATA', 'sampleWeight must be an array of N = 2 weights, one per row (Float32Array, number[], …). Got an array of length 1 instead.'],
    [() => clf.fit({ X, y }, { sampleWeight: [1, -1] }), 'INVALID_DATA', 'sampleWeight[1] is -1: weights must be finite numbers ≥ 0.'],
    [() => clf.fit({ X, y }, { sampleWeight: [0, 0] }), 'INVALID_DATA', 'sampleWeight is all zeros: at least one row needs a weight above 0.'],
    [() => clf.evaluate(X, y, { sampleWeight: [1, NaN] }), 'INVALID_DATA', 'sampleWeight[1] is NaN: weights must be finite numbers ≥ 0.'],
    [() => clf.fit({ X, y }, { classWeight: 'auto' as never }), 'INVALID_OPTION', "The 'classWeight' option of fit must be 'balanced' or an object mapping class labels to weights ≥ 0. Got \"auto\" instead."],
    [() => clf.fit({ X, y }, { classWeight: { 2: 1 } }), 'INVALID_OPTION', "The 'classWeight' option of fit names the class \"2\", which this classifier does not have."],
    [() => clf.fit({ X, y }, { classWeight: { 1: -2 } }), 'INVALID_OPTION', "The 'classWeight' option of fit gives class \"1\" the weight -2; weights must be finite numbers ≥ 0."],
    [() => clf.evaluate(X, y, { weights: [1, 1] } as never), 'INVALID_OPTION', "evaluate has no option 'weights'. Allowed options: sampleWeight."],
  ];
  for (const [fn, code, msg] of cases) {
    throwsExactly(fn, code, msg);
    assert.deepEqual(clf.coef, W0, msg);
  }
  assert.ok(new LinclassError('INVALID_DATA', 'x') instanceof Error);
  clf.dispose();
});
