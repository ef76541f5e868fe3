// Property tests (fast-check, fixed seeds, so every run tries the same cases):
// random shapes (D 1–70, C 2–12, n 1–300), data and weights of several
// magnitudes, every loss × penalty, compared with the float64 reference of
// tests/reference.ts: scores, predictions, probabilities, losses, gradients,
// and every update rule driven by fit / partialFit on the full batch.
// Tolerances: the per-entry float32 rounding bounds argued in bounds.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { init, LinearClassifier, Dataset } from '../../src/index.js';
import * as ref from '../reference.js';
import { rand } from '../util.js';
import { u, scoreBounds, clearOfKinks, within, probBounds, gradientBounds } from './bounds.js';

const LOSSES = ['svm', 'softmax', 'ova', 'structured'] as const;
const PENALTIES = ['none', 'l2', 'l1', 'elasticnet'] as const;
const RULES = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const;
const counts: Record<string, number> = {};
const count = (name: string): void => { counts[name] = (counts[name] ?? 0) + 1; };

before(() => init());
after(() => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`# properties: ${total} cases (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')})`);
});

interface Shape {
  D: number; C: number; n: number; seed: number; xScale: number; wScale: number;
  loss: typeof LOSSES[number]; penalty: typeof PENALTIES[number]; reg: number; l2Ratio: number; delta: number;
}

