// Training: every update rule step by step against the float64 reference,
// reproducibility, sampling, schedules, divergence, early stopping, async, and
// the notes' search strategies.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { init, LinearClassifier, Dataset, LinclassError, randomSearch, randomLocalSearch, hyperparameterSearch } from '../src/index.js';
import { Sampler } from '../src/train/sampler.js';
import { Rng } from '../src/base/rng.js';
import { learningRateAt } from '../src/train/schedule.js';
import * as ref from './reference.js';
import { rand, uniform, labels, assertClose } from './util.js';

before(() => init());

const RULES = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const;
const HP = { mu: 0.9, rho: 0.99, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** A small fixed problem whose classes overlap, so gradients stay sizeable for 5 steps. */
function problem(seed = 1, N = 24, D = 5, C = 3) {
  const r = rand(seed);
  return { N, D, C, X: uniform(r, N * D), y: labels(r, N, C), W: uniform(r, C * D, -0.3, 0.3), b: uniform(r, C, -0.3, 0.3) };
}

// 5 full-batch steps of each rule against the float64 reference rule.
// (a) softmax, the reference fed its own float64 gradient: differences come
// from float32 rounding of the gradient (~1e-6 relative) carried through 5
// steps; the normalizing rules divide by √cache, which keeps relative errors of
// that order, so 1e-4 of the weights' scale is ample.
// (b) both losses, the reference fed the library's gradient at each step, so
// only the update rule is compared. This is the test for SVM: its bias gradient
// has entries that are exactly 0 in float64 but ±1e-9 in float32, and the
// normalizing rules turn such a crumb into a full step (g/√g² = ±1) — a true
// property of those rules, not an error of the kernels.
const lrFor = (rule: string) => (rule === 'sgd' || rule === 'momentum' || rule === 'nesterov' ? 0.5 : 0.05);

test('each update rule: 5 steps against the float64 reference with the reference gradient (softmax, L2)', () => {
  for (const rule of RULES) {
    const p = problem(), lr = lrFor(rule);
    const clf = new LinearClassifier({ loss: 'softmax', numFeatures: p.D, numClasses: p.C, penalty: 'l2', reg: 0.01 });
    clf.setWeights(p.W, p.b);
    const h = clf.fit({ X: p.X, y: p.y }, { optimizer: rule, learningRate: lr, batchSize: 'full', epochs: 5 });
    assert.equal(h.loss.length, 5);
    const theta = new Float64Array([...p.W, ...p.b]);
    const state: Record<string, Float64Array | number> = {};
    const refLosses: number[] = [];
    for (let s = 0; s < 5; s++) {
      const g = ref.lossAndGradient({ ...p, W: theta.subarray(0, p.C * p.D), b: theta.subarray(p.C * p.D), loss: 'softmax', penalty: 'l2', reg: 0.01, l2Ratio: 0.5, delta: 1 });
      refLosses.push(g.loss);
      ref.updateRule(rule, theta, [...g.dW, ...g.db], { lr, ...HP }, state);
    }
    assertClose(h.loss, refLosses, 1e-4, `${rule} step losses`);
    assertClose(clf.coef, theta.subarray(0, p.C * p.D), 1e-4, `${rule} W after 5 steps`);
    assertClose(clf.intercept, theta.subarray(p.C * p.D), 1e-4, `${rule} b after 5 steps`);
    clf.dispose();
  }
});

test('each update rule: 5 steps against the float64 reference fed the same gradients (both losses)', () => {
  for (const loss of ['softmax', 'svm'] as const) {
    for (const rule of RULES) {
      const p = problem(), lr = lrFor(rule);
      const clf = new LinearClassifier({ loss, numFeatures: p.D, numClasses: p.C, penalty: 'l2', reg: 0.01 });
      clf.setWeights(p.W, p.b);
      const theta = new Float64Array([...p.W, ...p.b]);
      const state: Record<string, Float64Array | number> = {};
      for (let s = 0; s < 5; s++) {
        const { dW, db } = clf.lossAndGradient(p.X, p.y);
        ref.updateRule(rule, theta, [...dW, ...db], { lr, ...HP }, state);
        clf.partialFit({ X: p.X, y: p.y }, { optimizer: rule, learningRate: lr, batchSize: 'full' });
        // float32 state and arithmetic against float64: a few ulps per step
        assertClose(clf.coef, theta.subarray(0, p.C * p.D), 1e-5, `${loss}/${rule} W after step ${s + 1}`);
        assertClose(clf.intercept, theta.subarray(p.C * p.D), 1e-5, `${loss}/${rule} b after step ${s + 1}`);
      }
      clf.dispose();
    }
  }
});

test("Adam's bias correction at t = 1: the first step moves each weight by lr", () => {
  const p = problem(2);
  const clf = new LinearClassifier({ numFeatures: p.D, numClasses: p.C, penalty: 'none' });
  clf.setWeights(p.W, p.b);
  const { dW } = clf.lossAndGradient(p.X, p.y);
  clf.fit({ X: p.X, y: p.y }, { optimizer: 'adam', learningRate: 0.01, batchSize: 'full', epochs: 1 });
  const W = clf.coef;
  for (let i = 0; i < W.length; i++) {
    // m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε) = lr·sign(g) for |g| ≫ ε
    assert.ok(Math.abs(dW[i]) > 1e-4, 'gradient entries are well away from 0');
    const step = p.W[i] - W[i];
    assert.ok(Math.abs(step - 0.01 * Math.sign(dW[i])) < 1e-6, `index ${i}: step ${step}, gradient ${dW[i]}`);
  }
  clf.dispose();
});

function digitsLike(seed: number, N = 300, D = 20, C = 4) {
  const r = rand(seed);
  const centers = uniform(r, C * D, -1, 1);
  const y = labels(r, N, C);
  const X = new Float32Array(N * D);
  for (let i = 0; i < N; i++) for (let d = 0; d < D; d++) X[i * D + d] = centers[y[i] * D + d] + (r() - 0.5) * 1.5;
  return { X, y, N, D, C };
}

test('same seed gives bit-identical weights; a different sampling seed does not', () => {
  const p = digitsLike(3);
  const run = (seed: number) => {
    const clf = new LinearClassifier({ loss: 'svm', numFeatures: p.D, numClasses: p.C, seed: 4 });
    clf.fit({ X: p.X, y: p.y }, { epochs: 3, batchSize: 16, optimizer: 'rmsprop', seed });
    const w = clf.coef;
    clf.dispose();
    return w;
  };
  assert.deepEqual(run(1), run(1));
  assert.notDeepEqual(run(1), run(2));
});

test('two partialFit epochs equal fit with epochs: 2, for every rule and both samplings', () => {
  const p = digitsLike(5);
  const ds = Dataset.from(p.X, p.y, { numFeatures: p.D });
  for (const optimizer of RULES) {
    for (const sampling of ['shuffle', 'replacement'] as const) {
      const o = { optimizer, sampling, batchSize: 13, learningRate: 0.01, schedule: { type: 'step', every: 1, factor: 0.5 } } as const;
      const a = new LinearClassifier({ numFeatures: p.D, numClasses: p.C, seed: 7 });
      const b = new LinearClassifier({ numFeatures: p.D, numClasses: p.C, seed: 7 });
      const h = a.fit(ds, { ...o, epochs: 2 });
      const h1 = b.partialFit(ds, o), h2 = b.partialFit(ds, o);
      assert.deepEqual(b.coef, a.coef, `${optimizer}/${sampling} weights`);
      assert.deepEqual(b.intercept, a.intercept, `${optimizer}/${sampling} bias`);
      assert.deepEqual([...h1.loss, ...h2.loss], [...h.loss], `${optimizer}/${sampling} step losses`);
      assert.equal(h2.epochs[0].epoch, 2);
      assert.equal(h2.epochs[0].learningRate, 0.005);
      a.dispose();
      b.dispose();
    }
  }
  ds.dispose();
});

test('sampling: shuffle visits each row once per epoch; replacement draws in range; full batch is every row', () => {
  const ds = Dataset.from(new Float32Array(103), Int32Array.from({ length: 103 }, (_, i) => i % 2), { numFeatures: 1 });
  const all = ds.ptrs().all;
  const s = new Sampler(103, 10, 'shuffle', new Rng(1), all);
  assert.equal(s.stepsPerEpoch, 11);
  const orders: number[][] = [];
  for (let e = 0; e < 3; e++) {
    s.beginEpoch();
    const seen: number[] = [];
    for (let k = 0; k < s.stepsPerEpoch; k++) {
      s.next(k);
      assert.equal(s.n, k < 10 ? 10 : 3);
      seen.push(...s.current());
    }
    assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 103 }, (_, i) => i), `epoch ${e} visits every row once`);
    orders.push(seen);
  }
  assert.notDeepEqual(orders[0], orders[1]);
  s.dispose();
  const r = new Sampler(103, 50, 'replacement', new Rng(1), all);
  r.beginEpoch();
  r.next(0);
  const batch = r.current();
  assert.equal(batch.length, 50);
  assert.ok(batch.every((i) => i >= 0 && i < 103));
  assert.ok(new Set(batch).size < 50, 'with 50 draws from 103 a repeat is all but certain (p > 0.999)');
  r.dispose();
  const f = new Sampler(103, 500, 'shuffle', new Rng(1), all);
  assert.equal(f.stepsPerEpoch, 1);
  f.beginEpoch();
  f.next(0);
  assert.deepEqual([...f.current()], Array.from({ length: 103 }, (_, i) => i));
  f.dispose();
  ds.dispose();
});

