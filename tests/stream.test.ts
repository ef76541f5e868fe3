// fitStream and the chunked readers. A stream no longer than the shuffle
// buffer trains exactly as fit does (bit for bit); a longer one uses every row
// once per epoch, reproducibly from its seed, with the same optimizers,
// schedules, validation and early stopping; bad chunks fail naming the chunk.
// The readers yield what the whole-file readers read. On Fashion-MNIST a
// streamed fit (read from the gzip'd files through a buffer an eighth of the
// data) reaches the in-memory fit's test accuracy within 0.5 points.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import {
  init, LinearClassifier, LinclassError, Dataset, wasmMemoryBytes, idxChunks, csvChunks, cifar10Chunks, readIdxPair, readCsv, readCifar10, meanImage, meanImageOfChunks,
  type StreamChunk,
} from '../src/index.js';
import { rand, uniform, labels } from './util.js';
import { existsSync } from 'node:fs';

const FASHION = '/usr/share/datasets/fashion-mnist';
const fashionSkip = existsSync(`${FASHION}/train-images-idx3-ubyte.gz`) ? false
  : `Fashion-MNIST is not installed at ${FASHION} (apt-get install dataset-fashion-mnist; .ci/run installs it)`;

before(async () => {
  await init();
});

const r = rand(2024);
const N = 700, D = 13, C = 4;
const X = uniform(r, N * D, 0, 255), y = labels(r, N, C);
const pre = { scale: 1 / 255, mean: uniform(r, D, 0, 1) };

/** The rows in chunks of `size` (the last shorter), as an async or a plain generator. */
function chunks(size: number, sync = false): () => AsyncIterable<StreamChunk> | Iterable<StreamChunk> {
  function* gen(): Generator<StreamChunk> {
    for (let i = 0; i < N; i += size) yield { X: X.subarray(i * D, Math.min(N, i + size) * D), y: y.subarray(i, Math.min(N, i + size)) };
  }
  return sync ? gen : () => (async function* () { yield* gen(); })();
}

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.slice().buffer);

test('a stream no longer than the buffer trains exactly as fit does, bit for bit', async () => {
  const runs = [
    { loss: 'softmax', fit: { epochs: 3, batchSize: 32 }, chunk: 77 },
    { loss: 'svm', fit: { epochs: 2, batchSize: 1, optimizer: 'momentum', learningRate: 1e-3, schedule: { type: 'step', every: 1, factor: 0.5 } }, chunk: 700 },
    { loss: 'softmax', fit: { epochs: 2, batchSize: 5000, optimizer: 'sgd', learningRate: 0.5 }, chunk: 1, sync: true },
    { loss: 'svm', fit: { epochs: 2, batchSize: 64, optimizer: 'rmsprop', seed: 12345 }, chunk: 100, sync: true },
  ] as const;
  for (const run of runs) {
    const make = () => new LinearClassifier({ loss: run.loss, numFeatures: D, numClasses: C, preprocessing: pre, seed: 3 });
    const a = make(), b = make();
    const ha = a.fit({ X, y }, run.fit as never);
    const hb = await b.fitStream(run.chunk === 1 ? async () => chunks(run.chunk, true)() : chunks(run.chunk, 'sync' in run), { ...run.fit, bufferRows: Math.max(N, run.fit.batchSize) } as never);
    assert.deepEqual(bits(b.coef), bits(a.coef), `${run.loss} W`);
    assert.deepEqual(bits(b.intercept), bits(a.intercept), `${run.loss} b`);
    assert.deepEqual(hb.loss, ha.loss, 'the same step losses');
    assert.deepEqual(hb.epochs.map((e) => [e.epoch, e.rows, e.steps, e.learningRate]), ha.epochs.map((e) => [e.epoch, N, Math.ceil(N / Math.min(N, run.fit.batchSize)), e.learningRate]));
    a.dispose();
    b.dispose();
  }
});

