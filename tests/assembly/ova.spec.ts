import { ova_rows_simd, ova_rows_scalar } from "../../assembly/index";
import {
  MaxErr, U32, U64, TINY, seed, uniform, below, allocF32, allocI32, free, getF, setF, getI, setI, copyF32,
  expectSameF32, expectSameF64, expectWithin, logLine,
} from "./helpers";

// One-vs-all hinge, L_i = Σ_j max(0, Δ − t_j·s_j) (t_y = +1, else −1). Both twins
// compute each margin as (±s_j) + Δ, one rounding (the label's sign flipped
// exactly), and write the same gradient values (+scale·w for a met wrong margin,
// −scale·w for a met label margin, +0 otherwise), so the gradient rows must be
// bit-identical. Only the order in which a row's positive margins are summed
// differs (4 lanes then a tail, vs j order): each row's f32 sum of ≤ C
// nonnegative terms has |err| ≤ (C − 1)·u·L_i, the f64 total over n rows adds
// ≤ (n − 1)·2^-53 relative, so |simd − scalar| ≤ (2C·u + 2n·2^-53)·L.
//
// The float64 reference below evaluates the formula itself from the same f32
// scores. The scores here lie on a grid of 2^-22 in [-2, 2) and Δ ∈ {1, 0.5}, so
// every f32 margin is exact: the reference's gradient must equal the kernels'
// bit for bit, and its loss differs from theirs only by the f32 sums, within
// the same bound.

const CS: StaticArray<i32> = [2, 3, 4, 5, 7, 8, 10];
const NS: StaticArray<i32> = [1, 3, 5, 256];

const lossErr = new MaxErr("ova_rows loss max |simd − scalar| / |scalar|");
const refErr = new MaxErr("ova_rows loss max |simd − float64 reference| / |reference|");

/**
 * The float64 reference: returns Σ_i w_i·L_i over n rows of S (f32 scores, left
 * unchanged) and writes the gradient scale·w_i·∂L_i/∂S (rounded to f32) to G.
 */
function reference(n: i32, C: i32, idx: usize, y: usize, w: usize, S: usize, delta: f64, scale: f32, G: usize): f64 {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const r = getI(idx, i);
    const label = getI(y, r);
    const wi: f64 = w ? <f64>getF(w, r) : 1;
    const k: f32 = w ? scale * getF(w, r) : scale;
    let L: f64 = 0;
    for (let j = 0; j < C; j++) {
      const t: f64 = j == label ? 1 : -1;
      const margin = delta - t * <f64>getF(S, i * C + j);
      if (margin > 0) {
        L += margin;
        setF(G, i * C + j, j == label ? -k : k);
      } else {
        setF(G, i * C + j, 0);
      }
    }
    total += wi * L;
  }
  return total;
}

function check(n: i32, C: i32, quantized: bool, delta: f32, weighted: bool): void {
  seed(<u32>(0x0a11 + 7919 * n + 31 * C + (quantized ? 1000003 : 0) + (weighted ? 17 : 0) + (delta == 1 ? 0 : 5)));
  const shape = "ova_rows n=" + n.toString() + " C=" + C.toString() + " delta=" + delta.toString() +
    (quantized ? " scores k/4 (many zero margins)" : " scores in [-2, 2)") + (weighted ? " weighted" : "");
  const count = n * C;
  const S1 = allocF32(count), S2 = allocF32(count), S0 = allocF32(count), G = allocF32(count);
  // quantized: multiples of 1/4 in [-2, 2]; with Δ = 1 every score ±1 makes a margin exactly 0.
  for (let k = 0; k < count; k++) setF(S1, k, quantized ? <f32>(below(17) - 8) * 0.25 : 2 * uniform());
  copyF32(S2, S1, count);
  copyF32(S0, S1, count);
  const N = 2 * n + 1;
  const y = allocI32(N), idx = allocI32(n), w = allocF32(N);
  for (let r = 0; r < N; r++) {
    setI(y, r, below(C));
    setF(w, r, <f32>below(5) * 0.5); // 0, 0.5, … 2: some rows weigh nothing
  }
  for (let i = 0; i < n; i++) setI(idx, i, N - 1 - 2 * i);
  const wp: usize = weighted ? w : 0;
  const scale = <f32>1 / <f32>n;
  const L1 = ova_rows_scalar(n, C, idx, y, wp, S1, delta, scale);
  const L2 = ova_rows_simd(n, C, idx, y, wp, S2, delta, scale);
  const L0 = reference(n, C, idx, y, wp, S0, <f64>delta, scale, G);
  expectSameF32("ova_rows_simd gradient vs ova_rows_scalar", shape, S1, S2, count, C);
  expectSameF32("ova_rows_scalar gradient vs the float64 reference", shape, G, S1, count, C);
  const tol = (2 * <f64>C * U32 + 2 * <f64>n * U64) * Math.abs(L0) + TINY;
  if (quantized) {
    // every margin and partial sum is a multiple of 1/8 below 2^20: all sums exact
    expectSameF64("ova_rows_simd loss vs ova_rows_scalar", shape, L1, L2);
    expectSameF64("ova_rows_scalar loss vs the float64 reference", shape, L0, L1);
  } else {
    expectWithin("ova_rows_simd loss vs ova_rows_scalar", shape, -1, 0, L1, L2, tol);
    expectWithin("ova_rows_scalar loss vs the float64 reference", shape, -1, 0, L0, L1, tol);
    expectWithin("ova_rows_simd loss vs the float64 reference", shape, -1, 0, L0, L2, tol);
  }
  if (L1 != 0) lossErr.update(Math.abs(L2 - L1) / Math.abs(L1), shape);
  if (L0 != 0) refErr.update(Math.abs(L2 - L0) / Math.abs(L0), shape);
  free(S0);
  free(S1);
  free(S2);
  free(G);
  free(y);
  free(idx);
  free(w);
}

