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
//   the active margins; one-vs-all: C·Δ, one score per margin; structured: 2Δ,
//   one margin of two scores) plus (C + 8)·u of its size; the mean over n rows adds
//   n·u of the mean; the penalty, a float32 sum of C·D terms, (C·D + 4)·u of itself.
// - A gradient entry dW_cd = (1/n)·Σ_i g_ic·x_id: each g_ic is off by the
//   probability bound (softmax) or not at all (a hinge away from its kinks), and the
//   float32 sum over n rows adds (n + 4)·u of Σ|g·x| / n.
// Every bound is then doubled. Callers skip hinge cases where a margin lies within
// its rounding bound of the kink, or (structured) the top wrong scores within
// theirs of a tie (clearOfKinks): there the subgradient may rightly differ.
import assert from 'node:assert/strict';
import * as ref from '../reference.js';

export const u = 2 ** -24;

/** What the bounds need: the problem (float32 data and weights) and the model's options. */
export interface Bounded {
  n: number; D: number; C: number; X: Float32Array; y: Int32Array; W: Float32Array; b: Float32Array;
  loss: ref.LossKind; penalty: 'none' | 'l2' | 'l1' | 'elasticnet'; reg: number; l2Ratio: number; delta: number;
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

/**
 * True when no hinge margin (svm: s_j − s_y + Δ for j ≠ y; ova: Δ − t_j·s_j;
 * structured: Δ + s_t − s_y for the top wrong class t) is within its rounding
 * bound of 0, and (structured) no other wrong score within its bound of s_t.
 * Softmax has no kinks: always true.
 */
export function clearOfKinks(p: Bounded, S: Float64Array, dS: Float64Array): boolean {
  const C = p.C;
  const near = (m: number, err: number): boolean => Math.abs(m) <= 4 * (err + 4 * u * (Math.abs(m) + p.delta));
  for (let i = 0; i < p.n; i++) {
    const yi = p.y[i], s = S.subarray(i * C, i * C + C), e = dS.subarray(i * C, i * C + C);
    if (p.loss === 'svm') {
      for (let j = 0; j < C; j++) if (j !== yi && near(s[j] - s[yi] + p.delta, e[j] + e[yi])) return false;
    } else if (p.loss === 'ova') {
      for (let j = 0; j < C; j++) if (near(p.delta - (j === yi ? 1 : -1) * s[j], e[j])) return false;
    } else if (p.loss === 'structured') {
      let t = -1;
      for (let j = 0; j < C; j++) if (j !== yi && (t < 0 || s[j] > s[t])) t = j;
      if (t < 0) continue;
      if (near(p.delta + s[t] - s[yi], e[t] + e[yi])) return false;
      for (let j = 0; j < C; j++) if (j !== yi && j !== t && near(s[t] - s[j], e[t] + e[j])) return false;
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
    const row = ref.lossRow(p.loss, s, y[i], p.delta);
    let m = 0;
    for (let c = 0; c < C; c++) m = Math.max(m, dS[i * C + c]);
    lossErr += (p.loss === 'svm' ? 2 * (C - 1) * m : p.loss === 'ova' ? C * m : 2 * m) + (C + 8) * u * (Math.abs(row.loss) + p.delta * C + 1);
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
