// The worker-fault scenario shared by the Node script (faults.ts) and the
// Chromium page (tests/browser/faults-main.ts): the data, the fits, and a
// worker that dies holding a block. The caller has called init({ threads: 2,
// threadThreshold: 0 }) from its entry, and hashes the weight bytes its own way.
import { LinearClassifier, type LinclassError } from '../../src/api.js';
import { threadInfo, activeWorkerPool } from '../../src/runtime/module.js';

const N = 3000, D = 64, C = 4;
export const data = {
  X: Float32Array.from({ length: N * D }, (_, i) => Math.sin(i * 0.37) + (i % D === 0 ? (Math.floor(i / D) % C) : 0)),
  y: Int32Array.from({ length: N }, (_, i) => i % C),
};
export const options = { epochs: 4, batchSize: 256, seed: 3 };
export const fresh = (): LinearClassifier => new LinearClassifier({ numFeatures: D, numClasses: C, seed: 5 });

/** The bytes of W then b. */
export function weightBytes(clf: LinearClassifier): Uint8Array<ArrayBuffer> {
  const W = new Uint8Array(Float32Array.from(clf.coef).buffer), b = new Uint8Array(Float32Array.from(clf.intercept).buffer);
  const out = new Uint8Array(W.length + b.length);
  out.set(W);
  out.set(b, W.length);
  return out;
}

/** A fit of a fresh model with `options`: its weight bytes. */
export function fitBytes(): Uint8Array<ArrayBuffer> {
  const clf = fresh();
  try {
    clf.fit(data, options);
    return weightBytes(clf);
  } finally {
    clf.dispose();
  }
}

/** Starts the workers (they start on the first shared call) and waits until they are up; throws if they do not come. */
export async function warmUp(): Promise<void> {
  const warm = fresh();
  for (let i = 0; i < 200 && !threadInfo().ready; i++) {
    warm.fit(data, { epochs: 1, batchSize: 256 });
    await new Promise((r) => setTimeout(r, 20));
  }
  warm.dispose();
  if (!threadInfo().ready) throw new Error(`the workers did not start: ${JSON.stringify(threadInfo())}`);
}

/** What the fault made a fit throw, and after how many ms. */
export interface Fault { code: string; message: string; ms: number }

/**
 * Worker 1 dies holding a block of the next job (Pool.failWorker); fits run
 * until one fails or the pool has gone. Returns the error the fits met, if any.
 */
export function fitThroughFault(): Fault | undefined {
  activeWorkerPool()!.failWorker(1);
  const clf = fresh(), t0 = performance.now();
  try {
    for (let i = 0; i < 20 && threadInfo().mode === 'threads'; i++) clf.fit(data, options);
    return undefined;
  } catch (e) {
    return { code: (e as LinclassError).code, message: (e as Error).message, ms: Math.round(performance.now() - t0) };
  } finally {
    clf.dispose();
  }
}
