// Concurrency in one process: many classifiers and datasets alive at once,
// trained and read in turn, give bit for bit what each gives alone; two fitAsync
// loops interleaved on the event loop likewise; WebAssembly memory growing
// under a running fitAsync (datasets allocated between its steps, on the worker
// pool's shared memory) changes neither its result nor the data allocated; a
// second training call on a classifier that is training is refused and changes
// nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { init, LinearClassifier, Dataset, LinclassError, threadInfo, type FitOptions } from '../../src/index.js';
import { kernels } from '../../src/runtime/module.js';
import { rand, uniform, labels } from '../util.js';

before(() => init());

const memory = (): number => kernels().memory.buffer.byteLength;

interface Spec { loss: 'svm' | 'softmax'; D: number; C: number; N: number; seed: number; fit: FitOptions }

const SPECS: Spec[] = [
  { loss: 'softmax', D: 5, C: 3, N: 40, seed: 1, fit: { optimizer: 'adam', batchSize: 7 } },
  { loss: 'svm', D: 17, C: 4, N: 90, seed: 2, fit: { optimizer: 'momentum', batchSize: 1, learningRate: 1e-3 } },
  { loss: 'softmax', D: 64, C: 10, N: 300, seed: 3, fit: { optimizer: 'rmsprop', batchSize: 'full' } },
  { loss: 'svm', D: 1, C: 2, N: 15, seed: 4, fit: { optimizer: 'sgd', sampling: 'replacement', batchSize: 4 } },
  { loss: 'softmax', D: 33, C: 12, N: 200, seed: 5, fit: { optimizer: 'nesterov', batchSize: 32, learningRate: 1e-3 } },
  { loss: 'svm', D: 128, C: 6, N: 1500, seed: 6, fit: { optimizer: 'adagrad', batchSize: 'full' } }, // 1500 × 128 × 6 rows·features·classes: the worker pool
  { loss: 'softmax', D: 9, C: 5, N: 60, seed: 7, fit: { optimizer: 'adam', batchSize: 16, schedule: { type: 'step', every: 1, factor: 0.5 } } },
  { loss: 'svm', D: 40, C: 3, N: 120, seed: 8, fit: { optimizer: 'rmsprop', batchSize: 10 } },
];

function dataFor(s: Spec) {
  const r = rand(100 + s.seed);
  return { X: uniform(r, s.N * s.D), y: labels(r, s.N, s.C), probe: uniform(r, 10 * s.D) };
}

/** What a classifier gives after `rounds` partialFits and reads: its bytes and the readings. */
type Result = { model: Uint8Array; readings: Float32Array[] };

test('eight classifiers and their datasets alive at once, used in turn, give bit for bit what each gives alone', () => {
  const rounds = 4;
  const alone: Result[] = SPECS.map((s) => {
    const d = dataFor(s);
    const clf = new LinearClassifier({ loss: s.loss, numFeatures: s.D, numClasses: s.C, seed: s.seed });
    const ds = Dataset.from(d.X, d.y, { numFeatures: s.D });
    const readings: Float32Array[] = [];
    for (let k = 0; k < rounds; k++) {
      clf.partialFit(ds, s.fit);
      readings.push(clf.scores(d.probe), Float32Array.from(clf.predict(ds)), new Float32Array([clf.evaluate(ds).loss]));
    }
    const model = clf.save();
    clf.dispose();
    ds.dispose();
    return { model, readings };
  });
  // all at once: created together, with extra datasets made and dropped in between, used round-robin
  const live = SPECS.map((s) => {
    const d = dataFor(s);
    const extra = Dataset.from(uniform(rand(s.seed), 500 * s.D, 5, 6), null, { numFeatures: s.D });
    return {
      s, d, extra, readings: [] as Float32Array[],
      clf: new LinearClassifier({ loss: s.loss, numFeatures: s.D, numClasses: s.C, seed: s.seed }),
      ds: Dataset.from(d.X, d.y, { numFeatures: s.D }),
    };
  });
  for (let k = 0; k < rounds; k++) {
    for (const l of live) {
      l.clf.partialFit(l.ds, l.s.fit);
      Dataset.from(uniform(rand(k), 64 * l.s.D), null, { numFeatures: l.s.D }).dispose();
    }
    for (const l of [...live].reverse()) {
      l.readings.push(l.clf.scores(l.d.probe), Float32Array.from(l.clf.predict(l.ds)), new Float32Array([l.clf.evaluate(l.ds).loss]));
      l.clf.predict(l.extra);
    }
  }
  live.forEach((l, i) => {
    assert.deepEqual(l.clf.save(), alone[i].model, `classifier ${i}: the same model`);
    assert.deepEqual(l.readings, alone[i].readings, `classifier ${i}: the same readings`);
    l.clf.dispose();
    l.ds.dispose();
    l.extra.dispose();
  });
});

