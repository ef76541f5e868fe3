// The plain-JavaScript yardstick: the loss+gradient a web developer would write
// with Float32Array loops, no SIMD, no WebAssembly. Same math as the library.

export interface JsData { X: Float32Array; y: Int32Array; N: number; D: number; C: number }

/** Loss and gradient (dW C×D, db C) of a batch of rows idx[0..n), L2 penalty reg. Overwrites dW, db. */
export function jsLossGrad(loss: 'softmax' | 'svm', d: JsData, idx: Int32Array, n: number, W: Float32Array, b: Float32Array,
  dW: Float32Array, db: Float32Array, reg: number, S: Float32Array): number {
  const { X, y, D, C } = d;
  dW.fill(0);
  db.fill(0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const r = idx[i], xo = r * D, label = y[r];
    for (let c = 0; c < C; c++) {
      let s = b[c];
      const wo = c * D;
      for (let k = 0; k < D; k++) s += X[xo + k] * W[wo + k];
      S[c] = s;
    }
    if (loss === 'softmax') {
      let m = -Infinity;
      for (let c = 0; c < C; c++) m = Math.max(m, S[c]);
      let z = 0;
      for (let c = 0; c < C; c++) { S[c] = Math.exp(S[c] - m); z += S[c]; }
      total += Math.log(z) - Math.log(S[label]);
      for (let c = 0; c < C; c++) S[c] = (S[c] / z - (c === label ? 1 : 0)) / n;
    } else {
      const sy = S[label];
      let count = 0;
      for (let c = 0; c < C; c++) {
        const mg = S[c] - sy + 1;
        if (c !== label && mg > 0) { total += mg; S[c] = 1 / n; count++; } else S[c] = 0;
      }
      S[label] = -count / n;
    }
    for (let c = 0; c < C; c++) {
      const g = S[c];
      if (g === 0) continue;
      db[c] += g;
      const wo = c * D;
      for (let k = 0; k < D; k++) dW[wo + k] += g * X[xo + k];
    }
  }
  let pen = 0;
  for (let k = 0; k < W.length; k++) { pen += W[k] * W[k]; dW[k] += 2 * reg * W[k]; }
  return total / n + reg * pen;
}
