// Slow, plain float64 twins of everything the library computes, written from
// the lecture notes' formulas. No imports from src/: this file is the yardstick.

export type LossKind = 'svm' | 'softmax' | 'ova' | 'structured';
export type PenaltyKind = 'none' | 'l2' | 'l1' | 'elasticnet';

export interface Problem {
  N: number; D: number; C: number;
  X: ArrayLike<number>; y: ArrayLike<number>;
  W: ArrayLike<number>; b: ArrayLike<number>;
  loss: LossKind; penalty: PenaltyKind; reg: number; l2Ratio: number; delta: number;
  /** Row weights: the objective is Σ w_i·L_i / Σ w_i + λR(W). Default: all 1. */
  weights?: ArrayLike<number>;
}

/** s = W·x + b for each row: N·C. */
export function scores(N: number, D: number, C: number, X: ArrayLike<number>, W: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const S = new Float64Array(N * C);
  for (let i = 0; i < N; i++) {
    for (let c = 0; c < C; c++) {
      let s = b[c];
      for (let d = 0; d < D; d++) s += X[i * D + d] * W[c * D + d];
      S[i * C + c] = s;
    }
  }
  return S;
}

/** L_i = Σ_{j≠y} max(0, s_j − s_y + Δ) and ∂L_i/∂s. */
export function svmRow(s: ArrayLike<number>, y: number, delta: number): { loss: number; ds: Float64Array } {
  const ds = new Float64Array(s.length);
  let loss = 0;
  for (let j = 0; j < s.length; j++) {
    if (j === y) continue;
    const m = s[j] - s[y] + delta;
    if (m > 0) {
      loss += m;
      ds[j] = 1;
      ds[y] -= 1;
    }
  }
  return { loss, ds };
}

/** One-vs-all: L_i = Σ_j max(0, Δ − t_j·s_j), t_y = +1, t_j = −1 otherwise, and ∂L_i/∂s. */
export function ovaRow(s: ArrayLike<number>, y: number, delta: number): { loss: number; ds: Float64Array } {
  const ds = new Float64Array(s.length);
  let loss = 0;
  for (let j = 0; j < s.length; j++) {
    const t = j === y ? 1 : -1;
    const m = delta - t * s[j];
    if (m > 0) {
      loss += m;
      ds[j] = -t;
    }
  }
  return { loss, ds };
}

/** Crammer–Singer: L_i = max(0, Δ + max_{j≠y} s_j − s_y) (the first wrong class on ties) and ∂L_i/∂s. */
export function structuredRow(s: ArrayLike<number>, y: number, delta: number): { loss: number; ds: Float64Array } {
  const ds = new Float64Array(s.length);
  let t = -1;
  for (let j = 0; j < s.length; j++) if (j !== y && (t < 0 || s[j] > s[t])) t = j;
  const m = t < 0 ? 0 : delta + s[t] - s[y];
  if (m <= 0) return { loss: 0, ds };
  ds[t] = 1;
  ds[y] = -1;
  return { loss: m, ds };
}

/**
 * True when some row of scores S (N·C) lies within eps of a kink of the loss:
 * a hinge margin within eps of 0 (svm: s_j − s_y + Δ, j ≠ y; ova: Δ − t_j·s_j;
 * structured: Δ + s_t − s_y for the top wrong class t), or (structured) another
 * wrong score within eps of s_t. Softmax has none.
 */
export function nearKink(loss: LossKind, S: ArrayLike<number>, N: number, C: number, y: ArrayLike<number>, delta: number, eps: number): boolean {
  for (let i = 0; i < N; i++) {
    const s = (j: number) => S[i * C + j], yi = y[i];
    if (loss === 'svm') {
      for (let j = 0; j < C; j++) if (j !== yi && Math.abs(s(j) - s(yi) + delta) < eps) return true;
    } else if (loss === 'ova') {
      for (let j = 0; j < C; j++) if (Math.abs(delta - (j === yi ? 1 : -1) * s(j)) < eps) return true;
    } else if (loss === 'structured') {
      let t = -1;
      for (let j = 0; j < C; j++) if (j !== yi && (t < 0 || s(j) > s(t))) t = j;
      if (t < 0) continue;
      if (Math.abs(delta + s(t) - s(yi)) < eps) return true;
      for (let j = 0; j < C; j++) if (j !== yi && j !== t && s(t) - s(j) < eps) return true;
    }
  }
  return false;
}

/** A row's loss and ∂L_i/∂s for any loss. */
export function lossRow(loss: LossKind, s: ArrayLike<number>, y: number, delta: number): { loss: number; ds: Float64Array } {
  return loss === 'svm' ? svmRow(s, y, delta) : loss === 'ova' ? ovaRow(s, y, delta)
    : loss === 'structured' ? structuredRow(s, y, delta) : softmaxRow(s, y);
}

/** L_i = −ln(e^{s_y} / Σ_j e^{s_j}) (natural log, max subtracted) and ∂L_i/∂s = p − onehot(y). */
export function softmaxRow(s: ArrayLike<number>, y: number): { loss: number; ds: Float64Array } {
  let m = -Infinity;
  for (let j = 0; j < s.length; j++) m = Math.max(m, s[j]);
  let z = 0;
  for (let j = 0; j < s.length; j++) z += Math.exp(s[j] - m);
  const ds = new Float64Array(s.length);
  for (let j = 0; j < s.length; j++) ds[j] = Math.exp(s[j] - m) / z;
  ds[y] -= 1;
  return { loss: Math.log(z) - (s[y] - m), ds };
}