test('two fitAsync loops interleaved on the event loop end as each does alone', async () => {
  const [a, b] = [SPECS[2], SPECS[5]];
  const solo = [a, b].map((s) => {
    const d = dataFor(s);
    const clf = new LinearClassifier({ loss: s.loss, numFeatures: s.D, numClasses: s.C, seed: s.seed });
    clf.fit({ X: d.X, y: d.y }, { ...s.fit, epochs: 4 });
    const bytes = clf.save();
    clf.dispose();
    return bytes;
  });
  const clfs = [a, b].map((s) => new LinearClassifier({ loss: s.loss, numFeatures: s.D, numClasses: s.C, seed: s.seed }));
  let switches = 0, last = -1;
  await Promise.all([a, b].map(async (s, i) => {
    const d = dataFor(s);
    for await (const p of clfs[i].fitAsync({ X: d.X, y: d.y }, { ...s.fit, epochs: 4 })) {
      void p;
      if (last !== i) switches++;
      last = i;
    }
  }));
  assert.ok(switches >= 3, `the loops took turns (${switches} switches)`);
  clfs.forEach((c, i) => {
    assert.deepEqual(c.save(), solo[i], `loop ${i}`);
    c.dispose();
  });
});

test('memory growing under a running fitAsync, with threads, changes neither its result nor the data allocated meanwhile', async () => {
  const D = 64, C = 8, N = 4096;
  const r = rand(9);
  const X = uniform(r, N * D), y = labels(r, N, C);
  // batches of 2048 rows × 64 features × 8 classes reach the pool's threshold (2^20)
  const o: FitOptions = { epochs: 6, batchSize: 2048, optimizer: 'adam', learningRate: 1e-2 };
  const solo = new LinearClassifier({ numFeatures: D, numClasses: C, seed: 4 });
  solo.fit({ X, y }, o);
  const want = solo.save();
  solo.dispose();

  const clf = new LinearClassifier({ numFeatures: D, numClasses: C, seed: 4 });
  const reader = new LinearClassifier({ numFeatures: D, numClasses: C, seed: 5 });
  const ds = Dataset.from(X, y, { numFeatures: D });
  const made: { ds: Dataset; X: Float32Array; scores: Float32Array }[] = [];
  const sizes: number[] = [memory()];
  let step = 0;
  for await (const p of clf.fitAsync(ds, o)) {
    void p;
    if (step === 6) continue;
    // a dataset twice as large each time, at the first six yields: each grows the memory the run is using
    const rows = 8192 << step++;
    const Xb = uniform(rand(step), rows * D, -3, 3);
    const big = Dataset.from(Xb, null, { numFeatures: D });
    made.push({ ds: big, X: Xb.subarray(0, 50 * D), scores: reader.scores(Xb.subarray(0, 50 * D)) });
    sizes.push(memory());
  }
  assert.deepEqual(clf.save(), want, 'the run is the same with memory growing under it');
  const grew = sizes.filter((s, i) => i > 0 && s > sizes[i - 1]).length;
  console.log(`# memory growth under fitAsync (${threadInfo().mode}, ${threadInfo().threads} threads): ${sizes.map((s) => `${(s / 2 ** 20).toFixed(0)}`).join(' → ')} MiB, ${grew} growths`);
  assert.ok(grew >= 3, `memory grew ${grew} times during the run`);
  // the datasets allocated meanwhile hold what they were given: their first rows score as the raw rows did
  for (const m of made) {
    const head = Dataset.from(m.X, null, { numFeatures: D });
    assert.deepEqual(reader.scores(head), m.scores);
    head.dispose();
    assert.deepEqual(reader.predict(m.ds).subarray(0, 50), reader.predict(m.X));
    m.ds.dispose();
  }
  for (const c of [clf, reader]) c.dispose();
  ds.dispose();
});

test('a training call on a classifier that is already training is refused and changes nothing', async () => {
  const s = SPECS[1], d = dataFor(s);
  const solo = new LinearClassifier({ loss: s.loss, numFeatures: s.D, numClasses: s.C, seed: s.seed });
  solo.fit({ X: d.X, y: d.y }, { ...s.fit, epochs: 3 });
  const clf = new LinearClassifier({ loss: s.loss, numFeatures: s.D, numClasses: s.C, seed: s.seed });
  let refused = 0;
  for await (const p of clf.fitAsync({ X: d.X, y: d.y }, { ...s.fit, epochs: 3 })) {
    void p;
    for (const call of [() => clf.fit({ X: d.X, y: d.y }), () => clf.partialFit({ X: d.X, y: d.y })]) {
      assert.throws(call, (e: unknown) => e instanceof LinclassError && e.code === 'INVALID_ARGUMENT' && /already training/.test(e.message));
      refused++;
    }
    await assert.rejects(async () => { for await (const q of clf.fitAsync({ X: d.X, y: d.y })) void q; },
      (e: unknown) => e instanceof LinclassError && e.code === 'INVALID_ARGUMENT');
  }
  assert.ok(refused > 0);
  assert.deepEqual(clf.save(), solo.save(), 'the running loop was not disturbed');
  // and from onEpoch, synchronously
  assert.throws(() => clf.fit({ X: d.X, y: d.y }, { epochs: 1, onEpoch: () => clf.partialFit({ X: d.X, y: d.y }) }),
    (e: unknown) => e instanceof LinclassError && e.code === 'INVALID_ARGUMENT');
  clf.fit({ X: d.X, y: d.y }, { epochs: 1 });
  clf.dispose();
  solo.dispose();
});
