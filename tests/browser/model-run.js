// The same model-file work in Node and in the browser: train a small digits
// model with preprocessing (seeded), save it; load bytes saved elsewhere and
// save them again; predict raw rows. Plain script so both can load it.
globalThis.linclassModelRun = function linclassModelRun(lib, csvText, otherBytes) {
  const { X, y, numFeatures } = lib.parseCsv(csvText);
  const preprocessing = { scale: 1 / 16, mean: lib.meanImage(X, numFeatures, 1 / 16) };
  const clf = new lib.LinearClassifier({ loss: 'softmax', numFeatures, numClasses: 10, seed: 3, preprocessing });
  clf.fit({ X, y }, { epochs: 2, batchSize: 64, seed: 3 });
  const saved = clf.save();
  clf.dispose();
  const other = lib.LinearClassifier.load(new Uint8Array(otherBytes ?? saved));
  const again = other.save();
  const predict = other.predict(X);
  const viaJson = lib.LinearClassifier.fromJSON(JSON.stringify(other)).save();
  other.dispose();
  return { saved: Array.from(saved), again: Array.from(again), viaJson: Array.from(viaJson), predict: Array.from(predict) };
};