/** Softmax probabilities of one row of scores. */
export function softmaxProbs(s: ArrayLike<number>): Float64Array {
  let m = -Infinity;
  for (let j = 0; j < s.length; j++) m = Math.max(m, s[j]);
  const p = Float64Array.from(s, (v) => Math.exp(v - m));
  const z = p.reduce((a, v) => a + v, 0);
  return p.map((v) => v / z);
}

/** λR(W) and ∂(λR)/∂W for the penalties of the notes; sign(0) = 0. */
export function penalty(W: ArrayLike<number>, kind: PenaltyKind, reg: number, l2Ratio: number): { loss: number; grad: Float64Array } {
  const grad = new Float64Array(W.length);
  let loss = 0;
  for (let i = 0; i < W.length; i++) {
    const w = W[i];
    const sign = w > 0 ? 1 : w < 0 ? -1 : 0;
    if (kind === 'l2') { loss += w * w; grad[i] = 2 * reg * w; }
    if (kind === 'l1') { loss += Math.abs(w); grad[i] = reg * sign; }
    if (kind === 'elasticnet') { loss += l2Ratio * w * w + Math.abs(w); grad[i] = reg * (2 * l2Ratio * w + sign); }
  }
  return { loss: reg * loss, grad };
}

/** The full objective (1/N)Σ L_i + λR(W) (weighted: Σ w_i·L_i / Σ w_i + λR(W)), its gradient, and per-row argmax. */
export function lossAndGradient(p: Problem): { loss: number; dW: Float64Array; db: Float64Array; pred: Int32Array; correct: number } {
  const { N, D, C, X, y } = p;
  const S = scores(N, D, C, X, p.W, p.b);
  const dW = new Float64Array(C * D), db = new Float64Array(C), pred = new Int32Array(N);
  const w = p.weights, norm = w ? Array.from(w).reduce((a, v) => a + v, 0) : N;
  let data = 0, correct = 0;
  for (let i = 0; i < N; i++) {
    const s = S.subarray(i * C, i * C + C);
    pred[i] = argmax(s);
    if (pred[i] === y[i]) correct++;
    const r = lossRow(p.loss, s, y[i], p.delta);
    const wi = w ? w[i] : 1;
    data += wi * r.loss;
    for (let c = 0; c < C; c++) {
      const g = (wi * r.ds[c]) / norm;
      db[c] += g;
      for (let d = 0; d < D; d++) dW[c * D + d] += g * X[i * D + d];
    }
  }
  const pen = penalty(p.W, p.penalty, p.reg, p.l2Ratio);
  for (let i = 0; i < dW.length; i++) dW[i] += pen.grad[i];
  return { loss: data / norm + pen.loss, dW, db, pred, correct };
}

/** Index of the largest value, the first on ties. */
export function argmax(s: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < s.length; j++) if (s[j] > s[best]) best = j;
  return best;
}

/** Centered-difference numerical gradient of f at x (x is restored). */
export function numericalGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-5): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const old = x[i];
    x[i] = old + h; const fp = f(x);
    x[i] = old - h; const fm = f(x);
    x[i] = old;
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

/** |a − n| / max(|a|, |n|), 0 when both are 0. */
export function relError(a: number, n: number): number {
  const m = Math.max(Math.abs(a), Math.abs(n));
  return m === 0 ? 0 : Math.abs(a - n) / m;
}

export interface RuleParams { lr: number; mu: number; rho: number; beta1: number; beta2: number; eps: number }

/**
 * The notes' update rules in float64, one step on x given g; `state` holds the
 * rule's buffers (created zero on first use) and the step count t.
 */
export function updateRule(rule: string, x: Float64Array, g: ArrayLike<number>, p: RuleParams, state: Record<string, Float64Array | number>): void {
  const n = x.length;
  const buf = (k: string) => (state[k] ??= new Float64Array(n)) as Float64Array;
  const t = (state.t = ((state.t as number) ?? 0) + 1);
  for (let i = 0; i < n; i++) {
    switch (rule) {
      case 'sgd': x[i] -= p.lr * g[i]; break;
      case 'momentum': { const v = buf('v'); v[i] = p.mu * v[i] - p.lr * g[i]; x[i] += v[i]; break; }
      case 'nesterov': { const v = buf('v'); const prev = v[i]; v[i] = p.mu * v[i] - p.lr * g[i]; x[i] += -p.mu * prev + (1 + p.mu) * v[i]; break; }
      case 'adagrad': { const c = buf('cache'); c[i] += g[i] * g[i]; x[i] -= p.lr * g[i] / (Math.sqrt(c[i]) + p.eps); break; }
      case 'rmsprop': { const c = buf('cache'); c[i] = p.rho * c[i] + (1 - p.rho) * g[i] * g[i]; x[i] -= p.lr * g[i] / (Math.sqrt(c[i]) + p.eps); break; }
      case 'adam': {
        const m = buf('m'), v = buf('v');
        m[i] = p.beta1 * m[i] + (1 - p.beta1) * g[i];
        v[i] = p.beta2 * v[i] + (1 - p.beta2) * g[i] * g[i];
        x[i] -= p.lr * (m[i] / (1 - p.beta1 ** t)) / (Math.sqrt(v[i] / (1 - p.beta2 ** t)) + p.eps);
        break;
      }
      default: throw new Error(`unknown rule ${rule}`);
    }
  }
}
