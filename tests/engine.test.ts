// The public API against the float64 reference, the lecture's worked examples,
// and numerical gradient checks.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { init, LinearClassifier, Dataset } from '../src/index.js';
import * as ref from './reference.js';
import { rand, uniform, labels, assertClose, assertNear } from './util.js';

before(() => init());

const LOSSES = ['svm', 'softmax', 'ova', 'structured'] as const;
const PENALTIES = ['none', 'l2', 'l1', 'elasticnet'] as const;

/** A classifier whose scores equal its input: W = I, b = 0. */
function identity(loss: typeof LOSSES[number], C: number): LinearClassifier {
  const clf = new LinearClassifier({ loss, numFeatures: C, numClasses: C, penalty: 'none' });
  const W = new Float32Array(C * C);
  for (let c = 0; c < C; c++) W[c * C + c] = 1;
  clf.setWeights(W, new Float32Array(C));
  return clf;
}

test('lecture: cat/car/frog SVM losses 2.9, 0, 12.9 (mean 5.27)', () => {
  const clf = identity('svm', 3);
  const S = [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]];
  const want = [2.9, 0, 12.9];
  S.forEach((s, i) => assertNear(clf.lossAndGradient(new Float32Array(s), [i]).loss, want[i], 1e-6, `example ${i}`));
  assertNear(clf.lossAndGradient(new Float32Array(S.flat()), [0, 1, 2]).loss, 15.8 / 3, 1e-6, 'mean');
  assert.equal(Math.round(clf.lossAndGradient(new Float32Array(S.flat()), [0, 1, 2]).loss * 100) / 100, 5.27);
});

test('the cat/car/frog scores under the one-vs-all hinge (6.1, 5.3, 10.8) and the structured SVM (2.9, 0, 6.6)', () => {
  const S = [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]];
  // ova: Σ_j max(0, 1 − t_j·s_j); cat: 0 + 6.1 + 0; car: 2.3 + 0 + 3; frog: 3.2 + 3.5 + 4.1
  // structured: max(0, 1 + max_{j≠y} s_j − s_y); cat: 1 + 5.1 − 3.2; car: 1 + 2 − 4.9 < 0; frog: 1 + 2.5 + 3.1
  for (const [loss, want] of [['ova', [6.1, 5.3, 10.8]], ['structured', [2.9, 0, 6.6]]] as const) {
    const clf = identity(loss, 3);
    S.forEach((s, i) => {
      assertNear(clf.lossAndGradient(new Float32Array(s), [i]).loss, want[i], 1e-6, `${loss} example ${i}`);
      assertNear(clf.lossAndGradient(new Float32Array(s), [i]).loss, ref.lossRow(loss, s, i, 1).loss, 1e-6, `${loss} example ${i} vs reference`);
    });
    assertNear(clf.evaluate(new Float32Array(S.flat()), [0, 1, 2]).loss, want.reduce((a: number, v: number) => a + v, 0) / 3, 1e-6, `${loss} mean`);
    clf.dispose();
  }
});

test('lecture: scores [-2.85, 0.86, 0.28], y = 2 give SVM 1.58 and softmax 1.04 (natural log)', () => {
  const s = new Float32Array([-2.85, 0.86, 0.28]);
  assertNear(identity('svm', 3).lossAndGradient(s, [2]).loss, 1.58, 1e-6, 'svm');
  const soft = identity('softmax', 3).lossAndGradient(s, [2]).loss;
  assertNear(soft, ref.softmaxRow([-2.85, 0.86, 0.28], 2).loss, 1e-6, 'softmax vs reference');
  assert.equal(Math.round(soft * 100) / 100, 1.04);
});

test('lecture: softmax of [3.2, 5.1, -1.7] with y = 0 is 2.04, not the slide\'s base-10 0.89', () => {
  const loss = identity('softmax', 3).lossAndGradient(new Float32Array([3.2, 5.1, -1.7]), [0]).loss;
  assert.equal(Math.round(loss * 100) / 100, 2.04);
  assertNear(loss, -Math.log(0.13), 0.01, 'close to −ln 0.13');
});

test('softmax of scores [1000, 1001, 1002] is finite and right', () => {
  const clf = identity('softmax', 3);
  const { loss, dW } = clf.lossAndGradient(new Float32Array([1000, 1001, 1002]), [0]);
  assert.ok(Number.isFinite(loss));
  assertNear(loss, ref.softmaxRow([1000, 1001, 1002], 0).loss, 1e-5, 'loss');
  assert.ok(dW.every(Number.isFinite));
  const p = clf.predictProba(new Float32Array([1000, 1001, 1002]));
  assertClose(p, ref.softmaxProbs([1000, 1001, 1002]), 1e-6, 'proba');
});

