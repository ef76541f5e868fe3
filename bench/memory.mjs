// Memory of a CIFAR-10-shaped training run (N 49000, D 3073, C 10), in a
// plain Node process of its own on the built library (dist/linclass.mjs, one
// thread): the dataset is written in chunks (never held twice),
// then trained for two epochs of batch 256. Prints JSON: the dataset's bytes,
// the peak RSS (the process's own high-water mark), wasm memory before and after the second epoch, and the JS bytes
// allocated per training step (from new-space use across two runs of different
// step counts).
import { getHeapSpaceStatistics } from 'node:v8';
import { readFileSync } from 'node:fs';

/**
 * This process's peak RSS in bytes. Linux's VmHWM is the process's own; Node's
 * resourceUsage().maxRSS is not: a process spawned by a large one reports the
 * parent's high-water mark (fork copies it), which the bench's parent is.
 */
function peakRss() {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
  } catch {
    return process.resourceUsage().maxRSS * 1024;
  }
}
const { init, LinearClassifier, Dataset, wasmMemoryBytes } = await import(new URL('../dist/linclass.mjs', import.meta.url).href);

const N = Number(process.env.N ?? 49000), D = 3073, C = 10, CHUNK = 250;
await init({ threads: 1 });
const rss0 = process.memoryUsage().rss;
const ds = Dataset.create(N, { numFeatures: D });
let seed = 1;
const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
const X = new Float32Array(CHUNK * D), y = new Int32Array(CHUNK);
for (let r = 0; r < N; r += CHUNK) {
  const n = Math.min(CHUNK, N - r);
  for (let i = 0; i < n * D; i++) X[i] = next() / 2 ** 31 - 1;
  for (let i = 0; i < n; i++) y[i] = next() % C;
  ds.setRows(r, X.subarray(0, n * D), y.subarray(0, n));
}
const clf = new LinearClassifier({ numFeatures: D, numClasses: C, reg: 1e-3 });
const o = { optimizer: 'sgd', learningRate: 1e-7, sampling: 'replacement' };
clf.partialFit(ds, { ...o, batchSize: 256 });
const wasm1 = wasmMemoryBytes();
const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_used_size;
const a0 = newSpace();
const h1 = clf.partialFit(ds, { ...o, batchSize: 256 });
const a1 = newSpace();
const h2 = clf.partialFit(ds, { ...o, batchSize: 4096 });
const a2 = newSpace();
const wasm2 = wasmMemoryBytes();
const datasetBytes = N * (Math.ceil(D / 4) * 4 + 1) * 4;
console.log(JSON.stringify({
  rows: N, datasetBytes, baselineRss: rss0, maxRss: peakRss(), maxRssInherited: process.resourceUsage().maxRSS * 1024,
  wasmBytesAfterFirstEpoch: wasm1, wasmBytesAfterMoreEpochs: wasm2,
  stepsA: h1.loss.length, stepsB: h2.loss.length, jsBytesA: a1 - a0, jsBytesB: a2 - a1,
}));
