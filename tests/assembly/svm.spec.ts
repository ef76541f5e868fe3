import { svm_rows_simd, svm_rows_scalar } from "../../assembly/index";
import {
  MaxErr, U32, U64, TINY, seed, uniform, below, allocF32, allocI32, free, setF, setI, copyF32,
  expectSameF32, expectSameF64, expectWithin, logLine,
} from "./helpers";

// Both twins compute each margin (s_j − s_y) + Δ with the same two roundings and
// write the same gradient values (0, scale, −count·scale), so the gradient rows
// must be bit-identical. Only the order in which a row's positive margins are
// summed differs (4 lanes then a tail, vs j order). Each row's f32 sum of ≤ C − 1
// nonnegative terms has |err| ≤ (C − 2)·u·L_i, the f64 total over n rows adds
// ≤ (n − 1)·2^-53 relative, so |simd − scalar| ≤ (2C·u + 2n·2^-53)·L.

const CS: StaticArray<i32> = [2, 3, 4, 5, 7, 8, 10];
const NS: StaticArray<i32> = [1, 3, 5, 256];

const lossErr = new MaxErr("svm_rows loss max |simd − scalar| / |scalar|");

function check(n: i32, C: i32, quantized: bool, delta: f32): void {
  seed(<u32>(0x5b3 + 7919 * n + 31 * C + (quantized ? 1000003 : 0)));
  const shape = "svm_rows n=" + n.toString() + " C=" + C.toString() + " delta=" + delta.toString() +
    (quantized ? " scores k/4 (many zero margins)" : " scores in [-2, 2)");
  const count = n * C;
  const S1 = allocF32(count), S2 = allocF32(count);
  // quantized: multiples of 1/4 in [-2, 2], with Δ = 1 many margins are exactly 0.
  for (let k = 0; k < count; k++) setF(S1, k, quantized ? <f32>(below(17) - 8) * 0.25 : 2 * uniform());
  copyF32(S2, S1, count);
  const N = 2 * n + 1;
  const y = allocI32(N), idx = allocI32(n);
  for (let r = 0; r < N; r++) setI(y, r, below(C));
  for (let i = 0; i < n; i++) setI(idx, i, N - 1 - 2 * i);
  const scale = <f32>1 / <f32>n;
  const L1 = svm_rows_scalar(n, C, idx, y, 0, S1, delta, scale);
  const L2 = svm_rows_simd(n, C, idx, y, 0, S2, delta, scale);
  expectSameF32("svm_rows_simd gradient vs svm_rows_scalar", shape, S1, S2, count, C);
  if (quantized) {
    // every margin and partial sum is a multiple of 1/4 below 2^20: all sums exact
    expectSameF64("svm_rows_simd loss vs svm_rows_scalar", shape, L1, L2);
  } else {
    expectWithin("svm_rows_simd loss vs svm_rows_scalar", shape, -1, 0, L1, L2,
      (2 * <f64>C * U32 + 2 * <f64>n * U64) * Math.abs(L1) + TINY);
  }
  if (L1 != 0) lossErr.update(Math.abs(L2 - L1) / Math.abs(L1), shape);
  free(S1);
  free(S2);
  free(y);
  free(idx);
}

/**
 * One row, label y, Δ = 1, s_y = 0.75; `zero` classes get s = −0.25 (margin
 * (−0.25 − 0.75) + 1 = 0 exactly), `pos` gets s = 0.5 (margin 0.75), all others
 * −2 (margin −1.75). Expected: L = 0.75, gradient scale at pos, −scale at y, 0 elsewhere.
 */
function checkZeroMargin(C: i32, label: i32, pos: i32, zeroA: i32, zeroB: i32): void {
  const shape = "svm_rows n=1 C=" + C.toString() + " label=" + label.toString() + " zero margins at " +
    zeroA.toString() + ", " + zeroB.toString() + ", positive at " + pos.toString();
  const S = allocF32(C), E = allocF32(C), y = allocI32(3), idx = allocI32(1);
  setI(y, 2, label);
  setI(idx, 0, 2);
  const scale: f32 = 0.125;
  for (let simd = 0; simd < 2; simd++) {
    for (let c = 0; c < C; c++) {
      setF(S, c, c == label ? 0.75 : c == pos ? 0.5 : c == zeroA || c == zeroB ? -0.25 : -2);
      setF(E, c, c == label ? -scale : c == pos ? scale : 0);
    }
    const L = simd ? svm_rows_simd(1, C, idx, y, 0, S, 1, scale) : svm_rows_scalar(1, C, idx, y, 0, S, 1, scale);
    const name = simd ? "svm_rows_simd" : "svm_rows_scalar";
    expectSameF64(name + " loss with zero margins", shape, 0.75, L);
    expectSameF32(name + " gradient with zero margins", shape, E, S, C, C);
  }
  free(S);
  free(E);
  free(y);
  free(idx);
}

describe("svm_rows_simd vs svm_rows_scalar", () => {
  it("has bit-identical gradients and loss within (2C·u + 2n·2^-53)·L for n = 1, 3, 5, 256 × C = 2, 3, 4, 5, 7, 8, 10", () => {
    for (let a = 0; a < NS.length; a++) {
      for (let b = 0; b < CS.length; b++) {
        check(NS[a], CS[b], false, 1);
        check(NS[a], CS[b], false, 0.5);
      }
    }
  });

  it("is bit-identical on quarter-integer scores, where many margins are exactly 0", () => {
    for (let a = 0; a < NS.length; a++) {
      for (let b = 0; b < CS.length; b++) check(NS[a], CS[b], true, 1);
    }
  });

  it("adds neither loss nor gradient for a margin of exactly 0 (vector lanes and scalar tail)", () => {
    checkZeroMargin(3, 0, 2, 1, 1);
    checkZeroMargin(3, 2, 0, 1, 1);
    checkZeroMargin(10, 2, 0, 1, 9); // zero margins in a vector lane and in the tail
    checkZeroMargin(10, 9, 3, 0, 5); // label in the tail
    checkZeroMargin(8, 4, 7, 5, 0); // C a multiple of 4: no tail
  });

  it("reports the largest loss error observed", () => {
    logLine(lossErr.report());
  });
});
