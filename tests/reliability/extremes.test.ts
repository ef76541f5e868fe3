// Values at float32's limit. Features or weights whose scores W·x + b overflow
// float32 are refused by scores, predictProba, predict, evaluate, score and
// lossAndGradient with INVALID_DATA naming the row and class, leaving the model
// as it was; training (mini-batch fit, partialFit, fitAsync, L-BFGS) stops with
// DIVERGED naming the score, loss, gradient entry or weight that overflowed,
// with the weights of before the step. Just below the limit every result is
// finite and equals the float64 reference, and evaluate's accuracy is always
// what predict gives. Infinity, NaN and values beyond float32 are refused at
// the door. Everything runs twice: with every call large enough shared by two
// threads, then after shutdown() on one thread.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { init, shutdown, threadInfo, hyperparameterSearch, LinearClassifier, Dataset, LinclassError, type FitOptions } from '../../src/index.js';
import * as ref from '../reference.js';
import { rand, uniform, labels } from '../util.js';

const ADVICE = "the features or the weights are too large for float32 (at most ±3.4028235e38). Scale the features down (the 'preprocessing' option's scale) or use smaller weights.";
const D = 5, C = 3;
const LOSSES = ['softmax', 'svm'] as const;
/** Row counts: one block (the calling thread always), and several (shared by the pool when it runs). */
const SIZES = [3, 700];

/** The bytes of W and b: "nothing changed" is bit for bit. */
const weights = (clf: LinearClassifier): string => Buffer.concat([Buffer.from(clf.coef.buffer), Buffer.from(clf.intercept.buffer)]).toString('hex');

/** N rows in [−1, 1) and row `at` (when ≥ 0) set to `big` in every feature; W all 2, b 0: row at's scores are 2·D·big. */
function limitData(seed: number, N: number, big: number, at: number) {
  const r = rand(seed), X = uniform(r, N * D), y = labels(r, N, C);
  if (at >= 0) X.fill(big, at * D, at * D + D);
  return { X, y };
}

function model(loss: 'softmax' | 'svm', reg = 1e-4, w = 2): LinearClassifier {
  const clf = new LinearClassifier({ loss, numFeatures: D, numClasses: C, reg, seed: 1 });
  clf.setWeights(new Float32Array(C * D).fill(w), new Float32Array(C));
  return clf;
}

function throwsExactly(fn: () => unknown, code: string, message: string | RegExp, what: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LinclassError, `${what}: ${String(e)}`);
    assert.equal(e.code, code, `${what}: ${e.message}`);
    if (typeof message === 'string') assert.equal(e.message, message, what);
    else assert.match(e.message, message, what);
    return true;
  }, what);
}

async function rejectsExactly(fn: () => Promise<unknown>, code: string, message: string | RegExp, what: string): Promise<LinclassError> {
  let got: unknown;
  try {
    await fn();
  } catch (e) {
    got = e;
  }
  assert.ok(got instanceof LinclassError, `${what}: ${String(got)}`);
  assert.equal(got.code, code, `${what}: ${got.message}`);
  if (typeof message === 'string') assert.equal(got.message, message, what);
  else assert.match(got.message, message, what);
  return got;
}

/** Waits until the worker pool is up, so that large calls really are shared. */
async function poolReady(): Promise<void> {
  const clf = model('softmax'), { X } = limitData(1, 4096, 0, -1);
  for (let i = 0; i < 200 && threadInfo().ready !== true; i++) {
    clf.predict(X);
    await new Promise((r) => setTimeout(r, 10));
  }
  clf.dispose();
  assert.equal(threadInfo().ready, true, 'the workers started');
}

const MODES = [
  { name: 'two threads, every call of several blocks shared', start: async () => { await init({ threads: 2, threadThreshold: 0 }); await poolReady(); } },
  { name: 'one thread, after shutdown()', start: async () => { shutdown(); await init({ threads: 1 }); } },
];