test('a stream longer than the buffer: every row once per epoch, reproducible from the seed, and it learns', async () => {
  const make = () => new LinearClassifier({ numFeatures: D, numClasses: C, preprocessing: pre, seed: 3 });
  const o = { epochs: 4, batchSize: 16, bufferRows: 50, learningRate: 0.05 };
  const a = make(), b = make(), c = make();
  const ha = await a.fitStream(chunks(33), o);
  const hb = await b.fitStream(chunks(10, true), o);
  const hc = await c.fitStream(chunks(33), { ...o, seed: 77 });
  assert.deepEqual(bits(b.coef), bits(a.coef), 'the same seed, other chunk sizes: the same weights');
  assert.notDeepEqual(bits(c.coef), bits(a.coef), 'another seed: other weights');
  for (const h of [ha, hb, hc]) {
    assert.deepEqual(h.epochs.map((e) => e.rows), [N, N, N, N]);
    assert.deepEqual(h.epochs.map((e) => e.steps), [44, 44, 44, 44], '⌈700 / 16⌉ steps: the buffer drains in full batches but the last');
  }
  assert.ok(ha.epochs[3].loss < ha.epochs[0].loss, 'the loss falls');
  // every row once: one SGD step per row (batch 1) on a zero model with the features all 0 counts each row's label
  const counts = new Float64Array(C);
  const probe = new LinearClassifier({ numFeatures: 1, numClasses: C, penalty: 'none', seed: 0 });
  probe.setWeights(new Float32Array(C), new Float32Array(C));
  const X1 = new Float32Array(N), y1 = y;
  await probe.fitStream(() => [{ X: X1, y: y1 }], { epochs: 1, batchSize: 1, bufferRows: 37, optimizer: 'sgd', learningRate: 1e-6 });
  for (const v of y) counts[v]++;
  // with x = 0 only b moves, by lr·(onehot − softmax(b)) ≈ lr·(onehot − 1/C) a step: b ≈ lr·(count − N/C) when each row is
  // used once (one row more or less would move an entry by 7.5e-7)
  const bias = probe.intercept;
  for (let k = 0; k < C; k++) assert.ok(Math.abs(bias[k] - 1e-6 * (counts[k] - N / C)) < 2e-7, `class ${k}: b ${bias[k]}, ${counts[k]} rows`);
  for (const m of [a, b, c, probe]) m.dispose();
});

test("memory is the buffer's: 10 MB streamed through a 512-row buffer grows WebAssembly memory by the buffer, and four times as much grows it no more", async () => {
  const D2 = 256, chunk = { X: uniform(r, 500 * D2), y: labels(r, 500, 10) };
  const source = (n: number) => function* () { for (let i = 0; i < n; i += 500) yield chunk; };
  const clf = new LinearClassifier({ numFeatures: D2, numClasses: 10 });
  const w0 = wasmMemoryBytes();
  const h = await clf.fitStream(source(10000), { epochs: 1, batchSize: 32, bufferRows: 512 });
  const w1 = wasmMemoryBytes();
  assert.equal(h.epochs[0].rows, 10000);
  assert.ok(w1 - w0 <= 512 * (D2 + 2) * 4 + 2 * 10 * 260 * 4 + 2 ** 20, `grew by ${w1 - w0} bytes`);
  // a second run allocates its buffers while the first's optimizer state is alive; from then on runs reuse the freed blocks
  await clf.fitStream(source(10000), { epochs: 1, batchSize: 32, bufferRows: 512 });
  const w2 = wasmMemoryBytes();
  assert.ok(w2 - w0 <= 2 * (w1 - w0) + 2 ** 20, `grew by ${w2 - w0} bytes after two runs`);
  await clf.fitStream(source(20000), { epochs: 2, batchSize: 32, bufferRows: 512 });
  assert.equal(wasmMemoryBytes(), w2, 'four times the rows, no growth');
  clf.dispose();
});

