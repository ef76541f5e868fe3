// Memory: 10 000 create / fit / predict / dispose cycles and 1 000 datasets
// created, used and disposed leave WebAssembly memory exactly where it was and
// the JS heap flat; anything used after dispose throws DISPOSED (a Dataset
// disposed under a running fitAsync included); classifiers and datasets that
// are never disposed — trained ones too, optimizer state and all — are
// reclaimed by their FinalizationRegistry once collected.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { init, LinearClassifier, Dataset, LinclassError, threadInfo } from '../../src/index.js';
import { rand, uniform, labels } from '../util.js';

// The collector, for measuring: the flag is set at run time, so the test
// command needs no --expose-gc; a fresh context then sees `gc`.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const wasmBytes = async (): Promise<number> => (await import('../../src/runtime/module.js')).kernels().memory.buffer.byteLength;
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Collects garbage until finalizers have run (a few rounds of gc and a turn of
 * the event loop); returns the least heap seen, which steadies the reading.
 */
async function settle(): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < 4; i++) {
    gc();
    await tick();
    least = Math.min(least, process.memoryUsage().heapUsed);
  }
  return least;
}

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(2)} MiB`;

before(() => init());

const RULES = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const;

test('10 000 create / fit / predict / dispose cycles: WebAssembly memory and the JS heap stay flat', async () => {
  const r = rand(1);
  const D = 4, C = 3, n = 8;
  const X = uniform(r, n * D), y = labels(r, n, C);
  const cycle = (i: number): void => {
    const clf = new LinearClassifier({ numFeatures: D, numClasses: C, seed: i, loss: i % 2 ? 'svm' : 'softmax' });
    clf.fit({ X, y }, { epochs: 1, batchSize: 'full', optimizer: RULES[i % 6] });
    clf.predict(X);
    clf.dispose();
  };
  for (let i = 0; i < 300; i++) cycle(i);
  const heap0 = await settle();
  const wasm0 = await wasmBytes(), t0 = performance.now();
  for (let i = 0; i < 10000; i++) cycle(i);
  const seconds = (performance.now() - t0) / 1000;
  const heap1 = await settle();
  const wasm1 = await wasmBytes();
  console.log(`# 10 000 classifier cycles in ${seconds.toFixed(1)} s: WebAssembly ${wasm0} → ${wasm1} bytes, JS heap ${mib(heap0)} → ${mib(heap1)}`);
  assert.equal(wasm1, wasm0, 'WebAssembly memory grew');
  // a classifier object alone is about a kilobyte: a leak of even a fifth of it a cycle would show as 2 MB
  assert.ok(heap1 - heap0 < 2 * 2 ** 20, `the JS heap grew by ${mib(heap1 - heap0)}`);
});

test('1 000 datasets created, used and disposed: WebAssembly memory and the JS heap stay flat', async () => {
  const r = rand(2);
  const D = 10, C = 4, n = 50;
  const X = uniform(r, n * D), y = labels(r, n, C);
  const clf = new LinearClassifier({ numFeatures: D, numClasses: C });
  const cycle = (i: number): void => {
    const ds = Dataset.from(X, y, { numFeatures: D });
    clf.evaluate(ds);
    clf.predict(ds);
    ds.dispose();
    const filled = Dataset.create(n, { numFeatures: D, labels: i % 2 === 0 });
    filled.setRows(0, X, i % 2 === 0 ? y : undefined);
    clf.scores(filled);
    filled.dispose();
  };
  for (let i = 0; i < 100; i++) cycle(i);
  const heap0 = await settle();
  const wasm0 = await wasmBytes();
  for (let i = 0; i < 1000; i++) cycle(i);
  const heap1 = await settle();
  const wasm1 = await wasmBytes();
  console.log(`# 1 000 dataset cycles (2 000 datasets): WebAssembly ${wasm0} → ${wasm1} bytes, JS heap ${mib(heap0)} → ${mib(heap1)}`);
  assert.equal(wasm1, wasm0, 'WebAssembly memory grew');
  // 2 000 leaked Dataset objects (with their finalizer cells) would be about a megabyte
  assert.ok(heap1 - heap0 < 2 ** 20, `the JS heap grew by ${mib(heap1 - heap0)}`);
  clf.dispose();
});

const isDisposed = (e: unknown): boolean => e instanceof LinclassError && e.code === 'DISPOSED' && /disposed/.test(e.message);

