// Gradient tools and loss landscapes against the float64 reference and against
// direct evaluation; a wrong gradient must be caught; the classifier is never changed.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  init, LinearClassifier, Dataset, LinclassError, parseCsv, numericalGradient, gradCheck, relativeError, lossSlice1d, lossSlice2d,
} from '../src/index.js';
import * as ref from './reference.js';
import { rand, uniform, labels, assertClose, assertNear, throwsExactly } from './util.js';

before(() => init());

const LOSSES = ['svm', 'softmax', 'ova', 'structured'] as const;
const PENALTIES = ['none', 'l2', 'l1', 'elasticnet'] as const;


/**
 * A random problem away from hinge and L1 kinks (as in engine.test.ts) and with no
 * derivative that is exactly 0 (an SVM bias whose margin counts cancel): there the
 * float32 analytic value is rounding noise against 0, relative error 1 by definition.
 */
function problem(seed: number, loss: typeof LOSSES[number], penalty: typeof PENALTIES[number], N = 12, D = 7, C = 4) {
  const r = rand(seed);
  const reg = 0.05, l2Ratio = 0.3, delta = 1;
  for (;;) {
    const X = uniform(r, N * D), y = labels(r, N, C), W = uniform(r, C * D), b = uniform(r, C);
    if (W.some((w) => Math.abs(w) < 1e-3)) continue;
    if (ref.nearKink(loss, ref.scores(N, D, C, X, W, b), N, C, y, delta, 1e-3)) continue;
    const g = ref.lossAndGradient({ N, D, C, X, y, W, b, loss, penalty, reg, l2Ratio, delta });
    if ([...g.dW, ...g.db].some((v) => Math.abs(v) < 1e-6)) continue;
    const clf = new LinearClassifier({ loss, penalty, numFeatures: D, numClasses: C, reg, l2Ratio, delta });
    clf.setWeights(W, b);
    return { N, D, C, X, y, W, b, loss, penalty, reg, l2Ratio, delta, clf };
  }
}

const digits = (() => {
  const { X, y } = parseCsv(readFileSync(new URL('../data/digits.csv', import.meta.url), 'utf8'), { labelColumn: -1 });
  return { X: Float32Array.from(X, (v) => v / 16), y, D: 64 };
})();

test('numericalGradient: centered and forward differences of known functions; x restored bit for bit', () => {
  const f = (x: Float64Array | Float32Array) => x[0] * x[0] * x[1] + Math.sin(x[2]);
  const want = (x: number[]) => [2 * x[0] * x[1], x[0] * x[0], Math.cos(x[2])];
  const x64 = new Float64Array([1.5, -2, 0.3]);
  assertClose(numericalGradient(f, x64), want([...x64]), 1e-9, 'centered, float64');
  assertClose(numericalGradient(f, x64, { method: 'forward' }), want([...x64]), 1e-4, 'forward, float64');
  assert.deepEqual([...x64], [1.5, -2, 0.3]);
  // float32: the step actually stored is used, so the quotient keeps its accuracy
  const x32 = new Float32Array([1.5, -2, 0.3]);
  const before32 = new Uint32Array(x32.buffer).slice();
  assertClose(numericalGradient(f, x32, { h: 1e-3 }), want([...x32]), 1e-5, 'centered, float32');
  assert.deepEqual(new Uint32Array(x32.buffer), before32);
  // the same quotients as the reference's central difference
  const g = (x: Float64Array) => x.reduce((a, v, i) => a + (i + 1) * v * v * v, 0);
  const x = new Float64Array([0.1, -0.7, 2]);
  assertClose(numericalGradient(g, x), ref.numericalGradient(g, x), 1e-9, 'vs reference');
});

