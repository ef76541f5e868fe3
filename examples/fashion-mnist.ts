// Fashion-MNIST from Debian's dataset-fashion-mnist package (apt-get install
// dataset-fashion-mnist): pixels / 255, the training set's mean image
// subtracted, softmax and SVM trained by fit with no options (solver 'auto':
// averaged momentum SGD on 60000 rows), test accuracy and seconds per epoch
// reported. npm run bench:solvers times it against other settings.
//   npx tsx examples/fashion-mnist.ts [directory of the IDX files]
import { readFileSync, existsSync } from 'node:fs';
import { init, LinearClassifier, Dataset, readIdx } from '../src/index.js';

const dir = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
if (!existsSync(`${dir}/train-images-idx3-ubyte.gz`)) {
  console.error(`No Fashion-MNIST files in ${dir}: install them with 'apt-get install dataset-fashion-mnist', or pass their directory.`);
  process.exit(2);
}
await init();

async function load(images: string, labels: string) {
  const img = await readIdx(readFileSync(`${dir}/${images}`)), lab = await readIdx(readFileSync(`${dir}/${labels}`));
  return { X: Float32Array.from(img.data, (v) => v / 255), y: Int32Array.from(lab.data), N: img.shape[0] };
}
const t0 = performance.now();
const tr = await load('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz');
const te = await load('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz');
const D = 784, mean = new Float64Array(D);
for (let i = 0; i < tr.N; i++) for (let d = 0; d < D; d++) mean[d] += tr.X[i * D + d];
for (let d = 0; d < D; d++) mean[d] /= tr.N;
for (const s of [tr, te]) for (let i = 0; i < s.N; i++) for (let d = 0; d < D; d++) s.X[i * D + d] -= mean[d];
const train = Dataset.from(tr.X, tr.y, { numFeatures: D }), test = Dataset.from(te.X, te.y, { numFeatures: D });
console.log(`Fashion-MNIST: ${tr.N} train, ${te.N} test rows, ${D} features (loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

for (const loss of ['softmax', 'svm'] as const) {
  const clf = new LinearClassifier({ loss, numFeatures: D, numClasses: 10, reg: 1e-4 });
  const h = clf.fit(train, {
    validation: test,
    onEpoch: (r) => console.log(`  ${loss} epoch ${String(r.epoch).padStart(2)}  loss ${r.loss.toFixed(4)}  train ${r.trainAccuracy.toFixed(4)}  test ${r.valAccuracy!.toFixed(4)}  ${r.seconds.toFixed(2)} s`),
  });
  const secs = h.epochs.map((r) => r.seconds).sort((a, b) => a - b);
  console.log(`${loss}: test accuracy ${clf.score(test).toFixed(4)}, ${h.solver} ${h.stopReason} after ${h.nIter} epochs, median ${secs[secs.length >> 1].toFixed(3)} s per epoch (235 steps + evaluation of 70000 rows)`);
  clf.dispose();
}
