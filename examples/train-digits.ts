// The main job: train a softmax and an SVM classifier on the embedded digits
// data with plain full-batch gradient descent, W ← W − lr·∂L/∂W, and report
// loss and test accuracy (first 1500 rows train, the other 297 test, features / 16).
import { readFileSync } from 'node:fs';
import { init, LinearClassifier, Dataset, parseCsv } from '../src/index.js';

const ITERATIONS = 500;
const RUNS = [
  { loss: 'softmax', learningRate: 1, reg: 1e-3 },
  { loss: 'svm', learningRate: 0.1, reg: 1e-3 },
] as const;

await init();
const { X, y, numFeatures: D } = parseCsv(readFileSync(new URL('../data/digits.csv', import.meta.url), 'utf8'));
for (let i = 0; i < X.length; i++) X[i] /= 16;
const split = 1500;
const train = Dataset.from(X.subarray(0, split * D), y.subarray(0, split), { numFeatures: D });
const test = Dataset.from(X.subarray(split * D), y.subarray(split), { numFeatures: D });
console.log(`digits: ${train.numRows} train, ${test.numRows} test rows, ${D} features, 10 classes`);

for (const run of RUNS) {
  const clf = new LinearClassifier({ loss: run.loss, numFeatures: D, numClasses: 10, penalty: 'l2', reg: run.reg, seed: 1 });
  const t0 = performance.now();
  console.log(`\n${run.loss}: full-batch gradient descent, lr ${run.learningRate}, L2 reg ${run.reg}`);
  for (let it = 1; it <= ITERATIONS; it++) {
    const { loss, dW, db } = clf.lossAndGradient(train);
    const W = clf.coef, b = clf.intercept;
    for (let i = 0; i < W.length; i++) W[i] -= run.learningRate * dW[i];
    for (let i = 0; i < b.length; i++) b[i] -= run.learningRate * db[i];
    clf.setWeights(W, b);
    if (it === 1 || it % 100 === 0) console.log(`  iteration ${String(it).padStart(3)}  loss ${loss.toFixed(4)}`);
  }
  const tr = clf.evaluate(train), te = clf.evaluate(test);
  console.log(`  train accuracy ${tr.accuracy.toFixed(4)}  test accuracy ${te.accuracy.toFixed(4)}  test loss ${te.loss.toFixed(4)}  (${((performance.now() - t0) / 1000).toFixed(2)} s)`);
  clf.dispose();
}
train.dispose();
test.dispose();