test('numericalGradient: bad options and a step too small for float32 are named', () => {
  const f = (x: Float32Array) => x[0];
  throwsExactly(() => numericalGradient(f, new Float32Array(1), { h: 0 }), 'INVALID_OPTION',
    "The 'h' option of numericalGradient must be a number in (0, Infinity). Got 0 instead.");
  throwsExactly(() => numericalGradient(f, new Float32Array(1), { method: 'backward' as never }), 'INVALID_OPTION',
    "The 'method' option of numericalGradient must be one of 'centered', 'forward'. Got \"backward\" instead.");
  throwsExactly(() => numericalGradient(f, [1, 2] as never), 'INVALID_ARGUMENT',
    'numericalGradient needs x as a Float32Array or Float64Array. Got an array of length 2 instead.');
  const x = new Float32Array([1e6]);
  throwsExactly(() => numericalGradient(f, x), 'INVALID_OPTION',
    "The 'h' option of numericalGradient is too small for x[0] = 1000000: x ± 0.00001 rounds back to x. Use a larger h or a Float64Array.");
  assert.equal(x[0], 1e6);
});

test('gradCheck for every loss × penalty: analytic and numerical match the float64 reference, verdict ok', () => {
  const report: string[] = [];
  let seed = 20;
  for (const loss of LOSSES) {
    for (const penalty of PENALTIES) {
      const p = problem(seed++, loss, penalty);
      const before = [p.clf.coef, p.clf.intercept];
      const res = gradCheck(p.clf, { X: p.X, y: p.y }, { samples: 1000 });
      assert.deepEqual([p.clf.coef, p.clf.intercept], before, 'weights unchanged');
      const total = p.C * p.D + p.C;
      assert.deepEqual(res.checks.map((c) => c.index), [...Array(total).keys()], 'samples ≥ C·D + C checks every coordinate in order');
      const theta = new Float64Array([...p.W, ...p.b]);
      const f = (t: Float64Array) => ref.lossAndGradient({ ...p, W: t.subarray(0, p.C * p.D), b: t.subarray(p.C * p.D) }).loss;
      const num = ref.numericalGradient(f, theta);
      const exact = ref.lossAndGradient(p);
      const analytic = [...exact.dW, ...exact.db];
      const what = `${loss}/${penalty}`;
      assertClose(res.checks.map((c) => c.numerical), num, 1e-8, `${what} numerical vs reference`);
      assertClose(res.checks.map((c) => c.analytic), analytic, 1e-4, `${what} analytic vs reference`);
      for (const c of res.checks) assert.equal(c.relError, ref.relError(c.analytic, c.numerical), `${what} relError at ${c.index}`);
      assert.equal(res.maxRelError, Math.max(...res.checks.map((c) => c.relError)));
      assert.ok(res.maxRelError < 1e-4, `${what}: max relative error ${res.maxRelError} ${JSON.stringify(res.checks.reduce((a, c) => (c.relError > a.relError ? c : a)))}`);
      assert.ok(res.verdict === 'ok' || res.verdict === 'great', `${what}: ${res.verdict}`);
      report.push(`${what} ${res.maxRelError.toExponential(2)}`);
      p.clf.dispose();
    }
  }
  console.log(`# gradCheck max relative errors (every coordinate): ${report.join(', ')}`);
});

test('gradCheck samples distinct coordinates from the seed, on the digits data too', () => {
  const ds = Dataset.from(digits.X, digits.y, { numFeatures: 64 });
  const clf = new LinearClassifier({ numFeatures: 64, numClasses: 10, seed: 4 });
  clf.fit(ds, { epochs: 2 });
  const a = gradCheck(clf, ds, { samples: 40, seed: 7 }), b = gradCheck(clf, ds, { samples: 40, seed: 7 });
  assert.deepEqual(a, b);
  assert.equal(new Set(a.checks.map((c) => c.index)).size, 40);
  assert.notDeepEqual(gradCheck(clf, ds, { samples: 40, seed: 8 }).checks.map((c) => c.index), a.checks.map((c) => c.index));
  assert.ok(a.checks.every((c) => c.index >= 0 && c.index < 650));
  assert.ok(a.maxRelError < 1e-4, `digits softmax: ${a.maxRelError}`);
  console.log(`# gradCheck on digits (softmax, 2 epochs, 40 coordinates): max relative error ${a.maxRelError.toExponential(2)}, ${a.verdict}`);
  clf.dispose();
  ds.dispose();
});