test('learning-rate schedules', () => {
  assert.equal(learningRateAt(0.1, { type: 'constant' }, 7), 0.1);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((e) => learningRateAt(1, { type: 'step', every: 2, factor: 0.5 }, e)), [1, 1, 0.5, 0.5, 0.25, 0.25]);
  assert.deepEqual([0, 1, 2].map((e) => learningRateAt(2, { type: 'exponential', rate: 0.5 }, e)), [2, 1, 0.5]);
  assert.deepEqual([0, 1, 3].map((e) => learningRateAt(1, { type: 'inverse', k: 1 }, e)), [1, 0.5, 0.25]);
});

test('a diverging run (lr 1e6) stops with DIVERGED and finite weights of the last finite step', () => {
  const p = digitsLike(8);
  for (const loss of ['svm', 'softmax'] as const) {
    const clf = new LinearClassifier({ loss, numFeatures: p.D, numClasses: p.C, reg: 1e-3 });
    assert.throws(() => clf.fit({ X: p.X, y: p.y }, { optimizer: 'sgd', learningRate: 1e6, epochs: 50 }), (e: unknown) => {
      assert.ok(e instanceof LinclassError && e.code === 'DIVERGED');
      assert.match(e.message, /^Training diverged at epoch \d+, step \d+: the loss became (Infinity|NaN)\. The weights are those of the last step with a finite loss; try a smaller learningRate \(this run used 1000000\)\.$/);
      return true;
    });
    assert.ok(clf.coef.every(Number.isFinite) && clf.intercept.every(Number.isFinite));
    assert.ok(Number.isFinite(clf.evaluate(p.X, p.y).loss));
    // it trains normally afterwards
    clf.fit({ X: p.X, y: p.y }, { epochs: 1 });
    clf.dispose();
  }
});

