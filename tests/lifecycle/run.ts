// One process's life with undisposed objects across shutdown() and a new
// init(): run as `node --expose-gc --import tsx tests/lifecycle/run.ts THREADS`.
// Prints one JSON line; the test checks it and that the process exits with 0.
import { init, shutdown, LinearClassifier, Dataset, LinclassError } from '../../src/index.js';

const threads = Number(process.argv[2] ?? 1);
const gc = (globalThis as { gc?: () => void }).gc!;
const X = Float32Array.from({ length: 400 * 8 }, (_, i) => Math.sin(i * 0.37));
const y = Int32Array.from({ length: 400 }, (_, i) => i % 3);
const settle = async () => {
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
};
const train = () => {
  const clf = new LinearClassifier({ numFeatures: 8, numClasses: 3, seed: 1 });
  clf.fit({ X, y }, { epochs: 3, batchSize: 'full' });
  return clf;
};
const errorOf = (f: () => unknown): string => {
  try {
    f();
    return 'no error';
  } catch (e) {
    return e instanceof LinclassError ? `${e.code}: ${e.message}` : String(e);
  }
};

await init({ threads, threadThreshold: 0 });
const before = train();
const W0 = Array.from(before.coef);
const oldDs = Dataset.from(X, y, { numFeatures: 8 }), staleDs = Dataset.from(X, y, { numFeatures: 8 });
// forgotten objects, collected only after shutdown
(() => { train(); Dataset.from(X, y, { numFeatures: 8 }); })();
shutdown();
await settle();
const afterShutdown = errorOf(() => before.predict(X));
before.dispose();
oldDs.dispose();
await init({ threads, threadThreshold: 0 });
(() => { train(); Dataset.from(X, y, { numFeatures: 8 }); })();
const fresh = new LinearClassifier({ numFeatures: 8, numClasses: 3 });
const stale = errorOf(() => fresh.evaluate(staleDs));
fresh.dispose();
const again = train();
const same = Array.from(again.coef).every((v, i) => v === W0[i]);
await settle();
again.dispose();
shutdown();
await settle();
console.log(JSON.stringify({ afterShutdown, stale, same }));