test('a wrong gradient is caught: missing 1/N, missing penalty term, one wrong entry', () => {
  const p = problem(40, 'softmax', 'l2', 30, 5, 3);
  const data = { X: p.X, y: p.y };
  const noMean = gradCheck(p.clf, data, { samples: 100, tamper: (dW, db) => { dW.forEach((_, i) => (dW[i] *= p.N)); db.forEach((_, i) => (db[i] *= p.N)); } });
  assert.equal(noMean.verdict, 'wrong');
  assert.ok(noMean.maxRelError > 0.5, `${noMean.maxRelError}`);
  const noReg = gradCheck(p.clf, data, { samples: 100, tamper: (dW) => { dW.forEach((_, i) => (dW[i] -= 2 * p.reg * p.W[i])); } });
  assert.equal(noReg.verdict, 'wrong');
  const one = gradCheck(p.clf, data, { samples: 100, tamper: (dW) => { dW[7] += 1e-3; } });
  assert.notEqual(one.verdict, 'ok');
  assert.equal(one.checks.reduce((a, c) => (c.relError > a.relError ? c : a)).index, 7);
  // the check reads the gradient in float64 (a softmax gradient is no longer held to float32's ~1e-6)
  assert.equal(gradCheck(p.clf, data, { samples: 100 }).verdict, 'great');
  p.clf.dispose();
});

test('gradCheck: bad options and data are named; the internal hook is not listed', () => {
  const clf = new LinearClassifier({ numFeatures: 2, numClasses: 3 });
  const data = { X: [1, 2, 3, 4], y: [0, 2] };
  throwsExactly(() => gradCheck(clf, data, { samples: 0 }), 'INVALID_OPTION',
    "The 'samples' option of gradCheck must be an integer in [1, 1000000000]. Got 0 instead.");
  throwsExactly(() => gradCheck(clf, data, { h: -1 }), 'INVALID_OPTION',
    "The 'h' option of gradCheck must be a number in (0, Infinity). Got -1 instead.");
  throwsExactly(() => gradCheck(clf, data, { step: 1 } as never), 'INVALID_OPTION',
    "gradCheck has no option 'step'. Allowed options: samples, h, seed.");
  throwsExactly(() => gradCheck(clf, { X: [1, 2], y: [3] }), 'INVALID_DATA',
    'The data has label 3, but this LinearClassifier has numClasses 3: labels must be integers in [0, 2].');
  throwsExactly(() => gradCheck(clf, [1, 2] as never), 'INVALID_DATA',
    'gradCheck needs labelled data: a Dataset or an object { X, y }. Got an array of length 2 instead.');
  clf.dispose();
});

/** W + a·W1 + b·W2 formed as the kernel does: in float64, rounded once. */
function moved(W: Float32Array, W1: Float32Array, a: number, W2?: Float32Array, b = 0): Float32Array {
  return Float32Array.from(W, (w, i) => (W2 ? w + a * W1[i] + b * W2[i] : w + a * W1[i]));
}

