import { structured_rows_simd, structured_rows_scalar } from "../../assembly/index";
import {
  MaxErr, U32, U64, TINY, seed, uniform, below, allocF32, allocI32, free, getF, setF, getI, setI, copyF32,
  expectSameF32, expectSameF64, expectWithin, logLine,
} from "./helpers";

// Structured SVM (Crammer–Singer), L_i = max(0, Δ + max_{j≠y} s_j − s_y). The twins
// differ only in how they find the top wrong score (lanes, or j order: a maximum
// is exact either way); the class t they charge (the first wrong class with that
// score), the margin (s_t − s_y) + Δ and the gradient (+scale·w at t, −scale·w at
// y when the margin is > 0) come from the same scalar code, so loss and gradient
// must be bit-identical on every input.
//
// The float64 reference evaluates the formula itself from the same f32 scores
// (ties to the first wrong class, as argmax): its gradient must equal the
// kernels' bit for bit (rounding never turns a nonzero margin into 0 or flips its
// sign), its loss differs by the f32 margin's two roundings per row, so
// |kernel − reference| ≤ (2u + 2n·2^-53)·L.

const CS: StaticArray<i32> = [2, 3, 4, 5, 7, 8, 10];
const NS: StaticArray<i32> = [1, 3, 5, 256];

const refErr = new MaxErr("structured_rows loss max |simd − float64 reference| / |reference|");

/**
 * The float64 reference: returns Σ_i w_i·L_i over n rows of S (f32 scores, left
 * unchanged) and writes the gradient scale·w_i·∂L_i/∂S (f32) to G.
 */
function reference(n: i32, C: i32, idx: usize, y: usize, w: usize, S: usize, delta: f64, scale: f32, G: usize): f64 {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const r = getI(idx, i);
    const label = getI(y, r);
    const k: f32 = w ? scale * getF(w, r) : scale;
    let t = -1;
    for (let j = 0; j < C; j++) {
      setF(G, i * C + j, 0);
      if (j != label && (t < 0 || getF(S, i * C + j) > getF(S, i * C + t))) t = j;
    }
    if (t < 0) continue;
    const margin = delta + <f64>getF(S, i * C + t) - <f64>getF(S, i * C + label);
    if (margin > 0) {
      total += (w ? <f64>getF(w, r) : 1) * margin;
      setF(G, i * C + t, k);
      setF(G, i * C + label, -k);
    }
  }
  return total;
}

