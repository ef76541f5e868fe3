import { forward_tiled_simd } from "../../assembly/tile";
import { scores_nt_scalar } from "../../assembly/gemm";
import { STEP_ROWS } from "../../assembly/step";
import {
  Batch, MaxErr, seed, allocF32, allocF64, free, getF, setF, copyF32, fillUniform,
  scoreMagnitudes, scoreTolerance, expectSameF32, expectWithin,
} from "./helpers";

// The fused step's tiled forward product (256-float tiles along D); the
// backward product is checked bit for bit in gemm.spec.ts. Sizes cross the
// tile boundary (Dp 256, 260, 300, 516, 3076) and hit every remainder of the
// 4-wide vector, the 4-row block (m up to STEP_ROWS) and the 2-class block.
const DS: StaticArray<i32> = [1, 2, 3, 4, 5, 7, 8, 12, 37, 253, 256, 257, 300, 513, 3073];
const MS: StaticArray<i32> = [1, 3, 4, 5, 8, 13, 16];
const CS: StaticArray<i32> = [2, 3, 10];

const fwdErr = new MaxErr("forward_tiled max |simd − scalar| / (u·A)");

// Tolerance as for scores_nt (see gemm.spec.ts): per lane the tiled kernel sums
// Dp/4 products in k order (the partial sums carried across tiles in P exactly),
// so its error bound is the untiled kernel's; scoreTolerance(Dp, A) applies.
function checkForward(m: i32, D: i32, C: i32): void {
  seed(<u32>(0x71e + 7919 * D + 104729 * m + 31 * C));
  const bt = new Batch(m, D, C);
  const shape = "forward_tiled " + bt.shape();
  const count = m * C;
  const S1 = allocF32(count), S2 = allocF32(count + 1), P = allocF32(m * C * 4);
  setF(S2, count, 777);
  scores_nt_scalar(m, bt.Dp, C, bt.X, bt.idx, bt.W, bt.b, S1);
  forward_tiled_simd(m, bt.Dp, C, bt.X, bt.idx, bt.W, bt.b, S2, P);
  expect<f32>(getF(S2, count)).toBe(777, "forward_tiled_simd wrote past S (" + shape + ")");
  const A = allocF64(count);
  scoreMagnitudes(bt, A);
  for (let k = 0; k < count; k++) {
    const a = load<f64>(A + (<usize>k << 3));
    const e: f64 = getF(S1, k), g: f64 = getF(S2, k);
    expectWithin("forward_tiled_simd vs scores_nt_scalar", shape, k, C, e, g, scoreTolerance(bt.Dp, a));
    if (a > 0) fwdErr.update(Math.abs(g - e) / (5.9604644775390625e-8 * a), shape);
  }
  free(A);
  free(S1);
  free(S2);
  free(P);
  bt.dispose();
}

describe("forward_tiled_simd vs scores_nt_scalar", () => {
  it("agrees within the score tolerance on every size", () => {
    expect<i32>(STEP_ROWS).toBeGreaterThanOrEqual(16, "the step blocks at least 16 rows");
    for (let a = 0; a < DS.length; a++) for (let b = 0; b < MS.length; b++) for (let c = 0; c < CS.length; c++) checkForward(MS[b], DS[a], CS[c]);
    log<string>(fwdErr.report());
  });
});