test('a margin of exactly 0 adds neither loss nor gradient', () => {
  const clf = identity('svm', 3);
  // s_1 − s_0 + Δ = 0 exactly; the other margin is negative.
  const { loss, dW, db } = clf.lossAndGradient(new Float32Array([2, 1, -5]), [0]);
  assert.equal(loss, 0);
  assert.ok(dW.every((v) => v === 0) && db.every((v) => v === 0));
  // the same for the other hinges: ova with s_y = Δ and every wrong score −Δ; structured with s_t − s_y + Δ = 0
  for (const [loss, s] of [['ova', [-1, 1, -1]], ['structured', [2, 1, -5]]] as const) {
    const c = identity(loss, 3);
    const g = c.lossAndGradient(new Float32Array(s), [loss === 'ova' ? 1 : 0]);
    assert.equal(g.loss, 0, loss);
    assert.ok(g.dW.every((v) => v === 0) && g.db.every((v) => v === 0), loss);
    c.dispose();
  }
});

// Tolerances: the kernels compute in float32 (ε = 6e-8). A score sums D ≤ 40
// products and a gradient N ≤ 60 rows, so rounding is bounded by roughly
// (D + N)·ε·(size of the terms) ≈ 1e-5 of the array's scale; 1e-4 leaves room
// for the exp/log of softmax and still catches any wrong term, which is O(1).
const TOL = 1e-4;

test('lossAndGradient, scores, predict, evaluate match the float64 reference on random shapes', () => {
  const r = rand(7);
  let cases = 0;
  for (const loss of LOSSES) {
    for (const penalty of PENALTIES) {
      for (let t = 0; t < 6; t++) {
        const N = 1 + Math.floor(r() * 60), D = 1 + Math.floor(r() * 40), C = 2 + Math.floor(r() * 11);
        const X = uniform(r, N * D), y = labels(r, N, C), W = uniform(r, C * D, -0.5, 0.5), b = uniform(r, C, -0.5, 0.5);
        const reg = r() * 0.1, l2Ratio = r(), delta = 0.5 + r();
        const clf = new LinearClassifier({ loss, penalty, numFeatures: D, numClasses: C, reg, l2Ratio, delta });
        clf.setWeights(W, b);
        const want = ref.lossAndGradient({ N, D, C, X, y, W, b, loss, penalty, reg, l2Ratio, delta });
        const what = `${loss}/${penalty} N=${N} D=${D} C=${C}`;
        const got = clf.lossAndGradient(X, y);
        assertNear(got.loss, want.loss, TOL, `${what} loss`);
        assertClose(got.dW, want.dW, TOL, `${what} dW`);
        assertClose(got.db, want.db, TOL, `${what} db`);
        const S = ref.scores(N, D, C, X, W, b);
        assertClose(clf.scores(X), S, TOL, `${what} scores`);
        const pred = clf.predict(X);
        for (let i = 0; i < N; i++) {
          const s = S.subarray(i * C, i * C + C);
          const sorted = [...s].sort((a, b2) => b2 - a);
          if (sorted[0] - sorted[1] > 1e-4) assert.equal(pred[i], want.pred[i], `${what} predict row ${i}`);
        }
        const ev = clf.evaluate(X, y);
        assertNear(ev.loss, want.loss, TOL, `${what} evaluate loss`);
        assert.equal(ev.accuracy, pred.reduce((a, p, i) => a + (p === y[i] ? 1 : 0), 0) / N, `${what} accuracy`);
        if (loss === 'softmax') {
          const P = clf.predictProba(X);
          const wantP = new Float64Array(N * C);
          for (let i = 0; i < N; i++) wantP.set(ref.softmaxProbs(S.subarray(i * C, i * C + C)), i * C);
          assertClose(P, wantP, TOL, `${what} predictProba`);
          for (let i = 0; i < N; i++) assert.equal(ref.argmax(P.subarray(i * C, i * C + C)), pred[i], `${what} argmax proba = argmax scores, row ${i}`);
        }
        clf.dispose();
        cases++;
      }
    }
  }
  assert.equal(cases, LOSSES.length * PENALTIES.length * 6);
});

