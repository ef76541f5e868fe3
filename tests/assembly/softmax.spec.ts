import { softmax_rows_simd, softmax_rows_scalar, softmax_probs_simd, softmax_probs_scalar } from "../../assembly/index";
import {
  U32, seed, uniform, below, allocF32, allocI32, free, getF, setF, setI, copyF32,
  expectSameF32, expectSameF64, expectWithin, expectFinite,
} from "./helpers";

// The two twins share the exp, the sum in j order and the final subtraction;
// only the row maximum (exact either way) and the scaling (one mul per element
// either way) are vectorised, so results must match bit for bit.

// C around the 4-wide vector (lt/eq/gt/multiple) and the sizes of the brief.
const CS: StaticArray<i32> = [2, 3, 4, 5, 7, 8, 10];
const NS: StaticArray<i32> = [1, 3, 5, 256];

const KIND_UNIT = 0; // scores in [-4, 4)
const KIND_HIGH = 1; // scores in [80, 90): e^90 ≈ 1.2e39 overflows f32 (max 3.4e38)
const KIND_SPREAD = 2; // scores in [-100, 100): most exponentials underflow to 0
const KIND_TIES = 3; // every score the same: p = 1/C exactly

function kindName(kind: i32): string {
  return kind == KIND_UNIT ? "scores in [-4, 4)" : kind == KIND_HIGH ? "scores in [80, 90)" :
    kind == KIND_SPREAD ? "scores in [-100, 100)" : "equal scores";
}

function fillScores(S: usize, count: i32, kind: i32): void {
  for (let k = 0; k < count; k++) {
    const u = uniform();
    setF(S, k, kind == KIND_UNIT ? 4 * u : kind == KIND_HIGH ? 85 + 5 * u : kind == KIND_SPREAD ? 100 * u : 87.5);
  }
}

/** Labels y over N = 2n + 1 dataset rows and a shuffled idx of n of them. */
function makeLabels(n: i32, C: i32, y: usize, idx: usize): void {
  const N = 2 * n + 1;
  for (let r = 0; r < N; r++) setI(y, r, below(C));
  for (let i = 0; i < n; i++) setI(idx, i, N - 1 - 2 * i); // non-identity, every other row
}

// Each gradient row is scale·(p − e_y), so it sums to 0 up to rounding: z carries
// γ(C−1), the quotient, the products and the label's subtraction one rounding each,
// so |Σ_j dS_ij| ≤ (C + 3)·u·scale; (2C + 8)·u·scale is used.
function checkRows(n: i32, C: i32, kind: i32): void {
  seed(<u32>(0x50f + 7919 * n + 31 * C + 1000003 * kind));
  const shape = "softmax_rows n=" + n.toString() + " C=" + C.toString() + " " + kindName(kind);
  const count = n * C;
  const S1 = allocF32(count), S2 = allocF32(count);
  const y = allocI32(2 * n + 1), idx = allocI32(n);
  makeLabels(n, C, y, idx);
  fillScores(S1, count, kind);
  copyF32(S2, S1, count);
  const scale = <f32>1 / <f32>n;
  const L1 = softmax_rows_scalar(n, C, idx, y, 0, S1, scale);
  const L2 = softmax_rows_simd(n, C, idx, y, 0, S2, scale);
  expectSameF64("softmax_rows_simd loss vs softmax_rows_scalar", shape, L1, L2);
  expectSameF32("softmax_rows_simd gradient vs softmax_rows_scalar", shape, S1, S2, count, C);
  expect<f64>(L2).toBeFinite("softmax_rows_simd loss not finite (" + shape + ")");
  expect<bool>(L2 >= 0).toBe(true, "softmax_rows_simd loss negative (" + shape + ")");
  expectFinite("softmax_rows_simd gradient", shape, S2, count, C);
  for (let i = 0; i < n; i++) {
    let sum: f64 = 0;
    for (let c = 0; c < C; c++) sum += <f64>getF(S2, i * C + c);
    expectWithin("softmax_rows_simd gradient row sum", shape, i, 0, 0, sum, <f64>(2 * C + 8) * U32 * scale);
  }
  free(S1);
  free(S2);
  free(y);
  free(idx);
}

// Probabilities: Σ_j p_j = 1 within (C + 2)·u; (2C + 8)·u is used.
function checkProbs(n: i32, C: i32, kind: i32): void {
  seed(<u32>(0x9b0 + 7919 * n + 31 * C + 1000003 * kind));
  const shape = "softmax_probs n=" + n.toString() + " C=" + C.toString() + " " + kindName(kind);
  const count = n * C;
  const S1 = allocF32(count), S2 = allocF32(count);
  fillScores(S1, count, kind);
  copyF32(S2, S1, count);
  softmax_probs_scalar(n, C, S1);
  softmax_probs_simd(n, C, S2);
  expectSameF32("softmax_probs_simd vs softmax_probs_scalar", shape, S1, S2, count, C);
  expectFinite("softmax_probs_simd", shape, S2, count, C);
  for (let i = 0; i < n; i++) {
    let sum: f64 = 0;
    for (let c = 0; c < C; c++) {
      const p = getF(S2, i * C + c);
      if (!(p >= 0 && p <= 1)) {
        expect<f32>(p).toBeLessThanOrEqual(1, "softmax_probs_simd probability outside [0, 1] at row " +
          i.toString() + ", col " + c.toString() + ": got " + p.toString() + " (" + shape + ")");
        expect<f32>(p).toBeGreaterThanOrEqual(0, "softmax_probs_simd probability outside [0, 1] at row " +
          i.toString() + ", col " + c.toString() + ": got " + p.toString() + " (" + shape + ")");
      }
      sum += <f64>p;
    }
    expectWithin("softmax_probs_simd row sum", shape, i, 0, 1, sum, <f64>(2 * C + 8) * U32);
  }
  free(S1);
  free(S2);
}

describe("softmax_rows_simd vs softmax_rows_scalar", () => {
  it("is bit-identical (loss and gradient) for n = 1, 3, 5, 256 × C = 2, 3, 4, 5, 7, 8, 10 × four score ranges", () => {
    for (let kind = 0; kind < 4; kind++) {
      for (let a = 0; a < NS.length; a++) {
        for (let b = 0; b < CS.length; b++) checkRows(NS[a], CS[b], kind);
      }
    }
  });

  it("gives finite loss ln Z − (s_y − m) for scores in [80, 90] where naive e^s overflows", () => {
    // Row [90, 80], label 1: L = ln(1 + e^10) ≈ 10.0000454.
    const S = allocF32(2), y = allocI32(1), idx = allocI32(1);
    setF(S, 0, 90);
    setF(S, 1, 80);
    setI(y, 0, 1);
    expect<bool>(isFinite(Mathf.exp(<f32>90))).toBe(false, "e^90 is expected to overflow f32");
    const L = softmax_rows_simd(1, 2, idx, y, 0, S, 1);
    expectWithin("softmax_rows_simd loss", "n=1 C=2 scores [90, 80] label 1", -1, 0, 10.000045398899218, L, 8 * U32 * 10);
    free(S);
    free(y);
    free(idx);
  });
});

describe("softmax_probs_simd vs softmax_probs_scalar", () => {
  it("is bit-identical for n = 1, 3, 5, 256 × C = 2, 3, 4, 5, 7, 8, 10 × four score ranges", () => {
    for (let kind = 0; kind < 4; kind++) {
      for (let a = 0; a < NS.length; a++) {
        for (let b = 0; b < CS.length; b++) checkProbs(NS[a], CS[b], kind);
      }
    }
  });
});