const shape = (o: { xScales?: number[]; wScales?: number[] } = {}): fc.Arbitrary<Shape> => fc.record({
  D: fc.integer({ min: 1, max: 70 }), C: fc.integer({ min: 2, max: 12 }), n: fc.integer({ min: 1, max: 300 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  xScale: fc.constantFrom(...(o.xScales ?? [0.01, 1, 30])), wScale: fc.constantFrom(...(o.wScales ?? [0.01, 0.5, 3])),
  loss: fc.constantFrom(...LOSSES), penalty: fc.constantFrom(...PENALTIES),
  reg: fc.constantFrom(0, 1e-4, 1e-2, 0.5), l2Ratio: fc.double({ min: 0, max: 2, noNaN: true }), delta: fc.double({ min: 0.1, max: 3, noNaN: true }),
});

/** The problem a shape describes: float32 data, labels and weights drawn from its seed. */
function problem(s: Shape) {
  const r = rand(s.seed);
  const f32 = (k: number, scale: number) => Float32Array.from({ length: k }, () => (2 * r() - 1) * scale);
  const X = f32(s.n * s.D, s.xScale), W = f32(s.C * s.D, s.wScale), b = f32(s.C, s.wScale);
  const y = Int32Array.from({ length: s.n }, () => Math.floor(r() * s.C));
  return { ...s, N: s.n, X, y, W, b };
}
type Problem = ReturnType<typeof problem>;


test('scores, predict and predictProba against the float64 reference', () => {
  fc.assert(fc.property(shape(), (s) => {
    const p = problem(s);
    const clf = new LinearClassifier({ loss: s.loss, penalty: s.penalty, numFeatures: s.D, numClasses: s.C });
    try {
      clf.setWeights(p.W, p.b);
      const S = ref.scores(p.n, p.D, p.C, p.X, p.W, p.b), dS = scoreBounds(p);
      within(clf.scores(p.X), S, (i) => dS[i], 'scores', s);
      const pred = clf.predict(p.X);
      for (let i = 0; i < p.n; i++) {
        const row = S.subarray(i * p.C, i * p.C + p.C), top = ref.argmax(row);
        let gap = Infinity;
        for (let c = 0; c < p.C; c++) if (c !== top) gap = Math.min(gap, row[top] - row[c] - 2 * (dS[i * p.C + top] + dS[i * p.C + c]));
        if (gap > 0) assert.equal(pred[i], top, `predict row ${i}; ${JSON.stringify(s)}`);
      }
      if (s.loss === 'softmax') {
        const { P, dP } = probBounds(p, S, dS);
        const got = clf.predictProba(p.X);
        within(got, P, (i) => dP[i], 'predictProba', s);
        for (let i = 0; i < p.n; i++) assert.equal(ref.argmax(got.subarray(i * p.C, i * p.C + p.C)), pred[i], 'argmax of probabilities = predict');
      }
      count('scores');
    } finally {
      clf.dispose();
    }
  }), { seed: 8001, numRuns: 700 });
});

test('lossAndGradient and evaluate against the float64 reference, every loss × penalty', () => {
  fc.assert(fc.property(shape(), (s) => {
    const p = problem(s);
    const S = ref.scores(p.n, p.D, p.C, p.X, p.W, p.b), dS = scoreBounds(p);
    if (s.loss !== 'softmax') fc.pre(clearOfKinks(p, S, dS));
    const want = ref.lossAndGradient(p);
    const e = gradientBounds(p, S, dS);
    const clf = new LinearClassifier({ loss: s.loss, penalty: s.penalty, numFeatures: s.D, numClasses: s.C, reg: s.reg, l2Ratio: s.l2Ratio, delta: s.delta });
    const ds = Dataset.from(p.X, p.y, { numFeatures: s.D });
    try {
      clf.setWeights(p.W, p.b);
      const got = clf.lossAndGradient(ds);
      within([got.loss], [want.loss], () => e.loss, 'loss', s);
      within(got.dW, want.dW, (k) => e.eW[k], 'dW', s);
      within(got.db, want.db, (c) => e.eB[c], 'db', s);
      const ev = clf.evaluate(ds);
      within([ev.loss], [want.loss], () => e.loss, 'evaluate loss', s);
      const pred = clf.predict(ds);
      assert.equal(ev.accuracy, pred.reduce((a, v, i) => a + (v === p.y[i] ? 1 : 0), 0) / p.n, 'accuracy = mean of predict = y');
      count(`loss+gradient`);
    } finally {
      clf.dispose();
      ds.dispose();
    }
  }), { seed: 8002, numRuns: 800 });
});

// The update rules in isolation: before each full-batch partialFit step the
// library's gradient at its current weights (lossAndGradient: the same kernel
// call the step makes) is handed to the float64 rule, so what is compared is the
// rule's arithmetic. The kernels take the hyperparameters as float32, so the
// reference gets the same float32 values. Each step costs a few ulps of the
// weights and of the step (a handful of float32 operations, Adam's most), so
// after t steps |error| ≤ 32·t·u·(max|w| + Σ max|step|).
test('every update rule, step by step with partialFit, against the float64 rule', () => {
  fc.assert(fc.property(shape({ xScales: [0.1, 1, 5], wScales: [0.01, 0.5] }), fc.constantFrom(...RULES), fc.integer({ min: 1, max: 5 }),
    fc.record({ lr: fc.double({ min: 1e-4, max: 0.5, noNaN: true }), mu: fc.constantFrom(0, 0.5, 0.9, 0.99),
      rho: fc.constantFrom(0.5, 0.9, 0.99, 0.999), beta1: fc.constantFrom(0, 0.9, 0.99), beta2: fc.constantFrom(0.9, 0.999, 0.9999),
      eps: fc.constantFrom(1e-8, 1e-6, 1e-3) }),
    (s, rule, steps, h) => {
      const p = problem(s);
      const clf = new LinearClassifier({ loss: s.loss, penalty: s.penalty, numFeatures: s.D, numClasses: s.C, reg: s.reg, l2Ratio: s.l2Ratio, delta: s.delta });
      const twin = new LinearClassifier(clf.options);
      const ds = Dataset.from(p.X, p.y, { numFeatures: s.D });
      try {
        clf.setWeights(p.W, p.b);
        twin.setWeights(p.W, p.b);
        const o = { optimizer: rule, batchSize: 'full', learningRate: h.lr, mu: h.mu, rho: h.rho, beta1: h.beta1, beta2: h.beta2, epsilon: h.eps } as const;
        const f = Math.fround;
        const params = { lr: f(h.lr), mu: f(h.mu), rho: f(h.rho), beta1: f(h.beta1), beta2: f(h.beta2), eps: f(h.eps) };
        const theta = new Float64Array([...p.W, ...p.b]), state: Record<string, Float64Array | number> = {};
        let moved = 0;
        for (let t = 1; t <= steps; t++) {
          const { loss, dW, db } = clf.lossAndGradient(ds);
          const h1 = clf.partialFit(ds, o);
          assert.equal(h1.loss[0], Math.fround(loss), 'the step loss (history keeps float32) is the loss lossAndGradient reports');
          const prev = theta.slice();
          ref.updateRule(rule, theta, [...dW, ...db], params, state);
          let step = 0;
          for (let k = 0; k < theta.length; k++) step = Math.max(step, Math.abs(theta[k] - prev[k]));
          moved += step;
          let top = 0;
          for (const v of theta) top = Math.max(top, Math.abs(v));
          const tol = 32 * t * u * (top + moved);
          within(clf.coef, theta.subarray(0, s.C * s.D), () => tol, `${rule} W after step ${t}`, s);
          within(clf.intercept, theta.subarray(s.C * s.D), () => tol, `${rule} b after step ${t}`, s);
        }
        // fit with `steps` epochs on the full batch takes the same steps, bit for bit
        twin.fit(ds, { ...o, epochs: steps });
        assert.deepEqual(twin.coef, clf.coef, `${rule}: fit ≡ ${steps} × partialFit`);
        assert.deepEqual(twin.intercept, clf.intercept);
        count(`update ${rule}`);
      } finally {
        clf.dispose();
        twin.dispose();
        ds.dispose();
      }
    }), { seed: 8003, numRuns: 900 });
});

// Whole runs: fit for 1–5 full-batch epochs against the float64 reference
// following its own float64 gradient. The library's weights drift from the
// reference's by at most `drift`, tracked step by step: a drift moves each score
// by at most drift·(1 + Σ|x|), which the gradient bound above then covers (plus
// the penalty's gradient, 2λ(1 + β)·drift), so each step adds lr·(gradient bound)
// — through the velocity, for momentum and Nesterov. The normalizing rules
// (adagrad, rmsprop, adam) take steps lr·g/√(Σg²): they carry the relative error
// of g, not its absolute error, so where float32 cannot carry the float64
// gradient to 1e-5 of itself (float64's exact zeros, which float32 leaves as
// crumbs of rounding, are the extreme case) the reference takes the library's
// gradient instead, and elsewhere a step is within 1e-3 of itself (1e-5 through
// the gradient and its running squares, times up to ~30 where Adam's first
// moment cancels). Data in [−1, 1], weights in [−0.5, 0.5]; the learning rate
// stays below 1 / (1 + max‖x‖²). L1 kinks (a weight within the drift of 0) and
// SVM kinks are skipped.
test('whole fit runs of every rule against the float64 reference following its own gradient', () => {
  fc.assert(fc.property(shape({ xScales: [1], wScales: [0.5] }), fc.constantFrom(...RULES), fc.integer({ min: 1, max: 5 }), fc.double({ min: 0.05, max: 1, noNaN: true }),
    (s, rule, steps, lrFrac) => {
      const p = problem(s);
      let xx = 0;
      for (let i = 0; i < p.n; i++) {
        let q = 0;
        for (let d = 0; d < p.D; d++) q += p.X[i * p.D + d] ** 2;
        xx = Math.max(xx, q);
      }
      const lr = (lrFrac * 0.5) / (1 + xx + 2 * s.reg * (1 + s.l2Ratio)), mu = 0.9;
      const adaptive = rule === 'adagrad' || rule === 'rmsprop' || rule === 'adam';
      const kinked = s.penalty === 'l1' || s.penalty === 'elasticnet';
      const clf = new LinearClassifier({ loss: s.loss, penalty: s.penalty, numFeatures: s.D, numClasses: s.C, reg: s.reg, l2Ratio: s.l2Ratio, delta: s.delta });
      const twin = new LinearClassifier(clf.options);
      const ds = Dataset.from(p.X, p.y, { numFeatures: s.D });
      try {
        clf.setWeights(p.W, p.b);
        twin.setWeights(p.W, p.b);
        const o = { optimizer: rule, batchSize: 'full', learningRate: lr, mu } as const;
        const f = Math.fround;
        const params = { lr: f(lr), mu: f(mu), rho: f(0.99), beta1: f(0.9), beta2: f(0.999), eps: f(1e-8) };
        const theta = new Float64Array([...p.W, ...p.b]), state: Record<string, Float64Array | number> = {};
        const refLosses: number[] = [], lossTol: number[] = [];
        let drift = 0, velocity = 0, moved = 0, top = 0;
        for (let t = 1; t <= steps; t++) {
          const W = theta.subarray(0, s.C * s.D), b = theta.subarray(s.C * s.D);
          if (kinked) fc.pre(W.every((w) => Math.abs(w) > 2 * drift + 1e-9));
          const q = { ...p, W: Float32Array.from(W), b: Float32Array.from(b) };
          const S = ref.scores(p.n, p.D, p.C, p.X, W, b), dS = scoreBounds(q, drift);
          if (s.loss !== 'softmax') fc.pre(clearOfKinks(q, S, dS));
          const want = ref.lossAndGradient({ ...p, W, b });
          const e = gradientBounds(q, S, dS);
          const penDrift = 2 * s.reg * (1 + s.l2Ratio) * drift;
          let gmax = 0, wmax = 0;
          for (let k = 0; k < s.C * s.D; k++) { gmax = Math.max(gmax, e.eW[k] + 2 * penDrift); wmax = Math.max(wmax, Math.abs(W[k])); }
          for (let c = 0; c < s.C; c++) gmax = Math.max(gmax, e.eB[c]);
          refLosses.push(want.loss);
          lossTol.push(e.loss + 4 * s.reg * s.C * s.D * drift * (2 * wmax * (1 + s.l2Ratio) + 1));
          // the library's gradient at its own weights, from the twin that partialFits step by step
          const lib = twin.lossAndGradient(ds);
          twin.partialFit(ds, o);
          const g = Float64Array.from([...want.dW, ...want.db]), g32 = [...lib.dW, ...lib.db];
          if (adaptive) for (let k = 0; k < g.length; k++) if (!(Math.abs(g32[k] - g[k]) <= 1e-5 * Math.abs(g[k]))) g[k] = g32[k];
          const prev = theta.slice();
          ref.updateRule(rule, theta, g, params, state);
          let step = 0;
          for (let k = 0; k < theta.length; k++) { step = Math.max(step, Math.abs(theta[k] - prev[k])); top = Math.max(top, Math.abs(theta[k])); }
          moved += step;
          if (adaptive) drift += 1e-3 * step;
          else if (rule === 'sgd') drift += lr * gmax;
          else {
            velocity += lr * gmax;
            drift += (rule === 'momentum' ? 1 : 1 + 2 * mu) * velocity;
          }
        }
        const h = clf.fit(ds, { ...o, epochs: steps });
        const tol = 2 * drift + 32 * steps * u * (top + moved);
        within(h.loss, refLosses, (t) => lossTol[t], `${rule} step losses`, s);
        within(clf.coef, theta.subarray(0, s.C * s.D), () => tol, `${rule} W after ${steps} epochs`, s);
        within(clf.intercept, theta.subarray(s.C * s.D), () => tol, `${rule} b after ${steps} epochs`, s);
        assert.deepEqual(twin.coef, clf.coef, `${rule}: fit ≡ ${steps} × partialFit`);
        count(`fit ${rule}`);
      } finally {
        clf.dispose();
        twin.dispose();
        ds.dispose();
      }
    }), { seed: 8004, numRuns: 600 });
});
