import { scores_nt_simd, scores_nt_scalar, grad_tn_simd, grad_tn_scalar } from "../../assembly/index";
import {
  Batch, MaxErr, U32, TINY, seed, allocF32, allocF64, free, getF, setF, getD, copyF32, fillUniform,
  scoreMagnitudes, scoreTolerance, expectSameF32, expectWithin, logLine,
} from "./helpers";

// D hits every remainder of the 4-wide vector (Dp = D rounded up to 4), n every
// remainder of the 4-row block, C both parities of the 2-class block.
// 253 … 513 cross the kernels' 256-float tiles along D.
const DS: StaticArray<i32> = [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 37, 253, 256, 257, 300, 513, 3073];
const NS: StaticArray<i32> = [1, 3, 4, 5, 256];
const CS: StaticArray<i32> = [2, 3, 10];

const scoreErrA = new MaxErr("scores_nt max |simd − scalar| / A");
const scoreErrU = new MaxErr("scores_nt max |simd − scalar| / (u·A)");
const scoreErrRel = new MaxErr("scores_nt max |simd − scalar| / |scalar|");

// Tolerance for scores. Score (i, c) is fl(Σ_d x_d·w_d + b) with A = Σ_d |x_d·w_d| + |b|
// the scale of every rounding in it (u = 2^-24):
//   scalar: one sequential sum of Dp products, then + b:  |err| ≤ γ(Dp+1)·A;
//   SIMD: per lane Dp/4 products, ≤ 3 more adds to combine lanes and accumulators,
//   then + b:  |err| ≤ γ(Dp/4+4)·A.
// So |simd − scalar| ≤ (1.25·Dp + 5)·u·A (to first order), which is below the
// 8·u·√Dp·A used here for every Dp ≤ 32: for those sizes the test cannot fail
// on a correct kernel. For Dp = 40 and 3076 the worst case (all roundings of one
// sign) is linear in Dp but rounding errors of random-sign data add like a
// random walk, ~u·√Dp·A; 8·u·√Dp·A leaves a factor ≥ 8 over that.
// The scalar twin itself is checked against an f64 dot product with the
// rigorous bound (Dp + 2)·u·A, so a shared mistake would not pass as agreement.
function checkScores(n: i32, D: i32, C: i32): void {
  seed(<u32>(0x5c0 + 7919 * D + 104729 * n + 31 * C));
  const bt = new Batch(n, D, C);
  const shape = "scores_nt " + bt.shape();
  const count = n * C;
  // S need not be aligned: write at an offset of one float, with sentinels either side.
  const S1 = allocF32(count + 2), S2 = allocF32(count + 2);
  const sentinel: f32 = 1234.5;
  for (let k = 0; k < count + 2; k++) {
    setF(S1, k, sentinel);
    setF(S2, k, sentinel);
  }
  const s1 = S1 + 4, s2 = S2 + 4;
  scores_nt_scalar(n, bt.Dp, C, bt.X, bt.idx, bt.W, bt.b, s1);
  const P = allocF32(n * C * 4);
  scores_nt_simd(n, bt.Dp, C, bt.X, bt.idx, bt.W, bt.b, s2, P);
  free(P);
  expect<f32>(getF(S2, 0)).toBe(sentinel, "scores_nt_simd wrote before S (" + shape + ")");
  expect<f32>(getF(S2, count + 1)).toBe(sentinel, "scores_nt_simd wrote past S (" + shape + ")");
  expect<f32>(getF(S1, count + 1)).toBe(sentinel, "scores_nt_scalar wrote past S (" + shape + ")");

  const A = allocF64(count);
  scoreMagnitudes(bt, A);
  for (let i = 0; i < n; i++) {
    const x = bt.row(i);
    for (let c = 0; c < C; c++) {
      const k = i * C + c;
      const w = bt.W + (<usize>(c * bt.Dp) << 2);
      let exact: f64 = getF(bt.b, c);
      for (let d = 0; d < bt.Dp; d++) exact += <f64>getF(x, d) * <f64>getF(w, d);
      const a = getD(A, k);
      const e: f64 = getF(s1, k), g: f64 = getF(s2, k);
      expectWithin("scores_nt_scalar vs f64 dot", shape, k, C, exact, e, <f64>(bt.Dp + 2) * U32 * a + TINY);
      expectWithin("scores_nt_simd vs scores_nt_scalar", shape, k, C, e, g, scoreTolerance(bt.Dp, a));
      const diff = Math.abs(g - e);
      if (a > 0) {
        scoreErrA.update(diff / a, shape);
        scoreErrU.update(diff / (U32 * a), shape);
      }
      if (e != 0) scoreErrRel.update(diff / Math.abs(e), shape);
    }
  }
  free(A);
  free(S1);
  free(S2);
  bt.dispose();
}

