// A worker fault in one process: run as `node --import tsx tests/lifecycle/faults.ts between|during`.
//   between: a worker is terminated from outside between fitAsync's steps;
//   during:  a worker dies holding a block of a step (Pool.failWorker).
// Prints one JSON line: the error the fit met (if any), threadInfo() after,
// and the weights' hash against a fit on the threads before the fault.
import { createHash } from 'node:crypto';
import { init, threadInfo, LinearClassifier, LinclassError } from '../../src/index.js';
import { activeWorkerPool } from '../../src/runtime/module.js';

const kind = process.argv[2];
const N = 3000, D = 64, C = 4;
const X = Float32Array.from({ length: N * D }, (_, i) => Math.sin(i * 0.37) + (i % D === 0 ? (Math.floor(i / D) % C) : 0));
const y = Int32Array.from({ length: N }, (_, i) => i % C);
const options = { epochs: 4, batchSize: 256, seed: 3 };
const hash = (clf: LinearClassifier) => createHash('sha256')
  .update(new Uint8Array(Float32Array.from(clf.coef).buffer)).update(new Uint8Array(Float32Array.from(clf.intercept).buffer))
  .digest('hex').slice(0, 8);
const fresh = () => new LinearClassifier({ numFeatures: D, numClasses: C, seed: 5 });

await init({ threads: 2, threadThreshold: 0 });
// The workers start on the first shared call; wait until they are up, then a reference fit on the threads.
const warm = fresh();
for (let i = 0; i < 200 && !threadInfo().ready; i++) {
  warm.fit({ X, y }, { epochs: 1, batchSize: 256 });
  await new Promise((r) => setTimeout(r, 20));
}
warm.dispose();
if (!threadInfo().ready) throw new Error(`the workers did not start: ${JSON.stringify(threadInfo())}`);
const ref = fresh();
ref.fit({ X, y }, options);
const reference = hash(ref);
ref.dispose();

const pool = activeWorkerPool()!;
let error: { code: string; message: string; ms: number } | undefined;
let result: string;
if (kind === 'between') {
  const clf = fresh();
  let steps = 0;
  for await (const p of clf.fitAsync({ X, y }, options)) {
    if (p.record && p.record.epoch === 1) pool.terminateWorker(1);
    steps++;
  }
  result = hash(clf);
  clf.dispose();
  console.error(`# ${steps} progress reports`);
} else {
  const clf = fresh();
  pool.failWorker(1);
  const t0 = performance.now();
  try {
    // a step's blocks may all be taken by this thread before the worker wakes: try a few fits
    for (let i = 0; i < 20 && threadInfo().mode === 'threads'; i++) clf.fit({ X, y }, options);
  } catch (e) {
    error = { code: (e as LinclassError).code, message: (e as Error).message, ms: Math.round(performance.now() - t0) };
  }
  clf.dispose();
  const after = fresh();
  after.fit({ X, y }, options);
  result = hash(after);
  after.dispose();
}
// the fault's events (a worker's error and exit) arrive on later turns
await new Promise((r) => setTimeout(r, 100));
console.log(JSON.stringify({ info: threadInfo(), error, hash: result, reference }));
