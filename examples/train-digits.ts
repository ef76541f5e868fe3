// The main job: train a softmax and an SVM classifier on the embedded digits
// data with the library's default optimizer settings (Adam, learning rate 0.01,
// batches of 32, 20 epochs) and report per-epoch progress and test accuracy
// (first 1500 rows train, the other 297 test, features / 16).
import { readFileSync } from 'node:fs';
import { init, LinearClassifier, Dataset, parseCsv } from '../src/index.js';

await init();
const { X, y, numFeatures: D } = parseCsv(readFileSync(new URL('../data/digits.csv', import.meta.url), 'utf8'));
for (let i = 0; i < X.length; i++) X[i] /= 16;
const split = 1500;
const train = Dataset.from(X.subarray(0, split * D), y.subarray(0, split), { numFeatures: D });
const test = Dataset.from(X.subarray(split * D), y.subarray(split), { numFeatures: D });
console.log(`digits: ${train.numRows} train and ${test.numRows} test rows, ${D} features, 10 classes`);

for (const loss of ['softmax', 'svm'] as const) {
  const clf = new LinearClassifier({ loss, numFeatures: D, numClasses: 10 });
  console.log(`\n${loss} (L2 reg ${clf.options.reg}), Adam, defaults`);
  const t0 = performance.now();
  clf.fit(train, {
    validation: test,
    onEpoch: (r) => console.log(`  epoch ${String(r.epoch).padStart(2)}  loss ${r.loss.toFixed(4)}  train ${r.trainAccuracy.toFixed(4)}  test ${r.valAccuracy!.toFixed(4)}`),
  });
  const acc = clf.score(test);
  console.log(`  ${loss}: test accuracy ${acc.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(2)} s)`);
  clf.dispose();
}
train.dispose();
test.dispose();