test('lossSlice1d equals setWeights + evaluate at every point, and the float64 reference', () => {
  for (const loss of LOSSES) {
    for (const penalty of PENALTIES) {
      const p = problem(60, loss, penalty, 25, 9, 5);
      const data = { X: p.X, y: p.y };
      const W = p.clf.coef, b = p.clf.intercept;
      const s = lossSlice1d(p.clf, data, { from: -2, to: 3, steps: 11, seed: 5 });
      assert.deepEqual([p.clf.coef, p.clf.intercept], [W, b], 'weights unchanged');
      assert.deepEqual([...s.alphas], [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3]);
      const probe = new LinearClassifier(p.clf.options);
      for (let k = 0; k < 11; k++) {
        const Wk = moved(W, s.direction, s.alphas[k]);
        probe.setWeights(Wk, b);
        assert.equal(s.losses[k], probe.evaluate(p.X, p.y).loss, `${loss}/${penalty} point ${k}`);
        assertNear(s.losses[k], ref.lossAndGradient({ ...p, W: Wk, b }).loss, 1e-5, `${loss}/${penalty} point ${k} vs reference`);
      }
      assert.equal(s.losses[4], p.clf.evaluate(p.X, p.y).loss, 'a = 0 is W itself');
      probe.dispose();
      p.clf.dispose();
    }
  }
});