test('fitStream: validation, early stopping and onEpoch, as fit has them', async () => {
  const clf = new LinearClassifier({ numFeatures: D, numClasses: C, preprocessing: pre });
  const seen: number[] = [];
  const val = { X: X.subarray(0, 100 * D), y: y.subarray(0, 100) };
  const h = await clf.fitStream(chunks(64), {
    epochs: 30, batchSize: 8, bufferRows: 128, learningRate: 0.5, optimizer: 'sgd', validation: val,
    earlyStopping: { patience: 2 }, onEpoch: (rec) => seen.push(rec.epoch),
  });
  assert.ok(h.epochs.every((e) => typeof e.valAccuracy === 'number' && typeof e.valLoss === 'number'));
  assert.deepEqual(seen, h.epochs.map((e) => e.epoch));
  if (h.stoppedEarly) assert.ok(h.bestEpoch! <= h.epochs.length - 2);
  const ds = Dataset.from(val.X.map((v, i) => v * pre.scale - pre.mean[i % D]), val.y, { numFeatures: D });
  assert.equal(clf.evaluate(ds).accuracy, h.epochs.find((e) => e.epoch === h.bestEpoch)?.valAccuracy ?? h.epochs.at(-1)!.valAccuracy);
  ds.dispose();
  clf.dispose();
});

test('fitStream: bad options, sources and chunks fail naming what, and leave the classifier as it was', async () => {
  const clf = new LinearClassifier({ numFeatures: D, numClasses: C });
  const W = bits(clf.coef);
  const fails = async (source: unknown, options: object, code: string, re: RegExp) => {
    await assert.rejects(clf.fitStream(source as never, options), (e: unknown) => e instanceof LinclassError && e.code === code && re.test(e.message));
  };
  await fails(chunks(10), { bufferRows: 8, batchSize: 16 }, 'INVALID_OPTION', /'bufferRows' option of fitStream \(8\) must be at least the batchSize \(16\)/);
  await fails(chunks(10), { sampling: 'replacement' }, 'INVALID_OPTION', /sampling/);
  await fails(chunks(10), { earlyStopping: { patience: 1 } }, 'INVALID_OPTION', /validation/);
  await fails([1, 2], {}, 'INVALID_ARGUMENT', /fitStream needs a function source\(\)/);
  await fails(() => 42, {}, 'INVALID_ARGUMENT', /source\(\) must return an async iterable/);
  await fails(() => [], {}, 'INVALID_DATA', /the stream of epoch 1 has no rows/);
  assert.deepEqual(bits(clf.coef), W);
  await fails(() => [{ X: new Float32Array(D), y: [0] }, { X: new Float32Array(D + 1), y: [0] }], { epochs: 1 }, 'INVALID_DATA', /X of chunk 1 of the stream has 14 values/);
  await fails(() => [{ X: new Float32Array(2 * D), y: [0, 4] }], {}, 'INVALID_DATA', /y\[1\] of chunk 0 of the stream is 4, but this LinearClassifier has numClasses 4/);
  await fails(() => [{ X: Float32Array.from({ length: D }, (_, i) => (i === 5 ? NaN : 0)), y: [1] }], {}, 'INVALID_DATA', /X\[5\] of chunk 0 of the stream \(its row 0, feature 5\) is NaN/);
  await fails(() => [{ X: new Float32Array(D), y: [0, 1] }], {}, 'INVALID_DATA', /y of chunk 0 of the stream must hold one label per row \(1\)/);
  const big = new LinearClassifier({ numFeatures: D, numClasses: C });
  await assert.rejects(big.fitStream(chunks(50), { optimizer: 'sgd', learningRate: 1e30 }), (e: unknown) => e instanceof LinclassError && e.code === 'DIVERGED');
  assert.ok(big.coef.every(Number.isFinite), 'a diverged run keeps the last finite weights');
  // a source that throws mid-epoch: the error passes through, the classifier is free to train again
  await assert.rejects(clf.fitStream(() => (async function* () { yield { X: new Float32Array(D), y: [0] }; throw new Error('disk gone'); })(), {}), /disk gone/);
  await clf.fitStream(chunks(100), { epochs: 1 });
  clf.dispose();
  big.dispose();
});

