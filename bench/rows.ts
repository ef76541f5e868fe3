// The main table's rows, the same in every runtime the bench measures (Node on
// one thread, Node with threads, Chromium on one thread and with threads): the
// seeded CIFAR-10-shaped data (N 49000, D 3073, C 10), the calls each row times,
// their FLOP counts and how long a timing window is.
import { Dataset, LinearClassifier } from '../src/index.js';
import { Rng } from '../src/base/rng.js';
import { LinclassBench } from './impl/linclass.js';

export const N = 49000, D = 3073, C = 10, B = 256, STEPS = Math.floor(N / B), PREDICT_ROWS = 10000;
export const ROWS = ['batch softmax', 'epoch softmax', 'full softmax', 'batch svm', 'epoch svm', 'full svm', 'predict 10000'] as const;
export type RowName = (typeof ROWS)[number] | 'batch 4096';

/** FLOPs of a row (2 per multiply-add of the forward and of the backward product). */
export function flops(row: string): number {
  if (row.startsWith('batch 4096')) return 4 * 4096 * D * C;
  if (row.startsWith('batch')) return 4 * B * D * C;
  if (row.startsWith('epoch')) return 4 * B * D * C * STEPS;
  if (row.startsWith('full')) return 4 * N * D * C;
  return 2 * PREDICT_ROWS * D * C;
}

/** Window length (ms) for a row: calls shorter than a few ms are repeated within a window. */
export function windowMs(row: string): number {
  return row.startsWith('batch') ? 20 : 1;
}

/**
 * The data as bench/run.ts draws it (Rng(1): all N·D features in [-1, 1), then
 * the N labels), written into a Dataset in chunks, never held whole; and the
 * first PREDICT_ROWS rows again as an unlabelled set for predict.
 */
export function makeData(chunk = 1000): { ds: Dataset; predictSet: Dataset } {
  const y = new Int32Array(N);
  const skip = new Rng(1);
  for (let i = 0; i < N * D; i++) skip.nextU32();
  for (let i = 0; i < N; i++) y[i] = skip.below(C);
  const rng = new Rng(1);
  const ds = Dataset.create(N, { numFeatures: D, labels: true });
  const predictSet = Dataset.create(PREDICT_ROWS, { numFeatures: D, labels: false });
  const X = new Float32Array(chunk * D);
  for (let r = 0; r < N; r += chunk) {
    const n = Math.min(chunk, N - r);
    for (let i = 0; i < n * D; i++) X[i] = rng.nextU32() / 2 ** 31 - 1;
    ds.setRows(r, X.subarray(0, n * D), y.subarray(r, r + n));
    if (r < PREDICT_ROWS) predictSet.setRows(r, X.subarray(0, Math.min(n, PREDICT_ROWS - r) * D));
  }
  return { ds, predictSet };
}

/** The calls of each row on these datasets (the parameters core, as training drives it; predict through the classifier). */
export function makeRows(ds: Dataset, predictSet: Dataset): Record<RowName, () => unknown> {
  const lin = new LinclassBench(ds, C, 4096);
  const clf = new LinearClassifier({ numFeatures: D, numClasses: C });
  return {
    'batch softmax': () => lin.batch(1, B),
    'epoch softmax': () => lin.epoch(1, B, STEPS),
    'full softmax': () => lin.full(1),
    'batch svm': () => lin.batch(0, B),
    'epoch svm': () => lin.epoch(0, B, STEPS),
    'full svm': () => lin.full(0),
    'predict 10000': () => clf.predict(predictSet),
    'batch 4096': () => lin.batch(1, 4096),
  };
}
