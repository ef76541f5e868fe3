// The fixed training run every runtime performs (Node ESM and CJS, Chromium
// script-tag and ESM pages, workerd): digits data, both losses, two optimizers,
// seeded; the weights are hashed (FNV-1a over their float32 bytes). Plain
// script on purpose: a <script> tag, an ES module import and workerd all load it.
/** FNV-1a over the bytes of typed arrays, as 8 hex digits. */
function fnv1a(arrays) {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

globalThis.linclassParity = async function linclassParity(lib, csvText) {
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

// The run for the threads tests: steps large enough to be split into blocks
// (full batch: 8 blocks; batch 256: 4 blocks) and a whole-set evaluation, for
// every loss.
globalThis.linclassParityBlocks = async function linclassParityBlocks(lib, csvText) {
  const hashes = await globalThis.linclassParity(lib, csvText);
  const { X, y, numFeatures } = lib.parseCsv(csvText);
  for (let i = 0; i < X.length; i++) X[i] /= 16;
  const ds = lib.Dataset.from(X, y, { numFeatures });
  for (const loss of ['softmax', 'svm', 'ova', 'structured']) {
    const clf = new lib.LinearClassifier({ loss, numFeatures, numClasses: 10, seed: 3, penalty: 'elasticnet', reg: 1e-3 });
    const h1 = clf.fit(ds, { epochs: 4, batchSize: 'full', optimizer: 'adam', learningRate: 0.05 });
    const h2 = clf.fit(ds, { epochs: 2, batchSize: 256, optimizer: 'nesterov', learningRate: 0.02, seed: 9 });
    const ev = clf.evaluate(ds);
    hashes[`blocks ${loss}`] = fnv1a([clf.coef, clf.intercept, h1.loss, h2.loss, new Float64Array([ev.loss, ev.accuracy]), clf.predict(ds)]);
    clf.dispose();
  }
  // weighted full-batch steps (shared by the pool with threads): per-row weights and balanced class weights
  const weights = Float32Array.from({ length: y.length }, (_, i) => 0.5 + (i % 5) * 0.25);
  const weighted = new lib.LinearClassifier({ numFeatures, numClasses: 10, seed: 4 });
  const hw = weighted.fit(ds, { epochs: 3, batchSize: 'full', sampleWeight: weights, classWeight: 'balanced', learningRate: 0.05 });
  const ew = weighted.evaluate(ds, undefined, { sampleWeight: weights });
  hashes['blocks weighted'] = fnv1a([weighted.coef, weighted.intercept, hw.loss, new Float64Array([ew.loss, ew.accuracy])]);
  weighted.dispose();
  ds.dispose();
  return hashes;
};
