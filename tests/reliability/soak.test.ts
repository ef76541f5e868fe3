// Long and hostile runs: learning rates that blow up stop with DIVERGED and
// finite weights, for every update rule and both losses, in fit, partialFit
// and fitAsync; softmax with scores in the thousands stays finite and right; and
// a soak — training with options changed at random, interleaved with
// predictions, evaluations, model round trips, weight restores and temporary
// datasets, for LINCLASS_SOAK_SECONDS (default 30) — ends with a model that
// still evaluates as the float64 reference says it should, WebAssembly memory
// flat once warm.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { init, LinearClassifier, Dataset, LinclassError, type FitOptions } from '../../src/index.js';
import { kernels } from '../../src/runtime/module.js';
import * as ref from '../reference.js';
import { rand, uniform, labels, assertClose, assertNear } from '../util.js';
import { scoreBounds, gradientBounds, within } from './bounds.js';

before(() => init());

const RULES = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const;

/** Clustered data: C centres in [−1, 1]^D drawn from `centreSeed`, rows = centre + noise drawn from `seed`. */
function clusters(seed: number, N: number, D: number, C: number, noise = 1.2, centreSeed = seed) {
  const centres = uniform(rand(centreSeed), C * D);
  const r = rand(seed);
  const y = labels(r, N, C), X = new Float32Array(N * D);
  for (let i = 0; i < N; i++) for (let d = 0; d < D; d++) X[i * D + d] = centres[y[i] * D + d] + (r() - 0.5) * noise;
  return { X, y, N, D, C };
}

const finite = (a: ArrayLike<number>): boolean => Array.prototype.every.call(a, Number.isFinite) as boolean;

/** A run that must either diverge cleanly or end with finite weights; returns whether it diverged. */
async function divergeOrFinish(clf: LinearClassifier, run: () => unknown, what: string): Promise<boolean> {
  try {
    await run();
  } catch (e) {
    assert.ok(e instanceof LinclassError && e.code === 'DIVERGED', `${what}: ${String(e)}`);
    assert.match(e.message, /^Training diverged at epoch \d+, step \d+: the loss became (Infinity|-Infinity|NaN)\. The weights are those of the last step with a finite loss; try a smaller learningRate \(this run used [\d.e+]+\)\.$/, what);
    const history = (e as LinclassError & { history?: { loss: Float32Array } }).history;
    assert.ok(history && finite(history.loss), `${what}: the history of finite steps comes with the error`);
    assert.ok(finite(clf.coef) && finite(clf.intercept), `${what}: weights finite`);
    return true;
  }
  assert.ok(finite(clf.coef) && finite(clf.intercept), `${what}: weights finite`);
  return false;
}

test('learning rates that blow up: DIVERGED with finite weights, for every rule, loss and entry point; training works afterwards', async () => {
  const p = clusters(1, 300, 20, 4);
  const data = { X: p.X, y: p.y };
  const tally: string[] = [];
  for (const loss of ['svm', 'softmax'] as const) {
    for (const optimizer of RULES) {
      // the normalizing rules step by about lr whatever the gradient, so 1e6 only makes the weights large: 1e30 overflows them
      for (const learningRate of [1e6, 1e30]) {
        for (const how of ['fit', 'partialFit', 'fitAsync'] as const) {
          const clf = new LinearClassifier({ loss, numFeatures: p.D, numClasses: p.C, reg: 1e-3, seed: 2 });
          const o = { optimizer, learningRate, batchSize: 16 } as const;
          const what = `${loss}/${optimizer}/lr ${learningRate}/${how}`;
          const diverged = await divergeOrFinish(clf, async () => {
            if (how === 'fit') clf.fit(data, { ...o, epochs: 30 });
            else if (how === 'partialFit') for (let e = 0; e < 30; e++) clf.partialFit(data, o);
            else for await (const pr of clf.fitAsync(data, { ...o, epochs: 30 })) void pr;
          }, what);
          const adaptive = optimizer === 'adagrad' || optimizer === 'rmsprop' || optimizer === 'adam';
          if (!adaptive || learningRate === 1e30) assert.ok(diverged, `${what} should diverge`);
          if (diverged) tally.push(what);
          const ev = clf.evaluate(p.X, p.y);
          assert.ok(Number.isFinite(ev.loss), `${what}: evaluate is finite after`);
          // a sane run from here learns: the kept weights are usable (a fresh start is allowed to beat them)
          clf.setWeights(new Float32Array(p.C * p.D), new Float32Array(p.C));
          clf.fit(data, { epochs: 3, learningRate: 0.05 });
          assert.ok(clf.score(p.X, p.y) > 0.5, `${what}: a sane fit afterwards learns (${clf.score(p.X, p.y)})`);
          clf.dispose();
        }
      }
    }
  }
  console.log(`# diverging runs: ${tally.length} of ${2 * RULES.length * 2 * 3} stopped with DIVERGED (the others, adaptive rules at lr 1e6, ended finite)`);
});