test('validation, early stopping keeps the best epoch, onEpoch sees every record', () => {
  const tr = digitsLike(9, 200), va = digitsLike(10, 100);
  const clf = new LinearClassifier({ numFeatures: tr.D, numClasses: tr.C });
  const seen: number[] = [];
  const h = clf.fit({ X: tr.X, y: tr.y }, {
    epochs: 40, learningRate: 0.05, validation: { X: va.X, y: va.y }, earlyStopping: { patience: 2 },
    onEpoch: (r) => seen.push(r.epoch),
  });
  assert.deepEqual(seen, h.epochs.map((r) => r.epoch));
  assert.ok(h.epochs.every((r) => r.valAccuracy !== undefined && r.valLoss !== undefined));
  const best = h.epochs.find((r) => r.epoch === h.bestEpoch)!;
  assert.equal(Math.max(...h.epochs.map((r) => r.valAccuracy!)), best.valAccuracy);
  assert.equal(clf.score(va.X, va.y), best.valAccuracy, 'the kept weights are the best epoch\'s');
  if (h.stoppedEarly) assert.ok(h.epochs.length < 40 && h.epochs.length - h.bestEpoch! === 2);
  clf.dispose();
});

test('fitAsync yields progress and ends with the same weights as fit', async () => {
  const p = digitsLike(11, 2000);
  const a = new LinearClassifier({ numFeatures: p.D, numClasses: p.C, seed: 2 });
  const b = new LinearClassifier({ numFeatures: p.D, numClasses: p.C, seed: 2 });
  const o = { epochs: 3, batchSize: 1, optimizer: 'momentum', learningRate: 0.01 } as const;
  const h = a.fit({ X: p.X, y: p.y }, o);
  let last, records = 0, yields = 0;
  for await (const pr of b.fitAsync({ X: p.X, y: p.y }, o)) {
    yields++;
    if (pr.record) records++;
    last = pr;
  }
  assert.equal(records, 3);
  assert.ok(yields >= 4);
  assert.equal(last!.done, true);
  assert.deepEqual(last!.history!.loss, h.loss);
  assert.deepEqual(b.coef, a.coef);
  a.dispose();
  b.dispose();
});

