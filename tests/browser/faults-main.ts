// Worker fault in a page (tests/faults.test.ts bundles this with esbuild from
// src/, as the pool's test hooks are not part of the public builds): a worker
// dies holding a block of a step; the call must fail with WORKER_FAILED in
// bounded time and later fits run on one thread with the same weights.
import { init, threadInfo, LinearClassifier, type LinclassError } from '../../src/browser.js';
import { activeWorkerPool } from '../../src/runtime/module.js';

const N = 3000, D = 64, C = 4;
const X = Float32Array.from({ length: N * D }, (_, i) => Math.sin(i * 0.37) + (i % D === 0 ? (Math.floor(i / D) % C) : 0));
const y = Int32Array.from({ length: N }, (_, i) => i % C);
const options = { epochs: 4, batchSize: 256, seed: 3 };
const fresh = () => new LinearClassifier({ numFeatures: D, numClasses: C, seed: 5 });
async function hash(clf: LinearClassifier): Promise<string> {
  const bytes = new Uint8Array([...new Uint8Array(Float32Array.from(clf.coef).buffer), ...new Uint8Array(Float32Array.from(clf.intercept).buffer)]);
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].slice(0, 4).map((b) => b.toString(16).padStart(2, '0')).join('');
}
const w = window as unknown as { __result?: unknown; __error?: string };
try {
  await init({ threads: 2, threadThreshold: 0 });
  const warm = fresh();
  for (let i = 0; i < 200 && !threadInfo().ready; i++) {
    warm.fit({ X, y }, { epochs: 1, batchSize: 256 });
    await new Promise((r) => setTimeout(r, 20));
  }
  warm.dispose();
  const before = threadInfo();
  const ref = fresh();
  ref.fit({ X, y }, options);
  const reference = await hash(ref);
  ref.dispose();
  activeWorkerPool()!.failWorker(1);
  let error: { code: string; message: string; ms: number } | undefined;
  const clf = fresh(), t0 = performance.now();
  try {
    for (let i = 0; i < 20 && threadInfo().mode === 'threads'; i++) clf.fit({ X, y }, options);
  } catch (e) {
    error = { code: (e as LinclassError).code, message: (e as Error).message, ms: Math.round(performance.now() - t0) };
  }
  clf.dispose();
  const after = fresh();
  after.fit({ X, y }, options);
  const result = await hash(after);
  after.dispose();
  await new Promise((r) => setTimeout(r, 200));
  w.__result = { before, info: threadInfo(), error, hash: result, reference };
} catch (e) {
  w.__error = String((e as Error)?.stack ?? e);
}
