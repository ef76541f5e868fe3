// The same model-file work in Node and in the browser: train a small digits
// model with preprocessing (seeded), save it; load bytes saved elsewhere and
// save them again; predict raw rows. Plain script so both can load it.
globalThis.linclassModelRun = function linclassModelRun(lib, csvText, otherBytes, otherNamed) {
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
  // string labels (digit names), no shape given: taken from rows of X and the labels
  const names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  const rows = Array.from({ length: 300 }, (_, r) => Array.from(X.subarray(r * numFeatures, r * numFeatures + numFeatures), (v) => v / 16));
  const named = new lib.LinearClassifier({ seed: 5 });
  named.fit(rows, Array.from(y.subarray(0, 300), (c) => names[c]), { epochs: 3, seed: 5 });
  const namedSaved = named.save();
  named.dispose();
  const namedOther = lib.LinearClassifier.load(new Uint8Array(otherNamed ?? namedSaved));
  const namedAgain = namedOther.save();
  const namedPredict = namedOther.predict(rows.slice(0, 50));
  const namedJson = lib.LinearClassifier.fromJSON(JSON.stringify(namedOther)).predict(rows.slice(0, 50));
  namedOther.dispose();
  return {
    saved: Array.from(saved), again: Array.from(again), viaJson: Array.from(viaJson), predict: Array.from(predict),
    namedSaved: Array.from(namedSaved), namedAgain: Array.from(namedAgain), namedPredict, namedJson,
  };
};