test('softmax with scores in the thousands: finite loss, gradient and probabilities, equal to the reference; training stays finite', () => {
  const r = rand(7);
  const D = 8, C = 5, N = 40;
  const X = uniform(r, N * D, -1000, 1000), y = labels(r, N, C);
  const W = uniform(r, C * D, -1, 1), b = uniform(r, C, -500, 500);
  const clf = new LinearClassifier({ loss: 'softmax', numFeatures: D, numClasses: C, penalty: 'l2', reg: 1e-4 });
  clf.setWeights(W, b);
  const S = ref.scores(N, D, C, X, W, b);
  assert.ok(Math.max(...S.map(Math.abs)) > 1000, 'scores are in the thousands');
  const got = clf.lossAndGradient(X, y), want = ref.lossAndGradient({ N, D, C, X, y, W, b, loss: 'softmax', penalty: 'l2', reg: 1e-4, l2Ratio: 0.5, delta: 1 });
  assert.ok(Number.isFinite(got.loss) && finite(got.dW) && finite(got.db));
  // scores of ~3000 carry float32 rounding of ~3000·8·6e-8 ≈ 1.5e-3 each; the loss (hundreds) and
  // the gradient (p − y, times |x| ≤ 1000) inherit it: 1e-5 of their scale covers it
  assertNear(got.loss, want.loss, 1e-5, 'loss');
  assertClose(got.dW, want.dW, 1e-5, 'dW');
  assertClose(got.db, want.db, 1e-5, 'db');
  const P = clf.predictProba(X);
  assert.ok(finite(P));
  for (let i = 0; i < N; i++) assertNear(P.subarray(i * C, i * C + C).reduce((a, v) => a + v, 0), 1, 1e-6, `row ${i} sums to 1`);
  const h = clf.fit({ X, y }, { optimizer: 'sgd', learningRate: 1e-7, epochs: 5, batchSize: 8 });
  assert.ok(finite(h.loss) && finite(clf.coef));
  assert.ok(h.epochs.at(-1)!.trainLoss < want.loss, 'the loss went down');
  const svm = new LinearClassifier({ loss: 'svm', numFeatures: D, numClasses: C });
  svm.setWeights(W, b);
  const s = svm.lossAndGradient(X, y);
  assert.ok(Number.isFinite(s.loss) && finite(s.dW));
  clf.dispose();
  svm.dispose();
});

const seconds = Number(process.env.LINCLASS_SOAK_SECONDS ?? 30);