for (const mode of MODES) {
  test(`[${mode.name}] rows whose scores overflow: scores, predictProba, predict, evaluate, score, lossAndGradient refuse them, naming row and class; nothing changes`, async () => {
    await mode.start();
    for (const loss of LOSSES) {
      for (const N of SIZES) {
        const at = N - 2, { X, y } = limitData(7 + N, N, 3e38, at);
        const clf = model(loss), before = weights(clf), sane = limitData(3, 50, 0, -1).X;
        const predicted = clf.predict(sane);
        const ds = Dataset.from(X, y, { numFeatures: D });
        const rows = Array.from({ length: N }, (_, i) => Array.from(X.subarray(i * D, i * D + D)));
        for (const [form, data, labelsOf] of [['Float32Array', X, y], ['rows', rows, y], ['Dataset', ds, undefined]] as const) {
          const what = `${loss} N=${N} ${form}`;
          const score = `the score of class 0 for row ${at}, W·x + b, came out Infinity`;
          const scored = `Cannot score the data: ${score}; ${ADVICE}`, evaluated = `Cannot evaluate the data: ${score}; ${ADVICE}`;
          throwsExactly(() => clf.scores(data as Float32Array), 'INVALID_DATA', scored, `${what}: scores`);
          throwsExactly(() => clf.decisionFunction(data as Float32Array), 'INVALID_DATA', scored, `${what}: decisionFunction`);
          if (loss === 'softmax') throwsExactly(() => clf.predictProba(data as Float32Array), 'INVALID_DATA', scored, `${what}: predictProba`);
          throwsExactly(() => clf.predict(data as Float32Array), 'INVALID_DATA', evaluated, `${what}: predict`);
          throwsExactly(() => clf.evaluate(data as Float32Array, labelsOf), 'INVALID_DATA', evaluated, `${what}: evaluate`);
          throwsExactly(() => clf.score(data as Float32Array, labelsOf), 'INVALID_DATA', evaluated, `${what}: score`);
          throwsExactly(() => clf.evaluate(data as Float32Array, labelsOf, { sampleWeight: new Float32Array(N).fill(0.5) }), 'INVALID_DATA', evaluated, `${what}: weighted evaluate`);
          throwsExactly(() => clf.lossAndGradient(data as Float32Array, labelsOf), 'INVALID_DATA',
            `Cannot compute the loss and gradient: ${score}; ${ADVICE}`, `${what}: lossAndGradient`);
          assert.equal(weights(clf), before, `${what}: the weights are unchanged`);
          assert.deepEqual(clf.predict(sane), predicted, `${what}: the model predicts as before`);
        }
        // the same rows without the one at the limit are fine
        const keep = Float32Array.from(X.subarray(0, at * D));
        assert.equal(clf.scores(keep).every(Number.isFinite), true, `${loss} N=${N}: the other rows score`);
        ds.dispose();
        clf.dispose();
      }
    }
  });

  test(`[${mode.name}] just below the limit: finite results equal to the float64 reference; evaluate's accuracy is predict's`, async () => {
    for (const loss of LOSSES) {
      for (const N of SIZES) {
        // row at: scores 2·D·big = 1e38, the other classes' alike; then one class's weight raised so that rows differ
        const at = 1, { X, y } = limitData(11 + N, N, 1e37, at);
        const clf = model(loss, 0);
        const W = new Float32Array(C * D).fill(2);
        W[2 * D] = 2.5; // class 2 wins row at: its score 1.05e38
        clf.setWeights(W, new Float32Array(C));
        const what = `${loss} N=${N}`;
        const S = clf.scores(X), want = ref.scores(N, D, C, X, W, new Float32Array(C));
        for (let i = 0; i < N * C; i++) {
          const tol = 4 * D * 2 ** -24 * (Math.abs(want[i]) + 2 * D * 2.5 * Math.max(...Array.from(X.subarray(Math.floor(i / C) * D, Math.floor(i / C) * D + D), Math.abs)));
          assert.ok(Math.abs(S[i] - want[i]) <= tol, `${what}: score ${i} is ${S[i]}, the reference ${want[i]}`);
        }
        const pred = clf.predict(X);
        assert.equal(pred[at], 2, `${what}: row at predicts class 2`);
        for (let i = 0; i < N; i++) assert.equal(pred[i], ref.argmax(S.subarray(i * C, i * C + C)), `${what}: predict is the argmax of scores at row ${i}`);
        const ev = clf.evaluate(X, y);
        let hits = 0;
        for (let i = 0; i < N; i++) if (pred[i] === y[i]) hits++;
        assert.equal(ev.accuracy, hits / N, `${what}: evaluate's accuracy is predict's`);
        // the loss against the float64 one (row at's loss is about 1e38 / N)
        let total = 0;
        for (let i = 0; i < N; i++) {
          const s = want.subarray(i * C, i * C + C);
          total += loss === 'svm' ? ref.svmRow(s, y[i], 1).loss : ref.softmaxRow(s, y[i]).loss;
        }
        assert.ok(Number.isFinite(ev.loss) && Math.abs(ev.loss - total / N) <= 1e-5 * (total / N), `${what}: loss ${ev.loss}, the reference ${total / N}`);
        const lg = clf.lossAndGradient(X, y);
        assert.ok(Number.isFinite(lg.loss) && lg.dW.every(Number.isFinite) && lg.db.every(Number.isFinite), `${what}: lossAndGradient finite`);
        if (loss === 'softmax') {
          const P = clf.predictProba(X);
          for (let i = 0; i < N; i++) {
            const row = P.subarray(i * C, i * C + C), p = ref.softmaxProbs(want.subarray(i * C, i * C + C));
            for (let c = 0; c < C; c++) assert.ok(Math.abs(row[c] - p[c]) <= 1e-6, `${what}: probability ${i},${c} is ${row[c]}, the reference ${p[c]}`);
          }
        }
        clf.dispose();
      }
    }
  });

  test(`[${mode.name}] evaluate's accuracy equals predict's, or both refuse: a seeded sweep of magnitudes up to float32's limit`, () => {
    const r = rand(2024);
    const tally = { right: 0, refused: 0 };
    for (let k = 0; k < 120; k++) {
      const loss = LOSSES[k % 2], N = k % 3 === 0 ? 700 : 1 + Math.floor(r() * 40);
      // half the cases anywhere up to 1e38, half in the last two decades, where scores overflow
      const scale = k % 2 === 0 ? 10 ** (r() * 38) : 10 ** (36.6 + 2 * r()), X = uniform(r, N * D), y = labels(r, N, C);
      for (let i = 0; i < X.length; i++) X[i] = Math.fround(X[i] * scale);
      const clf = new LinearClassifier({ loss, numFeatures: D, numClasses: C, reg: 0 });
      clf.setWeights(uniform(r, C * D, -3, 3), uniform(r, C, -1, 1));
      const what = `case ${k} (${loss}, N ${N}, scale ${scale.toExponential(2)})`;
      let pred: Int32Array | null = null, predErr: LinclassError | null = null;
      try {
        pred = clf.predict(X);
      } catch (e) {
        predErr = e as LinclassError;
      }
      let ev = null, evErr: LinclassError | null = null;
      try {
        ev = clf.evaluate(X, y);
      } catch (e) {
        evErr = e as LinclassError;
      }
      if (pred && ev) {
        let hits = 0;
        for (let i = 0; i < N; i++) if (pred[i] === y[i]) hits++;
        assert.equal(ev.accuracy, hits / N, `${what}: accuracy`);
        assert.ok(Number.isFinite(ev.loss), `${what}: finite loss`);
        const S = clf.scores(X);
        for (let i = 0; i < N; i++) assert.equal(pred[i], ref.argmax(S.subarray(i * C, i * C + C)), `${what}: argmax at ${i}`);
        tally.right++;
      } else {
        // both refuse the same row and class (evaluate may also refuse a loss that overflows while the scores fit)
        assert.ok(predErr === null || (predErr instanceof LinclassError && predErr.code === 'INVALID_DATA'), `${what}: predict threw ${String(predErr)}`);
        assert.ok(evErr instanceof LinclassError && evErr.code === 'INVALID_DATA', `${what}: evaluate threw ${String(evErr)}`);
        if (predErr) assert.equal(evErr.message, predErr.message, `${what}: the same refusal`);
        else assert.match(evErr.message, /^Cannot evaluate the data: the loss became Infinity; /, `${what}: the loss overflowed`);
        tally.refused++;
      }
      clf.dispose();
    }
    assert.ok(tally.right > 20 && tally.refused > 20, `both kinds of case occur: ${JSON.stringify(tally)}`);
    console.log(`# ${mode.name}: ${tally.right} cases predicted and evaluated alike, ${tally.refused} refused by both`);
  });

  test(`[${mode.name}] weights at float32's limit: scores that overflow are refused, scores that fit are right`, () => {
    for (const loss of LOSSES) {
      const clf = new LinearClassifier({ loss, numFeatures: D, numClasses: C, reg: 0 });
      const W = new Float32Array(C * D);
      W[D] = 3.4e38; // class 1, feature 0
      clf.setWeights(W, new Float32Array(C));
      const fits = new Float32Array([0.5, 1, 1, 1, 1, 0.25, 0, 0, 0, 0]);
      assert.deepEqual([...clf.scores(fits)], [0, Math.fround(0.5 * 3.4e38), 0, 0, Math.fround(0.25 * 3.4e38), 0]);
      assert.deepEqual([...clf.predict(fits)], [1, 1]);
      const before = weights(clf);
      throwsExactly(() => clf.scores(new Float32Array([2, 0, 0, 0, 0])), 'INVALID_DATA',
        `Cannot score the data: the score of class 1 for row 0, W·x + b, came out Infinity; ${ADVICE}`, `${loss}: scores`);
      throwsExactly(() => clf.predict(new Float32Array([0, 0, 0, 0, 0, -2, 0, 0, 0, 0])), 'INVALID_DATA',
        `Cannot evaluate the data: the score of class 1 for row 1, W·x + b, came out -Infinity; ${ADVICE}`, `${loss}: predict`);
      assert.equal(weights(clf), before);
      for (const bad of [Infinity, -Infinity, NaN, 1e39]) {
        const Wb = W.slice() as Float32Array | number[];
        const arr = Array.from(Wb);
        arr[3] = bad;
        assert.throws(() => clf.setWeights(arr, [0, 0, 0]), (e: unknown) => e instanceof LinclassError && e.code === 'INVALID_ARGUMENT'
          && e.message === `setWeights: W[3] is ${bad === 1e39 ? '1e+39' : String(bad)}; weights must be finite float32 numbers.`, `setWeights ${bad}`);
      }
      assert.equal(weights(clf), before, `${loss}: setWeights refused, nothing changed`);
      clf.dispose();
    }
  });

  test(`[${mode.name}] training meets an overflow: DIVERGED naming it, the weights of before the step, the finite history attached`, async () => {
    const N = 700, at = 5;
    const fits: Record<string, (clf: LinearClassifier, data: { X: Float32Array; y: Int32Array }, o: FitOptions) => Promise<unknown>> = {
      fit: async (clf, data, o) => clf.fit(data, o),
      partialFit: async (clf, data, { solver, epochs, ...o }) => clf.partialFit(data, o), // one epoch, mini-batch
      fitAsync: async (clf, data, o) => { for await (const p of clf.fitAsync(data, o)) void p; },
    };
    const tail = (lr: number) => `The weights are those of the last step with a finite loss; try a smaller learningRate (this run used ${lr}).`;
    for (const [how, run] of Object.entries(fits)) {
      // a score at the limit: softmax's loss is NaN at the first step; the SVM takes a NaN margin as inactive, so its epoch ends and the evaluation finds it
      const data = limitData(21, N, 3e38, at);
      for (const loss of LOSSES) {
        const clf = model(loss), before = weights(clf);
        const e = await rejectsExactly(() => run(clf, data, { solver: 'minibatch', batchSize: 'full', epochs: 2 }), 'DIVERGED', loss === 'softmax'
          ? `Training diverged at epoch 1, step 1: the loss became NaN: the score of class 0 for row ${at}, W·x + b, came out Infinity. ${tail(0.01)}`
          : `Training diverged at the end of epoch 1: evaluating the training data, the score of class 0 for row ${at}, W·x + b, came out Infinity. ${tail(0.01)}`,
        `${how} ${loss}`);
        assert.equal(weights(clf), before, `${how} ${loss}: the weights of before the step`);
        const h = (e as LinclassError & { history: { loss: Float32Array; stopReason: string } }).history;
        assert.equal(h.stopReason, 'diverged');
        assert.ok(h.loss.every(Number.isFinite), `${how} ${loss}: the history's losses are finite`);
        clf.dispose();
      }
      // validation rows at the limit
      const val = limitData(22, 40, 3e38, 3), sane = limitData(23, N, 0, -1);
      const clf = model('softmax'), before = weights(clf);
      await rejectsExactly(() => run(clf, sane, { solver: 'minibatch', batchSize: 'full', epochs: 2, validation: val }), 'DIVERGED',
        `Training diverged at the end of epoch 1: evaluating the validation or held-out data, the score of class 0 for row 3, W·x + b, came out Infinity. ${tail(0.01)}`, `${how}: validation`);
      assert.equal(weights(clf), before, `${how}: validation at the limit, the weights of before the step`);
      clf.dispose();
      // a finite loss with a gradient entry beyond float32: the L2 penalty's 2λW with λ = 1e38, W[1][2] = 1.75 (λW² = 3.06e38 fits)
      const g = new LinearClassifier({ loss: 'softmax', numFeatures: D, numClasses: C, reg: 1e38, seed: 1 });
      const W = new Float32Array(C * D);
      W[D + 2] = 1.75;
      g.setWeights(W, new Float32Array(C));
      const gBefore = weights(g);
      await rejectsExactly(() => run(g, sane, { solver: 'minibatch', batchSize: 32, epochs: 1 }), 'DIVERGED',
        `Training diverged at epoch 1, step 1: the gradient's entry W[1][2] became Infinity. ${tail(0.01)}`, `${how}: gradient`);
      assert.equal(weights(g), gBefore, `${how}: a gradient beyond float32 is not applied`);
      g.dispose();
      // an update that takes a weight beyond float32: plain SGD with a step of 1e38 on gradients of about 10
      const big = { X: Float32Array.from(sane.X, (v) => 100 * v), y: sane.y };
      const u = model('softmax', 0, 0), uBefore = weights(u);
      await rejectsExactly(() => run(u, big, { solver: 'minibatch', optimizer: 'sgd', learningRate: 1e38, batchSize: 32, epochs: 1 }), 'DIVERGED',
        /^Training diverged at epoch 1, step 1: the update took (W\[\d\]\[\d\]|b\[\d\]) to -?Infinity\. The weights are those of the last step with a finite loss; try a smaller learningRate \(this run used 1e\+38\)\.$/,
        `${how}: update`);
      assert.equal(weights(u), uBefore, `${how}: the update beyond float32 is undone`);
      assert.ok(u.evaluate(big.X, big.y).accuracy >= 0, 'the model still evaluates');
      u.dispose();
    }
  });

  test(`[${mode.name}] fitStream: a step's overflow, or the validation set's, stops it with DIVERGED naming it`, async () => {
    const tail = 'The weights are those of the last step with a finite loss; try a smaller learningRate (this run used 0.01).';
    const limit = limitData(61, 200, 3e38, 5), sane = limitData(62, 200, 0, -1);
    const clf = model('softmax'), before = weights(clf);
    await rejectsExactly(() => clf.fitStream(() => [limit], { batchSize: 200, epochs: 1 }), 'DIVERGED',
      /^Training diverged at epoch 1, step 1: the loss became NaN: the score of class 0 for row \d+, W·x \+ b, came out Infinity\. /, 'fitStream: a step');
    assert.equal(weights(clf), before, 'fitStream: the weights of before the step');
    const val = limitData(63, 40, 3e38, 7);
    await rejectsExactly(() => clf.fitStream(() => [sane], { batchSize: 50, epochs: 2, validation: val }), 'DIVERGED',
      `Training diverged at the end of epoch 1: evaluating the validation data, the score of class 0 for row 7, W·x + b, came out Infinity. ${tail}`, 'fitStream: validation');
    assert.ok(clf.coef.every(Number.isFinite), 'finite weights');
    clf.dispose();
  });

  test(`[${mode.name}] hyperparameterSearch: a model whose scores overflow on the validation set is a row with NaN accuracy, never the best; the search goes on`, () => {
    const r = rand(51), N = 300, X = uniform(r, N * D), y = labels(r, N, C);
    for (let i = 0; i < N; i++) for (let d = 0; d < D; d++) X[i * D + d] += y[i] === d % C ? 1 : 0;
    const train = Dataset.from(X, y, { numFeatures: D }), val = Dataset.from(Float32Array.from(X, (v) => v * 1e5), y, { numFeatures: D });
    // Adam steps by about the learning rate whatever the gradient: at 1e36 the weights reach 1e36, and 1e36 · 1e5 leaves float32
    const { results, best, model } = hyperparameterSearch(train, val, { learningRates: [0.01, 1e36], regs: [0], epochs: 2, optimizer: 'adam', numClasses: C });
    assert.equal(results.length, 2);
    assert.ok(results[0].valAccuracy > 0.5, `lr 0.01: ${results[0].valAccuracy}`);
    assert.ok(Number.isNaN(results[1].valAccuracy), `lr 1e36: ${results[1].valAccuracy}`);
    assert.equal(best, results[0]);
    assert.equal(model.score(val), results[0].valAccuracy, 'the best model is the one of lr 0.01');
    model.dispose();
    train.dispose();
    val.dispose();
  });

  test(`[${mode.name}] L-BFGS meets an overflow at its starting weights: DIVERGED naming it, nothing changes`, () => {
    const { X, y } = limitData(31, 300, 3e38, 4);
    const clf = model('softmax'), before = weights(clf);
    throwsExactly(() => clf.fit({ X, y }, { solver: 'lbfgs' }), 'DIVERGED',
      'Training diverged before the first L-BFGS iteration: at the starting weights the loss became NaN: the score of class 0 for row 4, W·x + b, came out Infinity. Start from finite, smaller weights (setWeights), or scale the features down.', 'lbfgs: scores');
    assert.equal(weights(clf), before);
    clf.dispose();
    const g = new LinearClassifier({ loss: 'softmax', numFeatures: D, numClasses: C, reg: 1e38 });
    const W = new Float32Array(C * D);
    W[D + 2] = 1.75;
    g.setWeights(W, new Float32Array(C));
    const gBefore = weights(g), sane = limitData(32, 300, 0, -1);
    throwsExactly(() => g.fit(sane, { solver: 'lbfgs' }), 'DIVERGED',
      "Training diverged before the first L-BFGS iteration: at the starting weights the gradient's entry W[1][2] became Infinity. Start from finite, smaller weights (setWeights), or scale the features down.", 'lbfgs: gradient');
    throwsExactly(() => g.lossAndGradient(sane.X, sane.y), 'INVALID_DATA',
      `Cannot compute the loss and gradient: the gradient's entry W[1][2] became Infinity; ${ADVICE}`, 'lossAndGradient: gradient');
    assert.equal(weights(g), gBefore);
    assert.ok(Number.isFinite(g.evaluate(sane.X, sane.y).loss), 'the loss itself is finite (1e38 · 1.75²)');
    g.dispose();
  });

  test(`[${mode.name}] Infinity, NaN and values beyond float32 are refused at the door by every entry, and nothing changes`, async () => {
    const N = 6, i = 1 * D + 2; // row 1, feature 2
    for (const [bad, shown] of [[Infinity, 'Infinity'], [-Infinity, '-Infinity'], [NaN, 'NaN'], [1e39, '1e+39, too large for float32']] as const) {
      for (const form of ['Float64Array', 'number[]', 'Float32Array', 'rows'] as const) {
        if (form === 'Float32Array' && bad === 1e39) continue; // a Float32Array holds it as Infinity
        const base = limitData(41, N, 0, -1);
        const flat = Array.from(base.X);
        flat[i] = bad;
        const X = form === 'Float64Array' ? Float64Array.from(flat) : form === 'Float32Array' ? Float32Array.from(flat) : form === 'number[]' ? flat
          : Array.from({ length: N }, (_, r) => flat.slice(r * D, r * D + D));
        const got = form === 'Float32Array' ? String(Math.fround(bad)) : shown;
        const message = form === 'rows' ? `X[2] (row 1, feature 2) is ${got}: features must be finite numbers.` : `X[${i}] (row 1, feature 2) is ${got}: features must be finite numbers.`;
        const clf = model('softmax'), before = weights(clf), y = base.y, what = `${form} with ${shown}`;
        const calls: [string, () => unknown][] = [
          ['scores', () => clf.scores(X)], ['predict', () => clf.predict(X)], ['predictProba', () => clf.predictProba(X)],
          ['evaluate', () => clf.evaluate(X, y)], ['lossAndGradient', () => clf.lossAndGradient(X, y)],
          ['fit', () => clf.fit(X, y, { epochs: 1 })], ['partialFit', () => clf.partialFit(X, y)],
          ['Dataset.from', () => Dataset.from(X as Float32Array, y, { numFeatures: D })], ['toDataset', () => clf.toDataset(X, y)],
        ];
        for (const [name, call] of calls) throwsExactly(call, 'INVALID_DATA', message, `${what}: ${name}`);
        await rejectsExactly(async () => { for await (const p of clf.fitAsync(X, y, { epochs: 1 })) void p; }, 'INVALID_DATA', message, `${what}: fitAsync`);
        assert.equal(weights(clf), before, `${what}: nothing changed`);
        clf.dispose();
      }
    }
    // finite raw features whose preprocessing x·scale − mean leaves float32
    const clf = new LinearClassifier({ loss: 'softmax', numFeatures: D, numClasses: C, preprocessing: { scale: 10 } });
    const X = new Float32Array(2 * D);
    X[D + 1] = 1e38;
    throwsExactly(() => clf.predict(X), 'INVALID_DATA', 'X[6] (row 1, feature 1) is 9.999999680285692e+37: x·scale − mean = 9.999999680285692e+38 is too large for float32.', 'preprocessing');
    clf.dispose();
  });
}