test('breaking out of fitAsync stops training and frees the classifier for the next fit', async () => {
  const p = digitsLike(12, 500);
  const clf = new LinearClassifier({ numFeatures: p.D, numClasses: p.C });
  for await (const pr of clf.fitAsync({ X: p.X, y: p.y }, { epochs: 100 })) if (pr.record) break;
  assert.equal(clf.fit({ X: p.X, y: p.y }, { epochs: 1 }).epochs.length, 1);
  clf.dispose();
});

test('fit options: exact messages, and nothing changes', () => {
  const p = digitsLike(13, 50);
  const clf = new LinearClassifier({ numFeatures: p.D, numClasses: p.C });
  const W0 = clf.coef;
  const data = { X: p.X, y: p.y };
  const cases: [unknown, string][] = [
    [{ epochs: 0 }, "The 'epochs' option of fit must be an integer in [1, 1000000000]. Got 0 instead."],
    [{ epochs: 1.5 }, "The 'epochs' option of fit must be an integer in [1, 1000000000]. Got 1.5 instead."],
    [{ batchSize: 0 }, "The 'batchSize' option of fit must be an integer in [1, Infinity) or 'full'. Got 0 instead."],
    [{ batchSize: 2.5 }, "The 'batchSize' option of fit must be an integer in [1, Infinity) or 'full'. Got 2.5 instead."],
    [{ learningRate: -1 }, "The 'learningRate' option of fit must be a number in (0, Infinity). Got -1 instead."],
    [{ learningRate: Infinity }, "The 'learningRate' option of fit must be a number in (0, Infinity). Got Infinity instead."],
    [{ learningRate: NaN }, "The 'learningRate' option of fit must be a number in (0, Infinity). Got NaN instead."],
    [{ optimizer: 'lbfgs' }, "The 'optimizer' option of fit must be one of 'sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'. Got \"lbfgs\" instead."],
    [{ sampling: 'stratified' }, "The 'sampling' option of fit must be one of 'shuffle', 'replacement'. Got \"stratified\" instead."],
    [{ mu: 1 }, "The 'mu' option of fit must be a number in [0, 1). Got 1 instead."],
    [{ epsilon: 0 }, "The 'epsilon' option of fit must be a number in (0, Infinity). Got 0 instead."],
    [{ lr: 0.1 }, "fit has no option 'lr'. Allowed options: epochs, batchSize, sampling, optimizer, learningRate, mu, rho, beta1, beta2, epsilon, schedule, validation, onEpoch, seed, sampleWeight, classWeight, average, earlyStopping, solver, maxIter, memory, tol, nIterNoChange, validationFraction."],
    [{ schedule: { type: 'cosine' } }, "The 'schedule' option of fit must be an object whose 'type' is one of 'constant', 'step', 'exponential', 'inverse'. Got an Object with type \"cosine\" instead."],
    [{ schedule: { type: 'step', every: 0, factor: 0.5 } }, "The 'every' of the 'step' schedule must be an integer in [1, Infinity). Got 0 instead."],
    [{ schedule: { type: 'step', every: 2, factor: 0.5, gamma: 1 } }, "The 'step' schedule has no field 'gamma'. Its fields: type, every, factor."],
    [{ earlyStopping: { patience: 2 } }, "The 'earlyStopping' option of fit watches validation accuracy: give a 'validation' dataset too."],
    [{ earlyStopping: { patience: 0 }, validation: data }, "The 'patience' option of fit's earlyStopping must be an integer in [1, 1000000000]. Got 0 instead."],
    [{ onEpoch: 3 }, "The 'onEpoch' option of fit must be a function. Got 3 instead."],
    [{ seed: -2 }, "The 'seed' option of fit must be an integer in [0, 4294967295]. Got -2 instead."],
  ];
  for (const [o, msg] of cases) {
    assert.throws(() => clf.fit(data, o as never), (e: unknown) => e instanceof LinclassError && e.code === 'INVALID_OPTION' && e.message === msg || assert.fail(`${String(e)} ≠ ${msg}`));
    assert.deepEqual(clf.coef, W0);
  }
  assert.throws(() => clf.partialFit(data, { epochs: 2 } as never), { message: "partialFit has no option 'epochs'. Allowed options: batchSize, sampling, optimizer, learningRate, mu, rho, beta1, beta2, epsilon, schedule, validation, onEpoch, seed, sampleWeight, classWeight, average." });
  assert.throws(() => clf.fit({ X: p.X, y: p.y.map((v) => v + 10) }, {}), { code: 'INVALID_DATA' });
  assert.throws(() => clf.fit(data, { validation: { X: p.X } } as never), { code: 'INVALID_DATA', message: "The 'validation' data must be a labelled Dataset or an object { X, y }. Got an Object instead." });
  assert.throws(() => clf.fit(p.X as never, {}), { message: 'The training data must be a labelled Dataset, an object { X, y }, or X followed by y. Got a Float32Array of length 1000 and no labels instead.' });
  assert.deepEqual(clf.coef, W0);
  clf.dispose();
});