/**
 * One row, label y, Δ = 1. Scores: the label s_y, `zeroA` and `zeroB` −1 (wrong-class
 * margin (−1) + 1 = 0 exactly), `pos` 0.5 (margin 1.5), all others −3 (margin −2).
 * Expected: L = 1.5 + max(0, 1 − s_y), gradient +scale at pos, −scale at y when
 * its margin is met (s_y < 1), 0 elsewhere (s_y = 1: the label's margin is exactly 0).
 */
function checkZeroMargin(C: i32, label: i32, sy: f32, pos: i32, zeroA: i32, zeroB: i32): void {
  const shape = "ova_rows n=1 C=" + C.toString() + " label=" + label.toString() + " s_y=" + sy.toString() +
    " zero margins at " + zeroA.toString() + ", " + zeroB.toString() + ", positive at " + pos.toString();
  const S = allocF32(C), E = allocF32(C), y = allocI32(3), idx = allocI32(1);
  setI(y, 2, label);
  setI(idx, 0, 2);
  const scale: f32 = 0.125;
  const labelMet = sy < 1;
  for (let simd = 0; simd < 2; simd++) {
    for (let c = 0; c < C; c++) {
      setF(S, c, c == label ? sy : c == pos ? 0.5 : c == zeroA || c == zeroB ? -1 : -3);
      setF(E, c, c == label ? (labelMet ? -scale : 0) : c == pos ? scale : 0);
    }
    const L = simd ? ova_rows_simd(1, C, idx, y, 0, S, 1, scale) : ova_rows_scalar(1, C, idx, y, 0, S, 1, scale);
    const name = simd ? "ova_rows_simd" : "ova_rows_scalar";
    expectSameF64(name + " loss with zero margins", shape, 1.5 + (labelMet ? 1 - <f64>sy : 0), L);
    expectSameF32(name + " gradient with zero margins", shape, E, S, C, C);
  }
  free(S);
  free(E);
  free(y);
  free(idx);
}

describe("ova_rows_simd vs ova_rows_scalar vs a float64 reference", () => {
  it("has bit-identical gradients and loss within (2C·u + 2n·2^-53)·L for n = 1, 3, 5, 256 × C = 2, 3, 4, 5, 7, 8, 10", () => {
    for (let a = 0; a < NS.length; a++) {
      for (let b = 0; b < CS.length; b++) {
        check(NS[a], CS[b], false, 1, false);
        check(NS[a], CS[b], false, 0.5, false);
      }
    }
  });

  it("is bit-identical on quarter-integer scores, where many margins are exactly 0", () => {
    for (let a = 0; a < NS.length; a++) {
      for (let b = 0; b < CS.length; b++) check(NS[a], CS[b], true, 1, false);
    }
  });

  it("weighs each row's loss and gradient by w[idx[i]] (weights 0 … 2, some rows weighing nothing)", () => {
    for (let a = 0; a < NS.length; a++) {
      for (let b = 0; b < CS.length; b++) {
        check(NS[a], CS[b], false, 1, true);
        check(NS[a], CS[b], true, 1, true);
      }
    }
  });

  it("adds neither loss nor gradient for a margin of exactly 0 (vector lanes and scalar tail, label and wrong classes)", () => {
    checkZeroMargin(3, 0, 0.25, 2, 1, 1);
    checkZeroMargin(3, 2, 1, 0, 1, 1); // the label's margin exactly 0
    checkZeroMargin(10, 2, 1, 0, 1, 9); // zero margins in a vector lane and in the tail
    checkZeroMargin(10, 9, -0.5, 3, 0, 5); // label in the tail, its margin met
    checkZeroMargin(10, 9, 1, 3, 0, 5); // label in the tail, its margin exactly 0
    checkZeroMargin(8, 4, 1, 7, 5, 0); // C a multiple of 4: no tail
    checkZeroMargin(8, 4, 2, 7, 5, 0); // the label beyond the margin
  });

  it("reports the largest loss errors observed", () => {
    logLine(lossErr.report());
    logLine(refErr.report());
  });
});
