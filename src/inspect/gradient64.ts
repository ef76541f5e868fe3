// The gradient check's own float64 evaluation of the gradient: the formulas of
// the kernels (scores, softmax or the hinges' margins, dW = dSᵀX / N + λR'(W), db = Σ dS / N)
// evaluated in JavaScript doubles over the Dataset's float32 rows, exactly the
// function objective_f64_scalar differences. It exists only for gradCheck, which
// uses it to tell float32 rounding in the library's gradient apart from error:
// training and every other call use the kernels' float32 gradient.
import { kernels } from '../runtime/module.js';
import type { Dataset } from '../model/dataset.js';
import type { LossName, PenaltyName } from '../runtime/kernels.js';

/** What the float64 evaluation needs: the model (float32 W, b as given) and its options. */
export interface Model64 {
  C: number; D: number; W: Float32Array; b: Float32Array;
  loss: LossName; penalty: PenaltyName; reg: number; l2Ratio: number; delta: number;
}

export interface Gradient64 {
  /** ∂L/∂[W | b] in float64: C·D entries of W (row-major), then C of b. */
  g: Float64Array;
  /** Per entry, Σ of the absolute values of what it sums: (1/N)Σ_i |dS_ic·x_id| + |λR'(w)| (bias: (1/N)Σ_i |dS_ic|). */
  size: Float64Array;
  /**
   * Per entry: a kink lies within reach of a centered difference of step h, so
   * that the difference may straddle it — a hinge margin of a row the entry moves
   * within h·|x| of 0 (svm: s_j − s_y + Δ; ova: Δ − t_c·s_c; structured: the top
   * wrong class's margin, or a tie between the top wrong scores), with `rounding`
   * also within what float32 rounding of the row's scores may move it (the
   * library's scores are float32, so its subgradient may count that margin
   * otherwise), or (L1, elastic net) |w| ≤ h.
   */
  nearKink(index: number, h: number, rounding: boolean): boolean;
  /** The rows whose loss the entry changes: every row for a bias, those with x_d ≠ 0 for W[c, d]. */
  rows(index: number): number[];
}

/** sign(w) with sign(0) = 0, as the kernels' L1 subgradient. */
const sign = (w: number): number => (w > 0 ? 1 : w < 0 ? -1 : 0);