test('lossSlice1d: the direction comes from the seed unless given; the loss is convex along it', () => {
  const p = problem(61, 'svm', 'l2');
  const data = { X: p.X, y: p.y };
  const a = lossSlice1d(p.clf, data, { seed: 3 }), b = lossSlice1d(p.clf, data, { seed: 3 }), c = lossSlice1d(p.clf, data, { seed: 4 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.direction, c.direction);
  assert.equal(a.alphas.length, 51);
  assert.equal(a.direction.length, p.C * p.D);
  const given = lossSlice1d(p.clf, data, { direction: Array.from(a.direction) });
  assert.deepEqual(given.losses, a.losses);
  // a convex function of a: second differences are ≥ 0 up to rounding
  for (let k = 1; k < 50; k++) assert.ok(a.losses[k - 1] - 2 * a.losses[k] + a.losses[k + 1] > -1e-5, `convex at ${k}`);
  p.clf.dispose();
});

test('lossSlice2d: row-major grid (b along rows), W at the centre, equal to direct evaluation', () => {
  for (const loss of LOSSES) {
    const p = problem(62, loss, 'elasticnet', 20, 6, 3);
    const ds = Dataset.from(p.X, p.y, { numFeatures: p.D });
    const W = p.clf.coef, b = p.clf.intercept;
    const g = lossSlice2d(p.clf, ds, { range: 0.5, steps: 5, seed: 9 });
    assert.deepEqual([p.clf.coef, p.clf.intercept], [W, b], 'weights unchanged');
    assert.deepEqual([...g.alphas], [-0.5, -0.25, 0, 0.25, 0.5]);
    assert.deepEqual(g.betas, g.alphas);
    assert.equal(g.losses.length, 25);
    assert.equal(g.losses[2 * 5 + 2], p.clf.evaluate(ds).loss, 'centre is W');
    const probe = new LinearClassifier(p.clf.options);
    for (const [i, j] of [[0, 0], [0, 4], [1, 3], [3, 1], [4, 0], [4, 4], [2, 0]]) {
      const Wk = moved(W, g.directions[0], g.alphas[j], g.directions[1], g.betas[i]);
      probe.setWeights(Wk, b);
      assert.equal(g.losses[i * 5 + j], probe.evaluate(ds).loss, `${loss} row ${i} col ${j}`);
      assertNear(g.losses[i * 5 + j], ref.lossAndGradient({ ...p, W: Wk, b }).loss, 1e-5, `${loss} (${i}, ${j}) vs reference`);
    }
    // the same plane through lossSlice1d along W1 is the centre row
    const row = lossSlice1d(p.clf, ds, { direction: g.directions[0], from: -0.5, to: 0.5, steps: 5 });
    assert.deepEqual([...row.losses], [...g.losses.subarray(10, 15)]);
    probe.dispose();
    ds.dispose();
    p.clf.dispose();
  }
});

test('landscape: bad options are named and nothing changes', () => {
  const clf = new LinearClassifier({ numFeatures: 2, numClasses: 3 });
  const W = clf.coef;
  const data = { X: [1, 2, 3, 4], y: [0, 2] };
  throwsExactly(() => lossSlice1d(clf, data, { from: 1, to: 1 }), 'INVALID_OPTION',
    "The 'to' option of lossSlice1d must be a number greater than 'from' (1). Got 1 instead.");
  throwsExactly(() => lossSlice1d(clf, data, { steps: 1 }), 'INVALID_OPTION',
    "The 'steps' option of lossSlice1d must be an integer in [2, 100000]. Got 1 instead.");
  throwsExactly(() => lossSlice1d(clf, data, { direction: [1, 2, 3] }), 'INVALID_OPTION',
    "The 'direction' option of lossSlice1d must be a Float32Array (or an array of numbers) of C·D = 3·2 = 6 values, row-major like W. Got an array of length 3 instead.");
  throwsExactly(() => lossSlice1d(clf, data, { direction: [1, 2, 3, NaN, 5, 6] }), 'INVALID_OPTION',
    "The 'direction' option of lossSlice1d has NaN at index 3; its values must be finite numbers.");
  throwsExactly(() => lossSlice2d(clf, data, { range: 0 }), 'INVALID_OPTION',
    "The 'range' option of lossSlice2d must be a number in (0, Infinity). Got 0 instead.");
  throwsExactly(() => lossSlice2d(clf, data, { steps: 1002 }), 'INVALID_OPTION',
    "The 'steps' option of lossSlice2d must be an integer in [2, 1001]. Got 1002 instead.");
  throwsExactly(() => lossSlice2d(clf, data, { directions: [new Float32Array(6)] as never }), 'INVALID_OPTION',
    "The 'directions' option of lossSlice2d must be an array of two directions [W1, W2], each C·D values. Got an array of length 1 instead.");
  throwsExactly(() => lossSlice2d(clf, data, { directions: [new Float32Array(6), new Float32Array(5)] }), 'INVALID_OPTION',
    "The 'directions' option of lossSlice2d must be a Float32Array (or an array of numbers) of C·D = 3·2 = 6 values, row-major like W. Got a Float32Array of length 5 instead."
      .replace("'directions'", "'directions[1]'"));
  throwsExactly(() => lossSlice2d(clf, { X: [1, 2, 3], y: [0] }), 'INVALID_DATA',
    'X has 3 values, which is not a multiple of numFeatures (2): X must hold N rows of 2 features, row-major.');
  assert.deepEqual(clf.coef, W);
  clf.dispose();
});

/** An SVM problem whose bias derivatives are exactly 0: balanced labels and weights so small that every margin is active. */
function zeroBias(seed: number) {
  const N = 40, D = 6, C = 4, r = rand(seed);
  const X = uniform(r, N * D), y = Int32Array.from({ length: N }, (_, i) => i % C);
  // every s_j − s_y + 1 > 0, so db_c = (1/N)·(N − n_c − (C − 1)·n_c) = 0 with n_c = N / C
  return { N, D, C, X, y, W: uniform(r, C * D, -1e-3, 1e-3), b: new Float32Array(C) };
}

test('gradCheck: a derivative that is exactly 0 (SVM bias, balanced labels) reads as agreeing, for every penalty', () => {
  const z = zeroBias(5);
  for (const penalty of PENALTIES) {
    const clf = new LinearClassifier({ loss: 'svm', penalty, numFeatures: z.D, numClasses: z.C, reg: 0.1 });
    clf.setWeights(z.W, z.b);
    const exact = ref.lossAndGradient({ ...z, loss: 'svm', penalty, reg: 0.1, l2Ratio: 0.5, delta: 1 });
    assert.ok(exact.db.every((v) => Math.abs(v) < 1e-15), `db ${exact.db}`);
    const res = gradCheck(clf, { X: z.X, y: z.y }, { samples: 1000 });
    const bias = res.checks.filter((c) => c.index >= z.C * z.D);
    assert.equal(bias.length, z.C);
    for (const c of bias) {
      assert.ok(c.belowFloor, `${penalty}: bias ${JSON.stringify(c)} floor ${res.floor}`);
      assert.ok(Math.abs(c.library) < res.floor && Math.abs(c.numerical) < res.floor);
    }
    assert.ok(res.floor > 0 && res.floor < 1e-5, `floor ${res.floor}`);
    assert.equal(res.kinks, true);
    assert.deepEqual(res.thresholds, { great: 1e-7, ok: 1e-4, uncomfortable: 1e-2 });
    assert.ok(res.verdict === 'great' || res.verdict === 'ok', `${penalty}: ${res.verdict} ${res.maxRelError}`);
    clf.dispose();
  }
});

test('gradCheck reads a correct softmax gradient as great or ok under the no-kink thresholds, where float32 alone could not', () => {
  let seed = 60;
  for (const penalty of ['none', 'l2'] as const) {
    const p = problem(seed++, 'softmax', penalty);
    const res = gradCheck(p.clf, { X: p.X, y: p.y }, { samples: 1000 });
    assert.equal(res.kinks, false);
    assert.deepEqual(res.thresholds, { great: 1e-7, ok: 1e-6, uncomfortable: 1e-2 });
    assert.ok(res.maxRelError < 1e-6 && (res.verdict === 'great' || res.verdict === 'ok'), `${penalty}: ${res.verdict} ${res.maxRelError}`);
    p.clf.dispose();
  }
  const ds = Dataset.from(digits.X, digits.y, { numFeatures: 64 });
  const clf = new LinearClassifier({ numFeatures: 64, numClasses: 10, seed: 4 });
  clf.fit(ds, { epochs: 2 });
  const res = gradCheck(clf, ds, { samples: 40, seed: 3 });
  assert.ok(res.verdict === 'great' || res.verdict === 'ok', `digits: ${res.verdict} ${res.maxRelError}`);
  const float32 = Math.max(...res.checks.filter((c) => !c.belowFloor).map((c) => relativeError(c.library, c.numerical)));
  assert.ok(float32 > 1e-6, `the float32 values alone read ${float32}`);
  console.log(`# digits softmax, 40 coordinates: ${res.maxRelError.toExponential(2)} ${res.verdict}; the float32 values alone: ${float32.toExponential(2)}`);
  clf.dispose();
  ds.dispose();
});

test('a wrong gradient is still caught: at a zero derivative, and an error the no-kink thresholds see', () => {
  const z = zeroBias(6);
  const svm = new LinearClassifier({ loss: 'svm', numFeatures: z.D, numClasses: z.C, reg: 0.1 });
  svm.setWeights(z.W, z.b);
  const res = gradCheck(svm, { X: z.X, y: z.y }, { samples: 1000, tamper: (_, db) => { db[1] += 1e-3; } });
  const bad = res.checks.find((c) => c.index === z.C * z.D + 1)!;
  assert.equal(bad.analytic, bad.library);
  assert.ok(!bad.belowFloor && bad.relError > 0.99, JSON.stringify(bad));
  assert.equal(res.verdict, 'wrong');
  svm.dispose();
  // a relative error of 3e-5 on the largest entry: 'ok' with kinks (L1), 'uncomfortable' without (L2)
  for (const [penalty, want] of [['l2', 'uncomfortable'], ['l1', 'ok']] as const) {
    const p = problem(70, 'softmax', penalty);
    const top = (dW: Float32Array) => dW.reduce((a, v, i) => (Math.abs(v) > Math.abs(dW[a]) ? i : a), 0);
    const r = gradCheck(p.clf, { X: p.X, y: p.y }, { samples: 1000, tamper: (dW) => { dW[top(dW)] *= 1 + 3e-5; } });
    assert.equal(r.verdict, want, `${penalty}: ${r.maxRelError}`);
    assert.ok(Math.abs(r.maxRelError - 3e-5) < 1e-6, `${r.maxRelError}`);
    p.clf.dispose();
  }
});