test('the chunked readers yield what the whole-file readers read, without holding the file', async () => {
  const csv = readFileSync(new URL('../data/digits.csv', import.meta.url));
  const whole = await readCsv(csv);
  const parts = [];
  for await (const c of csvChunks(gzipSync(csv), { rows: 100 })) parts.push(c);
  assert.deepEqual(parts.map((c) => c.y.length), [...Array(17).fill(100), 97]);
  assert.deepEqual(Float32Array.from(parts.flatMap((c) => [...c.X])), whole.X);
  assert.deepEqual(Int32Array.from(parts.flatMap((c) => [...c.y])), whole.y);
  // IDX: images and labels side by side; CIFAR-10: records in order, channel-last
  const rr = rand(9), n = 37, img = new Uint8Array(16 + n * 6), lab = new Uint8Array(8 + n);
  img.set([0, 0, 8, 3, 0, 0, 0, n, 0, 0, 0, 2, 0, 0, 0, 3]);
  lab.set([0, 0, 8, 1, 0, 0, 0, n]);
  for (let i = 0; i < n * 6; i++) img[16 + i] = Math.floor(rr() * 256);
  for (let i = 0; i < n; i++) lab[8 + i] = Math.floor(rr() * 10);
  const pair = await readIdxPair(img, lab);
  const got = [];
  for await (const c of idxChunks(gzipSync(img), lab, { rows: 10 })) got.push(c);
  assert.deepEqual(got.map((c) => c.y.length), [10, 10, 10, 7]);
  assert.deepEqual(Uint8Array.from(got.flatMap((c) => [...c.X])), pair.X);
  assert.deepEqual(Int32Array.from(got.flatMap((c) => [...c.y])), pair.y);
  const rec = () => Uint8Array.from({ length: 3073 }, (_, i) => (i === 0 ? Math.floor(rr() * 10) : Math.floor(rr() * 256)));
  const batch = Uint8Array.from([...rec(), ...rec(), ...rec()]);
  const cif = await readCifar10([batch, batch]), cparts = [];
  for await (const c of cifar10Chunks([batch, gzipSync(batch)], { rows: 2 })) cparts.push(c);
  assert.deepEqual(cparts.map((c) => c.y.length), [2, 1, 2, 1]);
  assert.deepEqual(Uint8Array.from(cparts.flatMap((c) => [...c.X])), cif.X);
  assert.deepEqual(await meanImageOfChunks(csvChunks(csv, { rows: 64 }), 64, 1 / 16), meanImage(whole.X, 64, 1 / 16), 'the mean in one pass over chunks, bit for bit');
  const drain = async (it: AsyncIterable<unknown>) => { for await (const _ of it) { /* read */ } };
  await assert.rejects(drain(idxChunks(img.slice(0, -3), lab)), /The IDX images file ends early: its header declares 37 rows but it stops within row 36/);
  await assert.rejects(drain(idxChunks(img, lab.slice(0, -1))), /labels file ends early/);
  await assert.rejects(drain(idxChunks(Uint8Array.from([...img, 1]), lab)), /runs on past the 37 rows/);
  await assert.rejects(drain(cifar10Chunks(batch.slice(0, 5000))), /the last record is cut off after 1927 bytes/);
  await assert.rejects(drain(csvChunks(csv, { rows: 0 })), /'rows' option of csvChunks must be an integer/);
});