test('a Dataset gives the same results as raw arrays and is reusable', () => {
  const r = rand(11);
  const N = 37, D = 13, C = 4;
  const X = uniform(r, N * D), y = labels(r, N, C);
  const ds = Dataset.from(X, y, { numFeatures: D });
  const clf = new LinearClassifier({ numFeatures: D, numClasses: C, seed: 3 });
  const a = clf.lossAndGradient(ds), b = clf.lossAndGradient(X, y);
  assert.equal(a.loss, b.loss);
  assert.deepEqual(a.dW, b.dW);
  assert.deepEqual(clf.predict(ds), clf.predict(X));
  assert.deepEqual(clf.evaluate(ds), clf.evaluate(X, y));
  ds.dispose();
  clf.dispose();
});

test('labels and features in other array types are accepted', () => {
  const clf = new LinearClassifier({ numFeatures: 2, numClasses: 3, seed: 1 });
  const a = clf.lossAndGradient(new Float32Array([1, 2, 3, 4]), new Int32Array([0, 2]));
  assert.deepEqual(clf.lossAndGradient([1, 2, 3, 4], [0, 2]), a);
  assert.deepEqual(clf.lossAndGradient(new Float64Array([1, 2, 3, 4]), new Uint8Array([0, 2])), a);
  clf.dispose();
});

test('initial weights: 0.001·N(0,1) from the seed, b = 0, same seed same bits', () => {
  const a = new LinearClassifier({ numFeatures: 50, numClasses: 20, seed: 5 });
  const b = new LinearClassifier({ numFeatures: 50, numClasses: 20, seed: 5 });
  const c = new LinearClassifier({ numFeatures: 50, numClasses: 20, seed: 6 });
  assert.deepEqual(a.coef, b.coef);
  assert.notDeepEqual(a.coef, c.coef);
  assert.ok(a.intercept.every((v) => v === 0));
  const w = a.coef;
  const mean = w.reduce((s, v) => s + v, 0) / w.length;
  const sd = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
  // 1000 draws: the sample mean is within 4σ/√1000 of 0 and the sd within 10% of 0.001
  assert.ok(Math.abs(mean) < 4 * 0.001 / Math.sqrt(1000), `mean ${mean}`);
  assert.ok(Math.abs(sd - 0.001) < 1e-4, `sd ${sd}`);
  for (const x of [a, b, c]) x.dispose();
});

// The numerical gradient is taken in float64 on the host, of the reference
// objective; the analytic gradient is the library's. Points are chosen away
// from kinks (hinge margins and, for L1, weights farther than 100h from 0).
test('numerical gradient check of lossAndGradient for every loss × penalty', () => {
  const h = 1e-5;
  const r = rand(3);
  const report: string[] = [];
  for (const loss of LOSSES) {
    for (const penalty of PENALTIES) {
      const N = 8, D = 6, C = 4, reg = 0.05, l2Ratio = 0.3, delta = 1;
      let X: Float32Array, y: Int32Array, W: Float32Array, b: Float32Array;
      const kinky = (): boolean => {
        if (W.some((w) => Math.abs(w) < 100 * h)) return true;
        return ref.nearKink(loss, ref.scores(N, D, C, X, W, b), N, C, y, delta, 1e-3);
      };
      do {
        X = uniform(r, N * D); y = labels(r, N, C); W = uniform(r, C * D); b = uniform(r, C);
      } while (kinky());
      const clf = new LinearClassifier({ loss, penalty, numFeatures: D, numClasses: C, reg, l2Ratio, delta });
      clf.setWeights(W, b);
      const { dW, db } = clf.lossAndGradient(X, y);
      const theta = new Float64Array([...W, ...b]);
      const f = (t: Float64Array) => ref.lossAndGradient({
        N, D, C, X, y, W: t.subarray(0, C * D), b: t.subarray(C * D), loss, penalty, reg, l2Ratio, delta,
      }).loss;
      const num = ref.numericalGradient(f, theta, h);
      const analytic = [...dW, ...db];
      let worst = 0;
      for (let i = 0; i < theta.length; i++) {
        // a derivative that is exactly 0 (a bias whose hinge counts cancel) against the difference's f64 noise
        if (Math.abs(analytic[i]) < 1e-9 && Math.abs(num[i]) < 1e-9) continue;
        worst = Math.max(worst, ref.relError(analytic[i], num[i]));
      }
      report.push(`${loss}/${penalty} ${worst.toExponential(2)}`);
      assert.ok(worst < 1e-3, `${loss}/${penalty}: max relative error ${worst}`);
      clf.dispose();
    }
  }
  console.log(`# gradient check max relative errors: ${report.join(', ')}`);
});
