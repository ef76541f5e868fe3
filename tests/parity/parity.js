// The fixed training run every runtime performs (Node ESM and CJS, Chromium
// script-tag and ESM pages, workerd): digits data, both losses, two optimizers,
// seeded; the weights are hashed (FNV-1a over their float32 bytes). Plain
// script on purpose: a <script> tag, an ES module import and workerd all load it.
globalThis.linclassParity = async function linclassParity(lib, csvText) {
  function fnv1a(arrays) {
    let h = 0x811c9dc5;
    for (const a of arrays) {
      const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    }
    return (h >>> 0).toString(16).padStart(8, '0');
  }
  const { X, y, numFeatures } = lib.parseCsv(csvText);
  for (let i = 0; i < X.length; i++) X[i] /= 16;
  const ds = lib.Dataset.from(X, y, { numFeatures });
  const hashes = {};
  const all = [];
  for (const loss of ['softmax', 'svm']) {
    for (const optimizer of ['adam', 'momentum']) {
      const clf = new lib.LinearClassifier({ loss, numFeatures, numClasses: 10, seed: 42 });
      const history = clf.fit(ds, { epochs: 3, batchSize: 32, optimizer, learningRate: optimizer === 'adam' ? 0.01 : 0.05, seed: 7 });
      const W = clf.coef, b = clf.intercept, pred = clf.predict(ds);
      hashes[`${loss}/${optimizer}`] = fnv1a([W, b, history.loss, pred]);
      all.push(W, b, history.loss, pred);
      clf.dispose();
    }
  }
  ds.dispose();
  hashes.all = fnv1a(all);
  return hashes;
};