/** The float64 gradient of the full loss (1/N)Σ L_i + λR(W) over every row of ds. */
export function gradient64(ds: Dataset, m: Model64): Gradient64 {
  const { C, D, W, b, loss, penalty, reg, l2Ratio, delta } = m;
  const N = ds.numRows, Dp = ds.paddedFeatures, p = ds.ptrs();
  // Nothing below allocates in linear memory, so these views stay attached.
  const buf = kernels().memory.buffer as ArrayBuffer;
  const X = new Float32Array(buf, p.X, N * Dp), y = new Int32Array(buf, p.y, N);
  const g = new Float64Array(C * D + C), size = new Float64Array(C * D + C);
  // per row and class, the distance to the nearest kink that moving s_c can reach (hinge losses only)
  const kinks = loss === 'softmax' ? null : new Float64Array(N * C).fill(Infinity);
  // per row, a bound on float32 rounding of a margin: two scores, each off by at most 2(D + 2)·u·(|b| + Σ|x·w|)
  const rounding = new Float64Array(kinks ? N : 0);
  const s = new Float64Array(C), dS = new Float64Array(C);
  for (let i = 0; i < N; i++) {
    const x = i * Dp, label = y[i];
    let top = -Infinity, widest = 0;
    for (let c = 0; c < C; c++) {
      let v = b[c], a = Math.abs(v);
      for (let d = 0; d < D; d++) {
        const t = X[x + d] * W[c * D + d];
        v += t;
        a += Math.abs(t);
      }
      s[c] = v;
      if (v > top) top = v;
      if (a > widest) widest = a;
    }
    if (kinks) rounding[i] = 4 * (D + 2) * 2 ** -24 * widest;
    const k = kinks ? kinks.subarray(i * C, i * C + C) : null;
    if (loss === 'softmax') {
      let z = 0;
      for (let c = 0; c < C; c++) z += (dS[c] = Math.exp(s[c] - top));
      for (let c = 0; c < C; c++) dS[c] /= z;
      dS[label] -= 1;
    } else if (loss === 'svm') {
      // margin c moves with s_c and with s_y: the label's entry reaches every margin
      dS.fill(0);
      for (let c = 0; c < C; c++) {
        if (c === label) continue;
        const margin = s[c] - s[label] + delta;
        k![c] = Math.abs(margin);
        k![label] = Math.min(k![label], Math.abs(margin));
        if (margin > 0) { dS[c] = 1; dS[label] -= 1; }
      }
    } else if (loss === 'ova') {
      // margin c moves with s_c alone
      for (let c = 0; c < C; c++) {
        const t = c === label ? 1 : -1, margin = delta - t * s[c];
        k![c] = Math.abs(margin);
        dS[c] = margin > 0 ? -t : 0;
      }
    } else {
      // the top wrong class t (the first on ties) and the second-highest wrong score
      dS.fill(0);
      let t = -1, second = -Infinity;
      for (let c = 0; c < C; c++) {
        if (c === label) continue;
        if (t < 0 || s[c] > s[t]) { if (t >= 0) second = s[t]; t = c; } else if (s[c] > second) second = s[c];
      }
      if (t < 0) continue;
      const margin = s[t] - s[label] + delta;
      if (margin > 0) { dS[t] = 1; dS[label] = -1; }
      // the label's entry moves the margin; a wrong class's moves it when it becomes or stays the top
      // (the hinge at s_c = s_y − Δ) and meets the top at s_c = max of the other wrong scores
      k![label] = Math.abs(margin);
      for (let c = 0; c < C; c++) {
        if (c === label) continue;
        const others = c === t ? second : s[t];
        k![c] = Math.min(Math.abs(s[c] - others), Math.abs(s[c] - s[label] + delta));
      }
    }
    for (let c = 0; c < C; c++) {
      const v = dS[c];
      if (v === 0) continue;
      g[C * D + c] += v;
      size[C * D + c] += Math.abs(v);
      for (let d = 0; d < D; d++) {
        const t = v * X[x + d];
        g[c * D + d] += t;
        size[c * D + d] += Math.abs(t);
      }
    }
  }
  const sq = penalty === 'l2' ? 2 : penalty === 'elasticnet' ? 2 * l2Ratio : 0;
  const ab = penalty === 'l1' || penalty === 'elasticnet' ? 1 : 0;
  for (let k = 0; k < C * D + C; k++) {
    g[k] /= N;
    size[k] /= N;
    if (k < C * D) {
      const r = reg * (sq * W[k] + ab * sign(W[k]));
      g[k] += r;
      size[k] += Math.abs(r);
    }
  }
  const nearKink = (index: number, h: number, withRounding: boolean): boolean => {
    const bias = index >= C * D, c = bias ? index - C * D : Math.floor(index / D), d = index % D;
    if (!bias && ab && Math.abs(W[index]) <= h) return true;
    if (!kinks) return false;
    for (let i = 0; i < N; i++) {
      const xd = bias ? 1 : Math.abs(X[i * Dp + d]);
      if (xd === 0) continue;
      // the entry moves s_c of this row by up to h·|x_d|
      if (kinks[i * C + c] <= h * xd + (withRounding ? rounding[i] : 0)) return true;
    }
    return false;
  };
  const rows = (index: number): number[] => {
    const out: number[] = [];
    const d = index % D, bias = index >= C * D;
    for (let i = 0; i < N; i++) if (bias || X[i * Dp + d] !== 0) out.push(i);
    return out;
  };
  return { g, size, nearKink, rows };
}