test(`soak: ${seconds} s of training with random option changes and interleaved predictions ends with a model that evaluates correctly`, async () => {
  const D = 64, C = 6;
  const train = clusters(11, 3000, D, C), test = clusters(12, 500, D, C, 1.2, 11); // the same centres, other rows
  const ds = Dataset.from(train.X, train.y, { numFeatures: D });
  const val = Dataset.from(test.X, test.y, { numFeatures: D });
  const clf = new LinearClassifier({ loss: 'softmax', numFeatures: D, numClasses: C, seed: 3 });
  const r = rand(99);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const ops: Record<string, number> = {};
  const note = (k: string): void => { ops[k] = (ops[k] ?? 0) + 1; };
  const randomOptions = (): FitOptions => {
    const o: FitOptions = {
      optimizer: pick(RULES), learningRate: 10 ** (-4 + 4 * r()), batchSize: pick([1, 7, 32, 256, 'full'] as const),
      sampling: pick(['shuffle', 'replacement'] as const), seed: Math.floor(r() * 2 ** 32),
      schedule: pick([{ type: 'constant' }, { type: 'step', every: 1, factor: 0.5 }, { type: 'exponential', rate: 0.9 }, { type: 'inverse', k: 1 }] as const),
      mu: pick([0.5, 0.9, 0.99]), rho: pick([0.9, 0.99]), beta1: pick([0.8, 0.9]), beta2: pick([0.99, 0.999]),
    };
    if (r() < 0.03) o.learningRate = 1e6 * (1 + r()); // now and then a blow-up
    if (o.batchSize === 1) o.sampling = 'replacement'; // keep an epoch of single rows short: a random half-epoch
    return o;
  };
  let snapshot = { W: clf.coef, b: clf.intercept };
  let wasmWarm = 0, wasmEnd = 0, iterations = 0;
  const started = performance.now(), warmAt = started + 0.2 * seconds * 1000;
  while (performance.now() - started < seconds * 1000) {
    iterations++;
    // warm: a fifth of the time and 5000 iterations (the seeded sequence of actions reaches its largest block near
    // iteration 3300, after a fifth of the time when the machine is busy)
    if (wasmWarm === 0 && performance.now() > warmAt && iterations > 5000) wasmWarm = kernels().memory.buffer.byteLength;
    const o = randomOptions();
    const action = pick(['fit', 'partialFit', 'fitAsync', 'predict', 'evaluate', 'proba', 'roundTrip', 'restore', 'temp', 'svm'] as const);
    note(action);
    try {
      if (action === 'fit') {
        clf.fit(pick([ds, { X: train.X, y: train.y }]), { ...o, epochs: 1 + Math.floor(r() * 2), ...(r() < 0.3 ? { validation: val, earlyStopping: { patience: 1 } } : {}) });
      } else if (action === 'partialFit') {
        clf.partialFit(ds, o);
      } else if (action === 'fitAsync') {
        let k = 0;
        const stopAfter = 1 + Math.floor(r() * 5);
        for await (const p of clf.fitAsync(ds, { ...o, epochs: 2 })) {
          if (++k === stopAfter) break;
          clf.predict(test.X.subarray(0, 10 * D)); // reading between steps is allowed
          void p;
        }
      } else if (action === 'predict') {
        const pred = clf.predict(val), S = clf.scores(val);
        for (let i = 0; i < test.N; i++) {
          const row = S.subarray(i * C, i * C + C), top = ref.argmax(row);
          // two kernels compute the scores: near-ties may round either way
          const gap = Math.min(...[...row].map((v, c) => (c === top ? Infinity : row[top] - v)));
          if (gap > 1e-5 * (1 + Math.abs(row[top]))) assert.equal(pred[i], top, 'predict is the argmax of the scores');
        }
      } else if (action === 'evaluate') {
        const ev = clf.evaluate(val), pred = clf.predict(val);
        assert.equal(ev.accuracy, pred.reduce((a, v, i) => a + (v === test.y[i] ? 1 : 0), 0) / test.N);
        assert.ok(Number.isFinite(ev.loss));
      } else if (action === 'proba') {
        const P = clf.predictProba(test.X.subarray(0, 50 * D));
        assert.ok(finite(P));
      } else if (action === 'roundTrip') {
        const back = LinearClassifier.load(clf.save());
        assert.deepEqual(back.scores(val), clf.scores(val));
        back.dispose();
        const json = LinearClassifier.fromJSON(JSON.stringify(clf));
        assert.deepEqual(json.coef, clf.coef);
        json.dispose();
      } else if (action === 'restore') {
        // snapshots are taken of weights that still classify; restoring one undoes a run that went astray
        if (r() < 0.5 && clf.score(val) > 0.5) snapshot = { W: clf.coef, b: clf.intercept };
        else clf.setWeights(snapshot.W, snapshot.b);
      } else if (action === 'temp') {
        const n = 1 + Math.floor(r() * 2000);
        const t = Dataset.from(train.X.subarray(0, n * D), train.y.subarray(0, n), { numFeatures: D });
        try {
          clf.partialFit(t, { ...o, learningRate: Math.min(o.learningRate!, 0.01) });
        } finally {
          t.dispose();
        }
      } else {
        const other = new LinearClassifier({ loss: 'svm', numFeatures: D, numClasses: C, seed: iterations });
        try {
          other.fit(ds, { ...o, epochs: 1 });
        } finally {
          other.dispose();
        }
      }
    } catch (e) {
      if (!(e instanceof LinclassError && e.code === 'DIVERGED')) throw e;
      note('DIVERGED');
    }
    assert.ok(finite(clf.coef) && finite(clf.intercept), `weights finite after ${action}`);
  }
  wasmEnd = kernels().memory.buffer.byteLength;
  if (wasmWarm === 0) wasmWarm = wasmEnd;
  // the end: the model as it is, against the float64 reference on the held-out rows
  // (within the float32 rounding bounds of bounds.ts: wherever the soak left the weights, they scale with them)
  const W = clf.coef, b = clf.intercept, o = clf.options;
  const p = { n: test.N, N: test.N, D, C, X: test.X, y: test.y, W, b, loss: o.loss, penalty: o.penalty, reg: o.reg, l2Ratio: o.l2Ratio, delta: o.delta };
  const want = ref.lossAndGradient(p);
  const S = ref.scores(test.N, D, C, test.X, W, b), dS = scoreBounds(p), e = gradientBounds(p, S, dS);
  const ev = clf.evaluate(val), got = clf.lossAndGradient(val);
  within([ev.loss], [want.loss], () => e.loss, 'final evaluate loss', 'soak');
  within([got.loss], [want.loss], () => e.loss, 'final loss', 'soak');
  within(got.dW, want.dW, (k) => e.eW[k], 'final dW', 'soak');
  within(got.db, want.db, (c) => e.eB[c], 'final db', 'soak');
  within(clf.scores(val), S, (i) => dS[i], 'final scores', 'soak');
  const pred = clf.predict(val);
  for (let i = 0; i < test.N; i++) {
    const row = S.subarray(i * C, i * C + C), top = ref.argmax(row);
    const gap = Math.min(...[...row].map((v, c) => (c === top ? Infinity : row[top] - v - 2 * (dS[i * C + top] + dS[i * C + c]))));
    if (gap > 0) assert.equal(pred[i], top, `final prediction of row ${i}`);
  }
  assert.equal(ev.accuracy, pred.reduce((a, v, i) => a + (v === test.y[i] ? 1 : 0), 0) / test.N, 'final accuracy');
  // and it still trains exactly as a fresh classifier does, from the same weights
  const fresh = new LinearClassifier(clf.options), zeros = [new Float32Array(C * D), new Float32Array(C)] as const;
  for (const c of [clf, fresh]) {
    c.setWeights(...zeros);
    c.fit(ds, { epochs: 3, optimizer: 'adam', learningRate: 1e-2 });
  }
  assert.deepEqual(clf.save(), fresh.save(), 'the soaked classifier trains as a fresh one does');
  fresh.dispose();
  const accuracy = clf.score(val);
  console.log(`# soak: ${((performance.now() - started) / 1000).toFixed(1)} s, ${iterations} iterations (${Object.entries(ops).map(([k, v]) => `${k} ${v}`).join(', ')}); WebAssembly ${wasmWarm} → ${wasmEnd} bytes once warm; final accuracy ${accuracy.toFixed(3)}`);
  assert.ok(accuracy > 0.8, `accuracy ${accuracy} after a last sane fit`);
  assert.ok(wasmEnd <= wasmWarm, 'WebAssembly memory grew after warming up');
  clf.dispose();
  ds.dispose();
  val.dispose();
});