test('training or anything else after dispose throws DISPOSED', async () => {
  const r = rand(3);
  const X = uniform(r, 20 * 3), y = labels(r, 20, 2);
  const clf = new LinearClassifier({ numFeatures: 3, numClasses: 2 });
  clf.fit({ X, y }, { epochs: 1 });
  clf.dispose();
  assert.throws(() => clf.fit({ X, y }), isDisposed);
  assert.throws(() => clf.partialFit({ X, y }), isDisposed);
  assert.throws(() => clf.fitAsync({ X, y }), isDisposed);
  assert.throws(() => clf.save(), isDisposed);
  assert.throws(() => clf.toDataset(X, y), isDisposed);
  const ds = Dataset.from(X, y, { numFeatures: 3 });
  ds.dispose();
  const live = new LinearClassifier({ numFeatures: 3, numClasses: 2 });
  const W = live.coef;
  for (const call of [() => live.fit(ds), () => live.partialFit(ds), () => live.fit({ X, y }, { validation: ds }), () => ds.setRows(0, X, y)]) {
    assert.throws(call, isDisposed);
    assert.deepEqual(live.coef, W);
  }
  await assert.rejects(async () => { for await (const p of live.fitAsync(ds)) void p; }, isDisposed);
  live.dispose();
});

test('disposing the classifier or its Dataset under a running fitAsync ends the loop with DISPOSED, weights intact', async () => {
  const r = rand(4);
  const D = 20, C = 3, n = 4000;
  const X = uniform(r, n * D), y = labels(r, n, C);
  for (const victim of ['dataset', 'validation', 'classifier'] as const) {
    const clf = new LinearClassifier({ numFeatures: D, numClasses: C });
    const ds = Dataset.from(X, y, { numFeatures: D }), val = Dataset.from(X.subarray(0, 100 * D), y.subarray(0, 100), { numFeatures: D });
    let yields = 0, W: Float32Array | null = null;
    await assert.rejects(async () => {
      for await (const p of clf.fitAsync(ds, { epochs: 50, batchSize: 1, validation: val })) {
        void p;
        if (++yields === 3) {
          W = clf.coef;
          // what frees that memory may take it over: a dataset of other values
          if (victim === 'dataset') ds.dispose();
          else if (victim === 'validation') val.dispose();
          else clf.dispose();
          Dataset.from(uniform(r, n * D, 1e3, 2e3), null, { numFeatures: D });
        }
      }
    }, isDisposed, victim);
    if (victim !== 'classifier') {
      assert.ok(clf.coef.every(Number.isFinite));
      assert.ok(Math.max(...clf.coef.map((w, i) => Math.abs(w - W![i]))) < 1, `${victim}: the weights kept training on their own data`);
      clf.fit({ X, y }, { epochs: 1 });
      clf.dispose();
    }
    ds.dispose();
    val.dispose();
  }
});

test('forgotten classifiers (trained ones too) and datasets are reclaimed by the FinalizationRegistry', async () => {
  const r = rand(5);
  const D = 1000, C = 10;
  const X = uniform(r, 4 * D), y = labels(r, 4, C);
  const Xbig = uniform(r, 128 * D), ybig = labels(r, 128, C);
  // each round forgets 20 trained classifiers (weights, gradient and scratch
  // 3 × 40 KB, Adam's state 80 KB) and 20 datasets (40 KB): 4.8 MB a round;
  // and one classifier whose full-batch steps (128 rows × 1000 × 10) went to the
  // worker pool, leaving its per-block partial gradients (7 × 40 KB) behind
  const round = (seed: number): void => {
    for (let i = 0; i < 20; i++) {
      const clf = new LinearClassifier({ numFeatures: D, numClasses: C, seed });
      clf.fit({ X, y }, { epochs: 1, optimizer: 'adam' });
      Dataset.from(uniform(r, 10 * D), labels(r, 10, C), { numFeatures: D });
    }
    new LinearClassifier({ numFeatures: D, numClasses: C, seed }).fit({ X: Xbig, y: ybig }, { epochs: 1, batchSize: 'full' });
  };
  round(0);
  await settle();
  const wasm0 = await wasmBytes();
  for (let k = 1; k <= 40; k++) {
    round(k);
    await settle();
  }
  const wasm1 = await wasmBytes();
  console.log(`# forgotten: 40 rounds of 21 trained classifiers and 20 datasets (about 200 MB unreclaimed; threads: ${threadInfo().mode}): WebAssembly ${mib(wasm0)} → ${mib(wasm1)}`);
  assert.ok(wasm1 - wasm0 <= 16 * 2 ** 20, `WebAssembly memory grew by ${mib(wasm1 - wasm0)}`);
});