test('damaged files through the chunked readers: chunks or a LinclassError, nothing else', async () => {
  const rr = rand(77), int = (n: number) => Math.floor(rr() * n);
  const n = 20, img = new Uint8Array(16 + n * 12), lab = new Uint8Array(8 + n);
  img.set([0, 0, 8, 3, 0, 0, 0, n, 0, 0, 0, 3, 0, 0, 0, 4]);
  lab.set([0, 0, 8, 1, 0, 0, 0, n]);
  const rec = Uint8Array.from({ length: 3 * 3073 }, (_, i) => (i % 3073 === 0 ? int(10) : int(256)));
  const csv = new TextEncoder().encode('a,b,label\n1,2,0\n3,4,1\n5,6,2\n');
  const mutate = (b: Uint8Array): Uint8Array => {
    const o = b.slice();
    switch (int(4)) {
      case 0: return o.slice(0, int(o.length));
      case 1: for (let k = 1 + int(6); k > 0; k--) o[int(o.length)] = int(256); return o;
      case 2: return Uint8Array.from([...o, ...Array.from({ length: 1 + int(20) }, () => int(256))]);
      default: o[4 + int(12)] = pick([0, 255, 128]); return o;
    }
  };
  const pick = <T>(a: T[]): T => a[int(a.length)];
  let ok = 0, refused = 0;
  for (let i = 0; i < 600; i++) {
    const which = i % 3, gz = i % 5 === 0;
    const wrap = (b: Uint8Array) => (gz ? gzipSync(b) : b);
    const it = which === 0 ? idxChunks(wrap(i % 2 ? mutate(img) : img), i % 2 ? lab : mutate(lab), { rows: 1 + int(8) })
      : which === 1 ? cifar10Chunks(wrap(mutate(rec)), { rows: 2 }) : csvChunks(wrap(mutate(csv)), { rows: 2 });
    try {
      for await (const c of it) assert.equal(c.X.length % Math.max(1, c.y.length), 0);
      ok++;
    } catch (e) {
      assert.ok(e instanceof LinclassError && /\.$/.test(e.message), `#${i}: ${String(e)}`);
      refused++;
    }
  }
  assert.ok(ok > 50 && refused > 50, `${ok} read, ${refused} refused`);
});

test('Fashion-MNIST: fitStream from the gzip\'d files through an 8192-row buffer matches in-memory fit within 0.5 points of test accuracy', { skip: fashionSkip }, async () => {
  const file = (f: string) => Readable.toWeb(createReadStream(`${FASHION}/${f}`)) as unknown as ReadableStream<Uint8Array>;
  const train = await readIdxPair(readFileSync(`${FASHION}/train-images-idx3-ubyte.gz`), readFileSync(`${FASHION}/train-labels-idx1-ubyte.gz`));
  const te = await readIdxPair(readFileSync(`${FASHION}/t10k-images-idx3-ubyte.gz`), readFileSync(`${FASHION}/t10k-labels-idx1-ubyte.gz`));
  const preprocessing = { scale: 1 / 255, mean: meanImage(train.X, 784, 1 / 255) };
  const o = { epochs: 3, batchSize: 64, optimizer: 'adam', learningRate: 1e-3, seed: 5 } as const;
  const mem = new LinearClassifier({ numFeatures: 784, numClasses: 10, preprocessing, seed: 1 });
  mem.fit(train, o);
  const streamed = new LinearClassifier({ numFeatures: 784, numClasses: 10, preprocessing, seed: 1 });
  const h = await streamed.fitStream(() => idxChunks(file('train-images-idx3-ubyte.gz'), file('train-labels-idx1-ubyte.gz'), { rows: 2000 }), { ...o, bufferRows: 8192 });
  assert.deepEqual(h.epochs.map((e) => e.rows), [60000, 60000, 60000]);
  const a = mem.score(te.X, te.y), b = streamed.score(te.X, te.y);
  console.log(`# Fashion-MNIST test accuracy: in memory ${a.toFixed(4)}, streamed ${b.toFixed(4)} (${o.epochs} epochs, Adam 1e-3, batch 64)`);
  assert.ok(a > 0.8 && b > 0.8, `both learn: ${a}, ${b}`);
  assert.ok(Math.abs(a - b) <= 0.005, `in memory ${a}, streamed ${b}: more than 0.5 points apart`);
  mem.dispose();
  streamed.dispose();
});