test('random search and random local search reduce the loss below the initial one', () => {
  const p = digitsLike(14, 200);
  const ds = Dataset.from(p.X, p.y, { numFeatures: p.D });
  const start = new LinearClassifier({ loss: 'svm', numFeatures: p.D, numClasses: p.C, reg: 0 });
  const initial = start.evaluate(ds).loss;
  const rs = randomSearch(ds, { trials: 200, scale: 0.5, loss: 'svm', reg: 0 });
  assert.ok(rs.loss < initial, `random search ${rs.loss} < initial ${initial}`);
  assert.equal(rs.loss, Math.min(...rs.losses));
  assert.equal(rs.model.evaluate(ds).loss, rs.loss);
  const ls = randomLocalSearch(ds, { steps: 300, stepSize: 0.05, loss: 'svm', reg: 0 });
  assert.ok(ls.loss < initial * 0.9, `local search ${ls.loss} < initial ${initial}`);
  for (let i = 1; i < ls.losses.length; i++) assert.ok(ls.losses[i] <= ls.losses[i - 1]);
  assert.equal(ls.model.evaluate(ds).loss, ls.loss);
  for (const m of [start, rs.model, ls.model]) m.dispose();
  ds.dispose();
});

test('hyperparameter search: grid and random', () => {
  const tr = digitsLike(15, 200), va = digitsLike(16, 100);
  const t = Dataset.from(tr.X, tr.y, { numFeatures: tr.D }), v = Dataset.from(va.X, va.y, { numFeatures: va.D });
  const g = hyperparameterSearch(t, v, { learningRates: [1e-4, 1e-2, 1e7], regs: [0, 1e-2], epochs: 2, optimizer: 'sgd' });
  assert.equal(g.results.length, 6);
  assert.deepEqual(g.results.map((r) => [r.learningRate, r.reg]), [[1e-4, 0], [1e-4, 1e-2], [1e-2, 0], [1e-2, 1e-2], [1e7, 0], [1e7, 1e-2]]);
  assert.equal(g.best.valAccuracy, Math.max(...g.results.map((r) => r.valAccuracy)));
  assert.equal(g.model.score(v), g.best.valAccuracy);
  assert.ok(g.results.some((r) => r.diverged), 'lr 1e7 with reg 1e-2 diverges and is reported, not thrown');
  const r = hyperparameterSearch(t, v, { learningRates: [1e-3, 1e-1], regs: [1e-4, 1e-2], mode: 'random', trials: 4, epochs: 1 });
  assert.equal(r.results.length, 4);
  for (const row of r.results) assert.ok(row.learningRate >= 1e-3 && row.learningRate <= 1e-1 && row.reg >= 1e-4 && row.reg <= 1e-2);
  g.model.dispose();
  r.model.dispose();
  t.dispose();
  v.dispose();
});