// grad_tn_simd (the fused step's backward product, tiled along D) and
// grad_tn_scalar add each row's term to each dW element in row order, one mul and one
// add, in both twins; with no FMA in wasm the results must match bit for bit.
// The scalar twin is checked against f64: dW0 + Σ_i g_i·x_i accumulated over n
// rows has |err| ≤ γ(n+1)·(|dW0| + Σ_i |g_i·x_i|) ≤ (n + 2)·u·(...).
function checkGrad(n: i32, D: i32, C: i32): void {
  seed(<u32>(0x97a + 7919 * D + 104729 * n + 31 * C));
  const bt = new Batch(n, D, C);
  const shape = "grad_tn " + bt.shape();
  const Dp = bt.Dp;
  const dS = allocF32(n * C);
  fillUniform(dS, n * C, 1, 0);
  // dW and db start nonzero: the kernels accumulate.
  const dW0 = allocF32(C * Dp), db0 = allocF32(C);
  fillUniform(dW0, C * Dp, 1, 0);
  fillUniform(db0, C, 1, 0);
  const dW1 = allocF32(C * Dp), dW2 = allocF32(C * Dp), db1 = allocF32(C), db2 = allocF32(C);
  copyF32(dW1, dW0, C * Dp);
  copyF32(dW2, dW0, C * Dp);
  copyF32(db1, db0, C);
  copyF32(db2, db0, C);
  grad_tn_scalar(n, Dp, C, bt.X, bt.idx, dS, dW1, db1);
  const R = allocF32(n); // the kernel's row-address scratch: n × 4 bytes
  grad_tn_simd(n, Dp, C, bt.X, bt.idx, dS, dW2, db2, R);
  expectSameF32("grad_tn_simd dW vs grad_tn_scalar", shape, dW1, dW2, C * Dp, Dp);
  expectSameF32("grad_tn_simd db vs grad_tn_scalar", shape, db1, db2, C, C);

  const bound = <f64>(n + 2) * U32;
  for (let c = 0; c < C; c++) {
    for (let d = 0; d < Dp; d++) {
      const k = c * Dp + d;
      let exact: f64 = getF(dW0, k), mag: f64 = Math.abs(exact);
      for (let i = 0; i < n; i++) {
        const t = <f64>getF(dS, i * C + c) * <f64>getF(bt.row(i), d);
        exact += t;
        mag += Math.abs(t);
      }
      expectWithin("grad_tn_scalar dW vs f64", shape, k, Dp, exact, getF(dW1, k), bound * mag + TINY);
    }
    let exact: f64 = getF(db0, c), mag: f64 = Math.abs(exact);
    for (let i = 0; i < n; i++) {
      const t: f64 = getF(dS, i * C + c);
      exact += t;
      mag += Math.abs(t);
    }
    expectWithin("grad_tn_scalar db vs f64", shape, c, C, exact, getF(db1, c), bound * mag + TINY);
  }
  free(dS);
  free(R);
  free(dW0);
  free(db0);
  free(dW1);
  free(dW2);
  free(db1);
  free(db2);
  bt.dispose();
}

describe("scores_nt_simd vs scores_nt_scalar", () => {
  it("agrees within 8·u·√Dp·Σ|x·w| for D = 1..8, 12, 16, 37, 253..513; n = 1, 3, 4, 5, 256; C = 2, 3, 10", () => {
    for (let a = 0; a < DS.length - 1; a++) {
      for (let b = 0; b < NS.length; b++) {
        for (let c = 0; c < CS.length; c++) checkScores(NS[b], DS[a], CS[c]);
      }
    }
  });

  it("agrees for D = 3073 (n = 1, 5, 256 × C = 2, 3, 10)", () => {
    checkScores(1, 3073, 2);
    checkScores(5, 3073, 3);
    checkScores(256, 3073, 3);
    checkScores(256, 3073, 10);
    checkScores(5, 3073, 10);
    checkScores(1, 3073, 10);
  });

  it("reports the largest errors observed", () => {
    logLine(scoreErrA.report());
    logLine(scoreErrU.report());
    logLine(scoreErrRel.report());
  });
});

describe("grad_tn_simd vs grad_tn_scalar", () => {
  it("is bit-identical (dW and db, accumulating) for D = 1..8, 12, 16, 37, 253..513; n = 1, 3, 4, 5, 256; C = 2, 3, 10", () => {
    for (let a = 0; a < DS.length - 1; a++) {
      for (let b = 0; b < NS.length; b++) {
        for (let c = 0; c < CS.length; c++) checkGrad(NS[b], DS[a], CS[c]);
      }
    }
  });

  it("is bit-identical for D = 3073", () => {
    checkGrad(1, 3073, 2);
    checkGrad(5, 3073, 3);
    checkGrad(256, 3073, 10);
  });
});

describe("gemm preconditions (asserts are compiled in)", () => {
  throws("scores_nt_simd rejects Dp = 5", () => {
    scores_nt_simd(1, 5, 2, 0, 0, 0, 0, 0, 0);
  });
  throws("grad_tn_simd rejects Dp = 6", () => {
    grad_tn_simd(1, 6, 2, 0, 0, 0, 0, 0, 0);
  });
});