function check(n: i32, C: i32, quantized: bool, delta: f32, weighted: bool): void {
  seed(<u32>(0x5c5 + 7919 * n + 31 * C + (quantized ? 1000003 : 0) + (weighted ? 17 : 0) + (delta == 1 ? 0 : 5)));
  const shape = "structured_rows n=" + n.toString() + " C=" + C.toString() + " delta=" + delta.toString() +
    (quantized ? " scores k/4 (ties and zero margins)" : " scores in [-2, 2)") + (weighted ? " weighted" : "");
  const count = n * C;
  const S1 = allocF32(count), S2 = allocF32(count), S0 = allocF32(count), G = allocF32(count);
  // quantized: multiples of 1/4 in [-2, 2]: the top wrong score is often shared, and with Δ = 1 often s_y − 1.
  for (let k = 0; k < count; k++) setF(S1, k, quantized ? <f32>(below(17) - 8) * 0.25 : 2 * uniform());
  copyF32(S2, S1, count);
  copyF32(S0, S1, count);
  const N = 2 * n + 1;
  const y = allocI32(N), idx = allocI32(n), w = allocF32(N);
  for (let r = 0; r < N; r++) {
    setI(y, r, below(C));
    setF(w, r, <f32>below(5) * 0.5);
  }
  for (let i = 0; i < n; i++) setI(idx, i, N - 1 - 2 * i);
  const wp: usize = weighted ? w : 0;
  const scale = <f32>1 / <f32>n;
  const L1 = structured_rows_scalar(n, C, idx, y, wp, S1, delta, scale);
  const L2 = structured_rows_simd(n, C, idx, y, wp, S2, delta, scale);
  const L0 = reference(n, C, idx, y, wp, S0, <f64>delta, scale, G);
  expectSameF32("structured_rows_simd gradient vs structured_rows_scalar", shape, S1, S2, count, C);
  expectSameF64("structured_rows_simd loss vs structured_rows_scalar", shape, L1, L2);
  expectSameF32("structured_rows_scalar gradient vs the float64 reference", shape, G, S1, count, C);
  if (quantized) {
    // margins are multiples of 1/4, weights of 1/2: every sum exact
    expectSameF64("structured_rows_scalar loss vs the float64 reference", shape, L0, L1);
  } else {
    expectWithin("structured_rows_scalar loss vs the float64 reference", shape, -1, 0, L0, L1,
      (2 * U32 + 2 * <f64>n * U64) * Math.abs(L0) + TINY);
  }
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
 * One row of C scores `v` (the label's included), label y, Δ = 1, scale 0.125:
 * expects loss L and the gradient +0.125 at t, −0.125 at y (t < 0: all 0), from both twins.
 */
function expectRow(what: string, C: i32, label: i32, v: StaticArray<f32>, L: f64, t: i32): void {
  const S = allocF32(C), E = allocF32(C), y = allocI32(3), idx = allocI32(1);
  setI(y, 2, label);
  setI(idx, 0, 2);
  const scale: f32 = 0.125;
  const shape = "structured_rows n=1 C=" + C.toString() + " label=" + label.toString() + " (" + what + ")";
  for (let simd = 0; simd < 2; simd++) {
    for (let c = 0; c < C; c++) {
      setF(S, c, v[c]);
      setF(E, c, t < 0 ? 0 : c == t ? scale : c == label ? -scale : 0);
    }
    const got = simd ? structured_rows_simd(1, C, idx, y, 0, S, 1, scale) : structured_rows_scalar(1, C, idx, y, 0, S, 1, scale);
    const name = simd ? "structured_rows_simd" : "structured_rows_scalar";
    expectSameF64(name + " loss", shape, L, got);
    expectSameF32(name + " gradient", shape, E, S, C, C);
  }
  free(S);
  free(E);
  free(y);
  free(idx);
}

describe("structured_rows_simd vs structured_rows_scalar vs a float64 reference", () => {
  it("is bit-identical, and equals the reference, for n = 1, 3, 5, 256 × C = 2, 3, 4, 5, 7, 8, 10", () => {
    for (let a = 0; a < NS.length; a++) {
      for (let b = 0; b < CS.length; b++) {
        check(NS[a], CS[b], false, 1, false);
        check(NS[a], CS[b], false, 0.5, false);
      }
    }
  });

  it("is bit-identical on quarter-integer scores (tied top wrong scores, margins exactly 0)", () => {
    for (let a = 0; a < NS.length; a++) {
      for (let b = 0; b < CS.length; b++) check(NS[a], CS[b], true, 1, false);
    }
  });

  it("weighs each row's loss and gradient by w[idx[i]] (weights 0 … 2)", () => {
    for (let a = 0; a < NS.length; a++) {
      for (let b = 0; b < CS.length; b++) {
        check(NS[a], CS[b], false, 1, true);
        check(NS[a], CS[b], true, 1, true);
      }
    }
  });

  it("charges only the top wrong class, the first of tied ones, never the label; a margin of exactly 0 adds nothing", () => {
    // C = 10: lanes 0–7 and a tail of 2
    expectRow("top wrong class in a lane", 10, 3, [0, 0.5, 0, 0.25, 0, 0, 0, 0, 0, 0], 1.25, 1);
    expectRow("top wrong class in the tail", 10, 3, [0, 0.5, 0, 0.25, 0, 0, 0, 0, 0, 0.75], 1.5, 9);
    expectRow("tie: the first wrong class", 10, 3, [0, 0.5, 0, 0.25, 0, 0, 0.5, 0, 0, 0.5], 1.25, 1);
    expectRow("tie across lane and tail", 10, 8, [0, 0, 0, 0, 0, 0, 0, 0, -1, 0], 2, 0);
    expectRow("the label scores highest", 10, 2, [0, 0.5, 3, 0.25, 0, 0, 0, 0, 0, 0], 0, -1);
    expectRow("the label scores highest, margin met", 10, 2, [0, 0.5, 1.25, 0.25, 0, 0, 0, 0, 0, 0], 0.25, 1);
    expectRow("margin exactly 0", 10, 9, [0, 0.5, 0, 0.25, 0, 0, 0, 0, 0, 1.5], 0, -1);
    expectRow("margin exactly 0, label in a lane", 8, 4, [0, -0.25, 0, 0, 1, 0, 0, -0.5], 0, -1);
    expectRow("C a multiple of 4, label in the last lane", 8, 7, [0, -0.25, 0, 0, 0.75, 0, 0, -0.5], 2.25, 4);
    expectRow("C = 2", 2, 1, [0.5, 0.25], 1.25, 0);
    expectRow("C = 3, label 0", 3, 0, [0.5, 0.25, -1], 0.75, 1);
    // −0 and +0 tie: the first of them, whatever max() makes of their signs
    expectRow("−0 and +0 tie", 5, 4, [-2, -0.0, 0, -1, 0.5], 0.5, 1);
  });

  it("adds nothing for a row without a wrong class (C = 1) or with a NaN score", () => {
    expectRow("C = 1", 1, 0, [0.5], 0, -1);
    expectRow("a NaN wrong score", 5, 0, [0, 0.5, NaN, 0, 0], 0, -1);
    expectRow("a NaN label score", 5, 0, [NaN, 0.5, 0, 0, 0], 0, -1);
  });

  it("reports the largest loss error observed", () => {
    logLine(refErr.report());
  });
});
