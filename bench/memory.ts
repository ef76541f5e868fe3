// Memory of a CIFAR-10-shaped training run (N 49000, D 3073, C 10), in a
// process of its own: the dataset is written in chunks (never held twice),
// then trained for two epochs of batch 256. Prints JSON: the dataset's bytes,
// the peak RSS, wasm memory before and after the second epoch, and the JS bytes
// allocated per training step (from new-space use across two runs of different
// step counts).
import { getHeapSpaceStatistics } from 'node:v8';
import { init, LinearClassifier, Dataset } from '../src/index.js';
import { kernels } from '../src/wasm.js';
import { Rng } from '../src/rng.js';

const N = Number(process.env.N ?? 49000), D = 3073, C = 10, CHUNK = 1000;
await init();
const rss0 = process.memoryUsage().rss;
const ds = Dataset.create(N, { numFeatures: D });
const rng = new Rng(1);
const X = new Float32Array(CHUNK * D), y = new Int32Array(CHUNK);
for (let r = 0; r < N; r += CHUNK) {
  const n = Math.min(CHUNK, N - r);
  for (let i = 0; i < n * D; i++) X[i] = rng.nextU32() / 2 ** 31 - 1;
  for (let i = 0; i < n; i++) y[i] = rng.below(C);
  ds.setRows(r, X.subarray(0, n * D), y.subarray(0, n));
}
const clf = new LinearClassifier({ numFeatures: D, numClasses: C, reg: 1e-3 });
const o = { optimizer: 'sgd', learningRate: 1e-7, sampling: 'replacement' } as const;
clf.partialFit(ds, { ...o, batchSize: 256 });
const wasm1 = kernels().memory_bytes();
const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_used_size;
const a0 = newSpace();
const h1 = clf.partialFit(ds, { ...o, batchSize: 256 });
const a1 = newSpace();
const h2 = clf.partialFit(ds, { ...o, batchSize: 4096 });
const a2 = newSpace();
const wasm2 = kernels().memory_bytes();
const datasetBytes = N * (Math.ceil(D / 4) * 4 + 1) * 4;
console.log(JSON.stringify({
  rows: N, datasetBytes, baselineRss: rss0, maxRss: process.resourceUsage().maxRSS * 1024,
  wasmBytesAfterFirstEpoch: wasm1, wasmBytesAfterMoreEpochs: wasm2,
  stepsA: h1.loss.length, stepsB: h2.loss.length, jsBytesA: a1 - a0, jsBytesB: a2 - a1,
}));
