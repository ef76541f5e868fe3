// The threaded rows of npm run bench, in a process of its own per thread count
// (init chooses the build once per process): full-batch loss+gradient, one
// epoch of batch-256 SGD steps (sampling included) and steps at batch 4096, on
// the bench's seeded CIFAR-10-shaped data, through the parameters core's step
// (the call fit makes, which shares a step with the worker pool when it pays). Prints JSON.
//   node --import tsx bench/threads.ts THREADS ROUNDS
import { init, Dataset, threadInfo } from '../src/index.js';
import { kernels } from '../src/runtime/module.js';
import { i32 } from '../src/runtime/memory.js';
import { Rng } from '../src/base/rng.js';
import { Params } from '../src/model/params.js';
import { Classes } from '../src/model/labels.js';

const threads = Number(process.argv[2] ?? 1), ROUNDS = Number(process.argv[3] ?? 3);
const N = 49000, D = 3073, C = 10, STEPS = Math.floor(N / 256);
await init({ threads });
const rng = new Rng(1);
const ds = Dataset.create(N, { numFeatures: D });
const X = new Float32Array(1000 * D), y = new Int32Array(1000);
for (let r = 0; r < N; r += 1000) {
  const n = Math.min(1000, N - r);
  for (let i = 0; i < n * D; i++) X[i] = rng.nextU32() / 2 ** 31 - 1;
  for (let i = 0; i < n; i++) y[i] = rng.below(C);
  ds.setRows(r, X.subarray(0, n * D), y.subarray(0, n));
}
const params = new Params({ loss: 'softmax', penalty: 'l2', reg: 1e-3, l2Ratio: 0.5, delta: 1 }, D, Classes.identity(C), { scale: 1, mean: null }, 0);
const step = (n: number, X: number, idx: number, y: number) => params.step(n, X, idx, y);
const p = ds.ptrs(), k = kernels(), idx = i32(4096);
const batch = (B: number) => {
  const v = idx.view;
  for (let i = 0; i < B; i++) v[i] = rng.below(N);
  step(B, p.X, idx.ptr, p.y);
  k.sgd_simd(params.count, params.thetaPtr, params.gradPtr, 1e-7);
};
const time = (f: () => void, minMs: number) => {
  let reps = 0;
  const t0 = performance.now();
  do { f(); reps++; } while (performance.now() - t0 < minMs);
  return (performance.now() - t0) / reps;
};
// warm-up: every kernel runs optimized code before anything is timed
step(N, p.X, p.all, p.y);
for (let i = 0; i < 40; i++) batch(256);
const out: Record<string, number[]> = { full: [], epoch: [], batch4096: [], batch256: [] };
for (let r = 0; r < ROUNDS; r++) {
  out.full.push(time(() => step(N, p.X, p.all, p.y), 1));
  out.epoch.push(time(() => { for (let s = 0; s < STEPS; s++) batch(256); }, 1));
  out.batch4096.push(time(() => batch(4096), 300));
  out.batch256.push(time(() => batch(256), 300));
}
console.log(JSON.stringify({ info: threadInfo(), ...out }));
process.exit(0);
