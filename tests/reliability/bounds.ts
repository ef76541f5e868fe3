// Bounds on float32 rounding for comparing the library with the float64
// reference of tests/reference.ts, computed per entry from the reference rather
// than one constant; used by the property tests and the soak. u = 2^-24 is
// float32's unit roundoff.
// - A score s = b + Σ_d x_d·w_d summed in any order has |error| ≤ γ_{D+1}·A with
//   A = |b| + Σ_d |x_d·w_d| and γ_k = k·u/(1 − k·u) (the classic bound for sums;
//   x and w are float32 already, and wasm SIMD has no fused multiply-add). We
//   allow 2·(D + 2)·u·A.
// - Softmax probabilities p_c = e^{s_c − m} / Σ_j e^{s_j − m}: score errors of at
//   most Δ move log p_c by at most 2Δ, and float32 exp, log, sum and division add
//   a few ulps each, (C + 6)·u in all; so |Δp_c| ≤ p_c·(e^a − 1), a = 2Δ + (C + 6)·u.
// - A loss row moves by what its scores move (softmax: 2Δ; SVM: (C − 1)·2Δ over
//   the active margins) plus (C + 8)·u of its size; the mean over n rows adds
//   n·u of the mean; the penalty, a float32 sum of C·D terms, (C·D + 4)·u of itself.
// - A gradient entry dW_cd = (1/n)·Σ_i g_ic·x_id: each g_ic is off by the
//   probability bound (softmax) or not at all (SVM away from its kinks), and the
//   float32 sum over n rows adds (n + 4)·u of Σ|g·x| / n.
// Every bound is then doubled. Callers skip SVM cases where a margin lies within
// its rounding bound of the kink (clearOfKinks): there the subgradient may rightly differ.
import assert from 'node:assert/strict';
import * as ref from '../reference.js';

export const u = 2 ** -24;

/** What the bounds need: the problem (float32 data and weights) and the model's options. */
export interface Bounded {
  n: number; D: number; C: number; X: Float32Array; y: Int32Array; W: Float32Array; b: Float32Array;
  loss: 'svm' | 'softmax'; penalty: 'none' | 'l2' | 'l1' | 'elasticnet'; reg: number; l2Ratio: number; delta: number;
}

/**
 * Per score: the rounding bound 2·(D + 2)·u·(|b| + Σ|x·w|), plus drift·(1 + Σ|x|)
 * when the weights themselves may differ from W, b by up to `drift`.
 */
export function scoreBounds(p: Bounded, drift = 0): Float64Array {
  const { n, D, C, X, W, b } = p;
  const out = new Float64Array(n * C);
  for (let i = 0; i < n; i++) {
    let xs = 1;
    for (let d = 0; d < D; d++) xs += Math.abs(X[i * D + d]);
    for (let c = 0; c < C; c++) {
      let a = Math.abs(b[c]);
      for (let d = 0; d < D; d++) a += Math.abs(X[i * D + d] * W[c * D + d]);
      out[i * C + c] = 2 * (D + 2) * u * a + drift * xs;
    }
  }
  return out;
}

/** True when no SVM margin s_j − s_y + Δ (j ≠ y) is within its rounding bound of 0. */
export function clearOfKinks(p: Bounded, S: Float64Array, dS: Float64Array): boolean {
  for (let i = 0; i < p.n; i++) {
    const yi = p.y[i];
    for (let j = 0; j < p.C; j++) {
      if (j === yi) continue;
      const m = S[i * p.C + j] - S[i * p.C + yi] + p.delta;
      if (Math.abs(m) <= 4 * (dS[i * p.C + j] + dS[i * p.C + yi] + 4 * u * (Math.abs(m) + p.delta))) return false;
    }
  }
  return true;
}

/** Fails with index, expected, got, bound and shape unless |got − want| ≤ bound entrywise. */
export function within(got: ArrayLike<number>, want: ArrayLike<number>, bound: (i: number) => number, what: string, s: unknown): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]), tol = bound(i);
    if (!(err <= tol)) {
      assert.fail(`${what}: index ${i} expected ${want[i]}, got ${got[i]} (|err| ${err.toExponential(3)} > ${tol.toExponential(3)}); ${JSON.stringify(s)}`);
    }
  }
}

/** Per probability: the bound p·(e^a − 1), a = 2·max Δs of the row + (C + 6)·u, doubled. */
export function probBounds(p: Bounded, S: Float64Array, dS: Float64Array): { P: Float64Array; dP: Float64Array } {
  const { n, C } = p;
  const P = new Float64Array(n * C), dP = new Float64Array(n * C);
  for (let i = 0; i < n; i++) {
    const row = ref.softmaxProbs(S.subarray(i * C, i * C + C));
    let m = 0;
    for (let c = 0; c < C; c++) m = Math.max(m, dS[i * C + c]);
    const a = 2 * m + (C + 6) * u;
    for (let c = 0; c < C; c++) {
      P[i * C + c] = row[c];
      // a probability is in [0, 1] whatever happens, so no bound need exceed 1 (nor be 0·∞)
      const e = row[c] * Math.expm1(a);
      dP[i * C + c] = 2 * (e <= 1 ? e : 1) + 2 * u;
    }
  }
  return { P, dP };
}

/** Bounds on the full loss and on every entry of dW and db, from the reference at W, b. */
export function gradientBounds(p: Bounded, S: Float64Array, dS: Float64Array) {
  const { n, D, C, X, y } = p;
  const { dP } = p.loss === 'softmax' ? probBounds(p, S, dS) : { dP: new Float64Array(n * C) };
  const eW = new Float64Array(C * D), eB = new Float64Array(C);
  let lossErr = 0, lossSum = 0;
  for (let i = 0; i < n; i++) {
    const s = S.subarray(i * C, i * C + C);
    const row = p.loss === 'svm' ? ref.svmRow(s, y[i], p.delta) : ref.softmaxRow(s, y[i]);
    let m = 0;
    for (let c = 0; c < C; c++) m = Math.max(m, dS[i * C + c]);
    lossErr += (p.loss === 'svm' ? 2 * (C - 1) * m : 2 * m) + (C + 8) * u * (Math.abs(row.loss) + p.delta * C + 1);
    lossSum += Math.abs(row.loss);
    for (let c = 0; c < C; c++) {
      const g = Math.abs(row.ds[c]), e = dP[i * C + c] + 2 * (n + 4) * u * g;
      eB[c] += e / n;
      for (let d = 0; d < D; d++) eW[c * D + d] += (Math.abs(X[i * D + d]) * e) / n;
    }
  }
  const pen = ref.penalty(p.W, p.penalty, p.reg, p.l2Ratio);
  for (let k = 0; k < C * D; k++) eW[k] = 2 * (eW[k] + 4 * u * Math.abs(pen.grad[k]) + 4 * u * Math.abs(p.W[k]) * p.reg * (1 + 2 * p.l2Ratio));
  for (let c = 0; c < C; c++) eB[c] *= 2;
  const loss = 2 * (lossErr / n + (n + 2) * u * (lossSum / n) + (C * D + 4) * u * pen.loss);
  return { loss, eW, eB };
}
